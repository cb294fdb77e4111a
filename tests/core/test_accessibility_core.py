"""core.accessibility: 2SFCA, E2SFCA and Gaussian on hand-computed tiny networks, agreement with
walking coverage and a brute-force Dijkstra, with PySAL ``access``, the equity figures and bad input.

Walking speed 6 km/h = 100 m per minute in the hand-computed cases, so minutes = metres / 100.
"""
import importlib.metadata
import importlib.util
import math
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra
from shapely import LineString

from conftest import ROOT

from lifecircle.lifecircle_plugin.core.accessibility import (
    ONE_PLUS_N,
    AccessibilityError,
    Decay,
    ServicePlan,
    accessibility,
    capacities,
    check_bands,
    check_cohort_fields,
    cohort_population,
    equity_summary,
    floating_catchment,
    lorenz_curve,
    nearest_in_rows,
    weighted_mean,
    weighted_gini,
    weighted_percentile,
)
from lifecircle.lifecircle_plugin.core.coverage import AccessPoints, walking_coverage
from lifecircle.lifecircle_plugin.core.defaults import (
    DEFAULT_BANDS,
    DEFAULT_WEIGHTS,
    METHOD_2SFCA,
    METHOD_E2SFCA,
    METHOD_GAUSSIAN,
)
from lifecircle.lifecircle_plugin.core.network import build_network
from lifecircle.lifecircle_plugin.core.routing import attach_points, build_routing_graph
from lifecircle.lifecircle_plugin.core.standards import StandardsError, load_standards, read_standards

SPEED = 6.0  # km/h: 100 m per minute

# One street from x=0 to x=2000; two facilities and four residents on it, one resident off it,
# and a facility on a detached street that nobody reaches.
STREETS = [LineString([(0, 0), (2000, 0)]), LineString([(5000, 0), (5100, 0)])]
FACILITY_XY = [(100, 0), (1000, 0), (5050, 0)]
FACILITY_SERVICES = [("elderly",), ("elderly",), ("elderly",)]
CAPACITY = np.array([10.0, 20.0, 5.0])
RESIDENT_XY = [(50, 0), (400, 0), (900, 0), (1900, 0), (500, 900)]
POPULATION = np.array([100.0, 200.0, 50.0, 300.0, 1000.0])
# Minutes from each resident to F0 and F1 (resident 4 is 900 m off the street: no part).
T = {(0, 0): 0.5, (0, 1): 9.5, (1, 0): 3.0, (1, 1): 6.0, (2, 0): 8.0, (2, 1): 1.0, (3, 1): 9.0}


def run(method, minutes=10.0, bands=DEFAULT_BANDS, weights=DEFAULT_WEIGHTS, population=POPULATION):
    network = build_network(STREETS)
    plan = ServicePlan("elderly", Decay(method, minutes, bands, weights), SPEED, np.asarray(population, float))
    return accessibility(network, AccessPoints.one_per_feature(FACILITY_XY), FACILITY_SERVICES, CAPACITY,
                         AccessPoints.one_per_feature(RESIDENT_XY), [plan], speed_kmh=SPEED, max_snap_m=150.0)


def hand(weight):
    """R_j and A_i from the definitions, with the weight function given by hand."""
    demand = [sum(POPULATION[i] * weight(t) for (i, j), t in T.items() if j == f) for f in range(2)]
    ratio = [CAPACITY[f] / demand[f] for f in range(2)]
    access = [sum(ratio[j] * weight(t) for (k, j), t in T.items() if k == i) for i in range(5)]
    return np.array(demand), np.array(ratio), np.array(access)


@pytest.mark.parametrize("method, weight", [
    (METHOD_2SFCA, lambda t: 1.0),
    (METHOD_E2SFCA, lambda t: 1.0 if t <= 5 else 0.68 if t <= 10 else 0.22),
    (METHOD_GAUSSIAN, lambda t: 0.01 ** ((t / 10.0) ** 2)),
])
def test_each_method_equals_the_hand_computation(method, weight):
    result = run(method).services["elderly"]
    demand, ratio, access = hand(weight)
    np.testing.assert_allclose(result.demand[:2], demand, rtol=1e-7)  # access legs are floored at 1e-6 m
    np.testing.assert_allclose(result.ratio[:2], ratio, rtol=1e-7)  # access legs are floored at 1e-6 m
    np.testing.assert_allclose(result.access, access, rtol=1e-7)  # access legs are floored at 1e-6 m
    np.testing.assert_allclose(result.acc, 1000 * access, rtol=1e-7)  # access legs are floored at 1e-6 m
    # The facility on the detached street is reached by nobody: no ratio, reported, not fatal.
    assert math.isnan(result.ratio[2]) and result.demand[2] == 0
    assert result.unreached.tolist() == [2]
    # The resident 900 m off the street takes no part and reaches nothing: A = 0, not NULL.
    assert result.access[4] == 0.0


def test_2sfca_values_written_out():
    result = run(METHOD_2SFCA).services["elderly"]
    assert result.demand[:2] == pytest.approx([350.0, 650.0])
    assert result.access[0] == pytest.approx(10 / 350 + 20 / 650)
    assert result.access[3] == pytest.approx(20 / 650)


def test_weight_is_zero_beyond_minutes_in_every_method():
    for method in (METHOD_2SFCA, METHOD_E2SFCA, METHOD_GAUSSIAN):
        decay = Decay(method, 8.5)
        assert decay([8.5 + 1e-9, 9.0, 20.0]).tolist() == [0.0, 0.0, 0.0]
        assert decay([8.5])[0] > 0
    assert Decay(METHOD_GAUSSIAN, 10.0)([10.0])[0] == pytest.approx(0.01)
    # E2SFCA bands are closed above: 5 min is in the first band, 5.0001 in the second.
    assert Decay(METHOD_E2SFCA, 15.0)([5.0, 5.0001, 15.0]).tolist() == [1.0, 0.68, 0.22]


def test_smaller_catchment_drops_the_far_pairs():
    result = run(METHOD_2SFCA, minutes=7.0).services["elderly"]
    # Within 7 min: R0-F0, R1-F0, R1-F1, R2-F1; R2-F0 (8), R0-F1 (9.5), R3-F1 (9) drop out.
    assert result.demand[:2] == pytest.approx([300.0, 250.0])
    assert result.access[3] == 0.0
    assert np.isnan(result.nearest_minutes[3])


def test_responsibility_catchments_assign_each_resident_to_the_nearest_facility():
    result = run(METHOD_2SFCA).services["elderly"]
    assert result.nearest_facility.tolist() == [0, 0, 1, 1, -1]
    np.testing.assert_allclose(result.nearest_minutes[:4], [0.5, 3.0, 1.0, 9.0], atol=1e-6)
    assert result.assigned_population.tolist() == [300.0, 350.0, 0.0]


def test_cohort_population_is_the_demand():
    cohort = np.array([10.0, 0.0, 0.0, 0.0, 0.0])
    result = run(METHOD_2SFCA, population=cohort).services["elderly"]
    # Only resident 0 counts: F0 and F1 each serve its 10 people.
    assert result.demand[:2] == pytest.approx([10.0, 10.0])
    assert result.access[0] == pytest.approx(10 / 10 + 20 / 10)


# --- the time matrix is walking coverage's ---------------------------------------------------------

def grid_network(n=9, spacing=120.0):
    lines = [LineString([(0, i * spacing), ((n - 1) * spacing, i * spacing)]) for i in range(n)]
    lines += [LineString([(i * spacing, 0), (i * spacing, (n - 1) * spacing)]) for i in range(n)]
    return build_network(lines, noding=1)


def test_times_equal_brute_force_dijkstra_and_nearest_equals_walking_coverage():
    rng = np.random.default_rng(7)
    network = grid_network()
    fac_xy = rng.uniform(-40, 1000, size=(25, 2))
    res_xy = rng.uniform(-200, 1100, size=(300, 2))  # some beyond the snap limit
    services = [("health",) if i % 2 else ("health", "elderly") for i in range(25)]
    minutes, speed, snap = 6.0, 4.0, 60.0
    plans = [ServicePlan(code, Decay(METHOD_2SFCA, minutes), speed, np.ones(300)) for code in ("health", "elderly")]
    facilities, residents = AccessPoints.one_per_feature(fac_xy), AccessPoints.one_per_feature(res_xy)
    result = accessibility(network, facilities, services, np.ones(25), residents, plans, speed_kmh=speed,
                           max_snap_m=snap)
    # Brute force: every facility leaf to every resident leaf on the full routing graph.
    res_att, fac_att = attach_points(network, res_xy, snap), attach_points(network, fac_xy, snap)
    graph = build_routing_graph(network, [res_att, fac_att])
    res_leaf, fac_leaf = graph.leaves
    dist = dijkstra(graph.matrix, directed=True, indices=fac_leaf[fac_leaf >= 0])
    brute = np.full((300, 25), np.inf)
    brute[np.ix_(res_leaf >= 0, fac_leaf >= 0)] = dist[:, res_leaf[res_leaf >= 0]].T / (speed * 1000 / 60)
    for code in ("health", "elderly"):
        service = result.services[code]
        expected = np.where(service.offers[None, :] & (brute <= minutes), brute, np.inf)
        got = service.times.toarray()
        got[service.times.toarray() == 0] = np.inf
        assert np.array_equal(np.isfinite(got), np.isfinite(expected))
        np.testing.assert_allclose(got[np.isfinite(got)], expected[np.isfinite(expected)], atol=1e-6)
    coverage = walking_coverage(network, facilities, services, residents, {"health": minutes, "elderly": minutes},
                                speed_kmh=speed, max_snap_m=snap, services=("health", "elderly"))
    for code in ("health", "elderly"):
        walked = coverage.minutes[code]
        within = walked <= minutes
        near = result.services[code].nearest_minutes
        np.testing.assert_allclose(near[within], walked[within], atol=1e-6)
        assert np.all(np.isnan(near[~within]))  # beyond the catchment or not reached: no nearest
    assert result.resident_attached.sum() < 300  # the case does exercise the snap limit


def test_per_cohort_speed_shrinks_the_reach():
    network = build_network(STREETS)
    slow = ServicePlan("elderly", Decay(METHOD_2SFCA, 10.0), 3.0, POPULATION)  # 50 m per minute
    result = accessibility(network, AccessPoints.one_per_feature(FACILITY_XY), FACILITY_SERVICES, CAPACITY,
                           AccessPoints.one_per_feature(RESIDENT_XY), [slow], speed_kmh=SPEED, max_snap_m=150.0)
    np.testing.assert_allclose(result.services["elderly"].nearest_minutes[:3], [1.0, 6.0, 2.0], atol=1e-6)
    assert np.isnan(result.services["elderly"].nearest_minutes[3])  # 900 m = 18 min at 3 km/h


# --- PySAL access on a generated case fed the same matrix -----------------------------------------

def pysal_access():
    """PySAL's ``access`` package, loaded from its installed files: a checkout in a folder named 'access'
    (this worktree) would shadow a plain ``import access``."""
    try:
        init = Path(importlib.metadata.distribution("access").locate_file("access/__init__.py"))
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("PySAL access is not installed (test-only dependency in requirements-dev.txt)")
    if "pysal_access" not in sys.modules:
        spec = importlib.util.spec_from_file_location("pysal_access", init,
                                                      submodule_search_locations=[str(init.parent)])
        module = importlib.util.module_from_spec(spec)
        sys.modules["pysal_access"] = module
        spec.loader.exec_module(module)
    return sys.modules["pysal_access"]


def test_agrees_with_pysal_access():
    pd = pytest.importorskip("pandas")
    pysal = pysal_access()
    pysal_weights = pysal.weights

    rng = np.random.default_rng(11)
    n_res, n_fac, minutes = 400, 30, 15.0
    times = rng.uniform(0.2, 25.0, size=(n_res, n_fac))
    times[rng.random((n_res, n_fac)) < 0.5] = np.inf  # not all pairs reach each other
    times[:, 0] = np.inf  # one facility reached by nobody
    population = rng.integers(1, 500, size=n_res).astype(float)
    capacity = rng.integers(5, 80, size=n_fac).astype(float)
    rows, cols = np.nonzero(times <= minutes)
    matrix = sp.csr_matrix((times[rows, cols], (rows, cols)), shape=(n_res, n_fac))
    cost = pd.DataFrame({"origin": rows, "dest": cols, "cost": times[rows, cols]})
    demand_df = pd.DataFrame({"geoid": np.arange(n_res), "pop": population})
    supply_df = pd.DataFrame({"cap": capacity}, index=pd.Index(np.arange(n_fac), name="geoid"))
    beta = minutes ** 2 / math.log(100.0)
    cases = {
        METHOD_2SFCA: None,
        METHOD_E2SFCA: pysal_weights.step_fn(dict(zip(DEFAULT_BANDS, DEFAULT_WEIGHTS))),
        METHOD_GAUSSIAN: pysal_weights.gaussian(math.sqrt(beta / 2.0)),
    }
    for method, weight_fn in cases.items():
        _, _, ours = floating_catchment(matrix, population, capacity, Decay(method, minutes))
        # PySAL keeps costs strictly below max_cost; the matrix holds only t ≤ MINUTES already.
        theirs = pysal.fca.two_stage_fca(demand_df, supply_df, cost, max_cost=minutes + 1e-9, demand_index="geoid",
                                          demand_name="pop", supply_index="geoid", supply_name="cap",
                                          weight_fn=weight_fn)
        theirs = theirs.reindex(np.arange(n_res)).fillna(0.0).to_numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-15)


# --- equity figures ---------------------------------------------------------------------------------

def test_gini_against_a_hand_computation():
    values, weights = np.array([0.0, 1.0, 3.0]), np.array([1.0, 2.0, 1.0])
    # Pairs: |0-1|·1·2 + |0-3|·1·1 + |1-3|·2·1 = 2 + 3 + 4 = 9, both orders: 18; Σw = 4; μ = 5/4.
    assert weighted_gini(values, weights) == pytest.approx(18 / (2 * 16 * 1.25))
    assert weighted_gini([2.0, 2.0], [3.0, 5.0]) == 0.0
    assert math.isnan(weighted_gini([0.0, 0.0], [1.0, 1.0]))
    # A person repeated w times gives the same as a weight of w.
    assert weighted_gini([1.0, 4.0, 4.0, 9.0], np.ones(4)) == pytest.approx(weighted_gini([1.0, 4.0, 9.0], [1, 2, 1]))


def test_weighted_percentile_and_lorenz():
    assert weighted_percentile([5.0, 1.0, 3.0], [1.0, 1.0, 8.0], 0.10) == 1.0
    assert weighted_percentile([5.0, 1.0, 3.0], [1.0, 0.5, 8.0], 0.10) == 3.0
    assert math.isnan(weighted_percentile([2.0, 1.0], [0.0, 0.0], 0.10))
    people, supply = lorenz_curve([0.0, 2.0], [1.0, 1.0])
    assert people.tolist() == [0.0, 0.5, 1.0] and supply.tolist() == [0.0, 0.0, 1.0]


def test_equity_summary_per_unit_and_whole_area():
    result = run(METHOD_2SFCA)
    result.services["elderly"].plan.norm_per_1000 = 40.0
    rows = equity_summary(result, POPULATION, ["A", "A", "B", "B", None])
    by = {(r.unit_id, r.service): r for r in rows}
    acc = result.services["elderly"].acc
    a = by[("A", "elderly")]
    assert a.population == 300.0
    assert a.mean_acc == pytest.approx((100 * acc[0] + 200 * acc[1]) / 300)
    everyone = by[("ALL", "elderly")]
    assert everyone.population == POPULATION.sum()
    # Resident 4 (1,000 people, off the network) is beyond the catchment and below the norm.
    assert everyone.beyond_share == pytest.approx(1000 / 1650)
    assert everyone.below_norm_share == pytest.approx(POPULATION[acc < 40].sum() / 1650)
    assert everyone.p10_acc == 0.0
    assert everyone.gini == pytest.approx(weighted_gini(acc, POPULATION))
    assert [r.unit_id for r in rows][-2:] == ["ALL", "ALL"] and rows[-1].service == ONE_PLUS_N


def test_equity_rows_of_interleaved_units_equal_the_figures_of_their_residents():
    # Units interleaved along the residents and unsorted: each row equals the figures computed on that unit's
    # residents alone, in their own order (the summary groups them with one sort instead of a mask per unit).
    rng = np.random.default_rng(4)
    result = run(METHOD_E2SFCA, population=POPULATION)
    service = result.services["elderly"]
    service.access = rng.uniform(0, 0.1, 5)
    service.access[[1, 4]] = 0.0
    units = ["Z", None, "A", "Z", "A"]
    rows = {(r.unit_id, r.service): r for r in equity_summary(result, POPULATION, units)}
    assert [k[0] for k in rows][::2] == ["A", "Z", "ALL"]
    for unit, members in (("A", [2, 4]), ("Z", [0, 3]), ("ALL", [0, 1, 2, 3, 4])):
        acc, people = service.acc[members], POPULATION[members]
        row = rows[(unit, "elderly")]
        assert row.population == people.sum()
        assert row.mean_acc == weighted_mean(acc, people)
        assert row.p10_acc == weighted_percentile(acc, people, 0.10)
        assert row.gini == weighted_gini(acc, people)
        one_plus_n = rows[(unit, ONE_PLUS_N)]
        assert one_plus_n.population == people.sum()
        assert one_plus_n.mean_small_sites == weighted_mean(result.small_sites_within[members], people)


def test_nearest_in_rows_takes_the_smallest_time_and_the_lowest_column_on_ties():
    # Row 0: a tie at 2.0 between columns 3 and 1 (stored out of order); row 1 empty; row 2 a stored 0;
    # row 3 one entry.
    times = sp.csr_matrix((np.array([5.0, 2.0, 2.0, 0.0, 4.0, 7.0]),
                           np.array([0, 3, 1, 2, 0, 2]), np.array([0, 3, 3, 5, 6])), shape=(4, 4))
    assert not times.has_sorted_indices
    minutes, column = nearest_in_rows(times)
    assert column.tolist() == [1, -1, 2, 2]
    assert minutes[[0, 2, 3]].tolist() == [2.0, 0.0, 7.0] and math.isnan(minutes[1])
    minutes, column = nearest_in_rows(sp.csr_matrix((3, 2)))
    assert column.tolist() == [-1, -1, -1] and np.isnan(minutes).all()


def test_one_plus_n_counts_hubs_and_small_sites():
    network = build_network(STREETS)
    services = [("party", "culture"), ("public_space",), ("public_space",)]
    plan = ServicePlan("culture", Decay(METHOD_2SFCA, 15.0), SPEED, POPULATION)
    result = accessibility(network, AccessPoints.one_per_feature(FACILITY_XY), services, CAPACITY,
                           AccessPoints.one_per_feature(RESIDENT_XY), [plan], speed_kmh=SPEED, max_snap_m=150.0)
    # The hub F0 (x=100) is within 15 min (1,500 m) of residents 0-2; resident 3 is 1,800 m away.
    assert result.hub_within.tolist() == [True, True, True, False, False]
    # Small site F1 (x=1000) within 5 min (500 m): residents 2 (100 m) only.
    assert result.small_sites_within.tolist() == [0, 0, 1, 0, 0]
    row = [r for r in equity_summary(result, POPULATION, ["A"] * 5) if r.unit_id == "A" and r.service == ONE_PLUS_N][0]
    assert row.hub_share == pytest.approx(350 / 1650)
    assert row.small_sites == 1.0


# --- bad input -----------------------------------------------------------------------------------

def describe(i):
    return f"F{i}"


@pytest.mark.parametrize("value, code", [
    (None, "accessibility.capacity_missing"), ("", "accessibility.capacity_missing"),
    ("many", "accessibility.capacity_not_numeric"), (-3.0, "accessibility.capacity_negative"),
    (0, "accessibility.capacity_zero"),
])
def test_bad_capacity_is_refused_with_layer_field_and_feature(value, code):
    with pytest.raises(AccessibilityError) as caught:
        capacities([5.0, value], [True, True], "设施", "capacity", describe)
    assert caught.value.code == code
    assert "'capacity'" in caught.value.message_en and "'设施'" in caught.value.message_en
    assert "F1" in caught.value.message_en and "F1" in caught.value.message_zh
    assert "容量字段" in caught.value.message("zh-Hans")


def test_missing_capacity_may_count_as_one_and_unused_facilities_are_not_checked():
    capacity, counted = capacities([None, 4, "x"], [True, True, False], "设施", "capacity", describe,
                                   missing_as_one=True)
    assert capacity[:2].tolist() == [1.0, 4.0] and counted == [0]
    with pytest.raises(AccessibilityError, match="is negative"):
        capacities([None, -1], [True, True], "设施", "capacity", describe, missing_as_one=True)


def test_capacities_too_large_to_compute_with_are_refused_naming_the_largest():
    # 1e308 beds per facility made supply per 1,000 people infinite, and the outputs NaN without a word
    with pytest.raises(AccessibilityError) as caught:
        capacities([1e308, 5.0, 1e308, "x"], [True, True, True, False], "设施", "capacity", describe)
    assert caught.value.code == "accessibility.capacity_too_large"
    assert all(text in caught.value.message_en for text in ("'capacity'", "F0", "F2"))
    assert "F1" not in caught.value.message_en and "过大" in caught.value.message("zh-Hans")
    assert capacities([1e300, 5.0], [True, True], "设施", "capacity", describe)[0].tolist() == [1e300, 5.0]


def test_bands_and_weights_checked():
    assert check_bands([5, 10, 15], [1, 0.68, 0.22]) == ((5.0, 10.0, 15.0), (1.0, 0.68, 0.22))
    for bands, weights, code in (([5, 5, 15], [1, 0.5, 0.2], "accessibility.bands_not_increasing"),
                                 ([10, 5], [1, 0.5], "accessibility.bands_not_increasing"),
                                 ([5, 10], [0.5, 0.9], "accessibility.weights_not_decreasing"),
                                 ([5, 10], [1, 0], "accessibility.weights_not_decreasing"),
                                 ([5, 10], [1], "accessibility.bands_weights_mismatch")):
        with pytest.raises(AccessibilityError) as caught:
            Decay(METHOD_E2SFCA, 15.0, tuple(bands), tuple(weights))
        assert caught.value.code == code
        assert caught.value.message_zh != caught.value.message_en


def test_cohort_fields_named_in_standards_must_exist_and_hold_people(tmp_path):
    standards = read_standards_text(tmp_path,
                                    "service,minutes,demand_field\nelderly,5,pop_60plus\nnursery,10,pop_0_3\n")
    check_cohort_fields(standards, ["elderly"], {"pop_60plus"}, "小区")
    with pytest.raises(AccessibilityError) as caught:
        check_cohort_fields(standards, ["elderly", "nursery"], {"pop_60plus"}, "小区")
    assert caught.value.code == "accessibility.cohort_field_missing"
    assert "'pop_0_3' (nursery)" in caught.value.message_en and "小区" in caught.value.message_zh
    with pytest.raises(AccessibilityError, match="'pop_60plus' of layer '小区'.*2 features: F1, F2"):
        cohort_population([3, None, -1], "小区", "pop_60plus", describe)


def read_standards_text(tmp_path, text):
    path = tmp_path / "standards.csv"
    path.write_text(text, encoding="utf-8")
    return read_standards(path)


def test_standards_reader_keeps_two_column_files_and_reads_the_new_columns(tmp_path):
    old = tmp_path / "old.csv"
    old.write_text("service,minutes\nelderly,5\n", encoding="utf-8")
    assert load_standards(old)["elderly"] == 5.0
    assert read_standards(old)["elderly"].demand_field is None
    new = tmp_path / "new.csv"
    new.write_text("service,minutes,demand_field,capacity_unit,norm_per_1000,speed_kmh\n"
                   "为老服务,5,pop_60plus,床位,40,3.2\nhealth,15,,,,\n", encoding="utf-8")
    elderly = read_standards(new)["elderly"]
    assert (elderly.minutes, elderly.demand_field, elderly.capacity_unit, elderly.norm_per_1000,
            elderly.speed_kmh) == (5.0, "pop_60plus", "床位", 40.0, 3.2)
    assert read_standards(new)["health"].norm_per_1000 is None
    bad = tmp_path / "bad.csv"
    bad.write_text("service,minutes,norm_per_1000\nelderly,5,-2\n", encoding="utf-8")
    with pytest.raises(StandardsError) as caught:
        read_standards(bad)
    assert caught.value.code == "standards.norm_per_1000_invalid" and "第 2 行" in caught.value.message_zh


def test_builtin_standards_carry_no_unsourced_number():
    table = read_standards(ROOT / "resources" / "standards_tiered.csv")
    assert table["elderly"].demand_field == "pop_60plus" and table["nursery"].demand_field == "pop_0_3"
    # No text we hold gives a norm per 1,000 or a walking speed: those cells stay empty.
    assert all(s.norm_per_1000 is None and s.speed_kmh is None for s in table.values())


def test_sample_district_has_generated_cohorts_and_capacities():
    from lifecircle.lifecircle_plugin.core.sample_district import COHORT_FIELDS, generate_sample_district

    district = generate_sample_district()
    for compound in district.compounds.records:
        assert sum(compound[f] for f in COHORT_FIELDS) <= compound["population"]
        assert compound["pop_60plus"] > 0 or compound["population"] == 0
    per_compound = {}
    for building in district.residents.records:
        totals = per_compound.setdefault(building["compound"], dict.fromkeys(COHORT_FIELDS, 0))
        for field in COHORT_FIELDS:
            totals[field] += building[field]
    assert per_compound == {c["name"]: {f: c[f] for f in COHORT_FIELDS} for c in district.compounds.records}
    assert all(f["capacity"] >= 10 for f in district.facilities.records)
    assert generate_sample_district().compounds.records == district.compounds.records  # deterministic
