"""The Neo4j commands: ``sellergraph neo4j push`` and ``sellergraph neo4j pull``.

``push`` writes the analysis of a run folder into a Neo4j database; ``pull`` reads a
database's stores and links back as ``stores`` and ``links`` tables that
``sellergraph run`` reads. The password is read from an environment variable named
by ``--password-env`` or asked for at the terminal; it is never a command-line
value. The hashing key of identifiers comes from ``--key-file`` or ``--key-env``.
Both need the optional extra: ``pip install "sellergraph[neo4j]"``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import InputError

__all__ = ["register"]


def _password(args: argparse.Namespace) -> str:
    from ..errors import ConfigError

    if args.password_env:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", args.password_env):
            raise ConfigError(
                "--password-env takes the NAME of an environment variable holding the "
                "password (letters, digits and '_'), not the password itself"
            )
        value = os.environ.get(args.password_env)
        if value is None:
            raise ConfigError(
                f"environment variable {args.password_env!r} (the Neo4j password) is not set"
            )
        if not value:
            raise ConfigError(
                f"environment variable {args.password_env!r} (the Neo4j password) is empty"
            )
        return value
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"Neo4j password for {args.user} at {args.uri}: ")
    raise ConfigError(
        "no Neo4j password: give --password-env VAR, the name of an environment variable "
        "holding it, or run at a terminal to be asked (passwords are never given as flags)"
    )


def _connect(args: argparse.Namespace) -> Any:
    """The connection; for a push (the command with ``--break-lock``) also refused
    at once, before the run folder is rebuilt, while another push holds the lock."""
    from ..neo4j import check_push_lock, connect

    conn = connect(
        args.uri,
        user=args.user,
        password=_password(args),
        database=args.database,
        retry_seconds=args.retry_seconds,
    )
    if hasattr(args, "break_lock"):
        try:
            check_push_lock(conn, break_lock=args.break_lock)
        except BaseException:
            conn.close()
            raise
    return conn


def _stage_lines(quiet: bool) -> Callable[[str], None] | None:
    """A line on stderr per stage, as ``run`` prints them, when stderr is no terminal
    (a terminal gets the push's progress bar instead); None when ``quiet``."""
    if quiet:
        return None
    t0 = time.perf_counter()

    def line(name: str) -> None:
        if not sys.stderr.isatty():
            print(f"  [{time.perf_counter() - t0:6.1f}s] {name}", file=sys.stderr, flush=True)

    return line


def cmd_push(args: argparse.Namespace) -> int:
    from ..hashing import read_secret
    from ..io.run import read_analysis
    from ..neo4j import push
    from ..neo4j.sync import check_uri

    # everything that can fail fast does, before the run folder is rebuilt
    check_uri(args.uri)
    secret = read_secret(key_file=args.key_file, key_env=args.key_env)
    stage = _stage_lines(args.quiet)
    if stage is not None:
        stage("connecting")
    with _connect(args) as conn:
        if stage is not None and not sys.stderr.isatty():
            stage(f"reading the analysis of {args.run}")
        elif not args.quiet:
            print(f"reading the analysis of {args.run} ...", file=sys.stderr)
        analysis = read_analysis(args.run)
        progress: Any = False if args.quiet else None
        if stage is not None and not sys.stderr.isatty():
            progress = stage
        summary = push(
            analysis,
            conn,
            secret=secret,
            raw=args.raw,
            store_links=not args.no_store_links,
            batch_size=args.batch_size,
            progress=progress,
            rekey=args.rekey,
            absent="prune" if args.prune else "keep" if args.keep_absent else "clear",
            break_lock=args.break_lock,
            run=str(args.run),
        )
    if not args.quiet:  # no progress and no summary; errors still go to stderr
        database = f"database {args.database}" if args.database else "the server's default database"
        print(f"pushed {args.run} to {args.uri} ({database})")
        print(summary)
    return 0


def pulled_tables(stores: Any, links: Any) -> dict[str, Any]:
    """The tables ``sellergraph neo4j pull`` writes, dates as ``YYYY-MM-DD`` text."""
    out = {}
    for name, frame in (("stores", stores), ("links", links)):
        frame = frame.copy()
        for col in frame.columns:
            if str(frame[col].dtype).startswith("datetime64"):
                frame[col] = frame[col].dt.strftime("%Y-%m-%d")
        out[name] = frame
    return out


def cmd_pull(args: argparse.Namespace) -> int:
    from ..io.tables import write_table
    from ..neo4j import HASHED_KIND_SUFFIX, hashed_config, pull
    from ..neo4j.sync import check_uri

    check_uri(args.uri)
    out = Path(args.out)
    if (out / "run.json").is_file():
        raise InputError(
            f"{str(out)!r} holds a sellergraph run (run.json): pulling into it would replace "
            "its stores and links tables and break the run; pull into another folder"
        )
    with _connect(args) as conn:
        stores, links = pull(
            conn, progress=False if args.quiet else None, ignore_lock=args.ignore_lock
        )
    for name, frame in pulled_tables(stores, links).items():
        path = write_table(frame, out / f"{name}.{args.format}", fmt=args.format)
        if not args.quiet:
            print(f"{name:<7} {len(frame):>12,} rows  {path}")
    if links["kind"].astype(str).str.endswith(HASHED_KIND_SUFFIX).any():
        config = out / "config.json"
        config.write_text(json.dumps(hashed_config().to_dict(), indent=2, sort_keys=True) + "\n")
        if not args.quiet:
            print(
                f"config  {config} (identifiers were pushed hashed: their kinds end in "
                f"{HASHED_KIND_SUFFIX!r}; analyse with --config {config})"
            )
    return 0


def _positive_batch(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to 100000 (got {text!r})")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a number of seconds >= 0 (got {text!r})")
    return value


class _RefusePassword(argparse.Action):
    """``--password``: refused without echoing its value."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        parser.error(
            "--password is not accepted: a password given as a flag shows in the process list "
            "and shell history; use --password-env VAR or type it at the prompt"
        )


def _add_connection(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--uri", required=True, help="server, e.g. bolt://localhost:7687")
    sp.add_argument("--user", default="neo4j", help="user name (default neo4j)")
    sp.add_argument("--database", help="database name (default: the server's default)")
    sp.add_argument(
        "--password-env",
        metavar="VAR",
        help="environment variable holding the password (default: ask at the terminal)",
    )
    sp.add_argument(
        "--password",
        "--passwd",
        "--pass",
        "--pwd",
        "-p",
        nargs="?",
        action=_RefusePassword,
        help=argparse.SUPPRESS,
    )
    sp.add_argument(
        "--retry-seconds",
        type=_seconds,
        default=30.0,
        help="how long to retry a transaction on a lost connection; each retry is logged "
        "(default 30)",
    )
    sp.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress output and no summary (errors still go to stderr)",
    )


def register(sub: Any) -> None:
    """Add ``neo4j push`` and ``neo4j pull`` to the ``sellergraph`` sub-command parser."""
    n = sub.add_parser(
        "neo4j",
        allow_abbrev=False,
        help="push an analysis to Neo4j, or pull stores and links from it",
        description='Neo4j integration (needs: pip install "sellergraph[neo4j]").',
    )
    nsub = n.add_subparsers(dest="neo4j_command", required=True, metavar="COMMAND")

    p = nsub.add_parser(
        "push",
        allow_abbrev=False,
        help="write a run's stores, identifiers, rings and links into Neo4j",
        description="Write the analysis of a run folder into Neo4j: Store, Identifier and Ring "
        "nodes, USES, IN_RING and LINKED relationships. Idempotent; a later run updates the "
        "graph. Identifiers are written as keyed hashes unless --raw. Pushes into one graph run "
        "one at a time: a push while another holds the graph's push lock is refused.",
    )
    p.add_argument("--run", required=True, help="run folder written by 'sellergraph run'")
    _add_connection(p)
    key = p.add_mutually_exclusive_group(required=True)
    key.add_argument("--key-file", help="file holding the identifier hashing key")
    key.add_argument("--key-env", metavar="VAR", help="environment variable holding the key")
    p.add_argument("--raw", action="store_true", help="also write normalised identifier values")
    p.add_argument("--no-store-links", action="store_true", help="do not write LINKED store links")
    p.add_argument(
        "--batch-size",
        type=_positive_batch,
        default=5000,
        help="rows per transaction, 1 to 100000 (default 5000)",
    )
    gone = p.add_mutually_exclusive_group()
    gone.add_argument(
        "--prune",
        action="store_true",
        help="the run is a full snapshot: delete graph stores of its platforms that it does "
        "not hold, with their relationships (default: keep them, with no score, alert, review "
        "or ring)",
    )
    gone.add_argument(
        "--keep-absent",
        action="store_true",
        help="leave graph stores of the run's platforms that it does not hold as they are "
        "(several analyses of one platform pushed into one graph)",
    )
    p.add_argument(
        "--break-lock",
        action="store_true",
        help="take the graph's push lock even though another push holds it (only when that "
        "push is certainly not running any more)",
    )
    p.add_argument(
        "--rekey",
        action="store_true",
        help="the graph was pushed with another hashing key: delete every identifier in the "
        "graph first and record this key (without it, another key is refused)",
    )
    p.set_defaults(func=cmd_push)

    q = nsub.add_parser(
        "pull",
        allow_abbrev=False,
        help="read stores and links from Neo4j into tables 'sellergraph run' reads",
        description="Read the Store nodes and USES relationships of a Neo4j database into "
        "stores and links tables (and config.json when identifiers are hashed).",
    )
    _add_connection(q)
    q.add_argument("--out", required=True, help="output folder")
    q.add_argument("--format", choices=["csv", "parquet"], default="csv")
    q.add_argument(
        "--ignore-lock",
        action="store_true",
        help="read the graph even while a push holds its lock (only when that push is "
        "certainly not running any more)",
    )
    q.set_defaults(func=cmd_pull)
