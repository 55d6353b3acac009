"""Notebook display: the interactive ring view (pyvis) and the HTML reprs of results.

The interactive view must draw every store of a ring in the colours of the static plots,
show identifier values masked only, survive hostile store ids (no markup runs, in the page
or in its tooltips), be byte-identical for the same ring and seed, and say what to install
when pyvis is missing. One test opens it in a real headless browser (``browser`` marker;
the same chromium as the report's browser test).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.report.interactive import (
    RingView,
    ring_view,
    to_interactive_html,
    to_pyvis,
    write_interactive_html,
)
from sellergraph.report.plots import BANNED_COLOR, CLOSED_COLOR

HOSTILE_BANNED = "<img src=x onerror=alert(1)>"
HOSTILE_ACTIVE = "</script><script>alert(2)</script>"
HREF_STORE = 'shop <a href="https://evil.example">x</a>'
RAW_PHONE = "+86 138 0013 8000"
RAW_DEVICE = "490154203237518"

needs_pyvis = pytest.mark.skipif(
    importlib.util.find_spec("pyvis") is None,
    reason='the interactive view needs pyvis: pip install "sellergraph[interactive]"',
)


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    stores, links, _ = sg.make_marketplace(n_stores=1500, seed=3)
    return sg.analyze(stores, links, seed=0)


@pytest.fixture(scope="module")
def big_ring(analysis: sg.Analysis) -> sg.Ring:
    rings = analysis.rings.sort_values(["n_banned", "size", "ring_id"], ascending=False)
    return analysis.ring(rings["ring_id"].iloc[0])


@pytest.fixture(scope="module")
def hostile() -> sg.Analysis:
    """A banned store, its return and a closed store, all with ids that are markup."""
    stores = pd.DataFrame(
        {
            "store_id": [HOSTILE_BANNED, HOSTILE_ACTIVE, HREF_STORE],
            "status": ["banned", "active", "closed"],
            "opened_at": ["2016-01-01", "2017-06-01", "2016-03-01"],
            "closed_at": ["2017-05-01", None, "2016-09-01"],
            "closure_reason": ["counterfeit", None, "seller_request"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": [HOSTILE_BANNED, HOSTILE_ACTIVE, HREF_STORE] * 2,
            "kind": ["device"] * 3 + ["phone"] * 3,
            "value": [RAW_DEVICE, f"IMEI:{RAW_DEVICE}", RAW_DEVICE] + [RAW_PHONE] * 3,
        }
    )
    return sg.analyze(stores, links, seed=0)


def _hostile_ring(hostile: sg.Analysis) -> sg.Ring:
    assert len(hostile.rings) == 1
    return hostile.ring(hostile.rings["ring_id"].iloc[0])


def _nodes(page: str) -> list[dict[str, Any]]:
    match = re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", page, flags=re.S)
    assert match, "no node data in the page"
    nodes: list[dict[str, Any]] = json.loads(match.group(1))
    return nodes


# -- the interactive view ----------------------------------------------------------------


@needs_pyvis
def test_view_draws_every_store_and_shared_identifier(big_ring: sg.Ring) -> None:
    page = to_interactive_html(big_ring)
    nodes = {n["id"]: n for n in _nodes(page)}
    stores = [n for n, d in big_ring.subgraph.nodes(data=True) if d["type"] == "store"]
    idents = [n for n, d in big_ring.subgraph.nodes(data=True) if d["type"] == "identifier"]
    assert set(nodes) == set(stores) | set(idents)
    status = big_ring.members.set_index("store_id")["status"]
    for store in stores:
        colour = nodes[store]["color"]["background"]
        if status[store] == "banned":
            assert colour == BANNED_COLOR
        elif status[store] == "closed":
            assert colour == CLOSED_COLOR
        else:
            assert colour.startswith("#") and colour not in (BANNED_COLOR, CLOSED_COLOR)
        assert store in nodes[store]["title"]
    for ident in idents:
        assert nodes[ident]["label"] == big_ring.subgraph.nodes[ident]["label"]
        assert "held by" in nodes[ident]["title"]
    # Positions come with the nodes and physics is off: the drawing is where it was laid out.
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in nodes.values())
    assert '"physics": {"enabled": false}' in page


@needs_pyvis
def test_view_is_deterministic_and_depends_on_the_seed(big_ring: sg.Ring) -> None:
    first = to_interactive_html(big_ring, seed=1)
    assert first == to_interactive_html(big_ring, seed=1)
    assert first != to_interactive_html(big_ring, seed=2)


@needs_pyvis
def test_inline_view_is_self_contained(big_ring: sg.Ring) -> None:
    page = to_interactive_html(big_ring)
    assert page.startswith("<!DOCTYPE html>")
    assert f"<title>Ring {big_ring.ring_id}:" in page
    assert "vis.Network" in page  # vis.js is in the page itself
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=\"https?:", page)


@needs_pyvis
def test_remote_view_loads_vis_from_a_cdn(big_ring: sg.Ring) -> None:
    page = to_interactive_html(big_ring, resources="remote")
    assert re.search(r'<script src="https://[^"]*vis-network', page)
    assert len(page) < len(to_interactive_html(big_ring)) / 3


@needs_pyvis
def test_identifier_values_are_masked(analysis: sg.Analysis, big_ring: sg.Ring) -> None:
    page = to_interactive_html(big_ring)
    members = set(big_ring.members["store_id"])
    keys = analysis.links.loc[analysis.links["store_id"].isin(members), "key"]
    long_keys = {k for k in keys if len(str(k)) >= 8}
    assert long_keys
    leaked = [k for k in long_keys if json.dumps(str(k))[1:-1] in page or str(k) in page]
    assert leaked == []


@needs_pyvis
def test_large_rings_are_cut_to_max_stores(big_ring: sg.Ring) -> None:
    n_stores = int(big_ring.info["size"])
    assert n_stores > 3
    page = to_interactive_html(big_ring, max_stores=3)
    stores = [n for n in _nodes(page) if n["shape"] == "dot" and "status:" in n["title"]]
    assert len(stores) == 3
    assert f"(showing 3 of {n_stores} stores)" in page
    banned = big_ring.members[big_ring.members["status"] == "banned"]["store_id"]
    assert {n["id"] for n in stores} <= set(big_ring.members["store_id"])
    if len(banned) >= 3:
        assert {n["id"] for n in stores} <= set(banned)


@needs_pyvis
def test_hostile_store_ids_do_not_become_markup(hostile: sg.Analysis) -> None:
    ring = _hostile_ring(hostile)
    page = to_interactive_html(ring)
    assert HOSTILE_BANNED not in page
    assert HOSTILE_ACTIVE not in page
    assert "<script>alert" not in page
    nodes = {n["id"]: n for n in _nodes(page)}
    assert {HOSTILE_BANNED, HOSTILE_ACTIVE, HREF_STORE} <= set(nodes)
    # A title mentioning "href" makes pyvis show every tooltip as HTML: all are escaped then.
    for node in nodes.values():
        text = node["title"].replace("<br>", "\n")
        assert "<" not in text and ">" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in nodes[HOSTILE_BANNED]["title"]
    assert "closed: 2016-09-01" in nodes[HREF_STORE]["title"]
    assert "(seller_request)" in nodes[HREF_STORE]["title"]
    assert RAW_PHONE not in page and RAW_DEVICE not in page


@needs_pyvis
def test_plain_titles_stay_text_without_href(big_ring: sg.Ring) -> None:
    net = to_pyvis(big_ring)
    titles = [n["title"] for n in net.nodes]
    assert any("\n" in t for t in titles)
    assert not any("<br>" in t for t in titles)


@needs_pyvis
def test_ring_interactive_returns_a_view_that_displays_itself(
    big_ring: sg.Ring, tmp_path: Path
) -> None:
    view = big_ring.interactive(resources="remote", height="500px")
    assert isinstance(view, RingView)
    assert view.html == to_interactive_html(big_ring, resources="remote", height="500px")
    assert view == ring_view(big_ring, resources="remote", height="500px")
    assert big_ring.ring_id in repr(view) and len(repr(view)) < 200

    class _Frame(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.frames: list[dict[str, str | None]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "iframe":
                self.frames.append(dict(attrs))

    parser = _Frame()
    parser.feed(view._repr_html_())
    (frame,) = parser.frames
    assert frame["srcdoc"] == view.html
    assert frame["sandbox"] == "allow-scripts"
    assert "height: 540px" in str(frame["style"])
    out = view.write(tmp_path / "ring.html")
    assert out.read_text(encoding="utf-8") == view.html


@needs_pyvis
def test_write_interactive_html(big_ring: sg.Ring, tmp_path: Path) -> None:
    out = write_interactive_html(big_ring, tmp_path / "view.html", seed=4)
    assert out == tmp_path / "view.html"
    assert out.read_text(encoding="utf-8") == to_interactive_html(big_ring, seed=4)


@needs_pyvis
@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_stores": 0}, "'max_stores' must be an integer >= 1 (got 0)"),
        ({"max_stores": True}, "'max_stores' must be an integer >= 1 (got True)"),
        ({"resources": "cdn"}, "'resources' must be 'inline' or 'remote' (got 'cdn')"),
    ],
)
def test_bad_options_are_named(big_ring: sg.Ring, options: dict[str, Any], message: str) -> None:
    with pytest.raises(sg.InputError, match=re.escape(message)):
        to_interactive_html(big_ring, **options)


def test_missing_pyvis_says_what_to_install(
    big_ring: sg.Ring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyvis", None)
    monkeypatch.setitem(sys.modules, "pyvis.network", None)
    with pytest.raises(sg.MissingDependencyError, match=r"sellergraph\[interactive\]") as info:
        big_ring.interactive()
    assert isinstance(info.value, ImportError)


# -- HTML reprs ----------------------------------------------------------------------------


def test_analysis_repr_html_summarises_and_lists_top_alerts(analysis: sg.Analysis) -> None:
    text = analysis._repr_html_()
    c = analysis.dataset.counts
    assert f"{c['stores']:,} stores" in text and f"{len(analysis.alerts):,} alerts" in text
    assert f"seed {analysis.seed}" in text
    for store_id in analysis.alerts["store_id"].head(10):
        assert f"<td>{store_id}</td>" in text
    if len(analysis.alerts) > 10:
        assert f"... and {len(analysis.alerts) - 10:,} more alerts" in text
    assert ".explain(store_id)" in text


def test_ring_and_explanation_reprs(analysis: sg.Analysis, big_ring: sg.Ring) -> None:
    assert repr(big_ring).startswith(f"<Ring {big_ring.ring_id}: {int(big_ring.info['size'])}")
    text = big_ring._repr_html_()
    assert f"Ring {big_ring.ring_id}" in text and ".interactive()" in text
    store_id = analysis.alerts["store_id"].iloc[0]
    explanation = analysis.explain(store_id)
    assert repr(explanation).startswith(f"<Explanation of store {store_id}: score")
    html_text = explanation._repr_html_()
    assert explanation.summary.split(" (")[0] in html_text
    assert "closure_reason" not in html_text


def test_reprs_escape_hostile_ids(hostile: sg.Analysis) -> None:
    ring = _hostile_ring(hostile)
    texts = [
        hostile._repr_html_(),
        ring._repr_html_(),
        hostile.explain(HOSTILE_ACTIVE)._repr_html_(),
    ]
    for text in texts:
        assert HOSTILE_BANNED not in text and HOSTILE_ACTIVE not in text
        assert "<script>" not in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in texts[1]


# -- in a browser ----------------------------------------------------------------------------


@pytest.mark.browser
@needs_pyvis
def test_view_renders_and_tooltips_are_text_in_chromium(
    hostile: sg.Analysis, tmp_path: Path
) -> None:
    if os.environ.get("SELLERGRAPH_SKIP_BROWSER", "") not in ("", "0"):
        pytest.skip("SELLERGRAPH_SKIP_BROWSER is set")
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = os.environ.get("SELLERGRAPH_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        pytest.fail("chromium not found on PATH (apt-get install -y chromium)", pytrace=False)
    ring = _hostile_ring(hostile)
    path = write_interactive_html(ring, tmp_path / "ring.html")
    errors: list[str] = []
    dialogs: list[str] = []
    requests: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 760})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("request", lambda r: requests.append(r.url))

            def on_dialog(d: Any) -> None:
                dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", on_dialog)
            page.goto(path.as_uri(), wait_until="load")
            page.wait_for_function("() => typeof network !== 'undefined'")
            assert page.locator("canvas").count() == 1
            drawn = page.evaluate("() => nodes.getIds().length")
            assert drawn == ring.subgraph.number_of_nodes()
            # Hover the banned store: its tooltip shows the id as text, not as an element.
            xy = page.evaluate(
                "(id) => network.canvasToDOM(network.getPositions([id])[id])", HOSTILE_BANNED
            )
            box = page.locator("#mynetwork").bounding_box()
            assert box is not None
            page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"])
            page.wait_for_timeout(700)
            # The visible tooltip: vis.js's own, or pyvis's popup when a title mentions "href".
            tooltip = page.evaluate(
                "() => { const t = Array.from(document.querySelectorAll('.vis-tooltip, div.popup'))"
                ".find(e => getComputedStyle(e).display !== 'none' && e.innerText); return t ? "
                "{text: t.innerText, imgs: t.querySelectorAll('img').length} : null; }"
            )
            assert tooltip is not None, "no tooltip after hovering a store"
            assert HOSTILE_BANNED in tooltip["text"]
            assert tooltip["imgs"] == 0
        finally:
            browser.close()
    assert errors == []
    assert dialogs == []
    assert [u for u in requests if not u.startswith("file:")] == []
