"""createblueprint, validateblueprint and exportannuallist through processing.run."""
import csv
import math
from pathlib import Path

import openpyxl
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingException, QgsVectorLayer
from qgis.PyQt.QtCore import QDate, QVariant

from conftest import memory_layer
from lifecircle.lifecircle_plugin.adapters import blueprint_layer
from lifecircle.lifecircle_plugin.core.annual_list import HEADERS
from lifecircle.lifecircle_plugin.core.blueprint import ERROR, FIELD_NAMES, LIST_FIELDS, WARNING, Finding, PlanWindow
from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES
from pdf_text import assert_pdf_holds_html
from test_report import page_one_is_drawn, pdf_pages

CRS = "EPSG:4549"
MAP_PNG = '<img src="data:image/png;base64,'
WINDOW = PlanWindow("江川路街道", 2027)
LIST_VALUES = {"content": "新建驿站", "implementation_path": "街道自建", "implementer": "江川路街道办事处",
               "funding_source": "区级财政", "start_date": QDate(2027, 3, 1), "end_date": QDate(2027, 10, 31),
               "design_team": "社区规划师团队"}


@pytest.fixture()
def run(lifecircle_provider):
    import processing

    def run_algorithm(name, parameters):
        return processing.run(f"lifecircle:{name}", parameters)
    return run_algorithm


def blueprint_with(path, projects):
    """A blueprint GeoPackage holding ``projects``: (wkt or None, {field: value})."""
    layer = blueprint_layer.create_blueprint(path, WINDOW)
    features = []
    for wkt, values in projects:
        feature = QgsFeature(layer.fields())
        if wkt:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        values = dict({"status": "reserve"}, **values)
        for name, value in values.items():
            feature[name] = value
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    return layer


def test_create_blueprint_then_upgrade_on_request(run, tmp_path):
    path = tmp_path / "jiangchuan.gpkg"
    result = run("createblueprint", {"OUTPUT": str(path), "STREET": "江川路街道", "FIRST_YEAR": 2027,
                                     "GEOMETRY": 1})
    assert result["OUTPUT"] == str(path) and result["FIELDS_ADDED"] == len(FIELD_NAMES)
    layer = QgsVectorLayer(result["LAYER"], "projects", "ogr")
    assert layer.isValid() and layer.geometryType() == 2
    assert blueprint_layer.read_plan_window(layer) == WINDOW
    assert layer.editorWidgetSetup(layer.fields().lookupField("status")).type() == "ValueMap"
    with pytest.raises(QgsProcessingException, match="already holds"):
        run("createblueprint", {"OUTPUT": str(path), "STREET": "江川路街道", "FIRST_YEAR": 2028})
    assert blueprint_layer.read_plan_window(path) == WINDOW  # refused: nothing changed
    result = run("createblueprint", {"OUTPUT": str(path), "STREET": "江川路街道", "FIRST_YEAR": 2028,
                                     "UPGRADE_EXISTING": True})
    assert result["FIELDS_ADDED"] == 0
    assert blueprint_layer.read_plan_window(path).first_year == 2028
    assert blueprint_layer.open_blueprint(path).listStylesInDatabase()[0] == 1  # replaced, not piled up


def test_create_blueprint_asks_for_a_file_that_stays(run):
    with pytest.raises(QgsProcessingException, match="Choose where to save the blueprint"):
        run("createblueprint", {"OUTPUT": "TEMPORARY_OUTPUT", "STREET": "江川路街道", "FIRST_YEAR": 2027})


def full_list(**values):
    return dict(LIST_VALUES, **values)


RULE_PROJECTS = [
    # 六艺亭: 400 with justification and 200 without are fine; 400.5, and 200.5 unjustified, are not.
    ("POINT(0 0)", {"project_id": "T400", "name": "亭400", "kind": "liuyiting", "floor_area_m2": 400.0,
                    "justification": "地铁站人流大"}),
    ("POINT(1 0)", {"project_id": "T401", "name": "亭400.5", "kind": "liuyiting", "floor_area_m2": 400.5,
                    "justification": "地铁站人流大"}),
    ("POINT(2 0)", {"project_id": "T200", "name": "亭200", "kind": "liuyiting", "floor_area_m2": 200.0}),
    ("POINT(3 0)", {"project_id": "T201", "name": "亭200.5", "kind": "liuyiting", "floor_area_m2": 200.5}),
    # 人民坊: two services and 800 m² pass; one service and 799.9 m² fail both rules.
    ("POINT(4 0)", {"project_id": "H800", "name": "坊800", "kind": "renminfang", "floor_area_m2": 800.0,
                    "services": "party,health"}),
    ("POINT(5 0)", {"project_id": "H799", "name": "坊799", "kind": "renminfang", "floor_area_m2": 799.9,
                    "services": "党群服务"}),
    # Reserve years: 2029 is the window's last year, 2030 is outside.
    ("POINT(6 0)", {"project_id": "Y2029", "name": "末年", "kind": "other", "reserve_year": 2029}),
    ("POINT(7 0)", {"project_id": "Y2030", "name": "超出", "kind": "other", "reserve_year": 2030}),
    # Coming year 2027: complete list columns pass, a bare project lacks all seven.
    ("POINT(8 0)", full_list(project_id="L-full", name="齐全", kind="other", reserve_year=2027)),
    ("POINT(9 0)", {"project_id": "L-bare", "name": "缺项", "kind": "other", "reserve_year": 2027}),
    # Duplicate IDs (case-insensitive) and a missing geometry.
    ("POINT(10 0)", {"project_id": "D1", "name": "甲", "kind": "other"}),
    ("POINT(11 0)", {"project_id": "d1", "name": "乙", "kind": "other"}),
    (None, {"project_id": "G0", "name": "无图", "kind": "other"}),
]


def findings_of(path):
    table = QgsVectorLayer(str(path), "findings", "ogr") if not isinstance(path, QgsVectorLayer) else path
    return [{name: f[name] for name in ("rule", "severity", "project_id", "unit_id", "message_zh", "message_en")}
            for f in table.getFeatures()]


def test_validate_finds_each_rule_with_boundaries(run, tmp_path):
    blueprint_with(tmp_path / "rules.gpkg", RULE_PROJECTS)
    report = tmp_path / "review.html"
    result = run("validateblueprint", {"INPUT": f"{tmp_path / 'rules.gpkg'}|layername=projects",
                                       "OUTPUT": str(tmp_path / "findings.gpkg"), "OUTPUT_REPORT": str(report)})
    rows = findings_of(result["OUTPUT"])
    found = {(r["rule"], r["project_id"]) for r in rows}
    expected = {("pavilion_area_over_max", "T401"), ("pavilion_justification_missing", "T201"),
                ("hub_too_few_services", "H799"), ("hub_area_below_min", "H799"),
                ("reserve_year_outside_window", "Y2030"), ("duplicate_id", "D1"), ("duplicate_id", "d1"),
                ("invalid_geometry", "G0")}
    expected |= {("list_column_missing", "L-bare")}
    assert found == expected
    assert sum(r["rule"] == "list_column_missing" for r in rows) == len(LIST_FIELDS)
    assert {r["severity"] for r in rows if r["rule"] == "hub_area_below_min"} == {"warning"}
    assert result["ERRORS"] == len(rows) - 1 and result["WARNINGS"] == 1
    assert all(r["message_zh"] and r["message_en"] for r in rows)
    page = report.read_text(encoding="utf-8")
    assert "六艺亭面积超过上限" in page and "pavilion over hard maximum" in page and "亭400.5" in page
    error_rules = {r["rule"] for r in rows} - {"hub_area_below_min"}
    assert page.count("<td>错误 / error</td>") == result["ERRORS"] + len(error_rules)  # findings + summary rows
    assert page.count("<td>提示 / warning</td>") == result["WARNINGS"] + 1


def num(value):
    return f'<td class="num">{value}</td>'


def short(value):
    """A short cell without spaces (an id, a code), which the HTML keeps on one line."""
    return f'<td class="nw">{value}</td>'


def test_validate_report_without_network(run, tmp_path):
    blueprint_with(tmp_path / "rules.gpkg", RULE_PROJECTS)
    result = run("validateblueprint", {"INPUT": f"{tmp_path / 'rules.gpkg'}|layername=projects",
                                       "OUTPUT": "memory:", "OUTPUT_REPORT": str(tmp_path / "review.html")})
    assert result["OUTPUT_REPORT"] == str(tmp_path / "review.html")
    assert result["OUTPUT_REPORT_PDF"] == str(tmp_path / "review.pdf")
    page = Path(result["OUTPUT_REPORT"]).read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "<h1>江川路街道社区蓝图审查报告 / Blueprint review: 江川路街道</h1>" in page
    assert ("错误 14 项，提示 1 项；共检查 13 个项目；2027年度实施清单 / 14 error(s), 1 warning(s) in 13 project(s) "
            "checked; annual list of 2027.") in page
    assert "储备计划：江川路街道 2027—2029年；人民坊最低面积 800 m²" in page
    assert "未给步行网络：单元规则（人民坊可达、十全服务）未检查" in page
    # The map: projects by their worst finding; H799's warning is outweighed by its errors; G0 has no geometry.
    assert page.count(MAP_PNG) >= 3, "the map and the symbols of its legend"
    assert "有错误的项目 / With errors" in page and "无问题的项目 / No findings" in page
    assert "仅有提示的项目 / Warnings only" not in page and "步行网络 / Walking network" not in page
    assert "1 个项目没有几何，未在图上 / 1 project(s) without a geometry are not on the map." in page
    assert "<svg" not in page, "the coverage chart needs the unit rules"
    assert (f"<tr><td>年度清单要素缺项 / annual-list column missing</td>{short('list_column_missing')}"
            f"<td>错误 / error</td>{num(7)}</tr>") in page
    assert (f"<tr><td>人民坊面积低于最低要求 / hub below minimum area</td>{short('hub_area_below_min')}"
            f"<td>提示 / warning</td>{num(1)}</tr>") in page
    assert (f"<tr>{num(1)}{short('duplicate_id')}<td>错误 / error</td>{short('D1')}{short('—')}"
            "<td>项目编号「D1」") in page
    assert f"<tr>{num(15)}{short('hub_area_below_min')}<td>提示 / warning</td>{short('H799')}{short('—')}" in page
    assert short("MIN_HUB_AREA_M2") in page and "<td>rules › projects</td>" in page
    assert "Maps rendered by QGIS" in page and "LifeCircle 15分钟社区生活圈" in page
    pdf = Path(result["OUTPUT_REPORT_PDF"])
    assert pdf_pages(pdf) >= 2
    assert page_one_is_drawn(pdf, tmp_path) > 0.01
    text = assert_pdf_holds_html(result["OUTPUT_REPORT"], pdf)
    for project in ("T400", "T200", "H800", "Y2029", "L-full"):  # no finding: named only by the map's labels
        assert project in text, project


def test_validate_report_maps_a_polygon_blueprint_in_degrees(run, tmp_path):
    """A polygon blueprint in CGCS2000 degrees gets its map; a self-intersecting site is still drawn."""
    layer = blueprint_layer.create_blueprint(tmp_path / "geo.gpkg", WINDOW, geometry=1, crs="EPSG:4490")
    features = []
    for ring, project_id, area in (
            ("121.470 31.200,121.471 31.200,121.471 31.201,121.470 31.201,121.470 31.200", "A", 150.0),
            ("121.475 31.205,121.476 31.206,121.476 31.205,121.475 31.206,121.475 31.205", "BOW", 150.0),
            ("121.480 31.198,121.4805 31.198,121.4805 31.1985,121.480 31.198", "C", 450.0)):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(f"MULTIPOLYGON((({ring})))"))
        for name, value in (("project_id", project_id), ("name", project_id), ("kind", "liuyiting"),
                            ("status", "planned"), ("floor_area_m2", area)):
            feature[name] = value
        features.append(feature)
    assert layer.dataProvider().addFeatures(features)[0]
    result = run("validateblueprint", {"INPUT": f"{tmp_path / 'geo.gpkg'}|layername=projects", "OUTPUT": "memory:",
                                       "OUTPUT_REPORT": str(tmp_path / "geo.html")})
    assert {(r["rule"], r["project_id"]) for r in findings_of(result["OUTPUT"])} == {
        ("invalid_geometry", "BOW"), ("pavilion_area_over_max", "C")}
    page = Path(result["OUTPUT_REPORT"]).read_text(encoding="utf-8")
    assert page.count(MAP_PNG) >= 3 and "有错误的项目 / With errors" in page and "无问题的项目 / No findings" in page
    assert "没有几何" not in page, "the invalid site is drawn at a point of its repaired shape"
    assert Path(result["OUTPUT_REPORT_PDF"]).read_bytes().startswith(b"%PDF")


def test_worst_severity_per_project(qgis_app):
    from lifecircle.processing_algorithms.report.review import NO_FINDING, worst_severity

    def finding(severity, index):
        return Finding("any", severity, "P", None, "说明", "message", index=index)
    findings = [finding(WARNING, 0), finding(ERROR, 0), finding(WARNING, 0), finding(WARNING, 2),
                Finding("unit_without_hub", ERROR, None, None, "单元", "unit", unit_id="U1")]
    assert worst_severity(findings, 3) == [ERROR, NO_FINDING, WARNING]
    with pytest.raises(ValueError, match="position 3, outside the 3 features"):
        worst_severity([finding(ERROR, 3)], 3)


def coverage_of(units, hub, essentials):
    """A UnitRuleCoverage with the 人民坊 share and one share for all essentials per unit (NaN: no residents)."""
    from lifecircle.processing_algorithms.report.review import HUB_SERVICE, UnitRuleCoverage

    shares = {HUB_SERVICE: list(hub)}
    shares.update({code: list(essentials) for code in REQUIRED_CODES})
    shares["sports"] = [0.5 * s for s in essentials]  # the lowest essential
    whole = {code: 0.8 for code in shares}
    thresholds = dict({code: 10.0 for code in REQUIRED_CODES}, **{HUB_SERVICE: 10.0, "elderly": 5.0})
    return UnitRuleCoverage(None, None, thresholds, 0.95, 4, None, list(units), [100.0] * len(units), shares,
                            whole, None)


def test_coverage_chart_by_service_for_few_units_by_unit_for_many(qgis_app):
    from lifecircle.processing_algorithms.report.review import unit_coverage_chart, unit_coverage_table

    few = unit_coverage_chart(coverage_of(["U1", "U2"], [1.0, 0.0], [1.0, 0.6]))
    assert few.categories[:3] == ("人民坊", "党群服务 party", "社区议事 deliberation")
    assert [name for name, _ in few.series] == ["U1", "U2"] and few.series[1][1][:2] == (0.0, 0.6)
    assert few.target == 0.95 and few.target_label == "达标线 95% / target 95%"
    assert "各自步行阈值内的覆盖率" in few.title

    many = unit_coverage_chart(coverage_of(["A", "B", "C", "D"], [1.0, 0.9, 0.2, math.nan],
                                           [1.0, 0.8, 0.4, math.nan]))
    assert many.categories == ("A", "B", "C", "D", "全域 / whole area")
    (hub_name, hub), (lowest_name, lowest) = many.series
    assert hub_name == "人民坊 / hub" and hub[:3] == (1.0, 0.9, 0.2) and hub[4] == 0.8
    assert lowest_name == "十全最低 / lowest essential"
    assert lowest[:3] == (0.5, 0.4, 0.2) and math.isnan(lowest[3]) and lowest[4] == 0.8

    table = unit_coverage_table(coverage_of(["A", "B"], [1.0, 0.25], [1.0, 0.5]))
    assert table.headers[:4] == ("单元 / Unit", "居民 / Residents", "人民坊", "党群服务")
    assert table.rows[1][:4] == ("B", "100", "25.0%", "50.0%") and table.rows[1][2 + 1 + 7] == "25.0%"  # sports
    assert table.rows[-1][:3] == ("全域 / whole area", None, "80.0%")
    assert "人民坊 10、党群服务 10" in table.note and "为老服务 5" in table.note, "each service's threshold"


def test_validate_reads_the_years_from_parameters_and_checks_the_minimum_area(run, tmp_path):
    blueprint_with(tmp_path / "rules.gpkg", RULE_PROJECTS)
    result = run("validateblueprint", {"INPUT": f"{tmp_path / 'rules.gpkg'}|layername=projects",
                                       "FIRST_YEAR": 2028, "COMING_YEAR": 2029, "MIN_HUB_AREA_M2": 1000,
                                       "OUTPUT": "memory:"})
    found = {(r["rule"], r["project_id"]) for r in findings_of(result["OUTPUT"])}
    assert ("hub_area_below_min", "H800") in found  # 800 < 1000
    assert ("reserve_year_outside_window", "L-bare") in found  # 2027 is before the 2028-2030 window
    assert ("reserve_year_outside_window", "Y2030") not in found and ("list_column_missing", "Y2029") in found
    assert not any(rule == "list_column_missing" and pid == "L-bare" for rule, pid in found)


def test_validate_needs_a_plan_window_for_a_plain_layer(run):
    layer = memory_layer("Point", CRS, [(n, QVariant.String) for n in ("project_id", "name", "kind", "status")],
                         [("POINT(0 0)", ["P1", "亭", "liuyiting", "reserve"])], name="plain")
    with pytest.raises(QgsProcessingException, match="no plan window"):
        run("validateblueprint", {"INPUT": layer, "OUTPUT": "memory:"})
    result = run("validateblueprint", {"INPUT": layer, "FIRST_YEAR": 2027, "OUTPUT": "memory:"})
    assert {r["rule"] for r in findings_of(result["OUTPUT"])} == {"area_missing"}


def test_validate_unit_rules_on_a_tiny_network(run, tmp_path):
    # A 3 km street; U1 is its west half, U2 its east half; 15 min at 4 km/h = 1,000 m.
    network = memory_layer("LineString", CRS, [("id", QVariant.Int)], [("LINESTRING(0 0, 3000 0)", [1])],
                           name="street")
    units = memory_layer("Polygon", CRS, [("unit", QVariant.String)], [
        ("POLYGON((0 -100, 1500 -100, 1500 100, 0 100, 0 -100))", ["U1"]),
        ("POLYGON((1500 -100, 3000 -100, 3000 100, 1500 100, 1500 -100))", ["U2"])], name="units")
    residents = memory_layer("Point", CRS, [("pop", QVariant.Double)], [
        ("POINT(100 10)", [500.0]), ("POINT(2900 10)", [800.0])], name="residents")
    others = "deliberation,employment,elderly,nursery,culture,sports,emergency,public_space"
    facilities = memory_layer("Point", CRS, [("services", QVariant.String)], [
        ("POINT(150 10)", [others])], name="facilities")
    blueprint_with(tmp_path / "plan.gpkg", [
        # A planned hub in U1 brings party and health; a cancelled hub in U2 must not count.
        ("POINT(200 10)", {"project_id": "H1", "name": "坊一", "kind": "renminfang", "status": "planned",
                           "floor_area_m2": 900.0, "services": "party,health"}),
        ("POINT(2800 10)", {"project_id": "H2", "name": "坊二", "kind": "renminfang", "status": "cancelled",
                            "floor_area_m2": 900.0, "services": "party,health,elderly"}),
        # A planned pavilion at 1,850 m from the U2 residents (too far) brings sports.
        ("POINT(1050 10)", {"project_id": "T1", "name": "亭一", "kind": "liuyiting", "floor_area_m2": 150.0,
                            "services": "sports"}),
    ])
    result = run("validateblueprint", {
        "INPUT": f"{tmp_path / 'plan.gpkg'}|layername=projects", "NETWORK": network,
        "FACILITIES": facilities, "SERVICE_FIELD": "services", "DEMAND": residents, "POPULATION_FIELD": "pop",
        "UNITS": units, "UNIT_ID_FIELD": "unit", "OUTPUT": "memory:", "OUTPUT_REPORT": str(tmp_path / "units.html")})
    unit_rows = [r for r in findings_of(result["OUTPUT"]) if r["unit_id"]]
    assert {(r["rule"], r["unit_id"]) for r in unit_rows} == {("unit_without_hub", "U2"),
                                                              ("unit_missing_services", "U2")}
    missing = next(r for r in unit_rows if r["rule"] == "unit_missing_services")["message_zh"]
    assert "党群服务" in missing and "体育健身" in missing and "为老服务" in missing  # the cancelled hub's too
    assert "覆盖率 0%，低于目标 99%" in missing, "how far the unit falls short, not 'still lacks'"
    hub = next(r for r in unit_rows if r["rule"] == "unit_without_hub")["message_zh"]
    assert "人民坊步行 15 分钟覆盖率 0%，低于目标 99%" in hub

    # The report: U1 (500 residents) reaches everything once H1 and T1 are built, U2 (800) nothing.
    page = Path(result["OUTPUT_REPORT"]).read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "错误 2 项，提示 0 项；共检查 3 个项目" in page
    assert ("单元规则：规划项目（已取消的除外）2 个计入现有设施；人民坊步行15分钟，十全服务按各自步行阈值；"
            "单元居民覆盖率须达99%") in page
    assert page.count(MAP_PNG) >= 5, "the map and the symbols of its legend"
    for legend in ("无问题的项目 / No findings", "现有设施 / Existing facilities", "基本单元 / Basic units",
                   "步行网络 / Walking network", "未达标的基本单元 / Basic units below the target"):
        assert legend in page, legend
    assert page.count("<svg") == 1
    svg = page[page.index("<svg"):page.index("</svg>")]
    for text in ("规划项目建成后各自步行阈值内的覆盖率", ">人民坊<", ">党群服务 party<", ">公共空间 public_space<",
                 ">U1<", ">U2<", ">100.0%<", ">0.0%<", "达标线 99% / target 99%"):
        assert text in svg, text
    assert f"<tr>{short('U1')}{num(500)}{num('100.0%') * 11}</tr>" in page
    assert f"<tr>{short('U2')}{num(800)}{num('0.0%') * 11}</tr>" in page
    assert f"<tr><td>全域 / whole area</td>{num('—')}{num('38.5%') * 11}</tr>" in page
    assert (f"<tr>{num(1)}{short('unit_missing_services')}<td>错误 / error</td>{short('—')}{short('U2')}"
            "<td>基本单元「U2」规划项目建成后党群服务覆盖率 0%、") in page
    assert short("units") in page and short("street") in page, "input layers among the sources"
    pdf = Path(result["OUTPUT_REPORT_PDF"])
    assert pdf_pages(pdf) >= 2
    assert page_one_is_drawn(pdf, tmp_path) > 0.03
    assert_pdf_holds_html(result["OUTPUT_REPORT"], pdf)

    # With the east hub planned instead of cancelled, U2 reaches a hub and its three services.
    layer = blueprint_layer.open_blueprint(tmp_path / "plan.gpkg")
    h2 = next(f for f in layer.getFeatures() if f["project_id"] == "H2")
    layer.dataProvider().changeAttributeValues({h2.id(): {layer.fields().lookupField("status"): "planned"}})
    result = run("validateblueprint", {
        "INPUT": f"{tmp_path / 'plan.gpkg'}|layername=projects", "NETWORK": network,
        "FACILITIES": facilities, "SERVICE_FIELD": "services", "DEMAND": residents, "POPULATION_FIELD": "pop",
        "UNITS": units, "UNIT_ID_FIELD": "unit", "OUTPUT": "memory:"})
    unit_rows = [r for r in findings_of(result["OUTPUT"]) if r["unit_id"]]
    assert [r["rule"] for r in unit_rows] == ["unit_missing_services"]
    assert "党群服务" not in unit_rows[0]["message_zh"] and "体育健身" in unit_rows[0]["message_zh"]


EXPORT_PROJECTS = [
    ("POINT(0 0)", full_list(project_id="A", name="乙单元二号", kind="liuyiting", unit_id="U10", priority=2,
                             reserve_year=2027, budget_wan=30.0, floor_area_m2=120.0)),
    ("POINT(1 0)", full_list(project_id="B", name="乙单元一号", kind="renminfang", unit_id="U10", priority=1,
                             reserve_year=2027, budget_wan=500.0, services="party,health")),
    ("POINT(2 0)", full_list(project_id="C", name="甲单元", kind="other", unit_id="U2", priority=5,
                             reserve_year=2027, budget_wan=12.5)),
    ("POINT(3 0)", full_list(project_id="D", name="明年", kind="other", unit_id="U1", priority=1,
                             reserve_year=2028, budget_wan=80.0)),
    ("POINT(4 0)", full_list(project_id="E", name="取消", kind="other", unit_id="U1", priority=1,
                             reserve_year=2027, status="cancelled", budget_wan=999.0)),
]


def test_export_annual_and_reserve_lists(run, tmp_path):
    blueprint_with(tmp_path / "list.gpkg", EXPORT_PROJECTS)
    xlsx, annual_csv, reserve_csv = tmp_path / "list.xlsx", tmp_path / "annual.csv", tmp_path / "reserve.csv"
    result = run("exportannuallist", {"INPUT": f"{tmp_path / 'list.gpkg'}|layername=projects", "YEAR": 2027,
                                      "OUTPUT_XLSX": str(xlsx), "OUTPUT_CSV": str(annual_csv),
                                      "OUTPUT_RESERVE_CSV": str(reserve_csv)})
    assert result["PROJECTS"] == 3
    assert annual_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(annual_csv, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert tuple(rows[0]) == HEADERS and rows[0][0] == "序号"
    names = [row[HEADERS.index("项目名称")] for row in rows[1:]]
    assert names[:3] == ["甲单元", "乙单元一号", "乙单元二号"]  # U2 before U10, then priority
    assert names[3].startswith("2027年合计（3 个项目")
    assert float(rows[-1][HEADERS.index("投资估算（万元）")]) == pytest.approx(542.5)
    assert rows[1][HEADERS.index("时间安排")] == "2027-03-01 至 2027-10-31"

    workbook = openpyxl.load_workbook(xlsx)
    assert workbook.sheetnames == ["2027年度实施清单", "三年储备清单"]
    sheet = workbook["三年储备清单"]
    assert tuple(c.value for c in sheet[2]) == HEADERS
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    name_col, budget_col = HEADERS.index("项目名称"), HEADERS.index("投资估算（万元）")
    assert [r[name_col] for r in cells][:4] == ["甲单元", "乙单元一号", "乙单元二号", "2027年小计（3 个项目）"]
    assert cells[-1][name_col].startswith("2027—2029年合计（4 个项目") and cells[-1][budget_col] == 622.5
    annual_sheet = workbook["2027年度实施清单"]
    assert annual_sheet.cell(row=1, column=1).value == "江川路街道2027年度项目实施清单"
    assert [annual_sheet.cell(row=r, column=name_col + 1).value for r in (3, 4, 5)] == names[:3]
    with open(reserve_csv, encoding="utf-8-sig", newline="") as stream:
        reserve_rows = list(csv.reader(stream))
    assert any(row[name_col].startswith("2028年小计（1 个项目") for row in reserve_rows)


def test_export_writes_only_what_is_named_and_checks_the_year(run, tmp_path):
    blueprint_with(tmp_path / "list.gpkg", EXPORT_PROJECTS)
    source = f"{tmp_path / 'list.gpkg'}|layername=projects"
    with pytest.raises(QgsProcessingException, match="at least one file"):
        run("exportannuallist", {"INPUT": source})
    with pytest.raises(QgsProcessingException, match="outside the plan window"):
        run("exportannuallist", {"INPUT": source, "YEAR": 2031, "OUTPUT_CSV": str(tmp_path / "a.csv")})
    result = run("exportannuallist", {"INPUT": source, "OUTPUT_RESERVE_CSV": str(tmp_path / "r.csv")})
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix in (".csv", ".xlsx")) == ["r.csv"]
    assert result["PROJECTS"] == 3  # the default year is the plan's first


@pytest.mark.parametrize("name", ["清单.xls", "清单.csv", "清单"])
def test_the_workbook_must_be_named_xlsx(run, tmp_path, name):
    blueprint_with(tmp_path / "list.gpkg", EXPORT_PROJECTS)
    target = tmp_path / name
    with pytest.raises(QgsProcessingException, match=r"\.xlsx at the end") as refused:
        run("exportannuallist", {"INPUT": f"{tmp_path / 'list.gpkg'}|layername=projects",
                                 "OUTPUT_XLSX": str(target)})
    assert str(target) in str(refused.value) and ".lifecircle-" not in str(refused.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.gpkg"]


def test_export_names_an_unreadable_project(run, tmp_path):
    blueprint_with(tmp_path / "list.gpkg", [
        ("POINT(0 0)", full_list(project_id="BAD", name="坏", kind="dragon", reserve_year=2027))])
    with pytest.raises(QgsProcessingException, match="BAD"):
        run("exportannuallist", {"INPUT": f"{tmp_path / 'list.gpkg'}|layername=projects",
                                 "OUTPUT_CSV": str(tmp_path / "a.csv")})
    assert not (tmp_path / "a.csv").exists()


def test_review_report_of_an_empty_blueprint_says_there_is_no_map(run, tmp_path):
    blueprint_with(tmp_path / "empty.gpkg", [])
    result = run("validateblueprint", {"INPUT": f"{tmp_path / 'empty.gpkg'}|layername=projects", "OUTPUT": "memory:",
                                       "OUTPUT_REPORT": str(tmp_path / "empty.html")})
    page = Path(result["OUTPUT_REPORT"]).read_text(encoding="utf-8")
    assert "未绘制地图：图层没有坐标系或没有项目 / No map: the layer has no CRS or no project." in page
    assert "未发现问题：蓝图符合全部规则 / No findings: the blueprint keeps every rule." in page
    assert_pdf_holds_html(result["OUTPUT_REPORT"], result["OUTPUT_REPORT_PDF"])
