"""The result of an analysis and its views: rings, explanations, networkx graphs.

:class:`Analysis` is one frozen object holding every table the pipeline produced, the
configuration and provenance that made them. Everything downstream (reports, exports,
the screener, Neo4j) reads it. networkx graphs are built only when asked for.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._arrays import group_cumsum, group_offsets, group_starts
from ._redact import redacted_texts
from .build import EvidenceGraph, link_order, store_id_ranks, text_order_within
from .config import Config, RingConfig
from .dataset import Dataset
from .errors import InputError
from .evidence import FLAG_FACTORS, kind_label
from .normalize import FLAGS, mask_value
from .recycling import NAT_DAYS, handed_on_with_phone, recycling_factor, recycling_rules
from .reviews import REVIEW_TABLE_COLUMNS, apply_reviews, held_back, read_reviews
from .schema import given_platform, store_id_text

if TYPE_CHECKING:
    import networkx as nx

    from .report.interactive import RingView

__all__ = [
    "Analysis",
    "Explanation",
    "Ring",
    "explanation_summary",
    "flag_wording",
    "rejected_order",
]

EXPLAIN_COLUMNS: tuple[str, ...] = (
    "rank",
    "item",
    "kind",
    "match",
    "flag",
    "value",
    "other_store_id",
    "other_status",
    "other_platform",
    "other_closed_at",
    "closure_reason",
    "via_store_id",
    "hops",
    "similarity",
    "holders",
    "banned_holders",
    "gap_days",
    "weight",
    "contribution",
    "cumulative",
)


def rejected_order(rejected: pd.DataFrame) -> pd.DataFrame:
    """The rejected table in an order that does not depend on the input's row order.

    Stores rows first, then links rows; in each, rows set aside before values cleared
    or noted; then by ``reason``, ``store_id``, ``column``, ``message`` (which names a
    link's kind) and ``value`` (code point order; missing last); ``row`` last, for rows
    alike in all of those. ``row`` points into the input file, so it is the only column
    that changes when the same rows come in another order.

    Examples
    --------
    >>> rejected = pd.DataFrame({
    ...     "table": ["links", "links", "stores"], "row": [0, 7, 3],
    ...     "store_id": ["S2", "S1", "S9"], "column": ["value", "value", "opened_at"],
    ...     "value": ["N/A", "N/A", "2099-01-01"], "reason": ["placeholder"] * 2 + ["invalid_date"],
    ...     "message": ["", "", ""], "dropped": [True, True, False]})
    >>> rejected_order(rejected)[["table", "row", "store_id"]].values.tolist()
    [['stores', 3, 'S9'], ['links', 7, 'S1'], ['links', 0, 'S2']]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(rejected) < 2:
        return rejected
    texts = {
        c: _sortable_text(rejected[c]) for c in ("table", "reason", "store_id", "column", "message")
    }
    value = _sortable_text(rejected["value"])
    keys = pa.table(
        {
            **texts,
            "dropped": pa.array(rejected["dropped"].to_numpy(dtype=bool)),
            "value": value,
            "row": pa.array(rejected["row"].to_numpy(dtype=np.int64)),
        }
    )
    order = pc.sort_indices(
        keys,
        sort_keys=[
            ("table", "descending"),  # stores, then links
            ("dropped", "descending"),
            ("reason", "ascending"),
            ("store_id", "ascending"),
            ("column", "ascending"),
            ("message", "ascending"),  # a links row's kind is in its message
            ("value", "ascending"),
            ("row", "ascending"),
        ],
    ).to_numpy()
    if (order[1:] > order[:-1]).all():
        return rejected
    return rejected.take(order).reset_index(drop=True)


def _sortable_text(values: pd.Series) -> Any:
    """A column as Arrow text to sort on: missing stays missing; anything not text is
    compared as its ``str``."""
    import pyarrow as pa

    try:
        return pa.array(values.to_numpy(dtype=object), type=pa.large_string(), from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError, UnicodeError):
        pass
    text = [None if v is None or (isinstance(v, float) and v != v) else str(v) for v in values]
    try:
        return pa.array(text, type=pa.large_string())
    except (pa.ArrowException, UnicodeError):  # lone surrogates: escaped, order kept
        return pa.array(
            [None if t is None else t.encode("utf-8", "surrogatepass").hex() for t in text],
            type=pa.large_string(),
        )


def _where_known(values: np.ndarray, known: np.ndarray) -> pd.arrays.IntegerArray:
    """Integers as a nullable column, missing where not ``known``."""
    return pd.arrays.IntegerArray(np.where(known, values, 0).astype(np.int64), ~known)


def _visible(text: object) -> str:
    from .report._text import visible

    return visible(str(text))


def _date(value: object) -> str:
    return "date unknown" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _said(*parts: object) -> str:
    """The parts of a bracket that say something, comma-separated (a platform the
    input did not name is None: :func:`~sellergraph.schema.given_platform`).

    Examples
    --------
    >>> _said(None, "counterfeit", "closed 2017-05-01")
    'counterfeit, closed 2017-05-01'
    """
    return ", ".join(str(p) for p in parts if p is not None and p != "")


def _more(n: int, shown: int, noun: str) -> str:
    return f"<p><i>... and {n - shown:,} more {html.escape(noun)}</i></p>" if n > shown else ""


def _frame_html(frame: pd.DataFrame, max_rows: int = 10, *, noun: str = "rows") -> str:
    """An HTML table of the first ``max_rows`` rows (escaped), saying how many are left out."""
    if frame.empty:
        return f"<p><i>no {html.escape(noun)}</i></p>"
    table = frame.head(max_rows).to_html(
        index=False, border=0, na_rep="", float_format=lambda x: f"{x:.3f}"
    )
    return table + _more(len(frame), max_rows, noun)


_EXPLANATION_HINT = (
    "Every item with <code>.contributions</code>; the paragraph with <code>print()</code>."
)


def _readable(frame: pd.DataFrame) -> pd.DataFrame:
    """A display copy with ``|``-joined ``kinds`` and ``platforms`` written as lists."""
    out = frame.copy()
    for col in ("kinds", "platforms"):
        if col in out.columns:
            out[col] = out[col].str.replace("|", ", ", regex=False)
    return out


def _pair_key(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    """One integer per store pair ``a < b`` of ``n`` stores."""
    return np.asarray(a, dtype=np.int64) * np.int64(n) + np.asarray(b, dtype=np.int64)


def _pair_keys(frame: pd.DataFrame, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The pair keys of a table of store pairs (``a, b``), sorted, and its rows in that
    order (the evidence graph lists its pairs and items by pair already)."""
    key = _pair_key(frame["a"].to_numpy(), frame["b"].to_numpy(), n)
    if len(key) < 2 or bool((key[1:] >= key[:-1]).all()):
        return key, np.arange(len(key))
    order = np.argsort(key, kind="stable")
    return key[order], order


def _hint(text: str) -> str:
    return f'<p style="color: #607080; font-size: 90%;">{text}</p>'


def path_wording(
    via: object, banned: object, strength: float, contribution: float, *, min_link: float
) -> str:
    """How a summary words an indirect path to a banned store.

    A path is as strong as the product of its links (times ``ring_decay`` per
    extra hop), so a path at least ``min_link`` strong is made of strong links
    (those that join stores into rings); a weaker one is called a weak path, with
    its strength.

    Examples
    --------
    >>> path_wording("S2", "B1", 0.64, 0.64, min_link=0.5)
    'strong links through S2 to banned B1 (+0.64)'
    >>> path_wording("S2", "B1", 0.272, 0.272, min_link=0.5)
    'a weak path through S2 to banned B1 (strength 0.27, below the 0.50 of a strong link; +0.27)'
    """
    from .report._text import contribution_text

    added = contribution_text(contribution)
    if strength >= min_link:
        return f"strong links through {via} to banned {banned} ({added})"
    return (
        f"a weak path through {via} to banned {banned} (strength {strength:.2f}, "
        f"below the {min_link:.2f} of a strong link; {added})"
    )


#: Identifiers a path item names on each of its hops; further ones are counted.
HOP_VALUES = 5


def _listed(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def hop_wording(
    store: object, other: object, values: list[str], link: float, *, limit: int = HOP_VALUES
) -> str:
    """How a path item names one of its hops: the two stores, the identifiers they
    share (strongest first, at most ``limit``, the rest counted) and their link's weight.

    Examples
    --------
    >>> hop_wording("S1", "S2", ["device 0e****2a41"], 0.9)
    'S1 and S2 share device 0e****2a41 (link 0.90)'
    >>> hop_wording("S2", "B1", ["phone +86138****8000", "ip 203.0.113.x", "email a***@x.cn"],
    ...             0.95, limit=2)
    'S2 and B1 share phone +86138****8000, ip 203.0.113.x and 1 more (link 0.95)'
    """
    if not values:
        return f"{store} and {other} are linked (link {link:.2f})"
    shown = values[:limit]
    if len(values) > limit:
        shown = [*shown, f"{len(values) - limit} more"]
    return f"{store} and {other} share {_listed(shown)} (link {link:.2f})"


#: How a summary words a store's relation to its matched banned store, by whether
#: its score reaches the alert threshold ("likely") or not ("possible").
_RELATION_WORDS: dict[tuple[str, bool], str] = {
    ("return", True): "a likely return of",
    ("return", False): "a possible return of",
    ("sibling", True): "a likely concurrent sibling of",
    ("sibling", False): "a possible concurrent sibling of",
    ("operator", True): "likely run by the operator of",
    ("operator", False): "possibly run by the operator of",
}


def _relation_wording(relation: object, score: float, alert_threshold: float | None) -> str:
    """How a summary words a store's relation to its matched banned store.

    A score at or above the alert threshold (the default configuration's when not
    given) is a likely relation, one below it a possible one, with the threshold said:
    scores are not calibrated probabilities, and a store not alerted on is no likely
    anything.

    Examples
    --------
    >>> _relation_wording("return", 0.97, 0.6)
    'as a likely return of'
    >>> _relation_wording("return", 0.34, 0.6)
    '(below the alert threshold, 0.60) as a possible return of'
    >>> _relation_wording(None, 0.34, None)
    '(below the alert threshold, 0.60) as possibly run by the operator of'
    """
    from .config import ScoreConfig

    threshold = ScoreConfig().alert_threshold if alert_threshold is None else alert_threshold
    kind = relation if relation in ("return", "sibling") else "operator"
    likely = score >= threshold
    words = _RELATION_WORDS[str(kind), likely]
    return f"as {words}" if likely else f"(below the alert threshold, {threshold:.2f}) as {words}"


def flag_wording(flag: str) -> str:
    """A normalisation flag of an evidence item (its ``flag``) in plain words: what the
    flag says of the value (:data:`~sellergraph.normalize.FLAGS`) and the factor it puts
    on the item's weight (:data:`~sellergraph.evidence.FLAG_FACTORS`).

    Examples
    --------
    >>> flag_wording("private_ip")
    'private or carrier-grade NAT address (shared by many users); weight x0.3'
    >>> flag_wording("iban_check_failed")
    'IBAN fails its ISO 13616 check digits (modulo 97: typo or made up); weight x0.8'
    >>> flag_wording("no_such_flag")  # a folder of a later version
    "flagged 'no_such_flag' (a flag this sellergraph does not know)"
    """
    text = FLAGS.get(flag)
    if text is None:
        return f"flagged {flag!r} (a flag this sellergraph does not know)"
    return f"{text}; weight x{FLAG_FACTORS.get(flag, 1.0):g}"


def _article(word: str) -> str:
    """``a`` or ``an`` before a kind's label.

    Examples
    --------
    >>> _article("address"), _article("store name"), _article("ID document")
    ('an', 'a', 'an')
    """
    return "an" if word[:1].lower() in "aeiou" else "a"


def _shared_item(
    kind: object,
    value: object,
    other: object,
    near: bool,
    contribution: float,
    handed_on: str = "",
) -> str:
    """One direct item of a summary's evidence: the same value as another store's, or
    one similar to that of another store (a near duplicate); ``handed_on`` says how
    much of its kind's weight it kept (:func:`_handed_on`).

    Examples
    --------
    >>> _shared_item("phone", "+86138****8000", "B1", False, 0.7)
    'the same phone (+86138****8000) as B1 (+0.70)'
    >>> _shared_item("address", "25 pike ***", "rec-1-org", True, 0.28)
    'an address (25 pike ***) similar to that of rec-1-org (+0.28)'
    """
    from .report._text import contribution_text

    added = contribution_text(contribution) + handed_on
    label = kind_label(str(kind))
    if near:
        return f"{_article(label)} {label} ({value}) similar to that of {other} ({added})"
    return f"the same {label} ({value}) as {other} ({added})"


def _handed_on(
    kind: object,
    gap_days: object,
    rules: Mapping[str, tuple[float, float]],
    *,
    phone_wallet: bool = False,
) -> str:
    """What a direct item's text adds when its value may have passed to a new holder in
    the time between the two stores (``rules``:
    :func:`~sellergraph.recycling.recycling_rules`): the share of its weight it kept. A
    ``phone_wallet`` (a payment account handed on with a phone number,
    :func:`~sellergraph.recycling.handed_on_with_phone`) follows the phone's rule.

    Examples
    --------
    >>> _handed_on("phone", 472, {"phone": (365.0, 365.0)})
    '; 472 days apart, a phone number may have passed to a new holder: weight x0.82'
    >>> wallet = _handed_on("payment_account", 1248, {"phone": (365.0, 365.0)}, phone_wallet=True)
    >>> wallet.removeprefix("; 1,248 days apart, a mobile-money account may have passed to ")
    'a new holder with its phone number: weight x0.19'
    >>> _handed_on("phone", 100, {"phone": (365.0, 365.0)}), _handed_on("device", 900, {})
    ('', '')
    """
    rule = rules.get("phone" if phone_wallet else str(kind))
    if rule is None or gap_days is None or pd.isna(gap_days):
        return ""
    gap = int(gap_days)  # type: ignore[call-overload]
    kept = float(recycling_factor(np.array([gap]), np.array([rule[0]]), np.array([rule[1]]))[0])
    if kept >= 0.995:
        return ""
    if phone_wallet:
        handed = "a mobile-money account may have passed to a new holder with its phone number"
    else:
        what = "phone number" if str(kind) == "phone" else kind_label(str(kind))
        handed = f"{_article(what)} {what} may have passed to a new holder"
    return f"; {gap:,} days apart, {handed}: weight x{kept:.2f}"


def explanation_summary(
    store: Mapping[str, Any],
    score_row: Mapping[str, Any],
    table: pd.DataFrame,
    ring: Mapping[str, Any] | None = None,
    *,
    min_link: float | None = None,
    alert_threshold: float | None = None,
    recycling: Mapping[str, tuple[float, float]] | None = None,
    phone_wallets: Sequence[bool] | None = None,
) -> str:
    """One paragraph an investigator can paste into a case.

    Parameters
    ----------
    store : mapping
        The store's ``store_id, platform, opened_at``.
    score_row : mapping
        Its row of :attr:`Analysis.scores`.
    table : DataFrame
        Its contributions, as in :attr:`Explanation.contributions`.
    ring : mapping, optional
        Its ring's row of :attr:`Analysis.rings`.
    min_link : float, optional
        The configuration's ``rings.min_link`` (by default, the default
        configuration's): a path at least this strong is worded as strong links,
        a weaker one as a weak path with its strength (see :func:`path_wording`).
    alert_threshold : float, optional
        The configuration's ``scoring.alert_threshold`` (by default, the default
        configuration's): a score at or above it is worded as a likely return (or
        sibling), one below it as a possible one, with the threshold.
    recycling : mapping, optional
        The kinds whose values are handed on, with their ``recycled_after_days`` and
        ``recycled_half_life_days`` (:func:`~sellergraph.recycling.recycling_rules`):
        a direct item of such a kind seen long apart says how much of its weight it
        kept. Not said when not given.
    phone_wallets : sequence of bool, optional
        For each row of ``table``, whether its value is a payment account handed on
        with a phone number (:func:`~sellergraph.recycling.handed_on_with_phone`),
        worded by the ``phone`` rule of ``recycling``. By default read from the table's
        ``kind`` and ``value`` (which a masked table no longer shows).
    """
    score = float(score_row["score"])
    on = _said(given_platform(store["platform"]), f"opened {_date(store['opened_at'])}")
    head = f"Store {store['store_id']} ({on}) scores {score:.2f}"
    if table.empty:
        return head + ": it shares no usable evidence with any banned store."
    m = score_row["matched_store_id"]
    mrows = table[table["other_store_id"] == m]
    mrow = mrows.iloc[0] if len(mrows) else table.iloc[0]
    reason = mrow["closure_reason"] if pd.notna(mrow["closure_reason"]) else None
    relation = score_row["relation"]
    rel = _relation_wording(relation, score, alert_threshold)
    closed_at = mrow["other_closed_at"]
    banned = _said(given_platform(mrow["other_platform"]), reason, f"closed {_date(closed_at)}")
    text = f"{head} {rel} banned store {m} ({banned})"
    if relation in ("return", "sibling") and pd.notna(store["opened_at"]) and pd.notna(closed_at):
        days = abs((pd.Timestamp(store["opened_at"]) - pd.Timestamp(closed_at)).days)
        when = "after" if relation == "return" else "before"
        text += f", opened {days} days {when} that closure"
    if bool(score_row["cross_platform"]):
        text += ", on another platform"
    shared = []
    hops = []
    if phone_wallets is None:
        phone_wallets = handed_on_with_phone(table["kind"], table["value"]).tolist()
    elif len(phone_wallets) != len(table):
        raise ValueError(f"{len(phone_wallets)} phone_wallets for {len(table)} table rows")
    for rec, phone_wallet in zip(table.itertuples(index=False), phone_wallets, strict=True):
        if rec.item == "direct":
            handed_on = _handed_on(
                rec.kind,
                getattr(rec, "gap_days", None),
                recycling or {},
                phone_wallet=bool(phone_wallet),
            )
            shared.append(
                _shared_item(
                    rec.kind,
                    rec.value,
                    rec.other_store_id,
                    rec.match == "near",
                    float(rec.contribution),
                    handed_on,
                )
            )
        elif rec.item == "path":
            shared.append(
                path_wording(
                    rec.via_store_id,
                    rec.other_store_id,
                    float(rec.weight),
                    float(rec.contribution),
                    min_link=RingConfig().min_link if min_link is None else min_link,
                )
            )
            named = getattr(rec, "hops", None)
            if isinstance(named, str) and named and len(shared) <= 6:
                hops.append(f"Its path to {rec.other_store_id}: {named}.")
    text += ". Evidence: it has " + "; ".join(shared[:6])
    if len(shared) > 6:
        text += f"; and {len(shared) - 6} more item(s)"
    text += "."
    if hops:
        text += " " + " ".join(hops)
    if ring is not None and pd.notna(score_row["ring_id"]):
        text += (
            f" It belongs to ring {score_row['ring_id']} of {int(ring['size'])} stores, "
            f"{int(ring['n_banned'])} of them banned."
        )
    from .report._text import visible

    return visible(text)  # a seller's id may hold bidi controls: never shown reversed


@dataclass(frozen=True)
class Explanation:
    """Why a store scored what it did.

    Attributes
    ----------
    store_id : str
    score : float
    contributions : DataFrame
        One row per evidence item, columns ``rank, item, kind, match, flag, value,
        other_store_id, other_status, other_platform, other_closed_at,
        closure_reason, via_store_id, hops, similarity, holders, banned_holders,
        gap_days, weight, contribution, cumulative``. ``contribution`` sums to
        ``score``. ``flag`` is the normalisation flag of the item's identifier
        (:data:`~sellergraph.normalize.FLAGS`: ``iban_check_failed``, ``private_ip``,
        ...), whose factor (:data:`~sellergraph.evidence.FLAG_FACTORS`) is in its
        ``weight``; None when it has none, and on path and timing items. A path
        item's ``hops`` names each hop's stores, the identifiers they share (masked
        like ``value``) and their link's weight.
    summary : str
        One paragraph to paste into a case.
    """

    store_id: str
    score: float
    contributions: pd.DataFrame
    summary: str

    def __str__(self) -> str:
        return self.summary

    def __repr__(self) -> str:
        return (
            f"<Explanation of store {_visible(self.store_id)}: score {self.score:.3f}, "
            f"{len(self.contributions)} evidence items>"
        )

    def to_frame(self) -> pd.DataFrame:
        """The contributions table with the store id as first column."""
        return self.contributions.assign(store_id=self.store_id)[
            ["store_id", *self.contributions.columns]
        ]

    def _repr_html_(self) -> str:
        cols = [
            c
            for c in self.contributions.columns
            if c not in ("closure_reason", "similarity") and self.contributions[c].notna().any()
        ]
        return (
            f"<div><p><b>Store {html.escape(_visible(self.store_id))}</b>: score "
            f"<b>{self.score:.3f}</b></p><p>{html.escape(self.summary)}</p>"
            f"{_frame_html(self.contributions[cols], 20, noun='evidence items')}"
            f"{_hint(_EXPLANATION_HINT)}</div>"
        )


@dataclass(frozen=True)
class Ring:
    """A ring of stores run, by the evidence, by one operator.

    Attributes
    ----------
    ring_id : str
    info : Series
        The ring's row of :attr:`Analysis.rings`.
    members : DataFrame
        ``store_id, status, platform, opened_at, closed_at, closure_reason, score``.
    timeline : DataFrame
        ``date, store_id, event`` (opened, banned, closed), in date order.
    links : DataFrame
        Store-store links inside the ring: ``store_id, other_store_id, weight, kinds``.
    subgraph : networkx.Graph
        Members and the identifiers they share (store nodes have ``status``,
        identifier nodes ``kind`` and a masked ``label``).
    """

    ring_id: str
    info: pd.Series
    members: pd.DataFrame
    timeline: pd.DataFrame
    links: pd.DataFrame
    subgraph: nx.Graph

    def __repr__(self) -> str:
        i = self.info
        return (
            f"<Ring {self.ring_id}: {int(i['size'])} stores ({int(i['n_banned'])} banned, "
            f"{int(i['n_active'])} active, {int(i['n_closed'])} closed)>"
        )

    def _repr_html_(self) -> str:
        i = self.info
        opened = _date(i["first_opened"])
        banned = "" if pd.isna(i["last_banned"]) else f", last ban {_date(i['last_banned'])}"
        score = "" if pd.isna(i["score"]) else f"; highest active score {float(i['score']):.3f}"
        head = (
            f"<p><b>Ring {html.escape(self.ring_id)}</b>: {int(i['size'])} stores "
            f"({int(i['n_banned'])} banned, {int(i['n_active'])} active, "
            f"{int(i['n_closed'])} closed) on {html.escape(str(i['platforms']).replace('|', ', '))}"
            f"{html.escape(score)}.</p><p>Shared evidence: "
            f"{html.escape(', '.join(kind_label(k) for k in str(i['kinds']).split('|') if k))}; "
            f"{len(self.links):,} store links, density {float(i['density']):.2f}; "
            f"first opened {html.escape(opened)}{html.escape(banned)}.</p>"
        )
        hint = _hint(
            "<code>.members</code>, <code>.timeline</code>, <code>.links</code>; draw with "
            "<code>.plot()</code> and <code>.plot_timeline()</code>, explore with "
            "<code>.interactive()</code>."
        )
        return f"<div>{head}{_frame_html(self.members, 15, noun='stores')}{hint}</div>"

    def plot(self, ax: Any = None, **kwargs: Any) -> Any:
        """Draw the ring's graph on a matplotlib ``ax`` (created if None) and return it."""
        from .report.plots import plot_ring

        return plot_ring(self, ax=ax, **kwargs)

    def plot_timeline(self, ax: Any = None) -> Any:
        """Draw the ring's timeline of openings and closures; returns the ``ax``."""
        from .report.plots import plot_timeline

        return plot_timeline(self, ax=ax)

    def interactive(self, **options: Any) -> RingView:
        """An interactive view of the ring (drag, zoom, hover) that displays in a notebook.

        Needs the optional extra ``pip install "sellergraph[interactive]"`` (pyvis).

        Parameters
        ----------
        **options
            ``seed``, ``max_stores``, ``height``, ``resources``: see
            :func:`sellergraph.report.interactive.to_pyvis`.

        Returns
        -------
        RingView
            Shows itself as the view in a notebook; ``.html`` is the full page and
            ``.write(path)`` saves it.
        """
        from .report.interactive import ring_view

        return ring_view(self, **options)


def _reasons(reasons: Any, *, mask: bool) -> np.ndarray:
    """Closure reasons as explanations show them: masked, with the identifiers a
    moderator typed into them redacted (:func:`~sellergraph._redact.redact_identifiers`)."""
    reasons = np.asarray(reasons, dtype=object)
    if not mask or not len(reasons):
        return reasons
    return np.array(redacted_texts(reasons.tolist()), dtype=object)


@dataclass(frozen=True)
class Analysis:
    """Everything one analysis found, with the configuration and provenance behind it.

    Attributes
    ----------
    scores : DataFrame
        Every active store: ``store_id, score, matched_store_id, ring_id, returning,
        kinds, evidence, relation, cross_platform, n_banned_linked, platform,
        opened_at``; sorted by score, highest first. ``relation`` is ``return``
        (opened after the matched banned store's closure), ``sibling`` (opened
        before it), ``unknown`` (dates missing) or empty (no evidence).
    rings : DataFrame
        One row per ring (see :mod:`sellergraph.rings`) plus ``score``, the highest
        score of its active members.
    hubs : DataFrame
        Identifiers shared by more stores than their kind's ``free_share``:
        discounted (``suppressed`` False) or no longer linking at all (True), with
        ``weight`` (in store links) and ``direct_weight`` (as direct evidence
        against a banned holder, after banned-share reinforcement); see
        :func:`sellergraph.scoring.hubs_table`.
    rejected : DataFrame
        Input rows set aside and values cleared, with reasons (ordered by
        :func:`rejected_order`).
    contributions : DataFrame
        Evidence items of every scored store, in store codes (rows of the stores
        table), by store id (see :meth:`explain`).
    config : Config
    seed : int
    provenance : dict
        Package versions, input and output counts, per-stage timings.
    score_codes : ndarray, optional
        Row of the stores table of each ``scores`` row, as scoring made them; spares
        a lookup by store id (ignored when ``scores`` no longer matches it).
    review_table : DataFrame, optional
        Investigators' reviews with their status in this analysis (see
        :attr:`reviews` and :meth:`with_reviews`).
    """

    dataset: Dataset
    evidence: EvidenceGraph
    scores: pd.DataFrame
    rings: pd.DataFrame
    hubs: pd.DataFrame
    contributions: pd.DataFrame
    ring_of: np.ndarray
    config: Config
    seed: int
    provenance: Mapping[str, Any] = field(default_factory=dict)
    score_codes: np.ndarray | None = field(default=None, repr=False, compare=False)
    review_table: pd.DataFrame | None = field(default=None, repr=False, compare=False)

    @property
    def stores(self) -> pd.DataFrame:
        """The validated stores table, in the input's row order (row ``i`` is store
        code ``i``; a run folder's ``stores`` table is by store id)."""
        return self.dataset.stores

    @cached_property
    def links(self) -> pd.DataFrame:
        """The normalised links table (see :attr:`sellergraph.dataset.Dataset.links`), by
        store id, kind and key, as a run folder's ``links`` table."""
        codes = self.dataset.codes
        order = link_order(codes.store, codes.ident, codes.identifiers, self._store_id_ranks)
        links = self.dataset.links
        return links if order is None else links.take(order).reset_index(drop=True)

    @cached_property
    def rejected(self) -> pd.DataFrame:
        """Input rows set aside and values cleared, with reasons, in the order of
        :func:`rejected_order`."""
        return rejected_order(self.dataset.rejected)

    @cached_property
    def _store_id_ranks(self) -> np.ndarray | None:
        """Each store code's rank by store id (None: the codes are in id order)."""
        return store_id_ranks(self.dataset.stores["store_id"])

    @property
    def as_of(self) -> pd.Timestamp:
        """The latest date in the analysis: an opening, a closure or an observation.

        Exports record this time rather than the clock's, so the same analysis gives
        the same files (1970-01-01 when the data holds no date at all).
        """
        stores = self.dataset.stores
        last_seen = self.dataset.codes.last_seen
        seen = last_seen[~np.isnat(last_seen)] if len(last_seen) else last_seen
        candidates = [
            stores["opened_at"].max(),
            stores["closed_at"].max(),
            seen.max() if len(seen) else pd.NaT,
        ]
        known = [pd.Timestamp(c) for c in candidates if pd.notna(c)]
        return max(known) if known else pd.Timestamp("1970-01-01")

    @property
    def alerts(self) -> pd.DataFrame:
        """Active stores scoring at least ``config.scoring.alert_threshold``, but those
        whose alert an investigator's review holds back (see :meth:`with_reviews`)."""
        alerting = self.scores["score"] >= self.config.scoring.alert_threshold
        if self.review_table is not None and len(self.review_table):
            alerting &= ~self.scores["store_id"].isin(held_back(self.review_table))
        return self.scores[alerting].reset_index(drop=True)

    @property
    def reviews(self) -> pd.DataFrame:
        """Every review row given to :meth:`with_reviews`, with its ``status``
        (``held``, ``back``, ``not_alerting``, ...) and ``reason``; see
        :mod:`sellergraph.reviews`. Empty when none were given."""
        if self.review_table is None:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in REVIEW_TABLE_COLUMNS})
        return self.review_table

    def with_reviews(self, reviews: Any, *, columns: Mapping[str, str] | None = None) -> Analysis:
        """This analysis with investigators' decisions on its alerts applied.

        A store's latest review holds its alert back (it leaves :attr:`alerts`) while
        the store matches the banned store it matched when reviewed and its score has
        not risen by more than ``scoring.review_margin``; otherwise the alert is back,
        with the reason in :attr:`reviews`. Scores, rings and evidence are unchanged.

        Parameters
        ----------
        reviews : DataFrame, str or Path
            ``store_id, decision`` (``cleared`` or ``confirmed``), optionally
            ``matched_store_id, score, reviewed_at`` and columns of the caller's own:
            an alerts table with a ``decision`` column added will do. See
            :func:`sellergraph.reviews.read_reviews`.
        columns : mapping, optional
            Column renames, e.g. ``{"shop": "store_id"}``.

        Returns
        -------
        Analysis
            A new analysis; this one is unchanged.

        Examples
        --------
        >>> import sellergraph as sg
        >>> stores, links, _ = sg.make_marketplace(300, seed=1)
        >>> a = sg.analyze(stores, links, seed=0)
        >>> first = a.alerts.head(2).assign(decision="cleared")
        >>> b = a.with_reviews(first)
        >>> len(a.alerts) - len(b.alerts), b.reviews["status"].tolist()
        (2, ['held', 'held'])
        """
        dates = self.config.dates
        rows = read_reviews(
            reviews,
            columns=columns,
            date_order=dates.order,
            spreadsheet_serials=dates.spreadsheet_serials,
        )
        return self._with_review_rows(rows)

    def _with_review_rows(self, rows: pd.DataFrame) -> Analysis:
        """:meth:`with_reviews` on a table :func:`read_reviews` read."""
        table = apply_reviews(
            rows,
            self.scores,
            self.dataset.stores,
            alert_threshold=self.config.scoring.alert_threshold,
            margin=self.config.scoring.review_margin,
        )
        status = table["status"].value_counts()
        counts = {
            **self.provenance.get("counts", {}),
            "reviews": len(table),
            "alerts_held": int(status.get("held", 0)),
            "alerts_back": int(status.get("back", 0)),
            "reviews_invalid": int(status.get("invalid", 0)),
        }
        out = replace(self, review_table=table, provenance={**self.provenance, "counts": counts})
        counts["alerts"] = len(out.alerts)
        return out

    @property
    def store_links(self) -> pd.DataFrame:
        """Store-store links with ids: ``store_id, other_store_id, weight, kinds, n_items``;
        ``store_id`` is the lower id of the two, and links are in id order."""
        p = self.evidence.pairs
        sid = self.evidence.store_ids
        first, second, rows = self._pairs_in_id_order(np.arange(len(p)))
        return pd.DataFrame(
            {
                "store_id": sid[first],
                "other_store_id": sid[second],
                "weight": p["weight"].to_numpy()[rows],
                "kinds": p["kinds"].to_numpy()[rows],
                "n_items": p["n_items"].to_numpy()[rows],
            }
        )

    def _pairs_in_id_order(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Some rows of the store pairs, each with its lower store id first, ordered by
        their two store ids: (first store codes, second store codes, rows).

        Pairs hold the lower store code first, in code order: the input's row order.
        """
        p = self.evidence.pairs
        a, b = p["a"].to_numpy()[rows], p["b"].to_numpy()[rows]
        ranks = self._store_id_ranks
        if ranks is None:  # codes in id order: so are the pairs
            return a, b, rows
        ra, rb = ranks[a], ranks[b]
        swap = ra > rb
        first, second = np.where(swap, b, a), np.where(swap, a, b)
        order = np.lexsort((np.maximum(ra, rb), np.minimum(ra, rb)))
        return first[order], second[order], rows[order]

    def _keys_of(self, idents: np.ndarray) -> np.ndarray:
        """Keys of some identifiers (only those are turned into Python strings)."""
        column = self.evidence.identifiers["key"]
        return column.take(np.asarray(idents, dtype=np.int64)).to_numpy(dtype=object)

    def _flags_of(self, idents: np.ndarray) -> pd.Categorical:
        """Normalisation flag of some identifiers (missing where none, and for -1: a path
        or timing item), as codes of the flags' names: a byte a row, no object per row
        (the evidence table of a million stores has tens of millions of rows)."""
        idents = np.asarray(idents, dtype=np.int64)
        flag = self.evidence.identifiers["flag"]
        if not isinstance(flag.dtype, pd.CategoricalDtype):
            flag = flag.where(flag.map(lambda f: isinstance(f, str) and bool(f)), None)
            flag = flag.astype("category")
        given = [str(c) for c in flag.cat.categories]
        names = [*FLAGS, *sorted(set(given) - set(FLAGS))]  # one order, however read
        to_name = np.asarray([*(names.index(g) for g in given), -1], dtype=np.int64)
        codes = np.full(len(idents), -1, dtype=np.int8 if len(names) < 127 else np.int32)
        has = idents >= 0
        codes[has] = to_name[np.asarray(flag.cat.codes)[idents[has]]]  # code -1: no flag
        return pd.Categorical.from_codes(codes, categories=names)

    def _phone_wallets(self, c: pd.DataFrame) -> list[bool]:
        """Whether each contribution's value is a wallet handed on with a phone number
        (:func:`~sellergraph.recycling.handed_on_with_phone`), read from its key."""
        ident = c["ident"].to_numpy()
        keys = np.full(len(c), None, dtype=object)
        has = ident >= 0
        keys[has] = self._keys_of(ident[has])
        return handed_on_with_phone(c["kind"].to_numpy(dtype=object), keys).tolist()

    def _kinds_of(self, idents: np.ndarray) -> np.ndarray:
        """Kind names of some identifiers."""
        kind = self.evidence.identifiers["kind"]
        names = np.asarray([str(k) for k in kind.cat.categories] + [""], dtype=object)
        return names[np.asarray(kind.cat.codes)[np.asarray(idents, dtype=np.int64)]]

    @cached_property
    def _incidence_by_store(self) -> tuple[np.ndarray, np.ndarray]:
        """Incidence row numbers sorted by store, and each store's start offset."""
        return group_offsets(
            self.evidence.incidence["store"].to_numpy(), len(self.evidence.store_ids)
        )

    @cached_property
    def _near_items(self) -> pd.DataFrame:
        it = self.evidence.items
        return it[it["match"] == "near"]

    @cached_property
    def _score_by_code(self) -> np.ndarray:
        """Score of each store code (NaN for stores that are not active)."""
        out = np.full(len(self.evidence.store_ids), np.nan)
        out[self._score_rows()] = self.scores["score"].to_numpy()
        return out

    def _score_rows(self) -> np.ndarray:
        """Store code of each ``scores`` row."""
        codes, ids = self.score_codes, self.scores["store_id"]
        if codes is not None and len(codes) == len(ids):
            import pyarrow as pa
            import pyarrow.compute as pc

            try:  # the stores table lists store codes in order
                expected = pa.array(self.dataset.stores["store_id"].array).take(pa.array(codes))
                same = pc.all(pc.equal(pa.array(ids.array), expected))
            except (pa.ArrowException, TypeError, ValueError):
                same = None
            if same is not None and same.as_py():
                return codes
        return self._code.get_indexer(ids)

    @cached_property
    def _code(self) -> pd.Index:
        return pd.Index(self.evidence.store_ids)

    def _store_code(self, store_id: str) -> int:
        code = self._code.get_indexer([str(store_id)])[0]
        if code < 0:  # as the load reads ids: ends stripped, 1027.0 is 1027
            read = store_id_text(pd.Series([store_id], dtype=object)).iloc[0]
            code = self._code.get_indexer([read])[0] if isinstance(read, str) else -1
        if code < 0:
            raise InputError(f"store_id {store_id!r} is not in this analysis")
        return int(code)

    def __repr__(self) -> str:
        c = self.dataset.counts
        return (
            f"<Analysis: {c['stores']:,} stores ({c['banned']:,} banned), "
            f"{len(self.alerts):,} alerts, {len(self.rings):,} rings, {len(self.hubs):,} hubs, "
            f"{c['links_rejected']:,} links rejected>"
        )

    def _repr_html_(self) -> str:
        c = self.dataset.counts
        alerts = self.alerts
        n_suppressed = int(self.hubs["suppressed"].sum()) if len(self.hubs) else 0
        n_platforms = self.dataset.stores["platform"].nunique()
        head = (
            f"<p><b>sellergraph analysis</b> (seed {self.seed}): {c['stores']:,} stores on "
            f"{n_platforms:,} platform(s) ({c['banned']:,} banned, {c['active']:,} active, "
            f"{c['closed']:,} closed), {c['links_accepted']:,} links "
            f"({c['links_rejected']:,} input rows rejected).</p>"
            f"<p><b>{len(alerts):,} alerts</b> at score &ge; "
            f"{self.config.scoring.alert_threshold:g}; {len(self.rings):,} rings; "
            f"{len(self.hubs):,} hubs ({n_suppressed:,} suppressed).</p>"
        )
        cols = ["store_id", "score", "relation", "matched_store_id", "ring_id", "kinds", "platform"]
        rings = self.rings[self.rings["n_active"] > 0].sort_values(
            ["score", "n_banned", "ring_id"], ascending=[False, False, True], kind="stable"
        )
        ring_cols = ["ring_id", "size", "n_banned", "n_active", "platforms", "kinds", "score"]
        hint = _hint(
            "<code>.alerts</code>, <code>.scores</code>, <code>.rings</code>, <code>.hubs</code>, "
            "<code>.rejected</code>; <code>.explain(store_id)</code> says why a store scored "
            "what it did, <code>.ring(ring_id)</code> opens a ring."
        )
        return (
            f"<div>{head}<p><b>Top alerts</b></p>"
            f"{_frame_html(_readable(alerts[cols].head(10)), 10, noun='alerts')}"
            f"{_more(len(alerts), 10, 'alerts')}"
            f"<p><b>Rings with active stores</b>, highest score first</p>"
            f"{_frame_html(_readable(rings[ring_cols].head(5)), 5, noun='rings')}"
            f"{_more(len(rings), 5, 'rings')}{hint}</div>"
        )

    # -- explanations -------------------------------------------------------------

    def _contribution_table(self, c: pd.DataFrame, *, mask: bool) -> pd.DataFrame:
        stores = self.dataset.stores
        sid = self.evidence.store_ids
        other = c["other"].to_numpy()
        has_other = other >= 0
        o = np.maximum(other, 0)
        ident = c["ident"].to_numpy()
        values = np.full(len(c), "", dtype=object)
        has_ident = ident >= 0
        raw = self._keys_of(ident[has_ident])
        values[has_ident] = (
            [mask_value(k, v) for k, v in zip(c["kind"].to_numpy()[has_ident], raw, strict=True)]
            if mask
            else raw
        )
        via = c["via"].to_numpy()
        hops = np.full(len(c), None, dtype=object)
        on_path = np.flatnonzero(c["item"].to_numpy() == "path")
        if len(on_path):
            hops[on_path] = self._hops(
                c["store"].to_numpy()[on_path],
                via[on_path],
                c["via2"].to_numpy()[on_path],
                other[on_path],
                mask=mask,
            )
        idents = self.evidence.identifiers
        safe = np.maximum(ident, 0)
        n_stores = idents["n_stores"].to_numpy()[safe] if len(idents) else np.zeros(len(c), int)
        n_banned = idents["n_banned"].to_numpy()[safe] if len(idents) else np.zeros(len(c), int)
        gap = c["gap_days"].to_numpy()
        # only these rows of the store columns: a whole text column as Python
        # strings is gigabytes at ten million stores
        other_rows = stores.iloc[o]
        closed = other_rows["closed_at"].to_numpy()
        table = pd.DataFrame(
            {
                "store_id": sid[c["store"].to_numpy()],
                "rank": c["rank"].to_numpy() + 1,
                "item": c["item"].to_numpy(),
                "kind": c["kind"].to_numpy(),
                "match": c["match"].to_numpy(),
                "flag": self._flags_of(ident),
                "value": values,
                "other_store_id": np.where(has_other, sid[o], None),
                "other_status": np.where(has_other, other_rows["status"].to_numpy(), None),
                "other_platform": np.where(has_other, other_rows["platform"].to_numpy(), None),
                "other_closed_at": pd.to_datetime(
                    np.where(has_other, closed, np.datetime64("NaT", "ns"))
                ),
                "closure_reason": _reasons(
                    np.where(has_other, other_rows["closure_reason"].to_numpy(), None), mask=mask
                ),
                "via_store_id": np.where(via >= 0, sid[np.maximum(via, 0)], None),
                "hops": hops,
                "similarity": c["similarity"].to_numpy(),
                "holders": _where_known(n_stores, has_ident),
                "banned_holders": _where_known(n_banned, has_ident),
                "gap_days": _where_known(gap, gap != NAT_DAYS),
                "weight": np.round(c["weight"].to_numpy(), 6),
                "contribution": np.round(c["contribution"].to_numpy(), 6),
            }
        )
        # summed store by store: a store's running total does not depend on the stores
        # listed before it
        starts = np.flatnonzero(group_starts(c["store"].to_numpy()))
        table["cumulative"] = np.round(group_cumsum(c["contribution"].to_numpy(), starts), 6)
        return table.reset_index(drop=True)[["store_id", *EXPLAIN_COLUMNS]]

    def _hops(
        self,
        store: np.ndarray,
        via: np.ndarray,
        via2: np.ndarray,
        end: np.ndarray,
        *,
        mask: bool,
    ) -> np.ndarray:
        """The ``hops`` text of some path items (see :func:`hop_wording`): store ->
        via (-> via2, when not -1) -> banned end, each hop with the identifiers its
        two stores share, strongest first, then by kind and value."""
        ev = self.evidence
        sid = ev.store_ids
        n = len(store)
        three = np.flatnonzero(via2 >= 0)
        rows = np.arange(n)
        # one entry per hop: (path item, step, from, to)
        item = np.concatenate([rows, rows, three])
        step = np.repeat(np.arange(3), [n, n, len(three)])
        x = np.concatenate([store, via, via2[three]])
        y = np.concatenate([via, np.where(via2 >= 0, via2, end), end[three]])
        want = _pair_key(np.minimum(x, y), np.maximum(x, y), len(sid))
        link = np.zeros(len(x))
        p_key, p_rows = _pair_keys(ev.pairs, len(sid))
        at = np.searchsorted(p_key, want)
        found = at < len(p_key)
        found[found] = p_key[at[found]] == want[found]
        link[found] = ev.pairs["weight"].to_numpy()[p_rows[at[found]]]
        # the items of each hop's store pair
        i_key, i_rows = _pair_keys(ev.items, len(sid))
        start = np.searchsorted(i_key, want, side="left")
        count = np.searchsorted(i_key, want, side="right") - start
        hop = np.repeat(np.arange(len(x)), count)
        offset = np.arange(len(hop)) - np.repeat(np.cumsum(count) - count, count)
        r = i_rows[start[hop] + offset]
        it = ev.items
        a = it["a"].to_numpy()[r]
        ia, ib = it["ident_a"].to_numpy()[r], it["ident_b"].to_numpy()[r]
        mine = a == x[hop]  # the hop's first store holds ident_a
        own, theirs = np.where(mine, ia, ib), np.where(mine, ib, ia)
        used, inverse = np.unique(np.concatenate([own, theirs]), return_inverse=True)
        kinds = self._kinds_of(used)
        keys = self._keys_of(used)
        shown = [mask_value(k, v) if mask else v for k, v in zip(kinds, keys, strict=True)]
        by_kind = np.unique(kinds.astype(str), return_inverse=True)[1].reshape(-1)
        by_key = np.unique(keys.astype(str), return_inverse=True)[1].reshape(-1)
        key_rank = np.empty(len(used), dtype=np.int64)
        key_rank[np.lexsort((by_key, by_kind))] = np.arange(len(used))
        own_at, theirs_at = inverse[: len(r)], inverse[len(r) :]
        # strongest first, then by kind and value: never by the input's row order
        order = np.lexsort(
            (key_rank[theirs_at], key_rank[own_at], -it["weight"].to_numpy()[r], hop)
        )
        values: list[list[str]] = [[] for _ in range(len(x))]
        for k in order.tolist():
            o, t = own_at[k], theirs_at[k]
            text = f"{kind_label(str(kinds[o]))} {shown[o]}"
            if o != t:
                text += f" / {shown[t]} (near match)"
            values[hop[k]].append(text)
        out: list[list[str]] = [[] for _ in range(n)]
        for h in np.lexsort((step, item)).tolist():
            out[item[h]].append(hop_wording(sid[x[h]], sid[y[h]], values[h], float(link[h])))
        return np.array(["; ".join(parts) for parts in out], dtype=object)

    def _flagged_items(self, store_ids: Sequence[str], *, top: int) -> pd.DataFrame:
        """The direct items among some stores' first ``top`` evidence items whose
        identifier normalisation flagged: ``store_id, rank`` (from 1), ``kind``,
        ``value`` (masked) and ``flag``, by store code and rank.

        Only those stores' rows are read: the report asks this of its top alerts.
        """
        codes = self._code.get_indexer([str(s) for s in store_ids])
        c = self.contributions
        ident = c["ident"].to_numpy()
        rows = np.flatnonzero(
            np.isin(c["store"].to_numpy(), codes[codes >= 0])
            & (c["rank"].to_numpy() < top)
            & (ident >= 0)
        )
        flags = self._flags_of(ident[rows])
        flagged = np.asarray(flags.codes) >= 0
        rows, flags = rows[flagged], np.asarray(flags[flagged], dtype=object)
        store, rank = c["store"].to_numpy()[rows], c["rank"].to_numpy()[rows]
        order = np.lexsort((rank, store))
        rows, flags = rows[order], flags[order]
        kinds = c["kind"].to_numpy()[rows]
        keys = self._keys_of(ident[rows])
        return pd.DataFrame(
            {
                "store_id": self.evidence.store_ids[c["store"].to_numpy()[rows]],
                "rank": c["rank"].to_numpy()[rows] + 1,
                "kind": kinds,
                "value": [mask_value(k, v) for k, v in zip(kinds, keys, strict=True)],
                "flag": flags,
            }
        )

    def explanations(self, *, mask: bool = True) -> pd.DataFrame:
        """Every evidence item of every scored store, long form (see :meth:`explain`)."""
        return self._contribution_table(self.contributions, mask=mask)

    def explain(self, store_id: str, *, mask: bool = True) -> Explanation:
        """Every contribution to one store's score, and a summary paragraph.

        Parameters
        ----------
        store_id : str
            An active store.
        mask : bool, default True
            Mask identifier values (``+86138****8000``); pass False for raw
            normalised values.

        Returns
        -------
        Explanation
        """
        code = self._store_code(store_id)
        store_id = str(self.evidence.store_ids[code])
        row = self.scores[self.scores["store_id"] == store_id]
        stores = self.dataset.stores
        if row.empty:
            status = stores["status"].iloc[code]
            raise InputError(f"store {store_id!r} is {status}; only active stores are scored")
        score = float(row["score"].iloc[0])
        c = self.contributions[self.contributions["store"] == code]
        table = self._contribution_table(c, mask=mask).drop(columns="store_id")
        st = self.dataset.stores.iloc[code]
        ring_row = None
        if pd.notna(row["ring_id"].iloc[0]):
            ring_row = self.rings.set_index("ring_id").loc[row["ring_id"].iloc[0]]
        summary = explanation_summary(
            st,
            row.iloc[0],
            table,
            ring_row,
            min_link=self.config.rings.min_link,
            alert_threshold=self.config.scoring.alert_threshold,
            recycling=recycling_rules(self.config),
            phone_wallets=self._phone_wallets(c),
        )
        return Explanation(
            store_id=str(store_id), score=score, contributions=table, summary=summary
        )

    # -- rings and graphs ---------------------------------------------------------

    def ring(self, ring_id: str) -> Ring:
        """One ring: members, timeline, internal links and a networkx subgraph."""
        match = self.rings[self.rings["ring_id"] == ring_id]
        if match.empty:
            raise InputError(f"ring_id {ring_id!r} is not in this analysis")
        codes = self._ring_codes(ring_id)
        stores = self.dataset.stores.iloc[codes]
        members = stores[
            ["store_id", "status", "platform", "opened_at", "closed_at", "closure_reason"]
        ].copy()
        members["score"] = self._score_by_code[codes]
        members = members.sort_values(["opened_at", "store_id"], na_position="last").reset_index(
            drop=True
        )
        events = [
            pd.DataFrame(
                {"date": members["opened_at"], "store_id": members["store_id"], "event": "opened"}
            ),
            pd.DataFrame(
                {
                    "date": members["closed_at"],
                    "store_id": members["store_id"],
                    "event": np.where(members["status"] == "banned", "banned", "closed"),
                }
            ),
        ]
        timeline = pd.concat(events, ignore_index=True).dropna(subset=["date"])
        timeline = timeline.sort_values(["date", "event", "store_id"], kind="stable").reset_index(
            drop=True
        )
        p = self.evidence.pairs
        r = int(self._ring_numbers[0].get_indexer([ring_id])[0])
        pair_order, pair_starts = self._pairs_by_ring
        inside = pair_order[pair_starts[r] : pair_starts[r + 1]] if r >= 0 else pair_order[:0]
        first, second, by_id = self._pairs_in_id_order(inside)
        sid = self.evidence.store_ids
        links = pd.DataFrame(
            {
                "store_id": sid[first],
                "other_store_id": sid[second],
                "weight": p["weight"].to_numpy()[by_id],
                "kinds": p["kinds"].iloc[by_id].to_numpy(),
            }
        )
        return Ring(
            ring_id=ring_id,
            info=match.iloc[0],
            members=members,
            timeline=timeline,
            links=links,
            subgraph=self._store_identifier_graph(codes, min_members=2),
        )

    def _ring_codes(self, ring_id: str) -> np.ndarray:
        """Store codes of a ring's members, ascending (none for an unknown ring id)."""
        r = int(self._ring_numbers[0].get_indexer([ring_id])[0])
        order, starts = self._stores_by_ring
        return order[starts[r] : starts[r + 1]] if r >= 0 else order[:0]

    @cached_property
    def _ring_numbers(self) -> tuple[pd.Index, np.ndarray]:
        """Ring ids, and each store code's position among them (-1: in no ring)."""
        number, ring_ids = pd.factorize(pd.Series(self.ring_of, dtype=object))
        return pd.Index(ring_ids), number

    @cached_property
    def _stores_by_ring(self) -> tuple[np.ndarray, np.ndarray]:
        """Store codes ordered by ring (ascending within one), each ring's start offset.

        Found once, so opening a ring does not compare every store's ring id.
        """
        ring_ids, number = self._ring_numbers
        return group_offsets(number, len(ring_ids))

    @cached_property
    def _pairs_by_ring(self) -> tuple[np.ndarray, np.ndarray]:
        """Pair rows with both stores in one ring, ordered by ring (ascending within
        one), and each ring's start offset."""
        ring_ids, number = self._ring_numbers
        p = self.evidence.pairs
        ra = number[p["a"].to_numpy()]
        rows = np.flatnonzero((ra == number[p["b"].to_numpy()]) & (ra >= 0))
        order, starts = group_offsets(ra[rows], len(ring_ids))
        return rows[order], starts

    @cached_property
    def _ident_node_prefix(self) -> str:
        """Prefix of identifier node names (``device:12``) that no store id can clash with."""
        ids = pd.Series(self.evidence.store_ids, dtype=object).astype(str)
        kinds = "|".join(re.escape(k) for k in self.evidence.kinds)
        prefix = ""
        while ids.str.match(f"^{re.escape(prefix)}(?:{kinds}):\\d+$").any():
            prefix = "~" + prefix
        return prefix

    def _in_id_order(self, codes: np.ndarray) -> np.ndarray:
        """Store codes (distinct) ordered by their store ids."""
        ranks = self._store_id_ranks
        if ranks is None:
            return np.sort(codes)
        return codes[np.argsort(ranks[codes], kind="stable")]

    def _shared_identifiers(
        self, codes: np.ndarray | None, *, min_members: int
    ) -> tuple[pd.DataFrame, np.ndarray, pd.DataFrame]:
        """What a store-identifier graph of some stores (all: None) draws: the incidence
        rows of its stores on its identifiers, its identifiers (those ``min_members``
        of its stores hold, or near duplicates between them; no suppressed hub) by kind
        then key, and the near-duplicate items between them."""
        ev = self.evidence
        inc = ev.incidence
        idents = ev.identifiers
        if codes is not None:
            order, starts = self._incidence_by_store
            rows = np.concatenate(
                [order[starts[c] : starts[c + 1]] for c in np.asarray(codes, dtype=np.int64)]
                or [np.array([], dtype=np.int64)]
            )
            inc = inc.iloc[np.sort(rows)]
        counts = inc.groupby("ident").size()
        shared = counts.index[counts >= min_members]
        if codes is not None:
            # Near duplicates inside the ring join two identifier nodes.
            near = self._near_items
            near = near[near["a"].isin(codes) & near["b"].isin(codes)]
            shared = shared.union(pd.Index(near["ident_a"])).union(pd.Index(near["ident_b"]))
        else:
            near = ev.items.iloc[:0]
        shared = shared[~idents["suppressed"].to_numpy()[shared]]
        inc = inc[inc["ident"].isin(shared)]
        shared_codes = np.unique(np.asarray(shared, dtype=np.int64))  # near ones: repeated
        kind_rank = np.unique(self._kinds_of(shared_codes).astype(str), return_inverse=True)[1]
        by_value = text_order_within(kind_rank.reshape(-1), idents["key"].take(shared_codes))
        return inc, shared_codes[by_value], near

    def _identifier_node_names(self, shared_codes: np.ndarray) -> list[str]:
        """Node names of identifiers listed by kind then key: ``phone:1``, ``phone:2``,
        ... numbered within each kind in that order, so a graph's names (and the
        layouts that sort nodes by name) depend on its content, not on the input's row
        order (see :attr:`_ident_node_prefix`)."""
        kinds = self._kinds_of(shared_codes).astype(str)
        first = np.flatnonzero(group_starts(kinds))
        number = np.arange(len(kinds)) - np.repeat(first, np.diff(np.append(first, len(kinds))))
        pre = self._ident_node_prefix
        return [f"{pre}{k}:{i + 1}" for k, i in zip(kinds.tolist(), number.tolist(), strict=True)]

    def _identifier_nodes(self, ring_id: str | None) -> dict[str, int]:
        """Identifier code of each identifier node of a ring's subgraph (of
        :attr:`graph` when ``ring_id`` is None)."""
        codes = None if ring_id is None else self._ring_codes(ring_id)
        _, shared_codes, _ = self._shared_identifiers(codes, min_members=2)
        names = self._identifier_node_names(shared_codes)
        return dict(zip(names, shared_codes.tolist(), strict=True))

    def _store_identifier_graph(self, codes: np.ndarray | None, *, min_members: int) -> nx.Graph:
        import networkx as nx

        ev = self.evidence
        idents = ev.identifiers
        inc, shared_codes, near = self._shared_identifiers(codes, min_members=min_members)
        stores = self.dataset.stores
        score = self._score_by_code
        g = nx.Graph()
        # Nodes and edges are added in store id order, then identifiers by kind and
        # value, whatever the input's row order.
        store_codes = self._in_id_order(
            np.unique(inc["store"].to_numpy()) if codes is None else np.asarray(codes)
        )
        for c in store_codes:
            st = stores.iloc[int(c)]
            g.add_node(
                st["store_id"],
                type="store",
                status=st["status"],
                platform=st["platform"],
                opened_at=_date(st["opened_at"]),
                closed_at="" if pd.isna(st["closed_at"]) else _date(st["closed_at"]),
                score=0.0 if np.isnan(score[int(c)]) else float(score[int(c)]),
                ring_id=self.ring_of[int(c)] or "",
            )
        kinds = self._kinds_of(shared_codes)
        keys = self._keys_of(shared_codes)
        n_stores = idents["n_stores"].to_numpy()[shared_codes]
        weights = idents["weight"].to_numpy()[shared_codes]
        names = self._identifier_node_names(shared_codes)
        node: dict[int, str] = {}
        for j, i in enumerate(shared_codes.tolist()):
            node[i] = names[j]
            g.add_node(
                node[i],
                type="identifier",
                kind=kinds[j],
                label=mask_value(kinds[j], keys[j]),
                n_stores=int(n_stores[j]),
                weight=float(weights[j]),
            )
        sid = ev.store_ids
        store_at = np.full(len(sid), -1, dtype=np.int64)
        store_at[store_codes] = np.arange(len(store_codes))
        ident_at = np.full(len(idents), -1, dtype=np.int64)
        ident_at[shared_codes] = np.arange(len(shared_codes))
        s_code, i_code = inc["store"].to_numpy(), inc["ident"].to_numpy()
        uses = np.lexsort((ident_at[i_code], store_at[s_code]))
        for s, i in zip(s_code[uses], i_code[uses].tolist(), strict=True):
            g.add_edge(sid[s], node[i], type="uses")
        ia, ib = near["ident_a"].to_numpy(), near["ident_b"].to_numpy()
        inside = (ident_at[ia] >= 0) & (ident_at[ib] >= 0)
        lo = np.minimum(ident_at[ia], ident_at[ib])[inside]
        hi = np.maximum(ident_at[ia], ident_at[ib])[inside]
        sim = near["similarity"].to_numpy()[inside]
        for k in np.lexsort((hi, lo)):
            a, b = int(shared_codes[lo[k]]), int(shared_codes[hi[k]])
            g.add_edge(node[a], node[b], type="near", similarity=float(sim[k]))
        return g

    @cached_property
    def graph(self) -> nx.Graph:
        """The evidence graph as networkx: stores and the identifiers two or more share.

        Built on first access (suppressed hubs are left out; see :attr:`hubs`). For
        large marketplaces prefer :meth:`ring` or :attr:`store_links`.
        """
        return self._store_identifier_graph(None, min_members=2)

    @cached_property
    def link_graph(self) -> nx.Graph:
        """Store-store links as a weighted networkx graph (built on first access)."""
        import networkx as nx

        g = nx.Graph()
        sl = self.store_links
        g.add_weighted_edges_from(
            zip(sl["store_id"], sl["other_store_id"], sl["weight"], strict=True)
        )
        return g
