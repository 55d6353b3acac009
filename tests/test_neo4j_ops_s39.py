"""Nightly pushes into one graph, against a real Bolt server (see conftest.py).

The push lock (overlapping pushes), stores that leave the analysis (cleared, pruned or
kept), alerts and reviews on Store nodes, the re-key wording, the command's early
checks, and its progress lines and retry log.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.hashing import key_fingerprint

neo4j_driver = pytest.importorskip("neo4j")

from conftest import BoltServer, plain_value, snapshot, wipe  # noqa: E402

from sellergraph import neo4j as sgn  # noqa: E402
from sellergraph.neo4j import cypher  # noqa: E402

SECRET = b"neo4j-test-secret-0123456789"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "neo4j.md"


# -- helpers ------------------------------------------------------------------------


def store_props(conn: sgn.Connection, store_id: str) -> dict[str, Any]:
    found = conn.read(
        "MATCH (s:Store) WHERE s.store_id = $id RETURN properties(s) AS p", {"id": store_id}
    )
    return {k: plain_value(v) for k, v in found[0]["p"].items()} if found else {}


def fresh_graph(conn: sgn.Connection, analysis: sg.Analysis) -> tuple[list[str], list[str]]:
    """The graph a push of ``analysis`` into an emptied database gives (left empty)."""
    wipe(conn)
    sgn.push(analysis, conn, secret=SECRET, progress=False)
    graph = snapshot(conn)
    wipe(conn)
    return graph


def hold_lock(conn: sgn.Connection, *, holder: str, host: str, pid: int, run: str) -> None:
    """A push lock as a push elsewhere would have left it."""
    conn.write(
        cypher.TAKE_PUSH_LOCK,
        {
            "holder": holder,
            "started_at": "2030-01-02T03:04:05Z",
            "host": host,
            "pid": pid,
            "run": run,
        },
    )


def dead_pid() -> int:
    """The id of a process of this host that has ended."""
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(proc.stdout)


@pytest.fixture(scope="module")
def market() -> tuple[pd.DataFrame, pd.DataFrame]:
    stores, links, _ = sg.make_marketplace(n_stores=300, seed=0)
    return stores, links


@pytest.fixture(scope="module")
def analysis(market: tuple[pd.DataFrame, pd.DataFrame]) -> sg.Analysis:
    return sg.analyze(*market, seed=0)


@pytest.fixture(scope="module")
def gone(analysis: sg.Analysis) -> str:
    """An alerted store in a ring: the store a later export leaves out."""
    in_ring = analysis.alerts[analysis.alerts["ring_id"].notna()]
    return str(in_ring.sort_values(["score", "store_id"]).iloc[-1]["store_id"])


@pytest.fixture(scope="module")
def without(market: tuple[pd.DataFrame, pd.DataFrame], gone: str) -> sg.Analysis:
    """The same export with one alerted store deleted."""
    stores, links = market
    return sg.analyze(stores[stores["store_id"] != gone], links[links["store_id"] != gone], seed=0)


# -- the push lock ------------------------------------------------------------------


def test_a_push_while_another_runs_is_refused_and_the_graph_is_the_first_s(
    bolt_server: BoltServer,
    neo4j_conn: sgn.Connection,
    analysis: sg.Analysis,
    without: sg.Analysis,
) -> None:
    expected = fresh_graph(neo4j_conn, analysis)
    inside, leave = threading.Event(), threading.Event()
    outcome: list[Any] = []

    def hold_at_stores(stage: str) -> None:  # the first push waits, lock held, mid-push
        if stage == "identifiers":
            inside.set()
            assert leave.wait(60)

    def first() -> None:
        with bolt_server.connect() as conn:
            try:
                outcome.append(
                    sgn.push(
                        analysis,
                        conn,
                        secret=SECRET,
                        progress=hold_at_stores,
                        batch_size=50,
                        run="runs/night5",
                    )
                )
            except Exception as exc:  # the test inspects it
                outcome.append(exc)

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert inside.wait(60), outcome
        lock = sgn.push_lock(neo4j_conn)
        assert lock is not None and lock.run == "runs/night5" and lock.pid == os.getpid()
        with pytest.raises(sgn.PushLockedError, match="in progress") as err:
            sgn.push(without, neo4j_conn, secret=SECRET, progress=False, run="runs/night7")
        text = str(err.value)
        assert f"since {lock.started_at} by process {os.getpid()}" in text
        assert "pushing runs/night5" in text and "break_lock=True" in text
        assert getattr(err.value, "command_line", "").endswith("--break-lock")
        with pytest.raises(sgn.PushLockedError):
            sgn.check_push_lock(neo4j_conn)
    finally:
        leave.set()
        thread.join(120)
    assert len(outcome) == 1 and isinstance(outcome[0], sgn.PushSummary), outcome
    assert sgn.push_lock(neo4j_conn) is None  # released
    assert snapshot(neo4j_conn) == expected


def test_of_pushes_started_at_once_one_takes_the_lock(
    bolt_server: BoltServer,
    neo4j_conn: sgn.Connection,
    analysis: sg.Analysis,
    without: sg.Analysis,
) -> None:
    """Atomic: of pushes racing for the lock, exactly one pushes; the graph is its."""
    analyses = [analysis, without, analysis, without]
    expected = [fresh_graph(neo4j_conn, a) for a in analyses[:2]]
    start = threading.Barrier(len(analyses))
    refused = threading.Semaphore(0)
    outcome: dict[int, Any] = {}

    def winner_waits(stage: str) -> None:  # the winner stays until the others are refused
        if stage == "prepare":
            for _ in range(len(analyses) - 1):
                assert refused.acquire(timeout=60)

    def race(i: int) -> None:
        with bolt_server.connect() as conn:
            start.wait(30)
            try:
                outcome[i] = sgn.push(analyses[i], conn, secret=SECRET, progress=winner_waits)
            except sgn.PushLockedError as exc:
                outcome[i] = exc
                refused.release()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(len(analyses))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    won = [i for i, o in outcome.items() if isinstance(o, sgn.PushSummary)]
    assert len(won) == 1, outcome
    assert all(isinstance(o, sgn.PushLockedError) for i, o in outcome.items() if i != won[0])
    assert snapshot(neo4j_conn) == expected[won[0] % 2]
    assert sgn.push_lock(neo4j_conn) is None


def test_a_push_of_this_process_that_reads_the_lock_just_taken_is_refused(
    bolt_server: BoltServer,
    neo4j_conn: sgn.Connection,
    analysis: sg.Analysis,
    without: sg.Analysis,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The lock is this push's from before it is written: a second push of this
    process reading it at once does not take it for one left by an ended push."""
    expected = fresh_graph(neo4j_conn, analysis)
    second: list[Any] = []
    write = sgn.Connection.write

    def then_another_push(self: sgn.Connection, query: str, *args: Any, **kw: Any) -> Any:
        out = write(self, query, *args, **kw)
        if query == cypher.TAKE_PUSH_LOCK and not second:
            second.append(None)
            with bolt_server.connect() as other:
                try:
                    second[0] = sgn.push(without, other, secret=SECRET, progress=False)
                except sgn.PushLockedError as exc:
                    second[0] = exc
        return out

    monkeypatch.setattr(sgn.Connection, "write", then_another_push)
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    monkeypatch.undo()
    assert isinstance(second[0], sgn.PushLockedError), second
    assert snapshot(neo4j_conn) == expected
    assert sgn.push_lock(neo4j_conn) is None


def test_the_lock_is_released_when_a_push_fails(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis
) -> None:
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    with pytest.raises(sg.ConfigError, match="another key"):
        sgn.push(analysis, neo4j_conn, secret=b"a key this graph never saw 0123", progress=False)
    assert sgn.push_lock(neo4j_conn) is None
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)


def test_a_lock_left_by_an_ended_push_of_this_host_is_taken_over(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis, caplog: pytest.LogCaptureFixture
) -> None:
    expected = fresh_graph(neo4j_conn, analysis)
    for pid in (dead_pid(), os.getpid()):  # a process that ended; a push of this one that did
        hold_lock(
            neo4j_conn, holder=f"ended-{pid}", host=socket.gethostname(), pid=pid, run="runs/night4"
        )
        with caplog.at_level(logging.WARNING, logger="sellergraph.neo4j.sync"):
            sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
        assert "breaking the push lock" in caplog.text
        assert "that push is not running any more" in caplog.text
        assert sgn.push_lock(neo4j_conn) is None
        caplog.clear()
    assert snapshot(neo4j_conn) == expected


def test_a_lock_of_another_machine_is_refused_until_broken(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis, caplog: pytest.LogCaptureFixture
) -> None:
    expected = fresh_graph(neo4j_conn, analysis)
    hold_lock(
        neo4j_conn, holder="elsewhere", host="batch-7.example", pid=dead_pid(), run="runs/night4"
    )
    with pytest.raises(sgn.PushLockedError, match=r"on batch-7\.example pushing runs/night4"):
        sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    assert sgn.graph_counts(neo4j_conn)["Store"] == 0  # refused before writing
    with caplog.at_level(logging.WARNING, logger="sellergraph.neo4j.sync"):
        sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False, break_lock=True)
    assert "--break-lock was given" in caplog.text
    assert sgn.push_lock(neo4j_conn) is None
    assert snapshot(neo4j_conn) == expected


def test_a_pull_is_refused_while_a_push_holds_the_lock(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis
) -> None:
    wipe(neo4j_conn)
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    whole = sgn.pull(neo4j_conn, progress=False)
    hold_lock(neo4j_conn, holder="elsewhere", host="batch-7.example", pid=4242, run="runs/night4")
    try:
        with pytest.raises(sgn.PushLockedError, match="is in progress") as err:
            sgn.pull(neo4j_conn, progress=False)
        assert "on batch-7.example pushing runs/night4" in str(err.value)
        assert "half-written" in str(err.value) and "ignore_lock=True" in str(err.value)
        assert getattr(err.value, "command_line", "").endswith("pull with --ignore-lock")
        anyway = sgn.pull(neo4j_conn, progress=False, ignore_lock=True)
        for got, want in zip(anyway, whole, strict=True):
            pd.testing.assert_frame_equal(got, want)
    finally:
        neo4j_conn.write(cypher.RELEASE_PUSH_LOCK, {"holder": "elsewhere"})
    # A lock whose push has certainly ended (this host, no such process) does not stop it.
    hold_lock(neo4j_conn, holder="dead", host=socket.gethostname(), pid=dead_pid(), run="")
    try:
        pd.testing.assert_frame_equal(sgn.pull(neo4j_conn, progress=False)[0], whole[0])
    finally:
        neo4j_conn.write(cypher.RELEASE_PUSH_LOCK, {"holder": "dead"})


def test_a_pull_fails_when_a_push_began_while_it_read(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sellergraph.neo4j import sync

    wipe(neo4j_conn)
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    read_all = sync._read_all

    def push_begins_after_the_stores(conn: Any, query: str, bar: Any) -> Any:
        out = read_all(conn, query, bar)
        if query == cypher.PULL_STORES:
            hold_lock(conn, holder="midway", host="batch-7.example", pid=4242, run="runs/n5")
        return out

    monkeypatch.setattr(sync, "_read_all", push_begins_after_the_stores)
    try:
        with pytest.raises(sgn.PushLockedError, match="began while the graph was read"):
            sgn.pull(neo4j_conn, progress=False)
    finally:
        neo4j_conn.write(cypher.RELEASE_PUSH_LOCK, {"holder": "midway"})


# -- stores that leave the analysis -------------------------------------------------

DERIVED = set(cypher.ANALYSIS_STORE_PROPERTIES) | {"ring_id"}


def test_a_store_that_left_the_analysis_loses_its_score_alert_and_ring(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis, without: sg.Analysis, gone: str
) -> None:
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    before = store_props(neo4j_conn, gone)
    assert before["alert"] is True and before["score"] > 0 and before["ring_id"]
    summary = sgn.push(without, neo4j_conn, secret=SECRET, progress=False)
    assert summary.counts["cleared_absent_stores"] == 1
    after = store_props(neo4j_conn, gone)
    assert after == {k: v for k, v in before.items() if k not in DERIVED}
    kept = neo4j_conn.read(
        "MATCH (s:Store)-[:USES]->(i) WHERE s.store_id = $id RETURN count(i) AS n", {"id": gone}
    )
    assert kept[0]["n"] == int((analysis.links["store_id"] == gone).sum())
    # every other store is as a push of the later analysis gives it
    again = sgn.push(without, neo4j_conn, secret=SECRET, progress=False)
    assert again.counts["cleared_absent_stores"] == 0
    active = neo4j_conn.read(
        "MATCH (s:Store) WHERE s.score IS NOT NULL RETURN s.store_id AS id, s.score AS score"
    )
    scores = without.scores.set_index("store_id")["score"]
    assert {r["id"]: r["score"] for r in active} == scores.to_dict()


def test_prune_gives_the_graph_of_the_snapshot(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis, without: sg.Analysis, gone: str
) -> None:
    expected = fresh_graph(neo4j_conn, without)
    sgn.push(analysis, neo4j_conn, secret=SECRET, raw=True, progress=False)
    summary = sgn.push(without, neo4j_conn, secret=SECRET, progress=False, absent="prune")
    assert summary.counts["removed_stores"] == 1
    assert store_props(neo4j_conn, gone) == {}
    assert snapshot(neo4j_conn) == expected


def test_keep_leaves_absent_stores_as_they_were(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis, without: sg.Analysis, gone: str
) -> None:
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    before = store_props(neo4j_conn, gone)
    summary = sgn.push(without, neo4j_conn, secret=SECRET, progress=False, absent="keep")
    assert "cleared_absent_stores" not in summary.counts
    after = store_props(neo4j_conn, gone)
    assert after["score"] == before["score"] and after["alert"] is True
    with pytest.raises(sg.InputError, match="'absent' must be one of clear, keep, prune"):
        sgn.push(without, neo4j_conn, secret=SECRET, absent="drop")  # type: ignore[arg-type]


def test_stores_of_other_platforms_keep_their_scores_and_rings(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis
) -> None:
    other_stores, other_links, _ = sg.make_marketplace(n_stores=120, seed=11)
    other = sg.analyze(
        other_stores.assign(store_id="P2-" + other_stores["store_id"], platform="other-mkt"),
        other_links.assign(store_id="P2-" + other_links["store_id"]),
        seed=0,
    )
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    ids = analysis.stores["store_id"].astype(str).tolist()
    first = {s: store_props(neo4j_conn, s) for s in ids}
    rings_query = "MATCH (s:Store)-[:IN_RING]->(g:Ring) RETURN s.store_id AS s, g.ring_id AS g"
    rings = neo4j_conn.read(rings_query)
    summary = sgn.push(other, neo4j_conn, secret=SECRET, progress=False, absent="prune")
    assert summary.counts["removed_stores"] == 0 and summary.counts["removed_rings"] == 0
    assert {s: store_props(neo4j_conn, s) for s in ids} == first
    assert {(r["s"], r["g"]) for r in rings} <= {
        (r["s"], r["g"]) for r in neo4j_conn.read(rings_query)
    }


# -- alerts and reviews on Store ----------------------------------------------------


@pytest.fixture(scope="module")
def reviewed_run(
    market: tuple[pd.DataFrame, pd.DataFrame],
    analysis: sg.Analysis,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, str, str]:
    """A run folder made with a review that clears the top alert; (folder, cleared
    store, an alert left open)."""
    data = tmp_path_factory.mktemp("neo4j-reviews")
    market[0].to_csv(data / "stores.csv", index=False)
    market[1].to_csv(data / "links.csv", index=False)
    alerts = analysis.alerts.sort_values(["score", "store_id"], ascending=[False, True])
    cleared, still = alerts.iloc[0], alerts.iloc[1]
    pd.DataFrame(
        {
            "store_id": [cleared["store_id"]],
            "decision": ["cleared"],
            "matched_store_id": [cleared["matched_store_id"]],
            "score": [cleared["score"]],
            "reviewed_at": ["2024-03-01"],
        }
    ).to_csv(data / "reviews.csv", index=False)
    out = data / "run"
    args = [
        "run",
        "--stores",
        str(data / "stores.csv"),
        "--links",
        str(data / "links.csv"),
        "--reviews",
        str(data / "reviews.csv"),
        "--out",
        str(out),
        "--no-report",
        "-q",
    ]
    assert main(args) == 0
    return out, str(cleared["store_id"]), str(still["store_id"])


def _docs_query(title: str) -> str:
    """The Cypher block that follows the paragraph starting with ``title``."""
    text = DOCS.read_text(encoding="utf-8")
    found = re.search(re.escape(title) + r".*?```cypher\n(.*?)```", text, re.S)
    assert found, title
    return found.group(1)


def test_alerts_and_reviews_are_on_store_nodes(
    neo4j_conn: sgn.Connection, reviewed_run: tuple[Path, str, str], analysis: sg.Analysis
) -> None:
    from sellergraph.io.run import read_analysis

    folder, cleared, still = reviewed_run
    run = read_analysis(folder)
    sgn.push(run, neo4j_conn, secret=SECRET, progress=False)
    held = store_props(neo4j_conn, cleared)
    assert held["alert"] is False and held["score"] > 0
    assert (held["review_status"], held["review_decision"], held["reviewed_at"]) == (
        "held",
        "cleared",
        "2024-03-01",
    )
    open_ = store_props(neo4j_conn, still)
    assert open_["alert"] is True and "review_status" not in open_
    flagged = neo4j_conn.read("MATCH (s:Store) WHERE s.alert RETURN s.store_id AS id")
    assert {r["id"] for r in flagged} == set(run.alerts["store_id"])
    banned = neo4j_conn.read(
        "MATCH (s:Store) WHERE s.status <> 'active' RETURN DISTINCT s.alert AS alert"
    )
    assert banned == [{"alert": False}]

    # the docs' queries as written
    by_score = neo4j_conn.read(_docs_query("Active stores by score"))
    top = {r["store_id"]: r for r in by_score}
    assert top[cleared]["alert"] is False and top[cleared]["review_status"] == "held"
    open_alerts = neo4j_conn.read(_docs_query("Open alerts"))
    expected = run.alerts.sort_values(["score", "store_id"], ascending=[False, True]).head(25)
    assert [r["store_id"] for r in open_alerts] == expected["store_id"].tolist()
    assert cleared not in {r["store_id"] for r in open_alerts}

    # the review gone from the next run: so are the properties
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    again = store_props(neo4j_conn, cleared)
    assert again["alert"] is True and not {"review_status", "reviewed_at"} & set(again)


# -- re-keying wording --------------------------------------------------------------


def test_an_interrupted_rekey_is_named_and_finished_with_rekey(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis
) -> None:
    new = b"the rotated key 0123456789abcdef"
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    with pytest.raises(sg.ConfigError) as err:
        sgn.push(analysis, neo4j_conn, secret=new, progress=False)
    assert "re-key the graph with rekey=True" in str(err.value)
    assert "re-key the graph with --rekey," in err.value.command_line  # type: ignore[attr-defined]
    assert "rekey=True" not in err.value.command_line  # type: ignore[attr-defined]

    # what a re-key cut off after its first deletions leaves
    neo4j_conn.write(cypher.MARK_REKEY, {"key_fingerprint": key_fingerprint(new)})
    neo4j_conn.write(cypher.DELETE_ALL_IDENTIFIERS, {"limit": 50})
    with pytest.raises(sg.ConfigError, match="re-key of the graph to your key") as err:
        sgn.push(analysis, neo4j_conn, secret=new, progress=False)
    assert "with --rekey to finish it" in err.value.command_line  # type: ignore[attr-defined]
    sgn.push(analysis, neo4j_conn, secret=new, rekey=True, progress=False)
    rekeyed = snapshot(neo4j_conn)
    assert not any("rekey_to" in n for n in rekeyed[0])
    wipe(neo4j_conn)
    sgn.push(analysis, neo4j_conn, secret=new, progress=False)
    assert snapshot(neo4j_conn) == rekeyed


# -- the command line ---------------------------------------------------------------


@pytest.fixture(scope="module")
def run_folder(reviewed_run: tuple[Path, str, str]) -> Path:
    return reviewed_run[0]


def _cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sellergraph.cli", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        check=False,
        timeout=300,
    )


def _push_args(server: BoltServer, run: Path | str, *extra: str) -> list[str]:
    return [
        "neo4j",
        "push",
        "--run",
        str(run),
        "--uri",
        server.uri,
        "--user",
        server.user,
        "--database",
        server.database,
        "--password-env",
        "SG_TEST_NEO4J_PASSWORD",
        "--key-env",
        "SG_TEST_KEY",
        *extra,
    ]


@pytest.fixture
def cli_env(bolt_server: BoltServer) -> dict[str, str]:
    return {
        **os.environ,
        "SG_TEST_NEO4J_PASSWORD": bolt_server.password,
        "SG_TEST_KEY": SECRET.decode(),
    }


@pytest.mark.parametrize(
    ("change", "expect"),
    [
        (["--batch-size", "0"], "argument --batch-size: must be a whole number from 1 to 100000"),
        (["--retry-seconds", "-1"], "argument --retry-seconds: must be a number of seconds >= 0"),
        ({"uri": "http://127.0.0.1:7474"}, "must start with one of bolt://"),
        ({"SG_TEST_NEO4J_PASSWORD": ""}, "'SG_TEST_NEO4J_PASSWORD' (the Neo4j password) is empty"),
        ({"SG_TEST_NEO4J_PASSWORD": "wrong-password-123"}, "refused the credentials"),
    ],
)
def test_cli_checks_options_and_connects_before_reading_the_run(
    bolt_server: BoltServer, cli_env: dict[str, str], tmp_path: Path, change: Any, expect: str
) -> None:
    missing = tmp_path / "no-such-run"  # read last: its error would come first otherwise
    args = _push_args(bolt_server, missing)
    env = dict(cli_env)
    if isinstance(change, list):
        args += change
    elif "uri" in change:
        args[args.index("--uri") + 1] = change["uri"]
    else:
        env.update(change)
    res = _cli(*args, env=env)
    assert res.returncode == 2, res.stderr
    assert expect in res.stderr.strip().splitlines()[-1]
    assert "reading the analysis" not in res.stderr
    assert "wrong-password-123" not in res.stderr + res.stdout


def test_cli_push_is_refused_while_locked_and_breaks_the_lock_when_told(
    bolt_server: BoltServer, neo4j_conn: sgn.Connection, cli_env: dict[str, str], run_folder: Path
) -> None:
    hold_lock(
        neo4j_conn,
        holder="cron-night5",
        host=socket.gethostname(),
        pid=os.getpid(),
        run="runs/night5",
    )
    res = _cli(*_push_args(bolt_server, run_folder), env=cli_env)
    assert res.returncode == 2, res.stderr
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("sellergraph: error: another push into the graph")
    assert f"since 2030-01-02T03:04:05Z by process {os.getpid()}" in lines[-1]
    assert lines[-1].endswith("clear its lock with --break-lock")
    assert "reading the analysis" not in res.stderr
    assert sgn.graph_counts(neo4j_conn)["Store"] == 0

    res = _cli(*_push_args(bolt_server, run_folder, "--break-lock", "-q"), env=cli_env)
    assert res.returncode == 0, res.stderr
    assert "sellergraph: warning: breaking the push lock" in res.stderr
    assert sgn.push_lock(neo4j_conn) is None


def test_cli_pull_is_refused_while_locked_and_reads_with_ignore_lock(
    bolt_server: BoltServer,
    neo4j_conn: sgn.Connection,
    cli_env: dict[str, str],
    analysis: sg.Analysis,
    tmp_path: Path,
) -> None:
    wipe(neo4j_conn)
    sgn.push(analysis, neo4j_conn, secret=SECRET, progress=False)
    hold_lock(neo4j_conn, holder="cron", host="batch-7.example", pid=4242, run="runs/night5")
    pull = _push_args(bolt_server, "x")[2:]
    pull = ["neo4j", "pull", *pull[pull.index("--uri") : pull.index("--key-env")]]
    try:
        res = _cli(*pull, "--out", str(tmp_path / "a"), env=cli_env)
        assert res.returncode == 2, res.stderr
        last = res.stderr.strip().splitlines()[-1]
        assert last.startswith("sellergraph: error: a push into the graph at")
        assert last.endswith("pull with --ignore-lock")
        assert not (tmp_path / "a").exists()
        res = _cli(*pull, "--out", str(tmp_path / "b"), "--ignore-lock", "-q", env=cli_env)
        assert res.returncode == 0, res.stderr
        n_stores = len(pd.read_csv(tmp_path / "b" / "stores.csv"))
        assert n_stores == len(analysis.stores)
    finally:
        neo4j_conn.write(cypher.RELEASE_PUSH_LOCK, {"holder": "cron"})


def test_cli_push_prints_a_line_per_stage_and_times_that_add_up(
    bolt_server: BoltServer,
    neo4j_conn: sgn.Connection,
    cli_env: dict[str, str],
    run_folder: Path,
    without: sg.Analysis,
) -> None:
    sgn.push(without, neo4j_conn, secret=SECRET, progress=False)
    res = _cli(*_push_args(bolt_server, run_folder, "--prune"), env=cli_env)
    assert res.returncode == 0, res.stderr
    stages = re.findall(r"^  \[\s*[\d.]+s\] (.+)$", res.stderr, re.M)
    assert stages == [
        "connecting",
        f"reading the analysis of {run_folder}",
        "creating constraints",
        "taking the push lock",
        "preparing rows",
        "checking the graph's key",
        "stores",
        "identifiers",
        "uses",
        "rings",
        "memberships",
        "links",
        "stores not in the analysis",
        "clean-up",
        "releasing the push lock",
    ]
    out = res.stdout
    for name in ("preparing rows", "clean-up", "taking the push lock", "total"):
        assert name in out
    assert "removed       " in out and "stores 0" in out
    quiet = _cli(*_push_args(bolt_server, run_folder, "-q"), env=cli_env)
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""


def test_push_summary_times_add_up_to_the_total(
    neo4j_conn: sgn.Connection, analysis: sg.Analysis
) -> None:
    seen: list[str] = []
    for _ in range(2):  # into an empty graph, then incremental
        seen.clear()
        summary = sgn.push(analysis, neo4j_conn, secret=SECRET, progress=seen.append)
        parts = {k: v for k, v in summary.seconds.items() if k != "total"}
        assert sum(parts.values()) == pytest.approx(summary.seconds["total"], abs=0.02)
        assert [sgn.sync.PUSH_STAGES.get(k, k) for k in parts] == list(dict.fromkeys(seen))
    assert "cleanup" in summary.seconds and "prepare" in summary.seconds
