"""The plugin's life in QGIS: classFactory, initProcessing, initGui, unload, missing libraries, metadata.txt."""
import configparser
import importlib.util
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
from qgis.core import Qgis, QgsApplication, QgsProcessingRegistry

from conftest import ROOT

PROVIDER_ID = "lifecircle"


class UntouchableIface:
    """An iface that fails the test on any use: the constructor and imports must leave iface alone."""

    def __getattr__(self, name):
        raise AssertionError(f"iface.{name} was used before initGui")


class IfaceRecorder:
    """What the plugin adds to and removes from QGIS's menus, toolbar and docks (pytest-qgis's
    iface has no-op stubs for these, and no removePluginMenu/removeDockWidget at all)."""

    def __init__(self, iface, monkeypatch):
        self.menu, self.toolbar, self.docks = [], [], []
        self.removed_menu, self.removed_toolbar, self.removed_docks = [], [], []
        for method, record in (
                ("addPluginToMenu", lambda menu, action: self.menu.append((menu, action.text()))),
                ("removePluginMenu", lambda menu, action: self.removed_menu.append((menu, action.text()))),
                ("addToolBarIcon", lambda action: self.toolbar.append(action.text())),
                ("removeToolBarIcon", lambda action: self.removed_toolbar.append(action.text())),
                ("addDockWidget", lambda area, dock: self.docks.append(dock.objectName())),
                ("removeDockWidget", lambda dock: self.removed_docks.append(dock.objectName()))):
            monkeypatch.setattr(iface, method, record, raising=False)


@pytest.fixture
def registry(monkeypatch):
    """A Processing registry of the test's own, in place of QgsApplication's for the plugin.

    The session's registry already holds the `lifecircle` provider of the other tests (fixture
    ``lifecircle_provider``); taking it out and back would leave their fixture dangling. sys.path is
    restored too, since initProcessing puts ext-libs on it.
    """
    from lifecircle.lifecircle_plugin import plugin as plugin_module

    private = QgsProcessingRegistry()
    monkeypatch.setattr(plugin_module, "QgsApplication", SimpleNamespace(processingRegistry=lambda: private))
    monkeypatch.setattr(sys, "path", list(sys.path))
    return private


def log_messages():
    """Messages sent to QGIS's message log from now on, as (tag, level, text)."""
    logged = []
    QgsApplication.messageLog().messageReceived.connect(lambda text, tag, level: logged.append((tag, level, text)))
    return logged


def lifecircle_providers(registry):
    return [p for p in registry.providers() if p.id() == PROVIDER_ID]


def test_import_and_constructor_leave_iface_alone(monkeypatch):
    """A fresh import of the whole plugin, as QGIS does, then classFactory with an iface that must not be used."""
    import qgis.utils

    monkeypatch.setattr(qgis.utils, "iface", UntouchableIface(), raising=False)
    package = "lifecircle_import_check"
    spec = importlib.util.spec_from_file_location(package, ROOT / "__init__.py",
                                                  submodule_search_locations=[str(ROOT)])
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, package, module)
    try:
        spec.loader.exec_module(module)
        for name in ("lifecircle_plugin.plugin", "lifecircle_plugin.dependencies"):
            importlib.import_module(f"{package}.{name}")
        plugin = module.classFactory(UntouchableIface())
        assert plugin.provider is None and plugin.actions == []
    finally:
        for name in [n for n in sys.modules if n.startswith(package + ".")]:
            del sys.modules[name]


def test_lifecycle_registers_once_adds_actions_and_unload_removes_everything(qgis_iface, registry, monkeypatch):
    import lifecircle

    recorder = IfaceRecorder(qgis_iface, monkeypatch)
    plugin = lifecircle.classFactory(qgis_iface)
    plugin.initProcessing()  # qgis_process and QGIS call it before initGui, which calls it again
    if plugin.missing:
        pytest.fail(f"this environment lacks the plugin's libraries: {plugin.missing}")
    plugin.initProcessing()
    plugin.initGui()
    try:
        (provider,) = lifecircle_providers(registry)
        assert provider is plugin.provider
        ids = {a.id() for a in provider.algorithms()}
        assert {"lifecircle:walkingcoverage", "lifecircle:sampledistrict"} <= ids
        texts = [a.text() for a in plugin.actions]
        assert recorder.menu == [("LifeCircle", t) for t in texts]
        assert "15-minute walking coverage…" in texts and "Create the sample district…" in texts
        assert "15-minute walking coverage…" in recorder.toolbar
        assert recorder.docks == ["LifeCircleBlueprintDock"]

        opened = []
        monkeypatch.setattr(plugin, "open_algorithm", opened.append)
        next(a for a in plugin.actions if a.text() == "15-minute walking coverage…").trigger()
        assert opened == ["lifecircle:walkingcoverage"]
    finally:
        plugin.unload()
    assert lifecircle_providers(registry) == [] and plugin.provider is None
    assert recorder.removed_menu == recorder.menu
    assert set(recorder.toolbar) <= set(recorder.removed_toolbar)
    assert recorder.removed_docks == recorder.docks
    assert plugin.actions == [] and plugin.blueprint_dock is None


def test_reload_after_unload_registers_again(qgis_iface, registry, monkeypatch):
    """What Plugin Reloader and the Plugin Manager do: unload, then start the same plugin again."""
    import lifecircle

    IfaceRecorder(qgis_iface, monkeypatch)
    plugin = lifecircle.classFactory(qgis_iface)
    plugin.initProcessing()
    plugin.unload()
    assert lifecircle_providers(registry) == []
    plugin.initProcessing()
    try:
        assert len(lifecircle_providers(registry)) == 1
    finally:
        plugin.unload()
    assert lifecircle_providers(registry) == []


@pytest.mark.parametrize("found, named", [(None, "shapely ≥ 2.0. Install"), ("1.8.5", "shapely ≥ 2.0 (found 1.8.5)")],
                         ids=["absent", "too-old"])
def test_missing_library_loads_without_traceback_and_shows_the_install_hint(
        qgis_iface, registry, monkeypatch, found, named):
    import lifecircle
    from lifecircle.lifecircle_plugin import plugin as plugin_module

    recorder = IfaceRecorder(qgis_iface, monkeypatch)
    monkeypatch.setattr(plugin_module, "missing_dependencies",
                        lambda: [("shapely", found, "2.0", "python3-shapely", "shapely>=2")])
    logged = log_messages()
    warnings = []
    monkeypatch.setattr(plugin_module.QMessageBox, "warning", lambda parent, title, text: warnings.append(text))

    bar_messages = qgis_iface.messageBar().get_messages(Qgis.Critical)  # the session's iface keeps them all
    earlier = len(bar_messages)
    plugin = lifecircle.classFactory(qgis_iface)
    plugin.initGui()
    try:
        assert lifecircle_providers(registry) == [] and plugin.provider is None
        (bar_message,) = bar_messages[earlier:]
        assert bar_message.startswith("LifeCircle:") and "message log" in bar_message
        hints = [m for tag, level, m in logged if tag == "LifeCircle" and level == Qgis.Critical]
        assert hints, "the install hint goes to the LifeCircle tab of the message log"
        assert named in hints[-1]
        assert "python3-shapely" not in hints[-1]  # Debian 12's is 1.8
        assert 'pip install --user "shapely>=2"' in hints[-1]
        (action,) = plugin.actions
        assert recorder.menu == [("LifeCircle", "Why LifeCircle cannot run…")]
        action.trigger()
        assert warnings == [hints[-1]]
    finally:
        plugin.unload()
    assert recorder.removed_menu == recorder.menu and plugin.actions == []


def test_install_hint_gives_each_platform_its_command():
    from lifecircle.lifecircle_plugin.dependencies import install_hint

    missing = [("scipy", None, "1.9", "python3-scipy", "scipy"), ("shapely", "1.8.5", "2.0", "python3-shapely",
                                                                  "shapely>=2")]
    windows = install_hint(missing, "win32")
    assert "OSGeo4W Shell" in windows and 'python -m pip install "scipy" "shapely>=2"' in windows
    assert "QGIS.app" in install_hint(missing, "darwin")
    debian = install_hint(missing, "linux")
    assert "sudo apt-get install python3-scipy" in debian and "python3-shapely" not in debian
    assert 'python3 -m pip install --user "shapely>=2"' in debian


def test_a_second_copy_of_the_plugin_leaves_the_first_provider_alone(qgis_iface, registry, monkeypatch):
    """Two copies installed under different folder names both start: the second must not break the first."""
    import lifecircle
    from lifecircle.processing_algorithms.provider import LifeCircleProvider

    IfaceRecorder(qgis_iface, monkeypatch)
    first = LifeCircleProvider()
    assert registry.addProvider(first)
    logged = log_messages()
    second = lifecircle.classFactory(qgis_iface)
    second.initProcessing()
    assert second.provider is None
    assert any(tag == "LifeCircle" and level == Qgis.Warning and "'lifecircle'" in text and "already" in text
               for tag, level, text in logged)
    second.unload()
    assert lifecircle_providers(registry) == [first]


# --- metadata.txt, as the official plugin repository reads it --------------------------------------

@pytest.fixture(scope="module")
def metadata():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive (qgisMinimumVersion)
    with open(ROOT / "metadata.txt", encoding="utf-8") as handle:
        parser.read_file(handle)
    return parser["general"]


REQUIRED_KEYS = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "category", "tags",
                 "icon", "hasProcessingProvider", "changelog")


def test_metadata_has_every_key_the_plugin_manager_shows(metadata):
    missing = [k for k in REQUIRED_KEYS if not metadata.get(k, "").strip()]
    assert missing == []
    assert metadata["qgisMinimumVersion"] == "3.22"
    assert metadata["hasProcessingProvider"] == "yes"
    assert re.fullmatch(r"\d+\.\d+\.\d+", metadata["version"])
    assert metadata["changelog"].startswith(metadata["version"])
    assert "\n" not in metadata["description"]
    assert len(metadata["about"]) > len(metadata["description"])
    assert metadata["category"] in ("Analysis", "Database", "Raster", "Vector", "Web", "Plugins")
    assert metadata.getboolean("experimental") is False
    assert all(tag.strip() for tag in metadata["tags"].split(","))


def test_metadata_names_no_invented_address(metadata):
    """No homepage, tracker, repository or e-mail that does not exist (the plugin has none published)."""
    for key in ("homepage", "tracker", "repository", "email"):
        assert key not in metadata, f"metadata.txt {key}={metadata[key]} points at nothing real"
    assert "example.org" not in "\n".join(metadata.values())


def test_metadata_install_hint_fits_each_platform(metadata):
    about = metadata["about"]
    debian = next(line for line in about.splitlines() if line.startswith("Debian/Ubuntu"))
    assert "apt install python3-scipy python3-pyproj (not python3-shapely" in debian, "Debian's shapely is 1.8"
    assert 'python3 -m pip install --user "shapely>=2" openpyxl' in debian
    assert 'OSGeo4W Shell, as administrator): python -m pip install "shapely>=2" openpyxl' in about
    assert "macOS" in about


def test_metadata_changelog_is_the_changelog_file(metadata):
    """CHANGELOG.md is the source: its versions and items, line for line, in metadata.txt."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    expected = [line[3:] if line.startswith("## ") else line
                for line in text.split("\n## ", 1)[1].join(["## ", ""]).splitlines() if line.strip()]
    assert [line.strip() for line in metadata["changelog"].splitlines()] == expected
    assert expected[0] == metadata["version"]


def test_metadata_icon_exists(metadata):
    icon = ROOT / metadata["icon"]
    assert icon.is_file() and icon.stat().st_size > 0


def test_dependency_check_imports_none_of_the_heavy_libraries():
    """QGIS's start stays light: the check reads versions from package metadata."""
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import importlib.util as u; "
            "s = u.spec_from_file_location('dependencies', sys.argv[1] + '/lifecircle_plugin/dependencies.py'); "
            "m = u.module_from_spec(s); s.loader.exec_module(m); m.use_private_libs(); "
            "missing = m.missing_dependencies(); "
            "heavy = ('numpy', 'scipy', 'shapely', 'pyproj', 'openpyxl'); "
            "print(missing, sorted(n for n in heavy if n in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[] []"
