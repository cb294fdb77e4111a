"""lifecircle:sampledistrict — write the built-in sample street to a GeoPackage."""
import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsProcessingContext,
    QgsProcessingLayerPostProcessorInterface,
    QgsSingleSymbolRenderer,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsVectorFileWriter,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..lifecircle_plugin.core.defaults import DEFAULT_SEED, LAYER_NAMES
from ..lifecircle_plugin.adapters import blueprint_layer
from .base import INT_MAX, LifeCircleAlgorithm
from ..lifecircle_plugin.adapters.layer_io import raise_if_cancelled
from ..lifecircle_plugin.adapters.memory_layer import memory_layer
from ..lifecircle_plugin.adapters.styles import keep_alive, set_aliases

# numpy, shapely and the core's engines are imported in the methods that use them (see provider.py).

# How the sample layers look on the map, listed top to bottom as they stack in their layer group.
SAMPLE_STYLES = {
    "candidates": (QgsMarkerSymbol, {"name": "star", "color": "#e31a1c", "size": "3.2", "outline_color": "white"}),
    "facilities": (QgsMarkerSymbol, {"name": "square", "color": "#1f78b4", "size": "2.4", "outline_color": "white"}),
    "transit_stops": (QgsMarkerSymbol, {"name": "circle", "color": "#ff7f00", "size": "2.0",
                                        "outline_color": "white"}),
    "gates": (QgsMarkerSymbol, {"name": "triangle", "color": "#6a3d9a", "size": "1.6", "outline_style": "no"}),
    "residents": (QgsMarkerSymbol, {"name": "circle", "color": "#b15928", "size": "1.0", "outline_style": "no"}),
    "roads": (QgsLineSymbol, {"line_color": "#8c8c8c", "line_width": "0.4"}),
    "compounds": (QgsFillSymbol, {"color": "#f0ebe0", "outline_color": "#c8bfae", "outline_width": "0.2"}),
    "parks": (QgsFillSymbol, {"color": "#b2df8a", "outline_style": "no"}),
    "river": (QgsFillSymbol, {"color": "#a6cee3", "outline_style": "no"}),
    "units": (QgsFillSymbol, {"color": "0,0,0,0", "outline_color": "#6a3d9a", "outline_width": "0.6",
                              "outline_style": "dash"}),
    "boundary": (QgsFillSymbol, {"color": "0,0,0,0", "outline_color": "#333333", "outline_width": "0.8"}),
}
DRAW_ORDER = tuple(SAMPLE_STYLES)
RANK_PROPERTY = "lifecircle/sample_rank"


class SampleLayerStyler(QgsProcessingLayerPostProcessorInterface):
    """Styles one sample layer, gives its fields their Chinese aliases and files it in the district's group
    (created at the top of the layer tree), points above lines above areas."""

    def __init__(self, layer_name, group_name):
        super().__init__()
        self.layer_name = layer_name
        self.group_name = group_name

    def clone(self):
        """A fresh copy (see ``styles.QmlStyler.clone``)."""
        return SampleLayerStyler(self.layer_name, self.group_name)

    def postProcessLayer(self, layer, context, feedback):  # QGIS API
        symbol_type, properties = SAMPLE_STYLES[self.layer_name]
        layer.setRenderer(QgsSingleSymbolRenderer(symbol_type.createSimple(properties)))
        set_aliases(layer)
        root = context.project().layerTreeRoot()
        node = root.findLayer(layer.id())
        if node is None:
            return
        group = root.findGroup(self.group_name) or root.insertGroup(0, self.group_name)
        rank = DRAW_ORDER.index(self.layer_name)
        position = sum(1 for child in group.children() if child.customProperty(RANK_PROPERTY, 0) < rank)
        moved = group.insertLayer(position, layer)
        moved.setCustomProperty(RANK_PROPERTY, rank)
        node.parent().removeChildNode(node)
        layer.triggerRepaint()

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
            minValue=0, maxValue=INT_MAX))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Sample district GeoPackage"), self.tr("GeoPackage (*.gpkg)")))
        for name in LAYER_NAMES:
            self.addOutput(QgsProcessingOutputVectorLayer(
                name.upper(), self.tr("Layer {0}").format(name), QgsProcessing.TypeVectorAnyGeometry))

    def compute(self, parameters, context, feedback):
        from ..lifecircle_plugin.core.sample_district import SAMPLE_CRS, STREET_NAME, generate_sample_district

        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path.lower().endswith(".gpkg"):
            raise QgsProcessingException(self.tr("Save the sample district as a .gpkg file, not '{0}'.").format(path))
        if os.path.exists(path):
            try:
                others = [t for t in blueprint_layer.geopackage_tables(path) if t not in LAYER_NAMES]
            except (blueprint_layer.BlueprintLayerError, RuntimeError):  # RuntimeError: gdal.UseExceptions()
                others = []  # not a GeoPackage: replaced like any output file
            if others:
                raise QgsProcessingException(self.tr(
                    "{0} already holds other layers ({1}), which writing the sample district would delete. "
                    "Choose a new file.").format(self.final_path(path), ", ".join(others)))
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
            self.load_on_completion(context, results[name.upper()], name)
            feedback.setProgress(100 * (step + 1) / len(LAYER_NAMES))
        summary = district.describe()
        counts = summary["counts"]
        feedback.pushInfo(self.tr(
            "{0} (seed {1}, {2:.2f} km²): {3:,} residents in {4} compounds, {5:.1f} km of roads, {6} facilities, "
            "{7} candidate sites, {8} basic units; written to {9}").format(
            STREET_NAME, summary["seed"], summary["area_km2"], summary["total_population"], counts["compounds"],
            summary["road_length_m"] / 1000.0, counts["facilities"], counts["candidates"], counts["units"], path))
        return results

    def load_on_completion(self, context, uri, name):
        """Run from the dialog, the layer arrives on the map styled, in the group of the sample district."""
        from ..lifecircle_plugin.core.sample_district import STREET_NAME

        details = QgsProcessingContext.LayerDetails(self.layer_title(name), context.project(), name.upper())
        styler = keep_alive(SampleLayerStyler(name, self.tr("Sample district {0}").format(STREET_NAME)))
        details.setPostProcessor(styler)
        context.addLayerToLoadOnCompletion(uri, details)

    def layer_title(self, name):
        return {
            "boundary": self.tr("Street boundary"), "units": self.tr("Basic units"), "river": self.tr("Creek"),
            "roads": self.tr("Roads"), "compounds": self.tr("Residential compounds"),
            "gates": self.tr("Compound gates"), "residents": self.tr("Residential buildings"),
            "facilities": self.tr("Existing facilities"), "candidates": self.tr("Candidate sites"),
            "transit_stops": self.tr("Transit stops"), "parks": self.tr("Public green space"),
        }[name]

    @staticmethod
    def memory_layer(sample_layer, crs):
        """A memory layer holding one sample layer's features, with its declared geometry and field types."""
        shapes = [shape for shape, _record in sample_layer.features]
        rows = [[record[spec.name] for spec in sample_layer.fields] for _shape, record in sample_layer.features]
        return memory_layer(sample_layer.name, shapes, crs, [(spec.name, _FIELD_TYPES[spec.type]) for spec in
                                                              sample_layer.fields], rows,
                            geometry_type=QgsWkbTypes.displayString(_GEOMETRY_TYPES[sample_layer.geometry_type]))
