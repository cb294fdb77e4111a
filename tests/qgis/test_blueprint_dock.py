"""The 社区蓝图 dock driven as a planner would: find layers, filter, edit with live rule checks,
add on the map, move cards on the reserve board, undo, save, reopen, and survive the layer
being removed or edited elsewhere while the dock is open."""
import re
import shutil
import subprocess

import pytest
from qgis.core import (QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsRectangle, QgsVectorLayer,
                       QgsWkbTypes)
from qgis.gui import QgsMapMouseEvent
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QPoint, QSettings, Qt, QTimer, QTranslator
from qgis.PyQt.QtGui import QInputMethodEvent
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QAbstractButton, QApplication, QComboBox, QLabel

from conftest import ROOT

from lifecircle.lifecircle_plugin.adapters.blueprint_layer import POINT, POLYGON, create_blueprint, open_blueprint
from lifecircle.lifecircle_plugin.core.blueprint import PlanWindow
from lifecircle.lifecircle_plugin.gui.blueprint_dock import BlueprintDock, ask
from lifecircle.lifecircle_plugin.gui.blueprint_session import EditRefused
from lifecircle.lifecircle_plugin.gui.project_list_model import ProjectListModel

WINDOW = PlanWindow("丹浦桥街道", 2027)
X0, Y0 = 639500.0, 3453500.0

PROJECTS = [
    dict(project_id="P001", name="滨江驿站", kind="liuyiting", status="reserve", floor_area_m2=150,
         unit_id="DPQ-01", reserve_year=2028, budget_wan=40),
    dict(project_id="P002", name="丹浦桥人民坊", kind="renminfang", status="reserve", floor_area_m2=1200,
         services="party,health,elderly", unit_id="DPQ-02", reserve_year=2029, budget_wan=800),
    dict(project_id="P003", name="口袋公园", kind="public_space", status="reserve", unit_id="DPQ-01"),
    dict(project_id="P004", name="社区食堂", kind="facility", status="under_construction",
         services="daily_life", unit_id="DPQ-02", reserve_year=2027, budget_wan=120,
         content="改造底层商铺", implementation_path="存量更新", implementer="街道办事处",
         funding_source="区财政", start_date="2026-10-01", end_date="2027-06-30", design_team="同济规划院"),
]


def seed(layer, projects, polygon=False):
    """Write projects straight to the provider (as an earlier session would have saved them)."""
    features = []
    for i, values in enumerate(projects):
        feature = QgsFeature(layer.fields())
        x, y = X0 + 100 * i, Y0 + 100 * i
        if polygon:
            ring = f"{x} {y},{x + 40} {y},{x + 40} {y + 40},{x} {y}"
            feature.setGeometry(QgsGeometry.fromWkt(f"MULTIPOLYGON((({ring})))"))
        else:
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        for name, value in values.items():
            feature[name] = value
        features.append(feature)
    ok, _ = layer.dataProvider().addFeatures(features)
    assert ok
    layer.reload()


@pytest.fixture(scope="module")
def seeded_geopackage(tmp_path_factory):
    """A blueprint GeoPackage with PROJECTS, made once (creating one takes about a second)."""
    path = tmp_path_factory.mktemp("template") / "blueprint.gpkg"
    seed(create_blueprint(path, WINDOW, POINT), PROJECTS)
    return path


@pytest.fixture()
def blueprint(seeded_geopackage, tmp_path, qgis_new_project):
    path = tmp_path / "blueprint.gpkg"
    shutil.copyfile(seeded_geopackage, path)
    layer = open_blueprint(str(path))
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.fixture()
def dock(qgis_iface, qgis_canvas, qgis_new_project):
    widget = BlueprintDock(qgis_iface, language="zh")
    yield widget
    widget.cleanup()
    widget.deleteLater()
    QApplication.processEvents()


def fid_of(dock, project_id):
    return next(fid for fid, record in dock.session.records.items() if record["project_id"] == project_id)


def layer_value(layer, project_id, field):
    feature = next(f for f in layer.getFeatures() if f["project_id"] == project_id)
    value = feature[field]
    return None if value is None or (hasattr(value, "isNull") and value.isNull()) else value


def type_text(editor, text):
    """Type ``text`` as a planner would; Chinese arrives as an input method's commit string."""
    editor.setFocus()
    if text.isascii():
        QTest.keyClicks(editor, text)
    else:
        event = QInputMethodEvent("", [])
        event.setCommitString(text)
        QApplication.sendEvent(editor, event)


def type_into(editor, text):
    """Select all, type, leave the field with Return (editingFinished)."""
    editor.setFocus()
    editor.selectAll()
    type_text(editor, text) if text else QTest.keyClick(editor, Qt.Key.Key_Delete)
    QTest.keyClick(editor, Qt.Key.Key_Return)


def shown(label):
    return label.isVisibleTo(label.parentWidget()) and label.text()


# -- layers and list -------------------------------------------------------------------------


def test_finds_blueprint_layers_as_they_come_and_go(blueprint, dock, tmp_path):
    other = QgsVectorLayer("Point?crs=EPSG:4549&field=name:string", "not a blueprint", "memory")
    QgsProject.instance().addMapLayer(other)
    assert [dock.layer_combo.itemText(i) for i in range(dock.layer_combo.count())] == ["projects"]
    assert dock.current_layer() is blueprint
    assert "丹浦桥街道" in dock.plan_label.text() and "2027–2029" in dock.plan_label.text()
    second = create_blueprint(tmp_path / "second.gpkg", PlanWindow("瑞金二路街道", 2028), POINT)
    second.setName("second")
    QgsProject.instance().addMapLayer(second)
    assert dock.layer_combo.count() == 2
    assert dock.current_layer() is blueprint  # the choice is kept
    dock.layer_combo.setCurrentIndex(dock.layer_combo.findText("second"))
    assert dock.current_layer() is second and dock.session.window.first_year == 2028
    assert dock.board.column_years == (2028, 2029, 2030, None)
    QgsProject.instance().removeMapLayer(second.id())
    assert dock.layer_combo.count() == 1 and dock.current_layer() is blueprint
    assert dock.list_model.rowCount() == 4


def test_filters_by_unit_kind_status_year_and_text(blueprint, dock):
    def visible():
        return sorted(dock.filter_model.index(r, 0).data() for r in range(dock.filter_model.rowCount()))

    assert visible() == ["P001", "P002", "P003", "P004"]
    dock.unit_filter.setCurrentIndex(dock.unit_filter.findData("DPQ-01"))
    assert visible() == ["P001", "P003"]
    dock.unit_filter.setCurrentIndex(0)
    dock.kind_filter.setCurrentIndex(dock.kind_filter.findData("renminfang"))
    assert visible() == ["P002"]
    dock.kind_filter.setCurrentIndex(0)
    dock.status_filter.setCurrentIndex(dock.status_filter.findData("under_construction"))
    assert visible() == ["P004"]
    dock.status_filter.setCurrentIndex(0)
    dock.year_filter.setCurrentIndex(dock.year_filter.findData(2028))
    assert visible() == ["P001"]
    dock.year_filter.setCurrentIndex(dock.year_filter.findData("unscheduled"))
    assert visible() == ["P003"]
    dock.year_filter.setCurrentIndex(0)
    dock.text_filter.setValue("医疗卫生")  # a service by its Chinese name
    assert visible() == ["P002"]
    dock.text_filter.setValue("食堂")
    assert visible() == ["P004"]
    assert dock.table.model().index(0, 2).data() == "其他设施"  # labels in Chinese


def test_list_shows_rule_findings_per_project(blueprint, dock):
    row = dock.list_model.row_of(fid_of(dock, "P003"))
    assert dock.list_model.index(row, 7).data() == "✓"
    row = dock.list_model.row_of(fid_of(dock, "P001"))
    assert dock.list_model.index(row, 7).data() == "✓"
    blueprint.startEditing()
    blueprint.changeAttributeValue(fid_of(dock, "P001"), blueprint.fields().lookupField("floor_area_m2"), 300)
    assert dock.list_model.index(row, 7).data() == "1 error(s)"
    assert "需求论证" in dock.list_model.index(row, 7).data(Qt.ItemDataRole.ToolTipRole)
    blueprint.rollBack()


# -- form ------------------------------------------------------------------------------------


def test_pavilion_area_and_justification_checked_live_next_to_the_field(blueprint, dock):
    fid = fid_of(dock, "P001")
    dock.select_project(fid)
    form = dock.form
    assert form.fid == fid and not any(shown(label) for label in form.finding_labels.values())
    area = form.editors["floor_area_m2"]
    area.setFocus()
    area.selectAll()
    QTest.keyClicks(area, "300")  # live: checked before the field is left
    assert "需求论证" in shown(form.finding_labels["justification"])
    QTest.keyClick(area, Qt.Key.Key_Return)
    assert layer_value(blueprint, "P001", "floor_area_m2") == 300
    assert blueprint.isEditable() and blueprint.undoStack().count() == 1
    justification = form.editors["justification"]
    type_text(justification, "地铁站口人流量大")
    assert not shown(form.finding_labels["justification"])
    form.commit_field("justification")
    assert layer_value(blueprint, "P001", "justification") == "地铁站口人流量大"
    type_into(area, "450")
    assert "400" in shown(form.finding_labels["floor_area_m2"])
    assert "1 error(s)" in form.title.text()
    type_into(area, "180")
    assert not any(shown(label) for label in form.finding_labels.values())


def test_hub_needs_two_services_from_the_checkable_list(blueprint, dock):
    fid = fid_of(dock, "P002")
    dock.select_project(fid)
    services = dock.form.editors["services"]
    assert services.count() == 20 and services.item(0).text() == "党群服务"
    checked = [services.item(i).text() for i in range(20) if services.item(i).checkState() == Qt.CheckState.Checked]
    assert checked == ["党群服务", "医疗卫生", "为老服务"]
    for row in (3, 4):  # untick 医疗卫生 and 为老服务, one edit each
        services.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert layer_value(blueprint, "P002", "services") == "party"
    assert "两项及以上" in shown(dock.form.finding_labels["services"])
    services.item(12).setCheckState(Qt.CheckState.Checked)  # 儿童托管
    assert layer_value(blueprint, "P002", "services") == "party,childcare_after_school"
    assert not shown(dock.form.finding_labels["services"])
    dock.session.undo()
    assert layer_value(blueprint, "P002", "services") == "party"
    assert services.item(12).checkState() == Qt.CheckState.Unchecked  # the form follows the undo


def test_unreadable_value_is_refused_and_shown_then_fixed(blueprint, dock, qgis_iface):
    dock.select_project(fid_of(dock, "P003"))
    budget = dock.form.editors["budget_wan"]
    type_into(budget, "约五十万")
    assert layer_value(blueprint, "P003", "budget_wan") is None
    assert budget.text() == "约五十万"  # kept for the planner to correct
    refusal = shown(dock.form.finding_labels["budget_wan"])
    assert "Not stored" in refusal and "口袋公园" in refusal and refusal.count("无法识别") == 1
    assert "not stored" in dock.message_label.text()
    type_into(budget, "50万元")
    assert layer_value(blueprint, "P003", "budget_wan") == 50
    assert not shown(dock.form.finding_labels["budget_wan"]) and budget.text() == "50"


def test_list_columns_required_once_moved_to_next_year(blueprint, dock):
    fid = fid_of(dock, "P003")
    dock.select_project(fid)
    assert not shown(dock.form.finding_labels["content"])
    assert dock.board.move([fid], 2027)
    for name in ("content", "implementation_path", "implementer", "funding_source", "start_date",
                 "end_date", "design_team"):
        assert "2027年度清单" in shown(dock.form.finding_labels[name]), name
    type_into(dock.form.editors["start_date"], "2027年3月1日")
    assert layer_value(blueprint, "P003", "start_date").toString("yyyy-MM-dd") == "2027-03-01"
    assert not shown(dock.form.finding_labels["start_date"])


# -- map, delete, zoom, attribute form ------------------------------------------------------


def click(tool, canvas, pixel, button=Qt.MouseButton.LeftButton):
    """Release a mouse button at canvas pixel (x, y) on ``tool``; return that pixel's map point."""
    tool.canvasReleaseEvent(QgsMapMouseEvent(canvas, QEvent.Type.MouseButtonRelease, QPoint(*pixel), button))
    return canvas.getCoordinateTransform().toMapCoordinates(QPoint(*pixel))


def show_area(canvas, layer):
    """Look at the projects (the hidden test canvas keeps a small map of about 98x28 pixels)."""
    canvas.setDestinationCrs(layer.crs())
    canvas.setExtent(QgsRectangle(X0 - 500, Y0 - 500, X0 + 500, Y0 + 500))


def test_new_project_by_clicking_on_the_map(blueprint, dock, qgis_canvas):
    show_area(qgis_canvas, blueprint)
    dock.add_button.click()
    assert qgis_canvas.mapTool() is dock.point_tool
    clicked = click(dock.point_tool, qgis_canvas, (20, 10))
    fid = dock.form.fid
    assert fid is not None and fid < 0  # unsaved feature, selected in the form
    record = dock.session.records[fid]
    assert record["project_id"] == "P005" and record["status"] == "reserve"
    assert blueprint.getFeature(fid).geometry().asPoint() == clicked
    # Nothing filled in yet is not an error yet: the form and the list start clean.
    assert not any(shown(label) for label in dock.form.finding_labels.values())
    assert dock.list_model.index(dock.list_model.row_of(fid), 7).data() == "✓"
    type_into(dock.form.editors["name"], "老年助餐点")
    assert layer_value(blueprint, "P005", "name") == "老年助餐点"
    dock.add_button.click()
    assert qgis_canvas.mapTool() is not dock.point_tool


def test_new_project_by_drawing_its_polygon(tmp_path, dock, qgis_canvas, qgis_new_project):
    layer = create_blueprint(tmp_path / "polygons.gpkg", WINDOW, POLYGON)
    QgsProject.instance().addMapLayer(layer)
    show_area(qgis_canvas, layer)
    dock.set_adding(True)
    tool = dock.polygon_tool
    assert qgis_canvas.mapTool() is tool
    click(tool, qgis_canvas, (10, 5))
    click(tool, qgis_canvas, (60, 5))
    click(tool, qgis_canvas, (60, 20), Qt.MouseButton.RightButton)  # closed too early: two vertices
    # counted by iterating: create_blueprint's fresh layer reports featureCount() -1 until reloaded
    assert len(list(layer.getFeatures())) == 0 and "three vertices" in dock.message_label.text()
    corners = [click(tool, qgis_canvas, pixel) for pixel in ((10, 5), (60, 5), (60, 20), (10, 20))]
    assert tool.rubber_band.numberOfVertices() >= 4
    click(tool, qgis_canvas, (10, 20), Qt.MouseButton.RightButton)
    assert len(list(layer.getFeatures())) == 1
    geometry = next(layer.getFeatures()).geometry()
    assert QgsWkbTypes.geometryType(geometry.wkbType()) == QgsWkbTypes.PolygonGeometry
    expected = QgsGeometry.fromPolygonXY([corners])
    assert expected.area() > 0 and abs(geometry.area() - expected.area()) < 1e-6 * expected.area()
    assert tool.rubber_band.numberOfVertices() == 0


def test_delete_zoom_and_open_attribute_form(blueprint, dock, qgis_iface, qgis_canvas, monkeypatch):
    opened = []
    monkeypatch.setattr(qgis_iface, "openFeatureForm", lambda layer, feature: opened.append(
        (layer, feature["project_id"])), raising=False)
    show_area(qgis_canvas, blueprint)
    fid = fid_of(dock, "P002")
    dock.select_project(fid)
    dock.form_button.click()
    assert opened == [(blueprint, "P002")]
    qgis_canvas.setExtent(QgsRectangle(0, 0, 10, 10))
    dock.zoom_button.click()
    assert qgis_canvas.extent().contains(QgsPointXY(X0 + 100, Y0 + 100))
    asked = []
    dock.confirm = lambda title, text, accept, reject: asked.append(text) or True
    dock.delete_button.click()
    assert "1" in asked[0] and "丹浦桥人民坊 (P002)" in asked[0]
    assert fid not in dock.session.records and dock.list_model.rowCount() == 3
    assert dock.form.fid is None
    dock.undo_button.click()
    assert fid in dock.session.records
    dock.redo_button.click()
    assert fid not in dock.session.records


# -- reserve board ---------------------------------------------------------------------------


def column(dock, year):
    return dock.board.column_years.index(year)


def test_board_columns_and_totals(blueprint, dock):
    board = dock.board
    assert board.column_years == (2027, 2028, 2029, None)
    names = [[board.session.records[f]["project_id"] for f in m.fids] for m in board.models]
    assert names == [["P004"], ["P001"], ["P002"], ["P003"]]
    assert "1 project(s) · 800 ×10k CNY" in board.headers[column(dock, 2029)].text()
    assert "1 without budget" in board.headers[column(dock, None)].text()
    assert "社区食堂 (P004)\n其他设施 · 在建 · 120 ×10k CNY" == board.models[0].index(0).data()


def test_move_by_drag_and_drop(blueprint, dock):
    board = dock.board
    source, target = board.models[column(dock, None)], board.models[column(dock, 2028)]
    data = source.mimeData([source.index(0)])
    assert target.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target.index(-1))
    assert target.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target.index(-1))
    assert layer_value(blueprint, "P003", "reserve_year") == 2028
    assert [board.session.records[f]["project_id"] for f in board.models[column(dock, 2028)].fids] == [
        "P001", "P003"]
    assert "2 project(s) · 40 ×10k CNY" in board.headers[column(dock, 2028)].text()
    assert board.selected_fids() == [fid_of(dock, "P003")]
    blueprint.undoStack().undo()
    assert layer_value(blueprint, "P003", "reserve_year") is None
    assert [board.session.records[f]["project_id"] for f in board.models[column(dock, None)].fids] == ["P003"]


def test_move_by_keyboard_and_buttons(blueprint, dock):
    board = dock.board
    fid = fid_of(dock, "P001")
    board.select([fid])
    view = board.views[column(dock, 2028)]
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert layer_value(blueprint, "P001", "reserve_year") == 2029
    QTest.keyClick(board.views[column(dock, 2029)], Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(board.views[column(dock, 2028)], Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)
    assert layer_value(blueprint, "P001", "reserve_year") == 2027
    board.later_button.click()
    assert layer_value(blueprint, "P001", "reserve_year") == 2028
    board.unschedule_button.click()
    assert layer_value(blueprint, "P001", "reserve_year") is None
    assert board.selected_fids() == [fid] and board.active_column == column(dock, None)
    board.earlier_button.click()
    assert layer_value(blueprint, "P001", "reserve_year") == 2029
    assert blueprint.undoStack().count() == 6


def test_move_refused_by_the_rules_is_shown(blueprint, dock):
    board = dock.board
    fid = fid_of(dock, "P004")  # under construction
    board.select([fid])
    assert not (board.models[0].flags(board.models[0].index(0)) & Qt.ItemFlag.ItemIsDragEnabled)
    board.later_button.click()
    assert layer_value(blueprint, "P004", "reserve_year") == 2027
    assert "under construction" in board.status.text()
    assert "under construction" in dock.message_label.text()
    source, target = board.models[0], board.models[column(dock, None)]
    dragged = source.mimeData([source.index(0)])
    assert not target.dropMimeData(dragged, Qt.DropAction.MoveAction, -1, -1, target.index(-1))
    assert layer_value(blueprint, "P004", "reserve_year") == 2027


# -- save, cancel, reopen --------------------------------------------------------------------


def test_save_then_reopen_from_the_geopackage(blueprint, dock, tmp_path, monkeypatch):
    path = tmp_path / "blueprint.gpkg"
    dock.select_project(fid_of(dock, "P001"))
    type_into(dock.form.editors["floor_area_m2"], "260")
    dock.form.editors["justification"].setPlainText("靠近地铁站，客流大")
    dock.form.commit_field("justification")
    assert dock.board.move([fid_of(dock, "P003")], 2029)
    assert dock.save(confirm=False)
    assert not blueprint.isEditable()
    reopened = open_blueprint(str(path))
    assert layer_value(reopened, "P001", "floor_area_m2") == 260
    assert layer_value(reopened, "P001", "justification") == "靠近地铁站，客流大"
    assert layer_value(reopened, "P003", "reserve_year") == 2029
    assert layer_value(reopened, "P001", "edited_at") is not None
    QgsProject.instance().removeMapLayer(blueprint.id())
    QgsProject.instance().addMapLayer(reopened)
    assert dock.current_layer() is reopened
    assert "丹浦桥街道" in dock.plan_label.text()
    assert [m.rowCount() for m in dock.board.models] == [1, 1, 2, 0]


def test_save_with_rule_errors_asks_first_and_cancel_rolls_back(blueprint, dock, monkeypatch):
    fid = fid_of(dock, "P002")
    dock.select_project(fid)
    dock.form.editors["services"].item(3).setCheckState(Qt.CheckState.Unchecked)
    dock.form.editors["services"].item(4).setCheckState(Qt.CheckState.Unchecked)
    asked = []
    dock.confirm = lambda title, text, accept, reject: asked.append((text, accept)) or False
    dock.save_button.click()
    assert "人民坊应复合两项及以上" in asked[0][0] and asked[0][1] == "Save anyway"
    assert blueprint.isEditable() and "Not saved" in dock.message_label.text()
    dock.cancel_button.click()  # asks how many projects would lose their edits: go back
    assert "1 project(s)" in asked[1][0] and blueprint.isEditable()
    dock.confirm = lambda title, text, accept, reject: True
    dock.cancel_button.click()
    assert not blueprint.isEditable()
    assert layer_value(blueprint, "P002", "services") == "party,health,elderly"
    checked = [i for i in range(20) if dock.form.editors["services"].item(i).checkState() == Qt.CheckState.Checked]
    assert checked == [0, 3, 4]


# -- the layer changing under the dock -------------------------------------------------------


def test_layer_removed_while_the_dock_is_open(blueprint, dock):
    dock.select_project(fid_of(dock, "P001"))
    dock.form.editors["name"].setText("改名中")
    QgsProject.instance().removeMapLayer(blueprint.id())
    assert dock.session is None and dock.current_layer() is None
    assert dock.list_model.rowCount() == 0 and dock.form.fid is None
    assert not dock.form.editors["name"].isEnabled()
    assert dock.board.column_years == () and dock.board.models == []
    assert "removed" in dock.message_label.text() and "No blueprint layer" in dock.plan_label.text()
    for button in (dock.add_button, dock.delete_button, dock.save_button, dock.undo_button):
        assert not button.isEnabled()
    dock.save()
    dock.cancel()
    dock.zoom_to_selected()
    dock.board.move_selected(1)
    dock.form.commit_field("name")  # nothing to write to, and no crash


def test_session_refuses_edits_once_the_layer_is_gone(blueprint, dock):
    session = dock.session
    fid = fid_of(dock, "P001")
    QgsProject.instance().removeMapLayer(blueprint.id())
    assert session.layer is None
    with pytest.raises(EditRefused, match="removed"):
        session.save()
    with pytest.raises(EditRefused, match="removed from the project"):
        session.set_values(fid, {"name": "x"})


def test_edited_elsewhere_and_reloaded(blueprint, dock, tmp_path):
    fid = fid_of(dock, "P001")
    dock.select_project(fid)
    blueprint.startEditing()  # e.g. the attribute table
    blueprint.changeAttributeValue(fid, blueprint.fields().lookupField("name"), "滨江驿站（二期）")
    assert dock.form.editors["name"].text() == "滨江驿站（二期）"
    assert "滨江驿站（二期）" in dock.form.title.text()
    assert dock.save_button.isEnabled()
    blueprint.deleteFeature(fid_of(dock, "P003"))
    assert dock.list_model.rowCount() == 3 and dock.board.models[3].rowCount() == 0
    blueprint.rollBack()
    assert dock.form.editors["name"].text() == "滨江驿站" and dock.list_model.rowCount() == 4
    other = open_blueprint(str(tmp_path / "blueprint.gpkg"))  # another program writes the file
    other.startEditing()
    other.changeAttributeValue(fid, other.fields().lookupField("reserve_year"), 2027)
    assert other.commitChanges()
    blueprint.reload()
    assert dock.session.records[fid]["reserve_year"] == 2027
    assert dock.board.models[0].rowCount() == 2


def test_english_labels_outside_a_chinese_locale(blueprint, qgis_iface, qgis_new_project):
    dock = BlueprintDock(qgis_iface, language="en")
    try:
        assert dock.list_model.headerData(1, Qt.Orientation.Horizontal) == "Project name"
        assert dock.kind_filter.itemText(1) == "People's Hub"
        assert dock.form.editors["services"].item(0).text().startswith("党群服务")
        dock.select_project(fid_of(dock, "P002"))
        dock.form.editors["services"].item(3).setCheckState(Qt.CheckState.Unchecked)
        dock.form.editors["services"].item(4).setCheckState(Qt.CheckState.Unchecked)
        assert "two or more" in dock.form.finding_labels["services"].text()
    finally:
        dock.cleanup()
        blueprint.rollBack()


# -- plugin wiring ---------------------------------------------------------------------------


def test_plugin_toggles_the_dock_and_removes_it_on_unload(blueprint, qgis_iface, monkeypatch):
    from lifecircle.lifecircle_plugin.plugin import LifeCirclePlugin

    removed = []
    monkeypatch.setattr(qgis_iface, "removePluginMenu", lambda menu, action: removed.append(action.text()),
                        raising=False)
    monkeypatch.setattr(qgis_iface, "removeDockWidget", lambda dock: removed.append(dock.objectName()),
                        raising=False)
    plugin = LifeCirclePlugin(qgis_iface)
    plugin.initGui()
    try:
        if plugin.missing:
            pytest.skip("LifeCircle's Python dependencies are missing, so the plugin adds no dock")
        dock = plugin.blueprint_dock
        action = next(a for a in plugin.actions if a.text() == "Community blueprint")
        assert action.isCheckable() and not action.isChecked() and dock.isHidden()
        action.trigger()
        assert action.isChecked() and not dock.isHidden()
        assert dock.current_layer() is blueprint
        toolbar_icons = [a.icon().pixmap(24, 24).toImage() for a in plugin.actions]
        assert len({bytes(i.constBits().asarray(i.sizeInBytes())) for i in toolbar_icons}) == len(plugin.actions)
    finally:
        plugin.unload()
    assert plugin.blueprint_dock is None
    assert "LifeCircleBlueprintDock" in removed and "Community blueprint" in removed
    QgsProject.instance().removeMapLayer(blueprint.id())  # the unloaded dock no longer listens


# -- smoothing: order, names, services, units, budget ----------------------------------------


def visible_ids(dock):
    return [dock.filter_model.index(r, 0).data() for r in range(dock.filter_model.rowCount())]


def test_list_sorted_by_id_with_numbers_read_as_numbers(blueprint, dock):
    seed(blueprint, [dict(project_id="P10", name="十号", kind="other", status="reserve"),
                     dict(project_id="P9", name="九号", kind="other", status="reserve")])
    assert visible_ids(dock) == ["P001", "P002", "P003", "P004", "P9", "P10"]
    dock.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert visible_ids(dock)[0] == "P10"


def test_long_name_elided_with_tooltip_and_issues_column_in_view(blueprint, dock):
    long_name = "黄浦区打浦桥街道日月光中心南侧滨江步道沿线社区六艺亭（含公共厕所、直饮水、应急药箱和共享书柜）试点项目"
    blueprint.startEditing()
    blueprint.changeAttributeValue(fid_of(dock, "P001"), blueprint.fields().lookupField("name"), long_name)
    dock.resize(460, 800)
    dock.show()
    QApplication.processEvents()
    header, viewport = dock.table.horizontalHeader(), dock.table.viewport()
    issues = ProjectListModel.COLUMNS.index("findings")
    assert header.sectionViewportPosition(issues) + header.sectionSize(issues) <= viewport.width()
    row = dock.filter_model.mapFromSource(dock.list_model.index(dock.list_model.row_of(fid_of(dock, "P001")), 1))
    assert long_name in row.data(Qt.ItemDataRole.ToolTipRole)
    assert header.sectionSize(1) < dock.table.fontMetrics().horizontalAdvance(long_name)  # elided, not widened
    blueprint.rollBack()


def test_services_chooser_shows_every_ticked_service(blueprint, dock):
    dock.resize(460, 900)
    dock.show()
    dock.select_project(fid_of(dock, "P002"))
    services = dock.form.editors["services"]
    services.item(19).setCheckState(Qt.CheckState.Checked)  # 市政环保, the last one
    QApplication.processEvents()
    ticked = [services.item(i) for i in range(services.count())
              if services.item(i).checkState() == Qt.CheckState.Checked]
    assert len(ticked) == 4
    for item in ticked:
        assert services.viewport().rect().contains(services.visualItemRect(item)), item.text()


def units_layer(names_and_squares):
    layer = QgsVectorLayer("Polygon?crs=EPSG:4549&field=unit_id:string&field=name:string", "基本单元", "memory")
    features = []
    for unit_id, (x, y, size) in names_and_squares.items():
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, y, x + size, y + size)))
        feature["unit_id"] = unit_id
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def test_new_project_takes_the_unit_under_the_click(blueprint, dock, qgis_canvas):
    compounds = units_layer({"DPQ-01": (X0 - 400, Y0 - 400, 50)})  # a result layer carrying unit_id too
    compounds.setName("coverage_residents")
    units = units_layer({"DPQ-01": (X0 - 500, Y0 - 500, 500), "DPQ-02": (X0, Y0 - 500, 500),
                         "DPQ-03": (X0 - 500, Y0, 1000)})
    QgsProject.instance().addMapLayer(compounds)
    assert dock.units_combo.currentLayer() is compounds  # the best guess so far
    QgsProject.instance().addMapLayer(units)
    assert dock.units_combo.currentLayer() is units and dock.unit_field_combo.currentField() == "unit_id"
    editor = dock.form.editors["unit_id"]
    assert [editor.itemText(i) for i in range(editor.count())] == ["DPQ-01", "DPQ-02", "DPQ-03"]
    show_area(qgis_canvas, blueprint)
    dock.set_adding(True)
    pixel = qgis_canvas.getCoordinateTransform().transform(X0 - 250, Y0 - 250)  # inside DPQ-01
    click(dock.point_tool, qgis_canvas, (round(pixel.x()), round(pixel.y())))
    assert dock.session.records[dock.form.fid]["unit_id"] == "DPQ-01" and editor.currentText() == "DPQ-01"
    editor.setCurrentIndex(editor.findText("DPQ-02"))
    editor.activated.emit(editor.currentIndex())  # chosen from the drop-down
    assert dock.session.records[dock.form.fid]["unit_id"] == "DPQ-02"
    dock.units_combo.setLayer(compounds)  # the planner's choice is kept as layers come
    QgsProject.instance().addMapLayer(units_layer({"X-01": (X0, Y0, 10)}))
    assert dock.units_combo.currentLayer() is compounds


def test_budget_reads_the_same_in_list_and_board(blueprint, dock):
    blueprint.startEditing()
    blueprint.changeAttributeValue(fid_of(dock, "P002"), blueprint.fields().lookupField("budget_wan"), 2600.5)
    row = dock.list_model.row_of(fid_of(dock, "P002"))
    listed = dock.list_model.index(row, ProjectListModel.COLUMNS.index("budget_wan")).data()
    card = dock.board.models[column(dock, 2029)].index(0).data()
    assert listed == "2,600.5" and "2,600.5 ×10k CNY" in card
    blueprint.rollBack()


def test_buttons_have_distinct_icons(dock):
    buttons = [dock.add_button, dock.delete_button, dock.zoom_button, dock.form_button, dock.undo_button,
               dock.redo_button, dock.save_button, dock.cancel_button]
    images = [button.icon().pixmap(18, 18).toImage() for button in buttons]
    assert all(not button.icon().isNull() for button in buttons)
    assert len({bytes(image.constBits().asarray(image.sizeInBytes())) for image in images}) == len(buttons)


# -- Chinese under both of QGIS's Simplified Chinese spellings ---------------------------------

ENGLISH_LEFTOVERS = re.compile(r"\b(Add|Blueprint layer|error\(s\)|warning\(s\)|10k CNY|Issues|Unscheduled|"
                               r"Not stored|Cannot move|project\(s\)|justification|required)\b")


@pytest.fixture(params=["zh-Hans", "zh_CN"])
def chinese_qgis(request, tmp_path_factory):
    """QGIS set to Simplified Chinese (both spellings) with the plugin's catalogue installed."""
    qm = tmp_path_factory.mktemp("qm") / "lifecircle_zh_CN.qm"
    subprocess.run(["lrelease", "-silent", str(ROOT / "i18n" / "lifecircle_zh_CN.ts"), "-qm", str(qm)], check=True)
    settings = QSettings()
    saved = {key: settings.value(key) for key in ("locale/userLocale", "locale/overrideFlag")}
    settings.setValue("locale/userLocale", request.param)
    settings.setValue("locale/overrideFlag", True)
    translator = QTranslator()
    assert translator.load(str(qm))
    QCoreApplication.installTranslator(translator)
    yield request.param
    QCoreApplication.removeTranslator(translator)
    for key, value in saved.items():
        settings.remove(key) if value is None else settings.setValue(key, value)


def dock_texts(dock):
    """Every text the dock shows: labels, buttons, choices, list headers and cells, board."""
    texts = [w.text() for w in dock.findChildren(QLabel) + dock.findChildren(QAbstractButton)]
    texts += [c.itemText(i) for c in dock.findChildren(QComboBox) for i in range(c.count())]
    texts += [dock.tabs.tabText(i) for i in range(dock.tabs.count())]
    model = dock.list_model
    texts += [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    texts += [model.index(r, c).data() or "" for r in range(model.rowCount()) for c in range(model.columnCount())]
    texts += [m.index(r).data() for m in dock.board.models for r in range(m.rowCount())]
    return [t for t in texts if t]


def test_dock_speaks_chinese(chinese_qgis, blueprint, qgis_iface, qgis_new_project):
    dock = BlueprintDock(qgis_iface)
    try:
        assert dock.language == "zh" and dock.add_button.text() == "新增"
        dock.select_project(fid_of(dock, "P001"))
        type_into(dock.form.editors["floor_area_m2"], "300")
        assert "需求论证" in shown(dock.form.finding_labels["justification"])
        dock.select_project(fid_of(dock, "P003"))
        type_into(dock.form.editors["budget_wan"], "约五十万")
        assert shown(dock.form.finding_labels["budget_wan"]).count("未保存") == 1
        assert not dock.board.move([fid_of(dock, "P004")], 2028)
        assert "无法移动" in dock.board.status.text()
        fid = dock.session.add_project(blueprint.getFeature(fid_of(dock, "P001")).geometry())
        dock.confirm = lambda title, text, accept, reject: bool(texts.append(text + accept + reject))
        texts = []
        dock.save()
        dock.select_project(fid)
        assert "项目名称" in texts[0] and "仍然保存" in texts[0]
        assert "未填写项目名称" in shown(dock.form.finding_labels["name"])
        shown_texts = dock_texts(dock) + texts + [dock.message_label.text(), dock.form.title.text()]
        assert "万元" in " ".join(shown_texts) and "问题" in shown_texts and "未排期" in " ".join(shown_texts)
        leftovers = [t for t in shown_texts if ENGLISH_LEFTOVERS.search(t)]
        assert leftovers == []
    finally:
        dock.cleanup()
        blueprint.rollBack()


@pytest.mark.parametrize("press, expected", [("Save anyway", True), ("Go back", False), (None, False)])
def test_the_real_question_dialog(press, expected):
    """``ask`` is QGIS's kind of QMessageBox: named buttons, Esc (None here) means go back."""
    def answer():
        box = QApplication.activeModalWidget()
        if press is None:
            QTest.keyClick(box, Qt.Key.Key_Escape)
        else:
            next(b for b in box.buttons() if b.text() == press).click()

    QTimer.singleShot(0, answer)
    assert ask(None, "Save blueprint", "1 project(s) break the rules", "Save anyway", "Go back") is expected
