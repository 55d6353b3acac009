"""Pieces shared by the intelligence exports: keyed store references, key fingerprints, times.

Everything that leaves the platform refers to stores and identifiers through keyed
hashes (:func:`sellergraph.hashing.keyed_hash`), never through an unkeyed hash, and
carries a time taken from the data or given by the caller, so the same analysis and
key give byte-identical files.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeAlias

import numpy as np
import pandas as pd

from ..errors import InputError
from ..hashing import HASH_ALGORITHM, key_fingerprint, keyed_hash
from ..schema import given_platform

if TYPE_CHECKING:
    from ..analysis import Analysis

__all__ = [
    "HASH_ALGORITHM",
    "HASH_INPUT",
    "STORE_REF_KIND",
    "TimeLike",
    "as_of",
    "given_platforms",
    "identifiers_of",
    "iso_date",
    "key_fingerprint",
    "looks_like_ring_ref",
    "on_platforms",
    "resolve_time",
    "ring_refs",
    "stable_uuid4",
    "store_links",
    "store_refs",
]

#: What is hashed: the identifier kind, the unit separator U+001F, the normalised key.
HASH_INPUT = "kind U+001F normalised key (UTF-8)"
#: The kind under which store ids are hashed into store references.
STORE_REF_KIND = "store_ref"

TimeLike: TypeAlias = str | pd.Timestamp | None


def given_platforms(platforms: object) -> list[str]:
    """The platforms a ring's ``platforms`` (``|``-joined) names, but the one a store
    without a platform has (:func:`~sellergraph.schema.given_platform`).

    Examples
    --------
    >>> given_platforms("mkt-a|mkt-b"), given_platforms("default"), given_platforms(None)
    (['mkt-a', 'mkt-b'], [], [])
    """
    if not isinstance(platforms, str):
        return []
    return [p for p in platforms.split("|") if given_platform(p) is not None]


def on_platforms(platforms: object) -> str:
    """What a sentence says of the platforms a ring's ``platforms`` names: nothing when
    its input named none (a stores table without a ``platform``), and that some stores
    have none beside those named.

    Examples
    --------
    >>> on_platforms("mkt-a|mkt-b"), on_platforms("default")
    (' on mkt-a, mkt-b', '')
    >>> on_platforms("default|mkt-a")
    ' on mkt-a (and stores of no platform given)'
    """
    named = given_platforms(platforms)
    if not named:
        return ""
    unnamed = len(named) < len([p for p in str(platforms).split("|") if p])
    return f" on {', '.join(named)}" + (" (and stores of no platform given)" if unnamed else "")


def store_refs(store_ids: Iterable[str], secret: bytes) -> np.ndarray:
    """Keyed references of stores: the HMAC of kind ``store_ref`` and the store id.

    Stable for one key, so a partner can say "your store <ref>" without either side
    revealing store ids.

    Examples
    --------
    >>> store_refs(["S1"], b"correct horse battery staple")[0][:12]
    'c0bb8e1423df'
    """
    ids = [str(s) for s in store_ids]
    return keyed_hash([STORE_REF_KIND] * len(ids), ids, secret)


def ring_refs(ring_ids: Iterable[str | None], secret: bytes) -> list[str | None]:
    """Keyed references of rings, ``R-`` and 10 hex digits of the HMAC of the ring id.

    A ring id derives from its earliest store's id without a key, so anyone who can
    guess store ids could tell which store a ring id stands for; what is shared
    carries this reference instead (stable for one key).

    Examples
    --------
    >>> ring_refs(["R-0168529f8c", None], b"correct horse battery staple")[1] is None
    True
    """
    ids = list(ring_ids)
    present = [str(r) for r in ids if isinstance(r, str) and r]
    hashed = iter(keyed_hash(["ring_ref"] * len(present), present, secret))
    return [f"R-{next(hashed)[:10]}" if isinstance(r, str) and r else None for r in ids]


_RING_REF = re.compile(r"R-[0-9a-f]{10}")


def looks_like_ring_ref(text: str) -> bool:
    """Whether ``text`` has the shape of a keyed ring reference (:func:`ring_refs`).

    A ring id has the same shape (``R-`` and 10 hex digits of an unkeyed hash), so
    this tells only that ``text`` could be either.

    Examples
    --------
    >>> looks_like_ring_ref("R-3040500110"), looks_like_ring_ref("S0000196")
    (True, False)
    """
    return _RING_REF.fullmatch(text.strip()) is not None


def iso_date(value: object) -> str | None:
    """``YYYY-MM-DD`` of a date, or None when missing.

    Examples
    --------
    >>> iso_date(pd.Timestamp("2017-05-01 13:00")), iso_date(None)
    ('2017-05-01', None)
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def as_of(analysis: Analysis) -> pd.Timestamp:
    """The latest date in an analysis (:attr:`sellergraph.Analysis.as_of`)."""
    return analysis.as_of


def resolve_time(value: TimeLike, analysis: Analysis | None = None) -> pd.Timestamp:
    """The time an export records: ``value`` when given, else :func:`as_of` the analysis.

    Returns a timezone-naive timestamp in UTC.

    Examples
    --------
    >>> resolve_time("2024-03-01T08:30:00Z")
    Timestamp('2024-03-01 08:30:00')
    """
    if value is None:
        if analysis is None:
            raise InputError("give a time ('created') when there is no analysis to take it from")
        return as_of(analysis)
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        raise InputError(f"'created' must be a date or time (got {value!r})") from None
    if pd.isna(ts):
        raise InputError(f"'created' must be a date or time (got {value!r})")
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


def stable_uuid4(*parts: str) -> uuid.UUID:
    """A UUID in version-4 form derived from ``parts`` (same parts, same id).

    STIX asks for UUIDv4 identifiers on domain and relationship objects; deriving the
    bits from content instead of a random source keeps exports reproducible.

    Examples
    --------
    >>> str(stable_uuid4("ring", "R-0b2c0b5ac1"))
    'd2b47d2d-8cba-455e-93e0-3481cf54ad5e'
    """
    digest = hashlib.sha256("\x1f".join(("sellergraph", *parts)).encode()).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


def store_links(analysis: Analysis, codes: np.ndarray) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of :attr:`analysis.links <sellergraph.Analysis.links>` of the stores
    ``codes`` (rows of the stores table), in its order and numbered from 0, and the
    identifier code of each.

    Built for those stores' links only: the whole table, millions of rows of text at a
    large run, is what an export of a few rings need not hold.
    """
    from ..build import link_order
    from ..dataset import NORMALISED_LINK_COLUMNS

    c = analysis.dataset.codes
    member = np.zeros(len(analysis.stores), dtype=bool)
    member[np.asarray(codes, dtype=np.int64)] = True
    rows = np.flatnonzero(member[c.store])
    store, ident = c.store[rows], c.ident[rows]
    ids = c.identifiers
    links = pd.DataFrame(  # as Dataset.links makes the whole table
        {
            "store_id": analysis.stores["store_id"].take(store).to_numpy(),
            "kind": ids["kind"].take(ident).to_numpy(),
            "key": ids["key"].take(ident).to_numpy(),
            "flag": ids["flag"].take(ident).to_numpy(),
            "first_seen": c.first_seen[rows],
            "last_seen": c.last_seen[rows],
            "n_obs": c.n_obs[rows],
            "row": c.row[rows],
        }
    )[list(NORMALISED_LINK_COLUMNS)]
    order = link_order(store, ident, ids, analysis._store_id_ranks)
    if order is None:
        return links, ident
    return links.take(order).reset_index(drop=True), ident[order]


def identifiers_of(analysis: Analysis, ident: np.ndarray) -> pd.DataFrame:
    """The rows of ``analysis.evidence.identifiers`` of the identifier codes ``ident``
    (each once, in code order): all a few stores' links need of the millions."""
    return analysis.evidence.identifiers.iloc[np.unique(ident)]
