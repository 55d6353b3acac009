"""Rings found alongside the scoring (a forked process) give the same analysis."""

from __future__ import annotations

import pandas as pd
import pytest

import sellergraph as sg
import sellergraph.pipeline as pipeline
from sellergraph._parallel import can_fork


@pytest.mark.skipif(not can_fork(), reason="processes cannot be forked here")
def test_rings_alongside_scoring_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    stores, links, _ = sg.make_marketplace(3000, seed=5)
    one_after_other = sg.analyze(stores, links, seed=5)
    monkeypatch.setattr(pipeline, "_RINGS_ALONGSIDE_LINKS", 0)
    alongside = sg.analyze(stores, links, seed=5)
    assert set(alongside.provenance["timings"]) == set(one_after_other.provenance["timings"])
    for name in ("scores", "rings", "hubs", "contributions"):
        pd.testing.assert_frame_equal(getattr(alongside, name), getattr(one_after_other, name))
    assert alongside.ring_of.tolist() == one_after_other.ring_of.tolist()
    assert alongside.scores["ring_id"].notna().any()


def test_scoring_without_rings_leaves_ring_id_empty() -> None:
    stores, links, _ = sg.make_marketplace(500, seed=1)
    result = sg.analyze(stores, links, seed=1)
    scoring = sg.scoring.score_stores(result.evidence, result.dataset.stores, None, result.config)
    assert scoring.scores["ring_id"].isna().all()
    filled = sg.scoring.with_rings(scoring, result.ring_of)
    pd.testing.assert_frame_equal(filled.scores, result.scores)


def test_above_the_most_links_rings_wait_for_the_scoring(monkeypatch: pytest.MonkeyPatch) -> None:
    # past _RINGS_ALONGSIDE_MAX_LINKS the two stages' memory would add up
    def no_fork(*args: object, **kwargs: object) -> None:
        raise AssertionError("rings were found in a forked process")

    stores, links, _ = sg.make_marketplace(500, seed=2)
    monkeypatch.setattr(pipeline, "_RINGS_ALONGSIDE_LINKS", 0)
    monkeypatch.setattr(pipeline, "_RINGS_ALONGSIDE_MAX_LINKS", 10)
    monkeypatch.setattr(pipeline, "alongside", no_fork)
    result = sg.analyze(stores, links, seed=2)
    assert result.scores["ring_id"].notna().any()
