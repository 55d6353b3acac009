"""``analyze()``: the pipeline's steps in order, into one :class:`Analysis`.

read -> validate -> normalise (:func:`sellergraph.load`) -> link (:mod:`build`) ->
group (:mod:`rings`) -> score and explain (:mod:`scoring`).
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import platform as _platform
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._memory import release_free_memory
from ._parallel import alongside, forks_here
from .analysis import Analysis
from .build import EvidenceGraph, build_evidence, kind_rules
from .config import Config
from .dataset import DUPLICATE_STORE, Dataset, load
from .errors import ConfigError, InputError
from .io.tables import TableSource, text_codec
from .notices import near_hub_notice, shared_value_alerts_notice
from .reviews import read_reviews
from .rings import find_rings
from .schema import WHOLE_ROW_REASONS
from .scoring import (
    HUB_SPEAKS_AT,
    Scoring,
    banned_lift,
    banned_rate,
    hubs_table,
    score_stores,
    with_rings,
)

log = logging.getLogger(__name__)

__all__ = ["analyze", "check_rejected_shares", "package_versions", "rejected_shares"]

_VERSIONED = (
    "sellergraph",
    "pandas",
    "numpy",
    "scipy",
    "networkx",
    "phonenumbers",
    "rapidfuzz",
    "graspologic-native",
    "pyarrow",
)


def package_versions() -> dict[str, str]:
    """Versions of Python and the packages a result depends on."""
    out = {"python": _platform.python_version()}
    for name in _VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


#: From this many (distinct) links the rings are found alongside the scoring, in a
#: forked process (below, a fork costs more than it saves) ...
_RINGS_ALONGSIDE_LINKS = 1_000_000
#: ... up to this many: above, the two stages' memory would add up (at 75M links the
#: forked process held 8 GiB of its own next to the scoring's 11 GiB).
_RINGS_ALONGSIDE_MAX_LINKS = 25_000_000


@contextmanager
def _stage(
    timings: dict[str, float], name: str, report: Callable[[str], None] | None
) -> Iterator[None]:
    if report:
        report(name)
    t0 = time.perf_counter()
    yield
    release_free_memory()
    timings[name] = round(time.perf_counter() - t0, 3)


def analyze(
    stores: TableSource | Dataset,
    links: TableSource | None = None,
    *,
    config: Config | Mapping[str, Any] | None = None,
    seed: int = 0,
    columns: Mapping[str, str] | None = None,
    progress: Callable[[str], None] | None = None,
    reviews: TableSource | None = None,
    encoding: str = "utf-8",
    as_of: str | datetime.date | None = None,
) -> Analysis:
    """Find banned sellers returning under new identities.

    Parameters
    ----------
    stores : DataFrame, path or Dataset
        The stores table (or a :class:`Dataset` from :func:`sellergraph.load`).
    links : DataFrame or path, optional
        Long-format identifier links; omit for a wide stores table or a Dataset.
    config : Config or dict, optional
        Defaults to ``Config()``; a dict is read with :meth:`Config.from_dict`.
    seed : int, default 0
        Seed for community detection. Same input and seed give the same output.
    columns : mapping, optional
        Column renames, e.g. ``{"shop_id": "store_id"}``, over the config's ``columns``.
    progress : callable, optional
        Called with each stage's name as it starts.
    reviews : DataFrame or path, optional
        Investigators' decisions on earlier alerts (``store_id, decision``, ...): a
        reviewed alert is held back until its evidence changes; see
        :meth:`Analysis.with_reviews`.
    encoding : str, default "utf-8"
        Text encoding of the CSV and JSON files read (stores, links, reviews), e.g.
        ``"cp1252"`` for a Windows export; see :func:`sellergraph.load`. Recorded in
        the provenance as ``input_encoding``.
    as_of : str or date, optional
        The day the data is of (``"2024-06-01"``), which future dates are judged by in
        place of the day of the run: the config's ``dates.as_of``, which it sets (see
        :func:`sellergraph.load`). A :class:`Dataset` keeps the day it was loaded
        with; naming another is a :class:`~sellergraph.ConfigError`.

    Returns
    -------
    Analysis

    Examples
    --------
    >>> import pandas as pd
    >>> import sellergraph as sg
    >>> stores = pd.DataFrame({
    ...     "store_id": ["old", "new", "other"],
    ...     "status": ["banned", "active", "active"],
    ...     "opened_at": ["2016-01-01", "2017-06-01", "2015-01-01"],
    ...     "closed_at": ["2017-05-01", None, None]})
    >>> links = pd.DataFrame({
    ...     "store_id": ["old", "new", "old", "new", "other"],
    ...     "kind": ["device", "device", "phone", "phone", "phone"],
    ...     "value": ["IMEI:490154203237518", "490154203237518",
    ...               "+86 138 0013 8000", "138-0013-8000", "139 0000 1111"]})
    >>> result = sg.analyze(stores, links)
    >>> result.scores[["store_id", "score", "relation"]].values.tolist()
    [['new', 0.967892, 'return'], ['other', 0.0, '']]
    >>> result.explain("new").contributions[["kind", "contribution"]].values.tolist()
    [['device', 0.85], ['phone', 0.105], ['timing', 0.012893]]
    """
    timings: dict[str, float] = {}
    t_all = time.perf_counter()
    codec = text_codec(encoding)  # a name that is no encoding fails before reading
    if config is None:
        cfg = stores.config if isinstance(stores, Dataset) else Config()
    elif isinstance(config, Config):
        cfg = config
    else:
        cfg = Config.from_dict(config)
    if as_of is not None:
        cfg = cfg.replace(as_of=as_of)
    if isinstance(stores, Dataset):
        cfg = _with_loaded_as_of(cfg, stores.config, given=as_of is not None)
    # a reviews table that breaks the contract fails before the long part
    review_rows = (
        None
        if reviews is None
        else read_reviews(
            reviews,
            columns={**cfg.columns, **(columns or {})},
            date_order=cfg.dates.order,
            encoding=encoding,
            spreadsheet_serials=cfg.dates.spreadsheet_serials,
        )
    )
    if isinstance(stores, Dataset):
        # A loaded dataset keeps the normalisation it was loaded with.
        dataset = stores if stores.config == cfg else dataclasses.replace(stores, config=cfg)
    else:
        with _stage(timings, "load", progress):
            dataset = load(stores, links, columns=columns, config=cfg, encoding=encoding)
        timings.update({f"load_{step}": t for step, t in dataset.timings.items()})
    # before the long part: a run that would lose too much evidence stops
    shares = check_rejected_shares(dataset)
    with _stage(timings, "link", progress):
        evidence = build_evidence(dataset)
    notices = list(dataset.counts.get("notices") or [])
    near_hubs = near_hub_notice(
        evidence.near_hubs, {k: r.hub_cap for k, r in kind_rules(cfg).items()}
    )
    if near_hubs is not None:
        log.warning(near_hubs)
        notices.append(near_hubs)

    def rings_found() -> tuple[np.ndarray, pd.DataFrame, float]:
        t0 = time.perf_counter()
        ring_of, rings = find_rings(evidence, dataset.stores, cfg.rings, seed=seed)
        return ring_of, rings, round(time.perf_counter() - t0, 3)

    # Only the scores' ring_id column depends on the rings: from _RINGS_ALONGSIDE_LINKS
    # links to _RINGS_ALONGSIDE_MAX_LINKS they are found in a forked process (its own
    # interpreter) while this one scores, and the column is filled in last.
    if progress:
        progress("rings")
    n_links = len(dataset.codes.store)
    alongside_scoring = (
        _RINGS_ALONGSIDE_LINKS <= n_links <= _RINGS_ALONGSIDE_MAX_LINKS and forks_here()
    )
    with (
        alongside(rings_found, fork=True) if alongside_scoring else nullcontext(rings_found)
    ) as found:
        with _stage(timings, "score", progress):
            scoring = score_stores(evidence, dataset.stores, None, cfg)
            hubs = hubs_table(evidence, cfg)
        ring_of, rings, timings["rings"] = found()
    scoring = with_rings(scoring, ring_of)
    ring_score = scoring.scores.dropna(subset=["ring_id"]).groupby("ring_id")["score"].max()
    rings = rings.assign(score=ring_score.reindex(rings["ring_id"]).fillna(0.0).to_numpy())
    timings["total"] = round(time.perf_counter() - t_all, 3)
    alerted = scoring.scores["score"].to_numpy() >= cfg.scoring.alert_threshold
    alerts = int(alerted.sum())
    shared = shared_value_alerts_notice(
        _first_items(evidence, scoring, alerted, cfg),
        free_shares={k: r.free_share for k, r in kind_rules(cfg).items()},
    )
    if shared is not None:
        log.warning(shared)
        notices.append(shared)
    provenance = {
        "versions": package_versions(),
        "seed": seed,
        "counts": {
            **{k: v for k, v in dataset.counts.items()},
            **({"notices": notices} if notices else {}),
            "identifiers": len(evidence.identifiers),
            "store_links": len(evidence.pairs),
            "rings": len(rings),
            "hubs": len(hubs),
            "hubs_suppressed": int(hubs["suppressed"].sum()),
            "scored": int((scoring.scores["score"] > 0).sum()),
            "alerts": alerts,
            "rejected_share": shares,
        },
        "timings": timings,
    }
    if any(isinstance(s, str | Path) for s in (stores, links, reviews)):
        provenance["input_encoding"] = codec  # what the files were read as
    analysis = Analysis(
        dataset=dataset,
        evidence=evidence,
        scores=scoring.scores,
        rings=rings,
        hubs=hubs,
        contributions=scoring.contributions,
        ring_of=ring_of,
        config=cfg,
        score_codes=scoring.store,
        seed=seed,
        provenance=provenance,
    )
    return analysis if review_rows is None else analysis._with_review_rows(review_rows)


def _with_loaded_as_of(config: Config, loaded: Config, *, given: bool) -> Config:
    """``config`` with the ``dates.as_of`` a dataset was loaded with (its dates were
    judged by it: the analysis records that day); a ConfigError when ``as_of`` was
    ``given`` for another day.

    Examples
    --------
    >>> loaded = Config().replace(as_of="2024-06-01")
    >>> _with_loaded_as_of(Config(), loaded, given=False).dates.as_of
    '2024-06-01'
    >>> _with_loaded_as_of(Config().replace(as_of="2024-06-02"), loaded, given=True)
    Traceback (most recent call last):
    ...
    sellergraph.errors.ConfigError: as_of='2024-06-02' names another day than the dataset ...
    """
    day = loaded.dates.as_of
    if config.dates.as_of == day:
        return config
    if given:
        raise ConfigError(
            f"as_of={config.dates.as_of!r} names another day than the dataset was loaded with "
            f"({day!r}): the dates are judged when loading; give as_of to sg.load()"
        )
    return config.replace(as_of=day)


def _first_items(
    evidence: EvidenceGraph, scoring: Scoring, alerted: np.ndarray, config: Config
) -> pd.DataFrame:
    """Per identifier that is the first (largest) direct item of an alert, but those
    whose banned share has scoring take them for an operator's (``HUB_SPEAKS_AT``):
    its ``kind``, ``value``, ``n_stores``, ``n_banned``, ``n_alerts``, ``lift`` (its
    banned share's, :func:`~sellergraph.scoring.banned_lift`), ``alone`` (the share
    of those alerts with no other item) and ``carried`` (the share of each alert's
    evidence weight, the sum of its items' weights, that the identifier carries,
    averaged over those alerts)."""
    c = scoring.contributions
    c = c[np.isin(c["store"].to_numpy(), scoring.store[alerted])]
    first = c[(c["rank"].to_numpy() == 0) & (c["item"].to_numpy() == "direct")]
    store, item_store, n_items = np.unique(
        c["store"].to_numpy(), return_inverse=True, return_counts=True
    )
    first_store = np.searchsorted(store, first["store"].to_numpy())
    alone = n_items[first_store] == 1
    evidence_weight = np.bincount(item_store, weights=c["weight"].to_numpy(), minlength=len(store))
    share = first["weight"].to_numpy() / evidence_weight[first_store]
    ident, at, n_alerts = np.unique(
        first["ident"].to_numpy(), return_inverse=True, return_counts=True
    )
    idents = evidence.identifiers
    n_stores = idents["n_stores"].to_numpy()[ident]
    n_banned = idents["n_banned"].to_numpy()[ident]
    kind = idents["kind"]
    out = pd.DataFrame(
        {  # only the few identifiers' names and keys made Python strings
            "kind": np.asarray(kind.cat.categories, dtype=object)[kind.cat.codes.to_numpy()[ident]],
            "value": idents["key"].iloc[ident].to_numpy(dtype=object),
            "n_stores": n_stores,
            "n_banned": n_banned,
            "n_alerts": n_alerts,
            "lift": banned_lift(
                n_stores,
                n_banned,
                banned_rate=banned_rate(evidence),
                prior=config.scoring.banned_share_prior,
            ),
            "alone": np.bincount(at, weights=alone, minlength=len(ident)) / n_alerts,
            "carried": np.bincount(at, weights=share, minlength=len(ident)) / n_alerts,
        }
    )
    return out[out["lift"] < HUB_SPEAKS_AT].reset_index(drop=True)


#: Reasons of links set aside that held no evidence (a placeholder, an empty value or
#: row, the header again) or hold it elsewhere (a repeat, merged into its link; a
#: value the config lists as known shared): not counted against
#: ``input.max_rejected_links_share``.
NO_EVIDENCE_LOST: frozenset[str] = frozenset(
    {"duplicate", "known_shared", "placeholder", "empty", *WHOLE_ROW_REASONS}
)


def rejected_shares(dataset: Dataset) -> dict[str, tuple[int, int, dict[str, int]]]:
    """Per table (``links``, ``stores``): the rows set aside with the evidence they
    hold, the rows read, and the rows set aside by reason (most first), as
    ``input.max_rejected_links_share`` and ``..._stores_share`` count them.

    Links: every link set aside (``counts["links_rejected"]``) but those of
    :data:`NO_EVIDENCE_LOST`, of ``counts["links_in"]``. Stores: the rows set aside as
    ``duplicate_store_id`` (``input.duplicate_stores = "reject"``), of the stores rows
    read but empty and header rows.

    Examples
    --------
    >>> import pandas as pd
    >>> import sellergraph as sg
    >>> stores = pd.DataFrame({"store_id": ["S1", "S2"], "status": ["banned", "active"]})
    >>> links = pd.DataFrame({"store_id": ["S1", "S2", "S9", "S2"], "kind": "phone",
    ...                       "value": ["13800138000", "N/A", "13800138000", "13800138000"]})
    >>> rejected_shares(sg.load(stores, links))
    {'links': (1, 4, {'unknown_store': 1}), 'stores': (0, 2, {})}
    """
    rejected = dataset.rejected
    code, reasons = pd.factorize(rejected["reason"], use_na_sentinel=False)
    names = np.asarray(reasons, dtype=object)
    dropped = rejected["dropped"].to_numpy(dtype=bool)
    on_stores = (rejected["table"] == "stores").to_numpy(dtype=bool)
    store_row = np.isin(names, [*WHOLE_ROW_REASONS, DUPLICATE_STORE])[code] & on_stores
    stores_aside = dropped & store_row & (names == DUPLICATE_STORE)[code]
    links_lost = dropped & ~store_row & ~np.isin(names, list(NO_EVIDENCE_LOST))[code]
    counts = dataset.counts
    n_aside = int(stores_aside.sum())
    return {
        "links": (
            int(links_lost.sum()),
            int(counts["links_in"]),
            _by_reason(code[links_lost], names),
        ),
        "stores": (n_aside, int(counts["stores"]) + n_aside, _by_reason(code[stores_aside], names)),
    }


def _by_reason(codes: np.ndarray, names: np.ndarray) -> dict[str, int]:
    """How many of ``codes`` (of ``names``) each reason is, most first (ties by name)."""
    n = np.bincount(codes, minlength=len(names))
    return dict(
        sorted(((str(names[i]), int(n[i])) for i in np.flatnonzero(n)), key=lambda p: (-p[1], p[0]))
    )


def check_rejected_shares(dataset: Dataset) -> dict[str, float]:
    """Raise :class:`~sellergraph.InputError` when a table lost more of its rows, with
    the evidence they hold, than its config allows (``input.max_rejected_links_share``,
    ``input.max_rejected_stores_share``; :func:`rejected_shares` counts them): the
    results would miss that evidence, as when the links' store ids are written another
    way than the stores' (``unknown_store``) for half of them. Returns each table's
    share (``counts["rejected_share"]`` of a run).

    Examples
    --------
    >>> import pandas as pd
    >>> import sellergraph as sg
    >>> stores = pd.DataFrame({"store_id": ["1", "2"], "status": ["banned", "active"]})
    >>> links = pd.DataFrame({"store_id": ["1", "02", "02"], "kind": "phone",
    ...                       "value": ["13800138000", "13800138000", "13900139000"]})
    >>> half = sg.Config().replace(max_rejected_links_share=0.5)
    >>> check_rejected_shares(sg.load(stores, links, config=half))
    Traceback (most recent call last):
    ...
    sellergraph.errors.InputError: 2 of 3 links (67%) were set aside with the evidence ...
    >>> check_rejected_shares(sg.load(stores, links))  # by default no share stops a run
    {'links': 0.666667, 'stores': 0.0}
    """
    limits = {
        "links": dataset.config.input.max_rejected_links_share,
        "stores": dataset.config.input.max_rejected_stores_share,
    }
    found = rejected_shares(dataset)
    for table, (lost, of, by_reason) in found.items():
        if not of or lost <= limits[table] * of:
            continue
        setting = f"input.max_rejected_{table}_share"
        reasons = ", ".join(f"{n:,} {r}" for r, n in list(by_reason.items())[:5])
        more = f", and {len(by_reason) - 5} more reasons" if len(by_reason) > 5 else ""
        said = (
            f"{lost:,} of {of:,} {table} ({_share(lost / of, limits[table])}) were set aside "
            f"with the evidence they hold ({reasons}{more}), more than {setting} allows "
            f"({limits[table]:g}): the results would miss that evidence. "
        )
        raise InputError(
            said + "The load's warnings (counts['notices']) say what looks wrong, and "
            "sg.load() returns every row set aside, with its reason, in Dataset.rejected; "
            f"fix the input, or raise {setting} to analyse it as it is.",
            command_line=said + "The warnings above say what looks wrong; fix the input, or "
            f"raise the share (--max-rejected-share {table}=1, or [input] "
            f"max_rejected_{table}_share in --config) to analyse it as it is and read the "
            "run's rejected table.",
        )
    return {table: round(lost / of, 6) if of else 0.0 for table, (lost, of, _) in found.items()}


def _share(share: float, limit: float) -> str:
    """A share as a percentage, with the decimals that tell it from ``limit``.

    Examples
    --------
    >>> _share(23_992 / 47_983, 0.5), _share(0.75, 0.5)
    ('50.001%', '75%')
    """
    for decimals in range(4):
        text = f"{share:.{decimals}%}"
        if text != f"{limit:.{decimals}%}":
            return text
    return f"{share:.4%}"
