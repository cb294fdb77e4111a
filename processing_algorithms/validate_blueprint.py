"""lifecircle:validateblueprint — the district reviewer's check of a street's blueprint layer."""
import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import shapely
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputFile,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ..lifecircle_plugin import blueprint_layer
from ..lifecircle_plugin.core.blueprint import (
    ERROR,
    HUB,
    RULES,
    WARNING,
    BlueprintSettings,
    PlanWindow,
    parse_record,
    unit_missing_services_finding,
    unit_without_hub_finding,
)
from ..lifecircle_plugin.core.coverage import AccessPoints, walking_coverage
from ..lifecircle_plugin.core.report_content import BarChart, Table, format_share
from ..lifecircle_plugin.core.services import BY_CODE, REQUIRED_CODES
from .base import LifeCircleAlgorithm, decimals
from .styles import add_aliases
from .layer_io import access_points, raise_if_cancelled, read_layer, working_crs
from .report import (
    Report,
    _read_units,
    _service_label,
    facilities_layer,
    marked_layer,
    network_layer,
    units_layer,
)

# Pseudo-service offered by every 人民坊 project, so one coverage pass finds the hub's reach.
HUB_SERVICE = "__renminfang__"


@dataclass
class UnitCoverage:
    """What the unit rules measured once the planned projects are built, kept for the report.

    ``shares[code]``: covered share of residents per unit (in ``units`` order; NaN for a unit without
    residents) for HUB_SERVICE and each essential; ``whole[code]``: the same over all residents."""

    network: object  # core WalkingNetwork
    crs: object  # QgsCoordinateReferenceSystem, the working metric CRS
    minutes: float
    target: float  # share of a unit's residents that must be covered, 0..1
    planned: int  # planned or built projects counted as facilities
    units: list
    residents: list  # per unit
    shares: dict
    whole: dict
    facilities: object  # LayerData of the existing facilities, or None


class ValidateBlueprintAlgorithm(LifeCircleAlgorithm):
    NAME = "validateblueprint"
    GROUP_ID = "blueprint"

    INPUT = "INPUT"
    FIRST_YEAR = "FIRST_YEAR"
    COMING_YEAR = "COMING_YEAR"
    MIN_HUB_AREA_M2 = "MIN_HUB_AREA_M2"
    MINUTES = "MINUTES"
    TARGET_PERCENT = "TARGET_PERCENT"
    OUTPUT = "OUTPUT"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_REPORT_PDF = "OUTPUT_REPORT_PDF"
    ERRORS = "ERRORS"
    WARNINGS = "WARNINGS"

    def displayName(self):
        return self.tr("Validate community blueprint")

    def group(self):
        return self.tr("Community blueprint")

    def shortHelpString(self):
        return self.tr(
            "The district reviewer's check of a blueprint layer. Every project is checked against the "
            "rules: Six-Arts Pavilions (六艺亭) over 400 m², or over 200 m² without a demand justification; "
            "People's Hubs (人民坊) with fewer than two services or under the minimum floor area; missing "
            "annual-list columns for projects of the coming year; reserve years outside the plan window; "
            "duplicate project IDs; missing or invalid geometries; and more (see the rule column).\n\n"
            "With a walking network, residents and basic units, the planned projects (all but cancelled ones) "
            "are added to the existing facilities and the check also reports units whose residents cannot "
            "reach a People's Hub within the walking time, and units still missing essential (十全) services "
            "once the planned projects are built. A unit passes when at least the target share of its "
            "residents is covered.\n\n"
            "The plan window (street, first year) is read from the blueprint GeoPackage; FIRST_YEAR "
            "overrides it and is needed for layers stored elsewhere. The coming year defaults to the first "
            "year of the plan.\n\n"
            "Outputs: a findings table (rule, severity, project_id, field, unit_id, message_zh, message_en) "
            "and, optionally, a bilingual review report: one HTML file with a map of the projects by their most "
            "severe finding, a chart of each unit's coverage (with a network), the findings, a summary by rule, "
            "the parameters and the data sources, and the same report as PDF beside it.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Blueprint projects layer"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterNumber(
            self.FIRST_YEAR, self.tr("First year of the plan (empty: from the blueprint's metadata)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=2000, maxValue=2100))
        self.addParameter(QgsProcessingParameterNumber(
            self.COMING_YEAR, self.tr("Year of the annual list being prepared (empty: the plan's first year)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=2000, maxValue=2100))
        self.addParameter(decimals(QgsProcessingParameterNumber(
            self.MIN_HUB_AREA_M2, self.tr("Minimum floor area of a People's Hub (m²)"),
            QgsProcessingParameterNumber.Double, defaultValue=800.0, minValue=0.0, maxValue=1e6), 0))
        self.add_network_parameters()
        self.parameterDefinition(self.NETWORK).setFlags(
            self.parameterDefinition(self.NETWORK).flags() | QgsProcessingParameterDefinition.FlagOptional)
        self.add_facility_parameters(optional=True)
        self.add_demand_parameters(optional=True)
        self.add_unit_parameters()
        self.addParameter(decimals(QgsProcessingParameterNumber(
            self.MINUTES, self.tr("Walking time to a People's Hub and to each essential service (minutes)"),
            QgsProcessingParameterNumber.Double, defaultValue=15.0, minValue=0.5, maxValue=120), 1))
        self.addParameter(decimals(QgsProcessingParameterNumber(
            self.TARGET_PERCENT, self.tr("Share of a unit's residents that must be covered (%)"),
            QgsProcessingParameterNumber.Double, defaultValue=99.0, minValue=0.0, maxValue=100.0), 1))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Findings"), QgsProcessing.TypeVector))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Review report (HTML with a map; a PDF is written beside it)"),
            self.tr("HTML files (*.html)"), optional=True, createByDefault=True))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_REPORT_PDF, self.tr("Review report (PDF)")))
        self.addOutput(QgsProcessingOutputNumber(self.ERRORS, self.tr("Errors found")))
        self.addOutput(QgsProcessingOutputNumber(self.WARNINGS, self.tr("Warnings found")))

    # --- plan window ---------------------------------------------------------------------

    def plan_window(self, parameters, context, layer):
        stored = blueprint_layer.read_plan_window(layer)
        first_year = parameters.get(self.FIRST_YEAR)
        if first_year in (None, ""):
            if stored is None:
                raise QgsProcessingException(self.tr(
                    "Layer '{0}' carries no plan window (it is not a blueprint GeoPackage made by 'Create "
                    "community blueprint', or its 'lifecircle_plan' table is missing). Give the first year "
                    "of the plan.").format(layer.name()))
            return stored
        street = stored.street if stored is not None else layer.name()
        return PlanWindow(street, self.parameterAsInt(parameters, self.FIRST_YEAR, context))

    # --- the run -------------------------------------------------------------------------

    def compute(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        plan = blueprint_layer.layer_upgrade_plan(layer)
        if plan.add:
            feedback.pushWarning(self.tr("Layer '{0}' lacks the fields {1}; they count as empty. Upgrade it "
                                         "with 'Create community blueprint'.").format(
                layer.name(), ", ".join(spec.name for spec in plan.add)))
        window = self.plan_window(parameters, context, layer)
        coming = parameters.get(self.COMING_YEAR)
        settings = BlueprintSettings(
            min_hub_area_m2=self.parameterAsDouble(parameters, self.MIN_HUB_AREA_M2, context),
            coming_year=None if coming in (None, "") else self.parameterAsInt(parameters, self.COMING_YEAR, context))
        feedback.pushInfo(self.tr("Plan window: {0}, {1}–{2}; annual list of {3}.").format(
            window.street, window.first_year, window.last_year, settings.resolved_coming_year(window)))
        fids, findings = blueprint_layer.check_layer(layer, window, settings)
        raise_if_cancelled(feedback)
        feedback.setProgress(20)
        coverage = None
        if parameters.get(self.NETWORK) not in (None, ""):
            unit_findings, coverage = self.network_findings(parameters, context, feedback, layer)
            findings += unit_findings
        elif parameters.get(self.DEMAND) not in (None, ""):
            feedback.pushWarning(self.tr("Residents were given without a walking network: the unit rules "
                                         "(hub within reach, essential services) are skipped."))
        findings.sort(key=lambda f: (f.severity != ERROR, f.rule, f.unit_id or "", f.project_id or "",
                                     f.index if f.index is not None else -1))
        outputs = self.write_findings(parameters, context, findings)
        counts = Counter(f.severity for f in findings)
        feedback.pushInfo(self.tr("{0} error(s), {1} warning(s) in {2} project(s).").format(
            counts[ERROR], counts[WARNING], len(fids)))
        report_path = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        if report_path:
            raise_if_cancelled(feedback)
            feedback.setProgressText(self.tr("Writing the review report with a map"))
            review = Review(layer, window, settings, fids, findings, coverage)
            outputs[self.OUTPUT_REPORT], outputs[self.OUTPUT_REPORT_PDF] = review_report(
                self, parameters, context, feedback, report_path, review, outputs)
            feedback.pushInfo(self.tr("Report: {0} and {1}").format(
                outputs[self.OUTPUT_REPORT], outputs[self.OUTPUT_REPORT_PDF]))
        feedback.setProgress(100)
        outputs[self.ERRORS] = counts[ERROR]
        outputs[self.WARNINGS] = counts[WARNING]
        return outputs

    def network_findings(self, parameters, context, feedback, layer):
        """Unit rules: coverage with the planned projects added to the existing facilities.

        Returns (findings, UnitCoverage)."""
        if parameters.get(self.DEMAND) in (None, "") or parameters.get(self.UNITS) in (None, ""):
            raise QgsProcessingException(self.tr(
                "The unit rules need residents and basic units besides the walking network; give both or "
                "leave the network empty."))
        network, crs = self.read_network(parameters, context, feedback)
        feedback.setProgress(40)
        projects = read_layer(layer, layer.name(), crs, context, feedback,
                              fields=[f for f in ("project_id", "name", "kind", "services", "status")
                                      if layer.fields().lookupField(f) >= 0])
        planned, project_services = [], []
        for i in range(len(projects)):
            parsed = parse_record({name: values[i] for name, values in projects.values.items()})
            if parsed["status"] == "cancelled" or projects.geometries[i] is None:
                continue
            services = tuple(parsed["services"] or ())
            if parsed["kind"] == HUB:
                services += (HUB_SERVICE,)
            if services:
                planned.append(i)
                project_services.append(services)
        project_points = access_points(projects, feedback)
        keep = np.isin(project_points.owner, planned)
        renumber = {old: new for new, old in enumerate(planned)}
        points = AccessPoints(project_points.xy[keep],
                              np.array([renumber[o] for o in project_points.owner[keep]], dtype=np.int64),
                              len(planned))
        facility_services = list(project_services)
        existing = None
        if parameters.get(self.FACILITIES) not in (None, ""):
            existing, existing_points, existing_services = self.read_facilities(parameters, context, feedback, crs)
            points = AccessPoints(np.concatenate([points.xy, existing_points.xy]).reshape(-1, 2),
                                  np.concatenate([points.owner, existing_points.owner + points.count]),
                                  points.count + existing_points.count)
            facility_services += [tuple(s) for s in existing_services]
        feedback.pushInfo(self.tr("{0} planned or built project(s) count as facilities.").format(len(planned)))
        demand, residents, population = self.read_demand(parameters, context, feedback, crs)
        unit_ids = self.read_unit_ids(parameters, context, feedback, crs, demand)
        minutes = self.parameterAsDouble(parameters, self.MINUTES, context)
        services = REQUIRED_CODES + (HUB_SERVICE,)

        def cancel():
            raise_if_cancelled(feedback)

        result = walking_coverage(
            network, points, facility_services, residents, {code: minutes for code in services},
            speed_kmh=self.parameterAsDouble(parameters, self.WALK_SPEED_KMH, context),
            max_snap_m=self.parameterAsDouble(parameters, self.MAX_SNAP_M, context),
            search_minutes=minutes, services=services, cancel=cancel)
        feedback.setProgress(80)
        target = self.parameterAsDouble(parameters, self.TARGET_PERCENT, context) / 100.0
        units = sorted({u for u in unit_ids if u is not None}, key=str)
        masks = [np.array([u == unit for u in unit_ids], dtype=bool) for unit in units]
        residents_per_unit = [float(population[mask].sum()) for mask in masks]

        def covered_share(code, mask, total):
            return float(population[mask & result.ok(code)].sum()) / total if total > 0 else math.nan
        shares = {code: [covered_share(code, mask, total) for mask, total in zip(masks, residents_per_unit)]
                  for code in services}
        everyone = np.ones(len(population), dtype=bool)
        whole = {code: covered_share(code, everyone, float(population.sum())) for code in services}
        findings = []
        for u, unit in enumerate(units):
            if residents_per_unit[u] <= 0:
                continue
            hub_share = shares[HUB_SERVICE][u]
            if hub_share < target:
                findings.append(unit_without_hub_finding(unit, minutes, round(1.0 - hub_share, 4)))
            missing = [code for code in REQUIRED_CODES if shares[code][u] < target]
            if missing:
                findings.append(unit_missing_services_finding(unit, missing))
        return findings, UnitCoverage(network, crs, minutes, target, len(planned), units, residents_per_unit,
                                      shares, whole, existing)

    # --- outputs -------------------------------------------------------------------------

    def write_findings(self, parameters, context, findings):
        fields = QgsFields()
        for name in ("rule", "severity", "project_id", "field", "unit_id", "message_zh", "message_en"):
            fields.append(QgsField(name, QVariant.String))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for finding in findings:
            feature = QgsFeature(fields)
            feature.setAttributes([finding.rule, finding.severity, finding.project_id, finding.field,
                                   finding.unit_id, finding.message_zh, finding.message_en])
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        add_aliases(context, dest)
        return {self.OUTPUT: dest}


# --- the review report (OUTPUT_REPORT) ------------------------------------------------------------

NO_FINDING = "ok"
# Up to this many units the chart groups bars by service (11 groups of one bar per unit); with more it
# would outgrow a page, so it shows per unit the 人民坊 share and the lowest essential share.
MAX_UNITS_PER_SERVICE_CHART = 3
# The PDF's table takes time growing with the square of its rows (about 7 s for 500, 28 s for 1,000);
# beyond this many the report lists the first findings (errors first) and the Findings output holds all.
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
    the order findings index them), the findings and, when the unit rules ran, their UnitCoverage."""

    layer: object  # QgsVectorLayer
    window: PlanWindow
    settings: BlueprintSettings
    fids: list
    findings: list
    coverage: UnitCoverage = None


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
        return QCoreApplication.translate("Report", "错误 / error")
    return QCoreApplication.translate("Report", "提示 / warning")


def _project_legend(severity):
    if severity == ERROR:
        return QCoreApplication.translate("Report", "有错误的项目 / With errors")
    if severity == WARNING:
        return QCoreApplication.translate("Report", "仅有提示的项目 / Warnings only")
    return QCoreApplication.translate("Report", "无问题的项目 / No findings")


def _coverage_label(code):
    return QCoreApplication.translate("Report", "人民坊") if code == HUB_SERVICE else _service_label(code)


def unit_coverage_chart(coverage):
    """Covered share per unit once the planned projects are built: per service (人民坊 and the ten
    essentials) with one bar per unit, or, with more than MAX_UNITS_PER_SERVICE_CHART units, per unit
    (and the whole area) with the 人民坊 share and the lowest share among the essentials (the unit rules
    compare both to the target). The unit coverage table gives every figure."""
    codes = (HUB_SERVICE,) + REQUIRED_CODES
    target_label = QCoreApplication.translate("Report", "达标线 {0:g}% / target {0:g}%").format(
        100 * coverage.target)
    title = QCoreApplication.translate(
        "Report", "规划项目建成后{0:g}分钟步行覆盖率 / Covered within {0:g} minutes after the planned projects").format(
        coverage.minutes)
    if 0 < len(coverage.units) <= MAX_UNITS_PER_SERVICE_CHART:
        return BarChart(title, [_coverage_label(code) for code in codes],
                        [(str(unit), [coverage.shares[code][u] for code in codes])
                         for u, unit in enumerate(coverage.units)],
                        target=coverage.target, target_label=target_label)

    def lowest_essential(shares_of):
        values = [shares_of(code) for code in REQUIRED_CODES]
        return math.nan if any(math.isnan(v) for v in values) else min(values)
    return BarChart(
        title, [str(unit) for unit in coverage.units] + [QCoreApplication.translate("Report", "全域 / whole area")],
        [(QCoreApplication.translate("Report", "人民坊 / hub"),
          list(coverage.shares[HUB_SERVICE]) + [coverage.whole[HUB_SERVICE]]),
         (QCoreApplication.translate("Report", "十全最低 / lowest essential"),
          [lowest_essential(lambda code, u=u: coverage.shares[code][u]) for u in range(len(coverage.units))]
          + [lowest_essential(lambda code: coverage.whole[code])])],
        target=coverage.target, target_label=target_label)


def unit_coverage_table(coverage):
    """Residents and covered shares per unit and service once the planned projects are built."""
    codes = (HUB_SERVICE,) + REQUIRED_CODES
    rows = [(str(unit), f"{coverage.residents[u]:,.0f}")
            + tuple(format_share(coverage.shares[code][u]) for code in codes)
            for u, unit in enumerate(coverage.units)]
    rows.append((QCoreApplication.translate("Report", "全域 / whole area"), None)
                + tuple(format_share(coverage.whole[code]) for code in codes))
    headers = (QCoreApplication.translate("Report", "单元 / Unit"),
               QCoreApplication.translate("Report", "居民 / Residents"),
               QCoreApplication.translate("Report", "人民坊")) + tuple(BY_CODE[code].name_zh for code in REQUIRED_CODES)
    note = QCoreApplication.translate(
        "Report", "步行{0:g}分钟；居民覆盖率低于{1:g}%的单元列入问题清单 / {0:g}-minute walk; units with less than "
        "{1:g}% of their residents covered are among the findings.").format(coverage.minutes, 100 * coverage.target)
    return Table(
        QCoreApplication.translate("Report", "规划项目建成后各单元覆盖率 / Coverage by unit once the planned projects are built"),
        headers, rows, note=note, numeric_columns=tuple(range(1, len(headers))))


def _map_crs(review, context, feedback):
    """The working metric CRS of the map: the network's, else the layer's own (a UTM zone for degrees);
    None when the layer has no CRS or no feature and no network was given."""
    if review.coverage is not None:
        return review.coverage.crs
    layer = review.layer
    if not layer.crs().isValid() or layer.featureCount() == 0:
        return None
    return working_crs(layer, layer.name(), context, feedback)


def _project_layers(review, crs, context, feedback):
    """One marked layer per severity (worst first, empty ones left out) and the number of projects
    without a geometry."""
    layer = review.layer
    fields = [f for f in ("project_id", "name") if layer.fields().lookupField(f) >= 0]
    projects = read_layer(layer, layer.name(), crs, context, feedback, fields=fields)
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
            labels.append(None if severity == NO_FINDING else label_of.get(fid))
        if geometries:
            drawn += len(geometries)
            layers.append(marked_layer(_project_legend(severity), geometries, crs, labels=labels, colour=colour,
                                       shape=shape, size=size))
    return layers, len(review.fids) - drawn


def _add_map(report, alg, parameters, context, feedback, review):
    crs = _map_crs(review, context, feedback)
    if crs is None:
        report.add_paragraph(QCoreApplication.translate(
            "Report", "未绘制地图：图层没有坐标系或没有项目 / No map: the layer has no CRS or no project."))
        return
    layers, undrawn = _project_layers(review, crs, context, feedback)
    raise_if_cancelled(feedback)
    coverage = review.coverage
    if coverage is not None and coverage.facilities is not None:
        layers.append(facilities_layer(coverage.facilities.geometries, crs, name=QCoreApplication.translate(
            "Report", "现有设施 / Existing facilities")))
    if alg.parameterAsString(parameters, alg.UNIT_ID_FIELD, context):
        unit_data = _read_units(alg, parameters, context, feedback, crs)
        if unit_data is not None:
            layers.append(units_layer(unit_data[0], crs, unit_data[1]))
    if coverage is not None:
        layers.append(network_layer(coverage.network, crs))
    if not any(layer.featureCount() for layer in layers):
        report.add_paragraph(QCoreApplication.translate(
            "Report", "未绘制地图：没有带几何的项目 / No map: no project has a geometry."))
        return
    report.add_map(QCoreApplication.translate(
        "Report", "项目审查结果（按最严重问题着色）/ Projects by their most severe finding"), layers, crs)
    if undrawn:
        report.add_paragraph(QCoreApplication.translate(
            "Report", "{0} 个项目没有几何，未在图上 / {0} project(s) without a geometry are not on the map.").format(
            undrawn))


def _rule_summary(findings):
    by_rule = Counter(f.rule for f in findings)
    return Table(
        QCoreApplication.translate("Report", "按规则汇总 / Summary by rule"),
        (QCoreApplication.translate("Report", "规则 / Rule"), QCoreApplication.translate("Report", "代码 / Code"),
         QCoreApplication.translate("Report", "级别 / Severity"), QCoreApplication.translate("Report", "数量 / Count")),
        [(f"{RULES[rule].title_zh} / {RULES[rule].title_en}", rule, severity_text(RULES[rule].severity), n)
         for rule, n in sorted(by_rule.items(), key=lambda item: (RULES[item[0]].severity != ERROR, item[0]))],
        note="" if findings else QCoreApplication.translate(
            "Report", "未发现问题：蓝图符合全部规则 / No findings: the blueprint keeps every rule."),
        numeric_columns=(3,))


def _findings_table(findings):
    return Table(
        QCoreApplication.translate("Report", "问题清单 / Findings"),
        (QCoreApplication.translate("Report", "序号 / No."), QCoreApplication.translate("Report", "规则 / Rule"),
         QCoreApplication.translate("Report", "级别 / Severity"), QCoreApplication.translate("Report", "项目编号 / Project"),
         QCoreApplication.translate("Report", "单元 / Unit"), QCoreApplication.translate("Report", "说明 / Message")),
        [(number, f.rule, severity_text(f.severity), f.project_id, f.unit_id, f.message_zh)
         for number, f in enumerate(findings, start=1)],
        note=QCoreApplication.translate(
            "Report", "英文说明见“问题清单”输出的 message_en 字段 / The Findings output holds each message in English "
            "(message_en)."),
        numeric_columns=(0,))


def review_report(alg, parameters, context, feedback, html_path, review, results):
    """The review report (lifecircle:validateblueprint): headline, map of the projects by their most severe
    finding, the unit coverage chart and table when the unit rules ran, a summary by rule, the findings,
    parameters and sources. Returns (html, pdf) paths."""
    window, settings, findings = review.window, review.settings, review.findings
    counts = Counter(f.severity for f in findings)
    report = Report(f"{window.street}社区蓝图审查报告", f"Blueprint review: {window.street}")
    report.add_headline(QCoreApplication.translate(
        "Report", "错误 {0} 项，提示 {1} 项；共检查 {2} 个项目；{3}年度实施清单 / {0} error(s), {1} warning(s) in {2} "
        "project(s) checked; annual list of {3}.").format(
        counts[ERROR], counts[WARNING], len(review.fids), settings.resolved_coming_year(window)))
    report.add_paragraph(QCoreApplication.translate(
        "Report", "图层：{0}；储备计划：{1} {2}—{3}年；人民坊最低面积 {4:g} m² / Layer: {0}; reserve plan of {1}: "
        "{2}–{3}; minimum 人民坊 floor area {4:g} m².").format(
        review.layer.name(), window.street, window.first_year, window.last_year, settings.min_hub_area_m2))
    coverage = review.coverage
    if coverage is not None:
        report.add_paragraph(QCoreApplication.translate(
            "Report", "单元规则：规划项目（已取消的除外）{0} 个计入现有设施；步行{1:g}分钟；单元居民覆盖率须达{2:g}% / "
            "Unit rules: {0} planned project(s) (cancelled ones left out) added to the existing facilities; a "
            "{1:g}-minute walk; a unit passes with {2:g}% of its residents covered.").format(
            coverage.planned, coverage.minutes, 100 * coverage.target))
    else:
        report.add_paragraph(QCoreApplication.translate(
            "Report", "未给步行网络：单元规则（人民坊可达、十全服务）未检查 / No walking network: the unit rules "
            "(人民坊 within reach, essential services) were not checked."))

    raise_if_cancelled(feedback)
    _add_map(report, alg, parameters, context, feedback, review)
    raise_if_cancelled(feedback)
    if coverage is not None:
        report.add_chart(unit_coverage_chart(coverage))
        report.add_table(unit_coverage_table(coverage))
    report.add_table(_rule_summary(findings))
    shown = findings[:MAX_FINDINGS_IN_REPORT]
    if len(shown) < len(findings):
        report.add_paragraph(QCoreApplication.translate(
            "Report", "问题清单只列出前 {0} 项（错误在前）；全部 {1} 项见“问题清单”输出，按规则的数量见上表 / The findings "
            "table lists the first {0} of {1} (errors first); the Findings output holds all of them, and the summary "
            "above counts them by rule.").format(len(shown), len(findings)))
    report.add_table(_findings_table(shown))

    report.add_parameters(alg, parameters, context, dict(results, **{alg.OUTPUT_REPORT: html_path}))
    raise_if_cancelled(feedback)
    return report.write(html_path, feedback)
