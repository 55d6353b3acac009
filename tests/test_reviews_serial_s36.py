"""A reviews table's spreadsheet serial dates follow the config's dates.spreadsheet_serials."""

from __future__ import annotations

import pandas as pd

import sellergraph as sg
from sellergraph.reviews import read_reviews

REVIEWS = pd.DataFrame({"store_id": ["S1"], "decision": ["cleared"], "reviewed_at": ["45352"]})


def test_serial_review_date_is_read_only_when_asked() -> None:
    off = read_reviews(REVIEWS)
    assert off["reviewed_at"].isna().all() and off["reason"].notna().all()
    on = read_reviews(REVIEWS, spreadsheet_serials=True)
    assert on["reviewed_at"].iloc[0] == pd.Timestamp("2024-03-01")
    assert on["reason"].isna().all()


def test_analyze_passes_the_config_option_to_the_reviews() -> None:
    stores, links, _ = sg.make_marketplace(n_stores=300, seed=1)
    reviews = REVIEWS.assign(store_id=[stores["store_id"].iloc[0]])
    config = sg.Config.from_dict({"dates": {"spreadsheet_serials": True}})
    result = sg.analyze(stores, links, seed=0, config=config, reviews=reviews)
    assert result.reviews["status"].iloc[0] != "invalid"
    plain = sg.analyze(stores, links, seed=0, reviews=reviews)
    assert plain.reviews["status"].iloc[0] == "invalid"
