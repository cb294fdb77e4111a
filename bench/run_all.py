"""Run every benchmark script in bench/ (``bench_*.py``), each in its own process; ``make bench`` calls this.

A script that is absent is simply not run; one that fails is reported and the others still run
(the exit status is non-zero when any failed). ``bench_siting.py`` runs in the project's Python;
its spopt comparison needs spopt, which lives in a throwaway venv outside the project
(``SPOPT_PYTHON``, default ``/tmp/spoptvenv/bin/python``): when that interpreter exists the
comparison runs there too (``--spopt --skip-district``), otherwise the command to create it is shown.

    .venv/bin/python bench/run_all.py [name ...]   # e.g. run_all.py coverage siting
"""
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SPOPT_PYTHON = Path(os.environ.get("SPOPT_PYTHON", "/tmp/spoptvenv/bin/python"))
SPOPT_SETUP = ("/usr/bin/python3 -m venv --system-site-packages /tmp/spoptvenv && "
               "/tmp/spoptvenv/bin/pip install spopt 'numpy<2'")


def commands_for(script):
    """The (label, command) pairs that run one bench script."""
    runs = [(script.name, [sys.executable, str(script)])]
    if script.name == "bench_siting.py":
        if SPOPT_PYTHON.exists():
            runs.append((f"{script.name} --spopt ({SPOPT_PYTHON})",
                         [str(SPOPT_PYTHON), str(script), "--spopt", "--skip-district"]))
        else:
            print(f"spopt comparison of {script.name} skipped: {SPOPT_PYTHON} does not exist. "
                  f"Create it with: {SPOPT_SETUP}")
    return runs


def main(names):
    scripts = sorted(BENCH.glob("bench_*.py"))
    if names:
        wanted = {n if n.startswith("bench_") else f"bench_{n}" for n in names}
        wanted = {n if n.endswith(".py") else f"{n}.py" for n in wanted}
        missing = wanted - {s.name for s in scripts}
        for name in sorted(missing):
            print(f"{name}: not in {BENCH}, skipped")
        scripts = [s for s in scripts if s.name in wanted]
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    outcomes = []
    for script in scripts:
        for label, command in commands_for(script):
            print(f"\n=== {label} (load {', '.join(f'{x:.2f}' for x in os.getloadavg())}) ===", flush=True)
            start = time.perf_counter()
            code = subprocess.run(command, cwd=BENCH.parent, env=env).returncode
            outcomes.append((label, code, time.perf_counter() - start))
    print("\n=== summary ===")
    for label, code, seconds in outcomes:
        print(f"{'ok    ' if code == 0 else f'FAILED ({code})'} {label}  [{seconds:.0f} s]")
    return 1 if any(code for _, code, _ in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
