"""Facility siting on a walking-cost matrix: maximal covering and minimum number of sites.

Both problems work on a demand × candidate matrix of walking costs. A demand point is
*covered* by a candidate when its cost is at most ``radius``.

Cost input
----------
* a dense ``numpy`` array: ``inf`` marks an unreachable pair (NaN and negative costs are errors);
* a ``scipy.sparse`` matrix or array holding only the pairs worth storing (e.g. within the radius):
  **an absent entry means unreachable**, a stored entry is a cost. A stored ``0`` (explicit zero,
  a facility standing on the demand point) is a real cost of zero and counts as covered, so build the
  matrix from (row, col, cost) triples and do not call ``eliminate_zeros`` on it. Stored ``inf`` is
  unreachable too. Duplicate (row, col) entries are rejected because scipy would add them up.

Internally only the covered pairs are kept, as a boolean-like sparse coverage matrix; a sparse
input is never expanded to a dense demand × candidate matrix.

Solution method
---------------
1. Model reduction: demand already covered by ``fixed`` sites and zero-weight demand are set aside,
   demand rows with identical coverage sets are merged (weights summed), candidates that cover
   nothing, duplicate candidates and (when cheap) candidates dominated by another one are dropped.
2. A greedy start improved by best-improvement interchange (swap) gives an incumbent.
3. Small models go straight to an exact MILP (``scipy.optimize.milp``/HiGHS) under the time limit.
   Large models first get a Lagrangian upper bound (subgradient optimisation of the relaxed
   coverage constraints); every candidate whose Lagrangian bound with that site forced open is below
   the incumbent cannot be part of a better solution and is eliminated, and the MILP then runs on what
   is left. scipy 1.10's ``milp`` has no warm start, so the incumbent is used through this reduction
   and as the fallback when the MILP stops at the time limit.
4. The reported ``gap`` always comes from a proven bound (the MILP dual bound, the Lagrangian bound,
   or the trivial "sum of the best p coverages" bound); ``optimal`` is true only when the bound
   meets the solution value.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .errors import ArgumentError, LifeCircleError

__all__ = [
    "SitingInputError",
    "TargetUnreachableError",
    "SitingResult",
    "coverage_matrix",
    "maximize_coverage",
    "minimum_sites",
]

METHODS = ("auto", "milp", "heuristic")
# Reduced models up to this many covered pairs go to the MILP without a Lagrangian phase first.
DIRECT_MILP_MAX_PAIRS = 300_000
# Pairwise dominance costs sum(row_degree ** 2); only done when that stays below this.
DOMINANCE_MAX_WORK = 5_000_000
# Share of the remaining time the Lagrangian phase may use before the MILP gets the rest.
LAGRANGIAN_TIME_SHARE = 0.6
# Relative safety margin on Lagrangian per-column bounds (float32 iterations) before eliminating.
ELIMINATION_MARGIN = 1e-4
# Relative slack when comparing floating-point bounds with solution values.
BOUND_TOLERANCE = 1e-9


class SitingInputError(ArgumentError):
    """Invalid input to a siting function; the message says which argument and what to do."""

    CODE = "siting.input"


class TargetUnreachableError(LifeCircleError, ValueError):
    """``minimum_sites`` target share cannot be reached even with every allowed candidate open.

    ``max_share`` is the share covered when all allowed candidates (and the fixed ones) are open.
    """

    def __init__(self, message_en: str, message_zh: str, max_share: float):
        super().__init__("siting.target_unreachable", message_en, message_zh)
        self.max_share = max_share


@dataclass(frozen=True)
class SitingResult:
    """Outcome of a siting run.

    chosen: candidate indices, the ``fixed`` ones first (in the given order), then the new sites in
        decreasing marginal gain (each step adds the site covering most not-yet-covered weight), so
        the order is a ranking. Sites adding no coverage are not opened: ``chosen`` may be shorter than p.
    new_covered_weight: marginal weight each site of ``chosen`` adds, in the same order.
    covered_weight: demand weight within the radius of at least one chosen site.
    covered_demand: boolean mask over demand points, True where covered.
    total_weight: sum of all demand weights.
    bound: proven bound on the optimum — for ``maximize_coverage`` an upper bound on the coverable
        weight with p sites; for ``minimum_sites`` a lower bound on the number of sites (fixed included).
    gap: relative optimality gap from that bound — ``(bound - covered_weight) / bound`` for
        ``maximize_coverage``; ``(len(chosen) - bound) / (len(chosen) - len(fixed))`` over the new sites
        for ``minimum_sites``. 0 when optimal.
    optimal: True only when the bound proves the solution optimal.
    method: how the solution was obtained: "milp", "lagrangian+milp", "lagrangian" (greedy + swap with a
        Lagrangian bound, when that bound already met the tolerance or the model stayed too big for the
        MILP), "heuristic" (forced), "trivial" (nothing to choose).
    seconds: wall time spent.
    n_fixed: how many leading entries of ``chosen`` are the fixed sites.
    """

    chosen: np.ndarray
    new_covered_weight: np.ndarray
    covered_weight: float
    covered_demand: np.ndarray
    total_weight: float
    bound: float
    gap: float
    optimal: bool
    method: str
    seconds: float
    n_fixed: int

    @property
    def covered_share(self) -> float:
        """Covered weight as a share of the total weight (0 when the total is 0)."""
        return self.covered_weight / self.total_weight if self.total_weight > 0 else 0.0

    @property
    def new_sites(self) -> np.ndarray:
        """The chosen sites that were not fixed, ranked by marginal gain."""
        return self.chosen[self.n_fixed:]


# --------------------------------------------------------------------------------------------
# Input checking and coverage
# --------------------------------------------------------------------------------------------

def coverage_matrix(cost, radius: float) -> sp.csr_matrix:
    """Boolean CSR matrix (demand × candidate), True where ``cost <= radius``.

    ``cost`` is dense (``inf`` = unreachable) or scipy.sparse (absent = unreachable, explicit zeros
    are costs of 0). Raises SitingInputError on NaN or negative costs, duplicate sparse entries or a
    bad radius.
    """
    radius = _check_radius(radius)
    if sp.issparse(cost):
        return _sparse_coverage(cost, radius)
    return _dense_coverage(cost, radius)


def _check_radius(radius) -> float:
    try:
        radius = float(radius)
    except (TypeError, ValueError) as exc:
        raise SitingInputError(f"radius must be a number of cost units (metres), got {radius!r}") from exc
    if math.isnan(radius) or radius < 0:
        raise SitingInputError(f"radius must be zero or positive, got {radius!r}")
    return radius


def _check_costs(values: np.ndarray, where: str) -> None:
    if np.isnan(values).any():
        raise SitingInputError(f"cost matrix holds NaN {where}; use inf (dense) or leave the pair out "
                               "(sparse) for unreachable pairs")
    if (values < 0).any():
        raise SitingInputError(f"cost matrix holds negative costs {where}; walking costs must be >= 0")


def _sparse_coverage(cost, radius: float) -> sp.csr_matrix:
    if cost.ndim != 2:
        raise SitingInputError(f"cost matrix must be 2-D (demand × candidate), got {cost.ndim}-D")
    coo = cost.tocoo(copy=False)
    n_demand, n_candidate = coo.shape
    if not getattr(cost, "has_canonical_format", False):
        keys = coo.row.astype(np.int64) * n_candidate + coo.col
        if np.unique(keys).size != keys.size:
            raise SitingInputError("sparse cost matrix holds duplicate (demand, candidate) entries; "
                                   "keep one cost per pair (scipy would add duplicates up)")
    data = np.asarray(coo.data, dtype=np.float64)
    _check_costs(data, "among the stored entries")
    keep = data <= radius
    ones = np.ones(int(keep.sum()), dtype=bool)
    covered = sp.csr_matrix((ones, (coo.row[keep], coo.col[keep])), shape=(n_demand, n_candidate))
    covered.sort_indices()
    return covered


def _dense_coverage(cost, radius: float, chunk_rows: int = 4096) -> sp.csr_matrix:
    cost = np.asarray(cost, dtype=np.float64)
    if cost.ndim != 2:
        raise SitingInputError(f"cost matrix must be 2-D (demand × candidate), got shape {cost.shape}")
    _check_costs(cost, "")
    rows, cols = [], []
    for start in range(0, cost.shape[0], chunk_rows):
        r, c = np.nonzero(cost[start:start + chunk_rows] <= radius)
        rows.append(r + start)
        cols.append(c)
    rows = np.concatenate(rows) if rows else np.zeros(0, np.int64)
    cols = np.concatenate(cols) if cols else np.zeros(0, np.int64)
    covered = sp.csr_matrix((np.ones(rows.size, dtype=bool), (rows, cols)), shape=cost.shape)
    covered.sort_indices()
    return covered


def _check_common(covered: sp.csr_matrix, weights, fixed, eligible):
    n_demand, n_candidate = covered.shape
    weights = np.asarray(weights, dtype=np.float64)
    if weights.ndim != 1 or weights.size != n_demand:
        raise SitingInputError(f"weights must be a 1-D array with one weight per demand point "
                               f"({n_demand} rows of the cost matrix), got shape {weights.shape}")
    bad = np.flatnonzero(~np.isfinite(weights) | (weights < 0))
    if bad.size:
        raise SitingInputError(f"demand weights must be finite and >= 0; demand index {int(bad[0])} has "
                               f"{weights[bad[0]]!r} ({bad.size} bad in all); fix or drop those points")
    fixed_arr = np.asarray(list(fixed), dtype=np.int64).ravel() if len(fixed) else np.zeros(0, np.int64)
    if fixed_arr.size and np.asarray(list(fixed)).dtype.kind not in "iu":
        raise SitingInputError(f"fixed must hold integer candidate indices, got {list(fixed)!r}")
    out = fixed_arr[(fixed_arr < 0) | (fixed_arr >= n_candidate)]
    if out.size:
        raise SitingInputError(f"fixed candidate index {int(out[0])} is out of range: the cost matrix has "
                               f"{n_candidate} candidates (valid indices 0..{n_candidate - 1})")
    if np.unique(fixed_arr).size != fixed_arr.size:
        raise SitingInputError(f"fixed lists a candidate index more than once: {fixed_arr.tolist()}")
    if eligible is None:
        eligible_arr = np.ones(n_candidate, dtype=bool)
    else:
        eligible_arr = np.asarray(eligible)
        if eligible_arr.dtype != bool or eligible_arr.shape != (n_candidate,):
            raise SitingInputError(f"eligible must be a boolean mask with one entry per candidate "
                                   f"({n_candidate}), got dtype {eligible_arr.dtype} shape {eligible_arr.shape}")
    return weights, fixed_arr, eligible_arr


def _check_method(method: str, time_limit) -> float:
    """Validate method and time limit; returns the solver budget (time limit minus time to rank sites)."""
    if method not in METHODS:
        raise SitingInputError(f"method must be one of {METHODS}, got {method!r}")
    time_limit = float(time_limit)
    if not time_limit > 0:
        raise SitingInputError(f"time_limit must be a positive number of seconds, got {time_limit!r}")
    return time_limit * 0.98


# --------------------------------------------------------------------------------------------
# Reduced model
# --------------------------------------------------------------------------------------------

@dataclass
class _Model:
    """Reduced covering model: rows are merged demand groups, columns are openable candidates."""

    rows: sp.csr_matrix       # group × column, float64 ones
    cols: sp.csr_matrix       # column × group (transpose), float64 ones
    weights: np.ndarray       # weight per group
    candidates: np.ndarray    # original candidate index per column
    fixed_weight: float       # weight already covered by the fixed sites


def _unique_rows(matrix: sp.csr_matrix):
    """Group rows with the same (sorted) index set; returns (first row of each group, group per row).

    Rows are bucketed by two random 64-bit sum hashes and their length, then every row is checked
    element by element against its bucket's first row; a (practically impossible) collision falls
    back to exact grouping by the index bytes.
    """
    n_rows = matrix.shape[0]
    if n_rows == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    indptr, indices = matrix.indptr.astype(np.int64), matrix.indices
    rng = np.random.default_rng(20240915)
    keys = [np.diff(indptr).astype(np.uint64)]
    for _ in range(2):
        salt = rng.integers(0, 2**63, size=matrix.shape[1], dtype=np.uint64)
        running = np.concatenate([np.zeros(1, np.uint64), np.cumsum(salt[indices], dtype=np.uint64)])
        keys.append(running[indptr[1:]] - running[indptr[:-1]])
    _, first_rows, inverse = np.unique(np.stack(keys, axis=1), axis=0, return_index=True,
                                       return_inverse=True)
    inverse = inverse.ravel()
    representative = first_rows[inverse]
    lengths = np.diff(indptr)
    offsets = np.arange(indices.size) - np.repeat(indptr[:-1], lengths)
    if np.array_equal(indices, indices[np.repeat(indptr[representative], lengths) + offsets]):
        return first_rows.astype(np.int64), inverse.astype(np.int64)
    return _unique_rows_exact(matrix)


def _unique_rows_exact(matrix: sp.csr_matrix):
    seen: dict[bytes, int] = {}
    inverse = np.empty(matrix.shape[0], dtype=np.int64)
    first_rows = []
    for row in range(matrix.shape[0]):
        key = matrix.indices[matrix.indptr[row]:matrix.indptr[row + 1]].tobytes()
        group = seen.setdefault(key, len(first_rows))
        if group == len(first_rows):
            first_rows.append(row)
        inverse[row] = group
    return np.asarray(first_rows, dtype=np.int64), inverse


def _reduce(covered: sp.csr_matrix, weights: np.ndarray, open_sites: np.ndarray,
            openable: np.ndarray) -> _Model:
    """Build the reduced model given sites already open and a mask of candidates that may open."""
    n_demand = covered.shape[0]
    if open_sites.size:
        already = np.asarray(covered[:, open_sites].sum(axis=1)).ravel() > 0
    else:
        already = np.zeros(n_demand, dtype=bool)
    fixed_weight = float(weights[already].sum())
    columns = np.flatnonzero(openable)
    keep_rows = np.flatnonzero(~already & (weights > 0))
    return _build_model(covered[keep_rows][:, columns].tocsr(), weights[keep_rows], columns, fixed_weight)


def _restrict(model: _Model, columns: np.ndarray) -> _Model:
    """The model with only the given columns left (rows re-merged, dominated columns dropped)."""
    return _build_model(model.rows[:, columns].tocsr(), model.weights, model.candidates[columns],
                        model.fixed_weight)


def _build_model(sub: sp.csr_matrix, sub_weights: np.ndarray, candidates: np.ndarray,
                 fixed_weight: float) -> _Model:
    sub.sort_indices()
    nonempty = np.diff(sub.indptr) > 0
    sub, sub_weights = sub[nonempty], sub_weights[nonempty]
    sub, sub_weights = merge_rows(sub, sub_weights)
    # Columns: drop empty, duplicate and (when cheap) dominated candidates.
    transposed = sub.T.tocsr()
    transposed.sort_indices()
    useful = np.flatnonzero(np.diff(transposed.indptr) > 0)
    transposed = transposed[useful]
    first_cols = np.sort(_unique_rows(transposed)[0])  # keep columns in increasing order
    useful, transposed = useful[first_cols], transposed[first_cols]
    undominated = _undominated_columns(transposed)
    useful, transposed = useful[undominated], transposed[undominated]
    if useful.size < sub.shape[1]:
        # Rows may become identical once columns are gone.
        sub, sub_weights = merge_rows(transposed.T.tocsr(), sub_weights)
    sub = sub.astype(np.float64)
    sub.sort_indices()
    cols = sub.T.tocsr()
    cols.sort_indices()
    return _Model(sub, cols, sub_weights, candidates[useful], fixed_weight)


def merge_rows(sub: sp.csr_matrix, sub_weights: np.ndarray):
    """Identical rows of a 0/1 coverage matrix merged into one, their weights summed: the model shrinks and
    its optimum is unchanged (siting's covering and the 3-year schedule both use it)."""
    sub.sort_indices()
    first_rows, inverse = _unique_rows(sub)
    merged = np.bincount(inverse, weights=sub_weights, minlength=first_rows.size)
    return sub[first_rows], merged


def _undominated_columns(transposed: sp.csr_matrix) -> np.ndarray:
    """Indices of columns whose coverage set is not a strict subset of another column's.

    Opening the larger site instead never loses coverage, so dominated columns can go. Columns are
    already de-duplicated, so strict-subset chains always keep their maximal element.
    """
    n_cols = transposed.shape[0]
    keep = np.ones(n_cols, dtype=bool)
    row_degree = np.bincount(transposed.indices, minlength=transposed.shape[1])
    if n_cols < 2 or int((row_degree.astype(np.int64) ** 2).sum()) > DOMINANCE_MAX_WORK:
        return np.flatnonzero(keep)
    as_float = transposed.astype(np.float64)
    overlap = (as_float @ as_float.T).tocoo()
    size = np.diff(transposed.indptr)
    off_diagonal = overlap.row != overlap.col
    row, col, shared = overlap.row[off_diagonal], overlap.col[off_diagonal], overlap.data[off_diagonal]
    # row ⊂ col strictly when everything of row is shared and col is larger.
    dominated = (shared == size[row]) & (size[col] > size[row])
    keep[row[dominated]] = False
    return np.flatnonzero(keep)


def _coverage_value(model: _Model, columns) -> float:
    columns = np.asarray(columns, dtype=np.int64)
    if columns.size == 0:
        return 0.0
    hit = np.zeros(model.rows.shape[0], dtype=bool)
    for column in columns:
        hit[model.cols.indices[model.cols.indptr[column]:model.cols.indptr[column + 1]]] = True
    return float(model.weights[hit].sum())


def _column_counts(model: _Model, columns) -> np.ndarray:
    counts = np.zeros(model.rows.shape[0], dtype=np.int64)
    for column in columns:
        counts[model.cols.indices[model.cols.indptr[column]:model.cols.indptr[column + 1]]] += 1
    return counts


# --------------------------------------------------------------------------------------------
# Heuristics and bounds on the reduced model
# --------------------------------------------------------------------------------------------

def _greedy(model: _Model, n_sites: int, stop_at: float = np.inf) -> list:
    """Add up to ``n_sites`` columns, each time the one covering most uncovered weight (lowest index on
    ties), stopping early once the covered weight reaches ``stop_at``."""
    chosen = []
    counts = np.zeros(model.rows.shape[0], dtype=np.int64)
    gain = model.cols @ model.weights
    covered_weight = 0.0
    for _ in range(n_sites):
        if covered_weight >= stop_at:
            break
        column = int(np.argmax(gain)) if gain.size else 0
        if not gain.size or gain[column] <= 0:
            break
        chosen.append(column)
        covered_weight += float(gain[column])
        rows = model.cols.indices[model.cols.indptr[column]:model.cols.indptr[column + 1]]
        newly = rows[counts[rows] == 0]
        counts[rows] += 1
        if newly.size:
            gain -= model.rows[newly].T @ model.weights[newly]
        gain[column] = 0.0
    return chosen


def _swap(model: _Model, chosen: list, deadline: float) -> list:
    """Best-improvement interchange: replace one chosen column by an unchosen one while coverage grows.

    One pass prices every (out, in) pair at once: value(S - j + k) - value(S)
    = gain_k(S) - loss_j + weight covered only by j that k also covers.
    """
    chosen = list(chosen)
    if not chosen or len(chosen) >= model.rows.shape[1]:
        return chosen
    counts = _column_counts(model, chosen)
    n_groups = model.rows.shape[0]
    while time.monotonic() < deadline:
        gain = model.cols @ (model.weights * (counts == 0))
        sole = np.flatnonzero(counts == 1)
        in_solution = model.rows[sole][:, chosen].tocsr()
        owner = np.empty(sole.size, dtype=np.int64)
        owner[:] = in_solution.indices  # each sole row is covered by exactly one chosen column
        sole_weight = sp.csr_matrix((model.weights[sole], (owner, sole)), shape=(len(chosen), n_groups))
        loss = np.asarray(sole_weight.sum(axis=1)).ravel()
        regained = (sole_weight @ model.rows).toarray()
        delta = gain[None, :] - loss[:, None] + regained
        delta[:, chosen] = -np.inf
        out_pos, column_in = np.unravel_index(int(np.argmax(delta)), delta.shape)
        if delta[out_pos, column_in] <= BOUND_TOLERANCE * max(1.0, float(model.weights.sum())):
            break
        column_out = chosen[out_pos]
        chosen[out_pos] = int(column_in)
        counts[model.cols.indices[model.cols.indptr[column_out]:model.cols.indptr[column_out + 1]]] -= 1
        counts[model.cols.indices[model.cols.indptr[column_in]:model.cols.indptr[column_in + 1]]] += 1
    return chosen


def _top_sum(values: np.ndarray, count: int) -> float:
    if count <= 0 or values.size == 0:
        return 0.0
    if count >= values.size:
        return float(values.sum())
    return float(np.partition(values, values.size - count)[values.size - count:].sum())


@dataclass
class _Lagrangian:
    """State of the subgradient optimisation, so a later phase can resume it."""

    bound: float                # best proven upper bound so far
    open_bound: np.ndarray      # per column: upper bound when that column is forced open
    multipliers: np.ndarray     # current multipliers
    step_scale: float = 2.0


def _lagrangian(model: _Model, n_sites: int, incumbent: float, deadline: float, target_gap: float,
                state: _Lagrangian | None = None) -> _Lagrangian:
    """Subgradient optimisation of the Lagrangian relaxation of the coverage constraints.

    With multipliers 0 <= lam_g <= w_g on ``y_g <= sum_j a_gj x_j`` the relaxation
    ``sum_g max(0, w_g - lam_g) + (sum of the n_sites largest c_j)``, ``c = A^T lam``, is an upper
    bound for every lam. Iterations run in float32 for speed; the reported bound is recomputed in
    float64 for the best multipliers, and the per-column bounds carry a safety margin.
    """
    weights = model.weights
    n_cols = model.rows.shape[1]
    if state is None:
        trivial = min(float(weights.sum()), _top_sum(model.cols @ weights, n_sites))
        degree = np.maximum(np.diff(model.rows.indptr), 1)
        state = _Lagrangian(trivial, np.full(n_cols, trivial), weights / degree)
    if n_sites >= n_cols:
        return state
    cols32 = model.cols.astype(np.float32)
    weights32 = weights.astype(np.float32)
    multipliers = state.multipliers.astype(np.float32)
    best_value, best_multipliers, stalled = np.inf, None, 0
    while time.monotonic() < deadline:
        column_value = cols32 @ multipliers
        top = np.argpartition(column_value, n_cols - n_sites)[n_cols - n_sites:]
        threshold = float(column_value[top].min())
        keep_y = weights32 > multipliers
        bound = float((weights32 - multipliers)[keep_y].sum(dtype=np.float64)
                      + column_value[top].sum(dtype=np.float64))
        state.open_bound = np.minimum(state.open_bound, bound - np.maximum(threshold - column_value, 0.0))
        if bound < best_value - 1e-7 * abs(bound):
            best_value, best_multipliers, stalled = bound, multipliers.copy(), 0
        else:
            stalled += 1
            if stalled >= 30:
                state.step_scale, stalled = state.step_scale / 2, 0
        if state.step_scale < 1e-4 or best_value - incumbent <= target_gap * best_value:
            break
        hits = np.bincount(np.concatenate([cols32.indices[cols32.indptr[c]:cols32.indptr[c + 1]] for c in top]),
                           minlength=weights.size)
        subgradient = (hits - keep_y).astype(np.float32)
        norm = float(subgradient @ subgradient)
        if norm == 0:
            break
        step = state.step_scale * max(bound - incumbent, 1e-9 * bound) / norm
        multipliers = np.clip(multipliers - step * subgradient, 0.0, weights32)
    if best_multipliers is not None:
        exact = best_multipliers.astype(np.float64)
        exact_bound = float(np.maximum(weights - exact, 0.0).sum() + _top_sum(model.cols @ exact, n_sites))
        state.bound = min(state.bound, exact_bound)
        state.multipliers = exact
    return state


# --------------------------------------------------------------------------------------------
# MILP
# --------------------------------------------------------------------------------------------

def _coverage_constraints(model: _Model):
    """Variables [x (columns, binary), y (groups, 0..1)]: y_g <= sum of x over columns covering g."""
    n_groups, n_cols = model.rows.shape
    link = sp.hstack([-model.rows, sp.identity(n_groups, format="csr")], format="csr")
    integrality = np.concatenate([np.ones(n_cols), np.zeros(n_groups)])
    return link, integrality, n_cols


def _run_milp(objective, integrality, constraints, seconds: float, gap_tolerance: float):
    # scipy.optimize is imported when a model is solved, not at QGIS's start.
    from scipy.optimize import Bounds, milp

    return milp(objective, integrality=integrality, bounds=Bounds(0, 1), constraints=constraints,
                options={"time_limit": max(seconds, 0.05), "mip_rel_gap": gap_tolerance, "disp": False})


def _milp_max_coverage(model: _Model, n_sites: int, seconds: float, gap_tolerance: float):
    """Exact MCLP on the reduced model. Returns (columns or None, upper bound or None)."""
    from scipy.optimize import LinearConstraint

    link, integrality, n_cols = _coverage_constraints(model)
    budget = sp.csr_matrix(np.concatenate([np.ones(n_cols), np.zeros(model.rows.shape[0])])[None, :])
    objective = np.concatenate([np.zeros(n_cols), -model.weights])
    result = _run_milp(objective, integrality,
                       [LinearConstraint(link, -np.inf, 0), LinearConstraint(budget, 0, n_sites)],
                       seconds, gap_tolerance)
    columns = None if result.x is None else np.flatnonzero(result.x[:n_cols] > 0.5)
    bound = None
    if result.status == 0 and result.fun is not None:
        bound = -float(result.mip_dual_bound if result.mip_dual_bound is not None else result.fun)
    elif result.mip_dual_bound is not None and np.isfinite(result.mip_dual_bound):
        bound = -float(result.mip_dual_bound)
    return columns, bound


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def maximize_coverage(cost, weights, radius: float, p: int, fixed=(), *, eligible=None,
                      time_limit: float = 60.0, method: str = "auto",
                      gap_tolerance: float = 0.0) -> SitingResult:
    """Open at most ``p`` sites (``fixed`` included) covering the most demand weight within ``radius``.

    cost: demand × candidate walking costs, dense (inf = unreachable) or scipy.sparse (absent =
        unreachable, explicit zero = cost 0); see the module docstring.
    weights: demand weights (population), finite and >= 0.
    fixed: candidate indices that are open already (existing facilities); always kept, even if not
        ``eligible``.
    eligible: optional boolean mask of candidates that may be newly opened.
    time_limit: wall-clock seconds for the whole solve; the best solution and a proven bound are
        returned when it runs out.
    method: "auto" (heuristic start, exact MILP, Lagrangian reduction for big models), "milp" (MILP on
        the reduced model straight away) or "heuristic" (greedy + swap, bounded by the Lagrangian only).
    gap_tolerance: stop once the relative gap is at most this (0 = prove optimality).
    """
    started = time.monotonic()
    deadline = started + _check_method(method, time_limit)
    covered = coverage_matrix(cost, radius)
    weights, fixed_arr, eligible_arr = _check_common(covered, weights, fixed, eligible)
    n_candidate = covered.shape[1]
    if isinstance(p, bool) or not isinstance(p, (int, np.integer)):
        raise SitingInputError(f"p must be an integer number of sites, got {p!r}")
    if p < fixed_arr.size:
        raise SitingInputError(f"p = {p} is smaller than the {fixed_arr.size} fixed sites; p counts the fixed "
                               "sites too, so raise p or fix fewer sites")
    if p > n_candidate:
        raise SitingInputError(f"p = {p} exceeds the {n_candidate} candidates of the cost matrix")
    if not 0 <= gap_tolerance < 1:
        raise SitingInputError(f"gap_tolerance must be in [0, 1), got {gap_tolerance!r}")

    openable = eligible_arr.copy()
    openable[fixed_arr] = False
    model = _reduce(covered, weights, fixed_arr, openable)
    n_new = p - fixed_arr.size
    n_cols = model.rows.shape[1]

    if n_new == 0 or n_cols == 0 or n_new >= n_cols:
        columns = list(range(n_cols)) if n_new > 0 else []
        return _finish(covered, weights, fixed_arr, model.candidates[columns], None, "trivial", started)

    incumbent_cols = _greedy(model, n_new)
    if method == "heuristic" or model.rows.nnz > DIRECT_MILP_MAX_PAIRS:
        # Leave the Lagrangian phase a share of the time; swap stops early when it converges.
        incumbent_cols = _swap(model, incumbent_cols, started + (deadline - started) * 0.3)
    incumbent = _coverage_value(model, incumbent_cols)

    if method == "heuristic":
        state = _lagrangian(model, n_new, incumbent, deadline, gap_tolerance)
        return _finish(covered, weights, fixed_arr, model.candidates[incumbent_cols],
                       model.fixed_weight + max(state.bound, incumbent), "heuristic", started)

    label, milp_model, elimination_floor, state = "milp", model, -np.inf, None
    if method == "auto" and model.rows.nnz > DIRECT_MILP_MAX_PAIRS:
        lagrange_deadline = time.monotonic() + (deadline - time.monotonic()) * LAGRANGIAN_TIME_SHARE
        state = _lagrangian(model, n_new, incumbent, lagrange_deadline, gap_tolerance)
        # A column whose bound with it forced open is below the incumbent is in no better solution;
        # the margin covers the float32 iterations.
        survivors = state.open_bound >= incumbent * (1 - ELIMINATION_MARGIN)
        survivors[incumbent_cols] = True
        milp_model = _restrict(model, np.flatnonzero(survivors))
        elimination_floor = incumbent
        if state.bound - incumbent > gap_tolerance * state.bound and milp_model.rows.nnz > DIRECT_MILP_MAX_PAIRS:
            # Still too big for the MILP: spend the rest of the time tightening the bound.
            state = _lagrangian(model, n_new, incumbent, deadline, gap_tolerance, state)
        if state.bound - incumbent <= gap_tolerance * state.bound or milp_model.rows.nnz > DIRECT_MILP_MAX_PAIRS:
            return _finish(covered, weights, fixed_arr, model.candidates[incumbent_cols],
                           model.fixed_weight + max(state.bound, incumbent), "lagrangian", started)
        label = "lagrangian+milp"

    columns, milp_bound = _milp_max_coverage(milp_model, min(n_new, milp_model.rows.shape[1]),
                                             deadline - time.monotonic(), gap_tolerance)
    best_sites = model.candidates[incumbent_cols]
    best_value = model.fixed_weight + incumbent
    if columns is not None:
        milp_value = milp_model.fixed_weight + _coverage_value(milp_model, columns)
        if milp_value > best_value:
            best_sites, best_value = milp_model.candidates[columns], milp_value
    bounds = []
    if milp_bound is not None:
        # Solutions using an eliminated column are worth at most the incumbent.
        bounds.append(max(milp_model.fixed_weight + milp_bound, model.fixed_weight + elimination_floor))
    if state is not None:
        bounds.append(model.fixed_weight + max(state.bound, incumbent))
    if not bounds:
        state = _lagrangian(model, n_new, incumbent, time.monotonic(), 0.0)
        bounds.append(model.fixed_weight + state.bound)
    return _finish(covered, weights, fixed_arr, best_sites, max(min(bounds), best_value), label, started)


def minimum_sites(cost, weights, radius: float, target_share: float, fixed=(), *, eligible=None,
                  time_limit: float = 60.0, method: str = "auto") -> SitingResult:
    """Fewest new sites so that, with the ``fixed`` sites, at least ``target_share`` of the total demand
    weight lies within ``radius`` (partial set covering; ``target_share = 1`` is full set covering).

    Arguments are as for :func:`maximize_coverage`. ``method`` "heuristic" skips the MILP (greedy, then
    redundant sites dropped). ``bound`` is a proven lower bound on ``len(chosen)``.
    Raises TargetUnreachableError (a ValueError) when the share cannot be reached even with every allowed
    candidate open; its ``max_share`` says how far coverage can go.
    """
    started = time.monotonic()
    deadline = started + _check_method(method, time_limit)
    covered = coverage_matrix(cost, radius)
    weights, fixed_arr, eligible_arr = _check_common(covered, weights, fixed, eligible)
    try:
        target_share = float(target_share)
    except (TypeError, ValueError) as exc:
        raise SitingInputError(f"target_share must be a number in (0, 1], got {target_share!r}") from exc
    if not 0 < target_share <= 1:
        raise SitingInputError(f"target_share must be in (0, 1] (a share of the total weight), got {target_share!r}")
    total = float(weights.sum())
    openable = eligible_arr.copy()
    openable[fixed_arr] = False
    model = _reduce(covered, weights, fixed_arr, openable)
    # Weight the new sites must add; a hair of slack so a share reached up to rounding counts.
    needed = target_share * total - model.fixed_weight - BOUND_TOLERANCE * max(total, 1.0)
    if needed <= 0:
        return _finish_count(covered, weights, fixed_arr, [], 0, "trivial", started)
    if model.weights.sum() < needed:
        reachable = (model.fixed_weight + float(model.weights.sum())) / total if total > 0 else 0.0
        raise TargetUnreachableError(
            f"target share {target_share:.4g} cannot be reached: with all {model.rows.shape[1]} useful eligible "
            f"candidates and the {fixed_arr.size} fixed sites open, coverage is {reachable:.4g} of the total weight; "
            "lower the target, widen the radius or add candidates",
            f"无法达到目标覆盖比例 {target_share:.4g}：{model.rows.shape[1]} 个有效候选点和 {fixed_arr.size} 个既有设施"
            f"全部启用时，覆盖比例为 {reachable:.4g}；请降低目标、扩大半径或增加候选点", reachable)

    incumbent_cols = _prune(model, _greedy(model, model.rows.shape[1], stop_at=needed), needed)
    # No k sites can add more than the k largest single-site coverages.
    ranked = np.sort(model.cols @ model.weights)[::-1]
    lower = int(np.searchsorted(np.cumsum(ranked), needed * (1 - BOUND_TOLERANCE))) + 1
    best_cols, label = incumbent_cols, "heuristic"
    if method != "heuristic" and lower < len(incumbent_cols):
        label = "milp"
        columns, milp_lower = _milp_min_sites(model, needed, deadline - time.monotonic())
        if columns is not None and len(columns) < len(best_cols) and \
                _coverage_value(model, columns) >= needed:
            best_cols = list(columns)
        if milp_lower is not None:
            lower = max(lower, milp_lower)
    return _finish_count(covered, weights, fixed_arr, model.candidates[best_cols], lower, label, started)


def _prune(model: _Model, chosen: list, needed: float) -> list:
    """Drop sites (smallest sole coverage first) while the rest still reach ``needed``."""
    chosen = list(chosen)
    counts = _column_counts(model, chosen)
    value = _coverage_value(model, chosen)
    changed = True
    while changed and len(chosen) > 1:
        changed = False
        sole_loss = [float(model.weights[rows[counts[rows] == 1]].sum())
                     for rows in (model.cols.indices[model.cols.indptr[c]:model.cols.indptr[c + 1]] for c in chosen)]
        for position in np.argsort(sole_loss, kind="stable"):
            if value - sole_loss[position] >= needed:
                column = chosen.pop(int(position))
                counts[model.cols.indices[model.cols.indptr[column]:model.cols.indptr[column + 1]]] -= 1
                value -= sole_loss[position]
                changed = True
                break
    return chosen


def _milp_min_sites(model: _Model, needed: float, seconds: float):
    """Exact partial set covering on the reduced model. Returns (columns or None, lower bound or None)."""
    from scipy.optimize import LinearConstraint

    link, integrality, n_cols = _coverage_constraints(model)
    reach = sp.csr_matrix(np.concatenate([np.zeros(n_cols), model.weights])[None, :])
    objective = np.concatenate([np.ones(n_cols), np.zeros(model.rows.shape[0])])
    result = _run_milp(objective, integrality,
                       [LinearConstraint(link, -np.inf, 0), LinearConstraint(reach, needed, np.inf)],
                       seconds, 0.0)
    columns = None if result.x is None else np.flatnonzero(result.x[:n_cols] > 0.5)
    lower = None
    if result.mip_dual_bound is not None and np.isfinite(result.mip_dual_bound):
        # Site counts are integers, so a fractional dual bound rounds up.
        lower = int(math.ceil(float(result.mip_dual_bound) - 1e-6))
    elif result.status == 0 and columns is not None:
        lower = int(columns.size)
    return columns, lower


def _finish_count(covered, weights, fixed_arr, new_sites, new_lower, method, started) -> SitingResult:
    chosen, gains, hit = _rank_sites(covered, weights, fixed_arr, new_sites)
    n_new = chosen.size - fixed_arr.size
    new_lower = min(max(int(new_lower), 0), n_new)
    gap = (n_new - new_lower) / n_new if n_new > 0 else 0.0
    return _result(chosen, gains, float(weights[hit].sum()), hit, weights, fixed_arr.size + new_lower, gap,
                   n_new == new_lower, method, started, fixed_arr.size)


def _rank_sites(covered: sp.csr_matrix, weights: np.ndarray, fixed_arr: np.ndarray, new_sites):
    """Fixed sites in their order, then new sites by decreasing marginal gain; marginal gains too."""
    by_site = covered.T.tocsr()
    hit = np.zeros(covered.shape[0], dtype=bool)
    order, gains = [], []

    def add(site):
        rows = by_site.indices[by_site.indptr[site]:by_site.indptr[site + 1]]
        fresh = rows[~hit[rows]]
        hit[fresh] = True
        order.append(int(site))
        gains.append(float(weights[fresh].sum()))

    for site in fixed_arr:
        add(site)
    remaining = sorted(int(s) for s in new_sites)
    while remaining:
        marginal = [float(weights[by_site.indices[by_site.indptr[s]:by_site.indptr[s + 1]]][
            ~hit[by_site.indices[by_site.indptr[s]:by_site.indptr[s + 1]]]].sum()) for s in remaining]
        add(remaining.pop(int(np.argmax(marginal))))
    return np.asarray(order, dtype=np.int64), np.asarray(gains), hit


def _finish(covered, weights, fixed_arr, new_sites, bound, method, started) -> SitingResult:
    chosen, gains, hit = _rank_sites(covered, weights, fixed_arr, new_sites)
    value = float(weights[hit].sum())
    if bound is None:
        bound = value
    bound = max(float(bound), value)
    gap = (bound - value) / bound if bound > 0 else 0.0
    optimal = bound - value <= BOUND_TOLERANCE * max(bound, 1.0) + 1e-6
    if optimal:
        gap = 0.0
    return _result(chosen, gains, value, hit, weights, bound, gap, optimal, method, started, fixed_arr.size)


def _result(chosen, gains, value, hit, weights, bound, gap, optimal, method, started, n_fixed):
    return SitingResult(chosen, gains, value, hit, float(weights.sum()), float(bound), float(gap),
                        bool(optimal), method, time.monotonic() - started, int(n_fixed))


def sites_needed_at_least(result, n_existing):
    """The fewest new sites a target share needs by the solver's proven bound (existing sites excluded)."""
    return int(max(0.0, np.ceil(result.bound - 1e-9) - n_existing))
