"""Every Cypher statement sellergraph sends to Neo4j, as fixed, parameterised text.

This module is pure: it holds the graph model (labels, relationship types, their
properties) and the statements, and talks to no server. Data only ever reaches
the server as parameters (``$rows``, ``$store_ids``, ...): no statement is built
from a store id, an identifier value or any other piece of data. Labels and
relationship types come from the fixed allow-lists :data:`LABELS` and
:data:`RELATIONSHIP_TYPES`; :func:`check_label` and :func:`check_relationship_type`
refuse anything else.

Writes are batched ``UNWIND $rows AS row MERGE ...`` statements, so pushing the
same rows twice leaves the same graph. Existing nodes are looked up with ``WHERE
n.key = row.key`` rather than an inline ``{key: row.key}`` map: both use the
uniqueness index on Neo4j, but one Bolt server (ArcadeDB) reads a string value such
as ``"$rows"`` in an inline map of a MATCH as a reference to the parameter of that
name, so a store with that id would not be found. Investigator queries expand one store hop
at a time with :data:`EXPAND_STORES` (a store, an identifier it uses, another store
using it): a neighbourhood of ``k`` hops or the shortest paths between two stores
are ``k`` runs of that one statement, so a hop count never has to be written into
a variable-length pattern, and values shared so widely that they were suppressed
as hubs are skipped during the search (a filter on a ``shortestPath`` is not applied
during the search by every Bolt server).

The graph model::

    (:Store {store_id, platform, status, opened_at, closed_at, closure_reason, name,
             country?, score, matched_store_id, relation, ring_id, alert,
             review_status?, review_decision?, reviewed_at?})
    (:Identifier {key, kind, value_hash, value?, flag, weight, n_stores, suppressed})
    (:Ring {ring_id, size, banned, active, closed, platforms, kinds, first_opened,
            last_banned, density, score})
    (:Store)-[:USES {first_seen, last_seen, n_obs}]->(:Identifier)
    (:Store)-[:IN_RING]->(:Ring)
    (:Store)-[:LINKED {weight, kinds, n_items}]->(:Store)
    (:SellergraphGraph {graph, key_fingerprint, hash_algorithm, rekey_to?})   # one node
    (:SellergraphPushLock {graph, holder, started_at, host, pid, run})  # while a push runs

Examples
--------
>>> check_label("Store")
'Store'
>>> check_label("Store) DETACH DELETE (n")
Traceback (most recent call last):
...
ValueError: label 'Store) DETACH DELETE (n' is not one of Identifier, Ring, Store
>>> print(MERGE_STORES)
UNWIND $rows AS row
MERGE (s:Store {store_id: row.store_id})
SET s += row
"""

from __future__ import annotations

__all__ = [
    "ANALYSIS_STORE_PROPERTIES",
    "CLEAR_ANALYSIS_PROPERTIES",
    "CLEAR_RING_IDS",
    "CONSTRAINTS",
    "COUNT_NODES",
    "COUNT_RELATIONSHIPS",
    "COUNT_STRONG_LINKS",
    "DELETE_ALL_IDENTIFIERS",
    "DELETE_IDENTIFIERS",
    "DELETE_RINGS",
    "DELETE_STALE_LINKED",
    "DELETE_STALE_MEMBERS_OF_RINGS",
    "DELETE_STALE_RING_OF_STORES",
    "DELETE_STALE_USES",
    "DELETE_STORES",
    "EXPAND_STORES",
    "FIND_ORPHAN_IDENTIFIERS",
    "FIND_OTHER_RINGS",
    "FIND_STALE_RING_IDS",
    "FIND_STORES_OF_PLATFORMS",
    "GDS_DROP",
    "GDS_LEIDEN_STREAM",
    "GDS_PROJECT_LINKED",
    "GDS_VERSION",
    "GDS_WCC_STREAM",
    "LABELS",
    "LINKS_AMONG",
    "LOCK_LABEL",
    "MARK_REKEY",
    "MERGE_IDENTIFIERS",
    "MERGE_LINKED",
    "MERGE_MEMBERSHIPS",
    "MERGE_RINGS",
    "MERGE_STORES",
    "MERGE_USES",
    "META_LABEL",
    "PING",
    "PULL_LINKS",
    "PULL_STORES",
    "READ_GRAPH_KEY",
    "READ_PUSH_LOCK",
    "RELATIONSHIP_TYPES",
    "RELEASE_PUSH_LOCK",
    "RING_MEMBERS",
    "STORE_DETAILS",
    "STORE_IDENTIFIERS",
    "TAKE_PUSH_LOCK",
    "WRITE_GRAPH_KEY",
    "check_label",
    "check_relationship_type",
]

#: Node labels sellergraph writes and reads, with the property that identifies a node.
LABELS: dict[str, str] = {"Store": "store_id", "Identifier": "key", "Ring": "ring_id"}

#: Relationship types sellergraph writes and reads: type -> (start label, end label).
RELATIONSHIP_TYPES: dict[str, tuple[str, str]] = {
    "USES": ("Store", "Identifier"),
    "IN_RING": ("Store", "Ring"),
    "LINKED": ("Store", "Store"),
}


def check_label(label: str) -> str:
    """Return ``label`` if it is in :data:`LABELS`, else raise ValueError.

    Examples
    --------
    >>> check_label("Ring")
    'Ring'
    """
    if label not in LABELS:
        raise ValueError(f"label {label!r} is not one of {', '.join(sorted(LABELS))}")
    return label


def check_relationship_type(rel_type: str) -> str:
    """Return ``rel_type`` if it is in :data:`RELATIONSHIP_TYPES`, else raise ValueError.

    Examples
    --------
    >>> check_relationship_type("USES")
    'USES'
    """
    if rel_type not in RELATIONSHIP_TYPES:
        raise ValueError(
            f"relationship type {rel_type!r} is not one of {', '.join(sorted(RELATIONSHIP_TYPES))}"
        )
    return rel_type


def _constraint(label: str) -> str:
    prop = LABELS[check_label(label)]
    return (
        f"CREATE CONSTRAINT sellergraph_{label.lower()}_{prop} IF NOT EXISTS "
        f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE"
    )


#: The label of the push lock: one node while a push runs, so a second push into the
#: same graph is refused instead of interleaving its writes with the first's.
LOCK_LABEL = "SellergraphPushLock"

#: Uniqueness constraints (each also an index), created when absent. The push lock's
#: makes taking it atomic: of two pushes merging the lock node at once, one creates it
#: and the other finds it (or fails on the constraint), on Neo4j as on other servers.
CONSTRAINTS: tuple[str, ...] = (
    *(_constraint(label) for label in LABELS),
    "CREATE CONSTRAINT sellergraph_push_lock_graph IF NOT EXISTS "
    "FOR (n:SellergraphPushLock) REQUIRE n.graph IS UNIQUE",
)

#: ``label -> statement`` counting the nodes of each allowed label.
COUNT_NODES: dict[str, str] = {
    label: f"MATCH (n:{check_label(label)}) RETURN count(n) AS n" for label in LABELS
}

#: ``type -> statement`` counting the relationships of each allowed type.
COUNT_RELATIONSHIPS: dict[str, str] = {
    t: f"MATCH ()-[r:{check_relationship_type(t)}]->() RETURN count(r) AS n"
    for t in RELATIONSHIP_TYPES
}

PING = "RETURN 1 AS ok"

#: The label of the graph's one record of itself: the fingerprint of the key its
#: identifiers are hashed with, so a push with another key is refused.
META_LABEL = "SellergraphGraph"

READ_GRAPH_KEY = """\
MATCH (m:SellergraphGraph)
RETURN m.key_fingerprint AS key_fingerprint, m.rekey_to AS rekey_to"""

WRITE_GRAPH_KEY = """\
MERGE (m:SellergraphGraph {graph: 'sellergraph'})
SET m.key_fingerprint = $key_fingerprint, m.hash_algorithm = $hash_algorithm,
    m.rekey_to = null"""

#: Before a re-key deletes the old key's identifiers: the key it re-keys to, so an
#: interrupted re-key is recognised (and named) when the same push comes again.
MARK_REKEY = """\
MERGE (m:SellergraphGraph {graph: 'sellergraph'})
SET m.rekey_to = $key_fingerprint"""

#: Take the push lock: creates it (holding ``$holder``) unless a push holds it; the
#: holder returned says which push does.
TAKE_PUSH_LOCK = """\
MERGE (l:SellergraphPushLock {graph: 'sellergraph'})
ON CREATE SET l.holder = $holder, l.started_at = $started_at, l.host = $host, l.pid = $pid,
              l.run = $run
RETURN l.holder AS holder, l.started_at AS started_at, l.host AS host, l.pid AS pid,
       l.run AS run"""

READ_PUSH_LOCK = """\
MATCH (l:SellergraphPushLock)
WHERE l.graph = 'sellergraph'
RETURN l.holder AS holder, l.started_at AS started_at, l.host AS host, l.pid AS pid,
       l.run AS run"""

#: Release (or break) the lock held by ``$holder``; another push's lock stays.
RELEASE_PUSH_LOCK = """\
MATCH (l:SellergraphPushLock)
WHERE l.graph = 'sellergraph' AND l.holder = $holder
DELETE l
RETURN count(*) AS n"""

#: Re-keying: every identifier goes (with its ``USES``), ``$limit`` at a time.
DELETE_ALL_IDENTIFIERS = """\
MATCH (i:Identifier)
WITH i LIMIT $limit
DETACH DELETE i
RETURN count(*) AS n"""

# -- push ---------------------------------------------------------------------------

#: Stores: ``row`` holds every store property; a null removes the property.
MERGE_STORES = """\
UNWIND $rows AS row
MERGE (s:Store {store_id: row.store_id})
SET s += row"""

#: Identifiers: ``row`` holds every identifier property (``value`` null unless raw).
MERGE_IDENTIFIERS = """\
UNWIND $rows AS row
MERGE (i:Identifier {key: row.key})
SET i += row"""

MERGE_USES = """\
UNWIND $rows AS row
MATCH (s:Store) WHERE s.store_id = row.store_id
MATCH (i:Identifier) WHERE i.key = row.key
MERGE (s)-[u:USES]->(i)
SET u.first_seen = row.first_seen, u.last_seen = row.last_seen, u.n_obs = row.n_obs
RETURN count(u) AS n"""

MERGE_RINGS = """\
UNWIND $rows AS row
MERGE (g:Ring {ring_id: row.ring_id})
SET g += row"""

MERGE_MEMBERSHIPS = """\
UNWIND $rows AS row
MATCH (s:Store) WHERE s.store_id = row.store_id
MATCH (g:Ring) WHERE g.ring_id = row.ring_id
MERGE (s)-[m:IN_RING]->(g)
RETURN count(m) AS n"""

#: Store links, always from the smaller ``store_id`` to the larger.
MERGE_LINKED = """\
UNWIND $rows AS row
MATCH (a:Store) WHERE a.store_id = row.store_id
MATCH (b:Store) WHERE b.store_id = row.other_store_id
MERGE (a)-[l:LINKED]->(b)
SET l.weight = row.weight, l.kinds = row.kinds, l.n_items = row.n_items
RETURN count(l) AS n"""

# -- incremental clean-up -----------------------------------------------------------

#: ``row``: ``store_id`` and ``keys``, the identifiers the store uses now.
DELETE_STALE_USES = """\
UNWIND $rows AS row
MATCH (s:Store)-[u:USES]->(i:Identifier)
WHERE s.store_id = row.store_id AND NOT i.key IN row.keys
DELETE u
RETURN count(u) AS n"""

#: ``row``: ``store_id`` and ``ring_id`` (null when the store is in no ring).
DELETE_STALE_RING_OF_STORES = """\
UNWIND $rows AS row
MATCH (s:Store)-[m:IN_RING]->(g:Ring)
WHERE s.store_id = row.store_id AND (row.ring_id IS NULL OR g.ring_id <> row.ring_id)
DELETE m
RETURN count(m) AS n"""

#: ``row``: ``ring_id`` and ``members``; removes memberships of stores not pushed.
DELETE_STALE_MEMBERS_OF_RINGS = """\
UNWIND $rows AS row
MATCH (g:Ring)<-[m:IN_RING]-(s:Store)
WHERE g.ring_id = row.ring_id AND NOT s.store_id IN row.members
DELETE m
RETURN count(m) AS n"""

#: ``row``: ``store_id`` and ``others``, the stores it is linked to now (either way).
DELETE_STALE_LINKED = """\
UNWIND $rows AS row
MATCH (s:Store)-[l:LINKED]-(t:Store)
WHERE s.store_id = row.store_id AND NOT t.store_id IN row.others
DELETE l
RETURN count(l) AS n"""

#: Rings the pushed analysis does not have, with their members (run before any
#: membership is removed: a ring holding a pushed store is one the analysis replaces).
FIND_OTHER_RINGS = """\
MATCH (g:Ring)
WHERE NOT g.ring_id IN $ring_ids
OPTIONAL MATCH (g)<-[:IN_RING]-(s:Store)
RETURN g.ring_id AS ring_id, collect(s.store_id) AS members"""

DELETE_RINGS = """\
UNWIND $ids AS stale_ring_id
MATCH (g:Ring) WHERE g.ring_id = stale_ring_id
DETACH DELETE g"""

FIND_ORPHAN_IDENTIFIERS = """\
MATCH (i:Identifier)
WHERE NOT EXISTS { MATCH (i)<-[:USES]-(:Store) }
RETURN i.key AS key"""

DELETE_IDENTIFIERS = """\
UNWIND $ids AS identifier_key
MATCH (i:Identifier)
WHERE i.key = identifier_key AND NOT EXISTS { MATCH (i)<-[:USES]-(:Store) }
DETACH DELETE i"""

#: Store properties an analysis gives (not the input's): cleared on a store that
#: left the analysis, so no query shows an old score as current.
ANALYSIS_STORE_PROPERTIES: tuple[str, ...] = (
    "score",
    "matched_store_id",
    "relation",
    "alert",
    "review_status",
    "review_decision",
    "reviewed_at",
)

#: Stores of the analysed platforms in the graph, and whether an analysis gave them
#: properties (see :data:`ANALYSIS_STORE_PROPERTIES`).
FIND_STORES_OF_PLATFORMS = """\
MATCH (s:Store)
WHERE s.platform IN $platforms
RETURN s.store_id AS store_id,
       s.score IS NOT NULL OR s.matched_store_id IS NOT NULL OR s.relation IS NOT NULL
       OR s.alert IS NOT NULL OR s.review_status IS NOT NULL
       OR s.review_decision IS NOT NULL OR s.reviewed_at IS NOT NULL AS analysed"""

CLEAR_ANALYSIS_PROPERTIES = """\
UNWIND $ids AS absent_store_id
MATCH (s:Store) WHERE s.store_id = absent_store_id
REMOVE s.score, s.matched_store_id, s.relation, s.alert, s.review_status, s.review_decision,
       s.reviewed_at"""

#: ``--prune``: stores that left a full-snapshot export go, with their relationships.
DELETE_STORES = """\
UNWIND $ids AS absent_store_id
MATCH (s:Store) WHERE s.store_id = absent_store_id
DETACH DELETE s"""

FIND_STALE_RING_IDS = """\
MATCH (s:Store)
WHERE s.ring_id IS NOT NULL AND NOT EXISTS { MATCH (s)-[:IN_RING]->(:Ring) }
RETURN s.store_id AS store_id"""

CLEAR_RING_IDS = """\
UNWIND $ids AS stale_store_id
MATCH (s:Store) WHERE s.store_id = stale_store_id
REMOVE s.ring_id"""

# -- pull ---------------------------------------------------------------------------

PULL_STORES = """\
MATCH (s:Store)
RETURN s.store_id AS store_id, s.platform AS platform, s.status AS status,
       s.opened_at AS opened_at, s.closed_at AS closed_at,
       s.closure_reason AS closure_reason, s.name AS name, s.country AS country"""

PULL_LINKS = """\
MATCH (s:Store)-[u:USES]->(i:Identifier)
RETURN s.store_id AS store_id, i.kind AS kind, i.value AS value, i.value_hash AS value_hash,
       u.first_seen AS first_seen, u.last_seen AS last_seen"""

# -- investigation ------------------------------------------------------------------

#: One store hop: each store of ``$store_ids`` to every other store sharing an
#: identifier with it; suppressed hubs are skipped unless ``$include_hubs``.
EXPAND_STORES = """\
UNWIND $store_ids AS store_id
MATCH (s:Store)-[:USES]->(i:Identifier)<-[:USES]-(t:Store)
WHERE s.store_id = store_id AND t.store_id <> store_id
  AND ($include_hubs OR NOT coalesce(i.suppressed, false))
RETURN store_id, i.key AS key, t.store_id AS other_store_id"""

STORE_DETAILS = """\
UNWIND $store_ids AS store_id
MATCH (s:Store) WHERE s.store_id = store_id
RETURN s.store_id AS store_id, s.platform AS platform, s.status AS status,
       s.opened_at AS opened_at, s.closed_at AS closed_at, s.closure_reason AS closure_reason,
       s.score AS score, s.ring_id AS ring_id"""

STORE_IDENTIFIERS = """\
UNWIND $store_ids AS store_id
MATCH (s:Store)-[u:USES]->(i:Identifier) WHERE s.store_id = store_id
RETURN store_id, i.key AS key, i.kind AS kind, i.value_hash AS value_hash, i.value AS value,
       i.flag AS flag, i.weight AS weight, i.n_stores AS n_stores, i.suppressed AS suppressed,
       u.first_seen AS first_seen, u.last_seen AS last_seen"""

LINKS_AMONG = """\
UNWIND $store_ids AS store_id
MATCH (a:Store)-[l:LINKED]->(b:Store)
WHERE a.store_id = store_id AND b.store_id IN $store_ids
RETURN a.store_id AS store_id, b.store_id AS other_store_id, l.weight AS weight,
       l.kinds AS kinds"""

RING_MEMBERS = """\
MATCH (g:Ring) WHERE g.ring_id = $ring_id
OPTIONAL MATCH (s:Store)-[:IN_RING]->(g)
RETURN properties(g) AS ring, collect(s.store_id) AS members"""

# -- Graph Data Science -------------------------------------------------------------

GDS_VERSION = "RETURN gds.version() AS version"

COUNT_STRONG_LINKS = """\
MATCH (:Store)-[l:LINKED]->(:Store)
WHERE l.weight >= $min_link
RETURN count(l) AS n"""

#: Cypher projection of the strong store links (``weight >= $min_link``), undirected.
GDS_PROJECT_LINKED = """\
MATCH (a:Store)-[l:LINKED]->(b:Store)
WHERE l.weight >= $min_link
WITH gds.graph.project($graph, a, b, {relationshipProperties: l {.weight}},
                       {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.graphName AS graph, g.nodeCount AS nodes, g.relationshipCount AS relationships"""

GDS_WCC_STREAM = """\
CALL gds.wcc.stream($graph)
YIELD nodeId, componentId
WITH gds.util.asNode(nodeId) AS s, componentId
RETURN s.store_id AS store_id, s.opened_at AS opened_at, componentId AS community"""

GDS_LEIDEN_STREAM = """\
CALL gds.leiden.stream($graph, {relationshipWeightProperty: 'weight', gamma: $resolution,
                                randomSeed: $seed, concurrency: 1})
YIELD nodeId, communityId
WITH gds.util.asNode(nodeId) AS s, communityId
RETURN s.store_id AS store_id, s.opened_at AS opened_at, communityId AS community"""

GDS_DROP = "CALL gds.graph.drop($graph, false) YIELD graphName RETURN graphName"
