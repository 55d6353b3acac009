"""Reading input files: what a damaged or unusual file gives (sellergraph.io.tables)."""

from __future__ import annotations

import bz2
import gzip
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

import sellergraph as sg
from sellergraph.errors import InputError
from sellergraph.io.tables import read_table

STORES = "store_id,status,closed_at\nA,banned,2021-06-30\nB,active,\n"


def _write(path: Path, text: str | bytes) -> Path:
    data = text.encode() if isinstance(text, str) else text
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".bz2"):
        data = bz2.compress(data)
    path.write_bytes(data)
    return path


def _links_with_open_quote(quoted: str) -> str:
    rows = [f"A,phone,+86138001000{i:02d}" for i in range(10)]
    rows.append(f"B,address,{quoted}")
    rows += [f"B,phone,+8613900{i:06d}" for i in range(1000)]
    return "store_id,kind,value\n" + "\n".join(rows) + "\n"


@pytest.mark.parametrize("name", ["links.csv", "links.csv.gz"])
def test_an_unterminated_quote_is_refused_with_its_line(tmp_path, name):
    # The parser reads an unclosed quote's field to the end of the file: the 1000
    # rows after it became one value of row 10, without a word.
    stores = _write(tmp_path / "stores.csv", STORES)
    links = _write(tmp_path / name, _links_with_open_quote('"Unit 5, 12 Main St'))
    with pytest.raises(InputError) as err:
        sg.load(stores, links)
    message = str(err.value)
    assert "table 'links'" in message
    assert name in message
    assert "unterminated quote" in message
    assert "column 'value' that starts on line 12" in message
    assert "1000 more lines" in message
    # Closed, the same field is read, and so are quoted fields with line breaks.
    _write(links, _links_with_open_quote('"Unit 5, 12 Main St"'))
    assert sg.load(stores, links).counts["links_in"] == 1011


@pytest.mark.parametrize(
    ("closed", "value", "left_open"),
    [
        ('"Unit 5\n12 Main St"\n', "Unit 5\n12 Main St", '"Unit 5\n12 Main St\n'),
        ('"Unit 5\n"\n', "Unit 5\n", '"Unit 5\n'),
        ('"\n"\n', "\n", '"\nB,phone,1\n'),  # the value is the file's line ending
        ('"\r\n"\r\n', "\r\n", '"\r\nB,phone,1\r\n'),
        ('"say ""hi"""', 'say "hi"', '"say ""hi""'),  # no final line ending
        ('""""', '"', '"""'),
        ('ab"c\n', 'ab"c', '"ab""c\n'),  # a quote inside an unquoted field is text
    ],
)
def test_quotes_closed_at_the_end_of_a_file_are_read_and_open_ones_refused(
    tmp_path, closed, value, left_open
):
    head = "store_id,kind,value\nA,phone,13800138000\nB,address,"
    for name in ("links.csv", "links.csv.gz"):
        frame = read_table(_write(tmp_path / name, head + closed), table="links")
        assert frame["value"].tolist() == ["13800138000", value]
    with pytest.raises(InputError, match="unterminated quote"):
        read_table(_write(tmp_path / "links.csv", head + left_open), table="links")


def test_an_unterminated_quote_in_a_middle_column_names_its_line(tmp_path):
    text = _links_with_open_quote("x").replace("B,address,x", 'B,"address,Unit 5')
    links = _write(tmp_path / "links.csv", text)
    with pytest.raises(InputError) as err:
        read_table(links, table="links")
    message = str(err.value)
    assert "table 'links'" in message
    assert "starting on line 12 runs over several lines" in message
    assert "never closed" in message


def test_a_row_with_too_many_fields_names_its_line(tmp_path):
    text = "store_id,kind,value\nA,phone,1\nB,address,Unit 5, 12 Main St\nB,phone,2\n"
    with pytest.raises(InputError, match="row on line 3 has 4 fields, the header 3"):
        read_table(_write(tmp_path / "links.csv", text), table="links")


def test_a_short_row_is_named_by_its_own_line_not_one_starting_alike(tmp_path):
    head = 'store_id,kind,value\n"A",phone,"1"\n'
    with pytest.raises(InputError, match="the row on line 4 has 1 fields"):
        read_table(_write(tmp_path / "cut.csv", head + 'B,phone,2\n"'), table="links")
    with pytest.raises(InputError, match="row starting on line 3 runs over several lines"):
        read_table(_write(tmp_path / "open.csv", head + '"\nB,phone,2\n'), table="links")


def test_an_unterminated_quote_in_the_header_is_refused(tmp_path):
    text = 'store_id,kind,"value\nA,phone,13800138000\n'
    with pytest.raises(InputError, match=r"unterminated quote in its header row \(line 1\)"):
        read_table(_write(tmp_path / "links.csv", text), table="links")


@pytest.mark.parametrize(
    ("name", "delimiter"),
    [("stores.csv.gz", ";"), ("stores.tsv.gz", "\t"), ("stores.csv.bz2", "|")],
)
def test_compressed_files_take_the_delimiter_from_the_header(tmp_path, name, delimiter):
    stores = _write(tmp_path / name, STORES.replace(",", delimiter))
    links = _write(tmp_path / "links.tsv.gz", "store_id\tkind\tvalue\nA\tphone\t13800138000\n")
    ds = sg.load(stores, links)
    assert list(ds.stores["store_id"]) == ["A", "B"]
    assert ds.links["key"].tolist() == ["+8613800138000"]


def test_a_damaged_compressed_file_is_a_clear_error(tmp_path):
    (tmp_path / "links.csv.gz").write_bytes(b"not gzip at all")
    with pytest.raises(InputError, match=r"'links'.*damaged compressed file"):
        read_table(tmp_path / "links.csv.gz", table="links")
    whole = gzip.compress(b"store_id,kind,value\n" + b"A,phone,13800138000\n" * 50_000)
    (tmp_path / "cut.csv.gz").write_bytes(whole[:-100])
    with pytest.raises(InputError, match="'links': cannot read CSV file"):
        read_table(tmp_path / "cut.csv.gz", table="links")


def test_leading_blank_lines_are_skipped(tmp_path):
    stores = _write(tmp_path / "stores.csv", "\ufeff\n\r\n" + STORES)
    assert list(read_table(stores, table="stores").columns) == ["store_id", "status", "closed_at"]
    _write(stores, "   \n" + STORES)
    with pytest.raises(InputError, match="line 1, where the header row should be, is blank"):
        read_table(stores, table="stores")


def test_unnamed_empty_columns_are_dropped_and_unnamed_data_refused(tmp_path):
    # Spreadsheet exports end rows with empty columns: a,b,c,,
    text = "store_id,status,closed_at,,\nA,banned,2021-06-30,,\nB,active,, ,\n"
    stores = _write(tmp_path / "stores.csv", text)
    frame = read_table(stores, table="stores")
    assert list(frame.columns) == ["store_id", "status", "closed_at"]
    _write(stores, text.replace("B,active,, ,", "B,active,,x,"))
    with pytest.raises(InputError) as err:
        read_table(stores, table="stores")
    assert "column 4 has no name in the header row but holds data (row 1: 'x')" in str(err.value)


def test_bytes_that_are_not_utf8_are_named_with_their_line(tmp_path):
    # Far beyond the first block read for the header
    rows = b"A,phone,13800138000\n" * 30_000 + b"B,phone,1380\xff0138000\n"
    links = _write(tmp_path / "links.csv", b"store_id,kind,value\n" + rows)
    with pytest.raises(InputError) as err:
        read_table(links, table="links", repeated={"store_id", "kind"})
    message = str(err.value)
    assert "table 'links'" in message
    assert "not UTF-8" in message
    assert "line 30002, column 'value'" in message
    assert "re-save the file as UTF-8" in message


def _nested_stores() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "status": ["banned", "active"],
            "closed_at": ["2021-06-30", None],
            "phone": [["+8613800138000", "+8613900000000"], ["13800138000"]],
        }
    )


def test_nested_parquet_columns_are_refused_by_name(tmp_path):
    _nested_stores().to_parquet(tmp_path / "stores.parquet")
    with pytest.raises(InputError) as err:
        sg.load(tmp_path / "stores.parquet")
    message = str(err.value)
    assert "table 'stores'" in message
    assert "'phone'" in message
    assert "nested values are not supported" in message
    assert "links table" in message
    links = pd.DataFrame({"store_id": ["A"], "kind": ["phone"], "value": [["13800138000"]]})
    links.to_parquet(tmp_path / "links.parquet")
    plain = _nested_stores().drop(columns="phone")
    with pytest.raises(InputError, match=r"'links': column\(s\) 'value'.*explode"):
        sg.load(plain, tmp_path / "links.parquet")
    # A nested column that is not read is carried along as before.
    plain.assign(tags=[["x"], []]).to_parquet(tmp_path / "tagged.parquet")
    links.assign(value="13800138000").to_parquet(tmp_path / "links.parquet")
    assert sg.load(tmp_path / "tagged.parquet", tmp_path / "links.parquet").counts["stores"] == 2


@pytest.mark.parametrize(
    "value",
    [["13800138000"], np.array(["13800138000"]), ("13800138000",), {"n": "13800138000"}],
)
def test_dataframes_with_lists_where_text_is_read_are_refused(value):
    links = pd.DataFrame(
        {"store_id": ["A", "B"], "kind": ["phone", "phone"], "value": ["13900000000", value]},
        dtype=object,
    )
    with pytest.raises(InputError) as err:
        sg.load(_nested_stores().drop(columns="phone"), links)
    failure = err.value.failures.iloc[0]
    assert (failure["table"], failure["row"], failure["column"]) == ("links", 1, "value")
    assert failure["reason"] == "nested_value"
    with pytest.raises(InputError, match=r"'stores'.*'phone'"):
        sg.load(_nested_stores())
    arrow_lists = pd.Series([["a"], ["b"]], dtype=pd.ArrowDtype(pa.list_(pa.string())))
    with pytest.raises(InputError, match=r"'links'.*'value'"):
        read_table(links.assign(value=arrow_lists), table="links")


def test_dataframe_with_a_repeated_column_name_reaches_validation():
    stores = pd.DataFrame([["A", "banned"]], columns=["store_id", "store_id"])
    links = pd.DataFrame({"store_id": ["A"], "kind": ["phone"], "value": ["13800138000"]})
    with pytest.raises(InputError, match="column appears twice"):
        sg.load(stores, links)


def test_mostly_distinct_repeated_column_is_read_as_plain_text(tmp_path) -> None:
    rows = [
        f"S{i % 3},phone,{i},2024-01-{i % 28 + 1:02d} 10:{i % 60:02d}:{i % 59:02d}\n"
        for i in range(3000)
    ]
    path = tmp_path / "links.csv"
    path.write_text("store_id,kind,value,observed_at\n" + "".join(rows))
    frame = read_table(path, table="links", repeated={"store_id", "kind", "observed_at"})
    # repeating values stay categorical; timestamps that mostly differ come as text
    assert isinstance(frame["store_id"].dtype, pd.CategoricalDtype)
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype)
    assert frame["observed_at"].dtype == "str"
    assert frame["observed_at"].tolist() == [r.split(",")[3].strip() for r in rows]
    assert frame["store_id"].astype(str).tolist() == [f"S{i % 3}" for i in range(3000)]


def test_json_lines_and_json_arrays_load_like_csv(tmp_path: Path) -> None:
    import json

    stores = [
        {"store_id": 1001, "status": "banned", "closed_at": "2021-03-04"},
        {"store_id": 1002, "status": "active", "closed_at": None},
    ]
    links = [
        {"store_id": 1001, "kind": "phone", "value": 13800138000, "observed_at": "2021-01-02"},
        {"store_id": 1002, "kind": "phone", "value": "+86 138 0013 8000"},  # mixed types
        {"store_id": 1002, "kind": "email", "value": "N/A", "observed_at": "2022-01-02"},
    ]
    (tmp_path / "stores.json").write_text(json.dumps(stores))
    with gzip.open(tmp_path / "links.jsonl.gz", "wt") as f:
        f.write("\n".join(json.dumps(r) for r in links) + "\n")
    (tmp_path / "links.ndjson").write_text("\n".join(json.dumps(r) for r in links[1:]))
    (tmp_path / "stores.csv").write_text(
        "store_id,status,closed_at\n1001,banned,2021-03-04\n1002,active,\n"
    )
    (tmp_path / "links.csv").write_text(
        "store_id,kind,value,observed_at\n1001,phone,13800138000,2021-01-02\n"
        "1002,phone,+86 138 0013 8000,\n1002,email,N/A,2022-01-02\n"
    )
    from_csv = sg.load(tmp_path / "stores.csv", tmp_path / "links.csv")
    from_json = sg.load(tmp_path / "stores.json", tmp_path / "links.jsonl.gz")
    pd.testing.assert_frame_equal(from_json.links, from_csv.links)
    pd.testing.assert_frame_equal(from_json.rejected, from_csv.rejected)
    assert from_json.links["key"].tolist() == ["+8613800138000", "+8613800138000"]
    uniform = sg.load(tmp_path / "stores.json", tmp_path / "links.ndjson")  # read by Arrow
    assert uniform.links["store_id"].tolist() == ["1002"]


def test_unreadable_json_and_spreadsheets_are_clear_errors(tmp_path: Path) -> None:
    cases = {
        "broken.jsonl": ('{"store_id": "S1", "kind": "phone"\n', "cannot read JSON file"),
        "empty.json": ("  \n", "is empty"),
        "numbers.json": ("[1, 2, 3]", "holds no objects"),
        "links.xlsx": ("PK", "is a spreadsheet"),
    }
    for name, (text, message) in cases.items():
        (tmp_path / name).write_text(text)
        with pytest.raises(InputError, match=message) as err:
            read_table(tmp_path / name, table="links")
        assert "'links'" in str(err.value) and name in str(err.value)
    (tmp_path / "nested.jsonl").write_text('{"store_id": "S1", "kind": "phone", "value": ["1"]}')
    with pytest.raises(InputError, match="column 'value': a list"):
        read_table(tmp_path / "nested.jsonl", table="links")


def test_parquet_writes_a_column_of_mixed_values_as_text(tmp_path):
    from sellergraph.io.tables import write_table

    frame = pd.DataFrame(
        {"store_id": ["S1", "S2", "S3"], "tier": [1, "gold", None], "gmv": [1.5, 2.0, None]}
    )
    write_table(frame, tmp_path / "t.parquet")
    back = pd.read_parquet(tmp_path / "t.parquet")
    assert back["tier"].tolist()[:2] == ["1", "gold"] and back["tier"].isna().iloc[2]
    assert back["gmv"].dtype == np.float64
    assert back["store_id"].tolist() == ["S1", "S2", "S3"]


LINKS = "store_id,kind,value\nA,phone,13800138000\nB,phone,13900000000\n"


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter"),
    [
        ("links.txt", "utf-16", "\t"),  # Excel's "Unicode text": UTF-16 LE with BOM, tabs
        ("links.csv", "utf-16", ","),
        ("links.csv", "utf-16-be", ";"),
        ("links.tsv.gz", "utf-16", "\t"),
    ],
)
def test_utf16_text_with_a_bom_is_read_like_utf8(tmp_path, name, encoding, delimiter):
    text = LINKS.replace(",", delimiter).replace("\n", "\r\n").replace("A,", "Ä,")
    bom = b"\xfe\xff" if encoding == "utf-16-be" else b""  # utf-16 writes its own
    frame = read_table(_write(tmp_path / name, bom + text.encode(encoding)), table="links")
    assert frame.columns.tolist() == ["store_id", "kind", "value"]
    assert frame["store_id"].tolist() == ["A", "B"] if "Ä" not in text else ["Ä", "B"]
    assert frame["value"].tolist() == ["13800138000", "13900000000"]


def test_utf16_files_name_the_lines_of_their_errors(tmp_path):
    rows = "".join(f"A,phone,1380013{i:04d}\r\n" for i in range(3000))
    ragged = "store_id,kind,value\r\n" + rows + "B,address,Unit 5, 12 Main St\r\n"
    path = _write(tmp_path / "links.csv", ragged.encode("utf-16"))
    with pytest.raises(InputError, match="row on line 3002 has 4 fields, the header 3"):
        read_table(path, table="links")
    _write(path, ("store_id,kind,value\r\n" + rows + 'B,address,"Unit 5\r\n').encode("utf-16"))
    with pytest.raises(InputError, match="'value' that starts on line 3002 is never closed"):
        read_table(path, table="links")
    _write(path, LINKS.encode("utf-16") + b"\x00\xd8")  # a lone surrogate
    with pytest.raises(InputError, match=r"'links'.*links.csv' starts as UTF-16 text but is not"):
        read_table(path, table="links")


def _zip(path: Path, files: dict[str, bytes | str]) -> Path:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def test_a_zip_holding_one_table_file_is_read_by_that_files_format(tmp_path):
    import json

    parquet = tmp_path / "links.parquet"
    pd.DataFrame({"store_id": ["A", "B"], "kind": "phone", "value": ["1", "2"]}).to_parquet(parquet)
    members = {
        "links.csv": LINKS,
        "export/links.tsv": LINKS.replace(",", "\t"),  # tab: by the file's name
        "links.jsonl": "\n".join(
            json.dumps({"store_id": s, "kind": "phone", "value": "1"}) for s in "AB"
        ),
        "links.parquet": parquet.read_bytes(),
        "links.txt": LINKS.encode("utf-16"),
    }
    for member, data in members.items():
        # what macOS adds to a zip is not a table file
        files = {member: data, "__MACOSX/._links.csv": b"\x00\x05", ".DS_Store": b"\x00"}
        for name in ("links.zip", "links.csv.zip"):
            frame = read_table(_zip(tmp_path / name, files), table="links")
            assert frame["store_id"].astype(str).tolist() == ["A", "B"], member
    stores = _zip(tmp_path / "stores.zip", {"stores.csv": STORES})
    assert sg.load(stores, tmp_path / "links.zip").counts["stores"] == 2


def test_a_zip_with_no_or_several_table_files_is_refused_naming_them(tmp_path):
    cases = {
        "two.zip": ({"stores.csv": STORES, "links.csv": LINKS}, "holds 2 files ('stores.csv', "),
        "none.zip": ({"_SUCCESS": ""}, "holds no file; a zip is read when it holds one"),
        "sheet.zip": ({"links.xlsx": "PK"}, "holds 'links.xlsx', which is not read from a zip"),
    }
    for name, (files, message) in cases.items():
        with pytest.raises(InputError, match=re.escape(message)) as err:
            read_table(_zip(tmp_path / name, files), table="links")
        assert f"table 'links': zip file '{tmp_path / name}'" in str(err.value)
    (tmp_path / "damaged.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(InputError, match=r"'links'.*damaged.zip' cannot be read \(a damaged zip"):
        read_table(tmp_path / "damaged.zip", table="links")


@pytest.mark.parametrize("name", ["links.csv.xz", "links.csv.zst", "links.jsonl.xz"])
def test_xz_and_zstd_compressed_files_are_read(tmp_path, name):
    import lzma

    text = LINKS
    if "jsonl" in name:
        text = '{"store_id": "A", "kind": "phone", "value": "1"}\n' * 2
    data = text.encode()
    compressed = lzma.compress(data) if name.endswith(".xz") else pa.compress(data, "zstd")
    frame = read_table(_write(tmp_path / name, bytes(compressed)), table="links")
    assert frame.shape == (2, 3)


def test_damaged_xz_and_missing_codecs_are_clear_errors(tmp_path, monkeypatch):
    import lzma

    whole = lzma.compress(b"store_id,kind,value\n" + b"A,phone,13800138000\n" * 50_000)
    (tmp_path / "cut.csv.xz").write_bytes(whole[:-100])
    with pytest.raises(InputError, match=r"'links': cannot read CSV file .*cut\.csv\.xz"):
        read_table(tmp_path / "cut.csv.xz", table="links")
    (tmp_path / "links.csv.zst").write_bytes(b"whatever")

    class NoZstd:  # a pyarrow built without zstd
        @staticmethod
        def is_available(codec: str) -> bool:
            return codec != "zstd"

    monkeypatch.setattr(pa, "Codec", NoZstd)
    with pytest.raises(InputError, match=re.escape("links.csv.zst' is zstd-compressed, which")):
        read_table(tmp_path / "links.csv.zst", table="links")


def test_a_broken_json_lines_line_is_named_by_its_number(tmp_path):
    import json

    rows = [json.dumps({"store_id": f"S{i}", "kind": "phone", "value": str(i)}) for i in range(200)]
    rows[101] = rows[101][:-5]  # cut short, as the tester's export
    path = tmp_path / "links.jsonl"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(InputError) as err:
        read_table(path, table="links")
    message = str(err.value)
    assert f"table 'links': cannot read JSON file {str(path)!r}: line 102 is not valid JSON" in (
        message
    )
    assert '"value": "' in message  # an excerpt of the line
    rows[101] = "[1, 2]"
    path.write_text("\n\n" + "\n".join(rows))  # blank lines count
    with pytest.raises(InputError, match=r"line 104 is not a JSON object: '\[1, 2\]'"):
        read_table(path, table="links")


def _parts(folder: Path, parts: dict[str, str | bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in parts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        _write(folder / name, data)
    return folder


def test_a_folder_of_csv_parts_is_read_as_one_table_in_name_order(tmp_path):
    folder = _parts(
        tmp_path / "links",
        {
            "part-00001.csv.gz": "store_id,kind,value\nC,phone,3\n",
            "part-00000.csv": "store_id,kind,value\nA,phone,1\nB,phone,2\n",
            "part-00002.csv": "",  # Spark's empty partition
            "_SUCCESS": "",
            ".part-00000.csv.crc": b"\x00\x01",
            "part-00000.csv.crc": b"\x00\x01",
        },
    )
    frame = read_table(folder, table="links", repeated={"store_id", "kind"})
    assert frame["store_id"].astype(str).tolist() == ["A", "B", "C"]
    assert frame.index.tolist() == [0, 1, 2]


def test_rows_are_numbered_on_across_a_folders_parts(tmp_path):
    folder = _parts(
        tmp_path / "stores",
        {"part-0.csv": STORES, "part-1.csv": "store_id,status,closed_at\nC,bogus,\n"},
    )
    with pytest.raises(InputError, match="row 2 column 'status' value 'bogus'"):
        sg.load(folder)
    _write(folder / "part-1.csv", "store_id,status,closed_at,\nC,active,,x\n")
    with pytest.raises(InputError, match=r"part-1.csv': column 4 has no name .*\(row 2: 'x'\)"):
        read_table(folder, table="stores")


def test_a_folder_of_parquet_parts_reads_partition_folders_as_columns(tmp_path):
    folder = tmp_path / "stores"
    for i, (status, ids) in enumerate([("active", ["B", "C"]), ("banned", ["A"])]):
        (folder / f"status={status}").mkdir(parents=True)
        frame = pd.DataFrame({"store_id": ids, "closed_at": ["2021-06-30"] * len(ids)})
        frame.to_parquet(folder / f"status={status}" / f"part-{i}.parquet")
    (folder / "_SUCCESS").write_text("")
    frame = read_table(folder, table="stores")
    assert frame["store_id"].tolist() == ["B", "C", "A"]
    assert frame["status"].astype(str).tolist() == ["active", "active", "banned"]


def test_a_folder_of_json_parts_is_read_as_one_table(tmp_path):
    folder = _parts(
        tmp_path / "links",
        {
            "part-0.jsonl": '{"store_id": "A", "kind": "phone", "value": 13800138000}\n',
            "part-1.json.gz": '{"store_id": "B", "kind": "phone"}\n{"store_id": "C"}\n',
        },
    )
    frame = read_table(folder, table="links")
    assert frame["store_id"].tolist() == ["A", "B", "C"]
    assert frame["value"].iloc[0] == 13800138000 and frame["value"].iloc[1:].isna().all()
    nested = '{"store_id": "B", "kind": "phone", "value": "2"}\n{"store_id": "C", "value": ["1"]}'
    _write(folder / "part-1.json.gz", nested)
    with pytest.raises(InputError) as err:
        read_table(folder, table="links")
    assert err.value.failures.iloc[0]["row"] == 2  # the table's row, not the part's


def test_empty_mixed_or_unlike_folders_are_refused_naming_them(tmp_path):
    cases = {
        "empty": ({"_SUCCESS": ""}, "holds no table files (names starting with . or _"),
        "mixed": (
            {"part-0.parquet": b"PAR1", "part-1.csv": LINKS},
            "holds files of different formats (parquet: 'part-0.parquet'; csv: 'part-1.csv')",
        ),
        "headers": (
            {"part-0.csv": LINKS, "part-1.csv": "B,phone,2\n"},  # written without header
            "part 'part-1.csv' has the columns 'B', 'phone', '2', part 'part-0.csv' 'store_id'",
        ),
        "nested": ({"x=1/part-0.csv": LINKS}, "holds parts in subfolders ('x=1/part-0.csv')"),
        "zips": ({"part-0.zip": b"PK"}, "holds zip files ('part-0.zip')"),
    }
    for name, (parts, message) in cases.items():
        folder = _parts(tmp_path / name, parts)
        with pytest.raises(InputError, match=re.escape(message)) as err:
            read_table(folder, table="links")
        assert f"table 'links': folder {str(folder)!r}" in str(err.value)
    (tmp_path / "none").mkdir()
    with pytest.raises(InputError, match=r"'links': folder .*none' holds no table files"):
        read_table(tmp_path / "none", table="links")
