"""The ``sellergraph`` command line: thin, it parses arguments, calls the library, prints.

Each group of commands lives in its own module with a ``register(subparsers)``
function. Errors on user input are printed as one line on stderr with exit status 2;
they never surface as a traceback. Heavy modules are imported inside the commands, so
``sellergraph --help`` and ``sellergraph screen`` start fast.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence

from .._memory import keep_freed_memory
from . import batch, diff_command, intel_commands, neo4j_commands, screening_commands
from ._common import EXIT_USAGE

__all__ = ["main"]

_COMMAND_MODULES = (batch, diff_command, screening_commands, neo4j_commands, intel_commands)


def _parser() -> argparse.ArgumentParser:
    from .._version import KEYS_VERSION, __version__

    p = argparse.ArgumentParser(
        prog="sellergraph",
        description="Find banned marketplace sellers returning under new identities.",
    )
    p.add_argument(
        "--version",
        action="version",
        version=f"sellergraph {__version__} (identifier keys version {KEYS_VERSION})",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _COMMAND_MODULES:
        module.register(sub)
    return p


class _WarningLine(logging.Handler):
    """The library's warnings as one ``sellergraph: warning:`` line each, on the
    ``sys.stderr`` of the moment they are emitted."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"sellergraph: warning: {record.getMessage()}", file=sys.stderr)


def route_logs() -> None:
    """Show the library's warnings as single lines and keep the Neo4j driver's own log
    (its retries, the connection it lost) off the terminal: what went wrong is said by
    the command's one error line."""
    # A handler anywhere on a logger's path keeps Python's last-resort printer away;
    # records still propagate, to whatever logging the caller configured.
    driver = logging.getLogger("neo4j")
    if not any(isinstance(h, logging.NullHandler) for h in driver.handlers):
        driver.addHandler(logging.NullHandler())
    ours = logging.getLogger("sellergraph")
    if not any(isinstance(h, _WarningLine) for h in ours.handlers):
        ours.addHandler(_WarningLine(logging.WARNING))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sellergraph`` command.

    Run as the command (``argv`` not given), the process is the command's own and
    glibc keeps what it frees for reuse (:func:`sellergraph._memory.keep_freed_memory`);
    called from Python with ``argv``, the caller's process is left as it is.
    """
    if argv is None:
        keep_freed_memory()
    parser = _parser()
    args = parser.parse_args(argv)
    route_logs()
    func: Callable[[argparse.Namespace], int] = args.func
    from ..errors import SellergraphError, WorkerLostError

    try:
        return func(args)
    except BrokenPipeError:
        # the reader stopped reading (``| head``): not an error of ours. Later writes
        # to stdout, at exit too, go nowhere instead of failing again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
    except WorkerLostError as exc:  # not the user's input: the machine's memory
        print(f"sellergraph: error: {exc}", file=sys.stderr)
        return 1
    except SellergraphError as exc:
        # worded for the command line where it differs (an option, not a parameter)
        text = getattr(exc, "command_line", None) or str(exc)
        first, *rest = text.splitlines() or [""]
        print(f"sellergraph: error: {first}", file=sys.stderr)
        for line in rest[:40]:  # an InputError lists at most 20 problems and a summary
            print(f"  {line.strip()}", file=sys.stderr)
        if len(rest) > 40:
            print(f"  ... ({len(rest) - 40} more lines)", file=sys.stderr)
        return EXIT_USAGE
    except (OSError, MemoryError) as exc:
        print(f"sellergraph: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("sellergraph: interrupted", file=sys.stderr)
        return 130
