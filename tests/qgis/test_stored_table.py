"""GeoPackage tables read as stored (GDAL's Arrow stream) give what QGIS's feature loop gives, whole features
(id, attributes, geometry) included, and every case the fast path cannot honour (subset, edit session, selection,
curves, other field types, invalid geometries under a validity check; for whole features also empty geometries,
fields the layer adds, text that is not UTF-8) goes through QGIS's loop."""
import pytest
import shapely
from osgeo import gdal, ogr, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSource,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsVectorLayer,
)

from lifecircle.lifecircle_plugin.adapters import layer_io
from lifecircle.lifecircle_plugin.adapters.layer_io import geopackage_table, read_layer
from lifecircle.processing_algorithms.walking_coverage import WalkingCoverageAlgorithm

from conftest import RecordingFeedback, shared_data

gdal.UseExceptions()

ROWS = [  # (wkt or None, highway, foot, cost, lanes)
    ("LINESTRING (500000 3400000, 500100 3400000)", "primary", None, 1.5, 3),
    (None, None, "no", None, None),
    ("LINESTRING EMPTY", "人行道", "", 2.0, 7),
    ("MULTILINESTRING ((500000 3400000, 500000 3400100), (500010 3400000, 500010 3400050))", "步行街 Nanjing Rd",
     "yes", 1.0, None),
    ("LINESTRING Z (500100 3400000 4, 500200 3400000 5)", "footway", "designated", 0.5, -2),
]


def write_gpkg(path, rows=ROWS, geometry_type=ogr.wkbMultiLineString, table="roads", extra_date=False):
    driver = ogr.GetDriverByName("GPKG")
    dataset = driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4549)
    layer = dataset.CreateLayer(table, srs, geometry_type)
    for name, kind in (("highway", ogr.OFTString), ("foot", ogr.OFTString), ("cost", ogr.OFTReal),
                       ("lanes", ogr.OFTInteger64)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    if extra_date:
        layer.CreateField(ogr.FieldDefn("opened", ogr.OFTDate))
    for wkt, *values in rows:
        feature = ogr.Feature(layer.GetLayerDefn())
        for name, value in zip(("highway", "foot", "cost", "lanes"), values):
            if value is not None:
                feature[name] = value
        if extra_date:
            feature["opened"] = "2024-05-01"
        if wkt:
            feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    dataset = None
    return f"{path}|layername={table}"


def read_both(layer, fields, context=None, check_validity=True):
    context = context or QgsProcessingContext()
    crs = QgsCoordinateReferenceSystem("EPSG:4549")
    table = geopackage_table(layer)
    assert table is not None
    stored = read_layer(layer, "roads", crs, context, RecordingFeedback(), fields=fields, stored_table=table,
                        check_validity=check_validity)
    looped = read_layer(layer, "roads", crs, context, RecordingFeedback(), fields=fields,
                        check_validity=check_validity)
    return stored, looped


def assert_same(stored, looped):
    assert stored.fids.tolist() == looped.fids.tolist()
    assert stored.values == looped.values
    assert [None if g is None else g.wkb for g in stored.geometries] == \
        [None if g is None else g.wkb for g in looped.geometries]


def test_stored_table_reads_what_qgis_reads(tmp_path, monkeypatch):
    layer = QgsVectorLayer(write_gpkg(tmp_path / "roads.gpkg"), "roads", "ogr")
    calls = []
    real = layer_io._read_stored_table
    monkeypatch.setattr(layer_io, "_read_stored_table", lambda *a: calls.append(a) or real(*a))
    stored, looped = read_both(layer, ["highway", "foot", "cost", "lanes"])
    assert len(calls) == 1 and calls[0][0] == (str(tmp_path / "roads.gpkg"), "roads")
    assert_same(stored, looped)
    assert stored.values["highway"] == ["primary", None, "人行道", "步行街 Nanjing Rd", "footway"]
    assert stored.values["foot"] == [None, "no", "", "yes", "designated"]
    assert stored.values["lanes"] == [3, None, 7, None, -2]
    assert stored.geometries[1] is None and stored.geometries[2] is None  # NULL and empty
    assert shapely.get_type_id(stored.geometries[3]) == 5


def test_a_table_without_requested_fields_and_in_batches(tmp_path, monkeypatch):
    rows = [(f"LINESTRING ({500000 + i} 3400000, {500000 + i} 3400010)", f"way {i}", None, float(i), i)
            for i in range(2500)]
    layer = QgsVectorLayer(write_gpkg(tmp_path / "many.gpkg", rows, ogr.wkbLineString), "many", "ogr")
    monkeypatch.setattr(layer_io, "_STORED_BATCH", 1000)
    stored, looped = read_both(layer, [])
    assert_same(stored, looped)
    assert len(stored) == 2500 and stored.values == {}


@pytest.mark.parametrize("how", ["subset", "editing", "not a geopackage"])
def test_layers_that_differ_from_their_file_are_read_by_qgis(tmp_path, how):
    if how == "not a geopackage":
        layer = QgsVectorLayer("LineString?crs=EPSG:4549", "memory", "memory")
    else:
        layer = QgsVectorLayer(write_gpkg(tmp_path / "roads.gpkg"), "roads", "ogr")
        if how == "subset":
            layer.setSubsetString("\"highway\" = 'primary'")
        else:
            layer.startEditing()
    assert geopackage_table(layer) is None
    if how == "editing":
        layer.rollBack()


@pytest.mark.parametrize("case", ["curved type", "any geometry type", "date field"])
def test_tables_the_fast_path_cannot_honour_fall_back(tmp_path, case, monkeypatch):
    kind = {"curved type": ogr.wkbCompoundCurve, "any geometry type": ogr.wkbUnknown}.get(case, ogr.wkbLineString)
    rows = ROWS[:1] if case != "curved type" else [
        ("COMPOUNDCURVE (CIRCULARSTRING (500000 3400000, 500050 3400050, 500100 3400000))", "path", None, 1.0, 1)]
    layer = QgsVectorLayer(write_gpkg(tmp_path / "roads.gpkg", rows, kind, extra_date=case == "date field"),
                           "roads", "ogr")
    fields = ["highway", "opened"] if case == "date field" else ["highway"]
    assert layer_io._read_stored_table(geopackage_table(layer), fields, None) is None
    stored, looped = read_both(layer, fields)
    assert_same(stored, looped)


def test_an_invalid_geometry_under_a_validity_check_is_handled_by_qgis(tmp_path):
    bowtie = [("POLYGON ((500000 3400000, 500100 3400100, 500100 3400000, 500000 3400100, 500000 3400000))",
               "square", None, 1.0, 1), ("POLYGON ((500000 3400000, 500010 3400000, 500010 3400010, 500000 3400000))",
                                         "ok", None, 1.0, 1)]
    layer = QgsVectorLayer(write_gpkg(tmp_path / "blocks.gpkg", bowtie, ogr.wkbPolygon, "blocks"), "blocks", "ogr")
    crs = QgsCoordinateReferenceSystem("EPSG:4549")
    table = geopackage_table(layer)
    skip = QgsProcessingContext()
    skip.setInvalidGeometryCheck(QgsFeatureRequest.GeometrySkipInvalid)
    data = read_layer(QgsProcessingFeatureSource(layer, skip), "blocks", crs, skip, RecordingFeedback(),
                      fields=["highway"], stored_table=table)
    assert data.values["highway"] == ["ok"]  # QGIS skipped the bowtie, as the setting says
    unchecked = QgsProcessingContext()
    unchecked.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
    data = read_layer(QgsProcessingFeatureSource(layer, unchecked), "blocks", crs, unchecked, RecordingFeedback(),
                      fields=["highway"], stored_table=table)
    assert data.values["highway"] == ["square", "ok"]
    assert shapely.is_valid(data.geometries).tolist() == [False, True]


def test_the_algorithm_reads_stored_tables_only_when_the_run_reads_them_whole(tmp_path):
    uri = write_gpkg(tmp_path / "roads.gpkg")
    layer = QgsVectorLayer(uri, "roads", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        algorithm = WalkingCoverageAlgorithm()
        algorithm.initAlgorithm()
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        name = algorithm.NETWORK
        assert algorithm.stored_table({name: uri}, name, context) == (str(tmp_path / "roads.gpkg"), "roads")
        assert algorithm.stored_table({name: layer.id()}, name, context) is not None
        whole = QgsProcessingFeatureSourceDefinition(layer.id())
        assert algorithm.stored_table({name: whole}, name, context) is not None
        for definition in (QgsProcessingFeatureSourceDefinition(layer.id(), True),
                           QgsProcessingFeatureSourceDefinition(layer.id(), False, 2)):
            assert algorithm.stored_table({name: definition}, name, context) is None
        checked = QgsProcessingFeatureSourceDefinition(
            layer.id(), False, -1, QgsProcessingFeatureSourceDefinition.FlagOverrideDefaultGeometryCheck,
            QgsFeatureRequest.GeometrySkipInvalid)
        assert algorithm.stored_table({name: checked}, name, context) is None
        per_feature = QgsProcessingFeatureSourceDefinition(
            layer.id(), False, -1, QgsProcessingFeatureSourceDefinition.FlagCreateIndividualOutputPerInputFeature)
        assert algorithm.stored_table({name: per_feature}, name, context) is None
        if hasattr(whole, "filterExpression"):  # QGIS 3.32 and later
            filtered = QgsProcessingFeatureSourceDefinition(layer.id())
            filtered.filterExpression = "\"highway\" = 'primary'"
            assert algorithm.stored_table({name: filtered}, name, context) is None
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_a_cancel_stops_the_stored_read(tmp_path):
    layer = QgsVectorLayer(write_gpkg(tmp_path / "roads.gpkg"), "roads", "ogr")
    feedback = RecordingFeedback()
    feedback.cancel()
    with pytest.raises(layer_io.Cancelled):
        layer_io._read_stored_table(geopackage_table(layer), ["highway"], feedback)


def test_values_equal_the_qgis_loop_on_real_osm_data(tmp_path):
    folder = shared_data("dapuqiao-osm")
    for name in ("street_network", "public_services"):
        gpkg = tmp_path / f"{name}.gpkg"
        gdal.VectorTranslate(str(gpkg), str(folder / f"{name}.geojson"), format="GPKG", layerName=name,
                             dstSRS="EPSG:4549",
                             geometryType="MULTILINESTRING" if name == "street_network" else "POINT")  # not "any"
        layer = QgsVectorLayer(f"{gpkg}|layername={name}", name, "ogr")
        fields = [f.name() for f in layer.fields()
                  if f.type() in (2, 4, 6, 10) and f.name() != "fid"]  # int, int64, double, string
        unchecked = QgsProcessingContext()
        unchecked.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        crs = QgsCoordinateReferenceSystem("EPSG:4549")
        stored = read_layer(layer, name, crs, unchecked, None, fields=fields, stored_table=geopackage_table(layer))
        looped = read_layer(layer, name, crs, unchecked, None, fields=fields)
        assert len(stored) > 50 and len(fields) >= 3
        assert_same(stored, looped)
        stored = read_layer(layer, name, crs, unchecked, None, fields=fields, keep_features=True,
                            stored_table=geopackage_table(layer))
        looped = read_layer(layer, name, crs, unchecked, None, fields=fields, keep_features=True)
        assert all(isinstance(f, layer_io.StoredFeature) for f in stored.features)
        assert_same_features(stored, looped)


def test_a_refused_read_is_still_refused(tmp_path):
    layer = QgsVectorLayer(write_gpkg(tmp_path / "roads.gpkg"), "roads", "ogr")
    with pytest.raises(QgsProcessingException, match="no field 'surface'"):
        read_layer(layer, "roads", QgsCoordinateReferenceSystem("EPSG:4549"), QgsProcessingContext(),
                   RecordingFeedback(), fields=["surface"], stored_table=geopackage_table(layer))


def read_kept(layer, fields=("highway",), monkeypatch=None):
    """(stored, looped) reads of ``layer`` keeping whole features; the stored read's calls of the Arrow reader."""
    crs = QgsCoordinateReferenceSystem("EPSG:4549")
    stored = read_layer(layer, "roads", crs, QgsProcessingContext(), RecordingFeedback(), fields=list(fields),
                        keep_features=True, stored_table=geopackage_table(layer))
    looped = read_layer(layer, "roads", crs, QgsProcessingContext(), RecordingFeedback(), fields=list(fields),
                        keep_features=True)
    return stored, looped


def assert_same_features(stored, looped):
    assert_same(stored, looped)
    assert [f.id() for f in stored.features] == [f.id() for f in looped.features] == stored.fids.tolist()
    assert [f.attributes() for f in stored.features] == [f.attributes() for f in looped.features]
    stored_geometries = [f.geometry() for f in stored.features]
    looped_geometries = [f.geometry() for f in looped.features]
    assert [g.isNull() for g in stored_geometries] == [g.isNull() for g in looped_geometries]
    assert [g.wkbType() for g in stored_geometries] == [g.wkbType() for g in looped_geometries]
    assert [bytes(g.asWkb()) for g in stored_geometries] == [bytes(g.asWkb()) for g in looped_geometries]


KEPT_ROWS = [row for row in ROWS if row[0] != "LINESTRING EMPTY"] + [
    ("LINESTRING (500300 3400000, 500300 3400100)", "弄堂 lane", "yes", 0.25, 2 ** 40)]


@pytest.mark.parametrize("geometry_type", [ogr.wkbMultiLineString, ogr.wkbMultiLineString25D, ogr.wkbLineStringM])
def test_kept_features_read_as_stored_equal_qgis_features(tmp_path, geometry_type):
    rows = KEPT_ROWS
    if geometry_type == ogr.wkbLineStringM:
        rows = [(wkt.replace("LINESTRING Z", "LINESTRING M") if wkt else None, *values) for wkt, *values in rows
                if wkt is None or not wkt.startswith("MULTI")]
    layer = QgsVectorLayer(write_gpkg(tmp_path / "roads.gpkg", rows, geometry_type), "roads", "ogr")
    stored, looped = read_kept(layer)
    assert all(isinstance(f, layer_io.StoredFeature) for f in stored.features)
    assert_same_features(stored, looped)
    assert stored.features[-1].attributes()[-1] == 2 ** 40
    assert stored.features[1].geometry().isNull()


@pytest.mark.parametrize("case", ["empty geometry", "expression field", "text not UTF-8"])
def test_kept_features_come_from_qgis_where_the_table_is_not_what_qgis_gives(tmp_path, case):
    path = tmp_path / "roads.gpkg"
    layer = QgsVectorLayer(write_gpkg(path, ROWS if case == "empty geometry" else KEPT_ROWS), "roads", "ogr")
    if case == "expression field":
        from qgis.core import QgsField
        from qgis.PyQt.QtCore import QVariant

        layer.addExpressionField("\"cost\" * 2", QgsField("double_cost", QVariant.Double))
    if case == "text not UTF-8":
        dataset = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_UPDATE)  # its SQLite runs the GeoPackage triggers
        dataset.ExecuteSQL("UPDATE roads SET foot = CAST(X'E6AD' AS TEXT) WHERE fid = 1")  # a cut UTF-8 sequence
        dataset = None
        layer = QgsVectorLayer(f"{path}|layername=roads", "roads", "ogr")
    stored, looped = read_kept(layer)
    assert not any(isinstance(f, layer_io.StoredFeature) for f in stored.features)
    assert_same_features(stored, looped)


@pytest.mark.parametrize("gdal_case", ["GDAL before 3.6", "stream fails"])
def test_without_a_working_arrow_stream_qgis_reads_the_table(tmp_path, monkeypatch, gdal_case):
    layer = QgsVectorLayer(write_gpkg(tmp_path / "roads.gpkg"), "roads", "ogr")
    if gdal_case == "GDAL before 3.6":
        monkeypatch.delattr(ogr.Layer, "GetArrowStreamAsNumPy")
    else:
        def failing(*_args, **_kwargs):
            raise RuntimeError("database disk image is malformed")
        monkeypatch.setattr(ogr.Layer, "GetArrowStreamAsNumPy", failing)
    assert layer_io._read_stored_table(geopackage_table(layer), ["highway"], None) is None
    stored, looped = read_both(layer, ["highway", "lanes"])
    assert_same(stored, looped)
    assert len(stored) == len(ROWS)


def test_nullable_column_writes_null_for_every_missing_value():
    import numpy as np

    values = np.array([1.5, np.inf, np.nan, -np.inf, 0.0, -2.25, 1e308])
    column = layer_io.nullable_column(values)
    assert column == [1.5, None, None, None, 0.0, -2.25, 1e308]
    assert all(type(v) is float for v in column if v is not None)  # Python floats, as the writer takes
    assert layer_io.nullable_column([]) == [] and layer_io.nullable_column([3]) == [3.0]
