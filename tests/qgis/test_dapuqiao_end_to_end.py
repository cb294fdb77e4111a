"""The whole chain on the real 打浦桥街道 OpenStreetMap data (© OpenStreetMap contributors, ODbL 1.0).

classifyfacilities → preparenetwork → walkingcoverage (with its report) → suggestsites (六艺亭),
all through processing.run, as ``bench/dapuqiao_chain.py`` runs it; residents and the candidates'
floor areas are generated there (stated assumptions, not data). The figures are in docs/dapuqiao.md.
"""
import sys
import time

import numpy as np
import pytest
import shapely
from qgis.PyQt.QtCore import QVariant

from conftest import ROOT, RecordingFeedback, memory_layer, shared_data
from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES, SERVICE_CODES
from lifecircle.lifecircle_plugin.core.site_rules import (
    AREA_NEEDS_JUSTIFICATION,
    AREA_OK,
    DEFAULT_HIGH_DEMAND_POP,
    RULE_AREA_MISSING,
    RULE_PAVILION_TOO_LARGE,
)

sys.path.insert(0, str(ROOT / "bench"))
from dapuqiao_chain import (
    HEALTH_CENTRE,
    METRIC_CRS,
    NEW_PAVILIONS,
    ORIGIN_GENERATED,
    PAVILION_MINUTES,
    RESIDENT_SPACING_M,
    RESIDENTS_PER_POINT,
    as_layer,
    metric_geometries,
    records,
    run_chain,
    whole_area_shares,
)

pytestmark = pytest.mark.usefixtures("lifecircle_provider")

# Ways of the snapshot a pedestrian may not use: the elevated expressway (南北高架路) and its ramps.
MOTOR_ONLY = {"trunk", "trunk_link"}
PAVILION_SOFT_MAX_M2 = 200.0
PAVILION_HARD_MAX_M2 = 400.0
# The summary's service value of the row "residents reaching all ten essentials".
ALL_REQUIRED = "all_required"


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    data_dir = shared_data("dapuqiao-osm")
    feedback = RecordingFeedback()
    start = time.perf_counter()
    result = run_chain(tmp_path_factory.mktemp("dapuqiao"), data_dir, report=True, feedback=feedback)
    yield result, feedback, time.perf_counter() - start
    # pytest keeps the last test's arguments until after the session's QGIS has exited; a layer freed
    # then crashes. Free the chain's layers now.
    result.layers.clear()
    result.residents = result.candidates = None


def test_the_whole_chain_runs_within_half_a_minute(chain):
    result, _feedback, seconds = chain
    assert set(result.seconds) == {"classify", "prepare", "generate", "coverage", "sites"}
    assert seconds < 30.0


def test_pois_are_classified_and_the_health_centre_is_a_health_facility(chain):
    result, _feedback, _seconds = chain
    facilities = records(result.classified["OUTPUT"])
    assert len(facilities) == result.layers["services"].featureCount() == 89
    with_service = [f for f in facilities if f["services"]]
    assert len(with_service) == result.classified["WITH_SERVICE"] == 8
    centre = [f for f in facilities if f["name"] == HEALTH_CENTRE]
    assert len(centre) == 1 and centre[0]["services"] == "health"


def test_the_elevated_expressway_and_foot_no_ways_are_not_walkable(chain):
    result, _feedback, _seconds = chain
    streets = result.layers["streets"]
    forbidden = {f.id(): f["osm_id"] for f in streets.getFeatures()
                 if f["foot"] == "no" or f["highway"] in MOTOR_ONLY}
    elevated = {f.id() for f in streets.getFeatures() if f["name"] == "南北高架路"}
    assert len(forbidden) == 17 and elevated <= set(forbidden)

    edges = records(result.prepared["OUTPUT"])
    assert len(edges) == result.prepared["EDGE_COUNT"]
    assert not {e["source_fid"] for e in edges} & set(forbidden)
    left_out = records(result.prepared["OUTPUT_EXCLUDED"])
    assert {w["osm_id"] for w in left_out} == set(forbidden.values())
    assert all("foot=no" in w["reason"] for w in left_out if w["foot"] == "no")
    assert all("highway=trunk" in w["reason"] for w in left_out if w["foot"] != "no")

    # No generated candidate stands on a way left out.
    candidate_ways = {c["osm_id"] for c in records(result.candidates) if c["origin"] == ORIGIN_GENERATED}
    assert candidate_ways and not candidate_ways & set(forbidden.values())


def test_residents_are_the_stated_grid_inside_the_boundary(chain):
    result, _feedback, _seconds = chain
    residents = records(result.residents)
    assert all(r["population"] == RESIDENTS_PER_POINT for r in residents)
    assert result.coverage["RESIDENTS"] == pytest.approx(RESIDENTS_PER_POINT * len(residents))
    boundary = shapely.union_all(metric_geometries(result.layers["boundary"])[1])
    xy = np.array([(f.geometry().asPoint().x(), f.geometry().asPoint().y())
                   for f in result.residents.getFeatures()])
    assert shapely.contains_xy(boundary, xy[:, 0], xy[:, 1]).all()
    # One point per grid cell: as many as the boundary's area holds, within its ragged edge.
    assert len(residents) == pytest.approx(boundary.area / RESIDENT_SPACING_M ** 2, rel=0.02)
    assert np.allclose(np.mod(xy - RESIDENT_SPACING_M / 2, RESIDENT_SPACING_M), 0.0)


def test_coverage_shares_agree_with_the_residents_layer(chain):
    result, _feedback, _seconds = chain
    residents = records(result.coverage["OUTPUT_DEMAND"])
    population = np.array([r["population"] for r in residents])
    shares = whole_area_shares(result.coverage["OUTPUT_SUMMARY"])
    assert set(shares) == set(SERVICE_CODES) | {ALL_REQUIRED}
    for code in SERVICE_CODES:
        ok = np.array([bool(r[f"ok_{code}"]) for r in residents])
        assert 0.0 <= shares[code] <= 1.0
        assert shares[code] == pytest.approx(population[ok].sum() / population.sum())
    all_ten = np.array([bool(r["all_required"]) for r in residents])
    assert result.coverage["COVERED_SHARE"] == pytest.approx(shares[ALL_REQUIRED])
    assert shares[ALL_REQUIRED] == pytest.approx(population[all_ten].sum() / population.sum())
    # The OSM POIs carry no party, sports, ... facility at all: nobody reaches all ten essentials.
    absent = [code for code in REQUIRED_CODES
              if not any(code in (f["services"] or "") for f in records(result.classified["OUTPUT"]))]
    assert absent and all(shares[code] == 0.0 for code in absent) and shares[ALL_REQUIRED] == 0.0
    assert 0.0 < shares["health"] < 1.0
    gaps = records(result.coverage["OUTPUT_GAPS"])
    assert len(gaps) == len(residents)


def test_the_health_centre_is_reachable(chain):
    result, feedback, _seconds = chain
    assert not [w for w in feedback.warnings if HEALTH_CENTRE in w]
    centre = next(f for f in as_layer(result.classified["OUTPUT"]).getFeatures() if f["name"] == HEALTH_CENTRE)
    facility_ids, facility_points = metric_geometries(as_layer(result.classified["OUTPUT"]))
    centre_xy = facility_points[facility_ids.index(centre.id())]
    resident_ids, resident_points = metric_geometries(as_layer(result.coverage["OUTPUT_DEMAND"]))
    near = [fid for fid, point in zip(resident_ids, resident_points) if point.distance(centre_xy) <= 60.0]
    assert near
    by_fid = {r["fid"]: r for r in records(result.coverage["OUTPUT_DEMAND"])}
    for fid in near:
        assert by_fid[fid]["ok_health"] and by_fid[fid]["min_health"] < 5.0


def test_pavilion_sites_keep_the_size_rules(chain):
    result, _feedback, _seconds = chain
    sites = sorted(records(result.sites["OUTPUT"]), key=lambda s: s["rank"])
    audit = {a["source_fid"]: a for a in records(result.sites["OUTPUT_AUDIT"])}
    assert len(sites) == result.sites["SITES_CHOSEN"] == NEW_PAVILIONS
    assert [s["rank"] for s in sites] == list(range(1, len(sites) + 1))
    for site in sites:
        assert site["floor_area_m2"] <= PAVILION_HARD_MAX_M2
        assert audit[site["source_fid"]]["eligible"] and audit[site["source_fid"]]["chosen"]
        if site["floor_area_m2"] > PAVILION_SOFT_MAX_M2:
            assert site["area_status"] == AREA_NEEDS_JUSTIFICATION
            assert site["pop_within_reach"] >= DEFAULT_HIGH_DEMAND_POP
        else:
            assert site["area_status"] == AREA_OK
    assert {a["source_fid"] for a in audit.values() if a["chosen"]} == {s["source_fid"] for s in sites}
    too_large = [a for a in audit.values() if a["floor_area_m2"] is not None and a["floor_area_m2"] > 400]
    assert too_large and all(not a["eligible"] and a["rule"] == RULE_PAVILION_TOO_LARGE for a in too_large)
    # The unverified OSM square has no floor area: audited, never chosen. The verified park is eligible.
    by_name = {a["name"]: a for a in audit.values()}
    assert by_name["白玉兰广场"]["rule"] == RULE_AREA_MISSING and not by_name["白玉兰广场"]["chosen"]
    assert by_name["丽园公园"]["eligible"]


def test_pavilion_shares_agree_with_walking_coverage(chain):
    """Before: residents within 5 minutes of an existing facility, read off walkingcoverage's minutes.
    After: walkingcoverage run again with the existing facilities and the chosen sites."""
    import processing

    result, _feedback, _seconds = chain
    residents = records(result.coverage["OUTPUT_DEMAND"])
    population = np.array([r["population"] for r in residents])
    nearest = np.array([min([r[f"min_{c}"] for c in SERVICE_CODES if r[f"min_{c}"] is not None], default=np.inf)
                        for r in residents])
    before = population[nearest <= PAVILION_MINUTES].sum() / population.sum()
    assert result.sites["COVERED_SHARE_BEFORE"] == pytest.approx(before)

    sites = sorted(records(result.sites["OUTPUT"]), key=lambda s: s["rank"])
    total = population.sum()
    gained = sum(s["new_covered_pop"] for s in sites)
    assert all(s["new_covered_pop"] > 0 for s in sites)
    assert result.sites["COVERED_SHARE_AFTER"] == pytest.approx(before + gained / total)
    assert sites[-1]["cum_share"] == pytest.approx(result.sites["COVERED_SHARE_AFTER"])

    # Every existing facility and every chosen site as one service, so that ok_<service> = within reach of any.
    facilities = as_layer(result.classified["OUTPUT"])
    offering = {f.id() for f in facilities.getFeatures() if f["services"]}
    existing = [point for fid, point in zip(*metric_geometries(facilities)) if fid in offering]
    chosen = metric_geometries(as_layer(result.sites["OUTPUT"]))[1]
    assert len(existing) == 8 and len(chosen) == len(sites)
    pavilions = memory_layer("Point", METRIC_CRS, [("services", QVariant.String)],
                             [(point.wkt, ["public_space"]) for point in existing + chosen], name="pavilions")
    network = as_layer(result.prepared["OUTPUT"])
    after = processing.run("lifecircle:walkingcoverage", {
        "NETWORK": network, "NODING": 0, "GAP_TOLERANCE_M": 0.0, "COST_FIELD": "cost_factor",
        "FACILITIES": pavilions, "SERVICE_FIELD": "services", "DEMAND": result.residents,
        "POPULATION_FIELD": "population", "MINUTES": PAVILION_MINUTES, "OUTPUT_DEMAND": "TEMPORARY_OUTPUT",
        "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT", "OUTPUT_GAPS": "TEMPORARY_OUTPUT"})
    reached = whole_area_shares(after["OUTPUT_SUMMARY"])["public_space"]
    assert result.sites["COVERED_SHARE_AFTER"] == pytest.approx(reached)


def test_the_report_credits_openstreetmap(chain):
    result, _feedback, _seconds = chain
    html_path, pdf_path = result.coverage["OUTPUT_REPORT"], result.coverage["OUTPUT_REPORT_PDF"]
    html = open(html_path, encoding="utf-8").read()
    assert "© OpenStreetMap contributors" in html
    with open(pdf_path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
