"""Data text as the report and the case pack show it.

Store ids, names and identifier values arrive as the marketplace wrote them, control
characters included (a NUL, a bell, a terminal escape). A page or a spreadsheet cell
cannot show those, and an HTML document holding them is not well-formed, so each one is
written as the escape Python prints for it (``\\x00``, ``\\x1b``): visible, readable, and
two stores that differ by one control character still look different. What a person can
paste back (``analysis.explain("ban\\x00ned")``) names the same store.

Unicode's bidirectional controls (the embeddings, overrides and isolates U+202A-U+202E
and U+2066-U+2069, the marks U+200E, U+200F and U+061C) and its invisible format
characters (U+200B zero-width space, the word joiner and invisible operators
U+2060-U+2064, the deprecated format controls U+206A-U+206F, U+FEFF) are written as
``\\u202e``-style escapes the same way: they would reorder or hide what a reader sees
(``S1\\u202eSSAP`` displays as ``S1PASS``). Zero-width non-joiner and joiner (U+200C,
U+200D) stay as they are: some scripts and emoji sequences need them.

A very long unbroken run (a 2,000-character store id) is shortened in the middle for
display, keeping both ends; the full text stays with the page (a ``title``).

What one evidence item adds to a score is written with two decimals, but an item that
adds less than 0.005 (a later item once the score is nearly saturated) reads ``+<0.01``
rather than a misleading ``+0.00``, and one recorded as adding exactly 0 reads ``+0``
(:func:`contribution_text`).

Examples
--------
>>> visible("ban\\x00ned\\tshop\\n")
'ban\\\\x00ned\\tshop\\n'
>>> visible_one_line("a\\tb\\r\\nc")
'a\\\\x09b\\\\x0d\\\\x0ac'
>>> visible("S1\\u202eSSAP\\u200b") == "S1\\\\u202eSSAP\\\\u200b"
True
>>> kssa = "\\u0915\\u094d\\u200d\\u0937"  # a joiner an Indic script needs: it stays
>>> visible(kssa) == kssa
True
>>> shorten_runs("id " + "x" * 30 + "yz", 12)
'id xxxxxxxx…xyz'
>>> [contribution_text(x) for x in (0.6443, 0.004, 0.0)]
['+0.64', '+<0.01', '+0']
"""

from __future__ import annotations

import math
import re

__all__ = ["contribution_text", "shorten_runs", "visible", "visible_one_line"]

#: Bidirectional controls and invisible format characters (a character class body):
#: they reorder or hide the text around them. ZWNJ and ZWJ (U+200C, U+200D) are not here.
_BIDI_AND_INVISIBLE = (
    "\u061c"  # ARABIC LETTER MARK
    "\u200b"  # ZERO WIDTH SPACE
    "\u200e\u200f"  # LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK
    "\u202a-\u202e"  # embeddings, POP DIRECTIONAL FORMATTING, overrides
    "\u2060-\u2064"  # WORD JOINER and the invisible operators
    "\u2066-\u2069"  # isolates and POP DIRECTIONAL ISOLATE
    "\u206a-\u206f"  # deprecated format controls (symmetric swapping, digit shapes)
    "\ufeff"  # ZERO WIDTH NO-BREAK SPACE (byte order mark)
)
#: C0 controls but tab and newline, DEL, the C1 controls, bidi controls and invisible
#: format characters: not text on a page.
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_AND_INVISIBLE}]")
#: The same and tab and newline too: not inside one CSV record.
_ANY_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI_AND_INVISIBLE}]")


def _escape(match: re.Match[str]) -> str:
    """The escape Python prints for one character: ``\\xNN`` below U+0100, else ``\\uNNNN``."""
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with each control character but tab and newline written as ``\\xNN``, and
    each bidirectional control or invisible format character as ``\\uNNNN``."""
    return _CONTROL.sub(_escape, text)


def visible_one_line(text: str) -> str:
    """:func:`visible`, tab and line breaks written as ``\\xNN`` too (one line of text)."""
    return _ANY_CONTROL.sub(_escape, text)


def contribution_text(value: float, digits: int = 2) -> str:
    """What one evidence item adds to a score, signed, for a sentence or a table cell.

    Parameters
    ----------
    value : float
        The item's contribution (``contribution`` of :attr:`Explanation.contributions
        <sellergraph.analysis.Explanation.contributions>`).
    digits : int, default 2
        Decimals shown.

    Returns
    -------
    str
        ``+0.64``; ``+<0.01`` for a positive contribution that rounds to zero at
        ``digits`` decimals (it still adds something: ``+0.00`` would say it adds
        nothing); ``+0`` for a contribution of exactly 0 (an item that adds nothing
        the contributions table records, once a score is at or next to 1);
        ``-<0.01`` and ``-0.12`` likewise below zero; ``n/a`` when not a number.

    Examples
    --------
    >>> contribution_text(0.0049), contribution_text(0.005), contribution_text(-0.0)
    ('+<0.01', '+0.01', '+0')
    >>> contribution_text(0.00042, digits=3)
    '+<0.001'
    """
    x = float(value)
    if math.isnan(x):
        return "n/a"
    if x == 0:
        return "+0"
    sign = "+" if x > 0 else "-"
    shown = f"{abs(x):.{digits}f}"
    if float(shown) == 0:
        return f"{sign}<{10.0**-digits:.{digits}f}"
    return sign + shown


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
