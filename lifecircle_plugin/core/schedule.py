"""The budgeted 3-year schedule of a reserve plan: which year each project should be built in.

Model
-----
Give each movable project ``p`` a plan year or none, to maximise the people-years of coverage

    Σ_y Σ_s covered_s(existing ∪ projects scheduled in years ≤ y)      (y: the plan years, s: the ten essentials)

subject to, for each year ``y``, Σ budget_p over the projects of year ``y`` ≤ budget_y. Projects whose works
started keep their year and their budget counts against it.

As a MILP (the maximal-covering model of Church & ReVelle, as spopt builds it, unrolled over the years):

- ``x[p, y] ∈ {0, 1}``: movable project ``p`` is built in year ``y``; ``Σ_y x[p, y] ≤ 1``;
- ``c[g, y] ∈ [0, 1]``: coverage group ``g`` is covered in year ``y``; a group is a (service, resident)
  pair not covered by the existing facilities, merged with every other pair reached by the same set of
  projects (weight: their population). ``c[g, y] ≤ Σ_{p reaches g} Σ_{y' ≤ y} x[p, y']``; a group reached by a
  started project of year ≤ y counts as covered (a constant);
- budgets: ``Σ_p budget_p · x[p, y] ≤ budget_y − Σ budgets of the started projects of year y``;
- maximise ``Σ_g Σ_y weight_g · c[g, y]`` plus the constants.

Solved exactly with HiGHS (``scipy.optimize.milp``) under a time limit. scipy 1.10's ``milp`` takes no
starting solution, so a greedy schedule (per year, the project with the most people-years per 万元 that
still fits, until none adds any) is computed first: it is the answer when the MILP stops without a
better one, and the reported gap always comes from HiGHS's proven bound. Projects that add nothing to
the objective are left unscheduled, so the schedule never spends money for nothing.
"""
import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .errors import LifeCircleError
from .siting import merge_rows

PLAN_YEARS = 3
BOUND_TOLERANCE = 1e-9
NOT_SCHEDULED = -1


class ScheduleError(LifeCircleError):
    """A schedule that cannot be built: the message names the projects or years concerned."""


@dataclass
class ScheduleProblem:
    """The schedule's data, reduced to coverage groups.

    ``groups``: CSR (groups × projects) bool, the projects reaching each group; ``weights``: population per
    group; ``constant``: people covered in every plan year without any project (Σ_s covered_s(existing)).
    ``fixed_year``: per project, the plan-year index (0..2) of a started project, else -1.
    ``schedulable``: per project, whether the schedule may place it. ``budgets``: per project (万元).
    ``year_budgets``: per plan year (万元).
    """

    groups: sp.csr_matrix
    weights: np.ndarray
    constant: float
    fixed_year: np.ndarray
    schedulable: np.ndarray
    budgets: np.ndarray
    year_budgets: np.ndarray

    @property
    def project_count(self):
        return len(self.fixed_year)

    def residual_budgets(self):
        """Budget per year left once the started projects of that year are paid (may be negative)."""
        spent = np.zeros(PLAN_YEARS)
        fixed = self.fixed_year >= 0
        np.add.at(spent, self.fixed_year[fixed], np.nan_to_num(self.budgets[fixed]))
        return self.year_budgets - spent


def schedule_problem(reach, population, codes, fixed_year, schedulable, budgets, year_budgets):
    """ScheduleProblem from a plan_impact.ProjectReach over the services ``codes`` (the ten essentials)."""
    population = np.asarray(population, dtype=float)
    fixed_year = np.asarray(fixed_year, dtype=np.int64)
    schedulable = np.asarray(schedulable, dtype=bool)
    budgets = np.asarray(budgets, dtype=float)
    if np.any(schedulable & ~(np.isfinite(budgets) & (budgets > 0))):
        raise ScheduleError("schedule.budget_missing", "Every schedulable project needs a positive budget.",
                            "可排期的项目须有大于 0 的投资估算。")
    if np.any(schedulable & (fixed_year >= 0)):
        raise ScheduleError("schedule.fixed_and_movable", "A started project cannot also be schedulable.",
                            "已开工项目不能再参与排期。")
    relevant = schedulable | (fixed_year >= 0)
    blocks, weights, constant = [], [], 0.0
    for code in codes:
        if code not in reach.reach:
            continue
        open_rows = ~reach.baseline[code]
        constant += float(population[~open_rows].sum())
        # Only started and schedulable projects take part: the others' columns are emptied.
        matrix = (reach.reach[code].tocsr()[open_rows].astype(np.float64) @ sp.diags(relevant.astype(np.float64)))
        matrix = matrix.tocsr()
        matrix.eliminate_zeros()
        hit = np.diff(matrix.indptr) > 0
        blocks.append(matrix[hit])
        weights.append(population[open_rows][hit])
    n = len(fixed_year)
    if blocks:
        groups, group_weights = merge_rows(sp.vstack(blocks, format="csr").astype(bool), np.concatenate(weights))
    else:
        groups, group_weights = sp.csr_matrix((0, n), dtype=bool), np.zeros(0)
    keep = group_weights > 0
    return ScheduleProblem(groups[keep].tocsr(), group_weights[keep], constant, fixed_year, schedulable, budgets,
                           np.asarray(year_budgets, dtype=float))


def people_years(problem, years):
    """The objective of a schedule: ``years`` per project (0..2, -1 = not built; started projects must carry
    their fixed year)."""
    years = np.asarray(years, dtype=np.int64)
    total = PLAN_YEARS * problem.constant
    for year in range(PLAN_YEARS):
        built = np.flatnonzero((years >= 0) & (years <= year))
        covered = np.asarray(problem.groups[:, built].sum(axis=1)).ravel() > 0 if len(built) else \
            np.zeros(problem.groups.shape[0], dtype=bool)
        total += float(problem.weights[covered].sum())
    return total


def is_feasible(problem, years):
    """Budgets kept (up to rounding) and started projects at their year."""
    years = np.asarray(years, dtype=np.int64)
    fixed = problem.fixed_year >= 0
    if np.any(years[fixed] != problem.fixed_year[fixed]) or np.any((years >= 0) & ~fixed & ~problem.schedulable):
        return False
    residual = problem.residual_budgets()
    for year in range(PLAN_YEARS):
        spent = problem.budgets[(years == year) & ~fixed].sum()
        if spent > max(residual[year], 0.0) * (1 + BOUND_TOLERANCE) + BOUND_TOLERANCE:
            return False
    return True


@dataclass
class Schedule:
    """A schedule: ``years`` per project (plan-year index 0..2, -1 = none), its people-years, the proven
    upper bound and relative gap ``(bound − value) / bound``, and how it was found."""

    years: np.ndarray
    people_years: float
    bound: float
    gap: float
    optimal: bool
    method: str  # "milp", "greedy" (the MILP found nothing better in time) or "trivial"
    seconds: float


def _start_years(problem):
    years = np.full(problem.project_count, NOT_SCHEDULED, dtype=np.int64)
    fixed = problem.fixed_year >= 0
    years[fixed] = problem.fixed_year[fixed]
    return years


def greedy_schedule(problem):
    """Year by year, add the schedulable project with the most people-years per 万元 that still fits the
    year's budget, until none adds any (ties: the lower index)."""
    years = _start_years(problem)
    by_project = problem.groups.tocsc()
    covered = np.zeros((problem.groups.shape[0], PLAN_YEARS), dtype=bool)
    for project in np.flatnonzero(years >= 0):
        rows = by_project.indices[by_project.indptr[project]:by_project.indptr[project + 1]]
        covered[rows, years[project]:] = True
    remaining = np.maximum(problem.residual_budgets(), 0.0)
    for year in range(PLAN_YEARS):
        while True:
            best, best_ratio = None, 0.0
            for project in np.flatnonzero(problem.schedulable & (years < 0)):
                if problem.budgets[project] > remaining[year] * (1 + BOUND_TOLERANCE) + BOUND_TOLERANCE:
                    continue
                rows = by_project.indices[by_project.indptr[project]:by_project.indptr[project + 1]]
                gain = float((problem.weights[rows, None] * ~covered[rows, year:]).sum())
                ratio = gain / problem.budgets[project]
                if ratio > best_ratio:
                    best, best_ratio = project, ratio
            if best is None:
                break
            rows = by_project.indices[by_project.indptr[best]:by_project.indptr[best + 1]]
            covered[rows, year:] = True
            years[best] = year
            remaining[year] -= problem.budgets[best]
    return years


def _upper_bound(problem):
    """Every group covered from the first year: a bound no schedule can pass."""
    return PLAN_YEARS * (problem.constant + float(problem.weights.sum()))


def _milp(problem, seconds):
    """Exact schedule with HiGHS. Returns (years or None, proven upper bound or None)."""
    from scipy.optimize import Bounds, LinearConstraint, milp  # here, not at module level: QGIS's start stays light
    movable = np.flatnonzero(problem.schedulable)
    n_movable, n_groups = len(movable), problem.groups.shape[0]
    triangle = sp.csr_matrix(np.tril(np.ones((PLAN_YEARS, PLAN_YEARS))))
    # Years ≤ y in which a started project already covers each group: those (g, y) are constants.
    fixed = np.flatnonzero(problem.fixed_year >= 0)
    fixed_cover = np.zeros((n_groups, PLAN_YEARS), dtype=bool)
    by_project = problem.groups.tocsc()
    for project in fixed:
        rows = by_project.indices[by_project.indptr[project]:by_project.indptr[project + 1]]
        fixed_cover[rows, problem.fixed_year[project]:] = True
    reach_movable = by_project[:, movable].tocsr()
    open_pairs = (~fixed_cover).ravel() & np.repeat(np.diff(reach_movable.indptr) > 0, PLAN_YEARS)
    pairs = np.flatnonzero(open_pairs)  # index g * PLAN_YEARS + y of each c variable
    n_x, n_c = n_movable * PLAN_YEARS, len(pairs)
    # c[g, y] − Σ_{p reaches g} Σ_{y' ≤ y} x[p, y'] ≤ 0
    built_by = sp.kron(reach_movable.astype(np.float64), triangle, format="csr")[pairs]
    link = sp.hstack([-built_by, sp.identity(n_c, format="csr")], format="csr")
    one_year = sp.hstack([sp.kron(sp.identity(n_movable), np.ones((1, PLAN_YEARS))),
                          sp.csr_matrix((n_movable, n_c))], format="csr")
    budget_rows = sp.hstack([sp.kron(problem.budgets[movable][None, :], sp.identity(PLAN_YEARS)),
                             sp.csr_matrix((PLAN_YEARS, n_c))], format="csr")
    objective = np.concatenate([np.zeros(n_x), -problem.weights[pairs // PLAN_YEARS]])
    result = milp(objective, integrality=np.concatenate([np.ones(n_x), np.zeros(n_c)]), bounds=Bounds(0, 1),
                  constraints=[LinearConstraint(link, -np.inf, 0), LinearConstraint(one_year, 0, 1),
                               LinearConstraint(budget_rows, 0, np.maximum(problem.residual_budgets(), 0.0))],
                  options={"time_limit": max(seconds, 0.05), "mip_rel_gap": 0.0, "disp": False})
    constant = PLAN_YEARS * problem.constant + float((problem.weights[:, None] * fixed_cover).sum())
    years = None
    if result.x is not None:
        choice = result.x[:n_x].reshape(n_movable, PLAN_YEARS) > 0.5
        years = _start_years(problem)
        chosen = choice.any(axis=1)
        years[movable[chosen]] = choice[chosen].argmax(axis=1)
    bound = None
    dual = getattr(result, "mip_dual_bound", None)
    if result.status == 0 and result.fun is not None:
        bound = constant - float(dual if dual is not None and np.isfinite(dual) else result.fun)
    elif dual is not None and np.isfinite(dual):
        bound = constant - float(dual)
    return years, bound


def _drop_idle(problem, years):
    """Unschedule projects whose removal keeps the people-years (costliest first): no money for nothing."""
    years = years.copy()
    value = people_years(problem, years)
    order = sorted(np.flatnonzero(problem.schedulable & (years >= 0)), key=lambda p: (-problem.budgets[p], p))
    for project in order:
        trial = years.copy()
        trial[project] = NOT_SCHEDULED
        if people_years(problem, trial) >= value * (1 - BOUND_TOLERANCE) - BOUND_TOLERANCE:
            years = trial
    return years


def solve_schedule(problem, time_limit=30.0):
    """The best schedule found within ``time_limit`` seconds: HiGHS's, or the greedy one when HiGHS found
    nothing better; with HiGHS's proven bound and the gap."""
    started = time.monotonic()
    greedy = greedy_schedule(problem)
    best, method = greedy, "greedy"
    bound = _upper_bound(problem)
    if problem.schedulable.any() and problem.groups.shape[0]:
        years, milp_bound = _milp(problem, time_limit - (time.monotonic() - started))
        if years is not None and is_feasible(problem, years) and \
                people_years(problem, years) >= people_years(problem, greedy) * (1 - BOUND_TOLERANCE):
            best, method = years, "milp"
        if milp_bound is not None:
            bound = min(bound, milp_bound)
    else:
        method, bound = "trivial", people_years(problem, greedy)  # nothing to choose: the value is known
    best = _drop_idle(problem, best)
    value = people_years(problem, best)
    bound = max(bound, value)
    gap = (bound - value) / bound if bound > 0 else 0.0
    gap = 0.0 if gap <= BOUND_TOLERANCE else gap
    return Schedule(best, value, bound, gap, gap == 0.0, method, time.monotonic() - started)
