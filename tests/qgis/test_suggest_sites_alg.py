"""lifecircle:suggestsites through processing.run: hand-checked street, the sample district, bad input.

The hand-checked street runs 3,000 m east along y = 0 (EPSG:4549, metres); residents stand 10 m north
of it, candidates 10 m south. At 4 km/h five minutes are 333.3 m.
"""
import pytest
from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QVariant

from conftest import RecordingFeedback, memory_layer
from test_walking_coverage_alg import as_layer, rows

ALG = "lifecircle:suggestsites"
CRS = "EPSG:4549"
X0, Y0 = 640000.0, 3450000.0


def point(x, y):
    return f"POINT({X0 + x} {Y0 + y})"


def box(x0, x1):
    return (f"POLYGON(({X0 + x0} {Y0 - 100},{X0 + x1} {Y0 - 100},{X0 + x1} {Y0 + 100},{X0 + x0} {Y0 + 100},"
            f"{X0 + x0} {Y0 - 100}))")


def street():
    return memory_layer("LineString", CRS, [("name", QVariant.String)],
                        [(f"LINESTRING({X0} {Y0},{X0 + 3000} {Y0})", ["长街"])], "street")


def residents():
    # R1..R4 with populations 100, 500, 300, 50.
    return memory_layer("Point", CRS, [("name", QVariant.String), ("population", QVariant.Int)],
                        [(point(100, 10), ["R1", 100]), (point(1000, 10), ["R2", 500]),
                         (point(2000, 10), ["R3", 300]), (point(2900, 10), ["R4", 50])], "residents")


def facilities(rows_):
    return memory_layer("Point", CRS, [("name", QVariant.String), ("services", QVariant.String)],
                        [(point(x, 0), [name, services]) for name, services, x in rows_], "facilities")


def candidates(rows_, kind="Point"):
    return memory_layer(kind, CRS, [("name", QVariant.String), ("floor_area_m2", QVariant.Double)],
                        [(wkt, [name, area]) for name, area, wkt in rows_], "candidates")


PAVILION_CANDIDATES = [
    ("C1", 150.0, point(1000, -10)),  # reaches R2 only
    ("C2", 150.0, point(1050, -10)),  # reaches exactly what C1 reaches, but stands by the metro exit
    ("C3", 250.0, point(2000, -10)),  # 200-400 m²: reaches R3 (300 residents)
    ("C4", 500.0, point(2900, -10)),  # too large for a 六艺亭
    ("C5", None, point(1500, -10)),  # NULL floor area
    ("C6", 100.0, point(1000, 5000)),  # far beyond the snap limit
]


def params(**overrides):
    base = {
        "NETWORK": street(), "DEMAND": residents(), "POPULATION_FIELD": "population",
        "FACILITIES": facilities([("F1", "health", 0)]), "SERVICE_FIELD": "services",
        "CANDIDATES": candidates(PAVILION_CANDIDATES), "FLOOR_AREA_FIELD": "floor_area_m2",
        "KIND": 0, "COUNT": 1, "HIGH_DEMAND_POP": 1000,
        "TRANSIT": memory_layer("Point", CRS, [("name", QVariant.String)], [(point(1050, -30), ["鲁班路站"])],
                                "transit"),
        "OUTPUT": "memory:", "OUTPUT_AUDIT": "memory:",
    }
    base.update(overrides)
    return base


def run(parameters):
    import processing

    feedback = RecordingFeedback()
    return processing.run(ALG, parameters, feedback=feedback), feedback


def by_name(output):
    return {r["name"]: r for r in rows(output)}


def test_pavilion_on_a_hand_checked_street(lifecircle_provider):
    result, feedback = run(params())
    sites = rows(result["OUTPUT"])
    # C1 and C2 reach the same residents; C2 is 20 m from the metro exit and wins the tie.
    assert [(s["rank"], s["name"]) for s in sites] == [(1, "C2")]
    site = sites[0]
    assert site["new_covered_pop"] == 500 and site["area_status"] == "ok" and site["floor_area_m2"] == 150
    assert site["cum_share"] == pytest.approx(600 / 950)
    assert site["services"] is None and site["kind"] == "liuyiting"
    assert site["reason_en"] == "covers 500 residents now beyond a 5-minute walk; 20 m from 鲁班路站 (transit stop)"
    assert site["reason_zh"] == "新覆盖500名目前5分钟步行范围外的居民；距公共交通站点鲁班路站20米"
    assert result["COVERED_SHARE_BEFORE"] == pytest.approx(100 / 950)  # F1 (any facility counts) reaches R1
    assert result["COVERED_SHARE_AFTER"] == pytest.approx(600 / 950)
    assert result["OPTIMAL"] is True and result["SITES_CHOSEN"] == 1
    assert as_layer(result["OUTPUT"]).wkbType() == 1  # Point
    log = feedback.log
    assert "residents within 5 minutes on foot (333 m)" in log  # MINUTES empty: 5 for a 六艺亭
    assert "Before: 10.5% of 950 residents" in log and "After: 63.2% (600 residents) with 1 new 六艺亭" in log
    assert "proven optimal" in log


def test_audit_explains_every_candidate(lifecircle_provider):
    result, feedback = run(params())
    audit = by_name(result["OUTPUT_AUDIT"])
    assert set(audit) == {"C1", "C2", "C3", "C4", "C5", "C6"}
    assert audit["C1"]["eligible"] and not audit["C1"]["chosen"] and audit["C1"]["rank"] is None
    assert audit["C2"]["chosen"] and audit["C2"]["rank"] == 1
    assert audit["C2"]["transit_m"] == pytest.approx(20.0)
    assert audit["C3"]["rule"] == "pavilion_demand_too_low" and "only 300 residents" in audit["C3"]["reason_en"]
    assert audit["C3"]["pop_within_reach"] == 300
    assert audit["C4"]["rule"] == "pavilion_over_hard_max"
    assert audit["C5"]["rule"] == "floor_area_missing" and audit["C5"]["floor_area_m2"] is None
    assert audit["C6"]["rule"] == "beyond_snap" and audit["C6"]["snap_m"] is None
    assert all(not audit[n]["eligible"] for n in ("C3", "C4", "C5", "C6"))
    # NULL floor areas and unreachable candidates are named feature by feature in the log.
    assert any("NULL floor area" in w and "(C5)" in w for w in feedback.warnings)
    assert any("snap distance" in w and "(C6)" in w for w in feedback.warnings)
    assert "2 of 6 candidates are eligible" in feedback.log
    assert ("Not eligible: 1 floor area NULL, 1 larger than the 六艺亭 maximum, 1 beyond the snap limit of the "
            "walking network, 1 above the usual pavilion size without high demand.") in feedback.log


def test_high_demand_makes_a_mid_size_pavilion_eligible_with_justification(lifecircle_provider):
    result, _ = run(params(COUNT=2, HIGH_DEMAND_POP=300))
    sites = rows(result["OUTPUT"])
    assert [s["name"] for s in sites] == ["C2", "C3"]
    assert [s["new_covered_pop"] for s in sites] == [500, 300]
    assert [s["cum_share"] for s in sites] == pytest.approx([600 / 950, 900 / 950])
    assert sites[1]["area_status"] == "needs_justification"
    assert "record the justification" in sites[1]["reason_en"] and "需记录需求论证" in sites[1]["reason_zh"]


def test_hub_one_service_facility_is_no_hub_and_services_are_proposed(lifecircle_provider):
    hub_candidates = [("H1", 900.0, point(1000, -10)), ("H2", 700.0, point(2900, -10))]
    units = memory_layer("Polygon", CRS, [("unit_id", QVariant.String)],
                         [(box(0, 1500), ["A"]), (box(1500, 2500), ["B"]), (box(2500, 3000), ["C"])], "units")
    existing = facilities([("F1", "health", 0), ("F2", "party,health", 2000), ("F3", "party", 1100)])
    result, feedback = run(params(KIND=1, MINUTES=5, FACILITIES=existing, CANDIDATES=candidates(hub_candidates),
                                  UNITS=units, UNIT_ID_FIELD="unit_id", COUNT=1))
    # Only F2 combines two services; F3 (party only) is no hub, so R2 beside it is not covered before.
    assert "1 of 3 facilities of 'facilities' combine at least two services" in feedback.log
    assert "2 offering a single service are no hub" in feedback.log
    (site,) = rows(result["OUTPUT"])
    assert site["name"] == "H1" and site["new_covered_pop"] == 500 and site["kind"] == "renminfang"
    # R2 has party service 100 m away (F3) but lacks the others within 5 minutes: the four most
    # lacking (all tied at 500) in the 十全 order, party left out.
    assert site["services"] == "deliberation,employment,health,elderly"
    assert site["services_zh"] == "社区议事、就业关怀、医疗卫生、为老服务"
    assert "建议组合社区议事（范围内500人缺乏）" in site["reason_zh"]
    audit = by_name(result["OUTPUT_AUDIT"])
    assert audit["H2"]["rule"] == "hub_below_min_area" and "800 m²" in audit["H2"]["reason_en"]
    assert result["COVERED_SHARE_BEFORE"] == pytest.approx(300 / 950)
    # Unit C (R4 only) has no hub within reach, existing or suggested.
    warning = [w for w in feedback.warnings if "No 人民坊" in w]
    assert warning and warning[0].endswith("unit(s): C. The aim is one within reach in every unit: add candidates "
                                           "there or raise the number of sites.")
    assert "Unit A: 0.0% → 83.3%" in feedback.log  # R2 (500 of 600); R1 has only a health post


def test_small_multi_service_station_is_no_existing_hub(lifecircle_provider):
    """With the candidates' floor-area field on the facilities too, an existing hub needs the minimum area."""
    existing = memory_layer("Point", CRS, [("name", QVariant.String), ("services", QVariant.String),
                                           ("floor_area_m2", QVariant.Double)],
                            [(point(2000, 0), ["F2", "party,health", 300.0]),
                             (point(100, 0), ["F4", "party,culture", 1200.0])], "facilities")
    hub_candidates = [("H1", 900.0, point(1000, -10)), ("H3", 900.0, point(2000, -10))]
    result, feedback = run(params(KIND=1, MINUTES=5, FACILITIES=existing, CANDIDATES=candidates(hub_candidates),
                                  COUNT=1))
    assert "1 of them have a floor area 'floor_area_m2' under 800 m² and are no 人民坊: 1 (F2)" in feedback.log
    # Only F4 (1,200 m²) covers before: R1 (100 of 950).
    assert result["COVERED_SHARE_BEFORE"] == pytest.approx(100 / 950)
    (site,) = rows(result["OUTPUT"])
    assert site["name"] == "H1" and site["new_covered_pop"] == 500


def test_hub_minutes_default_to_fifteen(lifecircle_provider):
    hub_candidates = [("H1", 900.0, point(1000, -10))]
    result, feedback = run(params(KIND=1, CANDIDATES=candidates(hub_candidates), FACILITIES=None))
    assert "residents within 15 minutes on foot (1000 m)" in feedback.log
    assert "No facilities layer" in feedback.log
    (site,) = rows(result["OUTPUT"])
    # 1,000 m from H1 reaches R1 (900 + 20 m) besides R2; R3 at 1,000 + 20 m is just beyond.
    assert site["new_covered_pop"] == 600
    assert site["services"] == "party,deliberation,employment,health"


def test_polygon_candidates(lifecircle_provider):
    square = (f"POLYGON(({X0 + 990} {Y0 - 30},{X0 + 1010} {Y0 - 30},{X0 + 1010} {Y0 - 10},{X0 + 990} {Y0 - 10},"
              f"{X0 + 990} {Y0 - 30}))")
    result, _ = run(params(CANDIDATES=candidates([("P1", 120.0, square)], kind="Polygon")))
    (site,) = rows(result["OUTPUT"])
    assert site["name"] == "P1" and site["new_covered_pop"] == 500
    assert as_layer(result["OUTPUT_AUDIT"]).geometryType() == 2  # the audit keeps the polygon


def test_fewer_useful_sites_than_asked_is_said(lifecircle_provider):
    result, feedback = run(params(COUNT=2))
    assert result["SITES_CHOSEN"] == 1
    assert any("Only 1 of the 2 sites asked for" in w for w in feedback.warnings)


def test_nearest_preference_feature_breaks_the_tie(lifecircle_provider):
    # A living street passing 5 m from C1 beats the metro exit 20 m from C2.
    streets = memory_layer("LineString", CRS, [("name", QVariant.String)],
                           [(f"LINESTRING({X0 + 900} {Y0 - 15},{X0 + 1000} {Y0 - 15})", ["蒙自路"])], "streets")
    result, _ = run(params(LIVING_STREETS=streets))
    (site,) = rows(result["OUTPUT"])
    assert site["name"] == "C1" and site["new_covered_pop"] == 500
    assert site["reason_en"] == ("covers 500 residents now beyond a 5-minute walk; 5 m from 蒙自路 (living street); "
                                 "54 m from 鲁班路站 (transit stop)")
    audit = by_name(result["OUTPUT_AUDIT"])
    assert audit["C1"]["street_m"] == pytest.approx(5.0) and audit["C2"]["transit_m"] == pytest.approx(20.0)


def test_target_share_asks_for_the_fewest_sites(lifecircle_provider):
    result, feedback = run(params(TARGET_SHARE=0.9, HIGH_DEMAND_POP=300, COUNT=5))
    assert [s["name"] for s in rows(result["OUTPUT"])] == ["C2", "C3"]
    assert result["COVERED_SHARE_AFTER"] == pytest.approx(900 / 950) and result["OPTIMAL"] is True
    assert "Target share 90.0% given" in feedback.log and "(5) is ignored" in feedback.log
    # Already reached by the existing facility: nothing new is needed.
    result, _ = run(params(TARGET_SHARE=0.1))
    assert result["SITES_CHOSEN"] == 0 and rows(result["OUTPUT"]) == []


def test_unreachable_target_share_says_how_far_coverage_goes(lifecircle_provider):
    with pytest.raises(QgsProcessingException, match=r"A share of 95.0% .* cannot be reached .* at most 63.2%"):
        run(params(TARGET_SHARE=0.95))


# --- bad input -----------------------------------------------------------------------------------

def test_no_candidates(lifecircle_provider):
    with pytest.raises(QgsProcessingException, match="Layer 'candidates' .* has no features"):
        run(params(CANDIDATES=candidates([])))


def test_no_eligible_candidate_says_which_rules_excluded_them(lifecircle_provider):
    too_large = [("L1", 450.0, point(1000, -10)), ("L2", 900.0, point(2000, -10)), ("N", None, point(10, -10))]
    with pytest.raises(QgsProcessingException,
                       match=r"None of the 3 candidates of layer 'candidates' may host a 六艺亭: 1 floor area NULL, "
                             r"2 larger than the 六艺亭 maximum"):
        run(params(CANDIDATES=candidates(too_large)))


def test_count_larger_than_the_eligible_candidates(lifecircle_provider):
    with pytest.raises(QgsProcessingException,
                       match=r"3 new sites asked for, but only 2 of the 6 candidates of layer 'candidates' are "
                             r"eligible for a 六艺亭 \(not eligible: 1 floor area NULL, 1 larger than"):
        run(params(COUNT=3))


def test_non_numeric_floor_area_is_reported(lifecircle_provider):
    layer = memory_layer("Point", CRS, [("name", QVariant.String), ("floor_area_m2", QVariant.String)],
                         [(point(1000, -10), ["T1", "abc"]), (point(1050, -10), ["T2", "120"])], "candidates")
    result, feedback = run(params(CANDIDATES=layer))
    audit = by_name(result["OUTPUT_AUDIT"])
    assert audit["T1"]["rule"] == "floor_area_invalid" and "'abc'" in audit["T1"]["reason_en"]
    assert any("not a positive number" in w and "(T1)" in w for w in feedback.warnings)
    assert audit["T2"]["chosen"]


# --- the sample district ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample(lifecircle_provider, tmp_path_factory):
    import processing

    path = tmp_path_factory.mktemp("sample") / "district.gpkg"
    processing.run("lifecircle:sampledistrict", {"OUTPUT": str(path)})
    return lambda name: f"{path}|layername={name}"


def sample_params(sample, **overrides):
    base = {"NETWORK": sample("roads"), "DEMAND": sample("compounds"), "POPULATION_FIELD": "population",
            "GATES": sample("gates"), "FACILITIES": sample("facilities"), "SERVICE_FIELD": "services",
            "CANDIDATES": sample("candidates"), "FLOOR_AREA_FIELD": "floor_area_m2",
            "UNITS": sample("units"), "UNIT_ID_FIELD": "unit_id", "TRANSIT": sample("transit_stops"),
            "GREEN_SPACE": sample("parks"), "OUTPUT": "memory:", "OUTPUT_AUDIT": "memory:"}
    base.update(overrides)
    return base


def test_sample_district_pavilions(sample):
    result, feedback = run(sample_params(sample, KIND=0, COUNT=2))
    sites = rows(result["OUTPUT"])
    audit = by_name(result["OUTPUT_AUDIT"])
    assert len(audit) == 15
    # Every size class of the sample is judged as the rules say.
    assert audit["丹浦公园东北角"]["area_status"] == "ok"  # exactly 200 m²
    assert audit["蒙自路沿街商铺"]["floor_area_m2"] == 400
    assert audit["蒙自路沿街商铺"]["area_status"] == (
        "needs_justification" if audit["蒙自路沿街商铺"]["pop_within_reach"] >= 3000 else None)
    assert audit["原丽园路街道工厂"]["rule"] == "pavilion_over_hard_max"  # 450 m²
    assert {audit[n]["rule"] for n in ("制造局路待建地块", "丽园口袋公园边角")} == {"floor_area_missing"}
    for name in ("鲁班路底层架空层", "日晖东路闲置门面"):  # 210-390 m²
        row = audit[name]
        assert 200 < row["floor_area_m2"] < 400
        assert row["eligible"] == (row["pop_within_reach"] >= 3000)
    # Ranked by the residents each adds; the shares add up to the reported coverage.
    assert [s["rank"] for s in sites] == list(range(1, len(sites) + 1)) and sites
    gains = [s["new_covered_pop"] for s in sites]
    assert gains == sorted(gains, reverse=True)
    assert sites[-1]["cum_share"] == pytest.approx(result["COVERED_SHARE_AFTER"])
    assert result["COVERED_SHARE_AFTER"] > result["COVERED_SHARE_BEFORE"] > 0.5
    assert all(audit[s["name"]]["eligible"] and audit[s["name"]]["chosen"] for s in sites)
    assert "proven optimal" in feedback.log
    assert "Unit DPQ-01:" in feedback.log


def test_sample_district_hubs_at_five_minutes(sample):
    result, feedback = run(sample_params(sample, KIND=1, COUNT=1, MINUTES=5))
    (site,) = rows(result["OUTPUT"])
    assert site["floor_area_m2"] >= 800 and site["area_status"] == "ok"
    codes = site["services"].split(",")
    assert 2 <= len(codes) <= 4
    assert "建议组合" in site["reason_zh"] and "proposed services" in site["reason_en"]
    assert "count as existing 人民坊" in feedback.log


@pytest.mark.parametrize("reports_before_cancel", [1, 2])
def test_cancel_stops_without_output(lifecircle_provider, tmp_path, reports_before_cancel):
    import processing

    feedback = RecordingFeedback()

    def cancel_at_report(_progress):
        if len(feedback.progress) == reports_before_cancel:
            feedback.cancel()

    feedback.progressChanged.connect(cancel_at_report)
    outputs = {"OUTPUT": str(tmp_path / "sites.gpkg"), "OUTPUT_AUDIT": str(tmp_path / "audit.gpkg")}
    results = processing.run(ALG, params(**outputs), feedback=feedback)
    assert results == {}
    assert "Cancelled: nothing was written." in feedback.info
    assert not any(line.startswith("After:") for line in feedback.info)
    assert list(tmp_path.iterdir()) == []
