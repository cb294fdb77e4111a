"""Attaching points to the walking network and shortest walks from many sources at once.

A point (resident, gate, facility) attaches at the foot of the perpendicular on its nearest
edge within a snap limit. The routing graph splits every edge at every attachment foot and
hangs each point on its foot by a leaf edge (the straight access leg). So a walk runs along
partial edges both ways, and two points on one edge reach each other directly along it.
Leaves have one edge, so no walk can pass through a point.
"""
from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra

from .network import MIN_EDGE_COST, cheapest_per_pair, point_segment_distance


@dataclass
class Attachment:
    """Where each point meets the network. ``edge`` is -1 for points beyond the snap limit."""

    edge: np.ndarray
    t: np.ndarray  # position along the edge from edge_u (0) to edge_v (1)
    snap_m: np.ndarray  # length of the straight access leg; NaN when not attached

    @property
    def attached(self):
        return self.edge >= 0

    def __len__(self):
        return len(self.edge)


def attach_points(network, xy, max_snap_m):
    """Attach points (n × 2 metric coordinates) to their nearest edge within ``max_snap_m``."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    n = len(xy)
    edge = np.full(n, -1, dtype=np.int64)
    t = np.zeros(n)
    snap = np.full(n, np.nan)
    finite = np.isfinite(xy).all(axis=1)
    if n == 0 or not finite.any():
        return Attachment(edge, t, snap)
    idx = np.flatnonzero(finite)
    pt, hit, dist = nearest_edges(network, xy[idx], max_snap_m)
    a = network.node_xy[network.edge_u[hit]]
    b = network.node_xy[network.edge_v[hit]]
    ab = b - a
    along = np.einsum("ij,ij->i", xy[idx[pt]] - a, ab)
    length2 = np.einsum("ij,ij->i", ab, ab)
    # A gap connector at an exact T-junction has zero length: a point on it sits at its start.
    t_hit = np.clip(np.divide(along, length2, out=np.zeros_like(along), where=length2 > 0), 0.0, 1.0)
    edge[idx[pt]] = hit
    t[idx[pt]] = t_hit
    snap[idx[pt]] = dist
    return Attachment(edge, t, snap)


_GRID_CHUNK = 32768  # points per batch of candidate pairs (bounds memory to ~100 MB)


def nearest_edges(network, xy, max_distance):
    """Nearest edge of each point within ``max_distance``: (point index, edge, distance), one row per
    point found, equidistant edges resolved to the lowest edge id.

    Edges are binned into square cells of about one median edge length; every edge within one cell
    size of a point touches the 3 × 3 cells around it, so a nearest edge found there no farther than
    that is exact. Points with none that near go to an R-tree nearest search (``STRtree.query_nearest``).
    """
    empty = np.empty(0, dtype=np.int64)
    if len(xy) == 0 or network.edge_count == 0:
        return empty, empty, np.empty(0)
    grid = network.edge_grid()
    a, b = network.node_xy[network.edge_u], network.node_xy[network.edge_v]
    cell = grid.cell_of(xy)
    pts, edges, dists = [], [], []
    for start in range(0, len(xy), _GRID_CHUNK):
        chunk = np.arange(start, min(start + _GRID_CHUNK, len(xy)))
        owner, cand, per_point = grid.candidates(cell[chunk], 1)
        owner = chunk[owner]
        d = point_segment_distance(xy[owner], a[cand], b[cand])
        found = per_point > 0
        group = (np.cumsum(per_point) - per_point)[found]
        best = np.minimum.reduceat(d, group)
        # Lowest edge id among the equidistant nearest ones.
        ties = d == np.repeat(best, per_point[found])
        best_edge = np.minimum.reduceat(np.where(ties, cand, network.edge_count), group)
        pts.append(chunk[found])
        edges.append(best_edge)
        dists.append(best)
    pt, hit, dist = np.concatenate(pts), np.concatenate(edges), np.concatenate(dists)
    exact = dist <= grid.cell * (1 - 1e-9)  # a hair inside, against rounding in the cell arithmetic
    pt, hit, dist = pt[exact], hit[exact], dist[exact]
    if max_distance > grid.cell * (1 - 1e-9):
        rest = np.setdiff1d(np.arange(len(xy)), pt)
        if len(rest):
            (far_pt, far_hit), far_dist = network.edge_tree().query_nearest(
                shapely.points(xy[rest]), max_distance=max_distance, return_distance=True)
            order = np.lexsort((far_hit, far_pt))
            far_pt, far_hit, far_dist = far_pt[order], far_hit[order], far_dist[order]
            first = np.unique(far_pt, return_index=True)[1]
            pt = np.concatenate([pt, rest[far_pt[first]]])
            hit = np.concatenate([hit, far_hit[first]])
            dist = np.concatenate([dist, far_dist[first]])
    within = dist <= max_distance
    order = np.argsort(pt[within], kind="stable")
    return pt[within][order], hit[within][order], dist[within][order]


@dataclass
class RoutingGraph:
    """The network with attachment feet as nodes and one leaf node per attached point."""

    matrix: csr_matrix
    leaves: list  # per attachment set: leaf node id per point (-1 where not attached)
    base_nodes: int  # node ids below this are the network's own nodes
    node_xy: np.ndarray  # coordinates of every node of the graph (leaves at their feet)
    edge_u: np.ndarray
    edge_v: np.ndarray
    edge_cost: np.ndarray
    edge_length: np.ndarray

    @property
    def node_count(self):
        return self.matrix.shape[0]


def build_routing_graph(network, attachments):
    """Split the network's edges at every attached point of every set and hang the points on leaves."""
    n0 = network.node_count
    edge_parts, t_parts, set_parts, point_parts = [], [], [], []
    for set_index, att in enumerate(attachments):
        ok = np.flatnonzero(att.attached)
        edge_parts.append(att.edge[ok])
        t_parts.append(att.t[ok])
        set_parts.append(np.full(len(ok), set_index))
        point_parts.append(ok)
    edges = np.concatenate(edge_parts) if edge_parts else np.empty(0, dtype=np.int64)
    params = np.concatenate(t_parts) if t_parts else np.empty(0)
    sets = np.concatenate(set_parts) if set_parts else np.empty(0, dtype=np.int64)
    points = np.concatenate(point_parts) if point_parts else np.empty(0, dtype=np.int64)
    k = len(edges)

    order = np.lexsort((params, edges))
    edges_s, params_s = edges[order], params[order]
    foot = n0 + np.arange(k)  # foot node of the i-th attachment in sorted order
    first = np.ones(k, dtype=bool)
    first[1:] = edges_s[1:] != edges_s[:-1]
    last = np.ones(k, dtype=bool)
    last[:-1] = edges_s[1:] != edges_s[:-1]
    prev_node = np.where(first, network.edge_u[edges_s], np.roll(foot, 1))
    prev_t = np.where(first, 0.0, np.roll(params_s, 1))

    touched = np.zeros(network.edge_count, dtype=bool)
    touched[edges_s] = True
    whole = np.flatnonzero(~touched)
    frac = np.concatenate([params_s - prev_t, 1.0 - params_s[last]])
    piece_edge = np.concatenate([edges_s, edges_s[last]])
    u = np.concatenate([network.edge_u[whole], prev_node, foot[last]])
    v = np.concatenate([network.edge_v[whole], foot, network.edge_v[edges_s[last]]])
    cost = np.concatenate([network.edge_cost[whole], network.edge_cost[piece_edge] * frac])
    length = np.concatenate([network.edge_length[whole], network.edge_length[piece_edge] * frac])

    # Leaves: one per attached point, hung on its foot by the access leg.
    leaf = n0 + k + np.arange(k)
    sorted_sets, sorted_points = sets[order], points[order]
    snap = np.empty(k)
    for set_index, att in enumerate(attachments):
        mask = sorted_sets == set_index
        snap[mask] = att.snap_m[sorted_points[mask]]
    u = np.concatenate([u, foot])
    v = np.concatenate([v, leaf])
    cost = np.concatenate([cost, snap])
    length = np.concatenate([length, snap])

    a = network.node_xy[network.edge_u[edges_s]]
    b = network.node_xy[network.edge_v[edges_s]]
    foot_xy = a + params_s[:, None] * (b - a)
    node_xy = np.concatenate([network.node_xy, foot_xy, foot_xy])

    leaves = []
    for set_index, att in enumerate(attachments):
        ids = np.full(len(att), -1, dtype=np.int64)
        mask = sorted_sets == set_index
        ids[sorted_points[mask]] = leaf[mask]
        leaves.append(ids)

    n = n0 + 2 * k
    weight = np.maximum(cost, MIN_EDGE_COST)
    matrix = csr_matrix(
        (np.concatenate([weight, weight]), (np.concatenate([u, v]), np.concatenate([v, u]))), shape=(n, n)
    )
    # csr_matrix sums repeated (i, j) entries; parallel edges are dropped when the network is built,
    # and the pieces made here all have distinct end pairs, so every stored weight is one edge.
    return RoutingGraph(matrix, leaves, n0, node_xy, u, v, cost, length)


def nearest_source(graph, source_nodes, limit_m):
    """Walking cost from the nearest of ``source_nodes`` to every node, and which source it is.

    One multi-source Dijkstra pass with a cutoff; nodes beyond ``limit_m`` get inf and source -1.
    Returns (cost per node, index into ``source_nodes`` per node).
    """
    source_nodes = np.asarray(source_nodes, dtype=np.int64)
    n = graph.node_count
    if len(source_nodes) == 0:
        return np.full(n, np.inf), np.full(n, -1, dtype=np.int64)
    unique_sources, first_index = np.unique(source_nodes, return_index=True)
    dist, _, nearest = dijkstra(
        graph.matrix, directed=True, indices=unique_sources, limit=limit_m,
        min_only=True, return_predecessors=True,
    )
    position = np.full(n, -1, dtype=np.int64)
    position[unique_sources] = first_index
    which = np.where(nearest >= 0, position[np.maximum(nearest, 0)], -1)
    return dist, which


@dataclass
class ContractedGraph:
    """Routing from source points to fixed target points, with chains of degree-2 nodes contracted.

    The shortest-path kernel runs on the junctions only (nodes of degree other than 2, source feet
    and leaves): the mid-block vertices of a street and the targets are read off afterwards from the
    two ends of their chain, which gives the same costs as routing the full graph with the targets
    hung on leaves (a target's leaf, like a chain interior, is never passed through).
    """

    matrix: csr_matrix  # over the kept nodes
    source_node: np.ndarray  # per source point: kept node index of its leaf (-1: not attached)
    target_end: np.ndarray  # (targets, 4) kept node indices a target is reached through (-1: none)
    target_cost: np.ndarray  # (targets, 4) cost from that kept node to the target (inf: none)
    node_xy: np.ndarray  # (kept nodes, 2) coordinates (leaves at their feet)
    target_xy: np.ndarray  # (targets, 2) where each target meets the network (NaN: not attached)


_LONGEST_WALKED_CHAIN = 2000  # nodes; longer chains are costed by a Dijkstra instead (see _chain_ends)


def _chain_ends(u, v, weight, n):
    """Per node, its two reaching kept nodes and costs: itself at 0 for kept nodes; the two ends of
    its chain and the costs along the chain for degree-2 nodes. Returns (kept mask, end (n, 2), cost
    (n, 2), contracted edges (a, b, cost) between kept nodes)."""
    degree = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    interior = degree == 2
    kept = ~interior
    end = np.full((n, 2), -1, dtype=np.int64)
    cost = np.full((n, 2), np.inf)
    end[kept, 0] = np.flatnonzero(kept)
    cost[kept, 0] = 0.0

    both_kept = kept[u] & kept[v]
    direct = (u[both_kept], v[both_kept], weight[both_kept])
    if not interior.any():
        return kept, end, cost, direct
    both_interior = interior[u] & interior[v]
    inner = coo_matrix((np.ones(both_interior.sum()), (u[both_interior], v[both_interior])), shape=(n, n))
    _, label = connected_components(inner, directed=False)
    chained = ~both_kept
    chain = np.where(interior[u], label[u], label[v])[chained]
    total = np.bincount(chain, weights=weight[chained], minlength=n)
    # Each chain meets kept nodes through exactly two edges (none when the chain is a closed ring).
    outer = interior[u] != interior[v]
    outer_chain = np.where(interior[u], label[u], label[v])[outer]
    outer_kept = np.where(interior[u], v, u)[outer]
    order = np.argsort(outer_chain, kind="stable")
    outer_chain, outer_kept = outer_chain[order], outer_kept[order]
    first_end = np.full(n, -1, dtype=np.int64)
    second_end = np.full(n, -1, dtype=np.int64)
    first_end[outer_chain[0::2]] = outer_kept[0::2]
    second_end[outer_chain[1::2]] = outer_kept[1::2]

    if np.bincount(label[interior]).max() <= _LONGEST_WALKED_CHAIN:
        near_cost, near = _walk_chains(u, v, weight, n, interior, label, outer, order, first_end, second_end)
    else:
        # A few very long chains (a GPS track of thousands of vertices): one Dijkstra on the chains alone,
        # kept nodes only emitting, beats walking them a node per step.
        into = interior[v]
        from_kept = into & kept[u]
        back = interior[u] & kept[v]
        rows = np.concatenate([u[both_interior], v[both_interior], u[from_kept], v[back]])
        cols = np.concatenate([v[both_interior], u[both_interior], v[from_kept], u[back]])
        weights = np.concatenate([weight[both_interior], weight[both_interior], weight[from_kept], weight[back]])
        chains = csr_matrix((weights, (rows, cols)), shape=(n, n))
        near_cost, _, near = dijkstra(chains, directed=True, indices=np.unique(outer_kept), min_only=True,
                                      return_predecessors=True)
    nodes = np.flatnonzero(interior & (near >= 0))
    node_chain = label[nodes]
    near_end = near[nodes]
    far_end = np.where(first_end[node_chain] == near_end, second_end[node_chain], first_end[node_chain])
    end[nodes, 0] = near_end
    cost[nodes, 0] = near_cost[nodes]
    end[nodes, 1] = far_end
    cost[nodes, 1] = total[node_chain] - near_cost[nodes]

    with_ends = np.flatnonzero((first_end >= 0) & (second_end >= 0) & (first_end != second_end))
    a = np.concatenate([direct[0], first_end[with_ends]])
    b = np.concatenate([direct[1], second_end[with_ends]])
    c = np.concatenate([direct[2], total[with_ends]])
    return kept, end, cost, (a, b, c)


def _walk_chains(u, v, weight, n, interior, label, outer, order, first_end, second_end):
    """Cost from the nearer end of its chain to every degree-2 node, and that end: every chain walked from
    both of its outer edges at once, one node per step, adding the weights in path order — the sums a
    Dijkstra from the ends forms, bit for bit. (-1 and inf for rings, which no end reaches.)"""
    outer_edge = np.flatnonzero(outer)[order]
    ends = np.concatenate([u, v])
    incident = np.argsort(ends, kind="stable") % len(u)  # two edges per interior node
    first_of = np.concatenate([[0], np.cumsum(np.bincount(ends, minlength=n))[:-1]])  # each node: its first row
    walk_cost = np.full((n, 2), np.inf)
    side = np.arange(len(outer_edge)) % 2  # 0: from the chain's first end, 1: from its second
    node = np.where(interior[u[outer_edge]], u[outer_edge], v[outer_edge])
    via, acc = outer_edge, 0.0 + weight[outer_edge]
    while len(node):
        walk_cost[node, side] = acc
        pair = incident[first_of[node][:, None] + np.arange(2)]
        via = np.where(pair[:, 0] == via, pair[:, 1], pair[:, 0])
        node = np.where(u[via] == node, v[via], u[via])
        going = interior[node]
        node, via, side, acc = node[going], via[going], side[going], acc[going] + weight[via[going]]
    near_cost = walk_cost.min(axis=1)
    near = np.where(walk_cost[:, 0] <= walk_cost[:, 1], first_end[label], second_end[label])
    return near_cost, np.where(np.isfinite(near_cost), near, -1)


def build_contracted_graph(network, sources, targets):
    """Routing graph for many passes from ``sources`` (an Attachment) to ``targets`` (an Attachment).

    Source points are split into the network and hung on leaves as in ``build_routing_graph``;
    targets stay outside the graph and are reached from the ends of the piece of edge they sit on.
    """
    graph = build_routing_graph(network, [sources])
    n = graph.node_count
    weight = np.maximum(graph.edge_cost, MIN_EDGE_COST)
    kept, end, cost, (a, b, c) = _chain_ends(graph.edge_u, graph.edge_v, weight, n)

    kept_index = np.full(n, -1, dtype=np.int64)
    kept_index[kept] = np.arange(kept.sum())
    # Two chains between the same junctions keep the cheaper; a chain returning to its start is no edge.
    order = cheapest_per_pair(a, b, c, n)
    ka, kb, kc = kept_index[np.minimum(a, b)[order]], kept_index[np.maximum(a, b)[order]], c[order]
    m = int(kept.sum())
    matrix = csr_matrix((np.concatenate([kc, kc]), (np.concatenate([ka, kb]), np.concatenate([kb, ka]))),
                        shape=(m, m))

    source_leaf = graph.leaves[0]
    source_node = np.where(source_leaf >= 0, kept_index[np.maximum(source_leaf, 0)], -1)

    # The piece of edge each target sits on: between the source feet before and after it on its edge.
    n0 = network.node_count
    ok = np.flatnonzero(sources.attached)
    feet_order = np.lexsort((sources.t[ok], sources.edge[ok]))
    feet_edge, feet_t = sources.edge[ok][feet_order], sources.t[ok][feet_order]
    k = len(feet_edge)
    target_end = np.full((len(targets), 4), -1, dtype=np.int64)
    target_cost = np.full((len(targets), 4), np.inf)
    target_xy = np.full((len(targets), 2), np.nan)
    hit = np.flatnonzero(targets.attached)
    if len(hit):
        t_edge, t_t = targets.edge[hit], targets.t[hit]
        merged_edge = np.concatenate([feet_edge, t_edge])
        merged_t = np.concatenate([feet_t, t_t])
        is_target = np.concatenate([np.zeros(k, dtype=bool), np.ones(len(hit), dtype=bool)])
        merged = np.lexsort((is_target, merged_t, merged_edge))
        feet_before = np.cumsum(~is_target[merged]) - (~is_target[merged])
        position = np.empty(len(merged), dtype=np.int64)
        position[merged] = feet_before
        next_foot = position[k:]
        prev_foot = np.clip(next_foot - 1, 0, max(k - 1, 0))
        next_foot = np.clip(next_foot, 0, max(k - 1, 0))
        no_feet = np.zeros(len(hit), dtype=bool)
        has_prev = (position[k:] > 0) & (feet_edge[prev_foot] == t_edge) if k else no_feet
        has_next = (position[k:] < k) & (feet_edge[next_foot] == t_edge) if k else no_feet
        prev_node = np.where(has_prev, n0 + prev_foot, network.edge_u[t_edge])
        next_node = np.where(has_next, n0 + next_foot, network.edge_v[t_edge])
        prev_t = np.where(has_prev, feet_t[prev_foot], 0.0) if k else np.zeros(len(hit))
        next_t = np.where(has_next, feet_t[next_foot], 1.0) if k else np.ones(len(hit))
        a, b = network.node_xy[network.edge_u[t_edge]], network.node_xy[network.edge_v[t_edge]]
        target_xy[hit] = a + t_t[:, None] * (b - a)
        edge_cost = network.edge_cost[t_edge]
        leg = np.maximum(targets.snap_m[hit], MIN_EDGE_COST)
        to_prev = np.maximum(edge_cost * (t_t - prev_t), MIN_EDGE_COST) + leg
        to_next = np.maximum(edge_cost * (next_t - t_t), MIN_EDGE_COST) + leg
        for column, (node, extra) in enumerate(((prev_node, to_prev), (next_node, to_next))):
            reach_end, reach_cost = end[node], cost[node]
            target_end[hit, 2 * column:2 * column + 2] = np.where(
                reach_end >= 0, kept_index[np.maximum(reach_end, 0)], -1)
            target_cost[hit, 2 * column:2 * column + 2] = reach_cost + extra[:, None]
    return ContractedGraph(matrix, source_node, target_end, target_cost, graph.node_xy[kept], target_xy)


def nearest_source_to_targets(graph, source_points, limit_m):
    """Walking cost from the nearest of the given source points to every target point.

    ``source_points``: indices into the sources the graph was built with (attached ones only).
    Returns (cost per target, inf beyond ``limit_m``; position in ``source_points`` per target, -1).
    """
    source_points = np.asarray(source_points, dtype=np.int64)
    targets = len(graph.target_end)
    if len(source_points) == 0:
        return np.full(targets, np.inf), np.full(targets, -1, dtype=np.int64)
    nodes = graph.source_node[source_points]
    unique_nodes, first_index = np.unique(nodes, return_index=True)
    dist, _, nearest = dijkstra(graph.matrix, directed=True, indices=unique_nodes, limit=limit_m,
                                min_only=True, return_predecessors=True)
    position = np.full(graph.matrix.shape[0], -1, dtype=np.int64)
    position[unique_nodes] = first_index
    reachable = graph.target_end >= 0
    through = np.maximum(graph.target_end, 0)
    candidates = np.where(reachable, dist[through] + graph.target_cost, np.inf)
    best = np.argmin(candidates, axis=1)
    rows = np.arange(targets)
    cost = candidates[rows, best]
    via = through[rows, best]
    within = np.isfinite(cost) & (cost <= limit_m)
    which = np.where(within & (nearest[via] >= 0), position[np.maximum(nearest[via], 0)], -1)
    return np.where(within, cost, np.inf), which
