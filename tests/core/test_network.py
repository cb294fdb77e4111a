"""Hand-checked small networks for build_network and routing (attachment, partial edges, Dijkstra).

Every expected distance is worked out by hand in the comment next to it; coordinates are metres.
"""
import numpy as np
import pytest
import shapely
from shapely import LineString

from lifecircle.lifecircle_plugin.core.defaults import NODING_ALL_CROSSINGS, NODING_SHARED_VERTICES
from lifecircle.lifecircle_plugin.core.network import NetworkError, build_network
from lifecircle.lifecircle_plugin.core.routing import attach_points, build_routing_graph, nearest_source


def walk_m(network, start_xy, end_xy, max_snap_m=50.0, limit_m=np.inf):
    """Walking cost from one point to another: access legs plus the walk on the network."""
    start = attach_points(network, [start_xy], max_snap_m)
    end = attach_points(network, [end_xy], max_snap_m)
    graph = build_routing_graph(network, [start, end])
    cost, _ = nearest_source(graph, graph.leaves[0], limit_m)
    return float(cost[graph.leaves[1][0]])


def node_degrees(network):
    return np.bincount(np.concatenate([network.edge_u, network.edge_v]), minlength=network.node_count)


# --- attachment on partial edges -------------------------------------------------------------------

def test_resident_mid_edge_reaches_facilities_along_partial_edge_both_ways():
    # One straight edge (0,0)-(100,0). Resident at (30,5): leg 5 to foot x=30.
    net = build_network([LineString([(0, 0), (100, 0)])])
    assert net.edge_count == 1
    # Towards edge_v: facility (80,-3), foot x=80 → 5 + (80-30) + 3 = 58.
    assert walk_m(net, (30, 5), (80, -3)) == pytest.approx(58.0)
    # Towards edge_u: facility (10,4), foot x=10 → 5 + (30-10) + 4 = 29.
    assert walk_m(net, (30, 5), (10, 4)) == pytest.approx(29.0)


def test_two_points_on_one_edge_reach_each_other_directly():
    # Edge (0,0)-(100,0); points at x=40 and x=60 on it. Directly: 20. Via an end node it would
    # be 40 + 60 = 100, so 20 proves the walk stays on the partial edge.
    net = build_network([LineString([(0, 0), (100, 0)])])
    assert walk_m(net, (40, 0), (60, 0)) == pytest.approx(20.0)
    assert walk_m(net, (60, 0), (40, 0)) == pytest.approx(20.0)
    # Both on the same foot (same t): only their two legs, 2 + 3 = 5.
    assert walk_m(net, (50, 2), (50, -3)) == pytest.approx(5.0)


def test_walk_cannot_pass_through_an_attached_point():
    # Two sources hang on leaves: a third point's walk to the far source must not shortcut
    # through the near source's leaf. Line (0,0)-(100,0); sources at (50,10) and (100,0).
    net = build_network([LineString([(0, 0), (100, 0)])])
    sources = attach_points(net, [(50, 10), (100, 0)], 50)
    resident = attach_points(net, [(0, 0)], 50)
    graph = build_routing_graph(net, [sources, resident])
    cost, which = nearest_source(graph, graph.leaves[0], np.inf)
    leaf = graph.leaves[1][0]
    # Nearest is the first source: 50 along the edge + 10 leg = 60 (the second is 100 away).
    assert cost[leaf] == pytest.approx(60.0)
    assert which[leaf] == 0


# --- noding ------------------------------------------------------------------------------------------

def test_unnoded_crossing_joined_only_with_all_crossings_noding():
    # An X of two lines with no shared vertex: (-50,0)-(50,0) and (0,-50)-(0,50).
    lines = [LineString([(-50, 0), (50, 0)]), LineString([(0, -50), (0, 50)])]
    crossed = build_network(lines, noding=NODING_ALL_CROSSINGS)
    # One new node at (0,0): 4 ends + 1 = 5 nodes, each line split in two: 4 edges, one part.
    assert crossed.node_count == 5
    assert crossed.edge_count == 4
    assert crossed.report.crossings_split == 2
    assert crossed.report.components == 1
    # West end to north end through the crossing: 50 + 50 = 100.
    assert walk_m(crossed, (-50, 0), (0, 50)) == pytest.approx(100.0)

    apart = build_network(lines, noding=NODING_SHARED_VERTICES)
    # A bridge over a road in OSM: two lines, 4 nodes, 2 edges, two separate parts.
    assert apart.node_count == 4
    assert apart.edge_count == 2
    assert apart.report.components == 2
    assert np.isinf(walk_m(apart, (-50, 0), (0, 50)))


def test_three_lines_crossing_at_one_point_form_one_node():
    # Horizontal, vertical and diagonal lines all through (0,0), none with a vertex there.
    lines = [
        LineString([(-10, 0), (10, 0)]),
        LineString([(0, -10), (0, 10)]),
        LineString([(-10, -10), (10, 10)]),
    ]
    net = build_network(lines, noding=NODING_ALL_CROSSINGS)
    # 6 line ends + 1 shared centre = 7 nodes; every line in two halves = 6 edges.
    assert net.node_count == 7
    assert net.edge_count == 6
    centre = np.flatnonzero(np.all(np.isclose(net.node_xy, 0.0), axis=1))
    assert len(centre) == 1
    assert node_degrees(net)[centre[0]] == 6
    # Diagonal end (10,10) to (-10,0): sqrt(200) + 10 = 24.142...
    assert walk_m(net, (10, 10), (-10, 0)) == pytest.approx(np.sqrt(200) + 10)


def test_t_junction_ending_on_another_lines_interior():
    # Stem (40,30)-(40,0) ends exactly on the interior of (0,0)-(100,0).
    lines = [LineString([(0, 0), (100, 0)]), LineString([(40, 30), (40, 0)])]
    noded = build_network(lines, noding=NODING_ALL_CROSSINGS)
    # Junction node at (40,0) of degree 3; edges 40, 60 and 30 long.
    assert noded.node_count == 4
    assert sorted(noded.edge_length.tolist()) == pytest.approx([30.0, 40.0, 60.0])
    assert node_degrees(noded).max() == 3
    # (100,0) to the stem's top: 60 + 30 = 90.
    assert walk_m(noded, (100, 0), (40, 30)) == pytest.approx(90.0)

    # Shared-vertex noding leaves the end dangling at distance 0 from the line: gap closing joins it.
    gap_closed = build_network(lines, noding=NODING_SHARED_VERTICES)
    assert gap_closed.report.gaps_closed == 1
    assert walk_m(gap_closed, (100, 0), (40, 30)) == pytest.approx(90.0)
    # Without gap closing it stays apart.
    apart = build_network(lines, noding=NODING_SHARED_VERTICES, gap_tolerance_m=0)
    assert apart.report.components == 2


def test_points_exactly_at_gap_closed_t_junctions_are_routed():
    # Shared-vertex noding joins each stem end to the main line by a zero-length connector.
    # Residents stand exactly on the junctions at x = 20, 40, 60, 80; the facility at (100,0).
    stems = [((20, 0), (20, 10)), ((40, 0), (40, 10)), ((60, 0), (60, 10)), ((80, 0), (80, -10))]
    lines = [LineString([(0, 0), (100, 0)])] + [LineString(s) for s in stems]
    net = build_network(lines, noding=NODING_SHARED_VERTICES)
    assert net.report.gaps_closed == 4
    residents = attach_points(net, [(20, 0), (40, 0), (60, 0), (80, 0)], 10)
    # A point on a zero-length connector must still get a position on it, not NaN.
    assert np.isfinite(residents.t).all()
    facility = attach_points(net, [(100, 0)], 10)
    graph = build_routing_graph(net, [facility, residents])
    cost, _ = nearest_source(graph, graph.leaves[0], np.inf)
    # Along the main line: 100-20, 100-40, 100-60, 100-80.
    assert cost[graph.leaves[1]] == pytest.approx([80.0, 60.0, 40.0, 20.0], abs=1e-4)


def test_collinear_overlapping_duplicate_segments_dropped():
    # (20,0)-(60,0) lies on (0,0)-(100,0). All-crossings noding splits the long line at 20 and 60;
    # the two copies of 20-60 are one edge: 3 edges, 1 dropped, 100 m in all.
    lines = [LineString([(0, 0), (100, 0)]), LineString([(20, 0), (60, 0)])]
    net = build_network(lines, noding=NODING_ALL_CROSSINGS)
    assert net.edge_count == 3
    assert net.report.duplicates_dropped == 1
    assert net.total_length_m == pytest.approx(100.0)
    assert sorted(net.edge_length.tolist()) == pytest.approx([20.0, 40.0, 40.0])


def test_exact_duplicate_line_dropped_keeping_the_cheaper_copy():
    # The same 100 m line twice, as stairs (×2) and as plain path (×1): one edge, cost 100.
    line = LineString([(0, 0), (100, 0)])
    net = build_network([line, line], cost_factors=[2.0, 1.0])
    assert net.edge_count == 1
    assert net.report.duplicates_dropped == 1
    assert net.edge_cost[0] == pytest.approx(100.0)
    assert net.edge_feature[0] == 1


# --- gaps and islands --------------------------------------------------------------------------------

def test_small_gap_closed_large_gap_not():
    # Two 50 m pieces with a 0.3 m gap: closed by a 0.3 m connector (the two facing ends find
    # each other: one connector). End to end: 50 + 0.3 + 49.7 = 100.
    small = build_network([LineString([(0, 0), (50, 0)]), LineString([(50.3, 0), (100, 0)])])
    assert small.report.gaps_closed == 1
    assert small.report.components == 1
    assert walk_m(small, (0, 0), (100, 0)) == pytest.approx(100.0)

    # A 2 m gap is beyond the default 0.5 m: two islands, no walk.
    large = build_network([LineString([(0, 0), (50, 0)]), LineString([(52, 0), (100, 0)])])
    assert large.report.gaps_closed == 0
    assert large.report.components == 2
    assert np.isinf(walk_m(large, (0, 0), (100, 0)))
    # A larger tolerance closes it: 50 + 2 + 48 = 100.
    closed = build_network([LineString([(0, 0), (50, 0)]), LineString([(52, 0), (100, 0)])],
                           gap_tolerance_m=2.5)
    assert walk_m(closed, (0, 0), (100, 0)) == pytest.approx(100.0)


def test_dangling_end_near_a_line_interior_joins_at_the_foot():
    # Stem (50,0.3)-(50,30) stops 0.3 m short of (0,0)-(100,0): a connector to the foot (50,0)
    # splits the long line there. (0,0) to (50,30): 50 + 0.3 + 29.7 = 80.
    lines = [LineString([(0, 0), (100, 0)]), LineString([(50, 0.3), (50, 30)])]
    net = build_network(lines)
    assert net.report.gaps_closed == 1
    assert walk_m(net, (0, 0), (50, 30)) == pytest.approx(80.0)
    # The connector is tagged -1 (no input line) and is 0.3 m long.
    assert net.edge_length[net.edge_feature == -1] == pytest.approx([0.3])


def test_short_end_segment_is_not_taken_for_a_gap():
    # Stairs (factor 2) whose first segment is only 0.3 m long: the free end (0,0) lies within
    # 0.5 m of the line's own next segment. That is no gap: nothing to close, and the stairs keep
    # their cost 2 × 10 = 20 (a factor-1 connector must not replace the first 0.3 m).
    net = build_network([LineString([(0, 0), (0.3, 0), (10, 0)])], cost_factors=[2.0])
    assert net.report.gaps_closed == 0
    assert (net.edge_feature == 0).all()
    assert net.edge_cost.sum() == pytest.approx(20.0)


def test_gap_found_past_the_lines_own_short_end_segment():
    # Path (5,0.4)-(5.3,0.4)-(5.3,20) ends 0.4 m above the street (0,0)-(10,0); its own second
    # segment is nearer (0.3 m) but is no other line. The 0.4 m gap to the foot (5,0) is closed:
    # street end (0,0) to the path's far end: 5 + 0.4 + 0.3 + 19.6 = 25.3.
    lines = [LineString([(0, 0), (10, 0)]), LineString([(5, 0.4), (5.3, 0.4), (5.3, 20)])]
    net = build_network(lines)
    assert net.report.gaps_closed == 1
    assert net.report.components == 1
    assert walk_m(net, (0, 0), (5.3, 20)) == pytest.approx(25.3)


def test_island_components_counted_and_labelled_largest_first():
    # Main part: an L of 3 edges; island: one 10 m edge 1 km away.
    lines = [
        LineString([(1000, 1000), (1010, 1000)]),
        LineString([(0, 0), (100, 0), (100, 100), (200, 100)]),
    ]
    net = build_network(lines)
    assert net.report.components == 2
    assert net.report.component_edges == [3, 1]
    island = net.edge_component()
    # Label 0 is the largest part (the L, from input line 1), label 1 the island.
    assert set(island[net.edge_feature == 1]) == {0}
    assert set(island[net.edge_feature == 0]) == {1}


def test_river_with_one_bridge():
    # South bank road y=0 and north bank road y=100, x from 0 to 400; the only bridge at x=300.
    lines = [
        LineString([(0, 0), (300, 0), (400, 0)]),
        LineString([(0, 100), (300, 100), (400, 100)]),
        LineString([(300, 0), (300, 100)]),
    ]
    net = build_network(lines)
    assert net.report.components == 1
    # Resident (50,-10), facility (60,110): 10 leg + 250 east + 100 bridge + 240 west + 10 leg = 610,
    # although they are only ~120 m apart as the crow flies.
    assert walk_m(net, (50, -10), (60, 110)) == pytest.approx(610.0)


# --- snap limit, costs, mask, cancel -------------------------------------------------------------------

def test_point_beyond_snap_limit_is_not_attached():
    # Road (0,0)-(100,0); the point (50,200) is 200 m away, beyond a 150 m limit.
    net = build_network([LineString([(0, 0), (100, 0)])])
    att = attach_points(net, [(50, 120), (50, 200)], 150)
    assert att.edge.tolist() == [0, -1]
    assert att.attached.tolist() == [True, False]
    assert att.snap_m[0] == pytest.approx(120.0)
    assert np.isnan(att.snap_m[1])
    graph = build_routing_graph(net, [att])
    assert graph.leaves[0].tolist()[1] == -1


def test_points_without_coordinates_are_not_attached():
    net = build_network([LineString([(0, 0), (100, 0)])])
    att = attach_points(net, [(np.nan, np.nan), (10, 1)], 150)
    assert att.attached.tolist() == [False, True]


def test_stairs_cost_factor_doubles_the_cost_and_walks_round():
    # A=(0,0) to B=(100,0): straight is 100 m of stairs (factor 2, cost 200); the level detour
    # A-(0,25)-(100,25)-B costs 25 + 100 + 25 = 150 < 200, so the walk goes round.
    stairs = LineString([(0, 0), (100, 0)])
    detour = LineString([(0, 0), (0, 25), (100, 25), (100, 0)])
    net = build_network([stairs, detour], cost_factors=[2.0, 1.0])
    stairs_edge = np.flatnonzero(net.edge_feature == 0)
    assert net.edge_length[stairs_edge] == pytest.approx([100.0])
    assert net.edge_cost[stairs_edge] == pytest.approx([200.0])
    assert walk_m(net, (0, 0), (100, 0)) == pytest.approx(150.0)
    # Without the factor the stairs win: 100.
    flat = build_network([stairs, detour])
    assert walk_m(flat, (0, 0), (100, 0)) == pytest.approx(100.0)


def test_bad_cost_factor_named():
    with pytest.raises(NetworkError, match=r"lines 1 have \[0\.0\]"):
        build_network([LineString([(0, 0), (1, 0)]), LineString([(1, 0), (2, 0)])], cost_factors=[1, 0])


def test_walkable_mask_excludes_a_line():
    # Same square as above; the straight line is an expressway, excluded: detour 150.
    lines = [LineString([(0, 0), (100, 0)]), LineString([(0, 0), (0, 25), (100, 25), (100, 0)])]
    net = build_network(lines, walkable=[False, True])
    assert net.report.excluded_lines == 1
    assert set(net.edge_feature.tolist()) == {1}
    assert walk_m(net, (0, 0), (100, 0)) == pytest.approx(150.0)
    with pytest.raises(NetworkError, match="No walkable line"):
        build_network(lines, walkable=[False, False])


def test_empty_layer_and_unknown_noding_mode_rejected():
    with pytest.raises(NetworkError, match="no line features"):
        build_network([])
    with pytest.raises(NetworkError, match="Unknown noding mode 2"):
        build_network([LineString([(0, 0), (1, 0)])], noding=2)


class Cancelled(Exception):
    pass


def test_cancel_callback_raising_stops_the_build():
    lines = [LineString([(0, 0), (100, 0)]), LineString([(50, -50), (50, 50)])]
    calls = []

    def cancel_on_second_check():
        calls.append(1)
        if len(calls) == 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        build_network(lines, noding=NODING_ALL_CROSSINGS, cancel=cancel_on_second_check)
    assert len(calls) == 2

    # A callback that never raises is called between stages and the build completes.
    calls.clear()
    net = build_network(lines, noding=NODING_ALL_CROSSINGS, cancel=lambda: calls.append(1))
    assert net.edge_count == 4
    assert len(calls) >= 3


def test_search_limit_cuts_off_far_nodes():
    # Source at (0,0) on a 1000 m line; limit 300 m: (250,0) reached at 250, (400,0) not.
    net = build_network([LineString([(0, 0), (1000, 0)])])
    source = attach_points(net, [(0, 0)], 10)
    targets = attach_points(net, [(250, 0), (400, 0)], 10)
    graph = build_routing_graph(net, [source, targets])
    cost, which = nearest_source(graph, graph.leaves[0], 300.0)
    assert cost[graph.leaves[1]][0] == pytest.approx(250.0)
    assert np.isinf(cost[graph.leaves[1]][1])
    assert which[graph.leaves[1]].tolist() == [0, -1]


def test_multilinestring_parts_are_not_joined_end_to_start():
    # Two parts of one feature, 30 m apart: each part's own segments only, no segment between parts.
    multi = shapely.MultiLineString([[(0, 0), (10, 0)], [(40, 0), (50, 0)]])
    net = build_network([multi])
    assert net.edge_count == 2
    assert net.total_length_m == pytest.approx(20.0)
    assert net.report.components == 2
