"""Encodings and byte-order marks where partner files and input frames come in.

A partner's watchlist saved by Excel on Windows (cp1252, latin-1), UTF-16/UTF-32 told
by their byte-order mark, bytes that are not text in the encoding read (a clear error,
never a ``UnicodeDecodeError``); ``encoding=`` through :func:`match_watchlist` and
:func:`add_partner_evidence` and ``--encoding``/``--watchlist-encoding`` on
``match-watchlist``; and invisible characters at the ends of store ids, alike from
CSV, Parquet and DataFrames.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import InputError
from sellergraph.intel import (
    add_partner_evidence,
    match_watchlist,
    read_watchlist,
    to_watchlist,
    to_watchlist_csv,
    to_watchlist_json,
    write_watchlist,
)
from sellergraph.io.tables import decode_text
from sellergraph.reviews import read_reviews
from sellergraph.schema import INVISIBLE_CHARACTERS, store_id_text

SECRET = b"a key both partners agreed on"
HASH = "ab" * 32
NAMED = ("utf-8", "cp1252")
DEVICE_1, DEVICE_2 = "a3f9c2e1-77b0-4c1e-9d2a-5b8e0c4d1f21", "5d0b6e2a-9c41-4f3e-8a77-c1e2f3a4b5c6"
#: A watchlist as a partner writes it by hand: metadata line, accents in its text.
TEXT = (
    '# sellergraph-watchlist {"format_version": 1}\n'
    "value_hash,kind,closure_reason,platform\n"
    f"{HASH},phone,contrefaçon,mercado-são-paulo\n"
    f"{'cd' * 32},Télefono,,\n"
)


# -- 1: the watchlist reader ------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_a_windows_watchlist_is_read_when_its_encoding_is_named(
    tmp_path: Path, encoding: str, fmt: str
) -> None:
    expected = read_watchlist(TEXT.encode(), fmt="csv")
    text = TEXT if fmt == "csv" else to_watchlist_json(expected)
    path = tmp_path / f"partner.{fmt}"
    path.write_bytes(text.encode(encoding))
    got = read_watchlist(path, encoding=encoding)
    pd.testing.assert_frame_equal(got.rows, expected.rows)
    assert got.meta == expected.meta
    assert got.rows.loc[0, "closure_reason"] == "contrefaçon"


@pytest.mark.parametrize(
    ("codec", "named"),
    [
        *((codec, named) for codec in ("utf-8-sig", "utf-16", "utf-32") for named in NAMED),
        # without a mark, UTF-16 is told by its NUL bytes when no encoding is named
        ("utf-16-le", "utf-8"),
        ("utf-16-be", "utf-8"),
    ],
)
def test_unicode_watchlists_are_told_by_their_mark_whatever_is_named(
    codec: str, named: str
) -> None:
    expected = read_watchlist(TEXT.encode(), fmt="csv")
    for fmt, text in (("csv", TEXT), ("json", to_watchlist_json(expected))):
        got = read_watchlist(text.encode(codec), fmt=fmt, encoding=named)
        pd.testing.assert_frame_equal(got.rows, expected.rows)
        assert got.meta == expected.meta


def test_a_cp1252_watchlist_read_as_utf8_names_file_line_bytes_and_the_option(
    tmp_path: Path,
) -> None:
    path = tmp_path / "partner.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    with pytest.raises(InputError) as err:
        read_watchlist(path)
    message = str(err.value)
    assert repr(str(path)) in message
    assert "is not UTF-8 text: line 3:" in message and "b'\\xe7'" in message
    assert "contrefa'" in message  # the text before the bytes
    assert "encoding='cp1252'" in message
    assert "--watchlist-encoding cp1252" in (err.value.command_line or "")
    assert err.value.__cause__ is None and err.value.__context__ is None


def test_bytes_not_in_the_named_encoding_are_an_error_naming_it() -> None:
    with pytest.raises(InputError, match=r"is not ascii text: line 3: the bytes b'\\xc3\\xa7'"):
        read_watchlist(TEXT.encode(), fmt="csv", encoding="ascii")
    with pytest.raises(InputError, match="starts as UTF-16 text but is not"):
        read_watchlist(TEXT.encode("utf-16")[:-1], fmt="csv")
    with pytest.raises(InputError, match="encoding='base64' is not a text encoding"):
        read_watchlist(TEXT.encode(), fmt="csv", encoding="base64")
    with pytest.raises(InputError, match="is not a text encoding"):
        read_watchlist(b"PAR1", fmt="parquet", encoding="no-such-encoding")


def test_decode_text_is_the_table_readers_sniffing() -> None:
    assert decode_text("\ufeffa,b".encode(), what="x") == "a,b"
    assert decode_text("a,ç".encode("utf-16-le"), what="x") == "a,ç"
    assert decode_text("a,ç".encode("utf-32"), encoding="cp1252", what="x") == "a,ç"
    assert decode_text("\ufeffa,ç".encode(), encoding="cp1252", what="x") == "a,ç"
    with pytest.raises(InputError) as err:
        decode_text(b"ok\nok\nbad \x81", encoding="cp1252", what="file 'f'", option="--enc")
    assert "file 'f' is not cp1252 text: line 3: the bytes b'\\x81' after 'bad '" in str(err.value)
    assert "(--enc)" in (err.value.command_line or "")


# -- 2: encoding= through matching, --encoding and --watchlist-encoding -----------------


@pytest.fixture(scope="module")
def partner(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Our stores and links as a cp1252 export (an accented name), and the partner's
    watchlist of the same marketplace as a cp1252 CSV with an accented closure reason."""
    folder = tmp_path_factory.mktemp("partner")
    stores, links, _ = sg.make_marketplace(600, seed=3)
    stores, links = _in_cp1252(stores), _in_cp1252(links)
    stores.loc[0, "name"] = "Loja São João"
    wl = to_watchlist(sg.analyze(stores, links, seed=0), secret=SECRET)
    wl.rows["closure_reason"] = "contrefaçon"
    (folder / "wl.csv").write_bytes(to_watchlist_csv(wl).encode("cp1252"))
    stores.to_csv(folder / "stores.csv", index=False, encoding="cp1252")
    links.to_csv(folder / "links.csv", index=False, encoding="cp1252")
    (folder / "key").write_bytes(SECRET + b"\n")
    return {"folder": folder, "stores": stores, "links": links, "watchlist": wl}


def _in_cp1252(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the text cp1252 cannot write (Chinese names, say) as ``?``."""
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = [
                v.encode("cp1252", "replace").decode("cp1252") if isinstance(v, str) else v
                for v in out[col]
            ]
    return out


def test_match_watchlist_reads_each_file_in_its_encoding(partner: dict) -> None:
    folder = partner["folder"]
    expected = match_watchlist(
        partner["watchlist"], partner["stores"], partner["links"], secret=SECRET
    )
    assert len(expected.matches) > 0
    got = match_watchlist(
        folder / "wl.csv",
        folder / "stores.csv",
        folder / "links.csv",
        secret=SECRET,
        encoding="cp1252",
        watchlist_encoding="cp1252",
    )
    pd.testing.assert_frame_equal(got.matches, expected.matches)
    with pytest.raises(InputError, match="is not UTF-8 text"):
        match_watchlist(folder / "wl.csv", partner["stores"], partner["links"], secret=SECRET)


def test_add_partner_evidence_reads_tables_in_the_encoding_named(partner: dict) -> None:
    folder = partner["folder"]
    found = match_watchlist(
        partner["watchlist"], partner["stores"], partner["links"], secret=SECRET
    )
    expected = add_partner_evidence(found, partner["stores"], partner["links"])
    got = add_partner_evidence(
        found, folder / "stores.csv", folder / "links.csv", encoding="cp1252"
    )
    assert "Loja São João" in set(got.stores["name"].dropna())
    assert len(got.stores) == len(expected.stores) and len(got.links) == len(expected.links)
    pd.testing.assert_frame_equal(got.partner_stores, expected.partner_stores)
    with pytest.raises(InputError, match=r"line 2.*encoding='cp1252'"):
        add_partner_evidence(found, folder / "stores.csv", folder / "links.csv")


def test_match_watchlist_command_has_both_options(
    partner: dict, capsys: pytest.CaptureFixture[str]
) -> None:
    folder: Path = partner["folder"]  # type: ignore[assignment]
    args = ["match-watchlist", "--watchlist", str(folder / "wl.csv"), "-q"]
    args += ["--stores", str(folder / "stores.csv"), "--links", str(folder / "links.csv")]
    args += ["--key-file", str(folder / "key"), "--encoding", "cp1252"]
    assert main([*args, "--out", str(folder / "m0.csv")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("sellergraph: error: watchlist ") and len(err.splitlines()) == 1
    assert "is not UTF-8 text: line 3:" in err and "--watchlist-encoding cp1252" in err
    assert "Traceback" not in err
    args += ["--watchlist-encoding", "cp1252", "--evidence-out", str(folder / "ev")]
    assert main([*args, "--out", str(folder / "m.csv")]) == 0
    assert capsys.readouterr().err == ""
    assert len(pd.read_csv(folder / "m.csv")) > 0
    written = pd.read_csv(folder / "ev" / "stores.csv", dtype=str, encoding="utf-8")
    assert "Loja São João" in set(written["name"].dropna())
    with pytest.raises(SystemExit):
        main([*args, "--watchlist-encoding", "base64", "--out", str(folder / "m1.csv")])
    assert "'base64' is not a text encoding" in capsys.readouterr().err


# -- 3: invisible characters at the ends of store ids -----------------------------------


def _tables(mark: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    stores = pd.DataFrame(
        {
            "store_id": [f"{mark}S1", f"S2{mark}", f"{mark} S3 ", "S4"],
            "status": ["banned", "active", "active", "active"],
            "closed_at": ["2020-01-01", "", "", ""],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["S1", "S2", "S3", f"{mark}S4", "S1", "S4"],
            "kind": ["device"] * 6,
            "value": [DEVICE_1] * 4 + [DEVICE_2] * 2,
        }
    )
    return stores, links


def _write(folder: Path, frame: pd.DataFrame, name: str, source: str) -> object:
    if source == "dataframe":
        return frame
    if source == "parquet":
        frame.to_parquet(folder / f"{name}.parquet", index=False)
        return folder / f"{name}.parquet"
    frame.to_csv(folder / f"{name}.csv", index=False)
    return folder / f"{name}.csv"


@pytest.mark.parametrize("mark", list(INVISIBLE_CHARACTERS))
@pytest.mark.parametrize("source", ["dataframe", "parquet", "csv"])
def test_an_invisible_mark_at_an_ids_end_makes_no_other_store(
    tmp_path: Path, mark: str, source: str
) -> None:
    stores, links = _tables(mark)
    ds = sg.load(
        _write(tmp_path, stores, "stores", source), _write(tmp_path, links, "links", source)
    )
    assert ds.stores["store_id"].tolist() == ["S1", "S2", "S3", "S4"]
    assert len(ds.rejected) == 0, ds.rejected
    assert sorted(set(ds.links["store_id"])) == ["S1", "S2", "S3", "S4"]
    assert len(ds.links) == len(links)


def test_a_marked_id_and_its_plain_twin_are_one_store() -> None:
    stores = pd.DataFrame(
        {"store_id": ["S1", "\ufeffS1", "S2"], "status": ["active", "banned", "active"]}
    )
    links = pd.DataFrame({"store_id": ["S1"], "kind": ["device"], "value": [DEVICE_1]})
    with pytest.raises(InputError, match="appears more than once"):
        sg.load(stores, links)
    same = pd.DataFrame({"store_id": ["S1", "\u200bS1", "S2"], "status": ["active"] * 3})
    ds = sg.load(same, links)  # the same row again: read once
    assert ds.stores["store_id"].tolist() == ["S1", "S2"]
    assert set(ds.rejected["reason"]) == {"repeated_store_row"}


def test_only_the_ends_are_trimmed_and_other_ids_are_left_alone() -> None:
    ids = pd.Series(["S\u200d1", "\ufeff\u3000\u200bS2\u200b ", None])
    got = store_id_text(ids).tolist()
    assert got[:2] == ["S\u200d1", "S2"] and pd.isna(got[2])
    # a mark does not hide that every id is a whole number written as a decimal
    assert store_id_text(pd.Series(["1001.0", "\ufeff1002.0"])).tolist() == ["1001", "1002"]
    plain = pd.Series(["Loja-ç", "S3"])
    assert store_id_text(plain).tolist() == ["Loja-ç", "S3"]


def test_reviews_ids_are_read_alike(tmp_path: Path) -> None:
    reviews = pd.DataFrame(
        {
            "store_id": ["\ufeffS1", "S2\u2060"],
            "decision": ["confirmed", "cleared"],
            "matched_store_id": ["\u200bS9", None],
        }
    )
    reviews.to_parquet(tmp_path / "reviews.parquet", index=False)
    got = read_reviews(tmp_path / "reviews.parquet")
    assert got["store_id"].tolist() == ["S1", "S2"]
    assert got["matched_store_id"].tolist()[0] == "S9"


def test_looking_for_marks_costs_little_on_a_million_ascii_ids() -> None:
    ids = pd.Series([f"S{i:07d}" for i in range(1_000_000)], dtype="str")
    store_id_text(ids[:10])
    start = time.perf_counter()
    got = store_id_text(ids)
    took = time.perf_counter() - start
    assert got is not None and took < 1.0, took  # a generous bound on a shared machine
    marked = ids.copy()
    marked.iloc[-1] = "\ufeff" + marked.iloc[-1]
    assert store_id_text(marked).iloc[-1] == ids.iloc[-1]


def test_a_watchlist_written_by_sellergraph_is_still_utf8(tmp_path: Path) -> None:
    wl = read_watchlist(TEXT.encode(), fmt="csv")
    path = write_watchlist(wl, tmp_path / "wl.csv")
    assert path.read_bytes().decode("utf-8").count("contrefaçon") == 1
    assert json.loads(to_watchlist_json(wl))["rows"][0]["closure_reason"] == "contrefaçon"
    assert np.array_equal(read_watchlist(path).rows["value_hash"], wl.rows["value_hash"])
