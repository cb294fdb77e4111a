"""A generated grid city for benchmarks: OpenStreetMap-like streets, facilities and residents.

Deterministic for a given seed, pure numpy/shapely (QGIS only to write GeoPackages). The streets
are not a trivial lattice:

- junction positions are jittered, and every block side has a kinked mid-block vertex, so each
  block side is two edges (as OSM ways carry shape vertices);
- streets are split into ways of 1–6 blocks and meet only at shared vertices (OSM noding);
- about 4 % of block sides are missing (dead ends, broken blocks);
- a river crosses the city east–west and is bridged only by every eighth north–south street;
- diagonal avenues run corner to corner through blocks; where two of them cross inside a block
  they share no vertex, so one passes over the other (a flyover);
- short cul-de-sac alleys branch off mid-block vertices into about a tenth of the blocks.

Facilities and residents are points 5–35 m beside a street (a random spot on a random edge,
weighted by length). Each facility offers one service; services are dealt out evenly.
"""
from dataclasses import dataclass

import numpy as np
import shapely

BLOCK_M = 70.0  # junction to junction
ORIGIN_XY = (630000.0, 3445000.0)  # EPSG:4549 (CGCS2000 / 3-degree GK CM 120E), near Shanghai
CRS_AUTHID = "EPSG:4549"
EDGES_PER_JUNCTION = 4  # two streets leave each junction eastward/northward, each block side = 2 edges
MISSING_SHARE = 0.04
BRIDGE_EVERY = 8
ALLEY_SHARE = 0.10


@dataclass
class GridCity:
    """Streets, facilities and residents of one generated city, in metres (EPSG:4549)."""

    lines: np.ndarray  # shapely LineStrings (OSM-like ways)
    highway: np.ndarray  # OSM highway tag per way
    edge_count: int  # straight segments over all ways
    facility_xy: np.ndarray  # (f, 2)
    facility_services: list  # per facility, a tuple of service codes
    resident_xy: np.ndarray  # (r, 2)
    population: np.ndarray  # (r,) people per resident point
    junctions_per_side: int
    facility_capacity: np.ndarray = None  # (f,) places per facility (accessibility benchmark)


def _side_for(target_edges):
    """Junctions per side so that the lattice alone has about ``target_edges`` edges."""
    return int(np.ceil(0.5 + np.sqrt(target_edges / EDGES_PER_JUNCTION + 0.25)))


def _street_ways(nodes, mids, present, rng, kind, highway_of_street):
    """Split one family of parallel streets into ways.

    ``nodes``: (streets, n, 2) junctions along each street; ``mids``: (streets, n-1, 2) mid-block
    vertices; ``present``: (streets, n-1) whether each block side exists.
    """
    lines, tags = [], []
    streets, n = nodes.shape[:2]
    for s in range(streets):
        block = 0
        while block < n - 1:
            if not present[s, block]:
                block += 1
                continue
            length = int(rng.integers(1, 7))
            end = block
            while end < n - 1 and end - block < length and present[s, end]:
                end += 1
            coords = np.empty((2 * (end - block) + 1, 2))
            coords[0::2] = nodes[s, block:end + 1]
            coords[1::2] = mids[s, block:end]
            lines.append(coords)
            tags.append(highway_of_street[s] if kind == "street" else kind)
            block = end
    return lines, tags


def generate_city(target_edges, facility_count, services, resident_count, seed=2024,
                  facilities_per_service=None):
    """A grid city of about ``target_edges`` street edges.

    ``services``: the service codes dealt out to facilities (one each, evenly, shuffled);
    ``facilities_per_service`` overrides ``facility_count`` when given (count = per service × services).
    """
    rng = np.random.default_rng(seed)
    n = _side_for(target_edges)
    grid = np.stack(np.meshgrid(np.arange(n), np.arange(n), indexing="ij"), axis=-1) * BLOCK_M
    junction = grid + rng.uniform(-8.0, 8.0, size=grid.shape) + np.asarray(ORIGIN_XY)

    def mid_vertices(a, b):
        # Mid-block vertex pushed 0–4 m sideways, so a block side is a kinked two-edge way.
        along = b - a
        normal = np.stack([-along[..., 1], along[..., 0]], axis=-1)
        normal /= np.linalg.norm(normal, axis=-1, keepdims=True)
        return (a + b) / 2 + normal * rng.uniform(-4.0, 4.0, size=along.shape[:-1] + (1,))

    # East–west streets: junction[:, j] for fixed j; north–south: junction[i, :].
    ew_nodes = np.transpose(junction, (1, 0, 2))  # (street j, i, 2)
    ns_nodes = junction  # (street i, j, 2)
    ew_mids = mid_vertices(ew_nodes[:, :-1], ew_nodes[:, 1:])
    ns_mids = mid_vertices(ns_nodes[:, :-1], ns_nodes[:, 1:])
    ew_present = rng.random((n, n - 1)) >= MISSING_SHARE
    ns_present = rng.random((n, n - 1)) >= MISSING_SHARE
    river_row = int(0.4 * (n - 1))  # the river runs between junction rows river_row and river_row + 1
    bridged = (np.arange(n) % BRIDGE_EVERY) == 3
    ns_present[~bridged, river_row] = False
    ns_present[bridged, river_row] = True

    def street_tags():
        tags = np.full(n, "residential", dtype=object)
        tags[::10] = "primary"
        tags[5::10] = "secondary"
        return tags

    lines, tags = _street_ways(ew_nodes, ew_mids, ew_present, rng, "street", street_tags())
    more, more_tags = _street_ways(ns_nodes, ns_mids, ns_present, rng, "street", street_tags())
    lines += more
    tags += more_tags

    # Diagonal avenues, corner to corner through blocks, both directions, stopping at the river.
    diagonal_every = 25
    for start in range(-n + diagonal_every // 2, n, diagonal_every):
        for direction in (1, -1):
            i = np.arange(n)
            j = start + i if direction == 1 else (n - 1 - start) - i
            ok = (j >= 0) & (j < n)
            i, j = i[ok], j[ok]
            if len(i) < 2:
                continue
            below = j <= river_row
            for part in (below, ~below):
                pi, pj = i[part], j[part]
                if len(pi) < 2:
                    continue
                corners = junction[pi, pj]
                coords = np.empty((2 * len(pi) - 1, 2))
                coords[0::2] = corners
                coords[1::2] = (corners[:-1] + corners[1:]) / 2
                lines.append(coords)
                tags.append("tertiary")

    # Cul-de-sac alleys into blocks from mid-block vertices of east–west streets, on the north side.
    alley_streets, alley_blocks = np.nonzero(rng.random((n - 1, n - 1)) < ALLEY_SHARE)
    dry = alley_streets != river_row
    base = ew_mids[alley_streets[dry], alley_blocks[dry]]
    depth = rng.uniform(15.0, 28.0, size=len(base))
    for xy, d in zip(base, depth):
        lines.append(np.array([xy, xy + (0.0, d)]))
        tags.append("service")

    geoms = np.array([shapely.LineString(c) for c in lines], dtype=object)
    edge_count = int(sum(len(c) - 1 for c in lines))

    edges_start = np.concatenate([np.asarray(c)[:-1] for c in lines])
    edges_end = np.concatenate([np.asarray(c)[1:] for c in lines])
    if facilities_per_service is not None:
        facility_count = facilities_per_service * len(services)
    facility_xy = _beside_streets(rng, edges_start, edges_end, facility_count, 5.0, 25.0)
    dealt = np.resize(np.arange(len(services)), facility_count)
    rng.shuffle(dealt)
    facility_services = [(services[k],) for k in dealt]
    resident_xy = _beside_streets(rng, edges_start, edges_end, resident_count, 5.0, 35.0)
    population = rng.integers(20, 400, size=resident_count).astype(float)
    capacity = rng.integers(10, 200, size=len(facility_xy)).astype(float)  # drawn last: the rest is unchanged
    return GridCity(geoms, np.asarray(tags, dtype=object), edge_count, facility_xy, facility_services,
                    resident_xy, population, n, capacity)


def _beside_streets(rng, start, end, count, min_offset, max_offset):
    """Points at a random spot of a random edge (weighted by length), offset sideways."""
    length = np.hypot(*(end - start).T)
    edge = rng.choice(len(start), size=count, p=length / length.sum())
    t = rng.uniform(0.05, 0.95, size=count)
    along = end[edge] - start[edge]
    normal = np.stack([-along[:, 1], along[:, 0]], axis=1) / length[edge][:, None]
    side = rng.choice((-1.0, 1.0), size=count)
    offset = rng.uniform(min_offset, max_offset, size=count) * side
    return start[edge] + t[:, None] * along + offset[:, None] * normal


def write_geopackage(city, path):
    """Write the city as three layers of one GeoPackage (needs an initialised QgsApplication).

    Layers: ``roads`` (highway), ``facilities`` (name, services as comma-separated codes, capacity),
    ``residents`` (population). Returns the layer URIs {'roads': 'path|layername=roads', ...}.
    """
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransformContext,
        QgsFeature,
        QgsField,
        QgsFields,
        QgsGeometry,
        QgsVectorFileWriter,
        QgsWkbTypes,
    )
    from qgis.PyQt.QtCore import QVariant

    crs = QgsCoordinateReferenceSystem(CRS_AUTHID)
    layers = (
        ("roads", QgsWkbTypes.LineString, [("highway", QVariant.String)],
         zip(shapely.to_wkb(city.lines), ([h] for h in city.highway))),
        ("facilities", QgsWkbTypes.Point, [("name", QVariant.String), ("services", QVariant.String),
                                           ("capacity", QVariant.Double)],
         zip(shapely.to_wkb(shapely.points(city.facility_xy)),
             ([f"facility {i}", ",".join(s), float(c)]
              for i, (s, c) in enumerate(zip(city.facility_services, city.facility_capacity))))),
        ("residents", QgsWkbTypes.Point, [("population", QVariant.Double)],
         zip(shapely.to_wkb(shapely.points(city.resident_xy)), ([float(p)] for p in city.population))),
    )
    uris = {}
    for index, (name, wkb_type, field_specs, rows) in enumerate(layers):
        fields = QgsFields()
        for field_name, kind in field_specs:
            fields.append(QgsField(field_name, kind))
        options = QgsVectorFileWriter.SaveVectorOptions()
        options.driverName = "GPKG"
        options.layerName = name
        options.actionOnExistingFile = (QgsVectorFileWriter.CreateOrOverwriteFile if index == 0
                                        else QgsVectorFileWriter.CreateOrOverwriteLayer)
        writer = QgsVectorFileWriter.create(str(path), fields, wkb_type, crs, QgsCoordinateTransformContext(),
                                            options)
        if writer.hasError() != QgsVectorFileWriter.NoError:
            raise RuntimeError(f"Cannot write layer '{name}' to {path}: {writer.errorMessage()}")
        batch = []
        for wkb, values in rows:
            feature = QgsFeature(fields)
            geometry = QgsGeometry()
            geometry.fromWkb(wkb)
            feature.setGeometry(geometry)
            feature.setAttributes(values)
            batch.append(feature)
            if len(batch) == 10000:
                writer.addFeatures(batch)
                batch = []
        writer.addFeatures(batch)
        del writer  # closes the layer
        uris[name] = f"{path}|layername={name}"
    return uris
