"""The intelligence-sharing commands: ``export ...`` and ``match-watchlist``.

``sellergraph export watchlist|stix|graphml|gexf|node-link|case --run DIR --out PATH``
writes what may leave the platform from a run folder; ``sellergraph match-watchlist``
matches a partner's watchlist against your stores and links. The hashing key comes
from ``--key-file`` or ``--key-env`` (never from a plain argument, which would land in
shell history and process lists) and is never printed. Each command prints a short
summary on stdout; ``--quiet`` (``-q``) silences it and the progress lines, so a script
hears only of errors (on stderr, whatever the flag).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._wording import counted
from ._common import (
    Stages,
    add_default_country_option,
    add_encoding_option,
    add_status_option,
    in_default_country,
    load_config,
    parse_columns,
    parse_kind_names,
    parse_statuses,
    text_encoding,
)

__all__ = ["register"]

_QUIET_HELP = "no progress output and no summary (errors still go to stderr)"


def _secret(args: argparse.Namespace, *, required: bool) -> bytes | None:
    from ..hashing import read_secret

    if args.key_file is None and args.key_env is None:
        if required:  # argparse enforces it; kept for direct callers
            from ..errors import ConfigError

            raise ConfigError("give the hashing key with --key-file or --key-env")
        return None
    return read_secret(key_file=args.key_file, key_env=args.key_env)


def _analysis(args: argparse.Namespace) -> Any:
    from ..io.run import read_analysis

    stages = Stages(["load", "link", "rings", "score"], quiet=args.quiet)
    try:
        return read_analysis(args.run, progress=stages)
    finally:
        stages.close()


def _summary(args: argparse.Namespace, lines: list[str]) -> None:
    """Print a command's summary on stdout, unless ``--quiet`` (errors go to stderr
    whatever the flag: they are raised, and the entry point prints them)."""
    if not args.quiet:
        print("\n".join(lines))


def _values_label(raw: bool) -> str:
    return "RAW (personal data)" if raw else "keyed hashes only"


def cmd_watchlist(args: argparse.Namespace) -> int:
    from ..intel import to_watchlist, write_watchlist

    secret = _secret(args, required=True)
    assert secret is not None
    analysis = _analysis(args)
    wl = to_watchlist(
        analysis, secret=secret, members=args.members, raw=args.raw, created=args.created
    )
    path = write_watchlist(wl, args.out, fmt=args.format)
    m = wl.meta
    _summary(
        args,
        [
            f"watchlist         {wl.summary()}; {m['hubs_left_out']:,} hubs left out",
            f"key fingerprint   {m['key_fingerprint']}  (the partner's must match)",
            f"values            {_values_label(args.raw)}",
            f"written           {path}",
        ],
    )
    return 0


#: How each object of a bundle written by ``to_stix`` begins (one per object).
_OBJECT_ID = '"spec_version": "2.1"'


def cmd_stix(args: argparse.Namespace) -> int:
    from ..intel import to_stix, validate_stix

    secret = _secret(args, required=True)
    assert secret is not None
    stage = Stages(["read", "bundle", "validate", "write"], quiet=args.quiet)
    stage("read")
    analysis = _analysis(args)
    stage("bundle")
    text = to_stix(
        analysis,
        secret=secret,
        ring_ids=args.ring or None,
        tlp=args.tlp,
        raw=args.raw,
        created=args.created,
        producer=args.producer,
        previous=args.previous,
    )
    if args.validate:
        stage(f"validate ({text.count(_OBJECT_ID):,} objects, stix2-validator)")
        problems = validate_stix(text)
        if problems:
            from ..errors import SellergraphError

            raise SellergraphError(
                f"the bundle fails STIX validation ({len(problems)} problem(s)): {problems[0]}"
            )
    stage("write")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(text.encode("utf-8"))
    stage.close()
    if not args.quiet:
        _summary(args, _stix_summary(args, analysis, text, out, secret))
    return 0


def _stix_summary(
    args: argparse.Namespace, analysis: Any, text: str, out: Path, secret: bytes
) -> list[str]:
    """The lines ``export stix`` prints: objects by type, marking, key fingerprint, values,
    what was left out and where the bundle went."""
    from ..intel import key_fingerprint

    objects = json.loads(text)["objects"]
    counts: dict[str, int] = {}
    for o in objects:
        counts[o["type"]] = counts.get(o["type"], 0) + 1
    label = (
        "TLP:WHITE (TLP 2.0: CLEAR)"
        if args.tlp in ("clear", "white")
        else f"TLP:{args.tlp.upper()}"
    )
    lines = [
        f"STIX 2.1 bundle   {len(objects):,} objects: "
        + ", ".join(f"{n:,} {t}" for t, n in sorted(counts.items())),
        f"marking           {label}" + ("; validated" if args.validate else ""),
        f"key fingerprint   {key_fingerprint(secret)}  (the recipient's must match)",
        f"values            {_values_label(args.raw)}",
    ]
    if not args.ring:
        from ..intel.stix import banned_in_no_ring

        alone = len(banned_in_no_ring(analysis))
        lines.append(
            f"left out          {counted(alone, 'banned store')} in no ring "
            "(export watchlist carries them)"
        )
    lines.append(f"written           {out}")
    return lines


def _cmd_graph(fmt: str) -> Any:
    def run(args: argparse.Namespace) -> int:
        from ..io import graphs

        secret = _secret(args, required=False)
        analysis = _analysis(args)
        writer = {
            "graphml": graphs.write_graphml,
            "gexf": graphs.write_gexf,
            "node-link": graphs.write_node_link,
        }[fmt]
        graph = graphs.export_graph(
            analysis, view=args.view, ring_id=args.ring, raw=args.raw, secret=secret
        )
        path = writer(graph, args.out)
        _summary(
            args,
            [
                f"{fmt:<17} {graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} "
                f"edges ({args.view} view{', ring ' + args.ring if args.ring else ''}; "
                f"identifier values {'RAW' if args.raw else 'masked'})",
                f"written           {path}",
            ],
        )
        return 0

    return run


def cmd_case(args: argparse.Namespace) -> int:
    from ..intel import to_case, write_case

    secret = _secret(args, required=False)
    analysis = _analysis(args)
    case = to_case(
        analysis,
        args.ring,
        raw=args.raw,
        secret=secret,
        created=args.created,
        tlp=args.tlp,
        seed=analysis.seed,
    )
    folder = write_case(case, args.out, zip=not args.no_zip)
    m = case.manifest
    lines = [
        f"case              ring {case.ring_id}: {len(case.files)} files, identifier values "
        f"{m['identifier_values']}, {m['tlp']}",
    ]
    if "key_fingerprint" in m:
        lines.append(
            f"key fingerprint   {m['key_fingerprint']}  (ring {m['ring_ref']} in watchlists "
            "and STIX made with this key)"
        )
    lines.append(f"folder            {folder}")
    if not args.no_zip:
        lines.append(f"zip               {folder.with_name(folder.name + '.zip')}")
    lines.append(
        f"manifest SHA-256  {_sha256(case.files['manifest.json'])}  (send it apart from the "
        "package; in the folder, sha256sum -c SHA256SUMS checks every file)"
    )
    if not args.no_zip:
        lines.append(
            f"zip SHA-256       {_sha256(folder.with_name(folder.name + '.zip').read_bytes())}"
        )
    _summary(args, lines)
    return 0


def _sha256(data: bytes) -> str:
    """The SHA-256 of ``data``, in hex, for the chain of custody of a case package."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


#: How the load's notice that no store is banned begins.
_NO_BANNED = "No store is banned"


@contextlib.contextmanager
def _unsaid(start: str) -> Iterator[None]:
    """While inside, the load's notices that begin with ``start`` are not logged."""
    logger = logging.getLogger("sellergraph.dataset")

    def keep(record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(start)

    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


def cmd_match(args: argparse.Namespace) -> int:
    from ..intel import add_partner_evidence, match_watchlist
    from ..io.tables import write_table

    secret = _secret(args, required=True)
    assert secret is not None
    config = in_default_country(
        parse_kind_names(args.kind_names, parse_statuses(args.status, load_config(args.config))),
        args.default_country,
    )
    columns = parse_columns(args.columns)
    from ..dataset import load

    with _unsaid(_NO_BANNED):  # a partner's stores are matched, not scored: none need be banned
        dataset = load(
            args.stores, args.links, columns=columns, config=config, encoding=args.encoding
        )
    found = match_watchlist(
        args.watchlist,
        dataset,
        secret=secret,
        config=config,
        check_key=not args.no_key_check,
        watchlist_encoding=args.watchlist_encoding,
    )
    write_table(found.matches, args.out)
    s = found.summary
    unknown = s["watchlist_unknown_kinds"]
    lines = [
        f"watchlist         {s['watchlist_rows']:,} identifiers in {s['watchlist_groups']:,} "
        f"groups ({_unknown_kinds(s['watchlist_rows_unknown_kind'], unknown)})",
        *_unknown_kinds_fix(unknown),
        f"key fingerprint   {_fingerprints(s)}",
        f"matches           {len(found.matches):,}: {s['stores_matched']:,} of your stores, "
        f"{s['groups_matched']:,} partner groups, {s['identifiers_matched']:,} identifiers "
        f"({s['identifiers_suppressed']:,} too widely shared to count)",
        *_nothing_matched_hint(s),
        f"written           {args.out}",
    ]
    if args.identifiers_out:
        write_table(found.identifiers, args.identifiers_out)
        lines.append(f"identifiers       {args.identifiers_out}")
    if args.evidence_out:
        from ..io.tables import read_table
        from ..schema import rename_columns

        stores = read_table(args.stores, table="stores", encoding=args.encoding)
        links = read_table(args.links, table="links", encoding=args.encoding)
        stores = rename_columns(stores, columns, table="stores")
        links = rename_columns(links, columns, table="links")
        ev = add_partner_evidence(found, stores, links, config=config)
        out = Path(args.evidence_out)
        write_table(ev.stores, out / "stores.csv")
        write_table(ev.links, out / "links.csv")
        (out / "config.json").write_text(evidence_config(ev.config))
        lines += [
            f"with evidence     {out}/ (stores.csv, links.csv, config.json; "
            f"{len(ev.partner_stores):,} partner bans added)",
            f"  sellergraph run --stores {out / 'stores.csv'} --links {out / 'links.csv'} "
            f"--config {out / 'config.json'} --out DIR",
        ]
        if ev.config.known_shared:
            lines.append(f"known shared      {_known_shared_kept(ev.config)}")
    _summary(args, lines)
    return 0


def _unknown_kinds(n_rows: int, per_kind: dict[str, int]) -> str:
    """What the summary says of the watchlist rows of kinds you do not configure.

    Examples
    --------
    >>> _unknown_kinds(0, {})
    '0 of kinds you do not configure'
    >>> _unknown_kinds(820, {"alipay": 410, "wechat": 410})
    '820 of kinds you do not configure: alipay 410, wechat 410'
    """
    named = ", ".join(f"{kind} {n:,}" for kind, n in per_kind.items())
    return f"{n_rows:,} of kinds you do not configure" + (f": {named}" if named else "")


def _unknown_kinds_fix(per_kind: dict[str, int]) -> list[str]:
    """How to match the watchlist rows of kinds you do not configure (no line if none).

    Examples
    --------
    >>> _unknown_kinds_fix({})
    []
    >>> print(_unknown_kinds_fix({"alipay": 410, "wechat": 410})[0])
    ... # doctest: +NORMALIZE_WHITESPACE
      not matched     a hash includes its kind: configure kinds named alipay and wechat
      (--config) and file your values of them under those names (--kind-names), or ask the
      partner to export them as built-in kinds
    """
    if not per_kind:
        return []
    *rest, last = per_kind
    names = f"kinds named {', '.join(rest)} and {last}" if rest else f"a kind named {last}"
    return [
        f"  not matched     a hash includes its kind: configure {names} (--config) and file "
        "your values of them under those names (--kind-names), or ask the partner to export "
        "them as built-in kinds"
    ]


def _fingerprints(summary: Any) -> str:
    """The key fingerprint line of ``match-watchlist``: yours, and the watchlist's when it
    records none or another.

    Examples
    --------
    >>> _fingerprints({"key_fingerprint": "4f1bd0db59a9aeaf",
    ...                "watchlist_key_fingerprint": "4f1bd0db59a9aeaf"})
    '4f1bd0db59a9aeaf'
    >>> _fingerprints({"key_fingerprint": "4f1bd0db59a9aeaf", "watchlist_key_fingerprint": None})
    '4f1bd0db59a9aeaf  (the watchlist records none: the key was not checked)'
    >>> print(_fingerprints({"key_fingerprint": "4f1bd0db59a9aeaf",
    ...                      "watchlist_key_fingerprint": "0123456789abcdef"}))
    4f1bd0db59a9aeaf, the watchlist's 0123456789abcdef: OTHER KEYS (--no-key-check)
    """
    ours, theirs = summary["key_fingerprint"], summary.get("watchlist_key_fingerprint")
    if not theirs:
        return f"{ours}  (the watchlist records none: the key was not checked)"
    if theirs != ours:
        return f"{ours}, the watchlist's {theirs}: OTHER KEYS (--no-key-check)"
    return str(ours)


def _nothing_matched_hint(summary: Any) -> list[str]:
    """The hint ``match-watchlist`` gives when no identifier matched at all.

    Examples
    --------
    >>> _nothing_matched_hint({"watchlist_rows": 5, "identifiers_matched": 2})
    []
    >>> print(_nothing_matched_hint({"watchlist_rows": 5, "identifiers_matched": 0})[0])
    ... # doctest: +NORMALIZE_WHITESPACE
    hint              nothing matched: is it the partner's key (compare fingerprints)? Do
    both sides read values alike (the same kind names; phones without a country code read
    in the same country)?
    """
    if summary["identifiers_matched"] or not summary["watchlist_rows"]:
        return []
    return [
        "hint              nothing matched: is it the partner's key (compare fingerprints)? "
        "Do both sides read values alike (the same kind names; phones without a country code "
        "read in the same country)?"
    ]


def evidence_config(config: Any) -> str:
    """The ``config.json`` of ``match-watchlist --evidence-out``: the config in force,
    its ``known_shared`` values included.

    The folder is the input of a run of one's own: its stores and links tables are
    copies of the input tables, raw identifier values and all. Left out of its config,
    the known shared values would link stores again in that run, without a word.

    Examples
    --------
    >>> from sellergraph.config import Config
    >>> text = evidence_config(Config(known_shared={"ip": ["203.0.113.7"]}))
    >>> Config.from_dict(json.loads(text)).known_shared["ip"]
    ('203.0.113.7',)
    """
    return json.dumps(config.to_dict(known_shared=True), indent=2) + "\n"


def _known_shared_kept(config: Any) -> str:
    """What the summary says of the known shared values ``config.json`` holds.

    Examples
    --------
    >>> from sellergraph.config import Config
    >>> print(_known_shared_kept(Config(known_shared={"ip": ["203.0.113.7", "198.51.100.2"]})))
    config.json lists the config's 2 known_shared values (ip 2), raw: keep the folder internal
    """
    counts = {kind: len(values) for kind, values in sorted(config.known_shared.items())}
    per_kind = ", ".join(f"{kind} {n:,}" for kind, n in counts.items())
    return (
        f"config.json lists the config's {counted(sum(counts.values()), 'known_shared value')} "
        f"({per_kind}), raw: keep the folder internal"
    )


def _key(sp: argparse.ArgumentParser, *, required: bool) -> None:
    key = sp.add_mutually_exclusive_group(required=required)
    key.add_argument("--key-file", help="file holding the hashing key agreed with the partner")
    key.add_argument("--key-env", metavar="VAR", help="environment variable holding the key")


def _run_options(sp: argparse.ArgumentParser) -> None:
    sp.add_argument("--run", required=True, help="run folder written by 'sellergraph run'")
    sp.add_argument("--out", required=True, help="output file")
    sp.add_argument("--quiet", "-q", action="store_true", help=_QUIET_HELP)


def _created(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--created",
        metavar="TIME",
        help="time recorded in the export (default: the latest date in the data, so the same "
        "run gives the same file)",
    )


def register(sub: Any) -> None:
    """Add ``export`` and ``match-watchlist`` to the ``sellergraph`` sub-command parser."""
    e = sub.add_parser(
        "export",
        help="share a run: hashed watchlist, STIX 2.1, GraphML/GEXF, case package",
        description="Write what may leave the platform from a run folder. Identifiers are "
        "keyed hashes or masked unless --raw is given.",
    )
    esub = e.add_subparsers(dest="export_command", required=True, metavar="WHAT")

    w = esub.add_parser(
        "watchlist",
        help="hashed identifiers of banned stores and their rings (CSV, Parquet or JSON)",
        description="The identifiers of banned stores (and with --members ring, of every "
        "member of a ring with a banned store), HMAC-SHA256 under the key agreed with the "
        "partner, with kind, ring, first and last seen and closure.",
    )
    _run_options(w)
    _key(w, required=True)
    w.add_argument("--format", choices=["csv", "parquet", "json"], help="default: from --out")
    w.add_argument("--members", choices=["banned", "ring"], default="banned")
    w.add_argument("--raw", action="store_true", help="also write store ids and normalised values")
    _created(w)
    w.set_defaults(func=cmd_watchlist)

    s = esub.add_parser(
        "stix",
        help="STIX 2.1 bundle of rings, member stores and hashed identifiers",
        description="A STIX 2.1 bundle: a threat-actor per ring with a banned store, a "
        "user-account per member, hashed identifiers, indicators and relationships, with "
        "TLP markings.",
    )
    _run_options(s)
    _key(s, required=True)
    s.add_argument("--ring", action="append", help="only this ring (repeatable)")
    s.add_argument(
        "--tlp",
        choices=["clear", "white", "green", "amber", "amber+strict", "red"],
        default="amber",
    )
    s.add_argument("--producer", help="name of your organisation in the bundle")
    s.add_argument(
        "--previous",
        metavar="FILE",
        help="the bundle sent last time: shared objects keep their 'created', changed ones "
        "get a later 'modified', unchanged ones are written as before",
    )
    s.add_argument(
        "--raw", action="store_true", help="also write store ids, names and normalised values"
    )
    s.add_argument(
        "--validate",
        action="store_true",
        help="check with stix2-validator before writing (about 1-2 ms per object)",
    )
    _created(s)
    s.set_defaults(func=cmd_stix)

    for fmt, what in (
        ("graphml", "GraphML"),
        ("gexf", "GEXF for Gephi"),
        ("node-link", "node-link JSON"),
    ):
        g = esub.add_parser(
            fmt,
            help=f"the evidence graph as {what}",
            description=f"The evidence graph of a run (or one ring) as {what}: stores and "
            "the identifiers they share, or store-store links. Identifier values are masked "
            "unless --raw; with a key, identifier nodes also carry their keyed hash.",
        )
        _run_options(g)
        _key(g, required=False)
        g.add_argument("--view", choices=["identifiers", "stores"], default="identifiers")
        g.add_argument("--ring", help="only this ring")
        g.add_argument("--raw", action="store_true", help="label identifiers with raw values")
        g.set_defaults(func=_cmd_graph(fmt))

    c = esub.add_parser(
        "case",
        help="case package of one ring for law enforcement (folder and zip)",
        description="A folder (and zip) with an HTML dossier, the same data as JSON and CSV, "
        "pictures, and manifest.json with the SHA-256 of every file.",
    )
    c.add_argument("--run", required=True, help="run folder written by 'sellergraph run'")
    c.add_argument("--ring", required=True, help="the ring to package")
    c.add_argument("--out", required=True, help="output folder (the zip is written beside it)")
    c.add_argument("--quiet", "-q", action="store_true", help=_QUIET_HELP)
    _key(c, required=False)
    c.add_argument("--raw", action="store_true", help="write raw identifier values")
    c.add_argument("--no-zip", action="store_true", help="write the folder only")
    c.add_argument(
        "--tlp",
        choices=["clear", "white", "green", "amber", "amber+strict", "red"],
        default="amber",
    )
    _created(c)
    c.set_defaults(func=cmd_case)

    m = sub.add_parser(
        "match-watchlist",
        help="match a partner's hashed watchlist against your stores",
        description="Hash your normalised identifiers under the key agreed with the partner, "
        "join them with the partner's watchlist and write one row per (your store, their "
        "ring) with the kinds matched and the evidence strength.",
    )
    m.add_argument("--watchlist", required=True, help="partner watchlist (CSV, Parquet, JSON)")
    m.add_argument("--stores", required=True, help="your stores table (CSV, Parquet or JSON Lines)")
    m.add_argument("--links", required=True, help="your links table (CSV, Parquet or JSON Lines)")
    m.add_argument("--out", required=True, help="matches table (.csv or .parquet)")
    _key(m, required=True)
    m.add_argument("--config", help="config file (JSON or TOML)")
    m.add_argument(
        "--columns",
        help=(
            "column renames for both tables, e.g. shop_id=store_id,type=kind; "
            "prefix stores. or links. for one table only (links.id=link_id)"
        ),
    )
    add_status_option(m)
    add_default_country_option(m)
    add_encoding_option(m, "--stores and --links (the watchlist's: --watchlist-encoding)")
    m.add_argument(
        "--watchlist-encoding",
        default="utf-8",
        type=text_encoding,
        metavar="NAME",
        help="text encoding of --watchlist when CSV or JSON, e.g. cp1252 for one a partner "
        "saved from Excel on Windows (default utf-8, whatever --encoding says: the partner's "
        "export need not be in yours; UTF-16 and UTF-32 are told by their byte-order mark "
        "either way); Parquet ignores it",
    )
    m.add_argument("--identifiers-out", help="also write the matched identifiers here")
    m.add_argument(
        "--evidence-out",
        metavar="DIR",
        help="also write stores, links and config with the partner's bans added, for "
        "'sellergraph run'",
    )
    m.add_argument(
        "--no-key-check",
        action="store_true",
        help="match even when the watchlist's key fingerprint differs from yours",
    )
    m.add_argument(
        "--quiet", "-q", action="store_true", help="no summary (errors still go to stderr)"
    )
    m.set_defaults(func=cmd_match)
