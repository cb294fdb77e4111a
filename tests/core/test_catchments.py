"""Walking catchments on hand-checked networks: every expected length or area is worked out in a comment.

Walking speed 4 km/h = 66.67 m/min, so 5 minutes = 333.33 m and 10 minutes = 666.67 m.
"""
import math

import numpy as np
import pytest
import shapely
from shapely import LineString, Point

from lifecircle.lifecircle_plugin.core import catchments as catchments_module
from lifecircle.lifecircle_plugin.core.catchments import (
    NOT_DISSOLVED,
    REASON_BEYOND_SNAP,
    REASON_NO_GEOMETRY,
    BandsError,
    CatchmentError,
    catchment_polygon,
    parse_bands,
    reached_pieces,
    select_services,
    service_areas,
)
from lifecircle.lifecircle_plugin.core.coverage import AccessPoints
from lifecircle.lifecircle_plugin.core.network import build_network

FIVE_MIN_M = 1000.0 / 3.0  # 4 km/h × 5 min
R = 50.0  # default buffer


def points(*xy):
    return AccessPoints.one_per_feature(list(xy))


def only(result, service=None, band=None, facility=None):
    found = [c for c in result.catchments
             if (service is None or c.service == service) and (band is None or c.band_min == band)
             and (facility is None or c.facility == facility)]
    assert len(found) == 1, found
    return found[0]


def grid(n=11, spacing=100.0):
    """An n × n street grid, spacing metres apart, as one line per street."""
    extent = (n - 1) * spacing
    lines = [LineString([(i * spacing, 0), (i * spacing, extent)]) for i in range(n)]
    lines += [LineString([(0, i * spacing), (extent, i * spacing)]) for i in range(n)]
    return build_network(lines, noding=1)


# --- hand-computed polygon ------------------------------------------------------------------------

def test_single_street_facility_in_middle_gives_buffered_segment_area():
    # Street x 0..2000, facility on it at x=1000: 5 min reaches 333.33 m each way, a 666.67 m segment.
    # Its 50 m buffer: rectangle 2·r·L plus two half discs π r² = 66,667 + 7,854 = 74,521 m².
    net = build_network([LineString([(0, 0), (2000, 0)])])
    result = service_areas(net, points((1000, 0)), [("health",)], bands_min=(5,))
    catchment = only(result)
    length = 2 * FIVE_MIN_M
    assert catchment.area_m2 == pytest.approx(2 * R * length + math.pi * R ** 2, rel=0.005)
    minx, miny, maxx, maxy = catchment.geometry.bounds
    assert minx == pytest.approx(1000 - FIVE_MIN_M - R, abs=0.01)
    assert maxx == pytest.approx(1000 + FIVE_MIN_M + R, abs=0.01)
    assert (miny, maxy) == pytest.approx((-R, R))
    assert catchment.facility == NOT_DISSOLVED
    assert np.isnan(catchment.population)


def test_buffer_width_is_the_parameter():
    # Same street, buffer 20 m: 2·20·666.67 + π·20² = 26,667 + 1,257 = 27,923 m².
    net = build_network([LineString([(0, 0), (2000, 0)])])
    result = service_areas(net, points((1000, 0)), [("health",)], bands_min=(5,), buffer_m=20)
    assert only(result).area_m2 == pytest.approx(2 * 20 * 2 * FIVE_MIN_M + math.pi * 400, rel=0.005)


def test_facility_access_leg_is_walked_and_shortens_the_street_reach():
    # Facility 30 m beside the street at x=1000: the 30 m leg counts as walked (the facility sits
    # inside its own catchment) and leaves 333.33 - 30 = 303.33 m along the street each way.
    net = build_network([LineString([(0, 0), (2000, 0)])])
    result = service_areas(net, points((1000, 30)), [("health",)], bands_min=(5,))
    polygon = only(result).geometry
    assert polygon.contains(Point(1000, 30 + R - 1))
    minx, _, maxx, maxy = polygon.bounds
    assert maxx == pytest.approx(1000 + FIVE_MIN_M - 30 + R, abs=0.01)
    assert minx == pytest.approx(1000 - FIVE_MIN_M + 30 - R, abs=0.01)
    assert maxy == pytest.approx(30 + R, abs=0.01)


# --- partial edges, cost factors ------------------------------------------------------------------

def test_polygon_stops_mid_edge_and_two_reaches_join_when_they_cover_the_edge():
    # One straight edge 0..1000, facilities at both ends (one service, dissolved).
    # 5 min: 333.33 m from each end, the middle 333.33 m is not reached → two separate parts.
    # 10 min: 666.67 + 666.67 ≥ 1000 → the whole edge, from both ends together: one part.
    net = build_network([LineString([(0, 0), (1000, 0)])])
    assert net.edge_count == 1
    result = service_areas(net, points((0, 0), (1000, 0)), [("health",), ("health",)], bands_min=(5, 10))
    five = only(result, band=5).geometry
    assert five.geom_type == "MultiPolygon" and len(five.geoms) == 2
    assert not five.contains(Point(500, 0))
    assert five.contains(Point(FIVE_MIN_M + R - 1, 0)) and not five.contains(Point(FIVE_MIN_M + R + 1, 0))
    ten = only(result, band=10).geometry
    assert ten.geom_type == "Polygon"
    # Whole edge buffered: 2·50·1000 + π·50².
    assert ten.area == pytest.approx(2 * R * 1000 + math.pi * R ** 2, rel=0.005)


def test_reached_pieces_by_hand():
    # Edge (0,0)-(100,0) of cost 200 (factor 2). Limit 100.
    start, end, cost = [[0, 0]], [[100, 0]], [200.0]
    # Start at 40: 60 of 200 cost left → 30% of the length, x 0..30.
    pieces = reached_pieces(start, end, cost, [40.0], [np.inf], 100.0)
    assert pieces.tolist() == [[[0, 0], [30, 0]]]
    # Both ends: 60 and 90 left = 150 < 200 → two pieces, 0..30 and 55..100.
    pieces = reached_pieces(start, end, cost, [40.0], [10.0], 100.0)
    assert sorted(p[1][0] for p in pieces.tolist()) == pytest.approx([30.0, 55.0])
    # Limit 140, both ends at 40: 100 + 100 left = exactly the cost 200 → whole, from both ends.
    pieces = reached_pieces(start, end, cost, [40.0], [40.0], 140.0)
    assert pieces.tolist() == [[[0, 0], [100, 0]]]
    # Neither end reached → nothing.
    assert len(reached_pieces(start, end, cost, [np.inf], [np.inf], 100.0)) == 0


def test_cost_factor_shortens_the_reach_on_a_costly_street():
    # Street x 0..2000 drawn as two lines; the left half (stairs) costs twice its length.
    # Facility at x=1000: right reach 333.33 m, left reach 333.33 / 2 = 166.67 m.
    lines = [LineString([(0, 0), (1000, 0)]), LineString([(1000, 0), (2000, 0)])]
    net = build_network(lines, cost_factors=[2.0, 1.0])
    minx, _, maxx, _ = only(service_areas(net, points((1000, 0)), [("health",)], bands_min=(5,))).geometry.bounds
    assert maxx == pytest.approx(1000 + FIVE_MIN_M + R, abs=0.01)
    assert minx == pytest.approx(1000 - FIVE_MIN_M / 2 - R, abs=0.01)


# --- nesting, islands -----------------------------------------------------------------------------

def test_bands_nest_and_grow():
    net = grid()
    result = service_areas(net, points((250, 300), (720, 680)), [("health",), ("health", "elderly")],
                           bands_min=(5, 10, 15), per_facility=True)
    for facility in (0, 1):
        shapes = [only(result, "health", band, facility).geometry for band in (5, 10, 15)]
        for inner, outer in zip(shapes, shapes[1:]):
            assert shapely.difference(inner, outer).area < 1e-6
            assert outer.area > inner.area
    elderly = [only(result, "elderly", band, 1).geometry for band in (5, 10, 15)]
    assert shapely.difference(elderly[0], elderly[1]).area < 1e-6


def test_nesting_holds_even_when_the_larger_band_would_miss_a_sliver():
    # catchment_polygon merges the previous band in: a larger band built from pieces that miss
    # part of the smaller one (as floating noise could) still contains it.
    small = catchment_polygon(np.array([[[0, 0], [100, 0]]], dtype=float), 10)
    large = catchment_polygon(np.array([[[5, 0], [300, 0]]], dtype=float), 10, inside=small)
    assert shapely.difference(small, large).area == 0
    assert large.contains(Point(-9, 0))


def test_zero_length_pieces_still_cover_their_point():
    # A facility standing on a street end reaches nothing but its own spot: a disc of radius 10,
    # area π·10² (314.2, within the buffer's polygonal approximation).
    polygon = catchment_polygon(np.array([[[5, 5], [5, 5]]], dtype=float), 10)
    assert polygon.area == pytest.approx(math.pi * 100, rel=0.01)
    assert catchment_polygon(np.empty((0, 2, 2)), 10).is_empty


def test_facility_on_an_island_covers_only_its_island():
    # Main street y=0 x 0..2000; island street y=200 x 0..2000 (no connection, e.g. across a creek).
    # A facility on the island at x=1000 reaches 333 m along the island only, even though the main
    # street is only 200 m away as the crow flies.
    lines = [LineString([(0, 0), (2000, 0)]), LineString([(0, 200), (2000, 200)])]
    net = build_network(lines)
    assert net.report.components == 2
    result = service_areas(net, points((1000, 190)), [("health",)], bands_min=(15,))
    polygon = only(result).geometry
    assert polygon.contains(Point(1000, 200))
    assert not polygon.intersects(LineString([(0, 0), (2000, 0)]).buffer(R - 1))
    island_node = np.argmin(np.hypot(*(net.node_xy - [0, 200]).T))
    assert result.facility_island.tolist() == [net.node_component[island_node]]


# --- unreachable facilities, services, modes ------------------------------------------------------

def test_unreachable_facilities_are_reported_with_their_reason():
    net = build_network([LineString([(0, 0), (2000, 0)])])
    # 0 on the street; 1 500 m away (snap limit 150 m); 2 without geometry; 3 far but offers only a
    # service not drawn, so it is not reported.
    facilities = points((1000, 0), (1000, 500), (np.nan, np.nan), (0, 900))
    services = [("health",), ("health",), ("health", "elderly"), ("sports",)]
    result = service_areas(net, facilities, services, bands_min=(5,), services=("health", "elderly"),
                           max_snap_m=150)
    assert result.unreachable == [(1, REASON_BEYOND_SNAP), (2, REASON_NO_GEOMETRY)]
    assert result.facilities_per_service == {"health": 1, "elderly": 0}
    assert [c.service for c in result.catchments] == ["health"]
    assert result.facility_island.tolist() == [0, -1, -1, -1]


def test_dissolved_and_per_facility_counts():
    # Facilities: 0 health, 1 health+elderly, 2 elderly; bands 5, 10.
    # Dissolved: 2 services × 2 bands = 4 polygons. Per facility: (2 health + 2 elderly) × 2 = 8.
    net = grid()
    facilities = points((100, 100), (500, 500), (900, 900))
    services = [("health",), ("health", "elderly"), ("elderly",)]
    dissolved = service_areas(net, facilities, services, bands_min=(5, 10))
    per_facility = service_areas(net, facilities, services, bands_min=(5, 10), per_facility=True)
    assert len(dissolved.catchments) == 4
    assert {c.facility for c in dissolved.catchments} == {NOT_DISSOLVED}
    assert len(per_facility.catchments) == 8
    assert sorted((c.service, c.facility) for c in per_facility.catchments if c.band_min == 5) == [
        ("elderly", 1), ("elderly", 2), ("health", 0), ("health", 1)]
    # The dissolved polygon is the union of the facilities' polygons (one multi-source walk).
    for code in ("health", "elderly"):
        union = shapely.union_all([c.geometry for c in per_facility.catchments
                                   if c.service == code and c.band_min == 10])
        assert only(dissolved, code, 10).area_m2 == pytest.approx(union.area, rel=1e-6)


def test_per_facility_mode_builds_the_graph_once(monkeypatch):
    calls = []
    real = catchments_module.build_routing_graph

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(catchments_module, "build_routing_graph", counting)
    facilities = points(*[(100 * i, 100 * i) for i in range(10)])
    result = service_areas(grid(), facilities, [("health",)] * 10, bands_min=(5,), per_facility=True)
    assert len(result.catchments) == 10
    assert len(calls) == 1


def test_cancel_is_checked_for_every_facility():
    class Stop(Exception):
        pass

    calls, fractions = [], []

    def cancel():
        calls.append(1)
        if len(calls) == 4:  # start, service, facility 0, facility 1 → stop before facility 1
            raise Stop()

    facilities = points(*[(100 * i, 100 * i) for i in range(5)])
    with pytest.raises(Stop):
        service_areas(grid(), facilities, [("health",)] * 5, bands_min=(5,), per_facility=True,
                      cancel=cancel, progress=lambda f, _m: fractions.append(f))
    assert fractions == sorted(fractions) and len(fractions) == 3


def test_population_is_counted_over_the_network_not_inside_the_polygon():
    # Main street y=0 x 0..2000, facility at x=1000. Residents (weights in brackets):
    #   a (1100, 10) [10]: 10 + 100 = 110 m → within 5 min;
    #   b (1300, 0) [20]: 300 m → within 5 min;
    #   c (1500, 0) [40]: 500 m → within 10 min only;
    #   d (1000, 40) [80] on a separate street y=40 (island across a wall): inside the buffer of the
    #     5-minute polygon, yet not reachable → never counted.
    lines = [LineString([(0, 0), (2000, 0)]), LineString([(900, 45), (1100, 45)])]
    net = build_network(lines)
    residents = points((1100, 10), (1300, 0), (1500, 0), (1000, 40))
    result = service_areas(net, points((1000, 0)), [("health",)], bands_min=(5, 10),
                           demand=residents, population=[10, 20, 40, 80], max_snap_m=30)
    assert only(result, band=5).geometry.contains(Point(1000, 40))
    assert only(result, band=5).population == 30
    assert only(result, band=10).population == 70


# --- input checks ---------------------------------------------------------------------------------

def test_parse_bands():
    assert parse_bands("5,10,15") == (5.0, 10.0, 15.0)
    assert parse_bands("15; 5 、10，10") == (5.0, 10.0, 15.0)
    assert parse_bands(7.5) == (7.5,)
    with pytest.raises(BandsError, match="'x' in '5,x,15'") as err:
        parse_bands("5,x,15")
    assert err.value.entry == "x"
    for bad in ("0", "-5", "nan", "5,inf"):
        with pytest.raises(BandsError, match="positive number of minutes"):
            parse_bands(bad)
    with pytest.raises(BandsError, match="No band given"):
        parse_bands("  ")


def test_select_services():
    services = [("health",), ("elderly", "health"), ()]
    assert select_services(services) == ("health", "elderly")
    assert select_services(services, ("elderly",)) == ("elderly",)
    with pytest.raises(CatchmentError, match=r"No facility offers nursery \(保育托幼\).*health,elderly"):
        select_services(services, ("nursery", "health"))
    with pytest.raises(CatchmentError, match="No facility lists"):
        select_services([(), ()])


def test_bad_arguments_are_named():
    net = build_network([LineString([(0, 0), (2000, 0)])])
    with pytest.raises(CatchmentError, match="buffer width"):
        service_areas(net, points((1000, 0)), [("health",)], buffer_m=0)
    with pytest.raises(BandsError):
        service_areas(net, points((1000, 0)), [("health",)], bands_min=(5, -1))
    with pytest.raises(CatchmentError, match="2 service lists were given for 1 facilities"):
        service_areas(net, points((1000, 0)), [("health",), ()])
