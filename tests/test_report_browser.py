"""The HTML report in a real headless browser (Debian's chromium, driven by Playwright).

Needs ``apt-get install -y chromium`` and ``pip install playwright`` (Playwright's own
browser download is not used). Without them this test fails and says how to install
them; ``SELLERGRAPH_SKIP_BROWSER=1`` skips it on a machine that cannot have a browser.
``SELLERGRAPH_CHROMIUM`` may point at another chromium binary.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.report import write_report

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

INSTALL_HINT = (
    "The browser test needs Debian's chromium and Playwright for Python: "
    "`apt-get update && apt-get install -y chromium` and `pip install playwright` "
    "(do not run `playwright install`). Set SELLERGRAPH_SKIP_BROWSER=1 to skip this test."
)


pytestmark = pytest.mark.browser


def _skip_requested() -> bool:
    return os.environ.get("SELLERGRAPH_SKIP_BROWSER", "") not in ("", "0")


def _chromium() -> str:
    override = os.environ.get("SELLERGRAPH_CHROMIUM")
    if override and not os.access(override, os.X_OK):
        pytest.fail(f"SELLERGRAPH_CHROMIUM={override!r} is not an executable.", pytrace=False)
    path = override or shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    pytest.fail(f"chromium not found on PATH. {INSTALL_HINT}", pytrace=False)


def _sync_playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(f"playwright is not installed. {INSTALL_HINT}", pytrace=False)
    return sync_playwright


def _write_report(folder: Path) -> Path:
    stores, links, truth = sg.make_marketplace(n_stores=1500, seed=5)
    # A hostile banned store and its return: their ids must not run as markup.
    extra_stores = pd.DataFrame(
        {
            "store_id": ["<script>alert(1)</script>", "x'}) DETACH DELETE n //", "店铺-🙂"],
            "status": ["banned", "active", "active"],
            "platform": ["default", "default", "default"],
            "opened_at": ["2016-01-01", "2017-06-01", "2017-07-01"],
            "closed_at": ["2017-05-01", None, None],
            "closure_reason": ["counterfeit", None, None],
        }
    )
    extra_links = pd.DataFrame(
        {
            "store_id": extra_stores["store_id"].tolist() * 2,
            "kind": ["device"] * 3 + ["phone"] * 3,
            "value": ["490154203237518"] * 3
            + ["<img src=x onerror=alert(2)>"]
            + ["+86 138 0013 8000"] * 2,
        }
    )
    stores = pd.concat([stores, extra_stores], ignore_index=True)
    links = pd.concat([links, extra_links], ignore_index=True)
    analysis = sg.analyze(stores, links)
    evaluation = sg.evaluate(analysis, truth)
    out = folder / "report.html"
    return write_report(
        analysis,
        out,
        top_alerts=500,
        top_rings=4,
        title="Browser check",
        evaluation=evaluation,
    )


def test_report_renders_cleanly_in_chromium(tmp_path: Path) -> None:
    if _skip_requested():
        pytest.skip("SELLERGRAPH_SKIP_BROWSER is set")
    sync_playwright = _sync_playwright()
    chromium = _chromium()
    report_path = _write_report(tmp_path)
    console_errors: list[str] = []
    page_errors: list[str] = []
    failed: list[str] = []
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1366, "height": 900})
            page.on(
                "console",
                lambda m: console_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: page_errors.append(str(e)))
            page.on("requestfailed", lambda r: failed.append(r.url))
            page.on("request", lambda r: requests.append(r.url))

            def on_dialog(d: Any) -> None:
                dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", on_dialog)
            response = page.goto(report_path.as_uri(), wait_until="load")
            assert response is None or response.ok
            page.wait_for_load_state("networkidle")

            assert page.title() == "Browser check"
            images = page.evaluate(
                "() => Array.from(document.images).map(i => "
                "({complete: i.complete, w: i.naturalWidth, h: i.naturalHeight}))"
            )
            assert len(images) == 2 * 4 + 2  # 4 rings, scores, precision-recall
            for img in images:
                assert img["complete"] and img["w"] > 0 and img["h"] > 0, img
            broken = page.evaluate(
                "() => Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
                ".map(a => a.getAttribute('href').slice(1))"
                ".filter(id => !document.getElementById(decodeURIComponent(id)))"
            )
            assert broken == []
            n_links = page.evaluate("() => document.querySelectorAll('a[href^=\"#\"]').length")
            assert n_links >= 7
            # Escaped ids are shown as text, not run.
            assert page.evaluate("() => document.querySelectorAll('script').length") == 0
            assert page.get_by_text("<script>alert(1)</script>").count() >= 1
            for section in (
                "summary",
                "alerts",
                "rings",
                "scores",
                "hubs",
                "rejected",
                "evaluation",
                "provenance",
            ):
                assert page.locator(f"#{section}").is_visible(), section
            # The nav jumps to a ring page.
            page.locator("nav a[href='#rings']").click()
            assert page.evaluate("() => window.location.hash") == "#rings"

            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            pdf = page.pdf(format="A4")
            assert pdf[:5] == b"%PDF-" and len(pdf) > 20_000
        finally:
            browser.close()
    assert console_errors == []
    assert page_errors == []
    assert failed == []
    assert dialogs == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []


LONG_ID = "store-" + "x" * 1990 + "-end"
NUL_ID = "ban\x00ned"

#: Page width against the window, and every table box whose content is wider than it.
_LAYOUT_JS = """() => ({
  page: document.documentElement.scrollWidth,
  window: window.innerWidth,
  scrolling_tables: Array.from(document.querySelectorAll('.table-wrap, .wide'))
    .filter(e => e.scrollWidth > e.clientWidth + 1).length,
  text: document.body.innerText,
})"""


def _unruly_analysis() -> sg.Analysis:
    """A ring whose banned store's id holds a NUL and whose return has a 2,000-character
    id, name, platform and closure reason."""
    ids = [NUL_ID, "ret\x1b[31murn", LONG_ID, "bystander"]
    stores = pd.DataFrame(
        {
            "store_id": ids,
            "status": ["banned", "active", "active", "active"],
            "platform": ["mall", "mall", "p" * 2000, "mall"],
            "opened_at": ["2016-01-01", "2017-06-01", "2017-06-02", "2015-01-01"],
            "closed_at": ["2017-05-01", None, None, None],
            "closure_reason": ["c" * 2000, None, None, None],
            "name": ["a\x07", "b", "N" * 2000, "d"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ids[:3] * 2,
            "kind": ["device"] * 3 + ["phone"] * 3,
            "value": ["490154203237518"] * 3 + ["+86 138 0013 8000"] * 3,
        }
    )
    return sg.analyze(stores, links)


@pytest.mark.parametrize("width", [1366, 820])
def test_long_values_stay_inside_the_window_in_chromium(tmp_path: Path, width: int) -> None:
    if _skip_requested():
        pytest.skip("SELLERGRAPH_SKIP_BROWSER is set")
    pytest.importorskip("pyvis")
    from sellergraph.intel import to_case
    from sellergraph.report.interactive import write_interactive_html

    sync_playwright = _sync_playwright()
    chromium = _chromium()
    analysis = _unruly_analysis()
    ring_id = str(analysis.alerts["ring_id"].iloc[0])
    report = write_report(analysis, tmp_path / "report.html")
    dossier = tmp_path / "dossier.html"
    dossier.write_bytes(to_case(analysis, ring_id, raw=True).files["dossier.html"])
    view = write_interactive_html(analysis.ring(ring_id), tmp_path / "ring.html")
    errors: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))
            for path in (report, dossier):
                page.goto(path.as_uri(), wait_until="load")
                layout = page.evaluate(_LAYOUT_JS)
                assert layout["page"] <= layout["window"], path.name
                if width >= 1280:  # narrower windows scroll wide tables inside their box
                    assert layout["scrolling_tables"] == 0, path.name
                assert "ban\\x00ned" in layout["text"], path.name
            # the report cuts the long id and keeps it whole in a title; the dossier wraps it
            page.goto(report.as_uri(), wait_until="load")
            titles = page.evaluate(
                "() => Array.from(document.querySelectorAll('[title]')).map(e => e.title)"
            )
            assert LONG_ID in titles
            # The interactive view: its tooltip for the long id wraps inside the drawing.
            page.goto(view.as_uri(), wait_until="load")
            page.wait_for_function("() => typeof network !== 'undefined'")
            xy = page.evaluate(
                "(id) => network.canvasToDOM(network.getPositions([id])[id])", LONG_ID
            )
            box = page.locator("#mynetwork").bounding_box()
            assert box is not None
            page.mouse.move(box["x"] + xy["x"], box["y"] + xy["y"])
            page.wait_for_timeout(700)
            tip = page.evaluate(
                "() => { const t = Array.from(document.querySelectorAll('.vis-tooltip'))"
                ".find(e => getComputedStyle(e).visibility !== 'hidden' && e.innerText);"
                " if (!t) return null; const r = t.getBoundingClientRect();"
                " return {right: r.right, bottom: r.bottom, text: t.innerText}; }"
            )
            assert tip is not None, "no tooltip after hovering the long store"
            assert tip["text"].startswith("store store-xxx") and "-end" in tip["text"]
            assert tip["right"] <= width and tip["bottom"] <= box["y"] + box["height"] + 1
            layout = page.evaluate(_LAYOUT_JS)
            assert layout["page"] <= layout["window"]
        finally:
            browser.close()
    assert errors == []
