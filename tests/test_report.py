"""The HTML report and the plots: complete, self-contained, escaped, masked, deterministic."""

from __future__ import annotations

import base64
import io
import json
import re
import warnings
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import sellergraph as sg
from sellergraph.report import (
    plot_ring,
    plot_score_distribution,
    plot_timeline,
    to_html,
    write_report,
)

SECTIONS = ("summary", "alerts", "rings", "scores", "hubs", "rejected", "provenance")

SCRIPT_ID = "<script>alert(1)</script>"
CYPHER_ID = "x'}) DETACH DELETE n //"
UNICODE_ID = "店铺-Ünïcode-🙂"
MATH_ID = "$x^{2}$-store"
RAW_PHONE = "+86 138 0013 8000"
RAW_DEVICE = "IMEI:490154203237518"
RAW_EMAIL = "Evil.Seller+shop@Example.com"


class _Page(HTMLParser):
    """Collects ids, in-page links, images and text of an HTML document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.imgs: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(str(a["id"]))
        if tag == "a" and a.get("href"):
            self.hrefs.append(str(a["href"]))
        if tag == "img":
            self.imgs.append(a)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    p.close()
    return p


def hostile_market() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A banned store with a script id and returns with hostile and Unicode ids."""
    stores = pd.DataFrame(
        {
            "store_id": [SCRIPT_ID, CYPHER_ID, UNICODE_ID, MATH_ID, "bystander"],
            "status": ["banned", "active", "active", "banned", "active"],
            "platform": ["shop<b>", "shop<b>", "mall&co", "shop<b>", "mall&co"],
            "opened_at": ["2016-01-01", "2017-06-01", "2017-07-01", "2015-03-01", "2015-01-01"],
            "closed_at": ["2017-05-01", None, None, "2016-12-01", None],
            "closure_reason": ["counterfeit <i>", None, None, "fraud", None],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": [
                SCRIPT_ID,
                CYPHER_ID,
                UNICODE_ID,
                SCRIPT_ID,
                CYPHER_ID,
                MATH_ID,
                UNICODE_ID,
                "bystander",
                "ghost<img src=x onerror=alert(2)>",
            ],
            "kind": [
                "device",
                "device",
                "device",
                "phone",
                "phone",
                "email",
                "email",
                "phone",
                "device",
            ],
            "value": [
                RAW_DEVICE,
                "490154203237518",
                "490154203237518",
                RAW_PHONE,
                "138-0013-8000",
                RAW_EMAIL,
                "evilseller@example.com",
                "139 0000 1111",
                "<svg onload=alert(3)>",
            ],
        }
    )
    return stores, links


@pytest.fixture(scope="module")
def market_analysis() -> sg.Analysis:
    stores, links, _ = sg.make_marketplace(n_stores=2000, seed=11)
    return sg.analyze(stores, links)


@pytest.fixture(scope="module")
def market_page(market_analysis: sg.Analysis) -> str:
    return to_html(market_analysis, top_alerts=40, top_rings=4)


@pytest.fixture(scope="module")
def hostile_analysis() -> sg.Analysis:
    stores, links = hostile_market()
    return sg.analyze(stores, links)


@pytest.fixture(scope="module")
def hostile_page(hostile_analysis: sg.Analysis) -> str:
    return to_html(hostile_analysis, title="Report <for> 'case' & co")


class _FakeEvaluation:
    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"metric": ["precision", "recall<x>"], "value": [0.81, 0.7]})

    def plot_pr(self, ax: object) -> object:
        ax.plot([0.0, 0.5, 1.0], [1.0, 0.8, 0.4])  # type: ignore[attr-defined]
        return ax


# -- structure --------------------------------------------------------------------


def test_every_section_has_an_anchor_and_a_nav_link(market_page: str) -> None:
    p = parse(market_page)
    assert market_page.startswith("<!DOCTYPE html>")
    for sec in SECTIONS:
        assert sec in p.ids, sec
        assert f"#{sec}" in p.hrefs, sec
    assert "evaluation" not in p.ids
    assert "<title>sellergraph report</title>" in market_page


def test_every_internal_link_resolves_and_ids_are_unique(market_page: str) -> None:
    p = parse(market_page)
    assert len(p.ids) == len(set(p.ids))
    internal = [h for h in p.hrefs if h.startswith("#")]
    assert internal
    for h in internal:
        assert h[1:] in p.ids, h
    # Nothing but in-page links: the file stands alone.
    assert all(h.startswith("#") for h in p.hrefs)


def test_top_rings_get_a_page_with_two_drawings(
    market_analysis: sg.Analysis, market_page: str
) -> None:
    p = parse(market_page)
    ring_pages = [i for i in p.ids if i.startswith("ring-")]
    assert len(ring_pages) == min(4, len(market_analysis.rings))
    # Graph + timeline per ring, plus the score distribution.
    assert len(p.imgs) == 2 * len(ring_pages) + 1
    # Rings with banned members come first.
    first = ring_pages[0].removeprefix("ring-")
    assert int(market_analysis.rings.set_index("ring_id").loc[first, "n_banned"]) > 0
    assert "Why its top active store" in market_page


def test_alerts_table_lists_top_alerts_and_links_rings(
    market_analysis: sg.Analysis, market_page: str
) -> None:
    alerts = market_analysis.alerts
    assert len(alerts) > 0
    for sid in alerts["store_id"].head(40):
        assert f'<td class="id">{sid}</td>' in market_page
    if len(alerts) > 40:
        assert f"of {len(alerts):,} alerts" in market_page


def test_images_are_png_data_uris(market_page: str) -> None:
    imgs = parse(market_page).imgs
    assert imgs
    for img in imgs:
        src = str(img["src"])
        assert src.startswith("data:image/png;base64,")
        data = base64.b64decode(src.split(",", 1)[1], validate=True)
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert img.get("alt")


def test_self_contained(market_page: str) -> None:
    low = market_page.lower()
    for bad in ("<link", "<script", "@import", "url(", "http://", "https://", 'src="//'):
        assert bad not in low, bad


def test_summary_counts_come_from_the_analysis(
    market_analysis: sg.Analysis, market_page: str
) -> None:
    c = market_analysis.dataset.counts
    for key in ("stores", "banned", "links_accepted", "links_rejected"):
        assert f'<div class="n">{c[key]:,}</div>' in market_page, key
    pc = market_analysis.provenance["counts"]
    assert f'<div class="n">{pc["alerts"]:,}</div>' in market_page


# -- safety -------------------------------------------------------------------------


def test_hostile_ids_are_escaped(hostile_analysis: sg.Analysis, hostile_page: str) -> None:
    assert len(hostile_analysis.alerts) >= 2
    assert "<script" not in hostile_page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile_page
    assert CYPHER_ID not in hostile_page
    assert "x&#x27;}) DETACH DELETE n //" in hostile_page
    assert UNICODE_ID in hostile_page
    assert "shop<b>" not in hostile_page and "shop&lt;b&gt;" in hostile_page
    assert "mall&co" not in hostile_page and "mall&amp;co" in hostile_page
    assert "counterfeit <i>" not in hostile_page and "counterfeit &lt;i&gt;" in hostile_page
    assert "onerror=" not in hostile_page.replace("onerror=alert(2)&gt;", "")
    assert "<title>Report &lt;for&gt; &#x27;case&#x27; &amp; co</title>" in hostile_page
    p = parse(hostile_page)
    # The parsed text holds the ids verbatim: escaped, not mangled.
    text = "".join(p.text)
    assert SCRIPT_ID in text and CYPHER_ID in text and UNICODE_ID in text
    for h in p.hrefs:
        assert h[1:] in p.ids


def test_raw_identifier_values_never_appear(
    hostile_analysis: sg.Analysis, hostile_page: str
) -> None:
    keys = hostile_analysis.evidence.identifiers["key"].astype(str)
    for raw in [
        RAW_PHONE,
        RAW_DEVICE,
        RAW_EMAIL,
        "490154203237518",
        "13800138000",
        "evilseller@example.com",
        "<svg onload=alert(3)>",
        *keys,
    ]:
        if len(raw) >= 6:
            assert raw not in hostile_page, raw
            assert raw.replace("<", "&lt;").replace(">", "&gt;") not in hostile_page, raw


def test_hub_values_are_masked(market_analysis: sg.Analysis, market_page: str) -> None:
    hubs = market_analysis.hubs
    assert len(hubs) > 0
    shown = hubs.head(50)
    for raw, masked in zip(shown["value"], shown["value_masked"], strict=True):
        if len(str(raw)) >= 8 and str(raw) != str(masked):
            assert str(raw) not in market_page
    assert any(str(m) in market_page for m in shown["value_masked"].map(str))


def test_rejected_rows_are_summarised_with_masked_values(
    market_analysis: sg.Analysis, market_page: str
) -> None:
    rej = market_analysis.rejected
    assert len(rej) > 0
    section = market_page.split('id="rejected"', 1)[1].split("</section>", 1)[0]
    for reason in rej["reason"].unique():
        assert f"<code>{reason}</code>" in section
    # a value reason's meaning names no one kind: its group holds every kind's rows
    placeholder = rej[rej["reason"] == "placeholder"]
    assert placeholder["message"].nunique() > 1
    row = section.split("<code>placeholder</code>", 1)[1].split("</tr>", 1)[0]
    assert "placeholder or junk value" in row and ":" not in row.split("<td")[-1]
    raw_values = rej.loc[rej["column"] == "value", "value"].dropna().astype(str)
    placeholders = set(market_analysis.config.normalize.placeholders)
    for raw in raw_values:
        if len(raw) >= 10 and raw.lower() not in placeholders:
            assert raw not in section, raw


# -- determinism, options, I/O ---------------------------------------------------------


def test_output_is_byte_identical(
    hostile_analysis: sg.Analysis, market_analysis: sg.Analysis
) -> None:
    assert to_html(hostile_analysis) == to_html(hostile_analysis)
    a = to_html(market_analysis, top_alerts=5, top_rings=2)
    b = to_html(market_analysis, top_alerts=5, top_rings=2)
    assert a.encode() == b.encode()


def test_caps_and_empty_sections(market_analysis: sg.Analysis) -> None:
    page = to_html(market_analysis, top_alerts=0, top_rings=0)
    p = parse(page)
    assert not [i for i in p.ids if i.startswith("ring-")]
    assert len(p.imgs) == 1
    for h in p.hrefs:
        assert h[1:] in p.ids
    with pytest.raises(ValueError, match="top_rings"):
        to_html(market_analysis, top_rings=-1)


def test_analysis_without_alerts_or_rings() -> None:
    stores = pd.DataFrame({"store_id": ["a", "b"], "status": ["active", "active"]})
    links = pd.DataFrame(
        {
            "store_id": ["a", "b"],
            "kind": ["phone", "phone"],
            "value": ["13800138000", "13900139000"],
        }
    )
    page = to_html(sg.analyze(stores, links))
    assert "No active store scored" in page
    assert "No rings were found." in page
    p = parse(page)
    for sec in SECTIONS:
        assert sec in p.ids


def test_evaluation_section(hostile_analysis: sg.Analysis) -> None:
    page = to_html(hostile_analysis, evaluation=_FakeEvaluation())
    p = parse(page)
    assert "evaluation" in p.ids and "#evaluation" in p.hrefs
    assert "recall&lt;x&gt;" in page
    section = page.split('id="evaluation"', 1)[1].split("</section>", 1)[0]
    assert "data:image/png;base64," in section


def test_evaluation_section_with_real_metrics() -> None:
    stores, links, truth = sg.make_marketplace(n_stores=1000, seed=3)
    analysis = sg.analyze(stores, links)
    evaluation = sg.evaluate(analysis, truth)
    page = to_html(analysis, top_rings=1, evaluation=evaluation)
    section = page.split('id="evaluation"', 1)[1].split("</section>", 1)[0]
    for metric in evaluation.to_frame()["metric"]:
        assert f"<code>{metric}</code>" in section
    assert section.count("data:image/png;base64,") == 1


def test_write_report(hostile_analysis: sg.Analysis, tmp_path: Path) -> None:
    out = write_report(hostile_analysis, tmp_path / "report.html", top_rings=1)
    assert isinstance(out, Path)
    assert out.read_text(encoding="utf-8") == to_html(hostile_analysis, top_rings=1)


# -- plots --------------------------------------------------------------------------


def _axes() -> object:
    fig = Figure()
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def test_plots_return_the_ax_they_were_given(market_analysis: sg.Analysis) -> None:
    ring = market_analysis.ring(str(market_analysis.rings["ring_id"].iloc[0]))
    ax = _axes()
    assert plot_ring(ring, ax=ax) is ax
    ax = _axes()
    assert plot_timeline(ring, ax=ax) is ax
    ax = _axes()
    assert plot_score_distribution(market_analysis.scores["score"], ax=ax, threshold=0.5) is ax
    ax = _axes()
    assert ring.plot(ax=ax, seed=3) is ax
    ax = _axes()
    assert ring.plot_timeline(ax=ax) is ax


def test_plots_make_their_own_figure(hostile_analysis: sg.Analysis) -> None:
    ring_id = str(hostile_analysis.rings["ring_id"].iloc[0])
    ring = hostile_analysis.ring(ring_id)
    for ax in (plot_ring(ring), plot_timeline(ring), ring.plot(), ring.plot_timeline()):
        fig = ax.figure
        assert isinstance(fig, Figure)
        with warnings.catch_warnings():
            # The bundled font has no CJK glyphs; matplotlib says so and draws boxes.
            warnings.filterwarnings("ignore", message="Glyph .* missing from font")
            fig.canvas.draw()  # hostile ids ($...$ included) draw without error


def test_ring_drawing_is_seeded(market_analysis: sg.Analysis) -> None:
    ring = market_analysis.ring(str(market_analysis.rings["ring_id"].iloc[0]))

    def offsets(seed: int) -> list[list[float]]:
        ax = plot_ring(ring, seed=seed)
        return [c.get_offsets().tolist() for c in ax.collections if hasattr(c, "get_offsets")]

    assert offsets(1) == offsets(1)


def test_large_rings_are_capped(market_analysis: sg.Analysis) -> None:
    ring_id = market_analysis.rings.sort_values("size", ascending=False)["ring_id"].iloc[0]
    ring = market_analysis.ring(str(ring_id))
    n = len(ring.members)
    ax = plot_ring(ring, max_stores=2)
    if n > 2:
        assert re.search(r"showing 2 of \d+ stores", ax.get_title(loc="left"))
    ax = plot_timeline(ring, max_stores=2)
    labels = [t for t in ax.texts if t.get_gid() == "store-label"]
    assert len(labels) == min(n, 2)


def test_rings_without_dates_or_active_members_render() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["b1", "b2", "a1", "a2", "c1"],
            "status": ["banned", "banned", "active", "active", "closed"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["b1", "b2", "a1", "a2", "c1"],
            "kind": ["device", "device", "phone", "phone", "phone"],
            "value": ["490154203237518"] * 2 + ["13800138000"] * 3,
        }
    )
    analysis = sg.analyze(stores, links)
    assert len(analysis.rings) == 2
    page = to_html(analysis)
    p = parse(page)
    assert len([i for i in p.ids if i.startswith("ring-")]) == 2
    assert "No active member of this ring has evidence to explain." in page
    for h in p.hrefs:
        assert h[1:] in p.ids


def test_report_made_alongside_the_tables_is_the_same(
    market_analysis: sg.Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # write_run makes the report on a second thread while the tables are written;
    # above a size it makes it afterwards. The files must not depend on which.
    from sellergraph.io import run

    alongside = run.write_run(market_analysis, tmp_path / "a", fmt="parquet")
    monkeypatch.setattr(run, "_ALONGSIDE_MAX_LINKS", -1)
    after = run.write_run(market_analysis, tmp_path / "b", fmt="parquet")
    assert alongside.keys() == after.keys() and "report" in alongside
    for name in alongside.keys() - {"run"}:
        assert alongside[name].read_bytes() == after[name].read_bytes(), name
    for folder in (tmp_path / "a", tmp_path / "b"):
        assert {"write_tables", "report"} <= run.read_run(folder)["timings"].keys()


# -- control characters and very long values ---------------------------------------------

NUL_ID = "ban\x00ned"
BELL_ID = "ban\x07ned"  # differs from NUL_ID by its control character only
ESC_ID = "ret\x1b[31murn"
LONG_ID = "store-" + "x" * 1990 + "-end"
LONG_NAME = "N" * 2000
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def unruly_market() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A banned store and its returns whose ids, names and values hold control characters,
    and a return whose id, name, platform and closure reason are 2,000 characters long."""
    ids = [NUL_ID, BELL_ID, ESC_ID, LONG_ID, "bystander"]
    stores = pd.DataFrame(
        {
            "store_id": ids,
            "status": ["banned", "active", "active", "active", "active"],
            "platform": ["mall\x0bplus", "mall\x0bplus", "mall\x0bplus", "p" * 2000, "mall"],
            "opened_at": ["2016-01-01", "2017-06-01", "2017-06-02", "2017-06-03", "2015-01-01"],
            "closed_at": ["2017-05-01", None, None, None, None],
            "closure_reason": ["counter\x00feit\x7f", None, None, None, None],
            "name": ["Shop\x1b[31mRed", "bell\x07", "esc", LONG_NAME, "by"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": [*ids[:4], *ids[:4], "gh\x00ost", NUL_ID, ESC_ID],
            "kind": [*["device"] * 4, *["phone"] * 4, "device", "dev\x00ice", "email"],
            "value": [
                *["49015420\x0023237518"] * 4,
                *["+86 138 0013 8000"] * 4,
                "490154203237519",
                "abc\x1bdef",
                "ev\x00il@example.com",
            ],
        }
    )
    return stores, links


@pytest.fixture(scope="module")
def unruly_analysis() -> sg.Analysis:
    stores, links = unruly_market()
    return sg.analyze(stores, links)


@pytest.fixture(scope="module")
def unruly_page(unruly_analysis: sg.Analysis) -> str:
    return to_html(unruly_analysis)


class _Shown(HTMLParser):
    """The text a reader sees (no style sheet, no attributes) and every ``title``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.titles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        title = dict(attrs).get("title")
        if title is not None:
            self.titles.append(title)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if not self._in_style:
            self.text.append(data)


def shown(page: str) -> _Shown:
    p = _Shown()
    p.feed(page)
    p.close()
    return p


def _visible(text: str) -> str:
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def test_unruly_values_reach_the_report(unruly_analysis: sg.Analysis) -> None:
    # The loader keeps control characters inside ids, names and reasons: the report
    # must be what makes them safe.
    stores = unruly_analysis.stores
    assert {NUL_ID, BELL_ID, ESC_ID, LONG_ID} <= set(stores["store_id"])
    assert "counter\x00feit\x7f" in set(stores["closure_reason"].dropna())
    assert {NUL_ID, BELL_ID, ESC_ID, LONG_ID} <= set(unruly_analysis.alerts["store_id"]) | {NUL_ID}


def test_control_characters_are_shown_not_written(unruly_page: str) -> None:
    assert CONTROL.search(unruly_page) is None
    assert "\r" not in unruly_page
    text = "".join(shown(unruly_page).text)
    # Shown as the escape Python prints, so two stores differing by a control character
    # stay apart, and nothing is dropped that would turn the id into another store's.
    for sid in (NUL_ID, BELL_ID, ESC_ID, "mall\x0bplus", "counter\x00feit\x7f"):
        assert _visible(sid) in text, sid
    assert "ban\\x00ned" in text and "ban\\x07ned" in text
    # a rejected row's store id and kind, as written
    assert "gh\\x00ost" in text and "dev\\x00ice" in text


def test_long_values_are_cut_with_the_whole_text_in_a_title(unruly_page: str) -> None:
    from sellergraph.report.html import MAX_RUN

    page = shown(unruly_page)
    text = " ".join(page.text)
    longest = max(text.split(), key=len)
    assert len(longest) <= MAX_RUN, longest
    # Both ends of the long id stay readable; the whole of it is its title.
    assert re.search(r"store-x+…x+-end", text)
    assert LONG_ID in page.titles
    assert "p" * 2000 in page.titles
    stores, links = unruly_market()
    assert to_html(sg.analyze(stores, links)) == unruly_page  # deterministic


def test_report_css_lets_data_cells_wrap(unruly_page: str) -> None:
    css = unruly_page.split("<style>", 1)[1].split("</style>", 1)[0]
    rule = re.search(r"([^{}]*)\{overflow-wrap:anywhere\}", css)
    assert rule is not None
    assert {"td", "dd", ".explain"} <= {s.strip() for s in rule.group(1).split(",")}


def _unruly_case(analysis: sg.Analysis) -> dict[str, bytes]:
    from sellergraph.intel import to_case

    ring_id = str(analysis.alerts.set_index("store_id").loc[ESC_ID, "ring_id"])
    return dict(to_case(analysis, ring_id, raw=True).files)


def test_case_pack_shows_control_characters(unruly_analysis: sg.Analysis) -> None:
    files = _unruly_case(unruly_analysis)
    assert files == _unruly_case(unruly_analysis)  # byte-identical
    dossier = files["dossier.html"].decode("utf-8")
    assert CONTROL.search(dossier) is None and "\r" not in dossier
    page = shown(dossier)
    text = "".join(page.text)
    for value in (NUL_ID, BELL_ID, ESC_ID, "Shop\x1b[31mRed", "counter\x00feit\x7f"):
        assert _visible(value) in text, value
    # The dossier is the record handed on: long values are whole there (they wrap).
    assert LONG_ID in text and LONG_NAME in text
    css = dossier.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "p,h1,.explain{overflow-wrap:anywhere}" in css
    # ... but only long words may break anywhere: ids, statuses and dates stay whole.
    assert "td.long{word-break:break-all" in css and "td.word,th{white-space:nowrap}" in css
    assert f'<td class="long">{LONG_ID}' in dossier
    assert '<td class="word">banned</td>' in dossier
    # case.json keeps the exact values (JSON escapes control characters itself).
    data = json.loads(files["case.json"])
    assert {NUL_ID, BELL_ID, ESC_ID, LONG_ID} <= {m["store_id"] for m in data["members"]}


@pytest.mark.parametrize("name", ["members", "timeline", "identifiers", "links", "evidence"])
def test_case_csv_rows_stay_whole_and_read_back(unruly_analysis: sg.Analysis, name: str) -> None:
    files = _unruly_case(unruly_analysis)
    raw = files[f"{name}.csv"]
    body = raw.decode("utf-8")
    # No control character at all but the line ends: one line per record, for any reader.
    assert re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f]", body) is None
    read = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False)
    assert len(body.splitlines()) == len(read) + 1
    exact = pd.DataFrame(json.loads(files["case.json"])[name])
    assert list(read.columns) == list(exact.columns)
    for col in ("store_id", "name", "closure_reason", "platform", "members", "other_store_id"):
        if col in exact:
            want = ["" if pd.isna(v) else _one_line(str(v)) for v in exact[col]]
            assert read[col].tolist() == want, col


def _one_line(text: str) -> str:
    return re.sub("[\x00-\x1f\x7f-\x9f]", lambda m: f"\\x{ord(m.group()):02x}", text)


def test_interactive_view_shows_control_characters(unruly_analysis: sg.Analysis) -> None:
    pytest.importorskip("pyvis")
    from sellergraph.report.interactive import TOOLTIP_RUN, to_interactive_html, to_pyvis

    ring = unruly_analysis.ring(
        str(unruly_analysis.alerts.set_index("store_id").loc[ESC_ID, "ring_id"])
    )
    net = to_pyvis(ring, resources="remote")
    nodes = {n["id"]: n for n in net.nodes}
    # Node ids stay the exact store ids (vis.js keys); what people read is escaped.
    assert {NUL_ID, BELL_ID, ESC_ID, LONG_ID} <= set(nodes)
    assert nodes[NUL_ID]["label"] == "ban\\x00ned"
    assert "store ret\\x1b[31murn" in nodes[ESC_ID]["title"]
    # A long id: a short label; in the tooltip both ends, the run cut to TOOLTIP_RUN.
    assert len(nodes[LONG_ID]["label"]) <= 22
    tip_id = nodes[LONG_ID]["title"].splitlines()[0].removeprefix("store ")
    assert len(tip_id) == TOOLTIP_RUN and tip_id.startswith("store-x") and tip_id.endswith("-end")
    for node in net.nodes:
        assert CONTROL.search(node["label"] + node["title"]) is None
    page = to_interactive_html(ring, resources="remote")
    assert CONTROL.search(page) is None
    assert page == to_interactive_html(ring, resources="remote")
    data = page.split("nodes = new vis.DataSet(", 1)[1].split(");", 1)[0]
    assert NUL_ID in {n["id"] for n in json.loads(data)}


# -- counts, plurals and narrow windows ---------------------------------------------------


class _FloatEvaluation(_FakeEvaluation):
    """An evaluation that gives every metric as a float, counts included."""

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "metric": ["n_unmatched", "n_rings", "n_alerts", "precision", "threshold"],
                "value": [0.0, 1.0, 2.0, 1.0, 0.6],
            }
        )


def _evaluation_rows(page: str) -> dict[str, str]:
    section = page.split('id="evaluation"', 1)[1].split("</section>", 1)[0]
    cells = re.findall(r"<code>(\w+)</code></td><td[^>]*>([^<]*)</td>", section)
    return dict(cells)


def test_evaluation_prints_counts_as_integers_whatever_their_value(
    market_analysis: sg.Analysis,
) -> None:
    rows = _evaluation_rows(to_html(market_analysis, top_rings=1, evaluation=_FloatEvaluation()))
    assert rows == {
        "n_unmatched": "0",
        "n_rings": "1",
        "n_alerts": "2",
        "precision": "1.000",
        "threshold": "0.600",
    }
    stores, links, truth = sg.make_marketplace(n_stores=600, seed=3)
    analysis = sg.analyze(stores, links)
    rows = _evaluation_rows(to_html(analysis, top_rings=1, evaluation=sg.evaluate(analysis, truth)))
    assert rows["n_unmatched"] == "0" and "." not in rows["n_stores"]
    assert rows["average_precision"].count(".") == 1


def test_one_of_a_thing_is_singular() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "A1"],
            "status": ["banned", "active"],
            "platform": "mkt",
            "opened_at": ["2021-01-01", "2021-08-01"],
            "closed_at": ["2021-06-01", None],
        }
    )
    links = pd.DataFrame({"store_id": ["B1", "A1"], "kind": "device", "value": "490154203237518"})
    page = to_html(sg.analyze(stores, links))
    summary = page.split('id="summary"', 1)[1].split("</section>", 1)[0]
    cards = dict(re.findall(r'<div class="n">([^<]*)</div><div class="k">([^<]*)</div>', summary))
    assert cards["1"] in {"identifier", "store link", "ring", "alert", "hub"}
    assert "1 identifiers" not in page and "1 rings" not in page and "1 alerts" not in page
    assert not re.search(r'<div class="n">1</div><div class="k">(identifiers|rings|alerts)<', page)


def test_setting_names_break_only_after_a_dot(market_page: str) -> None:
    assert '<td class="key"><code>fuzzy.<wbr>addresses</code></td>' in market_page
    css = market_page.split("<style>", 1)[1].split("</style>", 1)[0]
    assert "td.key{overflow-wrap:normal}" in css
    # A wide figure never grows past the window (it did at 700 px).
    assert "figure.wide img{max-width:min(100%,52rem)}" in css
