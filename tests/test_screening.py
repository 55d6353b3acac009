"""The Screener: one code path with the batch analysis, incremental updates, bad input, CLI."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.analysis import EXPLAIN_COLUMNS
from sellergraph.errors import InputError
from sellergraph.io.run import read_analysis, write_run
from sellergraph.screening import DECISION_COLUMNS, Screener

#: Held-out stores (no two within two links of each other) are screened against an
#: analysis built without them and compared with the analysis of all stores: without
#: them, identifier counts and the rings around them shift a little. Stated
#: tolerance: every score within this of the batch's, 95% within 0.01.
HELD_OUT_TOLERANCE = 0.05


@pytest.fixture(scope="module", params=["standard", "hard"])
def market(request: pytest.FixtureRequest) -> tuple[pd.DataFrame, pd.DataFrame, sg.Analysis]:
    stores, links, _ = sg.make_marketplace(n_stores=3000, seed=5, difficulty=request.param)
    return stores, links, sg.analyze(stores, links, seed=0)


@pytest.fixture(scope="module")
def small() -> tuple[pd.DataFrame, pd.DataFrame, sg.Analysis, Screener]:
    stores, links, _ = sg.make_marketplace(n_stores=1500, seed=11)
    analysis = sg.analyze(stores, links, seed=0)
    return stores, links, analysis, Screener.from_analysis(analysis)


def _registration(stores: pd.DataFrame, links: pd.DataFrame, store_id: str) -> dict:
    row = stores[stores["store_id"] == store_id].iloc[0]
    mine = links[links["store_id"] == store_id]
    idents: dict[str, list[str]] = {}
    for kind, value in zip(mine["kind"], mine["value"], strict=True):
        idents.setdefault(str(kind), []).append(value)
    return {
        "store_id": store_id,
        "platform": row["platform"],
        "opened_at": str(row["opened_at"])[:10] if pd.notna(row["opened_at"]) else None,
        "identifiers": idents,
    }


def test_every_store_screens_to_its_batch_score(market) -> None:
    stores, links, analysis = market
    screener = Screener.from_analysis(analysis)
    active = analysis.stores[analysis.stores["status"] == "active"]
    got = screener.screen_many(
        stores[stores["store_id"].isin(active["store_id"])],
        links=links[links["store_id"].isin(active["store_id"])],
    )
    assert list(got.columns) == list(DECISION_COLUMNS)
    merged = got.merge(analysis.scores, on="store_id", suffixes=("", "_batch"))
    assert len(merged) == len(active)
    assert (merged["score"] > 0).sum() > 100
    np.testing.assert_allclose(merged["score"], merged["score_batch"], atol=1e-9)
    assert (
        merged["matched_store_id"].fillna("") == merged["matched_store_id_batch"].fillna("")
    ).all()
    assert (merged["relation"] == merged["relation_batch"]).all()
    assert (merged["cross_platform"] == merged["cross_platform_batch"]).all()
    assert (merged["n_banned_linked"] == merged["n_banned_linked_batch"]).all()


def _apart(candidates: np.ndarray, analysis: sg.Analysis, n: int) -> list[str]:
    """Up to ``n`` stores, no two of them within two links of each other."""
    graph = analysis.link_graph
    taken: set[str] = set()
    blocked: set[str] = set()
    for sid in candidates:
        if len(taken) == n:
            break
        if sid in blocked:
            continue
        taken.add(sid)
        near = {sid}
        if sid in graph:
            first = set(graph[sid])
            near |= first | {x for f in first for x in graph[f]}
        blocked |= near
    return sorted(taken)


def test_held_out_stores_screen_close_to_their_batch_score(market) -> None:
    stores, links, full = market
    rng = np.random.default_rng(0)
    scored = rng.permutation(full.scores[full.scores["score"] > 0]["store_id"].to_numpy())
    rest = rng.permutation(full.scores[full.scores["score"] == 0]["store_id"].to_numpy())
    held = _apart(np.concatenate([scored[:400], rest[:60]]), full, 120)
    keep_s = ~stores["store_id"].isin(held)
    keep_l = ~links["store_id"].isin(held)
    without = sg.analyze(stores[keep_s], links[keep_l], seed=0)
    screener = Screener.from_analysis(without)
    got = screener.screen_many(stores[~keep_s], links=links[~keep_l])
    merged = got.merge(full.scores, on="store_id", suffixes=("", "_batch"))
    diff = (merged["score"] - merged["score_batch"]).abs()
    assert len(merged) == len(held) >= 100
    assert (merged["score_batch"] > 0).sum() >= 50
    assert diff.max() <= HELD_OUT_TOLERANCE
    assert (diff <= 0.01).mean() >= 0.95


_TOWER = "flat 626 lake view towers plot 165 link road navi mumbai maharashtra 410215"
_GARDEN = "12 garden road apartment blockhouse"


def _typo(value: str, n: int) -> str:
    """``value`` with its last ``n`` characters replaced."""
    return value[:-n] + "x" * n


#: Addresses of a banned store and an active one that give a store pair several near
#: matches on one value. In the first, the active store holds the banned store's address
#: and a reordered copy of it, and the banned store a copy without "flat": the batch
#: keeps the exact match alone. In the second, a chain of near duplicates (x~y, x~z,
#: w~z but not w~y): the batch keeps two near matches.
NEAR_ON_ONE_VALUE = {
    "exact_and_reordered_copy": (
        [_TOWER, _TOWER.removeprefix("flat ")],
        [_TOWER, _TOWER.replace("maharashtra 410215", "410215 maharashtra")],
    ),
    "chain_of_near_duplicates": (
        [_typo(_GARDEN, 1), _typo(_GARDEN, 4)],
        [_GARDEN, _typo(_GARDEN, 2)],
    ),
}


@pytest.mark.parametrize("banned_first", [True, False], ids=["banned_first", "active_first"])
@pytest.mark.parametrize("case", sorted(NEAR_ON_ONE_VALUE))
def test_near_matches_on_one_value_screen_as_the_batch_keeps_them(
    case: str, banned_first: bool
) -> None:
    banned_addresses, active_addresses = NEAR_ON_ONE_VALUE[case]
    stores = pd.DataFrame(
        {
            "store_id": ["B", "S"],
            "status": ["banned", "active"],
            "opened_at": ["2020-01-01", "2023-07-26"],
            "closed_at": ["2023-01-01", None],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["B", "B", "S", "S"],
            "kind": "address",
            "value": banned_addresses + active_addresses,
        }
    )
    if not banned_first:  # the active store gets the lower store code
        stores, links = stores.iloc[::-1], links.iloc[::-1]
    analysis = sg.analyze(stores, links, seed=0)
    batch = analysis.scores.set_index("store_id").loc["S"]
    got = Screener.from_analysis(analysis).screen_many(
        stores[stores["store_id"] == "S"], links=links[links["store_id"] == "S"]
    )
    assert batch["score"] > 0
    assert got["score"].tolist() == [batch["score"]]
    assert got["evidence"].tolist() == [batch["evidence"]]


def test_one_screen_is_the_same_as_a_batch_row(small) -> None:
    stores, links, analysis, screener = small
    ids = analysis.scores["store_id"].head(25).tolist()
    many = screener.screen_many([_registration(stores, links, s) for s in ids])
    for sid, row in zip(ids, many.itertuples(index=False), strict=True):
        one = screener.screen(_registration(stores, links, sid))
        assert one.store_id == row.store_id == sid
        assert one.score == row.score
        assert one.verdict == row.verdict
        assert one.matched_store_id == row.matched_store_id


def test_table_and_dicts_give_the_same_decisions(small) -> None:
    stores, links, analysis, screener = small
    ids = analysis.scores["store_id"].head(300).tolist()
    regs = [_registration(stores, links, s) for s in ids]
    regs[3]["opened_at"] = "03/01/2018"
    regs[4]["opened_at"] = "someday"
    regs[5]["identifiers"]["fax"] = ["123"]
    regs[6]["identifiers"]["phone"] = ["N/A"]
    table = pd.DataFrame([{k: v for k, v in r.items() if k != "identifiers"} for r in regs])
    long = pd.DataFrame(
        [(r["store_id"], k, v) for r in regs for k, vs in r["identifiers"].items() for v in vs],
        columns=["store_id", "kind", "value"],
    )
    from sellergraph.screening import decisions_frame

    from_dicts = decisions_frame(screener.screen_records(regs))
    pd.testing.assert_frame_equal(screener.screen_many(table, links=long), from_dicts)
    pd.testing.assert_frame_equal(screener.screen_many(regs), from_dicts)
    assert "invalid_date" in from_dicts["unusable"].iloc[4]
    assert from_dicts["unusable"].iloc[3] == ""


def test_evidence_is_the_explain_table(small) -> None:
    stores, links, analysis, screener = small
    sid = analysis.alerts["store_id"].iloc[0]
    decision = screener.screen(_registration(stores, links, sid))
    batch = analysis.explain(sid).contributions
    table = decision.evidence
    assert list(table.columns) == list(EXPLAIN_COLUMNS)
    assert len(table) == len(batch)
    assert table["contribution"].sum() == pytest.approx(decision.score, abs=1e-5)
    for col in ("item", "kind", "match", "value", "other_store_id", "other_status"):
        assert table[col].fillna("").tolist() == batch[col].fillna("").tolist(), col
    np.testing.assert_allclose(table["contribution"], batch["contribution"], atol=1e-6)
    assert decision.matches and decision.matches[0]["store_id"] in set(batch["other_store_id"])
    assert decision.summary.startswith(f"Store {sid}")
    assert "<b>" in decision._repr_html_()
    json.dumps(decision.to_dict())


def test_a_new_store_reusing_a_banned_device_is_blocked(small) -> None:
    _, _, analysis, screener = small
    idents = analysis.evidence.identifiers
    inc = analysis.evidence.incidence
    banned = analysis.evidence.banned
    device = idents.index[(idents["kind"] == "device") & (idents["n_stores"] == 1)]
    holder = inc[inc["ident"].isin(device) & banned[inc["store"].to_numpy()]].iloc[0]
    key = idents.loc[holder["ident"], "key"]
    payment = idents.index[(idents["kind"] == "payment_account")]
    pay_hold = inc[inc["ident"].isin(payment) & (inc["store"] == holder["store"])]
    reg = {"store_id": "NEW-1", "identifiers": {"device": key.upper()}}
    if len(pay_hold):
        reg["identifiers"]["payment_account"] = idents.loc[pay_hold["ident"].iloc[0], "key"]
    d = screener.screen(reg)
    assert d.matched_store_id == analysis.evidence.store_ids[holder["store"]]
    assert d.score >= 0.8
    assert d.verdict in ("review", "block")
    assert d.evidence_records[0]["value"] != key  # masked by default
    assert screener.screen(reg, mask=False).evidence_records[0]["kind"] in (
        "device",
        "payment_account",
    )


def test_add_store_and_ban_are_seen_by_the_next_screen(small, tmp_path: Path) -> None:
    built = small[3]
    screener = Screener.load(built.save(tmp_path / "x.sgidx"))
    phone = "+86 139 1111 2222"
    reg = {"store_id": "LATER", "identifiers": {"phone": phone, "email": "Later@Example.com"}}
    assert screener.screen(reg).score == 0.0
    # a store is added, then banned: the registration now matches it
    screener.add_store({"store_id": "FIRST", "identifiers": {"phone": "13911112222"}})
    assert screener.screen(reg).score == 0.0
    screener.ban("FIRST", closed_at="2024-01-01", closure_reason="counterfeit")
    d = screener.screen({**reg, "opened_at": "2024-02-01"})
    assert d.matched_store_id == "FIRST"
    assert d.relation == "return"
    assert d.score > 0.5
    # a path: a store added next to the banned one links the registration indirectly
    screener.add_store(
        {"store_id": "MIDDLE", "identifiers": {"device": "aa11bb22cc33dd44", "phone": phone}}
    )
    d2 = screener.screen({"store_id": "THIRD", "identifiers": {"device": "AA11BB22CC33DD44"}})
    assert d2.score > 0
    assert d2.matched_store_id == "FIRST"
    assert "via_ring" in d2.kinds
    # the updated index saves and loads with the additions
    path = screener.save(tmp_path / "updated.sgidx")
    again = Screener.load(path)
    # MIDDLE holds the phone too now: one more holder in the evidence, the same score
    now = screener.screen({**reg, "opened_at": "2024-02-01"})
    holders = [x.evidence["holders"].iloc[0] for x in (d, now)]
    assert now.score == d.score and holders[1] == holders[0] + 1
    assert again.screen({**reg, "opened_at": "2024-02-01"}) == now
    assert "FIRST" in again and len(again) == len(built) + 2
    with pytest.raises(InputError, match="already in the index"):
        screener.add_store({"store_id": "FIRST", "identifiers": {}})
    with pytest.raises(InputError, match="not in the index"):
        screener.ban("NOPE", closed_at="2024-01-01")
    with pytest.raises(InputError, match="closed_at"):
        screener.ban("MIDDLE", closed_at="soon")


def test_add_store_matches_a_rebuilt_analysis(small) -> None:
    stores, links, analysis, _ = small
    screener = Screener.from_analysis(analysis)
    target = analysis.scores[analysis.scores["score"] == 0]["store_id"].iloc[0]
    reg = _registration(stores, links, target)
    # ban the target incrementally, then screen a copy of it under a new id
    closed = "2025-06-01"
    screener.ban(target, closed_at=closed)
    copy = {**reg, "store_id": "COPY", "opened_at": "2025-07-01"}
    incremental = screener.screen(copy)
    # the same from a full rebuild
    s2 = stores.copy()
    s2.loc[s2["store_id"] == target, ["status", "closed_at"]] = ["banned", closed]
    s2 = pd.concat(
        [
            s2,
            pd.DataFrame(
                [
                    {
                        "store_id": "COPY",
                        "platform": reg["platform"],
                        "status": "active",
                        "opened_at": "2025-07-01",
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    l2 = pd.concat([links, links[links["store_id"] == target].assign(store_id="COPY")])
    rebuilt = sg.analyze(s2, l2, seed=0)
    batch = rebuilt.scores.set_index("store_id").loc["COPY"]
    assert incremental.score == pytest.approx(batch["score"], abs=HELD_OUT_TOLERANCE)
    assert incremental.matched_store_id == target == batch["matched_store_id"]


def test_unusable_fields_are_reported_and_the_batch_carries_on(small) -> None:
    _, _, _, screener = small
    regs = [
        {"store_id": "A", "identifiers": {"phone": "N/A", "fax": "123", "email": ""}},
        {"store_id": "B"},
        {"store_id": "C", "identifiers": ["phone", "123"]},
        {"store_id": "D", "identifiers": {"device": None}, "opened_at": "not a date"},
        "not a registration",
        {"store_id": 42, "identifiers": {"Phone ": ["+86 138 0013 8000", 13800138000]}},
    ]
    out = screener.screen_records(regs)  # type: ignore[arg-type]
    reasons = [{(u["field"], u["reason"]) for u in d.unusable} for d in out]
    assert ("identifiers.phone", "placeholder") in reasons[0]
    assert ("identifiers.fax", "unknown_kind") in reasons[0]
    assert ("identifiers", "missing") in reasons[1]
    assert ("identifiers", "not_an_object") in reasons[2]
    assert ("opened_at", "invalid_date") in reasons[3]
    assert ("registration", "not_an_object") in reasons[4]
    assert out[5].store_id == "42" and not out[5].unusable
    assert all(d.verdict == "allow" for d in out)
    table = screener.screen_many(regs)  # type: ignore[arg-type]
    assert "unknown_kind" in table["unusable"].iloc[0]


def test_other_names_of_built_in_kinds_are_screened_as_them(small) -> None:
    stores, links, analysis, screener = small
    sid = analysis.alerts["store_id"].iloc[0]
    reg = _registration(stores, links, sid)
    names = {"phone": "Mobile", "email": "e-mail", "device": "IMEI", "ip": "IP address"}
    renamed = {names.get(k, k): v for k, v in reg["identifiers"].items()}
    assert renamed != reg["identifiers"]
    got = screener.screen({**reg, "identifiers": renamed})
    assert not got.unusable
    assert got.score == screener.screen(reg).score
    wide = pd.DataFrame([{"store_id": sid, **renamed}])
    assert not wide.columns.isin(list(screener.kinds)).all()
    assert screener.screen_many(wide)["unusable"].iloc[0] in ("", None)


def test_wide_tables_are_screened(small) -> None:
    stores, links, analysis, screener = small
    sid = analysis.alerts["store_id"].iloc[0]
    reg = _registration(stores, links, sid)
    wide = pd.DataFrame(
        [
            {
                "store_id": sid,
                "platform": reg["platform"],
                "opened_at": reg["opened_at"],
                **{k: v for k, v in reg["identifiers"].items()},
            }
        ]
    )
    got = screener.screen_many(wide)
    assert got["score"].iloc[0] == screener.screen(reg).score
    with pytest.raises(InputError, match="not in the registrations"):
        screener.screen_many(
            wide, links=pd.DataFrame({"store_id": ["ZZ"], "kind": ["phone"], "value": ["1"]})
        )


def test_thresholds_and_determinism(small, tmp_path: Path) -> None:
    stores, links, analysis, screener = small
    regs = [_registration(stores, links, s) for s in analysis.scores["store_id"].head(40)]
    a = screener.screen_many(regs)
    b = Screener.load(screener.save(tmp_path / "i.sgidx")).screen_many(regs)
    pd.testing.assert_frame_equal(a, b)
    strict = Screener.load(tmp_path / "i.sgidx", review_at=0.1, block_at=0.2)
    verdicts = strict.screen_many(regs)["verdict"]
    expected = np.where(a["score"] >= 0.2, "block", np.where(a["score"] >= 0.1, "review", "allow"))
    assert verdicts.tolist() == expected.tolist()
    with pytest.raises(InputError, match="review_at <= block_at"):
        Screener.from_analysis(analysis, review_at=0.9, block_at=0.5)
    (tmp_path / "bad.sgidx").write_text("not a zip")
    with pytest.raises(InputError, match="not a sellergraph index"):
        Screener.load(tmp_path / "bad.sgidx")
    with pytest.raises(InputError, match="does not exist"):
        Screener.load(tmp_path / "missing.sgidx")


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sellergraph.cli", *args],
        capture_output=True,
        text=True,
        input=stdin,
        check=False,
    )


def test_cli_index_and_screen(small, tmp_path: Path) -> None:
    stores, links, analysis, _ = small
    write_run(analysis, tmp_path / "run", fmt="parquet", report=False)
    res = _cli("index", "--run", str(tmp_path / "run"), "--out", str(tmp_path / "i.sgidx"))
    assert res.returncode == 0, res.stderr
    assert "identifiers" in res.stdout
    sid = analysis.alerts["store_id"].iloc[0]
    lines = [
        "\ufeff" + json.dumps(_registration(stores, links, sid), default=str),
        '{"store_id": "broken",',
        "",
        json.dumps({"store_id": "Z", "identifiers": {"phone": "N/A"}}),
        "[" * 100_000,
        '{"store_id": "S", "identifiers": {"device": "\\ud800"}}',
    ]
    res = _cli("screen", "--index", str(tmp_path / "i.sgidx"), "-", stdin="\n".join(lines))
    assert res.returncode == 1
    out = [json.loads(x) for x in res.stdout.splitlines()]
    assert [o["line"] for o in out] == [1, 2, 4, 5, 6]
    assert "nested too deeply" in out[3]["error"]
    assert out[4]["store_id"] == "S"
    assert out[0]["store_id"] == sid and out[0]["verdict"] in ("review", "block")
    assert {"store_id", "score", "verdict", "matches", "evidence"} <= set(out[0])
    assert out[0]["score"] == analysis.scores.set_index("store_id").loc[sid, "score"]
    assert "malformed JSON" in out[1]["error"] and "line 2" in res.stderr
    assert "screen_many" not in out[1]["error"]  # JSON cut short, not another format
    assert out[2]["unusable"][0]["reason"] == "placeholder"
    csv = _cli("screen", "--index", str(tmp_path / "i.sgidx"), "-", stdin="store_id,phone\nC1,1\n")
    assert csv.returncode == 1 and "reads JSON lines" in csv.stderr
    assert "Screener.screen_many" in json.loads(csv.stdout.splitlines()[0])["error"]
    bad = _cli("screen", "--index", str(tmp_path / "nope.sgidx"), "-", stdin="")
    assert bad.returncode == 2 and "does not exist" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_a_registration_s_fields_are_read_as_a_table_s_columns_and_others_reported(
    small,
) -> None:
    stores, links, analysis, screener = small
    sid = analysis.alerts["store_id"].iloc[0]
    reg = _registration(stores, links, sid)
    want = screener.screen(reg)
    spelt = {"Store ID": reg["store_id"], "Opened At": reg["opened_at"], **reg["identifiers"]}
    got = screener.screen(spelt)
    assert (got.score, got.matched_store_id, got.relation, got.unusable) == (
        want.score,
        want.matched_store_id,
        want.relation,
        (),
    )
    typo = screener.screen({**reg, "opend_at": "2018-09-08", "contry": "DE", "note": None})
    assert typo.score == want.score
    assert [(u["field"], u["reason"]) for u in typo.unusable] == [
        ("opend_at", "unknown_field"),
        ("contry", "unknown_field"),
    ]
    empty = screener.screen({"store_id": "N9", "identifiers": {}})
    assert [u["reason"] for u in empty.unusable] == ["missing"]


def test_hostile_registrations_are_reported_not_crashed(small) -> None:
    screener = small[3]
    regs = [
        {"store_id": "N1", "identifiers": {"phone": [["13800138000"]], "email": {"a": 1}}},
        {"store_id": "N2", "identifiers": {"phone": float("nan")}, "opened_at": "now"},
        {"store_id": "N3", "identifiers": {"device": "\ud800"}, "opened_at": "2024-05-01junk"},
    ]
    out = screener.screen_records(regs)
    assert {u["reason"] for u in out[0].unusable} == {"not_a_value"}
    assert ("opened_at", "invalid_date") in {(u["field"], u["reason"]) for u in out[1].unusable}
    assert ("opened_at", "invalid_date") in {(u["field"], u["reason"]) for u in out[2].unusable}
    for d in out:
        json.dumps(d.to_dict(), allow_nan=False)
        d._repr_html_().encode("utf-8")
    # submitted values are masked in unusable unless asked
    masked = screener.screen({"identifiers": {"phone": "12345"}}).unusable[0]["value"]
    raw = screener.screen({"identifiers": {"phone": "12345"}}, mask=False).unusable[0]["value"]
    assert raw == "12345" and masked != raw
    # a table with a repeated index, and one with repeated store ids and links
    wide = pd.DataFrame({"store_id": ["A", "B"], "phone": ["13800138000", "N/A"]}, index=[0, 0])
    assert screener.screen_many(wide)["store_id"].tolist() == ["A", "B"]
    with pytest.raises(InputError, match="more than once"):
        screener.screen_many(
            pd.DataFrame({"store_id": ["A", "A"]}),
            links=pd.DataFrame({"store_id": ["A"], "kind": ["phone"], "value": ["1"]}),
        )


def test_platform_and_banned_ids(small) -> None:
    stores, links, analysis, screener = small
    sid = analysis.alerts["store_id"].iloc[0]
    reg = _registration(stores, links, sid)
    without = screener.screen({**reg, "store_id": "NEW", "platform": None})
    assert without.matched_store_id is not None and without.cross_platform is False
    # re-registering under a banned store's id keeps that store's evidence
    banned = analysis.stores[analysis.stores["status"] == "banned"]["store_id"].iloc[0]
    reg_b = _registration(stores, links, banned)
    assert screener.screen(reg_b).score == screener.screen({**reg_b, "store_id": "FRESH"}).score


def test_the_same_index_saves_to_the_same_bytes(small, tmp_path: Path) -> None:
    screener = small[3]
    a = screener.save(tmp_path / "a.sgidx").read_bytes()
    b = screener.save(tmp_path / "b.sgidx").read_bytes()
    assert a == b


def test_screening_on_several_processes_gives_the_same_table(small, monkeypatch) -> None:
    import sellergraph._parallel as parallel

    stores, links, analysis, _ = small
    screener = Screener.from_analysis(analysis)
    monkeypatch.setattr(parallel, "MIN_PER_JOB", 64)  # small parts, so the test stays small
    active = stores[stores["status"] == "active"].head(600)
    mine = links[links["store_id"].isin(active["store_id"])].sample(frac=1.0, random_state=0)
    records = [_registration(stores, links, s) for s in active["store_id"].head(200)]
    try:
        for args, kwargs in (
            ((active,), {"links": mine}),
            ((records,), {}),
        ):
            one = screener.screen_many(*args, **kwargs)
            three = screener.screen_many(*args, **kwargs, n_jobs=3)
            pd.testing.assert_frame_equal(one, three)
            assert three["score"].gt(0).any()
        # workers hold the index as it was: a ban and new thresholds are still seen
        before = screener.screen_many(active, links=mine, n_jobs=2)
        second_half = before.iloc[len(before) // 2 :]  # screened by a worker
        quiet = second_half.loc[second_half["score"] == 0, "store_id"].iloc[0]
        screener.ban(quiet, closed_at="2020-01-01")  # its own id now matches a banned store
        screener.review_at, screener.block_at = 0.05, 0.06
        after = screener.screen_many(active, links=mine, n_jobs=2)
        pd.testing.assert_frame_equal(after, screener.screen_many(active, links=mine))
        assert after.set_index("store_id").loc[quiet, "score"] > 0
        assert (after["verdict"] == "block").sum() > (before["verdict"] == "block").sum()
    finally:
        screener.close()


def test_n_jobs_is_checked(small) -> None:
    stores, links, _, screener = small
    for bad in (0, -2, 1.5, True, "2"):
        with pytest.raises(InputError, match="n_jobs"):
            screener.screen_many(stores.head(3), links=links.head(0), n_jobs=bad)


def test_lookup_survives_hash_collisions_and_foreign_hashes(small, monkeypatch) -> None:
    import sellergraph.screening as screening

    stores, links, analysis, screener = small
    sample = stores[stores["status"] == "active"].head(300)
    mine = links[links["store_id"].isin(sample["store_id"])]
    expected = screener.screen_many(sample, links=mine)
    # every key hashed alike: each lookup has to walk the run of equal hashes
    real = screening._kind_key_hashes
    monkeypatch.setattr(
        screening, "_kind_key_hashes", lambda kind, keys: np.zeros(len(keys), dtype=np.uint64)
    )
    colliding = Screener.from_analysis(analysis)
    pd.testing.assert_frame_equal(colliding.screen_many(sample, links=mine), expected)
    # an index whose stored hashes this installation does not reproduce is hashed again
    monkeypatch.setattr(screening, "_kind_key_hashes", real)
    arrays, meta = screener._export()
    foreign = Screener({**arrays, "lookup_hash": arrays["lookup_hash"] + np.uint64(1)}, meta)
    pd.testing.assert_frame_equal(foreign.screen_many(sample, links=mine), expected)


def test_store_ids_are_stripped_as_python_strips() -> None:
    from sellergraph.screening import _PY_SPACE, _id_texts

    assert "".join(c for c in map(chr, range(0x110000)) if c.isspace()) == _PY_SPACE
    cells = [" a ", "\x1fb\x85", None, " \u3000 ", "c", "x\ud800 ", 7.0]
    want = [
        None if c is None else str(c if not isinstance(c, float) else int(c)).strip() or None
        for c in cells
    ]
    assert _id_texts(pd.Series(cells, dtype=object)) == want
    assert _id_texts(pd.Series(cells[:5], dtype="str")) == want[:5]


def test_saving_over_the_loaded_file_and_changing_it_after(small, tmp_path: Path) -> None:
    stores, links, _, screener = small
    path = screener.save(tmp_path / "index.sgidx")
    before = path.read_bytes()
    loaded = Screener.load(path)
    active = stores[stores["status"] == "active"]["store_id"].iloc[0]
    registration = _registration(stores, links, active)
    loaded.ban(active, closed_at="2020-01-01")  # arrays mapped from the file are writable
    assert path.read_bytes() == before  # ... and changes never reach the file
    loaded.save(path)  # replaces the file it was loaded from
    assert Screener.load(path).screen(registration).score > screener.screen(registration).score


def test_a_damaged_index_is_refused_with_a_clear_error(small, tmp_path: Path) -> None:
    import zipfile

    _, _, _, screener = small
    good = screener.save(tmp_path / "good.sgidx").read_bytes()
    info = {i.filename: i for i in zipfile.ZipFile(tmp_path / "good.sgidx").infolist()}
    for member in ("ident_key.arrow", "store_id.arrow", "hold_ptr.npy", "lookup_hash.npy"):
        at = info[member].header_offset + 30 + len(member) + len(info[member].extra) + 200
        for flip in (0x01, 0x5A, 0xFF):
            bad = bytearray(good)
            bad[at] ^= flip
            (tmp_path / "bad.sgidx").write_bytes(bytes(bad))
            with pytest.raises(InputError, match="damaged"):
                Screener.load(tmp_path / "bad.sgidx")
    # a member missing, or meta.json unreadable
    with (
        zipfile.ZipFile(tmp_path / "good.sgidx") as src,
        zipfile.ZipFile(tmp_path / "short.sgidx", "w") as dst,
    ):
        for name in src.namelist():
            if name != "d1.npy":
                dst.writestr(name, src.read(name))
    with pytest.raises(InputError, match="no d1"):
        Screener.load(tmp_path / "short.sgidx")
    # a re-zipped (compressed) index still loads
    with (
        zipfile.ZipFile(tmp_path / "good.sgidx") as src,
        zipfile.ZipFile(tmp_path / "deflated.sgidx", "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for name in src.namelist():
            dst.writestr(name, src.read(name))
    assert len(Screener.load(tmp_path / "deflated.sgidx")) == len(screener)


def test_many_values_of_a_kind_that_are_not_text(small) -> None:
    _, _, _, screener = small
    wide = pd.DataFrame(
        {"store_id": [f"N{i}" for i in range(300)], "phone": 13800138000 + np.arange(300)}
    )
    got = screener.screen_many(wide)
    assert len(got) == 300 and got["unusable"].eq("").all()


def test_workers_recover_and_extra_columns_stay_home(small, monkeypatch) -> None:
    import multiprocessing
    import os
    import signal
    import threading
    import time

    import sellergraph._parallel as parallel

    stores, links, analysis, _ = small
    screener = Screener.from_analysis(analysis)
    monkeypatch.setattr(parallel, "MIN_PER_JOB", 16)
    active = stores[stores["status"] == "active"].head(200).copy()
    mine = links[links["store_id"].isin(active["store_id"])]
    one = screener.screen_many(active, links=mine)
    try:
        active["request"] = [threading.Lock() for _ in range(len(active))]  # cannot be pickled
        pd.testing.assert_frame_equal(screener.screen_many(active, links=mine, n_jobs=2), one)
        for child in multiprocessing.active_children():
            os.kill(child.pid, signal.SIGKILL)
        time.sleep(0.5)
        with pytest.raises(RuntimeError, match="worker process ended"):
            screener.screen_many(active, links=mine, n_jobs=2)
        pd.testing.assert_frame_equal(screener.screen_many(active, links=mine, n_jobs=2), one)
    finally:
        screener.close()


def test_store_ids_with_lone_surrogates(small) -> None:
    _, _, _, screener = small
    table = pd.DataFrame({"store_id": ["A\ud800", "B"]}, dtype=object)
    links = pd.DataFrame(
        {"store_id": ["A\ud800", "B"], "kind": ["phone", "phone"], "value": ["13800138000"] * 2},
        dtype=object,
    )
    got = screener.screen_many(table, links=links)
    assert got["store_id"].tolist() == ["A\\ud800", "B"]


def test_misspelt_columns_containers_and_file_names_are_reported(small, monkeypatch) -> None:
    import threading

    import sellergraph._parallel as parallel

    stores, links, analysis, screener = small
    sid = analysis.alerts["store_id"].iloc[0]
    reg = _registration(stores, links, sid)
    kind, values = next(iter(reg["identifiers"].items()))
    typo = pd.DataFrame({"store_id": [sid], f"{kind}_x": [values[0]], "phone": [None]})
    got = screener.screen_many(typo)
    assert got["unusable"].iloc[0] == f"identifiers.{kind}_x: unknown_kind"
    assert got["score"].iloc[0] == 0.0
    with pytest.raises(InputError, match="no identifier column"):
        screener.screen_many(typo.drop(columns="phone"))
    with pytest.raises(InputError, match="not a file name"):
        screener.screen_many("registrations.jsonl")  # type: ignore[arg-type]
    # a list or object where one value belongs: reported, the rest of the batch screened
    regs = [dict(reg), {**reg, "store_id": "N2", "opened_at": {"d": 1}, "platform": ["mkt-c"]}]
    out = screener.screen_records(regs)
    assert out[0].score == out[1].score > 0
    assert {(u["field"], u["reason"]) for u in out[1].unusable} == {
        ("opened_at", "not_a_value"),
        ("platform", "not_a_value"),
    }
    assert out[1].platform is None and not out[1].cross_platform
    table = pd.DataFrame(
        {"store_id": ["A", ["B"]], "opened_at": [{"d": 1}, "2020-01-01"], "phone": ["1", None]}
    )
    assert screener.screen_many(table)["unusable"].tolist() == [
        "opened_at: not_a_value; identifiers.phone: placeholder",
        "store_id: not_a_value",
    ]
    with pytest.raises(InputError, match="needs closed_at"):
        screener.add_store({"store_id": "Z", "identifiers": {}}, status="banned")
    long_kind = screener.screen({"identifiers": {"x" * 10_000: "1"}}).unusable[0]["field"]
    assert len(long_kind) < 100
    # unknown columns of a wide table travel to the workers as the texts they are reported as
    monkeypatch.setattr(parallel, "MIN_PER_JOB", 16)
    wide = pd.DataFrame({"store_id": stores["store_id"][:64], "phone": "13800138000"})
    wide["request"] = [threading.Lock() for _ in range(len(wide))]
    try:
        pd.testing.assert_frame_equal(
            screener.screen_many(wide, n_jobs=2), screener.screen_many(wide)
        )
    finally:
        screener.close()


def test_a_score_does_not_depend_on_the_stores_scored_before_it() -> None:
    from sellergraph.scoring import rank_items

    rng = np.random.default_rng(0)
    w = rng.uniform(0.05, 0.95, 7)
    alone = rank_items(np.zeros(7, int), np.arange(7), np.arange(7), w, 1, same_kind_discount=0.5)
    n_before = 5000
    store = np.concatenate([np.repeat(np.arange(n_before), 3), np.full(7, n_before)])
    weight = np.concatenate([rng.uniform(0.05, 0.95, 3 * n_before), w])
    kind = np.concatenate([np.tile(np.arange(3), n_before), np.arange(7)])
    after = rank_items(
        store, kind, np.arange(len(store)), weight, n_before + 1, same_kind_discount=0.5
    )
    assert after.direct[n_before] == alone.direct[0]
    assert after.contribution[-7:].tolist() == alone.contribution.tolist()


def test_matches_list_every_banned_store_shared_with(small) -> None:
    stores, links, analysis, screener = small
    ids = analysis.alerts["store_id"].head(100).tolist()
    decisions = screener.screen_records([_registration(stores, links, s) for s in ids])
    assert any(d.n_banned_linked > 1 for d in decisions)
    banned = set(analysis.stores.loc[analysis.stores["status"] == "banned", "store_id"])
    for d in decisions:
        assert len(d.matches) == min(d.n_banned_linked, 10)
        assert {m["store_id"] for m in d.matches} <= banned
        strengths = [m["strength"] for m in d.matches]
        assert strengths == sorted(strengths, reverse=True) and 0 < strengths[-1] <= 1
        assert d.matched_store_id in {m["store_id"] for m in d.matches} or "via_ring" in d.kinds
    # the evidence column is the batch's scores.evidence
    table = screener.screen_many([_registration(stores, links, s) for s in ids])
    batch = analysis.scores.set_index("store_id").loc[ids, "evidence"]
    assert table["evidence"].tolist() == batch.tolist()


def test_cli_screen_reports_bytes_that_are_not_utf8(small, tmp_path: Path) -> None:
    analysis = small[2]
    write_run(analysis, tmp_path / "run", report=False)
    index = tmp_path / "i.sgidx"
    assert _cli("index", "--run", str(tmp_path / "run"), "--out", str(index), "-q").returncode == 0
    built_from = Screener.load(index).provenance["built_from"]
    assert built_from == json.loads((tmp_path / "run" / "run.json").read_text())["counts"]
    good = json.dumps({"store_id": "A", "identifiers": {"phone": "13800138000"}}).encode()
    data = good + b"\n" + b'{"store_id": "B", "identifiers": {"address": "caf\xe9"}}\n' + good
    (tmp_path / "regs.jsonl").write_bytes(data)
    for source in (str(tmp_path / "regs.jsonl"), "-"):
        res = subprocess.run(
            [sys.executable, "-m", "sellergraph.cli", "screen", "--index", str(index), source],
            capture_output=True,
            input=data if source == "-" else None,
            check=False,
        )
        assert res.returncode == 1 and b"Traceback" not in res.stderr
        out = [json.loads(x) for x in res.stdout.decode().splitlines()]
        assert [o["line"] for o in out] == [1, 2, 3]
        assert out[1]["error"] == "line 2: not UTF-8 text (byte 0xe9 at position 50)"
        assert out[0]["store_id"] == out[2]["store_id"] == "A"
    res = _cli("screen", "--index", str(index), str(tmp_path))
    assert res.returncode == 2 and "is a directory, not a file" in res.stderr


def test_a_declared_date_order_reads_registrations_its_way(small) -> None:
    _, _, analysis, _ = small
    day_first = Screener.from_analysis(
        dataclasses.replace(analysis, config=analysis.config.replace(order="day_first"))
    )
    decision = day_first.screen({"store_id": "new", "opened_at": "05/03/2024"})
    assert decision.opened_at == "2024-03-05"
    table = pd.DataFrame({"store_id": ["a", "b"], "opened_at": ["25/03/2024", "12/25/2024"]})
    unusable = day_first.screen_many(table.assign(phone="+86 138 0013 8000"))["unusable"]
    assert ["invalid_date" in u for u in unusable] == [False, True]
    auto = Screener.from_analysis(analysis).screen({"store_id": "new", "opened_at": "05/03/2024"})
    # under auto, the order the batch read its stores in (here the links prove day first)
    assert analysis.provenance["counts"]["date_order"] == "day_first"
    assert auto.opened_at == "2024-03-05"
    month_first = dataclasses.replace(
        analysis,
        provenance={
            **analysis.provenance,
            "counts": {**analysis.provenance["counts"], "date_order": "month_first"},
        },
    )
    again = Screener.from_analysis(month_first).screen(
        {"store_id": "new", "opened_at": "05/03/2024"}
    )
    assert again.opened_at == "2024-05-03"
    refused = day_first.screen({"store_id": "new", "opened_at": "12/25/2024"})
    assert {
        "field": "opened_at",
        "value": "12/25/2024",
        "reason": "invalid_date",
    } in refused.unusable


# -- a registration's country: the phone region of its national-format numbers ---------


@pytest.fixture(scope="module")
def two_countries() -> tuple[pd.DataFrame, sg.Analysis, Screener]:
    """Groups of four stores sharing a number written nationally, one of them banned; even
    groups in Brazil, odd ones in India; the run's region is IN."""
    n = 400
    group = [i // 4 for i in range(n)]
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned" if i % 4 == 0 else "active" for i in range(n)],
            "closed_at": ["2020-01-01" if i % 4 == 0 else None for i in range(n)],
            "country": ["BR" if g % 2 == 0 else "India" for g in group],
        }
    )
    phones = [
        f"(11) 9{g + 1234:04d}-{(7 * g + 5678) % 10000:04d}" if g % 2 == 0 else f"98{g:08d}"
        for g in group
    ]
    links = pd.DataFrame({"store_id": stores["store_id"], "kind": "phone", "value": phones})
    config = sg.Config.from_dict({"normalize": {"default_region": "IN"}})
    analysis = sg.analyze(stores, links, config=config, seed=0)
    return links, analysis, Screener.from_analysis(analysis)


def test_a_registration_s_country_reads_its_phone_in_that_region(two_countries) -> None:
    _, analysis, screener = two_countries
    banned_phone = "(11) 91234-5678"  # S0's number, banned, in Brazil
    assert analysis.links.set_index("store_id").loc["S0", "key"] == "+5511912345678"
    got = {
        c: screener.screen({"store_id": "N1", "country": c, "identifiers": {"phone": banned_phone}})
        for c in ("BR", "Brasil", "bra", None, "Atlantis")
    }
    assert got["BR"].score > 0 and got["BR"].matched_store_id == "S0"
    assert got["Brasil"].score == got["bra"].score == got["BR"].score
    assert got[None].score == 0  # read in IN: another number
    assert got["Atlantis"].score == 0
    assert {"field": "country", "value": "Atlantis", "reason": "unknown_country"} in list(
        got["Atlantis"].unusable
    )


@pytest.mark.parametrize("n", [10, 1200])  # per value, and the vectorised path
def test_registration_tables_read_each_row_s_country(two_countries, n: int) -> None:
    _, _, screener = two_countries
    countries = ["BR", None, "XX", "in"]
    table = pd.DataFrame(
        {
            "store_id": [f"N{i}" for i in range(n)],
            "country": [countries[i % 4] for i in range(n)],
            "phone": ["(11) 91234-5678"] * n,
        }
    )
    got = screener.screen_many(table)
    records = [
        screener.screen(
            {"store_id": f"N{i}", "country": countries[i % 4], "identifiers": {"phone": p}}
        )
        for i, p in enumerate(table["phone"][:8])
    ]
    assert got["score"][:8].tolist() == [d.score for d in records]
    matched = got["score"] > 0
    assert matched.tolist() == [i % 4 == 0 for i in range(n)]
    # read in IN (no country, or one that names none), the number is not a valid one there
    misread = "identifiers.phone: read_in_default_region in IN"
    assert got["unusable"].tolist() == [
        {1: misread, 2: f"country: unknown_country; {misread}"}.get(i % 4, "") for i in range(n)
    ]


def test_registration_tables_match_the_contract_s_names_in_any_case(two_countries) -> None:
    _, _, screener = two_countries
    plain = pd.DataFrame(
        {
            "store_id": ["N0", "N1", "N2"],
            "opened_at": ["2024-05-01", "2024-05-02", None],
            "country": ["BR", "in", None],
            "phone": ["(11) 91234-5678", "(11) 91234-5678", "(11) 91234-5678"],
        }
    )
    headers = plain.rename(
        columns={"store_id": "Store ID", "opened_at": "Opened-At", "country": " Country"}
    )
    want = screener.screen_many(plain)
    got = screener.screen_many(headers)
    pd.testing.assert_frame_equal(got, want)
    assert got["unusable"].tolist() == ["", "", "identifiers.phone: read_in_default_region in IN"]
    assert got["score"].iloc[0] > 0
    assert got["score"].iloc[1] == 0  # read in India, not in Brazil
    links = pd.DataFrame({"Store_ID": ["N0"], "KIND": ["phone"], "Value": ["(11) 91234-5678"]})
    by_links = screener.screen_many(headers[["Store ID", " Country"]], links=links)
    # without an opening day: no years between the holders of the number
    undated = screener.screen_many(plain.drop(columns="opened_at"))
    assert by_links["score"].tolist() == [undated["score"].iloc[0], 0.0, 0.0]


def test_stores_with_a_country_screen_to_their_batch_score(two_countries) -> None:
    links, analysis, screener = two_countries
    stores = analysis.stores.set_index("store_id")
    raw = links.set_index("store_id")["value"]
    registrations = [
        {"store_id": sid, "country": stores.loc[sid, "country"], "identifiers": {"phone": raw[sid]}}
        for sid in stores.index[stores["status"] == "active"]
    ]
    got = screener.screen_many(registrations)
    batch = analysis.scores.set_index("store_id")["score"]
    want = batch.reindex(got["store_id"]).fillna(0.0).to_numpy()
    assert np.allclose(got["score"].to_numpy(), want, atol=1e-6)
    assert (want > 0).sum() == 300  # every active store shares its group's banned number


@pytest.mark.parametrize("proof", ["stores", "links", "none"])
def test_registration_dates_read_in_the_order_the_batch_read_its_stores(
    proof: str, tmp_path: Path
) -> None:
    # which table proves day first (25/12): the stores' own dates, else the links'
    opened = ["25/12/2019" if proof == "stores" else "2019-12-25", "2020-03-05", None]
    stores = pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S3"],
            "status": ["banned", "active", "active"],
            "opened_at": opened,
            "closed_at": ["2021-02-20", None, None],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["S1", "S2"],
            "kind": "phone",
            "value": ["+86 138 0013 8000"] * 2,
            "observed_at": ["25/12/2020" if proof == "links" else "2020-12-25", None],
        }
    )
    analysis = sg.analyze(stores, links, seed=0)
    want = "month_first" if proof == "none" else "day_first"
    assert analysis.provenance["counts"]["date_order"] == want
    write_run(analysis, tmp_path / "run", report=False)
    screeners = {
        "analysis": Screener.from_analysis(analysis),
        "saved": Screener.load(Screener.from_analysis(analysis).save(tmp_path / "x.sgidx")),
        "run folder": Screener.from_analysis(read_analysis(tmp_path / "run")),
    }
    registration = {"opened_at": "05/03/2021", "identifiers": {"phone": "13800138000"}}
    for how, screener in screeners.items():
        d = screener.screen(registration)
        assert ("opened 2021-03-05" in d.summary) == (want == "day_first"), (how, d.summary)
        assert ("opened 2021-05-03" in d.summary) == (want == "month_first"), (how, d.summary)
        # a date that reads one way only is read that way whatever the batch's order
        other = screener.screen({**registration, "opened_at": "13/03/2021"})
        assert "opened 2021-03-13" in other.summary, how
        table = screener.screen_many(
            pd.DataFrame({"opened_at": ["05/03/2021"], "phone": ["13800138000"]})
        )
        assert table["score"][0] == d.score, how


def test_a_single_registration_must_be_a_mapping_and_a_row_is_one(small) -> None:
    stores, links, _, screener = small
    sid = stores.loc[stores["status"] == "active", "store_id"].iloc[0]
    reg = _registration(stores, links, sid)
    as_row = screener.screen(pd.Series(reg))
    assert as_row.score == screener.screen(reg).score
    for bad in (None, "S1", 42):
        with pytest.raises(InputError, match="mapping of fields"):
            screener.screen(bad)  # type: ignore[arg-type]


def test_identifiers_in_the_wrong_shape_are_masked(small) -> None:
    _, _, _, screener = small
    regs = [
        {"store_id": "B4", "identifiers": "phone=+8613800138000"},
        {"store_id": "B5", "identifiers": ["+8613800138000"]},
    ]
    for decision in screener.screen_records(regs):
        (entry,) = decision.unusable
        assert entry["field"] == "identifiers"
        assert "8613800138000" not in entry["value"] and "*" in entry["value"]
    raw = screener.screen_records(regs, mask=False)
    assert "+8613800138000" in raw[0].unusable[0]["value"]
