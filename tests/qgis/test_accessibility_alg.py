"""lifecircle:accessibility through processing.run: a street checked by hand, the sample district with its
generated cohorts and capacities, and bad input named."""
import math

import pytest
from qgis.core import QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from conftest import ROOT, RecordingFeedback, memory_layer, rows
from pdf_text import assert_pdf_holds_html

ALG = "lifecircle:accessibility"
CRS = "EPSG:4549"
TIERED = str(ROOT / "resources" / "standards_tiered.csv")


def run(params, feedback=None):
    import processing

    feedback = feedback or RecordingFeedback()
    full = {"OUTPUT_DEMAND": "TEMPORARY_OUTPUT", "OUTPUT_FACILITIES": "TEMPORARY_OUTPUT",
            "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT", **params}
    return processing.run(ALG, full, feedback=feedback), feedback


def run_error(params):
    with pytest.raises(QgsProcessingException) as caught:
        run(params)
    return str(caught.value)


# A street from x=0 to x=2000 (6 km/h: 100 m per minute), two elderly facilities and four residents on it.
def street():
    return memory_layer("LineString", CRS, [("name", QVariant.String)], [("LINESTRING(0 0, 2000 0)", ["路"])])


def facilities(capacities=(10.0, 20.0), kind=QVariant.Double):
    return memory_layer("Point", CRS, [("name", QVariant.String), ("services", QVariant.String), ("cap", kind)],
                        [("POINT(100 0)", ["甲", "elderly", capacities[0]]),
                         ("POINT(1000 0)", ["乙", "为老服务", capacities[1]])], name="设施")


def residents(old=(100, 200, 50, 300)):
    return memory_layer("Point", CRS, [("name", QVariant.String), ("pop", QVariant.Double),
                                       ("pop_60plus", QVariant.Double)],
                        [(f"POINT({x} 0)", [f"R{i}", 1000.0, float(p)])
                         for i, (x, p) in enumerate(zip((50, 400, 900, 1900), old))], name="居民")


def street_params(**overrides):
    params = {"NETWORK": street(), "FACILITIES": facilities(), "SERVICE_FIELD": "services", "CAPACITY_FIELD": "cap",
              "DEMAND": residents(), "POPULATION_FIELD": "pop", "WALK_SPEED_KMH": 6.0, "MINUTES": 10.0}
    params.update(overrides)
    return params


def test_e2sfca_on_a_street_equals_the_hand_computation(lifecircle_provider, tmp_path):
    standards = tmp_path / "standards.csv"
    standards.write_text("service,minutes,demand_field,capacity_unit,norm_per_1000\nelderly,10,pop_60plus,床位,40\n",
                         encoding="utf-8")
    result, feedback = run(street_params(METHOD=1, STANDARDS=str(standards)))
    # Minutes: R0 0.5/9.5, R1 3/6, R2 8/1, R3 –/9 to F0/F1; weights 1 (≤5), 0.68 (≤10).
    demand = [100 + 200 + 50 * 0.68, 100 * 0.68 + 200 * 0.68 + 50 + 300 * 0.68]
    ratio = [10 / demand[0], 20 / demand[1]]
    acc = [1000 * (ratio[0] + 0.68 * ratio[1])] * 2 + [1000 * (0.68 * ratio[0] + ratio[1]), 1000 * 0.68 * ratio[1]]
    people = rows(result["OUTPUT_DEMAND"])
    assert [r["acc_elderly"] for r in people] == pytest.approx(acc, rel=1e-7)
    assert [r["nearest_elderly"] for r in people] == pytest.approx([0.5, 3.0, 1.0, 9.0], abs=1e-6)
    assert [r["norm_ok_elderly"] for r in people] == [a >= 40 for a in acc]
    fac = rows(result["OUTPUT_FACILITIES"])
    assert [f["demand"] for f in fac] == pytest.approx(demand)
    assert [f["ratio"] for f in fac] == pytest.approx([1000 * r for r in ratio])
    assert [f["crowding"] for f in fac] == pytest.approx([demand[0] / 10, demand[1] / 20])
    assert [f["assigned_pop"] for f in fac] == [300.0, 350.0]
    assert [f["capacity_unit"] for f in fac] == ["床位", "床位"]
    summary = {(r["unit_id"], r["service"]): r for r in rows(result["OUTPUT_SUMMARY"])}
    everyone = summary[("ALL", "elderly")]
    assert everyone["population"] == 650.0 and everyone["cohort_field"] == "pop_60plus"
    weights = [100, 200, 50, 300]
    assert everyone["mean_acc"] == pytest.approx(sum(a * w for a, w in zip(acc, weights)) / 650)
    assert everyone["p10_acc"] == pytest.approx(min(acc))
    assert everyone["below_norm_share"] == pytest.approx(sum(w for a, w in zip(acc, weights) if a < 40) / 650)
    assert everyone["beyond_share"] == 0.0
    assert ("ALL", "1+N") in summary


def test_two_column_standards_and_default_catchment(lifecircle_provider):
    result, _ = run(street_params(MINUTES=None, STANDARDS=TIERED, METHOD=0))
    # The tiered table: elderly within 5 min, cohort pop_60plus. R1 (3 min) and R0 reach F0 only.
    fac = rows(result["OUTPUT_FACILITIES"])
    assert fac[0]["demand"] == 300.0 and fac[0]["minutes"] == 5.0
    people = rows(result["OUTPUT_DEMAND"])
    assert people[3]["nearest_elderly"] is None and people[3]["acc_elderly"] == 0.0


def test_tiered_choice_reads_the_shipped_standards(lifecircle_provider):
    result, _ = run(street_params(MINUTES=None, THRESHOLDS=1))
    assert rows(result["OUTPUT_FACILITIES"])[0]["minutes"] == 5.0
    assert rows(result["OUTPUT_SUMMARY"])[0]["cohort_field"] == "pop_60plus"


def test_facility_reached_by_nobody_is_reported_not_fatal(lifecircle_provider):
    result, feedback = run(street_params(DEMAND=residents(old=(0, 0, 0, 300)), POPULATION_FIELD="pop_60plus"))
    fac = rows(result["OUTPUT_FACILITIES"])
    assert fac[0]["ratio"] is None and fac[0]["demand"] == 0.0
    assert any("reached by no one of the cohort" in w and "甲" in w for w in feedback.warnings)


@pytest.mark.parametrize("capacity, message", [
    ((None, 20.0), "is empty"), ((-1.0, 20.0), "is negative"), ((0.0, 20.0), "is zero")])
def test_bad_capacity_named(lifecircle_provider, capacity, message):
    error = run_error(street_params(FACILITIES=facilities(capacity)))
    assert message in error and "'cap'" in error and "'设施'" in error and "甲" in error


def test_text_capacity_named_and_missing_counted_as_one(lifecircle_provider):
    error = run_error(street_params(FACILITIES=facilities(("许多", "20"), kind=QVariant.String)))
    assert "is not a number" in error and "甲" in error
    result, feedback = run(street_params(FACILITIES=facilities((None, 20.0)), MISSING_CAPACITY=1))
    assert rows(result["OUTPUT_FACILITIES"])[0]["capacity"] == 1.0
    assert any("count as 1" in w and "甲" in w for w in feedback.warnings)


def test_cohort_field_absent_and_bad_bands_named(lifecircle_provider, tmp_path):
    standards = tmp_path / "standards.csv"
    standards.write_text("service,minutes,demand_field\nelderly,10,pop_80plus\n", encoding="utf-8")
    error = run_error(street_params(STANDARDS=str(standards)))
    assert "'pop_80plus' (elderly)" in error and "居民" in error
    assert "strictly increasing" in run_error(street_params(METHOD=1, BANDS="10,5", WEIGHTS="1,0.5"))
    assert "must not increase" in run_error(street_params(METHOD=1, BANDS="5,10", WEIGHTS="0.5,1"))
    assert "is not a number" in run_error(street_params(METHOD=1, BANDS="5,x"))


def test_chinese_message_in_a_chinese_ui(lifecircle_provider):
    from qgis.core import QgsSettings

    settings = QgsSettings()
    before = settings.value("locale/userLocale", "")
    settings.setValue("locale/userLocale", "zh-Hans")
    try:
        error = run_error(street_params(FACILITIES=facilities((-1.0, 20.0))))
    finally:
        settings.setValue("locale/userLocale", before)
    assert "容量字段" in error and "为负数" in error


def test_sample_district_with_cohorts_capacities_and_units(district, tmp_path):
    def layer(name):
        return f"{district}|layername={name}"

    report = tmp_path / "accessibility.html"
    result, feedback = run({"OUTPUT_REPORT": str(report),
        "NETWORK": layer("roads"), "FACILITIES": layer("facilities"), "SERVICE_FIELD": "services",
        "CAPACITY_FIELD": "capacity", "DEMAND": layer("compounds"), "POPULATION_FIELD": "population",
        "GATES": layer("gates"), "UNITS": layer("units"), "UNIT_ID_FIELD": "unit_id", "STANDARDS": TIERED,
        "SERVICES": "elderly,nursery,health", "METHOD": 2})
    summary = {(r["unit_id"], r["service"]): r for r in rows(result["OUTPUT_SUMMARY"])}
    # DPQ-01 (south of the creek) has no elderly service: nobody of its 60+ reaches one within 5 minutes.
    assert summary[("DPQ-01", "elderly")]["beyond_share"] == 1.0
    assert summary[("DPQ-01", "elderly")]["mean_acc"] == 0.0
    assert summary[("ALL", "elderly")]["cohort_field"] == "pop_60plus"
    assert summary[("ALL", "nursery")]["cohort_field"] == "pop_0_3"
    assert summary[("ALL", "health")]["cohort_field"] is None
    gini = summary[("ALL", "health")]["gini"]
    assert 0 < gini < 1
    fac = rows(result["OUTPUT_FACILITIES"])
    assert {f["service"] for f in fac} == {"elderly", "nursery", "health"}
    assert all(f["crowding"] >= 0 for f in fac)
    one_plus_n = summary[("ALL", "1+N")]
    assert 0 < one_plus_n["hub_share"] <= 1 and one_plus_n["small_sites_5min"] >= 1
    assert not math.isnan(one_plus_n["mean_small_sites_5min"])
    html = report.read_text(encoding="utf-8")
    assert result["OUTPUT_REPORT"] == str(report) and result["OUTPUT_REPORT_PDF"].endswith(".pdf")
    for expected in ("Gaussian", "Lorenz", "The most crowded facilities", "Equity by unit", "DPQ-01", "1+N",
                     "exp(−t²/β)", "CAPACITY_FIELD"):
        assert expected in html, expected
    assert (tmp_path / "accessibility.pdf").stat().st_size > 10_000
    assert_pdf_holds_html(report, tmp_path / "accessibility.pdf")


def test_report_without_units_colours_each_service_map_by_its_own_accessibility(district, tmp_path, monkeypatch):
    # Without units the maps show the residents: one layer built once, a clone per service map graduated on
    # that service's acc; the walking network is one layer shared by every map.
    from lifecircle.processing_algorithms.report.document import Report

    maps = []
    add_map = Report.add_map

    def recording(self, title, layers, crs, extent=None, note=""):
        maps.append((str(title), [layer for layer in layers if layer is not None]))
        return add_map(self, title, layers, crs, extent, note)

    monkeypatch.setattr(Report, "add_map", recording)

    def layer(name):
        return f"{district}|layername={name}"

    report = tmp_path / "accessibility.html"
    result, _ = run({"OUTPUT_REPORT": str(report), "NETWORK": layer("roads"), "FACILITIES": layer("facilities"),
                     "SERVICE_FIELD": "services", "CAPACITY_FIELD": "capacity", "DEMAND": layer("compounds"),
                     "POPULATION_FIELD": "population", "SERVICES": "elderly,health", "METHOD": 1})
    residents = QgsVectorLayer(result["OUTPUT_DEMAND"], "residents", "ogr") \
        if isinstance(result["OUTPUT_DEMAND"], str) else result["OUTPUT_DEMAND"]
    service_maps = [(title, layers) for title, layers in maps if "supply per 1,000 of the cohort" in title]
    coloured_by = set()
    for title, layers in service_maps:
        coloured = [lay for lay in layers if lay.renderer().type() == "graduatedSymbol"]
        assert len(coloured) == 1, title
        code = coloured[0].renderer().classAttribute().removeprefix("acc_")
        assert code in title, title
        coloured_by.add(code)
        assert coloured[0].featureCount() == residents.featureCount()
        values = sorted(f[f"acc_{code}"] for f in coloured[0].getFeatures())
        assert values == sorted(f[f"acc_{code}"] for f in residents.getFeatures())
    assert coloured_by == {"elderly", "health"}
    streets = {id(layers[-1]) for _, layers in maps if layers[-1].geometryType() == 1}
    assert len(streets) == 1 and len(maps) == 3
    assert (tmp_path / "accessibility.pdf").stat().st_size > 10_000
