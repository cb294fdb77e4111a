"""Siting core: maximal covering and minimum sites against spopt's San Francisco case and exhaustive search."""
import csv
import itertools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lifecircle.lifecircle_plugin.core.siting import (
    SitingInputError,
    TargetUnreachableError,
    coverage_matrix,
    maximize_coverage,
    minimum_sites,
)

from conftest import shared_data


def load_sf():
    """spopt's SF case as a 205 × 16 matrix: tracts sorted by DestinationName, stores by name."""
    path = shared_data("spopt-sf", "SF_network_distance_candidateStore_16_censusTract_205_new.csv")
    with open(path, newline="") as handle:
        records = list(csv.DictReader(handle))
    tracts = sorted({r["DestinationName"] for r in records})
    stores = sorted({r["name"] for r in records})
    tract_index = {t: i for i, t in enumerate(tracts)}
    store_index = {s: j for j, s in enumerate(stores)}
    cost = np.full((len(tracts), len(stores)), np.inf)
    weights = np.zeros(len(tracts))
    for r in records:
        cost[tract_index[r["DestinationName"]], store_index[r["name"]]] = float(r["distance"])
        weights[tract_index[r["DestinationName"]]] = float(r["demand"])
    return cost, weights


def test_spopt_san_francisco_case_dense_and_sparse():
    cost, weights = load_sf()
    assert cost.shape == (205, 16) and np.isfinite(cost).all()
    dense = maximize_coverage(cost, weights, 5000, 4)
    assert dense.covered_weight == 875_247
    assert int(dense.covered_demand.sum()) == 184
    assert dense.optimal and dense.gap == 0.0
    # Only pairs within the radius stored: the sparse form must give the same answer.
    within = np.where(cost <= 5000, cost, 0.0)
    rows, cols = np.nonzero(cost <= 5000)
    sparse = sp.csr_matrix((within[rows, cols], (rows, cols)), shape=cost.shape)
    from_sparse = maximize_coverage(sparse, weights, 5000, 4)
    assert from_sparse.covered_weight == 875_247 and from_sparse.optimal
    assert sorted(from_sparse.chosen) == sorted(dense.chosen)
    # Ranking: marginal gains in decreasing order and summing to the covered weight.
    assert np.all(np.diff(dense.new_covered_weight) <= 0)
    assert dense.new_covered_weight.sum() == pytest.approx(875_247)


def test_spopt_san_francisco_minimum_sites_matches_coverage():
    cost, weights = load_sf()
    share = 875_247 / weights.sum()
    result = minimum_sites(cost, weights, 5000, share)
    # p = 4 is optimal for that coverage, and 3 sites cannot reach it (the MCLP optimum is increasing in p).
    assert len(result.chosen) == 4 and result.optimal
    assert maximize_coverage(cost, weights, 5000, 3).covered_weight < 875_247


# ------------------------------------------------------------------ exhaustive search on small instances

def brute_force_max(cover, weights, p, fixed):
    others = [j for j in range(cover.shape[1]) if j not in fixed]
    best = 0.0
    for k in range(min(p - len(fixed), len(others)) + 1):
        for combo in itertools.combinations(others, k):
            sites = list(fixed) + list(combo)
            best = max(best, float(weights[cover[:, sites].any(axis=1)].sum()) if sites else 0.0)
    return best


def brute_force_min(cover, weights, share, fixed):
    others = [j for j in range(cover.shape[1]) if j not in fixed]
    need = share * weights.sum() - 1e-9 * max(weights.sum(), 1.0)
    for k in range(len(others) + 1):
        for combo in itertools.combinations(others, k):
            sites = list(fixed) + list(combo)
            if (float(weights[cover[:, sites].any(axis=1)].sum()) if sites else 0.0) >= need:
                return k
    return None


@st.composite
def instances(draw):
    n_demand = draw(st.integers(1, 12))
    n_candidate = draw(st.integers(1, 7))
    cost = np.array(draw(st.lists(st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.0, np.inf]),
                                           min_size=n_candidate, max_size=n_candidate),
                                  min_size=n_demand, max_size=n_demand)))
    weights = np.array(draw(st.lists(st.integers(0, 9), min_size=n_demand, max_size=n_demand)), float)
    fixed = draw(st.lists(st.integers(0, n_candidate - 1), unique=True, max_size=min(2, n_candidate)))
    p = draw(st.integers(len(fixed), n_candidate))
    return cost, weights, fixed, p


SMALL = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SMALL
@given(instances())
def test_maximize_coverage_equals_exhaustive_search(instance):
    cost, weights, fixed, p = instance
    result = maximize_coverage(cost, weights, 1.5, p, fixed)
    cover = cost <= 1.5
    assert result.covered_weight == pytest.approx(brute_force_max(cover, weights, p, fixed))
    assert result.optimal and result.gap == 0.0
    assert list(result.chosen[:len(fixed)]) == fixed and len(result.chosen) <= p
    assert len(set(result.chosen.tolist())) == len(result.chosen)
    # The reported coverage is what the chosen sites really cover.
    really = weights[cover[:, result.chosen].any(axis=1)].sum() if len(result.chosen) else 0.0
    assert result.covered_weight == pytest.approx(really)


@SMALL
@given(instances())
def test_heuristic_never_beats_optimum_and_gap_bounds_true_gap(instance):
    cost, weights, fixed, p = instance
    heuristic = maximize_coverage(cost, weights, 1.5, p, fixed, method="heuristic")
    optimum = brute_force_max(cost <= 1.5, weights, p, fixed)
    assert heuristic.covered_weight <= optimum + 1e-9
    assert heuristic.bound >= optimum - 1e-9
    true_gap = (optimum - heuristic.covered_weight) / optimum if optimum > 0 else 0.0
    assert heuristic.gap >= true_gap - 1e-9
    assert list(heuristic.chosen[:len(fixed)]) == fixed
    if heuristic.optimal:
        assert heuristic.covered_weight == pytest.approx(optimum)


@SMALL
@given(instances(), st.sampled_from([0.3, 0.5, 0.8, 1.0]), st.sampled_from(["auto", "heuristic"]))
def test_minimum_sites_equals_exhaustive_search(instance, share, method):
    cost, weights, fixed, _ = instance
    cover = cost <= 1.5
    expected = brute_force_min(cover, weights, share, fixed)
    if expected is None:
        with pytest.raises(TargetUnreachableError) as error:
            minimum_sites(cost, weights, 1.5, share, fixed, method=method)
        assert error.value.max_share < share
        return
    result = minimum_sites(cost, weights, 1.5, share, fixed, method=method)
    assert list(result.chosen[:len(fixed)]) == fixed
    assert result.covered_weight >= share * weights.sum() - 1e-6
    n_new = len(result.chosen) - len(fixed)
    assert result.bound - len(fixed) <= expected <= n_new
    if method == "auto":
        assert n_new == expected and result.optimal
    elif result.optimal:
        assert n_new == expected


# ------------------------------------------------------------------ larger model: reductions and Lagrangian path

def random_district(seed, n_demand=3000, n_candidate=300, radius=180.0):
    from scipy.spatial import cKDTree
    rng = np.random.default_rng(seed)
    demand = rng.uniform(0, 2000, (n_demand, 2))
    sites = rng.uniform(0, 2000, (n_candidate, 2))
    cost = cKDTree(demand).sparse_distance_matrix(cKDTree(sites), radius, output_type="coo_matrix")
    return cost.tocsr(), rng.integers(1, 20, n_demand).astype(float), radius


def test_lagrangian_path_is_consistent_with_milp(monkeypatch):
    import lifecircle.lifecircle_plugin.core.siting as siting
    cost, weights, radius = random_district(7)
    exact = maximize_coverage(cost, weights, radius, 12, time_limit=20)
    assert exact.method == "milp" and exact.optimal
    # Force the big-model path: heuristic, Lagrangian bound, elimination, then MILP on the rest.
    monkeypatch.setattr(siting, "DIRECT_MILP_MAX_PAIRS", 1000)
    monkeypatch.setattr(siting, "LAGRANGIAN_TIME_SHARE", 0.3)
    big_path = maximize_coverage(cost, weights, radius, 12, time_limit=6)
    assert big_path.method.startswith("lagrangian")
    assert big_path.covered_weight <= exact.covered_weight + 1e-9
    assert big_path.bound >= exact.covered_weight - 1e-6
    heuristic = maximize_coverage(cost, weights, radius, 12, method="heuristic", time_limit=3)
    assert heuristic.covered_weight <= exact.covered_weight + 1e-9
    assert heuristic.bound >= exact.covered_weight - 1e-6 and heuristic.gap < 0.05


# ------------------------------------------------------------------ edge cases

def test_all_unreachable():
    cost = np.full((4, 3), np.inf)
    result = maximize_coverage(cost, [1, 2, 3, 4], 100, 2, fixed=[1])
    assert result.covered_weight == 0 and result.optimal and list(result.chosen) == [1]
    with pytest.raises(TargetUnreachableError, match="cannot be reached"):
        minimum_sites(cost, [1, 2, 3, 4], 100, 0.5)
    empty = sp.csr_matrix((4, 3))
    assert maximize_coverage(empty, [1, 2, 3, 4], 100, 2).covered_weight == 0


def test_p_equal_to_fixed_keeps_only_fixed():
    cost = np.array([[0.0, 500.0], [500.0, 0.0]])
    result = maximize_coverage(cost, [5, 7], 100, 1, fixed=[1])
    assert list(result.chosen) == [1] and result.covered_weight == 7 and result.optimal
    assert list(result.new_sites) == []


def test_zero_weights():
    cost = np.array([[0.0, 50.0], [500.0, 0.0]])
    result = maximize_coverage(cost, [0, 0], 100, 2)
    assert result.covered_weight == 0 and result.optimal and result.covered_share == 0.0
    assert minimum_sites(cost, [0, 0], 100, 1.0).chosen.size == 0


def test_ties_are_resolved_deterministically():
    # Two identical candidates and two equally good distinct ones.
    cost = np.array([[0.0, 0.0, np.inf], [np.inf, np.inf, 0.0]])
    first = maximize_coverage(cost, [3, 3], 1, 1)
    again = maximize_coverage(cost, [3, 3], 1, 1)
    assert first.covered_weight == 3 and first.optimal
    assert list(first.chosen) == list(again.chosen)
    both = maximize_coverage(cost, [3, 3], 1, 2)
    assert both.covered_weight == 6 and len(both.chosen) == 2


def test_fixed_sites_ranked_first_and_ineligible_candidates_never_opened():
    cost = np.array([[0, 9, 9, 9], [9, 0, 9, 9], [9, 9, 0, 0], [9, 9, 9, 0]], float)
    weights = [1, 10, 5, 4]
    result = maximize_coverage(cost, weights, 1, 3, fixed=[0], eligible=np.array([True, True, True, False]))
    assert list(result.chosen) == [0, 1, 2]
    assert list(result.new_covered_weight) == [1, 10, 5]
    assert result.n_fixed == 1 and list(result.new_sites) == [1, 2]
    # Fixed sites stay open even where they are not eligible for new opening.
    kept = maximize_coverage(cost, weights, 1, 2, fixed=[3], eligible=np.array([True, True, True, False]))
    assert list(kept.chosen) == [3, 1]


def test_sparse_absent_is_unreachable_and_explicit_zero_is_covered():
    sparse = sp.csr_matrix((np.array([0.0, 40.0]), (np.array([0, 1]), np.array([0, 1]))), shape=(3, 2))
    assert sparse.nnz == 2  # the explicit zero is stored
    cover = coverage_matrix(sparse, 50)
    assert cover.toarray().tolist() == [[True, False], [False, True], [False, False]]
    result = maximize_coverage(sparse, [2, 3, 4], 50, 2)
    assert result.covered_weight == 5
    duplicated = sp.coo_matrix((np.array([1.0, 2.0]), (np.array([0, 0]), np.array([0, 0]))), shape=(1, 1))
    with pytest.raises(SitingInputError, match="duplicate"):
        maximize_coverage(duplicated, [1], 5, 1)


@pytest.mark.parametrize("kwargs, message", [
    (dict(weights=[1, 2]), "one weight per demand point"),
    (dict(weights=[1, -2, 3]), "demand index 1"),
    (dict(weights=[1, np.nan, 3]), "demand index 1"),
    (dict(p=1, fixed=[0, 1]), "smaller than the 2 fixed"),
    (dict(p=3), "exceeds the 2 candidates"),
    (dict(fixed=[5]), "index 5 is out of range"),
    (dict(fixed=[0, 0]), "more than once"),
    (dict(eligible=[True]), "boolean mask"),
    (dict(radius=-1), "radius"),
    (dict(cost=np.array([[0.0, np.nan]] * 3)), "NaN"),
    (dict(cost=np.array([[0.0, -1.0]] * 3)), "negative"),
    (dict(method="fast"), "method must be one of"),
])
def test_bad_input_is_reported_clearly(kwargs, message):
    arguments = dict(cost=np.zeros((3, 2)), weights=[1, 2, 3], radius=10, p=2, fixed=())
    arguments.update(kwargs)
    with pytest.raises(SitingInputError, match=message):
        maximize_coverage(arguments.pop("cost"), arguments.pop("weights"), arguments.pop("radius"),
                          arguments.pop("p"), arguments.pop("fixed"), **arguments)


def test_bad_target_share():
    with pytest.raises(SitingInputError, match="target_share"):
        minimum_sites(np.zeros((2, 2)), [1, 1], 10, 1.5)
