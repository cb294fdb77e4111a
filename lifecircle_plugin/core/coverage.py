"""15-minute walking coverage: minutes on foot from every resident to the nearest facility per service.

Residents and facilities may each reach the network through several access points (the gates of
a compound, the parts of a multipoint); a resident's time is the best over its access points.
One multi-source shortest-path pass per service, cut off at the search limit.
"""
from dataclasses import dataclass, field

import numpy as np

from .defaults import DEFAULT_MAX_SNAP_M, DEFAULT_SEARCH_MINUTES, DEFAULT_SPEED_KMH
from .errors import ArgumentError
from .routing import attach_points, build_contracted_graph, nearest_source_to_targets
from .services import REQUIRED_CODES, SERVICE_CODES
from .progress import step_reporter

WHOLE_AREA = "ALL"


def metres_per_minute(speed_kmh):
    if not speed_kmh or speed_kmh <= 0:
        raise ArgumentError(f"Walking speed must be positive (km/h); got {speed_kmh}.")
    return speed_kmh * 1000.0 / 60.0


@dataclass
class AccessPoints:
    """Points through which features reach the network: coordinates and the feature each belongs to."""

    xy: np.ndarray  # (k, 2) metres; NaN rows for features without usable geometry
    owner: np.ndarray  # (k,) feature index
    count: int  # number of features (some may own no point)

    @classmethod
    def one_per_feature(cls, xy):
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        return cls(xy, np.arange(len(xy)), len(xy))


@dataclass
class CoverageResult:
    services: tuple  # codes in output order
    thresholds: dict  # code -> minutes
    minutes: dict  # code -> float array per resident (NaN: nothing within the search limit)
    nearest: dict  # code -> facility index per resident (-1: none)
    snap_m: np.ndarray  # per resident: shortest access leg (NaN: not attached)
    island: np.ndarray  # per resident: connected part of the network (0 = main; -1 not attached)
    facility_snap_m: np.ndarray
    facility_island: np.ndarray
    search_minutes: float
    facilities_per_service: dict = field(default_factory=dict)

    def ok(self, code):
        with np.errstate(invalid="ignore"):
            return self.minutes[code] <= self.thresholds[code]

    @property
    def attached(self):
        return np.isfinite(self.snap_m)

    def required_ok_count(self):
        return sum(self.ok(code).astype(int) for code in REQUIRED_CODES)

    def missing_required(self):
        """Per resident, the required codes not within threshold."""
        oks = np.stack([self.ok(code) for code in REQUIRED_CODES], axis=1)
        # One tuple per combination (at most 1,024), not one Python loop per resident.
        masks = (~oks).astype(np.int64) @ (1 << np.arange(len(REQUIRED_CODES)))
        combinations, which = np.unique(masks, return_inverse=True)
        missing = [tuple(c for bit, c in enumerate(REQUIRED_CODES) if mask >> bit & 1)
                   for mask in combinations.tolist()]
        return [missing[k] for k in which.tolist()]


def _best_per_owner(values, owner, count):
    """Minimum of ``values`` per owner and the index of the point achieving it."""
    if len(owner) == count and np.array_equal(owner, np.arange(count)):
        # One point per feature (the usual case): nothing to reduce, and ufunc.at is slow.
        return values.astype(float), np.where(np.isfinite(values), np.arange(count), -1)
    best = np.full(count, np.inf)
    np.minimum.at(best, owner, values)
    is_best = values == best[owner]
    arg = np.full(count, -1, dtype=np.int64)
    idx = np.flatnonzero(is_best & np.isfinite(values))
    arg[owner[idx[::-1]]] = idx[::-1]  # first achieving point wins
    return best, arg


def walking_coverage(network, facilities, facility_services, residents, thresholds,
                     speed_kmh=DEFAULT_SPEED_KMH, max_snap_m=DEFAULT_MAX_SNAP_M,
                     search_minutes=DEFAULT_SEARCH_MINUTES, services=SERVICE_CODES,
                     progress=None, cancel=None):
    """Minutes on foot from each resident to the nearest facility of each service.

    ``facilities``/``residents``: AccessPoints. ``facility_services``: per facility a tuple of codes.
    ``thresholds``: {code: minutes}. ``progress(fraction, message)`` and ``cancel()`` are optional
    callbacks; ``cancel`` raises to stop.
    """
    speed = metres_per_minute(speed_kmh)
    search_minutes = max(search_minutes, max(thresholds[c] for c in services))
    limit_m = search_minutes * speed

    advance = step_reporter(progress, cancel)

    advance(0.0, "Attaching facilities and residents to the network")
    fac_att = attach_points(network, facilities.xy, max_snap_m)
    res_att = attach_points(network, residents.xy, max_snap_m)
    advance(0.1, "Building the routing graph")
    graph = build_contracted_graph(network, fac_att, res_att)

    edge_island = network.edge_component()
    fac_snap, fac_arg = _best_per_owner(np.where(fac_att.attached, fac_att.snap_m, np.inf),
                                        facilities.owner, facilities.count)
    res_snap, res_arg = _best_per_owner(np.where(res_att.attached, res_att.snap_m, np.inf),
                                        residents.owner, residents.count)

    def island_of(att, arg):
        island = np.full(len(arg), -1, dtype=np.int64)
        ok = arg >= 0
        island[ok] = edge_island[att.edge[arg[ok]]]
        return island

    offers = {code: np.array([code in svc for svc in facility_services], dtype=bool) for code in services}
    minutes, nearest, per_service = {}, {}, {}
    for step, code in enumerate(services):
        advance(0.15 + 0.85 * step / len(services), f"Shortest walks to {code}")
        point_offers = np.flatnonzero(offers[code][facilities.owner] & fac_att.attached)
        per_service[code] = int(offers[code].sum())
        res_dist, point_source = nearest_source_to_targets(graph, point_offers, limit_m)
        best, arg = _best_per_owner(res_dist, residents.owner, residents.count)
        reached = arg >= 0
        facility = np.full(residents.count, -1, dtype=np.int64)
        facility[reached] = facilities.owner[point_offers[point_source[arg[reached]]]]
        minutes[code] = np.where(reached, best / speed, np.nan)
        nearest[code] = facility
    advance(1.0, "Coverage computed")
    return CoverageResult(
        services=tuple(services),
        thresholds={c: float(thresholds[c]) for c in services},
        minutes=minutes,
        nearest=nearest,
        snap_m=np.where(np.isfinite(res_snap), res_snap, np.nan),
        island=island_of(res_att, res_arg),
        facility_snap_m=np.where(np.isfinite(fac_snap), fac_snap, np.nan),
        facility_island=island_of(fac_att, fac_arg),
        search_minutes=search_minutes,
        facilities_per_service=per_service,
    )


@dataclass
class SummaryRow:
    unit_id: str
    service: str
    population: float
    covered_population: float
    share: float  # NaN when the unit has no residents
    threshold_min: float


def summarize(result, population, unit_ids):
    """Unit × service table of covered population, plus a whole-area row per service (unit ``ALL``).

    Also one row per unit with service ``all_required``: residents reaching all ten essentials,
    when all ten were computed.
    """
    population = np.asarray(population, dtype=float)
    unit_ids = np.asarray([WHOLE_AREA if u is None else str(u) for u in unit_ids], dtype=object)
    units = sorted(set(unit_ids.tolist()) - {WHOLE_AREA}) + [WHOLE_AREA]
    masks = {u: (unit_ids == u) if u != WHOLE_AREA else np.ones(len(unit_ids), dtype=bool) for u in units}
    columns = [(code, result.ok(code), result.thresholds[code]) for code in result.services]
    if set(REQUIRED_CODES) <= set(result.services):
        all_ok = result.required_ok_count() == len(REQUIRED_CODES)
        columns.append(("all_required", all_ok, float("nan")))
    rows = []
    for unit in units:
        mask = masks[unit]
        total = float(population[mask].sum())
        for code, ok, threshold in columns:
            covered = float(population[mask & ok].sum())
            rows.append(SummaryRow(unit, code, total, covered, covered / total if total > 0 else float("nan"),
                                   threshold))
    return rows


def headline(result, population):
    """One sentence for the log, e.g. '82.4% of 63,120 residents reach all ten essentials …'."""
    population = np.asarray(population, dtype=float)
    total = population.sum()
    all_ok = result.required_ok_count() == len(REQUIRED_CODES)
    share = population[all_ok].sum() / total if total > 0 else 0.0
    return share, total
