"""lifecircle:serviceareas through Processing, on memory layers with hand-computed answers.

At 4 km/h, 5 minutes = 333.33 m and 10 minutes = 666.67 m; the default buffer is 50 m, so one
5-minute reach both ways along a straight street is a 666.67 m segment buffered by 50 m:
2·50·666.67 + π·50² = 74,521 m².
"""
import math

import pytest
from qgis.core import NULL, QgsGeometry, QgsProcessingException, QgsProcessingFeedback
from qgis.PyQt.QtCore import QVariant

from conftest import memory_layer, shared_data

UTM = "EPSG:32651"  # UTM 51N, metres, covers Shanghai
X0, Y0 = 350000.0, 3450000.0
FIVE_MIN_AREA = 2 * 50 * (2000 / 3) + math.pi * 50 ** 2


class Messages(QgsProcessingFeedback):
    """Feedback that keeps the warnings, to check what the user is told."""

    def __init__(self):
        super().__init__()
        self.warnings = []

    def pushWarning(self, warning):
        self.warnings.append(warning)
        super().pushWarning(warning)


def street(crs=UTM, wkt=None):
    """One straight street x 0..2000 m (as a UTM line unless given)."""
    wkt = wkt or f"LineString({X0} {Y0}, {X0 + 2000} {Y0})"
    return memory_layer("LineString", crs, [("name", QVariant.String)], [(wkt, ["main street"])], "streets")


def facilities(rows, crs=UTM):
    return memory_layer("Point", crs, [("name", QVariant.String), ("services", QVariant.String)], rows, "facilities")


def run(params, feedback=None):
    import processing

    base = {"SERVICE_FIELD": "services", "OUTPUT": "TEMPORARY_OUTPUT",
            "OUTPUT_UNREACHABLE": "TEMPORARY_OUTPUT"}
    return processing.run("lifecircle:serviceareas", {**base, **params}, feedback=feedback)


def rows_of(layer):
    return [dict(zip(layer.fields().names(), f.attributes()), geometry=f.geometry()) for f in layer.getFeatures()]


def test_dissolved_hand_computed_area_and_unreachable_output(lifecircle_provider):
    fac = facilities([
        (f"Point({X0 + 1000} {Y0})", ["clinic", "医疗卫生"]),
        (f"Point({X0 + 1000} {Y0 + 500})", ["far clinic", "health"]),  # 500 m off the street
        (None, ["lost clinic", "health"]),
        (f"Point({X0} {Y0 + 900})", ["gym", "sports"]),  # unreachable, but sports is not drawn
    ])
    feedback = Messages()
    result = run({"NETWORK": street(), "FACILITIES": fac, "SERVICES": "health", "BANDS": "5"}, feedback)
    polygons = rows_of(result["OUTPUT"])
    assert len(polygons) == 1
    row = polygons[0]
    assert (row["service"], row["service_zh"], row["band_min"]) == ("health", "医疗卫生", 5.0)
    assert (row["facility_fid"], row["facility_name"], row["population"]) == (NULL, NULL, NULL)
    assert row["area_m2"] == pytest.approx(FIVE_MIN_AREA, rel=0.005)
    assert row["geometry"].area() == pytest.approx(row["area_m2"], rel=1e-6)
    assert result["OUTPUT"].crs().authid() == UTM

    unreachable = {r["name"]: r for r in rows_of(result["OUTPUT_UNREACHABLE"])}
    assert set(unreachable) == {"far clinic", "lost clinic"}
    assert "150 m" in unreachable["far clinic"]["reason"]
    assert unreachable["far clinic"]["services"] == "health"
    assert unreachable["far clinic"]["geometry"].asPoint().y() == pytest.approx(Y0 + 500)
    assert unreachable["lost clinic"]["reason"] == "no geometry"
    assert unreachable["lost clinic"]["geometry"].isNull()
    assert any("cannot be reached" in w for w in feedback.warnings)


def test_network_in_degrees_gives_outputs_in_degrees_and_areas_in_metres(lifecircle_provider):
    # The street along latitude 31.2° from 121.40° to 121.42° (≈1,900 m), facility in UTM metres
    # at its middle: the catchment comes back in EPSG:4326, its area measured in metres.
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject

    to_utm = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                    QgsCoordinateReferenceSystem(UTM), QgsProject.instance())
    middle = to_utm.transform(QgsPointXY(121.41, 31.2))
    network = street("EPSG:4326", "LineString(121.40 31.2, 121.42 31.2)")
    fac = facilities([(f"Point({middle.x()} {middle.y()})", ["clinic", "health"])])
    result = run({"NETWORK": network, "FACILITIES": fac, "BANDS": "5"})
    layer = result["OUTPUT"]
    assert layer.crs().authid() == "EPSG:4326"
    (row,) = rows_of(layer)
    assert row["area_m2"] == pytest.approx(FIVE_MIN_AREA, rel=0.005)
    box = row["geometry"].boundingBox()
    # 333 + 50 m either side of 121.41°: about ±0.004° of longitude at 31.2° N.
    assert box.xMinimum() == pytest.approx(121.41 - 0.004, abs=0.0003)
    assert box.xMaximum() == pytest.approx(121.41 + 0.004, abs=0.0003)


def test_per_facility_bands_nest_and_count_residents_over_the_network(lifecircle_provider):
    # Two health facilities on the street, at x=500 and x=1500 (1,000 m apart), bands 5 and 10.
    # Residents (population): r1 x=600 (100), r2 x=900 (200), r3 x=1300 (400).
    # From x=500: 5 min reaches r1 (100 m) → 100; 10 min also r2 (400 m) → 300.
    # From x=1500: 5 min reaches r3 (200 m) → 400; 10 min also r2 (600 m) → 600.
    fac = facilities([
        (f"Point({X0 + 500} {Y0})", ["west", "health"]),
        (f"Point({X0 + 1500} {Y0})", ["east", "health,elderly"]),
    ])
    residents = memory_layer("Point", UTM, [("pop", QVariant.Double)], [
        (f"Point({X0 + 600} {Y0 + 5})", [100]),
        (f"Point({X0 + 900} {Y0 - 5})", [200]),
        (f"Point({X0 + 1300} {Y0})", [400]),
    ], "residents")
    result = run({"NETWORK": street(), "FACILITIES": fac, "SERVICES": "health", "BANDS": "10, 5",
                  "PER_FACILITY": True, "DEMAND": residents, "POPULATION_FIELD": "pop"})
    rows = rows_of(result["OUTPUT"])
    by_key = {(r["facility_name"], r["band_min"]): r for r in rows}
    assert set(by_key) == {("west", 5.0), ("west", 10.0), ("east", 5.0), ("east", 10.0)}
    fids = {r["facility_name"]: r["facility_fid"] for r in rows}
    assert fids["west"] != fids["east"]
    assert [by_key[("west", b)]["population"] for b in (5.0, 10.0)] == [100, 300]
    assert [by_key[("east", b)]["population"] for b in (5.0, 10.0)] == [400, 600]
    for name in ("west", "east"):
        inner, outer = by_key[(name, 5.0)]["geometry"], by_key[(name, 10.0)]["geometry"]
        assert inner.difference(outer).area() < 1e-6
        assert outer.area() > inner.area()
    # The 10-minute reach of "west" runs 500 m west to the street's end (x=0) and 666.67 m east:
    # a 1,166.67 m segment, 2·50·1166.67 + π·50².
    assert by_key[("west", 10.0)]["area_m2"] == pytest.approx(100 * (500 + 2000 / 3) + math.pi * 2500, rel=0.005)


def test_bad_bands_are_named(lifecircle_provider):
    fac = facilities([(f"Point({X0 + 1000} {Y0})", ["clinic", "health"])])
    with pytest.raises(QgsProcessingException, match="Band 'x' in '5,x,15' is not a positive number"):
        run({"NETWORK": street(), "FACILITIES": fac, "BANDS": "5,x,15"})


def test_service_without_facility_is_named_with_the_layer(lifecircle_provider):
    fac = facilities([(f"Point({X0 + 1000} {Y0})", ["clinic", "health"])])
    with pytest.raises(QgsProcessingException,
                       match=r"No facility of layer 'facilities' offers elderly 为老服务 \(field 'services'\)"):
        run({"NETWORK": street(), "FACILITIES": fac, "SERVICES": "为老服务"})
    with pytest.raises(QgsProcessingException, match="unknown service 'clinics'"):
        run({"NETWORK": street(), "FACILITIES": fac, "SERVICES": "clinics"})
    empty = facilities([(f"Point({X0 + 1000} {Y0})", ["clinic", None])])
    with pytest.raises(QgsProcessingException, match="No feature of layer 'facilities' lists a service"):
        run({"NETWORK": street(), "FACILITIES": empty})


def test_island_facility_is_warned_and_covers_only_its_island(lifecircle_provider):
    # Main street y=0 (3 segments, the larger part) and an island street 200 m north.
    network = memory_layer("LineString", UTM, [("name", QVariant.String)], [
        (f"LineString({X0} {Y0}, {X0 + 700} {Y0}, {X0 + 1400} {Y0}, {X0 + 2000} {Y0})", ["main"]),
        (f"LineString({X0} {Y0 + 200}, {X0 + 2000} {Y0 + 200})", ["island"]),
    ], "streets")
    fac = facilities([(f"Point({X0 + 1000} {Y0 + 200})", ["island clinic", "health"])])
    feedback = Messages()
    result = run({"NETWORK": network, "FACILITIES": fac, "BANDS": "15"}, feedback)
    (row,) = rows_of(result["OUTPUT"])
    main_street = QgsGeometry.fromWkt(f"LineString({X0} {Y0}, {X0 + 2000} {Y0})")
    assert not row["geometry"].intersects(main_street)
    assert any("island" in w for w in feedback.warnings)


def test_no_facility_near_the_network_is_an_error_not_an_empty_result(lifecircle_provider):
    fac = facilities([(f"Point({X0 + 1000} {Y0 + 5000})", ["far clinic", "health"])])
    with pytest.raises(QgsProcessingException, match="No facility of layer 'facilities' .* within 150 m"):
        run({"NETWORK": street(), "FACILITIES": fac})


def test_real_osm_street_catchments_stay_on_the_walkable_network(lifecircle_provider):
    # 打浦桥街道 (© OpenStreetMap contributors, ODbL): the three healthcare points as 'health'
    # facilities, one catchment each for 5, 10 and 15 minutes. Every polygon must lie within 50 m
    # of the walkable streets or of a facility's access leg (built from the network, never
    # interpolated, never along the foot=no expressway), and the bands must nest.
    import json

    from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject,
                           QgsVectorLayer)

    from lifecircle.lifecircle_plugin.core.walkability import osm_walkable

    folder = shared_data("dapuqiao-osm")
    network = QgsVectorLayer(str(folder / "street_network.geojson"), "dapuqiao streets", "ogr")
    assert network.isValid()
    services = json.loads((folder / "public_services.geojson").read_text(encoding="utf-8"))
    health = [(f"Point({x} {y})", [f["properties"]["name"], "health"])
              for f in services["features"] if f["properties"]["service_group"] == "healthcare"
              for x, y in [f["geometry"]["coordinates"]]]
    assert len(health) == 3
    result = run({"NETWORK": network, "FACILITIES": facilities(health, crs="EPSG:4326"), "PER_FACILITY": True})
    rows = rows_of(result["OUTPUT"])
    assert len(rows) == 9
    assert result["OUTPUT_UNREACHABLE"].featureCount() == 0

    to_utm = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                    QgsCoordinateReferenceSystem(UTM), QgsProject.instance())

    def in_utm(geometry):
        moved = QgsGeometry(geometry)
        moved.transform(to_utm)
        return moved

    walkable = QgsGeometry.unaryUnion([
        in_utm(f.geometry()) for f in network.getFeatures()
        if osm_walkable(f["highway"], f["foot"], f["access"])])
    legs = [walkable.shortestLine(in_utm(QgsGeometry.fromWkt(wkt))) for wkt, _ in health]
    reachable_ground = QgsGeometry.unaryUnion([walkable] + legs).buffer(50.5, 8)
    by_key = {}
    for row in rows:
        polygon = in_utm(row["geometry"])
        assert polygon.difference(reachable_ground).area() < 1.0
        by_key[(row["facility_name"], row["band_min"])] = polygon
    for name in (values[0] for _, values in health):
        five, ten, fifteen = (by_key[(name, band)] for band in (5.0, 10.0, 15.0))
        assert five.difference(ten).area() < 1e-3 and ten.difference(fifteen).area() < 1e-3
        assert five.area() < ten.area() < fifteen.area()
