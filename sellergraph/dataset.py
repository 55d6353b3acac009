"""The front door for data: read, validate and normalise into a :class:`Dataset`.

``sg.load(stores, links)`` runs the first three pipeline steps (read -> validate ->
normalise) and returns clean, normalised evidence together with every row it could
not use and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .config import Config
from .errors import InputError
from .io.tables import TableSource, read_table
from .normalize import REASONS, normalize_values
from .schema import (
    ROW_REASONS,
    empty_rejected,
    make_rejected,
    melt_wide_links,
    rename_columns,
    validate_links,
    validate_stores,
)

__all__ = ["Dataset", "load"]

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
class Dataset:
    """Validated, normalised input: what every later step reads.

    Attributes
    ----------
    stores : DataFrame
        ``store_id, platform, status, opened_at, closed_at, closure_reason, name``.
    links : DataFrame
        One row per distinct (store, kind, normalised key): ``store_id, kind, key,
        flag, first_seen, last_seen, n_obs, row`` (``row`` is the first input row).
    rejected : DataFrame
        ``table, row, store_id, column, value, reason, message, dropped``. ``dropped``
        rows were set aside; the others had one value cleared or noted.
    counts : dict
        Input and output row counts and rejected rows by reason;
        ``links_accepted + links_rejected == links_in`` always holds.
    config : Config
        The configuration used.
    """

    stores: pd.DataFrame
    links: pd.DataFrame
    rejected: pd.DataFrame
    counts: Mapping[str, Any]
    config: Config = field(default_factory=Config)

    def __repr__(self) -> str:
        c = self.counts
        return (
            f"<Dataset: {c['stores']:,} stores ({c['banned']:,} banned), "
            f"{c['links_accepted']:,} links accepted, {c['links_rejected']:,} rejected>"
        )


def _normalise_links(links: pd.DataFrame, config: Config) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Normalise each kind's values; rows whose value is unusable are set aside."""
    keys = np.empty(len(links), dtype=object)
    reasons = np.empty(len(links), dtype=object)
    flags = np.empty(len(links), dtype=object)
    kcodes, kuniq = pd.factorize(links["kind"])
    for code, kind in enumerate(kuniq):
        pos = np.flatnonzero(kcodes == code)
        res = normalize_values(
            str(kind), links["value"].iloc[pos].reset_index(drop=True), config=config.normalize
        )
        keys[pos] = res["key"].to_numpy(dtype=object)
        reasons[pos] = res["reason"].to_numpy(dtype=object)
        flags[pos] = res["flag"].to_numpy(dtype=object)
    bad = pd.notna(reasons)
    rejected = empty_rejected()
    if bad.any():
        sub = links[bad]
        rejected = make_rejected(
            "links",
            sub["row"].to_numpy(),
            sub["store_id"],
            "value",
            sub["value"],
            reasons[bad],
            [f"{k}: {REASONS.get(r, r)}" for k, r in zip(sub["kind"], reasons[bad], strict=True)],
            dropped=True,
        )
    good = links.loc[~bad, ["row", "store_id", "kind", "observed_at"]].copy()
    good["key"] = keys[~bad]
    good["flag"] = flags[~bad]
    return good, rejected


def _merge_duplicates(links: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One link per (store, kind, key); later sightings widen first/last seen."""
    dup = links.duplicated(["store_id", "kind", "key"], keep="first")
    grouped = links.groupby(["store_id", "kind", "key"], sort=False, observed=True)
    agg = grouped.agg(
        first_seen=("observed_at", "min"),
        last_seen=("observed_at", "max"),
        n_obs=("row", "size"),
        row=("row", "min"),
        flag=("flag", "first"),
    ).reset_index()
    agg["n_obs"] = agg["n_obs"].astype(np.int64)
    rejected = empty_rejected()
    if dup.any():
        sub = links[dup.to_numpy()]
        rejected = make_rejected(
            "links",
            sub["row"].to_numpy(),
            sub["store_id"],
            "value",
            sub["key"],
            "duplicate",
            ROW_REASONS["duplicate"],
            dropped=True,
        )
    return agg[list(NORMALISED_LINK_COLUMNS)], rejected


def load(
    stores: TableSource,
    links: TableSource | None = None,
    *,
    columns: Mapping[str, str] | None = None,
    config: Config | None = None,
) -> Dataset:
    """Read, validate and normalise a marketplace's stores and identifier links.

    Parameters
    ----------
    stores : DataFrame, str or Path
        The stores table (CSV or Parquet path, or a DataFrame). Identifier columns
        named after a kind (``phone``, ``device``, ...) are melted into links
        (wide format).
    links : DataFrame, str or Path, optional
        Long-format links ``store_id, kind, value[, observed_at]``. May be omitted
        when the stores table is wide.
    columns : mapping, optional
        Column renames applied to both tables, e.g. ``{"shop_id": "store_id"}``.
    config : Config, optional
        Kinds, weights and normalisation rules; defaults to ``Config()``.

    Returns
    -------
    Dataset

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
    kinds = set(config.kinds)
    stores_raw = rename_columns(read_table(stores, table="stores"), columns, table="stores")
    store_table, store_notes = validate_stores(stores_raw)

    wide = melt_wide_links(stores_raw, kinds)
    frames = []
    if links is not None:
        links_raw = rename_columns(read_table(links, table="links"), columns, table="links")
        frames.append(links_raw.reset_index(drop=True))
    if wide is not None:
        if links is not None:
            wide = wide.assign(row=wide["row"] + (frames[0].shape[0]))
        frames.append(wide)
    if not frames:
        raise InputError(
            "no links: pass a links table, or identifier columns on the stores table "
            f"named after a configured kind ({', '.join(sorted(kinds))})"
        )
    if len(frames) == 2:
        base = frames[0].assign(row=np.arange(len(frames[0]), dtype=np.int64))
        link_input = pd.concat([base, frames[1]], ignore_index=True)
    else:
        link_input = frames[0]
    links_in = len(link_input)

    valid, rejected_rows = validate_links(
        link_input, pd.Index(store_table["store_id"]), known_kinds=kinds
    )
    normalised, rejected_values = _normalise_links(valid, config)
    merged, rejected_dupes = _merge_duplicates(normalised)

    rejected = pd.concat(
        [r for r in (store_notes, rejected_rows, rejected_values, rejected_dupes) if len(r)]
        or [empty_rejected()],
        ignore_index=True,
    )
    rejected = rejected.sort_values(
        ["table", "dropped", "row"], ascending=[False, False, True], kind="stable"
    )
    rejected = rejected.reset_index(drop=True)
    dropped = rejected[rejected["dropped"] & (rejected["table"] == "links")]
    counts: dict[str, Any] = {
        "stores": len(store_table),
        "banned": int((store_table["status"] == "banned").sum()),
        "active": int((store_table["status"] == "active").sum()),
        "closed": int((store_table["status"] == "closed").sum()),
        "links_in": links_in,
        "links_accepted": links_in - len(dropped),
        "links_rejected": len(dropped),
        "links_distinct": len(merged),
        "values_cleared": int((~rejected["dropped"]).sum()),
        "rejected_by_reason": {
            str(k): int(v) for k, v in rejected["reason"].value_counts().sort_index().items()
        },
    }
    return Dataset(
        stores=store_table, links=merged, rejected=rejected, counts=counts, config=config
    )
