"""Notices about a loaded dataset: what was read, but probably not as the caller meant.

A notice never changes a result. It says what looks wrong and what setting changes
it; :func:`sellergraph.load` records them in ``Dataset.counts["notices"]`` (and so in
``run.json``) and logs each as a warning of the ``sellergraph`` logger, which the
command line prints as a ``sellergraph: warning:`` line.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["phone_region_notice"]

#: From this share of phone values read as no number of the plan they were read in
#: (``unlisted_phone`` or ``invalid_phone``), the region is probably wrong.
PHONE_REGION_SHARE = 0.25
#: ... and from this many of them (a handful of odd numbers says nothing).
PHONE_REGION_MIN = 20


def phone_region_notice(
    identifiers: pd.DataFrame, rejected: pd.DataFrame, *, default_region: str, has_country: bool
) -> str | None:
    """A notice when many phone numbers are no numbers of the region they were read in.

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
    30 of 40 distinct phone values (75%) are no numbers of the region they were read in
    (30 unlisted_phone, 0 invalid_phone). Numbers without a country code are read in CN
    (normalize.default_region): give the stores a country column, or set
    normalize.default_region.
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
        "check the stores' country column, or set normalize.default_region."
        if has_country
        else f"in {default_region} (normalize.default_region): give the stores a country "
        "column, or set normalize.default_region."
    )
    return (
        f"{odd:,} of {total:,} distinct phone values ({odd / total:.0%}) are no numbers of the "
        f"region they were read in ({unlisted:,} unlisted_phone, {invalid:,} invalid_phone). "
        f"Numbers without a country code are read {where}"
    )
