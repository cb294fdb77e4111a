"""Which candidate sites may host a 六艺亭 or a 人民坊, and the bilingual reasons given for each choice.

Size rules (thresholds from ``blueprint.DEFAULT_SETTINGS``, so the siting tool and the blueprint
reviewer agree; boundaries inclusive as the action plan writes them):

* 六艺亭 (Six-Arts Pavilion): floor area ≤ ``pavilion_max_m2`` (200 m²) is fine; above it and up to
  ``pavilion_hard_max_m2`` (400 m²) only where the residents within walking reach number at least
  ``high_demand_pop`` — such a site is eligible with area status ``needs_justification``; above
  400 m² it is never a 六艺亭.
* 人民坊 (People's Hub): floor area ≥ ``min_hub_area_m2`` (800 m²); a hub combines at least
  ``HUB_MIN_SERVICES`` (2) 十全十美 services, so an existing facility offering only one is no hub,
  and a proposal always names at least two services.

A NULL, non-numeric or non-positive floor area, or a site farther from the walking network than
the snap limit, makes a candidate ineligible whatever its kind; the verdict says which rule.
"""
import math
from dataclasses import dataclass
from typing import Mapping, Optional

from .blueprint import (
    AREA_ABOVE_PAVILION_MAX, AREA_BELOW_HUB_MIN, AREA_OVER_PAVILION_HARD_MAX, DEFAULT_SETTINGS, HUB,
    HUB_MIN_SERVICES, PAVILION, floor_area_class,
)
from .errors import ArgumentError
from .numbers_input import AREA_UNITS, parse_number
from .services import BY_CODE, REQUIRED_CODES

# Index of each kind in the algorithm's KIND choice list.
SITE_KINDS = (PAVILION, HUB)
SITE_KIND_ZH = {PAVILION: "六艺亭", HUB: "人民坊"}
# Walking minutes a site serves when the user leaves MINUTES empty: the 5-minute circle for a
# pavilion scattered along the walking network, the 15-minute circle for a hub.
DEFAULT_MINUTES = {PAVILION: 5.0, HUB: 15.0}
# Residents within reach that justify a 200–400 m² pavilion. Not fixed by any text we hold: a
# 5-minute circle of Shanghai's inner districts holds some 3,000–5,000 people; users should set it.
DEFAULT_HIGH_DEMAND_POP = 3000.0
# A hub proposal names at most this many services: a short list for the residents' consultation
# (征询会) to discuss, not every essential that anyone lacks.
MAX_PROPOSED_HUB_SERVICES = 4
# A preference feature (transit stop, green space, living street) is cited in a reason up to here.
PREFERENCE_CITE_M = 300.0

AREA_OK = "ok"
AREA_NEEDS_JUSTIFICATION = "needs_justification"

# Exclusion rules, in the order they are tested.
RULE_AREA_MISSING = "floor_area_missing"
RULE_AREA_INVALID = "floor_area_invalid"
RULE_PAVILION_TOO_LARGE = "pavilion_over_hard_max"
RULE_HUB_TOO_SMALL = "hub_below_min_area"
RULE_BEYOND_SNAP = "beyond_snap"
RULE_PAVILION_LOW_DEMAND = "pavilion_demand_too_low"
SITE_RULES = (RULE_AREA_MISSING, RULE_AREA_INVALID, RULE_PAVILION_TOO_LARGE, RULE_HUB_TOO_SMALL,
         RULE_BEYOND_SNAP, RULE_PAVILION_LOW_DEMAND)
RULE_SUMMARY = {  # rule -> (zh, en) for counts in messages
    RULE_AREA_MISSING: ("建筑面积为空", "floor area NULL"),
    RULE_AREA_INVALID: ("建筑面积无效", "floor area not a positive number"),
    RULE_PAVILION_TOO_LARGE: ("超过六艺亭面积上限", "larger than the 六艺亭 maximum"),
    RULE_HUB_TOO_SMALL: ("低于人民坊最低面积", "smaller than the 人民坊 minimum"),
    RULE_BEYOND_SNAP: ("距步行网络过远", "beyond the snap limit of the walking network"),
    RULE_PAVILION_LOW_DEMAND: ("超过常规面积且需求不足", "above the usual pavilion size without high demand"),
}

# Preference layers cited in reasons: key -> (zh label, en label).
PREFERENCE_LAYERS = {
    "transit": ("公共交通站点", "transit stop"),
    "green_space": ("公共绿地", "green space"),
    "living_street": ("生活街道", "living street"),
}


class SiteRuleError(ArgumentError):
    """Bad arguments to a site rule (unknown kind, negative thresholds)."""

    CODE = "site_rules.argument"


@dataclass(frozen=True)
class Verdict:
    """Whether one candidate may be chosen. ``rule`` is None when eligible, else one of SITE_RULES."""

    eligible: bool
    area_status: Optional[str]  # AREA_OK / AREA_NEEDS_JUSTIFICATION when eligible, else None
    rule: Optional[str]
    reason_zh: str
    reason_en: str


@dataclass(frozen=True)
class NearbyFeature:
    """The nearest feature of one preference layer: ``layer`` is a key of PREFERENCE_LAYERS."""

    layer: str
    name: Optional[str]
    distance_m: float


def _number(value):
    return f"{value:,.0f}"


def _area(value):
    return f"{value:g}"


def floor_area_value(value):
    """A floor-area attribute as float (the parser of ``numbers_input``: '1,200', '250平方米' are read);
    None when NULL/blank; NaN when not a finite number."""
    area = parse_number(value, AREA_UNITS)
    return area if area is None or math.isfinite(area) else math.nan


def check_kind(kind):
    """The kind code (``liuyiting``/``renminfang``) for a kind code or SITE_KINDS index."""
    if isinstance(kind, int) and not isinstance(kind, bool) and 0 <= kind < len(SITE_KINDS):
        return SITE_KINDS[kind]
    if kind in SITE_KINDS:
        return kind
    raise SiteRuleError(f"Kind must be 0 ({PAVILION}, 六艺亭) or 1 ({HUB}, 人民坊), got {kind!r}.")


def judge_candidate(kind, floor_area, pop_within_reach, attached=True, *, minutes,
                    high_demand_pop=DEFAULT_HIGH_DEMAND_POP, max_snap_m=None, settings=DEFAULT_SETTINGS):
    """The Verdict for one candidate of ``kind`` (see the module docstring for the rules).

    floor_area: m² (None = NULL). pop_within_reach: residents within ``minutes`` on foot of the site
    (all residents, covered or not). attached: False when the site is beyond the snap limit.
    """
    kind = check_kind(kind)
    if high_demand_pop is None or not high_demand_pop >= 0:
        raise SiteRuleError(f"The high-demand population must be zero or positive, got {high_demand_pop!r}.")
    area = floor_area_value(floor_area)
    if area is None:
        return Verdict(False, None, RULE_AREA_MISSING,
                       "建筑面积为空，无法判断规模：请补录面积",
                       "floor area is NULL, so the size rules cannot be applied: fill it in")
    if not math.isfinite(area) or area <= 0:
        return Verdict(False, None, RULE_AREA_INVALID,
                       f"建筑面积“{floor_area}”不是正数：请更正",
                       f"floor area '{floor_area}' is not a positive number of m²: correct it")
    soft_max, hard_max = settings.pavilion_max_m2, settings.pavilion_hard_max_m2
    area_class = floor_area_class(kind, area, settings)
    if area_class == AREA_OVER_PAVILION_HARD_MAX:
        return Verdict(False, None, RULE_PAVILION_TOO_LARGE,
                       f"面积{_area(area)} m²超过六艺亭上限{_area(hard_max)} m²",
                       f"floor area {_area(area)} m² exceeds the 六艺亭 maximum of {_area(hard_max)} m²")
    if area_class == AREA_BELOW_HUB_MIN:
        minimum = _area(settings.min_hub_area_m2)
        return Verdict(False, None, RULE_HUB_TOO_SMALL,
                       f"面积{_area(area)} m²低于人民坊最低面积{minimum} m²",
                       f"floor area {_area(area)} m² is below the 人民坊 minimum of {minimum} m²")
    if not attached:
        snap = f"{max_snap_m:g} m" if max_snap_m is not None else "the snap limit"
        snap_zh = f"{max_snap_m:g}米" if max_snap_m is not None else "吸附距离"
        return Verdict(False, None, RULE_BEYOND_SNAP,
                       f"距步行网络超过{snap_zh}，步行无法到达：请核对位置或放宽吸附距离",
                       f"farther than {snap} from the walking network, so no one can walk to it: "
                       "check its position or raise the snap distance")
    if area_class == AREA_ABOVE_PAVILION_MAX:
        pop, need = _number(pop_within_reach), _number(high_demand_pop)
        if pop_within_reach >= high_demand_pop:
            return Verdict(True, AREA_NEEDS_JUSTIFICATION, None,
                           f"面积{_area(area)} m²超过{_area(soft_max)} m²：{minutes:g}分钟步行范围内有{pop}名居民，"
                           f"达到高需求标准{need}人，需记录需求论证",
                           f"floor area {_area(area)} m² is above {_area(soft_max)} m²: {pop} residents live within "
                           f"a {minutes:g}-minute walk (high demand: {need}), so record the justification")
        return Verdict(False, None, RULE_PAVILION_LOW_DEMAND,
                       f"面积{_area(area)} m²超过{_area(soft_max)} m²，但{minutes:g}分钟步行范围内仅有{pop}名居民，"
                       f"未达到高需求标准{need}人",
                       f"floor area {_area(area)} m² is above {_area(soft_max)} m² but only {pop} residents live "
                       f"within a {minutes:g}-minute walk (high demand needs {need})")
    return Verdict(True, AREA_OK, None, f"面积{_area(area)} m²符合{SITE_KIND_ZH[kind]}要求",
                   f"floor area {_area(area)} m² fits a {SITE_KIND_ZH[kind]}")


def exclusion_counts(verdicts):
    """{rule: number of candidates it excluded}, in SITE_RULES order, only rules that excluded some."""
    counts = {rule: 0 for rule in SITE_RULES}
    for verdict in verdicts:
        if not verdict.eligible:
            counts[verdict.rule] += 1
    return {rule: n for rule, n in counts.items() if n}


def describe_exclusions(counts, language="en"):
    """'3 floor area NULL, 2 larger than the 六艺亭 maximum' (or Chinese) for messages."""
    position = 0 if language == "zh" else 1
    if language == "zh":
        return "；".join(f"{RULE_SUMMARY[rule][position]}{n}处" for rule, n in counts.items())
    return ", ".join(f"{n} {RULE_SUMMARY[rule][position]}" for rule, n in counts.items())


def is_one_stop_hub(services):
    """True when a facility's services make it a 人民坊: at least two distinct 十全十美 services."""
    return len({code for code in services if code in BY_CODE}) >= HUB_MIN_SERVICES


def propose_hub_services(lacking: Mapping[str, float], at_most=MAX_PROPOSED_HUB_SERVICES):
    """The ten essentials a new hub should combine, most-lacking first.

    ``lacking``: {required code: residents within the hub's reach who lack it within the threshold}.
    The essentials lacked by someone are proposed, most-lacking first (ties in the 十全 order), at most
    ``at_most``; when fewer than two are lacked, the list is topped up in the 十全 order (party
    service first: a hub is usually built on a party-and-public service centre), so a proposal always
    combines at least ``HUB_MIN_SERVICES`` services.
    """
    if at_most < HUB_MIN_SERVICES:
        raise SiteRuleError(f"A hub combines at least {HUB_MIN_SERVICES} services; at_most = {at_most!r} is too few.")
    unknown = [code for code in lacking if code not in REQUIRED_CODES]
    if unknown:
        raise SiteRuleError(f"Hub services are ranked among the ten essentials only; got {unknown[0]!r}.")
    ranked = sorted(REQUIRED_CODES, key=lambda code: (-float(lacking.get(code, 0.0)), REQUIRED_CODES.index(code)))
    proposed = [code for code in ranked if lacking.get(code, 0.0) > 0][:at_most]
    for code in ranked:
        if len(proposed) >= HUB_MIN_SERVICES:
            break
        if code not in proposed:
            proposed.append(code)
    return tuple(proposed)


def _cited(nearby):
    return sorted((f for f in nearby if f is not None and f.distance_m <= PREFERENCE_CITE_M),
                  key=lambda f: f.distance_m)


def chosen_site_reasons(new_covered_pop, minutes, *, nearby=(), verdict=None, hub_services=(),
                        lacking=None):
    """(reason_zh, reason_en) for a chosen site.

    new_covered_pop: residents it brings within ``minutes`` who were beyond it before. nearby:
    NearbyFeature per preference layer (those within PREFERENCE_CITE_M are cited, nearest first).
    verdict: its Verdict (a needs_justification note is added). hub_services/lacking: for a 人民坊,
    the proposed services and {code: residents within reach lacking it}.
    """
    zh = [f"新覆盖{_number(new_covered_pop)}名目前{minutes:g}分钟步行范围外的居民"]
    en = [f"covers {_number(new_covered_pop)} residents now beyond a {minutes:g}-minute walk"]
    for feature in _cited(nearby):
        label_zh, label_en = PREFERENCE_LAYERS[feature.layer]
        distance = f"{feature.distance_m:.0f}"
        if feature.name:
            zh.append(f"距{label_zh}{feature.name}{distance}米")
            en.append(f"{distance} m from {feature.name} ({label_en})")
        else:
            zh.append(f"距{label_zh}{distance}米")
            en.append(f"{distance} m from a {label_en}")
    if hub_services:
        lacking = lacking or {}
        counts = [_number(lacking.get(c, 0.0)) for c in hub_services]
        zh.append("建议组合" + "、".join(
            f"{BY_CODE[c].name_zh}（{'范围内' if i == 0 else ''}{n}人{'缺乏' if i == 0 else ''}）"
            for i, (c, n) in enumerate(zip(hub_services, counts))))
        en.append("proposed services: " + ", ".join(
            f"{BY_CODE[c].name_zh} {BY_CODE[c].name_en} ({'lacked by ' if i == 0 else ''}{n}"
            f"{' residents within reach' if i == 0 else ''})" for i, (c, n) in enumerate(zip(hub_services, counts))))
    if verdict is not None and verdict.area_status == AREA_NEEDS_JUSTIFICATION:
        zh.append(verdict.reason_zh)
        en.append(verdict.reason_en)
    return "；".join(zh), "; ".join(en)

