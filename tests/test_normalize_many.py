"""Addresses with symbols (emoji) on the fast path, and large per-value batches split
over forked processes: both give exactly what the per-value reference path gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sellergraph import normalize
from sellergraph._parallel import can_fork

_SYMBOL_ADDRESSES = [
    "12🏬34 Main St",
    "12-🏬34 Main St",
    "12🏬-34 Main St",
    "Unit 7, 4970 Harbour Road 🏬 Building D, Kowloon, Hong Kong",
    "🏬",
    "🙏📦",
    "📦 12 Main St 🙏",
    "宝安区🏬B栋12号",
    "宝安区 🏬 华丰路88号",
    "广东省🙏深圳市",
    "华丰路88号，靠近地铁站B出口 🙏📦 Near metro exit B",
    "Flat 3 ☀ 12 High St",
    "⭐12⭐ Rd",
    "➡ 5 Rue de la Paix",
    "❶ Main St",  # a circled digit is a digit to Python: per value
    "☀️ 12 High St",  # with a variation selector: per value
    "👍🏽 12 Main",
    "🇧🇷 Rua A 12",  # regional indicators: per value
    "3rd🏬floor",
    "3🏬rd Ave",
    "12🏬f",
    "12 🏬 F",
    "🏬n/a🏬",
    "Unit🏬1, 12 Smith St",
    "12 Smith St🏬Unit 3",
    "LE174XT🏬",
    "sin🏬numero 12",  # "no number" spelled out: per value, as without the symbol
    "12/🏬1",
    "1🏬/12",
    "  🏬  ",
    "一二三🏬四五六",
]


def _generated_symbol_addresses(n: int) -> list[str]:
    rng = np.random.default_rng(3)
    parts = ["12", "Main", "St", "🏬", "🙏", "-", "/", "宝安区", "路", "88号", ",", "，"]
    parts += ["unit", "3rd", "f", "☀", "⭐", "、", " ", "🧸"]
    out = []
    for _ in range(n):
        picked = rng.choice(parts, int(rng.integers(1, 8)))
        out.append(("" if rng.random() < 0.5 else " ").join(picked))
    return out


def _rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    return list(frame.itertuples(index=False, name=None))


def test_symbols_in_addresses_fast_path_matches_reference() -> None:
    values = pd.Series(_SYMBOL_ADDRESSES + _generated_symbol_addresses(3000), dtype="str")
    fast = normalize._normalize_values_via("address", values, "fast")
    ref = normalize._normalize_values_via("address", values, "reference")
    bad = [(v, g, w) for v, g, w in zip(values, _rows(fast), _rows(ref), strict=True) if g != w]
    assert not bad, f"{len(bad)} differences, e.g. {bad[:10]}"
    # the symbols are separators, as any symbol is
    assert normalize.normalize_value("address", "12🏬34 Main St")[0] == "12 34 main street"
    # and the fast path takes them: only the forms named above go per value
    spec, comp = normalize._SPECS["address"], normalize._compiled(None)
    distinct = pd.Index(pd.unique(values))
    done = normalize._fast_codes(distinct, spec, comp)
    assert done is not None
    per_value = {distinct[i] for i in done[3]}
    assert per_value <= {"❶ Main St", "☀️ 12 High St", "🇧🇷 Rua A 12", "sin🏬numero 12"}


@pytest.mark.skipif(not can_fork(), reason="processes cannot be forked here")
def test_large_per_value_batches_split_over_processes_give_the_same_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Arabic-script addresses, IPv6 and accented e-mail addresses go per value
    arabic = [f"شارع الملك فهد، مكتب {i}، دبي" for i in range(300)]
    values = pd.Series(arabic + [f"  Rua São João {i}  " for i in range(300)], dtype="str")
    whole = normalize.normalize_distinct_codes("address", values)
    monkeypatch.setattr(normalize, "_PER_VALUE_SPLIT", 50)
    calls: list[int] = []
    reference = normalize._normalize_texts

    def counted(raw: list[object], spec: object, comp: object) -> object:
        calls.append(len(raw))  # in the parent: the split itself is not counted here
        return reference(raw, spec, comp)  # type: ignore[arg-type]

    split = normalize.normalize_distinct_codes("address", values)
    assert split.codes.tolist() == whole.codes.tolist()
    assert split.key.to_pylist() == whole.key.to_pylist()
    assert split.reason.tolist() == whole.reason.tolist()
    assert split.flag.tolist() == whole.flag.tolist()
    # the parts were worked in forked processes: the parent's function never ran
    monkeypatch.setattr(normalize, "_normalize_texts", counted)
    normalize.normalize_distinct_codes("address", values)
    assert calls == [] or normalize.available_cores() < 2
    texts: list[object] = list(values)
    spec, comp = normalize._SPECS["address"], normalize._compiled(None)
    assert normalize._normalize_many(texts, spec, comp) == reference(texts, spec, comp)
