"""The plugin object QGIS creates: registers the Processing provider, menu and toolbar entries."""
import os

import qgis.core
from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QSettings, Qt, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction, QMessageBox

from .core.language import catalogue_for
from .dependencies import install_hint, missing_dependencies, use_private_libs

PLUGIN_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ICON_DIR = os.path.join(PLUGIN_DIR, "resources", "icons")
ICON = os.path.join(ICON_DIR, "lifecircle.svg")
MENU = "LifeCircle"


def qgis_locale():
    """QGIS's UI language ('zh-Hans', 'zh_CN', 'en_US', …): the one desktop QGIS runs in (``--lang`` or its
    settings); elsewhere (qgis_process) the settings' choice when ``locale/overrideFlag`` is set, else the
    system's, as QGIS itself decides."""
    app = qgis.core.QgsApplication.instance()
    running = app.translation() if app is not None else ""
    if running:
        return running
    settings = QSettings()
    if settings.value("locale/overrideFlag", False, type=bool) and settings.value("locale/userLocale", ""):
        return settings.value("locale/userLocale")
    return QLocale.system().name()


def install_translator(parent=None):
    """Load the Chinese catalogue for every Simplified Chinese spelling of the UI language (see
    core/language.py); English source strings otherwise."""
    catalogue = catalogue_for(qgis_locale())
    if catalogue is None:
        return None
    path = os.path.join(PLUGIN_DIR, "i18n", f"lifecircle_{catalogue}.qm")
    translator = QTranslator(parent)
    if not translator.load(path):
        QgsMessageLog.logMessage(f"Translation {path} could not be loaded; LifeCircle stays English.", MENU,
                                 Qgis.Warning)
        return None
    QCoreApplication.installTranslator(translator)
    return translator


class LifeCirclePlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions = []
        self.translator = None
        self.missing = []
        self.blueprint_dock = None

    @staticmethod
    def tr(text):
        """Translate with this class's context, where pylupdate5 files ``self.tr("…")``."""
        return QCoreApplication.translate("LifeCirclePlugin", text)

    def initProcessing(self):  # QGIS API
        """Register the provider; what qgis_process calls, and initGui too."""
        if self.translator is None:
            self.translator = install_translator()
        use_private_libs()
        self.missing = missing_dependencies()
        if self.missing:
            QgsMessageLog.logMessage(self.missing_message(), MENU, Qgis.Critical)
            return
        if self.provider is None:
            from ..processing_algorithms.provider import LifeCircleProvider

            provider = LifeCircleProvider()
            provider_id = provider.id()
            # The registry deletes a provider it refuses (its id is taken): keep no reference to it.
            if QgsApplication.processingRegistry().addProvider(provider):
                self.provider = provider
            else:
                QgsMessageLog.logMessage(self.tr(
                    "Another plugin already provides the Processing provider '{0}' (a second copy of "
                    "LifeCircle?); this copy adds no algorithms. Keep one copy in Plugins › Manage and "
                    "Install Plugins.").format(provider_id), MENU, Qgis.Warning)

    def initGui(self):  # QGIS API
        self.initProcessing()
        if self.missing:
            self.iface.messageBar().pushMessage(
                MENU, self.tr("LifeCircle needs Python libraries QGIS does not have; see the message log "
                              "(LifeCircle tab) for the command to run."), Qgis.Critical, 0)
            self.add_action(self.tr("Why LifeCircle cannot run…"), self.show_missing)
            return
        self.add_action(self.tr("15-minute walking coverage…"),
                        lambda: self.open_algorithm("lifecircle:walkingcoverage"), toolbar=True,
                        icon=os.path.join(ICON_DIR, "walkingcoverage.svg"))
        self.add_action(self.tr("Create the sample district…"),
                        lambda: self.open_algorithm("lifecircle:sampledistrict"),
                        icon=os.path.join(ICON_DIR, "sampledistrict.svg"))
        self.add_blueprint_dock()

    def add_blueprint_dock(self):
        """The 社区蓝图 dock, hidden at first, shown and hidden by a checkable menu/toolbar action."""
        from .gui.blueprint_dock import BlueprintDock

        self.blueprint_dock = BlueprintDock(self.iface, parent=self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.blueprint_dock)
        self.blueprint_dock.hide()
        action = QAction(QIcon(os.path.join(ICON_DIR, "blueprint.svg")), self.tr("Community blueprint"),
                         self.iface.mainWindow())
        action.setCheckable(True)
        self.blueprint_dock.setToggleVisibilityAction(action)
        self.iface.addPluginToMenu(MENU, action)
        self.iface.addToolBarIcon(action)
        self.actions.append(action)

    def add_action(self, text, callback, toolbar=False, icon=ICON):
        action = QAction(QIcon(icon), text, self.iface.mainWindow())
        action.triggered.connect(callback)
        self.iface.addPluginToMenu(MENU, action)
        if toolbar:
            self.iface.addToolBarIcon(action)
        self.actions.append(action)
        return action

    def open_algorithm(self, algorithm_id):
        import processing

        processing.execAlgorithmDialog(algorithm_id)

    def missing_message(self):
        names = ", ".join(f"{m[0]} ≥ {m[2]}" + (f" (found {m[1]})" if m[1] else "") for m in self.missing)
        return self.tr("LifeCircle needs {0}. Install with:\n{1}").format(names, install_hint(self.missing))

    def show_missing(self):
        QMessageBox.warning(self.iface.mainWindow(), MENU, self.missing_message())

    def unload(self):
        if self.blueprint_dock is not None:
            self.blueprint_dock.cleanup()
            self.iface.removeDockWidget(self.blueprint_dock)
            self.blueprint_dock.deleteLater()
            self.blueprint_dock = None
        for action in self.actions:
            self.iface.removePluginMenu(MENU, action)
            self.iface.removeToolBarIcon(action)
            action.deleteLater()
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
