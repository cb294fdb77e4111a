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
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from .network import MIN_EDGE_COST


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
    tree = shapely.STRtree(network.segments())
    idx = np.flatnonzero(finite)
    points = shapely.points(xy[idx])
    (pt, hit), dist = tree.query_nearest(points, max_distance=max_snap_m, return_distance=True)
    # Equidistant edges give several rows per point: keep the first, deterministically.
    first = np.unique(pt, return_index=True)[1]
    pt, hit, dist = pt[first], hit[first], dist[first]
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
