"""A nightly batch on messy data (s40's skew notes): a run that would lose most of a
table's evidence stops (``input.max_rejected_*_share``, ``--max-rejected-share``);
stores listed twice with differing rows can be set aside instead of stopping the run
(``input.duplicate_stores``, ``--duplicate-stores``); a link's exact repeats are one
``rejected`` row, and the summary counts what ``run.json`` counts; no active store,
stores without links and store ids differing only in case are said."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import InputError
from sellergraph.pipeline import rejected_shares


@pytest.fixture(scope="module")
def market() -> tuple[pd.DataFrame, pd.DataFrame]:
    stores, links, _ = sg.make_marketplace(800, seed=3)
    return stores, links


def _run(tmp_path: Path, stores: pd.DataFrame, links: pd.DataFrame | None, *extra: str) -> int:
    stores.to_csv(tmp_path / "stores.csv", index=False)
    args = ["run", "--stores", str(tmp_path / "stores.csv"), "--out", str(tmp_path / "run")]
    if links is not None:
        links.to_csv(tmp_path / "links.csv", index=False)
        args += ["--links", str(tmp_path / "links.csv")]
    return main([*args, "--no-report", *extra])


def _line(out: str, label: str) -> str:
    (line,) = [x for x in out.splitlines() if x.startswith(label)]
    return line


def _counts(tmp_path: Path) -> dict:
    return json.loads((tmp_path / "run/run.json").read_text())["counts"]


# -- finding 2: a batch that loses most of its evidence stops -------------------------


def _padded(stores: pd.DataFrame, links: pd.DataFrame, form: str) -> pd.DataFrame:
    """The links with half of them naming their store another way: without the ids'
    leading zeros (a part file read as integers), or in lower case."""
    ids = links["store_id"].astype(str)
    half = np.arange(len(links)) % 2 == 0
    other = ids.str[1:].astype(int).astype(str) if form == "integer" else ids.str.lower()
    return links.assign(store_id=ids.where(~half, other))


@pytest.mark.parametrize("form", ["integer", "lower case"])
def test_half_the_links_naming_no_store_stop_the_analysis(
    market: tuple[pd.DataFrame, pd.DataFrame], form: str
) -> None:
    stores, links = market
    stores = stores.assign(store_id=stores["store_id"].str[1:]) if form == "integer" else stores
    links = links.assign(store_id=links["store_id"].str[1:]) if form == "integer" else links
    broken = _padded(stores, links, form)
    half = sg.Config().replace(max_rejected_links_share=0.5)
    with pytest.raises(InputError) as err:
        sg.analyze(stores, broken, config=half)
    text = str(err.value)
    assert "links (5" in text and "unknown_store" in text
    assert "more than input.max_rejected_links_share allows (0.5)" in text
    # by default no share stops a run: the input is analysed as it is, its share said
    analysis = sg.analyze(stores, broken)
    assert analysis.provenance["counts"]["rejected_share"]["links"] > 0.5


def test_a_share_of_one_fifth_passes_by_default_and_stops_under_a_share_of_ones_own(
    market: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    stores, links = market
    fifth = np.arange(len(links)) % 5 == 0
    broken = links.assign(store_id=links["store_id"].where(~fifth, links["store_id"].str.lower()))
    analysis = sg.analyze(stores, broken)
    share = analysis.provenance["counts"]["rejected_share"]["links"]
    assert 0.19 < share < 0.22
    with pytest.raises(InputError, match=r"max_rejected_links_share allows \(0\.05\)"):
        sg.analyze(stores, broken, config=sg.Config().replace(max_rejected_links_share=0.05))


def test_repeats_placeholders_and_known_shared_values_lose_no_evidence() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "closed_at": ["2023-01-01", None],
        }
    )
    phone = "+86 138 0013 8000"
    rows = [("B1", "phone", phone), ("A1", "phone", phone)]
    rows += [("A1", "phone", phone)] * 30  # repeats
    rows += [("A1", "email", "N/A")] * 30  # placeholders
    rows += [("A1", "ip", "203.0.113.7")] * 30  # known shared
    links = pd.DataFrame(rows, columns=["store_id", "kind", "value"])
    config = sg.Config(known_shared={"ip": ["203.0.113.7"]})
    dataset = sg.load(stores, links, config=config)
    assert dataset.counts["links_rejected"] == 90
    assert rejected_shares(dataset)["links"] == (0, 92, {})
    assert len(sg.analyze(dataset).alerts) == 1


def test_the_command_line_stops_with_status_2_and_says_how_to_go_on(
    tmp_path: Path, market: tuple[pd.DataFrame, pd.DataFrame], capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links = market
    stores = stores.assign(store_id=stores["store_id"].str[1:])
    broken = _padded(stores, links.assign(store_id=links["store_id"].str[1:]), "integer")
    assert _run(tmp_path, stores, broken, "-q", "--max-rejected-share", "0.5") == 2
    err = capsys.readouterr().err
    assert "sellergraph: warning: " in err and "after adding leading zeros" in err  # why
    (error,) = [x for x in err.splitlines() if x.startswith("sellergraph: error: ")]
    assert "unknown_store" in error and "--max-rejected-share links=1" in error
    assert not (tmp_path / "run").exists()  # nothing written that looks like a night's run
    assert _run(tmp_path, stores, broken, "-q", "--max-rejected-share", "links=1") == 0
    assert _counts(tmp_path)["rejected_share"]["links"] > 0.5
    assert _run(tmp_path, stores, broken, "-q") == 0  # the default: no share stops a run


@pytest.mark.parametrize("given", ["0.1", "10%", "links=0.1", "links=0.1,stores=0.5"])
def test_a_tighter_share_from_the_option_or_the_config(
    tmp_path: Path, market: tuple[pd.DataFrame, pd.DataFrame], given: str
) -> None:
    stores, links = market
    fifth = np.arange(len(links)) % 5 == 0
    broken = links.assign(store_id=links["store_id"].where(~fifth, links["store_id"].str.lower()))
    assert _run(tmp_path, stores, broken, "-q") == 0
    assert _run(tmp_path, stores, broken, "-q", "--max-rejected-share", given) == 2
    (tmp_path / "c.toml").write_text("[input]\nmax_rejected_links_share = 0.1\n")
    assert _run(tmp_path, stores, broken, "-q", "--config", str(tmp_path / "c.toml")) == 2


@pytest.mark.parametrize("given", ["2", "-0.1", "nan", "orders=0.1", "links="])
def test_a_share_that_is_none_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], given: str
) -> None:
    with pytest.raises(SystemExit) as exit_:
        _run(tmp_path, pd.DataFrame({"store_id": ["S1"], "status": ["active"]}), None,
             "--max-rejected-share", given)  # fmt: skip
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "argument --max-rejected-share" in err and "(SHARE, or TABLE=SHARE" in err


def test_the_config_refuses_a_share_out_of_range() -> None:
    with pytest.raises(sg.ConfigError, match=r"input\.'max_rejected_stores_share' must be a share"):
        sg.Config.from_dict({"input": {"max_rejected_stores_share": 1.5}})
    with pytest.raises(sg.ConfigError, match=r"'input\.max_rejected_links_share' must be a number"):
        sg.Config.from_dict({"input": {"max_rejected_links_share": "half"}})
    assert "input" not in sg.Config().to_dict()  # recorded only when set
    cfg = sg.Config.from_dict({"input": {"duplicate_stores": "reject"}})
    assert sg.Config.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg


# -- finding 5: stores listed twice, with differing rows ------------------------------


def _twice(stores: pd.DataFrame, form: str, n: int = 20) -> tuple[pd.DataFrame, list[str]]:
    """The stores with ``n`` active ones listed again, the second row differing (banned
    since, or another opening date), or repeated exactly and then differing."""
    active = stores[stores["status"] == "active"].head(n)
    again = active.copy()
    if form == "status":
        again = again.assign(status="banned", closed_at="2024-02-02")
    elif form == "opened_at":
        again = again.assign(opened_at="2019-01-01")
    else:  # an exact repeat too: A, A, B
        again = pd.concat([active, again.assign(status="closed", closed_at="2024-02-02")])
    return pd.concat([stores, again], ignore_index=True), active["store_id"].tolist()


@pytest.mark.parametrize("form", ["status", "opened_at", "repeat and status"])
def test_duplicate_stores_stop_the_load_by_default_and_say_how_to_set_them_aside(
    market: tuple[pd.DataFrame, pd.DataFrame], form: str
) -> None:
    stores, links = market
    twice, _ = _twice(stores, form)
    with pytest.raises(InputError) as err:
        sg.load(twice, links)
    assert 'set input.duplicate_stores = "reject"' in str(err.value).splitlines()[0]
    assert "(--duplicate-stores reject)" in err.value.command_line
    assert set(err.value.failures["reason"]) == {"duplicate_store_id"}


@pytest.mark.parametrize("form", ["status", "opened_at", "repeat and status"])
def test_rejected_duplicate_stores_are_set_aside_with_their_links(
    market: tuple[pd.DataFrame, pd.DataFrame], form: str, caplog: pytest.LogCaptureFixture
) -> None:
    stores, links = market
    twice, ids = _twice(stores, form)
    config = sg.Config().replace(duplicate_stores="reject")
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        analysis = sg.analyze(twice, links, config=config)
    (notice,) = [n for n in caplog.messages if "set aside with their" in n]
    assert notice.startswith(f"20 stores of {len(stores)} were set aside with their ")
    rej = analysis.rejected
    aside = rej[rej["reason"] == "duplicate_store_id"]
    assert sorted(set(aside["store_id"])) == sorted(ids)
    assert aside["dropped"].all() and (aside["table"] == "stores").all()
    rows = sorted(aside["row"])
    assert rows[: len(ids)] == sorted(stores.index[stores["store_id"].isin(ids)])  # as read
    theirs = rej[rej["reason"] == "store_set_aside"]
    assert len(theirs) == links["store_id"].isin(ids).sum()
    # the other stores are analysed as they are without them
    alone = sg.analyze(stores[~stores["store_id"].isin(ids)], links[~links["store_id"].isin(ids)])
    pd.testing.assert_frame_equal(analysis.scores, alone.scores)
    c = analysis.dataset.counts
    assert c["stores"] == len(stores) - len(ids)
    assert c["links_accepted"] + c["links_rejected"] == c["links_in"] == len(links)


def test_rows_kept_keep_their_numbers_when_stores_are_set_aside() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S1", "S3", "S4"],
            "status": ["active", "active", "banned", "banned", "active"],
            "closed_at": [None, None, "2024-01-01", None, "not a date"],
        }
    )
    links = pd.DataFrame({"store_id": ["S3", "S4", "S1"], "kind": "phone",
                          "value": ["13800138000", "13800138000", "13800138000"]})  # fmt: skip
    ds = sg.load(stores, links, config=sg.Config().replace(duplicate_stores="reject"))
    got = ds.rejected[["table", "row", "store_id", "reason"]].values.tolist()
    assert ["stores", 0, "S1", "duplicate_store_id"] in got
    assert ["stores", 2, "S1", "duplicate_store_id"] in got
    assert ["stores", 3, "S3", "missing_closed_at"] in got  # row 3 of the table, not 2
    assert ["stores", 4, "S4", "invalid_date"] in got
    assert ["links", 2, "S1", "store_set_aside"] in got
    # an error in a row kept names it as the table numbers it
    bad = stores.assign(status=["active", "active", "banned", "banned", "gone"])
    with pytest.raises(InputError) as err:
        sg.load(bad, links, config=sg.Config().replace(duplicate_stores="reject"))
    assert err.value.failures["row"].tolist() == [4]


def test_a_wide_stores_table_sets_a_duplicate_stores_cells_aside_too() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2", "A2"],
            "status": ["banned", "active", "active", "banned"],
            "closed_at": ["2023-01-01", None, None, "2023-02-01"],
            "phone": ["+86 138 0013 8000"] * 4,
        }
    )
    config = sg.Config().replace(duplicate_stores="reject")
    analysis = sg.analyze(stores, config=config)
    rej = analysis.rejected
    assert rej.loc[
        rej["reason"] == "store_set_aside", ["table", "row", "column"]
    ].values.tolist() == [
        ["stores", 2, "phone"],
        ["stores", 3, "phone"],
    ]
    assert analysis.alerts["store_id"].tolist() == ["A1"]


def test_the_command_line_option_and_the_stores_share(
    tmp_path: Path, market: tuple[pd.DataFrame, pd.DataFrame], capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links = market
    twice, _ = _twice(stores, "status")
    assert _run(tmp_path, twice, links, "-q") == 2
    assert "(--duplicate-stores reject)" in capsys.readouterr().err
    assert _run(tmp_path, twice, links, "--duplicate-stores", "reject") == 0
    captured = capsys.readouterr()
    assert "were set aside with their" in captured.err
    line = _line(captured.out, "stores ")
    assert "; 40 rows set aside: 40 duplicate_store_id" in line
    assert _counts(tmp_path)["stores"] == len(stores) - 20
    share = "stores=0.01"
    assert _run(tmp_path, twice, links, "-q", "--duplicate-stores", "reject",
                "--max-rejected-share", share) == 2  # fmt: skip
    assert "more than input.max_rejected_stores_share allows" in capsys.readouterr().err
    (tmp_path / "c.toml").write_text('[input]\nduplicate_stores = "reject"\n')
    assert _run(tmp_path, twice, links, "-q", "--config", str(tmp_path / "c.toml")) == 0


# -- finding 7: a link's exact repeats ------------------------------------------------


def _repeated(links: pd.DataFrame, times: int) -> pd.DataFrame:
    """The links with every row repeated ``times`` more times, the repeats after them
    (an observation log appended to night after night)."""
    return pd.concat([links] + [links] * times, ignore_index=True)


@pytest.mark.parametrize("times", [1, 3, 9])
def test_a_links_repeats_are_one_rejected_row_with_their_count(
    market: tuple[pd.DataFrame, pd.DataFrame], times: int
) -> None:
    stores, links = market
    once = sg.analyze(stores, links)
    again = sg.analyze(stores, _repeated(links, times))
    pd.testing.assert_frame_equal(again.scores, once.scores)
    c, c1 = again.dataset.counts, once.dataset.counts
    assert c["links_in"] == len(links) * (times + 1)
    assert c["links_accepted"] + c["links_rejected"] == c["links_in"]
    assert c["links_accepted"] == c1["links_accepted"] == c["links_distinct"]
    read_as_links = c1["links_distinct"] + c1["link_repeats"]  # before merging
    assert c["link_repeats"] == read_as_links * (times + 1) - c["links_distinct"]
    dup = again.rejected[again.rejected["reason"] == "duplicate"]
    assert len(dup) == c["links_distinct"] == c["rejected_by_reason"]["duplicate"]
    counts = dup["message"].str.extract(r": ([\d,]+) repeats")[0].str.replace(",", "")
    repeats = counts.fillna("1").astype(int)
    assert repeats.sum() == c["link_repeats"]
    first = dup.sort_values("row").iloc[0]
    if times > 1:
        assert (
            f": {repeats.max()} repeats (this row and {repeats.max() - 1} later ones)"
            in (dup.loc[repeats.idxmax(), "message"])
        )
    assert first["row"] >= len(links) or c1["link_repeats"]  # a repeat's row, not the link's


def test_the_summary_counts_what_run_json_counts(
    tmp_path: Path, market: tuple[pd.DataFrame, pd.DataFrame], capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links = market
    assert _run(tmp_path, stores, _repeated(links, 4)) == 0
    c = _counts(tmp_path)
    links_line = _line(capsys.readouterr().out, "links ")
    merged = c["rejected_by_reason"]["duplicate"]
    assert links_line.split("(", 1)[1].startswith(
        f"{c['links_rejected']:,} rejected: {c['link_repeats']:,} repeats merged into "
        f"{merged:,} links, {c['links_rejected'] - c['link_repeats']:,} for other reasons; "
    )
    written = pd.read_csv(tmp_path / "run/rejected.csv", keep_default_na=False)
    assert (written["reason"] == "duplicate").sum() == merged
    assert len(written) == sum(c["rejected_by_reason"].values())


def test_a_run_folder_with_merged_repeats_reads_back(
    tmp_path: Path, market: tuple[pd.DataFrame, pd.DataFrame]
) -> None:
    stores, links = market
    assert _run(tmp_path, stores, _repeated(links, 3), "-q") == 0
    run = str(tmp_path / "run")
    assert main(["index", "--run", run, "--out", str(tmp_path / "i.sgidx"), "-q"]) == 0
    rings = pd.read_csv(tmp_path / "run/rings.csv")
    ring = str(rings["ring_id"].iloc[0])
    assert main(["export", "case", "--run", run, "--ring", ring, "--out",
                 str(tmp_path / "case"), "-q", "--no-zip"]) == 0  # fmt: skip
    stores.to_csv(tmp_path / "s2.csv", index=False)
    _repeated(links, 1).to_csv(tmp_path / "l2.csv", index=False)
    assert main(["run", "--stores", str(tmp_path / "s2.csv"), "--links", str(tmp_path / "l2.csv"),
                 "--out", str(tmp_path / "run2"), "-q", "--no-report"]) == 0  # fmt: skip
    assert main(["diff", "--previous", run, "--run", str(tmp_path / "run2"), "-q",
                 "--out", str(tmp_path / "diff")]) == 0  # fmt: skip
    diff = json.loads((tmp_path / "diff/diff.json").read_text())
    counts = diff["counts"]
    assert counts["alerts_new"] == counts["alerts_gone"] == counts["alerts_changed"] == 0


# -- finding 11: what a run says -------------------------------------------------------


def test_no_active_store_is_said(
    market: tuple[pd.DataFrame, pd.DataFrame], caplog: pytest.LogCaptureFixture
) -> None:
    stores, links = market
    banned = stores.assign(status="banned", closed_at=stores["closed_at"].fillna("2025-05-01"))
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        analysis = sg.analyze(banned, links)
    (notice,) = [
        n for n in analysis.dataset.counts["notices"] if n.startswith("No store is active")
    ]
    assert notice.startswith(f"No store is active ({len(stores)} banned), so no store is scored")
    assert notice in caplog.messages
    assert not [n for n in sg.load(stores, links).counts.get("notices", []) if "active" in n[:20]]


@pytest.mark.parametrize("statuses", [{}, {"suspended": "banned"}])
def test_the_no_banned_notice_suggests_a_ban_word_first_and_closed_only_with_a_caution(
    market: tuple[pd.DataFrame, pd.DataFrame], statuses: dict[str, str]
) -> None:
    stores, links = market
    none = stores.assign(status=stores["status"].replace({"banned": "closed"}))
    counts = sg.load(none, links, config=sg.Config(statuses=statuses)).counts
    (notice,) = [n for n in counts["notices"] if n.startswith("No store is banned")]
    word = "blocked" if statuses else "suspended"
    first = notice.index("map that word to banned")
    assert notice[first:].startswith(
        f'map that word to banned (config [statuses] {word} = "banned", or --status '
        f"{word}=banned, with your word)."
    )
    closed = notice.index('closed = "banned"')
    assert closed > first and "only if the platform itself closed every closed store" in notice
    only_active = stores.assign(status="active", closed_at=None)
    (notice,) = sg.load(only_active, links).counts["notices"]
    assert 'closed = "banned"' not in notice


def test_stores_without_links_are_counted(
    tmp_path: Path, market: tuple[pd.DataFrame, pd.DataFrame], capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links = market
    linkless = stores["store_id"].iloc[::5]  # a fifth of the stores lost their links
    kept = links[~links["store_id"].isin(linkless)]
    assert _run(tmp_path, stores, kept) == 0
    c = _counts(tmp_path)
    assert c["stores_without_links"] == len(linkless)
    line = _line(capsys.readouterr().out, "unlinked stores")
    assert (
        line == f"unlinked stores   {len(linkless):>12,}  (20% of the stores have no link accepted)"
    )
    from sellergraph.report import to_html

    report = to_html(sg.analyze(stores, kept))
    assert f"{len(linkless)} stores (20% of the stores) have no link accepted" in report


def test_store_ids_differing_only_in_case_are_said(
    market: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    stores, links = market
    twins = stores.head(3).assign(store_id=stores["store_id"].head(3).str.lower())
    counts = sg.load(pd.concat([stores, twins]), links).counts
    (notice,) = [n for n in counts["notices"] if "in another case" in n]
    assert notice.startswith("3 store_ids of the stores table are another's in another case")
    assert "'s0000001' beside 'S0000001'" in notice
    assert "notices" not in sg.load(stores, links).counts or not [
        n for n in sg.load(stores, links).counts["notices"] if "in another case" in n
    ]
