"""Pure conversions between an analysis and the rows of the Neo4j graph model.

:func:`graph_rows` turns an :class:`~sellergraph.Analysis` into the tables that
:func:`sellergraph.neo4j.push` sends, batch by batch, as ``$rows`` parameters of
the statements in :mod:`sellergraph.neo4j.cypher`; :func:`frames_from_records`
turns what :func:`sellergraph.neo4j.pull` reads back into the ``stores`` and
``links`` tables of the input contract. Nothing here talks to a server.

Identifiers leave the platform hashed: ``value_hash`` is the keyed HMAC-SHA256 of
the normalised kind and value (:func:`sellergraph.hashing.keyed_hash`), the node key
is the kind and the first 32 hex characters of that hash, and the normalised value
itself is written only with ``raw=True``.

Examples
--------
>>> import sellergraph as sg
>>> stores, links, _ = sg.make_marketplace(n_stores=200, seed=0)
>>> rows = graph_rows(sg.analyze(stores, links, seed=0), secret=b"0123456789abcdef")
>>> sorted(rows.stores.columns)[:4]
['alert', 'closed_at', 'closure_reason', 'country']
>>> bool(rows.identifiers["key"].str.fullmatch(r"[a-z_]+:[0-9a-f]{32}").all())
True
>>> bool(rows.identifiers["value"].isna().all())      # hashed unless raw=True
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..config import Config, KindRule
from ..hashing import keyed_hash
from ..schema import LINK_COLUMNS, STORE_COLUMNS

if TYPE_CHECKING:
    from ..analysis import Analysis

__all__ = [
    "HASHED_KIND_SUFFIX",
    "LINK_COLUMNS",
    "STORE_COLUMNS",
    "GraphRows",
    "frames_from_records",
    "graph_rows",
    "hashed_config",
    "identifier_keys",
    "records",
    "ring_sizes",
    "rings_from_communities",
    "store_reviews",
]

#: Review statuses that say where a store's review stands now (the others,
#: ``superseded``, ``unknown_store`` and ``invalid``, are about the review row).
STORE_REVIEW_STATUSES: tuple[str, ...] = ("held", "back", "not_alerting", "not_active")

#: Appended to the kind of an identifier pulled back as its keyed hash, so that the
#: hash goes through the generic normaliser instead of the kind's own (a phone
#: normaliser would reject a hash as an invalid phone number).
HASHED_KIND_SUFFIX = "_hmac"

#: Hex characters of the keyed hash kept in an identifier node's ``key``.
KEY_HEX_CHARS = 32


@dataclass(frozen=True)
class GraphRows:
    """The rows of one analysis in the Neo4j graph model, one DataFrame per kind.

    Attributes
    ----------
    stores : DataFrame
        ``store_id, platform, status, opened_at, closed_at, closure_reason, name,
        country, score, matched_store_id, relation, ring_id, alert, review_status,
        review_decision, reviewed_at`` (``country`` is None when the stores table has
        no ``country`` column; see :func:`store_reviews` for the last three).
    identifiers : DataFrame
        ``key, kind, value_hash, value, flag, weight, n_stores, suppressed``.
    uses : DataFrame
        ``store_id, key, first_seen, last_seen, n_obs``.
    rings : DataFrame
        ``ring_id, size, banned, active, closed, platforms, kinds, first_opened,
        last_banned, density, score``.
    memberships : DataFrame
        ``store_id, ring_id``.
    links : DataFrame
        ``store_id, other_store_id, weight, kinds, n_items`` with
        ``store_id < other_store_id``.
    """

    stores: pd.DataFrame
    identifiers: pd.DataFrame
    uses: pd.DataFrame
    rings: pd.DataFrame
    memberships: pd.DataFrame
    links: pd.DataFrame

    def keys_by_store(self) -> pd.DataFrame:
        """``store_id, keys``: the identifiers each store uses (empty list for none)."""
        return _lists_by(self.stores["store_id"], self.uses["store_id"], self.uses["key"], "keys")

    def members_by_ring(self) -> pd.DataFrame:
        """``ring_id, members``: the stores of each ring."""
        m = self.memberships
        return _lists_by(self.rings["ring_id"], m["ring_id"], m["store_id"], "members").rename(
            columns={"store_id": "ring_id"}
        )

    def others_by_store(self) -> pd.DataFrame:
        """``store_id, others``: the stores each store is linked to, either way."""
        a, b = self.links["store_id"], self.links["other_store_id"]
        return _lists_by(
            self.stores["store_id"],
            pd.concat([a, b], ignore_index=True),
            pd.concat([b, a], ignore_index=True),
            "others",
        )

    def counts(self) -> dict[str, int]:
        """Rows of each table."""
        return {
            "stores": len(self.stores),
            "identifiers": len(self.identifiers),
            "uses": len(self.uses),
            "rings": len(self.rings),
            "memberships": len(self.memberships),
            "links": len(self.links),
        }


def _lists_by(universe: pd.Series, group: pd.Series, values: pd.Series, name: str) -> pd.DataFrame:
    """For each value of ``universe``: the sorted list of ``values`` whose ``group`` it is."""
    frame = pd.DataFrame({"g": group.to_numpy(dtype=object), "v": values.to_numpy(dtype=object)})
    frame = frame.sort_values(["g", "v"], kind="stable")
    lists = frame.groupby("g", sort=True)["v"].agg(list)
    ids = universe.to_numpy(dtype=object)
    got = lists.reindex(ids)
    out = [v if isinstance(v, list) else [] for v in got.tolist()]
    return pd.DataFrame({"store_id": ids, name: out})


def identifier_keys(kinds: Sequence[str], value_hashes: Sequence[str]) -> np.ndarray:
    """Node keys of identifiers: ``kind:`` and the first 32 hex characters of the hash.

    Examples
    --------
    >>> identifier_keys(["phone"], ["e939997318ca0f02" * 4])[0]
    'phone:e939997318ca0f02e939997318ca0f02'
    """
    return np.asarray(
        [f"{k}:{h[:KEY_HEX_CHARS]}" for k, h in zip(kinds, value_hashes, strict=True)],
        dtype=object,
    )


def _split(text: object) -> list[str]:
    if not isinstance(text, str) or not text:
        return []
    return [t for t in text.split("|") if t]


def _none_if_blank(series: pd.Series) -> pd.Series:
    return series.astype(object).where(series.notna() & (series.astype(str) != ""), None)


def store_reviews(review_table: pd.DataFrame | None, store_ids: pd.Series) -> pd.DataFrame:
    """Each store's standing review: ``review_status, review_decision, reviewed_at``.

    The review that counts for a store (its latest valid one, status ``held``,
    ``back``, ``not_alerting`` or ``not_active``; see :mod:`sellergraph.reviews`);
    None for a store without one.

    Examples
    --------
    >>> table = pd.DataFrame({"store_id": ["A", "A", "B"],
    ...     "decision": ["confirmed", "cleared", "cleared"],
    ...     "reviewed_at": pd.to_datetime(["2024-01-01", "2024-02-01", None]),
    ...     "status": ["superseded", "held", "invalid"]})
    >>> store_reviews(table, pd.Series(["A", "B"])).values.tolist()
    [['held', 'cleared', Timestamp('2024-02-01 00:00:00')], [None, None, NaT]]
    """
    ids = store_ids.to_numpy(dtype=object)
    out = pd.DataFrame(
        {
            "review_status": pd.Series([None] * len(ids), dtype=object),
            "review_decision": pd.Series([None] * len(ids), dtype=object),
            "reviewed_at": pd.Series(pd.NaT, index=range(len(ids)), dtype="datetime64[ns]"),
        }
    )
    if review_table is None or not len(review_table):
        return out
    standing = review_table[review_table["status"].isin(STORE_REVIEW_STATUSES)]
    standing = standing.drop_duplicates("store_id", keep="last").set_index("store_id")
    found = standing.reindex(ids)
    for col, source in (("review_status", "status"), ("review_decision", "decision")):
        text = [v if isinstance(v, str) and v else None for v in found[source].tolist()]
        out[col] = pd.Series(text, dtype=object)
    if "reviewed_at" in found:
        out["reviewed_at"] = pd.to_datetime(found["reviewed_at"], errors="coerce").to_numpy()
    return out


def graph_rows(analysis: Analysis, *, secret: bytes, raw: bool = False) -> GraphRows:
    """The graph-model rows of an analysis.

    Parameters
    ----------
    analysis : Analysis
    secret : bytes
        Key of the identifier hashes (see :func:`sellergraph.hashing.read_secret`).
    raw : bool, default False
        Also give each identifier its normalised ``value``.

    Returns
    -------
    GraphRows
    """
    stores = analysis.stores
    scores = analysis.scores.set_index("store_id")
    sid = stores["store_id"].astype(str)
    ring_of = pd.Series(np.asarray(analysis.ring_of, dtype=object), index=sid.to_numpy())
    store_frame = pd.DataFrame(
        {
            "store_id": sid.to_numpy(dtype=object),
            "platform": stores["platform"].to_numpy(dtype=object),
            "status": stores["status"].to_numpy(dtype=object),
            "opened_at": stores["opened_at"].to_numpy(),
            "closed_at": stores["closed_at"].to_numpy(),
            "closure_reason": _none_if_blank(stores["closure_reason"]).to_numpy(),
            "name": _none_if_blank(stores["name"]).to_numpy(),
            "country": (
                _none_if_blank(stores["country"]).to_numpy()
                if "country" in stores
                else np.full(len(stores), None, dtype=object)
            ),
            "score": scores["score"].reindex(sid).to_numpy(dtype=float),
            "matched_store_id": _none_if_blank(scores["matched_store_id"].reindex(sid)).to_numpy(),
            "relation": _none_if_blank(scores["relation"].reindex(sid)).to_numpy(),
            "ring_id": _none_if_blank(ring_of).to_numpy(),
            "alert": sid.isin(analysis.alerts["store_id"].astype(str)).to_numpy(dtype=bool),
        }
    )
    reviews = store_reviews(analysis.review_table, sid)
    for col in reviews.columns:
        store_frame[col] = reviews[col].to_numpy()

    links = analysis.links
    ident = analysis.evidence.identifiers
    pairs = links[["kind", "key"]].astype({"kind": str, "key": str}).drop_duplicates()
    pairs = pairs.sort_values(["kind", "key"], kind="stable").reset_index(drop=True)
    info = ident[["kind", "key", "flag", "weight", "n_stores", "suppressed"]].astype(
        {"kind": str, "key": str}
    )
    pairs = pairs.merge(info, on=["kind", "key"], how="left", validate="one_to_one")
    hashes = keyed_hash(pairs["kind"], pairs["key"], secret)
    node_keys = identifier_keys(pairs["kind"].tolist(), hashes.tolist())
    identifiers = pd.DataFrame(
        {
            "key": node_keys,
            "kind": pairs["kind"].to_numpy(dtype=object),
            "value_hash": hashes,
            "value": pairs["key"].to_numpy(dtype=object) if raw else None,
            "flag": _none_if_blank(pairs["flag"]).to_numpy(),
            "weight": pairs["weight"].to_numpy(dtype=float),
            "n_stores": pairs["n_stores"].to_numpy(),
            "suppressed": pairs["suppressed"].fillna(False).to_numpy(dtype=bool),
        }
    )
    key_of = pd.Series(node_keys, index=pd.MultiIndex.from_frame(pairs[["kind", "key"]]))
    link_index = pd.MultiIndex.from_arrays(
        [links["kind"].astype(str).to_numpy(), links["key"].astype(str).to_numpy()]
    )
    uses = pd.DataFrame(
        {
            "store_id": links["store_id"].astype(str).to_numpy(dtype=object),
            "key": key_of.reindex(link_index).to_numpy(dtype=object),
            "first_seen": links["first_seen"].to_numpy(),
            "last_seen": links["last_seen"].to_numpy(),
            "n_obs": links["n_obs"].to_numpy(),
        }
    ).sort_values(["store_id", "key"], kind="stable", ignore_index=True)

    r = analysis.rings
    rings = pd.DataFrame(
        {
            "ring_id": r["ring_id"].astype(str).to_numpy(dtype=object),
            "size": r["size"].to_numpy(),
            "banned": r["n_banned"].to_numpy(),
            "active": r["n_active"].to_numpy(),
            "closed": r["n_closed"].to_numpy(),
            "platforms": [_split(v) for v in r["platforms"].tolist()],
            "kinds": [_split(v) for v in r["kinds"].tolist()],
            "first_opened": r["first_opened"].to_numpy(),
            "last_banned": r["last_banned"].to_numpy(),
            "density": r["density"].to_numpy(dtype=float),
            "score": r["score"].to_numpy(dtype=float),
        }
    ).sort_values("ring_id", ignore_index=True)
    in_ring = store_frame["ring_id"].notna().to_numpy()
    memberships = store_frame.loc[in_ring, ["store_id", "ring_id"]].reset_index(drop=True)

    sl = analysis.store_links
    a = sl["store_id"].astype(str).to_numpy(dtype=object)
    b = sl["other_store_id"].astype(str).to_numpy(dtype=object)
    swap = a > b
    store_links = pd.DataFrame(
        {
            "store_id": np.where(swap, b, a),
            "other_store_id": np.where(swap, a, b),
            "weight": sl["weight"].to_numpy(dtype=float),
            "kinds": [_split(v) for v in sl["kinds"].tolist()],
            "n_items": sl["n_items"].to_numpy(),
        }
    ).sort_values(["store_id", "other_store_id"], kind="stable", ignore_index=True)
    return GraphRows(
        stores=store_frame.sort_values("store_id", kind="stable", ignore_index=True),
        identifiers=identifiers,
        uses=uses,
        rings=rings,
        memberships=memberships.sort_values("store_id", ignore_index=True),
        links=store_links,
    )


def _python_values(series: pd.Series) -> list[Any]:
    """A column as plain Python values for the driver: dates, None for missing."""
    if pd.api.types.is_datetime64_any_dtype(series):
        stamps = pd.DatetimeIndex(series)
        dates = stamps.date.tolist()
        return [None if m else d for d, m in zip(dates, stamps.isna(), strict=True)]
    values = series.tolist()
    if pd.api.types.is_float_dtype(series):
        return [None if v != v else v for v in values]
    return [None if v is None or (isinstance(v, float) and v != v) else v for v in values]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows of a DataFrame as dicts of plain Python values (the ``$rows`` parameter).

    Missing values become None (which removes the property in ``SET n += row``),
    datetimes become dates, NumPy scalars become Python ones.

    Examples
    --------
    >>> frame = pd.DataFrame({"store_id": ["a", "b"], "score": [0.5, float("nan")],
    ...                       "opened_at": pd.to_datetime(["2024-01-31", None])})
    >>> records(frame)
    [{'store_id': 'a', 'score': 0.5, 'opened_at': datetime.date(2024, 1, 31)},
     {'store_id': 'b', 'score': None, 'opened_at': None}]
    """
    columns = [_python_values(frame[c]) for c in frame.columns]
    names = list(frame.columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def _native(value: object) -> object:
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _dates(values: Iterable[object]) -> pd.Series:
    out = []
    for v in values:
        v = _native(v)
        if isinstance(v, dt.datetime):
            v = v.replace(tzinfo=None)  # as written, in its own zone (as every source)
        out.append(v)
    return pd.Series(pd.to_datetime(pd.Series(out, dtype=object), errors="coerce"))


def frames_from_records(
    store_records: Sequence[Mapping[str, Any]], link_records: Sequence[Mapping[str, Any]]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``stores`` and ``links`` tables of the input contract, from pulled records.

    Parameters
    ----------
    store_records : sequence of mappings
        ``store_id, platform, status, opened_at, closed_at, closure_reason, name``, and
        ``country`` (kept as a column when any store has one).
    link_records : sequence of mappings
        ``store_id, kind, value, value_hash, first_seen, last_seen``. A link whose
        identifier has no raw ``value`` gets its ``value_hash`` as value and
        :data:`HASHED_KIND_SUFFIX` added to its kind. A link seen over a period gives
        two rows, one observed at each end (``first_seen`` and ``last_seen``).

    Returns
    -------
    stores, links : DataFrame
        Sorted by store id (and kind, value, date), ready for
        :func:`sellergraph.analyze` (with :func:`hashed_config` for hashed links).

    Examples
    --------
    >>> stores, links = frames_from_records(
    ...     [{"store_id": "b", "platform": "p", "status": "active", "opened_at": None,
    ...       "closed_at": None, "closure_reason": None, "name": None}],
    ...     [{"store_id": "b", "kind": "phone", "value": None, "value_hash": "ab12",
    ...       "first_seen": dt.date(2024, 1, 1), "last_seen": dt.date(2024, 2, 1)}])
    >>> links
      store_id        kind value observed_at
    0        b  phone_hmac  ab12  2024-01-01
    1        b  phone_hmac  ab12  2024-02-01
    """
    stores = pd.DataFrame(
        {c: [r.get(c) for r in store_records] for c in STORE_COLUMNS}, columns=STORE_COLUMNS
    )
    for col in ("opened_at", "closed_at"):
        stores[col] = _dates(stores[col])
    for col in ("store_id", "platform", "status", "closure_reason", "name"):
        stores[col] = stores[col].astype(object)
    countries = [r.get("country") for r in store_records]
    if any(c is not None for c in countries):
        stores["country"] = pd.Series(countries, dtype=object)
    stores = stores.sort_values("store_id", kind="stable", ignore_index=True)

    store_ids = [r["store_id"] for r in link_records]
    raw = [r.get("value") for r in link_records]
    kinds = [
        str(r["kind"]) if v is not None else f"{r['kind']}{HASHED_KIND_SUFFIX}"
        for r, v in zip(link_records, raw, strict=True)
    ]
    values = [
        v if v is not None else r.get("value_hash") for r, v in zip(link_records, raw, strict=True)
    ]
    first = _dates(r.get("first_seen") for r in link_records)
    last = _dates(r.get("last_seen") for r in link_records)
    base = pd.DataFrame(
        {"store_id": store_ids, "kind": kinds, "value": values, "observed_at": first},
        columns=list(LINK_COLUMNS),
    )
    later = last.notna() & (first.isna() | (last != first))
    extra = base.loc[later.to_numpy()].assign(observed_at=last[later].to_numpy())
    links = pd.concat([base, extra], ignore_index=True)
    for col in ("store_id", "kind", "value"):
        links[col] = links[col].astype(object)
    links = links.sort_values(
        ["store_id", "kind", "value", "observed_at"], kind="stable", ignore_index=True
    )
    return stores, links


def hashed_config(config: Config | None = None) -> Config:
    """``config`` with a ``<kind>_hmac`` kind, of the same rule, for every kind.

    Pulled identifiers that were pushed hashed come back with these kinds (see
    :data:`HASHED_KIND_SUFFIX`); analyse them with this config. Stores sharing a
    value still share its hash, so exact matches link them as before, but nothing
    can normalise or fuzzy-match a hash.

    Examples
    --------
    >>> cfg = hashed_config()
    >>> cfg.kinds["phone_hmac"] == cfg.kinds["phone"]
    True
    """
    base = Config() if config is None else config
    kinds: dict[str, KindRule] = dict(base.kinds)
    for name, rule in base.kinds.items():
        if not name.endswith(HASHED_KIND_SUFFIX):
            kinds.setdefault(f"{name}{HASHED_KIND_SUFFIX}", rule)
    return Config(
        kinds=kinds,
        normalize=base.normalize,
        fuzzy=base.fuzzy,
        rings=base.rings,
        scoring=base.scoring,
    )


def rings_from_communities(communities: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rings from community labels (a GDS result), named as sellergraph names rings.

    Parameters
    ----------
    communities : DataFrame
        ``store_id, opened_at, community``, one row per store.

    Returns
    -------
    members : DataFrame
        ``store_id, ring_id`` for every store of a community of two or more; the
        ring id is :func:`sellergraph.rings.ring_id_for` of the community's earliest
        store (earliest ``opened_at``, then ``store_id``).
    rings : DataFrame
        ``ring_id, size``, largest first.

    Examples
    --------
    >>> members, rings = rings_from_communities(pd.DataFrame({
    ...     "store_id": ["b", "a", "c", "d"], "community": [7, 7, 7, 9],
    ...     "opened_at": [dt.date(2020, 1, 1), dt.date(2021, 1, 1), None, None]}))
    >>> from sellergraph.rings import ring_id_for
    >>> set(members["ring_id"]) == {ring_id_for("b")}, rings["size"].tolist()
    (True, [3])
    """
    from ..rings import ring_id_for

    frame = communities.assign(opened_at=_dates(communities["opened_at"]).to_numpy())
    size = frame.groupby("community")["store_id"].transform("size")
    frame = frame[size >= 2].sort_values(
        ["community", "opened_at", "store_id"], na_position="last", kind="stable"
    )
    earliest = frame.groupby("community")["store_id"].transform("first")
    members = pd.DataFrame(
        {
            "store_id": frame["store_id"].to_numpy(dtype=object),
            "ring_id": [ring_id_for(s) for s in earliest],
        }
    ).sort_values(["ring_id", "store_id"], ignore_index=True)
    rings = ring_sizes(members)
    return members, rings


def ring_sizes(members: pd.DataFrame) -> pd.DataFrame:
    """``ring_id, size`` from ``store_id, ring_id`` memberships, largest first."""
    sizes = members.groupby("ring_id").size().rename("size").reset_index()
    return sizes.sort_values(["size", "ring_id"], ascending=[False, True], ignore_index=True)
