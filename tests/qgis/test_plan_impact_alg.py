"""lifecircle:planimpact through processing.run: hand-computed gains on a street, agreement with
walkingcoverage on the sample district, the schedule, and every bad input refused or reported by name."""
import csv
from pathlib import Path

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from conftest import ROOT, RecordingFeedback, memory_layer, rows
from test_i18n import compiled_qm, zh_cn  # noqa: F401 (fixtures: the Chinese catalogue installed)
from lifecircle.lifecircle_plugin.adapters import blueprint_layer
from lifecircle.lifecircle_plugin.core.blueprint import PlanWindow
from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES

CRS = "EPSG:4549"
X0, Y0 = 640000.0, 3454000.0
WINDOW = PlanWindow("测试街道", 2027)
TIERED = str(ROOT / "resources" / "standards_tiered.csv")


def point(dx, dy):
    return f"POINT({X0 + dx} {Y0 + dy})"


def blueprint_with(path, projects, window=WINDOW):
    """A blueprint GeoPackage holding ``projects``: (wkt or None, {field: value})."""
    layer = blueprint_layer.create_blueprint(path, window)
    features = []
    for wkt, values in projects:
        feature = QgsFeature(layer.fields())
        if wkt:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        for name, value in dict({"status": "reserve", "kind": "facility"}, **values).items():
            feature[name] = value
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    return layer


def street_world():
    """The core test's street: 3 km along x, a clinic at 0, one resident every 250 m (1 person each)."""
    network = memory_layer("LineString", CRS, [("road_id", QVariant.Int)],
                           [(f"LINESTRING({X0} {Y0}, {X0 + 3000} {Y0})", [1])], "street")
    facilities = memory_layer("Point", CRS, [("name", QVariant.String), ("services", QVariant.String)],
                              [(point(0, 10), ["卫生站", "health"])], "clinics")
    residents = memory_layer("Point", CRS, [("name", QVariant.String), ("population", QVariant.Int)],
                             [(point(x, 5), [f"r{x}", 1]) for x in range(0, 3001, 250)], "people")
    units = memory_layer("Polygon", CRS, [("unit_id", QVariant.String)], [
        (f"POLYGON(({X0 - 100} {Y0 - 100}, {X0 + 1600} {Y0 - 100}, {X0 + 1600} {Y0 + 100}, {X0 - 100} {Y0 + 100}, "
         f"{X0 - 100} {Y0 - 100}))", ["west"]),
        (f"POLYGON(({X0 + 1600} {Y0 - 100}, {X0 + 3100} {Y0 - 100}, {X0 + 3100} {Y0 + 100}, {X0 + 1600} {Y0 + 100}, "
         f"{X0 + 1600} {Y0 - 100}))", ["east"])], "units")
    return network, facilities, residents, units


STREET_PROJECTS = [
    (point(1500, 10), {"project_id": "A", "name": "甲", "services": "health", "reserve_year": 2027, "priority": 1,
                       "budget_wan": 100.0}),
    (point(2500, 10), {"project_id": "B", "name": "乙", "services": "医疗卫生、为老服务", "reserve_year": 2028,
                       "budget_wan": 300.0}),
    (point(2000, 10), {"project_id": "C", "name": "丙", "services": "health", "status": "cancelled"}),
    (None, {"project_id": "D", "name": "丁", "services": "health", "reserve_year": 2027}),
    (point(500, 10), {"project_id": "E", "name": "戊", "services": "", "reserve_year": 2027}),
]


@pytest.fixture()
def street(lifecircle_provider, tmp_path):
    from qgis.core import QgsProject

    network, facilities, residents, units = street_world()
    layer = blueprint_with(tmp_path / "plan.gpkg", STREET_PROJECTS)
    # The project owns the blueprint layer: freed by pytest after the test, a layer that was a Processing
    # input crashes QGIS 3.22 (sip), so it is removed while QGIS still holds it.
    QgsProject.instance().addMapLayer(layer, False)

    def params(**overrides):
        base = {"INPUT": layer, "NETWORK": network, "FACILITIES": facilities, "SERVICE_FIELD": "services",
                "DEMAND": residents, "POPULATION_FIELD": "population", "UNITS": units, "UNIT_ID_FIELD": "unit_id",
                "OUTPUT": "TEMPORARY_OUTPUT", "OUTPUT_YEARS": "TEMPORARY_OUTPUT"}
        base.update(overrides)
        return base
    yield params
    QgsProject.instance().removeMapLayer(layer.id())


def run(params):
    import processing

    feedback = RecordingFeedback()
    return processing.run("lifecircle:planimpact", params, feedback=feedback), feedback


def run_error(params):
    with pytest.raises(QgsProcessingException) as caught:
        run(params)
    return str(caught.value)


def test_gains_by_hand_on_a_street(street):
    results, feedback = run(street())
    by_id = {row["project_id"]: row for row in rows(results["OUTPUT"])}
    assert set(by_id) == {"A", "B", "C", "D", "E"}
    a, b = by_id["A"], by_id["B"]
    # A reaches x = 750 … 2250 (7 residents, 750 already the clinic's); B reaches 1750 … 3000 (6).
    assert (a["gain_health"], a["gain_elderly"], a["gain_total"]) == (6.0, None, 6.0)
    assert (b["gain_health"], b["gain_elderly"], b["gain_total"]) == (6.0, 6.0, 12.0)
    # In the plan A (2027) comes before B (2028): B's 1750, 2000, 2250 are A's already.
    assert (a["gain_in_plan"], b["gain_in_plan"]) == (6.0, 9.0)
    assert a["gain_per_wan"] == pytest.approx(0.06) and b["gain_per_wan"] == pytest.approx(0.04)
    assert (b["impact_rank"], a["impact_rank"]) == (1, 2)
    for left_out in ("C", "D", "E"):
        assert by_id[left_out]["gain_total"] is None and by_id[left_out]["impact_rank"] is None
    assert "suggested_year" not in by_id["A"]
    assert results["PROJECTS_ASSESSED"] == 2
    warnings = "\n".join(feedback.warnings)
    assert "without a location" in warnings and "D" in warnings
    assert "no service" in warnings and "E" in warnings


def test_years_table_as_planned(street):
    results, _ = run(street())
    table = {(r["stage"], r["unit_id"], r["service"]): r for r in rows(results["OUTPUT_YEARS"])}
    assert table[("baseline", "ALL", "health")]["covered_pop"] == 4
    assert table[("2027", "ALL", "health")]["covered_pop"] == 10
    assert table[("2028", "ALL", "health")]["covered_pop"] == 13
    assert table[("2029", "ALL", "health")]["covered_pop"] == 13
    assert table[("2028", "ALL", "elderly")]["covered_pop"] == 6
    assert table[("2027", "west", "health")]["covered_pop"] == 7  # x = 0 … 1500
    assert table[("2027", "east", "health")]["share"] == pytest.approx(3 / 6)
    assert table[("2029", "ALL", "health")]["projects_built"] == 2 and table[("2029", "ALL", "health")]["year"] == 2029
    assert {r["service"] for r in rows(results["OUTPUT_YEARS"])} >= set(REQUIRED_CODES) | {"all_required"}


def test_schedule_with_budgets(street):
    # 2027 can pay B (300) but not both; B's 12 people-service units beat A's 6 from the first year on.
    results, feedback = run(street(BUDGETS="2027:300;2028:100;2029:0"))
    by_id = {row["project_id"]: row for row in rows(results["OUTPUT"])}
    assert by_id["B"]["suggested_year"] == 2027 and by_id["A"]["suggested_year"] == 2028
    assert by_id["C"]["suggested_year"] is None
    baseline = 4  # health only: one clinic
    expected = 3 * baseline + 3 * 12 + 2 * 3  # B from 2027; A adds 750…1500's 3 new from 2028
    assert results["PEOPLE_YEARS"] == pytest.approx(expected)
    assert results["GAP"] == 0 and results["OPTIMAL"] == 1
    assert any("optimality gap" in line for line in feedback.info)


def test_annual_list_of_the_output_carries_the_gains(street, tmp_path):
    import processing

    results, _ = run(street(OUTPUT=str(tmp_path / "impact.gpkg"), BUDGETS="2027:300;2028:100;2029:0"))
    listed = tmp_path / "list.csv"
    processing.run("lifecircle:exportannuallist", {"INPUT": results["OUTPUT"], "STREET": "测试街道",
                                                   "FIRST_YEAR": 2027, "YEAR": 2027, "OUTPUT_CSV": str(listed)})
    with open(listed, encoding="utf-8-sig") as handle:
        table = list(csv.DictReader(handle))
    project_a = next(row for row in table if row["项目编号"] == "A")
    assert project_a["新增覆盖人口"] == "6" and project_a["建议实施年度"] == "2028" and project_a["成效排名"] == "2"


def test_started_project_keeps_its_year(street, tmp_path):
    projects = [(wkt, dict(values)) for wkt, values in STREET_PROJECTS[:2]]
    projects[1][1].update(status="under_construction", reserve_year=2029)
    network, facilities, residents, units = street_world()
    layer = blueprint_with(tmp_path / "started.gpkg", projects)
    results, _ = run(street(INPUT=layer, BUDGETS="2027:50;2028:100;2029:300"))
    by_id = {row["project_id"]: row for row in rows(results["OUTPUT"])}
    assert by_id["B"]["suggested_year"] == 2029 and by_id["A"]["suggested_year"] == 2028


@pytest.mark.parametrize("budgets, named", [
    ("2027:500;2028:800", "2029"),
    ("2027:500;2028:800;2031:1", "2031"),
    ("2027:5oo;2028:1;2029:1", "2027:5oo"),
])
def test_bad_budgets_are_refused_by_name(street, budgets, named):
    message = run_error(street(BUDGETS=budgets))
    assert "BUDGETS" in message and named in message


def test_refusal_speaks_chinese_under_zh_cn(street, zh_cn):  # noqa: F811 (fixture)
    message = run_error(street(BUDGETS="2027:500;2028:800;2031:1"))
    assert "2031 年不在储备计划年度" in message


def test_a_plan_with_no_movable_project_is_refused(street, tmp_path):
    projects = [(point(1500, 10), {"project_id": "A", "services": "health", "reserve_year": 2027,
                                   "status": "completed", "budget_wan": 100.0}),
                (point(2500, 10), {"project_id": "B", "services": "health", "reserve_year": 2028})]
    layer = blueprint_with(tmp_path / "fixed.gpkg", projects)
    message = run_error(street(INPUT=layer, BUDGETS="2027:1;2028:1;2029:1"))
    assert "no project the schedule can place" in message and "budget_wan" in message
    results, feedback = run(street(INPUT=layer))  # without BUDGETS the gains are still given
    assert {r["project_id"]: r["gain_total"] for r in rows(results["OUTPUT"])} == {"A": 6.0, "B": 6.0}


def test_project_without_budget_is_reported_and_not_scheduled(street, tmp_path):
    projects = [(wkt, dict(values)) for wkt, values in STREET_PROJECTS[:2]]
    projects[0][1]["budget_wan"] = 0.0
    layer = blueprint_with(tmp_path / "nobudget.gpkg", projects)
    results, feedback = run(street(INPUT=layer, BUDGETS="2027:500;2028:500;2029:500"))
    by_id = {row["project_id"]: row for row in rows(results["OUTPUT"])}
    assert by_id["A"]["suggested_year"] is None and by_id["A"]["gain_per_wan"] is None
    assert by_id["B"]["suggested_year"] == 2027
    assert any("no budget" in w and "A" in w for w in feedback.warnings)


def test_unreadable_budget_is_refused_naming_project_and_field(street, tmp_path):
    layer = blueprint_with(tmp_path / "bad.gpkg", [(point(1500, 10), {"project_id": "P7", "services": "health",
                                                                       "reserve_year": 2027})])
    layer.startEditing()
    feature = next(layer.getFeatures())
    layer.changeAttributeValue(feature.id(), layer.fields().lookupField("services"), "火箭发射")
    layer.commitChanges()
    message = run_error(street(INPUT=layer))
    assert "P7" in message and "services" in message


def test_layer_with_nothing_to_assess_is_refused(street, tmp_path):
    layer = blueprint_with(tmp_path / "empty.gpkg", [(None, {"project_id": "X", "services": "health"})])
    assert "no project to assess" in run_error(street(INPUT=layer))


def test_layer_without_plan_window_needs_first_year(street):
    network, facilities, residents, units = street_world()
    memory = memory_layer("Point", CRS, [("project_id", QVariant.String), ("services", QVariant.String),
                                         ("reserve_year", QVariant.Int)],
                          [(point(1500, 10), ["A", "health", 2030])], "projects")
    assert "plan window" in run_error(street(INPUT=memory))
    results, _ = run(street(INPUT=memory, FIRST_YEAR=2030))
    (row,) = rows(results["OUTPUT"])
    assert row["gain_in_plan"] == 6.0


# --- agreement with walkingcoverage on the sample district ------------------------------------------------

def covered_by_walkingcoverage(district, facilities, tmp_path, name):
    import processing

    summary = tmp_path / f"{name}.csv"
    processing.run("lifecircle:walkingcoverage", {
        "NETWORK": f"{district}|layername=roads", "FACILITIES": facilities, "SERVICE_FIELD": "services",
        "DEMAND": f"{district}|layername=compounds", "POPULATION_FIELD": "population",
        "GATES": f"{district}|layername=gates", "STANDARDS": TIERED,
        "OUTPUT_DEMAND": "TEMPORARY_OUTPUT", "OUTPUT_SUMMARY": str(summary), "OUTPUT_GAPS": "TEMPORARY_OUTPUT"})
    with open(summary, encoding="utf-8-sig") as handle:
        return {row["service"]: float(row["covered_pop"]) for row in csv.DictReader(handle) if row["unit_id"] == "ALL"}


def test_gains_equal_walkingcoverage_with_and_without_the_project(district, tmp_path):
    candidates = QgsVectorLayer(f"{district}|layername=candidates", "candidates", "ogr")
    chosen = {f["site_id"]: f.geometry().asWkt() for f in candidates.getFeatures()
              if f["site_id"] in ("C03", "C07", "C11")}
    offered = {"C03": "employment,elderly", "C07": "nursery,sports", "C11": "elderly,nursery,employment"}
    layer = blueprint_with(tmp_path / "district_plan.gpkg", [
        (chosen[site], {"project_id": site, "services": offered[site], "reserve_year": 2027 + n,
                        "budget_wan": 100.0 * (n + 1)})
        for n, site in enumerate(sorted(chosen))])
    results, _ = run({
        "INPUT": layer, "NETWORK": f"{district}|layername=roads", "FACILITIES": f"{district}|layername=facilities",
        "SERVICE_FIELD": "services", "DEMAND": f"{district}|layername=compounds", "POPULATION_FIELD": "population",
        "GATES": f"{district}|layername=gates", "STANDARDS": TIERED, "OUTPUT": "TEMPORARY_OUTPUT",
        "OUTPUT_YEARS": "TEMPORARY_OUTPUT"})
    gains = {row["project_id"]: row for row in rows(results["OUTPUT"])}
    existing = QgsVectorLayer(f"{district}|layername=facilities", "facilities", "ogr")
    before = covered_by_walkingcoverage(district, existing, tmp_path, "before")
    years = {(r["stage"], r["service"]): r["covered_pop"]
             for r in rows(results["OUTPUT_YEARS"]) if r["unit_id"] == "ALL"}
    assert all(years[("baseline", code)] == pytest.approx(before[code]) for code in REQUIRED_CODES)
    for site in sorted(chosen):
        with_project = memory_layer("Point", CRS, [("name", QVariant.String), ("services", QVariant.String)],
                                    [(f.geometry().asWkt(), [f["name"], f["services"]]) for f in existing.getFeatures()]
                                    + [(chosen[site], [site, offered[site]])], "with_project")
        after = covered_by_walkingcoverage(district, with_project, tmp_path, site)
        for code in offered[site].split(","):
            assert gains[site][f"gain_{code}"] == pytest.approx(after[code] - before[code]), (site, code)
    assert gains["C03"]["gain_employment"] > 0  # the sample district has no employment facility at all


def test_polygon_project_through_its_point_on_surface(street, tmp_path):
    layer = blueprint_layer.create_blueprint(tmp_path / "polygons.gpkg", WINDOW, geometry=blueprint_layer.POLYGON)
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(
        f"MULTIPOLYGON((({X0 + 1490} {Y0 + 10}, {X0 + 1510} {Y0 + 10}, {X0 + 1510} {Y0 + 30}, {X0 + 1490} {Y0 + 30}, "
        f"{X0 + 1490} {Y0 + 10})))"))
    for name, value in {"project_id": "PG", "services": "health", "status": "reserve", "kind": "facility"}.items():
        feature[name] = value
    assert layer.dataProvider().addFeatures([feature])[0]
    results, _ = run(street(INPUT=layer))
    (row,) = rows(results["OUTPUT"])
    assert row["gain_health"] == 6.0  # from (1500, 20): x = 750 … 2250, 750 already covered


def test_multipoint_project_enters_through_every_part(street):
    layer = memory_layer("MultiPoint", CRS, [("project_id", QVariant.String), ("services", QVariant.String)],
                         [(f"MULTIPOINT(({X0 + 1500} {Y0 + 10}), ({X0 + 2500} {Y0 + 10}))", ["M", "health"])],
                         "entrances")
    results, _ = run(street(INPUT=layer, FIRST_YEAR=2027))
    (row,) = rows(results["OUTPUT"])
    assert row["gain_health"] == 9.0  # x = 1000 … 3000
    assert row["gain_in_plan"] is None  # no reserve year: in no plan year


def test_report_holds_the_chart_map_ranking_and_schedule(street, tmp_path):
    from pdf_text import assert_pdf_holds_html
    from test_report import page_one_is_drawn, pdf_pages

    html_path = tmp_path / "impact.html"
    results, _ = run(street(BUDGETS="2027:300;2028:100;2029:0", OUTPUT_REPORT=str(html_path)))
    assert results["OUTPUT_REPORT"] == str(html_path) and results["OUTPUT_REPORT_PDF"] == str(tmp_path / "impact.pdf")
    page = html_path.read_text(encoding="utf-8")
    assert "<svg" in page and '<img src="data:image/png;base64,' in page
    for text in ("项目成效排序", "建议排期与计划年度对照", "BUDGETS", "2027:300;2028:100;2029:0"):
        assert text in page, text
    # The headline: 4 of 13 reach health now; nobody reaches all ten (only health and elderly exist).
    assert "0.0%" in page
    pdf = Path(results["OUTPUT_REPORT_PDF"])
    assert pdf_pages(pdf) >= 1 and page_one_is_drawn(pdf, tmp_path) > 0.01
    assert_pdf_holds_html(results["OUTPUT_REPORT"], pdf)


def test_project_beyond_the_snap_distance_is_named_and_gains_nothing(street, tmp_path):
    layer = blueprint_with(tmp_path / "far.gpkg", [
        (point(1500, 10), {"project_id": "NEAR", "services": "health"}),
        (point(1500, 900), {"project_id": "FAR", "services": "health"})])
    results, feedback = run(street(INPUT=layer, MAX_SNAP_M=150))
    assert {r["project_id"]: r["gain_total"] for r in rows(results["OUTPUT"])} == {"NEAR": 6.0, "FAR": 0.0}
    assert any("farther than 150 m" in w and "FAR" in w for w in feedback.warnings)
