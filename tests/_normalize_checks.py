"""Checks the normaliser tests share: both paths agree, keys stay keys, pairs of values keyed."""

from __future__ import annotations

import pandas as pd
import pytest

from sellergraph import normalize
from sellergraph.config import NormalizeConfig
from sellergraph.normalize import normalize_value

Result = tuple[str | None, str | None, str | None]


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


def sent_per_value(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The values the fast path sends to the per-value normaliser from now on, recorded
    in the returned list (clear it to start afresh)."""
    sent: list[object] = []
    reference = normalize._normalize_texts

    def recording(raw: list[object], spec: object, comp: object) -> object:
        sent.extend(raw)
        return reference(raw, spec, comp)  # type: ignore[arg-type]

    monkeypatch.setattr(normalize, "_normalize_texts", recording)
    return sent


def address_pair_keys(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The address keys of each pair of values, asserting both are keyed and differ."""
    out = []
    for a, b in pairs:
        ka, kb = (normalize_value("address", v)[0] for v in (a, b))
        assert ka is not None and kb is not None and ka != kb, (a, b)
        out.append((ka, kb))
    return out


def checked_results(kind: str, values: list[str], region: str = "CN") -> list[Result]:
    """Results of ``values`` read in ``region``, checked to agree between the fast and
    per-value paths, the load's distinct codes and :func:`normalize_value` (padded so
    that the batch takes the fast paths)."""
    config = NormalizeConfig(default_region=region)
    padded = [*values, *(f"pad {i} value {i}" for i in range(normalize._FAST_MIN))]
    s = pd.Series(padded, dtype=object)
    fast = normalize._normalize_values_via(kind, s, "fast", config=config)
    ref = normalize._normalize_values_via(kind, s, "reference", config=config)
    got = list(fast.itertuples(index=False, name=None))
    want = list(ref.itertuples(index=False, name=None))
    bad = [(v, g, w) for v, g, w in zip(padded, got, want, strict=True) if g != w]
    assert not bad, f"{kind}: {len(bad)} differences, e.g. {bad[:10]}"
    d = normalize.normalize_distinct_codes(kind, s, config=config)
    keys = d.key.to_pylist()
    coded = [
        (keys[c], normalize.REASON_CODES[d.reason[c]], normalize.FLAG_CODES[d.flag[c]])
        for c in d.codes
    ]
    assert coded == want
    one = [normalize_value(kind, v, config=config) for v in values]
    assert one == want[: len(values)]
    return one


def address_keys(values: list[str], region: str = "CN") -> list[str | None]:
    """The address keys of ``values`` read in ``region`` (:func:`checked_results`), each
    asserted to read back as itself."""
    got = [key for key, _, _ in checked_results("address", values, region)]
    for key in got:
        assert key is None or normalize_value("address", key)[0] == key
    return got
