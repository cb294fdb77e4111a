"""The dock panel 社区蓝图 / Community blueprint.

It finds the blueprint layers of the project (kept up to date as layers come and go), lists
their projects with filters, shows the selected project in a form with live rule checks,
places new projects on the map, and holds the 3-year reserve board. All edits go through the
layer's edit buffer (undo/redo, Save commits, Cancel rolls back) via ``BlueprintSession``.

Nothing is lost without asking: Delete, Save with rule errors open, Cancel with unsaved edits and
a save over values changed elsewhere ask first through ``confirm`` (QMessageBox; tests replace
it); the unsaved edits of a layer removed from the project are kept and offered back when the
layer is added again.
"""
import os

from qgis.core import (Qgis, QgsCoordinateTransform, QgsFeatureRequest, QgsMapLayerProxyModel, QgsProject,
                       QgsVectorLayer, QgsWkbTypes)
from qgis.gui import QgsDockWidget, QgsFieldComboBox, QgsFilterLineEdit, QgsMapLayerComboBox
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QItemSelectionModel, QSize, Qt, pyqtSignal
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                                 QMessageBox, QSplitter, QTableView, QTabWidget, QToolButton,
                                 QVBoxLayout, QWidget)

from ..adapters.blueprint_layer import blueprint_layers
from ..adapters.values import plain_value
from ..adapters.blueprint_store import EditConflict
from ..core.blueprint import ERROR, KINDS, STATUSES, BlueprintValueError, parse_record
from ..core.errors import LifeCircleError
from .blueprint_session import BlueprintSession, error_text, plan_window_of, project_label
from .map_tools import PointCaptureTool, PolygonCaptureTool
from .project_form import ProjectForm
from .project_list_model import (FID_ROLE, ProjectFilterModel, ProjectListModel, choice_label, ui_language)
from .reserve_board import ReserveBoard

DOCK_OBJECT_NAME = "LifeCircleBlueprintDock"
ICON_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                        "resources", "icons", "dock")
# Fields that name a basic unit in a units layer, most specific first.
UNIT_ID_FIELD_NAMES = ("unit_id", "单元编号", "基本单元", "unit")

SELECT_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows


def ask(parent, title, text, accept_text, reject_text):
    """QGIS-style question with named buttons; True when ``accept_text`` was chosen (default: no)."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    accept = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    reject = box.addButton(reject_text, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(reject)
    box.setEscapeButton(reject)
    box.exec()
    return box.clickedButton() is accept


class BlueprintDock(QgsDockWidget):
    """社区蓝图 dock: layer choice, project list and form, reserve board, edit buttons."""

    layerChanged = pyqtSignal(object)

    def __init__(self, iface, language=None, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.language = language or ui_language()
        self.session = None
        self.kept_edits = {}  # layer source -> PendingEdits of a blueprint layer removed with unsaved edits
        # confirm(title, text, accept text, reject text) -> bool; tests replace it to answer.
        self.confirm = lambda title, text, accept, reject: ask(self, title, text, accept, reject)
        self.setObjectName(DOCK_OBJECT_NAME)
        self.setWindowTitle(self.tr("Community blueprint"))

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Blueprint layer")))
        self.layer_combo = QComboBox()
        self.layer_combo.currentIndexChanged.connect(self._on_layer_chosen)
        top.addWidget(self.layer_combo, 1)
        layout.addLayout(top)
        self.plan_label = QLabel()
        self.plan_label.setWordWrap(True)
        layout.addWidget(self.plan_label)

        layout.addLayout(self._build_buttons())

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_projects_tab(), self.tr("Projects"))
        self.board = ReserveBoard(self.language)
        self.board.message.connect(self.show_message)
        self.tabs.addTab(self.board, self.tr("3-year reserve"))
        layout.addWidget(self.tabs, 1)

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setObjectName("message")
        layout.addWidget(self.message_label)
        self.setWidget(body)

        canvas = iface.mapCanvas()
        self.point_tool = PointCaptureTool(canvas)
        self.polygon_tool = PolygonCaptureTool(canvas)
        for tool in (self.point_tool, self.polygon_tool):
            tool.captured.connect(self.add_project_at)
            tool.deactivated.connect(lambda: self.add_button.setChecked(False))
        self.polygon_tool.message.connect(self.show_message)

        project = QgsProject.instance()
        project.layersAdded.connect(self.refresh_layers)
        project.layersRemoved.connect(self.refresh_layers)
        project.layerTreeRoot().nameChanged.connect(self._on_layer_renamed)
        self.refresh_layers()
        self._guess_units_layer()

    def tr(self, text):
        return QCoreApplication.translate("BlueprintDock", text)

    # -- building --------------------------------------------------------------------------

    def _tool_button(self, icon, text, tip, callback, checkable=False):
        button = QToolButton()
        button.setIcon(QIcon(os.path.join(ICON_DIR, icon)))
        button.setIconSize(QSize(18, 18))
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        if checkable:
            button.toggled.connect(callback)
        else:  # not connect(callback): clicked(bool) would arrive as the first argument (confirm=False)
            button.clicked.connect(lambda _checked=False: callback())
        return button

    def _build_buttons(self):
        row = QHBoxLayout()
        self.add_button = self._tool_button(
            "add.svg", self.tr("Add"), self.tr("Add a project: click on the map (point layer) or draw its "
                                               "polygon, right-click to close it"), self.set_adding, checkable=True)
        self.delete_button = self._tool_button("delete.svg", self.tr("Delete"),
                                               self.tr("Delete the selected projects"), self.delete_selected)
        self.zoom_button = self._tool_button("zoom.svg", self.tr("Zoom to"),
                                             self.tr("Zoom the map to the selected projects"), self.zoom_to_selected)
        self.form_button = self._tool_button("form.svg", self.tr("Open form"),
                                             self.tr("Open the project in QGIS's attribute form"),
                                             self.open_feature_form)
        self.undo_button = self._tool_button("undo.svg", self.tr("Undo"), self.tr("Undo the last edit"), self.undo)
        self.redo_button = self._tool_button("redo.svg", self.tr("Redo"), self.tr("Redo"), self.redo)
        self.save_button = self._tool_button("save.svg", self.tr("Save"), self.tr("Save all edits to the layer"),
                                             self.save)
        self.cancel_button = self._tool_button("cancel.svg", self.tr("Cancel"), self.tr("Discard all unsaved edits"),
                                               self.cancel)
        for button in (self.add_button, self.delete_button, self.zoom_button, self.form_button,
                       self.undo_button, self.redo_button, self.save_button, self.cancel_button):
            row.addWidget(button)
        row.addStretch(1)
        return row

    def _build_projects_tab(self):
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.unit_filter = QComboBox()
        self.kind_filter = QComboBox()
        self.status_filter = QComboBox()
        self.year_filter = QComboBox()
        self.kind_filter.addItem(self.tr("All types"), None)
        for choice in KINDS:
            self.kind_filter.addItem(choice_label(KINDS, choice.code, self.language), choice.code)
        self.status_filter.addItem(self.tr("All statuses"), None)
        for choice in STATUSES:
            self.status_filter.addItem(choice_label(STATUSES, choice.code, self.language), choice.code)
        self.text_filter = QgsFilterLineEdit()
        self.text_filter.setPlaceholderText(self.tr("Search name, ID, content, service…"))
        for combo in (self.unit_filter, self.kind_filter, self.status_filter, self.year_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
            filters.addWidget(combo)
        self.text_filter.textChanged.connect(self._apply_filters)
        layout.addLayout(filters)
        layout.addWidget(self.text_filter)
        units = QHBoxLayout()
        units.addWidget(QLabel(self.tr("Basic units layer")))
        self.units_combo = QgsMapLayerComboBox()
        self.units_combo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.units_combo.setAllowEmptyLayer(True)
        self.units_combo.setToolTip(self.tr("A new project placed on the map takes the ID of the basic unit "
                                            "under it; the unit field offers the IDs of this layer"))
        self._units_guessed = self._guessing = False  # the layer was picked by _guess_units_layer
        self.unit_field_combo = QgsFieldComboBox()
        self.units_combo.layerChanged.connect(self.unit_field_combo.setLayer)
        self.units_combo.layerChanged.connect(self._on_units_layer_chosen)
        self.unit_field_combo.fieldChanged.connect(self._offer_unit_ids)
        units.addWidget(self.units_combo, 2)
        units.addWidget(self.unit_field_combo, 1)
        layout.addLayout(units)

        self.list_model = ProjectListModel(self.language, self)
        self.filter_model = ProjectFilterModel(self)
        self.filter_model.setSourceModel(self.list_model)
        self.table = QTableView()
        self.table.setModel(self.filter_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The name takes what is left and is elided (full name in its tooltip): 问题 stays in view.
        header.setSectionResizeMode(ProjectListModel.COLUMNS.index("name"), QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        # A reload resets the list (edits elsewhere, Save): the selection is kept by project ID.
        self.selected_ids = []
        self.list_model.modelReset.connect(self._restore_selection)
        self.table.doubleClicked.connect(lambda _index: self.zoom_to_selected())
        self.form = ProjectForm(self.language)
        self.form.message.connect(self.show_message)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        return page

    # -- layers ----------------------------------------------------------------------------

    def refresh_layers(self, *_):
        """Refill the layer choice from the project's blueprint layers, keeping the current one."""
        self._guess_units_layer()
        current = self.session.layer.id() if self.session is not None and self.session.layer else None
        layers = blueprint_layers()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        for layer in layers:
            self.layer_combo.addItem(layer.name(), layer.id())
        index = self.layer_combo.findData(current) if current else -1
        self.layer_combo.setCurrentIndex(index if index >= 0 else (0 if layers else -1))
        self.layer_combo.blockSignals(False)
        chosen = self.layer_combo.currentData()
        if chosen != current or (chosen is None and self.session is not None):
            self._on_layer_chosen()

    def _on_layer_renamed(self, *_):
        for row in range(self.layer_combo.count()):
            layer = QgsProject.instance().mapLayer(self.layer_combo.itemData(row))
            if layer is not None:
                self.layer_combo.setItemText(row, layer.name())

    def _on_layer_chosen(self, *_):
        layer = QgsProject.instance().mapLayer(self.layer_combo.currentData() or "")
        self.set_layer(layer)

    def set_layer(self, layer):
        """Work on ``layer`` (a blueprint layer of the project) or on nothing (None)."""
        if self.session is not None:
            if self.session.pending is not None:
                self.kept_edits[self.session.pending.source] = self.session.pending
            self.session.close()
            self.session.deleteLater()
            self.session = None
        self.set_adding(False)
        if layer is not None:
            window, problem = plan_window_of(layer, self.language)
            self.session = BlueprintSession(layer, window, parent=self, language=self.language)
            self.session.layerGone.connect(self._on_layer_gone)
            self.session.reloaded.connect(self._refresh_filters)
            self.session.editingChanged.connect(self._update_buttons)
            self.session.recordChanged.connect(self._remember_selection)  # an ID may have been edited
            self.session.overwriting.connect(self.show_message)
            self.plan_label.setText(self._plan_text(window, problem))
            self.plan_label.setStyleSheet("color: #a15c00;" if problem else "")
        else:
            self.plan_label.setText(self.tr("No blueprint layer in the project. Create one with "
                                            "Processing ▸ LifeCircle ▸ Create blueprint, or add a layer "
                                            "with the projects fields."))
            self.plan_label.setStyleSheet("")
        self.selected_ids = []  # a selection belongs to its layer
        self.form.set_session(self.session)
        self.list_model.set_session(self.session)
        self.board.set_session(self.session)
        self._refresh_filters()
        self._update_buttons()
        self.layerChanged.emit(layer)
        if layer is not None and layer.source() in self.kept_edits:
            self.offer_kept_edits()

    def offer_kept_edits(self):
        """Offer the edits kept when this layer (same source) was removed; True when restored."""
        pending = self.kept_edits.get(self.session.layer.source()) if self.session is not None else None
        if pending is None:
            return False
        if not self.confirm(self.tr("Restore unsaved edits"),
                            self.tr("When layer '{0}' was removed from the project it had {1} unsaved "
                                    "edit(s). Restore them into the edit buffer now?").format(
                                pending.layer_name, pending.count()),
                            self.tr("Restore"), self.tr("Not now")):
            return False
        if self._run(lambda: self.session.restore(pending)):
            del self.kept_edits[pending.source]
            self.show_message(self.tr("{0} unsaved edit(s) restored; save them or cancel.").format(pending.count()),
                              Qgis.Info)
            return True
        return False

    def _plan_text(self, window, problem):
        text = self.tr("{0} · reserve plan {1}–{2}").format(window.street, window.first_year, window.last_year)
        return text + ("\n" + problem if problem else "")

    def _on_layer_gone(self):
        """The layer is being deleted: let go of it at once (keeping its unsaved edits);
        ``refresh_layers`` offers another."""
        pending = self.session.pending if self.session is not None else None
        self.set_layer(None)
        text = self.tr("The blueprint layer was removed from the project.")
        if pending is not None:
            text += " " + self.tr("Its {0} unsaved edit(s) are kept: add the layer '{1}' again to restore "
                                  "them.").format(pending.count(), pending.layer_name)
        self.show_message(text)

    def current_layer(self):
        return self.session.layer if self.session is not None else None

    # -- basic units -----------------------------------------------------------------------

    def _guess_units_layer(self):
        """Pick a polygon layer with a unit ID field (not a blueprint) unless the planner chose one:
        one named after units first (results such as coverage compounds carry unit_id too), then
        the one with the fewest features."""
        if self.units_combo.currentLayer() is not None and not self._units_guessed:
            return
        blueprints = {layer.id() for layer in blueprint_layers()}
        candidates = [layer for layer in QgsProject.instance().mapLayers().values()
                      if isinstance(layer, QgsVectorLayer) and layer.id() not in blueprints
                      and layer.geometryType() == QgsWkbTypes.PolygonGeometry and self._unit_field_of(layer)]
        if candidates:
            best = min(candidates, key=lambda layer: (
                not any(word in layer.name().casefold() for word in ("unit", "单元")), layer.featureCount()))
            self._guessing = True
            self.units_combo.setLayer(best)
            self._guessing = False
            self._units_guessed = True

    @staticmethod
    def _unit_field_of(layer):
        names = {f.name().casefold(): f.name() for f in layer.fields()}
        return next((names[n.casefold()] for n in UNIT_ID_FIELD_NAMES if n.casefold() in names), None)

    def _on_units_layer_chosen(self, layer):
        self._units_guessed = self._guessing
        if layer is not None:
            field = self._unit_field_of(layer)
            if field:
                self.unit_field_combo.setField(field)
        self._offer_unit_ids()

    def units_layer(self):
        """(units layer, its ID field) chosen in the dock, or (None, None)."""
        layer, field = self.units_combo.currentLayer(), self.unit_field_combo.currentField()
        if layer is None or not field or layer.fields().lookupField(field) < 0:
            return None, None
        return layer, field

    def _offer_unit_ids(self, *_):
        layer, field = self.units_layer()
        ids = []
        if layer is not None:
            index = layer.fields().lookupField(field)
            ids = sorted({str(v) for v in layer.uniqueValues(index) if plain_value(v) is not None})
        self.form.set_unit_ids(ids)

    def unit_at(self, geometry, crs):
        """ID of the basic unit under ``geometry`` (given in ``crs``), or None."""
        layer, field = self.units_layer()
        if layer is None:
            return None
        point = geometry.pointOnSurface() if not geometry.isEmpty() else geometry
        point.transform(QgsCoordinateTransform(crs, layer.crs(), QgsProject.instance()))
        request = QgsFeatureRequest().setFilterRect(point.boundingBox()).setSubsetOfAttributes([field], layer.fields())
        for feature in layer.getFeatures(request):
            if feature.geometry().intersects(point):
                value = plain_value(feature[field])
                return None if value is None else str(value)
        return None

    # -- list and filters ------------------------------------------------------------------

    def _refresh_filters(self):
        """Offer the units and years present in the layer, keeping the chosen ones."""
        records = list(self.session.records.values()) if self.session is not None else []
        parsed = [parse_record(r) for r in records]
        units = sorted({p["unit_id"] for p in parsed if p["unit_id"]})
        years = sorted({p["reserve_year"] for p in parsed if p["reserve_year"] is not None}
                       | set(self.session.window.years if self.session else ()))
        self._fill_combo(self.unit_filter, self.tr("All units"), [(u, u) for u in units])
        self._fill_combo(self.year_filter, self.tr("All years"),
                         [(str(y), y) for y in years] + [(self.tr("Unscheduled"), ProjectFilterModel.UNSCHEDULED)])

    @staticmethod
    def _fill_combo(combo, all_text, entries):
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(all_text, None)
        for text, data in entries:
            combo.addItem(text, data)
        index = combo.findData(chosen) if chosen is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _apply_filters(self, *_):
        self.filter_model.set_filters(unit=self.unit_filter.currentData(), kind=self.kind_filter.currentData(),
                                      status=self.status_filter.currentData(),
                                      year=self.year_filter.currentData(), text=self.text_filter.value())

    def selected_fids(self):
        """Feature ids of the projects selected in the list, in list order."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.filter_model.index(row, 0).data(FID_ROLE) for row in rows]

    def select_projects(self, fids):
        """Select the projects ``fids`` in the list (the first one shown in the form)."""
        fids = [fid for fid in fids if self.list_model.row_of(fid) >= 0]
        if not fids:
            return
        self.select_project(fids[0])
        selection = self.table.selectionModel()
        for fid in fids[1:]:
            index = self.filter_model.mapFromSource(self.list_model.index(self.list_model.row_of(fid), 0))
            if index.isValid():
                selection.select(index, SELECT_ROWS)

    def select_project(self, fid):
        """Select project ``fid`` in the list (clearing filters that hide it) and show it in the form."""
        row = self.list_model.row_of(fid)
        if row < 0:
            return
        proxy_index = self.filter_model.mapFromSource(self.list_model.index(row, 0))
        if not proxy_index.isValid():
            for combo in (self.unit_filter, self.kind_filter, self.status_filter, self.year_filter):
                combo.setCurrentIndex(0)
            self.text_filter.clearValue()
            proxy_index = self.filter_model.mapFromSource(self.list_model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(proxy_index)

    def _on_selection_changed(self, *_):
        fids = self.selected_fids()
        self._remember_selection()
        shown = fids[0] if len(fids) == 1 else None
        if shown != self.form.fid or shown is None:  # the same project keeps what the form holds
            self.form.set_project(shown, self.session)
        self._update_buttons()

    def _remember_selection(self, *_):
        records = self.session.records if self.session is not None else {}
        self.selected_ids = [records[fid].get("project_id") for fid in self.selected_fids() if fid in records]

    def _restore_selection(self):
        """Select again the projects selected before the list was reset (feature ids of new projects
        change when they are saved; their IDs do not). Filters are left as they are."""
        wanted = {pid for pid in self.selected_ids if pid is not None}
        if self.session is None or not wanted:
            return
        selection = self.table.selectionModel()
        for fid in self.session.fids:
            if self.session.records[fid].get("project_id") in wanted:
                index = self.filter_model.mapFromSource(self.list_model.index(self.list_model.row_of(fid), 0))
                if index.isValid():
                    selection.select(index, SELECT_ROWS)

    def _update_buttons(self, *_):
        layer = self.current_layer()
        has_layer = layer is not None
        selected = bool(self.selected_fids()) if has_layer else False
        editing = has_layer and layer.isEditable()
        self.add_button.setEnabled(has_layer)
        for button in (self.delete_button, self.zoom_button):
            button.setEnabled(selected)
        self.form_button.setEnabled(has_layer and len(self.selected_fids()) == 1)
        for button in (self.undo_button, self.redo_button, self.save_button, self.cancel_button):
            button.setEnabled(editing)

    # -- actions ---------------------------------------------------------------------------

    def show_message(self, text, level=Qgis.Warning):
        """Show ``text`` in the dock and in QGIS's message bar."""
        self.message_label.setText(text)
        self.iface.messageBar().pushMessage(self.tr("Community blueprint"), text, level, 8)

    def _run(self, action):
        """Run an edit; show a refusal instead of losing it. True when it went through."""
        if self.session is None:
            self.show_message(self.tr("No blueprint layer is chosen: add one to the project first."))
            return False
        try:
            action()
        except (BlueprintValueError, LifeCircleError) as error:
            self.show_message(error_text(error, self.language))
            return False
        self.message_label.setText("")
        self._update_buttons()
        return True

    def set_adding(self, adding):
        """Turn the new-project map tool on (point or polygon after the layer's geometry) or off."""
        canvas = self.iface.mapCanvas()
        if sip.isdeleted(canvas):  # QGIS is closing
            return
        layer = self.current_layer()
        if adding and layer is not None:
            polygon = QgsWkbTypes.geometryType(layer.wkbType()) == QgsWkbTypes.PolygonGeometry
            tool = self.polygon_tool if polygon else self.point_tool
            canvas.setMapTool(tool)
        else:
            for tool in (self.point_tool, self.polygon_tool):
                if canvas.mapTool() is tool:
                    canvas.unsetMapTool(tool)
        self.add_button.blockSignals(True)
        self.add_button.setChecked(bool(adding and layer is not None))
        self.add_button.blockSignals(False)

    def add_project_at(self, geometry):
        """Add a project with ``geometry`` given in the canvas CRS; select it for editing."""
        layer = self.current_layer()
        if layer is None:
            return None
        geometry = type(geometry)(geometry)  # the tool's geometry stays untouched
        transform = QgsCoordinateTransform(self.iface.mapCanvas().mapSettings().destinationCrs(),
                                           layer.crs(), QgsProject.instance())
        geometry.transform(transform)
        unit = self.unit_at(geometry, layer.crs())
        values = {"unit_id": unit} if unit else {}
        added = []
        if self._run(lambda: added.append(self.session.add_project(geometry, values))):
            self.select_project(added[0])
            self.tabs.setCurrentIndex(0)
            self.form.editors["name"].setFocus()
            return added[0]
        return None

    def delete_selected(self, confirm=True):
        fids = self.selected_fids()
        if not fids:
            return False
        if confirm:
            names = "、".join(project_label(self.session.records[fid]) for fid in fids[:10])
            if len(fids) > 10:
                names += " " + self.tr("… and {0} more").format(len(fids) - 10)
            if not self.confirm(self.tr("Delete projects"),
                                self.tr("Delete {0} project(s): {1}?\nUntil you save, Undo brings them back."
                                        ).format(len(fids), names),
                                self.tr("Delete"), self.tr("Go back")):
                return False
        return self._run(lambda: self.session.delete(fids))

    def zoom_to_selected(self):
        fids = self.selected_fids()
        layer = self.current_layer()
        if fids and layer is not None:
            self.iface.mapCanvas().zoomToFeatureIds(layer, fids)
            self.iface.mapCanvas().flashFeatureIds(layer, fids)

    def open_feature_form(self):
        """Open the selected project in QGIS's own attribute form."""
        fids = self.selected_fids()
        layer = self.current_layer()
        if len(fids) != 1 or layer is None:
            return
        feature = next(layer.getFeatures(QgsFeatureRequest(fids[0])), None)
        if feature is not None:
            self.iface.openFeatureForm(layer, feature)

    def undo(self):
        return self._run(lambda: self.session.undo())

    def redo(self):
        return self._run(lambda: self.session.redo())

    def save(self, confirm=True):
        """Commit the edits, keeping the selection. Ask first when projects break rules (how many,
        which) and when values were changed elsewhere since they were edited here."""
        if self.session is None or self.session.layer is None:
            return self._run(lambda: self.session.save())  # says why nothing can be saved
        if not self.session.is_editing():
            return True  # nothing to save
        self.session.reveal_unreached()  # the required fields of new projects count now
        found = self.session.blueprint_findings()
        errors = {fid: [f for f in findings if f.severity == ERROR] for fid, findings in found.items()}
        errors = {fid: findings for fid, findings in errors.items() if findings}
        count = sum(len(findings) for findings in errors.values())
        if errors and confirm:
            listed = [f for findings in errors.values() for f in findings]
            shown = "\n".join("• " + f.message(self.language) for f in listed[:12])
            if count > 12:
                shown += "\n" + self.tr("… and {0} more").format(count - 12)
            if not self.confirm(self.tr("Save blueprint"),
                                self.tr("{0} project(s) break the rules ({1} error(s)):\n{2}\n\nSave anyway, "
                                        "or go back and correct them?").format(len(errors), count, shown),
                                self.tr("Save anyway"), self.tr("Go back")):
                self.show_message(self.tr("Not saved: {0} rule error(s) in {1} project(s) remain.").format(
                    count, len(errors)))
                return False
        saved = self._save_refusing_conflicts(confirm)
        if saved and errors:
            self.show_message(self.tr("Saved with {0} rule error(s) still to fix.").format(count))
        return saved

    def _save_refusing_conflicts(self, confirm):
        try:
            self.session.save()
        except EditConflict as conflict:
            self.show_message(conflict.message(self.language))
            if not confirm or not self.confirm(
                    self.tr("Values changed elsewhere"),
                    conflict.message(self.language) + "\n\n" + self.tr("Overwrite them with your values?"),
                    self.tr("Overwrite with mine"), self.tr("Go back")):
                return False
            return self._run(lambda: self.session.save(overwrite=True))
        except (BlueprintValueError, LifeCircleError) as error:
            self.show_message(error_text(error, self.language))
            return False
        self.message_label.setText("")
        self._update_buttons()
        return True

    def cancel(self, confirm=True):
        """Throw the unsaved edits away, after asking how many would be lost."""
        count = self.session.unsaved_count() if self.session is not None else 0
        if confirm and count and not self.confirm(
                self.tr("Discard edits"),
                self.tr("Discard the unsaved edits of {0} project(s)? They cannot be brought back.").format(count),
                self.tr("Discard"), self.tr("Go back")):
            return False
        return self._run(lambda: self.session.cancel())

    def cleanup(self):
        """Disconnect from the project and the canvas before the dock is deleted (plugin unload)."""
        project = QgsProject.instance()
        project.layersAdded.disconnect(self.refresh_layers)
        project.layersRemoved.disconnect(self.refresh_layers)
        project.layerTreeRoot().nameChanged.disconnect(self._on_layer_renamed)
        self.set_adding(False)
        self.polygon_tool.remove_rubber_band()
        if self.session is not None:
            self.session.close()
            self.session = None
