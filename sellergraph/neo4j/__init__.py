"""Neo4j integration: push an analysis to Neo4j, pull it back, investigate it there.

Needs the optional extra ``sellergraph[neo4j]`` (the official ``neo4j`` driver);
without it the functions raise :class:`~sellergraph.MissingDependencyError` saying
what to install. Importing this package never needs the driver.

* :mod:`~sellergraph.neo4j.cypher`: the graph model and every statement (pure text,
  parameterised, allow-listed labels and relationship types);
* :mod:`~sellergraph.neo4j.rows`: pure conversions between an analysis and graph rows;
* :mod:`~sellergraph.neo4j.views`: :class:`GraphView`, what investigator helpers return;
* :mod:`~sellergraph.neo4j.sync`: the seam that talks to the server;
* :mod:`~sellergraph.neo4j.testing`: a throwaway Bolt server (ArcadeDB) for tests,
  notebooks and demos.

Examples
--------
>>> from sellergraph import neo4j as sgn
>>> sgn.hashed_config().kinds["phone_hmac"].weight
0.7
"""

from __future__ import annotations

from .rows import HASHED_KIND_SUFFIX, GraphRows, frames_from_records, graph_rows, hashed_config
from .sync import (
    MAX_HOPS,
    Connection,
    DatabaseRings,
    Neo4jConnectionError,
    Neo4jQueryError,
    PushLock,
    PushLockedError,
    PushSummary,
    check_push_lock,
    connect,
    gds_version,
    graph_counts,
    neighbourhood,
    pull,
    push,
    push_lock,
    ring_view,
    rings_in_database,
    store_paths,
)
from .views import GraphView

__all__ = [
    "HASHED_KIND_SUFFIX",
    "MAX_HOPS",
    "Connection",
    "DatabaseRings",
    "GraphRows",
    "GraphView",
    "Neo4jConnectionError",
    "Neo4jQueryError",
    "PushLock",
    "PushLockedError",
    "PushSummary",
    "check_push_lock",
    "connect",
    "frames_from_records",
    "gds_version",
    "graph_counts",
    "graph_rows",
    "hashed_config",
    "neighbourhood",
    "pull",
    "push",
    "push_lock",
    "ring_view",
    "rings_in_database",
    "store_paths",
]
