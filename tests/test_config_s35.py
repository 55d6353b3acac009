"""Config a new user reaches for: placeholders added to the defaults, values known to be
shared, status words with a reason, and column names near a kind's name."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.config import (
    DEFAULT_PLACEHOLDERS,
    Config,
    NormalizeConfig,
    read_status,
    resolve_kind,
    status_key,
)
from sellergraph.errors import ConfigError, InputError
from sellergraph.io.run import read_analysis, write_run

IBAN = "NL91 ABNA 0417 1643 00"
IBAN_KEY = "NL91ABNA0417164300"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# --- placeholders ----------------------------------------------------------------------


def _junk_pair() -> pd.DataFrame:
    """A banned and an active store sharing only values that mean "none"."""
    return pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "opened_at": ["2023-01-01", "2023-07-01"],
            "closed_at": ["2023-06-01", None],
            "email": ["test@test.com", "test@test.com"],
            "address": ["unknown", "unknown"],
        }
    )


def test_a_placeholders_list_that_drops_the_defaults_is_warned_about(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path / "c.toml", f'[normalize]\nplaceholders = ["{IBAN}"]\n')
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        cfg = Config.from_file(path)
    (record,) = [r for r in caplog.records if "normalize.placeholders" in r.getMessage()]
    text = record.getMessage()
    assert f"replaces the {len(DEFAULT_PLACEHOLDERS)} default placeholder values" in text
    assert f"leaves out {len(DEFAULT_PLACEHOLDERS)} of them" in text
    assert "'n/a', 'unknown', 'test@test.com'" in text
    assert "normalize.extra_placeholders" in text
    # it still does what it says: the defaults are gone, and junk links stores
    assert cfg.normalize.placeholders == (IBAN,)
    assert len(sg.analyze(_junk_pair(), config=cfg, seed=0).alerts) == 1
    # recorded (run.json), it says it chose: read back, no second warning
    caplog.clear()
    recorded = cfg.to_dict()
    assert recorded["normalize"]["extra_placeholders"] == []
    assert Config.from_dict(recorded) == cfg
    assert not caplog.records
    assert "extra_placeholders" not in Config().to_dict()["normalize"]


def test_extra_placeholders_add_to_the_defaults(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _write(tmp_path / "c.toml", f'[normalize]\nextra_placeholders = ["{IBAN}"]\n')
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        cfg = Config.from_file(path)
    assert not caplog.records
    assert cfg.normalize.placeholders == (*DEFAULT_PLACEHOLDERS, IBAN)
    assert cfg.normalize.extra_placeholders == (IBAN,)
    assert len(sg.analyze(_junk_pair(), config=cfg, seed=0).alerts) == 0
    ds = sg.load(
        pd.DataFrame({"store_id": ["S1"], "status": ["active"], "payment_account": [IBAN]}),
        config=cfg,
    )
    assert ds.rejected["reason"].tolist() == ["placeholder"]
    caplog.clear()  # (the load's notice: no store is banned)
    # recorded and read back: the same rules, and no warning on the way
    again = Config.from_dict(json.loads(json.dumps(cfg.to_dict())))
    assert again == cfg
    assert not caplog.records


@pytest.mark.parametrize(
    "normalize",
    [
        {"placeholders": [*DEFAULT_PLACEHOLDERS, "keine angabe"]},  # the defaults kept
        {"placeholders": ["n/a"], "extra_placeholders": []},  # replaced on purpose
    ],
)
def test_no_warning_when_the_defaults_are_kept_or_dropped_on_purpose(
    normalize: dict[str, list[str]], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        Config.from_dict({"normalize": normalize})
    assert not caplog.records


def test_python_placeholders_still_replace_the_defaults() -> None:
    rules = NormalizeConfig(placeholders=("n/a",))
    assert rules.placeholders == ("n/a",)
    assert NormalizeConfig(placeholders=["n/a"]).placeholders == ("n/a",)  # a list is fine
    added = Config().replace(extra_placeholders=("ohne angabe",))
    assert added.normalize.placeholders[-1] == "ohne angabe"
    assert added.normalize.in_region("DE").placeholders == added.normalize.placeholders


@pytest.mark.parametrize(
    "normalize, message",
    [
        ({"extra_placeholders": "unknown"}, "'normalize.extra_placeholders' must be a list"),
        ({"placeholders": [["x"]]}, "'normalize.placeholders' must list text values"),
    ],
)
def test_placeholder_lists_are_checked(normalize: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Config.from_dict({"normalize": normalize})


# --- known shared values ---------------------------------------------------------------


def _aggregator(n: int = 25, banned: int = 3) -> pd.DataFrame:
    """``n`` stores paid out through one aggregator account, ``banned`` of them banned."""
    return pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned"] * banned + ["active"] * (n - banned),
            "opened_at": ["2023-01-01"] * banned + ["2023-08-01"] * (n - banned),
            "closed_at": ["2023-06-01"] * banned + [None] * (n - banned),
            "country": "NL",
            "payment_account": [IBAN if i % 2 else IBAN.lower().replace(" ", "") for i in range(n)],
            "email": [f"s{i}@shop{i}.nl" for i in range(n)],
        }
    )


KNOWN = {"payment_account": [IBAN]}


def test_a_known_shared_value_is_no_evidence(caplog: pytest.LogCaptureFixture) -> None:
    stores = _aggregator()
    assert len(sg.analyze(stores, seed=0).alerts) == 22  # the problem
    cfg = Config(known_shared={"IBAN": ["nl91abna0417164300"]})  # another spelling, a kind alias
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        ds = sg.load(stores, config=cfg)
    aside = ds.rejected[ds.rejected["reason"] == "known_shared"]
    assert len(aside) == 25 and aside["dropped"].all()
    assert aside["table"].eq("stores").all() and aside["column"].eq("payment_account").all()
    assert aside["row"].tolist() == list(range(25))
    assert aside["message"].iloc[0].startswith("payment_account: a value the config declares")
    assert ds.counts["known_shared"] == {
        "payment_account": {"listed": 1, "matched": 1, "links": 25, "stores": 25}
    }
    assert ds.counts["rejected_by_reason"]["known_shared"] == 25
    assert ds.counts["links_rejected"] == 25
    assert IBAN_KEY not in ds.codes.identifiers["key"].tolist()
    (notice,) = ds.counts["notices"]
    assert "payment_account 25 links of 25 stores, on 1 listed value" in notice
    assert notice in caplog.text
    assert len(sg.analyze(ds, seed=0).alerts) == 0


def test_a_known_shared_value_that_matches_nothing_is_named() -> None:
    cfg = Config(known_shared={"payment_account": [IBAN, "NL91 ABNA 0417 1643 01"], "ip": ["x"]})
    ds = sg.load(_aggregator(), config=cfg)
    unmatched = ds.counts["notices"][-1]
    assert "known_shared lists 2 values that matched no link" in unmatched
    assert "ip value 1 of 1 (not read as a ip value: invalid_ip)" in unmatched
    assert "payment_account value 2 of 2 (**************4301)" in unmatched
    assert "0417 1643 01" not in unmatched  # masked: notices go into run.json
    assert ds.counts["known_shared"]["payment_account"]["matched"] == 1
    assert ds.counts["known_shared"]["ip"] == {"listed": 1, "matched": 0, "links": 0, "stores": 0}


def test_known_shared_phones_are_read_in_their_stores_country() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2"],
            "status": ["banned", "active", "active"],
            "closed_at": ["2023-06-01", None, None],
            "country": ["DE", "DE", "DE"],
            "phone": ["030 12345678", "+49 30 12345678", "0049 30 12345678"],
        }
    )
    assert len(sg.analyze(stores, seed=0).alerts) == 2
    cfg = Config(known_shared={"phone": ["030 1234 5678"]})  # national, default region CN
    ds = sg.load(stores, config=cfg)
    assert ds.counts["known_shared"]["phone"]["links"] == 3
    assert len(sg.analyze(ds, seed=0).alerts) == 0


def test_screening_agrees_with_the_batch(tmp_path: Path) -> None:
    registration = {"store_id": "NEW", "country": "NL", "identifiers": {"payment_account": IBAN}}
    plain = sg.Screener.from_analysis(sg.analyze(_aggregator(), seed=0))
    assert plain.screen(registration).score > 0.6
    known = sg.analyze(_aggregator(), config=Config(known_shared=KNOWN), seed=0)
    decision = sg.Screener.from_analysis(known).screen(registration)
    assert decision.score == 0.0 and decision.verdict == "allow"
    # from a run folder too (what `sellergraph index --run` reads)
    write_run(known, tmp_path / "run", report=False)
    again = read_analysis(tmp_path / "run")
    assert sg.Screener.from_analysis(again).screen(registration).score == 0.0


def test_a_run_records_no_known_shared_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores = _aggregator()
    stores.to_csv(tmp_path / "stores.csv", index=False)
    config = _write(tmp_path / "c.toml", f'[known_shared]\npayment_account = ["{IBAN}"]\n')
    out = tmp_path / "run"
    args = ["run", "--stores", str(tmp_path / "stores.csv"), "--out", str(out), "-q"]
    assert main([*args, "--config", str(config)]) == 0
    assert "Links set aside as known shared (the config's known_shared)" in capsys.readouterr().err
    for name in ("run.json", "report.html", "rejected.csv", "hubs.csv", "evidence.csv"):
        text = (out / name).read_text(encoding="utf-8")
        assert IBAN not in text and IBAN_KEY not in text, name
    meta = json.loads((out / "run.json").read_text())
    assert "known_shared" not in meta["config"]
    assert meta["counts"]["known_shared"]["payment_account"]["links"] == 25
    assert pd.read_csv(out / "rejected.csv")["reason"].eq("known_shared").sum() == 25
    assert not (out / "alerts.csv").read_text().strip().count("\n")  # a header only
    # the folder reads back as the run it is, without warnings on the way
    assert main(["explain", "S5", "--run", str(out)]) == 0
    assert "warning" not in capsys.readouterr().err


def test_known_shared_in_python_round_trips_only_when_asked() -> None:
    cfg = Config(known_shared={"payment_account": [IBAN], "iban": ["DE89 3704 0044 0532 0130 00"]})
    assert cfg.known_shared["payment_account"] == (IBAN, "DE89 3704 0044 0532 0130 00")
    assert "known_shared" not in cfg.to_dict()
    assert Config.from_dict(json.loads(json.dumps(cfg.to_dict(known_shared=True)))) == cfg
    assert Config.from_dict(cfg.to_dict()) != cfg  # the values are not in the record
    assert cfg.replace(known_shared={}) == Config()
    assert hash(cfg) != hash(Config())


@pytest.mark.parametrize(
    "known, message",
    [
        ({"fax": ["1"]}, "'known_shared.fax' names no configured kind"),
        ({"ip": "203.0.113.7"}, "'known_shared.ip' must be a list of values"),
        ({"ip": [" "]}, "'known_shared.ip' lists an empty value"),
        (["ip"], "known_shared must be a mapping"),
    ],
)
def test_known_shared_is_checked(known: object, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Config.from_dict({"known_shared": known})


# --- status words with a reason --------------------------------------------------------


def _suspended() -> pd.DataFrame:
    words = [
        "SUSPENDED - counterfeit",
        "Suspended - IP infringement",
        "suspended by seller",
        "active",
        "banned",
    ]
    return pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(len(words))],
            "status": words,
            "closed_at": ["2024-01-01"] * len(words),
            "phone": ["+14155550100"] * len(words),
        }
    )


def test_a_prefix_pattern_reads_every_word_that_starts_so() -> None:
    cfg = Config(
        statuses={"Suspended*": "banned", "suspended by seller": "closed", "ban*": "closed"}
    )
    assert dict(cfg.statuses) == {
        "ban*": "closed",
        "suspended by seller": "closed",
        "suspended*": "banned",
    }
    ds = sg.load(_suspended(), config=cfg)
    # exact words win over patterns, and a pattern never changes a contract word
    assert ds.stores["status"].tolist() == ["banned", "banned", "closed", "active", "banned"]
    assert Config.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg


def test_the_longest_pattern_wins_and_words_no_rule_covers_still_stop() -> None:
    rules = {"suspended*": "banned", "suspended by*": "closed"}
    assert read_status("suspended by seller", rules) == "closed"
    assert read_status("suspended fraud", rules) == "banned"
    frozen = _suspended().assign(status=["frozen - review", *["active"] * 4])
    with pytest.raises(InputError) as err:
        sg.load(frozen, config=Config(statuses=rules))
    failures = err.value.failures
    assert failures is not None and failures["reason"].tolist() == ["unknown_status"]
    assert "--status 'frozen*=STATUS'" in str(err.value)


@pytest.mark.parametrize("key", ["*", "sus*pended", "*fraud", "a**"])
def test_a_pattern_is_a_prefix(key: str) -> None:
    with pytest.raises(ConfigError, match="a pattern is the start of a word and a"):
        Config(statuses={key: "banned"})
    assert status_key("SUSPENDED - *") == "suspended*"


def test_patterns_and_words_with_commas_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores = tmp_path / "stores.csv"
    pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["SUSPENDED - counterfeit, repeat", "Active"],
            "closed_at": ["2023-06-01", None],
            "phone": ["+49 151 23761615"] * 2,
        }
    ).to_csv(stores, index=False)
    out = tmp_path / "run"
    args = ["run", "--stores", str(stores), "--out", str(out), "--no-report", "-q"]
    assert main([*args, "--status", "SUSPENDED - counterfeit, repeat=banned"]) == 0
    meta = json.loads((out / "run.json").read_text())
    assert meta["config"]["statuses"] == {"suspended counterfeit, repeat": "banned"}
    assert main([*args, "--status", "suspended*=banned"]) == 0
    assert json.loads((out / "run.json").read_text())["config"]["statuses"] == {
        "suspended*": "banned"
    }
    written = pd.read_csv(out / "stores.csv").set_index("store_id")["status"]
    assert written.loc[["B1", "A1"]].tolist() == ["banned", "active"]
    # several pairs in one option are split at commas; a word with a comma then says how
    assert main([*args, "--status", "SUSPENDED - counterfeit, repeat=banned,open=active"]) == 2
    err = capsys.readouterr().err
    assert "--status expects WORD=STATUS" in err
    assert "in a --status of its own" in err and "[statuses]" in err
    assert main([*args, "--status", "*fraud=banned"]) == 2
    assert "a pattern is the start of a word" in capsys.readouterr().err
    config = _write(tmp_path / "c.toml", '[statuses]\n"suspended*" = "banned"\n')
    assert main([*args, "--config", str(config)]) == 0


def test_evaluate_reads_truth_statuses_through_patterns() -> None:
    cfg = Config(statuses={"suspended*": "banned"})
    analysis = sg.analyze(_suspended().iloc[[0, 3]].reset_index(drop=True), config=cfg, seed=0)
    truth = pd.DataFrame(
        {
            "store_id": ["S0", "S3"],
            "operator_id": ["o", "o"],
            "positive": [False, True],
            "status": ["Suspended - fraud", "active"],
        }
    )
    assert sg.evaluate(analysis, truth).n_positives == 1


# --- column names near a kind's name ----------------------------------------------------

NEAR = ["Contact_Phones", "Contact_Email", "Device_Info", "Last_Login_IP", "phones", "emails",
        "devices", "ips", "seller_addresses", "registration_phone_2"]  # fmt: skip
ABOUT = ["ip_country", "phone_verified", "email_verified_at", "device_count", "store_name",
         "seller_id", "contact_status", "last_login_at", "phones_count"]  # fmt: skip


def test_names_near_a_kind_are_read_as_it_and_columns_about_one_are_not() -> None:
    kinds = set(Config().kinds)
    assert [resolve_kind(c, kinds) for c in NEAR] == [
        "phone", "email", "device", "ip", "phone", "email", "device", "ip", "address", "phone",
    ]  # fmt: skip
    assert [resolve_kind(c, kinds) in kinds for c in ABOUT] == [False] * len(ABOUT)


def test_a_wide_table_reads_near_names_and_carries_the_rest() -> None:
    n = 2
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "closed_at": ["2023-06-01", None],
            "Contact_Phones": ["+49 151 23761615; +33 6 99 99 99 98"] * n,
            "Contact_Email": ["ann@corp.de"] * n,
            "Device_Info": ["idfa=1F91A6E0-6C2B-4F6B-9C1A-2D3E4F5A6B7C"] * n,
            "Last_Login_IP": ["203.0.113.7"] * n,
            **{c: ["1"] * n for c in ABOUT},
        }
    )
    ds = sg.load(stores)
    assert ds.counts["columns_not_read"] == ABOUT
    assert sorted(ds.links["kind"].astype(str).unique()) == ["device", "email", "ip", "phone"]
    assert len(ds.links) == 2 * 5  # two phones each
    assert ds.counts["kinds_read_as"] == {
        "contact_email": "email",
        "contact_phones": "phone",
        "device_info": "device",
        "last_login_ip": "ip",
    }


def test_a_config_kind_near_a_builtin_one_is_still_a_misspelling() -> None:
    with pytest.raises(ConfigError, match="did you mean 'phone'"):
        Config().with_kind("phones", 0.5)
    custom = Config().with_kind("contact_phone", 0.3)  # a kind of its own, kept so
    assert resolve_kind("Contact Phone", custom.kinds) == "contact_phone"
