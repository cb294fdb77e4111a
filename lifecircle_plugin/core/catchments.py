"""Walking catchments (service areas): the ground reachable on foot from facilities within time bands.

A catchment is built from the reached network itself, never interpolated between streets: every
edge walked within the band — whole, or the piece reached from each of its ends — is widened by a
walkable buffer and the buffers are merged. A partial piece runs along the edge's straight geometry
for ``remaining cost / edge cost`` of its length, so a costly edge (stairs, slope) reaches less far.
The facility's own access leg counts as walked; other points' access legs do not.

Bands nest exactly: each band's polygon is merged with the previous (smaller) band's polygon, so
floating-point noise in the buffers cannot leave a sliver of the 5-minute area outside the 10-minute
one.

Population inside a catchment is counted over the network, not by point-in-polygon: a resident
feature counts when one of its access points is reached within the band (the rule the coverage
analysis uses). A buffer can spill across a river, a wall or a gated compound that the walk does
not cross; the residents behind it are not within reach and are not counted.
"""
import re
from dataclasses import dataclass

import numpy as np
import shapely

from .coverage import metres_per_minute
from .defaults import DEFAULT_BANDS_MIN, DEFAULT_BUFFER_M, DEFAULT_MAX_SNAP_M, DEFAULT_SPEED_KMH
from .errors import LifeCircleError
from .routing import attach_points, build_routing_graph, nearest_source
from .services import BY_CODE, SERVICE_CODES, format_services, services_present

NOT_DISSOLVED = -1  # ``Catchment.facility`` of a catchment dissolved over all facilities of a service

# Why a facility has no catchment (``CatchmentResult.unreachable``).
REASON_NO_GEOMETRY = "no_geometry"
REASON_BEYOND_SNAP = "beyond_snap"

_BAND_SPLIT = re.compile(r"[,;，；、\s]+")


class CatchmentError(LifeCircleError, ValueError):
    """Input that cannot give catchments (no facility for a chosen service, bad buffer, …)."""


class BandsError(CatchmentError):
    """A band list that is not a list of positive minutes; ``entry`` is the offending item."""

    def __init__(self, text, entry, message_en, message_zh):
        self.text = text
        self.entry = entry
        super().__init__("bands.invalid", message_en, message_zh)


def parse_bands(text):
    """Minutes of each band from text such as ``"5,10,15"`` (also ``;``, ``、``, spaces), ascending.

    Repeated values are kept once. Raises BandsError naming the entry that is not a positive number.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        entries = [str(text)]
    else:
        entries = [e for e in _BAND_SPLIT.split(str(text or "").strip()) if e]
    if not entries:
        raise BandsError(text, None, "No band given: list the minutes of each band, e.g. 5,10,15.",
                         "未给出时间分段：请列出各分段的分钟数，如 5,10,15。")
    minutes = []
    for entry in entries:
        try:
            value = float(entry)
        except ValueError:
            value = float("nan")
        if not np.isfinite(value) or value <= 0:
            raise BandsError(
                text, entry,
                f"Band '{entry}' in '{text}' is not a positive number of minutes: list the minutes of "
                "each band separated by commas, e.g. 5,10,15.",
                f"“{text}”中的分段“{entry}”不是正的分钟数：请用逗号分隔各分段的分钟数，如 5,10,15。")
        minutes.append(value)
    return tuple(sorted(set(minutes)))


def select_services(facility_services, requested=None):
    """The services to draw: ``requested`` codes (checked against the facilities), else all present.

    Raises CatchmentError when a requested service has no facility or no facility lists any service.
    """
    present = services_present(facility_services)
    if not requested:
        if not present:
            raise CatchmentError(
                "catchments.no_service",
                "No facility lists a 十全十美 service: fill in the services field (codes or Chinese names).",
                "没有设施列出十全十美服务：请填写服务字段（代码或中文名称）。")
        return present
    requested = tuple(code for code in SERVICE_CODES if code in set(requested))
    missing = [code for code in requested if code not in present]
    if missing:
        names = ", ".join(f"{code} ({BY_CODE[code].name_zh})" for code in missing)
        raise CatchmentError(
            "catchments.service_absent",
            f"No facility offers {names}. Services present: {format_services(present) or 'none'}. "
            "Choose services the facilities offer, or leave the choice empty for all of them.",
            f"没有设施提供 {names}。现有服务：{format_services(present) or '无'}。"
            "请选择设施提供的服务，或留空以计算全部服务。")
    return requested


def reached_pieces(start_xy, end_xy, cost, dist_start, dist_end, limit_m):
    """The parts of straight edges walked within ``limit_m``, as an array of segments (k × 2 × 2).

    ``dist_start``/``dist_end``: walking cost to each end of each edge (inf where not reached).
    An edge is whole when the reach left at its two ends together covers its cost (so it can be
    walked from both sides); otherwise each reached end contributes the piece
    ``remaining / cost`` of the edge's length.
    """
    return _reach(start_xy, end_xy, cost, dist_start, dist_end, limit_m)[0]


def _reach(start_xy, end_xy, cost, dist_start, dist_end, limit_m):
    """reached_pieces, plus which edges are reached whole."""
    start_xy = np.asarray(start_xy, dtype=float).reshape(-1, 2)
    end_xy = np.asarray(end_xy, dtype=float).reshape(-1, 2)
    cost = np.asarray(cost, dtype=float)
    left_start = limit_m - np.asarray(dist_start, dtype=float)  # -inf where not reached
    left_end = limit_m - np.asarray(dist_end, dtype=float)
    reached_start, reached_end = left_start >= 0, left_end >= 0
    covered = np.maximum(left_start, 0) + np.maximum(left_end, 0)
    whole = (reached_start | reached_end) & (covered >= cost * (1 - 1e-12))
    pieces = [np.stack([start_xy[whole], end_xy[whole]], axis=1)]
    for reached, left, near, far in ((reached_start, left_start, start_xy, end_xy),
                                     (reached_end, left_end, end_xy, start_xy)):
        part = ~whole & reached & (left > 0)
        fraction = (left[part] / cost[part])[:, None]
        pieces.append(np.stack([near[part], near[part] + fraction * (far[part] - near[part])], axis=1))
    return np.concatenate(pieces), whole


def catchment_polygon(pieces, buffer_m, inside=None):
    """The walked pieces widened by ``buffer_m`` and merged into one (multi)polygon.

    ``inside``: a polygon the result must contain (the previous band), merged in to keep nesting exact.
    Pieces are first merged into chains (a street drawn with many vertices becomes one line), then
    each chain is buffered and the buffers are unioned: on a 20,000-edge grid this is 3–20 times
    faster than buffering all pieces as one multilinestring (see bench/bench_catchments.py).
    """
    lines = shapely.linestrings(np.asarray(pieces, dtype=float).reshape(-1, 2, 2))
    # Merging drops zero-length pieces (a facility standing on the street): keep them as points.
    degenerate = shapely.length(lines) == 0
    parts = np.concatenate([
        shapely.get_parts(shapely.line_merge(shapely.multilinestrings(lines[~degenerate]))),
        shapely.points(shapely.get_coordinates(lines[degenerate])[::2]),
    ])
    shapes = list(shapely.buffer(parts, buffer_m))
    if inside is not None:
        shapes.append(inside)
    return shapely.union_all(shapes) if shapes else shapely.Polygon()


@dataclass
class Catchment:
    """One band of one service, for one facility or dissolved over all its facilities."""

    service: str
    band_min: float
    facility: int  # facility index, NOT_DISSOLVED (-1) when dissolved per service
    geometry: object  # shapely (Multi)Polygon in the working CRS
    population: float  # residents reached over the network within the band; NaN without residents

    @property
    def area_m2(self):
        return float(self.geometry.area)


@dataclass
class CatchmentResult:
    services: tuple
    bands_min: tuple
    per_facility: bool
    catchments: list  # Catchment, by service, then facility, then band
    unreachable: list  # (facility index, REASON_*) of facilities offering a chosen service
    facility_island: np.ndarray  # per facility: connected part of the network (0 main, -1 unattached)
    facilities_per_service: dict  # code -> facilities offering it that reach the network


class _Walker:
    """One routing graph for every pass: graph edges as drawable straight segments."""

    def __init__(self, network, facilities, demand, max_snap_m):
        fac_att = attach_points(network, facilities.xy, max_snap_m)
        attachments = [fac_att]
        if demand is not None:
            attachments.append(attach_points(network, demand.xy, max_snap_m))
        graph = build_routing_graph(network, attachments)
        self.graph = graph
        self.fac_att = fac_att
        self.fac_leaves = graph.leaves[0]
        self.demand_leaves = graph.leaves[1] if demand is not None else None
        self.demand = demand
        self.start_xy = graph.node_xy[graph.edge_u]
        self.end_xy = graph.node_xy[graph.edge_v].copy()
        leaf_count = (graph.node_count - graph.base_nodes) // 2
        self.first_leaf_node = graph.base_nodes + leaf_count
        self.first_leaf_edge = len(graph.edge_u) - leaf_count
        # A leaf sits at its foot in the graph; its access leg is drawn to the point itself.
        attached = self.fac_leaves >= 0
        self.end_xy[self.leaf_edge(self.fac_leaves[attached])] = facilities.xy[attached]

    def leaf_edge(self, leaf_nodes):
        """Graph edge index of the access leg of each leaf node (leaf edges come last, in leaf order)."""
        return self.first_leaf_edge + (leaf_nodes - self.first_leaf_node)

    def catchments(self, source_points, limits_m, buffer_m, population):
        """Nested polygons and residents reached per limit, walking from the given facility points."""
        graph = self.graph
        sources = self.fac_leaves[source_points]
        dist, _ = nearest_source(graph, sources, limits_m[-1])
        dist_u, dist_v = dist[graph.edge_u], dist[graph.edge_v]
        drawable = np.isfinite(dist_u) | np.isfinite(dist_v)
        drawable[self.first_leaf_edge:] = False
        drawable[self.leaf_edge(sources)] = True
        edges = np.flatnonzero(drawable)
        start, end, cost = self.start_xy[edges], self.end_xy[edges], graph.edge_cost[edges]
        dist_u, dist_v = dist_u[edges], dist_v[edges]
        resident_dist = None
        if self.demand is not None:
            point_dist = np.where(self.demand_leaves >= 0, dist[np.maximum(self.demand_leaves, 0)], np.inf)
            resident_dist = np.full(self.demand.count, np.inf)
            np.minimum.at(resident_dist, self.demand.owner, point_dist)
        polygons, reached = [], []
        previous = None
        # Edges walked whole within a band lie inside its polygon: the next band buffers only the rest.
        rest = np.arange(len(edges))
        for limit in limits_m:
            pieces, whole = _reach(start[rest], end[rest], cost[rest], dist_u[rest], dist_v[rest], limit)
            previous = catchment_polygon(pieces, buffer_m, inside=previous)
            polygons.append(previous)
            rest = rest[~whole]
            reached.append(float("nan") if resident_dist is None
                           else float(population[resident_dist <= limit].sum()))
        return polygons, reached


def service_areas(network, facilities, facility_services, bands_min=DEFAULT_BANDS_MIN, services=None,
                  per_facility=False, buffer_m=DEFAULT_BUFFER_M, speed_kmh=DEFAULT_SPEED_KMH,
                  max_snap_m=DEFAULT_MAX_SNAP_M, demand=None, population=None, progress=None, cancel=None):
    """Walking catchments of facilities per service and band.

    ``facilities``: AccessPoints; ``facility_services``: per facility a tuple of codes.
    ``services``: codes to draw (None/empty: every service present). ``per_facility``: one catchment
    per facility (one limited walk each, on one shared graph) instead of one per service (one
    multi-source walk). ``demand``/``population``: optional residents (AccessPoints, per feature)
    counted over the network. ``progress(fraction, message)``, ``cancel()``: optional callbacks.
    """
    bands = tuple(sorted(set(float(b) for b in bands_min)))
    if not bands or not all(np.isfinite(b) and b > 0 for b in bands):
        raise BandsError(bands_min, None, f"Bands {bands_min} must be positive minutes, e.g. 5,10,15.",
                         f"时间分段 {bands_min} 必须是正的分钟数，如 5,10,15。")
    if not np.isfinite(buffer_m) or buffer_m <= 0:
        raise CatchmentError("catchments.buffer",
                             f"The buffer width must be a positive number of metres; got {buffer_m}.",
                             f"缓冲宽度必须是正的米数，当前为 {buffer_m}。")
    if demand is not None:
        population = np.asarray(population, dtype=float)
        if len(population) != demand.count:
            raise CatchmentError(
                "catchments.population_count",
                f"{len(population)} population values were given for {demand.count} resident features.",
                f"给出了 {len(population)} 个人口值，但居民要素有 {demand.count} 个。")
    if len(facility_services) != facilities.count:
        raise CatchmentError(
            "catchments.services_count",
            f"{len(facility_services)} service lists were given for {facilities.count} facilities.",
            f"给出了 {len(facility_services)} 个服务列表，但设施有 {facilities.count} 个。")
    codes = select_services(facility_services, services)
    limits = np.array(bands) * metres_per_minute(speed_kmh)

    def step(fraction, message):
        if cancel:
            cancel()
        if progress:
            progress(fraction, message)

    step(0.0, "Attaching facilities to the network")
    walker = _Walker(network, facilities, demand, max_snap_m)
    points_of = _points_per_facility(facilities, walker.fac_leaves >= 0)
    finite_xy = np.isfinite(facilities.xy).all(axis=1)
    has_geometry = np.zeros(facilities.count, dtype=bool)
    has_geometry[facilities.owner[finite_xy]] = True
    attached = np.array([len(p) > 0 for p in points_of], dtype=bool)
    chosen = set(codes)
    relevant = np.array([bool(chosen & set(s)) for s in facility_services], dtype=bool)
    unreachable = [(int(i), REASON_BEYOND_SNAP if has_geometry[i] else REASON_NO_GEOMETRY)
                   for i in np.flatnonzero(relevant & ~attached)]

    catchments, per_service, cached = [], {}, {}
    for index, code in enumerate(codes):
        step(0.05 + 0.95 * index / len(codes), f"Catchments of {code}")
        offering = [i for i in np.flatnonzero(attached) if code in facility_services[i]]
        per_service[code] = len(offering)
        if not offering:
            continue
        if not per_facility:
            sources = np.concatenate([points_of[i] for i in offering])
            polygons, reached = walker.catchments(sources, limits, buffer_m, population)
            catchments += [Catchment(code, band, NOT_DISSOLVED, polygon, count)
                           for band, polygon, count in zip(bands, polygons, reached)]
            continue
        for done, facility in enumerate(offering):
            step(0.05 + 0.95 * (index + done / len(offering)) / len(codes), f"Catchments of {code}")
            if facility not in cached:
                cached[facility] = walker.catchments(points_of[facility], limits, buffer_m, population)
            polygons, reached = cached[facility]
            catchments += [Catchment(code, band, int(facility), polygon, count)
                           for band, polygon, count in zip(bands, polygons, reached)]
    step(1.0, "Catchments drawn")
    return CatchmentResult(codes, bands, bool(per_facility), catchments, unreachable,
                           _facility_island(network, walker.fac_att, facilities), per_service)


def _points_per_facility(facilities, attached_points):
    """Indices of each facility's attached access points."""
    points = np.flatnonzero(attached_points)
    owners = facilities.owner[points]
    order = np.argsort(owners, kind="stable")
    bounds = np.searchsorted(owners[order], np.arange(facilities.count + 1))
    return [points[order[bounds[i]:bounds[i + 1]]] for i in range(facilities.count)]


def _facility_island(network, attachment, facilities):
    """Connected part of the network each facility attaches to (the nearest of its points); -1 if none."""
    snap = np.where(attachment.attached, attachment.snap_m, np.inf)
    best = np.full(facilities.count, np.inf)
    np.minimum.at(best, facilities.owner, snap)
    island = np.full(facilities.count, -1, dtype=np.int64)
    nearest = np.flatnonzero(attachment.attached & (snap == best[facilities.owner]))
    island[facilities.owner[nearest[::-1]]] = network.edge_component()[attachment.edge[nearest[::-1]]]
    return island
