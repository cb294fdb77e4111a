"""lifecircle:walkingcoverage and lifecircle:sampledistrict through processing.run: the sample district end to
end, bad input named, CRS handling, cancel."""
import csv
import threading
import time
from pathlib import Path

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProcessingException,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from conftest import ROOT, RecordingFeedback, memory_layer, plain
from lifecircle.lifecircle_plugin.core.services import (
    BY_CODE,
    REQUIRED_CODES,
    SERVICE_CODES,
    format_services,
)

ALG = "lifecircle:walkingcoverage"
UNITS = ("DPQ-01", "DPQ-02", "DPQ-03")
METRES_PER_MINUTE = 4000.0 / 60.0  # the default walking speed, 4 km/h
TIERED = str(ROOT / "resources" / "standards_tiered.csv")


def as_layer(output):
    """A Processing output (memory layer object or file path) as a vector layer."""
    layer = output if isinstance(output, QgsVectorLayer) else QgsVectorLayer(output, "output", "ogr")
    assert layer.isValid(), output
    return layer


def rows(output):
    """Features of an output as dicts of plain values."""
    layer = as_layer(output)
    names = layer.fields().names()
    return [dict(zip(names, map(plain, f.attributes()))) for f in layer.getFeatures()]


def run(params, feedback=None):
    import processing

    feedback = feedback or RecordingFeedback()
    return processing.run(ALG, params, feedback=feedback), feedback


def run_error(params):
    """The message of the QgsProcessingException a run raises."""
    feedback = RecordingFeedback()
    with pytest.raises(QgsProcessingException) as caught:
        run(params, feedback)
    return str(caught.value)


# --- the sample district ------------------------------------------------------------------------

def test_sample_district_writes_every_layer_with_its_fields(district):
    from lifecircle.lifecircle_plugin.core.defaults import LAYER_NAMES
    from lifecircle.lifecircle_plugin.core.sample_district import SAMPLE_CRS, generate_sample_district

    expected = generate_sample_district()
    for name in LAYER_NAMES:
        layer = QgsVectorLayer(sample(district, name), name, "ogr")
        assert layer.isValid() and layer.crs().authid() == SAMPLE_CRS, name
        assert layer.featureCount() == len(expected.layer(name)), name
        assert [f for f in layer.fields().names() if f != "fid"] == list(expected.layer(name).field_names), name


def test_sample_district_refuses_another_file_type(lifecircle_provider, tmp_path):
    import processing

    with pytest.raises(QgsProcessingException, match=r"Save the sample district as a \.gpkg file"):
        processing.run("lifecircle:sampledistrict", {"OUTPUT": str(tmp_path / "district.shp")})


def test_cancelled_sample_district_leaves_no_file(lifecircle_provider, tmp_path):
    import processing

    feedback = RecordingFeedback()
    feedback.progressChanged.connect(lambda _progress: feedback.cancel())
    path = tmp_path / "district.gpkg"
    results = processing.run("lifecircle:sampledistrict", {"OUTPUT": str(path)}, feedback=feedback)
    assert results == {} and "Cancelled: nothing was written." in feedback.info
    assert len(feedback.progress) == 1
    assert not path.exists(), "a cancelled run must not leave a half-written GeoPackage"


def sample(district, name):
    return f"{district}|layername={name}"


def sample_params(district, **overrides):
    params = {
        "NETWORK": sample(district, "roads"),
        "FACILITIES": sample(district, "facilities"), "SERVICE_FIELD": "services",
        "DEMAND": sample(district, "compounds"), "POPULATION_FIELD": "population",
        "GATES": sample(district, "gates"),
        "UNITS": sample(district, "units"), "UNIT_ID_FIELD": "unit_id",
        "OUTPUT_DEMAND": "TEMPORARY_OUTPUT", "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT", "OUTPUT_GAPS": "TEMPORARY_OUTPUT",
    }
    params.update(overrides)
    return params


@pytest.fixture(scope="module")
def coverage(district, tmp_path_factory):
    """One run with every output written to files, as a planner would."""
    out = tmp_path_factory.mktemp("coverage")
    results, feedback = run(sample_params(
        district, OUTPUT_DEMAND=str(out / "residents.gpkg"), OUTPUT_SUMMARY=str(out / "summary.csv"),
        OUTPUT_GAPS=str(out / "gaps.gpkg")))
    with open(results["OUTPUT_SUMMARY"], newline="", encoding="utf-8-sig") as handle:
        summary = list(csv.DictReader(handle))
    return {"results": results, "feedback": feedback, "demand": rows(results["OUTPUT_DEMAND"]),
            "summary": summary, "gaps": rows(results["OUTPUT_GAPS"])}


def compound_count(district):
    return QgsVectorLayer(sample(district, "compounds"), "compounds", "ogr").featureCount()


def test_residents_output_has_every_coverage_field(coverage, district):
    demand = coverage["demand"]
    assert len(demand) == compound_count(district) > 30
    expected = [f"{p}_{code}" for code in SERVICE_CODES for p in ("min", "ok")]
    expected += ["n_required_ok", "all_required", "snap_m", "island", "unit_id"]
    assert set(expected) <= set(demand[0])
    for row in demand:
        assert row["unit_id"] in UNITS
        assert row["island"] == 0 and 0 <= row["snap_m"] < 150
        for code in SERVICE_CODES:
            minutes = row[f"min_{code}"]
            assert bool(row[f"ok_{code}"]) == (minutes is not None and minutes <= 15.0), (row["name"], code)
        assert row["n_required_ok"] == sum(bool(row[f"ok_{code}"]) for code in REQUIRED_CODES)
        assert bool(row["all_required"]) == (row["n_required_ok"] == len(REQUIRED_CODES))


def test_summary_rows_agree_with_the_residents_output(coverage):
    demand, summary = coverage["demand"], coverage["summary"]
    services = list(SERVICE_CODES) + ["all_required"]
    assert {(r["unit_id"], r["service"]) for r in summary} == {
        (unit, s) for unit in UNITS + ("ALL",) for s in services}
    assert len(summary) == 4 * len(services)

    def covered(row, service):
        return row["all_required"] if service == "all_required" else row[f"ok_{service}"]

    for line in summary:
        unit, service = line["unit_id"], line["service"]
        members = [r for r in demand if unit == "ALL" or r["unit_id"] == unit]
        population = sum(r["population"] for r in members)
        covered_pop = sum(r["population"] for r in members if covered(r, service))
        assert float(line["population"]) == pytest.approx(population), (unit, service)
        assert float(line["covered_pop"]) == pytest.approx(covered_pop), (unit, service)
        assert float(line["share"]) == pytest.approx(covered_pop / population), (unit, service)
        if service in BY_CODE:
            assert line["service_zh"] == BY_CODE[service].name_zh
            assert float(line["threshold_min"]) == 15.0


def test_gaps_are_exactly_the_residents_missing_an_essential(coverage):
    demand = {r["fid"]: r for r in coverage["demand"]}
    gaps = coverage["gaps"]
    assert {g["source_fid"] for g in gaps} == {fid for fid, r in demand.items() if r["n_required_ok"] < 10}
    for gap in gaps:
        resident = demand[gap["source_fid"]]
        missing = [c for c in REQUIRED_CODES if not resident[f"ok_{c}"]]
        assert gap["name"] == resident["name"] and gap["population"] == resident["population"]
        assert gap["unit_id"] == resident["unit_id"]
        assert gap["n_missing"] == len(missing) == 10 - resident["n_required_ok"]
        assert gap["missing"] == format_services(missing)
        assert gap["missing_zh"] == format_services(missing, "zh")


def test_employment_offered_nowhere_is_null_and_false_everywhere(coverage):
    assert all(r["min_employment"] is None and not r["ok_employment"] for r in coverage["demand"])
    assert all(not r["all_required"] for r in coverage["demand"])
    assert all("employment" in g["missing"].split(",") for g in coverage["gaps"])
    assert len(coverage["gaps"]) == len(coverage["demand"])
    employment = [r for r in coverage["summary"] if r["service"] == "employment"]
    assert [float(r["covered_pop"]) for r in employment] == [0.0] * 4
    assert "employment 就业关怀: 0.0% within 15 min (0 facilities)" in coverage["feedback"].log


def test_headline_and_numeric_outputs(coverage):
    population = sum(r["population"] for r in coverage["demand"])
    results = coverage["results"]
    assert results["RESIDENTS"] == population > 50000
    assert results["COVERED_SHARE"] == 0.0
    assert f"0.0% of {population:,.0f} residents reach all ten essentials" in coverage["feedback"].log
    assert all(Path(results[k]).exists() for k in ("OUTPUT_DEMAND", "OUTPUT_SUMMARY", "OUTPUT_GAPS"))


def test_standards_file_puts_elderly_care_at_5_minutes(district, coverage):
    results, feedback = run(sample_params(district, STANDARDS=TIERED))
    tiered = {r["fid"]: r for r in rows(results["OUTPUT_DEMAND"])}
    flat = {r["fid"]: r for r in coverage["demand"]}
    for fid, row in tiered.items():
        # Thresholds change what counts, never the walking times.
        assert row["min_elderly"] == pytest.approx(flat[fid]["min_elderly"])
        assert bool(row["ok_elderly"]) == (row["min_elderly"] is not None and row["min_elderly"] <= 5.0)
    newly_missing = [fid for fid, row in tiered.items() if flat[fid]["ok_elderly"] and not row["ok_elderly"]]
    assert newly_missing, "some compound lies between 5 and 15 minutes from elderly care"
    thresholds = {(r["unit_id"], r["service"]): r["threshold_min"] for r in rows(results["OUTPUT_SUMMARY"])}
    assert thresholds[("ALL", "elderly")] == 5.0
    assert thresholds[("ALL", "nursery")] == 10.0 and thresholds[("ALL", "health")] == 15.0
    assert "elderly 为老服务:" in feedback.log and "within 5 min" in feedback.log


def test_compound_polygons_are_entered_through_their_gates(district, coverage):
    results, _ = run(sample_params(district, GATES=None))
    ungated = {r["fid"]: r for r in rows(results["OUTPUT_DEMAND"])}
    gated = {r["fid"]: r for r in coverage["demand"]}
    assert ungated.keys() == gated.keys()
    assert "have no gate within" not in coverage["feedback"].log, "every sample compound has a gate"
    for fid, row in gated.items():
        # Gates sit on the compounds' inner paths; a point inside the compound lies tens of metres off.
        assert row["snap_m"] <= 1.0 < 50.0 < ungated[fid]["snap_m"], row["name"]
        assert any(row[f"min_{c}"] != ungated[fid][f"min_{c}"] for c in REQUIRED_CODES), row["name"]

    def essentials_reached(by_fid):
        return sum(r["population"] * r["n_required_ok"] for r in by_fid.values())

    assert essentials_reached(gated) > essentials_reached(ungated)


def test_building_points_count_the_same_residents_as_their_compounds(district, coverage):
    results, feedback = run(sample_params(district, DEMAND=sample(district, "residents"), GATES=None))
    buildings = rows(results["OUTPUT_DEMAND"])
    assert len(buildings) > len(coverage["demand"])
    assert results["RESIDENTS"] == coverage["results"]["RESIDENTS"]
    for unit in UNITS:
        assert sum(r["population"] for r in buildings if r["unit_id"] == unit) == sum(
            r["population"] for r in coverage["demand"] if r["unit_id"] == unit), unit
    assert "reach all ten essentials" in feedback.log


def test_without_units_the_summary_has_the_whole_area_only(district):
    results, _ = run(sample_params(district, UNITS=None, UNIT_ID_FIELD=None))
    assert {r["unit_id"] for r in rows(results["OUTPUT_SUMMARY"])} == {"ALL"}
    assert all(r["unit_id"] is None for r in rows(results["OUTPUT_DEMAND"]))


def test_standards_file_with_an_unknown_service_names_file_and_line(district, tmp_path):
    standards = tmp_path / "standards.csv"
    standards.write_text("service,minutes\nelderly,5\nswimming,10\n", encoding="utf-8")
    message = run_error(sample_params(district, STANDARDS=str(standards)))
    assert "'swimming'" in message and str(standards) in message and "line 3" in message
    assert "elderly" in message and "public_space" in message, "the accepted services are listed"


# --- small hand-made layers in EPSG:4549, near the sample district --------------------------------

X0, Y0 = 640000.0, 3454000.0
CRS = "EPSG:4549"


def wkt_point(dx, dy):
    return f"POINT({X0 + dx} {Y0 + dy})"


def roads(crs=CRS, rows=None, name="roads"):
    """One straight 1 km street along x (by default)."""
    rows = rows if rows is not None else [(f"LINESTRING({X0} {Y0}, {X0 + 1000} {Y0})", [1])]
    return memory_layer("LineString", crs, [("road_id", QVariant.Int)], rows, name)


def facilities(crs=CRS, rows=None, name="facilities", kind="Point"):
    rows = rows if rows is not None else [(wkt_point(100, 10), ["卫生站", "health,party"])]
    return memory_layer(kind, crs, [("name", QVariant.String), ("services", QVariant.String)], rows, name)


def residents(crs=CRS, rows=None, name="residents", kind="Point"):
    rows = rows if rows is not None else [(wkt_point(900, -10), ["东苑", 100])]
    return memory_layer(kind, crs, [("name", QVariant.String), ("population", QVariant.Int)], rows, name)


def tiny_params(network=None, facility_layer=None, demand=None, **overrides):
    params = {
        "NETWORK": network or roads(), "FACILITIES": facility_layer or facilities(), "SERVICE_FIELD": "services",
        "DEMAND": demand or residents(), "POPULATION_FIELD": "population",
        "OUTPUT_DEMAND": "TEMPORARY_OUTPUT", "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT", "OUTPUT_GAPS": "TEMPORARY_OUTPUT",
    }
    params.update(overrides)
    return params


def transformed(layer, crs):
    """A copy of a memory layer in another CRS."""
    transform = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(crs), QgsProject.instance())
    moved = []
    for feature in layer.getFeatures():
        geometry = QgsGeometry(feature.geometry())
        geometry.transform(transform)
        moved.append((geometry.asWkt(12), feature.attributes()))
    fields = [(f.name(), f.type()) for f in layer.fields()]
    return memory_layer(QgsWkbTypes.displayString(layer.wkbType()), crs, fields, moved, layer.name())


def test_tiny_world_walks_along_the_street(lifecircle_provider):
    results, _ = run(tiny_params())
    (row,) = rows(results["OUTPUT_DEMAND"])
    assert row["min_health"] == pytest.approx((800 + 10 + 10) / METRES_PER_MINUTE, abs=1e-6)
    assert row["snap_m"] == pytest.approx(10.0)
    assert row["min_nursery"] is None and row["n_required_ok"] == 2


@pytest.mark.parametrize("role", ["NETWORK", "FACILITIES", "DEMAND"])
def test_empty_layer_is_named(lifecircle_provider, role):
    empty = {"NETWORK": roads(rows=[], name="空路网"), "FACILITIES": facilities(rows=[], name="空设施"),
             "DEMAND": residents(rows=[], name="空居民")}[role]
    message = run_error(tiny_params(**{role: empty}))
    assert f"Layer '{empty.name()}'" in message and "has no features" in message


@pytest.mark.parametrize("role", ["NETWORK", "FACILITIES", "DEMAND"])
def test_layer_without_crs_is_named(lifecircle_provider, role):
    layer = {"NETWORK": roads(crs="", name="no-crs roads"),
             "FACILITIES": facilities(crs="", name="no-crs facilities"),
             "DEMAND": residents(crs="", name="no-crs residents")}[role]
    assert not layer.crs().isValid()
    message = run_error(tiny_params(**{role: layer}))
    assert f"Layer '{layer.name()}' has no coordinate reference system" in message


def test_geographic_layers_are_measured_in_a_local_utm_zone(lifecircle_provider):
    metric, _ = run(tiny_params())
    results, feedback = run(tiny_params(network=transformed(roads(), "EPSG:4326"),
                                        facility_layer=transformed(facilities(), "EPSG:4326"),
                                        demand=transformed(residents(), "EPSG:4326")))
    assert "Layer 'roads' is in EPSG:4326" in feedback.log
    assert "distances are measured in EPSG:32651" in feedback.log
    (row,), (reference,) = rows(results["OUTPUT_DEMAND"]), rows(metric["OUTPUT_DEMAND"])
    # UTM 51N and Gauss-Kruger 120E scale distances differently by a few parts in 10,000.
    assert row["min_health"] == pytest.approx(reference["min_health"], rel=1e-3)
    assert row["snap_m"] == pytest.approx(reference["snap_m"], abs=0.05)


def test_facilities_in_wgs84_over_a_gauss_kruger_network_give_the_same_minutes(district, coverage):
    import processing

    wgs84 = processing.run("native:reprojectlayer", {
        "INPUT": sample(district, "facilities"), "TARGET_CRS": "EPSG:4326", "OUTPUT": "TEMPORARY_OUTPUT"})["OUTPUT"]
    results, feedback = run(sample_params(district, FACILITIES=wgs84))
    mixed = {r["fid"]: r for r in rows(results["OUTPUT_DEMAND"])}
    for fid, reference in ((r["fid"], r) for r in coverage["demand"]):
        for code in SERVICE_CODES:
            if reference[f"min_{code}"] is None:
                assert mixed[fid][f"min_{code}"] is None
            else:
                metres = abs(mixed[fid][f"min_{code}"] - reference[f"min_{code}"]) * METRES_PER_MINUTE
                assert metres <= 0.5, (reference["name"], code, metres)
    assert "distances are measured in" not in feedback.log, "the network's own metric CRS is kept"


def test_self_intersecting_compound_is_repaired_and_named(lifecircle_provider):
    bow_tie = (f"POLYGON(({X0 + 800} {Y0 - 60}, {X0 + 900} {Y0 - 10}, {X0 + 900} {Y0 - 60}, "
               f"{X0 + 800} {Y0 - 10}, {X0 + 800} {Y0 - 60}))")
    assert not QgsGeometry.fromWkt(bow_tie).isGeosValid()
    demand = residents(kind="Polygon", rows=[(bow_tie, ["蝴蝶苑", 300])], name="compounds")
    unit = memory_layer("Polygon", CRS, [("unit_id", QVariant.String)], [
        (f"POLYGON(({X0} {Y0 - 500}, {X0 + 1000} {Y0 - 500}, {X0 + 1000} {Y0}, {X0} {Y0}, {X0} {Y0 - 500}))",
         ["U1"])], "units")
    results, feedback = run(tiny_params(demand=demand, UNITS=unit, UNIT_ID_FIELD="unit_id"))
    assert any("Layer 'compounds': 1 invalid polygon(s) repaired" in w and "1 (蝴蝶苑)" in w
               for w in feedback.warnings)
    (row,) = rows(results["OUTPUT_DEMAND"])
    assert row["ok_health"] and row["min_health"] < 15 and row["unit_id"] == "U1"


def test_every_part_of_a_multipoint_is_an_entrance(lifecircle_provider):
    far_and_near = f"MULTIPOINT(({X0 + 900} {Y0 - 10}), ({X0 + 150} {Y0 - 10}))"
    demand = residents(kind="MultiPoint", rows=[(far_and_near, ["两门苑", 100])])
    site = f"MULTIPOINT(({X0 + 1000} {Y0 + 10}), ({X0 + 100} {Y0 + 10}))"
    clinic = facilities(kind="MultiPoint", rows=[(site, ["两址卫生站", "health"])])
    results, feedback = run(tiny_params(facility_layer=clinic, demand=demand))
    (row,) = rows(results["OUTPUT_DEMAND"])
    assert row["min_health"] == pytest.approx((50 + 10 + 10) / METRES_PER_MINUTE, abs=1e-6)
    assert "1 multipoint feature(s); each part is used as an entrance" in feedback.log


def test_null_and_negative_population_name_the_features(lifecircle_provider):
    demand = residents(rows=[(wkt_point(900, -10), ["东苑", 100]), (wkt_point(800, -10), ["西苑", None]),
                             (wkt_point(700, -10), ["南苑", -5])], name="居住小区")
    message = run_error(tiny_params(demand=demand))
    assert "Population field 'population' of layer '居住小区'" in message
    assert "2 feature(s): 2 (西苑), 3 (南苑)" in message


def test_unknown_service_lists_the_accepted_ones(lifecircle_provider):
    message = run_error(tiny_params(facility_layer=facilities(
        rows=[(wkt_point(100, 10), ["卫生站", "health"]), (wkt_point(200, 10), ["游泳馆", "health, swimming"])],
        name="设施点")))
    assert "Layer '设施点', feature 2 (游泳馆), field 'services': unknown service 'swimming'" in message
    assert all(code in message for code in SERVICE_CODES)
    assert "为老服务" in message


def test_network_with_no_walkable_line_is_named(lifecircle_provider):
    fields = [("highway", QVariant.String), ("foot", QVariant.String)]
    closed = memory_layer("LineString", CRS, fields, [
        (f"LINESTRING({X0} {Y0}, {X0 + 1000} {Y0})", ["footway", "no"]),
        (f"LINESTRING({X0 + 1000} {Y0}, {X0 + 1000} {Y0 + 500})", ["residential", "no"])], "封闭道路")
    message = run_error(tiny_params(network=closed))
    assert "'封闭道路'" in message and "No walkable line" in message


def test_facilities_all_beyond_the_snap_limit(lifecircle_provider):
    remote = facilities(rows=[(wkt_point(500, 400), ["远处站", "health"])], name="远处设施")
    message = run_error(tiny_params(facility_layer=remote, MAX_SNAP_M=150))
    assert "No facility of layer '远处设施' lies within 150 m of the walking network" in message


def test_residents_beyond_the_snap_limit_are_kept_with_null_and_named(lifecircle_provider):
    demand = residents(rows=[(wkt_point(900, -10), ["东苑", 100]), (wkt_point(500, -400), ["飞地苑", 40])])
    results, feedback = run(tiny_params(demand=demand, MAX_SNAP_M=150))
    near, far = sorted(rows(results["OUTPUT_DEMAND"]), key=lambda r: r["snap_m"] is None)
    assert near["ok_health"] and far["name"] == "飞地苑"
    assert far["snap_m"] is None and far["min_health"] is None and not far["ok_health"]
    assert far["n_required_ok"] == 0 and far["island"] == -1
    assert any("1 residents of 'residents' are farther than 150 m" in w and "2 (飞地苑)" in w
               for w in feedback.warnings)
    assert results["RESIDENTS"] == 140


# --- cancel ---------------------------------------------------------------------------------------

def file_outputs(tmp_path):
    return {"OUTPUT_DEMAND": str(tmp_path / "residents.gpkg"), "OUTPUT_SUMMARY": str(tmp_path / "summary.csv"),
            "OUTPUT_GAPS": str(tmp_path / "gaps.gpkg")}


def assert_stopped_without_output(results, feedback, tmp_path):
    assert results == {}
    assert "Cancelled: nothing was written." in feedback.info
    assert not any("residents reach all ten essentials" in line for line in feedback.info)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("reports_before_cancel", [1, 4])
def test_cancel_after_a_progress_report_stops_at_once(district, tmp_path, reports_before_cancel):
    """1: right after the network is read; 4: inside the shortest-walk passes."""
    feedback = RecordingFeedback()
    cancelled_at = []

    def cancel_at_report(_progress):
        if len(feedback.progress) == reports_before_cancel:
            cancelled_at.append(time.perf_counter())
            feedback.cancel()

    feedback.progressChanged.connect(cancel_at_report)
    results, _ = run(sample_params(district, **file_outputs(tmp_path)), feedback)
    assert_stopped_without_output(results, feedback, tmp_path)
    assert time.perf_counter() - cancelled_at[0] < 0.5
    assert len(feedback.progress) == reports_before_cancel, "no progress is reported once cancelled"


def test_cancel_while_writing_removes_the_outputs_already_written(district, tmp_path):
    """Cancelled once the walks are done: outputs written before the cancel are taken away again."""
    feedback = RecordingFeedback()
    feedback.progressChanged.connect(lambda progress: progress >= 80 and feedback.cancel())
    results, _ = run(sample_params(district, **file_outputs(tmp_path)), feedback)
    assert_stopped_without_output(results, feedback, tmp_path)


def test_cancel_from_another_thread_stops_the_run(district, tmp_path):
    feedback = RecordingFeedback()
    started = threading.Event()
    canceller = threading.Thread(target=lambda: started.wait(10) and feedback.cancel())
    canceller.start()

    def hand_over(_progress):
        # The run pauses at its first progress report until the other thread has pressed Cancel,
        # so the test does not depend on thread timing.
        if not started.is_set():
            started.set()
            canceller.join(10)

    feedback.progressChanged.connect(hand_over)
    begin = time.perf_counter()
    results, _ = run(sample_params(district, **file_outputs(tmp_path)), feedback)
    canceller.join(10)
    assert not canceller.is_alive() and feedback.isCanceled()
    assert_stopped_without_output(results, feedback, tmp_path)
    assert time.perf_counter() - begin < 5.0


def test_resident_without_geometry_is_kept_and_named_once_for_what_it_lacks(lifecircle_provider):
    demand = residents(rows=[(None, ["无址苑", 10]), (wkt_point(900, -10), ["东苑", 10])], name="居民")
    results, feedback = run(tiny_params(demand=demand))
    missing, placed = rows(results["OUTPUT_DEMAND"])
    assert missing["name"] == "无址苑" and missing["min_health"] is None and missing["snap_m"] is None
    assert placed["ok_health"]
    assert any("Layer '居民': 1 feature(s) without geometry" in w and "1 (无址苑)" in w for w in feedback.warnings)
    assert not any("farther than" in w for w in feedback.warnings), "a feature without geometry is not far away"


def test_metres_labelled_as_degrees_name_the_feature(lifecircle_provider):
    """Coordinates in metres in a layer claiming EPSG:4326 cannot be transformed: the message says which feature."""
    import processing

    network = memory_layer("LineString", "EPSG:4549", [("highway", QVariant.String)],
                           [("LINESTRING(640000 3450000, 641000 3450000)", ["residential"])], "roads")
    mislabelled = memory_layer("Point", "EPSG:4326", [("services", QVariant.String)],
                               [("POINT(640000 3450010)", ["health"])], "facilities")
    residents = memory_layer("Point", "EPSG:4549", [("pop", QVariant.Int)],
                             [("POINT(640500 3450005)", [10])], "residents")
    with pytest.raises(QgsProcessingException, match=r"Feature 1 of layer 'facilities' cannot be transformed"):
        processing.run("lifecircle:walkingcoverage", {
            "NETWORK": network, "FACILITIES": mislabelled, "SERVICE_FIELD": "services", "DEMAND": residents,
            "POPULATION_FIELD": "pop", "OUTPUT_DEMAND": "memory:", "OUTPUT_SUMMARY": "memory:",
            "OUTPUT_GAPS": "memory:"})


def test_summary_csv_opens_right_in_excel(coverage):
    """A UTF-8 BOM (Excel otherwise garbles 党群服务) and the share also as a percentage."""
    path = coverage["results"]["OUTPUT_SUMMARY"]
    with open(path, "rb") as handle:
        assert handle.read(3) == b"\xef\xbb\xbf", f"{path} has no UTF-8 BOM"
    rows_with_share = [r for r in coverage["summary"] if r["share"]]
    assert rows_with_share
    for row in rows_with_share:
        assert float(row["share_pct"]) == pytest.approx(100 * float(row["share"]), abs=0.05), row
    assert any(r["service_zh"] == "党群服务" for r in coverage["summary"])
