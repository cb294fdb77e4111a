"""Benchmarks of lifecircle_plugin/core/siting.py.

    .venv/bin/python bench/bench_siting.py                 # SF case + generated 100k × 5k district
    /tmp/spoptvenv/bin/python bench/bench_siting.py --spopt  # adds spopt (CBC) on the SF case

spopt is not in the project venv; the comparison runs in a throwaway venv:
    /usr/bin/python3 -m venv --system-site-packages /tmp/spoptvenv
    /tmp/spoptvenv/bin/pip install spopt 'numpy<2'
Both solvers are then timed in the same process. Figures go to bench/README_siting.md.
SF data: PySAL spopt test suite (BSD 3-Clause), read from ../shared/data/spopt-sf.
"""
import argparse
import csv
import resource
import sys
import time
from pathlib import Path

import numpy as np
import scipy
from scipy.spatial import cKDTree

ROOT = Path(__file__).resolve().parents[1]
SF_TABLE = (ROOT.parent / "shared" / "data" / "spopt-sf"
            / "SF_network_distance_candidateStore_16_censusTract_205_new.csv")
SPOPT_INSTALL = ("/usr/bin/python3 -m venv --system-site-packages /tmp/spoptvenv && "
                 "/tmp/spoptvenv/bin/pip install spopt 'numpy<2'")


def load_siting():
    """Import the repository root as package ``lifecircle`` (as the tests and QGIS do)."""
    import plugin_package

    plugin_package.import_plugin_package()
    from lifecircle.lifecircle_plugin.core import siting
    return siting


def load_sf():
    """205 × 16 cost matrix (tracts by DestinationName, stores by name) and tract populations."""
    with open(SF_TABLE, newline="") as handle:
        records = list(csv.DictReader(handle))
    tracts = sorted({r["DestinationName"] for r in records})
    stores = sorted({r["name"] for r in records})
    cost = np.full((len(tracts), len(stores)), np.inf)
    weights = np.zeros(len(tracts))
    tract_index = {t: i for i, t in enumerate(tracts)}
    store_index = {s: j for j, s in enumerate(stores)}
    for r in records:
        cost[tract_index[r["DestinationName"]], store_index[r["name"]]] = float(r["distance"])
        weights[tract_index[r["DestinationName"]]] = float(r["demand"])
    return cost, weights


def best_time(function, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def bench_sf(siting, with_spopt, repeats=5):
    cost, weights = load_sf()
    rows = []
    seconds, ours = best_time(lambda: siting.maximize_coverage(cost, weights, 5000, 4), repeats)
    rows.append(("SF 205×16, r=5000 m, p=4", f"lifecircle ({ours.method}, HiGHS, scipy {scipy.__version__})",
                 seconds, f"{ours.covered_weight:,.0f} pop, {int(ours.covered_demand.sum())} tracts",
                 f"{ours.gap:.2%}" + (" (optimal)" if ours.optimal else "")))
    if not with_spopt:
        return rows
    try:
        import pulp
        from spopt.locate import MCLP
    except ImportError as error:
        print(f"spopt comparison skipped: cannot import spopt/pulp ({error}).\n"
              f"Create its throwaway venv with:\n  {SPOPT_INSTALL}\n"
              "and run this script with /tmp/spoptvenv/bin/python --spopt", file=sys.stderr)
        rows.append(("SF 205×16, r=5000 m, p=4", "spopt MCLP (CBC)", float("nan"), "not installed", "-"))
        return rows

    def solve_spopt():
        model = MCLP.from_cost_matrix(cost, weights, service_radius=5000, p_facilities=4)
        return model.solve(pulp.PULP_CBC_CMD(msg=False))

    seconds, model = best_time(solve_spopt, repeats)
    served = sorted({client for clients in model.fac2cli for client in clients})
    rows.append(("SF 205×16, r=5000 m, p=4", "spopt MCLP (CBC, default solver)", seconds,
                 f"{weights[served].sum():,.0f} pop, {len(served)} tracts", "optimal per CBC"))
    return rows


def generated_district(n_demand=100_000, n_candidate=5_000, side=5_000.0, radius=300.0, seed=0):
    """Random points in a side × side metre square; Euclidean distance within the radius, via KD-trees."""
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, side, (n_demand, 2))
    candidates = rng.uniform(0, side, (n_candidate, 2))
    weights = rng.integers(1, 51, n_demand).astype(float)
    cost = cKDTree(demand).sparse_distance_matrix(cKDTree(candidates), radius, output_type="coo_matrix")
    return cost.tocsr(), weights


def bench_district(siting, time_limit, radius, gap_tolerance):
    start = time.perf_counter()
    cost, weights = generated_district(radius=radius)
    build = time.perf_counter() - start
    start = time.perf_counter()
    result = siting.maximize_coverage(cost, weights, radius, 50, time_limit=time_limit,
                                      gap_tolerance=gap_tolerance)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    label = (f"district 100,000 × 5,000 ({cost.nnz:,} pairs), r={radius:.0f} m, p=50, "
             f"limit {time_limit:.0f} s, tolerance {gap_tolerance:.1%}")
    return [(label, f"lifecircle ({result.method})", seconds,
             f"{result.covered_share:.2%} covered; bound {result.bound:,.0f}; KD-tree {build:.1f} s; "
             f"peak RSS {peak_mb:,.0f} MB", f"{result.gap:.2%}" + (" (optimal)" if result.optimal else ""))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--spopt", action="store_true", help="also time spopt's MCLP with CBC on the SF case")
    parser.add_argument("--skip-district", action="store_true", help="only the SF case")
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--radius", type=float, default=300.0)
    parser.add_argument("--gap-tolerance", type=float, default=0.0,
                        help="stop the district run once the proven gap is at most this (default: prove or time out)")
    args = parser.parse_args()
    siting = load_siting()
    rows = []
    if SF_TABLE.exists():
        rows += bench_sf(siting, args.spopt)
    else:
        print(f"SF case skipped: {SF_TABLE} is absent", file=sys.stderr)
    if not args.skip_district:
        rows += bench_district(siting, args.time_limit, args.radius, args.gap_tolerance)
    print("| case | solver | seconds | result | gap |")
    print("|---|---|---:|---|---|")
    for case, solver, seconds, result, gap in rows:
        print(f"| {case} | {solver} | {seconds:.3f} | {result} | {gap} |")


if __name__ == "__main__":
    main()
