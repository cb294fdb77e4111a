"""The `lifecircle` Processing provider: every algorithm of the plugin, one module each.

QGIS loads the provider at its start. Loading it imports the algorithm modules for their names, help and
parameters only: those import no numpy, scipy, shapely, pyproj or openpyxl, nor the core's modules that do
(core.coverage, core.network, the report kinds …); the methods that run an algorithm import them.
tests/qgis/test_startup.py checks it.
"""
import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from .accessibility import AccessibilityAlgorithm
from .base import ICON_DIR
from .blueprint_map import BlueprintMapAlgorithm
from .classify_facilities import ClassifyFacilitiesAlgorithm
from .create_blueprint import CreateBlueprintAlgorithm
from .export_annual_list import ExportAnnualListAlgorithm
from .export_webmap import ExportWebMapAlgorithm
from .fix_china_coords import FixChinaCoordsAlgorithm
from .import_feedback import ImportFeedbackAlgorithm
from .plan_impact import PlanImpactAlgorithm
from .prepare_network import PrepareNetworkAlgorithm
from .sample_district import SampleDistrictAlgorithm
from .service_areas import ServiceAreasAlgorithm
from .suggest_sites import SuggestSitesAlgorithm
from .validate_blueprint import ValidateBlueprintAlgorithm
from .walking_coverage import WalkingCoverageAlgorithm

ALGORITHMS = (
    WalkingCoverageAlgorithm,
    AccessibilityAlgorithm,
    ServiceAreasAlgorithm,
    SampleDistrictAlgorithm,
    FixChinaCoordsAlgorithm,
    ClassifyFacilitiesAlgorithm,
    PrepareNetworkAlgorithm,
    SuggestSitesAlgorithm,
    CreateBlueprintAlgorithm,
    ValidateBlueprintAlgorithm,
    ExportAnnualListAlgorithm,
    PlanImpactAlgorithm,
    BlueprintMapAlgorithm,
    ExportWebMapAlgorithm,
    ImportFeedbackAlgorithm,
)


class LifeCircleProvider(QgsProcessingProvider):
    def id(self):
        return "lifecircle"

    def name(self):
        return QCoreApplication.translate("LifeCircleProvider", "LifeCircle 15-minute life circle")

    def longName(self):
        return self.name()

    def icon(self):
        return QIcon(os.path.join(ICON_DIR, "lifecircle.svg"))

    def svgIconPath(self):
        return os.path.join(ICON_DIR, "lifecircle.svg")

    def loadAlgorithms(self):
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())
