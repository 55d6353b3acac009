"""Tests for sellergraph.synthetic: a marketplace with ground truth."""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pytest

from sellergraph.errors import ConfigError
from sellergraph.synthetic import (
    DIFFICULTY_PRESETS,
    SCENARIOS,
    MarketplaceKnobs,
    make_marketplace,
)

STORE_COLUMNS = [
    "store_id",
    "platform",
    "status",
    "opened_at",
    "closed_at",
    "closure_reason",
    "name",
]
LINK_COLUMNS = ["store_id", "kind", "value", "observed_at"]
TRUTH_COLUMNS = [
    "store_id",
    "operator_id",
    "offender",
    "positive",
    "relation",
    "scenario",
    "status",
]
KINDS = {"device", "payment_account", "phone", "email", "address", "ip", "id_document"}
PLACEHOLDERS = {
    "",
    "unknown",
    "n/a",
    "null",
    "0",
    "none",
    "-",
    "无",
    "未知",
    "不详",
    "暂无",
    "no address",
    "test@test.com",
    "a@a.com",
    "00000000000",
    "13800000000",
    "0.0.0.0",
    "000000000000000000",
}


@pytest.fixture(scope="module")
def market():
    return make_marketplace(5000, seed=11)


@pytest.fixture(scope="module")
def clean():
    return make_marketplace(3000, seed=5, dirty_rate=0.0)


def _kind(links):
    return links["kind"].str.strip().str.lower()


def _of_kind(links, kind):
    return links[_kind(links) == kind]


def _phone_digits(values):
    d = values.str.replace(r"\D", "", regex=True)
    d = d.where(~d.str.startswith("0086"), d.str[4:])
    return d.where(~((d.str.len() == 13) & d.str.startswith("86")), d.str[2:])


def _luhn_ok(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            d -= 9 if d > 9 else 0
        total += d
    return total % 10 == 0


def _id_ok(value: str) -> bool:
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(c) * w for c, w in zip(value[:17], weights, strict=True))
    return "10X98765432"[total % 11] == value[17].upper()


# -- determinism -------------------------------------------------------------------


def test_same_seed_same_bytes():
    a = make_marketplace(1500, seed=3)
    b = make_marketplace(1500, seed=3)
    for x, y in zip(a, b, strict=True):
        pd.testing.assert_frame_equal(x, y)
        assert x.to_csv(index=False).encode() == y.to_csv(index=False).encode()


def test_different_seed_differs():
    a = make_marketplace(1500, seed=3)
    b = make_marketplace(1500, seed=4)
    assert not a[0].equals(b[0])
    assert not a[1].equals(b[1])
    assert not a[2].equals(b[2])


def test_knobs_change_output_deterministically():
    a = make_marketplace(800, seed=3, variant_rate=0.0)
    b = make_marketplace(800, seed=3, variant_rate=0.0)
    pd.testing.assert_frame_equal(a[1], b[1])


# -- shape -----------------------------------------------------------------------------


def test_columns_and_dtypes(market):
    stores, links, truth = market
    assert list(stores.columns) == STORE_COLUMNS
    assert list(links.columns) == LINK_COLUMNS
    assert list(truth.columns) == TRUTH_COLUMNS
    assert len(stores) == len(truth) == 5000
    for df in (stores, links):
        for col in df.columns:
            assert pd.api.types.is_string_dtype(df[col].dtype), col
    assert truth["offender"].dtype == bool
    assert truth["positive"].dtype == bool
    assert stores["store_id"].is_unique
    assert (truth["store_id"].to_numpy() == stores["store_id"].to_numpy()).all()
    assert stores["store_id"].str.fullmatch(r"S\d{7,}").all()
    assert set(stores["status"]) == {"active", "banned", "closed"}
    assert set(truth["scenario"]) <= set(SCENARIOS)
    assert set(truth["relation"]) <= {"", "return", "sibling"}
    assert set(stores["platform"]) == {"mkt-a", "mkt-b", "mkt-c"}
    assert stores["name"].str.len().gt(0).all()


def test_links_per_store(market):
    stores, links, _ = market
    assert 5 <= len(links) / len(stores) <= 8.5


def test_dates_are_iso_and_ordered(market):
    stores, links, _ = market
    opened = pd.to_datetime(stores["opened_at"], format="%Y-%m-%d")
    closed = pd.to_datetime(stores["closed_at"], format="%Y-%m-%d")
    active = stores["status"] == "active"
    assert stores.loc[active, "closed_at"].isna().all()
    assert stores.loc[active, "closure_reason"].isna().all()
    assert stores.loc[~active, "closed_at"].notna().all()
    assert (closed[~active] >= opened[~active]).all()
    banned = stores["status"] == "banned"
    assert set(stores.loc[banned, "closure_reason"]) == {"counterfeit", "ip_infringement", "fraud"}
    assert set(stores.loc[stores["status"] == "closed", "closure_reason"]) == {
        "seller_request",
        "inactivity",
    }
    seen = pd.to_datetime(links["observed_at"], format="%Y-%m-%d", errors="coerce")
    assert seen.notna().mean() > 0.99


def test_store_ids_do_not_follow_operators(market):
    _, _, truth = market
    same_as_next = truth["operator_id"].to_numpy()[1:] == truth["operator_id"].to_numpy()[:-1]
    assert same_as_next.mean() < 0.02


def test_operator_sizes_heavy_tailed():
    _, _, truth = make_marketplace(20_000, seed=1)
    sizes = truth.groupby("operator_id").size()
    offender_sizes = truth[truth["offender"]].groupby("operator_id").size()
    honest_sizes = truth[~truth["offender"]].groupby("operator_id").size()
    assert (honest_sizes == 1).mean() > 0.8
    assert offender_sizes.median() >= 2
    assert offender_sizes.max() >= 20
    assert sizes.max() <= 100
    offender_ops = truth.loc[truth["offender"], "operator_id"].nunique()
    assert 0.01 < offender_ops / truth["operator_id"].nunique() < 0.06


# -- truth ------------------------------------------------------------------------------


def test_truth_is_consistent_with_tables(market):
    stores, _, truth = market
    df = stores.merge(truth, on=["store_id", "status"])
    banned = df["status"] == "banned"
    offender_ops = set(df.loc[banned, "operator_id"])
    assert (df["offender"] == df["operator_id"].isin(offender_ops)).all()
    assert (df["positive"] == (df["offender"] & (df["status"] == "active"))).all()
    assert df["positive"].sum() > 0

    opened = pd.to_datetime(df["opened_at"])
    closed = pd.to_datetime(df["closed_at"])
    first_ban = closed[banned].groupby(df.loc[banned, "operator_id"]).min()
    first = df["operator_id"].map(first_ban)
    is_return = df["offender"] & (opened > first)
    assert (is_return == (df["relation"] == "return")).all()
    sibling = df["offender"] & (df["status"] == "active") & ~is_return
    assert (sibling == (df["relation"] == "sibling")).all()
    # Positives are returns or siblings; every return scenario is a return.
    assert df.loc[df["positive"], "relation"].isin(["return", "sibling"]).all()
    returns = df["scenario"].isin(["return", "weak_return", "stealth_return"])
    assert (df.loc[returns, "relation"] == "return").all()
    assert (
        not df.loc[~df["offender"], "scenario"]
        .isin(["offender", "return", "weak_return", "stealth_return"])
        .any()
    )


def test_chains_and_platform_moves():
    stores, _, truth = make_marketplace(10_000, seed=2, difficulty="hard")
    df = stores.merge(truth, on=["store_id", "status"])
    # A return that was banned in turn, and a store that opened after that ban.
    banned_returns = df[(df["status"] == "banned") & (df["relation"] == "return")]
    assert len(banned_returns)
    second_ban = banned_returns.groupby("operator_id")["closed_at"].min()
    later = df["opened_at"] > df["operator_id"].map(second_ban).fillna("9999")
    assert (later & df["offender"]).sum() > 0
    # Returns on another platform than any banned store of their operator.
    banned_platforms = df[df["status"] == "banned"].groupby("operator_id")["platform"].agg(set)
    ret = df[df["relation"] == "return"]
    moved = [
        p not in banned_platforms.get(o, set())
        for o, p in zip(ret["operator_id"], ret["platform"], strict=True)
    ]
    assert np.mean(moved) > 0.05


# -- dirt -------------------------------------------------------------------------------


def test_dirty_rows_present(market):
    stores, links, _ = market
    raw_kinds = set(links["kind"])
    assert raw_kinds - KINDS, "no noisy kind names"
    assert set(_kind(links)) == KINDS
    assert any(k != k.strip() for k in raw_kinds)
    assert any(k != k.lower() for k in raw_kinds)
    assert links.duplicated().sum() > 0
    assert (~links["store_id"].isin(stores["store_id"])).sum() > 0
    bad_dates = pd.to_datetime(links["observed_at"], format="%Y-%m-%d", errors="coerce").isna()
    assert bad_dates.sum() > 0
    assert (links["value"].str.len() > 256).sum() > 0
    values = links["value"].str.strip().str.lower()
    assert values.isin(PLACEHOLDERS).sum() > 0
    assert (links["value"] == "").sum() > 0
    assert links["value"].isin(["test@test.com", "13800000000", "00000000000"]).sum() > 0


def test_clean_data_has_no_dirt(clean):
    stores, links, _ = clean
    assert set(links["kind"]) == KINDS
    assert not links.duplicated().any()
    assert links["store_id"].isin(stores["store_id"]).all()
    assert pd.to_datetime(links["observed_at"], format="%Y-%m-%d", errors="coerce").notna().all()
    assert links["value"].str.len().max() <= 120
    assert not links["value"].str.strip().str.lower().isin(PLACEHOLDERS).any()


def test_observations_within_store_life(clean):
    stores, links, _ = clean
    df = links.merge(stores, on="store_id")
    assert (df["observed_at"] >= df["opened_at"]).all()
    closed = df["closed_at"].notna()
    assert (df.loc[closed, "observed_at"] <= df.loc[closed, "closed_at"]).all()


# -- values ------------------------------------------------------------------------------


def test_formatting_variants_present(market):
    _, links, _ = market
    phones = _of_kind(links, "phone")["value"]
    digits = _phone_digits(phones)
    forms = phones.groupby(digits).nunique()
    assert (forms[forms.index.str.len() == 11] > 1).any(), "same phone in several raw forms"
    for pattern in (
        r"^\+86 1\d\d \d{4} \d{4}$",
        r"^0086-1\d\d-\d{4}-\d{4}$",
        r"^\(\+86\) 1\d{10}$",
    ):
        assert phones.str.match(pattern).any(), pattern

    emails = _of_kind(links, "email")["value"]
    assert emails.str.contains(r"[A-Z]").any()
    assert emails.str.contains(r"\+\w+@", regex=True).any()
    assert emails.str.endswith("@googlemail.com").any()

    addresses = _of_kind(links, "address")["value"]
    assert addresses.str.contains("[０-９]").any(), "full-width digits"
    assert addresses.str.contains("號").any(), "traditional characters"
    assert addresses.str.match(r"^(?:福建|广东|浙江|江苏|山东|河北|河南|湖北|四川)[^省]").any(), (
        "province without its 省 suffix"
    )
    assert addresses.str.contains(r"^(?:Rm|Room) \d+, \d+ ", regex=True).any(), "English"
    assert addresses.str.contains("号").any()

    devices = _of_kind(links, "device")["value"]
    assert devices.str.startswith("IMEI:").any()
    assert devices.str.fullmatch(r"[0-9A-F]{16}").any()
    assert devices.str.fullmatch(r"[0-9a-f]{16}").any()

    payments = _of_kind(links, "payment_account")["value"]
    assert payments.str.fullmatch(r"\d{4} \d{4} \d{4} \d{4}").any()
    assert payments.str.fullmatch(r"\d{4}-\d{4}-\d{4}-\d{4}").any()
    assert payments.str.contains("@").any(), "alipay-style e-mail accounts"
    assert payments.str.fullmatch(r"1[3-9]\d{9}").any(), "alipay-style phone accounts"

    ids = _of_kind(links, "id_document")["value"]
    assert ids.str.fullmatch(r"\d{17}x").any()

    ips = _of_kind(links, "ip")["value"]
    assert ips.str.startswith("::ffff:").any()
    assert ips.str.fullmatch(r"\d{3}\.\d{3}\.\d{3}\.\d{3}").any()


def test_same_address_in_several_forms(market):
    _, links, _ = market
    addresses = _of_kind(links, "address")["value"].str.strip()
    folded = addresses.map(lambda s: unicodedata.normalize("NFKC", s)).str.replace(" ", "")
    forms = addresses.groupby(folded).nunique()
    assert (forms > 1).any()


def test_values_are_valid(clean):
    _, links, _ = clean
    phones = _of_kind(links, "phone")["value"]
    plain = phones[phones.str.fullmatch(r"\d{11}")]
    assert len(plain) > 100
    assert plain.str.fullmatch(r"1[3-9]\d{9}").all()
    assert phones.str.startswith(("+1", "+852", "+886", "+60", "+65", "+44", "+81", "001")).any()

    devices = _of_kind(links, "device")["value"]
    imeis = devices[devices.str.fullmatch(r"\d{15}")]
    assert len(imeis) > 50
    assert imeis.map(_luhn_ok).all()

    payments = _of_kind(links, "payment_account")["value"]
    cards = payments[payments.str.fullmatch(r"\d{16}")]
    assert len(cards) > 100
    assert cards.map(_luhn_ok).all()

    ids = _of_kind(links, "id_document")["value"].str.replace(" ", "")
    assert ids.str.fullmatch(r"\d{17}[\dXx]").all()
    assert ids.map(_id_ok).all()
    assert _id_ok("11010519491231002X")

    emails = _of_kind(links, "email")["value"].str.strip()
    assert emails.str.fullmatch(r"[\w.+]+@[\w.]+\.\w+").all()
    domains = set(emails.str.lower().str.split("@").str[1])
    assert {"qq.com", "163.com", "gmail.com", "outlook.com"} <= domains

    ips = _of_kind(links, "ip")["value"].str.strip().str.replace("::ffff:", "")
    octets = ips.str.split(".", expand=True).astype(int)
    assert ((octets >= 0) & (octets <= 255)).all().all()
    private = (octets[0] == 10) | ((octets[0] == 192) & (octets[1] == 168)) | (octets[0] == 172)
    assert 0 < private.mean() < 0.05  # only the intentional office LAN addresses

    addresses = _of_kind(links, "address")["value"]
    chinese = addresses[addresses.str.contains("号")]
    assert chinese.str.contains("(?:省|市)", regex=True).mean() > 0.8


# -- hubs and legitimate sharing -----------------------------------------------------------


def test_hubs_present(market):
    _, links, truth = market
    addresses = _of_kind(links, "address")
    folded = addresses["value"].map(lambda s: unicodedata.normalize("NFKC", s.strip()))
    per_address = addresses.groupby(folded)["store_id"].nunique()
    assert per_address.max() >= 30, "a logistics park or building shared by many stores"
    assert (per_address >= 10).sum() >= 3

    ips = _of_kind(links, "ip")
    per_ip = ips.groupby(ips["value"].str.strip().str.replace("::ffff:", ""))["store_id"].nunique()
    assert per_ip.max() >= 50, "carrier NAT shared by many stores"

    # Hub addresses join stores of many different operators, most of them honest.
    top = per_address.idxmax()
    users = addresses.loc[folded == top, "store_id"].unique()
    ops = truth.set_index("store_id").loc[users, "operator_id"]
    assert ops.nunique() >= 20


def test_legitimate_sharing_scenarios(market):
    _, links, truth = market
    counts = truth["scenario"].value_counts()
    for scenario in ("innocent", "multi_store", "family", "building", "offender", "return"):
        assert counts.get(scenario, 0) > 0, scenario
    # Family businesses share an address.
    addresses = _of_kind(links, "address").merge(truth, on="store_id")
    fam = addresses[addresses["scenario"] == "family"]
    folded = fam["value"].map(lambda s: unicodedata.normalize("NFKC", s.strip()).replace(" ", ""))
    shared = fam.groupby(folded)["operator_id"].agg(["nunique", "size"])
    assert (shared["size"] > 1).any()
    # Honest stores share an address value with a banned store.
    banned_values = set(addresses.loc[addresses["status"] == "banned", "value"])
    honest = addresses[~addresses["offender"]]
    assert honest["value"].isin(banned_values).any()


# -- presets and knobs ---------------------------------------------------------------------


def _variant_share(links):
    phones = _of_kind(links, "phone")["value"]
    return (~phones.str.fullmatch(r"1[3-9]\d{9}")).mean()


def test_difficulty_presets_differ():
    easy = make_marketplace(4000, seed=9, difficulty="easy")
    standard = make_marketplace(4000, seed=9)
    hard = make_marketplace(4000, seed=9, difficulty="hard")
    assert _variant_share(easy[1]) < _variant_share(standard[1]) < _variant_share(hard[1])
    dups = [x[1].duplicated().sum() for x in (easy, standard, hard)]
    assert dups[0] < dups[1] < dups[2]
    weak = [x[2]["scenario"].eq("weak_return").sum() / x[2]["offender"].sum() for x in (easy, hard)]
    assert weak[0] < weak[1]
    building = [x[2]["scenario"].eq("building").sum() for x in (easy, hard)]
    assert building[0] < building[1]
    assert set(DIFFICULTY_PRESETS) == {"easy", "standard", "hard", "adversarial"}


def test_knobs_dataclass():
    k = MarketplaceKnobs()
    assert k == MarketplaceKnobs.preset("standard")
    assert k.rate("orphan_rate") == pytest.approx(0.002)
    assert MarketplaceKnobs(dirty_rate=0).rate("placeholder_rate") == 0
    assert MarketplaceKnobs(dirty_rate=0, duplicate_rate=0.5).rate("duplicate_rate") == 0.5
    d = k.to_dict()
    assert d["return_reuse"]["device"] == 0.6
    merged = MarketplaceKnobs(return_reuse={"device": 0.1})
    assert merged.return_reuse["device"] == 0.1
    assert merged.return_reuse["phone"] == k.return_reuse["phone"]
    assert MarketplaceKnobs.preset("hard").variant_rate == 0.5


@pytest.mark.parametrize(
    "kwargs",
    [
        {"variant_rate": 1.5},
        {"offender_share": -0.1},
        {"platform_weights": (1.0,)},
        {"return_reuse": {"fax": 0.5}},
        {"return_reuse": {"device": 2}},
        {"difficulty": "nightmare"},
        {"end_date": "2016-02-01"},
        {"building_size": 1},
    ],
)
def test_bad_knobs(kwargs):
    with pytest.raises(ConfigError):
        make_marketplace(100, **kwargs)


def test_unknown_knob_and_bad_size():
    with pytest.raises(TypeError, match="colour"):
        make_marketplace(100, colour="red")
    with pytest.raises(ConfigError, match="n_stores"):
        make_marketplace(0)
    with pytest.raises(ConfigError):
        make_marketplace(True)


def test_tiny_marketplaces():
    for n in (1, 2, 7):
        stores, links, truth = make_marketplace(n, seed=0)
        assert len(stores) == len(truth) == n
        assert len(links) > 0


def test_single_platform():
    stores, _, _ = make_marketplace(500, seed=0, platforms=("only",), platform_weights=(1.0,))
    assert set(stores["platform"]) == {"only"}


def test_no_formatting_variants_when_rate_zero():
    _, links, _ = make_marketplace(1000, seed=0, variant_rate=0.0, dirty_rate=0.0)
    phones = _of_kind(links, "phone")["value"]
    assert phones.str.fullmatch(r"1[3-9]\d{9}|\+\d{9,13}").all()
    addresses = _of_kind(links, "address")["value"]
    assert not addresses.str.contains("號|[０-９]|^Room |^中国", regex=True).any()
    assert not _of_kind(links, "device")["value"].str.contains("IMEI|imei", regex=True).any()
