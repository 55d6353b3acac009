"""Shared fixtures: a real Bolt server for the Neo4j tests.

By default the session starts a throwaway ArcadeDB server with its Bolt endpoint
(:mod:`sellergraph.neo4j.testing`; needs ``arcadedb-embedded``) the first time a test
asks for it. To run the same tests against a real Neo4j instead, point at it:

    SELLERGRAPH_NEO4J_URI=bolt://localhost:7687 SELLERGRAPH_NEO4J_USER=neo4j \\
    SELLERGRAPH_NEO4J_PASSWORD=... SELLERGRAPH_NEO4J_DATABASE=neo4j \\
    python -m pytest tests/test_neo4j.py

The tests delete everything in that database: use a disposable one. Tests that kill
and restart the server use their own ArcadeDB server and are skipped against an
external one.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from sellergraph.neo4j import Connection


@dataclass(frozen=True)
class BoltServer:
    """Where the Neo4j tests connect; ``server`` is the ArcadeDB process when local."""

    uri: str
    user: str
    password: str
    database: str
    server: Any = None

    @property
    def external(self) -> bool:
        return self.server is None

    def connect(self, **kwargs: Any) -> Connection:
        from sellergraph.neo4j import connect

        return connect(
            self.uri, user=self.user, password=self.password, database=self.database, **kwargs
        )


@pytest.fixture(scope="session")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BoltServer]:
    """A running Bolt server for the whole session (external, or ArcadeDB started here)."""
    pytest.importorskip("neo4j", reason='needs the neo4j driver: pip install "sellergraph[neo4j]"')
    uri = os.environ.get("SELLERGRAPH_NEO4J_URI")
    if uri:
        password = os.environ.get("SELLERGRAPH_NEO4J_PASSWORD")
        if password is None:
            pytest.fail("SELLERGRAPH_NEO4J_URI is set but SELLERGRAPH_NEO4J_PASSWORD is not")
        yield BoltServer(
            uri=uri,
            user=os.environ.get("SELLERGRAPH_NEO4J_USER", "neo4j"),
            password=password,
            database=os.environ.get("SELLERGRAPH_NEO4J_DATABASE", "neo4j"),
        )
        return
    pytest.importorskip(
        "arcadedb_embedded", reason="needs arcadedb-embedded (or an external server)"
    )
    from sellergraph.neo4j.testing import ArcadeDBServer

    server = ArcadeDBServer(tmp_path_factory.mktemp("arcadedb"), password=secrets.token_urlsafe(16))
    server.start()
    try:
        yield BoltServer(
            uri=server.uri,
            user=server.user,
            password=server.password,
            database=server.database,
            server=server,
        )
    finally:
        server.stop()


def wipe(conn: Connection) -> None:
    """Delete every node and relationship of the connection's database."""
    conn.write("MATCH (n) DETACH DELETE n")


@pytest.fixture
def neo4j_conn(bolt_server: BoltServer) -> Iterator[Connection]:
    """A connection to an emptied database of the session's Bolt server."""
    with bolt_server.connect() as conn:
        wipe(conn)
        yield conn


def plain_value(value: Any) -> Any:
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    return value


def snapshot(conn: Connection) -> tuple[list[str], list[str]]:
    """Every node and relationship with its properties, as sorted JSON strings."""
    ident = "coalesce(a.store_id, a.key, a.ring_id)"
    nodes = conn.read("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    rels = conn.read(
        f"MATCH (a)-[r]->(b) RETURN type(r) AS type, {ident} AS a, "
        f"{ident.replace('a.', 'b.')} AS b, properties(r) AS props"
    )

    def dump(rec: dict[str, Any]) -> str:
        props = {k: plain_value(v) for k, v in rec.pop("props").items()}
        return json.dumps({**rec, "props": props}, sort_keys=True, ensure_ascii=False)

    return sorted(dump(r) for r in nodes), sorted(dump(r) for r in rels)
