"""A run folder: every output of one analysis, as files.

``write_run`` writes ``scores``, ``alerts``, ``rings``, ``hubs``, ``rejected`` and
``evidence`` (the long-form explanation of every scored store) as CSV or Parquet,
plus ``report.html`` and ``run.json`` (config, package versions, input and output
counts, per-stage timings). ``read_run`` reads a folder back for ``explain`` and
``evaluate``.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from ..errors import InputError
from .tables import read_table, write_table

if TYPE_CHECKING:
    from ..analysis import Analysis

__all__ = ["RUN_TABLES", "file_sha256", "read_run", "read_run_table", "write_run"]

#: Tables written to a run folder, in order.
RUN_TABLES: tuple[str, ...] = ("scores", "alerts", "rings", "hubs", "rejected", "evidence")


def file_sha256(path: str | Path) -> str:
    """SHA-256 of a file, read in 1 MiB blocks."""
    h = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return out


def run_tables(analysis: Analysis, *, raw: bool = False) -> dict[str, pd.DataFrame]:
    """The run's tables as DataFrames (pure; what :func:`write_run` writes)."""
    scores = analysis.scores[analysis.scores["score"] > 0]
    alerts = analysis.alerts
    hubs = analysis.hubs if raw else analysis.hubs.drop(columns="value")
    rejected = analysis.rejected
    if not raw:
        rejected = rejected.assign(
            value=rejected["value"].map(lambda v: v if v is None else _mask_text(str(v)))
        )
    tables = {
        "scores": scores,
        "alerts": alerts,
        "rings": analysis.rings,
        "hubs": hubs,
        "rejected": rejected,
        "evidence": analysis.explanations(mask=not raw),
    }
    return {k: _dates_as_text(v.reset_index(drop=True)) for k, v in tables.items()}


def _mask_text(value: str) -> str:
    """Mask a raw value of unknown kind: keep its first two and last two characters."""
    if len(value) <= 6:
        return "*" * len(value)
    return value[:2] + "*" * (len(value) - 4) + value[-2:]


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
        Input files to record in ``run.json`` with their size and SHA-256.
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
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    written: dict[str, Path] = {}
    for name, table in run_tables(analysis, raw=raw).items():
        written[name] = write_table(table, folder / f"{name}.{fmt}", fmt=fmt)
    timings["write_tables"] = round(time.perf_counter() - t0, 3)
    if report:
        from ..report import write_report

        t1 = time.perf_counter()
        written["report"] = write_report(analysis, folder / "report.html", evaluation=evaluation)
        timings["report"] = round(time.perf_counter() - t1, 3)
    meta: dict[str, Any] = {
        "sellergraph_run": 1,
        "format": fmt,
        "raw_values": raw,
        "config": analysis.config.to_dict(),
        "seed": analysis.seed,
        "versions": analysis.provenance.get("versions", {}),
        "counts": analysis.provenance.get("counts", {}),
        "timings": {**analysis.provenance.get("timings", {}), **timings},
        "outputs": {k: p.name for k, p in written.items()},
    }
    if inputs:
        meta["inputs"] = {
            k: {"path": str(v), "bytes": Path(v).stat().st_size, "sha256": file_sha256(v)}
            for k, v in inputs.items()
            if Path(v).is_file()
        }
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
    return meta


def read_run_table(folder: str | Path, name: str) -> pd.DataFrame:
    """One table of a run folder, in whichever format it was written."""
    meta = read_run(folder)
    path = Path(folder) / f"{name}.{meta.get('format', 'csv')}"
    frame = read_table(path, table=name)
    for col in ("score", "weight", "contribution", "cumulative", "similarity"):
        if col in frame.columns:
            frame[col] = pd.to_numeric(frame[col].replace("", None))
    for col in ("returning", "cross_platform"):
        if col in frame.columns and frame[col].dtype != bool:
            frame[col] = frame[col].map({"True": True, "False": False})
    return frame.replace({"": None})
