"""The dock and the blueprint session used as a hurried or unlucky planner would: no edit is lost
without asking, no save lands on top of someone else's newer value, and a layer vanishing under
the dock gives a clear message, never a traceback.

Table-driven: every case gets a fresh copy of the seeded blueprint (``test_blueprint_dock``'s
PROJECTS) open in the project and a dock on it, acts, and asserts what the planner sees and what
the file holds.
"""
from types import SimpleNamespace

import pytest
from qgis.core import QgsProject, QgsVectorLayer

from lifecircle.lifecircle_plugin.adapters.blueprint_layer import BlueprintLayerError, open_blueprint
from lifecircle.lifecircle_plugin.adapters.blueprint_store import EditConflict
from lifecircle.lifecircle_plugin.gui.blueprint_session import BlueprintSession, EditRefused
from test_blueprint_dock import (WINDOW, blueprint, dock, fid_of, layer_value,  # noqa: F401 (fixtures)
                                 seeded_geopackage, shown, type_into)


class Answers:
    """Stands in for the dock's ``confirm``: records each question, answers from a list (default no)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.asked = []

    def __call__(self, title, text, accept, reject):
        self.asked.append(SimpleNamespace(title=title, text=text, accept=accept, reject=reject))
        return self.answers.pop(0) if self.answers else False


def file_value(path, project_id, field):
    """The value stored in the GeoPackage, read through a fresh layer."""
    return layer_value(open_blueprint(str(path)), project_id, field)


def set_field(layer, project_id, field, value):
    feature = next(f for f in layer.getFeatures() if f["project_id"] == project_id)
    layer.startEditing()
    assert layer.changeAttributeValue(feature.id(), layer.fields().lookupField(field), value)


def other_program_saves(path, project_id, field, value):
    """Another layer on the same file (another session, QGIS's own attribute table) commits."""
    other = open_blueprint(str(path))
    set_field(other, project_id, field, value)
    assert other.commitChanges()


def edit_name_in_dock(panel, project_id, name):
    panel.select_project(fid_of(panel, project_id))
    type_into(panel.form.editors["name"], name)


# -- the cases ---------------------------------------------------------------------------------


def delete_go_back_keeps_projects(c):
    c.dock.confirm = answers = Answers(False)
    c.dock.select_projects([fid_of(c.dock, "P001"), fid_of(c.dock, "P003")])
    c.dock.delete_button.click()
    assert "2" in answers.asked[0].text and "P001" in answers.asked[0].text and "P003" in answers.asked[0].text
    assert answers.asked[0].accept == "Delete" and answers.asked[0].reject == "Go back"
    assert c.dock.list_model.rowCount() == 4 and not c.layer.isEditable()


def delete_many_names_ten_and_counts_the_rest(c):
    c.dock.confirm = answers = Answers(True)
    c.dock.select_projects(list(c.dock.session.fids))
    assert c.dock.delete_selected()
    assert "4 project(s)" in answers.asked[0].text and c.dock.list_model.rowCount() == 0
    c.dock.undo()
    assert c.dock.list_model.rowCount() == 4


def save_with_rule_errors_go_back(c):
    set_field(c.layer, "P001", "floor_area_m2", 450)  # a 六艺亭 over 400 m²
    c.dock.confirm = answers = Answers(False)
    assert not c.dock.save()
    question = answers.asked[0]
    assert "1 project(s)" in question.text and "1 error(s)" in question.text and "400" in question.text
    assert question.accept == "Save anyway" and question.reject == "Go back"
    assert c.layer.isEditable() and layer_value(c.layer, "P001", "floor_area_m2") == 450
    assert file_value(c.path, "P001", "floor_area_m2") == 150
    assert "Not saved" in c.dock.message_label.text()


def save_with_rule_errors_anyway(c):
    set_field(c.layer, "P001", "floor_area_m2", 450)
    c.dock.confirm = Answers(True)
    assert c.dock.save()
    assert file_value(c.path, "P001", "floor_area_m2") == 450
    assert "Saved with 1 rule error(s)" in c.dock.message_label.text()


def cancel_asks_with_the_count_and_go_back_keeps(c):
    set_field(c.layer, "P001", "name", "改名一")
    set_field(c.layer, "P002", "name", "改名二")
    c.dock.confirm = answers = Answers(False)
    assert not c.dock.cancel()
    assert "2 project(s)" in answers.asked[0].text and answers.asked[0].accept == "Discard"
    assert c.layer.isEditable() and layer_value(c.layer, "P002", "name") == "改名二"
    c.dock.confirm = Answers(True)
    assert c.dock.cancel() and not c.layer.isEditable()
    assert layer_value(c.layer, "P002", "name") == "丹浦桥人民坊"


def cancel_without_edits_does_not_ask(c):
    c.layer.startEditing()
    c.dock.confirm = answers = Answers()
    assert c.dock.cancel() and answers.asked == [] and not c.layer.isEditable()


def conflict_with_another_layer_refused_naming_project_and_field(c):
    edit_name_in_dock(c.dock, "P001", "滨江驿站（我的）")
    other_program_saves(c.path, "P001", "name", "滨江驿站（别人的）")
    c.dock.confirm = answers = Answers(False)
    assert not c.dock.save(confirm=True)
    text = c.dock.message_label.text()
    assert "P001" in text and "项目名称" in text and "滨江驿站（别人的）" in text and "滨江驿站（我的）" in text
    assert answers.asked[-1].accept == "Overwrite with mine"
    assert file_value(c.path, "P001", "name") == "滨江驿站（别人的）"
    assert c.layer.isEditable() and layer_value(c.layer, "P001", "name") == "滨江驿站（我的）"


def conflict_overwrite_when_chosen(c):
    edit_name_in_dock(c.dock, "P001", "滨江驿站（我的）")
    other_program_saves(c.path, "P001", "name", "滨江驿站（别人的）")
    c.dock.confirm = Answers(True)
    assert c.dock.save()
    assert file_value(c.path, "P001", "name") == "滨江驿站（我的）"


def conflict_between_two_sessions(c):
    second_layer = open_blueprint(str(c.path), display_name="second copy")
    QgsProject.instance().addMapLayer(second_layer)
    second = BlueprintSession(second_layer, WINDOW)
    try:
        fid = fid_of(c.dock, "P002")
        c.dock.session.set_values(fid, {"budget_wan": "900"})
        second.set_values(fid, {"budget_wan": "750"})
        second.save()
        with pytest.raises(EditConflict) as refused:
            c.dock.session.save()
        assert refused.value.code == "blueprint.edit_conflict"
        assert "P002" in refused.value.message_en and "budget_wan" in refused.value.message_en
        assert "投资估算（万元）" in refused.value.message_zh
        assert file_value(c.path, "P002", "budget_wan") == 750
        assert layer_value(c.layer, "P002", "budget_wan") == 900  # still in the buffer
    finally:
        second.close()


def qgis_commit_on_the_same_layer_is_not_a_conflict(c):
    # The attribute table's own Save on the dock's layer commits the dock's edits with it.
    edit_name_in_dock(c.dock, "P001", "改名")
    assert c.layer.commitChanges()
    assert file_value(c.path, "P001", "name") == "改名"
    edit_name_in_dock(c.dock, "P001", "再改名")
    assert c.dock.save() and file_value(c.path, "P001", "name") == "再改名"


def qgis_own_save_over_a_newer_value_warns_with_the_value(c):
    edit_name_in_dock(c.dock, "P001", "滨江驿站（我的）")
    other_program_saves(c.path, "P001", "name", "滨江驿站（别人的）")
    assert c.layer.commitChanges()  # the attribute table's Save: QGIS cannot be stopped, so it tells
    message = c.dock.message_label.text()
    assert "P001" in message and "项目名称" in message and "滨江驿站（别人的）" in message
    assert file_value(c.path, "P001", "name") == "滨江驿站（我的）"


def other_field_changed_elsewhere_both_kept(c):
    edit_name_in_dock(c.dock, "P001", "新名称")
    other_program_saves(c.path, "P001", "budget_wan", 55)
    assert c.dock.save(confirm=False)
    assert file_value(c.path, "P001", "name") == "新名称" and file_value(c.path, "P001", "budget_wan") == 55


def edited_then_deleted_is_no_conflict(c):
    edit_name_in_dock(c.dock, "P003", "改了又删")
    other_program_saves(c.path, "P003", "name", "别人改的")
    c.dock.confirm = Answers(True)
    assert c.dock.delete_selected() and c.dock.save(confirm=False)
    assert "P003" not in {f["project_id"] for f in open_blueprint(str(c.path)).getFeatures()}


def same_value_saved_elsewhere_is_no_conflict(c):
    edit_name_in_dock(c.dock, "P001", "一致的名称")
    other_program_saves(c.path, "P001", "name", "一致的名称")
    assert c.dock.save(confirm=False)
    assert file_value(c.path, "P001", "name") == "一致的名称"


def feature_deleted_elsewhere_refused_edits_kept(c):
    edit_name_in_dock(c.dock, "P003", "口袋公园二期")
    other = open_blueprint(str(c.path))
    other.startEditing()
    other.deleteFeature(fid_of(c.dock, "P003"))
    assert other.commitChanges()
    assert not c.dock.save(confirm=False)
    assert "已不在文件中" in c.dock.message_label.text() and "未写入任何内容" in c.dock.message_label.text()
    assert c.layer.isEditable()


def removed_layer_edits_kept_and_restored(c):
    edit_name_in_dock(c.dock, "P001", "暂存的名称")
    c.dock.board.move([fid_of(c.dock, "P003")], 2028)
    QgsProject.instance().removeMapLayer(c.layer.id())
    assert "2 unsaved edit(s) are kept" in c.dock.message_label.text()
    c.dock.confirm = answers = Answers(True)
    again = open_blueprint(str(c.path))
    QgsProject.instance().addMapLayer(again)
    assert "2 unsaved edit(s)" in answers.asked[0].text and answers.asked[0].accept == "Restore"
    assert layer_value(again, "P001", "name") == "暂存的名称" and layer_value(again, "P003", "reserve_year") == 2028
    assert c.dock.save(confirm=False)
    assert file_value(c.path, "P001", "name") == "暂存的名称"
    assert c.dock.kept_edits == {}


def removed_layer_restore_declined_stays_on_offer(c):
    edit_name_in_dock(c.dock, "P001", "暂存的名称")
    QgsProject.instance().removeMapLayer(c.layer.id())
    c.dock.confirm = Answers(False)
    again = open_blueprint(str(c.path))
    QgsProject.instance().addMapLayer(again)
    assert not again.isEditable() and len(c.dock.kept_edits) == 1
    c.dock.confirm = Answers(True)
    assert c.dock.offer_kept_edits() and layer_value(again, "P001", "name") == "暂存的名称"


def restored_edits_still_catch_a_conflict(c):
    edit_name_in_dock(c.dock, "P001", "我的名称")
    QgsProject.instance().removeMapLayer(c.layer.id())
    other_program_saves(c.path, "P001", "name", "别人的名称")
    c.dock.confirm = Answers(True, False)  # restore: yes; overwrite theirs: no
    QgsProject.instance().addMapLayer(open_blueprint(str(c.path)))
    assert not c.dock.save()
    assert "别人的名称" in c.dock.message_label.text()
    assert file_value(c.path, "P001", "name") == "别人的名称"


def delete_after_a_reloaded_slot_removed_the_layer(c):
    session = c.dock.session
    fid = fid_of(c.dock, "P001")
    session.reloaded.connect(lambda: QgsProject.instance().removeMapLayer(c.layer.id()))
    with pytest.raises(EditRefused) as refused:
        session.delete([fid])  # starting the edit reloads: the slot removes the layer
    assert refused.value.code == "blueprint.layer_removed" and "removed from the project" in str(refused.value)
    with pytest.raises(EditRefused, match="removed from the project"):
        session.delete([fid])  # and once more, now that it is gone


def undo_redo_after_removal(c):
    edit_name_in_dock(c.dock, "P001", "改名")
    QgsProject.instance().removeMapLayer(c.layer.id())
    assert c.dock.undo() is False and c.dock.redo() is False
    assert "No blueprint layer" in c.dock.message_label.text()


def session_undo_after_removal(c):
    session = c.dock.session
    QgsProject.instance().removeMapLayer(c.layer.id())
    for action in (session.undo, session.redo, session.save, session.cancel):
        with pytest.raises(EditRefused, match="removed from the project"):
            action()


def every_button_after_removal(c):
    QgsProject.instance().removeMapLayer(c.layer.id())
    c.dock.confirm = Answers(True, True, True)
    for action in (c.dock.save, c.dock.cancel, c.dock.delete_selected, c.dock.zoom_to_selected,
                   c.dock.open_feature_form, c.dock.offer_kept_edits):
        action()
    assert c.dock.session is None


def new_project_errors_appear_on_save(c):
    fid = c.dock.session.add_project(c.layer.getFeature(fid_of(c.dock, "P001")).geometry())
    c.dock.select_project(fid)
    assert not any(shown(label) for label in c.dock.form.finding_labels.values())
    c.dock.confirm = answers = Answers(False)
    assert not c.dock.save()
    assert "项目名称" in answers.asked[0].text and "1 project(s)" in answers.asked[0].text
    c.dock.select_project(fid)
    assert "必填" in shown(c.dock.form.finding_labels["name"])


def unreadable_area_refused_once(c):
    c.dock.select_project(fid_of(c.dock, "P001"))
    type_into(c.dock.form.editors["floor_area_m2"], "约一百五十平方米")
    label = shown(c.dock.form.finding_labels["floor_area_m2"])
    assert label.count("无法识别") == 1 and "Not stored" in label
    assert layer_value(c.layer, "P001", "floor_area_m2") == 150
    assert "1 error(s)" in c.dock.form.title.text()


def started_project_move_refused_in_words(c):
    fid = fid_of(c.dock, "P004")
    assert not c.dock.board.move([fid], 2028)
    assert "works have started" in c.dock.board.status.text() and "社区食堂 (P004)" in c.dock.board.status.text()
    assert layer_value(c.layer, "P004", "reserve_year") == 2027


def selection_kept_after_save(c):
    fid = c.dock.session.add_project(c.layer.getFeature(fid_of(c.dock, "P001")).geometry(),
                                     {"name": "新驿站", "kind": "facility"})
    c.dock.select_projects([fid, fid_of(c.dock, "P002")])
    assert c.dock.save(confirm=False)
    selected = sorted(c.dock.session.records[f]["project_id"] for f in c.dock.selected_fids())
    assert selected == ["P002", "P005"] and all(f >= 0 for f in c.dock.selected_fids())


def not_a_blueprint_layer_refused(c):
    other = QgsVectorLayer("Point?crs=EPSG:4549&field=name:string", "POI", "memory")
    with pytest.raises(BlueprintLayerError) as refused:
        BlueprintSession(other, WINDOW)
    assert refused.value.code == "blueprint.not_a_blueprint" and "POI" in refused.value.message_zh


def removed_layer_added_and_deleted_projects_restored(c):
    c.dock.confirm = Answers(True, True)
    geometry = c.layer.getFeature(fid_of(c.dock, "P001")).geometry()
    c.dock.session.add_project(geometry, {"name": "新增的驿站", "kind": "liuyiting"})
    c.dock.select_project(fid_of(c.dock, "P003"))
    assert c.dock.delete_selected()
    QgsProject.instance().removeMapLayer(c.layer.id())
    again = open_blueprint(str(c.path))
    QgsProject.instance().addMapLayer(again)
    assert sorted(f["project_id"] for f in again.getFeatures()) == ["P001", "P002", "P004", "P005"]
    assert c.dock.save(confirm=False)
    assert sorted(f["project_id"] for f in open_blueprint(str(c.path)).getFeatures()) == ["P001", "P002", "P004",
                                                                                          "P005"]


CASES = [not_a_blueprint_layer_refused, removed_layer_added_and_deleted_projects_restored,
         delete_go_back_keeps_projects, delete_many_names_ten_and_counts_the_rest, save_with_rule_errors_go_back,
         save_with_rule_errors_anyway, cancel_asks_with_the_count_and_go_back_keeps, cancel_without_edits_does_not_ask,
         conflict_with_another_layer_refused_naming_project_and_field, conflict_overwrite_when_chosen,
         conflict_between_two_sessions, qgis_commit_on_the_same_layer_is_not_a_conflict,
         qgis_own_save_over_a_newer_value_warns_with_the_value,
         other_field_changed_elsewhere_both_kept, same_value_saved_elsewhere_is_no_conflict,
         edited_then_deleted_is_no_conflict,
         feature_deleted_elsewhere_refused_edits_kept, removed_layer_edits_kept_and_restored,
         removed_layer_restore_declined_stays_on_offer, restored_edits_still_catch_a_conflict,
         delete_after_a_reloaded_slot_removed_the_layer, undo_redo_after_removal, session_undo_after_removal,
         every_button_after_removal, new_project_errors_appear_on_save, unreadable_area_refused_once,
         started_project_move_refused_in_words, selection_kept_after_save]


@pytest.mark.parametrize("case", CASES, ids=[case.__name__ for case in CASES])
def test_hostile_dock(case, blueprint, dock, tmp_path):  # noqa: F811 (fixtures imported above)
    case(SimpleNamespace(layer=blueprint, dock=dock, path=tmp_path / "blueprint.gpkg"))

