"""Real QGIS desktop in Chinese: under `--lang zh-Hans` (QGIS 3.22's own Simplified Chinese) and `--lang zh_CN`,
the toolbox group, every LifeCircle dialog and the 社区蓝图 dock (list, form and reserve board) show no English
UI word of the plugin.

QGIS runs under xvfb-run with a throwaway profile (the checkout linked as plugin `lifecircle`, enabled) on a
project holding the sample district and a blueprint; tests/qgis/gui_chinese_check.py, passed with --code, writes what
it saw to a JSON file and leaves. Both languages run at once. `LIFECIRCLE_GUI_SHOTS=docs` also saves the
README's screenshots from the zh-Hans run.
"""
import json
import os
import re
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT

LANGUAGES = ("zh-Hans", "zh_CN")
TIMEOUT_S = 150
# English words of the plugin's own interface (labels, buttons, options, messages) that must not show under
# Chinese. Words QGIS itself writes in its dialogs (Run, Close, Advanced Parameters, [optional],
# [Save to temporary file] — English under zh_CN, where QGIS has no catalogue) are not the plugin's and not
# listed; nor are field names and codes a help text quotes (services, population, MINUTES, …).
ENGLISH_UI_WORDS = (
    "Add", "Save", "Delete", "Undo", "Redo", "Issues", "Unscheduled", "Unschedule", "error(s)", "warning(s)",
    "Not stored", "×10k CNY", "Blueprint layer", "Community blueprint", "Projects", "All types", "All statuses",
    "Earlier", "Later", "card(s)", "project(s)", "without budget",
    "Walking network", "Walking speed", "Walking minutes", "Walking catchments", "walking coverage",
    "Residents", "Facilities", "Services field", "Population field", "Threshold", "Thresholds",
    "Uniform", "Shanghai tiered", "Custom file", "Search limit", "Basic units", "Unit id", "Compound gates",
    "Candidate sites", "Kind of site", "Number of new sites", "Floor area", "Report (", "Sample district",
    "Seed", "Street or town", "First year", "Coordinates of the input", "Convert to", "Categories",
    "Cost factor", "Line junctions", "Exclude lines", "Close gaps", "Farthest distance", "Suggest sites",
    "Prepare walking network", "Classify facilities", "Export annual", "Validate community", "Create community",
    "Life-circle", "Data preparation",
)
WORD = {word: re.compile(r"(?<![A-Za-z])" + re.escape(word) + r"(?![A-Za-z])") for word in ENGLISH_UI_WORDS}


# QGIS's own bracketed placeholders ([optional], [Save to temporary file], [Create temporary layer]).
QGIS_PLACEHOLDER = re.compile(r"^\[[^\]]*\]$")


def english_words(texts):
    """[(word, text)] for every listed English word found in the texts (QGIS's own placeholders aside)."""
    return [(word, text) for text in texts if not QGIS_PLACEHOLDER.match(text.strip())
            for word, pattern in WORD.items() if pattern.search(text)]


@pytest.fixture(scope="module")
def project(lifecircle_provider, tmp_path_factory):
    """The sample district and a blueprint of its candidate sites in a QGIS project file."""
    import processing
    from gui_screenshot import CONTEXT_LAYERS, CONTEXT_STYLES, candidate_projects
    from qgis.core import (QgsCoordinateReferenceSystem, QgsFeature, QgsFillSymbol, QgsGeometry, QgsLineSymbol,
                           QgsMarkerSymbol, QgsProject, QgsSingleSymbolRenderer, QgsVectorLayer, QgsWkbTypes)

    from lifecircle.lifecircle_plugin.adapters.blueprint_layer import POINT, create_blueprint, open_blueprint
    from lifecircle.lifecircle_plugin.core.blueprint import PlanWindow
    from lifecircle.lifecircle_plugin.core.sample_district import (SAMPLE_CRS, STREET_NAME,
                                                                   generate_sample_district)

    work = tmp_path_factory.mktemp("gui")
    district = work / "sample_district.gpkg"
    processing.run("lifecircle:sampledistrict", {"OUTPUT": str(district)})
    blueprint_path = work / "blueprint.gpkg"
    blueprint = create_blueprint(blueprint_path, PlanWindow(STREET_NAME, 2027), POINT, crs=SAMPLE_CRS)
    features = []
    for wkt, values in candidate_projects(generate_sample_district()):
        feature = QgsFeature(blueprint.fields())
        feature.setGeometry(QgsGeometry.fromWkt(wkt))
        for name, value in values.items():
            feature[name] = value
        features.append(feature)
    assert blueprint.dataProvider().addFeatures(features)[0]
    del blueprint
    qgis_project = QgsProject()
    qgis_project.setCrs(QgsCoordinateReferenceSystem(SAMPLE_CRS))
    for name in reversed(CONTEXT_LAYERS + ("gates",)):
        layer = QgsVectorLayer(f"{district}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        if name in CONTEXT_STYLES:
            symbol = (QgsLineSymbol if layer.geometryType() == QgsWkbTypes.LineGeometry
                      else QgsFillSymbol if layer.geometryType() == QgsWkbTypes.PolygonGeometry
                      else QgsMarkerSymbol).createSimple(CONTEXT_STYLES[name])
            layer.setRenderer(QgsSingleSymbolRenderer(symbol))
        qgis_project.addMapLayer(layer)
    qgis_project.addMapLayer(open_blueprint(str(blueprint_path), display_name="社区蓝图"))
    path = work / "district.qgz"
    assert qgis_project.write(str(path)), qgis_project.error()
    return path


def start_qgis(project, work, language, shots):
    """QGIS desktop under Xvfb in ``language`` with a fresh profile; returns (process, report path)."""
    profiles = work / language / "profiles"
    profile = profiles / "profiles" / "check"
    (profile / "python" / "plugins").mkdir(parents=True)
    (profile / "python" / "plugins" / "lifecircle").symlink_to(ROOT, target_is_directory=True)
    (profile / "QGIS").mkdir()
    (profile / "QGIS" / "QGIS3.ini").write_text(
        "[PythonPlugins]\nlifecircle=true\n\n[qgis]\nshowTips=false\ncheckVersion=false\n", encoding="utf-8")
    report = work / language / "report.json"
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("QT_QPA_PLATFORM", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "LIFECIRCLE_GUI_SHOTS")}
    runtime = work / language / "runtime"
    runtime.mkdir(mode=0o700)
    environment.update(LIFECIRCLE_GUI_REPORT=str(report), XDG_RUNTIME_DIR=str(runtime))
    if shots:
        environment["LIFECIRCLE_GUI_SHOTS"] = str(shots)
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "/usr/bin/qgis", "--noversioncheck", "--nologo",
               "--lang", language, "--profiles-path", str(profiles), "--profile", "check",
               "--project", str(project), "--code", str(ROOT / "tests" / "qgis" / "gui_chinese_check.py")]
    process = subprocess.Popen(command, env=environment, start_new_session=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    return process, report


@pytest.fixture(scope="module")
def seen(project, tmp_path_factory):
    """{language: what QGIS showed}, both languages run at once."""
    if not shutil.which("xvfb-run") or not Path("/usr/bin/qgis").exists():
        pytest.skip("QGIS desktop or xvfb-run is absent (Debian packages qgis, xvfb)")
    work = tmp_path_factory.mktemp("qgis-desktop")
    shots = os.environ.get("LIFECIRCLE_GUI_SHOTS")
    shots = Path(shots).resolve() if shots else None
    runs = {language: start_qgis(project, work, language, shots if language == "zh-Hans" else None)
            for language in LANGUAGES}
    reports = {}
    for language, (process, report) in runs.items():
        try:
            output, _ = process.communicate(timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGTERM)  # xvfb-run, its Xvfb and QGIS: the group this test started
            output, _ = process.communicate()
            pytest.fail(f"QGIS ({language}) did not finish within {TIMEOUT_S} s:\n{output[-3000:]}")
        assert report.exists(), f"QGIS ({language}) wrote no report (exit {process.returncode}):\n{output[-3000:]}"
        reports[language] = json.loads(report.read_text(encoding="utf-8"))
        assert not reports[language]["errors"], "\n".join(reports[language]["errors"])
    return reports


@pytest.mark.parametrize("language", LANGUAGES)
def test_qgis_runs_in_the_language_asked_for(seen, language):
    assert seen[language]["translation"] == language


@pytest.mark.parametrize("language", LANGUAGES)
def test_toolbox_group_is_chinese(seen, language):
    from lifecircle.processing_algorithms.provider import ALGORITHMS

    texts = seen[language]["toolbox"]
    assert len(texts) >= 1 + len(ALGORITHMS), texts  # the provider, its groups and every algorithm
    assert any("15分钟" in t for t in texts) and "15分钟步行覆盖" in texts, texts
    assert not english_words(texts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_algorithm_dialog_is_chinese(seen, language):
    from lifecircle.processing_algorithms.provider import ALGORITHMS

    dialogs = seen[language]["dialogs"]
    assert len(dialogs) == len(ALGORITHMS)
    found = {algorithm: english_words(texts) for algorithm, texts in dialogs.items()}
    found = {algorithm: words for algorithm, words in found.items() if words}
    assert not found, "English in the dialogs under " + language + ":\n" + "\n".join(
        f"{algorithm}: {word!r} in {text[:120]!r}" for algorithm, words in found.items() for word, text in words)


@pytest.mark.parametrize("language", LANGUAGES)
def test_dialog_preselects_the_conventional_fields(seen, language):
    assert seen[language]["preselected_fields"] == {"SERVICE_FIELD": "services", "POPULATION_FIELD": "population",
                                                    "UNIT_ID_FIELD": "unit_id"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_blueprint_dock_and_board_are_chinese(seen, language):
    texts = seen[language]["dock"] + seen[language]["board"]
    assert any("社区蓝图" in t for t in texts), texts[:20]
    words = english_words(texts)
    assert not words, "English in the dock under " + language + ":\n" + "\n".join(
        f"{word!r} in {text[:120]!r}" for word, text in words)
