"""Set-up of the tests that need QGIS: the checkout as the package ``lifecircle`` (lifecircle_bootstrap), the
Processing provider, feedback and layer helpers, QGIS's language, a clean exit."""
import contextlib
import os
import sys

import pytest
from qgis.core import QgsProcessingFeedback, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant

from lifecircle_bootstrap import ROOT, SHARED_DATA, shared_data  # noqa: F401 (for the tests: from conftest import)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@contextlib.contextmanager
def qgis_language(locale):
    """QGIS set to ``locale`` as the plugin sees it: the setting, and the Chinese catalogue installed for a
    Simplified Chinese spelling, as the plugin does at load (the core's messages follow the catalogue)."""
    from qgis.PyQt.QtCore import QCoreApplication, QSettings

    from lifecircle.lifecircle_plugin.core.language import catalogue_for
    from lifecircle.lifecircle_plugin.plugin import PLUGIN_DIR
    from qgis.PyQt.QtCore import QTranslator

    settings = QSettings()
    previous = settings.value("locale/userLocale")
    settings.setValue("locale/userLocale", locale)
    translator = None
    catalogue = catalogue_for(locale)
    if catalogue:
        translator = QTranslator()
        assert translator.load(os.path.join(PLUGIN_DIR, "i18n", f"lifecircle_{catalogue}.qm"))
        QCoreApplication.installTranslator(translator)
    try:
        yield
    finally:
        if translator is not None:
            QCoreApplication.removeTranslator(translator)
        if previous is None:
            settings.remove("locale/userLocale")
        else:
            settings.setValue("locale/userLocale", previous)


@pytest.fixture(scope="session", autouse=True)
def layer_tree_view(qgis_iface):
    """A real layer tree view on the mocked QGIS interface: QGIS 3.40's Processing post-processing asks
    for it (iface.layerTreeView()), and pytest-qgis's mocked interface has none (2.1.0 up to 5.0.2)."""
    if hasattr(qgis_iface, "layerTreeView"):
        yield qgis_iface.layerTreeView()
        return
    from qgis.core import QgsLayerTreeModel, QgsProject
    from qgis.gui import QgsLayerTreeView

    view = QgsLayerTreeView()
    view.setModel(QgsLayerTreeModel(QgsProject.instance().layerTreeRoot()))
    qgis_iface.layerTreeView = lambda: view
    yield view


@pytest.fixture(scope="session")
def lifecircle_provider(qgis_processing):
    """QGIS Processing initialised with the `lifecircle` provider registered, as the plugin does."""
    from qgis.core import QgsApplication

    from lifecircle.processing_algorithms.provider import LifeCircleProvider

    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("lifecircle")
    if provider is None:
        provider = LifeCircleProvider()
        registry.addProvider(provider)
    return provider


@pytest.fixture(scope="module")
def district(lifecircle_provider, tmp_path_factory):
    """The sample district written to a GeoPackage, once per test module that asks for it."""
    import processing

    path = tmp_path_factory.mktemp("district") / "sample_district.gpkg"
    processing.run("lifecircle:sampledistrict", {"OUTPUT": str(path)})
    return path


class RecordingFeedback(QgsProcessingFeedback):
    """Feedback keeping every message and progress value of a run, for assertions on the log."""

    def __init__(self):
        super().__init__()
        self.info, self.warnings, self.errors, self.progress = [], [], [], []
        self.progressChanged.connect(self.progress.append)

    def pushInfo(self, text):  # QGIS API
        self.info.append(text)

    def pushWarning(self, text):  # QGIS API
        self.warnings.append(text)

    def reportError(self, text, fatalError=False):  # QGIS API
        self.errors.append(text)

    @property
    def log(self):
        return "\n".join(self.info + self.warnings + self.errors)


def memory_layer(kind, crs, fields, rows, name="layer"):
    """A memory layer from WKT rows: ``fields`` as [(name, QVariant type)], ``rows`` as (wkt, [values])."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(f"{kind}?crs={crs}", name, "memory")
    provider = layer.dataProvider()
    provider.addAttributes([QgsField(n, t) for n, t in fields])
    layer.updateFields()
    features = []
    for wkt, values in rows:
        feature = QgsFeature(layer.fields())
        if wkt:
            feature.setGeometry(QgsGeometry.fromWkt(wkt))
        feature.setAttributes(list(values))
        features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    return layer


_EXIT_STATUS = {}


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    _EXIT_STATUS["code"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """Leave without Python's final garbage collection: sip objects of an exited QGIS can crash it,
    turning a green run into a segfault after every result has been reported."""
    if "code" in _EXIT_STATUS:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS["code"])


def plain(value):
    """A QGIS attribute value as the tests compare it: QVariant NULL as None."""
    return None if isinstance(value, QVariant) and value.isNull() else value


def rows(output):
    """An output (a layer, or the path QGIS wrote) as one dict of plain values per feature."""
    layer = output if isinstance(output, QgsVectorLayer) else QgsVectorLayer(str(output), "output", "ogr")
    assert layer.isValid(), output
    names = layer.fields().names()
    return [dict(zip(names, map(plain, f.attributes()))) for f in layer.getFeatures()]
