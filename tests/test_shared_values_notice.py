"""The notice naming widely held values that alerts stand on names every one it counts."""

from __future__ import annotations

import pandas as pd

from sellergraph.notices import SHARED_NAMED_MAX, shared_value_alerts_notice


def _first_items(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": ["device"] * n,
            "value": [f"cafe-pc-{i:02d}-7f3a9c" for i in range(n)],
            "n_stores": [15] * n,
            "n_banned": [2] * n,
            "n_alerts": [20 - i for i in range(n)],
            "alone": [0.9] * n,
        }
    )


def test_four_values_are_all_named() -> None:
    notice = shared_value_alerts_notice(_first_items(4))
    assert notice is not None
    assert notice.count("(15 stores, 2 banned)") == 4
    assert "more value" not in notice


def test_past_the_named_ones_the_notice_says_where_the_rest_are() -> None:
    notice = shared_value_alerts_notice(_first_items(SHARED_NAMED_MAX + 2))
    assert notice is not None
    assert notice.count("(15 stores, 2 banned)") == SHARED_NAMED_MAX
    assert "2 more values (in hubs, or explain an alert)" in notice
