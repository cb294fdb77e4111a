"""Which UI language gets the plugin's Chinese catalogue: one mapping for the plugin, qgis_process and
the core's bilingual errors. Pure Python (no Qt): the callers pass the language code they have."""

# Simplified Chinese as QGIS 3.22 ('zh-Hans'), Qt/POSIX ('zh_CN', 'zh_SG', 'zh'), BCP 47 ('zh-Hans-CN')
# and system locales ('zh_CN.UTF-8', 'zh_CN.GB18030@…') spell it. Traditional ('zh-Hant', 'zh_TW',
# 'zh_HK', 'zh_MO') has no catalogue and falls back to English.
_SIMPLIFIED = ("zh", "zh_cn", "zh_sg", "zh_hans", "zh_my")
CATALOGUE_LANGUAGE = "zh_CN"


def normalized(language):
    """'zh-Hans-CN', 'zh_CN.UTF-8@x' → 'zh_hans_cn', 'zh_cn': lower case, '_' separators, no codeset."""
    return (language or "").split(".")[0].split("@")[0].replace("-", "_").strip().lower()


def is_chinese(language):
    """True for a Simplified Chinese UI language ('zh-Hans', 'zh_CN', 'zh', 'zh_SG', 'zh_CN.UTF-8', …)."""
    tag = normalized(language)
    return tag in _SIMPLIFIED or tag.startswith("zh_hans_")


def catalogue_for(language):
    """The plugin catalogue's language code ('zh_CN') for a UI language, or None for English."""
    return CATALOGUE_LANGUAGE if is_chinese(language) else None
