"""The community blueprint (社区蓝图): project schema, plan window and the reviewer's rules.

Single source of truth for the ``projects`` layer. The QGIS side iterates ``FIELDS`` to
create fields, aliases, value maps and the edit form; the dock calls ``check_project``
next to each field while a planner types; the Processing algorithms call
``check_blueprint`` and the spatial-rule builders so every finding comes from one
catalogue (``RULES``) in the same shape (``Finding``).

Records are plain dicts as read from a layer or a form: values may be None, '', QGIS
NULL, or strings typed by hand. They are coerced here; a value that cannot be read is a
finding (``bad_value``), never a crash.
"""
import datetime as _dt
import math
import numbers
import re
import unicodedata
from dataclasses import dataclass, field as _dataclass_field
from typing import Mapping, Optional

from .errors import LifeCircleError
from .numbers_input import AREA_UNITS, BUDGET_UNITS, YEAR_UNITS, parse_number
from .services import BY_CODE, SERVICE_CODES, UnknownServiceError, _SPLIT, parse_services

LAYER_NAME = "projects"
SCHEMA_VERSION = 1
PLAN_YEARS = 3  # a reserve plan covers FIRST_YEAR .. FIRST_YEAR + 2
HUB_MIN_SERVICES = 2  # 人民坊 combines "two or more" 十全十美 functions (2024 action plan)

# Field types, as the QGIS side maps them to QVariant types.
STRING, INT, DOUBLE, DATE, DATETIME = "string", "int", "double", "date", "datetime"
FIELD_TYPES = (STRING, INT, DOUBLE, DATE, DATETIME)

ERROR, WARNING = "error", "warning"


class BlueprintValueError(LifeCircleError, ValueError):
    """Input the blueprint core cannot use; the message names the project/field and the fix."""


@dataclass(frozen=True)
class Choice:
    """One entry of a value map: stored code, Chinese and English labels."""

    code: str
    zh: str
    en: str


KINDS = (
    Choice("renminfang", "人民坊", "People's Hub"),
    Choice("liuyiting", "六艺亭", "Six-Arts Pavilion"),
    Choice("facility", "其他设施", "other facility"),
    Choice("public_space", "公共空间", "public space"),
    Choice("other", "其他", "other"),
)
STATUSES = (
    Choice("reserve", "储备", "reserve"),
    Choice("planned", "列入年度计划", "planned"),
    Choice("under_construction", "在建", "under construction"),
    Choice("completed", "已建成", "completed"),
    Choice("cancelled", "已取消", "cancelled"),
)
KIND_ZH = {c.code: c.zh for c in KINDS}
STATUS_ZH = {c.code: c.zh for c in STATUSES}
HUB, PAVILION = "renminfang", "liuyiting"
# A project whose works started or finished keeps its reserve year as a record of history.
STARTED_STATUSES = ("under_construction", "completed")

GROUPS = (
    Choice("basic", "基本信息", "Basic information"),
    Choice("list", "年度清单信息", "Annual list"),
    Choice("meetings", "一图三会", "One map, three meetings"),
    Choice("record", "编辑记录", "Edit record"),
)


@dataclass(frozen=True)
class FieldSpec:
    """One field of the ``projects`` layer.

    ``length`` is the string width (0 = unlimited); ``minimum`` the smallest valid number;
    ``default`` the value a new feature gets in Python terms and ``default_expression`` the
    same as a QGIS expression (with ``default_on_update`` when it must be refreshed on each
    edit); ``multiline`` asks the form for a text box; ``group`` is the form tab.
    """

    name: str
    type: str
    alias_zh: str
    alias_en: str
    group: str
    required: bool = False
    length: int = 0
    value_map: tuple = ()
    default: object = None
    default_expression: str = ""
    default_on_update: bool = False
    minimum: Optional[float] = None
    multiline: bool = False

    @property
    def value_map_dict(self):
        """``{code: (zh, en)}`` for fields with a value map, else an empty dict."""
        return {c.code: (c.zh, c.en) for c in self.value_map}


FIELDS = (
    FieldSpec("project_id", STRING, "项目编号", "Project ID", "basic", required=True, length=32),
    FieldSpec("name", STRING, "项目名称", "Project name", "basic", required=True, length=100),
    FieldSpec("kind", STRING, "项目类型", "Project type", "basic", required=True, length=20,
              value_map=KINDS),
    FieldSpec("services", STRING, "服务功能（十全十美）", "Services (十全十美)", "basic", length=255),
    FieldSpec("floor_area_m2", DOUBLE, "建筑面积（m²）", "Floor area (m²)", "basic", minimum=0),
    FieldSpec("site_area_m2", DOUBLE, "用地面积（m²）", "Site area (m²)", "basic", minimum=0),
    FieldSpec("unit_id", STRING, "基本单元", "Basic unit", "basic", length=32),
    FieldSpec("status", STRING, "项目状态", "Status", "basic", required=True, length=20,
              value_map=STATUSES, default="reserve", default_expression="'reserve'"),
    FieldSpec("reserve_year", INT, "储备年份", "Reserve year", "basic"),
    FieldSpec("priority", INT, "优先级（1 为最高）", "Priority (1 = highest)", "basic", minimum=1),
    FieldSpec("justification", STRING, "需求论证", "Demand justification", "basic", multiline=True),
    FieldSpec("content", STRING, "项目建设内容", "Construction content", "list", multiline=True),
    FieldSpec("implementation_path", STRING, "实施路径", "Implementation path", "list",
              multiline=True),
    FieldSpec("implementer", STRING, "实施主体", "Implementing body", "list", length=100),
    FieldSpec("funding_source", STRING, "资金来源", "Funding source", "list", length=100),
    FieldSpec("budget_wan", DOUBLE, "投资估算（万元）", "Budget (10,000 CNY)", "list", minimum=0),
    FieldSpec("start_date", DATE, "计划开工时间", "Planned start", "list"),
    FieldSpec("end_date", DATE, "计划完成时间", "Planned completion", "list"),
    FieldSpec("design_team", STRING, "设计团队", "Design team", "list", length=100),
    FieldSpec("consultation_date", DATE, "征询会日期", "Consultation meeting date", "meetings"),
    FieldSpec("consultation_result", STRING, "征询会结果", "Consultation outcome", "meetings",
              multiline=True),
    FieldSpec("coordination_date", DATE, "协调会日期", "Coordination meeting date", "meetings"),
    FieldSpec("coordination_result", STRING, "协调会结果", "Coordination outcome", "meetings",
              multiline=True),
    FieldSpec("evaluation_date", DATE, "评议会日期", "Evaluation meeting date", "meetings"),
    FieldSpec("evaluation_result", STRING, "评议会结果", "Evaluation outcome", "meetings",
              multiline=True),
    FieldSpec("edited_by", STRING, "编辑人", "Edited by", "record", length=100,
              default_expression="@user_full_name", default_on_update=True),
    FieldSpec("edited_at", DATETIME, "编辑时间", "Edited at", "record",
              default_expression="now()", default_on_update=True),
)
FIELD_BY_NAME = {f.name: f for f in FIELDS}
FIELD_NAMES = tuple(f.name for f in FIELDS)

# The six columns the annual implementation list must state for every project (2024 plan, 任务11).
LIST_FIELDS = ("content", "implementation_path", "implementer", "funding_source",
               "start_date", "end_date", "design_team")
# 一图三会: (date field, result field, meeting name), in the order they must be held.
MEETINGS = (
    ("consultation_date", "consultation_result", Choice("consultation", "征询会", "consultation")),
    ("coordination_date", "coordination_result", Choice("coordination", "协调会", "coordination")),
    ("evaluation_date", "evaluation_result", Choice("evaluation", "评议会", "evaluation")),
)


# ---------------------------------------------------------------------------------------
# Plan window and settings


_META_PREFIX = "lifecircle_"
META_STREET = _META_PREFIX + "street"
META_FIRST_YEAR = _META_PREFIX + "first_year"
META_LAST_YEAR = _META_PREFIX + "last_year"
META_SCHEMA_VERSION = _META_PREFIX + "schema_version"


@dataclass(frozen=True)
class PlanWindow:
    """The street (街镇) and the three years of its project reserve plan."""

    street: str
    first_year: int

    def __post_init__(self):
        if not isinstance(self.street, str) or not self.street.strip():
            raise BlueprintValueError("blueprint.street_empty",
                                      "Plan window: the street (街镇) name is empty; give the street "
                                      "or town the blueprint belongs to.",
                                      "规划期：街镇名称为空，请填写蓝图所属的街道或镇。")
        if isinstance(self.first_year, bool) or not isinstance(self.first_year, numbers.Integral) \
                or not 2000 <= self.first_year <= 2100:
            raise BlueprintValueError("blueprint.first_year",
                                      f"Plan window of {self.street}: first year {self.first_year!r} "
                                      "is not a year between 2000 and 2100.",
                                      f"{self.street}的规划期：起始年份 {self.first_year!r} "
                                      "不是 2000–2100 之间的年份。")
        object.__setattr__(self, "street", self.street.strip())
        object.__setattr__(self, "first_year", int(self.first_year))

    @property
    def last_year(self):
        return self.first_year + PLAN_YEARS - 1

    @property
    def years(self):
        """The plan's years in order, e.g. (2027, 2028, 2029)."""
        return tuple(range(self.first_year, self.last_year + 1))

    def contains(self, year):
        return year is not None and self.first_year <= year <= self.last_year

    @property
    def label_zh(self):
        return f"{self.first_year}—{self.last_year}年"

    def to_metadata(self):
        """Key/values (all strings) the blueprint GeoPackage carries as its plan metadata."""
        return {
            META_STREET: self.street,
            META_FIRST_YEAR: str(self.first_year),
            META_LAST_YEAR: str(self.last_year),
            META_SCHEMA_VERSION: str(SCHEMA_VERSION),
        }

    @classmethod
    def from_metadata(cls, metadata: Mapping):
        """Read the window back from ``to_metadata`` key/values; raise naming the faulty key."""
        def read(key):
            value = metadata.get(key)
            if value is None or not str(value).strip():
                raise BlueprintValueError(
                    "blueprint.metadata_missing",
                    f"Blueprint metadata lacks '{key}': set the plan's street and first year "
                    "(e.g. with 'Create blueprint') before validating or exporting.",
                    f"蓝图元数据缺少“{key}”：请先设置规划的街镇和起始年份（如用“创建社区蓝图”），再审查或导出。")
            return str(value).strip()

        def read_int(key):
            text = read(key)
            try:
                return int(text)
            except ValueError:
                raise BlueprintValueError("blueprint.metadata_not_integer",
                                          f"Blueprint metadata '{key}' is '{text}', not a whole number; "
                                          "correct it (a year is four digits).",
                                          f"蓝图元数据“{key}”为“{text}”，不是整数；"
                                          "请更正（年份为四位数字）。") from None

        version = read_int(META_SCHEMA_VERSION) if metadata.get(META_SCHEMA_VERSION) else SCHEMA_VERSION
        if version > SCHEMA_VERSION:
            raise BlueprintValueError("blueprint.schema_newer",
                                      f"Blueprint schema version {version} is newer than this plugin "
                                      f"understands ({SCHEMA_VERSION}); update the LifeCircle plugin.",
                                      f"蓝图结构版本 {version} 比本插件支持的版本（{SCHEMA_VERSION}）新，"
                                      "请更新 LifeCircle 插件。")
        window = cls(read(META_STREET), read_int(META_FIRST_YEAR))
        if metadata.get(META_LAST_YEAR) not in (None, "") and read_int(META_LAST_YEAR) != window.last_year:
            raise BlueprintValueError(
                "blueprint.last_year",
                f"Blueprint metadata: last year {read(META_LAST_YEAR)} does not match first year "
                f"{window.first_year} (a plan covers {PLAN_YEARS} years, so it must be "
                f"{window.last_year}); correct '{META_LAST_YEAR}'.",
                f"蓝图元数据：结束年份 {read(META_LAST_YEAR)} 与起始年份 {window.first_year} 不符"
                f"（规划期为 {PLAN_YEARS} 年，"
                f"应为 {window.last_year}）；请更正“{META_LAST_YEAR}”。")
        return window


@dataclass(frozen=True)
class BlueprintSettings:
    """Thresholds of the rules. ``coming_year`` None means the plan window's first year."""

    min_hub_area_m2: float = 800.0
    pavilion_max_m2: float = 200.0
    pavilion_hard_max_m2: float = 400.0
    coming_year: Optional[int] = None

    def __post_init__(self):
        for name in ("min_hub_area_m2", "pavilion_max_m2", "pavilion_hard_max_m2"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                    or not math.isfinite(value) or value < 0:
                raise BlueprintValueError("blueprint.settings_area",
                                          f"Blueprint settings: {name} = {value!r} must be a "
                                          "non-negative number of m².",
                                          f"蓝图设置：{name} = {value!r} 必须是非负的平方米数。")
        if self.pavilion_max_m2 > self.pavilion_hard_max_m2:
            raise BlueprintValueError(
                "blueprint.settings_pavilion_range",
                f"Blueprint settings: pavilion_max_m2 ({self.pavilion_max_m2}) exceeds "
                f"pavilion_hard_max_m2 ({self.pavilion_hard_max_m2}); the justified range needs "
                "max ≤ hard max.",
                f"蓝图设置：pavilion_max_m2（{self.pavilion_max_m2}）大于 pavilion_hard_max_m2"
                f"（{self.pavilion_hard_max_m2}），需论证的面积区间要求上限不大于硬上限。")

    def resolved_coming_year(self, window):
        """The year whose annual list is being prepared; it must lie in the plan window."""
        year = window.first_year if self.coming_year is None else self.coming_year
        if not window.contains(year):
            raise BlueprintValueError(
                "blueprint.coming_year",
                f"Coming year {year} is outside the plan window {window.label_zh} of "
                f"{window.street}; set the coming year within the window or move the window.",
                f"实施年份 {year} 不在{window.street}的规划期 {window.label_zh} 内；请在规划期内选择年份或调整规划期。")
        return year


DEFAULT_SETTINGS = BlueprintSettings()

# The floor-area verdict of a 六艺亭 or 人民坊 (one rule for the blueprint review, suggestsites and the dock).
AREA_FITS = "fits"
AREA_ABOVE_PAVILION_MAX = "above_pavilion_max"  # allowed with a demand justification
AREA_OVER_PAVILION_HARD_MAX = "over_pavilion_hard_max"
AREA_BELOW_HUB_MIN = "below_hub_min"


def floor_area_class(kind, area, settings=DEFAULT_SETTINGS):
    """Where a positive floor area ``area`` (m²) stands for ``kind`` (HUB or PAVILION): one of AREA_*."""
    if kind == PAVILION:
        if area > settings.pavilion_hard_max_m2:
            return AREA_OVER_PAVILION_HARD_MAX
        if area > settings.pavilion_max_m2:
            return AREA_ABOVE_PAVILION_MAX
    elif kind == HUB and area < settings.min_hub_area_m2:
        return AREA_BELOW_HUB_MIN
    return AREA_FITS


# ---------------------------------------------------------------------------------------
# Schema upgrade


@dataclass(frozen=True)
class UpgradePlan:
    """What upgrading an existing layer would do: only add fields, never alter existing ones.

    ``add``: specs of the fields to add, in catalogue order. ``type_conflicts``: existing
    fields whose type differs from the catalogue, as (name, existing type, expected type);
    they are reported, not changed. ``extra``: existing fields the catalogue does not know
    (kept as they are).
    """

    add: tuple
    type_conflicts: tuple
    extra: tuple

    @property
    def needed(self):
        return bool(self.add)

    def summary_zh(self):
        """One paragraph for the confirmation dialog, in Chinese."""
        if not self.add:
            text = "图层已包含蓝图所需的全部字段，无需升级。"
        else:
            names = "、".join(f"{f.alias_zh}（{f.name}）" for f in self.add)
            text = f"图层缺少 {len(self.add)} 个字段：{names}。升级只新增这些字段，不改动现有字段和数据。"
        if self.type_conflicts:
            text += "以下字段类型与蓝图规范不一致，不会被修改，请人工核对：" + "、".join(
                f"{name}（现为 {have}，应为 {want}）" for name, have, want in self.type_conflicts) + "。"
        return text


def missing_fields(existing_names):
    """Catalogue fields absent from ``existing_names`` (case-insensitive, as in GeoPackage)."""
    have = {str(n).casefold() for n in existing_names}
    return tuple(f for f in FIELDS if f.name.casefold() not in have)


def upgrade_plan(existing):
    """Plan the upgrade of a layer given its field names or a mapping ``name -> type``.

    Types, when given, use ``FIELD_TYPES``; the plan only ever adds fields.
    """
    types = dict(existing) if isinstance(existing, Mapping) else {name: None for name in existing}
    conflicts = []
    known = {}
    for name, have in types.items():
        if have is not None and have not in FIELD_TYPES:
            raise BlueprintValueError("blueprint.field_type",
                                      f"Field '{name}' has type {have!r}; pass one of "
                                      f"{', '.join(FIELD_TYPES)} (map the provider's type first).",
                                      f"字段“{name}”的类型为 {have!r}，应为 {', '.join(FIELD_TYPES)} 之一。")
        known[str(name).casefold()] = (name, have)
    for spec in FIELDS:
        found = known.get(spec.name.casefold())
        if found and found[1] is not None and found[1] != spec.type:
            conflicts.append((found[0], found[1], spec.type))
    catalogue = {n.casefold() for n in FIELD_NAMES}
    extra = tuple(original for key, (original, _) in known.items() if key not in catalogue)
    return UpgradePlan(missing_fields(types), tuple(conflicts), extra)


# ---------------------------------------------------------------------------------------
# Findings and the rule catalogue


@dataclass(frozen=True)
class Finding:
    """One breach of a rule. ``field`` is the field it concerns (None for unit-level rules);
    ``index`` the record's position in the list given to ``check_blueprint``."""

    rule: str
    severity: str
    project_id: Optional[str]
    field: Optional[str]
    message_zh: str
    message_en: str
    unit_id: Optional[str] = None
    index: Optional[int] = None

    def message(self, language="zh"):
        return self.message_en if language == "en" else self.message_zh


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title_zh: str
    title_en: str


RULES = {r.id: r for r in (
    Rule("required_field_missing", ERROR, "必填项未填写", "required field missing"),
    Rule("bad_value", ERROR, "数值或日期格式错误", "value cannot be read"),
    Rule("unknown_code", ERROR, "类型或状态不在可选值中", "unknown type or status"),
    Rule("unknown_service", ERROR, "未知服务功能", "unknown service"),
    Rule("negative_value", ERROR, "面积或投资为负数", "negative area or budget"),
    Rule("end_before_start", ERROR, "完成时间早于开工时间", "end before start"),
    Rule("reserve_year_outside_window", ERROR, "储备年份超出储备计划年度", "reserve year outside plan"),
    Rule("pavilion_area_over_max", ERROR, "六艺亭面积超过上限", "pavilion over hard maximum"),
    Rule("pavilion_justification_missing", ERROR, "六艺亭超面积缺少需求论证",
         "oversized pavilion without justification"),
    Rule("hub_too_few_services", ERROR, "人民坊服务功能不足两项", "hub with fewer than two services"),
    Rule("hub_area_below_min", WARNING, "人民坊面积低于最低要求", "hub below minimum area"),
    Rule("area_missing", WARNING, "未填写建筑面积", "floor area missing"),
    Rule("list_column_missing", ERROR, "年度清单要素缺项", "annual-list column missing"),
    Rule("meeting_order", WARNING, "一图三会顺序不符", "meetings out of order"),
    Rule("meeting_result_without_date", WARNING, "会议结果缺少日期", "meeting outcome without date"),
    Rule("duplicate_id", ERROR, "项目编号重复", "duplicate project ID"),
    Rule("invalid_geometry", ERROR, "几何图形无效", "invalid geometry"),
    Rule("unit_without_hub", ERROR, "基本单元15分钟内无人民坊", "unit without hub within reach"),
    Rule("unit_missing_services", ERROR, "基本单元十全服务缺项", "unit missing required services"),
)}


def _finding(rule, project_id, field, message_zh, message_en, unit_id=None, index=None):
    return Finding(rule, RULES[rule].severity, project_id, field, message_zh, message_en,
                   unit_id, index)


def findings_by_field(findings):
    """``{field: [findings]}`` so a form can show each finding next to its field."""
    grouped = {}
    for finding in findings:
        grouped.setdefault(finding.field, []).append(finding)
    return grouped


def invalid_geometry_finding(project_id, name=None, reason="", index=None):
    """Finding for a feature whose geometry is missing or invalid (checked by the QGIS layer).

    ``reason`` is the validator's text (e.g. GEOS "Self-intersection"), shown as given.
    """
    label = f"「{name}」" if name else f"「{project_id}」" if project_id else ""
    detail_zh = f"（{reason}）" if reason else ""
    detail_en = f" ({reason})" if reason else ""
    return _finding("invalid_geometry", project_id, None,
                    f"项目{label}的几何图形缺失或无效{detail_zh}，请修复几何后再提交",
                    f"Project {name or project_id or ''}: geometry missing or invalid{detail_en}; "
                    "repair it before submitting", index=index)


def unit_without_hub_finding(unit_id, minutes=15, uncovered_share=None, target=None):
    """Finding for a basic unit whose residents cannot reach a 人民坊 within ``minutes``.

    ``uncovered_share`` (0..1), when known, is the share of residents left out; with ``target`` (0..1)
    the message states the covered share against the target ("覆盖率 64.6%，低于目标 99%").
    """
    if uncovered_share is not None and not 0 <= uncovered_share <= 1:
        raise BlueprintValueError("blueprint.uncovered_share",
                                  f"Unit {unit_id}: uncovered_share {uncovered_share!r} must lie in 0..1.",
                                  f"基本单元 {unit_id}：未覆盖比例 {uncovered_share!r} 应在 0 到 1 之间。")
    minutes_text = _format_number(minutes)
    if uncovered_share is None:
        zh = f"基本单元「{unit_id}」步行 {minutes_text} 分钟范围内没有人民坊（含规划项目），请补充布局"
        en = f"Unit {unit_id}: no People's Hub within a {minutes_text}-minute walk (planned included)"
    elif target is not None:
        covered, goal = _percent(1.0 - uncovered_share), _percent(target)
        zh = (f"基本单元「{unit_id}」人民坊步行 {minutes_text} 分钟覆盖率 {covered}，低于目标 {goal}"
              "（含规划项目），请补充布局")
        en = (f"Unit {unit_id}: {covered} of residents within a {minutes_text}-minute walk of a People's Hub, "
              f"below the {goal} target (planned included)")
    else:
        percent = _format_number(round(uncovered_share * 100, 1))
        zh = (f"基本单元「{unit_id}」有 {percent}% 的居民步行 {minutes_text} 分钟内无法到达人民坊"
              "（含规划项目），请补充布局")
        en = (f"Unit {unit_id}: {percent}% of residents cannot reach a People's Hub within a "
              f"{minutes_text}-minute walk (planned included)")
    return _finding("unit_without_hub", None, None, zh, en, unit_id=unit_id)


def _percent(share):
    return f"{_format_number(round(share * 100, 1))}%"


def unit_missing_services_finding(unit_id, missing_codes, target=None):
    """Finding for a unit still lacking required (十全) services once planned projects are built.

    ``missing_codes``: the codes, or {code: covered share 0..1}; with the shares and ``target`` (0..1)
    the message says how far each falls short ("党群服务覆盖率 86%，低于目标 99%")."""
    shares = dict(missing_codes) if isinstance(missing_codes, dict) else None
    codes = [c for c in SERVICE_CODES if c in set(missing_codes)]
    unknown = set(missing_codes) - set(codes)
    if unknown:
        raise UnknownServiceError(sorted(unknown)[0], f"in the missing services of unit {unit_id}")
    if not codes:
        raise BlueprintValueError("blueprint.no_missing_service",
                                  f"Unit {unit_id}: no missing service given; only report units "
                                  "that lack services.",
                                  f"基本单元 {unit_id}：未给出缺失的服务；只报告缺少服务的单元。")
    if shares is not None and target is not None:
        zh = "、".join(f"{BY_CODE[c].name_zh}覆盖率 {_percent(shares[c])}" for c in codes)
        en = ", ".join(f"{BY_CODE[c].name_en} {_percent(shares[c])}" for c in codes)
        return _finding("unit_missing_services", None, None,
                        f"基本单元「{unit_id}」规划项目建成后{zh}，低于目标 {_percent(target)}",
                        f"Unit {unit_id} once planned projects are built: residents covered by {en}, below the "
                        f"{_percent(target)} target", unit_id=unit_id)
    zh = "、".join(BY_CODE[c].name_zh for c in codes)
    en = ", ".join(BY_CODE[c].name_en for c in codes)
    return _finding("unit_missing_services", None, None,
                    f"基本单元「{unit_id}」在规划项目建成后仍缺少十全服务：{zh}",
                    f"Unit {unit_id}: still lacks required services once planned projects are built: {en}",
                    unit_id=unit_id)


# ---------------------------------------------------------------------------------------
# Coercion of record values


class _Unreadable(Exception):
    """A value that cannot be read as its field's type; ``expected`` says what was wanted."""

    def __init__(self, expected_zh, expected_en):
        super().__init__(expected_en)
        self.expected_zh = expected_zh
        self.expected_en = expected_en


def is_missing(value):
    """True for None, blank or 'NULL' text, NaN/NaT and QGIS NULL (an object with isNull())."""
    if value is None:
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or text.upper() == "NULL"
    is_null = getattr(value, "isNull", None)
    if callable(is_null):
        try:
            return bool(is_null())
        except TypeError:
            pass
    try:
        return bool(value != value)  # NaN and NaT are the only values unequal to themselves
    except (TypeError, ValueError):
        return False


def _to_number(value, units=()):
    number = parse_number(value, units)
    if number is None or math.isnan(number):
        raise _Unreadable("数字", "a number")
    if not math.isfinite(number):
        raise _Unreadable("有限数字", "a finite number")
    return number


def _to_int(value, units=()):
    number = _to_number(value, units)
    if not number.is_integer():
        raise _Unreadable("整数", "a whole number")
    return int(number)


_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def _to_date(value):
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    for converter in ("toPyDate", "toPyDateTime"):  # QDate / QDateTime, without importing Qt
        method = getattr(value, converter, None)
        if callable(method):
            return _to_date(method())
    match = _DATE_TEXT.fullmatch(unicodedata.normalize("NFKC", str(value)).strip())
    if match:
        try:
            return _dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            pass
    raise _Unreadable("日期（如 2027-03-01）", "a date such as 2027-03-01")


def _to_datetime(value):
    if isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    method = getattr(value, "toPyDateTime", None)
    if callable(method):
        return method()
    text = unicodedata.normalize("NFKC", str(value)).strip().replace("/", "-")
    try:
        return _dt.datetime.fromisoformat(text)
    except ValueError:
        raise _Unreadable("日期时间（如 2027-03-01 09:30）", "a date-time such as 2027-03-01 09:30") \
            from None


def _to_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # spreadsheets turn IDs like 12 into 12.0
    return str(value).strip()


def _choice_code(value, choices):
    key = str(value).strip().casefold()
    for choice in choices:
        if key in (choice.code.casefold(), choice.zh.casefold(), choice.en.casefold()):
            return choice.code
    return None


def _format_number(number):
    if number is None:
        return ""
    return f"{float(number):.2f}".rstrip("0").rstrip(".")


@dataclass
class ParsedProject:
    """A record's values read into Python types (None where missing or unreadable).

    ``values`` maps every catalogue field to its typed value: str, int, float, date,
    datetime, or a tuple of service codes for ``services``; ``findings`` holds the
    coercion problems (``bad_value``, ``unknown_code``, ``unknown_service``).
    """

    values: dict
    findings: list = _dataclass_field(default_factory=list)

    def __getitem__(self, name):
        return self.values[name]

    @property
    def project_id(self):
        return self.values["project_id"]

    def label_zh(self):
        """How a planner names the project: 六艺亭「滨江驿站」, or 项目「P01」 without a name."""
        kind = KIND_ZH.get(self.values["kind"], "项目")
        name = self.values["name"] or self.values["project_id"]
        return f"{kind}「{name}」" if name else kind

    def label_en(self):
        kind = {c.code: c.en for c in KINDS}.get(self.values["kind"], "project")
        name = self.values["name"] or self.values["project_id"]
        return f"{kind} '{name}'" if name else kind


_UNITS_BY_FIELD = {"floor_area_m2": AREA_UNITS, "site_area_m2": AREA_UNITS,
                   "budget_wan": BUDGET_UNITS, "reserve_year": YEAR_UNITS}


def parse_record(record: Mapping, index=None):
    """Read a record (dict of raw values; absent keys count as missing) into a ParsedProject."""
    raw_id = record.get("project_id")
    project_id = None if is_missing(raw_id) else _to_text(raw_id)
    parsed = ParsedProject({name: None for name in FIELD_NAMES})
    parsed.values["project_id"] = project_id
    problems = []  # (rule, field, raw value, detail zh, detail en), messages built once labels are known
    for spec in FIELDS:
        raw = record.get(spec.name)
        if spec.name == "project_id" or is_missing(raw):
            continue
        try:
            if spec.name == "services":
                parsed.values["services"], unknown = _read_services(raw)
                for name in unknown:
                    problems.append(("unknown_service", spec.name, name, "", ""))
                continue
            if spec.value_map:
                code = _choice_code(raw, spec.value_map)
                if code is None:
                    problems.append(("unknown_code", spec.name, raw, "", ""))
                parsed.values[spec.name] = code
            elif spec.type == STRING:
                parsed.values[spec.name] = _to_text(raw)
            elif spec.type == DOUBLE:
                parsed.values[spec.name] = _to_number(raw, _UNITS_BY_FIELD.get(spec.name, ()))
            elif spec.type == INT:
                parsed.values[spec.name] = _to_int(raw, _UNITS_BY_FIELD.get(spec.name, ()))
            elif spec.type == DATE:
                parsed.values[spec.name] = _to_date(raw)
            else:
                parsed.values[spec.name] = _to_datetime(raw)
        except _Unreadable as unreadable:
            problems.append(("bad_value", spec.name, raw, unreadable.expected_zh, unreadable.expected_en))
    label_zh, label_en = parsed.label_zh(), parsed.label_en()
    for rule, name, raw, expected_zh, expected_en in problems:
        spec = FIELD_BY_NAME[name]
        if rule == "bad_value":
            zh = f"{label_zh}的{spec.alias_zh}「{raw}」无法识别，请填写{expected_zh}"
            en = f"{label_en}: {spec.alias_en} '{raw}' cannot be read; enter {expected_en}"
        elif rule == "unknown_code":
            options = "、".join(c.zh for c in spec.value_map)
            zh = f"{label_zh}的{spec.alias_zh}「{raw}」不在可选值中（可选：{options}）"
            en = (f"{label_en}: {spec.alias_en} '{raw}' is not one of "
                  f"{', '.join(c.code for c in spec.value_map)}")
        else:
            zh = f"{label_zh}的服务功能含未知项「{raw}」，请填写十全十美服务名称或代码"
            en = f"{label_en}: unknown service '{raw}'; use a 十全十美 service name or code"
        parsed.findings.append(_finding(rule, project_id, name, zh, en, index=index))
    return parsed


def _read_services(value):
    """(known codes, unknown names) of a services value; parse_services decides what is known."""
    try:
        return parse_services(value), ()
    except UnknownServiceError:
        pass
    known, unknown = [], []
    for part in _SPLIT.split(str(value)):  # the very separators parse_services uses
        if not part.strip():
            continue
        try:
            known.extend(parse_services(part))
        except UnknownServiceError as error:
            unknown.append(error.name)
    return tuple(c for c in SERVICE_CODES if c in set(known)), tuple(unknown)


# ---------------------------------------------------------------------------------------
# Rules


def below_minimum(parsed, index=None):
    """Findings for the numbers of a parsed record below their field's minimum (a negative budget, priority 0)."""
    findings = []
    for spec in FIELDS:
        value = parsed.values[spec.name]
        if spec.minimum is None or value is None or value >= spec.minimum:
            continue
        if spec.minimum == 0:
            findings.append(_finding(
                "negative_value", parsed.project_id, spec.name,
                f"{parsed.label_zh()}的{spec.alias_zh}为 {_format_number(value)}，不能为负数",
                f"{parsed.label_en()}: {spec.alias_en} is {_format_number(value)}; it cannot be negative", index=index))
        else:
            findings.append(_finding(
                "bad_value", parsed.project_id, spec.name,
                f"{parsed.label_zh()}的{spec.alias_zh}为 {_format_number(value)}，"
                f"应不小于 {_format_number(spec.minimum)}",
                f"{parsed.label_en()}: {spec.alias_en} is {_format_number(value)}; it must be at least "
                f"{_format_number(spec.minimum)}", index=index))
    return findings


def check_project(record: Mapping, window: PlanWindow, settings: BlueprintSettings = DEFAULT_SETTINGS,
                  index=None):
    """Findings for one project record, each naming the field it concerns.

    Covers value coercion, required fields, negative numbers, the 六艺亭 and 人民坊 rules,
    the plan window, annual-list columns for the coming year, schedule and 一图三会 dates.
    Cross-project rules (duplicate IDs) are in ``check_blueprint``.
    """
    coming_year = settings.resolved_coming_year(window)
    parsed = parse_record(record, index)
    values = parsed.values
    findings = list(parsed.findings)
    pid, label_zh, label_en = parsed.project_id, parsed.label_zh(), parsed.label_en()
    unreadable = {f.field for f in parsed.findings}

    def add(rule, field_name, zh, en):
        findings.append(_finding(rule, pid, field_name, zh, en, index=index))

    for spec in FIELDS:
        if spec.required and values[spec.name] is None and spec.name not in unreadable:
            add("required_field_missing", spec.name,
                f"{label_zh}未填写{spec.alias_zh}，该项为必填",
                f"{label_en}: {spec.alias_en} ({spec.name}) is required")
    findings += below_minimum(parsed, index)

    _check_kind_rules(values, settings, label_zh, label_en, unreadable, add)

    year = values["reserve_year"]
    if year is not None and not window.contains(year):
        add("reserve_year_outside_window", "reserve_year",
            f"{label_zh}的储备年份 {year} 不在本轮储备计划年度（{window.label_zh}）内",
            f"{label_en}: reserve year {year} is outside the plan window "
            f"{window.first_year}-{window.last_year}")

    if year == coming_year and values["status"] != "cancelled":
        for name in LIST_FIELDS:
            if values[name] is None and name not in unreadable:
                spec = FIELD_BY_NAME[name]
                add("list_column_missing", name,
                    f"{coming_year}年度清单项目{label_zh}未填写{spec.alias_zh}",
                    f"{label_en} on the {coming_year} annual list lacks {spec.alias_en} ({name})")

    start, end = values["start_date"], values["end_date"]
    if start is not None and end is not None and end < start:
        add("end_before_start", "end_date",
            f"{label_zh}的计划完成时间 {end.isoformat()} 早于计划开工时间 {start.isoformat()}，请核对时间安排",
            f"{label_en}: planned completion {end.isoformat()} is before the start {start.isoformat()}")

    _check_meetings(values, label_zh, label_en, add)
    return findings


def _check_kind_rules(values, settings, label_zh, label_en, unreadable, add):
    kind, area = values["kind"], values["floor_area_m2"]
    if kind not in (HUB, PAVILION):
        return
    if area is None:
        if "floor_area_m2" not in unreadable:
            add("area_missing", "floor_area_m2", f"{label_zh}未填写建筑面积，无法核对面积要求",
                f"{label_en}: floor area missing, the area rule cannot be checked")
    elif kind == PAVILION:
        area_text = _format_number(area)
        hard_max, soft_max = _format_number(settings.pavilion_hard_max_m2), _format_number(settings.pavilion_max_m2)
        area_class = floor_area_class(kind, area, settings)
        if area_class == AREA_OVER_PAVILION_HARD_MAX:
            add("pavilion_area_over_max", "floor_area_m2",
                f"{label_zh}建筑面积 {area_text} m² 超过 {hard_max} m² 上限，不宜按六艺亭建设，"
                "请核减面积或调整项目类型",
                f"{label_en}: floor area {area_text} m² exceeds the {hard_max} m² limit; reduce it or "
                "change the project type")
        elif area_class == AREA_ABOVE_PAVILION_MAX and values["justification"] is None:
            add("pavilion_justification_missing", "justification",
                f"{label_zh}建筑面积 {area_text} m² 超过 {soft_max} m²，需填写需求论证",
                f"{label_en}: floor area {area_text} m² exceeds {soft_max} m²; record the demand "
                "justification (justification)")
    # a negative area is reported as such already
    elif area >= 0 and floor_area_class(kind, area, settings) == AREA_BELOW_HUB_MIN:
        minimum = _format_number(settings.min_hub_area_m2)
        add("hub_area_below_min", "floor_area_m2",
            f"{label_zh}建筑面积 {_format_number(area)} m² 小于人民坊最低建筑面积 {minimum} m²",
            f"{label_en}: floor area {_format_number(area)} m² is below the hub minimum of {minimum} m²")
    if kind == HUB:
        services = values["services"] or ()  # recognised codes; unknown names are findings already
        if len(services) < HUB_MIN_SERVICES:
            listed = "、".join(BY_CODE[c].name_zh for c in services)
            have_zh = f"仅含 {len(services)} 项服务功能（{listed}）" if services else "未填写有效的服务功能"
            add("hub_too_few_services", "services",
                f"{label_zh}{have_zh}，人民坊应复合两项及以上十全十美服务功能",
                f"{label_en}: {len(services)} service(s); a People's Hub combines two or more")


def _check_meetings(values, label_zh, label_en, add):
    previous = None
    for date_field, result_field, meeting in MEETINGS:
        held = values[date_field]
        if values[result_field] is not None and held is None:
            add("meeting_result_without_date", date_field,
                f"{label_zh}填写了{meeting.zh}结果，但未填写{meeting.zh}日期",
                f"{label_en}: {meeting.en} outcome recorded without the meeting date")
        if held is not None and previous is not None and held < previous[0]:
            add("meeting_order", date_field,
                f"{label_zh}的{meeting.zh}日期 {held.isoformat()} 早于{previous[1].zh}日期 "
                f"{previous[0].isoformat()}，一图三会应按事前征询、事中协调、事后评议的顺序召开",
                f"{label_en}: {meeting.en} meeting on {held.isoformat()} precedes the "
                f"{previous[1].en} meeting on {previous[0].isoformat()}")
        if held is not None:
            previous = (held, meeting)


def check_blueprint(records, window: PlanWindow, settings: BlueprintSettings = DEFAULT_SETTINGS):
    """Findings for all records (``check_project`` for each, with ``index`` set) plus duplicate IDs.

    IDs are compared trimmed and case-insensitively: "P01" and "p01" would confuse reviewers.
    """
    records = list(records)
    findings = []
    positions = {}
    for index, record in enumerate(records):
        findings.extend(check_project(record, window, settings, index))
        raw_id = record.get("project_id")
        if not is_missing(raw_id):
            positions.setdefault(_to_text(raw_id).casefold(), []).append(index)
    for indexes in positions.values():
        if len(indexes) < 2:
            continue
        for index in indexes:
            pid = _to_text(records[index]["project_id"])
            others = "、".join(str(i + 1) for i in indexes if i != index)
            findings.append(_finding(
                "duplicate_id", pid, "project_id",
                f"项目编号「{pid}」重复（共 {len(indexes)} 处，另见第 {others} 条），项目编号须唯一",
                f"Project ID '{pid}' is used {len(indexes)} times (also records {others}); IDs must be unique",
                index=index))
    return findings


# ---------------------------------------------------------------------------------------
# Reserve board helpers


def is_movable(record: Mapping):
    """Whether the reserve board may move the project between years (not once works started)."""
    status = record.get("status")
    return is_missing(status) or _choice_code(status, STATUSES) not in STARTED_STATUSES


def move_to_year(record: Mapping, year, window: PlanWindow):
    """Values to change to move a project to ``year`` (None = unscheduled); only changed keys.

    A project given a year becomes at least ``reserve`` (a cancelled or status-less one is
    revived as reserve); moving to unscheduled clears ``reserve_year`` and takes a planned
    project back to reserve. Projects under construction or completed cannot be moved.
    The caller stamps ``edited_by``/``edited_at``.
    """
    parsed = parse_record(record)
    label = parsed.label_en()
    unreadable_fields = {f.field for f in parsed.findings}
    if "status" in unreadable_fields:
        raise BlueprintValueError("blueprint.move_bad_status",
                                  f"Cannot move {label}: its status '{record.get('status')}' is not one "
                                  f"of {', '.join(c.code for c in STATUSES)}; correct it first.",
                                  f"无法移动{parsed.label_zh()}：其状态“{record.get('status')}”不是 "
                                  f"{', '.join(c.code for c in STATUSES)} 之一，请先更正。")
    status = parsed["status"]
    if status in STARTED_STATUSES:
        raise BlueprintValueError("blueprint.move_started",
                                  f"Cannot move {label}: it is {status.replace('_', ' ')}, so its reserve "
                                  "year is a record of what happened; change the status first if it is wrong.",
                                  f"无法移动{parsed.label_zh()}：项目已{STATUS_ZH.get(status, status)}，"
                                  "其储备年份是既成事实；"
                                  "如状态有误请先修改状态。")
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, numbers.Integral):
            raise BlueprintValueError("blueprint.move_bad_year",
                                      f"Cannot move {label} to {year!r}: give a year as a whole number "
                                      "or None for unscheduled.",
                                      f"无法将{parsed.label_zh()}移到 {year!r}：年份应为整数，未排期则为空。")
        if not window.contains(year):
            raise BlueprintValueError("blueprint.move_outside_window",
                                      f"Cannot move {label} to {year}: the plan window of {window.street} "
                                      f"is {window.first_year}-{window.last_year}.",
                                      f"无法将{parsed.label_zh()}移到 {year} 年：{window.street}的规划期为 "
                                      f"{window.first_year}–{window.last_year} 年。")
        new_status = "reserve" if status in (None, "cancelled") else status
    else:
        new_status = "reserve" if status in (None, "planned") else status
    changes = {}
    if parsed["reserve_year"] != year or "reserve_year" in unreadable_fields:
        changes["reserve_year"] = None if year is None else int(year)
    if new_status != status or record.get("status") != new_status:
        changes["status"] = new_status
    return changes


@dataclass(frozen=True)
class YearTotal:
    """Projects and budget of one reserve year (None = unscheduled); cancelled ones excluded."""

    year: Optional[int]
    count: int
    budget_wan: float
    missing_budget: int  # projects counted without a budget


def year_totals(records, window: PlanWindow):
    """``{year: YearTotal}`` for every window year and None (unscheduled), plus any other year
    found in the records so nothing drops out of the totals. Raises on unreadable year or budget.
    """
    counts = {year: [0, 0.0, 0] for year in (*window.years, None)}
    for index, record in enumerate(records):
        parsed = parse_record(record, index)
        if parsed["status"] == "cancelled":
            continue
        for problem in parsed.findings:
            if problem.field in ("reserve_year", "budget_wan", "status"):
                raise BlueprintValueError("blueprint.record_value", f"Record {index + 1}: {problem.message_en}",
                                          f"第 {index + 1} 条记录：{problem.message_zh}")
        entry = counts.setdefault(parsed["reserve_year"], [0, 0.0, 0])
        entry[0] += 1
        if parsed["budget_wan"] is None:
            entry[2] += 1
        else:
            entry[1] += parsed["budget_wan"]
    ordered = sorted(counts, key=lambda y: (y is None, y or 0))
    return {year: YearTotal(year, *counts[year]) for year in ordered}


# ---------------------------------------------------------------------------------------
# Impact carried by a blueprint layer (written by lifecircle:planimpact; the dock's cards and lists)

GAIN_FIELD, GAIN_IN_PLAN_FIELD = "gain_total", "gain_in_plan"


def record_gain(record, field=GAIN_FIELD):
    """A record's gain as a number (None when the layer carries none or the value is empty/unreadable)."""
    value = record.get(field)
    if is_missing(value):
        return None
    try:
        return _to_number(value)
    except _Unreadable:
        return None


def year_gain(records):
    """What a year's projects add together: the sum of their in-plan gains (each counts only residents the
    projects before it did not reach), or of their gains when the layer carries no in-plan gain; None when
    no project carries either."""
    records = list(records)
    for field in (GAIN_IN_PLAN_FIELD, GAIN_FIELD):
        gains = [record_gain(r, field) for r in records]
        if any(g is not None for g in gains):
            return float(sum(g for g in gains if g is not None))
    return None


def impact_order_key(record):
    """Sort key for '按成效排序': the largest gain first, projects without one last, then by project id."""
    gain = record_gain(record)
    project_id = record.get("project_id")
    return (gain is None, -(gain or 0.0), is_missing(project_id), "" if is_missing(project_id) else str(project_id))
