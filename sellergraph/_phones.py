"""Phone numbers of any country read column-wise from the ``phonenumbers`` metadata.

``phonenumbers`` parses and validates one number at a time in Python (about 25 µs a
number, holding the interpreter lock): a million distinct numbers outside the Chinese
mobile fast path took half a minute. This module follows the library's own steps for
the numbers that are written plainly (digits, spaces and ``( ) . - /``, an optional
leading ``+``), on whole Arrow columns, with the library's own regular expressions
(run by RE2, outside the lock):

1. an international prefix (``+``, or the default region's dialling-out prefix) is
   followed by a country code, read as ``_extract_country_code`` reads it; a national
   number that starts with the default region's country code loses it under the
   library's conditions (``_maybe_extract_country_code``);
2. the national prefix (``0`` in most of the world, ``1`` in North America) is taken
   off under the library's conditions (``_maybe_strip_national_prefix_carrier_code``,
   then ``_test_number_length``), or rewritten by the region's transformation rule
   (Argentina, Japan, Brazil's carrier codes and others; Python's ``re`` there, as in
   the library);
3. the number is valid when its region's patterns say so (``is_valid_number``: the
   region among those sharing the country code, then ``_number_type_helper``);
4. a number the patterns reject is still kept, flagged as unlisted, when its length is
   possible (``is_possible_number``) and its E.164 form reads back as itself; otherwise it
   is not a phone number.

The departures from the library: China's mobile blocks (``1[3-9]`` and nine digits)
are valid even where its metadata lags behind new allocations, as in
``normalize._phone_parse``; a number that is not valid as written, in a form its
country has since renumbered, is read again in today's form, kept when that is valid,
as ``normalize._phone_read`` does: Mexico's forms dialled before 2019
(:data:`MX_LEGACY_INTERNATIONAL`, :data:`MX_LEGACY_NATIONAL`), Brazil's eight-digit
mobiles before the ninth digit (:data:`BR_LEGACY_MOBILE`) and Vietnam's 11-digit
mobiles before 2018 (:data:`VN_LEGACY_MOBILE`).
A number that is not valid and starts with ``00`` where
``00`` does not dial out is read a second time as dialled from abroad, as
``normalize._phone_slow`` does. A valid national reading of digits written without
``+`` that start with the region's country code, where national numbers have a trunk
prefix, gives way to the international reading when that is valid too (E.164 digits
stored without their ``+``: :func:`stored_e164_code`), as
``normalize._international_reading`` decides. What the steps cannot follow (other characters,
non-geographic codes, patterns RE2 cannot run) and countries with too few numbers to
be worth the Arrow calls are left to ``phonenumbers`` itself, so the keys, reasons and
flags are the library's.
``tests/test_normalize.py`` compares the two on the library's example numbers of
every region, written in many ways and read under several default regions.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "BR_LEGACY_MOBILE",
    "MX_LEGACY_INTERNATIONAL",
    "MX_LEGACY_NATIONAL",
    "VN_LEGACY_MOBILE",
    "VN_LEGACY_PATTERN",
    "Decided",
    "decide_phones",
    "national_code_widths",
    "national_number",
    "plan_fixes_digit",
    "stored_e164_code",
    "subscriber_number",
]

_LARGE = pa.large_string()
#: Fewer numbers of one country than this are left to the library: reading them here
#: costs a few dozen Arrow calls (about a millisecond), the library 25 µs a number.
_FEW = 32
_CN = 86
_CN_MOBILE = "^1[3-9][0-9]{9}$"
_MX = 52
#: Mexico's dialling before August 2019, which the metadata no longer reads: the mobile
#: ``1`` after a country code written in the number (``+52 1 33 1783 5911``), and the
#: national prefixes ``044``/``045`` (mobile) and ``01`` (long distance) before the ten
#: digits in a number read in Mexico. The group is the number as dialled today.
MX_LEGACY_INTERNATIONAL = "^1([0-9]{10})$"
MX_LEGACY_NATIONAL = "^0(?:4[45]|1)([0-9]{10})$"
_BR = 55
#: Brazil's mobile numbers before the ninth digit (added area by area from July 2012
#: to November 2016): a two-digit area code and eight digits starting 6-9
#: (``(11) 8765-4321``), written with the country code or read in Brazil. Today the
#: number is the area code, ``9`` and the eight digits (``(11) 98765-4321``); eight
#: digits starting 2-5 are landlines, unchanged. The groups are the area code and the
#: eight digits.
BR_LEGACY_MOBILE = "^([1-9][1-9])([6-9][0-9]{7})$"
_VN = 84
#: Vietnam's 11-digit mobile numbers, renumbered from September 2018 to June 2019:
#: the old network code (national form, with the ``0``) -> today's; the last seven
#: digits stay (``0168 123 4567`` is ``038 123 4567``).
VN_LEGACY_MOBILE: dict[str, str] = {
    "0120": "070",  # MobiFone
    "0121": "079",
    "0122": "077",
    "0126": "076",
    "0128": "078",
    "0123": "083",  # VinaPhone
    "0124": "084",
    "0125": "085",
    "0127": "081",
    "0129": "082",
    "0162": "032",  # Viettel
    "0163": "033",
    "0164": "034",
    "0165": "035",
    "0166": "036",
    "0167": "037",
    "0168": "038",
    "0169": "039",
    "0186": "056",  # Vietnamobile
    "0188": "058",
    "0199": "059",  # Gmobile
}
#: The national significant numbers in :data:`VN_LEGACY_MOBILE`'s old forms: the old
#: network code (without the ``0``) and the seven digits.
VN_LEGACY_PATTERN = "^(" + "|".join(k[1:] for k in VN_LEGACY_MOBILE) + ")([0-9]{7})$"
#: The countries whose old forms :func:`_legacy_rows` reads again in today's form.
_RENUMBERED = (_MX, _BR, _VN)
_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
)


@dataclass(frozen=True)
class _Desc:
    pattern: str
    lengths: tuple[int, ...]


@dataclass(frozen=True)
class _Region:
    code: str
    country_code: int
    idd: str | None
    national_prefix: str | None
    transform_rule: str | None
    general: _Desc | None
    lengths: tuple[int, ...]
    local_lengths: tuple[int, ...]
    types: tuple[_Desc, ...]
    leading_digits: str | None


def _desc(d: Any) -> _Desc | None:
    if d is None or not d.national_number_pattern:
        return None
    return _Desc(d.national_number_pattern, tuple(d.possible_length or ()))


@functools.cache
def _region(code: str) -> _Region | None:
    import phonenumbers

    m = phonenumbers.PhoneMetadata.metadata_for_region(code, None)
    if m is None:
        return None
    types = [_desc(getattr(m, name)) for name in _TYPES]
    if not m.same_mobile_and_fixed_line_pattern:
        types.append(_desc(m.mobile))
    general = m.general_desc
    return _Region(
        code=code,
        country_code=int(m.country_code or 0),
        idd=m.international_prefix or None,
        national_prefix=m.national_prefix_for_parsing or None,
        transform_rule=m.national_prefix_transform_rule or None,
        general=_desc(general),
        lengths=tuple(general.possible_length or ()) if general is not None else (),
        local_lengths=tuple(general.possible_length_local_only or ())
        if general is not None
        else (),
        types=tuple(t for t in types if t is not None),
        leading_digits=m.leading_digits or None,
    )


@functools.cache
def _country_codes() -> dict[int, tuple[str, ...]]:
    import phonenumbers

    return {int(cc): tuple(r) for cc, r in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.items()}


@functools.cache
def _code_texts(width: int) -> Any:
    return pa.array(sorted(str(cc) for cc in _country_codes() if len(str(cc)) == width), _LARGE)


def national_number(key: str) -> str | None:
    """The national significant number of an E.164 key: the key without its ``+`` and
    country calling code (``None`` when it starts with no known code).

    Calling codes are a prefix-free set (ITU-T E.164), so at most one of the key's
    first one, two or three digits is a code.

    Examples
    --------
    >>> national_number("+919876543210"), national_number("+12345678901")
    ('9876543210', '2345678901')
    >>> national_number("+8613800138000"), national_number("+999")
    ('13800138000', None)
    """
    codes = _country_codes()
    for width in (1, 2, 3):
        head = key[1 : 1 + width]
        if (
            len(head) == width
            and head.isascii()
            and head.isdigit()
            and head[0] != "0"
            and int(head) in codes
        ):
            return key[1 + width :]
    return None


def subscriber_number(key: str) -> str | None:
    """The subscriber number of an E.164 key: its national significant number after
    the area or mobile code (``phonenumbers.length_of_national_destination_code``,
    which reads it from the country's formatting rules, also for a number its
    patterns do not list). ``None`` when the key does not parse.

    Examples
    --------
    >>> subscriber_number("+12120000000"), subscriber_number("+639170000000")
    ('0000000', '0000000')
    >>> subscriber_number("+821020000000")  # Korea: mobile code 10
    '20000000'
    """
    import phonenumbers

    try:
        number = phonenumbers.parse(key, None)
    except Exception:  # phonenumbers raises NumberParseException and worse on junk
        return None
    nsn = phonenumbers.national_significant_number(number)
    return nsn[phonenumbers.length_of_national_destination_code(number) :]


def plan_fixes_digit(key: str, at: int) -> bool:
    """Whether the numbering plan fixes digit ``at`` (from 0) of an E.164 key's national
    significant number: at most one other digit in its place makes a valid number
    (``phonenumbers.is_valid_number``). Brazil's mobile ``9`` after the area code is
    fixed, and so is the ``2`` that starts Santiago's subscriber numbers; the first digit
    of a Seoul subscriber number is not (2-9 are). ``False`` when the key does not parse.

    Examples
    --------
    >>> plan_fixes_digit("+5511900000000", 2), plan_fixes_digit("+56220000000", 1)
    (True, True)
    >>> plan_fixes_digit("+82220000000", 1)
    False
    """
    import phonenumbers

    nsn = national_number(key)
    if nsn is None or not 0 <= at < len(nsn) or not nsn.isdigit():
        return False
    head = key[: len(key) - len(nsn)]
    valid = 0
    for digit in "0123456789":
        if digit == nsn[at]:
            continue
        try:
            number = phonenumbers.parse(head + nsn[:at] + digit + nsn[at + 1 :], None)
        except Exception:  # phonenumbers raises NumberParseException and worse on junk
            continue
        valid += phonenumbers.is_valid_number(number)
        if valid > 1:
            return False
    return True


@functools.cache
def _code_widths() -> np.ndarray:
    """Per three digits ``abc`` (0-999), how many of them are a calling code (0: none)."""
    widths = np.zeros(1000, dtype=np.int64)
    for cc in _country_codes():
        w = len(str(cc))
        lo = cc * 10 ** (3 - w)
        widths[lo : lo + 10 ** (3 - w)] = w
    return widths


def national_code_widths(first: np.ndarray, second: np.ndarray, third: np.ndarray) -> np.ndarray:
    """The number of digits of the country calling code of many E.164 keys, from the
    bytes of their first three digits: the national significant number
    (:func:`national_number`) follows the ``+`` and them. -1 where one of the bytes is
    no digit (left to :func:`national_number`), 0 where no known code starts the key.

    Examples
    --------
    >>> keys = [b"+919", b"+123", b"+999", b"+1x3"]
    >>> b = [np.frombuffer(bytes(k[i] for k in keys), np.uint8) for i in (1, 2, 3)]
    >>> national_code_widths(*b).tolist()
    [2, 1, 0, -1]
    """
    digit = [b - np.uint8(0x30) for b in (first, second, third)]  # other bytes wrap above 9
    value = digit[0] * np.int16(100) + digit[1] * np.int16(10) + digit[2]
    digits = (digit[0] <= 9) & (digit[1] <= 9) & (digit[2] <= 9)
    return np.where(digits, _code_widths()[np.where(digits, value, 0)], -1)


def _np(arr: Any) -> np.ndarray:
    return np.asarray(arr.to_numpy(zero_copy_only=False))


def _match(arr: Any, pattern: str) -> np.ndarray | None:
    """Rows where ``pattern`` matches (``None`` if RE2 cannot run it: leave them)."""
    try:
        return _np(pc.match_substring_regex(arr, pattern))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _full(arr: Any, desc: _Desc | None) -> np.ndarray | None:
    """``_match_national_number``: the whole number matches the pattern."""
    if desc is None:
        return np.zeros(len(arr), dtype=bool)
    return _match(arr, f"^(?:{desc.pattern})$")


def _matching_desc(arr: Any, lens: np.ndarray, desc: _Desc | None) -> np.ndarray | None:
    """``_is_number_matching_desc``: a possible length, and the pattern."""
    if desc is None:
        return np.zeros(len(arr), dtype=bool)
    ok = np.isin(lens, desc.lengths) if desc.lengths else np.ones(len(arr), dtype=bool)
    if not ok.any():
        return ok
    full = _full(arr, desc)
    return None if full is None else ok & full


def _too_long(lens: np.ndarray, r: _Region) -> np.ndarray:
    """``_test_number_length(...) == TOO_LONG``."""
    if not r.lengths:
        return np.zeros(len(lens), dtype=bool)
    return ~np.isin(lens, r.local_lengths) & (lens > r.lengths[0]) & (lens > r.lengths[-1])


def _length_allows_stripping(lens: np.ndarray, r: _Region) -> np.ndarray:
    """``_test_number_length`` is neither too short, local only nor an invalid length
    (possible, or too long)."""
    if not r.lengths:
        return np.zeros(len(lens), dtype=bool)
    possible = ~np.isin(lens, r.local_lengths) & np.isin(lens, r.lengths)
    return possible | _too_long(lens, r)


def _valid(arr: Any, r: _Region) -> np.ndarray | None:
    """``_number_type_helper(...) != UNKNOWN``."""
    lens = _np(pc.utf8_length(arr))
    out = _matching_desc(arr, lens, r.general)
    if out is None or not out.any():
        return out
    any_type = np.zeros(len(arr), dtype=bool)
    for desc in r.types:
        hit = _matching_desc(arr, lens, desc)
        if hit is None:
            return None
        any_type |= hit
    return out & any_type


def _transformed(arr: Any, r: _Region) -> tuple[Any, np.ndarray]:
    """A region's national prefix taken off where it has a transformation rule (Argentina's
    mobile ``15``, Japan's ``0``, the Caribbean's seven-digit local numbers): the numbers
    as the library leaves them if it takes the prefix, and where the prefix matched.

    These numbers go through Python's ``re``, as in the library: whether the rule applies
    depends on whether the pattern's last group took part in the match, which RE2's
    replacement cannot tell from a group that matched nothing. About a microsecond a number.
    """
    assert r.national_prefix is not None and r.transform_rule is not None
    prefix = re.compile(r.national_prefix)
    rule = r.transform_rule
    numbers = arr.to_pylist()
    has = np.zeros(len(numbers), dtype=bool)
    out = []
    for i, number in enumerate(numbers):
        m = prefix.match(number)
        if m is None:
            out.append(number)
            continue
        has[i] = True
        last = m.groups()[-1] if m.re.groups else None
        out.append(number[m.end() :] if last is None else m.expand(rule) + number[m.end() :])
    return pa.array(out, _LARGE), has


def _strip_national_prefix(arr: Any, r: _Region) -> tuple[Any, np.ndarray]:
    """``_maybe_strip_national_prefix_carrier_code``: the numbers without their
    national prefix where it comes off (or transformed, where the region has a rule),
    and the rows to leave to the library (patterns RE2 cannot run)."""
    n = len(arr)
    leave = np.zeros(n, dtype=bool)
    if not r.national_prefix or not n:
        return arr, leave
    if r.transform_rule is not None:
        stripped, has = _transformed(arr, r)
        if not has.any():
            return arr, leave
    else:
        anchored = f"^(?:{r.national_prefix})"
        found = _match(arr, anchored)
        if found is None:
            return arr, np.ones(n, dtype=bool)
        if not found.any():
            return arr, leave
        has = found
        stripped = pc.replace_substring_regex(arr, anchored, "", max_replacements=1)
    # kept as written when it was a viable number and no longer is
    before, after = _full(arr, r.general), _full(stripped, r.general)
    if before is None or after is None:
        return arr, np.ones(n, dtype=bool)
    take = has & ~(before & ~after)
    return pc.if_else(pa.array(take), stripped, arr), leave


def _in_metadata(nsn: Any, r: _Region) -> tuple[Any, np.ndarray]:
    """The national significant numbers as ``parse`` leaves them for region ``r``."""
    stripped, leave = _strip_national_prefix(nsn, r)
    lens = _np(pc.utf8_length(stripped))
    keep = _length_allows_stripping(lens, r)
    return pc.if_else(pa.array(keep), stripped, nsn), leave


def _country_code_of(digits: Any) -> tuple[np.ndarray, Any]:
    """``_extract_country_code``: the code (0 when none) and the rest of the number."""
    n = len(digits)
    width = np.zeros(n, dtype=np.int64)
    for w in (3, 2, 1):  # the library tries 1, 2, 3: the shortest known code wins
        head = pc.utf8_slice_codeunits(digits, 0, w)
        known = _np(pc.is_in(head, value_set=_code_texts(w)))
        width[known] = w
    width[_np(pc.starts_with(digits, "0"))] = 0
    cc = np.zeros(n, dtype=np.int64)
    for w in (1, 2, 3):
        rows = np.flatnonzero(width == w)
        if len(rows):
            head = pc.utf8_slice_codeunits(digits.take(pa.array(rows)), 0, w)
            cc[rows] = _np(pc.cast(head, pa.int64()))
    rest = pc.utf8_slice_codeunits(digits, 0, 0)  # empty strings, then the tails
    for w in (1, 2, 3):
        mask = width == w
        if mask.any():
            rest = pc.if_else(pa.array(mask), pc.utf8_slice_codeunits(digits, w), rest)
    return cc, rest


class Decided(NamedTuple):
    """What :func:`decide_phones` read: every row is one of decided (``valid``,
    ``unlisted`` or ``invalid``) or left to the library."""

    #: Rows the library finds valid: their key, no flag.
    valid: np.ndarray
    #: Rows the library keeps as possible but unlisted numbers: their key, flagged.
    unlisted: np.ndarray
    #: Rows the library does not read as a phone number.
    invalid: np.ndarray
    #: ``+<country code><national significant number>`` (meaningless where no key).
    keys: Any

    @property
    def decided(self) -> np.ndarray:
        return self.valid | self.unlisted | self.invalid


def decide_phones(digits: Any, plus: np.ndarray, region: str) -> Decided:
    """E.164 keys of plainly written numbers, as ``phonenumbers`` reads them.

    Parameters
    ----------
    digits : pyarrow.Array
        The numbers' ASCII digits (``large_string``).
    plus : ndarray of bool
        Whether each number was written with a leading ``+``.
    region : str
        The default region.

    Returns
    -------
    Decided
        Per row, whether the number is valid, unlisted (a possible length outside the
        listed ranges) or invalid, and the keys; rows in none of the three are left to
        the library.
    """
    n = len(digits)
    home = _region(region)
    if home is None or not n:
        return _nothing(n, digits)
    written_plus = np.asarray(plus, dtype=bool)
    plus = written_plus.copy()
    # a number that is not valid is read again as dialled from abroad when it starts
    # with 00 where 00 does not dial out
    retried = ~written_plus & _np(pc.starts_with(digits, "00")) & ~_match_all(home.idd, "00")
    leave = np.zeros(n, dtype=bool)
    number = digits
    # 1. a dialling-out prefix is a "+" unless a 0 follows it
    dials_out = np.zeros(n, dtype=bool)
    if home.idd:
        found = _match(digits, f"^(?:{home.idd})")
        if found is None:
            return _nothing(n, digits)
        dials_out = found
        idd = found & ~plus
        if idd.any():
            after = pc.replace_substring_regex(digits, f"^(?:{home.idd})", "", max_replacements=1)
            idd &= ~_np(pc.starts_with(after, "0"))
            number = pc.if_else(pa.array(idd), after, number)
            plus |= idd
    cc, nsn = _country_code_of(number)
    # no country code after the prefix: not a number, unless "+" was followed by the
    # dialling-out prefix (the library then reads the number again without the "+")
    no_code = plus & (cc == 0)
    leave |= no_code & written_plus & dials_out
    unknown_code = no_code & ~leave
    cc[~plus] = 0
    nsn = pc.if_else(pa.array(plus), nsn, number)
    # ... and a national number may start with the home country code
    own = str(home.country_code)
    starts = ~plus & _np(pc.starts_with(number, own))
    if starts.any():
        rows = pa.array(np.flatnonzero(starts))
        full = number.take(rows)
        rest, left = _strip_national_prefix(pc.utf8_slice_codeunits(full, len(own)), home)
        before, after = _full(full, home.general), _full(rest, home.general)
        if before is None or after is None:
            return _nothing(n, digits)
        use = (~before & after) | _too_long(_np(pc.utf8_length(full)), home)
        idx = np.flatnonzero(starts)
        leave[idx[left]] = True
        cc[idx[use]] = home.country_code
        if use.any():
            patched = np.zeros(n, dtype=bool)
            patched[idx[use]] = True
            nsn = pc.replace_with_mask(nsn, pa.array(patched), rest.filter(pa.array(use)))
    # 2. the national prefix, in the metadata of the number's country (of the home
    # region for a national number)
    national = cc == 0
    cc[national] = home.country_code
    out = _nothing(n, digits)
    out.invalid[unknown_code] = True
    found_rows: list[np.ndarray] = []
    found_keys: list[Any] = []
    legacy_rows: list[np.ndarray] = []
    legacy_today: list[Any] = []
    for code in np.unique(cc[~leave]).tolist():
        regions = _country_codes().get(int(code), ())
        main = _region(regions[0]) if regions else None
        if main is None or "001" in regions:
            continue
        for is_national in (True, False):
            rows = np.flatnonzero((cc == code) & (national == is_national) & ~leave)
            if len(rows) < _FEW:
                continue
            meta = home if is_national else main
            part = nsn.take(pa.array(rows))
            part, left = _in_metadata(part, meta)
            ok = _region_valid(part, regions)
            if ok is None:
                continue
            ok &= ~left
            unlisted, invalid = _unlisted(part, main, ~ok & ~left)
            if code == _CN:  # every 1[3-9]X block is mobile: valid (see normalize)
                mobile = unlisted & _np(pc.match_substring_regex(part, _CN_MOBILE))
                ok |= mobile
                unlisted &= ~mobile
            if code in _RENUMBERED:  # +52 1 33 ..., (11) 8765-4321, 0168 ...: read
                # again in today's form
                old, today = _legacy_rows(code, part, unlisted | invalid, is_national)
                legacy_rows.append(rows[old])
                legacy_today.append(today)
            out.valid[rows[ok]] = True
            out.unlisted[rows[unlisted]] = True
            out.invalid[rows[invalid]] = True
            keyed = ok | unlisted
            found_rows.append(rows[keyed])
            found_keys.append(pc.utf8_replace_slice(part.filter(pa.array(keyed)), 0, 0, f"+{code}"))
    hit = np.concatenate(found_rows) if found_rows else np.zeros(0, dtype=np.int64)
    if len(hit):
        at = np.zeros(n, dtype=np.int64)
        at[hit] = np.arange(len(hit))
        keys = pa.concat_arrays([k.cast(_LARGE) for k in found_keys]).take(pa.array(at))
        out = out._replace(keys=keys)
    if legacy_rows:
        rows = np.concatenate(legacy_rows)
        if len(rows):
            today = pa.concat_arrays([t.cast(_LARGE) for t in legacy_today])
            out = _second_reading(out, rows, today, region)
    out = _abroad(out, digits, retried & (out.unlisted | out.invalid), region)
    return _international(out, digits, written_plus, region)


@functools.cache
def stored_e164_code(region: str) -> str | None:
    """The country calling code that, at the start of a number written without ``+`` in
    ``region``, marks E.164 digits stored without their ``+`` rather than a national
    number: only where national numbers are written after a trunk prefix (``0`` in
    Germany, Austria, Finland, Sweden, Indonesia) that the code does not start with.
    ``None`` elsewhere: in Italy and Poland a national number has no trunk prefix, and
    one may start with the code's digits (Radom's area code is 48, Italy's mobiles start
    with 39); in North America the trunk prefix is the code.

    Examples
    --------
    >>> stored_e164_code("DE"), stored_e164_code("IT"), stored_e164_code("US")
    ('49', None, None)
    """
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
    if meta is None or not meta.country_code or not meta.national_prefix:
        return None
    code = str(meta.country_code)
    return None if code.startswith(meta.national_prefix) else code


def _international(first: Decided, digits: Any, plus: np.ndarray, region: str) -> Decided:
    """Valid national readings of numbers written without ``+`` whose digits start with
    the region's country code (:func:`stored_e164_code`), read again as ``+<digits>``:
    that reading wins where it is valid too (E.164 digits stored without their ``+``:
    ``4915123761615`` in Germany), as ``normalize._international_reading`` decides;
    where it is undecided, the row is left to the library."""
    own = stored_e164_code(region)
    if own is None:
        return first
    maybe = first.valid & ~plus & _np(pc.starts_with(digits, own))
    rows = np.flatnonzero(maybe)
    if not len(rows):
        return first
    part = digits.take(pa.array(rows))
    same = _np(
        pc.equal(
            first.keys.take(pa.array(rows)).cast(_LARGE),
            pc.utf8_replace_slice(part, 0, 0, "+").cast(_LARGE),
        )
    )
    rows, part = rows[~same], part.filter(pa.array(~same))
    if not len(rows):
        return first
    second = decide_phones(part, np.ones(len(rows), dtype=bool), region)
    first.valid[rows[~second.decided]] = False  # left to the library
    return _with_keys(first, rows, second)


def _legacy_rows(code: int, nsn: Any, rows: np.ndarray, national: bool) -> tuple[np.ndarray, Any]:
    """Of ``rows`` (numbers of country ``code`` that are not valid), those in a form the
    country has since renumbered (Mexico's before 2019, Brazil's eight-digit mobiles,
    Vietnam's 11-digit mobiles), and those numbers as dialled today: the country code
    and the national significant number, as :func:`decide_phones` reads digits after a
    ``+``.

    The per-value path reads the same forms (``normalize._today``).
    """
    if not rows.any():
        return rows, pa.array([], _LARGE)
    if code == _MX:
        pattern = MX_LEGACY_NATIONAL if national else MX_LEGACY_INTERNATIONAL
    else:
        pattern = BR_LEGACY_MOBILE if code == _BR else VN_LEGACY_PATTERN
    old = rows & _np(pc.match_substring_regex(nsn, pattern))
    part = nsn.filter(pa.array(old))
    if code == _MX:  # the last ten digits
        today = pc.utf8_slice_codeunits(part, -10)
    elif code == _BR:  # the area code, 9, the eight digits
        today = pc.utf8_replace_slice(part, 2, 2, "9")
    else:  # today's network code, the seven digits
        old_codes, new_codes = _vn_codes()
        new = pc.take(new_codes, pc.index_in(pc.utf8_slice_codeunits(part, 0, 3), old_codes))
        tail = pc.utf8_slice_codeunits(part, 3)
        today = pc.binary_join_element_wise(new, tail, pa.scalar("", _LARGE))
    return old, pc.utf8_replace_slice(today.cast(_LARGE), 0, 0, str(code))


@functools.cache
def _vn_codes() -> tuple[Any, Any]:
    """:data:`VN_LEGACY_MOBILE` as two aligned columns of national significant numbers'
    network codes, old and today's."""
    old = [k[1:] for k in VN_LEGACY_MOBILE]
    new = [v[1:] for v in VN_LEGACY_MOBILE.values()]
    return pa.array(old, _LARGE), pa.array(new, _LARGE)


def _second_reading(first: Decided, rows: np.ndarray, today: Any, region: str) -> Decided:
    """``rows`` (numbers in an old form, ``today`` their country code and national number
    as dialled today, from :func:`_legacy_rows`) read again: kept when that is valid."""
    order = np.argsort(rows, kind="stable")  # _merge takes the rows in order
    rows, today = rows[order], today.take(pa.array(order))
    return _merge(first, rows, decide_phones(today, np.ones(len(rows), dtype=bool), region))


def _abroad(first: Decided, digits: Any, retried: np.ndarray, region: str) -> Decided:
    """The library's second reading of a number that is not valid and starts with 00
    where 00 does not dial out (``0061 412 345 678`` written in the US): as dialled
    from abroad, kept when that makes it valid."""
    rows = np.flatnonzero(retried)
    if not len(rows):
        return first
    tail = pc.utf8_slice_codeunits(digits.take(pa.array(rows)), 2)
    return _merge(first, rows, decide_phones(tail, np.ones(len(rows), dtype=bool), region))


def _merge(first: Decided, rows: np.ndarray, second: Decided) -> Decided:
    """A second reading of ``rows``: it wins where valid; where it is undecided, the
    row is left to the library (which reads it the same two ways)."""
    for column in (first.unlisted, first.invalid):  # settled by the second reading
        column[rows[second.valid | ~second.decided]] = False
    first.valid[rows[second.valid]] = True
    return _with_keys(first, rows, second)


def _with_keys(first: Decided, rows: np.ndarray, second: Decided) -> Decided:
    """``first`` with the keys of ``rows`` that ``second`` read as valid numbers."""
    if not second.valid.any():
        return first
    mask = np.zeros(len(first.valid), dtype=bool)
    mask[rows[second.valid]] = True
    keys = pc.replace_with_mask(
        first.keys.cast(_LARGE), pa.array(mask), second.keys.filter(pa.array(second.valid))
    )
    return first._replace(keys=keys)


def _nothing(n: int, digits: Any) -> Decided:
    return Decided(
        np.zeros(n, dtype=bool), np.zeros(n, dtype=bool), np.zeros(n, dtype=bool), digits
    )


def _match_all(pattern: str | None, text: str) -> bool:
    return pattern is not None and re.fullmatch(pattern, text) is not None


def _unlisted(nsn: Any, main: _Region, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Of ``rows`` (numbers the patterns reject), those the library keeps as unlisted
    and those it rejects; rows in neither are left to it.

    Kept: a possible length in the country's main region (``is_possible_number``)
    whose E.164 form parses back to itself (no national prefix comes off it again).
    """
    unlisted = np.zeros(len(nsn), dtype=bool)
    invalid = np.zeros(len(nsn), dtype=bool)
    at = np.flatnonzero(rows)
    if not len(at):
        return unlisted, invalid
    part = nsn.take(pa.array(at))
    lens = _np(pc.utf8_length(part))
    possible = (lens >= 2) & (lens <= 17) & _possible_length(lens, main)
    again, left = _in_metadata(part, main)
    same = _np(pc.equal(again, part)) & ~left
    unlisted[at[possible & same]] = True
    invalid[at[~possible | (~same & ~left)]] = True
    return unlisted, invalid


def _possible_length(lens: np.ndarray, r: _Region) -> np.ndarray:
    """``_test_number_length`` is possible, or possible locally only."""
    if not r.lengths or r.lengths[0] < 0:
        return np.zeros(len(lens), dtype=bool)
    return np.isin(lens, r.local_lengths) | np.isin(lens, r.lengths)


def _region_valid(nsn: Any, regions: tuple[str, ...]) -> np.ndarray | None:
    """``is_valid_number``: the number's region among those sharing its country code
    (leading digits, else full validation), then that region's patterns."""
    metas = [_region(r) for r in regions]
    if len(regions) == 1:
        return None if metas[0] is None else _valid(nsn, metas[0])
    n = len(nsn)
    chosen = np.full(n, -1, dtype=np.int64)
    for i, meta in enumerate(metas):
        if meta is None:
            continue
        open_rows = chosen < 0
        if not open_rows.any():
            break
        if meta.leading_digits is not None:
            hit = _match(nsn, f"^(?:{meta.leading_digits})")
        else:
            hit = _valid(nsn, meta)
        if hit is None:
            return None
        chosen[open_rows & hit] = i
    out = np.zeros(n, dtype=bool)
    for i in np.unique(chosen[chosen >= 0]).tolist():
        rows = np.flatnonzero(chosen == i)
        meta = metas[i]
        assert meta is not None
        ok = _valid(nsn.take(pa.array(rows)), meta)
        if ok is None:
            return None
        out[rows] = ok
    return out
