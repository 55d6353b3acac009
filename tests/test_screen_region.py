"""Screening registrations without a country: the default country, and saying where a
phone number was read when it may be misread there; identifiers given as null."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.errors import InputError
from sellergraph.io.run import write_run
from sellergraph.screening import Screener

ROOT = Path(__file__).resolve().parents[1]

#: The banned store's phone, and the same number as a Brazilian writes it at home.
BANNED_PHONE = "+55 51 98516-3199"
NATIONAL = "(51) 98516-3199"


def _marketplace(n: int = 40) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A Brazilian marketplace (every store says "Brasil"): S0 banned, with BANNED_PHONE;
    the others active, each with a national-format number of its own."""
    stores = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(n)],
            "status": ["banned" if i == 0 else "active" for i in range(n)],
            "opened_at": ["2020-01-15"] * n,
            "closed_at": ["2021-03-01" if i == 0 else None for i in range(n)],
            "country": ["Brasil"] * n,
        }
    )
    phones = [BANNED_PHONE] + [f"(11) 9{i:04d}-{(37 * i) % 10000:04d}" for i in range(1, n)]
    links = pd.DataFrame({"store_id": stores["store_id"], "kind": "phone", "value": phones})
    return stores, links


@pytest.fixture(scope="module")
def brazil() -> tuple[pd.DataFrame, pd.DataFrame, sg.Analysis]:
    stores, links = _marketplace()
    return stores, links, sg.analyze(stores, links, seed=0)  # the default config: CN


def _new(phone: object = NATIONAL, **fields: object) -> dict:
    return {"store_id": "N1", "opened_at": "2022-06-01", "identifiers": {"phone": phone}, **fields}


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.run(
        [sys.executable, "-m", "sellergraph.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


# -- the default country --------------------------------------------------------------


def test_the_banned_store_s_number_is_read_in_brazil(brazil) -> None:
    _, _, analysis = brazil
    assert analysis.stores["country"].eq("BR").all()
    assert analysis.links.set_index("store_id").loc["S0", "key"] == "+5551985163199"


@pytest.mark.parametrize("country", ["BR", "br", "BRA", "Brasil", "Brazil"])
def test_a_default_country_reads_numbers_of_registrations_without_one(brazil, country) -> None:
    _, _, analysis = brazil
    screener = Screener.from_analysis(analysis, default_country=country)
    assert screener.default_country == screener.default_region == "BR"
    d = screener.screen(_new())
    assert d.matched_store_id == "S0" and d.score > 0 and d.relation == "return"
    assert d.unusable == ()
    # the same as the registration saying where it is, with or without the setting
    plain = Screener.from_analysis(analysis)
    assert plain.screen(_new(country="Brasil")).score == d.score


def test_without_one_the_decision_says_where_the_number_was_read(brazil) -> None:
    _, _, analysis = brazil
    screener = Screener.from_analysis(analysis)
    assert screener.default_country is None and screener.default_region == "CN"
    assert screener.store_regions == {"BR": 40}
    d = screener.screen(_new())
    # read in CN, (51) 98516-3199 is a valid Chinese number: no match, but not in silence
    assert d.score == 0 and d.verdict == "allow" and d.matched_store_id is None
    assert d.unusable == (
        {
            "field": "identifiers.phone",
            "value": "(51) 9*****3199",
            "reason": "read_in_default_region",
            "region": "CN",
            "valid": True,
            "stores_region": "BR",
        },
    )
    assert "read in CN" in d.summary and "stores are in BR" in d.summary
    assert "default_country" in d.summary
    raw = screener.screen(_new(), mask=False)
    assert raw.unusable[0]["value"] == NATIONAL
    table = screener.screen_many([_new()])
    assert table["unusable"].tolist() == ["identifiers.phone: read_in_default_region in CN"]
    # a number with its country code, or a registration with a country: nothing to say
    assert screener.screen(_new(BANNED_PHONE)).unusable == ()
    assert screener.screen(_new(BANNED_PHONE)).matched_store_id == "S0"
    assert screener.screen(_new(country="BR")).unusable == ()


def test_a_number_that_is_not_valid_where_it_was_read_is_reported() -> None:
    # no country column: every store was read in the config's region, so the index
    # records no other region; the numbers are the region's own doubts
    stores, links = _marketplace()
    for region, reason, valid in (
        ("US", "invalid_phone", None),
        ("IN", "read_in_default_region", False),
    ):
        config = sg.Config.from_dict({"normalize": {"default_region": region}})
        analysis = sg.analyze(stores.drop(columns="country"), links, config=config, seed=0)
        screener = Screener.from_analysis(analysis)
        assert screener.store_regions == {region: 40}
        d = screener.screen(_new())
        assert d.score == 0
        (entry,) = d.unusable
        assert entry["field"] == "identifiers.phone"
        assert entry["reason"] == reason and entry["region"] == region
        assert entry.get("valid") is valid and "stores_region" not in entry
        assert f"read in {region}" in d.summary
        # with the registration's country, or a default one, it matches
        assert screener.screen(_new(country="Brasil")).matched_store_id == "S0"
        fixed = Screener.from_analysis(analysis, default_country="BR").screen(_new())
        assert fixed.matched_store_id == "S0" and fixed.unusable == ()


@pytest.mark.parametrize("n", [3, 300])  # per value, and the vectorised path
def test_tables_and_records_report_the_same(brazil, n: int) -> None:
    _, _, analysis = brazil
    screener = Screener.from_analysis(analysis)
    phones = [NATIONAL, BANNED_PHONE, "not a phone"]
    records = [{"store_id": f"N{i}", "identifiers": {"phone": phones[i % 3]}} for i in range(n)]
    table = pd.DataFrame(
        {"store_id": [r["store_id"] for r in records], "phone": [phones[i % 3] for i in range(n)]}
    )
    from_table = screener.screen_many(table)
    from_records = screener.screen_many(records)
    pd.testing.assert_frame_equal(from_table, from_records)
    one_by_one = [screener.screen(r) for r in records[:3]]
    assert from_table["unusable"][:3].tolist() == [
        "identifiers.phone: read_in_default_region in CN",
        "",
        "identifiers.phone: invalid_phone",  # no number in any region: no region to blame
    ]
    assert [d.unusable[0]["reason"] if d.unusable else "" for d in one_by_one] == [
        "read_in_default_region",
        "",
        "invalid_phone",
    ]


def test_a_bad_default_country_is_refused_naming_it(brazil) -> None:
    _, _, analysis = brazil
    for bad in ("Atlantis", "AQ", "", 55):
        with pytest.raises(InputError, match="'default_country'") as err:
            Screener.from_analysis(analysis, default_country=bad)  # type: ignore[arg-type]
        assert repr(bad) in str(err.value)


def test_the_index_keeps_its_default_country_and_load_overrides_it(brazil, tmp_path) -> None:
    _, _, analysis = brazil
    path = Screener.from_analysis(analysis, default_country="Brasil").save(tmp_path / "i.sgidx")
    loaded = Screener.load(path)
    assert loaded.default_country == "BR" and loaded.store_regions == {"BR": 40}
    assert loaded.screen(_new()).matched_store_id == "S0"
    assert "default country BR" in repr(loaded)
    other = Screener.load(path, default_country="CHN")
    assert other.default_region == "CN" and other.screen(_new()).score == 0
    with pytest.raises(InputError, match=r"'default_country'.*'Narnia'"):
        Screener.load(path, default_country="Narnia")
    # add_store counts the region its numbers were read in
    loaded.add_store(
        {"store_id": "AR1", "country": "Argentina", "identifiers": {"phone": "011 4321-1234"}}
    )
    assert loaded.store_regions == {"AR": 1, "BR": 40}
    assert Screener.load(loaded.save(tmp_path / "j.sgidx")).store_regions == {"AR": 1, "BR": 40}


def test_an_index_from_before_loads_and_screens_as_it_did(brazil, tmp_path) -> None:
    _, _, analysis = brazil
    new = Screener.from_analysis(analysis).save(tmp_path / "new.sgidx")
    old = tmp_path / "old.sgidx"
    with zipfile.ZipFile(new) as src, zipfile.ZipFile(old, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "meta.json":
                meta = json.loads(data)
                del meta["default_country"], meta["store_regions"]
                data = json.dumps(meta).encode()
            dst.writestr(name, data)
    screener = Screener.load(old)
    assert screener.default_country is None and screener.store_regions == {}
    d = screener.screen(_new())
    assert d.score == 0  # read in CN, as before
    assert d.unusable == ()  # a valid CN number, and no record of where the stores are
    assert Screener.load(old, default_country="BR").screen(_new()).matched_store_id == "S0"


# -- identifiers given as null ----------------------------------------------------------


def test_a_null_identifier_is_reported_as_empty(brazil) -> None:
    _, _, analysis = brazil
    screener = Screener.from_analysis(analysis, default_country="BR")
    want = {"field": "identifiers.phone", "value": None, "reason": "empty"}
    for reg in (
        {"store_id": "N1", "identifiers": {"phone": None, "email": "a@example.org"}},
        {"store_id": "N1", "phone": None, "email": "a@example.org"},  # a field of its own
        json.loads('{"store_id": "N1", "identifiers": {"phone": null, "email": "a@example.org"}}'),
    ):
        d = screener.screen(reg)
        assert want in d.unusable, reg
    listed = screener.screen({"identifiers": {"phone": [None, NATIONAL]}})
    assert listed.unusable == (want,) and listed.matched_store_id == "S0"
    table = screener.screen_many(
        pd.DataFrame({"store_id": ["A", "B"], "identifiers": [{"phone": None}, {"phone": []}]})
    )
    assert table["unusable"].tolist() == ["identifiers.phone: empty"] * 2


# -- the command line --------------------------------------------------------------------


@pytest.fixture(scope="module")
def run_folder(brazil, tmp_path_factory) -> Path:
    _, _, analysis = brazil
    folder = tmp_path_factory.mktemp("region") / "run"
    write_run(analysis, folder, report=False)
    return folder


def test_cli_screen_default_country(run_folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "i.sgidx"
    res = _cli("index", "--run", str(run_folder), "--out", str(index))
    assert res.returncode == 0, res.stderr
    assert "default region    CN" in res.stdout
    lines = (
        json.dumps(_new()) + "\n" + json.dumps({"store_id": "N2", "identifiers": {"phone": None}})
    )
    plain = _cli("screen", "--index", str(index), "-q", stdin=lines)
    assert plain.returncode == 0, plain.stderr
    without, null = (json.loads(x) for x in plain.stdout.splitlines())
    assert without["score"] == 0 and without["verdict"] == "allow"
    assert without["unusable"][0]["reason"] == "read_in_default_region"
    assert without["unusable"][0]["region"] == "CN"
    assert without["unusable"][0]["stores_region"] == "BR"
    assert null["unusable"] == [{"field": "identifiers.phone", "value": None, "reason": "empty"}]
    for country in ("BR", "Brasil", "bra"):
        res = _cli("screen", "--index", str(index), "--default-country", country, "-q", stdin=lines)
        assert res.returncode == 0, res.stderr
        got = json.loads(res.stdout.splitlines()[0])
        assert got["matched_store_id"] == "S0" and got["score"] > 0, country
        assert got["unusable"] == []


def test_cli_index_saves_a_default_country(run_folder: Path, tmp_path: Path) -> None:
    index = tmp_path / "br.sgidx"
    res = _cli(
        "index", "--run", str(run_folder), "--out", str(index), "--default-country", "Brasil"
    )
    assert res.returncode == 0, res.stderr
    assert "default region    BR" in res.stdout
    got = json.loads(_cli("screen", "--index", str(index), "-q", stdin=json.dumps(_new())).stdout)
    assert got["matched_store_id"] == "S0"


@pytest.mark.parametrize("command", ["screen", "index"])
def test_cli_a_bad_default_country_is_a_usage_error(command: str, tmp_path: Path) -> None:
    where = (
        ["--index", str(tmp_path / "none.sgidx")]
        if command == "screen"
        else ["--run", str(tmp_path), "--out", str(tmp_path / "x.sgidx")]
    )
    res = _cli(command, *where, "--default-country", "Atlantis", stdin="")
    assert res.returncode == 2
    assert "--default-country" in res.stderr and "'Atlantis'" in res.stderr
    assert "Traceback" not in res.stderr
