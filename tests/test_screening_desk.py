"""A screening desk's findings: a block that needs evidence of several identifier kinds,
today's bans from the command line, what is said of a registration's store id, blank
table cells, explanations (matches, summary, paths) and a cap on values per
registration."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main, screening_commands
from sellergraph.errors import InputError
from sellergraph.io.run import write_run

DEVICE = "0e77c811fe9fe96f"
ID_DOCUMENT = "G12345678"
PHONE = "+86 138 0013 8000"


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Banned B1 (an ID document, a phone, an IP), banned B2 and B3 with one device
    (B3 banned later, so the batch matches it), active A1 sharing an e-mail with banned
    B4, and active A9."""
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "B2", "B3", "A1", "B4", "A9"],
            "status": ["banned", "banned", "banned", "active", "banned", "active"],
            "opened_at": ["2022-01-01"] * 6,
            "closed_at": ["2024-01-01", "2023-06-01", "2024-03-01", None, "2024-02-01", None],
            "closure_reason": ["counterfeit", "fraud", "fraud", None, "fraud", None],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["B1", "B1", "B1", "B2", "B3", "A1", "A1", "B4", "B4", "A9"],
            "kind": ["id_document", "phone", "ip", "device", "device", "phone", "email",
                     "email", "payment_account", "phone"],
            "value": [ID_DOCUMENT, PHONE, "203.0.113.7", DEVICE, DEVICE, "+86 139 1111 2222",
                      "li.wei.shop@163.com", "li.wei.shop@163.com", "6222020200112233445",
                      "+86 137 5555 6666"],
        }
    )  # fmt: skip
    return stores, links


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    stores, links = _tables()
    return sg.analyze(stores, links, seed=0)


@pytest.fixture(scope="module")
def index(analysis: sg.Analysis, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return sg.Screener.from_analysis(analysis).save(tmp_path_factory.mktemp("i") / "i.sgidx")


def _reg(identifiers: dict, store_id: str = "N1", **fields: object) -> dict:
    return {"store_id": store_id, "opened_at": "2024-04-01", "identifiers": identifiers, **fields}


# -- 1. a block needs evidence of block_min_kinds identifier kinds ------------------------


@pytest.mark.parametrize(
    ("identifiers", "one_kind", "two_kinds"),
    [
        ({"device": DEVICE}, "block", "review"),  # a second-hand phone's device id
        ({"id_document": ID_DOCUMENT}, "block", "review"),
        ({"id_document": ID_DOCUMENT, "ip": "203.0.113.7"}, "block", "review"),  # IP: no kind
        ({"id_document": ID_DOCUMENT, "phone": PHONE}, "block", "block"),
        ({"phone": "+86 139 1111 2222"}, "allow", "allow"),  # a path, below review_at
    ],
)
def test_a_block_needs_evidence_of_block_min_kinds_kinds(
    analysis, identifiers, one_kind, two_kinds
) -> None:
    default = sg.Screener.from_analysis(analysis)
    strict = sg.Screener.from_analysis(analysis, block_min_kinds=2)
    assert default.block_min_kinds == 1 and strict.block_min_kinds == 2
    before, after = default.screen(_reg(identifiers)), strict.screen(_reg(identifiers))
    assert (before.verdict, after.verdict) == (one_kind, two_kinds)
    assert after.score == before.score and after.evidence_records == before.evidence_records
    assert before.verdict_note == ""
    if one_kind != two_kinds:  # never allowed: reviewed, and the decision says why
        assert after.score >= strict.block_at
        assert after.verdict_note.startswith("reviewed, not blocked: the score reaches block_at")
        assert "a block needs 2 (block_min_kinds; IP and paths" in after.verdict_note
        assert f"Verdict: review ({after.verdict_note})." in after.summary
        assert after.to_dict()["verdict_note"] == after.verdict_note
    else:
        assert after.verdict_note == ""
    # the table says the same
    row = strict.screen_many([_reg(identifiers)]).iloc[0]
    assert (row["verdict"], row["verdict_note"]) == (after.verdict, after.verdict_note)


def test_the_note_names_the_one_kind(analysis) -> None:
    strict = sg.Screener.from_analysis(analysis, block_min_kinds=2)
    note = strict.screen(_reg({"device": DEVICE})).verdict_note
    assert "its evidence is of one identifier kind (device)" in note
    three = sg.Screener.from_analysis(analysis, block_min_kinds=3)
    both = three.screen(_reg({"id_document": ID_DOCUMENT, "phone": PHONE}))
    assert both.verdict == "review"
    assert "is of 2 identifier kinds (id_document, phone) and a block needs 3" in both.verdict_note


def test_block_min_kinds_is_saved_with_the_index_and_a_load_overrides_it(
    analysis, tmp_path: Path
) -> None:
    path = sg.Screener.from_analysis(analysis, block_min_kinds=2).save(tmp_path / "i.sgidx")
    assert sg.Screener.load(path).block_min_kinds == 2
    assert sg.Screener.load(path, block_min_kinds=1).block_min_kinds == 1
    assert "block at 0.9 with 2 kinds" in repr(sg.Screener.load(path))
    # an index written before the setting was recorded blocks on the score alone
    arrays, meta = sg.Screener.load(path)._export()
    del meta["block_min_kinds"]
    assert sg.Screener(arrays, meta).block_min_kinds == 1


@pytest.mark.parametrize("value", [0, -1, 1.5, "two", True, None, float("inf")])
def test_block_min_kinds_and_max_values_are_whole_numbers(analysis, value) -> None:
    with pytest.raises(InputError, match="block_min_kinds is how many identifier kinds"):
        sg.Screener.from_analysis(analysis, block_min_kinds=value)
    with pytest.raises(InputError, match="max_values is how many values"):
        sg.Screener.from_analysis(analysis, max_values=value)


def test_the_batch_is_not_touched_by_the_rule(analysis) -> None:
    alerts = analysis.alerts.copy()
    strict = sg.Screener.from_analysis(analysis, block_min_kinds=3)
    strict.screen_many([_reg({"device": DEVICE})])
    pd.testing.assert_frame_equal(analysis.alerts, alerts)
    assert "block_min_kinds" not in json.dumps(analysis.config.to_dict())


def test_cli_index_saves_block_min_kinds_and_screen_overrides_it(
    analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_run(analysis, tmp_path / "run", report=False)
    index = tmp_path / "i.sgidx"
    assert main(["index", "--run", str(tmp_path / "run"), "--out", str(index),
                 "--block-min-kinds", "2"]) == 0  # fmt: skip
    assert "block at 0.9 with evidence of 2 identifier kinds (IP not counted)" in (
        capsys.readouterr().out
    )
    regs = tmp_path / "r.jsonl"
    regs.write_text(json.dumps(_reg({"device": DEVICE})) + "\n", encoding="utf-8")
    for extra, verdict in (([], "review"), (["--block-min-kinds", "1"], "block")):
        summary = tmp_path / "s.json"
        assert main(["screen", "--index", str(index), str(regs), "--summary", str(summary),
                     *extra]) == 0  # fmt: skip
        out = json.loads(capsys.readouterr().out)
        assert out["verdict"] == verdict and bool(out["verdict_note"]) == (verdict == "review")
        record = json.loads(summary.read_text())
        assert record["verdict_notes"] == int(verdict == "review")
        assert record["block_min_kinds"] == (2 if not extra else 1)
    with pytest.raises(SystemExit):
        main(["screen", "--index", str(index), str(regs), "--block-min-kinds", "0"])
    assert "'0' is not a whole number of at least 1" in capsys.readouterr().err


# -- 2. today's bans: screen --bans, and a store banned again ----------------------------


def test_ban_again_keeps_the_earlier_date_and_the_recorded_reason(analysis) -> None:
    screener = sg.Screener.from_analysis(analysis)
    reg = _reg({"id_document": ID_DOCUMENT}, opened_at="2024-01-02")
    before = screener.screen(reg)
    note = screener.ban("B1", closed_at="2025-06-02", closure_reason="fraud")
    assert note == (
        "store 'B1' was already banned (2024-01-01, counterfeit); given 2025-06-02 (fraud): "
        "kept 2024-01-01, the earlier date; kept the reason 'counterfeit'"
    )
    after = screener.screen(reg)
    assert after.matches == before.matches and after.summary == before.summary
    # an earlier date than recorded: the ban is older
    note = screener.ban("B1", closed_at="2023-12-01")
    assert note.endswith("given 2023-12-01: banned since 2023-12-01, the earlier date")
    assert screener.ban("B1", closed_at="2023-12-01").endswith("kept 2023-12-01")
    assert screener.screen(reg).matches[0]["closed_at"] == "2023-12-01"
    # a first ban says nothing; a reason given again is recorded when none was
    assert screener.ban("A9", closed_at="2024-05-01") is None
    assert screener.ban("A9", closed_at="2024-05-01", closure_reason="fraud") == (
        "store 'A9' was already banned (2024-05-01); given 2024-05-01 (fraud): kept "
        "2024-05-01; reason 'fraud' recorded"
    )
    assert screener.screen(_reg({"phone": "+86 137 5555 6666"})).matches[0]["closure_reason"] == (
        "fraud"
    )


def test_replaying_bans_in_any_order_gives_the_same_index(analysis) -> None:
    bans = [("A9", "2024-05-01"), ("A9", "2024-04-01"), ("A1", "2024-06-01"), ("A9", "2024-07-01")]
    indexes = []
    for order in (bans, bans[::-1], bans + bans):
        screener = sg.Screener.from_analysis(analysis)
        for sid, day in order:
            screener.ban(sid, closed_at=day)
        indexes.append(screener._export())
    for arrays, meta in indexes[1:]:
        assert meta == indexes[0][1]
        for name, values in arrays.items():
            assert pd.Series(values).equals(pd.Series(indexes[0][0][name])), name


def _screen_cli(
    index: Path, regs: list[dict], tmp_path: Path, *extra: str
) -> tuple[int, list[dict], dict]:
    source = tmp_path / "r.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in regs), encoding="utf-8")
    summary = tmp_path / "s.json"
    rc = main(["screen", "--index", str(index), str(source), "--out", str(tmp_path / "o.jsonl"),
               "--summary", str(summary), *extra])  # fmt: skip
    out = [json.loads(x) for x in (tmp_path / "o.jsonl").read_text().splitlines()]
    return rc, out, json.loads(summary.read_text())


def test_cli_bans_apply_before_screening(index: Path, tmp_path: Path, capsys) -> None:
    reg = _reg({"phone": "+86 137 5555 6666"}, opened_at="2024-06-01")  # A9's phone
    rc, out, _ = _screen_cli(index, [reg], tmp_path)
    assert rc == 0 and out[0]["verdict"] == "allow"
    bans = tmp_path / "bans.csv"
    bans.write_text("Store ID,Banned At,Reason\nA9,2024-05-31,counterfeit\n", encoding="utf-8")
    rc, out, summary = _screen_cli(index, [reg], tmp_path, "--bans", str(bans))
    assert rc == 0 and out[0]["matched_store_id"] == "A9" and out[0]["score"] > 0
    assert out[0]["matches"][0]["closed_at"] == "2024-05-31"
    assert out[0]["matches"][0]["closure_reason"] == "counterfeit"
    assert summary["bans"] == {
        "file": str(bans),
        "applied": 1,
        "dated_today": 0,
        "already_banned": [],
        "errors": [],
    }
    assert "banned 1 stores from" in capsys.readouterr().err


def test_cli_bans_without_a_date_are_dated_today(index: Path, tmp_path: Path) -> None:
    bans = tmp_path / "bans.csv"
    bans.write_text("store_id\nA9\n\n", encoding="utf-8")
    reg = _reg({"phone": "+86 137 5555 6666"}, opened_at=None)
    rc, out, summary = _screen_cli(index, [reg], tmp_path, "--bans", str(bans))
    import datetime

    today = datetime.date.today().isoformat()
    assert rc == 0 and out[0]["matches"][0]["closed_at"] == today
    assert (summary["bans"]["dated_today"], summary["bans"]["today"]) == (1, today)


def test_cli_bans_rows_that_cannot_be_applied_are_errors(
    index: Path, tmp_path: Path, capsys
) -> None:
    bans = tmp_path / "bans.csv"
    bans.write_text(
        "store_id,closed_at,closure_reason,team\nMORNING-1,2024-05-01,,desk\n,2024-05-01,,\n"
        "A9,not a date,,\nB1,2025-06-02,fraud,\nA1,2024-05-01,fraud,\n",
        encoding="utf-8",
    )
    rc, out, summary = _screen_cli(index, [_reg({"phone": "+86 139 1111 2222"})], tmp_path,
                                   "--bans", str(bans))  # fmt: skip
    err = capsys.readouterr().err
    assert rc == 1 and summary["exit_status"] == 1 and out[0]["verdict"] in ("review", "block")
    where = f"bans file {str(bans)!r}"
    errors = summary["bans"]["errors"]
    assert errors[0].startswith(f"{where} line 2: store 'MORNING-1' is not in the index")
    assert errors[1] == f"{where} line 3: no store_id"
    assert errors[2].startswith(f"{where} line 4: ") and "'not a date'" in errors[2]
    assert summary["bans"]["applied"] == 2  # B1 again, and A1: screened with A1 banned
    assert summary["bans"]["already_banned"] == [
        f"{where} line 5: store 'B1' was already banned (2024-01-01, counterfeit); given "
        "2025-06-02 (fraud): kept 2024-01-01, the earlier date; kept the reason 'counterfeit'"
    ]
    assert "column(s) not read: 'team'" in err and f"error: {errors[0]}" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,date\nA9,2024-01-01\n", "has no store_id column (columns: 'id', 'date')"),
        ("", "has no store_id column (columns: none)"),
    ],
)
def test_cli_bans_file_without_store_ids_is_refused(
    index: Path, tmp_path: Path, capsys, text: str, message: str
) -> None:
    bans = tmp_path / "bans.csv"
    bans.write_text(text, encoding="utf-8")
    source = tmp_path / "r.jsonl"
    source.write_text(json.dumps(_reg({"device": DEVICE})) + "\n", encoding="utf-8")
    assert main(["screen", "--index", str(index), str(source), "--bans", str(bans)]) == 2
    assert message in capsys.readouterr().err
    assert main(["screen", "--index", str(index), str(source), "--bans", str(tmp_path)]) == 2


# -- 3. what is said of a registration's store id ----------------------------------------


def _notes(notes: object) -> list[tuple]:
    return [(n["reason"], n["value"], n.get("status"), n.get("first")) for n in notes]


def test_store_id_notes_in_screen_records_and_screen_many(index: Path) -> None:
    screener = sg.Screener.load(index)
    regs = [
        _reg({"phone": PHONE}, "N1"),
        _reg({"phone": PHONE}, "N1"),  # a double submit
        _reg({"phone": PHONE}, "A9"),  # an id the sign-up system reused
        _reg({"id_document": ID_DOCUMENT}, "B1"),  # a banned store's own id
        _reg({"phone": PHONE}, None),
        _reg({"phone": PHONE}, ""),
        {"identifiers": {"phone": PHONE}},  # no store_id at all: nothing said
        _reg({"phone": PHONE}, " N1 "),  # read as N1
    ]
    want = [
        [],
        [("duplicate_registration", "N1", None, 0)],
        [("known_store", "A9", "active", None)],
        [("known_store", "B1", "banned", None)],
        [("missing", None, None, None)],
        [("empty", "", None, None)],
        [],
        [("duplicate_registration", "N1", None, 0)],
    ]
    decisions = screener.screen_records(regs)
    assert [_notes(d.notes) for d in decisions] == want
    assert all(d.unusable == () for d in decisions)
    assert decisions[3].verdict == "block" and decisions[3].matched_store_id == "B1"
    assert [d.to_dict()["notes"] for d in decisions] == [list(d.notes) for d in decisions]
    table = screener.screen_many(regs)
    assert table["notes"].tolist() == [
        "",
        "store_id: duplicate_registration (first at row 0)",
        "store_id: known_store (active)",
        "store_id: known_store (banned)",
        "store_id: missing",
        "store_id: empty",
        "",
        "store_id: duplicate_registration (first at row 0)",
    ]
    assert table["unusable"].eq("").all()


@pytest.mark.parametrize("blank", [None, np.nan, "", "  ", pd.NA])
def test_a_table_s_blank_store_id_is_missing(index: Path, blank: object) -> None:
    screener = sg.Screener.load(index)
    table = pd.DataFrame({"store_id": ["N1", blank], "phone": [PHONE, PHONE]}, dtype=object)
    got = screener.screen_many(table)
    assert got["notes"].tolist() == ["", "store_id: missing"]
    assert got["unusable"].tolist() == ["", ""]


def test_cli_says_what_it_screened_without_a_word_before(
    index: Path, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(screening_commands, "_CHUNK", 2)  # repeats across chunks
    regs = [
        _reg({"phone": PHONE}, "N1"),
        _reg({"phone": PHONE}, "N2"),
        _reg({"phone": PHONE}, "N1"),
        _reg({"phone": PHONE}, "A9"),
        {"identifiers": {"phone": PHONE}},
        _reg({"phone": PHONE}, " "),
        _reg({"phone": PHONE}, "N1"),
    ]
    rc, out, summary = _screen_cli(index, regs, tmp_path)
    err = capsys.readouterr().err
    assert rc == 1  # the blank id
    assert [o.get("error", "") for o in out][5] == (
        "line 6: store_id is blank (' '): give the registration's id, or leave the field out "
        "to screen it without one"
    )
    dup = {"field": "store_id", "value": "N1", "reason": "duplicate_registration"}
    assert out[2]["notes"] == [{**dup, "first_line": 1}]
    assert out[6]["notes"] == [{**dup, "first_line": 1}]
    assert out[3]["notes"] == [
        {"field": "store_id", "value": "A9", "reason": "known_store", "status": "active"}
    ]
    assert summary["store_ids"] == {"missing": [5], "duplicate": [3, 7], "known": [4]}
    assert summary["warnings"] == [
        "1 registration has no store_id (line 5): join its decision by line",
        "2 registrations repeat the store_id of an earlier line (lines 3, 7): screened "
        "again, noted duplicate_registration",
        "1 registration has a store_id already in the index (line 4): noted known_store, "
        "with the stored status",
    ]
    for text in summary["warnings"]:
        assert f"sellergraph: warning: {text}" in err
    assert summary["error_lines"] == [6] and summary["screened"] == 6
    assert all(o["summary"].startswith("Store ") for o in out if "error" not in o)


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_cli_warns_of_an_input_without_registrations(
    index: Path, tmp_path: Path, capsys, text: str
) -> None:
    source = tmp_path / "r.jsonl"
    source.write_text(text, encoding="utf-8")
    summary = tmp_path / "s.json"
    assert main(["screen", "--index", str(index), str(source), "--summary", str(summary)]) == 0
    warning = "no registrations in the input (an empty file, or blank lines only)"
    assert f"sellergraph: warning: {warning}" in capsys.readouterr().err
    assert json.loads(summary.read_text())["warnings"] == [warning]
    assert main(["screen", "--index", str(index), str(source), "--fail-on-empty", "-q"]) == 1
    assert warning in capsys.readouterr().err  # said under --quiet too


# -- 4. a blank cell of a table read as text is no value ---------------------------------


@pytest.mark.parametrize("blank", ["", "   ", None, np.nan])
def test_a_blank_cell_is_no_value(index: Path, blank: object) -> None:
    screener = sg.Screener.load(index)
    table = pd.DataFrame(
        {
            "store_id": ["a", "b", "c"],
            "country": ["CN"] * 3,
            "opened_at": ["2024-04-01", blank, "2024-04-01"],
            "phone": ["+86 139 1111 2222", blank, None],
            "email": [blank, None, "x.y@163.com"],
        },
        dtype=object,
    )
    got = screener.screen_many(table)
    assert got["unusable"].tolist() == ["", "", ""]
    # a list's blank item was given: still reported, as a registration's is
    listed = screener.screen_many(pd.DataFrame({"store_id": ["d"], "phone": [[PHONE, ""]]}))
    assert listed["unusable"].tolist() == ["identifiers.phone: empty"]


def test_a_csv_read_as_text_screens_as_the_cli_does(index: Path, tmp_path: Path) -> None:
    regs = [
        {"store_id": "a", "country": "CN", "phone": "013800138000", "device": ""},
        {"store_id": "b", "country": "CN", "phone": "", "device": DEVICE},
        {"store_id": "c", "country": "", "phone": "+86 139 1111 2222", "device": ""},
    ]
    path = tmp_path / "r.csv"
    pd.DataFrame(regs).to_csv(path, index=False)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    got = sg.Screener.load(index).screen_many(table)
    lines = [{k: v for k, v in r.items() if v} for r in regs]  # what a JSON export holds
    records = sg.Screener.load(index).screen_many(lines)
    pd.testing.assert_frame_equal(got, records)
    assert got["unusable"].eq("").all()


# -- 5. explanations ---------------------------------------------------------------------


def test_the_matched_store_comes_first_of_equally_strong_matches(index: Path) -> None:
    decision = sg.Screener.load(index).screen(_reg({"device": DEVICE}))
    # B3 was banned later: the batch's choice, and the summary's
    assert decision.matched_store_id == "B3"
    assert [m["store_id"] for m in decision.matches] == ["B3", "B2"]
    assert decision.matches[0]["strength"] == decision.matches[1]["strength"]
    assert "banned store B3 (fraud, closed 2024-03-01)" in decision.summary


def test_the_json_lines_decision_holds_its_summary(index: Path, tmp_path: Path) -> None:
    regs = [_reg({"device": DEVICE}), _reg({"phone": "+1 415 555 0100"}, "N2")]
    _, out, _ = _screen_cli(index, regs, tmp_path)
    screener = sg.Screener.load(index)
    assert [o["summary"] for o in out] == [screener.screen(r).summary for r in regs]
    assert out[1]["summary"] == (
        "Store N2 (platform not given, opened 2024-04-01) scores 0.00: it shares no usable "
        "evidence with any banned store. Verdict: allow."
    )


def test_a_path_names_the_registration_s_values_that_lead_to_its_middle(index: Path) -> None:
    screener = sg.Screener.load(index)
    decision = screener.screen(_reg({"phone": "+86 139 1111 2222"}))  # A1's phone
    path = [r for r in decision.evidence_records if r["item"] == "path"]
    assert len(path) == 1 and path[0]["via_store_id"] == "A1"
    assert path[0]["hops"] == (
        "N1 and A1 share phone +86139****2222 (link 0.70); A1 and B4 are linked (link 0.70)"
    )
    assert f"Its path to B4: {path[0]['hops']}." in decision.summary
    raw = screener.screen(_reg({"phone": "+86 139 1111 2222"}), mask=False)
    assert raw.evidence_records[0]["hops"].startswith("N1 and A1 share phone +8613911112222")


def test_a_three_hop_path_names_each_store() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["A1", "A2", "B5"],
            "status": ["active", "active", "banned"],
            "opened_at": ["2022-01-01"] * 3,
            "closed_at": [None, None, "2024-02-01"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["A1", "A1", "A2", "A2", "B5"],
            "kind": ["phone", "email", "email", "payment_account", "payment_account"],
            "value": ["+86 139 1111 2222", "li.wei.shop@163.com", "li.wei.shop@163.com",
                      "6222020200112233445", "6222020200112233445"],
        }
    )  # fmt: skip
    screener = sg.Screener.from_analysis(sg.analyze(stores, links, seed=0))
    decision = screener.screen(_reg({"phone": "+86 139 1111 2222"}))
    path = [r for r in decision.evidence_records if r["item"] == "path"]
    assert decision.matched_store_id == "B5" and path[0]["via_store_id"] == "A1"
    assert path[0]["hops"] == (
        "N1 and A1 share phone +86139****2222 (link 0.70); A1 and A2 are linked (link 0.70); "
        "A2 and B5 are linked (link 0.81)"
    )


# -- 6. values per registration ----------------------------------------------------------


def test_a_registration_with_too_many_values_is_capped_noted_and_reviewed(index: Path) -> None:
    phones = [f"+86 139 {i:04d} {i:04d}" for i in range(150)]
    screener = sg.Screener.load(index)
    assert screener.max_values == sg.screening.MAX_VALUES == 100
    decision = screener.screen(_reg({"phone": phones}))
    assert decision.unusable[0] == {
        "field": "identifiers",
        "value": None,
        "reason": "too_many_values",
        "values": 150,
        "screened": 100,
    }
    assert decision.verdict == "review" and decision.score < screener.review_at
    assert decision.verdict_note.startswith("reviewed: it gave more identifier values than")
    # a matching value past the cap: the registration is reviewed all the same
    padded = screener.screen(_reg({"phone": phones, "device": DEVICE}))
    assert padded.verdict == "review" and padded.score == 0.0
    row = screener.screen_many([_reg({"phone": phones})]).iloc[0]
    assert row["unusable"].startswith("identifiers: too_many_values (first 100 of 150 screened)")
    assert row["verdict"] == "review" and row["verdict_note"] == decision.verdict_note
    # configurable
    wide = sg.Screener.load(index, max_values=200)
    assert wide.screen(_reg({"phone": phones, "device": DEVICE})).verdict == "block"
    assert not any(
        u["reason"] == "too_many_values" for u in wide.screen(_reg({"phone": phones})).unusable
    )


def test_cli_max_values(index: Path, tmp_path: Path) -> None:
    phones = [f"+86 139 {i:04d} {i:04d}" for i in range(12)]
    rc, out, summary = _screen_cli(index, [_reg({"phone": phones})], tmp_path, "--max-values", "10")
    assert rc == 0 and out[0]["verdict"] == "review"
    assert summary["unusable_reasons"]["too_many_values"] == 1 and summary["max_values"] == 10
