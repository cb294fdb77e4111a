"""GCJ-02 / BD-09 <-> WGS 84 against published control points and round trips.

Control points are copied from the test suites / READMEs of open-source converters
(cited per case); each library implements the same published forward formulas.
"""
import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from lifecircle.lifecircle_plugin.core import chinacoords as cc

EARTH_RADIUS_M = 6371008.8


def haversine_m(lon1, lat1, lon2, lat2):
    lon1, lat1, lon2, lat2 = map(np.radians, (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))


# googollee/eviltransform, python/test.py (TESTS): wgsLat, wgsLng, gcjLat, gcjLng
EVILTRANSFORM_WGS_GCJ = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # beijing
]


@pytest.mark.parametrize("wgs_lat, wgs_lon, gcj_lat, gcj_lon", EVILTRANSFORM_WGS_GCJ)
def test_wgs84_to_gcj02_matches_eviltransform(wgs_lat, wgs_lon, gcj_lat, gcj_lon):
    lon, lat = cc.wgs84_to_gcj02(wgs_lon, wgs_lat)
    assert lon == pytest.approx(gcj_lon, abs=1e-9)
    assert lat == pytest.approx(gcj_lat, abs=1e-9)


@pytest.mark.parametrize("wgs_lat, wgs_lon, gcj_lat, gcj_lon", EVILTRANSFORM_WGS_GCJ)
def test_gcj02_to_wgs84_is_exact_on_eviltransform_points(wgs_lat, wgs_lon, gcj_lat, gcj_lon):
    # eviltransform's own exact inverse is only required within 0.5 m; ours is iterative.
    lon, lat = cc.gcj02_to_wgs84(gcj_lon, gcj_lat)
    assert haversine_m(lon, lat, wgs_lon, wgs_lat) < 0.001


def test_shanghai_shift_is_several_hundred_metres():
    wgs_lat, wgs_lon, _, _ = EVILTRANSFORM_WGS_GCJ[0]
    lon, lat = cc.wgs84_to_gcj02(wgs_lon, wgs_lat)
    assert 300 < haversine_m(wgs_lon, wgs_lat, lon, lat) < 700


def test_coordtransform_readme_points():
    # wandergis/coordtransform README.md, inputs (116.404, 39.915), "//result" block.
    # bd09togcj02 there is the one-step closed form (error ~1e-6 deg); ours is exact.
    assert cc.convert(116.404, 39.915, "gcj02", "bd09") == pytest.approx(
        (116.41036949371029, 39.92133699351021), abs=1e-12)
    assert cc.convert(116.404, 39.915, "wgs84", "gcj02") == pytest.approx(
        (116.41024449916938, 39.91640428150164), abs=1e-9)
    assert cc.convert(116.404, 39.915, "bd09", "gcj02") == pytest.approx(
        (116.39762729119315, 39.90865673957631), abs=2e-6)


def test_hutool_wgs84_to_bd09_points():
    # dromara/hutool, hutool-core/src/test/java/cn/hutool/core/util/CoordinateUtilTest.java
    assert cc.wgs84_to_bd09(116.404, 39.915) == pytest.approx(
        (116.41662724378733, 39.922699552216216), abs=1e-9)
    assert cc.wgs84_to_bd09(122.99395597, 44.99804071) == pytest.approx(
        (123.00636516028885, 45.0063690918959), abs=1e-9)


def test_gcoord_inverse_points():
    # hujiulong/gcoord, test/unit/crs/GCJ02.spec.ts and BD09.spec.ts, checked there to 5 decimals
    # (gcoord iterates its inverse to 1e-6 deg).
    assert cc.convert(123, 45, "gcj02", "wgs84") == pytest.approx((122.99395597, 44.99804071), abs=5e-6)
    assert cc.convert(123, 45, "gcj02", "bd09") == pytest.approx((123.00636499, 45.00636899), abs=5e-6)
    assert cc.convert(123, 45, "bd09", "gcj02") == pytest.approx((122.99363304, 44.99365430), abs=5e-6)
    assert cc.convert(123, 45, "bd09", "wgs84") == pytest.approx((122.98762210, 44.99171540), abs=5e-6)
    # gcoord's "not in China" case
    assert cc.convert(183 - 360, 45, "gcj02", "wgs84") == (183 - 360, 45)


def random_points_in_china(count, seed):
    rng = np.random.default_rng(seed)
    return rng.uniform(73.6, 134.7, count), rng.uniform(18.2, 53.5, count)


def test_gcj02_round_trip_under_a_millimetre_across_china():
    lon, lat = random_points_in_china(5000, seed=20240)
    back_lon, back_lat = cc.gcj02_to_wgs84(*cc.wgs84_to_gcj02(lon, lat))
    assert haversine_m(lon, lat, back_lon, back_lat).max() < 0.001
    # and the other way round: the solved WGS 84 point maps back onto the GCJ-02 input
    fwd_lon, fwd_lat = cc.wgs84_to_gcj02(*cc.gcj02_to_wgs84(lon, lat))
    assert np.abs(fwd_lon - lon).max() < 1e-9
    assert np.abs(fwd_lat - lat).max() < 1e-9


def test_bd09_round_trips_across_china():
    lon, lat = random_points_in_china(5000, seed=7)
    back_lon, back_lat = cc.bd09_to_gcj02(*cc.gcj02_to_bd09(lon, lat))
    assert haversine_m(lon, lat, back_lon, back_lat).max() < 0.001
    back_lon, back_lat = cc.bd09_to_wgs84(*cc.wgs84_to_bd09(lon, lat))
    assert haversine_m(lon, lat, back_lon, back_lat).max() < 0.001


def test_one_step_inverse_would_not_be_good_enough():
    # Why the iteration: undoing the shift at the shifted point leaves metres of error.
    lon, lat = random_points_in_china(2000, seed=3)
    gcj_lon, gcj_lat = cc.wgs84_to_gcj02(lon, lat)
    d_lon, d_lat = cc.wgs84_to_gcj02(gcj_lon, gcj_lat)
    one_step = (gcj_lon - (d_lon - gcj_lon), gcj_lat - (d_lat - gcj_lat))
    assert haversine_m(lon, lat, *one_step).max() > 1.0


def test_points_outside_china_are_unchanged():
    # Paris, New York, Tokyo, Sydney, just west and just east of the box
    lon = np.array([2.3522, -74.006, 139.6917, 151.2093, 72.0, 138.0])
    lat = np.array([48.8566, 40.7128, 35.6895, -33.8688, 40.0, 40.0])
    assert cc.outside_china(lon, lat).all()
    for source, target in [("wgs84", "gcj02"), ("gcj02", "wgs84"), ("wgs84", "bd09"), ("bd09", "wgs84"),
                           ("gcj02", "bd09"), ("bd09", "gcj02")]:
        out_lon, out_lat = cc.convert(lon, lat, source, target)
        np.testing.assert_array_equal(out_lon, lon)
        np.testing.assert_array_equal(out_lat, lat)


def test_mixed_inside_and_outside_and_nan():
    lon = np.array([121.47, 2.35, np.nan])
    lat = np.array([31.23, 48.86, 31.0])
    out_lon, out_lat = cc.wgs84_to_gcj02(lon, lat)
    assert out_lon[0] != lon[0]
    assert (out_lon[1], out_lat[1]) == (lon[1], lat[1])
    assert np.isnan(out_lon[2]) and out_lat[2] == 31.0
    np.testing.assert_array_equal(cc.outside_china(lon, lat), [False, True, True])


def test_cgcs2000_is_treated_as_wgs84():
    assert cc.convert(121.47, 31.23, "CGCS2000", "gcj02") == cc.convert(121.47, 31.23, "wgs84", "GCJ-02")
    assert cc.convert(121.47, 31.23, "cgcs2000", "wgs84") == (121.47, 31.23)


def test_bad_input_is_rejected_with_a_clear_message():
    with pytest.raises(cc.CoordinateInputError, match="Unknown coordinate system 'utm'"):
        cc.convert(121.0, 31.0, "utm", "wgs84")
    with pytest.raises(cc.CoordinateInputError, match="latitude.*index 1.*swapped"):
        cc.wgs84_to_gcj02([121.0, 31.2], [31.0, 121.4])
    with pytest.raises(cc.CoordinateInputError, match="longitude.*projected CRS"):
        cc.gcj02_to_wgs84([455000.0], [45.0])
    with pytest.raises(cc.CoordinateInputError, match="differ in shape"):
        cc.bd09_to_wgs84([121.0, 121.1], [31.0])


def test_convert_geometry_moves_every_vertex_and_keeps_types():
    point = Point(121.47, 31.23)
    line = LineString([(121.47, 31.23), (121.48, 31.24)])
    polygon = Polygon([(121.47, 31.23), (121.48, 31.23), (121.48, 31.24), (121.47, 31.23)])
    multi = MultiPolygon([polygon, shapely.affinity.translate(polygon, 0.05, 0.0)])
    geometries = np.array([point, line, polygon, multi, None], dtype=object)
    converted = cc.convert_geometry(geometries, "gcj02", "wgs84")
    assert list(shapely.get_type_id(converted)) == list(shapely.get_type_id(geometries))
    coords_in = shapely.get_coordinates(geometries)
    coords_out = shapely.get_coordinates(converted)
    expected_lon, expected_lat = cc.gcj02_to_wgs84(coords_in[:, 0], coords_in[:, 1])
    np.testing.assert_allclose(coords_out[:, 0], expected_lon, rtol=0, atol=1e-12)
    np.testing.assert_allclose(coords_out[:, 1], expected_lat, rtol=0, atol=1e-12)
    single = cc.convert_geometry(point, "wgs84", "bd09")
    assert (single.x, single.y) == pytest.approx(cc.wgs84_to_bd09(point.x, point.y), abs=1e-12)


def test_convert_geometry_keeps_z():
    converted = cc.convert_geometry(Point(121.47, 31.23, 12.5), "gcj02", "wgs84")
    assert converted.has_z and converted.z == 12.5


def test_geometry_outside_china_flags_any_vertex_outside():
    geometries = np.array([
        Point(121.47, 31.23),
        LineString([(121.47, 31.23), (140.0, 31.23)]),  # ends east of the box
        Point(2.35, 48.86),
        None,
    ], dtype=object)
    np.testing.assert_array_equal(cc.geometry_outside_china(geometries), [False, True, True, False])
