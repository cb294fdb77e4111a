"""Outputs are styled from resources/styles when Processing loads them into the project."""
import os

import pytest
from qgis.core import QgsProject, QgsWkbTypes
from qgis.PyQt.QtCore import QVariant

from conftest import ROOT, memory_layer
from lifecircle.lifecircle_plugin.adapters.styles import style_path


def test_every_style_file_loads_as_a_qgis_style():
    from qgis.core import QgsVectorLayer

    styles = sorted((ROOT / "resources" / "styles").glob("*.qml"))
    assert styles, "no QML style shipped"
    for path in styles:
        geometry = "Point" if "_point" in path.name else "LineString" if "_line" in path.name else "Polygon"
        layer = QgsVectorLayer(f"{geometry}?crs=EPSG:4549", "probe", "memory")
        message, ok = layer.loadNamedStyle(str(path))
        assert ok, f"{path.name}: {message}"


def test_style_path_prefers_the_geometry_specific_file():
    assert style_path("coverage_residents", QgsWkbTypes.PolygonGeometry).endswith("coverage_residents_polygon.qml")
    assert style_path("coverage_residents", QgsWkbTypes.PointGeometry).endswith("coverage_residents_point.qml")
    assert style_path("no_such_style", QgsWkbTypes.PointGeometry) is None


@pytest.fixture
def small_case():
    network = memory_layer("LineString", "EPSG:4549", [("highway", QVariant.String)],
                           [("LINESTRING(640000 3450000, 641000 3450000)", ["residential"])], "roads")
    facilities = memory_layer("Point", "EPSG:4549", [("services", QVariant.String)],
                              [("POINT(640000 3450010)", ["health"])], "facilities")
    residents = memory_layer("Polygon", "EPSG:4549", [("pop", QVariant.Int)],
                             [("POLYGON((640400 3450010, 640600 3450010, 640600 3450100, 640400 3450100, "
                               "640400 3450010))", [120])], "compounds")
    return network, facilities, residents


def test_coverage_outputs_load_with_their_styles(lifecircle_provider, small_case, tmp_path):
    import processing

    network, facilities, residents = small_case
    results = processing.runAndLoadResults("lifecircle:walkingcoverage", {
        "NETWORK": network, "FACILITIES": facilities, "SERVICE_FIELD": "services", "DEMAND": residents,
        "POPULATION_FIELD": "pop", "OUTPUT_DEMAND": str(tmp_path / "residents.gpkg"),
        "OUTPUT_SUMMARY": str(tmp_path / "summary.csv"), "OUTPUT_GAPS": str(tmp_path / "gaps.gpkg")})
    try:
        loaded = {os.path.normpath(layer.source().split("|")[0]): layer
                  for layer in QgsProject.instance().mapLayers().values()}
        demand = loaded[os.path.normpath(results["OUTPUT_DEMAND"])]
        gaps = loaded[os.path.normpath(results["OUTPUT_GAPS"])]
        assert demand.renderer().type() == "graduatedSymbol"
        assert demand.renderer().classAttribute() == "n_required_ok"
        assert gaps.renderer().classAttribute() == "n_missing"
    finally:
        QgsProject.instance().removeAllMapLayers()


def test_every_style_the_algorithms_ask_for_is_shipped():
    import re

    asked = set()
    for path in (ROOT / "processing_algorithms").glob("*.py"):
        asked |= set(re.findall(r'style_on_load\(context, \w+, "(\w+)"\)', path.read_text(encoding="utf-8")))
    assert {"coverage_residents", "coverage_gaps", "catchments", "suggested_sites", "candidate_audit",
            "prepared_network"} <= asked
    for style in asked:
        assert list((ROOT / "resources" / "styles").glob(f"{style}*.qml")), f"no QML for style '{style}'"


def test_catchments_load_banded(lifecircle_provider, small_case, tmp_path):
    import processing

    network, facilities, _ = small_case
    results = processing.runAndLoadResults("lifecircle:serviceareas", {
        "NETWORK": network, "FACILITIES": facilities, "SERVICE_FIELD": "services",
        "OUTPUT": str(tmp_path / "catchments.gpkg"), "OUTPUT_UNREACHABLE": str(tmp_path / "unreachable.gpkg")})
    try:
        loaded = [layer for layer in QgsProject.instance().mapLayers().values()
                  if os.path.normpath(layer.source().split("|")[0]) == os.path.normpath(results["OUTPUT"])]
        assert loaded and loaded[0].renderer().classAttribute() == "band_min"
    finally:
        QgsProject.instance().removeAllMapLayers()
