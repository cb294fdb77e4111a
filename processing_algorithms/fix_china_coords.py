"""lifecircle:fixchinacoords — GCJ-02 (AMap/Gaode) and BD-09 (Baidu) layers to WGS 84 / CGCS2000 and back."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ..lifecircle_plugin.core.defaults import SYSTEMS
from .base import LifeCircleAlgorithm, advanced, decimals
from ..lifecircle_plugin.adapters.layer_io import checked_features, raise_if_cancelled, require_crs

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).

# Lon/lat CRSs whose coordinates the shift formulas are defined on (CGCS2000 = WGS 84 to a few cm).
LONLAT_CRS = ("EPSG:4326", "EPSG:4490", "OGC:CRS84")
# Output CRS per target system: GCJ-02 and BD-09 have no EPSG code and are labelled as WGS 84 lon/lat,
# the way AMap and Baidu data is usually loaded.
OUTPUT_CRS = {"wgs84": "EPSG:4326", "cgcs2000": "EPSG:4490", "gcj02": "EPSG:4326", "bd09": "EPSG:4326"}
# Geometries are converted in batches of this many features (vectorised), between cancel checks.
BATCH_SIZE = 1000
# Metres per degree of latitude: turns the densify distance into degrees. A degree of longitude is
# shorter, so the added vertices are never farther apart than asked.
METRES_PER_DEGREE = 111_320.0
_SHOWN_IDS = 10


class FixChinaCoordsAlgorithm(LifeCircleAlgorithm):
    NAME = "fixchinacoords"
    GROUP_ID = "data"
    ICON = "fixchinacoords.svg"

    INPUT = "INPUT"
    SOURCE_SYSTEM = "SOURCE_SYSTEM"
    TARGET_SYSTEM = "TARGET_SYSTEM"
    DENSIFY_M = "DENSIFY_M"
    OUTPUT = "OUTPUT"
    FEATURES_OUTSIDE_CHINA = "FEATURES_OUTSIDE_CHINA"

    def displayName(self):
        return self.tr("Fix Chinese map coordinates (GCJ-02 / BD-09)")

    def group(self):
        return self.tr("Data preparation")

    def shortHelpString(self):
        return self.tr(
            "Converts point, line or polygon layers between GCJ-02 (AMap/Gaode, Tencent), BD-09 (Baidu) and "
            "WGS 84 (GPS, OpenStreetMap) / CGCS2000. POIs scraped from AMap or Baidu lie several hundred "
            "metres off true positions until converted.\n\n"
            "The input layer must be in longitudes/latitudes (EPSG:4326 or EPSG:4490): AMap and Baidu data "
            "is loaded 'as' EPSG:4326 although its coordinates are GCJ-02 or BD-09. Choose what the "
            "coordinates really are as the source system. A projected layer (metres) is refused: reproject "
            "it to EPSG:4326 first.\n\n"
            "The conversion to WGS 84 is solved exactly (iteratively), so a round trip returns every vertex "
            "to within a millimetre; CGCS2000 and WGS 84 differ by centimetres and are treated as equal. "
            "Outside China no shift applies: such features are copied unchanged and listed in a warning.\n\n"
            "Every vertex is shifted; a straight segment between two shifted vertices stays straight. The "
            "shift varies slowly: in Shanghai, the middle of a 100 m segment is off by under 2 cm, of a "
            "300 m segment by under 0.15 m, of a 1 km segment by up to 1.6 m (growing with the square of "
            "the length). For layers with long straight edges, set 'Add vertices on segments longer than' "
            "(e.g. 100 m). Curved geometries are converted to straight segments; M values are dropped.\n\n"
            "Output: every attribute kept; CRS EPSG:4490 for a CGCS2000 target, else EPSG:4326 (GCJ-02 and "
            "BD-09 have no CRS of their own).")

    def initAlgorithm(self, config=None):
        systems = [self.tr("WGS 84 (GPS, OpenStreetMap)"), self.tr("CGCS2000 (EPSG:4490)"),
                   self.tr("GCJ-02 (AMap/Gaode, Tencent)"), self.tr("BD-09 (Baidu)")]
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Input layer (longitude/latitude)"), [QgsProcessing.TypeVectorAnyGeometry]))
        self.addParameter(QgsProcessingParameterEnum(
            self.SOURCE_SYSTEM, self.tr("Coordinates of the input are in"), options=systems,
            defaultValue=SYSTEMS.index("gcj02")))
        self.addParameter(QgsProcessingParameterEnum(
            self.TARGET_SYSTEM, self.tr("Convert to"), options=systems, defaultValue=SYSTEMS.index("wgs84")))
        self.addParameter(advanced(decimals(QgsProcessingParameterNumber(
            self.DENSIFY_M, self.tr("Add vertices on segments longer than (m; 0 = keep the vertices as they are)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0, maxValue=100000.0), 1)))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Converted layer"), QgsProcessing.TypeVectorAnyGeometry))
        self.addOutput(QgsProcessingOutputNumber(
            self.FEATURES_OUTSIDE_CHINA, self.tr("Features with vertices outside China (not shifted)")))

    def check_lonlat(self, source):
        """Refuse layers whose coordinates are not WGS 84 / CGCS2000 longitudes and latitudes."""
        name = source.sourceName()
        crs = require_crs(source, name)
        if not crs.isGeographic():
            raise QgsProcessingException(self.tr(
                "Layer '{0}' is in {1} ({2}), a projected CRS; GCJ-02/BD-09 conversion works on longitudes and "
                "latitudes. Reproject the layer to EPSG:4326 first (Vector › Data Management Tools › Reproject "
                "Layer) and run again on the reprojected layer.").format(name, crs.authid(), crs.description()))
        if crs.authid() not in LONLAT_CRS:
            raise QgsProcessingException(self.tr(
                "Layer '{0}' is in {1} ({2}); GCJ-02/BD-09 conversion is defined on WGS 84 / CGCS2000 "
                "longitudes and latitudes. Reproject the layer to EPSG:4490 or EPSG:4326 first, or, if its "
                "coordinates are AMap/Baidu longitudes and latitudes, set its CRS to EPSG:4326 (Layer "
                "Properties › Source).").format(name, crs.authid(), crs.description()))

    def compute(self, parameters, context, feedback):
        source = self.source(parameters, self.INPUT, context)
        self.check_lonlat(source)
        from_system = SYSTEMS[self.parameterAsEnum(parameters, self.SOURCE_SYSTEM, context)]
        to_system = SYSTEMS[self.parameterAsEnum(parameters, self.TARGET_SYSTEM, context)]
        if from_system == to_system:
            raise QgsProcessingException(self.tr(
                "Source and target are both {0}: there is nothing to convert. Choose the system the "
                "coordinates of '{1}' are really in as the source, and the one you need as the target.").format(
                from_system, source.sourceName()))
        densify_deg = self.parameterAsDouble(parameters, self.DENSIFY_M, context) / METRES_PER_DEGREE
        out_crs = QgsCoordinateReferenceSystem(OUTPUT_CRS[to_system])
        wkb_type = self.output_type(source)
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT, context, source.fields(), wkb_type, out_crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        feedback.pushInfo(self.tr("Converting '{0}' from {1} to {2} ({3} features); output CRS {4}.").format(
            source.sourceName(), from_system, to_system, source.featureCount(), out_crs.authid()))

        total = source.featureCount()
        outside_ids = []
        batch = []
        done = 0
        for feature in checked_features(source, QgsFeatureRequest(), source.sourceName(), context, feedback):
            batch.append(feature)
            if len(batch) == BATCH_SIZE:
                outside_ids += self.convert_batch(batch, sink, source.sourceName(), from_system, to_system,
                                                  densify_deg, feedback)
                done += len(batch)
                batch = []
                feedback.setProgress(100.0 * done / max(total, 1))
        if batch:
            outside_ids += self.convert_batch(batch, sink, source.sourceName(), from_system, to_system, densify_deg,
                                              feedback)
            done += len(batch)

        if outside_ids:
            feedback.pushWarning(self.tr(
                "{0} of {1} feature(s) of '{2}' have vertices outside China, where no shift applies: those "
                "vertices are copied unchanged (features {3}{4}). Check that the layer really is {5}.").format(
                len(outside_ids), done, source.sourceName(), ", ".join(str(i) for i in outside_ids[:_SHOWN_IDS]),
                " …" if len(outside_ids) > _SHOWN_IDS else "", from_system))
        feedback.pushInfo(self.tr("{0} features converted from {1} to {2}.").format(done, from_system, to_system))
        feedback.setProgress(100)
        return {self.OUTPUT: dest, self.FEATURES_OUTSIDE_CHINA: len(outside_ids)}

    def convert_batch(self, features, sink, layer_name, from_system, to_system, densify_deg, feedback):
        """Convert and write one batch of features; returns the ids of those with vertices outside China."""
        import numpy as np
        import shapely

        from ..lifecircle_plugin.core.chinacoords import CoordinateInputError, convert_geometry, geometry_outside_china

        raise_if_cancelled(feedback)
        linear = [self.linear_geometry(f, densify_deg) for f in features]
        present = [i for i, g in enumerate(linear) if g is not None]
        geometries = np.array([None] * len(features), dtype=object)
        if present:
            geometries[present] = shapely.from_wkb([self.wkb_without_m(linear[i]) for i in present])
        try:
            converted = convert_geometry(geometries, from_system, to_system)
        except CoordinateInputError:
            converted = self.convert_one_by_one(features, geometries, layer_name, from_system, to_system)
        outside = geometry_outside_china(geometries)
        for feature, geometry, wkb in zip(features, linear, shapely.to_wkb(converted)):
            out = QgsFeature(feature)
            if wkb is not None:
                moved = QgsGeometry()
                moved.fromWkb(wkb)
                if QgsWkbTypes.hasM(geometry.wkbType()):
                    self.restore_m(moved, geometry)
                out.setGeometry(moved)
            sink.addFeature(out, QgsFeatureSink.FastInsert)
        return [features[i].id() for i in np.flatnonzero(outside)]

    def convert_one_by_one(self, features, geometries, layer_name, from_system, to_system):
        """Convert feature by feature, to name the feature whose coordinates cannot be degrees."""
        from ..lifecircle_plugin.core.chinacoords import CoordinateInputError, convert_geometry

        converted = []
        for feature, geometry in zip(features, geometries):
            try:
                converted.append(convert_geometry(geometry, from_system, to_system))
            except CoordinateInputError as err:
                raise QgsProcessingException(self.tr(
                    "Feature {0} of layer '{1}' has coordinates that are not longitudes/latitudes ({2}). Fix or "
                    "remove that feature, or set the layer's true CRS and reproject it to EPSG:4326.").format(
                    feature.id(), layer_name, err)) from err
        return converted

    def output_type(self, source):
        """The output's WKB type: the input's, without curves (they are segmentized), Z and M kept. A layer
        of no declared type gets the multi type of what it holds; one mixing kinds is refused."""
        declared = QgsWkbTypes.linearType(source.wkbType())
        kinds, z, m = set(), False, False
        collections = []
        for feature in checked_features(source, QgsFeatureRequest().setNoAttributes(), source.sourceName(), None, None,
                                        check_validity=False):
            if feature.hasGeometry():
                kind = QgsWkbTypes.geometryType(feature.geometry().wkbType())
                kinds.add(kind)
                if kind == QgsWkbTypes.UnknownGeometry:
                    collections.append(feature.id())
                z |= QgsWkbTypes.hasZ(feature.geometry().wkbType())
                m |= QgsWkbTypes.hasM(feature.geometry().wkbType())
        if collections:  # a GeometryCollection: no output type holds it
            raise QgsProcessingException(self.tr(
                "Layer '{0}' holds geometry collections (features {1}), which no single output type holds. Break "
                "them up with Vector › Geometry Tools › Multipart to Singleparts, split the result by geometry "
                "type, and convert each part.").format(
                source.sourceName(), ", ".join(str(f) for f in collections[:_SHOWN_IDS])))
        # QGIS declares a GeoPackage 'GEOMETRY' layer with the type of its first feature
        if kinds <= {QgsWkbTypes.geometryType(declared)}:
            return declared
        if len(kinds) > 1:
            names = {QgsWkbTypes.PointGeometry: self.tr("points"), QgsWkbTypes.LineGeometry: self.tr("lines"),
                     QgsWkbTypes.PolygonGeometry: self.tr("polygons")}
            raise QgsProcessingException(self.tr(
                "Layer '{0}' mixes {1}: a layer holds one kind of geometry. Split it by geometry type (Vector › "
                "Data Management Tools › Split Vector Layer on the expression geometry_type($geometry)) and "
                "convert each part.").format(source.sourceName(), ", ".join(
                    names.get(k, "?") for k in sorted(kinds))))
        single = {QgsWkbTypes.PointGeometry: QgsWkbTypes.MultiPoint, QgsWkbTypes.LineGeometry:
                  QgsWkbTypes.MultiLineString, QgsWkbTypes.PolygonGeometry: QgsWkbTypes.MultiPolygon}
        declared = single.get(kinds.pop() if kinds else None, QgsWkbTypes.Point)
        declared = QgsWkbTypes.addZ(declared) if z else declared
        return QgsWkbTypes.addM(declared) if m else declared

    @staticmethod
    def linear_geometry(feature, densify_deg):
        """The feature's geometry without curves, densified (Z and M interpolated), or None when it has none."""
        geometry = feature.geometry()
        if geometry is None or geometry.isNull() or geometry.isEmpty():
            return None
        if QgsWkbTypes.isCurvedType(geometry.wkbType()):
            geometry = QgsGeometry(geometry.constGet().segmentize())
        if densify_deg > 0 and geometry.type() != QgsWkbTypes.PointGeometry:
            geometry = geometry.densifyByDistance(densify_deg)
        return geometry

    @staticmethod
    def wkb_without_m(geometry):
        """WKB of a QgsGeometry without its M values (shapely 2.0 reads no M)."""
        if QgsWkbTypes.hasM(geometry.wkbType()):
            geometry = QgsGeometry(geometry)
            geometry.get().dropMValue()
        return bytes(geometry.asWkb())

    @staticmethod
    def restore_m(moved, original):
        """Give the converted geometry ``moved`` the M values of ``original``, vertex by vertex."""
        moved.get().addMValue(0.0)
        for index, vertex in enumerate(original.vertices()):
            point = moved.vertexAt(index)
            point.addMValue(vertex.m())
            point.setM(vertex.m())
            moved.moveVertex(point, index)
