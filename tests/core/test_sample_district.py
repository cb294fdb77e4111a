"""The built-in sample street: determinism, plausibility and the topology the engine relies on."""
from collections import defaultdict

import pytest
import shapely
from pyproj import Transformer
from shapely.ops import unary_union

from lifecircle.lifecircle_plugin.core.defaults import LAYER_NAMES
from lifecircle.lifecircle_plugin.core.sample_district import (
    SAMPLE_CRS,
    SampleDistrictError,
    generate_sample_district,
)
from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES, parse_services


@pytest.fixture(scope="module")
def district():
    return generate_sample_district(2024)


def _vertices(line):
    return {tuple(xy) for xy in line.coords}


def _components(lines):
    """Connected groups of line indices, lines joined only where they share a vertex."""
    parent = list(range(len(lines)))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner = {}
    for index, line in enumerate(lines):
        for vertex in _vertices(line):
            if vertex in owner:
                parent[root(index)] = root(owner[vertex])
            else:
                owner[vertex] = index
    groups = defaultdict(set)
    for index in range(len(lines)):
        groups[root(index)].add(index)
    return list(groups.values())


def _split_roads(district):
    expressway, private, public = [], [], []
    for geometry, record in district.roads.features:
        if record["highway"] == "trunk":
            expressway.append(geometry)
        elif record["access"] == "private":
            private.append(geometry)
        else:
            public.append((geometry, record))
    return expressway, private, public


def test_same_seed_gives_identical_layers_and_other_seed_differs(district):
    again = generate_sample_district(2024)
    for name in LAYER_NAMES:
        first, second = district.layer(name), again.layer(name)
        assert first.records == second.records, name
        assert [g.wkb for g in first.geometries] == [g.wkb for g in second.geometries], name
    other = generate_sample_district(7)
    assert other.compounds.records != district.compounds.records
    assert [g.wkb for g in other.gates.geometries] != [g.wkb for g in district.gates.geometries]


def test_layers_declare_geometry_types_and_typed_fields(district):
    assert district.crs == SAMPLE_CRS == "EPSG:4549"
    assert list(district.layers) == list(LAYER_NAMES)
    for layer in district.layers.values():
        assert len(layer) > 0, layer.name
        types = {spec.name: spec.type for spec in layer.fields}
        assert set(types.values()) <= {str, int, float}, layer.name
        for geometry, record in layer.features:
            assert geometry.geom_type == layer.geometry_type, layer.name
            assert set(record) == set(types), (layer.name, record)
            for field, value in record.items():
                assert value is None or type(value) is types[field], (layer.name, field, value)


def test_all_geometries_are_valid(district):
    for layer in district.layers.values():
        geometries = layer.geometries
        assert shapely.is_valid(geometries).all(), layer.name
        assert not shapely.is_empty(geometries).any(), layer.name


def test_lon_lat_lands_in_huangpu_shanghai(district):
    to_wgs84 = Transformer.from_crs(SAMPLE_CRS, "EPSG:4326", always_xy=True)
    x0, y0, x1, y1 = district.boundary.geometries[0].bounds
    for x, y in ((x0, y0), (x1, y1)):
        lon, lat = to_wgs84.transform(x, y)
        assert 121.44 < lon < 121.53 and 31.18 < lat < 31.25, (lon, lat)


def test_population_near_sixty_thousand_and_residents_add_up(district):
    compounds = district.compounds.records
    total = sum(c["population"] for c in compounds)
    assert 55_000 <= total <= 65_000
    assert all(isinstance(c["population"], int) for c in compounds)
    assert [c["population"] for c in compounds].count(0) == 1
    assert all(c["floor_area_m2"] > 0 for c in compounds)
    assert len({c["name"] for c in compounds}) == len(compounds)
    per_compound = defaultdict(int)
    for _point, record in district.residents.features:
        per_compound[record["compound"]] += record["population"]
    assert per_compound == {c["name"]: c["population"] for c in compounds}
    assert 200 <= len(district.residents) <= 800
    by_name = dict(zip((c["name"] for c in compounds), district.compounds.geometries))
    assert all(by_name[r["compound"]].contains(p) for p, r in district.residents.features)


def test_gates_lie_on_compound_walls_within_5_m_of_a_public_road(district):
    _, _, public = _split_roads(district)
    public_lines = shapely.STRtree([g for g, _ in public])
    walls = dict(zip((c["name"] for c in district.compounds.records), district.compounds.geometries))
    assert len(district.gates) >= len(walls)
    assert {r["compound"] for r in district.gates.records} == set(walls)
    for gate, record in district.gates.features:
        assert walls[record["compound"]].exterior.distance(gate) < 0.01, record
        nearest = public_lines.geometries[public_lines.nearest(gate)]
        assert nearest.distance(gate) <= 5.0, record


def test_private_paths_meet_public_lines_only_at_gates(district):
    _, private, public = _split_roads(district)
    gate_points = {(round(p.x, 3), round(p.y, 3)) for p in district.gates.geometries}
    public_vertices = set().union(*(_vertices(g) for g, _ in public))
    private_vertices = set().union(*(_vertices(g) for g in private))
    shared = {(round(x, 3), round(y, 3)) for x, y in private_vertices & public_vertices}
    assert shared == gate_points
    public_union = unary_union([g for g, _ in public])
    for line in private:  # no private path even crosses a public line in plan
        assert all((round(x, 3), round(y, 3)) in gate_points
                   for x, y in shapely.get_coordinates(line.intersection(public_union)))
    for group in _components(private):  # every inner network reaches a gate
        assert set().union(*(_vertices(private[i]) for i in group)) & private_vertices & public_vertices


def test_ground_lines_meet_only_at_shared_vertices(district):
    _, private, public = _split_roads(district)
    ground = private + [g for g, _ in public]
    tree = shapely.STRtree(ground)
    left, right = tree.query(ground, predicate="intersects")
    for i, j in zip(left, right):
        if i < j:
            meeting = ground[i].intersection(ground[j])
            assert meeting.geom_type in ("Point", "MultiPoint")
            points = {tuple(xy) for xy in shapely.get_coordinates(meeting)}
            assert points <= _vertices(ground[i]) & _vertices(ground[j])


def test_expressway_crosses_roads_without_any_shared_vertex(district):
    expressway, private, public = _split_roads(district)
    assert len(expressway) == 1
    record = next(r for r in district.roads.records if r["highway"] == "trunk")
    assert record["foot"] == "no"
    others = private + [g for g, _ in public]
    assert not _vertices(expressway[0]) & set().union(*(_vertices(g) for g in others))
    assert sum(expressway[0].crosses(g) for g in others) >= 5


def test_only_the_two_bridges_cross_the_river(district):
    river = district.river.geometries[0]
    crossing = [r for g, r in district.roads.features if g.intersects(river)]
    assert len(crossing) == 2
    assert all(r["bridge"] == "yes" for r in crossing)
    assert sum(r["bridge"] == "yes" for r in district.roads.records) == 2


def test_public_network_is_one_piece_that_the_river_splits_without_bridges(district):
    _, _, public = _split_roads(district)
    assert len(_components([g for g, _ in public])) == 1
    without_bridges = [g for g, r in public if r["bridge"] != "yes"]
    assert len(_components(without_bridges)) == 2


def test_road_tags_cover_the_osm_classes(district):
    records = district.roads.records
    highways = {r["highway"] for r in records}
    assert {"primary", "secondary", "tertiary", "residential", "footway", "service", "steps",
            "trunk"} <= highways
    assert all(r["cost_factor"] == 1.5 for r in records if r["highway"] == "steps")
    assert all(r["cost_factor"] == 1.0 for r in records if r["highway"] != "steps")
    assert any(r["living_street"] == "yes" for r in records)
    assert len({r["road_id"] for r in records}) == len(records)


def test_candidate_floor_areas_cover_every_class(district):
    areas = [r["floor_area_m2"] for r in district.candidates.records]
    known = [a for a in areas if a is not None]
    assert areas.count(None) == 2
    assert min(known) == 60 and max(known) == 1500
    assert 200 in known and 400 in known
    assert any(a < 200 for a in known)
    assert any(200 < a < 400 for a in known)
    assert any(a > 400 for a in known)
    hints = {r["kind_hint"] for r in district.candidates.records}
    assert hints == {"vacant lot", "stock building", "green space corner"}


def test_facility_services_parse_and_leave_real_gaps(district):
    units = dict(zip((u["unit_id"] for u in district.units.records), district.units.geometries))
    offered = defaultdict(set)
    chinese_entries = 0
    for point, record in district.facilities.features:
        codes = parse_services(record["services"], f"facility {record['facility_id']}")
        assert codes, record
        chinese_entries += any("\u4e00" <= ch <= "\u9fff" for ch in record["services"])
        (unit_id,) = [u for u, polygon in units.items() if polygon.contains(point)]
        offered[unit_id].update(codes)
    assert chinese_entries >= 3
    assert all("employment" not in codes for codes in offered.values())
    assert {"nursery", "elderly"} & offered["DPQ-01"] == set()
    assert {"nursery", "elderly"} <= offered["DPQ-02"] & offered["DPQ-03"]
    assert all(set(REQUIRED_CODES) - codes for codes in offered.values())


def test_points_stay_out_of_the_river(district):
    river = district.river.geometries[0]
    for name in ("facilities", "candidates", "transit_stops", "residents", "gates"):
        assert not any(river.intersects(p) for p in district.layer(name).geometries), name


def test_units_tile_the_street(district):
    boundary = district.boundary.geometries[0]
    units = district.units.geometries
    assert [u["unit_id"] for u in district.units.records] == ["DPQ-01", "DPQ-02", "DPQ-03"]
    assert abs(sum(u.area for u in units) - boundary.area) < 1.0
    assert unary_union(units).symmetric_difference(boundary).area < 1.0
    assert 2.9e6 < boundary.area < 3.1e6


def test_describe_summarises_counts_population_and_road_length(district):
    summary = district.describe()
    assert summary["counts"]["compounds"] == len(district.compounds)
    assert summary["total_population"] == sum(r["population"] for r in district.compounds.records)
    assert summary["road_length_m"] == pytest.approx(sum(g.length for g in district.roads.geometries), abs=0.1)
    assert summary["area_km2"] == pytest.approx(3.0, abs=0.01)


@pytest.mark.parametrize("seed", [-1, 1.5, "2024", True, None])
def test_bad_seed_is_refused(seed):
    with pytest.raises(SampleDistrictError, match="seed"):
        generate_sample_district(seed)


def test_unknown_layer_name_lists_the_valid_ones(district):
    with pytest.raises(SampleDistrictError, match="roads"):
        district.layer("streets")
