"""Raw POI categories (OpenStreetMap tags, AMap/Gaode type paths) -> 十全十美 service codes.

The mapping is a CSV table (UTF-8, header ``source,key,value,requires,services,note``):

- ``source`` is ``osm`` or ``amap``.
- ``osm`` rows: ``key``/``value`` are an OSM tag; ``value`` may be ``*`` (any value of that key).
  ``requires`` optionally lists further tags that must all hold, as ``key=value`` joined by
  ``&`` (e.g. ``social_facility:for=senior``).
- ``amap`` rows: ``key`` is ``type`` and ``value`` an AMap type path ``大类;中类;小类`` or a
  prefix of one (``医疗保健服务`` covers every medical type).
- ``services`` lists codes or Chinese names (``health;allday_health``, ``医疗卫生``). Left empty,
  the row records a category that is deliberately *not* a service (bus stops, schools): such
  records are classified as "ignored" and are not reported as unmapped.
- ``note`` says why; it is documentation only. Other columns are ignored.

Most specific match wins: for an OSM tag, rows for the exact value beat ``*`` rows, and
among those the rows with the most satisfied ``requires`` win (their services are merged).
For an AMap path the longest matching prefix wins. A record's services are the union over
all its tags (OSM) or all its ``|``-separated type paths (AMap).

A user mapping file extends the built-in table, and its rows take precedence: a user row
with the same source, key, value and requires replaces the built-in row (an empty
``services`` there switches a built-in mapping off). ``extend_builtin=False`` uses the
user file alone.
"""
import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .csv_input import CsvFileError, read_csv_text
from .errors import LifeCircleError
from .services import SERVICE_CODES, UnknownServiceError, parse_services

BUILTIN_MAPPING_PATH = Path(__file__).resolve().parents[2] / "resources" / "poi_mapping.csv"

SOURCES = ("osm", "amap")
REQUIRED_COLUMNS = ("source", "key", "value", "services")
ANY_VALUE = "*"
AMAP_KEY = "type"
# AMap joins several types of one POI with "|"; Chinese input methods give full-width forms.
_AMAP_NORMALISE = str.maketrans({"；": ";", "｜": "|"})
_MISSING_TEXT = {"", "null", "none", "nan"}


class MappingFileError(LifeCircleError, ValueError):
    """A mapping CSV that cannot be used: the message names the file, line and value."""


@dataclass(frozen=True)
class MappingRow:
    source: str
    key: str
    value: str
    requires: tuple  # ((key, value), ...) sorted; OSM only
    services: tuple  # service codes; empty = known category that is not a service
    note: str
    origin: str  # "file line N", to tell the user where a mapping came from

    @property
    def identity(self):
        return (self.source, self.key, self.value, self.requires)


@dataclass(frozen=True)
class Classification:
    """Result for one record."""

    services: tuple  # service codes in canonical order
    unmapped: frozenset  # category values no mapping row matched ("amenity=school", AMap paths)
    ignored: frozenset  # categories matched by rows that map to no service
    kept: bool  # services taken unchanged from the record's own services field


class PoiMapping:
    """An indexed mapping table; build it with ``load_mapping``."""

    def __init__(self, rows):
        self.rows = tuple(rows)
        self._osm = {}
        self._amap = {}
        for row in self.rows:
            if row.source == "osm":
                self._osm.setdefault((row.key, row.value), []).append(row)
            else:
                self._amap[row.value] = row
        self.osm_keys = frozenset(key for key, _ in self._osm)
        # Tags read from a record: category keys plus the keys of requires conditions.
        requirement_keys = {key for row in self.rows for key, _ in row.requires}
        self.osm_relevant_keys = tuple(sorted(self.osm_keys | requirement_keys))

    def __len__(self):
        return len(self.rows)

    def match_osm_tag(self, key, value, tags):
        """Rows chosen for tag ``key=value`` of a record with all tags ``tags`` (may be empty)."""
        for candidates in (self._osm.get((key, value)), self._osm.get((key, ANY_VALUE))):
            if not candidates:
                continue
            satisfied = [row for row in candidates if _requirements_hold(row.requires, tags)]
            if satisfied:
                most = max(len(row.requires) for row in satisfied)
                return [row for row in satisfied if len(row.requires) == most]
        return []

    def match_amap_path(self, path):
        """The row of the longest prefix of an AMap type path, or None."""
        segments = path.split(";")
        for length in range(len(segments), 0, -1):
            row = self._amap.get(";".join(segments[:length]))
            if row is not None:
                return row
        return None


def _requirements_hold(requires, tags):
    return all(value in tags.get(key, ()) for key, value in requires)


def _text(value):
    """Attribute value as stripped text, or None when missing (None, NULL, NaN, blank)."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from pandas/geopandas
        return None
    text = str(value).strip()
    return None if text.lower() in _MISSING_TEXT else text


def _osm_values(value):
    """OSM values of one tag; ``;`` separates several values (``clinic;pharmacy``)."""
    text = _text(value)
    if text is None:
        return ()
    return tuple(part.strip() for part in text.split(";") if part.strip())


def _amap_path(text):
    return ";".join(part.strip() for part in text.translate(_AMAP_NORMALISE).split(";"))


def _parse_requires(text, where):
    if not text:
        return ()
    pairs = []
    for condition in text.split("&"):
        key, sep, value = condition.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise MappingFileError(
                "mapping.requires",
                f"{where}: requires condition '{condition.strip()}' is not key=value "
                "(join several conditions with &)",
                f"{where}：requires 条件“{condition.strip()}”不是 key=value 形式（多个条件用 & 连接）")
        pairs.append((key.strip(), value.strip()))
    return tuple(sorted(pairs))


def _row_from_record(record, where):
    source = (record.get("source") or "").strip().lower()
    key = (record.get("key") or "").strip()
    value = (record.get("value") or "").strip()
    requires_text = (record.get("requires") or "").strip()
    if source not in SOURCES:
        raise MappingFileError("mapping.source", f"{where}: source '{source}' is not one of {', '.join(SOURCES)}",
                               f"{where}：来源“{source}”不是 {', '.join(SOURCES)} 之一")
    if not value:
        raise MappingFileError("mapping.value_empty",
                               f"{where}: value is empty; give the OSM tag value, * or an AMap type path",
                               f"{where}：value 为空，请填写 OSM 标签值、* 或高德类型路径")
    if source == "osm":
        if not key:
            raise MappingFileError("mapping.key_empty", f"{where}: key is empty; give the OSM tag key (e.g. amenity)",
                                   f"{where}：key 为空，请填写 OSM 标签键（如 amenity）")
        requires = _parse_requires(requires_text, where)
    else:
        if key.lower() != AMAP_KEY:
            raise MappingFileError("mapping.amap_key", f"{where}: amap rows need key '{AMAP_KEY}', found '{key}'",
                                   f"{where}：amap 行的 key 应为“{AMAP_KEY}”，实为“{key}”")
        if requires_text:
            raise MappingFileError("mapping.requires_amap", f"{where}: requires is only supported for osm rows",
                                   f"{where}：requires 仅适用于 osm 行")
        key = AMAP_KEY
        value = _amap_path(value)
        if any(not segment for segment in value.split(";")):
            raise MappingFileError("mapping.amap_path", f"{where}: AMap type path '{value}' has an empty level",
                                   f"{where}：高德类型路径“{value}”有空的层级")
        requires = ()
    try:
        services = parse_services(record.get("services"))
    except UnknownServiceError as error:
        raise MappingFileError(
            "mapping.unknown_service",
            f"{where}: unknown service '{error.name}' in column services "
            f"(value '{record.get('services')}'); use codes or Chinese names of 十全十美",
            f"{where}：services 列中的服务“{error.name}”未知（值为“{record.get('services')}”），"
            "请使用十全十美的代码或中文名称") from error
    note = (record.get("note") or "").strip()
    return MappingRow(source, key, value, requires, services, note, where)


def read_mapping_file(path):
    """Rows of one mapping CSV, validated; raises MappingFileError naming file and line."""
    path = Path(path)
    try:
        text = read_csv_text(path)
    except CsvFileError as error:
        raise MappingFileError(error.code, error.message_en, error.message_zh) from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise MappingFileError(
            "mapping.header",
            f"{path} line 1: missing column(s) {', '.join(missing)}; the header must contain "
            f"{','.join(REQUIRED_COLUMNS)} (optional: requires, note), found {','.join(header) or 'nothing'}",
            f"{path} 第 1 行：缺少列 {', '.join(missing)}；表头须包含 {','.join(REQUIRED_COLUMNS)}"
            f"（可选：requires、note），实际为 {','.join(header) or '空'}")
    reader.fieldnames = header
    rows_by_identity = {}
    for record in reader:
        where = f"{path.name} line {reader.line_num}"
        if None in record:
            raise MappingFileError("mapping.extra_fields",
                                   f"{where}: more fields than header columns; quote values containing commas",
                                   f"{where}：字段数多于表头列数；含逗号的值请加引号")
        if not any((value or "").strip() for value in record.values()):
            continue
        row = _row_from_record(record, where)
        earlier = rows_by_identity.get(row.identity)
        if earlier is not None:
            raise MappingFileError(
                "mapping.duplicate",
                f"{where}: duplicates the row at {earlier.origin} "
                f"({row.source} {row.key}={row.value}); keep one",
                f"{where}：与 {earlier.origin} 的行重复（{row.source} {row.key}={row.value}），请只保留一行")
        rows_by_identity[row.identity] = row
    if not rows_by_identity:
        raise MappingFileError("mapping.empty", f"{path}: no mapping rows below the header",
                               f"{path}：表头下没有对照行")
    return list(rows_by_identity.values())


def load_mapping(path=None, extend_builtin=True):
    """The mapping table: the built-in CSV, a user CSV on top of it, or the user CSV alone.

    With ``path`` and ``extend_builtin=True`` (default) user rows take precedence over
    built-in rows with the same source, key, value and requires.
    """
    if path is None:
        return PoiMapping(read_mapping_file(BUILTIN_MAPPING_PATH))
    user_rows = read_mapping_file(path)
    if not extend_builtin:
        return PoiMapping(user_rows)
    overridden = {row.identity for row in user_rows}
    builtin_rows = [row for row in read_mapping_file(BUILTIN_MAPPING_PATH) if row.identity not in overridden]
    return PoiMapping(builtin_rows + user_rows)


def _osm_signature(record, mapping):
    """The record's tags that can influence its classification, as a hashable tuple."""
    return tuple(
        (key, values) for key in mapping.osm_relevant_keys if (values := _osm_values(record.get(key)))
    )


def _classify_osm(signature, mapping):
    tags = dict(signature)
    services, unmapped, ignored = set(), set(), set()
    for key in mapping.osm_keys.intersection(tags):
        for value in tags[key]:
            category = f"{key}={value}"
            rows = mapping.match_osm_tag(key, value, tags)
            if not rows:
                unmapped.add(category)
                continue
            codes = {code for row in rows for code in row.services}
            if codes:
                services |= codes
            else:
                ignored.add(category)
    return services, unmapped, ignored


def _classify_amap(text, mapping):
    services, unmapped, ignored = set(), set(), set()
    if text is None:
        return services, unmapped, ignored
    for raw_path in text.translate(_AMAP_NORMALISE).split("|"):
        if not raw_path.strip():
            continue
        path = _amap_path(raw_path)
        row = mapping.match_amap_path(path)
        if row is None:
            unmapped.add(path)
        elif row.services:
            services |= set(row.services)
        else:
            ignored.add(path)
    return services, unmapped, ignored


def classify(records, mapping, source="osm", type_field="type", services_field=None):
    """Classify POI records (dicts of raw attributes) into 十全十美 service codes.

    ``source`` is ``osm`` (records are OSM tags) or ``amap`` (the AMap type path is in
    ``type_field``). When ``services_field`` is given, a record whose field already lists
    services keeps them unchanged (``kept=True``); a blank field is classified as usual and
    an invalid one raises UnknownServiceError naming the record index and field.
    Returns one ``Classification`` per record, in order.
    """
    if source not in SOURCES:
        raise MappingFileError("mapping.poi_source", f"Unknown POI source '{source}'; use one of {', '.join(SOURCES)}",
                               f"未知的 POI 来源“{source}”，请使用 {', '.join(SOURCES)} 之一")
    # POIs repeat a handful of category combinations: classify each combination once.
    by_signature = {}
    results = []
    for index, record in enumerate(records):
        if services_field is not None:
            existing = parse_services(
                _text(record.get(services_field)), context=f"in field '{services_field}' of record {index}"
            )
            if existing:
                results.append(Classification(existing, frozenset(), frozenset(), True))
                continue
        if source == "osm":
            signature = _osm_signature(record, mapping)
        else:
            signature = _text(record.get(type_field))
        result = by_signature.get(signature)
        if result is None:
            if source == "osm":
                services, unmapped, ignored = _classify_osm(signature, mapping)
            else:
                services, unmapped, ignored = _classify_amap(signature, mapping)
            codes = tuple(code for code in SERVICE_CODES if code in services)
            result = Classification(codes, frozenset(unmapped), frozenset(ignored), False)
            by_signature[signature] = result
        results.append(result)
    return results


def count_unmapped(results):
    """Counter of records per unmapped category; ``.most_common()`` lists them for the user."""
    return Counter(category for result in results for category in result.unmapped)
