"""What each project of a 3-year reserve plan brings to residents: coverage gains, in-plan gains, ranks
and the coverage of each plan year.

Definitions (``covered_s(F)``: population of the residents whose walking minutes to the nearest facility
of service ``s`` in the facility set ``F`` are within ``s``'s threshold, counted as walkingcoverage counts
them):

- ``gain_s(p) = covered_s(existing ∪ {p}) − covered_s(existing)`` for each service ``s`` project ``p``
  offers; ``gain_total(p)`` the sum over its services;
- ``gain_in_plan(p)``: the same gain with ``p`` added after every project of earlier plan years and,
  within its year, after the projects of smaller priority (then project id); projects whose reserve
  year lies outside the plan have none;
- ``gain_per_wan = gain_total / budget_wan`` (none without a positive budget);
- ``impact_rank``: by gain_total descending, ties by gain_per_wan descending (none last), then project id.

One walk per service from the existing facilities (as walkingcoverage) and one set of cut-off searches
from the projects' access points for all services at once, never a coverage run per project: a
resident × project reach matrix per service (within that service's threshold) holds everything the
gains, the plan years and the schedule need.
"""
import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from .blueprint import (
    STARTED_STATUSES,
    PlanWindow,
    _to_number,
    _Unreadable,
    below_minimum,
    parse_record,
)
from .coverage import (
    _best_per_owner,
    metres_per_minute,
    summarize,
)
from .errors import LifeCircleError
from .numbers_input import BUDGET_UNITS
from .reach_matrix import chunk_size, rows_reaching
from .routing import Attachment, attach_points, build_contracted_graph, nearest_source_to_targets
from .services import BY_CODE, REQUIRED_CODES, SERVICE_CODES
from .progress import step_reporter

BASELINE = "baseline"
# Values of a project a plan needs; one that cannot be read is refused, naming project and field.
PLAN_FIELDS = ("status", "services", "reserve_year", "priority", "budget_wan")
# Relative slack on the search cut-off so that a walk of exactly the threshold is still found; the
# threshold test itself is walkingcoverage's (minutes = metres / speed <= threshold).
CUTOFF_SLACK = 1e-9


class PlanImpactError(LifeCircleError):
    """A plan whose impact cannot be computed: the message names the projects, field or text."""


# --- the projects of the plan -------------------------------------------------------------------


@dataclass
class PlanProjects:
    """The projects layer read for impact: one entry per feature, in layer order.

    ``assessed``: not cancelled, with a location and at least one service (the others get no gain).
    ``plan_year``: reserve year when it lies in the plan window, else None. ``fixed``: works started
    (在建, 已建成), so the schedule keeps their reserve year. ``budget_wan``: NaN when missing.
    """

    window: PlanWindow
    project_id: list
    label: list  # how messages name each project
    services: list  # tuple of codes per project
    status: list
    plan_year: list
    priority: list
    budget_wan: np.ndarray
    assessed: np.ndarray
    fixed: np.ndarray
    cancelled: np.ndarray
    without_location: list  # labels of projects left out
    without_services: list
    outside_window: list  # labels of assessed projects whose reserve year is outside the plan

    def __len__(self):
        return len(self.project_id)

    @property
    def movable(self):
        """Assessed projects the schedule may place (works not started)."""
        return self.assessed & ~self.fixed

    def plan_order(self):
        """Indices of the assessed projects in the plan, in the order ``gain_in_plan`` adds them."""
        in_plan = [i for i in np.flatnonzero(self.assessed) if self.plan_year[i] is not None]
        return sorted(in_plan, key=lambda i: (self.plan_year[i], *_priority_key(self.priority[i]),
                                              *_id_key(self.project_id[i]), i))


def _priority_key(priority):
    return (priority is None, priority if priority is not None else 0)


def _id_key(project_id):
    return (project_id is None, project_id or "")


def read_plan_projects(records, has_location, window):
    """PlanProjects from raw records (dicts as read from the layer) and whether each has a geometry.

    Values are read with the blueprint's own parser; an unreadable status, services, reserve year,
    priority or budget, or one below its field's minimum (a negative budget, priority 0), is refused
    (PlanImpactError naming the project and field).
    """
    records = list(records)
    if len(records) != len(has_location):
        raise PlanImpactError("plan.inputs", f"{len(records)} records but {len(has_location)} location flags.",
                              f"项目记录 {len(records)} 条，位置标记 {len(has_location)} 个，数量不一致。")
    ids, labels, services, statuses, years, priorities = [], [], [], [], [], []
    budgets = np.full(len(records), np.nan)
    problems = []
    for index, record in enumerate(records):
        parsed = parse_record(record, index)
        problems += [f for f in parsed.findings + below_minimum(parsed, index) if f.field in PLAN_FIELDS]
        ids.append(parsed.project_id)
        labels.append(parsed.project_id or f"#{index + 1}")
        services.append(tuple(parsed["services"] or ()))
        statuses.append(parsed["status"])
        years.append(parsed["reserve_year"])
        priorities.append(parsed["priority"])
        if parsed["budget_wan"] is not None:
            budgets[index] = parsed["budget_wan"]
    if problems:
        shown = problems[:10]
        raise PlanImpactError(
            "plan.unreadable_value",
            "Values the plan needs cannot be read or are out of range; correct them and run again: "
            + "; ".join(f"{f.project_id or '?'} ({f.field}): {f.message_en}" for f in shown),
            "以下项目的取值无法识别或超出范围，请更正后重新运行：" + "；".join(
                f"{f.project_id or '?'}（{f.field}）：{f.message_zh}" for f in shown))
    cancelled = np.array([s == "cancelled" for s in statuses], dtype=bool)
    located = np.asarray(has_location, dtype=bool)
    with_services = np.array([bool(s) for s in services], dtype=bool)
    assessed = ~cancelled & located & with_services
    fixed = np.array([s in STARTED_STATUSES for s in statuses], dtype=bool) & assessed
    outside = [i for i in np.flatnonzero(assessed) if years[i] is not None and not window.contains(years[i])]
    return PlanProjects(
        window=window, project_id=ids, label=labels, services=services, status=statuses,
        plan_year=[y if window.contains(y) else None for y in years], priority=priorities,
        budget_wan=budgets, assessed=assessed, fixed=fixed, cancelled=cancelled,
        without_location=[labels[i] for i in np.flatnonzero(~cancelled & ~located)],
        without_services=[labels[i] for i in np.flatnonzero(~cancelled & located & ~with_services)],
        outside_window=[labels[i] for i in outside])


# Items split at ';' or at a ',' that starts the next year (so 1,200 stays one number).
_BUDGET_SEPARATOR = re.compile(r";|,(?=\s*\d{4}\s*年?\s*[:=])")
_BUDGET_ITEM = re.compile(r"^\s*(\d{4})\s*(?:年)?\s*[:=]\s*(.+?)\s*$")


def parse_year_budgets(text, window):
    """``{year: 万元}`` for the three plan years from text such as ``2026:500;2027:800;2028:800``.

    Items are separated by ``;`` or ``,`` (full-width too), a year and its budget by ``:`` or ``=``;
    budgets may carry 万元. Every plan year must be given once (0 = no new project that year); a year
    outside the plan, a negative or unreadable budget is refused.
    """
    normalized = unicodedata.normalize("NFKC", text or "").strip()
    if not normalized:
        raise PlanImpactError("plan.budgets_empty", "BUDGETS is empty: give the budget of each plan year, e.g. "
                              f"{_example(window)}.",
                              f"BUDGETS 为空：请填写各计划年度的预算，例如 {_example(window)}。")
    budgets = {}
    for item in _BUDGET_SEPARATOR.split(normalized):
        if not item.strip():
            continue
        match = _BUDGET_ITEM.match(item)
        try:
            amount = _to_number(match.group(2), BUDGET_UNITS) if match else None
        except _Unreadable:
            amount = None
        if amount is None:
            raise PlanImpactError(
                "plan.budgets_unreadable",
                f"BUDGETS item '{item.strip()}' cannot be read: write year:budget in 万元, e.g. {_example(window)}.",
                f"BUDGETS 中的“{item.strip()}”无法识别：请按“年份:预算（万元）”填写，例如 {_example(window)}。")
        year = int(match.group(1))
        if not window.contains(year):
            raise PlanImpactError(
                "plan.budgets_year_outside",
                f"BUDGETS names {year}, outside the plan {window.first_year}-{window.last_year}: give the "
                "budgets of the plan's three years only.",
                f"BUDGETS 中的 {year} 年不在储备计划年度（{window.label_zh}）内，请只填写计划内三个年度的预算。")
        if year in budgets:
            raise PlanImpactError("plan.budgets_year_twice", f"BUDGETS gives {year} twice: give each year once.",
                                  f"BUDGETS 中 {year} 年出现两次，每个年度只能填写一次。")
        if amount < 0:
            raise PlanImpactError("plan.budgets_negative",
                                  f"BUDGETS gives {year} a negative budget ({amount:g}): a budget is 0 or more 万元.",
                                  f"BUDGETS 中 {year} 年的预算为负数（{amount:g}），预算应不小于 0 万元。")
        budgets[year] = amount
    missing = [y for y in window.years if y not in budgets]
    if missing:
        years = ", ".join(str(y) for y in missing)
        raise PlanImpactError(
            "plan.budgets_year_missing",
            f"BUDGETS gives no budget for {years}: give one for each plan year (0 for a year without money), "
            f"e.g. {_example(window)}.",
            f"BUDGETS 缺少 {years} 年的预算：请为每个计划年度填写预算（无资金的年度填 0），例如 {_example(window)}。")
    return {year: budgets[year] for year in window.years}


def _example(window):
    return ";".join(f"{year}:500" for year in window.years)


# --- walking: who each project reaches ----------------------------------------------------------


@dataclass
class ProjectReach:
    """Per service: who the existing facilities already cover and whom each project reaches.

    ``baseline[code]``: bool per resident, within the threshold of an existing facility (as
    walkingcoverage's ``ok``). ``reach[code]``: CSC bool matrix residents × projects, True where the
    project offers the service and the resident is within its threshold. ``project_snap_m``: the
    shortest access leg of each project (NaN: farther than the snap limit from the network).
    """

    services: tuple
    thresholds: dict
    baseline: dict
    reach: dict
    project_snap_m: np.ndarray
    resident_count: int
    project_count: int


def _part(attachment, start, stop):
    return Attachment(attachment.edge[start:stop], attachment.t[start:stop], attachment.snap_m[start:stop])


def project_reach(network, facilities, facility_services, projects, project_services, residents, thresholds,
                  speed_kmh, max_snap_m, services=None, progress=None, cancel=None):
    """ProjectReach of ``projects`` (AccessPoints with their services) over ``residents``.

    ``facilities``/``facility_services``: the existing facilities as walkingcoverage takes them.
    ``services``: codes to compute (default: the ten essentials and every service a project offers).
    """
    speed = metres_per_minute(speed_kmh)
    if services is None:
        offered = {code for codes in project_services for code in codes}
        services = tuple(code for code in SERVICE_CODES if code in REQUIRED_CODES or code in offered)

    advance = step_reporter(progress, cancel)

    advance(0.0, "Attaching facilities, projects and residents to the network")
    # Facilities and projects are the sources of one graph: attached in one search (one segment tree).
    n_fac_points = len(facilities.xy)
    source_att = attach_points(network, np.concatenate([facilities.xy, projects.xy]).reshape(-1, 2), max_snap_m)
    fac_att, prj_att = _part(source_att, 0, n_fac_points), _part(source_att, n_fac_points, len(source_att))
    res_att = attach_points(network, residents.xy, max_snap_m)
    advance(0.1, "Building the routing graph")
    graph = build_contracted_graph(network, source_att, res_att)

    baseline = {}
    offers = {code: np.array([code in svc for svc in facility_services], dtype=bool) for code in services}
    for step, code in enumerate(services):
        advance(0.15 + 0.45 * step / len(services), f"Shortest walks to the existing {code}")
        points = np.flatnonzero(offers[code][facilities.owner] & fac_att.attached)
        limit = thresholds[code] * speed * (1 + CUTOFF_SLACK)
        cost, _ = nearest_source_to_targets(graph, points, limit)
        best, _ = _best_per_owner(cost, residents.owner, residents.count)
        baseline[code] = _within(best, speed, thresholds[code])

    advance(0.6, "Shortest walks from the projects")
    project_offers = np.array([[code in svc for code in services] for svc in project_services],
                              dtype=bool).reshape(-1, len(services))
    reach_limit = max((thresholds[c] for c, any_offer in zip(services, project_offers.any(axis=0)) if any_offer),
                      default=0.0) * speed * (1 + CUTOFF_SLACK)
    resident_of, project_of, cost = _project_walks(graph, n_fac_points, prj_att, projects.owner, residents.owner,
                                                   reach_limit, cancel)
    reach = {}
    for column, code in enumerate(services):
        keep = _within(cost, speed, thresholds[code]) & project_offers[project_of, column]
        reach[code] = sp.csc_matrix((np.ones(int(keep.sum()), dtype=bool), (resident_of[keep], project_of[keep])),
                                    shape=(residents.count, projects.count))
    project_snap, _ = _best_per_owner(np.where(prj_att.attached, prj_att.snap_m, np.inf), projects.owner,
                                      projects.count)
    advance(1.0, "Reach of the projects computed")
    return ProjectReach(tuple(services), {c: float(thresholds[c]) for c in services}, baseline, reach,
                        np.where(np.isfinite(project_snap), project_snap, np.nan), residents.count, projects.count)


def _within(cost_m, speed, threshold):
    """walkingcoverage's test: minutes (metres / speed) within the threshold; unreachable is not."""
    with np.errstate(invalid="ignore"):
        return np.where(np.isfinite(cost_m), cost_m / speed, np.nan) <= threshold


def _project_walks(graph, first_point, project_att, project_owner, resident_owner, limit_m, cancel):
    """(resident, project, walking metres) of every pair within ``limit_m``: the cheapest over the access
    points of both. Cut-off searches from the projects' access points, in chunks sized to memory."""
    points = np.flatnonzero(project_att.attached)
    nodes = graph.source_node[first_point + points]
    reachable = graph.target_end >= 0
    through = np.maximum(graph.target_end, 0)
    step = chunk_size(graph.matrix.shape[0], 0)
    residents, projects, costs = [], [], []
    for start in range(0, len(points) if limit_m > 0 else 0, step):
        if cancel:
            cancel()
        chunk = slice(start, start + step)
        dist = np.atleast_2d(dijkstra(graph.matrix, directed=True, indices=nodes[chunk], limit=limit_m))
        for row, point in enumerate(points[chunk]):
            # A resident is reached through the ends of its piece of edge; only those reached are read.
            reached_end = np.isfinite(dist[row])[through] & reachable
            targets = np.flatnonzero(reached_end.any(axis=1))
            target_cost = np.where(reached_end[targets], dist[row][through[targets]] + graph.target_cost[targets],
                                   np.inf).min(axis=1)
            within = target_cost <= limit_m
            residents.append(resident_owner[targets[within]])
            projects.append(np.full(int(within.sum()), project_owner[point], dtype=np.int64))
            costs.append(target_cost[within])
    if not residents:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0)
    residents, projects, costs = np.concatenate(residents), np.concatenate(projects), np.concatenate(costs)
    key = residents * np.int64(max(int(project_owner.max(initial=0)) + 1, 1)) + projects
    order = np.lexsort((costs, key))
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    keep = order[first]
    return residents[keep], projects[keep], costs[keep]


# --- gains, ranks and plan years ---------------------------------------------------------------


def covered_population(reach, population, code, built):
    """covered_s(existing ∪ built): population within the threshold of ``code`` once ``built`` (project
    indices) are added to the existing facilities."""
    return float(np.asarray(population, dtype=float)[covered_mask(reach, code, built)].sum())


def covered_mask(reach, code, built):
    """Per resident, covered for ``code`` by the existing facilities or a project of ``built``."""
    return reach.baseline[code] | rows_reaching(reach.reach[code].tocsr(), built)


def project_gains(reach, population, services_of):
    """{code: gain per project} for every computed service (NaN where the project does not offer it)."""
    population = np.asarray(population, dtype=float)
    gains = {}
    for code in reach.services:
        uncovered = np.where(reach.baseline[code], 0.0, population)
        gain = np.asarray(reach.reach[code].T.astype(np.float64) @ uncovered).ravel()
        offers = np.array([code in services for services in services_of], dtype=bool)
        gains[code] = np.where(offers, gain, np.nan)
    return gains


def gain_total(gains, services_of):
    """Sum of each project's gains over the services it offers (services not computed count 0)."""
    return np.array([sum(float(gains[c][p]) for c in services if c in gains) for p, services in enumerate(services_of)])


def gains_in_order(reach, population, services_of, order, cancel=None):
    """Gain of each project of ``order`` when added after those before it (NaN for projects not in it)."""
    population = np.asarray(population, dtype=float)
    covered = {code: reach.baseline[code].copy() for code in reach.services}
    columns = {code: reach.reach[code].tocsc() for code in reach.services}
    result = np.full(reach.project_count, np.nan)
    for step, project in enumerate(order):
        if cancel and step % 50 == 0:
            cancel()
        gain = 0.0
        for code in services_of[project]:
            if code not in columns:
                continue
            matrix = columns[code]
            rows = matrix.indices[matrix.indptr[project]:matrix.indptr[project + 1]]
            new = rows[~covered[code][rows]]
            gain += float(population[new].sum())
            covered[code][new] = True
        result[project] = gain
    return result


def gain_per_wan(total, budget_wan):
    """gain_total / budget_wan, NaN where the budget is missing or 0 (never infinite)."""
    budget = np.asarray(budget_wan, dtype=float)
    ok = np.isfinite(budget) & (budget > 0)
    return np.where(ok, np.asarray(total, dtype=float) / np.where(ok, budget, 1.0), np.nan)


def impact_ranks(total, per_wan, project_ids, assessed):
    """Rank 1.. of the assessed projects by gain_total descending, then gain_per_wan descending (none
    last), then project id; 0 for the others."""
    def key(p):
        ratio = per_wan[p]
        return (-total[p], math.isnan(ratio), -ratio if not math.isnan(ratio) else 0.0, *_id_key(project_ids[p]), p)
    ranks = np.zeros(len(total), dtype=np.int64)
    for rank, project in enumerate(sorted(np.flatnonzero(assessed), key=key), start=1):
        ranks[project] = rank
    return ranks


class StageCoverage:
    """Coverage of one stage of the plan, shaped as walkingcoverage's result for ``summarize``."""

    def __init__(self, reach, built):
        self.services = reach.services
        self.thresholds = reach.thresholds
        self._ok = {code: covered_mask(reach, code, built) for code in reach.services}

    def ok(self, code):
        return self._ok[code]

    def required_ok_count(self):
        return sum(self._ok[code].astype(int) for code in REQUIRED_CODES)


@dataclass
class YearRow:
    """One row of the plan-years table: stage (``baseline`` or a plan year), unit and service."""

    stage: str
    year: object  # None for the baseline
    unit_id: str
    service: str
    population: float
    covered_population: float
    share: float
    projects_built: int


def built_by_year(plan, year):
    """Indices of the assessed projects planned for ``year`` or earlier in the plan."""
    return [i for i in np.flatnonzero(plan.assessed) if plan.plan_year[i] is not None and plan.plan_year[i] <= year]


def plan_years_table(reach, plan, population, unit_ids):
    """YearRows for the baseline and each plan year as planned, per unit (and ``ALL``) and service, with an
    ``all_required`` row when the ten essentials were computed (walkingcoverage's summary shape)."""
    rows = []
    for stage, year in [(BASELINE, None)] + [(str(y), y) for y in plan.window.years]:
        built = [] if year is None else built_by_year(plan, year)
        for row in summarize(StageCoverage(reach, built), population, unit_ids):
            rows.append(YearRow(stage, year, row.unit_id, row.service, row.population, row.covered_population,
                                row.share, len(built)))
    return rows


def service_label(code):
    """Chinese name of a service code, for tables."""
    return BY_CODE[code].name_zh if code in BY_CODE else "十项必备全达"
