"""Residents' feedback: the pure core (reading, duplicates, classification, privacy, needs list) and
lifecircle:importfeedback through processing.run (CSV in GB18030 and GCJ-02, x/y with a CRS, units, contact)."""
import csv
import json

import pytest

from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QVariant

from conftest import RecordingFeedback, memory_layer, plain
from lifecircle.lifecircle_plugin.core.chinacoords import wgs84_to_gcj02
from lifecircle.lifecircle_plugin.core.csv_input import CsvFileError, read_csv_text
from lifecircle.lifecircle_plugin.core.feedback import (
    MASKED,
    OTHER,
    FeedbackEntry,
    FeedbackInputError,
    classify,
    load_keywords,
    mask_contacts,
    needs_list,
    read_csv,
    read_geojson,
    remove_duplicates,
)

# Two units side by side in WGS 84 (Shanghai), 0.01° wide.
UNIT_ROWS = [("POLYGON((121.46 31.20, 121.47 31.20, 121.47 31.21, 121.46 31.21, 121.46 31.20))", ["U1"]),
             ("POLYGON((121.47 31.20, 121.48 31.20, 121.48 31.21, 121.47 31.21, 121.47 31.20))", ["U2"])]


def entry(text, category="", unit=None, votes=0, **kw):
    e = FeedbackEntry(121.465, 31.205, category, text, votes=votes, **kw)
    e.unit = unit
    return e


# --- the core ------------------------------------------------------------------------------------

def test_text_files_in_utf8_with_bom_and_gb18030_are_read(tmp_path):
    text = "lon,lat,意见\n121.465,31.205,希望增设老年助餐点\n"
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        assert read_csv_text(path) == text
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\xff\xfe\xd8\xff")
    with pytest.raises(CsvFileError) as caught:
        read_csv_text(bad)
    assert caught.value.code == "csv.encoding" and str(bad) in caught.value.message_zh


def test_csv_columns_in_chinese_and_errors_naming_file_and_line(tmp_path):
    path = tmp_path / "paper.csv"
    path.write_text("经度,纬度,类别,意见,联系方式,日期,附议\n121.465,31.205,为老服务,助餐点,张先生,2026-09-01,4\n",
                    encoding="gb18030")
    [e] = read_csv(path)
    assert (e.x, e.y, e.category, e.text, e.contact, e.date, e.votes, e.weight) == (
        121.465, 31.205, "为老服务", "助餐点", "张先生", "2026-09-01", 4, 5)
    path.write_text("lon,lat,意见,votes\n121.465,abc,x,1\n", encoding="utf-8")
    with pytest.raises(FeedbackInputError, match="paper.csv line 2: latitude 'abc'"):
        read_csv(path)
    path.write_text("lon,lat,意见,votes\n121.465,31.2,x,-3\n", encoding="utf-8")
    with pytest.raises(FeedbackInputError, match="paper.csv line 2: votes '-3'"):
        read_csv(path)
    path.write_text("name,意见\nA,x\n", encoding="utf-8")
    with pytest.raises(FeedbackInputError) as caught:
        read_csv(path)
    assert "paper.csv line 1" in caught.value.message_en and "经度" in caught.value.message_zh


def test_geojson_exports_are_read_and_duplicates_across_files_removed(tmp_path):
    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [121.465, 31.205]},
                 "properties": {"id": f"e{k}", "category": "sports", "text": f"球场{k}", "date": "2026-09-0{k}"}}
                for k in (1, 2)]
    first, second = tmp_path / "a.geojson", tmp_path / "b.geojson"
    first.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    second.write_text(json.dumps({"type": "FeatureCollection", "features": features[1:]}), encoding="utf-8")
    entries, removed = remove_duplicates(read_geojson(first) + read_geojson(second))
    assert [e.entry_id for e in entries] == ["e1", "e2"] and removed == 1
    # Without ids, the same place, text and date is the same entry.
    same = [entry("路灯坏了", date="2026-09-01"), entry("路灯坏了", date="2026-09-01"),
            entry("路灯坏了", date="2026-09-02")]
    assert remove_duplicates(same)[1] == 1
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    with pytest.raises(FeedbackInputError, match="broken.geojson is not GeoJSON"):
        read_geojson(broken)


def test_classification_by_category_then_keywords_then_other():
    keywords = load_keywords()
    assert classify(entry("随便写写", "医疗卫生"), keywords).service == "health"
    assert classify(entry("x", "health"), keywords).matched_by == "category"
    found = classify(entry("小区附近缺少篮球场", "其他"), keywords)
    assert (found.service, found.matched_by) == ("sports", "keyword:球场")  # ties: the earlier row
    # The longest keyword wins: 养老院 (elderly wellness) over 养老 (elderly services).
    assert classify(entry("希望建一所养老院"), keywords).service == "elderly_wellness"
    # A paper form's own category is read like the text.
    assert classify(entry("", "环境卫生·垃圾分类"), keywords).service == "municipal"
    nothing = classify(entry("谢谢社区工作人员"), keywords)
    assert (nothing.service, nothing.matched_by) == (OTHER, "none")


def test_a_user_keyword_table_on_top_of_the_built_in_one(tmp_path):
    table = tmp_path / "keywords.csv"
    table.write_text("keyword,service,note\n篮球,其他,本街道另有安排\n电梯,为老服务,加装电梯\n", encoding="gb18030")
    keywords = load_keywords(table)
    assert classify(entry("加装电梯"), keywords).service == "elderly"
    assert classify(entry("缺少篮球场"), keywords).service == OTHER
    table.write_text("keyword,service\n电梯,lift\n", encoding="utf-8")
    with pytest.raises(FeedbackInputError) as caught:
        load_keywords(table)
    assert "keywords.csv line 2" in caught.value.message_en and "电梯" in caught.value.message_zh


def test_contacts_written_into_texts_are_masked():
    assert mask_contacts("请联系 139-1234-5678 或 a.b@example.cn，座机 021-64001234") == \
        f"请联系 {MASKED} 或 {MASKED}，座机 {MASKED}"
    assert mask_contacts("3号楼前20棵树") == "3号楼前20棵树"


def test_needs_list_counts_votes_and_three_examples_most_supported_first():
    entries = [entry(f"助餐{k}", "elderly", unit="U1", votes=k) for k in range(5)] + \
        [entry("助餐1", "elderly", unit="U1"), entry("球场 13912345678", "sports", unit="U2"),
         entry("谢谢", unit=None)]
    for e in entries:
        classify(e, load_keywords())
    rows = needs_list(entries)
    assert [(r.unit, r.service, r.entries, r.votes, r.weight) for r in rows] == [
        ("U1", "elderly", 6, 10, 16), ("U2", "sports", 1, 0, 1), (None, OTHER, 1, 0, 1)]
    assert rows[0].examples == ["助餐4", "助餐3", "助餐2"]
    assert rows[1].examples == [f"球场 {MASKED}"]
    assert needs_list(entries, include_contact=True)[1].examples == ["球场 13912345678"]


# --- lifecircle:importfeedback ---------------------------------------------------------------------

@pytest.fixture()
def units():
    return memory_layer("Polygon", "EPSG:4326", [("unit_id", QVariant.String)], UNIT_ROWS, name="units")


def run(params, feedback=None):
    import processing

    feedback = feedback or RecordingFeedback()
    params = dict({"OUTPUT": "memory:", "OUTPUT_NEEDS": "memory:"}, **params)
    return processing.run("lifecircle:importfeedback", params, feedback=feedback), feedback


def features(output):
    return [{k: plain(f[k]) for k in f.fields().names()} | {"xy": (f.geometry().asPoint().x(),
                                                                  f.geometry().asPoint().y())}
            for f in output.getFeatures()]


def test_a_gcj02_csv_in_gb18030_becomes_points_and_needs_per_unit(lifecircle_provider, units, tmp_path):
    lon, lat = wgs84_to_gcj02([121.465, 121.475, 121.476], [31.205, 31.205, 31.206])
    path = tmp_path / "纸质问卷.csv"
    rows = ["经度,纬度,类别,意见,联系方式,附议",
            f"{lon[0]},{lat[0]},,社区食堂太远，电话13812345678,王阿姨,3",
            f"{lon[1]},{lat[1]},体育健身,想要一个健身步道,,",
            f"{lon[2]},{lat[2]},,小区附近缺少篮球场,李,1"]
    path.write_text("\n".join(rows) + "\n", encoding="gb18030")
    results, feedback = run({"INPUT": [str(path)], "CSV_COORDINATES": 1, "UNITS": units, "UNIT_ID_FIELD": "unit_id"})
    points = features(results["OUTPUT"])
    assert results["ENTRIES"] == 3 and results["DUPLICATES"] == 0
    assert [p["unit"] for p in points] == ["U1", "U2", "U2"]
    assert [p["service"] for p in points] == ["daily_life", "sports", "sports"]
    assert points[0]["xy"] == pytest.approx((121.465, 31.205), abs=1e-7)  # GCJ-02 shifted back to WGS 84
    assert [p["weight"] for p in points] == [4, 1, 2]
    assert "contact" not in results["OUTPUT"].fields().names() and "13812345678" not in points[0]["text"]
    assert "王阿姨" not in feedback.log and "13812345678" not in feedback.log  # counts, not names
    needs = [{k: plain(f[k]) for k in f.fields().names()} for f in results["OUTPUT_NEEDS"].getFeatures()]
    assert [(n["unit"], n["service"], n["entries"], n["votes"], n["weight"]) for n in needs] == [
        ("U1", "daily_life", 1, 3, 4), ("U2", "sports", 2, 1, 3)]
    assert needs[1]["example_1"] == "小区附近缺少篮球场" and needs[1]["example_3"] is None


def test_contacts_are_copied_only_when_asked(lifecircle_provider, tmp_path):
    path = tmp_path / "online.csv"
    path.write_text("lon,lat,text,contact\n121.465,31.205,路灯坏了 13812345678,王阿姨\n", encoding="utf-8-sig")
    results, _feedback = run({"INPUT": [str(path)], "INCLUDE_CONTACT": True})
    [point] = features(results["OUTPUT"])
    assert point["contact"] == "王阿姨" and point["text"] == "路灯坏了 13812345678"
    assert point["service"] == "municipal" and point["unit"] is None


def test_the_needs_list_as_csv_opens_in_excel_with_its_chinese(lifecircle_provider, tmp_path):
    """A needs list written as CSV carries the UTF-8 BOM, as every table output does: Excel then reads 体育健身
    and the residents' words instead of mojibake."""
    path = tmp_path / "online.csv"
    path.write_text("lon,lat,text\n121.465,31.205,想要一个健身步道\n", encoding="utf-8")
    needs_csv = tmp_path / "需求清单.csv"
    results, _feedback = run({"INPUT": [str(path)], "OUTPUT_NEEDS": str(needs_csv)})
    assert results["OUTPUT_NEEDS"] == str(needs_csv)
    assert needs_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(needs_csv, encoding="utf-8-sig", newline="") as stream:
        [row] = list(csv.DictReader(stream))
    assert row["service"] == "sports" and row["example_1"] == "想要一个健身步道"


def test_xy_columns_with_a_crs(lifecircle_provider, tmp_path):
    path = tmp_path / "survey.csv"
    # EPSG:4549 (CGCS2000 / 3-degree GK CM 120E): a point in Shanghai.
    path.write_text("x,y,意见\n643000.0,3452187.0,需要托育\n", encoding="utf-8")
    results, _feedback = run({"INPUT": [str(path)], "CSV_COORDINATES": 3, "CSV_CRS": "EPSG:4549"})
    [point] = features(results["OUTPUT"])
    assert point["service"] == "nursery"
    assert 121.0 < point["xy"][0] < 122.0 and 31.0 < point["xy"][1] < 31.5
    message = run_error({"INPUT": [str(path)], "CSV_COORDINATES": 3})
    assert "CSV_CRS" in message and "survey.csv" in message


def run_error(params):
    with pytest.raises(QgsProcessingException) as caught:
        run(params)
    return str(caught.value)


def test_bad_files_are_refused_naming_file_and_line(lifecircle_provider, tmp_path):
    path = tmp_path / "metres.csv"
    path.write_text("lon,lat,意见\n544013.0,3452187.0,需要托育\n", encoding="utf-8")
    message = run_error({"INPUT": [str(path)]})
    assert "metres.csv line 2" in message and "x/y" in message
    empty = tmp_path / "empty.csv"
    empty.write_text("lon,lat,意见\n", encoding="utf-8")
    assert "no entry" in run_error({"INPUT": [str(empty)]})


def test_a_bd09_csv_is_shifted_back_to_wgs84(lifecircle_provider, tmp_path):
    from lifecircle.lifecircle_plugin.core.chinacoords import wgs84_to_bd09

    lon, lat = wgs84_to_bd09([121.465], [31.205])
    path = tmp_path / "baidu.csv"
    path.write_text(f"经度,纬度,意见\n{lon[0]},{lat[0]},路口缺少急救箱\n", encoding="utf-8")
    results, _feedback = run({"INPUT": [str(path)], "CSV_COORDINATES": 2})
    [point] = features(results["OUTPUT"])
    assert point["xy"] == pytest.approx((121.465, 31.205), abs=1e-7)
    assert point["service"] == "emergency" and point["matched_by"] == "keyword:急救"
