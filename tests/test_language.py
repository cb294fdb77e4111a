"""Which UI languages get the Chinese catalogue (core/language.py): every Simplified Chinese spelling QGIS
and systems use; Traditional Chinese and the rest stay English."""
import pytest

from lifecircle.lifecircle_plugin.core.errors import LifeCircleError
from lifecircle.lifecircle_plugin.core.language import catalogue_for, is_chinese

SIMPLIFIED = ["zh-Hans", "zh_CN", "zh", "zh_SG", "zh_CN.UTF-8", "zh_CN.GB18030", "zh-Hans-CN", "zh_Hans_SG",
              "ZH-hans", "zh-CN", "zh_CN.utf8@pinyin"]
OTHERS = ["zh-Hant", "zh_TW", "zh_HK", "zh_MO", "zh-Hant-TW", "zh_TW.UTF-8", "en_US", "en", "fr_FR", "C", "",
          None, "zhx"]


@pytest.mark.parametrize("language", SIMPLIFIED)
def test_simplified_chinese_spellings_get_the_catalogue(language):
    assert is_chinese(language)
    assert catalogue_for(language) == "zh_CN"


@pytest.mark.parametrize("language", OTHERS)
def test_traditional_chinese_and_other_languages_stay_english(language):
    assert not is_chinese(language)
    assert catalogue_for(language) is None


def test_core_errors_use_the_same_mapping():
    error = LifeCircleError("test.code", "Layer 'roads' is empty.", "图层“roads”为空。")
    assert error.message("zh-Hans") == error.message("zh_CN.UTF-8") == "图层“roads”为空。"
    assert error.message("zh_TW") == error.message("en_US") == "Layer 'roads' is empty."
