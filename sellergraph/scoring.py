"""Returning-seller scores and the contributions that explain them.

For every active store the score in [0, 1] says how likely it is run by the same
operator as a banned store. It is built from evidence *items*, each with a weight:

``direct``
    each identifier the store shares (exactly, or as a near duplicate) with at least
    one banned store, counted once however many banned stores share it, weighted by
    its kind, flags and hub specificity; a second identifier of a kind already seen
    counts ``same_kind_discount`` of its weight. Items combine by noisy-or:
    ``direct = 1 - prod(1 - w)``.
``path``
    the strongest chain store -> other store(s) -> banned store through non-banned
    stores (a ring member that is itself linked to a banned store), its strength the
    product of link weights times ``ring_decay`` per extra hop. The evidence score is
    ``max(direct, path)``, so evidence reaching a banned store two ways is never
    counted twice.
``timing``
    a store opened within ``return_window_days`` after the closure of the banned
    store it matches gets ``timing_weight * s * (1 - s)`` more: a return.

Each item's *contribution* is what it added to the running score, in decreasing order
of weight, so the contributions of a store sum to its score exactly.

Stores closed for other reasons (``status = closed``) are never evidence sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ._arrays import group_starts, labels_by_group
from .build import EvidenceGraph
from .config import Config
from .evidence import kind_label
from .normalize import mask_value

__all__ = ["CONTRIBUTION_COLUMNS", "SCORE_COLUMNS", "Scoring", "score_stores"]

SCORE_COLUMNS: tuple[str, ...] = (
    "store_id",
    "score",
    "matched_store_id",
    "ring_id",
    "returning",
    "kinds",
    "evidence",
    "relation",
    "cross_platform",
    "n_banned_linked",
    "platform",
    "opened_at",
)

CONTRIBUTION_COLUMNS: tuple[str, ...] = (
    "store",
    "rank",
    "item",
    "kind",
    "match",
    "ident",
    "other_ident",
    "other",
    "via",
    "similarity",
    "weight",
    "contribution",
)

_NAT_DAYS = np.iinfo(np.int64).min // 2


@dataclass(frozen=True)
class Scoring:
    """Scores of active stores and their contributions (store codes, long form)."""

    scores: pd.DataFrame
    contributions: pd.DataFrame


def _days(values: pd.Series) -> np.ndarray:
    arr = values.to_numpy(dtype="datetime64[ns]")
    out = arr.astype("datetime64[D]").astype(np.int64)
    return np.where(np.isnat(arr), _NAT_DAYS, out)


def _reinforce(
    weight: np.ndarray, ident: np.ndarray, graph: EvidenceGraph, config: Config
) -> np.ndarray:
    """Strengthen evidence from identifiers that several banned stores hold.

    An identifier held by ``n`` stores of which ``k`` are banned is discounted by hub
    specificity; but when the banned share ``(k + b0 m) / (n + m)`` (shrunk towards
    the marketplace's banned rate ``b0`` with ``m = banned_share_prior``) is well
    above ``b0``, the value belongs to an offender operation rather than to innocent
    neighbours, and the discount is lifted accordingly. Each further banned holder
    then counts as one more chance: ``1 - (1 - w) ** sqrt(k)``.
    """
    sc = config.scoring
    if not len(weight):
        return weight
    idents = graph.identifiers
    n = idents["n_stores"].to_numpy()[ident].astype(np.float64)
    k = idents["n_banned"].to_numpy()[ident].astype(np.float64)
    spec = idents["specificity"].to_numpy()[ident]
    b0 = float(graph.banned.mean()) if len(graph.banned) else 0.0
    m = sc.banned_share_prior
    share = (k + b0 * m) / (n + m)
    toxic = np.clip((share - b0) / max(0.5 - b0, 1e-9), 0.0, 1.0)
    lifted = weight / np.maximum(spec, 1e-12) * np.maximum(spec, toxic)
    lifted = np.minimum(lifted, 0.999)
    return 1.0 - (1.0 - lifted) ** np.sqrt(np.maximum(k, 1.0))


def _direct_items(
    graph: EvidenceGraph, active: np.ndarray, closed_days: np.ndarray, config: Config
) -> pd.DataFrame:
    items = graph.items
    a, b = items["a"].to_numpy(), items["b"].to_numpy()
    banned = graph.banned
    m1 = active[a] & banned[b]
    m2 = banned[a] & active[b]
    s = np.concatenate([a[m1], b[m2]])
    t = np.concatenate([b[m1], a[m2]])
    ia, ib = items["ident_a"].to_numpy(), items["ident_b"].to_numpy()
    ident_s = np.concatenate([ia[m1], ib[m2]])
    ident_t = np.concatenate([ib[m1], ia[m2]])
    cols = {
        "store": s,
        "other": t,
        "ident": ident_s,
        "other_ident": ident_t,
        "kind": np.concatenate([items["kind"].to_numpy()[m1], items["kind"].to_numpy()[m2]]),
        "match": np.concatenate([items["match"].to_numpy()[m1], items["match"].to_numpy()[m2]]),
        "similarity": np.concatenate(
            [items["similarity"].to_numpy()[m1], items["similarity"].to_numpy()[m2]]
        ),
        "weight": np.concatenate([items["weight"].to_numpy()[m1], items["weight"].to_numpy()[m2]]),
    }
    frame = pd.DataFrame(cols)
    frame["weight"] = _reinforce(frame["weight"].to_numpy(), ident_t, graph, config)
    # Count distinct banned stores reached directly, before collapsing per identifier.
    n_linked = (
        frame.drop_duplicates(["store", "other"]).groupby("store").size()
        if len(frame)
        else pd.Series(dtype=np.int64)
    )
    order = np.lexsort((t, -closed_days[t], -frame["weight"].to_numpy(), ident_s, s))
    frame = frame.iloc[order]
    first = group_starts(frame["store"].to_numpy()) | group_starts(frame["ident"].to_numpy())
    frame = frame[first]
    frame = frame.reset_index(drop=True)
    frame.attrs["n_linked"] = n_linked
    return frame


def _top_two(
    group: np.ndarray, value: np.ndarray, arg: np.ndarray, n: int
) -> tuple[np.ndarray, ...]:
    """Best and second-best value per group, with their ``arg``."""
    v1 = np.zeros(n)
    v2 = np.zeros(n)
    a1 = np.full(n, -1, dtype=np.int64)
    if not len(group):
        return v1, a1, v2
    order = np.lexsort((arg, -value, group))
    g, v, ar = group[order], value[order], arg[order]
    first = group_starts(g)
    v1[g[first]] = v[first]
    a1[g[first]] = ar[first]
    second = np.concatenate([[False], first[:-1]]) & ~first
    v2[g[second]] = v[second]
    return v1, a1, v2


def _paths(
    graph: EvidenceGraph, active: np.ndarray, config: Config
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Strongest indirect path of each store: (strength, via store, banned endpoint)."""
    n = len(graph.store_ids)
    strength = np.zeros(n)
    via = np.full(n, -1, dtype=np.int64)
    end = np.full(n, -1, dtype=np.int64)
    decay = config.scoring.ring_decay
    if config.scoring.max_hops < 2 or graph.pairs.empty or decay == 0:
        return strength, via, end
    pa = graph.pairs["a"].to_numpy()
    pb = graph.pairs["b"].to_numpy()
    pw = graph.pairs["weight"].to_numpy()
    src = np.concatenate([pa, pb])
    dst = np.concatenate([pb, pa])
    w = np.concatenate([pw, pw])
    banned = graph.banned
    to_banned = ~banned[src] & banned[dst]
    d1, d_end, _ = _top_two(src[to_banned], w[to_banned], dst[to_banned], n)
    free = ~banned[src] & ~banned[dst]
    fs, fd, fw = src[free], dst[free], w[free]
    # Two hops: src -> c -> banned.
    hop2 = fw * decay * d1[fd]
    best = hop2
    end_of = d_end[fd]
    if config.scoring.max_hops >= 3:
        # Three hops: src -> c -> c2 -> banned, with c2 != src.
        val = fw * decay * d1[fd]
        e1, e1_arg, e2 = _top_two(fs, val, fd, n)
        excl = np.where(e1_arg[fd] == fs, e2[fd], e1[fd])
        hop3 = fw * decay * excl
        use3 = hop3 > hop2
        best = np.where(use3, hop3, hop2)
        end_of = np.where(use3, d_end[np.maximum(e1_arg[fd], 0)], end_of)
    keep = np.flatnonzero(active[fs] & (best > 0))
    s_best, pos, _ = _top_two(fs[keep], best[keep], keep, n)
    has = pos >= 0
    strength[:] = s_best
    via[has] = fd[pos[has]]
    end[has] = end_of[pos[has]]
    return strength, via, end


def score_stores(
    graph: EvidenceGraph, stores: pd.DataFrame, ring_of: np.ndarray, config: Config
) -> Scoring:
    """Score every active store against the banned stores.

    Parameters
    ----------
    graph : EvidenceGraph
    stores : DataFrame
        Validated stores, same order as ``graph.store_ids``.
    ring_of : ndarray
        Ring id per store (None outside rings).
    config : Config

    Returns
    -------
    Scoring
        ``scores``: one row per active store, columns :data:`SCORE_COLUMNS`, sorted by
        score (descending) then store id; ``contributions``: one row per evidence item
        of every store with a positive score, columns :data:`CONTRIBUTION_COLUMNS`.
    """
    sc = config.scoring
    n = len(graph.store_ids)
    status = stores["status"].to_numpy(dtype=object)
    active = status == "active"
    opened = _days(stores["opened_at"])
    closed = _days(stores["closed_at"])
    platform = stores["platform"].to_numpy(dtype=object)

    items = _direct_items(graph, active, closed, config)
    n_linked = items.attrs.get("n_linked", pd.Series(dtype=np.int64))
    kinds_sorted = sorted(set(items["kind"]))
    kcode = pd.Series(items["kind"]).map({k: i for i, k in enumerate(kinds_sorted)}).to_numpy()
    s = items["store"].to_numpy()
    w = items["weight"].to_numpy()
    order = np.lexsort((items["ident"].to_numpy(), -w, kcode, s))
    items = items.iloc[order].reset_index(drop=True)
    s, w, kcode = s[order], w[order], kcode[order]
    first_of_kind = group_starts(s) | group_starts(kcode)
    eff = np.minimum(np.where(first_of_kind, w, w * sc.same_kind_discount), 0.999)
    items["weight"] = eff
    order = np.lexsort((items["ident"].to_numpy(), items["kind"].to_numpy(), -eff, s))
    items = items.iloc[order].reset_index(drop=True)
    s, eff = s[order], eff[order]
    starts = np.flatnonzero(group_starts(s))
    logk = np.log1p(-eff)
    cum = np.cumsum(logk)
    base = np.repeat(np.concatenate([[0.0], cum])[starts], np.diff(np.append(starts, len(s))))
    after = np.exp(cum - base)
    before = np.exp(cum - base - logk)
    items["contribution"] = before - after
    items["rank"] = np.arange(len(s)) - np.repeat(starts, np.diff(np.append(starts, len(s))))
    direct = np.zeros(n)
    top_other = np.full(n, -1, dtype=np.int64)
    if len(s):
        ends = np.append(starts[1:], len(s)) - 1
        direct[s[starts]] = 1.0 - after[ends]
        top_other[s[starts]] = items["other"].to_numpy()[starts]

    path, via, path_end = _paths(graph, active, config)
    use_path = path > direct
    evidence = np.maximum(direct, path)
    matched = np.where(use_path, path_end, top_other)

    gap = np.where(
        (matched >= 0) & (opened != _NAT_DAYS),
        opened - closed[np.maximum(matched, 0)],
        _NAT_DAYS,
    )
    gap = np.where(closed[np.maximum(matched, 0)] == _NAT_DAYS, _NAT_DAYS, gap)
    known = (matched >= 0) & (gap != _NAT_DAYS)
    relation = np.full(n, "", dtype=object)
    relation[(matched >= 0) & ~known] = "unknown"
    relation[known & (gap >= 0)] = "return"
    relation[known & (gap < 0)] = "sibling"
    prompt = known & (gap >= 0) & (gap <= sc.return_window_days)
    timing = np.where(prompt, sc.timing_weight * evidence * (1 - evidence), 0.0)
    score = np.clip(evidence + timing, 0.0, 1.0)

    # Long-form contributions: direct items, then path and timing items.
    items["item"] = "direct"
    items["via"] = -1
    extra = []
    p_idx = np.flatnonzero(active & use_path)
    if len(p_idx):
        extra.append(
            pd.DataFrame(
                {
                    "store": p_idx,
                    "item": "path",
                    "kind": "path",
                    "match": "path",
                    "ident": -1,
                    "other_ident": -1,
                    "other": path_end[p_idx],
                    "via": via[p_idx],
                    "similarity": np.nan,
                    "weight": path[p_idx],
                    "contribution": path[p_idx] - direct[p_idx],
                }
            )
        )
    t_idx = np.flatnonzero(active & (timing > 0))
    if len(t_idx):
        extra.append(
            pd.DataFrame(
                {
                    "store": t_idx,
                    "item": "timing",
                    "kind": "timing",
                    "match": "timing",
                    "ident": -1,
                    "other_ident": -1,
                    "other": matched[t_idx],
                    "via": -1,
                    "similarity": np.nan,
                    "weight": sc.timing_weight,
                    "contribution": timing[t_idx],
                }
            )
        )
    contributions = pd.concat([items, *extra], ignore_index=True) if extra else items
    item_rank = contributions["item"].map({"direct": 0, "path": 1, "timing": 2}).to_numpy()
    base_rank = contributions["rank"].fillna(0).to_numpy()
    order = np.lexsort((base_rank, item_rank, contributions["store"].to_numpy()))
    contributions = contributions.iloc[order].reset_index(drop=True)
    st = contributions["store"].to_numpy()
    cs = np.flatnonzero(group_starts(st))
    contributions["rank"] = np.arange(len(st)) - np.repeat(cs, np.diff(np.append(cs, len(st))))
    contributions = contributions[list(CONTRIBUTION_COLUMNS)]

    scores = _score_table(
        graph, stores, ring_of, contributions, score, matched, relation, platform, n_linked, active
    )
    return Scoring(scores=scores, contributions=contributions)


def _evidence_text(
    graph: EvidenceGraph, contributions: pd.DataFrame, closed: pd.Series, top: int = 3
) -> pd.Series:
    """A short, masked, one-line account of each store's strongest evidence (vectorised)."""
    c = contributions[contributions["rank"] < top]
    if c.empty:
        return pd.Series(dtype=object)
    sid = graph.store_ids
    item = c["item"].to_numpy(dtype=object)
    other = np.maximum(c["other"].to_numpy(), 0)
    via = np.maximum(c["via"].to_numpy(), 0)
    ident = c["ident"].to_numpy()
    closed_txt = closed.dt.strftime("%Y-%m-%d").fillna("date unknown").to_numpy(dtype=object)
    # Mask each distinct identifier once.
    used = np.unique(ident[ident >= 0])
    keys = graph.identifiers["key"].take(used).to_numpy(dtype=object)
    kinds = graph.identifiers["kind"].take(used).astype(str).to_numpy(dtype=object)
    masked = np.array(
        [f"{kind_label(k)} {mask_value(k, v)}" for k, v in zip(kinds, keys, strict=True)],
        dtype=object,
    )
    value = np.full(len(c), "", dtype=object)
    direct = ident >= 0
    value[direct] = masked[np.searchsorted(used, ident[direct])]
    near = np.where(c["match"].to_numpy(dtype=object) == "near", " (near match)", "")
    text = np.where(
        item == "direct",
        value + near + " shared with banned " + sid[other] + " (closed " + closed_txt[other] + ")",
        np.where(
            item == "path",
            "linked via " + sid[via] + " to banned " + sid[other],
            "opened soon after " + sid[other] + " was banned",
        ),
    )
    store = c["store"].to_numpy()
    rank = c["rank"].to_numpy()
    out = pd.Series(text[rank == 0], index=store[rank == 0], dtype=object)
    for k in range(1, top):
        more = pd.Series(text[rank == k], index=store[rank == k], dtype=object)
        idx = more.index
        out.loc[idx] = out.loc[idx].to_numpy() + "; " + more.to_numpy()
    return out


def _score_table(
    graph: EvidenceGraph,
    stores: pd.DataFrame,
    ring_of: np.ndarray,
    contributions: pd.DataFrame,
    score: np.ndarray,
    matched: np.ndarray,
    relation: np.ndarray,
    platform: np.ndarray,
    n_linked: pd.Series,
    active: np.ndarray,
) -> pd.DataFrame:
    idx = np.flatnonzero(active)
    sid = graph.store_ids
    direct = contributions[contributions["item"] != "timing"]
    kind_names = sorted({*graph.kinds, "via_ring"})
    kind_code = pd.Index(kind_names).get_indexer(
        direct["kind"].where(direct["kind"] != "path", "via_ring")
    )
    kinds = labels_by_group(direct["store"].to_numpy(), kind_code, kind_names, len(sid))
    evidence = _evidence_text(graph, contributions, stores["closed_at"])
    has_match = matched[idx] >= 0
    table = pd.DataFrame(
        {
            "store_id": sid[idx],
            "score": np.round(score[idx], 6),
            "matched_store_id": np.where(has_match, sid[np.maximum(matched[idx], 0)], None),
            "ring_id": ring_of[idx],
            "returning": relation[idx] == "return",
            "kinds": kinds[idx],
            "evidence": evidence.reindex(idx).fillna("").to_numpy(dtype=object),
            "relation": relation[idx],
            "cross_platform": has_match & (platform[idx] != platform[np.maximum(matched[idx], 0)]),
            "n_banned_linked": n_linked.reindex(idx).fillna(0).to_numpy(dtype=np.int64),
            "platform": platform[idx],
            "opened_at": stores["opened_at"].to_numpy()[idx],
        }
    )
    table = table.sort_values(["score", "store_id"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True)[list(SCORE_COLUMNS)]
