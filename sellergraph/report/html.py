"""A self-contained HTML report of an analysis: one file to read, print or attach to a case.

:func:`to_html` is pure (analysis in, text out); :func:`write_report` writes it. The
page has no external resources: styles are inline, charts are PNG data URIs, there is
no script. Every piece of data is HTML-escaped, control characters in it are shown as
``\\xNN`` escapes and bidirectional controls and invisible format characters (a
right-to-left override) as ``\\u202e``-style ones, and identifier values appear masked
only. A data value with a very long unbroken run (a 2,000-character store id) is
shortened in the middle, the full text in its ``title``, and table cells wrap, so no
table is wider than the page. The same analysis gives the same bytes.

Sections: summary counts, top alerts with their evidence (each value of it that
normalisation flagged, such as an IBAN failing its check digits or a private IP address,
named with its flag in words), one page per top ring (graph, timeline, members, the
explanation of its top active store), the score distribution, hubs, rejected input
rows, an optional evaluation, and the configuration and versions that produced the
result (timings are in ``run.json``).
"""

from __future__ import annotations

import base64
import contextlib
import gc
import hashlib
import html
import io
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

import numpy as np
import pandas as pd

from .._arrays import group_starts
from .._wording import counted, noun
from ..evidence import kind_label
from ..normalize import REASONS
from ..schema import PLAIN_COLUMNS, ROW_REASONS
from ._text import shorten_runs, visible

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ..analysis import Analysis, Ring

__all__ = ["to_html", "write_report"]

#: Rows shown at most in the long tables (the rest are counted, not listed).
MAX_TABLE_ROWS = 100
MAX_MEMBER_ROWS = 60
MAX_HUB_ROWS = 50
TIMELINE_ROWS = 40
REJECTED_EXAMPLES_PER_REASON = 3
#: Longest unbroken run of a data value shown whole (longer ones are cut in the middle).
MAX_RUN = 64
_DPI = 100


class _EvaluationLike(Protocol):
    def to_frame(self) -> pd.DataFrame: ...

    def plot_pr(self, ax: Any) -> Any: ...


# -- small formatting helpers -------------------------------------------------------


def _e(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute (control characters as ``\\xNN``)."""
    return html.escape(visible(str(value)), quote=True)


def _shown(text: object, limit: int = MAX_RUN) -> str:
    """A data value as escaped HTML; unbroken runs beyond ``limit`` characters are cut
    in the middle and the whole text becomes the ``title`` (hover to read it)."""
    full = visible("" if _missing(text) else str(text))
    short = shorten_runs(full, limit)
    if short == full:
        return html.escape(full, quote=True)
    return f'<span class="cut" title="{html.escape(full, quote=True)}">{html.escape(short)}</span>'


def _missing(value: object) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(cast(Any, value)))
    except (TypeError, ValueError):
        return False


def _fmt(value: object, digits: int = 3) -> str:
    """Readable, deterministic text for a table cell (not yet escaped)."""
    if _missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        v = float(value)
        if v.is_integer() and abs(v) < 1e15 and digits == 0:
            return f"{int(v):,}"
        return f"{v:.{digits}f}"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_fmt(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def _truncate(text: object, limit: int = 60) -> str:
    s = "" if _missing(text) else str(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def _mask_text(value: object) -> str:
    """Mask a raw input value for display: keep a little of each end, hide the middle."""
    if _missing(value):
        return ""
    s = str(value)
    if len(s) <= 2:
        return "*" * len(s)
    keep = min(3, max(1, len(s) // 4))
    masked = s[:keep] + "*" * min(len(s) - 2 * keep, 8) + s[-keep:]
    return _truncate(masked, 24)


def _anchor(prefix: str, key: str) -> str:
    """A safe, unique element id for a data value."""
    if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", key):
        return f"{prefix}-{key}"
    return f"{prefix}-x" + hashlib.blake2b(key.encode("utf-8"), digest_size=6).hexdigest()


def _ring_anchor(ring_id: str) -> str:
    return _anchor("ring", ring_id)


def _kinds_text(kinds: object) -> str:
    if _missing(kinds) or not str(kinds):
        return ""
    return ", ".join(kind_label(k) for k in str(kinds).split("|") if k)


def _status_badge(status: object) -> str:
    s = _fmt(status)
    cls = s if s in ("banned", "active", "closed") else "other"
    return f'<span class="badge {cls}">{_e(s)}</span>'


def _score_cell(score: object) -> str:
    if _missing(score):
        return '<td class="num"></td>'
    v = float(score)  # type: ignore[arg-type]
    pct = max(0.0, min(100.0, v * 100.0))
    return (
        f'<td class="num score">{v:.3f}'
        f'<span class="meter"><span style="width:{pct:.0f}%"></span></span></td>'
    )


def _table(
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Iterable[int] = (),
    cls: str = "",
) -> str:
    """An HTML table from pre-rendered cells (``<td>...`` strings or plain escaped text)."""
    num = set(numeric)
    head = "".join(
        f'<th{" class=num" if i in num else ""} scope="col">{_e(h)}</th>'
        for i, h in enumerate(header)
    )
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            if cell.startswith("<td"):
                cells.append(cell)
            else:
                cells.append(f'<td class="num">{cell}</td>' if i in num else f"<td>{cell}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    klass = f' class="{cls}"' if cls else ""
    return (
        f'<div class="table-wrap"><table{klass}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _frame_table(
    frame: pd.DataFrame, *, max_rows: int = MAX_TABLE_ROWS, index: bool = False
) -> str:
    """A generic table for a DataFrame: every cell formatted and escaped."""
    if index and not isinstance(frame.index, pd.RangeIndex):
        frame = frame.reset_index()
    shown = frame.head(max_rows)
    numeric = [
        i
        for i, c in enumerate(shown.columns)
        if pd.api.types.is_numeric_dtype(shown[c]) and not pd.api.types.is_bool_dtype(shown[c])
    ]
    rows = [[_shown(_fmt(v)) for v in rec] for rec in shown.itertuples(index=False)]
    out = _table([str(c) for c in shown.columns], rows, numeric=numeric)
    if len(frame) > max_rows:
        out += f'<p class="note">Showing {max_rows:,} of {len(frame):,} rows.</p>'
    return out


def _png(fig: Figure, alt: str, *, dpi: int = _DPI) -> str:
    """A figure as an ``<img>`` with a PNG data URI (no software tag, so bytes are stable)."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        # Store ids in scripts the bundled font lacks still draw (as boxes); say nothing.
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        warnings.filterwarnings("ignore", message=r"Matplotlib currently does not support")
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None}, facecolor="white")
    width, height = (round(v) for v in fig.get_size_inches() * dpi)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{_e(alt)}" '
        f'width="{width}" height="{height}" loading="eager">'
    )


def _new_axes(
    width: float, height: float, *, left: float, right: float, bottom: float, top: float
) -> Axes:
    """Axes on a new figure with fixed margins in inches (faster than a layout engine)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig.add_axes(
        (left / width, bottom / height, 1 - (left + right) / width, 1 - (bottom + top) / height)
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (if on) for the block.

    The charts make over a hundred thousand short-lived matplotlib objects, enough to
    set off some two hundred collections, a few of them over every long-lived object
    of the analysis (about 5% of the report's time at a million stores). Output is
    unchanged; the figures' reference cycles are freed by the first collection after.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


# -- sections -------------------------------------------------------------------------


def _section(anchor: str, title: str, body: str, *, lead: str = "") -> str:
    lead_html = f'<p class="lead">{lead}</p>' if lead else ""
    return f'<section id="{anchor}" class="section"><h2>{_e(title)}</h2>{lead_html}{body}</section>'


def _summary(analysis: Analysis, n_alerts: int) -> str:
    c: dict[str, Any] = {**analysis.dataset.counts, **analysis.provenance.get("counts", {})}
    threshold = analysis.config.scoring.alert_threshold
    link_notes, store_notes = rejected_notes(analysis.rejected)
    link_cleared = sum(n for r, n in link_notes.items() if r != SEVERAL_VALUES)
    cards = [
        ("store", "stores", c.get("stores"), ""),
        ("banned", "banned", c.get("banned"), "banned"),
        ("active", "active", c.get("active"), ""),
        ("closed", "closed", c.get("closed"), ""),
        ("link accepted", "links accepted", c.get("links_accepted"), ""),
        ("link rejected", "links rejected", c.get("links_rejected"), ""),
        ("link value cleared", "link values cleared", link_cleared, ""),
        ("store note", "store notes", sum(store_notes.values()), ""),
        ("identifier", "identifiers", c.get("identifiers"), ""),
        ("store link", "store links", c.get("store_links"), ""),
        ("ring", "rings", c.get("rings", len(analysis.rings)), ""),
        ("hub", "hubs", c.get("hubs", len(analysis.hubs)), ""),
        ("alert", "alerts", c.get("alerts", n_alerts), "alert"),
    ]
    items = "".join(
        f'<div class="card {cls}"><div class="n">{_e(_fmt(v) if v is not None else "–")}</div>'
        f'<div class="k">{_e(one if v == 1 else many)}</div></div>'
        for one, many, v, cls in cards
    )
    suppressed = c.get("hubs_suppressed")
    scored = c.get("scored")
    notes = [
        f"Alerts are active stores scoring at least <b>{_e(_fmt(threshold))}</b>.",
    ]
    if scored is not None:
        have = "active store has" if scored == 1 else "active stores have"
        notes.append(f"{_e(_fmt(scored))} {have} some evidence (score above 0).")
    if suppressed is not None and c.get("hubs"):
        notes.append(
            f"{_e(_fmt(suppressed))} of the hubs are shared so widely that they no longer link "
            "stores at all; the others count with a discounted weight."
        )
    if c.get("links_in") is not None:
        notes.append(
            f"{_e(_fmt(c['links_in']))} links were read; "
            f"{_e(_fmt(c.get('links_accepted')))} were accepted "
            f"({_e(_fmt(c.get('links_distinct')))} distinct after merging duplicates)."
        )
    unlinked = c.get("stores_without_links")
    if unlinked:  # a join that failed upstream shows here
        notes.append(
            f"{_e(counted(unlinked, 'store'))} ({_e(share_of_stores(unlinked, c.get('stores')))}) "
            f"{'has' if unlinked == 1 else 'have'} no link accepted: nothing links "
            f"{'it' if unlinked == 1 else 'them'} to another store."
        )
    if link_notes.get(SEVERAL_VALUES):
        notes.append(
            f"{_e(counted(link_notes[SEVERAL_VALUES], 'cell'))} listing several values "
            "each gave a link per value."
        )
    if store_notes:
        notes.append(
            f"Stores rows kept with a note in the rejected table: {_e(noted(store_notes))}."
        )
    read_as = c.get("kinds_read_as") or {}
    if read_as:
        names = ", ".join(f"<b>{_shown(name)}</b> as {_e(kind)}" for name, kind in read_as.items())
        notes.append(f"Kind names read as built-in kinds: {names}.")
    streetless = c.get("no_street_line") or {}
    for parts in c.get("address_from") or []:
        label = " + ".join(parts)
        n = int(streetless.get(label, 0))
        without = (
            f" ({_e(counted(n, 'stores row'))} with other parts of it but no street line: "
            "no address)"
            if n
            else ""
        )
        notes.append(f"An address composed from columns {_e(label)}{without}.")
    unread = c.get("columns_not_read") or []
    if unread:
        notes.append(
            "Columns carried along, not read as identifiers: "
            f"{_e(_unread_columns(unread, c.get('columns_not_read_why') or {}))}."
        )
    warned = "".join(f'<p class="note"><b>Note:</b> {_e(n)}</p>' for n in c.get("notices") or [])
    return f'<div class="cards">{items}</div><p class="note">{" ".join(notes)}</p>{warned}'


def share_of_stores(n: int, of: object) -> str:
    """``n`` as a share of ``of`` stores, for the summary's notes.

    Examples
    --------
    >>> share_of_stores(80_000, 200_000), share_of_stores(3, 5_003), share_of_stores(3, None)
    ('40% of the stores', 'under 1% of the stores', 'of the stores')
    """
    if not isinstance(of, int) or not of:
        return "of the stores"
    share = n / of
    return f"{'under 1%' if 0 < share < 0.01 else f'{share:.0%}'} of the stores"


#: The reason of a cell read as several links (counted with the links in any table).
SEVERAL_VALUES = "several_values"


def rejected_notes(rejected: pd.DataFrame) -> tuple[dict[str, int], dict[str, int]]:
    """The rows of a ``rejected`` table that were kept (``dropped`` false), by reason,
    most first: those on links, and those on stores.

    On links: a date cleared (``invalid_date`` of the links table) and a cell listing
    several values (``several_values``, in a wide stores table too: its values are
    links). On stores: a date cleared, a banned store without ``closed_at``, a
    ``country`` cleared, a repeated row, ... (see the data contract). Rows set aside
    (``dropped``) are neither.

    Examples
    --------
    >>> import pandas as pd
    >>> rejected = pd.DataFrame({
    ...     "table": ["stores", "stores", "stores", "links", "links"],
    ...     "reason": ["missing_closed_at", "missing_closed_at", "several_values",
    ...                "invalid_date", "unknown_store"],
    ...     "dropped": [False, False, False, False, True],
    ... })
    >>> rejected_notes(rejected)
    ({'invalid_date': 1, 'several_values': 1}, {'missing_closed_at': 2})
    """
    kept = ~rejected["dropped"].astype(bool).to_numpy()
    table = rejected["table"].to_numpy(dtype=object)[kept]
    reason = rejected["reason"].to_numpy(dtype=object)[kept]
    on_links = (table == "links") | (reason == SEVERAL_VALUES)
    return _by_reason(reason[on_links]), _by_reason(reason[~on_links])


def _by_reason(reasons: np.ndarray) -> dict[str, int]:
    """How many of ``reasons`` each reason is, most first (ties by name)."""
    counts = pd.Series(reasons, dtype=object).value_counts(sort=False)
    return dict(sorted(((str(r), int(n)) for r, n in counts.items()), key=lambda p: (-p[1], p[0])))


def noted(by_reason: Mapping[str, int]) -> str:
    """Rows kept with a note, by reason, as the run summary and the report count them.

    Examples
    --------
    >>> noted({"missing_closed_at": 5000, "invalid_date": 12})
    '5,000 missing_closed_at, 12 invalid_date'
    """
    return ", ".join(f"{n:,} {reason}" for reason, n in by_reason.items())


def _unread_columns(columns: Sequence[str], why: Mapping[str, str]) -> str:
    """The columns carried along and not read, each with why it is not read when the
    counts say (``counts["columns_not_read_why"]``), as the run summary words them.

    Examples
    --------
    >>> _unread_columns(["name", "date_of_birth"], {"name": "fuzzy.names is off"})
    'name (fuzzy.names is off), date_of_birth'
    """
    return ", ".join(f"{c} ({why[c]})" if c in why else str(c) for c in columns)


def _streetless_note(counts: Mapping[str, Any]) -> str:
    """The rejected section's note on stores rows with parts of a composed address but
    no street line (``counts["no_street_line"]``): no address was made from them, and
    no ``rejected`` row lists them.

    Examples
    --------
    >>> print(_streetless_note({"no_street_line": {"street + city": 3}}))
    <p class="note">3 stores rows have parts of the address street + city but no street line,
    so no address was made from them: a city, postcode or further line alone is shared by
    strangers and is not read as one. They are not in <code>analysis.rejected</code>.</p>
    """
    streetless = counts.get("no_street_line") or {}
    if not streetless:
        return ""
    each = "; ".join(
        f"{counted(int(n), 'stores row')} {'has' if int(n) == 1 else 'have'} parts of the "
        f"address {label} but no street line"
        for label, n in streetless.items()
    )
    return (
        f'<p class="note">{_e(each)}, so no address was made from them: a city, postcode or '
        "further line alone is shared by strangers and is not read as one. They are not in "
        "<code>analysis.rejected</code>.</p>"
    )


def _ring_link(ring_id: object, drawn: Mapping[str, str]) -> str:
    if _missing(ring_id) or not str(ring_id):
        return ""
    rid = str(ring_id)
    if rid in drawn:
        return f'<a href="#{drawn[rid]}">{_e(rid)}</a>'
    return _e(rid)


def _review_note(analysis: Analysis) -> str:
    """What investigators' reviews did to the alerts (nothing without reviews)."""
    reviews = analysis.review_table
    if reviews is None or reviews.empty:
        return ""
    held = int((reviews["status"] == "held").sum())
    back = reviews[reviews["status"] == "back"]
    said = (
        f"{held:,} {noun(held, 'alert')} held back by investigators' reviews "
        f"({len(reviews):,} review {noun(len(reviews), 'row')}: the reviews table)."
    )
    if len(back):
        items = "; ".join(
            f"{_shown(str(sid))}: {_shown(str(why))}"
            for sid, why in zip(back["store_id"].head(10), back["reason"].head(10), strict=True)
        )
        more = f" and {len(back) - 10:,} more" if len(back) > 10 else ""
        said += (
            f" {len(back):,} reviewed {noun(len(back), 'alert')} "
            f"{'is' if len(back) == 1 else 'are'} back, the evidence changed: {items}{more}."
        )
    return f'<p class="note">{said}</p>'


#: Evidence items an alert's ``evidence`` text names (scoring's ``_evidence_text``: the
#: store's first three).
_EVIDENCE_ITEMS = 3


def _flag_notes(analysis: Analysis, store_ids: Sequence[str]) -> dict[str, str]:
    """For each of some alerts' stores whose named evidence (its first
    :data:`_EVIDENCE_ITEMS` items) holds a value normalisation flagged, one line per
    such value in plain words (:func:`~sellergraph.analysis.flag_wording`), as HTML:
    why that item weighs less than its kind."""
    from ..analysis import flag_wording

    items = analysis._flagged_items(store_ids, top=_EVIDENCE_ITEMS)
    notes: dict[str, str] = {}
    for rec in items.itertuples(index=False):
        text = f"{kind_label(str(rec.kind))} {rec.value}: {flag_wording(str(rec.flag))}"
        notes[str(rec.store_id)] = (
            notes.get(str(rec.store_id), "") + f"<div><b>Flagged</b> {_shown(text)}</div>"
        )
    return notes


def _alerts(analysis: Analysis, alerts: pd.DataFrame, top: int, drawn: Mapping[str, str]) -> str:
    reviewed = _review_note(analysis)
    if alerts.empty:
        return (
            reviewed
            + '<p class="empty">No active store scored at or above the alert threshold.</p>'
        )
    shown = alerts.head(top)
    flagged = _flag_notes(analysis, shown["store_id"].tolist())
    rows = []
    for i, rec in enumerate(shown.itertuples(index=False), start=1):
        rel = _fmt(rec.relation)
        rows.append(
            [
                _e(i),
                f'<td class="id">{_shown(rec.store_id)}</td>',
                _score_cell(rec.score),
                f'<td class="id">{_shown(_fmt(rec.matched_store_id))}</td>',
                f'<td><span class="rel {_e(rel)}">{_e(rel)}</span></td>' if rel else "",
                "yes" if bool(rec.cross_platform) else "",
                f'<td class="rid">{_ring_link(rec.ring_id, drawn)}</td>',
                _e(_kinds_text(rec.kinds)),
                f'<td class="evidence">{_shown(_fmt(rec.evidence))}'
                f"{flagged.get(str(rec.store_id), '')}</td>",
            ]
        )
    table = _table(
        [
            "#",
            "store",
            "score",
            "matched banned store",
            "relation",
            "cross-platform",
            "ring",
            "evidence kinds",
            "evidence",
        ],
        rows,
        numeric=[0],
        cls="alerts",
    )
    note = ""
    if len(alerts) > len(shown):
        note = (
            f'<p class="note">Showing the top {len(shown):,} of {len(alerts):,} alerts; '
            "the full list is <code>analysis.alerts</code>.</p>"
        )
    return reviewed + table + note


def _order_rings(rings: pd.DataFrame) -> pd.DataFrame:
    """Rings with banned members first, then by score, size and id."""
    if rings.empty:
        return rings
    key = rings.assign(
        _has_banned=(rings["n_banned"] > 0).astype(int),
        _score=rings["score"].astype(float).fillna(0.0) if "score" in rings else 0.0,
    )
    key = key.sort_values(
        ["_has_banned", "_score", "size", "ring_id"],
        ascending=[False, False, False, True],
        kind="stable",
    )
    return key.drop(columns=["_has_banned", "_score"]).reset_index(drop=True)


def _ring_overview(ordered: pd.DataFrame, drawn: Mapping[str, str], total: int) -> str:
    rows = []
    for rec in ordered.itertuples(index=False):
        rows.append(
            [
                f'<td class="rid">{_ring_link(rec.ring_id, drawn)}</td>',
                _e(_fmt(rec.size)),
                _e(_fmt(rec.n_banned)),
                _e(_fmt(rec.n_active)),
                _e(_fmt(rec.n_closed)),
                _score_cell(getattr(rec, "score", None)),
                _shown(_fmt(rec.platforms).replace("|", ", ")),
                _e(_kinds_text(rec.kinds)),
                f'<td class="d">{_e(_fmt(rec.first_opened))}</td>',
                f'<td class="d">{_e(_fmt(rec.last_banned))}</td>',
            ]
        )
    table = _table(
        [
            "ring",
            "stores",
            "banned",
            "active",
            "closed",
            "top score",
            "platforms",
            "evidence kinds",
            "first opened",
            "last ban",
        ],
        rows,
        numeric=[1, 2, 3, 4],
    )
    note = ""
    if total > len(ordered):
        note = (
            f'<p class="note">The {len(ordered):,} rings shown are the top {len(ordered):,} of '
            f"{total:,} (rings with banned members first, then by score and size); every ring is "
            "in <code>analysis.rings</code>.</p>"
        )
    return table + note


def _members_table(ring: Ring) -> str:
    m = ring.members
    order = m.assign(
        _rank=m["status"].map({"banned": 0, "active": 1, "closed": 2}).fillna(3),
        _score=-m["score"].astype(float).fillna(0.0),
    )
    shown = (
        m
        if len(m) <= MAX_MEMBER_ROWS
        else m.loc[
            order.sort_values(["_rank", "_score", "store_id"], kind="stable").index[
                :MAX_MEMBER_ROWS
            ]
        ].sort_index()
    )
    rows = []
    for rec in shown.itertuples(index=False):
        rows.append(
            [
                f'<td class="id">{_shown(rec.store_id)}</td>',
                f"<td>{_status_badge(rec.status)}</td>",
                _shown(_fmt(rec.platform)),
                f'<td class="d">{_e(_fmt(rec.opened_at))}</td>',
                f'<td class="d">{_e(_fmt(rec.closed_at))}</td>',
                _shown(_fmt(rec.closure_reason)),
                _score_cell(rec.score),
            ]
        )
    out = _table(
        ["store", "status", "platform", "opened", "closed", "closure reason", "score"], rows
    )
    if len(m) > len(shown):
        out += (
            f'<p class="note">Showing {len(shown):,} of {len(m):,} members (banned first, then '
            f"active by score); all are in <code>analysis.ring(...).members</code>.</p>"
        )
    return out


def _shape_svg(marker: str, color: str, *, stroke: str = "#ffffff") -> str:
    """A 12-pixel inline SVG of a matplotlib marker, for the HTML legends."""
    c, r = 6.0, 5.0

    def poly(points: Iterable[tuple[float, float]]) -> str:
        pts = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        return f'<polygon points="{pts}"/>'

    def regular(n: int, rot: float, radius: float = r) -> list[tuple[float, float]]:
        return [
            (
                c + radius * np.sin(rot + 2 * np.pi * k / n),
                c - radius * np.cos(rot + 2 * np.pi * k / n),
            )
            for k in range(n)
        ]

    shapes = {
        "o": f'<circle cx="6" cy="6" r="{r}"/>',
        "s": '<rect x="1.5" y="1.5" width="9" height="9"/>',
        "D": poly(regular(4, 0.0)),
        "d": poly([(6, 1), (9, 6), (6, 11), (3, 6)]),
        "^": poly(regular(3, 0.0, 5.5)),
        "v": poly(regular(3, np.pi, 5.5)),
        "<": poly(regular(3, -np.pi / 2, 5.5)),
        ">": poly(regular(3, np.pi / 2, 5.5)),
        "p": poly(regular(5, 0.0)),
        "h": poly(regular(6, 0.0)),
        "*": poly(
            [p for k in range(5) for p in (regular(5, 0.0, 5.5)[k], regular(5, np.pi / 5, 2.3)[k])]
        ),
        "P": poly(
            [
                (4, 1),
                (8, 1),
                (8, 4),
                (11, 4),
                (11, 8),
                (8, 8),
                (8, 11),
                (4, 11),
                (4, 8),
                (1, 8),
                (1, 4),
                (4, 4),
            ]
        ),
        "X": '<path d="M2 2L10 10M10 2L2 10" stroke-width="3" stroke="currentColor"/>',
    }
    body = shapes.get(marker, shapes["o"])
    return (
        f'<svg class="sym" width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" '
        f'style="color:{_e(color)}" fill="{_e(color)}" stroke="{_e(stroke)}" '
        f'stroke-width="0.8">{body}</svg>'
    )


def _legend(ring: Ring) -> str:
    """One HTML legend for a ring's two drawings (statuses, identifier kinds, bans)."""
    from .plots import BANNED_COLOR, CLOSED_COLOR, _active_hex, _kind_style

    g = ring.subgraph
    status = {str(d.get("status")) for _, d in g.nodes(data=True) if d.get("type") == "store"}
    status |= set(ring.members["status"].astype(str))
    kinds = sorted(
        {str(d.get("kind")) for _, d in g.nodes(data=True) if d.get("type") == "identifier"}
    )
    items = []
    active_hex = _active_hex(0.8)
    for st, color, label in (
        ("banned", BANNED_COLOR, "banned store"),
        ("active", active_hex, "active store (darker: higher score)"),
        ("closed", CLOSED_COLOR, "closed store (not an offence)"),
    ):
        if st in status:
            items.append(f"<span>{_shape_svg('o', color, stroke='#263238')}{_e(label)}</span>")
    for kind in kinds:
        marker, color = _kind_style(kind, kinds)
        items.append(f"<span>{_shape_svg(marker, color)}{_e(kind_label(kind))}</span>")
    if any(d.get("type") == "near" for *_, d in g.edges(data=True)):
        items.append('<span><span class="dash"></span>near-duplicate values</span>')
    if "banned" in status:
        items.append(f"<span>{_shape_svg('X', BANNED_COLOR, stroke='none')}ban (timeline)</span>")
    return f'<div class="legend">{"".join(items)}</div>'


def _ring_page(analysis: Analysis, ring: Ring, anchor: str, number: int, seed: int) -> str:
    from .plots import plot_ring, plot_timeline

    i = ring.info
    facts = [
        ("stores", _fmt(i["size"])),
        ("banned", _fmt(i["n_banned"])),
        ("active", _fmt(i["n_active"])),
        ("closed", _fmt(i["n_closed"])),
        ("top score", _fmt(i.get("score"))),
        ("platforms", _fmt(i["platforms"]).replace("|", ", ")),
        ("evidence", _kinds_text(i["kinds"])),
        ("link density", _fmt(i["density"])),
        ("first opened", _fmt(i["first_opened"])),
        ("last ban", _fmt(i["last_banned"])),
    ]
    facts_html = "".join(
        f"<div><dt>{_e(k)}</dt><dd>{_shown(v) or '–'}</dd></div>" for k, v in facts
    )

    m = ring.members
    active = m[(m["status"] == "active") & (m["score"].astype(float).fillna(0.0) > 0)]
    if len(active):
        top = active.sort_values(["score", "store_id"], ascending=[False, True], kind="stable")
        store_id = str(top["store_id"].iloc[0])
        summary = analysis.explain(store_id).summary
        explain = (
            f'<div class="explain"><div class="label">Why its top active store '
            f'<span class="id">{_shown(store_id)}</span> scores what it does</div>'
            f"<p>{_shown(summary)}</p></div>"
        )
    else:
        explain = '<p class="empty">No active member of this ring has evidence to explain.</p>'

    graph_ax = plot_ring(
        ring,
        _new_axes(6.0, 4.6, left=0.1, right=0.1, bottom=0.1, top=0.55),
        seed=seed,
        legend=False,
    )
    rows = min(len(ring.members), TIMELINE_ROWS)
    time_ax = plot_timeline(
        ring,
        _new_axes(6.0, 0.24 * rows + 1.1, left=1.7, right=0.25, bottom=0.4, top=0.45),
        max_stores=TIMELINE_ROWS,
        legend=False,
    )
    graph_img = _png(graph_ax.figure, f"Graph of ring {ring.ring_id}")  # type: ignore[arg-type]
    time_img = _png(time_ax.figure, f"Timeline of ring {ring.ring_id}")  # type: ignore[arg-type]
    return (
        f'<section id="{anchor}" class="ring">'
        f'<h3><span class="ringno">Ring {number}</span> {_e(ring.ring_id)}</h3>'
        f'<dl class="facts">{facts_html}</dl>{explain}{_legend(ring)}'
        f'<div class="figs"><figure>{graph_img}<figcaption>Stores (circles) and the identifiers '
        "they share (small shapes). Identifier values are masked.</figcaption></figure>"
        f"<figure>{time_img}<figcaption>When each store opened and was banned or closed."
        "</figcaption></figure></div>"
        f"<h4>Members</h4>{_members_table(ring)}"
        '<p class="top"><a href="#rings">↑ all rings</a></p></section>'
    )


def _scores(analysis: Analysis) -> str:
    from .plots import plot_score_distribution

    threshold = analysis.config.scoring.alert_threshold
    ax = plot_score_distribution(
        analysis.scores["score"],
        _new_axes(7.5, 3.2, left=0.75, right=0.2, bottom=0.5, top=0.4),
        threshold=threshold,
    )
    img = _png(ax.figure, "Distribution of store scores")  # type: ignore[arg-type]
    s = analysis.scores["score"].astype(float)
    pos = s[s > 0]
    rows = []
    for label, lo, hi in (
        ("no evidence (0)", None, 0.0),
        (f"below threshold (0 – {threshold:g})", 0.0, threshold),
        (f"alerts (≥ {threshold:g})", threshold, None),
    ):
        if lo is None:
            n = int((s <= 0).sum())
        elif hi is None:
            n = int((s >= lo).sum())
        else:
            n = int(((s > lo) & (s < hi)).sum())
        rows.append([_e(label), _e(f"{n:,}")])
    quant = ""
    if len(pos):
        q = np.quantile(pos.to_numpy(), [0.5, 0.9, 0.99])
        quant = (
            f'<p class="note">Among stores with evidence: median {q[0]:.3f}, 90th percentile '
            f"{q[1]:.3f}, 99th percentile {q[2]:.3f}.</p>"
        )
    return (
        f'<figure class="wide">{img}</figure>'
        + _table(["active stores", "count"], rows, numeric=[1], cls="narrow")
        + quant
    )


def _hubs(analysis: Analysis) -> str:
    hubs = analysis.hubs
    if hubs.empty:
        return '<p class="empty">No identifier is shared widely enough to be a hub.</p>'
    shown = hubs.head(MAX_HUB_ROWS)
    rows = []
    for rec in shown.itertuples(index=False):
        rows.append(
            [
                _e(kind_label(str(rec.kind))),
                f'<td class="id">{_shown(_fmt(rec.value_masked))}</td>',
                _e(_fmt(rec.n_stores)),
                _e(_fmt(rec.n_banned)),
                _e(_fmt(rec.specificity)),
                _e(_fmt(rec.weight)),
                _e(_fmt(getattr(rec, "direct_weight", rec.weight))),
                '<td><span class="badge suppressed">suppressed</span></td>'
                if bool(rec.suppressed)
                else '<td><span class="badge discounted">discounted</span></td>',
            ]
        )
    out = _table(
        [
            "kind",
            "value (masked)",
            "stores",
            "banned",
            "specificity",
            "link weight",
            "direct weight",
            "treatment",
        ],
        rows,
        numeric=[2, 3, 4, 5, 6],
    )
    out += (
        '<p class="note">Link weight: in store links, rings and paths. Direct weight: what '
        "an active store scores for sharing the value with a banned holder, lifted when "
        "banned stores hold much of it.</p>"
    )
    if len(hubs) > len(shown):
        out += (
            f'<p class="note">Showing the {len(shown):,} most shared of {len(hubs):,} hubs; '
            "all are in <code>analysis.hubs</code>.</p>"
        )
    return out


#: What a group of rejected rows means where each row's message says more of its own:
#: a link's ``duplicate`` row counts that link's repeats (its message), the group's
#: meaning is the contract's.
_GROUP_MEANINGS = {"duplicate": ROW_REASONS["duplicate"]}


def _group_meanings(reasons: np.ndarray, first_messages: np.ndarray) -> list[str]:
    """What each group of rejected rows means: a value reason's own text (its rows'
    messages name each row's kind, and one group holds every kind), else the message
    of the group's first row."""
    return [
        _GROUP_MEANINGS.get(str(reason)) or REASONS.get(str(reason), str(message))
        for reason, message in zip(reasons, first_messages, strict=True)
    ]


def _rejected(analysis: Analysis) -> str:
    rej = analysis.rejected
    streetless = _streetless_note(
        {**analysis.dataset.counts, **analysis.provenance.get("counts", {})}
    )
    if rej.empty and streetless:
        return '<p class="empty">No input row was set aside and no value cleared.</p>' + streetless
    if rej.empty:
        return '<p class="empty">Every input row was accepted as it was.</p>'
    # Grouped on integer codes: the rejected table can hold millions of rows, and
    # sorting or grouping its text columns would copy them all.
    table_code, tables = pd.factorize(rej["table"], sort=True)
    reason_code, reasons = pd.factorize(rej["reason"], sort=True)
    kept = ~rej["dropped"].astype(bool).to_numpy()
    group = table_code.astype(np.int64) * len(reasons) + reason_code
    # (table, reason, action) with "dropped" before "kept": as sorting the labels would
    keys, first, count = np.unique(group * 2 + kept, return_index=True, return_counts=True)
    group_reason = np.asarray(reasons, dtype=object)[keys // 2 % len(reasons)]
    grouped = pd.DataFrame(
        {
            "table": np.asarray(tables, dtype=object)[keys // 2 // len(reasons)],
            "reason": group_reason,
            "action": np.where(keys % 2 == 0, "dropped", "kept, value cleared or noted"),
            "rows": count,
            "message": _group_meanings(group_reason, rej["message"].to_numpy()[first]),
        }
    ).sort_values(["table", "rows", "reason"], ascending=[True, False, True], kind="stable")
    rows = [
        [
            _e(_fmt(r.table)),
            f"<td><code>{_e(_fmt(r.reason))}</code></td>",
            _e(_fmt(r.action)),
            _e(_fmt(r.rows)),
            _e(_truncate(r.message, 120)),
        ]
        for r in grouped.itertuples(index=False)
    ]
    counts = _table(["table", "reason", "action", "rows", "meaning"], rows, numeric=[3])
    # the first rows of each (table, reason) in the rejected table's order: by content,
    # so the same examples whatever the input's row order
    order = np.argsort(group, kind="stable")
    starts = np.flatnonzero(group_starts(group[order]))
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.append(starts, len(order))))
    examples = rej.iloc[order[rank < REJECTED_EXAMPLES_PER_REASON][:40]]
    ex_rows = []
    for r in examples.itertuples(index=False):
        plain = str(r.column) in PLAIN_COLUMNS
        value = _truncate(_fmt(r.value), 40) if plain else _mask_text(r.value)
        ex_rows.append(
            [
                _e(_fmt(r.table)),
                _e(_fmt(r.row)),
                f'<td class="id">{_shown(_fmt(r.store_id), 40)}</td>',
                _e(_fmt(r.column)),
                f'<td class="id">{_e(value)}</td>',
                f"<td><code>{_e(_fmt(r.reason))}</code></td>",
            ]
        )
    ex = _table(["table", "row", "store", "column", "value", "reason"], ex_rows, numeric=[1])
    return (
        f"<h3>By reason</h3>{counts}<h3>Examples</h3>"
        f'<p class="note">Up to {REJECTED_EXAMPLES_PER_REASON} rows per reason; identifier values '
        "are masked. The full table is <code>analysis.rejected</code>.</p>"
        f"{ex}{streetless}"
    )


def _evaluation(evaluation: _EvaluationLike) -> str:
    frame = evaluation.to_frame()
    if list(frame.columns[:2]) == ["metric", "value"]:
        rows = []
        for rec in frame.itertuples(index=False):
            v = rec.value
            text = _fmt(int(v)) if _is_count(str(rec.metric), v) else _fmt(v)
            rows.append([f"<td><code>{_e(rec.metric)}</code></td>", _e(text)])
        table = _table(["metric", "value"], rows, numeric=[1], cls="kv")
    else:
        table = _frame_table(frame, index=True)
    ax = _new_axes(5.6, 4.0, left=0.7, right=0.2, bottom=0.55, top=0.4)
    evaluation.plot_pr(ax)
    img = _png(ax.figure, "Precision-recall curve")  # type: ignore[arg-type]
    one_class = getattr(evaluation, "one_class", None)
    note = (
        f'<p class="note">{_e(one_class)}: the metrics comparing positives with negatives '
        "(average precision, ROC AUC, precision, F1, recall at 90% precision) say nothing "
        "and are left empty.</p>"
        if one_class
        else ""
    )
    return (
        f'<div class="evalgrid"><div>{table}{note}</div><figure>{img}<figcaption>Precision '
        "and recall of the scores against the ground truth.</figcaption></figure></div>"
    )


def _is_count(metric: str, value: object) -> bool:
    """Whether an evaluation metric is a count: an integer, or an ``n_`` metric with a
    whole value (from an evaluation that gives every metric as a float)."""
    if isinstance(value, bool | np.bool_):
        return False
    if isinstance(value, int | np.integer):
        return True
    whole = isinstance(value, float | np.floating) and float(value).is_integer()
    return whole and metric.startswith("n_")


def _cfg_value(value: object) -> str:
    """A config value as Python would write it (``0.3``, ``True``, ``None``, ``'CN'``)."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_cfg_value(v) for v in value) + "]"
    return repr(value)


def _flatten(d: Mapping[str, Any], prefix: str = "") -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for k in sorted(d, key=str):
        v = d[k]
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.extend(_flatten(v, key + "."))
        else:
            out.append((key, v))
    return out


def _records_table(name: str, records: Sequence[Mapping[str, Any]]) -> str:
    cols = list(dict.fromkeys(c for r in records for c in r))
    rows = [[f"<td><code>{_e(_cfg_value(r.get(c)))}</code></td>" for c in cols] for r in records]
    return f"<h4><code>{_e(name)}</code></h4>" + _table(cols, rows, cls="kv")


def _setting_cell(name: str) -> str:
    """A config setting's name, which may wrap after a dot but never inside a word."""
    return f'<td class="key"><code>{_e(name).replace(".", ".<wbr>")}</code></td>'


def _provenance(analysis: Analysis) -> str:
    cfg = analysis.config.to_dict()
    main: list[str] = []
    side: list[str] = []
    kinds = cfg.get("kinds")
    extra: list[str] = []
    rows = []
    for key, value in _flatten({k: v for k, v in cfg.items() if k != "kinds"}):
        if isinstance(value, list | tuple) and value and all(isinstance(v, Mapping) for v in value):
            extra.append(_records_table(key, value))
            continue
        if isinstance(value, list | tuple) and len(value) > 4:
            chips = "".join(f"<code class=chip>{_e(_cfg_value(v))}</code>" for v in value)
            rows.append([_setting_cell(key), f'<td class="chips">{chips}</td>'])
            continue
        rows.append([_setting_cell(key), f"<td><code>{_e(_cfg_value(value))}</code></td>"])
    rows.append([_setting_cell("seed"), f"<td><code>{_e(analysis.seed)}</code></td>"])
    main.append("<h3>Configuration</h3>" + _table(["setting", "value"], rows, cls="kv"))
    if isinstance(kinds, Mapping) and kinds and all(isinstance(v, Mapping) for v in kinds.values()):
        cols = list(dict.fromkeys(c for v in kinds.values() for c in v))
        krows = [
            [f"<td><code>{_e(k)}</code></td>", *[_e(_cfg_value(kinds[k].get(c))) for c in cols]]
            for k in sorted(kinds)
        ]
        main.append(
            "<h3>Identifier kinds</h3>"
            + _table(["kind", *cols], krows, numeric=range(1, len(cols) + 1), cls="kv")
        )
    main.extend(extra)
    prov = analysis.provenance
    versions = prov.get("versions", {})
    if versions:
        vrows = [[f"<td><code>{_e(k)}</code></td>", _e(v)] for k, v in versions.items()]
        side.append("<h3>Versions</h3>" + _table(["package", "version"], vrows, cls="kv"))
    # Timings vary from run to run; they live in run.json so that the same input and seed
    # give a byte-identical report.
    side.append('<p class="lead">Per-stage timings are recorded in <code>run.json</code>.</p>')
    return f'<div class="prov"><div>{"".join(main)}</div><div>{"".join(side)}</div></div>'


_CSS = """
:root{--ink:#1f2933;--muted:#5f6b7a;--line:#dde3ea;--soft:#f5f7fa;--accent:#1f5fa8;
--banned:#c62828;--active:#1f5fa8;--closed:#7b8494}
*{box-sizing:border-box}
html{scroll-behavior:smooth;scroll-padding-top:3.5rem}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,
sans-serif;color:var(--ink);background:#fff}
header.top{background:#14324f;color:#fff;padding:1.4rem 2rem 1.1rem}
header.top h1{margin:0;font-size:1.55rem;font-weight:600}
header.top p{margin:.3rem 0 0;color:#c9d6e3}
nav{position:sticky;top:0;z-index:10;background:#fff;border-bottom:1px solid var(--line);
padding:.45rem 2rem;display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;
box-shadow:0 1px 3px rgba(0,0,0,.05)}
nav a{color:var(--accent);text-decoration:none;font-weight:500;font-size:.92rem}
nav a:hover{text-decoration:underline}
main{max-width:1280px;margin:0 auto;padding:.5rem 2rem 3rem}
h2{font-size:1.3rem;margin:2.2rem 0 .6rem;padding-bottom:.3rem;border-bottom:2px solid var(--ink)}
h3{font-size:1.08rem;margin:1.4rem 0 .5rem}
h4{font-size:.98rem;margin:1.1rem 0 .4rem}
a{color:var(--accent)}
code{font:12.5px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.lead{color:var(--muted);margin:.2rem 0 .9rem;max-width:60rem}
.note{color:var(--muted);font-size:.88rem;margin:.4rem 0}
.empty{color:var(--muted);font-style:italic}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr));gap:.6rem;
margin:.8rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.6rem .8rem;background:var(--soft)}
.card .n{font-size:1.35rem;font-weight:600;font-variant-numeric:tabular-nums}
.card .k{color:var(--muted);font-size:.82rem}
.card.banned .n{color:var(--banned)}
.card.alert{background:#fff4e5;border-color:#f3c98b}
.card.alert .n{color:#a44d00}
.table-wrap{overflow-x:auto;margin:.4rem 0 .6rem}
table{border-collapse:collapse;width:100%;font-size:.86rem}
table.narrow,table.kv{width:auto;min-width:22rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .55rem;border-bottom:1px solid var(--line)}
th{background:var(--soft);font-weight:600;white-space:nowrap;border-bottom:1px solid #c5ced8}
tbody tr:nth-child(even){background:#fafbfc}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
td,dd,.lead,.note,.explain,header.top,section.ring h3,code.chip{overflow-wrap:anywhere}
td,dd{unicode-bidi:plaintext}
td.id{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem;
word-break:break-all;min-width:6rem}
span.cut{text-decoration:underline dotted #8a96a6;cursor:help}
td.evidence{min-width:22rem;font-size:.82rem;color:#334155}
td.score{min-width:4.5rem}
td.score .meter{display:block;height:3px;margin-top:3px;background:#e6ebf1;border-radius:2px}
td.score .meter span{display:block;height:100%;background:var(--accent);border-radius:2px}
td.d{white-space:nowrap}
td.key{overflow-wrap:normal}
td.rid{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.8rem;
white-space:nowrap}
.badge{display:inline-block;padding:0 .45rem;border-radius:9px;font-size:.75rem;font-weight:600;
border:1px solid transparent;white-space:nowrap}
.badge.banned{background:#fdecea;color:var(--banned);border-color:#f5c2c0}
.badge.active{background:#e8f0fb;color:var(--active);border-color:#c3d6f0}
.badge.closed{background:#f1f3f5;color:var(--closed);border-color:#dde1e6}
.badge.suppressed{background:#fdecea;color:var(--banned)}
.badge.discounted{background:#fff4e5;color:#a44d00}
.rel{font-size:.8rem;font-weight:600;overflow-wrap:normal;white-space:nowrap}
.rel.return{color:#a44d00}
.rel.sibling{color:#6a3d9a}
section.ring{border:1px solid var(--line);border-radius:8px;padding:.2rem 1.2rem 1rem;
margin:1.4rem 0;background:#fff}
section.ring h3{font-size:1.15rem;margin:.9rem 0 .5rem}
.ringno{color:var(--muted);font-weight:500;margin-right:.4rem}
dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:.5rem 1.2rem;
margin:.3rem 0 .8rem}
dl.facts dt{color:var(--muted);font-size:.78rem;text-transform:uppercase;letter-spacing:.03em}
dl.facts dd{margin:0;font-weight:500;word-break:break-word}
.explain{background:#f3f7fc;border-left:4px solid var(--accent);padding:.5rem .9rem;
margin:.6rem 0 1rem;border-radius:0 6px 6px 0}
.explain .label{font-size:.8rem;color:var(--muted);font-weight:600}
.explain p{margin:.25rem 0 0}
.figs{display:grid;grid-template-columns:repeat(auto-fit,minmax(26rem,1fr));gap:1rem;
align-items:start}
figure{margin:.5rem 0;text-align:center}
figure img{max-width:100%;height:auto;border:1px solid var(--line);border-radius:4px}
figure.wide img{max-width:min(100%,52rem)}
figcaption{color:var(--muted);font-size:.8rem;margin-top:.2rem}
.legend{display:flex;flex-wrap:wrap;gap:.2rem 1.1rem;font-size:.8rem;color:#334155;
margin:.2rem 0 .3rem}
.legend>span{display:inline-flex;align-items:center;gap:.35rem;white-space:nowrap}
.legend svg.sym{flex:none}
.legend .dash{display:inline-block;width:16px;border-top:2px dashed #7b8494}
.evalgrid{display:grid;grid-template-columns:minmax(16rem,1fr) minmax(0,1.4fr);gap:0 2rem;
align-items:start}
.prov{display:grid;grid-template-columns:minmax(0,2fr) minmax(16rem,1fr);gap:0 2.5rem}
@media (max-width:900px){.prov,.evalgrid{grid-template-columns:1fr}}
td.chips{line-height:1.9}
code.chip{display:inline-block;background:var(--soft);border:1px solid var(--line);
border-radius:4px;padding:0 .3rem;margin:0 .25rem .1rem 0;line-height:1.5}
p.top{text-align:right;margin:.3rem 0 0;font-size:.85rem}
footer{color:var(--muted);font-size:.8rem;border-top:1px solid var(--line);padding:1rem 2rem;
text-align:center}
@page{margin:12mm}
@media print{
nav,p.top{display:none}
header.top{background:none;color:var(--ink);padding:0 0 .5rem;border-bottom:2px solid var(--ink)}
header.top p{color:var(--muted)}
main{max-width:none;padding:0}
html{font-size:11px}
body{font-size:11px}
section.ring{break-before:page;border:none;padding:0}
h2,h3,h4{break-after:avoid}
tr,figure,.explain,.card{break-inside:avoid}
a{color:inherit;text-decoration:none}
td.score .meter{display:none}
td.evidence,td.score{min-width:0}
td.id{min-width:5.2rem}
th{white-space:normal}
table{font-size:.9rem}
th,td{padding:.2rem .35rem}
.figs{grid-template-columns:1fr}
.table-wrap{overflow:visible}
}
"""


def _sections(
    analysis: Analysis,
    alerts: pd.DataFrame,
    chosen: pd.DataFrame,
    drawn: Mapping[str, str],
    top_alerts: int,
    evaluation: _EvaluationLike | None,
) -> list[str]:
    sections = [
        _section("summary", "Summary", _summary(analysis, len(alerts))),
        _section(
            "alerts",
            "Top alerts",
            _alerts(analysis, alerts, top_alerts, drawn),
            lead="Active stores whose evidence ties them to a banned store, strongest first. "
            "<b>return</b>: opened after the matched store was banned; <b>sibling</b>: opened "
            "before it, run alongside it.",
        ),
    ]
    if chosen.empty:
        ring_body = '<p class="empty">No rings were found.</p>'
    else:
        pages = [
            _ring_page(analysis, analysis.ring(str(rid)), drawn[str(rid)], n, analysis.seed)
            for n, rid in enumerate(chosen["ring_id"], start=1)
        ]
        ring_body = _ring_overview(chosen, drawn, len(analysis.rings)) + "".join(pages)
    sections.append(
        _section(
            "rings",
            "Rings",
            ring_body,
            lead="Groups of stores that the evidence says one operator runs.",
        )
    )
    sections.append(
        _section(
            "scores",
            "Score distribution",
            _scores(analysis),
            lead="Scores of all active stores; the dashed line is the alert threshold.",
        )
    )
    sections.append(
        _section(
            "hubs",
            "Hubs: widely shared identifiers",
            _hubs(analysis),
            lead="Identifiers shared by more stores than their kind allows for one operator "
            "(shared offices, logistics parks, public Wi-Fi). Discounted hubs count with a "
            "smaller weight; suppressed hubs link nothing.",
        )
    )
    sections.append(
        _section(
            "rejected",
            "Rejected and cleaned input rows",
            _rejected(analysis),
            lead="Nothing is dropped silently: every row set aside, and every value cleared, "
            "with its reason.",
        )
    )
    if evaluation is not None:
        sections.append(
            _section(
                "evaluation",
                "Evaluation",
                _evaluation(evaluation),
                lead="Scores and rings measured against known ground truth.",
            )
        )
    sections.append(
        _section(
            "provenance",
            "Configuration and provenance",
            _provenance(analysis),
            lead="Everything needed to reproduce this result.",
        )
    )

    return sections


def to_html(
    analysis: Analysis,
    *,
    top_alerts: int = 50,
    top_rings: int = 10,
    title: str | None = None,
    evaluation: _EvaluationLike | None = None,
) -> str:
    """Render an analysis as one self-contained HTML page.

    Parameters
    ----------
    analysis : Analysis
        From :func:`sellergraph.analyze`.
    top_alerts : int, default 50
        Alerts listed (highest scores first).
    top_rings : int, default 10
        Rings given a page with drawings (rings with banned members first, then by
        score and size).
    title : str, optional
        Page title; default ``"sellergraph report"``.
    evaluation : Evaluation, optional
        From :func:`sellergraph.evaluate`; adds its metrics and precision-recall curve.

    Returns
    -------
    str
        The HTML document. No external resources, no script; the same analysis
        gives the same text.

    Examples
    --------
    >>> import pandas as pd
    >>> import sellergraph as sg
    >>> stores = pd.DataFrame({
    ...     "store_id": ["old", "new"], "status": ["banned", "active"],
    ...     "opened_at": ["2016-01-01", "2017-06-01"], "closed_at": ["2017-05-01", None]})
    >>> links = pd.DataFrame({"store_id": ["old", "new"], "kind": ["device", "device"],
    ...                       "value": ["490154203237518", "490154203237518"]})
    >>> page = to_html(sg.analyze(stores, links))
    >>> page.startswith("<!DOCTYPE html>") and 'id="alerts"' in page
    True
    >>> "490154203237518" in page
    False
    """
    if top_alerts < 0 or top_rings < 0:
        raise ValueError(
            f"'top_alerts' and 'top_rings' must be >= 0 (got {top_alerts}, {top_rings})"
        )
    title = title or "sellergraph report"
    alerts = analysis.alerts
    ordered = _order_rings(analysis.rings)
    chosen = ordered.head(top_rings)
    drawn = {str(r): _ring_anchor(str(r)) for r in chosen["ring_id"]} if len(chosen) else {}

    c = analysis.dataset.counts
    n_stores = c.get("stores", len(analysis.stores))
    subtitle = (
        f"{_fmt(n_stores)} {noun(n_stores, 'store')} "
        f"({_fmt(c.get('banned'))} banned, {_fmt(c.get('active'))} active) · "
        f"{len(alerts):,} {noun(len(alerts), 'alert')} · "
        f"{len(analysis.rings):,} {noun(len(analysis.rings), 'ring')} · seed {analysis.seed}"
    )

    nav = [
        ("summary", "Summary"),
        ("alerts", "Alerts"),
        ("rings", "Rings"),
        ("scores", "Scores"),
        ("hubs", "Hubs"),
        ("rejected", "Rejected rows"),
    ]
    if evaluation is not None:
        nav.append(("evaluation", "Evaluation"))
    nav.append(("provenance", "Configuration & provenance"))

    from matplotlib import style

    # The report looks the same whatever style the caller's session set.
    with style.context("default"), _collector_paused():
        sections = _sections(analysis, alerts, chosen, drawn, top_alerts, evaluation)

    version = analysis.provenance.get("versions", {}).get("sellergraph", "")
    nav_html = "".join(f'<a href="#{a}">{_e(t)}</a>' for a, t in nav)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="generator" content="sellergraph">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>"
        f'<header class="top"><h1>{_e(title)}</h1><p>{_e(subtitle)}</p></header>'
        f'<nav aria-label="Sections">{nav_html}</nav>\n<main>' + "\n".join(sections) + "</main>"
        f"<footer>Made with sellergraph {_e(version)}. Identifier values are masked; "
        "scores are evidence for review by a person, not decisions.</footer>"
        "</body></html>\n"
    )


def write_report(analysis: Analysis, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`to_html` to ``path`` (UTF-8) and return the path.

    Parameters
    ----------
    analysis : Analysis
    path : str or Path
    **kwargs
        Passed to :func:`to_html`.
    """
    out = Path(path)
    out.write_text(to_html(analysis, **kwargs), encoding="utf-8")
    return out
