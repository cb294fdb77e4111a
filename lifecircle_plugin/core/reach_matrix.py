"""Sparse demand × site walking-cost matrix, for siting and accessibility: from a RoutingGraph holding both
point sets as leaves (``reach_matrix``), or from the contracted graph of ``routing.build_contracted_graph``
(``contracted_reach_matrix``: the searches cover the street junctions only, and each demand point is read off
the two ends of its street, as ``walkingcoverage`` does).

One Dijkstra search per site access point, cut off at the radius, run in chunks of sources: scipy
returns a dense chunk × nodes array per call, so chunks are sized to keep that under a memory budget.
scipy's Dijkstra also spends time in proportion to the whole graph on every source, however short
the walk, so each chunk gathers sources that lie close together (Z-order of their cells) and
searches only the part of the graph within straight-line reach of them: a walk of cost ``r`` never
leaves the disc of radius ``r / s`` around its start, ``s`` being the smallest cost per metre of any
edge (1 unless cost factors below 1 are used). The result is exactly that of the whole graph.
Only demand access points within the radius are kept, as (resident, site, cost) triples; a resident
with several access points (the gates of a compound) and a site with several (a multipoint) keep
the minimum over all their pairs. The result follows ``siting``'s sparse convention: an absent
entry is unreachable, a stored entry is a cost (a stored 0 is a real cost of zero and is kept).
"""
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from .errors import ArgumentError

# Budget for the dense distance rows of one chunk of Dijkstra sources.
DEFAULT_CHUNK_BYTES = 200_000_000
# Sources per local search: small enough for a compact neighbourhood, large enough that cutting the
# subgraph out stays cheap next to the searches.
SOURCES_PER_LOCAL_CHUNK = 64


class ReachMatrixError(ArgumentError):
    """Inconsistent inputs to ``reach_matrix``; the message names the argument."""

    CODE = "reach_matrix.input"


def chunk_size(node_count, demand_points, max_bytes=DEFAULT_CHUNK_BYTES):
    """How many sources one Dijkstra call may take so its float64 rows stay within ``max_bytes``."""
    per_source = 8 * (int(node_count) + int(demand_points))
    return max(1, int(max_bytes // max(per_source, 1)))


def _check_points(leaves, owner, count, what):
    leaves = np.asarray(leaves, dtype=np.int64).ravel()
    owner = np.asarray(owner, dtype=np.int64).ravel()
    if leaves.shape != owner.shape:
        raise ReachMatrixError(f"{what}: {leaves.size} leaves but {owner.size} owners; give one owner per "
                               "access point")
    if owner.size and (owner.min() < 0 or owner.max() >= count):
        raise ReachMatrixError(f"{what}: owner indices must lie in 0..{count - 1}")
    return leaves, owner


def reach_matrix(graph, demand_leaves, demand_owner, n_demand, site_leaves, site_owner, n_sites,
                 radius_m, *, max_chunk_bytes=DEFAULT_CHUNK_BYTES, cancel=None, progress=None):
    """CSR matrix (n_demand × n_sites) of walking costs up to ``radius_m``; absent = farther or unreachable.

    graph: a RoutingGraph holding both point sets as leaves. demand_leaves/site_leaves: leaf node per
    access point (-1 where not attached); demand_owner/site_owner: the feature each access point
    belongs to. cancel(): optional, raises to stop (called between chunks); progress(fraction)
    optional.
    """
    _check_radius(radius_m)
    demand_leaves, demand_owner = _check_points(demand_leaves, demand_owner, n_demand, "demand")
    site_leaves, site_owner = _check_points(site_leaves, site_owner, n_sites, "sites")
    attached_demand = demand_leaves >= 0
    demand_nodes = demand_leaves[attached_demand]
    attached_site = site_leaves >= 0
    # A demand leaf is a target reached through itself at no extra cost.
    return _reach(graph.matrix, graph.node_xy, _straight_line_reach(graph, radius_m),
                  site_leaves[attached_site], site_owner[attached_site], n_sites,
                  graph.node_xy[demand_nodes], demand_nodes[:, None], np.zeros((demand_nodes.size, 1)),
                  demand_owner[attached_demand], n_demand, radius_m,
                  min(SOURCES_PER_LOCAL_CHUNK, chunk_size(graph.node_count, demand_nodes.size, max_chunk_bytes)),
                  cancel, progress)


def contracted_reach_matrix(network, graph, site_points, site_owner, n_sites, demand_owner, n_demand, radius_m,
                            *, max_chunk_bytes=DEFAULT_CHUNK_BYTES, cancel=None, progress=None):
    """``reach_matrix`` on a ContractedGraph (``routing.build_contracted_graph``): the same costs, with the
    searches over the street junctions only (mid-block vertices and the demand points left out).

    network: the WalkingNetwork the graph was built on. site_points: indices into the graph's sources
    (the sites' access points); site_owner: the site of each. demand_owner: the demand feature of each of
    the graph's targets. Other arguments as ``reach_matrix``.
    """
    _check_radius(radius_m)
    site_points, site_owner = _check_points(site_points, site_owner, n_sites, "sites")
    _, demand_owner = _check_points(np.arange(len(graph.target_end)), demand_owner, n_demand, "demand")
    source_nodes = graph.source_node[site_points]
    attached_site = source_nodes >= 0
    attached_demand = np.isfinite(graph.target_xy[:, 0])
    return _reach(graph.matrix, graph.node_xy, _straight_line_reach(network, radius_m),
                  source_nodes[attached_site], site_owner[attached_site], n_sites,
                  graph.target_xy[attached_demand], graph.target_end[attached_demand],
                  graph.target_cost[attached_demand], demand_owner[attached_demand], n_demand, radius_m,
                  min(SOURCES_PER_LOCAL_CHUNK, chunk_size(graph.matrix.shape[0], attached_demand.sum(),
                                                          max_chunk_bytes)),
                  cancel, progress)


def _check_radius(radius_m):
    if not radius_m >= 0:
        raise ReachMatrixError(f"radius_m must be zero or positive metres, got {radius_m!r}")


def _reach(matrix, node_xy, reach, source_nodes, site_of_source, n_sites, target_xy, target_end, target_cost,
           demand_of_target, n_demand, radius_m, step, cancel, progress):
    """The searches of ``reach_matrix``: Dijkstra from chunks of sources over the local part of ``matrix``;
    a target's cost is the least over its ends of the cost to the end plus ``target_cost`` (-1 end: none)."""
    order = _z_order(node_xy[source_nodes], reach)
    source_nodes, site_of_source = source_nodes[order], site_of_source[order]
    searching = source_nodes.size and target_xy.size
    if searching:
        grid = _NodeGrid(node_xy, reach)
        target_grid = _NodeGrid(target_xy, reach)
    local_of_node = np.full(matrix.shape[0], -1, dtype=np.int64)
    rows, cols, costs = [], [], []
    for start in range(0, source_nodes.size if searching else 0, step):
        if cancel:
            cancel()
        chunk = source_nodes[start:start + step]
        chunk_xy = node_xy[chunk]
        local = grid.nodes_near(chunk_xy, reach)
        local_of_node[local] = np.arange(local.size)
        subgraph = _subgraph(matrix, local, local_of_node)
        near = target_grid.nodes_near(chunk_xy, reach)
        ends = target_end[near]
        ends = np.where(ends >= 0, local_of_node[np.maximum(ends, 0)], -1)
        dist = np.atleast_2d(dijkstra(subgraph, directed=True, indices=local_of_node[chunk], limit=radius_m))
        local_of_node[local] = -1
        # Only targets with an end that some source of the chunk reaches (-1, no local end, picks the False
        # appended); an end not reached costs inf.
        reached_end = np.append(np.isfinite(dist).any(axis=0), False)[ends]
        some = reached_end.any(axis=1)
        near, ends, reached_end = near[some], np.maximum(ends[some], 0).T, reached_end[some].T
        extra = np.where(reached_end, target_cost[near].T, np.inf)
        best = dist[:, ends[0]] + extra[0]
        for end, cost in zip(ends[1:], extra[1:]):
            np.minimum(best, dist[:, end] + cost, out=best)
        dist = best
        source_i, target_i = np.nonzero(dist <= radius_m)
        rows.append(demand_of_target[near[target_i]])
        cols.append(site_of_source[start + source_i])
        costs.append(dist[source_i, target_i])
        if progress:
            progress(min(1.0, (start + chunk.size) / source_nodes.size))
    if not rows:
        return sp.csr_matrix((n_demand, n_sites), dtype=np.float64)
    rows, cols, costs = np.concatenate(rows), np.concatenate(cols), np.concatenate(costs)
    if _distinct(demand_of_target) and _distinct(site_of_source):
        keep = slice(None)  # one access point per feature: every (resident, site) pair is found once
    else:
        # Minimum over every (access point, access point) pair of one (resident, site).
        key = rows * np.int64(n_sites) + cols
        order = np.lexsort((costs, key))
        key_sorted = key[order]
        first = np.ones(key_sorted.size, dtype=bool)
        first[1:] = key_sorted[1:] != key_sorted[:-1]
        keep = order[first]
    matrix = sp.csr_matrix((costs[keep], (rows[keep], cols[keep])), shape=(n_demand, n_sites))
    matrix.sort_indices()
    return matrix


def _distinct(owners):
    return np.unique(owners).size == owners.size


def _straight_line_reach(graph, radius_m):
    """How far in a straight line a walk costing ``radius_m`` can end (costs may run below lengths)."""
    measured = graph.edge_length > 0
    cost_per_metre = graph.edge_cost[measured] / graph.edge_length[measured]
    cheapest = min(1.0, float(cost_per_metre.min())) if cost_per_metre.size else 1.0
    return radius_m / cheapest


def _z_order(xy, cell):
    """Order of points along a Z-order (Morton) curve of square cells, so chunks are compact."""
    if len(xy) == 0:
        return np.zeros(0, dtype=np.int64)
    cells = np.floor((xy - xy.min(axis=0)) / max(cell, 1.0)).astype(np.int64)
    cells = np.clip(cells, 0, 0xFFFF).astype(np.uint64)

    def spread(value):
        for shift, mask in ((8, 0x00FF00FF), (4, 0x0F0F0F0F), (2, 0x33333333), (1, 0x55555555)):
            value = (value | (value << np.uint64(shift))) & np.uint64(mask)
        return value

    code = spread(cells[:, 0]) | (spread(cells[:, 1]) << np.uint64(1))
    return np.argsort(code, kind="stable")


class _NodeGrid:
    """Nodes bucketed in square cells, so the nodes of a box are found without scanning them all."""

    def __init__(self, node_xy, cell):
        self.node_xy = node_xy
        self.cell = max(float(cell), 1.0)
        self.origin = node_xy.min(axis=0)
        cells = np.floor((node_xy - self.origin) / self.cell).astype(np.int64)
        self.rows = int(cells[:, 1].max()) + 1
        key = cells[:, 0] * self.rows + cells[:, 1]
        self.order = np.argsort(key, kind="stable")
        self.sorted_key = key[self.order]
        self.columns = int(cells[:, 0].max()) + 1

    def nodes_near(self, sources_xy, reach):
        """Nodes inside the bounding box of the sources widened by ``reach`` (a superset of the discs),
        in increasing order."""
        low = sources_xy.min(axis=0) - reach
        high = sources_xy.max(axis=0) + reach
        first = np.clip(np.floor((low - self.origin) / self.cell).astype(np.int64), 0, None)
        last = np.floor((high - self.origin) / self.cell).astype(np.int64)
        last = np.minimum(last, (self.columns - 1, self.rows - 1))
        if (last < first).any():
            return np.zeros(0, dtype=np.int64)
        columns = np.arange(first[0], last[0] + 1)
        starts = np.searchsorted(self.sorted_key, columns * self.rows + first[1], side="left")
        ends = np.searchsorted(self.sorted_key, columns * self.rows + last[1], side="right")
        candidates = np.concatenate([self.order[a:b] for a, b in zip(starts, ends)])
        inside = ((self.node_xy[candidates] >= low) & (self.node_xy[candidates] <= high)).all(axis=1)
        return np.sort(candidates[inside])


def _subgraph(matrix, local, local_of_node):
    """The rows and columns ``local`` of a CSR matrix, renumbered by ``local_of_node`` (-1: outside)."""
    rows = matrix[local].tocoo()
    column = local_of_node[rows.col]
    kept = column >= 0
    return sp.csr_matrix((rows.data[kept], (rows.row[kept], column[kept])), shape=(local.size, local.size))


def reached(matrix):
    """Boolean CSR pattern of ``matrix`` (stored zeros count as reached)."""
    return sp.csr_matrix((np.ones(matrix.nnz, dtype=bool), matrix.indices.copy(), matrix.indptr.copy()),
                         shape=matrix.shape)


def population_within_reach(matrix, weights):
    """Per site (column), the summed weight of the demand rows that reach it."""
    weights = np.asarray(weights, dtype=np.float64)
    if weights.shape != (matrix.shape[0],):
        raise ReachMatrixError(f"weights must have one value per demand row ({matrix.shape[0]}), "
                               f"got shape {weights.shape}")
    return np.asarray(reached(matrix).astype(np.float64).T @ weights).ravel()


def rows_reaching(matrix, columns):
    """Boolean mask of demand rows that reach at least one of ``columns``."""
    columns = np.asarray(list(columns), dtype=np.int64)
    if columns.size == 0:
        return np.zeros(matrix.shape[0], dtype=bool)
    return np.asarray(reached(matrix)[:, columns].sum(axis=1)).ravel() > 0


def prefer_identical(matrix, chosen, eligible, preference, locked=()):
    """Swap each chosen column for the best-preferred eligible column reaching exactly the same rows.

    Columns with identical reach sets are interchangeable for coverage, so the swap keeps the
    objective and the ranking; among them the one with the lowest ``preference[column]`` (any
    comparable values, e.g. tuples) wins, the lower index on ties. ``locked`` columns (fixed sites)
    are never taken. Returns the new chosen columns in the same order.
    """
    chosen = [int(c) for c in chosen]
    eligible = np.asarray(eligible, dtype=bool)
    by_column = reached(matrix).tocsc()
    by_column.sort_indices()

    def signature(column):
        return by_column.indices[by_column.indptr[column]:by_column.indptr[column + 1]].tobytes()

    groups = {}
    for column in np.flatnonzero(eligible):
        if by_column.indptr[column + 1] > by_column.indptr[column]:
            groups.setdefault(signature(column), []).append(int(column))
    taken = set(chosen) | {int(c) for c in locked}
    result = []
    for column in chosen:
        options = [c for c in groups.get(signature(column), []) if c not in taken] + [column]
        best = min(options, key=lambda c: (preference[c], c))
        taken.discard(column)
        taken.add(best)
        result.append(best)
    return result
