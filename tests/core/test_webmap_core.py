"""The digital map's pure core: the lon/lat grid, its minutes (walkingcoverage's own pass), compact storage,
the tile rule, the GCJ-02 lattice and the folder writer."""
import math

import numpy as np
import pytest
from shapely import LineString

from lifecircle.lifecircle_plugin.core.chinacoords import gcj02_to_wgs84, wgs84_to_gcj02
from lifecircle.lifecircle_plugin.core.coverage import AccessPoints, walking_coverage
from lifecircle.lifecircle_plugin.core.errors import LifeCircleError
from lifecircle.lifecircle_plugin.core.network import build_network
from lifecircle.lifecircle_plugin.core.services import REQUIRED_CODES, SERVICE_CODES
from lifecircle.lifecircle_plugin.core.webmap_folder import (
    GENERATOR_MARK,
    WebMapFolderError,
    check_leaflet,
    write_webmap_folder,
)
from lifecircle.lifecircle_plugin.core.webmap_grid import (
    MAX_CELLS,
    METRES_PER_DEGREE,
    TILES_GCJ02,
    TILES_WGS84,
    TileUrlError,
    TooManyCellsError,
    decode_minutes,
    encode_minutes,
    grid_minutes,
    minute_step,
    plan_grid,
    shift_lattice,
    tile_system,
)

SHANGHAI = (121.46, 31.20, 121.49, 31.22)


def test_plan_grid_cells_measure_cell_m_at_the_centre_latitude():
    grid = plan_grid(*SHANGHAI, 50.0)
    lat = math.radians((SHANGHAI[1] + SHANGHAI[3]) / 2)
    assert grid.dlat * METRES_PER_DEGREE == pytest.approx(50.0)
    assert grid.dlon * METRES_PER_DEGREE * math.cos(lat) == pytest.approx(50.0)
    assert grid.lon0 + grid.nx * grid.dlon >= SHANGHAI[2] and grid.lat0 + grid.ny * grid.dlat >= SHANGHAI[3]
    assert grid.count == grid.nx * grid.ny


def test_cell_index_finds_each_centre_in_its_own_cell_and_nothing_outside():
    grid = plan_grid(*SHANGHAI, 100.0)
    lon, lat = grid.centres()
    assert (grid.cell_index(lon, lat) == np.arange(grid.count)).all()
    assert grid.cell_index([SHANGHAI[0] - 0.01, SHANGHAI[2] + 0.5], [31.21, 31.21]).tolist() == [-1, -1]


def test_too_many_cells_is_refused_naming_cell_m_and_the_count():
    with pytest.raises(TooManyCellsError) as caught:
        plan_grid(121.0, 30.7, 122.0, 31.9, 50.0)  # all of Shanghai at 50 m
    error = caught.value
    assert isinstance(error, LifeCircleError) and error.code == "grid.too_many_cells"
    count = int(error.message_en.split(" cells")[0].rsplit(" ", 1)[-1].replace(",", ""))
    assert count > MAX_CELLS
    assert "CELL_M = 50 m" in error.message_en and f"{count:,}" in error.message_en
    assert "CELL_M" in error.message_zh and f"{count:,}" in error.message_zh
    # The suggested size fits.
    suggested = float(error.message_en.split("Raise CELL_M to ")[1].split(" m")[0])
    assert plan_grid(121.0, 30.7, 122.0, 31.9, suggested).count <= MAX_CELLS


def test_minutes_are_stored_in_one_byte_rounded_up_to_a_quarter_minute():
    step = minute_step(60.0)
    assert step == 0.25
    values = {code: np.array([0.0, 3.14, 59.9, np.nan, 70.0, 15.0, 15.01, 14.99]) for code in REQUIRED_CODES}
    decoded = decode_minutes(encode_minutes(values, REQUIRED_CODES, step), REQUIRED_CODES, 8, step)
    for code in REQUIRED_CODES:
        kept = [0, 1, 2, 5, 6, 7]
        assert (decoded[code][kept] >= values[code][kept]).all()
        assert (decoded[code][kept] < values[code][kept] + step).all()
        assert np.isnan(decoded[code][3]) and np.isnan(decoded[code][4])  # beyond 63.5 min: none
        # Within 15 minutes exactly when the computed minutes are: 15.0 and 14.99 yes, 15.01 no.
        assert (decoded[code][5:] <= 15.0).tolist() == [True, False, True]
    assert minute_step(120.0) * 254 >= 120.0


def line(*points):
    return LineString(points)


def test_grid_minutes_equal_walking_coverage_for_residents_at_the_cell_centres():
    # A street grid of 100 m blocks, 1 km square; facilities at two corners.
    lines = [line((0, y), (1000, y)) for y in range(0, 1001, 100)] + \
            [line((x, 0), (x, 1000)) for x in range(0, 1001, 100)]
    network = build_network(lines)
    facilities = AccessPoints.one_per_feature([(0.0, 0.0), (1000.0, 1000.0)])
    services = [("health", "elderly"), ("sports",)]
    thresholds = {code: 15.0 for code in SERVICE_CODES}
    xs, ys = np.meshgrid(np.arange(25.0, 1000.0, 50.0), np.arange(25.0, 1000.0, 50.0))
    centres = np.column_stack([xs.ravel(), ys.ravel()])
    inside = centres[:, 0] < 900  # the eastern strip lies outside the area
    minutes, result = grid_minutes(network, facilities, services, centres, inside, thresholds, 4.0, 150.0, 60.0)
    direct = walking_coverage(network, facilities, services, AccessPoints.one_per_feature(centres[inside]),
                              thresholds, services=REQUIRED_CODES)
    for code in REQUIRED_CODES:
        assert np.array_equal(minutes[code][inside], direct.minutes[code], equal_nan=True)
        assert np.isnan(minutes[code][~inside]).all()
    assert np.isnan(minutes["employment"]).all()
    # The centre (25, 25) is 25 m off the street at (25, 0), 25 m from the facility along it: 50 m = 0.75 min.
    assert minutes["health"][0] == pytest.approx(50.0 / (4000.0 / 60.0))
    assert len(result.snap_m) == inside.sum()


def test_tile_system_by_known_host_or_stated():
    assert tile_system("https://webrd01.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8") == TILES_GCJ02
    assert tile_system("https://rt0.map.gtimg.com/tile?z={z}&x={x}&y={y}") == TILES_GCJ02
    assert tile_system("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == TILES_WGS84
    assert tile_system("https://tiles.example.gov.cn/{z}/{x}/{y}.png", "gcj02") == TILES_GCJ02
    assert tile_system("https://webrd01.is.autonavi.com/{z}/{x}/{y}", "wgs84") == TILES_WGS84


@pytest.mark.parametrize("url, code", [
    ("https://maponline0.bdimg.com/tile/?x={x}&y={y}&z={z}", "tiles.baidu"),
    ("tile.openstreetmap.org/{z}/{x}/{y}.png", "tiles.url"),
    ("https://tile.openstreetmap.org/tiles.png", "tiles.url"),
])
def test_unusable_tile_urls_are_refused(url, code):
    with pytest.raises(TileUrlError) as caught:
        tile_system(url)
    assert caught.value.code == code and "TILE_URL" in caught.value.message_en and "TILE_URL" in caught.value.message_zh


def interpolate(lattice, lon, lat):
    """The page's bilinear interpolation of the shift (app.js shiftAt), in Python."""
    n = lattice["n"]
    fx = min(max((lon - lattice["lon0"]) / lattice["dlon"], 0), n - 1.000001)
    fy = min(max((lat - lattice["lat0"]) / lattice["dlat"], 0), n - 1.000001)
    i, j = int(fx), int(fy)
    u, v = fx - i, fy - j

    def at(values):
        k = j * n + i
        return (values[k] * (1 - u) + values[k + 1] * u) * (1 - v) + \
            (values[k + n] * (1 - u) + values[k + n + 1] * u) * v

    return at(lattice["dx"]), at(lattice["dy"])


def test_the_shift_lattice_turns_a_tap_on_gcj02_tiles_back_into_wgs84_within_a_metre():
    lattice = shift_lattice(*SHANGHAI)
    rng = np.random.default_rng(7)
    lon = rng.uniform(SHANGHAI[0], SHANGHAI[2], 50)
    lat = rng.uniform(SHANGHAI[1], SHANGHAI[3], 50)
    tap_lon, tap_lat = wgs84_to_gcj02(lon, lat)
    for k in range(50):
        w = (tap_lon[k], tap_lat[k])
        for _ in range(4):  # app.js toWgs84
            dx, dy = interpolate(lattice, *w)
            w = (tap_lon[k] - dx, tap_lat[k] - dy)
        assert abs(w[0] - lon[k]) * METRES_PER_DEGREE * math.cos(math.radians(31.2)) < 1.0
        assert abs(w[1] - lat[k]) * METRES_PER_DEGREE < 1.0
    exact = gcj02_to_wgs84(tap_lon, tap_lat)
    assert np.allclose(exact[0], lon, atol=1e-8)


def fake_leaflet(tmp_path):
    folder = tmp_path / "leaflet"
    (folder / "images").mkdir(parents=True)
    for name in ("leaflet.js", "leaflet.css", "LICENSE"):
        (folder / name).write_text("/* test */", encoding="utf-8")
    return folder


def test_the_folder_is_written_whole_and_an_earlier_export_replaced(tmp_path):
    leaflet = fake_leaflet(tmp_path)
    target = tmp_path / "map"
    index = write_webmap_folder(str(target), "测试 <地图>", {"title": "测试"}, leaflet_dir=str(leaflet))
    page = (target / "index.html").read_text(encoding="utf-8")
    assert index == str(target / "index.html") and GENERATOR_MARK in page and "测试 &lt;地图&gt;" in page
    data = (target / "data.js").read_text(encoding="utf-8")
    assert data.startswith("window.LIFECIRCLE_DATA = {") and '"title":"测试"' in data
    assert all((target / name).exists() for name in ("app.js", "style.css", "leaflet/LICENSE"))
    write_webmap_folder(str(target), "第二次", {"title": "第二次"}, leaflet_dir=str(leaflet))
    assert "第二次" in (target / "data.js").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leaflet", "map"]  # no staging left behind


def test_a_folder_with_other_files_is_never_replaced(tmp_path):
    target = tmp_path / "documents"
    target.mkdir()
    (target / "plan.docx").write_text("keep me", encoding="utf-8")
    with pytest.raises(WebMapFolderError) as caught:
        write_webmap_folder(str(target), "x", {}, leaflet_dir=str(fake_leaflet(tmp_path)))
    assert caught.value.code == "webmap.folder_in_use" and str(target) in caught.value.message_zh
    assert (target / "plan.docx").read_text(encoding="utf-8") == "keep me"


def test_a_file_given_as_the_folder_is_refused_as_a_file_and_kept(tmp_path):
    target = tmp_path / "plan.gpkg"
    target.write_bytes(b"keep me")
    with pytest.raises(WebMapFolderError) as caught:
        write_webmap_folder(str(target), "x", {}, leaflet_dir=str(fake_leaflet(tmp_path)))
    assert caught.value.code == "webmap.folder_is_file" and "is a file" in caught.value.message_en
    assert str(target) in caught.value.message_zh and target.read_bytes() == b"keep me"


def test_a_missing_map_library_is_refused_naming_the_folder(tmp_path):
    with pytest.raises(WebMapFolderError) as caught:
        check_leaflet(str(tmp_path / "nowhere"))
    assert caught.value.code == "webmap.leaflet_missing"
    assert "make deploy" in caught.value.message_en and str(tmp_path / "nowhere") in caught.value.message_zh
