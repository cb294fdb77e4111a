"""Per-service walking thresholds: the standards file (service, minutes and, optionally, the cohort, capacity
unit, norm and walking speed of each service)."""
import math
from dataclasses import dataclass

from .csv_input import CsvFileError, read_csv_dicts
from .defaults import DEFAULT_MINUTES
from .errors import LifeCircleError
from .numbers_input import parse_number
from .services import SERVICE_CODES, UnknownServiceError, service_code


class StandardsError(LifeCircleError, ValueError):
    """A standards file that cannot be read as per-service thresholds."""


@dataclass(frozen=True)
class ServiceStandard:
    """One service's row of a standards file; the optional columns are None where left empty."""

    minutes: float
    demand_field: str = None  # residents' field holding the service's cohort (pop_60plus …)
    capacity_unit: str = None  # what the facilities' capacity counts (床位, 托位, m² …)
    norm_per_1000: float = None  # supply per 1,000 people of the cohort that meets the norm
    speed_kmh: float = None  # the cohort's walking speed


def load_standards(path, default_minutes=DEFAULT_MINUTES):
    """Per-service thresholds in minutes from a CSV with columns ``service`` and ``minutes``.

    ``service`` may be a code or a Chinese/English name; services not listed keep
    ``default_minutes``. Returns {code: minutes} for all twenty services.
    """
    return {code: standard.minutes for code, standard in read_standards(path, default_minutes).items()}


def _positive_or_empty(row, column, path, line_no):
    """The number in an optional column, None when empty; refuses anything but a positive number."""
    text = (row.get(column) or "").strip()
    if not text:
        return None
    value = parse_number(text)
    if value is None or not math.isfinite(value) or value <= 0:
        raise StandardsError(
            f"standards.{column}_invalid",
            f"Column '{column}' of {path}, line {line_no} ('{row['service']}'): '{text}' is not a positive "
            "number. Write a positive number, or leave the cell empty when no source gives one.",
            f"标准文件 {path} 第 {line_no} 行（{row['service']}）的“{column}”列：“{text}”不是正数。"
            "请填写正数；没有出处时请留空。")
    return value


def read_standards(path, default_minutes=DEFAULT_MINUTES):
    """Per-service standards from a CSV with columns ``service`` and ``minutes`` and, optionally,
    ``demand_field``, ``capacity_unit``, ``norm_per_1000`` and ``speed_kmh`` (cells may be empty).

    ``service`` may be a code or a Chinese/English name; services not listed keep
    ``default_minutes`` and no optional value. Returns {code: ServiceStandard} for all twenty services.
    """
    thresholds = {code: float(default_minutes) for code in SERVICE_CODES}
    extras = {}
    try:
        header, rows = read_csv_dicts(path)
    except CsvFileError as err:
        raise StandardsError(err.code, err.message_en, err.message_zh) from err
    if not {"service", "minutes"} <= set(header):
        raise StandardsError(
            "standards.header",
            f"The standards file {path} needs a header with the columns 'service' and 'minutes'.",
            f"标准文件 {path} 的表头须包含 service 和 minutes 两列。")
    if not rows:
        raise StandardsError(
            "standards.empty",
            f"The standards file {path} lists no service: add one line 'service,minutes' per service.",
            f"标准文件 {path} 未列出任何服务：请每项服务写一行“service,minutes”。")
    line_of_code = {}
    for line_no, row in enumerate(rows, start=2):
        context = f"in {path}, line {line_no}"
        try:
            code = service_code(row["service"], context)
        except UnknownServiceError as err:
            raise StandardsError(err.code, err.message_en, err.message_zh) from err
        if code in line_of_code:
            raise StandardsError(
                "standards.duplicate",
                f"Service '{code}' is listed twice in {path} (lines {line_of_code[code]} and {line_no}, "
                "perhaps once by code and once by name): keep one threshold per service.",
                f"服务“{code}”在 {path} 中出现两次（第 {line_of_code[code]} 行和第 {line_no} 行，可能一次用代码、"
                "一次用名称）：每项服务只保留一个阈值。")
        line_of_code[code] = line_no
        minutes = parse_number(row["minutes"])
        if minutes is None or not math.isfinite(minutes) or minutes <= 0:
            raise StandardsError(
                "standards.minutes",
                f"Threshold '{row['minutes']}' for '{row['service']}' {context} must be a positive "
                "number of minutes.",
                f"{path} 第 {line_no} 行“{row['service']}”的阈值“{row['minutes']}”必须是正的分钟数。")
        thresholds[code] = minutes
        extras[code] = {
            "demand_field": (row.get("demand_field") or "").strip() or None,
            "capacity_unit": (row.get("capacity_unit") or "").strip() or None,
            "norm_per_1000": _positive_or_empty(row, "norm_per_1000", path, line_no),
            "speed_kmh": _positive_or_empty(row, "speed_kmh", path, line_no),
        }
    return {code: ServiceStandard(minutes, **extras.get(code, {})) for code, minutes in thresholds.items()}
