"""Input files in an encoding other than UTF-8 (cp1252, latin-1: Windows and Excel
exports), read when it is named: ``--encoding`` on the command line, ``encoding=``
in Python; what the reader says when it is not named; and byte-order marks left
inside a file by joining files with ``cat``."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import sellergraph as sg
from sellergraph.errors import InputError
from sellergraph.io.tables import read_table

STORES = (
    "store_id,status,opened_at,closed_at,nome_loja\n"
    "B1,banned,2019-02-01,2020-01-15,Lojão São João\n"
    "A1,active,2020-03-01,,Açaí & Café Conceição\n"
    "A2,active,2020-04-01,,Pão de Queijo Mineiro\n"
)
LINKS = (
    "store_id,kind,value\n"
    'B1,address,"Rua da Conceição 120, São Paulo"\n'
    'A1,address,"Rua da Conceição 120, São Paulo"\n'
    "B1,phone,+55 11 98765-4321\n"
    "A1,phone,+55 11 98765-4321\n"
    "A2,phone,+55 31 99876-5432\n"
)


def _files(folder: Path, encoding: str, suffix: str = ".csv") -> tuple[Path, Path]:
    stores, links = folder / f"lojas{suffix}", folder / f"vinculos{suffix}"
    for path, text in ((stores, STORES), (links, LINKS)):
        data = text.encode(encoding)
        path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    return stores, links


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sellergraph", *map(str, args)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_a_windows_export_is_read_when_its_encoding_is_named(tmp_path, encoding):
    stores, links = _files(tmp_path, encoding)
    frame = read_table(stores, table="stores", encoding=encoding)
    assert frame["nome_loja"].tolist() == [
        "Lojão São João",
        "Açaí & Café Conceição",
        "Pão de Queijo Mineiro",
    ]
    ds = sg.load(stores, links, encoding=encoding)
    addresses = ds.links[ds.links["kind"] == "address"]
    assert addresses["store_id"].tolist() == ["B1", "A1"]
    assert addresses["key"].nunique() == 1  # one address, accents and all
    result = sg.analyze(stores, links, encoding=encoding)
    assert result.scores.set_index("store_id").loc["A1", "score"] > 0
    assert result.provenance["input_encoding"] == sg.io.tables.text_codec(encoding)


def test_the_cli_reads_a_cp1252_export_and_records_the_encoding(tmp_path):
    stores, links = _files(tmp_path, "cp1252")
    out = tmp_path / "run"
    done = _cli("run", "--stores", stores, "--links", links, "--out", out, "--encoding", "cp1252")
    assert done.returncode == 0, done.stderr
    meta = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert meta["inputs"]["stores"]["encoding"] == "cp1252"
    assert meta["inputs"]["links"]["encoding"] == "cp1252"
    scores = pd.read_csv(out / "scores.csv", dtype=str)
    assert "A1" in set(scores["store_id"])
    stores_out = pd.read_csv(out / "stores.csv", dtype=str, encoding="utf-8")
    assert "Lojão São João" in set(stores_out["nome_loja"])  # written back as UTF-8


def test_the_cli_records_utf8_by_default_and_no_encoding_for_parquet(tmp_path):
    stores, links = _files(tmp_path, "utf-8")
    pq.write_table(pa.Table.from_pandas(pd.read_csv(links, dtype=str)), tmp_path / "l.parquet")
    out = tmp_path / "run"
    done = _cli("run", "--stores", stores, "--links", tmp_path / "l.parquet", "--out", out, "-q")
    assert done.returncode == 0, done.stderr
    inputs = json.loads((out / "run.json").read_text(encoding="utf-8"))["inputs"]
    assert inputs["stores"]["encoding"] == "utf-8"
    assert "encoding" not in inputs["links"]


def test_gzip_compressed_cp1252_is_read(tmp_path):
    stores, links = _files(tmp_path, "cp1252", ".csv.gz")
    frame = read_table(links, table="links", encoding="cp1252", repeated={"store_id", "kind"})
    assert frame["value"].tolist()[0] == "Rua da Conceição 120, São Paulo"
    out = tmp_path / "run"
    done = _cli("run", "--stores", stores, "--links", links, "--out", out, "--encoding", "cp1252")
    assert done.returncode == 0, done.stderr


def test_not_utf8_names_the_place_and_suggests_the_encoding(tmp_path):
    stores, links = _files(tmp_path, "cp1252")
    with pytest.raises(InputError) as err:
        read_table(stores, table="stores")
    message = str(err.value)
    assert "is not UTF-8 text: line 2, column 'nome_loja': the bytes b'\\xe3'" in message
    assert "re-save the file as UTF-8" in message
    assert "or pass encoding='cp1252' if it is a Windows export" in message
    assert "--encoding" not in message  # Python is told its parameter
    done = _cli("run", "--stores", stores, "--links", links, "--out", tmp_path / "run")
    assert done.returncode == 2
    assert "line 2, column 'nome_loja': the bytes b'\\xe3'" in done.stderr
    assert "or pass --encoding cp1252 if it is a Windows export" in done.stderr
    assert "encoding='cp1252'" not in done.stderr  # the command line is told its option


def test_bytes_that_are_not_the_named_encoding_are_named_with_their_line(tmp_path):
    # 0x81 is no character in cp1252; far beyond the first block read
    rows = b"A1,phone,11987654321\n" * 60_000 + b"A2,address,Rua S\x81o Bento\n"
    path = tmp_path / "links.csv"
    path.write_bytes(b"store_id,kind,value\n" + rows)
    with pytest.raises(InputError) as err:
        read_table(path, table="links", encoding="cp1252")
    message = str(err.value)
    assert "is not cp1252 text: line 60002, column 'value': the bytes b'\\x81'" in message
    assert "after 'A2,address,Rua S'" in message


def test_an_unknown_encoding_is_a_usage_error(tmp_path):
    stores, links = _files(tmp_path, "utf-8")
    for name in ("cp9999", "base64"):
        with pytest.raises(InputError, match=f"encoding='{name}' is not a text encoding"):
            read_table(stores, table="stores", encoding=name)
    stores_frame = pd.DataFrame({"store_id": ["S1"], "status": ["active"]})
    with pytest.raises(InputError, match="encoding='cp9999' is not a text encoding"):
        sg.load(stores_frame, encoding="cp9999")  # checked even where nothing is read
    done = _cli("run", "--stores", stores, "--links", links, "--out", tmp_path / "run",
                "--encoding", "cp9999")  # fmt: skip
    assert done.returncode == 2
    assert "argument --encoding: 'cp9999' is not a text encoding" in done.stderr
    assert not (tmp_path / "run").exists()


def test_a_byte_order_mark_tells_the_encoding_whatever_is_named(tmp_path):
    path = tmp_path / "stores.csv"
    path.write_bytes(b"\xef\xbb\xbf" + STORES.encode("utf-8"))
    frame = read_table(path, table="stores", encoding="cp1252")
    assert frame.columns[0] == "store_id"
    assert frame["nome_loja"].iloc[0] == "Lojão São João"
    path.write_bytes(STORES.encode("utf-16"))
    assert read_table(path, table="stores", encoding="cp1252")["nome_loja"].iloc[1] == (
        "Açaí & Café Conceição"
    )


def test_parquet_ignores_the_encoding(tmp_path):
    path = tmp_path / "stores.parquet"
    pq.write_table(pa.table({"store_id": ["B1"], "nome_loja": ["Lojão"]}), path)
    assert read_table(path, table="stores", encoding="cp1252")["nome_loja"].tolist() == ["Lojão"]


def test_cp1252_json_lines_are_read(tmp_path):
    path = tmp_path / "links.jsonl"
    rows = [{"store_id": "B1", "kind": "address", "value": "Rua da Conceição 120"}]
    path.write_bytes("\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("cp1252"))
    assert read_table(path, table="links", encoding="cp1252")["value"].tolist() == [
        "Rua da Conceição 120"
    ]


def test_files_joined_with_cat_keep_no_byte_order_mark_inside(tmp_path):
    bom = b"\xef\xbb\xbf"
    first = "store_id,status,closed_at\nB1,banned,2020-01-15\nA1,active,\n"
    second = "store_id,status,closed_at\nA2,active,\n"
    stores = tmp_path / "stores.csv"
    stores.write_bytes(bom + first.encode() + bom + second.encode())
    links = tmp_path / "links.csv"
    links.write_bytes(
        bom
        + b"store_id,kind,value\nB1,phone,+5511987654321\n"
        + bom
        + b"A2,phone,+5511987654321\n"  # a BOM at the start of a store id
    )
    frame = read_table(stores, table="stores")
    assert frame["store_id"].tolist() == ["B1", "A1", "store_id", "A2"]
    ds = sg.load(stores, links)
    assert sorted(ds.stores["store_id"]) == ["A1", "A2", "B1"]
    aside = ds.rejected[ds.rejected["table"] == "stores"]
    assert aside["reason"].tolist() == ["header_row"]  # the second file's header
    assert sorted(ds.links["store_id"]) == ["A2", "B1"]  # no unknown store '\ufeffA2'
    # read dictionary-encoded (links' store_id) as well as plain
    linked = read_table(links, table="links", repeated={"store_id"})
    assert linked["store_id"].astype(str).tolist() == ["B1", "A2"]


@pytest.mark.parametrize("column", ["value", "kind"])
def test_boolean_columns_where_text_is_read_are_refused(tmp_path, column):
    table = {"store_id": ["B1", "A1"], "kind": ["device", "device"], "value": ["x", "y"]}
    table[column] = [False, False]
    path = tmp_path / "links.parquet"
    pq.write_table(pa.table(table), path)
    with pytest.raises(InputError, match=f"column\\(s\\) '{column}' hold booleans") as err:
        read_table(path, table="links")
    assert err.value.failures["reason"].tolist() == ["boolean_column"]
    with pytest.raises(InputError, match="hold booleans"):
        read_table(pd.DataFrame(table), table="links")
    jsonl = tmp_path / "links.jsonl"
    jsonl.write_text(pd.DataFrame(table).to_json(orient="records", lines=True))
    with pytest.raises(InputError, match="hold booleans"):
        read_table(jsonl, table="links")
    # a boolean column sellergraph does not read as text is carried along
    flagged = pa.table({"store_id": ["B1"], "kind": ["device"], "value": ["x"], "ok": [True]})
    pq.write_table(flagged, path)
    assert read_table(path, table="links")["ok"].tolist() == [True]
