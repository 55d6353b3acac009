"""Screening new store registrations against everything a batch analysis knows.

A :class:`Screener` is an index built from an :class:`~sellergraph.Analysis`: every
normalised identifier with the stores that hold it, each store's status, dates,
platform and ring, the hub statistics of the batch, and what each store offers as
the middle of an indirect path to a banned store. Screening a registration asks
what the batch would have said had the store been in it, through the same
functions: identifier weights (:func:`sellergraph.evidence.identifier_weights`),
near-duplicate addresses, store-link weights
(:func:`sellergraph.build.combine_noisy_or`), banned-share reinforcement, ranking
and noisy-or of direct items, indirect paths and the timing bump
(:mod:`sellergraph.scoring`). A registration's identifiers count as one more holder
of each value, so hubs stay hubs; registrations are screened independently of each
other.

A store that is already in the index is screened as if it were new: its own entry is
left out (unless it is banned: its entry stays, so a registration under a banned store's
id that brings that store's identifiers matches it).
Screening every store of a dataset against the index of its own analysis therefore
reproduces the batch scores (see the tests for the tolerance).

Examples
--------
>>> import sellergraph as sg
>>> stores, links, _ = sg.make_marketplace(n_stores=1000, seed=0)
>>> screener = sg.Screener.from_analysis(sg.analyze(stores, links, seed=0))
>>> d = screener.screen({"store_id": "NEW-1", "identifiers": {"phone": ["+86 138 0013 8000"]}})
>>> d.verdict, d.score
('allow', 0.0)
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import html
import io
import json
import logging
import math
import mmap
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._arrays import group_starts
from ._countries import country_regions, region_of
from ._parallel import ForkedWorkers, effective_jobs
from ._version import KEYS_VERSION, keys_version_of, keys_version_text
from .address_columns import (
    ADDRESS_KIND,
    AddressColumns,
    address_groups,
    compose_address,
    compose_addresses,
    is_container,
    part_columns,
)
from .build import combine_noisy_or
from .config import BUILTIN_KINDS, KIND_ALIASES, Config, _misspelt_kind, resolve_kind
from .dataset import _LISTABLE_KINDS, _names_none, list_parts
from .dataset import _MAYBE_LISTED as _MAYBE_LISTED_PATTERN
from .errors import InputError, why_not_a_file
from .evidence import FLAG_FACTORS, identifier_weights, kind_label
from .neardup import block_key, block_keys, similarities
from .normalize import (
    _as_text,
    _compiled,
    _normalize_texts,
    _spec,
    canonical_kind,
    mask_value,
    normalize_values,
)
from .recycling import (
    gap_note,
    handed_on_with_phone,
    held_gap,
    recycling_factor,
    recycling_rules,
    value_recycling,
)
from .schema import (
    PLACEHOLDER_DAYS,
    PLACEHOLDER_FROM,
    REGISTRATION_COLUMN_ALIASES,
    REGISTRATION_COLUMNS,
    contract_name,
    placeholder_dates,
    platform_name,
    rename_columns,
    store_id_text,
    table_columns,
)
from .scoring import (
    _NAT_DAYS,
    PathTables,
    Preference,
    _best_hops,
    _by_item,
    _days,
    _through,
    _ties_by,
    _top_two,
    hop_strength,
    pair_totals,
    path_tables,
    rank_items,
    reinforce,
    settle,
    store_preference,
)

if TYPE_CHECKING:
    from .analysis import Analysis

__all__ = ["DECISION_COLUMNS", "VERDICTS", "Decision", "Screener"]

#: Verdicts, from least to most severe.
VERDICTS: tuple[str, ...] = ("allow", "review", "block")

#: Columns of :meth:`Screener.screen_many`.
DECISION_COLUMNS: tuple[str, ...] = (
    "store_id",
    "score",
    "verdict",
    "matched_store_id",
    "ring_id",
    "relation",
    "returning",
    "cross_platform",
    "kinds",
    "n_banned_linked",
    "evidence",
    "unusable",
    "notes",
    "verdict_note",
)

_FORMAT = "sellergraph-index"
#: The layout of an index file; the keys it holds are versioned apart (``keys_version``).
_FORMAT_VERSION = 5
_STATUS = ("active", "banned", "closed")
_ACTIVE, _BANNED, _CLOSED = 0, 1, 2
_NEAR_KINDS = {"address": "address", "name": "name"}
_TOP_EVIDENCE = 3
_SMALL = 256  # up to this many values, plain Python beats vectorised set-up costs
_MAX_MATCHES = 10
_MAYBE_LISTED = re.compile(_MAYBE_LISTED_PATTERN)
log = logging.getLogger(__name__)

#: Identifier kinds a block's ``block_min_kinds`` does not count: shared by a household,
#: an office or a mobile carrier's pool, an IP is no second kind of evidence.
UNCOUNTED_KINDS: frozenset[str] = frozenset({"ip"})

#: Identifier values one registration may give (all kinds together) before the rest are
#: left unscreened: ``Screener.max_values``.
MAX_VALUES = 100


# -- decisions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """What screening one registration found.

    Attributes
    ----------
    store_id : str or None
        The registration's store id (None when it gave none).
    score : float
        The score the batch analysis would give the store, in [0, 1].
    verdict : {"allow", "review", "block"}
        ``block`` from the screener's ``block_at``, ``review`` from ``review_at``; a
        score at or above ``block_at`` whose evidence is of fewer identifier kinds than
        the screener's ``block_min_kinds`` (IP not counted) is ``review``, and so is a
        registration with more values than ``max_values`` (see ``verdict_note``).
    matched_store_id, ring_id : str or None
        The banned store the evidence points to, and the ring nearest the
        registration: the matched store's ring, else that of its strongest link. (The
        batch may put the same store in another ring: it finds rings among all
        stores at once.)
    relation : str
        ``return``, ``sibling``, ``unknown`` (no dates) or empty (no evidence).
    cross_platform : bool
        The matched banned store is on another platform.
    kinds : str
        Identifier kinds of the evidence, ``|``-joined (``via_ring`` for a path).
    n_banned_linked : int
        Banned stores sharing at least one identifier with the registration.
    matches : tuple of dict
        The banned stores sharing identifiers with the registration (all
        ``n_banned_linked`` of them, up to 10), strongest first (the matched store
        first of equally strong ones): ``store_id, platform,
        closed_at, closure_reason, ring_id, kinds, strength``; ``kinds`` are the kinds
        shared with that store and ``strength`` what that store alone gives (the
        noisy-or of the evidence weights of the identifiers it shares).
    evidence_records : tuple of dict
        The evidence, one dict per item, in :data:`sellergraph.analysis.EXPLAIN_COLUMNS`.
    unusable : tuple of dict
        Fields that could not be used: ``field, value, reason``. More values than the
        screener's ``max_values`` are ``too_many_values`` (with ``values``, how many
        were given, and ``screened``, how many of the first were). A phone number read in
        the screener's default region because the registration gave no country also
        has ``region`` (and, for ``read_in_default_region``, ``valid`` and, when the
        index's stores are nearly all in another region, ``stores_region``). A value
        that lists several (``"+33 6 12 34 56 78; 0151 23840621"``, as a table's cell
        may) is noted as ``several_values``, with ``values`` (how many): each of them
        is screened, and reported on its own if unusable.
    notes : tuple of dict
        What a desk should know of the registration's ``store_id``, as ``field, value,
        reason``: ``missing`` (none: a table's blank cell, or ``null``; a registration
        without the field has no note), ``empty`` (blank text), ``known_store`` (a store
        of the index, with its ``status``), ``duplicate_registration`` (an earlier
        registration of the same batch gave it, with ``first``: that one's 0-based
        position). The registration is screened all the same.
    verdict_note : str
        Why the verdict is not the one the score alone gives (empty when it is): a
        score at or above ``block_at`` reviewed because its evidence is of too few
        identifier kinds, or a registration reviewed because it gave too many values.
    """

    store_id: str | None
    score: float
    verdict: str
    matched_store_id: str | None
    ring_id: str | None
    relation: str
    cross_platform: bool
    kinds: str
    n_banned_linked: int
    matches: tuple[dict[str, Any], ...]
    evidence_records: tuple[dict[str, Any], ...]
    unusable: tuple[dict[str, Any], ...]
    platform: str | None = None
    opened_at: str | None = None
    min_link: float | None = None  # the index's config.rings.min_link, for the wording
    review_at: float | None = None  # the index's review threshold, for the wording
    #: the index's kinds whose values are handed on (phones), for the wording
    recycling: Mapping[str, tuple[float, float]] | None = None
    #: per evidence record, whether its value is a wallet handed on with a phone number
    #: (:func:`~sellergraph.recycling.handed_on_with_phone`), for the wording: the
    #: records' values may be masked
    phone_wallets: tuple[bool, ...] = ()
    verdict_note: str = ""
    notes: tuple[dict[str, Any], ...] = ()

    @property
    def evidence(self) -> pd.DataFrame:
        """The evidence as a table, the same columns as :meth:`Analysis.explain`."""
        from .analysis import EXPLAIN_COLUMNS

        table = pd.DataFrame(list(self.evidence_records), columns=list(EXPLAIN_COLUMNS))
        table["other_closed_at"] = pd.to_datetime(table["other_closed_at"])
        for name in ("holders", "banned_holders", "gap_days"):
            table[name] = table[name].astype("Int64")
        return table

    @property
    def summary(self) -> str:
        """One paragraph, worded as :meth:`Analysis.explain` words a batch score."""
        from .analysis import explanation_summary

        store = {
            "store_id": self.store_id or "(no id)",
            "platform": self.platform or "platform not given",
            "opened_at": pd.Timestamp(self.opened_at) if self.opened_at else pd.NaT,
        }
        row = {
            "score": self.score,
            "matched_store_id": self.matched_store_id,
            "relation": self.relation,
            "cross_platform": self.cross_platform,
            "ring_id": None,
        }
        summary = explanation_summary(
            store,
            row,
            # no evidence (most decisions): the summary reads no table, none is built
            self.evidence if self.evidence_records else _no_evidence(),
            min_link=self.min_link,
            alert_threshold=self.review_at,
            recycling=self.recycling,
            phone_wallets=self.phone_wallets or None,
        )
        why = f" ({self.verdict_note})" if self.verdict_note else ""
        return f"{summary}{_region_sentence(self.unusable)} Verdict: {self.verdict}{why}."

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what ``sellergraph screen`` prints, one per line), with
        the :attr:`summary` paragraph."""
        return {
            "store_id": self.store_id,
            "score": self.score,
            "verdict": self.verdict,
            "matched_store_id": self.matched_store_id,
            "ring_id": self.ring_id,
            "relation": self.relation,
            "cross_platform": self.cross_platform,
            "kinds": self.kinds,
            "n_banned_linked": self.n_banned_linked,
            "matches": list(self.matches),
            "evidence": list(self.evidence_records),
            "unusable": list(self.unusable),
            "notes": list(self.notes),
            "verdict_note": self.verdict_note,
            "summary": self.summary,
        }

    def _repr_html_(self) -> str:
        colour = {"allow": "#2e7d32", "review": "#ef6c00", "block": "#c62828"}[self.verdict]
        head = (
            f"<b>{html.escape(str(self.store_id))}</b>: "
            f"<span style='color:{colour};font-weight:bold'>{self.verdict}</span>, "
            f"score {self.score:.3f}"
        )
        parts = [f"<div>{head}<p>{html.escape(self.summary)}</p>"]
        if self.evidence_records:
            parts.append(self.evidence.to_html(index=False, border=0, na_rep=""))
        if self.unusable:
            parts.append("<p>Unusable fields:</p>")
            parts.append(pd.DataFrame(list(self.unusable)).to_html(index=False, border=0))
        parts.append("</div>")
        return _safe_text("".join(parts))


@functools.cache
def _no_evidence() -> pd.DataFrame:
    """The evidence table of a decision without evidence (built once)."""
    from .analysis import EXPLAIN_COLUMNS

    return pd.DataFrame(columns=list(EXPLAIN_COLUMNS))


def _region_sentence(unusable: Sequence[Mapping[str, Any]]) -> str:
    """What the summary says of phone numbers read in the screener's default region
    because the registration gave no country (empty when there are none)."""
    read = [u for u in unusable if u.get("region")]
    if not read:
        return ""
    region = read[0]["region"]
    refused = sum(u["reason"] == "invalid_phone" for u in read)
    unlisted = sum(u["reason"] == "read_in_default_region" and not u.get("valid") for u in read)
    elsewhere = next((u["stores_region"] for u in read if u.get("stores_region")), None)
    parts = []
    if refused:
        parts.append(f"{refused} {'is' if refused == 1 else 'are'} not a phone number there")
    if unlisted:
        parts.append(f"{unlisted} {'is' if unlisted == 1 else 'are'} not a valid number there")
    if elsewhere:
        parts.append(f"the index's stores are in {elsewhere}")
    n = len(read)
    return (
        f" It gave no country: {n} phone number{'s' if n > 1 else ''} without a country "
        f"code {'were' if n > 1 else 'was'} read in {region} ({'; '.join(parts)}); give "
        "its country (or screen with default_country) to read "
        f"{'them' if n > 1 else 'it'} where the store is."
    )


# -- registrations in columnar form ---------------------------------------------------


@dataclass
class _Batch:
    """Registrations parsed into arrays: one row per registration, one per identifier."""

    store_id: list[str | None]
    platform: list[str | None]
    opened: np.ndarray
    opened_text: list[str | None]
    self_code: np.ndarray
    unusable: list[list[dict[str, Any]]]
    # per registration, the phone region its ``country`` names (None: the config's)
    region: list[str | None] = field(default_factory=list)
    # per registration, what is said of its store_id (Decision.notes); none: empty
    notes: list[list[dict[str, Any]]] = field(default_factory=list)
    # one row per identifier, filled by Screener._normalise
    reg: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    kind: np.ndarray = field(default_factory=lambda: np.array([], dtype=np.int64))
    key: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    flag: np.ndarray = field(default_factory=lambda: np.array([], dtype=object))
    hash: np.ndarray | None = None  # of (kind, key), when normalising computed it


# registration row, kind code and raw value (a list, or a Series) of every identifier
_RawIdentifiers = tuple[np.ndarray, np.ndarray, Any]
# registrations (a table or dicts) and, with a table, its long links and the
# registration row of each link when already joined
_Input = tuple[pd.DataFrame | list[Any], pd.DataFrame | None, np.ndarray | None]


def _as_series(values: Any) -> pd.Series:
    """Raw values as a Series (cells kept as they are: no type inference)."""
    if isinstance(values, pd.Series):
        return values.reset_index(drop=True)
    cells = np.empty(len(values), dtype=object)
    cells[:] = list(values)
    return pd.Series(cells, dtype=object)


def _split_input(
    registrations: pd.DataFrame | list[Any], links: pd.DataFrame | None, parts: int
) -> list[_Input]:
    """``parts`` contiguous runs of registrations, each with its own links.

    One part when the input cannot be split cleanly (a table whose links do not
    join): screening it whole raises the error with the input's own row numbers.
    """
    n = len(registrations)
    if parts <= 1 or n < 2:
        return [(registrations, links, None)]
    bounds = np.linspace(0, n, parts + 1).astype(np.int64)
    spans = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
    if not isinstance(registrations, pd.DataFrame):
        return [(registrations[lo:hi], None, None) for lo, hi in spans]
    frame = registrations.reset_index(drop=True)
    if links is None:
        return [(frame.iloc[lo:hi], None, None) for lo, hi in spans]
    try:
        store_ids = _id_texts(frame["store_id"]) if "store_id" in frame.columns else []
        where = _link_rows(frame, store_ids, links)
    except InputError:
        return [(frame, links, None)]
    part_of = np.searchsorted(bounds[1:], where, side="right")
    out: list[_Input] = []
    for p, (lo, hi) in enumerate(spans):
        rows = np.flatnonzero(part_of == p)
        out.append((frame.iloc[lo:hi], links.iloc[rows], where[rows] - lo))
    return out


# What str.strip() removes (every character whose str.isspace() is true), so the
# Arrow trim below gives exactly Python's strip (tests/test_screening.py checks it).
_PY_SPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _trimmed_ids(column: pd.Series) -> Any:
    """Each cell as text without surrounding whitespace (Arrow); null when missing or blank."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column.dtype, pd.StringDtype):
        arr = pa.array(column.array)
    else:
        arr = pa.array([_as_text(v) for v in column.tolist()], type=pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = pc.utf8_trim(arr.cast(pa.large_string()), characters=_PY_SPACE)
    return pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.large_string()), arr)


def _id_texts(column: pd.Series) -> list[str | None]:
    """Each cell as text without surrounding whitespace; ``None`` when missing or blank."""
    try:
        return _trimmed_ids(column).to_pylist()
    except (UnicodeError, ValueError, TypeError):  # lone surrogates: Arrow holds UTF-8 only
        cells = [_as_text(v) for v in column.tolist()]
        return [t.strip() or None if t is not None else None for t in cells]


def _batch_store_ids(column: pd.Series) -> pd.Series:
    """A ``store_id`` column with its ids as the batch reads a store id
    (:func:`sellergraph.schema.store_id_text`: no whitespace nor invisible characters
    such as a zero-width space at their ends; ``1001.0`` is ``1001`` when every id of
    the column is written so); missing or blank ids are None, and cells that are no
    single value (a list) are left for :func:`_scalar_cells` to report.

    The whole column is read at once, before a batch is split between processes: how
    ``1001.0`` reads depends on the other ids of the column, as in the batch.

    Examples
    --------
    >>> _batch_store_ids(pd.Series(["S1\\u200b", " \\ufeffS2", None, ["S3"]])).tolist()
    ['S1', 'S2', None, ['S3']]
    """
    cells = column.reset_index(drop=True)
    single = (
        np.fromiter((_is_scalar(v) for v in cells.tolist()), dtype=bool, count=len(cells))
        if cells.dtype == object
        else np.ones(len(cells), dtype=bool)
    )
    texts = _id_texts(cells[single])
    try:
        read = store_id_text(pd.Series(texts, dtype="str")).tolist()
    except (UnicodeError, ValueError, TypeError):  # lone surrogates: Arrow holds UTF-8 only
        read = texts
    # through NumPy: pandas would infer a text dtype for the values set
    values = cells.to_numpy(dtype=object, copy=True)
    kept = np.empty(len(read), dtype=object)
    kept[:] = [t if isinstance(t, str) and t else None for t in read]
    values[single] = kept
    return pd.Series(values, index=column.index, name=column.name, dtype=object)


def _record_store_id(text: str | None) -> str | None:
    """A registration's own ``store_id`` (stripped text) as the batch reads a store id
    (:func:`sellergraph.schema.store_id_text`, the registration a table of its own).

    Examples
    --------
    >>> _record_store_id("S1\\u200b"), _record_store_id("1001.0"), _record_store_id("S2")
    ('S1', '1001', 'S2')
    """
    if text is None or (text.isascii() and "." not in text):
        return text  # nothing store_id_text would change (most ids): no Series built
    try:
        read = store_id_text(pd.Series([text], dtype="str")).iloc[0]
    except (UnicodeError, ValueError, TypeError):  # lone surrogates
        return text
    return read if isinstance(read, str) and read else None


def _with_batch_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """A registrations or links table with its ``store_id`` column read as the batch
    reads store ids (:func:`_batch_store_ids`); a copy only when it has one."""
    if "store_id" not in frame.columns:
        return frame
    return frame.assign(store_id=_batch_store_ids(frame["store_id"]))


def _column_mapping(columns: Mapping[str, str] | None) -> dict[str, str] | None:
    """``screen_many``'s ``columns=``, stripped and checked as ``--columns`` is.

    Raises
    ------
    InputError
        Not a mapping of names, a blank name, or a name given two different targets
        (``"tel"`` and ``" tel "``): only one could be meant.

    Examples
    --------
    >>> _column_mapping({" tel ": "phone", "seller": " store_id"})
    {'tel': 'phone', 'seller': 'store_id'}
    """
    if columns is None:
        return None
    if not isinstance(columns, Mapping):
        raise InputError(
            "columns= maps your column names to the contract's, such as "
            f'{{"seller": "store_id", "tel": "phone"}} (got {type(columns).__name__})'
        )
    target: dict[str, str] = {}
    for src, dst in columns.items():
        name, to = str(src).strip(), str(dst).strip()
        if not name or not to:
            raise InputError(f"columns= maps {src!r} to {dst!r}: a name is blank")
        if target.setdefault(name, to) != to:
            raise InputError(
                f"columns= gives {name!r} twice, as {target[name]!r} and as {to!r}: give it once"
            )
    return target


def _renamed_fields(
    record: Mapping[Any, Any], columns: Mapping[str, str], *, number: int | None = None
) -> dict[Any, Any]:
    """A registration with its fields renamed as ``columns`` maps them (a field's name
    is matched stripped, as a table's column is).

    Raises
    ------
    InputError
        Two fields end up with one name (``number``: the registration's, for the message).

    Examples
    --------
    >>> _renamed_fields({"seller": "S1", "tel": "1"}, {"seller": "store_id", "tel": "phone"})
    {'store_id': 'S1', 'phone': '1'}
    >>> _renamed_fields({"tel": "1", "phone": "2"}, {"tel": "phone"}, number=3)
    Traceback (most recent call last):
    ...
    sellergraph.errors.InputError: registration 3: fields 'tel' and 'phone' are both 'phone' ...
    """
    renamed, clash = renamed_or_clash(record, columns)
    if renamed is not None:
        return renamed
    assert clash is not None
    first, second, twice = clash
    where = "a registration" if number is None else f"registration {number}"
    raise InputError(
        f"{where}: fields {first!r} and {second!r} are both {twice!r} under the column "
        "names given (one field given twice)"
    )


def renamed_or_clash(
    record: Mapping[Any, Any], columns: Mapping[str, str]
) -> tuple[dict[Any, Any], None] | tuple[None, tuple[Any, Any, Any]]:
    """A record with its fields renamed as ``columns`` maps them (a field's name is
    matched stripped, as a table's column is), or, when two fields end up with one
    name, None and the two fields with that name.

    Examples
    --------
    >>> renamed_or_clash({"seller": "S1", "tel": "1"}, {"seller": "store_id", "tel": "phone"})
    ({'store_id': 'S1', 'phone': '1'}, None)
    >>> renamed_or_clash({"tel": "1", "phone": "2"}, {"tel": "phone"})
    (None, ('tel', 'phone', 'phone'))
    """
    names = [columns.get(k.strip(), k) if isinstance(k, str) else k for k in record]
    if len(set(names)) == len(names):
        return dict(zip(names, record.values(), strict=True)), None
    twice = next(n for i, n in enumerate(names) if n in names[:i])
    first, second = [k for k, n in zip(record, names, strict=True) if n == twice][:2]
    return None, (first, second, twice)


def _join_ids(column: pd.Series, store_ids: list[str | None]) -> np.ndarray:
    """Position of each cell's id in ``store_ids`` (-1 when absent, missing or blank)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        wanted = _trimmed_ids(column)
        universe = pa.array(store_ids, type=pa.large_string())
    except (UnicodeError, ValueError, TypeError):  # lone surrogates: match as Python does
        position: dict[str, int] = {}
        for i, sid in enumerate(store_ids):
            if sid is not None:
                position.setdefault(sid, i)
        return np.asarray(
            [-1 if t is None else position.get(t, -1) for t in _id_texts(column)], dtype=np.int64
        )
    found = pc.index_in(wanted, value_set=universe, skip_nulls=True)
    return np.asarray(found.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)


def _link_rows(frame: pd.DataFrame, store_ids: list[str | None], links: pd.DataFrame) -> np.ndarray:
    """The registration row of each link, joined on ``store_id``.

    Raises
    ------
    InputError
        Columns missing, a registration's ``store_id`` repeated, or a link's not among
        the registrations.
    """
    missing = {"store_id", "kind", "value"} - set(links.columns)
    if missing:
        raise InputError(f"table 'links' lacks column(s) {', '.join(sorted(missing))}")
    if "store_id" not in frame.columns:
        raise InputError("table 'registrations' needs a store_id column to join links")
    seen_ids = pd.Series(store_ids, dtype=object)
    repeated = seen_ids[seen_ids.notna() & seen_ids.duplicated()]
    if len(repeated):
        i = int(repeated.index[0])
        raise InputError(
            f"table 'registrations', row {i}, column 'store_id': {repeated.iloc[0]!r} "
            "appears more than once, so its links cannot be told apart"
        )
    where = _join_ids(links["store_id"], store_ids)
    if (where < 0).any():
        i = int(np.flatnonzero(where < 0)[0])
        raise InputError(
            f"table 'links', row {i}, column 'store_id': {links['store_id'].iloc[i]!r} is "
            f"not in the registrations ({int((where < 0).sum())} such row(s))"
        )
    return where.astype(np.int64)


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _placeholder_day_numbers() -> frozenset[int]:
    """Day numbers (days since 1970-01-01) that are placeholders for an unknown date
    at midnight, as :func:`sellergraph.schema.placeholder_dates` tells them, before
    :data:`PLACEHOLDER_FROM`: the listed days, and whichever of 1969-12-31 to
    1970-01-02 at midnight a zone's clock shows for epoch zero."""
    listed = np.array(PLACEHOLDER_DAYS, dtype="datetime64[D]").astype(np.int64)
    days = np.concatenate([listed, np.arange(-1, 2)]).astype("datetime64[D]")
    return frozenset(
        days[placeholder_dates(days.astype("datetime64[ns]"))].astype(np.int64).tolist()
    )


#: The same, checked without NumPy for a plain ``YYYY-MM-DD`` (every day from
#: ``_PLACEHOLDER_FROM_DAY`` on is one).
_PLACEHOLDER_DAY_NUMBERS = _placeholder_day_numbers()
_PLACEHOLDER_FROM_DAY = int(np.datetime64(PLACEHOLDER_FROM, "D").astype(np.int64))


def _read_dates(
    values: pd.Series, *, order: str, default: str, serials: bool = False
) -> tuple[pd.Series, np.ndarray, np.ndarray, np.ndarray]:
    """Registration dates as the batch reads a date column, each value on its own.

    Returns the parsed dates (NaT where missing, unreadable or a placeholder), where a
    value could not be read (``invalid_date``), where it is a placeholder for an
    unknown date (``placeholder_date``: :func:`sellergraph.schema.placeholder_dates`,
    or a number that is zero), which the batch's loader clears, and where it is a
    spreadsheet's serial day number left unread (``spreadsheet_serial``; read as a
    day when ``serials``, the config's ``dates.spreadsheet_serials``, as the batch
    reads it). The three are apart.

    Examples
    --------
    >>> import pandas as pd
    >>> parsed, bad, placeholder, serial = _read_dates(
    ...     pd.Series(["2024-05-01", "1970-01-01 08:00", "2099-12-31", 0, "soon", None, "45352"]),
    ...     order="auto", default="month_first")
    >>> parsed.dt.strftime("%Y-%m-%d").tolist()
    ['2024-05-01', nan, nan, nan, nan, nan, nan]
    >>> bad.tolist()
    [False, False, False, False, True, False, False]
    >>> placeholder.tolist()
    [False, True, True, True, False, False, False]
    >>> serial.tolist()
    [False, False, False, False, False, False, True]
    >>> _read_dates(pd.Series(["45352"]), order="auto", default="month_first", serials=True)[
    ...     0].dt.strftime("%Y-%m-%d").tolist()
    ['2024-03-01']
    """
    from .schema import dates_with_placeholders, spreadsheet_serial_dates

    parsed, bad, placeholder = dates_with_placeholders(
        values, order=order, default_order=default, spreadsheet_serials=serials
    )
    # the number 0 is unreadable to parse_dates; the loader notes it as a placeholder
    bad = bad.to_numpy(dtype=bool) & ~placeholder
    serial = np.zeros(len(bad), dtype=bool)
    if bad.any():
        serial[bad] = spreadsheet_serial_dates(values[bad])
        bad &= ~serial
    return parsed.where(~placeholder), bad, placeholder, serial


def _parse_day(
    value: object, *, order: str = "auto", default: str = "month_first", serials: bool = False
) -> tuple[int, str | None, str | None]:
    """(day number, ISO text, reason) of a registration date; ``reason`` is ``None``
    for a date or a missing value, else why the value is no date: ``invalid_date``,
    ``placeholder_date`` (cleared, as the batch's loader clears it),
    ``spreadsheet_serial`` (a spreadsheet's serial day number, ``45352``, read only
    with ``serials``: the config's ``dates.spreadsheet_serials``) or ``not_a_value``
    (a list or dict).

    Plain ``YYYY-MM-DD`` between 1678 and 2261 is read directly; anything else (the
    years at and beyond the edges of what the batch holds, such as ``9999-12-31``,
    included) goes through the batch's own date parser
    (:func:`sellergraph.schema.parse_dates`), so a registration's date means what it
    would mean in the stores table. A numeric date that reads either way
    (``01/03/2022``) is read in the declared ``order`` (the config's ``dates.order``);
    under ``"auto"`` in ``default``, the order the batch's stores table was read in
    (its ``date_order`` count): the registration is read on its own, not with the
    others screened with it. Placeholders for an unknown date (``1970-01-01``,
    ``1900-01-01``, ``2099-12-31``, the number 0, ...) are no date, as in the batch.

    Examples
    --------
    >>> _parse_day("2024-05-01"), _parse_day(None)
    ((19844, '2024-05-01', None), (-4611686018427387904, None, None))
    >>> _parse_day("1970-01-01")[1:], _parse_day(0)[1:], _parse_day("soon")[1:]
    ((None, 'placeholder_date'), (None, 'placeholder_date'), (None, 'invalid_date'))
    >>> _parse_day("45352")[1:], _parse_day("45352", serials=True)[1:]
    ((None, 'spreadsheet_serial'), ('2024-03-01', None))
    """
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return _NAT_DAYS, None, None
    if not _is_date_like(value):  # a list or dict: nothing to read a date from
        return _NAT_DAYS, None, "not_a_value"
    if isinstance(value, str) and _ISO_DAY.fullmatch(value.strip()):
        try:
            d = _dt.date.fromisoformat(value.strip())
        except ValueError:
            return _NAT_DAYS, None, "invalid_date"
        if 1678 <= d.year <= 2261:
            day = (d - _dt.date(1970, 1, 1)).days
            if day in _PLACEHOLDER_DAY_NUMBERS or day >= _PLACEHOLDER_FROM_DAY:
                return _NAT_DAYS, None, "placeholder_date"
            return day, d.isoformat(), None
    text = _as_text(value)
    if text is None or not text.strip():
        return _NAT_DAYS, None, None
    parsed, bad, placeholder, serial = _read_dates(
        pd.Series([value], dtype=object), order=order, default=default, serials=serials
    )
    if placeholder[0]:
        return _NAT_DAYS, None, "placeholder_date"
    if serial[0]:
        return _NAT_DAYS, None, "spreadsheet_serial"
    if bad[0] or pd.isna(parsed.iloc[0]):
        return _NAT_DAYS, None, "invalid_date"
    d = pd.Timestamp(parsed.iloc[0]).date()
    return (d - _dt.date(1970, 1, 1)).days, d.isoformat(), None


def _closed_at_refusal(closed_at: object, why: str | None) -> str:
    """Why :meth:`Screener.ban` or :meth:`Screener.add_store` refuses a ``closed_at``.

    Examples
    --------
    >>> _closed_at_refusal("soon", "invalid_date")
    "closed_at must be a date (got 'soon')"
    >>> _closed_at_refusal("2099-12-31", "placeholder_date").endswith("placeholder_date)")
    True
    """
    if why == "placeholder_date":
        return (
            f"closed_at must be a date (got {_short(closed_at)!r}: a date exports write "
            "for an unknown date, placeholder_date)"
        )
    if why == "spreadsheet_serial":
        return (
            f"closed_at must be a date (got {_short(closed_at)!r}: a spreadsheet's serial "
            "day number, spreadsheet_serial; set dates.spreadsheet_serials = true in the "
            "index's config to read it, or give the date as 2024-03-01)"
        )
    return f"closed_at must be a date (got {_short(closed_at)!r})"


@functools.lru_cache(maxsize=1024)
def _canonical_kind_cached(name: str) -> str:
    return canonical_kind(name)


def _canonical_kind(name: object) -> str:
    return _canonical_kind_cached(name) if isinstance(name, str) else canonical_kind(name)


def _is_missing(value: object) -> bool:
    """``None``, or a missing value of pandas or NumPy (``pd.NA``, ``NaN``, ``NaT``): what
    a table's empty cell is in ``row.to_dict()``, read as JSON's ``null`` is (``empty``).

    Examples
    --------
    >>> [_is_missing(v) for v in (None, pd.NA, float("nan"), pd.NaT, np.datetime64("NaT"))]
    [True, True, True, True, True]
    >>> [_is_missing(v) for v in ("", 0, 1.5, "nan")]
    [False, False, False, False]
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    if isinstance(value, np.datetime64 | np.timedelta64):
        return bool(np.isnat(value))
    return False


def _values_of(raw: object) -> list[object]:
    if _is_missing(raw):
        return []
    if isinstance(raw, str | bytes) or not isinstance(raw, Iterable) or isinstance(raw, Mapping):
        return [raw]
    return list(raw)


def _contract_keys(reg: Mapping[Any, Any]) -> dict[str, Any]:
    """The key each contract field of a registration is read from: its own name, else
    the first of its other spellings (``Store ID``, ``store-id``).

    Examples
    --------
    >>> _contract_keys({"Store ID": "A", "store_id": "B", "Country": "BR", "COUNTRY": "AR"})
    {'store_id': 'store_id', 'country': 'Country'}
    >>> _contract_keys({"created_date": "2024-05-01", "Land": "DE", "country": "AT"})
    {'country': 'country', 'opened_at': 'created_date'}
    """
    out = {k: k for k in reg if k in REGISTRATION_COLUMNS}
    for key in reg:
        name = contract_name(key, REGISTRATION_COLUMNS) if isinstance(key, str) else key
        if name in REGISTRATION_COLUMNS and name not in out:
            out[name] = key
    for key in reg:  # then other names (created_date), as a stores table's are read
        name = _field_alias(key)
        if name is not None and name not in out:
            out[name] = key
    return out


def _field_alias(key: object) -> str | None:
    """The registration field ``key`` is another name of (``created_date`` is
    ``opened_at``), or None."""
    if not isinstance(key, str):
        return None
    return REGISTRATION_COLUMN_ALIASES.get(contract_name(key, REGISTRATION_COLUMN_ALIASES))


def _identifier_forms(identifiers: object, bad: list[dict[str, Any]]) -> list[tuple[str, Any, Any]]:
    """A registration's ``identifiers`` object as ``(field, kind name, value)``; one
    that is not an object is reported (``not_an_object``) and gives none.

    Examples
    --------
    >>> bad = []
    >>> _identifier_forms({"phone": None}, bad)
    [('identifiers.phone', 'phone', None)]
    >>> _identifier_forms("phone=1", bad), [e["reason"] for e in bad]
    ([], ['not_an_object'])
    """
    if isinstance(identifiers, Mapping):
        return [(_field_name(k), k, v) for k, v in identifiers.items()]
    if identifiers is not None:
        bad.append(
            {"field": "identifiers", "value": _short(identifiers), "reason": "not_an_object"}
        )
    return []


def _is_scalar(value: object) -> bool:
    """A value an identifier can be read from (not a list, dict or other container)."""
    return value is None or isinstance(value, str | bytes | int | float | np.generic)


def _is_identifier_value(value: object) -> bool:
    """A value an identifier can be read from (:func:`_is_scalar`), but not a boolean:
    ``{"phone": true}`` names no phone number (``not_a_value``)."""
    return _is_scalar(value) and not isinstance(value, bool | np.bool_)


def _with_known_shared(config: Config, known_shared: Mapping[str, Sequence[str]] | None) -> Config:
    """``config`` with ``known_shared``'s values joined to the ones it lists.

    Examples
    --------
    >>> cfg = _with_known_shared(Config(known_shared={"ip": ["203.0.113.7"]}),
    ...                          {"ip": ["198.51.100.2"], "iban": ["NL91 ABNA 0417 1643 00"]})
    >>> {k: list(v) for k, v in sorted(cfg.known_shared.items())}
    {'ip': ['203.0.113.7', '198.51.100.2'], 'payment_account': ['NL91 ABNA 0417 1643 00']}
    """
    if not known_shared:
        return config
    joined: dict[str, tuple[str, ...]] = dict(config.known_shared)
    for kind, values in known_shared.items():
        joined[kind] = (*joined.get(kind, ()), *values)
    return dataclasses.replace(config, known_shared=joined)


def _refusal(value: object, reason: object) -> str:
    """Why an identifier value the normaliser refused (for ``reason``) is unusable:
    ``not_a_value`` for a number that is not a whole number (``1.5``, ``inf``), as no
    identifier is written so (its digits, read as text, are only what is wrong after
    that: a ``placeholder`` for ``15``); else the normaliser's reason.

    Examples
    --------
    >>> _refusal(1.5, "placeholder"), _refusal(15.0, "placeholder"), _refusal("1.5", None)
    ('not_a_value', 'placeholder', 'invalid')
    """
    if isinstance(value, float | np.floating) and not (
        math.isfinite(value) and float(value).is_integer()
    ):
        return "not_a_value"
    return str(reason) if isinstance(reason, str) and reason else "invalid"


def _looks_like_kind(column: object) -> bool:
    """Whether a registrations column screening does not read looks like an identifier
    kind, so that its values are reported (``unknown_kind``) rather than passed over as
    a column carried along (``Shop_Name``, ``Rating``): its name, or its last word
    (``contact_phones``, ``last_login_ip``), is a built-in kind or another name of one
    (the index may not configure it), also in the plural, or a misspelling of one
    (``phnoe``, ``ipaddress``).

    Examples
    --------
    >>> [_looks_like_kind(c) for c in ("phnoe", "Contact_Phones", "Last Login IP", "iban")]
    [True, True, True, True]
    >>> [_looks_like_kind(c) for c in ("Shop_Name", "Rating", "Owner_Name", "zip", "Status")]
    [False, False, False, False, False]
    """
    name = canonical_kind(column)
    words = {name, name.rpartition("_")[2]}
    return any(
        word in BUILTIN_KINDS or word in KIND_ALIASES or _misspelt_kind(word) is not None
        for word in words | {w.removesuffix("s") for w in words}
        if word
    )


def _object_text(kind: str, value: object) -> str | None:
    """An object given as a value of ``kind`` (``{"idfa": "1F91…", "os": "iOS 17.3"}``)
    as the JSON text a table's cell would hold, when that cell holds values of the
    kind (:func:`sellergraph.dataset.list_parts`): it is then read as the batch reads
    the cell. None for anything else (an object naming no value of the kind is
    ``not_a_value``).

    Examples
    --------
    >>> _object_text("device", {"idfa": "1F91", "os": "iOS 17.3"})
    '{"idfa": "1F91", "os": "iOS 17.3"}'
    >>> _object_text("device", {"os": "iOS 17.3"}), _object_text("address", {"city": "Lyon"})
    (None, None)
    """
    if not isinstance(value, Mapping):
        return None
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError, RecursionError):
        return None
    return text if list_parts(kind, text) else None


def _no_values(raw: object) -> bool:
    """An identifier kind given no value at all: ``None`` (JSON ``null``) or an empty
    list (or tuple, set, array), reported as ``empty`` as an empty string is."""
    return raw is None or not _values_of(raw)


def _is_date_like(value: object) -> bool:
    """A value a date can be read from: a scalar, or a date or datetime object."""
    return _is_scalar(value) or isinstance(value, _dt.date)


def _record_text(reg: Mapping[str, Any], field: str, bad: list[dict[str, Any]]) -> str | None:
    """A registration's text field, stripped (``None`` when missing, blank or a container,
    the last reported as ``not_a_value``)."""
    value = reg.get(field)
    if not _is_scalar(value):
        bad.append({"field": field, "value": _short(value), "reason": "not_a_value"})
        return None
    text = _as_text(value)
    return _safe_text(text.strip()) if text and text.strip() else None


def _scalar_cells(
    column: pd.Series, field: str, unusable: list[list[dict[str, Any]]], *, dates: bool = False
) -> pd.Series:
    """A registrations column with its containers (lists, dicts) cleared, each reported
    as ``not_a_value``."""
    if column.dtype != object:
        return column
    ok = _is_date_like if dates else _is_scalar
    # a missing value (pd.NA in an object column) is a blank cell, no container
    bad = [i for i, v in enumerate(column.tolist()) if not ok(v) and not _is_missing(v)]
    if not bad:
        return column
    for i in bad:
        unusable[i].append(
            {"field": field, "value": _short(column.iloc[i]), "reason": "not_a_value"}
        )
    column = column.copy()
    column.iloc[bad] = None
    return column


def _record_region(value: object, bad: list[dict[str, Any]]) -> str | None:
    """The phone region a registration's ``country`` names; a value that names none is
    reported (``unknown_country``) and the config's ``default_region`` is used."""
    if not _is_scalar(value):
        bad.append({"field": "country", "value": _short(value), "reason": "not_a_value"})
        return None
    text = _as_text(value)
    if text is None or not text.strip():
        return None
    region = region_of(text)
    if region is None:
        bad.append({"field": "country", "value": _short(value), "reason": "unknown_country"})
    return region


#: From this share of the index's stores read in one region, a registration without a
#: ``country`` whose phone numbers are read in another is reported (``country_guessed``).
STORES_REGION_SHARE = 0.9


def _country_region(value: object, name: str) -> str | None:
    """The phone region a country setting names (None when not set).

    Raises
    ------
    InputError
        The value names no country with a phone numbering plan.

    Examples
    --------
    >>> [_country_region(v, "default_country") for v in (None, "br", "BRA", "Brasil")]
    [None, 'BR', 'BR', 'BR']
    """
    if value is None:
        return None
    region = region_of(value) if isinstance(value, str) else None
    if region is None:
        raise InputError(
            f"{name!r} must be an ISO 3166 code or a country name with a phone numbering "
            f"plan, such as 'BR', 'BRA' or 'Brasil' (got {_short(value)!r})"
        )
    return region


def _store_regions(stores: pd.DataFrame, default_region: str) -> dict[str, int]:
    """Stores by the region the batch read their phone numbers in: their ``country``,
    else ``default_region``."""
    if "country" in stores.columns:
        regions = stores["country"].astype(object).where(stores["country"].notna(), None)
        regions = regions.fillna(default_region)
    else:
        regions = pd.Series([default_region] * len(stores), dtype=object)
    counts = regions.astype(str).str.upper().value_counts()
    return {str(k): int(v) for k, v in sorted(counts.items())}


def _table_regions(column: pd.Series, unusable: list[list[dict[str, Any]]]) -> list[str | None]:
    """:func:`_record_region` for a registrations table's ``country`` column."""
    texts = pd.Series([_as_text(v) for v in column.tolist()], dtype=object)
    regions, unknown = country_regions(texts)
    for i in np.flatnonzero(unknown).tolist():
        unusable[i].append(
            {"field": "country", "value": _short(column.iloc[i]), "reason": "unknown_country"}
        )
    return regions.tolist()


def _national(value: object, region: str) -> bool:
    """Whether a phone value that is no number of ``region`` was read there as a national
    number (it parses, and without a country code of its own)."""
    import phonenumbers

    text = _as_text(value)
    if not text:
        return False
    try:
        number = phonenumbers.parse(text, region, keep_raw_input=True)
    except phonenumbers.NumberParseException:
        return False
    source = phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY
    return bool(number.country_code_source == source)


def _other_region(region: str) -> str:
    """A region whose country calling code is not ``region``'s (to tell whether a number
    reads differently elsewhere)."""
    import phonenumbers

    return "GB" if phonenumbers.country_code_for_region(region) == 1 else "US"


def _safe_text(text: str) -> str:
    """Text that encodes as UTF-8: lone surrogates become ``\\udXXX`` escapes."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


@dataclass
class _Blocks:
    """Near-duplicate candidates of one kind: identifiers sorted by (block, key)."""

    keys: np.ndarray
    idents: np.ndarray
    span: dict[str, tuple[int, int]]
    added: dict[str, list[int]]

    def candidates(self, block: str, key: str, half: int) -> np.ndarray:
        """Identifiers of ``block`` near ``key`` in sort order (all of a small block)."""
        start, end = self.span.get(block, (0, 0))
        if end - start > 2 * half:
            at = start + int(np.searchsorted(self.keys[start:end], key))
            start, end = max(start, at - half), min(end, at + half)
        found = self.idents[start:end]
        more = self.added.get(block)
        return found if not more else np.concatenate([found, np.asarray(more, dtype=np.int64)])


# -- the screener -----------------------------------------------------------------------


class Screener:
    """An index of a batch analysis that screens new registrations.

    Build one with :meth:`from_analysis` (or :meth:`load`), then call :meth:`screen`
    for one registration or :meth:`screen_many` for a batch (``n_jobs=`` to use
    several cores; :meth:`close` ends the worker processes it keeps). :meth:`add_store`
    and :meth:`ban` update the index in place, without a rebuild.

    Parameters are keyword-only and set when the index is built or loaded:
    ``review_at`` (default: the analysis's alert threshold) and ``block_at``
    (default 0.9) are the score thresholds of the ``review`` and ``block`` verdicts;
    ``default_country`` (default: the config's ``normalize.default_region``) is the
    region phone numbers of a registration without a ``country`` are read in;
    ``block_min_kinds`` (default 1) is how many identifier kinds, IP not counted, the
    evidence of a ``block`` must be of (a score at or above ``block_at`` with fewer is
    ``review``); ``max_values`` (default :data:`MAX_VALUES`) is how many identifier
    values of one registration are screened.

    Attributes
    ----------
    review_at, block_at : float
        The score thresholds of the ``review`` and ``block`` verdicts.
    block_min_kinds : int
        The identifier kinds (IP not counted: :data:`UNCOUNTED_KINDS`) a ``block``
        needs; 1 blocks on the score alone. Saved with the index.
    max_values : int
        Identifier values one registration may give; past it, the first
        ``max_values`` are screened, the registration is noted ``too_many_values``
        and is reviewed at least. Not saved with the index.
    default_country : str or None
        The region code ``default_country`` names (None when not set).
    default_region : str
        The region phone numbers of a registration without a country are read in.
    store_regions : dict
        The index's stores by the region the batch read their phone numbers in (their
        ``country``, else the config's region; empty for an index built before
        sellergraph recorded it). It changes no score: when nearly all stores are in
        another region than :attr:`default_region`, registrations without a country
        have their national-format numbers reported (``read_in_default_region``).
    keys_version : int or None
        The keys version of the identifier keys the index holds (see
        :meth:`load`; None for an index built before sellergraph recorded it).

    Notes
    -----
    Identifier counts stay exact under :meth:`add_store` and :meth:`ban`; what each
    store offers as a path to a banned store is refreshed two links out from the
    change. The next batch analysis gives the full picture; rebuild the index from
    it.
    """

    def __init__(
        self, arrays: Mapping[str, np.ndarray], meta: Mapping[str, Any], *, copy: bool = True
    ) -> None:
        # ``copy=False``: the arrays are this index's own (a private mapping of its file)
        cp = True if copy else None
        self.config = Config.from_dict(meta["config"], recorded=True)
        self._ncfg = self.config.normalize
        self._compiled = _compiled(self._ncfg)
        # the region phone numbers of a registration without a country are read in: the
        # screener's default country when set, else the config's default_region (as the
        # batch read a store without a country)
        self.default_country: str | None = _country_region(
            meta.get("default_country"), "default_country"
        )
        # stores by the region their phone numbers were read in (indexes built before
        # it was recorded: none)
        self.store_regions: dict[str, int] = {
            str(k): int(v) for k, v in dict(meta.get("store_regions") or {}).items()
        }
        self.review_at = float(meta["review_at"])
        self.block_at = float(meta["block_at"])
        # the order the batch read a store date that reads either way in (indexes
        # written before it was recorded: month first, as the batch's default)
        self._date_order = str(meta.get("date_order") or "month_first")
        if self._date_order not in ("day_first", "month_first"):
            raise InputError(f"index has an unknown date_order {self._date_order!r}")
        _check_thresholds(self.review_at, self.block_at)
        # indexes written before the rule was recorded block on the score alone
        self.block_min_kinds = _min_kinds(meta.get("block_min_kinds", 1))
        self.max_values = MAX_VALUES
        self.provenance: dict[str, Any] = dict(meta.get("provenance", {}))
        self.keys_version: int | None = keys_version_of({"keys_version": meta.get("keys_version")})
        self.kinds: list[str] = list(meta["kinds"])
        self._kind_code = {k: i for i, k in enumerate(self.kinds)}
        # a registration's field names read as the batch read its kind cells and
        # columns: the config's kind_names first (``emirates_id`` as id_document)
        self._kind_of = functools.lru_cache(maxsize=1024)(
            functools.partial(resolve_kind, known=self._kind_code, names=self.config.kind_names)
        )
        # an address split over several fields or columns (Address Line 1, City): one
        # address, composed as the batch composed it (per field names, read once)
        self._address_groups = functools.lru_cache(maxsize=256)(
            functools.partial(address_groups, kinds=frozenset(self._kind_code))
        )
        self._norm_kinds = ["store_name" if k == "name" else k for k in self.kinds]
        self._specs = [_spec(k) for k in self._norm_kinds]
        # kinds whose values a registration may list several of, as a cell may
        self._listable = np.array(
            [canonical_kind(k) in _LISTABLE_KINDS for k in self.kinds], dtype=bool
        )
        # phone numbers are read in their registration's region (its ``country``)
        self._by_region = [canonical_kind(k) == "phone" for k in self._norm_kinds]
        # the keys of the values the config lists as known shared, per kind code and
        # region, read on first use: set aside as the batch sets their links aside
        self._shared_keys = functools.lru_cache(maxsize=256)(self._read_shared_keys)
        rules = [self.config.kinds[k] for k in self.kinds] if self.kinds else []
        if "name" in self.kinds and "name" not in self.config.kinds:
            raise InputError("index lists kind 'name' that its config does not configure")
        self._kind_weight = np.array([r.weight for r in rules], dtype=np.float64)
        self._kind_free = np.array([r.free_share for r in rules], dtype=np.float64)
        self._kind_cap = np.array([r.hub_cap for r in rules], dtype=np.int64)
        self._kind_after = np.array([r.recycled_after_days for r in rules], dtype=np.float64)
        self._kind_half = np.array([r.recycled_half_life_days for r in rules], dtype=np.float64)
        # stores
        self._n_stores = len(arrays["store_id"])
        self._store_id = np.asarray(arrays["store_id"], dtype=object)
        self._code: dict[str, int] = {s: i for i, s in enumerate(self._store_id.tolist())}
        self._platform = np.array(arrays["platform"], dtype=object, copy=cp)
        self._status = np.array(arrays["status"], dtype=np.int8, copy=cp)
        self._opened = np.array(arrays["opened"], dtype=np.int64, copy=cp)
        self._closed = np.array(arrays["closed"], dtype=np.int64, copy=cp)
        self._reason = np.array(arrays["closure_reason"], dtype=object, copy=cp)
        self._ring = np.array(arrays["ring_id"], dtype=object, copy=cp)
        self._paths = PathTables(
            d1=np.array(arrays["d1"], dtype=np.float64, copy=cp),
            d_end=np.array(arrays["d_end"], dtype=np.int64, copy=cp),
            e1=np.array(arrays["e1"], dtype=np.float64, copy=cp),
            e1_arg=np.array(arrays["e1_arg"], dtype=np.int64, copy=cp),
            e2=np.array(arrays["e2"], dtype=np.float64, copy=cp),
            e2_arg=np.array(arrays["e2_arg"], dtype=np.int64, copy=cp),
        )
        self._n_banned_total = int((self._status == _BANNED).sum())
        # identifiers
        self._n_ident = len(arrays["ident_key"])
        self._ident_kind = np.array(arrays["ident_kind"], dtype=np.int64, copy=cp)
        self._ident_key = np.asarray(arrays["ident_key"], dtype=object)
        self._ident_base = np.array(arrays["ident_base"], dtype=np.float64, copy=cp)
        self._ident_n = np.array(arrays["ident_n"], dtype=np.int64, copy=cp)
        self._ident_banned = np.array(arrays["ident_banned"], dtype=np.int64, copy=cp)
        # identifier lookup: codes sorted by a 64-bit hash of (kind, key), searched in bulk
        self._lookup_code = np.asarray(arrays["lookup_order"], dtype=np.int64)
        self._lookup_hash = np.asarray(arrays["lookup_hash"], dtype=np.uint64)
        if not _hashes_reproduced(
            self._lookup_hash, self._lookup_code, self._ident_kind, self._ident_key
        ):  # hashed by a different installation: hash again rather than miss every key
            self._lookup_code, self._lookup_hash = _lookup_table(self._ident_kind, self._ident_key)
        self._added_idents: dict[tuple[int, str], int] = {}
        # incidence, both ways (CSR), plus additions since the build
        self._hold_ptr = np.asarray(arrays["hold_ptr"], dtype=np.int64)
        self._hold_store = np.asarray(arrays["hold_store"], dtype=np.int64)
        # each holding's last sighting (day), for values handed on between holders
        self._hold_seen = np.asarray(arrays["hold_seen"], dtype=np.int64)
        self._own_ptr = np.asarray(arrays["own_ptr"], dtype=np.int64)
        self._own_ident = np.asarray(arrays["own_ident"], dtype=np.int64)
        self._extra_holders: dict[int, list[int]] = {}
        self._extra_own: dict[int, list[int]] = {}
        self._blocks = _blocks_from_arrays(arrays, self._ident_key)
        self._workers: ForkedWorkers | None = None
        self._search: dict[str, np.ndarray] | None = {
            "lookup_order": self._lookup_code,
            "lookup_hash": self._lookup_hash,
            **{
                name: arrays[name]
                for name in ("block_order", "block_names", "block_kind", "block_ptr")
            },
        }

    def _field_kind(self, name: str) -> str | None:
        """The identifier kind a registration's field of its own names, if any."""
        kind = self._kind_of(name)
        return kind if kind in self._kind_code else None

    def _near_kind_codes(self) -> list[int]:
        return _near_kinds(self.kinds, self.config)

    @property
    def default_region(self) -> str:
        """The region phone numbers of a registration without a ``country`` are read in:
        :attr:`default_country` when set, else the config's ``normalize.default_region``."""
        return self.default_country or self.config.normalize.default_region

    @property
    def stores_region(self) -> str | None:
        """The region nearly all of the index's stores (:data:`STORES_REGION_SHARE`) had
        their phone numbers read in (None when they are spread, or the index did not
        record it)."""
        return self._stores_region()

    def _stores_region(self) -> str | None:
        """The region nearly all of the index's stores (:data:`STORES_REGION_SHARE`) had
        their phone numbers read in, when the index recorded it."""
        total = sum(self.store_regions.values())
        for region, n in self.store_regions.items():
            if total and n >= STORES_REGION_SHARE * total:
                return region
        return None

    # -- building, saving, loading ----------------------------------------------------

    @classmethod
    def from_analysis(
        cls,
        analysis: Analysis,
        *,
        review_at: float | None = None,
        block_at: float = 0.9,
        default_country: str | None = None,
        known_shared: Mapping[str, Sequence[str]] | None = None,
        check_keys_version: bool = True,
        block_min_kinds: int = 1,
        max_values: int = MAX_VALUES,
    ) -> Screener:
        """Index an analysis for screening.

        Parameters
        ----------
        analysis : Analysis
        review_at : float, optional
            Score from which the verdict is ``review`` (default: the analysis's
            ``alert_threshold``).
        block_at : float, default 0.9
            Score from which the verdict is ``block``.
        default_country : str, optional
            The country phone numbers of a registration without a ``country`` are read
            in: an ISO 3166 code or a country name, as in the stores table's ``country``
            column (``"BR"``, ``"BRA"``, ``"Brasil"``). Default: the config's
            ``normalize.default_region``, the region the batch read a store without a
            country in. Saved with the index.
        known_shared : mapping of str to list of str, optional
            Values many stores legitimately share, per kind, as the config's
            ``known_shared`` lists them: for an analysis whose config does not hold
            them (one read back from a run folder, which records its config without
            them), joined with any the config lists. The index keeps the list (it
            holds every identifier's key anyway): a registration's value that is one
            of them is set aside as ``known_shared`` in ``unusable``, no evidence, and
            :meth:`add_store` adds no such value to the index.
        check_keys_version : bool, default True
            Refuse an analysis whose keys are of another keys version than this
            sellergraph's (one rebuilt from a run folder an earlier version wrote: its
            stored keys are read as stored); with False, a warning on the
            ``sellergraph`` logger says so instead. The index records its keys version.
        block_min_kinds : int, default 1
            How many identifier kinds the evidence of a ``block`` must be of, IP not
            counted: a score at or above ``block_at`` whose evidence is of fewer is
            ``review``, and its ``verdict_note`` says why. ``2`` keeps one shared
            value that may have changed hands (a second-hand phone's device id, a
            recycled number) from blocking on its own. Saved with the index.
        max_values : int, default :data:`MAX_VALUES`
            Identifier values one registration may give (see :attr:`max_values`).

        Raises
        ------
        InputError
            A threshold out of range, a ``block_min_kinds`` or ``max_values`` that is
            not a whole number of at least 1, a ``default_country`` that names no country
            with a phone numbering plan, or an analysis of another keys version.
        ConfigError
            A ``known_shared`` kind the config does not configure.

        Examples
        --------
        >>> import sellergraph as sg
        >>> stores, links, _ = sg.make_marketplace(n_stores=300, seed=0)
        >>> screener = sg.Screener.from_analysis(
        ...     sg.analyze(stores, links, seed=0), default_country="Brasil"
        ... )
        >>> screener.default_country, screener.default_region
        ('BR', 'BR')
        """
        keys_version = keys_version_of(analysis.provenance)
        _check_keys_version(
            keys_version,
            "the analysis (rebuilt from a run folder of an earlier sellergraph)",
            check=check_keys_version,
        )
        graph = analysis.evidence
        config = _with_known_shared(analysis.config, known_shared)
        stores = analysis.stores
        review = config.scoring.alert_threshold if review_at is None else review_at
        _check_thresholds(review, block_at)
        min_kinds = _min_kinds(block_min_kinds)
        cap = _max_values(max_values)
        region = _country_region(default_country, "default_country")
        idents = graph.identifiers
        inc = graph.incidence
        n = len(graph.store_ids)
        m = len(idents)
        store_code = inc["store"].to_numpy()
        ident_code = inc["ident"].to_numpy()
        by_ident = np.lexsort((store_code, ident_code))
        by_store = np.lexsort((ident_code, store_code))
        closed = _days(stores["closed_at"])
        tables = path_tables(graph, config, prefer=store_preference(graph.store_ids, closed))
        status = pd.Categorical(stores["status"].astype(str), categories=list(_STATUS))
        arrays = {
            "store_id": graph.store_ids,
            "platform": stores["platform"].astype(str).to_numpy(dtype=object),
            "status": np.asarray(status.codes, dtype=np.int8),
            "opened": _days(stores["opened_at"]),
            "closed": closed,
            "closure_reason": stores["closure_reason"].to_numpy(dtype=object),
            "ring_id": np.asarray(analysis.ring_of, dtype=object),
            "d1": tables.d1,
            "d_end": tables.d_end,
            "e1": tables.e1,
            "e1_arg": tables.e1_arg,
            "e2": tables.e2,
            "e2_arg": tables.e2_arg,
            "ident_kind": np.asarray(idents["kind"].cat.codes, dtype=np.int64),
            "ident_key": idents["key"].to_numpy(dtype=object),
            "ident_base": idents["base_weight"].to_numpy(dtype=np.float64),
            "ident_n": idents["n_stores"].to_numpy(dtype=np.int64),
            "ident_banned": idents["n_banned"].to_numpy(dtype=np.int64),
            "hold_ptr": np.searchsorted(ident_code[by_ident], np.arange(m + 1)),
            "hold_store": store_code[by_ident],
            "hold_seen": _days(inc["last_seen"].to_numpy()[by_ident]),
            "own_ptr": np.searchsorted(store_code[by_store], np.arange(n + 1)),
            "own_ident": ident_code[by_store],
        }
        kinds_here = [str(k) for k in idents["kind"].cat.categories]
        arrays.update(
            _search_arrays(
                arrays["ident_kind"],
                arrays["ident_key"],
                kinds_here,
                _near_kinds(kinds_here, config),
            )
        )
        rules = dict(config.kinds)
        kinds = [str(k) for k in idents["kind"].cat.categories]
        cfg = config
        if "name" in kinds and "name" not in rules:
            from .build import kind_rules

            cfg = config.with_kind("name", kind_rules(config)["name"])
        from ._version import __version__

        meta = {
            "format": _FORMAT,
            "format_version": _FORMAT_VERSION,
            "keys_version": keys_version,
            "config": cfg.to_dict(known_shared=True),
            "kinds": kinds,
            "review_at": review,
            "block_at": block_at,
            "block_min_kinds": min_kinds,
            "date_order": analysis.provenance.get("counts", {}).get("date_order"),
            "default_country": region,
            "store_regions": _store_regions(stores, config.normalize.default_region),
            "provenance": {
                "sellergraph": __version__,
                "seed": analysis.seed,
                "stores": n,
                "identifiers": m,
                "built_from": dict(analysis.provenance.get("counts", {})),
            },
        }
        screener = cls(arrays, meta)
        screener.max_values = cap
        return screener

    def save(self, path: str | Path) -> Path:
        """Write the index to one file (a zip of arrays and JSON; no pickle).

        Additions made with :meth:`add_store` and :meth:`ban` are included.
        """
        arrays, meta = self._export()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # A new file replaces the old one: an index loaded from this path keeps mapping
        # the old file's pages, so it is never written in place under a running reader.
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        try:
            with tmp.open("wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED) as zf:
                zf.writestr(
                    _entry("meta.json", fh.tell()),
                    json.dumps(meta, indent=1, sort_keys=True, default=str),
                )
                for name, arr in sorted(arrays.items()):
                    buf = io.BytesIO()
                    if name in _STRING_MEMBERS:
                        _write_strings(buf, arr)
                        zf.writestr(_entry(f"{name}.arrow", fh.tell()), buf.getvalue())
                    else:
                        np.save(buf, np.ascontiguousarray(arr), allow_pickle=False)
                        zf.writestr(_entry(f"{name}.npy", fh.tell()), buf.getvalue())
            os.replace(tmp, path)
        finally:
            tmp.unlink(missing_ok=True)
        return path

    @classmethod
    def load(
        cls,
        path: str | Path,
        *,
        review_at: float | None = None,
        block_at: float | None = None,
        default_country: str | None = None,
        check_keys_version: bool = True,
        block_min_kinds: int | None = None,
        max_values: int | None = None,
    ) -> Screener:
        """Read an index written by :meth:`save`.

        Parameters
        ----------
        path : str or Path
        review_at, block_at : float, optional
            Override the index's thresholds.
        default_country : str, optional
            Override the index's default country (see :meth:`from_analysis`).
        check_keys_version : bool, default True
            Refuse an index built with another keys version than this sellergraph's
            (or before indexes recorded one); with False, a warning on the
            ``sellergraph`` logger says so instead and the index screens as it is.
        block_min_kinds : int, optional
            Override the index's ``block_min_kinds`` (see :meth:`from_analysis`; an
            index written before it was recorded has 1).
        max_values : int, optional
            Identifier values one registration may give (see :attr:`max_values`;
            default :data:`MAX_VALUES`).

        Raises
        ------
        InputError
            Not an index, a damaged one, an index of another keys version (rebuild
            it), a ``block_min_kinds`` or ``max_values`` that is not a whole number of at
            least 1, or a ``default_country`` that names no country with a phone
            numbering plan.

        Notes
        -----
        A new sellergraph may read some values into other keys than the one that built
        the index (``keys_version`` in its ``meta.json``): registrations would then miss
        the stores holding those values, and a returning seller would be allowed.
        Such an index is refused, with a message saying to rebuild it, rather than
        screening with a blind spot nobody sees.
        """
        region = _country_region(default_country, "default_country")
        min_kinds = None if block_min_kinds is None else _min_kinds(block_min_kinds)
        cap = MAX_VALUES if max_values is None else _max_values(max_values)
        path = Path(path)
        why = why_not_a_file(path)
        if why:
            raise InputError(f"index file {str(path)!r} {why}")
        try:
            zf = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError):
            raise InputError(
                f"{str(path)!r} is not a sellergraph index (build one with 'sellergraph index')"
            ) from None
        damaged = f"{str(path)!r} is a damaged sellergraph index"
        with zf:
            names = set(zf.namelist())
            if "meta.json" not in names:
                raise InputError(f"{str(path)!r} is not a sellergraph index (no meta.json)")
            try:
                meta = json.loads(zf.read("meta.json"))
            except (zipfile.BadZipFile, ValueError, OSError) as exc:
                raise InputError(f"{damaged} (meta.json: {exc}); rebuild it") from None
            if not isinstance(meta, dict):
                raise InputError(f"{damaged} (meta.json is not an object); rebuild it")
            if meta.get("format") != _FORMAT or meta.get("format_version") != _FORMAT_VERSION:
                raise InputError(
                    f"{str(path)!r} is index format {meta.get('format_version')!r}; this "
                    f"sellergraph reads format {_FORMAT_VERSION}: rebuild the index"
                )
            _check_keys_version(
                meta.get("keys_version"), f"index {str(path)!r}", check=check_keys_version
            )
            missing = sorted(
                m
                for m in _NUMERIC_MEMBERS + _STRING_MEMBERS
                if f"{m}.npy" not in names and f"{m}.arrow" not in names
            )
            if missing:
                raise InputError(f"{damaged} (no {', '.join(missing)}); rebuild it")
            # Arrays are views of a private (copy-on-write) mapping of the file: changes
            # never reach it, and Screener.save replaces the file rather than rewriting it.
            with path.open("rb") as fh:
                view = memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_COPY))
            arrays: dict[str, np.ndarray] = {}
            try:
                for info in zf.infolist():
                    stem, _, ext = info.filename.rpartition(".")
                    if ext not in ("npy", "arrow") or stem not in _ALL_MEMBERS:
                        continue
                    data = _member(view, info, zf)
                    arrays[stem] = _npy_view(data) if ext == "npy" else _read_strings(data)
                _check_shapes(arrays)
            except (ValueError, EOFError, OSError, zipfile.BadZipFile) as exc:
                raise InputError(f"{damaged} ({exc}); rebuild it") from None
        if review_at is not None:
            meta["review_at"] = review_at
        if block_at is not None:
            meta["block_at"] = block_at
        if region is not None:
            meta["default_country"] = region
        if min_kinds is not None:
            meta["block_min_kinds"] = min_kinds
        try:
            screener = cls(arrays, meta, copy=False)
        except InputError:
            raise
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise InputError(f"{damaged} ({type(exc).__name__}: {exc}); rebuild it") from None
        screener.max_values = cap
        return screener

    def _export(self) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
        n, m = self._n_stores, self._n_ident
        hold = [self._holders(i) for i in range(m)] if self._extra_holders else None
        if hold is None:
            hold_ptr, hold_store, hold_seen = self._hold_ptr, self._hold_store, self._hold_seen
        else:
            hold_ptr = np.concatenate([[0], np.cumsum([len(h) for h in hold])])
            hold_store = np.concatenate(hold) if hold else np.array([], dtype=np.int64)
            seen = [self._holders_seen(i) for i in range(m)]
            hold_seen = np.concatenate(seen) if seen else np.array([], dtype=np.int64)
        own = [self._owned(i) for i in range(n)] if self._extra_own else None
        if own is None:
            own_ptr, own_ident = self._own_ptr, self._own_ident
        else:
            own_ptr = np.concatenate([[0], np.cumsum([len(o) for o in own])])
            own_ident = np.concatenate(own) if own else np.array([], dtype=np.int64)
        t = self._paths
        arrays = {
            "store_id": self._store_id[:n],
            "platform": self._platform[:n],
            "status": self._status[:n],
            "opened": self._opened[:n],
            "closed": self._closed[:n],
            "closure_reason": self._reason[:n],
            "ring_id": self._ring[:n],
            "d1": t.d1[:n],
            "d_end": t.d_end[:n],
            "e1": t.e1[:n],
            "e1_arg": t.e1_arg[:n],
            "e2": t.e2[:n],
            "e2_arg": t.e2_arg[:n],
            "ident_kind": self._ident_kind[:m],
            "ident_key": self._ident_key[:m],
            "ident_base": self._ident_base[:m],
            "ident_n": self._ident_n[:m],
            "ident_banned": self._ident_banned[:m],
            "hold_ptr": hold_ptr.astype(np.int64, copy=False),
            "hold_store": hold_store.astype(np.int64, copy=False),
            "hold_seen": hold_seen.astype(np.int64, copy=False),
            "own_ptr": own_ptr.astype(np.int64, copy=False),
            "own_ident": own_ident.astype(np.int64, copy=False),
        }
        if self._added_idents or self._search is None:
            self._search = _search_arrays(
                arrays["ident_kind"],
                arrays["ident_key"],
                self.kinds,
                _near_kinds(self.kinds, self.config),
            )
        arrays.update(self._search)
        meta = {
            "format": _FORMAT,
            "format_version": _FORMAT_VERSION,
            "keys_version": self.keys_version,
            "config": self.config.to_dict(known_shared=True),
            "kinds": self.kinds,
            "review_at": self.review_at,
            "block_at": self.block_at,
            "block_min_kinds": self.block_min_kinds,
            "date_order": self._date_order,
            "default_country": self.default_country,
            "store_regions": dict(sorted(self.store_regions.items())),
            "provenance": {**self.provenance, "stores": n, "identifiers": m},
        }
        return arrays, meta

    def __repr__(self) -> str:
        region = f"; default country {self.default_country}" if self.default_country else ""
        kinds = f" with {self.block_min_kinds} kinds" if self.block_min_kinds > 1 else ""
        return (
            f"Screener({self._n_stores:,} stores, {self._n_banned_total:,} banned, "
            f"{self._n_ident:,} identifiers; review at {self.review_at}, block at "
            f"{self.block_at}{kinds}{region})"
        )

    def __len__(self) -> int:
        return self._n_stores

    def __contains__(self, store_id: object) -> bool:
        return str(store_id) in self._code

    # -- incidence helpers --------------------------------------------------------------

    def _holders(self, ident: int) -> np.ndarray:
        base = self._hold_store[self._hold_ptr[ident] : self._hold_ptr[ident + 1]]
        extra = self._extra_holders.get(ident)
        return base if extra is None else np.concatenate([base, np.asarray(extra, np.int64)])

    def _holders_seen(self, ident: int) -> np.ndarray:
        """Last sighting of each holding :meth:`_holders` lists (unknown for additions)."""
        base = self._hold_seen[self._hold_ptr[ident] : self._hold_ptr[ident + 1]]
        extra = self._extra_holders.get(ident)
        return base if extra is None else np.concatenate([base, np.full(len(extra), _NAT_DAYS)])

    def _owned(self, store: int) -> np.ndarray:
        if store < len(self._own_ptr) - 1:
            base = self._own_ident[self._own_ptr[store] : self._own_ptr[store + 1]]
        else:
            base = np.array([], dtype=np.int64)
        extra = self._extra_own.get(store)
        return base if extra is None else np.concatenate([base, np.asarray(extra, np.int64)])

    def _holders_many(self, idents: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(position in ``idents``, holder store, its last sighting) for every holder
        of every identifier."""
        start = self._hold_ptr[idents]
        size = self._hold_ptr[idents + 1] - start
        pos = np.repeat(np.arange(len(idents)), size)
        offset = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size)
        at = start[pos] + offset
        holder = self._hold_store[at] if len(pos) else pos
        seen = self._hold_seen[at] if len(pos) else pos
        if self._extra_holders:
            more = [
                (i, h)
                for i, ident in enumerate(idents.tolist())
                for h in self._extra_holders.get(ident, ())
            ]
            if more:
                extra = np.asarray(more, dtype=np.int64)
                pos = np.concatenate([pos, extra[:, 0]])
                holder = np.concatenate([holder, extra[:, 1]])
                seen = np.concatenate([seen, np.full(len(extra), _NAT_DAYS)])
        return pos, holder, seen

    def _codes_of(
        self, kind: np.ndarray, keys: np.ndarray, hashes: np.ndarray | None = None
    ) -> np.ndarray:
        """Identifier code of each (kind code, key), -1 when the index has never seen it.

        ``hashes``: their :func:`_kind_key_hashes`, when already computed.
        """
        out = np.full(len(keys), -1, dtype=np.int64)
        if not len(keys):
            return out
        keys = np.asarray(keys, dtype=object)
        kind = np.asarray(kind, dtype=np.int64)
        table, codes = self._lookup_hash, self._lookup_code
        if len(table):
            wanted = _kind_key_hashes(kind, keys) if hashes is None else hashes
            if len(wanted) > 64:  # sorted probes walk the table one way: fewer cache misses
                order = np.argsort(wanted, kind="stable")
                pos = np.empty(len(wanted), dtype=np.int64)
                pos[order] = np.searchsorted(table, wanted[order])
            else:
                pos = np.searchsorted(table, wanted)
            hit = pos < len(table)
            hit[hit] = table[pos[hit]] == wanted[hit]
            rows = np.flatnonzero(hit)
            cand = codes[pos[rows]]
            same = (self._ident_kind[cand] == kind[rows]) & (self._ident_key[cand] == keys[rows])
            out[rows[same]] = cand[same]
            for i in rows[~same].tolist():  # a 64-bit hash collision: scan the equal run
                p = int(pos[i]) + 1
                while p < len(table) and table[p] == wanted[i]:
                    c = int(codes[p])
                    if self._ident_kind[c] == kind[i] and self._ident_key[c] == keys[i]:
                        out[i] = c
                        break
                    p += 1
        if self._added_idents:
            added = self._added_idents
            for i in np.flatnonzero(out < 0).tolist():
                out[i] = added.get((int(kind[i]), keys[i]), -1)
        return out

    def _block_key(self, kc: int, key: str) -> str:
        return block_key(key, blocking=_NEAR_KINDS[self.kinds[kc]])

    # -- registrations ------------------------------------------------------------------

    def _parse(self, registrations: Sequence[Mapping[str, Any]]) -> _Batch:
        batch, raw = self._gather_records(registrations)
        self._normalise(batch, *raw)
        return batch

    def _record_fields(
        self, reg: Mapping[str, Any], bad: list[dict[str, Any]]
    ) -> tuple[dict[str, Any], list[tuple[str, Any, Any]]]:
        """A registration's fields under their contract names (``Store ID`` is
        ``store_id``, as in a table), and its identifier kinds given as fields of their
        own, as ``(field, kind name, value)``; any other field is reported as
        ``unknown_field``, and a second spelling of a contract field as
        ``duplicate_field`` (the contract's own spelling is read, else the first)."""
        fields: dict[str, Any] = {}
        forms: list[tuple[str, Any, Any]] = []
        read_as = _contract_keys(reg)
        addresses = self._address_groups(tuple(k for k in reg if isinstance(k, str)))
        parts = part_columns(addresses)
        for key, value in reg.items():
            name = contract_name(key, REGISTRATION_COLUMNS) if isinstance(key, str) else key
            if name not in REGISTRATION_COLUMNS:
                name = _field_alias(key) or name
            if name in REGISTRATION_COLUMNS:
                if read_as[name] == key:
                    fields[name] = value
                elif _unknown_echo(value) is not None:
                    bad.append(
                        {
                            "field": _short(key, 60),
                            "value": _short(value),
                            "reason": "duplicate_field",
                            "read": _short(read_as[name], 60),
                        }
                    )
            elif key in parts:
                if not _is_scalar(value):
                    bad.append(
                        {"field": _short(key, 60), "value": _short(value), "reason": "not_a_value"}
                    )
            elif isinstance(key, str) and self._kind_of(key) in self._kind_code:
                forms.append((_flat_field_name(key, reg.get("identifiers")), key, value))
            elif value is not None and not (isinstance(value, str) and not value.strip()):
                bad.append(
                    {"field": _short(key, 60), "value": _short(value), "reason": "unknown_field"}
                )
        # an address composed from its parts is read like an address field of its own,
        # in the order the registration's country writes one (as the batch composes)
        country = fields.get("country")
        given = region_of(country) if isinstance(country, str) and country.strip() else None
        region = given or self.default_region
        composed = [a for g in addresses if (a := self._record_address(reg, g, region)) is not None]
        if composed:
            forms.append((ADDRESS_KIND, ADDRESS_KIND, composed))
        return fields, forms

    def _record_address(
        self, reg: Mapping[Any, Any], group: AddressColumns, region: str
    ) -> str | None:
        """A registration's address composed from its fields, as a table's columns are."""
        return compose_address(
            [reg[c] for c in group.street],
            [reg[c] for c in group.lines],
            [reg[c] for c in group.locality],
            number=[reg[c] for c in group.number],
            placeholders=self._ncfg.placeholders,
            region=region,
            postcode_first=group.postcode_first,
        )

    def _gather_records(
        self, registrations: Sequence[Mapping[str, Any]]
    ) -> tuple[_Batch, _RawIdentifiers]:
        """Registration fields and raw identifier values of a list of dicts."""
        store_ids: list[str | None] = []
        platforms: list[str | None] = []
        regions: list[str | None] = []
        opened: list[int] = []
        opened_text: list[str | None] = []
        unusable: list[list[dict[str, Any]]] = []
        notes: list[list[dict[str, Any]]] = []
        reg_i: list[int] = []
        kinds: list[str] = []
        values: list[object] = []
        for i, reg in enumerate(registrations):
            bad: list[dict[str, Any]] = []
            unusable.append(bad)
            notes.append([])
            if not isinstance(reg, Mapping):
                store_ids.append(None)
                platforms.append(None)
                regions.append(None)
                opened.append(_NAT_DAYS)
                opened_text.append(None)
                bad.append(
                    {"field": "registration", "value": _short(reg), "reason": "not_an_object"}
                )
                continue
            reg, top_kinds = self._record_fields(reg, bad)
            sid = _record_store_id(_record_text(reg, "store_id", bad))
            store_ids.append(sid)
            if sid is not None or ("store_id" in reg and _is_scalar(reg["store_id"])):
                notes[-1].extend(self._store_id_notes(sid, reg.get("store_id")))
            platforms.append(platform_name(_record_text(reg, "platform", bad)))
            regions.append(_record_region(reg.get("country"), bad))
            day, text, why = _parse_day(
                reg.get("opened_at"),
                order=self.config.dates.order,
                default=self._date_order,
                serials=self.config.dates.spreadsheet_serials,
            )
            opened.append(day)
            opened_text.append(text)
            if why is not None:
                bad.append(
                    {"field": "opened_at", "value": _short(reg.get("opened_at")), "reason": why}
                )
            idents = reg.get("identifiers")
            if "name" in self._kind_code and reg.get("name") is not None:
                top_kinds.append(("name", "name", reg["name"]))
            forms = _identifier_forms(idents, bad)
            if not forms and not top_kinds:
                if not isinstance(idents, Mapping) and idents is not None:
                    continue  # reported as not_an_object
                bad.append({"field": "identifiers", "value": None, "reason": "missing"})
                continue
            # every form is read on its own: a kind in identifiers and as a field of
            # its own (or under two of its names) is screened with the values of both,
            # and a form that gives none is reported, whatever the other gives
            for label, raw_kind, raw_values in [*forms, *top_kinds]:
                kind = self._kind_of(raw_kind)
                if kind not in self._kind_code:
                    bad.append(
                        {"field": label, "value": _short(raw_values), "reason": "unknown_kind"}
                    )
                    continue
                if _no_values(raw_values):
                    given = None if _is_missing(raw_values) else _short(raw_values)
                    bad.append({"field": label, "value": given, "reason": "empty"})
                    continue
                for v in _values_of(raw_values):
                    if not isinstance(v, str) and isinstance(v, Mapping):
                        v = _object_text(kind, v) or v
                    if _is_missing(v):
                        bad.append({"field": label, "value": None, "reason": "empty"})
                        continue
                    if not _is_identifier_value(v):
                        bad.append({"field": label, "value": _short(v), "reason": "not_a_value"})
                        continue
                    if v is None or (isinstance(v, str) and not v.strip()):
                        bad.append({"field": label, "value": _short(v), "reason": "empty"})
                        continue
                    reg_i.append(i)
                    kinds.append(kind)
                    values.append(v)
        batch = _Batch(
            store_id=store_ids,
            platform=platforms,
            opened=np.asarray(opened, dtype=np.int64),
            opened_text=opened_text,
            self_code=self._self_codes(store_ids),
            unusable=unusable,
            region=regions,
            notes=notes,
        )
        codes = np.fromiter((self._kind_code[k] for k in kinds), dtype=np.int64, count=len(kinds))
        return batch, (np.asarray(reg_i, dtype=np.int64), codes, values)

    def _store_id_notes(self, store_id: str | None, given: object) -> list[dict[str, Any]]:
        """What a registration's notes say of its store id, read as ``store_id`` from
        the ``given`` value: ``known_store`` (in the index, with its status: it is
        screened as documented, as new or, banned, matching its own entry), or, when
        it reads as no id, ``missing`` (nothing, as a table's blank cell or ``null``)
        or ``empty`` (blank text)."""
        if store_id is not None:
            code = self._code.get(store_id)
            if code is None:
                return []
            status = _STATUS[self._status[code]]
            return [
                {"field": "store_id", "value": store_id, "reason": "known_store", "status": status}
            ]
        if _is_missing(given):
            return [{"field": "store_id", "value": None, "reason": "missing"}]
        return [{"field": "store_id", "value": _short(given), "reason": "empty"}]

    def _normalise(self, batch: _Batch, reg: np.ndarray, kind: np.ndarray, values: Any) -> None:
        """Normalise identifier values by kind into ``batch`` (unusable ones reported).

        ``kind`` holds kind codes and ``values`` the raw values (a list, or a Series
        for many). A few values (one registration) go through the per-value
        normaliser with plain Python bookkeeping, many through the vectorised one;
        the two give the same keys (``tests/test_normalize.py`` checks it). A value
        that is no value of its kind but holds several, or is a JSON array or object,
        is read as the batch reads such a cell (:meth:`_read_listed`). A registration
        with more than :attr:`max_values` values has its first ones read, and is noted
        ``too_many_values``.
        """
        reg, kind, values = self._capped_values(batch, reg, kind, values)
        values = list(values) if len(values) <= _SMALL else _as_series(values)
        keys, reasons, flags = self._keys(batch, reg, kind, values)
        reg, kind, values, keys, reasons, flags = self._read_listed(
            batch, reg, kind, values, keys, reasons, flags
        )
        if len(values) <= _SMALL:
            self._normalise_few(batch, reg, kind, list(values), keys, reasons, flags)
        else:
            self._normalise_many(batch, reg, kind, _as_series(values), keys, reasons, flags)

    def _capped_values(
        self, batch: _Batch, reg: np.ndarray, kind: np.ndarray, values: Any
    ) -> tuple[np.ndarray, np.ndarray, Any]:
        """The first :attr:`max_values` values of each registration, in the order given;
        a registration that gave more is noted ``too_many_values`` (the rest are not
        normalised: a registration of 20,000 numbers costs no more than one of 100)."""
        n_reg = len(batch.store_id)
        given = np.bincount(reg, minlength=n_reg) if len(reg) else np.zeros(n_reg, np.int64)
        over = np.flatnonzero(given > self.max_values)
        if not len(over):
            return reg, kind, values
        order = np.argsort(reg, kind="stable")
        starts = np.searchsorted(reg[order], reg[order], side="left")
        rank = np.empty(len(reg), dtype=np.int64)
        rank[order] = np.arange(len(reg)) - starts
        keep = np.flatnonzero(rank < self.max_values)
        for r in over.tolist():
            batch.unusable[r].append(
                {
                    "field": "identifiers",
                    "value": None,
                    "reason": "too_many_values",
                    "values": int(given[r]),
                    "screened": self.max_values,
                }
            )
        kept = values.iloc[keep] if isinstance(values, pd.Series) else [values[i] for i in keep]
        return reg[keep], kind[keep], kept

    def _kind_region_groups(
        self, batch: _Batch, reg: np.ndarray, kind: np.ndarray
    ) -> list[tuple[int, str | None, np.ndarray]]:
        """Identifier positions by kind and, for phone numbers, by registration region."""
        out: list[tuple[int, str | None, np.ndarray]] = []
        regions = np.asarray(batch.region, dtype=object)
        for kc in np.unique(kind).tolist():
            pos = np.flatnonzero(kind == kc)
            if not self._by_region[kc] or not len(regions) or pd.isna(regions).all():
                out.append((kc, None, pos))
                continue
            code, names = pd.factorize(pd.Series(regions[reg[pos]], dtype=object), sort=True)
            for g in np.unique(code).tolist():
                out.append((kc, None if g < 0 else str(names[g]), pos[code == g]))
        return out

    def _keys(
        self, batch: _Batch, reg: np.ndarray, kind: np.ndarray, values: list[object] | pd.Series
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each value's key, reason and flag (object arrays), read by kind and, for
        phone numbers, in its registration's region: a list through the per-value
        normaliser, a Series through the vectorised one where a kind has many."""
        n = len(values)
        keys = np.full(n, None, dtype=object)
        reasons = np.full(n, None, dtype=object)
        flags = np.full(n, None, dtype=object)
        if not isinstance(values, pd.Series):
            regs = reg.tolist()
            groups: dict[tuple[int, str | None], list[int]] = {}
            for i, kc in enumerate(kind.tolist()):
                region = batch.region[regs[i]] if batch.region and self._by_region[kc] else None
                groups.setdefault((kc, region), []).append(i)
            for (kc, region), at in groups.items():
                comp = _compiled(self._ncfg.in_region(region or self.default_region))
                out = _normalize_texts([values[i] for i in at], self._specs[kc], comp)
                for i, (key, reason, flag) in zip(at, out, strict=True):
                    keys[i], reasons[i], flags[i] = key, reason, flag
                self._set_aside_shared(keys, reasons, flags, np.asarray(at), kc, region)
            return keys, reasons, flags
        text = isinstance(values.dtype, pd.StringDtype)  # every cell text or missing
        for kc, region, pos in self._kind_region_groups(batch, reg, kind):
            ncfg = self._ncfg.in_region(region or self.default_region)
            vals = values.iloc[pos].reset_index(drop=True)
            if len(pos) <= _SMALL:
                out = _normalize_texts(vals.tolist(), self._specs[kc], _compiled(ncfg))
                keys[pos] = [o[0] for o in out]
                reasons[pos] = [o[1] for o in out]
                flags[pos] = [o[2] for o in out]
                self._set_aside_shared(keys, reasons, flags, pos, kc, region)
                continue
            if not text:
                cells = vals.to_numpy(dtype=object, copy=True)
                other = np.fromiter((type(v) is not str for v in cells), bool, len(cells))
                if other.any():
                    cells[other] = [_as_text(v) for v in cells[other]]
                    vals = pd.Series(cells, dtype=object)
            frame = normalize_values(self._norm_kinds[kc], vals, config=ncfg)
            keys[pos] = frame["key"].to_numpy(dtype=object)
            reasons[pos] = frame["reason"].to_numpy(dtype=object)
            flags[pos] = frame["flag"].to_numpy(dtype=object)
            self._set_aside_shared(keys, reasons, flags, pos, kc, region)
        return keys, reasons, flags

    def _read_shared_keys(self, kc: int, region: str | None) -> frozenset[str]:
        """The keys of the values the config's ``known_shared`` lists for kind ``kc``,
        read as a registration's values of the kind are (phone numbers in ``region``)."""
        listed = self.config.known_shared.get(canonical_kind(self.kinds[kc]))
        if not listed:
            return frozenset()
        ncfg = self._ncfg.in_region(region or self.default_region)
        read = normalize_values(
            self._norm_kinds[kc], pd.Series(list(listed), dtype=object), config=ncfg
        )
        return frozenset(k for k in read["key"].tolist() if isinstance(k, str))

    def _set_aside_shared(
        self,
        keys: np.ndarray,
        reasons: np.ndarray,
        flags: np.ndarray,
        pos: np.ndarray,
        kc: int,
        region: str | None,
    ) -> None:
        """Clear the keys at ``pos`` (of kind ``kc``, read in ``region``) that the config
        lists as known shared: no evidence, as in the batch, and reported ``known_shared``."""
        shared = self._shared_keys(kc, region)
        if not shared or not len(pos):
            return
        at = pos[np.fromiter((k in shared for k in keys[pos]), dtype=bool, count=len(pos))]
        keys[at] = None
        reasons[at] = "known_shared"
        flags[at] = None

    def _read_listed(
        self,
        batch: _Batch,
        reg: np.ndarray,
        kind: np.ndarray,
        values: list[object] | pd.Series,
        keys: np.ndarray,
        reasons: np.ndarray,
        flags: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, Any, np.ndarray, np.ndarray, np.ndarray]:
        """The values, each refused one that holds values (not one too long to read:
        :func:`sellergraph.dataset.list_parts`, ``+33 6 99 99 99 98; 0151 23840621``, a
        JSON array or object) replaced by the values it holds, in its place, with
        their keys: the batch's reading of such a cell. A value that lists several is
        noted in its registration's ``unusable`` as ``several_values`` (``values``: how
        many), as the batch notes the cell; each of them is screened, and one that is
        unusable is reported on its own. A JSON object naming no value of its kind
        (``{"os": "iOS 17.3"}`` for a device) is ``json_object``, as the batch refuses
        the cell."""
        refused = (
            np.flatnonzero(pd.isna(keys)).tolist()
            if len(keys) > _SMALL
            else [i for i, key in enumerate(keys.tolist()) if not isinstance(key, str)]
        )  # plain Python for a few: a single screen's cost
        cand = [i for i in refused if self._listable[kind[i]] and reasons[i] != "too_long"]
        if not cand:
            return reg, kind, values, keys, reasons, flags
        cells = (
            values.iloc[cand].tolist()
            if isinstance(values, pd.Series)
            else [values[i] for i in cand]
        )
        listed: list[int] = []
        lists: list[list[str]] = []
        for i, cell in zip(cand, cells, strict=True):
            maybe = isinstance(cell, str) and _MAYBE_LISTED.search(cell) is not None
            parts = list_parts(self.kinds[int(kind[i])], cell) if maybe else []
            if not parts:
                if maybe and _names_none(self.kinds[int(kind[i])], cell):
                    reasons[i] = "json_object"
                continue
            listed.append(i)
            lists.append(parts)
            if len(parts) >= 2:
                batch.unusable[int(reg[i])].append(
                    {
                        "field": f"identifiers.{self.kinds[int(kind[i])]}",
                        "value": _short(cell),
                        "reason": "several_values",
                        "values": len(parts),
                    }
                )
        if not listed:
            return reg, kind, values, keys, reasons, flags
        of = np.repeat(np.asarray(listed, dtype=np.int64), [len(p) for p in lists])
        found = [v for p in lists for v in p]
        part_keys, part_reasons, part_flags = self._keys(
            batch, reg[of], kind[of], found if len(found) <= _SMALL else _as_series(found)
        )
        # each value's parts right after it, in place of it
        n = len(keys)
        order = np.argsort(np.concatenate([np.arange(n), of]), kind="stable")
        gone = np.zeros(n + len(of), dtype=bool)
        gone[listed] = True
        order = order[~gone[order]]
        every = _as_series([*values, *found]).to_numpy()
        return (
            np.concatenate([reg, reg[of]])[order],
            np.concatenate([kind, kind[of]])[order],
            every[order],
            np.concatenate([keys, part_keys])[order],
            np.concatenate([reasons, part_reasons])[order],
            np.concatenate([flags, part_flags])[order],
        )

    def _normalise_few(
        self,
        batch: _Batch,
        reg: np.ndarray,
        kind: np.ndarray,
        values: list[object],
        keys: np.ndarray,
        reasons: np.ndarray,
        flags: np.ndarray,
    ) -> None:
        kinds = kind.tolist()
        regs = reg.tolist()
        read_in, doubts = self._region_doubts(batch, reg, kind, values, keys, reasons, flags)
        seen: set[tuple[int, int, str]] = set()
        rows: list[tuple[int, int, str, str | None]] = []
        for i, (key, reason, flag) in enumerate(
            zip(keys.tolist(), reasons.tolist(), flags.tolist(), strict=True)
        ):
            if not isinstance(key, str):
                batch.unusable[regs[i]].append(
                    {
                        "field": f"identifiers.{self.kinds[kinds[i]]}",
                        "value": _short(values[i]),
                        "reason": _refusal(values[i], reason),
                        **read_in.get(i, {}),
                    }
                )
                continue
            t = (regs[i], kinds[i], key)
            if t not in seen:
                seen.add(t)
                rows.append((regs[i], kinds[i], key, flag if isinstance(flag, str) else None))
        for r, entry in doubts:
            batch.unusable[r].append(entry)
        batch.reg = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        batch.kind = np.fromiter((r[1] for r in rows), dtype=np.int64, count=len(rows))
        batch.key = np.empty(len(rows), dtype=object)
        batch.key[:] = [r[2] for r in rows]
        batch.flag = np.empty(len(rows), dtype=object)
        batch.flag[:] = [r[3] for r in rows]

    def _normalise_many(
        self,
        batch: _Batch,
        reg: np.ndarray,
        kind: np.ndarray,
        values: pd.Series,
        keys: np.ndarray,
        reasons: np.ndarray,
        flags: np.ndarray,
    ) -> None:
        ok = ~pd.isna(keys)
        read_in, doubts = self._region_doubts(batch, reg, kind, values, keys, reasons, flags)
        for i in np.flatnonzero(~ok).tolist():
            batch.unusable[int(reg[i])].append(
                {
                    "field": f"identifiers.{self.kinds[int(kind[i])]}",
                    "value": _short(values.iloc[i]),
                    "reason": _refusal(values.iloc[i], reasons[i]),
                    **read_in.get(i, {}),
                }
            )
        for row, entry in doubts:
            batch.unusable[row].append(entry)
        r, kc, k, f = reg[ok], kind[ok], keys[ok], flags[ok]
        # one row per (registration, kind, key), the first of repeats: sorted by
        # registration and hash (stable), a repeat follows its first occurrence
        h = _kind_key_hashes(kc, k)
        o = np.lexsort((h, r))
        ro, ho, ko, co = r[o], h[o], k[o], kc[o]
        same = (ro[1:] == ro[:-1]) & (ho[1:] == ho[:-1]) & (co[1:] == co[:-1])
        same[same] = ko[1:][same] == ko[:-1][same]
        first = np.ones(len(r), dtype=bool)
        first[o[1:][same]] = False
        batch.reg = np.asarray(r[first], dtype=np.int64)
        batch.kind = np.asarray(kc[first], dtype=np.int64)
        batch.key = k[first]
        batch.hash = h[first]
        batch.flag = np.asarray([x if isinstance(x, str) else None for x in f[first]], dtype=object)

    def _region_doubts(
        self,
        batch: _Batch,
        reg: np.ndarray,
        kind: np.ndarray,
        values: Sequence[object] | pd.Series,
        keys: Sequence[object] | np.ndarray,
        reasons: Sequence[object] | np.ndarray,
        flags: Sequence[object] | np.ndarray,
    ) -> tuple[dict[int, dict[str, str]], list[tuple[int, dict[str, Any]]]]:
        """Phone numbers of registrations without a country that were read in
        :attr:`default_region` and may be misread there.

        A number counts as read in the region when reading it in another gives another
        key (it carries no country code). Of those, refused numbers
        (``invalid_phone``) get the region they were read in when they parse as a
        national number there; kept ones are reported
        (``read_in_default_region``) when they are not valid numbers of the region
        (``unlisted_phone``), or when nearly all of the index's stores were read in
        another region (:data:`STORES_REGION_SHARE`) and no ``default_country`` is
        set. The kept ones are still screened as read, as the batch would have read
        them.

        Returns
        -------
        read_in : dict
            Position of a refused value -> ``{"region": ...}`` for its entry.
        doubts : list
            ``(registration row, unusable entry)`` of kept values, in value order.
        """
        phone_kinds = [kc for kc, by in enumerate(self._by_region) if by]
        if not phone_kinds or not len(reg):
            return {}, []
        region = self.default_region
        # a default country that was set is the answer to where the stores are
        stores_region = None if self.default_country else self._stores_region()
        if stores_region == region:
            stores_region = None
        no_country = np.asarray(
            [r is None for r in batch.region] if batch.region else [True] * len(batch.store_id),
            dtype=bool,
        )
        key = np.asarray(keys, dtype=object)
        reason = np.asarray(reasons, dtype=object)
        flag = np.asarray(flags, dtype=object)
        kept = ~pd.isna(key)
        doubtful = np.where(
            kept,
            (flag == "unlisted_phone") | (stores_region is not None),
            reason == "invalid_phone",
        )
        cand = np.flatnonzero(np.isin(kind, phone_kinds) & no_country[reg] & doubtful)
        if not len(cand):
            return {}, []
        elsewhere = stores_region or _other_region(region)
        cells = (
            values.iloc[cand].tolist()
            if isinstance(values, pd.Series)
            else [values[i] for i in cand.tolist()]
        )
        other = np.full(len(cand), None, dtype=object)
        for kc in np.unique(kind[cand]).tolist():
            # kept numbers are read again elsewhere; refused ones are asked directly
            at = np.flatnonzero((kind[cand] == kc) & kept[cand])
            other[at] = self._phone_keys(kc, [cells[j] for j in at.tolist()], elsewhere)
        read_in: dict[int, dict[str, str]] = {}
        doubts: list[tuple[int, dict[str, Any]]] = []
        for j, i in enumerate(cand.tolist()):
            if not kept[i]:
                if _national(cells[j], region):
                    read_in[i] = {"region": region}
                continue
            if other[j] == key[i]:
                continue  # the region does not change how it reads
            entry = {
                "field": f"identifiers.{self.kinds[int(kind[i])]}",
                "value": _short(cells[j]),
                "reason": "read_in_default_region",
                "region": region,
                "valid": flag[i] != "unlisted_phone",
            }
            if stores_region is not None:
                entry["stores_region"] = stores_region
            doubts.append((int(reg[i]), entry))
        return read_in, doubts

    def _phone_keys(self, kc: int, values: list[object], region: str) -> list[str | None]:
        """Keys of phone values read in ``region`` (None where refused)."""
        ncfg = self._ncfg.in_region(region)
        if len(values) <= _SMALL:
            return [o[0] for o in _normalize_texts(values, self._specs[kc], _compiled(ncfg))]
        texts = pd.Series([v if type(v) is str else _as_text(v) for v in values], dtype=object)
        found = normalize_values(self._norm_kinds[kc], texts, config=ncfg)["key"]
        return [k if isinstance(k, str) else None for k in found.tolist()]

    # -- evidence -------------------------------------------------------------------------

    def _identifier_stats(
        self, batch: _Batch
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Code, holders count, banned count, weight, specificity, hub flag and weight
        as if no hub were suppressed, per identifier.

        Counts treat the registration as one more holder and leave out the store's own
        entry when it is already in the index.
        """
        code = self._codes_of(batch.kind, batch.key, batch.hash)
        known = code >= 0
        n_base = np.zeros(len(code), dtype=np.int64)
        k_base = np.zeros(len(code), dtype=np.int64)
        n_base[known] = self._ident_n[code[known]]
        k_base[known] = self._ident_banned[code[known]]
        # the store's own entry (never a banned one, see _self_codes) is left out
        n = n_base - self._self_holds(batch.self_code[batch.reg], code) + 1
        k = k_base
        factor = np.asarray([FLAG_FACTORS.get(str(fl), 1.0) if fl else 1.0 for fl in batch.flag])
        base = self._kind_weight[batch.kind] * factor
        base[known] = self._ident_base[code[known]]
        spec, weight, suppressed = identifier_weights(
            base, self._kind_free[batch.kind], self._kind_cap[batch.kind], n
        )
        return code, n, k, weight, spec, suppressed, np.round(base * spec, 6)

    def _self_codes(self, store_ids: Sequence[str | None]) -> np.ndarray:
        """Index code of each registration's own store, -1 when new or banned.

        A store already in the index is screened as if new, its own entry left out;
        a banned store's id keeps its entry, so re-registering under it is a match.
        """
        codes = np.asarray(
            [self._code.get(s, -1) if s is not None else -1 for s in store_ids], dtype=np.int64
        )
        banned = (codes >= 0) & (self._status[np.maximum(codes, 0)] == _BANNED)
        return np.where(banned, -1, codes)

    def _self_holds(self, self_code: np.ndarray, ident: np.ndarray) -> np.ndarray:
        out = np.zeros(len(ident), dtype=np.int64)
        for i in np.flatnonzero((self_code >= 0) & (ident >= 0)).tolist():
            out[i] = int(np.any(self._owned(int(self_code[i])) == ident[i]))
        return out

    def _near_items(
        self,
        batch: _Batch,
        code: np.ndarray,
        weight: np.ndarray,
        suppressed: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(row, near identifier, similarity, item weight) arrays for fuzzy kinds.

        Each value is compared with the keys around it in its block (all of a small
        block), in one pairwise call for the whole batch.
        """
        empty = (np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0), np.zeros(0))
        fuzzy = self.config.fuzzy
        near_kinds = self._near_kind_codes()
        if not near_kinds:
            return empty
        half = max(fuzzy.max_block_size // 2, 1)
        q_row: list[np.ndarray] = []
        q_cand: list[np.ndarray] = []
        for kc in near_kinds:
            rows = np.flatnonzero((batch.kind == kc) & ~suppressed & (weight > 0))
            if not len(rows) or kc not in self._blocks:
                continue
            blocks = self._blocks[kc]
            keys = batch.key[rows].tolist()
            blocking = _NEAR_KINDS[self.kinds[kc]]
            if len(rows) > _SMALL:
                bkeys = block_keys(pd.Series(keys, dtype="str"), blocking=blocking).tolist()
            else:
                bkeys = [block_key(k, blocking=blocking) for k in keys]
            for i, key, bkey in zip(rows.tolist(), keys, bkeys, strict=True):
                if bkey:
                    cand = blocks.candidates(bkey, key, half)
                    if len(cand):
                        q_row.append(np.full(len(cand), i, dtype=np.int64))
                        q_cand.append(cand)
        if not q_row:
            return empty
        row = np.concatenate(q_row)
        cand = np.concatenate(q_cand)
        q_key, q_at = np.unique(row, return_inverse=True)
        c_key, c_at = np.unique(cand, return_inverse=True)
        scores = similarities(
            batch.key[q_key],
            q_at,
            self._ident_key[c_key],
            c_at,
            min_similarity=fuzzy.min_similarity,
            workers=1,
        )
        hit = np.flatnonzero((scores > 0) & (cand != code[row]))
        row, cand, sim = row[hit], cand[hit], scores[hit]
        kc = self._ident_kind[cand]
        _, w_cand, sup = identifier_weights(
            self._ident_base[cand], self._kind_free[kc], self._kind_cap[kc], self._ident_n[cand]
        )
        keep = ~sup
        w = fuzzy.weight_factor * np.minimum(weight[row[keep]], w_cand[keep])
        return row[keep], cand[keep], sim[keep], w

    def _hub_items(
        self,
        batch: _Batch,
        code: np.ndarray,
        n_hold: np.ndarray,
        k_hold: np.ndarray,
        spec: np.ndarray,
        suppressed: np.ndarray,
        unsuppressed: np.ndarray,
        rate: np.ndarray,
    ) -> dict[str, np.ndarray]:
        """Items on suppressed hubs whose banned share gives them direct weight: one per
        identifier, against the banned holder the batch would pick
        (:func:`~sellergraph.scoring.toxic_hubs`)."""
        rows = np.flatnonzero((code >= 0) & suppressed & (k_hold > 0))
        if len(rows):
            w = reinforce(
                unsuppressed[rows],
                n_hold[rows],
                k_hold[rows],
                spec[rows],
                banned_rate=rate[batch.reg[rows]],
                prior=self.config.scoring.banned_share_prior,
                suppressed=np.ones(len(rows), dtype=bool),
                hub_cap=self._kind_cap[batch.kind[rows]],
            )
            rows = rows[w > 0]
        pos, holder, seen = self._holders_many(code[rows])
        banned = self._status[holder] == _BANNED
        pos, holder, seen = pos[banned], holder[banned], seen[banned]
        order = np.lexsort((self._prefer()(holder), pos))
        first = order[group_starts(pos[order])] if len(order) else order
        row = rows[pos[first]]
        gap, factor = self._handed_on(batch, row, holder[first], seen[first])
        return _exact_items(
            row, holder[first], code[row], unsuppressed[row] * factor, gap, hub=True
        )

    def _handed_on(
        self, batch: _Batch, row: np.ndarray, holder: np.ndarray, seen: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Days between each holder's last holding and the registration's first, and
        what of its weight the match keeps (:mod:`sellergraph.recycling`): by its kind's
        rule, and a wallet handed on with a phone number by the phone's, as the batch
        weighs it."""
        kind = batch.kind[row]
        gap = held_gap(
            np.full(len(row), _NAT_DAYS),
            batch.opened[batch.reg[row]],
            seen,
            self._closed[holder],
            self._status[holder] != _ACTIVE,
        )
        after, half = self._kind_after[kind], self._kind_half[kind]
        pay = np.flatnonzero(kind == self._kind_code.get("payment_account", -1))
        if len(pay):
            after, half = after.copy(), half.copy()
            after[pay], half[pay] = value_recycling(
                np.full(len(pay), "payment_account", dtype=object),
                batch.key[row[pay]],
                self.config,
            )
        return gap, recycling_factor(gap, after, half)

    def _evaluate(self, batch: _Batch) -> dict[str, Any]:
        """Score every registration of a batch: the batch analysis's formulas, per row."""
        sc = self.config.scoring
        n_reg = len(batch.store_id)
        code, n_hold, k_hold, weight, spec, suppressed, unsuppressed = self._identifier_stats(batch)
        self_code = batch.self_code
        # exact matches: every other holder of a known identifier with weight
        live = np.flatnonzero((code >= 0) & (weight > 0))
        pos, holder, seen = self._holders_many(code[live])
        row = live[pos]
        keep = holder != self_code[batch.reg[row]]
        row, holder, seen = row[keep], holder[keep], seen[keep]
        gap, factor = self._handed_on(batch, row, holder, seen)
        ex = _exact_items(row, holder, code[row], weight[row] * factor, gap, hub=False)
        nr, nid, nsim, nweight = self._near_items(batch, code, weight, suppressed)
        if len(nr):
            npos, nholder, nseen = self._holders_many(nid)
            nrow = nr[npos]
            keep = nholder != self_code[batch.reg[nrow]]
            sel = npos[keep]
            ngap, nfactor = self._handed_on(batch, nr[sel], nholder[keep], nseen[keep])
            for name, vals in (
                ("row", nr[sel]),
                ("other", nholder[keep]),
                ("other_ident", nid[sel]),
                ("similarity", nsim[sel]),
                ("weight", nweight[sel] * nfactor),
                ("near", np.ones(len(sel), dtype=bool)),
                ("hub", np.zeros(len(sel), dtype=bool)),
                ("gap", ngap),
            ):
                ex[name] = np.concatenate([ex[name], vals])
        items = ex
        reg = batch.reg[items["row"]]
        kind = batch.kind[items["row"]]
        ident_ref = np.where(code >= 0, code, -1 - np.arange(len(code)))
        ident = ident_ref[items["row"]]
        reg_id = np.asarray([str(s) for s in batch.store_id], dtype=object)[reg]
        keep = _strongest_per_value(
            reg,
            items["other"],
            kind,
            items["weight"],
            first=reg_id <= self._store_id[items["other"]].astype(str),
            key=batch.key[items["row"]],
            other_key=self._ident_key[items["other_ident"]],
        )
        for name in items:
            items[name] = items[name][keep]
        reg, kind, ident = reg[keep], kind[keep], ident[keep]
        other = items["other"]

        # store links of the registration (for paths and rings)
        n_all = self._n_stores
        pair_key = reg * np.int64(n_all + 1) + other
        pk_order = np.lexsort((-items["weight"], kind, pair_key))
        starts, combined, _, _ = combine_noisy_or(
            pair_key[pk_order],
            kind[pk_order],
            items["weight"][pk_order],
            sc.same_kind_discount,
        )
        link_reg = reg[pk_order][starts]
        link_other = other[pk_order][starts]
        link_w = np.round(combined, 6)
        # what each link is made of: a path's first hop names the registration's values
        link_items = {
            "reg": reg,
            "other": other,
            "row": items["row"],
            "other_ident": items["other_ident"],
            "weight": items["weight"],
            "near": items["near"],
        }

        # direct items: matches with banned stores, reinforced by banned share
        self_in = self_code >= 0
        total = self._n_stores + (~self_in).astype(np.int64)
        rate = self._n_banned_total / np.maximum(total, 1)
        # a suppressed hub that mostly banned stores hold: a direct item against one
        # of them (it links no stores), as the batch scores it
        hub = self._hub_items(batch, code, n_hold, k_hold, spec, suppressed, unsuppressed, rate)
        if len(hub["row"]):
            for name in items:
                items[name] = np.concatenate([items[name], hub[name]])
            reg = np.concatenate([reg, batch.reg[hub["row"]]])
            kind = np.concatenate([kind, batch.kind[hub["row"]]])
            ident = np.concatenate([ident, ident_ref[hub["row"]]])
            other = items["other"]
        banned_other = self._status[other] == _BANNED
        d = np.flatnonzero(banned_other)
        is_near = items["near"][d]
        t = items["other_ident"][d]
        row_d = items["row"][d]
        n_t = np.where(is_near, self._ident_n[np.maximum(t, 0)], n_hold[row_d])
        k_t = np.where(is_near, self._ident_banned[np.maximum(t, 0)], k_hold[row_d])
        kc_t = self._ident_kind[np.maximum(t, 0)]
        spec_t = np.where(
            is_near,
            np.minimum(1.0, np.sqrt(self._kind_free[kc_t] / np.maximum(n_t, 1))),
            spec[row_d],
        )
        reg_d = reg[d]
        w_d = reinforce(
            items["weight"][d],
            n_t,
            k_t,
            spec_t,
            banned_rate=rate[reg_d],
            prior=sc.banned_share_prior,
            suppressed=items["hub"][d],
            hub_cap=self._kind_cap[kc_t],
        )
        other_d = other[d]
        ident_d = ident[d]
        kind_d = kind[d]
        pair_reg, pair_other = _sorted_pairs(reg_d, other_d)
        n_linked = np.bincount(pair_reg[_first_of(pair_reg, pair_other)], minlength=n_reg)
        banned_pairs = _banned_pairs(reg_d, other_d, kind_d, w_d)
        # best banned store per (registration, identifier)
        closed_d = self._closed[other_d]
        shared = pair_totals(reg_d, other_d, w_d)
        prefer = self._prefer()
        o = np.lexsort((other_d, -closed_d, -shared, -w_d, ident_d, reg_d))
        o = _ties_by(o, (reg_d, ident_d, w_d, shared, closed_d), other_d, prefer)
        reg_d, ident_d, kind_d, other_d, w_d, d = (
            reg_d[o],
            ident_d[o],
            kind_d[o],
            other_d[o],
            w_d[o],
            d[o],
        )
        first = _first_of(reg_d, ident_d)
        reg_d, ident_d, kind_d, other_d, w_d, d = (
            reg_d[first],
            ident_d[first],
            kind_d[first],
            other_d[first],
            w_d[first],
            d[first],
        )
        ranked = rank_items(
            reg_d,
            kind_d,
            ident_d,
            w_d,
            n_reg,
            same_kind_discount=sc.same_kind_discount,
            prefer=_by_item(prefer, other_d, lambda x: batch.key[items["row"][d][x]]),
        )
        ro = ranked.order
        direct_items = {
            "reg": reg_d[ro],
            "kind": kind_d[ro],
            "row": items["row"][d][ro],
            "other": other_d[ro],
            "other_ident": items["other_ident"][d][ro],
            "near": items["near"][d][ro],
            "similarity": items["similarity"][d][ro],
            "gap": items["gap"][d][ro],
            "holders": n_hold[items["row"][d][ro]],
            "banned_holders": k_hold[items["row"][d][ro]],
            "weight": ranked.weight,
            "contribution": ranked.contribution,
            "rank": ranked.rank,
        }
        top_other = _at(direct_items["other"], ranked.top)
        direct = ranked.direct

        # indirect paths through non-banned stores
        path = np.zeros(n_reg)
        via = np.full(n_reg, -1, dtype=np.int64)
        path_end = np.full(n_reg, -1, dtype=np.int64)
        free = self._status[link_other] != _BANNED
        if sc.max_hops >= 2 and sc.ring_decay > 0 and free.any():
            fr, fo, fw = link_reg[free], link_other[free], link_w[free]
            best, end = hop_strength(
                fw,
                fo,
                self_code[fr],
                self._paths,
                decay=sc.ring_decay,
                max_hops=sc.max_hops,
            )
            has = best > 0
            p_best, p_pos, _, _ = _top_two(
                fr[has], best[has], np.flatnonzero(has), n_reg, _through(prefer, end, fo)
            )
            ok = p_pos >= 0
            path[:] = p_best
            via[ok] = fo[p_pos[ok]]
            path_end[ok] = end[p_pos[ok]]
        settled = settle(direct, top_other, path, path_end, batch.opened, self._closed, sc)

        # the ring the registration would join
        ring = np.full(n_reg, None, dtype=object)
        m = settled.matched
        has_m = m >= 0
        ring[has_m] = self._ring[m[has_m]]
        if len(link_reg):
            lo = np.lexsort((link_other, -link_w, link_reg))
            lr, lother = link_reg[lo], link_other[lo]
            lring = self._ring[lother]
            with_ring = np.asarray([x is not None and x == x for x in lring], dtype=bool)
            lr, lring = lr[with_ring], lring[with_ring]
            firsts = group_starts(lr) if len(lr) else np.array([], dtype=bool)
            for r, rid in zip(lr[firsts].tolist(), lring[firsts].tolist(), strict=True):
                if ring[r] is None:
                    ring[r] = rid
        return {
            "code": code,
            "settled": settled,
            "direct": direct,
            "path": path,
            "via": via,
            "items": direct_items,
            "n_linked": n_linked,
            "banned_pairs": banned_pairs,
            "ring": ring,
            "links": (link_reg, link_other, link_w),
            "link_items": link_items,
        }

    # -- decisions --------------------------------------------------------------------------

    def _verdict(self, score: float, kinds: str, capped: bool) -> tuple[str, str]:
        """A registration's verdict and its ``verdict_note`` (see
        :func:`_verdict_and_note`)."""
        return _verdict_and_note(
            score,
            kinds,
            capped,
            review_at=self.review_at,
            block_at=self.block_at,
            block_min_kinds=self.block_min_kinds,
            max_values=self.max_values,
        )

    def _decisions(self, batch: _Batch, res: dict[str, Any], *, mask: bool) -> list[Decision]:
        settled = res["settled"]
        items = res["items"]
        n_reg = len(batch.store_id)
        per_reg: list[list[dict[str, Any]]] = [[] for _ in range(n_reg)]
        kinds: list[set[str]] = [set() for _ in range(n_reg)]
        wallets: list[list[bool]] = [[] for _ in range(n_reg)]
        is_wallet = handed_on_with_phone(
            np.asarray(self.kinds, dtype=object)[np.asarray(items["kind"], dtype=np.int64)],
            batch.key[np.asarray(items["row"], dtype=np.int64)],
        ).tolist()
        for j in range(len(items["reg"])):
            r = int(items["reg"][j])
            other = int(items["other"][j])
            kind = self.kinds[int(items["kind"][j])]
            key = batch.key[int(items["row"][j])]
            per_reg[r].append(
                self._record(
                    "direct",
                    kind,
                    "near" if items["near"][j] else "exact",
                    mask_value(kind, key) if mask else key,
                    other,
                    -1,
                    float(items["similarity"][j]),
                    float(items["weight"][j]),
                    float(items["contribution"][j]),
                    holders=int(items["holders"][j]),
                    banned_holders=int(items["banned_holders"][j]),
                    gap=int(items["gap"][j]),
                )
            )
            wallets[r].append(is_wallet[j])
            kinds[r].add(kind)
        matches: list[list[dict[str, Any]]] = [[] for _ in range(n_reg)]
        pair_reg, pair_other, pair_strength, pair_kinds = res["banned_pairs"]
        for r, other, w, mask_bits in zip(
            pair_reg.tolist(),
            pair_other.tolist(),
            pair_strength.tolist(),
            pair_kinds.tolist(),
            strict=True,
        ):
            matches[r].append(
                {
                    "store_id": self._store_id[other],
                    "platform": self._platform[other],
                    "closed_at": _iso(int(self._closed[other])),
                    "closure_reason": _clean(self._reason[other]),
                    "ring_id": _clean(self._ring[other]),
                    "kinds": "|".join(
                        sorted(k for i, k in enumerate(self.kinds) if mask_bits >> i & 1)
                    ),
                    "strength": round(w, 6),
                }
            )
        out = []
        recycling = recycling_rules(self.config)
        for r in range(n_reg):
            score = round(float(settled.score[r]), 6)
            records = per_reg[r]
            if settled.use_path[r]:
                record = self._record(
                    "path",
                    "path",
                    "path",
                    "",
                    int(settled.matched[r]),
                    int(res["via"][r]),
                    math.nan,
                    float(res["path"][r]),
                    float(res["path"][r] - res["direct"][r]),
                )
                record["hops"] = self._path_hops(batch, res, r, mask=mask)
                records.append(record)
                kinds[r].add("via_ring")
            if settled.timing[r] > 0:
                records.append(
                    self._record(
                        "timing",
                        "timing",
                        "timing",
                        "",
                        int(settled.matched[r]),
                        -1,
                        math.nan,
                        self.config.scoring.timing_weight,
                        float(settled.timing[r]),
                    )
                )
            cum = 0.0
            for rank, rec in enumerate(records, start=1):
                rec["rank"] = rank
                cum += rec["contribution"]
                rec["cumulative"] = round(cum, 6)
            m = int(settled.matched[r])
            matched = self._store_id[m] if m >= 0 else None
            # strongest first; of equally strong stores, the matched one (which the
            # summary and matched_store_id name: the batch's choice), then by id
            match_list = sorted(
                matches[r], key=lambda x: (-x["strength"], x["store_id"] != matched, x["store_id"])
            )
            kind_text = "|".join(sorted(kinds[r]))
            verdict, note = self._verdict(score, kind_text, _capped(batch.unusable[r]))
            out.append(
                Decision(
                    store_id=batch.store_id[r],
                    score=score,
                    verdict=verdict,
                    matched_store_id=self._store_id[m] if m >= 0 else None,
                    ring_id=_clean(res["ring"][r]),
                    relation=str(settled.relation[r]),
                    cross_platform=bool(
                        m >= 0
                        and batch.platform[r] is not None
                        and self._platform[m] != batch.platform[r]
                    ),
                    kinds=kind_text,
                    n_banned_linked=int(res["n_linked"][r]),
                    matches=tuple(match_list[:_MAX_MATCHES]),
                    evidence_records=tuple(records),
                    unusable=tuple(
                        _mask_unusable(batch.unusable[r], mask=mask, kind_of=self._field_kind)
                    ),
                    platform=batch.platform[r],
                    opened_at=batch.opened_text[r],
                    min_link=self.config.rings.min_link,
                    review_at=self.review_at,
                    recycling=recycling,
                    phone_wallets=(
                        *wallets[r],
                        *[False] * (len(records) - len(wallets[r])),
                    ),
                    verdict_note=note,
                    notes=tuple(batch.notes[r]) if batch.notes else (),
                )
            )
        return out

    def _path_hops(self, batch: _Batch, res: dict[str, Any], r: int, *, mask: bool) -> str:
        """The ``hops`` of a registration's path item, as the batch words them
        (:func:`~sellergraph.analysis.hop_wording`): the registration's values it shares
        with the store the path goes through, strongest first, then each further link
        with its weight (the index keeps no store-store identifiers to name them by).
        """
        from .analysis import hop_wording

        via, end = int(res["via"][r]), int(res["settled"].matched[r])
        li = res["link_items"]
        at = np.flatnonzero((li["reg"] == r) & (li["other"] == via))
        rows = li["row"][at]
        kinds = [self.kinds[int(k)] for k in batch.kind[rows]]
        own = [str(k) for k in batch.key[rows]]
        theirs = [str(self._ident_key[int(t)]) for t in li["other_ident"][at]]
        order = sorted(
            range(len(at)), key=lambda i: (-float(li["weight"][at[i]]), kinds[i], own[i])
        )
        values = []
        for i in order:
            shown = [mask_value(kinds[i], v) if mask else v for v in (own[i], theirs[i])]
            near = bool(li["near"][at[i]]) and own[i] != theirs[i]
            text = f"{kind_label(kinds[i])} {shown[0]}"
            values.append(f"{text} / {shown[1]} (near match)" if near else text)
        link_reg, link_other, link_w = res["links"]
        first = float(link_w[(link_reg == r) & (link_other == via)][0])
        name = self._store_id
        hops = [hop_wording(batch.store_id[r] or "the registration", name[via], values, first)]
        t, decay = self._paths, self.config.scoring.ring_decay
        _, _, after = _best_hops(
            np.array([first]),
            np.array([via]),
            np.array([int(batch.self_code[r])]),
            t,
            decay=decay,
            max_hops=self.config.scoring.max_hops,
        )
        mid = int(after[0])
        if mid >= 0 and t.d1[mid] > 0:  # three hops: via -> mid -> end
            onward = float(res["path"][r]) / (first * decay * decay * float(t.d1[mid]))
            hops.append(hop_wording(name[via], name[mid], [], onward))
            hops.append(hop_wording(name[mid], name[end], [], float(t.d1[mid])))
        else:
            hops.append(hop_wording(name[via], name[end], [], float(t.d1[via])))
        return "; ".join(hops)

    def _record(
        self,
        item: str,
        kind: str,
        match: str,
        value: str,
        other: int,
        via: int,
        similarity: float,
        weight: float,
        contribution: float,
        *,
        holders: int | None = None,
        banned_holders: int | None = None,
        gap: int | None = None,
    ) -> dict[str, Any]:
        has = other >= 0
        return {
            "rank": 0,
            "item": item,
            "kind": kind,
            "match": match,
            "value": value,
            "other_store_id": self._store_id[other] if has else None,
            "other_status": _STATUS[self._status[other]] if has else None,
            "other_platform": self._platform[other] if has else None,
            "other_closed_at": _iso(int(self._closed[other])) if has else None,
            "closure_reason": _clean(self._reason[other]) if has else None,
            "via_store_id": self._store_id[via] if via >= 0 else None,
            "hops": None,  # a path's: _path_hops
            "similarity": None if math.isnan(similarity) else similarity,
            "holders": holders,
            "banned_holders": banned_holders,
            "gap_days": None if gap is None or gap == _NAT_DAYS else gap,
            "weight": round(weight, 6),
            "contribution": round(contribution, 6),
            "cumulative": 0.0,
        }

    # -- public screening ---------------------------------------------------------------------

    def screen(self, registration: Mapping[str, Any], *, mask: bool = True) -> Decision:
        """Screen one registration.

        Parameters
        ----------
        registration : mapping
            ``{"store_id": "S1", "platform": "mkt-a", "opened_at": "2018-03-01",
            "identifiers": {"phone": ["+86 138 0013 8000"], "device": ["0e77..."]}}``;
            everything but ``identifiers`` is optional, and each kind takes one value
            or a list. A value is read as the batch reads the same text in a cell: one
            that lists several (``"+33 6 12 34 56 78; 0151 23840621"``), or a JSON
            array or object (``{"idfa": "1F91...", "os": "iOS 17.3"}``, also given as
            an object), is read as the values it holds (each is screened; one that
            lists several is noted in ``unusable`` as ``several_values``). ``name`` is
            used when the index matches store names;
            ``country`` (an ISO 3166 code or a country name) is the region phone
            numbers without a country code are read in (else :attr:`default_region`:
            the screener's ``default_country``, else the config's
            ``normalize.default_region``). A number read there because the
            registration gave no country is reported in ``unusable`` when it may be
            misread: not a number there (``invalid_phone`` with its ``region``), or
            kept but not a valid number there or in a region other than nearly all of
            the index's stores (``read_in_default_region``).
        mask : bool, default True
            Mask identifier values in the evidence.

        Returns
        -------
        Decision

        Raises
        ------
        InputError
            ``registration`` is not a mapping (a pandas Series is read as one).
        """
        if isinstance(registration, pd.Series):
            registration = registration.to_dict()
        if not isinstance(registration, Mapping):
            raise InputError(
                f"a registration is a mapping of fields (got {type(registration).__name__}): "
                'pass a dict such as {"store_id": "S1", "identifiers": {"phone": ["+86 138 '
                '0013 8000"]}}'
            )
        return self.screen_records([registration], mask=mask)[0]

    def screen_records(
        self, registrations: Sequence[Mapping[str, Any]], *, mask: bool = True
    ) -> list[Decision]:
        """Screen a list of registrations (dicts as for :meth:`screen`), one Decision each.

        A table row (a pandas Series) is read as the dict it holds. A registration that is
        not a mapping does not stop the batch: its decision lists it as unusable
        (``registration``, ``not_an_object``). A registration whose ``store_id`` an
        earlier one of the list gave is screened too, and noted
        ``duplicate_registration`` with ``first``, the position of the earlier one.
        """
        decisions = self._screen_records(registrations, mask=mask)
        firsts = _first_positions([d.store_id for d in decisions])
        return [
            d
            if first is None
            else dataclasses.replace(d, notes=(*d.notes, _repeat_note(d.store_id, first)))
            for d, first in zip(decisions, firsts, strict=True)
        ]

    def _screen_records(
        self, registrations: Sequence[Mapping[str, Any]], *, mask: bool
    ) -> list[Decision]:
        """:meth:`screen_records` without the notes of repeated store ids (the command
        line notes them by line, across its chunks)."""
        registrations = [r.to_dict() if isinstance(r, pd.Series) else r for r in registrations]
        batch = self._parse(registrations)
        return self._decisions(batch, self._evaluate(batch), mask=mask)

    def screen_many(
        self,
        registrations: pd.DataFrame | Sequence[Mapping[str, Any]],
        *,
        links: pd.DataFrame | None = None,
        columns: Mapping[str, str] | None = None,
        mask: bool = True,
        n_jobs: int | None = None,
    ) -> pd.DataFrame:
        """Screen a batch of registrations; one row of :data:`DECISION_COLUMNS` each.

        Parameters
        ----------
        registrations : DataFrame or list of dict
            Dicts as for :meth:`screen`; or a table with ``store_id`` and optional
            ``platform``, ``opened_at``, ``country`` and ``name``, plus either one column per
            identifier kind (a value or a list of values per cell) or, with
            ``links``, nothing more.
        links : DataFrame, optional
            Identifiers in the long form of the input contract: ``store_id, kind,
            value`` (``store_id`` must be in ``registrations``).
        columns : mapping, optional
            Your names of the registrations' columns (a dict's fields) and the
            contract's, ``{"seller": "store_id", "tel": "phone"}``: the mapping of
            ``sellergraph screen --columns``, and of :func:`sellergraph.analyze`'s
            ``columns=`` for the stores table (a ``"stores."`` key is read, a
            ``"links."`` key renames a column of ``links`` only). Names are matched
            stripped.
        mask : bool, default True
            Mask identifier values in ``evidence``.
        n_jobs : int, optional
            Processes to screen with (``-1``: one per available core; default 1).
            Large batches are split into contiguous parts screened by forked copies
            of this process, which share the index's memory; the table is the same
            whatever ``n_jobs``. Where processes cannot be forked, one is used.

        Returns
        -------
        DataFrame
            In the order of ``registrations``; ``evidence`` is a short text of the
            strongest items and ``unusable`` lists the fields that could not be used.
            A table's columns that screening does not read are carried along, as the
            batch carries a stores table's, and named once in
            ``attrs["columns_not_read"]``; those among them that look like an
            identifier kind (``phnoe``, ``Contact_Phones``) are also reported in
            ``unusable`` as ``unknown_kind``.

        Raises
        ------
        InputError
            ``columns`` gives one name two targets, or gives two columns (two fields of
            one registration) one name.

        Examples
        --------
        >>> import sellergraph as sg
        >>> stores, links, _ = sg.make_marketplace(n_stores=300, seed=0)
        >>> screener = sg.Screener.from_analysis(sg.analyze(stores, links, seed=0))
        >>> new = pd.DataFrame({"seller": ["N1"], "tel": ["+86 138 0013 8000"]})
        >>> screener.screen_many(new, columns={"seller": "store_id", "tel": "phone"})[
        ...     ["store_id", "verdict", "unusable"]
        ... ]
          store_id verdict unusable
        0       N1   allow
        """
        if isinstance(registrations, str | bytes | os.PathLike):
            raise InputError(
                "screen_many takes a DataFrame or a list of dicts, not a file name "
                f"({_short(registrations)!r}): read the file first (pandas.read_csv, "
                "read_parquet) or screen JSON lines with 'sellergraph screen'"
            )
        names = _column_mapping(columns)
        own = table_columns(names, table="stores")  # registrations are read as stores rows
        if isinstance(registrations, pd.DataFrame):
            registrations = rename_columns(registrations, own, table="registrations")
            registrations = _with_batch_ids(registrations)
            if isinstance(links, pd.DataFrame):
                links = _with_batch_ids(rename_columns(links, names, table="links"))
        else:
            if links is not None:
                raise InputError("links= goes with a registrations table, not a list of dicts")
            registrations = [
                _renamed_fields(reg, own, number=i) if own and isinstance(reg, Mapping) else reg
                for i, reg in enumerate(registrations)
            ]
        unread = (
            self._unread_columns(registrations.columns)
            if isinstance(registrations, pd.DataFrame)
            else []
        )
        jobs = effective_jobs(n_jobs, len(registrations))
        if jobs > 1:  # parts travel to the workers: only what screening reads goes
            registrations = self._screened_fields(registrations, links=links is not None)
        parts = _split_input(registrations, links, jobs)
        if len(parts) == 1:
            table = self._screen_part(parts[0], mask=mask)
        else:
            if self._workers is None:
                self._workers = ForkedWorkers(self._screen_part)
            thresholds = (self.review_at, self.block_at, self.block_min_kinds, self.max_values)
            tables = self._workers.map(parts, mask=mask, thresholds=thresholds)
            table = pd.concat(tables, ignore_index=True)
        firsts = _first_positions(table["store_id"].tolist())
        for i, first in enumerate(firsts):
            if first is not None:  # a repeat: noted in the whole input, however split
                note = _unusable_text(_repeat_note(table.at[i, "store_id"], first))
                text = table.at[i, "notes"]
                table.at[i, "notes"] = f"{text}; {note}" if text else note
        if unread:
            table.attrs["columns_not_read"] = unread
        return table

    def _unread_columns(self, columns: pd.Index) -> list[str]:
        """A registrations table's columns screening does not read (neither a
        registration's field, nor an identifier kind, nor part of an address), as the
        batch counts a stores table's (``counts["columns_not_read"]``)."""
        parts = part_columns(self._address_groups(tuple(columns)))
        return [
            str(c)
            for c in columns
            if c not in REGISTRATION_COLUMNS
            and c not in parts
            and self._kind_of(c) not in self._kind_code
        ]

    def _screened_fields(self, registrations: pd.DataFrame | list[Any], *, links: bool) -> Any:
        """The registrations with only the columns (keys) that screening reads (in a
        table without links, the unknown columns as the short texts they are reported as).
        """
        fields = REGISTRATION_COLUMNS
        if isinstance(registrations, pd.DataFrame):
            parts = part_columns(self._address_groups(tuple(registrations.columns)))
            known = [
                c
                for c in registrations.columns
                if c in fields or c in parts or self._kind_of(c) in self._kind_code
            ]
            if links:
                return registrations[known]
            reported = [c for c in registrations.columns if c not in known and _looks_like_kind(c)]
            return registrations[
                [c for c in registrations.columns if c in known or c in reported]
            ].apply(
                lambda col: (
                    col
                    if col.name in known
                    else col.map(lambda v: None if _as_text(v) is None else _short(v))
                )
            )
        return [
            {k: v if self._read_field(k, reg) else _unknown_echo(v) for k, v in reg.items()}
            if isinstance(reg, Mapping)
            else _short(reg)
            for reg in registrations
        ]

    def _read_field(self, key: object, reg: Mapping[str, Any]) -> bool:
        """Whether screening reads a registration's field (:meth:`_record_fields`): a
        contract field, an identifier kind or a part of an address."""
        if key in REGISTRATION_COLUMNS:
            return True
        if not isinstance(key, str):
            return False
        if (
            contract_name(key, REGISTRATION_COLUMNS) in REGISTRATION_COLUMNS
            or self._kind_of(key) in self._kind_code
        ):
            return True
        addresses = self._address_groups(tuple(k for k in reg if isinstance(k, str)))
        return any(key in g.columns for g in addresses)

    def close(self) -> None:
        """End the worker processes that ``screen_many(..., n_jobs=...)`` keeps."""
        if self._workers is not None:
            self._workers.close()
            self._workers = None

    def _screen_part(
        self,
        part: _Input,
        *,
        mask: bool,
        thresholds: tuple[float, float, int, int] | None = None,
    ) -> pd.DataFrame:
        if thresholds is not None:  # a worker has the thresholds of when it was forked
            self.review_at, self.block_at, self.block_min_kinds, self.max_values = thresholds
        registrations, links, link_rows = part
        if isinstance(registrations, pd.DataFrame):
            batch, raw = self._gather_table(registrations, links, link_rows)
        else:
            batch, raw = self._gather_records(registrations)
        self._normalise(batch, *raw)
        return self._decision_table(batch, self._evaluate(batch), mask=mask)

    def _gather_table(
        self, frame: pd.DataFrame, links: pd.DataFrame | None, link_rows: np.ndarray | None = None
    ) -> tuple[_Batch, _RawIdentifiers]:
        """Registrations from a table (wide, or with long ``links``), column by column.

        ``link_rows``: the registration row of each link, when already joined.
        """
        frame = frame.reset_index(drop=True)
        n = len(frame)
        unusable: list[list[dict[str, Any]]] = [[] for _ in range(n)]
        store_ids: list[str | None] = (
            _id_texts(_scalar_cells(frame["store_id"], "store_id", unusable))
            if "store_id" in frame.columns
            else [None] * n
        )
        notes: list[list[dict[str, Any]]] = [[] for _ in range(n)]
        if "store_id" in frame.columns:  # a blank cell is no id (missing), as in the batch
            for i, sid in enumerate(store_ids):
                if sid is not None or not unusable[i]:  # a container: not_a_value
                    notes[i] = self._store_id_notes(sid, None)
        if "platform" in frame.columns:
            platforms: list[str | None] = [
                None if t is None else platform_name(_safe_text(t))
                for t in _id_texts(_scalar_cells(frame["platform"], "platform", unusable))
            ]
        else:
            platforms = [None] * n
        regions: list[str | None] = (
            _table_regions(_scalar_cells(frame["country"], "country", unusable), unusable)
            if "country" in frame.columns
            else [None] * n
        )
        opened, opened_text = _parse_days(
            _scalar_cells(frame["opened_at"], "opened_at", unusable, dates=True)
            if "opened_at" in frame.columns
            else None,
            n,
            unusable,
            order=self.config.dates.order,
            default=self._date_order,
            serials=self.config.dates.spreadsheet_serials,
        )
        reg_parts: list[np.ndarray] = []
        kind_parts: list[np.ndarray] = []
        value_parts: list[pd.Series] = []
        maybe_nested: list[bool] = []
        if links is not None:
            where = _link_rows(frame, store_ids, links) if link_rows is None else link_rows
            reg_parts.append(where)
            kind_parts.append(links["kind"].to_numpy(dtype=object))
            value_parts.append(links["value"].reset_index(drop=True))
            maybe_nested.append(not isinstance(links["value"].dtype, pd.StringDtype))
        base = set(REGISTRATION_COLUMNS)
        unknown: list[object] = []
        addresses = self._address_groups(tuple(frame.columns))
        parts = part_columns(addresses)
        for col in frame.columns:
            if col in parts:
                continue
            kind = self._kind_of(col)
            if kind not in self._kind_code:
                # as the batch carries a column it does not read along (counted once,
                # in the decisions' attrs): one that looks like a kind is reported
                if col not in base and links is None and _looks_like_kind(col):
                    unknown.append(col)
                continue
            if col in base - {"name"}:
                continue
            cells = frame[col]
            listed = np.zeros(n, dtype=bool)
            if cells.dtype == object and cells.map(lambda v: isinstance(v, list | tuple)).any():
                listed = cells.map(lambda v: isinstance(v, list | tuple)).to_numpy(dtype=bool)
                none = cells.map(lambda v: isinstance(v, list | tuple) and not v).to_numpy()
                for i in np.flatnonzero(none).tolist():  # lost by explode: reported here
                    unusable[i].append(
                        {
                            "field": _field_name(col),
                            "value": _short(cells.iloc[i]),
                            "reason": "empty",
                        }
                    )
                cells = cells.explode()
            pos = np.asarray(cells.index, dtype=np.int64)
            vals = cells.to_numpy(dtype=object)
            # a blank cell is no value of the kind, as in the batch's wide tables (a
            # table read as text, dtype=str and keep_default_na=False, has "" there);
            # a blank item of a list was given, and is reported as empty
            texts = [_as_text(v) for v in vals]
            present = np.fromiter(
                (
                    t is not None and (from_list or bool(t.strip()))
                    for t, from_list in zip(texts, listed[pos].tolist(), strict=True)
                ),
                dtype=bool,
                count=len(texts),
            )
            reg_parts.append(pos[present])
            kind_parts.append(np.full(int(present.sum()), col, dtype=object))
            value_parts.append(pd.Series(vals[present], dtype=object))
            maybe_nested.append(True)
        for group in addresses:  # one address of several columns, as the batch read it
            self._report_listed_parts(frame, group, unusable)
            composed = compose_addresses(
                frame,
                group,
                placeholders=self._ncfg.placeholders,
                regions=np.array([r or self.default_region for r in regions], dtype=object),
            )
            present = composed.notna().to_numpy()
            reg_parts.append(np.flatnonzero(present).astype(np.int64))
            kind_parts.append(np.full(int(present.sum()), ADDRESS_KIND, dtype=object))
            value_parts.append(pd.Series(composed.to_numpy()[present], dtype=object))
            maybe_nested.append(False)
        if links is None and not reg_parts and "identifiers" not in frame.columns:
            raise InputError(
                "table 'registrations' has no identifier column (columns: "
                f"{', '.join(map(str, frame.columns))}); give one column per identifier "
                f"kind ({', '.join(self.kinds)}) or the identifiers as links="
            )
        for col in unknown:  # reported on every registration with a value there
            cells = frame[col].tolist()
            for i in np.flatnonzero([_as_text(v) is not None for v in cells]).tolist():
                unusable[i].append(
                    {"field": _field_name(col), "value": _short(cells[i]), "reason": "unknown_kind"}
                )
        if "identifiers" in frame.columns:
            for i, value in enumerate(frame["identifiers"].tolist()):
                if isinstance(value, Mapping):
                    for k, v in value.items():
                        if _no_values(v):
                            given = None if _is_missing(v) else _short(v)
                            unusable[i].append(
                                {"field": _field_name(k), "value": given, "reason": "empty"}
                            )
                            continue
                        items = _values_of(v)
                        reg_parts.append(np.full(len(items), i, dtype=np.int64))
                        kind_parts.append(np.full(len(items), k, dtype=object))
                        value_parts.append(_as_series(items))
                        maybe_nested.append(True)
        reg = np.concatenate(reg_parts) if reg_parts else np.array([], dtype=np.int64)
        raw_kind = np.concatenate(kind_parts) if kind_parts else np.array([], dtype=object)
        values = (
            pd.concat(value_parts, ignore_index=True)
            if len(value_parts) > 1
            else value_parts[0]
            if value_parts
            else pd.Series([], dtype=object)
        )
        nested = np.concatenate(
            [
                np.asarray([not _is_identifier_value(v) for v in part.tolist()], dtype=bool)
                if check
                else np.zeros(len(part), dtype=bool)  # a string column holds only text
                for part, check in zip(value_parts, maybe_nested, strict=True)
            ]
            or [np.zeros(0, dtype=bool)]
        )
        # a links table's missing value (None, pd.NA, NaN) is empty, as in the batch
        missing = values.isna().to_numpy(dtype=bool) if len(values) else nested.copy()
        for i in np.flatnonzero(missing).tolist():
            unusable[int(reg[i])].append(
                {"field": _field_name(raw_kind[i]), "value": None, "reason": "empty"}
            )
        nested |= missing
        for i in np.flatnonzero(nested & ~missing).tolist():
            text = _object_text(self._kind_of(raw_kind[i]), values.iloc[i])
            if text is not None:  # read as the batch reads a JSON object in a cell
                values.iloc[i] = text
                nested[i] = False
                continue
            unusable[int(reg[i])].append(
                {
                    "field": _field_name(raw_kind[i]),
                    "value": _short(values.iloc[i]),
                    "reason": "not_a_value",
                }
            )
        if nested.any():
            flat = np.flatnonzero(~nested)
            reg, raw_kind, values = reg[flat], raw_kind[flat], values.iloc[flat]
        codes, uniq = pd.factorize(pd.Series(raw_kind, dtype=object), use_na_sentinel=False)
        code_of = [self._kind_code.get(self._kind_of(k), -1) for k in uniq]
        kind = np.asarray([*code_of, -1], dtype=np.int64)[codes]
        for i in np.flatnonzero(kind < 0).tolist():
            unusable[int(reg[i])].append(
                {
                    "field": _field_name(raw_kind[i]),
                    "value": _short(values.iloc[i]),
                    "reason": "unknown_kind",
                }
            )
        known = np.flatnonzero(kind >= 0)
        batch = _Batch(
            store_id=[None if t is None else _safe_text(t) for t in store_ids],
            platform=platforms,
            opened=opened,
            opened_text=opened_text,
            self_code=self._self_codes(store_ids),
            unusable=unusable,
            region=regions,
            notes=notes,
        )
        return batch, (reg[known], kind[known], values.iloc[known].reset_index(drop=True))

    @staticmethod
    def _report_listed_parts(
        frame: pd.DataFrame, group: AddressColumns, unusable: list[list[dict[str, Any]]]
    ) -> None:
        """Address parts that hold several values (a list): ``not_a_value``, left out."""
        for col in group.columns:
            cells = frame[col]
            if cells.dtype != object:
                continue
            for i in np.flatnonzero(cells.map(is_container).to_numpy(dtype=bool)).tolist():
                unusable[i].append(
                    {
                        "field": _field_name(col),
                        "value": _short(cells.iloc[i]),
                        "reason": "not_a_value",
                    }
                )

    def _decision_table(self, batch: _Batch, res: dict[str, Any], *, mask: bool) -> pd.DataFrame:
        """:data:`DECISION_COLUMNS` for every registration, column by column."""
        from ._arrays import labels_by_group

        settled = res["settled"]
        items = res["items"]
        n_reg = len(batch.store_id)
        score = np.round(settled.score, 6)
        verdict = np.where(
            score >= self.block_at, "block", np.where(score >= self.review_at, "review", "allow")
        ).astype(object)
        m = settled.matched
        has = m >= 0
        mm = np.maximum(m, 0)
        platform = np.asarray(batch.platform, dtype=object)
        names = sorted({*self.kinds, "via_ring"})
        kind_of = np.asarray([names.index(k) for k in self.kinds], dtype=np.int64)
        group = np.concatenate([items["reg"], np.flatnonzero(settled.use_path)])
        codes = np.concatenate(
            [
                kind_of[items["kind"]] if len(items["kind"]) else np.array([], dtype=np.int64),
                np.full(int(settled.use_path.sum()), names.index("via_ring"), dtype=np.int64),
            ]
        )
        kinds = labels_by_group(group.astype(np.int64), codes, names, n_reg)
        notes = np.full(n_reg, "", dtype=object)
        capped = [_capped(bad) for bad in batch.unusable]
        ruled = (score >= self.block_at) if self.block_min_kinds > 1 else np.zeros(n_reg, bool)
        for r in np.flatnonzero(ruled | np.asarray(capped, dtype=bool)).tolist():
            verdict[r], notes[r] = self._verdict(float(score[r]), str(kinds[r]), capped[r])
        # the batch's scores.evidence: the strongest direct items, then path and timing
        texts: list[list[str]] = [[] for _ in range(n_reg)]
        for j in np.flatnonzero(items["rank"] < _TOP_EVIDENCE).tolist():
            kind = self.kinds[int(items["kind"][j])]
            key = batch.key[int(items["row"][j])]
            other = int(items["other"][j])
            texts[int(items["reg"][j])].append(
                _evidence_phrase(
                    "direct",
                    kind,
                    mask_value(kind, key) if mask else key,
                    near=bool(items["near"][j]),
                    other=self._store_id[other],
                    closed=_iso(int(self._closed[other])),
                    gap=int(items["gap"][j]),
                )
            )
        for r in np.flatnonzero(settled.use_path).tolist():
            texts[r].append(
                _evidence_phrase(
                    "path",
                    other=self._store_id[int(m[r])],
                    via=self._store_id[int(res["via"][r])],
                )
            )
        for r in np.flatnonzero(settled.timing > 0).tolist():
            texts[r].append(_evidence_phrase("timing", other=self._store_id[int(m[r])]))
        evidence = ["; ".join(t[:_TOP_EVIDENCE]) for t in texts]
        unusable = ["; ".join(_unusable_text(u) for u in bad) for bad in batch.unusable]
        notes_text = ["; ".join(_unusable_text(u) for u in said) for said in batch.notes]
        return pd.DataFrame(
            {
                "store_id": batch.store_id,
                "score": score,
                "verdict": verdict,
                "matched_store_id": np.where(has, self._store_id[mm], None),
                "ring_id": [_clean(x) for x in res["ring"]],
                "relation": settled.relation.astype(object),
                "returning": settled.relation == "return",
                "cross_platform": has
                & np.asarray([p is not None for p in batch.platform], dtype=bool)
                & (self._platform[mm] != platform),
                "kinds": kinds,
                "n_banned_linked": np.asarray(res["n_linked"], dtype=np.int64),
                "evidence": evidence,
                "unusable": unusable,
                "notes": notes_text,
                "verdict_note": notes,
            },
            columns=list(DECISION_COLUMNS),
        )

    # -- incremental updates ----------------------------------------------------------------

    def add_store(
        self,
        registration: Mapping[str, Any],
        *,
        status: str = "active",
        closed_at: object = None,
        closure_reason: str | None = None,
    ) -> Decision:
        """Add a store to the index, so later screens see it; returns its screening.

        Parameters
        ----------
        registration : mapping
            As for :meth:`screen`; ``store_id`` is required and must be new.
        status : {"active", "banned", "closed"}
        closed_at, closure_reason : optional
            For a banned or closed store (a banned store needs ``closed_at``, as
            :meth:`ban` does).
        """
        if status not in _STATUS:
            raise InputError(f"status must be one of {', '.join(_STATUS)} (got {status!r})")
        raw_id = registration.get("store_id") if isinstance(registration, Mapping) else None
        sid = _as_text(raw_id) if _is_scalar(raw_id) else None
        if not sid or not sid.strip():
            raise InputError(
                f"add_store needs a registration with a store_id (got {_short(raw_id)!r})"
            )
        day, _, why = _parse_day(
            closed_at,
            order=self.config.dates.order,
            default=self._date_order,
            serials=self.config.dates.spreadsheet_serials,
        )
        if why is not None:
            raise InputError(_closed_at_refusal(closed_at, why))
        if status == "banned" and day == _NAT_DAYS:
            raise InputError("a banned store needs closed_at, the day it was banned (as ban())")
        sid = sid.strip()
        if sid in self._code:
            raise InputError(
                f"store {sid!r} is already in the index (use ban() to change its status)"
            )
        batch = self._parse([registration])
        decision = self._decisions(batch, self._evaluate(batch), mask=True)[0]
        self.close()  # workers hold the index as it was
        code = self._append_store(sid, batch, closed_at, closure_reason, status)
        idents = []
        known = self._codes_of(batch.kind, batch.key).tolist()
        for kc, key, flag, ident in zip(
            batch.kind.tolist(), batch.key, batch.flag, known, strict=True
        ):
            if ident < 0:
                ident = self._append_identifier(kc, key, flag)
            idents.append(ident)
            self._extra_holders.setdefault(ident, []).append(code)
            self._ident_n[ident] += 1
            if status == "banned":
                self._ident_banned[ident] += 1
        self._extra_own[code] = idents
        if status == "banned":
            self._n_banned_total += 1
        self._refresh_around(code)
        return decision

    def ban(
        self, store_id: str, *, closed_at: object, closure_reason: str | None = None
    ) -> str | None:
        """Mark a store of the index as banned; later screens treat it as evidence.

        Parameters
        ----------
        store_id : str
            A store of the index (a store registered since the index was built is
            added first, with :meth:`add_store`).
        closed_at : date or str
            The day it was banned.
        closure_reason : str, optional

        Returns
        -------
        str or None
            None when the store was not banned before. A store already banned keeps
            the earlier of its two ban dates (its ban is a fact: replaying a ban list,
            in any order, gives the same index) and its recorded reason (the given one
            when none was recorded); the returned note says what was kept.

        Raises
        ------
        InputError
            A store not in the index, or a ``closed_at`` that is no date.
        """
        code = self._code.get(str(store_id))
        if code is None:
            raise InputError(f"store {store_id!r} is not in the index (add it with add_store)")
        day, _, why = _parse_day(
            closed_at,
            order=self.config.dates.order,
            default=self._date_order,
            serials=self.config.dates.spreadsheet_serials,
        )
        if why is not None or day == _NAT_DAYS:
            raise InputError(_closed_at_refusal(closed_at, why))
        self.close()  # workers hold the index as it was
        if self._status[code] == _BANNED:
            return self._ban_again(code, day, closure_reason)
        self._status[code] = _BANNED
        self._closed[code] = day
        if closure_reason is not None:
            self._reason[code] = closure_reason
        self._n_banned_total += 1
        for ident in self._owned(code).tolist():
            self._ident_banned[ident] += 1
        self._refresh_around(code)
        return None

    def _ban_again(self, code: int, day: int, closure_reason: str | None) -> str:
        """Ban a banned store again: the earlier date and the recorded reason stay."""
        old_day, old_reason = int(self._closed[code]), _clean(self._reason[code])
        old_reason = old_reason if old_reason != "" else None
        reason = old_reason if old_reason is not None else closure_reason
        if reason is not old_reason:
            self._reason[code] = reason
        said = f" ({closure_reason})" if closure_reason is not None else ""
        was = f"{_iso(old_day) or 'no date'}{f', {old_reason}' if old_reason else ''}"
        note = (
            f"store {self._store_id[code]!r} was already banned ({was}); given {_iso(day)}{said}: "
        )
        if old_day == _NAT_DAYS or day < old_day:  # the ban is older than recorded
            self._closed[code] = day
            self._refresh_around(code)  # of equal paths, the latest closure is preferred
            earlier = "" if old_day == _NAT_DAYS else ", the earlier date"
            note += f"banned since {_iso(day)}{earlier}"
        else:
            note += f"kept {_iso(old_day)}" + (", the earlier date" if day > old_day else "")
        if old_reason is None and reason is not None:
            note += f"; reason {reason!r} recorded"
        elif closure_reason not in (None, old_reason):
            note += f"; kept the reason {old_reason!r}"
        return note

    def _grow(self, name: str, size: int, fill: Any) -> None:
        arr = getattr(self, name)
        if len(arr) >= size:
            return
        extra = np.full(max(size, 2 * len(arr)) - len(arr), fill, dtype=arr.dtype)
        setattr(self, name, np.concatenate([arr, extra]))

    def _append_store(
        self,
        sid: str,
        batch: _Batch,
        closed_at: object,
        closure_reason: str | None,
        status: str,
    ) -> int:
        code = self._n_stores
        size = code + 1
        for name, fill in (
            ("_store_id", None),
            ("_platform", None),
            ("_status", 0),
            ("_opened", _NAT_DAYS),
            ("_closed", _NAT_DAYS),
            ("_reason", None),
            ("_ring", None),
        ):
            self._grow(name, size, fill)
        t = self._paths
        grown: dict[str, np.ndarray] = {}
        path_fill: tuple[tuple[str, Any], ...] = (
            ("d1", 0.0),
            ("d_end", -1),
            ("e1", 0.0),
            ("e1_arg", -1),
            ("e2", 0.0),
            ("e2_arg", -1),
        )
        for name, fill in path_fill:
            arr = getattr(t, name)
            if len(arr) < size:
                arr = np.concatenate([arr, np.full(max(size, 2 * len(arr)) - len(arr), fill)])
                arr = arr.astype(getattr(t, name).dtype)
            grown[name] = arr
        self._paths = PathTables(**grown)
        day, _, _ = _parse_day(
            closed_at,
            order=self.config.dates.order,
            default=self._date_order,
            serials=self.config.dates.spreadsheet_serials,
        )  # checked by add_store
        self._store_id[code] = sid
        self._platform[code] = batch.platform[0] or "default"
        self._status[code] = _STATUS.index(status)
        self._opened[code] = batch.opened[0]
        self._closed[code] = day
        self._reason[code] = closure_reason
        self._ring[code] = None
        self._code[sid] = code
        self._n_stores = size
        read_in = (batch.region[0] if batch.region else None) or self.default_region
        self.store_regions[read_in] = self.store_regions.get(read_in, 0) + 1
        return code

    def _append_identifier(self, kc: int, key: str, flag: object) -> int:
        ident = self._n_ident
        size = ident + 1
        for name, fill in (
            ("_ident_kind", 0),
            ("_ident_key", None),
            ("_ident_base", 0.0),
            ("_ident_n", 0),
            ("_ident_banned", 0),
        ):
            self._grow(name, size, fill)
        if len(self._hold_ptr) < size + 1:
            last = self._hold_ptr[-1]
            self._hold_ptr = np.concatenate(
                [self._hold_ptr, np.full(size + 1 - len(self._hold_ptr), last)]
            )
        factor = FLAG_FACTORS.get(str(flag), 1.0) if flag else 1.0
        self._ident_kind[ident] = kc
        self._ident_key[ident] = key
        self._ident_base[ident] = self._kind_weight[kc] * factor
        self._ident_n[ident] = 0
        self._ident_banned[ident] = 0
        self._added_idents[(kc, key)] = ident
        if kc in self._blocks:
            bkey = self._block_key(kc, key)
            if bkey:
                self._blocks[kc].added.setdefault(bkey, []).append(ident)
        self._n_ident = size
        return ident

    def _store_links(self, codes: Sequence[int]) -> dict[int, dict[int, float]]:
        """Current link weights of index stores to their neighbours."""
        regs = []
        for c in codes:
            owned = self._owned(c)
            regs.append((c, owned))
        batch = _Batch(
            store_id=[self._store_id[c] for c in codes],
            platform=[self._platform[c] for c in codes],
            opened=np.asarray([self._opened[c] for c in codes], dtype=np.int64),
            opened_text=[None] * len(codes),
            self_code=np.asarray(codes, dtype=np.int64),
            reg=np.concatenate(
                [np.full(len(o), i, dtype=np.int64) for i, (_, o) in enumerate(regs)]
                or [np.array([], dtype=np.int64)]
            ),
            kind=np.concatenate(
                [self._ident_kind[o] for _, o in regs] or [np.array([], dtype=np.int64)]
            ),
            key=np.concatenate(
                [self._ident_key[o] for _, o in regs] or [np.array([], dtype=object)]
            ),
            flag=np.full(sum(len(o) for _, o in regs), None, dtype=object),
            unusable=[[] for _ in codes],
        )
        res = self._evaluate(batch)
        link_reg, link_other, link_w = res["links"]
        out: dict[int, dict[int, float]] = {c: {} for c in codes}
        for r, o, w in zip(link_reg.tolist(), link_other.tolist(), link_w.tolist(), strict=True):
            out[codes[r]][o] = w
        return out

    def _prefer(self) -> Preference:
        """Which of equally strong matches a registration gets (as in the batch)."""
        return store_preference(self._store_id, self._closed)

    def _refresh_around(self, code: int) -> None:
        """Recompute path tables of a changed store's neighbours, two links out
        (ties as :func:`~sellergraph.scoring.path_tables` breaks them)."""
        decay = self.config.scoring.ring_decay
        rank = self._prefer()
        first = self._store_links([code])[code]
        ring1 = [c for c in first if self._status[c] != _BANNED]
        links1 = self._store_links(ring1) if ring1 else {}
        t = self._paths
        for c in [code, *ring1] if self._status[code] != _BANNED else ring1:
            nb = links1.get(c) if c != code else first
            banned = [(w, o) for o, w in (nb or {}).items() if self._status[o] == _BANNED]
            best, arg = _by_preference(banned, rank)[0] if banned else (0.0, -1)
            t.d1[c], t.d_end[c] = best, arg
        if self._status[code] == _BANNED:
            t.d1[code], t.d_end[code] = 0.0, -1
            t.e1[code], t.e1_arg[code], t.e2[code], t.e2_arg[code] = 0.0, -1, 0.0, -1
        ring2 = sorted(
            {o for c in ring1 for o in links1.get(c, {}) if self._status[o] != _BANNED}
            - set(ring1)
            - {code}
        )
        links2 = self._store_links(ring2) if ring2 else {}
        every = {**links1, **links2}
        if self._status[code] != _BANNED:
            every[code] = first
        through = _through(rank, t.d_end)
        for c, nb in every.items():
            cand = [(w * decay * t.d1[o], o) for o, w in nb.items() if self._status[o] != _BANNED]
            cand = _by_preference([x for x in cand if x[0] > 0], through)
            t.e1[c], t.e1_arg[c] = cand[0] if cand else (0.0, -1)
            t.e2[c], t.e2_arg[c] = cand[1] if len(cand) > 1 else (0.0, -1)


# -- helpers ------------------------------------------------------------------------------


def _exact_items(
    row: np.ndarray,
    other: np.ndarray,
    ident: np.ndarray,
    weight: np.ndarray,
    gap: np.ndarray,
    *,
    hub: bool,
) -> dict[str, np.ndarray]:
    """Evidence items of exact matches: registration row, holder, its identifier."""
    return {
        "row": row,
        "other": other,
        "other_ident": ident,
        "similarity": np.full(len(row), 100.0),
        "weight": weight,
        "near": np.zeros(len(row), dtype=bool),
        "hub": np.full(len(row), hub, dtype=bool),
        "gap": gap,
    }


def _by_preference(cand: list[tuple[float, int]], rank: Preference) -> list[tuple[float, int]]:
    """(value, store code) pairs, strongest first; equal values as ``rank`` orders them."""
    if not cand:
        return cand
    ranks = rank(np.array([o for _, o in cand], dtype=np.int64)).tolist()
    order = sorted(range(len(cand)), key=lambda i: (-cand[i][0], ranks[i]))
    return [cand[i] for i in order]


_HASH_KEY = "0123456789123456"  # pandas's default SipHash key: fixed, so hashes persist
_KIND_MIX = np.uint64(0x9E3779B97F4A7C15)


def _siphash(keys: np.ndarray) -> np.ndarray:
    """SipHash-2-4 of each string's UTF-8 bytes under :data:`_HASH_KEY`."""
    return np.asarray(_siphash_kernel()(keys, _HASH_KEY, "utf8"), dtype=np.uint64)


@functools.cache
def _siphash_kernel() -> Any:
    try:  # pandas's kernel behind pd.util.hash_array, without its per-call overhead
        from pandas._libs.hashing import hash_object_array
    except ImportError:  # pragma: no cover - a pandas without it: slower, other values
        return lambda keys, key, encoding: pd.util.hash_array(
            keys, encoding=encoding, hash_key=key, categorize=False
        )
    return hash_object_array


def _kind_key_hashes(kind: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """A fixed 64-bit hash of each (kind code, key) pair, the same in every process.

    Keys are hashed as UTF-8 (a lone surrogate, which UTF-8 cannot carry, as its
    ``surrogatepass`` bytes) and the kind is mixed in, so one sorted table serves
    every kind. Equal hashes are always confirmed against the key itself; an index
    whose stored hashes a later installation does not reproduce is hashed again on
    load (:func:`_hashes_reproduced`).
    """
    keys = np.asarray(keys, dtype=object)
    try:
        hashed = _siphash(keys)
    except UnicodeEncodeError:
        safe = keys.copy()
        for i, k in enumerate(safe.tolist()):
            try:
                k.encode("utf-8")
            except UnicodeEncodeError:
                safe[i] = k.encode("utf-8", "surrogatepass").decode("latin-1")
        hashed = _siphash(safe)
    return hashed ^ ((np.asarray(kind, dtype=np.uint64) + np.uint64(1)) * _KIND_MIX)


def _lookup_table(kind: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Identifier codes sorted by :func:`_kind_key_hashes`, and the sorted hashes."""
    hashes = _kind_key_hashes(kind, keys)
    order = np.argsort(hashes, kind="stable").astype(np.int64)
    return order, hashes[order]


def _hashes_reproduced(
    table: np.ndarray, codes: np.ndarray, ident_kind: np.ndarray, ident_key: np.ndarray
) -> bool:
    """Whether this installation hashes a sample of the stored keys as the index does."""
    step = max(len(codes) // 64, 1)
    probe = codes[::step][:64]
    got = _kind_key_hashes(ident_kind[probe], ident_key[probe])
    return bool(np.array_equal(got, table[::step][:64]))


def _near_kinds(kinds: Sequence[str], config: Config) -> list[int]:
    """Codes of the kinds matched as near duplicates under ``config``."""
    fuzzy = config.fuzzy
    return [
        kc
        for kc, k in enumerate(kinds)
        if (k == "address" and fuzzy.addresses) or (k == "name" and fuzzy.names)
    ]


def _search_arrays(
    ident_kind: np.ndarray, ident_key: np.ndarray, kinds: Sequence[str], near: Sequence[int]
) -> dict[str, np.ndarray]:
    """Sorted views of the identifiers, saved with the index so loading it is cheap.

    ``lookup_order``/``lookup_hash``: identifier codes sorted by the hash of their
    (kind, key), and the sorted hashes (a bulk binary search finds many keys at
    once). ``block_*``: identifiers of the near-duplicate kinds sorted by (kind,
    blocking key, key), one span per block.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = np.asarray(ident_kind, dtype=np.int64)
    keys = np.asarray(ident_key, dtype=object)
    order, hashes = _lookup_table(kind, keys)
    parts = []
    for kc in near:
        idx = np.flatnonzero(kind == kc)
        sub = pd.DataFrame(
            {
                "kind": kc,
                "block": block_keys(
                    pd.Series(keys[idx], dtype="str"), blocking=_NEAR_KINDS[kinds[kc]]
                ).to_numpy(dtype=object),
                "key": keys[idx],
                "ident": idx,
            }
        )
        parts.append(sub[sub["block"].str.len() > 0])
    blocks = (
        pd.concat(parts, ignore_index=True)
        if parts
        else pd.DataFrame({"kind": [], "block": [], "key": [], "ident": []})
    )
    if len(blocks):
        sort_table = pa.table(
            {
                "kind": blocks["kind"].to_numpy(dtype=np.int64),
                "block": pa.array(blocks["block"].to_numpy(dtype=object), type=pa.large_string()),
                "key": pa.array(blocks["key"].to_numpy(dtype=object), type=pa.large_string()),
                "ident": blocks["ident"].to_numpy(dtype=np.int64),
            }
        )
        by = [(c, "ascending") for c in ("kind", "block", "key", "ident")]
        blocks = blocks.iloc[pc.sort_indices(sort_table, sort_keys=by).to_numpy()]
    bk = blocks["kind"].to_numpy(dtype=np.int64)
    bn = blocks["block"].to_numpy(dtype=object)
    new = (
        np.flatnonzero(np.r_[True, (bn[1:] != bn[:-1]) | (bk[1:] != bk[:-1])])
        if len(bn)
        else np.array([], dtype=np.int64)
    )
    return {
        "lookup_order": order,
        "lookup_hash": hashes,
        "block_order": blocks["ident"].to_numpy(dtype=np.int64),
        "block_names": bn[new],
        "block_kind": bk[new],
        "block_ptr": np.r_[new, len(bn)].astype(np.int64),
    }


def _blocks_from_arrays(
    arrays: Mapping[str, np.ndarray], ident_key: np.ndarray
) -> dict[int, _Blocks]:
    """Near-duplicate blocks per kind code, from :func:`_search_arrays`."""
    order = np.asarray(arrays["block_order"], dtype=np.int64)
    names = np.asarray(arrays["block_names"], dtype=object)
    kinds = np.asarray(arrays["block_kind"], dtype=np.int64)
    ptr = np.asarray(arrays["block_ptr"], dtype=np.int64)
    out: dict[int, _Blocks] = {}
    for kc in np.unique(kinds).tolist():
        which = np.flatnonzero(kinds == kc)
        lo, hi = int(ptr[which[0]]), int(ptr[which[-1] + 1])
        idents = order[lo:hi]
        starts = (ptr[which] - lo).tolist()
        ends = (ptr[which + 1] - lo).tolist()
        out[kc] = _Blocks(
            keys=ident_key[idents],
            idents=idents,
            span=dict(zip(names[which].tolist(), zip(starts, ends, strict=True), strict=True)),
            added={},
        )
    return out


def _mask_unusable(
    bad: list[dict[str, Any]], *, mask: bool, kind_of: Callable[[str], str | None] = lambda _: None
) -> list[dict[str, Any]]:
    """Unusable fields with submitted identifier values masked (unless ``mask`` is off):
    those of ``identifiers.<kind>``, of a field of its own that ``kind_of`` reads as an
    identifier kind (``"phone": [...]``), and of a field the screener does not know
    (``unknown_field``: it may hold a phone number or an e-mail), masked as a value of
    the kind its name reads as. A number is masked as the text it is read as.

    Examples
    --------
    >>> _mask_unusable(
    ...     [{"field": "contact", "value": "jdoe@gmail.com", "reason": "unknown_field"}],
    ...     mask=True,
    ... )
    [{'field': 'contact', 'value': 'jd********.com', 'reason': 'unknown_field'}]
    """
    if not mask:
        return bad
    out = []
    for entry in bad:
        value, name = entry["value"], entry["field"]
        nested = name.startswith("identifiers.")
        kind = _canonical_kind(name.split(".", 1)[1]) if nested else kind_of(name)
        if kind is None and entry["reason"] == "unknown_field":
            kind = _canonical_kind(name)
        text = _maskable_text(value)
        if entry["reason"] == "empty":  # "", or a list with nothing in it ("[]"): no data
            pass
        elif text and kind is not None:
            entry = {**entry, "value": mask_value(kind, text)}
        elif value is not None and name in ("identifiers", "registration"):
            # identifiers in the wrong shape: whatever values they hold are hidden
            entry = {**entry, "value": _LETTERS_AND_DIGITS.sub("*", str(value))}
        out.append(entry)
    return out


_LETTERS_AND_DIGITS = re.compile(r"[^\W_]")


def _maskable_text(value: object) -> str | None:
    """The text of an echoed value that may hold an identifier: text, or a number
    (``8613800138000``); None for nothing or a boolean, which holds none."""
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool):
        return None
    return str(value)


_STRING_MEMBERS = ("store_id", "platform", "closure_reason", "ring_id", "ident_key", "block_names")
_NUMERIC_MEMBERS = (
    "status", "opened", "closed", "d1", "d_end", "e1", "e1_arg", "e2", "e2_arg",
    "ident_kind", "ident_base", "ident_n", "ident_banned", "hold_ptr", "hold_store",
    "hold_seen", "own_ptr", "own_ident", "lookup_order", "lookup_hash", "block_order", "block_kind",
    "block_ptr",
)  # fmt: skip
_ALL_MEMBERS = frozenset(_STRING_MEMBERS + _NUMERIC_MEMBERS)
_ALIGN = 64  # member data starts on this boundary, so arrays map without a copy
_PAD_ID = 0xD935  # the extra-field id that zip aligners use for padding


def _entry(name: str, offset: int) -> zipfile.ZipInfo:
    """A zip entry at ``offset`` with a fixed time and padding that aligns its data.

    The same index gives the same file; member data starts at a multiple of
    :data:`_ALIGN`, where ``np.save``'s own header padding then aligns the array.
    """
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    start = offset + 30 + len(name.encode("utf-8")) + 4  # local header, name, pad header
    pad = -start % _ALIGN
    info.extra = struct.pack("<HH", _PAD_ID, pad) + b"\0" * pad
    return info


def _member(view: memoryview, info: zipfile.ZipInfo, zf: zipfile.ZipFile) -> memoryview:
    """The checked bytes of a zip member: a view of the mapped file when stored."""
    if info.compress_type != zipfile.ZIP_STORED:  # re-zipped by a tool: read (and check)
        return memoryview(zf.read(info.filename))
    at = info.header_offset
    header = bytes(view[at : at + 30])
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise ValueError(f"no local header for member {info.filename}")
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = at + 30 + name_len + extra_len
    end = start + info.file_size
    if end > len(view):
        raise ValueError(f"member {info.filename} is truncated")
    data = view[start:end]
    # the checksum pass also reads every page in, keeping page faults out of the
    # latency of the first screens
    if zlib.crc32(data) != info.CRC:
        raise ValueError(f"member {info.filename} fails its checksum")
    return data


def _npy_view(data: memoryview) -> np.ndarray:
    """An array of ``.npy`` bytes, as a view of them (a copy only if misaligned)."""
    fp = io.BytesIO(bytes(data[: min(len(data), 65536)]))
    version = np.lib.format.read_magic(fp)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(fp)
    else:
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(fp)
    if dtype.hasobject:
        raise ValueError("an array of objects (pickles are not read)")
    count = math.prod(shape)
    offset = fp.tell()
    if offset + count * dtype.itemsize > len(data):
        raise ValueError("an array is truncated")
    arr = np.frombuffer(data, dtype=dtype, count=count, offset=offset)
    if not arr.flags.aligned:
        arr = arr.copy()
    return arr.reshape(shape, order="F" if fortran else "C")


def _whole_number(value: object, name: str, meaning: str) -> int:
    """A setting that is a whole number of at least 1 (``2``, ``2.0``, ``"2"``)."""
    try:
        number = float(str(value).strip()) if not isinstance(value, bool) else math.nan
    except ValueError:
        number = math.nan
    if not (math.isfinite(number) and number >= 1 and number == int(number)):
        raise InputError(f"{name} is {meaning}, a whole number of at least 1 (got {value!r})")
    return int(number)


def _min_kinds(value: object) -> int:
    """A ``block_min_kinds`` setting, checked.

    Examples
    --------
    >>> _min_kinds(2), _min_kinds("2")
    (2, 2)
    """
    return _whole_number(value, "block_min_kinds", "how many identifier kinds a block needs")


def _max_values(value: object) -> int:
    """A ``max_values`` setting, checked."""
    return _whole_number(value, "max_values", "how many values one registration may give")


def _check_thresholds(review_at: float, block_at: float) -> None:
    if not (0 < review_at <= block_at <= 1):
        raise InputError(
            f"thresholds must satisfy 0 < review_at <= block_at <= 1 "
            f"(got review_at={review_at}, block_at={block_at})"
        )


#: How to make an index of this version's keys.
_REBUILD = (
    "rebuild the index with this sellergraph: 'sellergraph run' on the stores and links, "
    "then 'sellergraph index --run FOLDER' (in Python, Screener.from_analysis of a new "
    "analysis)"
)


def _check_keys_version(recorded: object, what: str, *, check: bool) -> None:
    """Refuse keys of another keys version than this sellergraph's (or, with ``check``
    off, warn of them): a registration's values keyed otherwise would meet no store of
    the index that holds them, and a returning seller would be allowed.

    Examples
    --------
    >>> _check_keys_version(KEYS_VERSION, "index 'i.sgidx'", check=True)
    >>> _check_keys_version(None, "index 'i.sgidx'", check=True)
    Traceback (most recent call last):
    ...
    sellergraph.errors.InputError: index 'i.sgidx' holds identifier keys of no keys version ...
    """
    if recorded == KEYS_VERSION and not isinstance(recorded, bool):
        return
    problem = (
        f"{what} holds identifier keys of {keys_version_text(recorded)}; this sellergraph "
        f"makes keys version {KEYS_VERSION}: a registration's value keyed otherwise now "
        "would meet none of the stores that hold it, and a returning seller would be allowed"
    )
    if check:
        raise InputError(f"{problem}. {_REBUILD[0].upper()}{_REBUILD[1:]}")
    log.warning(f"{problem} (screening anyway, as the keys check is off): {_REBUILD}")


def _at(values: np.ndarray, pos: np.ndarray) -> np.ndarray:
    """``values[pos]`` where ``pos >= 0``, else -1 (also when ``values`` is empty)."""
    if not len(values):
        return np.full(len(pos), -1, dtype=np.int64)
    return np.where(pos >= 0, values[np.maximum(pos, 0)], -1)


def _first_of(*keys: np.ndarray) -> np.ndarray:
    """First row of each run of equal key tuples (rows already sorted by the keys)."""
    if not len(keys[0]):
        return np.zeros(0, dtype=bool)
    out = np.zeros(len(keys[0]), dtype=bool)
    out[0] = True
    for k in keys:
        out[1:] |= k[1:] != k[:-1]
    return out


def _first_seen(*keys: np.ndarray) -> np.ndarray:
    """Whether each row is the first, in row order, of its tuple of keys."""
    out = np.zeros(len(keys[0]), dtype=bool)
    if len(out):
        o = np.lexsort(keys[::-1])  # stable: equal tuples stay in row order
        out[o[_first_of(*(k[o] for k in keys))]] = True
    return out


def _strongest_per_value(
    reg: np.ndarray,
    other: np.ndarray,
    kind: np.ndarray,
    weight: np.ndarray,
    *,
    first: np.ndarray,
    key: np.ndarray,
    other_key: np.ndarray,
) -> np.ndarray:
    """Positions of the items the batch keeps: one per (store pair, value of either side).

    The batch's rule (:func:`sellergraph.build._strongest_per_value`): a pair's items
    ordered by kind, strongest first, then by the value of the store with the lower
    store id and by the other's; the first item on each value of that store is kept,
    then, of those, the first on each of the other's. Which side comes first and the
    two steps in turn decide which of several near matches on one value survives, and
    so the pair's strength.

    Parameters
    ----------
    reg, other : ndarray
        Each item's registration and the other store.
    kind, weight : ndarray
        Each item's kind code and weight.
    first : ndarray of bool
        Whether the registration's store id comes before the other store's.
    key, other_key : ndarray
        The registration's value and the other store's.

    Returns
    -------
    ndarray
        Positions of the kept items, by registration, other store, kind and weight.
    """
    if not len(reg):
        return np.zeros(0, dtype=np.int64)
    _, rank = np.unique(np.concatenate([key, other_key]).astype(str), return_inverse=True)
    rank = rank.reshape(-1)
    own, theirs = rank[: len(reg)], rank[len(reg) :]
    value_a, value_b = np.where(first, own, theirs), np.where(first, theirs, own)
    order = np.lexsort((value_b, value_a, -weight, kind, other, reg))
    order = order[_first_seen(reg[order], other[order], kind[order], value_a[order])]
    return order[_first_seen(reg[order], other[order], kind[order], value_b[order])]


def _banned_pairs(
    reg: np.ndarray, other: np.ndarray, kind: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every (registration, banned store) pair sharing identifiers: the pair, what that
    store alone gives (noisy-or of the items' weights) and the kinds shared (bit mask)."""
    o = np.lexsort((kind, other, reg))
    reg, other, kind, weight = reg[o], other[o], kind[o], weight[o]
    starts = np.flatnonzero(_first_of(reg, other))
    if not len(starts):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0), empty
    log_keep = np.add.reduceat(np.log1p(-np.minimum(weight, 0.999)), starts)
    bits = np.bitwise_or.reduceat(np.left_shift(1, kind.astype(np.int64)), starts)
    return reg[starts], other[starts], -np.expm1(log_keep), bits


def _sorted_pairs(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    o = np.lexsort((b, a))
    return a[o], b[o]


def _iso(day: int) -> str | None:
    if day == _NAT_DAYS:
        return None
    return (_dt.date(1970, 1, 1) + _dt.timedelta(days=day)).isoformat()


def _clean(value: object) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value


def _short(value: object, limit: int = 80) -> Any:
    """A JSON-safe, UTF-8-safe, bounded echo of a submitted value."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else str(value)
    text = _safe_text(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unknown_echo(value: object) -> Any:
    """An unknown field's value as it is reported (``unknown_field``): a bounded echo,
    or None where nothing is reported (a missing or blank value)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return _short(value)


def _field_name(raw_kind: object) -> str:
    """``identifiers.<kind>`` as submitted, bounded like any echoed value."""
    return f"identifiers.{_short(raw_kind, 60)}"


def _flat_field_name(key: str, identifiers: object) -> str:
    """How an identifier kind given as a field of its own is reported: as if in
    ``identifiers`` (``identifiers.phone``), unless ``identifiers`` has the same name
    too, when it keeps its own name (``phone``) so the two can be told apart.

    Examples
    --------
    >>> _flat_field_name("phone", None), _flat_field_name("phone", {"phone": None})
    ('identifiers.phone', 'phone')
    """
    if isinstance(identifiers, Mapping) and key in identifiers:
        return _short(key, 60)
    return _field_name(key)


def _write_strings(buf: io.BytesIO, values: np.ndarray) -> None:
    import pyarrow as pa

    arr = pa.array([None if v is None or v != v else str(v) for v in values], type=pa.string())
    table = pa.table({"value": arr})
    with pa.ipc.new_file(buf, table.schema) as writer:
        writer.write_table(table)


def _read_strings(data: bytes | memoryview) -> np.ndarray:
    import pyarrow as pa

    try:
        table = pa.ipc.open_file(pa.py_buffer(data)).read_all()
        table.validate(full=True)  # offsets and UTF-8 checked before any string is made
        column = table.column("value")
        if not pa.types.is_string(column.type):
            raise ValueError(f"string member of type {column.type}")
    except (pa.ArrowException, KeyError) as exc:
        raise ValueError(f"a string member is unreadable: {exc}") from None
    return np.asarray(column.to_numpy(zero_copy_only=False), dtype=object)


def _check_shapes(arrays: Mapping[str, np.ndarray]) -> None:
    """Members of one index agree on their lengths and hold in-range codes."""

    def length(*names: str) -> int:
        sizes = {len(arrays[n]) for n in names}
        if len(sizes) != 1 or any(arrays[n].ndim != 1 for n in names):
            raise ValueError(f"members {', '.join(names)} disagree in length")
        return sizes.pop()

    n = length(
        "store_id",
        "platform",
        "status",
        "opened",
        "closed",
        "closure_reason",
        "ring_id",
        "d1",
        "d_end",
        "e1",
        "e1_arg",
        "e2",
        "e2_arg",
    )
    m = length("ident_kind", "ident_key", "ident_base", "ident_n", "ident_banned")
    length("lookup_order", "lookup_hash")
    length("hold_store", "hold_seen", "own_ident")
    length("block_names", "block_kind")
    checks = (
        ("hold_ptr", m + 1, len(arrays["hold_store"])),
        ("own_ptr", n + 1, len(arrays["own_ident"])),
        ("block_ptr", len(arrays["block_names"]) + 1, len(arrays["block_order"])),
    )
    for name, size, end in checks:
        ptr = arrays[name]
        if (
            len(ptr) != size
            or (size and (ptr[0] != 0 or ptr[-1] != end))
            or np.any(np.diff(ptr) < 0)
        ):
            raise ValueError(f"member {name} is inconsistent")
    for name, bound in (
        ("hold_store", n),
        ("own_ident", m),
        ("lookup_order", m),
        ("block_order", m),
        ("e1_arg", n),
        ("e2_arg", n),
        ("d_end", n),
    ):
        arr = arrays[name]
        if len(arr) and (int(arr.min()) < -1 or int(arr.max()) >= bound):
            raise ValueError(f"member {name} holds codes out of range")


def _parse_days(
    column: pd.Series | None,
    n: int,
    unusable: list[list[dict[str, Any]]],
    *,
    order: str = "auto",
    default: str = "month_first",
    serials: bool = False,
) -> tuple[np.ndarray, list[str | None]]:
    """Day numbers and ISO texts of an ``opened_at`` column; bad dates reported
    (spreadsheet serial day numbers read when ``serials``, as :func:`_parse_day`).

    Each value is read on its own (as :func:`_parse_day` reads a registration's): a
    decision does not depend on the other registrations screened with it, or on how
    a batch is split between processes. Placeholders for an unknown date are cleared
    and reported (``placeholder_date``), as the batch's loader clears them.
    """
    if column is None:
        return np.full(n, _NAT_DAYS, dtype=np.int64), [None] * n
    parsed, bad, placeholder, serial = _read_dates(
        column.reset_index(drop=True), order=order, default=default, serials=serials
    )
    for reason, where in (
        ("invalid_date", bad),
        ("placeholder_date", placeholder),
        ("spreadsheet_serial", serial),
    ):
        for i in np.flatnonzero(where).tolist():
            unusable[i].append(
                {"field": "opened_at", "value": _short(column.iloc[i]), "reason": reason}
            )
    days = _days(parsed)
    iso_text = parsed.dt.strftime("%Y-%m-%d").tolist()
    return days, [t if isinstance(t, str) else None for t in iso_text]


def _evidence_phrase(
    item: str,
    kind: str = "",
    value: str = "",
    *,
    other: str | None,
    near: bool = False,
    closed: str | None = None,
    via: str | None = None,
    gap: int | None = None,
) -> str:
    """One evidence item as the batch's ``scores.evidence`` writes it."""
    if item == "direct":
        return (
            f"{kind_label(kind)} {value}{' (near match)' if near else ''} shared with banned "
            f"{other} (closed {closed or 'date unknown'}{gap_note(gap)})"
        )
    if item == "path":
        return f"linked via {via} to banned {other}"
    return f"opened soon after {other} was banned"


def _unusable_text(entry: Mapping[str, Any]) -> str:
    """An unusable field as the ``unusable`` column writes it: ``field: reason``, and
    the region a phone number was read in (``identifiers.phone: invalid_phone in CN``),
    a known store's status, where a repeated registration was first given, or how many
    values of how many were screened.

    Examples
    --------
    >>> _unusable_text({"field": "store_id", "value": "S1", "reason": "known_store",
    ...                 "status": "banned"})
    'store_id: known_store (banned)'
    >>> _unusable_text({"field": "identifiers", "value": None, "reason": "too_many_values",
    ...                 "values": 20000, "screened": 100})
    'identifiers: too_many_values (first 100 of 20,000 screened)'
    """
    region = entry.get("region")
    text = f"{entry['field']}: {entry['reason']}{f' in {region}' if region else ''}"
    if entry.get("status"):
        text += f" ({entry['status']})"
    if entry.get("first") is not None:
        text += f" (first at row {entry['first']})"
    if entry.get("screened") is not None:
        text += f" (first {entry['screened']:,} of {entry['values']:,} screened)"
    return text


def _first_positions(store_ids: Sequence[str | None]) -> list[int | None]:
    """For each registration whose store id an earlier one gave, that one's position
    (None for the first of each id, and for a registration without one).

    Examples
    --------
    >>> _first_positions(["A", "B", "A", None, None, "A"])
    [None, None, 0, None, None, 0]
    """
    seen: dict[str, int] = {}
    out: list[int | None] = []
    for i, sid in enumerate(store_ids):
        first = seen.setdefault(sid, i) if isinstance(sid, str) else i
        out.append(first if first != i else None)
    return out


def _repeat_note(store_id: object, first: int) -> dict[str, Any]:
    """The ``unusable`` note of a registration repeating an earlier one's store id."""
    return {
        "field": "store_id",
        "value": store_id,
        "reason": "duplicate_registration",
        "first": first,
    }


def _capped(unusable: Sequence[Mapping[str, Any]]) -> bool:
    """Whether a registration gave more values than were screened."""
    return any(u.get("reason") == "too_many_values" for u in unusable)


def _counted_kinds(kinds: str) -> list[str]:
    """The identifier kinds of a decision's ``kinds`` that ``block_min_kinds`` counts:
    not IP (:data:`UNCOUNTED_KINDS`), nor ``via_ring`` (a path through other stores).

    Examples
    --------
    >>> _counted_kinds("device|ip|via_ring")
    ['device']
    """
    return [
        k
        for k in kinds.split("|")
        if k and k != "via_ring" and canonical_kind(k) not in UNCOUNTED_KINDS
    ]


def _verdict_and_note(
    score: float,
    kinds: str,
    capped: bool,
    *,
    review_at: float,
    block_at: float,
    block_min_kinds: int,
    max_values: int,
) -> tuple[str, str]:
    """A registration's verdict, and why it is not the one its score alone gives
    (empty when it is).

    A score at or above ``block_at`` whose evidence is of fewer identifier kinds than
    ``block_min_kinds`` (:func:`_counted_kinds`) is reviewed; a registration that gave
    more than ``max_values`` values is reviewed at least (the rest went unscreened).

    Examples
    --------
    >>> _verdict_and_note(0.95, "device", False, review_at=0.6, block_at=0.9,
    ...                   block_min_kinds=2, max_values=100)[0]
    'review'
    >>> _verdict_and_note(0.95, "device|phone", False, review_at=0.6, block_at=0.9,
    ...                   block_min_kinds=2, max_values=100)
    ('block', '')
    """
    verdict = "block" if score >= block_at else "review" if score >= review_at else "allow"
    counted = _counted_kinds(kinds)
    if verdict == "block" and len(counted) < block_min_kinds:
        if counted:
            n = len(counted)
            evidence = (
                f"is of {'one identifier kind' if n == 1 else f'{n} identifier kinds'} "
                f"({', '.join(counted)})"
            )
        else:
            evidence = "shares no identifier of a counted kind with a banned store"
        return "review", (
            f"reviewed, not blocked: the score reaches block_at {block_at:g}, but its evidence "
            f"{evidence} and a block needs {block_min_kinds} (block_min_kinds; IP and paths "
            "through other stores not counted): one shared value may have changed hands"
        )
    if capped and verdict == "allow":
        return "review", (
            f"reviewed: it gave more identifier values than max_values ({max_values:,}) and "
            "only the first were screened"
        )
    return verdict, ""


def decisions_frame(decisions: Sequence[Decision]) -> pd.DataFrame:
    """Decisions as a table of :data:`DECISION_COLUMNS`."""
    rows = []
    for d in decisions:
        text = "; ".join(
            _evidence_phrase(
                r["item"],
                r["kind"],
                r["value"],
                near=r["match"] == "near",
                other=r["other_store_id"],
                closed=r["other_closed_at"],
                via=r["via_store_id"],
                gap=r.get("gap_days"),
            )
            for r in d.evidence_records
            if int(r["rank"]) <= _TOP_EVIDENCE
        )
        rows.append(
            {
                "store_id": d.store_id,
                "score": d.score,
                "verdict": d.verdict,
                "matched_store_id": d.matched_store_id,
                "ring_id": d.ring_id,
                "relation": d.relation,
                "returning": d.relation == "return",
                "cross_platform": d.cross_platform,
                "kinds": d.kinds,
                "n_banned_linked": d.n_banned_linked,
                "evidence": text,
                "unusable": "; ".join(_unusable_text(u) for u in d.unusable),
                "notes": "; ".join(_unusable_text(u) for u in d.notes),
                "verdict_note": d.verdict_note,
            }
        )
    return pd.DataFrame(rows, columns=list(DECISION_COLUMNS))
