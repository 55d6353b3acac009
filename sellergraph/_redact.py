"""Free text that leaves the platform with the identifiers typed into it taken out.

A closure reason is a moderator's free text, and moderators paste the evidence into it:
``售假；关联手机130-4612-9792``, ``same seller as S-88, mail ann@corp.cn``. Every export that
shares it (watchlist, STIX, case package, a partner's matches) would send those values as
typed, beside the keyed hashes that were to be the only form of them. Unless the caller asks
for raw values, such text is sent with what looks like an identifier replaced by
:data:`REDACTED`: e-mail addresses, web addresses, IP addresses, numbers of six digits or
more however they are spaced (phones, cards, accounts, ID numbers), and words mixing letters
and at least four digits (IBANs, device ids, ``wxid_…``). Dates stay, as do short numbers
(a year, a postcode, a section of a policy).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["REDACTED", "redact_identifiers", "redacted_texts"]

#: What stands where an identifier was.
REDACTED = "[redacted]"

#: Fewest digits in a number read as an identifier (a phone's subscriber number, an
#: account, a card, an ID number); shorter numbers are years, postcodes, counts.
_FEWEST_DIGITS = 6
#: Fewest digits in a word that mixes letters and digits for it to be an identifier.
_FEWEST_DIGITS_IN_WORD = 4

_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
_URL = r"(?:https?://|www\.)[^\s<>\"'，。；、]+"
_IPV4 = r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)"
_IPV6 = (
    r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
    r"|(?:[0-9A-Fa-f]{1,4}:)*[0-9A-Fa-f]{0,4}::(?:[0-9A-Fa-f]{1,4}:)*[0-9A-Fa-f]{0,4})(?![\w:])"
)
#: A date written with its separators (``2023-05-01``, ``01/05/2023``, ``2023.5.1``): kept.
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_DATE = re.compile(
    rf"\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}{_TIME}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}{_TIME}"
)
#: A number as people type one: digits with single spaces, dots, dashes, slashes or
#: brackets between them, perhaps after ``+``.
_NUMBER = r"\+?\(?\d(?:[ .\-/()]{0,2}\d)*"
#: A word of letters, digits, ``_`` and ``-`` that holds a digit and a letter.
_WORD = r"(?<![\w\-])[A-Za-z0-9_\-]*[A-Za-z_][A-Za-z0-9_\-]*(?![\w\-])"
_PIECES = re.compile(
    f"(?P<ipv4>{_IPV4})|(?P<date>{_DATE.pattern})|(?P<email>{_EMAIL})|(?P<url>{_URL})"
    f"|(?P<ipv6>{_IPV6})|(?P<word>{_WORD})"
)
#: A date first, so that its digits are not read as a number.
_NUMBERS = re.compile(f"(?P<date>{_DATE.pattern})|(?P<number>{_NUMBER})")


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _a_date(text: str) -> bool:
    """Whether a date-shaped ``text`` names a day (``2023-05-01``, ``14/03/2024``; not a
    sort code ``12-34-56``)."""
    first, second, third = (int(n) for n in re.findall(r"\d+", text)[:3])
    if len(text) >= 4 and text[:4].isdigit():  # year first
        return 1 <= second <= 12 and 1 <= third <= 31
    return (1 <= first <= 31 and 1 <= second <= 12) or (1 <= first <= 12 and 1 <= second <= 31)


def _piece(match: re.Match[str]) -> str:
    if match.lastgroup == "date":
        date = match.group()
        return date if _a_date(date) else _number_text(date)
    if match.lastgroup == "word":
        word = match.group()
        return REDACTED if _digits(word) >= _FEWEST_DIGITS_IN_WORD else word
    if match.lastgroup == "ipv6" and _digits(match.group()) == 0:
        return match.group()  # a run of letters a-f and colons: words, not an address
    return REDACTED


def _number_text(number: str) -> str:
    return number if _digits(number) < _FEWEST_DIGITS else REDACTED


def _number(match: re.Match[str]) -> str:
    number = match.group()
    if match.lastgroup == "date" and _a_date(number):
        return number
    return _number_text(number)


def redact_identifiers(text: str) -> str:
    """``text`` with what looks like an identifier replaced by :data:`REDACTED`.

    E-mail and web addresses, IP addresses, numbers of six digits or more however
    spaced, and words mixing letters and four digits or more; dates and shorter
    numbers stay.

    Examples
    --------
    >>> redact_identifiers("售假；关联手机130-4612-9792")
    '售假；关联手机[redacted]'
    >>> redact_identifiers("same seller as shop 88, mail Ann.Lee@corp.cn (+86 138 0013 8000)")
    'same seller as shop 88, mail [redacted] ([redacted])'
    >>> redact_identifiers("counterfeit, banned 2023-05-01 under policy 4.2, 3 listings")
    'counterfeit, banned 2023-05-01 under policy 4.2, 3 listings'
    >>> redact_identifiers("IBAN GB82WEST12345698765432, device 9774d56d682e549c, ip 10.1.2.3")
    'IBAN [redacted], device [redacted], ip [redacted]'
    """
    if not text:
        return text
    text = _PIECES.sub(_piece, text)
    return _NUMBERS.sub(_number, text)


def redacted_texts(texts: Iterable[object]) -> list[object]:
    """Each text with its identifiers redacted (:func:`redact_identifiers`); a value
    that is not text (``None``, ``NaN``) is kept as it is.

    Examples
    --------
    >>> redacted_texts(["fake goods", None, "call 0412 345 678"])
    ['fake goods', None, 'call [redacted]']
    """
    cache: dict[str, str] = {}
    out: list[object] = []
    for text in texts:
        if isinstance(text, str):
            if text not in cache:
                cache[text] = redact_identifiers(text)
            out.append(cache[text])
        else:
            out.append(text)
    return out
