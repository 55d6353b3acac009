"""A problem in a CSV watchlist names the file's line, also where joined files' repeated
header and metadata lines, blank lines and quoted line breaks were skipped."""

from __future__ import annotations

import pytest

import sellergraph as sg
from sellergraph.errors import InputError
from sellergraph.intel import read_watchlist, to_watchlist, to_watchlist_csv

SECRET = b"a key both partners agreed on"


@pytest.fixture(scope="module")
def csv_text() -> str:
    stores, links, _ = sg.make_marketplace(200, seed=5)
    return to_watchlist_csv(to_watchlist(sg.analyze(stores, links, seed=0), secret=SECRET))


def _broken(text: str, line: int) -> str:
    """``text`` with the hash on its ``line`` (from 1) cut short."""
    lines = text.split("\n")
    cells = lines[line - 1].split(",")
    cells[0] = cells[0][:10]
    lines[line - 1] = ",".join(cells)
    return "\n".join(lines)


def _problem(text: str) -> tuple[int, str]:
    with pytest.raises(InputError) as err:
        read_watchlist(text.encode(), fmt="csv")
    failures = err.value.failures
    assert failures is not None and len(failures) == 1
    return int(failures["row"].iloc[0]), str(failures["message"].iloc[0])


def test_a_bad_hash_in_the_second_of_two_joined_files_names_its_line(csv_text: str) -> None:
    n_lines = csv_text.count("\n")  # metadata, header and rows, each ending a line
    joined = csv_text + csv_text
    line = n_lines + 2 + 5  # the second file's fifth row
    row, message = _problem(_broken(joined, line))
    assert row == n_lines - 2 + 4  # rows counted from 0, the repeated lines left out
    assert message.endswith(f"(line {line})")


def test_blank_and_spaces_only_lines_are_counted_as_in_the_file(csv_text: str) -> None:
    meta, header, first, rest = csv_text.split("\n", 3)
    cells = first.split(",")
    text = "\n".join([meta, header, "", ",".join(cells), "   ", rest])
    broken = _broken(text, 7)  # the third row, after a blank and a spaces-only line
    row, message = _problem(broken)
    assert row == 2 and message.endswith("(line 7)")


def test_rows_of_a_file_as_written_are_on_line_row_plus_three(csv_text: str) -> None:
    row, message = _problem(_broken(csv_text, 10))
    assert row == 7 and message.endswith("(line 10)")


def test_a_json_watchlist_names_rows_only(csv_text: str) -> None:
    wl = read_watchlist(csv_text.encode(), fmt="csv")
    rows = wl.rows.copy()
    rows.loc[3, "value_hash"] = "abc"
    with pytest.raises(InputError) as err:
        read_watchlist(rows)
    assert err.value.failures is not None
    assert "(line" not in str(err.value.failures["message"].iloc[0])
