"""Annual implementation list and 3-year reserve list: selection, order, totals, CSV and XLSX files."""
import csv
import datetime as dt
import os

import openpyxl
import pytest

from lifecircle.lifecircle_plugin.core import annual_list as al
from lifecircle.lifecircle_plugin.core.blueprint import PlanWindow

WINDOW = PlanWindow("大桥街道", 2027)


def project(pid, unit, priority, year=2027, **extra):
    record = {"project_id": pid, "name": f"项目{pid}", "kind": "facility", "unit_id": unit,
              "priority": priority, "reserve_year": year, "status": "reserve", "budget_wan": 10}
    record.update(extra)
    return record


RECORDS = [
    project("A", "U10", 1, budget_wan=100),
    project("B", "U2", 2, budget_wan="20.5"),
    project("C", "U2", 1, kind="renminfang", services="party,elderly,医疗卫生", content="新建人民坊",
            start_date="2027-03-01", end_date="2027-12-31", status="planned",
            consultation_date="2027-01-15", consultation_result="居民同意选址"),
    project("D", "U2", None, budget_wan=None),
    project("E", "U1", 3, status="cancelled"),
    project("F", "U1", 1, year=2028, budget_wan=40),
    project("G", None, 1, year=2029, budget_wan=5),
    project("H", "U1", 1, year=None),
    project("I", "U1", 1, year=2031),
]


def names(table):
    return [row["project_id"] for row in table.project_rows]


def test_annual_list_selects_the_year_sorts_by_unit_then_priority():
    table = al.annual_list(RECORDS, WINDOW, 2027)
    assert table.sheet_name == "2027年度实施清单" and table.title == "大桥街道2027年度项目实施清单"
    assert names(table) == ["C", "B", "D", "A"]  # U2 before U10; priority None last; cancelled E left out
    assert [row["index"] for row in table.project_rows] == [1, 2, 3, 4]


def test_annual_list_headers_follow_the_official_list():
    for heading in ("序号", "街镇", "基本单元", "项目名称", "项目类型", "服务功能", "项目建设内容", "实施路径",
                    "实施主体", "资金来源", "投资估算（万元）", "时间安排", "设计团队", "储备年份", "优先级", "状态",
                    "征询会日期", "征询会结果", "协调会日期", "协调会结果", "评议会日期", "评议会结果"):
        assert heading in al.HEADERS
    assert al.HEADERS[0] == "序号"


def test_annual_list_rows_are_in_chinese():
    row = al.annual_list(RECORDS, WINDOW, 2027).project_rows[0]
    assert row["street"] == "大桥街道" and row["kind"] == "人民坊" and row["status"] == "列入年度计划"
    assert row["services"] == "党群服务、医疗卫生、为老服务"
    assert row["schedule"] == "2027-03-01 至 2027-12-31"
    assert row["consultation_date"] == dt.date(2027, 1, 15) and row["consultation_result"] == "居民同意选址"
    assert row["content"] == "新建人民坊" and row["budget_wan"] == 10.0


def test_annual_list_total_row_counts_and_sums():
    table = al.annual_list(RECORDS, WINDOW, 2027)
    [total] = table.total_rows
    assert table.rows[-1] is total
    assert total["budget_wan"] == pytest.approx(100 + 20.5 + 10)
    assert total["name"] == "2027年合计（4 个项目，其中 1 个未填投资估算）"
    assert total["index"] is None and total["reserve_year"] == 2027


def test_empty_year_gives_a_zero_total():
    table = al.annual_list([], WINDOW, 2029)
    assert table.project_rows == () and table.total_rows[0]["budget_wan"] == 0
    assert "0 个项目" in table.total_rows[0]["name"]


def test_reserve_list_has_each_year_subtotal_a_grand_total_and_the_unscheduled_apart():
    table = al.reserve_list(RECORDS, WINDOW)
    assert table.sheet_name == "三年储备清单"
    # cancelled E and out-of-window I are not listed; unscheduled H has its own section after the total
    assert names(table) == ["C", "B", "D", "A", "F", "G", "H"]
    assert [row["index"] for row in table.project_rows] == [1, 2, 3, 4, 5, 6, 7]
    kinds = [("S" if r.is_section else "T" if r.is_total else "P") + str(r["reserve_year"]) for r in table.rows]
    assert kinds == ["P2027"] * 4 + ["T2027", "P2028", "T2028", "P2029", "T2029", "TNone", "SNone", "PNone",
                                     "TNone"]
    grand_total, unscheduled_total = [r for r in table.total_rows if r["reserve_year"] is None]
    totals = {r["reserve_year"]: r for r in table.total_rows if r["reserve_year"] is not None}
    assert totals[2028]["budget_wan"] == 40 and totals[2029]["budget_wan"] == 5
    assert grand_total["budget_wan"] == pytest.approx(130.5 + 45)
    assert grand_total["name"].startswith("2027—2029年合计（6 个项目")
    assert table.rows[-3]["name"] == al.UNSCHEDULED_HEADING
    assert unscheduled_total["name"].startswith("未排期项目小计（1 个项目") and unscheduled_total["budget_wan"] == 10


def test_list_refuses_year_outside_window_and_unreadable_listed_values():
    with pytest.raises(al.ListExportError, match="outside the plan window"):
        al.annual_list(RECORDS, WINDOW, 2030)
    bad_budget = RECORDS + [project("X", "U3", 1, budget_wan="约一百万")]
    with pytest.raises(al.ListExportError, match=r"Record 10 \(X\).*投资估算"):
        al.annual_list(bad_budget, WINDOW, 2027)
    bad_year = RECORDS + [project("Y", "U3", 1, year="明年")]
    with pytest.raises(al.ListExportError, match="Record 10"):
        al.reserve_list(bad_year, WINDOW)
    # an unreadable value on a project of another year does not block this year's list
    other_year = RECORDS + [project("Z", "U3", 1, year=2028, budget_wan="约一百万")]
    assert "Z" not in names(al.annual_list(other_year, WINDOW, 2027))


def test_csv_has_bom_and_chinese_round_trips(tmp_path):
    table = al.annual_list(RECORDS + [project("Q", "U9", 1, name="=HYPERLINK(1)")], WINDOW, 2027)
    path = tmp_path / "清单.csv"
    al.write_csv(path, table)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    assert tuple(rows[0]) == al.HEADERS
    assert len(rows) == 1 + len(table.rows)
    first = dict(zip(rows[0], rows[1]))
    assert first["项目名称"] == "项目C" and first["服务功能"] == "党群服务、医疗卫生、为老服务"
    assert first["征询会日期"] == "2027-01-15" and first["投资估算（万元）"] == "10"
    assert rows[-1][al.HEADERS.index("投资估算（万元）")] == "140.5"
    assert any(r[al.HEADERS.index("项目名称")] == "'=HYPERLINK(1)" for r in rows)  # not run as a formula
    assert os.listdir(tmp_path) == ["清单.csv"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    path = tmp_path / "list.csv"
    path.write_text("old list", encoding="utf-8")
    table = al.annual_list(RECORDS, WINDOW, 2027)

    def broken(value):
        raise RuntimeError("disk full")
    monkeypatch.setattr(al, "_csv_cell", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        al.write_csv(path, table)
    assert path.read_text(encoding="utf-8") == "old list"
    assert os.listdir(tmp_path) == ["list.csv"]

    monkeypatch.setattr(al, "_fill_sheet", lambda sheet, table: broken(None))
    xlsx = tmp_path / "list.xlsx"
    xlsx.write_bytes(b"old workbook")
    with pytest.raises(RuntimeError):
        al.write_xlsx(xlsx, [table])
    assert xlsx.read_bytes() == b"old workbook"
    assert sorted(os.listdir(tmp_path)) == ["list.csv", "list.xlsx"]


def test_writers_name_a_missing_folder(tmp_path):
    table = al.annual_list(RECORDS, WINDOW, 2027)
    with pytest.raises(al.ListExportError, match="does not exist"):
        al.write_csv(tmp_path / "nowhere" / "list.csv", table)
    with pytest.raises(al.ListExportError, match="does not exist"):
        al.write_xlsx(tmp_path / "nowhere" / "list.xlsx", [table])


def test_xlsx_reads_back_with_styling(tmp_path):
    annual = al.annual_list(RECORDS + [project("Q", "U9", 1, name="=1+1")], WINDOW, 2027)
    reserve = al.reserve_list(RECORDS, WINDOW)
    path = tmp_path / "清单.xlsx"
    al.write_xlsx(path, [annual, reserve])
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["2027年度实施清单", "三年储备清单"]
    sheet = workbook["2027年度实施清单"]
    assert sheet["A1"].value == "大桥街道2027年度项目实施清单"
    assert tuple(c.value for c in sheet[2]) == al.HEADERS
    assert sheet.freeze_panes == "A3"
    assert all(c.font.b for c in sheet[2])
    assert sheet.max_row == 2 + len(annual.rows)
    first = {h: c.value for h, c in zip(al.HEADERS, sheet[3])}
    assert first["项目名称"] == "项目C" and first["项目类型"] == "人民坊" and first["序号"] == 1
    assert first["征询会日期"].date() == dt.date(2027, 1, 15)
    formula_like = [c for c in sheet["E"] if c.value == "=1+1"]
    assert formula_like and formula_like[0].data_type == "s"
    total = sheet[sheet.max_row]
    assert all(c.font.b for c in total) and not sheet[3][0].font.b
    assert total[al.HEADERS.index("投资估算（万元）")].value == pytest.approx(140.5)
    widths = {h: sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
              for i, h in enumerate(al.HEADERS)}
    assert widths["序号"] >= 6 and widths["项目建设内容"] <= 40 and widths["服务功能"] > widths["序号"]
    reserve_sheet = workbook["三年储备清单"]
    assert reserve_sheet.max_row == 2 + len(reserve.rows)
    assert sum(1 for row in reserve_sheet.iter_rows(min_row=3) if row[0].font.b) == 6  # 4 totals, section, subtotal


def test_xlsx_prints_one_page_wide_landscape_with_thousands_separators(tmp_path):
    records = RECORDS + [project("K", "U3", 2, budget_wan=2600, floor_area_m2=1250.5)]
    path = tmp_path / "清单.xlsx"
    al.write_xlsx(path, [al.annual_list(records, WINDOW, 2027), al.reserve_list(records, WINDOW)])
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        budget = al.HEADERS.index("投资估算（万元）")
        row = next(r for r in sheet.iter_rows(min_row=3) if r[al.HEADERS.index("项目编号")].value == "K")
        assert row[budget].value == 2600 and row[budget].number_format == "#,##0.00"
        assert row[al.HEADERS.index("建筑面积（m²）")].number_format == "#,##0.00"


def test_xlsx_refuses_bad_or_repeated_sheet_names(tmp_path):
    table = al.annual_list(RECORDS, WINDOW, 2027)
    with pytest.raises(al.ListExportError, match="repeat"):
        al.write_xlsx(tmp_path / "a.xlsx", [table, table])
    renamed = al.ListTable("2027/2028", table.title, table.headers, table.rows)
    with pytest.raises(al.ListExportError, match="not valid in Excel"):
        al.write_xlsx(tmp_path / "a.xlsx", [renamed])
    with pytest.raises(al.ListExportError, match="at least one"):
        al.write_xlsx(tmp_path / "a.xlsx", [])
    assert not (tmp_path / "a.xlsx").exists()
