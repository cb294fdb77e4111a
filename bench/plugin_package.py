"""What every bench script needs first: the checkout imported as package ``lifecircle`` (as QGIS and the
tests import it), and, for the Processing benchmarks, a QGIS session with the provider registered."""
import importlib.util
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def import_plugin_package():
    if "lifecircle" not in sys.modules:
        spec = importlib.util.spec_from_file_location("lifecircle", ROOT / "__init__.py",
                                                      submodule_search_locations=[str(ROOT)])
        module = importlib.util.module_from_spec(spec)
        sys.modules["lifecircle"] = module
        spec.loader.exec_module(module)
    return sys.modules["lifecircle"]


def start_qgis():
    """QGIS application, Processing and the lifecircle provider, as the tests set them up."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.append("/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    from lifecircle.processing_algorithms.provider import LifeCircleProvider

    provider = LifeCircleProvider()
    if not QgsApplication.processingRegistry().addProvider(provider):
        raise RuntimeError("The lifecircle Processing provider could not be registered.")
    return app, provider


import_plugin_package()
