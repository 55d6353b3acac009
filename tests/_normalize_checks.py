"""Checks the normaliser tests share: both paths agree, and pairs of values keyed."""

from __future__ import annotations

import pandas as pd

from sellergraph import normalize
from sellergraph.config import NormalizeConfig
from sellergraph.normalize import normalize_value


def both_paths(
    kind: str, values: list[str], config: NormalizeConfig | None = None, *, copies: int = 2
) -> list[tuple[str | None, str | None, str | None]]:
    """Assert that the fast and the per-value paths agree on ``values`` (with upper-case
    and padded copies, ``copies`` times: enough values for the fast path); the results
    of ``values``."""
    padded = values + [v.upper() for v in values] + [f" {v} " for v in values]
    s = pd.Series(padded * copies, dtype=object)
    fast = normalize._normalize_values_via(kind, s, "fast", config=config)
    ref = normalize._normalize_values_via(kind, s, "reference", config=config)
    got = list(fast.itertuples(index=False, name=None))
    want = list(ref.itertuples(index=False, name=None))
    assert got == want, [(v, g, w) for v, g, w in zip(s, got, want, strict=True) if g != w]
    return got[: len(values)]


def address_pair_keys(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The address keys of each pair of values, asserting both are keyed and differ."""
    out = []
    for a, b in pairs:
        ka, kb = (normalize_value("address", v)[0] for v in (a, b))
        assert ka is not None and kb is not None and ka != kb, (a, b)
        out.append((ka, kb))
    return out
