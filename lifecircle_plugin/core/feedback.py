"""Residents' feedback (居民意见) into the needs list (需求清单).

Entries come from the digital map's GeoJSON exports (WGS 84, one id per entry, so the same entry in
several exports is counted once) or from a CSV of paper or online forms. Each entry is classified to a
十全十美 service: the category the resident chose; else its text by a keyword table (built-in
``resources/feedback_keywords.csv``, a user table on top); else 其他. The needs list counts the entries
and their supporting votes per basic unit and service, with up to three example texts.

Contact details stay out of every output unless asked for; phone numbers and e-mail addresses written
into a text are masked the same way.
"""
import csv
import io
import json
import os
import re
from dataclasses import dataclass, field
from functools import partial

from .csv_input import read_csv_text
from .errors import LifeCircleError
from .services import BY_CODE, SERVICE_CODES, UnknownServiceError, service_code

OTHER = "other"
OTHER_ZH = "其他"
OTHER_NAMES = {OTHER, OTHER_ZH, "其它", ""}
BUILTIN_KEYWORDS = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(__file__))), "resources",
                                "feedback_keywords.csv")
MAX_EXAMPLES = 3
MASKED = "[联系方式已隐去]"
# Mainland mobile numbers (with an optional +86), landlines such as 021-12345678, e-mail addresses.
_CONTACT_PATTERN = re.compile(
    r"(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}|0\d{2,3}-?\d{7,8}|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# Column names accepted in a CSV (lower-cased), per meaning.
COLUMNS = {
    "lon": ("lon", "lng", "long", "longitude", "经度"),
    "lat": ("lat", "latitude", "纬度"),
    "x": ("x", "横坐标", "easting"),
    "y": ("y", "纵坐标", "northing"),
    "category": ("category", "类别", "类型", "服务类别", "service"),
    "text": ("text", "意见", "内容", "意见内容", "建议", "comment"),
    "contact": ("contact", "联系方式", "电话", "phone"),
    "date": ("date", "日期", "时间"),
    "votes": ("votes", "附议", "点赞", "支持人数"),
    "id": ("id", "编号"),
}


class FeedbackInputError(LifeCircleError):
    """A feedback or keyword file that cannot be read; the message names the file, line and column."""


@dataclass
class FeedbackEntry:
    """One resident's comment as read: coordinates as given (x = lon), chosen category, text."""

    x: float
    y: float
    category: str
    text: str
    contact: str = ""
    date: str = ""
    votes: int = 0
    entry_id: str = ""
    origin: str = ""  # file and line/feature, for messages
    service: str = OTHER
    matched_by: str = ""
    unit: object = None

    @property
    def weight(self):
        """The resident who wrote it plus those who supported it: demand for suggestsites/planimpact."""
        return 1 + self.votes

    def identity(self):
        """Same entry in several exports: its id; entries without one by place, text and date."""
        return ("id", self.entry_id) if self.entry_id else (
            "content", round(self.x, 7), round(self.y, 7), self.text, self.date)


def _number(value, what, origin):
    try:
        number = float(str(value).strip())
    except (TypeError, ValueError):
        number = float("nan")
    if number != number or number in (float("inf"), float("-inf")):
        raise FeedbackInputError(
            "feedback.coordinate", f"{origin}: {what} '{value}' is not a number.",
            f"{origin}：{what}“{value}”不是数字。")
    return number


def _votes(value, origin):
    text = "" if value is None else str(value).strip()
    if not text:
        return 0
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    # NaN, inf and 1e300 are no count either: an integer field holds up to 2**31 - 1
    votes = int(number) if 0 <= number <= 2 ** 31 - 1 else -1
    if votes < 0:
        raise FeedbackInputError(
            "feedback.votes", f"{origin}: votes '{value}' must be a whole number of 0 or more.",
            f"{origin}：附议数“{value}”必须是不小于 0 的整数。")
    return votes


def _clean(value):
    return "" if value is None else str(value).strip()


def read_geojson(path):
    """Point entries of a GeoJSON export (RFC 7946: WGS 84 longitude/latitude)."""
    text = read_csv_text(path)
    name = os.path.basename(path)
    try:
        collection = json.loads(text)
    except json.JSONDecodeError as err:
        raise FeedbackInputError(
            "feedback.geojson", f"{name} is not GeoJSON (line {err.lineno}: {err.msg}).",
            f"{name} 不是 GeoJSON 文件（第 {err.lineno} 行：{err.msg}）。") from err
    features = collection.get("features") if isinstance(collection, dict) else None
    if not isinstance(features, list):
        raise FeedbackInputError(
            "feedback.geojson", f"{name} holds no FeatureCollection: export it from the digital map's feedback panel.",
            f"{name} 中没有要素集合（FeatureCollection）：请从数字地图的意见面板导出。")
    entries = []
    for number, feature in enumerate(features, start=1):
        origin = f"{name} feature {number}"
        geometry = (feature or {}).get("geometry") or {}
        properties = (feature or {}).get("properties") or {}
        if geometry.get("type") != "Point" or len(geometry.get("coordinates") or []) < 2:
            raise FeedbackInputError(
                "feedback.geometry", f"{origin}: a feedback entry must be a point.",
                f"{name} 第 {number} 个要素：意见必须是点。")
        lon, lat = (_number(v, "coordinate", origin) for v in geometry["coordinates"][:2])
        entries.append(FeedbackEntry(
            lon, lat, _clean(properties.get("category")), _clean(properties.get("text")),
            _clean(properties.get("contact")), _clean(properties.get("date")),
            _votes(properties.get("votes"), origin), _clean(properties.get("id")), origin))
    return entries


def _column(header, meaning):
    for alias in COLUMNS[meaning]:
        if alias in header:
            return header[alias]
    return None


def _cell(row, index):
    return row[index].strip() if index is not None and index < len(row) else ""


def read_csv(path, xy_columns=False):
    """Entries of a CSV (UTF-8 or GB18030) with longitude/latitude columns, or x/y with ``xy_columns``."""
    text = read_csv_text(path)
    name = os.path.basename(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header_row = next(reader)
    except StopIteration:
        header_row = []
    header = {cell.strip().lower(): i for i, cell in enumerate(header_row)}
    if xy_columns and _column(header, "x") is not None:
        x_col, y_col, pair = _column(header, "x"), _column(header, "y"), "x, y"
    else:
        x_col, y_col, pair = _column(header, "lon"), _column(header, "lat"), "lon, lat (经度, 纬度)"
    text_col = _column(header, "text")
    if x_col is None or y_col is None or text_col is None:
        raise FeedbackInputError(
            "feedback.columns",
            f"{name} line 1: columns {pair} and text (意见) are needed; found {', '.join(header_row) or 'nothing'}.",
            f"{name} 第 1 行：需要 {pair} 和意见（text）列；现有列：{'、'.join(header_row) or '无'}。")
    columns = {m: _column(header, m) for m in ("category", "contact", "date", "votes", "id")}
    entries = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        origin = f"{name} line {line}"
        cell = partial(_cell, row)
        entries.append(FeedbackEntry(
            _number(cell(x_col), "x" if xy_columns else "longitude", origin),
            _number(cell(y_col), "y" if xy_columns else "latitude", origin),
            cell(columns["category"]), cell(text_col), cell(columns["contact"]), cell(columns["date"]),
            _votes(cell(columns["votes"]), origin), cell(columns["id"]), origin))
    return entries


def remove_duplicates(entries):
    """Entries without repeats (the first of each identity kept) and the number removed."""
    seen, unique = set(), []
    for entry in entries:
        key = entry.identity()
        if key not in seen:
            seen.add(key)
            unique.append(entry)
    return unique, len(entries) - len(unique)


@dataclass(frozen=True)
class KeywordRow:
    keyword: str
    service: str  # a code or OTHER (a user row may send a keyword to 其他)
    origin: str


@dataclass
class KeywordTable:
    rows: list = field(default_factory=list)

    def match(self, text):
        """(service, keyword) of the longest keyword found in ``text`` (earlier rows win ties), else None."""
        folded = text.casefold()
        best = None
        for row in self.rows:
            if row.keyword.casefold() in folded and (best is None or len(row.keyword) > len(best.keyword)):
                best = row
        return (best.service, best.keyword) if best else None


def read_keywords(path):
    """Rows of a keyword CSV ``keyword,service[,note]`` (service: a code, a Chinese name or 其他)."""
    text = read_csv_text(path)
    name = os.path.basename(path)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if not {"keyword", "service"} <= set(header):
        raise FeedbackInputError(
            "feedback.keywords",
            f"{name} line 1: the keyword table needs the columns keyword,service (optional: note).",
            f"{name} 第 1 行：关键词表需要 keyword,service 两列（可选 note）。")
    reader.fieldnames = header
    rows = {}
    for record in reader:
        keyword = (record.get("keyword") or "").strip()
        if not keyword:
            continue
        where = f"{name} line {reader.line_num}"
        value = (record.get("service") or "").strip()
        try:
            service = OTHER if value in OTHER_NAMES else service_code(value)
        except UnknownServiceError as err:
            raise FeedbackInputError(
                "feedback.keywords",
                f"{where}: unknown service '{value}' for keyword '{keyword}'; use a 十全十美 code or Chinese "
                "name, or 其他.",
                f"{where}：关键词“{keyword}”的服务“{value}”无法识别；"
                "请填写十全十美的代码或中文名称，或“其他”。") from err
        if keyword in rows:
            raise FeedbackInputError(
                "feedback.keywords",
                f"{where}: keyword '{keyword}' is listed twice ({rows[keyword].origin}); keep one.",
                f"{where}：关键词“{keyword}”重复（{rows[keyword].origin}）；请只保留一行。")
        rows[keyword] = KeywordRow(keyword, service, where)
    return list(rows.values())


def load_keywords(user_path=None):
    """The keyword table: the user's rows first (they win ties and replace built-in rows of the same
    keyword), then the built-in ones."""
    user = read_keywords(user_path) if user_path else []
    replaced = {row.keyword for row in user}
    return KeywordTable(user + [row for row in read_keywords(BUILTIN_KEYWORDS) if row.keyword not in replaced])


def classify(entry, keywords):
    """Set ``entry.service`` and ``entry.matched_by``: the chosen category, else a keyword, else 其他."""
    category = entry.category.strip()
    if category not in OTHER_NAMES:
        try:
            entry.service, entry.matched_by = service_code(category), "category"
            return entry
        except UnknownServiceError:
            pass  # a category of a paper form ("环境卫生") is read like the text
    found = keywords.match(f"{category} {entry.text}")
    if found:
        entry.service, entry.matched_by = found[0], f"keyword:{found[1]}"
    else:
        entry.service, entry.matched_by = OTHER, "none"
    return entry


def mask_contacts(text):
    """Text with phone numbers and e-mail addresses replaced: residents write them into comments too."""
    return _CONTACT_PATTERN.sub(MASKED, text or "")


def service_name_zh(code):
    return BY_CODE[code].name_zh if code in BY_CODE else OTHER_ZH


@dataclass
class NeedRow:
    unit: object  # None: outside every unit
    service: str
    entries: int
    votes: int
    weight: int
    examples: list


def needs_list(entries, include_contact=False):
    """Unit × service rows: entries, supporting votes, weight and up to three example texts (the most
    supported first). Services in 十全十美 order, 其他 last; units in order, entries outside any unit last."""
    groups = {}
    for entry in entries:
        groups.setdefault((entry.unit, entry.service), []).append(entry)
    order = {code: i for i, code in enumerate(SERVICE_CODES + (OTHER,))}
    rows = []
    for (unit, service), group in sorted(groups.items(), key=lambda item: (
            item[0][0] is None, str(item[0][0]), order[item[0][1]])):
        examples = []
        for entry in sorted(group, key=lambda e: -e.votes):
            text = entry.text if include_contact else mask_contacts(entry.text)
            if text and text not in examples:
                examples.append(text)
            if len(examples) == MAX_EXAMPLES:
                break
        rows.append(NeedRow(unit, service, len(group), sum(e.votes for e in group), sum(e.weight for e in group),
                            examples))
    return rows


def check_lonlat(entries):
    """Refuse entries whose coordinates cannot be longitude/latitude degrees, naming the first."""
    for entry in entries:
        if not (-180.0 <= entry.x <= 180.0 and -90.0 <= entry.y <= 90.0):
            raise FeedbackInputError(
                "feedback.coordinate",
                f"{entry.origin}: ({entry.x}, {entry.y}) is not a longitude/latitude in degrees; for x/y in "
                "metres choose 'x/y in a CRS' and give the CRS.",
                f"{entry.origin}：({entry.x}, {entry.y}) 不是经纬度（度）；若为以米计的 x/y 坐标，请选择"
                "“x/y（指定坐标系）”并给出坐标系。")
