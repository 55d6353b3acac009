"""Match a partner's hashed watchlist against your own stores, and feed the matches to scoring.

:func:`match_watchlist` hashes your normalised identifiers under the key agreed with
the partner, joins them with the partner's watchlist and returns one row per (your
store, their ring): the kinds matched, how many identifiers, and the evidence
strength, combined exactly as the analysis combines a store-store link (per-kind
weights, flag factors, hub specificity over the stores of both sides, noisy-or with
the same-kind discount).

:func:`add_partner_evidence` turns those matches into input the ordinary analysis
understands, with no change to the scoring core: each matched partner ring becomes
one extra *banned* store (``platform`` = the partner, ``closed_at`` from the
watchlist) and each matched identifier one link of a configured kind
``watchlist_<kind>`` (same weight as ``<kind>``) between that store and yours. Run
:func:`sellergraph.analyze` on the result and the partner's bans score, ring and
explain like your own, ``cross_platform`` included. A fed link carries its kind's
full weight, so identifiers the hub discount or a flag weakens stay out of scoring
(listed in :attr:`PartnerEvidence.left_out`): a phone shared by thirty stores across
the two platforms must not count as a private phone.

Examples
--------
>>> import pandas as pd
>>> import sellergraph as sg
>>> from sellergraph.intel import to_watchlist
>>> secret = b"a key both partners agreed on"
>>> theirs = sg.analyze(
...     pd.DataFrame({"store_id": ["A1"], "platform": ["mkt-a"], "status": ["banned"],
...                   "opened_at": ["2016-01-01"], "closed_at": ["2017-05-01"]}),
...     pd.DataFrame({"store_id": ["A1", "A1"], "kind": ["phone", "device"],
...                   "value": ["+86 138 0013 8000", "490154203237518"]}))
>>> watchlist = to_watchlist(theirs, secret=secret)
>>> stores = pd.DataFrame({"store_id": ["B7", "B8"], "platform": ["mkt-b", "mkt-b"],
...                        "status": ["active", "active"],
...                        "opened_at": ["2017-06-01", "2017-06-01"]})
>>> links = pd.DataFrame({"store_id": ["B7", "B7", "B8"], "kind": ["phone", "device", "phone"],
...                       "value": ["138-0013-8000", "IMEI:490154203237518", "139 0000 1111"]})
>>> found = match_watchlist(watchlist, stores, links, secret=secret)
>>> found.matches[["store_id", "their_platform", "kinds", "strength", "relation"]]
  store_id their_platform          kinds  strength relation
0       B7          mkt-a  device|phone     0.955   return
>>> ev = add_partner_evidence(found, stores, links)
>>> result = sg.analyze(ev.stores, ev.links, config=ev.config)
>>> result.scores[["store_id", "score", "relation", "cross_platform"]].values.tolist()
[['B7', 0.967892, 'return', True], ['B8', 0.0, '', False]]
"""

from __future__ import annotations

import dataclasses
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._version import KEYS_VERSION, keys_version_of, keys_version_text
from ..build import combine_noisy_or
from ..config import Config
from ..dataset import Dataset, load
from ..errors import ConfigError, InputError
from ..evidence import FLAG_FACTORS
from ..hashing import keyed_hash
from ..io.tables import TableSource, read_table
from ..normalize import mask_value
from ..recycling import NAT_DAYS, days, held_gap, recycling_factor, value_recycling
from ._common import key_fingerprint
from .watchlist import Watchlist, read_watchlist

if TYPE_CHECKING:
    from ..analysis import Analysis

__all__ = [
    "MATCH_COLUMNS",
    "PARTNER_KIND_PREFIX",
    "PartnerEvidence",
    "WatchlistMatch",
    "add_partner_evidence",
    "match_watchlist",
]

log = logging.getLogger(__name__)

#: Columns of :attr:`WatchlistMatch.matches`, in order.
MATCH_COLUMNS: tuple[str, ...] = (
    "store_id",
    "platform",
    "status",
    "opened_at",
    "their_group",
    "their_ring_id",
    "their_platform",
    "n_their_stores",
    "kinds",
    "n_identifiers",
    "strength",
    "their_closed_at",
    "their_closure_reason",
    "relation",
)
#: Links fed to scoring from a partner's watchlist have kind ``watchlist_<kind>``.
PARTNER_KIND_PREFIX = "watchlist_"
#: Store ids of partner stores fed to scoring start with this.
PARTNER_STORE_PREFIX = "partner:"


@dataclass(frozen=True)
class WatchlistMatch:
    """The result of matching a partner's watchlist against your stores.

    Attributes
    ----------
    matches : DataFrame
        One row per (your store, their group): :data:`MATCH_COLUMNS`. ``their_group``
        is their ring id, or ``store:<ref>`` for a banned store in no ring.
        ``strength`` combines the matched identifiers as the analysis combines a
        store-store link. ``relation`` is ``return`` when your store opened after
        their latest closure, ``sibling`` before it, ``unknown`` without dates.
        Sorted by strength, strongest first.
    identifiers : DataFrame
        One row per matched (your store, identifier, their group): ``store_id, kind,
        value_hash, value`` (yours, masked), ``flag, first_seen, last_seen,
        n_our_stores, n_their_stores, weight, suppressed`` and the partner's
        ``their_group, their_ring_id, their_store_refs, their_platform,
        their_first_seen, their_last_seen, their_closed_at, their_closure_reason``.
        Identifiers held by more stores (both sides) than their kind's ``hub_cap``
        have weight 0 and ``suppressed`` True; they do not count in ``matches``.
    summary : mapping
        Counts: watchlist rows and groups, rows of kinds you do not configure (in all,
        ``watchlist_rows_unknown_kind``, and per kind, ``watchlist_unknown_kinds``), your
        identifiers hashed, matched identifiers, stores and groups; your key's
        fingerprint (``key_fingerprint``), the one the watchlist records
        (``watchlist_key_fingerprint``, None when it records none) and whether the two
        were compared and found equal (``key_checked``); the keys versions of your
        keys (``keys_version``) and of the watchlist's (``watchlist_keys_version``,
        None when it records none; a warning names both when they differ).
    """

    matches: pd.DataFrame
    identifiers: pd.DataFrame
    summary: Mapping[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.matches)

    def __repr__(self) -> str:
        s = self.summary
        return (
            f"<WatchlistMatch: {len(self.matches):,} matches of {s.get('stores_matched', 0):,} "
            f"stores to {s.get('groups_matched', 0):,} partner groups>"
        )


def _our_dataset(
    stores: Analysis | Dataset | TableSource,
    links: TableSource | None,
    config: Config | None,
    columns: Mapping[str, str] | None,
    encoding: str = "utf-8",
) -> Dataset:
    from ..analysis import Analysis

    if isinstance(stores, Analysis):
        return stores.dataset
    if isinstance(stores, Dataset):
        return stores
    return load(stores, links, columns=columns, config=config or Config(), encoding=encoding)


def _groups(rows: pd.DataFrame) -> np.ndarray:
    ring = rows["ring_id"].to_numpy(dtype=object)
    ref = rows["store_ref"].to_numpy(dtype=object)
    vh = rows["value_hash"].to_numpy(dtype=object)
    out = np.empty(len(rows), dtype=object)
    for i in range(len(rows)):
        if ring[i]:
            out[i] = ring[i]
        elif ref[i]:
            out[i] = f"store:{ref[i]}"
        else:
            out[i] = f"value:{vh[i][:16]}"
    return out


def _known(values: Iterable[Any]) -> list[Any]:
    return [v for v in values if v is not None and not (isinstance(v, float) and np.isnan(v))]


def _join(values: Iterable[Any]) -> str:
    return "|".join(sorted({str(v) for v in _known(values)}))


def _first(values: Iterable[Any]) -> Any:
    known = _known(values)
    return known[0] if known else None


def _latest(values: Iterable[Any]) -> Any:
    known = _known(values)
    return max(known) if known else None


def _earliest(values: Iterable[Any]) -> Any:
    known = _known(values)
    return min(known) if known else None


def _first_mode(values: Iterable[Any]) -> str | None:
    """The most frequent value (the smallest of ties), as text; None when all are missing."""
    counts = Counter(str(v) for v in _known(values))
    if not counts:
        return None
    top = max(counts.values())
    return min(v for v, n in counts.items() if n == top)


def _count_refs(values: Iterable[Any]) -> int:
    return len({r for v in _known(values) for r in str(v).split("|") if r})


Reducer = Callable[[list[Any]], Any]


def _reduce(
    frame: pd.DataFrame, by: list[str], spec: Mapping[str, tuple[str, Reducer]]
) -> pd.DataFrame:
    """Group ``frame`` by ``by`` (in sorted order) and reduce columns with Python functions.

    ``spec`` maps each output column to ``(input column, function of the group's values)``.
    One sort and one pass over the groups: far cheaper than ``groupby().agg(func)``.
    """
    names = [*by, *spec]
    if frame.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in names})
    f = frame.sort_values(by, kind="stable").reset_index(drop=True)
    keys = f[by].to_numpy(dtype=object)
    change = np.ones(len(f), dtype=bool)
    change[1:] = (keys[1:] != keys[:-1]).any(axis=1)
    starts = np.flatnonzero(change)
    ends = np.append(starts[1:], len(f))
    out = {c: pd.Series(f[c].to_numpy(dtype=object)[starts], dtype=object) for c in by}
    for name, (col, func) in spec.items():
        values = f[col].to_numpy(dtype=object)
        out[name] = pd.Series(
            [func(list(values[a:b])) for a, b in zip(starts, ends, strict=True)], dtype=object
        )
    return pd.DataFrame(out)


def _relation(opened: object, closed: object) -> str:
    if opened is None or closed is None or pd.isna(opened) or pd.isna(closed):
        return "unknown"
    return "return" if pd.Timestamp(opened) > pd.Timestamp(closed) else "sibling"


def match_watchlist(
    watchlist: Watchlist | pd.DataFrame | str | Any,
    stores: Analysis | Dataset | TableSource,
    links: TableSource | None = None,
    *,
    secret: bytes,
    config: Config | None = None,
    columns: Mapping[str, str] | None = None,
    check_key: bool = True,
    encoding: str = "utf-8",
    watchlist_encoding: str = "utf-8",
) -> WatchlistMatch:
    """Find your stores that hold identifiers on a partner's hashed watchlist.

    Parameters
    ----------
    watchlist : Watchlist, DataFrame or path
        The partner's watchlist (CSV, Parquet or JSON; see :func:`read_watchlist`).
    stores : Analysis, Dataset, DataFrame or path
        Your stores (with ``links``), or an analysis or dataset already loaded.
    links : DataFrame or path, optional
        Your links, when ``stores`` is a table.
    secret : bytes
        The key agreed with the partner.
    config : Config, optional
        Weights and normalisation; defaults to the analysis's or dataset's config,
        else ``Config()``.
    columns : mapping, optional
        Column renames for your tables, e.g. ``{"shop_id": "store_id"}``.
    check_key : bool, default True
        When the watchlist records a key fingerprint, refuse a different key (with
        both fingerprints in the message) instead of silently matching nothing. With
        ``False``, or when the watchlist records none (a tool dropped its metadata),
        a warning on the ``sellergraph`` logger says the key was not checked.
    encoding : str, default "utf-8"
        The text encoding of your ``stores`` and ``links`` when they are CSV or JSON
        files (see :func:`~sellergraph.io.tables.read_table`).
    watchlist_encoding : str, default "utf-8"
        The text encoding of the partner's watchlist when it is a CSV or JSON file
        (see :func:`read_watchlist`): a partner's export need not be in yours.

    Returns
    -------
    WatchlistMatch
    """
    wl = read_watchlist(watchlist, encoding=watchlist_encoding)
    fingerprint = key_fingerprint(secret)
    theirs_fp = wl.meta.get("key_fingerprint")
    if check_key and theirs_fp and theirs_fp != fingerprint:
        raise ConfigError(
            f"the watchlist was hashed with another key (its key fingerprint is {theirs_fp}, "
            f"yours is {fingerprint}); agree on one key with the partner"
        )
    _warn_unchecked_key(theirs_fp, fingerprint)
    ours_keys, theirs_keys = _keys_versions(stores, wl.meta)
    _warn_other_keys(theirs_keys, ours_keys, wl.meta)
    ds = _our_dataset(stores, links, config, columns, encoding)
    cfg = config or ds.config
    ours, n_identifiers = _our_hashed_links(ds, secret)
    n_ours = ours.groupby("value_hash")["store_id"].nunique()
    rows = wl.rows.assign(their_group=_groups(wl.rows))
    known_kind = rows["kind"].isin(list(cfg.kinds)).to_numpy()
    theirs, n_theirs = _their_identifiers(rows[known_kind])
    hit = ours.merge(theirs, on="value_hash", how="inner")
    hit = hit[hit["kind"] == hit["their_kind"]]
    hit = hit.sort_values(["store_id", "their_group", "kind", "value_hash"], kind="stable")
    opened = ds.stores.set_index("store_id")["opened_at"]
    identifiers = _identifier_table(hit.reset_index(drop=True), n_ours, n_theirs, cfg, opened)
    suppressed = identifiers["suppressed"].to_numpy(dtype=bool)
    matches = _matches(identifiers, ds.stores, cfg)
    summary = {
        "key_fingerprint": fingerprint,
        "watchlist_key_fingerprint": str(theirs_fp) if theirs_fp else None,
        "key_checked": bool(theirs_fp) and theirs_fp == fingerprint,
        "keys_version": ours_keys,
        "watchlist_keys_version": theirs_keys,
        "watchlist_rows": len(wl.rows),
        "watchlist_groups": int(rows["their_group"].nunique()),
        "watchlist_rows_unknown_kind": int((~known_kind).sum()),
        "watchlist_unknown_kinds": dict(
            sorted(Counter(rows.loc[~known_kind, "kind"].astype(str)).items())
        ),
        "identifiers_hashed": n_identifiers,
        "identifiers_matched": int(identifiers["value_hash"].nunique()),
        "identifiers_suppressed": int(identifiers.loc[suppressed, "value_hash"].nunique()),
        "stores_matched": int(matches["store_id"].nunique()),
        "groups_matched": int(matches["their_group"].nunique()),
    }
    return WatchlistMatch(matches=matches, identifiers=identifiers, summary=summary)


def _warn_unchecked_key(theirs: object, ours: str) -> None:
    """Say so when the key could not be checked against the watchlist's, or differs
    (matching anyway, as asked): a wrong key matches nothing, which reads as no matches."""
    if not theirs:
        log.warning(
            "the watchlist carries no key fingerprint (a tool may have dropped its metadata), "
            "so the key was not checked: if nothing matches, compare key fingerprints with the "
            f"partner (yours is {ours})"
        )
    elif theirs != ours:
        log.warning(
            f"the watchlist was hashed with another key (its key fingerprint is {theirs}, "
            f"yours is {ours}); matching anyway, as the key check is off: expect no matches"
        )


def _keys_versions(
    stores: Analysis | Dataset | TableSource, meta: Mapping[str, Any]
) -> tuple[int | None, int | None]:
    """The keys versions of our keys (an analysis rebuilt from a run folder holds the
    folder's; values read now, this sellergraph's) and of the watchlist's."""
    from ..analysis import Analysis

    ours = keys_version_of(stores.provenance) if isinstance(stores, Analysis) else KEYS_VERSION
    return ours, keys_version_of({"keys_version": meta.get("keys_version")})


def _warn_other_keys(theirs: int | None, ours: int | None, meta: Mapping[str, Any]) -> None:
    """Say so when the watchlist's values were read into keys otherwise than ours: a
    value whose key differs between the two keys versions matches nothing, which reads
    as no match. Metadata that does not name the watchlist format (a hand-made table,
    another tool's) says nothing of its keys: no warning."""
    if theirs == ours or (theirs is None and "format" not in meta):
        return
    log.warning(
        f"the watchlist's values were keyed with {keys_version_text(theirs)}, yours with "
        f"{keys_version_text(ours)}: a value the two versions key differently does not "
        "match (expect some matches to be missing); ask the partner to export the "
        "watchlist again with a sellergraph of your keys version, or match it with one of "
        "theirs"
    )


def _our_hashed_links(ds: Dataset, secret: bytes) -> tuple[pd.DataFrame, int]:
    """Our normalised links with the keyed hash of each identifier (hashed once each)."""
    ours = ds.links[["store_id", "kind", "key", "flag", "first_seen", "last_seen"]].assign(
        kind=ds.links["kind"].astype(str).to_numpy()
    )
    idents = ours[["kind", "key"]].drop_duplicates(ignore_index=True)
    idents["value_hash"] = keyed_hash(idents["kind"], idents["key"], secret)
    ours = ours.merge(idents, on=["kind", "key"], how="left", validate="many_to_one")
    return ours, len(idents)


def _their_identifiers(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The partner's rows per (hash, group), and how many of their stores hold each hash."""
    theirs = _reduce(
        rows,
        ["value_hash", "their_group"],
        {
            "their_kind": ("kind", _first),
            "their_flag": ("flag", _first_mode),
            "their_ring_id": ("ring_id", _first),
            "their_store_refs": ("store_ref", _join),
            "their_platform": ("platform", _first_mode),
            "their_first_seen": ("first_seen", _earliest),
            "their_last_seen": ("last_seen", _latest),
            "their_closed_at": ("closed_at", _latest),
            "their_closure_reason": ("closure_reason", _first_mode),
        },
    )
    per_hash = _reduce(
        rows,
        ["value_hash"],
        {"n_stores": ("n_stores", max), "n_refs": ("store_ref", _count_refs)},
    )
    n_theirs = pd.Series(
        np.maximum(
            per_hash["n_stores"].to_numpy(dtype=np.int64),
            per_hash["n_refs"].to_numpy(dtype=np.int64),
        ),
        index=per_hash["value_hash"].to_numpy(dtype=object),
    )
    return theirs, n_theirs


def _identifier_table(
    hit: pd.DataFrame,
    n_ours: pd.Series,
    n_theirs: pd.Series,
    cfg: Config,
    opened: pd.Series,
) -> pd.DataFrame:
    """One row per matched (our store, identifier, their group), with its weight: a
    value of a kind that is handed on (a phone, and a wallet handed on with its phone
    number: :func:`~sellergraph.recycling.value_recycling`) fades with the days between
    their last holding of it and ours, as in the analysis (``gap_days``, ``recycled``)."""
    n_o = n_ours.reindex(hit["value_hash"]).to_numpy(dtype=np.int64)
    n_t = n_theirs.reindex(hit["value_hash"]).to_numpy(dtype=np.int64)
    weight, suppressed = _weights(hit, n_o + n_t, cfg)
    their_end = pd.to_datetime(pd.Series(hit["their_closed_at"].to_numpy(), dtype=object))
    gap = held_gap(
        days(pd.to_datetime(pd.Series(hit["first_seen"].to_numpy(), dtype=object))),
        days(pd.to_datetime(opened.reindex(hit["store_id"]).to_numpy())),
        days(pd.to_datetime(pd.Series(hit["their_last_seen"].to_numpy(), dtype=object))),
        days(their_end),
        their_end.notna().to_numpy(),
    )
    # our own key is at hand (the hashes matched it): a wallet handed on with a phone
    # number fades by the phone's rule, as in the analysis
    after, half = value_recycling(hit["kind"].to_numpy(dtype=object), hit["key"], cfg)
    kept = recycling_factor(gap, after, half)
    weight = weight * kept
    return pd.DataFrame(
        {
            "store_id": hit["store_id"].to_numpy(dtype=object),
            "kind": hit["kind"].to_numpy(dtype=object),
            "value_hash": hit["value_hash"].to_numpy(dtype=object),
            "value": [mask_value(k, v) for k, v in zip(hit["kind"], hit["key"], strict=True)],
            "flag": [None if pd.isna(f) else str(f) for f in hit["flag"]],
            "first_seen": hit["first_seen"].to_numpy(),
            "last_seen": hit["last_seen"].to_numpy(),
            "n_our_stores": n_o,
            "n_their_stores": n_t,
            "gap_days": pd.Series(gap, dtype="Int64").mask(gap == NAT_DAYS).array,
            "recycled": np.round(kept, 6),
            "weight": np.round(weight, 6),
            "suppressed": suppressed,
            **{
                c: hit[c].to_numpy(dtype=object)
                for c in (
                    "their_group",
                    "their_ring_id",
                    "their_store_refs",
                    "their_platform",
                    "their_first_seen",
                    "their_last_seen",
                    "their_closed_at",
                    "their_closure_reason",
                )
            },
        }
    )


def _weights(hit: pd.DataFrame, n_stores: np.ndarray, cfg: Config) -> tuple[np.ndarray, np.ndarray]:
    """Evidence weight of each matched identifier, as :func:`identifier_table` computes it."""
    kinds = hit["kind"].to_numpy(dtype=object)
    base = np.array([cfg.kinds[k].weight for k in kinds], dtype=np.float64)
    free = np.array([cfg.kinds[k].free_share for k in kinds], dtype=np.float64)
    cap = np.array([cfg.kinds[k].hub_cap for k in kinds], dtype=np.int64)
    ours = [FLAG_FACTORS.get(str(f), 1.0) if pd.notna(f) else 1.0 for f in hit["flag"]]
    theirs = [FLAG_FACTORS.get(str(f), 1.0) if pd.notna(f) else 1.0 for f in hit["their_flag"]]
    factor = np.minimum(np.asarray(ours), np.asarray(theirs))
    spec = np.minimum(1.0, np.sqrt(free / np.maximum(n_stores, 1)))
    suppressed = n_stores > cap
    return np.where(suppressed, 0.0, base * factor * spec), suppressed


def _matches(identifiers: pd.DataFrame, stores: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    live = identifiers[~identifiers["suppressed"].to_numpy(dtype=bool)]
    if live.empty:
        return pd.DataFrame({c: pd.Series([], dtype=object) for c in MATCH_COLUMNS})
    pair = live["store_id"].astype(str) + "\x1f" + live["their_group"].astype(str)
    pair_code, _ = pd.factorize(pair, sort=True)
    kind_code, _ = pd.factorize(live["kind"], sort=True)
    order = np.lexsort((-live["weight"].to_numpy(), kind_code, pair_code))
    live = live.iloc[order].reset_index(drop=True)
    starts, strength, _, _ = combine_noisy_or(
        pair_code[order],
        kind_code[order],
        live["weight"].to_numpy(),
        cfg.scoring.same_kind_discount,
    )
    first = live.iloc[starts]
    strength_of = dict(
        zip(zip(first["store_id"], first["their_group"], strict=True), strength, strict=True)
    )
    agg = _reduce(
        live,
        ["store_id", "their_group"],
        {
            "their_ring_id": ("their_ring_id", _first),
            "their_platform": ("their_platform", _first_mode),
            "n_their_stores": ("their_store_refs", _count_refs),
            "kinds": ("kind", _join),
            "n_identifiers": ("value_hash", lambda v: len(set(v))),
            "their_closed_at": ("their_closed_at", _latest),
            "their_closure_reason": ("their_closure_reason", _first_mode),
        },
    )
    info = stores.set_index("store_id")
    sid = agg["store_id"].to_numpy(dtype=object)
    opened = info["opened_at"].reindex(sid).to_numpy()
    closed = agg["their_closed_at"].to_numpy(dtype=object)
    out = agg.assign(
        platform=pd.Series(info["platform"].reindex(sid).to_numpy(), dtype=object),
        status=pd.Series(info["status"].reindex(sid).to_numpy(), dtype=object),
        opened_at=pd.to_datetime(opened),
        n_their_stores=agg["n_their_stores"].to_numpy(dtype=np.int64),
        n_identifiers=agg["n_identifiers"].to_numpy(dtype=np.int64),
        strength=np.round([strength_of[k] for k in zip(sid, agg["their_group"], strict=True)], 6),
        their_closed_at=pd.to_datetime(pd.Series(closed, dtype=object)),
        relation=pd.Series(
            [_relation(o, c) for o, c in zip(opened, closed, strict=True)], dtype=object
        ),
    )
    out = out.sort_values(
        ["strength", "store_id", "their_group"], ascending=[False, True, True], kind="stable"
    )
    return out.reset_index(drop=True)[list(MATCH_COLUMNS)]


# -- feeding scoring ---------------------------------------------------------------


@dataclass(frozen=True)
class PartnerEvidence:
    """Your stores and links with a partner's matched bans added, ready for ``analyze``.

    Attributes
    ----------
    stores : DataFrame
        Your stores, then one banned store per matched partner group: ``store_id``
        ``partner:<platform>:<group>``, ``platform`` the partner's, ``closed_at``
        their latest closure, ``opened_at`` their earliest sighting.
    links : DataFrame
        Your links, then two links per matched identifier: the partner store's and
        your store's, of kind ``watchlist_<kind>`` and value ``<hash>/<n>`` (``n``
        numbers your matched stores: one value per matched store of yours, so the
        partner's evidence links your
        store to the partner's ban without adding a second link between two of your
        own stores that share the identifier).
    config : Config
        Your config with a ``watchlist_<kind>`` rule for every matched kind, with
        ``<kind>``'s weight, ``free_share`` and ``hub_cap``.
    partner_stores : DataFrame
        The partner stores added (as in ``stores``).
    left_out : DataFrame
        Matched identifiers not fed to scoring, with a ``reason``: ``hub`` (the two
        platforms together hold it on more stores than the kind's ``free_share``)
        or ``flagged`` (a normalisation flag weakens it, such as a private IP). A
        fed link carries its kind's full weight, so only identifiers at full weight
        are fed; the others count, discounted, in :attr:`WatchlistMatch.matches`.
    """

    stores: pd.DataFrame
    links: pd.DataFrame
    config: Config
    partner_stores: pd.DataFrame
    left_out: pd.DataFrame

    def analyze(self, *, seed: int = 0) -> Analysis:
        """Run :func:`sellergraph.analyze` on these tables and this config."""
        from ..pipeline import analyze

        return analyze(self.stores, self.links, config=self.config, seed=seed)


def _as_input_tables(
    stores: Analysis | TableSource, links: TableSource | None, encoding: str = "utf-8"
) -> tuple[pd.DataFrame, pd.DataFrame, Config | None]:
    from ..analysis import Analysis

    if isinstance(stores, Analysis):
        s = stores.stores.copy()
        lk = stores.links
        ours = pd.DataFrame(
            {
                "store_id": lk["store_id"].to_numpy(dtype=object),
                "kind": lk["kind"].astype(str).to_numpy(dtype=object),
                "value": lk["key"].to_numpy(dtype=object),
                "observed_at": lk["last_seen"].to_numpy(),
            }
        )
        return s, ours, stores.config
    if links is None:
        raise InputError(
            "add_partner_evidence needs a long-format links table (store_id, kind, value)"
        )
    s = read_table(stores, table="stores", encoding=encoding).copy()
    lk = read_table(links, table="links", encoding=encoding).copy()
    for name, frame, need in (
        ("stores", s, ("store_id",)),
        ("links", lk, ("store_id", "kind", "value")),
    ):
        missing = [c for c in need if c not in frame.columns]
        if missing:
            raise InputError(f"table {name!r} lacks column(s) {', '.join(missing)}")
    return s, lk, None


def _text_dates(frame: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for col in columns:
        if col in frame.columns and pd.api.types.is_datetime64_any_dtype(frame[col]):
            frame[col] = pd.Series(
                [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in frame[col]],
                index=frame.index,
                dtype=object,
            )
    return frame


def _split_full_weight(ids: pd.DataFrame, cfg: Config) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Matched identifiers at their kind's full weight, and the others with a reason."""
    base = np.array([cfg.kinds[str(k)].weight for k in ids["kind"]], dtype=np.float64)
    weight = ids["weight"].to_numpy(dtype=np.float64)
    flagged = ids["flag"].notna().to_numpy() & (weight < base - 1e-9)
    full = weight >= base - 1e-6
    reason = np.where(flagged, "flagged", "hub")
    left_out = ids[~full].assign(reason=reason[~full]).reset_index(drop=True)
    return ids[full].reset_index(drop=True), left_out


def add_partner_evidence(
    match: WatchlistMatch,
    stores: Analysis | TableSource,
    links: TableSource | None = None,
    *,
    config: Config | None = None,
    min_strength: float = 0.0,
    encoding: str = "utf-8",
) -> PartnerEvidence:
    """Add a partner's matched bans to your tables as banned stores and links.

    Parameters
    ----------
    match : WatchlistMatch
        From :func:`match_watchlist`.
    stores : Analysis, DataFrame or path
        Your stores table (data-contract columns), or an analysis (its validated
        stores and normalised links are used).
    links : DataFrame or path, optional
        Your long-format links, when ``stores`` is a table.
    config : Config, optional
        Your config (defaults to the analysis's, else ``Config()``).
    min_strength : float, default 0
        Only matches at least this strong are added.
    encoding : str, default "utf-8"
        The text encoding of ``stores`` and ``links`` when they are CSV or JSON files,
        e.g. ``"cp1252"`` (see :func:`~sellergraph.io.tables.read_table`); UTF-16 and
        UTF-32 are told by their byte-order mark either way.

    Returns
    -------
    PartnerEvidence
        ``stores``, ``links`` and ``config`` for :func:`sellergraph.analyze`.
    """
    s, lk, own_cfg = _as_input_tables(stores, links, encoding)
    cfg = config or own_cfg or Config()
    taken = set(s["store_id"].astype(str))
    keep = match.matches[match.matches["strength"] >= min_strength]
    pairs = set(zip(keep["store_id"], keep["their_group"], strict=True))
    ids = match.identifiers
    chosen = [p in pairs for p in zip(ids["store_id"], ids["their_group"], strict=True)]
    ids = ids[np.array(chosen, dtype=bool)]
    ids, left_out = _split_full_weight(ids, cfg)
    by_group = _reduce(ids, ["their_group"], {"platform": ("their_platform", _first_mode)})
    group_platform = pd.Series(
        by_group["platform"].fillna("partner").to_numpy(dtype=object),
        index=by_group["their_group"].to_numpy(dtype=object),
    )
    platform = pd.Series(
        group_platform.reindex(ids["their_group"]).astype(str).to_numpy(), dtype=object
    )
    partner_id = (
        PARTNER_STORE_PREFIX + platform + ":" + ids["their_group"].astype(str).to_numpy()
    ).to_numpy(dtype=object)
    clash = sorted(taken.intersection(partner_id))
    if clash:
        raise InputError(f"store id {clash[0]!r} of a partner store is already one of your stores")
    partner_stores = _reduce(
        pd.DataFrame(
            {
                "store_id": partner_id,
                "platform": platform.to_numpy(dtype=object),
                "first": ids["their_first_seen"].to_numpy(dtype=object),
                "closed": ids["their_closed_at"].to_numpy(dtype=object),
                "reason": ids["their_closure_reason"].to_numpy(dtype=object),
            }
        ),
        ["store_id"],
        {
            "platform": ("platform", _first),
            "opened_at": ("first", _earliest),
            "closed_at": ("closed", _latest),
            "closure_reason": ("reason", _first_mode),
        },
    )
    partner_stores.insert(2, "status", "banned")
    if "name" in s.columns:
        partner_stores["name"] = pd.Series(
            [f"partner ban {sid.split(':', 2)[2]}" for sid in partner_stores["store_id"]],
            dtype=object,
        )
    # One value per (identifier, your store), so two of your stores sharing a phone are not
    # linked a second time; the store is named by its position (store ids may differ only by
    # case, which the generic normaliser folds).
    store_no, _ = pd.factorize(ids["store_id"].astype(str))
    token = (
        ids["value_hash"].astype(str) + "/" + pd.Series(store_no, index=ids.index).astype(str)
    ).to_numpy(dtype=object)
    kind = (PARTNER_KIND_PREFIX + ids["kind"].astype(str)).to_numpy(dtype=object)
    theirs = pd.DataFrame(
        {
            "store_id": partner_id,
            "kind": kind,
            "value": token,
            "observed_at": ids["their_last_seen"].to_numpy(dtype=object),
        }
    )
    ours_seen = [
        None if pd.isna(v) else pd.Timestamp(v).strftime("%Y-%m-%d") for v in ids["last_seen"]
    ]
    mine = pd.DataFrame(
        {
            "store_id": ids["store_id"].to_numpy(dtype=object),
            "kind": kind,
            "value": token,
            "observed_at": pd.Series(ours_seen, dtype=object).to_numpy(),
        }
    )
    extra = pd.concat([theirs, mine], ignore_index=True).drop_duplicates(
        ["store_id", "kind", "value"]
    )
    s = _text_dates(s, ("opened_at", "closed_at"))
    lk = _text_dates(lk, ("observed_at",))
    if "observed_at" not in lk.columns:
        extra = extra.drop(columns="observed_at")
    out_stores = pd.concat([s, partner_stores], ignore_index=True)
    out_links = pd.concat(
        [lk, extra[[c for c in extra.columns if c in lk.columns]]], ignore_index=True
    )
    for base in sorted(set(ids["kind"].astype(str))):
        rule = cfg.kinds.get(base)
        if rule is None:
            raise ConfigError(f"kind {base!r} of a match is not configured")
        # the base kind's rule (a watchlist phone is reassigned as any phone is), never
        # ``custom``: the prefixed name is no misspelling
        cfg = cfg.with_kind(PARTNER_KIND_PREFIX + base, dataclasses.replace(rule, custom=False))
    return PartnerEvidence(
        stores=out_stores,
        links=out_links,
        config=cfg,
        partner_stores=partner_stores,
        left_out=left_out,
    )
