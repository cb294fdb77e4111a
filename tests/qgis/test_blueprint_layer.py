"""blueprint_layer: the projects GeoPackage survives reopening; upgrade only adds; saving refuses bad edits."""
import pytest
from osgeo import ogr, osr
from qgis.core import (
    QgsFeature,
    QgsFieldConstraints,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

from lifecircle.lifecircle_plugin.adapters import blueprint_layer, blueprint_store
from lifecircle.lifecircle_plugin.core.blueprint import FIELD_NAMES, FIELDS, PlanWindow

WINDOW = PlanWindow("江川路街道", 2027)


@pytest.fixture()
def created(tmp_path):
    path = tmp_path / "blueprint.gpkg"
    layer = blueprint_layer.create_blueprint(path, WINDOW, blueprint_layer.POLYGON)
    del layer
    return path


def constraint(layer, name):
    return layer.fields().at(layer.fields().lookupField(name)).constraints()


def test_created_layer_keeps_its_setup_after_reopening(created):
    layer = QgsVectorLayer(f"{created}|layername=projects", "reopened", "ogr")  # a plain QGIS open
    assert layer.isValid()
    assert layer.wkbType() == QgsWkbTypes.MultiPolygon
    assert layer.crs().authid() == "EPSG:4549"
    assert [n for n in layer.fields().names() if n != "fid"] == list(FIELD_NAMES)
    for spec in FIELDS:
        assert layer.attributeAlias(layer.fields().lookupField(spec.name)) == spec.alias_zh
    kind = layer.editorWidgetSetup(layer.fields().lookupField("kind"))
    assert kind.type() == "ValueMap"
    assert kind.config()["map"][:2] == [{"人民坊": "renminfang"}, {"六艺亭": "liuyiting"}]
    status = layer.fields().lookupField("status")
    assert layer.defaultValueDefinition(status).expression() == "'reserve'"
    assert layer.defaultValueDefinition(layer.fields().lookupField("edited_at")).applyOnUpdate()
    pid = constraint(layer, "project_id")
    assert pid.constraints() & QgsFieldConstraints.ConstraintNotNull
    assert pid.constraints() & QgsFieldConstraints.ConstraintUnique
    assert pid.constraintStrength(QgsFieldConstraints.ConstraintUnique) == QgsFieldConstraints.ConstraintStrengthHard
    year = constraint(layer, "reserve_year")
    assert "2027" in year.constraintExpression() and "2029" in year.constraintExpression()
    assert year.constraintStrength(QgsFieldConstraints.ConstraintExpression) == \
        QgsFieldConstraints.ConstraintStrengthSoft
    assert layer.editorWidgetSetup(layer.fields().lookupField("content")).config()["IsMultiline"]
    assert [tab.name() for tab in layer.editFormConfig().tabs()] == ["基本信息", "年度清单信息", "一图三会", "编辑记录"]
    # Colour by kind, a style per status within each kind.
    assert layer.renderer().type() == "RuleRenderer"
    kinds = layer.renderer().rootRule().children()
    assert [rule.label() for rule in kinds[:2]] == ["人民坊", "六艺亭"]
    assert kinds[0].filterExpression() == "\"kind\" = 'renminfang'"
    statuses = kinds[0].children()
    assert [rule.label() for rule in statuses][:5] == ["储备", "列入年度计划", "在建", "已建成", "已取消"]
    assert statuses[0].symbol().color().alpha() < statuses[3].symbol().color().alpha()
    assert layer.listStylesInDatabase()[0] >= 1
    assert blueprint_layer.read_plan_window(layer) == WINDOW
    assert blueprint_layer.read_plan_window(created) == WINDOW
    assert blueprint_layer.plan_metadata(created)["lifecircle_last_year"] == "2029"


def test_creating_over_an_existing_layer_is_refused(created):
    with pytest.raises(blueprint_layer.BlueprintLayerError, match="already holds"):
        blueprint_layer.create_blueprint(created, WINDOW)


def test_plan_window_can_be_moved(created):
    layer = blueprint_layer.open_blueprint(created)
    blueprint_layer.write_plan_window(layer, PlanWindow("江川路街道", 2028))
    assert blueprint_layer.read_plan_window(created).years == (2028, 2029, 2030)
    assert "2030" in constraint(layer, "reserve_year").constraintExpression()


def legacy_geopackage(path):
    """A GeoPackage made elsewhere: some catalogue fields (one as text), an extra field, two projects."""
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4549)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    table = dataset.CreateLayer("projects", srs, ogr.wkbPoint)
    for name in ("project_id", "name", "kind", "status", "floor_area_m2", "note"):
        table.CreateField(ogr.FieldDefn(name, ogr.OFTString))
    for i, kind in enumerate(("六艺亭", "人民坊")):
        feature = ogr.Feature(table.GetLayerDefn())
        for name, value in (("project_id", f"P{i}"), ("name", f"站点{i}"), ("kind", kind),
                            ("status", "reserve"), ("floor_area_m2", "150"), ("note", "旧备注")):
            feature.SetField(name, value)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POINT({i} 0)"))
        table.CreateFeature(feature)
    dataset = None


def test_upgrade_adds_only_missing_fields_and_keeps_data(tmp_path):
    path = tmp_path / "legacy.gpkg"
    legacy_geopackage(path)
    layer = blueprint_layer.open_blueprint(path)
    plan = blueprint_layer.layer_upgrade_plan(layer)
    assert plan.needed and "services" in [s.name for s in plan.add] and "name" not in [s.name for s in plan.add]
    assert plan.type_conflicts == (("floor_area_m2", "string", "double"),)
    assert plan.extra == ("note",)
    assert "floor_area_m2" in plan.summary_zh()
    # Opening and planning changed nothing on disk.
    assert "services" not in blueprint_layer.open_blueprint(path).fields().names()

    done = blueprint_layer.upgrade_layer(layer, WINDOW)
    assert done.add == plan.add
    reopened = blueprint_layer.open_blueprint(path)
    names = reopened.fields().names()
    assert set(FIELD_NAMES) <= set(names) and "note" in names
    assert names.index("note") < names.index("services")  # existing fields keep their place
    rows = sorted((f["project_id"], f["kind"], f["floor_area_m2"], f["note"]) for f in reopened.getFeatures())
    assert rows == [("P0", "六艺亭", "150", "旧备注"), ("P1", "人民坊", "150", "旧备注")]
    assert reopened.attributeAlias(reopened.fields().lookupField("services")) == "服务功能（十全十美）"
    assert blueprint_layer.read_plan_window(reopened) == WINDOW
    assert not blueprint_layer.layer_upgrade_plan(reopened).needed


def test_upgrade_refuses_a_layer_being_edited(tmp_path):
    path = tmp_path / "legacy.gpkg"
    legacy_geopackage(path)
    layer = blueprint_layer.open_blueprint(path)
    layer.startEditing()
    with pytest.raises(blueprint_layer.BlueprintLayerError, match="being edited"):
        blueprint_layer.upgrade_layer(layer)
    layer.rollBack()


def add_project(layer, project_id, kind="facility", x=0.0):
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt(f"MULTIPOLYGON((({x} 0, {x + 10} 0, {x + 10} 10, {x} 0)))"))
    feature["project_id"] = project_id
    feature["name"] = f"项目 {project_id}"
    feature["kind"] = kind
    feature["status"] = "reserve"
    assert layer.addFeature(feature)


def test_save_edits_writes_and_refuses_hard_rule_breaches(created):
    layer = blueprint_layer.open_blueprint(created)
    layer.startEditing()
    add_project(layer, "P1")
    add_project(layer, "P2", x=20)
    assert blueprint_store.save_edits(layer) == 2
    assert not layer.isEditable()
    assert sorted(f["project_id"] for f in blueprint_layer.open_blueprint(created).getFeatures()) == ["P1", "P2"]

    layer.startEditing()
    add_project(layer, "P1", x=40)  # duplicate ID
    add_project(layer, "P3", kind="kiosk", x=60)  # not a project type
    with pytest.raises(blueprint_store.SaveRefused) as refused:
        blueprint_store.save_edits(layer)
    problems, message = refused.value.problems, str(refused.value)
    del refused  # its traceback holds the layer; let it go while QGIS runs
    assert sorted(field for _, field, _ in problems) == ["kind", "project_id"]
    assert "P1" in message
    assert layer.isEditable() and len(layer.editBuffer().addedFeatures()) == 2  # nothing dropped
    assert blueprint_layer.open_blueprint(created).featureCount() == 2  # nothing saved
    layer.rollBack()


def test_records_and_checks_read_the_layer(created):
    layer = blueprint_layer.open_blueprint(created)
    layer.startEditing()
    add_project(layer, "P1", kind="liuyiting")
    feature = QgsFeature(layer.fields())  # no geometry
    feature["project_id"], feature["name"], feature["kind"], feature["status"] = "P2", "无图", "other", "reserve"
    layer.addFeature(feature)
    blueprint_store.save_edits(layer)
    fids, records = blueprint_layer.layer_records(layer)
    assert [r["project_id"] for r in records] == ["P1", "P2"] and records[0]["floor_area_m2"] is None
    fids, findings = blueprint_layer.check_layer(layer, WINDOW)
    rules = {(f.rule, f.project_id) for f in findings}
    assert ("area_missing", "P1") in rules and ("invalid_geometry", "P2") in rules
    geometry_finding = next(f for f in findings if f.rule == "invalid_geometry")
    assert fids[geometry_finding.index] == fids[1]


def test_blueprint_layers_of_a_project(created, tmp_path):
    project = QgsProject()
    blueprint = blueprint_layer.open_blueprint(created, display_name="蓝图")
    other = QgsVectorLayer("Point?crs=EPSG:4549&field=name:string", "poi", "memory")
    project.addMapLayers([other, blueprint])
    assert blueprint_layer.blueprint_layers(project) == [blueprint]
    assert blueprint_layer.read_plan_window(other) is None
    with pytest.raises(blueprint_layer.BlueprintLayerError, match="not stored in a GeoPackage"):
        blueprint_layer.write_plan_window(other, WINDOW)
    project.removeAllMapLayers()  # the project owns the layers: free them while QGIS still runs


def test_blueprint_from_the_dialog_loads_configured_every_time(lifecircle_provider, tmp_path, qgis_new_project):
    """What the Processing dialog does after createblueprint: load the result with its post-processor."""
    import gc

    from processing.gui.Postprocessing import handleAlgorithmResults
    from qgis.core import QgsApplication, QgsEditFormConfig, QgsProcessingContext, QgsProcessingFeedback

    project = QgsProject.instance()
    for run in range(2):
        context = QgsProcessingContext()
        context.setProject(project)
        feedback = QgsProcessingFeedback()
        algorithm = QgsApplication.processingRegistry().createAlgorithmById("lifecircle:createblueprint")
        parameters = {"OUTPUT": str(tmp_path / f"run{run}.gpkg"), "STREET": f"街道{run}", "FIRST_YEAR": 2027}
        results, ok = algorithm.run(parameters, context, feedback)
        assert ok, feedback.textLog()
        gc.collect()  # the post-processor must outlive Python's collection
        # QGIS 3.22 loads the result without its default style: the post-processor configures it.
        assert handleAlgorithmResults(algorithm, context, feedback, parameters=parameters)
        layer = project.mapLayersByName(f"街道{run} projects")[0]
        fields = layer.fields()
        assert layer.attributeAlias(fields.lookupField("name")) == "项目名称"
        assert layer.editorWidgetSetup(fields.lookupField("kind")).type() == "ValueMap"
        assert layer.editFormConfig().layout() == QgsEditFormConfig.TabLayout
        assert layer.renderer().type() == "RuleRenderer" and layer.labelsEnabled()
        reserve_year = fields.at(fields.lookupField("reserve_year")).constraints()
        assert "2029" in reserve_year.constraintExpression()  # the plan window of this run
