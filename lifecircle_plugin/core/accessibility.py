"""Supply and demand accessibility: two-step floating catchment (2SFCA), its banded form (E2SFCA) and a
Gaussian decay, per service, with the service's age cohort as demand and facility capacity as supply.

Definitions (the outputs equal these up to floating point):

- t_ij: walking minutes between resident i and facility j, measured as ``coverage.walking_coverage``
  measures them (same network, attachment, access legs; a resident or facility farther than the snap
  limit from the network takes no part), at the service's walking speed.
- W(t): 1 for t ≤ MINUTES (2SFCA); the weight of the band holding t, bands closed above (E2SFCA);
  exp(−t²/β) with β = MINUTES² / ln(100), so that W(MINUTES) = 0.01 (Gaussian); 0 beyond MINUTES always.
- R_j = S_j / Σ_k P_k·W(t_kj): capacity over the cohort population (P) weighted by W; NULL (NaN) for a
  facility no one of the cohort reaches (the sum is 0), never a division by zero.
- A_i = Σ_j R_j·W(t_ij) over the service's facilities with an R_j; 0 for a resident who reaches none.

Times come from one sparse resident × facility matrix per walking radius (``contracted_reach_matrix``,
on walkingcoverage's contracted routing graph), holding only the pairs within reach: never a dense matrix.
"""
import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .coverage import WHOLE_AREA, metres_per_minute
from .defaults import DEFAULT_BANDS, DEFAULT_WEIGHTS, METHOD_2SFCA, METHOD_E2SFCA, METHOD_GAUSSIAN
from .errors import LifeCircleError
from .reach_matrix import contracted_reach_matrix
from .routing import Attachment, attach_points, build_contracted_graph
from .site_rules import DEFAULT_MINUTES as SITE_MINUTES, is_one_stop_hub
from .blueprint import HUB, PAVILION
from .progress import step_reporter

GAUSSIAN_WEIGHT_AT_CATCHMENT = 0.01
PER_PEOPLE = 1000.0  # acc and ratio are supply per 1,000 people of the cohort
LOW_PERCENTILE = 0.10
# 1+N: a 人民坊 within the hub's walking circle, small sites (六艺亭 and other N sites) within the 5-minute one.
HUB_MINUTES = SITE_MINUTES[HUB]
SMALL_SITE_MINUTES = SITE_MINUTES[PAVILION]
ONE_PLUS_N = "1+N"


class AccessibilityError(LifeCircleError):
    """Input the accessibility analysis refuses; the message names the layer, field and features."""


def _listed(labels, limit=10):
    labels = list(labels)
    more = f" … (+{len(labels) - limit})" if len(labels) > limit else ""
    return ", ".join(labels[:limit]) + more


# --- the decay ------------------------------------------------------------------------------

def gaussian_beta(minutes):
    """β of exp(−t²/β) such that the weight at ``minutes`` is 0.01."""
    return minutes * minutes / math.log(1.0 / GAUSSIAN_WEIGHT_AT_CATCHMENT)


def parse_numbers(text, parameter):
    """Comma-separated numbers (BANDS, WEIGHTS); refuses an empty list or an entry that is no number."""
    entries = [e.strip() for e in (text or "").replace("，", ",").split(",") if e.strip()]
    numbers = []
    for entry in entries:
        try:
            numbers.append(float(entry))
        except ValueError:
            numbers.append(None)
        if numbers[-1] is None or not math.isfinite(numbers[-1]):
            raise AccessibilityError(
                "accessibility.not_a_number",
                f"Parameter {parameter}: '{entry}' in '{text}' is not a number. List numbers separated by commas, "
                "e.g. 5,10,15.",
                f"参数 {parameter}：“{text}”中的“{entry}”不是数字。请用逗号分隔数字，例如 5,10,15。")
    if not numbers:
        raise AccessibilityError(
            "accessibility.empty_list",
            f"Parameter {parameter} is empty: list numbers separated by commas, e.g. 5,10,15.",
            f"参数 {parameter} 为空：请用逗号分隔数字，例如 5,10,15。")
    return numbers


def check_bands(bands, weights):
    """E2SFCA bands (minutes, strictly increasing, positive) and weights (positive, decreasing)."""
    bands = tuple(float(b) for b in bands)
    weights = tuple(float(w) for w in weights)
    if not bands or len(bands) != len(weights):
        raise AccessibilityError(
            "accessibility.bands_weights_mismatch",
            f"E2SFCA needs one weight per band: {len(bands)} band(s) {bands} but {len(weights)} weight(s) "
            f"{weights}. Give as many weights as bands, e.g. bands 5,10,15 and weights 1,0.68,0.22.",
            f"E2SFCA 每个时段需要一个权重：{len(bands)} 个时段 {bands}，却有 {len(weights)} 个权重 {weights}。"
            "请给出与时段数相同的权重，例如时段 5,10,15，权重 1,0.68,0.22。")
    if not all(math.isfinite(b) and b > 0 for b in bands) or any(b >= a for b, a in zip(bands, bands[1:])):
        raise AccessibilityError(
            "accessibility.bands_not_increasing",
            f"E2SFCA bands {bands} must be positive minutes, strictly increasing (e.g. 5,10,15).",
            f"E2SFCA 时段 {bands} 必须是严格递增的正分钟数（例如 5,10,15）。")
    if not all(math.isfinite(w) and 0 < w <= 1 for w in weights) or any(b > a for a, b in zip(weights, weights[1:])):
        raise AccessibilityError(
            "accessibility.weights_not_decreasing",
            f"E2SFCA weights {weights} must lie in (0, 1] and must not increase from one band to the next "
            "(e.g. 1,0.68,0.22): a farther band never weighs more than a nearer one.",
            f"E2SFCA 权重 {weights} 必须在 (0, 1] 之间且逐段不增（例如 1,0.68,0.22）：远的时段权重不能大于近的时段。")
    return bands, weights


@dataclass(frozen=True)
class Decay:
    """W(t) of one service: the method, its catchment in minutes and, for E2SFCA, bands and weights."""

    method: int
    minutes: float
    bands: tuple = DEFAULT_BANDS
    weights: tuple = DEFAULT_WEIGHTS

    def __post_init__(self):
        if self.method not in (METHOD_2SFCA, METHOD_E2SFCA, METHOD_GAUSSIAN):
            raise AccessibilityError(
                "accessibility.method_unknown",
                f"Method {self.method!r} is unknown: 0 = 2SFCA, 1 = E2SFCA, 2 = Gaussian.",
                f"方法 {self.method!r} 无效：0 = 2SFCA，1 = E2SFCA，2 = 高斯衰减。")
        if not (math.isfinite(self.minutes) and self.minutes > 0):
            raise AccessibilityError(
                "accessibility.minutes_invalid",
                f"The catchment must be a positive number of minutes, got {self.minutes!r}.",
                f"服务范围必须是正的分钟数，而不是 {self.minutes!r}。")
        if self.method == METHOD_E2SFCA:
            check_bands(self.bands, self.weights)

    def __call__(self, minutes):
        t = np.asarray(minutes, dtype=float)
        if self.method == METHOD_2SFCA:
            weight = np.ones_like(t)
        elif self.method == METHOD_E2SFCA:
            # The band holding t is the first whose upper bound is ≥ t; past the last band, weight 0.
            band = np.searchsorted(np.asarray(self.bands), t, side="left")
            weight = np.append(np.asarray(self.weights, dtype=float), 0.0)[band]
        else:
            weight = np.exp(-t * t / gaussian_beta(self.minutes))
        return np.where(t <= self.minutes, weight, 0.0)


# --- the two steps -------------------------------------------------------------------------

def floating_catchment(times, population, capacity, decay):
    """The two steps on a sparse matrix of minutes (residents × facilities; absent = out of reach).

    Returns (demand per facility Σ_k P_k·W(t_kj), R_j per facility (NaN where the demand is 0),
    A_i per resident).
    """
    times = sp.csr_matrix(times)
    population = np.asarray(population, dtype=float)
    capacity = np.asarray(capacity, dtype=float)
    weights = sp.csr_matrix((decay(times.data), times.indices, times.indptr), shape=times.shape)
    demand = np.asarray(weights.T @ population).ravel()
    reached = demand > 0
    ratio = np.full(times.shape[1], np.nan)
    ratio[reached] = capacity[reached] / demand[reached]
    access = np.asarray(weights @ np.where(reached, ratio, 0.0)).ravel()
    return demand, ratio, access


def nearest_in_rows(times):
    """Per row of a sparse minutes matrix: the smallest time and its column (lowest column on ties);
    NaN and -1 for an empty row."""
    times = sp.csr_matrix(times)
    minutes = np.full(times.shape[0], np.nan)
    column = np.full(times.shape[0], -1, dtype=np.int64)
    counts = np.diff(times.indptr)
    rows = np.flatnonzero(counts)
    if rows.size:
        # One pass over the stored entries (reduceat per row), no sort.
        starts = times.indptr[rows]
        best = np.minimum.reduceat(times.data, starts)
        ties = times.data == np.repeat(best, counts[rows])
        minutes[rows] = best
        column[rows] = np.minimum.reduceat(np.where(ties, times.indices, times.shape[1]), starts)
    return minutes, column


# --- inputs ---------------------------------------------------------------------------------

def capacities(values, used, layer, field, describe, missing_as_one=False):
    """Facility capacities as floats, checked on the facilities that offer an analysed service.

    ``values``: raw attribute values; ``used``: bool per facility; ``describe(i)`` names a feature.
    NULL/empty is refused, or counted as 1 when ``missing_as_one``; text, negative and zero are refused.
    Returns (capacity array, indices of facilities counted as 1).
    """
    capacity = np.full(len(values), np.nan)
    missing, not_numeric, negative, zero = [], [], [], []
    for i, value in enumerate(values):
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(i)
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            (missing if isinstance(value, float) and math.isnan(value) else not_numeric).append(i)
        elif number < 0:
            negative.append(i)
        elif number == 0:
            zero.append(i)
        capacity[i] = number
    used = np.asarray(used, dtype=bool)
    problems = (
        ("accessibility.capacity_not_numeric", not_numeric, "is not a number", "不是数字"),
        ("accessibility.capacity_negative", negative, "is negative", "为负数"),
        ("accessibility.capacity_zero", zero, "is zero", "为零"),
    )
    if not missing_as_one:
        problems = (("accessibility.capacity_missing", missing, "is empty (NULL)", "为空"),) + problems
    for code, indices, what_en, what_zh in problems:
        bad = [i for i in indices if used[i]]
        if bad:
            names = _listed(describe(i) for i in bad)
            raise AccessibilityError(
                code,
                f"Capacity field '{field}' of layer '{layer}' {what_en} for {len(bad)} facilities: {names}. "
                "Enter the capacity (beds, places, seats or m², as the standards' capacity_unit says) as a "
                "positive number" + ("" if missing_as_one else ", or let missing capacities count as 1") + ".",
                f"图层“{layer}”的容量字段“{field}”有 {len(bad)} 个设施{what_zh}：{names}。请填写正数容量"
                "（床位、托位、座位或平方米，按标准表 capacity_unit 所列）"
                + ("" if missing_as_one else "，或选择缺失容量按 1 计") + "。")
    counted_as_one = [i for i in missing if used[i]]
    capacity[counted_as_one] = 1.0
    # Supply per 1,000 people must stay a number: 1e308 beds would make it infinite, and the outputs NaN.
    with np.errstate(over="ignore", invalid="ignore"):
        total = capacity[used].sum() * PER_PEOPLE
        # the sum overflows only if the largest times the count does: at least one facility is named
        too_large = np.flatnonzero(used & ~np.isfinite(capacity * PER_PEOPLE * used.sum()))
    if not math.isfinite(total):
        names = _listed(describe(i) for i in too_large)
        raise AccessibilityError(
            "accessibility.capacity_too_large",
            f"Capacity field '{field}' of layer '{layer}' holds values too large to compute with: {names}. "
            "Correct them (beds, places, seats or m²) and run again.",
            f"图层“{layer}”的容量字段“{field}”的值过大，无法计算：{names}。请修正这些容量（床位、托位、座位或平方米）后重试。")
    return capacity, counted_as_one


def cohort_population(values, layer, field, describe):
    """A cohort field of the residents as floats; NULL, text or negative values are refused, named."""
    population = np.array([np.nan if v is None or isinstance(v, str) else float(v) for v in values], dtype=float)
    bad = np.flatnonzero(~np.isfinite(population) | (population < 0))
    if len(bad):
        names = _listed(describe(i) for i in bad)
        raise AccessibilityError(
            "accessibility.cohort_invalid",
            f"Cohort field '{field}' of layer '{layer}' is NULL, not a number or negative for {len(bad)} "
            f"features: {names}. Fill in the number of people (0 where there are none).",
            f"图层“{layer}”的人群字段“{field}”有 {len(bad)} 个要素为空、非数字或负数：{names}。"
            "请填写人数（没有则填 0）。")
    return population


def check_cohort_fields(standards, services, available, layer):
    """Raise when a cohort field named in the standards for an analysed service is not a field of the residents."""
    absent = sorted({(standards[c].demand_field, c) for c in services
                     if standards[c].demand_field and standards[c].demand_field not in available})
    if absent:
        listing = ", ".join(f"'{f}' ({c})" for f, c in absent)
        raise AccessibilityError(
            "accessibility.cohort_field_missing",
            f"The standards name cohort fields that layer '{layer}' does not have: {listing}. Add the fields "
            "to the residents, or clear demand_field in the standards to use the population field.",
            f"标准表所列人群字段在图层“{layer}”中不存在：{listing}。请为居民图层补充这些字段，"
            "或清空标准表中的 demand_field 以使用人口字段。")


# --- the analysis ---------------------------------------------------------------------------

@dataclass
class ServicePlan:
    """What to compute for one service."""

    code: str
    decay: Decay
    speed_kmh: float
    population: np.ndarray  # the cohort per resident (P)
    cohort_field: str = None  # None: the population field
    norm_per_1000: float = None
    capacity_unit: str = None

    @property
    def minutes(self):
        return self.decay.minutes

    @property
    def radius_m(self):
        return self.decay.minutes * metres_per_minute(self.speed_kmh)


@dataclass
class ServiceAccess:
    """Results of one service. Facility arrays span every facility (NaN / 0 where it does not offer it)."""

    plan: ServicePlan
    offers: np.ndarray  # bool per facility: offers the service
    times: sp.csr_matrix  # minutes, residents × facilities, only pairs within the catchment
    demand: np.ndarray  # per facility Σ P_k W(t_kj)
    ratio: np.ndarray  # R_j per facility (NaN: reached by no one of the cohort, or not offering)
    access: np.ndarray  # A_i per resident
    nearest_minutes: np.ndarray  # per resident, NaN when no facility within the catchment
    nearest_facility: np.ndarray  # per resident, -1 when none
    assigned_population: np.ndarray  # per facility: the cohort of its responsibility catchment

    @property
    def acc(self):
        """Supply per 1,000 people of the cohort, per resident."""
        return PER_PEOPLE * self.access

    @property
    def unreached(self):
        """Facilities offering the service that no one of the cohort reaches (R_j NULL)."""
        return np.flatnonzero(self.offers & ~(self.demand > 0))

    def norm_ok(self):
        """Per resident, acc meets the norm; None without a norm."""
        if self.plan.norm_per_1000 is None:
            return None
        return self.acc >= self.plan.norm_per_1000


@dataclass
class AccessibilityResult:
    services: dict  # code -> ServiceAccess, in the order asked
    resident_attached: np.ndarray
    facility_attached: np.ndarray
    hub: np.ndarray  # bool per facility: a 人民坊 (two or more services)
    hub_within: np.ndarray  # per resident: a 人民坊 within HUB_MINUTES at the base speed
    small_sites_within: np.ndarray  # per resident: N sites within SMALL_SITE_MINUTES
    small_site_times: sp.csr_matrix  # residents × facilities, N sites within SMALL_SITE_MINUTES


def _best_per_owner(values, owner, count):
    best = np.full(count, np.inf)
    np.minimum.at(best, owner, values)
    return best


def accessibility(network, facilities, facility_services, capacity, residents, plans, *,
                  speed_kmh, max_snap_m, progress=None, cancel=None):
    """Accessibility of every planned service, and the 1+N reach.

    ``facilities``/``residents``: coverage.AccessPoints; ``facility_services``: per facility a tuple of
    codes; ``capacity``: per facility (checked by ``capacities``); ``plans``: ServicePlan list;
    ``speed_kmh``: the base walking speed (1+N). ``progress(fraction, message)``; ``cancel()`` raises.
    """
    advance = step_reporter(progress, cancel)

    advance(0.0, "Attaching facilities and residents to the network")
    # One nearest-edge search for both sets: the index over the network is built once.
    both = attach_points(network, np.concatenate([residents.xy, facilities.xy]), max_snap_m)
    split = len(residents.xy)
    res_att = Attachment(both.edge[:split], both.t[:split], both.snap_m[:split])
    fac_att = Attachment(both.edge[split:], both.t[split:], both.snap_m[split:])
    # Facilities are the sources, residents the targets read off the ends of their streets (as walkingcoverage).
    graph = build_contracted_graph(network, fac_att, res_att)
    n_res, n_fac = residents.count, facilities.count
    offering = {code: np.array([code in s for s in facility_services], dtype=bool) for code in
                [p.code for p in plans]}
    any_service = np.array([bool(s) for s in facility_services], dtype=bool)
    base_speed = metres_per_minute(speed_kmh)

    # One search per distinct radius, over the facilities that need it.
    needs = {}
    for plan in plans:
        needs[plan.radius_m] = needs.get(plan.radius_m, np.zeros(n_fac, dtype=bool)) | offering[plan.code]
    hub_radius = HUB_MINUTES * base_speed
    needs[hub_radius] = needs.get(hub_radius, np.zeros(n_fac, dtype=bool)) | any_service
    matrices = {}
    for step, (radius, wanted) in enumerate(sorted(needs.items())):
        advance(0.1 + 0.7 * step / len(needs), f"Walking costs within {radius:.0f} m")
        points = np.flatnonzero(wanted[facilities.owner])
        # A hair beyond the radius so that t ≤ MINUTES is decided in minutes, below.
        matrices[radius] = contracted_reach_matrix(
            network, graph, points, facilities.owner[points], n_fac, residents.owner, n_res,
            radius * (1 + 1e-9), cancel=cancel).tocoo()

    results = {}
    for step, plan in enumerate(plans):
        advance(0.8 + 0.15 * step / len(plans), f"Two-step floating catchment for {plan.code}")
        coo = matrices[plan.radius_m]
        keep = np.flatnonzero(offering[plan.code][coo.col])
        minutes = coo.data[keep] / metres_per_minute(plan.speed_kmh)
        keep, minutes = keep[minutes <= plan.minutes], minutes[minutes <= plan.minutes]
        times = sp.csr_matrix((minutes, (coo.row[keep], coo.col[keep])), shape=(n_res, n_fac))
        demand, ratio, access = floating_catchment(times, plan.population, capacity, plan.decay)
        nearest_minutes, nearest_facility = nearest_in_rows(times)
        assigned = np.bincount(nearest_facility[nearest_facility >= 0],
                               weights=plan.population[nearest_facility >= 0], minlength=n_fac)
        results[plan.code] = ServiceAccess(plan, offering[plan.code], times, demand, ratio, access,
                                           nearest_minutes, nearest_facility, assigned)

    advance(0.95, "1+N: hubs and small sites within reach")
    hub = np.array([is_one_stop_hub(s) for s in facility_services], dtype=bool)
    coo = matrices[hub_radius]
    minutes = coo.data / base_speed
    with_service = any_service[coo.col]
    hub_hits = with_service & hub[coo.col] & (minutes <= HUB_MINUTES)
    hub_within = np.zeros(n_res, dtype=bool)
    hub_within[coo.row[hub_hits]] = True
    small = with_service & ~hub[coo.col] & (minutes <= SMALL_SITE_MINUTES)
    small_times = sp.csr_matrix((minutes[small], (coo.row[small], coo.col[small])), shape=(n_res, n_fac))
    small_within = np.diff(small_times.indptr)

    resident_attached = np.isfinite(_best_per_owner(np.where(res_att.attached, res_att.snap_m, np.inf),
                                                    residents.owner, n_res))
    facility_attached = np.isfinite(_best_per_owner(np.where(fac_att.attached, fac_att.snap_m, np.inf),
                                                    facilities.owner, n_fac))
    advance(1.0, "Accessibility computed")
    return AccessibilityResult(results, resident_attached, facility_attached, hub, hub_within, small_within,
                               small_times)


# --- equity per unit ------------------------------------------------------------------------

def weighted_mean(values, weights):
    total = float(np.sum(weights))
    return float(np.dot(values, weights) / total) if total > 0 else math.nan


def _ranked(values, weights):
    """Values and weights in increasing order of value (ties in their given order)."""
    values, weights = np.asarray(values, dtype=float), np.asarray(weights, dtype=float)
    order = np.argsort(values, kind="stable")
    return values[order], weights[order]


def weighted_percentile(values, weights, share):
    """The smallest value v such that the people with a value ≤ v make at least ``share`` of all people."""
    return _ranked_percentile(*_ranked(values, weights), np.sum(weights), share)


def _ranked_percentile(x, w, total, share):
    if total <= 0:
        return math.nan
    cumulative = np.cumsum(w)
    return float(x[np.searchsorted(cumulative, share * total * (1 - 1e-12), side="left")])


def weighted_gini(values, weights):
    """Population-weighted Gini: Σ_i Σ_j w_i w_j |x_i − x_j| / (2 (Σw)² μ); NaN when μ or Σw is 0."""
    return _ranked_gini(*_ranked(values, weights), np.sum(weights), weighted_mean(values, weights))


def _ranked_gini(x, w, total, mean):
    if not total > 0 or not mean > 0:
        return math.nan
    before = np.cumsum(w) - w  # people with a smaller (or equal, earlier) value
    after = total - before - w
    pair_sum = 2.0 * np.sum(w * x * (before - after))
    return float(pair_sum / (2.0 * total * total * mean))


def lorenz_curve(values, weights):
    """Points (population share, supply share) of the Lorenz curve, from (0, 0) to (1, 1)."""
    values, weights = np.asarray(values, dtype=float), np.asarray(weights, dtype=float)
    order = np.argsort(values, kind="stable")
    people = np.concatenate([[0.0], np.cumsum(weights[order])])
    supply = np.concatenate([[0.0], np.cumsum(weights[order] * values[order])])
    return (people / people[-1] if people[-1] > 0 else people,
            supply / supply[-1] if supply[-1] > 0 else supply)


@dataclass
class EquityRow:
    unit_id: str
    service: str
    cohort_field: str
    population: float  # the cohort (or all residents for 1+N)
    mean_acc: float
    p10_acc: float
    norm_per_1000: float
    below_norm_share: float
    gini: float
    beyond_share: float  # share of the cohort with no facility within the catchment
    minutes: float
    hub_share: float = math.nan  # 1+N: share of residents with a 人民坊 within HUB_MINUTES
    small_sites: float = math.nan  # 1+N: distinct N sites within SMALL_SITE_MINUTES of the unit's residents
    mean_small_sites: float = math.nan  # 1+N: N sites within SMALL_SITE_MINUTES per resident (mean)


def equity_summary(result, total_population, unit_ids):
    """Unit × service equity rows, whole-area rows (unit ``ALL``) last; then the 1+N row per unit."""
    unit_ids = np.asarray([WHOLE_AREA if u is None else str(u) for u in unit_ids], dtype=object)
    units = sorted(set(unit_ids.tolist()) - {WHOLE_AREA}) + [WHOLE_AREA]
    total_population = np.asarray(total_population, dtype=float)
    # The residents of each unit, in their own order, from one sort (not a mask per unit).
    unit_number = {unit: k for k, unit in enumerate(units)}
    numbers = np.array([unit_number[u] for u in unit_ids.tolist()], dtype=np.int64)
    by_unit = np.argsort(numbers, kind="stable")
    bounds = np.searchsorted(numbers[by_unit], np.arange(len(units) + 1))
    rows = []
    for k, unit in enumerate(units):
        members = by_unit[bounds[k]:bounds[k + 1]] if unit != WHOLE_AREA else np.arange(len(unit_ids))
        for code, service in result.services.items():
            plan = service.plan
            acc, people = service.acc[members], plan.population[members]
            total = float(people.sum())
            below = math.nan
            if plan.norm_per_1000 is not None and total > 0:
                below = float(people[acc < plan.norm_per_1000].sum() / total)
            beyond = math.nan
            if total > 0:
                beyond = float(people[~np.isfinite(service.nearest_minutes[members])].sum() / total)
            mean = weighted_mean(acc, people)
            x, w = _ranked(acc, people)  # one sort for the percentile and the Gini
            rows.append(EquityRow(unit, code, plan.cohort_field, total, mean,
                                  _ranked_percentile(x, w, total, LOW_PERCENTILE), plan.norm_per_1000, below,
                                  _ranked_gini(x, w, total, mean), beyond, plan.minutes))
        people = total_population[members]
        total = float(people.sum())
        sites = result.small_site_times[members]
        hub_within = result.hub_within[members]
        rows.append(EquityRow(
            unit, ONE_PLUS_N, None, total, math.nan, math.nan, None, math.nan, math.nan,
            float(people[~hub_within].sum() / total) if total > 0 else math.nan, HUB_MINUTES,
            hub_share=float(people[hub_within].sum() / total) if total > 0 else math.nan,
            small_sites=float(np.unique(sites.indices).size),
            mean_small_sites=weighted_mean(result.small_sites_within[members], people)))
    return rows
