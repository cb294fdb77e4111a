"""walking_coverage, summarize and load_standards on hand-checked small networks.

Walking speed 4 km/h = 4000/60 = 66.667 m per minute throughout; coordinates are metres.
"""
import numpy as np
import pytest
from shapely import LineString

from lifecircle.lifecircle_plugin.core.coverage import (
    WHOLE_AREA,
    AccessPoints,
    metres_per_minute,
    summarize,
    walking_coverage,
)
from lifecircle.lifecircle_plugin.core.network import build_network
from lifecircle.lifecircle_plugin.core.services import OPTIONAL_CODES, REQUIRED_CODES, SERVICE_CODES
from lifecircle.lifecircle_plugin.core.standards import StandardsError, load_standards

METRES_PER_MINUTE = 4000.0 / 60.0


def write_csv(tmp_path, text, name="standards.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- load_standards ----------------------------------------------------------------------------------

def test_load_standards_accepts_chinese_names_codes_and_a_bom(tmp_path):
    path = tmp_path / "standards.csv"
    path.write_text("service,minutes\n医疗卫生,10\n为老服务,5\nsports,15\n", encoding="utf-8-sig")
    thresholds = load_standards(path, default_minutes=15)
    assert thresholds["health"] == 10.0
    assert thresholds["elderly"] == 5.0
    assert thresholds["sports"] == 15.0
    # Services not listed keep the default; all twenty are present.
    assert set(thresholds) == set(SERVICE_CODES)
    assert thresholds["party"] == 15.0
    assert thresholds["ecology"] == 15.0


def test_load_standards_unknown_service_names_file_and_line(tmp_path):
    path = write_csv(tmp_path, "service,minutes\nhealth,10\n菜市场,5\n")
    with pytest.raises(StandardsError, match=r"Unknown service '菜市场' in .*standards\.csv, line 3"):
        load_standards(path)


@pytest.mark.parametrize("minutes", ["abc", "-5", "0", "nan", ""])
def test_load_standards_bad_minutes_named(tmp_path, minutes):
    path = write_csv(tmp_path, f"service,minutes\n医疗卫生,{minutes}\n")
    with pytest.raises(StandardsError, match=r"for '医疗卫生' in .*line 2 must be a positive number"):
        load_standards(path)


def test_load_standards_missing_header_or_file(tmp_path):
    with pytest.raises(StandardsError, match="columns 'service' and 'minutes'"):
        load_standards(write_csv(tmp_path, "service;minutes\nhealth;5\n"))
    with pytest.raises(StandardsError, match="Cannot read the CSV file .*absent.csv"):
        load_standards(tmp_path / "absent.csv")


def test_load_standards_header_without_rows_says_so(tmp_path):
    # The header is right: the message must not claim it is missing.
    path = write_csv(tmp_path, "service,minutes\n")
    with pytest.raises(StandardsError, match="lists no service") as err:
        load_standards(path)
    assert "needs a header" not in str(err.value)


def test_load_standards_service_listed_twice_is_rejected(tmp_path):
    # 医疗卫生 and health are the same service: which threshold wins must not be silent.
    path = write_csv(tmp_path, "service,minutes\n医疗卫生,10\nsports,15\nhealth,5\n")
    with pytest.raises(StandardsError, match=r"'health' is listed twice .*lines 2 and 4"):
        load_standards(path)


# --- walking_coverage ----------------------------------------------------------------------------------

def test_metres_per_minute_and_bad_speed():
    assert metres_per_minute(4.0) == pytest.approx(METRES_PER_MINUTE)
    with pytest.raises(ValueError, match="Walking speed must be positive"):
        metres_per_minute(0)


@pytest.fixture
def street():
    """A 2 km street; facility 0 at the west end offers the ten essentials, facility 1 at the
    east end offers health only; four residents, the last 300 m off the street."""
    network = build_network([LineString([(0, 0), (2000, 0)])])
    facilities = AccessPoints.one_per_feature([(0, 0), (2000, 0)])
    facility_services = [REQUIRED_CODES, ("health",)]
    residents = AccessPoints.one_per_feature([(100, 0), (900, 0), (1200, 0), (500, 300)])
    return network, facilities, facility_services, residents


def test_coverage_minutes_nearest_facility_and_unattached(street):
    network, facilities, facility_services, residents = street
    thresholds = dict.fromkeys(SERVICE_CODES, 15.0)
    thresholds["health"] = 10.0
    result = walking_coverage(network, facilities, facility_services, residents, thresholds)
    # health: 100 m → 1.5 min (fac 0); 900 m → 13.5 (fac 0; fac 1 is 1100 m);
    # 1200 m west vs 800 m east → 12.0 via fac 1; the off-street resident: NaN.
    assert result.minutes["health"][:3] == pytest.approx([1.5, 13.5, 12.0], abs=1e-4)
    assert result.nearest["health"].tolist() == [0, 0, 1, -1]
    # party only at fac 0: 1.5, 13.5, 1200/66.667 = 18.0.
    assert result.minutes["party"][:3] == pytest.approx([1.5, 13.5, 18.0], abs=1e-4)
    assert np.isnan(result.minutes["party"][3])
    # Thresholds: health 10 → only the first; party 15 → the first two.
    assert result.ok("health").tolist() == [True, False, False, False]
    assert result.ok("party").tolist() == [True, True, False, False]
    # No facility offers an enhancement: nobody reached, count 0.
    assert np.isnan(result.minutes["ecology"]).all()
    assert result.facilities_per_service["ecology"] == 0
    assert result.facilities_per_service["health"] == 2
    # Essentials within threshold: resident 0 all ten; resident 1 all but health (13.5 > 10);
    # resident 2 none (18 min > 15 to facility 0, health 12 > 10); resident 3 none.
    assert result.required_ok_count().tolist() == [10, 9, 0, 0]
    assert result.missing_required()[1] == ("health",)
    # The off-street resident (300 m away, snap limit 150 m) is reported as not attached.
    assert result.attached.tolist() == [True, True, True, False]
    assert np.isnan(result.snap_m[3])
    assert result.island.tolist() == [0, 0, 0, -1]


def test_summarize_units_and_whole_area_rows(street, tmp_path):
    network, facilities, facility_services, residents = street
    thresholds = load_standards(write_csv(tmp_path, "service,minutes\n医疗卫生,10\n"))
    result = walking_coverage(network, facilities, facility_services, residents, thresholds)
    population = [100, 200, 50, 30]
    rows = summarize(result, population, ["A", "B", "A", "B"])
    table = {(r.unit_id, r.service): r for r in rows}
    # 2 units + the whole area, × (20 services + all_required).
    assert len(rows) == 3 * 21
    assert [r.unit_id for r in rows[::21]] == ["A", "B", WHOLE_AREA]
    # health (10 min): only resident 0 (A, 100 people). A: 100 of 150; B: 0 of 230; all: 100 of 380.
    health_a = table["A", "health"]
    assert (health_a.population, health_a.covered_population) == (150.0, 100.0)
    assert health_a.share == pytest.approx(100 / 150)
    assert health_a.threshold_min == 10.0
    assert table["B", "health"].covered_population == 0.0
    assert table[WHOLE_AREA, "health"].population == 380.0
    assert table[WHOLE_AREA, "health"].share == pytest.approx(100 / 380)
    # party (15 min): residents 0 and 1: A 100 of 150, B 200 of 230, all 300 of 380.
    assert table["B", "party"].covered_population == 200.0
    assert table[WHOLE_AREA, "party"].covered_population == 300.0
    # All ten essentials: resident 0 only.
    assert table[WHOLE_AREA, "all_required"].covered_population == 100.0
    assert np.isnan(table[WHOLE_AREA, "all_required"].threshold_min)
    for code in OPTIONAL_CODES:
        assert table[WHOLE_AREA, code].covered_population == 0.0


def test_summarize_unit_without_people_has_no_share(street):
    network, facilities, facility_services, residents = street
    result = walking_coverage(network, facilities, facility_services, residents,
                              dict.fromkeys(SERVICE_CODES, 15.0))
    rows = summarize(result, [100, 0, 50, 0], ["A", "B", "A", "B"])
    empty = [r for r in rows if r.unit_id == "B"]
    assert all(r.population == 0 and np.isnan(r.share) for r in empty)


def test_summarize_a_subset_of_services(street):
    # Only health computed: the table has health rows; "all ten essentials" cannot be judged
    # from one service, so it is left out rather than failing.
    network, facilities, facility_services, residents = street
    result = walking_coverage(network, facilities, facility_services, residents, {"health": 10.0},
                              services=("health",))
    rows = summarize(result, [100, 200, 50, 30], ["A", "B", "A", "B"])
    assert {r.service for r in rows} == {"health"}
    assert [(r.unit_id, r.covered_population) for r in rows] == [("A", 100.0), ("B", 0.0),
                                                                  (WHOLE_AREA, 100.0)]


def test_compound_with_two_gates_takes_the_better_gate():
    # Street (0,0)-(1000,0); health at the west end. One compound with two gates:
    # gate (500,5): 5 + 500 = 505 m; gate (100,-8): 8 + 100 = 108 m → 108 / 66.667 = 1.62 min.
    network = build_network([LineString([(0, 0), (1000, 0)])])
    facilities = AccessPoints.one_per_feature([(0, 0)])
    compound = AccessPoints(xy=np.array([[500.0, 5.0], [100.0, -8.0]]), owner=np.array([0, 0]), count=1)
    result = walking_coverage(network, facilities, [("health",)], compound, {"health": 15.0},
                              services=("health",))
    assert result.minutes["health"] == pytest.approx([108 / METRES_PER_MINUTE], abs=1e-4)
    assert result.nearest["health"].tolist() == [0]
    # The shortest access leg of the compound's gates: 5 m.
    assert result.snap_m == pytest.approx([5.0])


def test_facility_with_several_access_points_counts_once():
    # One facility (a building with two entrances at x=0 and x=600) serves a resident at x=500
    # through the nearer entrance: 100 m → 1.5 min; the nearest facility index is 0.
    network = build_network([LineString([(0, 0), (1000, 0)])])
    facility = AccessPoints(xy=np.array([[0.0, 0.0], [600.0, 0.0]]), owner=np.array([0, 0]), count=1)
    residents = AccessPoints.one_per_feature([(500, 0)])
    result = walking_coverage(network, facility, [("health",)], residents, {"health": 15.0},
                              services=("health",))
    assert result.minutes["health"] == pytest.approx([1.5], abs=1e-4)
    assert result.nearest["health"].tolist() == [0]
    assert result.facilities_per_service["health"] == 1


def test_island_labels_for_facility_and_resident():
    # Main street of 3 edges; a 50 m island path 1 km away holds the only health facility.
    network = build_network([
        LineString([(0, 0), (100, 0), (200, 0), (300, 0)]),
        LineString([(1000, 1000), (1050, 1000)]),
    ])
    facilities = AccessPoints.one_per_feature([(1020, 1002)])
    residents = AccessPoints.one_per_feature([(150, 3), (1040, 998)])
    result = walking_coverage(network, facilities, [("health",)], residents, {"health": 15.0},
                              services=("health",))
    assert result.facility_island.tolist() == [1]
    assert result.island.tolist() == [0, 1]
    # The main-street resident cannot reach the island; the island resident walks 2 + 20 + 2 = 24 m.
    assert np.isnan(result.minutes["health"][0])
    assert result.nearest["health"].tolist() == [-1, 0]
    assert result.minutes["health"][1] == pytest.approx(24 / METRES_PER_MINUTE, abs=1e-4)


def test_cancel_stops_coverage_and_progress_is_reported():
    network = build_network([LineString([(0, 0), (1000, 0)])])
    facilities = AccessPoints.one_per_feature([(0, 0)])
    residents = AccessPoints.one_per_feature([(500, 0)])
    fractions = []
    walking_coverage(network, facilities, [("health",)], residents, {"health": 15.0},
                     services=("health",), progress=lambda f, _msg: fractions.append(f))
    assert fractions[0] == 0.0 and fractions[-1] == 1.0

    class Cancelled(Exception):
        pass

    def cancel():
        raise Cancelled()

    with pytest.raises(Cancelled):
        walking_coverage(network, facilities, [("health",)], residents, {"health": 15.0},
                         services=("health",), cancel=cancel)


def test_resident_beyond_the_search_limit_is_not_reached():
    # Search limit = max(search minutes 10, threshold 5) = 10 min = 666.7 m. The resident at
    # x=800 is beyond it: NaN and no facility, not a number above the limit.
    network = build_network([LineString([(0, 0), (1000, 0)])])
    facilities = AccessPoints.one_per_feature([(0, 0)])
    residents = AccessPoints.one_per_feature([(600, 0), (800, 0)])
    result = walking_coverage(network, facilities, [("health",)], residents, {"health": 5.0},
                              services=("health",), search_minutes=10.0)
    assert result.minutes["health"][0] == pytest.approx(9.0, abs=1e-4)
    assert np.isnan(result.minutes["health"][1])
    assert result.nearest["health"].tolist() == [0, -1]
