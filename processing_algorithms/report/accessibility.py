"""The supply and demand accessibility report (lifecircle:accessibility): a map of the accessibility per
service by unit, the most crowded facilities, a Lorenz curve per service, the equity and 1+N tables and the
definitions (the base class adds the parameters)."""
import math

import numpy as np
from qgis.core import QgsClassificationQuantile, QgsGraduatedSymbolRenderer, QgsStyle, QgsSymbol
from qgis.PyQt.QtCore import QCoreApplication, QVariant

from ...lifecircle_plugin.core.accessibility import (
    HUB_MINUTES,
    ONE_PLUS_N,
    SMALL_SITE_MINUTES,
    lorenz_curve,
)
from ...lifecircle_plugin.core.coverage import WHOLE_AREA
from ...lifecircle_plugin.core.defaults import METHOD_NAMES
from ...lifecircle_plugin.core.report_content import BarChart, Table, format_share
from ...lifecircle_plugin.core.services import BY_CODE, service_label
from .document import Report
from .maps import facilities_layer, marked_layer, network_layer, memory_layer, units_layer

# pylupdate5 reads a bare translate("Context", "text") call; a wrapper function would hide the strings.
translate = QCoreApplication.translate

CROWDED_LISTED = 15  # facilities in the crowding table and on its map
LORENZ_SERVICES_PER_CHART = 6
LORENZ_TENTHS = np.linspace(0.1, 1.0, 10)
MAP_CLASSES = 5


def _graduated(layer, field):
    """Colour ``layer`` by ``field`` in quantile classes (yellow to blue)."""
    renderer = QgsGraduatedSymbolRenderer(field)
    renderer.setSourceSymbol(QgsSymbol.defaultSymbol(layer.geometryType()))
    renderer.setClassificationMethod(QgsClassificationQuantile())
    renderer.updateClasses(layer, MAP_CLASSES)
    ramp = QgsStyle.defaultStyle().colorRamp("YlGnBu")
    if ramp is not None:
        renderer.updateColorRamp(ramp)
    layer.setRenderer(renderer)
    return layer


def _number(value, digits=2):
    return None if value is None or not math.isfinite(value) else round(float(value), digits)


def accessibility_report(network, crs, facilities, demand, result, rows, capacity, units, method):
    """The report of one run: ``rows`` from ``equity_summary``, ``capacity`` per facility, ``units``:
    BasicUnits or None, ``method``: the METHOD index."""
    by_key = {(row.unit_id, row.service): row for row in rows}
    unit_names = sorted({row.unit_id for row in rows} - {WHOLE_AREA})
    codes = list(result.services)
    report = Report("供需可达性报告", "Supply and demand accessibility report")
    worst = min(codes, key=lambda c: (by_key[(WHOLE_AREA, c)].mean_acc
                                      if math.isfinite(by_key[(WHOLE_AREA, c)].mean_acc) else math.inf))
    report.add_headline(translate(
        "Report", "{0}（{1}）：服务人群每千人可达供给最低，平均 {2:.2f} / {0} ({1}): the lowest supply per 1,000 "
        "people of its cohort within reach, {2:.2f} on average.").format(
        BY_CODE[worst].name_zh, worst, by_key[(WHOLE_AREA, worst)].mean_acc or 0.0))
    report.add_paragraph(translate(
        "Report", "方法 / Method: {0}; 服务范围 / catchment: {1}").format(
        METHOD_NAMES[method], ", ".join(f"{c} {result.services[c].plan.minutes:g} min" for c in codes)))

    unit_outlines = units_layer(units, crs) if units is not None else None
    streets = network_layer(network, crs)  # one layer for every map: a city's network is a million segments
    if units is None:
        # The residents once, every service's acc a field; each map colours a clone (it shares the features).
        residents = memory_layer(translate("Report", "居民可达供给（每千人）/ Supply per 1,000 at each resident"),
                                 demand.geometries, crs, [(f"acc_{code}", QVariant.Double) for code in codes],
                                 zip(*[result.services[code].acc.tolist() for code in codes]))
    for code in codes:
        if units is not None:
            values = [[_number(by_key[(u, code)].mean_acc) if (u, code) in by_key else None] for u in units.ids]
            layer = _graduated(memory_layer(
                translate("Report", "单元平均可达供给（每千人）/ Mean supply per 1,000, by unit"),
                units.geometries, crs, [("acc", QVariant.Double)], values), "acc")
        else:
            layer = _graduated(residents.clone(), f"acc_{code}")
        title = translate("Report", "{0}：每千名服务人群的可达供给 / "
                                    "{0}: supply per 1,000 of the cohort").format(service_label(code))
        offering = [g for g, offers in zip(facilities.geometries, result.services[code].offers) if offers]
        report.add_map(title, [facilities_layer(offering, crs), unit_outlines, layer, streets], crs)

    crowded = []
    names = facilities.values.get("name", [None] * len(facilities))
    for code in codes:
        service = result.services[code]
        for i in np.flatnonzero(service.offers):
            crowded.append((service.demand[i] / capacity[i], code, i))
    crowded.sort(key=lambda item: -item[0])
    top = crowded[:CROWDED_LISTED]
    if top:
        report.add_map(translate("Report", "最拥挤的设施 / The most crowded facilities"), [
            marked_layer(translate("Report", "拥挤设施 / Crowded facilities"),
                         [facilities.geometries[i] for _, _, i in top], crs,
                         labels=[names[i] or facilities.describe(i) for _, _, i in top]),
            facilities_layer(facilities.geometries, crs), unit_outlines, streets], crs)
        report.add_table(Table(
            translate("Report", "最拥挤的设施（需求 / 容量）/ "
                                "The most crowded facilities (demand per unit of capacity)"),
            (translate("Report", "设施 / Facility"), translate("Report", "服务 / Service"),
             translate("Report", "容量 / Capacity"), translate("Report", "需求 / Demand"),
             translate("Report", "拥挤度 / Crowding"), translate("Report", "责任人口 / Assigned")),
            [(names[i] or facilities.describe(i), service_label(code), float(capacity[i]),
              _number(result.services[code].demand[i], 1), _number(ratio),
              _number(result.services[code].assigned_population[i], 0)) for ratio, code, i in top],
            numeric_columns=(2, 3, 4, 5)))

    for start in range(0, len(codes), LORENZ_SERVICES_PER_CHART):
        group = codes[start:start + LORENZ_SERVICES_PER_CHART]
        series = []
        for code in group:
            people, supply = lorenz_curve(result.services[code].acc, result.services[code].plan.population)
            series.append((service_label(code), np.interp(LORENZ_TENTHS, people, supply).tolist()))
        report.add_chart(BarChart(
            translate("Report", "洛伦兹曲线：可达供给最低的前 x% 人群所占供给份额 / Lorenz curve: share of the supply "
                                "held by the x% of the cohort with the least"),
            [f"{100 * t:.0f}%" for t in LORENZ_TENTHS], series))

    report.add_table(Table(
        translate("Report", "公平性（全域）/ Equity, whole area"),
        (translate("Report", "服务 / Service"), translate("Report", "人群字段 / Cohort"),
         translate("Report", "人群 / People"), translate("Report", "平均 / Mean"),
         translate("Report", "第10百分位 / 10th pct"), translate("Report", "配置标准 / Norm"),
         translate("Report", "低于标准 / Below norm"), translate("Report", "基尼系数 / Gini"),
         translate("Report", "超出范围 / Beyond"), translate("Report", "无人可达设施 / Unreached")),
        [(service_label(c), by_key[(WHOLE_AREA, c)].cohort_field or "—", by_key[(WHOLE_AREA, c)].population,
          _number(by_key[(WHOLE_AREA, c)].mean_acc), _number(by_key[(WHOLE_AREA, c)].p10_acc),
          by_key[(WHOLE_AREA, c)].norm_per_1000, format_share(by_key[(WHOLE_AREA, c)].below_norm_share),
          _number(by_key[(WHOLE_AREA, c)].gini, 3), format_share(by_key[(WHOLE_AREA, c)].beyond_share),
          len(result.services[c].unreached)) for c in codes],
        numeric_columns=(2, 3, 4, 5, 6, 7, 8, 9)))
    if unit_names:
        report.add_table(Table(
            translate("Report", "各单元公平性 / Equity by unit"),
            (translate("Report", "单元 / Unit"), translate("Report", "服务 / Service"),
             translate("Report", "人群 / People"), translate("Report", "平均 / Mean"),
             translate("Report", "第10百分位 / 10th pct"), translate("Report", "低于标准 / Below norm"),
             translate("Report", "基尼系数 / Gini"), translate("Report", "超出范围 / Beyond")),
            [(u, service_label(c), by_key[(u, c)].population, _number(by_key[(u, c)].mean_acc),
              _number(by_key[(u, c)].p10_acc), format_share(by_key[(u, c)].below_norm_share),
              _number(by_key[(u, c)].gini, 3), format_share(by_key[(u, c)].beyond_share))
             for u in unit_names for c in codes],
            numeric_columns=(2, 3, 4, 5, 6, 7)))
    report.add_table(Table(
        translate("Report", "1+N：人民坊与小型站点 / 1+N: hubs and small sites"),
        (translate("Report", "单元 / Unit"), translate("Report", "居民 / Residents"),
         translate("Report", "{0:g} 分钟内有人民坊 / 人民坊 within {0:g} min").format(HUB_MINUTES),
         translate("Report", "{0:g} 分钟内小型站点数 / Small sites within {0:g} min").format(SMALL_SITE_MINUTES),
         translate("Report", "人均可达小型站点 / Small sites per resident")),
        [(u if u != WHOLE_AREA else translate("Report", "全域 / whole area"), by_key[(u, ONE_PLUS_N)].population,
          format_share(by_key[(u, ONE_PLUS_N)].hub_share), by_key[(u, ONE_PLUS_N)].small_sites,
          _number(by_key[(u, ONE_PLUS_N)].mean_small_sites)) for u in unit_names + [WHOLE_AREA]],
        numeric_columns=(1, 2, 3, 4)))

    for text in (
            translate("Report", "定义 / Definitions. t_ij：居民 i 到设施 j 的步行分钟数，"
                                "与步行覆盖的计算完全一致；距路网超过最大接入距离的居民和设施不参与 / "
                                "walking minutes as in the walking coverage; "
                                "points beyond the snap distance take no part."),
            translate("Report", "W(t)：2SFCA 在服务范围内为 1；E2SFCA 为所在时段的权重；"
                                "高斯为 exp(−t²/β)，β 使 W(服务范围) = 0.01；超出服务范围一律为 0 / "
                                "W(t): 1 within the catchment (2SFCA), the band weight (E2SFCA), "
                                "exp(−t²/β) with W(catchment) = 0.01 (Gaussian); 0 beyond the catchment."),
            translate("Report", "R_j = S_j / Σ_k P_k·W(t_kj)（无人可达的设施无 R_j）；"
                                "A_i = Σ_j R_j·W(t_ij)（一处都不可达为 0）；可达供给 = 1000·A_i / "
                                "R_j = capacity over the weighted cohort within reach (none when no one reaches it); "
                                "A_i = Σ_j R_j·W(t_ij) (0 when none is reached); acc = 1000·A_i."),
            translate("Report", "平均值和第10百分位按人口加权；"
                                "基尼系数 = Σ_i Σ_j P_i P_j |acc_i − acc_j| / (2 (ΣP)² 平均值) / "
                                "mean and 10th percentile weighted by the cohort; "
                                "Gini = Σ_i Σ_j P_i P_j |acc_i − acc_j| / (2 (ΣP)² mean)."),
            translate("Report", "责任范围：每位居民归入服务范围内最近的设施（网络 Voronoi）/ "
                                "Responsibility catchments: every resident is assigned to the nearest facility "
                                "within the catchment (network Voronoi).")):
        report.add_paragraph(text)
    return report
