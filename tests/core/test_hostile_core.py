"""The core's side of trust: one error type in two languages, one CSV reader, one number parser and floor-area
rule, and why a file cannot be written — pure Python, no QGIS."""
import errno
import math

import pytest

from lifecircle.lifecircle_plugin.core.blueprint import (
    AREA_ABOVE_PAVILION_MAX,
    AREA_BELOW_HUB_MIN,
    AREA_FITS,
    AREA_OVER_PAVILION_HARD_MAX,
    HUB,
    PAVILION,
    BlueprintValueError,
    floor_area_class,
)
from lifecircle.lifecircle_plugin.core.catchments import CatchmentError
from lifecircle.lifecircle_plugin.core.chinacoords import CoordinateInputError
from lifecircle.lifecircle_plugin.core.classify import MappingFileError
from lifecircle.lifecircle_plugin.core.standards import StandardsError, load_standards
from lifecircle.lifecircle_plugin.core.csv_input import CsvFileError, read_csv_dicts
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError, is_chinese
from lifecircle.lifecircle_plugin.core.feedback import FeedbackInputError, read_csv
from lifecircle.lifecircle_plugin.core.file_output import output_error, shared_output_error, writable_problem
from lifecircle.lifecircle_plugin.core.network import NetworkError, build_network
from lifecircle.lifecircle_plugin.core.numbers_input import AREA_UNITS, parse_number
from lifecircle.lifecircle_plugin.core.reach_matrix import ReachMatrixError
from lifecircle.lifecircle_plugin.core.report_content import ReportContentError
from lifecircle.lifecircle_plugin.core.sample_district import SampleDistrictError
from lifecircle.lifecircle_plugin.core.services import UnknownServiceError, service_code
from lifecircle.lifecircle_plugin.core.site_rules import SiteRuleError, floor_area_value, judge_candidate
from lifecircle.lifecircle_plugin.core.siting import SitingInputError, TargetUnreachableError


@pytest.mark.parametrize("error_class", [
    NetworkError, StandardsError, MappingFileError, SiteRuleError, UnknownServiceError, CoordinateInputError,
    SitingInputError, TargetUnreachableError, CatchmentError, ReachMatrixError, SampleDistrictError,
    ReportContentError, BlueprintValueError, CsvFileError])
def test_every_core_error_is_the_one_error_type(error_class):
    assert issubclass(error_class, LifeCircleError)


@pytest.mark.parametrize("language, chinese", [
    ("zh-Hans", True), ("zh_CN", True), ("zh", True), ("zh_SG", True), ("zh_CN.UTF-8", True), ("en_US", False),
    ("zh_TW", False), ("", False), (None, False)])
def test_chinese_ui_languages(language, chinese):
    assert is_chinese(language) is chinese


def test_a_core_refusal_carries_a_code_and_both_languages():
    with pytest.raises(NetworkError) as caught:
        build_network([])
    assert caught.value.code == "network.empty"
    assert caught.value.message("zh-Hans") == "路网图层没有线要素。"
    assert caught.value.message("en_US") == str(caught.value) == "The network layer has no line features."


def test_an_unknown_service_is_named_in_both_languages():
    with pytest.raises(UnknownServiceError) as caught:
        service_code("托育", "in standards.csv, line 3")
    assert "托育" in caught.value.message("zh_CN") and "未知服务" in caught.value.message("zh_CN")
    assert "Unknown service '托育'" in caught.value.message("en")


@pytest.mark.parametrize("encode", [
    lambda text: text.encode("utf-8"), lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
    lambda text: text.encode("gb18030"), lambda text: text.encode("gbk")], ids=["utf-8", "bom", "gb18030", "gbk"])
def test_csv_as_chinese_excel_saves_it(tmp_path, encode):
    path = tmp_path / "standards.csv"
    path.write_bytes(encode("service,minutes\n为老服务,5\n保育托幼,10\n"))
    assert read_csv_dicts(path)[0] == ["service", "minutes"]
    thresholds = load_standards(path)
    assert thresholds["elderly"] == 5.0 and thresholds["nursery"] == 10.0


@pytest.mark.parametrize("content, code", [(b"PK\x03\x04\x00binary", "csv.binary"), (None, "csv.unreadable")])
def test_a_file_that_is_no_csv_is_refused_naming_it(tmp_path, content, code):
    path = tmp_path / "standards.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(StandardsError) as caught:
        load_standards(path)
    assert caught.value.code == code and str(path) in caught.value.message("zh-Hans")


@pytest.mark.parametrize("text, number", [
    ("250平方米", 250.0), ("1,200", 1200.0), ("３００㎡", 300.0), (" 80 m2 ", 80.0), ("12,345.5平米", 12345.5),
    (150, 150.0), (99.5, 99.5), ("", None), (None, None), ("  ", None)])
def test_numbers_typed_by_planners(text, number):
    assert parse_number(text, AREA_UNITS) == number


@pytest.mark.parametrize("text", ["约150平方米", "abc", "1,20", "12.5.3", True])
def test_text_that_is_no_number(text):
    assert math.isnan(parse_number(text, AREA_UNITS))


def test_suggestsites_reads_floor_areas_like_the_blueprint_review():
    assert floor_area_value("250平方米") == 250.0 and floor_area_value("1,200") == 1200.0
    assert math.isnan(floor_area_value("约150平方米")) and math.isnan(floor_area_value(float("inf")))
    verdict = judge_candidate(1, "1,200", 5000, minutes=15)
    assert verdict.eligible and verdict.rule is None


@pytest.mark.parametrize("kind, area, verdict", [
    (PAVILION, 150, AREA_FITS), (PAVILION, 200, AREA_FITS), (PAVILION, 250, AREA_ABOVE_PAVILION_MAX),
    (PAVILION, 400, AREA_ABOVE_PAVILION_MAX), (PAVILION, 401, AREA_OVER_PAVILION_HARD_MAX),
    (HUB, 799, AREA_BELOW_HUB_MIN), (HUB, 800, AREA_FITS), (HUB, 5000, AREA_FITS)])
def test_one_floor_area_rule(kind, area, verdict):
    assert floor_area_class(kind, area) == verdict


def test_why_a_file_cannot_be_written(tmp_path):
    assert writable_problem(str(tmp_path / "out.csv")) is None
    assert writable_problem(str(tmp_path)).code == "output.is_folder"
    assert writable_problem(str(tmp_path / "no" / "out.csv")).code == "output.no_folder"
    target = str(tmp_path / "out.csv")
    for number, code, zh in ((errno.EACCES, "output.read_only", "只读"), (errno.EROFS, "output.read_only", "只读"),
                             (errno.ENOSPC, "output.disk_full", "磁盘已满"), (errno.EIO, "output.failed", "无法写入")):
        error = output_error(target, OSError(number, "reason"))
        assert error.code == code and target in error.message("en") and zh in error.message("zh-Hans")


def test_two_outputs_set_to_one_file_are_named_in_both_languages():
    error = shared_output_error("/data/out.gpkg", "Residents", "Gaps")
    assert error.code == "output.shared"
    assert all(text in error.message("en") for text in ("'Residents'", "'Gaps'", "/data/out.gpkg", "own"))
    assert "/data/out.gpkg" in error.message("zh-Hans") and "各自的文件" in error.message("zh-Hans")


@pytest.mark.parametrize("votes", ["1e300", "inf", "nan", "-1"])
def test_feedback_votes_that_are_no_count_are_refused_naming_file_and_line(tmp_path, votes):
    # 1e300 went into an integer field (a "disk full" message), inf raised OverflowError (a bug message)
    path = tmp_path / "paper.csv"
    path.write_text(f"lon,lat,意见,附议\n121.465,31.205,助餐点,{votes}\n", encoding="utf-8")
    with pytest.raises(FeedbackInputError) as caught:
        read_csv(path)
    assert caught.value.code == "feedback.votes" and f"paper.csv line 2: votes '{votes}'" in caught.value.message_en
    path.write_text("lon,lat,意见,附议\n121.465,31.205,助餐点,2147483647\n", encoding="utf-8")
    assert read_csv(path)[0].votes == 2 ** 31 - 1
