"""The walking-coverage report (lifecircle:walkingcoverage)."""
import numpy as np
from qgis.PyQt.QtCore import QCoreApplication

from ...lifecircle_plugin.core.coverage import WHOLE_AREA, headline, summarize
from ...lifecircle_plugin.core.report_content import SERIES_COLOURS, WHOLE_AREA_COLOUR, BarChart, Table, format_share
from ...lifecircle_plugin.core.services import BY_CODE, REQUIRED_CODES, format_services, service_label
from .document import Report
from .maps import facilities_layer, network_layer, residents_layer, two_class_layer, units_layer

translate = QCoreApplication.translate

# Shanghai 2035 master plan: 99% of residents with community services within 15 minutes.
COVERAGE_TARGET = 0.99
MAX_UNITS_PER_SERVICE_CHART = 6
BEYOND_COLOUR = "#d7301f"
WITHIN_COLOUR = "#c7c7c7"


def gap_maps(report, result, crs, facilities, services, demand, units, codes):
    """One small map per service in ``codes``: residents beyond its threshold in red, its facilities."""
    unit_outlines = units_layer(units, crs) if units is not None else None
    sections = []
    for code in codes:
        offering = [g for g, offered in zip(facilities.geometries, services) if code in offered]
        layers = [facilities_layer(offering, crs, size=1.8,
                                   name=translate("Report", "该项服务的设施 / Facilities of the service")),
                  unit_outlines,
                  two_class_layer(translate("Report", "居民 / Residents"), demand.geometries, crs, ~result.ok(code),
                                  translate("Report", "超出时间阈值 / beyond the threshold"),
                                  translate("Report", "时间阈值内 / within the threshold"), BEYOND_COLOUR,
                                  WITHIN_COLOUR)]
        title = translate("Report", "{0}（{1:g}分钟）").format(service_label(code), result.thresholds[code])
        sections.append(report.map_section(title, layers, crs))
    return sections


def coverage_report(network, crs, facilities, services, demand, result, population, unit_ids, units):
    """The walking-coverage report: headline and key figures, map of residents by essentials within reach,
    one gap map per essential, charts per service and unit, tables. ``services``: codes per facility;
    ``units``: BasicUnits or None."""
    population = np.asarray(population, dtype=float)
    share, total = headline(result, population)
    rows = summarize(result, population, unit_ids)
    unit_names = sorted({row.unit_id for row in rows} - {WHOLE_AREA})
    columns = unit_names + [WHOLE_AREA]
    by_key = {(row.unit_id, row.service): row for row in rows}
    unit_header = {u: u for u in unit_names}
    unit_header[WHOLE_AREA] = translate("Report", "全域 / whole area")
    essentials = [code for code in REQUIRED_CODES if code in result.services]
    all_ten = len(essentials) == len(REQUIRED_CODES)

    report = Report("15分钟社区生活圈步行覆盖报告", "15-minute walking coverage report")
    report.add_headline(translate(
        "Report", "{0} 的 {1:,.0f} 名居民可在各自步行阈值内到达全部十全服务 / {0} of {1:,.0f} residents reach all "
        "ten essentials within their thresholds.").format(format_share(share), total))
    whole = {code: by_key[(WHOLE_AREA, code)] for code in result.services}
    weakest = min(essentials, key=lambda code: whole[code].share) if essentials else None
    figures = [(format_share(share), translate("Report", "全部十全服务可达 / reach all ten essentials")),
               (f"{total:,.0f}", translate("Report", "居民 / residents")),
               (f"{len(facilities)}", translate("Report", "设施 / facilities"))]
    if weakest is not None:
        figures.append((format_share(whole[weakest].share), translate(
            "Report", "最低：{0} / lowest: {1}").format(BY_CODE[weakest].name_zh, BY_CODE[weakest].name_en)))
    report.add_figures(figures)

    unit_outlines = units_layer(units, crs) if units is not None else None
    report.add_map(
        translate("Report", "各居民点步行可达的十全服务数 / Essentials within walking reach of each resident"),
        [unit_outlines, facilities_layer(facilities.geometries, crs),
         residents_layer(demand.geometries, crs, result.required_ok_count()), network_layer(network, crs)], crs)
    if essentials:
        report.add_map_grid(
            translate("Report", "十全服务缺口（每项一图）/ Service gaps, one map per essential"),
            gap_maps(report, result, crs, facilities, services, demand, units, essentials),
            note=translate("Report", "红色：超出该项服务时间阈值的居民 / Red: residents beyond the service's walking "
                                     "threshold."))

    per_unit_series = columns if len(unit_names) <= MAX_UNITS_PER_SERVICE_CHART else [WHOLE_AREA]
    colours = [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(per_unit_series) - 1)]
    target_label = translate("Report", "2035 目标 99% / 2035 target 99%")
    if essentials:
        report.add_chart(BarChart(
            translate("Report", "各项十全服务覆盖率 / Coverage of each essential service"),
            [service_label(code) for code in essentials],
            [(unit_header[u], [by_key[(u, code)].share for code in essentials]) for u in per_unit_series],
            target=COVERAGE_TARGET, target_label=target_label, colours=colours + [WHOLE_AREA_COLOUR]))
    if all_ten:
        report.add_chart(BarChart(
            translate("Report", "各单元全部十全服务可达比例 / Residents reaching all ten essentials, by unit"),
            [unit_header[u] for u in columns],
            [(translate("Report", "全部十全服务 / all ten"), [by_key[(u, "all_required")].share for u in columns])],
            target=COVERAGE_TARGET, target_label=target_label))

    headline_rows = [(f"{BY_CODE[code].name_zh} / {BY_CODE[code].name_en}", code, result.thresholds[code],
                      result.facilities_per_service.get(code, 0), f"{whole[code].covered_population:,.0f}",
                      format_share(whole[code].share)) for code in essentials]
    if all_ten:
        ten = by_key[(WHOLE_AREA, "all_required")]
        headline_rows.append((translate("Report", "全部十全服务 / all ten essentials"), "all_required", None, None,
                              f"{ten.covered_population:,.0f}", format_share(ten.share)))
    report.add_table(Table(
        translate("Report", "十全服务（全域）/ The ten essentials, whole area"),
        (translate("Report", "服务 / Service"), translate("Report", "代码 / Code"),
         translate("Report", "阈值（分钟）/ Threshold (min)"), translate("Report", "设施数 / Facilities"),
         translate("Report", "覆盖人口 / Residents covered"), translate("Report", "覆盖率 / Share")),
        headline_rows, numeric_columns=(2, 3, 4, 5)))

    offered = [code for code in result.services
               if code in essentials or result.facilities_per_service.get(code, 0) > 0]
    unit_rows = [(translate("Report", "居民 / residents"),)
                 + tuple(f"{by_key[(u, offered[0])].population:,.0f}" for u in columns)]
    for code in offered + (["all_required"] if all_ten else []):
        label = service_label(code) if code != "all_required" else translate("Report", "全部十全服务 / all ten")
        unit_rows.append((label,) + tuple(format_share(by_key[(u, code)].share) for u in columns))
    missing = [code for code in result.services if code not in offered]
    note = translate(
        "Report", "十美服务中无任何设施的未列出 / Enhancements without any facility are left out: {0}").format(
        format_services(missing, "zh")) if missing else ""
    report.add_table(Table(
        translate("Report", "各单元各项服务覆盖率 / Coverage by unit and service"),
        (translate("Report", "服务 / Service"),) + tuple(unit_header[u] for u in columns), unit_rows, note=note,
        numeric_columns=tuple(range(1, len(columns) + 1))))
    return report
