"""lifecircle:accessibility — supply per 1,000 people of each service's cohort within walking reach
(2SFCA, E2SFCA or Gaussian decay), crowding of facilities and equity per basic unit."""
import math

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsSettings,
)
from qgis.PyQt.QtCore import QLocale, QVariant

from ..lifecircle_plugin.core.defaults import (DEFAULT_BANDS, DEFAULT_MINUTES, DEFAULT_WEIGHTS, METHOD_2SFCA,
                                              METHOD_E2SFCA)
from ..lifecircle_plugin.core.errors import LifeCircleError
from ..lifecircle_plugin.core.services import BY_CODE
from ..lifecircle_plugin.core.standards import read_standards
from .base import LifeCircleAlgorithm, decimals
from ..lifecircle_plugin.adapters.layer_io import (cancel_check, nullable_column, nullable_number, progress_between,
                                                  raise_if_cancelled)

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).


def _ui_language():
    return QgsSettings().value("locale/userLocale", "") or QLocale.system().name()


class AccessibilityAlgorithm(LifeCircleAlgorithm):
    NAME = "accessibility"
    GROUP_ID = "analysis"
    ICON = "accessibility.svg"

    CAPACITY_FIELD = "CAPACITY_FIELD"
    MISSING_CAPACITY = "MISSING_CAPACITY"
    METHOD = "METHOD"
    MINUTES = "MINUTES"
    BANDS = "BANDS"
    WEIGHTS = "WEIGHTS"
    OUTPUT_DEMAND = "OUTPUT_DEMAND"
    OUTPUT_FACILITIES = "OUTPUT_FACILITIES"
    OUTPUT_SUMMARY = "OUTPUT_SUMMARY"

    def displayName(self):
        return self.tr("Supply and demand accessibility (2SFCA)")

    def group(self):
        return self.tr("Life-circle analysis")

    def shortHelpString(self):
        return self.tr(
            "Is there enough, for the people who need it? For every resident and service: the supply per "
            "1,000 people of the service's cohort within walking reach, by the two-step floating catchment "
            "method (2SFCA, Luo & Wang 2003), its banded form (E2SFCA, Luo & Qi 2009) or a Gaussian decay.\n\n"
            "Walking minutes are measured as in the walking coverage (same network, attachment, access legs); "
            "residents and facilities farther than the snap distance from the network take no part. "
            "W(t) is 1 within MINUTES (2SFCA), the band weight (E2SFCA), or exp(-t²/β) with W(MINUTES) = 0.01 "
            "(Gaussian), and 0 beyond MINUTES. R_j = capacity / Σ P_k·W(t_kj) per facility (NULL when no one "
            "of the cohort reaches it); A_i = Σ R_j·W(t_ij) per resident (0 when none is reached).\n\n"
            "Capacity: one number per facility (beds, places, seats or m²), used for each of its services. "
            "Standards CSV (optional): columns service, minutes and, optionally, demand_field (the residents' "
            "cohort field, e.g. pop_60plus), capacity_unit, norm_per_1000 and speed_kmh (a cohort's walking "
            "speed); empty cells fall back to the population field, the walking speed and no norm.\n\n"
            "Outputs: residents with acc_<service> (supply per 1,000 of the cohort), nearest_<service> (minutes "
            "within the catchment) and norm_ok_<service> where a norm is given; one row per facility and "
            "service with demand, ratio, crowding and its responsibility catchment (residents whose nearest "
            "facility it is); per unit and service the cohort, the weighted mean and 10th percentile of acc, "
            "the share below the norm, the Gini coefficient and the share beyond the catchment, plus the 1+N "
            "row (a 人民坊 within reach, small sites within 5 minutes).")

    def initAlgorithm(self, config=None):
        self.add_network_parameters()
        self.add_facility_parameters()
        self.addParameter(QgsProcessingParameterField(
            self.CAPACITY_FIELD, self.tr("Capacity field (beds, places, seats or m²)"),
            parentLayerParameterName=self.FACILITIES, type=QgsProcessingParameterField.Any))
        self.addParameter(QgsProcessingParameterEnum(
            self.MISSING_CAPACITY, self.tr("Facilities without a capacity"),
            options=[self.tr("Refuse the run and name them"), self.tr("Count each as 1, with a warning")],
            defaultValue=0))
        self.add_demand_parameters()
        self.add_unit_parameters()
        self.add_services_parameter()
        self.add_threshold_choice()
        self.addParameter(QgsProcessingParameterFile(
            self.STANDARDS, self.tr("Standards (CSV: service, minutes, demand_field, capacity_unit, norm_per_1000, "
                                    "speed_kmh)"), extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Method"),
            options=[self.tr("2SFCA (Luo & Wang 2003)"), self.tr("E2SFCA, weighted bands (Luo & Qi 2009)"),
                     self.tr("Gaussian decay")], defaultValue=METHOD_2SFCA))
        self.addParameter(decimals(QgsProcessingParameterNumber(
            self.MINUTES, self.tr("Catchment (minutes; empty: each service's threshold from the standards, else 15)"),
            QgsProcessingParameterNumber.Double, optional=True, minValue=0.5, maxValue=120), 1))
        self.addParameter(QgsProcessingParameterString(
            self.BANDS, self.tr("E2SFCA bands (minutes, increasing)"),
            defaultValue=",".join(f"{b:g}" for b in DEFAULT_BANDS)))
        self.addParameter(QgsProcessingParameterString(
            self.WEIGHTS, self.tr("E2SFCA weights (one per band, decreasing)"),
            defaultValue=",".join(f"{w:g}" for w in DEFAULT_WEIGHTS)))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_DEMAND, self.tr("Residents with accessibility"), QgsProcessing.TypeVectorAnyGeometry))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_FACILITIES, self.tr("Facilities with demand and crowding"),
            QgsProcessing.TypeVectorAnyGeometry, optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_SUMMARY, self.tr("Equity by unit and service"), QgsProcessing.TypeVector,
            optional=True, createByDefault=True))
        self.add_report_parameters()

    def compute(self, parameters, context, feedback):
        try:
            return self.analyse(parameters, context, feedback)
        except LifeCircleError as err:
            raise QgsProcessingException(err.message(_ui_language())) from err

    def catchment_minutes(self, parameters, context):
        """MINUTES when given (overrides every service), else None."""
        if parameters.get(self.MINUTES) in (None, ""):
            return None
        return self.parameterAsDouble(parameters, self.MINUTES, context)

    def analyse(self, parameters, context, feedback):
        import numpy as np

        from ..lifecircle_plugin.core.accessibility import (ONE_PLUS_N, Decay, ServicePlan, accessibility, capacities,
                                                            check_cohort_fields, cohort_population, equity_summary,
                                                            parse_numbers)
        from .report.accessibility import accessibility_report

        report_path = self.report_path(parameters, context)
        path = self.standards_file(parameters, context)
        standards = read_standards(path) if path else None
        method = self.parameterAsEnum(parameters, self.METHOD, context)
        bands, weights = DEFAULT_BANDS, DEFAULT_WEIGHTS
        if method == METHOD_E2SFCA:  # the bands mean nothing to the other methods
            bands = parse_numbers(self.parameterAsString(parameters, self.BANDS, context), "BANDS")
            weights = parse_numbers(self.parameterAsString(parameters, self.WEIGHTS, context), "WEIGHTS")
        minutes = self.catchment_minutes(parameters, context)
        speed = self.parameterAsDouble(parameters, self.WALK_SPEED_KMH, context)
        network, crs = self.read_network(parameters, context, feedback)
        feedback.setProgress(15)

        feedback.setProgressText(self.tr("Reading facilities and residents"))
        capacity_field = self.parameterAsString(parameters, self.CAPACITY_FIELD, context)
        facilities, fac_points, services = self.read_facilities(
            parameters, context, feedback, crs, keep_features=True, extra_fields=(capacity_field,))
        codes = self.chosen_services(parameters, context, facilities, services)
        cohort_fields = sorted({standards[c].demand_field for c in codes if standards and standards[c].demand_field})
        demand_source = self.source(parameters, self.DEMAND, context)
        if standards:
            check_cohort_fields(standards, codes, set(demand_source.fields().names()), demand_source.sourceName())
        demand, res_points, population = self.read_demand(parameters, context, feedback, crs, keep_features=True,
                                                          extra_fields=cohort_fields)
        units = self.read_units(parameters, context, feedback, crs)
        unit_ids = self.read_unit_ids(feedback, demand, units)
        used = np.array([any(c in s for c in codes) for s in services], dtype=bool)
        capacity, counted_as_one = capacities(
            facilities.values[capacity_field], used, facilities.name, capacity_field, facilities.describe,
            missing_as_one=self.parameterAsEnum(parameters, self.MISSING_CAPACITY, context) == 1)
        if counted_as_one:
            feedback.pushWarning(self.tr(
                "{0} facilities of '{1}' have no capacity in '{2}' and count as 1: {3}").format(
                len(counted_as_one), facilities.name, capacity_field,
                ", ".join(facilities.describe(i) for i in counted_as_one[:20])))
        plans = []
        for code in codes:
            standard = standards[code] if standards else None
            field = standard.demand_field if standard else None
            plans.append(ServicePlan(
                code,
                Decay(method, minutes or (standard.minutes if standard else DEFAULT_MINUTES), tuple(bands),
                      tuple(weights)),
                (standard.speed_kmh if standard else None) or speed,
                cohort_population(demand.values[field], demand.name, field, demand.describe) if field else population,
                field, standard.norm_per_1000 if standard else None, standard.capacity_unit if standard else None))
        feedback.setProgress(25)
        feedback.setProgressText(self.tr("Walking times within each catchment and the two steps"))

        result = accessibility(network, fac_points, services, capacity, res_points, plans, speed_kmh=speed,
                               max_snap_m=self.parameterAsDouble(parameters, self.MAX_SNAP_M, context),
                               progress=progress_between(feedback, 25, 80), cancel=cancel_check(feedback))
        self.report_reach(result, facilities, demand, used, parameters, context, feedback)
        feedback.setProgressText(self.tr("Writing the outputs"))
        rows = equity_summary(result, population, unit_ids)
        outputs = {}
        outputs.update(self.write_demand(parameters, context, feedback, demand, result, unit_ids))
        outputs.update(self.write_facilities(parameters, context, feedback, facilities, capacity, result))
        outputs.update(self.write_summary(parameters, context, rows))
        for row in rows:
            if row.unit_id == "ALL" and row.service != ONE_PLUS_N:
                feedback.pushInfo(self.tr(
                    "  {0} {1}: {2:,.0f} people of the cohort, mean {3:.2f} per 1,000, 10th percentile {4:.2f}, "
                    "Gini {5}, {6:.1f}% beyond {7:g} min").format(
                    row.service, BY_CODE[row.service].name_zh, row.population, row.mean_acc if row.population else 0,
                    row.p10_acc if row.population else 0, "—" if math.isnan(row.gini) else f"{row.gini:.3f}",
                    100 * (row.beyond_share if row.population else 0), row.minutes))
        if report_path:
            self.publish_report(accessibility_report(network, crs, facilities, demand, result, rows, capacity, units,
                                                     method), parameters, context, outputs)
        feedback.setProgress(100)
        return outputs

    def report_reach(self, result, facilities, demand, used, parameters, context, feedback):
        import numpy as np

        snap = self.parameterAsDouble(parameters, self.MAX_SNAP_M, context)
        has_geometry = np.array([g is not None for g in facilities.geometries], dtype=bool)
        lost = np.flatnonzero(used & ~result.facility_attached & has_geometry)
        if used.any() and not result.facility_attached[used].any():
            raise QgsProcessingException(self.tr(
                "No facility of layer '{0}' lies within {1:g} m of the walking network. Check that the layers "
                "cover the same area and CRS, or raise the snap distance.").format(facilities.name, snap))
        if len(lost):
            feedback.pushWarning(self.tr(
                "{0} facilities of '{1}' are farther than {2:g} m from the network and take no part: {3}").format(
                len(lost), facilities.name, snap, ", ".join(facilities.describe(i) for i in lost[:20])))
        resident_geometry = np.array([g is not None for g in demand.geometries], dtype=bool)
        off = np.flatnonzero(~result.resident_attached & resident_geometry)
        if len(off):
            feedback.pushWarning(self.tr(
                "{0} residents of '{1}' are farther than {2:g} m from the network: they take no part in the "
                "demand and reach nothing (accessibility 0): {3}").format(
                len(off), demand.name, snap, ", ".join(demand.describe(i) for i in off[:20])))
        for code, service in result.services.items():
            unreached = [i for i in service.unreached if result.facility_attached[i]]
            if unreached:
                feedback.pushWarning(self.tr(
                    "{0} {1}: {2} facilities are reached by no one of the cohort within {3:g} min; their ratio "
                    "is NULL: {4}").format(code, BY_CODE[code].name_zh, len(unreached), service.plan.minutes,
                                          ", ".join(facilities.describe(i) for i in unreached[:20])))

    def write_demand(self, parameters, context, feedback, demand, result, unit_ids):
        source = self.parameterAsSource(parameters, self.DEMAND, context)
        extra = QgsFields()
        columns = []
        for code, service in result.services.items():
            extra.append(QgsField(f"acc_{code}", QVariant.Double))
            extra.append(QgsField(f"nearest_{code}", QVariant.Double))
            columns += [service.acc.tolist(), nullable_column(service.nearest_minutes)]
            ok = service.norm_ok()
            if ok is not None:
                extra.append(QgsField(f"norm_ok_{code}", QVariant.Bool))
                columns.append(ok.tolist())
        extra.append(QgsField("hub_within", QVariant.Bool))
        extra.append(QgsField("small_sites_5min", QVariant.Int))
        extra.append(QgsField("unit_id", QVariant.String))
        columns += [result.hub_within.tolist(), result.small_sites_within.tolist(), list(unit_ids)]
        fields = QgsProcessingUtils.combineFields(source.fields(), extra)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_DEMAND, context, fields, source.wkbType(),
                                          source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_DEMAND))

        def residents():
            for feature, values in zip(demand.features, zip(*columns)):
                out = QgsFeature(fields)
                out.setGeometry(feature.geometry())
                out.setAttributes(feature.attributes() + list(values))
                yield out

        self.write_batched(sink, residents(), feedback)
        return {self.OUTPUT_DEMAND: dest}

    def write_facilities(self, parameters, context, feedback, facilities, capacity, result):
        import numpy as np

        if parameters.get(self.OUTPUT_FACILITIES) is None:
            return {}  # an optional output not asked for
        source = self.parameterAsSource(parameters, self.FACILITIES, context)
        fields = QgsFields()
        for name, kind in (("source_fid", QVariant.LongLong), ("name", QVariant.String),
                           ("service", QVariant.String), ("service_zh", QVariant.String),
                           ("capacity", QVariant.Double), ("capacity_unit", QVariant.String),
                           ("demand", QVariant.Double), ("ratio", QVariant.Double), ("crowding", QVariant.Double),
                           ("assigned_pop", QVariant.Double), ("assigned_per_capacity", QVariant.Double),
                           ("minutes", QVariant.Double), ("hub", QVariant.Bool), ("attached", QVariant.Bool)):
            fields.append(QgsField(name, kind))
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_FACILITIES, context, fields, source.wkbType(),
                                          source.sourceCrs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_FACILITIES))
        names = facilities.values.get("name", [None] * len(facilities))
        for code, service in result.services.items():
            raise_if_cancelled(feedback)
            for i in np.flatnonzero(service.offers):
                out = QgsFeature(fields)
                out.setGeometry(facilities.features[i].geometry())
                attached = bool(result.facility_attached[i])
                out.setAttributes([
                    int(facilities.fids[i]), names[i], code, BY_CODE[code].name_zh, float(capacity[i]),
                    service.plan.capacity_unit, float(service.demand[i]),
                    nullable_number(1000.0 * service.ratio[i]), float(service.demand[i] / capacity[i]),
                    float(service.assigned_population[i]), float(service.assigned_population[i] / capacity[i]),
                    service.plan.minutes, bool(result.hub[i]), attached])
                sink.addFeature(out, QgsFeatureSink.FastInsert)
        return {self.OUTPUT_FACILITIES: dest}

    def write_summary(self, parameters, context, rows):
        if parameters.get(self.OUTPUT_SUMMARY) is None:
            return {}  # an optional output not asked for
        fields = QgsFields()
        for name, kind in (("unit_id", QVariant.String), ("service", QVariant.String),
                           ("service_zh", QVariant.String), ("cohort_field", QVariant.String),
                           ("population", QVariant.Double), ("mean_acc", QVariant.Double),
                           ("p10_acc", QVariant.Double), ("norm_per_1000", QVariant.Double),
                           ("below_norm_share", QVariant.Double), ("gini", QVariant.Double),
                           ("beyond_share", QVariant.Double), ("minutes", QVariant.Double),
                           ("hub_share", QVariant.Double), ("small_sites_5min", QVariant.Double),
                           ("mean_small_sites_5min", QVariant.Double)):
            fields.append(QgsField(name, kind))
        sink, dest = self.table_sink(parameters, self.OUTPUT_SUMMARY, context, fields)
        for row in rows:
            out = QgsFeature(fields)
            name_zh = BY_CODE[row.service].name_zh if row.service in BY_CODE else "1+N 人民坊与六艺亭"
            out.setAttributes([row.unit_id, row.service, name_zh, row.cohort_field] + [
                nullable_number(v) for v in (row.population, row.mean_acc, row.p10_acc, row.norm_per_1000,
                                             row.below_norm_share, row.gini, row.beyond_share, row.minutes,
                                             row.hub_share, row.small_sites, row.mean_small_sites)])
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        return {self.OUTPUT_SUMMARY: dest}
