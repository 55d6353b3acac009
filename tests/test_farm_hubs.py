"""Values held by very many stores: a counterfeit farm's device against an agency's,
and against an emulator's fingerprint that thousands of unrelated stores share."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.config import Config
from sellergraph.scoring import banned_share, hub_ceiling, reinforce
from sellergraph.screening import Screener


def _market(
    n_holders: int, n_banned: int, *, filler: int = 2000
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n_holders`` stores on one device, the first ``n_banned`` banned, among
    ``filler`` unrelated stores (one in 30 banned)."""
    stores, links = [], []
    for i in range(n_holders):
        banned = i < n_banned
        stores.append(
            {
                "store_id": f"D{i:03d}",
                "status": "banned" if banned else "active",
                "opened_at": "2022-01-01",
                "closed_at": "2022-06-01" if banned else None,
            }
        )
        links.append({"store_id": f"D{i:03d}", "kind": "device", "value": "dfp-ring-0001"})
    for i in range(filler):
        banned = i % 30 == 0
        stores.append(
            {
                "store_id": f"F{i:04d}",
                "status": "banned" if banned else "active",
                "opened_at": "2021-01-01",
                "closed_at": "2021-06-01" if banned else None,
            }
        )
        links.append({"store_id": f"F{i:04d}", "kind": "email", "value": f"f{i}@mail.cn"})
    return pd.DataFrame(stores), pd.DataFrame(links)


def _holder_scores(result: sg.Analysis, n_holders: int, n_banned: int) -> np.ndarray:
    scores = result.scores.set_index("store_id")["score"]
    active = [f"D{i:03d}" for i in range(n_banned, n_holders)]
    return scores.reindex(active).fillna(0.0).to_numpy()


def test_a_hub_most_of_whose_holders_are_banned_is_evidence() -> None:
    stores, links = _market(45, 44)
    result = sg.analyze(stores, links, seed=0)
    hub = result.hubs[result.hubs["kind"] == "device"].iloc[0]
    assert hub["suppressed"] and hub["weight"] == 0.0  # it links no stores
    # but its holders are scored for it: the kind's weight times its lifted banned share
    # (here all of it), one chance, not one per banned holder
    assert hub["direct_weight"] == pytest.approx(result.config.kinds["device"].weight, abs=1e-5)
    (score,) = _holder_scores(result, 45, 44)
    assert score >= result.config.scoring.alert_threshold
    items = result.explain("D044").contributions
    device = items[items["kind"] == "device"]
    assert len(device) == 1 and device["other_status"].iloc[0] == "banned"
    # the hub's holders are never paired all with all
    graph = result.link_graph
    assert "D044" not in graph or graph.degree("D044") == 0


@pytest.mark.parametrize(("n_holders", "n_banned"), [(450, 5), (45, 10)])
def test_a_hub_with_an_ordinary_banned_share_stays_silent(n_holders: int, n_banned: int) -> None:
    stores, links = _market(n_holders, n_banned)
    result = sg.analyze(stores, links, seed=0)
    assert (_holder_scores(result, n_holders, n_banned) == 0).all()


def test_a_few_banned_clients_do_not_make_an_agency_device_an_alert() -> None:
    # 38 stores on one device (under the device's hub_cap), 4 of them banned
    stores, links = _market(38, 4)
    result = sg.analyze(stores, links, seed=0)
    scores = _holder_scores(result, 38, 4)
    assert (scores > 0).all()
    assert (scores < result.config.scoring.alert_threshold).all()


def test_a_farm_device_screens_to_its_batch_score() -> None:
    stores, links = _market(45, 44)
    result = sg.analyze(stores, links, seed=0)
    held = stores["store_id"] == "D044"
    without = sg.analyze(stores[~held], links[links["store_id"] != "D044"], seed=0)
    decision = Screener.from_analysis(without).screen(
        {"store_id": "D044", "opened_at": "2022-01-01", "identifiers": {"device": "dfp-ring-0001"}}
    )
    (batch,) = _holder_scores(result, 45, 44)
    assert decision.score == pytest.approx(batch, abs=1e-3)
    assert decision.verdict != "allow"


def test_an_emulator_half_of_whose_holders_are_banned_alerts_no_one() -> None:
    # 1,000 stores on one fingerprint, every other one banned: it is nobody's farm, and
    # holding it says what half-banned says, not the device's weight (500 false alerts)
    stores, links = _market(1000, 500)
    result = sg.analyze(stores, links, seed=0)
    scores = _holder_scores(result, 1000, 500)
    assert scores.max() < result.config.scoring.alert_threshold
    assert scores.min() > 0.4  # still ranked far above strangers
    hub = result.hubs[result.hubs["kind"] == "device"].iloc[0]
    rate = float((stores["status"] == "banned").mean())
    prior = result.config.scoring.banned_share_prior
    cap = result.config.kinds["device"].hub_cap
    ceiling = hub_ceiling(np.array([1000]), np.array([500]), np.array([cap]),
                          banned_rate=rate, prior=prior)[0]  # fmt: skip
    assert hub["direct_weight"] == pytest.approx(ceiling, abs=1e-5)
    assert hub["direct_weight"] < result.config.kinds["device"].weight


def test_an_emulator_registration_screens_as_the_batch_scores_its_holders() -> None:
    stores, links = _market(1000, 500)
    held = stores["store_id"] == "D999"
    without = sg.analyze(stores[~held], links[links["store_id"] != "D999"], seed=0)
    decision = Screener.from_analysis(without).screen(
        {"store_id": "D999", "opened_at": "2022-01-01", "identifiers": {"device": "dfp-ring-0001"}}
    )
    (batch,) = _holder_scores(sg.analyze(stores, links, seed=0), 1000, 500)[-1:]
    assert decision.score == pytest.approx(batch, abs=1e-3)
    assert decision.score < without.config.scoring.alert_threshold


def test_the_ceiling_fades_in_past_the_hub_cap() -> None:
    # one store past the cap is held back by almost nothing (screening a store onto a
    # value at its cap must not jump); ten times past it, down to about the share
    cap, rate, prior = 40, 0.05, 4.0
    n = np.array([41, 80, 400, 4000])
    k = n // 2
    share = banned_share(n, k, banned_rate=rate, prior=prior)
    ceiling = hub_ceiling(n, k, np.full(4, cap), banned_rate=rate, prior=prior)
    assert ceiling[0] > 0.98
    assert (np.diff(ceiling) < 0).all() and (ceiling > share).all()
    assert ceiling[-1] - share[-1] < 0.01


def test_the_ceiling_holds_back_suppressed_values_only() -> None:
    n, k, spec = np.array([1000, 1000]), np.array([500, 500]), np.array([0.09, 0.09])
    weight = 0.85 * spec
    kw = {"banned_rate": 0.05, "prior": 4.0, "hub_cap": np.array([40, 40])}
    capped = reinforce(weight, n, k, spec, suppressed=np.array([True, False]), **kw)
    free = reinforce(weight, n, k, spec, suppressed=np.array([False, False]), **kw)
    assert capped[0] < 0.6 and capped[0] == pytest.approx(
        hub_ceiling(n, k, kw["hub_cap"], banned_rate=0.05, prior=4.0)[0]
    )
    assert capped[1] == free[1]
    # without hub caps, as before: the kind's weight times the lifted share
    assert reinforce(weight, n, k, spec, banned_rate=0.05, prior=4.0,
                     suppressed=np.array([True, True]))[0] > 0.84  # fmt: skip


def test_with_kind_changes_the_weight_only() -> None:
    rule = Config().with_kind("device", 0.5).kinds["device"]
    default = Config().kinds["device"]
    assert (rule.weight, rule.free_share, rule.hub_cap) == (
        0.5,
        default.free_share,
        default.hub_cap,
    )


def test_hub_caps_cover_store_names_when_names_are_matched() -> None:
    # store names are a kind of their own (kind_rules), not one of config.kinds
    stores, links, _ = sg.make_marketplace(300, seed=1)
    analysis = sg.analyze(stores, links, config=sg.Config().replace(names=True), seed=0)
    assert "name" in set(analysis.evidence.identifiers["kind"].astype(str))
    assert analysis.scores["score"].notna().all() and len(analysis.scores)
