"""Hashed watchlists: the identifiers of banned stores, for partners to match against.

A watchlist row is one identifier of one banned store (or, on request, of another
member of an offender ring): its keyed hash, kind, ring, first and last seen, and the
store's closure. Identifier values and store ids never appear unless ``raw=True`` is
asked for; stores are named by keyed references (:func:`~sellergraph.intel.store_refs`).

Hashes are HMAC-SHA256 of the *normalised* value under a key the two partners agree
on (see :mod:`sellergraph.hashing`): an unkeyed hash of a phone number is reversed by
hashing every phone number, a keyed one is not. The key itself is never written; the
watchlist carries its :func:`key_fingerprint` so the receiver can check it holds the
same key.

Three formats carry the same rows and metadata:

* CSV: a first line ``# sellergraph-watchlist {json metadata}``, then the table
  (``pandas.read_csv(path, comment="#")`` reads it too);
* Parquet: the metadata in the schema under ``sellergraph.watchlist``;
* JSON: ``{"meta": {...}, "rows": [{...}, ...]}``.

Examples
--------
>>> import sellergraph as sg
>>> stores, links, _ = sg.make_marketplace(300, seed=3)
>>> analysis = sg.analyze(stores, links, seed=0)
>>> secret = b"a key both partners agreed on"
>>> wl = to_watchlist(analysis, secret=secret)
>>> wl.meta["hash_algorithm"], wl.meta["key_fingerprint"] == key_fingerprint(secret)
('HMAC-SHA256', True)
>>> list(wl.rows.columns[:4])
['value_hash', 'kind', 'flag', 'ring_id']
>>> back = read_watchlist(to_watchlist_csv(wl).encode(), fmt="csv")
>>> back.rows.equals(wl.rows), back.meta == wl.meta
(True, True)
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from .._countries import country_regions
from .._redact import redacted_texts
from .._version import keys_version_of
from .._wording import counted
from ..config import Config
from ..errors import InputError, why_not_a_file
from ..hashing import keyed_hash
from ..io.tables import decode_text, text_codec
from ..normalize import canonical_kind, normalize_values
from ..schema import given_platform, trimmed_text
from ._common import (
    HASH_ALGORITHM,
    HASH_INPUT,
    TimeLike,
    identifiers_of,
    iso_date,
    key_fingerprint,
    resolve_time,
    ring_refs,
    store_links,
    store_refs,
)

if TYPE_CHECKING:
    from ..analysis import Analysis

__all__ = [
    "WATCHLIST_COLUMNS",
    "WATCHLIST_FORMAT_VERSION",
    "Watchlist",
    "hash_identifiers",
    "read_watchlist",
    "to_watchlist",
    "to_watchlist_csv",
    "to_watchlist_json",
    "to_watchlist_parquet",
    "write_watchlist",
]

#: Version of the watchlist layout written here; readers refuse newer ones.
WATCHLIST_FORMAT_VERSION = 1
#: Columns of a watchlist, in order (``store_id`` and ``value`` follow when raw).
WATCHLIST_COLUMNS: tuple[str, ...] = (
    "value_hash",
    "kind",
    "flag",
    "ring_id",
    "store_ref",
    "status",
    "platform",
    "first_seen",
    "last_seen",
    "closed_at",
    "closure_reason",
    "n_stores",
)
_RAW_COLUMNS = ("store_id", "value")
_DATE_COLUMNS = ("first_seen", "last_seen", "closed_at")
_TEXT_COLUMNS = ("flag", "ring_id", "store_ref", "status", "platform", "closure_reason")
_CSV_MARK = "# sellergraph-watchlist "
_PARQUET_KEY = b"sellergraph.watchlist"
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
Members = Literal["banned", "ring"]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Watchlist:
    """A hashed watchlist: rows and the metadata that says how they were made.

    Attributes
    ----------
    rows : DataFrame
        One row per (store, identifier): :data:`WATCHLIST_COLUMNS`, plus
        ``store_id`` and ``value`` (the normalised key) when made with ``raw=True``.
        Dates are ``YYYY-MM-DD`` text; missing values are None.
    meta : mapping
        ``format``, ``format_version``, ``created``, ``hash_algorithm``,
        ``hash_input``, ``key_fingerprint``, ``keys_version`` (how the values hashed
        were read into keys: :func:`~sellergraph.intel.match_watchlist` warns of a
        watchlist of another), ``members``, ``raw``, ``platforms``, ``n_rows``,
        ``n_stores``, ``n_rings``, ``kinds`` (rows per kind) and ``hubs_left_out``
        (identifiers too widely shared to be evidence).
    """

    rows: pd.DataFrame
    meta: Mapping[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def __repr__(self) -> str:
        return f"<Watchlist: {self.summary()}, key {self.meta.get('key_fingerprint', 'unknown')}>"

    def summary(self) -> str:
        """How many identifiers of how many stores, and how many of those stores are in rings.

        Returns
        -------
        str
            For example ``"7,084 identifiers of 1,041 banned stores (836 in 324 rings,
            205 in none)"``; ``stores`` rather than ``banned stores`` when the watchlist
            holds other ring members too.
        """
        rows = self.rows
        n_stores = int(rows["store_ref"].nunique())
        ringed = int(rows.loc[rows["ring_id"].notna(), "store_ref"].nunique())
        rings = counted(int(rows["ring_id"].nunique()), "ring")
        if ringed == 0:
            where = "none in a ring"
        elif ringed == n_stores:
            where = f"all in {rings}"
        else:
            where = f"{ringed:,} in {rings}, {n_stores - ringed:,} in none"
        who = "banned store" if self.meta.get("members", "banned") == "banned" else "store"
        return f"{counted(len(rows), 'identifier')} of {counted(n_stores, who)} ({where})"


def hash_identifiers(
    kinds: Iterable[str],
    values: Iterable[object],
    secret: bytes,
    *,
    config: Config | None = None,
    countries: Iterable[object] | None = None,
) -> pd.DataFrame:
    """Normalise raw identifier values and hash them as a watchlist does.

    Parameters
    ----------
    kinds, values : iterables
        Identifier kinds (any spelling) and raw values, the same length.
    secret : bytes
        The shared key (:func:`sellergraph.hashing.read_secret`).
    config : Config, optional
        Normalisation rules (region, placeholders, e-mail rules).
    countries : iterable, optional
        Each value's country (ISO code or name; None for the config's
        ``normalize.default_region``), the same length: phone numbers written without
        a country code are read in it, as a stores table's ``country`` column does.

    Returns
    -------
    DataFrame
        ``kind, key, reason, value_hash``: the normalised key (None when rejected,
        with the reason) and its keyed hash.

    Examples
    --------
    >>> t = hash_identifiers(["phone", "Phone"], ["+86 138 0013 8000", "0086-138-0013-8000"],
    ...                      b"a key both partners agreed on")
    >>> t["key"].tolist(), t["value_hash"].nunique()
    (['+8613800138000', '+8613800138000'], 1)
    """
    kind = pd.Series([canonical_kind(k) for k in kinds], dtype=object)
    raw = pd.Series(list(values), dtype=object)
    if len(kind) != len(raw):
        raise InputError(f"{len(kind)} kinds but {len(raw)} values: give one kind per value")
    norm = (config or Config()).normalize
    regions = _value_regions(countries, len(raw))
    key = pd.Series([None] * len(raw), dtype=object)
    reason = pd.Series([None] * len(raw), dtype=object)
    for k in pd.unique(kind):
        of_kind = (kind == k).to_numpy()
        # phone numbers read in their value's region ("": the config's)
        region_of = regions if regions is not None and k == "phone" else None
        for region in [""] if region_of is None else sorted(set(region_of[of_kind].tolist())):
            rows = np.flatnonzero(of_kind if region_of is None else of_kind & (region_of == region))
            res = normalize_values(
                str(k),
                raw.iloc[rows].reset_index(drop=True),
                config=norm.in_region(region),
            )
            key.iloc[rows] = res["key"].to_numpy()
            reason.iloc[rows] = res["reason"].to_numpy()
    ok = key.notna().to_numpy()
    hashes = np.full(len(raw), None, dtype=object)
    hashes[ok] = keyed_hash(kind[ok], key[ok], secret)
    return pd.DataFrame({"kind": kind, "key": key, "reason": reason, "value_hash": hashes})


def _value_regions(countries: Iterable[object] | None, n: int) -> np.ndarray | None:
    """Each value's phone region ("" for the config's), or None without countries."""
    if countries is None:
        return None
    given = pd.Series(list(countries), dtype=object)
    if len(given) != n:
        raise InputError(f"{n} values but {len(given)} countries: give one country per value")
    regions, unknown = country_regions(given)
    if unknown.any():
        bad = np.flatnonzero(unknown)[:5].tolist()
        listed = ", ".join(f"countries[{i}] = {given.iloc[i]!r}" for i in bad)
        raise InputError(
            f"{int(unknown.sum())} countries name no country with a phone numbering plan "
            f"({listed}); give ISO 3166 codes or country names"
        )
    return np.where(pd.isna(regions), "", regions).astype(object)


def _object_frame(columns: Mapping[str, Iterable[Any]]) -> pd.DataFrame:
    """A frame of object columns: text stays text and missing values stay None."""
    return pd.DataFrame({k: pd.Series(list(v), dtype=object) for k, v in columns.items()})


def _member_codes(analysis: Analysis, members: Members) -> np.ndarray:
    status = analysis.stores["status"].to_numpy()
    keep = status == "banned"
    if members == "ring":
        rings = analysis.rings
        offender = set(rings.loc[rings["n_banned"] > 0, "ring_id"])
        ring_of = analysis.ring_of
        keep |= np.array([r in offender for r in ring_of], dtype=bool)
    elif members != "banned":
        raise InputError(f"'members' must be 'banned' or 'ring' (got {members!r})")
    return np.flatnonzero(keep)


def _shared_reasons(reasons: pd.Series, *, raw: bool) -> list[object]:
    """Closure reasons as shared: text, with the identifiers typed into them redacted
    unless ``raw`` (:func:`~sellergraph._redact.redact_identifiers`)."""
    texts: list[object] = [None if pd.isna(r) else str(r) for r in reasons]
    return texts if raw else redacted_texts(texts)


def to_watchlist(
    analysis: Analysis,
    *,
    secret: bytes,
    members: Members = "banned",
    raw: bool = False,
    created: TimeLike = None,
) -> Watchlist:
    """The hashed watchlist of an analysis's banned stores (and, optionally, their rings).

    Parameters
    ----------
    analysis : Analysis
    secret : bytes
        The key agreed with the partner (:func:`sellergraph.hashing.read_secret`).
    members : {"banned", "ring"}, default "banned"
        ``"banned"``: identifiers of banned stores. ``"ring"``: also those of every
        other member of a ring with a banned store (active siblings and returns not
        yet banned; their ``status`` says so).
    raw : bool, default False
        Add ``store_id`` and ``value`` (the normalised identifier): only for a
        recipient entitled to personal data.
    created : str or Timestamp, optional
        The time recorded in the metadata; defaults to the latest date in the data,
        so the same analysis and key give the same watchlist.

    Returns
    -------
    Watchlist
        Identifiers that are suppressed hubs in this analysis (a logistics park, a
        carrier IP) are left out and counted in ``meta["hubs_left_out"]``.
    """
    codes = _member_codes(analysis, members)
    stores = analysis.stores.iloc[codes]
    ring_of = pd.Series(analysis.ring_of[codes], index=stores["store_id"].to_numpy(), dtype=object)
    links, codes_held = store_links(analysis, codes)
    ident = identifiers_of(analysis, codes_held)
    held = pd.DataFrame(
        {
            "kind": ident["kind"].astype(str).to_numpy(),
            "key": ident["key"].to_numpy(),
            "n_stores": ident["n_stores"].to_numpy(dtype=np.int64),
            "suppressed": ident["suppressed"].to_numpy(dtype=bool),
        }
    )
    rows = links[["store_id", "kind", "key", "flag", "first_seen", "last_seen"]].assign(
        kind=links["kind"].astype(str).to_numpy()
    )
    rows = rows.merge(held, on=["kind", "key"], how="left", validate="many_to_one")
    suppressed = rows["suppressed"].fillna(False).to_numpy(dtype=bool)
    hubs_left_out = int(rows.loc[suppressed, ["kind", "key"]].drop_duplicates().shape[0])
    rows = rows[~suppressed]
    info = stores.set_index("store_id")
    sid = rows["store_id"].to_numpy()
    out = _object_frame(
        {
            "value_hash": keyed_hash(rows["kind"], rows["key"], secret),
            "kind": rows["kind"].to_numpy(dtype=object),
            "flag": [None if pd.isna(f) else str(f) for f in rows["flag"]],
            "ring_id": _ring_column(ring_of.reindex(sid), secret, raw=raw),
            "store_ref": store_refs(sid, secret),
            "status": info["status"].reindex(sid).to_numpy(dtype=object),
            # no platform column: none named (not the placeholder "default")
            "platform": [given_platform(p) for p in info["platform"].reindex(sid)],
            "first_seen": [iso_date(d) for d in rows["first_seen"]],
            "last_seen": [iso_date(d) for d in rows["last_seen"]],
            "closed_at": [iso_date(d) for d in info["closed_at"].reindex(sid)],
            "closure_reason": _shared_reasons(info["closure_reason"].reindex(sid), raw=raw),
        }
    )
    out["n_stores"] = rows["n_stores"].fillna(1).to_numpy(dtype=np.int64)
    if raw:
        out["store_id"] = pd.Series(list(sid), dtype=object)
        out["value"] = pd.Series(list(rows["key"]), dtype=object)
    out = out.sort_values(
        ["ring_id", "store_ref", "kind", "value_hash"], na_position="last", kind="stable"
    ).reset_index(drop=True)
    meta = {
        "format": "sellergraph-watchlist",
        "format_version": WATCHLIST_FORMAT_VERSION,
        "created": resolve_time(created, analysis).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "hash_algorithm": HASH_ALGORITHM,
        "hash_input": HASH_INPUT,
        "key_fingerprint": key_fingerprint(secret),
        # how values were read into the keys hashed: a partner of other keys misses some
        "keys_version": keys_version_of(analysis.provenance),
        "members": members,
        "raw": bool(raw),
        "platforms": sorted({str(p) for p in out["platform"].dropna()}),
        "n_rows": len(out),
        "n_stores": int(out["store_ref"].nunique()),
        "n_rings": int(out["ring_id"].nunique()),
        "kinds": {str(k): int(n) for k, n in out["kind"].value_counts().sort_index().items()},
        "hubs_left_out": hubs_left_out,
    }
    return Watchlist(rows=out, meta=meta)


# -- formats -----------------------------------------------------------------------


def _meta_json(meta: Mapping[str, Any]) -> str:
    return json.dumps(dict(meta), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def to_watchlist_csv(watchlist: Watchlist) -> str:
    """The watchlist as CSV text: a ``# sellergraph-watchlist {...}`` line, then the table."""
    body = watchlist.rows.to_csv(index=False, lineterminator="\n")
    return f"{_CSV_MARK}{_meta_json(watchlist.meta)}\n{body}"


def to_watchlist_json(watchlist: Watchlist) -> str:
    """The watchlist as JSON text: ``{"meta": {...}, "rows": [...]}``."""
    rows = [
        {c: (None if v is None or (isinstance(v, float) and np.isnan(v)) else v) for c, v in r}
        for r in (
            zip(watchlist.rows.columns, vals, strict=True)
            for vals in watchlist.rows.itertuples(index=False, name=None)
        )
    ]
    payload = {"meta": dict(watchlist.meta), "rows": rows}
    return json.dumps(payload, indent=1, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: object) -> object:
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    raise TypeError(f"cannot write {type(value).__name__} to JSON")


def to_watchlist_parquet(watchlist: Watchlist) -> bytes:
    """The watchlist as Parquet bytes, with its metadata in the schema."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(watchlist.rows, preserve_index=False)
    fields = [
        pa.field(f.name, pa.int64() if f.name == "n_stores" else pa.string()) for f in table.schema
    ]
    table = table.cast(pa.schema(fields)).replace_schema_metadata(
        {_PARQUET_KEY: _meta_json(watchlist.meta).encode()}
    )
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def _fmt_of(path: str | Path, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in ("csv", "parquet", "json"):
            raise InputError(f"watchlist format must be csv, parquet or json (got {fmt!r})")
        return fmt
    name = str(path).lower()
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if name.endswith(".json"):
        return "json"
    if name.endswith(".csv"):
        return "csv"
    raise InputError(
        f"cannot tell the watchlist format of {str(path)!r}: name it .csv, .parquet or .json"
    )


def write_watchlist(watchlist: Watchlist, path: str | Path, *, fmt: str | None = None) -> Path:
    """Write a watchlist as CSV, Parquet or JSON (by ``fmt`` or the file's suffix)."""
    p = Path(path)
    kind = _fmt_of(p, fmt)
    p.parent.mkdir(parents=True, exist_ok=True)
    if kind == "parquet":
        p.write_bytes(to_watchlist_parquet(watchlist))
    else:
        text = to_watchlist_csv(watchlist) if kind == "csv" else to_watchlist_json(watchlist)
        p.write_bytes(text.encode("utf-8"))
    return p


# -- reading and validation --------------------------------------------------------


def _decoded(data: bytes, where: str, encoding: str) -> str:
    return decode_text(
        data, encoding=encoding, what=f"watchlist {where}", option="--watchlist-encoding"
    )


#: A data row's line in its file (from 1), for a CSV watchlist; None for other formats.
LineOf = Callable[[int], int] | None


def _read_csv_bytes(
    data: bytes, where: str, encoding: str = "utf-8"
) -> tuple[pd.DataFrame, dict[str, Any], LineOf]:
    text = _decoded(data, where, encoding)
    meta: dict[str, Any] = {}
    lines = text.splitlines(keepends=True)
    start = 0
    while start < len(lines) and lines[start].startswith("#"):
        line = lines[start]
        if line.startswith(_CSV_MARK):
            meta = _parse_meta(line[len(_CSV_MARK) :], where)
        start += 1
    header = next((i for i in range(start, len(lines)) if lines[i].strip()), None)
    if header is None:
        raise InputError(f"watchlist {where} has no header row")
    repeats = _joined_parts(lines, header, meta, where)
    if repeats:
        log.warning(_repeats_notice(repeats, where))
    skip = {i for i, _ in repeats}
    kept = [i for i in range(start, len(lines)) if i not in skip]
    try:
        frame = pd.read_csv(
            io.StringIO("".join(lines[i] for i in kept)), dtype=str, keep_default_na=False
        )
    except pd.errors.ParserError as exc:
        # pandas counts the lines it was given: name the file's
        said = re.sub(
            r"line (\d+)",
            lambda m: f"line {kept[int(m[1]) - 1] + 1}" if int(m[1]) <= len(kept) else m[0],
            str(exc).strip(),
        )
        raise InputError(f"watchlist {where} is not a readable CSV table ({said})") from None
    starts: list[int] = []

    def line_of(row: int) -> int:
        if not starts:
            starts.extend(_row_lines(lines, kept))
        return starts[row] if row < len(starts) else row + 2

    return frame, meta, line_of


def _row_lines(lines: list[str], kept: list[int]) -> list[int]:
    """The file line (from 1) on which each data row that pandas read from the
    ``kept`` lines starts: blank lines, skipped repeats and quoted line breaks are
    counted as in the file.

    Examples
    --------
    >>> _row_lines(["h\\n", "a\\n", "\\n", '"b\\n', 'c"\\n', "h\\n", "d\\n"], [0, 1, 2, 3, 4, 6])
    [2, 4, 7]
    """
    reader = csv.reader(lines[i] for i in kept)
    starts, first = [], 0
    for record in reader:
        if record and not (len(record) == 1 and not record[0].strip()):
            starts.append(kept[first] + 1)
        first = reader.line_num
    return starts[1:]  # the first is the header


#: Metadata that says how a watchlist's hashes were made: two watchlists joined in one
#: file are read as one only when they agree on all of it.
_HASHED_BY = ("format_version", "hash_algorithm", "hash_input", "key_fingerprint")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _joined_parts(
    lines: list[str], header: int, meta: Mapping[str, Any], where: str
) -> list[tuple[int, str]]:
    """The lines after the header (at ``header``) that begin another watchlist of the
    same layout, as where two files were joined (``cat a.csv b.csv``): ``(index,
    "header")`` for a line that is the header again, ``(index, "metadata")`` for a
    metadata line whose hashes were made as the first's (:data:`_HASHED_BY`).

    A metadata line of hashes made otherwise, or a header of other columns, is an
    :class:`~sellergraph.errors.InputError` naming its line: the rows cannot be read
    as one watchlist. Values are compared after trimming (a joined file's byte-order
    mark starts its line); a row whose first character is a hex digit other than the
    header's is a row (most are), and not looked at further.
    """
    head = trimmed_text(lines[header])
    first = head[:1]
    columns = _header_cells(head)
    out: list[tuple[int, str]] = []
    for i in range(header + 1, len(lines)):
        c = lines[i][:1]
        if c in _HEX_DIGITS and c != first:
            continue
        line = trimmed_text(lines[i])
        if line == head:
            out.append((i, "header"))
        elif line.startswith(_CSV_MARK.strip()):
            other = _parse_meta(line[len(_CSV_MARK) :], f"{where} line {i + 1}")
            differ = [k for k in _HASHED_BY if other.get(k) != meta.get(k)]
            if differ:
                shown = ", ".join(
                    f"{k} {other.get(k)!r} (the first's {meta.get(k)!r})" for k in differ
                )
                raise InputError(
                    f"watchlist {where}: line {i + 1} starts another watchlist (files joined?) "
                    f"whose hashes were made otherwise: {shown}; read each watchlist on its own"
                )
            out.append((i, "metadata"))
        elif _header_cells(line) != columns and "value_hash" in _header_cells(line):
            raise InputError(
                f"watchlist {where}: line {i + 1} is a header with other columns than line "
                f"{header + 1}'s (files joined?): {line!r}; read each watchlist on its own"
            )
    return out


def _header_cells(line: str) -> list[str]:
    """A header line's column names, as :func:`_validate` spells them."""
    return [c.strip().strip('"').strip().lower() for c in line.split(",")]


def _repeats_notice(repeats: list[tuple[int, str]], where: str) -> str:
    """What :func:`_read_csv_bytes` says of the lines it skipped.

    Examples
    --------
    >>> print(_repeats_notice([(15, "metadata"), (16, "header"), (30, "header")], "'both.csv'"))
    watchlist 'both.csv': lines 17, 31 repeat its header and line 16 its metadata line, as where
    files are joined (cat a.csv b.csv): skipped; the rows are read as one watchlist, with the first
    metadata line's metadata
    """
    said: list[str] = []
    for what, repeated in (("header", "its header"), ("metadata", "its metadata line")):
        at = [i + 1 for i, w in repeats if w == what]
        if at:
            shown = ", ".join(map(str, at[:10])) + (", ..." if len(at) > 10 else "")
            verb = "" if said else (" repeats" if len(at) == 1 else " repeat")
            said.append(f"{'line' if len(at) == 1 else 'lines'} {shown}{verb} {repeated}")
    metadata = any(w == "metadata" for _, w in repeats)
    return (
        f"watchlist {where}: {' and '.join(said)}, as where files are joined (cat a.csv b.csv): "
        "skipped; the rows are read as one watchlist"
        + (", with the first metadata line's metadata" if metadata else "")
    )


def _parse_meta(text: str, where: str) -> dict[str, Any]:
    try:
        meta = json.loads(text)
    except ValueError as exc:
        raise InputError(f"watchlist {where}: its metadata is not valid JSON ({exc})") from None
    if not isinstance(meta, dict):
        raise InputError(f"watchlist {where}: its metadata must be a JSON object")
    return meta


def _read_json_bytes(
    data: bytes, where: str, encoding: str = "utf-8"
) -> tuple[pd.DataFrame, dict[str, Any], LineOf]:
    text = _decoded(data, where, encoding)
    try:
        payload = json.loads(text)
    except ValueError as exc:
        raise InputError(f"watchlist {where} is not valid JSON ({exc})") from None
    meta: Any = {}
    if isinstance(payload, list):
        rows = payload
    elif isinstance(payload, dict) and isinstance(payload.get("rows"), list):
        rows, meta = payload["rows"], payload.get("meta") or {}
    else:
        raise InputError(
            f'watchlist {where}: expected {{"meta": {{...}}, "rows": [...]}} or a list of rows'
        )
    if not all(isinstance(r, dict) for r in rows):
        raise InputError(f"watchlist {where}: every row must be a JSON object")
    if not isinstance(meta, dict):
        raise InputError(f"watchlist {where}: 'meta' must be a JSON object")
    # An empty watchlist has no row to take the columns from.
    frame = pd.DataFrame(rows) if rows else pd.DataFrame(columns=list(WATCHLIST_COLUMNS))
    return frame, meta, None


def _read_parquet_bytes(
    data: bytes, where: str, encoding: str = "utf-8"
) -> tuple[pd.DataFrame, dict[str, Any], LineOf]:
    del encoding  # Parquet holds UTF-8 text: it has no encoding to name
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"watchlist {where} is not a readable Parquet file ({exc})") from None
    raw_meta = (table.schema.metadata or {}).get(_PARQUET_KEY)
    meta = _parse_meta(raw_meta.decode(), where) if raw_meta else {}
    return table.to_pandas(), meta, None


def _text(value: object) -> str | None:
    """A watchlist cell as text, without whitespace or invisible characters
    (:func:`~sellergraph.schema.trimmed_text`) at its ends: a byte-order mark
    that starts a line (two files joined with ``cat``) or a zero-width space copied
    along with a hash is not part of the value. None when nothing is left.

    Examples
    --------
    >>> _text("\\ufeff ab12\\u200b "), _text(" \\u2060"), _text(float("nan"))
    ('ab12', None, None)
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return trimmed_text(str(value)) or None


def _validate(
    frame: pd.DataFrame, meta: Mapping[str, Any], where: str, line_of: LineOf = None
) -> Watchlist:
    frame = frame.rename(columns=lambda c: str(c).strip().lower())
    missing = [c for c in ("value_hash", "kind") if c not in frame.columns]
    if missing:
        # name the columns found only when they look like column names: a file given by
        # mistake (a key file, say) must not have its first line echoed
        found = [str(c) for c in frame.columns]
        shown = (
            ", ".join(found)
            if found and all(len(c) <= 40 and c.replace("_", "").isalnum() for c in found)
            else f"{len(found)} column(s) that are not watchlist columns"
        )
        lacking = ", ".join(missing)
        raise InputError(f"watchlist {where} lacks column(s) {lacking} (it has: {shown})")
    version = meta.get("format_version", WATCHLIST_FORMAT_VERSION)
    if not isinstance(version, int) or version > WATCHLIST_FORMAT_VERSION:
        raise InputError(
            f"watchlist {where} has format_version {version!r}; this sellergraph reads up to "
            f"{WATCHLIST_FORMAT_VERSION} (upgrade sellergraph)"
        )
    failures: list[dict[str, object]] = []

    def fail(row: int, column: str, value: object, reason: str, message: str) -> None:
        failures.append(
            {
                "table": "watchlist",
                "row": row,
                "column": column,
                "value": value,
                "reason": reason,
                "message": message if line_of is None else f"{message} (line {line_of(row)})",
            }
        )

    n = len(frame)
    out: dict[str, list[Any]] = {}
    hashes: list[Any] = []
    for i, v in enumerate(frame["value_hash"]):
        h = _text(v)
        h = h.lower() if h else h
        if h is None or not _HEX64.match(h):
            fail(i, "value_hash", v, "bad_hash", "not a 64-character hex HMAC-SHA256")
        hashes.append(h)
    out["value_hash"] = hashes
    kinds: list[Any] = []
    for i, v in enumerate(frame["kind"]):
        k = _text(v)
        if k is None:
            fail(i, "kind", v, "empty", "an identifier kind is required")
        kinds.append(canonical_kind(k) if k else None)
    out["kind"] = kinds
    for col in _TEXT_COLUMNS:
        out[col] = [_text(v) for v in frame[col]] if col in frame.columns else [None] * n
    for col in _DATE_COLUMNS:
        values: list[Any] = []
        for i, v in enumerate(frame[col] if col in frame.columns else [None] * n):
            t = _text(v)
            if t is None:
                values.append(None)
                continue
            try:
                values.append(iso_date(pd.Timestamp(t)))
            except (ValueError, TypeError):
                fail(i, col, v, "bad_date", "not a date (YYYY-MM-DD)")
                values.append(None)
        out[col] = values
    counts: list[int] = []
    for i, v in enumerate(frame["n_stores"] if "n_stores" in frame.columns else [None] * n):
        t = _text(v)
        if t is None:
            counts.append(1)
            continue
        try:
            c = int(float(t))
        except ValueError:
            c = 0
        if c < 1:
            fail(i, "n_stores", v, "bad_count", "not a positive whole number")
        counts.append(max(c, 1))
    out["n_stores"] = counts
    if failures:
        table = pd.DataFrame(failures)
        raise InputError(
            f"watchlist {where} breaks the watchlist format ({len(table)} problem(s))", table
        )
    counts_col = out.pop("n_stores")
    rows = _object_frame({c: out[c] for c in WATCHLIST_COLUMNS if c != "n_stores"})
    rows["n_stores"] = np.asarray(counts_col, dtype=np.int64)
    for col in _RAW_COLUMNS:
        if col in frame.columns:
            rows[col] = pd.Series([_text(v) for v in frame[col]], dtype=object)
    return Watchlist(rows=rows, meta=dict(meta))


def read_watchlist(
    source: Watchlist | pd.DataFrame | str | Path | bytes,
    *,
    fmt: str | None = None,
    encoding: str = "utf-8",
) -> Watchlist:
    """Read and validate a watchlist (ours or a partner's) from CSV, Parquet or JSON.

    Parameters
    ----------
    source : Watchlist, DataFrame, path or bytes
        A path's format comes from its suffix (``.csv``, ``.parquet``, ``.json``);
        bytes need ``fmt``. A DataFrame is validated as rows without metadata.
    fmt : {"csv", "parquet", "json"}, optional
    encoding : str, default "utf-8"
        The text encoding of a CSV or JSON watchlist, e.g. ``"cp1252"`` or
        ``"latin-1"`` for one a partner saved from Excel on Windows (any of Python's
        names of a text encoding). UTF-16 and UTF-32 are told by their byte-order
        mark whatever is named, and a UTF-8 byte-order mark is dropped, as
        :func:`~sellergraph.io.tables.read_table` reads tables. Parquet ignores it.

    Returns
    -------
    Watchlist
        Rows with :data:`WATCHLIST_COLUMNS` (missing optional columns are None;
        hashes lower-cased, kinds in canonical spelling, dates as ``YYYY-MM-DD``).

    Notes
    -----
    Two CSV watchlists joined into one file (``cat a.csv b.csv > both.csv``) hold a
    second metadata line and header in the middle. A line that is the header again
    (after trimming spaces and a byte-order mark) is skipped, and so is a metadata
    line whose hashes were made as the first's (key fingerprint, algorithm, input and
    format version); the rows are read as one watchlist with the first metadata, and
    the skipped lines are named in a warning (the ``sellergraph`` logger; one
    ``sellergraph: warning:`` line on the command line). The ``row`` of a problem
    counts the rows read from 0, skipped lines left out; in a CSV watchlist its
    message ends with the file's line, as ``(line 35)``.

    Raises
    ------
    InputError
        Missing ``value_hash`` or ``kind`` columns, malformed hashes, dates or counts
        (every problem listed, with row, column and value), a newer format version;
        a CSV watchlist joined from two whose hashes were made with another key (or
        algorithm, input or format version), or whose columns differ, naming the line
        where the second starts; a CSV row with too many fields, naming its line;
        ``encoding`` is no text encoding; bytes that are not text in the encoding
        read (the file, line and bytes named, and ``encoding="cp1252"`` suggested
        when UTF-8 was read).

    Examples
    --------
    >>> text = "value_hash,kind,closure_reason\\n" + "ab" * 32 + ",phone,contrefaçon\\n"
    >>> read_watchlist(text.encode("cp1252"), fmt="csv", encoding="cp1252").rows.loc[
    ...     0, "closure_reason"
    ... ]
    'contrefaçon'
    """
    if isinstance(source, Watchlist):
        return _validate(source.rows, source.meta, "(in memory)")
    if isinstance(source, pd.DataFrame):
        return _validate(source, {}, "(DataFrame)")
    text_codec(encoding)  # a name that is no encoding is refused, whatever the format
    if isinstance(source, bytes | bytearray):
        if fmt is None:
            raise InputError("give the format ('csv', 'parquet' or 'json') of watchlist bytes")
        data, where = bytes(source), "(bytes)"
        kind = _fmt_of("", fmt)
    else:
        path = Path(source)
        kind = _fmt_of(path, fmt)
        where = repr(str(path))
        why = why_not_a_file(path)
        if why:
            raise InputError(f"watchlist file {where} {why}")
        data = path.read_bytes()
    reader = {"csv": _read_csv_bytes, "json": _read_json_bytes, "parquet": _read_parquet_bytes}
    frame, meta, line_of = reader[kind](data, where, encoding)
    return _validate(frame, meta, where, line_of)


def _ring_column(ring_ids: pd.Series, secret: bytes, *, raw: bool) -> list[str | None]:
    """Ring ids as shared: keyed references unless raw values were asked for."""
    ids = [r if isinstance(r, str) and r else None for r in ring_ids]
    return ids if raw else ring_refs(ids, secret)
