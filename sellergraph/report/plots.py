"""Charts of rings and scores, drawn with matplotlib on an ``ax`` you pass or one made here.

Every function takes an optional ``ax`` and returns the ``ax`` it drew on. When ``ax``
is None a new :class:`matplotlib.figure.Figure` is made (no pyplot state is touched,
nothing is shown), so the functions are safe in notebooks, scripts and servers alike.
Layouts are seeded: the same ring and seed give the same drawing.

Colours say the same thing everywhere: banned stores red, closed stores grey, active
stores blue, darker the higher their score; identifiers are small shapes coloured by
kind.

Examples
--------
>>> import pandas as pd
>>> from sellergraph.report.plots import plot_score_distribution
>>> ax = plot_score_distribution(pd.Series([0.0, 0.2, 0.9, 0.95]), threshold=0.5)
>>> ax.get_xlabel()
'score'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from ..evidence import kind_label
from ._text import visible

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.axes import Axes


class RingLike(Protocol):
    """What the drawings read of a ring (:class:`sellergraph.Ring` has it all)."""

    @property
    def ring_id(self) -> str: ...
    @property
    def info(self) -> pd.Series: ...
    @property
    def members(self) -> pd.DataFrame: ...
    @property
    def timeline(self) -> pd.DataFrame: ...
    @property
    def subgraph(self) -> nx.Graph: ...


__all__ = [
    "BANNED_COLOR",
    "CLOSED_COLOR",
    "KIND_STYLES",
    "plot_ring",
    "plot_score_distribution",
    "plot_timeline",
]

BANNED_COLOR = "#c62828"
CLOSED_COLOR = "#9e9e9e"
ACTIVE_CMAP = "Blues"
#: Score range mapped onto the active colour map (0 is not white, so it stays visible).
_ACTIVE_NORM = (-0.35, 1.0)
_EDGE_COLOR = "#b0b7c3"

#: Marker and colour of each identifier kind in ring drawings.
KIND_STYLES: dict[str, tuple[str, str]] = {
    "device": ("s", "#6a3d9a"),
    "payment_account": ("D", "#e08e0b"),
    "phone": ("^", "#2e7d32"),
    "email": ("v", "#00838f"),
    "address": ("p", "#8d6e63"),
    "ip": ("h", "#5c6bc0"),
    "id_document": ("*", "#ad1457"),
}
_OTHER_KIND_STYLES: tuple[tuple[str, str], ...] = (
    ("P", "#827717"),
    ("X", "#4e342e"),
    ("d", "#37474f"),
    ("<", "#1565c0"),
    (">", "#558b2f"),
)


def _new_ax(figsize: tuple[float, float]) -> Axes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout="constrained")
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def _short(text: object, limit: int = 22) -> str:
    """Shorten a label, show its control characters (``\\xNN``) and keep matplotlib from
    reading ``$...$`` in data as mathtext."""
    s = visible(str(text))
    s = s if len(s) <= limit else s[: limit - 1] + "…"
    return s.replace("$", r"\$")


def _kind_style(kind: str, kinds: Sequence[str]) -> tuple[str, str]:
    if kind in KIND_STYLES:
        return KIND_STYLES[kind]
    others = sorted(k for k in kinds if k not in KIND_STYLES)
    return _OTHER_KIND_STYLES[others.index(kind) % len(_OTHER_KIND_STYLES)]


def _active_colors(scores: np.ndarray) -> list[tuple[float, float, float, float]]:
    from matplotlib import colormaps
    from matplotlib.colors import Normalize

    cmap = colormaps[ACTIVE_CMAP]
    norm = Normalize(*_ACTIVE_NORM)
    return [tuple(c) for c in cmap(norm(np.nan_to_num(scores, nan=0.0)))]


def _active_hex(score: float) -> str:
    """The colour of an active store with this score, as ``#rrggbb``."""
    from matplotlib.colors import to_hex

    return str(to_hex(_active_colors(np.array([score]))[0]))


def _store_colors(status: Sequence[str], scores: np.ndarray) -> list[Any]:
    active = _active_colors(np.asarray(scores, dtype=np.float64))
    out: list[Any] = []
    for st, act in zip(status, active, strict=True):
        if st == "banned":
            out.append(BANNED_COLOR)
        elif st == "closed":
            out.append(CLOSED_COLOR)
        else:
            out.append(act)
    return out


def _keep_stores(graph: Any, max_stores: int) -> list[str]:
    """The stores to draw when a ring is too big to draw whole: banned first, then by score."""
    stores = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "store"]
    if len(stores) <= max_stores:
        return [n for n, _ in stores]
    rank = {"banned": 0, "active": 1, "closed": 2}
    stores.sort(
        key=lambda nd: (rank.get(nd[1].get("status"), 3), -float(nd[1].get("score", 0.0)), nd[0])
    )
    return [n for n, _ in stores[:max_stores]]


def _drawn_graph(graph: nx.Graph, nodes: Sequence[Any]) -> nx.Graph:
    """The part of ``graph`` on ``nodes``, as a new graph built in an order of names only.

    Nodes are added by name, and edges with their lower name first, by names: the
    seeded layout and the drawing order (and so the picture) depend on the graph's
    content, never on the order its nodes or edges were added in, nor on the order a
    set of node names iterates in (which changes from one Python process to the next).
    """
    import networkx as nx

    part = graph.subgraph(nodes)
    edges = [(*sorted((a, b), key=str), d) for a, b, d in part.edges(data=True)]
    h = nx.Graph()
    h.add_nodes_from(sorted(part.nodes(data=True), key=lambda nd: str(nd[0])))
    h.add_edges_from(sorted(edges, key=lambda e: (str(e[0]), str(e[1]))))
    return h


def _legend_outside(ax: Any, handles: list[Any]) -> None:
    """A small legend to the right of the axes."""
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=7.5,
        frameon=False,
        borderaxespad=0.0,
    )


def plot_ring(
    ring: RingLike,
    ax: Axes | None = None,
    *,
    seed: int = 0,
    labels: bool | None = None,
    max_stores: int = 120,
    legend: bool = True,
) -> Axes:
    """Draw a ring: its stores and the identifiers they share.

    Parameters
    ----------
    ring : Ring
        From :meth:`Analysis.ring`; ``ring.subgraph`` is drawn.
    ax : matplotlib Axes, optional
        Drawn on if given; otherwise a new figure is made.
    seed : int, default 0
        Seed of the spring layout: the same ring and seed give the same picture.
    labels : bool, optional
        Write store ids next to stores. Default: all of them when the ring has at
        most 15 stores; in larger rings the six highest-scoring active stores and
        the six best-connected banned stores.
    max_stores : int, default 120
        Larger rings are drawn with their banned stores and highest-scoring active
        stores only (and the identifiers those share); the title says so.
    legend : bool, default True
        Add a legend of store statuses and identifier kinds.

    Returns
    -------
    matplotlib Axes
    """
    import networkx as nx
    from matplotlib.lines import Line2D

    if ax is None:
        ax = _new_ax((7.0, 5.2))
    graph = ring.subgraph
    store_nodes = _keep_stores(graph, max_stores)
    n_stores_all = sum(1 for _, d in graph.nodes(data=True) if d.get("type") == "store")
    keep = set(store_nodes)
    ident_nodes = [
        n
        for n, d in graph.nodes(data=True)
        if d.get("type") == "identifier" and any(m in keep for m in graph.neighbors(n))
    ]
    # A fixed node order makes the seeded layout reproducible whatever the insertion order.
    h = _drawn_graph(graph, store_nodes + ident_nodes)
    pos: dict[Any, np.ndarray] = (
        nx.spring_layout(h, seed=seed, k=2.2 / np.sqrt(max(len(h), 1)), iterations=80)
        if len(h)
        else {}
    )

    # Edges first, under the nodes.
    from matplotlib.collections import LineCollection

    uses = [(pos[a], pos[b]) for a, b, d in h.edges(data=True) if d.get("type") != "near"]
    near = [(pos[a], pos[b]) for a, b, d in h.edges(data=True) if d.get("type") == "near"]
    if uses:
        ax.add_collection(LineCollection(uses, colors=_EDGE_COLOR, linewidths=0.9, zorder=1))
    if near:
        ax.add_collection(
            LineCollection(near, colors="#7b8494", linewidths=1.0, linestyles="--", zorder=1)
        )

    kinds = sorted({str(h.nodes[n].get("kind", "")) for n in ident_nodes})
    for kind in kinds:
        nodes = [n for n in ident_nodes if h.nodes[n].get("kind") == kind]
        if not nodes:
            continue
        marker, color = _kind_style(kind, kinds)
        xy = np.array([pos[n] for n in nodes])
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=46,
            marker=marker,
            c=color,
            edgecolors="white",
            linewidths=0.6,
            zorder=2,
        )

    sdata = [h.nodes[n] for n in store_nodes]
    status = [str(d.get("status", "")) for d in sdata]
    scores = np.array([float(d.get("score", 0.0)) for d in sdata])
    if store_nodes:
        xy = np.array([pos[n] for n in store_nodes])
        size = 110.0 if len(store_nodes) > 40 else 240.0
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=size,
            marker="o",
            c=_store_colors(status, scores),
            edgecolors="#263238",
            linewidths=0.8,
            zorder=3,
        )
        if labels is None and len(store_nodes) > 15:
            # Large rings: name the top active stores and the best-connected banned ones.
            def ranked(which: str, key: Any) -> list[str]:
                chosen = [n for n, st in zip(store_nodes, status, strict=True) if st == which]
                return sorted(chosen, key=lambda n: (key(n), str(n)))[:6]

            show = set(ranked("active", lambda n: -float(h.nodes[n].get("score", 0.0))))
            show |= set(ranked("banned", lambda n: -h.degree(n)))
        elif labels is None:
            show = set(store_nodes)
        else:
            show = set(store_nodes) if labels else set()
        for n in store_nodes:
            if n in show:
                x, y = pos[n]
                ax.annotate(
                    _short(n),
                    (x, y),
                    xytext=(0, 9),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=7,
                    color="#263238",
                    zorder=4,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
                )

    ax.set_aspect("equal", adjustable="datalim")
    ax.autoscale_view()
    ax.margins(0.12)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    info = ring.info
    title = (
        f"Ring {_short(ring.ring_id, 40)}: {int(info['size'])} stores, "
        f"{int(info['n_banned'])} banned, {int(info['n_active'])} active"
    )
    if len(store_nodes) < n_stores_all:
        title += f"\n(showing {len(store_nodes)} of {n_stores_all} stores)"
    ax.set_title(title, fontsize=10, loc="left")

    if legend:
        handles = []
        present = set(status)
        for st, color, name in (
            ("banned", BANNED_COLOR, "banned store"),
            ("active", _active_hex(0.8), "active store (darker: higher score)"),
            ("closed", CLOSED_COLOR, "closed store (not an offence)"),
        ):
            if st in present:
                handles.append(
                    Line2D([], [], ls="", marker="o", ms=8, mfc=color, mec="#263238", label=name)
                )
        for kind in kinds:
            marker, color = _kind_style(kind, kinds)
            handles.append(
                Line2D(
                    [],
                    [],
                    ls="",
                    marker=marker,
                    ms=6,
                    mfc=color,
                    mec="white",
                    label=_short(kind_label(kind), 30),
                )
            )
        if near:
            handles.append(Line2D([], [], ls="--", color="#7b8494", label="near-duplicate values"))
        if handles:
            _legend_outside(ax, handles)
    return ax


def _to_num(values: Any) -> np.ndarray:
    from matplotlib.dates import date2num

    arr = pd.to_datetime(pd.Series(values)).to_numpy(dtype="datetime64[ns]")
    return np.asarray(date2num(arr), dtype=np.float64)


def plot_timeline(
    ring: RingLike, ax: Axes | None = None, *, max_stores: int = 40, legend: bool = True
) -> Axes:
    """Draw when each store of a ring opened, was banned or closed.

    One row per store (earliest opened on top): a bar from opening to closure (to
    the right edge, a little past the ring's last event, for stores still open),
    a cross at each ban. A store with no opening date is drawn faded from the
    ring's first date.

    Parameters
    ----------
    ring : Ring
        ``ring.timeline`` (``date, store_id, event``) and ``ring.members`` are read.
    ax : matplotlib Axes, optional
        Drawn on if given; otherwise a new figure is made.
    max_stores : int, default 40
        Larger rings show their banned stores and highest-scoring active stores only.
    legend : bool, default True
        Add a legend of statuses and the ban marker.

    Returns
    -------
    matplotlib Axes
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    members = ring.members.set_index("store_id")
    events = ring.timeline
    ids = list(dict.fromkeys([*members.index.astype(str), *events["store_id"].astype(str)]))
    first = (
        events[events["event"] == "opened"].groupby("store_id")["date"].min()
        if len(events)
        else pd.Series(dtype="datetime64[ns]")
    )
    last = (
        events[events["event"] != "opened"].groupby("store_id")["date"].max()
        if len(events)
        else pd.Series(dtype="datetime64[ns]")
    )
    status = [str(s) for s in members["status"].reindex(ids).fillna("active")]
    score = members["score"].reindex(ids).astype(np.float64).fillna(0.0).to_numpy()
    n_all = len(ids)
    if n_all > max_stores:
        rank = {"banned": 0, "active": 1, "closed": 2}
        chosen = sorted(range(n_all), key=lambda i: (rank.get(status[i], 3), -score[i], ids[i]))
        keep = sorted(chosen[:max_stores])
        ids = [ids[i] for i in keep]
        status = [status[i] for i in keep]
        score = score[keep]
    opened = _to_num(first.reindex(ids).to_numpy())
    ended = _to_num(last.reindex(ids).to_numpy())

    height = min(0.28 * len(ids) + 1.4, 12.0)
    if ax is None:
        ax = _new_ax((7.0, max(height, 2.2)))
    all_dates = _to_num(events["date"].to_numpy()) if len(events) else np.array([])
    all_dates = all_dates[np.isfinite(all_dates)]
    earliest = float(all_dates.min()) if len(all_dates) else np.nan
    span = max(float(all_dates.max()) - earliest, 30.0) if len(all_dates) else np.nan
    # Stores still open run a little past the last event, to the right edge.
    latest = float(all_dates.max()) + 0.05 * span if len(all_dates) else np.nan
    from matplotlib.colors import to_rgba

    colors = _store_colors(status, score)
    y = np.arange(len(ids))
    known_start = np.isfinite(opened)
    start = np.where(known_start, opened, earliest)
    end = np.where(np.isfinite(ended), ended, latest)
    drawn = np.isfinite(start) & np.isfinite(end)
    if drawn.any():
        # A store whose opening date is unknown is drawn faded from the ring's first date.
        face = [to_rgba(c, 0.95 if k else 0.4) for c, k in zip(colors, known_start, strict=True)]
        edge = [
            to_rgba("#263238", 0.9) if k else to_rgba(c, 0.4)
            for c, k in zip(colors, known_start, strict=True)
        ]
        rows = np.flatnonzero(drawn)
        ax.barh(
            y[rows],
            np.maximum(end[rows] - start[rows], 0.006 * span),
            left=start[rows],
            height=0.55,
            color=[face[i] for i in rows],
            edgecolor=[edge[i] for i in rows],
            linewidth=0.5,
            zorder=2,
        )
    banned = np.array([st == "banned" for st in status], dtype=bool) & np.isfinite(ended)
    if banned.any():
        ax.plot(
            ended[banned],
            y[banned],
            marker="X",
            ms=8,
            color=BANNED_COLOR,
            mec="white",
            mew=0.8,
            zorder=3,
            ls="",
        )
    # Store ids as plain texts left of the axis: much cheaper to draw than 40 ticks.
    ax.set_yticks([])
    ax.set_ylim(len(ids) - 0.5, -0.5)
    for i, store_id in enumerate(ids):
        ax.text(
            -0.015,
            i,
            _short(store_id, 24),
            transform=ax.get_yaxis_transform(),
            ha="right",
            va="center",
            fontsize=7,
            gid="store-label",
        )
    if np.isfinite(earliest):
        ax.set_xlim(earliest - 0.03 * span, latest)
        loc = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(loc)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(loc))
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(axis="x", color="#e3e7ed", lw=0.8, zorder=0)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    title = f"Ring {_short(ring.ring_id, 40)}: stores over time"
    if len(ids) < n_all:
        title += f" (showing {len(ids)} of {n_all})"
    ax.set_title(title, fontsize=10, loc="left")
    if not legend:
        return ax
    handles = [
        Line2D([], [], lw=6, color=BANNED_COLOR, label="banned store (open to ban)"),
        Line2D([], [], lw=6, color=_active_hex(0.8), label="active store"),
        Line2D([], [], lw=6, color=CLOSED_COLOR, label="closed store"),
        Line2D([], [], ls="", marker="X", ms=7, color=BANNED_COLOR, mec="white", label="ban"),
    ]
    _legend_outside(ax, handles)
    return ax


def _count_axis(ax: Axes, highest: int) -> None:
    """A linear y axis of store counts: from 0, whole numbers only; 0 to 1 when every
    bar is empty (matplotlib would centre an empty axis on 0, from -0.04 to 0.04)."""
    from matplotlib.ticker import MaxNLocator

    ax.set_ylabel("stores")
    # matplotlib's usual ticks (AutoLocator's steps), but no fraction of a store.
    ax.yaxis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 2.5, 5, 10], integer=True))
    ax.set_ylim(0, None if highest > 0 else 1)


def plot_score_distribution(
    scores: pd.Series | np.ndarray | Sequence[float],
    ax: Axes | None = None,
    *,
    threshold: float,
    bins: int = 50,
) -> Axes:
    """Histogram of the positive scores, with the alert threshold.

    Parameters
    ----------
    scores : array-like or Series
        Scores (e.g. ``analysis.scores["score"]``); zeros (no evidence) are left
        out and counted in the title. The count axis starts at 0 (it runs to 1 when
        no store has evidence) and has whole-number ticks; it is logarithmic when the
        fullest bin holds over 200 times the emptiest non-empty one.
    ax : matplotlib Axes, optional
        Drawn on if given; otherwise a new figure is made.
    threshold : float
        The alert threshold, drawn as a vertical line.
    bins : int, default 50
        Bins over [0, 1].

    Returns
    -------
    matplotlib Axes
    """
    if ax is None:
        ax = _new_ax((7.0, 3.4))
    values = np.asarray(scores, dtype=np.float64)
    values = values[np.isfinite(values)]
    positive = values[values > 0]
    edges = np.linspace(0.0, 1.0, bins + 1)
    counts, _ = np.histogram(positive, bins=edges)
    above = edges[:-1] >= threshold
    width = np.diff(edges)
    for part, color, label in ((~above, "#90a4ae", "below threshold"), (above, "#1f5fa8", "alert")):
        ax.bar(
            edges[:-1][part],
            counts[part],
            width=width[part],
            align="edge",
            color=color,
            edgecolor="white",
            linewidth=0.4,
            label=label,
        )
    ax.axvline(
        threshold, color=BANNED_COLOR, lw=1.4, ls="--", label=f"alert threshold {threshold:g}"
    )
    if counts.max(initial=0) > 0 and counts.max() / max(counts[counts > 0].min(), 1) > 200:
        ax.set_yscale("log")
        ax.set_ylabel("stores (log scale)")
    else:
        _count_axis(ax, int(counts.max(initial=0)))
    ax.set_xlim(0.0, 1.0)
    ax.set_xlabel("score")
    n_alert = int((positive >= threshold).sum())
    stores = "active store" if len(positive) == 1 else "active stores"
    ax.set_title(
        f"{len(positive):,} {stores} with evidence ({len(values) - len(positive):,} "
        f"with none); {n_alert:,} at or above the threshold",
        fontsize=10,
        loc="left",
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(fontsize=8, frameon=False, loc="best")
    return ax
