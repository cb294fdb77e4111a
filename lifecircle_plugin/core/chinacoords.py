"""GCJ-02 (AMap/Gaode, Tencent) and BD-09 (Baidu) <-> WGS 84 / CGCS2000, vectorised.

Planners scrape POIs from AMap (GCJ-02) and Baidu (BD-09): both are WGS 84 plus a
deliberate, non-linear shift of several hundred metres inside China. The forward shifts
are the widely published formulas (the same ones used by eviltransform, coordtransform,
gcoord, prcoords); their inverses have no closed form, so they are solved here by
fixed-point iteration to ~1e-10 degrees (a few micrometres), not the common one-step
approximation that leaves metre-level errors.

Outside a rough bounding box of China no shift applies (the published algorithm returns
such points unchanged); ``outside_china`` tells the caller which points those are so it
can warn the user.

Coordinates are longitude/latitude in degrees (x = lon, y = lat, as in GIS layers).
"""
import numpy as np
import shapely

from .defaults import SYSTEMS
from .errors import LifeCircleError

# Krasovsky 1940 ellipsoid, the parameters of the published GCJ-02 formula.
_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323
# BD-09's extra rotation/scaling works on degrees scaled by 3000/180 * pi.
_BD_FACTOR = np.pi * 3000.0 / 180.0
_BD_LON_OFFSET = 0.0065
_BD_LAT_OFFSET = 0.006

# The usual rough box of China used by the published implementations.
CHINA_LON_MIN, CHINA_LON_MAX = 72.004, 137.8347
CHINA_LAT_MIN, CHINA_LAT_MAX = 0.8293, 55.8271

# Inverse solving: stop when the forward transform reproduces the input to this many
# degrees (1e-10 deg is ~0.01 mm), give up after this many iterations.
_INVERSE_TOLERANCE_DEG = 1e-10
_INVERSE_MAX_ITERATIONS = 50


class CoordinateInputError(LifeCircleError, ValueError):
    """Longitudes/latitudes that cannot be degrees, or an unknown coordinate system."""


def _as_lonlat(lon, lat):
    """Float arrays of the same shape, checked to be geographic degrees."""
    lon_arr = np.asarray(lon, dtype=float)
    lat_arr = np.asarray(lat, dtype=float)
    if lon_arr.shape != lat_arr.shape:
        raise CoordinateInputError(
            "coords.shape",
            f"longitude and latitude arrays differ in shape ({lon_arr.shape} vs {lat_arr.shape}); "
            "pass one longitude per latitude",
            f"经度与纬度数组形状不同（{lon_arr.shape} 与 {lat_arr.shape}）：每个纬度须对应一个经度")
    with np.errstate(invalid="ignore"):
        bad_lat = np.abs(lat_arr) > 90.0
        bad_lon = np.abs(lon_arr) > 180.0
    for bad, axis in ((bad_lat, "latitude"), (bad_lon, "longitude")):
        if bad.any():
            index = int(np.flatnonzero(bad.ravel())[0])
            raise CoordinateInputError(
                "coords.out_of_range",
                f"{int(bad.sum())} {axis} value(s) out of range, first at index {index} "
                f"(lon={lon_arr.ravel()[index]!r}, lat={lat_arr.ravel()[index]!r}): "
                "expected degrees; are longitude and latitude swapped, or is the layer "
                "in a projected CRS (metres)? Reproject it to EPSG:4326/4490 first",
                f"{int(bad.sum())} 个{'纬度' if axis == 'latitude' else '经度'}值超出范围，第一个位于序号 {index}"
                f"（经度={lon_arr.ravel()[index]!r}，纬度={lat_arr.ravel()[index]!r}）：应为度数；"
                "是否经纬度颠倒，或图层为投影坐标（米）？请先重投影到 EPSG:4326/4490")
    return lon_arr, lat_arr


def outside_china(lon, lat):
    """Boolean array: True where a point lies outside the rough China box (no shift applies).

    The box is the rough one of the published algorithm: it also covers neighbours such as
    Korea or Bangkok, where the shift is (wrongly but conventionally) applied too.
    NaN coordinates count as outside (they are passed through unchanged).
    """
    lon_arr, lat_arr = _as_lonlat(lon, lat)
    with np.errstate(invalid="ignore"):
        inside = (
            (lon_arr >= CHINA_LON_MIN)
            & (lon_arr <= CHINA_LON_MAX)
            & (lat_arr >= CHINA_LAT_MIN)
            & (lat_arr <= CHINA_LAT_MAX)
        )
    return ~inside


def _gcj02_offset(lon, lat):
    """GCJ-02 minus WGS 84 at the WGS 84 point (lon, lat), in degrees, with no box test."""
    x = lon - 105.0
    y = lat - 35.0
    periodic = (20.0 * np.sin(6.0 * x * np.pi) + 20.0 * np.sin(2.0 * x * np.pi)) * 2.0 / 3.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * np.sqrt(np.abs(x))
    d_lat += periodic
    d_lat += (20.0 * np.sin(y * np.pi) + 40.0 * np.sin(y / 3.0 * np.pi)) * 2.0 / 3.0
    d_lat += (160.0 * np.sin(y / 12.0 * np.pi) + 320.0 * np.sin(y * np.pi / 30.0)) * 2.0 / 3.0
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * np.sqrt(np.abs(x))
    d_lon += periodic
    d_lon += (20.0 * np.sin(x * np.pi) + 40.0 * np.sin(x / 3.0 * np.pi)) * 2.0 / 3.0
    d_lon += (150.0 * np.sin(x / 12.0 * np.pi) + 300.0 * np.sin(x / 30.0 * np.pi)) * 2.0 / 3.0
    # The formula yields metres on the Krasovsky ellipsoid: convert to degrees at this latitude.
    rad_lat = np.radians(lat)
    w = 1.0 - _KRASOVSKY_EE * np.sin(rad_lat) ** 2
    sqrt_w = np.sqrt(w)
    meridian_radius = _KRASOVSKY_A * (1.0 - _KRASOVSKY_EE) / (w * sqrt_w)
    parallel_radius = _KRASOVSKY_A / sqrt_w * np.cos(rad_lat)
    return np.degrees(d_lon / parallel_radius), np.degrees(d_lat / meridian_radius)


def _gcj02_to_bd09_unchecked(lon, lat):
    z = np.hypot(lon, lat) + 0.00002 * np.sin(lat * _BD_FACTOR)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _BD_FACTOR)
    return z * np.cos(theta) + _BD_LON_OFFSET, z * np.sin(theta) + _BD_LAT_OFFSET


def _bd09_to_gcj02_closed_form(lon, lat):
    """The published one-step inverse of BD-09 (accurate to ~1e-6 degrees)."""
    x = lon - _BD_LON_OFFSET
    y = lat - _BD_LAT_OFFSET
    z = np.hypot(x, y) - 0.00002 * np.sin(y * _BD_FACTOR)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _BD_FACTOR)
    return z * np.cos(theta), z * np.sin(theta)


def _solve_inverse(forward, target_lon, target_lat, start_lon, start_lat, system_name):
    """Points p with forward(p) == target, by fixed-point iteration p += target - forward(p).

    Both shifts vary by far less than 1 degree per degree, so the iteration contracts
    strongly (each step gains about three digits).
    """
    lon = start_lon.copy()
    lat = start_lat.copy()
    active = np.ones(lon.shape, dtype=bool)
    for _ in range(_INVERSE_MAX_ITERATIONS):
        fwd_lon, fwd_lat = forward(lon[active], lat[active])
        err_lon = target_lon[active] - fwd_lon
        err_lat = target_lat[active] - fwd_lat
        lon[active] += err_lon
        lat[active] += err_lat
        converged = (np.abs(err_lon) <= _INVERSE_TOLERANCE_DEG) & (np.abs(err_lat) <= _INVERSE_TOLERANCE_DEG)
        active[np.flatnonzero(active)[converged]] = False
        if not active.any():
            return lon, lat
    index = int(np.flatnonzero(active.ravel())[0])
    raise CoordinateInputError(
        "coords.no_convergence",
        f"{system_name} inverse did not converge for {int(active.sum())} point(s), first at index "
        f"{index} (lon={target_lon.ravel()[index]!r}, lat={target_lat.ravel()[index]!r}); "
        "check that these are valid coordinates",
        f"{system_name} 逆变换有 {int(active.sum())} 个点未收敛，第一个位于序号 {index}"
        f"（经度={target_lon.ravel()[index]!r}，纬度={target_lat.ravel()[index]!r}）；请检查坐标是否有效")


def wgs84_to_gcj02(lon, lat):
    """WGS 84 lon/lat (degrees) to GCJ-02 (AMap/Gaode, Tencent); points outside China unchanged."""
    lon_arr, lat_arr = _as_lonlat(lon, lat)
    inside = ~outside_china(lon_arr, lat_arr)
    out_lon, out_lat = lon_arr.copy(), lat_arr.copy()
    d_lon, d_lat = _gcj02_offset(lon_arr[inside], lat_arr[inside])
    out_lon[inside] += d_lon
    out_lat[inside] += d_lat
    return out_lon, out_lat


def gcj02_to_wgs84(lon, lat):
    """GCJ-02 lon/lat to WGS 84, solved iteratively to ~1e-10 degrees; outside China unchanged."""
    lon_arr, lat_arr = _as_lonlat(lon, lat)
    inside = ~outside_china(lon_arr, lat_arr)
    out_lon, out_lat = lon_arr.copy(), lat_arr.copy()
    gcj_lon, gcj_lat = lon_arr[inside], lat_arr[inside]
    d_lon, d_lat = _gcj02_offset(gcj_lon, gcj_lat)

    def forward(x, y):
        dx, dy = _gcj02_offset(x, y)
        return x + dx, y + dy

    out_lon[inside], out_lat[inside] = _solve_inverse(
        forward, gcj_lon, gcj_lat, gcj_lon - d_lon, gcj_lat - d_lat, "GCJ-02"
    )
    return out_lon, out_lat


def gcj02_to_bd09(lon, lat):
    """GCJ-02 lon/lat to BD-09 (Baidu); points outside China unchanged."""
    lon_arr, lat_arr = _as_lonlat(lon, lat)
    inside = ~outside_china(lon_arr, lat_arr)
    out_lon, out_lat = lon_arr.copy(), lat_arr.copy()
    out_lon[inside], out_lat[inside] = _gcj02_to_bd09_unchecked(lon_arr[inside], lat_arr[inside])
    return out_lon, out_lat


def bd09_to_gcj02(lon, lat):
    """BD-09 lon/lat to GCJ-02, the exact inverse of ``gcj02_to_bd09``; outside China unchanged.

    Starts from the published closed form and refines it iteratively, so that a
    GCJ-02 -> BD-09 -> GCJ-02 round trip returns the input to ~1e-10 degrees.
    """
    lon_arr, lat_arr = _as_lonlat(lon, lat)
    inside = ~outside_china(lon_arr, lat_arr)
    out_lon, out_lat = lon_arr.copy(), lat_arr.copy()
    bd_lon, bd_lat = lon_arr[inside], lat_arr[inside]
    start_lon, start_lat = _bd09_to_gcj02_closed_form(bd_lon, bd_lat)
    out_lon[inside], out_lat[inside] = _solve_inverse(
        _gcj02_to_bd09_unchecked, bd_lon, bd_lat, start_lon, start_lat, "BD-09"
    )
    return out_lon, out_lat


def wgs84_to_bd09(lon, lat):
    """WGS 84 lon/lat to BD-09 (through GCJ-02); points outside China unchanged."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon, lat):
    """BD-09 lon/lat to WGS 84 (through GCJ-02, both steps exact); outside China unchanged."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def _identity(lon, lat):
    lon_arr, lat_arr = _as_lonlat(lon, lat)
    return lon_arr.copy(), lat_arr.copy()


def _canonical_system(name):
    key = str(name).strip().lower().replace("-", "").replace("_", "").replace(" ", "")
    # CGCS2000 lon/lat is WGS 84 at this accuracy (see the comment at defaults.SYSTEMS).
    key = {"cgcs2000": "wgs84", "epsg4326": "wgs84", "epsg4490": "wgs84"}.get(key, key)
    if key not in ("wgs84", "gcj02", "bd09"):
        raise CoordinateInputError(
            "coords.unknown_system",
            f"Unknown coordinate system '{name}'; use one of {', '.join(SYSTEMS)}",
            f"未知坐标系“{name}”，请使用 {', '.join(SYSTEMS)} 之一")
    return key


_CONVERSIONS = {
    ("wgs84", "gcj02"): wgs84_to_gcj02,
    ("gcj02", "wgs84"): gcj02_to_wgs84,
    ("gcj02", "bd09"): gcj02_to_bd09,
    ("bd09", "gcj02"): bd09_to_gcj02,
    ("wgs84", "bd09"): wgs84_to_bd09,
    ("bd09", "wgs84"): bd09_to_wgs84,
}


def convert(lon, lat, source, target):
    """Convert lon/lat arrays between ``wgs84``, ``cgcs2000``, ``gcj02`` and ``bd09``.

    Returns a (lon, lat) pair of float arrays; points outside China are returned unchanged.
    """
    pair = (_canonical_system(source), _canonical_system(target))
    return _CONVERSIONS.get(pair, _identity)(lon, lat)


def convert_geometry(geometry, source, target):
    """A shapely geometry (or array of them) with every vertex converted; Z values are kept."""
    pair = (_canonical_system(source), _canonical_system(target))
    function = _CONVERSIONS.get(pair)
    if function is None:
        return geometry

    def transform_xy(coords):
        lon, lat = function(coords[:, 0], coords[:, 1])
        result = coords.copy()
        result[:, 0] = lon
        result[:, 1] = lat
        return result

    # include_z keeps 3D geometries 3D; 2D geometries get a NaN column that is dropped again.
    return shapely.transform(geometry, transform_xy, include_z=bool(np.any(shapely.has_z(geometry))))


def geometry_outside_china(geometry):
    """Boolean per geometry: True when any vertex lies outside China (there no shift applies).

    Empty or missing geometries count as not outside.
    """
    geometries = np.asarray(geometry, dtype=object)
    flat = geometries.ravel()
    coords, owner = shapely.get_coordinates(flat, return_index=True)
    flags = np.zeros(flat.shape, dtype=bool)
    if len(coords):
        outside = outside_china(coords[:, 0], coords[:, 1])
        flags[np.unique(owner[outside])] = True
    return flags.reshape(geometries.shape)
