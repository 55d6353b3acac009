"""Identifier normalisation: one normaliser per identifier kind, vectorised.

Two stores share an identifier only if their raw values normalise to the same
*key*. Every normaliser takes a :class:`pandas.Series` of raw values and returns a
table aligned with it: ``key`` (the normalised value, or ``None``), ``reason``
(why a value was rejected, a :data:`REASONS` code) and ``flag`` (a warning about an
accepted value, a :data:`FLAGS` code; flags never reject).

How it scales: each *distinct* raw value is normalised once (``pandas.factorize``)
and the results are mapped back, so repeated values cost nothing. Phones take a
vectorised fast path for the common shapes (Chinese mobiles with or without
``+86``/``0086``/``86``) and only the rest go through the ``phonenumbers``
library, once per distinct value.

Rules shared by every kind, in order:

1. ``None``/NaN and blank values -> ``empty``; values longer than
   ``NormalizeConfig.max_value_length`` (after trimming) -> ``too_long``.
2. Unicode NFKC (full-width digits and letters become ASCII), invisible
   characters (zero-width spaces, BOM, bidi marks, control characters) removed.
3. Placeholders -> ``placeholder``: the value, case-folded, or the value with
   everything but letters and digits removed (``N.A.`` -> ``na``), is one of
   ``NormalizeConfig.placeholders``; or it is structurally junk: only
   punctuation, one character repeated (``0000000``, ``aaaa``), a sequential run
   (``123456789``, ``1234567890``, ``987654``, ``abcdef``, ``qwerty``,
   ``0123456789abcdef``; at least 4 characters), a short unit repeated at least
   four times (``12121212``, ``123123123123``; at least 8 characters), or too
   few letters and digits for the kind (fewer than 5 for phones, devices,
   payment accounts and ID documents). IPs only get the punctuation and
   all-zero rules (``8.8.8.8`` is a real address).
4. The kind's own normaliser (see the ``_normalize_*`` functions below and
   :data:`NORMALISERS`).
5. The placeholder rules again, on the normalised key (``TEST@TEST.COM`` ->
   ``test@test.com``, ``imei: 000000000000000`` -> ``000000000000000``, an
   address ``No. 5`` -> ``5``). Addresses are only checked here, on their
   words.

Every normaliser is idempotent: normalising an accepted key gives the same key
(property-tested), and none raises on any text.

Examples
--------
>>> import pandas as pd
>>> res = normalize_values("phone", pd.Series(["+86 138 0013 8000", "138-0013-8000", "N/A"]))
>>> res
               key       reason  flag
0  +8613800138000         None  None
1  +8613800138000         None  None
2            None  placeholder  None
>>> normalize_value("email", "J.Doe+shop@GoogleMail.com")
('jdoe@gmail.com', None, None)
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import _zh
from .config import BUILTIN_KINDS, EmailRule, NormalizeConfig

__all__ = [
    "FLAGS",
    "NORMALISERS",
    "REASONS",
    "address_tokens",
    "canonical_kind",
    "mask_value",
    "normalize_value",
    "normalize_values",
]

#: Why a value was rejected (reason code -> explanation).
REASONS: dict[str, str] = {
    "empty": "value is missing or blank",
    "too_long": "value is longer than the configured maximum length",
    "placeholder": "placeholder or junk value",
    "invalid_phone": "not a valid phone number",
    "invalid_email": "not a valid e-mail address",
    "invalid_ip": "not a valid IPv4 or IPv6 address",
    "invalid_value": "not a valid value for this identifier kind",
}

#: Warnings about accepted values (flag code -> explanation). Flags never reject.
FLAGS: dict[str, str] = {
    "luhn_failed": "card number fails the Luhn check digit (typo or made up)",
    "imei_check_failed": "15-digit IMEI fails its Luhn check digit (typo or made up)",
    "id_check_failed": "Chinese resident ID fails its ISO 7064 MOD 11-2 check digit",
    "private_ip": "private or carrier-grade NAT address (shared by many users)",
    "reserved_ip": "loopback, link-local, multicast, documentation or other reserved address",
    "unlisted_phone": "possible number (right length) outside the ranges the phone metadata lists",
}

Normaliser = Callable[[pd.Series, NormalizeConfig], pd.DataFrame]

# One result per distinct value: (key, reason, flag).
_Result = tuple[str | None, str | None, str | None]
_Kernel = Callable[[list[str], "_Compiled"], list[_Result]]

_COLUMNS = ("key", "reason", "flag")

# ---------------------------------------------------------------------------
# Shared text helpers
# ---------------------------------------------------------------------------

# Invisible characters removed from every value: C0/C1 controls other than
# whitespace, soft hyphen, zero-width and bidi controls, word joiners, BOM.
_INVISIBLE: dict[int, None] = dict.fromkeys(
    [
        *range(0x00, 0x09),
        *range(0x0E, 0x1C),
        0x7F,
        *range(0x80, 0x85),
        *range(0x86, 0xA0),
        0xAD,
        0x061C,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        0xFEFF,
    ]
)


def _clean(text: str) -> str:
    """Trimmed, NFKC-normalised text without invisible characters."""
    if not text.isprintable():
        text = text.translate(_INVISIBLE)
    text = text.strip()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).strip()
    return text


def _fold(text: str) -> str:
    """Case-folded NFKC text, iterated to a fixed point (folding can denormalise)."""
    if text.isascii():
        return text.lower()
    for _ in range(4):
        folded = unicodedata.normalize("NFKC", text.casefold())
        if folded == text:
            break
        text = folded
    return text


def _upper(text: str) -> str:
    """Upper-cased NFKC text, iterated to a fixed point."""
    if text.isascii():
        return text.upper()
    for _ in range(4):
        upper = unicodedata.normalize("NFKC", text.upper())
        if upper == text:
            break
        text = upper
    return text


def _significant(folded: str) -> str:
    """Letters, digits and marks only (what the structural junk rules look at)."""
    if folded.isascii():
        return folded.translate(_ASCII_DROP_SEPARATORS)
    return _separators().sub("", folded)


# ASCII punctuation, symbols, whitespace and controls: dropped / made spaces.
_ASCII_SEPARATORS = "".join(chr(c) for c in range(128) if not chr(c).isalnum())
_ASCII_DROP_SEPARATORS = str.maketrans("", "", _ASCII_SEPARATORS)
_ASCII_SEPARATORS_TO_SPACE = str.maketrans(_ASCII_SEPARATORS, " " * len(_ASCII_SEPARATORS))


@functools.cache
def _separators() -> re.Pattern[str]:
    """Runs of anything but letters, digits and combining marks.

    Punctuation (``_`` included), symbols, spaces and controls separate words;
    marks belong to the letter before them (Devanagari vowel signs, Thai tone
    marks; marks outside the Basic Multilingual Plane are rare and count as
    separators). Built once, on first use.
    """
    ranges: list[list[int]] = []
    for c in range(0x10000):
        if unicodedata.category(chr(c))[0] == "M":
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    marks = "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
    return re.compile(f"[^\\w{marks}]+|_+")


def _runs() -> frozenset[str]:
    """Sequential runs of at least 4 characters (ascending, descending, keyboard rows)."""
    sources = [
        "0123456789" * 4,
        "abcdefghijklmnopqrstuvwxyz",
        "0123456789abcdef",
        "qwertyuiop",
        "asdfghjkl",
        "zxcvbnm",
    ]
    out: set[str] = set()
    for src in sources:
        for s in (src, src[::-1]):
            for i in range(len(s)):
                for j in range(i + 4, len(s) + 1):
                    out.add(s[i:j])
    return frozenset(out)


_RUNS = _runs()


def _is_junk(sig: str, min_len: int) -> bool:
    """Structural placeholder rules on the significant characters of a value."""
    n = len(sig)
    if n == 0 or n < min_len:
        return True
    if sig.count(sig[0]) == n:
        return True
    if n >= 4 and sig in _RUNS:
        return True
    if n >= 8:
        for p in (2, 3):
            if sig[p] == sig[0] and (sig[:p] * (n // p + 1))[:n] == sig:
                return True
    return False


# ---------------------------------------------------------------------------
# Per-config compiled state (placeholder sets, e-mail rules)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Compiled:
    region: str
    max_len: int
    placeholders: frozenset[str]
    squashed: frozenset[str]
    email_rules: dict[str, EmailRule]


def _compile_config(config: NormalizeConfig) -> _Compiled:
    folded = {_fold(_clean(str(p))) for p in config.placeholders}
    squashed = {_significant(p) for p in folded} - {""}
    return _Compiled(
        region=str(config.default_region).upper(),
        max_len=int(config.max_value_length),
        placeholders=frozenset(folded),
        squashed=frozenset(squashed),
        email_rules={r.domain.strip().lower().rstrip("."): r for r in config.email_rules},
    )


_compile_cached = functools.lru_cache(maxsize=32)(_compile_config)


def _compiled(config: NormalizeConfig | None) -> _Compiled:
    config = NormalizeConfig() if config is None else config
    try:
        return _compile_cached(config)
    except TypeError:  # unhashable (e.g. lists given instead of tuples)
        return _compile_config(config)


# ---------------------------------------------------------------------------
# Kind specifications and the shared driver
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """How the shared placeholder rules apply to one kind."""

    kernel: _Kernel
    min_len: int = 0  # fewer significant characters -> placeholder
    structural: bool = True  # all structural rules (else only all-zero / punctuation)
    raw_rules: bool = True  # structural rules on the raw value
    key_rules: bool = True  # structural rules on the normalised key
    key_folded: bool = True  # keys come out case-folded already
    key_is_words: bool = False  # keys are letters/digits/marks and spaces only


def _as_text(value: object) -> str | None:
    """Raw cell -> text (``None`` for missing). Whole floats lose their ``.0``."""
    if isinstance(value, str):
        return value
    if value is None:
        return None
    if isinstance(value, float | np.floating):
        if value != value:  # NaN
            return None
        if float(value).is_integer() and abs(float(value)) < 1e18:
            return str(int(value))
        return repr(float(value))
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def _junk(sig: str, spec: _Spec) -> bool:
    if spec.structural:
        return _is_junk(sig, spec.min_len)
    return not sig or sig.count("0") == len(sig)


def _normalize_texts(raw: Sequence[object], spec: _Spec, comp: _Compiled) -> list[_Result]:
    """Normalise distinct raw values: shared rules, the kind's kernel, key checks."""
    out: list[_Result] = [(None, "empty", None)] * len(raw)
    todo_pos: list[int] = []
    todo_txt: list[str] = []
    placeholders, squashed = comp.placeholders, comp.squashed
    for i, value in enumerate(raw):
        text = value if type(value) is str else _as_text(value)
        if text is None:
            continue
        if not text.isprintable():
            text = text.translate(_INVISIBLE)
        text = text.strip()
        if not text:
            continue
        if len(text) > comp.max_len:
            out[i] = (None, "too_long", None)
            continue
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text).strip()
            if not text:
                continue
        folded = _fold(text)
        if folded in placeholders:
            out[i] = (None, "placeholder", None)
            continue
        if spec.raw_rules:
            sig = _significant(folded)
            if sig in squashed or _junk(sig, spec):
                out[i] = (None, "placeholder", None)
                continue
        todo_pos.append(i)
        todo_txt.append(text)
    if not todo_txt:
        return out
    for i, (key, reason, flag) in zip(todo_pos, spec.kernel(todo_txt, comp), strict=True):
        if key is not None:
            kfold = key if spec.key_folded else _fold(key)
            if not key or kfold in placeholders:
                reason = "placeholder"
            elif spec.key_rules:
                ksig = kfold.replace(" ", "") if spec.key_is_words else _significant(kfold)
                if ksig in squashed or _junk(ksig, spec):
                    reason = "placeholder"
            if reason is not None:
                key = flag = None
        out[i] = (key, reason, flag)
    return out


def _run(values: pd.Series, config: NormalizeConfig | None, spec: _Spec) -> pd.DataFrame:
    """Factorise, normalise each distinct value once, map the results back."""
    if not isinstance(values, pd.Series):
        values = pd.Series(list(values) if isinstance(values, Iterable) else [values], dtype=object)
    comp = _compiled(config)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = _normalize_texts(np.asarray(uniques, dtype=object).tolist(), spec, comp)
    # Slot len(uniques) holds the result for missing values (code -1 -> last slot).
    results.append((None, "empty", None))
    columns: dict[str, np.ndarray] = {}
    for name, column in zip(_COLUMNS, zip(*results, strict=True), strict=True):
        col = np.empty(len(results), dtype=object)
        col[:] = column
        columns[name] = col.take(codes)
    return pd.DataFrame(columns, index=values.index, dtype=object)


# ---------------------------------------------------------------------------
# phone
# ---------------------------------------------------------------------------

_PHONE_SIMPLE = r"[\s().\-/]*\+?[0-9\s().\-/]*"
_PHONE_EXT = re.compile(
    r"\s*[,;]?\s*(?:ext(?:ension)?|x|#|转|分机)\s*[.:]?\s*[0-9]{1,6}\s*$", re.IGNORECASE
)


_PHONE_SIMPLE_RE = re.compile(_PHONE_SIMPLE)
_NON_DIGITS = re.compile(r"[^0-9]+")


@functools.cache
def _cn_mobile_pattern() -> str:
    # Every 1[3-9]X block is mobile in China's numbering plan, but the library's
    # metadata lags behind new allocations (and MVNO blocks); an 11-digit number in
    # these blocks is read as a mobile number, flagged when the metadata lacks it.
    return "1[3-9][0-9]{9}"


_CN_MOBILE_RE = re.compile(_cn_mobile_pattern())


@functools.cache
def _idd_is_00(region: str) -> bool:
    """Whether ``00`` dials out of ``region`` (true for CN and most of the world)."""
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
    return bool(
        meta and meta.international_prefix and re.fullmatch(meta.international_prefix, "00")
    )


@functools.cache
def _phone_patterns(region: str) -> tuple[re.Pattern[str], re.Pattern[str] | None, bool]:
    """(``86`` + mobile, ``0086`` + mobile when ``00`` dials out, region is CN)."""
    mobile = _cn_mobile_pattern()
    idd = re.compile("0086" + mobile) if _idd_is_00(region) else None
    return re.compile("86" + mobile), idd, region == "CN"


def _phone_fast_one(text: str, region: str) -> str | None:
    """E.164 for the common shapes without ``phonenumbers``; ``None`` where undecided.

    Decides Chinese mobile numbers written as ``+86 138 0013 8000``,
    ``0086 13800138000``, ``(+86) 13800138000`` and, when the default region is
    CN, ``138-0013-8000`` and ``8613800138000``. The mobile ranges agree with the
    ``phonenumbers`` metadata (see :func:`_cn_mobile_pattern`).
    """
    if not _PHONE_SIMPLE_RE.fullmatch(text):
        return None
    digits = _NON_DIGITS.sub("", text)
    with86, idd, cn = _phone_patterns(region)
    if "+" in text:  # +86 138 0013 8000, (+86) 13800138000
        return "+" + digits if with86.fullmatch(digits) else None
    if idd is not None and idd.fullmatch(digits):  # 0086 13800138000
        return "+" + digits[2:]
    if cn:
        if _CN_MOBILE_RE.fullmatch(digits):  # 138-0013-8000
            return "+86" + digits
        if with86.fullmatch(digits):  # 8613800138000
            return "+" + digits
    return None


def _phone_slow(text: str, region: str) -> _Result:
    """One value through ``phonenumbers`` (parse, validate, E.164)."""
    import phonenumbers

    text = _PHONE_EXT.sub("", text)
    try:
        number = phonenumbers.parse(text, region)
        valid = phonenumbers.is_valid_number(number)
        if not valid and not phonenumbers.is_possible_number(number):
            return None, "invalid_phone", None
        key = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except Exception:  # phonenumbers raises NumberParseException and worse on junk
        return None, "invalid_phone", None
    return key, None, (None if valid else "unlisted_phone")


def _phone_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    out: list[_Result] = []
    for text in texts:
        key = _phone_fast_one(text, comp.region)
        out.append((key, None, None) if key is not None else _phone_slow(text, comp.region))
    return out


def _normalize_phone(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Phone numbers -> E.164 (``+8613800138000``); invalid -> ``invalid_phone``.

    Numbers without a country code are read in ``config.default_region``;
    extensions are dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> from sellergraph.config import NormalizeConfig
    >>> _normalize_phone(pd.Series(["0086 13800138000", "+1 (415) 555-2671"]), NormalizeConfig())
                  key reason  flag
    0  +8613800138000   None  None
    1    +14155552671   None  None
    """
    return _run(values, config, _SPECS["phone"])


# ---------------------------------------------------------------------------
# email
# ---------------------------------------------------------------------------

_EMAIL_DOMAIN = re.compile(r"(?:[\w-]+\.)+[\w-]*[^\W\d_][\w-]*")
_EMAIL_BAD_LOCAL = re.compile(r"[\s<>()\[\],;:\\\"@]")
_RESERVED_DOMAINS = frozenset({"example.com", "example.net", "example.org", "localhost"})
_RESERVED_TLDS = (".example", ".invalid", ".localhost", ".test")


def _email_one(text: str, comp: _Compiled) -> _Result:
    s = _fold(text)
    if "<" in s and s.endswith(">"):
        s = s[s.rindex("<") + 1 : -1]
    s = "".join(s.split())
    if not s.isascii():  # removing spaces can bring a letter and a mark together
        s = _fold(s)
    if s.startswith("mailto:"):
        s = s[len("mailto:") :]
    s = s.strip("'\"<>()[]").rstrip(",;")
    if s.count("@") != 1:
        return None, "invalid_email", None
    local, domain = s.split("@")
    domain = domain.rstrip(".")
    if not local or _EMAIL_BAD_LOCAL.search(local) or not _EMAIL_DOMAIN.fullmatch(domain):
        return None, "invalid_email", None
    seen: set[str] = set()
    while domain in comp.email_rules and domain not in seen:
        seen.add(domain)
        rule = comp.email_rules[domain]
        if rule.strip_plus_tag:
            local = local.split("+", 1)[0]
        if rule.ignore_dots:
            local = local.replace(".", "")
        if rule.canonical_domain:
            domain = rule.canonical_domain.strip().lower().rstrip(".")
    if not local:
        return None, "invalid_email", None
    if domain in _RESERVED_DOMAINS or domain.endswith(_RESERVED_TLDS):
        return None, "placeholder", None
    sig = _significant(local)
    if local in comp.placeholders or (len(sig) >= 3 and _is_junk(sig, 0)):
        return None, "placeholder", None
    return f"{local}@{domain}", None, None


def _email_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [_email_one(t, comp) for t in texts]


def _normalize_email(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """E-mail addresses: trimmed, case-folded, provider rules applied.

    ``mailto:`` and ``Name <addr>`` wrappers and a trailing dot on the domain
    are removed. Provider rules (``config.email_rules``) drop dots and
    ``+tags`` where the provider ignores them and rewrite alias domains;
    domains without a rule keep their local part as written (lower-cased).
    Reserved domains (``example.com``, ``*.test``, ...), junk local parts
    (``aaaa@``, ``123456@``) and local parts that are themselves placeholders
    (``test@``, ``none@``) are placeholders. Spaces are removed
    (``jdoe @ gmail . com``).

    Examples
    --------
    >>> import pandas as pd
    >>> from sellergraph.config import NormalizeConfig
    >>> s = pd.Series(["J.Doe+shop@googlemail.com", "jdoe@gmail.com.", "a.b+x@corp.cn", "nope"])
    >>> _normalize_email(s, NormalizeConfig())
                   key         reason  flag
    0   jdoe@gmail.com           None  None
    1   jdoe@gmail.com           None  None
    2  a.b+x@corp.cn           None  None
    3             None  invalid_email  None
    """
    return _run(values, config, _SPECS["email"])


# ---------------------------------------------------------------------------
# address
# ---------------------------------------------------------------------------

# Characters written without spaces between words: Han and kana (Basic
# Multilingual Plane only, which keeps the character class a fast bitmap).
_CJK = (
    "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303c\u3040-\u30ff\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
)
_HAS_CJK = re.compile(f"[{_CJK}]")
# Address parts, in one pass: CJK runs (spaces inside them are not significant),
# ordinals (3rd), digit runs, and runs of other letters.
_ADDRESS_PARTS = re.compile(
    f"[{_CJK}]+(?:\\s+[{_CJK}]+)*"
    r"|[0-9]+(?:st|nd|rd|th)(?![^\W\d_])|\d+"
    f"|[^\\d\\s{_CJK}]+"
)
_ASCII_PARTS = re.compile(r"[0-9]+(?:st|nd|rd|th)(?![a-z])|[0-9]+|[a-z]+")
_TRAD = re.compile("[" + "".join(chr(c) for c in _zh.TRAD_TO_SIMP) + "]")

#: Chinese address words after which a token ends (longest first).
_ZH_TOKEN_END = (
    "街道",
    "社区",
    "大道",
    "小区",
    "单元",
    "区",
    "县",
    "镇",
    "乡",
    "村",
    "路",
    "街",
    "巷",
    "弄",
    "号",
    "栋",
    "幢",
    "座",
    "楼",
    "层",
    "室",
)
_ZH_SEGMENT = re.compile("(?s:.+?(?:" + "|".join(_ZH_TOKEN_END) + ")|.+)")
_ZH_WORD_ENDS = frozenset("".join(_ZH_TOKEN_END))
# A known place name directly followed by one of these is part of a longer
# name (北京路, 朝阳区) and is left alone.
_ZH_NAME_BREAKERS = frozenset("区县镇乡路街道巷弄")
# Words ending in 市 that are not cities: 超市, 夜市, 菜市(场), 城市, 门市, 都市, 股市 ...
_ZH_NOT_CITY_BEFORE_SHI = frozenset("超夜菜城门都股上开闹黑集花鸟灯墟早晚街")
_ZH_COUNTRY = ("中华人民共和国", "中国")
_ZH_KNOWN = _zh.PROVINCES | _zh.CITIES
_ZH_KNOWN_FIRST = frozenset(name[0] for name in _ZH_KNOWN)
_ZH_SUFFIX = re.compile(
    "(?:" + "|".join(s if s != "市" else "市(?!场)" for s in _zh.ADMIN_SUFFIXES) + ")*+"
)
_ZH_GENERIC_CITY = re.compile(f"([{_CJK}]{{2,3}}?)(?:市(?!场))++")

#: English address abbreviations -> one canonical word.
_ABBREVIATIONS: dict[str, str] = {
    "rd": "road",
    "st": "street",
    "str": "street",
    "ave": "avenue",
    "av": "avenue",
    "blvd": "boulevard",
    "ln": "lane",
    "dr": "drive",
    "ct": "court",
    "pl": "place",
    "sq": "square",
    "hwy": "highway",
    "pkwy": "parkway",
    "cres": "crescent",
    "ter": "terrace",
    "terr": "terrace",
    "rm": "room",
    "bldg": "building",
    "bld": "building",
    "blk": "block",
    "fl": "floor",
    "flr": "floor",
    "apt": "apartment",
    "ste": "suite",
    "dist": "district",
    "ind": "industrial",
    "indus": "industrial",
    "prov": "province",
    "twp": "township",
    "vlg": "village",
    "ctr": "center",
    "cntr": "center",
    "centre": "center",
    "jct": "junction",
    "mt": "mount",
    "est": "estate",
    "gdn": "garden",
    "gdns": "gardens",
    "bldgs": "buildings",
    "co": "company",
    "ltd": "limited",
}
# Words meaning "number" before a number (No. 5, # 5): dropped.
_NUMBER_WORDS = frozenset({"no", "nr", "num", "number"})


@functools.lru_cache(maxsize=1 << 16)
def _zh_tokens(run: str) -> tuple[str, ...]:
    """Tokens of one CJK run: known places split off (suffixes dropped), then words.

    Cached: the same runs (province, city, district, street) recur across
    addresses that differ only in their numbers.
    """
    if len(run) < 3:
        return (run,)
    tokens: list[str] = []
    i = 0
    if run.startswith(_ZH_COUNTRY):
        for prefix in _ZH_COUNTRY:
            if run.startswith(prefix) and _zh_place_at(run, len(prefix)) is not None:
                i = len(prefix)
                break
    last_is_province = True  # the run start behaves like "after a province"
    while True:
        place = _zh_place_at(run, i)
        if place is None:
            break
        name, end = place
        tokens.append(name)
        last_is_province = name in _zh.PROVINCES
        i = end
    rest = run[i:]
    if rest and last_is_province:
        stripped = _zh_strip_city_suffix(rest)
        if stripped != rest:  # start again: 中国市福建 -> 中国福建 -> 福建
            return _zh_tokens("".join(tokens) + stripped)
    tokens.extend(_ZH_SEGMENT.findall(rest))
    # Dropping 省/市 can bring a kana and a voicing mark together: recompose.
    return tuple(unicodedata.normalize("NFKC", t) for t in tokens)


def _zh_place_at(run: str, i: int) -> tuple[str, int] | None:
    """A known province/city name at ``run[i:]`` with its suffixes: (name, end)."""
    if run[i : i + 1] not in _ZH_KNOWN_FIRST:
        return None
    for k in (4, 3, 2):
        name = run[i : i + k]
        if len(name) == k and name in _ZH_KNOWN:
            end = _ZH_SUFFIX.match(run, i + k)
            stop = end.end() if end else i + k
            if run[stop : stop + 1] in _ZH_NAME_BREAKERS:
                return None
            return name, stop
    return None


def _zh_strip_city_suffix(rest: str) -> str:
    """长泰市岩溪镇 -> 长泰岩溪镇: 市 after an unknown 2-3 character place name.

    Applied until nothing changes, so that normalising the result again
    changes nothing either (长泰市X市 -> 长泰X市 -> 长泰X).
    """
    while True:
        m = _ZH_GENERIC_CITY.match(rest)
        if m is None:
            return rest
        name = m.group(1)
        if name[-1] in _ZH_NOT_CITY_BEFORE_SHI or not _ZH_WORD_ENDS.isdisjoint(name):
            return rest
        rest = name + rest[m.end() :]


def _address_parts(text: str) -> list[str]:
    """Letters, digits and CJK tokens of an address, before the English rules."""
    if text.isascii():
        return _ASCII_PARTS.findall(text.lower())
    s = _fold(text)
    if _TRAD.search(s):
        s = s.translate(_zh.TRAD_TO_SIMP)
    s = _separators().sub(" ", s)
    parts = _ADDRESS_PARTS.findall(s)
    if not _HAS_CJK.search(s):
        return parts
    out: list[str] = []
    for part in parts:
        c = part[0]  # CJK runs (the _CJK ranges) versus everything else
        if "\u3400" <= c <= "\u9fff" or "\u2e80" <= c <= "\u31ff" or "\uf900" <= c <= "\ufaff":
            if " " in part:  # spaces between CJK characters are not significant
                part = unicodedata.normalize("NFKC", part.replace(" ", ""))
            out.extend(_zh_tokens(part))
        else:
            out.append(part)
    return out


def _address_one(text: str) -> str:
    parts = _address_parts(text)
    out = list(map(_ABBREVIATIONS.get, parts, parts))
    if not _NUMBER_WORDS.isdisjoint(out):
        # "no 5", "no. 5", "# 5": a number word before a number is dropped
        # (scanning backwards also drops runs such as "no no 5").
        kept: list[str] = []
        next_is_number = False
        for part in reversed(out):
            if next_is_number and part in _NUMBER_WORDS:
                continue
            next_is_number = part[:1].isdecimal()
            kept.append(part)
        out = kept[::-1]
    if "f" in out:  # 12F, 12/F: twelfth floor
        out = [
            "floor" if part == "f" and j and out[j - 1].isdecimal() else part
            for j, part in enumerate(out)
        ]
    return " ".join(out)


def _address_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [(_address_one(t), None, None) for t in texts]


def _normalize_address(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Postal addresses -> space-separated tokens.

    * Unicode NFKC (full-width digits and letters become ASCII), case-folded,
      traditional Chinese characters common in addresses -> simplified
      (號 -> 号, 樓 -> 楼, 區 -> 区, ...), punctuation -> space.
    * English: letters and digits split apart (``Rm1203`` -> ``room 1203``, but
      ordinals stay whole: ``3rd``), abbreviations expanded to one word
      (``Rd``/``Rd.``/``road`` -> ``road``, ``St`` -> ``street``, ``Ave`` ->
      ``avenue``, ``Rm`` -> ``room``, ``Bldg`` -> ``building``, ``Fl``/``Flr``/
      ``12F`` -> ``floor``, ``Apt`` -> ``apartment``, ``Dist`` -> ``district``,
      ...), and ``No.``/``No``/``#`` before a number dropped.
    * Chinese has no spaces, so spaces between CJK characters are ignored and
      CJK runs are tokenised: a known province or city name at the start of a
      run (and each one right after it) becomes a token of its own, without its
      suffix (``福建省莆田市`` = ``福建莆田`` = ``福建省莆田`` -> ``福建 莆田``); 市
      after an unknown 2-3 character name at the start of a run or after a
      province is dropped too (``福建省晋江市`` -> ``福建 晋江``), but never in
      市场 (market) or 超市/夜市/城市...; a leading ``中国`` before a known place
      is dropped; the rest is cut after address words (区, 县, 镇, 街道, 路, 号,
      楼, 室, ...); digits and Latin letters are always separate tokens.

    Examples
    --------
    >>> import pandas as pd
    >>> from sellergraph.config import NormalizeConfig
    >>> raw = ["福建省莆田市荔城区１２３號", "福建莆田 荔城区123号", "Rm 5, No.8 Huacheng Rd"]
    >>> _normalize_address(pd.Series(raw), NormalizeConfig())["key"].tolist()
    ['福建 莆田 荔城区 123 号', '福建 莆田 荔城区 123 号', 'room 5 8 huacheng road']
    """
    return _run(values, config, _SPECS["address"])


# ---------------------------------------------------------------------------
# device
# ---------------------------------------------------------------------------

_DEVICE_LABELS = (
    r"imei|meid|esn|imsi|iccid|android[ _-]?id|aaid|gaid|adid|oaid|idfa|idfv|udid|uuid"
    r"|mac|serial|sn|device[ _-]?id"
)
_DEVICE_PREFIX = re.compile(rf"^(?:(?:{_DEVICE_LABELS})(?:\s*[:=#]\s*|\s+|(?=[0-9])))+")
_DEVICE_SEPARATORS = re.compile(r"[\s\-:.{}]+")
_DEVICE_OK = re.compile(r"[0-9a-z_+/=]+")
# Values that devices report when the real id is hidden: Android's privacy MAC
# and the ANDROID_ID shared by a batch of early Android phones.
_DEVICE_JUNK = frozenset({"020000000000", "9774d56d682e549c"})


def _luhn_ok(digits: str) -> bool:
    """Luhn (mod 10) check digit over an all-digit string."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _device_one(text: str) -> _Result:
    s = _DEVICE_PREFIX.sub("", _fold(text))
    # Labels once more after the separators go ("imei:-sn12345" -> "12345").
    s = _DEVICE_PREFIX.sub("", _DEVICE_SEPARATORS.sub("", s))
    if not s or not s.isascii() or not _DEVICE_OK.fullmatch(s):
        return None, "invalid_value", None
    if s in _DEVICE_JUNK:
        return None, "placeholder", None
    if len(s) == 15 and s.isdigit() and not _luhn_ok(s):
        return s, None, "imei_check_failed"
    return s, None, None


def _device_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [_device_one(t) for t in texts]


def _normalize_device(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Device identifiers (IMEI, MEID, Android ID, IDFA, MAC, ...).

    Case-folded (hex ids lower case), labels such as ``imei:``, ``idfa:`` or
    ``mac:`` removed, separators (space, ``-``, ``:``, ``.``, braces) removed.
    A 15-digit result is an IMEI: a wrong Luhn check digit adds the flag
    ``imei_check_failed`` (the value is kept). Values with characters outside
    ``[0-9a-z_+/=]`` are ``invalid_value``.

    Examples
    --------
    >>> import pandas as pd
    >>> from sellergraph.config import NormalizeConfig
    >>> s = pd.Series(["IMEI: 35-209900-176148-1", "352099001761482", "AA:BB:CC:DD:EE:01"])
    >>> _normalize_device(s, NormalizeConfig())
                   key reason               flag
    0  352099001761481   None               None
    1  352099001761482   None  imei_check_failed
    2     aabbccddee01   None               None
    """
    return _run(values, config, _SPECS["device"])


# ---------------------------------------------------------------------------
# payment_account
# ---------------------------------------------------------------------------

_PAYMENT_LABELS = (
    r"card|credit\s*card|debit\s*card|acct|account|iban|alipay|paypal|wechat|wx|bank"
    r"|卡号|账号|帐号|银行卡|支付宝|微信"
)
_PAYMENT_PREFIX = re.compile(
    rf"^(?:(?:{_PAYMENT_LABELS})(?:\s*[:=#]\s*|\s+|(?=[0-9])))+", re.IGNORECASE
)
_PAYMENT_SEPARATORS = re.compile(r"[\s\-.]+")
_PAYMENT_OK = re.compile(r"\+?[0-9]+|[A-Z0-9_/]+")


def _payment_one(text: str) -> _Result:
    s = _PAYMENT_PREFIX.sub("", text)
    if "@" in s:  # e-mail style account (PayPal, Alipay): trimmed and case-folded
        key = _fold("".join(s.split()))
        local, _, domain = key.partition("@")
        if not local or not domain or "@" in domain:
            return None, "invalid_value", None
        return key, None, None
    key = _upper(_PAYMENT_PREFIX.sub("", _PAYMENT_SEPARATORS.sub("", s)))
    if not key.isascii() or not _PAYMENT_OK.fullmatch(key):
        return None, "invalid_value", None
    if key.isdigit() and 12 <= len(key) <= 19 and not _luhn_ok(key):
        return key, None, "luhn_failed"
    return key, None, None


def _payment_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [_payment_one(t) for t in texts]


def _normalize_payment_account(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Payment accounts: cards, bank accounts, IBANs, wallet ids.

    Labels such as ``card:`` removed, spaces/hyphens/dots removed, letters
    upper-cased (IBAN style). A 12-19 digit result is a card number: a wrong
    Luhn check digit adds the flag ``luhn_failed`` (kept). Accounts written as
    e-mail addresses are kept as case-folded e-mails (no provider rules);
    phone-style accounts keep their digits and leading ``+``.

    Examples
    --------
    >>> import pandas as pd
    >>> from sellergraph.config import NormalizeConfig
    >>> raw = ["card: 4111 1111 1111 1111", "4111-1111-1111-1112", "de89 3704 0044 0532 0130 00"]
    >>> _normalize_payment_account(pd.Series(raw), NormalizeConfig())
                          key reason         flag
    0        4111111111111111   None         None
    1        4111111111111112   None  luhn_failed
    2  DE89370400440532013000   None         None
    """
    return _run(values, config, _SPECS["payment_account"])


# ---------------------------------------------------------------------------
# id_document
# ---------------------------------------------------------------------------

_ID_PREFIX_PATTERN = (
    r"^(?:(?:id|passport|身份证号码|身份证号|身份证|护照号码|护照号|护照|证件号码|证件号)"
    r"\s*[:=#]\s*)+"
)
_ID_PREFIX = re.compile(_ID_PREFIX_PATTERN, re.IGNORECASE)
_ID_SEPARATORS = re.compile(r"[\s\-]+")
_ID_OK = re.compile(r"[A-Z0-9]+")
_CN_ID = re.compile(r"[0-9]{17}[0-9X]")
_CN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_ID_CHECK = "10X98765432"


def _cn_id_ok(key: str) -> bool:
    """ISO 7064 MOD 11-2 check character of an 18-character Chinese resident ID."""
    total = sum(int(c) * w for c, w in zip(key[:17], _CN_ID_WEIGHTS, strict=True))
    return _CN_ID_CHECK[total % 11] == key[17]


def _id_one(text: str) -> _Result:
    s = _ID_PREFIX.sub("", text)
    key = _upper(_ID_SEPARATORS.sub("", s))
    if not key.isascii() or not _ID_OK.fullmatch(key):
        return None, "invalid_value", None
    if len(key) == 18 and _CN_ID.fullmatch(key) and not _cn_id_ok(key):
        return key, None, "id_check_failed"
    return key, None, None


def _id_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [_id_one(t) for t in texts]


def _normalize_id_document(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Identity documents (resident ID, passport, licence numbers).

    Labels such as ``身份证:`` removed, spaces and hyphens removed, upper-cased
    (``x`` -> ``X``); only ASCII letters and digits are valid. An 18-character
    Chinese resident ID (17 digits and a digit or ``X``) with a wrong ISO 7064
    MOD 11-2 check character gets the flag ``id_check_failed`` (kept).

    Examples
    --------
    >>> import pandas as pd
    >>> from sellergraph.config import NormalizeConfig
    >>> s = pd.Series(["110105 19491231 002x", "110105194912310021"])
    >>> _normalize_id_document(s, NormalizeConfig())
                      key reason             flag
    0  11010519491231002X   None             None
    1  110105194912310021   None  id_check_failed
    """
    return _run(values, config, _SPECS["id_document"])


# ---------------------------------------------------------------------------
# ip
# ---------------------------------------------------------------------------

_IPV4_PADDED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}")
_IPV4_PORT = re.compile(r"([0-9.]+):[0-9]{1,5}")
_IPV6_BRACKETS = re.compile(r"\[([^\]]*)\](?::[0-9]{1,5})?")
_PRIVATE_NETS = (
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("172.16.0.0/12"),
    ipaddress.ip_network("192.168.0.0/16"),
    ipaddress.ip_network("100.64.0.0/10"),
    ipaddress.ip_network("fc00::/7"),
)


def _ip_one(text: str) -> _Result:
    s = "".join(text.split()).lower()
    m = _IPV6_BRACKETS.fullmatch(s) or _IPV4_PORT.fullmatch(s)
    if m:
        s = m.group(1)
    s = s.split("%", 1)[0]  # IPv6 zone index (fe80::1%eth0)
    if _IPV4_PADDED.fullmatch(s):
        # Zero-padded octets (010.001.002.003) are read as decimal, as the
        # fixed-width log formats that produce them mean; never as octal.
        octets = [int(o) for o in s.split(".")]
        if max(octets) > 255:
            return None, "invalid_ip", None
        s = ".".join(map(str, octets))
    try:
        addr: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(s)
    except ValueError:
        return None, "invalid_ip", None
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return str(addr), None, _ip_flag(addr)


def _ip_flag(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if any(addr in net for net in _PRIVATE_NETS if net.version == addr.version):
        return "private_ip"
    if addr.is_multicast or not addr.is_global:
        return "reserved_ip"
    return None


def _ip_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [_ip_one(t) for t in texts]


def _normalize_ip(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """IP addresses -> canonical text from the standard ``ipaddress`` module.

    Ports and brackets are removed (``1.2.3.4:8080``, ``[2001:db8::1]:443``),
    IPv4-mapped IPv6 becomes IPv4 (``::ffff:1.2.3.4`` -> ``1.2.3.4``), IPv6 is
    compressed and lower-case. Zero-padded IPv4 octets are read as decimal
    (``010.001.002.003`` -> ``10.1.2.3``), never as octal. Private and
    carrier-grade NAT ranges get the flag ``private_ip``; loopback, link-local,
    multicast, documentation and other non-global ranges get ``reserved_ip``.
    Both are kept (weak evidence). ``0.0.0.0`` and ``::`` are placeholders.

    Examples
    --------
    >>> import pandas as pd
    >>> from sellergraph.config import NormalizeConfig
    >>> s = pd.Series(["::FFFF:8.8.4.4", "[2001:DB8:0::1]:443", "192.168.001.010", "1.2.3"])
    >>> _normalize_ip(s, NormalizeConfig())
               key      reason         flag
    0      8.8.4.4        None         None
    1  2001:db8::1        None  reserved_ip
    2  192.168.1.10        None   private_ip
    3         None  invalid_ip         None
    """
    return _run(values, config, _SPECS["ip"])


# ---------------------------------------------------------------------------
# generic
# ---------------------------------------------------------------------------


def _generic_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [(" ".join(_fold(t).split()), None, None) for t in texts]


def _normalize_generic(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Any other kind: NFKC, case-folded, trimmed, inner whitespace collapsed.

    Examples
    --------
    >>> import pandas as pd
    >>> from sellergraph.config import NormalizeConfig
    >>> _normalize_generic(pd.Series(["  Ｓｈｏｐ   One ", "unknown"]), NormalizeConfig())
            key       reason  flag
    0  shop one         None  None
    1      None  placeholder  None
    """
    return _run(values, config, _GENERIC)


# ---------------------------------------------------------------------------
# Registry and public functions
# ---------------------------------------------------------------------------

_SPECS: dict[str, _Spec] = {
    "payment_account": _Spec(_payment_kernel, min_len=5, key_folded=False),
    "id_document": _Spec(_id_kernel, min_len=5, key_folded=False),
    "device": _Spec(_device_kernel, min_len=5),
    "phone": _Spec(_phone_kernel, min_len=5),
    "email": _Spec(_email_kernel, key_rules=False),
    "address": _Spec(_address_kernel, raw_rules=False, key_is_words=True),
    "ip": _Spec(_ip_kernel, structural=False),
}
_GENERIC = _Spec(_generic_kernel, key_rules=False)

#: Normaliser of each built-in kind: ``f(values, config) -> DataFrame[key, reason, flag]``.
NORMALISERS: dict[str, Normaliser] = {
    "payment_account": _normalize_payment_account,
    "id_document": _normalize_id_document,
    "device": _normalize_device,
    "phone": _normalize_phone,
    "email": _normalize_email,
    "address": _normalize_address,
    "ip": _normalize_ip,
}
assert set(NORMALISERS) == set(BUILTIN_KINDS) == set(_SPECS)

_KIND_SEPARATORS = re.compile(r"[\s\-_]+")


def canonical_kind(name: object) -> str:
    """Canonical spelling of an identifier kind name.

    NFKC, trimmed, lower-cased; runs of spaces, hyphens and underscores become
    one ``_``.

    Examples
    --------
    >>> canonical_kind(" Phone ")
    'phone'
    >>> canonical_kind("Payment Account"), canonical_kind("payment-account")
    ('payment_account', 'payment_account')
    """
    text = unicodedata.normalize("NFKC", str(name)).strip().lower()
    return _KIND_SEPARATORS.sub("_", text).strip("_")


def normalize_values(
    kind: str, values: pd.Series, *, config: NormalizeConfig | None = None
) -> pd.DataFrame:
    """Normalise raw identifier values of one kind.

    Parameters
    ----------
    kind : str
        Identifier kind, any spelling :func:`canonical_kind` accepts. Built-in
        kinds (``config.BUILTIN_KINDS``) get their own normaliser, any other
        name the generic one (NFKC, case-folded, whitespace collapsed).
    values : pandas.Series
        Raw values (``str``; ``None``/NaN allowed). Each distinct value is
        normalised once.
    config : NormalizeConfig, optional
        Region, placeholders, e-mail rules, maximum length; defaults if omitted.

    Returns
    -------
    pandas.DataFrame
        Same index as ``values``; object columns ``key`` (normalised value or
        ``None`` when rejected), ``reason`` (``None`` or a :data:`REASONS` code)
        and ``flag`` (``None`` or a :data:`FLAGS` code, accepted values only).

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.Series(["１３８００１３８０００", None, "00000000000"], index=[10, 11, 12])
    >>> normalize_values("Phone", s)
                   key       reason  flag
    10  +8613800138000         None  None
    11            None        empty  None
    12            None  placeholder  None
    >>> normalize_values("store_name", pd.Series(["Lucky  STAR "]))["key"].tolist()
    ['lucky star']
    """
    normaliser = NORMALISERS.get(canonical_kind(kind), _normalize_generic)
    return normaliser(values, NormalizeConfig() if config is None else config)


def normalize_value(
    kind: str, value: object, *, config: NormalizeConfig | None = None
) -> tuple[str | None, str | None, str | None]:
    """Normalise one raw value: ``(key, reason, flag)``.

    The same code path as :func:`normalize_values`, for one value (screening a
    single registration).

    Examples
    --------
    >>> normalize_value("phone", "+86 138 0013 8000")
    ('+8613800138000', None, None)
    >>> normalize_value("id_document", "110105194912310021")
    ('110105194912310021', None, 'id_check_failed')
    >>> normalize_value("email", "test@test.com ")
    (None, 'placeholder', None)
    """
    spec = _SPECS.get(canonical_kind(kind), _GENERIC)
    key, reason, flag = _normalize_texts([value], spec, _compiled(config))[0]
    return key, reason, flag


def address_tokens(key: str) -> list[str]:
    """Tokens of an address key, for fuzzy comparison (the key split on spaces).

    Examples
    --------
    >>> address_tokens(normalize_value("address", "福建省莆田市荔城区123号")[0])
    ['福建', '莆田', '荔城区', '123', '号']
    """
    return key.split()


def _mask_middle(key: str, head: int, tail: int) -> str:
    n = len(key)
    if n <= head + tail:
        keep = max(n // 4, 0)
        return key[:keep] + "*" * (n - keep)
    return key[:head] + "*" * (n - head - tail) + key[n - tail :]


def _mask_email(key: str) -> str:
    local, _, domain = key.rpartition("@")
    return f"{local[:1]}***@{domain}"


def mask_value(kind: str, key: str) -> str:
    """Mask a normalised key for display (reports, screens, shared cases).

    * phone: country code and first digits, last 4 (``+86138****8000``)
    * email: first character of the local part (``j***@gmail.com``)
    * payment account: last 4 only (``************1111``); e-mail style
      accounts as e-mails
    * device, id_document and other kinds: first 2 and last 4
    * address: the first third of the tokens (at least one), then ``***``
    * ip: last IPv4 octet (``203.0.113.x``) or all but the first 3 IPv6 groups

    Examples
    --------
    >>> mask_value("phone", "+8613800138000")
    '+86138****8000'
    >>> mask_value("email", "jdoe@gmail.com")
    'j***@gmail.com'
    >>> mask_value("payment_account", "4111111111111111")
    '************1111'
    >>> mask_value("id_document", "11010519491231002X")
    '11************002X'
    >>> mask_value("address", "福建 莆田 荔城区 123 号")
    '福建 ***'
    >>> mask_value("ip", "203.0.113.7"), mask_value("ip", "2001:db8:85a3::8a2e:370:7334")
    ('203.0.113.x', '2001:db8:85a3:x:x:x:x:x')
    """
    if not isinstance(key, str):
        return "" if key is None else mask_value(kind, str(key))
    if not key:
        return ""
    kind = canonical_kind(kind)
    if kind == "phone":
        tail = 4 if len(key) > 8 else len(key) // 4
        head = max(min(6, len(key) - tail - 4), 1)
        return _mask_middle(key, head, tail)
    if "@" in key and kind in ("email", "payment_account"):
        return _mask_email(key)
    if kind == "payment_account":
        return _mask_middle(key, 0, 4)
    if kind == "address":
        tokens = key.split()
        return " ".join([*tokens[: max(1, len(tokens) // 3)], "***"])
    if kind == "ip":
        try:
            addr = ipaddress.ip_address(key)
        except ValueError:
            return _mask_middle(key, 2, 0)
        if addr.version == 4:
            return key.rsplit(".", 1)[0] + ".x"
        groups = [g.lstrip("0") or "0" for g in addr.exploded.split(":")[:3]]
        return ":".join([*groups, "x", "x", "x", "x", "x"])
    return _mask_middle(key, 2, 4)
