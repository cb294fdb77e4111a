"""Plan impact benchmark (issue 12 §3): 300 projects on the 1M-edge grid city through processing.run.

The city is bench_coverage's (``gridcity``: ≥1,000,000 edges, 20 services × 500 facilities, 200,000
residents, seed 2024). A blueprint of 300 projects is generated beside the streets (1–3 essential services
each, reserve years spread over the plan, 10 % under construction, budgets 50–800 万元, a tenth without a
budget) and ``lifecircle:planimpact`` runs with BUDGETS at about half of what the projects would cost, so
the schedule has to choose. Target: the whole run in ≤ 60 s.

    .venv/bin/python bench/bench_plan_impact.py [--projects 300] [--seed 2024]

Every figure carries the load average of the machine (others share it). Results are printed and written to
``bench/results/plan_impact.json``, with the time of each logged step.
"""
import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
RESULTS = BENCH / "results"
WORKDIR = ROOT / "build" / "bench"
sys.path.insert(0, str(BENCH))
import plugin_package  # the checkout as package lifecircle

import numpy as np
import shapely

import gridcity
from lifecircle.lifecircle_plugin.core.blueprint import PlanWindow
from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES, SERVICE_CODES

WINDOW = PlanWindow("基准街道", 2027)
TARGET_S = 60.0


def load():
    return [round(x, 2) for x in os.getloadavg()]


def peak_rss_gb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2 ** 20


def write_projects(city, count, seed, path):
    """A blueprint GeoPackage of ``count`` projects beside the city's streets; returns (layer, total budget)."""
    from qgis.core import QgsFeature, QgsGeometry

    from lifecircle.lifecircle_plugin.adapters import blueprint_layer

    rng = np.random.default_rng(seed + 12)
    coords = [np.asarray(line.coords) for line in city.lines]
    start = np.concatenate([c[:-1] for c in coords])
    end = np.concatenate([c[1:] for c in coords])
    xy = gridcity._beside_streets(rng, start, end, count, 5.0, 25.0)
    if path.exists():
        path.unlink()
    layer = blueprint_layer.create_blueprint(path, WINDOW, crs=gridcity.CRS_AUTHID)
    features, total = [], 0.0
    for i, (x, y) in enumerate(xy):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(shapely.Point(x, y).wkt))
        services = rng.choice(REQUIRED_CODES, size=int(rng.integers(1, 4)), replace=False)
        budget = None if rng.random() < 0.1 else float(rng.integers(50, 801))
        total += budget or 0.0
        values = {"project_id": f"P{i + 1:03d}", "name": f"项目{i + 1}", "kind": "facility",
                  "services": ",".join(services), "status": "under_construction" if rng.random() < 0.1 else "reserve",
                  "reserve_year": int(rng.choice(WINDOW.years)), "priority": int(rng.integers(1, 6)),
                  "budget_wan": budget}
        for name, value in values.items():
            feature[name] = value
        features.append(feature)
    if not layer.dataProvider().addFeatures(features)[0]:
        raise RuntimeError(f"Cannot write the projects to {path}")
    return blueprint_layer.open_blueprint(path), total


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--edges", type=int, default=1_000_000)
    args = parser.parse_args()
    app, provider = plugin_package.start_qgis()  # kept alive for the run
    import processing
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    city = gridcity.generate_city(args.edges, 0, SERVICE_CODES, 200_000, seed=args.seed, facilities_per_service=500)
    WORKDIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    uris = gridcity.write_geopackage(city, WORKDIR / "city1m.gpkg")
    layer, total_budget = write_projects(city, args.projects, args.seed, WORKDIR / "plan_impact_projects.gpkg")
    print(f"city: {city.edge_count:,} edges, {len(city.facility_xy):,} facilities, {len(city.resident_xy):,} "
          f"residents; {args.projects} projects ({total_budget:,.0f} 万元 in all); written in "
          f"{time.perf_counter() - started:.1f} s (not part of the job)")
    budgets = ";".join(f"{year}:{round(total_budget / 6)}" for year in WINDOW.years)

    class StepLog(QgsProcessingFeedback):
        """Time of every message the algorithm logs: which step dominates."""

        def __init__(self):
            super().__init__()
            self.steps = []

        def _mark(self, text):
            self.steps.append((time.perf_counter(), text[:110]))

        def pushInfo(self, text):
            self._mark(text)

        def setProgressText(self, text):
            self._mark(text)

        def pushWarning(self, text):
            self._mark(text)

    feedback = StepLog()
    at_start, wall, cpu = load(), time.perf_counter(), time.process_time()
    feedback.steps.append((wall, "start"))
    result = processing.run("lifecircle:planimpact", {
        "INPUT": layer, "NETWORK": uris["roads"], "FACILITIES": uris["facilities"], "SERVICE_FIELD": "services",
        "DEMAND": uris["residents"], "POPULATION_FIELD": "population", "BUDGETS": budgets,
        "OUTPUT": str(WORKDIR / "plan_impact_out.gpkg"), "OUTPUT_YEARS": str(WORKDIR / "plan_impact_years.csv")},
        context=QgsProcessingContext(), feedback=feedback)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    feedback.steps.append((time.perf_counter(), "end"))
    steps = [{"until_message": text, "after_s": round(t - feedback.steps[0][0], 2)} for t, text in feedback.steps]
    for step in steps:
        print(f"  {step['after_s']:>7.1f} s  {step['until_message']}")
    verdict = "within" if wall <= TARGET_S else "OVER"
    print(f"planimpact, {args.projects} projects, {city.edge_count:,} edges: {wall:.1f} s wall ({verdict} the "
          f"{TARGET_S:g} s target), {cpu:.1f} s CPU, load {at_start}; peak RSS {peak_rss_gb():.2f} GB; "
          f"people-years {result['PEOPLE_YEARS']:,.0f}, gap {result['GAP']:.4%}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    figures = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "city": {"edges": city.edge_count, "facilities": len(city.facility_xy), "residents": len(city.resident_xy),
                 "projects": args.projects, "budgets": budgets, "seed": args.seed},
        "job": {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "load_at_start": at_start,
                "peak_rss_gb": round(peak_rss_gb(), 2), "target_s": TARGET_S},
        "schedule": {"people_years": result["PEOPLE_YEARS"], "gap": result["GAP"], "optimal": result["OPTIMAL"]},
        "steps": steps,
    }
    path = RESULTS / "plan_impact.json"
    path.write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    print(f"-> {path}")


if __name__ == "__main__":
    main()
