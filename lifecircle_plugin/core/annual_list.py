"""The annual implementation list (年度项目实施清单) and the 3-year reserve list, as tables and files.

Tables are built from blueprint records (plain dicts, read with ``blueprint.parse_record``)
with Chinese column headings as on the list streets report to the city; rows are sorted
by basic unit then priority, and totals rows give the count and budget per year. Files
are written atomically: to a temporary file in the target folder, then ``os.replace``, so
a reader never sees a half-written list and an old list survives a failed export.
"""
import csv
import datetime as _dt
import os
import re
import tempfile
from dataclasses import dataclass

from .blueprint import (BlueprintValueError, KIND_ZH, STATUS_ZH, MEETINGS, PlanWindow,
                        parse_record)
from .file_output import output_error, writable_problem
from .services import format_services


class ListExportError(BlueprintValueError):
    """A list cannot be built or written; the message names the project or file and the fix."""


@dataclass(frozen=True)
class Column:
    """One list column: record key, Chinese heading, widest Excel width (characters)."""

    key: str
    header: str
    max_width: int


_MEETING_COLUMNS = tuple(
    column for date_field, result_field, meeting in MEETINGS
    for column in (Column(date_field, f"{meeting.zh}日期", 12),
                   Column(result_field, f"{meeting.zh}结果", 24)))

COLUMNS = (
    Column("index", "序号", 6),
    Column("street", "街镇", 14),
    Column("unit_id", "基本单元", 14),
    Column("project_id", "项目编号", 14),
    Column("name", "项目名称", 30),
    Column("kind", "项目类型", 10),
    Column("services", "服务功能", 28),
    Column("floor_area_m2", "建筑面积（m²）", 12),
    Column("content", "项目建设内容", 40),
    Column("implementation_path", "实施路径", 24),
    Column("implementer", "实施主体", 22),
    Column("funding_source", "资金来源", 18),
    Column("budget_wan", "投资估算（万元）", 14),
    Column("schedule", "时间安排", 26),
    Column("design_team", "设计团队", 22),
    Column("reserve_year", "储备年份", 10),
    Column("priority", "优先级", 8),
    Column("status", "状态", 12),
) + _MEETING_COLUMNS
HEADERS = tuple(c.header for c in COLUMNS)
_POSITION = {c.key: i for i, c in enumerate(COLUMNS)}
_MAX_WIDTH = {c.header: c.max_width for c in COLUMNS}

RESERVE_SHEET = "三年储备清单"
UNSCHEDULED_HEADING = "未排期项目（未定储备年份，不计入三年合计）"


@dataclass(frozen=True)
class TableRow:
    """Cell values in ``COLUMNS`` order (str, int, float, date or None); totals and section headings are
    marked."""

    values: tuple
    is_total: bool = False
    is_section: bool = False

    def __getitem__(self, key):
        return self.values[_POSITION[key]]


@dataclass(frozen=True)
class ListTable:
    """One list: sheet name, title line, headings and rows (project rows and totals rows)."""

    sheet_name: str
    title: str
    headers: tuple
    rows: tuple

    @property
    def project_rows(self):
        return tuple(r for r in self.rows if not r.is_total and not r.is_section)

    @property
    def total_rows(self):
        return tuple(r for r in self.rows if r.is_total)


def annual_sheet_name(year):
    return f"{year}年度实施清单"


def annual_list(records, window: PlanWindow, year):
    """The annual implementation list of ``year``: its non-cancelled projects, then a totals row."""
    if not window.contains(year):
        raise ListExportError("annual_list.year_outside",
                              f"Year {year} is outside the plan window {window.first_year}-"
                              f"{window.last_year} of {window.street}; choose a year of the plan.",
                              f"{year} 年不在{window.street}的规划期 {window.first_year}–{window.last_year} 年内，"
                              "请选择规划期内的年份。")
    projects = _projects_by_year(records, window, (year,))[year]
    rows = [_project_row(number, parsed, window) for number, parsed in enumerate(projects, start=1)]
    rows.append(_total_row(f"{year}年合计", projects, year))
    return ListTable(annual_sheet_name(year), f"{window.street}{year}年度项目实施清单", HEADERS, tuple(rows))


def reserve_list(records, window: PlanWindow):
    """The 3-year reserve list: each plan year's projects and subtotal, the 3-year total, then the
    unscheduled projects (no reserve year yet) in their own section with their subtotal.

    Cancelled projects are not on it; years outside the window neither (``check_blueprint`` reports
    those).
    """
    by_year = _projects_by_year(records, window, window.years + (None,))
    rows, number = [], 0
    for year in window.years:
        for parsed in by_year[year]:
            number += 1
            rows.append(_project_row(number, parsed, window))
        rows.append(_total_row(f"{year}年小计", by_year[year], year))
    everything = [p for year in window.years for p in by_year[year]]
    rows.append(_total_row(f"{window.label_zh}合计", everything, None))
    if by_year[None]:
        rows.append(TableRow(tuple(UNSCHEDULED_HEADING if column.key == "name" else None for column in COLUMNS),
                             is_section=True))
        for parsed in by_year[None]:
            number += 1
            rows.append(_project_row(number, parsed, window))
        rows.append(_total_row("未排期项目小计", by_year[None], None))
    return ListTable(RESERVE_SHEET, f"{window.street}{window.label_zh}项目储备清单", HEADERS, tuple(rows))


def _projects_by_year(records, window, years):
    """Parsed, sorted projects of ``years``; raises when one of them has unreadable values.

    A record whose reserve year cannot be read is refused too: it might belong to ``years``.
    """
    by_year = {year: [] for year in years}
    for index, record in enumerate(records):
        parsed = parse_record(record, index)
        problems = parsed.findings
        year_unreadable = any(f.field == "reserve_year" for f in problems)
        listed = parsed["status"] != "cancelled" and parsed["reserve_year"] in by_year
        if problems and (listed or year_unreadable):
            details = "; ".join(f"{f.message_en} / {f.message_zh}" for f in problems)
            raise ListExportError("annual_list.bad_record",
                                  f"Record {index + 1} ({parsed.project_id or 'no ID'}) cannot go on the "
                                  f"list: {details}. Correct the values and export again.",
                                  f"第 {index + 1} 条记录（{parsed.project_id or '无编号'}）无法列入清单：{details}。"
                                  "请更正后重新导出。")
        if listed:
            by_year[parsed["reserve_year"]].append(parsed)
    for projects in by_year.values():
        projects.sort(key=_sort_key)
    return by_year


_DIGITS = re.compile(r"(\d+)")


def _natural(text):
    """Sort key putting "U2" before "U10"; missing values last."""
    if text is None:
        return (1, ())
    return (0, tuple((0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
                     for part in _DIGITS.split(text) if part))


def _sort_key(parsed):
    priority = parsed["priority"]
    return (_natural(parsed["unit_id"]), priority is None, priority or 0, _natural(parsed.project_id))


def _schedule(start, end):
    if start and end:
        return f"{start.isoformat()} 至 {end.isoformat()}"
    if start:
        return f"{start.isoformat()} 起"
    if end:
        return f"至 {end.isoformat()}"
    return None


def _project_row(number, parsed, window):
    cells = dict(parsed.values)
    cells.update(
        index=number,
        street=window.street,
        kind=KIND_ZH.get(parsed["kind"]),
        services=format_services(parsed["services"], "zh") if parsed["services"] else None,
        schedule=_schedule(parsed["start_date"], parsed["end_date"]),
        status=STATUS_ZH.get(parsed["status"]),
    )
    return TableRow(tuple(cells.get(column.key) for column in COLUMNS))


def _total_row(label, projects, year):
    budgets = [p["budget_wan"] for p in projects if p["budget_wan"] is not None]
    missing = len(projects) - len(budgets)
    note = f"，其中 {missing} 个未填投资估算" if missing else ""
    cells = {"name": f"{label}（{len(projects)} 个项目{note}）", "budget_wan": float(sum(budgets)),
             "reserve_year": year}
    return TableRow(tuple(cells.get(column.key) for column in COLUMNS), is_total=True)


# ---------------------------------------------------------------------------------------
# Writers


def _atomic_write(path, write):
    """Call ``write(temp_path)`` then move the finished file onto ``path`` in one step."""
    path = os.path.abspath(os.fspath(path))
    folder = os.path.dirname(path)
    problem = writable_problem(path)
    if problem is not None:
        raise ListExportError(problem.code, problem.message_en, problem.message_zh)
    # mkstemp makes the file private (0600); a list is shared, so keep the old file's mode
    mode = os.stat(path).st_mode & 0o777 if os.path.exists(path) else 0o644
    temp_path = None
    try:
        handle, temp_path = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".part")
        os.close(handle)
        write(temp_path)
        os.chmod(temp_path, mode)
        os.replace(temp_path, path)
    except OSError as error:
        problem = output_error(path, error)
        raise ListExportError(problem.code, problem.message_en, problem.message_zh) from error
    finally:
        if temp_path and os.path.exists(temp_path):
            os.remove(temp_path)


# Text starting with these would run as a formula when a spreadsheet opens the file.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(path, table: ListTable):
    """Write one table as CSV, UTF-8 with BOM so Excel shows the Chinese; atomic.

    Text starting with = + - @ gets a leading apostrophe so Excel shows it instead of
    running it as a formula.
    """
    def write(temp_path):
        with open(temp_path, "w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(table.headers)
            for row in table.rows:
                writer.writerow([_csv_cell(v) for v in row.values])
    _atomic_write(path, write)


_INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def _display_width(value):
    """Excel width of a value: CJK characters take two columns."""
    if value is None:
        return 0
    text = value.isoformat() if isinstance(value, _dt.date) else str(value)
    return max((sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in text.splitlines()), default=0)


def write_xlsx(path, tables):
    """Write tables to one workbook, a sheet each (title line, styled frozen header, bold totals); atomic."""
    tables = [tables] if isinstance(tables, ListTable) else list(tables)
    if not tables:
        raise ListExportError("annual_list.no_table", f"Nothing to write to {path}: give at least one list table.",
                              f"没有可写入 {path} 的内容：请至少给出一张清单表。")
    names = [t.sheet_name for t in tables]
    for name in names:
        if not name or len(name) > 31 or _INVALID_SHEET_CHARS.search(name):
            raise ListExportError("annual_list.sheet_name",
                                  f"Sheet name '{name}' is not valid in Excel (1-31 characters, none of "
                                  "[ ] : * ? / \\); rename the table.",
                                  f"工作表名“{name}”在 Excel 中无效（1–31 个字符，不含 [ ] : * ? / \\），请重命名。")
    if len({n.casefold() for n in names}) != len(names):
        raise ListExportError("annual_list.sheet_repeat",
                              f"Sheet names repeat in {names}; give each table its own name.",
                              f"工作表名重复：{names}，请为每张表取不同的名称。")
    try:
        import openpyxl
    except ImportError:
        raise ListExportError("annual_list.no_openpyxl",
                              "Writing .xlsx needs the Python package openpyxl, which this QGIS lacks; "
                              "install it or export CSV instead.",
                              "写入 .xlsx 需要 Python 包 openpyxl，当前 QGIS 中没有；"
                              "请安装它或改为导出 CSV。") from None

    def write(temp_path):
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for table in tables:
            _fill_sheet(workbook.create_sheet(table.sheet_name), table)
        workbook.save(temp_path)
    _atomic_write(path, write)


def _fill_sheet(sheet, table):
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    columns = len(table.headers)
    sheet.cell(row=1, column=1, value=table.title).font = Font(bold=True, size=14)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
    for col, header in enumerate(table.headers, start=1):
        cell = sheet.cell(row=2, column=col, value=header)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    total_fill = PatternFill("solid", fgColor="F2F2F2")
    for row_number, row in enumerate(table.rows, start=3):
        for col, value in enumerate(row.values, start=1):
            cell = sheet.cell(row=row_number, column=col, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # planner's text, not a formula
            elif isinstance(value, _dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, float):
                cell.number_format = "#,##0.00"  # 2,600.00: thousands separated, as planners read budgets
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
            if row.is_total or row.is_section:
                cell.font = Font(bold=True)
                cell.fill = total_fill
    for col, header in enumerate(table.headers, start=1):
        widest = max([_display_width(header)]
                     + [_display_width(r.values[col - 1]) for r in table.rows if not r.is_total])
        cap = _MAX_WIDTH.get(header, 40)  # long text wraps instead of widening the sheet
        sheet.column_dimensions[get_column_letter(col)].width = max(6, min(cap, widest + 2))
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    # Printed: landscape A3, every column on one page width (as many pages down as the rows need).
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A3
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
