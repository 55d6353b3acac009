"""The screening commands: ``index`` builds a screening index, ``screen`` uses it.

``sellergraph screen`` reads registrations as JSON lines and writes one decision per
line, in input order. A line that is not UTF-8 text, not a JSON object, an object
naming one key twice, or a registration two of whose fields ``--columns`` gives one
name gets an error line (with its line number) on the output and on stderr; the batch
carries on and the command exits with status 1 at the end. ``--summary FILE`` writes
the counts as one JSON object, leaving the decisions stream as it is. ``--bans FILE``
bans stores of the index (a CSV of ``store_id`` and optional ``banned_at`` and
``reason``) before screening, as ``Screener.ban`` does. Registrations screened with
something to say of their ``store_id`` (none, blank, repeated in the input, already in
the index) and an input without registrations are warned of on stderr and counted in the
summary; a blank ``store_id`` is an error line. Only the standard library is
imported until the index is loaded, so the command starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import datetime
import gc
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from ._common import COUNTRY_HELP, country_region

__all__ = ["index_inputs", "register"]

_CHUNK = 2000


def cmd_index(args: argparse.Namespace) -> int:
    from ..io.run import read_analysis
    from ..screening import Screener
    from ._common import Stages, load_config

    t0 = time.perf_counter()
    # a run folder records its config without known_shared: the file names them
    shared = load_config(args.known_shared).known_shared if args.known_shared else None
    stages = Stages(["load", "link", "rings", "score", "index"], quiet=args.quiet)
    try:
        analysis = index_inputs(read_analysis(args.run, progress=stages))
        stages("index")
        screener = Screener.from_analysis(
            analysis,
            review_at=args.review_at,
            block_at=args.block_at,
            default_country=args.default_country,
            known_shared=shared,
            block_min_kinds=args.block_min_kinds,
        )
        del analysis  # what the index does not hold goes before it is written
        path = screener.save(args.out)
    finally:
        stages.close()
    if args.quiet:  # no progress and no summary; errors still go to stderr
        return 0
    size = Path(path).stat().st_size
    print(f"index             {path}")
    print(f"stores            {len(screener):>12,}")
    print(f"identifiers       {screener.provenance['identifiers']:>12,}")
    print(f"size              {size / 2**20:>11.1f} MiB")
    print(f"verdicts          {_verdict_rule(screener)}")
    print(f"default region    {screener.default_region}{_region_hint(screener)}")
    if screener.config.known_shared:
        print(f"known shared      {_listed(screener.config.known_shared)}")
    print(f"time              {time.perf_counter() - t0:>11.1f}s")
    return 0


def index_inputs(analysis: Any) -> Any:
    """The analysis with only what :meth:`~sellergraph.Screener.from_analysis` reads:
    the evidence's stores, identifiers, links and pairs, the stores, their rings, the
    config and provenance.

    The links' codes, the evidence items, the scores and their contributions (about a
    third of a rebuilt analysis) are let go before the index is built, so the two do
    not add up; the index is the same (``tests/test_readback_memory.py``).
    """
    import dataclasses

    import numpy as np
    import pandas as pd

    codes = analysis.dataset.codes
    none = {
        f.name: np.empty(0, dtype=getattr(codes, f.name).dtype)
        for f in dataclasses.fields(codes)
        if f.name != "identifiers"
    }
    no_codes = dataclasses.replace(
        codes, **none, identifiers=pd.DataFrame(columns=codes.identifiers.columns)
    )
    evidence = analysis.evidence
    return dataclasses.replace(
        analysis,
        dataset=dataclasses.replace(analysis.dataset, codes=no_codes),
        evidence=dataclasses.replace(evidence, items=pd.DataFrame(columns=evidence.items.columns)),
        scores=pd.DataFrame(columns=analysis.scores.columns),
        contributions=pd.DataFrame(columns=analysis.contributions.columns),
    )


def _verdict_rule(screener: Any) -> str:
    """The verdict thresholds and the block's kinds rule, as the commands print them.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> _verdict_rule(SimpleNamespace(review_at=0.6, block_at=0.9, block_min_kinds=2))
    'review at 0.6, block at 0.9 with evidence of 2 identifier kinds (IP not counted)'
    """
    rule = f"review at {screener.review_at}, block at {screener.block_at}"
    if screener.block_min_kinds > 1:
        rule += f" with evidence of {screener.block_min_kinds} identifier kinds (IP not counted)"
    return rule


def _region_hint(screener: Any) -> str:
    """When nearly all the index's stores are read in another region than the one a
    registration without a country is read in, what to give instead (else empty)."""
    elsewhere = screener.stores_region
    regions = screener.store_regions
    if screener.default_country or not regions or elsewhere == screener.default_region:
        return ""
    if elsewhere is not None:
        return (
            f" (the run's stores are nearly all in {elsewhere}: --default-country "
            f"{elsewhere} reads registrations without a country there)"
        )
    if regions.get(screener.default_region):
        return ""
    most = ", ".join(r for r, _ in sorted(regions.items(), key=lambda x: (-x[1], x[0]))[:3])
    return (
        f" (none of the run's stores is in {screener.default_region}; they are in {most}, "
        "...: give registrations their country, or --default-country)"
    )


def _listed(known_shared: Any) -> str:
    """How many known shared values the index sets aside, per kind.

    Examples
    --------
    >>> _listed({"ip": ("203.0.113.7", "198.51.100.2"), "payment_account": ("NL91...",)})
    '3 values set aside in screening (ip 2, payment_account 1)'
    """
    counts = {kind: len(values) for kind, values in sorted(known_shared.items())}
    each = ", ".join(f"{kind} {n}" for kind, n in counts.items())
    n = sum(counts.values())
    return f"{n} value{'' if n == 1 else 's'} set aside in screening ({each})"


def _lines(source: IO[bytes]) -> Iterator[tuple[int, str | None, str | None]]:
    """``(line number, text, error)`` of every non-blank line; text that is not UTF-8
    is an error of its line, not a guess."""
    for number, raw in enumerate(source, start=1):
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield (
                number,
                None,
                f"line {number}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at "
                f"position {exc.start + 1})",
            )
            continue
        if line.strip():
            yield number, line, None


def _chunks(source: IO[bytes], size: int) -> Iterator[list[tuple[int, str | None, str | None]]]:
    chunk: list[tuple[int, str | None, str | None]] = []
    for item in _lines(source):
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


#: Said of a line that is no JSON at all (a CSV file, most often).
_NOT_JSON_LINES = (
    " (this command reads JSON lines, one object per line; to screen a table, read it "
    "with pandas and call Screener.screen_many)"
)


class _DuplicateKey(ValueError):
    """A JSON object names one key twice (``json`` would keep the last silently)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _parse_line(number: int, line: str) -> tuple[dict[str, Any] | None, str | None]:
    text = line.lstrip("\ufeff").rstrip("\r\n")
    try:
        value = json.loads(text, object_pairs_hook=_unique_keys)
    except _DuplicateKey as exc:
        return None, (
            f"line {number}: key {exc.args[0]!r} appears twice in one object (only one "
            "would be read: give one key, with a list of values for an identifier kind)"
        )
    except json.JSONDecodeError as exc:
        hint = "" if text.lstrip().startswith(("{", "[", '"')) else _NOT_JSON_LINES
        return None, f"line {number}: malformed JSON: {exc.msg} at column {exc.colno}{hint}"
    except ValueError as exc:
        return None, f"line {number}: malformed JSON: {exc}"
    except RecursionError:
        return None, f"line {number}: malformed JSON: nested too deeply"
    if not isinstance(value, dict):
        return None, f"line {number}: expected a JSON object, got {type(value).__name__}"
    return value, None


def _renamed(
    number: int, record: dict[str, Any], columns: dict[str, str]
) -> tuple[dict[str, Any] | None, str | None]:
    """A registration with its fields renamed as ``--columns`` maps them (a field's
    name is matched stripped, as a table's column is); two fields that end up with one
    name are an error of the line.

    Examples
    --------
    >>> _renamed(3, {"seller": "S1", "tel": "1"}, {"seller": "store_id", "tel": "phone"})
    ({'store_id': 'S1', 'phone': '1'}, None)
    >>> _renamed(3, {"tel": "1", "phone": "2"}, {"tel": "phone"})[1]
    "line 3: fields 'tel' and 'phone' are both 'phone' under --columns (one field given twice)"
    """
    if not columns:
        return record, None
    from ..screening import renamed_or_clash

    renamed, clash = renamed_or_clash(record, columns)
    if clash is None:
        return renamed, None
    first, second, twice = clash
    return None, (
        f"line {number}: fields {first!r} and {second!r} are both {twice!r} under "
        "--columns (one field given twice)"
    )


def _json_line(record: dict[str, Any]) -> str:
    """One JSON line; values that cannot be UTF-8 (lone surrogates) are escaped."""
    text = json.dumps(record, ensure_ascii=False, allow_nan=False, default=str)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(record, ensure_ascii=True, allow_nan=False, default=str)
    return text + "\n"


def _screen_chunk(
    screener: Any, good: list[tuple[int, dict[str, Any]]], *, mask: bool
) -> dict[int, Any]:
    """Decisions by line number; a line that fails on its own gets its error text.
    (Repeated store ids are noted by :class:`_Desk`, by line, across chunks.)"""
    try:
        decisions = screener._screen_records([g[1] for g in good], mask=mask)
        return {number: d for (number, _), d in zip(good, decisions, strict=True)}
    except Exception:  # one bad registration must not cost the batch: retry line by line
        out: dict[int, Any] = {}
        for number, registration in good:
            try:
                out[number] = screener._screen_records([registration], mask=mask)[0]
            except Exception as exc:
                out[number] = f"line {number}: could not be screened ({type(exc).__name__}: {exc})"
        return out


def _summary_record(
    screener: Any,
    *,
    counts: dict[str, int],
    bad_lines: list[int],
    n_unusable: int,
    unusable: Counter[str],
    desk: _Desk,
    bans: dict[str, Any] | None,
    exit_status: int,
) -> dict[str, Any]:
    """What ``--summary`` writes: the counts of the text summary, as one JSON object
    (no timings, so the same input gives the same bytes)."""
    n_ok = sum(counts.values())
    record = {
        "registrations": n_ok + len(bad_lines),
        "screened": n_ok,
        "verdicts": counts,
        "errors": len(bad_lines),
        "error_lines": bad_lines,
        "with_unusable": n_unusable,
        "unusable_reasons": dict(sorted(unusable.items())),
        "verdict_notes": desk.verdict_notes,
        "store_ids": {
            "missing": desk.missing,
            "duplicate": desk.duplicate,
            "known": desk.known,
        },
        "warnings": desk.warnings(n_ok + len(bad_lines)),
        "review_at": screener.review_at,
        "block_at": screener.block_at,
        "block_min_kinds": screener.block_min_kinds,
        "max_values": screener.max_values,
        "default_region": screener.default_region,
        "exit_status": exit_status,
    }
    if bans is not None:
        record["bans"] = bans
    return record


#: Line numbers a warning lists before it counts the rest.
_LINES_SHOWN = 10


def _lines_text(lines: list[int]) -> str:
    """Line numbers as a warning lists them.

    Examples
    --------
    >>> _lines_text([3]), _lines_text(list(range(1, 13)))
    ('line 3', 'lines 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more')
    """
    shown = ", ".join(map(str, lines[:_LINES_SHOWN]))
    more = f" and {len(lines) - _LINES_SHOWN} more" if len(lines) > _LINES_SHOWN else ""
    return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"


@dataclasses.dataclass
class _Desk:
    """What the command says of the registrations' store ids, across the whole input:
    lines without one, lines repeating an earlier line's, lines under an id already in
    the index; and the decisions whose verdict is not their score's."""

    first_line: dict[str, int] = dataclasses.field(default_factory=dict)
    missing: list[int] = dataclasses.field(default_factory=list)
    duplicate: list[int] = dataclasses.field(default_factory=list)
    known: list[int] = dataclasses.field(default_factory=list)
    verdict_notes: int = 0

    def blank_id(self, number: int, decision: Any) -> str | None:
        """The error of a line whose store_id is blank text (None when it is not)."""
        for u in decision.notes:
            if u["reason"] == "empty":
                return (
                    f"line {number}: store_id is blank ({u['value']!r}): give the "
                    "registration's id, or leave the field out to screen it without one"
                )
        return None

    def note(self, number: int, decision: Any) -> Any:
        """The decision of a screened line, with a repeated store id noted; counted."""
        self.verdict_notes += bool(decision.verdict_note)
        sid = decision.store_id
        if sid is None:
            self.missing.append(number)
            return decision
        if any(u["reason"] == "known_store" for u in decision.notes):
            self.known.append(number)
        first = self.first_line.setdefault(sid, number)
        if first == number:
            return decision
        self.duplicate.append(number)
        note = {
            "field": "store_id",
            "value": sid,
            "reason": "duplicate_registration",
            "first_line": first,
        }
        return dataclasses.replace(decision, notes=(*decision.notes, note))

    def warnings(self, registrations: int) -> list[str]:
        """The warnings of the whole input, as stderr and ``--summary`` give them."""
        out = []
        if not registrations:
            out.append("no registrations in the input (an empty file, or blank lines only)")
        if self.missing:
            n = len(self.missing)
            out.append(
                f"{n:,} registration{'s have' if n > 1 else ' has'} no store_id "
                f"({_lines_text(self.missing)}): join "
                f"{'their decisions' if n > 1 else 'its decision'} by line"
            )
        if self.duplicate:
            n = len(self.duplicate)
            out.append(
                f"{n:,} registration{'s repeat' if n > 1 else ' repeats'} the store_id of an "
                f"earlier line ({_lines_text(self.duplicate)}): screened again, noted "
                "duplicate_registration"
            )
        if self.known:
            n = len(self.known)
            out.append(
                f"{n:,} registration{'s have a store_id' if n > 1 else ' has a store_id'} "
                f"already in the index ({_lines_text(self.known)}): noted known_store, "
                "with the stored status"
            )
        return out


_BAN_COLUMNS = {
    "store_id": "store_id",
    "banned_at": "banned_at",
    "closed_at": "banned_at",
    "reason": "reason",
    "closure_reason": "reason",
}


def _read_bans(path: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a bans file: ``(line number, {"store_id", "banned_at", "reason"})``,
    blank cells left out.

    Raises
    ------
    InputError
        No such file, not UTF-8 CSV text, or no ``store_id`` column.
    """
    from ..errors import InputError, why_not_a_file
    from ..schema import contract_name

    why = why_not_a_file(Path(path))
    if why:
        raise InputError(f"bans file {path!r} {why}")
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            header = next(reader, [])
            names = [_BAN_COLUMNS.get(contract_name(h, _BAN_COLUMNS)) for h in header]
            if "store_id" not in names:
                raise InputError(
                    f"bans file {path!r} has no store_id column (columns: "
                    f"{', '.join(map(repr, header)) or 'none'}); give store_id, and "
                    "optionally banned_at and reason"
                )
            rows = []
            for cells in reader:
                row = {n: c.strip() for n, c in zip(names, cells, strict=False) if n and c.strip()}
                if any(c.strip() for c in cells):
                    rows.append((reader.line_num, row))
    except UnicodeDecodeError as exc:
        raise InputError(f"bans file {path!r} is not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise InputError(f"bans file {path!r} is no CSV file ({exc})") from None
    unread = [h for h, n in zip(header, names, strict=True) if n is None]
    if unread:
        print(
            f"sellergraph: warning: bans file {path!r}: column(s) not read: "
            f"{', '.join(map(repr, unread))}",
            file=sys.stderr,
        )
    return rows


def apply_bans(screener: Any, path: str, *, today: str) -> dict[str, Any]:
    """Ban the stores a bans file lists, before screening (``screen --bans``).

    A row without ``banned_at`` is dated ``today``. A row that cannot be applied (no
    store id, a store not in the index, a date that is none) is an error of its line;
    the other rows are applied. A store banned already keeps its earlier date and its
    recorded reason (:meth:`~sellergraph.Screener.ban`).

    Returns
    -------
    dict
        ``file, applied, dated_today, already_banned`` (the notes of
        :meth:`~sellergraph.Screener.ban`) and ``errors``.
    """
    from ..errors import InputError
    from ..screening import _record_store_id

    applied = dated_today = 0
    again: list[str] = []
    errors: list[str] = []
    for line, row in _read_bans(path):
        where = f"bans file {path!r} line {line}"
        sid = _record_store_id(row.get("store_id"))
        if sid is None:
            errors.append(f"{where}: no store_id")
            continue
        if sid not in screener:
            errors.append(
                f"{where}: store {sid!r} is not in the index (a store registered since the "
                "index was built is in the next one, after the nightly run; in Python, "
                "Screener.add_store it, then ban it)"
            )
            continue
        try:
            note = screener.ban(
                sid, closed_at=row.get("banned_at", today), closure_reason=row.get("reason")
            )
        except InputError as exc:
            errors.append(f"{where}: {exc}")
            continue
        applied += 1
        dated_today += "banned_at" not in row
        if note is not None:
            again.append(f"{where}: {note}")
    return {
        "file": path,
        "applied": applied,
        "dated_today": dated_today,
        **({"today": today} if dated_today else {}),
        "already_banned": again,
        "errors": errors,
    }


def cmd_screen(args: argparse.Namespace) -> int:
    from ..errors import InputError, why_not_a_file
    from ..schema import table_columns
    from ..screening import Screener
    from ._common import parse_columns

    # the run's own --columns value serves: registrations are read as stores rows
    columns = table_columns(parse_columns(args.columns), table="stores")
    writes = [Path(p).resolve() for p in (args.summary, args.out) if p not in (None, "-")]
    if len(writes) == 2 and writes[0] == writes[1]:
        raise InputError(f"--summary and --out name the same file ({args.summary!r})")
    screener = Screener.load(
        args.index,
        review_at=args.review_at,
        block_at=args.block_at,
        default_country=args.default_country,
        block_min_kinds=args.block_min_kinds,
        max_values=args.max_values,
    )
    # The index is millions of long-lived objects: keep the collector from walking them.
    gc.collect()
    gc.freeze()
    bans = None
    if args.bans is not None:  # today's bans, before any registration is screened
        bans = apply_bans(screener, args.bans, today=datetime.date.today().isoformat())
        for text in bans["errors"]:
            print(f"sellergraph: error: {text}", file=sys.stderr)
        for text in bans["already_banned"]:
            print(f"sellergraph: warning: {text}", file=sys.stderr)
        if not args.quiet:
            today = (
                f", {bans['dated_today']:,} dated today ({bans['today']})"
                if bans["dated_today"]
                else ""
            )
            print(
                f"banned {bans['applied']:,} stores from {args.bans}{today}, "
                f"{len(bans['already_banned']):,} already banned, {len(bans['errors']):,} "
                "errors",
                file=sys.stderr,
            )
    n_ok = n_bad = 0
    counts = {"allow": 0, "review": 0, "block": 0}
    bad_lines: list[int] = []
    unusable: Counter[str] = Counter()
    n_unusable = 0
    desk = _Desk()
    t0 = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if args.input == "-":
            source: IO[bytes] = sys.stdin.buffer
        else:
            path = Path(args.input)
            why = why_not_a_file(path)
            if why:
                raise InputError(f"registrations file {str(path)!r} {why}")
            source = stack.enter_context(path.open("rb"))
        summary: IO[str] | None = (
            None
            if args.summary is None
            else stack.enter_context(Path(args.summary).open("w", encoding="utf-8"))
        )
        out: IO[str] = (
            sys.stdout
            if args.out in (None, "-")
            else stack.enter_context(Path(args.out).open("w", encoding="utf-8"))
        )
        for chunk in _chunks(source, _CHUNK):
            parsed = [
                _parse_line(number, line) if line is not None else (None, error)
                for number, line, error in chunk
            ]
            parsed = [
                _renamed(number, p[0], columns) if p[0] is not None else p
                for (number, _, _), p in zip(chunk, parsed, strict=True)
            ]
            good = [(chunk[i][0], p[0]) for i, p in enumerate(parsed) if p[0] is not None]
            by_line = _screen_chunk(screener, good, mask=not args.raw)
            for (number, _, _), (_, error) in zip(chunk, parsed, strict=True):
                d = by_line.get(number)
                if isinstance(d, str):
                    error = d
                elif d is not None:
                    error = desk.blank_id(number, d)
                if error is not None:
                    n_bad += 1
                    bad_lines.append(number)
                    print(f"sellergraph: error: {error}", file=sys.stderr)
                    out.write(json.dumps({"line": number, "error": error}) + "\n")
                    continue
                assert d is not None
                d = desk.note(number, d)
                n_ok += 1
                counts[d.verdict] += 1
                n_unusable += bool(d.unusable)
                unusable.update(u["reason"] for u in d.unusable)
                out.write(_json_line({"line": number, **d.to_dict()}))
        warnings = desk.warnings(n_ok + n_bad)
        failed = bool(
            n_bad or (bans and bans["errors"]) or (args.fail_on_empty and not n_ok + n_bad)
        )
        if summary is not None:
            record = _summary_record(
                screener,
                counts=counts,
                bad_lines=bad_lines,
                n_unusable=n_unusable,
                unusable=unusable,
                desk=desk,
                bans=bans,
                exit_status=int(failed),
            )
            summary.write(json.dumps(record, ensure_ascii=False) + "\n")
    for text in warnings:
        print(f"sellergraph: warning: {text}", file=sys.stderr)
    if not args.quiet:
        took = time.perf_counter() - t0
        rate = (n_ok + n_bad) / took if took > 0 else 0.0
        print(
            f"screened {n_ok:,} registrations ({counts['block']:,} block, "
            f"{counts['review']:,} review, {counts['allow']:,} allow), {n_bad:,} bad lines; "
            f"{took:.2f}s, {rate:,.0f}/s",
            file=sys.stderr,
        )
    return int(failed)


def _at_least_one(text: str) -> int:
    """A whole number of at least 1 (``--block-min-kinds``, ``--max-values``)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return value


def register(sub: Any) -> None:
    """Add ``index`` and ``screen`` to the ``sellergraph`` sub-command parser."""
    i = sub.add_parser(
        "index",
        help="build a screening index from a run folder",
        description="Build the index that 'sellergraph screen' uses, from a folder written "
        "by 'sellergraph run' (the analysis is rebuilt from its stores and links).",
    )
    i.add_argument("--run", required=True, help="run folder written by 'sellergraph run'")
    i.add_argument("--out", required=True, help="index file to write (e.g. index.sgidx)")
    i.add_argument(
        "--review-at", type=float, help="score from which to review (default: alert threshold)"
    )
    i.add_argument("--block-at", type=float, default=0.9, help="score from which to block")
    i.add_argument(
        "--block-min-kinds",
        type=_at_least_one,
        default=1,
        metavar="N",
        help="identifier kinds (IP not counted) a block's evidence must be of; a score "
        "from --block-at with fewer is reviewed, so one shared value that may have changed "
        "hands (a second-hand phone's device id) does not block on its own (default 1: "
        "the score alone; saved)",
    )
    i.add_argument(
        "--default-country",
        type=country_region,
        metavar="COUNTRY",
        help=COUNTRY_HELP.format("the run config's normalize.default_region") + "; saved",
    )
    i.add_argument(
        "--known-shared",
        metavar="CONFIG",
        help="config file (TOML or JSON) whose known_shared values a registration's values "
        "are set aside as, as the run set their links aside (the run folder records its "
        "config without them); only its known_shared is read; saved in the index",
    )
    i.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress output and no summary (errors still go to stderr)",
    )
    i.set_defaults(func=cmd_index)

    s = sub.add_parser(
        "screen",
        help="screen new store registrations (JSON lines) against an index",
        description="Read registrations as JSON lines, e.g. "
        '{"store_id": "S1", "platform": "mkt-a", "opened_at": "2018-03-01", '
        '"identifiers": {"phone": ["+86 138 0013 8000"]}}, and write one decision per '
        "line as JSON: store_id, score, verdict (allow/review/block), matched store, ring, "
        "matches, evidence, unusable fields, notes on the store id, the verdict's note and "
        "the summary paragraph. Exit status 1 when some lines could not be screened (not "
        "UTF-8, not a JSON object, a key given twice, a blank store_id, or failing on their "
        "own; they get an error line and the rest are screened) or some --bans rows could "
        "not be applied.",
    )
    s.add_argument("input", nargs="?", default="-", help="JSON-lines file, or - for stdin")
    s.add_argument("--index", required=True, help="index built by 'sellergraph index'")
    s.add_argument("--out", help="write decisions here (default: stdout)")
    s.add_argument("--review-at", type=float, help="override the index's review threshold")
    s.add_argument("--block-at", type=float, help="override the index's block threshold")
    s.add_argument(
        "--block-min-kinds",
        type=_at_least_one,
        metavar="N",
        help="override the index's identifier kinds (IP not counted) a block needs",
    )
    s.add_argument(
        "--max-values",
        type=_at_least_one,
        default=None,
        metavar="N",
        help="identifier values one registration may give (default 100): past it, the first "
        "N are screened and the registration is noted too_many_values and reviewed at least",
    )
    s.add_argument(
        "--bans",
        metavar="FILE",
        help="ban these stores of the index before screening: a CSV file with a store_id "
        "column and optional banned_at (default: today) and reason; a store banned already "
        "keeps its earlier date; a row that cannot be applied is an error (exit status 1)",
    )
    s.add_argument(
        "--fail-on-empty",
        action="store_true",
        help="exit with status 1 when the input holds no registration (always warned of)",
    )
    s.add_argument(
        "--default-country",
        type=country_region,
        metavar="COUNTRY",
        help=COUNTRY_HELP.format("the index's (see 'sellergraph index')"),
    )
    s.add_argument(
        "--columns",
        help=(
            "field renames for the registrations, e.g. seller=store_id,tel=phone (as 'run' "
            "renames the stores table's columns: its --columns value serves as is)"
        ),
    )
    s.add_argument(
        "--summary",
        metavar="FILE",
        help="also write the counts (verdicts, error lines, unusable reasons) to FILE as "
        "one JSON object",
    )
    s.add_argument("--raw", action="store_true", help="raw identifier values in evidence")
    s.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    s.set_defaults(func=cmd_screen)
