"""The residents' digital map (生活圈数字地图): walking minutes on a grid, stored compactly for a web page.

The page works in WGS 84 longitude/latitude, so the grid is a lon/lat grid whose cells measure
``cell_m`` metres at the area's central latitude (a few kilometres away they differ by well under
0.1 %). Each cell holds the minutes a resident standing at its centre walks to the nearest facility
of each of the ten essentials — computed by walkingcoverage's own per-service pass, the cell centres
taking the place of the residents — so the page needs no projection library: a tap at (lon, lat)
reads cell ``floor((lon - lon0) / dlon)``, ``floor((lat - lat0) / dlat)``.

Minutes are stored as one byte per cell and service (steps of ``step`` minutes, 255 = none),
base64-encoded into a script the page loads from ``file://``.
"""
import base64
import math
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np

from .chinacoords import wgs84_to_gcj02
from .coverage import AccessPoints, walking_coverage
from .errors import LifeCircleError
from .services import REQUIRED_CODES

MAX_CELLS = 2_000_000
# Metres per degree of latitude (mean meridian degree); a degree of longitude is this × cos(latitude).
METRES_PER_DEGREE = 111_320.0
NO_VALUE = 255  # byte of a cell with no minutes (outside the area, off the network, beyond the search)
MIN_STEP_MINUTES = 0.25
# Tile hosts whose tiles are drawn in GCJ-02 (the known-host rule); Baidu's BD-09 tiles use their own
# tiling scheme, which no standard web map reads.
GCJ02_TILE_HOSTS = ("autonavi.com", "amap.com", "gtimg.com", "map.qq.com")
BAIDU_TILE_HOSTS = ("bdimg.com", "bdstatic.com", "map.baidu.com")
TILES_WGS84, TILES_GCJ02 = "wgs84", "gcj02"


class TooManyCellsError(LifeCircleError):
    """The area would need more cells than a page can hold."""


class TileUrlError(LifeCircleError):
    """A tile address the page cannot use."""


@dataclass(frozen=True)
class LonLatGrid:
    """Cells of ``dlon`` × ``dlat`` degrees from the south-west corner (lon0, lat0); row-major from the south."""

    lon0: float
    lat0: float
    dlon: float
    dlat: float
    nx: int
    ny: int

    @property
    def count(self):
        return self.nx * self.ny

    def centres(self):
        """(lon, lat) arrays of every cell centre, index ``row * nx + column``."""
        column = np.tile(np.arange(self.nx), self.ny)
        row = np.repeat(np.arange(self.ny), self.nx)
        return self.lon0 + (column + 0.5) * self.dlon, self.lat0 + (row + 0.5) * self.dlat

    def cell_index(self, lon, lat):
        """Index of the cell each lon/lat falls in (the same formula as the page's), -1 outside the grid."""
        column = np.floor((np.asarray(lon, dtype=float) - self.lon0) / self.dlon)
        row = np.floor((np.asarray(lat, dtype=float) - self.lat0) / self.dlat)
        inside = (column >= 0) & (column < self.nx) & (row >= 0) & (row < self.ny)
        return np.where(inside, row * self.nx + column, -1).astype(np.int64)

    def as_dict(self):
        return {"lon0": self.lon0, "lat0": self.lat0, "dlon": self.dlon, "dlat": self.dlat,
                "nx": self.nx, "ny": self.ny}


def plan_grid(lon_min, lat_min, lon_max, lat_max, cell_m, max_cells=MAX_CELLS):
    """The grid covering a lon/lat box with cells of ``cell_m`` metres; refuses more than ``max_cells``."""
    if not cell_m > 0:
        raise TooManyCellsError(
            "grid.cell_size", f"CELL_M must be a positive number of metres; got {cell_m}.",
            f"CELL_M（格网边长）必须为正数（米），当前为 {cell_m}。")
    dlat = cell_m / METRES_PER_DEGREE
    dlon = cell_m / (METRES_PER_DEGREE * math.cos(math.radians((lat_min + lat_max) / 2.0)))
    nx = max(1, math.ceil((lon_max - lon_min) / dlon))
    ny = max(1, math.ceil((lat_max - lat_min) / dlat))
    if nx * ny > max_cells:
        suggestion = math.ceil(cell_m * math.sqrt(nx * ny / max_cells))
        raise TooManyCellsError(
            "grid.too_many_cells",
            f"The area needs {nx * ny:,} cells of CELL_M = {cell_m:g} m ({nx:,} × {ny:,}); the web map holds "
            f"at most {max_cells:,}. Raise CELL_M to {suggestion} m or more, or give a smaller BOUNDARY.",
            f"按 CELL_M = {cell_m:g} 米，该范围需要 {nx * ny:,} 个格网（{nx:,} × {ny:,}），数字地图最多容纳 "
            f"{max_cells:,} 个。请将 CELL_M 提高到 {suggestion} 米以上，或给出更小的范围（BOUNDARY）。")
    return LonLatGrid(float(lon_min), float(lat_min), dlon, dlat, nx, ny)


def grid_minutes(network, facilities, facility_services, centre_xy, inside, thresholds, speed_kmh,
                 max_snap_m, search_minutes, progress=None, cancel=None):
    """Minutes from every cell centre to the nearest facility of each essential: {code: array per cell}.

    ``centre_xy``: cell centres in the network's metric CRS; ``inside``: bool per cell, False for
    cells outside the area (no minutes). The centres inside are walkingcoverage's residents, so a
    cell's minutes are exactly those of a resident standing at its centre. NaN where a centre lies
    outside, farther than ``max_snap_m`` from the network, or reaches nothing within the search limit.
    Also returns the CoverageResult of the cells inside (snap distances, search limit).
    """
    inside = np.asarray(inside, dtype=bool)
    cells = np.flatnonzero(inside)
    result = walking_coverage(
        network, facilities, facility_services, AccessPoints.one_per_feature(np.asarray(centre_xy)[cells]),
        thresholds, speed_kmh=speed_kmh, max_snap_m=max_snap_m, search_minutes=search_minutes,
        services=REQUIRED_CODES, progress=progress, cancel=cancel)
    minutes = {}
    for code in REQUIRED_CODES:
        values = np.full(len(inside), np.nan)
        values[cells] = result.minutes[code]
        minutes[code] = values
    return minutes, result


def minute_step(search_minutes):
    """Storage step (minutes) so that one byte holds every minute value up to the search limit."""
    return max(MIN_STEP_MINUTES, math.ceil(search_minutes / (NO_VALUE - 1) / MIN_STEP_MINUTES) * MIN_STEP_MINUTES)


def encode_minutes(minutes, codes, step):
    """Base64 text of one byte per cell and service (services in ``codes`` order, each a block of cells).

    Minutes are rounded up to the step, so a cell is within a threshold that is a multiple of the step
    (5, 10, 15 minutes) exactly when its computed minutes are."""
    blocks = []
    for code in codes:
        values = np.asarray(minutes[code], dtype=float)
        steps = np.full(len(values), NO_VALUE, dtype=np.uint8)
        ok = np.isfinite(values) & (values <= (NO_VALUE - 1) * step)
        steps[ok] = np.ceil(values[ok] / step).astype(np.uint8)
        blocks.append(steps.tobytes())
    return base64.b64encode(b"".join(blocks)).decode("ascii")


def decode_minutes(text, codes, cell_count, step):
    """The inverse of ``encode_minutes``: {code: minutes per cell, NaN for none}."""
    raw = np.frombuffer(base64.b64decode(text), dtype=np.uint8).reshape(len(codes), cell_count)
    return {code: np.where(row == NO_VALUE, np.nan, row * step) for code, row in zip(codes, raw)}


def tile_system(tile_url, choice="auto"):
    """Coordinates of a tile service's tiles: ``TILES_GCJ02`` or ``TILES_WGS84``.

    ``choice`` 'wgs84' or 'gcj02' states it; 'auto' applies the known-host rule: AMap/Gaode
    (autonavi.com, amap.com) and Tencent (gtimg.com, map.qq.com) are GCJ-02, every other host
    WGS 84 (OpenStreetMap, 天地图, a district's own server). Baidu is refused.
    """
    parts = urlsplit(tile_url or "")
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host or not all(k in tile_url for k in ("{x}", "{y}", "{z}")):
        raise TileUrlError(
            "tiles.url",
            f"TILE_URL '{tile_url}' is not a tile address: give http(s)://host/…{{z}}/{{x}}/{{y}}… "
            "(with {z}, {x} and {y}), or leave it empty for a map without online tiles.",
            f"TILE_URL“{tile_url}”不是瓦片地址：请填写含 {{z}}、{{x}}、{{y}} 的 http(s) 地址，"
            "或留空（不加载在线底图）。")
    if any(host == h or host.endswith("." + h) for h in BAIDU_TILE_HOSTS):
        raise TileUrlError(
            "tiles.baidu",
            f"TILE_URL '{tile_url}' is a Baidu tile service: its BD-09 tiles use Baidu's own tiling, which the "
            "web map cannot draw. Use AMap/Tencent (GCJ-02), 天地图 or OpenStreetMap tiles.",
            f"TILE_URL“{tile_url}”是百度瓦片：百度采用 BD-09 坐标和自有切片方案，数字地图无法显示。"
            "请改用高德/腾讯（GCJ-02）、天地图或 OpenStreetMap 瓦片。")
    if choice in (TILES_WGS84, TILES_GCJ02):
        return choice
    return TILES_GCJ02 if any(host == h or host.endswith("." + h) for h in GCJ02_TILE_HOSTS) else TILES_WGS84


def shift_lattice(lon_min, lat_min, lon_max, lat_max, samples=17):
    """GCJ-02 minus WGS 84 (degrees) on a ``samples`` × ``samples`` lattice over a box, by the plugin's
    GCJ-02 engine: the page interpolates it to turn a tap on GCJ-02 tiles back into WGS 84 (the shift
    changes by centimetres over a few hundred metres, so the lattice is exact to well under a metre)."""
    lon = np.linspace(lon_min, lon_max, samples)
    lat = np.linspace(lat_min, lat_max, samples)
    grid_lon, grid_lat = np.meshgrid(lon, lat)  # rows from the south
    shifted_lon, shifted_lat = wgs84_to_gcj02(grid_lon.ravel(), grid_lat.ravel())
    return {"lon0": float(lon_min), "lat0": float(lat_min),
            "dlon": float((lon_max - lon_min) / (samples - 1)), "dlat": float((lat_max - lat_min) / (samples - 1)),
            "n": samples,
            "dx": np.round(shifted_lon - grid_lon.ravel(), 9).tolist(),
            "dy": np.round(shifted_lat - grid_lat.ravel(), 9).tolist()}
