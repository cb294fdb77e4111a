"""reach_matrix on hand-checked networks: costs, radius cut, min over gates, explicit zeros, chunking; the
contracted graph's matrix against the full graph's."""
import numpy as np
import pytest
import scipy.sparse as sp
from shapely import LineString

from lifecircle.lifecircle_plugin.core import reach_matrix as reach_module
from lifecircle.lifecircle_plugin.core.network import build_network
from lifecircle.lifecircle_plugin.core.reach_matrix import (
    ReachMatrixError,
    chunk_size,
    contracted_reach_matrix,
    population_within_reach,
    prefer_identical,
    reach_matrix,
    rows_reaching,
)
from lifecircle.lifecircle_plugin.core.routing import attach_points, build_contracted_graph, build_routing_graph
from lifecircle.lifecircle_plugin.core.siting import maximize_coverage


def street():
    """A 1,000 m street along y = 0 with a 300 m side street north from x = 500."""
    return build_network([LineString([(0, 0), (500, 0), (1000, 0)]), LineString([(500, 0), (500, 300)])])


def graph_for(network, demand_xy, site_xy, snap=50):
    demand = attach_points(network, demand_xy, snap)
    sites = attach_points(network, site_xy, snap)
    graph = build_routing_graph(network, [demand, sites])
    return graph, graph.leaves[0], graph.leaves[1]


def test_costs_along_the_network_within_the_radius():
    network = street()
    # Residents 10 m off the street at x = 100, 450, 900; one on the side street at y = 200.
    demand_xy = [(100, 10), (450, 10), (900, -10), (510, 200)]
    site_xy = [(0, 0), (500, 0)]
    graph, demand_leaves, site_leaves = graph_for(network, demand_xy, site_xy)
    matrix = reach_matrix(graph, demand_leaves, np.arange(4), 4, site_leaves, np.arange(2), 2, 500.0)
    dense = matrix.toarray()
    # Site 0 at x = 0: 100 + 10, 450 + 10; 900 + 10 and 500 + 200 + 10 are beyond 500 m.
    assert matrix[0, 0] == pytest.approx(110, abs=1e-3)
    assert matrix[1, 0] == pytest.approx(460, abs=1e-3)
    assert (2, 0) not in set(zip(*matrix.nonzero()))
    # Site 1 at the junction: 400 + 10, 50 + 10, 400 + 10, 200 + 10.
    np.testing.assert_allclose(dense[:, 1], [410, 60, 410, 210], atol=1e-3)
    assert matrix.nnz == 6


def test_a_compound_with_two_gates_takes_the_nearer_gate_per_site():
    network = street()
    # Compound 0 has gates at x = 100 and x = 800; compound 1 one gate at x = 600.
    demand_xy = [(100, 5), (800, 5), (600, 5)]
    demand_owner = np.array([0, 0, 1])
    site_xy = [(0, 0), (1000, 0)]
    graph, demand_leaves, site_leaves = graph_for(network, demand_xy, site_xy)
    matrix = reach_matrix(graph, demand_leaves, demand_owner, 2, site_leaves, np.arange(2), 2, 1000.0)
    assert matrix.shape == (2, 2)
    assert matrix[0, 0] == pytest.approx(105, abs=1e-3)  # west gate to the west site
    assert matrix[0, 1] == pytest.approx(205, abs=1e-3)  # east gate to the east site
    assert matrix[1, 0] == pytest.approx(605, abs=1e-3)
    assert matrix[1, 1] == pytest.approx(405, abs=1e-3)
    assert matrix.has_canonical_format


def test_a_site_with_two_access_points_takes_the_nearer():
    network = street()
    graph, demand_leaves, site_leaves = graph_for(network, [(950, 0)], [(0, 0), (1000, 0)])
    matrix = reach_matrix(graph, demand_leaves, [0], 1, site_leaves, [0, 0], 1, 2000.0)
    assert matrix.shape == (1, 1) and matrix[0, 0] == pytest.approx(50, abs=1e-3)


def test_unattached_points_and_explicit_zero_costs():
    network = street()
    points = [(200, 0), (700, 0), (5000, 5000)]  # the last is beyond the snap limit
    attachment = attach_points(network, points, 50)
    graph = build_routing_graph(network, [attachment])
    leaves = graph.leaves[0]
    assert leaves[2] == -1
    # The same points as demand and as sites: each point reaches itself at a real cost of 0.
    matrix = reach_matrix(graph, leaves, np.arange(3), 3, leaves, np.arange(3), 3, 100.0)
    assert matrix.nnz == 2
    assert matrix[0, 0] == 0 and matrix[1, 1] == 0
    coo = matrix.tocoo()
    assert sorted(zip(coo.row.tolist(), coo.col.tolist())) == [(0, 0), (1, 1)]
    # siting counts a stored zero as covered.
    result = maximize_coverage(matrix, [5.0, 7.0, 100.0], 100.0, 1)
    assert result.chosen.tolist() == [1] and result.covered_weight == 7.0


def test_chunked_searches_give_the_same_matrix():
    network = street()
    rng = np.random.default_rng(1)
    demand_xy = np.column_stack([rng.uniform(0, 1000, 40), rng.uniform(-20, 20, 40)])
    site_xy = np.column_stack([rng.uniform(0, 1000, 9), rng.uniform(-20, 20, 9)])
    graph, demand_leaves, site_leaves = graph_for(network, demand_xy, site_xy)
    whole = reach_matrix(graph, demand_leaves, np.arange(40), 40, site_leaves, np.arange(9), 9, 300.0)
    assert chunk_size(graph.node_count, 40, max_bytes=1) == 1
    steps = []
    one_by_one = reach_matrix(graph, demand_leaves, np.arange(40), 40, site_leaves, np.arange(9), 9, 300.0,
                              max_chunk_bytes=1, progress=steps.append)
    assert len(steps) == 9 and steps[-1] == 1.0
    assert (whole != one_by_one).nnz == 0 and whole.nnz == one_by_one.nnz > 0
    assert whole.data.max() <= 300.0


def test_chunk_size_keeps_the_dense_rows_under_budget():
    assert chunk_size(1_000_000, 0) == 25
    assert chunk_size(10, 0) == 2_500_000


def test_cancel_is_called_between_chunks():
    network = street()
    graph, demand_leaves, site_leaves = graph_for(network, [(10, 0)], [(0, 0), (900, 0)])

    class Stop(Exception):
        pass

    def cancel():
        raise Stop()

    with pytest.raises(Stop):
        reach_matrix(graph, demand_leaves, [0], 1, site_leaves, [0, 1], 2, 100.0, cancel=cancel)


def test_bad_arguments_are_named():
    network = street()
    graph, demand_leaves, site_leaves = graph_for(network, [(10, 0)], [(0, 0)])
    with pytest.raises(ReachMatrixError, match="demand: 1 leaves but 2 owners"):
        reach_matrix(graph, demand_leaves, [0, 0], 1, site_leaves, [0], 1, 100.0)
    with pytest.raises(ReachMatrixError, match="sites: owner indices must lie in 0..0"):
        reach_matrix(graph, demand_leaves, [0], 1, site_leaves, [3], 1, 100.0)
    with pytest.raises(ReachMatrixError, match="radius_m"):
        reach_matrix(graph, demand_leaves, [0], 1, site_leaves, [0], 1, float("nan"))


def test_population_within_reach_and_rows_reaching():
    matrix = sp.csr_matrix((np.array([0.0, 5.0, 7.0]), (np.array([0, 1, 2]), np.array([0, 0, 1]))), shape=(3, 3))
    np.testing.assert_allclose(population_within_reach(matrix, [10.0, 20.0, 40.0]), [30.0, 40.0, 0.0])
    assert rows_reaching(matrix, [0]).tolist() == [True, True, False]
    assert rows_reaching(matrix, []).tolist() == [False, False, False]
    with pytest.raises(ReachMatrixError, match="one value per demand row"):
        population_within_reach(matrix, [1.0])


def test_prefer_identical_swaps_only_between_equal_reach_sets():
    # Columns 0, 1, 3 reach rows {0, 1}; column 2 reaches {0, 1, 2}; column 4 reaches nothing.
    rows = [0, 1, 0, 1, 0, 1, 2, 0, 1]
    cols = [0, 0, 1, 1, 2, 2, 2, 3, 3]
    matrix = sp.csr_matrix((np.full(9, 10.0), (rows, cols)), shape=(3, 5))
    preference = [5.0, 3.0, 0.0, 1.0, 0.0]
    eligible = np.array([True, True, True, False, True])
    # 3 is not eligible, so 1 (preference 3) beats 0 (5); 2 stays (nothing identical).
    assert prefer_identical(matrix, [0, 2], eligible, preference) == [1, 2]
    # A locked (fixed) column is never taken.
    assert prefer_identical(matrix, [0], eligible, preference, locked=[1]) == [0]
    # Ties keep the lower index; tuples compare element by element.
    assert prefer_identical(matrix, [1], eligible, [(0, 9.0), (0, 9.0), (0, 0), (0, 0), (0, 0)]) == [0]


def brute_force(graph, demand_leaves, site_leaves, radius):
    """Whole-graph Dijkstra from every site: the reference the local searches must match exactly."""
    from scipy.sparse.csgraph import dijkstra

    dist = dijkstra(graph.matrix, directed=True, indices=site_leaves)[:, demand_leaves].T
    return np.where(dist <= radius, dist, np.inf)


@pytest.mark.parametrize("factor_range", [(1.0, 1.0), (0.3, 2.0)])
def test_local_searches_equal_whole_graph_searches(factor_range, monkeypatch):
    # A 12 × 12 street grid, 50 m blocks, with cost factors (some below 1: the straight-line bound
    # of the local search must widen for them). Two sources per chunk keep each local graph small.
    monkeypatch.setattr(reach_module, "SOURCES_PER_LOCAL_CHUNK", 2)
    rng = np.random.default_rng(3)
    lines = []
    for i in range(12):
        lines.append(LineString([(i * 50.0, y * 50.0) for y in range(12)]))
        lines.append(LineString([(x * 50.0, i * 50.0) for x in range(12)]))
    factors = rng.uniform(*factor_range, size=len(lines))
    network = build_network(lines, cost_factors=factors)
    demand_xy = rng.uniform(0, 550, size=(150, 2))
    site_xy = rng.uniform(0, 550, size=(70, 2))
    graph, demand_leaves, site_leaves = graph_for(network, demand_xy, site_xy)
    radius = 160.0
    matrix = reach_matrix(graph, demand_leaves, np.arange(150), 150, site_leaves, np.arange(70), 70, radius)
    expected = brute_force(graph, demand_leaves, site_leaves, radius)
    got = np.full(expected.shape, np.inf)
    coo = matrix.tocoo()
    got[coo.row, coo.col] = coo.data
    assert np.isfinite(expected).sum() > 200
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-9)


@pytest.mark.parametrize("factor_range", [(1.0, 1.0), (0.3, 2.0)])
def test_contracted_graph_gives_the_full_graphs_matrix(factor_range, monkeypatch):
    # A 10 × 10 grid of 60 m blocks whose sides carry two mid-block vertices (chains of degree-2 nodes),
    # a dead-end alley and a detached ring; residents with two gates, facilities with two access points,
    # points beyond the snap limit.
    monkeypatch.setattr(reach_module, "SOURCES_PER_LOCAL_CHUNK", 3)
    rng = np.random.default_rng(11)
    lines = []
    for i in range(10):
        along = np.linspace(0, 540, 28)
        lines.append(LineString(np.column_stack([along, np.full(28, i * 60.0)])))
        lines.append(LineString(np.column_stack([np.full(28, i * 60.0), along])))
    lines.append(LineString([(100, 100), (110, 130), (130, 150)]))
    lines.append(LineString([(800, 0), (900, 0), (900, 100), (800, 100), (800, 0)]))
    factors = rng.uniform(*factor_range, size=len(lines))
    network = build_network(lines, cost_factors=factors)
    n_demand, n_sites = 120, 25
    demand_xy = np.vstack([rng.uniform(-10, 560, size=(2 * n_demand - 2, 2)), [[850.0, 5.0], [3000.0, 0.0]]])
    demand_owner = np.repeat(np.arange(n_demand), 2)
    site_xy = np.vstack([rng.uniform(-10, 560, size=(2 * n_sites - 1, 2)), [[-500.0, -500.0]]])
    site_owner = np.repeat(np.arange(n_sites), 2)
    demand = attach_points(network, demand_xy, 40.0)
    sites = attach_points(network, site_xy, 40.0)
    assert not demand.attached.all() and not sites.attached.all()
    full = build_routing_graph(network, [demand, sites])
    contracted = build_contracted_graph(network, sites, demand)
    assert contracted.matrix.shape[0] < full.node_count / 2
    chosen = np.flatnonzero(site_owner % 4 != 3)  # a subset of the sites' access points searched
    for radius in (0.0, 150.0, 400.0):
        expected = reach_matrix(full, full.leaves[0], demand_owner, n_demand, full.leaves[1][chosen],
                                site_owner[chosen], n_sites, radius)
        got = contracted_reach_matrix(network, contracted, chosen, site_owner[chosen], n_sites, demand_owner,
                                      n_demand, radius)
        assert got.shape == expected.shape == (n_demand, n_sites)
        assert np.array_equal(got.indptr, expected.indptr) and np.array_equal(got.indices, expected.indices)
        # The full graph splits the streets at every resident too, each piece at least 1e-6 m: micrometres.
        np.testing.assert_allclose(got.data, expected.data, rtol=0, atol=1e-5)
    assert expected.nnz > 300
