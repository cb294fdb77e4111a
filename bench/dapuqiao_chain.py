"""The whole LifeCircle chain on the real 打浦桥街道 OpenStreetMap data, through processing.run.

classifyfacilities → preparenetwork → walkingcoverage → suggestsites (六艺亭), on
``../shared/data/dapuqiao-osm`` (© OpenStreetMap contributors, ODbL 1.0; snapshot of 2026-09-18).
The data hold no population and only two public-space polygons, so two inputs are GENERATED here,
with every figure stated below — they are assumptions, not data:

- residents: one point at the centre of every 50 m grid cell inside the study boundary, each
  weighing 120 residents (48,000 per km²; the 2016 Shanghai planning guide puts a basic unit at
  50,000–100,000 residents, and this lands inside that range). Parks, schools and roads get residents
  too: a uniform density is the crudest estimate there is.
- 六艺亭 candidates: besides the OSM polygons (丽园公园, taken as a 150 m² pavilion site; 白玉兰广场,
  whose public access the data's provenance record leaves unverified, with a NULL floor area so that it
  is audited but never chosen), one point every 200 m along every walkable way of the prepared
  network, its floor area drawn (seed 2024) from 150 / 250 / 450 m² with probabilities 0.5 / 0.3 / 0.2
  and drawn as a square footprint of that area.

Run: .venv/bin/python bench/dapuqiao_chain.py [--out DIR] [--report]   (seconds; the report adds ~5 s)
The test ``tests/qgis/test_dapuqiao_end_to_end.py`` runs the same chain; ``docs/dapuqiao.md`` records
the figures this script prints.
"""
import argparse
import math
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

ROOT = Path(__file__).resolve().parents[1]
import plugin_package  # the checkout as package lifecircle

from lifecircle.lifecircle_plugin.core.services import BY_CODE, REQUIRED_CODES

DATA_DIR = ROOT.parent / "shared" / "data" / "dapuqiao-osm"
DATA_FILES = {
    "boundary": "study_boundary.geojson",
    "streets": "street_network.geojson",
    "services": "public_services.geojson",
    "public_space": "public_space_candidates.geojson",
}
OSM_CREDIT = "© OpenStreetMap contributors, ODbL 1.0"
SNAPSHOT_DATE = "2026-09-18"
HEALTH_CENTRE = "打浦桥社区卫生中心"

# WGS 84 / UTM zone 51N: the metric CRS walkingcoverage itself picks for Shanghai's OSM data.
METRIC_CRS = "EPSG:32651"

# Generated residents (an assumption, not data).
RESIDENT_SPACING_M = 50.0
RESIDENTS_PER_POINT = 120.0

# Generated 六艺亭 candidates (an assumption, not data).
CANDIDATE_SPACING_M = 200.0
FLOOR_AREA_CLASSES_M2 = (150.0, 250.0, 450.0)
FLOOR_AREA_PROBABILITIES = (0.5, 0.3, 0.2)
FLOOR_AREA_SEED = 2024
# A pavilion in a verified public park: within the ≤ 200 m² of the action plan.
PARK_PAVILION_M2 = 150.0
# The data's verdict on an OSM public space: True when its public access is established.
PUBLIC_ACCESS_FIELD = "include_in_public_space_context"

NEW_PAVILIONS = 5
PAVILION_MINUTES = 5.0
COVERAGE_MINUTES = 15.0
ORIGIN_OSM = "OSM public space"
ORIGIN_GENERATED = "generated"


class ChainInputError(ValueError):
    """A data file of the chain is missing or unreadable; the message names it."""


@dataclass
class ChainResult:
    """Every Processing result of the chain, the generated inputs, and the seconds per step."""

    layers: dict  # the input layers read from the data folder, by DATA_FILES key
    residents: object  # QgsVectorLayer, generated
    candidates: object  # QgsVectorLayer, OSM polygons + generated footprints
    classified: dict
    prepared: dict
    coverage: dict
    sites: dict
    seconds: dict = field(default_factory=dict)

    @property
    def total_seconds(self):
        return sum(self.seconds.values())


def as_layer(output, name="output"):
    """A Processing output (a layer object or a path/URI) as a valid QgsVectorLayer."""
    from qgis.core import QgsVectorLayer

    layer = output if isinstance(output, QgsVectorLayer) else QgsVectorLayer(str(output), name, "ogr")
    if not layer.isValid():
        raise ChainInputError(f"Output '{output}' cannot be read as a vector layer.")
    return layer


def plain(value):
    """A QVariant NULL as None, anything else unchanged."""
    from qgis.PyQt.QtCore import QVariant

    return None if isinstance(value, QVariant) and value.isNull() else value


def records(output):
    """The features of a Processing output as dicts of plain attribute values (plus ``fid``)."""
    layer = as_layer(output)
    names = layer.fields().names()
    return [dict(zip(names, map(plain, f.attributes())), fid=f.id()) for f in layer.getFeatures()]


def load_osm_layers(data_dir=DATA_DIR):
    """The four GeoJSON files of the 打浦桥 data as QgsVectorLayers, by DATA_FILES key."""
    from qgis.core import QgsVectorLayer

    layers = {}
    for key, file_name in DATA_FILES.items():
        path = Path(data_dir) / file_name
        if not path.exists():
            raise ChainInputError(f"Data file {path} is missing: the chain needs {', '.join(DATA_FILES.values())} "
                                  f"in {data_dir}.")
        layer = QgsVectorLayer(str(path), key, "ogr")
        if not layer.isValid() or layer.featureCount() == 0:
            raise ChainInputError(f"Data file {path} is not a readable layer with features.")
        layers[key] = layer
    return layers


def metric_geometries(layer):
    """(feature ids, shapely geometries in METRIC_CRS) of a layer's features."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject

    transform = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem(METRIC_CRS),
                                       QgsProject.instance().transformContext())
    fids, geometries = [], []
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        geometry.transform(transform)
        fids.append(feature.id())
        geometries.append(shapely.from_wkb(bytes(geometry.asWkb())))
    return fids, geometries


def _memory_layer(kind, fields, rows, name):
    """A memory layer in METRIC_CRS from (shapely geometry, [values]) rows."""
    from qgis.core import QgsFeature, QgsField, QgsGeometry, QgsVectorLayer

    layer = QgsVectorLayer(f"{kind}?crs={METRIC_CRS}", name, "memory")
    provider = layer.dataProvider()
    provider.addAttributes([QgsField(n, t) for n, t in fields])
    layer.updateFields()
    features = []
    for geometry, values in rows:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromWkt(geometry.wkt))
        feature.setAttributes(list(values))
        features.append(feature)
    provider.addFeatures(features)
    layer.updateExtents()
    return layer


def resident_grid(boundary, spacing_m=RESIDENT_SPACING_M, per_point=RESIDENTS_PER_POINT):
    """Generated residents: a point at the centre of every ``spacing_m`` grid cell inside the boundary,
    each weighing ``per_point`` residents (fields ``name``, ``population``; METRIC_CRS)."""
    from qgis.PyQt.QtCore import QVariant

    if spacing_m <= 0 or per_point <= 0:
        raise ValueError(f"Resident grid: spacing ({spacing_m} m) and residents per point ({per_point}) "
                         f"must be positive.")
    _, polygons = metric_geometries(boundary)
    area = shapely.union_all(polygons)
    west, south, east, north = area.bounds
    xs = np.arange(math.floor(west / spacing_m), math.ceil(east / spacing_m)) * spacing_m + spacing_m / 2
    ys = np.arange(math.floor(south / spacing_m), math.ceil(north / spacing_m)) * spacing_m + spacing_m / 2
    grid_x, grid_y = np.meshgrid(xs, ys)
    inside = shapely.contains_xy(area, grid_x, grid_y)
    if not inside.any():
        raise ValueError(f"Resident grid: no {spacing_m:g} m cell centre lies inside layer '{boundary.name()}'.")
    rows = [(shapely.Point(x, y), [f"grid {int(x)},{int(y)}", float(per_point)])
            for x, y in zip(grid_x[inside], grid_y[inside])]
    return _memory_layer("Point", [("name", QVariant.String), ("population", QVariant.Double)], rows,
                         "generated residents")


def candidate_sites(streets, prepared_edges, public_space, spacing_m=CANDIDATE_SPACING_M, seed=FLOOR_AREA_SEED):
    """六艺亭 candidates as footprint polygons (METRIC_CRS; fields name, origin, osm_id, floor_area):
    the OSM public-space polygons, then a point every ``spacing_m`` along each street way that the
    prepared network kept (walkable), drawn as a square of its floor area (a seeded draw)."""
    from qgis.PyQt.QtCore import QVariant

    rows = []
    _, spaces = metric_geometries(public_space)
    for feature, polygon in zip(public_space.getFeatures(), spaces):
        accessible = plain(feature[PUBLIC_ACCESS_FIELD]) is True
        rows.append((polygon, [plain(feature["name"]), ORIGIN_OSM, int(feature["osm_id"]),
                               PARK_PAVILION_M2 if accessible else None]))

    walkable = {int(fid) for fid in (plain(e["source_fid"]) for e in as_layer(prepared_edges).getFeatures())
                if fid is not None}
    fids, ways = metric_geometries(streets)
    osm_ids = {f.id(): (plain(f["osm_id"]), plain(f["name"])) for f in streets.getFeatures()}
    points = []
    for fid, way in zip(fids, ways):
        if fid not in walkable:
            continue
        for part in shapely.get_parts(shapely.line_merge(way)):
            for distance in np.arange(spacing_m / 2, part.length, spacing_m):
                points.append((part.interpolate(distance), fid))
    areas = np.random.default_rng(seed).choice(FLOOR_AREA_CLASSES_M2, size=len(points), p=FLOOR_AREA_PROBABILITIES)
    for number, ((point, fid), floor_area) in enumerate(zip(points, areas), start=1):
        osm_id, street = osm_ids[fid]
        half = math.sqrt(floor_area) / 2
        footprint = shapely.box(point.x - half, point.y - half, point.x + half, point.y + half)
        rows.append((footprint, [f"候选 {number:03d} {street or ''}".strip(), ORIGIN_GENERATED, osm_id,
                                 float(floor_area)]))
    fields = [("name", QVariant.String), ("origin", QVariant.String), ("osm_id", QVariant.LongLong),
              ("floor_area", QVariant.Double)]
    return _memory_layer("Polygon", fields, rows, "六艺亭 candidates")


def _timed(seconds, step, algorithm, parameters, feedback):
    import processing

    start = time.perf_counter()
    result = processing.run(f"lifecircle:{algorithm}", parameters, feedback=feedback)
    seconds[step] = time.perf_counter() - start
    return result


def has_report_parameter():
    """True when walkingcoverage offers the OUTPUT_REPORT parameter (HTML + PDF)."""
    from qgis.core import QgsApplication

    algorithm = QgsApplication.processingRegistry().algorithmById("lifecircle:walkingcoverage")
    return algorithm is not None and algorithm.parameterDefinition("OUTPUT_REPORT") is not None


def run_chain(work_dir, data_dir=DATA_DIR, report=False, feedback=None):
    """Run classify → prepare → coverage → 六艺亭 sites on the 打浦桥 data; a ChainResult.

    Needs QGIS Processing initialised with the lifecircle provider. Every output is written as a
    GeoPackage into ``work_dir``; the layers derived from OSM keep 'openstreetmap' in their file names,
    which is how the report recognises the data it must credit. ``report``: True to have
    walkingcoverage write its HTML report (the PDF beside it) into ``work_dir`` too.
    """
    from qgis.core import QgsProcessingFeedback

    work_dir = Path(work_dir)
    if not work_dir.is_dir():
        raise ChainInputError(f"Work folder {work_dir} does not exist; create it first.")
    feedback = feedback or QgsProcessingFeedback()
    layers = load_osm_layers(data_dir)
    seconds = {}

    def out(name):
        return str(work_dir / name)

    classified = _timed(seconds, "classify", "classifyfacilities", {
        "INPUT": layers["services"], "SOURCE": 0, "OUTPUT": out("openstreetmap_services_classified.gpkg"),
        "OUTPUT_UNMAPPED": out("openstreetmap_services_unmapped.gpkg")}, feedback)
    prepared = _timed(seconds, "prepare", "preparenetwork", {
        "NETWORK": layers["streets"], "OUTPUT": out("openstreetmap_walking_network.gpkg"),
        "OUTPUT_EXCLUDED": out("openstreetmap_ways_left_out.gpkg")}, feedback)
    facilities = as_layer(classified["OUTPUT"], "classified facilities")
    network = as_layer(prepared["OUTPUT"], "walking network")
    # The prepared network is already cleaned: reuse it as its help says.
    reuse = {"NETWORK": network, "NODING": 0, "GAP_TOLERANCE_M": 0.0, "COST_FIELD": "cost_factor"}

    start = time.perf_counter()
    residents = resident_grid(layers["boundary"])
    candidates = candidate_sites(layers["streets"], network, layers["public_space"])
    seconds["generate"] = time.perf_counter() - start

    coverage_parameters = dict(
        reuse, FACILITIES=facilities, SERVICE_FIELD="services", DEMAND=residents, POPULATION_FIELD="population",
        MINUTES=COVERAGE_MINUTES, OUTPUT_DEMAND=out("coverage_residents.gpkg"),
        OUTPUT_SUMMARY=out("coverage_summary.gpkg"), OUTPUT_GAPS=out("coverage_gaps.gpkg"))
    if report:
        coverage_parameters["OUTPUT_REPORT"] = out("dapuqiao_coverage.html")
    coverage = _timed(seconds, "coverage", "walkingcoverage", coverage_parameters, feedback)
    sites = _timed(seconds, "sites", "suggestsites", dict(
        reuse, DEMAND=residents, POPULATION_FIELD="population", FACILITIES=facilities, SERVICE_FIELD="services",
        CANDIDATES=candidates, FLOOR_AREA_FIELD="floor_area", KIND=0, COUNT=NEW_PAVILIONS,
        MINUTES=PAVILION_MINUTES, OUTPUT=out("pavilion_sites.gpkg"), OUTPUT_AUDIT=out("pavilion_audit.gpkg")),
        feedback)
    return ChainResult(layers, residents, candidates, classified, prepared, coverage, sites, seconds)


def whole_area_shares(summary):
    """{service code or 'all_required': share of residents within reach} from a coverage summary's
    whole-area rows (unit 'ALL')."""
    return {row["service"]: row["share"] for row in records(summary) if row["unit_id"] == "ALL"}


def figures_markdown(chain):
    """The chain's figures as Markdown, for docs/dapuqiao.md."""
    population = sum(f["population"] for f in chain.residents.getFeatures())
    shares = whole_area_shares(chain.coverage["OUTPUT_SUMMARY"])
    facilities = records(chain.classified["OUTPUT"])
    per_service = {code: sum(1 for f in facilities if code in (f["services"] or "").split(","))
                   for code in REQUIRED_CODES}
    candidates = records(chain.candidates)
    generated = [c for c in candidates if c["origin"] == ORIGIN_GENERATED]
    by_area = ", ".join(f"{area:g} m²: {sum(1 for c in generated if c['floor_area'] == area)}"
                        for area in FLOOR_AREA_CLASSES_M2)
    lines = [
        f"- Streets: {chain.layers['streets'].featureCount()} OSM ways → {chain.prepared['EDGE_COUNT']} walkable "
        f"edges, {chain.prepared['EXCLUDED_COUNT']} ways left out, {chain.prepared['ISLAND_COUNT']} islands.",
        f"- Facilities: {chain.classified['WITH_SERVICE']} of {chain.layers['services'].featureCount()} POIs "
        f"carry a 十全十美 service.",
        f"- Residents (generated): {chain.residents.featureCount()} grid points × {RESIDENTS_PER_POINT:g} = "
        f"{population:,.0f}.",
        f"- Candidates: {len(candidates) - len(generated)} OSM public spaces + {len(generated)} generated "
        f"({by_area}).",
        "",
        f"| service | 十全 | facilities | share within {COVERAGE_MINUTES:g} min |",
        "|---|---|---:|---:|",
    ]
    lines += [f"| {code} | {BY_CODE[code].name_zh} | {per_service[code]} | {100 * shares[code]:.1f}% |"
              for code in REQUIRED_CODES]
    lines += [f"| **all ten** | 全部十全服务 | | **{100 * chain.coverage['COVERED_SHARE']:.1f}%** |", ""]
    lines += [
        f"六艺亭 within {PAVILION_MINUTES:g} min: {100 * chain.sites['COVERED_SHARE_BEFORE']:.1f}% before, "
        f"{100 * chain.sites['COVERED_SHARE_AFTER']:.1f}% after {chain.sites['SITES_CHOSEN']} new sites "
        f"(proven optimal: {chain.sites['OPTIMAL']}).", "",
        "| rank | site | floor area m² | area status | new residents | share after |",
        "|---:|---|---:|---|---:|---:|",
    ]
    lines += [f"| {s['rank']} | {s['name']} | {s['floor_area_m2']:g} | {s['area_status']} | "
              f"{s['new_covered_pop']:,.0f} | {100 * s['cum_share']:.1f}% |"
              for s in sorted(records(chain.sites["OUTPUT"]), key=lambda s: s["rank"])]
    lines += ["", "Seconds per step: " + ", ".join(f"{k} {v:.2f}" for k, v in chain.seconds.items())
              + f"; total {chain.total_seconds:.2f}."]
    return "\n".join(lines)




def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DATA_DIR), help="the dapuqiao-osm folder")
    parser.add_argument("--out", help="folder for the outputs (default: a temporary folder, removed after)")
    parser.add_argument("--report", action="store_true", help="also write walkingcoverage's HTML and PDF report")
    args = parser.parse_args()
    app, _provider = plugin_package.start_qgis()
    if args.report and not has_report_parameter():
        raise SystemExit("walkingcoverage has no OUTPUT_REPORT parameter in this checkout.")
    with tempfile.TemporaryDirectory(prefix="dapuqiao_") as scratch:
        work_dir = Path(args.out) if args.out else Path(scratch)
        work_dir.mkdir(parents=True, exist_ok=True)
        chain = run_chain(work_dir, args.data, report=args.report)
        print(f"打浦桥街道, OpenStreetMap snapshot of {SNAPSHOT_DATE} ({OSM_CREDIT}); residents and candidate "
              f"floor areas generated.")
        print(figures_markdown(chain))
        if args.report:
            print(f"Report: {chain.coverage['OUTPUT_REPORT']} and {chain.coverage['OUTPUT_REPORT_PDF']}")
    sys.stdout.flush()
    # Leave without Python's final GC: sip objects of an exited QGIS can crash it (as in tests/qgis/conftest.py).
    app.exitQgis()
    os._exit(0)


if __name__ == "__main__":
    main()
