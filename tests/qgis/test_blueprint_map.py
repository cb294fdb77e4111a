"""lifecircle:blueprintmap: the blueprint as a print-ready map (PDF and PNG) with the 3-year reserve table."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from qgis.core import QgsProcessingException
from qgis.PyQt.QtGui import QImage

from pdf_text import pdf_text
from test_blueprint_algs import LIST_VALUES, blueprint_with

MM_PER_PT = 25.4 / 72


def page_sizes_mm(pdf):
    if shutil.which("pdfinfo") is None:
        pytest.skip("pdfinfo (Debian package poppler-utils) is not installed")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True,
                          check=True).stdout
    return [(round(float(w) * MM_PER_PT), round(float(h) * MM_PER_PT))
            for w, h in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]


def plan(tmp_path):
    """Projects of the sample district's street, in EPSG:4549 like the sample: three years and one unscheduled."""
    x, y = 639800.0, 3453700.0
    blueprint_with(tmp_path / "plan.gpkg", [
        (f"POINT({x} {y})", dict(LIST_VALUES, project_id="DPQ-P01", name="丹浦人民坊", kind="renminfang",
                                 status="planned", reserve_year=2027, floor_area_m2=1200.0, budget_wan=3000.0,
                                 services="party,health", unit_id="DPQ-01")),
        (f"POINT({x + 300} {y + 200})", dict(project_id="DPQ-T02", name="滨河六艺亭", kind="liuyiting",
                                             status="reserve", reserve_year=2028, floor_area_m2=150.0,
                                             budget_wan=80.5, unit_id="DPQ-02")),
        (f"POINT({x + 600} {y - 100})", dict(project_id="DPQ-T03", name="学校门口六艺亭", kind="liuyiting",
                                             status="completed", reserve_year=2029, floor_area_m2=180.0,
                                             unit_id="DPQ-03")),
        (f"POINT({x + 200} {y - 300})", dict(project_id="DPQ-X04", name="待定项目", kind="other")),
    ])
    return tmp_path / "plan.gpkg"


@pytest.fixture(scope="module")
def printed(district, tmp_path_factory):
    import processing

    folder = tmp_path_factory.mktemp("map")
    projects = plan(folder)
    results = processing.run("lifecircle:blueprintmap", {
        "INPUT": f"{projects}|layername=projects",
        "UNITS": f"{district}|layername=units", "UNIT_ID_FIELD": "unit_id",
        "FACILITIES": f"{district}|layername=facilities", "SERVICE_FIELD": "services",
        "OUTPUT_PDF": str(folder / "blueprint.pdf"), "OUTPUT_PNG": str(folder / "blueprint.png"), "DPI": 100})
    return results, folder


def test_pdf_has_the_map_page_and_the_reserve_page_on_a3_landscape(printed):
    results, folder = printed
    assert results["OUTPUT_PDF"] == str(folder / "blueprint.pdf") and results["OUTPUT_PNG"] == str(
        folder / "blueprint.png")
    sizes = page_sizes_mm(folder / "blueprint.pdf")
    assert len(sizes) >= 2 and all(size == (420, 297) for size in sizes)
    assert not [p for p in folder.iterdir() if p.name.startswith(".")], "no staged file left"


def test_map_page_names_street_years_projects_legend_and_sources(printed):
    _results, folder = printed
    text = pdf_text(folder / "blueprint.pdf")
    first = text.split("\f")[0]
    assert "江川路街道社区蓝图（2027—2029年）" in first
    for label in ("DPQ-P01 丹浦人民坊", "DPQ-T02 滨河六艺亭", "DPQ-T03 学校门口六艺亭", "DPQ-X04 待定项目"):
        assert label in first, label
    assert "图例" in first and "Legend" in first and "人民坊" in first and "列入年度计划" in first, "kinds, statuses"
    for label in ("现有设施（按服务）", "Existing facilities by service", "医疗卫生", "基本单元", "Basic units"):
        assert label in first, label
    assert re.search(r"\b\d+ m\b", first), "scale bar"
    assert "数据来源 / Sources" in first and "plan.gpkg" in first and "units" in first
    assert "虚构示例街道" not in first or "sample_district" in first


def test_reserve_page_lists_each_year_with_subtotals(printed):
    _results, folder = printed
    pages = pdf_text(folder / "blueprint.pdf").split("\f")[1:]
    reserve = "\n".join(pages)
    assert "江川路街道2027—2029年项目储备清单 / 3-year project reserve of 江川路街道, 2027–2029" in reserve
    for year, project, total in ((2027, "DPQ-P01", "3,000"), (2028, "DPQ-T02", "80.5"), (2029, "DPQ-T03", "0")):
        assert f"{year}年 / {year}" in reserve and project in reserve
        assert re.search(rf"{year}年小计（1 个项目.*?）.*{re.escape(total)}", reserve), year
    assert "投资估算合计 3,080.5 万元" in reserve
    assert "另有 1 个项目未填储备年份，未列入" in reserve, "the unscheduled project is counted"
    assert "DPQ-X04" not in reserve


def test_png_is_the_map_page_at_the_asked_resolution(printed):
    _results, folder = printed
    image = QImage(str(folder / "blueprint.png"))
    assert (image.width(), image.height()) == (round(420 / 25.4 * 100), round(297 / 25.4 * 100))
    assert round(image.dotsPerMeterX() * 0.0254) == 100
    dark = sum(1 for y in range(0, image.height(), 7) for x in range(0, image.width(), 7)
               if image.pixelColor(x, y).lightness() < 200)
    assert dark > 200, "a drawn map"


def test_a4_portrait_without_units_or_facilities(lifecircle_provider, tmp_path):
    import processing

    projects = plan(tmp_path)
    results = processing.run("lifecircle:blueprintmap", {
        "INPUT": f"{projects}|layername=projects", "PAPER": 3, "OUTPUT_PDF": str(tmp_path / "a4.pdf")})
    assert "OUTPUT_PNG" not in results
    sizes = page_sizes_mm(Path(results["OUTPUT_PDF"]))
    assert sizes[0] == (210, 297)
    text = pdf_text(tmp_path / "a4.pdf")
    assert "DPQ-P01 丹浦人民坊" in text and "图例 / Legend" in text


def test_refuses_a_wrong_name_and_an_empty_blueprint(lifecircle_provider, tmp_path):
    import processing

    projects = plan(tmp_path)
    with pytest.raises(QgsProcessingException, match=r"ending in \.pdf"):
        processing.run("lifecircle:blueprintmap", {"INPUT": f"{projects}|layername=projects",
                                                   "OUTPUT_PDF": str(tmp_path / "map.png")})
    blueprint_with(tmp_path / "empty.gpkg", [])
    empty = tmp_path / "empty.gpkg"
    with pytest.raises(QgsProcessingException, match="has no project to draw"):
        processing.run("lifecircle:blueprintmap", {"INPUT": f"{empty}|layername=projects",
                                                   "OUTPUT_PDF": str(tmp_path / "empty.pdf")})
    assert not (tmp_path / "map.png").exists() and not (tmp_path / "empty.pdf").exists()


def test_polygon_blueprint_in_degrees(lifecircle_provider, tmp_path):
    """A polygon blueprint in CGCS2000 degrees is drawn in metres (its scale bar reads metres)."""
    import processing
    from qgis.core import QgsFeature, QgsGeometry

    from lifecircle.lifecircle_plugin.adapters import blueprint_layer
    from test_blueprint_algs import WINDOW

    layer = blueprint_layer.create_blueprint(tmp_path / "geo.gpkg", WINDOW, geometry=1, crs="EPSG:4490")
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(
        "MULTIPOLYGON(((121.470 31.200,121.471 31.200,121.471 31.201,121.470 31.201,121.470 31.200)))"))
    for name, value in (("project_id", "GEO-1"), ("name", "滨江口袋公园"), ("kind", "public_space"),
                        ("status", "planned"), ("reserve_year", 2027), ("budget_wan", 120.0)):
        feature[name] = value
    assert layer.dataProvider().addFeatures([feature])[0]
    results = processing.run("lifecircle:blueprintmap", {
        "INPUT": f"{tmp_path / 'geo.gpkg'}|layername=projects", "PAPER": 2,
        "OUTPUT_PDF": str(tmp_path / "geo.pdf")})
    assert page_sizes_mm(Path(results["OUTPUT_PDF"]))[0] == (297, 210)
    text = pdf_text(tmp_path / "geo.pdf")
    assert "GEO-1 滨江口袋公园" in text and re.search(r"\b\d+ m\b", text) and "120" in text
