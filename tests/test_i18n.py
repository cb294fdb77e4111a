"""The zh_CN translation: every message finished with its placeholders, the catalogue up to date with
the sources, an algorithm speaking Chinese under zh_CN, and the plugin following QGIS's locale."""
import re
import shutil
import string
import subprocess
import xml.etree.ElementTree as ET

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QSettings, QTranslator, QUrl, QVariant

from conftest import ROOT, RecordingFeedback, memory_layer

CATALOGUE = ROOT / "i18n" / "lifecircle_zh_CN.ts"
CJK = re.compile(r"[\u4e00-\u9fff]")
# Chinese text, or a proper name written with Chinese punctuation (“WGS 84（GPS、OpenStreetMap）”).
CHINESE_TEXT = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
LOCALE_KEY = "locale/userLocale"
OVERRIDE_KEY = "locale/overrideFlag"
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
    """The Python files `make translations` reads, plus those not yet committed (outside tests and bench).
    Where git cannot read the checkout (a worktree whose repository lies outside a chroot's bind mount),
    the source folders themselves."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "--", "*.py"],
            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        listed = [str(path.relative_to(ROOT)) for folder in ("lifecircle_plugin", "processing_algorithms")
                  for path in (ROOT / folder).rglob("*.py")] + ["__init__.py"]
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


@pytest.fixture
def qgis_language(qgis_locale_setting):
    """Sets QGIS's chosen UI language as the settings dialog does (override flag on), restored after."""
    settings = QSettings()
    had_flag, flag = settings.contains(OVERRIDE_KEY), settings.value(OVERRIDE_KEY)

    def set_language(code):
        settings.setValue(OVERRIDE_KEY, True)
        qgis_locale_setting(code)

    try:
        yield set_language
    finally:
        if had_flag:
            settings.setValue(OVERRIDE_KEY, flag)
        else:
            settings.remove(OVERRIDE_KEY)


@pytest.mark.parametrize("locale", ["zh-Hans", "zh_CN", "zh", "zh_SG"])
def test_install_translator_follows_every_simplified_chinese_spelling(plugin_with_compiled_qm, qgis_language,
                                                                      catalogue, locale):
    qgis_language(locale)
    assert plugin_with_compiled_qm.qgis_locale() == locale
    translator = plugin_with_compiled_qm.install_translator()
    assert translator is not None
    try:
        assert QCoreApplication.translate("WalkingCoverageAlgorithm", "15-minute walking coverage") == \
            catalogue[("WalkingCoverageAlgorithm", "15-minute walking coverage")][0]
    finally:
        QCoreApplication.removeTranslator(translator)
    assert QCoreApplication.translate("WalkingCoverageAlgorithm", "15-minute walking coverage") == \
        "15-minute walking coverage"


@pytest.mark.parametrize("locale", ["fr_FR", "en_US", "zh-Hant", "zh_TW", "zh_HK"])
def test_install_translator_falls_back_to_english(plugin_with_compiled_qm, qgis_language, locale):
    """Traditional Chinese has no catalogue of its own: English, not Simplified characters."""
    qgis_language(locale)
    assert plugin_with_compiled_qm.install_translator() is None
    assert QCoreApplication.translate("WalkingCoverageAlgorithm", "15-minute walking coverage") == \
        "15-minute walking coverage"


def test_qgis_following_the_system_uses_the_system_locale(plugin_with_compiled_qm, qgis_locale_setting,
                                                          monkeypatch):
    """locale/overrideFlag false: QGIS follows the system (LANG=zh_CN.UTF-8), whatever userLocale says."""
    settings = QSettings()
    had_flag, flag = settings.contains(OVERRIDE_KEY), settings.value(OVERRIDE_KEY)
    settings.setValue(OVERRIDE_KEY, False)
    qgis_locale_setting("en_US")

    class ChineseSystem:
        @staticmethod
        def system():
            return QLocale("zh_CN.UTF-8")

    monkeypatch.setattr(plugin_with_compiled_qm, "QLocale", ChineseSystem)
    try:
        assert plugin_with_compiled_qm.qgis_locale() == "zh_CN"
        translator = plugin_with_compiled_qm.install_translator()
        assert translator is not None
        QCoreApplication.removeTranslator(translator)
    finally:
        if had_flag:
            settings.setValue(OVERRIDE_KEY, flag)
        else:
            settings.remove(OVERRIDE_KEY)


@pytest.mark.parametrize("locale", ["zh-Hans", "zh_CN"])
def test_provider_and_every_algorithm_speak_chinese(lifecircle_provider, plugin_with_compiled_qm, qgis_language,
                                                    locale):
    """Under QGIS's zh-Hans and zh_CN: the provider, every algorithm's name, group, parameters, outputs and
    help (and its offline help page) are Chinese."""
    from lifecircle.processing_algorithms.provider import ALGORITHMS, LifeCircleProvider

    qgis_language(locale)
    translator = plugin_with_compiled_qm.install_translator()
    assert translator is not None
    try:
        assert CJK.search(LifeCircleProvider().name())
        english = []
        for cls in ALGORITHMS:
            algorithm = cls()
            algorithm.initAlgorithm()
            texts = [("name", algorithm.displayName()), ("group", algorithm.group()),
                     ("help", algorithm.shortHelpString())]
            texts += [(p.name(), p.description()) for p in algorithm.parameterDefinitions()]
            texts += [(o.name(), o.description()) for o in algorithm.outputDefinitions()]
            texts += [(f"{p.name()} option", option) for p in algorithm.parameterDefinitions()
                      if p.type() == "enum" for option in p.options()]
            english += [f"{algorithm.name()} {what}: {text!r}" for what, text in texts
                        if not CHINESE_TEXT.search(text)]
            page = QUrl(algorithm.helpUrl()).toLocalFile()
            assert page and CJK.search(open(page, encoding="utf-8").read()), algorithm.name()
        assert not english, "English under " + locale + ":\n" + "\n".join(english)
    finally:
        QCoreApplication.removeTranslator(translator)


def test_siting_log_names_the_excluded_candidates_in_chinese(lifecircle_provider, catalogue, zh_cn, tmp_path):
    """The core's bilingual rule summary follows the catalogue in use: 建筑面积为空, not 'floor area NULL'."""
    import processing

    district = tmp_path / "district.gpkg"
    processing.run("lifecircle:sampledistrict", {"OUTPUT": str(district)})
    feedback = RecordingFeedback()
    processing.run("lifecircle:suggestsites", {
        "NETWORK": f"{district}|layername=roads", "DEMAND": f"{district}|layername=residents",
        "POPULATION_FIELD": "population", "CANDIDATES": f"{district}|layername=candidates",
        "FLOOR_AREA_FIELD": "floor_area_m2", "COUNT": 1, "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)
    prefix = catalogue[("SuggestSitesAlgorithm", "Not eligible: {0}.")][0].split("{0}")[0]
    [line] = [line for line in feedback.info if line.startswith(prefix)]
    assert "建筑面积为空" in line and "超过六艺亭面积上限" in line, line
    assert not re.search(r"[A-Za-z]{4,}", line), line
