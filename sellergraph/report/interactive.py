"""An interactive view of a ring: drag, zoom and hover over its stores and identifiers.

The view is a pyvis network (vis.js in the browser), an optional extra:
``pip install "sellergraph[interactive]"``. It draws what
:func:`~sellergraph.report.plots.plot_ring` draws, in the same colours and from the
same seeded layout: banned stores red, closed stores grey, active stores blue (darker
the higher their score), identifiers as small shapes coloured by kind, near-duplicate
values joined by a dashed line. Hovering shows a store's status, platform, dates and
score, or an identifier's kind, masked value and how many stores hold it.

Identifier values are the masked labels of :attr:`Ring.subgraph
<sellergraph.analysis.Ring.subgraph>`: a view can be shown on screen or attached to a
case without disclosing a raw phone number or account. Store ids are shown as they are,
but for control characters (shown as ``\\xNN`` escapes, as in the report) and
bidirectional controls and invisible format characters (shown as ``\\u202e``-style
escapes). Labels are short; tooltips wrap and stay inside the drawing: an unbroken run
longer than :data:`TOOLTIP_RUN` characters (a 2,000-character store id) is cut in the
middle there, keeping both ends. The full id is the node's id, and whole in the report
and case pack.

:func:`to_pyvis` builds the network, :func:`to_interactive_html` renders one
self-contained HTML document (pure, deterministic: same ring and seed, same text),
:func:`write_interactive_html` writes it, and :class:`RingView` shows it inside a
notebook (what :meth:`Ring.interactive <sellergraph.analysis.Ring.interactive>`
returns).

Examples
--------
>>> import sellergraph as sg
>>> stores, links, _ = sg.make_marketplace(n_stores=500, seed=0)
>>> a = sg.analyze(stores, links, seed=0)
>>> ring = a.ring(a.rings["ring_id"].iloc[0])
>>> page = to_interactive_html(ring, resources="remote")
>>> page.startswith("<!DOCTYPE html>") and ring.ring_id in page
True
>>> page == to_interactive_html(ring, resources="remote")
True
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ..errors import InputError, MissingDependencyError
from ..evidence import kind_label
from ._text import shorten_runs, visible
from .plots import (
    BANNED_COLOR,
    CLOSED_COLOR,
    RingLike,
    _active_hex,
    _drawn_graph,
    _keep_stores,
    _kind_style,
)

__all__ = [
    "RingView",
    "ring_view",
    "to_interactive_html",
    "to_pyvis",
    "write_interactive_html",
]

Resources = Literal["inline", "remote"]

_INSTALL = 'pip install "sellergraph[interactive]"'
_STORE_BORDER = "#263238"
_EDGE_COLOR = "#b0b7c3"
_NEAR_COLOR = "#7b8494"
#: vis.js shape of each matplotlib marker used by :data:`~sellergraph.report.plots.KIND_STYLES`.
_VIS_SHAPES: dict[str, str] = {
    "s": "square",
    "D": "diamond",
    "^": "triangle",
    "v": "triangleDown",
    "p": "hexagon",
    "h": "hexagon",
    "*": "star",
}
_BOOTSTRAP = re.compile(
    r"<link\s+href=\"https://cdn\.jsdelivr\.net/npm/bootstrap@[^\"]*\"[^>]*>"
    r"|<script\s+src=\"https://cdn\.jsdelivr\.net/npm/bootstrap@[^\"]*\"[^>]*>\s*</script>"
)
#: Leftovers of pyvis's template: a commented-out local vis.js and empty headings.
_TEMPLATE_LEFTOVERS = re.compile(
    r"<!--\s*<link[^>]*node_modules.*?-->|<center>\s*<h1>\s*</h1>\s*</center>", flags=re.S
)
#: Longest unbroken run a tooltip shows whole (about four lines of a wrapped tooltip).
TOOLTIP_RUN = 300
#: Tooltips wrap (vis.js keeps them on one line): a long store id stays inside the drawing.
_TOOLTIP_CSS = (
    "<style>#mynetwork div.vis-tooltip,#mynetwork div.popup{white-space:normal;"
    "overflow-wrap:anywhere;max-width:min(48rem,90vw)}</style>"
)
_OPTIONS: dict[str, Any] = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    "edges": {"smooth": False},
    "nodes": {"font": {"size": 13, "face": "sans-serif"}},
}


def _import_network() -> Any:
    try:
        from pyvis.network import Network
    except ImportError:
        raise MissingDependencyError(f"the interactive ring view needs pyvis: {_INSTALL}") from None
    return Network


def _check_options(max_stores: int, resources: str) -> None:
    if isinstance(max_stores, bool) or not isinstance(max_stores, int) or max_stores < 1:
        raise InputError(f"'max_stores' must be an integer >= 1 (got {max_stores!r})")
    if resources not in ("inline", "remote"):
        raise InputError(f"'resources' must be 'inline' or 'remote' (got {resources!r})")


def _layout(graph: Any, seed: int) -> dict[Any, tuple[float, float]]:
    """Seeded spring layout in vis.js pixels; the same layout as ``plot_ring``."""
    import networkx as nx

    h = nx.Graph()
    h.add_nodes_from(sorted(graph.nodes(), key=str))
    h.add_edges_from(sorted(graph.edges(), key=lambda e: (str(e[0]), str(e[1]))))
    if not len(h):
        return {}
    pos = nx.spring_layout(h, seed=seed, k=2.2 / np.sqrt(len(h)), iterations=80)
    scale = 420.0 * max(1.0, np.sqrt(len(h) / 25.0))
    return {
        n: (round(float(x) * scale, 1), round(float(-y) * scale, 1)) for n, (x, y) in pos.items()
    }


def _store_title(store_id: str, data: dict[str, Any], reason: object) -> str:
    status = str(data.get("status", ""))
    lines = [f"store {store_id}", f"status: {status}"]
    if status in ("banned", "closed") and isinstance(reason, str) and reason:
        lines[-1] += f" ({reason})"
    lines.append(f"platform: {data.get('platform', '')}")
    lines.append(f"opened: {data.get('opened_at', '')}")
    if data.get("closed_at"):
        lines.append(f"closed: {data['closed_at']}")
    if status == "active":
        lines.append(f"score: {float(data.get('score', 0.0)):.3f}")
    return _tooltip(lines)


def _tooltip(lines: list[str]) -> str:
    """Tooltip text: one line each, control characters shown, very long runs cut."""
    return shorten_runs(visible("\n".join(lines)), TOOLTIP_RUN)


def _identifier_title(data: dict[str, Any]) -> str:
    return _tooltip(
        [
            f"{kind_label(str(data.get('kind', '')))}: {data.get('label', '')}",
            f"held by {int(data.get('n_stores', 0))} stores",
            f"weight: {float(data.get('weight', 0.0)):.2f}",
        ]
    )


def _short(text: str, limit: int = 22) -> str:
    """A node label: control characters shown, at most ``limit`` characters."""
    text = visible(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_pyvis(
    ring: RingLike,
    *,
    seed: int = 0,
    max_stores: int = 200,
    height: str = "620px",
    resources: Resources = "inline",
) -> Any:
    """The ring as a pyvis :class:`~pyvis.network.Network`.

    Parameters
    ----------
    ring : Ring
        From :meth:`Analysis.ring <sellergraph.analysis.Analysis.ring>`;
        ``ring.subgraph`` is drawn and ``ring.members`` gives closure reasons.
    seed : int, default 0
        Seed of the spring layout (the layout of ``plot_ring`` with the same seed).
    max_stores : int, default 200
        Larger rings show their banned stores and highest-scoring active stores
        only, and the identifiers those share; the page title says so.
    height : str, default "620px"
        Height of the drawing (a CSS length).
    resources : {"inline", "remote"}, default "inline"
        ``inline`` puts vis.js into the page (about 0.7 MB; works offline);
        ``remote`` loads it from a CDN (small pages, needs the network).

    Returns
    -------
    pyvis.network.Network
        Nodes carry positions (physics is off, so nodes stay where dropped).

    Raises
    ------
    MissingDependencyError
        When pyvis is not installed.
    InputError
        When ``max_stores`` or ``resources`` is out of range.
    """
    _check_options(max_stores, resources)
    network_class = _import_network()
    graph = ring.subgraph
    stores = _keep_stores(graph, max_stores)
    keep = set(stores)
    idents = [
        n
        for n, d in graph.nodes(data=True)
        if d.get("type") == "identifier" and any(m in keep for m in graph.neighbors(n))
    ]
    g = _drawn_graph(graph, stores + idents)
    pos = _layout(g, seed)
    reasons = dict(zip(ring.members["store_id"], ring.members["closure_reason"], strict=True))
    kinds = sorted({str(g.nodes[n].get("kind", "")) for n in idents})

    net = network_class(
        height=height,
        width="100%",
        cdn_resources="in_line" if resources == "inline" else "remote",
    )
    titles: list[str] = []
    for node in sorted(g.nodes(), key=str):
        data = g.nodes[node]
        x, y = pos[node]
        if data.get("type") == "store":
            status = str(data.get("status", ""))
            if status == "banned":
                fill = BANNED_COLOR
            elif status == "closed":
                fill = CLOSED_COLOR
            else:
                fill = _active_hex(float(data.get("score", 0.0)))
            title = _store_title(str(node), data, reasons.get(node))
            net.add_node(
                str(node),
                label=_short(str(node)),
                title=title,
                shape="dot",
                size=16 if status == "banned" else 13,
                color={"background": fill, "border": _STORE_BORDER},
                borderWidth=1.5,
                x=x,
                y=y,
            )
        else:
            kind = str(data.get("kind", ""))
            marker, colour = _kind_style(kind, kinds)
            title = _identifier_title(data)
            net.add_node(
                str(node),
                label=_short(str(data.get("label", "")), 30),
                title=title,
                shape=_VIS_SHAPES.get(marker, "dot"),
                size=8,
                color={"background": colour, "border": "#ffffff"},
                font={"size": 10, "color": "#546e7a"},
                x=x,
                y=y,
            )
        titles.append(title)
    for a, b, data in sorted(g.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if data.get("type") == "near":
            net.add_edge(
                str(a),
                str(b),
                color=_NEAR_COLOR,
                dashes=True,
                title=f"near-duplicate values, similarity {float(data.get('similarity', 0)):.2f}",
            )
        else:
            net.add_edge(str(a), str(b), color=_EDGE_COLOR, width=1)
    if any("href" in t for t in titles):
        # pyvis shows a tooltip as HTML when any title mentions "href": escape them all.
        for node in net.nodes:
            node["title"] = html.escape(node["title"]).replace("\n", "<br>")
    net.set_options(json.dumps(_OPTIONS))
    return net


def _page_title(ring: RingLike, n_drawn: int) -> str:
    info = ring.info
    title = (
        f"Ring {ring.ring_id}: {int(info['size'])} stores, {int(info['n_banned'])} banned, "
        f"{int(info['n_active'])} active"
    )
    n_all = sum(1 for _, d in ring.subgraph.nodes(data=True) if d.get("type") == "store")
    if n_drawn < n_all:
        title += f" (showing {n_drawn} of {n_all} stores)"
    return title


def to_interactive_html(
    ring: RingLike,
    *,
    seed: int = 0,
    max_stores: int = 200,
    height: str = "620px",
    resources: Resources = "inline",
) -> str:
    """One self-contained HTML document with the interactive view of a ring.

    Parameters are those of :func:`to_pyvis`. Pure and deterministic: the same
    ring, seed and options give the same text.

    Returns
    -------
    str
        The document, starting with ``<!DOCTYPE html>``.
    """
    net = to_pyvis(ring, seed=seed, max_stores=max_stores, height=height, resources=resources)
    n_drawn = len(_keep_stores(ring.subgraph, max_stores))
    body = _TEMPLATE_LEFTOVERS.sub("", str(net.generate_html(notebook=False)))
    if resources == "inline":
        # pyvis links Bootstrap from a CDN for its menus (not used here): a self-contained
        # page makes no request to a third party when a case file is opened.
        body = _BOOTSTRAP.sub("", body)
    head = (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>'
        f"{html.escape(visible(_page_title(ring, n_drawn)))}</title>{_TOOLTIP_CSS}"
    )
    return body.replace("<html>\n    <head>", head, 1)


def write_interactive_html(ring: RingLike, path: str | Path, **options: Any) -> Path:
    """Write :func:`to_interactive_html` to ``path`` (UTF-8) and return the path."""
    out = Path(path)
    out.write_text(to_interactive_html(ring, **options), encoding="utf-8")
    return out


@dataclass(frozen=True)
class RingView:
    """An interactive ring view that displays itself in a notebook.

    Attributes
    ----------
    ring_id : str
    html : str
        The full document (:func:`to_interactive_html`).
    height : str
        CSS height of the drawing; the notebook frame is a little taller.
    """

    ring_id: str
    html: str
    height: str = "620px"

    def __repr__(self) -> str:
        return (
            f"<RingView of ring {self.ring_id}: {len(self.html):,} characters of HTML; "
            "shown in a notebook, saved with .write(path)>"
        )

    def _repr_html_(self) -> str:
        frame = self.height
        if frame.endswith("px") and frame[:-2].isdigit():
            frame = f"{int(frame[:-2]) + 40}px"
        return (
            f'<iframe title="Ring {html.escape(self.ring_id)}" '
            f'srcdoc="{html.escape(self.html, quote=True)}" '
            f'style="width: 100%; height: {html.escape(frame)}; border: 1px solid #e3e7ed;" '
            'sandbox="allow-scripts"></iframe>'
        )

    def write(self, path: str | Path) -> Path:
        """Write the document to ``path`` (UTF-8) and return the path."""
        out = Path(path)
        out.write_text(self.html, encoding="utf-8")
        return out


def ring_view(ring: RingLike, **options: Any) -> RingView:
    """A :class:`RingView` of ``ring``; ``options`` are those of :func:`to_pyvis`."""
    height = str(options.get("height", "620px"))
    return RingView(ring_id=ring.ring_id, html=to_interactive_html(ring, **options), height=height)
