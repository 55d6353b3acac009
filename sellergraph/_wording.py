"""Counts in words, for summaries, reports and messages."""

from __future__ import annotations

__all__ = ["counted", "noun"]


def noun(n: object, singular: str) -> str:
    """``singular`` for one, its plural (an added ``s``) for any other count.

    Examples
    --------
    >>> noun(1, "ring"), noun(0, "ring")
    ('ring', 'rings')
    """
    return singular if n == 1 else singular + "s"


def counted(n: int, singular: str) -> str:
    """``n`` with thousands separators and the noun in its number.

    Examples
    --------
    >>> counted(1, "banned store"), counted(1041, "banned store")
    ('1 banned store', '1,041 banned stores')
    """
    return f"{n:,} {noun(n, singular)}"
