"""Values handed on between holders: reassigned phone numbers and IPs weaken with time."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.errors import ConfigError
from sellergraph.recycling import NAT_DAYS, held_gap, recycling_factor
from sellergraph.screening import decisions_frame

PHONE = "+86 138 0013 8000"


def _market(new_opened: str, *, kind: str = "phone", value: str = PHONE, observed=None):
    stores = pd.DataFrame(
        {
            "store_id": ["B", "N"],
            "status": ["banned", "active"],
            "opened_at": ["2015-01-01", new_opened],
            "closed_at": ["2016-01-01", None],
        }
    )
    links = pd.DataFrame({"store_id": ["B", "N"], "kind": kind, "value": value})
    if observed is not None:
        links["observed_at"] = observed
    return stores, links


def _scored(stores: pd.DataFrame, links: pd.DataFrame, **kw) -> tuple[sg.Analysis, pd.Series]:
    result = sg.analyze(stores, links, seed=0, **kw)
    return result, result.scores.set_index("store_id").loc["N"]


def test_a_phone_number_seen_years_after_the_ban_was_most_likely_reassigned() -> None:
    result, row = _scored(*_market("2021-06-01"))
    gap = (pd.Timestamp("2021-06-01") - pd.Timestamp("2016-01-01")).days
    weight = 0.7 * 0.5 ** ((gap - 365) / 365)
    assert row["score"] == pytest.approx(weight, abs=1e-6)
    assert row["score"] < result.config.scoring.alert_threshold
    assert f"{gap:,} days between holders" in row["evidence"]
    item = result.explain("N").contributions.iloc[0]
    assert (item["gap_days"], item["holders"], item["banned_holders"]) == (gap, 2, 1)


def test_a_prompt_return_on_the_same_number_keeps_its_whole_weight() -> None:
    _, row = _scored(*_market("2016-03-01"))
    assert row["score"] > 0.7  # the phone's 0.7, and the timing of a return
    assert "days between holders" not in row["evidence"]


def test_a_device_is_not_handed_on_a_late_return_on_it_keeps_its_weight() -> None:
    _, row = _scored(*_market("2021-06-01", kind="device", value="a1b2c3d4e5f60718"))
    assert row["score"] == pytest.approx(0.85)
    assert "1,978 days between holders" in row["evidence"]  # said, not held against it


def test_sightings_after_the_closure_shorten_the_gap() -> None:
    # the banned store's number was last seen in 2020, four years after its closure
    stores, links = _market("2021-06-01", observed=["2020-06-01", "2021-06-01"])
    result, row = _scored(stores, links)
    gap = (pd.Timestamp("2021-06-01") - pd.Timestamp("2020-06-01")).days
    assert result.explain("N").contributions["gap_days"].iloc[0] == gap
    assert row["score"] == pytest.approx(0.7)


def test_an_old_store_seen_with_the_number_late_is_read_from_its_opening() -> None:
    # opened before the ban; its number sighted only years later: the cautious
    # reading (held since it opened) leaves the match whole
    stores, links = _market("2015-06-01", observed=["2015-06-01", "2022-01-01"])
    _, row = _scored(stores, links)
    assert row["score"] == pytest.approx(0.7)


def test_a_number_an_active_store_still_holds_is_not_handed_on() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B", "A", "N"],
            "status": ["banned", "active", "active"],
            "opened_at": ["2015-01-01", "2015-02-01", "2022-01-01"],
            "closed_at": ["2016-01-01", None, None],
        }
    )
    links = pd.DataFrame({"store_id": ["B", "A", "N"], "kind": "phone", "value": PHONE})
    result = sg.analyze(stores, links, seed=0)
    pairs = result.evidence.pairs.set_index(["a", "b"])["weight"]
    # A (1) and N (2) both hold the number now: their link keeps its weight
    assert pairs.loc[(1, 2)] == pytest.approx(0.7)
    assert pairs.loc[(0, 2)] < 0.1 and pairs.loc[(0, 1)] == pytest.approx(0.7)


def test_the_decay_is_configured_per_kind_and_can_be_turned_off() -> None:
    stores, links = _market("2021-06-01")
    off = sg.Config().with_kind(
        "phone",
        sg.KindRule(weight=0.7, free_share=6, hub_cap=40, recycled_half_life_days=0),
    )
    _, row = _scored(stores, links, config=off)
    assert row["score"] == pytest.approx(0.7)
    slow = sg.Config.from_dict({"kinds": {"phone": {"recycled_after_days": 3650}}})
    assert slow.kinds["phone"].recycled_half_life_days == 365
    _, row = _scored(stores, links, config=slow)
    assert row["score"] == pytest.approx(0.7)
    assert sg.Config().with_kind("phone", 0.5).kinds["phone"].recycled_after_days == 365
    assert sg.Config.from_dict(slow.to_dict()) == slow
    with pytest.raises(ConfigError, match="recycled_half_life_days"):
        sg.Config.from_dict({"kinds": {"ip": {"recycled_half_life_days": -1}}})
    with pytest.raises(ConfigError, match="recycled_after_days"):
        sg.Config.from_dict({"kinds": {"ip": {"recycled_after_days": "a year"}}})


def test_screening_weighs_a_reassigned_number_as_the_batch_does() -> None:
    stores, links = _market("2021-06-01")
    result, row = _scored(stores, links)
    screener = sg.Screener.from_analysis(result)
    later = screener.screen({"store_id": "N", "opened_at": "2021-06-01", "phone": PHONE})
    assert later.score == row["score"]
    assert (
        later.evidence["gap_days"].iloc[0] == result.explain("N").contributions["gap_days"].iloc[0]
    )
    assert "days between holders" in decisions_frame([later])["evidence"].iloc[0]
    soon = screener.screen({"store_id": "M", "opened_at": "2016-02-01", "phone": PHONE})
    assert soon.score > 0.7
    undated = screener.screen({"store_id": "U", "phone": PHONE})
    assert undated.score == pytest.approx(0.7)  # no opening day: no gap to read


def test_held_gap_reads_whichever_store_held_first_cautiously() -> None:
    nat = NAT_DAYS
    gap = held_gap(
        np.array([nat, 500, nat]),
        np.array([400, 600, nat]),
        np.array([100, 100, 100]),
        np.array([nat, 300, 50]),
        np.array([True, True, True]),
    )
    assert gap.tolist() == [300, 200, nat]
    assert recycling_factor(
        np.array([nat, -50]), np.array([0, 0]), np.array([10, 10])
    ).tolist() == [
        1.0,
        1.0,
    ]
