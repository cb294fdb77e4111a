"""Our walking distances agree with QGIS's own native:shortestpathpointtolayer on real OSM data.

Network: 打浦桥街道 (Dapuqiao) streets from OpenStreetMap (© OpenStreetMap contributors, ODbL),
walkable ways only, reprojected to UTM 51N (EPSG:32651) once and given to both tools with the
very same coordinates. 30 start and 200 end points lie ON the lines, so both tools attach them
at the same place (no access legs). Our engine runs with its OSM defaults (shared-vertex noding,
0.5 m gap closing); native uses shortest strategy 0 and topology tolerance 0.

Why they differ at all: native builds its graph with QgsGraphBuilder's default ellipsoid (WGS84),
so it measures every segment on the ellipsoid even in a projected CRS, while we measure in the
metric CRS's plane. In UTM 51N at 121.47°E the grid scale factor is k ≈ 0.99986: our planar
lengths are 0.014% shorter (about 0.35 m over 2.5 km). Divided by k, ours match native to mm.
"""
import json
import sys

import numpy as np
import pytest
import shapely

qgis_core = pytest.importorskip("qgis.core")
pyproj = pytest.importorskip("pyproj")

from lifecircle.lifecircle_plugin.core.defaults import NODING_ALL_CROSSINGS
from lifecircle.lifecircle_plugin.core.network import build_network
from lifecircle.lifecircle_plugin.core.routing import (
    attach_points,
    build_routing_graph,
    nearest_source,
)

from conftest import shared_data

METRIC_CRS = "EPSG:32651"
QGIS_PREFIX = "/usr"
QGIS_PLUGINS = "/usr/share/qgis/python/plugins"
START_COUNT, END_COUNT = 30, 200
# Expressways: walkable only where OSM explicitly allows people on foot.
MOTORWAYS = {"motorway", "motorway_link", "trunk", "trunk_link"}
FOOT_ALLOWED = {"yes", "designated", "permissive"}

_app = None  # keeps a QgsApplication made here alive for the session


@pytest.fixture(scope="module")
def processing_ready():
    """QGIS with Processing initialised, in-process; reuses an application pytest-qgis has started."""
    global _app
    from qgis.core import QgsApplication

    if QgsApplication.instance() is None:
        QgsApplication.setPrefixPath(QGIS_PREFIX, True)
        _app = QgsApplication([], False)
        _app.initQgis()
    if QGIS_PLUGINS not in sys.path:
        sys.path.append(QGIS_PLUGINS)
    from processing.core.Processing import Processing

    Processing.initialize()
    import processing

    return processing


def is_walkable(properties):
    """OSM walkability filter: no foot=no, no expressway unless foot access is granted."""
    foot = properties.get("foot") or ""
    if foot == "no":
        return False
    return properties.get("highway") not in MOTORWAYS or foot in FOOT_ALLOWED


def load_walkable_lines():
    path = shared_data("dapuqiao-osm", "street_network.geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    to_metric = pyproj.Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)

    def project(xy):
        return np.column_stack(to_metric.transform(xy[:, 0], xy[:, 1]))

    kept = [shapely.geometry.shape(f["geometry"]) for f in features if is_walkable(f["properties"])]
    assert 0 < len(kept) < len(features), "the filter should drop the elevated expressway only"
    return np.array([shapely.transform(g, project) for g in kept], dtype=object)


def points_on_lines(lines, count, rng):
    """Random points on the lines, uniform by length."""
    lengths = shapely.length(lines)
    pick = rng.choice(len(lines), count, p=lengths / lengths.sum())
    at = shapely.line_interpolate_point(lines[pick], rng.uniform(0, 1, count), normalized=True)
    return shapely.get_coordinates(at)


def native_costs(processing, lines, starts, ends):
    """Matrix start × end of native:shortestpathpointtolayer costs (NaN where no route)."""
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsFeature,
        QgsGeometry,
        QgsPointXY,
        QgsProcessingContext,
        QgsProcessingFeedback,
        QgsProject,
        QgsVectorLayer,
    )

    network = QgsVectorLayer(f"MultiLineString?crs={METRIC_CRS}", "walkable", "memory")
    features = []
    for line in lines:
        geometry = QgsGeometry()
        geometry.fromWkb(shapely.to_wkb(line))
        feature = QgsFeature()
        feature.setGeometry(geometry)
        features.append(feature)
    network.dataProvider().addFeatures(features)
    assert network.featureCount() == len(lines)

    end_layer = QgsVectorLayer(f"Point?crs={METRIC_CRS}&field=end_id:integer", "ends", "memory")
    features = []
    for index, (x, y) in enumerate(ends):
        feature = QgsFeature(end_layer.fields())
        feature.setAttribute("end_id", index)
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        features.append(feature)
    end_layer.dataProvider().addFeatures(features)

    # A project of our own with a metric CRS: the algorithm converts costs by the project's map units.
    project = QgsProject()
    project.setCrs(QgsCoordinateReferenceSystem(METRIC_CRS))
    # Measured on WGS 84's ellipsoid on every QGIS: a new project's ellipsoid differs between versions
    # (3.22 measures on the ellipsoid, 3.40 in the layer's CRS unless the project names one).
    project.setEllipsoid("EPSG:7030")
    context = QgsProcessingContext()
    context.setProject(project)
    feedback = QgsProcessingFeedback()

    costs = np.full((len(starts), len(ends)), np.nan)
    for row, (x, y) in enumerate(starts):
        result = processing.run("native:shortestpathpointtolayer", {
            "INPUT": network, "STRATEGY": 0, "TOLERANCE": 0,
            "START_POINT": f"{float(x)!r},{float(y)!r} [{METRIC_CRS}]", "END_POINTS": end_layer,
            "OUTPUT": "memory:",
        }, context=context, feedback=feedback)
        output = result["OUTPUT"]
        if isinstance(output, str):
            output = context.getMapLayer(output)
        for feature in output.getFeatures():
            cost = feature["cost"]
            if cost is not None and not (hasattr(cost, "isNull") and cost.isNull()):
                costs[row, feature["end_id"]] = float(cost)
    return costs


def our_costs(network, starts, ends):
    """Matrix start × end of our walking distance (inf where no route)."""
    start_att = attach_points(network, starts, 1.0)
    end_att = attach_points(network, ends, 1.0)
    assert start_att.attached.all() and end_att.attached.all()
    # Points lie on the lines: no access leg to speak of.
    assert max(np.nanmax(start_att.snap_m), np.nanmax(end_att.snap_m)) < 1e-6
    graph = build_routing_graph(network, [start_att, end_att])
    costs = np.empty((len(starts), len(ends)))
    for row, leaf in enumerate(graph.leaves[0]):
        cost, _ = nearest_source(graph, [leaf], np.inf)
        costs[row] = cost[graph.leaves[1]]
    return costs


@pytest.fixture(scope="module")
def dapuqiao(processing_ready):
    lines = load_walkable_lines()
    rng = np.random.default_rng(2024)
    starts = points_on_lines(lines, START_COUNT, rng)
    ends = points_on_lines(lines, END_COUNT, rng)
    native = native_costs(processing_ready, lines, starts, ends)
    return lines, starts, ends, native


def utm_scale_factor(lines):
    """Grid scale factor of the metric CRS at the network's centre."""
    centre = shapely.centroid(shapely.union_all(lines))
    to_geographic = pyproj.Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    lon, lat = to_geographic.transform(centre.x, centre.y)
    return pyproj.Proj(METRIC_CRS).get_factors(lon, lat).meridional_scale


def test_walking_distances_agree_with_native_shortest_path(dapuqiao):
    lines, starts, ends, native = dapuqiao
    network = build_network(lines)  # OSM defaults: shared vertices, 0.5 m gap closing
    ours = our_costs(network, starts, ends)

    # The same pairs are reachable (the network has islands: some pairs are not).
    reachable = np.isfinite(native)
    assert np.array_equal(np.isfinite(ours), reachable)
    assert reachable.sum() > 0.8 * START_COUNT * END_COUNT
    assert np.nanmax(native) > 1500  # walks long enough for a real comparison

    difference = np.abs(ours[reachable] - native[reachable])
    assert difference.max() < 1.0

    # What is left is native measuring on the ellipsoid: dividing by the grid scale factor
    # (≈ 0.99986 here) takes away all but millimetres.
    k = utm_scale_factor(lines)
    assert 0.9998 < k < 0.9999
    assert np.abs(ours[reachable] / k - native[reachable]).max() < 0.02


def test_all_crossings_noding_shortcuts_bridges_native_does_not_take(dapuqiao):
    # Noding every crossing joins roads to the bridges and tunnels above or below them: walks
    # only get shorter, and many do, so shared-vertex noding is the right mode for OSM.
    lines, starts, ends, native = dapuqiao
    k = utm_scale_factor(lines)
    crossed = build_network(lines, noding=NODING_ALL_CROSSINGS)
    assert crossed.report.crossings_split > 0
    ours = our_costs(crossed, starts, ends)
    reachable = np.isfinite(native)
    assert (ours[reachable] <= native[reachable] * k + 0.02).all()
    assert (ours[reachable] < native[reachable] * k - 1.0).sum() > 100
