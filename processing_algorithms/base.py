"""Shared base of LifeCircle's Processing algorithms: translation, help, the walking-network parameters."""
import os
from dataclasses import dataclass

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingOutputFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ..lifecircle_plugin import blueprint_layer
from ..lifecircle_plugin.core.blueprint import PlanWindow
from ..lifecircle_plugin.core.coverage import SERVICE_CODES, StandardsError, load_standards
from ..lifecircle_plugin.core.network import NODING_SHARED_VERTICES, NetworkError, build_network
from ..lifecircle_plugin.core.walkability import osm_walkable
from ..lifecircle_plugin.core.services import SERVICES, UnknownServiceError, parse_services
from .layer_io import (
    Cancelled,
    LayerData,
    access_points,
    raise_if_cancelled,
    read_layer,
    representative_points,
    unit_of_points,
    working_crs,
)
from .report.writer import check_report_path, pdf_path_for, write_report

EXCLUDED_BY_EXPRESSION = "expression"
EXCLUDED_BY_OSM_TAGS = "osm"


@dataclass
class NetworkLines:
    """The network layer read for building: features, working CRS and what the filter left out."""

    data: LayerData
    crs: QgsCoordinateReferenceSystem  # the working metric CRS
    excluded: np.ndarray  # bool per feature: left out by the exclusion expression or the OSM rules
    cost_factors: np.ndarray  # per feature, or None without a cost factor field
    exclusion_rule: str  # EXCLUDED_BY_EXPRESSION, EXCLUDED_BY_OSM_TAGS or None (nothing filtered)


ACCEPTED_SERVICES = ", ".join(f"{s.code} {s.name_zh}" for s in SERVICES)
ICON_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons")


@dataclass
class BasicUnits:
    """The basic units layer read once: polygons in the working CRS and their ids (str, None when empty)."""

    name: str
    geometries: np.ndarray
    ids: list


def _file_stamp(path):
    return (os.path.getsize(path), os.path.getmtime(path)) if os.path.exists(path) else None


class LifeCircleAlgorithm(QgsProcessingAlgorithm):
    """Base class: subclasses set ``NAME``, ``GROUP_ID``, implement ``displayName``, ``group``,
    ``shortHelpString``, ``initAlgorithm`` and ``compute``."""

    NAME = ""
    GROUP_ID = ""
    ICON = "lifecircle.svg"

    NETWORK = "NETWORK"
    EXCLUDE_EXPRESSION = "EXCLUDE_EXPRESSION"
    COST_FIELD = "COST_FIELD"
    NODING = "NODING"
    GAP_TOLERANCE_M = "GAP_TOLERANCE_M"
    MAX_SNAP_M = "MAX_SNAP_M"
    WALK_SPEED_KMH = "WALK_SPEED_KMH"
    FACILITIES = "FACILITIES"
    SERVICE_FIELD = "SERVICE_FIELD"
    DEMAND = "DEMAND"
    POPULATION_FIELD = "POPULATION_FIELD"
    GATES = "GATES"
    UNITS = "UNITS"
    UNIT_ID_FIELD = "UNIT_ID_FIELD"
    STANDARDS = "STANDARDS"
    STREET = "STREET"
    FIRST_YEAR = "FIRST_YEAR"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_REPORT_PDF = "OUTPUT_REPORT_PDF"

    def __init__(self):
        super().__init__()
        self.pending_report = None  # (Report, html path) written by postProcessAlgorithm
        self.results = {}

    def tr(self, string):
        """Translate with the context of the class that wrote the string (pylupdate5's context)."""
        for cls in type(self).__mro__:
            translated = QCoreApplication.translate(cls.__name__, string)
            if translated != string:
                return translated
            if cls is LifeCircleAlgorithm:
                break
        return string

    def createInstance(self):
        return type(self)()

    def name(self):
        return self.NAME

    def groupId(self):
        return self.GROUP_ID

    def svgIconPath(self):  # noqa: N802 (QGIS API)
        path = os.path.join(ICON_DIR, self.ICON)
        return path if os.path.exists(path) else os.path.join(ICON_DIR, "lifecircle.svg")

    def icon(self):
        return QIcon(self.svgIconPath())

    def helpUrl(self):
        return "https://github.com/lifecircle-shanghai/lifecircle#algorithms"

    def processAlgorithm(self, parameters, context, feedback):
        before = self.destination_files(parameters, context)
        try:
            self.results = self.compute(parameters, context, feedback)
            if self.pending_report is not None:
                self.pending_report[0].move_to_thread(context.thread())
            return self.results
        except Cancelled:
            pass  # handled below, once the frames holding the open output files are released
        except (NetworkError, ValueError) as err:
            raise QgsProcessingException(str(err)) from err
        # Past the handler the frames holding open output files are gone, so half-written files can go.
        for path, stamp in before.items():
            if os.path.exists(path) and _file_stamp(path) != stamp:
                for leftover in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
                    if os.path.exists(leftover):
                        os.remove(leftover)
        feedback.pushInfo(self.tr("Cancelled: nothing was written."))
        return {}

    # --- the blueprint's plan window ----------------------------------------------------------

    def street_plan_window(self, parameters, context, layer):
        """The plan window (street, first year) of a blueprint layer: from its GeoPackage, with the STREET and
        FIRST_YEAR parameters overriding it (and needed for layers stored elsewhere)."""
        stored = blueprint_layer.read_plan_window(layer)
        street = self.parameterAsString(parameters, self.STREET, context).strip()
        first_year = parameters.get(self.FIRST_YEAR)
        if stored is None and (not street or first_year in (None, "")):
            raise QgsProcessingException(self.tr(
                "Layer '{0}' carries no plan window (it is not a blueprint GeoPackage made by 'Create community "
                "blueprint'); give the street and the first year of the plan.").format(layer.name()))
        return PlanWindow(street or stored.street,
                          stored.first_year if first_year in (None, "")
                          else self.parameterAsInt(parameters, self.FIRST_YEAR, context))

    # --- the report (HTML + PDF), written on the main thread ------------------------------------

    def add_report_parameters(self, description=None):
        """OUTPUT_REPORT (an HTML file; optional) and the OUTPUT_REPORT_PDF written beside it."""
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT,
            description or self.tr("Report (HTML with maps and charts; a PDF is written beside it)"),
            self.tr("HTML files (*.html)"), optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_REPORT_PDF, self.tr("Report (PDF)")))

    def report_path(self, parameters, context):
        """The HTML path asked for (checked before any work is done), or None for no report."""
        path = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) \
            if self.parameterDefinition(self.OUTPUT_REPORT) is not None else None
        if path:
            check_report_path(path)
        return path or None

    def publish_report(self, report, parameters, context, results):
        """Finish ``report`` with the run's parameters (``results``: the outputs so far) and have it written
        (HTML and PDF) once the run is over, on the main thread, where QGIS's print layouts run."""
        path = self.report_path(parameters, context)
        report.add_parameters(self, parameters, context, dict(results, **{
            self.OUTPUT_REPORT: path, self.OUTPUT_REPORT_PDF: pdf_path_for(path)}))
        self.pending_report = (report, path)

    def postProcessAlgorithm(self, context, feedback):
        if self.pending_report is None:
            return {}  # the results of processAlgorithm stand
        report, path = self.pending_report
        self.pending_report = None
        feedback.setProgressText(self.tr("Writing the report (HTML and PDF)"))
        html_path, pdf_path = write_report(report, path, feedback)
        if html_path is None:
            feedback.pushInfo(self.tr("Cancelled: the report was not written."))
            return {}
        feedback.pushInfo(self.tr("Report: {0} and {1}").format(html_path, pdf_path))
        return dict(self.results, **{self.OUTPUT_REPORT: html_path, self.OUTPUT_REPORT_PDF: pdf_path})

    def destination_files(self, parameters, context):
        """{file path: (size, mtime) or None when absent} of every output written to a file."""
        files = {}
        for definition in self.destinationParameterDefinitions():
            if definition.name() not in parameters or parameters[definition.name()] is None:
                continue
            try:
                path = self.parameterAsOutputLayer(parameters, definition.name(), context)
            except TypeError:
                path = self.parameterAsFileOutput(parameters, definition.name(), context)
            path = (path or "").split("|")[0]
            if path and os.path.isabs(path):
                files[path] = _file_stamp(path)
        return files

    # --- the walking network, shared by every algorithm that walks ---------------------------

    def add_network_parameters(self):
        """The walking network with its cleaning options, the snap distance and the walking speed."""
        self.add_network_cleaning_parameters()
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_SNAP_M, self.tr("Farthest distance from a point to the network (m)"),
            QgsProcessingParameterNumber.Double, defaultValue=150.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.WALK_SPEED_KMH, self.tr("Walking speed (km/h)"),
            QgsProcessingParameterNumber.Double, defaultValue=4.0, minValue=0.5, maxValue=10.0))

    def add_network_cleaning_parameters(self):
        """The walking network and how it is cleaned: exclusion, cost factors, junctions, gap closing."""
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.NETWORK, self.tr("Walking network (lines)"), [QgsProcessing.TypeVectorLine]))
        exclude = QgsProcessingParameterExpression(
            self.EXCLUDE_EXPRESSION,
            self.tr("Exclude lines where (expression; empty: OpenStreetMap rules when the layer has a "
                    "'highway' field)"),
            parentLayerParameterName=self.NETWORK, optional=True)
        self.addParameter(exclude)
        self.addParameter(QgsProcessingParameterField(
            self.COST_FIELD, self.tr("Cost factor field (stairs, slopes: 1 = flat walk)"),
            parentLayerParameterName=self.NETWORK, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.NODING, self.tr("Line junctions"),
            options=[self.tr("Shared vertices only (OpenStreetMap: bridges stay apart)"),
                     self.tr("Every crossing (CAD/survey lines)")],
            defaultValue=NODING_SHARED_VERTICES))
        self.addParameter(QgsProcessingParameterNumber(
            self.GAP_TOLERANCE_M, self.tr("Close gaps between line ends up to (m)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.5, minValue=0.0, maxValue=50.0))

    def source(self, parameters, name, context, required=True):
        """A feature source parameter, with a clear message when it is missing or empty."""
        source = self.parameterAsSource(parameters, name, context)
        if source is None:
            if required:
                raise QgsProcessingException(self.invalidSourceError(parameters, name))
            return None
        if required and source.featureCount() == 0:
            raise QgsProcessingException(self.tr("Layer '{0}' (for '{1}') has no features.").format(
                source.sourceName(), self.parameterDefinition(name).description()))
        return source

    def read_network(self, parameters, context, feedback):
        """Build the walking network; returns (WalkingNetwork, working CRS)."""
        lines = self.read_network_lines(parameters, context, feedback)
        return self.build_walking_network(lines, parameters, context, feedback), lines.crs

    def read_network_lines(self, parameters, context, feedback):
        """The network layer's lines in the working CRS with the walkability filter applied: NetworkLines."""
        source = self.source(parameters, self.NETWORK, context)
        name = source.sourceName()
        crs = working_crs(source, name, context, feedback)
        expression = self.parameterAsExpression(parameters, self.EXCLUDE_EXPRESSION, context)
        cost_field = self.parameterAsString(parameters, self.COST_FIELD, context)
        osm_fields = [f for f in ("highway", "foot", "access") if source.fields().lookupField(f) >= 0]
        use_osm = not expression and "highway" in osm_fields
        fields = (osm_fields if use_osm else []) + ([cost_field] if cost_field else [])
        feedback.pushInfo(self.tr("Reading network '{0}' ({1} features)").format(name, source.featureCount()))
        data = read_layer(source, name, crs, context, feedback, fields=fields, expression=expression or None)
        raise_if_cancelled(feedback)

        if expression:
            excluded = np.array([bool(v) for v in data.values["__expression__"]], dtype=bool)
            feedback.pushInfo(self.tr("{0} lines excluded by '{1}'.").format(int(excluded.sum()), expression))
        elif use_osm:
            get = data.values.get
            n = len(data)
            excluded = ~np.array([osm_walkable(h, f, a) for h, f, a in zip(
                get("highway"), get("foot", [None] * n), get("access", [None] * n))], dtype=bool)
            feedback.pushInfo(self.tr(
                "{0} lines excluded as not walkable by OpenStreetMap tags (foot=no, expressways, "
                "motorways, construction).").format(int(excluded.sum())))
        else:
            excluded = np.zeros(len(data), dtype=bool)
        factors = None
        if cost_field:
            raw = data.values[cost_field]
            factors = np.array([1.0 if v is None else float(v) for v in raw])
            bad = np.flatnonzero(~np.isfinite(factors) | (factors <= 0))
            if len(bad):
                raise QgsProcessingException(self.tr(
                    "Cost factor field '{0}' of layer '{1}' must be positive; features {2} are not. "
                    "Correct them or leave the field empty (1 = flat walk).").format(
                    cost_field, name, ", ".join(data.describe(i) for i in bad[:10])))
        rule = EXCLUDED_BY_EXPRESSION if expression else EXCLUDED_BY_OSM_TAGS if use_osm else None
        return NetworkLines(data, crs, excluded, factors, rule)

    def build_walking_network(self, lines, parameters, context, feedback):
        """The WalkingNetwork of ``lines`` (from ``read_network_lines``), with what cleaning changed logged."""

        def cancel():
            raise_if_cancelled(feedback)

        try:
            network = build_network(
                lines.data.geometries, cost_factors=lines.cost_factors, walkable=~lines.excluded,
                noding=self.parameterAsEnum(parameters, self.NODING, context),
                gap_tolerance_m=self.parameterAsDouble(parameters, self.GAP_TOLERANCE_M, context),
                cancel=cancel)
        except NetworkError as err:
            raise QgsProcessingException(self.tr("Network layer '{0}': {1}").format(lines.data.name, err)) from err
        r = network.report
        feedback.pushInfo(self.tr(
            "Network: {0} edges, {1:.1f} km; {2} crossings split, {3} gaps closed, {4} duplicate and {5} "
            "zero-length pieces dropped.").format(
            network.edge_count, network.total_length_m / 1000.0, r.crossings_split, r.gaps_closed,
            r.duplicates_dropped, r.zero_length_dropped))
        if r.components > 1:
            sizes = ", ".join(str(s) for s in r.component_edges[:8])
            feedback.pushWarning(self.tr(
                "The network falls apart into {0} parts (edges per part: {1}{2}); people on one part cannot "
                "walk to another.").format(r.components, sizes, " …" if r.components > 8 else ""))
        return network

    # --- facilities, residents and units ----------------------------------------------------

    def add_facility_parameters(self, optional=False):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.FACILITIES, self.tr("Facilities"), [QgsProcessing.TypeVectorAnyGeometry], optional=optional))
        self.addParameter(QgsProcessingParameterField(
            self.SERVICE_FIELD,
            self.tr("Services field (codes or Chinese names, several separated by , ; 、)"),
            parentLayerParameterName=self.FACILITIES, type=QgsProcessingParameterField.String,
            optional=optional))

    def add_demand_parameters(self, optional=False):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.DEMAND, self.tr("Residents (points or compound polygons)"),
            [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon], optional=optional))
        self.addParameter(QgsProcessingParameterField(
            self.POPULATION_FIELD, self.tr("Population field (empty: 1 per feature)"),
            parentLayerParameterName=self.DEMAND, type=QgsProcessingParameterField.Numeric, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.GATES, self.tr("Compound gates (points; polygons are entered through them)"),
            [QgsProcessing.TypeVectorPoint], optional=True))

    def add_unit_parameters(self):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.UNITS, self.tr("Basic units (polygons)"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.UNIT_ID_FIELD, self.tr("Unit id field"), parentLayerParameterName=self.UNITS, optional=True))

    def read_facilities(self, parameters, context, feedback, crs, keep_features=False, extra_fields=()):
        """Facilities with their parsed service codes: (LayerData, AccessPoints, services per feature)."""
        source = self.source(parameters, self.FACILITIES, context)
        name = source.sourceName()
        service_field = self.parameterAsString(parameters, self.SERVICE_FIELD, context)
        if not service_field:
            raise QgsProcessingException(self.tr("Choose the services field of layer '{0}'.").format(name))
        fields = [service_field] + [f for f in ("name",) + tuple(extra_fields)
                                    if f and source.fields().lookupField(f) >= 0]
        data = read_layer(source, name, crs, context, feedback, fields=fields, keep_features=keep_features,
                          check_validity=False)
        services = []
        for i, value in enumerate(data.values[service_field]):
            try:
                services.append(parse_services(value))
            except UnknownServiceError as err:
                raise QgsProcessingException(self.tr(
                    "Layer '{0}', feature {1}, field '{2}': unknown service '{3}'. Accepted: {4}.").format(
                    name, data.describe(i), service_field, err.name, ACCEPTED_SERVICES)) from err
        none = [i for i, s in enumerate(services) if not s]
        if none:
            feedback.pushWarning(self.tr(
                "Layer '{0}': {1} feature(s) list no service in '{2}' and are ignored (features {3}).").format(
                name, len(none), service_field, ", ".join(data.describe(i) for i in none[:10])))
        return data, access_points(data, feedback), services

    def read_demand(self, parameters, context, feedback, crs, keep_features=False):
        """Residents: (LayerData, AccessPoints, population per feature)."""
        source = self.source(parameters, self.DEMAND, context)
        name = source.sourceName()
        pop_field = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        fields = [pop_field] if pop_field else []
        if source.fields().lookupField("name") >= 0:
            fields.append("name")
        data = read_layer(source, name, crs, context, feedback, fields=fields, keep_features=keep_features,
                          check_validity=False)
        if pop_field:
            population = np.array([np.nan if v is None else float(v) for v in data.values[pop_field]])
            bad = np.flatnonzero(~np.isfinite(population) | (population < 0))
            if len(bad):
                raise QgsProcessingException(self.tr(
                    "Population field '{0}' of layer '{1}' is NULL or negative for {2} feature(s): {3}. "
                    "Fill in the population (or estimate it from residential floor area), or filter those "
                    "features out, and run again.").format(
                    pop_field, name, len(bad), ", ".join(data.describe(i) for i in bad[:10])))
        else:
            population = np.ones(len(data))
            feedback.pushInfo(self.tr("No population field: each feature of '{0}' counts as 1.").format(name))
        gates = None
        gate_source = self.source(parameters, self.GATES, context, required=False)
        if gate_source is not None:
            gates = read_layer(gate_source, gate_source.sourceName(), crs, context, feedback)
        return data, access_points(data, feedback, gates=gates), population

    def read_thresholds(self, parameters, context, minutes):
        """Minutes per service code: ``minutes`` for every service, or the STANDARDS CSV (service, minutes)
        with ``minutes`` for the services it leaves out. The same choice gives the same figures in
        walkingcoverage and validateblueprint."""
        path = self.parameterAsFile(parameters, self.STANDARDS, context)
        if not path:
            return {code: minutes for code in SERVICE_CODES}
        try:
            return load_standards(path, default_minutes=minutes)
        except StandardsError as err:
            raise QgsProcessingException(str(err)) from err

    def read_units(self, parameters, context, feedback, crs):
        """The basic units (BasicUnits) in ``crs``, or None when no units layer is given."""
        source = self.source(parameters, self.UNITS, context, required=False)
        if source is None:
            return None
        name = source.sourceName()
        id_field = self.parameterAsString(parameters, self.UNIT_ID_FIELD, context)
        if not id_field:
            raise QgsProcessingException(self.tr("Choose the unit id field of layer '{0}'.").format(name))
        units = read_layer(source, name, crs, context, feedback, fields=[id_field])
        return BasicUnits(name, units.geometries, [None if v is None else str(v) for v in units.values[id_field]])

    def read_unit_ids(self, feedback, demand, units):
        """Unit id per resident (None where ``units`` is None or the resident lies outside every unit)."""
        if units is None:
            return np.array([None] * len(demand), dtype=object)
        unit_ids = unit_of_points(representative_points(demand), units, units.ids)
        outside = int(sum(u is None for u in unit_ids))
        if outside:
            feedback.pushWarning(self.tr(
                "{0} resident feature(s) of '{1}' lie outside every unit of '{2}'; they count only in the "
                "whole-area figures.").format(outside, demand.name, units.name))
        return unit_ids
