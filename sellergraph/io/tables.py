"""Read and write tables as CSV or Parquet, every input column as text.

Input columns are read as strings on purpose: identifiers such as ``0086138...``
or ``007`` must keep their leading zeros, and dates are parsed (and reported when
unparseable) by :mod:`sellergraph.schema`, not guessed by a CSV reader.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from pathlib import Path
from typing import Literal, TypeAlias

import pandas as pd

from ..errors import InputError

__all__ = ["TableSource", "read_table", "table_format", "write_table"]

TableSource: TypeAlias = "pd.DataFrame | str | Path"


_CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".txt", ".csv.bz2", ".csv.zst")
_PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")


def table_format(path: str | Path) -> Literal["csv", "parquet"]:
    """Guess a table's format from its file name.

    Examples
    --------
    >>> table_format("stores.parquet"), table_format("links.csv.gz")
    ('parquet', 'csv')
    """
    name = str(path).lower()
    if name.endswith(_PARQUET_SUFFIXES) or Path(name).is_dir():
        return "parquet"
    return "csv"


def _check_encodable(frame: pd.DataFrame, table: str) -> None:
    """Refuse text that has no UTF-8 form (lone surrogates, e.g. from decoding bytes
    with ``surrogateescape``): no output could hold it. Files cannot contain it."""
    import pyarrow as pa

    for column in frame.columns:
        values = frame[column]
        if values.dtype != object:
            continue
        try:
            pa.array(values.to_numpy(), type=pa.large_string(), from_pandas=True)
            continue
        except UnicodeEncodeError:
            pass
        except (pa.ArrowException, TypeError, ValueError):
            pass  # not all text: look value by value
        for row, value in enumerate(values.to_numpy()):
            if not isinstance(value, str):
                continue
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as err:
                char = value[err.start]
                problem = pd.DataFrame(
                    {
                        "table": [table],
                        "row": [row],
                        "column": [str(column)],
                        "value": [value.encode("utf-8", "backslashreplace").decode()],
                        "reason": ["not_unicode"],
                        "message": [
                            f"text has no UTF-8 form: lone surrogate U+{ord(char):04X} at "
                            f"character {err.start} (was it decoded with surrogateescape?)"
                        ],
                    }
                )
                raise InputError(
                    f"table {table!r} holds text with no UTF-8 form", problem
                ) from None


def _first_line(path: Path) -> str:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return fh.readline().rstrip("\r\n")


def _delimiter(name: str, header: str) -> str:
    """Tab for ``.tsv``; otherwise the most frequent of , ; | and tab in the header line."""
    if name.lower().endswith(".tsv"):
        return "\t"
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _read_csv(path: Path, table: str, repeated: Collection[str] = ()) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    compressed = path.name.lower().endswith((".gz", ".bz2", ".zst"))
    try:
        first_line = "" if compressed else _first_line(path)
        delimiter = _delimiter(path.name, first_line)
        if not compressed:
            header = next(csv.reader([first_line], delimiter=delimiter), None)
        else:
            header = pd.read_csv(path, nrows=0, sep=delimiter).columns.tolist()
    except UnicodeDecodeError as exc:
        raise InputError(
            f"table {table!r}: file {str(path)!r} is not UTF-8 text ({exc.reason} at byte "
            f"{exc.start}); re-save it as UTF-8"
        ) from None
    except pd.errors.EmptyDataError:
        header = None
    if not header:
        raise InputError(f"table {table!r}: file {str(path)!r} is empty (no header row)")
    try:
        arrow = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(use_threads=True, encoding="utf8"),
            parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types={
                    c: pa.dictionary(pa.int32(), pa.string())
                    if c.lstrip("\ufeff").strip() in repeated
                    else pa.string()
                    for c in header
                },
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputError(f"table {table!r}: cannot parse CSV file {str(path)!r}: {exc}") from None
    frame = arrow.to_pandas()
    frame.columns = [str(c).lstrip("\ufeff") for c in frame.columns]
    return frame


def _read_parquet(path: Path, table: str, repeated: Collection[str] = ()) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        names = pq.read_schema(path).names if path.is_file() else []
        dictionary = [c for c in names if c.strip() in repeated]
        return pd.read_parquet(path, read_dictionary=dictionary or None)
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(
            f"table {table!r}: cannot read Parquet file {str(path)!r}: {exc}"
        ) from None


def read_table(source: TableSource, *, table: str, repeated: Collection[str] = ()) -> pd.DataFrame:
    """Read one input table from a DataFrame, a CSV path or a Parquet path.

    Parameters
    ----------
    source : DataFrame, str or Path
        A DataFrame is returned as it is (not copied). CSV files (``.csv``, ``.tsv``,
        compressed ``.csv.gz``) are read with every column as text and no value
        turned into a missing value, so ``"N/A"`` reaches validation as written.
    table : str
        Name of the table, used in error messages (``"stores"`` or ``"links"``).
    repeated : collection of str, optional
        Columns whose values repeat from row to row (store ids, kinds, dates in a
        links table): read from a file dictionary-encoded, so each distinct text is
        held once; they come back categorical. Names are matched stripped.

    Raises
    ------
    InputError
        The file is missing or cannot be parsed.

    Examples
    --------
    >>> import pandas as pd
    >>> read_table(pd.DataFrame({"store_id": ["S1"]}), table="stores").shape
    (1, 1)
    """
    if isinstance(source, pd.DataFrame):
        _check_encodable(source, table)
        return source
    if not isinstance(source, str | Path):
        raise InputError(
            f"table {table!r} must be a pandas DataFrame or a CSV/Parquet path "
            f"(got {type(source).__name__})"
        )
    path = Path(source)
    if not path.exists():
        raise InputError(f"table {table!r}: file {str(path)!r} does not exist")
    if table_format(path) == "parquet":
        return _read_parquet(path, table, repeated)
    return _read_csv(path, table, repeated)


def write_table(frame: pd.DataFrame, path: str | Path, *, fmt: str | None = None) -> Path:
    """Write a table as CSV (UTF-8, no index) or Parquet, by ``fmt`` or suffix."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if (fmt or table_format(p)) == "parquet":
        frame.to_parquet(p, index=False)
    else:
        frame.to_csv(p, index=False)
    return p
