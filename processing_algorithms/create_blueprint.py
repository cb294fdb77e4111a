"""lifecircle:createblueprint — a new community blueprint GeoPackage, or the upgrade of an existing one."""
import datetime
import os

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsProcessing,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingUtils,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingOutputVectorLayer,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..lifecircle_plugin.adapters import blueprint_layer
from ..lifecircle_plugin.core.blueprint import FIELDS, LAYER_NAME, PlanWindow
from .base import LifeCircleAlgorithm
from ..lifecircle_plugin.adapters.styles import keep_alive


class ConfigureBlueprintLayer(QgsProcessingLayerPostProcessorInterface):
    """Gives the loaded projects layer its aliases, value maps, tabbed form and style.

    Processing loads result layers without their default style (QGIS 3.22's
    ``QgsProcessingUtils`` sets ``loadDefaultStyle = false``), so the blueprint would arrive as
    bare fields and plain dots; this applies the same set-up ``create_blueprint`` saved.
    """

    def __init__(self, window):
        super().__init__()
        self.window = window

    def postProcessLayer(self, layer, context, feedback):
        blueprint_layer.configure_layer(layer, self.window)

    def clone(self):
        """A fresh copy (see ``styles.QmlStyler.clone``)."""
        return ConfigureBlueprintLayer(self.window)


class CreateBlueprintAlgorithm(LifeCircleAlgorithm):
    NAME = "createblueprint"
    GROUP_ID = "blueprint"

    OUTPUT = "OUTPUT"
    STREET = "STREET"
    FIRST_YEAR = "FIRST_YEAR"
    GEOMETRY = "GEOMETRY"
    CRS = "CRS"
    UPGRADE_EXISTING = "UPGRADE_EXISTING"
    LAYER = "LAYER"
    FIELDS_ADDED = "FIELDS_ADDED"

    def displayName(self):
        return self.tr("Create community blueprint")

    def group(self):
        return self.tr("Community blueprint")

    def shortHelpString(self):
        return self.tr(
            "Creates the community blueprint (社区蓝图) of a street or town: a GeoPackage layer 'projects' "
            "with the fields of the annual implementation list, Chinese aliases, drop-down lists for the "
            "project type and status, constraints, defaults, a tabbed edit form and a style, all saved as "
            "the layer's default style in the GeoPackage. The street and the three years of the reserve "
            "plan (FIRST_YEAR to FIRST_YEAR + 2) are stored in the table 'lifecircle_plan' of the same file.\n\n"
            "If the GeoPackage already holds a 'projects' layer, it is left alone unless 'Upgrade an "
            "existing projects layer' is ticked: then only the missing fields are added (existing fields "
            "and data are kept), the layer set-up is refreshed and the plan window is stored.")

    def initAlgorithm(self, config=None):
        self.addParameter(QgsProcessingParameterString(self.STREET, self.tr("Street or town (街镇)")))
        self.addParameter(QgsProcessingParameterNumber(
            self.FIRST_YEAR, self.tr("First year of the 3-year reserve plan"),
            QgsProcessingParameterNumber.Integer, defaultValue=datetime.date.today().year + 1,
            minValue=2000, maxValue=2100))
        self.addParameter(QgsProcessingParameterEnum(
            self.GEOMETRY, self.tr("Projects drawn as"),
            options=[self.tr("Points"), self.tr("Polygons (sites)")], defaultValue=blueprint_layer.POINT))
        # Optional so that processing.run and qgis_process may omit it (a non-optional CRS must be given).
        self.addParameter(QgsProcessingParameterCrs(
            self.CRS, self.tr("Coordinate reference system (empty: EPSG:4549 CGCS2000 / 3-degree GK CM 120E)"),
            defaultValue=QgsCoordinateReferenceSystem(blueprint_layer.DEFAULT_CRS), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.UPGRADE_EXISTING, self.tr("Upgrade an existing projects layer (adds missing fields only)"),
            defaultValue=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Blueprint GeoPackage"), self.tr("GeoPackage (*.gpkg)")))
        self.addOutput(QgsProcessingOutputVectorLayer(self.LAYER, self.tr("Projects layer")))
        self.addOutput(QgsProcessingOutputNumber(self.FIELDS_ADDED, self.tr("Fields added by the upgrade")))

    def checkParameterValues(self, parameters, context):  # QGIS API
        """A blueprint is kept for years: the dialog's temporary file (deleted when QGIS closes) is refused,
        so the planner chooses where it lives."""
        value = parameters.get(self.OUTPUT)
        if isinstance(value, QgsProcessingOutputLayerDefinition):
            value = value.sink.staticValue()
        temporary = QgsProcessingUtils.tempFolder()
        if value == QgsProcessing.TEMPORARY_OUTPUT or (
                isinstance(value, str) and value and os.path.abspath(value).startswith(temporary + os.sep)):
            return False, self.tr("Choose where to save the blueprint GeoPackage: a temporary file is deleted "
                                  "when QGIS closes, and the blueprint with it.")
        return super().checkParameterValues(parameters, context)

    def compute(self, parameters, context, feedback):
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        window = PlanWindow(self.parameterAsString(parameters, self.STREET, context),
                            self.parameterAsInt(parameters, self.FIRST_YEAR, context))
        upgrade = self.parameterAsBoolean(parameters, self.UPGRADE_EXISTING, context)
        existing = os.path.exists(path) and LAYER_NAME in blueprint_layer.geopackage_tables(path)
        if existing:
            if not upgrade:
                raise QgsProcessingException(self.tr(
                    "{0} already holds a '{1}' layer. Tick 'Upgrade an existing projects layer' to add the "
                    "missing fields (nothing else changes), or choose another file.").format(path, LAYER_NAME))
            layer = blueprint_layer.open_blueprint(path)
            plan = blueprint_layer.upgrade_layer(layer, window)
            feedback.pushInfo(plan.summary_zh())
            added = len(plan.add)
        else:
            layer = blueprint_layer.create_blueprint(
                path, window, self.parameterAsEnum(parameters, self.GEOMETRY, context),
                self.parameterAsCrs(parameters, self.CRS, context) if parameters.get(self.CRS)
                else blueprint_layer.DEFAULT_CRS)
            added = len(FIELDS)
            feedback.pushInfo(self.tr("Created layer '{0}' with {1} fields in {2}.").format(
                LAYER_NAME, len(FIELDS), path))
        feedback.pushInfo(self.tr("Plan window: {0}, {1}–{2}.").format(
            window.street, window.first_year, window.last_year))
        # Loaded from where the file will be once the run succeeded (not its staged name): staging then
        # leaves this layer's details, and so the post-processor, as they are.
        uri = f"{self.final_path(path)}|layername={LAYER_NAME}"
        del layer  # the file is complete on disk; the project loads its own copy, configured below
        context.addLayerToLoadOnCompletion(uri, QgsProcessingContext.LayerDetails(
            f"{window.street} {LAYER_NAME}", context.project(), self.LAYER))
        context.layerToLoadOnCompletionDetails(uri).setPostProcessor(keep_alive(ConfigureBlueprintLayer(window)))
        return {self.OUTPUT: path, self.LAYER: uri, self.FIELDS_ADDED: added}
