"""Report benchmarks: what the report engine (processing_algorithms/report) costs on top of a run.

- ``district``: lifecircle:walkingcoverage on the sample district (~59,000 residents, 3 units, tiered
  standards) without and with OUTPUT_REPORT: the report's share of the run (HTML + PDF: one map, ten gap
  maps, two charts, the tables).
- ``findings``: a findings table of 250, 500 and 1,000 rows of Chinese text written as HTML and PDF: how the
  PDF's QGIS manual table scales with its rows (validateblueprint lists at most 500).

Every figure carries the load average of the machine (others share it); compare ratios, not seconds.
Results are printed and written to ``bench/results/report.json``.
"""
import json
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"
sys.path.insert(0, str(BENCH))
import plugin_package


def district(folder):
    import processing

    path = os.path.join(folder, "sample_district.gpkg")
    processing.run("lifecircle:sampledistrict", {"OUTPUT": path})

    def layer(name):
        return f"{path}|layername={name}"

    parameters = {"NETWORK": layer("roads"), "FACILITIES": layer("facilities"), "SERVICE_FIELD": "services",
                  "DEMAND": layer("compounds"), "POPULATION_FIELD": "population", "GATES": layer("gates"),
                  "UNITS": layer("units"), "UNIT_ID_FIELD": "unit_id",
                  "STANDARDS": str(plugin_package.ROOT / "resources" / "standards_tiered.csv"),
                  "OUTPUT_DEMAND": "TEMPORARY_OUTPUT", "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT",
                  "OUTPUT_GAPS": "TEMPORARY_OUTPUT"}
    start = time.perf_counter()
    processing.run("lifecircle:walkingcoverage", parameters)
    without = time.perf_counter() - start
    start = time.perf_counter()
    results = processing.run("lifecircle:walkingcoverage",
                             dict(parameters, OUTPUT_REPORT=os.path.join(folder, "coverage.html")))
    with_report = time.perf_counter() - start
    return {"run_s": round(without, 2), "run_with_report_s": round(with_report, 2),
            "report_s": round(with_report - without, 2),
            "pdf_kb": round(os.path.getsize(results["OUTPUT_REPORT_PDF"]) / 1024)}


def findings(folder, sizes=(250, 500, 1000)):
    from lifecircle.processing_algorithms.report import Report, Table, write_report

    timings = {}
    for rows in sizes:
        report = Report("计时", "Timing")
        report.add_table(Table(
            "问题清单 / Findings", ("序号 / No.", "规则 / Rule", "级别 / Severity", "项目编号 / Project", "单元 / Unit",
                                  "说明 / Message"),
            [(i, "unit_missing_services", "错误 / error", f"DPQ-{i:04d}", "DPQ-01",
              "基本单元「DPQ-01」规划项目建成后党群服务覆盖率 86%、保育托幼覆盖率 30.1%，低于目标 99%")
             for i in range(1, rows + 1)], numeric_columns=(0,)))
        start = time.perf_counter()
        write_report(report, os.path.join(folder, f"findings{rows}.html"))
        timings[rows] = round(time.perf_counter() - start, 2)
    return timings


def main():
    app, provider = plugin_package.start_qgis()  # kept alive for the run
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="lifecircle-bench-report-") as folder:
        result = {"load_average": [round(x, 2) for x in load], "district": district(folder),
                  "findings_s_by_rows": findings(folder)}
    print(json.dumps(result, indent=2, ensure_ascii=False))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "report.json").write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
