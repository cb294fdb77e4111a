"""QGIS's start stays light: starting the plugin as QGIS desktop does (initGui: the Processing provider with every
algorithm's parameters and help, the menu entries and the blueprint dock) imports none of the heavy libraries;
those load when an algorithm runs.

A fresh Python process starts the plugin after QGIS's own Processing and reports what it imported (the test's
own process has imported everything long before).
"""
import json
import os
import subprocess
import sys
import textwrap

from conftest import ROOT

HEAVY = ("numpy", "scipy", "shapely", "pyproj", "openpyxl")

CHILD = textwrap.dedent("""
    import importlib.util, json, sys
    sys.path.insert(0, "/usr/share/qgis/python/plugins")
    from qgis.core import QgsApplication
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtWidgets import QMainWindow
    app = QgsApplication([], True); app.initQgis()
    from processing.core.Processing import Processing
    Processing.initialize()
    window, canvas = QMainWindow(), QgsMapCanvas()

    class Iface:  # QGIS's main window and canvas; menus, toolbar and docks take what they are given
        def mainWindow(self): return window
        def mapCanvas(self): return canvas
        def __getattr__(self, name): return lambda *args, **kwargs: None

    before = set(sys.modules)
    spec = importlib.util.spec_from_file_location("lifecircle", sys.argv[1] + "/__init__.py",
                                                  submodule_search_locations=[sys.argv[1]])
    module = importlib.util.module_from_spec(spec); sys.modules["lifecircle"] = module
    spec.loader.exec_module(module)
    plugin = module.classFactory(Iface())
    plugin.initGui()
    loaded = sorted({name.split(".")[0] for name in set(sys.modules) - before})
    from lifecircle.processing_algorithms.provider import ALGORITHMS
    print(json.dumps({
        "missing": [list(m) for m in plugin.missing], "dock": plugin.blueprint_dock is not None, "loaded": loaded,
        "algorithms": {a.id(): len(a.parameterDefinitions()) for a in plugin.provider.algorithms()},
        "expected": sorted(f"lifecircle:{cls.NAME}" for cls in ALGORITHMS)}))
    plugin.unload()
""")


def test_starting_the_plugin_imports_no_heavy_library_and_lists_every_algorithm():
    child = subprocess.run([sys.executable, "-c", CHILD, str(ROOT)], capture_output=True, text=True, timeout=300,
                           env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert child.returncode == 0, child.stderr
    report = json.loads(child.stdout.strip().splitlines()[-1])
    assert report["missing"] == [] and report["dock"]
    assert "lifecircle" in report["loaded"]
    assert [name for name in HEAVY if name in report["loaded"]] == []
    assert sorted(report["algorithms"]) == report["expected"] and len(report["expected"]) == 15
    assert all(report["algorithms"].values())  # every algorithm declared its parameters
