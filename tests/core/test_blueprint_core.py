"""The blueprint's pure core: schema catalogue, plan window, rules, coercion, reserve board."""
import datetime as dt
import math

import pytest
from hypothesis import given, settings, strategies as st

from lifecircle.lifecircle_plugin.core import blueprint as bp
from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES, UnknownServiceError

WINDOW = bp.PlanWindow("大桥街道", 2027)


def complete(**overrides):
    """A project of the coming year (2027) that breaks no rule; overrides make it break one."""
    record = {
        "project_id": "P01", "name": "滨江驿站", "kind": "facility", "services": "health,elderly",
        "floor_area_m2": 150, "unit_id": "U1", "status": "planned", "reserve_year": 2027,
        "priority": 1, "content": "改建社区卫生服务站", "implementation_path": "存量改造",
        "implementer": "大桥街道办事处", "funding_source": "区级财政", "budget_wan": 120,
        "start_date": "2027-03-01", "end_date": "2027-10-31", "design_team": "同济规划院",
    }
    record.update(overrides)
    return record


def rules(findings):
    return sorted(f.rule for f in findings)


def check(**overrides):
    return bp.check_project(complete(**overrides), WINDOW)


# --- catalogue -------------------------------------------------------------------------


def test_catalogue_has_every_issue_field_with_valid_types_and_aliases():
    wanted = ("project_id name kind services floor_area_m2 site_area_m2 unit_id status reserve_year "
              "priority content implementation_path implementer funding_source budget_wan start_date "
              "end_date design_team consultation_date consultation_result coordination_date "
              "coordination_result evaluation_date evaluation_result justification edited_by edited_at").split()
    assert sorted(bp.FIELD_NAMES) == sorted(wanted)
    assert len(set(bp.FIELD_NAMES)) == len(bp.FIELD_NAMES)
    groups = {g.code for g in bp.GROUPS}
    for spec in bp.FIELDS:
        assert spec.type in bp.FIELD_TYPES
        assert spec.alias_zh and spec.alias_en and spec.group in groups
        assert spec.length == 0 or spec.type == bp.STRING
    assert bp.FIELD_BY_NAME["kind"].value_map_dict["liuyiting"] == ("六艺亭", "Six-Arts Pavilion")
    assert bp.FIELD_BY_NAME["status"].value_map_dict["under_construction"][0] == "在建"
    assert bp.FIELD_BY_NAME["status"].default == "reserve"
    assert bp.FIELD_BY_NAME["content"].value_map_dict == {}
    assert {c.code for c in bp.KINDS} == {"renminfang", "liuyiting", "facility", "public_space", "other"}
    assert [c.code for c in bp.STATUSES] == ["reserve", "planned", "under_construction", "completed",
                                             "cancelled"]
    assert set(bp.LIST_FIELDS) <= set(bp.FIELD_NAMES)
    assert all(rule.severity in (bp.ERROR, bp.WARNING) for rule in bp.RULES.values())


def test_complete_project_has_no_finding():
    assert check() == []


# --- plan window -----------------------------------------------------------------------


def test_plan_window_years_and_metadata_round_trip():
    assert WINDOW.years == (2027, 2028, 2029) and WINDOW.last_year == 2029
    meta = WINDOW.to_metadata()
    assert all(isinstance(v, str) for v in meta.values())
    assert bp.PlanWindow.from_metadata(meta) == WINDOW
    assert WINDOW.contains(2029) and not WINDOW.contains(2030) and not WINDOW.contains(None)


@pytest.mark.parametrize("change, fragment", [
    ({bp.META_STREET: None}, bp.META_STREET),
    ({bp.META_FIRST_YEAR: "二〇二七"}, "not a whole number"),
    ({bp.META_LAST_YEAR: "2030"}, "does not match"),
    ({bp.META_SCHEMA_VERSION: "99"}, "newer"),
])
def test_plan_window_metadata_errors_name_the_key(change, fragment):
    meta = {**WINDOW.to_metadata(), **change}
    with pytest.raises(bp.BlueprintValueError, match=fragment):
        bp.PlanWindow.from_metadata(meta)


def test_plan_window_rejects_blank_street_and_silly_year():
    with pytest.raises(ValueError, match="street"):
        bp.PlanWindow("  ", 2027)
    with pytest.raises(ValueError, match="first year"):
        bp.PlanWindow("大桥街道", 27)


def test_settings_are_validated_and_coming_year_defaults_to_first_year():
    assert bp.BlueprintSettings().resolved_coming_year(WINDOW) == 2027
    assert bp.BlueprintSettings(coming_year=2028).resolved_coming_year(WINDOW) == 2028
    with pytest.raises(ValueError, match="outside the plan window"):
        bp.check_project(complete(), WINDOW, bp.BlueprintSettings(coming_year=2031))
    with pytest.raises(ValueError, match="pavilion_max_m2"):
        bp.BlueprintSettings(pavilion_max_m2=500)
    with pytest.raises(ValueError, match="min_hub_area_m2"):
        bp.BlueprintSettings(min_hub_area_m2=-1)


# --- schema upgrade --------------------------------------------------------------------


def test_upgrade_only_adds_missing_fields_and_reports_conflicts():
    existing = {"PROJECT_ID": bp.STRING, "name": bp.STRING, "kind": bp.STRING, "floor_area_m2": bp.STRING,
                "old_note": bp.STRING}
    plan = bp.upgrade_plan(existing)
    added = [f.name for f in plan.add]
    assert "project_id" not in added and "floor_area_m2" not in added  # case-insensitive, never altered
    assert added == [n for n in bp.FIELD_NAMES if n not in ("project_id", "name", "kind", "floor_area_m2")]
    assert plan.type_conflicts == (("floor_area_m2", bp.STRING, bp.DOUBLE),)
    assert plan.extra == ("old_note",)
    assert plan.needed and "不改动现有字段" in plan.summary_zh() and "floor_area_m2" in plan.summary_zh()
    assert [f.name for f in bp.missing_fields(["project_id", "name"])] == [
        n for n in bp.FIELD_NAMES if n not in ("project_id", "name")]


def test_upgrade_of_complete_layer_is_empty_and_bad_type_is_refused():
    plan = bp.upgrade_plan(bp.FIELD_NAMES)
    assert not plan.needed and plan.add == () and "无需升级" in plan.summary_zh()
    with pytest.raises(ValueError, match="QVariant.String"):
        bp.upgrade_plan({"name": "QVariant.String"})


# --- 六艺亭 -----------------------------------------------------------------------------


@pytest.mark.parametrize("area, expected", [
    (199, []), (200, []), (201, ["pavilion_justification_missing"]),
    (399, ["pavilion_justification_missing"]), (400, ["pavilion_justification_missing"]),
    (401, ["pavilion_area_over_max"]),
])
def test_pavilion_area_boundaries_without_justification(area, expected):
    assert rules(check(kind="liuyiting", floor_area_m2=area)) == expected


@pytest.mark.parametrize("area, expected", [
    (199, []), (200, []), (201, []), (399, []), (400, []), (401, ["pavilion_area_over_max"]),
])
def test_pavilion_area_boundaries_with_justification(area, expected):
    justification = "滨江步道人流量大，需扩大候憩空间"
    assert rules(check(kind="liuyiting", floor_area_m2=area, justification=justification)) == expected


def test_pavilion_messages_read_as_a_planner_writes_them():
    [finding] = check(kind="liuyiting", name="xx", floor_area_m2=320)
    assert finding.message_zh == "六艺亭「xx」建筑面积 320 m² 超过 200 m²，需填写需求论证"
    assert finding.field == "justification" and finding.severity == "error" and finding.project_id == "P01"
    [over] = check(kind="liuyiting", name="xx", floor_area_m2=450.5)
    assert over.field == "floor_area_m2" and "450.5 m² 超过 400 m²" in over.message_zh


def test_pavilion_limits_follow_settings_and_blank_justification_counts_as_missing():
    strict = bp.BlueprintSettings(pavilion_max_m2=150, pavilion_hard_max_m2=300)
    assert rules(bp.check_project(complete(kind="liuyiting", floor_area_m2=160), WINDOW, strict)) == [
        "pavilion_justification_missing"]
    assert rules(bp.check_project(complete(kind="liuyiting", floor_area_m2=301, justification="x"), WINDOW,
                                  strict)) == ["pavilion_area_over_max"]
    assert rules(check(kind="liuyiting", floor_area_m2=250, justification="   ")) == [
        "pavilion_justification_missing"]


# --- 人民坊 -----------------------------------------------------------------------------


def test_hub_with_one_service_is_refused_and_two_accepted():
    one = check(kind="renminfang", floor_area_m2=900, services="党群服务")
    assert rules(one) == ["hub_too_few_services"]
    assert one[0].field == "services" and "仅含 1 项服务功能（党群服务）" in one[0].message_zh
    assert rules(check(kind="renminfang", floor_area_m2=900, services="")) == ["hub_too_few_services"]
    assert check(kind="renminfang", floor_area_m2=900, services="党群服务、为老服务") == []


@pytest.mark.parametrize("area, expected", [(799, ["hub_area_below_min"]), (800, []), (800.0, []),
                                            ("799.99", ["hub_area_below_min"])])
def test_hub_minimum_area_boundary(area, expected):
    assert rules(check(kind="renminfang", floor_area_m2=area)) == expected


def test_hub_minimum_area_is_configurable_and_a_warning():
    settings = bp.BlueprintSettings(min_hub_area_m2=1000)
    [finding] = bp.check_project(complete(kind="renminfang", floor_area_m2=900), WINDOW, settings)
    assert finding.rule == "hub_area_below_min" and finding.severity == "warning"
    assert "1000 m²" in finding.message_zh


def test_hub_or_pavilion_without_area_gets_a_warning_not_a_crash():
    assert rules(check(kind="renminfang", floor_area_m2=None)) == ["area_missing"]
    assert rules(check(kind="liuyiting", floor_area_m2="")) == ["area_missing"]
    assert check(kind="facility", floor_area_m2=None) == []


# --- coming-year list columns, window, required ----------------------------------------


def test_coming_year_project_needs_every_list_column():
    blank = {name: None for name in bp.LIST_FIELDS}
    findings = check(**blank)
    assert rules(findings) == ["list_column_missing"] * len(bp.LIST_FIELDS)
    assert sorted(f.field for f in findings) == sorted(bp.LIST_FIELDS)
    assert "2027年度清单项目" in findings[0].message_zh
    # later years, unscheduled and cancelled projects need not be complete yet
    assert check(reserve_year=2028, **blank) == []
    assert check(reserve_year=None, status="reserve", **blank) == []
    assert check(status="cancelled", **blank) == []
    # the coming year is a setting
    later = bp.BlueprintSettings(coming_year=2028)
    assert len(bp.check_project(complete(reserve_year=2028, **blank), WINDOW, later)) == len(bp.LIST_FIELDS)


@pytest.mark.parametrize("year, expected", [(2026, ["reserve_year_outside_window"]), (2027, []),
                                            (2029, []), (2030, ["reserve_year_outside_window"])])
def test_reserve_year_window_boundaries(year, expected):
    assert rules(check(reserve_year=year)) == expected


def test_required_fields_missing():
    findings = check(project_id=" ", name=None, kind="NULL", status="")
    assert rules(findings) == ["required_field_missing"] * 4
    assert {f.field for f in findings} == {"project_id", "name", "kind", "status"}


# --- values and coercion ---------------------------------------------------------------


@pytest.mark.parametrize("value", ["abc", "12.5.3", "一百", "inf", "nan", True, float("inf")])
def test_non_numeric_area_is_a_finding_not_a_crash(value):
    [finding] = check(floor_area_m2=value)
    assert finding.rule == "bad_value" and finding.field == "floor_area_m2"


@pytest.mark.parametrize("value, expected", [
    ("320", 320.0), (" 320.5 ", 320.5), ("320㎡", 320.0), ("320 m²", 320.0), ("320平方米", 320.0),
    ("１，２００", 1200.0), ("1,200.5", 1200.5), (320, 320.0), (float("nan"), None), ("NULL", None),
])
def test_area_coercion(value, expected):
    assert bp.parse_record({"floor_area_m2": value})["floor_area_m2"] == expected


def test_other_coercions():
    class QVariantNull:  # stands for QGIS NULL without importing Qt
        def isNull(self):
            return True

    class QDateLike:
        def isNull(self):
            return False

        def toPyDate(self):
            return dt.date(2027, 5, 1)

    parsed = bp.parse_record({
        "project_id": 12.0, "reserve_year": "2028年", "priority": "2", "budget_wan": "35万元",
        "start_date": "2027年3月1日", "end_date": QDateLike(), "consultation_date": "2027/02/03 00:00:00",
        "edited_at": "2026-11-20T09:30:00", "kind": "六艺亭", "status": "Reserve",
        "services": "医疗卫生；party", "name": QVariantNull(),
    })
    assert parsed.values["project_id"] == "12"
    assert parsed["reserve_year"] == 2028 and parsed["priority"] == 2 and parsed["budget_wan"] == 35.0
    assert parsed["start_date"] == dt.date(2027, 3, 1) and parsed["end_date"] == dt.date(2027, 5, 1)
    assert parsed["consultation_date"] == dt.date(2027, 2, 3)
    assert parsed["edited_at"] == dt.datetime(2026, 11, 20, 9, 30)
    assert parsed["kind"] == "liuyiting" and parsed["status"] == "reserve"
    assert parsed["services"] == ("party", "health") and parsed["name"] is None
    assert parsed.findings == []


ANY_VALUE = st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats(), st.booleans(),
                      st.dates(), st.datetimes())


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(bp.FIELD_NAMES), ANY_VALUE))
def test_any_form_values_give_findings_never_a_crash(record):
    for finding in bp.check_project(record, WINDOW):
        assert finding.rule in bp.RULES and finding.field in bp.FIELD_NAMES
        assert finding.message_zh and finding.message_en


@pytest.mark.parametrize("field, value", [
    ("reserve_year", "2027.5"), ("priority", "high"), ("start_date", "2027-02-30"),
    ("end_date", "next spring"), ("edited_at", "yesterday"),
])
def test_unreadable_values_are_bad_value_findings(field, value):
    findings = check(**{field: value})
    assert [(f.rule, f.field) for f in findings] == [("bad_value", field)]
    assert "无法识别" in findings[0].message_zh


def test_unknown_codes_and_services_are_reported_with_the_known_ones_kept():
    findings = check(kind="library", status="done")
    assert [(f.rule, f.field) for f in findings] == [("unknown_code", "kind"), ("unknown_code", "status")]
    assert "人民坊" in findings[0].message_zh
    hub = check(kind="renminfang", floor_area_m2=900, services="党群服务、书店、医疗卫生, gym")
    assert [(f.rule, f.field) for f in hub] == [("unknown_service", "services")] * 2
    assert {f.message_zh.split("「")[-1].split("」")[0] for f in hub} == {"书店", "gym"}
    assert bp.parse_record({"services": "党群服务、书店、医疗卫生"})["services"] == ("party", "health")


@pytest.mark.parametrize("field", ["floor_area_m2", "site_area_m2", "budget_wan"])
def test_negative_area_or_budget(field):
    [finding] = check(**{field: -1})
    assert finding.rule == "negative_value" and finding.field == field and "不能为负数" in finding.message_zh
    assert check(**{field: 0}) == []


def test_priority_below_one_is_a_finding():
    assert [(f.rule, f.field) for f in check(priority=0)] == [("bad_value", "priority")]


def test_end_before_start_and_same_day():
    [finding] = check(start_date="2027-03-01", end_date="2027-02-28")
    assert finding.rule == "end_before_start" and finding.field == "end_date"
    assert check(start_date="2027-03-01", end_date="2027-03-01") == []


def test_meetings_order_and_result_without_date():
    findings = check(consultation_date="2027-04-01", coordination_date="2027-03-01",
                     evaluation_result="居民满意")
    assert sorted((f.rule, f.field) for f in findings) == [
        ("meeting_order", "coordination_date"), ("meeting_result_without_date", "evaluation_date")]
    assert all(f.severity == "warning" for f in findings)
    assert check(consultation_date="2027-01-10", consultation_result="同意",
                 coordination_date="2027-05-10", evaluation_date="2027-11-10") == []


# --- whole blueprint -------------------------------------------------------------------


def test_duplicate_ids_flag_every_occurrence_case_insensitively():
    records = [complete(project_id="P01"), complete(project_id="p01 "), complete(project_id="P02"),
               complete(project_id=None)]
    findings = bp.check_blueprint(records, WINDOW)
    duplicates = [f for f in findings if f.rule == "duplicate_id"]
    assert sorted(f.index for f in duplicates) == [0, 1]
    assert all(f.field == "project_id" for f in duplicates) and "共 2 处" in duplicates[0].message_zh
    missing = [f for f in findings if f.rule == "required_field_missing"]
    assert [(f.index, f.field) for f in missing] == [(3, "project_id")]
    assert bp.check_blueprint([complete(project_id="P01"), complete(project_id="P02")], WINDOW) == []


def test_findings_by_field_groups_for_the_form():
    grouped = bp.findings_by_field(check(kind="liuyiting", floor_area_m2=250, budget_wan=-1))
    assert set(grouped) == {"justification", "budget_wan"}


def test_geometry_and_spatial_findings_come_from_the_same_catalogue():
    geometry = bp.invalid_geometry_finding("P01", "滨江驿站", "Self-intersection", index=3)
    assert geometry.rule == "invalid_geometry" and geometry.severity == "error" and geometry.index == 3
    assert "「滨江驿站」" in geometry.message_zh and "Self-intersection" in geometry.message_en
    hub = bp.unit_without_hub_finding("U7", 15)
    assert hub.unit_id == "U7" and hub.project_id is None and "15 分钟" in hub.message_zh
    share = bp.unit_without_hub_finding("U7", 15, uncovered_share=0.354)
    assert "35.4%" in share.message_zh
    with pytest.raises(ValueError, match="0..1"):
        bp.unit_without_hub_finding("U7", 15, uncovered_share=35)
    services = bp.unit_missing_services_finding("U7", ["nursery", "health"])
    assert services.message_zh.endswith("医疗卫生、保育托幼")
    assert bp.unit_missing_services_finding("U7", REQUIRED_CODES).rule == "unit_missing_services"
    with pytest.raises(UnknownServiceError):
        bp.unit_missing_services_finding("U7", ["bakery"])


# --- reserve board ---------------------------------------------------------------------


def test_move_to_year_keeps_status_consistent():
    assert bp.move_to_year(complete(status="reserve", reserve_year=None), 2028, WINDOW) == {"reserve_year": 2028}
    assert bp.move_to_year(complete(status="cancelled", reserve_year=None), 2027, WINDOW) == {
        "reserve_year": 2027, "status": "reserve"}
    assert bp.move_to_year(complete(status=None, reserve_year=None), 2029, WINDOW) == {
        "reserve_year": 2029, "status": "reserve"}
    assert bp.move_to_year(complete(status="planned", reserve_year=2027), 2028, WINDOW) == {"reserve_year": 2028}
    assert bp.move_to_year(complete(status="planned", reserve_year=2027), None, WINDOW) == {
        "reserve_year": None, "status": "reserve"}
    assert bp.move_to_year(complete(status="reserve", reserve_year="2028"), 2028, WINDOW) == {}
    assert bp.move_to_year(complete(status="储备", reserve_year="bad"), 2028, WINDOW) == {
        "reserve_year": 2028, "status": "reserve"}


def test_move_to_year_refusals():
    with pytest.raises(ValueError, match="plan window"):
        bp.move_to_year(complete(status="reserve"), 2030, WINDOW)
    with pytest.raises(ValueError, match="under construction"):
        bp.move_to_year(complete(status="under_construction"), 2028, WINDOW)
    with pytest.raises(ValueError, match="completed"):
        bp.move_to_year(complete(status="completed"), None, WINDOW)
    with pytest.raises(ValueError, match="status 'done'"):
        bp.move_to_year(complete(status="done"), 2028, WINDOW)
    with pytest.raises(ValueError, match="whole number"):
        bp.move_to_year(complete(status="reserve"), "2028", WINDOW)
    assert bp.is_movable(complete(status="reserve")) and not bp.is_movable(complete(status="已建成"))


def test_year_totals_count_and_budget_per_year():
    records = [
        complete(project_id="A", reserve_year=2027, budget_wan=100),
        complete(project_id="B", reserve_year=2027, budget_wan="50.5"),
        complete(project_id="C", reserve_year=2028, budget_wan=None),
        complete(project_id="D", reserve_year=2028, budget_wan=30, status="cancelled"),
        complete(project_id="E", reserve_year=None, budget_wan=10, status="reserve"),
        complete(project_id="F", reserve_year=2031, budget_wan=7),
    ]
    totals = bp.year_totals(records, WINDOW)
    assert list(totals) == [2027, 2028, 2029, 2031, None]
    assert totals[2027] == bp.YearTotal(2027, 2, 150.5, 0)
    assert totals[2028] == bp.YearTotal(2028, 1, 0.0, 1)
    assert totals[2029] == bp.YearTotal(2029, 0, 0.0, 0)
    assert totals[None].count == 1 and math.isclose(totals[None].budget_wan, 10)
    assert totals[2031].count == 1
    with pytest.raises(ValueError, match="Record 1.*Budget"):
        bp.year_totals([complete(budget_wan="a lot")], WINDOW)
