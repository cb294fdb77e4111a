"""The siting report (lifecircle:suggestsites)."""
from collections import Counter

import numpy as np
from qgis.PyQt.QtCore import QCoreApplication

from ...lifecircle_plugin.core.report_content import BarChart, Table, format_share
from ...lifecircle_plugin.core.services import BY_CODE, SERVICE_CODES
from ...lifecircle_plugin.core.site_rules import (
    AREA_NEEDS_JUSTIFICATION,
    AREA_OK,
    HUB,
    SITE_KIND_ZH,
    RULE_SUMMARY,
    exclusion_counts,
)
from ...lifecircle_plugin.core.siting import sites_needed_at_least
from .document import Report
from .maps import categorized_layer, context_layer, facilities_layer, marked_layer, network_layer, units_layer

translate = QCoreApplication.translate

# Residents on the report map: (status, colour, legend label).
RESIDENT_STATUS = (
    ("before", "#6baed6", "现状已覆盖 / covered before"),
    ("new", "#31a354", "新增覆盖 / newly covered"),
    ("uncovered", "#de2d26", "仍未覆盖 / still uncovered"),
)
AREA_STATUS_TEXT = {AREA_OK: "符合 / ok", AREA_NEEDS_JUSTIFICATION: "需记录需求论证 / needs justification"}
PREFERENCE_NAMES = {
    "transit": lambda: translate("Report", "公共交通站点 / Transit stops"),
    "green_space": lambda: translate("Report", "公共绿地 / Public green space"),
    "living_streets": lambda: translate("Report", "生活性街道 / Living streets"),
}
PREFERENCE_COLOURS = {"transit": "#6a3d9a", "green_space": "#a1d99b", "living_streets": "#ff7f00"}
CHOSEN_COLOUR = "#d7301f"
CANDIDATE_COLOUR = "#fd8d3c"


def resident_status(reached_before, reached_after):
    """'before', 'new' or 'uncovered' per resident."""
    return np.where(reached_before, "before", np.where(reached_after, "new", "uncovered"))


def residents_coverage_layer(geometries, crs, status):
    """Residents (points or compounds) coloured by RESIDENT_STATUS: within reach before, newly, or not at all;
    compounds let the walking network show through."""
    return categorized_layer(
        translate("Report", "居民（步行可达情况）/ Residents (within walking reach)"), geometries, crs, status,
        [(value, translate("Report", label), colour) for value, colour, label in RESIDENT_STATUS],
        point_size=1.8, outlined=True, opacity=0.75)


def _site_name(candidates, index):
    name = candidates.values.get("name", [None] * len(candidates))[index]
    return candidates.describe(index) if name in (None, "") else str(name)


def siting_headline(outcome, share_before, share_after):
    """The result in one sentence: the covered share before → after, and whether it is proven best."""
    kind_label = SITE_KIND_ZH[outcome.kind]
    values = (kind_label, outcome.minutes, format_share(share_before), format_share(share_after),
              len(outcome.new_sites))
    if outcome.result.optimal:
        return translate(
            "Report", "{0}{1:g}分钟步行覆盖率 {2} → {3}：新增 {4} 处，已证明最优 / Residents within {1:g} minutes of a "
            "{0}: {2} → {3} with {4} new site(s), proven optimal.").format(*values)
    if outcome.asked is None:
        return translate(
            "Report", "{0}{1:g}分钟步行覆盖率 {2} → {3}：新增 {4} 处，未证明最少（至少需要 {5} 处）/ Residents within "
            "{1:g} minutes of a {0}: {2} → {3} with {4} new site(s), not proven minimal (at least {5} are "
            "needed).").format(*values, sites_needed_at_least(outcome.result, outcome.existing.size))
    return translate(
        "Report", "{0}{1:g}分钟步行覆盖率 {2} → {3}：新增 {4} 处，未证明最优（至多比最优少 {5}）/ Residents within "
        "{1:g} minutes of a {0}: {2} → {3} with {4} new site(s), not proven optimal (at most {5} below the best "
        "possible).").format(*values, format_share(outcome.result.gap, 2))


def existing_sites_label(kind):
    """What the existing sites of a run are, for the legend: hubs for a 人民坊 run, else every facility
    offering a service (kindergartens and clinics as much as pavilions)."""
    if kind == HUB:
        return translate("Report", "现有人民坊（两项及以上服务）/ Existing 人民坊 (two or more services)")
    return translate("Report", "现有服务设施 / Existing facilities")


def existing_by_service(services, existing):
    """How many existing sites offer each service, most first, in Chinese and in English:
    ('保育托幼 5、党群服务 3', 'nursery 5, party 3')."""
    counts = Counter(code for i in existing for code in services[i])
    order = sorted(counts, key=lambda code: (-counts[code], SERVICE_CODES.index(code)))
    return ("、".join(f"{BY_CODE[code].name_zh} {counts[code]}" for code in order),
            ", ".join(f"{code} {counts[code]}" for code in order))


def siting_report(network, crs, demand, candidates, facilities, facility_services, units, preferences, outcome):
    """The siting report (lifecircle:suggestsites): headline, map of the sites and of the residents by
    coverage, a chart of the covered share per unit before/after (else cumulative by rank), the ranked
    sites and the audit summary. ``facility_services``: codes per facility; ``units``: BasicUnits or None;
    ``preferences``: {"transit" | "green_space" | "living_streets": LayerData} read for the siting reasons."""
    kind_label = SITE_KIND_ZH[outcome.kind]
    share_before = outcome.before / outcome.total if outcome.total > 0 else 0.0
    share_after = outcome.result.covered_share
    chosen = set(outcome.new_sites)
    eligible = [i for i, verdict in enumerate(outcome.verdicts) if verdict.eligible]

    report = Report(f"{kind_label}选址建议报告", f"Suggested sites for new {kind_label}")
    report.add_headline(siting_headline(outcome, share_before, share_after))
    report.add_figures([
        (f"{format_share(share_before)} → {format_share(share_after)}",
         translate("Report", "{0:g}分钟步行可达{1}的居民 / residents within {0:g} minutes of a {1}").format(
             outcome.minutes, kind_label)),
        (f"{len(outcome.new_sites)}", translate("Report", "建议新增 / new sites suggested")),
        (f"{outcome.total:,.0f}", translate("Report", "居民 / residents")),
        (f"{len(eligible)} / {len(outcome.verdicts)}", translate("Report", "合格候选点 / eligible candidates"))])
    report.add_paragraph(translate(
        "Report", "{0:,.0f} 名居民；{1} 个候选点中 {2} 个符合条件 / {0:,.0f} residents; {2} of {1} candidates "
        "eligible.").format(outcome.total, len(outcome.verdicts), len(eligible)))
    zh, en = existing_by_service(facility_services, outcome.existing)
    if outcome.kind == HUB:
        report.add_paragraph(translate(
            "Report", "现有人民坊 {0} 处（两项及以上服务的设施）：{1} / {0} existing 人民坊 (facilities with two "
            "or more services): {2}").format(outcome.existing.size, zh or "—", en or "—"))
    else:
        report.add_paragraph(translate(
            "Report", "现有服务设施 {0} 处计入现状覆盖：{1} / {0} existing facilities count as covering before: "
            "{2}").format(outcome.existing.size, zh or "—", en or "—"))
    if outcome.kind == HUB and outcome.units:
        without = [unit.unit_id for unit in outcome.units if not unit.reached]
        if without:
            report.add_paragraph(translate(
                "Report", "以下单元的居民步行{0:g}分钟内仍无人民坊：{1} / No 人民坊 within {0:g} minutes of any "
                "resident of unit(s): {1}").format(outcome.minutes, ", ".join(without)))
        else:
            report.add_paragraph(translate(
                "Report", "每个单元均有人民坊在步行{0:g}分钟内 / Every unit has a 人民坊 within {0:g} "
                "minutes.").format(outcome.minutes))

    unit_layer = units_layer(units, crs) if units is not None else None
    chosen_layer = marked_layer(
        translate("Report", "建议新增{0}（按排名）/ Suggested {0} (by rank)").format(kind_label),
        [candidates.geometries[site] for site in outcome.new_sites], crs,
        labels=[str(rank) for rank in range(1, len(outcome.new_sites) + 1)], colour=CHOSEN_COLOUR,
        shape="star") if outcome.new_sites else None
    others = [i for i in eligible if i not in chosen]
    others_layer = marked_layer(
        translate("Report", "未入选的合格候选点 / Eligible candidates not chosen"),
        [candidates.geometries[i] for i in others], crs, colour=CANDIDATE_COLOUR, shape="circle",
        size=2.6) if others else None
    existing_layer = facilities_layer(
        [facilities.geometries[i] for i in outcome.existing], crs,
        name=existing_sites_label(outcome.kind)) if outcome.existing.size else None
    context = [context_layer(PREFERENCE_NAMES[key](), preferences[key].geometries, crs, PREFERENCE_COLOURS[key])
               for key in ("transit", "living_streets", "green_space") if key in preferences]
    report.add_map(
        translate("Report", "建议选址与居民步行可达情况 / Suggested sites and residents within walking reach"),
        [chosen_layer, others_layer, existing_layer, unit_layer] + context[:2]
        + [residents_coverage_layer(demand.geometries, crs, resident_status(outcome.reached_before,
                                                                            outcome.reached_after))]
        + context[2:] + [network_layer(network, crs)], crs)
    before_label, after_label = translate("Report", "现状 / before"), translate("Report", "新增选址后 / after")
    if outcome.units:
        report.add_chart(BarChart(
            translate("Report", "各单元{0:g}分钟步行覆盖率 / Residents within {0:g} minutes of a {1}, by unit").format(
                outcome.minutes, kind_label),
            [unit.unit_id for unit in outcome.units] + [translate("Report", "全域 / whole area")],
            [(before_label, [unit.share_before for unit in outcome.units] + [share_before]),
             (after_label, [unit.share_after for unit in outcome.units] + [share_after])],
            colours=(RESIDENT_STATUS[0][1], RESIDENT_STATUS[1][1])))
    else:
        report.add_chart(BarChart(
            translate("Report", "按排名累计覆盖率 / Cumulative covered share by rank"),
            [before_label] + [f"{rank} {_site_name(candidates, site)}"
                              for rank, site in enumerate(outcome.new_sites, start=1)],
            [(translate("Report", "累计覆盖率 / cumulative share"),
              [share_before] + [float(s) for s in outcome.cum_shares])],
            colours=(RESIDENT_STATUS[1][1],)))

    hub = outcome.kind == HUB
    site_rows = []
    for rank, (site, gain, cum_share) in enumerate(zip(outcome.new_sites, outcome.gains, outcome.cum_shares),
                                                   start=1):
        services = ("、".join(BY_CODE[code].name_zh for code in outcome.hub_services.get(site, ())) or None,)
        site_rows.append((rank, _site_name(candidates, site), outcome.areas[site],
                          translate("Report", AREA_STATUS_TEXT[outcome.verdicts[site].area_status]), f"{gain:,.0f}",
                          format_share(cum_share)) + (services if hub else ()) + (outcome.reasons[site][0],))
    report.add_table(Table(
        translate("Report", "建议选址（按新增覆盖排名）/ Suggested sites, ranked by residents added"),
        (translate("Report", "排名 / Rank"), translate("Report", "名称 / Name"),
         translate("Report", "建筑面积 m² / Floor area m²"), translate("Report", "面积判定 / Area status"),
         translate("Report", "新增覆盖居民 / Newly covered"), translate("Report", "累计覆盖率 / Cumulative share"))
        + ((translate("Report", "建议组合服务 / Proposed services"),) if hub else ())
        + (translate("Report", "理由 / Reason"),),
        site_rows, note="" if site_rows else translate("Report", "没有建议新增的选址 / No new site is suggested."),
        numeric_columns=(0, 2, 4, 5)))

    if outcome.units:
        report.add_table(Table(
            translate("Report", "各单元覆盖 / Coverage by unit"),
            (translate("Report", "单元 / Unit"), translate("Report", "居民 / Residents"),
             translate("Report", "现状 / Before"), translate("Report", "新增选址后 / After"))
            + ((translate("Report", "有人民坊可达 / 人民坊 within reach"),) if hub else ()),
            [(unit.unit_id, f"{unit.residents:,.0f}", format_share(unit.share_before), format_share(unit.share_after))
             + (((translate("Report", "是 / yes") if unit.reached else translate("Report", "否 / no")),) if hub else ())
             for unit in outcome.units],
            numeric_columns=(1, 2, 3)))

    audit_rows = [(translate("Report", "符合条件 / eligible"), None, len(eligible)),
                  (translate("Report", "其中建议新增 / of which suggested"), None, len(outcome.new_sites))]
    audit_rows += [(f"{RULE_SUMMARY[rule][0]} / {RULE_SUMMARY[rule][1]}", rule, n)
                   for rule, n in exclusion_counts(outcome.verdicts).items()]
    report.add_table(Table(
        translate("Report", "候选点审查汇总 / Candidate audit summary"),
        (translate("Report", "判定 / Verdict"), translate("Report", "规则 / Rule"),
         translate("Report", "候选点数 / Candidates")), audit_rows,
        note=translate("Report", "每个候选点的判定与理由见“候选点审查”输出 / The candidate audit output gives every "
                                 "candidate's verdict and reason."), numeric_columns=(2,)))

    return report
