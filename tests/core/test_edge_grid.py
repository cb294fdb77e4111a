"""The numpy grid of edges behind attachment and gap closing gives what GEOS's R-tree gives."""
import numpy as np
import pytest
import shapely

from lifecircle.lifecircle_plugin.core.network import EdgeGrid, build_network, point_segment_distance
from lifecircle.lifecircle_plugin.core.routing import attach_points, nearest_edges


def street_network(seed=7, ways=300):
    """Random kinked streets over 2 × 2 km, some long (several cells), some short."""
    rng = np.random.default_rng(seed)
    lines = []
    for _ in range(ways):
        start = rng.uniform(0, 2000, size=2)
        steps = rng.normal(0, rng.choice([5.0, 40.0, 400.0]), size=(rng.integers(1, 6), 2))
        lines.append(shapely.LineString(np.vstack([start, start + np.cumsum(steps, axis=0)])))
    return build_network(lines)


@pytest.mark.filterwarnings("ignore:invalid value encountered in distance")  # GEOS on zero-length lines
def test_distances_are_geos_distances_to_the_bit():
    rng = np.random.default_rng(1)
    a, b, p = (rng.uniform(-50, 50, size=(5000, 2)) for _ in range(3))
    b[:10] = a[:10]  # zero-length segments
    p[10:20] = a[10:20]  # points on an end
    expected = shapely.distance(shapely.points(p), shapely.linestrings(np.stack([a, b], axis=1)))
    assert np.array_equal(point_segment_distance(p, a, b), expected)


def test_nearest_edge_matches_the_rtree_near_and_far():
    network = street_network()
    rng = np.random.default_rng(2)
    # Points on the streets' cells, and far ones that only the R-tree fallback can answer.
    xy = np.vstack([rng.uniform(-100, 2100, size=(3000, 2)), rng.uniform(-3000, 5000, size=(300, 2))])
    for limit in (5.0, 150.0, 1e6):
        pt, edge, dist = nearest_edges(network, xy, limit)
        (q_pt, q_edge), q_dist = shapely.STRtree(network.segments()).query_nearest(
            shapely.points(xy), max_distance=limit, return_distance=True)
        first = np.unique(q_pt, return_index=True)[1]
        assert np.array_equal(pt, q_pt[first])
        assert np.array_equal(dist, q_dist[first])
        # The same edge, or an equidistant one (both ends of a shared vertex): then the lowest id.
        tied = np.bincount(q_pt, minlength=len(xy))[pt] > 1
        assert np.array_equal(edge[~tied], q_edge[first][~tied])
        for point in pt[tied]:
            assert edge[pt == point][0] == q_edge[q_pt == point].min()


def test_attachment_feet_and_unattached_points():
    network = street_network(seed=3)
    xy = np.array([network.node_xy[0] + (3.0, 4.0), [np.nan, 1.0], [1e5, 1e5]])
    attachment = attach_points(network, xy, 150.0)
    assert attachment.edge[1] == -1 and attachment.edge[2] == -1 and np.isnan(attachment.snap_m[2])
    assert attachment.edge[0] >= 0 and attachment.snap_m[0] <= 5.0
    a = network.node_xy[network.edge_u[attachment.edge[0]]]
    b = network.node_xy[network.edge_v[attachment.edge[0]]]
    foot = a + attachment.t[0] * (b - a)
    assert abs(np.hypot(*(foot - xy[0])) - attachment.snap_m[0]) < 1e-9


def test_edges_within_a_distance_match_the_rtree():
    network = street_network(seed=4)
    start, end = network.node_xy[network.edge_u], network.node_xy[network.edge_v]
    grid = EdgeGrid.build(start, end)
    xy = np.random.default_rng(5).uniform(0, 2000, size=(2000, 2))
    for distance in (0.5, grid.cell * 2.5):
        pt, edge, dist = grid.within(start, end, xy, distance)
        segments = shapely.linestrings(np.stack([start, end], axis=1))
        q_pt, q_edge = shapely.STRtree(segments).query(shapely.points(xy), predicate="dwithin", distance=distance)
        assert sorted(zip(pt.tolist(), edge.tolist())) == sorted(zip(q_pt.tolist(), q_edge.tolist()))
        assert np.array_equal(dist, shapely.distance(shapely.points(xy[pt]), segments[edge]))
