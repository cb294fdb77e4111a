"""A built-in sample street (街道) for demonstrations, tutorials and end-to-end tests.

``generate_sample_district(seed)`` draws a fictional street, 丹浦桥街道 ("DPQ"), of 3 km² in
Shanghai's Huangpu district: a grid of main roads 450-600 m apart with branch roads between,
gated residential compounds (小区) of about 60,000 residents, a creek (丹浦浜, fictional)
crossed only by two bridges, an elevated expressway, parks, transit stops, existing
facilities with deliberate service gaps, and candidate sites for new ones. Every name is
made up or borrowed in the Shanghai style; the layout is not a map of any real place.

Data shape: a ``SampleDistrict`` holds ``SampleLayer`` objects by English name (see
``defaults.LAYER_NAMES``). Each layer has ``name``, ``geometry_type`` ("Point", "LineString" or
"Polygon"), ``fields`` (``FieldSpec(name, type)`` with type ``str``, ``int`` or ``float``,
so a QGIS writer can create fields without guessing) and ``features``: a tuple of
``(shapely_geometry, attributes_dict)`` pairs whose dicts hold exactly the field names;
NULL is ``None``. Coordinates are metres in ``SAMPLE_CRS`` (EPSG:4549).

Road topology follows OpenStreetMap conventions, which the walking-network engine relies on:
ground-level lines meet only at identical shared vertices (every line here is cut at each
junction); the elevated expressway (highway=trunk, foot=no) crosses ground roads without
sharing any vertex; only the two bridges cross the river polygon; compound inner paths
(access=private) touch public lines only at gate points, each gate joined to a branch road
by a 4 m public driveway.

Deliberate gaps, so coverage results show something: no facility offers ``employment``;
``nursery`` and ``elderly`` exist only north of the river (unit DPQ-01 has neither).
One compound (顺昌里, vacated for redevelopment) has population 0 but a residential floor
area, and two candidate sites have no recorded floor area.

Age cohorts and capacities are GENERATED, not census or survey figures: per compound the shares of
residents aged 60+, 0-3, 3-6 and 6-12 are drawn from the ranges in ``COHORT_SHARE_RANGES``, and
each facility's ``capacity`` (places, beds or seats: one number per facility, used for each of its
services) is its floor area divided by a drawn number of square metres per place. They come from a
random stream of their own, so every other layer is the same as before they were added.
"""
import math
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from .defaults import DEFAULT_SEED, LAYER_NAMES
from .errors import LifeCircleError
from .services import parse_services

SAMPLE_CRS = "EPSG:4549"  # CGCS2000 / 3-degree Gauss-Kruger CM 120E, metres
STREET_NAME = "丹浦桥街道"
STREET_CODE = "DPQ"

# The local grid (x east, y north, metres) is turned like Puxi's street grid, then placed
# so that its south-west corner lies near 121.466 E, 31.195 N (Huangpu district).
ORIGIN_X = 639500.0
ORIGIN_Y = 3453500.0
GRID_ROTATION_DEG = 12.0

STREET_WIDTH_M = 2000.0
STREET_HEIGHT_M = 1500.0
TARGET_POPULATION_RANGE = (58500, 61500)
# Generated cohort shares per compound (drawn uniformly in these ranges; not census figures).
COHORT_SHARE_RANGES = {
    "pop_60plus": (0.20, 0.40),
    "pop_0_3": (0.015, 0.03),
    "pop_3_6": (0.015, 0.03),
    "pop_6_12": (0.04, 0.07),
}
COHORT_FIELDS = tuple(COHORT_SHARE_RANGES)
# Generated floor area per place (m²) that turns a facility's floor area into its capacity.
M2_PER_PLACE_RANGE = (10.0, 40.0)
# Cohorts and capacities draw from their own stream (seed, this key) so the other layers stay unchanged.
_COHORT_STREAM = 1


class SampleDistrictError(LifeCircleError, ValueError):
    """Bad arguments to the sample-district generator or an unknown layer name."""


@dataclass(frozen=True)
class FieldSpec:
    """One attribute field: snake_case name and Python type (str, int or float)."""

    name: str
    type: type


@dataclass(frozen=True)
class SampleLayer:
    """One layer: metadata plus features as (shapely geometry, attribute dict) pairs."""

    name: str
    geometry_type: str
    fields: tuple
    features: tuple
    description: str = ""

    @property
    def geometries(self):
        """The geometries, in feature order."""
        return [geometry for geometry, _ in self.features]

    @property
    def records(self):
        """The attribute dicts, in feature order."""
        return [attributes for _, attributes in self.features]

    @property
    def field_names(self):
        """Field names in declaration order."""
        return [spec.name for spec in self.fields]

    def __len__(self):
        return len(self.features)


@dataclass(frozen=True)
class SampleDistrict:
    """All layers of the sample street, in ``LAYER_NAMES`` order, with the seed that made them."""

    seed: int
    crs: str
    layers: dict

    def layer(self, name):
        """The layer called ``name``; raises SampleDistrictError listing valid names otherwise."""
        try:
            return self.layers[name]
        except KeyError:
            raise SampleDistrictError(
                "sample_district.layer",
                f"The sample district has no layer '{name}'. Use one of: {', '.join(self.layers)}.",
                f"示例街道没有图层“{name}”，请使用以下之一：{', '.join(self.layers)}。") from None

    def __getattr__(self, name):
        # Attribute access (district.roads) for every layer; dataclass fields resolve first.
        layers = self.__dict__.get("layers", {})
        if name in layers:
            return layers[name]
        raise AttributeError(name)

    def describe(self):
        """Short summary for logs: counts per layer, total population, road length, area."""
        road_length = sum(geometry.length for geometry in self.layers["roads"].geometries)
        population = sum(record["population"] for record in self.layers["compounds"].records)
        area = sum(geometry.area for geometry in self.layers["boundary"].geometries)
        return {
            "street": STREET_NAME,
            "seed": self.seed,
            "crs": self.crs,
            "counts": {name: len(layer) for name, layer in self.layers.items()},
            "total_population": int(population),
            "road_length_m": round(road_length, 1),
            "area_km2": round(area / 1e6, 3),
        }


def _fields(*pairs):
    return tuple(FieldSpec(name, kind) for name, kind in pairs)


LAYER_FIELDS = {
    "boundary": _fields(("name", str), ("code", str)),
    "units": _fields(("unit_id", str), ("name", str)),
    "river": _fields(("name", str)),
    "roads": _fields(
        ("road_id", int), ("name", str), ("highway", str), ("foot", str), ("access", str),
        ("bridge", str), ("living_street", str), ("cost_factor", float),
    ),
    "compounds": _fields(
        ("name", str), ("population", int), ("households", int), ("floor_area_m2", float),
        *((name, int) for name in COHORT_FIELDS),
    ),
    "gates": _fields(("gate_id", str), ("compound", str)),
    "residents": _fields(("compound", str), ("building_no", int), ("population", int),
                         *((name, int) for name in COHORT_FIELDS)),
    "facilities": _fields(
        ("facility_id", str), ("name", str), ("services", str), ("floor_area_m2", float), ("capacity", float),
    ),
    "candidates": _fields(
        ("site_id", str), ("name", str), ("kind_hint", str), ("floor_area_m2", float),
    ),
    "transit_stops": _fields(("name", str), ("kind", str)),
    "parks": _fields(("name", str)),
}

LAYER_GEOMETRY = {
    "boundary": "Polygon", "units": "Polygon", "river": "Polygon", "roads": "LineString",
    "compounds": "Polygon", "gates": "Point", "residents": "Point", "facilities": "Point",
    "candidates": "Point", "transit_stops": "Point", "parks": "Polygon",
}

LAYER_DESCRIPTIONS = {
    "boundary": "Street (街道) boundary",
    "units": "Basic units (基本单元): split by the river and by 鲁班路",
    "river": "Creek crossed only by the two bridges (fictional)",
    "roads": "Walking network, OSM-like tags; lines meet only at shared vertices",
    "compounds": "Residential compounds (小区) with population, generated age cohorts and floor area",
    "gates": "Compound gates: where private inner paths meet the public network",
    "residents": "One point per residential building; population and cohorts sum to its compound's",
    "facilities": "Existing facilities; services as 十全十美 codes or Chinese names; generated capacity",
    "candidates": "Candidate sites for new facilities (floor area may be NULL)",
    "transit_stops": "Metro stations and bus stops",
    "parks": "Public green space",
}

# --- Street plan in local metres ------------------------------------------------------------

_RIVER_SOUTH_Y, _RIVER_NORTH_Y = 730.0, 770.0
_RIVER_CENTRE_Y = (_RIVER_SOUTH_Y + _RIVER_NORTH_Y) / 2
_PROMENADE_SOUTH_Y, _PROMENADE_NORTH_Y = 722.0, 778.0
_FLOOD_WALL_SOUTH_Y, _FLOOD_WALL_NORTH_Y = 710.0, 790.0  # branch roads end here; steps go on
_EXPRESSWAY_Y = 1262.0
_STUB_M = 150.0  # main roads run on beyond the street boundary

_MAIN_NS = {  # x: (name, highway, bridge name or None)
    0.0: ("日晖东路", "secondary", None),
    500.0: ("丹浦路", "primary", "丹浦桥"),
    1000.0: ("鲁班路", "primary", None),
    1500.0: ("瑞金南路", "primary", "瑞金桥"),
    2000.0: ("制造局路", "secondary", None),
}
_MAIN_EW = {
    0.0: ("中山南二路", "primary"),
    450.0: ("徐家汇路", "primary"),
    1050.0: ("建国中路", "secondary"),
    1500.0: ("复兴中路", "secondary"),
}
_BRANCH_NS = {
    250.0: ("局门路", "residential"),
    750.0: ("蒙自路", "tertiary"),
    1250.0: ("汝南街", "tertiary"),
    1750.0: ("南塘浜路", "residential"),
}
_BRANCH_EW_Y = 225.0
_BRANCH_EW = ("丽园路", "tertiary")

# Distance from a road centreline to the wall of the block beside it, by the road's y or x.
# Branch roads get 4 m, so gates on them lie within a few metres of the public road.
_BRANCH_SETBACK = 4.0
_SETBACK_Y = {0.0: 15.0, 225.0: _BRANCH_SETBACK, 450.0: 15.0, 722.0: 22.0, 778.0: 22.0,
              1050.0: 12.0, _EXPRESSWAY_Y: 25.0, 1500.0: 12.0}
_SETBACK_X = {0.0: 12.0, 500.0: 15.0, 1000.0: 15.0, 1500.0: 15.0, 2000.0: 12.0}
_SETBACK_X.update({x: _BRANCH_SETBACK for x in _BRANCH_NS})

_COLUMNS = [(250.0 * c, 250.0 * (c + 1)) for c in range(8)]
_ROWS = {
    "S1": (0.0, 225.0), "S2": (225.0, 450.0), "S3": (450.0, 722.0),
    "N1": (778.0, 1050.0), "N2a": (1050.0, _EXPRESSWAY_Y), "N2b": (_EXPRESSWAY_Y, 1500.0),
}
_NON_RESIDENTIAL_BLOCKS = {  # (column, row): what occupies the block instead of a compound
    (3, "S2"): "park", (5, "N1"): "park", (1, "S3"): "public", (5, "S1"): "public",
    (6, "S3"): "vacant", (1, "N1"): "public", (6, "N1"): "public", (2, "N2b"): "public",
    (4, "S1"): "commercial", (7, "N2b"): "commercial",
}
_VACATED_BLOCK = (7, "S3")
_VACATED_COMPOUND = "顺昌里"
_COMPOUND_NAMES = (
    "丹浦新村", "蒙自小区", "日晖新村", "局门公寓", "丽园坊", "鲁班苑", "瑞南花园", "汝南小区",
    "建国坊", "徐汇里", "斜桥新村", "南塘小区", "打浦公寓", "复兴苑", "中山花园", "制造局小区",
    "浦南新村", "滨河雅苑", "海华花园", "金玉苑", "建中公寓", "丽景苑", "怡安小区", "瑞和城",
    "兴业坊", "安居小区", "望江苑", "桥南新村", "桥北新村", "锦绣里", "福寿坊", "康乐小区",
    "春晖苑", "百乐公寓", "永年里", "中兴坊", "光明小区", "东方苑", "和平新村", "泰康公寓",
)
_INNER_PATH_INSET = 20.0
_BUILDING_INSET = 35.0
_BUILDING_SPACING = 55.0

_PARKS = (  # name, block or explicit local box
    ("丹浦公园", (3, "S2")),
    ("鲁班公园", (5, "N1")),
    ("丹浦浜南岸滨河绿地", (0.0, 711.0, STREET_WIDTH_M, 729.0)),
    ("丹浦浜北岸滨河绿地", (0.0, 771.0, STREET_WIDTH_M, 789.0)),
    ("丽园口袋公园", (1015.0, 150.0, 1080.0, 210.0)),
)
_PARK_PATH_INSET = 30.0

# Existing facilities: (name, services, floor area m², local x, y). South of the river
# (DPQ-01) has no nursery and no elderly service; nothing offers employment anywhere.
_FACILITIES = (
    ("丹浦桥街道党群服务中心", "party,deliberation,culture,learning,smart", 1600, 470, 1020),
    ("丹浦路社区卫生服务站", "health", 320, 270, 850),
    ("丹浦幼儿园", "nursery", 2800, 560, 1300),
    ("北片长者照护之家", "为老服务、老年康养", 900, 720, 1300),
    ("蒙自路老年日间照料中心", "为老服务、文化活动", 450, 740, 1075),
    ("日晖东路市民健身中心", "sports", 700, 30, 900),
    ("滨河六艺亭(丹浦桥北)", "public_space,daily_life,smart", 90, 520, 790),
    ("蒙自路居民区议事厅", "deliberation,party", 180, 760, 900),
    ("丹浦桥社区文化活动中心", "culture,culture_spread,learning", 3200, 1620, 1000),
    ("鲁班路社区卫生服务站", "health,allday_health", 500, 1030, 820),
    ("东北片综合为老服务中心", "elderly,elderly_wellness,daily_life", 1300, 1720, 1080),
    ("瑞金托育园", "nursery,childcare_after_school", 480, 1270, 1320),
    ("鲁班公园六艺亭", "public_space,emergency,ecology", 150, 1380, 900),
    ("复兴中路社区菜市场", "daily_life", 1100, 1900, 1470),
    ("汝南街创新工坊", "innovation,smart", 600, 1240, 1100),
    ("制造局路微型消防站", "emergency", 120, 1980, 820),
    ("丹浦桥社区卫生服务中心", "health,allday_health,emergency", 4200, 300, 600),
    ("丹浦桥社区体育中心", "sports,public_space", 2500, 450, 520),
    ("丹浦公园健身驿站", "体育健身、公共空间", 160, 875, 300),
    ("丽园路居民区党群服务站", "party,deliberation", 260, 1030, 240),
    ("丽园路社区食堂", "daily_life", 380, 620, 210),
    ("丹浦桥社区学校", "learning,culture", 1800, 1380, 120),
    ("丹浦桥少儿活动中心", "儿童托管、文化活动", 900, 1420, 180),
    ("滨河六艺亭(瑞金桥南)", "public_space,smart", 60, 1480, 712),
    ("南塘浜路垃圾分类中转站", "municipal", 200, 1980, 120),
    ("丹浦浜自然教育角", "ecology,learning", 100, 900, 712),
    ("丹浦公园应急避难场所", "急救防灾;公共空间", 50, 960, 400),
)

# Candidate sites: (name, kind hint, floor area m² or None, local x, y). "between" marks
# an area drawn from the seed strictly between 200 and 400 m²; the others are fixed so that
# the classes under 200, exactly 200, 200-400, exactly 400 and over 400 are always present.
_BETWEEN = "between"
_CANDIDATES = (
    ("丹浦浜南岸空地", "vacant lot", 1500, 1620, 600),
    ("徐家汇路临时停车场地块", "vacant lot", 800, 1700, 480),
    ("原丽园路街道工厂", "stock building", 450, 700, 240),
    ("蒙自路沿街商铺", "stock building", 400, 760, 560),
    ("鲁班路底层架空层", "stock building", _BETWEEN, 1010, 620),
    ("日晖东路闲置门面", "stock building", _BETWEEN, 15, 300),
    ("丹浦公园东北角", "green space corner", 200, 985, 440),
    ("鲁班公园西南角", "green space corner", 120, 1265, 795),
    ("滨河绿地转角", "green space corner", 60, 1960, 712),
    ("复兴中路沿街用房", "stock building", 180, 300, 1485),
    ("汝南街存量办公楼", "stock building", 1200, 1240, 1400),
    ("制造局路待建地块", "vacant lot", None, 1985, 950),
    ("丽园口袋公园边角", "green space corner", None, 1075, 205),
    ("建国中路垃圾房改造", "stock building", 95, 1760, 1060),
    ("东北片闲置仓库", "stock building", 650, 1930, 1300),
)

_TRANSIT_STOPS = (
    ("丹浦路站", "metro", 515, 1065), ("鲁班路站", "metro", 1015, 465),
    ("丹浦路建国中路", "bus", 510, 1100), ("丹浦路徐家汇路", "bus", 510, 400),
    ("鲁班路中山南二路", "bus", 990, 40), ("瑞金南路建国中路", "bus", 1510, 1010),
    ("徐家汇路蒙自路", "bus", 760, 460), ("中山南二路局门路", "bus", 260, 10),
    ("复兴中路汝南街", "bus", 1240, 1490), ("制造局路丽园路", "bus", 1990, 235),
    ("建国中路日晖东路", "bus", 20, 1040), ("瑞金南路徐家汇路", "bus", 1490, 440),
)

_UNITS = (  # unit_id, name, local box
    (f"{STREET_CODE}-01", "丹浦桥南片", (0.0, 0.0, STREET_WIDTH_M, _RIVER_CENTRE_Y)),
    (f"{STREET_CODE}-02", "丹浦桥西北片", (0.0, _RIVER_CENTRE_Y, 1000.0, STREET_HEIGHT_M)),
    (f"{STREET_CODE}-03", "丹浦桥东北片", (1000.0, _RIVER_CENTRE_Y, STREET_WIDTH_M, STREET_HEIGHT_M)),
)


def generate_sample_district(seed=DEFAULT_SEED):
    """Build the sample street; the same ``seed`` always gives identical layers.

    The plan (roads, river, blocks, facility list) is fixed; the seed varies compound
    populations and floor areas, gate positions along compound walls, building points,
    facility floor areas and two candidate floor areas.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise SampleDistrictError("sample_district.seed",
                                  f"Sample district seed must be a non-negative integer, got {seed!r}.",
                                  f"示例街道的随机种子必须是非负整数，当前为 {seed!r}。")
    rng = np.random.default_rng(int(seed))
    compounds = _plan_compounds(rng)
    cohort_rng = np.random.default_rng([int(seed), _COHORT_STREAM])
    _draw_cohorts(compounds, cohort_rng)
    features = {
        "boundary": [(box(0.0, 0.0, STREET_WIDTH_M, STREET_HEIGHT_M),
                      {"name": STREET_NAME, "code": STREET_CODE})],
        "units": [(box(*bounds), {"unit_id": unit_id, "name": name}) for unit_id, name, bounds in _UNITS],
        "river": [(box(-300.0, _RIVER_SOUTH_Y, STREET_WIDTH_M + 300.0, _RIVER_NORTH_Y),
                   {"name": "丹浦浜"})],
        "roads": _roads(compounds),
        "compounds": [(c.polygon, {"name": c.name, "population": c.population,
                                   "households": c.households, "floor_area_m2": c.floor_area_m2, **c.cohorts})
                      for c in compounds],
        "gates": _gates(compounds),
        "residents": _residents(compounds, rng),
        "facilities": _with_capacities(_facilities(rng), cohort_rng),
        "candidates": _candidates(rng),
        "transit_stops": [(Point(x, y), {"name": name, "kind": kind})
                          for name, kind, x, y in _TRANSIT_STOPS],
        "parks": [(_park_polygon(where), {"name": name}) for name, where in _PARKS],
    }
    layers = {}
    for name in LAYER_NAMES:
        placed = tuple((_place(geometry), attributes) for geometry, attributes in features[name])
        layers[name] = SampleLayer(name, LAYER_GEOMETRY[name], LAYER_FIELDS[name], placed,
                                   LAYER_DESCRIPTIONS[name])
    return SampleDistrict(int(seed), SAMPLE_CRS, layers)


def _place(geometry):
    """Local metres → EPSG:4549: rotate about the local origin, shift, round to millimetres.

    Element-wise arithmetic only, so equal local vertices stay bit-identical (shared vertices
    must remain shared after placing).
    """
    angle = math.radians(GRID_ROTATION_DEG)
    cos_a, sin_a = math.cos(angle), math.sin(angle)

    def transform(coords):
        x, y = coords[:, 0], coords[:, 1]
        return np.column_stack((
            np.round(ORIGIN_X + (x * cos_a - y * sin_a), 3),
            np.round(ORIGIN_Y + (x * sin_a + y * cos_a), 3),
        ))

    return shapely.transform(geometry, transform)


# --- Compounds -------------------------------------------------------------------------------

@dataclass
class _Compound:
    name: str
    block: tuple  # (column, row)
    polygon: Polygon
    branch_sides: tuple  # sides ("west", "east", "south", "north") facing a branch road
    floor_area_m2: float
    population: int = 0
    households: int = 0
    gate_positions: tuple = ()
    cohorts: dict = None  # generated {cohort field: people}


def _block_bounds(column, row):
    (x0, x1), (y0, y1) = _COLUMNS[column], _ROWS[row]
    return x0, y0, x1, y1


def _inset_block(column, row):
    """Block minus the setback from each surrounding road; also which sides face branch roads."""
    x0, y0, x1, y1 = _block_bounds(column, row)
    inner = (x0 + _SETBACK_X[x0], y0 + _SETBACK_Y[y0], x1 - _SETBACK_X[x1], y1 - _SETBACK_Y[y1])
    sides = tuple(side for side, setback in (
        ("west", _SETBACK_X[x0]), ("east", _SETBACK_X[x1]),
        ("south", _SETBACK_Y[y0]), ("north", _SETBACK_Y[y1]),
    ) if setback == _BRANCH_SETBACK)
    return inner, sides


def _plan_compounds(rng):
    """One compound per residential block; populations sum exactly to a drawn target near 60,000."""
    names = iter(rng.permutation(np.array(_COMPOUND_NAMES, dtype=object)).tolist())
    compounds = []
    for row in _ROWS:
        for column in range(len(_COLUMNS)):
            if (column, row) in _NON_RESIDENTIAL_BLOCKS:
                continue
            bounds, sides = _inset_block(column, row)
            polygon = box(*bounds)
            floor_area = round(polygon.area * rng.uniform(0.95, 1.6), -2)
            name = _VACATED_COMPOUND if (column, row) == _VACATED_BLOCK else next(names)
            compounds.append(_Compound(name, (column, row), polygon, sides, float(floor_area)))

    occupied = [c for c in compounds if c.block != _VACATED_BLOCK]
    area_per_person = rng.uniform(30.0, 40.0, size=len(occupied))
    raw = np.array([c.floor_area_m2 for c in occupied]) / area_per_person
    target = int(rng.integers(*TARGET_POPULATION_RANGE))
    for compound, population in zip(occupied, _apportion(raw, target)):
        compound.population = int(population)
        compound.households = int(round(population / rng.uniform(2.3, 2.8)))
    for compound in compounds:
        compound.gate_positions = tuple(_gate_positions(compound, rng))
    return compounds


def _draw_cohorts(compounds, rng):
    """Generated cohort sizes per compound: the population times a share drawn per cohort."""
    for compound in compounds:
        compound.cohorts = {name: int(round(compound.population * rng.uniform(low, high)))
                            for name, (low, high) in COHORT_SHARE_RANGES.items()}


def _with_capacities(facilities, rng):
    """Facilities with a generated capacity: floor area over a drawn floor area per place, at least 10."""
    return [(point, {**attributes, "capacity": float(max(10, round(
        attributes["floor_area_m2"] / rng.uniform(*M2_PER_PLACE_RANGE))))}) for point, attributes in facilities]


def _apportion(weights, total):
    """Integers proportional to ``weights`` summing exactly to ``total`` (largest remainder)."""
    exact = np.asarray(weights, dtype=float) / np.sum(weights) * total
    whole = np.floor(exact).astype(int)
    short = total - int(whole.sum())
    whole[np.argsort(-(exact - whole), kind="stable")[:short]] += 1
    return whole


def _gate_positions(compound, rng):
    """Per branch-facing side: (gate point, road point 4 m outside, inner-path point 20 m inside)."""
    x0, y0, x1, y1 = compound.polygon.bounds
    positions = []
    for side in compound.branch_sides:
        if side in ("west", "east"):
            y = y0 + round(rng.uniform(0.3, 0.7) * (y1 - y0) * 2) / 2
            wall = x0 if side == "west" else x1
            outward = -1.0 if side == "west" else 1.0
            positions.append(((wall, y), (wall + outward * _BRANCH_SETBACK, y),
                              (wall - outward * _INNER_PATH_INSET, y)))
        else:
            x = x0 + round(rng.uniform(0.3, 0.7) * (x1 - x0) * 2) / 2
            wall = y0 if side == "south" else y1
            outward = -1.0 if side == "south" else 1.0
            positions.append(((x, wall), (x, wall + outward * _BRANCH_SETBACK),
                              (x, wall - outward * _INNER_PATH_INSET)))
    return positions


def _gates(compounds):
    features = []
    for compound in compounds:
        for gate, _, _ in compound.gate_positions:
            features.append((Point(gate), {"gate_id": f"G{len(features) + 1:03d}", "compound": compound.name}))
    return features


def _residents(compounds, rng):
    """A grid of building points inside each compound's inner path; populations apportioned."""
    features = []
    for compound in compounds:
        x0, y0, x1, y1 = compound.polygon.bounds
        xs = np.linspace(x0 + _BUILDING_INSET, x1 - _BUILDING_INSET,
                         max(2, round((x1 - x0 - 2 * _BUILDING_INSET) / _BUILDING_SPACING) + 1))
        ys = np.linspace(y0 + _BUILDING_INSET, y1 - _BUILDING_INSET,
                         max(2, round((y1 - y0 - 2 * _BUILDING_INSET) / _BUILDING_SPACING) + 1))
        grid = [(x, y) for y in ys for x in xs]
        jitter = rng.uniform(-4.0, 4.0, size=(len(grid), 2))
        weights = rng.uniform(0.7, 1.3, size=len(grid))
        shares = _apportion(weights, compound.population)
        # Each building holds its compound's cohorts in proportion to the same weights.
        cohorts = {name: _apportion(weights, size) for name, size in compound.cohorts.items()}
        for number, ((x, y), (dx, dy), population) in enumerate(zip(grid, jitter, shares), start=1):
            features.append((Point(round(x + dx, 1), round(y + dy, 1)),
                             {"compound": compound.name, "building_no": number, "population": int(population),
                              **{name: int(sizes[number - 1]) for name, sizes in cohorts.items()}}))
    return features


# --- Roads ------------------------------------------------------------------------------------

def _road(coords, name, highway, foot=None, access=None, bridge=None, living_street=None,
          cost_factor=1.0):
    return ([tuple(map(float, xy)) for xy in coords],
            {"name": name, "highway": highway, "foot": foot, "access": access, "bridge": bridge,
             "living_street": living_street, "cost_factor": float(cost_factor)})


def _public_streets():
    """Ground-level public lines before noding: streets, bridges, steps, promenades, park paths."""
    lines = []
    south_end, north_start = -_STUB_M, STREET_HEIGHT_M + _STUB_M
    for x, (name, highway, bridge_name) in _MAIN_NS.items():
        lines.append(_road([(x, south_end), (x, _PROMENADE_SOUTH_Y)], name, highway))
        lines.append(_road([(x, _PROMENADE_NORTH_Y), (x, north_start)], name, highway))
        if bridge_name:
            lines.append(_road([(x, _PROMENADE_SOUTH_Y), (x, _PROMENADE_NORTH_Y)], bridge_name,
                               highway, bridge="yes"))
    for y, (name, highway) in _MAIN_EW.items():
        lines.append(_road([(-_STUB_M, y), (STREET_WIDTH_M + _STUB_M, y)], name, highway))
    name, highway = _BRANCH_EW
    lines.append(_road([(0, _BRANCH_EW_Y), (1000, _BRANCH_EW_Y)], name, highway, living_street="yes"))
    lines.append(_road([(1000, _BRANCH_EW_Y), (STREET_WIDTH_M, _BRANCH_EW_Y)], name, highway))
    for x, (name, highway) in _BRANCH_NS.items():
        north_living = "yes" if name == "汝南街" else None
        lines.append(_road([(x, 0), (x, _FLOOD_WALL_SOUTH_Y)], name, highway))
        lines.append(_road([(x, _FLOOD_WALL_NORTH_Y), (x, 1050)], name, highway, living_street=north_living))
        lines.append(_road([(x, 1050), (x, STREET_HEIGHT_M)], name, highway))
        for y0, y1 in ((_FLOOD_WALL_SOUTH_Y, _PROMENADE_SOUTH_Y), (_PROMENADE_NORTH_Y, _FLOOD_WALL_NORTH_Y)):
            lines.append(_road([(x, y0), (x, y1)], f"{name}防汛墙台阶", "steps", foot="yes", cost_factor=1.5))
    for y, bank in ((_PROMENADE_SOUTH_Y, "南岸"), (_PROMENADE_NORTH_Y, "北岸")):
        lines.append(_road([(0, y), (STREET_WIDTH_M, y)], f"丹浦浜{bank}滨河步道", "footway", foot="yes"))
    for name, where in _PARKS:
        if _is_block(where):
            lines.extend(_park_paths(name, *where))
    return lines


def _park_paths(name, column, row):
    """A cross from the middle of each surrounding road to the park centre, plus an inner loop."""
    x0, y0, x1, y1 = _block_bounds(column, row)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    lines = [_road([end, (cx, cy)], f"{name}园路", "footway", foot="yes")
             for end in ((x0, cy), (x1, cy), (cx, y0), (cx, y1))]
    inset = _PARK_PATH_INSET
    loop = [(x0 + inset, y0 + inset), (x1 - inset, y0 + inset), (x1 - inset, y1 - inset),
            (x0 + inset, y1 - inset), (x0 + inset, y0 + inset)]
    lines.append(_road(loop, f"{name}环园步道", "footway", foot="yes"))
    return lines


def _compound_paths(compound):
    """Gate driveways (public) and the compound's private inner loop and spurs."""
    x0, y0, x1, y1 = compound.polygon.bounds
    inset = _INNER_PATH_INSET
    loop = [(x0 + inset, y0 + inset), (x1 - inset, y0 + inset), (x1 - inset, y1 - inset),
            (x0 + inset, y1 - inset), (x0 + inset, y0 + inset)]
    lines = [_road(loop, f"{compound.name}内部道路", "service", access="private")]
    for gate, road_point, inner_point in compound.gate_positions:
        lines.append(_road([road_point, gate], f"{compound.name}出入口", "service"))
        lines.append(_road([gate, inner_point], f"{compound.name}内部道路", "footway", access="private"))
    return lines


def _roads(compounds):
    """Every line cut at each junction with identical shared vertices; the expressway added apart."""
    lines = _public_streets()
    for compound in compounds:
        lines.extend(_compound_paths(compound))
    noded = _node(lines)
    expressway = _road([(-300, _EXPRESSWAY_Y), (125, _EXPRESSWAY_Y), (1125, _EXPRESSWAY_Y),
                        (1875, _EXPRESSWAY_Y), (STREET_WIDTH_M + 300, _EXPRESSWAY_Y)],
                       "内环高架路", "trunk", foot="no")
    features = []
    for coords, attributes in noded + [expressway]:
        features.append((LineString(coords), {"road_id": len(features) + 1, **attributes}))
    return features


def _node(lines):
    """Cut lines at every point where they touch or cross another line (all lines are ground level)."""
    geometries = [LineString(coords) for coords, _ in lines]
    tree = shapely.STRtree(geometries)
    left, right = tree.query(geometries, predicate="intersects")
    cuts = [set() for _ in lines]
    for i, j in zip(left.tolist(), right.tolist()):
        if i >= j:
            continue
        meeting = geometries[i].intersection(geometries[j])
        if meeting.geom_type not in ("Point", "MultiPoint"):
            raise RuntimeError(
                f"Sample roads '{lines[i][1]['name']}' and '{lines[j][1]['name']}' overlap along a "
                "stretch; the street plan must only let lines meet at points."
            )
        for point in getattr(meeting, "geoms", [meeting]):
            cuts[i].add((point.x, point.y))
            cuts[j].add((point.x, point.y))
    noded = []
    for (coords, attributes), line_cuts in zip(lines, cuts):
        noded.extend((piece, dict(attributes)) for piece in _cut(coords, line_cuts))
    return noded


def _cut(coords, cuts):
    """Pieces of a polyline split at ``cuts`` (points on it), inserting them as vertices."""
    vertices = [coords[0]]
    for start, end in zip(coords[:-1], coords[1:]):
        inside = [p for p in cuts if p not in (start, end) and _on_segment(p, start, end)]
        inside.sort(key=lambda p: math.dist(p, start))
        vertices.extend(inside)
        vertices.append(end)
    last = len(vertices) - 1
    pieces, current = [], [vertices[0]]
    for position, vertex in enumerate(vertices[1:], start=1):
        current.append(vertex)
        if vertex in cuts and position < last:
            pieces.append(current)
            current = [vertex]
    if len(current) > 1:
        pieces.append(current)
    return pieces


def _on_segment(point, start, end, tolerance=1e-9):
    (px, py), (ax, ay), (bx, by) = point, start, end
    cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    within = min(ax, bx) - tolerance <= px <= max(ax, bx) + tolerance and \
        min(ay, by) - tolerance <= py <= max(ay, by) + tolerance
    return abs(cross) <= tolerance and within


# --- Points of interest -------------------------------------------------------------------------

def _is_block(where):
    """A park given as (column, row) of a block rather than an explicit local box."""
    return len(where) == 2


def _park_polygon(where):
    if _is_block(where):
        bounds, _ = _inset_block(*where)
        return box(*bounds)
    return box(*where)


def _facilities(rng):
    features = []
    for number, (name, services, floor_area, x, y) in enumerate(_FACILITIES, start=1):
        parse_services(services, f"in sample facility '{name}'")  # the plan must use the vocabulary
        area = round(floor_area * rng.uniform(0.95, 1.05), -1)
        dx, dy = rng.uniform(-2.0, 2.0, size=2)
        features.append((Point(round(x + dx, 1), round(y + dy, 1)),
                         {"facility_id": f"F{number:02d}", "name": name, "services": services,
                          "floor_area_m2": float(area)}))
    return features


def _candidates(rng):
    features = []
    for number, (name, kind, floor_area, x, y) in enumerate(_CANDIDATES, start=1):
        if floor_area == _BETWEEN:
            floor_area = 10 * int(rng.integers(21, 40))  # 210-390 m²
        features.append((Point(x, y), {"site_id": f"C{number:02d}", "name": name, "kind_hint": kind,
                                       "floor_area_m2": None if floor_area is None else float(floor_area)}))
    return features
