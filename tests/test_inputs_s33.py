"""Input findings of round 33: the CLI's ``--encoding`` check under a public name,
store ids with invisible ends in screening, files named UTF-16 that are not, a
byte-order mark starting a line of a watchlist, ``screen_many(columns=)``, unknown
fields masked, and a phone given as ``1.5``."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import intel_commands, main
from sellergraph.errors import InputError
from sellergraph.intel import read_watchlist
from sellergraph.io.tables import decode_text, read_table
from sellergraph.screening import Screener

STORES = "store_id,platform,status,opened_at,closed_at\nS1,a,active,2020-01-01,\n"
LINKS = "store_id,kind,value\nS1,phone,+8613800138000\n"


@pytest.fixture(scope="module")
def market() -> tuple[pd.DataFrame, pd.DataFrame, sg.Analysis, Screener]:
    stores, links, _ = sg.make_marketplace(n_stores=300, seed=0)
    analysis = sg.analyze(stores, links, seed=0)
    return stores, links, analysis, Screener.from_analysis(analysis)


def _own_registration(market) -> tuple[str, dict[str, list[str]]]:
    """The highest-scored store of the run and its own identifiers."""
    _, links, analysis, _ = market
    store_id = str(analysis.scores.sort_values("score", ascending=False)["store_id"].iloc[0])
    identifiers: dict[str, list[str]] = {}
    for kind, value in links.loc[links["store_id"] == store_id, ["kind", "value"]].itertuples(
        index=False
    ):
        identifiers.setdefault(str(kind), []).append(str(value))
    return store_id, identifiers


# -- 1: --encoding's check has a public name ---------------------------------------------


def test_the_encoding_check_is_imported_under_its_public_name() -> None:
    from sellergraph.cli._common import text_encoding

    assert text_encoding("latin-1") == "iso8859-1"
    assert intel_commands.text_encoding is text_encoding
    assert "_encoding as" not in inspect.getsource(intel_commands)


# -- 2: store ids with invisible ends in screening ---------------------------------------


def test_a_store_id_ending_in_a_zero_width_space_is_the_store_itself(market) -> None:
    screener = market[3]
    store_id, identifiers = _own_registration(market)
    plain = screener.screen({"store_id": store_id, "identifiers": identifiers})
    marked = screener.screen({"store_id": f"\ufeff{store_id}\u200b", "identifiers": identifiers})
    assert marked.store_id == store_id
    assert marked.score == plain.score  # its own entry is left out, as for the plain id


def test_a_marked_registration_id_joins_its_plain_links(market) -> None:
    screener = market[3]
    links = pd.DataFrame({"store_id": ["N1"], "kind": ["phone"], "value": ["+8613800138000"]})
    plain = screener.screen_many(pd.DataFrame({"store_id": ["N1"]}), links=links)
    marked = screener.screen_many(pd.DataFrame({"store_id": ["N1\u200b"]}), links=links)
    pd.testing.assert_frame_equal(marked, plain)


# -- 3: a file named UTF-16 that is not --------------------------------------------------


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_bomless_utf16_named_utf16_is_read_in_its_byte_order(tmp_path: Path) -> None:
    expected = read_table(_write(tmp_path / "u8.csv", STORES.encode()), table="stores")
    for codec in ("utf-16-le", "utf-16-be"):
        path = _write(tmp_path / f"{codec}.csv", STORES.encode(codec))
        pd.testing.assert_frame_equal(read_table(path, table="stores", encoding="utf-16"), expected)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (STORES.encode("utf-16-le") + b"\n", "line 3: the bytes b'\\n'"),
        (STORES.encode("utf-16") + b"\n", "line 3"),
        (STORES.encode(), "no byte-order mark and no NUL byte"),
    ],
    ids=["odd-byte-count", "odd-byte-count-after-a-mark", "utf-8"],
)
@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_a_broken_file_named_utf16_is_an_error_naming_it(
    tmp_path: Path, data: bytes, said: str, suffix: str
) -> None:
    if suffix == ".jsonl":
        text = '{"store_id": "S1", "status": "active"}\n{"store_id": "S2", "status": "active"}\n'
        data = data.replace(STORES.encode("utf-16-le"), text.encode("utf-16-le"))
        data = data.replace(STORES.encode("utf-16")[2:], text.encode("utf-16-le"))
        data = data.replace(STORES.encode(), text.encode())
        said = said.split(":")[0]
    path = _write(tmp_path / f"stores{suffix}", data)
    with pytest.raises(InputError, match=f"'{path}'.*{said[:20]}") as caught:
        read_table(path, table="stores", encoding="utf-16")
    assert "table 'stores'" in str(caught.value)


def test_decoding_a_broken_utf16_watchlist_names_line_and_bytes() -> None:
    with pytest.raises(InputError, match=r"watchlist 'w\.csv'.*line 3: the bytes b'\\n'"):
        decode_text(STORES.encode("utf-16-le") + b"\n", encoding="utf-16", what="watchlist 'w.csv'")


def test_run_with_encoding_utf16_on_a_broken_file_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores = _write(tmp_path / "stores.csv", STORES.encode("utf-16-le") + b"\n")
    links = _write(tmp_path / "links.csv", LINKS.encode("utf-16"))
    args = ["run", "--stores", str(stores), "--links", str(links), "--out", str(tmp_path / "o")]
    code = main([*args, "--encoding", "utf-16", "--no-report", "--quiet"])
    err = capsys.readouterr().err
    assert code != 0
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("sellergraph: error: table 'stores'")
    assert str(stores) in lines[0] and "line 3" in lines[0] and "(--encoding)" not in lines[0]


# -- 4: a byte-order mark starting a watchlist line ---------------------------------------


def test_a_byte_order_mark_starting_a_watchlist_line_is_not_part_of_the_hash() -> None:
    first = (
        '# sellergraph-watchlist {"format_version": 1}\nvalue_hash,kind\n' + "ab" * 32 + ",phone\n"
    )
    joined = first + "\ufeff" + "cd" * 32 + ",phone\n" + "ef" * 32 + "\u200b,phone\n"
    watchlist = read_watchlist(joined.encode(), fmt="csv")
    assert sorted(watchlist.rows["value_hash"]) == ["ab" * 32, "cd" * 32, "ef" * 32]


# -- 5: screen_many(columns=) -------------------------------------------------------------


def test_screen_many_renames_columns_as_screen_columns_does(market) -> None:
    screener = market[3]
    own = pd.DataFrame({"store_id": ["N1", "N2"], "phone": ["+8613800138000", "+8613900139000"]})
    expected = screener.screen_many(own)
    theirs = own.rename(columns={"store_id": "seller", "phone": " tel "})
    mapping = {"stores.seller": "store_id", "tel": "phone"}
    pd.testing.assert_frame_equal(screener.screen_many(theirs, columns=mapping), expected)
    records = theirs.to_dict("records")
    pd.testing.assert_frame_equal(screener.screen_many(records, columns=mapping), expected)


def test_screen_many_refuses_a_name_given_two_targets(market) -> None:
    screener = market[3]
    frame = pd.DataFrame({"store_id": ["N1"], "tel": ["+8613800138000"]})
    with pytest.raises(InputError, match="'tel' twice, as 'phone' and as 'email'"):
        screener.screen_many(frame, columns={"tel": "phone", " tel ": "email"})
    with pytest.raises(InputError, match="registration 0: fields 'tel' and 'phone'"):
        screener.screen_many([{"tel": "1", "phone": "2"}], columns={"tel": "phone"})


# -- 6: unknown fields' values are masked ------------------------------------------------


def test_an_unknown_fields_value_is_masked_unless_mask_is_off(market) -> None:
    screener = market[3]
    reg = {"store_id": "N1", "contact": "jdoe@gmail.com", "fax": 8613800138000}
    masked = {u["field"]: u["value"] for u in screener.screen(reg).unusable}
    assert masked["contact"] != "jdoe@gmail.com" and masked["contact"].endswith(".com")
    assert "8613800138000" not in str(masked["fax"])
    raw = {u["field"]: u["value"] for u in screener.screen(reg, mask=False).unusable}
    assert (raw["contact"], raw["fax"]) == ("jdoe@gmail.com", 8613800138000)


# -- 7: a phone given as 1.5 ---------------------------------------------------------------


def test_a_number_that_is_not_whole_is_not_a_value_of_any_kind(market) -> None:
    screener = market[3]
    for reg in ({"identifiers": {"phone": 1.5}}, {"phone": 1.5}, {"device": float("inf")}):
        reasons = [u["reason"] for u in screener.screen(reg).unusable]
        assert reasons == ["not_a_value"], reg
    table = screener.screen_many(pd.DataFrame({"store_id": ["N1"], "phone": [1.5]}))
    assert "not_a_value" in table["unusable"].iloc[0]
    # a whole number is read as its digits, and refused for what they are
    assert [u["reason"] for u in screener.screen({"phone": 15.0}).unusable] == ["placeholder"]
