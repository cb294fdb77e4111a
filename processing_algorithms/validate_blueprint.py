"""lifecircle:validateblueprint — the district reviewer's check of a street's blueprint layer."""
import html
from collections import Counter

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

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
from ..lifecircle_plugin.core.services import REQUIRED_CODES
from .base import LifeCircleAlgorithm
from .layer_io import access_points, raise_if_cancelled, read_layer

# Pseudo-service offered by every 人民坊 project, so one coverage pass finds the hub's reach.
HUB_SERVICE = "__renminfang__"


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
            "and, optionally, a bilingual HTML report.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Blueprint projects layer"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterNumber(
            self.FIRST_YEAR, self.tr("First year of the plan (empty: from the blueprint's metadata)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=2000, maxValue=2100))
        self.addParameter(QgsProcessingParameterNumber(
            self.COMING_YEAR, self.tr("Year of the annual list being prepared (empty: the plan's first year)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=2000, maxValue=2100))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_HUB_AREA_M2, self.tr("Minimum floor area of a People's Hub (m²)"),
            QgsProcessingParameterNumber.Double, defaultValue=800.0, minValue=0.0))
        self.add_network_parameters()
        self.parameterDefinition(self.NETWORK).setFlags(
            self.parameterDefinition(self.NETWORK).flags() | QgsProcessingParameterDefinition.FlagOptional)
        self.add_facility_parameters(optional=True)
        self.add_demand_parameters(optional=True)
        self.add_unit_parameters()
        self.addParameter(QgsProcessingParameterNumber(
            self.MINUTES, self.tr("Walking time to a People's Hub and to each essential service (minutes)"),
            QgsProcessingParameterNumber.Double, defaultValue=15.0, minValue=0.5, maxValue=120))
        self.addParameter(QgsProcessingParameterNumber(
            self.TARGET_PERCENT, self.tr("Share of a unit's residents that must be covered (%)"),
            QgsProcessingParameterNumber.Double, defaultValue=99.0, minValue=0.0, maxValue=100.0))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Findings"), QgsProcessing.TypeVector))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Review report (HTML)"), self.tr("HTML files (*.html)"),
            optional=True, createByDefault=False))
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
        if parameters.get(self.NETWORK) not in (None, ""):
            findings += self.network_findings(parameters, context, feedback, layer)
        elif parameters.get(self.DEMAND) not in (None, ""):
            feedback.pushWarning(self.tr("Residents were given without a walking network: the unit rules "
                                         "(hub within reach, essential services) are skipped."))
        findings.sort(key=lambda f: (f.severity != ERROR, f.rule, f.unit_id or "", f.project_id or "",
                                     f.index if f.index is not None else -1))
        outputs = self.write_findings(parameters, context, findings)
        counts = Counter(f.severity for f in findings)
        report = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
        if report:
            self.write_report(report, layer, window, settings, findings)
            outputs[self.OUTPUT_REPORT] = report
        feedback.pushInfo(self.tr("{0} error(s), {1} warning(s) in {2} project(s).").format(
            counts[ERROR], counts[WARNING], len(fids)))
        feedback.setProgress(100)
        outputs[self.ERRORS] = counts[ERROR]
        outputs[self.WARNINGS] = counts[WARNING]
        return outputs

    def network_findings(self, parameters, context, feedback, layer):
        """Unit rules: coverage with the planned projects added to the existing facilities."""
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
        if parameters.get(self.FACILITIES) not in (None, ""):
            _, existing_points, existing_services = self.read_facilities(parameters, context, feedback, crs)
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
        findings = []
        units = sorted({u for u in unit_ids if u is not None}, key=str)
        for unit in units:
            mask = np.array([u == unit for u in unit_ids], dtype=bool)
            total = float(population[mask].sum())
            if total <= 0:
                continue

            def covered_share(code):
                return float(population[mask & result.ok(code)].sum()) / total
            hub_share = covered_share(HUB_SERVICE)
            if hub_share < target:
                findings.append(unit_without_hub_finding(unit, minutes, round(1.0 - hub_share, 4)))
            missing = [code for code in REQUIRED_CODES if covered_share(code) < target]
            if missing:
                findings.append(unit_missing_services_finding(unit, missing))
        return findings

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
        return {self.OUTPUT: dest}

    def write_report(self, path, layer, window, settings, findings):
        """A bilingual HTML page: headline, a summary by rule, then every finding."""
        by_rule = Counter(f.rule for f in findings)
        counts = Counter(f.severity for f in findings)
        esc = html.escape
        title = f"{window.street}社区蓝图审查报告 / Blueprint review: {window.street}"
        summary_rows = "".join(
            f"<tr class='{RULES[rule].severity}'><td>{esc(RULES[rule].title_zh)}<br><span class='en'>"
            f"{esc(RULES[rule].title_en)}</span></td><td><code>{esc(rule)}</code></td>"
            f"<td>{'错误 error' if RULES[rule].severity == ERROR else '提示 warning'}</td><td class='n'>{n}</td></tr>"
            for rule, n in sorted(by_rule.items(), key=lambda item: (RULES[item[0]].severity != ERROR, item[0])))
        finding_rows = "".join(
            f"<tr class='{f.severity}'><td>{i}</td><td><code>{esc(f.rule)}</code></td><td>{esc(f.severity)}</td>"
            f"<td>{esc(f.project_id or '')}</td><td>{esc(f.unit_id or '')}</td><td>{esc(f.message_zh)}</td>"
            f"<td class='en'>{esc(f.message_en)}</td></tr>"
            for i, f in enumerate(findings, start=1))
        verdict = ("未发现问题 / No findings: the blueprint keeps every rule." if not findings else
                   f"错误 {counts[ERROR]} 项，提示 {counts[WARNING]} 项 / {counts[ERROR]} error(s), "
                   f"{counts[WARNING]} warning(s).")
        page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{esc(title)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; }}
th, td {{ border: 1px solid #bbb; padding: 4px 8px; vertical-align: top; text-align: left; }}
th {{ background: #ddebf7; }}
tr.error td:first-child {{ border-left: 4px solid #c0392b; }}
tr.warning td:first-child {{ border-left: 4px solid #e6a23c; }}
.en {{ color: #555; font-size: 90%; }} .n {{ text-align: right; }}
</style></head><body>
<h1>{esc(title)}</h1>
<p>图层 Layer: {esc(layer.name())} · 储备计划 Plan: {esc(window.label_zh)} ·
年度清单 Annual list: {settings.resolved_coming_year(window)} ·
人民坊最低面积 Hub minimum: {settings.min_hub_area_m2:g} m²</p>
<p><strong>{esc(verdict)}</strong></p>
<h2>按规则汇总 / Summary by rule</h2>
<table><tr><th>规则 Rule</th><th>代码 Code</th><th>级别 Severity</th><th>数量 Count</th></tr>{summary_rows}</table>
<h2>问题清单 / Findings</h2>
<table><tr><th>#</th><th>规则 Rule</th><th>级别 Severity</th><th>项目编号 Project</th><th>基本单元 Unit</th>
<th>说明</th><th>Message</th></tr>{finding_rows}</table>
</body></html>
"""
        with open(path, "w", encoding="utf-8") as stream:
            stream.write(page)
