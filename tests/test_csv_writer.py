"""The CSV writer of sellergraph.io.tables writes what ``to_csv(index=False)`` writes,
byte for byte, and the run's dates are the text ``strftime`` gives."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.io import tables
from sellergraph.io.run import _dates_as_text, _table_builders
from sellergraph.io.tables import _write_csv, write_table

#: Text that the csv module quotes, or nearly does.
NASTY = [
    "plain",
    "a,b",
    'say "hi"',
    '"',
    '""',
    ",",
    "line\nbreak",
    "\n",
    "carriage\rreturn",
    "\r\n",
    "crlf\r\nend",
    " lead",
    "trail ",
    " ",
    "",
    "\t tab",
    "é ñ ü",
    "中文,文字",
    "😀 emoji",
    "'single'",
    "a;b|c",
    "\\back\\slash",
    "=1+2",
    "#hash",
]
FLOATS = [
    0.1,
    1e-05,
    1.0,
    -0.0,
    0.0,
    np.inf,
    -np.inf,
    np.nan,
    1e300,
    -1e-300,
    5e-324,
    1.7976931348623157e308,
    123456789012345680.0,
    1e16,
    9999999999999998.0,
    0.0001,
    0.00001234,
    -2.5,
    1 / 3,
    100.0,
]


def _pandas(frame: pd.DataFrame, tmp_path: Path) -> bytes:
    path = tmp_path / "pandas.csv"
    frame.to_csv(path, index=False)
    return path.read_bytes()


def _ours(frame: pd.DataFrame, tmp_path: Path, *, fast: bool = True) -> bytes:
    path = tmp_path / "ours.csv"
    if fast:
        assert _write_csv(frame, path), "fell back to pandas"
    else:
        write_table(frame, path, fmt="csv")
    return path.read_bytes()


def _same(frame: pd.DataFrame, tmp_path: Path, *, fast: bool = True) -> None:
    assert _ours(frame, tmp_path, fast=fast) == _pandas(frame, tmp_path)


def _column(values: list, n: int) -> list:
    return (values * (n // len(values) + 1))[:n]


def _adversarial(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(n)
    text = _column([*NASTY, None, np.nan, pd.NA], n)
    with np.errstate(over="ignore"):  # huge floats are inf as float32
        float32 = np.array(_column(FLOATS, n), dtype=np.float32)
    return pd.DataFrame(
        {
            "object": pd.Series(text, dtype=object),
            "str": pd.Series(_column([*NASTY, None], n), dtype="str"),
            "string": pd.Series(_column([*NASTY, None], n), dtype="string"),
            "all_missing": pd.Series([None] * n, dtype=object),
            "float": _column(FLOATS, n),
            "float32": float32,
            "int": rng.integers(-(2**62), 2**62, n),
            "uint8": rng.integers(0, 255, n).astype(np.uint8),
            "uint64": np.full(n, 2**64 - 1, dtype=np.uint64),
            "bool": rng.random(n) < 0.5,
            "Int64": pd.array(_column([1, None, -7, 2**53 + 1], n), dtype="Int64"),
            "boolean": pd.array(_column([True, None, False], n), dtype="boolean"),
            "category": pd.Categorical(_column(["x", None, "a,b", 'q"', ""], n)),
            "int category": pd.Categorical(_column([3, None, -1], n)),
            "bool category": pd.Categorical(_column([True, False, None], n)),
            "float category": pd.Categorical(_column([0.1, 1.0, None, -0.0], n)),
            "int[pyarrow]": pd.array(_column([1, None, 3], n), dtype="int64[pyarrow]"),
            "string[pyarrow]": pd.array(_column(["a,b", None, ""], n), dtype="string[pyarrow]"),
            "has, comma": _column(["v"], n),
        }
    )


@pytest.mark.parametrize("n", [1, 7, 100])
def test_every_column_type_is_written_as_pandas_writes_it(tmp_path, n):
    _same(_adversarial(n), tmp_path)


@pytest.mark.parametrize("column", list(_adversarial(3).columns))
def test_one_column_tables_as_pandas(tmp_path, column):
    # a row whose only field is empty is written "" (an empty line would be no row)
    _same(_adversarial(60)[[column]], tmp_path)


@pytest.mark.parametrize("value", [*NASTY, None, np.nan])
def test_each_value_alone_and_beside_another(tmp_path, value):
    one = pd.DataFrame({"v": pd.Series([value, value], dtype=object)})
    _same(one, tmp_path)
    _same(one.assign(w=pd.Series([value, "x"], dtype=object)), tmp_path)


def test_zero_rows_give_the_header(tmp_path):
    frame = _adversarial(5).iloc[:0]
    _same(frame, tmp_path)
    _same(frame[["object"]], tmp_path)
    _same(pd.DataFrame({"": pd.Series([], dtype=object)}), tmp_path)


@pytest.mark.parametrize(
    "names", [[0, 1], [1.5, None], ["", 'a"b'], ["x\ny", "p,q"], [True, 2], ["a", "a"]]
)
def test_column_names_as_pandas(tmp_path, names):
    frame = pd.DataFrame([["1", 2.5], [None, np.nan]], columns=names)
    _same(frame, tmp_path)


def test_random_text_and_floats(tmp_path):
    rng = np.random.default_rng(0)
    alphabet = [*',"\r\n ab\t', "é", "😀", ""]
    words = ["".join(rng.choice(alphabet, rng.integers(0, 6))) for _ in range(3000)]
    words = [None if rng.random() < 0.05 else w for w in words]
    bits = rng.integers(-(2**63), 2**63 - 1, 3000, dtype=np.int64)
    frame = pd.DataFrame(
        {
            "text": pd.Series(words, dtype=object),
            "bits": bits.view(np.float64),  # any float: subnormal, huge, NaN, inf
            "rounded": np.round(
                rng.normal(0, 1e3, 3000) * (scale := 10.0 ** rng.integers(0, 8, 3000))
            )
            / scale,
            "tiny": rng.normal(0, 1e-6, 3000),
            "str": pd.Series(words, dtype="str"),
        }
    )
    _same(frame, tmp_path)
    _same(frame[["text"]], tmp_path)


def test_chunks_join_as_one_table(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "_CSV_CHUNK_ROWS", 4)
    _same(_adversarial(23), tmp_path)
    _same(_adversarial(8)[["object"]], tmp_path)


def test_a_non_default_index_is_not_written(tmp_path):
    frame = _adversarial(9).set_index(pd.Index(list("abcdefghi")))
    _same(frame.iloc[::-2], tmp_path)


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([1, "a", None], dtype=object),  # mixed objects: str() and repr()
        pd.Series([1.5, 2.0, None], dtype=object),
        pd.Series([b"bytes", None, b"x"], dtype=object),
        pd.Series(pd.to_datetime(["2021-01-02", None, "2021-01-03 04:05"], format="ISO8601")),
        pd.Series(pd.to_datetime(["2021-01-02", None, "2021-01-03"])).dt.tz_localize("UTC"),
        pd.Series(pd.array([0.1, None, 1.0], dtype="Float64")),
        pd.Series(pd.to_timedelta([1, 2, None], unit="D")),
        pd.Series(
            pd.Categorical(pd.to_datetime(["2021-01-02", None]).append(pd.DatetimeIndex([])))
        ),
    ],
    ids=["mixed", "object floats", "bytes", "datetime", "tz", "Float64", "timedelta", "date cat"],
)
def test_columns_not_handled_fall_back_to_pandas(tmp_path, column):
    frame = pd.DataFrame({"v": column, "w": "x"})
    assert not _write_csv(frame, tmp_path / "none.csv")
    assert not (tmp_path / "none.csv").exists()
    _same(frame, tmp_path, fast=False)


def test_compressed_paths_and_empty_frames_fall_back(tmp_path):
    frame = _adversarial(5)
    assert not _write_csv(frame, tmp_path / "t.csv.gz")
    write_table(frame, tmp_path / "t.csv.gz", fmt="csv")
    assert gzip.decompress((tmp_path / "t.csv.gz").read_bytes()) == _pandas(frame, tmp_path)
    assert not _write_csv(pd.DataFrame(index=range(3)), tmp_path / "e.csv")


def test_text_with_no_utf8_form_is_refused_as_pandas_refuses_it(tmp_path):
    frame = pd.DataFrame({"v": pd.Series(["ok", "bad \udcff"], dtype=object)})
    with pytest.raises(UnicodeEncodeError):
        write_table(frame, tmp_path / "t.csv", fmt="csv")


def _strftime(frame: pd.DataFrame) -> pd.DataFrame:
    """What the run wrote before: each date column by ``strftime``."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out


def test_dates_as_text_is_strftime(tmp_path):
    hours = pd.Series(
        pd.to_datetime(
            ["1969-12-31 23:59", "1970-01-01", None, "2024-02-29 12:00"], format="ISO8601"
        )
    )
    frame = pd.DataFrame(
        {
            "hours": hours,
            "all_missing": pd.Series([pd.NaT] * 4, dtype="datetime64[ns]"),
            "seconds": hours.astype("datetime64[s]"),
            "far": pd.Series(np.array(["0999-01-01", "1000-01-01", "9999-12-31", "NaT"], "M8[s]")),
            "wide": pd.Series(np.array(["1000-01-01", "9999-12-31", "2000-01-01", "NaT"], "M8[s]")),
            "tz": hours.dt.tz_localize("Asia/Singapore"),
            "text": ["a", "b", None, "c"],
        }
    )
    for piece in (frame, frame.iloc[:0], frame.iloc[[2]]):
        got, want = _dates_as_text(piece), _strftime(piece)
        pd.testing.assert_frame_equal(got, want)
        assert list(got.dtypes) == list(want.dtypes)
        _same(got, tmp_path, fast=False)
        assert _ours(got, tmp_path, fast=False) == _pandas(want, tmp_path)
        got.to_parquet(tmp_path / "a.parquet", index=False)
        want.to_parquet(tmp_path / "b.parquet", index=False)
        assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_dates_as_text_leaves_the_table_given_alone():
    dates = pd.Series(pd.to_datetime(["2021-01-02", None]))
    frame = pd.DataFrame({"d": dates, "e": dates})
    _dates_as_text(frame)
    assert frame["d"].dtype == dates.dtype


def test_dates_of_a_repeated_column_name_stay_as_they_were():
    dates = pd.Series(pd.to_datetime(["2021-01-02", None]))
    frame = pd.concat([dates, dates, dates.rename("x")], axis=1, keys=["d", "d", "x"])
    got = _dates_as_text(frame)
    assert list(got.dtypes.astype(str)) == [str(dates.dtype), str(dates.dtype), "str"]


@pytest.mark.parametrize("raw", [False, True])
def test_a_small_run_s_tables_as_pandas_wrote_them(tmp_path, raw):
    stores, links, _ = sg.make_marketplace(3000, seed=1)
    analysis = sg.analyze(stores, links, seed=1)
    for name, build in _table_builders(analysis, raw=raw).items():
        frame = build.args[0]().reset_index(drop=True)
        old = _strftime(frame)
        new = _dates_as_text(frame)
        assert _ours(new, tmp_path) == _pandas(old, tmp_path), name
        write_table(new, tmp_path / "new.parquet", fmt="parquet")
        write_table(old, tmp_path / "old.parquet", fmt="parquet")
        new_parquet = (tmp_path / "new.parquet").read_bytes()
        assert new_parquet == (tmp_path / "old.parquet").read_bytes(), name
