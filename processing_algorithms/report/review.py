"""The review report (lifecircle:validateblueprint): what a district reviewer signs."""
import math
from collections import Counter
from dataclasses import dataclass

import shapely
from qgis.PyQt.QtCore import QCoreApplication

from ...lifecircle_plugin.core.blueprint import ERROR, RULES, WARNING, BlueprintSettings, PlanWindow
from ...lifecircle_plugin.core.report_content import BarChart, Table, format_share
from ...lifecircle_plugin.core.services import BY_CODE, REQUIRED_CODES, service_label
from .document import Report
from .maps import facilities_layer, flagged_units_layer, marked_layer, network_layer, units_layer

# Pseudo-service offered by every 人民坊 project, so one coverage pass finds the hub's reach.
HUB_SERVICE = "__renminfang__"


@dataclass
class UnitRuleCoverage:
    """What the unit rules measured once the planned projects are built, kept for the report.

    ``shares[code]``: covered share of residents per unit (in ``units.ids`` order; NaN for a unit without
    residents) for HUB_SERVICE and each essential; ``whole[code]``: the same over all residents;
    ``thresholds[code]``: the walking minutes of each (the STANDARDS choice, as in walkingcoverage)."""

    network: object  # core WalkingNetwork
    crs: object  # QgsCoordinateReferenceSystem, the working metric CRS
    thresholds: dict
    target: float  # share of a unit's residents that must be covered, 0..1
    planned: int  # planned or built projects counted as facilities
    units: object  # BasicUnits
    unit_ids: list  # the units with residents, sorted
    residents: list  # per unit of unit_ids
    shares: dict
    whole: dict
    facilities: object  # LayerData of the existing facilities, or None

    @property
    def hub_minutes(self):
        return self.thresholds[HUB_SERVICE]

    def failing_units(self):
        """Units below the target for the 人民坊 or any essential."""
        return [unit for u, unit in enumerate(self.unit_ids) if self.residents[u] > 0 and any(
            self.shares[code][u] < self.target for code in (HUB_SERVICE,) + REQUIRED_CODES)]


translate = QCoreApplication.translate

NO_FINDING = "ok"
# Up to this many units the chart groups bars by service (11 groups of one bar per unit); with more it
# would outgrow a page, so it shows per unit the 人民坊 share and the lowest essential share.
MAX_UNITS_PER_SERVICE_CHART = 3
# QGIS lays out and prints a findings table in about 6 s per 500 rows (bench/bench_report.py), and no reviewer
# reads more: beyond this many the report lists the first findings (errors first); the Findings output has all.
MAX_FINDINGS_IN_REPORT = 500
# Projects on the report map, worst first: severity -> (colour, marker, size).
PROJECT_MARKS = {
    ERROR: ("#d7301f", "star", 4.5),
    WARNING: ("#e08214", "triangle", 3.6),
    NO_FINDING: ("#1a9850", "circle", 2.6),
}


@dataclass
class Review:
    """One run of the check: the layer, its plan window and settings, the features checked (``fids``, in
    the order findings index them), the findings and, when the unit rules ran, their UnitRuleCoverage;
    for the map, the projects read in the working CRS ``crs`` (LayerData, None without a map) and the
    basic units (BasicUnits or None)."""

    layer: object  # QgsVectorLayer
    window: PlanWindow
    settings: BlueprintSettings
    fids: list
    findings: list
    coverage: UnitRuleCoverage = None
    crs: object = None
    projects: object = None
    units: object = None


def worst_severity(findings, count):
    """Per project (position 0..count-1 of the checked features): ERROR, WARNING or NO_FINDING."""
    worst = [NO_FINDING] * count
    for finding in findings:
        if finding.index is None:
            continue
        if not 0 <= finding.index < count:
            raise ValueError(f"Finding '{finding.rule}' of project {finding.project_id!r} points at feature "
                             f"position {finding.index}, outside the {count} features checked.")
        if finding.severity == ERROR or worst[finding.index] == NO_FINDING:
            worst[finding.index] = finding.severity
    return worst


def severity_text(severity):
    """A finding's severity in both languages."""
    if severity == ERROR:
        return translate("Report", "错误 / error")
    return translate("Report", "提示 / warning")


def _project_legend(severity):
    if severity == ERROR:
        return translate("Report", "有错误的项目 / With errors")
    if severity == WARNING:
        return translate("Report", "仅有提示的项目 / Warnings only")
    return translate("Report", "无问题的项目 / No findings")


def _coverage_label(code):
    return translate("Report", "人民坊") if code == HUB_SERVICE else service_label(code)


def unit_coverage_chart(coverage):
    """Covered share per unit once the planned projects are built: per service (人民坊 and the ten
    essentials) with one bar per unit, or, with more than MAX_UNITS_PER_SERVICE_CHART units, per unit
    (and the whole area) with the 人民坊 share and the lowest share among the essentials (the unit rules
    compare both to the target). The unit coverage table gives every figure."""
    codes = (HUB_SERVICE,) + REQUIRED_CODES
    target_label = translate("Report", "达标线 {0:g}% / target {0:g}%").format(
        100 * coverage.target)
    title = translate(
        "Report", "规划项目建成后各自步行阈值内的覆盖率 / Covered within each threshold after the planned projects")
    if 0 < len(coverage.unit_ids) <= MAX_UNITS_PER_SERVICE_CHART:
        return BarChart(title, [_coverage_label(code) for code in codes],
                        [(str(unit), [coverage.shares[code][u] for code in codes])
                         for u, unit in enumerate(coverage.unit_ids)],
                        target=coverage.target, target_label=target_label)

    def lowest_essential(shares_of):
        values = [shares_of(code) for code in REQUIRED_CODES]
        return math.nan if any(math.isnan(v) for v in values) else min(values)
    return BarChart(
        title, [str(unit) for unit in coverage.unit_ids] + [translate("Report", "全域 / whole area")],
        [(translate("Report", "人民坊 / hub"),
          list(coverage.shares[HUB_SERVICE]) + [coverage.whole[HUB_SERVICE]]),
         (translate("Report", "十全最低 / lowest essential"),
          [lowest_essential(lambda code, u=u: coverage.shares[code][u]) for u in range(len(coverage.unit_ids))]
          + [lowest_essential(lambda code: coverage.whole[code])])],
        target=coverage.target, target_label=target_label)


def unit_coverage_table(coverage):
    """Residents and covered shares per unit and service once the planned projects are built."""
    codes = (HUB_SERVICE,) + REQUIRED_CODES
    rows = [(str(unit), f"{coverage.residents[u]:,.0f}")
            + tuple(format_share(coverage.shares[code][u]) for code in codes)
            for u, unit in enumerate(coverage.unit_ids)]
    rows.append((translate("Report", "全域 / whole area"), None)
                + tuple(format_share(coverage.whole[code]) for code in codes))
    headers = (translate("Report", "单元 / Unit"),
               translate("Report", "居民 / Residents"),
               translate("Report", "人民坊")) + tuple(BY_CODE[code].name_zh for code in REQUIRED_CODES)
    minutes = "、".join(f"{_coverage_label(code).split(' ')[0]} {coverage.thresholds[code]:g}"
                        for code in codes)
    note = translate(
        "Report", "步行阈值（分钟）：{0}；居民覆盖率低于{1:g}%的单元列入问题清单 / Walking thresholds (minutes): {0}; "
        "units with less than {1:g}% of their residents covered are among the findings.").format(
        minutes, 100 * coverage.target)
    return Table(
        translate("Report", "规划项目建成后各单元覆盖率 / Coverage by unit once the planned projects are built"),
        headers, rows, note=note, numeric_columns=tuple(range(1, len(headers))))


def _project_layers(review):
    """One marked layer per severity (worst first, empty ones left out), every project labelled with its
    id, and the number of projects without a geometry."""
    projects, crs = review.projects, review.crs
    geometry_of = dict(zip(projects.fids.tolist(), projects.geometries))
    label_of = dict(zip(projects.fids.tolist(), projects.values.get("project_id", [None] * len(projects))))
    worst = worst_severity(review.findings, len(review.fids))
    layers, drawn = [], 0
    for severity, (colour, shape, size) in PROJECT_MARKS.items():
        geometries, labels = [], []
        for fid, project_severity in zip(review.fids, worst):
            geometry = geometry_of.get(fid)
            if project_severity != severity or geometry is None or geometry.is_empty:
                continue
            # An invalid polygon is repaired for drawing only: its finding is in the tables.
            geometries.append(geometry if shapely.is_valid(geometry) else shapely.make_valid(geometry))
            labels.append(label_of.get(fid))
        if geometries:
            drawn += len(geometries)
            layers.append(marked_layer(_project_legend(severity), geometries, crs, labels=labels, colour=colour,
                                       shape=shape, size=size))
    return layers, len(review.fids) - drawn


def _add_map(report, review):
    if review.crs is None or review.projects is None:
        report.add_paragraph(translate(
            "Report", "未绘制地图：图层没有坐标系或没有项目 / No map: the layer has no CRS or no project."))
        return
    crs, coverage = review.crs, review.coverage
    layers, undrawn = _project_layers(review)
    if coverage is not None and review.units is not None and coverage.failing_units():
        layers.append(flagged_units_layer(review.units, crs, coverage.failing_units(), translate(
            "Report", "未达标的基本单元 / Basic units below the target")))
    if coverage is not None and coverage.facilities is not None:
        layers.append(facilities_layer(coverage.facilities.geometries, crs, name=translate(
            "Report", "现有设施 / Existing facilities")))
    if review.units is not None:
        layers.append(units_layer(review.units, crs))
    if coverage is not None:
        layers.append(network_layer(coverage.network, crs))
    if not any(layer.featureCount() for layer in layers):
        report.add_paragraph(translate(
            "Report", "未绘制地图：没有带几何的项目 / No map: no project has a geometry."))
        return
    report.add_map(translate(
        "Report", "项目审查结果（按最严重问题着色）/ Projects by their most severe finding"), layers, crs)
    if undrawn:
        report.add_paragraph(translate(
            "Report", "{0} 个项目没有几何，未在图上 / {0} project(s) without a geometry are not on the map.").format(
            undrawn))


def _rule_summary(findings):
    by_rule = Counter(f.rule for f in findings)
    return Table(
        translate("Report", "按规则汇总 / Summary by rule"),
        (translate("Report", "规则 / Rule"), translate("Report", "代码 / Code"),
         translate("Report", "级别 / Severity"), translate("Report", "数量 / Count")),
        [(f"{RULES[rule].title_zh} / {RULES[rule].title_en}", rule, severity_text(RULES[rule].severity), n)
         for rule, n in sorted(by_rule.items(), key=lambda item: (RULES[item[0]].severity != ERROR, item[0]))],
        note="" if findings else translate(
            "Report", "未发现问题：蓝图符合全部规则 / No findings: the blueprint keeps every rule."),
        numeric_columns=(3,))


def _findings_table(findings):
    return Table(
        translate("Report", "问题清单 / Findings"),
        (translate("Report", "序号 / No."), translate("Report", "规则 / Rule"),
         translate("Report", "级别 / Severity"), translate("Report", "项目编号 / Project"),
         translate("Report", "单元 / Unit"), translate("Report", "说明 / Message")),
        [(number, f.rule, severity_text(f.severity), f.project_id, f.unit_id, f.message_zh)
         for number, f in enumerate(findings, start=1)],
        note=translate(
            "Report", "英文说明见“问题清单”输出的 message_en 字段 / The Findings output holds each message in English "
            "(message_en)."),
        numeric_columns=(0,))


def review_report(review):
    """The review report: headline, key figures, map of the projects by their most severe finding with the
    units that fail a rule, the unit coverage chart and table when the unit rules ran, a summary by rule
    and the findings."""
    window, settings, findings = review.window, review.settings, review.findings
    counts = Counter(f.severity for f in findings)
    report = Report(f"{window.street}社区蓝图审查报告", f"Blueprint review: {window.street}")
    report.add_headline(translate(
        "Report", "错误 {0} 项，提示 {1} 项；共检查 {2} 个项目；{3}年度实施清单 / {0} error(s), {1} warning(s) in {2} "
        "project(s) checked; annual list of {3}.").format(
        counts[ERROR], counts[WARNING], len(review.fids), settings.resolved_coming_year(window)))
    coverage = review.coverage
    figures = [(f"{counts[ERROR]}", translate("Report", "错误 / errors")),
               (f"{counts[WARNING]}", translate("Report", "提示 / warnings")),
               (f"{len(review.fids)}", translate("Report", "项目 / projects"))]
    if coverage is not None:
        figures.append((f"{len(coverage.failing_units())} / {len(coverage.unit_ids)}",
                        translate("Report", "未达标单元 / units below the target")))
    report.add_figures(figures)
    report.add_paragraph(translate(
        "Report", "图层：{0}；储备计划：{1} {2}—{3}年；人民坊最低面积 {4:g} m² / Layer: {0}; reserve plan of {1}: "
        "{2}–{3}; minimum 人民坊 floor area {4:g} m².").format(
        review.layer.name(), window.street, window.first_year, window.last_year, settings.min_hub_area_m2))
    if coverage is not None:
        report.add_paragraph(translate(
            "Report", "单元规则：规划项目（已取消的除外）{0} 个计入现有设施；人民坊步行{1:g}分钟，"
            "十全服务按各自步行阈值；单元居民覆盖率须达{2:g}% / Unit rules: {0} planned project(s) (cancelled "
            "ones left out) added to the existing facilities; a {1:g}-minute walk to a 人民坊 and each "
            "essential's own threshold; a unit passes with {2:g}% of its residents covered.").format(
            coverage.planned, coverage.hub_minutes, 100 * coverage.target))
    else:
        report.add_paragraph(translate(
            "Report", "未给步行网络：单元规则（人民坊可达、十全服务）未检查 / No walking network: the unit rules "
            "(人民坊 within reach, essential services) were not checked."))

    _add_map(report, review)
    if coverage is not None:
        report.add_chart(unit_coverage_chart(coverage))
        report.add_table(unit_coverage_table(coverage))
    report.add_table(_rule_summary(findings))
    shown = findings[:MAX_FINDINGS_IN_REPORT]
    if len(shown) < len(findings):
        report.add_paragraph(translate(
            "Report", "问题清单只列出前 {0} 项（错误在前）；全部 {1} 项见“问题清单”输出，按规则的数量见上表 / The "
            "findings table lists the first {0} of {1} (errors first); the Findings output holds all of them, and "
            "the summary above counts them by rule.").format(len(shown), len(findings)))
    report.add_table(_findings_table(shown))
    return report
