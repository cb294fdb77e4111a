"""Digital map benchmark: the minutes grid of lifecircle:exportwebmap on a generated grid city, pure core.

A ~100,000-edge city (about 11 km square) with 2,000 facilities over the ten essentials; the grid's cell
centres are walkingcoverage's residents (core/webmap_grid.grid_minutes), then stored one byte per cell and
service (encode_minutes). Cell sizes 50 m and 10 m (about 1.2 million cells, near the 2 million limit).
Prints time, peak memory and the size of the stored minutes; writes bench/results/webmap.json.
Every figure carries the load average of the machine (others share it).
"""
import json
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))
import plugin_package  # noqa: F401 (the checkout as package lifecircle)

import gridcity
from lifecircle.lifecircle_plugin.core.coverage import AccessPoints
from lifecircle.lifecircle_plugin.core.network import build_network
from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES, SERVICE_CODES
from lifecircle.lifecircle_plugin.core.webmap_grid import (
    encode_minutes, grid_minutes, minute_step)


def main():
    city = gridcity.generate_city(100_000, 2_000, REQUIRED_CODES, 1)
    network = build_network(city.lines)
    facilities = AccessPoints.one_per_feature(city.facility_xy)
    thresholds = {code: 15.0 for code in SERVICE_CODES}
    (x_min, y_min), (x_max, y_max) = network.node_xy.min(axis=0), network.node_xy.max(axis=0)
    results = {"edges": int(network.edge_count), "extent_km": [round((x_max - x_min) / 1000, 1),
                                                               round((y_max - y_min) / 1000, 1)], "runs": []}
    for cell_m in (50.0, 10.0):
        xs, ys = np.meshgrid(np.arange(x_min + cell_m / 2, x_max, cell_m), np.arange(y_min + cell_m / 2, y_max, cell_m))
        centres = np.column_stack([xs.ravel(), ys.ravel()])
        load = [round(x, 2) for x in os.getloadavg()]
        start = time.perf_counter()
        minutes, result = grid_minutes(network, facilities, city.facility_services, centres,
                                       np.ones(len(centres), dtype=bool), thresholds, 4.0, 150.0, 60.0)
        computed = time.perf_counter() - start
        text = encode_minutes(minutes, REQUIRED_CODES, minute_step(result.search_minutes))
        run = {"cell_m": cell_m, "cells": len(centres), "cells_on_network": int(np.isfinite(result.snap_m).sum()),
               "grid_minutes_s": round(computed, 1), "encode_s": round(time.perf_counter() - start - computed, 2),
               "stored_mb": round(len(text) / 1e6, 1),
               "peak_rss_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6, 2), "load": load}
        print(json.dumps(run), flush=True)
        results["runs"].append(run)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "webmap.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
