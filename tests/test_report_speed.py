"""The report pauses the cyclic garbage collector while it draws, and restores it."""

from __future__ import annotations

import gc

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.report.html import _collector_paused, to_html


@pytest.mark.parametrize("enabled", [True, False])
def test_collector_paused_restores_the_state(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with _collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_collector_restored_after_an_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), _collector_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_to_html_leaves_the_collector_on() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["old", "new"],
            "status": ["banned", "active"],
            "opened_at": ["2016-01-01", "2017-06-01"],
            "closed_at": ["2017-05-01", None],
        }
    )
    links = pd.DataFrame(
        {"store_id": ["old", "new"], "kind": ["device", "device"], "value": ["490154203237518"] * 2}
    )
    assert gc.isenabled()
    page = to_html(sg.analyze(stores, links))
    assert gc.isenabled()
    assert page.startswith("<!DOCTYPE html>")
