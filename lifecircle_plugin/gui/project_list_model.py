"""The project list of the blueprint dock: a table model over a session, and its filters."""
import re

from qgis.PyQt.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt
from qgis.PyQt.QtGui import QBrush, QColor

from ..core.blueprint import ERROR, FIELD_BY_NAME, KINDS, STATUSES, parse_record
from ..core.language import is_chinese
from ..core.services import BY_CODE
from .blueprint_session import follow_session

FID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ERROR_COLOUR = QColor("#b00020")
WARNING_COLOUR = QColor("#a15c00")


def ui_language():
    """'zh' when QGIS runs in Simplified Chinese (any spelling: zh-Hans, zh_CN, …), else 'en': which catalogue
    labels and messages to show; the same mapping that loads the translation (core/language.py)."""
    from ..plugin import qgis_locale

    return "zh" if is_chinese(qgis_locale()) else "en"


def format_wan(amount):
    """Budget in 万元 with thousands separators and at most two decimals: '1,234.5' (list and board)."""
    return f"{amount:,.2f}".rstrip("0").rstrip(".")


def natural_key(text):
    """Sort key reading the digits in an ID as a number: P2 before P10."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
            for part in re.split(r"(\d+)", text) if part]


def field_label(name, language):
    """The catalogue's alias of field ``name`` in ``language``."""
    spec = FIELD_BY_NAME[name]
    return spec.alias_zh if language == "zh" else spec.alias_en


def choice_label(choices, code, language):
    """Label of a value-map code (the raw code itself when it is not in the map)."""
    for choice in choices:
        if choice.code == code:
            return choice.zh if language == "zh" else choice.en
    return "" if code is None else str(code)


class ProjectListModel(QAbstractTableModel):
    """One row per project of a ``BlueprintSession``, with its rule findings; follows the layer."""

    COLUMNS = ("project_id", "name", "kind", "status", "reserve_year", "unit_id", "budget_wan",
               "findings")

    def __init__(self, language=None, parent=None):
        super().__init__(parent)
        self.language = language or ui_language()
        self.session = None
        self.findings = {}

    def tr(self, text):
        return QCoreApplication.translate("ProjectListModel", text)

    def set_session(self, session):
        """Show the projects of ``session`` (None: empty list)."""
        follow_session(self, session)
        self.refresh()

    def _signal_slots(self):
        return ((self.session.reloaded, self.refresh), (self.session.recordChanged, self.refresh_record),
                (self.session.layerGone, self.refresh))

    def refresh(self):
        self.beginResetModel()
        self.findings = self.session.blueprint_findings() if self.session is not None else {}
        self.endResetModel()

    def refresh_record(self, fid):
        # A changed ID can create or clear a duplicate elsewhere, so findings are redone for all rows.
        self.findings = self.session.blueprint_findings()
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def rowCount(self, parent=QModelIndex()):  # Qt API
        return 0 if parent.isValid() or self.session is None else len(self.session.fids)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.COLUMNS)

    def fid_at(self, row):
        return self.session.fids[row]

    def row_of(self, fid):
        """Row of feature ``fid``, or -1."""
        try:
            return self.session.fids.index(fid) if self.session is not None else -1
        except ValueError:
            return -1

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        column = self.COLUMNS[section]
        return self.tr("Issues") if column == "findings" else field_label(column, self.language)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.session is None:
            return None
        fid = self.session.fids[index.row()]
        record = self.session.records[fid]
        column = self.COLUMNS[index.column()]
        findings = self.findings.get(fid, [])
        if role == FID_ROLE:
            return fid
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            return self._display(record, column, findings, role == SORT_ROLE)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [str(record.get("name"))] if column == "name" and record.get("name") else []
            return "\n".join(lines + [f.message(self.language) for f in findings]) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == "findings" and findings:
            has_error = any(f.severity == ERROR for f in findings)
            return QBrush(ERROR_COLOUR if has_error else WARNING_COLOUR)
        return None

    def _display(self, record, column, findings, for_sorting):
        if column == "findings":
            errors = sum(f.severity == ERROR for f in findings)
            warnings = len(findings) - errors
            if for_sorting:
                return errors * 1000 + warnings
            parts = []
            if errors:
                parts.append(self.tr("{0} error(s)").format(errors))
            if warnings:
                parts.append(self.tr("{0} warning(s)").format(warnings))
            return ", ".join(parts) or "✓"
        value = record.get(column)
        if column == "kind":
            return choice_label(KINDS, parse_record({"kind": value})["kind"] or value, self.language)
        if column == "status":
            return choice_label(STATUSES, parse_record({"status": value})["status"] or value, self.language)
        if value is None:
            return None if for_sorting else ""
        if for_sorting and isinstance(value, (int, float)):
            return value
        if column == "budget_wan" and isinstance(value, (int, float)):
            return format_wan(value)
        return str(value)


class ProjectFilterModel(QSortFilterProxyModel):
    """Filters of the project list: unit, kind, status, reserve year and free text.

    ``year`` takes a year, ``UNSCHEDULED`` (projects without a year) or None (any year); the
    free text matches ID, name, unit, content, implementer and services (codes or Chinese).
    """

    UNSCHEDULED = "unscheduled"
    TEXT_FIELDS = ("project_id", "name", "unit_id", "content", "implementer", "funding_source",
                   "design_team", "justification")

    def __init__(self, parent=None):
        super().__init__(parent)
        self.unit = None
        self.kind = None
        self.status = None
        self.year = None
        self.text = ""
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left, right):
        """Numbers by value, text naturally (P2 before P10), empty cells last."""
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is not None and b is None
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return a < b
        return natural_key(str(a)) < natural_key(str(b))

    def set_filters(self, **filters):
        """Set any of ``unit``, ``kind``, ``status``, ``year``, ``text``; None clears one."""
        for name, value in filters.items():
            if name not in ("unit", "kind", "status", "year", "text"):
                raise ValueError(f"Unknown project filter '{name}'; use unit, kind, status, year or text.")
            setattr(self, name, value if name != "text" else (value or "").strip())
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent):  # Qt API
        model = self.sourceModel()
        record = model.session.records[model.fid_at(source_row)]
        parsed = parse_record(record)
        if self.unit is not None and (parsed["unit_id"] or "") != self.unit:
            return False
        if self.kind is not None and parsed["kind"] != self.kind:
            return False
        if self.status is not None and parsed["status"] != self.status:
            return False
        if self.year == self.UNSCHEDULED:
            if parsed["reserve_year"] is not None:
                return False
        elif self.year is not None and parsed["reserve_year"] != self.year:
            return False
        if self.text:
            needle = self.text.casefold()
            haystack = [str(parsed[name] or "") for name in self.TEXT_FIELDS]
            haystack += [code for code in parsed["services"] or ()]
            haystack += [BY_CODE[code].name_zh for code in parsed["services"] or ()]
            if not any(needle in text.casefold() for text in haystack):
                return False
        return True
