"""A screening decision's paragraph says how much weight a long-apart phone kept, as
``explain`` says it for a batch score."""

from __future__ import annotations

import pandas as pd

import sellergraph as sg


def test_the_decision_summary_says_a_phone_may_have_passed_to_a_new_holder() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A0"],
            "status": ["banned", "active"],
            "opened_at": ["2019-01-01", "2019-02-01"],
            "closed_at": ["2020-01-01", None],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["B1", "A0"],
            "kind": ["phone", "device"],
            "value": ["+86 138 0013 8000", "358168366674698"],
        }
    )
    screener = sg.Screener.from_analysis(sg.analyze(stores, links))
    late = screener.screen(
        {"store_id": "N1", "opened_at": "2021-06-01", "identifiers": {"phone": ["13800138000"]}}
    )
    soon = screener.screen(
        {"store_id": "N2", "opened_at": "2020-03-01", "identifiers": {"phone": ["13800138000"]}}
    )
    assert "a phone number may have passed to a new holder: weight x0." in late.summary
    assert "days apart, a phone number may have passed" in late.summary
    assert "new holder" not in soon.summary
