"""lifecircle:exportwebmap through processing.run, and the residents' digital map in a real browser.

Headless Chromium (Debian's chromium and chromium-driver) opens the exported folder from file:// with every
network request blocked — no flag lifts file://'s limits. The page loads with no failed request and no
console error; facilityCount() equals the facilities exported; minutesAt at three residents' spots matches
walkingcoverage within 1 minute; a feedback entry is added and exported; importfeedback reads that export
back into the needs list (round trip). The algorithm's refusals, GCJ-02 tiles and projects are tested too.
Set LIFECIRCLE_WEBMAP_SCREENSHOT=docs/screenshot_webmap.png to keep the screenshot for the README.
"""
import json
import os
import re
import shutil
import time

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from conftest import ROOT, RecordingFeedback, memory_layer, plain, qgis_language
from lifecircle.lifecircle_plugin.core.chinacoords import wgs84_to_gcj02
from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
TIERED = str(ROOT / "resources" / "standards_tiered.csv")
CELL_M = 20.0


def layer(district, name):
    return f"{district}|layername={name}"


@pytest.fixture(scope="module")
def exported(district, tmp_path_factory):
    import processing

    folder = tmp_path_factory.mktemp("webmap") / "生活圈地图"
    results = processing.run("lifecircle:exportwebmap", {
        "NETWORK": layer(district, "roads"), "FACILITIES": layer(district, "facilities"),
        "SERVICE_FIELD": "services", "UNITS": layer(district, "units"), "UNIT_ID_FIELD": "unit_id",
        "BOUNDARY": layer(district, "boundary"), "STANDARDS": TIERED, "CELL_M": CELL_M,
        "TITLE": "丹浦桥街道 15分钟社区生活圈", "OUTPUT_FOLDER": str(folder)}, feedback=RecordingFeedback())
    return results


@pytest.fixture(scope="module")
def coverage(district):
    """walkingcoverage's minutes for the sample district's residents, with their WGS 84 positions."""
    import processing

    results = processing.run("lifecircle:walkingcoverage", {
        "NETWORK": layer(district, "roads"), "FACILITIES": layer(district, "facilities"),
        "SERVICE_FIELD": "services", "DEMAND": layer(district, "residents"), "STANDARDS": TIERED,
        "OUTPUT_DEMAND": "memory:", "OUTPUT_SUMMARY": "memory:", "OUTPUT_GAPS": "memory:"})
    residents = results["OUTPUT_DEMAND"]
    to_wgs84 = QgsCoordinateTransform(residents.crs(), QgsCoordinateReferenceSystem("EPSG:4326"),
                                      QgsProject.instance())
    spots = []
    for feature in residents.getFeatures():
        point = to_wgs84.transform(feature.geometry().asPoint())
        spots.append((point.x(), point.y(), {c: plain(feature[f"min_{c}"]) for c in REQUIRED_CODES}))
    return spots


@pytest.fixture(scope="module")
def browser():
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.fail("Debian's chromium and chromium-driver are missing: run 'make setup'.")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,860",
                     "--lang=zh-CN", "--no-first-run", "--disable-extensions", "--disable-component-update",
                     "--disable-background-networking"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # The driver path is given: selenium-manager never downloads one.
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["http://*", "https://*", "ws://*", "wss://*",
                                                             "ftp://*"]})
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(browser, exported):
    """The map opened from file://, with the browser's log and network events of the load."""
    browser.get("file://" + exported["INDEX"])
    for _ in range(50):
        if browser.execute_script("return !!window.lifecircle"):
            break
        time.sleep(0.1)
    events = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    console = browser.get_log("browser")
    return browser, events, console


def test_page_loads_offline_with_no_failed_request_and_no_console_error(page):
    browser, events, console = page
    failed = [e["params"] for e in events if e["method"] == "Network.loadingFailed"]
    assert failed == []
    assert [e for e in console if e["level"] in ("SEVERE", "WARNING")] == []
    loaded = {e["params"]["response"]["url"].rsplit("/", 1)[-1] for e in events
              if e["method"] == "Network.responseReceived"}
    assert {"index.html", "leaflet.js", "leaflet.css", "data.js", "app.js", "style.css"} <= loaded
    assert all(e["params"]["request"]["url"].startswith(("file://", "data:", "blob:")) for e in events
               if e["method"] == "Network.requestWillBeSent")
    assert browser.execute_script("return document.querySelectorAll('.leaflet-overlay-pane canvas').length") > 0
    assert browser.find_element("id", "title").text == "丹浦桥街道 15分钟社区生活圈"


def test_facility_count_equals_the_facilities_exported(page, district):
    browser, _events, _console = page
    facilities = QgsVectorLayer(layer(district, "facilities"), "facilities", "ogr")
    with_service = sum(1 for f in facilities.getFeatures() if plain(f["services"]))
    assert browser.execute_script("return window.lifecircle.facilityCount()") == with_service == \
        facilities.featureCount()


def test_minutes_at_three_residents_match_walkingcoverage(page, coverage):
    browser, _events, _console = page
    # Three residents spread over the district: the first, middle and last of the layer.
    for lon, lat, expected in (coverage[0], coverage[len(coverage) // 2], coverage[-1]):
        shown = browser.execute_script("return window.lifecircle.minutesAt(arguments[0], arguments[1])", lon, lat)
        assert set(shown) == set(REQUIRED_CODES)
        for code in REQUIRED_CODES:
            if expected[code] is None:
                assert shown[code] is None, (code, lon, lat)
            else:
                assert shown[code] is not None and abs(shown[code] - expected[code]) <= 1.0, (
                    code, lon, lat, shown[code], expected[code])


def shown_popup(browser):
    """The popup once it has faded in (Selenium reads no text from a transparent element)."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, 10).until(expected_conditions.visibility_of_element_located(
        ("css selector", ".leaflet-popup-content")))


def test_tapping_the_map_shows_the_minutes_table(page):
    browser, _events, _console = page
    browser.execute_script("document.getElementById('grid-service').value = 'elderly';"
                           "document.getElementById('grid-service').dispatchEvent(new Event('change'));")
    map_element = browser.find_element("id", "map")
    from selenium.webdriver.common.action_chains import ActionChains

    ActionChains(browser).move_to_element_with_offset(map_element, -60, 40).click().perform()
    popup = shown_popup(browser)
    assert "从这里步行到最近的设施" in popup.text and "为老服务" in popup.text
    screenshot = os.environ.get("LIFECIRCLE_WEBMAP_SCREENSHOT")
    if screenshot:
        time.sleep(0.6)  # the popup fades in
        browser.save_screenshot(screenshot)


def test_feedback_round_trip_into_the_needs_list(page, district, tmp_path):
    import processing

    browser, _events, _console = page
    lon, lat = browser.execute_script(
        "var g = LIFECIRCLE_DATA.grid; return [g.lon0 + g.nx * g.dlon / 2, g.lat0 + g.ny * g.dlat / 2];")
    browser.execute_script("window.lifecircle.feedback.add({lon: arguments[0], lat: arguments[1], "
                           "category: 'elderly', text: '希望增设老年助餐点，联系我 13912345678'});"
                           "window.lifecircle.feedback.add({lon: arguments[0] + 0.001, lat: arguments[1], "
                           "category: '其他', text: '小区附近缺少篮球场'});", lon, lat)
    text = browser.execute_script("return window.lifecircle.feedback.exportGeoJSON()")
    exported = json.loads(text)
    assert [f["properties"]["category"] for f in exported["features"]] == ["elderly", "other"]
    path = tmp_path / "居民意见.geojson"
    path.write_text(text, encoding="utf-8")
    copy = tmp_path / "居民意见_再次导出.geojson"
    shutil.copy(path, copy)

    results = processing.run("lifecircle:importfeedback", {
        "INPUT": [str(path), str(copy)], "UNITS": layer(district, "units"), "UNIT_ID_FIELD": "unit_id",
        "OUTPUT": "memory:", "OUTPUT_NEEDS": "memory:"})
    assert results["ENTRIES"] == 2 and results["DUPLICATES"] == 2
    points = [{k: plain(f[k]) for k in f.fields().names()} for f in results["OUTPUT"].getFeatures()]
    assert {p["service"] for p in points} == {"elderly", "sports"}
    assert all(p["unit"] for p in points) and "contact" not in results["OUTPUT"].fields().names()
    assert all("13912345678" not in p["text"] for p in points)
    needs = {(plain(f["unit"]), f["service"]): f for f in results["OUTPUT_NEEDS"].getFeatures()}
    units = {p["unit"] for p in points}
    assert {service for _unit, service in needs} == {"elderly", "sports"}
    assert {unit for unit, _service in needs} == units
    sports = next(f for (unit, service), f in needs.items() if service == "sports")
    assert sports["entries"] == 1 and sports["weight"] == 1 and sports["example_1"] == "小区附近缺少篮球场"


# --- the algorithm's refusals, tiles, projects --------------------------------------------------------

def read_data(folder):
    text = (folder / "data.js").read_text(encoding="utf-8")
    prefix = "window.LIFECIRCLE_DATA = "
    assert text.startswith(prefix) and text.endswith(";\n")
    return json.loads(text[len(prefix):-2])


def export(district, folder, feedback=None, **overrides):
    import processing

    params = {"NETWORK": layer(district, "roads"), "FACILITIES": layer(district, "facilities"),
              "SERVICE_FIELD": "services", "CELL_M": 100.0, "OUTPUT_FOLDER": str(folder)}
    params.update(overrides)
    return processing.run("lifecircle:exportwebmap", params, feedback=feedback or RecordingFeedback())


def export_error(district, folder, **overrides):
    from qgis.core import QgsProcessingException

    with pytest.raises(QgsProcessingException) as caught:
        export(district, folder, **overrides)
    return str(caught.value)


def test_an_area_needing_more_than_two_million_cells_is_refused(district, tmp_path):
    # 80 km × 80 km at 50 m: 2.56 million cells.
    huge = memory_layer("Polygon", "EPSG:4549", [("id", QVariant.Int)],
                        [("POLYGON((600000 3420000, 680000 3420000, 680000 3500000, 600000 3500000, "
                          "600000 3420000))", [1])], name="huge")
    message = export_error(district, tmp_path / "map", BOUNDARY=huge, CELL_M=50.0)
    assert "CELL_M = 50 m" in message and "2,000,000" in message
    count = int(message.split("The area needs ")[1].split(" cells")[0].replace(",", ""))
    assert 2_400_000 < count < 2_700_000
    assert not (tmp_path / "map").exists()


def test_facilities_outside_the_area_are_reported(district, tmp_path):
    units = QgsVectorLayer(layer(district, "units"), "units", "ogr")
    first_unit = memory_layer("Polygon", "EPSG:4549", [("id", QVariant.Int)],
                              [(next(units.getFeatures()).geometry().asWkt(), [1])], name="one unit")
    feedback = RecordingFeedback()
    results = export(district, tmp_path / "map", feedback=feedback, BOUNDARY=first_unit)
    assert any("lie outside the map area" in w for w in feedback.warnings)
    data = read_data(tmp_path / "map")
    assert results["FACILITIES_SHOWN"] == len(data["facilities"]) == 27
    assert results["CELLS"] < read_data(tmp_path / "map")["grid"]["nx"] * data["grid"]["ny"]


def test_gcj02_tiles_shift_what_is_drawn_but_not_the_minutes_grid(district, tmp_path):
    plain_map = export(district, tmp_path / "wgs84")
    amap = "https://webrd01.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}"
    feedback = RecordingFeedback()
    export(district, tmp_path / "gcj02", feedback=feedback, TILE_URL=amap, TILE_ATTRIBUTION="© 高德地图")
    assert any("GCJ02" in line for line in feedback.info)
    wgs, gcj = read_data(tmp_path / "wgs84"), read_data(tmp_path / "gcj02")
    assert wgs["shift"] is None and wgs["tiles"] is None and gcj["tiles"]["system"] == "gcj02"
    assert gcj["grid"]["lon0"] == wgs["grid"]["lon0"] and gcj["grid"]["minutes"] == wgs["grid"]["minutes"]
    lon = [f["lon"] for f in wgs["facilities"]]
    lat = [f["lat"] for f in wgs["facilities"]]
    shifted_lon, shifted_lat = wgs84_to_gcj02(lon, lat)
    assert [f["lon"] for f in gcj["facilities"]] == pytest.approx(list(shifted_lon), abs=2e-6)
    assert [f["lat"] for f in gcj["facilities"]] == pytest.approx(list(shifted_lat), abs=2e-6)
    assert plain_map["INDEX"].endswith("index.html")
    message = export_error(district, tmp_path / "baidu", TILE_URL="https://maponline0.bdimg.com/tile/?x={x}&y={y}&z={z}")
    assert "Baidu" in message and "TILE_URL" in message


def test_planned_projects_are_drawn_with_content_kind_and_year(district, tmp_path):
    facilities = QgsVectorLayer(layer(district, "facilities"), "facilities", "ogr")
    spot = next(facilities.getFeatures()).geometry().asWkt()
    fields = [("name", QVariant.String), ("kind", QVariant.String), ("status", QVariant.String),
              ("reserve_year", QVariant.Int), ("content", QVariant.String)]
    projects = memory_layer("Point", "EPSG:4549", fields, [
        (spot, ["滨河六艺亭", "liuyiting", "planned", 2027, "饮水、座椅、急救箱"]),
        (spot, ["取消的项目", "renminfang", "cancelled", 2028, "—"])], name="projects")
    export(district, tmp_path / "map", PROJECTS=projects)
    [project] = read_data(tmp_path / "map")["projects"]
    assert project["name"] == "滨河六艺亭" and project["kind_zh"] == "六艺亭" and project["year"] == 2027
    assert project["content"] == "饮水、座椅、急救箱" and project["status_zh"] == "列入年度计划"
    assert len(project["point"]) == 2


def test_a_missing_map_library_is_refused_and_nothing_written(district, tmp_path, monkeypatch):
    from lifecircle.lifecircle_plugin.core import webmap_folder

    monkeypatch.setattr(webmap_folder, "LEAFLET_DIR", str(tmp_path / "no-leaflet"))
    message = export_error(district, tmp_path / "map")
    assert "Leaflet" in message and "make deploy" in message and str(tmp_path / "no-leaflet") in message
    assert not (tmp_path / "map").exists()


def test_a_cancelled_export_leaves_no_folder(district, tmp_path):
    feedback = RecordingFeedback()
    feedback.progressChanged.connect(lambda progress: feedback.cancel() if progress >= 15 else None)
    results = export(district, tmp_path / "map", feedback=feedback)
    assert results == {} and "Cancelled: nothing was written." in feedback.info
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("paper, width_mm, height_mm", [("A3", 420, 297), ("A4", 297, 210)])
def test_print_view_lays_the_map_out_on_the_paper_with_title_legend_north_arrow_and_scale(
        page, paper, width_mm, height_mm, tmp_path):
    import base64

    browser, _events, _console = page
    browser.execute_script("window.print = function () { window.printed = true; };"
                           "document.getElementById('paper').value = arguments[0];"
                           "document.getElementById('print').click();", paper)
    time.sleep(0.5)
    assert browser.execute_script("return window.printed") is True
    assert f"size: {paper} landscape" in browser.execute_script(
        "return document.getElementById('page-size').textContent")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        visible = browser.execute_script(
            "function shown(sel) { var e = document.querySelector(sel); return !!e && "
            "getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 0; }"
            "return ['#title', '.legend', '.north-arrow', '.leaflet-control-scale', '#print-footer'].map(shown)"
            ".concat([shown('#bar nav'), shown('.leaflet-control-zoom')]);")
        assert visible == [True] * 5 + [False, False]
        pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.execute_script("window.dispatchEvent(new Event('afterprint'));")
    box = [float(v) for v in pdf.split(b"/MediaBox [")[1].split(b"]")[0].split()]
    points_per_mm = 72 / 25.4
    assert box[2] == pytest.approx(width_mm * points_per_mm, abs=2) and box[3] == pytest.approx(
        height_mm * points_per_mm, abs=2)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1  # the whole map on one sheet


def test_refusals_speak_chinese_under_a_chinese_qgis(district, tmp_path):
    with qgis_language("zh_CN"):
        message = export_error(district, tmp_path / "map", TILE_URL="https://maponline0.bdimg.com/{z}/{x}/{y}")
    assert "百度瓦片" in message and "TILE_URL" in message


def test_the_feedback_form_keeps_an_entry_in_the_browser(page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.ui import Select

    browser, _events, _console = page
    before = browser.execute_script("return window.lifecircle.feedback.count()")
    ActionChains(browser).move_to_element_with_offset(browser.find_element("id", "map"), 30, -20).click().perform()
    shown_popup(browser).find_element("css selector", ".here-feedback").click()
    assert browser.find_element("id", "feedback").is_displayed()
    assert "经度" in browser.find_element("id", "feedback-place").text
    Select(browser.find_element("id", "feedback-category")).select_by_visible_text("医疗卫生")
    browser.find_element("id", "feedback-text").send_keys("希望社区卫生服务站晚上也开门")
    browser.find_element("id", "feedback-contact").send_keys("3号楼 王")
    browser.find_element("css selector", "#feedback-form button[type=submit]").click()
    assert browser.execute_script("return window.lifecircle.feedback.count()") == before + 1
    assert "希望社区卫生服务站晚上也开门" in browser.find_element("id", "feedback-list").text
    stored = browser.execute_script("return Object.keys(localStorage).filter(function (k) { "
                                    "return k.indexOf('lifecircle.feedback.') === 0; }).length")
    assert stored == 1
    last = json.loads(browser.execute_script("return window.lifecircle.feedback.exportGeoJSON()"))["features"][-1]
    assert last["properties"]["category"] == "health" and last["properties"]["contact"] == "3号楼 王"
    lon, lat = last["geometry"]["coordinates"]
    grid = browser.execute_script("return LIFECIRCLE_DATA.grid")
    assert grid["lon0"] <= lon <= grid["lon0"] + grid["nx"] * grid["dlon"]
    assert grid["lat0"] <= lat <= grid["lat0"] + grid["ny"] * grid["dlat"]
    browser.find_element("id", "close-feedback").click()


def test_facilities_far_from_the_network_are_refused(district, tmp_path):
    far = memory_layer("Point", "EPSG:4549", [("services", QVariant.String)],
                       [("POINT(700000 3500000)", ["health"])], name="far away")
    message = export_error(district, tmp_path / "map", FACILITIES=far)
    assert "far away" in message and "150 m" in message
    assert not (tmp_path / "map").exists()


def test_tapping_a_facility_shows_its_popup(page):
    from selenium.webdriver.common.action_chains import ActionChains

    browser, _events, _console = page
    browser.execute_script("window.lifecircle.map.closePopup();")
    x, y, width, height = browser.execute_script(
        "var f = LIFECIRCLE_DATA.facilities[0], m = window.lifecircle.map;"
        "m.setView([f.lat, f.lon], 17, {animate: false});"
        "var p = m.latLngToContainerPoint([f.lat, f.lon]), s = m.getSize(); return [p.x, p.y, s.x, s.y];")
    ActionChains(browser).move_to_element_with_offset(
        browser.find_element("id", "map"), int(x - width / 2), int(y - height / 2)).click().perform()
    shown_popup(browser)
    time.sleep(0.5)  # a tap that also reached the map would have replaced it by now
    popups = browser.find_elements("css selector", ".leaflet-popup-content")
    assert len(popups) == 1 and "服务：" in popups[0].text and "从这里步行" not in popups[0].text
