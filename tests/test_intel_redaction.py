"""Identifiers a moderator typed into a closure reason do not leave in shared exports."""

from __future__ import annotations

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph import intel

KEY = b"a key both partners agreed on, 32+ bytes long"
TYPED = ("130-4612-9792", "ann.lee@corp.cn", "6222 0212 3456 7890 123")


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "A2"],
            "status": ["banned", "active", "active"],
            "opened_at": ["2023-01-01", "2023-08-01", "2023-09-01"],
            "closed_at": ["2023-06-01", None, None],
            "closure_reason": [
                "售假；关联手机130-4612-9792, mail ann.lee@corp.cn, card 6222 0212 3456 7890 123",
                None,
                None,
            ],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["B1", "A1", "B1", "A2"],
            "kind": ["phone", "phone", "device", "device"],
            "value": ["13046129792", "+86 130 4612 9792", "358168366674698", "358168366674698"],
        }
    )
    return sg.analyze(stores, links)


def _shared(analysis: sg.Analysis, *, raw: bool) -> str:
    ring = str(analysis.rings["ring_id"].iloc[0])
    watchlist = intel.to_watchlist_csv(intel.to_watchlist(analysis, secret=KEY, raw=raw))
    bundle = intel.to_stix(analysis, secret=KEY, raw=raw)
    case = intel.to_case(analysis, ring, secret=KEY, raw=raw)
    texts = [watchlist, bundle, *(b.decode("utf-8", "replace") for b in case.files.values())]
    texts.append(analysis.explain("A1").summary)
    texts.append(analysis.explanations().to_csv())
    return "\n".join(texts)


def test_identifiers_typed_into_a_closure_reason_are_redacted(analysis: sg.Analysis) -> None:
    shared = _shared(analysis, raw=False)
    for typed in TYPED:
        assert typed not in shared
    assert "售假；关联手机[redacted]" in shared


def test_raw_exports_keep_the_closure_reason_as_written(analysis: sg.Analysis) -> None:
    assert all(typed in _shared(analysis, raw=True) for typed in TYPED[:2])
