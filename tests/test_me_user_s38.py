"""Findings of a cross-border (Gulf, Egypt, Japan, Korea) marketplace's first run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main

PHONE = "+971 50 123 4567"


def _screener() -> sg.Screener:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "closed_at": ["2023-04-30", None],
            "opened_at": ["2022-01-01", "2023-01-01"],
            "country": ["AE", "AE"],
        }
    )
    links = pd.DataFrame(
        {"store_id": ["B1", "A1"], "kind": ["phone", "email"], "value": [PHONE, "a1@example.ae"]}
    )
    return sg.Screener.from_analysis(sg.analyze(stores, links, seed=0))


def _registration(**fields: object) -> dict[str, object]:
    return {"store_id": "N1", "country": "AE", "identifiers": {"phone": ["0501234567"]}, **fields}


def test_a_registration_s_opening_date_is_read_under_the_stores_table_s_other_names() -> None:
    screener = _screener()
    own = screener.screen(_registration(opened_at="2024-12-17"))
    for name in ("created_date", "Created Date", "registration_date", "signupDate"):
        other = screener.screen(_registration(**{name: "2024-12-17"}))
        assert other.to_dict() == own.to_dict(), name  # before: unknown_field, no date
    assert own.evidence_records[0]["gap_days"] == 597
    assert own.unusable == ()


def test_a_table_of_registrations_reads_them_too() -> None:
    screener = _screener()
    table = pd.DataFrame(
        {
            "store_id": ["N1"],
            "country": ["AE"],
            "Created Date": ["2024-12-17"],
            "phone": ["0501234567"],
        }
    )
    decided = screener.screen_many(table)
    assert decided["score"].tolist() == [
        screener.screen(_registration(opened_at="2024-12-17")).score
    ]


def test_the_contract_s_own_name_wins_and_the_other_is_said() -> None:
    decision = _screener().screen(_registration(opened_at="2024-12-17", created_date="2020-01-01"))
    assert decision.evidence_records[0]["gap_days"] == 597
    assert [(u["field"], u["reason"], u.get("read")) for u in decision.unusable] == [
        ("created_date", "duplicate_field", "opened_at")
    ]


def _facilitator(n_banned: int) -> sg.Analysis:
    """Twelve stores paid out through one account, ``n_banned`` of them banned, and
    two stores sharing a phone beside them: nothing else shared."""
    ids = [f"S{i:02d}" for i in range(12)]
    stores = pd.DataFrame(
        {
            "store_id": [*ids, "X1", "X2"],
            "status": ["banned"] * n_banned + ["active"] * (12 - n_banned) + ["banned", "active"],
            "closed_at": ["2024-01-01"] * n_banned
            + [None] * (12 - n_banned)
            + ["2024-01-01", None],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": [*ids, "X1", "X2"],
            "kind": ["payment_account"] * 12 + ["phone", "phone"],
            "value": ["AE070331234567890123456"] * 12 + ["+971501234567", "+971501234567"],
        }
    )
    return sg.analyze(stores, links, seed=0)


def _shared_notice(analysis: sg.Analysis) -> list[str]:
    notices = analysis.provenance["counts"].get("notices") or []
    return [n for n in notices if n.startswith("Values held by many stores")]


def test_a_widely_held_value_behind_several_alerts_is_named() -> None:
    one = _facilitator(1)
    assert len(one.alerts) == 12  # the eleven, and X2 on its phone
    (notice,) = _shared_notice(one)
    assert "payment_account" in notice and "(12 stores, 1 banned) first in 11" in notice
    assert "known_shared" in notice and "AE070331234567890123456" not in notice  # masked


def test_a_value_mostly_banned_stores_hold_is_an_operator_s_and_not_named() -> None:
    assert _shared_notice(_facilitator(7)) == []


def test_explain_says_why_a_phone_seen_long_after_the_ban_weighs_less(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "N1", "N2"],
            "status": ["banned", "active", "active"],
            "closed_at": ["2023-04-30", None, None],
            "opened_at": ["2022-01-01", "2024-08-14", "2023-06-01"],
        }
    )
    links = pd.DataFrame(
        {"store_id": ["B1", "N1", "N2"], "kind": "phone", "value": ["+971501234567"] * 3}
    )
    analysis = sg.analyze(stores, links, seed=0)
    said = "472 days apart, a phone number may have passed to a new holder: weight x0.82)"
    assert said in analysis.explain("N1").summary
    assert "passed to a new holder" not in analysis.explain("N2").summary  # 32 days
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    tables = ["--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]
    assert main(["run", *tables, "--out", str(tmp_path / "run"), "-q", "--no-report"]) == 0
    assert main(["explain", "N1", "--run", str(tmp_path / "run")]) == 0
    assert said in capsys.readouterr().out
