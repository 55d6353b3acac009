"""The Neo4j integration, against a real Bolt server (see conftest.py).

Push and pull round trips, idempotency, incremental updates, hostile ids and values,
connection errors, a server killed in the middle of a push, the investigator helpers,
Graph Data Science detection and its fallback, and the ``sellergraph neo4j`` commands.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.hashing import key_fingerprint, keyed_hash
from sellergraph.io.run import read_analysis

neo4j_driver = pytest.importorskip("neo4j")

from conftest import BoltServer, snapshot, wipe  # noqa: E402

from sellergraph import neo4j as sgn  # noqa: E402
from sellergraph.neo4j import cypher  # noqa: E402
from sellergraph.neo4j.testing import ArcadeDBServer, free_port  # noqa: E402

SECRET = b"neo4j-test-secret-0123456789"
HOSTILE_IDS = [
    "x'}) DETACH DELETE n //",
    'quote"d',
    "back\\slash\\",
    "店铺-上海",
    "emoji-🛒🔥",
    "$rows",
    "$store_ids",
    "$ring_id",
    "`tick`",
    "{store_id: 'S1'}",
    "MATCH (n) DETACH DELETE n",
]


# -- helpers ------------------------------------------------------------------------


def ring_memberships(analysis: sg.Analysis) -> set[tuple[str, str]]:
    ids = analysis.stores["store_id"].to_numpy()
    return {(str(s), str(r)) for s, r in zip(ids, analysis.ring_of, strict=True) if r}


@pytest.fixture(scope="module")
def market() -> tuple[pd.DataFrame, pd.DataFrame]:
    stores, links, _ = sg.make_marketplace(n_stores=300, seed=0)
    return stores, links


@pytest.fixture(scope="module")
def analysis(market: tuple[pd.DataFrame, pd.DataFrame]) -> sg.Analysis:
    return sg.analyze(*market, seed=0)


@pytest.fixture(scope="module")
def expected_graph(bolt_server: BoltServer, analysis: sg.Analysis) -> tuple[list[str], list[str]]:
    """The graph a push of ``analysis`` into an empty database gives."""
    with bolt_server.connect() as conn:
        wipe(conn)
        sgn.push(analysis, conn, secret=SECRET, progress=False)
        graph = snapshot(conn)
        wipe(conn)
        return graph


# -- the Cypher text ----------------------------------------------------------------


def _statements() -> dict[str, str]:
    out = {}
    for name in cypher.__all__:
        value = getattr(cypher, name)
        if isinstance(value, str):
            out[name] = value
        elif isinstance(value, dict):
            out.update({f"{name}[{k}]": v for k, v in value.items() if isinstance(v, str)})
        elif isinstance(value, tuple):
            out.update({f"{name}[{i}]": v for i, v in enumerate(value)})
    return out


def test_statements_use_only_allow_listed_labels_and_types() -> None:
    statements = _statements()
    assert len(statements) > 30
    for name, text in statements.items():
        for label in re.findall(r"\(\w*:(\w+)", text):
            assert label in (*cypher.LABELS, cypher.META_LABEL, cypher.LOCK_LABEL), (name, label)
        for rel_type in re.findall(r"\[\w*:(\w+)", text):
            assert rel_type in cypher.RELATIONSHIP_TYPES, (name, rel_type)
        assert "%" not in text and "{}" not in text, name


@pytest.mark.parametrize("bad", ["Store:Admin", "store", "Store`) DETACH DELETE (n", ""])
def test_labels_outside_the_allow_list_are_refused(bad: str) -> None:
    with pytest.raises(ValueError, match="is not one of"):
        cypher.check_label(bad)
    with pytest.raises(ValueError, match="is not one of"):
        cypher.check_relationship_type(bad)


def test_graph_rows_are_what_the_analysis_holds(analysis: sg.Analysis) -> None:
    rows = sgn.graph_rows(analysis, secret=SECRET)
    assert len(rows.stores) == len(analysis.stores)
    assert len(rows.uses) == len(analysis.links)
    assert rows.identifiers["key"].is_unique
    assert set(rows.uses["key"]) == set(rows.identifiers["key"])
    assert (rows.links["store_id"] < rows.links["other_store_id"]).all()
    assert set(zip(rows.memberships["store_id"], rows.memberships["ring_id"], strict=True)) == (
        ring_memberships(analysis)
    )
    expected = keyed_hash(analysis.links["kind"], analysis.links["key"], SECRET)
    hashes = rows.identifiers.set_index("key")["value_hash"]
    assert set(hashes) == set(expected)
    assert rows.identifiers["value"].isna().all()
    raw = sgn.graph_rows(analysis, secret=SECRET, raw=True)
    assert set(raw.identifiers["value"]) == set(analysis.links["key"])


# -- push and pull ------------------------------------------------------------------


def test_round_trip_raw_push_pull_gives_the_same_analysis(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis
) -> None:
    summary = sgn.push(analysis, neo4j_conn, secret=SECRET, raw=True, progress=False)
    counts = sgn.graph_counts(neo4j_conn)
    assert counts == {
        "Store": len(analysis.stores),
        "Identifier": summary.counts["identifiers"],
        "Ring": len(analysis.rings),
        "USES": len(analysis.links),
        "IN_RING": len(ring_memberships(analysis)),
        "LINKED": len(analysis.store_links),
    }
    assert not summary.incremental

    stores, links = sgn.pull(neo4j_conn, progress=False)
    assert list(stores["store_id"]) == sorted(analysis.stores["store_id"])
    again = sg.analyze(stores, links, config=analysis.config, seed=analysis.seed)
    a = analysis.scores.sort_values("store_id", ignore_index=True)
    b = again.scores.sort_values("store_id", ignore_index=True)
    assert list(a["store_id"]) == list(b["store_id"])
    np.testing.assert_allclose(a["score"], b["score"], atol=1e-12)
    assert list(a["ring_id"].fillna("")) == list(b["ring_id"].fillna(""))
    assert set(analysis.rings["ring_id"]) == set(again.rings["ring_id"])


def test_a_store_s_country_is_pushed_and_pulled(
    neo4j_conn: sgn.Connection, market: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    stores, links = market
    countries = np.where(np.arange(len(stores)) % 3 == 0, "Brazil", None)
    countries[1] = "in"
    with_country = stores.assign(country=countries)
    analysis = sg.analyze(with_country, links, seed=0)
    expected = dict(
        zip(analysis.stores["store_id"], analysis.stores["country"].astype(object), strict=True)
    )
    assert expected[stores["store_id"][0]] == "BR" and expected[stores["store_id"][1]] == "IN"

    sgn.push(analysis, neo4j_conn, secret=SECRET, raw=True, progress=False)
    pushed = neo4j_conn.read("MATCH (s:Store) RETURN s.store_id AS id, s.country AS country")
    assert {r["id"]: r["country"] for r in pushed} == {
        k: (v if isinstance(v, str) else None) for k, v in expected.items()
    }
    pulled, pulled_links = sgn.pull(neo4j_conn, progress=False)
    assert dict(zip(pulled["store_id"], pulled["country"], strict=True)) == {
        k: (v if isinstance(v, str) else None) for k, v in expected.items()
    }
    again = sg.analyze(pulled, pulled_links, config=analysis.config, seed=0)
    assert not (again.rejected["reason"] == "unknown_country").any()
    np.testing.assert_allclose(
        analysis.scores.sort_values("store_id")["score"],
        again.scores.sort_values("store_id")["score"],
        atol=1e-12,
    )

    sgn.push(sg.analyze(*market, seed=0), neo4j_conn, secret=SECRET, progress=False)
    left = neo4j_conn.read("MATCH (s:Store) WHERE s.country IS NOT NULL RETURN count(s) AS n")
    assert left[0]["n"] == 0
    assert "country" not in sgn.pull(neo4j_conn, progress=False)[0]


def test_hashed_push_writes_no_raw_value_and_pulls_hashes(
    neo4j_conn: sgn.Connection, market: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    config = sg.Config().replace(addresses=False)
    analysis = sg.analyze(*market, config=config, seed=0)
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    values = neo4j_conn.read("MATCH (n) RETURN properties(n) AS p")
    text = json.dumps([r["p"] for r in values], default=str, ensure_ascii=False)
    for key in analysis.links["key"].head(200):
        assert f'"{key}"' not in text, key

    stores, links = sgn.pull(neo4j_conn, progress=False)
    assert links["kind"].str.endswith(sgn.HASHED_KIND_SUFFIX).all()
    expected = set(keyed_hash(analysis.links["kind"], analysis.links["key"], SECRET))
    assert set(links["value"]) == expected
    again = sg.analyze(stores, links, config=sgn.hashed_config(config), seed=0)
    pairs = {tuple(p) for p in analysis.store_links[["store_id", "other_store_id"]].to_numpy()}
    pairs_again = {tuple(p) for p in again.store_links[["store_id", "other_store_id"]].to_numpy()}
    assert pairs == pairs_again


def test_push_twice_leaves_the_same_graph(
    neo4j_conn: sgn.Connection,
    analysis: sg.Analysis,
    expected_graph: tuple[list[str], list[str]],
) -> None:
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    first = snapshot(neo4j_conn)
    summary = sgn.push(analysis, neo4j_conn, secret=SECRET, batch_size=97, progress=False)
    assert summary.incremental
    assert snapshot(neo4j_conn) == first == expected_graph
    removed = {k: v for k, v in summary.counts.items() if k.startswith(("removed", "cleared"))}
    assert removed and not any(removed.values())


def test_raw_values_are_removed_by_a_hashed_push(
    neo4j_conn: sgn.Connection,
    analysis: sg.Analysis,
    expected_graph: tuple[list[str], list[str]],
) -> None:
    sgn.push(analysis, neo4j_conn, secret=SECRET, raw=True, progress=False)
    assert neo4j_conn.read("MATCH (i:Identifier) WHERE i.value IS NOT NULL RETURN count(i) AS n")[
        0
    ]["n"] == len(sgn.graph_rows(analysis, secret=SECRET).identifiers)
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    assert snapshot(neo4j_conn) == expected_graph


def test_a_push_with_another_key_is_refused_and_rekey_replaces_the_identifiers(
    neo4j_conn: sgn.Connection,
    analysis: sg.Analysis,
    expected_graph: tuple[list[str], list[str]],
) -> None:
    other = b"a key this graph never saw 0123"
    first = sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    assert first.key_fingerprint == key_fingerprint(SECRET)
    assert first.key_fingerprint in str(first)
    with pytest.raises(sg.ConfigError, match="hashed with another key") as err:
        sgn.push(analysis, neo4j_conn, secret=other, progress=False)
    assert first.key_fingerprint in str(err.value)
    assert key_fingerprint(other) in str(err.value)
    assert snapshot(neo4j_conn) == expected_graph  # nothing was written

    n_identifiers = sgn.graph_counts(neo4j_conn)["Identifier"]
    summary = sgn.push(
        analysis, neo4j_conn, secret=other, rekey=True, batch_size=53, progress=False
    )
    assert summary.counts["removed_old_key_identifiers"] == n_identifiers
    rekeyed = snapshot(neo4j_conn)
    wipe(neo4j_conn)
    sgn.push(analysis, neo4j_conn, secret=other, progress=False)
    assert snapshot(neo4j_conn) == rekeyed  # as if pushed with the new key from the start
    # rekey with the graph's own key deletes nothing
    again = sgn.push(analysis, neo4j_conn, secret=other, rekey=True, progress=False)
    assert "removed_old_key_identifiers" not in again.counts
    assert snapshot(neo4j_conn) == rekeyed


def test_a_graph_without_a_key_record_is_adopted_with_a_warning(
    neo4j_conn: sgn.Connection,
    analysis: sg.Analysis,
    expected_graph: tuple[list[str], list[str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    neo4j_conn.write(f"MATCH (m:{cypher.META_LABEL}) DELETE m")  # as an earlier version left it
    with caplog.at_level(logging.WARNING, logger="sellergraph.neo4j.sync"):
        sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    assert "records no hashing key" in caplog.text
    assert snapshot(neo4j_conn) == expected_graph
    with pytest.raises(sg.ConfigError, match="another key"):
        sgn.push(analysis, neo4j_conn, secret=b"a key this graph never saw 0123", progress=False)


def _later_marketplace(
    market: tuple[pd.DataFrame, pd.DataFrame], analysis: sg.Analysis
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """More stores, one ring broken up (its members' links dropped), one store banned."""
    stores, links = market
    ring_id = analysis.rings.sort_values(["size", "ring_id"]).iloc[-1]["ring_id"]
    members = set(analysis.ring(ring_id).members["store_id"])
    extra_stores, extra_links, _ = sg.make_marketplace(n_stores=60, seed=11)
    extra_stores = extra_stores.assign(store_id="N" + extra_stores["store_id"])
    extra_links = extra_links.assign(store_id="N" + extra_links["store_id"])
    later_stores = pd.concat([stores, extra_stores], ignore_index=True)
    active = later_stores.index[later_stores["status"] == "active"][0]
    later_stores.loc[active, ["status", "closed_at", "closure_reason"]] = [
        "banned",
        "2024-01-01",
        "counterfeit",
    ]
    kept = links[~links["store_id"].isin(members) | (links["kind"] == "ip")]
    return later_stores, pd.concat([kept, extra_links], ignore_index=True), str(ring_id)


def test_incremental_push_gives_the_graph_of_the_later_analysis(
    neo4j_conn: sgn.Connection,
    market: tuple[pd.DataFrame, pd.DataFrame],
    analysis: sg.Analysis,
) -> None:
    stores, links, broken = _later_marketplace(market, analysis)
    later = sg.analyze(stores, links, seed=0)
    assert broken not in set(later.rings["ring_id"])

    sgn.push(later, neo4j_conn, secret=SECRET, progress=False)
    fresh = snapshot(neo4j_conn)
    wipe(neo4j_conn)

    sgn.push(analysis, neo4j_conn, secret=SECRET, raw=True, progress=False)
    summary = sgn.push(later, neo4j_conn, secret=SECRET, progress=False)
    assert summary.incremental
    assert summary.counts["removed_uses"] > 0
    assert summary.counts["removed_rings"] >= 1
    assert summary.counts["removed_identifiers"] > 0
    assert snapshot(neo4j_conn) == fresh
    banned = stores.loc[stores["status"] == "banned", "store_id"]
    got = neo4j_conn.read(
        "MATCH (s:Store) WHERE s.status = 'banned' RETURN s.store_id AS id, s.score AS score"
    )
    assert {r["id"] for r in got} == set(banned)
    assert all(r["score"] is None for r in got)


def test_stores_missing_from_a_later_analysis_are_kept_without_stale_rings(
    neo4j_conn: sgn.Connection,
    market: tuple[pd.DataFrame, pd.DataFrame],
    analysis: sg.Analysis,
) -> None:
    stores, links = market
    ring_id = analysis.rings.sort_values(["size", "ring_id"]).iloc[-1]["ring_id"]
    gone = str(analysis.ring(ring_id).members["store_id"].iloc[-1])
    later = sg.analyze(stores[stores["store_id"] != gone], links[links["store_id"] != gone])
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    sgn.push(later, neo4j_conn, secret=SECRET, progress=False)
    left = neo4j_conn.read(
        "MATCH (s:Store {store_id: $id}) "
        "RETURN s.ring_id AS ring_id, COUNT { (s)-[:IN_RING]->() } AS rings, "
        "COUNT { (s)-[:USES]->() } AS uses",
        {"id": gone},
    )
    n_uses = int((analysis.links["store_id"] == gone).sum())
    assert left == [{"ring_id": None, "rings": 0, "uses": n_uses}]
    in_graph = neo4j_conn.read(
        "MATCH (s:Store)-[:IN_RING]->(g:Ring) RETURN s.store_id AS s, g.ring_id AS g"
    )
    assert {(r["s"], r["g"]) for r in in_graph} == ring_memberships(later)


def test_an_analysis_of_other_stores_keeps_the_rings_it_does_not_cover(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis
) -> None:
    """Two regions of the same platforms analysed apart, pushed into one graph with
    ``absent="keep"``: each keeps its rings."""
    other_stores, other_links, _ = sg.make_marketplace(n_stores=120, seed=11)
    other = sg.analyze(
        other_stores.assign(store_id="P2-" + other_stores["store_id"]),
        other_links.assign(store_id="P2-" + other_links["store_id"]),
        seed=0,
    )
    assert len(analysis.rings) and len(other.rings)
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    summary = sgn.push(other, neo4j_conn, secret=SECRET, progress=False, absent="keep")
    assert summary.incremental and summary.counts["removed_rings"] == 0
    in_graph = neo4j_conn.read(
        "MATCH (s:Store)-[:IN_RING]->(g:Ring) RETURN s.store_id AS s, g.ring_id AS g"
    )
    assert {(r["s"], r["g"]) for r in in_graph} == ring_memberships(analysis) | ring_memberships(
        other
    )
    first = str(analysis.rings["ring_id"].iloc[0])
    assert set(sgn.ring_view(neo4j_conn, first).stores["store_id"]) == set(
        analysis.ring(first).members["store_id"]
    )


def test_hostile_ids_and_values_round_trip_as_data(neo4j_conn: sgn.Connection) -> None:
    n = len(HOSTILE_IDS)
    stores = pd.DataFrame(
        {
            "store_id": HOSTILE_IDS,
            "status": ["banned", "active"] * (n // 2) + ["active"] * (n % 2),
            "opened_at": "2020-01-01",
            "closed_at": [None if i % 2 or i == n - 1 else "2020-06-01" for i in range(n)],
            "name": [f"name {s}" for s in HOSTILE_IDS],
            "closure_reason": ["x'}) SET n.pwned = true //"] * n,
        }
    )
    values = ["x'}) DETACH DELETE n //", 'say "hi"', "c:\\temp\\", "上海市 🏬", "$rows"]
    links = pd.DataFrame(
        {
            "store_id": [s for s in HOSTILE_IDS for _ in range(2)],
            "kind": "note",
            "value": [values[(i // 2 + i % 2) % len(values)] for i in range(2 * n)],
        }
    )
    config = sg.Config().with_kind("note", 0.9)
    analysis = sg.analyze(stores, links, config=config, seed=0)
    assert len(analysis.store_links) > 0
    sgn.push(analysis, neo4j_conn, secret=SECRET, raw=True, batch_size=3, progress=False)
    pulled_stores, pulled_links = sgn.pull(neo4j_conn, progress=False)
    assert list(pulled_stores["store_id"]) == sorted(HOSTILE_IDS)
    assert set(pulled_stores["name"]) == set(stores["name"])
    assert set(pulled_links["value"]) == set(analysis.links["key"])
    assert sgn.graph_counts(neo4j_conn)["Store"] == n
    assert not neo4j_conn.read("MATCH (n) WHERE n.pwned IS NOT NULL RETURN n")
    again = sg.analyze(pulled_stores, pulled_links, config=config, seed=0)
    assert set(again.scores["store_id"]) == set(analysis.scores["store_id"])

    view = sgn.neighbourhood(neo4j_conn, HOSTILE_IDS[0], hops=2)
    assert HOSTILE_IDS[0] in set(view.stores["store_id"])
    paths = sgn.store_paths(neo4j_conn, HOSTILE_IDS[0], HOSTILE_IDS[3])
    assert len(paths.paths) > 0 and set(paths.paths["id"]) >= {HOSTILE_IDS[0], HOSTILE_IDS[3]}


# -- errors -------------------------------------------------------------------------


def test_wrong_password_is_one_clear_error(bolt_server: BoltServer) -> None:
    with pytest.raises(sgn.Neo4jConnectionError) as err:
        sgn.connect(
            bolt_server.uri,
            user=bolt_server.user,
            password="not-the-password",
            database=bolt_server.database,
        )
    text = str(err.value)
    assert "refused the credentials" in text and repr(bolt_server.user) in text
    assert "not-the-password" not in text and "\n" not in text


def test_refused_connection_is_one_clear_error() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    t0 = time.perf_counter()
    with pytest.raises(sgn.Neo4jConnectionError) as err:
        sgn.connect(uri, user="neo4j", password="whatever1", timeout=2)
    assert time.perf_counter() - t0 < 10
    assert str(err.value) == f"cannot reach Neo4j at {uri} while connecting: Connection refused"


def test_a_web_server_s_port_is_one_error_that_says_so() -> None:
    import http.server

    web = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    thread = threading.Thread(target=web.serve_forever, daemon=True)
    thread.start()
    try:
        uri = f"bolt://127.0.0.1:{web.server_address[1]}"
        with pytest.raises(sgn.Neo4jConnectionError) as err:
            sgn.connect(uri, user="neo4j", password="whatever1", timeout=3)
    finally:
        web.shutdown()
        web.server_close()
    text = str(err.value)
    assert text.startswith(f"cannot reach Neo4j at {uri}") and "\n" not in text
    assert not text.endswith(":") and "Bolt handshake" in text, text  # the why, not only where


def test_unknown_database_is_one_clear_error(bolt_server: BoltServer) -> None:
    with pytest.raises(sgn.Neo4jConnectionError, match="has no database 'nosuchdb'"):
        sgn.connect(
            bolt_server.uri,
            user=bolt_server.user,
            password=bolt_server.password,
            database="nosuchdb",
        )


@pytest.mark.parametrize("uri", ["http://localhost:7474", "localhost:7687", ""])
def test_uri_must_be_bolt(uri: str) -> None:
    with pytest.raises(sg.InputError, match="must start with one of bolt://"):
        sgn.connect(uri, user="neo4j", password="whatever1")


def test_missing_driver_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "neo4j", None)
    with pytest.raises(sg.MissingDependencyError, match=r'pip install "sellergraph\[neo4j\]"'):
        sgn.connect("bolt://localhost:7687", user="neo4j", password="whatever1")


def test_bad_push_options_are_refused(neo4j_conn: sgn.Connection, analysis: sg.Analysis) -> None:
    with pytest.raises(sg.InputError, match="'batch_size' must be a positive integer"):
        sgn.push(analysis, neo4j_conn, secret=SECRET, batch_size=0)
    with pytest.raises(sg.ConfigError, match="at least 16 bytes"):
        sgn.push(analysis, neo4j_conn, secret=b"short")
    with pytest.raises(sg.InputError, match="bound to database"):
        sgn.push(analysis, neo4j_conn, secret=SECRET, database="other")
    with pytest.raises(sg.InputError, match=r"expected a sellergraph\.neo4j\.Connection"):
        sgn.push(analysis, "bolt://localhost:7687", secret=SECRET)
    assert sgn.graph_counts(neo4j_conn)["Store"] == 0


def test_a_bare_driver_works_too(bolt_server: BoltServer, analysis: sg.Analysis) -> None:
    driver = neo4j_driver.GraphDatabase.driver(
        bolt_server.uri, auth=(bolt_server.user, bolt_server.password)
    )
    with driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=bolt_server.database)
        sgn.push(analysis, driver, secret=SECRET, database=bolt_server.database, progress=False)
        counts = sgn.graph_counts(driver, database=bolt_server.database)
    assert counts["Store"] == len(analysis.stores)


# -- a server killed in the middle of a push ----------------------------------------


@pytest.fixture(scope="module")
def own_server(
    bolt_server: BoltServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ArcadeDBServer]:
    """An ArcadeDB server these tests may kill (not possible with an external server)."""
    if bolt_server.external:
        pytest.skip("killing the server needs the local ArcadeDB server")
    server = ArcadeDBServer(tmp_path_factory.mktemp("arcadedb-kill"), password="kill-me-please")
    server.start()
    yield server
    server.stop()


def _push_in_thread(
    analysis: sg.Analysis, conn: sgn.Connection, outcome: list[Any]
) -> threading.Thread:
    def run() -> None:
        try:
            outcome.append(sgn.push(analysis, conn, secret=SECRET, batch_size=40, progress=False))
        except Exception as exc:  # the test inspects it
            outcome.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _kill_when_half_pushed(server: ArcadeDBServer, analysis: sg.Analysis) -> int:
    with server.connect() as watch:
        deadline = time.monotonic() + 60
        while (n := sgn.graph_counts(watch)["USES"]) < len(analysis.links) // 4:
            assert time.monotonic() < deadline, "the push did not start"
            time.sleep(0.02)
    server.kill()
    return n


def test_killed_server_then_push_again_gives_exactly_the_graph(
    own_server: ArcadeDBServer,
    analysis: sg.Analysis,
    expected_graph: tuple[list[str], list[str]],
) -> None:
    with own_server.connect() as conn:
        wipe(conn)
    outcome: list[Any] = []
    with own_server.connect(retry_seconds=1) as conn:
        thread = _push_in_thread(analysis, conn, outcome)
        seen = _kill_when_half_pushed(own_server, analysis)
        thread.join(60)
    assert seen < len(analysis.links)
    assert len(outcome) == 1 and isinstance(outcome[0], sgn.Neo4jConnectionError)
    assert "pushing the same analysis again completes the graph" in str(outcome[0])

    own_server.start()
    with own_server.connect() as conn:
        partial = sgn.graph_counts(conn)
        assert 0 < partial["USES"] < len(analysis.links)
        summary = sgn.push(analysis, conn, secret=SECRET, progress=False)
        assert summary.incremental
        assert snapshot(conn) == expected_graph


def test_server_restarted_during_a_push_is_retried_to_completion(
    own_server: ArcadeDBServer,
    analysis: sg.Analysis,
    expected_graph: tuple[list[str], list[str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with own_server.connect() as conn:
        wipe(conn)
    outcome: list[Any] = []
    with (
        caplog.at_level(logging.WARNING, logger="sellergraph.neo4j.sync"),
        own_server.connect(retry_seconds=60) as conn,
    ):
        thread = _push_in_thread(analysis, conn, outcome)
        _kill_when_half_pushed(own_server, analysis)
        own_server.start()
        thread.join(120)
        assert len(outcome) == 1 and isinstance(outcome[0], sgn.PushSummary), outcome
        assert snapshot(conn) == expected_graph
        assert sgn.push_lock(conn) is None
    # each retry is a line: the attempt, the wait and the reason
    assert re.search(r"attempt 1 failed \(.+\); retrying in 0\.5s", caplog.text), caplog.text


# -- investigator helpers -----------------------------------------------------------


@pytest.fixture
def pushed(neo4j_conn: sgn.Connection, analysis: sg.Analysis) -> sgn.Connection:
    sgn.push(analysis, neo4j_conn, secret=SECRET, raw=True, progress=False)
    return neo4j_conn


def _neighbours(analysis: sg.Analysis, store_id: str) -> set[str]:
    """Stores sharing a not-suppressed identifier with ``store_id``, from the analysis."""
    ident = analysis.evidence.identifiers
    hubs = ident.loc[ident["suppressed"], ["kind", "key"]].astype(str)
    suppressed = set(zip(hubs["kind"], hubs["key"], strict=True))
    links = analysis.links
    pairs = list(zip(links["kind"].astype(str), links["key"], strict=True))
    mine = {p for p, s in zip(pairs, links["store_id"], strict=True) if s == store_id}
    keys = mine - suppressed
    return {s for p, s in zip(pairs, links["store_id"], strict=True) if p in keys} - {store_id}


def test_neighbourhood_matches_the_analysis(pushed: sgn.Connection, analysis: sg.Analysis) -> None:
    store = str(analysis.alerts["store_id"].iloc[0])
    one = sgn.neighbourhood(pushed, store, hops=1)
    first = _neighbours(analysis, store)
    assert set(one.stores["store_id"]) == first | {store}
    assert dict(zip(one.stores["store_id"], one.stores["hops"], strict=True))[store] == 0
    two = sgn.neighbourhood(pushed, store, hops=2)
    second = set().union(*(_neighbours(analysis, s) for s in first)) | first | {store}
    assert set(two.stores["store_id"]) == second
    assert (two.identifiers["n_view_stores"] >= 2).all()
    g = two.graph
    assert g.number_of_nodes() == len(two.stores) + len(two.identifiers)
    assert g.nodes[store]["type"] == "store"
    with pytest.raises(sg.InputError, match="has more than 1 stores"):
        sgn.neighbourhood(pushed, store, hops=2, max_stores=1)


@pytest.mark.parametrize("hops", [0, 7, -1, True, 2.0, "2"])
def test_hops_are_validated(pushed: sgn.Connection, hops: Any) -> None:
    with pytest.raises(sg.InputError, match="'hops' must be an integer from 1 to 6"):
        sgn.neighbourhood(pushed, "S0000001", hops=hops)


def test_unknown_store_and_ring_are_clear_errors(pushed: sgn.Connection) -> None:
    with pytest.raises(sg.InputError, match="store 'nope' is not in the Neo4j graph"):
        sgn.neighbourhood(pushed, "nope")
    with pytest.raises(sg.InputError, match="ring 'R-nope' is not in the Neo4j graph"):
        sgn.ring_view(pushed, "R-nope")


def test_store_paths_are_shortest_chains_of_shared_identifiers(
    pushed: sgn.Connection, analysis: sg.Analysis
) -> None:
    rows = sgn.graph_rows(analysis, secret=SECRET)
    uses = set(zip(rows.uses["store_id"], rows.uses["key"], strict=True))
    checked = 0
    for rec in analysis.alerts.head(8).itertuples():
        view = sgn.store_paths(pushed, rec.store_id, rec.matched_store_id, max_hops=4)
        if view.paths.empty:
            continue
        lengths = view.paths.groupby("path")["step"].max()
        assert lengths.nunique() == 1
        for _, path in view.paths.groupby("path"):
            ids = list(path.sort_values("step")["id"])
            assert ids[0] == rec.store_id and ids[-1] == rec.matched_store_id
            for i in range(1, len(ids), 2):
                assert (ids[i - 1], ids[i]) in uses and (ids[i + 1], ids[i]) in uses
        hops = int(lengths.iloc[0]) // 2
        if hops > 1:
            shorter = sgn.neighbourhood(pushed, rec.store_id, hops=hops - 1)
            assert rec.matched_store_id not in set(shorter.stores["store_id"])
        assert set(view.paths["id"]) == set(view.stores["store_id"]) | set(view.identifiers["key"])
        checked += 1
    assert checked >= 3


def test_ring_view_has_the_ring_members_and_shared_identifiers(
    pushed: sgn.Connection, analysis: sg.Analysis
) -> None:
    ring_id = str(analysis.rings.sort_values(["size", "ring_id"]).iloc[-1]["ring_id"])
    ring = analysis.ring(ring_id)
    members = set(ring.members["store_id"])
    view = sgn.ring_view(pushed, ring_id)
    assert set(view.stores["store_id"]) == members
    assert view.info["size"] == len(members) and view.info["ring_id"] == ring_id

    ident = analysis.evidence.identifiers
    hubs = set(ident.loc[ident["suppressed"], "key"])
    links = analysis.links[analysis.links["store_id"].isin(members)]
    links = links[~links["key"].isin(hubs)]
    per_value = links.groupby(["kind", "key"])["store_id"].nunique()
    shared = {(str(k), v) for (k, v), n in per_value.items() if n >= 2}
    assert set(zip(view.identifiers["kind"], view.identifiers["value"], strict=True)) == shared
    assert (view.identifiers["n_view_stores"] >= 2).all()
    assert len(view.links) == len(ring.links)
    everything = sgn.ring_view(pushed, ring_id, shared_only=False)
    assert len(everything.uses) == len(links)


# -- Graph Data Science -------------------------------------------------------------


def test_gds_detection_and_fallback(
    pushed: sgn.Connection,
    bolt_server: BoltServer,
    analysis: sg.Analysis,
    caplog: pytest.LogCaptureFixture,
) -> None:
    version = sgn.gds_version(pushed)
    if not bolt_server.external:
        assert version is None
    if version is not None:
        rings = sgn.rings_in_database(pushed, algorithm="wcc")
        assert rings.engine == "gds-wcc"
        return
    with pytest.raises(sg.MissingDependencyError, match="no Graph Data Science library"):
        sgn.rings_in_database(pushed, fallback=False)
    with caplog.at_level(logging.WARNING, logger="sellergraph.neo4j.sync"):
        rings = sgn.rings_in_database(pushed, algorithm="wcc")
    assert rings.engine == "sellergraph"
    assert "no Graph Data Science library" in rings.message
    assert "no Graph Data Science library" in caplog.text
    config = analysis.config.replace(method="components")
    components = sg.analyze(analysis.stores, _links_of(analysis), config=config, seed=0)
    got = set(zip(rings.members["store_id"], rings.members["ring_id"], strict=True))
    assert got == ring_memberships(components)
    assert int(rings.rings["size"].sum()) == len(rings.members)


def _links_of(analysis: sg.Analysis) -> pd.DataFrame:
    links = analysis.links
    return pd.DataFrame(
        {
            "store_id": links["store_id"],
            "kind": links["kind"],
            "value": links["key"],
            "observed_at": links["first_seen"],
        }
    )


# -- the command line ---------------------------------------------------------------


@pytest.fixture(scope="module")
def run_folder(
    market: tuple[pd.DataFrame, pd.DataFrame], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    data = tmp_path_factory.mktemp("neo4j-cli")
    market[0].to_csv(data / "stores.csv", index=False)
    market[1].to_csv(data / "links.csv", index=False)
    out = data / "run"
    code = main(
        [
            "run",
            "--stores",
            str(data / "stores.csv"),
            "--links",
            str(data / "links.csv"),
            "--out",
            str(out),
            "--no-report",
            "-q",
        ]
    )
    assert code == 0
    return out


def _cli_connection(server: BoltServer) -> list[str]:
    return [
        "--uri",
        server.uri,
        "--user",
        server.user,
        "--database",
        server.database,
        "--password-env",
        "SG_TEST_NEO4J_PASSWORD",
    ]


def test_cli_push_then_pull(
    neo4j_conn: sgn.Connection,
    bolt_server: BoltServer,
    run_folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("SG_TEST_NEO4J_PASSWORD", bolt_server.password)
    monkeypatch.setenv("SG_TEST_KEY", SECRET.decode())
    push = ["neo4j", "push", "--run", str(run_folder), *_cli_connection(bolt_server)]
    assert main([*push, "--key-env", "SG_TEST_KEY"]) == 0
    out = capsys.readouterr().out
    assert "pushed" in out and "uses" in out
    from_run = snapshot(neo4j_conn)
    wipe(neo4j_conn)
    sgn.push(read_analysis(run_folder), neo4j_conn, secret=SECRET, progress=False)
    assert snapshot(neo4j_conn) == from_run

    pulled = tmp_path / "pulled"
    assert main(["neo4j", "pull", *_cli_connection(bolt_server), "--out", str(pulled)]) == 0
    assert "config.json" in capsys.readouterr().out
    stores = pd.read_csv(pulled / "stores.csv", dtype=str)
    links = pd.read_csv(pulled / "links.csv", dtype=str)
    assert len(stores) == sgn.graph_counts(neo4j_conn)["Store"]
    assert stores["opened_at"].dropna().str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert links["kind"].str.endswith("_hmac").all()
    code = main(
        [
            "run",
            "--stores",
            str(pulled / "stores.csv"),
            "--links",
            str(pulled / "links.csv"),
            "--config",
            str(pulled / "config.json"),
            "--out",
            str(tmp_path / "again"),
            "--no-report",
            "-q",
        ]
    )
    assert code == 0
    assert pd.read_csv(tmp_path / "again" / "scores.csv")["score"].gt(0).any()


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sellergraph.cli", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("problem", ["wrong-password", "refused", "no-password", "no-key"])
def test_cli_errors_are_one_line(
    problem: str, bolt_server: BoltServer, run_folder: Path, tmp_path: Path
) -> None:
    import os

    env = {**os.environ, "SG_TEST_NEO4J_PASSWORD": bolt_server.password, "SG_TEST_KEY": "k" * 20}
    args = ["neo4j", "push", "--run", str(run_folder), *_cli_connection(bolt_server)]
    args += ["--key-env", "SG_TEST_KEY", "-q"]
    if problem == "wrong-password":
        env["SG_TEST_NEO4J_PASSWORD"] = "wrong-password-123"
        expect = "refused the credentials"
    elif problem == "refused":
        args[args.index("--uri") + 1] = f"bolt://127.0.0.1:{free_port()}"
        expect = "Connection refused"
    elif problem == "no-password":
        del env["SG_TEST_NEO4J_PASSWORD"]
        expect = "'SG_TEST_NEO4J_PASSWORD' (the Neo4j password) is not set"
    else:
        del env["SG_TEST_KEY"]
        expect = "'SG_TEST_KEY' (the hashing key) is not set"
    res = _cli(*args, env=env)
    assert res.returncode == 2, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("sellergraph: error: "), res.stderr
    assert expect in lines[0]
    assert "wrong-password-123" not in res.stderr + res.stdout


@pytest.mark.parametrize("flag", ["--password", "--pass", "--passwd", "-p", "--password-env"])
def test_cli_never_takes_or_echoes_a_password(bolt_server: BoltServer, flag: str) -> None:
    res = _cli("neo4j", "pull", "--uri", bolt_server.uri, flag, "s3cret pw!", "--out", "x")
    assert res.returncode == 2
    assert "s3cret" not in res.stderr + res.stdout
    assert "password" in res.stderr.splitlines()[-1]


def test_cli_asks_nothing_without_a_terminal(bolt_server: BoltServer, tmp_path: Path) -> None:
    res = _cli("neo4j", "pull", "--uri", bolt_server.uri, "--out", str(tmp_path / "x"))
    assert res.returncode == 2
    assert "no Neo4j password: give --password-env VAR" in res.stderr


def test_rings_named_from_communities_match_sellergraph_components(
    analysis: sg.Analysis,
) -> None:
    """What the GDS path does with WCC labels, checked against the in-process rings."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    config = analysis.config.replace(method="components")
    components = sg.analyze(analysis.stores, _links_of(analysis), config=config, seed=0)
    ids = analysis.stores["store_id"].to_numpy(dtype=object)
    code = {s: i for i, s in enumerate(ids)}
    strong = analysis.store_links[analysis.store_links["weight"] >= config.rings.min_link]
    a = strong["store_id"].map(code).to_numpy()
    b = strong["other_store_id"].map(code).to_numpy()
    matrix = coo_matrix((np.ones(len(a)), (a, b)), shape=(len(ids), len(ids)))
    _, labels = connected_components(matrix, directed=False)
    members, rings = sgn.rows.rings_from_communities(
        pd.DataFrame(
            {"store_id": ids, "opened_at": analysis.stores["opened_at"], "community": labels}
        )
    )
    assert set(zip(members["store_id"], members["ring_id"], strict=True)) == ring_memberships(
        components
    )
    assert rings["size"].sum() == len(members) and rings["size"].is_monotonic_decreasing
