"""Words after a phone number (``0412 345 678 mob``) and letters in it; a run with no
banned store."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from _normalize_checks import checked_results as _both_paths

import sellergraph as sg
from sellergraph.normalize import normalize_value

# (value, region, key): a label word after the number is dropped, in every form.
LABELLED = [
    ("0412 345 678 mob", "AU", "+61412345678"),
    ("0412 345 678 mobile", "AU", "+61412345678"),
    ("0412 345 678 (mobile)", "AU", "+61412345678"),
    ("0412 345 678 Mob.", "AU", "+61412345678"),
    ("0412345678mob", "AU", "+61412345678"),
    ("0412 345 678 home", "AU", "+61412345678"),
    ("0412 345 678 mobile / whatsapp", "AU", "+61412345678"),
    ("0412 345 678 (h)", "AU", "+61412345678"),
    ("mob 0412 345 678", "AU", "+61412345678"),
    ("02 9123 4567 fax", "AU", "+61291234567"),
    ("02 9123 4567 (work) ext 12", "AU", "+61291234567"),
    ("+86 138 0013 8000 cell", "CN", "+8613800138000"),
    ("138 0013 8000 手机", "CN", "+8613800138000"),
    ("010 6552 9988 传真", "CN", "+861065529988"),
    ("(415) 555-2671 cell", "US", "+14155552671"),
    ("(415) 555-2671 (W)", "US", "+14155552671"),
    ("415-555-2671 office", "US", "+14155552671"),
    ("020 7946 0018 work", "GB", "+442079460018"),
    ("07911 123456 WhatsApp", "GB", "+447911123456"),
    ("(11) 96708-3484 celular", "BR", "+5511967083484"),
    ("55 1234 5678 trabajo", "MX", "+525512345678"),
]


@pytest.mark.parametrize("region", ["AU", "CN", "US", "GB", "BR", "MX"])
def test_label_after_the_number_is_dropped(region: str) -> None:
    cases = [(v, k) for v, r, k in LABELLED if r == region]
    got = _both_paths("phone", [v for v, _ in cases], region)
    assert got == [(k, None, None) for _, k in cases]


@pytest.mark.parametrize(
    ("value", "region"),
    [
        ("1-800-FLOWERS", "US"),
        ("1 800 356 9377 FLOWERS", "US"),
        ("0412 345 678 john", "AU"),
        ("0412 345 678 automob", "AU"),
        ("+86 138 0013 8000 zhang", "CN"),
        ("020 7946 0018 flat", "GB"),
    ],
)
def test_letters_are_no_keypad_digits(value: str, region: str) -> None:
    assert _both_paths("phone", [value], region) == [(None, "invalid_phone", None)]


def test_extensions_and_leading_labels_still_read() -> None:
    values = ["Tel: +1 415 555 2671;ext=12", "+1 415 555 2671 x 12", "mob: (415) 555-2671"]
    assert _both_paths("phone", values, "US") == [("+14155552671", None, None)] * 3


def test_keys_are_stable() -> None:
    for value, _, key in LABELLED:
        assert normalize_value("phone", key, config=None)[0] == key, value


# --- no banned store -----------------------------------------------------------------

STORES = pd.DataFrame(
    {"store_id": ["C1", "C2", "A1", "A2", "A3"], "status": ["closed"] * 2 + ["active"] * 3}
)
LINKS = pd.DataFrame(
    {
        "store_id": ["C1", "A1", "C2", "A2"],
        "kind": ["phone", "phone", "email", "email"],
        "value": ["13800138000", "+86 138 0013 8000", "ann@corp.cn", "ANN@corp.cn"],
    }
)


def _banned_notices(counts: object) -> list[str]:
    assert isinstance(counts, dict)
    return [n for n in counts.get("notices", []) if n.startswith("No store is banned")]


def test_a_run_without_banned_stores_says_so(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        analysis = sg.analyze(STORES, LINKS)
    assert len(analysis.alerts) == 0
    (notice,) = _banned_notices(dict(analysis.dataset.counts))
    assert "(3 active, 2 closed)" in notice
    assert "Statuses read as banned: 'banned' ('closed' is closed for other reasons)" in notice
    assert '[statuses] closed = "banned", or --status closed=banned' in notice
    assert notice in caplog.messages


def test_the_notice_names_the_words_read_as_banned() -> None:
    config = sg.Config(statuses={"Suspended": "banned", "open": "active"})
    (notice,) = _banned_notices(dict(sg.load(STORES, LINKS, config=config).counts))
    assert "Statuses read as banned: 'banned', 'suspended' ('closed'" in notice


def test_no_notice_with_a_banned_store_or_nothing_to_score() -> None:
    config = sg.Config(statuses={"closed": "banned"})  # closed by governance
    assert not _banned_notices(dict(sg.load(STORES, LINKS, config=config).counts))
    # no links: nothing to score either way (an empty stores table stops the load)
    assert not _banned_notices(dict(sg.load(STORES, LINKS.iloc[:0]).counts))


def test_the_command_line_prints_it_as_one_warning_line(tmp_path: Path) -> None:
    STORES.to_csv(tmp_path / "s.csv", index=False)
    LINKS.to_csv(tmp_path / "l.csv", index=False)
    args = ["run", "--stores", str(tmp_path / "s.csv"), "--links", str(tmp_path / "l.csv")]
    res = subprocess.run(
        [sys.executable, "-m", "sellergraph.cli", *args, "--out", str(tmp_path / "o"), "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode == 0, res.stderr
    lines = [x for x in res.stderr.splitlines() if "No store is banned" in x]
    assert len(lines) == 1 and lines[0].startswith("sellergraph: warning: No store is banned (3")
    assert lines[0].endswith("--status closed=banned).")
