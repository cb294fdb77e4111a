"""Data-preparation algorithms through processing.run: fixchinacoords, classifyfacilities, preparenetwork."""
import math

import pytest
from qgis.core import (
    QgsProcessingException,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from conftest import RecordingFeedback, memory_layer, plain, shared_data
from lifecircle.processing_algorithms.classify_facilities import parse_other_tags

pytestmark = pytest.mark.usefixtures("lifecircle_provider")

# googollee/eviltransform python/test.py, the Shanghai pair (as in tests/test_chinacoords.py).
SHANGHAI_WGS = (121.5272106, 31.1774276)
SHANGHAI_GCJ = (121.531541859215, 31.17530398364597)


def run(algorithm, params):
    import processing

    feedback = RecordingFeedback()
    return processing.run(f"lifecircle:{algorithm}", params, feedback=feedback), feedback


def as_layer(output):
    layer = output if isinstance(output, QgsVectorLayer) else QgsVectorLayer(output, "output", "ogr")
    assert layer.isValid(), output
    return layer


def rows(output):
    layer = as_layer(output)
    names = layer.fields().names()
    return [dict(zip(names, map(plain, f.attributes())), geometry=f.geometry()) for f in layer.getFeatures()]


def haversine_m(a, b):
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))


def vertices(geometry):
    return [(p.x(), p.y()) for p in geometry.vertices()]


# --- fixchinacoords -------------------------------------------------------------------------

def fix(layer, source, target, **extra):
    return run("fixchinacoords", dict(INPUT=layer, SOURCE_SYSTEM=source, TARGET_SYSTEM=target,
                                      OUTPUT="TEMPORARY_OUTPUT", **extra))


WGS84, CGCS2000, GCJ02, BD09 = range(4)


def test_gcj02_control_point_to_wgs84_within_a_metre_keeping_attributes():
    layer = memory_layer("Point", "EPSG:4326", [("name", QVariant.String), ("n", QVariant.Int)],
                         [("POINT({} {})".format(*SHANGHAI_GCJ), ["浦东 POI", 7])], name="amap_pois")
    result, feedback = fix(layer, GCJ02, WGS84)
    out = as_layer(result["OUTPUT"])
    assert out.crs().authid() == "EPSG:4326"
    (row,) = rows(out)
    assert (row["name"], row["n"]) == ("浦东 POI", 7)
    assert haversine_m(vertices(row["geometry"])[0], SHANGHAI_WGS) < 1.0
    assert result["FEATURES_OUTSIDE_CHINA"] == 0 and not feedback.warnings


def test_wgs84_to_cgcs2000_is_a_relabel_and_lines_and_polygons_keep_their_shape():
    line = memory_layer("LineString", "EPSG:4326", [("id", QVariant.Int)],
                        [("LINESTRING({0} {1}, {2} {3})".format(*SHANGHAI_WGS, *SHANGHAI_GCJ), [1])])
    result, _ = fix(line, WGS84, CGCS2000)
    out = as_layer(result["OUTPUT"])
    assert out.crs().authid() == "EPSG:4490"
    assert vertices(rows(out)[0]["geometry"]) == pytest.approx([SHANGHAI_WGS, SHANGHAI_GCJ], abs=1e-12)

    square = "POLYGON((121.46 31.20, 121.47 31.20, 121.47 31.21, 121.46 31.21, 121.46 31.20))"
    polygon = memory_layer("Polygon", "EPSG:4326", [("id", QVariant.Int)], [(square, [1])])
    result, _ = fix(polygon, WGS84, GCJ02)
    (row,) = rows(result["OUTPUT"])
    ring = vertices(row["geometry"])
    assert len(ring) == 5 and ring[0] == ring[-1]
    # Every vertex moved by the several hundred metres of GCJ-02's shift.
    assert all(300 < haversine_m(a, b) < 700 for a, b in zip(ring, vertices(polygon.getFeature(1).geometry())))


@pytest.mark.parametrize("system", [GCJ02, BD09])
def test_round_trip_returns_every_vertex_within_a_metre(system):
    coords = [(121.4642, 31.2074), (121.4700, 31.2031), (121.4811, 31.1990), (121.4589, 31.2102)]
    wkt = "LINESTRING({})".format(", ".join(f"{x} {y}" for x, y in coords))
    layer = memory_layer("LineString", "EPSG:4326", [("id", QVariant.Int)], [(wkt, [1])])
    there, _ = fix(layer, system, WGS84)
    back, _ = fix(as_layer(there["OUTPUT"]), WGS84, system)
    moved = vertices(rows(there["OUTPUT"])[0]["geometry"])
    returned = vertices(rows(back["OUTPUT"])[0]["geometry"])
    assert all(haversine_m(a, b) > 300 for a, b in zip(coords, moved))
    assert max(haversine_m(a, b) for a, b in zip(coords, returned)) < 1.0


def test_features_outside_china_are_copied_unchanged_with_a_warning():
    layer = memory_layer("Point", "EPSG:4326", [("name", QVariant.String)],
                         [("POINT({} {})".format(*SHANGHAI_GCJ), ["Shanghai"]), ("POINT(2.3522 48.8566)", ["Paris"])],
                         name="mixed")
    result, feedback = fix(layer, GCJ02, WGS84)
    assert result["FEATURES_OUTSIDE_CHINA"] == 1
    assert any("outside China" in w and "'mixed'" in w and "2" in w for w in feedback.warnings)
    by_name = {r["name"]: vertices(r["geometry"])[0] for r in rows(result["OUTPUT"])}
    assert by_name["Paris"] == (2.3522, 48.8566)
    assert haversine_m(by_name["Shanghai"], SHANGHAI_WGS) < 1.0


def test_projected_layer_is_refused_with_the_layer_named():
    layer = memory_layer("Point", "EPSG:4549", [("id", QVariant.Int)], [("POINT(500000 3450000)", [1])],
                         name="pois_gk")
    with pytest.raises(QgsProcessingException, match=r"'pois_gk'.*EPSG:4549.*projected.*Reproject.*EPSG:4326"):
        fix(layer, GCJ02, WGS84)


def test_metres_in_a_degrees_layer_name_the_feature_and_same_systems_are_refused():
    layer = memory_layer("Point", "EPSG:4326", [("id", QVariant.Int)],
                         [("POINT({} {})".format(*SHANGHAI_GCJ), [1]), ("POINT(500000 3450000)", [2])], name="bad")
    with pytest.raises(QgsProcessingException, match=r"Feature 2 of layer 'bad'.*not longitudes/latitudes"):
        fix(layer, GCJ02, WGS84)
    with pytest.raises(QgsProcessingException, match="nothing to convert"):
        fix(layer, BD09, BD09)


def test_densify_adds_vertices_on_long_segments():
    layer = memory_layer("LineString", "EPSG:4326", [("id", QVariant.Int)],
                         [("LINESTRING(121.40 31.20, 121.42 31.20)", [1])])  # about 1.9 km
    plain_result, _ = fix(layer, GCJ02, WGS84)
    dense_result, _ = fix(layer, GCJ02, WGS84, DENSIFY_M=100)
    assert len(vertices(rows(plain_result["OUTPUT"])[0]["geometry"])) == 2
    dense = vertices(rows(dense_result["OUTPUT"])[0]["geometry"])
    assert len(dense) >= 20 and dense[0] == vertices(rows(plain_result["OUTPUT"])[0]["geometry"])[0]


# --- classifyfacilities ---------------------------------------------------------------------

def classify_layer(layer, **params):
    return run("classifyfacilities", dict(INPUT=layer, OUTPUT="TEMPORARY_OUTPUT",
                                          OUTPUT_UNMAPPED="TEMPORARY_OUTPUT", **params))


def test_dapuqiao_osm_public_services():
    """Real data: 打浦桥 public services (© OpenStreetMap contributors, ODbL)."""
    layer = QgsVectorLayer(str(shared_data("dapuqiao-osm", "public_services.geojson")), "public_services", "ogr")
    result, feedback = classify_layer(layer, SOURCE=0)
    out = rows(result["OUTPUT"])
    assert len(out) == 89
    by_name = {r["name"]: r for r in out}
    centre = by_name["打浦桥社区卫生中心"]
    assert (centre["services"], centre["services_zh"], centre["matched_by"]) == ("health", "医疗卫生", "mapping")
    assert by_name["小骑士幼儿园"]["services"] == "nursery"
    transport = [r for r in out if r["service_group"] == "public_transport"]
    assert len(transport) == 73
    assert all(r["services"] is None and r["matched_by"] == "not_a_service" for r in transport)
    assert (result["WITH_SERVICE"], result["WITHOUT_SERVICE"]) == (8, 81)
    assert rows(result["OUTPUT_UNMAPPED"]) == []
    assert "81 features got no service" in feedback.log
    assert as_layer(result["OUTPUT"]).crs().authid() == "EPSG:4326"


AMAP_FIELDS = [("name", QVariant.String), ("type", QVariant.String), ("services", QVariant.String)]
AMAP_ROWS = [
    ("POINT(121.466 31.204)", ["打浦桥社区卫生服务中心", "医疗保健服务;综合医院;三级甲等医院", None]),
    ("POINT(121.467 31.205)", ["肯德基", "餐饮服务;快餐厅;肯德基", ""]),
    ("POINT(121.468 31.206)", ["体彩", "生活服务;彩票彩券销售点;体育彩票销售点", None]),
    ("POINT(121.469 31.207)", ["福彩", "生活服务;彩票彩券销售点;福利彩票销售点", None]),
    ("POINT(121.470 31.208)", ["长者照护之家", "公司企业;公司;公司", "为老服务"]),
    ("POINT(121.471 31.209)", ["无类型", None, None]),
]


def test_amap_types_unmapped_table_and_kept_services():
    layer = memory_layer("Point", "EPSG:4326", AMAP_FIELDS, AMAP_ROWS, name="amap")
    result, feedback = classify_layer(layer, SOURCE=1, TYPE_FIELD="type", KEEP_EXISTING="services")
    out = rows(result["OUTPUT"])
    # The input 'services' field is replaced, not duplicated.
    assert as_layer(result["OUTPUT"]).fields().names() == ["name", "type", "services", "services_zh", "matched_by"]
    got = {r["name"]: (r["services"], r["matched_by"]) for r in out}
    assert got == {
        "打浦桥社区卫生服务中心": ("health", "mapping"),
        "肯德基": (None, "not_a_service"),
        "体彩": (None, "unmapped"),
        "福彩": (None, "unmapped"),
        "长者照护之家": ("elderly", "existing"),
        "无类型": (None, "no_category"),
    }
    assert {(r["category"], r["count"]) for r in rows(result["OUTPUT_UNMAPPED"])} == {
        ("生活服务;彩票彩券销售点;体育彩票销售点", 1), ("生活服务;彩票彩券销售点;福利彩票销售点", 1)}
    assert any("2 categories could not be mapped" in w for w in feedback.warnings)
    assert "4 features got no service" in feedback.log


def test_user_mapping_csv_maps_what_the_builtin_table_cannot(tmp_path):
    mapping = tmp_path / "my_mapping.csv"
    mapping.write_text(
        "source,key,value,requires,services,note\n"
        "amap,type,生活服务;彩票彩券销售点,,生活服务,Lottery kiosks double as neighbourhood shops here\n"
        "amap,type,餐饮服务;快餐厅,,elderly,Our fast-food canteen serves the elderly meal programme\n",
        encoding="utf-8")
    layer = memory_layer("Point", "EPSG:4326", AMAP_FIELDS[:2], [(w, v[:2]) for w, v in AMAP_ROWS], name="amap")
    result, _ = classify_layer(layer, SOURCE=1, MAPPING=str(mapping))
    got = {r["name"]: r["services"] for r in rows(result["OUTPUT"])}
    assert got["体彩"] == got["福彩"] == "daily_life"
    assert got["肯德基"] == "elderly"
    assert got["打浦桥社区卫生服务中心"] == "health"  # the built-in table still applies
    assert rows(result["OUTPUT_UNMAPPED"]) == []
    # Alone, the user file no longer knows hospitals or companies.
    alone, _ = classify_layer(layer, SOURCE=1, MAPPING=str(mapping), MAPPING_ONLY=True)
    assert {r["category"] for r in rows(alone["OUTPUT_UNMAPPED"])} == {"医疗保健服务;综合医院;三级甲等医院",
                                                                        "公司企业;公司;公司"}


def test_bad_mapping_file_and_unknown_existing_service_name_the_culprit(tmp_path):
    mapping = tmp_path / "broken.csv"
    mapping.write_text("source,key,value,services\namap,type,生活服务,groceries\n", encoding="utf-8")
    layer = memory_layer("Point", "EPSG:4326", AMAP_FIELDS, AMAP_ROWS, name="amap")
    with pytest.raises(QgsProcessingException, match=r"broken.csv line 2.*unknown service 'groceries'"):
        classify_layer(layer, SOURCE=1, MAPPING=str(mapping))
    bad = memory_layer("Point", "EPSG:4326", AMAP_FIELDS,
                       AMAP_ROWS[:2] + [("POINT(121.47 31.2)", ["x", "生活服务;邮局", "groceries"])], name="amap")
    with pytest.raises(QgsProcessingException, match=r"'amap', feature 3, field 'services'.*'groceries'"):
        classify_layer(bad, SOURCE=1, KEEP_EXISTING="services")


def test_osm_other_tags_hstore_is_read():
    assert parse_other_tags('"healthcare"=>"clinic","name:en"=>"A \\"quoted\\" name"') == {
        "healthcare": "clinic", "name:en": 'A "quoted" name'}
    layer = memory_layer("Point", "EPSG:4326", [("name", QVariant.String), ("amenity", QVariant.String),
                                                ("other_tags", QVariant.String)],
                         [("POINT(121.46 31.20)",
                           ["24h clinic", None, '"healthcare"=>"clinic","opening_hours"=>"24/7"']),
                          ("POINT(121.47 31.20)", ["park", None, '"leisure"=>"park"']),
                          ("POINT(121.48 31.20)", ["AED", "townhall", '"emergency"=>"defibrillator"']),
                          ("POINT(121.49 31.20)", ["plain", None, None])],
                         name="osm_points")
    result, _ = classify_layer(layer, SOURCE=0)
    got = {r["name"]: r["services"] for r in rows(result["OUTPUT"])}
    assert got == {"24h clinic": "health,allday_health", "park": "public_space,ecology",
                   "AED": "party,deliberation,emergency", "plain": None}


def test_osm_layer_without_tag_fields_is_refused():
    layer = memory_layer("Point", "EPSG:4326", [("name", QVariant.String)], [("POINT(121.46 31.2)", ["x"])],
                         name="names_only")
    with pytest.raises(QgsProcessingException, match=r"'names_only' has no OpenStreetMap tag field"):
        classify_layer(layer, SOURCE=0)


# --- preparenetwork -------------------------------------------------------------------------

def prepare(network, **params):
    return run("preparenetwork", dict(NETWORK=network, OUTPUT="TEMPORARY_OUTPUT", **params))


def coverage_minutes(network, facilities, demand, **network_params):
    """min_health of every resident from lifecircle:walkingcoverage, in feature order."""
    result, _ = run("walkingcoverage", dict(
        NETWORK=network, FACILITIES=facilities, SERVICE_FIELD="services", DEMAND=demand, MAX_SNAP_M=300,
        OUTPUT_DEMAND="TEMPORARY_OUTPUT", OUTPUT_SUMMARY="TEMPORARY_OUTPUT", OUTPUT_GAPS="TEMPORARY_OUTPUT",
        **network_params))
    return [r["min_health"] for r in rows(result["OUTPUT_DEMAND"])]


def assert_same_minutes(raw, prepared):
    assert len(raw) == len(prepared)
    assert [m is None for m in raw] == [m is None for m in prepared]
    assert [m for m in prepared if m is not None] == pytest.approx([m for m in raw if m is not None], abs=1e-6)


def test_dapuqiao_street_network():
    """Real data: 打浦桥 streets (© OpenStreetMap contributors, ODbL)."""
    network = QgsVectorLayer(str(shared_data("dapuqiao-osm", "street_network.geojson")), "streets", "ogr")
    result, feedback = prepare(network, OUTPUT_EXCLUDED="TEMPORARY_OUTPUT")
    edges = rows(result["OUTPUT"])
    assert as_layer(result["OUTPUT"]).crs().authid() == "EPSG:4326"
    assert len(edges) == result["EDGE_COUNT"] == 772
    assert result["ISLAND_COUNT"] == 4
    assert sorted({e["island"] for e in edges}) == [0, 1, 2, 3, 4]
    assert sum(e["island"] == 0 for e in edges) == 723
    assert all(e["cost_factor"] == pytest.approx(1.0) and not e["is_connector"] for e in edges)

    excluded = rows(result["OUTPUT_EXCLUDED"])
    assert len(excluded) == result["EXCLUDED_COUNT"] == 17
    foot_no = [f for f in network.getFeatures() if f["foot"] == "no"]
    assert len(foot_no) == 7
    reasons = {e["osm_id"]: e["reason"] for e in excluded}
    assert all("foot=no" in reasons[f["osm_id"]] for f in foot_no)
    elevated = {f.id() for f in network.getFeatures() if f["name"] == "南北高架路"}
    assert len(elevated) == 4 and not elevated & {e["source_fid"] for e in edges}
    assert "4 island(s) cut off the main part" in feedback.log

    # The prepared layer walks like the raw one: same minutes to the health facilities.
    facilities = memory_layer("Point", "EPSG:4326", [("services", QVariant.String)],
                              [("POINT(121.4660 31.2080)", ["health"]), ("POINT(121.4740 31.2120)", ["health"])])
    demand = memory_layer("Point", "EPSG:4326", [("name", QVariant.String)],
                          [(f"POINT({121.459 + 0.004 * i} {31.2045 + 0.0025 * j})", [f"{i}-{j}"])
                           for i in range(6) for j in range(5)])
    raw = coverage_minutes(network, facilities, demand)
    again = coverage_minutes(as_layer(result["OUTPUT"]), facilities, demand, NODING=0, GAP_TOLERANCE_M=0,
                             COST_FIELD="cost_factor")
    assert sum(m is not None for m in raw) >= 25
    assert_same_minutes(raw, again)


CAD_ROWS = [
    # Two streets crossing without a shared vertex, a path 0.3 m short of the east street, stairs, an
    # isolated courtyard path, a duplicated segment and an empty feature.
    ("LINESTRING(0 100, 200 100)", ["street A", 1.0]),
    ("LINESTRING(100 0, 100 200)", ["street B", 1.0]),
    ("LINESTRING(200.3 100, 300 100)", ["path east", 1.0]),
    ("LINESTRING(100 200, 100 260)", ["stairs", 2.5]),
    ("LINESTRING(500 500, 560 500)", ["courtyard", 1.0]),
    ("LINESTRING(100 0, 100 200)", ["street B copy", 1.0]),
    ("", ["no geometry", 1.0]),
]


def test_cad_like_lines_are_noded_and_gaps_closed():
    network = memory_layer("LineString", "EPSG:4549", [("name", QVariant.String), ("factor", QVariant.Double)],
                           CAD_ROWS, name="cad")
    params = dict(NODING=1, GAP_TOLERANCE_M=0.5, COST_FIELD="factor")
    result, feedback = prepare(network, OUTPUT_EXCLUDED="TEMPORARY_OUTPUT", **params)
    edges = rows(result["OUTPUT"])
    # The core counts a split per segment piece: A x B and A x (B copy), each on both segments.
    assert "4 crossings split, 1 gaps closed, 2 duplicate" in feedback.log

    connectors = [e for e in edges if e["is_connector"]]
    assert len(connectors) == 1
    assert connectors[0]["source_fid"] is None and connectors[0]["length_m"] == pytest.approx(0.3)
    by_source = {}
    for e in edges:
        by_source.setdefault(e["source_fid"], []).append(e)
    assert sorted(e["length_m"] for e in by_source[1]) == pytest.approx([100, 100])  # street A split at B
    assert len(by_source[2]) == 2 and 6 not in by_source  # street B split; its copy dropped as duplicate
    assert by_source[4][0]["cost_factor"] == pytest.approx(2.5)
    assert {e["island"] for e in by_source[5]} == {1} and all(
        e["island"] == 0 for e in edges if e["source_fid"] != 5)
    assert [(e["name"], e["reason"]) for e in rows(result["OUTPUT_EXCLUDED"])] == [("no geometry", "no geometry")]

    facilities = memory_layer("Point", "EPSG:4549", [("services", QVariant.String)], [("POINT(100 255)", ["health"])])
    demand = memory_layer("Point", "EPSG:4549", [("name", QVariant.String)],
                          [("POINT(290 102)", ["east"]), ("POINT(5 98)", ["west"]), ("POINT(530 505)", ["courtyard"])])
    raw = coverage_minutes(network, facilities, demand, **params)
    again = coverage_minutes(as_layer(result["OUTPUT"]), facilities, demand, NODING=0, GAP_TOLERANCE_M=0,
                             COST_FIELD="cost_factor")
    # east: 2 m to path east, 89.7 m along it, the 0.3 m gap, 100 m along A, 100 m along B and 55 m of
    # stairs at cost 2.5, at 4 km/h.
    assert raw[0] == pytest.approx((2 + 89.7 + 0.3 + 100 + 100 + 55 * 2.5) / (4000 / 60), abs=1e-6)
    assert raw[2] is None
    assert_same_minutes(raw, again)


# --- cancel ---------------------------------------------------------------------------------

@pytest.mark.parametrize("algorithm, params", [
    ("fixchinacoords", dict(SOURCE_SYSTEM=GCJ02, TARGET_SYSTEM=WGS84, OUTPUT="TEMPORARY_OUTPUT")),
    ("classifyfacilities", dict(SOURCE=0, OUTPUT="TEMPORARY_OUTPUT", OUTPUT_UNMAPPED="TEMPORARY_OUTPUT")),
    ("preparenetwork", dict(OUTPUT="TEMPORARY_OUTPUT")),
])
def test_cancel_stops_without_writing(algorithm, params):
    import processing

    kind, wkt = ("LineString", "LINESTRING(121.46 31.20, 121.47 31.20)") if algorithm == "preparenetwork" else (
        "Point", "POINT(121.46 31.20)")
    layer = memory_layer(kind, "EPSG:4326", [("amenity", QVariant.String)], [(wkt, ["clinic"])] * 3)
    feedback = RecordingFeedback()
    feedback.cancel()
    key = "NETWORK" if algorithm == "preparenetwork" else "INPUT"
    result = processing.run(f"lifecircle:{algorithm}", {key: layer, **params}, feedback=feedback)
    assert "Cancelled: nothing was written." in feedback.log
    assert not any(name.startswith("OUTPUT") for name in result)
