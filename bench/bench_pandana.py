"""LifeCircle's coverage core against pandana 0.8 (UDST) on the same generated city (issue 14).

The 100,000-edge grid city of ``bench_coverage.py --part compare`` (2,000 facilities over the ten
essentials, 20,000 residents) is generated and built here, in the project's Python; its walking
network (the very nodes and edges LifeCircle routes on), the facilities and the residents go to
``build/bench/pandana_city.npz``. pandana runs on those arrays in a throwaway venv
(``build/pandana-venv``, created with ``pip install 'pandana==0.8.*'`` when missing). When pandana
cannot be installed (no network, no wheel for this Python) the comparison is skipped with the reason.

Both sides do the same job: per essential service, every resident's walking distance to the nearest
facility. LifeCircle: build the network from the lines, attach every point at the foot of the
perpendicular on its nearest edge, one exact multi-source pass per service with a 4 km (60 min)
search. pandana: build its contraction hierarchy on the same nodes and edges, snap facilities and
residents to their nearest node, ``nearest_pois`` per service with a 1 km horizon (15 min). Both
timed in wall and CPU seconds, one after the other, with the load average.

    .venv/bin/python bench/bench_pandana.py
"""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV = ROOT / "build" / "pandana-venv"
VENV_PYTHON = VENV / "bin" / "python"
ARRAYS = ROOT / "build" / "bench" / "pandana_city.npz"
PANDANA = "pandana==0.8.*"
HORIZON_M = 1000.0


def clock():
    return time.perf_counter(), time.process_time()


def since(start):
    wall, cpu = clock()
    return {"wall_s": round(wall - start[0], 3), "cpu_s": round(cpu - start[1], 3)}


def load():
    return [round(x, 2) for x in os.getloadavg()]


def pandana_side():
    """Runs in the pandana venv: the arrays in, timings out (JSON on stdout)."""
    import numpy as np
    import pandana
    import pandas as pd

    data = np.load(ARRAYS, allow_pickle=False)
    figures = {"pandana": getattr(pandana, "__version__", "?"), "load_at_start": load()}
    total = clock()
    start = clock()
    nodes = pd.DataFrame({"x": data["node_x"], "y": data["node_y"]})
    edges = pd.DataFrame({"from": data["edge_u"], "to": data["edge_v"], "length": data["edge_length"]})
    network = pandana.Network(nodes["x"], nodes["y"], edges["from"], edges["to"], edges[["length"]], twoway=True)
    figures["build_contraction_hierarchy"] = since(start)
    start = clock()
    residents = network.get_node_ids(data["resident_x"], data["resident_y"])
    figures["snap_residents"] = since(start)
    start = clock()
    services = data["facility_service"]
    reached = 0
    for code in np.unique(services):
        offers = services == code
        network.set_pois(f"s{code}", HORIZON_M, 1, data["facility_x"][offers], data["facility_y"][offers])
        nearest = network.nearest_pois(HORIZON_M, f"s{code}", num_pois=1)
        reached += int((nearest[1].reindex(residents.values).values < HORIZON_M).sum())
    figures["nearest_pois_all_services"] = since(start)
    figures["total"] = since(total)
    figures["resident_service_pairs_within_horizon"] = reached
    print(json.dumps(figures))


def ensure_venv():
    """The pandana venv's Python, created when missing; (None, reason) when pandana cannot be installed."""
    check = [str(VENV_PYTHON), "-c", "import pandana"]
    if VENV_PYTHON.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return VENV_PYTHON, None
    steps = ([sys.executable, "-m", "venv", str(VENV)],
             [str(VENV / "bin" / "pip"), "install", "-q", "--disable-pip-version-check", PANDANA])
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True)
        if done.returncode != 0:
            return None, f"'{' '.join(step)}' failed: {(done.stderr or done.stdout).strip()[-400:]}"
    if subprocess.run(check, capture_output=True).returncode != 0:
        return None, f"{PANDANA} installed into {VENV} but does not import"
    return VENV_PYTHON, None


def lifecircle_side():
    sys.path.insert(0, str(BENCH))
    import numpy as np
    import plugin_package  # noqa: F401 (the checkout as package lifecircle)

    import gridcity
    from lifecircle.lifecircle_plugin.core.coverage import AccessPoints, walking_coverage
    from lifecircle.lifecircle_plugin.core.network import build_network
    from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES

    city = gridcity.generate_city(100_000, 2000, REQUIRED_CODES, 20_000, seed=2024)
    figures = {"city": {"edges": city.edge_count, "facilities": len(city.facility_xy),
                        "residents": len(city.resident_xy)}, "load_at_start": load()}
    start = clock()
    network = build_network(city.lines)
    result = walking_coverage(network, AccessPoints.one_per_feature(city.facility_xy), city.facility_services,
                              AccessPoints.one_per_feature(city.resident_xy), {c: 15.0 for c in REQUIRED_CODES},
                              services=REQUIRED_CODES)
    figures["total"] = since(start)
    figures["resident_service_pairs_within_15_min"] = int(sum(result.ok(c).sum() for c in REQUIRED_CODES))
    ARRAYS.parent.mkdir(parents=True, exist_ok=True)
    np.savez(ARRAYS, node_x=network.node_xy[:, 0], node_y=network.node_xy[:, 1], edge_u=network.edge_u,
             edge_v=network.edge_v, edge_length=network.edge_length,
             facility_x=city.facility_xy[:, 0], facility_y=city.facility_xy[:, 1],
             facility_service=np.array([REQUIRED_CODES.index(s[0]) for s in city.facility_services]),
             resident_x=city.resident_xy[:, 0], resident_y=city.resident_xy[:, 1])
    return figures


def main():
    if "--pandana-side" in sys.argv:
        pandana_side()
        return
    ours = lifecircle_side()
    print(f"LifeCircle core (build network, attach, ten exact passes, 4 km search): {ours['total']['wall_s']:.2f} s "
          f"wall, {ours['total']['cpu_s']:.2f} s CPU, load {ours['load_at_start']}")
    figures = {"lifecircle_core": ours}
    python, reason = ensure_venv()
    if python is None:
        print(f"pandana comparison skipped: {reason}")
        figures["pandana"] = {"skipped": reason}
    else:
        done = subprocess.run([str(python), __file__, "--pandana-side"], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"pandana comparison failed: {done.stderr.strip()[-600:]}")
            figures["pandana"] = {"failed": done.stderr.strip()[-600:]}
        else:
            theirs = json.loads(done.stdout.strip().splitlines()[-1])
            figures["pandana"] = theirs
            ratio = theirs["total"]["wall_s"] / ours["total"]["wall_s"]
            figures["ratio_pandana_over_lifecircle_wall"] = round(ratio, 2)
            figures["ratio_pandana_over_lifecircle_cpu"] = round(theirs["total"]["cpu_s"] / ours["total"]["cpu_s"], 2)
            print(f"pandana {theirs['pandana']} (contraction hierarchy, nearest-node snapping, 1 km horizon): "
                  f"{theirs['total']['wall_s']:.2f} s wall, {theirs['total']['cpu_s']:.2f} s CPU, load "
                  f"{theirs['load_at_start']} (hierarchy {theirs['build_contraction_hierarchy']['wall_s']:.2f} s, "
                  f"ten services {theirs['nearest_pois_all_services']['wall_s']:.2f} s); "
                  f"ratio pandana/LifeCircle {ratio:.1f}x wall, "
                  f"{figures['ratio_pandana_over_lifecircle_cpu']:.1f}x CPU")
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    (results / "pandana.json").write_text(json.dumps(figures, indent=2))
    print(f"-> {results / 'pandana.json'}")


if __name__ == "__main__":
    main()
