"""lifecircle:suggestsites OUTPUT_REPORT: the HTML (headline, map, chart, tables, credits) and the PDF beside it,
on the hand-checked street of test_suggest_sites_alg and on the sample district."""
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from qgis.PyQt.QtCore import QVariant

from conftest import memory_layer
from lifecircle.lifecircle_plugin.core.report_content import SAMPLE_DISTRICT_CREDIT, format_share
from pdf_text import assert_pdf_holds_html
from test_report import page_one_is_drawn, pdf_pages
from test_suggest_sites_alg import CRS, box, params, run, sample_params

MAP_PNG = '<img src="data:image/png;base64,'


def num(value):
    return f'<td class="num">{value}</td>'


def short(value):
    """A short cell without spaces (an id, a code), which the HTML keeps on one line."""
    return f'<td class="nw">{value}</td>'


def street_units():
    return memory_layer("Polygon", CRS, [("unit_id", QVariant.String)],
                        [(box(0, 1500), ["A"]), (box(1500, 2500), ["B"]), (box(2500, 3000), ["C"])], "units")


@pytest.fixture(scope="module")
def street_report(lifecircle_provider, tmp_path_factory):
    """Two 六艺亭 on the street (C2 then C3, 200-400 m² made eligible by HIGH_DEMAND_POP), with units A, B, C."""
    html = tmp_path_factory.mktemp("street") / "sites.html"
    result, feedback = run(params(COUNT=2, HIGH_DEMAND_POP=300, UNITS=street_units(), UNIT_ID_FIELD="unit_id",
                                  OUTPUT_REPORT=str(html)))
    return result, feedback, html.read_text(encoding="utf-8").replace("\u00a0", " ")


def test_street_report_headline_and_paths(street_report):
    result, feedback, html = street_report
    assert result["OUTPUT_REPORT"].endswith("sites.html") and result["OUTPUT_REPORT_PDF"].endswith("sites.pdf")
    # R1 (100) within 5 minutes of F1 before; C2 adds R2 (500), C3 adds R3 (300): 100 → 900 of 950.
    assert ("六艺亭5分钟步行覆盖率 10.5% → 94.7%：新增 2 处，已证明最优 / Residents within 5 minutes of a 六艺亭: "
            "10.5% → 94.7% with 2 new site(s), proven optimal.") in html
    assert "950 名居民；6 个候选点中 3 个符合条件" in html
    assert ("现有服务设施 1 处计入现状覆盖：医疗卫生 1 / 1 existing facilities count as covering before: "
            "health 1") in html
    assert f"Report: {result['OUTPUT_REPORT']} and {result['OUTPUT_REPORT_PDF']}" in feedback.log


def test_street_report_map_shows_sites_candidates_and_residents_by_coverage(street_report):
    _result, _feedback, html = street_report
    assert html.count(MAP_PNG) >= 8, "the map and the symbols of its legend"
    for legend in ("建议新增六艺亭（按排名）/ Suggested 六艺亭 (by rank)",
                   "未入选的合格候选点 / Eligible candidates not chosen",  # C1: same residents as C2
                   "现有服务设施 / Existing facilities", "基本单元 / Basic units",
                   "现状已覆盖 / covered before", "新增覆盖 / newly covered", "仍未覆盖 / still uncovered",
                   "步行网络 / Walking network"):
        assert legend in html, legend


def test_street_report_ranked_sites_units_and_audit(street_report):
    _result, _feedback, html = street_report
    assert (f"<tr>{num(1)}{short('C2')}{num(150)}<td>符合 / ok</td>{num(500)}{num('63.2%')}"
            "<td>新覆盖500名目前5分钟步行范围外的居民；距公共交通站点鲁班路站20米</td></tr>") in html
    assert (f"<tr>{num(2)}{short('C3')}{num(250)}<td>需记录需求论证 / needs justification</td>{num(300)}"
            f"{num('94.7%')}<td>") in html
    assert "建议组合服务" not in html, "proposed services are for a 人民坊 only"
    # Unit A: R1 (100) before, R2 (500) new; B: R3 new; C: R4 stays beyond reach.
    assert f"<tr>{short('A')}{num(600)}{num('16.7%')}{num('100.0%')}</tr>" in html
    assert f"<tr>{short('B')}{num(300)}{num('0.0%')}{num('100.0%')}</tr>" in html
    assert f"<tr>{short('C')}{num(50)}{num('0.0%')}{num('0.0%')}</tr>" in html
    assert f"<tr><td>符合条件 / eligible</td>{short('—')}{num(3)}</tr>" in html
    assert f"<tr><td>其中建议新增 / of which suggested</td>{short('—')}{num(2)}</tr>" in html
    for rule_text, rule in (("建筑面积为空 / floor area NULL", "floor_area_missing"),
                            ("超过六艺亭面积上限 / larger than the 六艺亭 maximum", "pavilion_over_hard_max"),
                            ("距步行网络过远 / beyond the snap limit of the walking network", "beyond_snap")):
        assert f"<tr><td>{rule_text}</td>{short(rule)}{num(1)}</tr>" in html, rule
    assert "pavilion_demand_too_low" not in html, "C3 has the demand here"


def test_street_report_chart_parameters_and_credits(street_report):
    _result, _feedback, html = street_report
    assert html.count("<svg") == 1
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "各单元5分钟步行覆盖率 / Residents within 5 minutes of a 六艺亭, by unit" in svg
    for text in (">A<", ">B<", ">C<", "全域 / whole area", "现状 / before", "新增选址后 / after", ">16.7%<"):
        assert text in svg, text
    assert f"<td>Number of new sites</td>{short(2)}{short('COUNT')}" in html
    assert "<td>六艺亭 Six-Arts Pavilion</td>" in html, "the enum's option text"
    assert short("candidates") in html and short("units") in html, "input layers among the sources"
    assert "Maps rendered by QGIS" in html and "LifeCircle 15分钟社区生活圈" in html


def test_street_report_pdf_holds_the_html(street_report, tmp_path):
    result, _feedback, _html = street_report
    pdf = Path(result["OUTPUT_REPORT_PDF"])
    assert pdf_pages(pdf) >= 2
    assert page_one_is_drawn(pdf, tmp_path) > 0.03
    text = assert_pdf_holds_html(result["OUTPUT_REPORT"], pdf)
    assert "现有服务设施 / Existing facilities" in text and "图例 / Legend" in text


def test_without_units_the_chart_is_the_cumulative_share_by_rank(lifecircle_provider, tmp_path):
    result, _ = run(params(COUNT=2, HIGH_DEMAND_POP=300, OUTPUT_REPORT=str(tmp_path / "ranked.html")))
    html = Path(result["OUTPUT_REPORT"]).read_text(encoding="utf-8")
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert "按排名累计覆盖率 / Cumulative covered share by rank" in svg
    for text in ("现状 / before", "1 C2", "2 C3", ">10.5%<", ">63.2%<", ">94.7%<"):
        assert text in svg, text
    assert "各单元覆盖 / Coverage by unit" not in html
    assert Path(result["OUTPUT_REPORT_PDF"]).read_bytes().startswith(b"%PDF")


def test_without_report_no_report_output(lifecircle_provider):
    result, _ = run(params())
    assert "OUTPUT_REPORT" not in result and "OUTPUT_REPORT_PDF" not in result


def test_headline_says_how_far_an_unproven_solution_may_be(qgis_app):
    from lifecircle.processing_algorithms.report.siting import resident_status, siting_headline
    from lifecircle.processing_algorithms.suggest_sites import SitingOutcome

    def outcome(asked, optimal, gap=0.0, bound=0.0):
        result = SimpleNamespace(optimal=optimal, gap=gap, bound=bound)
        return SitingOutcome(kind="renminfang", minutes=15.0, total=1000.0, before=400.0, result=result,
                             asked=asked, new_sites=[3, 1], gains=np.array([300.0, 100.0]),
                             cum_shares=np.array([0.7, 0.8]), reasons={}, hub_services={}, areas=[], verdicts=[],
                             existing=np.arange(2), reached_before=np.zeros(0, bool),
                             reached_after=np.zeros(0, bool), units=[])

    text = siting_headline(outcome(asked=2, optimal=False, gap=0.0123), 0.4, 0.8)
    assert text.startswith("人民坊15分钟步行覆盖率 40.0% → 80.0%：新增 2 处，未证明最优（至多比最优少 1.23%）")
    assert text.endswith("with 2 new site(s), not proven optimal (at most 1.23% below the best possible).")
    # Target mode: a bound of 3.2 sites (2 of them existing) proves at least 2 new ones are needed.
    text = siting_headline(outcome(asked=None, optimal=False, bound=3.2), 0.4, 0.8)
    assert "未证明最少（至少需要 2 处）" in text and "not proven minimal (at least 2 are needed)" in text
    status = resident_status(np.array([True, False, False, True]), np.array([True, True, False, True]))
    assert list(status) == ["before", "new", "uncovered", "before"]


# --- the sample district ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def district_hub_report(lifecircle_provider, tmp_path_factory):
    import processing

    # Named as `make demo` names it: the report credits the sample district by its file name.
    path = tmp_path_factory.mktemp("sample") / "sample_district.gpkg"
    processing.run("lifecircle:sampledistrict", {"OUTPUT": str(path)})
    html = tmp_path_factory.mktemp("district") / "hubs.html"
    result, _ = run(sample_params(lambda name: f"{path}|layername={name}", KIND=1, COUNT=1, MINUTES=5,
                                  OUTPUT_REPORT=str(html)))
    return result, html.read_text(encoding="utf-8").replace("\u00a0", " ")


def test_district_hub_report(district_hub_report):
    result, html = district_hub_report
    before, after = format_share(result["COVERED_SHARE_BEFORE"]), format_share(result["COVERED_SHARE_AFTER"])
    assert f"人民坊5分钟步行覆盖率 {before} → {after}：新增 1 处" in html
    assert html.count(MAP_PNG) >= 8
    assert "建议组合服务 / Proposed services" in html and "建议组合" in html
    svg = html[html.index("<svg"):html.index("</svg>")]
    for unit in ("DPQ-01", "DPQ-02", "DPQ-03"):
        assert f">{unit}<" in svg and f"<tr>{short(unit)}" in html, unit
    assert "有人民坊可达 / 人民坊 within reach" in html
    assert "现有人民坊（两项及以上服务）/ Existing 人民坊 (two or more services)" in html
    assert "现有人民坊" in html and "现有六艺亭" not in html
    assert ("以下单元的居民步行5分钟内仍无人民坊" in html) != ("每个单元均有人民坊在步行5分钟内" in html)
    assert "<td>sample_district › candidates</td>" in html and "<td>人民坊 People&#x27;s Hub</td>" in html
    assert SAMPLE_DISTRICT_CREDIT in html


def test_district_hub_report_pdf_holds_the_html(district_hub_report, tmp_path):
    result, _html = district_hub_report
    pdf = Path(result["OUTPUT_REPORT_PDF"])
    assert pdf_pages(pdf) >= 2
    assert page_one_is_drawn(pdf, tmp_path) > 0.03
    assert_pdf_holds_html(result["OUTPUT_REPORT"], pdf)


def test_report_without_facilities_says_none_exist(lifecircle_provider, tmp_path):
    parameters = params(COUNT=2, HIGH_DEMAND_POP=300, OUTPUT_REPORT=str(tmp_path / "bare.html"))
    del parameters["FACILITIES"], parameters["SERVICE_FIELD"]
    result, _ = run(parameters)
    html = Path(result["OUTPUT_REPORT"]).read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "现有服务设施 0 处计入现状覆盖：— / 0 existing facilities count as covering before: —" in html
    assert "现有服务设施 / Existing facilities" not in html, "no empty layer in the legend"
    assert_pdf_holds_html(result["OUTPUT_REPORT"], result["OUTPUT_REPORT_PDF"])
