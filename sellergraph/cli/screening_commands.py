"""The screening commands: ``index`` builds a screening index, ``screen`` uses it.

``sellergraph screen`` reads registrations as JSON lines and writes one decision per
line, in input order. A line that is not UTF-8 text or not a JSON object gets an
error line (with its line number) on the output and on stderr; the batch carries on
and the command exits with status 1 at the end. Only the standard library is
imported until the index is loaded, so the command starts fast.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["register"]

_CHUNK = 2000


def cmd_index(args: argparse.Namespace) -> int:
    from ..io.run import read_analysis
    from ..screening import Screener
    from ._common import Stages

    t0 = time.perf_counter()
    stages = Stages(["load", "link", "rings", "score", "index"], quiet=args.quiet)
    try:
        analysis = read_analysis(args.run, progress=stages)
        stages("index")
        screener = Screener.from_analysis(
            analysis,
            review_at=args.review_at,
            block_at=args.block_at,
            default_country=args.default_country,
        )
        path = screener.save(args.out)
    finally:
        stages.close()
    size = Path(path).stat().st_size
    print(f"index             {path}")
    print(f"stores            {len(screener):>12,}")
    print(f"identifiers       {screener.provenance['identifiers']:>12,}")
    print(f"size              {size / 2**20:>11.1f} MiB")
    print(f"verdicts          review at {screener.review_at}, block at {screener.block_at}")
    print(f"default region    {screener.default_region}")
    print(f"time              {time.perf_counter() - t0:>11.1f}s")
    return 0


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


def _parse_line(number: int, line: str) -> tuple[dict[str, Any] | None, str | None]:
    text = line.lstrip("\ufeff").rstrip("\r\n")
    try:
        value = json.loads(text)
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
    """Decisions by line number; a line that fails on its own gets its error text."""
    try:
        decisions = screener.screen_records([g[1] for g in good], mask=mask)
        return {number: d for (number, _), d in zip(good, decisions, strict=True)}
    except Exception:  # one bad registration must not cost the batch: retry line by line
        out: dict[int, Any] = {}
        for number, registration in good:
            try:
                out[number] = screener.screen_records([registration], mask=mask)[0]
            except Exception as exc:
                out[number] = f"line {number}: could not be screened ({type(exc).__name__}: {exc})"
        return out


def cmd_screen(args: argparse.Namespace) -> int:
    from ..errors import InputError, why_not_a_file
    from ..screening import Screener

    screener = Screener.load(
        args.index,
        review_at=args.review_at,
        block_at=args.block_at,
        default_country=args.default_country,
    )
    # The index is millions of long-lived objects: keep the collector from walking them.
    gc.collect()
    gc.freeze()
    n_ok = n_bad = 0
    counts = {"allow": 0, "review": 0, "block": 0}
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
            good = [(chunk[i][0], p[0]) for i, p in enumerate(parsed) if p[0] is not None]
            by_line = _screen_chunk(screener, good, mask=not args.raw)
            for (number, _, _), (_, error) in zip(chunk, parsed, strict=True):
                d = by_line.get(number)
                if isinstance(d, str):
                    error = d
                if error is not None:
                    n_bad += 1
                    print(f"sellergraph: error: {error}", file=sys.stderr)
                    out.write(json.dumps({"line": number, "error": error}) + "\n")
                    continue
                assert d is not None
                n_ok += 1
                counts[d.verdict] += 1
                out.write(_json_line({"line": number, **d.to_dict()}))
    if not args.quiet:
        took = time.perf_counter() - t0
        rate = (n_ok + n_bad) / took if took > 0 else 0.0
        print(
            f"screened {n_ok:,} registrations ({counts['block']:,} block, "
            f"{counts['review']:,} review, {counts['allow']:,} allow), {n_bad:,} bad lines; "
            f"{took:.2f}s, {rate:,.0f}/s",
            file=sys.stderr,
        )
    return 1 if n_bad else 0


def _country(text: str) -> str:
    """A ``--default-country`` value: the phone region an ISO 3166 code or a country
    name names (``BR``, ``BRA``, ``Brasil``); anything else is a usage error."""
    from .._countries import region_of

    region = region_of(text)
    if region is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 3166 code or a country name with a phone numbering "
            "plan (e.g. BR, BRA or Brasil)"
        )
    return region


_COUNTRY_HELP = (
    "country whose phone numbers a registration without a 'country' has (an ISO 3166 "
    "code or a country name: BR, BRA, Brasil); default: {}"
)


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
        "--default-country",
        type=_country,
        metavar="COUNTRY",
        help=_COUNTRY_HELP.format("the run config's normalize.default_region") + "; saved",
    )
    i.add_argument("--quiet", "-q", action="store_true", help="no progress output")
    i.set_defaults(func=cmd_index)

    s = sub.add_parser(
        "screen",
        help="screen new store registrations (JSON lines) against an index",
        description="Read registrations as JSON lines, e.g. "
        '{"store_id": "S1", "platform": "mkt-a", "opened_at": "2018-03-01", '
        '"identifiers": {"phone": ["+86 138 0013 8000"]}}, and write one decision per '
        "line as JSON: store_id, score, verdict (allow/review/block), matched store, ring, "
        "matches, evidence and unusable fields. Exit status 1 when some lines could not "
        "be screened (not UTF-8, not a JSON object, or failing on their own): they get an "
        "error line and the rest are screened.",
    )
    s.add_argument("input", nargs="?", default="-", help="JSON-lines file, or - for stdin")
    s.add_argument("--index", required=True, help="index built by 'sellergraph index'")
    s.add_argument("--out", help="write decisions here (default: stdout)")
    s.add_argument("--review-at", type=float, help="override the index's review threshold")
    s.add_argument("--block-at", type=float, help="override the index's block threshold")
    s.add_argument(
        "--default-country",
        type=_country,
        metavar="COUNTRY",
        help=_COUNTRY_HELP.format("the index's (see 'sellergraph index')"),
    )
    s.add_argument("--raw", action="store_true", help="raw identifier values in evidence")
    s.add_argument("--quiet", "-q", action="store_true", help="no summary on stderr")
    s.set_defaults(func=cmd_screen)
