"""The 3-year reserve board (3年项目储备计划): one column of project cards per plan year.

Columns are the plan window's three years, then a side list of unscheduled projects (and
projects whose year lies outside the window, so none is hidden). A card moves by drag and
drop, by the arrow buttons, or with Ctrl+Left / Ctrl+Right on the selected card; every move
goes through ``core.blueprint.move_to_year`` (via the session), and a move the core refuses
(works already started) is shown, not dropped. Column headers carry ``year_totals``.

Once lifecircle:planimpact has run for the layer (its gain fields, or gains stored with the layer by the
board's own run), cards show each project's gain, headers the year's, and the columns can be ordered by it.
"""
import json

from qgis.PyQt.QtCore import QAbstractListModel, QCoreApplication, QEvent, QMimeData, QModelIndex, Qt, pyqtSignal
from qgis.PyQt.QtGui import QBrush, QColor
from qgis.PyQt.QtWidgets import (QAbstractItemView, QGridLayout, QHBoxLayout, QLabel, QListView,
                                 QPushButton, QVBoxLayout, QWidget)

from ..core.blueprint import (ERROR, KINDS, STATUSES, BlueprintValueError, impact_order_key, is_movable, parse_record,
                              record_gain, year_gain, year_totals)
from ..core.errors import LifeCircleError
from .blueprint_session import EditRefused, error_text, follow_session, project_label
from .impact_store import run_impact, stored_impact, with_impact
from .project_list_model import ERROR_COLOUR, FID_ROLE, choice_label, format_wan, ui_language

MIME_TYPE = "application/x-lifecircle-project-fids"
UNMOVABLE_COLOUR = QColor("#808080")
ERROR_BACKGROUND = QColor("#fde7ea")


class YearCardModel(QAbstractListModel):
    """The cards of one board column: projects of reserve ``year`` (None: the side list)."""

    def __init__(self, board, year, parent=None):
        super().__init__(parent)
        self.board = board
        self.year = year
        self.fids = []

    def refresh(self, fids):
        self.beginResetModel()
        self.fids = list(fids)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):  # Qt API
        return 0 if parent.isValid() else len(self.fids)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        fid = self.fids[index.row()]
        session, language = self.board.session, self.board.language
        record = session.records[fid]
        if role == FID_ROLE:
            return fid
        if role == Qt.ItemDataRole.DisplayRole:
            return self.board.card_text(record)
        findings = self.board.findings.get(fid, [])
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [] if is_movable(record) else [QCoreApplication.translate(
                "ReserveBoard", "Works started: the year cannot change.")]
            return "\n".join(lines + [f.message(language) for f in findings]) or None
        if role == Qt.ItemDataRole.ForegroundRole and not is_movable(record):
            return QBrush(UNMOVABLE_COLOUR)
        if role == Qt.ItemDataRole.BackgroundRole and any(f.severity == ERROR for f in findings):
            return QBrush(ERROR_BACKGROUND)
        return None

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if is_movable(self.board.session.records[self.fids[index.row()]]):
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def supportedDragActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [MIME_TYPE]

    def mimeData(self, indexes):
        data = QMimeData()
        fids = sorted({self.fids[index.row()] for index in indexes if index.isValid()})
        data.setData(MIME_TYPE, json.dumps(fids).encode("utf-8"))
        return data

    def canDropMimeData(self, data, action, row, column, parent):
        return data.hasFormat(MIME_TYPE)

    def dropMimeData(self, data, action, row, column, parent):
        """Move the dropped projects to this column's year; False when refused (shown by the board)."""
        if not data.hasFormat(MIME_TYPE):
            return False
        fids = json.loads(bytes(data.data(MIME_TYPE)).decode("utf-8"))
        return self.board.move(fids, self.year)


class ReserveBoard(QWidget):
    """Year columns and the unscheduled side list of a ``BlueprintSession``.

    ``views[i]``/``models[i]``/``headers[i]`` belong to column ``i`` of ``column_years``
    (the window's years, then None for the side list). ``message`` carries refusals.
    """

    message = pyqtSignal(str)

    def __init__(self, language=None, parent=None):
        super().__init__(parent)
        self.language = language or ui_language()
        self.session = None
        self.findings = {}
        self.column_years = ()
        self.models, self.views, self.headers = [], [], []
        self.active_column = 0
        self.impact = {}  # gains stored with the layer (impact_store), by project id

        layout = QVBoxLayout(self)
        self.grid = QGridLayout()
        layout.addLayout(self.grid, 1)
        buttons = QHBoxLayout()
        self.earlier_button = QPushButton(self.tr("◀ Earlier"))
        self.earlier_button.setToolTip(self.tr("Move the selected projects one column left (Ctrl+Left)"))
        self.later_button = QPushButton(self.tr("Later ▶"))
        self.later_button.setToolTip(self.tr("Move the selected projects one column right (Ctrl+Right)"))
        self.unschedule_button = QPushButton(self.tr("Unschedule"))
        self.unschedule_button.setToolTip(self.tr("Take the selected projects out of the plan years"))
        self.earlier_button.clicked.connect(lambda: self.move_selected(-1))
        self.later_button.clicked.connect(lambda: self.move_selected(1))
        self.unschedule_button.clicked.connect(self.unschedule_selected)
        self.impact_order_button = QPushButton(self.tr("Order by impact"))
        self.impact_order_button.setCheckable(True)
        self.impact_order_button.setToolTip(self.tr("Largest gain first in every column (needs the impact of the "
                                                    "projects)"))
        self.impact_order_button.toggled.connect(self.refresh)
        self.impact_button = QPushButton(self.tr("Compute impact…"))
        self.impact_button.setToolTip(self.tr("Run 'Project impact and schedule' on this layer, starting from the "
                                              "inputs of its last run"))
        self.impact_button.clicked.connect(self.compute_impact)
        for button in (self.earlier_button, self.later_button, self.unschedule_button, self.impact_order_button,
                       self.impact_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet(f"color: {ERROR_COLOUR.name()};")
        layout.addWidget(self.status)

    def tr(self, text):
        return QCoreApplication.translate("ReserveBoard", text)

    # -- building --------------------------------------------------------------------------

    def set_session(self, session):
        """Show the reserve plan of ``session`` (None: empty board)."""
        follow_session(self, session)
        years = session.window.years + (None,) if session is not None else ()
        if years != self.column_years:
            self._build_columns(years)
        self.refresh()

    def _signal_slots(self):
        return ((self.session.reloaded, self.refresh), (self.session.recordChanged, self.refresh),
                (self.session.layerGone, self.refresh))

    def _build_columns(self, years):
        for widget in self.views + self.headers:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.column_years = years
        self.models, self.views, self.headers = [], [], []
        for column, year in enumerate(years):
            header = QLabel()
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setWordWrap(True)
            model = YearCardModel(self, year, self)
            view = QListView()
            view.setObjectName("unscheduled" if year is None else f"year_{year}")
            view.setModel(model)
            view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
            view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
            view.setDefaultDropAction(Qt.DropAction.MoveAction)
            view.setDragEnabled(True)
            view.setAcceptDrops(True)
            view.setDropIndicatorShown(True)
            view.setWordWrap(True)
            view.setSpacing(2)
            view.installEventFilter(self)
            view.selectionModel().currentChanged.connect(
                lambda _current, _previous, column=column: self._set_active(column))
            self.grid.addWidget(header, 0, column)
            self.grid.addWidget(view, 1, column)
            self.grid.setColumnStretch(column, 2 if year is not None else 1)
            self.models.append(model)
            self.views.append(view)
            self.headers.append(header)

    def _set_active(self, column):
        self.active_column = column

    def card_lines(self, record):
        """The lines of a project's card: name (ID), then type · status · budget. A subclass or a
        later feature adds lines by extending this list."""
        parsed = parse_record(record)
        details = [choice_label(KINDS, parsed["kind"], self.language),
                   choice_label(STATUSES, parsed["status"], self.language)]
        if parsed["budget_wan"] is not None:
            details.append(self.tr("{0} ×10k CNY").format(format_wan(parsed["budget_wan"])))
        window = self.session.window
        if parsed["reserve_year"] is not None and not window.contains(parsed["reserve_year"]):
            details.append(self.tr("year {0}").format(parsed["reserve_year"]))
        gain = record_gain(with_impact(record, self.impact))
        if gain is not None:
            details.append(self.gain_text(gain))
        return [project_label(record), " · ".join(d for d in details if d)]

    def card_text(self, record):
        return "\n".join(self.card_lines(record))

    def gain_text(self, gain):
        """A gain as cards and headers show it: '+1,240人'."""
        return self.tr("+{0} residents").format(f"{gain:,.0f}")

    # -- contents --------------------------------------------------------------------------

    def column_of(self, record):
        """Index of the column a project's card belongs in (the side list when off-window)."""
        year = parse_record(record)["reserve_year"]
        return self.column_years.index(year) if year in self.column_years else len(self.column_years) - 1

    def refresh(self, *_):
        session = self.session
        if session is None or session.layer is None:
            for model in self.models:
                model.refresh([])
            for header in self.headers:
                header.setText("")
            return
        self.findings = session.blueprint_findings()
        self.impact = stored_impact(session.layer)
        columns = [[] for _ in self.column_years]
        for fid in session.fids:
            columns[self.column_of(session.records[fid])].append(fid)

        def order(fid):
            if self.impact_order_button.isChecked():
                return impact_order_key(with_impact(session.records[fid], self.impact))
            parsed = parse_record(session.records[fid])
            return (parsed["priority"] is None, parsed["priority"] or 0, parsed.project_id or "")

        for model, fids in zip(self.models, columns):
            model.refresh(sorted(fids, key=order))
        self._update_headers()

    def _update_headers(self):
        session = self.session
        try:
            totals = year_totals([session.records[fid] for fid in session.fids], session.window)
        except (BlueprintValueError, LifeCircleError) as error:
            totals = None
            self.status.setText(self.tr("Totals unavailable: {0}").format(error_text(error, self.language)))
        for header, year, model in zip(self.headers, self.column_years, self.models):
            title = self.tr("Unscheduled") if year is None else self.tr("{0}").format(year)
            if totals is None or year not in totals:
                header.setText(f"<b>{title}</b><br>" + self.tr("{0} card(s)").format(model.rowCount()))
                continue
            total = totals[year]
            text = f"<b>{title}</b><br>" + self.tr("{0} project(s) · {1} ×10k CNY").format(
                total.count, format_wan(total.budget_wan))
            if total.missing_budget:
                text += "<br>" + self.tr("{0} without budget").format(total.missing_budget)
            gain = year_gain(with_impact(session.records[fid], self.impact) for fid in model.fids)
            if gain is not None:
                text += "<br>" + self.gain_text(gain)
            header.setText(text)

    def compute_impact(self):
        """Run planimpact on the layer (its dialog, filled with the last run's inputs), then show the gains."""
        if self.session is None or self.session.layer is None:
            return
        stored = run_impact(self.session.layer)
        if stored is not None:
            self.status.setText(self.tr("Impact of {0} project(s) kept with the layer.").format(stored))
            self.refresh()

    # -- moving ----------------------------------------------------------------------------

    def move(self, fids, year):
        """Move projects to ``year`` (None: unscheduled); show and return False when refused."""
        if self.session is None:
            return False
        try:
            self.session.move(fids, year)
        except EditRefused as error:
            text = error.message(self.language)
            self.status.setText(text)
            self.message.emit(text)
            return False
        self.status.setText("")
        self.select(fids)
        return True

    def selected_fids(self):
        """Selected cards of the active column."""
        if not self.views:
            return []
        view = self.views[self.active_column]
        return [index.data(FID_ROLE) for index in sorted(view.selectionModel().selectedIndexes(),
                                                         key=lambda i: i.row())]

    def select(self, fids):
        """Select the cards of ``fids`` (in whichever column they now are) and focus that column."""
        wanted = set(fids)
        for column, (model, view) in enumerate(zip(self.models, self.views)):
            view.clearSelection()
            rows = [row for row, fid in enumerate(model.fids) if fid in wanted]
            for row in rows:
                view.selectionModel().select(model.index(row), view.selectionModel().Select)
            if rows:
                view.selectionModel().setCurrentIndex(model.index(rows[0]), view.selectionModel().NoUpdate)
                self.active_column = column
                view.setFocus()

    def move_selected(self, step):
        """Move the selected cards ``step`` columns right (negative: left); False when refused."""
        fids = self.selected_fids()
        target = self.active_column + step
        if not fids or not 0 <= target < len(self.column_years):
            return False
        return self.move(fids, self.column_years[target])

    def unschedule_selected(self):
        fids = self.selected_fids()
        return bool(fids) and self.move(fids, None)

    def eventFilter(self, watched, event):  # Qt API
        if event.type() == QEvent.Type.KeyPress and event.modifiers() & Qt.KeyboardModifier.ControlModifier \
                and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right) and watched in self.views:
            self.active_column = self.views.index(watched)
            self.move_selected(-1 if event.key() == Qt.Key.Key_Left else 1)
            return True
        return super().eventFilter(watched, event)
