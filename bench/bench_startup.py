"""The plugin's share of QGIS's start (issue 14: ≤ 0.3 s): ``qgis_process.bin list`` in a throwaway profile with
LifeCircle enabled vs the same profile without it, alternating runs so that both sides see the same load.
Wall and CPU seconds per run (CPU from the child's rusage); the difference of the means and of the medians.
Results: printed and written to ``bench/results/startup.json``.

    .venv/bin/python bench/bench_startup.py [--runs 8]
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
QGIS_PROCESS = Path("/usr/bin/qgis_process.bin")


def profile_env(home, with_plugin):
    """Environment of a qgis_process run in a fresh profile under ``home``, the checkout as plugin or not."""
    plugins = home / "plugins"
    plugins.mkdir(parents=True)
    if with_plugin:
        (plugins / "lifecircle").symlink_to(ROOT, target_is_directory=True)
    profile = home / "config" / "profiles" / "default"
    (profile / "python" / "expressions").mkdir(parents=True)
    (profile / "QGIS").mkdir(parents=True)
    (profile / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\nlifecircle=true\n" if with_plugin else "", encoding="utf-8")
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(plugins),
               QGIS_CUSTOM_CONFIG_PATH=str(home / "config"), XDG_RUNTIME_DIR=str(runtime))
    return env


def timed_list(env):
    """(wall s, CPU s) of one ``qgis_process.bin list``; checks that the plugin's presence is as intended."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([str(QGIS_PROCESS), "list"], env=env, capture_output=True, text=True, timeout=300)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"qgis_process list failed:\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, "lifecircle:walkingcoverage" in done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8, help="runs per side (alternating)")
    args = parser.parse_args()
    if not QGIS_PROCESS.exists():
        raise SystemExit(f"{QGIS_PROCESS} is absent (Debian package qgis)")
    load = [round(x, 2) for x in os.getloadavg()]
    runs = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        envs = {side: profile_env(Path(tmp) / ("with" if side else "without"), side) for side in (True, False)}
        timed_list(envs[True]), timed_list(envs[False])  # warm the file cache and write both profiles once
        for _ in range(args.runs):
            for side in (True, False):
                wall, cpu, listed = timed_list(envs[side])
                if listed != side:
                    raise SystemExit("the plugin was " + ("missing from" if side else "listed in") + " a run")
                runs[side].append((wall, cpu))
    figures = {"load_at_start": load, "runs_per_side": args.runs}
    for index, what in ((0, "wall"), (1, "cpu")):
        with_plugin = [r[index] for r in runs[True]]
        without = [r[index] for r in runs[False]]
        figures[what] = {
            "with_mean": statistics.mean(with_plugin), "without_mean": statistics.mean(without),
            "added_mean": statistics.mean(with_plugin) - statistics.mean(without),
            "added_median": statistics.median(with_plugin) - statistics.median(without)}
        side = figures[what]
        print(f"{what}: with the plugin {side['with_mean']:.2f} s, without {side['without_mean']:.2f} s (mean of "
              f"{args.runs}): the plugin adds {side['added_mean']:+.2f} s (median {side['added_median']:+.2f} s) "
              f"— goal ≤ 0.3 s; load at start {load}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "startup.json"
    path.write_text(json.dumps(figures, indent=2))
    print(f"-> {path}")


if __name__ == "__main__":
    main()
