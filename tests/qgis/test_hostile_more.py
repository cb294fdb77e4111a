"""More hostile input through processing.run, one test per hole found: invalid geometries under each
Processing setting, layers of the wrong geometry, degrees under a metric CRS claim, two outputs set to one
file, values too large to compute with, network coordinates that are not numbers, geometry collections. Each run
is refused naming the thing, or right."""
import pytest
from qgis.core import QgsFeatureRequest, QgsProcessingContext, QgsProcessingException
from qgis.PyQt.QtCore import QVariant

import hostile_data as hd
from conftest import RecordingFeedback, memory_layer, qgis_language, rows
from test_hostile_inputs import blueprint_copy, ds  # noqa: F401 (ds: the fixture of the hostile suite)

CRS = "EPSG:4549"
TEMP = "TEMPORARY_OUTPUT"
X, Y = hd.X0, hd.Y0
BOWTIE = f"POLYGON(({X - 100} {Y - 100}, {X + 900} {Y + 900}, {X + 900} {Y - 100}, {X - 100} {Y + 900}, " \
         f"{X - 100} {Y - 100}))"
SQUARE = f"POLYGON(({X - 100} {Y - 100}, {X + 900} {Y - 100}, {X + 900} {Y + 900}, {X - 100} {Y + 900}, " \
         f"{X - 100} {Y - 100}))"


def network(rows_=None, kind="LineString", crs=CRS):
    rows_ = rows_ if rows_ is not None else [(w, ["footway"]) for w in hd.grid_lines()]
    return memory_layer(kind, crs, [("highway", QVariant.String)], rows_, name="路网")


def facilities(rows_=None, kind="Point"):
    rows_ = rows_ if rows_ is not None else [(hd.point(1, 1), ["clinic", "health,elderly", 10.0]),
                                             (hd.point(3, 3), ["nursery", "nursery", 20.0])]
    return memory_layer(kind, CRS, [("name", QVariant.String), ("services", QVariant.String),
                                    ("cap", QVariant.Double)], rows_, name="设施")


def residents():
    return memory_layer("Point", CRS, [("name", QVariant.String), ("population", QVariant.Double)],
                        [(hd.point(i, j), [f"h{i}{j}", 100.0]) for i in (0, 2, 4) for j in (0, 2, 4)], name="居民")


def units(rows_):
    return memory_layer("Polygon", CRS, [("unit_id", QVariant.String)], rows_, name="单元")


def coverage(**overrides):
    params = {"NETWORK": network(), "FACILITIES": facilities(), "SERVICE_FIELD": "services", "DEMAND": residents(),
              "POPULATION_FIELD": "population", "OUTPUT_DEMAND": TEMP, "OUTPUT_SUMMARY": TEMP}
    params.update(overrides)
    return params


def run(alg, params, context=None):
    import processing

    feedback = RecordingFeedback()
    return processing.run(f"lifecircle:{alg}", params, context=context, feedback=feedback), feedback


def refusal(alg, params):
    with pytest.raises(QgsProcessingException) as caught:
        run(alg, params)
    message = str(caught.value)
    assert "bug in LifeCircle" not in message and "Traceback" not in message, message
    return message


# --- invalid geometries: QGIS's own check threw a C++ exception through Python's iteration -----------
# (the run ended, and QGIS crashed a moment later: "unknown opcode", a segmentation fault)

@pytest.mark.parametrize("alg, params, layer, feature", [
    ("walkingcoverage", lambda: coverage(UNITS=units([(SQUARE, ["U0"]), (BOWTIE, ["U1"])]), UNIT_ID_FIELD="unit_id"),
     "单元", "Feature 2"),
    ("preparenetwork", lambda: {"NETWORK": network([(f"LINESTRING({X} {Y}, {X + 800} {Y})", ["footway"]),
                                                    (f"LINESTRING({X} {Y}, {X} {Y})", ["footway"])]),
                                "OUTPUT": TEMP}, "路网", "Feature 2"),
    ("fixchinacoords", lambda: {"INPUT": memory_layer("Polygon", "EPSG:4326", [("name", QVariant.String)], [
        ("POLYGON((121 31, 121.1 31.1, 121.1 31, 121 31.1, 121 31))", ["b"])], name="地块"),
        "SOURCE_SYSTEM": 2, "TARGET_SYSTEM": 0, "OUTPUT": TEMP}, "地块", "Feature 1"),
    ("classifyfacilities", lambda: {"INPUT": memory_layer("Polygon", CRS, [("type", QVariant.String)], [
        (BOWTIE, ["医疗保健服务;诊所;诊所"])], name="兴趣点"), "SOURCE": 1, "TYPE_FIELD": "type", "OUTPUT": TEMP},
     "兴趣点", "Feature 1"),
], ids=["units", "network-zero-length", "fixchinacoords", "classifyfacilities"])
def test_an_invalid_geometry_stops_the_run_naming_layer_and_feature(lifecircle_provider, alg, params, layer, feature):
    message = refusal(alg, params())
    assert f"{feature} of layer '{layer}'" in message and "Fix geometries" in message
    results, _ = run("walkingcoverage", coverage())  # QGIS lives on
    assert results["OUTPUT_DEMAND"].featureCount() == 9


def test_an_invalid_geometry_is_skipped_with_a_warning_when_processing_says_so(lifecircle_provider):
    context = QgsProcessingContext()
    context.setInvalidGeometryCheck(QgsFeatureRequest.GeometrySkipInvalid)
    results, feedback = run("walkingcoverage", coverage(
        UNITS=units([(BOWTIE, ["U1"]), (SQUARE, ["U2"])]), UNIT_ID_FIELD="unit_id"), context)
    assert "Layer '单元': 1 feature(s) with an invalid geometry skipped" in feedback.log
    assert {r["unit_id"] for r in rows(results["OUTPUT_SUMMARY"])} == {"U2", "ALL"}


def test_an_empty_unit_is_no_invalid_one(lifecircle_provider):
    results, _ = run("walkingcoverage", coverage(UNITS=units([("POLYGON EMPTY", ["U0"]), (SQUARE, ["U1"])]),
                                                 UNIT_ID_FIELD="unit_id"))
    assert {r["unit_id"] for r in rows(results["OUTPUT_SUMMARY"])} == {"U1", "ALL"}


# --- layers that are not what they claim to be ------------------------------------------------------

def test_polygons_given_as_the_network_are_refused(lifecircle_provider):
    message = refusal("preparenetwork", {"NETWORK": network([(hd.square(1, 1, 300), ["footway"])], "Polygon"),
                                         "OUTPUT": TEMP})
    assert "Layer '路网' must hold the lines" in message and "Polygons to lines" in message


def test_degrees_under_a_metric_crs_claim_are_refused(lifecircle_provider):
    lines = [("LINESTRING(121.40 31.20, 121.41 31.20)", ["footway"]), ("LINESTRING(121.41 31.20, 121.41 31.21)",
                                                                         ["footway"])]
    message = refusal("serviceareas", {"NETWORK": network(lines), "FACILITIES": facilities(),
                                       "SERVICE_FIELD": "services", "OUTPUT": TEMP})
    assert "Layer '路网' claims EPSG:4549" in message and "EPSG:4326" in message


@pytest.mark.parametrize("bad", ["nan", "1e300"])  # (GDAL cannot store the extent of an infinite one)
def test_a_network_line_with_coordinates_that_are_not_numbers_is_refused(lifecircle_provider, tmp_path, bad):
    from osgeo import ogr

    path = hd.write_layer(tmp_path / "roads.gpkg", "roads", ogr.wkbLineString, [("highway", hd.TEXT)],
                          [(f"LINESTRING({X} {Y}, {X + 800} {Y})", ["footway"])])
    dataset = ogr.Open(str(tmp_path / "roads.gpkg"), 1)
    layer = dataset.GetLayerByName("roads")
    line = ogr.Geometry(ogr.wkbLineString)  # WKT cannot carry it: written as a geometry
    line.AddPoint_2D(X, Y)
    line.AddPoint_2D(float(bad), Y + 100)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(line)
    feature.SetField("highway", "footway")
    layer.CreateFeature(feature)
    dataset = layer = None
    for alg, params in (("walkingcoverage", coverage(NETWORK=path)), ("preparenetwork", {"NETWORK": path,
                                                                                         "OUTPUT": TEMP})):
        if bad != "1e300":  # GEOS finds the others invalid, and Processing's default check stops there
            assert "Feature 2 of layer 'roads (roads.gpkg)' has an invalid geometry" in refusal(alg, params)
        unchecked = QgsProcessingContext()  # Processing set to ignore invalid geometries: still refused
        unchecked.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
        with pytest.raises(QgsProcessingException) as caught:
            run(alg, params, unchecked)
        message = str(caught.value)
        assert "1 line(s) have coordinates that are not numbers or lie beyond any map" in message and ": 2." in \
            message, message


def test_a_geometry_collection_facility_is_reached_from_its_point_on_surface(lifecircle_provider, tmp_path):
    from osgeo import ogr

    # A GeoPackage 'GEOMETRY' column; QGIS 3.22 loses the CRS of one whose first feature is a collection.
    layer = hd.write_layer(tmp_path / "mixed.gpkg", "facilities", ogr.wkbUnknown,
                           [("name", hd.TEXT), ("services", hd.TEXT)],
                           [(hd.point(3, 3), ["point", "elderly"]),
                            (f"GEOMETRYCOLLECTION({hd.point(1, 1)}, LINESTRING({X + 200} {Y + 200}, {X + 200} "
                             f"{Y + 260}))", ["collection", "health"])])
    results, feedback = run("walkingcoverage", coverage(FACILITIES=layer))
    assert "1 geometry collection(s) are reached from their point-on-surface (features 2 (collection))" in \
        feedback.log and "farther than" not in feedback.log
    assert all(r["min_health"] is not None for r in rows(results["OUTPUT_DEMAND"]))


def test_fixchinacoords_refuses_geometry_collections_naming_them(lifecircle_provider, tmp_path):
    from osgeo import ogr

    layer = hd.write_layer(tmp_path / "mixed.gpkg", "pois", ogr.wkbUnknown, [("name", hd.TEXT)], [
        ("POINT(121.4 31.2)", ["p"]), ("GEOMETRYCOLLECTION(POINT(121.4 31.2), LINESTRING(121.4 31.2, 121.5 31.3))",
                                       ["c"])], epsg=4326)
    message = refusal("fixchinacoords", {"INPUT": layer, "SOURCE_SYSTEM": 2, "TARGET_SYSTEM": 0, "OUTPUT": TEMP})
    assert "holds geometry collections (features 2)" in message and "Multipart to Singleparts" in message


# --- outputs -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("locale, expected", [("en_US", "one would replace the other"),
                                              ("zh-Hans", "后写的会覆盖先写的")])
def test_two_outputs_set_to_one_file_are_refused_and_the_file_kept(lifecircle_provider, tmp_path, locale, expected):
    # Both were written, one over the other, and the results named the file twice.
    target = tmp_path / "result.gpkg"
    target.write_bytes(b"an earlier result")
    with qgis_language(locale):
        message = refusal("walkingcoverage", coverage(OUTPUT_DEMAND=str(target), OUTPUT_GAPS=str(target)))
    assert expected in message and str(target) in message
    assert target.read_bytes() == b"an earlier result" and [p.name for p in tmp_path.iterdir()] == ["result.gpkg"]


def test_webmap_coordinates_off_the_globe_are_refused(lifecircle_provider, tmp_path):
    # A QgsCsException from the transform to WGS 84 ended as "a bug in LifeCircle"
    def params(far):
        return {"NETWORK": network([(f"LINESTRING({far} {far}, {far + 800} {far})", ["footway"])]),
                "FACILITIES": facilities([(f"POINT({far} {far})", ["a", "health", 1.0])]),
                "SERVICE_FIELD": "services", "OUTPUT_FOLDER": str(tmp_path / "map")}

    message = refusal("exportwebmap", params(1e8))  # 100,000 km: off the globe
    assert "EPSG:4549 cannot be converted to EPSG:4326" in message and "1e+08" in message
    message = refusal("exportwebmap", params(1e12))  # beyond any map: the network's own check comes first
    assert "Layer '路网': 1 line(s) have coordinates that are not numbers or lie beyond any map" in message
    assert not (tmp_path / "map").exists()


def test_capacities_too_large_are_refused_not_turned_into_nan(lifecircle_provider):
    message = refusal("accessibility", {
        "NETWORK": network(), "SERVICE_FIELD": "services", "CAPACITY_FIELD": "cap", "DEMAND": residents(),
        "FACILITIES": facilities([(hd.point(1, 1), ["a", "elderly", 1e308]),
                                  (hd.point(3, 3), ["b", "elderly", 1e308])]),
        "POPULATION_FIELD": "population", "MINUTES": 10.0, "OUTPUT_DEMAND": TEMP})
    assert "Capacity field 'cap' of layer '设施' holds values too large" in message


def test_more_sites_than_candidates_says_so_plainly(lifecircle_provider):
    candidates = memory_layer("Point", CRS, [("name", QVariant.String), ("area", QVariant.Double)],
                              [(hd.point(2, 2), ["a", 150.0]), (hd.point(2, 4), ["b", 180.0])], name="候选")
    message = refusal("suggestsites", {"NETWORK": network(), "DEMAND": residents(), "POPULATION_FIELD": "population",
                                       "CANDIDATES": candidates, "FLOOR_AREA_FIELD": "area", "COUNT": 3,
                                       "OUTPUT": TEMP})
    assert "3 new sites asked for, but layer '候选' has only 2 candidates" in message and "()" not in message


@pytest.mark.parametrize("key, name", [("OUTPUT_SUMMARY", "summary.txt"), ("OUTPUT_DEMAND", "residents.dxf")])
def test_an_output_format_that_cannot_take_the_layer_is_refused_naming_the_output(lifecircle_provider, tmp_path,
                                                                                   key, name):
    # QGIS's words alone: "Could not create layer …: Creation of layer failed (OGR error: …)"
    message = refusal("walkingcoverage", coverage(**{key: str(tmp_path / name)}))
    assert f"cannot be created at {tmp_path / name}" in message and "the format takes this kind of layer" in message
    assert "OGR error" in message and ".lifecircle-" not in message and not list(tmp_path.iterdir())


def test_a_folder_where_the_report_pdf_goes_is_refused_before_the_run(lifecircle_provider, tmp_path):
    # Found at the end, in postProcessAlgorithm: the HTML was left, the CSV lost, and processing.run returned
    # the CSV's path as a result.
    (tmp_path / "report.pdf").mkdir()
    message = refusal("walkingcoverage", coverage(OUTPUT_REPORT=str(tmp_path / "report.html"),
                                                  OUTPUT_SUMMARY=str(tmp_path / "summary.csv")))
    assert f"Cannot write {tmp_path / 'report.pdf'}: it is a folder" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]


def test_an_output_at_the_path_of_the_report_pdf_is_refused(lifecircle_provider, tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"an earlier result")
    message = refusal("walkingcoverage", coverage(OUTPUT_REPORT=str(tmp_path / "x.html"),
                                                  OUTPUT_SUMMARY=str(tmp_path / "x.pdf")))
    assert "Outputs 'Coverage by unit and service' and 'Report (PDF)'" in message and str(tmp_path / "x.pdf") in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pdf"]
    assert (tmp_path / "x.pdf").read_bytes() == b"an earlier result"


@pytest.mark.parametrize("column, raw", [("budget_wan", "很多"), ("reserve_year", "明年")])
def test_planimpact_refuses_text_a_geopackage_keeps_in_a_numeric_column(ds, tmp_path, column, raw):  # noqa: F811
    # QGIS reads such text as NULL: P01 was scheduled as "no budget" or "outside the plan" without a word of why
    message = refusal("planimpact", {
        "INPUT": blueprint_copy(tmp_path, ds, column, raw), "NETWORK": ds["roads"], "FACILITIES": ds["facilities"],
        "SERVICE_FIELD": "services", "DEMAND": ds["residents"], "POPULATION_FIELD": "population",
        "BUDGETS": "2027:100;2028:100;2029:100", "OUTPUT": TEMP})
    assert f"P01 ({column})" in message and raw in message
