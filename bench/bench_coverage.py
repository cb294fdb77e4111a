"""Coverage benchmarks (issue 2 §5) on generated grid cities.

Parts (``--part``, default ``all``):

- ``compare``: a ~100,000-edge city, 2,000 facilities over the ten essentials, 20,000 residents,
  written to one GeoPackage; the whole ``lifecircle:walkingcoverage`` run against ONE run of QGIS's
  native ``Service area (from layer)`` over all 2,000 facilities (1,000 m), both in this process, and
  against the bare kernel (the ten scipy Dijkstra passes alone, on the same edges): five pairs, each job
  after its own kernel reference; the ratio is given for the first job (which also imports what the
  algorithm loads when it runs and opens the files for the first time) and as the median over the pairs;
  native is compared with that first, slowest job. With ``--native-per-service`` native also runs once per service.
- ``city``: a ≥1,000,000-edge city, 20 services × 500 facilities, 200,000 residents, through the
  pure core (run in a child process so its peak memory is its own): time per stage, CPU time,
  peak RSS and the share of time spent outside the shortest-path kernel (scipy's dijkstra).
- ``city-processing`` (not in ``all``: several minutes): the same city written to a GeoPackage (by a
  child process, so that the peak memory measured is the job's) and run through
  ``processing.run("lifecircle:walkingcoverage")``, with the time of each logged step.

Every figure carries the load average of the machine (others share it); compare ratios, not seconds.
Results are printed and written to ``bench/results/coverage_<part>.json``.
"""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path


BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
WORKDIR = ROOT / "build" / "bench"
CITY_GPKG = WORKDIR / "city1m.gpkg"
sys.path.insert(0, str(BENCH))
import plugin_package  # the checkout as package lifecircle

import gridcity
from lifecircle.lifecircle_plugin.core import routing
from lifecircle.lifecircle_plugin.core.coverage import (
    AccessPoints, headline, summarize, walking_coverage)
from lifecircle.lifecircle_plugin.core.network import build_network
from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES, SERVICE_CODES

THRESHOLD_M = 1000.0  # 15 minutes at 4 km/h
NATIVE_SUBSET = 20  # start points per service when native is measured on a subset
NATIVE_BUDGET_S = 15 * 60
JOB_RUNS = 5  # whole-job runs of --part compare, each after its own kernel reference


def load():
    return [round(x, 2) for x in os.getloadavg()]


def machine():
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "memory_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30, 1)}


def peak_rss_gb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20  # ru_maxrss is in KiB on Linux


def save(part, figures):
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"coverage_{part}.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"-> {path}")


class Clock:
    """Wall and CPU seconds of one block, with the load average at its start."""

    def __init__(self):
        self.wall = self.cpu = 0.0
        self.load = None

    def __enter__(self):
        self.load = load()
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu

    def as_dict(self):
        return {"wall_s": round(self.wall, 2), "cpu_s": round(self.cpu, 2), "load_at_start": self.load}




def coverage_params(uris, out_dir):
    return {
        "NETWORK": uris["roads"], "FACILITIES": uris["facilities"], "SERVICE_FIELD": "services",
        "DEMAND": uris["residents"], "POPULATION_FIELD": "population", "MINUTES": 15.0,
        "OUTPUT_DEMAND": str(out_dir / "coverage_residents.gpkg"),
        "OUTPUT_SUMMARY": str(out_dir / "coverage_summary.csv"),
        "OUTPUT_GAPS": str(out_dir / "coverage_gaps.gpkg"),
    }


def native_service_area(uris, facility_ids):
    """One native run: start points = the given facilities (all of one service), lines only, in memory."""
    import processing

    subset = f'"fid" IN ({",".join(str(i + 1) for i in facility_ids)})'  # GeoPackage fids start at 1
    with Clock() as clock:
        result = processing.run("native:serviceareafromlayer", {
            "INPUT": uris["roads"], "STRATEGY": 0, "START_POINTS": f"{uris['facilities']}|subset={subset}",
            "TRAVEL_COST2": THRESHOLD_M, "OUTPUT_LINES": "TEMPORARY_OUTPUT"})
    lines = result["OUTPUT_LINES"]
    return clock, lines.featureCount()


def bare_kernel(city, services):
    """The shortest-path kernel alone on the city's own edges: one scipy multi-source Dijkstra pass per
    service over the routing graph the job builds (network, attachment and graph built untimed)."""
    network = build_network(city.lines)
    calls = []
    real_dijkstra = routing.dijkstra

    def timed_dijkstra(*a, **k):
        start = time.perf_counter(), time.process_time()
        try:
            return real_dijkstra(*a, **k)
        finally:
            calls.append((time.perf_counter() - start[0], time.process_time() - start[1]))

    routing.dijkstra = timed_dijkstra
    try:
        walking_coverage(
            network, AccessPoints.one_per_feature(city.facility_xy), city.facility_services,
            AccessPoints.one_per_feature(city.resident_xy), {code: 15.0 for code in services}, services=services)
    finally:
        routing.dijkstra = real_dijkstra
    passes = calls[-len(services):]  # the first call folds the chains of the graph: not a pass
    return {"passes": len(passes), "wall_s": round(sum(w for w, _ in passes), 3),
            "cpu_s": round(sum(c for _, c in passes), 3)}


def part_compare(args):
    app, provider = plugin_package.start_qgis()  # kept alive for the whole part
    import processing
    city = gridcity.generate_city(100_000, 2000, REQUIRED_CODES, 20_000, seed=args.seed)
    WORKDIR.mkdir(parents=True, exist_ok=True)
    out_dir = WORKDIR / "compare_out"
    out_dir.mkdir(exist_ok=True)
    for old in out_dir.iterdir():
        old.unlink()
    uris = gridcity.write_geopackage(city, WORKDIR / "city100k.gpkg")
    print(f"city: {city.edge_count:,} edges in {len(city.lines):,} ways, {len(city.facility_xy):,} facilities, "
          f"{len(city.resident_xy):,} residents")

    # Kernel-then-job pairs: the first job also imports the modules an algorithm loads when it runs.
    pairs = []
    for _ in range(JOB_RUNS):
        kernel = bare_kernel(city, REQUIRED_CODES)
        for old in out_dir.iterdir():
            old.unlink()
        with Clock() as ours:
            result = processing.run("lifecircle:walkingcoverage", coverage_params(uris, out_dir))
        pairs.append((kernel, ours))
        print(f"lifecircle:walkingcoverage (whole job): {ours.wall:.2f} s wall, {ours.cpu:.2f} s CPU, "
              f"load {ours.load}; covered share {result['COVERED_SHARE']:.3f}")
        print(f"bare kernel, {kernel['passes']} scipy Dijkstra passes on the same edges: {kernel['wall_s']:.3f} s "
              f"wall, {kernel['cpu_s']:.3f} s CPU -> whole job = {ours.wall / kernel['wall_s']:.1f}x the kernel "
              f"(wall), {ours.cpu / kernel['cpu_s']:.1f}x (CPU)")
    kernel, ours = pairs[0]
    ratios = sorted(j.wall / k["wall_s"] for k, j in pairs)
    median_ratio = ratios[len(ratios) // 2]
    print(f"whole job over the kernel (wall): first {ours.wall / kernel['wall_s']:.1f}x, median of {len(pairs)} "
          f"pairs {median_ratio:.1f}x, range {ratios[0]:.1f}-{ratios[-1]:.1f}x")
    all_ids = list(range(len(city.facility_xy)))
    native_all, native_all_lines = native_service_area(uris, all_ids)
    print(f"native, ONE run over all {len(all_ids)} facilities: {native_all.wall:.1f} s wall, "
          f"{native_all.cpu:.1f} s CPU, "
          f"load {native_all.load} -> {native_all.wall / ours.wall:.1f}x the whole LifeCircle job")
    figures = {
        "machine": machine(),
        "city": {"edges": city.edge_count, "ways": len(city.lines), "facilities": len(city.facility_xy),
                 "services": len(REQUIRED_CODES), "residents": len(city.resident_xy), "seed": args.seed},
        "lifecircle_walkingcoverage": {**ours.as_dict(), "covered_share": result["COVERED_SHARE"]},
        "bare_kernel": kernel,
        "ratio_job_over_kernel_wall": round(ours.wall / kernel["wall_s"], 2),
        "ratio_job_over_kernel_wall_median": round(median_ratio, 2),
        "ratio_job_over_kernel_cpu": round(ours.cpu / kernel["cpu_s"], 2),
        "pairs": [{"bare_kernel": k, "job": j.as_dict(), "ratio_wall": round(j.wall / k["wall_s"], 2),
                   "ratio_cpu": round(j.cpu / k["cpu_s"], 2)} for k, j in pairs],
        "native_one_run_all_facilities": {**native_all.as_dict(), "start_points": len(all_ids),
                                          "lines": native_all_lines},
        "ratio_native_one_run_over_lifecircle": round(native_all.wall / ours.wall, 2),
        "note": ("native timed on its own runs only (lines in memory); assigning residents to its lines, "
                 "which a planner still needs, is not timed in its favour"),
    }
    if args.native_per_service:
        figures["native_per_service"] = native_per_service(uris, city, ours)
    save("compare", figures)


def native_per_service(uris, city, ours):
    """Native once per service (each with that service's facilities), as in the first figures of issue 2."""
    by_service = {code: [i for i, s in enumerate(city.facility_services) if code in s] for code in REQUIRED_CODES}
    runs = []
    first = REQUIRED_CODES[0]
    # Probe: a full native run of the first service tells whether all ten fit in the budget.
    probe, probe_lines = native_service_area(uris, by_service[first])
    runs.append({"service": first, "start_points": len(by_service[first]), "lines": probe_lines,
                 **probe.as_dict()})
    print(f"native {first}: {len(by_service[first])} start points, {probe.wall:.1f} s, load {probe.load}")
    if probe.wall * len(REQUIRED_CODES) <= NATIVE_BUDGET_S:
        for code in REQUIRED_CODES[1:]:
            clock, count = native_service_area(uris, by_service[code])
            runs.append({"service": code, "start_points": len(by_service[code]), "lines": count,
                         **clock.as_dict()})
            print(f"native {code}: {len(by_service[code])} start points, {clock.wall:.1f} s, load {clock.load}")
        native_total = sum(r["wall_s"] for r in runs)
        method = "measured: all ten services, every facility"
    else:
        # Each run costs a fixed part (reading the network, building the graph) plus a part per start
        # point. Subset runs of every service give the fixed part; the full first run gives the slope.
        small, _ = native_service_area(uris, by_service[first][:NATIVE_SUBSET])
        slope = (probe.wall - small.wall) / (len(by_service[first]) - NATIVE_SUBSET)
        runs.append({"service": first, "start_points": NATIVE_SUBSET, "subset": True, **small.as_dict()})
        native_total = probe.wall
        for code in REQUIRED_CODES[1:]:
            clock, count = native_service_area(uris, by_service[code][:NATIVE_SUBSET])
            estimate = clock.wall + slope * (len(by_service[code]) - NATIVE_SUBSET)
            runs.append({"service": code, "start_points": NATIVE_SUBSET, "subset": True, "lines": count,
                         "extrapolated_full_s": round(estimate, 2), **clock.as_dict()})
            print(f"native {code}: {NATIVE_SUBSET} start points, {clock.wall:.1f} s -> "
                  f"{estimate:.1f} s for {len(by_service[code])}")
            native_total += estimate
        method = (f"extrapolated: '{first}' run in full ({len(by_service[first])} start points) and with "
                  f"{NATIVE_SUBSET}; the other nine services with {NATIVE_SUBSET} start points each, plus "
                  f"{slope:.3f} s per further start point (the slope between the two '{first}' runs)")
    ratio = native_total / ours.wall
    print(f"native, ten services: {native_total:.1f} s ({method}); ratio native/lifecircle = {ratio:.1f}x")
    return {"total_wall_s": round(native_total, 2), "method": method, "runs": runs,
            "ratio_native_over_lifecircle": round(ratio, 2)}


def part_city(args):
    city = gridcity.generate_city(1_000_000, 0, SERVICE_CODES, 200_000, seed=args.seed,
                                  facilities_per_service=500)
    lines, population = city.lines, city.population
    facilities = AccessPoints.one_per_feature(city.facility_xy)
    residents = AccessPoints.one_per_feature(city.resident_xy)
    rss_before = peak_rss_gb()
    print(f"city: {city.edge_count:,} edges in {len(lines):,} ways, {len(city.facility_xy):,} facilities "
          f"({len(SERVICE_CODES)} services × 500), {len(city.resident_xy):,} residents; "
          f"peak RSS after generating it {rss_before:.2f} GB")

    kernel = {"wall": 0.0, "cpu": 0.0, "calls": 0}
    real_dijkstra = routing.dijkstra

    def timed_dijkstra(*a, **k):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return real_dijkstra(*a, **k)
        finally:
            kernel["wall"] += time.perf_counter() - wall
            kernel["cpu"] += time.process_time() - cpu
            kernel["calls"] += 1

    routing.dijkstra = timed_dijkstra
    stages = []
    marks = []

    def progress(_fraction, message):
        marks.append((message, time.perf_counter(), time.process_time()))

    with Clock() as total:
        with Clock() as build:
            network = build_network(lines)
        stages.append({"stage": "build network", **build.as_dict()})
        result = walking_coverage(network, facilities, city.facility_services, residents,
                                  {code: 15.0 for code in SERVICE_CODES}, progress=progress)
        end_of_passes = (time.perf_counter(), time.process_time())
        with Clock() as summary:
            summarize(result, population, [None] * len(population))
            headline(result, population)
    routing.dijkstra = real_dijkstra
    marks.append(("summaries", *end_of_passes))
    for (message, wall, cpu), (_, next_wall, next_cpu) in zip(marks, marks[1:]):
        stages.append({"stage": message, "wall_s": round(next_wall - wall, 2), "cpu_s": round(next_cpu - cpu, 2)})
    stages.append({"stage": "summaries", **summary.as_dict()})
    outside = 1 - kernel["wall"] / total.wall
    figures = {
        "machine": machine(),
        "city": {"edges_input": city.edge_count, "edges_network": network.edge_count, "ways": len(lines),
                 "facilities": len(city.facility_xy), "services": len(SERVICE_CODES),
                 "residents": len(city.resident_xy), "seed": args.seed},
        "total": total.as_dict(),
        "load_at_end": load(),
        "stages": stages,
        "kernel": {"calls": kernel["calls"], "wall_s": round(kernel["wall"], 2), "cpu_s": round(kernel["cpu"], 2)},
        "share_outside_kernel_wall": round(outside, 3),
        "share_outside_kernel_cpu": round(1 - kernel["cpu"] / total.cpu, 3),
        "peak_rss_gb": round(peak_rss_gb(), 2),
        "peak_rss_after_generation_gb": round(rss_before, 2),
    }
    for s in stages:
        print(f"  {s['stage']:<45} {s['wall_s']:>7.2f} s wall {s['cpu_s']:>7.2f} s CPU")
    print(f"whole core job: {total.wall:.1f} s wall, {total.cpu:.1f} s CPU (load {total.load} -> {load()}); "
          f"kernel {kernel['wall']:.1f} s wall in {kernel['calls']} dijkstra calls; outside the kernel "
          f"{100 * outside:.0f}% of wall time; peak RSS {figures['peak_rss_gb']:.2f} GB")
    save("city", figures)


def part_city_processing(args):
    app, provider = plugin_package.start_qgis()
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback
    WORKDIR.mkdir(parents=True, exist_ok=True)
    out_dir = WORKDIR / "city_out"
    out_dir.mkdir(exist_ok=True)
    for old in out_dir.iterdir():
        old.unlink()
    with Clock() as writing:
        subprocess.run([sys.executable, __file__, "--part", "city-gpkg", "--seed", str(args.seed)], check=True)
    uris = {name: f"{CITY_GPKG}|layername={name}" for name in ("roads", "facilities", "residents")}
    print(f"GeoPackage generated and written in {writing.wall:.1f} s by a child process (not part of the job)")

    class StepLog(QgsProcessingFeedback):
        """Time of every message the algorithm logs: which step dominates."""

        def __init__(self):
            super().__init__()
            self.steps = []

        def _mark(self, text):
            self.steps.append((time.perf_counter(), time.process_time(), text[:90]))

        def pushInfo(self, text):
            self._mark(text)

        def setProgressText(self, text):
            self._mark(text)

        def pushWarning(self, text):
            self._mark(text)

    feedback = StepLog()
    context = QgsProcessingContext()
    with Clock() as job:
        feedback.steps.append((time.perf_counter(), time.process_time(), "start"))
        processing.run("lifecircle:walkingcoverage", coverage_params(uris, out_dir), context=context,
                       feedback=feedback)
        feedback.steps.append((time.perf_counter(), time.process_time(), "end"))
    wall0, cpu0 = feedback.steps[0][:2]
    steps = [{"until_message": text, "after_s": round(wall - wall0, 2), "after_cpu_s": round(cpu - cpu0, 2)}
             for wall, cpu, text in feedback.steps]
    for s in steps:
        print(f"  {s['after_s']:>7.1f} s wall {s['after_cpu_s']:>7.1f} s CPU  {s['until_message']}")
    print(f"processing.run at city scale: {job.wall:.1f} s wall, {job.cpu:.1f} s CPU, load {job.load}; "
          f"peak RSS {peak_rss_gb():.2f} GB")
    save("city_processing", {"machine": machine(), "job": job.as_dict(), "write_gpkg_s": round(writing.wall, 2),
                             "load_at_end": load(),
                             "peak_rss_gb": round(peak_rss_gb(), 2), "steps": steps})


def part_city_gpkg(args):
    """The 1M-edge city written to ``CITY_GPKG`` (run as a child of ``city-processing``)."""
    app, provider = plugin_package.start_qgis()
    city = gridcity.generate_city(1_000_000, 0, SERVICE_CODES, 200_000, seed=args.seed,
                                  facilities_per_service=500)
    gridcity.write_geopackage(city, CITY_GPKG)


PARTS = {"compare": part_compare, "city": part_city, "city-processing": part_city_processing,
         "city-gpkg": part_city_gpkg}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", choices=["all", *PARTS], default="all")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--native-per-service", action="store_true",
                        help="compare: also run native once per service (ten runs; extrapolated past 15 minutes)")
    args = parser.parse_args()
    if args.part != "all":
        PARTS[args.part](args)
        return
    # Each part in its own process: separate peak RSS, no QGIS state shared between them.
    for part in ("city", "compare"):
        command = [sys.executable, __file__, "--part", part, "--seed", str(args.seed)]
        if args.native_per_service:
            command.append("--native-per-service")
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
