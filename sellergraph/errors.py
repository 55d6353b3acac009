"""Exceptions raised by sellergraph.

Every exception derives from :class:`SellergraphError` and also from the builtin a
caller would naturally catch, so ``except ValueError`` keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ConfigError",
    "InputError",
    "MissingDependencyError",
    "SellergraphError",
    "WorkerLostError",
    "why_not_a_file",
]


class SellergraphError(Exception):
    """Base class of every error raised by sellergraph."""


class InputError(SellergraphError, ValueError):
    """Input tables break the data contract.

    Parameters
    ----------
    message : str
        One-line summary.
    failures : pandas.DataFrame, optional
        One row per problem with columns ``table, row, column, value, reason, message``.
        Every problem found is listed, not only the first (lazy validation).
    counts : mapping, optional
        Problems per reason, when a row of ``failures`` stands for more than one.
    command_line : str, optional
        The message as the ``sellergraph`` command words it, where it differs (its
        advice names a command-line option, not a Python parameter); kept as the
        attribute of that name, None otherwise.
    """

    def __init__(
        self,
        message: str,
        failures: pd.DataFrame | None = None,
        *,
        counts: Mapping[str, int] | None = None,
        command_line: str | None = None,
    ) -> None:
        self.failures = failures
        self.command_line = command_line
        if failures is not None and len(failures):
            lines = [message]
            for rec in _shown(failures, _SHOWN).itertuples(index=False):
                row = "" if rec.row is None else f" row {rec.row}"
                col = "" if rec.column is None else f" column {rec.column!r}"
                val = "" if rec.value is None else f" value {rec.value!r}"
                lines.append(f"  - table {rec.table!r}{row}{col}{val}: {rec.message}")
            if len(failures) > _SHOWN:
                if counts is None:
                    counts = failures["reason"].astype(str).value_counts(sort=False).to_dict()
                by_reason = ", ".join(f"{n:,} {reason}" for reason, n in counts.items())
                lines.append(
                    f"  ... and {len(failures) - _SHOWN} more (see .failures); in all: {by_reason}"
                )
            message = "\n".join(lines)
        super().__init__(message)


#: Problems listed in an :class:`InputError`'s message (all are in its ``failures``).
_SHOWN = 20


def _shown(failures: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` problems to list, in their order, taking every reason in turn so that
    one reason's thousand rows do not hide another's."""
    if len(failures) <= n:
        return failures
    turn = failures.groupby(failures["reason"].astype(str), sort=False).cumcount().to_numpy()
    order = sorted(range(len(failures)), key=lambda i: (turn[i], i))[:n]
    return failures.iloc[sorted(order)]


class ConfigError(SellergraphError, ValueError):
    """A configuration value is out of range or of the wrong type."""


class MissingDependencyError(SellergraphError, ImportError):
    """An optional extra is needed for this feature; the message says what to install."""


class WorkerLostError(SellergraphError, RuntimeError):
    """A forked worker process ended without a result (killed, most often for want of memory)."""


def why_not_a_file(path: Path) -> str | None:
    """Why ``path`` cannot be read as a file (``None`` when it can).

    Examples
    --------
    >>> why_not_a_file(Path("/"))
    'is a directory, not a file'
    """
    if path.is_file():
        return None
    if path.is_dir():
        return "is a directory, not a file"
    return "does not exist"
