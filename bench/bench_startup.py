"""The plugin's share of QGIS's start (issue 14: ≤ 0.3 s): ``qgis_process.bin list`` in a throwaway profile with
LifeCircle enabled vs the same profile without it, alternating runs so that all sides see the same load.
Wall and CPU seconds per run (CPU from the child's rusage); the difference of the means and of the medians.
Results: printed and written to ``bench/results/startup.json``.

Two sides have the plugin, installed as a copy of the checkout (its git files and ext-libs) like the plugin
manager installs it: "later starts" keeps the bytecode QGIS's Python writes into the plugin folder, as every
start after the first does on a planner's machine; "first start" deletes that bytecode before each run, so
every module of the plugin and of ext-libs is compiled again. QGIS's children run without
PYTHONDONTWRITEBYTECODE (the Makefile sets it for the tests), as QGIS runs on a planner's machine.

    .venv/bin/python bench/bench_startup.py [--runs 8]
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
QGIS_PROCESS = Path("/usr/bin/qgis_process.bin")


SIDES = ("later starts", "first start", "without")


def install_copy(folder):
    """The plugin as installed: the checkout's tracked files and its ext-libs, copied into ``folder``."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in tracked.decode().split("\0"):
        if name:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, folder / name)
    shutil.copytree(ROOT / "ext-libs", folder / "ext-libs", ignore=shutil.ignore_patterns("__pycache__"))


def drop_bytecode(folder):
    for cache in list(folder.rglob("__pycache__")):
        shutil.rmtree(cache)


def profile_env(home, with_plugin):
    """Environment of a qgis_process run in a fresh profile under ``home``, with a copy of the plugin or not."""
    plugins = home / "plugins"
    plugins.mkdir(parents=True)
    if with_plugin:
        install_copy(plugins / "lifecircle")
    profile = home / "config" / "profiles" / "default"
    (profile / "python" / "expressions").mkdir(parents=True)
    (profile / "QGIS").mkdir(parents=True)
    (profile / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\nlifecircle=true\n" if with_plugin else "", encoding="utf-8")
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700)
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE")}
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
    runs = {side: [] for side in SIDES}
    with tempfile.TemporaryDirectory() as tmp:
        envs = {side: profile_env(Path(tmp) / str(index), side != "without") for index, side in enumerate(SIDES)}
        first_copy = Path(tmp) / str(SIDES.index("first start")) / "plugins" / "lifecircle"
        for side in SIDES:  # warm the file cache, write each profile and the later starts' bytecode once
            timed_list(envs[side])
        for _ in range(args.runs):
            for side in SIDES:
                if side == "first start":
                    drop_bytecode(first_copy)
                wall, cpu, listed = timed_list(envs[side])
                if listed != (side != "without"):
                    raise SystemExit(f"the plugin's presence was wrong in a run of side {side!r}")
                runs[side].append((wall, cpu))
    figures = {"load_at_start": load, "load_at_end": [round(x, 2) for x in os.getloadavg()],
               "runs_per_side": args.runs}
    for index, what in ((0, "wall"), (1, "cpu")):
        without = [r[index] for r in runs["without"]]
        figures[what] = {"without_mean": statistics.mean(without), "without_median": statistics.median(without)}
        for side in SIDES[:2]:
            with_plugin = [r[index] for r in runs[side]]
            figures[what][side] = {
                "with_mean": statistics.mean(with_plugin),
                "added_mean": statistics.mean(with_plugin) - statistics.mean(without),
                "added_median": statistics.median(with_plugin) - statistics.median(without)}
            added = figures[what][side]
            print(f"{what}, {side}: with the plugin {added['with_mean']:.2f} s, without "
                  f"{figures[what]['without_mean']:.2f} s (mean of {args.runs}): the plugin adds "
                  f"{added['added_mean']:+.2f} s (median {added['added_median']:+.2f} s) — goal ≤ 0.3 s")
    print(f"load at start {figures['load_at_start']}, at end {figures['load_at_end']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "startup.json"
    path.write_text(json.dumps(figures, indent=2))
    print(f"-> {path}")


if __name__ == "__main__":
    main()
