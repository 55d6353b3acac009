"""The notice naming widely held values that alerts stand on, as a South-East Asian
marketplace's export showed it falling silent.

- A seller agency's office device on 14-27 client stores, a few banned, was the first
  item of 89 false alerts and never named: each alert also rested on the office's IP and
  address, so none stood on the device alone. A value that is the first item of many
  alerts and carries most of their evidence weight is named now, with the config lines
  that set it aside (``known_shared``) or weaken every such device (``free_share``).
- A payment intermediary's account whose alerts also carry a timing item ("opened soon
  after the ban") stood on it "alone" in fewer than half of them: it is named through
  the weight it carries.
"""

from __future__ import annotations

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.notices import (
    SHARED_CARRIED_SHARE,
    SHARED_HOLDERS_MIN,
    SHARED_MANY_ALERTS,
    shared_value_alerts_notice,
)


def _first(
    n_alerts: int, carried: float, *, n_stores: int = 26, kind: str = "device"
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kind": [kind],
            "value": ["e15a1e7dc76106f15ddf2cbd2662a8d6"],
            "n_stores": [n_stores],
            "n_banned": [3],
            "n_alerts": [n_alerts],
            "alone": [0.0],
            "carried": [carried],
        }
    )


def _shared(analysis: sg.Analysis) -> list[str]:
    notices = analysis.provenance["counts"].get("notices") or []
    return [n for n in notices if n.startswith("Values held by many stores")]


# 1. The rule --------------------------------------------------------------------------


def test_a_value_carrying_most_of_many_alerts_is_named() -> None:
    notice = shared_value_alerts_notice(_first(23, 0.64))
    assert notice is not None
    assert "device e1**************************a8d6 (26 stores, 3 banned) first in 23" in notice


@pytest.mark.parametrize(
    "n_alerts, carried, n_stores",
    [
        (SHARED_MANY_ALERTS - 1, 0.70, 26),  # an operator's device on 12 stores: 5 alerts, 0.70
        (17, 0.42, 31),  # an operator's device whose stores share more with banned ones
        (23, SHARED_CARRIED_SHARE - 0.01, 26),
        (23, 0.64, SHARED_HOLDERS_MIN - 1),
    ],
)
def test_below_any_bar_it_is_not(n_alerts: int, carried: float, n_stores: int) -> None:
    assert shared_value_alerts_notice(_first(n_alerts, carried, n_stores=n_stores)) is None


def test_without_the_weight_carried_the_alerts_standing_alone_decide() -> None:
    first = _first(23, 0.64).drop(columns="carried")
    assert shared_value_alerts_notice(first) is None
    assert shared_value_alerts_notice(first.assign(alone=0.6)) is not None


# 2. What it says ----------------------------------------------------------------------


def test_it_gives_the_known_shared_line_of_each_kind_named() -> None:
    first = pd.concat([_first(23, 0.64), _first(12, 0.9, kind="payment_account")])
    notice = shared_value_alerts_notice(first)
    assert notice is not None
    assert "of 35 alerts" in notice
    assert (
        'config [known_shared] device = ["<value>", ...]; payment_account = ["<value>", ...]'
        in notice
    )
    assert "in full when run with --raw" in notice
    assert "e15a1e7dc76106f15ddf2cbd2662a8d6" not in notice  # masked


@pytest.mark.parametrize(
    "free_shares, said",
    [(None, True), ({"device": 8}, True), ({"device": 3}, False), ({"device": 2}, False)],
)
def test_a_device_named_brings_the_free_share_line_unless_already_that_low(
    free_shares: dict[str, int] | None, said: bool
) -> None:
    notice = shared_value_alerts_notice(_first(23, 0.64), free_shares=free_shares)
    assert notice is not None
    assert ("config [kinds.device] free_share = 3" in notice) is said


def test_no_free_share_line_without_a_device() -> None:
    notice = shared_value_alerts_notice(_first(12, 0.9, kind="payment_account"))
    assert notice is not None and "free_share" not in notice


def test_the_notice_is_the_same_for_the_same_values_in_any_order() -> None:
    first = pd.concat(
        [_first(23, 0.64), _first(12, 0.9, kind="payment_account"), _first(14, 0.7, kind="ip")]
    )
    assert shared_value_alerts_notice(first) == shared_value_alerts_notice(first.iloc[::-1])


# 3. End to end ------------------------------------------------------------------------


def _agency(*, device_free_share: int | None = None) -> sg.Analysis:
    """Twenty client stores of a seller agency and two banned ones, registered from the
    office: one device, one IP, one address."""
    ids = [f"C{i:02d}" for i in range(22)]
    stores = pd.DataFrame(
        {
            "store_id": ids,
            "status": ["banned"] * 2 + ["active"] * 20,
            "opened_at": ["2023-01-01"] * 2 + ["2023-06-01"] * 20,
            "closed_at": ["2024-01-01"] * 2 + [None] * 20,
        }
    )
    office = [
        ("device", "a3f9c2e17b6d4058"),
        ("ip", "203.0.113.45"),
        ("address", "12 Jalan Ampang, 50450 Kuala Lumpur"),
    ]
    links = pd.concat(
        [pd.DataFrame({"store_id": ids, "kind": kind, "value": value}) for kind, value in office]
    )
    config = (
        None
        if device_free_share is None
        else {"kinds": {"device": {"free_share": device_free_share}}}
    )
    return sg.analyze(stores, links, config=config, seed=0)


def test_an_agency_office_device_is_named_though_each_alert_also_rests_on_its_ip_and_address() -> (
    None
):
    analysis = _agency()
    assert len(analysis.alerts) == 20
    (notice,) = _shared(analysis)
    assert "device a3**********4058 (22 stores, 2 banned) first in 20" in notice
    assert 'config [known_shared] device = ["<value>", ...]' in notice
    assert "config [kinds.device] free_share = 3" in notice


def test_the_free_share_it_suggests_silences_it() -> None:
    analysis = _agency(device_free_share=3)
    assert len(analysis.alerts) == 0
    assert _shared(analysis) == []


def test_an_intermediary_account_is_named_though_its_alerts_carry_a_timing_item() -> None:
    # sixteen stores paid out through one collecting account, opened soon after the one
    # banned holder closed: each alert is the account and "opened 19 days after the ban"
    ids = [f"P{i:02d}" for i in range(17)]
    stores = pd.DataFrame(
        {
            "store_id": ids,
            "status": ["banned"] + ["active"] * 16,
            "opened_at": ["2023-01-01"] + ["2024-01-20"] * 16,
            "closed_at": ["2024-01-01"] + [None] * 16,
        }
    )
    links = pd.DataFrame(
        {"store_id": ids, "kind": "payment_account", "value": "Xendit 4753 9638 9270"}
    )
    analysis = sg.analyze(stores, links, seed=0)
    kinds = analysis.explain("P05").contributions["kind"].tolist()
    assert kinds == ["payment_account", "timing"]
    (notice,) = _shared(analysis)
    assert "payment_account **************9270 (17 stores, 1 banned) first in 16" in notice
