"""Accessibility benchmark (issue 11 §3): ``lifecircle:accessibility`` through ``processing.run`` on the
1M-edge grid city (``gridcity.py``): 20 services × 500 facilities with capacities, 200,000 residents.
Target: ≤ 30 s and ≤ 1.5 GB.

The city is generated and written to a GeoPackage first (not timed); the job then runs in a fresh child
process, so its peak RSS (QGIS included) is its own. Every figure carries the load average at its start
(the machine is shared). Results: printed and written to ``bench/results/accessibility.json``, with a stage
table (wall and CPU seconds of each step: reading, network, attaching, the contracted graph, the reach matrix, the
two steps, the equity summary, each output, the report when ``--report`` asks for one).

    .venv/bin/python bench/bench_accessibility.py [--method 0|1|2] [--keep-city] [--report]
"""
import argparse
import functools
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
WORKDIR = ROOT / "build" / "bench"
CITY = WORKDIR / "city1m_access.gpkg"
sys.path.insert(0, str(BENCH))


def write_city(seed):
    import plugin_package
    import gridcity
    from lifecircle.lifecircle_plugin.core.services import SERVICE_CODES

    app, _ = plugin_package.start_qgis()  # QGIS writes the GeoPackage
    city = gridcity.generate_city(1_000_000, 0, SERVICE_CODES, 200_000, seed=seed, facilities_per_service=500)
    WORKDIR.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    gridcity.write_geopackage(city, CITY)
    print(f"city: {city.edge_count:,} edges, {len(city.facility_xy):,} facilities, {len(city.resident_xy):,} "
          f"residents; GeoPackage written in {time.perf_counter() - start:.1f} s (not part of the job)")


def time_stages():
    """Wrap the job's steps with wall and CPU timers; returns {step: [wall s, CPU s, calls]}, filled as it runs.
    The core's functions are wrapped in their own module: the algorithm imports them when it runs."""
    import lifecircle.lifecircle_plugin.core.accessibility as core
    import lifecircle.processing_algorithms.accessibility as alg

    stages = {}

    def timed(owner, name, label):
        function = getattr(owner, name)

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                totals = stages.setdefault(label, [0.0, 0.0, 0])
                totals[0] += time.perf_counter() - wall
                totals[1] += time.process_time() - cpu
                totals[2] += 1

        setattr(owner, name, wrapper)

    algorithm = alg.AccessibilityAlgorithm
    for name in ("read_network", "read_facilities", "read_demand"):
        timed(algorithm, name, name.replace("_", " "))
    for name, label in (("attach_points", "attach (core)"), ("build_contracted_graph", "contracted graph (core)"),
                        ("contracted_reach_matrix", "reach matrix (core)"),
                        ("floating_catchment", "two steps (core)"), ("nearest_in_rows", "nearest (core)")):
        timed(core, name, label)
    timed(core, "accessibility", "accessibility core, all")
    timed(core, "equity_summary", "equity summary")
    for name in ("write_demand", "write_facilities", "write_summary", "postProcessAlgorithm"):
        timed(algorithm, name, name.replace("_", " ").replace("postProcessAlgorithm", "report (after the run)"))
    return stages


def run_job(method, report):
    import plugin_package
    from qgis.core import QgsProcessingFeedback

    app, _ = plugin_package.start_qgis()
    import processing

    stages = time_stages()

    out = WORKDIR / "access_out"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()

    class StepLog(QgsProcessingFeedback):
        def __init__(self):
            super().__init__()
            self.steps = []

        def setProgressText(self, text):  # QGIS API
            self.steps.append((time.perf_counter(), time.process_time(), text[:90]))

        def pushInfo(self, text):  # QGIS API
            if not text.startswith("  "):  # the per-service lines at the end
                self.steps.append((time.perf_counter(), time.process_time(), text[:90]))

    uri = f"{CITY}|layername="
    feedback = StepLog()
    load = [round(x, 2) for x in os.getloadavg()]
    start, cpu_start = time.perf_counter(), time.process_time()
    parameters = {"OUTPUT_REPORT": str(out / "report.html")} if report else {}
    processing.run("lifecircle:accessibility", {
        **parameters, "NETWORK": uri + "roads", "FACILITIES": uri + "facilities", "SERVICE_FIELD": "services",
        "CAPACITY_FIELD": "capacity", "DEMAND": uri + "residents", "POPULATION_FIELD": "population",
        "METHOD": method, "MINUTES": 15.0,
        "OUTPUT_DEMAND": str(out / "residents.gpkg"), "OUTPUT_FACILITIES": str(out / "facilities.gpkg"),
        "OUTPUT_SUMMARY": str(out / "summary.csv")}, feedback=feedback)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20
    feedback.steps.append((time.perf_counter(), time.process_time(), "end"))
    for t, c, text in feedback.steps:
        print(f"  {t - start:7.1f} s wall ({c - cpu_start:6.1f} s CPU) until: {text}")
    print("stages (core steps run inside 'accessibility core, all'):")
    for label, (stage_wall, stage_cpu, calls) in stages.items():
        print(f"  {label:28s} {stage_wall:6.2f} s wall {stage_cpu:6.2f} s CPU  ({calls} call{'s' * (calls > 1)})")
    figures = {"method": method, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "peak_rss_gb": round(rss, 2),
               "load_at_start": load, "targets": {"wall_s": 30, "peak_rss_gb": 1.5},
               "steps": [{"after_s": round(t - start, 2), "cpu_s": round(c - cpu_start, 2), "until": text}
                         for t, c, text in feedback.steps],
               "stages": {label: {"wall_s": round(w, 2), "cpu_s": round(c, 2), "calls": n}
                          for label, (w, c, n) in stages.items()}}
    print(f"lifecircle:accessibility at city scale: {wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss:.2f} GB "
          f"(targets 30 s, 1.5 GB), load {load}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "accessibility.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--method", type=int, default=1, choices=(0, 1, 2))
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--keep-city", action="store_true", help="reuse the GeoPackage of an earlier run")
    parser.add_argument("--report", action="store_true", help="also write the HTML and PDF report")
    parser.add_argument("--job", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        run_job(args.method, args.report)
        return 0
    if not (args.keep_city and CITY.exists()):
        write_city(args.seed)
    return subprocess.run([sys.executable, __file__, "--job", "--method", str(args.method)]
                          + ["--report"] * args.report).returncode


if __name__ == "__main__":
    sys.exit(main())
