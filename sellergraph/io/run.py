"""A run folder: every output of one analysis, as files.

``write_run`` writes ``scores``, ``alerts``, ``rings``, ``hubs``, ``rejected`` and
``evidence`` (the long-form explanation of every scored store) as CSV or Parquet,
plus ``report.html`` and ``run.json`` (config, package versions, the keys version of
its identifier keys, input and output counts, per-stage timings). It also writes
``stores`` (the validated stores) and ``links`` (the *normalised* links), from which
:func:`read_analysis` rebuilds the whole :class:`~sellergraph.Analysis` for the commands
that work on a run folder (``index``, ``export``, ``neo4j push``). Those two tables hold
personal data in normalised form: a run folder is internal; what leaves the platform
goes through the exports, which hash or mask identifiers.

The tables' rows are in an order that depends on their content only, not on the
input's row order: ``scores`` and ``alerts`` by score (highest first), then store
id; ``rings`` by ring id; ``hubs`` by holders (most first), kind and value;
``evidence`` by store id, then rank; ``stores`` by store id; ``links`` by store id,
kind and key; ``rejected`` as :func:`~sellergraph.analysis.rejected_order` says (its
``row`` points into the input file). The same stores and links in any row order
give the same files, but for the rejected rows' ``row``.

``read_run`` reads ``run.json``; ``read_run_table`` one table.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
import time
from collections.abc import Callable, Hashable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from .._memory import release_free_memory
from .._parallel import alongside
from .._version import KEYS_VERSION, keys_version_of, keys_version_text
from ..address_columns import address_groups, part_columns
from ..build import link_order_blocks
from ..errors import InputError
from ..schema import PLAIN_COLUMNS, STORE_COLUMNS, is_kind_column
from .tables import read_table, table_format, write_table

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..config import Config
    from ..dataset import Dataset

__all__ = [
    "RUN_TABLES",
    "file_sha256",
    "read_analysis",
    "read_run",
    "read_run_table",
    "run_settings",
    "run_store_columns",
    "write_run",
]

#: Tables written to a run folder, in order (and ``reviews`` after ``stores``, when
#: the analysis was given investigators' reviews).
RUN_TABLES: tuple[str, ...] = (
    "scores",
    "alerts",
    "rings",
    "hubs",
    "rejected",
    "evidence",
    "stores",
    "links",
)
_LINK_COLUMNS = ["store_id", "kind", "key", "first_seen", "last_seen"]
#: The links table's columns read dictionary-encoded, as categoricals: a store's id
#: on each of its links, a few kinds, a few thousand days.
_REPEATED_LINK_COLUMNS = frozenset({"store_id", "kind", "first_seen", "last_seen"})


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with each date column as ``YYYY-MM-DD`` text (missing stays missing).

    Columns are replaced, not copied (pandas copies on write). A column name that
    is not unique is left as it is.
    """
    out = frame.copy(deep=False)
    unique = ~frame.columns.duplicated(keep=False)
    for i in range(frame.shape[1]):
        if unique[i] and pd.api.types.is_datetime64_any_dtype(frame.dtypes.iloc[i]):
            out.isetitem(i, _date_text(frame.iloc[:, i]))
    return out


#: The days whose ``YYYY-MM-DD`` text Arrow writes as ``strftime`` does: years
#: 1000 to 9999 (``strftime`` does not pad a year to four digits).
_TEXT_DAYS = (
    int(np.datetime64("1000-01-01", "D").view(np.int64)),
    int(np.datetime64("9999-12-31", "D").view(np.int64)),
)


def _date_text(values: pd.Series) -> pd.Series:
    """``values.dt.strftime("%Y-%m-%d")``, each day formatted once (:func:`_day_text`)."""
    import pyarrow as pa

    if not isinstance(values.dtype, np.dtype):  # with a time zone
        return values.dt.strftime("%Y-%m-%d")
    days = values.to_numpy().astype("datetime64[D]")
    known = days[~np.isnat(days)].view(np.int64)
    if len(known) and (known.min() < _TEXT_DAYS[0] or known.max() > _TEXT_DAYS[1]):
        return values.dt.strftime("%Y-%m-%d")
    text = _day_text(days).cast(pa.large_string())
    like = values.iloc[:0].dt.strftime("%Y-%m-%d").dtype  # the text dtype strftime gives
    return pd.Series(pd.array(text, dtype=like), index=values.index, name=values.name)


def run_store_columns(columns: Iterable[Hashable], kinds: Iterable[str]) -> list[Hashable]:
    """The stores columns a run folder's ``stores`` table carries, in order.

    The contract's columns, then every other input column as it came, but for a
    wide input's identifier columns (named after a configured kind: their values
    are in ``links``, normalised, and reading the folder back would count them
    twice; and the parts of an address composed from several columns,
    :func:`~sellergraph.address_columns.address_groups`) and ``ring_id``, which the
    run writes itself.

    Examples
    --------
    >>> run_store_columns(
    ...     ["store_id", "seller_tier", "status", "Phone", "ring_id", "gmv"], ["phone", "device"]
    ... )
    ['store_id', 'status', 'seller_tier', 'gmv']
    >>> run_store_columns(["store_id", "Address Line 1", "City", "gmv"], ["address"])
    ['store_id', 'gmv']
    """
    labels = list(columns)
    identifier_kinds = set(kinds)
    address_parts = part_columns(address_groups(labels, identifier_kinds))
    contract = [c for c in STORE_COLUMNS if c in labels]
    others = [
        c
        for c in labels
        if c not in STORE_COLUMNS
        and c != "ring_id"
        and c not in address_parts
        and not is_kind_column(c, identifier_kinds)
    ]
    return contract + others


def run_tables(analysis: Analysis, *, raw: bool = False) -> dict[str, pd.DataFrame]:
    """The run's tables as DataFrames (pure; what :func:`write_run` writes)."""
    return {name: build() for name, build in _table_builders(analysis, raw=raw).items()}


def _table_builders(analysis: Analysis, *, raw: bool) -> dict[str, Callable[[], pd.DataFrame]]:
    """How to build each of the run's tables (one at a time, so a run holds one at most)."""

    def scores() -> pd.DataFrame:
        return analysis.scores[analysis.scores["score"] > 0]

    def hubs() -> pd.DataFrame:
        return analysis.hubs if raw else analysis.hubs.drop(columns="value")

    def rejected() -> pd.DataFrame:
        table = analysis.rejected
        if raw:
            return table
        plain = table["column"].isin(PLAIN_COLUMNS).to_numpy()
        masked = [
            v if v is None or keep else _mask_text(str(v))
            for v, keep in zip(table["value"].tolist(), plain, strict=True)
        ]
        return table.assign(value=pd.Series(masked, index=table.index, dtype=object))

    def stores() -> pd.DataFrame:
        # and each store's ring: evaluating a run folder counts every ring member
        table = analysis.stores
        carried = table[run_store_columns(table.columns, analysis.config.kinds)]
        carried = carried.rename(columns=str).assign(ring_id=analysis.ring_of)
        by_id = _store_order(analysis)
        return carried if by_id is None else carried.take(by_id).reset_index(drop=True)

    builders: dict[str, Callable[[], pd.DataFrame]] = {
        "scores": scores,
        "alerts": lambda: analysis.alerts,
        "rings": lambda: analysis.rings,
        "hubs": hubs,
        "rejected": rejected,
        "evidence": lambda: analysis.explanations(mask=not raw),
        "stores": stores,
    }
    if analysis.review_table is not None:
        builders["reviews"] = lambda: analysis.reviews
    return {name: functools.partial(_as_written, build) for name, build in builders.items()}


def _as_written(build: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    return _dates_as_text(build().reset_index(drop=True))


def write_links(
    analysis: Analysis, path: str | Path, *, fmt: str, chunk_rows: int = 1_000_000
) -> Path:
    """Write the normalised links (``store_id, kind, key, first_seen, last_seen, n_obs``).

    In order of store id, kind and key, written a block of whole stores at a time
    straight from the integer codes, so a run of millions of links never holds them
    all as Python strings, nor their order.
    """
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    codes = analysis.dataset.codes
    store_ids = _arrow_strings(analysis.stores["store_id"])
    idents = codes.identifiers
    kind = idents["kind"].astype("category")
    kind_names = pa.array([str(k) for k in kind.cat.categories], type=pa.string())
    kind_of = np.asarray(kind.cat.codes, dtype=np.int64)
    keys = _arrow_strings(idents["key"])
    schema = pa.schema([*((name, pa.string()) for name in _LINK_COLUMNS), ("n_obs", pa.int64())])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    writer: Any = (
        pq.ParquetWriter(path, schema) if fmt == "parquet" else pacsv.CSVWriter(path, schema)
    )
    blocks = link_order_blocks(
        codes.store, codes.ident, idents, analysis._store_id_ranks, block_rows=chunk_rows
    )
    with writer:
        for rows in blocks:
            store = pa.array(codes.store[rows])
            ident = pa.array(codes.ident[rows])
            batch = pa.record_batch(
                [
                    _take(store_ids, store).cast(pa.string()),
                    kind_names.take(pa.array(kind_of[codes.ident[rows]])),
                    _take(keys, ident).cast(pa.string()),
                    _day_text(codes.first_seen[rows]),
                    _day_text(codes.last_seen[rows]),
                    pa.array(codes.n_obs[rows], type=pa.int64()),
                ],
                schema=schema,
            )
            writer.write_batch(batch)
    return path


def _store_order(analysis: Analysis) -> np.ndarray | None:
    """Positions ordering the stores table by store id (None: in that order already)."""
    ranks = analysis._store_id_ranks
    if ranks is None:
        return None
    order = np.empty(len(ranks), dtype=np.int64)
    order[ranks] = np.arange(len(ranks))
    return order


def _day_text(values: np.ndarray) -> Any:
    """Dates as ``YYYY-MM-DD`` Arrow text (null for NaT).

    Links' dates span a few thousand days: each day is written once and the rows
    take theirs by position.
    """
    import pyarrow as pa

    days = values.astype("datetime64[D]").view(np.int64)
    known = days != np.iinfo(np.int64).min
    if not known.any():
        return pa.nulls(len(days), pa.string())
    lo, hi = int(days[known].min()), int(days[known].max())
    if hi - lo > 1_000_000:
        return pa.array(values.astype("datetime64[D]"), type=pa.date32()).cast(pa.string())
    names = pa.array(np.arange(lo, hi + 1).astype("datetime64[D]"), type=pa.date32())
    return names.cast(pa.string()).take(pa.array((days - lo).astype(np.int32), mask=~known))


def _arrow_strings(values: pd.Series) -> Any:
    """A string column as Arrow (chunks kept: no copy), without a detour through Python."""
    import pyarrow as pa

    arr = pa.array(values) if pd.api.types.is_string_dtype(values) else None
    if arr is None or (not pa.types.is_string(arr.type) and not pa.types.is_large_string(arr.type)):
        arr = pa.array(values.astype(str).to_numpy(dtype=object), type=pa.string())
    return arr


def _take(values: Any, positions: Any) -> Any:
    """``values.take(positions)`` as one array (a chunked column's take is chunked)."""
    import pyarrow as pa

    out = values.take(positions)
    return out.combine_chunks() if isinstance(out, pa.ChunkedArray) else out


#: A masked value longer than this is written shortened, with its length.
_MASKED_MAX = 128


def _mask_text(value: str) -> str:
    """Mask a raw value of unknown kind: keep its first two and last two characters (of
    a value longer than :data:`_MASKED_MAX`, with a few stars and its length: a
    ``too_long`` value of 5,000 characters is no 5,000 stars in every run folder).

    Examples
    --------
    >>> _mask_text("+86 138 0013 8000"), _mask_text("x" * 5000)
    ('+8*************00', 'xx************xx (5,000 characters)')
    """
    if len(value) <= 6:
        return "*" * len(value)
    if len(value) > _MASKED_MAX:
        return f"{value[:2]}{'*' * 12}{value[-2:]} ({len(value):,} characters)"
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


#: Above this many (distinct) links the report is made after the tables, not alongside.
_ALONGSIDE_MAX_LINKS = 25_000_000
#: From this many (distinct) links the report is made in a forked process.
_REPORT_FORK_MIN_LINKS = 1_000_000


#: The files a run writes into its folder, in either table format: what an earlier
#: run into the same folder may have left.
_RUN_FILES = frozenset(
    f"{name}.{ext}" for name in (*RUN_TABLES, "reviews") for ext in ("csv", "parquet")
) | {"report.html"}


def _remove_earlier_outputs(
    folder: Path, *, keep: set[str], inputs: Mapping[str, str | Path] | None
) -> list[str]:
    """Remove the files an earlier run left in ``folder`` that this run will not write
    over (last night's CSV tables beside tonight's Parquet ones, a report or reviews
    this run does not write), so that a person or a script reading the folder reads
    this run's. Only a run folder's (one with ``run.json``) own file names go, never
    an input file. Returns the names removed (a warning names them too)."""
    if not (folder / "run.json").is_file():
        return []
    given = {Path(p).resolve() for p in (inputs or {}).values()}
    stale = sorted(
        name
        for name in _RUN_FILES - keep
        if (folder / name).is_file() and (folder / name).resolve() not in given
    )
    for name in stale:
        (folder / name).unlink()
    if stale:
        log.warning(
            "removed %s of an earlier run in %s that this run does not write: %s",
            "a file" if len(stale) == 1 else f"{len(stale)} files",
            folder,
            ", ".join(stale),
        )
    return stale


def write_run(
    analysis: Analysis,
    out: str | Path,
    *,
    fmt: Literal["csv", "parquet"] = "csv",
    raw: bool = False,
    report: bool = True,
    inputs: Mapping[str, str | Path] | None = None,
    extra: Mapping[str, Any] | None = None,
    evaluation: Any = None,
) -> dict[str, Path]:
    """Write every output of an analysis into the folder ``out``.

    Parameters
    ----------
    analysis : Analysis
    out : path
        Folder, created if missing.
    fmt : {"csv", "parquet"}
        Table format.
    raw : bool, default False
        Write raw identifier values; by default values are masked in ``evidence``,
        ``hubs`` and ``rejected``.
    report : bool, default True
        Also write ``report.html``.
    inputs : mapping, optional
        Input files to record in ``run.json`` with their size and SHA-256, and (CSV
        and JSON files) the text encoding the analysis read them in.
    extra : mapping, optional
        More entries for ``run.json`` (for example the command line).
    evaluation : Evaluation, optional
        Added to the report when given.

    Returns
    -------
    dict
        Name -> path of every file written.
    """
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    builders = _table_builders(analysis, raw=raw)
    _remove_earlier_outputs(
        folder,
        keep={f"{n}.{fmt}" for n in [*builders, "links"]} | ({"report.html"} if report else set()),
        inputs=inputs,
    )
    timings: dict[str, float] = {}

    def make_report() -> tuple[Path, float]:
        from ..report import write_report

        t1 = time.perf_counter()
        path = write_report(analysis, folder / "report.html", evaluation=evaluation)
        return path, round(time.perf_counter() - t1, 3)

    # The report (mostly Python: charts, HTML) is made alongside the tables (mostly
    # Arrow and Parquet), from _REPORT_FORK_MIN_LINKS links in a forked process, so
    # that neither waits for the other's interpreter; on a thread below that (a fork
    # costs more than it saves there). Above _ALONGSIDE_MAX_LINKS links one after the
    # other, so their memory does not add up.
    n_links = len(analysis.dataset.codes.store)
    alongside_tables = report and n_links <= _ALONGSIDE_MAX_LINKS
    written: dict[str, Path] = {}
    with (
        alongside(make_report, fork=n_links >= _REPORT_FORK_MIN_LINKS)
        if alongside_tables
        else contextlib.nullcontext()
    ) as report_result:
        t0 = time.perf_counter()
        for name, build in builders.items():
            written[name] = write_table(build(), folder / f"{name}.{fmt}", fmt=fmt)
            release_free_memory()
        written["links"] = write_links(analysis, folder / f"links.{fmt}", fmt=fmt)
        release_free_memory()
        timings["write_tables"] = round(time.perf_counter() - t0, 3)
        input_files = {
            k: {"path": str(v), "bytes": Path(v).stat().st_size, "sha256": file_sha256(v)}
            for k, v in (inputs or {}).items()
            if Path(v).is_file()
        }
        # the encoding CSV and JSON files were read in (Parquet has none)
        encoding = analysis.provenance.get("input_encoding")
        for k, v in (inputs or {}).items():
            if k in input_files and encoding and table_format(v) != "parquet":
                input_files[k]["encoding"] = encoding
        if report_result is not None:
            written["report"], timings["report"] = report_result()
    if report and not alongside_tables:
        written["report"], timings["report"] = make_report()
    meta: dict[str, Any] = {
        "sellergraph_run": 1,
        "format": fmt,
        "raw_values": raw,
        "config": analysis.config.to_dict(),
        "seed": analysis.seed,
        "versions": analysis.provenance.get("versions", {}),
        # the keys of ``links`` (an analysis rebuilt from an earlier folder holds its keys)
        "keys_version": keys_version_of(analysis.provenance),
        "counts": analysis.provenance.get("counts", {}),
        "timings": {**analysis.provenance.get("timings", {}), **timings},
        "outputs": {k: p.name for k, p in written.items()},
    }
    if inputs:
        meta["inputs"] = input_files
    if extra:
        meta.update(extra)
    run_json = folder / "run.json"
    run_json.write_text(json.dumps(meta, indent=2, sort_keys=True, default=str) + "\n")
    written["run"] = run_json
    return written


def read_run(folder: str | Path) -> dict[str, Any]:
    """Read ``run.json`` of a run folder (raises InputError when it is not one)."""
    path = Path(folder) / "run.json"
    if not path.is_file():
        raise InputError(
            f"{str(folder)!r} is not a run folder (no run.json; make one with 'sellergraph run')"
        )
    try:
        meta: dict[str, Any] = json.loads(path.read_text())
    except ValueError as exc:
        raise InputError(f"{str(path)!r} is not valid JSON: {exc}") from None
    if not isinstance(meta, dict):
        raise InputError(f"{str(path)!r} is not a run summary (a JSON object)")
    return meta


def run_settings(folder: str | Path, meta: Mapping[str, Any]) -> tuple[Config, int]:
    """The config and seed a run recorded (an InputError when run.json lacks them)."""
    from ..config import Config

    config, seed = meta.get("config"), meta.get("seed", 0)
    if not isinstance(config, dict) or isinstance(seed, bool) or not isinstance(seed, int):
        raise InputError(
            f"{str(Path(folder) / 'run.json')!r} does not record the run's config and seed "
            "(edited, or cut short while written): run 'sellergraph run' again"
        )
    return Config.from_dict(config, recorded=True), seed


def read_run_table(folder: str | Path, name: str) -> pd.DataFrame:
    """One table of a run folder, in whichever format it was written.

    ``evidence`` written before it had a ``flag`` column is read with an empty one
    after ``match``: that folder showed no flags.
    """
    meta = read_run(folder)
    path = Path(folder) / f"{name}.{meta.get('format', 'csv')}"
    frame = read_table(path, table=name)
    if name == "evidence":
        frame = _evidence_with_flag(frame)
    for col in ("score", "weight", "contribution", "cumulative", "similarity"):
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col].replace("", None))
    for col in ("returning", "cross_platform"):
        if col in frame.columns and frame[col].dtype != bool:
            frame[col] = frame[col].map({"True": True, "False": False})
    return frame.replace({"": None})


def _evidence_with_flag(evidence: pd.DataFrame) -> pd.DataFrame:
    """An evidence table with a ``flag`` column: as it is, or (written before evidence
    had one) with an empty one after ``match``, where explanations have it.

    Examples
    --------
    >>> old = pd.DataFrame({"store_id": ["S1"], "rank": [1], "match": ["exact"], "value": ["x"]})
    >>> list(_evidence_with_flag(old).columns), _evidence_with_flag(old)["flag"].tolist()
    (['store_id', 'rank', 'match', 'flag', 'value'], [None])
    """
    if "flag" in evidence.columns:
        return evidence
    columns = list(evidence.columns)
    at = columns.index("match") + 1 if "match" in columns else len(columns)
    out = evidence.copy(deep=False)
    out.insert(at, "flag", pd.Series([None] * len(out), index=out.index, dtype=object))
    return out


def read_analysis(folder: str | Path, *, progress: Any = None, check: bool = True) -> Analysis:
    """Rebuild the :class:`~sellergraph.Analysis` of a run folder.

    The analysis is recomputed from the folder's ``stores`` and ``links`` tables
    with the config and seed recorded in ``run.json``: the pipeline is deterministic
    and normalised keys normalise to themselves, so the result is the run's.

    Parameters
    ----------
    folder : path
        A folder written by ``sellergraph run`` (or :func:`write_run`).
    progress : callable, optional
        Called with each stage's name.
    check : bool, default True
        Compare the rebuilt scores with the folder's ``scores`` table and raise
        :class:`~sellergraph.InputError` when they differ (a folder edited by hand
        or written by another version).

    Returns
    -------
    Analysis
        Its provenance records the folder's ``keys_version`` (None when ``run.json``
        records none): the stored keys are read as stored, so what is built from
        the analysis (an index, a watchlist) holds keys of that version. A folder of
        another keys version than this sellergraph's is named in a warning (the
        ``sellergraph`` logger); :meth:`~sellergraph.Screener.from_analysis` refuses
        to index it.
    """
    from ..pipeline import analyze

    meta = read_run(folder)
    config, seed = run_settings(folder, meta)
    fmt = meta.get("format", "csv")
    for name in ("stores", "links"):
        if not (Path(folder) / f"{name}.{fmt}").is_file():
            raise InputError(
                f"run folder {str(folder)!r} has no {name} table (written by sellergraph "
                f"{meta.get('versions', {}).get('sellergraph', 'before 0.1')}); run "
                "'sellergraph run' again to write one"
            )
    # the folder's stored keys are read as stored: the rebuilt analysis holds its version's
    keys_version = keys_version_of({"keys_version": meta.get("keys_version")})
    _warn_other_keys(folder, keys_version)
    if progress:
        progress("load")
    t0 = time.perf_counter()
    dataset, n_obs = _load_run(folder, fmt, config)
    release_free_memory()
    loaded = round(time.perf_counter() - t0, 3)
    analysis = _with_load_timings(
        analyze(dataset, config=config, seed=seed, progress=progress), dataset, loaded
    )
    if n_obs is not None:
        analysis = _with_observations(analysis, n_obs)
    if check:
        _check_scores(folder, analysis)
    if "reviews" in (meta.get("outputs") or {}):  # the alerts its reviews held back stay so
        analysis = dataclasses.replace(analysis, review_table=read_run_table(folder, "reviews"))
    provenance = {**analysis.provenance, "keys_version": keys_version}
    if isinstance(meta.get("counts"), dict):  # the run's input, not the rebuild's
        provenance["counts"] = dict(meta["counts"])
    return dataclasses.replace(analysis, provenance=provenance)


def _warn_other_keys(folder: str | Path, recorded: int | None) -> None:
    """Say so when a run folder's keys are of another keys version than this
    sellergraph makes: they are read as stored, and what is built from them holds them."""
    if recorded == KEYS_VERSION:
        return
    log.warning(
        f"run folder {str(folder)!r} holds identifier keys of {keys_version_text(recorded)}; "
        f"this sellergraph makes keys version {KEYS_VERSION}: its keys are read as stored, so "
        "an index or a watchlist built from it holds that version's keys (an index of them "
        "is refused); run 'sellergraph run' again for this version's keys"
    )


def _observations(links: pd.DataFrame) -> np.ndarray | None:
    """The links table's ``n_obs`` (None when a folder written before it has none)."""
    if "n_obs" not in links.columns:
        return None
    counts = pd.to_numeric(_blank_as_missing(links["n_obs"]), errors="coerce")
    if counts.isna().any() or (counts < 1).any():
        return None
    return counts.to_numpy(dtype=np.int64)


def _load_run(folder: str | Path, fmt: str, config: Config) -> tuple[Dataset, np.ndarray | None]:
    """The run's stores and links loaded (:func:`~sellergraph.load`), and each link's
    ``n_obs``.

    The tables read are let go once loaded, before the rest of the rebuild: handed
    to :func:`~sellergraph.analyze` they would be held to its end, as they are not
    in the run, which reads its input from files.
    """
    from ..dataset import load, reading_stored_keys

    stores = read_run_table(folder, "stores").drop(columns="ring_id", errors="ignore")
    links, n_obs = _link_observations(folder, fmt)
    # the folder's tables have the contract's names: the input's renames are not theirs
    with reading_stored_keys():
        return load(stores, links, config=config.replace(columns={})), n_obs


def _with_load_timings(analysis: Analysis, dataset: Dataset, seconds: float) -> Analysis:
    """The analysis with the load's timings in its provenance, as :func:`analyze` records them."""
    timings = dict(analysis.provenance.get("timings", {}))
    total = timings.pop("total", 0.0)
    timings = {
        "load": seconds,
        **{f"load_{step}": t for step, t in dataset.timings.items()},
        **timings,
        "total": round(total + seconds, 3),
    }
    return dataclasses.replace(analysis, provenance={**analysis.provenance, "timings": timings})


def _link_observations(folder: str | Path, fmt: str) -> tuple[pd.DataFrame, np.ndarray | None]:
    """The run's links as the observations the rebuild reads, and each link's ``n_obs``.

    A link stands for (at most) two observations, its first and its last sighting:
    the table's rows, ``store_id, kind, value, observed_at``, are its links at their
    first sighting, then those last seen on another day, at their last sighting.
    Store ids, kinds and days stay categorical, as a run reads them from its input
    files: held as text per row, millions of them took more memory than the run.
    """
    links = _read_links(folder, fmt)
    n_obs = _observations(links)
    links = links[["store_id", "kind", "value", "first_seen", "last_seen"]]
    if links.empty:
        raise InputError(
            f"run folder {str(folder)!r} has no accepted links (every input link was rejected; "
            "see its rejected table): there is no evidence to rebuild, index or export"
        )
    first, last = _same_days(links["first_seen"], links["last_seen"])
    first_day, last_day = first.cat.codes.to_numpy(), last.cat.codes.to_numpy()
    again = np.flatnonzero((last_day != -1) & (last_day != first_day))
    days = pd.Categorical.from_codes(
        np.concatenate([first_day, last_day[again]]), dtype=first.dtype
    )
    observations = pd.DataFrame(
        {
            **{
                c: _then_rows(_blank_as_missing(links[c]), again)
                for c in ("store_id", "kind", "value")
            },
            "observed_at": days,
        }
    )
    return observations, n_obs


def _then_rows(values: pd.Series, rows: np.ndarray) -> pd.Series:
    """``values``, then its ``rows`` again (from 0 on)."""
    return pd.concat([values, values.take(rows)], ignore_index=True)


def _same_days(first: pd.Series, last: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Two date columns as categoricals of the same days (a blank one missing)."""
    first, last = (_blank_as_missing(v).astype("category") for v in (first, last))
    days = first.cat.categories.union(last.cat.categories)
    return first.cat.set_categories(days), last.cat.set_categories(days)


def _blank_as_missing(values: pd.Series) -> pd.Series:
    """A column with its empty texts missing (a CSV file's missing values read as ``""``)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        blank = values.cat.categories == ""
        return values.cat.remove_categories([""]) if blank.any() else values
    blank = (values == "").to_numpy(dtype=bool, na_value=False)
    return values.mask(blank) if blank.any() else values


def _with_observations(analysis: Analysis, n_obs: np.ndarray) -> Analysis:
    """The rebuilt analysis with each link's observation count as the run counted it.

    The rebuild reads each link as (at most) two observations, its first and last
    sighting; the links table's row ``i`` is input row ``i`` of the rebuild, and the
    first input row of the rebuilt link it makes.
    """
    codes = analysis.dataset.codes
    if len(codes.row) != len(n_obs) or not (codes.row < len(n_obs)).all():
        return analysis
    dataset = dataclasses.replace(
        analysis.dataset, codes=dataclasses.replace(codes, n_obs=n_obs[codes.row])
    )
    return dataclasses.replace(analysis, dataset=dataset)


def _read_links(folder: str | Path, fmt: str) -> pd.DataFrame:
    """The run's normalised links (an empty table when every input link was rejected)."""
    path = Path(folder) / f"links.{fmt}"
    if fmt == "csv" and _header_only(path):
        return pd.DataFrame({c: pd.Series(dtype="str") for c in _LINK_COLUMNS}).rename(
            columns={"key": "value"}
        )
    links = read_table(path, table="links", repeated=_REPEATED_LINK_COLUMNS)
    check_run_columns(links, folder, "links", _LINK_COLUMNS)
    return links.rename(columns={"key": "value"})


def check_run_columns(
    frame: pd.DataFrame, folder: str | Path, table: str, columns: Iterable[str]
) -> None:
    """An InputError naming the ``columns`` a run folder's ``table`` lacks, if any."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"run folder {str(folder)!r}: its {table} table has no column "
            f"{', '.join(map(repr, missing))} (columns: {', '.join(map(str, frame.columns))}); "
            "it was not written by 'sellergraph run' (replaced by another command?): run "
            "'sellergraph run' again"
        )


def _header_only(path: Path) -> bool:
    """Whether a CSV file holds at most its header line (read no further)."""
    with path.open("rb") as fh:
        fh.readline()
        return not fh.readline().strip()


def _check_scores(folder: str | Path, analysis: Analysis) -> None:
    written = read_run_table(folder, "scores")[["store_id", "score"]]
    now = analysis.scores[analysis.scores["score"] > 0][["store_id", "score"]]
    a = written.sort_values("store_id").reset_index(drop=True)
    b = now.sort_values("store_id").reset_index(drop=True)
    same = len(a) == len(b) and bool(
        (a["store_id"].astype(str).to_numpy() == b["store_id"].astype(str).to_numpy()).all()
        and ((a["score"].to_numpy() - b["score"].to_numpy()) ** 2 < 1e-12).all()
    )
    if not same:
        raise InputError(
            f"the scores in run folder {str(folder)!r} differ from those its stores and links "
            "give now (edited by hand, or written by another sellergraph version); run "
            "'sellergraph run' again, and if that does not help, report it: the folder's "
            "identifier keys read back differently"
        )
