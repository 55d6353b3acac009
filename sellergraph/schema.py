"""The input contract: validate the ``stores`` and ``links`` tables, lazily.

Table-level problems (a missing required column, an empty table, duplicate or empty
``store_id``, an unknown ``status``) make the input unusable: they are all collected
and raised together as one :class:`~sellergraph.errors.InputError` whose ``failures``
table lists table, row, column, value and reason for each.

Row-level problems in big inputs (a link to a store that does not exist, an unknown
kind, an unparseable date, ...) set the row aside in a ``rejected`` table with a reason
code and message. Rows are numbered from 0 in input order (in a CSV file with a
header, row ``r`` is on line ``r + 2``).
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Collection, Container, Hashable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import arrow_text, factorize_text
from ._countries import country_regions
from .config import (
    DATE_ORDERS,
    NONE_WORDS_JA_KO_AR,
    STATUSES,
    camel_words,
    canonical_kind,
    read_status,
    resolve_kind,
    status_word,
)
from .errors import InputError

__all__ = [
    "LINK_COLUMNS",
    "ONE_ALIAS_COLUMNS",
    "OPTIONAL_STORE_COLUMNS",
    "PLAIN_COLUMNS",
    "REGISTRATION_COLUMNS",
    "REGISTRATION_COLUMN_ALIASES",
    "REJECTED_COLUMNS",
    "REVIEW_COLUMNS",
    "ROW_MARK",
    "SPREADSHEET_EPOCH",
    "SPREADSHEET_SERIALS",
    "STATUSES",
    "STORE_COLUMNS",
    "STORE_COLUMN_ALIASES",
    "busiest_day",
    "contract_name",
    "dates_with_placeholders",
    "empty_rejected",
    "future_date_message",
    "future_dates",
    "given_platform",
    "headers_as_given",
    "is_kind_column",
    "lookup",
    "make_rejected",
    "melt_wide_links",
    "parse_dates",
    "placeholder_dates",
    "platform_name",
    "platform_text",
    "proven_date_order",
    "rename_columns",
    "require_link_columns",
    "spreadsheet_serial_dates",
    "status_of",
    "store_id_text",
    "table_columns",
    "trimmed_text",
    "validate_links",
    "validate_stores",
    "wide_kind",
]

STORE_COLUMNS: tuple[str, ...] = (
    "store_id",
    "platform",
    "status",
    "opened_at",
    "closed_at",
    "closure_reason",
    "name",
)
#: Stores columns kept only when the input has them: ``country`` chooses the phone
#: region of the store's national-format numbers.
OPTIONAL_STORE_COLUMNS: tuple[str, ...] = ("country",)
#: Other names a stores table gives a contract column (spelled as :func:`wide_kind`
#: spells names: ``Ban Reason`` is ``ban_reason``), read as it when the table has no
#: column of the contract's name: a closure reason kept beside the ``status`` under a
#: name of its own (only the first such column is read; the others are carried along),
#: and the day a store was opened or closed under the names exports give them
#: (``opened_on``, ``created_at``, ``registration_date``; ``closed_on``, ``banned_at``,
#: ``deactivated_at``). A table with two other names of one date and not the date's own
#: is refused (:data:`ONE_ALIAS_COLUMNS`): which of them is the date is the caller's to
#: say. Names that may mean another day (``updated_at``, ``start_date``, ``end_date``,
#: ``deleted_at``, ``activated_at``, ``last_login``) are not among them.
STORE_COLUMN_ALIASES: Mapping[str, str] = {
    **{
        name: "opened_at"
        for name in (
            "opened_on",
            "opened_date",
            "open_date",
            "opening_date",
            "date_opened",
            "created_at",
            "created_on",
            "created_date",
            "creation_date",
            "create_date",
            "date_created",
            "registered_at",
            "registered_on",
            "registration_date",
            "date_registered",
            "signup_date",
            "sign_up_date",
            "signed_up_at",
            "signed_up_on",
            "joined_at",
            "joined_on",
            "join_date",
            "joining_date",
            "date_joined",
            # German, French, Dutch, Italian, Polish, Turkish, Portuguese and Spanish
            "erstellt_am",
            "angelegt_am",
            "registriert_am",
            "registriert_seit",
            "registrierungsdatum",
            "anmeldedatum",
            "date_creation",
            "date_création",
            "date_de_creation",
            "date_de_création",
            "date_inscription",
            "date_d_inscription",
            "aangemaakt_op",
            "datum_registratie",
            "data_iscrizione",
            "data_registrazione",
            "data_rejestracji",
            "data_utworzenia",
            "kayit_tarihi",
            "kayıt_tarihi",
            "data_cadastro",
            "data_de_cadastro",
            "data_criacao",
            "data_criação",
            "fecha_alta",
            "fecha_de_alta",
            "fecha_registro",
            "fecha_de_registro",
            "fecha_creacion",
            "fecha_creación",
            "fecha_de_creacion",
            "fecha_de_creación",
        )
    },
    **{
        name: "closed_at"
        for name in (
            "closed_on",
            "closed_date",
            "close_date",
            "closing_date",
            "closure_date",
            "date_closed",
            "banned_at",
            "banned_on",
            "banned_date",
            "ban_date",
            "date_banned",
            "suspended_at",
            "suspended_on",
            "suspended_date",
            "suspension_date",
            "date_suspended",
            "deactivated_at",
            "deactivated_on",
            "deactivation_date",
            "date_deactivated",
            "terminated_at",
            "terminated_on",
            "termination_date",
            "blocked_at",
            "blocked_on",
            "blocked_date",
            "block_date",
            "disabled_at",
            "disabled_on",
            "offboarded_at",
            "offboarding_date",
            "gesperrt_am",
            "gesperrt_seit",
            "sperrdatum",
            "deaktiviert_am",
            "date_suspension",
            "date_de_suspension",
            "date_blocage",
            "date_de_blocage",
            "suspendu_le",
            "geblokkeerd_op",
            "datum_blokkade",
            "data_sospensione",
            "data_blocco",
            "data_blokady",
            "data_zablokowania",
            "kapatilma_tarihi",
            "kapatılma_tarihi",
            "data_banimento",
            "data_de_banimento",
            "data_bloqueio",
            "data_de_bloqueio",
            "data_suspensao",
            "data_suspensão",
            "fecha_baja",
            "fecha_de_baja",
            "fecha_bloqueo",
            "fecha_de_bloqueo",
            "fecha_suspension",
            "fecha_suspensión",
            "fecha_de_suspension",
            "fecha_de_suspensión",
        )
    },
    **{
        name: "closure_reason"
        for name in (
            "ban_reason",
            "banned_reason",
            "close_reason",
            "closed_reason",
            "closing_reason",
            "reason_banned",
            "reason_closed",
            "reason_for_ban",
            "reason_for_closure",
            "status_reason",
            "suspended_reason",
            "suspension_reason",
            "termination_reason",
            "sperrgrund",
            "grund",
            "motif",
            "motif_de_suspension",
            "raison",
            "reden",
            "reden_blokkade",
            "motivo_sospensione",
            "powod",
            "powód",
            "powod_blokady",
            "powód_blokady",
            "kapatilma_nedeni",
            "kapatılma_nedeni",
            "motivo",
            "motivo_bloqueio",
            "motivo_banimento",
            "motivo_de_bloqueo",
            "motivo_baja",
        )
    },
    # the store's status and country in other languages
    **{name: "status" for name in ("situacao", "situação", "statut", "durum")},
    **{
        name: "country"
        for name in ("land", "pays", "kraj", "ulke", "ülke", "pais", "país", "paese")
    },
}
#: Contract columns read from one other name only (:data:`STORE_COLUMN_ALIASES`): two
#: dates under two such names may be two days (a store's registration and its
#: approval, a suspension and the ban after it), and a wrong one moves a return
#: across a ban.
ONE_ALIAS_COLUMNS: frozenset[str] = frozenset({"opened_at", "closed_at"})
LINK_COLUMNS: tuple[str, ...] = ("store_id", "kind", "value", "observed_at")
#: The columns of a reviews table that sellergraph reads (:mod:`sellergraph.reviews`).
REVIEW_COLUMNS: tuple[str, ...] = (
    "store_id",
    "decision",
    "matched_store_id",
    "score",
    "reviewed_at",
)
#: The fields of a registration to screen that are not identifier kinds (``name`` is
#: also the ``store_name`` kind).
REGISTRATION_COLUMNS: tuple[str, ...] = (
    "store_id",
    "platform",
    "opened_at",
    "identifiers",
    "name",
    "country",
)
#: Other names of a registration's fields, the stores table's
#: (:data:`STORE_COLUMN_ALIASES` of ``opened_at`` and ``country``): a registration is
#: read as a stores row is.
REGISTRATION_COLUMN_ALIASES: Mapping[str, str] = {
    name: column for name, column in STORE_COLUMN_ALIASES.items() if column in REGISTRATION_COLUMNS
}
#: Columns whose rejected values are not identifiers (shown unmasked: a kind label or a
#: date is what the input's owner needs to see to fix it); any other column's are masked.
PLAIN_COLUMNS: frozenset[str] = frozenset(STORE_COLUMNS + OPTIONAL_STORE_COLUMNS + LINK_COLUMNS) - {
    "value",
    "name",
}
REJECTED_COLUMNS: tuple[str, ...] = (
    "table",
    "row",
    "store_id",
    "column",
    "value",
    "reason",
    "message",
    "dropped",
)

#: Reason codes used for rows set aside by validation (normalisation adds its own).
ROW_REASONS: dict[str, str] = {
    "missing_store_id": "link has no store_id",
    "unknown_store": "link points to a store_id that is not in the stores table",
    "unknown_kind": (
        "identifier kind is not configured (name the kind it is with kind_names, or give "
        "it a weight to accept it as a kind of its own)"
    ),
    "invalid_date": (
        "date could not be read (not a date, a time without a date, a day/month order "
        "that is ambiguous in its table, or one the config's dates.order rules out) or is "
        "outside 1677-2262 (such as 9999-12-31); the value was cleared, the row kept"
    ),
    "placeholder_date": (
        "date is one exports write for an unknown date (1970-01-01, the Unix epoch's "
        "zero in any time zone or the number 0; 1900-01-01, 1899-12-30, 1899-12-31, "
        "1904-01-01, 1753-01-01 at midnight; 2099-12-31 or later); the value was "
        "cleared, the row kept"
    ),
    "spreadsheet_serial": (
        "date is a spreadsheet's serial day number (45352 is 2024-03-01: days since "
        "1899-12-30, as Excel, LibreOffice and Google Sheets count them), which is not "
        "read unless the config's dates.spreadsheet_serials is true (a number may be "
        "something else); the value was cleared, the row kept"
    ),
    "future_date": (
        "date is more than a year after every other date of its table but at most 2% of "
        'them (a "suspended until" day, a mistyped year): no store closed, opened or was '
        "seen then; the value was cleared, the row kept"
    ),
    "closed_before_opened": "closed_at is before opened_at; both kept",
    "missing_closed_at": "banned store without closed_at; timing cannot be judged",
    "duplicate": "same store, kind and normalised value seen again; merged into one link",
    "repeated_store_row": "the same stores row again, every column equal; read once",
    "several_values": (
        "the cell lists several values; each was read as a link of its own from this row"
    ),
    "empty_row": "every cell of the row is empty (as a spreadsheet leaves ,,,, rows); set aside",
    "header_row": (
        "the row repeats the table's column names (a header row again, as where files were "
        "joined); set aside"
    ),
    "unknown_country": (
        "country is not an ISO 3166 code or a country name with a phone numbering plan; "
        "the value was cleared, and the store's national-format phone numbers are read "
        "in the config's normalize.default_region"
    ),
}

#: Row-level reasons that set a whole input row aside, in either table: a stores row
#: set aside so is no store (and no link: it is not counted among the links).
WHOLE_ROW_REASONS: frozenset[str] = frozenset({"empty_row", "header_row"})

#: Why a stores table without rows (a header only) stops the run.
_NO_STORES = "there are no stores to analyse"
DEFAULT_PLATFORM = "default"
#: Invisible characters an export, a spreadsheet or a copy from a web page leaves in a
#: name: the byte order mark (U+FEFF), zero-width space, non-joiner and joiner
#: (U+200B-U+200D) and the word joiner (U+2060). In a ``platform`` they would make one
#: platform two; they are removed wherever they are (:func:`platform_text`). At the
#: start or end of a store id they are removed as whitespace is (:func:`store_id_text`).
INVISIBLE_CHARACTERS = "\ufeff\u200b\u200c\u200d\u2060"
_INVISIBLE = re.compile(f"[{INVISIBLE_CHARACTERS}]")
_INVISIBLE_END = f"^[{INVISIBLE_CHARACTERS}]|[{INVISIBLE_CHARACTERS}]$"
#: Internal column carrying input row numbers through melting and concatenation.
ROW_MARK = "_sellergraph_row"
MAX_LISTED_FAILURES = 1000


def _failure(
    table: str, row: object, column: str | None, value: object, reason: str, message: str
) -> dict[str, object]:
    return {
        "table": table,
        "row": row,
        "column": column,
        "value": value,
        "reason": reason,
        "message": message,
    }


def _names(frame: pd.DataFrame, headers: Mapping[str, str] | None = None) -> str:
    """The table's columns as its caller wrote them (``headers``: the names that differ,
    by the name read), each read as a contract column under another name said so.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame(columns=["store_id", "SellerStatus", "opened_at"])
    >>> _names(frame, {"store_id": "Store ID", "opened_at": "Opened At"})
    'Store ID (read as store_id), SellerStatus, Opened At (read as opened_at)'
    """
    given = headers or {}
    return ", ".join(
        f"{given[str(c)]} (read as {c})" if given.get(str(c), str(c)) != str(c) else str(c)
        for c in frame.columns
        if c != ROW_MARK
    )


def _missing_column(
    frame: pd.DataFrame, column: str, headers: Mapping[str, str] | None = None
) -> str:
    return (
        f"required column {column!r} is missing (columns: {_names(frame, headers)}); name "
        f"yours with columns={{'YOURS': {column!r}}} (--columns YOURS={column})"
    )


def _missing_columns(
    frame: pd.DataFrame,
    required: Iterable[str],
    *,
    table: str,
    headers: Mapping[str, str] | None = None,
) -> list[dict[str, object]]:
    """A ``missing_column`` failure per ``required`` column the table lacks."""
    return [
        _failure(table, None, col, None, "missing_column", _missing_column(frame, col, headers))
        for col in required
        if col not in frame.columns
    ]


def _raise_failures(failures: list[dict[str, object]]) -> None:
    if not failures:
        return
    columns = ["table", "row", "column", "value", "reason", "message"]
    frame = pd.DataFrame([[f[c] for c in columns] for f in failures], columns=columns, dtype=object)
    tables = sorted(set(frame["table"]))
    counts: dict[str, int] = {}
    for f in failures:  # a row standing for unlisted ones counts them all
        reason = str(f["reason"])
        counts[reason] = counts.get(reason, 0) + int(str(f.get("unlisted", 1)))
    total = sum(counts.values())
    # each line is one problem; a line standing for more rows says how many in all
    rows = f", on {total:,} rows" if total != len(failures) else ""
    raise InputError(
        f"input breaks the data contract ({len(failures):,} problem(s) in "
        f"{', '.join(tables)}{rows})",
        frame,
        counts=counts,
    )


def empty_rejected() -> pd.DataFrame:
    """An empty ``rejected`` table with the standard columns and dtypes."""
    return make_rejected("links", np.array([], dtype=np.int64), [], "", [], "", [], dropped=True)


def make_rejected(
    table: str,
    rows: np.ndarray,
    store_ids: Iterable[object],
    column: str,
    values: Iterable[object],
    reason: str | Iterable[str],
    messages: str | Iterable[str],
    *,
    dropped: bool,
) -> pd.DataFrame:
    """Build rejected-row records (vectorised) in the standard layout."""
    n = len(rows)
    reasons = [reason] * n if isinstance(reason, str) else list(reason)
    msgs = [messages] * n if isinstance(messages, str) else list(messages)
    return pd.DataFrame(
        {
            "table": pd.Series([table] * n, dtype=object),
            "row": np.asarray(rows, dtype=np.int64),
            "store_id": pd.Series(list(store_ids), dtype=object),
            "column": pd.Series([column] * n, dtype=object),
            "value": pd.Series(list(values), dtype=object),
            "reason": pd.Series(reasons, dtype=object),
            "message": pd.Series(msgs, dtype=object),
            "dropped": np.full(n, dropped, dtype=bool),
        }
    )


#: Tables a column mapping's key may name as a prefix (``"links.id"``).
MAPPED_TABLES = ("stores", "links")


def table_columns(columns: Mapping[str, str] | None, *, table: str) -> dict[str, str]:
    """The part of a caller's column mapping that applies to one table.

    A key ``"stores.id"`` or ``"links.id"`` renames column ``id`` of that table only;
    a key without a table prefix renames the column in both. Where both forms name
    one column, the table's own rule wins. Keys and values are stripped.

    Examples
    --------
    >>> m = {"id": "store_id", "links.id": "link_id", "stores.shop": "store_id"}
    >>> table_columns(m, table="stores")
    {'id': 'store_id', 'shop': 'store_id'}
    >>> table_columns(m, table="links")
    {'id': 'link_id'}
    """
    shared: dict[str, str] = {}
    own: dict[str, str] = {}
    for src, dst in (columns or {}).items():
        name = str(src).strip()
        prefix, dot, rest = name.partition(".")
        if dot and prefix in MAPPED_TABLES and rest.strip():
            if prefix == table:
                own[rest.strip()] = str(dst).strip()
        else:
            shared[name] = str(dst).strip()
    return {**shared, **own}


def _index_columns(frame: pd.DataFrame) -> list[Hashable]:
    """The named index levels read as columns (records indexed by their id, as many
    loaders return them): none when a column already has one's name."""
    names = [n for n in frame.index.names if n is not None]
    if not names or len(set(names)) < len(names) or any(n in frame.columns for n in names):
        return []
    return names


def _index_as_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its named index levels as columns (:func:`_index_columns`)."""
    names = _index_columns(frame)
    return frame.reset_index(level=names) if names else frame


def headers_as_given(renamed: pd.DataFrame, given: pd.DataFrame) -> dict[str, str]:
    """The column names of ``given`` (a table as its caller gave it) by the names
    ``renamed`` (the same table after :func:`rename_columns`, or any renaming that
    keeps the columns in order) reads them as, where the two differ beyond surrounding
    whitespace: how a message names a column as the caller wrote it.

    Examples
    --------
    >>> import pandas as pd
    >>> given = pd.DataFrame(columns=["Store ID", "SellerStatus", " Opened At"])
    >>> headers_as_given(rename_columns(given, None, table="stores"), given)
    {'store_id': 'Store ID', 'opened_at': 'Opened At'}
    """
    names = [*_index_columns(given), *given.columns]
    if len(names) != len(renamed.columns):
        return {}
    return {
        str(now): str(was).strip()
        for now, was in zip(renamed.columns, names, strict=True)
        if str(now) != str(was).strip()
    }


def rename_columns(
    frame: pd.DataFrame, columns: Mapping[str, str] | None, *, table: str
) -> pd.DataFrame:
    """Apply a caller's column mapping (``{"shop_id": "store_id"}``) to one table.

    Names are also stripped of surrounding whitespace, and the contract's column
    names (of ``stores``, ``links`` or ``registrations``) are matched in any case,
    with spaces or hyphens for underscores (``Opened At`` is ``opened_at``); a stores
    table without a ``closure_reason`` has the first column of another name of it
    (``Ban Reason``, ``status_reason``: :data:`STORE_COLUMN_ALIASES`) read as it. Mapping
    keys absent from the table are ignored, so one mapping can serve both tables; a
    key prefixed with a table's name
    (``"links.id"``) applies to that table only (:func:`table_columns`). A DataFrame's
    named index (``store_id``, or ``rec_id`` with ``{"rec_id": "store_id"}``) is one
    more column.

    Examples
    --------
    >>> import pandas as pd
    >>> stores = pd.DataFrame({"status": ["active"]}, index=pd.Index(["S1"], name="rec_id"))
    >>> rename_columns(stores, {"rec_id": "store_id"}, table="stores").columns.tolist()
    ['store_id', 'status']
    >>> stores = pd.DataFrame(columns=["store_id", "Status", "Ban Reason", "status_reason"])
    >>> rename_columns(stores, None, table="stores").columns.tolist()
    ['store_id', 'status', 'closure_reason', 'status_reason']
    """
    frame = _index_as_columns(frame)
    renamed = {c: str(c).strip() for c in frame.columns}
    for src, dst in table_columns(columns, table=table).items():
        for c in frame.columns:
            if str(c).strip() == src:
                renamed[c] = dst
    # the contract's own names in another case or spelling (Opened_At, Closed At,
    # STORE-ID) are them, unless the table also has the exact name; then its other
    # names (Ban Reason), the first in the table's order
    contract = {
        "stores": STORE_COLUMNS + OPTIONAL_STORE_COLUMNS,
        "links": LINK_COLUMNS,
        "registrations": REGISTRATION_COLUMNS,
        "reviews": REVIEW_COLUMNS,
    }.get(table, ())
    aliases = {"stores": STORE_COLUMN_ALIASES, "registrations": REGISTRATION_COLUMN_ALIASES}.get(
        table, {}
    )
    taken = set(renamed.values())
    for c, name in renamed.items():
        own = contract_name(name, contract)
        if own != name and own in contract and own not in taken:
            renamed[c] = own
            taken.add(own)
    _refuse_two_aliases(renamed, aliases, taken, table=table)
    for c, name in renamed.items():
        alias_of = aliases.get(contract_name(name, aliases))
        if alias_of is not None and alias_of not in taken:
            renamed[c] = alias_of
            taken.add(alias_of)
    out = frame.rename(columns=renamed) if any(k != v for k, v in renamed.items()) else frame
    dupes = out.columns[out.columns.duplicated()].tolist()
    if dupes:
        _raise_failures(
            [
                _failure(table, None, str(d), None, "duplicate_column", "column appears twice")
                for d in dupes
            ]
        )
    return out


def _refuse_two_aliases(
    renamed: Mapping[Hashable, str],
    aliases: Mapping[str, str],
    taken: Collection[str],
    *,
    table: str,
) -> None:
    """An error when a table without a date of :data:`ONE_ALIAS_COLUMNS` has two
    columns under other names of it (``opened_on`` and ``created_at``), naming both.

    Examples
    --------
    >>> _refuse_two_aliases({0: "Opened On", 1: "created_at"}, STORE_COLUMN_ALIASES, set(),
    ...                     table="stores")
    Traceback (most recent call last):
    ...
    sellergraph.errors.InputError: input breaks the data contract (1 problem(s) in stores)
    ...
    """
    found: dict[str, list[str]] = {}
    for name in renamed.values():
        alias_of = aliases.get(contract_name(name, aliases))
        if alias_of in ONE_ALIAS_COLUMNS and alias_of not in taken:
            found.setdefault(alias_of, []).append(name)
    _raise_failures(
        [
            _failure(
                table,
                None,
                names[1],
                None,
                "duplicate_column",
                f"columns {names[0]!r} and {names[1]!r} are both another name of {column}, "
                f"which may be two days: name the one that is {column} with "
                f"columns={{{names[0]!r}: {column!r}}} (--columns {names[0]}={column}); the "
                "other is then carried along, not read",
            )
            for column, names in found.items()
            if len(names) >= 2
        ]
    )


def _as_text(series: pd.Series) -> pd.Series:
    """Text (pandas ``str`` dtype) with surrounding whitespace removed; missing stays missing.

    Whole-number floats (integer ids in a column that also holds a missing value)
    read as integers: ``1.0`` is ``"1"``.
    """
    if pd.api.types.is_float_dtype(series):
        finite = series.dropna()
        if len(finite) and bool((finite == np.floor(finite)).all()):
            series = series.astype("Int64")
    if series.dtype != "str":
        series = series.astype("str")
    return series.str.strip()


def platform_text(values: pd.Series) -> pd.Series:
    """Platform names as text (:func:`_as_text`) without the invisible characters of
    :data:`INVISIBLE_CHARACTERS`, wherever they are, nor the whitespace they hid
    around the name: ``"\\ufeffmkt-a"`` and ``"mkt-a"`` are one platform.

    Examples
    --------
    >>> import pandas as pd
    >>> platform_text(pd.Series(["\\ufeffmkt-a", "mkt\\u200b-a ", "\\u2060 mkt-a", None])).tolist()
    ['mkt-a', 'mkt-a', 'mkt-a', nan]
    """
    text = _as_text(values)
    return text.str.replace(_INVISIBLE.pattern, "", regex=True).str.strip()


def given_platform(platform: object) -> str | None:
    """A store's platform as its input named it: None for :data:`DEFAULT_PLATFORM`,
    the platform of every store of a table without a ``platform`` column (or with an
    empty cell), and for a missing value. What is written for people says nothing
    of a platform then, rather than name one called ``default``.

    Examples
    --------
    >>> given_platform("mkt-a"), given_platform(DEFAULT_PLATFORM), given_platform(None)
    ('mkt-a', None, None)
    """
    if not isinstance(platform, str) or platform in ("", DEFAULT_PLATFORM):
        return None
    return platform


def platform_name(text: str | None) -> str | None:
    """One platform name as :func:`platform_text` reads it (None when nothing is left).

    Examples
    --------
    >>> platform_name("\\ufeff mkt-a\\u200d"), platform_name("\\u200b")
    ('mkt-a', None)
    """
    if text is None:
        return None
    return _INVISIBLE.sub("", text).strip() or None


#: A whole number written as a decimal (``1001.0``): an integer id column that passed
#: through a float column (a missing value in pandas, a spreadsheet) on its way out.
_DECIMAL_WHOLE = r"^[+-]?[0-9]+\.0+$"


def store_id_text(ids: pd.Series) -> pd.Series:
    """Store ids as text (:func:`_as_text`) without the invisible characters of
    :data:`INVISIBLE_CHARACTERS` at their start or end (nor the whitespace they hid);
    a column whose every id is a whole number written as a decimal (``1001.0``) reads
    as the integers (``1001``).

    The stores and links tables often come from different exports, only one of which
    went through a float column, or left a byte-order mark at the start of a cell
    (files joined with ``cat``, a Parquet file or DataFrame made from them): their
    ids must still meet, whatever the format they come in. A column that mixes
    ``1001.0`` with other ids is left as it is (``1001.0`` may then be a real id).
    Invisible characters inside an id are left: they may be part of it.

    Examples
    --------
    >>> import pandas as pd
    >>> store_id_text(pd.Series(["1001.0", " 1002.00", None])).tolist()
    ['1001', '1002', nan]
    >>> store_id_text(pd.Series(["1001.0", "A7"])).tolist()
    ['1001.0', 'A7']
    >>> store_id_text(pd.Series(["\\ufeffS1", "S2\\u200b", "\\u2060 S\\u200d3"])).tolist()
    ['S1', 'S2', 'S\\u200d3']
    """
    return _whole_number_ids(_as_text(ids))


def _without_invisible_ends(text: pd.Series) -> pd.Series:
    """Stripped text without invisible characters at its ends (:func:`store_id_text`).

    Only non-ASCII text can hold one: a column of ASCII ids (most) is checked in one
    pass at C speed, and only the values that start or end with one are rewritten.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    arrow = pa.array(text.array)
    if pc.all(pc.string_is_ascii(arrow)).as_py() is not False:
        return text
    marked = np.asarray(
        pc.fill_null(pc.match_substring_regex(arrow, _INVISIBLE_END), False), dtype=bool
    )
    if not marked.any():
        return text
    # through NumPy: pandas 3.0 cannot set a list into Arrow text by a mask
    values = text.to_numpy(dtype=object, copy=True)
    values[marked] = [trimmed_text(v) for v in values[marked]]
    return pd.Series(values, index=text.index, name=text.name, dtype=text.dtype)


def trimmed_text(text: str) -> str:
    """``text`` without whitespace and invisible characters (:data:`INVISIBLE_CHARACTERS`)
    at its ends, in any mix.

    Examples
    --------
    >>> trimmed_text("\\ufeff ab12\\u200b "), trimmed_text(" \\u2060")
    ('ab12', '')
    """
    while True:
        shorter = text.strip().strip(INVISIBLE_CHARACTERS)
        if shorter == text:
            return text
        text = shorter


def _whole_number_ids(text: pd.Series) -> pd.Series:
    """:func:`store_id_text` on ids already read as (stripped) text."""
    text = _without_invisible_ends(text)
    present = (text.notna() & (text != "")).to_numpy()
    if not present.any() or not re.fullmatch(_DECIMAL_WHOLE, text.iloc[int(present.argmax())]):
        return text  # the first id says no (most tables): no pass over them all
    if not bool(text[present].str.fullmatch(_DECIMAL_WHOLE).all()):
        return text
    return text.str.replace(r"\.0+$", "", regex=True)


def _distinct_text(series: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes of ``series`` (-1 where missing) into its distinct values as text
    (:func:`_as_text` applied to each distinct value once).

    Two distinct raw values may read as the same text (``"a"``, ``" a"``): codes
    follow the raw values. For long columns with few distinct values (store ids,
    kinds, dates), this saves a stripped copy of every row.
    """
    if pd.api.types.is_float_dtype(series):
        series = _as_text(series)  # whole-number floats read as integers: per value
    codes, uniques = factorize_text(series)
    return codes, _as_text(pd.Series(uniques))


def _text_at(codes: np.ndarray, texts: pd.Series) -> pd.Series:
    """The text of each code (missing where -1), as :func:`_as_text` would give it."""
    full = pd.concat([texts, pd.Series([None], dtype=texts.dtype)], ignore_index=True)
    return full.take(np.where(codes < 0, len(texts), codes)).reset_index(drop=True)


def lookup(values: pd.Series, universe: pd.Series) -> np.ndarray:
    """Position of each value in ``universe`` (-1 when absent), via Arrow hash lookup.

    Examples
    --------
    >>> import pandas as pd
    >>> lookup(pd.Series(["b", "x", None]), pd.Series(["a", "b"])).tolist()
    [1, -1, -1]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    found = pc.index_in(
        pa.array(_as_text(values).array), value_set=pa.array(_as_text(universe).array)
    )
    return np.asarray(pc.fill_null(found, -1), dtype=np.int64)


_RELATIVE_DATES = frozenset({"now", "today", "tomorrow", "yesterday"})
#: What databases and spreadsheets write in an empty cell (``NULL``, Excel's ``#N/A``,
#: MySQL's ``\N``): missing, in the optional columns of the stores table.
NULL_WORDS = frozenset({"null", "none", "nan", "nat", "nil", "\\n", "n/a", "#n/a"})
#: ... and in a date column, also these.
_NO_DATE = NULL_WORDS | {"na", "-", "--", "0000-00-00", "0000-00-00 00:00:00"}
# ... and Portuguese, Spanish, German, French, Dutch, Polish, Turkish, Ukrainian and
# Russian exports' "not given", "no date", "not informed"
_NO_DATE |= {
    "k.a.",
    "keine angabe",
    "n.v.",
    "n.v.t.",
    "néant",
    "non renseigné",
    "brak",
    "brak danych",
    "yok",
    "нет",
    "немає",
    "n/d",
    "s/d",
    "s/f",
    "sin fecha",
    "sem data",
    "sin dato",
    "sin datos",
    "no informado",
    "no informada",
    "não informado",
    "nao informado",
    "não informada",
    "nao informada",
}
# ... and Japanese, Korean and Arabic exports' "none", "unknown", "not filled in"
_NO_DATE |= {*NONE_WORDS_JA_KO_AR, "لا يوجد"}
#: ... and MySQL's zero date in any numeric form (``00/00/0000``, ``0000-00-00T00:00:00``).
_ZERO_DATE = r"0{1,4}(?:-0{1,2}-|/0{1,2}/|\.0{1,2}\.)0{1,4}(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?"
#: Days that exports write at midnight for an unknown date: SQL Server's ``datetime``
#: minimum, a spreadsheet's day zero (1899-12-30 as most tools read serial 0,
#: 1899-12-31 as others do), 1900-01-01 (serial 1, SQL Server's default, the usual
#: "unknown") and the day zero of Excel's 1904 date system.
PLACEHOLDER_DAYS: tuple[str, ...] = (
    "1753-01-01",
    "1899-12-30",
    "1899-12-31",
    "1900-01-01",
    "1904-01-01",
)
#: From this day on, a date is a "never" or "open-ended" placeholder (``2099-12-31``,
#: ``2100-01-01``, ``2199-12-31 23:59:59``); later ones than 2262 are ``invalid_date``.
PLACEHOLDER_FROM = "2099-12-31"
_PLACEHOLDER_DAYS_NS = np.array(PLACEHOLDER_DAYS, dtype="datetime64[ns]").view(np.int64)
_PLACEHOLDER_FROM_NS = int(np.datetime64(PLACEHOLDER_FROM, "ns").view(np.int64))
#: The Unix epoch's zero as a clock in some zone shows it (UTC-12 to UTC+14, zones
#: whole quarter hours apart): ``1970-01-01 08:00:00`` is what an export in China
#: writes for a timestamp of 0.
_EPOCH_ZERO_NS = (-12 * 3_600_000_000_000, 14 * 3_600_000_000_000, 900_000_000_000)
#: A number that is zero (``0``, ``0.0``, ``0000000000``): epoch zero, or day zero of
#: a spreadsheet.
_ZERO_NUMBER = r"^[+-]?0+(?:\.0*)?$"
#: Day and month as numbers, then the year (``15/02/2022``, ``01.05.2022``, ``3-4-22``),
#: optionally followed by a time after a space, ``T`` or comma, or by the word for
#: "year" glued to it (``12.03.2023г.``: Russian ``г.``, Ukrainian ``р.``, Polish ``r.``;
#: read in :mod:`sellergraph._date_words`).
_DATE_REST = r"((?:[ T,].*|[грr]\.?(?:[ ,].*)?)?)"
_NUMERIC_DAY_MONTH = r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{1,2})" + _DATE_REST + "$"
#: pandas reads a value that starts with a time (``12:30``) on *today's* date.
_LEADING_TIME = r"^\d{1,2}:\d{2}"
#: Two-digit years: 69-99 are 1969-1999 and 00-68 are 2000-2068 (POSIX ``%y``),
#: whatever today's year.
_CENTURY_PIVOT = 69
#: Evidence for the day/month order: whether a numeric date reads only day first by
#: its fields, only month first by its fields, and whether a dotted date reads day
#: first by convention alone (``05.03.2024``); None: each value alone.
_Evidence = tuple[bool, bool, bool] | None
_NO_EVIDENCE = (False, False, False)
#: The day/month order a table with no evidence of its own takes: an order, or a
#: function giving it (called only when a value needs it: the other table may still
#: be loading).
DefaultOrder = str | Callable[[], str]


class _Years(NamedTuple):
    """Evidence of where a table's numeric dates with a two-digit year
    (:data:`_NUMERIC_DAY_MONTH`, ``23/03/12``) write the year: first (year, month, day,
    as Japanese, Korean and Chinese exports do) or last (day or month first).

    ``first``: a date reads only year first (a first field of 0 or 32-99, which is no
    day: ``98/03/12``), or the table writes four-digit years first with ``/`` or ``.``
    (``2023/03/12``, ``2023.03.12``; ISO 8601's ``2023-03-12`` is everyone's and says
    nothing). ``last``: a date reads only year last (a last field of 0 or 32-99,
    ``12/03/98``, or a middle field of 13-31, ``03/15/22``), or the table writes
    four-digit years last (``12/03/2023``). ``heads`` and ``tails``: bit masks of the
    first and last fields of the dates that read both ways.
    """

    first: bool
    last: bool
    heads: int
    tails: int


_NO_YEARS = _Years(False, False, 0, 0)
#: Where a table's two-digit-year dates put the year (:func:`_year_place`): ``"first"``,
#: ``"last"``, ``"each"`` (dates prove both: each date as its own fields say, one that
#: reads both ways ambiguous) or None (nothing tells: a date that reads both ways is
#: ambiguous).
_YearPlace = str | None
#: A numeric date with a four-digit year first and ``/`` or ``.`` between the fields
#: (``2023/03/12``, ``2023. 3. 12.``): how exports that write a two-digit year first
#: write a whole one.
_YEAR_FIRST_WHOLE = r"^\s*[0-9]{4}\s*[./]\s*[0-9]{1,2}\s*[./]\s*[0-9]{1,2}(?:[^0-9]|$)"
#: What may be a numeric date with a short first field or a four-digit year first with
#: ``/`` or ``.``: only these texts are looked at closely for :class:`_Years`.
_MAY_PLACE_YEAR = r"^\s*(?:[0-9]{1,2}[./-]|[0-9]{4}\s*[./])"
#: Two-digit-year dates that read both ways are read year first, or last, from their
#: fields when the day field holds at least this many more distinct values than the
#: year field, and twice as many (:func:`_year_place`).
_YEAR_SPREAD_MORE, _YEAR_SPREAD_TIMES = 3, 2
_DAYS_LOW = sum(1 << v for v in range(1, 13))
_DAYS_HIGH = sum(1 << v for v in range(13, 32))


class _DayMonth:
    """How one column's numeric dates are ordered: the declared ``order``, the
    evidence of the table's other columns (``prior``; None: each value alone) and
    the order taken when no value proves one (``default``); whether spreadsheet
    serial day numbers are read (``serials``); and the evidence of where the table's
    two-digit-year dates put the year (``years``, :class:`_Years`: the table's, this
    column's included; None: the column's own)."""

    def __init__(
        self,
        order: str,
        prior: _Evidence,
        default: DefaultOrder,
        *,
        serials: bool = False,
        years: _Years | None = None,
    ) -> None:
        self.order, self.prior, self._default = order, prior, default
        self.serials = serials
        self.years = years

    def default(self) -> str:
        if callable(self._default):
            self._default = self._default()
        return self._default


def _blank(text: pd.Series) -> pd.Series:
    """A blank cell, whether it came from CSV (``""``), a DataFrame (NaN) or a database
    export (``NULL``)."""
    return text.isna() | (text.str.strip() == "") | text.str.lower().isin(NULL_WORDS)


def _null_word(text: pd.Series) -> np.ndarray:
    """Where stripped texts are a word for an empty cell (:data:`NULL_WORDS`: ``NULL``,
    ``NaN``, ``N/A``, in any case)."""
    return _among(text, NULL_WORDS, lambda t: t.str.lower())


def _among(
    text: pd.Series, words: Collection[str], spell: Callable[[pd.Series], pd.Series]
) -> np.ndarray:
    """Where ``spell(text)`` is one of ``words``; only texts of their lengths are
    spelled (a long column of ids holds few)."""
    lengths = {len(w) for w in words}
    out = np.zeros(len(text), dtype=bool)
    near = np.flatnonzero(text.str.len().isin(lengths).to_numpy(dtype=bool))
    if len(near):
        out[near] = spell(text.iloc[near]).isin(words).to_numpy(dtype=bool)
    return out


def _header_words(column: object, columns: Mapping[str, str] | None, table: str) -> set[str]:
    """What a header row may write for ``column`` (as :func:`wide_kind` spells names):
    its own name, and the names the caller's mapping renames to it."""
    renamed = table_columns(columns, table=table).items()
    other = STORE_COLUMN_ALIASES.items() if table == "stores" else ()
    return (
        {wide_kind(column)}
        | {wide_kind(src) for src, dst in renamed if dst == column}
        | {name for name, dst in other if dst == column}
    )


def _naming(text: pd.Series, words: set[str]) -> np.ndarray:
    """Where stripped texts name a column of ``words`` (spelled as :func:`wide_kind`
    spells names: lower case, ``_`` for spaces and hyphens); column-wise."""
    return _among(
        text.astype("str"),
        words,
        lambda t: (
            t.str.lower().str.replace(" ", "_", regex=False).str.replace("-", "_", regex=False)
        ),
    )


def _whole_rows(
    frame: pd.DataFrame,
    rows: np.ndarray,
    *,
    required: tuple[str, ...],
    columns: Mapping[str, str] | None,
    table: str,
) -> tuple[np.ndarray, np.ndarray]:
    """Of ``rows`` (positions in ``frame``), which are empty in every cell (``""``,
    missing or a word for an empty cell: :func:`_blank`), and which repeat the header:
    the ``required`` columns' cells name their columns, and the others name theirs or
    are empty (a header row again, where files were joined).

    Only ``rows`` are looked at (the few that failed a cheaper test), one column at
    a time, each column only at the rows still in question.
    """
    empty = np.ones(len(rows), dtype=bool)
    header = np.ones(len(rows), dtype=bool)
    others = [c for c in frame.columns if c not in required and c != ROW_MARK]
    for column in [c for c in required if c in frame.columns] + others:
        live = np.flatnonzero(empty | header)
        if not len(live):
            break
        text = _as_text(frame[column].iloc[rows[live]].reset_index(drop=True))
        blank = _blank(text).to_numpy(dtype=bool)
        named = _naming(text, _header_words(column, columns, table))
        empty[live] &= blank
        header[live] &= named if column in required else blank | named
    return empty, header & ~empty


def _whole_rows_rejected(
    table: str,
    rows: np.ndarray,
    empty: np.ndarray,
    header: np.ndarray,
    values: np.ndarray,
) -> pd.DataFrame:
    """``empty_row`` and ``header_row`` records (dropped) of input ``rows``; ``values``
    is each row's ``store_id`` cell."""
    aside = empty | header
    reasons = np.where(empty[aside], "empty_row", "header_row")
    return make_rejected(
        table,
        rows[aside],
        [None] * int(aside.sum()),
        "store_id",
        [None if e else v for e, v in zip(empty[aside], values[aside].tolist(), strict=True)],
        reasons.tolist(),
        [ROW_REASONS[r] for r in reasons.tolist()],
        dropped=True,
    )


def parse_dates(
    values: pd.Series,
    *,
    order: str = "auto",
    order_from: Iterable[pd.Series] = (),
    default_order: DefaultOrder = "month_first",
    order_by_value: bool = False,
    spreadsheet_serials: bool = False,
) -> tuple[pd.Series, pd.Series]:
    """Parse a column of dates, each distinct value once.

    Parameters
    ----------
    values : Series
        Date texts (ISO 8601 preferred; other common forms are read by pandas),
        ``datetime64`` values, or missing/empty values.
    order : {"auto", "day_first", "month_first", "year_first"}, default "auto"
        Order of numeric dates (``05/03/2024``, ``23/03/12``): ``"auto"`` decides it
        from the values (see Notes); ``"day_first"`` or ``"month_first"`` declares it,
        the year last, and a value that reads only the other way (``25/12/2024`` under
        ``"month_first"``) is bad; ``"year_first"`` reads two-digit-year dates year,
        month, day (``23/03/12`` is 2023-03-12), one that reads only year last being
        bad (the config's ``dates.order``).
    order_from : iterable of Series, optional
        The table's other date columns: their numeric dates that read only one way
        count as evidence for the day/month order too, so that a table's dates share
        one order (``closed_at`` ``01/03/2022`` is 1 March when ``opened_at`` holds
        ``15/02/2022``).
    default_order : {"month_first", "day_first"} or callable, default "month_first"
        Under ``"auto"``, the order of the values that read either way when no value
        of the column (or of ``order_from``) reads only one way: the order the other
        table proves (:func:`proven_date_order`). A function returning it is called
        only when such a value is met.
    order_by_value : bool, default False
        Decide the day/month order of numeric dates (``01/03/2022``) from each value
        alone instead of from the whole column (``order_from`` is then not used; a
        declared ``order`` is, and ``default_order`` reads a value that reads either
        way): screening reads a registration's date without the others screened with
        it, in the order the batch's stores table was read in.
    spreadsheet_serials : bool, default False
        Read spreadsheet serial day numbers (``45352``: days since 1899-12-30, a
        fraction the time of day) of 1970-01-01 to 2099-12-31 as dates (the config's
        ``dates.spreadsheet_serials``; :data:`SPREADSHEET_SERIALS`); else they are bad
        (:func:`spreadsheet_serial_dates` tells them apart).

    Returns
    -------
    parsed : Series of datetime64[ns]
        Naive: the date and time as written, a time zone after the time dropped
        (see Notes); NaT where empty or unparseable.
    bad : Series of bool
        True where a non-empty value could not be parsed.

    Notes
    -----
    ISO 8601 values (``2022-03-01``, with or without a time and time zone),
    ``2022/03/01`` and the like are read as they are. Other rules:

    - A time zone after a time (``-05:00``, ``Z``, ``GMT+8``, ``CET``) is dropped, not
      applied: ``2024-03-01T23:30:00-05:00`` is 1 March 23:30, the date the source
      shows, as its dates without a time do (in UTC it would be 2 March). A
      ``datetime64`` column with a zone is read in its own zone; Unix epoch numbers
      name none and are read in UTC.
    - Numeric day/month/year dates (``/``, ``.`` or ``-`` between the fields) get one
      day/month order per column (with ``order_from``: per table), from the values
      that read only one way: a first field above 12 (``15/02/2022``) means day first,
      a second field above 12 (``02/15/2022``) month first, and a dot-separated date
      (``01.05.2022``) is day first by (European) convention, but for one whose
      fields read only month first (``01.13.2022``: month first). The convention is no
      proof for slash and dash dates: beside dotted dates, one that reads either way is
      bad unless a date's fields prove the order. With no such value, month first
      (pandas' default). When there is evidence both ways, a value that
      reads either way (``01/03/2022``) is bad: its day/month order is ambiguous in
      the column. A one- or two-digit year is 1969-1999 for 69-99 and 2000-2068 for
      0-68 (POSIX ``%y``).
    - A date with a two-digit year may be written year first (``23/03/12``: 12 March
      2023 in a Japanese, Korean or Chinese export). The column (with ``order_from``:
      the table) reads its such dates year first where a date proves it (a first field
      that is no day, ``98/03/12``, or four-digit years written first with ``/`` or
      ``.``, ``2023/03/12``) and none proves year last (``12/03/98``, ``03/15/22``, or
      four-digit years last, ``12/03/2023``), or, with no proof either way, where their
      fields show it (the day field holding days from both ends of the month and many
      more distinct values than the year field: :func:`_year_place`); year last the
      other way round, as before. Where the column tells neither (or proves both), a
      date that reads both ways is bad, and a date read year first is no evidence of
      the day/month order. Each value alone (``order_by_value``), one whose first field
      may be a day or a year of 2013-2031 (``23/03/12``) is bad.
    - Values outside what ``datetime64[ns]`` holds (1677-09-22 to 2262-04-11, such as
      the "never" sentinel ``9999-12-31`` or ``0001-01-01``) are bad.
    - Values without a date of their own are bad, rather than read relative to the
      clock: ``now``, ``today``, a time alone (``12:30``) or a time with part of a
      date (``12:30 May 2020``); so is a year or a month without a day (``2024``,
      ``2024-03``, ``March 2024``), which pandas reads as the first day.
    - Numbers are read where they can only be dates (also in a numeric column):
      eight digits as ``YYYYMMDD``, 9-10 digits as Unix epoch seconds and 12-13 as
      epoch milliseconds (a fraction allowed), but for twelve digits that are a
      ``YYYYMMDDhhmm`` of 1900-2099. Spreadsheet serial day numbers (``45000``) are
      bad unless ``spreadsheet_serials``; other numbers are bad.
    - Placeholders for an unknown date (``1970-01-01``, ``1900-01-01``, ``2099-12-31``,
      ...) are read as the dates they are: the loader (:func:`validate_stores`,
      :func:`validate_links`) clears them and notes them as ``placeholder_date``
      (:func:`placeholder_dates`), as it does the number 0, which is bad here.

    The result depends on the input only, never on today's date.

    Examples
    --------
    >>> import pandas as pd
    >>> parsed, bad = parse_dates(pd.Series(["2017-03-01", "", "31/02/2017", None, "now"]))
    >>> parsed.dt.strftime("%Y-%m-%d").tolist()
    ['2017-03-01', nan, nan, nan, nan]
    >>> bad.tolist()
    [False, False, True, False, True]
    >>> parsed, bad = parse_dates(pd.Series(["01/03/2022", "15/02/2022", "12:30"]))
    >>> parsed.dt.strftime("%Y-%m-%d").tolist()
    ['2022-03-01', '2022-02-15', nan]
    >>> bad.tolist()
    [False, False, True]
    >>> parsed, bad = parse_dates(pd.Series(["01/03/2022", "25/12/2024"]), order="month_first")
    >>> parsed.dt.strftime("%Y-%m-%d").tolist(), bad.tolist()
    (['2022-01-03', nan], [False, True])
    >>> parsed, bad = parse_dates(pd.Series(["45352", 45352]), spreadsheet_serials=True)
    >>> parsed.dt.strftime("%Y-%m-%d").tolist(), bad.tolist()
    (['2024-03-01', '2024-03-01'], [False, False])
    """
    others = [] if order_by_value else list(order_from)
    years = _year_evidence([values, *others]) if not order_by_value else None
    place: _YearPlace = "first" if order == "year_first" else _year_place(years or _NO_YEARS)
    parsed, bad, _, _, _ = _parse_dates(
        values,
        order=order,
        prior=None if order_by_value else _order_evidence(others, year_place=place),
        default_order=default_order,
        serials=spreadsheet_serials,
        years=years,
    )
    return parsed, bad


def spreadsheet_serial_dates(values: pd.Series) -> np.ndarray:
    """Where values are spreadsheet serial day numbers :func:`parse_dates` reads only
    with ``spreadsheet_serials`` (five digits, maybe a fraction, of 1970-01-01 to
    2099-12-31: :data:`SPREADSHEET_SERIALS`): what the loader clears as
    ``spreadsheet_serial`` rather than ``invalid_date`` without it.

    Examples
    --------
    >>> import pandas as pd
    >>> spreadsheet_serial_dates(pd.Series(["45352", 45352.5, "19800", None, "2024-03-01"]))
    array([ True,  True, False, False, False])
    """
    codes, text = _distinct_text(values)
    _, serial = _spreadsheet_serial_ns(text)
    return np.append(serial, False)[codes]


def _parse_dates(
    values: pd.Series,
    *,
    order: str,
    prior: _Evidence,
    default_order: DefaultOrder,
    serials: bool = False,
    years: _Years | None = None,
) -> tuple[pd.Series, pd.Series, tuple[bool, bool, bool], np.ndarray, np.ndarray]:
    """:func:`parse_dates` given the evidence of the table's other columns (``prior``)
    and of where its two-digit-year dates put the year (``years``, :class:`_Years`;
    this column's own is added), the evidence found (:data:`_Evidence`, with
    ``prior``'s), where a value is a placeholder for an unknown date
    (:func:`placeholder_dates`, or a number that is zero, which is also bad), and where
    it is a spreadsheet serial day number left unread (bad too: ``serials`` off);
    placeholders are left as :func:`parse_dates` reads them."""
    if order not in DATE_ORDERS:
        raise ValueError(f"'order' must be one of {', '.join(DATE_ORDERS)} (got {order!r})")
    if isinstance(default_order, str) and default_order not in ("day_first", "month_first"):
        raise ValueError(
            f"'default_order' must be 'day_first' or 'month_first' (got {default_order!r})"
        )
    if pd.api.types.is_datetime64_any_dtype(values):
        parsed = pd.to_datetime(values)
        if getattr(parsed.dt, "tz", None) is not None:
            # the wall-clock time in the column's own zone: the date as the source shows it
            parsed = parsed.dt.tz_localize(None)
        inside, outside = _within_range(parsed)
        no_serial = np.zeros(len(values), dtype=bool)
        return inside, outside, prior or _NO_EVIDENCE, placeholder_dates(inside), no_serial
    # each distinct raw value is stripped and parsed once
    codes, text = _distinct_text(values)
    if prior is not None and order == "auto":  # this column's two-digit years count too
        years = _joined_years(years or _NO_YEARS, _texts_years(text))
    rule = _DayMonth(order, prior, default_order, serials=serials, years=years)
    empty = (
        text.isna()
        | (text == "")
        | text.str.lower().isin(_NO_DATE)
        | text.str.fullmatch(_ZERO_DATE, na=False)
    ).to_numpy(dtype=bool)
    codes = np.where(np.append(empty, True)[codes], -1, codes)
    uniq = pd.Series(text.to_numpy(dtype=object), dtype=object)
    parsed_u, evidence, serial_u = _parse_distinct(uniq, empty, rule)
    # code -1 (empty) picks the trailing NaT
    out = np.append(parsed_u, np.datetime64("NaT", "ns"))[codes]
    bad = (codes >= 0) & np.isnat(out)
    placeholder = np.append(_placeholders_of(uniq, parsed_u), False)[codes]
    serial = np.append(serial_u & np.isnat(parsed_u), False)[codes]
    return (
        pd.Series(out, index=values.index, copy=False),
        pd.Series(bad, index=values.index),
        evidence,
        placeholder,
        serial,
    )


def _parse_distinct(
    texts: pd.Series, empty: np.ndarray, rule: _DayMonth
) -> tuple[np.ndarray, tuple[bool, bool, bool], np.ndarray]:
    """``datetime64[ns]`` (naive, as written) of distinct stripped texts, NaT where unreadable,
    the day/month evidence found (with ``rule.prior``'s), and where a text is a
    spreadsheet serial day number (:func:`_spreadsheet_serial_ns`; read only under
    ``rule.serials``).

    ISO 8601 first, all values at once; the rest (not ``empty``) by :func:`_parse_other`.
    """
    evidence = rule.prior or _NO_EVIDENCE
    serial = np.zeros(len(texts), dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        local = _without_offset(texts)
        out, outside = _buddhist_era(local, *_to_ns(local, "ISO8601"), "ISO8601")
        todo = np.flatnonzero(np.isnat(out) & ~outside & ~empty)
        if len(todo):  # Unix epoch numbers: read column-wise, never by pandas' guesses
            epoch, numbers = _epoch_ns(texts.iloc[todo])
            out[todo[numbers]] = epoch[numbers]
            todo = todo[~numbers]
        if len(todo):  # spreadsheet serial day numbers: pandas reads none of them
            days, serials = _spreadsheet_serial_ns(texts.iloc[todo])
            serial[todo[serials]] = True
            if rule.serials:
                out[todo[serials]] = days[serials]
            todo = todo[~serials]
        if len(todo):
            out[todo], evidence = _parse_other(local.iloc[todo].reset_index(drop=True), rule)
    # pandas reads "now" and "today" as the clock's time: not a date in the data
    relative = texts.astype(str).str.strip().str.lower().isin(_RELATIVE_DATES).to_numpy()
    out[relative | _without_day(texts)] = np.datetime64("NaT", "ns")
    return out, evidence, serial


#: A time zone after a time: ``Z`` or an offset (``-05:00``, ``+0800``, ``+08``), what
#: ISO 8601 and e-mail dates write and what zone names are rewritten as. It is dropped
#: (:func:`_without_offset`): a date is read as the source wrote it, in its own zone.
_OFFSET_AFTER_TIME = (
    r"^(.*[0-9]:[0-9]{2}(?::[0-9]{2}(?:[.,][0-9]+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?)"
    r"\s*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)$"
)
#: The same for RE2 on ASCII text (RE2's ``\s`` lacks some of Python's ASCII spaces).
_OFFSET_AFTER_TIME_RE2 = _OFFSET_AFTER_TIME.replace("\\s", "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f ]")


def _without_offset(texts: pd.Series) -> pd.Series:
    """Texts with the time zone after their time (:data:`_OFFSET_AFTER_TIME`) removed:
    the wall-clock date and time as written, whatever zone they were written in.

    A store closed on the evening of 1 March in New York (``2024-03-01T23:30:00-05:00``)
    was closed on 1 March, as the platform's tools and a date written without a time
    say; in UTC it would be 2 March.

    Examples
    --------
    >>> texts = pd.Series(["2024-03-01T23:30:00-05:00", "2024-03-01", "1 Mar 2024 9:30 PM+08"])
    >>> _without_offset(texts).tolist()
    ['2024-03-01T23:30:00', '2024-03-01', '1 Mar 2024 9:30 PM']
    """
    return _ascii_wise(
        texts,
        lambda arr: pc.replace_substring_regex(arr, _OFFSET_AFTER_TIME_RE2, r"\1"),
        lambda texts: texts.str.replace(_OFFSET_AFTER_TIME, r"\1", regex=True),
    )


#: A year alone, or a year and month without a day (``2024``, ``2024-03``, ``03/2024``,
#: ``March 2024``): one number of four digits and no other digit, or the numeric forms.
_WITHOUT_DAY = r"^[^\p{Nd}]*[0-9]{4}[^\p{Nd}]*$|^[0-9]{4}[-/.][0-9]{1,2}$|^[0-9]{1,2}[-/.][0-9]{4}$"


def _without_day(texts: pd.Series) -> np.ndarray:
    """Where a text names a year, or a month of a year, but no day: pandas reads it as
    the first day, which is no date the source gave.

    Examples
    --------
    >>> _without_day(pd.Series(["2024", "2024-03", "March 2024", "1 March 2024", None])).tolist()
    [True, True, True, False, False]
    """
    arr = pa.array(texts.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    return np.asarray(pc.fill_null(pc.match_substring_regex(arr, _WITHOUT_DAY), False), dtype=bool)


#: A Unix epoch number: 9-10 digits of seconds (1973-03-03 to 2286-11-20) or 12-13 of
#: milliseconds, maybe with a fraction (a float column's ``1609459200.0``). No other
#: date is all digits of these lengths but ``YYYYMMDDhhmm`` (12 digits), which
#: :data:`_DIGITS_DATE_TIME` tells apart.
_EPOCH_NUMBER = r"^(?P<whole>[0-9]{9,10}|[0-9]{12,13})(?:\.(?P<fraction>[0-9]+))?$"
#: Twelve digits that are a date and time ``YYYYMMDDhhmm`` of 1900-2099 (pandas reads
#: them so): not milliseconds (which would be 1973-2001).
_DIGITS_DATE_TIME = (
    r"^(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?:[01][0-9]|2[0-3])[0-5][0-9]$"
)
#: The largest whole seconds and milliseconds ``datetime64[ns]`` holds (2262-04-11).
_EPOCH_MAX = {1: 9_223_372_035, 1000: 9_223_372_036_853}


#: A spreadsheet's serial day number: days since :data:`SPREADSHEET_EPOCH` (Excel's
#: 1900 date system from 1 March 1900 on, LibreOffice, Google Sheets), a fraction being
#: the time of day (``45352.5`` is 2024-03-01 12:00). Five digits: 1927-2173.
_SERIAL_NUMBER = r"^[0-9]{5}(?:\.[0-9]+)?$"
SPREADSHEET_EPOCH = "1899-12-30"
#: The serial day numbers read as dates under ``dates.spreadsheet_serials`` (and
#: cleared as ``spreadsheet_serial`` without it): 1970-01-01 to 2099-12-31. Smaller
#: five-digit numbers are more likely days since 1970 (``19800`` is 2024-03-18 so), which
#: are not read; 1970-01-01 and 2099-12-31 themselves are then placeholders.
SPREADSHEET_SERIALS = (25_569, 73_050)
_DAY_NS = 86_400_000_000_000
_SERIAL_EPOCH_NS = int(np.datetime64(SPREADSHEET_EPOCH, "ns").view(np.int64))


def _spreadsheet_serial_ns(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``datetime64[ns]`` of the texts that are spreadsheet serial day numbers of
    :data:`SPREADSHEET_SERIALS` (:data:`_SERIAL_NUMBER`), to the second, and where they are.

    Examples
    --------
    >>> at, serial = _spreadsheet_serial_ns(pd.Series(["45352", "45352.5", "19800", "2024"]))
    >>> at[:2].astype("datetime64[s]").astype(str).tolist(), serial.tolist()
    (['2024-03-01T00:00:00', '2024-03-01T12:00:00'], [True, True, False, False])
    """
    arr = pa.array(texts.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    found = pc.fill_null(pc.match_substring_regex(arr, _SERIAL_NUMBER), False)
    serial = np.asarray(found, dtype=bool)
    out = np.full(len(texts), np.datetime64("NaT", "ns"))
    at = np.flatnonzero(serial)
    if not len(at):
        return out, serial
    days = pd.to_numeric(texts.iloc[at], errors="coerce").to_numpy(dtype=np.float64)
    lo, hi = SPREADSHEET_SERIALS
    inside = (days >= lo) & (days < hi + 1)
    serial[at[~inside]] = False
    seconds = np.round(days[inside] * 86_400).astype(np.int64)
    out[at[inside]] = (_SERIAL_EPOCH_NS + seconds * 1_000_000_000).astype("datetime64[ns]")
    return out, serial


def _epoch_ns(texts: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``datetime64[ns]`` of the texts that are Unix epoch numbers (:data:`_EPOCH_NUMBER`),
    and where they are; NaT where a text is one but after 2262.

    Examples
    --------
    >>> at, numbers = _epoch_ns(pd.Series(["1609459200", "1609459200123", "45000", "9999999999"]))
    >>> at[:2].astype(str).tolist(), numbers.tolist()
    (['2021-01-01T00:00:00.000000000', '2021-01-01T00:00:00.123000000'], [True, True, False, True])
    """
    arr = pa.array(texts.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    found = pc.extract_regex(arr, _EPOCH_NUMBER)
    numbers = np.asarray(found.is_valid(), dtype=bool)
    stamp = np.asarray(pc.fill_null(pc.match_substring_regex(arr, _DIGITS_DATE_TIME), False))
    numbers &= ~stamp.astype(bool)
    out = np.full(len(texts), np.datetime64("NaT", "ns"))
    at = np.flatnonzero(numbers)
    if not len(at):
        return out, numbers
    found = found.take(pa.array(at))
    whole_text = pc.struct_field(found, "whole")
    whole = np.asarray(pc.cast(whole_text, pa.int64()), dtype=np.int64)
    per_second = np.where(np.asarray(pc.utf8_length(whole_text)) <= 10, 1, 1000)
    # the fraction's first digits, as nanoseconds (of a second or a millisecond)
    digits = np.where(per_second == 1, 9, 6)
    fraction = pc.utf8_slice_codeunits(pc.struct_field(found, "fraction"), 0, 9)
    padded = pc.utf8_rpad(fraction, 9, "0")
    nines = np.asarray(pc.cast(padded, pa.int64()), dtype=np.int64)
    part = nines // np.where(digits == 9, 1, 1000)
    inside = whole <= np.where(per_second == 1, _EPOCH_MAX[1], _EPOCH_MAX[1000])
    ns = np.where(inside, whole, 0) * (1_000_000_000 // per_second) + part
    out[at[inside]] = ns[inside].astype("datetime64[ns]")
    return out, numbers


def _to_ns(texts: pd.Series, date_format: str) -> tuple[np.ndarray, np.ndarray]:
    """``datetime64[ns]`` (naive) of texts in one pandas ``format``, and where a text
    parsed but falls outside 1677-2262. Texts hold no zone (:func:`_without_offset`);
    one pandas still reads a zone in is read in UTC, rather than refused with the
    column.

    NaT where a text does not parse or is outside. Each call is range-checked on its
    own: pandas picks the unit (``us``, or ``ns`` for finer fractions) per call, and
    in ``ns`` an outside value does not parse.
    """
    parsed = pd.to_datetime(texts, errors="coerce", format=date_format, utc=True)
    inside, outside = _within_range(parsed.dt.tz_localize(None))
    return inside.to_numpy(copy=True), outside.to_numpy()


#: A year of the Thai solar calendar (Buddhist era, 543 years ahead: 2566 is 2023),
#: as Thai exports write dates; no such year is a Gregorian one datetime64 holds.
_BUDDHIST_YEAR = re.compile(r"(?<!\d)(2[56]\d\d)(?!\d)")
_BUDDHIST_ERA = 543


def _buddhist_era(
    texts: pd.Series, out: np.ndarray, outside: np.ndarray, date_format: str
) -> tuple[np.ndarray, np.ndarray]:
    """``out`` and ``outside`` of :func:`_to_ns`, with the dates outside 1677-2262
    that hold one year 2500-2699 read in the Buddhist era (``15/03/2566``), and so the
    texts that did not parse but hold one: the leap day ``2567-02-29`` is 29 February
    2024 (2567 is no leap year; the date is checked after 543 years are taken off)."""
    unread = np.isnat(out) & ~outside
    if unread.any():
        years = pd.Series(texts.to_numpy(dtype=object)[unread], dtype=object)
        unread[np.flatnonzero(unread)] = years.str.contains(_BUDDHIST_YEAR, na=False).to_numpy(
            dtype=bool
        )
    at = np.flatnonzero(outside | unread)
    if not len(at):
        return out, outside
    shifted = [
        _BUDDHIST_YEAR.sub(lambda m: str(int(m[1]) - _BUDDHIST_ERA), t)
        if isinstance(t, str) and len(_BUDDHIST_YEAR.findall(t)) == 1
        else None
        for t in texts.iloc[at].tolist()
    ]
    again, _ = _to_ns(pd.Series(shifted, dtype=object), date_format)
    read = ~np.isnat(again)
    out[at[read]] = again[read]
    outside = outside.copy()
    outside[at[read]] = False
    return out, outside


def _parse_other(texts: pd.Series, rule: _DayMonth) -> tuple[np.ndarray, tuple[bool, bool, bool]]:
    """``datetime64[ns]`` of non-ISO texts: numeric day/month dates put in ISO order
    first (:func:`_numeric_day_month`), then pandas' per-value parser; NaT where the
    day/month order is ambiguous or contradicts ``rule.order``, or the date would
    come from today's. Also the day/month evidence found (with ``rule.prior``'s)."""
    rewritten, ambiguous, evidence = _numeric_day_month(texts, rule)
    # ISO text once rewritten (or once " UTC" is an offset) is read column-wise; pandas'
    # per-value parser, which reads it the same way, is fifty times slower
    rewritten = _ascii_wise(
        rewritten,
        lambda arr: pc.replace_substring_regex(arr, _UTC_SUFFIX_RE2, r"\1+00:00"),
        lambda texts: texts.str.replace(_UTC_SUFFIX, r"\1+00:00", regex=True),
    )
    rewritten = _without_offset(_words_rewritten(rewritten))
    out, outside = _buddhist_era(rewritten, *_to_ns(rewritten, "ISO8601"), "ISO8601")
    rest = np.flatnonzero(np.isnat(out) & ~outside)
    if len(rest):
        left = rewritten.iloc[rest].reset_index(drop=True)
        out[rest], _ = _buddhist_era(left, *_to_ns(left, "mixed"), "mixed")
    out[ambiguous | _borrows_today(texts)] = np.datetime64("NaT", "ns")
    return out, evidence


def _words_rewritten(texts: pd.Series) -> pd.Series:
    """Texts with dates or time zones in words rewritten as ISO 8601 (see
    :mod:`sellergraph._date_words`); found by RE2, rewritten per value."""
    from ._date_words import MAY_HOLD_WORDS, rewrite

    arr = pa.array(texts.to_numpy(dtype=object), type=pa.large_string())
    found = pc.fill_null(pc.match_substring_regex(arr, MAY_HOLD_WORDS), False)
    may = np.flatnonzero(np.asarray(found, dtype=bool))
    if not len(may):
        return texts
    out = texts.astype(object, copy=True)
    out.iloc[may] = [rewrite(str(t)) for t in texts.iloc[may].tolist()]
    return out


#: An ISO date and time followed by `` UTC`` or `` GMT`` (``2022-03-01 10:00:00 UTC``).
_UTC_SUFFIX = r"^(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(?:UTC|GMT)$"
#: The same for RE2 on ASCII text (RE2's ``\s`` lacks some of Python's ASCII spaces).
_UTC_SUFFIX_RE2 = _UTC_SUFFIX.replace("\\s", "[\\t\\n\\x0b\\x0c\\r\\x1c-\\x1f ]")
#: :data:`_NUMERIC_DAY_MONTH` for RE2, which has no backreference: both separators
#: are captured and compared after (digits around them make the split unique).
_NUMERIC_DAY_MONTH_RE2 = (
    r"^(?P<first>\d{1,2})(?P<sep>[./-])(?P<second>\d{1,2})(?P<sep2>[./-])"
    r"(?P<year>\d{4}|\d{1,2})(?P<rest>" + _DATE_REST[1:-1] + ")$"
)
_FIELDS = ["first", "sep", "second", "year", "rest"]


def _arrow_and_not_ascii(texts: pd.Series) -> tuple[Any, np.ndarray]:
    """Texts as Arrow, and the positions of those that are not ASCII."""
    arr = pa.array(texts.to_numpy(dtype=object), type=pa.large_string())
    return arr, np.flatnonzero(~np.asarray(pc.string_is_ascii(arr), dtype=bool))


def _ascii_wise(
    texts: pd.Series, arrow: Callable[[Any], Any], python: Callable[[pd.Series], Any]
) -> pd.Series:
    """A regex rule on texts (object dtype out): by ``arrow`` (RE2, column-wise) on
    ASCII texts, where RE2's ``\\d`` and ``$`` read as Python's, and by ``python``
    (pandas' per-value ``str`` methods) on the others."""
    arr, other = _arrow_and_not_ascii(texts)
    out = pd.Series(arrow(arr).to_numpy(zero_copy_only=False), index=texts.index, dtype=object)
    if len(other):
        out.iloc[other] = np.asarray(python(texts.iloc[other].astype(object)), dtype=object)
    return out


def _numeric_fields(texts: pd.Series) -> pd.DataFrame:
    """Fields of the numeric day/month/year texts (:data:`_NUMERIC_DAY_MONTH`).

    Columns ``first, sep, second, year, rest`` (text), one row per text, missing
    where the text is not such a date.
    """
    texts = texts.astype(object)
    arr, other = _arrow_and_not_ascii(texts)
    found = pc.extract_regex(arr, _NUMERIC_DAY_MONTH_RE2)
    same = pc.equal(pc.struct_field(found, "sep"), pc.struct_field(found, "sep2"))
    matched = np.asarray(pc.fill_null(same, False), dtype=bool)
    fields = pd.DataFrame(
        {
            name: np.where(
                matched, pc.struct_field(found, name).to_numpy(zero_copy_only=False), None
            )
            for name in _FIELDS
        },
        index=texts.index,
    )
    if len(other):  # Python's \d takes other scripts' digits: its regex decides
        slow = texts.iloc[other].str.extract(_NUMERIC_DAY_MONTH)
        fields.iloc[other] = slow.to_numpy(dtype=object)
    return fields


def _says(fields: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per numeric date (rows of :func:`_numeric_fields`, all found): whether its
    fields read only day first (a first field of 13-31 and a second of 1-12), whether
    they read only month first (the other way round), and whether it is a dotted date
    read day first by convention alone.

    A date's fields outweigh the convention: a dotted date that reads only month
    first (``04.13.2024``) says month first, whatever its separator, as
    ``25/03/2024`` says day first whatever its own.

    Examples
    --------
    >>> fields = _numeric_fields(pd.Series(["25/03/2024", "05.03.2024", "04.13.2024"]))
    >>> [a.tolist() for a in _says(fields)]
    [[True, False, False], [False, False, True], [False, True, False]]
    """
    first = fields["first"].astype(np.int64).to_numpy()
    second = fields["second"].astype(np.int64).to_numpy()
    day, month = _day_and_month(first, second), _day_and_month(second, first)
    dotted = (fields["sep"] == ".").to_numpy() & ~day & ~month
    return day, month, dotted


def _day_and_month(day: np.ndarray, month: np.ndarray) -> np.ndarray:
    """True where ``day`` can only be a day (13-31) and ``month`` is a month (1-12)."""
    return (day >= 13) & (day <= 31) & (month >= 1) & (month <= 12)


def _order_evidence(
    columns: Iterable[pd.Series], *, year_place: _YearPlace = "as_columns_say"
) -> tuple[bool, bool, bool]:
    """The :data:`_Evidence` of the numeric dates of ``columns``. Only texts with a
    separator after one or two digits are looked at closely, each distinct one once.

    A date with a two-digit year counts only where it is read year last: where the
    table's such dates put the year (``year_place``, :func:`_year_place`; by default as
    ``columns`` say). ``23/03/12`` proves no day first in a table that writes its
    year first (12 March 2023), nor where that cannot be told.
    """
    columns = list(columns)
    if year_place == "as_columns_say":
        year_place = _year_place(_year_evidence(columns))
    evidence = _NO_EVIDENCE
    for column in columns:
        if not (pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column)):
            continue  # datetimes and numbers hold no day/month order
        text = column if column.dtype == "str" else column.astype("str")
        head = text.str.lstrip().str.slice(1, 3)  # cheaper than a regex on every value
        maybe = head.str.contains("[./-]", regex=True, na=False).to_numpy(dtype=bool)
        if not maybe.any():
            continue
        _, distinct = _distinct_text(text[maybe])
        fields = _numeric_fields(distinct)
        fields = fields[fields["first"].notna()]
        last = _read_year_last(fields, year_place)
        day, month, dotted = _says(fields)
        evidence = _joined(evidence, (day & last, month & last, dotted & last))
    return evidence


def _year_evidence(columns: Iterable[pd.Series]) -> _Years:
    """The :class:`_Years` of the dates of ``columns`` (a table's date columns). Only
    texts that start as such a date may (:data:`_MAY_PLACE_YEAR`) are looked at
    closely, each distinct one once."""
    years = _NO_YEARS
    for column in columns:
        if not (pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column)):
            continue  # datetimes and numbers write no year
        text = column if column.dtype == "str" else column.astype("str")
        maybe = text.str.match(_MAY_PLACE_YEAR, na=False).to_numpy(dtype=bool)
        if maybe.any():
            _, distinct = _distinct_text(text[maybe])
            years = _joined_years(years, _texts_years(distinct))
    return years


def _texts_years(texts: pd.Series) -> _Years:
    """The :class:`_Years` of distinct stripped texts.

    Examples
    --------
    >>> years = _texts_years(pd.Series(["23/03/12", "21/04/01", "2023/03/12", None]))
    >>> years.first, years.last, [v for v in range(100) if years.heads >> v & 1]
    (True, False, [21, 23])
    >>> _texts_years(pd.Series(["15/03/2022", "98/03/12"]))[:2]
    (True, True)
    """
    arr = pa.array(texts.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    maybe = np.asarray(pc.fill_null(pc.match_substring_regex(arr, _MAY_PLACE_YEAR), False))
    if not maybe.any():
        return _NO_YEARS
    arr = arr.filter(pa.array(maybe))
    whole_first = bool(pc.any(pc.match_substring_regex(arr, _YEAR_FIRST_WHOLE)).as_py())
    fields = _numeric_fields(pd.Series(arr.to_numpy(zero_copy_only=False), dtype=object))
    fields = fields[fields["first"].notna()]
    short = (fields["year"].str.len() <= 2).to_numpy(dtype=bool)
    whole_last = bool((~short).any())
    if not short.any():
        return _Years(whole_first, whole_last, 0, 0)
    first, second, third = (fields[c][short].astype(np.int64).to_numpy() for c in _ORDERED)
    first_only, last_only, both = _year_fields_say(first, second, third)
    return _Years(
        whole_first or bool(first_only.any()),
        whole_last or bool(last_only.any()),
        _bits(first[both]),
        _bits(third[both]),
    )


#: The fields of a numeric date (:func:`_numeric_fields`) in the order written.
_ORDERED = ("first", "second", "year")


def _bits(values: np.ndarray) -> int:
    """A bit mask of small non-negative integers."""
    return sum(1 << int(v) for v in np.unique(values))


def _joined_years(one: _Years, other: _Years) -> _Years:
    """Two tables' (or columns') :class:`_Years` as one."""
    return _Years(
        one.first or other.first,
        one.last or other.last,
        one.heads | other.heads,
        one.tails | other.tails,
    )


def _year_fields_say(
    first: np.ndarray, second: np.ndarray, third: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per two-digit-year date (its three fields as written): whether it reads only
    year first (year, month, day), only year last (day, month, year or month, day,
    year), and both ways.

    Examples
    --------
    >>> [a.tolist() for a in _year_fields_say(*np.array([[98, 3, 12], [12, 3, 98],
    ...     [3, 15, 22], [23, 3, 12]]).T)]
    [[True, False, False, False], [False, True, True, False], [False, False, False, True]]
    """
    month = (second >= 1) & (second <= 12)
    year_first = month & (third >= 1) & (third <= 31)
    year_last = ((first >= 1) & (first <= 31) & month) | (
        (first >= 1) & (first <= 12) & (second >= 1) & (second <= 31)
    )
    return year_first & ~year_last, year_last & ~year_first, year_first & year_last


def _year_place(years: _Years) -> _YearPlace:
    """Where a table's two-digit-year dates put the year, from their evidence
    (:class:`_Years`): as the dates that read only one way prove (``"each"``: they
    prove both ways); with none, from the fields of the dates that read both ways: the
    day field holds values of 1-12 and of 13-31, the year field not, and the day field
    holds at least :data:`_YEAR_SPREAD_MORE` more distinct values than the year field,
    and :data:`_YEAR_SPREAD_TIMES` times as many (a column of ``21/04/01``,
    ``22/11/05``, ``23/03/12``, ... over a few years: the years 21-23, the days all
    over the month). Else None: it cannot be told.

    Examples
    --------
    >>> _year_place(_texts_years(pd.Series(["23/03/12", "2023/01/05"])))
    'first'
    >>> days = [f"{d:02d}/{m:02d}/{y}" for d, m, y in [(3, 1, 22), (15, 2, 22), (28, 4, 23),
    ...     (9, 7, 23), (21, 9, 24), (30, 11, 24)]]
    >>> _year_place(_texts_years(pd.Series(days))), _year_place(_texts_years(pd.Series(
    ...     ["/".join(reversed(d.split("/"))) for d in days])))
    ('last', 'first')
    >>> print(_year_place(_texts_years(pd.Series(["23/03/12", "22/11/05"]))))
    None
    """
    if years.first != years.last:
        return "first" if years.first else "last"
    if years.first:
        return "each"
    heads, tails = years.heads.bit_count(), years.tails.bit_count()

    def like_days(mask: int) -> bool:
        return bool(mask & _DAYS_LOW) and bool(mask & _DAYS_HIGH)

    def more(day: int, year: int) -> bool:
        return day >= _YEAR_SPREAD_TIMES * year and day - year >= _YEAR_SPREAD_MORE

    if like_days(years.tails) and not like_days(years.heads) and more(tails, heads):
        return "first"
    if like_days(years.heads) and not like_days(years.tails) and more(heads, tails):
        return "last"
    return None


def _read_year_last(fields: pd.DataFrame, year_place: _YearPlace) -> np.ndarray:
    """Which numeric dates (rows of :func:`_numeric_fields`, all found) are read with
    their year last in a table whose two-digit-year dates put it at ``year_place``:
    those with a four-digit year, and two-digit-year ones as ``year_place`` says."""
    short = (fields["year"].str.len() <= 2).to_numpy(dtype=bool)
    if year_place == "last" or not short.any():
        return np.ones(len(fields), dtype=bool)
    if year_place != "each":
        return ~short
    first, second, third = (fields[c].astype(np.int64).to_numpy() for c in _ORDERED)
    return ~short | _year_fields_say(first, second, third)[1]


def _joined(
    evidence: tuple[bool, bool, bool], says: tuple[np.ndarray, np.ndarray, np.ndarray]
) -> tuple[bool, bool, bool]:
    """``evidence`` with what the dates of ``says`` (:func:`_says`) add."""
    day, month, dotted = evidence
    return day or bool(says[0].any()), month or bool(says[1].any()), dotted or bool(says[2].any())


def proven_date_order(columns: Iterable[pd.Series]) -> str | None:
    """The day/month order a table's date columns prove, if they prove one.

    ``"day_first"`` when a numeric date of ``columns`` reads only day first (a first
    field of 13-31) and none only month first (a second field of 13-31, whatever the
    separator: ``04.13.2024`` too); ``"month_first"`` the other way round, and no
    dotted date is read day first by convention (``05.03.2024`` beside
    ``12/25/2024``). None when no value reads only one way, or values read each way.

    Dots are a convention, no proof: dotted dates alone (``05.03.2024``) prove no
    order for the table's other dates. In Europe dotted dates are day first; a
    table's slash dates may still come from a US export, month first. A date with a
    two-digit year counts only where ``columns`` read it year last (``23/03/12``
    beside ``2023/01/05`` proves nothing: it is 12 March 2023).

    Examples
    --------
    >>> import pandas as pd
    >>> proven_date_order([pd.Series(["05/03/2024", "25/12/2024"])])
    'day_first'
    >>> proven_date_order([pd.Series(["05/03/2024"]), pd.Series(["2024-12-25", None])])
    >>> proven_date_order([pd.Series(["12/25/2024"]), pd.Series(["25.12.2024"])])
    >>> proven_date_order([pd.Series(["05.03.2024", "2024-12-25"])])
    """
    return _proven(_order_evidence(columns))


def _proven(evidence: tuple[bool, bool, bool]) -> str | None:
    day, month, dotted = evidence
    if day and not month:
        return "day_first"
    return "month_first" if month and not day and not dotted else None


def _numeric_day_month(
    texts: pd.Series, rule: _DayMonth
) -> tuple[pd.Series, np.ndarray, tuple[bool, bool, bool]]:
    """Numeric day/month/year texts rewritten as ``YYYY-MM-DD`` (time kept), in the
    order :func:`_day_first` decides; other texts unchanged.

    Returns the texts, a bool array (True where the order is ambiguous or contradicts
    the declared one) and the evidence (:data:`_Evidence`) with ``rule.prior``'s.
    """
    fields = _numeric_fields(texts)
    found = fields["first"].notna().to_numpy()
    ambiguous = np.zeros(len(texts), dtype=bool)
    if not found.any():
        return texts, ambiguous, rule.prior or _NO_EVIDENCE
    fields = fields[found]
    first, second, third = (fields[c].astype(np.int64).to_numpy() for c in _ORDERED)
    short = (fields["year"].str.len() <= 2).to_numpy()
    year_first, year_unknown = _year_first(first, second, third, short, rule)
    # the others: day and month in the order the table's dates prove
    other = ~year_first & ~year_unknown
    day, month, dotted = _says(fields)
    says = (day & other, month & other, dotted & other)
    day_first = np.zeros(len(first), dtype=bool)
    unordered = np.zeros(len(first), dtype=bool)
    if other.any():
        day_first[other], unordered[other] = _day_first(
            first[other], second[other], (day[other], month[other], dotted[other]), rule
        )
    ambiguous[found] = unordered | year_unknown
    evidence = _joined(rule.prior or _NO_EVIDENCE, says)
    year = np.where(year_first, first, third)
    year = np.where((short | year_first) & (year < _CENTURY_PIVOT), year + 2000, year)
    year = np.where((short | year_first) & (year < 100), year + 1900, year)
    month = np.where(year_first, second, np.where(day_first, second, first))
    day = np.where(year_first, third, np.where(day_first, first, second))
    iso = (
        _digits(year, 4)
        + "-"
        + _digits(month, 2)
        + "-"
        + _digits(day, 2)
        + fields["rest"].fillna("").to_numpy(dtype=object)
    )
    rewritten = texts.copy()
    rewritten.iloc[np.flatnonzero(found)] = iso.to_numpy(dtype=object)
    return rewritten, ambiguous, evidence


def _digits(numbers: np.ndarray, width: int) -> pd.Series:
    """Non-negative integers as zero-padded text."""
    return pd.Series(numbers).astype(str).str.zfill(width)


def _year_first(
    first: np.ndarray, second: np.ndarray, third: np.ndarray, short: np.ndarray, rule: _DayMonth
) -> tuple[np.ndarray, np.ndarray]:
    """Which numeric dates (their three fields as written; ``short``: the last has one
    or two digits) read year first (``23/03/12``: 12 March 2023), and which are set
    aside because where their year is cannot be told.

    A declared ``day_first`` or ``month_first`` reads every one year last, as before
    ``year_first`` existed; ``year_first`` reads the two-digit-year ones year first,
    and sets aside those that read only year last (``15/03/45``). Under ``"auto"``,
    where the table's such dates put the year (:func:`_year_place`); each value alone
    (``rule.prior`` None), its own fields, and one that reads both ways is set aside
    when its first field may be a day or a year of 2013-2031 (``23/03/12``), the
    others read year last (``05/03/22``) as before.
    """
    none = np.zeros(len(first), dtype=bool)
    if rule.order in ("day_first", "month_first") or not short.any():
        return none, none
    first_only, last_only, both = _year_fields_say(first, second, third)
    if rule.order == "year_first":
        return short.copy(), short & last_only
    if rule.prior is None:
        return short & first_only, short & both & (first >= 13)
    place = _year_place(rule.years or _NO_YEARS)
    if place == "first":
        return short & ~last_only, none
    if place == "last":
        return none, none
    return short & first_only, short & both


def _day_first(
    first: np.ndarray,
    second: np.ndarray,
    says: tuple[np.ndarray, np.ndarray, np.ndarray],
    rule: _DayMonth,
) -> tuple[np.ndarray, np.ndarray]:
    """Whether each numeric date reads day first, and whether it is to be set aside.

    A declared order (``rule.order``) reads every date its way and sets aside those
    that read only the other way (``25/12/2024`` month first). Under ``"auto"``, a
    date with both fields up to 12 and unequal reads either way: the evidence of the
    whole column plus ``rule.prior`` (or, when ``rule.prior`` is None, of the value
    alone) decides. Evidence both ways leaves it ambiguous (set aside); none means
    ``rule.default()``.

    A dotted date is day first by convention, unless the table proves month first
    (then ambiguous). The convention is no proof for the table's slash and dash dates:
    beside dotted dates read so, one of them reads day first only when a date's
    fields prove it (``25/03/2024`` or ``25.03.2024``), and is ambiguous otherwise
    (a German export's ``05.03.2024`` beside a US export's ``05/03/2024``).
    """
    says_day, says_month, says_dotted = says
    if rule.order in ("day_first", "month_first"):
        declared = rule.order == "day_first"
        other_way = _day_and_month(second, first) if declared else _day_and_month(first, second)
        return np.full(len(first), declared), other_way
    either = (first >= 1) & (first <= 12) & (second >= 1) & (second <= 12) & (first != second)
    if rule.prior is None:  # each value alone: one that says neither takes the default
        says_day = says_day | says_dotted
        neutral = either & ~says_day & ~says_month
        if neutral.any() and rule.default() == "day_first":
            says_day = says_day | neutral
        return np.where(either, says_day & ~says_month, first > 12), either & says_day & says_month
    day, month, dotted = _joined(rule.prior, says)
    undotted = either & ~says_dotted  # a dotted date that reads either way says dotted
    if not (day or month or dotted) and undotted.any():
        day = rule.default() == "day_first"
    # dotted: day first unless month first is proved; others: as proved, ambiguous
    # where the dots' convention is the only sign of day first, or speaks against
    ambiguous = either & np.where(says_dotted, month, (day or dotted) and month)
    ambiguous |= undotted & (dotted and not day and not month)
    day_first = np.where(either, says_dotted | day, first > 12)
    return day_first, ambiguous


def _borrows_today(texts: pd.Series) -> np.ndarray:
    """True where pandas would take (part of) the date from today's.

    pandas parses a text starting with a time (``12:30``, ``12:30 May 2020``) with
    today's date as the default; such a text is kept only when it gives the whole
    date itself.
    """
    leading = texts.astype(object).str.match(_LEADING_TIME, na=False).to_numpy(dtype=bool)
    out = np.zeros(len(texts), dtype=bool)
    for i in np.flatnonzero(leading).tolist():
        out[i] = not _has_own_date(str(texts.iloc[i]))
    return out


def _has_own_date(text: str) -> bool:
    """Whether ``text`` names year, month and day: the same date with two defaults."""
    import datetime as dt

    from dateutil import parser

    try:
        one = parser.parse(text, default=dt.datetime(2000, 1, 1))
        two = parser.parse(text, default=dt.datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        return False
    return one.date() == two.date()


def placeholder_dates(parsed: pd.Series | np.ndarray) -> np.ndarray:
    """Where parsed dates are placeholders an export wrote for an unknown date.

    The loader clears them (``placeholder_date`` in ``rejected``, the row kept): a
    store registered on 1970-01-01 would look decades older than the banned store it
    returns from.

    Parameters
    ----------
    parsed : Series or ndarray of datetime64
        Naive dates and times, as :func:`parse_dates` gives them (NaT where missing).

    Returns
    -------
    ndarray of bool
        True at the Unix epoch's zero as a clock in any zone shows it
        (``1970-01-01 00:00``, ``1970-01-01 08:00``, ``1969-12-31 19:00``: UTC-12 to
        UTC+14, at a whole quarter hour), at :data:`PLACEHOLDER_DAYS` at midnight
        (``1900-01-01``, ``1899-12-30``, ``1899-12-31``, ``1904-01-01``,
        ``1753-01-01``), and on or after :data:`PLACEHOLDER_FROM` (``2099-12-31``).
        Other old dates (``1985-06-01``, ``1970-01-02``) are dates.

    Examples
    --------
    >>> import pandas as pd
    >>> placeholder_dates(pd.to_datetime(pd.Series(
    ...     ["1970-01-01", "1970-01-01 08:00", "1900-01-01", "1900-01-01 10:30",
    ...      "2099-12-31", "1985-06-01", None]), format="ISO8601")).tolist()
    [True, True, True, False, True, False, False]
    """
    ns = np.asarray(parsed, dtype="datetime64[ns]").view(np.int64)  # NaT: the lowest
    lo, hi, step = _EPOCH_ZERO_NS
    out = ns >= _PLACEHOLDER_FROM_NS
    out |= (ns >= lo) & (ns <= hi) & (ns % step == 0)
    out |= np.isin(ns, _PLACEHOLDER_DAYS_NS)
    return out


def dates_with_placeholders(
    values: pd.Series,
    *,
    order: str = "auto",
    default_order: DefaultOrder = "month_first",
    spreadsheet_serials: bool = False,
) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """:func:`parse_dates` of values each read on its own (``order_by_value``), and
    where a value is a placeholder for an unknown date, which the loader clears as
    ``placeholder_date`` (:func:`placeholder_dates`, or a number that is zero).

    For readers of one value at a time (screening) that must clear what the loader
    clears; placeholders are left as :func:`parse_dates` reads them. Spreadsheet
    serial day numbers are read with ``spreadsheet_serials`` (the config's
    ``dates.spreadsheet_serials``), else bad (:func:`spreadsheet_serial_dates`).

    Examples
    --------
    >>> import pandas as pd
    >>> parsed, bad, placeholder = dates_with_placeholders(pd.Series(["2024-05-01", "0", "x"]))
    >>> bad.tolist(), placeholder.tolist()
    ([False, True, True], [False, True, False])
    """
    parsed, bad, _, placeholder, _ = _parse_dates(
        values,
        order=order,
        prior=None,
        default_order=default_order,
        serials=spreadsheet_serials,
    )
    return parsed, bad, np.asarray(placeholder, dtype=bool)


def _placeholders_of(texts: pd.Series, parsed: np.ndarray) -> np.ndarray:
    """:func:`placeholder_dates` of distinct ``texts`` read as ``parsed``, and where an
    unread text is a number that is zero (:data:`_ZERO_NUMBER`); only unread texts
    are matched."""
    out = placeholder_dates(parsed)
    unread = np.flatnonzero(np.isnat(parsed) & texts.notna().to_numpy(dtype=bool))
    if len(unread):
        arr = pa.array(texts.iloc[unread].to_numpy(dtype=object), type=pa.large_string())
        out[unread] = np.asarray(pc.match_substring_regex(arr, _ZERO_NUMBER), dtype=bool)
    return out


#: A date this many days after every other date of its table but a few is in the
#: future of the data (:func:`future_dates`) ...
FUTURE_DAYS = 365
#: ... "a few" being at most this share of the table's dates (so a table of fewer than
#: 50 dates has no future: one date alone may be the newest store's).
FUTURE_SHARE = 0.02
#: Given the day the data is of (``dates.as_of``), a date this many days after it is
#: still no future date: an export written late on its day in a zone ahead of the
#: one it is dated in holds the next day's dates.
AS_OF_GRACE_DAYS = 1


def future_dates(
    columns: Sequence[pd.Series | np.ndarray],
    *,
    today: np.datetime64 | None = None,
    as_of: str | np.datetime64 | None = None,
) -> list[np.ndarray]:
    """Where a table's parsed dates lie in the future of its data: more than
    :data:`FUTURE_DAYS` days after every other date of the table but at most
    :data:`FUTURE_SHARE` of them, and after ``today`` (the day of the run, UTC,
    by default); or, given ``as_of`` (the day the data is of, the config's
    ``dates.as_of``), after the :data:`AS_OF_GRACE_DAYS` day(s) after it, in a table
    of any size.

    Every date of an export is on or before the day it was written, and a table's
    newest dates are close to that day (stores open, values are seen every day). A
    date a year after them is no day a store opened, closed or was seen: a "suspended
    until" day written as the closure, or a mistyped year (2032 for 2023). The loader
    clears it (``future_date``): a banned store "closed" in 2031 would hold its phone
    number until 2031, and the number, handed on to a stranger years after the ban,
    would look held by both at once, and never fade as a recycled one.

    The data says what is in the future of the data, and the day of the run what can
    be no error: an extract joining stores banned years ago with this week's few
    registrations has a gap of years before its newest dates, and those are real. A
    date is only cleared when it is after the run's day too, so an input without
    dates after that day is read the same way on any day. One with such dates is
    read by the day it is run on: ``as_of`` names the day instead, and the result is
    the same on any day (and a run of an old export can be made again as it was).
    It also judges the tables too small for the data to say what their future is:
    whatever the table, no date is after the day it was exported (but one, for time
    zones).

    Parameters
    ----------
    columns : sequence of Series or ndarray of datetime64
        The table's date columns, parsed (NaT where missing).
    today : datetime64, optional
        The day of the run, without ``as_of``; default the clock's day (UTC).
    as_of : str or datetime64, optional
        The day the data is of (``"2024-06-01"``); without, the table's own dates and
        ``today`` tell.

    Returns
    -------
    list of ndarray of bool
        Per column, where a date is in the future of the table's dates.

    Examples
    --------
    >>> import pandas as pd
    >>> opened = pd.Series(pd.date_range("2020-01-01", periods=99, freq="W"))
    >>> closed = pd.Series(["2031-06-01", "2021-03-04", None], dtype="datetime64[ns]")
    >>> [np.flatnonzero(f).tolist() for f in future_dates([opened, closed])]
    [[], [0]]
    >>> [bool(f.any()) for f in future_dates([closed])]  # three dates: none is judged
    [False]
    >>> [bool(f.any()) for f in future_dates([opened, closed], today=np.datetime64("2032-01-01"))]
    [False, False]
    >>> [np.flatnonzero(f).tolist() for f in future_dates([closed], as_of="2021-12-31")]
    [[0]]
    """
    ns = [np.asarray(c, dtype="datetime64[ns]").view(np.int64) for c in columns]
    if as_of is not None:
        cutoff = _day_ns(as_of) + (1 + AS_OF_GRACE_DAYS) * _DAY_NS  # the next day's end
        return [(c != _NAT_NS) & (c >= cutoff) for c in ns]
    none = [np.zeros(len(c), dtype=bool) for c in ns]
    known = np.concatenate([c[c != _NAT_NS] for c in ns]) if ns else np.zeros(0, np.int64)
    few = int(FUTURE_SHARE * len(known))
    if not few:
        return none
    # the newest dates, oldest first: the first gap of more than FUTURE_DAYS among them
    newest = np.sort(np.partition(known, len(known) - few - 1)[len(known) - few - 1 :])
    gaps = np.flatnonzero(np.diff(newest) > FUTURE_DAYS * _DAY_NS)
    if not len(gaps):
        return none
    after = newest[gaps[0]] + FUTURE_DAYS * _DAY_NS
    if today is None:  # the one place the clock enters a result: dates.as_of replaces it
        today = np.datetime64(datetime.now(UTC).date(), "D")
    after = max(after, _day_ns(today))
    return [(c != _NAT_NS) & (c > after) for c in ns]


def future_date_message(as_of: str | None) -> str:
    """The ``message`` of a date cleared as ``future_date``: :data:`ROW_REASONS`' without
    ``as_of``, else one naming the day the data is of.

    Examples
    --------
    >>> future_date_message("2024-06-01")[:70]
    'date is after 2024-06-01, the day the data is of (dates.as_of), and th'
    """
    if as_of is None:
        return ROW_REASONS["future_date"]
    return (
        f"date is after {as_of}, the day the data is of (dates.as_of), and the day after "
        "it (for time zones): no store closed, opened or was seen then; the value was "
        "cleared, the row kept"
    )


def _day_ns(day: str | np.datetime64) -> int:
    """Nanoseconds since 1970 of the start of ``day``."""
    return int(np.asarray(day, dtype="datetime64[D]").astype("datetime64[ns]").view(np.int64))


_NAT_NS = np.iinfo(np.int64).min
#: A day of a date column holds this share of its dates ... (:func:`busiest_day`)
ONE_DAY_SHARE = 0.9
#: ... of at least this many: the column is probably a day the data was loaded.
ONE_DAY_MIN = 50


def busiest_day(parsed: pd.Series | np.ndarray) -> tuple[int, int, str] | None:
    """A date column's non-empty dates, how many of them fall on its busiest day, and
    that day (``YYYY-MM-DD``); None without a date.

    Examples
    --------
    >>> import pandas as pd
    >>> busiest_day(pd.Series(["2024-01-01 10:00", "2024-01-01 10:05", "2023-05-02", None],
    ...                       dtype="datetime64[ns]"))
    (3, 2, '2024-01-01')
    """
    ns = np.asarray(parsed, dtype="datetime64[ns]").view(np.int64)
    ns = ns[ns != _NAT_NS]
    if not len(ns):
        return None
    days = ns // _DAY_NS
    low = int(days.min())
    if int(days.max()) - low < 1_000_000:
        counts = np.bincount(days - low)
        at = int(counts.argmax())
        top, day = int(counts[at]), at + low
    else:
        values, counts = np.unique(days, return_counts=True)
        at = int(counts.argmax())
        top, day = int(counts[at]), int(values[at])
    return len(ns), top, str(np.datetime64(day, "D"))


def _within_range(parsed: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Nanosecond datetimes; values outside 1677-2262 (``9999-12-31`` "never") become NaT."""
    lo, hi = pd.Timestamp.min, pd.Timestamp.max
    outside = parsed.notna() & ((parsed < lo) | (parsed > hi))
    return parsed.where(~outside).astype("datetime64[ns]"), outside


def _differing(rows: pd.DataFrame, store_id: pd.Series) -> str:
    """What the message of a repeated store id says of the columns its rows differ in
    (rows alike in every column are read once: only these make them two stores).

    Examples
    --------
    >>> rows = pd.DataFrame({"store_id": ["b", "b"], "status": ["banned"] * 2, "rowid": [11, 12]})
    >>> _differing(rows, rows["store_id"])
    " (its rows differ in 'rowid'; rows alike in every column are read once)"
    """
    names = []
    for c in rows.columns:
        if c in ("store_id", ROW_MARK):
            continue
        try:
            varies = rows[c].groupby(store_id.to_numpy()).nunique(dropna=False).gt(1).any()
        except TypeError:  # unhashable cells (lists): no telling
            continue
        if varies:
            names.append(repr(str(c)))
    if not names:
        return ""
    listed = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    return f" (its rows differ in {listed}; rows alike in every column are read once)"


def _list_bad_rows(
    table: str, column: str, rows: pd.Index, values: pd.Series, reason: str, message: str
) -> list[dict[str, object]]:
    out = [
        _failure(table, int(r), column, None if pd.isna(v) else v, reason, message)
        for r, v in zip(rows[:MAX_LISTED_FAILURES], values[:MAX_LISTED_FAILURES], strict=True)
    ]
    if len(rows) > MAX_LISTED_FAILURES:  # one line for the rest, which still count
        more = len(rows) - MAX_LISTED_FAILURES
        summary = f"{more:,} more rows: {message} (the first {MAX_LISTED_FAILURES:,} are listed)"
        out.append({**_failure(table, None, column, None, reason, summary), "unlisted": more})
    return out


def status_of(cells: pd.Series, statuses: Mapping[str, str]) -> pd.Series:
    """The contract status of each cell: its word (:func:`status_word`) as mapped by
    ``statuses`` (words, then prefix patterns: :func:`~sellergraph.config.read_status`),
    else the word itself (``""`` for a missing cell).

    Examples
    --------
    >>> import pandas as pd
    >>> status_of(pd.Series([" Suspended", "BANNED", None]), {"suspended": "banned"}).tolist()
    ['banned', 'banned', '']
    >>> status_of(pd.Series(["SUSPENDED - fraud", "Open"]), {"suspended*": "banned"}).tolist()
    ['banned', 'open']
    """
    codes, words = pd.factorize(_as_text(cells), use_na_sentinel=False)
    spelled = [status_word(w) if isinstance(w, str) else "" for w in words]
    named = np.asarray([read_status(w, statuses) for w in spelled], dtype=object)
    return pd.Series(named[codes], index=cells.index, dtype=object)


def _prefix_hint(value: object, alike: Sequence[object] = ()) -> str:
    """For a status of several words (``SUSPENDED - counterfeit``), how to read every
    status that starts with its first word at once (a prefix pattern), and the other
    unknown statuses (``alike``) it would read too.

    Examples
    --------
    >>> _prefix_hint("SUSPENDED - counterfeit"), _prefix_hint("open")
    (" (or all that start so: --status 'suspended*=STATUS')", '')
    >>> _prefix_hint("Suspended - Counterfeit", ["Suspended - Counterfeit", "SUSPENDED - Past Due"])
    " (or all that start so: --status 'suspended*=STATUS', which also reads 'SUSPENDED - Past Due')"
    """
    words = _status_words(value)
    if len(words) < 2:
        return ""
    also = [repr(str(a)) for a in alike if a != value and _status_words(a)[:1] == words[:1]]
    listed = ", ".join(also[:3]) + (f" and {len(also) - 3:,} more" if len(also) > 3 else "")
    reads = f", which also reads {listed}" if also else ""
    return f" (or all that start so: --status '{words[0]}*=STATUS'{reads})"


def _status_words(value: object) -> list[str]:
    return status_word(value).split() if isinstance(value, str) else []


def _unknown_statuses(table: str, cells: pd.Series, words: pd.Series) -> list[dict[str, object]]:
    """One problem per status word that is no status, at its first row; the row
    stands for every row holding the word."""
    out: list[dict[str, object]] = []
    groups = words.groupby(words.to_numpy(), sort=False, dropna=False).groups
    unknown = [cells[rows[0]] for rows in groups.values()]
    for _, rows in groups.items():
        first, n = rows[0], len(rows)
        value = cells[first]
        held = "" if n == 1 else f" ({n:,} rows hold it)"
        message = (
            f"status must be one of {', '.join(STATUSES)}{held}; map another word to one "
            f"of them with the config's statuses or --status WORD=STATUS"
            f"{_prefix_hint(value, unknown)}"
        )
        failure = _failure(
            table,
            int(first),
            "status",
            None if pd.isna(value) else value,
            "unknown_status",
            message,
        )
        out.append({**failure, "unlisted": n} if n > 1 else failure)
    return out


def validate_stores(
    frame: pd.DataFrame,
    *,
    date_order: str = "auto",
    default_date_order: DefaultOrder = "month_first",
    statuses: Mapping[str, str] | None = None,
    columns: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    spreadsheet_serials: bool = False,
    as_of: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Check the stores table and return it in canonical form.

    Parameters
    ----------
    frame : DataFrame
        The stores table, columns already renamed to the contract's names.
    date_order : {"auto", "day_first", "month_first", "year_first"}, default "auto"
        Order of numeric dates (the config's ``dates.order``; see
        :func:`parse_dates`). Under ``"auto"`` the table's date columns share one
        day/month order and one place of a two-digit year.
    default_date_order : {"month_first", "day_first"} or callable, default "month_first"
        Under ``"auto"``, the order when no date of the table reads only one way (the
        order the links table proves); a function giving it is called only when a
        date that reads either way needs it.
    statuses : mapping, optional
        Other status words and the status each means (the config's ``statuses``,
        keyed by :func:`~sellergraph.config.status_word`).
    columns : mapping, optional
        The caller's column mapping (:func:`rename_columns`), so that a header row
        repeated in the data is known by the names it gives.
    headers : mapping, optional
        The caller's names of the columns renamed (:func:`headers_as_given`), so that
        the error of a missing column lists the columns as the caller wrote them.
    spreadsheet_serials : bool, default False
        Read spreadsheet serial day numbers as dates (the config's
        ``dates.spreadsheet_serials``; see :func:`parse_dates`); without, they are
        cleared as ``spreadsheet_serial``.
    as_of : str, optional
        The day the data is of (the config's ``dates.as_of``, ``YYYY-MM-DD``), which
        :func:`future_dates` judges the dates by; without, the table's dates and the
        day of the run.

    Returns
    -------
    stores : DataFrame
        Columns ``store_id, platform, status, opened_at, closed_at, closure_reason, name``,
        then ``country`` when the input has it, plus any other input columns;
        ``store_id`` text, ``status`` one of ``active|banned|closed``, dates as
        ``datetime64``, ``country`` the region code of the phone numbering plan it names
        (``BR`` for ``Brazil``, ``bra`` or ``br``; see ``sellergraph._countries``).
        ``stores.attrs["proven_date_order"]`` is the day/month order the table's own
        dates prove (:func:`proven_date_order`), or None; ``stores.attrs["dates_given"]``
        the number of non-empty values of each date column the table has, and
        ``stores.attrs["date_days"]`` each one's :func:`busiest_day`.
    rejected : DataFrame
        Values that were cleared or noted (``invalid_date``, ``spreadsheet_serial``,
        ``placeholder_date``, ``future_date`` (:func:`future_dates`),
        ``closed_before_opened``, ``missing_closed_at``, ``unknown_country``), and rows
        that are no store,
        set aside (``dropped``): ``empty_row`` (every cell empty) and ``header_row``
        (the column names again).

    Raises
    ------
    InputError
        Listing every table-level problem found.

    Examples
    --------
    >>> import pandas as pd
    >>> stores, notes = validate_stores(pd.DataFrame({
    ...     "store_id": ["S1", "S2"], "status": ["Banned ", "active"],
    ...     "closed_at": ["2017-05-01", ""]}))
    >>> stores[["store_id", "status", "platform"]].values.tolist()
    [['S1', 'banned', 'default'], ['S2', 'active', 'default']]
    >>> validate_stores(pd.DataFrame({"store_id": ["S1", "S1"], "status": ["x", "active"]}))
    Traceback (most recent call last):
    ...
    sellergraph.errors.InputError: input breaks the data contract (3 problem(s) in stores)
    ...
    """
    table = "stores"
    failures: list[dict[str, object]] = []
    if len(frame) == 0:
        _raise_failures(
            [_failure(table, None, None, None, "empty_table", f"table has no rows: {_NO_STORES}")]
        )
    failures += _missing_columns(frame, ("store_id", "status"), table=table, headers=headers)
    _raise_failures(failures)

    frame = frame.reset_index(drop=True)
    status = status_of(frame["status"], statuses or {})
    # rows that are no store (every cell empty, or the header again) are among the
    # few whose status is none: only those are looked at closely
    odd = np.flatnonzero(~status.isin(STATUSES).to_numpy())
    aside = empty_rejected()
    if len(odd):
        empty, header = _whole_rows(
            frame, odd, required=("store_id", "status"), columns=columns, table=table
        )
        if (empty | header).any():
            cells = frame["store_id"].to_numpy(dtype=object)[odd]
            aside = _whole_rows_rejected(table, odd, empty, header, cells)
            if len(aside) == len(frame):
                _raise_failures(
                    [
                        _failure(
                            table,
                            None,
                            None,
                            None,
                            "empty_table",
                            f"table has no rows: its {len(frame):,} rows are empty or "
                            f"repeat the header; {_NO_STORES}",
                        )
                    ]
                )
            keep = np.ones(len(frame), dtype=bool)
            keep[aside["row"].to_numpy()] = False
            frame, status = frame[keep], status[keep]
    store_id = store_id_text(frame["store_id"])
    missing_id = store_id.isna() | (store_id == "")
    null_id = pd.Series(_null_word(store_id.fillna("")), index=store_id.index)
    if missing_id.any():
        failures += _list_bad_rows(
            table,
            "store_id",
            frame.index[missing_id],
            frame["store_id"][missing_id],
            "missing_value",
            "store_id is empty",
        )
    if null_id.any():  # NULL, NaN, N/A: what an export writes for no id
        for word, rows in store_id[null_id].groupby(store_id[null_id], sort=False).groups.items():
            failures += _list_bad_rows(
                table,
                "store_id",
                rows,
                frame["store_id"][rows],
                "missing_value",
                f"store_id is empty: {word!r} is a word for an empty cell",
            )
        missing_id = missing_id | null_id
    dup = store_id.duplicated(keep=False) & ~missing_id
    repeats = empty_rejected()
    if dup.any():
        again = _repeated_rows(frame, store_id, dup)
        if again.any():
            rows = frame.index[again].to_numpy()
            repeats = make_rejected(
                table,
                rows,
                store_id[again],
                "store_id",
                store_id[again],
                "repeated_store_row",
                ROW_REASONS["repeated_store_row"],
                dropped=False,
            )
            frame, store_id, missing_id = frame[~again], store_id[~again], missing_id[~again]
            status = status[~again]
            dup = store_id.duplicated(keep=False) & ~missing_id
    if dup.any():
        failures += _list_bad_rows(
            table,
            "store_id",
            frame.index[dup],
            store_id[dup],
            "duplicate_store_id",
            "store_id appears more than once" + _differing(frame[dup], store_id[dup]),
        )
    bad_status = ~status.isin(STATUSES)
    if bad_status.any():
        # an empty cell (or NULL, N/A: a word for one) is no word to map
        text = _as_text(frame["status"][bad_status])
        no_status = _blank(text)
        unknown = bad_status & ~no_status.reindex(bad_status.index, fill_value=False)
        if unknown.any():
            failures += _unknown_statuses(table, frame["status"][unknown], status[unknown])
        if no_status.any():
            failures += _list_bad_rows(
                table,
                "status",
                text.index[no_status.to_numpy(dtype=bool)],
                frame["status"][bad_status][no_status],
                "missing_value",
                f"status is empty; it must be one of {', '.join(STATUSES)}",
            )
    _raise_failures(failures)

    out = pd.DataFrame({"store_id": store_id.astype(object)})
    platform = (
        platform_text(frame["platform"])
        if "platform" in frame.columns
        else pd.Series(None, index=frame.index, dtype=object)
    )
    out["platform"] = platform.where(~_blank(platform), DEFAULT_PLATFORM)
    # one Python string per status, shared by its rows (not a million copies)
    status_code, status_names = pd.factorize(status, use_na_sentinel=False)
    out["status"] = np.asarray(status_names, dtype=object)[status_code]
    notes: list[pd.DataFrame] = [r for r in (aside, repeats) if len(r)]

    def note(col: str, cells: np.ndarray, reason: str, message: str | None = None) -> None:
        """A date of ``col`` cleared in these rows (kept, the value noted)."""
        if cells.any():
            notes.append(
                make_rejected(
                    table,
                    frame.index[cells].to_numpy(),
                    store_id[cells],
                    col,
                    frame[col][cells],
                    reason,
                    message or ROW_REASONS[reason],
                    dropped=False,
                )
            )

    dates = [c for c in ("opened_at", "closed_at") if c in frame.columns]
    evidence = _NO_EVIDENCE
    given: dict[str, int] = {}
    # where the table's two-digit-year dates (23/03/12) put the year: one place for
    # the table's dates, as one day/month order
    years = _year_evidence([frame[c] for c in dates]) if date_order == "auto" else _NO_YEARS
    place: _YearPlace = "first" if date_order == "year_first" else _year_place(years)
    for col in ("opened_at", "closed_at"):
        if col in frame.columns:
            # one day/month order for the table's dates
            others = [frame[c] for c in dates if c != col]
            parsed, bad, found, placeholder, serial = _parse_dates(
                frame[col],
                order=date_order,
                prior=(
                    _order_evidence(others, year_place=place)
                    if date_order in ("auto", "year_first")
                    else _NO_EVIDENCE
                ),
                default_order=default_date_order,
                serials=spreadsheet_serials,
                years=years,
            )
            evidence = (evidence[0] or found[0], evidence[1] or found[1], evidence[2] or found[2])
            given[col] = int(parsed.notna().sum() + bad.sum())
            if placeholder.any():
                parsed = parsed.where(~placeholder)
                bad = bad & ~placeholder
            for reason, cells in _date_reasons(bad.to_numpy(dtype=bool), serial, placeholder):
                note(col, cells, reason)
            out[col] = parsed
        else:
            out[col] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    future = future_dates([out[c] for c in dates], as_of=as_of)
    for col, cells in zip(dates, future, strict=True):
        if cells.any():
            note(col, cells, "future_date", future_date_message(as_of))
            out[col] = out[col].where(~cells)
    backwards = out["closed_at"] < out["opened_at"]
    if backwards.any():
        notes.append(
            make_rejected(
                table,
                frame.index[backwards].to_numpy(),
                store_id[backwards],
                "closed_at",
                out["closed_at"][backwards].dt.strftime("%Y-%m-%d"),
                "closed_before_opened",
                ROW_REASONS["closed_before_opened"],
                dropped=False,
            )
        )
    no_close = (out["status"] == "banned") & out["closed_at"].isna()
    if no_close.any():
        notes.append(
            make_rejected(
                table,
                frame.index[no_close].to_numpy(),
                store_id[no_close],
                "closed_at",
                [None] * int(no_close.sum()),
                "missing_closed_at",
                ROW_REASONS["missing_closed_at"],
                dropped=False,
            )
        )
    for col in ("closure_reason", "name"):
        if col in frame.columns:
            text = _as_text(frame[col])
            out[col] = text.where(~_blank(text), None)
        else:
            out[col] = pd.Series(None, index=frame.index, dtype=object)
    if "country" in frame.columns:
        regions, unknown = country_regions(frame["country"])
        out["country"] = regions
        if unknown.any():
            notes.append(
                make_rejected(
                    table,
                    frame.index[unknown].to_numpy(),
                    store_id[unknown],
                    "country",
                    frame["country"][unknown],
                    "unknown_country",
                    ROW_REASONS["unknown_country"],
                    dropped=False,
                )
            )
    for col in frame.columns:
        if col not in out.columns:
            out[col] = frame[col]
    if len(repeats) or len(aside):
        out = out.reset_index(drop=True)
    rejected = pd.concat(notes, ignore_index=True) if notes else empty_rejected()
    out.attrs["proven_date_order"] = _proven(evidence)
    out.attrs["dates_given"] = given
    out.attrs["date_days"] = {c: busiest_day(out[c]) for c in dates}
    return out, rejected


def _date_reasons(
    bad: np.ndarray, serial: np.ndarray, placeholder: np.ndarray
) -> tuple[tuple[str, np.ndarray], ...]:
    """The cleared dates of a column by reason: ``invalid_date``, ``spreadsheet_serial``
    (bad values that are spreadsheet serial day numbers) and ``placeholder_date``."""
    return (
        ("invalid_date", bad & ~serial),
        ("spreadsheet_serial", bad & serial),
        ("placeholder_date", placeholder),
    )


def _repeated_rows(frame: pd.DataFrame, store_id: pd.Series, dup: pd.Series) -> pd.Series:
    """Rows of a store id seen before (``dup``) that repeat an earlier row of it in
    every column (the same text; the store id as read, so `` S3`` is ``S3``)."""
    same = frame[dup].astype(str).assign(store_id=store_id[dup].to_numpy())
    return pd.Series(same.duplicated(keep="first"), index=frame.index[dup]).reindex(
        frame.index, fill_value=False
    )


def require_link_columns(
    frame: pd.DataFrame,
    *,
    table: str = "links",
    headers: Mapping[str, str] | None = None,
    failures: list[dict[str, object]] | None = None,
) -> None:
    """Raise :class:`InputError` when a links table lacks ``store_id``, ``kind`` or
    ``value`` (``missing_column``, listing its columns as written), or is empty and
    lacks them (``empty_table``), with any ``failures`` found before.

    Examples
    --------
    >>> links = pd.DataFrame({"id_vendeur": ["A"], "type": ["phone"], "valeur": ["1"]})
    >>> require_link_columns(links)
    Traceback (most recent call last):
    ...
    sellergraph.errors.InputError: input breaks the data contract (3 problem(s) in links)
    ...
    """
    failures = list(failures or [])
    required = ("store_id", "kind", "value")
    if len(frame) == 0 and not set(required) <= set(frame.columns):
        _raise_failures([_failure(table, None, None, None, "empty_table", "table has no rows")])
    failures += _missing_columns(frame, required, table=table, headers=headers)
    _raise_failures(failures)


def wide_kind(column: object) -> str:
    """The kind a stores column names, if it names one.

    Examples
    --------
    >>> wide_kind(" Payment Account"), wide_kind("device-id")
    ('payment_account', 'device_id')
    """
    return str(column).strip().lower().replace(" ", "_").replace("-", "_")


def contract_name(column: object, names: Container[str]) -> str:
    """The spelling a header is matched to the contract's ``names`` in: its
    :func:`wide_kind` spelling, or, when that is none of them, the same with its
    CamelCase words parted (:func:`~sellergraph.config.camel_words`).

    Examples
    --------
    >>> [contract_name(c, STORE_COLUMNS) for c in ("StoreId", "closedAt", "Closure Reason")]
    ['store_id', 'closed_at', 'closure_reason']
    >>> contract_name("ShopName", STORE_COLUMNS)
    'shopname'
    """
    own = wide_kind(column)
    if own in names:
        return own
    parted = camel_words(str(column).strip())
    if parted is not None and wide_kind(parted) in names:
        return wide_kind(parted)
    return own


def _kind_column_name(column: object, kinds: Container[str]) -> str:
    """A stores column's name as its links' kind: its :func:`wide_kind` spelling, or
    its CamelCase words parted when only they name a kind (``PhoneNumber`` is
    ``phone_number``, another name of ``phone``).

    Examples
    --------
    >>> [_kind_column_name(c, {"phone", "email"}) for c in ("PhoneNumber", "eMail", "ShopName")]
    ['phone_number', 'email', 'shopname']
    """
    own = wide_kind(column)
    if is_kind_column(own, kinds):
        return own
    parted = camel_words(str(column).strip())
    if parted is not None and is_kind_column(wide_kind(parted), kinds):
        return wide_kind(parted)
    return own


def is_kind_column(column: object, kinds: Container[str]) -> bool:
    """Whether a stores column holds identifiers of one of ``kinds``: it is named after
    the kind, another name of it, or either with a number (:func:`resolve_kind`).

    Examples
    --------
    >>> [is_kind_column(c, {"phone"}) for c in ("Phone", "Mobile", "phone_2", "phone_verified")]
    [True, True, True, False]
    """
    return resolve_kind(column, kinds) in kinds


def melt_wide_links(
    stores: pd.DataFrame, kinds: Iterable[str], *, canonical: Mapping[str, str] | None = None
) -> pd.DataFrame | None:
    """Turn identifier columns on the stores table into long-format links.

    Parameters
    ----------
    stores : DataFrame
        Stores table whose columns may include identifier kinds (``phone``,
        ``device``, ``phone_2``, ``mobile``, ...: :func:`is_kind_column`).
    kinds : iterable of str
        Configured kinds; a column that names one of them is melted.
    canonical : mapping, optional
        Column name -> canonical kind name (defaults to lower-cased, stripped).

    Returns
    -------
    DataFrame or None
        ``store_id, kind, value, observed_at`` and :data:`ROW_MARK` (the stores row), or None
        when no column names a kind. Empty cells produce no link. Rows follow the
        stores table, and a row's cells its columns' kind names. When the identifier
        columns are all text (pandas ``str``), they are melted column by column in
        Arrow, and ``kind`` (and a text ``store_id``) is a categorical.

    Examples
    --------
    >>> import pandas as pd
    >>> wide = pd.DataFrame(
    ...     {"store_id": ["S1", "S2"], "Phone": ["138", None], "device": ["d1", "d2"]})
    >>> melt_wide_links(wide, ["phone", "device"])[["store_id", "kind", "value"]].values.tolist()
    [['S1', 'device', 'd1'], ['S1', 'phone', '138'], ['S2', 'device', 'd2']]
    """
    kind_set = set(kinds)
    names = dict(canonical or {})
    cols = {c: names.get(str(c), _kind_column_name(c, kind_set)) for c in stores.columns}
    # each cell gets its column's name as kind (read as the kind it names later, as
    # a links table's kind cells are: ``phone_2`` is ``phone``)
    wide = [c for c, k in cols.items() if is_kind_column(k, kind_set) and c != "store_id"]
    if not wide:
        return None
    # each row's cells in its kinds' names' order (a name's columns in table order)
    wide = sorted(wide, key=lambda c: cols[c])
    texts = [arrow_text(stores[c]) for c in wide]
    if any(t is None for t in texts):
        return _melt_any_columns(stores, wide, cols)
    filled = np.empty((len(stores), len(wide)), dtype=bool)
    for j, text in enumerate(texts):
        blank = pc.or_(pc.equal(pc.binary_length(text), 0), pc.utf8_is_space(text))
        filled[:, j] = np.asarray(pc.invert(pc.fill_null(blank, True)))
    row, column = np.nonzero(filled)  # row after row, then column after column
    values = pa.concat_arrays(texts).take(column * len(stores) + row)
    kind_names = sorted({cols[c] for c in wide})
    name_of = np.array([kind_names.index(cols[c]) for c in wide], dtype=np.int16)
    return pd.DataFrame(
        {
            "store_id": _store_ids_at(stores["store_id"], row),
            # categorical: a byte a cell, not the name; read as text downstream
            "kind": pd.Categorical.from_codes(name_of[column], categories=kind_names),
            "value": pd.Series(values, dtype=stores[wide[0]].dtype),
            "observed_at": None,
            ROW_MARK: row.astype(np.int64),
        },
        copy=False,
    )


def _store_ids_at(store_id: pd.Series, rows: np.ndarray) -> Any:
    """The store id of each of ``rows``; text ids as a categorical (the ids once, and a
    code per link, which the links' check then looks up once per store)."""
    if arrow_text(store_id) is None:
        return store_id.to_numpy()[rows]
    codes, ids = pd.factorize(store_id)
    return pd.Categorical.from_codes(codes[rows], categories=ids)


def _melt_any_columns(
    stores: pd.DataFrame, wide: list[Hashable], cols: Mapping[Hashable, str]
) -> pd.DataFrame:
    """:func:`melt_wide_links` for identifier columns not all text (numbers, objects)."""
    part = stores[["store_id", *wide]].copy()
    part[ROW_MARK] = np.arange(len(stores), dtype=np.int64)
    long = part.melt(id_vars=["store_id", ROW_MARK], value_vars=wide, var_name="kind")
    long["kind"] = long["kind"].map(cols)
    val = long["value"]
    keep = val.notna() & (val.astype(str).str.strip() != "")
    long = long[keep].sort_values([ROW_MARK, "kind"], kind="stable").reset_index(drop=True)
    long["observed_at"] = None
    return long[["store_id", "kind", "value", "observed_at", ROW_MARK]]


#: Ways two exports write one id differently, each applied to both tables' ids:
#: what it is called, and the change (on Arrow text).
_ID_FORMS: tuple[tuple[str, Callable[[Any], Any]], ...] = (
    ("leading zeros", lambda ids: pc.utf8_ltrim(ids, "0")),
    ("case", pc.utf8_lower),
    ("spaces or punctuation", lambda ids: pc.replace_substring_regex(ids, r"[^\pL\pN]+", "")),
    (
        "case, spaces, punctuation or leading zeros",
        lambda ids: pc.utf8_ltrim(
            pc.replace_substring_regex(pc.utf8_lower(ids), r"[^\pL\pN]+", ""), "0"
        ),
    ),
)


def store_id_forms_hint(unknown: Any, stores: Any) -> str | None:
    """How the distinct ``unknown`` ids (Arrow text) would meet ``stores``' ids, when
    at least half of them would: the first form of :data:`_ID_FORMS` that does it
    (None when none does)."""

    def changed(ids: Any, change: Callable[[Any], Any]) -> Any:
        out = change(ids)  # an id changed to nothing ("0") meets nothing
        return pc.if_else(pc.equal(pc.utf8_length(out), 0), pa.scalar(None, out.type), out)

    for name, change in _ID_FORMS:
        at = pc.index_in(changed(unknown, change), value_set=changed(stores, change))
        found = pc.is_valid(at)
        hits = pc.sum(found).as_py() or 0
        if hits and hits >= len(unknown) / 2:
            first = pc.index(found, True).as_py()
            link = unknown[first].as_py()
            store = stores[at[first].as_py()].as_py()
            if name == "leading zeros":
                name = (
                    "adding leading zeros" if len(link) < len(store) else "removing leading zeros"
                )
            else:
                name = f"ignoring {name}"
            return (
                f"{hits:,} of the {len(unknown):,} distinct ids would match a store after "
                f"{name} (the links' {link!r} is the stores' {store!r}): write the ids the "
                "same way in both tables."
            )
    return None


def _check_some_store_known(
    unknown: np.ndarray, missing: np.ndarray, ids: pd.Series, rows: np.ndarray, stores: pd.Series
) -> None:
    """Links none of whose store ids is in the stores table are the wrong pair of tables,
    or ids written two ways (``1.00235E+05``, a prefix): an error, not a run with every
    link set aside."""
    given = np.flatnonzero(~missing)
    if not len(given) or not unknown[given].all():
        return
    first = int(given[0])
    example = f" (the stores table has ids like {str(stores.iloc[0])!r})" if len(stores) else ""
    value = ids.iloc[first]
    distinct = pd.unique(ids.iloc[given].astype(str).to_numpy(dtype=object))
    hint = store_id_forms_hint(
        pa.array(distinct, type=pa.large_string()),
        pa.array(stores.astype(str).to_numpy(dtype=object), type=pa.large_string()),
    )
    _raise_failures(
        [
            _failure(
                "links",
                int(rows[first]),
                "store_id",
                value.item() if isinstance(value, np.generic) else value,
                "unknown_store",
                f"none of the links' store ids is in the stores table{example}: "
                + (hint or "both tables must use the same ids"),
            )
        ]
    )


def validate_links(
    frame: pd.DataFrame,
    store_ids: pd.Series,
    *,
    known_kinds: Iterable[str],
    date_order: str = "auto",
    default_date_order: DefaultOrder = "month_first",
    columns: Mapping[str, str] | None = None,
    kind_names: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
    spreadsheet_serials: bool = False,
    as_of: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Check the links table; rows that cannot be used are set aside.

    Parameters
    ----------
    frame : DataFrame
        Long-format links with ``store_id, kind, value`` and optional ``observed_at``
        (already renamed). An optional :data:`ROW_MARK` column gives the row number to
        report; a user's own column named ``row`` is ordinary data.
    store_ids : Series
        Valid store ids (from the validated stores table), in store order.
    known_kinds : iterable of str
        Configured identifier kinds.
    date_order : {"auto", "day_first", "month_first", "year_first"}, default "auto"
        Order of numeric ``observed_at`` dates (the config's ``dates.order``; see
        :func:`parse_dates`).
    default_date_order : {"month_first", "day_first"} or callable, default "month_first"
        Under ``"auto"``, the order when no ``observed_at`` reads only one way: the
        order the stores table proves.
    columns : mapping, optional
        The caller's column mapping (:func:`rename_columns`), so that a header row
        repeated in the data is known by the names it gives.
    kind_names : mapping, optional
        Other names of configured kinds (the config's ``kind_names``).
    headers : mapping, optional
        The caller's names of the columns renamed (:func:`headers_as_given`), so that
        the error of a missing column lists the columns as the caller wrote them.
    spreadsheet_serials : bool, default False
        Read spreadsheet serial day numbers in ``observed_at`` as dates (the config's
        ``dates.spreadsheet_serials``); without, they are cleared as
        ``spreadsheet_serial``.
    as_of : str, optional
        The day the data is of (the config's ``dates.as_of``), which
        :func:`future_dates` judges ``observed_at`` by.

    Returns
    -------
    links : DataFrame
        ``row, store, kind, value, observed_at`` for rows that pass; ``store`` is the
        position of the link's store in ``store_ids``, ``kind`` is canonical,
        ``value`` still raw (normalisation comes next). ``links.attrs["kinds_read_as"]``
        maps each kind name read as another name's built-in kind to it
        (``{"mobile": "phone"}``, see :data:`~sellergraph.config.KIND_ALIASES`), and
        ``links.attrs["proven_date_order"]`` the day/month order the ``observed_at``
        dates prove (:func:`proven_date_order`), or None; ``links.attrs["dates_given"]``
        the number of non-empty ``observed_at`` values of the rows that pass, and
        ``links.attrs["date_days"]`` their :func:`busiest_day`.
    rejected : DataFrame
        Rows set aside (``dropped=True``) and cleared dates (``dropped=False``; also
        ``future_date``, :func:`future_dates`). A
        store id that is a word for an empty cell (``NULL``, ``NaN``, ``N/A``) is
        ``missing_store_id``; a row empty in every cell is ``empty_row``, one that
        repeats the column names ``header_row``.

    Raises
    ------
    InputError
        A required column is missing (``empty_table`` when the table has no rows
        either). A table with the required columns and no rows (a header only) is
        zero links, as a wide stores table without a links table may be.
    """
    table = "links"
    require_link_columns(frame, table=table, headers=headers)

    frame = frame.reset_index(drop=True)
    rows = (
        frame[ROW_MARK].to_numpy(dtype=np.int64)
        if ROW_MARK in frame.columns
        else np.arange(len(frame), dtype=np.int64)
    )
    # store ids and kinds repeat: each distinct value is stripped and looked up once
    sid_code, sid_text = _distinct_text(frame["store_id"])
    sid_text = _whole_number_ids(sid_text)  # already stripped text
    sid_store = np.append(lookup(sid_text, store_ids), -1)
    store = sid_store[sid_code]
    # NULL, NaN, N/A: what an export writes for no id
    # (and a header row's "store_id": each looked for among the ids no store has)
    unfound = np.flatnonzero(sid_store[:-1] < 0)
    unfound_text = sid_text.iloc[unfound].fillna("")
    sid_null = np.zeros(len(sid_text) + 1, dtype=bool)
    sid_null[unfound] = _null_word(unfound_text)
    sid_named = np.zeros(len(sid_text) + 1, dtype=bool)
    sid_named[unfound] = _naming(unfound_text, _header_words("store_id", columns, table))
    sid_missing = np.append((sid_text.isna() | (sid_text == "")).to_numpy(), True) | sid_null
    kcodes, kraw = _distinct_text(frame["kind"])
    known = set(known_kinds)
    canon = np.array(
        [resolve_kind(k, known, kind_names) if isinstance(k, str) else "" for k in kraw] + [""],
        dtype=object,
    )
    names = (canonical_kind(k) if isinstance(k, str) else "" for k in kraw)
    read_as = {
        # a CamelCase name read by its words is named as written (PhoneNumber)
        (str(k).strip() if camel_words(str(k).strip()) else name): str(c)
        for k, name, c in zip(kraw, names, canon, strict=False)
        if name != c
    }
    kind_ok = np.array([k in known for k in canon])[kcodes]
    parts: list[pd.DataFrame] = []

    missing_store = sid_missing[sid_code]
    unknown_store = ~missing_store & (store < 0)
    # rows that are no link: every cell empty, or the column names again (looked at
    # closely only where the store id and kind, each distinct one tested once, say so)
    odd = np.zeros(0, dtype=np.int64)
    if sid_named.any() or missing_store.any():
        kind_blank = np.append(_blank(kraw).to_numpy(dtype=bool), True)
        kind_named = np.append(_naming(kraw, _header_words("kind", columns, table)), False)
        odd = np.flatnonzero(
            (missing_store & kind_blank[kcodes]) | (sid_named[sid_code] & kind_named[kcodes])
        )
    whole = np.zeros(len(frame), dtype=bool)
    if len(odd):
        empty, header = _whole_rows(
            frame, odd, required=("store_id", "kind", "value"), columns=columns, table=table
        )
        if (empty | header).any():
            cells = frame["store_id"].to_numpy(dtype=object)[odd]
            parts.append(_whole_rows_rejected(table, rows[odd], empty, header, cells))
            whole[odd[empty | header]] = True
            missing_store, unknown_store = missing_store & ~whole, unknown_store & ~whole
    _check_some_store_known(
        unknown_store, missing_store | whole, frame["store_id"], rows, store_ids
    )
    unknown_kind = ~missing_store & ~unknown_store & ~whole & ~kind_ok
    # a store id that is a word for an empty cell is named in its rows' message
    said = np.full(len(sid_text) + 1, ROW_REASONS["missing_store_id"], dtype=object)
    for i in np.flatnonzero(sid_null).tolist():
        said[i] = f"{said[i]}: {sid_text.iloc[i]!r} is a word for an empty cell"
    for mask, reason, col in (
        (missing_store, "missing_store_id", "store_id"),
        (unknown_store, "unknown_store", "store_id"),
        (unknown_kind, "unknown_kind", "kind"),
    ):
        if mask.any():
            message = said[sid_code[mask]] if reason == "missing_store_id" else ROW_REASONS[reason]
            parts.append(
                make_rejected(
                    table,
                    rows[mask],
                    _text_at(np.where(sid_null[sid_code[mask]], -1, sid_code[mask]), sid_text),
                    col,
                    frame[col][mask],
                    reason,
                    message,
                    dropped=True,
                )
            )
    keep = ~(missing_store | unknown_store | unknown_kind | whole)
    out = pd.DataFrame(
        {
            "row": rows[keep],
            "store": store[keep],
            "kind": pd.Categorical.from_codes(
                pd.factorize(canon)[0][kcodes[keep]], categories=pd.unique(canon)
            )
            if keep.any()
            else pd.Categorical([]),
            "value": frame["value"][keep].reset_index(drop=True),
        },
        copy=False,  # the arrays are this function's own: no second copy of every link
    )
    if "observed_at" in frame.columns:
        # parsed over the whole column (each distinct value once), then the kept
        # rows taken: no copy of every kept row's date text
        obs_raw = frame["observed_at"]
        parsed, bad, evidence, placeholder, serial = _parse_dates(
            obs_raw,
            order=date_order,
            prior=_NO_EVIDENCE,
            default_order=default_date_order,
            serials=spreadsheet_serials,
        )
        out.attrs["proven_date_order"] = _proven(evidence)
        bad_rows = bad.to_numpy()
        given = int(parsed.notna().to_numpy()[keep].sum()) + int(bad_rows[keep].sum())
        out.attrs["dates_given"] = {"observed_at": given}
        if placeholder[keep].any():
            parsed = parsed.where(~placeholder)
            bad_rows = bad_rows & ~placeholder
        for reason, cells in _date_reasons(bad_rows, serial, placeholder):
            at = cells[keep]
            if at.any():
                parts.append(
                    make_rejected(
                        table,
                        out["row"].to_numpy()[at],
                        store_ids.to_numpy()[out["store"].to_numpy()[at]],
                        "observed_at",
                        obs_raw[cells & keep],
                        reason,
                        ROW_REASONS[reason],
                        dropped=False,
                    )
                )
        observed = parsed.to_numpy()[keep]
        (future,) = future_dates([observed], as_of=as_of)
        if future.any():
            kept_rows = np.flatnonzero(keep)
            parts.append(
                make_rejected(
                    table,
                    out["row"].to_numpy()[future],
                    store_ids.to_numpy()[out["store"].to_numpy()[future]],
                    "observed_at",
                    obs_raw.iloc[kept_rows[future]],
                    "future_date",
                    future_date_message(as_of),
                    dropped=False,
                )
            )
            observed[future] = np.datetime64("NaT", "ns")
        out["observed_at"] = observed
        out.attrs["date_days"] = {"observed_at": busiest_day(observed)}
        del parsed, bad, bad_rows, observed
    else:
        out["observed_at"] = pd.Series(pd.NaT, index=out.index, dtype="datetime64[ns]")
    rejected = pd.concat(parts, ignore_index=True) if parts else empty_rejected()
    out.attrs["kinds_read_as"] = dict(sorted(read_as.items()))
    return out, rejected
