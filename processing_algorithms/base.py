"""Shared base of LifeCircle's Processing algorithms: translation, help, the walking-network parameters."""
from __future__ import annotations

import contextlib
import gc
import getpass
import hashlib
import html
import itertools
import math
import os
import tempfile
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING

from osgeo import gdal
from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsFeatureSink,
    QgsExpression,
    QgsFeatureRequest,
    QgsMessageLog,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterExpression,
    QgsProcessingParameterDefinition,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingOutputFile,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QThread, QUrl
from qgis.PyQt.QtGui import QIcon

from ..lifecircle_plugin.adapters import blueprint_layer
from ..lifecircle_plugin.core.blueprint import PlanWindow
from ..lifecircle_plugin.core.defaults import NODING_SHARED_VERTICES
from ..lifecircle_plugin.core.errors import LifeCircleError
from ..lifecircle_plugin.core.file_output import output_error, shared_output_error, writable_problem
from ..lifecircle_plugin.core.numbers_input import parse_number
from ..lifecircle_plugin.core.walkability import osm_walkable_each
from ..lifecircle_plugin.core.services import (BY_CODE, SERVICE_CODES, SERVICES, UnknownServiceError, format_services,
                                              parse_services, services_present)
from ..lifecircle_plugin.core.standards import load_standards
from ..lifecircle_plugin.adapters.layer_io import (Cancelled, LayerData, access_points, cancel_check, geopackage_table,
                                                   raise_if_cancelled, read_layer, representative_points,
                                                   refuse_degrees_in_metres, unit_of_points, working_crs)
from .output_staging import FinalPathFeedback, OutputStaging
from .report.writer import check_report_path, pdf_path_for, write_report

# numpy and core.network are imported in the methods using them: QGIS's start loads this module (with the
# Processing provider), they load when an algorithm runs.
if TYPE_CHECKING:
    import numpy as np

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


# THRESHOLDS: one number for every service, the Shanghai tiered set shipped with the plugin, or the user's CSV.
THRESHOLDS_UNIFORM, THRESHOLDS_TIERED, THRESHOLDS_CUSTOM = 0, 1, 2
TIERED_STANDARDS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "standards_tiered.csv")
HELP_DIR = os.path.join(tempfile.gettempdir(), f"lifecircle-help-{getpass.getuser()}")
ACCEPTED_SERVICES = ", ".join(f"{s.code} {s.name_zh}" for s in SERVICES)
WRITE_BATCH = 2000  # features per addFeatures call of write_batched
SQLITE_CACHE_OPTION, OUTPUT_SQLITE_CACHE_MB = "OGR_SQLITE_CACHE", "16"  # see parameterAsSink
INT_MAX = 2 ** 31 - 1  # the largest whole number parameterAsInt returns: it gives 0 for larger ones
ICON_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "resources", "icons")


# No map's coordinates reach this far (the Earth's circumference is 40,000 km); past it the network's grid
# arithmetic overflows.
FARTHEST_COORDINATE_M = 1e9


def _readable_vector_file(path):
    """True when GDAL opens ``path`` as vector data (a damaged file or another kind of file: False)."""
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        return gdal.OpenEx(path, gdal.OF_VECTOR) is not None
    except RuntimeError:  # gdal.UseExceptions() is on
        return False
    finally:
        gdal.PopErrorHandler()


@contextlib.contextmanager
def cycle_collection_paused():
    """Python's cycle collector paused while a run computes. A run makes hundreds of thousands of objects
    without cycles (features, geometries, values), freed by their reference counts anyway; each full
    collection they trigger walks every object of QGIS's process: 0.06 s of a 1.05 s run at 100,000 edges,
    measured (bench/bench_coverage.py). Left as it was when the run ends; a user's gc.disable() is kept."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class CheckedSink:
    """A feature sink whose failed writes stop the run naming the output (GDAL only logs them)."""

    def __init__(self, sink, path, description):
        self._sink, self._path, self._description = sink, path, description

    def addFeature(self, feature, *flags):  # QGIS API
        if not self._sink.addFeature(feature, *flags):
            self._failed()
        return True

    def addFeatures(self, features, *flags):  # QGIS API
        if not self._sink.addFeatures(features, *flags):
            self._failed()
        return True

    def close_in_background(self, staging):
        """Hand the sink to ``staging`` to be closed on a thread (OutputStaging.close_in_background); this
        wrapper refers to it no more, so the file closes there whatever else holds the wrapper."""
        holder, self._sink = [self._sink], None
        staging.close_in_background(holder)

    def _failed(self):
        raise output_error(self._path, OSError(0, f"a feature of '{self._description}' could not be written "
                                                  "(disk full, or a value the format cannot hold)"))

    def __getattr__(self, name):
        return getattr(self._sink, name)


def advanced(parameter, is_advanced=True):
    """``parameter`` shown under the dialog's Advanced parameters (a common run leaves it alone)."""
    if is_advanced:
        parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
    return parameter


def decimals(parameter, places):
    """A number parameter shown with ``places`` decimals in the dialog (0.5, not 0.500000)."""
    parameter.setMetadata({**parameter.metadata(), "widget_wrapper": {"decimals": places}})
    return parameter


def conventional_field(parameter, name):
    """A field parameter the dialog pre-selects when the chosen layer has the conventional field ``name``
    (the sample district's and blueprint's names); scripts and qgis_process still give it themselves."""
    parameter.setGuiDefaultValueOverride(name)
    return parameter


def csv_layer_options(destination):
    """GDAL layer options of a table output: a CSV gets a UTF-8 BOM, so that Excel shows 党群服务, not mojibake."""
    return ["WRITE_BOM=YES"] if (destination or "").split("|")[0].lower().endswith(".csv") else []


def help_page(algorithm):
    """Path of the algorithm's offline help page (HTML): its name, group, help text and every parameter
    with its id and default, in the UI language. Rewritten only when that text changes; None when the
    folder cannot be written (the dialog then offers no help button)."""
    rows = []
    for definition in algorithm.parameterDefinitions():
        default = definition.defaultValue()
        rows.append("<tr><td>{0}</td><td><code>{1}</code></td><td>{2}</td></tr>".format(
            html.escape(definition.description()), html.escape(definition.name()),
            "" if default is None else html.escape(str(default))))
    for output in algorithm.outputDefinitions():
        rows.append("<tr><td>{0}</td><td><code>{1}</code></td><td></td></tr>".format(
            html.escape(output.description()), html.escape(output.name())))
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in algorithm.shortHelpString().split("\n\n"))
    heading = QCoreApplication.translate("LifeCircleAlgorithm", "Parameters and outputs")
    columns = (QCoreApplication.translate("LifeCircleAlgorithm", "Name"),
               QCoreApplication.translate("LifeCircleAlgorithm", "Id"),
               QCoreApplication.translate("LifeCircleAlgorithm", "Default"))
    page = (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title><style>'
        'body{{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}}'
        'table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left}}'
        '</style></head><body><h1>{title}</h1><p><em>{group} · lifecircle:{id}</em></p>{paragraphs}'
        '<h2>{heading}</h2><table><tr><th>{c0}</th><th>{c1}</th><th>{c2}</th></tr>{rows}</table>'
        '</body></html>\n').format(
        title=html.escape(algorithm.displayName()), group=html.escape(algorithm.group()), id=algorithm.name(),
        paragraphs=paragraphs, heading=html.escape(heading), c0=columns[0], c1=columns[1], c2=columns[2],
        rows="".join(rows))
    digest = hashlib.sha1(page.encode("utf-8")).hexdigest()[:10]
    path = os.path.join(HELP_DIR, f"{algorithm.name()}-{digest}.html")
    if not os.path.exists(path):
        try:
            os.makedirs(HELP_DIR, exist_ok=True)
            with open(f"{path}.part", "w", encoding="utf-8") as handle:
                handle.write(page)
            os.replace(f"{path}.part", path)
        except OSError:
            return None
    return path


@dataclass
class BasicUnits:
    """The basic units layer read once: polygons in the working CRS and their ids (str, None when empty)."""

    name: str
    geometries: np.ndarray
    ids: list


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
    SERVICES = "SERVICES"
    MINUTES = "MINUTES"
    STANDARDS = "STANDARDS"
    THRESHOLDS = "THRESHOLDS"
    STREET = "STREET"
    FIRST_YEAR = "FIRST_YEAR"
    OUTPUT_REPORT = "OUTPUT_REPORT"
    OUTPUT_REPORT_PDF = "OUTPUT_REPORT_PDF"

    def __init__(self):
        super().__init__()
        self.pending_report = None  # (Report, html path) written by postProcessAlgorithm
        self.results = {}
        self.post_process_thread = None  # where postProcessAlgorithm will run (the caller's thread)

    def tr(self, string):
        """Translate with the context of the class that wrote the string (pylupdate5's context)."""
        for cls in type(self).__mro__:
            translated = QCoreApplication.translate(cls.__name__, string)
            if translated != string:
                return translated
            if cls is LifeCircleAlgorithm:
                break
        return string

    @staticmethod
    def language():
        """'zh' when the Chinese catalogue is in use, else 'en': the core's bilingual texts (errors, rule
        summaries) then follow the same choice as every translated string."""
        return QCoreApplication.translate("LifeCircleAlgorithm", "en", "language code of this translation")

    def createInstance(self):
        return type(self)()

    def name(self):
        return self.NAME

    def groupId(self):
        return self.GROUP_ID

    def svgIconPath(self):  # QGIS API
        path = os.path.join(ICON_DIR, self.ICON)
        return path if os.path.exists(path) else os.path.join(ICON_DIR, "lifecircle.svg")

    def icon(self):
        return QIcon(self.svgIconPath())

    def helpUrl(self):  # QGIS API
        """The Help button opens the plugin's own page for this algorithm, offline: written (once per
        language and version of the text) from the same help and parameter texts the dialog shows."""
        path = help_page(self)
        return QUrl.fromLocalFile(path).toString() if path else ""

    def prepareAlgorithm(self, parameters, context, feedback):
        # Called on the thread that will call postProcessAlgorithm; processAlgorithm may run on a worker thread
        # with a context of its own (the Processing dialog's task).
        self.post_process_thread = QThread.currentThread()
        return True

    def processAlgorithm(self, parameters, context, feedback):
        """Runs ``compute`` on staged outputs (see ``output_staging``): they replace the files at the
        output paths only when the whole run succeeded (with its report, written in
        ``postProcessAlgorithm``); a failure or a cancel leaves those as they were.

        A LifeCircleError (refused input) becomes a QgsProcessingException in the user's language; any
        other exception is a bug: its traceback goes to the log under one plain sentence saying so.
        """
        self._staging = staging = OutputStaging()
        failure = None
        try:
            staged = staging.stage_parameters(self, parameters, context)
            with cycle_collection_paused():
                results = self.compute(staged, context, FinalPathFeedback(staging, feedback) if staging.finals
                                       else feedback)
        except Cancelled:
            results = None
        except Exception as err:  # sorted by failure_message
            failure = self.failure_message(err, feedback)
        staging.wait_for_closes()  # outputs are complete files before they are committed, discarded or loaded
        # Past the handlers the frames holding open output files are gone, so staged files can go.
        if failure is not None:
            staging.discard()
            raise QgsProcessingException(staging.final(failure))
        if results is None or feedback.isCanceled():
            staging.discard()
            self.pending_report = None
            feedback.pushInfo(self.tr("Cancelled: nothing was written."))
            return {}
        if self.pending_report is not None:  # committed with the report, in postProcessAlgorithm
            self.pending_report[0].move_to_thread(self.post_process_thread or context.thread())
            self.results = {key: staging.final(value) for key, value in results.items()}
            return self.results
        return self.commit_outputs(results, context)

    def failure_message(self, error, feedback):
        """What a run that raised ``error`` ends with: a refusal's own message in the user's language, or,
        for an unexpected error (a bug), one plain sentence, the traceback going to the log."""
        if isinstance(error, LifeCircleError):
            return error.message(LifeCircleAlgorithm.language())
        if isinstance(error, QgsProcessingException):
            return str(error)
        trace = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        QgsMessageLog.logMessage(trace, "LifeCircle", Qgis.Critical)
        feedback.reportError(trace)
        return self.tr(
            "LifeCircle stopped on an unexpected error: this is a bug in LifeCircle, not a problem with your "
            "data. Please report it with the details shown in the log (View › Panels › Log Messages › "
            "LifeCircle). Nothing was written.")

    def commit_outputs(self, results, context):
        """Move the staged outputs into place; ``results`` with the final paths."""
        try:
            return self._staging.commit(results, context)
        except LifeCircleError as err:
            raise QgsProcessingException(err.message(LifeCircleAlgorithm.language())) from None

    def output_requested(self, parameters, name, context):
        """Whether an optional layer output was asked for (a run may give only the main output)."""
        return bool(self.parameterAsOutputLayer(parameters, name, context))

    def table_sink(self, parameters, name, context, fields):
        """(sink, destination) of a table output (no geometry); a CSV gets its UTF-8 BOM (csv_layer_options)."""
        sink, dest = self.parameterAsSink(
            parameters, name, context, fields, QgsWkbTypes.NoGeometry,
            layerOptions=csv_layer_options(self.parameterAsOutputLayer(parameters, name, context)))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        return sink, dest

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
        """OUTPUT_REPORT (an HTML file; optional, made by default in the dialog as a temporary file) and the
        OUTPUT_REPORT_PDF written beside it."""
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT,
            description or self.tr("Report (HTML with maps and charts; a PDF is written beside it)"),
            self.tr("HTML files (*.html)"), optional=True, createByDefault=True))
        self.addOutput(QgsProcessingOutputFile(self.OUTPUT_REPORT_PDF, self.tr("Report (PDF)")))

    def report_path(self, parameters, context):
        """The HTML path asked for (checked before any work is done), or None for no report."""
        path = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context) \
            if self.parameterDefinition(self.OUTPUT_REPORT) is not None else None
        if path:
            check_report_path(path)
            # the PDF beside it: checked now, not found a folder or another output's file once the run is done
            pdf = self.final_path(pdf_path_for(path))
            problem = writable_problem(pdf)
            if problem is not None:
                raise problem
            owner = self._staging.owners.get(os.path.abspath(pdf)) if getattr(self, "_staging", None) else None
            if owner is not None:
                raise shared_output_error(pdf, owner, self.outputDefinition(self.OUTPUT_REPORT_PDF).description())
        return path or None

    def publish_report(self, report, parameters, context, results):
        """Finish ``report`` with the run's parameters (``results``: the outputs so far) and have it written
        (HTML and PDF) once the run is over, on the main thread, where QGIS's print layouts run."""
        path = self.report_path(parameters, context)
        final = self.final_path(path)  # the report names where the outputs will be, not their staged names
        report.add_parameters(self, parameters, context, dict(
            {key: self.final_path(value) for key, value in results.items()},
            **{self.OUTPUT_REPORT: final, self.OUTPUT_REPORT_PDF: pdf_path_for(final)}))
        self.pending_report = (report, path)

    def postProcessAlgorithm(self, context, feedback):  # QGIS API
        if self.pending_report is None:
            return {}  # the results of processAlgorithm stand
        report, path = self.pending_report
        self.pending_report = None
        staging = self._staging
        feedback.setProgressText(self.tr("Writing the report (HTML and PDF)"))
        failure = None
        try:
            html_path, pdf_path = write_report(report, path, feedback)
        except Exception as err:  # sorted by failure_message
            failure = self.failure_message(err, feedback)
        if failure is not None:
            staging.discard()
            raise QgsProcessingException(staging.final(failure))
        if html_path is None:
            staging.discard()
            feedback.pushInfo(self.tr("Cancelled: nothing was written."))
            return {}
        results = self.commit_outputs(
            dict(self.results, **{self.OUTPUT_REPORT: html_path, self.OUTPUT_REPORT_PDF: pdf_path}), context)
        feedback.pushInfo(self.tr("Report: {0} and {1}").format(
            results[self.OUTPUT_REPORT], results[self.OUTPUT_REPORT_PDF]))
        return results

    def checkParameterValues(self, parameters, context):  # QGIS API
        """QGIS's own checks, with folders given where a file is read refused first, and, where QGIS says 'not
        found' of a layer file that exists, a message saying it cannot be read (the file is opened by GDAL only
        then: a first opening of a GeoPackage costs up to 0.02 s)."""
        layer_files = []  # (parameter description, value, path)
        for definition in self.parameterDefinitions():
            value = parameters.get(definition.name())
            if not isinstance(value, str) or not value.strip():
                continue
            path = value.split("|")[0].strip()
            if not os.path.isabs(path) or not os.path.exists(path):
                continue
            description = definition.description()
            if isinstance(definition, QgsProcessingParameterFile) and \
                    definition.behavior() == QgsProcessingParameterFile.File and os.path.isdir(path):
                return False, self.tr("'{0}': {1} is a folder; choose a file.").format(description, path)
            if isinstance(definition, (QgsProcessingParameterFeatureSource, QgsProcessingParameterVectorLayer)) \
                    and not os.path.isdir(path):  # a folder of shapefiles or a file geodatabase: QGIS reads those
                layer_files.append((description, value, path))
        accepted, message = super().checkParameterValues(parameters, context)
        if accepted:
            return accepted, message
        readable = {}  # path -> opens as vector data: layers of one GeoPackage are one file
        for description, value, path in layer_files:
            if path not in readable:
                readable[path] = _readable_vector_file(path)
            if not readable[path]:
                return False, self.tr(
                    "'{0}': the file {1} exists but cannot be read as a layer (damaged, not a GIS format, or "
                    "no such layer in it). Open it in QGIS to check, or export it again.").format(description, value)
        return accepted, message

    def staged_path(self, path):
        """For algorithms writing a file of their own beside an output (e.g. a report's PDF named
        after its HTML): the temporary path to write ``path`` to during ``compute``. The file is moved to
        ``path`` with the outputs when the run succeeds and removed when it fails or is cancelled.

        ``path`` may be a final path or one derived from a staged output path (then it is staged
        already and returned as it is: any file named like a staged output is committed with it).
        Raises OutputFileError (a LifeCircleError) when the folder takes no new file.
        """
        staging = getattr(self, "_staging", None)
        if staging is None or staging.marker in os.path.basename(path):
            return path
        return staging.stage(path)

    def final_path(self, path):
        """The path a staged ``path`` (as the algorithm sees it) will have once the run succeeded."""
        staging = getattr(self, "_staging", None)
        return staging.final(path) if staging is not None else path

    def parameterAsSink(self, parameters, name, context, *args, **kwargs):  # QGIS API
        """QGIS's sink, refused clearly when it cannot be created, and checked on every write.

        A GeoPackage (SQLite) output gets a 16 MB page cache instead of SQLite's 2 MB, unless the user set
        OGR_SQLITE_CACHE: GDAL fills its R-tree at close in 1.6 s instead of 2.1 s per 200,000 points
        (measured). The option is set for this thread while the file is created, when GDAL reads it.
        """
        default_cache = gdal.GetConfigOption(SQLITE_CACHE_OPTION) is None
        if default_cache:
            gdal.SetThreadLocalConfigOption(SQLITE_CACHE_OPTION, OUTPUT_SQLITE_CACHE_MB)
        failure = None
        try:
            sink, dest = super().parameterAsSink(parameters, name, context, *args, **kwargs)
        except QgsProcessingException as err:  # the driver's reason alone (a .txt is no table GDAL writes)
            sink, dest, failure = None, self.parameterAsOutputLayer(parameters, name, context), f" ({err})"
        finally:
            if default_cache:
                gdal.SetThreadLocalConfigOption(SQLITE_CACHE_OPTION, None)
        if sink is None and failure is None and parameters.get(name) in (None, ""):
            return None, dest  # an optional output not asked for
        if sink is None:
            raise QgsProcessingException(self.tr(
                "Output '{0}' cannot be created at {1}: check that the folder exists and may be written to, "
                "and that the format takes this kind of layer.").format(
                self.parameterDefinition(name).description(), self.final_path(dest or "?")) + (failure or ""))
        if getattr(self, "_staging", None) is not None:
            self._staging.track(sink)
        return CheckedSink(sink, self.final_path(dest), self.parameterDefinition(name).description()), dest

    def require_fields(self, parameters, name, layer, required, what):
        """Refuse ``layer`` (parameter ``name``) when it lacks any of the fields ``required`` for ``what``."""
        missing = [f for f in required if layer.fields().lookupField(f) < 0]
        if missing:
            raise QgsProcessingException(self.tr(
                "Layer '{0}' is not {1}: it lacks the fields {2} (fields present: {3}). Choose the projects "
                "layer made by 'Create community blueprint', or upgrade this one with it.").format(
                self.source_name(parameters, name, layer), what, ", ".join(missing),
                ", ".join(layer.fields().names()) or "—"))

    def output_geometries(self, source, features, name, feedback):
        """(declared WKB type, geometries) for an output carrying ``features`` of ``source`` (layer ``name``).

        A layer of no single declared type (a GeoPackage 'GEOMETRY' column) is written with the multi type
        of what it holds; one mixing points, lines and polygons is written as one point per feature (its
        point-on-surface), said in the log, so that an output never holds what its type does not declare.
        """
        geometries = [f.geometry() for f in features]  # copies: geometry() returns by value
        declared = source.wkbType()
        types = {g.wkbType() for g in geometries} - {QgsWkbTypes.Unknown}  # a NULL geometry's type is Unknown
        families = {QgsWkbTypes.geometryType(t) for t in types}
        # QGIS declares a GeoPackage 'GEOMETRY' layer with the type of its first feature
        if families <= {QgsWkbTypes.geometryType(declared)}:
            return declared, geometries
        z = any(QgsWkbTypes.hasZ(t) for t in types)
        if len(families) == 1:
            single = {QgsWkbTypes.PointGeometry: QgsWkbTypes.Point, QgsWkbTypes.LineGeometry: QgsWkbTypes.LineString,
                      QgsWkbTypes.PolygonGeometry: QgsWkbTypes.Polygon}[families.pop()]
            for g in geometries:
                g.convertToMultiType()  # a NULL geometry stays NULL
            declared = QgsWkbTypes.multiType(single)
        elif families:
            feedback.pushWarning(self.tr(
                "Layer '{0}' mixes points, lines and polygons: the output holds one point per feature "
                "(its point-on-surface).").format(name))
            geometries = [g if g.isNull() else g.pointOnSurface() for g in geometries]
            declared = QgsWkbTypes.Point
        else:
            declared = QgsWkbTypes.Point
        return (QgsWkbTypes.addZ(declared) if z else declared), geometries

    # --- the walking network, shared by every algorithm that walks ---------------------------

    def add_network_parameters(self):
        """The walking network with its cleaning options, the snap distance and the walking speed."""
        self.add_network_cleaning_parameters()
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.MAX_SNAP_M, self.tr("Farthest distance from a point to the network (m)"),
            QgsProcessingParameterNumber.Double, defaultValue=150.0, minValue=1.0, maxValue=5000.0), 1)))
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.WALK_SPEED_KMH, self.tr("Walking speed (km/h)"),
            QgsProcessingParameterNumber.Double, defaultValue=4.0, minValue=0.5, maxValue=10.0), 1)))

    def add_network_cleaning_parameters(self, settings_advanced=True):
        """The walking network and how it is cleaned (exclusion, cost factors, junctions, gap closing); the
        settings under Advanced unless cleaning is the algorithm's purpose: a common run needs only the layer."""
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.NETWORK, self.tr("Walking network (lines)"), [QgsProcessing.TypeVectorLine]))
        self.addParameter(advanced(QgsProcessingParameterExpression(
            self.EXCLUDE_EXPRESSION,
            self.tr("Exclude lines where (expression; empty: OpenStreetMap rules when the layer has a "
                    "'highway' field)"),
            parentLayerParameterName=self.NETWORK, optional=True), settings_advanced))
        self.addParameter(advanced(QgsProcessingParameterField(
            self.COST_FIELD, self.tr("Cost factor field (stairs, slopes: 1 = flat walk)"),
            parentLayerParameterName=self.NETWORK, type=QgsProcessingParameterField.Numeric, optional=True),
            settings_advanced))
        self.addParameter(advanced(QgsProcessingParameterEnum(
            self.NODING, self.tr("Line junctions"),
            options=[self.tr("Shared vertices only (OpenStreetMap: bridges stay apart)"),
                     self.tr("Every crossing (CAD/survey lines)")],
            defaultValue=NODING_SHARED_VERTICES), settings_advanced))
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.GAP_TOLERANCE_M, self.tr("Close gaps between line ends up to (m)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.5, minValue=0.0, maxValue=50.0), 2),
            settings_advanced))

    def stored_table(self, parameters, name, context):
        """``geopackage_table`` of the layer of source parameter ``name`` when the run reads all of it as
        stored; None when it reads the selected features, up to a feature limit, through a filter or with a
        geometry check of its own (QGIS's feature loop applies those)."""
        value = parameters.get(name)
        if isinstance(value, QgsProcessingFeatureSourceDefinition):
            # Any flag (a geometry check of its own, one output per feature) or, from QGIS 3.32, a filter.
            if value.selectedFeaturesOnly or value.featureLimit != -1 or int(value.flags) \
                    or getattr(value, "filterExpression", ""):
                return None
            # 3.22's parameterAsVectorLayer takes the layer the definition names, not the definition.
            value = value.source.valueAsString(context.expressionContext())[0]
        return geopackage_table(self.parameterAsVectorLayer({name: value}, name, context))

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

    def exclusion_expression(self, parameters, context, source, name):
        """The exclusion expression as given, refused when it does not parse or names a missing field
        (QGIS drops an expression that does not parse, which would switch the OpenStreetMap rules on)."""
        text = parameters.get(self.EXCLUDE_EXPRESSION)
        text = text.strip() if isinstance(text, str) else self.parameterAsExpression(
            parameters, self.EXCLUDE_EXPRESSION, context)
        if not text:
            return ""
        expression = QgsExpression(text)
        if expression.hasParserError():
            raise QgsProcessingException(self.tr(
                "The exclusion expression '{0}' for layer '{1}' cannot be read: {2}. Correct it, or leave it "
                "empty for the OpenStreetMap rules.").format(text, name, expression.parserErrorString()))
        missing = sorted(f for f in expression.referencedColumns()
                         if f != QgsFeatureRequest.ALL_ATTRIBUTES and source.fields().lookupField(f) < 0)
        if missing:
            raise QgsProcessingException(self.tr(
                "The exclusion expression '{0}' names field '{1}', which layer '{2}' lacks (fields: {3}). "
                "Correct the field name.").format(text, missing[0], name, ", ".join(source.fields().names())))
        return text

    def numbers_of(self, data, field, default=math.nan):
        """The values of ``field`` of LayerData ``data`` as floats (NULL: ``default``); text that is no
        number is refused naming the layer, the field and the first features holding it."""
        import numpy as np

        if all(type(value) in (int, float) for value in data.values[field]):
            return np.array(data.values[field], dtype=float)  # a numeric field without NULL: nothing to parse
        numbers, bad = [], []
        for i, value in enumerate(data.values[field]):
            number = parse_number(value)
            if number is None:
                number = default
            elif math.isnan(number):
                bad.append(i)
            numbers.append(number)
        if bad:
            raise QgsProcessingException(self.tr(
                "Field '{0}' of layer '{1}' must hold numbers, but {2} feature(s) hold text that is not a number: "
                "{3}. Choose a numeric field, or correct those values.").format(
                field, data.name, len(bad), ", ".join(
                    f"{data.describe(i)} = '{data.values[field][i]}'" for i in bad[:10])))
        return np.array(numbers, dtype=float)

    def warn_beyond_snap(self, layer, points, attached, max_snap_m, feedback):
        """Warn, naming them, about the features of ``layer`` (LayerData with AccessPoints ``points``)
        none of whose access points is within ``max_snap_m`` of the network (``attached`` per point)."""
        import numpy as np

        reached = np.zeros(len(layer), dtype=bool)
        reached[points.owner[np.asarray(attached, dtype=bool)]] = True
        has_geometry = np.array([g is not None for g in layer.geometries], dtype=bool)
        lost = np.flatnonzero(~reached & has_geometry)
        if len(lost):
            feedback.pushWarning(self.tr(
                "{0} residents of '{1}' are farther than {2:g} m from the network and reach nothing on foot: "
                "{3}").format(len(lost), layer.name, max_snap_m, ", ".join(layer.describe(i) for i in lost[:20])))

    def source_name(self, parameters, name, source):
        """How messages name the layer of parameter ``name``: its own name, or for a file given by path
        with a layer name (``f.gpkg|layername=roads``, where QGIS names the layer after the file) 'roads
        (f.gpkg)'."""
        value = parameters.get(name)
        if isinstance(value, str) and "layername=" in value:
            path, _, options = value.partition("|")
            for option in options.split("|"):
                key, _, layer = option.partition("=")
                if key.strip() == "layername" and layer.strip():
                    return f"{layer.strip()} ({os.path.basename(path.strip())})"
        return source.sourceName()

    def read_network(self, parameters, context, feedback):
        """Build the walking network; returns (WalkingNetwork, working CRS)."""
        lines = self.read_network_lines(parameters, context, feedback)
        return self.build_walking_network(lines, parameters, context, feedback), lines.crs

    def read_network_lines(self, parameters, context, feedback):
        """The network layer's lines in the working CRS with the walkability filter applied: NetworkLines."""
        import numpy as np
        import shapely

        source = self.source(parameters, self.NETWORK, context)
        name = self.source_name(parameters, self.NETWORK, source)
        crs = working_crs(source, name, context, feedback, check_extent=False)  # checked below on what is read
        expression = self.exclusion_expression(parameters, context, source, name)
        cost_field = self.parameterAsString(parameters, self.COST_FIELD, context)
        osm_fields = [f for f in ("highway", "foot", "access") if source.fields().lookupField(f) >= 0]
        use_osm = not expression and "highway" in osm_fields
        fields = (osm_fields if use_osm else []) + ([cost_field] if cost_field else [])
        feedback.pushInfo(self.tr("Reading network '{0}' ({1} features)").format(name, source.featureCount()))
        data = read_layer(source, name, crs, context, feedback, fields=fields, expression=expression or None,
                          stored_table=self.stored_table(parameters, self.NETWORK, context))
        raise_if_cancelled(feedback)
        # QGIS takes any layer from a script or qgis_process; a polygon's rings would become streets.
        # LineString 1, MultiLineString 5, no geometry -1: one vectorised call (geom_type is one per feature)
        not_lines = np.flatnonzero(~np.isin(shapely.get_type_id(data.geometries), (-1, 1, 5)))
        if len(not_lines):
            raise QgsProcessingException(self.tr(
                "Layer '{0}' must hold the lines of the walking network, but {1} feature(s) are points, polygons "
                "or collections: {2}. Choose the layer of walkable lines (street centrelines); for the outlines "
                "of polygons run 'Polygons to lines' first.").format(
                name, len(not_lines), ", ".join(data.describe(i) for i in not_lines[:10])))
        coordinates, owner = shapely.get_coordinates(data.geometries, return_index=True)
        broken = np.unique(owner[~(np.abs(coordinates) <= FARTHEST_COORDINATE_M).all(axis=1)])  # NaN too
        if len(broken):
            raise QgsProcessingException(self.tr(
                "Layer '{0}': {1} line(s) have coordinates that are not numbers or lie beyond any map (NaN, "
                "infinite, or farther than 1,000,000 km): {2}. Repair or delete them and run again.").format(
                name, len(broken), ", ".join(data.describe(i) for i in broken[:10])))
        if crs == source.sourceCrs() and len(coordinates):
            refuse_degrees_in_metres(name, crs, (*coordinates.min(axis=0), *coordinates.max(axis=0)))

        if expression:
            excluded = np.array([bool(v) for v in data.values["__expression__"]], dtype=bool)
            feedback.pushInfo(self.tr("{0} lines excluded by '{1}'.").format(int(excluded.sum()), expression))
        elif use_osm:
            get = data.values.get
            n = len(data)
            excluded = ~np.array(osm_walkable_each(get("highway"), get("foot", [None] * n),
                                                   get("access", [None] * n)), dtype=bool)
            feedback.pushInfo(self.tr(
                "{0} lines excluded as not walkable by OpenStreetMap tags (foot=no, expressways, "
                "motorways, construction).").format(int(excluded.sum())))
        else:
            excluded = np.zeros(len(data), dtype=bool)
        factors = None
        if cost_field:
            factors = self.numbers_of(data, cost_field, default=1.0)
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
        from ..lifecircle_plugin.core.network import NetworkError, build_network

        try:
            network = build_network(
                lines.data.geometries, cost_factors=lines.cost_factors, walkable=~lines.excluded,
                noding=self.parameterAsEnum(parameters, self.NODING, context),
                gap_tolerance_m=self.parameterAsDouble(parameters, self.GAP_TOLERANCE_M, context),
                cancel=cancel_check(feedback))
        except NetworkError as err:
            raise QgsProcessingException(self.tr("Network layer '{0}': {1}").format(
                lines.data.name, err.message(LifeCircleAlgorithm.language()))) from err
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
        self.addParameter(conventional_field(QgsProcessingParameterField(
            self.SERVICE_FIELD,
            self.tr("Services field (codes or Chinese names, several separated by , ; 、)"),
            parentLayerParameterName=self.FACILITIES, type=QgsProcessingParameterField.String,
            optional=optional), "services"))

    def add_demand_parameters(self, optional=False):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.DEMAND, self.tr("Residents (points or compound polygons)"),
            [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon], optional=optional))
        self.addParameter(conventional_field(QgsProcessingParameterField(
            self.POPULATION_FIELD, self.tr("Population field (empty: every feature counts as 1 resident)"),
            parentLayerParameterName=self.DEMAND, type=QgsProcessingParameterField.Numeric, optional=True),
            "population"))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.GATES, self.tr("Compound gates (points; polygons are entered through them)"),
            [QgsProcessing.TypeVectorPoint], optional=True))

    def add_unit_parameters(self):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.UNITS, self.tr("Basic units (polygons)"), [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(conventional_field(QgsProcessingParameterField(
            self.UNIT_ID_FIELD, self.tr("Unit id field"), parentLayerParameterName=self.UNITS, optional=True),
            "unit_id"))

    def add_services_parameter(self):
        self.addParameter(QgsProcessingParameterString(
            self.SERVICES, self.tr("Services (codes or Chinese names, comma separated; empty: all present)"),
            optional=True))

    def chosen_services(self, parameters, context, facilities, services):
        """Codes from the SERVICES parameter, checked against what the facilities offer."""
        text = self.parameterAsString(parameters, self.SERVICES, context)
        try:
            requested = parse_services(text)
        except UnknownServiceError as err:
            raise QgsProcessingException(self.tr(
                "Parameter 'Services': unknown service '{0}'. Accepted: {1}.").format(
                err.name, ACCEPTED_SERVICES)) from err
        present = services_present(services)
        field = self.parameterAsString(parameters, self.SERVICE_FIELD, context)
        if not present:
            raise QgsProcessingException(self.tr(
                "No feature of layer '{0}' lists a service in field '{1}'. Fill in the services (codes or "
                "Chinese names) or choose the right field.").format(facilities.name, field))
        missing = [code for code in requested if code not in present]
        if missing:
            raise QgsProcessingException(self.tr(
                "No facility of layer '{0}' offers {1} (field '{2}'). Services present: {3}. Choose services "
                "the facilities offer, or leave 'Services' empty for all of them.").format(
                facilities.name, ", ".join(f"{c} {BY_CODE[c].name_zh}" for c in missing), field,
                format_services(present)))
        return requested or present

    def read_facilities(self, parameters, context, feedback, crs, keep_features=False, extra_fields=()):
        """Facilities with their parsed service codes: (LayerData, AccessPoints, services per feature)."""
        source = self.source(parameters, self.FACILITIES, context)
        name = self.source_name(parameters, self.FACILITIES, source)
        service_field = self.parameterAsString(parameters, self.SERVICE_FIELD, context)
        if not service_field:
            raise QgsProcessingException(self.tr("Choose the services field of layer '{0}'.").format(name))
        fields = [service_field] + [f for f in ("name",) + tuple(extra_fields)
                                    if f and source.fields().lookupField(f) >= 0]
        data = read_layer(source, name, crs, context, feedback, fields=fields, keep_features=keep_features,
                          check_validity=False, stored_table=self.stored_table(parameters, self.FACILITIES, context))
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

    def read_demand(self, parameters, context, feedback, crs, keep_features=False, extra_fields=()):
        """Residents: (LayerData, AccessPoints, population per feature); ``extra_fields`` are read too."""
        import numpy as np

        source = self.source(parameters, self.DEMAND, context)
        name = self.source_name(parameters, self.DEMAND, source)
        pop_field = self.parameterAsString(parameters, self.POPULATION_FIELD, context)
        fields = ([pop_field] if pop_field else []) + [f for f in extra_fields if f and f != pop_field]
        if source.fields().lookupField("name") >= 0:
            fields.append("name")
        data = read_layer(source, name, crs, context, feedback, fields=fields, keep_features=keep_features,
                          check_validity=False, stored_table=self.stored_table(parameters, self.DEMAND, context))
        if pop_field:
            population = self.numbers_of(data, pop_field)
            bad = np.flatnonzero(~np.isfinite(population) | (population < 0))
            if len(bad):
                raise QgsProcessingException(self.tr(
                    "Population field '{0}' of layer '{1}' is NULL or negative for {2} feature(s): {3}. "
                    "Fill in the population (or estimate it from residential floor area), or filter those "
                    "features out, and run again.").format(
                    pop_field, name, len(bad), ", ".join(data.describe(i) for i in bad[:10])))
            with np.errstate(over="ignore"):
                total = population.sum()
            if not np.isfinite(total):
                raise QgsProcessingException(self.tr(
                    "Population field '{0}' of layer '{1}' holds values too large to add up (features {2}); "
                    "correct them and run again.").format(
                    pop_field, name, ", ".join(data.describe(i) for i in np.argsort(-population)[:10])))
        else:
            population = np.ones(len(data))
            feedback.pushWarning(self.tr(
                "No population field chosen: each of the {0} features of '{1}' counts as 1 resident, whatever "
                "its size. Choose the population field for real figures.").format(len(data), name))
        gates = None
        gate_source = self.source(parameters, self.GATES, context, required=False)
        if gate_source is not None:
            gates = read_layer(gate_source, gate_source.sourceName(), crs, context, feedback)
        return data, access_points(data, feedback, gates=gates), population

    def write_batched(self, sink, features, feedback):
        """Write ``features`` (any iterable) to ``sink`` 2,000 at a time, a cancel checked between batches
        (one addFeatures call per feature dominated writing at city scale), then close the output on a thread
        while the run goes on (``CheckedSink.close_in_background``): ``sink`` takes no more features."""
        features = iter(features)
        while True:
            raise_if_cancelled(feedback)
            batch = list(itertools.islice(features, WRITE_BATCH))  # no step of Python's own per feature
            sink.addFeatures(batch, QgsFeatureSink.FastInsert)
            if len(batch) < WRITE_BATCH:
                break
        sink.close_in_background(self._staging)

    def add_threshold_parameters(self, default_minutes):
        """The thresholds of a coverage-style run: THRESHOLDS (see ``add_threshold_choice``), MINUTES for every
        service and the STANDARDS file."""
        self.add_threshold_choice()
        self.addParameter(decimals(QgsProcessingParameterNumber(
            self.MINUTES, QCoreApplication.translate("LifeCircleAlgorithm", "Threshold for every service (minutes)"),
            QgsProcessingParameterNumber.Double, defaultValue=default_minutes, minValue=0.5, maxValue=120), 1))
        self.addParameter(QgsProcessingParameterFile(
            self.STANDARDS, QCoreApplication.translate(
                "LifeCircleAlgorithm", "Per-service thresholds (CSV: service, minutes; a file given here is used "
                "whatever the choice above)"),
            extension="csv", optional=True))

    def add_threshold_choice(self):
        """THRESHOLDS: 统一阈值 (MINUTES for every service), 上海分级标准 (the tiered set shipped with the plugin)
        or 自定义文件 (the STANDARDS file). A STANDARDS file given wins whatever the choice, as scripts expect."""
        self.addParameter(QgsProcessingParameterEnum(
            self.THRESHOLDS, QCoreApplication.translate("LifeCircleAlgorithm", "Thresholds"),
            options=[QCoreApplication.translate("LifeCircleAlgorithm", "Uniform: the same minutes for every service"),
                     QCoreApplication.translate(
                         "LifeCircleAlgorithm", "Shanghai tiered standard (elderly care, public space 5 min; "
                         "childcare, daily life 10 min; the rest the minutes below)"),
                     QCoreApplication.translate("LifeCircleAlgorithm", "Custom file (per-service thresholds below)")],
            defaultValue=THRESHOLDS_UNIFORM))

    def read_thresholds(self, parameters, context, minutes):
        """Minutes per service code: ``minutes`` for every service, the Shanghai tiered set, or the STANDARDS
        CSV (service, minutes), with ``minutes`` for the services a set leaves out (THRESHOLDS chooses; a
        STANDARDS file given is used whatever the choice). The same choice gives the same figures in
        walkingcoverage and validateblueprint."""
        path = self.standards_file(parameters, context)
        if not path:
            return {code: minutes for code in SERVICE_CODES}
        return load_standards(path, default_minutes=minutes)  # a StandardsError reaches the user translated

    def standards_file(self, parameters, context):
        """The standards CSV that THRESHOLDS and STANDARDS choose: the file given, the tiered set, or None
        (uniform minutes)."""
        path = self.parameterAsFile(parameters, self.STANDARDS, context)
        choice = (self.parameterAsEnum(parameters, self.THRESHOLDS, context)
                  if self.parameterDefinition(self.THRESHOLDS) is not None else THRESHOLDS_UNIFORM)
        if not path and choice == THRESHOLDS_TIERED:
            path = TIERED_STANDARDS
        if not path and choice == THRESHOLDS_CUSTOM:
            raise QgsProcessingException(QCoreApplication.translate(
                "LifeCircleAlgorithm",
                "Thresholds: 'Custom file' is chosen but no per-service thresholds file is given. Choose the CSV "
                "file (columns service, minutes), or another kind of thresholds."))
        return path or None

    def read_units(self, parameters, context, feedback, crs):
        """The basic units (BasicUnits) in ``crs``, or None when no units layer is given."""
        source = self.source(parameters, self.UNITS, context, required=False)
        if source is None:
            return None
        name = self.source_name(parameters, self.UNITS, source)
        id_field = self.parameterAsString(parameters, self.UNIT_ID_FIELD, context)
        if not id_field:
            raise QgsProcessingException(self.tr("Choose the unit id field of layer '{0}'.").format(name))
        units = read_layer(source, name, crs, context, feedback, fields=[id_field])
        ids = [None if v is None else str(v) for v in units.values[id_field]]
        null = [i for i, v in enumerate(ids) if v is None or not v.strip()]
        if null:
            feedback.pushWarning(self.tr(
                "Layer '{0}': {1} unit(s) have a NULL or empty '{2}' (features {3}); residents inside them are "
                "counted only in the whole-area figures. Fill in the ids.").format(
                name, len(null), id_field, ", ".join(units.describe(i) for i in null[:10])))
        seen = {}
        for i, unit_id in enumerate(ids):
            if unit_id is not None and unit_id.strip():
                seen.setdefault(unit_id, []).append(i)
        repeated = {k: v for k, v in seen.items() if len(v) > 1}
        if repeated:
            feedback.pushWarning(self.tr(
                "Layer '{0}': unit ids repeat ({1}); their residents are added up under one id. Give every unit "
                "its own id.").format(name, "; ".join(
                    f"'{k}': features {', '.join(units.describe(i) for i in v[:5])}" for k, v in
                    list(repeated.items())[:10])))
        return BasicUnits(name, units.geometries, ids)

    def read_unit_ids(self, feedback, demand, units):
        """Unit id per resident (None where ``units`` is None or the resident lies outside every unit)."""
        import numpy as np

        if units is None:
            return np.array([None] * len(demand), dtype=object)
        unit_ids = unit_of_points(representative_points(demand), units, units.ids)
        outside = int(sum(u is None for u in unit_ids))
        if outside:
            feedback.pushWarning(self.tr(
                "{0} resident feature(s) of '{1}' lie outside every unit of '{2}'; they count only in the "
                "whole-area figures.").format(outside, demand.name, units.name))
        return unit_ids
