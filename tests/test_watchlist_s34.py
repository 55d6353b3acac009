"""Watchlists joined with ``cat``: a repeated header or metadata line is skipped and
said, not read as a row; parts that cannot be read as one watchlist are refused by line."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import InputError
from sellergraph.intel import read_watchlist, to_watchlist, to_watchlist_csv

SECRET = b"a key both partners agreed on"


@pytest.fixture(scope="module")
def csv_text() -> str:
    stores, links, _ = sg.make_marketplace(300, seed=3)
    return to_watchlist_csv(to_watchlist(sg.analyze(stores, links, seed=0), secret=SECRET))


def _parts(text: str) -> tuple[str, str, str]:
    """The metadata line, the header line and the rows of a CSV watchlist."""
    meta, header, rows = text.split("\n", 2)
    return meta + "\n", header + "\n", rows


def test_two_joined_exports_read_as_one_watchlist(
    csv_text: str, caplog: pytest.LogCaptureFixture
) -> None:
    one = read_watchlist(csv_text.encode(), fmt="csv")
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        both = read_watchlist((csv_text + csv_text).encode(), fmt="csv")
    assert len(both) == 2 * len(one)
    assert both.rows.iloc[len(one) :].reset_index(drop=True).equals(one.rows)
    assert both.meta == one.meta
    (said,) = [r.getMessage() for r in caplog.records]
    meta_line, header_line = len(one) + 3, len(one) + 4
    assert f"line {header_line} repeats its header" in said
    assert f"line {meta_line} its metadata line" in said


def test_a_repeated_header_with_a_byte_order_mark_and_spaces_is_skipped(
    csv_text: str, caplog: pytest.LogCaptureFixture
) -> None:
    meta, header, rows = _parts(csv_text)
    text = meta + header + rows + "\ufeff " + header.rstrip("\n") + " \r\n" + rows
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        wl = read_watchlist(text.encode(), fmt="csv")
    assert len(wl) == 2 * read_watchlist(csv_text.encode(), fmt="csv").rows.shape[0]
    assert "repeats its header" in caplog.text
    assert "metadata" not in caplog.text


def test_a_file_without_repeats_says_nothing(
    csv_text: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        read_watchlist(csv_text.encode(), fmt="csv")
    assert caplog.records == []


def test_watchlists_hashed_with_other_keys_are_not_joined(csv_text: str) -> None:
    stores, links, _ = sg.make_marketplace(300, seed=3)
    other = to_watchlist_csv(
        to_watchlist(sg.analyze(stores, links, seed=0), secret=b"another key of sixteen bytes")
    )
    line = csv_text.count("\n") + 1
    with pytest.raises(InputError, match=rf"line {line} starts another watchlist.*key_fingerprint"):
        read_watchlist((csv_text + other).encode(), fmt="csv")


def test_a_header_of_other_columns_is_named_by_its_line(csv_text: str) -> None:
    line = csv_text.count("\n") + 1
    text = csv_text + "value_hash,kind\n" + "ab" * 32 + ",phone\n"
    with pytest.raises(InputError, match=rf"line {line} is a header with other columns"):
        read_watchlist(text.encode(), fmt="csv")


def test_a_row_with_too_many_fields_is_an_input_error_naming_the_file_line(
    csv_text: str,
) -> None:
    meta, header, rows = _parts(csv_text)
    first, second, rest = rows.split("\n", 2)
    text = meta + header + first + "\n" + header + second + ",extra,fields\n" + rest
    # line 4 (the repeated header) is skipped; the long row is still line 5 of the file
    with pytest.raises(InputError, match=r"not a readable CSV table \(.*line 5, saw 14"):
        read_watchlist(text.encode(), fmt="csv")


def test_the_command_warns_in_one_line_and_matches_joined_exports(
    csv_text: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores, links, _ = sg.make_marketplace(300, seed=3)
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    (tmp_path / "both.csv").write_text(csv_text + csv_text, encoding="utf-8")
    (tmp_path / "key").write_bytes(SECRET)
    argv = [
        "match-watchlist",
        "--watchlist",
        str(tmp_path / "both.csv"),
        "--stores",
        str(tmp_path / "stores.csv"),
        "--links",
        str(tmp_path / "links.csv"),
        "--key-file",
        str(tmp_path / "key"),
        "--out",
        str(tmp_path / "matches.csv"),
    ]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "sellergraph: warning: watchlist" in err
    assert "repeats its header" in err
    assert "Traceback" not in err
