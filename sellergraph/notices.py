"""Notices about a loaded dataset: what was read, but probably not as the caller meant.

A notice never changes a result. It says what looks wrong and what setting changes
it; :func:`sellergraph.load` records them in ``Dataset.counts["notices"]`` (and so in
``run.json``) and logs each as a warning of the ``sellergraph`` logger, which the
command line prints as a ``sellergraph: warning:`` line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import pyarrow as pa

from ._wording import counted
from .config import BUILTIN_KINDS, KIND_ALIASES, STATUSES, canonical_kind
from .normalize import mask_value
from .schema import parse_dates, store_id_forms_hint

__all__ = [
    "closed_at_column_notice",
    "duplicate_stores_notice",
    "future_dates_notice",
    "near_hub_notice",
    "no_active_notice",
    "no_banned_notice",
    "no_street_line_notice",
    "one_day_notice",
    "phone_region_notice",
    "shared_value_alerts_notice",
    "store_id_case_notice",
    "two_digit_year_notices",
    "unknown_kind_notice",
    "unknown_store_notice",
    "unreadable_dates_notices",
    "unreadable_values_notice",
]

#: From this share of phone values that are not valid numbers of the plan they were read in
#: (``unlisted_phone`` or ``invalid_phone``), the region is probably wrong.
PHONE_REGION_SHARE = 0.25
#: ... and from this many of them (a handful of odd numbers says nothing).
PHONE_REGION_MIN = 20


def phone_region_notice(
    identifiers: pd.DataFrame, rejected: pd.DataFrame, *, default_region: str, has_country: bool
) -> str | None:
    """A notice when many phone numbers are not valid numbers in the region they were read in.

    Numbers written without a country code are read in their store's ``country``, else
    in ``normalize.default_region``. When that region is wrong, they are read as
    unlisted numbers of it (kept, at a lower weight, and no longer meeting the same
    number written with its country code) or refused as ``invalid_phone``.

    Parameters
    ----------
    identifiers : DataFrame
        Distinct identifiers (``kind, key, flag``), as ``Dataset.codes.identifiers``.
    rejected : DataFrame
        The ``rejected`` table (its ``reason`` and ``value``).
    default_region : str
        The config's ``normalize.default_region``.
    has_country : bool
        Whether the stores table has a ``country`` column.

    Examples
    --------
    >>> import pandas as pd
    >>> ids = pd.DataFrame({"kind": ["phone"] * 40, "key": [f"+86{i}" for i in range(40)],
    ...                     "flag": ["unlisted_phone"] * 30 + [None] * 10})
    >>> rej = pd.DataFrame({"value": [], "reason": []})
    >>> print(phone_region_notice(ids, rej, default_region="CN", has_country=False))
    30 of 40 distinct phone values (75%) are not valid numbers in the region they were
    read in (30 unlisted_phone, 0 invalid_phone). Numbers without a country code are read
    in CN (normalize.default_region): give the stores a country column, or set
    normalize.default_region (sellergraph run --default-country).
    """
    # distinct values on both sides: a number shared by many stores counts once
    phones = identifiers["kind"] == "phone"
    unlisted = int((phones & (identifiers["flag"] == "unlisted_phone")).sum())
    invalid = int(rejected.loc[rejected["reason"] == "invalid_phone", "value"].nunique())
    total = int(phones.sum()) + invalid
    odd = unlisted + invalid
    if odd < PHONE_REGION_MIN or odd < PHONE_REGION_SHARE * total:
        return None
    where = (
        f"in their store's country, else in {default_region} (normalize.default_region): "
        "check the stores' country column, or set normalize.default_region "
        "(sellergraph run --default-country)."
        if has_country
        else f"in {default_region} (normalize.default_region): give the stores a country "
        "column, or set normalize.default_region (sellergraph run --default-country)."
    )
    return (
        f"{odd:,} of {total:,} distinct phone values ({odd / total:.0%}) are not valid numbers "
        f"in the region they were read in ({unlisted:,} unlisted_phone, "
        f"{invalid:,} invalid_phone). Numbers without a country code are read {where}"
    )


#: From this share of the links set aside as ``unknown_store`` (links naming no store
#: of the stores table), the two tables probably write ids differently ...
UNKNOWN_STORE_SHARE = 0.05
#: ... and from this many of them.
UNKNOWN_STORE_MIN = 20


def _rejected_count(rejected: pd.DataFrame, reason: str, counted: Mapping[str, int] | None) -> int:
    """Rows of ``rejected`` set aside for ``reason``, from ``counted`` (the counts by
    reason, which leave out reasons no row has) when given."""
    if counted is not None:
        return int(counted.get(reason, 0))
    return int((rejected["reason"] == reason).sum())


def _quoted(values: list[Any]) -> str:
    return ", ".join(repr(str(v)) for v in values)


def unknown_store_notice(
    rejected: pd.DataFrame,
    *,
    links_in: int,
    store_ids: pd.Series,
    counted: Mapping[str, int] | None = None,
) -> str | None:
    """A notice when many links name no store of the stores table.

    Links none of whose store ids is in the stores table stop the load; when only
    some are, those links are set aside as ``unknown_store``, and with them the
    evidence they hold. From :data:`UNKNOWN_STORE_MIN` such links and
    :data:`UNKNOWN_STORE_SHARE` of all, the two tables probably write their ids
    differently (``00000001`` and ``1``): the notice says so, with a few of the ids,
    and says how they would match when most of the distinct ones would after adding
    or removing leading zeros, or ignoring case, spaces or punctuation.

    Parameters
    ----------
    rejected : DataFrame
        The ``rejected`` table (its ``reason`` and ``store_id``).
    links_in : int
        The number of links read (``counts["links_in"]``).
    store_ids : Series
        The stores table's ids.
    counted : mapping, optional
        ``counts["rejected_by_reason"]``, when known (saves a pass over ``rejected``).

    Examples
    --------
    >>> import pandas as pd
    >>> ids = [str(i) for i in range(1, 31)]
    >>> rej = pd.DataFrame({"reason": "unknown_store", "store_id": ids})
    >>> stores = pd.Series([f"{i:06d}" for i in range(1, 41)])
    >>> print(unknown_store_notice(rej, links_in=40, store_ids=stores))
    30 of 40 links (75%) name a store_id that is not in the stores table and were set
    aside (unknown_store), such as '1', '2', '3'. 30 of the 30 distinct ids would match a
    store after adding leading zeros (the links' '1' is the stores' '000001'): write the ids
    the same way in both tables.
    """
    n = _rejected_count(rejected, "unknown_store", counted)
    if not links_in or n < UNKNOWN_STORE_MIN or n < UNKNOWN_STORE_SHARE * links_in:
        return None
    ids = rejected.loc[rejected["reason"] == "unknown_store", "store_id"]
    distinct = pd.unique(ids.dropna().astype(str).to_numpy(dtype=object))
    unknown = pa.array(distinct, type=pa.large_string())
    stores = pa.array(store_ids.astype(str).to_numpy(dtype=object), type=pa.large_string())
    return (
        f"{n:,} of {links_in:,} links ({n / links_in:.0%}) name a store_id that is not in the "
        f"stores table and were set aside (unknown_store), such as {_quoted(distinct[:3])}. "
        + (
            store_id_forms_hint(unknown, stores)
            or "If the stores table is complete, the two tables write their ids differently: "
            "write them the same way in both."
        )
    )


#: From this share of a date column's non-empty values cleared as ``invalid_date``,
#: its dates are probably in a form that is not read ...
UNREADABLE_DATES_SHARE = 0.5
#: ... and from this many non-empty values.
UNREADABLE_DATES_MIN = 20
#: A five-digit day number the loader leaves ``invalid_date``: below 25569, the
#: spreadsheet serials of 1970-2099 being ``spreadsheet_serial`` with a notice of their
#: own. Most likely days since 1970-01-01 (``20000`` is 2024-10-04).
_SPREADSHEET_DAY = re.compile(
    r"^2(?:[0-4][0-9]{3}|5(?:[0-4][0-9]{2}|5[0-5][0-9]|56[0-8]))(\.[0-9]+)?$"
)
#: A day and month as numbers (``05/03/2024``), which may read either way.
_DAY_MONTH = re.compile(r"^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}")
#: What a notice of two-digit-year dates that read year first or last tells to do.
_DATE_ORDER_FIX = (
    'set dates.order = "year_first" in the config (sellergraph run --date-order '
    "year_first) if the year is first, as Japanese, Korean and Chinese exports write it; "
    '"day_first" or "month_first" if it is last.'
)
_DATES_READ = (
    "Dates are read in ISO 8601 (2022-03-01, 2022-03-01T10:00:00Z), other common written "
    "forms (15/03/2022, 15 March 2022, 2022年3月15日), YYYYMMDD (20220315), and Unix epoch "
    "seconds (1647302400) or milliseconds (1647302400000)"
)


def unreadable_dates_notices(
    rejected: pd.DataFrame,
    given: Mapping[tuple[str, str], int],
    *,
    counted: Mapping[str, int] | None = None,
) -> list[str]:
    """Notices for date columns most of whose values could not be read as dates.

    A date that cannot be read is cleared (``invalid_date``) and its row kept; when
    that is most of a column, the column is in a form not read (spreadsheet day
    numbers, a time zone given by an ambiguous name, a day/month order mixed in the
    table), and what the dates are evidence of (a return after a ban, the order of
    two stores) is lost without a word. One notice per column with at least
    :data:`UNREADABLE_DATES_MIN` non-empty values and :data:`UNREADABLE_DATES_SHARE`
    of them cleared: the table, the column, the share, a few of the values and what
    is read.

    Parameters
    ----------
    rejected : DataFrame
        The ``rejected`` table (its ``table``, ``column``, ``reason`` and ``value``).
    given : mapping
        ``(table, column)`` to the number of the column's non-empty values.
    counted : mapping, optional
        ``counts["rejected_by_reason"]``, when known (saves a pass over ``rejected``).

    Examples
    --------
    >>> import pandas as pd
    >>> rej = pd.DataFrame({"table": "stores", "column": "opened_at", "reason": "invalid_date",
    ...                     "value": [str(20000 + i) for i in range(30)]})
    >>> (notice,) = unreadable_dates_notices(rej, {("stores", "opened_at"): 40})
    >>> print(notice)
    30 of 40 opened_at values of the stores table (75%) could not be read as dates and
    were cleared (invalid_date), such as '20000', '20001', '20002'. They look like day
    numbers counted from 1970-01-01 (20000 is 2024-10-04), which are not read: format
    the column as dates (2024-10-04) before saving it. Dates are read in ISO 8601 (2022-03-01,
    2022-03-01T10:00:00Z), other common written forms (15/03/2022, 15 March 2022,
    2022年3月15日), YYYYMMDD (20220315), and Unix epoch seconds (1647302400) or
    milliseconds (1647302400000).
    """
    bad_total = _rejected_count(rejected, "invalid_date", counted)
    columns = [
        (key, n)
        for key, n in given.items()
        if n >= UNREADABLE_DATES_MIN and bad_total >= UNREADABLE_DATES_SHARE * n
    ]
    if not columns:
        return []
    bad = rejected[rejected["reason"] == "invalid_date"]
    out = []
    for (table, column), n in columns:
        values = bad.loc[(bad["table"] == table) & (bad["column"] == column), "value"]
        if len(values) < UNREADABLE_DATES_SHARE * n:
            continue
        examples = [str(v) for v in pd.unique(values.dropna().astype(str))[:3]]
        if examples and all(_SPREADSHEET_DAY.match(v) for v in examples):
            hint = (
                " They look like day numbers counted from 1970-01-01 (20000 is 2024-10-04), "
                "which are not read: format the column as dates (2024-10-04) before saving it."
            )
        elif any(_TWO_DIGIT_YEAR.match(v) for v in examples):
            hint = (
                " Numeric dates with a two-digit year (23/03/12) read year first "
                "(2023-03-12) or year last (2012-03-23), and are cleared where the table "
                f"does not tell which: {_DATE_ORDER_FIX}"
            )
        elif any(_DAY_MONTH.match(v) for v in examples):
            hint = (
                " Numeric dates that read either way (05/03/2024) are cleared where the "
                'table holds dates of both orders: set dates.order = "day_first" or '
                '"month_first" in the config (sellergraph run --date-order day_first) if '
                "one is right."
            )
        else:
            hint = ""
        out.append(
            f"{len(values):,} of {n:,} {column} values of the {table} table "
            f"({len(values) / n:.0%}) could not be read as dates and were cleared "
            f"(invalid_date), such as {_quoted(examples)}.{hint} {_DATES_READ}."
        )
    return out


#: From this share of the stores rows, rows with parts of an address but no street
#: line (so no address) are probably not meant to be without one ...
NO_STREET_LINE_SHARE = 0.01
#: ... and from this many of them.
NO_STREET_LINE_MIN = 20


def no_street_line_notice(label: str, street: Sequence[str], n: int, *, stores: int) -> str | None:
    """A notice when many stores rows have parts of an address but no street line.

    An address split over several columns (:mod:`sellergraph.address_columns`) is
    composed only for rows with a street line: a city, a postcode or a second line
    (``Apt 4``) alone is shared by strangers, and is no identifier. A row with those
    parts and an empty street line has no address, and nothing is rejected. From
    :data:`NO_STREET_LINE_MIN` such rows and :data:`NO_STREET_LINE_SHARE` of the
    stores rows, the notice says so: the street line may be in a column not read
    as one.

    Parameters
    ----------
    label : str
        The address's columns joined with ``" + "`` (``AddressColumns.label``).
    street : sequence of str
        Its street-line columns.
    n : int
        The stores rows with another part of the address but no street line.
    stores : int, keyword-only
        The stores rows read (not counting rows set aside whole).

    Examples
    --------
    >>> print(no_street_line_notice("address_1 + address_2 + suburb", ["address_1"], 318,
    ...                             stores=10_000))
    318 of 10,000 stores rows (3.2%) have parts of the address address_1 + address_2 +
    suburb but no street line (address_1), so they have no address: a city, postcode or
    further line alone is shared by strangers and is not read as one. If their street is
    in another column, rename that column to a street-line name (columns=, --columns).
    >>> no_street_line_notice("street + city", ["street"], 19, stores=100) is None
    True
    """
    if n < NO_STREET_LINE_MIN or n < NO_STREET_LINE_SHARE * stores:
        return None
    share = n / stores
    return (
        f"{n:,} of {stores:,} stores rows ({share:.1%}) have parts of the address {label} "
        f"but no street line ({', '.join(street)}), so they have no address: a city, "
        "postcode or further line alone is shared by strangers and is not read as one. "
        "If their street is in another column, rename that column to a street-line name "
        "(columns=, --columns)."
    )


#: From this share of the links set aside as ``unknown_kind`` (a kind the config does
#: not have), the links table probably names its kinds its own way ...
UNKNOWN_KIND_SHARE = 0.05
#: ... and from this many of them.
UNKNOWN_KIND_MIN = 20


def unknown_kind_notice(
    rejected: pd.DataFrame, *, links_in: int, counted: Mapping[str, int] | None = None
) -> str | None:
    """A notice when many links have a kind the config does not know.

    A links table may name the built-in kinds its own way (``TELEFONE``,
    ``CHAVE_PIX``): its links are set aside as ``unknown_kind``, and with them their
    evidence. From :data:`UNKNOWN_KIND_MIN` such links and :data:`UNKNOWN_KIND_SHARE`
    of all, the notice names the commonest unknown kinds with their counts and the
    setting that reads them (``kind_names``).

    Examples
    --------
    >>> import pandas as pd
    >>> rej = pd.DataFrame({"reason": "unknown_kind",
    ...                     "value": ["TELEFONE"] * 30 + ["CHAVE_PIX"] * 10})
    >>> print(unknown_kind_notice(rej, links_in=100))
    40 of 100 links (40%) have a kind that is not configured and were set aside
    (unknown_kind): 'TELEFONE' (30), 'CHAVE_PIX' (10). Name the kind each is with
    kind_names (config [kind_names], or --kind-names TELEFONE=phone), or give a kind of
    your own a weight ([kinds.NAME]).
    """
    n = _rejected_count(rejected, "unknown_kind", counted)
    if not links_in or n < UNKNOWN_KIND_MIN or n < UNKNOWN_KIND_SHARE * links_in:
        return None
    kinds = rejected.loc[rejected["reason"] == "unknown_kind", "value"].astype(str)
    common = kinds.value_counts(sort=False).sort_index()
    common = common.sort_values(ascending=False, kind="stable")
    listed = ", ".join(f"{str(k)!r} ({c:,})" for k, c in common.head(5).items())
    more = f" and {len(common) - 5:,} more" if len(common) > 5 else ""
    first = str(common.index[0]) if len(common) else "NAME"
    return (
        f"{n:,} of {links_in:,} links ({n / links_in:.0%}) have a kind that is not "
        f"configured and were set aside (unknown_kind): {listed}{more}. Name the kind each "
        f"is with kind_names (config [kind_names], or --kind-names "
        f"{first}={_kind_guess(first)}), or give a kind of your own a weight ([kinds.NAME])."
    )


def _kind_guess(name: str) -> str:
    """The built-in kind a word of ``name`` names (``IP_PUBLICO``: ``ip``), or ``KIND``.

    Examples
    --------
    >>> _kind_guess("TELEFONE_CONTATO"), _kind_guess("ip_publico"), _kind_guess("xyz")
    ('phone', 'ip', 'KIND')
    """
    words = canonical_kind(name).split("_")
    for word in words:
        if word in BUILTIN_KINDS:
            return word
        if word in KIND_ALIASES:
            return KIND_ALIASES[word]
    return "KIND"


#: Reasons a value is set aside as unreadable for its kind. Missing values and
#: placeholders are what a platform writes for "none"; phone numbers have their
#: own notice (:func:`phone_region_notice`). A model's name for a device, a value the
#: exporter partly hid (``138****5678``) and a JSON object naming no identifier are no
#: identifier either, but a column full of them is one the export should give otherwise.
_UNREADABLE = (
    "invalid_value",
    "invalid_email",
    "invalid_ip",
    "scientific_notation",
    "too_long",
    "no_digit",
    "invalid_characters",
    "device_model_only",
    "masked_value",
    "json_object",
)


def unreadable_values_notice(by_kind: Mapping[str, tuple[int, Mapping[str, int]]]) -> str | None:
    """A notice when many of a kind's links hold values that kind does not read.

    ``by_kind`` holds, per kind, its links and how many each reason set aside. A
    kind counts from :data:`UNKNOWN_KIND_MIN` such links and
    :data:`UNKNOWN_KIND_SHARE` of its own: a form of the platform's that the kind's
    rules refuse (a wallet written with its phone number, a label in another
    language) would otherwise cost every link it holds without a word.

    Examples
    --------
    >>> print(unreadable_values_notice({
    ...     "payment_account": (40_875, {"invalid_value": 3_757, "empty": 90}),
    ...     "email": (40_000, {"invalid_email": 19})}))
    Links set aside as values their kind does not read: payment_account 3,757 of
    40,875 (9%; invalid_value 3,757). The rejected table lists each with its value and
    reason. Values of a form sellergraph should read are worth reporting.
    >>> print(unreadable_values_notice({"id_document": (4_188, {"masked_value": 1_817})}))
    Links set aside as values their kind does not read: id_document 1,817 of 4,188
    (43%; masked_value 1,817). The rejected table lists each with its value and
    reason. Values the export partly hid (masked_value: ***-**-1234) identify no one:
    an export without the mask, or without the column, avoids them.
    """
    parts = []
    seen: set[str] = set()
    for kind, (links, reasons) in sorted(by_kind.items()):
        counted = {r: reasons.get(r, 0) for r in _UNREADABLE if reasons.get(r, 0)}
        n = sum(counted.values())
        if not links or n < UNKNOWN_KIND_MIN or n < UNKNOWN_KIND_SHARE * links:
            continue
        said = ", ".join(f"{r} {c:,}" for r, c in counted.items())
        parts.append((n, f"{kind} {n:,} of {links:,} ({n / links:.0%}; {said})"))
        seen.update(counted)
    if not parts:
        return None
    listed = ", ".join(text for _, text in sorted(parts, key=lambda p: -p[0]))
    masked = (
        " Values the export partly hid (masked_value: ***-**-1234) identify no one: an "
        "export without the mask, or without the column, avoids them."
        if "masked_value" in seen
        else ""
    )
    worth = (
        " Values of a form sellergraph should read are worth reporting."
        if seen - {"masked_value"}
        else ""
    )
    return (
        f"Links set aside as values their kind does not read: {listed}. The rejected "
        f"table lists each with its value and reason.{masked}{worth}"
    )


def no_banned_notice(
    status: pd.Series, *, links_in: int, statuses: Mapping[str, str] | None = None
) -> str | None:
    """A notice when no store is banned: there is nothing to score against.

    Scores, alerts and rings all measure what a store shares with banned stores; with
    none, a run ends with none of them and nothing else says why. Banned stores may
    be written in a word of the export's own (``suspended``), or in a word the config's
    ``statuses`` maps elsewhere. The notice counts the statuses read, names the words
    read as ``banned`` and how to map one. ``closed`` is closed for other reasons (by
    the owner, inactivity): mapped to banned, every such store would count as a banned
    seller, so the notice offers that mapping only for a platform whose ``closed``
    stores were all closed by it for abuse. No notice for an empty stores table or a
    run without links: there is nothing to score either way.

    Parameters
    ----------
    status : Series
        The stores' contract statuses (``active``, ``banned``, ``closed``).
    links_in : int, keyword-only
        The links read (``counts["links_in"]``).
    statuses : mapping of str to str, optional
        The config's other status words (``Config.statuses``).

    Examples
    --------
    >>> import pandas as pd
    >>> status = pd.Series(["closed"] * 6_000 + ["active"] * 4_000)
    >>> print(no_banned_notice(status, links_in=20_000, statuses={"suspended": "banned"}))
    No store is banned (6,000 closed, 4,000 active), so there is nothing to score
    against: scores, alerts and rings measure what a store shares with banned stores.
    Statuses read as banned: 'banned', 'suspended' ('closed' is closed for other
    reasons). If your export writes bans in a word of its own, map that word to banned
    (config [statuses] blocked = "banned", or --status blocked=banned, with your word).
    Map 'closed' to banned only if the platform itself closed every closed store for
    abuse: a store its owner closed is no banned seller, and the stores sharing its phone
    or address would alert (config [statuses] closed = "banned", or --status
    closed=banned).
    >>> print(no_banned_notice(pd.Series(["active"] * 3), links_in=5).split(". ", 2)[2])
    If your export writes bans in a word of its own, map that word to banned (config
    [statuses] suspended = "banned", or --status suspended=banned, with your word).
    >>> no_banned_notice(pd.Series(["banned", "active"]), links_in=2) is None
    True
    """
    if not len(status) or not links_in:
        return None
    counts = status.astype(str).value_counts(sort=False)
    if counts.get("banned", 0):
        return None
    order = sorted(counts.items(), key=lambda kv: (-kv[1], _status_rank(kv[0])))
    read = ", ".join(f"{n:,} {word}" for word, n in order)
    mapped = statuses or {}
    banned = ["banned", *sorted(w for w, s in mapped.items() if s == "banned" and w != "banned")]
    if mapped.get("banned", "banned") != "banned":
        banned.remove("banned")  # a marketplace that remapped the contract's own word
    closed = "" if "closed" in mapped else " ('closed' is closed for other reasons)"
    # the example word is one no mapping reads yet: never a contract word, whose
    # stores are closed for other reasons (mapping those would ban honest holders)
    word = next(w for w in ("suspended", "blocked", "terminated") if w not in mapped)
    said = (
        f"No store is banned ({read}), so there is nothing to score against: scores, "
        f"alerts and rings measure what a store shares with banned stores. Statuses read "
        f"as banned: {_quoted(banned) or 'none'}{closed}. If your export writes bans in a "
        f"word of its own, map that word to banned (config [statuses] "
        f'{word} = "banned", or --status {word}=banned, with your word).'
    )
    if counts.get("closed", 0) and "closed" not in mapped:
        said += (
            " Map 'closed' to banned only if the platform itself closed every closed store "
            "for abuse: a store its owner closed is no banned seller, and the stores sharing "
            'its phone or address would alert (config [statuses] closed = "banned", or '
            "--status closed=banned)."
        )
    return said


def _status_rank(word: str) -> int:
    """A contract status's place in :data:`~sellergraph.config.STATUSES` (others after)."""
    return STATUSES.index(word) if word in STATUSES else len(STATUSES)


#: A cluster of near-duplicate values past its kind's hub cap is named in a notice from
#: this many values: a value written many ways. A few spellings of one busy address
#: (three spellings of a market hall's) are in ``evidence.near_hubs`` only.
NEAR_HUB_NOTICE_VALUES = 5


def near_hub_notice(near_hubs: pd.DataFrame, hub_caps: Mapping[str, int]) -> str | None:
    """A notice when clusters of near-duplicate values (of at least
    :data:`NEAR_HUB_NOTICE_VALUES` values) are past their kind's hub cap.

    A value written many ways (a warehouse whose address each seller types his own
    way) is one hub though each spelling is held by a few stores: its spellings link
    no stores as near duplicates (each spelling still links its own holders), and no
    hubs row lists it, since no one value is past the cap. The notice names the
    largest cluster per kind, masked, so that a user can tell a value of their own
    (list its spellings in ``known_shared``) from an operator's (raise ``hub_cap``).

    Parameters
    ----------
    near_hubs : DataFrame
        :attr:`sellergraph.build.EvidenceGraph.near_hubs`, most stores first.
    hub_caps : mapping
        Each kind's ``hub_cap``.

    Examples
    --------
    >>> near = pd.DataFrame({"kind": ["address"], "value": ["88 industrial park avenue"],
    ...                      "n_values": [40], "n_stores": [80], "n_banned": [1]})
    >>> print(near_hub_notice(near, {"address": 40}))
    Near-duplicate values past their kind's hub_cap link no stores as near duplicates
    (each value still links the stores holding it): address 1 cluster (the largest: 40
    values held by 80 stores, 1 banned, past a hub_cap of 40; most held 88 ***). A value
    of your own (a warehouse) belongs in known_shared, each spelling; for an operator's,
    raise the kind's hub_cap.
    """
    near_hubs = near_hubs[near_hubs["n_values"] >= NEAR_HUB_NOTICE_VALUES]
    if near_hubs.empty:
        return None
    said = []
    for kind, rows in near_hubs.groupby("kind", sort=True):
        top = rows.iloc[0]
        said.append(
            f"{kind} {counted(len(rows), 'cluster')} (the largest: "
            f"{int(top['n_values']):,} values held by {counted(int(top['n_stores']), 'store')}, "
            f"{int(top['n_banned']):,} banned, past a hub_cap of {hub_caps[str(kind)]:,}; "
            f"most held {mask_value(str(kind), str(top['value']))})"
        )
    return (
        "Near-duplicate values past their kind's hub_cap link no stores as near duplicates "
        f"(each value still links the stores holding it): {'; '.join(said)}. A value of "
        "your own (a warehouse) belongs in known_shared, each spelling; for an operator's, "
        "raise the kind's hub_cap."
    )


#: A value held by at least this many stores that is the first item of at least
#: :data:`SHARED_ALERTS_MIN` alerts is named by :func:`shared_value_alerts_notice` when
#: those alerts stand on it alone (at least :data:`SHARED_ALONE_SHARE` of them have no
#: other item). An operator's device on 12 stores, 2 banned, whose ten other stores
#: share more with banned stores than the device, is not named.
SHARED_HOLDERS_MIN = 10
SHARED_ALERTS_MIN = 3
SHARED_ALONE_SHARE = 0.5
#: ... or when it is the first item of at least this many alerts and carries on average
#: at least :data:`SHARED_CARRIED_SHARE` of their evidence weight (the sum of their
#: items' weights), other items beside it: a seller agency's office device on 26 client
#: stores, 3 banned, first in 23 alerts beside the office's IP and address, carries 0.64
#: of them. An operator's device on 31 stores, 9 banned, first in 17 alerts, carries
#: 0.42 (its stores share payment accounts and phones with banned stores too); one on 12
#: stores, 4 banned, carries 0.70 of 5 alerts. In synthetic marketplaces no value
#: carrying half of its alerts' weight is first in more than 8.
SHARED_MANY_ALERTS = 10
SHARED_CARRIED_SHARE = 0.5
#: The notice names this many values, most alerts first (a list to look through, not
#: to guess from: it named three, and "1 more value" could only be found in ``hubs``).
SHARED_NAMED_MAX = 10
#: The ``free_share`` the notice suggests for devices when it names one and the
#: config's is larger: the docs' advice for devices strangers share (cafés, agencies).
SHARED_DEVICE_FREE_SHARE = 3


def shared_value_alerts_notice(
    first_items: pd.DataFrame, *, free_shares: Mapping[str, int] | None = None
) -> str | None:
    """A notice when widely held values are the main evidence of several alerts.

    A payment facilitator's collecting account, a fulfilment warehouse or an agency's
    office held by a few dozen stores stays under its kind's ``hub_cap`` and links
    them all; when a few of them were banned, the others alert on it. That is right
    for an operator's value and wrong for the marketplace's own, which only the user
    can tell apart: the notice names the values (masked) so that they can look, with
    the config lines that set them aside.

    A value is named when it is held by :data:`SHARED_HOLDERS_MIN` stores or more and
    is the first item of :data:`SHARED_ALERTS_MIN` alerts or more, most of which stand
    on it alone; or of :data:`SHARED_MANY_ALERTS` or more, whose evidence weight it
    carries on average :data:`SHARED_CARRIED_SHARE` or more of, though each also
    rests on other values (an agency office's IP and address beside its device).

    Parameters
    ----------
    first_items : DataFrame
        Per identifier that is the first (largest) item of an alert, but those scoring
        takes for an operator's: ``kind``, ``value``, ``n_stores``, ``n_banned``,
        ``n_alerts``, ``alone`` (the share of those alerts with no other item) and,
        optionally, ``carried`` (the share of each alert's evidence weight it carries,
        averaged over those alerts).
    free_shares : mapping, optional
        Each kind's ``free_share``: when a device is named and the devices'
        ``free_share`` is above :data:`SHARED_DEVICE_FREE_SHARE` (or unknown), the
        notice also gives the line that lowers it.

    Examples
    --------
    >>> first = pd.DataFrame({"kind": ["payment_account", "phone"],
    ...                       "value": ["PAYONEER48213377", "+14155550100"],
    ...                       "n_stores": [25, 2], "n_banned": [2, 1], "n_alerts": [17, 1],
    ...                       "alone": [0.7, 1.0]})
    >>> print(shared_value_alerts_notice(first))
    Values held by many stores are the main evidence of 17 alerts: payment_account
    ************3377 (25 stores, 2 banned) first in 17. If one is your marketplace's or
    a provider's (a payment facilitator's account, a fulfilment warehouse, a seller
    agency's office), list it in the config's known_shared, each of its forms (config
    [known_shared] payment_account = ["<value>", ...]; hubs holds the values, in full
    when run with --raw); an operator's is evidence.
    >>> office = pd.DataFrame({"kind": ["device"], "value": ["e15a1e7dc76106f15ddf2cbd2662a8d6"],
    ...                        "n_stores": [26], "n_banned": [3], "n_alerts": [23],
    ...                        "alone": [0.0], "carried": [0.64]})
    >>> print(shared_value_alerts_notice(office, free_shares={"device": 8}))
    Values held by many stores are the main evidence of 23 alerts: device
    e1**************************a8d6 (26 stores, 3 banned) first in 23. If one is your
    marketplace's or a provider's (a payment facilitator's account, a fulfilment
    warehouse, a seller agency's office), list it in the config's known_shared, each of
    its forms (config [known_shared] device = ["<value>", ...]; hubs holds the values, in
    full when run with --raw); an operator's is evidence. Devices that strangers' stores
    share (an agency's office, a café) weigh less with config [kinds.device] free_share
    = 3 (each held by more than 3 stores).
    """
    wide = first_items[_named_shared(first_items)]
    if wide.empty:
        return None
    wide = wide.sort_values(
        ["n_alerts", "n_stores", "kind", "value"], ascending=[False] * 2 + [True] * 2
    )
    said = [
        f"{row.kind} {mask_value(str(row.kind), str(row.value))} "
        f"({counted(int(row.n_stores), 'store')}, {int(row.n_banned):,} banned) "
        f"first in {int(row.n_alerts):,}"
        for row in wide.head(SHARED_NAMED_MAX).itertuples(index=False)
    ]
    more = (
        f"; {counted(len(wide) - SHARED_NAMED_MAX, 'more value')} (in hubs, or explain an alert)"
        if len(wide) > SHARED_NAMED_MAX
        else ""
    )
    kinds = sorted({str(k) for k in wide["kind"]})
    lines = "; ".join(f'{kind} = ["<value>", ...]' for kind in kinds)
    devices = (
        " Devices that strangers' stores share (an agency's office, a café) weigh less with "
        f"config [kinds.device] free_share = {SHARED_DEVICE_FREE_SHARE} (each held by more "
        f"than {SHARED_DEVICE_FREE_SHARE} stores)."
        if "device" in kinds
        and (free_shares or {}).get("device", SHARED_DEVICE_FREE_SHARE + 1)
        > SHARED_DEVICE_FREE_SHARE
        else ""
    )
    return (
        f"Values held by many stores are the main evidence of "
        f"{counted(int(wide['n_alerts'].sum()), 'alert')}: {'; '.join(said)}{more}. If one is "
        "your marketplace's or a provider's (a payment facilitator's account, a fulfilment "
        "warehouse, a seller agency's office), list it in the config's known_shared, each "
        f"of its forms (config [known_shared] {lines}; hubs holds the values, in full when "
        f"run with --raw); an operator's is evidence.{devices}"
    )


def _named_shared(first_items: pd.DataFrame) -> pd.Series:
    """Which of :func:`shared_value_alerts_notice`'s ``first_items`` it names: held by
    many stores, and the main evidence of alerts that stand on it alone, or of many
    alerts whose evidence weight it mostly carries."""
    f = first_items
    main = (f["n_alerts"] >= SHARED_ALERTS_MIN) & (f["alone"] >= SHARED_ALONE_SHARE)
    if "carried" in f:
        main |= (f["n_alerts"] >= SHARED_MANY_ALERTS) & (f["carried"] >= SHARED_CARRIED_SHARE)
    return (f["n_stores"] >= SHARED_HOLDERS_MIN) & main


#: A column holds dates when this share of its values on banned stores read as dates.
DATE_COLUMN_SHARE = 0.8


def closed_at_column_notice(
    stores: pd.DataFrame, unread: Sequence[str], *, banned: pd.Series, missing: int
) -> str | None:
    """A notice when banned stores have no ``closed_at`` because the table has no such
    column, and a column not read holds dates on them (the day they were banned, under
    a name of the platform's own: ``Sperrdatum``, ``zablokowano``).

    Parameters
    ----------
    stores : DataFrame
        The stores table as read (its columns renamed).
    unread : sequence of str
        Its columns not read (``counts["columns_not_read"]``).
    banned : Series of bool
        Which of its rows are banned stores.
    missing : int
        Banned stores without ``closed_at`` (``missing_closed_at``).

    Examples
    --------
    >>> stores = pd.DataFrame({"store_id": ["A", "B"], "status": ["banned", "active"],
    ...                        "Zablokowano": ["01.02.2023", None], "Nota": ["x", "y"]})
    >>> print(closed_at_column_notice(stores, ["Zablokowano", "Nota"],
    ...                               banned=stores["status"] == "banned", missing=1))
    1 banned store has no closed_at (missing_closed_at: a return cannot be told from a
    sibling), and the stores table has no closed_at column; its column 'Zablokowano', not
    read, holds dates on the banned stores: if it is the day they were banned, read it as
    closed_at (columns={'Zablokowano': 'closed_at'}; --columns 'Zablokowano=closed_at').
    """
    if not missing or "closed_at" in stores.columns or not banned.any():
        return None
    found = []
    for column in unread:
        if column not in stores.columns:
            continue
        given = stores.loc[banned.to_numpy(dtype=bool), column].dropna().head(200)
        given = given[given.astype(str).str.strip() != ""]
        if given.empty:
            continue
        try:
            parsed, _ = parse_dates(given.astype(str))
        except (TypeError, ValueError):
            continue
        if parsed.notna().mean() >= DATE_COLUMN_SHARE:
            found.append(column)
    if not found:
        return None
    first = found[0]
    named = ", ".join(repr(c) for c in found[:3])
    return (
        f"{counted(missing, 'banned store')} {'has' if missing == 1 else 'have'} no closed_at "
        "(missing_closed_at: a return cannot be told from a sibling), and the stores table "
        f"has no closed_at column; its column{'s' if len(found) > 1 else ''} {named}, not "
        f"read, {'hold' if len(found) > 1 else 'holds'} dates on the banned stores: if "
        f"{'one' if len(found) > 1 else 'it'} is the day they were banned, read it as "
        f"closed_at (columns={{{first!r}: 'closed_at'}}; --columns '{first}=closed_at')."
    )


#: A numeric date with a two-digit year (``23/03/12``, ``23.03.12``, ``23-03-12``).
_TWO_DIGIT_YEAR = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{1,2})(?:[ T].*)?$")


def two_digit_year_notices(
    rejected: pd.DataFrame, *, counted: Mapping[str, int] | None = None
) -> list[str]:
    """Notices for tables whose dates with a two-digit year were cleared because the
    table does not tell whether they are written year first or year last.

    ``23/03/12`` is 12 March 2023 in a Japanese, Korean or Chinese export and 23 March
    2012 in a European one; read the wrong way, a return a few months after a ban
    looks like one years later (and the phone number, a recycled one). The loader
    reads them year first or last where the table proves or shows it
    (:func:`sellergraph.schema.parse_dates`), and clears them (``invalid_date``) where it
    does not: one notice per table holding any, whatever their number, with the two
    readings of one of them and the setting that says which is right.

    Examples
    --------
    >>> import pandas as pd
    >>> rej = pd.DataFrame({"table": "stores", "column": ["opened_at", "closed_at"],
    ...                     "reason": "invalid_date", "value": ["23/03/12", "22.11.05"]})
    >>> (notice,) = two_digit_year_notices(rej)
    >>> print(notice)
    2 dates of the stores table (opened_at 1, closed_at 1), such as '23/03/12', have a
    two-digit year and read year first (2023-03-12) or year last (2012-03-23), and the
    table does not tell which: they were cleared (invalid_date). To read them, set
    dates.order = "year_first" in the config (sellergraph run --date-order year_first) if
    the year is first, as Japanese, Korean and Chinese exports write it; "day_first" or
    "month_first" if it is last.
    """
    from ._wording import counted as counted_word

    if counted is not None and not counted.get("invalid_date"):
        return []
    bad = rejected[rejected["reason"] == "invalid_date"]
    if not len(bad):
        return []
    out = []
    for table, rows in bad.groupby("table", sort=False):
        text = rows["value"].astype(str).str.strip()
        both = text.map(_reads_year_first_or_last).to_numpy(dtype=bool)
        if not both.any():
            continue
        by_column = rows["column"][both].value_counts(sort=False)
        columns = ", ".join(f"{c} {n:,}" for c, n in by_column.items())
        example = str(text[both].iloc[0])
        first, _, second, year = _TWO_DIGIT_YEAR.match(example).groups()  # type: ignore[union-attr]
        n = int(both.sum())
        out.append(
            f"{counted_word(n, 'date')} of the {table} table ({columns}), such as "
            f"{example!r}, {'have' if n != 1 else 'has'} a two-digit year and "
            f"read{'s' if n == 1 else ''} year first ({_century(first)}-{int(second):02d}-"
            f"{int(year):02d}) or year last ({_century(year)}-{int(second):02d}-"
            f"{int(first):02d}), and the table does not tell which: "
            f"{'they were' if n != 1 else 'it was'} cleared (invalid_date). To read "
            f"{'them' if n != 1 else 'it'}, {_DATE_ORDER_FIX}"
        )
    return out


def _century(year: str) -> int:
    """A two-digit year as :func:`sellergraph.schema.parse_dates` reads it (POSIX
    ``%y``: 69-99 are 19xx, 00-68 are 20xx)."""
    return int(year) + (2000 if int(year) < 69 else 1900)


def _reads_year_first_or_last(text: str) -> bool:
    """Whether ``text`` is a two-digit-year date that reads both year first and year
    last, day first (``23/03/12``)."""
    m = _TWO_DIGIT_YEAR.match(text)
    if m is None:
        return False
    first, second, year = int(m[1]), int(m[3]), int(m[4])
    return 1 <= second <= 12 and 1 <= year <= 31 and 1 <= first <= 31


def future_dates_notice(
    rejected: pd.DataFrame,
    *,
    counted: Mapping[str, int] | None = None,
    as_of: str | None = None,
) -> str | None:
    """A notice naming the dates cleared as in the future of their table's data
    (``future_date``: :func:`sellergraph.schema.future_dates`), by column, with the
    newest of them. Any number of them: a banned store "closed" in the future holds
    its values until then, so a phone number handed on to a stranger after the ban
    looks held by both at once and does not fade as a recycled one. ``as_of``: the day
    the data is of (the config's ``dates.as_of``), which judged them; without, the
    notice says the day of the run did, and how to name the day instead.

    Examples
    --------
    >>> import pandas as pd
    >>> rej = pd.DataFrame({"table": ["stores", "stores", "links"],
    ...     "column": ["closed_at", "closed_at", "observed_at"], "reason": "future_date",
    ...     "value": ["2031-06-01", "2031-06-01", "2037-01-01 10:00"]})
    >>> print(future_dates_notice(rej))
    3 dates are more than a year after every other date of their table but a few, and
    after the day of the run, and were cleared (future_date): 2 closed_at of the stores
    table (such as '2031-06-01'), 1 observed_at of the links table (such as '2037-01-01
    10:00'). No store closed, opened or was seen then: a closed_at in the future (a
    "suspended until" day, a mistyped year) would keep a banned store holding its phone
    number until then, so that the number, handed on to someone else, would not fade as a
    recycled one. Give the day the store was closed (and the day a store opened, a value
    was seen). The day of the run took part: to read the data the same way on any day,
    give the day it is of as dates.as_of in the config (sellergraph run --as-of
    YYYY-MM-DD).
    >>> print(future_dates_notice(rej.head(1), as_of="2024-06-01"))
    1 date is after 2024-06-01, the day the data is of (dates.as_of), and the day after it,
    and was cleared (future_date): 1 closed_at of the stores table (such as '2031-06-01').
    No store closed, opened or was seen then: a closed_at in the future (a "suspended
    until" day, a mistyped year) would keep a banned store holding its phone number until
    then, so that the number, handed on to someone else, would not fade as a recycled one.
    Give the day the store was closed (and the day a store opened, a value was seen), or,
    if the data is of a later day, that day as dates.as_of.
    """
    if counted is not None and not counted.get("future_date"):
        return None
    future = rejected[rejected["reason"] == "future_date"]
    if not len(future):
        return None
    from ._wording import counted as counted_word

    parts = []
    for (table, column), values in future.groupby(["table", "column"], sort=False)["value"]:
        newest = sorted(pd.unique(values.dropna().astype(str)))[-1:]
        such = f" (such as {newest[0]!r})" if newest else ""
        parts.append(f"{len(values):,} {column} of the {table} table{such}")
    one = len(future) == 1
    if as_of is None:
        judged = (
            "more than a year after every other date of their table but a few, and after "
            "the day of the run"
        )
        then = (
            ". The day of the run took part: to read the data the same way on any day, give "
            "the day it is of as dates.as_of in the config (sellergraph run --as-of "
            "YYYY-MM-DD)."
        )
    else:
        judged = f"after {as_of}, the day the data is of (dates.as_of), and the day after it"
        then = ", or, if the data is of a later day, that day as dates.as_of."
    return (
        f"{counted_word(len(future), 'date')} {'is' if one else 'are'} {judged}, and "
        f"{'was' if one else 'were'} cleared (future_date): {', '.join(parts)}. "
        "No store closed, opened or was seen then: a "
        'closed_at in the future (a "suspended until" day, a mistyped year) would keep a '
        "banned store holding its phone number until then, so that the number, handed on "
        "to someone else, would not fade as a recycled one. Give the day the store was "
        f"closed (and the day a store opened, a value was seen){then}"
    )


def one_day_notice(days: Mapping[tuple[str, str], tuple[int, int, str] | None]) -> str | None:
    """A notice naming the date columns whose dates are nearly all one day: from
    :data:`sellergraph.schema.ONE_DAY_MIN` non-empty values, and
    :data:`sellergraph.schema.ONE_DAY_SHARE` of them on one day
    (:func:`sellergraph.schema.busiest_day`, by ``(table, column)``).

    Such a column is most likely the day the data was loaded (a backfill), not the day
    each store opened or closed or each value was seen: every gap between two holders
    of a value is then 0, recycled phone numbers do not fade, and every match looks
    like a store opened the day its banned twin closed.

    Examples
    --------
    >>> print(one_day_notice({("stores", "opened_at"): (5000, 5000, "2024-01-01"),
    ...                       ("links", "observed_at"): (900, 300, "2024-01-01")}))
    All 5,000 opened_at values of the stores table are one day, 2024-01-01. A date
    column that holds one day is most likely the day the data was loaded, not the day
    each store opened or closed or each value was seen: every gap between two holders
    of a value is then 0, so recycled phone numbers do not fade and a match looks like a
    store opened the day its banned twin closed. If it is a load date, leave the column
    out (or empty); if the day is right (one wave of bans), this notice can be ignored.
    """
    from .schema import ONE_DAY_MIN, ONE_DAY_SHARE

    found = [
        (table, column, n, top, day)
        for (table, column), seen in days.items()
        if seen is not None
        for n, top, day in [seen]
        if n >= ONE_DAY_MIN and top >= ONE_DAY_SHARE * n
    ]
    if not found:
        return None
    said = []
    for table, column, n, top, day in found:
        share = f"All {n:,}" if top == n else f"{top:,} of {n:,} ({top / n:.0%})"
        said.append(f"{share} {column} values of the {table} table are one day, {day}")
    return (
        "; ".join(said[:1] + [s[0].lower() + s[1:] for s in said[1:]]) + ". A date column "
        "that holds one day is most likely the day the data was loaded, not the day each "
        "store opened or closed or each value was seen: every gap between two holders of a "
        "value is then 0, so recycled phone numbers do not fade and a match looks like a "
        "store opened the day its banned twin closed. If it is a load date, leave the "
        "column out (or empty); if the day is right (one wave of bans), this notice can be "
        "ignored."
    )


def no_active_notice(status: pd.Series, *, links_in: int) -> str | None:
    """A notice when no store is active: there is no store to score.

    Only active stores are scored, so a run without one ends with no score and no
    alert, and nothing else says why (rings are still found, among the banned and
    closed stores). An export of the banned stores only, or active stores written in
    a word the config's ``statuses`` maps elsewhere, look so. No notice for an empty
    stores table or a run without links (:func:`no_banned_notice` likewise).

    Examples
    --------
    >>> print(no_active_notice(pd.Series(["banned"] * 5_000), links_in=40_000))
    No store is active (5,000 banned), so no store is scored and no alert is raised: only
    active stores are scored (rings are still found among the others). If the stores table
    should hold active stores, check its export, or map the word it writes for them to
    active (config [statuses] open = "active", or --status open=active, with your word).
    >>> no_active_notice(pd.Series(["banned", "active"]), links_in=2) is None
    True
    """
    if not len(status) or not links_in:
        return None
    counts = status.astype(str).value_counts(sort=False)
    if counts.get("active", 0):
        return None
    order = sorted(counts.items(), key=lambda kv: (-kv[1], _status_rank(kv[0])))
    read = ", ".join(f"{n:,} {word}" for word, n in order)
    return (
        f"No store is active ({read}), so no store is scored and no alert is raised: only "
        "active stores are scored (rings are still found among the others). If the stores "
        "table should hold active stores, check its export, or map the word it writes for "
        'them to active (config [statuses] open = "active", or --status open=active, with '
        "your word)."
    )


#: Store ids differing from another only in case are named in a notice, a few of them.
STORE_ID_CASE_EXAMPLES = 3


def store_id_case_notice(store_ids: pd.Series) -> str | None:
    """A notice when store ids of the stores table differ from another only in case
    (``T0000000`` and ``t0000000``): they are read as different stores, as written.

    Ids are compared as written, so such ids are two stores, each with its own links;
    where they were meant as one (an export that lower-cased some ids), each holds part
    of the store's evidence, and the links table's ids in the other case meet only one
    of them. The links get a notice when many name no store
    (:func:`unknown_store_notice`); this one says it of the stores table itself.

    Examples
    --------
    >>> ids = pd.Series(["T0000000", "t0000000", "T0000001", "S1", "s1", "S2"])
    >>> print(store_id_case_notice(ids))
    2 store_ids of the stores table are another's in another case, such as 't0000000'
    beside 'T0000000', 's1' beside 'S1': they are read as different stores, as ids are
    compared as written. If each pair is one store, write its id one way in both tables.
    >>> store_id_case_notice(pd.Series(["A1", "B1"])) is None
    True
    """
    import pyarrow.compute as pc

    if len(store_ids) < 2:
        return None
    ids = pa.array(store_ids.astype(str).to_numpy(dtype=object), type=pa.large_string())
    folded = pc.utf8_lower(ids)
    if pc.count_distinct(folded).as_py() == len(ids):
        return None  # most tables: no two ids are one in any case
    frame = pd.DataFrame(
        {"id": ids.to_numpy(zero_copy_only=False), "folded": folded.to_numpy(zero_copy_only=False)}
    )
    first = frame.groupby("folded", sort=False)["id"].transform("first")
    other = (frame["id"] != first).to_numpy()
    twins = frame[other].assign(first=first[other])
    if twins.empty:
        return None
    shown = ", ".join(
        f"{r.id!r} beside {r.first!r}" for r in twins.head(STORE_ID_CASE_EXAMPLES).itertuples()
    )
    many = len(twins) > 1
    noun = f"store_id{'s' if many else ''} of the stores table {'are' if many else 'is'}"
    return (
        f"{len(twins):,} {noun} another's in another case, such as {shown}: they are read "
        "as different stores, as ids are compared as written. If each pair is one store, "
        "write its id one way in both tables."
    )


def duplicate_stores_notice(set_aside: pd.DataFrame, *, links: int, stores: int) -> str | None:
    """A notice when stores were set aside because their ``store_id`` is on stores rows
    that differ (``input.duplicate_stores = "reject"``): how many stores and rows, a few
    of their ids, and the links set aside with them.

    Parameters
    ----------
    set_aside : DataFrame
        The stores rows set aside (``duplicate_store_id`` rows of ``rejected``: their
        ``store_id``).
    links : int
        The links set aside with them (``store_set_aside``).
    stores : int
        The stores read (those kept).

    Examples
    --------
    >>> rows = pd.DataFrame({"store_id": ["S1", "S1", "S7", "S7", "S7"]})
    >>> print(duplicate_stores_notice(rows, links=12, stores=4_998))
    2 stores of 5,000 were set aside with their 12 links, since each store_id is on stores
    rows that differ (5 rows: duplicate_store_id and store_set_aside in rejected), such as
    'S1', 'S7': which row is the store is not sure (input.duplicate_stores = "reject").
    Export one row per store to have them analysed.
    """
    if set_aside.empty:
        return None
    ids = pd.unique(set_aside["store_id"].astype(str).to_numpy(dtype=object))
    n = len(ids)
    return (
        f"{counted(n, 'store')} of {stores + n:,} {'was' if n == 1 else 'were'} set aside with "
        f"{'its' if n == 1 else 'their'} {counted(links, 'link')}, since each store_id is on "
        f"stores rows that differ ({counted(len(set_aside), 'row')}: duplicate_store_id and "
        f"store_set_aside in rejected), such as {_quoted(list(ids[:3]))}: which row is the "
        'store is not sure (input.duplicate_stores = "reject"). Export one row per store to '
        "have them analysed."
    )
