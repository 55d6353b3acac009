"""What a new user met with the command line: known shared values kept for a rerun,
``--quiet`` that is quiet, no ``default`` platform in sentences, a missing column's
error in the user's own headers, and a closure reason under another name read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import InputError
from sellergraph.intel import to_case, to_stix
from sellergraph.io.run import read_analysis
from sellergraph.normalize import normalize_values

SECRET = b"the key mkt-a and mkt-b agreed on, s36"


@pytest.fixture(scope="module")
def market(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mkt-a's run folder (``run``, its index ``index.sgidx``), mkt-b's own tables
    (``b``), the hashing key (``key``) and mkt-a's watchlist (``wl.csv``)."""
    base = tmp_path_factory.mktemp("s36")
    stores, links, _ = sg.make_marketplace(1200, seed=2)
    for name, on in (("a", stores["platform"] == "mkt-a"), ("b", stores["platform"] != "mkt-a")):
        part = stores[on]
        (base / name).mkdir()
        part.to_csv(base / name / "stores.csv", index=False)
        links[links["store_id"].isin(part["store_id"])].to_csv(
            base / name / "links.csv", index=False
        )
    a = ["--stores", str(base / "a" / "stores.csv"), "--links", str(base / "a" / "links.csv")]
    assert main(["run", *a, "--out", str(base / "run"), "--no-report", "-q"]) == 0
    (base / "key").write_bytes(SECRET + b"\n")
    run, key = str(base / "run"), ["--key-file", str(base / "key")]
    assert main(["export", "watchlist", "--run", run, "--out", str(base / "wl.csv"), *key]) == 0
    assert main(["index", "--run", run, "--out", str(base / "index.sgidx")]) == 0
    return base


def _shared_value(links_csv: Path) -> str:
    """A payment account several stores of the table hold, as the table writes it."""
    links = pd.read_csv(links_csv, dtype=str)
    accounts = links.loc[links["kind"] == "payment_account", "value"]
    accounts = accounts[accounts.str.len() >= 8]
    counts = accounts.value_counts()
    return str(counts.index[0])


def _config_with_known_shared(market: Path) -> Path:
    value = _shared_value(market / "b" / "links.csv")
    config = market / "known_shared.toml"
    config.write_text(f'[known_shared]\npayment_account = ["{value}"]\n', encoding="utf-8")
    return config


# -- 1. known shared values and a rerun -------------------------------------------------


def test_evidence_out_config_keeps_the_known_shared_values_for_the_rerun(
    market: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _config_with_known_shared(market)
    b = market / "b"
    tables = ["--stores", str(b / "stores.csv"), "--links", str(b / "links.csv")]
    assert main(["run", *tables, "--config", str(config), "--out", str(market / "own")]) == 0
    own = json.loads((market / "own" / "run.json").read_text())["counts"]["known_shared"]
    assert own["payment_account"]["links"] >= 2
    capsys.readouterr()
    match = ["match-watchlist", "--watchlist", str(market / "wl.csv"), *tables]
    match += ["--key-file", str(market / "key"), "--config", str(config)]
    match += ["--out", str(market / "m.csv"), "--evidence-out", str(market / "ev")]
    assert main(match) == 0
    said = capsys.readouterr().out
    assert "known_shared value" in said and "keep the folder internal" in said
    written = json.loads((market / "ev" / "config.json").read_text())
    assert (
        written["known_shared"]
        == sg.Config.from_file(config).to_dict(known_shared=True)["known_shared"]
    )
    ev = market / "ev"
    again = ["run", "--stores", str(ev / "stores.csv"), "--links", str(ev / "links.csv")]
    again += ["--config", str(ev / "config.json"), "--out", str(market / "again"), "-q"]
    assert main([*again, "--no-report"]) == 0
    counts = json.loads((market / "again" / "run.json").read_text())["counts"]
    assert counts["known_shared"] == own  # set aside again, not counted as evidence


def test_a_run_folder_read_back_keeps_what_known_shared_set_aside(market: Path) -> None:
    """``run.json`` leaves the values out, but the folder's links are the ones kept: a
    rebuild (index, explain, export) has nothing to set aside, and the same scores."""
    config = _config_with_known_shared(market)
    b = market / "b"
    tables = ["--stores", str(b / "stores.csv"), "--links", str(b / "links.csv")]
    folder = market / "own-ks"
    assert main(["run", *tables, "--config", str(config), "--out", str(folder), "-q"]) == 0
    meta = json.loads((folder / "run.json").read_text())
    assert "known_shared" not in meta["config"]
    value = _shared_value(b / "links.csv")
    assert value not in (folder / "run.json").read_text()
    rebuilt = read_analysis(folder)  # checks the rebuilt scores against the folder's
    assert rebuilt.provenance["counts"]["known_shared"] == meta["counts"]["known_shared"]
    key = normalize_values("payment_account", pd.Series([value]))["key"].iloc[0]
    kept = pd.read_csv(folder / "links.csv", dtype=str)
    assert kept["kind"].eq("payment_account").any() and key not in set(kept["key"])


# -- 2. --quiet is quiet ---------------------------------------------------------------


def _quiet_commands(base: Path) -> dict[str, list[str]]:
    run, key = str(base / "run"), ["--key-file", str(base / "key")]
    b = base / "b"
    tables = ["--stores", str(b / "stores.csv"), "--links", str(b / "links.csv")]
    ring = str(pd.read_csv(base / "run" / "rings.csv")["ring_id"].iloc[0])
    registrations = base / "regs.jsonl"
    registrations.write_text(
        json.dumps({"store_id": "N1", "identifiers": {"phone": ["+86 138 0013 8000"]}}) + "\n"
    )
    q = base / "quiet"
    return {
        "run": ["run", *tables, "--out", str(q / "run"), "--no-report"],
        "synth": ["synth", "--stores", "200", "--out", str(q / "synth")],
        "demo": ["demo", "--stores", "300", "--out", str(q / "demo")],
        "index": ["index", "--run", run, "--out", str(q / "i.sgidx")],
        "screen": [
            "screen",
            str(registrations),
            "--index",
            str(base / "index.sgidx"),
            "--out",
            str(q / "decisions.jsonl"),
        ],
        "export watchlist": ["export", "watchlist", "--run", run, "--out", str(q / "w.csv"), *key],
        "export stix": ["export", "stix", "--run", run, "--out", str(q / "b.json"), *key],
        "export graphml": ["export", "graphml", "--run", run, "--out", str(q / "g.graphml")],
        "export gexf": ["export", "gexf", "--run", run, "--out", str(q / "g.gexf")],
        "export node-link": ["export", "node-link", "--run", run, "--out", str(q / "g.json")],
        "export case": ["export", "case", "--run", run, "--ring", ring, "--out", str(q / "c")],
        "match-watchlist": [
            "match-watchlist",
            "--watchlist",
            str(base / "wl.csv"),
            *tables,
            *key,
            "--out",
            str(q / "m.csv"),
            "--evidence-out",
            str(q / "ev"),
        ],
    }


@pytest.mark.parametrize(
    "command",
    [
        "run",
        "synth",
        "demo",
        "index",
        "screen",
        "export watchlist",
        "export stix",
        "export graphml",
        "export gexf",
        "export node-link",
        "export case",
        "match-watchlist",
    ],
)
@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_quiet_prints_nothing(
    market: Path, command: str, flag: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = _quiet_commands(market)[command]
    capsys.readouterr()
    assert main([*args, flag]) == 0
    assert capsys.readouterr() == ("", "")


class _Connection:
    def __enter__(self) -> _Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_neo4j_quiet_prints_nothing(
    market: Path, flag: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sellergraph.neo4j as sgn
    from sellergraph.cli import neo4j_commands

    stores = pd.DataFrame({"store_id": ["S1"], "status": ["banned"], "platform": ["mkt-a"]})
    links = pd.DataFrame({"store_id": ["S1"], "kind": ["phone_hmac"], "value": ["ab" * 32]})
    monkeypatch.setattr(neo4j_commands, "_connect", lambda args: _Connection())
    monkeypatch.setattr(sgn, "push", lambda *args, **kwargs: "1 store written")
    monkeypatch.setattr(sgn, "pull", lambda *args, **kwargs: (stores, links))
    connection = ["--uri", "bolt://127.0.0.1:1", "--password-env", "SG_UNUSED"]
    push = ["neo4j", "push", "--run", str(market / "run"), *connection]
    pull = ["neo4j", "pull", *connection, "--out", str(market / "pulled")]
    capsys.readouterr()
    assert main([*push, "--key-file", str(market / "key"), flag]) == 0
    assert main([*pull, flag]) == 0
    assert capsys.readouterr() == ("", "")
    assert (market / "pulled" / "config.json").is_file()  # written all the same
    assert main([*push, "--key-file", str(market / "key")]) == 0
    assert main(pull) == 0
    out = capsys.readouterr().out
    assert "pushed" in out and "the server's default database" in out and "config.json" in out


# -- 3. no platform named "default" --------------------------------------------------


@pytest.fixture(scope="module")
def without_platform() -> sg.Analysis:
    stores, links, _ = sg.make_marketplace(800, seed=5)
    return sg.analyze(stores.drop(columns="platform"), links, seed=0)


def _ring(analysis: sg.Analysis) -> str:
    rings = analysis.rings.sort_values(["n_banned", "ring_id"], ascending=[False, True])
    return str(rings["ring_id"].iloc[0])


def test_a_case_says_nothing_of_a_platform_the_input_did_not_name(
    without_platform: sg.Analysis,
) -> None:
    case = to_case(without_platform, _ring(without_platform))
    summary = _case_summary(case)
    assert summary.endswith("closed for other reasons.") and "default" not in summary
    facts = case.files["dossier.html"].decode()
    assert '<td class="word">platforms</td><td>not given</td>' in facts


def _case_summary(case: Any) -> str:
    """The dossier's first sentence (the ring's stores, by status and platform)."""
    html = case.files["dossier.html"].decode()
    start = html.index("<h2>Summary</h2><p>") + len("<h2>Summary</h2><p>")
    return html[start : html.index(". ", start) + 1]


def test_a_stix_bundle_names_no_default_platform(without_platform: sg.Analysis) -> None:
    objects = json.loads(to_stix(without_platform, secret=SECRET))["objects"]
    producer = [o["name"] for o in objects if o["type"] == "identity"]
    assert "platform default" not in producer and "marketplace" in producer
    for actor in (o for o in objects if o["type"] == "threat-actor"):
        assert " on " not in actor["description"] and "default" not in actor["description"]
        # no empty list (STIX allows none): the stores name no platform
        assert "platforms" not in next(iter(actor["extensions"].values()))
    for account in (o for o in objects if o["type"] == "user-account"):
        assert "platform" not in next(iter(account["extensions"].values()))


def test_named_platforms_are_still_said(small_with_platform: sg.Analysis) -> None:
    case = to_case(small_with_platform, _ring(small_with_platform))
    assert " on mkt-" in _case_summary(case)
    objects = json.loads(to_stix(small_with_platform, secret=SECRET))["objects"]
    actor = next(o for o in objects if o["type"] == "threat-actor")
    assert " on mkt-" in actor["description"]
    account = next(o for o in objects if o["type"] == "user-account")
    assert next(iter(account["extensions"].values()))["platform"].startswith("mkt-")


@pytest.fixture(scope="module")
def small_with_platform() -> sg.Analysis:
    stores, links, _ = sg.make_marketplace(800, seed=5)
    return sg.analyze(stores, links, seed=0)


# -- 4. a missing column, in the user's own headers -----------------------------------


def test_a_missing_column_is_listed_among_the_headers_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores = tmp_path / "stores.csv"
    stores.write_text("Store ID,SellerStatus,Opened At\nS1,banned,2020-01-01\n")
    links = tmp_path / "links.csv"
    links.write_text("store_id,kind,value\nS1,phone,13800138000\n")
    with pytest.raises(InputError) as caught:
        sg.load(stores, links)
    listed = "Store ID (read as store_id), SellerStatus, Opened At (read as opened_at)"
    assert f"(columns: {listed})" in caught.value.failures["message"].iloc[0]
    code = main(["run", "--stores", str(stores), "--links", str(links), "--out", str(tmp_path)])
    assert code == 2
    assert listed in capsys.readouterr().err


def test_a_missing_links_column_is_listed_so_too(tmp_path: Path) -> None:
    stores = pd.DataFrame({"store_id": ["S1"], "status": ["banned"]})
    links = pd.DataFrame({"Store-ID": ["S1"], "KIND": ["phone"], "Wert": ["13800138000"]})
    with pytest.raises(InputError) as caught:
        sg.load(stores, links)
    message = caught.value.failures["message"].iloc[0]
    assert "required column 'value' is missing" in message
    assert "(columns: Store-ID (read as store_id), KIND (read as kind), Wert)" in message


def test_a_column_renamed_by_the_caller_is_listed_by_its_own_name() -> None:
    stores = pd.DataFrame({"shop": ["S1"], "state": ["banned"]}).set_index("shop")
    with pytest.raises(InputError) as caught:
        sg.load(
            stores,
            pd.DataFrame(columns=["store_id", "kind", "value"]),
            columns={"shop": "store_id"},
        )
    message = caught.value.failures["message"].iloc[0]
    assert "(columns: shop (read as store_id), state)" in message


# -- 5. a closure reason under another name --------------------------------------------


def _stores(reason_column: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S3"],
            "status": ["banned", "active", "closed"],
            "closed_at": ["2020-01-01", None, "2020-02-01"],
            reason_column: ["counterfeit", None, "IP complaint"],
        }
    )


def _reasons(ds: sg.Dataset) -> list[str | None]:
    return [v if isinstance(v, str) else None for v in ds.stores["closure_reason"]]


_LINKS = pd.DataFrame(
    {"store_id": ["S1", "S2"], "kind": ["phone", "phone"], "value": ["13800138000"] * 2}
)


@pytest.mark.parametrize(
    "column",
    [
        "status_reason",
        "ban_reason",
        "Ban Reason",
        "close_reason",
        "closed_reason",
        "reason_closed",
        "Reason-Closed",
        "reason_for_closure",
        "suspension_reason",
    ],
)
def test_other_names_of_the_closure_reason_are_read_as_it(column: str) -> None:
    ds = sg.load(_stores(column), _LINKS)
    assert _reasons(ds) == ["counterfeit", None, "IP complaint"]
    assert column not in ds.stores.columns
    assert ds.counts["columns_read_as"] == {column: "closure_reason"}
    assert column not in ds.counts.get("columns_not_read", [])


def test_the_contract_name_wins_and_the_other_is_carried_along() -> None:
    stores = _stores("closure reason").assign(ban_reason=["fraud", None, None])
    ds = sg.load(stores, _LINKS)
    assert _reasons(ds) == ["counterfeit", None, "IP complaint"]
    assert ds.stores["ban_reason"].tolist()[0] == "fraud"
    assert "columns_read_as" not in ds.counts
    assert ds.counts["columns_not_read"] == ["ban_reason"]
    assert ds.counts["columns_not_read_why"] == {
        "ban_reason": "closure_reason is read from 'closure reason'"
    }


def test_of_two_other_names_the_first_is_read() -> None:
    stores = _stores("status_reason").assign(ban_reason=["fraud", None, None])
    ds = sg.load(stores, _LINKS)
    assert ds.stores["closure_reason"].tolist()[0] == "counterfeit"
    assert ds.counts["columns_read_as"] == {"status_reason": "closure_reason"}
    assert ds.counts["columns_not_read_why"]["ban_reason"] == (
        "closure_reason is read from 'status_reason'"
    )


def test_a_header_row_again_under_another_name_of_the_reason_is_set_aside() -> None:
    stores = pd.concat(
        [
            _stores("ban_reason"),
            pd.DataFrame(
                {
                    "store_id": ["store_id"],
                    "status": ["status"],
                    "closed_at": ["closed_at"],
                    "ban_reason": ["ban_reason"],
                }
            ),
        ],
        ignore_index=True,
    )
    ds = sg.load(stores, _LINKS)
    assert len(ds.stores) == 3
    assert ds.rejected["reason"].tolist().count("header_row") == 1


def test_the_run_summary_says_which_column_was_read_as_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _stores("Ban Reason").to_csv(tmp_path / "s.csv", index=False)
    _LINKS.to_csv(tmp_path / "l.csv", index=False)
    args = ["run", "--stores", str(tmp_path / "s.csv"), "--links", str(tmp_path / "l.csv")]
    assert main([*args, "--out", str(tmp_path / "o"), "--no-report"]) == 0
    assert "columns read as   Ban Reason as closure_reason" in capsys.readouterr().out
    written = pd.read_csv(tmp_path / "o" / "stores.csv", dtype=str)
    assert written["closure_reason"].tolist()[0] == "counterfeit"
    counts = json.loads((tmp_path / "o" / "run.json").read_text())["counts"]
    assert counts["columns_read_as"] == {"Ban Reason": "closure_reason"}


def test_a_reason_in_the_status_word_is_not_guessed_into_closure_reason() -> None:
    """The data contract reads ``banned - counterfeit`` by a prefix pattern as banned,
    and says nothing of its reason: none is made up."""
    stores = pd.DataFrame(
        {
            "store_id": ["S1", "S2"],
            "status": ["banned - counterfeit", "active"],
            "closed_at": ["2020-01-01", None],
        }
    )
    config = sg.Config(statuses={"banned*": "banned"})
    ds = sg.load(stores, _LINKS, config=config)
    assert ds.stores["status"].tolist() == ["banned", "active"]
    assert ds.stores["closure_reason"].isna().all()
