"""lifecircle:walkingcoverage — minutes on foot to the nearest facility of every 十全十美 service."""

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QVariant

from ..lifecircle_plugin.core.defaults import DEFAULT_MINUTES, DEFAULT_SEARCH_MINUTES
from ..lifecircle_plugin.core.field_aliases import ALL_REQUIRED_ZH
from ..lifecircle_plugin.core.services import BY_CODE, REQUIRED_CODES, format_services
from .base import LifeCircleAlgorithm, advanced, decimals
from ..lifecircle_plugin.adapters.layer_io import cancel_check, nullable_column, nullable_number, progress_between
from ..lifecircle_plugin.adapters.styles import add_aliases, style_on_load

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).


def _has_geometry(layer):
    import numpy as np

    return np.array([g is not None for g in layer.geometries], dtype=bool)


class WalkingCoverageAlgorithm(LifeCircleAlgorithm):
    NAME = "walkingcoverage"
    GROUP_ID = "analysis"
    ICON = "walkingcoverage.svg"

    MINUTES = "MINUTES"
    STANDARDS = "STANDARDS"
    SEARCH_MINUTES = "SEARCH_MINUTES"
    OUTPUT_DEMAND = "OUTPUT_DEMAND"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"
    OUTPUT_GAPS = "OUTPUT_GAPS"
    COVERED_SHARE = "COVERED_SHARE"
    RESIDENTS = "RESIDENTS"

    def displayName(self):
        return self.tr("15-minute walking coverage")

    def group(self):
        return self.tr("Life-circle analysis")

    def shortHelpString(self):
        return self.tr(
            "For every resident feature, the minutes on foot along the walking network to the nearest "
            "facility of each 十全十美 service, whether it lies within the service's threshold, and how "
            "many of the ten essentials are within reach.\n\n"
            "Facilities list their services in one field, as codes (health) or Chinese names (医疗卫生), "
            "several separated by , ; or 、. Residents are points or compound polygons with a population "
            "field; polygons are entered through the gates layer when given, else from a point inside.\n\n"
            "Thresholds (THRESHOLDS): 0 = uniform, MINUTES for every service; 1 = the Shanghai tiered standard "
            "shipped with the plugin (resources/standards_tiered.csv: 5-minute elderly care and public space, "
            "10-minute childcare and daily life, MINUTES for the rest); 2 = your own CSV (columns service, "
            "minutes) given as STANDARDS. A STANDARDS file, when given, is used whatever the choice (scripts "
            "may give STANDARDS alone). Points farther than the snap distance from the network are reported, "
            "never tied to a far road.\n\n"
            "Outputs: residents with min_health, min_elderly, … (minutes; NULL when nothing is reachable within "
            "the search limit) and ok_health, ok_elderly, …; a unit × service summary table with a whole-area "
            "row (ALL); and the residents missing at least one essential service. Optionally a report: one HTML file "
            "with a map, charts and tables, and the same as PDF beside it.")

    def initAlgorithm(self, config=None):
        self.add_network_parameters()
        self.add_facility_parameters()
        self.add_demand_parameters()
        self.add_unit_parameters()
        self.add_threshold_parameters(DEFAULT_MINUTES)
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.SEARCH_MINUTES, self.tr("Search limit (minutes): farther facilities are reported as NULL"),
            QgsProcessingParameterNumber.Double, defaultValue=DEFAULT_SEARCH_MINUTES, minValue=1, maxValue=600),
            0)))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_DEMAND, self.tr("Residents with walking minutes"), QgsProcessing.TypeVectorAnyGeometry))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_SUMMARY, self.tr("Coverage by unit and service"), QgsProcessing.TypeVector,
            optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_GAPS, self.tr("Residents missing essential services"), QgsProcessing.TypeVectorAnyGeometry,
            optional=True, createByDefault=True))
        self.add_report_parameters()
        self.addOutput(QgsProcessingOutputNumber(
            self.COVERED_SHARE, self.tr("Share of residents reaching all ten essentials")))
        self.addOutput(QgsProcessingOutputNumber(self.RESIDENTS, self.tr("Residents counted")))

    def compute(self, parameters, context, feedback):
        from ..lifecircle_plugin.core.coverage import headline, walking_coverage

        steps = 5
        thresholds = self.read_thresholds(
            parameters, context, self.parameterAsDouble(parameters, self.MINUTES, context))
        report_path = self.report_path(parameters, context)
        network, crs = self.read_network(parameters, context, feedback)
        feedback.setProgress(100 * 1 / steps)
        facilities, fac_points, services = self.read_facilities(parameters, context, feedback, crs)
        demand, res_points, population = self.read_demand(parameters, context, feedback, crs, keep_features=True)
        units = self.read_units(parameters, context, feedback, crs)
        unit_ids = self.read_unit_ids(feedback, demand, units)
        feedback.setProgress(100 * 2 / steps)
        feedback.setProgressText(self.tr("Shortest walks, one pass per service"))

        result = walking_coverage(
            network, fac_points, services, res_points, thresholds,
            speed_kmh=self.parameterAsDouble(parameters, self.WALK_SPEED_KMH, context),
            max_snap_m=self.parameterAsDouble(parameters, self.MAX_SNAP_M, context),
            search_minutes=self.parameterAsDouble(parameters, self.SEARCH_MINUTES, context),
            progress=progress_between(feedback, 100 * 2 / steps, 100 * 4 / steps), cancel=cancel_check(feedback))
        self.log_reach(result, facilities, demand, feedback, parameters, context)

        outputs = {}
        # The residents' geometries as written, made once for both layers that carry them.
        geometries = self.output_geometries(self.parameterAsSource(parameters, self.DEMAND, context),
                                            demand.features, demand.name, feedback)
        outputs.update(self.write_demand(parameters, context, feedback, demand, geometries, result, unit_ids))
        if self.output_requested(parameters, self.OUTPUT_SUMMARY, context):
            outputs.update(self.write_summary(parameters, context, result, population, unit_ids))
        if self.output_requested(parameters, self.OUTPUT_GAPS, context):
            outputs.update(self.write_gaps(parameters, context, feedback, demand, geometries, result, population,
                                           unit_ids))
        share, total = headline(result, population)
        feedback.pushInfo(self.tr("{0:.1f}% of {1:,.0f} residents reach all ten essentials within their "
                                  "thresholds.").format(100 * share, total))
        reached = result.required_ok_count()
        feedback.pushInfo(self.tr("Residents by number of essentials within reach: {0}").format(", ".join(
            f"{k}: {100 * population[reached == k].sum() / total:.1f}%" for k in range(len(REQUIRED_CODES), -1, -1)
            if total and population[reached == k].sum() > 0)))
        for code in REQUIRED_CODES:
            covered = population[result.ok(code)].sum()
            feedback.pushInfo(self.tr("  {0} {1}: {2:.1f}% within {3:g} min ({4} facilities)").format(
                code, BY_CODE[code].name_zh, 100 * covered / total if total else 0.0,
                result.thresholds[code], result.facilities_per_service[code]))
        outputs[self.COVERED_SHARE] = float(share)
        outputs[self.RESIDENTS] = float(total)
        if report_path:
            from .report.coverage import coverage_report

            feedback.setProgressText(self.tr("Preparing the report's maps and tables"))
            self.publish_report(coverage_report(network, crs, facilities, services, demand, result, population,
                                                unit_ids, units), parameters, context, outputs)
        feedback.setProgress(100)
        return outputs

    def log_reach(self, result, facilities, demand, feedback, parameters, context):
        import numpy as np

        snap = self.parameterAsDouble(parameters, self.MAX_SNAP_M, context)
        # Features without geometry are reported by access_points; here only those too far away.
        lost = np.flatnonzero(~np.isfinite(result.facility_snap_m) & _has_geometry(facilities))
        if not np.isfinite(result.facility_snap_m).any():
            raise QgsProcessingException(self.tr(
                "No facility of layer '{0}' lies within {1:g} m of the walking network. Check that the layers "
                "cover the same area and CRS, or raise the snap distance.").format(facilities.name, snap))
        if len(lost):
            feedback.pushWarning(self.tr(
                "{0} facilities of '{1}' are farther than {2:g} m from the network and cannot be reached: {3}"
                ).format(len(lost), facilities.name, snap, ", ".join(facilities.describe(i) for i in lost[:20])))
        unattached = np.flatnonzero(~result.attached & _has_geometry(demand))
        if len(unattached):
            feedback.pushWarning(self.tr(
                "{0} residents of '{1}' are farther than {2:g} m from the network; they are kept with NULL "
                "minutes and count as not covered: {3}").format(
                len(unattached), demand.name, snap, ", ".join(demand.describe(i) for i in unattached[:20])))
        for message, islands, layer in (
                (self.tr("{0} residents of '{1}' sit on a detached part of the network (island) and reach "
                         "only that part: {2}"), result.island, demand),
                (self.tr("{0} facilities of '{1}' sit on a detached part of the network (island) and serve "
                         "only that part: {2}"), result.facility_island, facilities)):
            off_main = np.flatnonzero(islands > 0)
            if len(off_main):
                feedback.pushWarning(message.format(
                    len(off_main), layer.name, ", ".join(layer.describe(i) for i in off_main[:20])))

    def coverage_fields(self, result):
        fields = QgsFields()
        for code in result.services:
            fields.append(QgsField(f"min_{code}", QVariant.Double))
            fields.append(QgsField(f"ok_{code}", QVariant.Bool))
        fields.append(QgsField("n_required_ok", QVariant.Int))
        fields.append(QgsField("all_required", QVariant.Bool))
        fields.append(QgsField("snap_m", QVariant.Double))
        fields.append(QgsField("island", QVariant.Int))
        fields.append(QgsField("unit_id", QVariant.String))
        return fields

    def write_demand(self, parameters, context, feedback, demand, output_geometries, result, unit_ids):
        source = self.parameterAsSource(parameters, self.DEMAND, context)
        extra = self.coverage_fields(result)
        fields = QgsProcessingUtils.combineFields(source.fields(), extra)
        geometry_type, geometries = output_geometries
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_DEMAND, context, fields,
                                          geometry_type, source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_DEMAND))
        n_ok = result.required_ok_count()
        # Whole columns become Python values at once: per-value numpy conversions dominated at city scale.
        columns = []
        for code in result.services:
            columns += [nullable_column(result.minutes[code]), result.ok(code).tolist()]
        columns += [n_ok.tolist(), (n_ok == len(REQUIRED_CODES)).tolist(), nullable_column(result.snap_m),
                    result.island.tolist(), list(unit_ids)]

        def residents():
            for feature, geometry, values in zip(demand.features, geometries, zip(*columns)):
                out = QgsFeature(fields)
                out.setGeometry(geometry)
                out.setAttributes(feature.attributes() + list(values))
                yield out

        self.write_batched(sink, residents(), feedback)
        style_on_load(context, dest, "coverage_residents")
        return {self.OUTPUT_DEMAND: dest}

    def write_summary(self, parameters, context, result, population, unit_ids):
        from ..lifecircle_plugin.core.coverage import summarize

        fields = QgsFields()
        for name, kind in (("unit_id", QVariant.String), ("service", QVariant.String),
                           ("service_zh", QVariant.String), ("population", QVariant.Double),
                           ("covered_pop", QVariant.Double), ("share", QVariant.Double),
                           ("share_pct", QVariant.Double), ("threshold_min", QVariant.Double)):
            fields.append(QgsField(name, kind))
        sink, dest = self.table_sink(parameters, self.OUTPUT_SUMMARY, context, fields)
        for row in summarize(result, population, unit_ids):
            name_zh = BY_CODE[row.service].name_zh if row.service in BY_CODE else ALL_REQUIRED_ZH
            share = nullable_number(row.share)
            out = QgsFeature(fields)
            out.setAttributes([row.unit_id, row.service, name_zh, row.population, row.covered_population,
                               share, None if share is None else round(100 * share, 1),
                               nullable_number(row.threshold_min)])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        add_aliases(context, dest)
        return {self.OUTPUT_SUMMARY: dest}

    def write_gaps(self, parameters, context, feedback, demand, output_geometries, result, population, unit_ids):
        source = self.parameterAsSource(parameters, self.DEMAND, context)
        fields = QgsFields()
        for name, kind in (("source_fid", QVariant.LongLong), ("name", QVariant.String),
                           ("population", QVariant.Double), ("unit_id", QVariant.String),
                           ("n_missing", QVariant.Int), ("missing", QVariant.String),
                           ("missing_zh", QVariant.String)):
            fields.append(QgsField(name, kind))
        geometry_type, geometries = output_geometries
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_GAPS, context, fields,
                                          geometry_type, source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_GAPS))
        names = demand.values.get("name", [None] * len(demand))
        all_missing = result.missing_required()
        # At most 1,023 combinations of missing essentials: each is formatted once, not once per resident.
        labels = {codes: (format_services(codes), format_services(codes, "zh")) for codes in set(all_missing)}

        def gaps():
            for i, missing in enumerate(all_missing):
                if missing:
                    out = QgsFeature(fields)
                    out.setGeometry(geometries[i])
                    out.setAttributes([int(demand.fids[i]), names[i], float(population[i]), unit_ids[i],
                                       len(missing), *labels[missing]])
                    yield out

        self.write_batched(sink, gaps(), feedback)
        style_on_load(context, dest, "coverage_gaps")
        return {self.OUTPUT_GAPS: dest}
