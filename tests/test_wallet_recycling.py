"""A wallet addressed by a phone number is handed on with the number: it fades as the phone does.

A carrier reissues a banned seller's number years later; the new holder opens M-Pesa,
bKash or PalmPay with it and gets the same account key. A match on that key years apart
is as weak as one on the phone, in the batch, in screening, in explanations and in
watchlist matches. Bank accounts, IBANs, tills and paybills are not handed on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph import intel
from sellergraph.normalize import _WALLET_CALLING_CODES, _WALLET_TRUNKS, normalize_value
from sellergraph.recycling import (
    PHONE_WALLETS,
    handed_on_with_phone,
    recycling_factor,
    value_recycling,
)

CLOSED, LATE, SOON = "2020-09-03", "2024-01-03", "2020-10-01"
LATE_GAP = (pd.Timestamp(LATE) - pd.Timestamp(CLOSED)).days  # 1,217 days
KEY = b"a key both partners agreed on, 32+ bytes long"

#: Wallets whose account is the holder's phone number, written as sellers write them.
WALLETS = [
    "M-Pesa 0712 345 678",
    "MPESA +254 712 345 678",
    "bKash 01712-345678",
    "bKash +880 1712 345678",
    "Nagad 01712345678",
    "JazzCash 0310 5071531",
    "Easypaisa 0345 1234567",
    "MTN MoMo 024 123 4567",
    "Vodafone Cash 010 1234 5678",
    "Airtel Money 0733 123 456",
    "Orange Money +221 77 123 45 67",
    "Wave 77 123 45 67",
    "PalmPay 09098528140",
    "OPay 8031234567",
    "Moniepoint 0803 123 4567",
    "GCash +63 917 123 4567",
    "OVO 0812 3456 7890",
    "TrueMoney 086 123 4567",
    "QIWI +7 912 345-67-89",
    "Kaspi +7 701 234 5678",
    "Zelle (212) 736-5000",
    "PromptPay 081 234 5678",
    "PayID +61 412 345 678",
]
#: Payment accounts that are no phone number: they keep their weight however long apart.
ACCOUNTS = [
    "GTBank 0123456789",
    "0123456789 (Access Bank)",
    "DE89 3704 0044 0532 0130 00",
    "PK36 SCBL 0000 0011 2345 6702",
    "Paybill 888880 Acc 0712345678",
    "Till 512845",
    "Venmo @Jane-Doe-22",
    "PromptPay 1234567890123",  # a Thai citizen id as PromptPay's key
    "PayID 51 824 753 556",  # an Australian business number
    "0712345678",  # a bare number names no wallet: it may be a bank account
    "Kaspi Gold 4400 4301 2345 6789",  # a card's number
]


def _market(wallet: str, opened: str, *, phone: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A banned store and a new active store holding the same wallet (and phone)."""
    stores = pd.DataFrame(
        {
            "store_id": ["B", "N"],
            "status": ["banned", "active"],
            "opened_at": ["2019-01-01", opened],
            "closed_at": [CLOSED, None],
        }
    )
    kinds = ["payment_account", "phone"] if phone else ["payment_account"]
    values = {"payment_account": wallet, "phone": "+234 909 852 8140"}
    links = pd.DataFrame(
        {
            "store_id": [s for s in ("B", "N") for _ in kinds],
            "kind": kinds * 2,
            "value": [values[k] for _ in ("B", "N") for k in kinds],
        }
    )
    return stores, links


def _score(stores: pd.DataFrame, links: pd.DataFrame, **kw) -> tuple[sg.Analysis, float]:
    result = sg.analyze(stores, links, seed=0, **kw)
    return result, float(result.scores.set_index("store_id").loc["N", "score"])


def _faded(weight: float, gap: int, after: float = 365.0, half: float = 365.0) -> float:
    return weight * float(recycling_factor(np.array([gap]), np.array([after]), np.array([half]))[0])


@pytest.mark.parametrize("wallet", WALLETS)
def test_a_wallet_on_a_phone_number_fades_as_the_phone_does(wallet: str) -> None:
    key = normalize_value("payment_account", wallet)[0]
    assert handed_on_with_phone(["payment_account"], [key]).tolist() == [True], key
    _, late = _score(*_market(wallet, LATE))
    assert late == pytest.approx(_faded(0.9, LATE_GAP), abs=1e-6)
    assert late < 0.2  # x0.20 of 0.9
    _, soon = _score(*_market(wallet, SOON))
    assert soon >= 0.9  # a prompt return keeps the whole weight


@pytest.mark.parametrize("account", ACCOUNTS)
def test_a_bank_account_iban_till_or_paybill_is_not_handed_on(account: str) -> None:
    key = normalize_value("payment_account", account)[0]
    assert handed_on_with_phone(["payment_account"], [key]).tolist() == [False], key
    _, late = _score(*_market(account, LATE))
    assert late == pytest.approx(0.9)


def test_only_payment_accounts_are_wallets_and_missing_keys_are_none() -> None:
    got = handed_on_with_phone(
        ["payment_account", "device", "payment_account", "payment_account", "phone"],
        pd.Series(["MPESA0712345678", "MPESA0712345678", None, "MPESA512845", "+2547123"]),
    )
    assert got.tolist() == [True, False, False, False, False]
    with pytest.raises(ValueError, match="2 kinds but 1 keys"):
        handed_on_with_phone(["phone", "phone"], ["x"])


def test_a_few_entries_and_many_are_read_alike() -> None:
    # a screened registration's few values are read in Python, a batch's in Arrow
    keys = [normalize_value("payment_account", v)[0] for v in WALLETS + ACCOUNTS] + [None]
    kinds = ["payment_account"] * len(keys)
    few = [handed_on_with_phone(kinds[i : i + 1], keys[i : i + 1])[0] for i in range(len(keys))]
    many = handed_on_with_phone(kinds * 3, pd.Series(keys * 3, dtype="str"))
    assert len(keys) * 3 > 64 and many.tolist() == few * 3
    assert few == [True] * len(WALLETS) + [False] * (len(ACCOUNTS) + 1)
    config = sg.Config()
    small = [value_recycling(kinds[i : i + 1], keys[i : i + 1], config) for i in range(len(keys))]
    after, half = value_recycling(kinds * 3, keys * 3, config)
    assert after.tolist() == [a[0] for a, _ in small] * 3
    assert half.tolist() == [h[0] for _, h in small] * 3


def test_every_wallet_the_normaliser_keys_by_phone_number_is_listed() -> None:
    # a wallet whose national and international forms the normaliser folds is a
    # phone-number wallet by construction: keep the two lists together
    assert set(_WALLET_CALLING_CODES) | set(_WALLET_TRUNKS) <= set(PHONE_WALLETS)


def test_the_phone_rule_of_the_config_applies_to_wallets() -> None:
    wallet, bank = "M-Pesa 0712345678", "GTBank 0123456789"
    slow = sg.Config.from_dict(
        {
            "kinds": {
                "phone": {"recycled_after_days": 730, "recycled_half_life_days": 180},
                # a marketplace fading every payment account: wallets still follow phones
                "payment_account": {"recycled_after_days": 30, "recycled_half_life_days": 30},
            }
        }
    )
    after, half = value_recycling(
        ["payment_account", "payment_account"],
        [normalize_value("payment_account", v)[0] for v in (wallet, bank)],
        slow,
    )
    assert (after.tolist(), half.tolist()) == ([730.0, 30.0], [180.0, 30.0])
    _, late = _score(*_market(wallet, LATE), config=slow)
    assert late == pytest.approx(_faded(0.9, LATE_GAP, 730, 180), abs=1e-6)
    _, late_bank = _score(*_market(bank, LATE), config=slow)
    assert late_bank == pytest.approx(_faded(0.9, LATE_GAP, 30, 30), abs=1e-6)
    off = sg.Config.from_dict({"kinds": {"phone": {"recycled_half_life_days": 0}}})
    _, late = _score(*_market(wallet, LATE), config=off)
    assert late == pytest.approx(0.9)


def test_a_reissued_number_and_its_wallet_no_longer_alert_on_the_new_holder() -> None:
    # the afsa report's ST03969: the phone faded, while PalmPay on the same digits
    # kept 0.90 and alerted
    stores, links = _market("PalmPay 09098528140", LATE, phone=True)
    result, score = _score(stores, links)
    threshold = result.config.scoring.alert_threshold
    assert score < threshold
    assert "N" not in set(result.alerts["store_id"])
    explanation = result.explain("N")
    wallet = explanation.contributions.set_index("kind").loc["payment_account"]
    assert wallet["gap_days"] == LATE_GAP
    assert wallet["weight"] == pytest.approx(_faded(0.9, LATE_GAP), abs=1e-6)
    said = (
        f"{LATE_GAP:,} days apart, a mobile-money account may have passed to a new holder "
        f"with its phone number: weight x{_faded(1.0, LATE_GAP):.2f}"
    )
    assert said in explanation.summary
    assert said in result.explain("N", mask=False).summary
    assert "a phone number may have passed to a new holder" in explanation.summary
    # the same seller back a month after the ban is still an alert
    prompt, score = _score(*_market("PalmPay 09098528140", SOON, phone=True))
    assert score >= threshold and "N" in set(prompt.alerts["store_id"])
    assert "new holder" not in prompt.explain("N").summary


@pytest.mark.parametrize("mask", [True, False])
def test_screening_weighs_and_words_a_wallet_as_the_batch_does(mask: bool) -> None:
    stores, links = _market("bKash 01712-345678", LATE, phone=True)
    batch, score = _score(stores, links)
    screener = sg.Screener.from_analysis(sg.analyze(stores[:1], links[links["store_id"] == "B"]))
    registration = {
        "store_id": "N",
        "opened_at": LATE,
        "identifiers": {"payment_account": ["bKash 01712 345678"], "phone": ["+2349098528140"]},
    }
    got = screener.screen(registration, mask=mask)
    assert got.score == pytest.approx(score, abs=1e-9)
    evidence = got.evidence.set_index("kind")
    assert evidence.loc["payment_account", "gap_days"] == LATE_GAP
    assert evidence.loc["payment_account", "weight"] == pytest.approx(
        batch.explain("N").contributions.set_index("kind").loc["payment_account", "weight"]
    )
    assert "a mobile-money account may have passed to a new holder" in got.summary
    assert got.phone_wallets == tuple(evidence.index == "payment_account")


def _wallet_market() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Banned stores with a wallet, a bank account and a phone; active stores back on
    the wallet and phone from 400 days to five years later, and on the bank account a
    month or years later."""
    rows, links = [], []
    for i in range(8):
        closed = pd.Timestamp(f"201{i}-06-01")
        late = closed + pd.Timedelta(days=400 + 250 * i)
        soon = closed + pd.Timedelta(days=30)
        wallet, phone = f"M-Pesa 07{i:02d} 345 678", f"+254 7{i:02d} 345 678"
        bank = f"GTBank 01234567{i:02d}"
        rows += [
            (f"B{i}", "banned", f"200{i}-01-01", closed),
            (f"L{i}", "active", late, None),
            (f"S{i}", "active", soon, None),
            (f"K{i}", "active", late, None),
        ]
        links += [
            (f"B{i}", "payment_account", wallet),
            (f"B{i}", "payment_account", bank),
            (f"B{i}", "phone", phone),
            (f"L{i}", "payment_account", wallet),
            (f"L{i}", "phone", phone),
            (f"S{i}", "payment_account", bank),
            (f"K{i}", "payment_account", bank),
        ]
    stores = pd.DataFrame(rows, columns=["store_id", "status", "opened_at", "closed_at"])
    return stores, pd.DataFrame(links, columns=["store_id", "kind", "value"])


def test_held_out_stores_on_wallets_screen_to_their_batch_score() -> None:
    stores, links = _wallet_market()
    full = sg.analyze(stores, links, seed=0)
    scores = full.scores.set_index("store_id")["score"]
    for i in range(8):
        gap = 400 + 250 * i
        both = 1 - (1 - _faded(0.9, gap)) * (1 - _faded(0.7, gap))  # wallet and phone
        assert scores[f"L{i}"] == pytest.approx(both, abs=1e-6)
        # held out alone (the others share nothing with it): screened as the batch scored
        store = f"L{i}"
        keep_s, keep_l = stores["store_id"] != store, links["store_id"] != store
        screener = sg.Screener.from_analysis(sg.analyze(stores[keep_s], links[keep_l], seed=0))
        got = screener.screen_many(stores[~keep_s], links=links[~keep_l])
        assert got["score"].iloc[0] == pytest.approx(scores[store], abs=1e-9), store
    assert (scores[[f"S{i}" for i in range(8)]] >= 0.9).all()
    assert (scores[[f"K{i}" for i in range(8)]] >= 0.9).all()  # a bank account does not fade


def test_every_store_on_a_wallet_screens_to_its_batch_score() -> None:
    stores, links = _wallet_market()
    full = sg.analyze(stores, links, seed=0)
    active = stores[stores["status"] == "active"]
    got = sg.Screener.from_analysis(full).screen_many(
        active, links=links[links["store_id"].isin(active["store_id"])]
    )
    merged = got.merge(full.scores, on="store_id", suffixes=("", "_batch"))
    assert len(merged) == len(active)
    np.testing.assert_allclose(merged["score"], merged["score_batch"], atol=1e-9)


def test_a_wallet_on_a_toxic_hub_fades_in_the_batch_and_in_screening() -> None:
    # 45 banned stores share one wallet (past payment_account's hub_cap of 40): it
    # links no stores, but an active store holding it is still scored for it
    # (among 1,000 other stores, so that its holders' banned share stands out)
    n, others = 45, [f"F{i:04d}" for i in range(1000)]
    stores = pd.DataFrame(
        {
            "store_id": [f"B{i:02d}" for i in range(n)] + ["N", "M", *others],
            "status": ["banned"] * n + ["active"] * (2 + len(others)),
            "opened_at": ["2018-01-01"] * n + [LATE, SOON] + ["2019-01-01"] * len(others),
            "closed_at": [CLOSED] * n + [None] * (2 + len(others)),
        }
    )
    links = pd.DataFrame(
        {
            "store_id": stores["store_id"][: n + 2],
            "kind": "payment_account",
            "value": "JazzCash 03105071531",
        }
    )
    result = sg.analyze(stores, links, seed=0)
    scores = result.scores.set_index("store_id")["score"]
    assert bool(result.evidence.identifiers["suppressed"].iloc[0])
    assert 0 < scores["N"] < scores["M"] * 0.5
    item = result.explain("N").contributions.iloc[0]
    assert item["gap_days"] == LATE_GAP
    assert item["weight"] == pytest.approx(
        result.explain("M").contributions["weight"].iloc[0] * _faded(1.0, LATE_GAP), abs=1e-6
    )
    screener = sg.Screener.from_analysis(
        sg.analyze(stores[stores["store_id"] != "N"], links[links["store_id"] != "N"], seed=0)
    )
    got = screener.screen(
        {"store_id": "N", "opened_at": LATE, "payment_account": "JazzCash 0310 5071531"}
    )
    assert got.score == pytest.approx(scores["N"], abs=1e-9)


def _watchlist(value: str) -> intel.Watchlist:
    stores, links = _market(value, LATE)
    banned = stores["store_id"] == "B"
    return intel.to_watchlist(
        sg.analyze(stores[banned], links[links["store_id"] == "B"]), secret=KEY
    )


@pytest.mark.parametrize(
    ("theirs", "ours", "fades"),
    [
        ("M-Pesa 0712345678", "MPESA +254712345678", True),
        ("GTBank 0123456789", "Guaranty Trust Bank 0123456789", False),
    ],
)
def test_a_partners_wallet_matched_years_later_fades_as_in_the_analysis(
    theirs: str, ours: str, fades: bool
) -> None:
    # the watchlist holds hashes only, but our own key is at hand where they match
    stores = pd.DataFrame({"store_id": ["O1"], "status": ["active"], "opened_at": [LATE]})
    links = pd.DataFrame({"store_id": ["O1"], "kind": ["payment_account"], "value": [ours]})
    row = intel.match_watchlist(_watchlist(theirs), stores, links, secret=KEY).identifiers.iloc[0]
    assert row["gap_days"] == LATE_GAP
    kept = _faded(1.0, LATE_GAP) if fades else 1.0
    assert row["recycled"] == pytest.approx(kept, abs=1e-6)
