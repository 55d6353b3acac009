"""Detection core on small marketplaces whose right answer is obvious."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.errors import InputError


def market(stores: list[tuple], links: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    s = pd.DataFrame(
        stores,
        columns=["store_id", "status", "opened_at", "closed_at", "platform"][: len(stores[0])],
    )
    lk = pd.DataFrame(links, columns=["store_id", "kind", "value"])
    return s, lk


def score_of(result: sg.Analysis, store_id: str) -> float:
    return float(result.scores.set_index("store_id").loc[store_id, "score"])


def test_return_sharing_a_device_is_found_and_labelled() -> None:
    stores, links = market(
        [
            ("old", "banned", "2016-01-01", "2017-05-01"),
            ("new", "active", "2017-05-20", None),
            ("bystander", "active", "2015-01-01", None),
        ],
        [
            ("old", "device", "IMEI:490154203237518"),
            ("new", "device", "490154203237518"),
            ("bystander", "device", "35-209900-176148-1"),
        ],
    )
    r = sg.analyze(stores, links)
    row = r.scores.set_index("store_id").loc["new"]
    assert row["score"] >= r.config.scoring.alert_threshold
    assert row["matched_store_id"] == "old"
    assert row["relation"] == "return" and row["returning"]
    assert row["kinds"] == "device"
    assert score_of(r, "bystander") == 0.0
    assert list(r.alerts["store_id"]) == ["new"]
    assert r.rings["size"].tolist() == [2]
    assert row["ring_id"] == r.rings["ring_id"].iloc[0]


@pytest.mark.parametrize("decoy_first", [True, False])
def test_a_value_two_banned_stores_hold_is_credited_to_the_one_sharing_more(
    decoy_first: bool,
) -> None:
    banned = [
        ("decoy", "banned", "2020-01-01", "2021-01-01"),
        ("origin", "banned", "2020-01-01", "2021-01-01"),
    ]
    stores, links = market(
        (banned if decoy_first else banned[::-1]) + [("new", "active", "2021-06-01", None)],
        [
            ("decoy", "email", "zali.white@gmail.com"),
            ("origin", "email", "zali.white@gmail.com"),
            ("origin", "address", "6 Mildura Street Elizabeth Vale 3034 NSW"),
            ("new", "email", "Zali.White@gmail.com"),
            ("new", "address", "6 mildura st, elizabeth vale 3034 nsw"),
        ],
    )
    r = sg.analyze(stores, links)
    assert r.scores.set_index("store_id").loc["new", "matched_store_id"] == "origin"
    assert set(r.explain("new").contributions["other_store_id"]) == {"origin"}
    screener = sg.Screener.from_analysis(r)
    decision = screener.screen(
        {
            "store_id": "N",
            "opened_at": "2021-07-01",
            "identifiers": {
                "email": ["zali.white@gmail.com"],
                "address": ["6 Mildura Street Elizabeth Vale 3034 NSW"],
            },
        }
    )
    assert decision.matched_store_id == "origin"


def test_sibling_opened_before_the_ban_is_labelled_sibling() -> None:
    stores, links = market(
        [("old", "banned", "2016-01-01", "2017-05-01"), ("twin", "active", "2016-02-01", None)],
        [
            ("old", "payment_account", "4111 1111 1111 1111"),
            ("twin", "payment_account", "4111-1111-1111-1111"),
        ],
    )
    r = sg.analyze(stores, links)
    row = r.scores.set_index("store_id").loc["twin"]
    assert row["relation"] == "sibling" and not row["returning"]
    assert row["score"] == pytest.approx(0.9)


def test_hub_address_shared_by_5000_innocent_stores_makes_no_ring() -> None:
    n = 5000
    ids = [f"I{i:05d}" for i in range(n)]
    stores = pd.DataFrame(
        {
            "store_id": ["bad", *ids],
            "status": ["banned"] + ["active"] * n,
            "opened_at": ["2016-01-01"] + ["2017-01-01"] * n,
            "closed_at": ["2016-12-01"] + [None] * n,
        }
    )
    hub = "Logistics Park, 1 Gangwan Rd, Putian"
    links = pd.DataFrame(
        {
            "store_id": ["bad", *ids],
            "kind": "address",
            "value": [hub] * (n + 1),
        }
    )
    r = sg.analyze(stores, links)
    assert r.rings.empty
    assert (r.scores["score"] == 0).all()
    assert len(r.hubs) == 1
    hub_row = r.hubs.iloc[0]
    assert hub_row["n_stores"] == n + 1 and hub_row["suppressed"]
    assert hub_row["kind"] == "address"
    assert r.provenance["counts"]["hubs_suppressed"] == 1


def test_moderately_shared_identifier_is_discounted_not_dropped() -> None:
    n = 20
    ids = [f"C{i:02d}" for i in range(n)]
    stores = pd.DataFrame(
        {
            "store_id": ["bad", *ids],
            "status": ["banned"] + ["active"] * n,
            "closed_at": ["2016-12-01"] + [None] * n,
        }
    )
    links = pd.DataFrame(
        {"store_id": ["bad", *ids], "kind": "phone", "value": ["+86 139 1234 5678"] * (n + 1)}
    )
    r = sg.analyze(stores, links)
    hub = r.hubs.iloc[0]
    assert not hub["suppressed"]
    assert hub["weight"] == pytest.approx(0.7 * np.sqrt(6 / 21), abs=1e-6)
    assert score_of(r, "C00") == pytest.approx(hub["weight"], abs=1e-6)


def test_placeholder_phone_links_nothing() -> None:
    stores, links = market(
        [("old", "banned", "2016-01-01", "2017-05-01"), ("new", "active", "2017-06-01", None)],
        [("old", "phone", "00000000000"), ("new", "phone", "00000000000")],
    )
    r = sg.analyze(stores, links)
    assert score_of(r, "new") == 0.0
    assert set(r.rejected["reason"]) == {"placeholder"}
    assert r.dataset.counts["links_rejected"] == 2


def test_family_business_sharing_an_address_only_is_not_an_alert() -> None:
    stores, links = market(
        [
            ("mum", "active", "2015-01-01", None),
            ("dad", "active", "2015-02-01", None),
            ("kid", "active", "2016-01-01", None),
            ("neighbour", "banned", "2014-01-01", "2016-06-01"),
        ],
        [
            ("mum", "address", "Rm 12, 5 Jiefang Rd, Putian"),
            ("dad", "address", "Room 12, 5 Jiefang Road, Putian"),
            ("kid", "address", "rm 12 5 jiefang rd putian"),
            ("neighbour", "address", "Rm 12, 5 Jiefang Rd, Putian"),
        ],
    )
    r = sg.analyze(stores, links)
    assert r.alerts.empty
    assert r.scores["score"].max() < r.config.scoring.alert_threshold
    assert r.rings.empty  # address alone is below the ring threshold


def test_closed_for_other_reasons_is_not_an_offender() -> None:
    stores, links = market(
        [("quit", "closed", "2015-01-01", "2016-01-01"), ("new", "active", "2016-02-01", None)],
        [("quit", "device", "abcdef0123456789"), ("new", "device", "ABCDEF0123456789")],
    )
    r = sg.analyze(stores, links)
    assert score_of(r, "new") == 0.0
    assert len(r.rings) == 1  # same operator, still one ring; just not an offender


def test_independent_identifiers_reinforce() -> None:
    base = [("old", "banned", "2016-01-01", "2017-05-01"), ("new", "active", "2016-06-01", None)]
    one = sg.analyze(
        *market(base, [("old", "phone", "13800138000"), ("new", "phone", "+8613800138000")])
    )
    two = sg.analyze(
        *market(
            base,
            [
                ("old", "phone", "13800138000"),
                ("new", "phone", "+8613800138000"),
                ("old", "email", "Jane.Doe@gmail.com"),
                ("new", "email", "janedoe+shop@googlemail.com"),
            ],
        )
    )
    assert score_of(one, "new") == pytest.approx(0.7)
    assert score_of(two, "new") == pytest.approx(1 - 0.3 * 0.3)


def test_near_duplicate_address_links_with_lower_weight() -> None:
    stores, links = market(
        [("old", "banned", "2016-01-01", "2017-05-01"), ("new", "active", "2017-06-01", None)],
        [
            ("old", "address", "Room 1203, 88 Jianguo Road, Beijing"),
            ("new", "address", "Rm 1203, 88 Jianguo Raod, Beijing"),
        ],
    )
    r = sg.analyze(stores, links)
    e = r.explain("new").contributions
    assert e["match"].iloc[0] == "near"
    assert e["weight"].iloc[0] == pytest.approx(0.4 * r.config.fuzzy.weight_factor)
    # a different room of the same building is not a near duplicate
    stores2, links2 = market(
        [("old", "banned", "2016-01-01", "2017-05-01"), ("new", "active", "2017-06-01", None)],
        [
            ("old", "address", "Room 1203, 88 Jianguo Road, Beijing"),
            ("new", "address", "Room 1204, 88 Jianguo Road, Beijing"),
        ],
    )
    assert score_of(sg.analyze(stores2, links2), "new") == 0.0


def test_evidence_through_the_ring_reaches_a_store_without_direct_links() -> None:
    stores, links = market(
        [
            ("old", "banned", "2016-01-01", "2017-05-01"),
            ("mid", "active", "2017-06-01", None),
            ("far", "active", "2017-07-01", None),
        ],
        [
            ("old", "device", "abcdef0123456789"),
            ("mid", "device", "abcdef0123456789"),
            ("mid", "payment_account", "4111111111111111"),
            ("far", "payment_account", "4111 1111 1111 1111"),
        ],
    )
    r = sg.analyze(stores, links)
    e = r.explain("far")
    assert e.contributions["item"].tolist()[0] == "path"
    assert e.contributions["via_store_id"].iloc[0] == "mid"
    assert e.contributions["other_store_id"].iloc[0] == "old"
    decay = r.config.scoring.ring_decay
    path = 0.9 * decay * 0.85
    assert e.contributions["weight"].iloc[0] == pytest.approx(path, abs=1e-6)
    row = r.scores.set_index("store_id").loc["far"]
    assert row["matched_store_id"] == "old" and "via_ring" in row["kinds"]
    assert len(r.rings) == 1 and r.rings["size"].iloc[0] == 3
    # max_hops=1 turns paths off
    r1 = sg.analyze(stores, links, config=sg.Config().replace(max_hops=1))
    assert score_of(r1, "far") == 0.0


def test_cross_platform_return_is_labelled() -> None:
    stores, links = market(
        [
            ("old", "banned", "2016-01-01", "2017-05-01", "mkt-a"),
            ("new", "active", "2017-05-09", None, "mkt-b"),
        ],
        [
            ("old", "id_document", "11010519491231002x"),
            ("new", "id_document", "110105 19491231 002X"),
        ],
    )
    r = sg.analyze(stores, links)
    row = r.scores.set_index("store_id").loc["new"]
    assert bool(row["cross_platform"])
    assert "another platform" in r.explain("new").summary


def test_explanations_sum_to_scores_everywhere() -> None:
    stores, links, _ = sg.make_marketplace(n_stores=3000, seed=3)
    r = sg.analyze(stores, links)
    scored = r.scores[r.scores["score"] > 0]
    assert len(scored) > 20
    sums = r.contributions.groupby("store")["contribution"].sum()
    codes = pd.Index(r.evidence.store_ids).get_indexer(scored["store_id"])
    np.testing.assert_allclose(
        sums.reindex(codes).to_numpy(), scored["score"].to_numpy(), atol=2e-6
    )
    for sid in scored["store_id"].head(25):
        e = r.explain(sid)
        # each contribution and the score are rounded to 6 decimals: half a unit each
        rounding = 0.5e-6 * (len(e.contributions) + 1) + 1e-12
        assert e.contributions["contribution"].sum() == pytest.approx(e.score, abs=rounding)
        assert e.contributions["cumulative"].iloc[-1] == pytest.approx(e.score, abs=2e-6)
        assert sid in e.summary


def test_same_input_and_seed_give_identical_outputs() -> None:
    stores, links, _ = sg.make_marketplace(n_stores=3000, seed=11)
    a = sg.analyze(stores, links, seed=5)
    b = sg.analyze(stores.copy(), links.copy(), seed=5)
    assert a.scores.to_csv(index=False) == b.scores.to_csv(index=False)
    assert a.rings.to_csv(index=False) == b.rings.to_csv(index=False)
    assert a.hubs.to_csv(index=False) == b.hubs.to_csv(index=False)
    assert a.rejected.to_csv(index=False) == b.rejected.to_csv(index=False)


def _by_store(result: sg.Analysis) -> str:
    return result.scores.sort_values("store_id").to_csv(index=False)


def test_rows_in_another_order_give_the_same_scores_and_matches() -> None:
    stores, links, _ = sg.make_marketplace(n_stores=3000, seed=11)
    rng = np.random.default_rng(3)
    shuffled = sg.analyze(
        stores.iloc[rng.permutation(len(stores))].reset_index(drop=True),
        links.iloc[rng.permutation(len(links))].reset_index(drop=True),
        seed=5,
    )
    assert _by_store(sg.analyze(stores, links, seed=5)) == _by_store(shuffled)


@pytest.mark.parametrize("reverse", [False, True])
def test_equally_strong_evidence_goes_to_the_latest_ban_in_any_row_order(reverse) -> None:
    stores, links = market(
        [
            ("new", "active", "2022-06-01", None),
            ("mid", "active", "2019-01-01", None),
            ("x_old", "banned", "2019-01-01", "2020-01-01"),
            ("y_recent", "banned", "2019-01-01", "2022-03-01"),
            ("p", "active", "2023-04-25", None),
        ],
        [
            # new reaches both banned stores only through mid, equally strongly
            ("new", "address", "13 Bissenberger Cres, Melville 2250"),
            ("mid", "address", "13 Bissenberger Crescent, Melville 2250"),
            ("mid", "id_document", "3851424"),
            ("x_old", "id_document", "3851424"),
            ("y_recent", "id_document", "3851424"),
            # p shares one phone with each banned store, equally strongly
            ("x_old", "phone", "+91 40 4785 2738"),
            ("y_recent", "phone", "+1 404 785 2738"),
            ("p", "phone", "+91 40 4785 2738"),
            ("p", "phone", "+1 404 785 2738"),
        ],
    )
    if reverse:
        stores, links = stores.iloc[::-1], links.iloc[::-1]
    result = sg.analyze(stores, links, seed=0)
    scores = result.scores.set_index("store_id")
    assert scores.loc["new", "matched_store_id"] == "y_recent"
    assert scores.loc["p", "matched_store_id"] == "y_recent"
    # a registration like p gets the same match when screened
    twin = {
        "store_id": "p2",
        "opened_at": "2023-04-25",
        "identifiers": {"phone": ["+1 404 785 2738", "+91 40 4785 2738"]},
    }
    decision = sg.Screener.from_analysis(result).screen(twin)
    assert decision.matched_store_id == "y_recent"
    assert decision.score == pytest.approx(scores.loc["p", "score"])


def test_ring_ids_survive_added_unrelated_data() -> None:
    stores, links, _ = sg.make_marketplace(n_stores=2000, seed=2)
    before = sg.analyze(stores, links)
    extra_stores = pd.DataFrame(
        {
            "store_id": ["ZZ1", "ZZ2"],
            "status": ["banned", "active"],
            "closed_at": ["2019-01-01", None],
        }
    )
    extra_links = pd.DataFrame(
        {"store_id": ["ZZ1", "ZZ2"], "kind": "device", "value": ["feedfacecafe0001"] * 2}
    )
    after = sg.analyze(
        pd.concat([stores, extra_stores], ignore_index=True),
        pd.concat([links, extra_links], ignore_index=True),
    )
    old = set(before.rings["ring_id"])
    new = set(after.rings["ring_id"])
    assert old <= new
    assert len(new - old) == 1


def test_ring_view_and_graphs() -> None:
    stores, links, _ = sg.make_marketplace(n_stores=2000, seed=4)
    r = sg.analyze(stores, links)
    rid = r.rings.sort_values("size").iloc[-1]["ring_id"]
    ring = r.ring(rid)
    assert len(ring.members) == r.rings.set_index("ring_id").loc[rid, "size"]
    assert set(ring.timeline["event"]) <= {"opened", "banned", "closed"}
    assert ring.timeline["date"].is_monotonic_increasing
    stores_in_graph = [n for n, d in ring.subgraph.nodes(data=True) if d["type"] == "store"]
    assert sorted(stores_in_graph) == sorted(ring.members["store_id"])
    kinds = {d.get("kind") for _, d in ring.subgraph.nodes(data=True) if d["type"] == "identifier"}
    assert kinds and kinds <= set(r.config.kinds)
    g = r.graph
    assert g.number_of_nodes() > 0
    assert all(d["type"] in {"store", "identifier"} for _, d in g.nodes(data=True))
    with pytest.raises(InputError, match="not in this analysis"):
        r.ring("R-nope")
    with pytest.raises(InputError, match="not in this analysis"):
        r.explain("no-such-store")


def test_ring_scores_follow_the_scores_table_even_when_it_is_replaced() -> None:
    # Ring members' scores come from the store codes scoring recorded; a scores
    # table that no longer matches them (reordered, edited) is looked up by id.
    stores, links, _ = sg.make_marketplace(n_stores=2000, seed=4)
    r = sg.analyze(stores, links)
    rid = r.rings.sort_values(["size", "ring_id"]).iloc[-1]["ring_id"]
    by_id = r.scores.set_index("store_id")["score"]

    def member_scores(analysis: sg.Analysis) -> dict[str, float]:
        m = analysis.ring(rid).members.dropna(subset=["score"])
        return dict(zip(m["store_id"], m["score"], strict=True))

    got = member_scores(r)
    assert got and got == {s: by_id[s] for s in got}
    shuffled = r.scores.sample(frac=1.0, random_state=0).reset_index(drop=True)
    shuffled["score"] = shuffled["score"] / 2
    edited = dataclasses.replace(r, scores=shuffled)
    assert member_scores(edited) == {s: by_id[s] / 2 for s in got}


def test_explain_masks_by_default() -> None:
    stores, links = market(
        [("old", "banned", "2016-01-01", "2017-05-01"), ("new", "active", "2017-06-01", None)],
        [("old", "phone", "+86 138 0013 8000"), ("new", "phone", "13800138000")],
    )
    r = sg.analyze(stores, links)
    masked = r.explain("new")
    assert "+8613800138000" not in masked.summary
    assert "+8613800138000" not in masked.contributions.to_csv()
    raw = r.explain("new", mask=False)
    assert raw.contributions["value"].iloc[0] == "+8613800138000"
    with pytest.raises(InputError, match="only active stores are scored"):
        r.explain("old")


def _value_items(seed: int) -> pd.DataFrame:
    """Store pairs' exact and near items as the evidence builder sorts them."""
    rng = np.random.default_rng(seed)
    n = 3000
    a = rng.integers(0, 40, n)
    b = a + rng.integers(1, 4, n)
    ident_a = rng.integers(0, 30, n)
    # a third near items (two values), the rest exact, some exact repeated
    ident_b = np.where(rng.random(n) < 0.33, rng.integers(0, 30, n), ident_a)
    items = pd.DataFrame(
        {
            "a": a,
            "b": b,
            "ident_a": ident_a,
            "ident_b": ident_b,
            # an exact item's weight is its value's; a near item's is its own
            "weight": np.where(ident_a == ident_b, (ident_a % 7) / 10, rng.random(n).round(1)),
            "kind_code": 0,
        }
    )
    order = np.lexsort(
        [
            items[c].to_numpy() if c != "weight" else -items[c].to_numpy()
            for c in ("ident_b", "ident_a", "weight", "kind_code", "b", "a")
        ]
    )
    return items.iloc[order].reset_index(drop=True)


def test_strongest_item_per_value_matches_deduplicating_the_whole_table() -> None:
    from sellergraph.build import _strongest_per_value

    items = _value_items(7)
    # store ids and values in the order of their codes
    store_ids = np.array([f"S{i:03d}" for i in range(100)], dtype=object)
    keys = pd.Series([f"value {i:02d}" for i in range(30)])
    expected = (
        items.drop_duplicates(["a", "b", "ident_a"], keep="first")
        .drop_duplicates(["a", "b", "ident_b"], keep="first")
        .reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(_strongest_per_value(items, store_ids, keys), expected)
    exact_only = items[items["ident_a"] == items["ident_b"]].reset_index(drop=True)
    pd.testing.assert_frame_equal(
        _strongest_per_value(exact_only, store_ids, keys),
        exact_only.drop_duplicates(["a", "b", "ident_a"]).reset_index(drop=True),
    )


def test_strongest_item_per_value_does_not_depend_on_codes() -> None:
    """Stores and values numbered another way (another row order of the input) keep
    the same items: sides and ties go by store id and by value, not by code."""
    from sellergraph.build import _strongest_per_value

    items = _value_items(11)
    store_ids = np.array([f"S{i:03d}" for i in range(100)], dtype=object)
    keys = pd.Series([f"value {i:02d}" for i in range(30)])
    kept = _strongest_per_value(items, store_ids, keys)

    rng = np.random.default_rng(3)
    new_store, new_ident = rng.permutation(100), rng.permutation(30)
    a, b = new_store[items["a"]], new_store[items["b"]]
    swap = a > b
    ia, ib = new_ident[items["ident_a"]], new_ident[items["ident_b"]]
    renumbered = items.assign(
        a=np.where(swap, b, a),
        b=np.where(swap, a, b),
        ident_a=np.where(swap, ib, ia),
        ident_b=np.where(swap, ia, ib),
    )
    order = np.lexsort(
        [
            renumbered[c].to_numpy() if c != "weight" else -renumbered[c].to_numpy()
            for c in ("ident_b", "ident_a", "weight", "kind_code", "b", "a")
        ]
    )
    renumbered = renumbered.iloc[order].reset_index(drop=True)
    ids, values = np.empty(100, dtype=object), np.empty(30, dtype=object)
    ids[new_store], values[new_ident] = store_ids, keys.to_numpy()
    again = _strongest_per_value(renumbered, ids, pd.Series(values))

    def as_read(frame: pd.DataFrame, ids: np.ndarray, values: np.ndarray) -> list[tuple]:
        sa, sb = ids[frame["a"]], ids[frame["b"]]
        va, vb = values[frame["ident_a"]], values[frame["ident_b"]]
        flip = sa > sb
        return sorted(
            zip(
                np.where(flip, sb, sa),
                np.where(flip, sa, sb),
                np.where(flip, vb, va),
                np.where(flip, va, vb),
                frame["weight"],
                strict=True,
            )
        )

    assert len(kept) < len(items)
    assert as_read(kept, store_ids, keys.to_numpy()) == as_read(again, ids, values)


def _warehouse_market(n_banned: int = 20, n_active: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One warehouse address held by many stores, most of them banned."""
    n = n_banned + n_active
    stores = pd.DataFrame(
        {
            "store_id": [f"s{i:02d}" for i in range(n)],
            "status": ["banned"] * n_banned + ["active"] * n_active,
            "opened_at": ["2016-01-01"] * n,
            "closed_at": ["2017-01-01"] * n_banned + [None] * n_active,
        }
    )
    links = pd.DataFrame(
        {"store_id": stores["store_id"], "kind": "address", "value": "88 Warehouse Road, Yiwu"}
    )
    return stores, links


def test_hubs_table_shows_the_weight_direct_evidence_scored() -> None:
    from sellergraph.scoring import HUB_COLUMNS, hubs_table

    r = sg.analyze(*_warehouse_market())
    hubs = hubs_table(r.evidence, r.config)
    assert tuple(hubs.columns) == HUB_COLUMNS
    # the same table as the analysis's, plus what direct evidence counted
    same = [c for c in r.hubs.columns if c != "direct_weight"]
    pd.testing.assert_frame_equal(hubs[same], r.hubs[same])
    hub = hubs.iloc[0]
    item = r.explain("s25").contributions.iloc[0]
    # mostly banned holders: reinforced well above the hub-discounted link weight
    assert hub["direct_weight"] > 2 * hub["weight"]
    assert item["weight"] == pytest.approx(hub["direct_weight"], abs=1e-6)
    assert score_of(r, "s25") == pytest.approx(hub["direct_weight"], abs=1e-6)


def test_a_hub_no_banned_store_holds_scores_its_link_weight() -> None:
    from sellergraph.scoring import hubs_table

    stores, links = _warehouse_market(n_banned=0, n_active=12)
    r = sg.analyze(stores, links)
    hubs = hubs_table(r.evidence, r.config)
    assert len(hubs) == 1
    assert hubs["direct_weight"].tolist() == hubs["weight"].tolist()


def _path_market(link_kind: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """X reaches banned B only through Y: X-Y share a ``link_kind`` value, Y-B a device."""
    stores = pd.DataFrame(
        {
            "store_id": ["B", "Y", "X"],
            "status": ["banned", "active", "active"],
            "opened_at": ["2016-01-01", "2016-06-01", "2017-06-01"],
            "closed_at": ["2017-01-01", None, None],
        }
    )
    shared = {"address": "88 Warehouse Road, Yiwu", "device": "35-209900-176148-1"}[link_kind]
    links = pd.DataFrame(
        {
            "store_id": ["B", "Y", "Y", "X"],
            "kind": ["device", "device", link_kind, link_kind],
            "value": ["490154203237518", "490154203237518", shared, shared],
        }
    )
    return stores, links


def test_a_path_weaker_than_a_strong_link_is_not_worded_as_strong_links() -> None:
    r = sg.analyze(*_path_market("address"))
    e = r.explain("X")
    path = e.contributions[e.contributions["item"] == "path"].iloc[0]
    assert path["weight"] < r.config.rings.min_link
    assert "strong links" not in e.summary
    assert (
        f"a weak path through Y to banned B (strength {path['weight']:.2f}, "
        f"below the {r.config.rings.min_link:.2f} of a strong link" in e.summary
    )
    # the same path is strong where the configuration's strong links are weaker
    loose = sg.analyze(*_path_market("address"), config={"rings": {"min_link": 0.2}})
    assert "strong links through Y to banned B" in loose.explain("X").summary


def test_a_path_of_strong_links_is_worded_as_strong_links() -> None:
    r = sg.analyze(*_path_market("device"))
    e = r.explain("X")
    path = e.contributions[e.contributions["item"] == "path"]
    assert len(path) == 1 and path["weight"].iloc[0] >= r.config.rings.min_link
    assert "strong links through Y to banned B" in e.summary
