"""The zh_CN translation: every message finished with its placeholders, the catalogue up to date with
the sources, an algorithm speaking Chinese under zh_CN, and the plugin following QGIS's locale."""
import re
import shutil
import string
import subprocess
import xml.etree.ElementTree as ET

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QSettings, QTranslator, QVariant

from conftest import ROOT, RecordingFeedback, memory_layer

CATALOGUE = ROOT / "i18n" / "lifecircle_zh_CN.ts"
CJK = re.compile(r"[\u4e00-\u9fff]")
LOCALE_KEY = "locale/userLocale"
# Coordinates near the sample district, in CGCS2000 / 3-degree Gauss-Kruger CM 120E.
X0, Y0, CRS = 640000.0, 3454000.0, "EPSG:4549"


def qt_tool(name):
    """Path of a Qt translation tool of the set-up packages (pyqt5-dev-tools, qttools5-dev-tools)."""
    path = shutil.which(name)
    assert path, f"{name} is not installed: run `make setup` (Debian packages pyqt5-dev-tools, qttools5-dev-tools)"
    return path


def read_catalogue(path):
    """{(context, source): (translation text, translation type)} of a Qt Linguist .ts file."""
    messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            messages[(name, message.findtext("source"))] = (translation.text or "", translation.get("type"))
    return messages


def placeholders(text):
    """The replacement fields of a str.format pattern, with their format specs, sorted."""
    return sorted((name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None)


def translated_sources():
    """The Python files `make translations` reads, plus those not yet committed (outside tests and bench)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "*.py"],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return sorted(str(ROOT / f) for f in set(listed)
                  if not f.startswith(("tests/", "bench/")) and (ROOT / f).exists())


@pytest.fixture(scope="module")
def catalogue():
    return read_catalogue(CATALOGUE)


@pytest.fixture(scope="module")
def compiled_qm(tmp_path_factory):
    """The committed catalogue compiled with lrelease, as `make` does."""
    qm = tmp_path_factory.mktemp("qm") / "lifecircle_zh_CN.qm"
    subprocess.run([qt_tool("lrelease"), "-silent", str(CATALOGUE), "-qm", str(qm)], check=True)
    return qm


@pytest.fixture
def zh_cn(compiled_qm):
    """The zh_CN translation installed for the test, removed after it so other tests stay English."""
    translator = QTranslator()
    assert translator.load(str(compiled_qm)), compiled_qm
    QCoreApplication.installTranslator(translator)
    try:
        yield translator
    finally:
        QCoreApplication.removeTranslator(translator)


@pytest.fixture
def qgis_locale_setting():
    """Sets QGIS's UI language (``locale/userLocale``) for the test and restores the previous value."""
    settings = QSettings()
    had_value = settings.contains(LOCALE_KEY)
    previous = settings.value(LOCALE_KEY)

    def set_locale(code):
        settings.setValue(LOCALE_KEY, code)

    try:
        yield set_locale
    finally:
        if had_value:
            settings.setValue(LOCALE_KEY, previous)
        else:
            settings.remove(LOCALE_KEY)


# --- the catalogue ------------------------------------------------------------------------------


def test_every_message_has_a_finished_translation_with_the_same_placeholders(catalogue):
    assert catalogue, f"{CATALOGUE} holds no message"
    problems = []
    for (context, source), (text, kind) in sorted(catalogue.items()):
        if kind is not None:
            problems.append(f"[{context}] {source!r}: translation marked {kind}")
        elif not text.strip():
            problems.append(f"[{context}] {source!r}: empty translation")
        elif placeholders(text) != placeholders(source):
            problems.append(f"[{context}] {source!r}: placeholders {placeholders(source)} became "
                            f"{placeholders(text)} in {text!r}")
    assert not problems, "Fix these zh_CN entries in i18n/lifecircle_zh_CN.ts:\n" + "\n".join(problems)


def test_catalogue_holds_every_translatable_string_of_the_sources(catalogue, tmp_path):
    fresh = tmp_path / "fresh.ts"
    subprocess.run([qt_tool("pylupdate5"), "-noobsolete", *translated_sources(), "-ts", str(fresh)],
                   check=True, capture_output=True)
    found = read_catalogue(fresh)
    assert len(found) > 100, "pylupdate5 found too few strings: are the sources listed?"
    missing = [f"[{context}] {source!r}" for (context, source) in sorted(found)
               if not catalogue.get((context, source), ("", "unfinished"))[0].strip()
               or catalogue[(context, source)][1] is not None]
    assert not missing, ("Strings in the sources without a finished zh_CN translation; run `make translations` "
                         "and translate them in i18n/lifecircle_zh_CN.ts:\n" + "\n".join(missing))


def test_every_context_is_one_the_code_translates_with(catalogue):
    """pylupdate5 files a bare ``tr("…")`` under '@default' and ``self.x.tr("…")`` under 'self.x':
    the code's tr helpers never look there, so those strings would stay English."""
    wrong = sorted({f"[{context}] {source!r}" for context, source in catalogue
                    if not context.isidentifier()})
    assert not wrong, ("Translate these with self.tr inside their class or QCoreApplication.translate("
                       "\"<Class>\", \"…\"):\n" + "\n".join(wrong))


def test_core_terms_use_the_planners_words(catalogue):
    """The glossary's key terms, as planners write them (i18n/glossary.md)."""
    expected = {
        ("WalkingCoverageAlgorithm", "15-minute walking coverage"): "15分钟步行覆盖",
        ("LifeCircleAlgorithm", "Basic units (polygons)"): "基本单元",
        ("SuggestSitesAlgorithm", "人民坊 People's Hub"): "人民坊",
        ("SuggestSitesAlgorithm", "六艺亭 Six-Arts Pavilion"): "六艺亭",
        ("CreateBlueprintAlgorithm", "Create community blueprint"): "社区蓝图",
        ("ExportAnnualListAlgorithm", "Export annual implementation list"): "年度项目实施清单",
        ("ClassifyFacilitiesAlgorithm", "Classify facilities into 十全十美 services"): "十全十美",
    }
    for key, term in expected.items():
        if key in catalogue:
            assert term in catalogue[key][0], (key, catalogue[key][0])
    assert sum(key in catalogue for key in expected) >= 3, "the catalogue lost the algorithms' names"


# --- under the zh_CN locale -------------------------------------------------------------------------


def tiny_case():
    """A 1 km street, one health station at its west end and one compound of 100 residents near its east end."""
    roads = memory_layer("LineString", CRS, [("road_id", QVariant.Int)],
                         [(f"LINESTRING({X0} {Y0}, {X0 + 1000} {Y0})", [1])], "roads")
    facilities = memory_layer("Point", CRS, [("name", QVariant.String), ("services", QVariant.String)],
                              [(f"POINT({X0 + 100} {Y0 + 10})", ["卫生站", "health"])], "facilities")
    residents = memory_layer("Point", CRS, [("name", QVariant.String), ("population", QVariant.Int)],
                             [(f"POINT({X0 + 900} {Y0 - 10})", ["东苑", 100])], "residents")
    return {"NETWORK": roads, "FACILITIES": facilities, "SERVICE_FIELD": "services", "DEMAND": residents,
            "POPULATION_FIELD": "population", "OUTPUT_DEMAND": "TEMPORARY_OUTPUT",
            "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT", "OUTPUT_GAPS": "TEMPORARY_OUTPUT"}


def test_walking_coverage_speaks_chinese_under_zh_cn(lifecircle_provider, catalogue, zh_cn):
    import processing

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("lifecircle:walkingcoverage")
    assert algorithm.displayName() == catalogue[("WalkingCoverageAlgorithm", "15-minute walking coverage")][0]
    assert CJK.search(algorithm.displayName()) and CJK.search(algorithm.group())
    network_label = algorithm.parameterDefinition("NETWORK").description()
    assert network_label == catalogue[("LifeCircleAlgorithm", "Walking network (lines)")][0]

    feedback = RecordingFeedback()
    processing.run("lifecircle:walkingcoverage", tiny_case(), feedback=feedback)
    reading = catalogue[("LifeCircleAlgorithm", "Reading network '{0}' ({1} features)")][0].format("roads", 1)
    assert CJK.search(reading) and reading in feedback.info, feedback.info
    headline = catalogue[("WalkingCoverageAlgorithm",
                          "{0:.1f}% of {1:,.0f} residents reach all ten essentials within their thresholds.")][0]
    assert headline.format(0.0, 100) in feedback.info, feedback.info


def test_without_the_translator_the_same_run_is_english(lifecircle_provider):
    import processing

    algorithm = QgsApplication.processingRegistry().createAlgorithmById("lifecircle:walkingcoverage")
    assert algorithm.displayName() == "15-minute walking coverage"
    feedback = RecordingFeedback()
    processing.run("lifecircle:walkingcoverage", tiny_case(), feedback=feedback)
    assert "Reading network 'roads' (1 features)" in feedback.info
    assert not any(CJK.search(line) for line in feedback.info if line.startswith("Reading network"))


# --- the plugin follows QGIS's language ------------------------------------------------------------


@pytest.fixture
def plugin_with_compiled_qm(compiled_qm, tmp_path, monkeypatch):
    """The plugin module looking for its .qm in a folder holding the freshly compiled catalogue."""
    from lifecircle.lifecircle_plugin import plugin as plugin_module

    (tmp_path / "i18n").mkdir()
    shutil.copy(compiled_qm, tmp_path / "i18n" / compiled_qm.name)
    monkeypatch.setattr(plugin_module, "PLUGIN_DIR", str(tmp_path))
    return plugin_module


def test_install_translator_follows_qgis_zh_cn(plugin_with_compiled_qm, qgis_locale_setting, catalogue):
    qgis_locale_setting("zh_CN")
    assert plugin_with_compiled_qm.qgis_locale() == "zh_CN"
    translator = plugin_with_compiled_qm.install_translator()
    assert translator is not None
    try:
        assert QCoreApplication.translate("WalkingCoverageAlgorithm", "15-minute walking coverage") == \
            catalogue[("WalkingCoverageAlgorithm", "15-minute walking coverage")][0]
    finally:
        QCoreApplication.removeTranslator(translator)
    assert QCoreApplication.translate("WalkingCoverageAlgorithm", "15-minute walking coverage") == \
        "15-minute walking coverage"


@pytest.mark.parametrize("locale", ["fr_FR", "en_US"])
def test_install_translator_falls_back_to_english(plugin_with_compiled_qm, qgis_locale_setting, locale):
    qgis_locale_setting(locale)
    assert plugin_with_compiled_qm.install_translator() is None
    assert QCoreApplication.translate("WalkingCoverageAlgorithm", "15-minute walking coverage") == \
        "15-minute walking coverage"
