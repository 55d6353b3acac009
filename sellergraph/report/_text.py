"""Data text as the report and the case pack show it.

Store ids, names and identifier values arrive as the marketplace wrote them, control
characters included (a NUL, a bell, a terminal escape). A page or a spreadsheet cell
cannot show those, and an HTML document holding them is not well-formed, so each one is
written as the escape Python prints for it (``\\x00``, ``\\x1b``): visible, readable, and
two stores that differ by one control character still look different. What a person can
paste back (``analysis.explain("ban\\x00ned")``) names the same store.

A very long unbroken run (a 2,000-character store id) is shortened in the middle for
display, keeping both ends; the full text stays with the page (a ``title``).

Examples
--------
>>> visible("ban\\x00ned\\tshop\\n")
'ban\\\\x00ned\\tshop\\n'
>>> visible_one_line("a\\tb\\r\\nc")
'a\\\\x09b\\\\x0d\\\\x0ac'
>>> shorten_runs("id " + "x" * 30 + "yz", 12)
'id xxxxxxxx…xyz'
"""

from __future__ import annotations

import re

__all__ = ["shorten_runs", "visible", "visible_one_line"]

#: C0 controls but tab and newline, DEL, and the C1 controls: not text on a page.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Every control character, tab and newline included: not inside one CSV record.
_ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def visible(text: str) -> str:
    """``text`` with each control character but tab and newline written as ``\\xNN``."""
    return _CONTROL.sub(_escape, text)


def visible_one_line(text: str) -> str:
    """``text`` with every control character, tab and newline too, written as ``\\xNN``."""
    return _ANY_CONTROL.sub(_escape, text)


def shorten_runs(text: str, limit: int) -> str:
    """``text`` with each run of more than ``limit`` non-space characters cut to
    ``limit``: its start, an ellipsis, and its end (where store ids tend to differ)."""
    keep = limit - 1
    tail = keep // 3
    head = keep - tail

    def cut(match: re.Match[str]) -> str:
        run = match.group()
        return run[:head] + "…" + (run[-tail:] if tail else "")

    return re.sub(rf"\S{{{limit + 1},}}", cut, text)
