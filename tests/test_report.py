"""Reports: the pure HTML/SVG parts, the QGIS builder (maps, PDF layout) and walkingcoverage's OUTPUT_REPORT."""
import re
import shutil
import subprocess
import threading
import time
import xml.etree.ElementTree as ET

import pytest
import shapely
from qgis.core import QgsCoordinateReferenceSystem, QgsVectorLayer
from qgis.PyQt.QtGui import QImage

from conftest import ROOT, shared_data
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
    assert text.count("<td>—</td>") == 1 and text.count('<td class="num">—</td>') == 1
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


# --- the QGIS builder ---------------------------------------------------------------------------

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


@pytest.fixture(scope="module")
def small_report(qgis_app, tmp_path_factory):
    from lifecircle.processing_algorithms import report as rep

    crs = QgsCoordinateReferenceSystem(CRS)
    residents = [shapely.Point(X0 + 40 * i, Y0 + 25 * (i % 5)) for i in range(30)]
    units = [shapely.box(X0 - 50, Y0 - 50, X0 + 600, Y0 + 200), shapely.box(X0 + 600, Y0 - 50, X0 + 1250, Y0 + 200)]
    report = rep.Report("测试报告", "Test report")
    report.add_headline("73.3% 的 30 名居民 / 73.3% of 30 residents")
    report.add_map("地图 / Map", [
        rep.units_layer(units, crs, ["U1", "U2"]),
        rep.marked_layer("选址 / Sites", [shapely.Point(X0 + 300, Y0 + 150)], crs, labels=["1"]),
        rep.facilities_layer([shapely.box(X0, Y0, X0 + 20, Y0 + 20)], crs),
        rep.residents_layer(residents, crs, [i % 11 for i in range(30)])], crs)
    report.add_chart(BarChart("覆盖率 / Coverage", ["医疗卫生 health", "为老服务 elderly"],
                              [("U1", [0.5, 0.9]), ("ALL", [0.7, 0.8])]))
    long_rows = [(f"第{i}行 row {i}", i * 1.5) for i in range(150)]
    report.add_table(Table("长表 / Long table", ("名称 / Name", "值 / Value"), long_rows, numeric_columns=(1,)))
    osm = QgsVectorLayer(str(ROOT / "resources" / "poi_mapping.csv"), "openstreetmap pois", "ogr")
    report.add_sources([osm], role="POI")
    path = tmp_path_factory.mktemp("report") / "small.html"
    html_path, pdf_path = report.write(str(path))
    return {"html": path.read_text(encoding="utf-8"), "html_path": html_path, "pdf": path.with_suffix(".pdf"),
            "pdf_path": pdf_path}


def test_small_report_html_is_one_file_with_map_chart_and_tables(small_report):
    html = small_report["html"]
    assert small_report["html_path"].endswith("small.html") and small_report["pdf_path"].endswith("small.pdf")
    assert "73.3% 的 30 名居民" in html
    assert html.count('<img src="data:image/png;base64,') >= 5, "the map and its legend symbols"
    assert "<svg" in html and "医疗卫生 health" in html
    assert "<td>第149行 row 149</td>" in html
    assert "U1" in html and "0–4 项必备 essentials" in html, "the residents' legend comes from the QML style"
    assert "<td>openstreetmap pois</td>" in html and "poi_mapping.csv" in html
    assert OSM_CREDIT not in html, "credits follow a layer's source, not its name"
    assert "LifeCircle 0." in html and "QGIS 3." in html


def test_small_report_pdf_flows_the_long_table_over_pages(small_report, tmp_path):
    pages = pdf_pages(small_report["pdf"])
    assert 3 <= pages <= 6, "150 rows need two to four pages after the map and chart"
    assert page_one_is_drawn(small_report["pdf"], tmp_path) > 0.03


def test_report_refuses_a_pdf_name_and_a_missing_folder(qgis_app, tmp_path):
    from lifecircle.processing_algorithms.report import Report, ReportError

    report = Report("报告", "Report")
    with pytest.raises(ReportError, match=r"name ending in \.html"):
        report.write(str(tmp_path / "report.pdf"))
    with pytest.raises(ReportError, match="does not exist"):
        report.write(str(tmp_path / "missing" / "report.html"))
    with pytest.raises(ReportError, match="takes a Table"):
        report.add_table([("a", 1)])
    from lifecircle.processing_algorithms.report import facilities_layer

    with pytest.raises(ReportError, match="has nothing to draw"):
        report.add_map("空 / Empty", [facilities_layer([None], QgsCoordinateReferenceSystem(CRS))],
                       QgsCoordinateReferenceSystem(CRS))


def test_report_written_from_a_worker_thread_as_in_the_processing_dialog(qgis_app, tmp_path):
    from qgis.core import QgsApplication

    from lifecircle.processing_algorithms import report as rep

    crs = QgsCoordinateReferenceSystem(CRS)
    outcome = {}

    def work():
        try:
            report = rep.Report("线程", "Thread")
            report.add_map("地图 / Map", [rep.facilities_layer([shapely.Point(X0, Y0), shapely.Point(X0 + 300, Y0)],
                                                                crs)], crs)
            outcome["paths"] = report.write(str(tmp_path / "thread.html"))
        except Exception as err:  # noqa: BLE001 (reported by the main thread's assertion)
            outcome["error"] = err

    worker = threading.Thread(target=work)
    worker.start()
    deadline = time.monotonic() + 60
    while worker.is_alive() and time.monotonic() < deadline:
        QgsApplication.processEvents()
        worker.join(0.01)
    assert not worker.is_alive() and "error" not in outcome, outcome.get("error")
    assert (tmp_path / "thread.pdf").read_bytes().startswith(b"%PDF")


def test_osm_sources_are_credited(qgis_app, tmp_path):
    from lifecircle.processing_algorithms.report import Report

    layer = QgsVectorLayer(str(shared_data("dapuqiao-osm", "street_network.geojson")), "streets", "ogr")
    assert layer.isValid()
    report = Report("报告", "Report")
    report.add_sources([layer], role="NETWORK")
    html_path, _pdf = report.write(str(tmp_path / "osm.html"))
    html = open(html_path, encoding="utf-8").read()
    assert OSM_CREDIT in html and "street_network.geojson" in html and "EPSG:4326" in html


# --- walkingcoverage OUTPUT_REPORT ----------------------------------------------------------------

@pytest.fixture(scope="module")
def district(lifecircle_provider, tmp_path_factory):
    import processing

    path = tmp_path_factory.mktemp("district") / "sample_district.gpkg"
    processing.run("lifecircle:sampledistrict", {"OUTPUT": str(path)})
    return path


@pytest.fixture(scope="module")
def district_report(district, tmp_path_factory):
    import processing

    def layer(name):
        return f"{district}|layername={name}"

    html = tmp_path_factory.mktemp("coverage") / "coverage_report.html"
    results = processing.run("lifecircle:walkingcoverage", {
        "NETWORK": layer("roads"), "FACILITIES": layer("facilities"), "SERVICE_FIELD": "services",
        "DEMAND": layer("compounds"), "POPULATION_FIELD": "population", "GATES": layer("gates"),
        "UNITS": layer("units"), "UNIT_ID_FIELD": "unit_id",
        "STANDARDS": str(ROOT / "resources" / "standards_tiered.csv"),
        "OUTPUT_DEMAND": "TEMPORARY_OUTPUT", "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT",
        "OUTPUT_GAPS": "TEMPORARY_OUTPUT", "OUTPUT_REPORT": str(html)})
    return results, html.read_text(encoding="utf-8")


def test_district_report_states_the_headline_and_every_unit(district_report):
    results, html = district_report
    assert results["OUTPUT_REPORT"].endswith("coverage_report.html")
    assert results["OUTPUT_REPORT_PDF"].endswith("coverage_report.pdf")
    share = format_share(results["COVERED_SHARE"])
    assert f"{share} 的 {results['RESIDENTS']:,.0f} 名居民" in html
    for unit in ("DPQ-01", "DPQ-02", "DPQ-03"):
        assert f"<th class=\"num\">{unit}</th>" in html, unit
    for code in REQUIRED_CODES:
        assert f"<td>{BY_CODE[code].name_zh}</td>" in html, code
    assert "<td>就业关怀 employment</td>" in html and "0.0%" in html, "employment is offered nowhere"
    assert html.count("<svg") == 2, "coverage per service and per unit"
    assert '<img src="data:image/png;base64,' in html
    assert SAMPLE_DISTRICT_CREDIT in html and OSM_CREDIT not in html


def test_district_report_lists_parameters_readably(district_report):
    _results, html = district_report
    assert "<td>sample_district › roads</td>" in html and "<td>sample_district › compounds</td>" in html
    assert "<td>4</td>" in html and "<td>150</td>" in html, "defaults: walking speed, snap distance"
    assert "standards_tiered.csv" in html
    assert "<td>临时图层 / temporary layer</td>" in html
    assert "Shared vertices only" in html or "仅共享顶点" in html, "the enum's option text"


def test_district_report_pdf_has_pages_with_ink(district_report, tmp_path):
    results, _html = district_report
    from pathlib import Path

    pdf = Path(results["OUTPUT_REPORT_PDF"])
    assert pdf_pages(pdf) >= 2
    assert page_one_is_drawn(pdf, tmp_path) > 0.03


def test_without_report_no_report_output(district):
    import processing

    results = processing.run("lifecircle:walkingcoverage", {
        "NETWORK": f"{district}|layername=roads", "FACILITIES": f"{district}|layername=facilities",
        "SERVICE_FIELD": "services", "DEMAND": f"{district}|layername=compounds",
        "OUTPUT_DEMAND": "TEMPORARY_OUTPUT", "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT",
        "OUTPUT_GAPS": "TEMPORARY_OUTPUT"})
    assert "OUTPUT_REPORT" not in results and "OUTPUT_REPORT_PDF" not in results
