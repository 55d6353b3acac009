"""Values many stores legitimately share, declared in the config: no evidence.

A marketplace knows some of the values its sellers share for good reasons: its own
3PL warehouse's address, a payment service provider's collecting account, the
office's NAT IP. Below its kind's ``hub_cap`` such a value links every store that
holds it, and one banned holder makes the others alerts. The config's
``known_shared`` lists them per kind, as written; each is normalised as the kind's
links are (``NL91 ABNA 0417 1643 00`` and ``nl91abna0417164300`` are one value),
and :func:`sellergraph.load` sets the links holding it aside, as ``known_shared`` in
``rejected``. They never reach the evidence, so screening built from the run never
sees them either.

A listed value that matches no link is named in a warning (by kind, place in the
list and masked value): a typo in the list would otherwise leave the value linking
stores without a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._wording import counted
from .config import Config, canonical_kind
from .normalize import mask_value, normalize_values
from .schema import empty_rejected, make_rejected

__all__ = ["KNOWN_SHARED_MESSAGE", "KnownShared", "set_aside_known_shared"]

#: The ``rejected`` message of a link set aside as known shared (after its kind).
KNOWN_SHARED_MESSAGE = (
    "a value the config declares known shared (known_shared): legitimately shared by "
    "many stores, so no evidence"
)


@dataclass(frozen=True)
class KnownShared:
    """The links and identifiers without the known shared values, and what was set aside.

    Attributes
    ----------
    links : DataFrame
        The normalised links (``row, store, observed_at, ident``) left.
    identifiers : DataFrame
        The identifiers (``kind, key, flag``) left, ``ident`` numbering them again.
    rejected : DataFrame
        One ``known_shared`` row per link set aside.
    counts : dict
        Per kind: the values listed, how many matched a link, and the links and
        stores set aside (``counts["known_shared"]`` of the load).
    notices : list of str
        What was set aside, and the listed values that matched no link.
    """

    links: pd.DataFrame
    identifiers: pd.DataFrame
    rejected: pd.DataFrame = field(default_factory=empty_rejected)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Listed:
    """One kind's listed values as read: the keys they matched, and per value whether
    it matched, and its key (or why it has none) as read in the config's region."""

    matched_keys: set[str]
    matched: list[bool]
    keys: list[str | None]
    reasons: list[str | None]


def set_aside_known_shared(
    links: pd.DataFrame,
    identifiers: pd.DataFrame,
    config: Config,
    *,
    store_ids: np.ndarray,
    regions: np.ndarray | None = None,
) -> KnownShared:
    """Set aside the links whose value the config's ``known_shared`` lists.

    Each listed value is normalised as its kind's links are: phone numbers in each
    region the links' stores are read in (their ``country``, else
    ``normalize.default_region``), and a key read in a region counts when a link of
    a store read there holds it; then every link holding a matched key is set aside.

    Parameters
    ----------
    links : DataFrame
        Normalised links: ``row`` (input row), ``store`` (stores row),
        ``observed_at`` and ``ident`` (row of ``identifiers``).
    identifiers : DataFrame
        One row per distinct normalised value of a kind: ``kind, key, flag``.
    config : Config
        Its ``known_shared`` and ``normalize`` rules.
    store_ids : ndarray, keyword-only
        The store id of each stores row.
    regions : ndarray, optional, keyword-only
        Each store's phone region (None where its ``country`` is not known).

    Returns
    -------
    KnownShared

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sellergraph.config import Config
    >>> links = pd.DataFrame({"row": [0, 1, 2], "store": [0, 1, 2],
    ...                       "observed_at": pd.NaT, "ident": [0, 0, 1]})
    >>> identifiers = pd.DataFrame({"kind": pd.Categorical(["payment_account"] * 2),
    ...                             "key": ["NL91ABNA0417164300", "DE89370400440532013000"],
    ...                             "flag": None})
    >>> cfg = Config(known_shared={"payment_account": ["nl91 abna 0417 1643 00"]})
    >>> out = set_aside_known_shared(links, identifiers, cfg,
    ...                              store_ids=np.array(["S1", "S2", "S3"], dtype=object))
    >>> out.links["ident"].tolist(), out.identifiers["key"].tolist()
    ([0], ['DE89370400440532013000'])
    >>> out.rejected[["store_id", "reason"]].values.tolist()
    [['S1', 'known_shared'], ['S2', 'known_shared']]
    >>> out.counts
    {'payment_account': {'listed': 1, 'matched': 1, 'links': 2, 'stores': 2}}
    """
    if not config.known_shared:
        return KnownShared(links, identifiers)
    kind_of = np.asarray([canonical_kind(k) for k in identifiers["kind"].cat.categories])
    ident_kind = kind_of[identifiers["kind"].cat.codes.to_numpy()] if len(kind_of) else None
    ident = links["ident"].to_numpy()
    aside_ident = np.zeros(len(identifiers), dtype=bool)
    found: dict[str, _Listed] = {}
    for kind, listed in config.known_shared.items():
        of_kind = (
            np.flatnonzero(ident_kind == kind) if ident_kind is not None else np.array([], int)
        )
        read = _read_listed(kind, listed, identifiers, of_kind, links, config, regions)
        found[kind] = read
        if read.matched_keys:
            held = identifiers["key"].iloc[of_kind].isin(sorted(read.matched_keys))
            aside_ident[of_kind[held.to_numpy(dtype=bool)]] = True
    aside = aside_ident[ident] if len(ident) else np.zeros(0, dtype=bool)
    counts = _counts(found, config, ident_kind, ident[aside], links["store"].to_numpy()[aside])
    notices = [n for n in (_set_aside_notice(counts), _unmatched_notice(found, config)) if n]
    if not aside.any():
        return KnownShared(links, identifiers, counts=counts, notices=notices)
    gone = links[aside]
    kinds = ident_kind[gone["ident"].to_numpy()] if ident_kind is not None else []
    rejected = make_rejected(
        "links",
        gone["row"].to_numpy(),
        store_ids[gone["store"].to_numpy()],
        "value",
        identifiers["key"].iloc[gone["ident"].to_numpy()].to_numpy(dtype=object),
        "known_shared",
        [f"{k}: {KNOWN_SHARED_MESSAGE}" for k in kinds],
        dropped=True,
    )
    keep = ~aside_ident
    renumber = np.cumsum(keep) - 1
    kept = links[~aside].reset_index(drop=True)
    kept["ident"] = renumber[kept["ident"].to_numpy()]
    return KnownShared(
        kept,
        identifiers[keep].reset_index(drop=True),
        rejected=rejected,
        counts=counts,
        notices=notices,
    )


def _read_listed(
    kind: str,
    listed: Sequence[str],
    identifiers: pd.DataFrame,
    of_kind: np.ndarray,
    links: pd.DataFrame,
    config: Config,
    regions: np.ndarray | None,
) -> _Listed:
    """One kind's listed values normalised as its links are, and which links' keys
    they match (see :func:`set_aside_known_shared`)."""
    norm = config.normalize
    values = pd.Series(list(listed), dtype=object)
    own = normalize_values(kind, values, config=norm)
    keys = [k if isinstance(k, str) else None for k in own["key"].tolist()]
    reasons = [r if isinstance(r, str) else None for r in own["reason"].tolist()]
    all_keys = identifiers["key"]
    if kind != "phone" or regions is None:
        held = _held(all_keys, of_kind, keys)
        matched = [k is not None and k in held for k in keys]
        return _Listed(held, matched, keys, reasons)
    # a phone number is read in the region of each store whose links may hold it
    ident = links["ident"].to_numpy()
    is_kind = np.zeros(len(all_keys), dtype=bool)
    is_kind[of_kind] = True
    rows = np.flatnonzero(is_kind[ident]) if len(ident) else np.zeros(0, dtype=np.int64)
    row_region = pd.Series(regions[links["store"].to_numpy()[rows]], dtype=object)
    row_region = row_region.fillna(norm.default_region.upper()).astype(str)
    matched_keys: set[str] = set()
    matched = [False] * len(values)
    for region, at in row_region.groupby(row_region.to_numpy(), sort=True).indices.items():
        read = normalize_values(kind, values, config=norm.in_region(str(region)))["key"]
        in_region = [k if isinstance(k, str) else None for k in read.tolist()]
        held = _held(all_keys, np.unique(ident[rows[at]]), in_region)
        for i, key in enumerate(in_region):
            if key is not None and key in held:
                matched_keys.add(key)
                matched[i] = True
                keys[i] = keys[i] or key
    return _Listed(matched_keys, matched, keys, reasons)


def _held(keys: pd.Series, idents: np.ndarray, wanted: Sequence[str | None]) -> set[str]:
    """Which of the ``wanted`` keys the identifiers ``idents`` hold (their keys
    compared in one pass, not made Python strings)."""
    asked = sorted({k for k in wanted if k is not None})
    if not asked or not len(idents):
        return set()
    mine = keys.iloc[idents]
    return set(mine[mine.isin(asked).to_numpy(dtype=bool)].tolist())


def _counts(
    found: dict[str, _Listed],
    config: Config,
    ident_kind: np.ndarray | None,
    idents: np.ndarray,
    stores: np.ndarray,
) -> dict[str, dict[str, int]]:
    """Per kind: values listed and matched, links and stores set aside."""
    out: dict[str, dict[str, int]] = {}
    kinds = ident_kind[idents] if ident_kind is not None and len(idents) else np.array([])
    for kind, read in found.items():
        mine = kinds == kind
        out[kind] = {
            "listed": len(config.known_shared[kind]),
            "matched": int(sum(read.matched)),
            "links": int(mine.sum()),
            "stores": len(np.unique(stores[mine])) if mine.any() else 0,
        }
    return out


def _set_aside_notice(counts: dict[str, dict[str, int]]) -> str | None:
    """What the known shared values set aside, per kind (none: no notice).

    Examples
    --------
    >>> print(_set_aside_notice({
    ...     "payment_account": {"listed": 1, "matched": 1, "links": 25, "stores": 25},
    ...     "ip": {"listed": 2, "matched": 1, "links": 1, "stores": 1}}))
    Links set aside as known shared (the config's known_shared), no evidence: ip 1 link
    of 1 store, on 1 of 2 listed values; payment_account 25 links of 25 stores, on 1
    listed value. The rejected table lists each (known_shared).
    """
    said = []
    for kind, c in sorted(counts.items()):
        if not c["links"]:
            continue
        on = counted(c["listed"], "listed value")
        if c["matched"] != c["listed"]:
            on = f"{c['matched']:,} of {on}"
        said.append(
            f"{kind} {counted(c['links'], 'link')} of {counted(c['stores'], 'store')}, on {on}"
        )
    if not said:
        return None
    return (
        "Links set aside as known shared (the config's known_shared), no evidence: "
        f"{'; '.join(said)}. The rejected table lists each (known_shared)."
    )


def _unmatched_notice(found: dict[str, _Listed], config: Config) -> str | None:
    """The listed values that matched no link, named by kind, place in the list and
    masked value (or why they are no value of their kind); none: no notice."""
    said = []
    phones = False
    for kind, read in sorted(found.items()):
        n = len(read.matched)
        for i, hit in enumerate(read.matched):
            if hit:
                continue
            phones |= kind == "phone"
            key, reason = read.keys[i], read.reasons[i]
            what = (
                mask_value(kind, key)
                if key is not None
                else f"not read as a {kind} value: {reason or 'invalid_value'}"
            )
            said.append(f"{kind} value {i + 1} of {n} ({what})")
    if not said:
        return None
    region = (
        " (phone numbers without a country code are read in the stores' countries, "
        f"else in normalize.default_region, {config.normalize.default_region})"
        if phones
        else ""
    )
    return (
        f"known_shared lists {counted(len(said), 'value')} that matched no link: "
        f"{', '.join(said)}. Check {'them' if len(said) != 1 else 'it'} "
        f"for a typo: a listed value is normalised as its kind's links are{region}, and "
        "only links holding the same normalised value are set aside."
    )
