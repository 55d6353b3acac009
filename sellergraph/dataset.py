"""The front door for data: read, validate and normalise into a :class:`Dataset`.

``sg.load(stores, links)`` runs the first three pipeline steps (read -> validate ->
normalise) and returns clean, normalised evidence together with every row it could
not use and why.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import json
import logging
import re
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import factorize_text, group_offsets, group_starts
from ._countries import country_regions
from ._memory import hand_back_freed_memory, release_free_memory
from ._parallel import can_fork, forked_map
from ._wording import counted as counted_word
from .address_columns import (
    ADDRESS_KIND,
    AddressColumns,
    address_groups,
    address_links,
    part_columns,
)
from .config import Config, camel_words, canonical_kind, resolve_kind
from .errors import InputError
from .io.tables import TableSource, first_nested, read_table, text_codec
from .known_shared import set_aside_known_shared
from .normalize import (
    _ACCOUNT_LABEL,
    _DEVICE_LABELS,
    _EMAIL_LABEL,
    _ID_LABEL,
    _PAYMENT_LABELS,
    _PIX_LABELS,
    FLAG_CODES,
    LIST_SEPARATOR,
    PHONE_LABELS,
    PHONE_LIST_SEPARATOR,
    REASON_CODES,
    DistinctCodes,
    _glued_phone_numbers,
    _listed_device_ids,
    normalize_distinct_codes,
    reason_text,
    wallet_kind_label,
    wallet_values,
)
from .notices import (
    _kind_guess,
    closed_at_column_notice,
    duplicate_stores_notice,
    future_dates_notice,
    no_active_notice,
    no_banned_notice,
    no_street_line_notice,
    one_day_notice,
    phone_region_notice,
    store_id_case_notice,
    two_digit_year_notices,
    unknown_kind_notice,
    unknown_store_notice,
    unreadable_dates_notices,
    unreadable_values_notice,
)
from .schema import (
    LINK_COLUMNS,
    OPTIONAL_STORE_COLUMNS,
    ROW_MARK,
    ROW_REASONS,
    STORE_COLUMN_ALIASES,
    STORE_COLUMNS,
    WHOLE_ROW_REASONS,
    _differing,
    _null_word,
    _repeated_rows,
    contract_name,
    empty_rejected,
    headers_as_given,
    is_kind_column,
    make_rejected,
    melt_wide_links,
    parse_dates,
    proven_date_order,
    rename_columns,
    require_link_columns,
    store_id_text,
    table_columns,
    validate_links,
    validate_stores,
    wide_kind,
)

__all__ = ["Dataset", "load", "reading_stored_keys"]

log = logging.getLogger(__name__)

#: Columns of :attr:`Dataset.links`.
NORMALISED_LINK_COLUMNS = (
    "store_id",
    "kind",
    "key",
    "flag",
    "first_seen",
    "last_seen",
    "n_obs",
    "row",
)


@dataclass(frozen=True)
class LinkCodes:
    """The links as integer codes, for the array engines downstream.

    One entry per distinct (store, identifier): ``store`` is the link's row in the
    stores table, ``ident`` its row in ``identifiers`` (``kind, key, flag``: one row
    per distinct normalised value of a kind; ``kind`` and ``flag`` are categorical,
    ``key`` Arrow text); ``first_seen``, ``last_seen``,
    ``n_obs`` and ``row`` (first input row) describe its observations.
    """

    store: np.ndarray
    ident: np.ndarray
    identifiers: pd.DataFrame
    first_seen: np.ndarray
    last_seen: np.ndarray
    n_obs: np.ndarray
    row: np.ndarray


@dataclass(frozen=True)
class Dataset:
    """Validated, normalised input: what every later step reads.

    Attributes
    ----------
    stores : DataFrame
        ``store_id, platform, status, opened_at, closed_at, closure_reason, name``.
    links : DataFrame
        One row per distinct (store, kind, normalised key): ``store_id, kind, key,
        flag, first_seen, last_seen, n_obs, row`` (``row`` is the first input row),
        ordered by store. Built on first access from :attr:`codes`.
    rejected : DataFrame
        ``table, row, store_id, column, value, reason, message, dropped``. ``dropped``
        rows were set aside; the others had one value cleared or noted. A stores row
        set aside whole (``empty_row``, ``header_row``) is no store and no link.
    counts : dict
        Input and output row counts and rejected rows by reason;
        ``links_accepted + links_rejected == links_in`` always holds (``links_in``
        counts link values: a cell listing several, ``several_values``, counts each).
        ``kinds_read_as`` names the links' kind names read as a built-in kind
        (``{"mobile": "phone"}``), and ``columns_read_as`` (present when one is) the
        stores columns read as a contract column under another name of it
        (``{"Ban Reason": "closure_reason"}``); ``date_order`` is the day/month order a stores
        date that reads either way (``05/03/2024``) takes: the config's
        ``dates.order`` when declared, else the order the stores' dates prove, else
        the links', else ``month_first``.
    config : Config
        The configuration used.
    codes : LinkCodes
        The same links as integer codes.
    timings : dict
        Seconds each step of :func:`load` took: ``read`` (the stores read and
        checked, the links read meanwhile), ``check_links``, ``normalise`` and
        ``merge`` (duplicates merged, rejected rows and notices gathered).
    """

    stores: pd.DataFrame
    codes: LinkCodes = field(repr=False)
    rejected: pd.DataFrame
    counts: Mapping[str, Any]
    config: Config = field(default_factory=Config)
    timings: Mapping[str, float] = field(default_factory=dict, repr=False, compare=False)

    @cached_property
    def links(self) -> pd.DataFrame:
        """The normalised links with store ids and values (see the class notes)."""
        c = self.codes
        ids = c.identifiers
        return pd.DataFrame(
            {
                "store_id": self.stores["store_id"].take(c.store).to_numpy(),
                "kind": ids["kind"].take(c.ident).to_numpy(),
                "key": ids["key"].take(c.ident).to_numpy(),
                "flag": ids["flag"].take(c.ident).to_numpy(),
                "first_seen": c.first_seen,
                "last_seen": c.last_seen,
                "n_obs": c.n_obs,
                "row": c.row,
            }
        )[list(NORMALISED_LINK_COLUMNS)]

    def __repr__(self) -> str:
        c = self.counts
        return (
            f"<Dataset: {c['stores']:,} stores ({c['banned']:,} banned), "
            f"{c['links_accepted']:,} links accepted, {c['links_rejected']:,} rejected>"
        )


_EMPTY = REASON_CODES.index("empty")
_TOO_LONG = REASON_CODES.index("too_long")
_JSON_OBJECT = REASON_CODES.index("json_object")
#: Above this many links, kinds are normalised one at a time (see _normalise_links).
_TWO_KINDS_MAX = 16_000_000
#: From this many links, kinds are normalised in forked processes (below, threads:
#: a fork and the results' trip back cost more than they save).
_FORK_MIN_LINKS = 200_000
#: Above this many links a command's process hands freed memory back to the system
#: at once again (:func:`sellergraph._memory.hand_back_freed_memory`): its peak
#: matters more than the page faults saved.
_KEEP_FREED_MAX_LINKS = 16_000_000
#: A row's normalising cost against other kinds' (measured at 1M stores): an
#: address, read word by word, takes about three times as long.
_ROW_COST = {"address": 3.0}


@dataclass(frozen=True)
class _KindKeys:
    """One kind's links normalised: which rows are accepted, their key codes, the keys."""

    ok: np.ndarray  # per row
    reasons: np.ndarray  # per rejected row: its code in REASON_CODES
    ident: np.ndarray  # per accepted row: key code, numbered from 0 within the kind
    keys: Any  # per key code (Arrow strings)
    flags: np.ndarray  # per key code: the flag code (FLAG_CODES) of its first row


def _per_row(per_distinct: np.ndarray, codes: np.ndarray, *, missing: Any) -> np.ndarray:
    """Each row's entry of its distinct value (``missing`` where the value is missing)."""
    if not len(per_distinct):  # every value missing
        return np.full(len(codes), missing, dtype=per_distinct.dtype)
    return np.where(codes >= 0, per_distinct[np.maximum(codes, 0)], missing)


#: Set while a run folder's links are read back (:func:`reading_stored_keys`): their
#: values are keys a run made. A process-wide flag rather than a context variable: the
#: load normalises in worker threads and forked processes, which inherit it.
_STORED_KEYS = {"depth": 0}


@contextlib.contextmanager
def reading_stored_keys() -> Iterator[None]:
    """Within it, :func:`load` keeps a link value that does not normalise to itself
    (a key a run stored, read again: one that a rule reads otherwise, or sets aside,
    keeps the form the run gave it, with the flag it gets as a value; without this,
    one such key made a run folder unreadable)."""
    _STORED_KEYS["depth"] += 1
    try:
        yield
    finally:
        _STORED_KEYS["depth"] -= 1


def _kept_as_stored(kind: str, values: pd.Series, d: DistinctCodes) -> DistinctCodes:
    """``d`` with each distinct value that is not its own key keyed as written."""
    n = len(d.key)
    rows = np.flatnonzero(d.codes >= 0)
    if not n or not len(rows):
        return d
    first_row = np.empty(n, dtype=np.int64)
    first_row[d.codes[rows][::-1]] = rows[::-1]  # the last write is each one's first row
    raw = pa.array(values.iloc[first_row], from_pandas=True)
    if isinstance(raw, pa.ChunkedArray):  # a column read as Arrow text
        raw = raw.combine_chunks()
    if pa.types.is_dictionary(raw.type):
        raw = raw.dictionary_decode()
    raw = raw.cast(pa.large_string())
    same = np.asarray(pc.fill_null(pc.equal(d.key.cast(pa.large_string()), raw), False))
    other = ~same & ~np.asarray(raw.is_null())
    if not other.any():
        return d
    log.info("%d stored %s keys read otherwise as values: kept as stored", other.sum(), kind)
    return DistinctCodes(
        codes=d.codes,
        key=pc.if_else(pa.array(other), raw, d.key.cast(pa.large_string())),
        reason=np.where(other, 0, d.reason).astype(d.reason.dtype),
        flag=np.where(other & (d.reason != 0), 0, d.flag).astype(d.flag.dtype),
    )


def _distinct_by_region(
    kind: str, values: pd.Series, regions: np.ndarray | None, config: Config
) -> DistinctCodes:
    """Each distinct value normalised once per phone region its rows are read in
    (as stored keys within :func:`reading_stored_keys`).

    ``regions`` holds each row's region (None: the config's ``default_region``). The
    distinct values are numbered by first appearance, as one call numbers them.
    """
    d = _distinct_by_region_once(kind, values, regions, config)
    return _kept_as_stored(kind, values, d) if _STORED_KEYS["depth"] else d


def _distinct_by_region_once(
    kind: str, values: pd.Series, regions: np.ndarray | None, config: Config
) -> DistinctCodes:
    norm = config.normalize
    if regions is None:
        return normalize_distinct_codes(kind, values, config=norm)
    region_code, region_names = pd.factorize(
        pd.Series(regions, dtype=object).fillna(norm.default_region.upper()), sort=True
    )
    if len(region_names) <= 1:
        region = str(region_names[0]) if len(region_names) else None
        return normalize_distinct_codes(kind, values, config=norm.in_region(region))
    codes = np.full(len(values), -1, dtype=np.int64)
    parts: list[DistinctCodes] = []
    offset = 0
    for g, region in enumerate(region_names.tolist()):
        rows = np.flatnonzero(region_code == g)
        d = normalize_distinct_codes(
            kind,
            values.iloc[rows].reset_index(drop=True),
            config=norm.in_region(str(region)),
        )
        codes[rows] = np.where(d.codes >= 0, d.codes.astype(np.int64) + offset, -1)
        parts.append(d)
        offset += len(d.key)
    seen = codes >= 0
    numbers, first = np.unique(codes[seen], return_index=True)
    order = numbers[np.argsort(first, kind="stable")]
    renumber = np.empty(offset, dtype=np.int64)
    renumber[order] = np.arange(len(order))
    key = pa.concat_arrays([p.key.cast(pa.large_string()) for p in parts])
    return DistinctCodes(
        codes=np.where(seen, renumber[np.maximum(codes, 0)], -1),
        key=key.take(pa.array(order)),
        reason=np.concatenate([p.reason for p in parts])[order],
        flag=np.concatenate([p.flag for p in parts])[order],
    )


#: Kinds a cell may list several values of: no value of them holds a list separator.
_LISTABLE_KINDS = frozenset({"phone", "email", "ip", "device", "payment_account", "id_document"})
#: E-mail addresses hold no space either.
_EMAIL_SEPARATOR = re.compile(r"[\s;|,\uff1b\uff0c\u3001]+")
#: A cell that may list values: it holds a list separator, or a ``/`` (two device ids:
#: ``352099001761481/352099001761499``), or it is a JSON array or object. The characters
#: themselves, not ``\u`` escapes: Arrow's regex engine reads no ``\u``.
_MAYBE_LISTED = "[\\s;|,/\uff0f\uff1b\uff0c\u3001]|^[\\[{]"
#: Keys of a JSON object that are labels the kind's normaliser reads in front of a value
#: (``idfa: 1F91…``, ``IBAN: DE89…``, ``CPF: 870…``): the value is read after its label,
#: as if so written (a wallet's id after the wallet's name needs no digit).
_JSON_LABEL_KEYS: dict[str, re.Pattern[str]] = {
    "device": re.compile(_DEVICE_LABELS, re.IGNORECASE),
    "payment_account": re.compile(
        f"{_PAYMENT_LABELS}|{_PIX_LABELS}|{_ACCOUNT_LABEL}", re.IGNORECASE
    ),
    "id_document": re.compile(_ID_LABEL, re.IGNORECASE),
}
#: Other keys of a JSON object that name a value of the kind, besides the kind's names
#: (:func:`~sellergraph.config.resolve_kind`): the words that say what a phone number is
#: (``mobile``, ``home``, ``work``), and short names of device ids (``fp`` is a label).
_JSON_NAME_KEYS: dict[str, frozenset[str]] = {
    "phone": frozenset(canonical_kind(word) for word in PHONE_LABELS),
    "device": frozenset({"advertising_id", "ad_id"}),
}


def _names_kind(name: str, kind: str) -> bool:
    """Whether a JSON key (its :func:`canonical_kind` spelling) names a value of ``kind``:
    the kind or another name of it (``mobile``, ``phone_2``), also in the plural, or one
    of :data:`_JSON_NAME_KEYS`."""
    return any(
        resolve_kind(word, {kind}) == kind or word in _JSON_NAME_KEYS.get(kind, ())
        for word in {name, name.removesuffix("s")}
        if word
    )


def _json_key_value(kind: str, key: object, value: str) -> str | None:
    """A JSON object's ``value`` under ``key`` as a value of ``kind``, or None when the
    key names none (``os``, ``model``, ``app_version``).

    The key names one when it is a label the kind's normaliser reads (the value is read
    after it, :data:`_JSON_LABEL_KEYS`), or when it, or its last word
    (``browser_fingerprint``, ``last_login_ip``), names the kind (:func:`_names_kind`).

    Examples
    --------
    >>> _json_key_value("device", "IDFA", "1F91"), _json_key_value("device", "fp", "9a0c")
    ('idfa: 1F91', 'fp: 9a0c')
    >>> _json_key_value("ip", "last_login_ip", "81.2.69.160"), _json_key_value("device", "os", "17")
    ('81.2.69.160', None)
    """
    name = canonical_kind(key)
    labels = _JSON_LABEL_KEYS.get(kind)
    if labels is not None and labels.fullmatch(name.replace("_", " ")):
        return f"{name.replace('_', ' ')}: {value}"
    if _names_kind(name, kind) or _names_kind(name.rpartition("_")[2], kind):
        return value
    return None


def _json_values(kind: str, node: object, key: object = None) -> list[str]:
    """The values of ``kind`` a parsed JSON cell holds: an array's items, an object's
    values under keys that name one (:func:`_json_key_value`); ``key`` is the key
    ``node`` is under (None at the top and in an array at the top). Numbers count as the
    text they are written as; ``true``, ``false`` and ``null`` are no value."""
    if isinstance(node, dict):
        return [v for k, item in node.items() for v in _json_values(kind, item, k)]
    if isinstance(node, list):
        return [v for item in node for v in _json_values(kind, item, key)]
    if not isinstance(node, str) or not node.strip():
        return []
    if key is None:
        return [node]
    found = _json_key_value(kind, key, node)
    return [] if found is None else [found]


def _json_cell(kind: str, text: str) -> list[str] | None:
    """The values of ``kind`` in a cell that is a JSON array or object, or None when
    the cell is no JSON array or object (``[redacted]``)."""
    try:
        node = json.loads(text, parse_int=str, parse_float=str)
        if not isinstance(node, list | dict):
            return None
        return _json_values(kind, node)
    except (ValueError, RecursionError):
        return None


#: Labels of what, beside an account number, says which account it is but is no
#: account on its own, being shared by many: a bank's or branch's code (India's IFSC
#: and MICR, a sort code, a US routing or ABA number, Canada's transit, Australia's BSB,
#: SWIFT/BIC, Germany's BLZ; Brazil's agência, Chinese 开户行 and 支行, Indonesian
#: cabang, Vietnamese chi nhánh, Thai สาขา), a biller's number the account is paid
#: through (Kenya's M-Pesa paybill), or the holder's name. A cell listing such a part
#: with others is one account written in parts (:func:`_one_account`).
_ACCOUNT_DETAIL_LABELS = (
    r"ifsc|micr|sort\s*code|routing|aba|transit|bsb|swift|bic|blz|bankleitzahl"
    r"|bank\s*code|branch|ag[eê]ncia|agencia|agence|filiale|sucursal|cabang"
    r"|chi\s*nh[aá]nh|สาขา|支行|开户行|开户银行|ag(?=\.?\s*[0-9])"
    r"|pay\s*bill|business\s*(?:no|number)"
    r"|(?:account|acct|acc|a/c)\.?\s*(?:name|holder)|name|holder|beneficiary|payee"
    r"|titular|titulaire|nome|nombre|nama|inhaber|kontoinhaber|intestatario"
    r"|ch[uủ]\s*(?:t[aà]i\s*kho[aả]n|tk)|户名|开户名|收款人|ชื่อบัญชี"
)
#: What may follow a label: a separator, a digit, or the part's end.
_AFTER_LABEL = r"(?=[\s:\uff1a=#.\-\u2013\u2014(]|[0-9]|$)"
_ACCOUNT_DETAIL = re.compile(rf"\(?(?:{_ACCOUNT_DETAIL_LABELS}){_AFTER_LABEL}", re.IGNORECASE)
#: A bank named after its label (``Bank: HDFC``, ``Banco: 341``, ``ธนาคารกสิกรไทย``,
#: ``招商银行``): a detail of an account when what follows holds at most
#: :data:`_BANK_CODE_DIGITS` digits (a name, or a bank's code); with more it is an
#: account written after the word bank (``Bank 0149284756``).
_BANK_LABEL = re.compile(
    rf"(?:(?:bank(?:\s*name)?|name\s+of\s+bank|banco|banca|ng[aâ]n\s*h[aà]ng){_AFTER_LABEL}"
    r"|ธนาคาร|[\u4e00-\u9fff]*银行(?!卡))",
    re.IGNORECASE,
)
_BANK_CODE_DIGITS = 4
#: An Indian bank branch's IFSC code written alone (``SBIN0001234``).
_IFSC_CODE = re.compile(r"[A-Za-z]{4}0[A-Za-z0-9]{6}")


def _account_detail(part: str) -> bool:
    """Whether a part of a payment account cell is a detail of an account, no account
    on its own (:data:`_ACCOUNT_DETAIL_LABELS`, :data:`_BANK_LABEL`, an IFSC code).

    Examples
    --------
    >>> [_account_detail(p) for p in ("IFSC: SBIN0001234", "Paybill 522522", "Name: Ravi")]
    [True, True, True]
    >>> [_account_detail(p) for p in ("Bank: HDFC", "Banco 341", "Bank 0149284756")]
    [True, True, False]
    >>> [_account_detail(p) for p in ("SBIN0001234", "A/C 30418275196", "Agnes", "0812345678")]
    [True, False, False, False]
    """
    text = part.strip()
    if _ACCOUNT_DETAIL.match(text) or _IFSC_CODE.fullmatch(text):
        return True
    bank = _BANK_LABEL.match(text)
    return bank is not None and sum(c.isdigit() for c in text[bank.end() :]) <= _BANK_CODE_DIGITS


def _one_account(kind: str, parts: list[str]) -> bool:
    """Whether the parts of a payment account cell are one account written in parts:
    one of them is a detail of an account (:func:`_account_detail`: a branch's code, a
    biller's number, a bank's name or code, the holder's name), which would link every
    customer of the branch, biller or bank if read as an account of its own.

    Examples
    --------
    >>> _one_account("payment_account", ["IFSC: SBIN0001234", "A/C: 30418275196"])
    True
    >>> _one_account("payment_account", ["DE89370400440532013000", "GB82WEST12345698765432"])
    False
    >>> _one_account("phone", ["Name: Ravi", "0812345678"])
    False
    """
    return kind == "payment_account" and any(_account_detail(p) for p in parts)


def list_parts(kind: str, value: object) -> list[str]:
    """The values a cell of ``kind`` holds, when it is not one value (else none).

    A cell that is a JSON array holds its items; one that is a JSON object, its values
    under keys that name a value of the kind (``idfa``, ``android_id``, ``fp``,
    ``mobile``, ``iban``: :func:`_json_key_value`; other keys, ``os``, ``model``, hold no
    identifier), and none when no key names one (the cell is then one value, refused as
    such). Either may hold one value. Any other cell lists two or more values between
    list separators, or none.

    A payment account cell whose parts are one account written in parts
    (:func:`_one_account`: ``IFSC: SBIN0001234, A/C: 30418275196``, ``Paybill: 522522,
    Acc No: 1048377``, ``Bank: HDFC, A/C: 5012345678901``) lists no values: it is one
    value, read whole by the payment account normaliser; were its parts read, the
    branch's code or the biller's number alone would link strangers.

    Examples
    --------
    >>> list_parts("phone", "0812345678; 089-765-4321 ;")
    ['0812345678', '089-765-4321']
    >>> list_parts("phone", "081-234-5678 / 089-765-4321")
    ['081-234-5678', '089-765-4321']
    >>> list_parts("phone", "TEL 03-3871-2964 FAX 03-3871-2965")
    ['TEL 03-3871-2964', 'FAX 03-3871-2965']
    >>> list_parts("phone", "08031234567/08059876543"), list_parts("phone", "030/1234567")
    (['08031234567', '08059876543'], [])
    >>> list_parts("email", "ann@corp.cn bob@corp.cn"), list_parts("address", "1 Main St, X")
    (['ann@corp.cn', 'bob@corp.cn'], [])
    >>> list_parts("phone", '["+1 415 555 0100", "+1 415 555 0101"]')
    ['+1 415 555 0100', '+1 415 555 0101']
    >>> list_parts("device", '{"idfa": "1F91-E180", "os": "iOS 17.3"}')
    ['idfa: 1F91-E180']
    >>> list_parts("device", '{"os": "iOS 17.3", "model": "iPhone15,2"}')
    []
    >>> list_parts("payment_account", "IFSC: SBIN0001234, A/C: 30418275196")
    []

    A device cell also lists the ids after numbered labels, and whole numbers of one
    length between ``/`` (a dual-SIM phone's two IMEIs: :func:`_listed_device_ids`); a
    phone cell, numbers of eight digits or more glued by a ``/``
    (``08031234567/08059876543``; ``030/1234567`` is one Berlin number:
    :func:`~sellergraph.normalize._glued_phone_numbers`). An
    e-mail cell lists values only when one of them holds an ``@``: a phrase (``Sin
    información``) is one value, and a label before the first (``Email:``) is none.

    >>> list_parts("device", "IMEI1: 352099001761481 IMEI2: 352099001761499")
    ['352099001761481', '352099001761499']
    >>> list_parts("email", "Email: ann@corp.cn; bob@corp.cn")
    ['ann@corp.cn', 'bob@corp.cn']
    >>> list_parts("email", "Sin información")
    []
    """
    kind = canonical_kind(kind)
    if kind not in _LISTABLE_KINDS or not isinstance(value, str):
        return []
    text = value.strip()
    if text[:1] in ("[", "{"):
        found = _json_cell(kind, text)
        if found is not None:
            return found
    if kind == "device":
        ids = _listed_device_ids(text)
        if ids:
            return ids
    if kind == "email":
        if "@" not in text:  # no address in it: one value (a phrase), not words to read
            return []
        text = _EMAIL_LABEL.sub("", text)
    separator = (
        _EMAIL_SEPARATOR
        if kind == "email"
        else PHONE_LIST_SEPARATOR
        if kind == "phone"
        else LIST_SEPARATOR
    )
    parts = [p for p in separator.split(text) if p]
    if kind == "phone":  # also two whole numbers glued by a "/": 08031234567/08059876543
        parts = [number for part in parts for number in _glued_phone_numbers(part)]
    if len(parts) >= 2 and _mostly_no_values(kind, parts):
        return []
    return parts if len(parts) >= 2 and not _one_account(kind, parts) else []


#: The kinds whose every value holds a digit (a payment account written as an e-mail
#: address aside).
_DIGIT_KINDS = frozenset({"phone", "payment_account", "id_document", "ip"})


def _mostly_no_values(kind: str, parts: list[str]) -> bool:
    """Whether most of a cell's ``parts`` hold no value of ``kind``: no digit (nor, for
    a payment account, an ``@``). Such a cell is no list but one value of another kind
    (an address in a payment column: ``Building A1, Dubai Digital Park, Dubai``), refused
    whole; were it split, its one part with a digit (``Building A1``) would be read as a
    value and link every store that made the same mistake.

    Examples
    --------
    >>> _mostly_no_values("payment_account", ["Building A1", "Dubai Digital Park", "Dubai"])
    True
    >>> _mostly_no_values("phone", ["0812345678", "N/A"])
    False
    """
    if kind not in _DIGIT_KINDS:
        return False
    empty = sum(
        not any(c.isdigit() for c in p) and not (kind == "payment_account" and "@" in p)
        for p in parts
    )
    return 2 * empty > len(parts)


def _listed_cells(
    links: pd.DataFrame, rows: np.ndarray, kinds: list[str], kind_codes: np.ndarray
) -> tuple[np.ndarray, list[list[str]], np.ndarray]:
    """Of ``rows`` (rejected ones: a list is never one valid value), those whose cell
    holds values of a listable kind (:func:`list_parts`), and the values of each; and
    those whose cell is a JSON object naming no value of its kind (``json_object``)."""
    listable = np.array([canonical_kind(k) in _LISTABLE_KINDS for k in kinds], dtype=bool)
    rows = rows[listable[kind_codes[rows]]] if len(kinds) else rows[:0]
    if not len(rows):
        return rows, [], rows
    values = links["value"].iloc[rows].reset_index(drop=True).astype("str")
    maybe = values.str.contains(_MAYBE_LISTED, regex=True, na=False).to_numpy()
    found: list[int] = []
    lists: list[list[str]] = []
    objects: list[int] = []
    for row, value in zip(rows[maybe].tolist(), values[maybe].tolist(), strict=True):
        parts = list_parts(kinds[kind_codes[row]], value)
        if parts:
            found.append(row)
            lists.append(parts)
        elif _names_none(kinds[kind_codes[row]], value):
            objects.append(row)
    return np.asarray(found, dtype=np.int64), lists, np.asarray(objects, dtype=np.int64)


def _names_none(kind: str, value: str) -> bool:
    """Whether a cell of ``kind`` is a JSON object with no key naming a value of the kind
    (``{"os": "iOS 17.3", "model": "iPhone15,2"}`` for a device): refused as
    ``json_object``, not with the reason its text as one value would get.

    Examples
    --------
    >>> _names_none("device", '{"os": "iOS 17.3"}'), _names_none("device", '[]')
    (True, False)
    """
    text = value.strip()
    return text[:1] == "{" and _json_cell(canonical_kind(kind), text) == []


def _normalise_kind(
    kind: str, values: pd.Series, config: Config, regions: np.ndarray | None = None
) -> _KindKeys:
    """Normalise one kind's raw values; each distinct value once, rows follow by code.

    ``regions`` (phone numbers only) is each row's phone region, from its store's
    ``country``.
    """
    d = _distinct_by_region(kind, values.reset_index(drop=True), regions, config)
    codes = d.codes
    accepted = (d.reason == 0) & ~np.asarray(d.key.is_null())
    ok = _per_row(accepted, codes, missing=False)
    # distinct values are numbered by first appearance, and Arrow numbers the keys
    # it encodes by first appearance: the same numbering (and flag of each key's
    # first row) as encoding the rows' keys
    acc = np.flatnonzero(accepted)
    encoded = d.key.filter(pa.array(accepted)).dictionary_encode()
    key_codes = np.asarray(encoded.indices, dtype=np.int64)
    code_of = np.full(len(d.key), -1, dtype=np.int64)
    code_of[acc] = key_codes
    # each key's first row: where the codes (numbered by first appearance) rise
    # above all before them
    rises = np.empty(len(key_codes), dtype=bool)
    if len(key_codes):
        rises[0] = True
        rises[1:] = key_codes[1:] > np.maximum.accumulate(key_codes)[:-1]
    first = np.flatnonzero(rises)
    return _KindKeys(
        ok=ok,
        reasons=_per_row(d.reason, codes, missing=_EMPTY)[~ok].astype(np.int8),
        ident=code_of[codes[ok]],
        keys=encoded.dictionary,
        flags=d.flag[acc[first]],
    )


def _normalise_links(
    links: pd.DataFrame,
    config: Config,
    store_ids: np.ndarray,
    regions: np.ndarray | None = None,
    wallets: np.ndarray | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Normalise each kind's values; rows whose value is unusable are set aside.

    ``regions`` is each store's phone region (None where its ``country`` is not
    known), when the stores table has a ``country`` column. ``wallets`` is each link's
    wallet label (:func:`_wallet_labels`), when a kind cell names a wallet: its values
    are read after it (:func:`~sellergraph.normalize.wallet_values`).

    Returns the accepted rows with an identifier code (``ident``), the identifier
    table (``kind, key, flag``, one row per distinct normalised value of a kind) and
    the rejected rows.
    """
    kind_codes = links["kind"].cat.codes.to_numpy()
    kinds = [str(k) for k in links["kind"].cat.categories]
    ident = np.full(len(links), -1, dtype=np.int64)
    reason_code = np.zeros(len(links), dtype=np.int8)  # REASON_CODES of rejected rows
    keys: dict[int, Any] = {}
    flags: dict[int, np.ndarray] = {}

    order, starts = group_offsets(kind_codes, len(kinds))  # kind i's rows, ascending

    def rows_of_kind(i: int) -> np.ndarray:
        return order[starts[i] : starts[i + 1]]

    def one_kind(i: int) -> _KindKeys:
        rows = rows_of_kind(i)
        row_regions = None
        if regions is not None and canonical_kind(kinds[i]) == "phone":
            row_regions = regions[links["store"].to_numpy()[rows]]
        values = links["value"].iloc[rows]
        if wallets is not None:
            values = wallet_values(kinds[i], values, wallets[rows], config=config.normalize)
        return _normalise_kind(kinds[i], values, config, row_regions)

    def take_in(i: int, res: _KindKeys) -> None:
        pos = rows_of_kind(i)
        reason_code[pos[~res.ok]] = res.reasons
        ident[pos[res.ok]] = res.ident  # numbered within the kind until all are in
        keys[i], flags[i] = res.keys, res.flags
        release_free_memory()

    # Kinds are normalised two at a time, costliest first, in forked processes (or
    # threads where there are none): each process has its own interpreter, so one
    # kind's Python work (addresses, phones, IPv6 values taken one at a time) never
    # waits for the other's. Above _TWO_KINDS_MAX links, one at a time and here:
    # each kind's transients are then large.
    rows_of = np.diff(starts)
    kind_of = np.flatnonzero(rows_of).tolist()
    costliest_first = sorted(
        kind_of, key=lambda i: -rows_of[i] * _ROW_COST.get(canonical_kind(kinds[i]), 1.0)
    )
    if len(links) > _TWO_KINDS_MAX:
        for i in kind_of:
            take_in(i, one_kind(i))
    elif len(links) >= _FORK_MIN_LINKS and can_fork():
        done = forked_map(one_kind, costliest_first, workers=2)
        for i, res in zip(costliest_first, done, strict=True):
            take_in(i, res)
    else:
        with ThreadPoolExecutor(max_workers=2) as pool:
            for i, res in zip(costliest_first, pool.map(one_kind, costliest_first), strict=True):
                take_in(i, res)
    # a cell listing several values ("0812345678; 0897654321") is rejected whole:
    # each value it lists is read as a link of its own, from the same input row
    # (not one too long to read: a list is not a way round the length limit)
    rejected_rows = np.flatnonzero((ident < 0) & (reason_code != _TOO_LONG))
    listed, lists, json_objects = _listed_cells(links, rejected_rows, kinds, kind_codes)
    reason_code[json_objects] = _JSON_OBJECT
    added = 0
    if len(listed):
        n_parts = np.array([len(p) for p in lists], dtype=np.int64)
        at = np.repeat(listed, n_parts)
        parts = pd.DataFrame(
            {
                "row": links["row"].to_numpy()[at],
                "store": links["store"].to_numpy()[at],
                "value": pd.Series([v for p in lists for v in p], dtype=object),
                "observed_at": links["observed_at"].to_numpy()[at],
            }
        )
        part_kind = kind_codes[at]
        part_ident = np.full(len(parts), -1, dtype=np.int64)
        part_reason = np.zeros(len(parts), dtype=np.int8)
        for i in np.unique(part_kind).tolist():
            mine = np.flatnonzero(part_kind == i)
            row_regions = None
            if regions is not None and canonical_kind(kinds[i]) == "phone":
                row_regions = regions[parts["store"].to_numpy()[mine]]
            values = parts["value"].iloc[mine]
            if wallets is not None:
                values = wallet_values(kinds[i], values, wallets[at[mine]], config=config.normalize)
            res = _normalise_kind(kinds[i], values, config, row_regions)
            part_reason[mine[~res.ok]] = res.reasons
            # the parts' keys join the kind's: a key seen before keeps its code
            known = pc.index_in(res.keys, value_set=keys[i])
            new_key = np.asarray(known.is_null(), dtype=bool)
            code = np.asarray(known.fill_null(-1), dtype=np.int64)
            code[new_key] = len(keys[i]) + np.arange(int(new_key.sum()))
            keys[i] = pa.concat_arrays([keys[i], res.keys.filter(pa.array(new_key))])
            flags[i] = np.concatenate([flags[i], res.flags[new_key]])
            part_ident[mine[res.ok]] = code[res.ident]
        added = len(parts) - len(listed)
        # noted, not rejected: its values are the parts'; a JSON cell of one value is
        # read as that value (-3), as a value after its label is, without a note
        ident[listed] = np.where(n_parts >= 2, -2, -3)
        lists = [p for p in lists if len(p) >= 2]
        # each cell's values right after it, so that links keep the input's order
        order = np.argsort(np.concatenate([np.arange(len(links)), at]), kind="stable")
        links = pd.concat(
            [links[["row", "store", "value", "observed_at"]], parts], ignore_index=True
        ).take(order)
        ident = np.concatenate([ident, part_ident])[order]
        reason_code = np.concatenate([reason_code, part_reason])[order]
        kind_codes = np.concatenate([kind_codes, part_kind])[order]
        listed = np.flatnonzero(ident == -2)
    # identifiers numbered kind after kind, in the kinds' order
    sizes = [len(keys[i]) for i in kind_of]
    first_of_kind = np.zeros(len(kinds) + 1, dtype=np.int64)
    first_of_kind[kind_of] = np.cumsum(sizes) - sizes
    ident += np.where(ident >= 0, first_of_kind[kind_codes], 0)
    # kinds as a categorical: a byte per identifier, not the kind's name
    identifiers = pd.DataFrame(
        {
            "kind": pd.Categorical.from_codes(
                np.repeat(np.asarray(kind_of, dtype=np.int32), sizes), categories=kinds
            ),
            # one chunk: Arrow's take on a chunked string column first joins its chunks
            "key": pd.Series(
                pa.concat_arrays([keys[i] for i in kind_of])
                if keys
                else pa.array([], pa.large_string()),
                dtype="str",
            ),
            "flag": pd.Categorical.from_codes(
                np.concatenate([flags[i] for i in kind_of]) - 1
                if flags
                else np.array([], dtype=np.int8),
                categories=list(FLAG_CODES[1:]),  # code 0 (no flag) becomes -1: missing
            ),
        },
        copy=False,
    )
    bad = ident == -1
    rejected = empty_rejected()
    if bad.any():
        sub = links[bad]
        reasons = np.asarray(REASON_CODES, dtype=object)[reason_code[bad]]
        # one message per (kind, reason), then taken for every row
        pair = kind_codes[bad].astype(np.int64) * len(REASON_CODES) + reason_code[bad]
        distinct, which = np.unique(pair, return_inverse=True)
        said = [REASON_CODES[p % len(REASON_CODES)] for p in distinct.tolist()]
        texts = [
            f"{kinds[p // len(REASON_CODES)]}: {reason_text(kinds[p // len(REASON_CODES)], r)}"
            for p, r in zip(distinct.tolist(), said, strict=True)
        ]
        rejected = make_rejected(
            "links",
            sub["row"].to_numpy(),
            store_ids[sub["store"].to_numpy()],
            "value",
            sub["value"],
            reasons,
            np.asarray(texts, dtype=object)[which],
            dropped=True,
        )
    if len(listed):
        notes = make_rejected(
            "links",
            links["row"].to_numpy()[listed],
            store_ids[links["store"].to_numpy()[listed]],
            "value",
            links["value"].iloc[listed],
            "several_values",
            [f"{ROW_REASONS['several_values']} ({len(p)} values)" for p in lists],
            dropped=False,
        )
        rejected = pd.concat([r for r in (rejected, notes) if len(r)], ignore_index=True)
    keep = ident >= 0
    good = pd.DataFrame(
        {name: links[name].to_numpy()[keep] for name in ("row", "store", "observed_at")}
        | {"ident": ident[keep]},
        copy=False,
    )
    good.attrs["values_added"] = added
    good.attrs["set_aside_by_kind"] = _set_aside_by_kind(kinds, kind_codes, reason_code, bad)
    return good, identifiers, rejected


def _wallet_labels(
    link_input: pd.DataFrame, valid: pd.DataFrame, kinds_read_as: Mapping[str, str]
) -> np.ndarray | None:
    """Each valid link's wallet label (:func:`~sellergraph.normalize.wallet_kind_label`
    of its ``kind`` cell as given: ``微信``, ``Alipay``) or None; None for all when no
    kind name naming a wallet was read as another kind (``kinds_read_as``)."""
    if not any(wallet_kind_label(name) for name in kinds_read_as):
        return None
    codes, names = pd.factorize(link_input["kind"])
    label = np.array([wallet_kind_label(n) for n in names] + [None], dtype=object)
    marks = (
        link_input[ROW_MARK].to_numpy(np.int64)
        if ROW_MARK in link_input.columns
        else np.arange(len(link_input), dtype=np.int64)
    )
    at = pd.Index(marks).get_indexer(valid["row"].to_numpy(np.int64))
    return label[codes][at]


def _set_aside_by_kind(
    kinds: list[str], kind_codes: np.ndarray, reason_code: np.ndarray, bad: np.ndarray
) -> dict[str, tuple[int, dict[str, int]]]:
    """Per kind (canonical name): its links, and how many of them each reason set aside."""
    out: dict[str, tuple[int, dict[str, int]]] = {}
    links_of = np.bincount(kind_codes, minlength=len(kinds))
    pair = kind_codes[bad].astype(np.int64) * len(REASON_CODES) + reason_code[bad]
    found, counts = np.unique(pair, return_counts=True)
    for i, name in enumerate(kinds):
        kind = canonical_kind(name)
        total, reasons = out.get(kind, (0, {}))
        out[kind] = (total + int(links_of[i]), reasons)
    for p, n in zip(found.tolist(), counts.tolist(), strict=True):
        reason = REASON_CODES[p % len(REASON_CODES)]
        reasons = out[canonical_kind(kinds[p // len(REASON_CODES)])][1]
        reasons[str(reason)] = reasons.get(str(reason), 0) + n
    return out


def _kept_with_a_note(rejected: pd.DataFrame) -> dict[str, int]:
    """The ``rejected`` rows kept (not ``dropped``), counted as the run summary
    words them: link values cleared (dates), cells read as several values, and
    stores rows kept with a note (a banned store without ``closed_at``, ...).

    Examples
    --------
    >>> rejected = pd.DataFrame({
    ...     "table": ["links", "links", "stores", "stores", "links"],
    ...     "reason": ["invalid_date", "several_values", "several_values",
    ...                "missing_closed_at", "unknown_store"],
    ...     "dropped": [False, False, False, False, True],
    ... })
    >>> _kept_with_a_note(rejected)
    {'values_cleared': 1, 'cells_split': 2, 'store_rows_noted': 1}
    """
    kept = ~rejected["dropped"].to_numpy(dtype=bool)
    several = rejected["reason"].to_numpy(dtype=object) == "several_values"
    on_links = rejected["table"].to_numpy(dtype=object) == "links"
    return {
        "values_cleared": int((kept & on_links & ~several).sum()),
        "cells_split": int((kept & several).sum()),
        "store_rows_noted": int((kept & ~on_links & ~several).sum()),
    }


def _repeats_message(n: int) -> str:
    """The ``message`` of a link's ``duplicate`` row: its repeats, merged into it.

    Examples
    --------
    >>> _repeats_message(1) == ROW_REASONS["duplicate"]
    True
    >>> print(_repeats_message(8))
    same store, kind and normalised value seen again: 8 repeats (this row and 7 later
    ones), merged into one link
    """
    if n == 1:
        return ROW_REASONS["duplicate"]
    later = "1 later one" if n == 2 else f"{n - 1:,} later ones"
    return (
        f"same store, kind and normalised value seen again: {n:,} repeats (this row and "
        f"{later}), merged into one link"
    )


def _merge_duplicates(
    links: pd.DataFrame, identifiers: pd.DataFrame, store_ids: np.ndarray
) -> tuple[LinkCodes, pd.DataFrame, int]:
    """One link per (store, identifier), ordered by store; repeats widen first/last seen.

    Returns the links, the ``duplicate`` rows of ``rejected`` (one per link seen more
    than once, at its first repeat's row, its message saying how many repeats were
    merged: an event log repeating each link thousands of times is not a row per
    repeat) and the number of repeats merged (each a link rejected).
    """
    n_ident = max(len(identifiers), 1)
    store = links["store"].to_numpy()
    ident = links["ident"].to_numpy()
    # Memory: one sorted temporary at a time, next to the results (the links table
    # is the largest thing alive here).
    pair = store * np.int64(n_ident) + ident
    order = np.argsort(pair, kind="stable")
    pair = pair[order]
    starts = np.flatnonzero(group_starts(pair))
    del pair
    first = order[starts]
    # NaT is the smallest int64, so a group's max is NaT only when all of it is;
    # for the min, NaT must count as the largest
    seen = links["observed_at"].to_numpy().astype("datetime64[ns]", copy=False).view(np.int64)
    seen = seen[order]
    nat = np.iinfo(np.int64).min
    if len(starts):
        hi = np.maximum.reduceat(seen, starts)
        seen[seen == nat] = np.iinfo(np.int64).max
        lo = np.minimum.reduceat(seen, starts)
        lo[lo == np.iinfo(np.int64).max] = nat
    else:
        hi = lo = seen
    del seen
    n_obs = np.diff(np.append(starts, len(order))).astype(np.int64)
    codes = LinkCodes(
        store=store[first],
        ident=ident[first],
        identifiers=identifiers,
        first_seen=lo.view("datetime64[ns]"),
        last_seen=hi.view("datetime64[ns]"),
        n_obs=n_obs,
        row=links["row"].to_numpy()[first],
    )
    repeated = np.flatnonzero(n_obs > 1)
    rejected = empty_rejected()
    if len(repeated):
        again = order[starts[repeated] + 1]  # each link's first repeat (in input order)
        counts, at = np.unique(n_obs[repeated] - 1, return_inverse=True)
        messages = np.array([_repeats_message(int(n)) for n in counts], dtype=object)
        rejected = make_rejected(
            "links",
            links["row"].to_numpy()[again],
            store_ids[store[again]],
            "value",
            identifiers["key"].take(ident[again]).to_numpy(dtype=object),
            "duplicate",
            messages[at],
            dropped=True,
        )
    return codes, rejected, len(links) - len(starts)


def _stores_linked(store: np.ndarray) -> int:
    """How many stores the links (their stores' codes, in order of store) hold.

    Examples
    --------
    >>> _stores_linked(np.array([0, 0, 3, 5, 5])), _stores_linked(np.array([], dtype=np.int64))
    (3, 0)
    """
    if not len(store):
        return 0
    return 1 + int(np.count_nonzero(store[1:] != store[:-1]))


#: The reason of a stores row set aside under ``input.duplicate_stores = "reject"``
#: (the reason the load stops with under ``"error"``) ...
DUPLICATE_STORE = "duplicate_store_id"
#: ... and of a link of such a store.
STORE_SET_ASIDE = "store_set_aside"
_DUPLICATE_STORE_MESSAGE = (
    "store_id appears more than once{differing}; every row of the store was set aside "
    'with its links (input.duplicate_stores = "reject")'
)
_STORE_SET_ASIDE_MESSAGE = (
    "link of a store set aside: its store_id appears on stores rows that differ "
    '(duplicate_store_id; input.duplicate_stores = "reject")'
)


def _validated_stores(
    frame: pd.DataFrame, *, duplicate_stores: str, **options: Any
) -> tuple[pd.DataFrame, pd.DataFrame, frozenset[str]]:
    """:func:`~sellergraph.schema.validate_stores` under the config's
    ``input.duplicate_stores``: with ``"reject"``, the rows of every store whose id is on
    rows that differ are set aside first (``duplicate_store_id``, dropped), and the
    others checked. Returns the stores, their ``rejected`` rows (numbered as the table
    read: the rows set aside first) and the ids set aside."""
    if duplicate_stores != "reject" or "store_id" not in frame.columns:
        try:
            return (*validate_stores(frame, **options), frozenset())
        except InputError as exc:
            raise _with_policy_hint(exc) from None
    frame = frame.reset_index(drop=True)
    aside = _differing_store_rows(frame)
    if not aside.any():
        return (*validate_stores(frame, **options), frozenset())
    kept = np.flatnonzero(~aside)
    ids = store_id_text(frame["store_id"])
    try:
        stores, notes = validate_stores(frame[~aside], **options)
    except InputError as exc:  # its rows numbered as those of the table read
        raise _renumbered(exc, kept) from None
    notes = notes.assign(row=kept[notes["row"].to_numpy(np.int64)])
    message = _DUPLICATE_STORE_MESSAGE.format(differing=_differing(frame[aside], ids[aside]))
    set_aside = make_rejected(
        "stores",
        np.flatnonzero(aside),
        ids[aside],
        "store_id",
        ids[aside],
        DUPLICATE_STORE,
        message,
        dropped=True,
    )
    return stores, pd.concat([set_aside, notes], ignore_index=True), frozenset(ids[aside])


def _differing_store_rows(frame: pd.DataFrame) -> np.ndarray:
    """The rows of every store whose id is on rows that differ (rows alike in every
    column being one row, :func:`~sellergraph.schema._repeated_rows`), as
    :func:`~sellergraph.schema.validate_stores` finds ``duplicate_store_id``: ids that
    are empty, or a word for an empty cell, are none (the check names them)."""
    ids = store_id_text(frame["store_id"])
    missing = np.array((ids.isna() | (ids == "")).to_numpy(dtype=bool))
    missing[~missing] = _null_word(ids[~missing])
    dup = ids.duplicated(keep=False).to_numpy(dtype=bool) & ~missing
    if not dup.any():
        return dup
    dup_rows = pd.Series(dup, index=frame.index)
    again = _repeated_rows(frame, ids, dup_rows).to_numpy(dtype=bool)
    left = ids[dup & ~again]
    differing = left[left.duplicated(keep=False)].unique()
    return ids.isin(differing).to_numpy(dtype=bool) & ~missing


#: What the error of stores ids on rows that differ adds: the other policy.
_REJECT_HINT = (
    "; to set such stores aside (in rejected, with their links) and analyse the others, "
    'set input.duplicate_stores = "reject"'
)


def _with_policy_hint(exc: InputError) -> InputError:
    """``exc``, when it lists ``duplicate_store_id`` rows, with its first line saying how
    to set such stores aside instead (``input.duplicate_stores``; ``--duplicate-stores``
    on the command line)."""
    failures = exc.failures
    if failures is None or not (failures["reason"] == DUPLICATE_STORE).any():
        return exc
    first, *rest = str(exc).splitlines()
    said = "\n".join([first + _REJECT_HINT, *rest])
    line = "\n".join([first + _REJECT_HINT + " (--duplicate-stores reject)", *rest])
    out = InputError(said, command_line=line)
    out.failures = failures
    return out


def _renumbered(exc: InputError, rows: np.ndarray) -> InputError:
    """``exc`` with its failures' rows (of a table with some rows left out) numbered
    as the rows of the whole table: ``rows`` holds each one's number."""
    failures = exc.failures
    if failures is None or not len(failures):
        return exc
    at = failures["row"].map(lambda r: None if r is None or pd.isna(r) else int(rows[int(r)]))
    failures = failures.assign(row=at.astype(object))
    first = str(exc).splitlines()[0]
    return InputError(first, failures, command_line=exc.command_line)


def _of_stores_set_aside(rejected: pd.DataFrame, stores: frozenset[str]) -> pd.DataFrame:
    """The links' ``rejected`` rows with those naming a store set aside
    (``unknown_store`` to the check, the store being out of the table) as such."""
    theirs = (rejected["reason"] == "unknown_store").to_numpy(dtype=bool)
    theirs = theirs & rejected["store_id"].isin(stores).to_numpy(dtype=bool)
    if not theirs.any():
        return rejected
    out = rejected.copy()
    out.loc[theirs, "reason"] = STORE_SET_ASIDE
    out.loc[theirs, "message"] = _STORE_SET_ASIDE_MESSAGE
    return out


#: Contract columns of the stores table read only under a setting: why one is not
#: read when the setting is off (``counts["columns_not_read_why"]``).
_READ_WHEN = {"name": "fuzzy.names is off"}


def _closed_at_column_notice(
    stores_raw: pd.DataFrame, store_table: pd.DataFrame, unread: list[str], counts: dict[str, Any]
) -> str | None:
    """:func:`~sellergraph.notices.closed_at_column_notice`, looked for only when banned
    stores lack ``closed_at`` in a table without the column."""
    missing = counts["rejected_by_reason"].get("missing_closed_at", 0)
    if not missing or not unread or "closed_at" in stores_raw.columns:
        return None
    banned = _is_banned(stores_raw, store_table)
    return closed_at_column_notice(stores_raw, unread, banned=banned, missing=missing)


def _is_banned(stores_raw: pd.DataFrame, store_table: pd.DataFrame) -> pd.Series:
    """Which rows of the stores table as read are banned stores (the rows set aside
    whole, empty or a header again, are none)."""
    banned = set(store_table.loc[store_table["status"] == "banned", "store_id"].astype(str))
    ids = stores_raw["store_id"] if "store_id" in stores_raw.columns else pd.Series(dtype=str)
    return store_id_text(ids).isin(banned).reset_index(drop=True)


def _unread_columns(
    columns: pd.Index, kinds: set[str], addresses: list[AddressColumns], config: Config
) -> list[str]:
    """The stores table's columns that are neither the contract's, nor identifiers, nor
    parts of a composed address: carried along, not read. With them, the contract's
    columns read only under a setting that is off (``name`` without ``fuzzy.names``)."""
    parts = part_columns(addresses)
    known = set(STORE_COLUMNS + OPTIONAL_STORE_COLUMNS) - set(_unused_contract_columns(config))
    return [
        str(c)
        for c in columns
        if c not in known and c not in parts and c != ROW_MARK and not is_kind_column(c, kinds)
    ]


def columns_read_as(headers: Mapping[str, str]) -> dict[str, str]:
    """The stores columns read as a contract column under another name of it
    (:data:`~sellergraph.schema.STORE_COLUMN_ALIASES`), by their name as given
    (``headers``: :func:`~sellergraph.schema.headers_as_given`).

    Examples
    --------
    >>> columns_read_as({"closure_reason": "Ban Reason", "opened_at": "Opened At"})
    {'Ban Reason': 'closure_reason'}
    """
    return {
        given: now
        for now, given in headers.items()
        if STORE_COLUMN_ALIASES.get(contract_name(given, STORE_COLUMN_ALIASES)) == now
    }


def _aliases_unread(unread: list[str], headers: Mapping[str, str]) -> dict[str, str]:
    """Why each unread stores column that is another name of a contract column is not
    read: the table has that column already, under its own name or another one.

    Examples
    --------
    >>> _aliases_unread(["status_reason", "note"], {"closure_reason": "Ban Reason"})
    {'status_reason': "closure_reason is read from 'Ban Reason'"}
    >>> _aliases_unread(["ban_reason"], {})
    {'ban_reason': 'the table has closure_reason'}
    """
    out = {}
    for c in unread:
        column = STORE_COLUMN_ALIASES.get(contract_name(c, STORE_COLUMN_ALIASES))
        if column is None:
            continue
        source = headers.get(column)
        out[c] = (
            f"{column} is read from {source!r}" if source is not None else f"the table has {column}"
        )
    return out


def _unused_contract_columns(config: Config) -> dict[str, str]:
    """The contract's columns the config leaves unread, and why (:data:`_READ_WHEN`).

    Examples
    --------
    >>> _unused_contract_columns(Config())
    {'name': 'fuzzy.names is off'}
    >>> _unused_contract_columns(Config().replace(names=True))
    {}
    """
    return {} if config.fuzzy.names else dict(_READ_WHEN)


def _no_links_message(stores: pd.DataFrame, kinds: set[str], unread: list[str]) -> str:
    """What the load says when there are no links at all: what is read as links, and
    what of the stores table is not.

    Examples
    --------
    >>> import pandas as pd
    >>> stores = pd.DataFrame(columns=["store_id", "status", "name", "電話番号", "tel_no"])
    >>> print(_no_links_message(stores, {"phone", "email"}, ["電話番号", "tel_no"]))
    no links: pass a links table, or identifier columns on the stores table named after a
    configured kind (email, phone). A store's name is no identifier: names are compared
    only with fuzzy.names on, next to identifier links, never alone. Columns not read:
    電話番号, tel_no. To read a column as a kind, name the kind it is: --kind-names
    '電話番号=KIND,tel_no=phone' on the command line, or in the config's [kind_names]
    ("電話番号" = "KIND"), KIND one of email, phone. Only an identifier of no kind
    sellergraph knows (a platform's own seller token) needs a kind of its own: give a kind
    of the column's name a weight in the config ([kinds."NAME"] weight = 0.5); its values
    are then compared as written, not read as phone numbers, e-mails or accounts.
    """
    message = (
        "no links: pass a links table, or identifier columns on the stores table named "
        f"after a configured kind ({', '.join(sorted(kinds))})."
    )
    if "name" in stores.columns:
        message += (
            " A store's name is no identifier: names are compared only with fuzzy.names "
            "on, next to identifier links, never alone."
        )
    unread = [c for c in unread if c != "name"]
    if unread:
        named = ",".join(f"{c}={_kind_guess(c)}" for c in unread[:3])
        message += (
            f" Columns not read: {', '.join(unread[:8])}"
            + (f", ... ({len(unread)} in all)" if len(unread) > 8 else "")
            + f". To read a column as a kind, name the kind it is: --kind-names '{named}' on "
            f'the command line, or in the config\'s [kind_names] ("{unread[0]}" = '
            f'"{_kind_guess(unread[0])}"), KIND one of {", ".join(sorted(kinds))}. Only an '
            "identifier of no kind sellergraph knows (a platform's own seller token) needs a "
            "kind of its own: give a kind of the column's name a weight in the config "
            '([kinds."NAME"] weight = 0.5); its values are then compared as written, not read '
            "as phone numbers, e-mails or accounts."
        )
    return message


def _address_regions(stores: pd.DataFrame, region: str) -> np.ndarray:
    """Each store's country, whose order its composed address is written in: its
    ``country``, else ``region`` (the config's ``normalize.default_region``)."""
    if "country" not in stores.columns:
        return np.full(len(stores), region.upper(), dtype=object)
    found, _ = country_regions(stores["country"].reset_index(drop=True))
    return np.where(pd.isna(found), region.upper(), found).astype(object)


def _melt_wide(
    stores: pd.DataFrame,
    kinds: set[str],
    addresses: list[AddressColumns],
    *,
    placeholders: tuple[str, ...],
    region: str,
) -> tuple[pd.DataFrame | None, dict[str, np.ndarray]]:
    """The stores table's identifier columns melted into links (or None: there are
    none); an address split over several columns is one link per row, its ``kind``
    the columns' label until :meth:`_WideSource.mark` reads it as ``address``. And
    per such address (by label), the rows with other parts of it but no street line."""
    if not addresses:
        return melt_wide_links(stores, kinds), {}
    parts = part_columns(addresses)
    for column in [c for c in stores.columns if c in parts]:  # in table order
        hit = first_nested(stores[column])
        if hit is not None:
            raise InputError(
                f"table 'stores', row {hit[0]}, column {str(column)!r}: a list, struct or "
                f"map ({str(hit[1])[:60]}); sellergraph reads one text value per cell"
            )
    single = melt_wide_links(stores[[c for c in stores.columns if c not in parts]], kinds)
    composed, streetless = address_links(
        stores, addresses, placeholders=placeholders, regions=_address_regions(stores, region)
    )
    if single is None or not len(single):
        return composed, streetless
    if not len(composed):
        return single, streetless
    # kinds (and text store ids) stay categoricals of the same categories: joined,
    # they are still, and rows are ordered by stores row and kind name on their codes
    names = sorted(set(single["kind"].unique()) | set(composed["kind"].unique()))
    frames = [f.assign(kind=_categorical(f["kind"], names)) for f in (single, composed)]
    ids = single["store_id"].dtype
    if isinstance(ids, pd.CategoricalDtype):
        frames[1]["store_id"] = _categorical(composed["store_id"], list(ids.categories))
    both = pd.concat(frames, ignore_index=True)
    key = both[ROW_MARK].to_numpy(np.int64) * len(names) + both["kind"].cat.codes
    return both.take(np.argsort(key, kind="stable")).reset_index(drop=True), streetless


def _categorical(values: pd.Series, categories: list[Any]) -> pd.Categorical:
    """``values`` as a categorical of ``categories`` (missing where not among them);
    each distinct value looked up once, not each of millions of rows."""
    codes, distinct = factorize_text(values)
    try:  # text: looked up in Arrow's hash table
        found = pc.index_in(
            pa.array(distinct, type=pa.large_string()),
            value_set=pa.array(categories, type=pa.large_string()),
        )
        at = np.append(found.fill_null(-1).to_numpy(zero_copy_only=False), -1).astype(np.int64)
    except (pa.ArrowInvalid, pa.ArrowTypeError, UnicodeError):  # numbers, lone surrogates
        position = {c: i for i, c in enumerate(categories)}
        at = np.array([position.get(v, -1) for v in list(distinct)] + [-1], dtype=np.int64)
    return pd.Categorical.from_codes(at[codes], categories=categories)


def _uncategorised(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with its categorical columns as their categories' dtype: to be joined
    to a table whose column holds the same values as such (a categorical joined to
    text is objects)."""
    return frame.astype(
        {
            c: t.categories.dtype
            for c, t in frame.dtypes.items()
            if isinstance(t, pd.CategoricalDtype)
        }
    )


def _no_street_line_counts(streetless: dict[str, np.ndarray], aside: np.ndarray) -> dict[str, int]:
    """Per composed address (by its label), the stores rows that have other parts of it
    but no street line, so no address (rows set aside whole, ``aside``, not counted)."""
    out = {}
    for label, rows in streetless.items():
        rows = rows.copy()
        rows[aside[aside < len(rows)]] = False
        if rows.any():
            out[label] = int(rows.sum())
    return out


@dataclass(frozen=True)
class _WideSource:
    """Where links melted from the stores table's identifier columns came from.

    Their row marks are ``start + stores_row * len(kinds) + kind position``: one
    mark per cell, so a rejected value can name its stores row and column. An
    address composed from several columns is one cell, of the column its label
    names (``Address Line 1 + City``).
    """

    start: int
    kinds: tuple[str, ...]
    column_of: Mapping[str, str]
    composed: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls,
        stores: pd.DataFrame,
        wide: pd.DataFrame,
        *,
        start: int,
        addresses: list[AddressColumns] | None = None,
        given: Mapping[str, str] | None = None,
    ) -> _WideSource:
        """``given``: the names the config's ``kind_names`` columns were given as, by
        the name they were renamed to (:func:`_kind_columns_named`); their links' kinds
        are those names (:func:`_kind_names_given`), and a rejected value names its
        column so."""
        labels = frozenset(g.label for g in addresses or ())
        kinds = tuple(sorted(set(wide["kind"].unique()) | labels))
        given = given or {}
        column_of: dict[str, str] = {}
        for c in stores.columns:
            was = given.get(str(c))
            parted = camel_words(str(c).strip())  # PhoneNumber's links are phone_number's
            names = [wide_kind(c)] if parted is None else [wide_kind(c), wide_kind(parted)]
            if was is not None:
                names.append(canonical_kind(was))
            for kind in names:
                if kind in kinds and kind not in column_of:
                    column_of[kind] = str(c) if was is None else was
        column_of.update({label: label for label in labels})
        return cls(start, kinds, column_of, labels)

    def marks(self, wide: pd.DataFrame) -> np.ndarray:
        position = _categorical(wide["kind"], list(self.kinds)).codes
        return self.start + wide[ROW_MARK].to_numpy(np.int64) * len(self.kinds) + position

    def mark(self, wide: pd.DataFrame) -> pd.DataFrame:
        """The melted links with their marks; a composed address's kind is ``address``."""
        out = wide.assign(**{ROW_MARK: self.marks(wide)})
        if self.composed:
            kind = _uncategorised(out[["kind"]])["kind"]
            out["kind"] = kind.where(~kind.isin(self.composed), ADDRESS_KIND)
        return out

    def rows(self, marks: np.ndarray) -> np.ndarray:
        """Marks as rows: the links table's, then ``start + stores row`` (one per store)."""
        cell = marks >= self.start
        return np.where(cell, self.start + (marks - self.start) // len(self.kinds), marks)

    def cells(self, marks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Stores row and column of melted cells' marks (all at least ``start``)."""
        at = marks - self.start
        columns = np.asarray([self.column_of[k] for k in self.kinds], dtype=object)
        return at // len(self.kinds), columns[at % len(self.kinds)]

    def relabel(self, rejected: pd.DataFrame) -> pd.DataFrame:
        """Rejected melted cells named by their stores row and column."""
        marks = rejected["row"].to_numpy(np.int64)
        cell = (rejected["table"] == "links").to_numpy() & (marks >= self.start)
        if not cell.any():
            return rejected
        rows, columns = self.cells(marks[cell])
        out = rejected.copy()
        out.loc[cell, "table"] = "stores"
        out.loc[cell, "row"] = rows
        out.loc[cell, "column"] = columns
        return out


def _refuse_nested_values(links: pd.DataFrame, source: _WideSource | None) -> None:
    """Lists in the values (a renamed or custom-kind column): an error naming the cell.

    The reader refuses them in the columns it knows it reads as text; these are
    known only once columns are renamed and identifier columns melted.
    """
    hit = first_nested(links["value"]) if "value" in links.columns else None
    if hit is None:
        return
    position, value = hit
    mark = int(links[ROW_MARK].iloc[position]) if ROW_MARK in links.columns else position
    table, row, column = "links", mark, "value"
    if source is not None and mark >= source.start:
        rows, columns = source.cells(np.array([mark]))
        table, row, column = "stores", int(rows[0]), str(columns[0])
    raise InputError(
        f"table {table!r}, row {row}, column {column!r}: a list, struct or map "
        f"({str(value)[:60]}); sellergraph reads one text value per cell: give each value "
        "its own links row (store_id, kind, value)"
    )


def _kind_columns_named(
    stores: pd.DataFrame, names: Mapping[str, str]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """A wide stores table's identifier columns under another name of their kind
    (the config's ``kind_names``) renamed to the kind; a second column of one kind to
    ``kind_2`` and so on (but an address's: ``address_2`` is an address's second line).
    And the names given to the columns renamed, by their new name (``{"id_document_2":
    "GSTIN"}``): their links are read under the names given (:func:`_kind_names_given`).
    """
    if not names:
        return stores, {}
    taken = {str(c) for c in stores.columns}
    renamed = {}
    for c in stores.columns:
        kind = names.get(canonical_kind(c))
        if kind is None or kind == str(c):
            continue
        name, n = kind, 1
        while name in taken and kind != ADDRESS_KIND:
            n += 1
            name = f"{kind}_{n}"
        if name not in taken:
            renamed[c] = name
            taken.add(name)
    given = {name: str(c) for c, name in renamed.items()}
    return (stores.rename(columns=renamed) if renamed else stores), given


def _kind_names_given(wide: pd.DataFrame | None, given: Mapping[str, str]) -> pd.DataFrame | None:
    """Melted links whose kind is a column's name given by :func:`_kind_columns_named`
    (``id_document_2``) under the kind name the column was given as
    (:func:`~sellergraph.config.canonical_kind` of ``GSTIN``: ``gstin``), which the
    config's ``kind_names`` reads as the kind: the links are read, and counted in
    ``kinds_read_as``, as a links table naming them so would be. A name that would be
    another melted column's kind too is left as it is (each column's links keep a kind
    name of their own, which names the column of a rejected value)."""
    if not given or wide is None:
        return wide
    kind = wide["kind"]
    categorical = isinstance(kind.dtype, pd.CategoricalDtype)
    present = set((kind.cat.categories if categorical else kind.unique()).tolist())
    back = {wide_kind(now): canonical_kind(was) for now, was in given.items()}
    back = {now: was for now, was in back.items() if now in present}
    names = [back.get(k, k) for k in present]
    back = {now: was for now, was in back.items() if names.count(was) == 1}
    if not back:
        return wide
    if categorical:
        renamed = kind.cat.rename_categories(lambda k: back.get(k, k))
    else:
        renamed = kind.map(lambda k: back.get(k, k))
    return wide.assign(kind=renamed)


#: Other names of the links table's columns, in the order they are taken when a table
#: has several of one column's: ``key``, ``first_seen`` and ``last_seen`` are the
#: columns of a run's own ``links.csv`` (its ``n_obs`` is not read), the others the
#: names exports give the day a value was seen. A table with the contract's own name, or
#: with the column under a name the caller mapped, reads no other name of it; one with
#: two of these reads the first (``first_seen`` before ``last_seen``: one sighting per
#: row is read) and lists the other as not read.
LINK_COLUMN_ALIASES: Mapping[str, tuple[str, ...]] = {
    "value": ("key",),
    "observed_at": (
        "first_seen",
        "first_seen_at",
        "first_seen_on",
        "seen_at",
        "seen_on",
        "date_seen",
        "observed_on",
        "observation_date",
        "last_seen",
        "last_seen_at",
        "last_seen_on",
    ),
}


def _link_aliases(frame: pd.DataFrame) -> pd.DataFrame:
    """The links table (after :func:`~sellergraph.schema.rename_columns`) with a column
    of another name of a contract column (:data:`LINK_COLUMN_ALIASES`) read as it, when
    the table has none of that name.

    Examples
    --------
    >>> import pandas as pd
    >>> links = pd.DataFrame(columns=["store_id", "kind", "key", "Last Seen", "first_seen"])
    >>> _link_aliases(links).columns.tolist()
    ['store_id', 'kind', 'value', 'Last Seen', 'observed_at']
    >>> _link_aliases(pd.DataFrame(columns=["value", "key"])).columns.tolist()
    ['value', 'key']
    """
    names = [str(c) for c in frame.columns]
    spelled = [wide_kind(c) for c in names]
    renamed: dict[str, str] = {}
    for column, aliases in LINK_COLUMN_ALIASES.items():
        if column in names:
            continue
        found = next((a for a in aliases if a in spelled), None)
        if found is not None:
            renamed[names[spelled.index(found)]] = column
    return frame.rename(columns=renamed) if renamed else frame


def _links_read_as(headers: Mapping[str, str]) -> dict[str, str]:
    """The links columns read as a contract column under another name of it
    (:data:`LINK_COLUMN_ALIASES`), as ``links.NAME`` by their name as given.

    Examples
    --------
    >>> _links_read_as({"observed_at": "first_seen", "store_id": "Store ID"})
    {'links.first_seen': 'observed_at'}
    """
    return {
        f"links.{given}": now
        for now, given in headers.items()
        if wide_kind(given) in LINK_COLUMN_ALIASES.get(now, ())
    }


def _links_unread(
    links: pd.DataFrame, headers: Mapping[str, str]
) -> tuple[list[str], dict[str, str]]:
    """The links table's columns that are not read (as ``links.NAME``), and why for those
    that are another name of a column read from another one.

    Examples
    --------
    >>> import pandas as pd
    >>> links = _link_aliases(pd.DataFrame(
    ...     columns=["store_id", "kind", "key", "first_seen", "last_seen", "n_obs"]))
    >>> unread, why = _links_unread(links, {"value": "key", "observed_at": "first_seen"})
    >>> unread, why["links.last_seen"]
    (['links.last_seen', 'links.n_obs'], "observed_at is read from 'first_seen'")
    >>> _links_unread(pd.DataFrame(columns=["store_id", "kind", "value", "key"]), {})
    (['links.key'], {'links.key': 'the table has value'})
    """
    unread = [str(c) for c in links.columns if c not in LINK_COLUMNS and c != ROW_MARK]
    why = {}
    for c in unread:
        of = next((k for k, v in LINK_COLUMN_ALIASES.items() if wide_kind(c) in v), None)
        if of is not None:
            source = headers.get(of)
            why[f"links.{c}"] = (
                f"{of} is read from {source!r}" if source is not None else f"the table has {of}"
            )
    return [f"links.{c}" for c in unread], why


def _links_date_order(read: Future[pd.DataFrame] | None, columns: Mapping[str, str] | None) -> str:
    """The day/month order the links table's ``observed_at`` proves (month first when
    it proves none), for a stores table that proves none itself; waits for the read."""
    if read is None:
        return "month_first"
    links = _link_aliases(rename_columns(read.result(), columns, table="links"))
    if "observed_at" not in links.columns:
        return "month_first"
    return proven_date_order([links["observed_at"]]) or "month_first"


def load(
    stores: TableSource,
    links: TableSource | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    config: Config | None = None,
    encoding: str = "utf-8",
    as_of: str | datetime.date | None = None,
) -> Dataset:
    """Read, validate and normalise a marketplace's stores and identifier links.

    Parameters
    ----------
    stores : DataFrame, str or Path
        The stores table (CSV, Parquet or JSON path, or a DataFrame). Identifier columns
        named after a kind (``phone``, ``device``, ...) are melted into links
        (wide format).
    links : DataFrame, str or Path, optional
        Long-format links ``store_id, kind, value[, observed_at]``. May be omitted
        when the stores table is wide. ``observed_at`` is also read from
        ``first_seen``, ``seen_at``, ... and ``value`` from ``key``
        (:data:`LINK_COLUMN_ALIASES`), so a run's own ``links.csv`` reads back.
    columns : mapping, optional
        Column renames applied to both tables, e.g. ``{"shop_id": "store_id"}``; a
        key prefixed with a table's name (``{"links.id": "link_id"}``) renames that
        table's column only. Added to the config's ``columns``, whose rename of the
        same column it overrides.
    config : Config, optional
        Kinds, weights, normalisation rules and the day/month order of numeric dates
        (``dates.order``); defaults to ``Config()``.
    encoding : str, default "utf-8"
        Text encoding of CSV and JSON files, e.g. ``"cp1252"`` or ``"latin-1"`` for
        what Windows and Excel export as "CSV" (see
        :func:`sellergraph.io.read_table`); Parquet files and DataFrames ignore it.
    as_of : str or date, optional
        The day the data is of (``"2024-06-01"``, the day of the export): a date after
        the day after it is cleared as ``future_date``, in a table of any size. Sets
        the config's ``dates.as_of`` (the dataset's config records it). Without it (nor
        the config's), the day of the run judges the dates after it (see
        :func:`sellergraph.schema.future_dates`).

    Returns
    -------
    Dataset

    Notes
    -----
    Under ``dates.order = "auto"``, each table reads its numeric day/month dates
    (``05/03/2024``) in the order its own values prove (see
    :func:`sellergraph.schema.parse_dates`); a table whose values prove none takes
    the order the other table proves, and month first when neither proves one.

    Raises
    ------
    InputError
        Table-level problems, all listed together.

    Examples
    --------
    >>> import pandas as pd
    >>> import sellergraph as sg
    >>> stores = pd.DataFrame({"shop_id": ["S1", "S2"], "status": ["banned", "active"],
    ...                        "closed_at": ["2017-05-01", None]})
    >>> links = pd.DataFrame({
    ...     "shop_id": ["S1", "S2", "S2", "S9"],
    ...     "kind": ["phone", " Phone", "email", "phone"],
    ...     "value": ["+86 138 0013 8000", "138-0013-8000", "N/A", "13800138000"]})
    >>> ds = sg.load(stores, links, columns={"shop_id": "store_id"})
    >>> ds.links[["store_id", "kind", "key"]].values.tolist()
    [['S1', 'phone', '+8613800138000'], ['S2', 'phone', '+8613800138000']]
    >>> ds.rejected[["row", "reason"]].values.tolist()
    [[2, 'placeholder'], [3, 'unknown_store']]
    >>> ds.counts["links_accepted"] + ds.counts["links_rejected"] == ds.counts["links_in"]
    True
    """
    config = config or Config()
    if as_of is not None:
        config = config.replace(as_of=as_of)
    columns = {**config.columns, **(columns or {})}  # the caller's rename of a column wins
    clock = _Clock()
    text_codec(encoding)  # a name that is no encoding fails, whatever the tables are
    kinds = set(config.kinds)
    repeated = {"store_id", "kind", "observed_at", *LINK_COLUMN_ALIASES["observed_at"]}
    repeated |= {
        src for src, dst in table_columns(columns, table="links").items() if dst in repeated
    }
    # The links file is read while the stores are read and checked (file reading
    # and Arrow's conversions leave the interpreter free); stores' errors come first.
    with ThreadPoolExecutor(max_workers=1) as pool:
        links_read = (
            None
            if links is None
            else pool.submit(read_table, links, table="links", repeated=repeated, encoding=encoding)
        )
        given = read_table(stores, table="stores", encoding=encoding)
        stores_raw, kind_named = _kind_columns_named(
            rename_columns(given, columns, table="stores"), config.kind_names
        )
        store_headers = headers_as_given(stores_raw, given)
        del given
        # a stores table with no day/month evidence of its own waits for the links'
        # (only when one of its dates reads either way)
        links_order = functools.cache(functools.partial(_links_date_order, links_read, columns))
        store_table, store_notes, stores_aside = _validated_stores(
            stores_raw,
            duplicate_stores=config.input.duplicate_stores,
            date_order=config.dates.order,
            default_date_order=links_order,
            statuses=config.statuses,
            columns=columns,
            headers=store_headers,
            spreadsheet_serials=config.dates.spreadsheet_serials,
            as_of=config.dates.as_of,
        )
        links_raw = None if links_read is None else links_read.result()
        del links_read, links_order  # they hold the table: it must go before normalising
    clock.lap("read")
    stores_proven = store_table.attrs.pop("proven_date_order", None)
    stores_order = stores_proven or "month_first"
    dates_given = {("stores", c): n for c, n in store_table.attrs.pop("dates_given", {}).items()}
    date_days = {("stores", c): d for c, d in store_table.attrs.pop("date_days", {}).items()}
    # stores rows set aside whole (empty, or the header again) are no store: their
    # cells are no links, and they are not counted among the links
    whole_rows = store_notes["reason"].isin(WHOLE_ROW_REASONS).to_numpy(dtype=bool)
    # nor are the rows of a store set aside (duplicate_stores = "reject"), whose cells
    # are links of a store set aside (store_set_aside)
    dropped_rows = whole_rows | (store_notes["reason"] == DUPLICATE_STORE).to_numpy(dtype=bool)
    stores_set_aside = int(dropped_rows.sum())

    # an address split over columns (Address Line 1, City, Postcode) is one identifier
    addresses = address_groups(stores_raw.columns, kinds)
    wide, streetless = _melt_wide(
        stores_raw,
        kinds,
        addresses,
        placeholders=config.normalize.placeholders,
        region=config.normalize.default_region,
    )
    if wide is not None and stores_set_aside:
        aside = store_notes["row"].to_numpy()[whole_rows]
        wide = wide[~wide[ROW_MARK].isin(aside)].reset_index(drop=True)
    wide = _kind_names_given(wide, kind_named)
    frames = []
    link_headers: dict[str, str] = {}
    links_unread: tuple[list[str], dict[str, str]] = ([], {})
    if links_raw is not None:
        given, links_raw = links_raw, rename_columns(links_raw, columns, table="links")
        links_raw = _link_aliases(links_raw)
        link_headers = headers_as_given(links_raw, given)
        links_unread = _links_unread(links_raw, link_headers)
        del given
        if wide is not None:  # joined to the stores' cells, its own columns are checked first
            require_link_columns(links_raw, headers=link_headers)
        frames.append(links_raw.reset_index(drop=True))
    source = None
    if wide is not None:
        source = _WideSource.of(
            stores_raw,
            wide,
            start=frames[0].shape[0] if frames else 0,
            addresses=addresses,
            given=kind_named,
        )
        wide = source.mark(wide)
        frames.append(wide)
    if not frames:
        unread = _unread_columns(stores_raw.columns, kinds, addresses, config)
        raise InputError(_no_links_message(stores_raw, kinds, unread))
    if len(frames) == 2:
        base = frames[0].assign(**{ROW_MARK: np.arange(len(frames[0]), dtype=np.int64)})
        link_input = pd.concat([base, _uncategorised(frames[1])], ignore_index=True)
    else:
        link_input = frames[0]
    links_in = len(link_input)
    if links_in > _KEEP_FREED_MAX_LINKS:
        hand_back_freed_memory()
    _refuse_nested_values(link_input, source)

    valid, rejected_rows = validate_links(
        link_input,
        store_table["store_id"],
        known_kinds=kinds,
        date_order=config.dates.order,
        default_date_order=stores_order,
        columns=columns,
        kind_names=config.kind_names,
        headers=link_headers,
        spreadsheet_serials=config.dates.spreadsheet_serials,
        as_of=config.dates.as_of,
    )
    kinds_read_as = valid.attrs.pop("kinds_read_as", {})
    if stores_aside:  # links of a store set aside name no store: they are said so
        rejected_rows = _of_stores_set_aside(rejected_rows, stores_aside)
    wallets = _wallet_labels(link_input, valid, kinds_read_as)
    dates_given.update({("links", c): n for c, n in valid.attrs.pop("dates_given", {}).items()})
    date_days.update({("links", c): d for c, d in valid.attrs.pop("date_days", {}).items()})
    # the order a store date that reads either way takes (what screening reads a
    # registration's in): declared, proven by the stores, else by the links
    date_order = (
        config.dates.order
        if config.dates.order in ("day_first", "month_first")
        else stores_proven or valid.attrs.pop("proven_date_order", None) or "month_first"
    )
    del link_input, frames, links_raw  # no longer needed; freed before normalising
    release_free_memory()
    clock.lap("check_links")
    store_ids = store_table["store_id"].to_numpy(dtype=object)
    regions = store_table["country"].to_numpy(dtype=object) if "country" in store_table else None
    normalised, identifiers, rejected_values = _normalise_links(
        valid, config, store_ids, regions, wallets
    )
    links_in += normalised.attrs.get("values_added", 0)  # a listing cell counts its values
    set_aside_by_kind = normalised.attrs.pop("set_aside_by_kind", {})
    # values the config declares legitimately shared are no evidence: set aside
    known = set_aside_known_shared(
        normalised, identifiers, config, store_ids=store_ids, regions=regions
    )
    normalised, identifiers = known.links, known.identifiers
    del valid
    release_free_memory()
    clock.lap("normalise")
    codes, rejected_dupes, repeats = _merge_duplicates(normalised, identifiers, store_ids)
    rejected = pd.concat(
        [
            r
            for r in (store_notes, rejected_rows, rejected_values, known.rejected, rejected_dupes)
            if len(r)
        ]
        or [empty_rejected()],
        ignore_index=True,
    )
    if source is not None:
        rejected = source.relabel(rejected)
        codes = dataclasses.replace(codes, row=source.rows(codes.row))
    rejected = rejected.sort_values(
        ["table", "dropped", "row"], ascending=[False, False, True], kind="stable"
    )
    rejected = rejected.reset_index(drop=True)
    # only links are dropped (a stores row dropped is a cell of an identifier column),
    # but for stores rows set aside whole (empty_row, header_row, duplicate_store_id);
    # a link's repeats are one row of rejected, and each is a link rejected
    links_rejected = int(rejected["dropped"].sum()) - stores_set_aside
    links_rejected += repeats - len(rejected_dupes)
    counts: dict[str, Any] = {
        "stores": len(store_table),
        "banned": int((store_table["status"] == "banned").sum()),
        "active": int((store_table["status"] == "active").sum()),
        "closed": int((store_table["status"] == "closed").sum()),
        "links_in": links_in,
        "links_accepted": links_in - links_rejected,
        "links_rejected": links_rejected,
        "links_distinct": len(codes.store),
        "link_repeats": repeats,
        "stores_without_links": len(store_table) - _stores_linked(codes.store),
        **_kept_with_a_note(rejected),
        "kinds_read_as": kinds_read_as,
        "date_order": date_order,
        "rejected_by_reason": {
            str(k): int(v) for k, v in rejected["reason"].value_counts().sort_index().items()
        },
    }
    if known.counts:  # per kind: values listed and matched, links and stores set aside
        counts["known_shared"] = known.counts
    if addresses:  # the columns each composed address was read from
        counts["address_from"] = [[str(c) for c in g.columns] for g in addresses]
    streetless_counts = _no_street_line_counts(
        streetless, store_notes["row"].to_numpy()[dropped_rows]
    )
    if streetless_counts:
        counts["no_street_line"] = streetless_counts
    read_as = columns_read_as(store_headers) | _links_read_as(link_headers)
    if read_as:
        counts["columns_read_as"] = read_as
    unread = _unread_columns(stores_raw.columns, kinds, addresses, config)
    if unread or links_unread[0]:
        counts["columns_not_read"] = unread + links_unread[0]
        why = {c: r for c, r in _unused_contract_columns(config).items() if c in unread}
        why.update(_aliases_unread(unread, store_headers))
        why.update(links_unread[1])
        if why:
            counts["columns_not_read_why"] = why
    notices = [
        n
        for n in (
            phone_region_notice(
                codes.identifiers,
                rejected,
                default_region=config.normalize.default_region,
                has_country="country" in store_table.columns,
            ),
            duplicate_stores_notice(
                store_notes.loc[store_notes["reason"] == DUPLICATE_STORE, ["store_id"]],
                links=counts["rejected_by_reason"].get(STORE_SET_ASIDE, 0),
                stores=len(store_table),
            ),
            unknown_store_notice(
                rejected,
                links_in=links_in,
                store_ids=store_table["store_id"],
                counted=counts["rejected_by_reason"],
            ),
            store_id_case_notice(store_table["store_id"]),
            no_banned_notice(store_table["status"], links_in=links_in, statuses=config.statuses),
            no_active_notice(store_table["status"], links_in=links_in),
            unknown_kind_notice(rejected, links_in=links_in, counted=counts["rejected_by_reason"]),
            _unknown_country_notice(
                rejected,
                default_region=config.normalize.default_region,
                counted=counts["rejected_by_reason"],
            ),
            unreadable_values_notice(set_aside_by_kind),
            _closed_at_column_notice(stores_raw, store_table, unread, counts),
            *known.notices,
            *unreadable_dates_notices(rejected, dates_given, counted=counts["rejected_by_reason"]),
            *two_digit_year_notices(rejected, counted=counts["rejected_by_reason"]),
            future_dates_notice(
                rejected, counted=counts["rejected_by_reason"], as_of=config.dates.as_of
            ),
            one_day_notice(date_days),
            *_spreadsheet_serial_notices(
                rejected, dates_given, counted=counts["rejected_by_reason"]
            ),
            *(
                no_street_line_notice(
                    g.label,
                    [str(c) for c in g.street],
                    streetless_counts[g.label],
                    stores=len(store_table),
                )
                for g in addresses
                if g.label in streetless_counts
            ),
        )
        if n is not None
    ]
    if notices:
        counts["notices"] = notices
        for notice in notices:
            log.warning(notice)
    clock.lap("merge")
    return Dataset(
        stores=store_table,
        codes=codes,
        rejected=rejected,
        counts=counts,
        config=config,
        timings=clock.laps,
    )


def _unknown_country_notice(
    rejected: pd.DataFrame, *, default_region: str, counted: Mapping[str, int] | None = None
) -> str | None:
    """A notice naming the stores' ``country`` values that name no country
    (``unknown_country``), the most common first, with how many stores give each: their
    phone numbers written without a country code were read in the default region, as
    another country's numbers when that is not theirs. Any number of them: each is a
    store whose phones may be keyed wrong.

    Examples
    --------
    >>> import pandas as pd
    >>> rej = pd.DataFrame({"table": "stores", "column": "country",
    ...                     "reason": "unknown_country", "value": ["РФ", "РФ", "Atlantis"]})
    >>> print(_unknown_country_notice(rej, default_region="CN"))
    3 stores give a country sellergraph does not know: 'РФ' (2 stores), 'Atlantis' (1
    store). Their phone numbers written without a country code were read in CN
    (normalize.default_region). Write the country as an ISO 3166 code (RU, KZ) or its
    name, or set normalize.default_region (sellergraph run --default-country) to the
    country most of them are in.
    """
    if counted is not None and not counted.get("unknown_country"):
        return None
    values = rejected.loc[rejected["reason"] == "unknown_country", "value"]
    if not len(values):
        return None
    by_value = values.astype(str).value_counts(sort=False)
    order = sorted(by_value.items(), key=lambda kv: (-kv[1], kv[0]))
    named = ", ".join(f"{v!r} ({counted_word(n, 'store')})" for v, n in order[:5])
    more = f", and {len(order) - 5:,} more" if len(order) > 5 else ""
    return (
        f"{counted_word(len(values), 'store')} give a country sellergraph does not know: "
        f"{named}{more}. Their phone numbers written without a country code were read in "
        f"{default_region} (normalize.default_region). Write the country as an ISO 3166 "
        "code (RU, KZ) or its name, or set normalize.default_region (sellergraph run "
        "--default-country) to the country most of them are in."
    )


def _spreadsheet_serial_notices(
    rejected: pd.DataFrame,
    given: Mapping[tuple[str, str], int],
    *,
    counted: Mapping[str, int] | None = None,
) -> list[str]:
    """Notices for date columns holding spreadsheet serial day numbers, cleared as
    ``spreadsheet_serial``: one per column holding any, with how many of its non-empty
    values (``given``, by ``(table, column)``) they are, a few of them and the dates
    they are, and the two ways to have them read.

    A few such values in a column matter as much as many: each one is a store's
    opening or closure (or a sighting) whose timing is lost, so that a return after a
    ban, or a recycled phone number, cannot be told.

    Examples
    --------
    >>> import pandas as pd
    >>> rej = pd.DataFrame({"table": "stores", "column": "closed_at",
    ...                     "reason": "spreadsheet_serial", "value": ["44936", "45352"]})
    >>> (notice,) = _spreadsheet_serial_notices(rej, {("stores", "closed_at"): 40})
    >>> print(notice)
    2 of 40 closed_at values of the stores table (5%) are spreadsheet serial day numbers,
    such as '44936' (2023-01-10) and '45352' (2024-03-01), and were cleared
    (spreadsheet_serial). To read them as days since 1899-12-30, as Excel, LibreOffice
    and Google Sheets count them, set dates.spreadsheet_serials = true in the config; or
    format the column as dates (2024-03-01) before exporting it.
    """
    if counted is not None and not counted.get("spreadsheet_serial"):
        return []
    serials = rejected[rejected["reason"] == "spreadsheet_serial"]
    if not len(serials):
        return []
    by_column = dict(list(serials.groupby(["table", "column"], sort=True)["value"]))
    # the columns in the order the load reads them: the stores' dates, then the links'
    order = [key for key in given if key in by_column]
    order += [key for key in by_column if key not in given]
    out = []
    for table, column in order:
        values = by_column[(table, column)]
        n = max(given.get((str(table), str(column)), 0), len(values))
        examples = [str(v) for v in pd.unique(values.dropna().astype(str))[:2]]
        read, _ = parse_dates(pd.Series(examples, dtype=object), spreadsheet_serials=True)
        said = [
            f"{v!r} ({d:%Y-%m-%d})" if pd.notna(d) else repr(v)
            for v, d in zip(examples, read, strict=True)
        ]
        out.append(
            f"{len(values):,} of {n:,} {column} values of the {table} table "
            f"({len(values) / n:.0%}) are spreadsheet serial day numbers, such as "
            f"{' and '.join(said)}, and were cleared (spreadsheet_serial). To read them as "
            "days since 1899-12-30, as Excel, LibreOffice and Google Sheets count them, set "
            "dates.spreadsheet_serials = true in the config; or format the column as dates "
            "(2024-03-01) before exporting it."
        )
    return out


class _Clock:
    """Seconds between calls of :meth:`lap`, by name."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = round(now - self._last, 3)
        self._last = now
