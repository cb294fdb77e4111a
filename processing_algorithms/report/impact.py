"""The impact report (lifecircle:planimpact): what each project of the 3-year reserve brings, by plan year and
by project, and the budgeted schedule against the planned years."""
from dataclasses import dataclass

import numpy as np
from qgis.PyQt.QtCore import QCoreApplication

from ...lifecircle_plugin.core.coverage import WHOLE_AREA
from ...lifecircle_plugin.core.plan_impact import BASELINE
from ...lifecircle_plugin.core.report_content import BarChart, Table, format_share
from ...lifecircle_plugin.core.services import BY_CODE, REQUIRED_CODES, format_services
from .document import Report
from .maps import facilities_layer, marked_layer, network_layer, units_layer

translate = QCoreApplication.translate
# Projects marked on the report map: the first ranks as labelled stars, the others by whether they gain.
TOP_ON_MAP = 10


@dataclass
class Impact:
    """One run, kept for the report: the plan, the gains and ranks, the years table and the schedule."""

    plan: object  # core PlanProjects
    totals: np.ndarray
    in_plan: np.ndarray
    per_wan: np.ndarray
    ranks: np.ndarray
    years: list  # core YearRows
    suggested: list = None  # per project, a year or None (with BUDGETS)
    schedule: object = None  # core Schedule (with BUDGETS)
    year_budgets: dict = None


def coverage_by_year_chart(impact):
    """Covered share of each essential service, whole area: baseline and each plan year as planned."""
    share = {(row.stage, row.service): row.share for row in impact.years if row.unit_id == WHOLE_AREA}
    stages = [BASELINE] + [str(year) for year in impact.plan.window.years]
    names = [translate("Report", "现状 / baseline")] + [
        translate("Report", "{0}年 / {0}").format(year) for year in impact.plan.window.years]
    return BarChart(
        translate("Report", "十全服务覆盖率：现状与按计划各年度 / Essentials covered: baseline and each plan year as "
                            "planned"),
        [BY_CODE[code].name_zh for code in REQUIRED_CODES],
        [(name, [share.get((stage, code)) for code in REQUIRED_CODES]) for name, stage in zip(names, stages)])


def ranked_table(impact):
    """The assessed projects by impact rank."""
    plan = impact.plan
    order = sorted(np.flatnonzero(impact.ranks > 0), key=lambda i: impact.ranks[i])
    headers = (translate("Report", "排名 / Rank"), translate("Report", "项目编号 / Project"),
               translate("Report", "服务 / Services"), translate("Report", "储备年份 / Year"),
               translate("Report", "新增覆盖 / Gain"), translate("Report", "按计划新增 / Gain in plan"),
               translate("Report", "投资（万元）/ Budget"), translate("Report", "每万元新增 / Gain per 万元"))
    rows = [(int(impact.ranks[i]), plan.label[i], format_services(plan.services[i], "zh"), plan.plan_year[i],
             f"{impact.totals[i]:,.0f}", None if np.isnan(impact.in_plan[i]) else f"{impact.in_plan[i]:,.0f}",
             None if np.isnan(plan.budget_wan[i]) else f"{plan.budget_wan[i]:,.1f}",
             None if np.isnan(impact.per_wan[i]) else f"{impact.per_wan[i]:,.2f}") for i in order]
    return Table(translate("Report", "项目成效排序 / Projects ranked by impact"), headers, rows,
                 note=translate("Report", "新增覆盖：在现状设施基础上单独建设该项目新增的覆盖人口"
                                          "（各项服务之和）；按计划新增：按储备年份和优先级依次建设时的新增 / "
                                          "Gain: residents newly covered when the project alone is added to the "
                                          "existing facilities (summed over its services); gain in plan: when the "
                                          "projects are built in the order of their years and priorities."),
                 numeric_columns=(0, 4, 5, 6, 7))


def schedule_table(impact):
    """Per plan year: projects and budget as planned and as suggested by the schedule."""
    plan, window = impact.plan, impact.plan.window
    rows = []
    for year in window.years:
        planned = [i for i in np.flatnonzero(plan.assessed) if plan.plan_year[i] == year]
        suggested = [i for i, y in enumerate(impact.suggested) if y == year]
        rows.append((year, f"{impact.year_budgets[year]:,.1f}", len(planned),
                     f"{np.nansum(plan.budget_wan[planned]):,.1f}", len(suggested),
                     f"{np.nansum(plan.budget_wan[suggested]):,.1f}",
                     "、".join(plan.label[i] for i in suggested) or None))
    headers = (translate("Report", "年度 / Year"), translate("Report", "预算（万元）/ Budget"),
               translate("Report", "计划项目数 / Planned"), translate("Report", "计划投资 / Planned cost"),
               translate("Report", "建议项目数 / Suggested"), translate("Report", "建议投资 / Suggested cost"),
               translate("Report", "建议项目 / Suggested projects"))
    moved = [(plan.label[i], plan.plan_year[i], impact.suggested[i]) for i in np.flatnonzero(plan.assessed)
             if plan.plan_year[i] != impact.suggested[i]]
    note = translate("Report", "与计划年度不同的项目 {0} 个 / {0} project(s) suggested for another year "
                               "than planned").format(len(moved))
    return Table(translate("Report", "建议排期与计划年度对照 / The schedule against the planned years"), headers, rows,
                 note=note, numeric_columns=(1, 2, 3, 4, 5))


def headline(impact):
    """The result in one sentence: the share reaching all ten essentials, now and after the plan."""
    whole = {row.stage: row.share for row in impact.years
             if row.unit_id == WHOLE_AREA and row.service == "all_required"}
    last = str(impact.plan.window.last_year)
    text = translate("Report", "按计划实施后，可达全部十全服务的居民比例由 {0} 提高到 {1}（{2}年）/ "
                               "Residents reaching all ten essentials: {0} now, {1} once the plan is built "
                               "({2}).").format(
        format_share(whole.get(BASELINE)), format_share(whole.get(last)), last)
    if impact.schedule is not None:
        text += " " + translate("Report", "建议排期：{0:,.0f} 人·年，最优性间隙 {1} / Suggested schedule: {0:,.0f} "
                                          "people-years, optimality gap {1}.").format(
            impact.schedule.people_years, format_share(impact.schedule.gap, 2))
    return text


def projects_map_layers(impact, geometries, facilities, units, network, crs):
    """The map's layers, top first: the leading projects by rank (labelled), the others by whether they gain,
    the existing facilities, the units and the network."""
    plan, ranks, totals = impact.plan, impact.ranks, impact.totals
    assessed = np.flatnonzero(plan.assessed)
    top = [i for i in assessed if ranks[i] <= TOP_ON_MAP]
    gaining = [i for i in assessed if ranks[i] > TOP_ON_MAP and totals[i] > 0]
    idle = [i for i in assessed if ranks[i] > TOP_ON_MAP and totals[i] <= 0]
    layers = [marked_layer(translate("Report", "成效前 {0} 名项目（排名）/ Top {0} projects (rank)").format(TOP_ON_MAP),
                           geometries[top], crs, labels=[f"{ranks[i]} {plan.label[i]}" for i in top],
                           colour="#d7301f", shape="star", size=4.5)]
    for name, chosen, colour, size in (
            (translate("Report", "其他有新增覆盖的项目 / Other projects that gain"), gaining, "#e08214", 3.0),
            (translate("Report", "无新增覆盖的项目 / Projects that gain nothing"), idle, "#969696", 2.4)):
        if chosen:
            layers.append(marked_layer(name, geometries[chosen], crs, colour=colour, shape="circle", size=size))
    layers.append(facilities_layer(facilities.geometries, crs,
                                   name=translate("Report", "现状设施 / Existing facilities")))
    if units is not None:
        layers.append(units_layer(units, crs))
    layers.append(network_layer(network, crs))
    return layers


def impact_report(impact, geometries, facilities, units, network, crs):
    """The report: headline and key figures, the covered share of each essential by plan year, the map of the
    projects by impact, the ranked table and, with budgets, the schedule against the planned years.
    ``geometries``: the projects' shapes in ``crs`` (layer order); ``units``: BasicUnits or None."""
    window = impact.plan.window
    report = Report(f"{window.street}项目成效与排序", f"Project impact and schedule: {window.street}")
    report.add_headline(headline(impact))
    gaining = int((impact.totals[impact.plan.assessed] > 0).sum())
    figures = [(f"{int(impact.plan.assessed.sum())}", translate("Report", "评估项目 / projects assessed")),
               (f"{gaining}", translate("Report", "有新增覆盖的项目 / projects that gain"))]
    if impact.schedule is not None:
        scheduled = sum(year is not None for year in impact.suggested)
        figures.append((f"{scheduled}", translate("Report", "三年内建议实施 / suggested within the plan")))
    report.add_figures(figures)
    report.add_paragraph(translate(
        "Report", "储备计划：{0} {1}—{2}年 / Reserve plan of {0}: {1}–{2}.").format(
        window.street, window.first_year, window.last_year))
    report.add_chart(coverage_by_year_chart(impact))
    report.add_map(translate("Report", "项目成效分布 / Projects by impact"),
                   projects_map_layers(impact, geometries, facilities, units, network, crs), crs)
    report.add_table(ranked_table(impact))
    if impact.schedule is not None:
        report.add_table(schedule_table(impact))
    return report
