"""Read input tables from CSV, Parquet or JSON; write tables as CSV or Parquet.

CSV columns are read as strings on purpose: identifiers such as ``0086138...``
or ``007`` must keep their leading zeros, and dates are parsed (and reported when
unparseable) by :mod:`sellergraph.schema`, not guessed by a CSV reader. Parquet and
JSON keep the types they were written with (ids and phones stored as numbers are read
as integers). Spreadsheets are refused: save them as CSV with identifiers as text.

A file that cannot be read as written is refused with an
:class:`~sellergraph.errors.InputError` naming the table, the file and, where it can
be found, the line: an unterminated quote, bytes that are not UTF-8, a row with the
wrong number of fields, a column with no name that holds data, or a list, struct or
map where sellergraph reads text.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Collection, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import pandas as pd

from ..config import BUILTIN_KINDS, canonical_kind
from ..errors import InputError
from ..schema import LINK_COLUMNS, OPTIONAL_STORE_COLUMNS, STORE_COLUMNS

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = ["TableSource", "mixed_as_text", "read_table", "table_format", "write_table"]

TableSource: TypeAlias = "pd.DataFrame | str | Path"


_CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".txt", ".csv.bz2", ".csv.zst")
_PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")
_JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".numbers")
#: Suffixes of the compressed files Arrow decompresses while reading (``.csv.gz``, ...).
_COMPRESSED = (".gz", ".bz2", ".zst", ".lz4")
_BOM = b"\xef\xbb\xbf"
_LINE_END = re.compile(rb"\r\n?|\n")
#: Arrow's messages for a row with the wrong number of fields, and for bytes that are
#: not UTF-8 in a text column.
_FIELD_COUNT = re.compile(r"Expected (\d+) columns, got (\d+): (.*)", re.DOTALL)
_NOT_UTF8 = re.compile(r"In CSV column #(\d+): .*invalid UTF8")
#: Columns the data contract reads as text, and the built-in identifier kinds (read
#: from a wide stores table): a list, struct or map in one of them cannot be read.
#: Other columns are carried along as they are.
_TEXT_COLUMNS = frozenset({*STORE_COLUMNS, *OPTIONAL_STORE_COLUMNS, *LINK_COLUMNS, *BUILTIN_KINDS})


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


def _all_text(values: pd.Series) -> bool:
    """Whether a column holds only text with a UTF-8 form, or missing values (at C speed)."""
    import pyarrow as pa

    try:
        pa.array(values.to_numpy(), type=pa.large_string(), from_pandas=True)
    except (UnicodeEncodeError, pa.ArrowException, TypeError, ValueError):
        return False
    return True


def _check_encodable(values: pd.Series, table: str, column: object) -> None:
    """Refuse text that has no UTF-8 form (lone surrogates, e.g. from decoding bytes
    with ``surrogateescape``): no output could hold it. Files cannot contain it."""
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
            raise InputError(f"table {table!r} holds text with no UTF-8 form", problem) from None


def _check_frame(frame: pd.DataFrame, table: str, repeated: Collection[str]) -> None:
    """Refuse a DataFrame with lists (arrays, dicts, ...) in a column read as text, or
    with text that has no UTF-8 form. Columns of text only are passed at C speed."""
    mixed = [
        i
        for i in range(frame.shape[1])
        if pd.api.types.is_object_dtype(frame.dtypes.iloc[i]) and not _all_text(frame.iloc[:, i])
    ]
    _check_nested_frame(frame, table, repeated, mixed)
    for i in mixed:
        _check_encodable(frame.iloc[:, i], table, frame.columns[i])


def _compressed(path: Path) -> bool:
    return path.name.lower().endswith(_COMPRESSED)


def _blocks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    """The bytes of a file, decompressed as the CSV reader does, ``size`` at a time."""
    import pyarrow as pa

    with pa.input_stream(str(path), compression="detect") as stream:
        while block := stream.read(size):
            yield block


def _header_line(path: Path) -> tuple[int, bytes]:
    """The first non-empty line of a file: its number (from 1) and bytes.

    Empty lines before it are skipped, as the CSV reader skips them; a UTF-8
    byte-order mark and the line ending are removed. ``(0, b"")`` when there is none.
    """
    blocks = _blocks(path, 1 << 16)
    first = next(blocks, b"")
    buf, pos, number, eof = first.removeprefix(_BOM), 0, 1, not first
    while True:
        end = _LINE_END.search(buf, pos)
        if not eof and (end is None or end.end() == len(buf)):  # the line (or \r\n) goes on
            block = next(blocks, b"")
            buf, pos, eof = buf[pos:] + block, 0, not block
            continue
        line = buf[pos : len(buf) if end is None else end.start()]
        if line:
            return number, line
        if end is None:
            return 0, b""
        pos, number = end.end(), number + 1


def _delimiter(name: str, header: str) -> str:
    """Tab for ``.tsv`` (compressed or not); else the most frequent of , ; | and tab in the header.

    Examples
    --------
    >>> _delimiter("links.tsv.gz", "a,b"), _delimiter("links.csv.gz", "a;b;c")
    ('\\t', ';')
    """
    if _uncompressed_suffix(Path(name)) == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _ends_inside_quote(line: str, delimiter: str) -> bool:
    """Whether a quoted field opened in ``line`` is still open at its end.

    As the CSV reader has it: a quote opens a field only at the field's start, and
    inside the field ``""`` is one quote.

    Examples
    --------
    >>> _ends_inside_quote('a,"b,c', ","), _ends_inside_quote('a,"b"",c",d"e', ",")
    (True, False)
    """
    quoted, at_start, i = False, True, 0
    while i < len(line):
        char = line[i]
        if quoted and char == '"':
            if line.startswith('"', i + 1):
                i += 1
            else:
                quoted = False
        elif not quoted and at_start and char == '"':
            quoted = True
        at_start = not quoted and char == delimiter
        i += 1
    return quoted


def _csv_header(path: Path, table: str) -> tuple[list[str], str]:
    """Column names and delimiter of a CSV file, from its first non-empty line."""
    where = f"table {table!r}: file {str(path)!r}"
    try:
        number, line = _header_line(path)
    except OSError as exc:  # a damaged compressed file
        raise InputError(f"{where} cannot be read (a damaged compressed file?): {exc}") from None
    if not line:
        raise InputError(f"{where} is empty (no header row)")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{where} is not UTF-8 text ({exc.reason} at byte {exc.start} of the header row, "
            f"line {number}); re-save it as UTF-8"
        ) from None
    if not text.strip():
        raise InputError(
            f"{where}: line {number}, where the header row should be, is blank (only "
            "spaces or tabs); delete it"
        )
    delimiter = _delimiter(path.name, text)
    if _ends_inside_quote(text, delimiter):
        raise InputError(
            f"{where} has an unterminated quote in its header row (line {number}): {text!r}; "
            "close the quote"
        )
    return next(csv.reader([text], delimiter=delimiter)), delimiter


def _line_starting_with(path: Path, text: str, *, whole: bool = False) -> int | None:
    """Number of the first line (after the first) that starts with ``text`` (that is
    ``text``, when ``whole``), or None."""
    needle = b"\n" + text.encode("utf-8")
    line, carry = 1, b""  # line: number of the line ``carry`` starts in
    for block in _blocks(path):
        data = carry + block
        found = data.find(needle)
        while found >= 0 and whole:
            end = data[found + len(needle) : found + len(needle) + 2]
            if end[:1] == b"\n" or end == b"\r\n" or end == b"\r":
                break
            if len(end) < 2:  # the block ends there: decided with the next one
                found = -1
                break
            found = data.find(needle, found + 1)
        if found >= 0:
            return line + data.count(b"\n", 0, found + 1)
        cut = max(len(data) - len(needle) - 1, 0)
        line += data.count(b"\n", 0, cut)
        carry = data[cut:]
    if whole and carry.endswith(needle):  # the last line, without a line break
        return line + carry.count(b"\n")
    return None


def _first_invalid_utf8(path: Path) -> tuple[int, bytes, bytes] | None:
    """Where a file first stops being UTF-8: line number, the line's bytes before, the bad bytes."""
    line, current, carry = 1, b"", b""  # current: the line's bytes read so far
    for block in _blocks(path):
        data, carry = carry + block, b""
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason != "unexpected end of data":
                before = (current + data[: exc.start]).rsplit(b"\n", 1)[-1]
                return line + data.count(b"\n", 0, exc.start), before, data[exc.start : exc.end]
            data, carry = data[: exc.start], data[exc.start :]  # a character cut by the block
        line += data.count(b"\n")
        current = (current + data).rsplit(b"\n", 1)[-1][-(1 << 16) :]
    return (line, current, carry) if carry else None


def _utf8_error(
    path: Path, table: str, header: list[str], delimiter: str, column: int | None
) -> InputError:
    """The error for a CSV file with bytes that are not UTF-8, naming the first of them."""
    where = f"table {table!r}: file {str(path)!r} is not UTF-8 text"
    found = _first_invalid_utf8(path)
    if found is None:
        name = "" if column is None or column >= len(header) else f" (column {header[column]!r})"
        return InputError(f"{where}{name}; re-save it as UTF-8")
    line, before, bad = found
    prefix = before.decode("utf-8", "replace")
    column = len(next(csv.reader([prefix], delimiter=delimiter), [""])) - 1
    name = f", column {header[column]!r}" if 0 <= column < len(header) else ""
    return InputError(
        f"{where}: line {line}{name}: the bytes {bad!r} after {prefix[-40:]!r} are not "
        "UTF-8; re-save the file as UTF-8 (in Excel: CSV UTF-8)"
    )


def _parse_error(
    path: Path, table: str, header: list[str], delimiter: str, message: str
) -> InputError:
    """A clear error for what the CSV reader could not parse, with the line where found."""
    bad_bytes = _NOT_UTF8.search(message)
    if bad_bytes:
        return _utf8_error(path, table, header, delimiter, int(bad_bytes[1]))
    where = f"table {table!r}: cannot parse CSV file {str(path)!r}"
    count = _FIELD_COUNT.search(message)
    if count is None:
        return InputError(f"{where}: {message}")
    expected, got, text = count[1], count[2], count[3].removesuffix(" ...")
    first = re.split(r"\r\n?|\n", text, maxsplit=1)[0]
    # the line that is the row's first line, else (text cut short) one starting so
    line = (
        _line_starting_with(path, first, whole=True) or _line_starting_with(path, first)
        if first
        else None
    )
    if first == text:
        row = "the row" if line is None else f"the row on line {line}"
        return InputError(f"{where}: {row} has {got} fields, the header {expected}: {text!r}")
    row = "a row" if line is None else f"the row starting on line {line}"
    return InputError(
        f"{where}: {row} runs over several lines and has {got} fields, the header "
        f"{expected}: a quote opened on its first line is probably never closed ({text!r}...)"
    )


def _tail(path: Path, size: int) -> tuple[bytes, int]:
    """The last ``size`` bytes of a file's (decompressed) content, and the content's length."""
    if not _compressed(path):
        with path.open("rb") as fh:
            length = fh.seek(0, 2)
            fh.seek(max(length - size, 0))
            return fh.read(), length
    kept: deque[bytes] = deque()
    held = length = 0
    for block in _blocks(path):
        kept.append(block)
        held, length = held + len(block), length + len(block)
        while held - len(kept[0]) >= size:
            held -= len(kept.popleft())
    return b"".join(kept)[-size:], length


def _line_at(path: Path, offset: int) -> int:
    """Number (from 1) of the line holding byte ``offset`` of a file's content."""
    line, seen = 1, 0
    for block in _blocks(path):
        if seen + len(block) > offset:
            return line + block.count(b"\n", 0, offset - seen)
        line, seen = line + block.count(b"\n"), seen + len(block)
    return line


def _check_quotes_closed(path: Path, table: str, arrow: pa.Table, delimiter: str) -> None:
    """Refuse a CSV file that ends inside a quoted field.

    The reader takes an unterminated quote's field to the end of the file without a
    word: every row after it becomes part of one value. That value is the last value
    of the last column, and the file ends with it as it was opened and never closed:
    a quote at the field's start (after the delimiter, or at a line's start in a
    one-column file), then the value with its quotes doubled. A properly closed field
    can end the file the same way only when its value is nothing but the line breaks
    that end the file; such a value is not checked (had a quote been left open, it
    would have swallowed only line breaks). Reading the tail of a plain file is cheap;
    a compressed file is checked only when the value holds a line break (rows were
    swallowed), as that takes decompressing the file again.
    """
    if not arrow.num_rows or not arrow.num_columns:
        return
    value = arrow.column(arrow.num_columns - 1)[-1].as_py()
    if not isinstance(value, str) or (value and not value.strip("\r\n")):
        return
    if _compressed(path) and "\n" not in value and "\r" not in value:
        return
    opened = ('"' + value.replace('"', '""')).encode("utf-8")
    tail, length = _tail(path, len(opened) + 1)
    field_start = (delimiter.encode(),) if arrow.num_columns > 1 else (b"\n", b"\r", b"")
    if not tail.endswith(opened) or tail[: -len(opened)][-1:] not in field_start:
        return
    line = _line_at(path, length - len(opened))
    column = arrow.column_names[-1]
    lines = value.count("\n") - value.endswith("\n")
    swallowed = f" ({lines} more line{'s' * (lines != 1)})" if lines else ""
    raise InputError(
        f"table {table!r}: file {str(path)!r} has an unterminated quote: the quoted field "
        f"in column {column!r} that starts on line {line} is never closed, so everything "
        f"after it to the end of the file{swallowed} would be read as one value "
        f"({value[:60]!r}...); close the quote (a quote inside a quoted field is written "
        'twice: "") or remove it'
    )


def _drop_unnamed_empty(arrow: pa.Table, path: Path, table: str) -> pa.Table:
    """Drop columns with no name whose cells are all empty; refuse one that holds data.

    Spreadsheet exports often end the header with ``,,``: those columns carry nothing.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    for i in reversed(range(arrow.num_columns)):
        if arrow.column_names[i].lstrip("\ufeff").strip():
            continue
        text = arrow.column(i).cast(pa.string())
        filled = pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(text)), 0)
        if not pc.any(filled).as_py():
            arrow = arrow.remove_column(i)
            continue
        row = pc.index(filled, True).as_py()
        raise InputError(
            f"table {table!r}: file {str(path)!r}: column {i + 1} has no name in the header "
            f"row but holds data (row {row}: {text[row].as_py()!r}); name it in the header "
            "row, or delete the column"
        )
    return arrow


def _to_pandas(arrow: pa.Table) -> pd.DataFrame:
    """An Arrow table as a DataFrame; a dictionary column whose values mostly differ
    (timestamps to the second, shuffled store ids) becomes plain text first.

    Columns are read dictionary-encoded on the bet that their values repeat (dates,
    kinds, store ids in store order). When the bet is lost, the chunks' dictionaries
    hold nearly every row, and pandas would spend seconds turning millions of
    categories into a categorical; plain text costs nothing to convert.
    """
    import pyarrow as pa

    for i, field in enumerate(arrow.schema):
        if not pa.types.is_dictionary(field.type):
            continue
        column = arrow.column(i)
        # chunks of one Parquet row group share its dictionary: count each once
        dictionaries = {c.dictionary.buffers()[1].address: c.dictionary for c in column.chunks}
        held = sum(len(d) for d in dictionaries.values())
        if held * 2 > len(column):
            arrow = arrow.set_column(i, field.name, column.cast(field.type.value_type))
    return arrow.to_pandas()


def _read_csv(path: Path, table: str, repeated: Collection[str] = ()) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    header, delimiter = _csv_header(path, table)
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
    except pa.ArrowInvalid as exc:
        raise _parse_error(path, table, header, delimiter, str(exc)) from None
    except UnicodeDecodeError:
        raise _utf8_error(path, table, header, delimiter, None) from None
    except OSError as exc:  # a damaged compressed file
        raise InputError(f"table {table!r}: cannot read CSV file {str(path)!r}: {exc}") from None
    _check_quotes_closed(path, table, arrow, delimiter)
    frame = _to_pandas(_drop_unnamed_empty(arrow, path, table))
    frame.columns = [str(c).lstrip("\ufeff") for c in frame.columns]
    return frame


def _reads_as_text(column: object, repeated: Collection[str]) -> bool:
    """Whether sellergraph reads ``column`` as text (a contract column or a kind's)."""
    return canonical_kind(column) in _TEXT_COLUMNS or str(column).strip() in repeated


def _nested_error(table: str, failures: pd.DataFrame) -> InputError:
    names = ", ".join(repr(c) for c in failures["column"])
    how = (
        "move list identifiers to the links table, one store_id, kind, value row per value"
        if table == "stores"
        else "give each value of a list its own row (e.g. pandas: frame.explode(column))"
    )
    return InputError(
        f"table {table!r}: column(s) {names} hold lists, structs or maps; sellergraph reads "
        f"one text value per cell, nested values are not supported: {how}, and flatten a "
        "struct or map into text columns",
        failures,
    )


def _failures(
    table: str, rows: list[Any], columns: list[str], values: list[Any], messages: list[str]
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table": table,
            "row": pd.Series(rows, dtype=object),
            "column": columns,
            "value": pd.Series(values, dtype=object),
            "reason": "nested_value",
            "message": messages,
        }
    )


def _check_nested_schema(schema: pa.Schema, table: str, repeated: Collection[str]) -> None:
    """Refuse a Parquet schema with a nested type in a column read as text."""
    import pyarrow as pa

    nested = [f for f in schema if pa.types.is_nested(f.type) and _reads_as_text(f.name, repeated)]
    if nested:
        none = [None] * len(nested)
        messages = [f"a {f.type} column where text is read" for f in nested]
        failures = _failures(table, none, [f.name for f in nested], none, messages)
        raise _nested_error(table, failures)


def first_nested(values: pd.Series) -> tuple[int, Any] | None:
    """Position and value of the first list, tuple, set, dict or array in a column."""
    import pyarrow as pa

    dtype = values.dtype
    if isinstance(dtype, pd.ArrowDtype) and pa.types.is_nested(dtype.pyarrow_dtype):
        row = int(values.notna().to_numpy().argmax()) if len(values) else 0
        return row, values.iloc[row] if len(values) else None
    if not pd.api.types.is_object_dtype(dtype):
        return None
    # Containers make a column "mixed"; all-text columns are ruled out at C speed.
    if pd.api.types.infer_dtype(values, skipna=True) not in ("mixed", "mixed-integer"):
        return None
    for row, value in enumerate(values.to_numpy()):
        if isinstance(value, list | tuple | set | frozenset | dict | np.ndarray):
            return row, value
    return None


def _check_nested_frame(
    frame: pd.DataFrame, table: str, repeated: Collection[str], mixed: Collection[int]
) -> None:
    """Refuse a DataFrame with lists (arrays, dicts, ...) in a column read as text.

    ``mixed``: positions of the object columns that are not all text (only those can
    hold lists); nested Arrow-backed columns are found by their type.
    """
    found = []
    for i, column in enumerate(frame.columns):
        values = frame.iloc[:, i]
        if not isinstance(values.dtype, pd.ArrowDtype) and i not in mixed:
            continue
        hit = first_nested(values) if _reads_as_text(column, repeated) else None
        if hit is not None:
            found.append((str(column), *hit))
    if found:
        rows = [row for _, row, _ in found]
        shown = [repr(v.tolist() if isinstance(v, np.ndarray) else v)[:80] for _, _, v in found]
        messages = ["a list, struct or map where text is read"] * len(found)
        failures = _failures(table, rows, [c for c, _, _ in found], shown, messages)
        raise _nested_error(table, failures)


def _read_parquet(path: Path, table: str, repeated: Collection[str] = ()) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path) if path.is_file() else pq.ParquetDataset(path).schema
        _check_nested_schema(schema, table, repeated)
        dictionary = [c for c in schema.names if c.strip() in repeated] if path.is_file() else []
        return _to_pandas(pq.read_table(path, read_dictionary=dictionary or None))
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(
            f"table {table!r}: cannot read Parquet file {str(path)!r}: {exc}"
        ) from None


def _uncompressed_suffix(path: Path) -> str:
    """The file's last suffix once a compression suffix is set aside (``.jsonl.gz``: ``.jsonl``)."""
    name = path.name.lower()
    for suffix in _COMPRESSED:
        name = name.removesuffix(suffix)
    return Path(name).suffix


def _read_json(path: Path, table: str, repeated: Collection[str] = ()) -> pd.DataFrame:
    """JSON Lines (one object per line), or one JSON array of objects; compressed or not.

    Arrow reads JSON Lines whose columns keep one type; a column that mixes types
    (a phone as a number in one row, as text in the next) or an array of objects is
    read by pandas, each value as it is. Numbers are then read as other tables' are
    (whole floats as integers), and no value is turned into a missing one.
    """
    import pyarrow as pa
    import pyarrow.json as pajson

    try:
        with pa.input_stream(str(path), compression="detect") as stream:
            start = stream.read(4096).lstrip(_BOM).lstrip()
        if not start:
            raise InputError(f"table {table!r}: file {str(path)!r} is empty")
        if not start.startswith(b"["):
            try:
                with pa.input_stream(str(path), compression="detect") as stream:
                    arrow = pajson.read_json(stream)
                _check_nested_schema(arrow.schema, table, repeated)
                return _to_pandas(arrow)
            except pa.ArrowInvalid:
                pass  # mixed types in a column: pandas below
        frame = pd.read_json(path, lines=not start.startswith(b"["), dtype=False)
    except InputError:
        raise
    except (ValueError, OSError, pa.ArrowException) as exc:
        raise InputError(
            f"table {table!r}: cannot read JSON file {str(path)!r}: {str(exc).splitlines()[0]}"
        ) from None
    if frame.shape[1] == 0 or not all(isinstance(c, str) for c in frame.columns):
        raise InputError(
            f"table {table!r}: JSON file {str(path)!r} holds no objects (one object per row, "
            "with the column names as keys)"
        )
    _check_frame(frame, table, repeated)
    return frame


def read_table(source: TableSource, *, table: str, repeated: Collection[str] = ()) -> pd.DataFrame:
    """Read one input table from a DataFrame or a CSV, Parquet or JSON file.

    Parameters
    ----------
    source : DataFrame, str or Path
        A DataFrame is returned as it is (not copied). CSV files (``.csv``, ``.tsv``,
        compressed ``.csv.gz``, ``.tsv.gz``, ...) are read with every column as text and
        no value turned into a missing value, so ``"N/A"`` reaches validation as written;
        the delimiter is taken from the first non-empty line, the header row. Columns
        with no name and no data (``a,b,,``) are dropped. Parquet files (``.parquet``,
        or a folder of them) and JSON files (``.jsonl``/``.ndjson``: one object per
        line; ``.json``: the same, or one array of objects; compressed or not) keep
        their types: numbers are read as numbers, whole floats as integers.
    table : str
        Name of the table, used in error messages (``"stores"`` or ``"links"``).
    repeated : collection of str, optional
        Columns whose values repeat from row to row (store ids, kinds, dates in a
        links table): read from a file dictionary-encoded, so each distinct text is
        held once; they come back categorical. Names are matched stripped.

    Raises
    ------
    InputError
        The file is missing or cannot be parsed: an unterminated quote, bytes that are
        not UTF-8, a row with the wrong number of fields, a column with no name that
        holds data; or a column read as text (a contract column such as ``value``, or a
        built-in identifier kind such as ``phone``) holds lists, structs or maps.

    Examples
    --------
    >>> import pandas as pd
    >>> read_table(pd.DataFrame({"store_id": ["S1"]}), table="stores").shape
    (1, 1)
    """
    if isinstance(source, pd.DataFrame):
        _check_frame(source, table, repeated)
        return source
    if not isinstance(source, str | Path):
        raise InputError(
            f"table {table!r} must be a pandas DataFrame or a CSV, Parquet or JSON path "
            f"(got {type(source).__name__})"
        )
    path = Path(source)
    if not path.exists():
        raise InputError(f"table {table!r}: file {str(path)!r} does not exist")
    if table_format(path) == "parquet":
        return _read_parquet(path, table, repeated)
    suffix = _uncompressed_suffix(path)
    if suffix in _JSON_SUFFIXES:
        return _read_json(path, table, repeated)
    if suffix in _SPREADSHEET_SUFFIXES:
        raise InputError(
            f"table {table!r}: {str(path)!r} is a spreadsheet, which is not read: save the "
            "sheet as CSV (UTF-8) with its identifier columns formatted as text (a spreadsheet "
            "drops phones' leading zeros and rounds long numbers)"
        )
    return _read_csv(path, table, repeated)


def write_table(frame: pd.DataFrame, path: str | Path, *, fmt: str | None = None) -> Path:
    """Write a table as CSV (UTF-8, no index) or Parquet, by ``fmt`` or suffix.

    In Parquet, a column of mixed values that Arrow cannot give one type (numbers
    and text, as a column carried along from a DataFrame may hold) is written as
    text, as CSV writes it.
    """
    import pyarrow as pa

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if (fmt or table_format(p)) == "parquet":
        try:
            frame.to_parquet(p, index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            mixed_as_text(frame).to_parquet(p, index=False)
    else:
        frame.to_csv(p, index=False)
    return p


def mixed_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with each column Arrow cannot give one type written as text.

    Missing values stay missing; columns Arrow can type are left as they are.

    Examples
    --------
    >>> out = mixed_as_text(pd.DataFrame({"tier": [1, "gold", None], "gmv": [1.5, 2.0, None]}))
    >>> out["tier"].tolist(), out["gmv"].tolist()[:2]
    (['1', 'gold', None], [1.5, 2.0])
    """
    import pyarrow as pa

    out = frame.copy(deep=False)
    for name in frame.columns:
        column = frame[name]
        if column.dtype != np.dtype(object):
            continue
        try:
            pa.array(column, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            text = column.astype(str).astype(object)
            out[name] = text.where(column.notna(), None)
    return out
