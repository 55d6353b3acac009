"""What the investigator helpers return: tables of a piece of the graph, and networkx.

A :class:`GraphView` holds the stores, identifiers, ``USES`` relationships and store
links of one piece of the graph read from Neo4j (a neighbourhood, the paths between
two stores, a ring), as DataFrames; :attr:`GraphView.graph` is the same as a networkx
graph shaped like :attr:`sellergraph.Analysis.graph` (store nodes keyed by store id,
identifier nodes by their key). :func:`shortest_paths` enumerates the shortest paths
found by a breadth-first search. Everything here is pure.

Examples
--------
>>> parents = {"b": {("a", "phone:1")}, "c": {("b", "email:2")}}
>>> shortest_paths(parents, "a", "c")
[['a', 'phone:1', 'b', 'email:2', 'c']]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..normalize import mask_value

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "IDENTIFIER_VIEW_COLUMNS",
    "LINK_VIEW_COLUMNS",
    "PATH_COLUMNS",
    "STORE_VIEW_COLUMNS",
    "USES_VIEW_COLUMNS",
    "GraphView",
    "shortest_paths",
]

STORE_VIEW_COLUMNS: tuple[str, ...] = (
    "store_id",
    "platform",
    "status",
    "opened_at",
    "closed_at",
    "closure_reason",
    "score",
    "ring_id",
    "hops",
)
IDENTIFIER_VIEW_COLUMNS: tuple[str, ...] = (
    "key",
    "kind",
    "value_hash",
    "value",
    "flag",
    "weight",
    "n_stores",
    "suppressed",
    "n_view_stores",
)
USES_VIEW_COLUMNS: tuple[str, ...] = ("store_id", "key", "first_seen", "last_seen")
LINK_VIEW_COLUMNS: tuple[str, ...] = ("store_id", "other_store_id", "weight", "kinds")
PATH_COLUMNS: tuple[str, ...] = ("path", "step", "type", "id")


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


@dataclass(frozen=True)
class GraphView:
    """A piece of the store-identifier graph read from Neo4j.

    Attributes
    ----------
    stores : DataFrame
        ``store_id, platform, status, opened_at, closed_at, closure_reason, score,
        ring_id, hops`` (store hops from the store the view started at; 0 for it,
        and for every member of a ring view).
    identifiers : DataFrame
        ``key, kind, value_hash, value, flag, weight, n_stores, suppressed,
        n_view_stores`` (``value`` is empty unless the graph was pushed raw;
        ``n_view_stores`` counts the stores of this view using it).
    uses : DataFrame
        ``store_id, key, first_seen, last_seen``: which store uses which identifier.
    links : DataFrame
        ``store_id, other_store_id, weight, kinds``: the ``LINKED`` relationships
        between stores of the view (empty when the graph was pushed without them).
    paths : DataFrame
        For :func:`sellergraph.neo4j.store_paths`: ``path, step, type, id``, one
        row per node of each shortest path (``type`` is ``store`` or ``identifier``);
        empty otherwise.
    info : dict
        For :func:`sellergraph.neo4j.ring_view`: the ring node's properties
        (``ring_id, size, banned, active, closed, platforms, kinds, score, ...``).
    """

    stores: pd.DataFrame
    identifiers: pd.DataFrame
    uses: pd.DataFrame
    links: pd.DataFrame = field(default_factory=lambda: _empty(LINK_VIEW_COLUMNS))
    paths: pd.DataFrame = field(default_factory=lambda: _empty(PATH_COLUMNS))
    info: Mapping[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (
            f"<GraphView: {len(self.stores):,} stores, {len(self.identifiers):,} identifiers, "
            f"{len(self.uses):,} uses, {len(self.links):,} links"
            + (f", {self.paths['path'].nunique():,} paths>" if len(self.paths) else ">")
        )

    @cached_property
    def graph(self) -> nx.Graph:
        """The view as a networkx graph.

        Store nodes (keyed by ``store_id``) have ``type="store"``, ``status``,
        ``platform``, ``score``, ``ring_id`` and ``hops``; identifier nodes (keyed
        by their ``key``) have ``type="identifier"``, ``kind`` and a ``label`` (the
        masked value when pushed raw, else the start of the hash). ``USES`` edges
        have ``type="uses"``; ``LINKED`` edges ``type="linked"`` and ``weight``.
        """
        import networkx as nx

        g = nx.Graph()
        for rec in self.stores.itertuples(index=False):
            g.add_node(
                rec.store_id,
                type="store",
                status=rec.status,
                platform=rec.platform,
                score=None if pd.isna(rec.score) else float(rec.score),
                ring_id=None if pd.isna(rec.ring_id) else rec.ring_id,
                hops=int(rec.hops),
            )
        for rec in self.identifiers.itertuples(index=False):
            label = (
                mask_value(str(rec.kind), str(rec.value))
                if isinstance(rec.value, str)
                else f"#{str(rec.value_hash)[:8]}"
            )
            g.add_node(rec.key, type="identifier", kind=rec.kind, label=label)
        for rec in self.uses.itertuples(index=False):
            g.add_edge(rec.store_id, rec.key, type="uses")
        for rec in self.links.itertuples(index=False):
            g.add_edge(rec.store_id, rec.other_store_id, type="linked", weight=float(rec.weight))
        return g


def shortest_paths(
    parents: Mapping[str, set[tuple[str, str]]], source: str, target: str, *, limit: int = 25
) -> list[list[str]]:
    """Every shortest path from ``source`` to ``target``, from BFS parent links.

    Parameters
    ----------
    parents : mapping
        For each store reached, the ``(previous store, identifier key)`` pairs
        through which it was first reached (all of them at that distance).
    source, target : str
        Store ids.
    limit : int, default 25
        Return at most this many paths.

    Returns
    -------
    list of list of str
        Alternating store ids and identifier keys from ``source`` to ``target``,
        in sorted order; empty when ``target`` was not reached.

    Examples
    --------
    >>> parents = {"b": {("a", "k1")}, "c": {("a", "k2")}, "d": {("b", "k3"), ("c", "k4")}}
    >>> shortest_paths(parents, "a", "d")
    [['a', 'k1', 'b', 'k3', 'd'], ['a', 'k2', 'c', 'k4', 'd']]
    >>> shortest_paths(parents, "a", "d", limit=1)
    [['a', 'k1', 'b', 'k3', 'd']]
    """
    if source == target:
        return [[source]]
    if target not in parents:
        return []
    out: list[list[str]] = []

    def walk(node: str, tail: list[str]) -> None:
        if len(out) >= limit:
            return
        if node == source:
            out.append([node, *tail])
            return
        for prev, key in sorted(parents.get(node, ())):
            walk(prev, [key, node, *tail])

    walk(target, [])
    return out
