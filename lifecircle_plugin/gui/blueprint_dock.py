"""The dock panel 社区蓝图 / Community blueprint.

It finds the blueprint layers of the project (kept up to date as layers come and go), lists
their projects with filters, shows the selected project in a form with live rule checks,
places new projects on the map, and holds the 3-year reserve board. All edits go through the
layer's edit buffer (undo/redo, Save commits, Cancel rolls back) via ``BlueprintSession``.
"""
from qgis.core import (Qgis, QgsCoordinateTransform, QgsFeatureRequest, QgsProject, QgsWkbTypes)
from qgis.gui import QgsDockWidget, QgsFilterLineEdit
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QItemSelectionModel, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel,
                                 QMessageBox, QSplitter, QTableView, QTabWidget, QToolButton,
                                 QVBoxLayout, QWidget)

from ..core.blueprint import ERROR, KINDS, STATUSES, BlueprintValueError, parse_record
from ..blueprint_layer import blueprint_layers
from .blueprint_session import BlueprintSession, plan_window_of
from .map_tools import PointCaptureTool, PolygonCaptureTool
from .project_form import ProjectForm
from .project_list_model import FID_ROLE, ProjectFilterModel, ProjectListModel, choice_label, ui_language
from .reserve_board import ReserveBoard

DOCK_OBJECT_NAME = "LifeCircleBlueprintDock"


class BlueprintDock(QgsDockWidget):
    """社区蓝图 dock: layer choice, project list and form, reserve board, edit buttons."""

    layerChanged = pyqtSignal(object)  # noqa: N815 (Qt naming): the session's layer or None

    def __init__(self, iface, language=None, parent=None):
        super().__init__(parent)
        self.iface = iface
        self.language = language or ui_language()
        self.session = None
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

    def tr(self, text):
        return QCoreApplication.translate("BlueprintDock", text)

    # -- building --------------------------------------------------------------------------

    def _tool_button(self, text, tip, callback, checkable=False):
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setCheckable(checkable)
        button.setToolButtonStyle(Qt.ToolButtonTextOnly)
        (button.toggled if checkable else button.clicked).connect(callback)
        return button

    def _build_buttons(self):
        row = QHBoxLayout()
        self.add_button = self._tool_button(
            self.tr("Add"), self.tr("Add a project: click on the map (point layer) or draw its "
                                    "polygon, right-click to close it"), self.set_adding, checkable=True)
        self.delete_button = self._tool_button(self.tr("Delete"), self.tr("Delete the selected projects"),
                                               self.delete_selected)
        self.zoom_button = self._tool_button(self.tr("Zoom to"), self.tr("Zoom the map to the selected "
                                                                         "projects"), self.zoom_to_selected)
        self.form_button = self._tool_button(self.tr("Open form"), self.tr("Open the project in QGIS's "
                                                                           "attribute form"), self.open_feature_form)
        self.undo_button = self._tool_button(self.tr("Undo"), self.tr("Undo the last edit"), self.undo)
        self.redo_button = self._tool_button(self.tr("Redo"), self.tr("Redo"), self.redo)
        self.save_button = self._tool_button(self.tr("Save"), self.tr("Save all edits to the layer"), self.save)
        self.cancel_button = self._tool_button(self.tr("Cancel"), self.tr("Discard all unsaved edits"),
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

        self.list_model = ProjectListModel(self.language, self)
        self.filter_model = ProjectFilterModel(self)
        self.filter_model.setSourceModel(self.list_model)
        self.table = QTableView()
        self.table.setModel(self.filter_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.zoom_to_selected())
        self.form = ProjectForm(self.language)
        self.form.message.connect(self.show_message)
        splitter = QSplitter(Qt.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.form)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        return page

    # -- layers ----------------------------------------------------------------------------

    def refresh_layers(self, *_):
        """Refill the layer choice from the project's blueprint layers, keeping the current one."""
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
            self.session.close()
            self.session.deleteLater()
            self.session = None
        self.set_adding(False)
        if layer is not None:
            window, problem = plan_window_of(layer)
            self.session = BlueprintSession(layer, window, parent=self)
            self.session.layerGone.connect(self._on_layer_gone)
            self.session.reloaded.connect(self._refresh_filters)
            self.session.editingChanged.connect(self._update_buttons)
            self.plan_label.setText(self._plan_text(window, problem))
            self.plan_label.setStyleSheet("color: #a15c00;" if problem else "")
        else:
            self.plan_label.setText(self.tr("No blueprint layer in the project. Create one with "
                                            "Processing ▸ LifeCircle ▸ Create blueprint, or add a layer "
                                            "with the projects fields."))
            self.plan_label.setStyleSheet("")
        self.list_model.set_session(self.session)
        self.form.set_session(self.session)
        self.board.set_session(self.session)
        self._refresh_filters()
        self._update_buttons()
        self.layerChanged.emit(layer)

    def _plan_text(self, window, problem):
        text = self.tr("{0} · reserve plan {1}–{2}").format(window.street, window.first_year, window.last_year)
        return text + ("\n" + problem if problem else "")

    def _on_layer_gone(self):
        """The layer is being deleted: let go of it at once; ``refresh_layers`` offers another."""
        self.set_layer(None)
        self.show_message(self.tr("The blueprint layer was removed from the project."))

    def current_layer(self):
        return self.session.layer if self.session is not None else None

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
            proxy_index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.table.scrollTo(proxy_index)

    def _on_selection_changed(self, *_):
        fids = self.selected_fids()
        self.form.set_project(fids[0] if len(fids) == 1 else None, self.session)
        self._update_buttons()

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
        try:
            action()
        except BlueprintValueError as error:
            self.show_message(str(error))
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
        added = []
        if self._run(lambda: added.append(self.session.add_project(geometry))):
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
            names = ", ".join(str(self.session.records[fid].get("project_id")) for fid in fids)
            answer = QMessageBox.question(self, self.tr("Delete projects"),
                                          self.tr("Delete {0} project(s): {1}?").format(len(fids), names))
            if answer != QMessageBox.Yes:
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
        self._run(lambda: self.session.undo())

    def redo(self):
        self._run(lambda: self.session.redo())

    def save(self, confirm=True):
        """Commit the edits. When projects break rules, say which and ask before saving."""
        if self.session is None or self.session.layer is None:
            return False
        findings = [f for found in self.session.blueprint_findings().values() for f in found
                    if f.severity == ERROR]
        if findings and confirm:
            shown = "\n".join("• " + f.message(self.language) for f in findings[:12])
            more = len(findings) - 12
            if more > 0:
                shown += "\n" + self.tr("… and {0} more").format(more)
            answer = QMessageBox.question(
                self, self.tr("Save blueprint"),
                self.tr("{0} rule error(s) remain:\n{1}\n\nSave anyway?").format(len(findings), shown))
            if answer != QMessageBox.Yes:
                self.show_message(self.tr("Not saved: {0} rule error(s) remain.").format(len(findings)))
                return False
        saved = self._run(self.session.save)
        if saved and findings:
            self.show_message(self.tr("Saved with {0} rule error(s) still to fix.").format(len(findings)))
        return saved

    def cancel(self):
        return self._run(self.session.cancel) if self.session is not None else False

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
