"""Siting on a generated grid city: reach matrix (chunked limited Dijkstra) and the covering solve.

Measures, for a district-sized city, the time and size of the residents × candidates walking-cost
matrix at the 5- and 15-minute radii, that chunking leaves it unchanged, and the solve time.

Run: .venv/bin/python bench/bench_suggest_sites.py  (about two minutes on 2 cores)

Measured (2 cores, 75,289-node graph, 20,000 residents, 2,000 candidates): reach matrix 2.6 s at
5 minutes (150,784 pairs) and 14 s at 15 minutes (1.54 M pairs, 18.5 MB); whole-graph searches in
memory-sized chunks took 10.6 s and 27.8 s. maximize_coverage: p = 20 proven optimal in 28 s at
5 minutes; at 15 minutes 2.35 % gap after the 60 s limit split (Lagrangian bound).
"""
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
import plugin_package  # noqa: F401 (the checkout as package lifecircle)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gridcity import generate_city
from lifecircle.lifecircle_plugin.core.network import build_network
from lifecircle.lifecircle_plugin.core.reach_matrix import (
    SOURCES_PER_LOCAL_CHUNK, chunk_size, reach_matrix)
from lifecircle.lifecircle_plugin.core.routing import attach_points, build_routing_graph
from lifecircle.lifecircle_plugin.core.siting import maximize_coverage

EDGES = 40_000
RESIDENTS = 20_000
CANDIDATES = 2_000
METRES_PER_MINUTE = 4000.0 / 60.0


def timed(label, function):
    start = time.perf_counter()
    value = function()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return value


def main():
    city = generate_city(EDGES, CANDIDATES, ("health",), RESIDENTS, seed=7)
    network = timed(f"network ({EDGES:,} edges wanted)", lambda: build_network(city.lines))
    residents = attach_points(network, city.resident_xy, 150.0)
    candidates = attach_points(network, city.facility_xy, 150.0)
    graph = timed("routing graph", lambda: build_routing_graph(network, [residents, candidates]))
    print(f"graph: {graph.node_count:,} nodes; {RESIDENTS:,} residents, {CANDIDATES:,} candidates")
    weights = np.random.default_rng(7).integers(50, 500, RESIDENTS).astype(float)
    for minutes in (5, 15):
        radius = minutes * METRES_PER_MINUTE
        args = (graph, graph.leaves[0], np.arange(RESIDENTS), RESIDENTS, graph.leaves[1], np.arange(CANDIDATES),
                CANDIDATES, radius)
        matrix = timed(f"reach matrix {minutes} min (memory allows {chunk_size(graph.node_count, RESIDENTS)} "
                       f"sources per chunk; local chunks of {SOURCES_PER_LOCAL_CHUNK})", lambda: reach_matrix(*args))
        small = timed("  same with 20 MB chunks", lambda: reach_matrix(*args, max_chunk_bytes=20_000_000))
        assert (matrix != small).nnz == 0
        print(f"  {matrix.nnz:,} pairs ({matrix.nnz / RESIDENTS:.1f} candidates per resident), "
              f"{(matrix.data.nbytes + matrix.indices.nbytes) / 1e6:.1f} MB")
        for p in (5, 20):
            result = timed(f"  maximize_coverage p = {p}",
                           lambda: maximize_coverage(matrix, weights, radius, p, time_limit=60))
            print(f"    covered {result.covered_share:.1%}, optimal {result.optimal}, gap {result.gap:.2%}, "
                  f"{result.method}")


if __name__ == "__main__":
    main()
