"""QGIS layers in, core arrays out: reading features into shapely geometries in one metric CRS."""
from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from osgeo import gdal, ogr
from qgis.core import (
    QgsAbstractGeometry,
    QgsGeometry,
    QgsWkbTypes,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeatureRequest,
    QgsProviderRegistry,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ..core.crs import utm_epsg
from ..core.errors import LifeCircleError
from .values import plain_value

# numpy, shapely and core.coverage are imported in the functions using them: QGIS's start loads this module
# (with the Processing provider), they load when an algorithm runs.
if TYPE_CHECKING:
    import numpy as np

# A gate belongs to a compound when it lies within this distance of the compound's outline.
GATE_DISTANCE_M = 10.0
_CANCEL_CHECK_EVERY = 2000
# Arcs of CAD and survey data (CircularString, CompoundCurve, CurvePolygon …) become straight pieces
# spanning at most this angle: on a 50 m radius the chord stays within 4 mm of the arc.
CURVE_TOLERANCE_DEG = 1.0
CURVE_TOLERANCE_RAD = math.radians(CURVE_TOLERANCE_DEG)
# A GeoPackage table read as stored goes through GDAL's columnar (Arrow) interface in batches of this many
# features: 172,322 ways in 0.3 s instead of 1.4 s through QGIS's feature loop (1.03M-edge city, bench/).
_STORED_BATCH = 10000
_STORED_GEOMETRY_TYPES = (ogr.wkbPoint, ogr.wkbLineString, ogr.wkbPolygon, ogr.wkbMultiPoint, ogr.wkbMultiLineString,
                          ogr.wkbMultiPolygon)  # not curves (QGIS segmentizes them) nor any-type columns
# A multi layer's single parts, which QGIS gives as multi: (shapely type id of the part, shapely's constructor).
_MULTI_OF_PARTS = {ogr.wkbMultiPoint: (0, "multipoints"), ogr.wkbMultiLineString: (1, "multilinestrings"),
                   ogr.wkbMultiPolygon: (3, "multipolygons")}
_STORED_FIELD_TYPES = (ogr.OFTString, ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal)  # read as plain_value would
# Messages call QCoreApplication.translate("LayerIO", "...") with literals: pylupdate5 finds only those
# (a helper such as _tr("...") would leave them out of the catalogue).


class Cancelled(Exception):
    """The user pressed Cancel; algorithms stop and return nothing."""


def raise_if_cancelled(feedback):
    if feedback is not None and feedback.isCanceled():
        raise Cancelled()


def cancel_check(feedback):
    """The core's ``cancel`` argument: a callable that stops the run (Cancelled) once the user pressed Cancel."""
    return functools.partial(raise_if_cancelled, feedback)


def progress_between(feedback, start, end):
    """The core's ``progress`` argument: its fraction (0–1) shown between ``start`` and ``end`` per cent of the
    algorithm's bar; it also stops the run on Cancel."""
    def progress(fraction, _message):
        raise_if_cancelled(feedback)
        feedback.setProgress(start + (end - start) * fraction)
    return progress


def require_crs(source, name):
    crs = source.sourceCrs()
    if not crs.isValid():
        raise QgsProcessingException(
            QCoreApplication.translate(
                "LayerIO",
                "Layer '{0}' has no coordinate reference system. Set it in Layer Properties › Source "
                "(e.g. EPSG:4549 CGCS2000 / 3-degree Gauss-Kruger CM 120E, or EPSG:4326 for OpenStreetMap) "
                "and run again.").format(name))
    return crs


def working_crs(source, name, context, feedback, check_extent=True):
    """The CRS in which everything is measured: the network's own when metric, else a local UTM zone.

    A metric CRS over coordinates that look like degrees is refused (``refuse_degrees_in_metres``) from the
    layer's extent; ``check_extent=False`` when the caller checks the features it reads instead (the extent
    of a layer opened for the first time may take a scan of every feature: 0.03 s for 17,000 ways).
    """
    crs = require_crs(source, name)
    if not crs.isGeographic() and crs.mapUnits() == QgsUnitTypes.DistanceMeters:
        if check_extent and source.featureCount():
            extent = source.sourceExtent()
            if not extent.isNull():
                refuse_degrees_in_metres(name, crs, (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(),
                                                     extent.yMaximum()))
        return crs
    if source.featureCount() == 0:
        raise QgsProcessingException(QCoreApplication.translate(
            "LayerIO",
            "Layer '{0}' has no features.").format(name))
    extent = source.sourceExtent()
    to_wgs84 = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem("EPSG:4326"), context.transformContext())
    center = to_wgs84.transform(extent.center())
    try:
        epsg = utm_epsg(center.x(), center.y())
    except LifeCircleError:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "LayerIO",
                "Layer '{0}' claims {1}, but its coordinates are not longitudes/latitudes. Assign the "
                "layer's true CRS and run again.").format(name, crs.authid())) from None
    metric = QgsCoordinateReferenceSystem(f"EPSG:{epsg}")
    feedback.pushInfo(
        QCoreApplication.translate(
            "LayerIO",
            "Layer '{0}' is in {1} ({2}); distances are measured in {3} ({4}), in metres.").format(
            name, crs.authid(), crs.description(), metric.authid(), metric.description()))
    return metric


def refuse_degrees_in_metres(name, crs, bounds):
    """Refuse layer ``name`` when its metric ``crs`` holds coordinates that look like longitudes/latitudes:
    the whole layer (``bounds``: xmin, ymin, xmax, ymax; NaN when it has no geometry) within a few "metres"
    of lon/lat values."""
    xmin, ymin, xmax, ymax = bounds
    if -180 <= xmin <= xmax <= 180 and -90 <= ymin <= ymax <= 90 and max(xmax - xmin, ymax - ymin) < 5:
        raise QgsProcessingException(QCoreApplication.translate(
            "LayerIO",
            "Layer '{0}' claims {1}, in metres, but its coordinates ({2:g}, {3:g} to {4:g}, {5:g}) look like "
            "longitudes/latitudes in degrees. Set the layer's CRS to EPSG:4326 or EPSG:4490 (Layer Properties "
            "› Source) and run again.").format(name, crs.authid(), xmin, ymin, xmax, ymax))


def checked_features(source, request, name, context, feedback, check_validity=True):
    """The features of ``source`` for ``request``, with the Processing setting for invalid geometries
    (ignore, skip, stop) applied here, naming the layer and the feature: QGIS's own check throws a C++
    exception inside Python's iteration, which crashes QGIS 3.22. ``check_validity=False``: no check."""
    if not isinstance(source, QgsProcessingFeatureSource):
        return source.getFeatures(request)
    mode = context.invalidGeometryCheck() if check_validity else QgsFeatureRequest.GeometryNoCheck
    features = source.getFeatures(request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks)
    if mode == QgsFeatureRequest.GeometryNoCheck:
        return features  # QGIS's iterator itself: no Python step per feature (200,000 residents: 0.4 s)
    return _valid_features(features, mode, name, feedback)


def _valid_features(features, mode, name, feedback):
    """``features`` with the invalid ones refused (GeometryAbortOnInvalid) or skipped with a warning."""
    skipped = []
    for feature in features:
        geometry = feature.geometry()
        # an empty geometry counts as none (read_layer), not as an invalid one
        if geometry is not None and not geometry.isNull() and not geometry.isEmpty() and not geometry.isGeosValid():
            if mode == QgsFeatureRequest.GeometryAbortOnInvalid:
                errors = geometry.validateGeometry(QgsGeometry.ValidatorGeos)
                raise QgsProcessingException(QCoreApplication.translate(
                    "LayerIO",
                    "Feature {0} of layer '{1}' has an invalid geometry ({2}). Repair the layer with 'Fix "
                    "geometries', or set Settings › Options › Processing › Invalid features filtering to skip "
                    "such features, and run again.").format(
                    feature.id(), name, "; ".join(e.what() for e in errors[:3])))
            skipped.append(feature.id())
            continue
        yield feature
    if skipped and feedback is not None:
        feedback.pushWarning(QCoreApplication.translate(
            "LayerIO",
            "Layer '{0}': {1} feature(s) with an invalid geometry skipped, as the Processing setting for "
            "invalid features asks (features {2}).").format(name, len(skipped), ", ".join(map(str, skipped[:10]))))


@dataclass
class LayerData:
    """Features of one layer: ids, geometries in the working CRS, requested attribute values."""

    name: str
    fids: np.ndarray
    geometries: np.ndarray  # shapely objects in the working CRS (None for NULL geometry)
    values: dict  # field name -> list of values (NULL as None)
    features: list  # when kept: the QgsFeatures themselves, or StoredFeatures (geometry in the source CRS)
    source_crs: QgsCoordinateReferenceSystem

    def __len__(self):
        return len(self.fids)

    def describe(self, index):
        """How a feature is named in messages: its id and, when present, its name."""
        fid = int(self.fids[index])
        name = self.values.get("name", [None] * len(self))[index] if "name" in self.values else None
        return f"{fid} ({name})" if name not in (None, "") else str(fid)


def nullable_column(values):
    """A float column as Python floats with NULL (None) where not finite, for a feature writer."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    column = values.tolist()
    for index in np.flatnonzero(~np.isfinite(values)).tolist():  # only the missing ones: no step per value
        column[index] = None
    return column


def nullable_number(value):
    """One number as a Python float, NULL (None) when missing or not finite."""
    import numpy as np

    return None if value is None or not np.isfinite(value) else float(value)


def geopackage_table(layer):
    """(path, table) when ``layer`` reads a whole GeoPackage table as stored in its file, else None.

    Not for a layer with a subset string or in an edit session (its edit buffer may differ from the file).
    """
    if layer is None or not layer.isValid() or layer.providerType() != "ogr" or layer.subsetString() \
            or layer.isEditable():
        return None
    if layer.dataProvider().storageType() != "GPKG":
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path")
    return (path, parts.get("layerName") or None) if path else None


@dataclass
class StoredTable:
    """A GeoPackage table as GDAL's Arrow stream gives it (see ``_read_stored_table``)."""

    fids: list
    wkbs: list  # ISO WKB per feature, None for a NULL geometry
    values: dict  # field name -> values, NULL as None
    geometry_type: int  # the declared OGR type, flattened
    column_names: list  # QGIS's names of the table's columns: the FID column, then every field


def _read_stored_table(table, fields, feedback):
    """The GeoPackage table ``table`` read through GDAL's Arrow stream, in QGIS's order: ``fields`` (None:
    every field) with the values ``plain_value`` gives, as a StoredTable; None when QGIS must read it instead
    (curved or any-type geometries, a field of another type, text that is not UTF-8, a table GDAL cannot
    open)."""
    import numpy as np

    path, name = table
    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError:  # with gdal.UseExceptions()
        return None
    if dataset is None or (name is None and dataset.GetLayerCount() != 1):
        return None
    layer = dataset.GetLayerByName(name) if name else dataset.GetLayer(0)
    if layer is None or not hasattr(layer, "GetArrowStreamAsNumPy"):  # GDAL before 3.6
        return None
    geometry_type = ogr.GT_Flatten(layer.GetGeomType())
    if geometry_type not in _STORED_GEOMETRY_TYPES:
        return None
    definition = layer.GetLayerDefn()
    field_names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    fields = field_names if fields is None else fields
    for field in fields:
        index = definition.GetFieldIndex(field)
        if index < 0 or definition.GetFieldDefn(index).GetType() not in _STORED_FIELD_TYPES \
                or definition.GetFieldDefn(index).GetSubType() != ogr.OFSTNone:
            return None
    layer.SetIgnoredFields([field for field in field_names if field not in fields])
    fid_column, geometry_column = layer.GetFIDColumn(), layer.GetGeometryColumn()
    fids, wkbs, values = [], [], {field: [] for field in fields}
    try:
        for batch in layer.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=YES",
                                                          f"MAX_FEATURES_IN_BATCH={_STORED_BATCH}"]):
            raise_if_cancelled(feedback)
            fids += batch[fid_column].tolist()
            wkbs += np.ma.asarray(batch[geometry_column]).tolist()  # NULL geometry: None
            for field in fields:
                column = np.ma.asarray(batch[field])
                if column.dtype.kind == "S":  # UTF-8 bytes, NULL masked
                    values[field] += [None if v is None else v.decode("utf-8") for v in column.tolist()]
                else:
                    values[field] += column.tolist()
    except RuntimeError:  # a damaged table: QGIS's loop reads what it can and says what it cannot
        return None
    except UnicodeDecodeError:  # QGIS's loop replaces what is not UTF-8 its own way
        return None
    return StoredTable(fids, wkbs, values, geometry_type, [fid_column] + field_names)


class StoredFeature:
    """One feature of a StoredTable as writers use a QgsFeature: ``id()``, ``attributes()`` and ``geometry()``
    (as QGIS's OGR provider gives it: a single part of a multi layer made multi). 20,000 residents take 0.03 s
    this way against 0.08 s through QGIS's feature loop (bench/bench_coverage.py)."""

    __slots__ = ("_fid", "_attributes", "_wkb", "_multi")

    def __init__(self, fid, attributes, wkb, multi):
        self._fid, self._attributes, self._wkb, self._multi = fid, attributes, wkb, multi

    def id(self):
        return self._fid

    def attributes(self):
        return list(self._attributes)

    def geometry(self):
        geometry = QgsGeometry()
        if self._wkb is not None:
            geometry.fromWkb(self._wkb)
            if self._multi and not geometry.isMultipart():
                geometry.convertToMultiType()
        return geometry


def read_layer(source, name, crs, context, feedback, fields=(), keep_features=False, expression=None,
               check_validity=True, stored_table=None):
    """Read a feature source once: geometries transformed into ``crs`` and the named fields.

    ``expression``: optional QgsExpression text evaluated per feature (value stored under
    ``values['__expression__']``). ``check_validity=False`` when the caller repairs invalid
    geometries itself (``access_points`` does, with a warning naming them), so that the
    Processing setting for invalid geometries does not stop the run before that.
    ``stored_table``: ``geopackage_table`` of the layer behind ``source`` when the run reads it whole; its
    features are then read by GDAL directly when nothing needs QGIS's feature loop (see _read_stored_table).
    """
    import numpy as np

    require_crs(source, name)
    missing = [f for f in fields if f and source.fields().lookupField(f) < 0]
    if missing:
        raise QgsProcessingException(
            QCoreApplication.translate(
                "LayerIO",
                "Layer '{0}' has no field '{1}'. Fields present: {2}.").format(
                name, missing[0], ", ".join(source.fields().names())))
    transform = QgsCoordinateTransform(source.sourceCrs(), crs, context.transformContext())
    same_crs = source.sourceCrs() == crs
    request = QgsFeatureRequest()
    expr = None
    expr_context = None
    if expression:
        expr = QgsExpression(expression)
        if expr.hasParserError():
            raise QgsProcessingException(
                QCoreApplication.translate(
                    "LayerIO",
                    "The expression '{0}' for layer '{1}' cannot be read: {2}").format(
                    expression, name, expr.parserErrorString()))
        expr_context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(None))
        expr_context.setFields(source.fields())
        expr.prepare(expr_context)
    elif not keep_features:
        indices = [source.fields().lookupField(f) for f in fields if f]
        request.setSubsetOfAttributes(indices)
    field_index = {f: source.fields().lookupField(f) for f in fields if f}
    if stored_table is not None and expr is None and same_crs:
        data = _from_stored_table(stored_table, source, name, context, feedback, field_index, check_validity,
                                  keep_features)
        if data is not None:
            return data
    features_read = checked_features(source, request, name, context, feedback, check_validity)
    fids, wkbs, features, curved = [], [], [], []
    values = {f: [] for f in field_index}
    expr_values = []
    for count, feature in enumerate(features_read):
        if count % _CANCEL_CHECK_EVERY == 0:
            raise_if_cancelled(feedback)
        fids.append(feature.id())
        geometry = feature.geometry()
        if geometry is not None and not geometry.isNull() and QgsWkbTypes.isCurvedType(geometry.wkbType()):
            curved.append(feature.id())
            geometry = QgsGeometry(geometry.constGet().segmentize(CURVE_TOLERANCE_RAD,
                                                                  QgsAbstractGeometry.MaximumAngle))
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            wkbs.append(None)
        elif same_crs:
            wkbs.append(bytes(geometry.asWkb()))
        else:
            moved = type(geometry)(geometry)
            try:
                failed = moved.transform(transform) != 0
            except QgsCsException:
                failed = True
            if failed:
                raise QgsProcessingException(
                    QCoreApplication.translate(
                        "LayerIO",
                        "Feature {0} of layer '{1}' cannot be transformed to {2}. Check the layer's CRS.").format(
                        feature.id(), name, crs.authid()))
            wkbs.append(bytes(moved.asWkb()))
        attrs = feature.attributes()
        for f, i in field_index.items():
            values[f].append(plain_value(attrs[i]))
        if expr is not None:
            expr_context.setFeature(feature)
            result = expr.evaluate(expr_context)
            if expr.hasEvalError():
                raise QgsProcessingException(
                    QCoreApplication.translate(
                        "LayerIO",
                        "The expression '{0}' fails on feature {1} of layer '{2}': {3}").format(
                        expression, feature.id(), name, expr.evalErrorString()))
            expr_values.append(plain_value(result))
        if keep_features:
            features.append(feature)
    if expr is not None:
        values["__expression__"] = expr_values
    if curved and feedback is not None:
        feedback.pushInfo(QCoreApplication.translate(
            "LayerIO",
            "Layer '{0}': {1} feature(s) with arcs (curved geometries) segmentized into straight pieces, one "
            "every {2:g}° of arc at most (features {3}).").format(
            name, len(curved), CURVE_TOLERANCE_DEG, ", ".join(str(f) for f in curved[:10])))
    return LayerData(name, np.asarray(fids, dtype=np.int64), _geometries(wkbs), values,
                     features if keep_features else [], source.sourceCrs())


def _geometries(wkbs):
    """Shapely geometries of WKB strings (None: NULL geometry) as an object array."""
    import numpy as np
    import shapely

    geometries = np.array([None] * len(wkbs), dtype=object)
    present = [i for i, w in enumerate(wkbs) if w is not None]
    if present:
        geometries[present] = shapely.from_wkb([wkbs[i] for i in present])
    return geometries


def _from_stored_table(table, source, name, context, feedback, field_index, check_validity, keep_features):
    """LayerData of ``source`` read by ``_read_stored_table`` (with StoredFeatures when ``keep_features``),
    or None when QGIS's loop must read it: the table could not be read so, its count or (for whole features)
    its columns differ from the source's, a geometry is empty where whole features are kept (QGIS gives
    those its own way), or a geometry is invalid where the Processing setting checks validity (QGIS then
    skips the feature or stops, as set; both use GEOS)."""
    import numpy as np
    import shapely

    read = _read_stored_table(table, None if keep_features else list(field_index), feedback)
    if read is None or len(read.fids) != source.featureCount() or not set(field_index) <= set(read.values):
        return None
    if keep_features and source.fields().names() != read.column_names:  # joined or virtual fields
        return None
    geometries = _geometries(read.wkbs)
    empty = shapely.is_empty(geometries)
    if keep_features and empty.any():
        return None
    geometries[empty] = None  # as the QGIS loop: an empty geometry is no geometry
    if read.geometry_type in _MULTI_OF_PARTS:
        part_type, constructor = _MULTI_OF_PARTS[read.geometry_type]
        single = np.flatnonzero(shapely.get_type_id(geometries) == part_type)
        geometries[single] = getattr(shapely, constructor)(geometries[single], indices=np.arange(len(single)))
    if check_validity and context.invalidGeometryCheck() != QgsFeatureRequest.GeometryNoCheck:
        if not shapely.is_valid(geometries[~shapely.is_missing(geometries)]).all():
            return None
    features = []
    if keep_features:
        multi = QgsWkbTypes.isMultiType(source.wkbType())
        rows = zip(read.fids, *(read.values[field] for field in read.column_names[1:]))
        features = [StoredFeature(row[0], row, wkb, multi) for row, wkb in zip(rows, read.wkbs)]
    values = {field: read.values[field] for field in field_index}
    return LayerData(name, np.asarray(read.fids, dtype=np.int64), geometries, values, features, source.sourceCrs())


def access_points(layer, feedback, gates=None, gate_distance_m=GATE_DISTANCE_M):
    """Where each feature reaches the network, as core AccessPoints.

    Points reach it where they stand (every part of a multipoint); polygons through the gates that
    lie on their outline when a gates layer is given, else through their point-on-surface; lines
    through their point-on-surface. NULL geometries own no point and stay unattached.
    """
    import numpy as np
    import shapely

    from ..core.coverage import AccessPoints

    geoms = layer.geometries
    # One vectorised call: the geom_type property costs a Python call per feature.
    kinds = np.array(("Point", "LineString", "LinearRing", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon",
                      "GeometryCollection", ""))[shapely.get_type_id(geoms)]
    xy_parts, owner_parts = [], []
    point_like = np.isin(kinds, ("Point", "MultiPoint"))
    if point_like.any():
        idx = np.flatnonzero(point_like)
        coords, owner = shapely.get_coordinates(geoms[idx], return_index=True)
        xy_parts.append(coords[:, :2])
        owner_parts.append(idx[owner])
    areal = np.isin(kinds, ("Polygon", "MultiPolygon"))
    gated = np.zeros(len(geoms), dtype=bool)
    if areal.any():
        idx = np.flatnonzero(areal)
        invalid = idx[~shapely.is_valid(geoms[idx])]
        if len(invalid):
            feedback.pushWarning(
                QCoreApplication.translate(
                    "LayerIO",
                    "Layer '{0}': {1} invalid polygon(s) repaired before use (features {2}); fix them with "
                    "'Fix geometries' to be sure of the result.").format(
                    layer.name, len(invalid), ", ".join(layer.describe(i) for i in invalid[:10])))
            geoms = geoms.copy()
            geoms[invalid] = shapely.make_valid(geoms[invalid])
        if gates is not None and len(gates):
            gate_xy = np.array([(g.x, g.y) if g is not None and g.geom_type == "Point" else (np.nan, np.nan)
                                for g in gates.geometries])
            usable = np.isfinite(gate_xy).all(axis=1)
            tree = shapely.STRtree(shapely.points(gate_xy[usable]))
            poly_i, gate_i = tree.query(geoms[idx], predicate="dwithin", distance=gate_distance_m)
            gate_coords = gate_xy[usable][gate_i]
            xy_parts.append(gate_coords)
            owner_parts.append(idx[poly_i])
            gated[idx[np.unique(poly_i)]] = True
            ungated = idx[~gated[idx]]
            if len(ungated):
                feedback.pushInfo(
                    QCoreApplication.translate(
                        "LayerIO",
                        "Layer '{0}': {1} polygon(s) have no gate within {2} m of their outline and are "
                        "reached from their point-on-surface.").format(layer.name, len(ungated), gate_distance_m))
        rest = idx[~gated[idx]]
        if len(rest):
            xy_parts.append(shapely.get_coordinates(shapely.point_on_surface(geoms[rest])))
            owner_parts.append(rest)
    # A geometry collection (a GeoPackage 'GEOMETRY' column holds them) is reached as a line is.
    linear = np.isin(kinds, ("LineString", "MultiLineString", "GeometryCollection"))
    collections = np.flatnonzero(kinds == "GeometryCollection")
    if len(collections):
        feedback.pushInfo(
            QCoreApplication.translate(
                "LayerIO",
                "Layer '{0}': {1} geometry collection(s) are reached from their point-on-surface (features "
                "{2}).").format(layer.name, len(collections), ", ".join(layer.describe(i) for i in collections[:10])))
    if linear.any():
        idx = np.flatnonzero(linear)
        xy_parts.append(shapely.get_coordinates(shapely.point_on_surface(geoms[idx])))
        owner_parts.append(idx)
    empty = np.flatnonzero(kinds == "")
    if len(empty):
        feedback.pushWarning(
            QCoreApplication.translate(
                "LayerIO",
                "Layer '{0}': {1} feature(s) without geometry are kept but cannot be reached (features {2}).").format(
                layer.name, len(empty), ", ".join(layer.describe(i) for i in empty[:10])))
    multi = np.flatnonzero(kinds == "MultiPoint")
    if len(multi):
        feedback.pushInfo(
            QCoreApplication.translate(
                "LayerIO",
                "Layer '{0}': {1} multipoint feature(s); each part is used as an entrance.").format(
                layer.name, len(multi)))
    if xy_parts:
        xy = np.concatenate(xy_parts).reshape(-1, 2)
        owner = np.concatenate(owner_parts).astype(np.int64)
    else:
        xy, owner = np.empty((0, 2)), np.empty(0, dtype=np.int64)
    return AccessPoints(xy, owner, len(geoms))


def representative_points(layer):
    """One point per feature (point-on-surface), NaN for NULL geometries: for joining to units."""
    import numpy as np
    import shapely

    xy = np.full((len(layer), 2), np.nan)
    present = np.array([g is not None for g in layer.geometries], dtype=bool)
    if present.any():
        xy[present] = shapely.get_coordinates(shapely.point_on_surface(layer.geometries[present]))
    return xy


def unit_of_points(xy, units, unit_ids):
    """Unit id per point (None outside every unit) by point-in-polygon."""
    import numpy as np
    import shapely

    result = np.array([None] * len(xy), dtype=object)
    polys = units.geometries
    ok_poly = np.array([g is not None for g in polys], dtype=bool)
    finite = np.isfinite(xy).all(axis=1)
    if not ok_poly.any() or not finite.any():
        return result
    tree = shapely.STRtree(polys[ok_poly])
    pts = shapely.points(xy[finite])
    pt_i, poly_i = tree.query(pts, predicate="within")
    poly_ids = np.flatnonzero(ok_poly)[poly_i]
    ids = np.asarray(unit_ids, dtype=object)
    finite_idx = np.flatnonzero(finite)
    # A point on a shared border takes the first unit listed.
    for p, q in zip(pt_i[::-1], poly_ids[::-1]):
        result[finite_idx[p]] = ids[q]
    return result


_STORED_AS_NUMBER_OR_DATE = (QVariant.Double, QVariant.Int, QVariant.LongLong, QVariant.Date, QVariant.DateTime)
# A GeoPackage date or date-time is ISO text; other text in such a column is no date.
_ISO_DATE_GLOB = "[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]*"


def stored_text_values(layer):
    """{feature id: {field: text}} of the text a GeoPackage keeps in a numeric or date column of ``layer``.

    SQLite stores what it is given ('约150平方米' in a REAL column, '2027/13/45' in a DATE column, from a
    spreadsheet import or another program), and QGIS then reads 0 or NULL: the rules must see the text.
    Empty for layers that are not in a GeoPackage.
    """
    if layer.providerType() != "ogr":
        return {}
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path, table = parts.get("path", ""), parts.get("layerName")
    if not path.lower().endswith(".gpkg") or not table:
        return {}
    try:
        dataset = gdal.OpenEx(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    except RuntimeError:  # gdal.UseExceptions() is on
        return {}
    if dataset is None or dataset.GetLayerByName(table) is None:
        return {}
    fid_column = dataset.GetLayerByName(table).GetFIDColumn() or "fid"
    found = {}
    for field in layer.fields():
        if field.type() not in _STORED_AS_NUMBER_OR_DATE or layer.fields().lookupField(field.name()) < 0:
            continue
        column = field.name().replace('"', '""')
        condition = f'typeof("{column}") = \'text\''
        if field.type() in (QVariant.Date, QVariant.DateTime):
            condition += f' AND NOT "{column}" GLOB \'{_ISO_DATE_GLOB}\''
        try:
            result = dataset.ExecuteSQL(f'SELECT CAST("{fid_column}" AS INTEGER) AS lc_fid, CAST("{column}" AS TEXT) '
                                        f'AS lc_text FROM "{table}" WHERE {condition}', dialect="SQLITE")
        except RuntimeError:  # gdal.UseExceptions() is on
            result = None
        if result is None:
            continue
        for row in result:
            found.setdefault(int(row.GetField("lc_fid")), {})[field.name()] = row.GetField("lc_text")
        dataset.ReleaseResultSet(result)
    return found
