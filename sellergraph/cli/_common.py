"""Pieces shared by the command modules: stage progress, config and column options."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import Any

EXIT_USAGE = 2


def add_common(sp: argparse.ArgumentParser) -> None:
    """``--seed`` and ``--quiet``, for commands that run the pipeline."""
    sp.add_argument("--seed", type=int, default=0, help="seed (default 0)")
    sp.add_argument(
        "--quiet",
        "-q",
        action="store_true",
        help="no progress output and no summary (errors still go to stderr)",
    )


def text_encoding(name: str) -> str:
    """An ``--encoding`` value as Python names it (the ``type`` of every option naming a
    text encoding); a usage error when it is no text encoding.

    Examples
    --------
    >>> text_encoding("latin-1")
    'iso8859-1'
    """
    from ..errors import InputError
    from ..io.tables import text_codec

    try:
        return text_codec(name)
    except InputError:
        raise argparse.ArgumentTypeError(
            f"{name!r} is not a text encoding (try utf-8, cp1252, latin-1, utf-16, gbk)"
        ) from None


def add_encoding_option(sp: argparse.ArgumentParser, read: str) -> None:
    """``--encoding``, the text encoding of the CSV and JSON files ``read`` names."""
    sp.add_argument(
        "--encoding",
        default="utf-8",
        type=text_encoding,
        metavar="NAME",
        help=(
            f"text encoding of {read} when CSV or JSON, e.g. cp1252 or latin-1 for "
            "what Windows and Excel save as 'CSV' (default utf-8; UTF-16 and UTF-32 "
            "are told by their byte-order mark either way); Parquet ignores it"
        ),
    )


class Stages:
    """Progress over pipeline stages on stderr (a tqdm bar when stderr is a terminal)."""

    def __init__(self, names: Sequence[str], *, quiet: bool) -> None:
        self.names = list(names)
        self.quiet = quiet
        self.t0 = time.perf_counter()
        self.bar: Any = None
        if not quiet and sys.stderr.isatty():
            from tqdm import tqdm

            self.bar = tqdm(total=len(self.names), file=sys.stderr, unit="stage", leave=False)

    def __call__(self, name: str) -> None:
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.set_description(name)
            if name in self.names and self.names.index(name) > 0:
                self.bar.update(1)
        else:
            print(f"  [{time.perf_counter() - self.t0:6.1f}s] {name}", file=sys.stderr)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.update(self.bar.total - self.bar.n)
            self.bar.close()


def load_config(path: str | None) -> Any:
    from ..config import Config

    return Config.from_file(path) if path else Config()


def country_region(text: str) -> str:
    """A ``--default-country`` value: the phone region an ISO 3166 code or a country
    name names (``BR``, ``BRA``, ``Brasil``); anything else is a usage error.

    Examples
    --------
    >>> country_region("Australia"), country_region("aus")
    ('AU', 'AU')
    """
    from .._countries import region_of

    region = region_of(text)
    if region is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 3166 code or a country name with a phone numbering "
            "plan (e.g. BR, BRA or Brasil)"
        )
    return region


#: The help of ``--default-country`` where a registration is read (``index``, ``screen``).
COUNTRY_HELP = (
    "country whose phone numbers a registration without a 'country' has (an ISO 3166 "
    "code or a country name: BR, BRA, Brasil); default: {}"
)


def in_default_country(config: Any, region: str | None) -> Any:
    """The config with ``--default-country`` (a region, or None when not given) as its
    ``normalize.default_region``: the option wins over the config file's value.

    Examples
    --------
    >>> from sellergraph.config import Config
    >>> in_default_country(Config(), "AU").normalize.default_region
    'AU'
    >>> in_default_country(Config(), None) == Config()
    True
    """
    return config if region is None else config.replace(default_region=region)


def _name_pairs(items: Sequence[str], option: str, shape: str) -> list[tuple[str, str]]:
    """``A=B`` pairs of a repeatable option whose values may each list several,
    comma-separated (an InputError naming ``option`` and its ``shape`` otherwise)."""
    pairs = [p.split("=", 1) for item in items for p in item.split(",") if p.strip()]
    bad = [p for p in pairs if len(p) != 2 or not p[0].strip() or not p[1].strip()]
    if bad:
        from ..errors import InputError

        raise InputError(f"{option} expects {shape}[,{shape}...] (got {'='.join(bad[0])!r})")
    return _one_target_each([(a.strip(), b.strip()) for a, b in pairs], option)


def _one_target_each(pairs: list[tuple[str, str]], option: str) -> list[tuple[str, str]]:
    """``pairs``, refused (an InputError naming ``option``) when a name is given two
    different targets: only one of them could be meant, and the last would win silently.

    Examples
    --------
    >>> _one_target_each([("tel", "phone"), ("tel", "phone")], "--columns")
    [('tel', 'phone'), ('tel', 'phone')]
    """
    target: dict[str, str] = {}
    for name, to in pairs:
        if target.setdefault(name, to) != to:
            from ..errors import InputError

            raise InputError(
                f"{option} gives {name!r} twice, as {target[name]!r} and as {to!r}: give it once"
            )
    return pairs


#: What an ``--status`` error adds on a word that holds a comma.
_STATUS_WITH_COMMA = (
    "a word that holds a comma goes in a --status of its own "
    "(--status 'SUSPENDED - counterfeit, repeat=banned') or in the config's [statuses] "
    "table"
)


def status_pairs(items: Sequence[str]) -> list[tuple[str, str]]:
    """The ``WORD=STATUS`` pairs of ``--status`` options. An option with one ``=`` is
    one pair, whose word may hold commas (``SUSPENDED - counterfeit, repeat=banned``);
    an option with several lists pairs separated by commas.

    Examples
    --------
    >>> status_pairs(["suspended=banned,open=active", "SUSPENDED - fraud, repeat=banned"])
    [('suspended', 'banned'), ('open', 'active'), ('SUSPENDED - fraud, repeat', 'banned')]
    >>> status_pairs(["suspended*=banned"])
    [('suspended*', 'banned')]
    """
    pairs = [p.split("=", 1) for item in items for p in _status_parts(item)]
    bad = [p for p in pairs if len(p) != 2 or not p[0].strip() or not p[1].strip()]
    if bad:
        from ..errors import InputError

        raise InputError(
            f"--status expects WORD=STATUS[,WORD=STATUS...] (got {'='.join(bad[0])!r}); "
            f"{_STATUS_WITH_COMMA}"
        )
    return _one_target_each([(a.strip(), b.strip()) for a, b in pairs], "--status")


def _status_parts(item: str) -> list[str]:
    """One ``--status`` option's pairs as text (see :func:`status_pairs`)."""
    if item.count("=") == 1:
        return [item.strip().rstrip(",").strip()]
    return [p for p in item.split(",") if p.strip()]


def parse_statuses(items: Sequence[str] | None, config: Any) -> Any:
    """The config with ``--status WORD=STATUS`` options added to its ``statuses``
    (a ``WORD*=STATUS`` is a prefix pattern, as in the config)."""
    if not items:
        return config
    from ..config import status_key
    from ..errors import ConfigError, InputError

    try:
        given = {status_key(a): b for a, b in status_pairs(items)}  # as the config's are
    except ConfigError as exc:
        raise InputError(f"--status: {exc}") from None
    return config.replace(statuses={**config.statuses, **given})


def parse_kind_names(items: Sequence[str] | None, config: Any) -> Any:
    """The config with ``--kind-names NAME=KIND`` options added to its ``kind_names``."""
    if not items:
        return config
    given = dict(_name_pairs(items, "--kind-names", "NAME=KIND"))
    return config.replace(kind_names={**config.kind_names, **given})


def add_default_country_option(sp: argparse.ArgumentParser) -> None:
    """``--default-country``: the country of phone numbers written without a country
    code on a store without a ``country`` (``run``, ``match-watchlist``)."""
    sp.add_argument(
        "--default-country",
        type=country_region,
        metavar="COUNTRY",
        help=(
            "country whose phone numbers a store without a 'country' column or value has "
            "(an ISO 3166 code or a country name: AU, AUS, Australia); sets the config's "
            "normalize.default_region, over a --config file's (default: the config's, CN)"
        ),
    )


def add_status_option(sp: argparse.ArgumentParser) -> None:
    sp.add_argument(
        "--status",
        action="append",
        metavar="WORD=STATUS",
        help=(
            "read another word of the stores' status column as active, banned or closed, "
            "e.g. suspended=banned,open=active; 'suspended*=banned' reads every word "
            "starting so (exact words win); an option with one = is one word, commas "
            "and all (repeatable; adds to the config's statuses)"
        ),
    )
    sp.add_argument(
        "--kind-names",
        action="append",
        metavar="NAME=KIND",
        help=(
            "read another name of the links' kind column (or of a wide column) as a kind, "
            "e.g. TELEFONE=phone,CHAVE_PIX=payment_account (repeatable; adds to the "
            "config's kind_names)"
        ),
    )


def parse_columns(text: str | None) -> dict[str, str] | None:
    if not text:
        return None
    pairs = [p.split("=", 1) for p in text.split(",") if p.strip()]
    bad = [p for p in pairs if len(p) != 2 or not p[0].strip() or not p[1].strip()]
    if bad:
        from ..errors import InputError

        raise InputError(f"--columns expects SRC=DST[,SRC=DST...] (got {text!r})")
    return dict(_one_target_each([(a.strip(), b.strip()) for a, b in pairs], "--columns"))


#: The tables ``--max-rejected-share`` gives a share for.
_SHARE_TABLES = ("links", "stores")


def rejected_share(text: str) -> dict[str, float]:
    """A ``--max-rejected-share`` value: one share for both tables (``0.05``), or
    ``TABLE=SHARE`` pairs (``links=0.05,stores=0.01``); shares from 0 to 1, percentages
    too (``5%``). Anything else is a usage error.

    Examples
    --------
    >>> rejected_share("0.05")
    {'links': 0.05, 'stores': 0.05}
    >>> rejected_share("links=2%")
    {'links': 0.02}
    >>> rejected_share("links=0.05,stores=0.5")
    {'links': 0.05, 'stores': 0.5}
    >>> rejected_share("orders=0.1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: 'orders=0.1': a table is links or stores (SHARE, or ...)
    """
    shape = "SHARE, or TABLE=SHARE[,TABLE=SHARE]"
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) == 1 and "=" not in parts[0]:
        share = _share_of(parts[0], text, shape)
        return dict.fromkeys(_SHARE_TABLES, share)
    out: dict[str, float] = {}
    for part in parts:
        table, _, given = (x.strip() for x in part.partition("="))
        if table not in _SHARE_TABLES or not given:
            raise argparse.ArgumentTypeError(
                f"{text!r}: a table is {' or '.join(_SHARE_TABLES)} ({shape})"
            )
        out[table] = _share_of(given, text, shape)
    if not out:
        raise argparse.ArgumentTypeError(f"{text!r} is no share ({shape})")
    return out


def _share_of(given: str, text: str, shape: str) -> float:
    """One share of a ``--max-rejected-share`` value (``0.05`` or ``5%``)."""
    percent = given.endswith("%")
    try:
        share = float(given.rstrip("%")) / (100 if percent else 1)
    except ValueError:
        share = float("nan")
    if not 0.0 <= share <= 1.0:  # NaN too
        raise argparse.ArgumentTypeError(
            f"{text!r}: a share is a number from 0 to 1, or a percentage ({shape})"
        )
    return share


def add_input_options(sp: argparse.ArgumentParser) -> None:
    """``--duplicate-stores`` and ``--max-rejected-share``: what a run does with input
    rows it cannot use (the config's ``[input]``)."""
    sp.add_argument(
        "--duplicate-stores",
        choices=["error", "reject"],
        help=(
            "a store_id on stores rows that differ (two statuses): 'error' stops the run "
            "(the default), 'reject' sets the store's rows and links aside (in rejected, "
            "with a warning) and analyses the others; sets the config's "
            "input.duplicate_stores"
        ),
    )
    sp.add_argument(
        "--max-rejected-share",
        type=rejected_share,
        metavar="SHARE",
        help=(
            "stop with exit status 2, before the analysis, when more than this share of "
            "the links (or of the stores rows) is set aside with the evidence it holds "
            "(unknown_store, invalid values, ...; not repeats, placeholders or known "
            "shared values): 0.02, 2%%, or links=0.02,stores=0.001 (default 1: never "
            "stops); sets the config's input.max_rejected_links_share and "
            "input.max_rejected_stores_share"
        ),
    )


def with_input_options(
    config: Any, *, duplicate_stores: str | None, max_rejected_share: dict[str, float] | None
) -> Any:
    """The config with ``--duplicate-stores`` and ``--max-rejected-share`` (None when not
    given) as its ``input`` settings: the options win over the config file's.

    Examples
    --------
    >>> from sellergraph.config import Config
    >>> cfg = with_input_options(Config(), duplicate_stores="reject",
    ...                          max_rejected_share={"links": 0.02})
    >>> cfg.input.duplicate_stores, cfg.input.max_rejected_links_share
    ('reject', 0.02)
    >>> with_input_options(Config(), duplicate_stores=None, max_rejected_share=None) == Config()
    True
    """
    changes: dict[str, Any] = {
        f"max_rejected_{table}_share": share for table, share in (max_rejected_share or {}).items()
    }
    if duplicate_stores is not None:
        changes["duplicate_stores"] = duplicate_stores
    return config.replace(**changes) if changes else config
