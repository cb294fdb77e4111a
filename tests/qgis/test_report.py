"""Reports: the pure HTML/SVG parts, the report engine (processing_algorithms/report: document, HTML, PDF on
QGIS's layout engine) and walkingcoverage's OUTPUT_REPORT."""
import os
import re
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET

import pytest
import shapely
from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer
from qgis.PyQt.QtGui import QImage

from conftest import ROOT, RecordingFeedback, shared_data
from pdf_text import assert_pdf_holds_html
from lifecircle.lifecircle_plugin.core.report_content import (
    OSM_CREDIT,
    SAMPLE_DISTRICT_CREDIT,
    BarChart,
    ReportContentError,
    Table,
    bar_chart_svg,
    credits_for,
    document_html,
    format_share,
    png_img_html,
    table_html,
)
from lifecircle.lifecircle_plugin.core.services import BY_CODE, REQUIRED_CODES

SVG = "{http://www.w3.org/2000/svg}"
CRS = "EPSG:4549"
X0, Y0 = 639500.0, 3453500.0


# --- pure parts ---------------------------------------------------------------------------------

def test_table_html_escapes_and_aligns():
    table = Table("单元 <A&B>", ("name", "share"), [("<script>", 0.5), (None, float("nan"))],
                  note="a & b", numeric_columns=(1,))
    text = table_html(table)
    assert "<caption>单元 &lt;A&amp;B&gt;</caption>" in text
    assert "&lt;script&gt;" in text and "<script>" not in text
    assert '<td class="num">0.5</td>' in text
    assert text.count('<td class="nw">—</td>') == 1 and text.count('<td class="num">—</td>') == 1
    assert '<p class="note">a &amp; b</p>' in text


def test_table_with_a_short_row_names_table_and_row():
    with pytest.raises(ReportContentError, match=r"Table 'T', row 1: 1 values for 2 columns"):
        Table("T", ("a", "b"), [(1, 2), (3,)])
    with pytest.raises(ReportContentError, match="numeric column 5"):
        Table("T", ("a",), [], numeric_columns=(5,))


def test_bar_chart_svg_draws_one_bar_per_finite_value():
    chart = BarChart("覆盖率 Coverage", ["医疗卫生 health", "为老服务 elderly", "急救 emergency"],
                     [("DPQ-01", [0.5, 0.0, float("nan")]), ("ALL", [1.0, 0.25, None])], target=0.99,
                     target_label="99%")
    root = ET.fromstring(bar_chart_svg(chart, width=600))
    assert root.tag == f"{SVG}svg" and root.get("width") == "600"
    fills = {"#1f78b4", "#e6550d"}
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("fill") in fills and r.get("height") == "13"]
    assert len(bars) == 4, "NaN and None draw no bar"
    widths = sorted(float(b.get("width")) for b in bars)
    assert widths[0] == pytest.approx(0.0), "a share of 0 is a bar of no length"
    assert widths[3] == pytest.approx(2 * widths[2], abs=0.2) == pytest.approx(4 * widths[1], abs=0.4)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "50.0%" in texts and "100.0%" in texts and texts.count("—") == 2
    assert "医疗卫生 health" in texts and "DPQ-01" in texts
    assert any(line.get("stroke-dasharray") for line in root.iter(f"{SVG}line")), "the target line"


def test_bar_chart_refuses_bad_shares_and_lengths():
    with pytest.raises(ReportContentError, match=r"series 'U1', category 'b': share 1.5 is outside 0..1"):
        BarChart("C", ["a", "b"], [("U1", [0.5, 1.5])])
    with pytest.raises(ReportContentError, match=r"series 'U1': 1 values for 2 categories"):
        BarChart("C", ["a", "b"], [("U1", [0.5])])
    with pytest.raises(ReportContentError, match="at least one category"):
        BarChart("C", [], [])


def test_credits_follow_the_sources():
    assert credits_for(["/data/dapuqiao-osm/street_network.geojson", "x.gpkg|layername=OpenStreetMap_roads"]) \
        == [OSM_CREDIT]
    assert credits_for(["/tmp/build/demo/sample_district.gpkg|layername=roads"]) == [SAMPLE_DISTRICT_CREDIT]
    assert credits_for(["/survey/roads.shp", None]) == []
    assert "ODbL 1.0" in OSM_CREDIT and "© OpenStreetMap contributors" in OSM_CREDIT


def test_small_helpers():
    assert format_share(0.8237) == "82.4%" and format_share(float("nan")) == "—" and format_share(None) == "—"
    with pytest.raises(ReportContentError, match="not a PNG"):
        png_img_html(b"GIF89a", "map")
    page = document_html("报告 <1>", ["line"], ["<p>x</p>"], "body{}")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8"/>' in page
    assert "<h1>报告 &lt;1&gt;</h1>" in page


def test_chart_legend_wraps_within_the_chart():
    """A legend wider than the chart flows onto more rows instead of running off the edge ("2035 targe")."""
    series = [(f"单元 DPQ-0{i} unit", [0.5]) for i in range(1, 9)]
    chart = BarChart("覆盖率 / Coverage", ["医疗卫生 health"], series, target=0.99,
                     target_label="2035 目标 99% / 2035 target 99%")
    root = ET.fromstring(bar_chart_svg(chart, width=500))
    texts = [t for t in root.iter(f"{SVG}text") if t.text and ("DPQ" in t.text or "2035" in t.text)]
    assert len(texts) == 9
    rows = {t.get("y") for t in texts}
    assert len(rows) >= 3, "nine entries do not fit one row of 500 px"
    for text in texts:
        assert float(text.get("x")) + len(text.text) * 12 * 0.58 <= 500 + 1, text.text


# --- the engine -------------------------------------------------------------------------------


def page_one_is_drawn(pdf_path, tmp_path):
    """Page 1 of the PDF rendered by poppler: a real page with ink on it."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (Debian package poppler-utils) is not installed; the PDF's pages were not rendered")
    subprocess.run(["pdftoppm", "-r", "40", "-f", "1", "-l", "1", "-png", str(pdf_path), str(tmp_path / "page")],
                   check=True, timeout=60)
    image = QImage(str(next(tmp_path.glob("page*.png"))))
    assert 0.69 < image.width() / image.height() < 0.72, "A4 portrait"
    dark = sum(1 for y in range(0, image.height(), 3) for x in range(0, image.width(), 3)
               if QImage.pixelColor(image, x, y).lightness() < 200)
    return dark / ((image.height() // 3 + 1) * (image.width() // 3 + 1))


def pdf_pages(pdf_path):
    data = pdf_path.read_bytes()
    assert data.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


def small_document():
    from lifecircle.processing_algorithms.report import Report, maps

    crs = QgsCoordinateReferenceSystem(CRS)
    residents = [shapely.Point(X0 + 40 * i, Y0 + 25 * (i % 5)) for i in range(30)]
    units = maps_units([shapely.box(X0 - 50, Y0 - 50, X0 + 600, Y0 + 200),
                        shapely.box(X0 + 600, Y0 - 50, X0 + 1250, Y0 + 200)], ["U1", "U2"])
    report = Report("测试报告", "Test report")
    report.add_headline("73.3% 的 30 名居民 / 73.3% of 30 residents")
    report.add_figures([("73.3%", "覆盖率 / covered"), ("3,000 人", "居民 / residents")])
    report.add_paragraph("建筑面积 310 m² 的候选点 / a candidate of 310 m²")
    report.add_map("地图 / Map", [
        maps.units_layer(units, crs),
        maps.marked_layer("选址 / Sites", [shapely.Point(X0 + 300, Y0 + 150)], crs, labels=["1"]),
        maps.facilities_layer([shapely.box(X0, Y0, X0 + 20, Y0 + 20)], crs),
        maps.residents_layer(residents, crs, [i % 11 for i in range(30)])], crs)
    report.add_map_grid("小图 / Small maps", [
        report.map_section(f"服务 {k}", [maps.two_class_layer("居民 / Residents", residents, crs,
                                                                [i % k == 0 for i in range(30)], "超出 / beyond",
                                                                "阈值内 / within", "#d7301f", "#c7c7c7")], crs)
        for k in (2, 3, 5)])
    report.add_chart(BarChart("覆盖率 / Coverage", ["医疗卫生 health", "为老服务 elderly"],
                              [("U1", [0.5, 0.9]), ("ALL", [0.7, 0.8])]))
    long_rows = [(f"第{i}行 row {i}", i * 1.5, f"{1000 * i:,} 人") for i in range(150)]
    report.add_table(Table("长表 / Long table", ("名称 / Name", "值 / Value", "人数 / People"), long_rows,
                           numeric_columns=(1, 2)))
    expression = " OR ".join(f"\"highway\" = 'type_{i}'" for i in range(30))
    report.add_table(Table("宽表 / Wide table", ("参数 / Parameter", "取值 / Value", "代码 / Code"),
                           [("Exclude lines where", expression, "EXCLUDE_EXPRESSION"),
                            ("说明 / Message", "基本单元「DPQ-01」规划项目建成后党群服务覆盖率 86%、"
                             "保育托幼覆盖率 30.1%，低于目标 99%" * 3, "unit_missing_services")]))
    osm = QgsVectorLayer(str(ROOT / "resources" / "poi_mapping.csv"), "openstreetmap pois", "ogr")
    report.add_sources([osm], role="POI")
    return report


def maps_units(geometries, ids):
    import numpy as np

    from lifecircle.processing_algorithms.base import BasicUnits

    return BasicUnits("units", np.array(geometries, dtype=object), ids)


@pytest.fixture(scope="module")
def small_report(qgis_app, tmp_path_factory):
    from lifecircle.processing_algorithms.report import write_report

    path = tmp_path_factory.mktemp("report") / "small.html"
    feedback = RecordingFeedback()
    html_path, pdf_path = write_report(small_document(), str(path), feedback)
    return {"html": path.read_text(encoding="utf-8"), "html_path": html_path, "pdf": path.with_suffix(".pdf"),
            "pdf_path": pdf_path, "log": feedback.log}


def test_small_report_html_is_one_file_with_maps_chart_and_tables(small_report):
    html = small_report["html"]
    assert small_report["html_path"].endswith("small.html") and small_report["pdf_path"].endswith("small.pdf")
    assert "73.3% 的 30\u00a0名居民" in html, "a number keeps its measure word on its line"
    assert "310\u00a0m²" in html and '<span class="value">3,000\u00a0人</span>' in html
    assert html.count('<figure><img src="data:image/png;base64,') == 4, "the map and three small maps"
    assert "<svg" in html and "医疗卫生 health" in html
    assert '<td class="nw">第149行 row 149</td>' not in html and "<td>第149行 row 149</td>" in html
    assert "U1" in html and "0–4 项十全 essentials" in html, "the residents' legend comes from the QML style"
    assert "超出 / beyond" in html and "阈值内 / within" in html, "the small maps' shared legend"
    assert '<td class="nw">openstreetmap pois</td>' not in html and "<td>openstreetmap pois</td>" in html
    assert "poi_mapping.csv" in html and OSM_CREDIT not in html, "credits follow a layer's source, not its name"
    assert "LifeCircle 0." in html and "QGIS 3." in html


def test_small_report_pdf_flows_the_long_table_and_holds_every_cell(small_report, tmp_path):
    pages = pdf_pages(small_report["pdf"])
    assert 4 <= pages <= 8, "150 rows need two to four pages after the maps and chart"
    assert page_one_is_drawn(small_report["pdf"], tmp_path) > 0.03
    text = assert_pdf_holds_html(small_report["html_path"], small_report["pdf_path"])
    assert "第0行 row 0" in text and "第149行 row 149" in text
    assert text.count("名称 / Name") >= 2, "the header repeats on every page of the table"
    assert "图例 / Legend" in text and re.search(r"\b\d+ m\b", text), "legend and scale bar"


def test_no_chinese_font_warning_when_one_is_installed(small_report):
    from lifecircle.processing_algorithms.report.maps import cjk_font_family

    if cjk_font_family() is None:
        pytest.skip("no Chinese font installed on this machine")
    assert "No Chinese font" not in small_report["log"]


def test_chinese_font_found_under_a_chinese_system_locale(qgis_app):
    """Qt names fonts in the system's language (文泉驿微米黑): the report still finds them."""
    from lifecircle.processing_algorithms.report.maps import cjk_font_family

    if cjk_font_family() is None:
        pytest.skip("no Chinese font installed on this machine")
    script = ("import sys; sys.path.insert(0, {tests!r}); import lifecircle_bootstrap\n"
              "from qgis.core import QgsApplication\n"
              "app = QgsApplication([], False); app.initQgis()\n"
              "from lifecircle.processing_algorithms.report.maps import cjk_font_family\n"
              "print('FAMILY', cjk_font_family())\n").format(tests=str(ROOT / "tests"))
    env = dict(os.environ, LANG="zh_CN.UTF-8", LC_ALL="zh_CN.UTF-8", LANGUAGE="zh_CN")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    family = [line for line in done.stdout.splitlines() if line.startswith("FAMILY")]
    assert family and family[0] != "FAMILY None", done.stdout + done.stderr


def test_report_refuses_a_pdf_name_a_missing_folder_and_wrong_content(qgis_app, tmp_path):
    from qgis.core import QgsProcessingException

    from lifecircle.processing_algorithms.report import Report, write_report
    from lifecircle.processing_algorithms.report.maps import facilities_layer, memory_layer

    report = Report("报告", "Report")
    with pytest.raises(QgsProcessingException, match=r"name ending in \.html"):
        write_report(report, str(tmp_path / "report.pdf"))
    with pytest.raises(QgsProcessingException, match="does not exist"):
        write_report(report, str(tmp_path / "missing" / "report.html"))
    with pytest.raises(QgsProcessingException, match="takes a Table"):
        report.add_table([("a", 1)])
    crs = QgsCoordinateReferenceSystem(CRS)
    with pytest.raises(QgsProcessingException, match="'空 / Empty' has nothing to draw"):
        report.add_map("空 / Empty", [facilities_layer([None], crs)], crs)
    with pytest.raises(QgsProcessingException,
                       match=r"layer '混合 / Mixed' mixes geometry types \(LineString, Point\)"):
        memory_layer("混合 / Mixed", [shapely.Point(0, 0), shapely.LineString([(0, 0), (1, 1)])], crs)
    assert not list(tmp_path.iterdir()), "nothing written"


def test_a_cancelled_report_writes_nothing(qgis_app, tmp_path):
    from lifecircle.processing_algorithms.report import write_report

    feedback = RecordingFeedback()
    feedback.cancel()
    assert write_report(small_document(), str(tmp_path / "cancelled.html"), feedback) == (None, None)
    assert not list(tmp_path.iterdir()), "neither file, nor a staged part"


def test_the_layout_refuses_a_worker_thread(qgis_app, tmp_path):
    """Print layouts run on the main thread only: a report written from another thread is refused, whole."""
    from lifecircle.processing_algorithms.report import Report, write_report

    outcome = {}

    def work():
        try:
            write_report(Report("线程", "Thread"), str(tmp_path / "thread.html"))
        except Exception as err:  # checked by the main thread
            outcome["error"] = err

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(60)
    assert "main thread" in str(outcome.get("error")), outcome
    assert not list(tmp_path.iterdir())


def test_osm_sources_are_credited(qgis_app, tmp_path):
    from lifecircle.processing_algorithms.report import Report, write_report

    layer = QgsVectorLayer(str(shared_data("dapuqiao-osm", "street_network.geojson")), "streets", "ogr")
    assert layer.isValid()
    report = Report("报告", "Report")
    report.add_sources([layer], role="NETWORK")
    html_path, _pdf = write_report(report, str(tmp_path / "osm.html"))
    html = open(html_path, encoding="utf-8").read()
    assert OSM_CREDIT in html and "street_network.geojson" in html and "EPSG:4326" in html


# --- walkingcoverage OUTPUT_REPORT ----------------------------------------------------------------

def coverage_parameters(district, html):
    def layer(name):
        return f"{district}|layername={name}"

    return {"NETWORK": layer("roads"), "FACILITIES": layer("facilities"), "SERVICE_FIELD": "services",
            "DEMAND": layer("compounds"), "POPULATION_FIELD": "population", "GATES": layer("gates"),
            "UNITS": layer("units"), "UNIT_ID_FIELD": "unit_id",
            "STANDARDS": str(ROOT / "resources" / "standards_tiered.csv"),
            "OUTPUT_DEMAND": "TEMPORARY_OUTPUT", "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT",
            "OUTPUT_GAPS": "TEMPORARY_OUTPUT", "OUTPUT_REPORT": str(html)}


@pytest.fixture(scope="module")
def district_report(district, tmp_path_factory):
    import processing

    html = tmp_path_factory.mktemp("coverage") / "coverage_report.html"
    results = processing.run("lifecircle:walkingcoverage", coverage_parameters(district, html))
    return results, html.read_text(encoding="utf-8").replace("\u00a0", " ")


def test_district_report_states_the_headline_and_every_unit(district_report):
    results, html = district_report
    assert results["OUTPUT_REPORT"].endswith("coverage_report.html")
    assert results["OUTPUT_REPORT_PDF"].endswith("coverage_report.pdf")
    share = format_share(results["COVERED_SHARE"])
    assert f"{share} 的 {results['RESIDENTS']:,.0f} 名居民可在各自步行阈值内到达全部十全服务" in html
    for unit in ("DPQ-01", "DPQ-02", "DPQ-03"):
        assert f"<th class=\"num\">{unit}</th>" in html, unit
    for code in REQUIRED_CODES:
        assert f"<td>{BY_CODE[code].name_zh} / {BY_CODE[code].name_en.replace('&', '&amp;')}</td>" in html, code
    assert "<td>就业关怀 employment</td>" in html and "0.0%" in html, "employment is offered nowhere"
    assert html.count("<svg") == 2, "coverage per service and per unit"
    assert SAMPLE_DISTRICT_CREDIT in html and OSM_CREDIT not in html


def test_district_report_speaks_the_glossary(district_report):
    """十全服务, as the UI says (i18n/glossary.md), never 必备; one "服务" per header."""
    _results, html = district_report
    assert "必备" not in html and "十全服务" in html
    header = html[html.index("十全服务（全域）"):]
    header = header[header.index("<thead>"):header.index("</thead>")]
    assert header.count("服务") == 1, header


def test_district_report_has_a_gap_map_per_essential(district_report):
    _results, html = district_report
    grid = html[html.index('<div class="map-grid">'):]
    grid = grid[:grid.index("</section>")]
    assert grid.count('<div class="small-map">') == len(REQUIRED_CODES)
    assert "保育托幼 nursery（10分钟）" in grid and "为老服务 elderly（5分钟）" in grid, "the tiered thresholds"
    assert "超出时间阈值 / beyond the threshold" in grid and "该项服务的设施 / Facilities of the service" in grid


def test_district_report_lists_parameters_readably(district_report):
    _results, html = district_report
    assert "<td>sample_district › roads</td>" in html and "<td>sample_district › compounds</td>" in html
    assert '<td class="nw">4</td>' in html and '<td class="nw">150</td>' in html, "walking speed, snap distance"
    assert "standards_tiered.csv" in html
    assert "<td>临时图层 / temporary layer</td>" in html
    assert "Shared vertices only" in html or "仅共享顶点" in html, "the enum's option text"


def test_district_report_pdf_holds_the_html(district_report, tmp_path):
    from pathlib import Path

    results, _html = district_report
    pdf = Path(results["OUTPUT_REPORT_PDF"])
    assert pdf_pages(pdf) >= 4
    assert page_one_is_drawn(pdf, tmp_path) > 0.03
    text = assert_pdf_holds_html(results["OUTPUT_REPORT"], pdf)
    assert "图例 / Legend" in text and "基本单元 / Basic units" in text and "步行网络 / Walking network" in text


def test_district_report_through_a_background_task(district, tmp_path):
    """As in the Processing dialog: the algorithm runs in a task thread, the report is written afterwards on the
    main thread (postProcessAlgorithm) and both files are among the results."""
    from qgis.core import QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingContext, QgsProject

    html = tmp_path / "task.html"
    algorithm = QgsApplication.processingRegistry().createAlgorithmById("lifecircle:walkingcoverage")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = RecordingFeedback()
    task = QgsProcessingAlgRunnerTask(algorithm, coverage_parameters(district, html), context, feedback)
    outcome = {}
    task.executed.connect(lambda ok, results: outcome.update(ok=ok, results=results))
    QgsApplication.taskManager().addTask(task)
    import time

    deadline = time.monotonic() + 300
    while "ok" not in outcome and time.monotonic() < deadline:
        QgsApplication.processEvents()
        time.sleep(0.01)
    assert outcome.get("ok"), feedback.log
    assert outcome["results"]["OUTPUT_REPORT_PDF"] == str(tmp_path / "task.pdf")
    assert (tmp_path / "task.pdf").read_bytes().startswith(b"%PDF") and html.exists()
    assert f"Report: {html} and {tmp_path / 'task.pdf'}" in feedback.log


def test_without_report_no_report_output(district):
    import processing

    results = processing.run("lifecircle:walkingcoverage", {
        "NETWORK": f"{district}|layername=roads", "FACILITIES": f"{district}|layername=facilities",
        "SERVICE_FIELD": "services", "DEMAND": f"{district}|layername=compounds",
        "OUTPUT_DEMAND": "TEMPORARY_OUTPUT", "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT",
        "OUTPUT_GAPS": "TEMPORARY_OUTPUT"})
    assert "OUTPUT_REPORT" not in results and "OUTPUT_REPORT_PDF" not in results


def test_review_and_coverage_give_the_same_figure_for_the_same_inputs(district, district_report, tmp_path):
    """The same STANDARDS give the same share in the review as in the coverage report (nursery: 10 minutes)."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry

    from lifecircle.lifecircle_plugin.adapters import blueprint_layer
    from lifecircle.lifecircle_plugin.core.blueprint import PlanWindow

    layer = blueprint_layer.create_blueprint(tmp_path / "plan.gpkg", PlanWindow("示例街道", 2027))
    feature = QgsFeature(layer.fields())  # a cancelled project adds no facility
    feature.setGeometry(QgsGeometry.fromWkt(f"POINT({X0} {Y0})"))
    for name, value in (("project_id", "X1"), ("name", "取消"), ("kind", "liuyiting"), ("status", "cancelled")):
        feature[name] = value
    assert layer.dataProvider().addFeatures([feature])[0]
    parameters = coverage_parameters(district, tmp_path / "review.html")
    for name in ("OUTPUT_DEMAND", "OUTPUT_SUMMARY", "OUTPUT_GAPS"):
        del parameters[name]
    results = processing.run("lifecircle:validateblueprint", dict(
        parameters, INPUT=f"{tmp_path / 'plan.gpkg'}|layername=projects", OUTPUT="memory:"))
    review = open(results["OUTPUT_REPORT"], encoding="utf-8").read()
    whole = review[review.index("<td>全域 / whole area</td>"):]
    review_shares = re.findall(r'<td class="num">([\d.]+%)</td>', whole[:whole.index("</tr>")])
    _results, coverage = district_report
    for position, code in enumerate(REQUIRED_CODES, start=1):  # after the 人民坊 column
        row = coverage[coverage.index(f"<td>{BY_CODE[code].name_zh} / "):]
        share = re.findall(r'<td class="num">([\d.]+%)</td>', row[:row.index("</tr>")])[-1]
        assert review_shares[position] == share, code


def test_bar_chart_of_minutes_scales_to_its_maximum():
    chart = BarChart("步行时间 / Walking minutes", ["党群服务 party", "医疗卫生 health"], [("DPQ-01", [7.5, 30.0])],
                     target=15.0, target_label="15 分钟", maximum=30.0, unit=" 分钟")
    root = ET.fromstring(bar_chart_svg(chart, width=600))
    bars = sorted(float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("height") == "13")
    assert bars[1] == pytest.approx(4 * bars[0], abs=0.2), "7.5 of 30 is a quarter of the axis"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "7.5 分钟" in texts and "30.0 分钟" in texts and "15.0" in texts, "values and the axis in minutes"
    with pytest.raises(ReportContentError, match=r"value 45 is outside 0\.\.30"):
        BarChart("C", ["a"], [("U1", [45])], maximum=30)
    with pytest.raises(ReportContentError, match="maximum 0 must be a positive number"):
        BarChart("C", ["a"], [("U1", [1])], maximum=0)
