"""lifecircle:validateblueprint — the district reviewer's check of a street's blueprint layer."""
import math
from collections import Counter

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
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from ..lifecircle_plugin.adapters import blueprint_layer
from ..lifecircle_plugin.core.blueprint import (
    ERROR,
    HUB,
    WARNING,
    BlueprintSettings,
    PlanWindow,
    parse_record,
    unit_missing_services_finding,
    unit_without_hub_finding,
)
from ..lifecircle_plugin.core.services import REQUIRED_CODES
from .base import LifeCircleAlgorithm, decimals
from ..lifecircle_plugin.adapters.layer_io import (access_points, cancel_check, raise_if_cancelled, read_layer,
                                                   stored_text_values, working_crs)
from ..lifecircle_plugin.adapters.styles import add_aliases

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).


class ValidateBlueprintAlgorithm(LifeCircleAlgorithm):
    NAME = "validateblueprint"
    GROUP_ID = "blueprint"

    INPUT = "INPUT"
    FIRST_YEAR = "FIRST_YEAR"
    COMING_YEAR = "COMING_YEAR"
    MIN_HUB_AREA_M2 = "MIN_HUB_AREA_M2"
    MINUTES = "MINUTES"
    TARGET_PERCENT = "TARGET_PERCENT"
    STANDARDS = "STANDARDS"
    OUTPUT = "OUTPUT"
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
            "reach a People's Hub within the walking time, and units whose residents do not reach each essential "
            "(十全) service within its threshold (the walking time, or the STANDARDS file as in walking coverage: "
            "the same file gives the same figures) once the planned projects are built. A unit passes when at "
            "least the target share of its residents is covered.\n\n"
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
        self.add_threshold_choice()
        self.addParameter(QgsProcessingParameterFile(
            self.STANDARDS, self.tr("Per-service thresholds (CSV: service, minutes; empty: the walking time above)"),
            extension="csv", optional=True))
        self.addParameter(decimals(QgsProcessingParameterNumber(
            self.TARGET_PERCENT, self.tr("Share of a unit's residents that must be covered (%)"),
            QgsProcessingParameterNumber.Double, defaultValue=99.0, minValue=0.0, maxValue=100.0), 1))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Findings"), QgsProcessing.TypeVector))
        self.add_report_parameters(self.tr("Review report (HTML with a map; a PDF is written beside it)"))
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
        from .report.review import Review, review_report

        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.INPUT))
        self.require_fields(parameters, self.INPUT, layer, ("project_id", "kind", "status"),
                            self.tr("a community blueprint"))
        report_path = self.report_path(parameters, context)
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
        fids, findings = blueprint_layer.check_layer(layer, window, settings, stored=stored_text_values(layer))
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
        outputs[self.ERRORS] = counts[ERROR]
        outputs[self.WARNINGS] = counts[WARNING]
        if report_path:
            raise_if_cancelled(feedback)
            feedback.setProgressText(self.tr("Preparing the review report's map and tables"))
            review = Review(layer, window, settings, fids, findings, coverage)
            self.read_map_data(parameters, context, feedback, review)
            self.publish_report(review_report(review), parameters, context, outputs)
        feedback.setProgress(100)
        return outputs

    def read_map_data(self, parameters, context, feedback, review):
        """The projects (and units) in the working CRS for the report's map: the network's CRS, else the
        layer's own (a UTM zone for degrees); no map when the layer has no CRS or no feature."""
        layer = review.layer
        if review.coverage is not None:
            review.crs, review.units = review.coverage.crs, review.coverage.units
        elif layer.crs().isValid() and layer.featureCount() > 0:
            review.crs = working_crs(layer, layer.name(), context, feedback)
            if self.parameterAsString(parameters, self.UNIT_ID_FIELD, context):
                review.units = self.read_units(parameters, context, feedback, review.crs)
        if review.crs is not None:
            fields = [f for f in ("project_id", "name") if layer.fields().lookupField(f) >= 0]
            review.projects = read_layer(layer, layer.name(), review.crs, context, feedback, fields=fields)

    def network_findings(self, parameters, context, feedback, layer):
        """Unit rules: coverage with the planned projects added to the existing facilities.

        Returns (findings, UnitRuleCoverage)."""
        import numpy as np

        from ..lifecircle_plugin.core.coverage import AccessPoints, walking_coverage
        from ..lifecircle_plugin.core.routing import attach_points
        from .report.review import HUB_SERVICE, UnitRuleCoverage

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
        units = self.read_units(parameters, context, feedback, crs)
        unit_ids = self.read_unit_ids(feedback, demand, units)
        minutes = self.parameterAsDouble(parameters, self.MINUTES, context)
        thresholds = dict(self.read_thresholds(parameters, context, minutes), **{HUB_SERVICE: minutes})
        services = REQUIRED_CODES + (HUB_SERVICE,)

        result = walking_coverage(
            network, points, facility_services, residents, {code: thresholds[code] for code in services},
            speed_kmh=self.parameterAsDouble(parameters, self.WALK_SPEED_KMH, context),
            max_snap_m=self.parameterAsDouble(parameters, self.MAX_SNAP_M, context),
            search_minutes=max(thresholds[code] for code in services), services=services, cancel=cancel_check(feedback))
        snap = self.parameterAsDouble(parameters, self.MAX_SNAP_M, context)
        self.warn_beyond_snap(demand, residents, attach_points(network, residents.xy, snap).attached, snap, feedback)
        feedback.setProgress(80)
        target = self.parameterAsDouble(parameters, self.TARGET_PERCENT, context) / 100.0
        with_residents = sorted({u for u in unit_ids if u is not None}, key=str)
        masks = [np.array([u == unit for u in unit_ids], dtype=bool) for unit in with_residents]
        residents_per_unit = [float(population[mask].sum()) for mask in masks]

        def covered_share(code, mask, total):
            return float(population[mask & result.ok(code)].sum()) / total if total > 0 else math.nan
        shares = {code: [covered_share(code, mask, total) for mask, total in zip(masks, residents_per_unit)]
                  for code in services}
        everyone = np.ones(len(population), dtype=bool)
        whole = {code: covered_share(code, everyone, float(population.sum())) for code in services}
        findings = []
        for u, unit in enumerate(with_residents):
            if residents_per_unit[u] <= 0:
                continue
            hub_share = shares[HUB_SERVICE][u]
            if hub_share < target:
                findings.append(unit_without_hub_finding(unit, minutes, round(1.0 - hub_share, 4), target))
            missing = {code: shares[code][u] for code in REQUIRED_CODES if shares[code][u] < target}
            if missing:
                findings.append(unit_missing_services_finding(unit, missing, target))
        return findings, UnitRuleCoverage(network, crs, thresholds, target, len(planned), units, with_residents,
                                          residents_per_unit, shares, whole, existing)

    # --- outputs -------------------------------------------------------------------------

    def write_findings(self, parameters, context, findings):
        fields = QgsFields()
        for name in ("rule", "severity", "project_id", "field", "unit_id", "message_zh", "message_en"):
            fields.append(QgsField(name, QVariant.String))
        sink, dest = self.table_sink(parameters, self.OUTPUT, context, fields)
        for finding in findings:
            feature = QgsFeature(fields)
            feature.setAttributes([finding.rule, finding.severity, finding.project_id, finding.field,
                                   finding.unit_id, finding.message_zh, finding.message_en])
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
        add_aliases(context, dest)
        return {self.OUTPUT: dest}
