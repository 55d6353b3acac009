"""Values handed on to other people: the time between two holders weakens a match.

Phone numbers are reassigned once their owner gives them up, and dynamic IP
addresses go to the next customer. A banned store's phone number that turns up on a
new store five years after the ban was most likely reassigned, not kept by the
offender. Each kind's :class:`~sellergraph.config.KindRule` says how fast:
``recycled_after_days`` of grace, then the match halves in weight every
``recycled_half_life_days`` (0: never; the default for devices, payment accounts,
ID documents, e-mail and addresses).

A payment account that is a wallet addressed by its holder's mobile number (M-Pesa's
``MPESA0712345678``, bKash's ``BKASH01712345678``, Zelle's ``ZELLE2127365000``:
:data:`PHONE_WALLETS`) is handed on with the number: a new holder of the number who
opens the wallet gets the same key. It fades as a phone does, by the ``phone`` kind's
rule (:func:`handed_on_with_phone`, :func:`value_recycling`).

The gap is read cautiously, so that it is never longer than the data shows:

* a store that is banned or closed held a value until its last sighting
  (``observed_at``) or its closure, whichever is later;
* an active store still holds its values (no gap after it);
* a store held a value from its first sighting or its opening, whichever is
  earlier.

Days are integer day numbers (days since 1970-01-01), :data:`NAT_DAYS` where unknown.

Examples
--------
>>> recycling_factor(np.array([1879]), np.array([365]), np.array([365])).round(3).tolist()
[0.056]
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .config import Config

__all__ = [
    "NAT_DAYS",
    "PHONE_WALLETS",
    "days",
    "gap_note",
    "handed_on_with_phone",
    "held_gap",
    "kind_recycling",
    "pair_gaps",
    "recycling_factor",
    "recycling_rules",
    "sightings",
    "value_recycling",
]

#: Day number of an unknown date (below every real day).
NAT_DAYS = np.iinfo(np.int64).min // 2

#: Evidence texts mention the time between two holders of a value from this many days.
NOTED_GAP_DAYS = 365

#: The digits of a phone number in a wallet's key: national (with its trunk ``0`` or
#: ``8``) or international, at most E.164's 15 digits and at least 8, so a till or
#: paybill written after a wallet's name (``MPESA512845``, six digits) is none, nor
#: a card's 16-19 digits.
_PHONE_DIGITS = r"\+?[0-9]{8,15}"
#: A Nigerian mobile number (``0803…``, ``234803…``) or the ten digits after its ``0``,
#: which OPay, PalmPay and Moniepoint make a personal wallet's account number.
_NG_MOBILE = r"(?:\+?234|0)?[789][01][0-9]{8}"

#: Wallets whose accounts are their holders' mobile numbers, by their name in a payment
#: account's key (:func:`sellergraph.normalize.normalize_value`), with the digits after
#: it that are a phone number. When a carrier reissues the number, its next holder who
#: opens the same wallet gets the same key, so a match on it years apart is as weak as
#: one on the phone itself. Mobile money (M-Pesa, bKash, Nagad, Rocket, JazzCash,
#: Easypaisa, MTN MoMo, Airtel Money, Vodafone Cash, Orange Money, Wave, …) and e-wallets
#: (GCash, Maya, OVO, GoPay, DANA, TrueMoney, MoMo, ViettelPay, QIWI, Kaspi, …) take any
#: phone number; names written several ways are listed as the key may hold them
#: (``VFCASH``, ``DBBLROCKET``, ``MTNMOMO``). Proxies that also take other ids match only
#: a phone number: PromptPay a Thai mobile (not a 13-digit citizen id), DuitNow a
#: Malaysian mobile (not a MyKad's 12 digits), PayNow a Singapore mobile (not an NRIC or
#: a UEN), PayID an Australian mobile (not an ABN), Zelle and Venmo ten digits (not
#: Venmo's ``VENMO:@handle``). OPay, PalmPay and Moniepoint match a Nigerian mobile number, with
#: or without its ``0``: their personal wallets' account numbers are the number without
#: it, while a business account's bank-assigned number seldom has a mobile's first
#: digits. A bank account, an IBAN, a till or paybill (``TILL…``, ``PAYBILL…``) and a
#: bare number naming no wallet never match.
PHONE_WALLETS: Mapping[str, str] = types.MappingProxyType(
    {
        **dict.fromkeys(
            (
                # East Africa
                "MPESA", "AIRTELMONEY", "TKASH", "TIGOPESA", "HALOPESA", "ECOCASH",
                "TELEBIRR",
                # South Asia
                "BKASH", "BKASHPERSONAL", "NAGAD", "ROCKET", "DBBLROCKET", "UPAY",
                "JAZZCASH", "EASYPAISA", "UPAISA", "RAAST", "RAASTID", "PAYTM",
                # West and North Africa
                "MOMO", "MTNMOMO", "MTNMOBILEMONEY", "MOBILEMONEY", "VODAFONECASH",
                "VFCASH", "TELECELCASH", "AIRTELTIGOMONEY", "ORANGEMONEY", "ORANGECASH",
                "ETISALATCASH", "INSTAPAY", "WAVE", "MOOVMONEY", "FREEMONEY",
                # South-East Asia
                "GCASH", "MAYA", "PAYMAYA", "OVO", "GOPAY", "DANA", "LINKAJA", "SHOPEEPAY",
                "GRABPAY", "BOOST", "TNG", "TOUCHNGO", "TRUEMONEY", "ZALOPAY",
                "VIETTELPAY", "VIETTELMONEY",
                # Russia and Kazakhstan
                "QIWI", "KASPI",
            ),
            _PHONE_DIGITS,
        ),
        "PROMPTPAY": r"0[0-9]{9}",
        "DUITNOW": r"01[0-9]{8,9}",
        "PAYNOW": r"[89][0-9]{7}",
        "PAYID": r"04[0-9]{8}",
        "ZELLE": r"[0-9]{10}",
        "VENMO": r"[0-9]{10}",
        **dict.fromkeys(("OPAY", "PALMPAY", "MONIEPOINT", "MONIEPOINTMFB"), _NG_MOBILE),
    }
)  # fmt: skip


def _wallet_pattern(wallets: Mapping[str, str]) -> str:
    """One pattern (for RE2 and :mod:`re` alike) for a whole key that is a wallet's name
    and then its phone number."""
    by_digits: dict[str, list[str]] = {}
    for name, digits in wallets.items():
        by_digits.setdefault(digits, []).append(name)
    return "(?:{})".format(
        "|".join(
            "(?:{}){}".format("|".join(sorted(names, key=lambda n: (-len(n), n))), digits)
            for digits, names in by_digits.items()
        )
    )


_WALLET_KEY = _wallet_pattern(PHONE_WALLETS)
_WALLET_KEY_RE = re.compile(_WALLET_KEY)
#: Up to this many entries are read in Python: a screened registration's few values
#: are not worth Arrow's and pandas' set-up.
_FEW = 64


def gap_note(gap_days: int | None) -> str:
    """What an evidence text adds about a long time between two holders of a value.

    Examples
    --------
    >>> gap_note(1978), gap_note(30), gap_note(None)
    ('; 1,978 days between holders', '', '')
    """
    if gap_days is None or gap_days == NAT_DAYS or gap_days < NOTED_GAP_DAYS:
        return ""
    return f"; {gap_days:,} days between holders"


def days(values: pd.Series | np.ndarray) -> np.ndarray:
    """Day numbers of dates, :data:`NAT_DAYS` where missing.

    Examples
    --------
    >>> days(np.array(["1970-01-02", "NaT"], dtype="datetime64[ns]")).tolist() == [1, NAT_DAYS]
    True
    """
    arr = np.asarray(values, dtype="datetime64[ns]")
    out = arr.astype("datetime64[D]").astype(np.int64)
    return np.where(np.isnat(arr), NAT_DAYS, out)


def recycling_factor(
    gap_days: np.ndarray, after_days: np.ndarray, half_life_days: np.ndarray
) -> np.ndarray:
    """How much of its weight a match keeps when its value went unheld ``gap_days``.

    A value of a kind that is handed on keeps its weight for ``after_days``, then
    halves every ``half_life_days``. A half-life of 0, an unknown gap
    (:data:`NAT_DAYS`) or a negative one (the stores held the value at the same
    time) keeps the whole weight.

    Examples
    --------
    >>> recycling_factor(np.array([100, 730, 1879, 1879]), np.array([365, 365, 365, 0]),
    ...                  np.array([365, 365, 365, 0])).round(3).tolist()
    [1.0, 0.5, 0.056, 1.0]
    """
    gap = np.asarray(gap_days, dtype=np.int64)
    after = np.asarray(after_days, dtype=np.float64)
    half = np.asarray(half_life_days, dtype=np.float64)
    beyond = np.maximum(gap - after, 0.0)
    fades = (half > 0) & (gap != NAT_DAYS) & (beyond > 0)
    return np.where(fades, 0.5 ** (beyond / np.where(half > 0, half, 1.0)), 1.0)


def held_gap(
    first_seen: np.ndarray,
    opened: np.ndarray,
    last_seen: np.ndarray,
    closed: np.ndarray,
    ended: np.ndarray,
) -> np.ndarray:
    """Days from one store's last holding of a value to another store's first.

    Parameters
    ----------
    first_seen, opened : ndarray
        The later store's first sighting of its value and its opening day; it held
        the value from the earlier of the two known ones.
    last_seen, closed : ndarray
        The earlier store's last sighting of its value and its closing day; it held
        the value until the later of the two known ones.
    ended : ndarray of bool
        Whether the earlier store is banned or closed: an active store still holds
        its values, and there is no gap after it.

    Returns
    -------
    ndarray
        The gap in days (negative: the holdings overlap), :data:`NAT_DAYS` where
        either end is unknown or the earlier store has not ended.

    Examples
    --------
    >>> nat = NAT_DAYS
    >>> held_gap(np.array([900, nat, 900]), np.array([1000, 950, 1000]),
    ...          np.array([100, 100, 100]), np.array([50, nat, 50]),
    ...          np.array([True, True, False])).tolist() == [800, 850, nat]
    True
    """
    start = _earliest(np.asarray(first_seen), np.asarray(opened))
    end = np.maximum(np.asarray(last_seen), np.asarray(closed))  # NAT_DAYS is lowest
    known = np.asarray(ended, dtype=bool) & (start != NAT_DAYS) & (end != NAT_DAYS)
    return np.where(known, start - end, NAT_DAYS)


def _earliest(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The earlier of two days, either of which may be unknown."""
    return np.where(a == NAT_DAYS, b, np.where(b == NAT_DAYS, a, np.minimum(a, b)))


def kind_recycling(
    kinds: Sequence[str] | np.ndarray, config: Config
) -> tuple[np.ndarray, np.ndarray]:
    """``recycled_after_days`` and ``recycled_half_life_days`` of each entry's kind
    (0 and 0 for a kind the config does not list).

    Examples
    --------
    >>> after, half = kind_recycling(["phone", "device"], Config())
    >>> after.tolist(), half.tolist()
    ([365.0, 0.0], [365.0, 0.0])
    """
    kind = np.asarray(kinds, dtype=object)
    if len(kind) <= _FEW:
        rules = [config.kinds.get(str(k)) for k in kind.tolist()]
        return (
            np.array([r.recycled_after_days if r else 0 for r in rules], dtype=np.float64),
            np.array([r.recycled_half_life_days if r else 0 for r in rules], dtype=np.float64),
        )
    names = pd.Series(kind, dtype=object)
    by_kind = {k: config.kinds.get(str(k)) for k in pd.unique(names)}
    after = {k: float(r.recycled_after_days) if r else 0.0 for k, r in by_kind.items()}
    half = {k: float(r.recycled_half_life_days) if r else 0.0 for k, r in by_kind.items()}
    return (
        names.map(after).to_numpy(dtype=np.float64),
        names.map(half).to_numpy(dtype=np.float64),
    )


def handed_on_with_phone(
    kinds: Sequence[str] | np.ndarray | pd.Series, keys: Sequence[str] | np.ndarray | pd.Series
) -> np.ndarray:
    """Which entries are payment accounts handed on with a phone number: a wallet's
    name then its phone number (:data:`PHONE_WALLETS`), as the normaliser keys them.

    Parameters
    ----------
    kinds : sequence of str
        Each entry's kind: only a ``payment_account`` can be such a wallet.
    keys : sequence of str
        Each entry's normalised key; a missing one is no wallet.

    Returns
    -------
    ndarray of bool

    Examples
    --------
    >>> handed_on_with_phone(
    ...     ["payment_account"] * 6 + ["phone"],
    ...     ["MPESA0712345678", "BKASH+8801712345678", "ZELLE2127365000", "GTB0123456789",
    ...      "VENMO:@JANE-DOE", "PAYBILL522522ACC0712345678", "+254712345678"],
    ... ).tolist()
    [True, True, True, False, False, False, False]
    """
    kind = np.asarray(kinds, dtype=object)
    out = np.zeros(len(kind), dtype=bool)
    if len(keys) != len(kind):
        raise ValueError(f"{len(kind)} kinds but {len(keys)} keys")
    pay = np.flatnonzero(kind == "payment_account")
    if not len(pay):
        return out
    if len(pay) <= _FEW:
        few = keys.iloc[pay] if isinstance(keys, pd.Series) else np.asarray(keys, object)[pay]
        out[pay] = [isinstance(k, str) and _WALLET_KEY_RE.fullmatch(k) is not None for k in few]
        return out
    if isinstance(keys, pd.Series):  # Arrow text stays Arrow text (no Python strings)
        chosen = keys.iloc[pay] if len(pay) < len(kind) else keys
    else:
        chosen = pd.Series(np.asarray(keys, dtype=object)[pay], dtype=object)
    text = pa.array(chosen.astype("string[pyarrow]"))
    found = pc.fill_null(pc.match_substring_regex(text, f"^{_WALLET_KEY}$"), False)
    out[pay] = np.asarray(found, dtype=bool)
    return out


def value_recycling(
    kinds: Sequence[str] | np.ndarray | pd.Series,
    keys: Sequence[str] | np.ndarray | pd.Series,
    config: Config,
) -> tuple[np.ndarray, np.ndarray]:
    """``recycled_after_days`` and ``recycled_half_life_days`` of each entry: its kind's
    (:func:`kind_recycling`), or the ``phone`` kind's for a payment account handed on
    with a phone number (:func:`handed_on_with_phone`), so a user's phone settings apply
    to it (its kind's when the config has no ``phone`` kind).

    Examples
    --------
    >>> after, half = value_recycling(
    ...     ["payment_account", "payment_account", "phone"],
    ...     ["MPESA0712345678", "GTB0123456789", "+254712345678"], Config())
    >>> after.tolist(), half.tolist()
    ([365.0, 0.0, 365.0], [365.0, 0.0, 365.0])
    """
    after, half = kind_recycling(np.asarray(kinds, dtype=object), config)
    phone = config.kinds.get("phone")
    if phone is not None:
        wallet = handed_on_with_phone(kinds, keys)
        after, half = after.copy(), half.copy()
        after[wallet] = float(phone.recycled_after_days)
        half[wallet] = float(phone.recycled_half_life_days)
    return after, half


def recycling_rules(config: Config) -> dict[str, tuple[float, float]]:
    """Each kind whose values are handed on, with its ``recycled_after_days`` and
    ``recycled_half_life_days``.

    Examples
    --------
    >>> recycling_rules(Config())
    {'ip': (180.0, 180.0), 'phone': (365.0, 365.0)}
    """
    return {
        str(kind): (float(rule.recycled_after_days), float(rule.recycled_half_life_days))
        for kind, rule in sorted(config.kinds.items())
        if rule.recycled_half_life_days > 0
    }


#: Day of a (store, identifier) link's sighting: ``(stores, identifiers, column)``.
Sightings = Callable[[np.ndarray, np.ndarray, str], np.ndarray]


def sightings(incidence: pd.DataFrame, n_identifiers: int) -> Sightings:
    """Look up the ``first_seen``/``last_seen`` day of (store, identifier) links.

    ``incidence`` has ``store, ident, first_seen, last_seen`` (one row per link);
    links it does not hold are :data:`NAT_DAYS`. The lookup of the last (store,
    identifier) arrays asked about is kept, so asking for both columns finds the
    links once.

    Examples
    --------
    >>> inc = pd.DataFrame({"store": [0, 1], "ident": [5, 5],
    ...     "first_seen": pd.to_datetime(["1970-01-03", None]),
    ...     "last_seen": pd.to_datetime(["1970-01-09", None])})
    >>> seen = sightings(inc, 6)
    >>> seen(np.array([0, 1, 2]), np.array([5, 5, 5]), "last_seen").tolist()[0]
    8
    """
    width = np.int64(n_identifiers + 1)
    keys = incidence["store"].to_numpy().astype(np.int64) * width + incidence["ident"].to_numpy()
    order = None if bool(np.all(keys[1:] >= keys[:-1])) else np.argsort(keys, kind="stable")
    if order is not None:
        keys = keys[order]
    last: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def rows_of(store: np.ndarray, ident: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Which of the links asked about the incidence holds, and their rows."""
        if last and last[0][0] is store and last[0][1] is ident:
            return last[0][2], last[0][3]
        wanted = np.asarray(store, dtype=np.int64) * width + np.asarray(ident, dtype=np.int64)
        pos = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
        found = keys[pos] == wanted
        rows = pos[found] if order is None else order[pos[found]]
        last[:] = [(store, ident, found, rows)]
        return found, rows

    def seen(store: np.ndarray, ident: np.ndarray, column: str) -> np.ndarray:
        out = np.full(len(store), NAT_DAYS, dtype=np.int64)
        if not len(keys) or not len(store):
            return out
        found, rows = rows_of(store, ident)
        out[found] = days(incidence[column].to_numpy()[rows])
        return out

    return seen


def pair_gaps(
    seen: Sightings,
    a: np.ndarray,
    ident_a: np.ndarray,
    b: np.ndarray,
    ident_b: np.ndarray,
    opened: np.ndarray,
    closed: np.ndarray,
    ended: np.ndarray,
) -> np.ndarray:
    """:func:`held_gap` between stores ``a`` and ``b`` holding ``ident_a`` and
    ``ident_b``, whichever of them held first (``opened``, ``closed``, ``ended``:
    per store code)."""
    first_a, last_a = seen(a, ident_a, "first_seen"), seen(a, ident_a, "last_seen")
    first_b, last_b = seen(b, ident_b, "first_seen"), seen(b, ident_b, "last_seen")
    a_then_b = held_gap(first_b, opened[b], last_a, closed[a], ended[a])
    b_then_a = held_gap(first_a, opened[a], last_b, closed[b], ended[b])
    return np.maximum(a_then_b, b_then_a)
