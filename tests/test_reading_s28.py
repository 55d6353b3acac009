"""Outside users' reading findings: UTF-16 without a byte-order mark and UTF-32, broken
JSON arrays by line and column, header-only tables, and dotted dates beside slashed ones."""

from __future__ import annotations

import gzip
import json
import lzma
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import InputError
from sellergraph.io.tables import _encoding, read_table
from sellergraph.schema import parse_dates, proven_date_order

LINKS = "store_id,kind,value\nÄ1,phone,13800138000\nB,email,zoë@例え.jp\n"
STORES = "store_id,status,closed_at\nÄ1,banned,2021-06-30\nB,active,\n"
EXPECTED = {"store_id": ["Ä1", "B"], "kind": ["phone", "email"]}


def _write(path: Path, data: bytes) -> Path:
    """``data`` written to ``path``, compressed (or zipped) as its name says."""
    name = path.name
    if name.endswith(".gz"):
        data = gzip.compress(data)
    elif name.endswith(".xz"):
        data = lzma.compress(data)
    elif name.endswith(".zip"):
        inner = name.removesuffix(".zip")
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(inner if "." in inner else f"{inner}.csv", data)
        return path
    path.write_bytes(data)
    return path


def _encoded(text: str, encoding: str) -> bytes:
    """``text`` in ``encoding``; ``utf-32-be`` with its byte-order mark."""
    if encoding == "utf-32-be":
        return b"\x00\x00\xfe\xff" + text.encode(encoding)
    return text.encode(encoding)


# 1. UTF-16 without a byte-order mark, and UTF-32 ------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32", "utf-32-be"])
@pytest.mark.parametrize(
    ("name", "delimiter"),
    [
        ("links.csv", ","),
        ("links.txt", "\t"),
        ("links.tsv", "\t"),
        ("links.csv.gz", ";"),
        ("links.txt.xz", "\t"),
        ("links.csv.zip", ","),
    ],
)
def test_bomless_utf16_and_utf32_text_is_read_like_utf8(tmp_path, encoding, name, delimiter):
    text = LINKS.replace(",", delimiter).replace("\n", "\r\n")
    frame = read_table(_write(tmp_path / name, _encoded(text, encoding)), table="links")
    assert frame.columns.tolist() == ["store_id", "kind", "value"]
    assert frame["store_id"].tolist() == EXPECTED["store_id"]
    assert frame["value"].tolist() == ["13800138000", "zoë@例え.jp"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-16", "utf-32"])
@pytest.mark.parametrize("name", ["links.json", "links.jsonl", "links.jsonl.gz", "links.json.zip"])
def test_json_in_utf16_or_utf32_is_read(tmp_path, encoding, name):
    rows = [
        {"store_id": s, "kind": k, "value": "v"} for s, k in zip(*EXPECTED.values(), strict=True)
    ]
    text = (
        json.dumps(rows, ensure_ascii=False, indent=1)
        if ".jsonl" not in name
        else "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n"
    )
    frame = read_table(_write(tmp_path / name, _encoded(text, encoding)), table="links")
    assert frame[["store_id", "kind"]].to_dict("list") == EXPECTED


def test_a_bomless_utf16_dataset_loads_as_its_utf8_twin(tmp_path):
    utf8 = sg.load(
        _write(tmp_path / "stores.csv", STORES.encode()),
        _write(tmp_path / "links.csv", LINKS.encode()),
    )
    utf16 = sg.load(
        _write(tmp_path / "stores16.txt", STORES.replace(",", "\t").encode("utf-16-le")),
        _write(tmp_path / "links16.csv.gz", LINKS.encode("utf-16-be")),
    )
    pd.testing.assert_frame_equal(utf16.links, utf8.links)
    pd.testing.assert_frame_equal(utf16.rejected, utf8.rejected)


def test_bomless_utf16_files_name_the_lines_of_their_errors(tmp_path):
    rows = "".join(f"A,phone,1380013{i:04d}\r\n" for i in range(3000))
    ragged = "store_id,kind,value\r\n" + rows + "B,address,Unit 5, 12 Main St\r\n"
    path = _write(tmp_path / "links.csv", ragged.encode("utf-16-le"))
    with pytest.raises(InputError, match="row on line 3002 has 4 fields, the header 3"):
        read_table(path, table="links")
    _write(path, LINKS.encode("utf-16-le") + b"\x00\xdc")  # a lone surrogate
    with pytest.raises(InputError) as err:
        read_table(path, table="links")
    assert "'links'" in str(err.value) and "links.csv' reads as UTF-16 text" in str(err.value)
    assert "(little-endian, without a byte-order mark) but is not" in str(err.value)
    broken = '{"store_id": "A", "kind": "phone", "value": "1"}\n{"store_id": "B",\n'
    path = _write(tmp_path / "links.jsonl", broken.encode("utf-16-be"))
    with pytest.raises(InputError, match="line 2 is not valid JSON"):
        read_table(path, table="links")


@pytest.mark.parametrize(
    "text",
    [
        LINKS,
        "店铺编号,类型,值\n店一,电话,一二三\n",  # CJK: no byte is NUL
        "store_id,kind,value\nA,phone,1\x00\nB,phone,2\n",  # a stray NUL stays a character
        "a,b\n" + "Ā,Ā\n" * 100,  # U+0100: a NUL byte in UTF-16, none in UTF-8
        "x",
        "",
    ],
)
def test_utf8_text_is_never_taken_for_utf16(tmp_path, text):
    assert _encoding(text.encode()[:4096]) == "utf-8"
    assert _encoding(b"\xef\xbb\xbf" + text.encode()[:4093]) == "utf-8"
    if text.count("\n") > 1:
        frame = read_table(_write(tmp_path / "t.csv", text.encode()), table="t")
        assert frame.iloc[0].tolist() == text.split("\n")[1].split(",")


def test_utf16_mostly_ascii_with_some_cjk_is_detected_and_utf32_without_bom_is_not_utf16():
    text = "store_id,name\n" + "".join(f"S{i},店铺{i}\n" for i in range(50))
    assert _encoding(text.encode("utf-16-le")[:4096]) == "utf-16-le"
    assert _encoding(text.encode("utf-16-be")[:4096]) == "utf-16-be"
    assert _encoding(text.encode("utf-16-le")[:4095]) == "utf-16-le"  # cut mid-character
    assert _encoding(text.encode("utf-32-le")[:4096]) == "utf-8"  # not misread as UTF-16


# 2. A broken JSON array names its line and column -----------------------------------

BROKEN_ARRAY = (
    "[\n"
    '  {"store_id": "S1", "kind": "phone", "value": "1"},\n'
    '  {"store_id": "S2", "kind": "phone" "value": "2"}\n'
    "]\n"
)


@pytest.mark.parametrize("name", ["links.json", "links.json.gz", "links.json.zip"])
def test_a_broken_json_array_names_its_line_and_column(tmp_path, name):
    path = _write(tmp_path / name, BROKEN_ARRAY.encode())
    with pytest.raises(InputError) as err:
        read_table(path, table="links")
    message = str(err.value)
    assert message.startswith(f"table 'links': cannot read JSON file {str(path)!r}: ")
    assert "not valid JSON at line 3, column 38 (Expecting ',' delimiter)" in message
    assert '"kind": "phone" "value": "2"' in message  # the line itself
    assert "position" not in message


def test_json_arrays_cut_short_or_with_a_trailing_comma_name_their_line(tmp_path):
    two_lines = "".join(BROKEN_ARRAY.splitlines(keepends=True)[:2])
    cut = _write(tmp_path / "cut.json", two_lines.encode())
    with pytest.raises(InputError, match=r"at line 3, column 1 .*: the file ends there"):
        read_table(cut, table="links")
    _write(cut, BROKEN_ARRAY.encode()[:60])
    with pytest.raises(InputError, match=r"line 3, column 4 \(Unterminated string .*\{\"s'"):
        read_table(cut, table="links")
    trailing = '[\r\n  {"store_id": "S1", "kind": "phone", "value": "1"},\r\n]\r\n'
    path = _write(tmp_path / "trailing.json", trailing.encode("utf-16"))
    with pytest.raises(InputError, match=r"not valid JSON at line 3, column 1 .*: '\]'"):
        read_table(path, table="links")


# 3. Header-only tables ---------------------------------------------------------------


def test_a_header_only_links_table_is_zero_links(tmp_path):
    stores = _write(tmp_path / "stores.csv", STORES.encode())
    links = _write(tmp_path / "links.csv", b"store_id,kind,value,observed_at\r\n")
    ds = sg.load(stores, links)
    assert len(ds.links) == 0 and ds.counts["links_in"] == ds.counts["links_rejected"] == 0
    assert ds.rejected.empty
    result = sg.analyze(stores, links)
    assert (result.scores["score"] == 0).all() and len(result.alerts) == 0
    frame = pd.DataFrame({"store_id": [], "kind": [], "value": []}, dtype=object)
    assert sg.load(stores, frame).counts["links_in"] == 0
    with pytest.raises(InputError, match="table has no rows"):  # no columns: no table
        sg.load(stores, pd.DataFrame())


def test_header_only_links_are_what_omitted_links_are(tmp_path):
    wide = "store_id,status,phone\nA,banned,+86 138 0013 8000\nB,active,\n"
    stores = _write(tmp_path / "stores.csv", wide.encode())
    header = _write(tmp_path / "links.csv", b"store_id,kind,value\n")
    pd.testing.assert_frame_equal(sg.load(stores, header).links, sg.load(stores).links)
    # a wide table whose identifier cells are all empty has zero links too
    _write(stores, b"store_id,status,phone\nA,active,\nB,active,\n")
    for links in (None, header):
        ds = sg.load(stores, links)
        assert len(ds.links) == 0 and ds.counts["stores"] == 2


def test_run_with_a_header_only_links_table(tmp_path):
    stores = _write(tmp_path / "stores.csv", STORES.encode())
    links = _write(tmp_path / "links.csv", b"store_id,kind,value\n")
    out = tmp_path / "run"
    args = ["run", "--stores", str(stores), "--links", str(links), "--out", str(out)]
    assert main([*args, "-q", "--no-report"]) == 0
    assert pd.read_csv(out / "links.csv").empty


@pytest.mark.parametrize("body", ["", ",,\n", "store_id,status,closed_at\n"])
def test_a_header_only_stores_table_has_no_stores_to_analyse(tmp_path, body):
    stores = _write(tmp_path / "stores.csv", b"store_id,status,closed_at\n" + body.encode())
    with pytest.raises(InputError) as err:
        sg.load(stores, _write(tmp_path / "links.csv", LINKS.encode()))
    assert "table 'stores': table has no rows" in str(err.value)
    assert "there are no stores to analyse" in str(err.value)
    failures = err.value.failures
    assert failures is not None and failures["reason"].tolist() == ["empty_table"]


# 4. Slashed and dotted dates in one column ------------------------------------------


def _days(values: list[str]) -> tuple[list[str | None], list[bool]]:
    parsed, bad = parse_dates(pd.Series(values, dtype=object))
    return [None if pd.isna(p) else p.strftime("%Y-%m-%d") for p in parsed], bad.tolist()


def test_slashed_and_dotted_dates_of_one_column_share_the_order_one_proves(tmp_path):
    # the users' example: read day first throughout (it was before these changes too)
    opened = ["25/03/2024", "13.04.2024", "05/03/2024", "05.03.2024", "6.4.2024", "06/04/24"]
    closed = ["", "", "", "01/02/2024", "", "01.02.2024"]
    frame = pd.DataFrame(
        {
            "store_id": [f"S{i}" for i in range(6)],
            "status": ["active", "active", "active", "banned", "active", "banned"],
            "opened_at": opened,
            "closed_at": closed,
        }
    )
    path = tmp_path / "stores.csv"
    frame.to_csv(path, index=False)
    ds = sg.load(path, _write(tmp_path / "links.csv", b"store_id,kind,value\nS0,phone,1\n"))
    assert ds.stores["opened_at"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-03-25",
        "2024-04-13",
        "2024-03-05",
        "2024-03-05",
        "2024-04-06",
        "2024-04-06",
    ]
    assert ds.stores["closed_at"].dropna().dt.strftime("%Y-%m-%d").tolist() == ["2024-02-01"] * 2
    assert "invalid_date" not in set(ds.rejected["reason"])
    assert ds.counts["date_order"] == "day_first"


def test_a_dotted_date_that_reads_only_month_first_proves_month_first():
    # 04.13.2024 can only be 13 April: by its fields, not its dots, month first
    assert proven_date_order([pd.Series(["04.13.2024"])]) == "month_first"
    assert _days(["04.13.2024", "05/03/2024"]) == (["2024-04-13", "2024-05-03"], [False, False])
    assert _days(["05/03/2024", "4.13.24"])[0] == ["2024-05-03", "2024-04-13"]
    # whatever the separator, a value that reads only one way proves that way
    assert _days(["13.04.2024", "05/03/2024"])[0] == ["2024-04-13", "2024-03-05"]
    assert _days(["04/13/2024", "05-03-2024"])[0] == ["2024-04-13", "2024-05-03"]


def test_a_links_dotted_month_first_date_gives_the_stores_its_order():
    stores = pd.DataFrame({"store_id": ["S1", "S2"], "status": "active", "opened_at": "05/03/2024"})
    links = pd.DataFrame(
        {
            "store_id": ["S1", "S2"],
            "kind": "phone",
            "value": "+86 138 0013 8000",
            "observed_at": ["04.13.2024", "05/03/2024"],
        }
    )
    ds = sg.load(stores, links)
    assert ds.stores["opened_at"].dt.strftime("%Y-%m-%d").tolist() == ["2024-05-03"] * 2
    assert sorted(ds.links["first_seen"].dt.strftime("%Y-%m-%d")) == ["2024-04-13", "2024-05-03"]
    assert ds.counts["date_order"] == "month_first" and ds.rejected.empty
