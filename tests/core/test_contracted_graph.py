"""The contracted routing graph gives the costs of the full graph with targets hung on leaves."""
import numpy as np
from shapely import LineString

from lifecircle.lifecircle_plugin.core.network import build_network
from lifecircle.lifecircle_plugin.core.routing import (
    attach_points, build_contracted_graph, build_routing_graph, nearest_source, nearest_source_to_targets)


def _streets():
    lines = []
    # A 6 × 6 lattice whose block sides carry a mid vertex (degree-2 chains).
    for k in range(6):
        xs = np.linspace(0, 500, 11)
        lines.append(LineString(np.column_stack([xs, np.full(11, k * 100.0)])))
        lines.append(LineString(np.column_stack([np.full(11, k * 100.0), xs])))
    # A loop chain leaving and re-entering the same junction, and a closed ring island.
    lines.append(LineString([(500, 500), (560, 540), (600, 500), (560, 460), (500, 500)]))
    lines.append(LineString([(800, 0), (900, 0), (900, 100), (800, 100), (800, 0)]))
    return build_network(lines)


def test_costs_and_sources_match_the_full_graph():
    network = _streets()
    rng = np.random.default_rng(5)
    facility_xy = np.vstack([rng.uniform(0, 500, (12, 2)), [[250.0, 3.0], [560.0, 545.0]]])
    resident_xy = np.vstack([rng.uniform(-20, 620, (300, 2)), [[250.0, -4.0], [850.0, 2.0], [3000.0, 0.0]]])
    sources = attach_points(network, facility_xy, 150.0)
    targets = attach_points(network, resident_xy, 150.0)
    full = build_routing_graph(network, [sources, targets])
    contracted = build_contracted_graph(network, sources, targets)
    for chosen, limit in ((np.arange(len(facility_xy)), np.inf), (np.array([0, 3, 13]), 300.0),
                          (np.array([], dtype=np.int64), np.inf)):
        expected, expected_which = nearest_source(full, full.leaves[0][chosen], limit)
        leaf = full.leaves[1]
        expected_target = np.where(leaf >= 0, expected[np.maximum(leaf, 0)], np.inf)
        expected_source = np.where(leaf >= 0, expected_which[np.maximum(leaf, 0)], -1)
        cost, which = nearest_source_to_targets(contracted, chosen, limit)
        assert np.array_equal(np.isfinite(cost), np.isfinite(expected_target))
        finite = np.isfinite(cost)
        # Zero-length pieces cost MIN_EDGE_COST in the full graph: agreement to micrometres.
        np.testing.assert_allclose(cost[finite], expected_target[finite], atol=1e-5)
        assert np.array_equal(which, expected_source)
    # The ring island has no facility; the far-away resident is not attached.
    cost, which = nearest_source_to_targets(contracted, np.arange(len(facility_xy)), np.inf)
    assert not np.isfinite(cost[-2]) and which[-2] == -1
    assert not np.isfinite(cost[-1]) and which[-1] == -1
    # The resident beside the facility at (250, 3) reaches it across the street edge it shares.
    assert which[-3] == 12 and abs(cost[-3] - 7.0) < 1e-5
