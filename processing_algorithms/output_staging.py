"""Outputs written whole or not at all: every file an algorithm writes goes beside its target under a
temporary name and is moved into place only when the whole run succeeded.

``OutputStaging`` is used by ``LifeCircleAlgorithm.processAlgorithm``; algorithms see the staged paths
through the usual ``parameterAs…`` calls and never deal with it, except for files they write beside an
output under a name of their own (see ``LifeCircleAlgorithm.staged_path``).
"""
import contextlib
import gc
import os
import secrets
import shutil
import threading
import weakref

from osgeo import gdal
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterRasterDestination,
    QgsProcessingParameterVectorDestination,
    QgsProcessingUtils,
    QgsProperty,
)

from ..lifecircle_plugin.core.file_output import output_error, shared_output_error, writable_problem
from ..lifecircle_plugin.adapters.styles import keep_alive

# Files of a run that writes in place (another layer into an existing GeoPackage) start as a copy.
_CONTAINER_EXTENSIONS = (".gpkg", ".sqlite", ".db")
# SQLite side files: present only while a database is open; removed with what they belong to.
_SIDE_FILES = ("-wal", "-shm", "-journal")
_NOT_FILES = ("memory:", "ogr:", "postgres", "postgis:", "spatialite:", "mssql:", "oracle:", "hana:")


def _split_uri(uri):
    """('path', '|layername=…' or '') of a file destination; (None, '') for what is not a file."""
    text = (uri or "").strip()
    if not text or text == "TEMPORARY_OUTPUT" or text.lower().startswith(_NOT_FILES):
        return None, ""
    path, bar, rest = text.partition("|")
    return path, bar + rest


def _restore_null_geometries(path):
    """QGIS 3.22's writer stores a NULL geometry as an empty one (POINT EMPTY) in a GeoPackage: put the NULL
    back in a file the run wrote whole."""
    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_UPDATE)
    except RuntimeError:  # gdal.UseExceptions() is on
        return
    if dataset is None:
        return
    for index in range(dataset.GetLayerCount()):
        layer = dataset.GetLayer(index)
        column = layer.GetGeometryColumn()
        if column:
            table, column = layer.GetName().replace('"', '""'), column.replace('"', '""')
            dataset.ExecuteSQL(f'UPDATE "{table}" SET "{column}" = NULL WHERE ST_IsEmpty("{column}")')
    dataset = None


def _details_without_post_processor(details):
    """A copy of LayerDetails holding no post-processor (a plain copy points at the one the context deletes)."""
    copy = QgsProcessingContext.LayerDetails(details.name, details.project, details.outputName,
                                              details.layerTypeHint)
    copy.forceName = details.forceName
    return copy


class OutputStaging:
    """Substitutes staged paths for the file destinations of one run, then commits or discards them.

    A destination ``dir/name.ext`` is written as ``dir/name.lifecircle-<token>.ext`` (the name stays first:
    QGIS names a new GeoPackage layer after it); every file of ``dir`` carrying that marker (the output, a
    PDF written beside an HTML report, a shapefile's side files) loses it on commit, and is removed on
    discard, so the previous files at the final paths stay as they were until the run has succeeded.
    """

    def __init__(self):
        self.marker = f".lifecircle-{secrets.token_hex(4)}"
        self.folders = set()
        self.finals = {}  # staged path -> final path
        self.copies = set()  # staged paths that began as a copy of the existing file
        self._closing = []  # threads closing finished sinks (close_in_background)
        self._sinks = []  # weak references to the run's sinks: a live one has not closed its file yet
        self.owners = {}  # final path -> the description of the output set to it

    # --- before the run ---------------------------------------------------------------------

    def stage_parameters(self, algorithm, parameters, context):
        """A copy of ``parameters`` whose file destinations point at staged paths (checked writable)."""
        staged = dict(parameters)
        temp_folder = os.path.abspath(QgsProcessingUtils.tempFolder())
        for definition in algorithm.destinationParameterDefinitions():
            name = definition.name()
            value = parameters.get(name)
            if value is None:
                continue
            path, rest = _split_uri(self._resolve(algorithm, definition, parameters, context))
            if path is None or os.path.abspath(path).startswith(temp_folder):
                continue
            if os.path.abspath(path) in self.owners:
                raise shared_output_error(path, self.owners[os.path.abspath(path)], definition.description())
            self.owners[os.path.abspath(path)] = definition.description()
            # A file destination (createblueprint's upgrade) or a named layer goes into the existing file.
            in_place = bool(rest) or isinstance(definition, QgsProcessingParameterFileDestination)
            staged_path = self.stage(path, copy_existing=in_place)
            if isinstance(value, QgsProcessingOutputLayerDefinition):
                value = QgsProcessingOutputLayerDefinition(value)
                value.sink = QgsProperty.fromValue(staged_path + rest)
                staged[name] = value
            else:
                staged[name] = staged_path + rest
        return staged

    @staticmethod
    def _resolve(algorithm, definition, parameters, context):
        if isinstance(definition, QgsProcessingParameterFolderDestination):
            return None  # a folder of files the algorithm names itself: not staged
        if isinstance(definition, (QgsProcessingParameterFeatureSink, QgsProcessingParameterVectorDestination,
                                   QgsProcessingParameterRasterDestination)):
            return algorithm.parameterAsOutputLayer(parameters, definition.name(), context)
        if isinstance(definition, QgsProcessingParameterFileDestination):
            return algorithm.parameterAsFileOutput(parameters, definition.name(), context)
        return None

    def stage(self, final_path, copy_existing=False):
        """The staged path for ``final_path``, after checking that the folder takes a new file.

        ``copy_existing``: the run adds to the file (a layer into a GeoPackage), so it starts as a copy.
        """
        final_path = os.path.abspath(final_path)
        for staged, final in self.finals.items():
            if final == final_path:
                return staged  # two outputs in one file (layers of one GeoPackage)
        problem = writable_problem(final_path)
        if problem is not None:
            raise problem
        folder, name = os.path.split(final_path)
        stem, dot, extension = name.partition(".")
        staged = os.path.join(folder, stem + self.marker + dot + extension)
        try:
            open(staged, "xb").close()  # a probe: can this folder take a new file under the staged name?
            os.remove(staged)
            if copy_existing and final_path.lower().endswith(_CONTAINER_EXTENSIONS) and os.path.isfile(final_path):
                shutil.copy2(final_path, staged)
                self.copies.add(staged)
        except OSError as error:
            self._remove(staged)
            raise output_error(final_path, error) from error
        self.folders.add(folder)
        self.finals[staged] = final_path
        return staged

    # --- during the run --------------------------------------------------------------------

    def track(self, sink):
        """Remember ``sink`` (weakly): ``commit`` makes sure it is closed before moving its file."""
        self._sinks.append(weakref.ref(sink))

    def close_in_background(self, holder):
        """Close the sink that ``holder`` (a one-item list) alone refers to, on a thread of its own.

        GDAL fills a GeoPackage's R-tree when the file closes (about 2 s per 200,000 points, measured), in C
        with the GIL released; meanwhile the run builds its next output. ``wait_for_closes`` ends it.
        """
        thread = threading.Thread(target=holder.clear, name="LifeCircle: closing an output")
        thread.start()
        self._closing.append(thread)

    def wait_for_closes(self):
        """Return once every sink given to ``close_in_background`` is closed (its file complete)."""
        for thread in self._closing:
            thread.join()
        self._closing = []

    # --- after the run ----------------------------------------------------------------------

    def final(self, text):
        """``text`` (a path, URI or message) with every staged name replaced by its final name."""
        return text.replace(self.marker, "") if isinstance(text, str) else text

    def staged_files(self):
        files = []
        for folder in self.folders:
            try:
                names = os.listdir(folder)
            except OSError:
                continue
            files += [os.path.join(folder, n) for n in names if self.marker in n]
        return sorted(files)

    def commit(self, results, context):
        """Move every staged file onto its final name; return ``results`` with final paths.

        Raises OutputFileError (nothing moved) when an output that should exist was not written.
        """
        if not self.finals:
            return results or {}
        if any(sink() is not None for sink in self._sinks):
            gc.collect()  # a sink still referenced by a cycle closes its file now (a full collection: 0.03 s)
        files = self.staged_files()
        # startswith: an algorithm may add the extension ('blueprint' written as 'blueprint.gpkg')
        missing = [final for staged, final in self.finals.items() if not any(f.startswith(staged) for f in files)]
        if missing:
            self.discard()
            raise output_error(missing[0], OSError(0, "the file was not created"))
        for staged in self.staged_files():
            if staged.endswith(_SIDE_FILES):
                continue
            if staged.lower().endswith(".gpkg") and staged not in self.copies:
                _restore_null_geometries(staged)
            final = self.final(staged)
            try:
                if os.path.isdir(final):
                    raise IsADirectoryError(21, "it is a folder")
                os.replace(staged, final)
            except OSError as error:
                self.discard()
                raise output_error(final, error) from error
        self.discard()  # side files left by a closed database
        self._relocate_layers_to_load(context)
        return {key: self.final(value) for key, value in (results or {}).items()}

    def _relocate_layers_to_load(self, context):
        """Point the layers Processing loads after the run at the final paths. Replacing the list deletes
        the post-processors, so each is attached again as a fresh copy (its ``clone()``)."""
        layers = context.layersToLoadOnCompletion()
        if all(self.final(uri) == uri for uri in layers):
            return
        copies = {uri: details.postProcessor().clone() for uri, details in layers.items()
                  if hasattr(details.postProcessor(), "clone")}
        context.setLayersToLoadOnCompletion({self.final(uri): _details_without_post_processor(details)
                                             for uri, details in layers.items()})
        for uri, copy in copies.items():
            context.layerToLoadOnCompletionDetails(self.final(uri)).setPostProcessor(keep_alive(copy))

    def discard(self):
        """Remove every staged file of the run (a failed or cancelled run leaves nothing behind)."""
        # No gc.collect(): a cancel must return at once; frames holding sinks are gone by now.
        for staged in self.staged_files():
            self._remove(staged)

    @staticmethod
    def _remove(path):
        # What cannot go keeps its .lifecircle-<token> name: it never stands at an output's path.
        with contextlib.suppress(OSError):
            if os.path.isdir(path):
                shutil.rmtree(path)
            elif os.path.lexists(path):
                os.remove(path)


class FinalPathFeedback(QgsProcessingMultiStepFeedback):
    """The run's feedback, with staged file names in messages replaced by the final ones."""

    def __init__(self, staging, feedback):
        super().__init__(1, feedback)
        self._staging = staging
        if feedback.isCanceled():
            self.cancel()

    def pushInfo(self, text):  # QGIS API
        super().pushInfo(self._staging.final(text))

    def pushWarning(self, text):  # QGIS API
        super().pushWarning(self._staging.final(text))

    def reportError(self, text, fatalError=False):  # QGIS API
        super().reportError(self._staging.final(text), fatalError)

    def setProgressText(self, text):  # QGIS API
        super().setProgressText(self._staging.final(text))
