"""lifecircle:sampledistrict — write the built-in sample street to a GeoPackage."""
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..lifecircle_plugin.core.sample_district import (
    DEFAULT_SEED,
    LAYER_NAMES,
    SAMPLE_CRS,
    STREET_NAME,
    generate_sample_district,
)
from .base import LifeCircleAlgorithm
from .layer_io import raise_if_cancelled

_FIELD_TYPES = {str: QVariant.String, int: QVariant.LongLong, float: QVariant.Double}
_GEOMETRY_TYPES = {"Point": QgsWkbTypes.Point, "LineString": QgsWkbTypes.LineString,
                   "Polygon": QgsWkbTypes.Polygon}


class SampleDistrictAlgorithm(LifeCircleAlgorithm):
    NAME = "sampledistrict"
    GROUP_ID = "data"
    ICON = "sampledistrict.svg"

    SEED = "SEED"
    OUTPUT = "OUTPUT"

    def displayName(self):
        return self.tr("Sample district")

    def group(self):
        return self.tr("Data preparation")

    def shortHelpString(self):
        return self.tr(
            "Writes a fictional but realistic sample street (丹浦桥街道, about 3 km² in Huangpu, Shanghai) to a "
            "GeoPackage, for trying every LifeCircle tool: roads with gated compound paths, an elevated "
            "expressway closed to walkers and a creek crossed by two bridges; residential compounds of about "
            "60,000 residents with their gates and building points; existing facilities with deliberate "
            "service gaps; candidate sites from 60 to 1,500 m²; transit stops, parks, basic units and the "
            "street boundary. The same seed always gives the same district. CRS: EPSG:4549.\n\n"
            "Compounds and buildings carry age cohorts (pop_60plus, pop_0_3, pop_3_6, pop_6_12) and facilities a "
            "capacity, for the accessibility tool: these are GENERATED (random shares and floor area per place), "
            "not census or survey figures.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, self.tr("Seed"), QgsProcessingParameterNumber.Integer, defaultValue=DEFAULT_SEED,
            minValue=0))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Sample district GeoPackage"), self.tr("GeoPackage (*.gpkg)")))
        for name in LAYER_NAMES:
            self.addOutput(QgsProcessingOutputVectorLayer(
                name.upper(), self.tr("Layer {0}").format(name), QgsProcessing.TypeVectorAnyGeometry))

    def compute(self, parameters, context, feedback):
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path.lower().endswith(".gpkg"):
            raise QgsProcessingException(self.tr("Save the sample district as a .gpkg file, not '{0}'.").format(path))
        district = generate_sample_district(self.parameterAsInt(parameters, self.SEED, context))
        crs = QgsCoordinateReferenceSystem(SAMPLE_CRS)
        results = {self.OUTPUT: path}
        for step, name in enumerate(LAYER_NAMES):
            # A half-written GeoPackage would pass for the sample district: the base class removes it.
            raise_if_cancelled(feedback)
            layer = self.memory_layer(district.layer(name), crs)
            options = QgsVectorFileWriter.SaveVectorOptions()
            options.driverName = "GPKG"
            options.layerName = name
            options.fileEncoding = "UTF-8"
            options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteFile if step == 0
                                            else QgsVectorFileWriter.CreateOrOverwriteLayer)
            error, message, _, _ = QgsVectorFileWriter.writeAsVectorFormatV3(
                layer, path, context.transformContext(), options)
            if error != QgsVectorFileWriter.NoError:
                raise QgsProcessingException(self.tr("Cannot write layer '{0}' to {1}: {2}").format(
                    name, path, message))
            results[name.upper()] = f"{path}|layername={name}"
            feedback.setProgress(100 * (step + 1) / len(LAYER_NAMES))
        summary = district.describe()
        counts = summary["counts"]
        feedback.pushInfo(self.tr(
            "{0} (seed {1}, {2:.2f} km²): {3:,} residents in {4} compounds, {5:.1f} km of roads, {6} facilities, "
            "{7} candidate sites, {8} basic units; written to {9}").format(
            STREET_NAME, summary["seed"], summary["area_km2"], summary["total_population"], counts["compounds"],
            summary["road_length_m"] / 1000.0, counts["facilities"], counts["candidates"], counts["units"], path))
        return results

    @staticmethod
    def memory_layer(sample_layer, crs):
        """A memory layer holding one sample layer's features, with its declared field types."""
        geometry = QgsWkbTypes.displayString(_GEOMETRY_TYPES[sample_layer.geometry_type])
        layer = QgsVectorLayer(f"{geometry}?crs={crs.authid()}", sample_layer.name, "memory")
        fields = QgsFields()
        for spec in sample_layer.fields:
            fields.append(QgsField(spec.name, _FIELD_TYPES[spec.type]))
        layer.dataProvider().addAttributes(fields.toList())
        layer.updateFields()
        features = []
        for shape, record in sample_layer.features:
            feature = QgsFeature(layer.fields())
            feature.setGeometry(QgsGeometry.fromWkt(shape.wkt))
            feature.setAttributes([record[spec.name] for spec in sample_layer.fields])
            features.append(feature)
        layer.dataProvider().addFeatures(features)
        return layer
