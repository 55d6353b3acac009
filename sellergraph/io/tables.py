"""Read input tables from CSV, Parquet or JSON; write tables as CSV or Parquet.

A table is one file (compressed, or the one file of a zip, or not), or a folder of
part files read as one table, as Spark, Hive and pyarrow write them.

CSV columns are read as strings on purpose: identifiers such as ``0086138...``
or ``007`` must keep their leading zeros, and dates are parsed (and reported when
unparseable) by :mod:`sellergraph.schema`, not guessed by a CSV reader. Parquet and
JSON keep the types they were written with (ids and phones stored as numbers are read
as integers). Spreadsheets are refused: save them as CSV with identifiers as text.

Text is UTF-8, or UTF-16 or UTF-32 told by its byte-order mark, or UTF-16 without
one (little- or big-endian, as some Windows tools export it) told by the NUL bytes of
its first few kilobytes (:func:`_encoding`); compressed and zipped files alike. UTF-8
text holds no NUL bytes, so it is never taken for UTF-16. Text in another encoding
(cp1252 or latin-1 from Windows and Excel, GBK, ...) is read when it is named
(``encoding="cp1252"``): Arrow's CSV reader decodes it as it reads, block by block; a
byte-order mark still tells its own encoding. Parquet has no text encoding to name.

A file that cannot be read as written is refused with an
:class:`~sellergraph.errors.InputError` naming the table, the file and, where it can
be found, the line: an unterminated quote, bytes that are not UTF-8, a row with the
wrong number of fields, a column with no name that holds data, a JSON Lines line that
is not an object, a JSON array that is not valid JSON (its line and column), or a
list, struct or map where sellergraph reads text.
"""

from __future__ import annotations

import codecs
import collections
import csv
import io
import json
import logging
import lzma
import os
import re
import zipfile
from collections import deque
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import pandas as pd

from ..config import BUILTIN_KINDS, canonical_kind
from ..errors import InputError
from ..schema import LINK_COLUMNS, OPTIONAL_STORE_COLUMNS, STORE_COLUMNS

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    import pyarrow as pa

__all__ = [
    "TableSource",
    "decode_text",
    "mixed_as_text",
    "read_table",
    "table_format",
    "text_codec",
    "write_table",
]

TableSource: TypeAlias = "pd.DataFrame | str | Path"


_CSV_SUFFIXES = (".csv", ".csv.gz", ".tsv", ".txt", ".csv.bz2", ".csv.zst")
_PARQUET_SUFFIXES = (".parquet", ".pq", ".parq")
_JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".numbers")
#: Suffixes of compressed files (``.csv.gz``, ...): Arrow decompresses all but ``.xz``.
_COMPRESSED = (".gz", ".bz2", ".zst", ".lz4", ".xz")
#: Arrow's codec of each suffix it decompresses (not every build has every codec).
_CODECS = {".gz": "gzip", ".bz2": "bz2", ".zst": "zstd", ".lz4": "lz4"}
_BOM = b"\xef\xbb\xbf"
#: Byte-order marks of UTF-16 text, little- and big-endian (Excel's "Unicode text").
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: Byte-order marks of UTF-32 text, little- and big-endian (looked for before UTF-16's:
#: the little-endian one starts with UTF-16's).
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
#: How many bytes at the start of a file's content tell its encoding.
_SNIFF = 4096
#: How each encoding read is named in errors.
_ENCODING_NAMES = {
    "utf-16": "starts as UTF-16 text",
    "utf-32": "starts as UTF-32 text",
    "utf-16-le": "reads as UTF-16 text (little-endian, without a byte-order mark)",
    "utf-16-be": "reads as UTF-16 text (big-endian, without a byte-order mark)",
    "utf-32-le": "reads as UTF-32 text (little-endian, without a byte-order mark)",
    "utf-32-be": "reads as UTF-32 text (big-endian, without a byte-order mark)",
}
#: What reading a damaged compressed file (or zip) may raise.
_DAMAGED: tuple[type[Exception], ...] = (OSError, EOFError, zipfile.BadZipFile, lzma.LZMAError)
_LINE_END = re.compile(rb"\r\n?|\n")
#: Bytes a decoder could not read, as :func:`_mark_bytes` leaves them in the text.
_MARKED = re.compile("[\udc00-\udcff]+")
#: Arrow's messages for a row with the wrong number of fields, and for bytes that are
#: not UTF-8 in a text column.
_FIELD_COUNT = re.compile(r"Expected (\d+) columns, got (\d+): (.*)", re.DOTALL)
_NOT_UTF8 = re.compile(r"In CSV column #(\d+): .*invalid UTF8")
#: Columns the data contract reads as text, and the built-in identifier kinds (read
#: from a wide stores table): a list, struct or map in one of them cannot be read.
#: Other columns are carried along as they are.
_TEXT_COLUMNS = frozenset({*STORE_COLUMNS, *OPTIONAL_STORE_COLUMNS, *LINK_COLUMNS, *BUILTIN_KINDS})


#: The encoding suggested for text that is not UTF-8: what Windows and Excel export in
#: the Americas and Western Europe (a superset of latin-1's printable characters) ...
_SUGGESTED = "cp1252"
#: ... and what they export in Russian, Ukrainian, Belarusian, Kazakh, Bulgarian and
#: Serbian, when the bytes read as Cyrillic words in it (:func:`suggested_encoding`).
_SUGGESTED_CYRILLIC = "cp1251"
#: ... and what they export in Korean, Japanese, Taiwanese (and Hong Kong) and
#: mainland Chinese: double-byte encodings, suggested when the bytes read in one as
#: the characters its text is mostly written in (:func:`_double_byte_encoding`). Korean
#: first: Korean text reads as common Chinese characters in GBK too.
_SUGGESTED_DOUBLE_BYTE = ("cp949", "cp932", "cp950", "gbk")
#: The share of a sample's characters beyond ASCII (undecodable bytes counting against
#: it, twice) that must read as the common characters of a double-byte encoding ...
_DOUBLE_BYTE_SHARE = 0.6
#: Korean text reads as common Chinese characters in GBK, and Chinese text as Hangul in
#: cp949, as often as not: what tells them apart is whether the characters read are the
#: ones the language writes most (:func:`_korean_or_chinese`): frequent Hangul syllables
#: (of everyday words, addresses and company names) ...
_FREQUENT_HANGUL = frozenset(
    "이다는의에가하고을지로서기사자리한대시어도정있해수일구나인들전제적상보주부경성국장동과"
    "아우오비원화게면무라소여만세공것마신위식방관업문내연거요학생중회실결개모발금스간안영유"
    "조분명저용행통물법산계선교미당야초심치포호김박강남북울특별광역군읍길번층파트빌딩센터점"
    "쇼핑몰온라인카네버토페은좌휴폰메닷컴코청앞뒤옆촌왕십양천송노봉종랑악등평진춘충전경제"
    "목순항김해창마고흥군리"
)
#: ... and frequent Chinese characters (simplified, as GBK writes them).
_FREQUENT_HANZI = frozenset(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也"
    "能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现"
    "实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表"
    "间样与关各重新线内数正心反明看原又利比或但质气第向道此变条只没结解问意建月公无系很情者"
    "最立代想已通并提直题程展五果料象员位入常文总次品式活设及管特件长求老头基资边流路级少图"
    "山统接知较将组见计别手角期根论运农指几九区强放决西被干做必先回则任取据处队南给色光门即"
    "保治北造百规热领七海口东导器压志世金增济油思术交受联认六共权收证改清美再采转更单风打白"
    "教速花带安场身车例真务具万每目至达走积示议声报完类八离华名确才科张信马节话米整空元今集"
    "温传土许步群广石记需段研界拉林律叫究观越织装影算低持音众书布复容际商验连深近千周委素技"
    "半办青省列习响约支般史感劳便团往历市克何除消构府称太准精值号率族维划选标写存候亲快效院"
    "查江型王按格养易置派层片始专状育厂京识适属圆包火住调满县局照参红细引该铁价严龙飞店铺司"
    "限镇村街栋室楼朝阳浦圳州苏杭贸网络园宁波福厦武汉成都庆津沈连岛郑沙昆贵哈尔滨庄肥昌"
)
#: Encodings of Latin letters a Cyrillic Windows export is mistaken for (Python's names).
_LATIN_CODECS = frozenset({"cp1252", "iso8859-1", "iso8859-15", "cp1250", "cp1254", "cp1257"})
#: How many bytes of a file are looked at for the script its text is in.
_SCRIPT_SAMPLE = 1 << 16
_WORD = re.compile(r"[^\W\d_]+")


def suggested_encoding(sample: bytes) -> str:
    """The encoding to suggest for a Windows export that is not UTF-8: ``cp1251`` when its
    words with letters beyond ASCII read in it as Cyrillic words (``г. Москва``: each
    word all Cyrillic) more often than as words mixing Cyrillic and Latin letters (the
    ``é`` of ``café`` reads as ``й``: ``cafй``), else ``cp1252``.

    Examples
    --------
    >>> suggested_encoding("г. Москва, ул. Ленина".encode("cp1251"))
    'cp1251'
    >>> suggested_encoding("Zoë Müller, 12 rue de la Paix, Besançon".encode("cp1252"))
    'cp1252'
    >>> suggested_encoding(b"plain ASCII")
    'cp1252'

    Korean, Japanese, Taiwanese and mainland Chinese Windows exports are named by their
    double-byte encoding (:func:`_double_byte_encoding`):

    >>> [suggested_encoding(t.encode(c)) for t, c in [("서울특별시 강남구", "cp949"),
    ...     ("東京都渋谷区 株式会社テスト", "cp932"), ("臺北市信義區信義路五段7號", "cp950"),
    ...     ("北京市朝阳区建国路88号", "gbk")]]
    ['cp949', 'cp932', 'cp950', 'gbk']

    Text that is UTF-8 but for a few bytes (``Москва`` in UTF-8 reads as Cyrillic words
    in cp1251 too, ``РњРѕСЃРєРІР°``) is none: its UTF-8 characters outnumber its bytes
    that are not UTF-8.

    >>> suggested_encoding("г. Москва, ул. Ленина".encode() + b"\\xe9")
    'cp1252'
    """
    as_utf8 = sample.decode("utf-8", errors="replace")
    bad = as_utf8.count("\ufffd")
    if sum(not c.isascii() for c in as_utf8) - bad > bad:
        return _SUGGESTED
    double_byte = _double_byte_encoding(sample)
    if double_byte is not None:
        return double_byte
    cyrillic = mixed = 0
    for word in _WORD.findall(sample.decode(_SUGGESTED_CYRILLIC, errors="replace")):
        if word.isascii():
            continue
        if all("\u0400" <= c <= "\u04ff" for c in word):
            cyrillic += len(word) >= 2
        else:
            mixed += 1
    return _SUGGESTED_CYRILLIC if cyrillic > mixed else _SUGGESTED


#: What each double-byte encoding suggested writes, for the error's advice.
_DOUBLE_BYTE_TEXT = {
    "cp949": "Korean",
    "cp932": "Japanese",
    "cp950": "Traditional Chinese (Big5)",
    "gbk": "Simplified Chinese",
}


def _double_byte_encoding(sample: bytes) -> str | None:
    """The double-byte encoding (:data:`_SUGGESTED_DOUBLE_BYTE`) ``sample`` reads in as
    the text it is written in, or None: the one in which the most of its characters
    beyond ASCII, and at least :data:`_DOUBLE_BYTE_SHARE` of them (each byte it cannot
    decode counting against it, twice), are the common characters of its language
    (:func:`_common_character`); between Korean and Chinese, which both read so, as
    :func:`_korean_or_chinese` tells. Bytes of one such encoding decode in another
    without an error often enough,
    but as rare characters: Korean read as Big5 is Chinese characters beyond the
    frequent ones, Japanese read as Korean is syllables beyond the 2,350 of everyday
    text.

    Examples
    --------
    >>> _double_byte_encoding("株式会社テスト".encode("cp932"))
    'cp932'
    >>> print(_double_byte_encoding("Zoë Müller, Besançon".encode("cp1252")))
    None
    """
    best, best_share = None, _DOUBLE_BYTE_SHARE
    shares: dict[str, float] = {}
    for codec in _SUGGESTED_DOUBLE_BYTE:
        text = sample.decode(codec, errors="replace")
        seen = collections.Counter(c for c in text if not c.isascii())
        bad = seen.pop("\ufffd", 0)
        common = sum(n for c, n in seen.items() if _common_character(codec, c))
        share = (common - 2 * bad) / max(sum(seen.values()) + bad, 1)
        shares[codec] = share
        if share > best_share:
            best, best_share = codec, share
    if best in ("cp949", "gbk") and min(shares["cp949"], shares["gbk"]) > _DOUBLE_BYTE_SHARE:
        return _korean_or_chinese(sample)
    return best


def _korean_or_chinese(sample: bytes) -> str:
    """``cp949`` or ``gbk``, for bytes that read as text in both: the one in which more
    of the characters read are ones its language writes most (:data:`_FREQUENT_HANGUL`,
    :data:`_FREQUENT_HANZI`); Korean read as GBK is common characters in a random
    order, Chinese read as cp949 syllables few words hold.

    Examples
    --------
    >>> _korean_or_chinese("北京朝阳区建国路88号".encode("gbk"))
    'gbk'
    >>> _korean_or_chinese("주식회사 테스트, 홍길동".encode("cp949"))
    'cp949'
    """

    def frequent(codec: str, common: frozenset[str]) -> float:
        wide = [c for c in sample.decode(codec, errors="replace") if not c.isascii()]
        return sum(c in common for c in wide) / max(len(wide), 1)

    return (
        "cp949"
        if frequent("cp949", _FREQUENT_HANGUL) >= frequent("gbk", _FREQUENT_HANZI)
        else "gbk"
    )


def _common_character(codec: str, char: str) -> bool:
    """Whether ``char`` is a common character of the text ``codec`` encodes: a Hangul
    syllable of the 2,350 of KS X 1001 (cp949), kana, a level-1 kanji of JIS X 0208 or a
    full-width letter or digit (cp932), a frequent Chinese character of Big5 (cp950), a
    level-1 Chinese character of GB 2312 (gbk)."""
    o = ord(char)
    try:
        if codec == "cp949":
            return 0xAC00 <= o <= 0xD7A3 and len(char.encode("euc_kr")) == 2
        if codec == "cp932":
            if 0x3041 <= o <= 0x30FE or 0xFF01 <= o <= 0xFF5E:
                return True
            return 0x4E00 <= o <= 0x9FFF and char.encode("cp932")[0] <= 0x9F
        if codec == "cp950":
            return 0x4E00 <= o <= 0x9FFF and 0xA4 <= char.encode("cp950")[0] <= 0xC6
        return 0x4E00 <= o <= 0x9FFF and 0xB0 <= char.encode("gb2312")[0] <= 0xD7
    except UnicodeEncodeError:
        return False


#: What reading a file that is not there, or is damaged, may raise.
_UNREADABLE: tuple[type[Exception], ...] = (*_DAMAGED, ValueError)


def _content_sample(path: Path) -> bytes:
    """The first bytes of a file's (decompressed) content, as they are
    (:data:`_SCRIPT_SAMPLE`); empty when it cannot be read."""
    try:
        with _opened(path) as stream:
            return bytes(stream.read(_SCRIPT_SAMPLE))
    except _UNREADABLE:
        return b""


def text_codec(encoding: str) -> str:
    """Python's name of a text encoding (``"latin-1"``: ``"iso8859-1"``); an
    :class:`~sellergraph.errors.InputError` naming ``encoding`` when it is none.

    Examples
    --------
    >>> text_codec("UTF8"), text_codec("latin-1"), text_codec("windows-1252")
    ('utf-8', 'iso8859-1', 'cp1252')
    >>> text_codec("base64")
    Traceback (most recent call last):
    ...
    sellergraph.errors.InputError: encoding='base64' is not a text encoding (...)
    """
    try:
        name = codecs.lookup(encoding).name
        b"a".decode(name, "ignore")  # a bytes-to-bytes codec (base64, zlib) is none
    except (LookupError, TypeError):
        raise InputError(
            f"encoding={encoding!r} is not a text encoding (try utf-8, cp1252, latin-1, "
            "utf-16, gbk; Python's names of encodings are read)"
        ) from None
    return name


def _not_utf8(message: str, option: str = "--encoding", sample: bytes = b"") -> InputError:
    """The error for text that is not UTF-8: ``message`` (ending with the advice to
    re-save it as UTF-8) with the encoding to name, as Python and as the command line
    (:attr:`InputError.command_line`, its ``option``) name it: the one ``sample`` (the
    file's first bytes) reads as (:func:`suggested_encoding`)."""
    codec = suggested_encoding(sample)
    tail = " if it is a Windows export"
    if codec == _SUGGESTED_CYRILLIC:
        tail += " (its letters read as Cyrillic text in cp1251; cp1252 would read them as Latin)"
    elif codec in _SUGGESTED_DOUBLE_BYTE:
        tail += f" (its bytes read as {_DOUBLE_BYTE_TEXT[codec]} text in {codec})"
    if codec == "cp932":
        tail += (
            "; cp932 is Windows' Shift_JIS: Python's shift_jis reads some of its symbols as "
            "others (－ as −, ～ as 〜) and refuses its extra characters (①, ㈱)"
        )
    return InputError(
        f"{message}, or pass encoding={codec!r}{tail}",
        command_line=f"{message}, or pass {option} {codec}{tail}",
    )


def _warn_cyrillic(path: Path, table: str, given: str) -> None:
    """Warn (the ``sellergraph`` logger) when a file read in an encoding of Latin letters
    (``cp1252``, ``latin-1``) reads as Cyrillic words in ``cp1251``: a Russian or
    Ukrainian Windows export named with the wrong encoding decodes without an error, and
    its values become keys of accented Latin letters (``г. Москва`` as ``ã. Ìîñêâà``)
    that never meet the same values written in UTF-8."""
    if given not in _LATIN_CODECS:
        return
    sample = _content_sample(path)
    if _encoding(sample[:_SNIFF], given) != given or sample.isascii():
        return
    if suggested_encoding(sample) == _SUGGESTED_CYRILLIC:
        log.warning(
            "table %r: file %r was read as %s, but its letters read as Cyrillic words in "
            "cp1251 (%s in %s): if it is a Russian, Ukrainian or other Cyrillic Windows "
            "export, read it with --encoding cp1251 (encoding='cp1251'); read so, its values "
            "are keyed as other letters and never meet the same values written in UTF-8.",
            table,
            str(path),
            given,
            *_cyrillic_word(sample, given),
        )


def _cyrillic_word(sample: bytes, given: str) -> tuple[str, str]:
    """The first Cyrillic word of ``sample`` read in cp1251 (the longest of the first
    few), and the same bytes read in ``given`` (both one byte a letter), quoted.

    Examples
    --------
    >>> _cyrillic_word("г. Москва".encode("cp1251"), "cp1252")
    ("'Москва'", "'Ìîñêâà'")
    """
    text = sample.decode(_SUGGESTED_CYRILLIC, errors="replace")
    words = [m for m in _WORD.finditer(text) if not m[0].isascii()][:8]
    if not words:
        return "''", "''"
    word = max(words, key=lambda m: len(m[0]))
    return repr(word[0]), repr(sample[word.start() : word.end()].decode(given, errors="replace"))


def _named_mismatch(
    head: bytes, given: str, what: str, option: str = "--encoding"
) -> InputError | None:
    """The error for text named UTF-16 or UTF-32 that is not (:func:`_not_in_named`):
    ``what`` (``"table 'stores': file 'a.csv'"``) begins it; None when it may be."""
    why = _not_in_named(head, given)
    if why is None:
        return None
    advice = "is it UTF-8? Name that encoding, or none (UTF-16 with a byte-order mark is told"
    return InputError(
        f"{what} was named {given.upper()} (encoding={given!r}) but {why}; {advice} either way)",
        command_line=f"{what} was named {given.upper()} ({option} {given}) but {why}; "
        f"{advice} either way)",
    )


def decode_text(
    data: bytes, *, encoding: str = "utf-8", what: str, option: str = "--encoding"
) -> str:
    """The text of a small file's bytes (a partner's watchlist), read as tables are.

    The bytes are UTF-8 (a byte-order mark is dropped), UTF-16 or UTF-32 told by
    their byte-order mark, UTF-16 without one told by its NUL bytes, or text in the
    ``encoding`` named (``"cp1252"``, ``"latin-1"``, ...; a byte-order mark still
    tells its own encoding): see :func:`read_table`.

    Parameters
    ----------
    data : bytes
        The file's content.
    encoding : str, default "utf-8"
        The encoding named for it (any of Python's names of a text encoding).
    what : str
        What the bytes are, to begin error messages (``"watchlist 'partner.csv'"``).
    option : str, default "--encoding"
        The command-line option naming the encoding, for the advice the
        ``sellergraph`` command gives (:attr:`InputError.command_line`).

    Raises
    ------
    InputError
        ``encoding`` is not a text encoding, or the bytes are not text in the
        encoding read: the message names the line, the bytes and the text before
        them, and suggests the encoding to name (``cp1252`` for a Windows export).

    Examples
    --------
    >>> decode_text("\\ufeffzoë".encode(), what="watchlist"), decode_text(
    ...     "zoë".encode("utf-16"), what="watchlist"
    ... )
    ('zoë', 'zoë')
    >>> decode_text("zoë".encode("cp1252"), encoding="cp1252", what="watchlist")
    'zoë'
    >>> decode_text(b"a\\nzo\\xeb", what="watchlist 'p.csv'")
    Traceback (most recent call last):
    ...
    sellergraph.errors.InputError: watchlist 'p.csv' is not UTF-8 text: line 2: the bytes ...
    """
    given = text_codec(encoding)
    mismatch = _named_mismatch(data[:_SNIFF], given, what, option)
    if mismatch is not None:
        raise mismatch
    codec = _encoding(data[:_SNIFF], given)
    try:
        return data.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        reason = exc.reason
    found = _first_undecodable_in(io.BytesIO(data), codec)
    if codec not in (given, "utf-8"):  # told by a byte-order mark or by NUL bytes
        raise InputError(
            f"{what} {_ENCODING_NAMES[codec]} but is not ({reason}){_where_undecodable(found)}; "
            "re-save it (as UTF-8, preferably)"
        )
    name = "UTF-8" if codec == "utf-8" else codec
    if found is None:
        problem = f"{what} is not {name} text ({reason})"
    else:
        line, before, bad = found
        problem = (
            f"{what} is not {name} text: line {line}: the bytes {bad!r} after "
            f"{before[-40:]!r} are not {name}"
        )
    if codec == "utf-8":
        raise _not_utf8(f"{problem}; re-save it as UTF-8", option, data[:_SCRIPT_SAMPLE])
    advice = "re-save the file as UTF-8, or name the encoding it is in"
    raise InputError(
        f"{problem}; {advice} (encoding=...)", command_line=f"{problem}; {advice} ({option})"
    )


def table_format(path: str | Path) -> Literal["csv", "parquet"]:
    """Guess a table's format from its file name.

    Examples
    --------
    >>> table_format("stores.parquet"), table_format("links.csv.gz")
    ('parquet', 'csv')
    """
    name = str(path).lower()
    if name.endswith(_PARQUET_SUFFIXES) or Path(name).is_dir():
        return "parquet"
    return "csv"


def _all_text(values: pd.Series) -> bool:
    """Whether a column holds only text with a UTF-8 form, or missing values (at C speed)."""
    import pyarrow as pa

    try:
        pa.array(values.to_numpy(), type=pa.large_string(), from_pandas=True)
    except (UnicodeEncodeError, pa.ArrowException, TypeError, ValueError):
        return False
    return True


def _check_encodable(values: pd.Series, table: str, column: object) -> None:
    """Refuse text that has no UTF-8 form (lone surrogates, e.g. from decoding bytes
    with ``surrogateescape``): no output could hold it. Files cannot contain it."""
    for row, value in enumerate(values.to_numpy()):
        if not isinstance(value, str):
            continue
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as err:
            char = value[err.start]
            problem = pd.DataFrame(
                {
                    "table": [table],
                    "row": [row],
                    "column": [str(column)],
                    "value": [value.encode("utf-8", "backslashreplace").decode()],
                    "reason": ["not_unicode"],
                    "message": [
                        f"text has no UTF-8 form: lone surrogate U+{ord(char):04X} at "
                        f"character {err.start} (was it decoded with surrogateescape?)"
                    ],
                }
            )
            raise InputError(f"table {table!r} holds text with no UTF-8 form", problem) from None


def _check_frame(frame: pd.DataFrame, table: str, repeated: Collection[str]) -> None:
    """Refuse a DataFrame with lists (arrays, dicts, ...) in a column read as text, or
    with text that has no UTF-8 form. Columns of text only are passed at C speed."""
    mixed = [
        i
        for i in range(frame.shape[1])
        if pd.api.types.is_object_dtype(frame.dtypes.iloc[i]) and not _all_text(frame.iloc[:, i])
    ]
    _check_nested_frame(frame, table, repeated, mixed)
    _check_booleans(
        [(c, pd.api.types.is_bool_dtype(t)) for c, t in frame.dtypes.items()], table, repeated
    )
    for i in mixed:
        _check_encodable(frame.iloc[:, i], table, frame.columns[i])


def _plain(path: Path, given: str = "utf-8") -> bool:
    """Whether a file's bytes are its content as UTF-8: not compressed, zipped, nor in
    another encoding."""
    return (
        not path.name.lower().endswith((*_COMPRESSED, ".zip"))
        and _text_encoding(path, given) == "utf-8"
    )


def _hidden(name: str) -> bool:
    """Whether a file (path relative to its folder or zip) is bookkeeping, not data:
    a name starting with ``.`` or ``_`` (``_SUCCESS``, ``.part-0.crc``, ``__MACOSX/``),
    in any folder of the path, or a ``.crc`` checksum.

    Examples
    --------
    >>> _hidden("_SUCCESS"), _hidden("__MACOSX/._links.csv"), _hidden("year=2024/part-0.csv")
    (True, True, False)
    """
    return name.lower().endswith(".crc") or any(
        part.startswith((".", "_")) for part in name.split("/") if part
    )


def _zip_files(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    return [i for i in archive.infolist() if not i.is_dir() and not _hidden(i.filename)]


@contextmanager
def _opened(path: Path) -> Iterator[Any]:
    """A file's content as a binary stream: decompressed, or the one file of a zip."""
    import pyarrow as pa

    name = path.name.lower()
    if name.endswith(".zip"):
        with zipfile.ZipFile(path) as archive, archive.open(_zip_files(archive)[0]) as member:
            yield member
    elif name.endswith(".xz"):  # Arrow has no codec for it
        with lzma.open(path) as stream:
            yield stream
    else:
        with pa.input_stream(str(path), compression="detect") as stream:
            yield stream


def _encoding(head: bytes, given: str = "utf-8") -> str:
    """The codec of text whose first bytes are ``head`` (a few kilobytes of it).

    ``utf-32`` or ``utf-16`` when it starts with their byte-order mark, ``utf-8`` when
    it starts with UTF-8's (the mark is read with the text); else the ``given``
    encoding (Python's name: :func:`text_codec`) when it is not UTF-8; else
    ``utf-16-le`` or ``utf-16-be`` when it is UTF-16 without a byte-order mark
    (:func:`_bomless_utf16`), or ``utf-8``.

    Examples
    --------
    >>> _encoding(b"a,b"), _encoding("a,b".encode("utf-16")), _encoding("a,b".encode("utf-32"))
    ('utf-8', 'utf-16', 'utf-32')
    >>> _encoding("store_id,kind".encode("utf-16-le")), _encoding("a;b".encode("utf-16-be"))
    ('utf-16-le', 'utf-16-be')
    >>> _encoding("ã".encode("cp1252"), "cp1252"), _encoding("\ufeffã".encode(), "cp1252")
    ('cp1252', 'utf-8')
    """
    if head.startswith(_UTF32_BOMS):
        return "utf-32"
    if head.startswith(_UTF16_BOMS):
        return "utf-16"
    if head.startswith(_BOM):
        return "utf-8"
    if given in _NEEDS_BOM:  # named without its byte order, and without a mark to tell it
        return _byte_order(head, given)
    if given != "utf-8":
        return given
    return _bomless_utf16(head) or "utf-8"


#: Python's names of the encodings whose incremental decoders need a byte-order mark.
_NEEDS_BOM = ("utf-16", "utf-32")


def _byte_order(head: bytes, given: str) -> str:
    """The byte order of UTF-16 or UTF-32 text (``given``) without a byte-order mark,
    told by where its NUL bytes are (:func:`_bomless_utf16`); little-endian, the order
    of Windows and of Python's own reading, when they do not tell.

    Examples
    --------
    >>> _byte_order("a,b".encode("utf-16-be"), "utf-16"), _byte_order(b"", "utf-16")
    ('utf-16-be', 'utf-16-le')
    >>> _byte_order("a,b".encode("utf-32-be"), "utf-32")
    'utf-32-be'
    """
    if given == "utf-16":
        return _bomless_utf16(head) or "utf-16-le"
    return "utf-32-be" if head.startswith(b"\x00\x00") else "utf-32-le"


def _not_in_named(head: bytes, given: str) -> str | None:
    """Why text whose first bytes are ``head`` is not in the UTF-16 or UTF-32 named for
    it (None when it may be): without a byte-order mark, such text of a table has a NUL
    byte for each of its ASCII characters (delimiters, digits, line breaks), and UTF-8
    text has none.

    Examples
    --------
    >>> _not_in_named(b"store_id,kind", "utf-16")[:40]
    'has no byte-order mark and no NUL byte i'
    >>> _not_in_named("a,b".encode("utf-16-le"), "utf-16") is None
    True
    """
    if given not in _NEEDS_BOM or not head or b"\x00" in head:
        return None
    if head.startswith((*_UTF32_BOMS, *_UTF16_BOMS, _BOM)):
        return None
    name = given.upper()
    return (
        f"has no byte-order mark and no NUL byte in its first {len(head)} bytes, so it is "
        f"not {name} text ({name} writes NUL bytes for every ASCII character: a "
        "delimiter, a digit, a line break)"
    )


def _bomless_utf16(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when ``head`` is mostly-ASCII UTF-16 text without
    a byte-order mark, else None.

    An ASCII character (a delimiter, a digit, a Latin letter) is a NUL byte and its own
    in UTF-16: in a table's text one byte of at least half the pairs is NUL (the
    second: little-endian; the first: big-endian), the other byte at most an eighth as
    often (where a character such as ``一``, U+4E00, puts it). UTF-8 text holds no NUL
    bytes, and UTF-32's ASCII has NULs in both places of a pair.

    Examples
    --------
    >>> _bomless_utf16("a,b\\n1,zoë".encode("utf-16-le")), _bomless_utf16("a,b".encode())
    ('utf-16-le', None)
    >>> _bomless_utf16("a,b".encode("utf-32-le")) is None
    True
    """
    pairs = len(head) // 2
    if pairs < 2 or b"\x00" not in head:
        return None
    head = head[: 2 * pairs]
    first, second = head[0::2].count(0), head[1::2].count(0)
    for nul, other, codec in ((second, first, "utf-16-le"), (first, second, "utf-16-be")):
        if 2 * nul >= pairs and 8 * other <= nul:
            return codec
    return None


def _check_named(path: Path, where: str, given: str) -> None:
    """Refuse a file named UTF-16 or UTF-32 that is not (:func:`_named_mismatch`)."""
    if given in _NEEDS_BOM:
        with _opened(path) as stream:
            mismatch = _named_mismatch(bytes(stream.read(_SNIFF)), given, where)
        if mismatch is not None:
            raise mismatch


def _text_encoding(path: Path, given: str = "utf-8") -> str:
    """The codec of a file's (decompressed) content (:func:`_encoding`)."""
    with _opened(path) as stream:
        return _encoding(bytes(stream.read(_SNIFF)), given)


@contextmanager
def _utf8_stream(path: Path, given: str = "utf-8") -> Iterator[Any]:
    """A file's (decompressed) content as a binary stream of UTF-8: text in another
    encoding (UTF-16, UTF-32, the ``given`` one) transcoded as it is read (a UTF-8
    byte-order mark is kept)."""
    import pyarrow as pa

    encoding = _text_encoding(path, given)
    with _opened(path) as stream:
        if encoding == "utf-8":
            yield stream
            return
        native = stream if isinstance(stream, pa.NativeFile) else pa.PythonFile(stream, mode="r")
        yield pa.transcoding_input_stream(native, encoding, "utf-8")


def _blocks(path: Path, size: int = 1 << 20, given: str = "utf-8") -> Iterator[bytes]:
    """The bytes of a file as the CSV reader reads them, ``size`` at a time:
    decompressed and, when it is text in another encoding (UTF-16, UTF-32, the
    ``given`` one), as UTF-8 (line numbers are the same)."""
    with _opened(path) as stream:
        block = bytes(stream.read(size))
        encoding = _encoding(block[:_SNIFF], given)
        if encoding == "utf-8":
            while block:
                yield block
                block = bytes(stream.read(size))
            return
        # only ever used to find lines: what the reader would refuse is replaced
        decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        while block:
            if text := decoder.decode(block):
                yield text.encode("utf-8")
            block = bytes(stream.read(size))
        if text := decoder.decode(b"", final=True):
            yield text.encode("utf-8")


def _header_line(path: Path, given: str = "utf-8") -> tuple[int, bytes]:
    """The first non-empty line of a file: its number (from 1) and bytes.

    Empty lines before it are skipped, as the CSV reader skips them; a UTF-8
    byte-order mark and the line ending are removed. ``(0, b"")`` when there is none.
    """
    blocks = _blocks(path, 1 << 16, given)
    first = next(blocks, b"")
    buf, pos, number, eof = first.removeprefix(_BOM), 0, 1, not first
    while True:
        end = _LINE_END.search(buf, pos)
        if not eof and (end is None or end.end() == len(buf)):  # the line (or \r\n) goes on
            block = next(blocks, b"")
            buf, pos, eof = buf[pos:] + block, 0, not block
            continue
        line = buf[pos : len(buf) if end is None else end.start()]
        if line:
            return number, line
        if end is None:
            return 0, b""
        pos, number = end.end(), number + 1


def _delimiter(name: str, header: str) -> str:
    """Tab for ``.tsv`` (compressed or not); else the most frequent of , ; | and tab in the header.

    Examples
    --------
    >>> _delimiter("links.tsv.gz", "a,b"), _delimiter("links.csv.gz", "a;b;c")
    ('\\t', ';')
    """
    if _uncompressed_suffix(Path(name)) == ".tsv":
        return "\t"
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _ends_inside_quote(line: str, delimiter: str) -> bool:
    """Whether a quoted field opened in ``line`` is still open at its end.

    As the CSV reader has it: a quote opens a field only at the field's start, and
    inside the field ``""`` is one quote.

    Examples
    --------
    >>> _ends_inside_quote('a,"b,c', ","), _ends_inside_quote('a,"b"",c",d"e', ",")
    (True, False)
    """
    quoted, at_start, i = False, True, 0
    while i < len(line):
        char = line[i]
        if quoted and char == '"':
            if line.startswith('"', i + 1):
                i += 1
            else:
                quoted = False
        elif not quoted and at_start and char == '"':
            quoted = True
        at_start = not quoted and char == delimiter
        i += 1
    return quoted


def _csv_header(path: Path, table: str, given: str = "utf-8") -> tuple[list[str], str]:
    """Column names and delimiter of a CSV file, from its first non-empty line."""
    where = f"table {table!r}: file {str(path)!r}"
    try:
        _check_named(path, where, given)
        number, line = _header_line(path, given)
    except _DAMAGED as exc:  # a damaged compressed file
        raise InputError(f"{where} cannot be read (a damaged compressed file?): {exc}") from None
    if not line:
        raise InputError(f"{where} is empty (no header row)")
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _not_utf8(
            f"{where} is not UTF-8 text ({exc.reason} at byte {exc.start} of the header row, "
            f"line {number}); re-save it as UTF-8",
            sample=_content_sample(path),
        ) from None
    if not text.strip():
        raise InputError(
            f"{where}: line {number}, where the header row should be, is blank (only "
            "spaces or tabs); delete it"
        )
    delimiter = _delimiter(_inner_name(path), text)
    if _ends_inside_quote(text, delimiter):
        raise InputError(
            f"{where} has an unterminated quote in its header row (line {number}): {text!r}; "
            "close the quote"
        )
    return next(csv.reader([text], delimiter=delimiter)), delimiter


def _line_starting_with(
    path: Path, text: str, *, whole: bool = False, given: str = "utf-8"
) -> int | None:
    """Number of the first line (after the first) that starts with ``text`` (that is
    ``text``, when ``whole``), or None."""
    needle = b"\n" + text.encode("utf-8")
    line, carry = 1, b""  # line: number of the line ``carry`` starts in
    for block in _blocks(path, given=given):
        data = carry + block
        found = data.find(needle)
        while found >= 0 and whole:
            end = data[found + len(needle) : found + len(needle) + 2]
            if end[:1] == b"\n" or end == b"\r\n" or end == b"\r":
                break
            if len(end) < 2:  # the block ends there: decided with the next one
                found = -1
                break
            found = data.find(needle, found + 1)
        if found >= 0:
            return line + data.count(b"\n", 0, found + 1)
        cut = max(len(data) - len(needle) - 1, 0)
        line += data.count(b"\n", 0, cut)
        carry = data[cut:]
    if whole and carry.endswith(needle):  # the last line, without a line break
        return line + carry.count(b"\n")
    return None


def _first_invalid_utf8(path: Path) -> tuple[int, bytes, bytes] | None:
    """Where a file first stops being UTF-8: line number, the line's bytes before, the bad bytes."""
    line, current, carry = 1, b"", b""  # current: the line's bytes read so far
    for block in _blocks(path):
        data, carry = carry + block, b""
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.reason != "unexpected end of data":
                before = (current + data[: exc.start]).rsplit(b"\n", 1)[-1]
                return line + data.count(b"\n", 0, exc.start), before, data[exc.start : exc.end]
            data, carry = data[: exc.start], data[exc.start :]  # a character cut by the block
        line += data.count(b"\n")
        current = (current + data).rsplit(b"\n", 1)[-1][-(1 << 16) :]
    return (line, current, carry) if carry else None


def _utf8_error(
    path: Path, table: str, header: list[str], delimiter: str, column: int | None
) -> InputError:
    """The error for a CSV file with bytes that are not UTF-8, naming the first of them."""
    where = f"table {table!r}: file {str(path)!r} is not UTF-8 text"
    found = _first_invalid_utf8(path)
    if found is None:
        name = "" if column is None or column >= len(header) else f" (column {header[column]!r})"
        return _not_utf8(f"{where}{name}; re-save it as UTF-8", sample=_content_sample(path))
    line, before, bad = found
    prefix = before.decode("utf-8", "replace")
    column = len(next(csv.reader([prefix], delimiter=delimiter), [""])) - 1
    name = f", column {header[column]!r}" if 0 <= column < len(header) else ""
    return _not_utf8(
        f"{where}: line {line}{name}: the bytes {bad!r} after {prefix[-40:]!r} are not "
        "UTF-8; re-save the file as UTF-8 (in Excel: CSV UTF-8)",
        sample=_content_sample(path),
    )


def _first_undecodable(path: Path, codec: str) -> tuple[int, str, bytes] | None:
    """Where a file's content first fails to decode as ``codec``: line number, the
    line's text before, the bytes (the first 16); None when it decodes. Read a block at a
    time."""
    with _opened(path) as stream:
        return _first_undecodable_in(stream, codec)


def _mark_bytes(error: UnicodeError) -> tuple[str, int]:
    """A decoding error handler: each byte that could not be decoded becomes the lone
    surrogate U+DC00 + byte, as ``surrogateescape`` does, for ASCII bytes too (UTF-16's
    cut-off last byte, a NUL of a lone surrogate), which ``surrogateescape`` refuses."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(chr(0xDC00 + b) for b in bad), error.end


codecs.register_error("sellergraph.mark_bytes", _mark_bytes)


def _where_undecodable(found: tuple[int, str, bytes] | None) -> str:
    """Where :func:`_first_undecodable` found bytes that do not decode, to end a message
    (empty when it found none).

    Examples
    --------
    >>> _where_undecodable((3, "S1,zo", b"\\xeb"))
    ": line 3: the bytes b'\\\\xeb' after 'S1,zo'"
    """
    if found is None:
        return ""
    line, before, bad = found
    return f": line {line}: the bytes {bad!r} after {before[-40:]!r}"


def _first_undecodable_in(stream: Any, codec: str) -> tuple[int, str, bytes] | None:
    """:func:`_first_undecodable` of a binary stream, read from where it is."""
    decoder = codecs.getincrementaldecoder(codec)(errors="sellergraph.mark_bytes")
    line, current = 1, ""  # current: the line's text decoded so far (its last 64k)
    while True:
        block = bytes(stream.read(1 << 20))
        text = decoder.decode(block, final=not block)
        bad = _MARKED.search(text)
        if bad is not None:
            before = text[: bad.start()]
            line += before.count("\n")
            before = (current + before).rsplit("\n", 1)[-1]
            raw = bytes(ord(c) - 0xDC00 for c in bad[0][:16])  # the first few tell
            return line, before, raw
        line += text.count("\n")
        current = (current + text).rsplit("\n", 1)[-1][-(1 << 16) :]
        if not block:
            return None


def _decode_error(
    path: Path, table: str, header: list[str], delimiter: str, codec: str, reason: str
) -> InputError:
    """The error for a CSV file that is not text in the encoding named for it."""
    where = f"table {table!r}: file {str(path)!r} is not {codec} text"
    found = _first_undecodable(path, codec)
    if found is None:
        problem = f"{where} ({reason})"
    else:
        line, before, bad = found
        column = len(next(csv.reader([before], delimiter=delimiter), [""])) - 1
        name = f", column {header[column]!r}" if 0 <= column < len(header) else ""
        problem = (
            f"{where}: line {line}{name}: the bytes {bad!r} after {before[-40:]!r} are not {codec}"
        )
    advice = "re-save the file as UTF-8, or name the encoding it is in"
    return InputError(
        f"{problem}; {advice} (encoding=...)", command_line=f"{problem}; {advice} (--encoding)"
    )


def _parse_error(
    path: Path, table: str, header: list[str], delimiter: str, message: str, given: str
) -> InputError:
    """A clear error for what the CSV reader could not parse, with the line where found."""
    bad_bytes = _NOT_UTF8.search(message)
    if bad_bytes:
        return _utf8_error(path, table, header, delimiter, int(bad_bytes[1]))
    where = f"table {table!r}: cannot parse CSV file {str(path)!r}"
    count = _FIELD_COUNT.search(message)
    if count is None:
        return InputError(f"{where}: {message}")
    expected, got, text = count[1], count[2], count[3].removesuffix(" ...")
    first = re.split(r"\r\n?|\n", text, maxsplit=1)[0]
    # the line that is the row's first line, else (text cut short) one starting so
    line = (
        _line_starting_with(path, first, whole=True, given=given)
        or _line_starting_with(path, first, given=given)
        if first
        else None
    )
    if first == text:
        row = "the row" if line is None else f"the row on line {line}"
        return InputError(f"{where}: {row} has {got} fields, the header {expected}: {text!r}")
    row = "a row" if line is None else f"the row starting on line {line}"
    return InputError(
        f"{where}: {row} runs over several lines and has {got} fields, the header "
        f"{expected}: a quote opened on its first line is probably never closed ({text!r}...)"
    )


def _tail(path: Path, size: int, given: str = "utf-8") -> tuple[bytes, int]:
    """The last ``size`` bytes of a file's (decompressed) content as UTF-8, and the
    content's length."""
    if _plain(path, given):
        with path.open("rb") as fh:
            length = fh.seek(0, 2)
            fh.seek(max(length - size, 0))
            return fh.read(), length
    kept: deque[bytes] = deque()
    held = length = 0
    for block in _blocks(path, given=given):
        kept.append(block)
        held, length = held + len(block), length + len(block)
        while held - len(kept[0]) >= size:
            held -= len(kept.popleft())
    return b"".join(kept)[-size:], length


def _line_at(path: Path, offset: int, given: str = "utf-8") -> int:
    """Number (from 1) of the line holding byte ``offset`` of a file's content (as UTF-8)."""
    line, seen = 1, 0
    for block in _blocks(path, given=given):
        if seen + len(block) > offset:
            return line + block.count(b"\n", 0, offset - seen)
        line, seen = line + block.count(b"\n"), seen + len(block)
    return line


def _check_quotes_closed(
    path: Path, table: str, arrow: pa.Table, delimiter: str, given: str = "utf-8"
) -> None:
    """Refuse a CSV file that ends inside a quoted field.

    The reader takes an unterminated quote's field to the end of the file without a
    word: every row after it becomes part of one value. That value is the last value
    of the last column, and the file ends with it as it was opened and never closed:
    a quote at the field's start (after the delimiter, or at a line's start in a
    one-column file), then the value with its quotes doubled. A properly closed field
    can end the file the same way only when its value is nothing but the line breaks
    that end the file; such a value is not checked (had a quote been left open, it
    would have swallowed only line breaks). Reading the tail of a plain file is cheap;
    a compressed file (or one not in UTF-8) is checked only when the value holds a line
    break (rows were swallowed), as that takes decompressing (decoding) the file again.
    """
    if not arrow.num_rows or not arrow.num_columns:
        return
    value = arrow.column(arrow.num_columns - 1)[-1].as_py()
    if not isinstance(value, str) or (value and not value.strip("\r\n")):
        return
    if "\n" not in value and "\r" not in value and not _plain(path, given):
        return
    opened = ('"' + value.replace('"', '""')).encode("utf-8")
    tail, length = _tail(path, len(opened) + 1, given)
    field_start = (delimiter.encode(),) if arrow.num_columns > 1 else (b"\n", b"\r", b"")
    if not tail.endswith(opened) or tail[: -len(opened)][-1:] not in field_start:
        return
    line = _line_at(path, length - len(opened), given)
    column = arrow.column_names[-1]
    lines = value.count("\n") - value.endswith("\n")
    swallowed = f" ({lines} more line{'s' * (lines != 1)})" if lines else ""
    raise InputError(
        f"table {table!r}: file {str(path)!r} has an unterminated quote: the quoted field "
        f"in column {column!r} that starts on line {line} is never closed, so everything "
        f"after it to the end of the file{swallowed} would be read as one value "
        f"({value[:60]!r}...); close the quote (a quote inside a quoted field is written "
        'twice: "") or remove it'
    )


def _drop_unnamed_empty(arrow: pa.Table, path: Path, table: str, first_row: int = 0) -> pa.Table:
    """Drop columns with no name whose cells are all empty; refuse one that holds data.

    Spreadsheet exports often end the header with ``,,``: those columns carry nothing.
    ``first_row``: the table's number of the file's first row (a folder's later part).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    for i in reversed(range(arrow.num_columns)):
        if arrow.column_names[i].lstrip("\ufeff").strip():
            continue
        text = arrow.column(i).cast(pa.string())
        filled = pc.greater(pc.utf8_length(pc.utf8_trim_whitespace(text)), 0)
        if not pc.any(filled).as_py():
            arrow = arrow.remove_column(i)
            continue
        row = pc.index(filled, True).as_py()
        raise InputError(
            f"table {table!r}: file {str(path)!r}: column {i + 1} has no name in the header "
            f"row but holds data (row {first_row + row}: {text[row].as_py()!r}); name it in "
            "the header row, or delete the column"
        )
    return arrow


def _to_pandas(arrow: pa.Table) -> pd.DataFrame:
    """An Arrow table as a DataFrame; a dictionary column whose values mostly differ
    (timestamps to the second, shuffled store ids) becomes plain text first.

    Columns are read dictionary-encoded on the bet that their values repeat (dates,
    kinds, store ids in store order). When the bet is lost, the chunks' dictionaries
    hold nearly every row, and pandas would spend seconds turning millions of
    categories into a categorical; plain text costs nothing to convert.
    """
    import pyarrow as pa

    for i, field in enumerate(arrow.schema):
        if not pa.types.is_dictionary(field.type):
            continue
        column = arrow.column(i)
        # chunks of one Parquet row group share its dictionary: count each once
        dictionaries = {c.dictionary.buffers()[1].address: c.dictionary for c in column.chunks}
        held = sum(len(d) for d in dictionaries.values())
        if held * 2 > len(column):
            arrow = arrow.set_column(i, field.name, column.cast(field.type.value_type))
    return arrow.to_pandas()


def _read_csv(
    path: Path, table: str, repeated: Collection[str] = (), given: str = "utf-8"
) -> pd.DataFrame:
    return _to_pandas(_csv_arrow(path, table, repeated, given=given))


def _csv_arrow(
    path: Path,
    table: str,
    repeated: Collection[str] = (),
    first_row: int = 0,
    given: str = "utf-8",
) -> pa.Table:
    """A CSV file read as text, checked; ``first_row``: the table's number of its first
    row; ``given``: the encoding named for it (Python's name)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    header, delimiter = _csv_header(path, table, given)
    encoding = _text_encoding(path, given)
    try:
        with _opened(path) as stream:
            arrow = pacsv.read_csv(
                stream,
                read_options=pacsv.ReadOptions(
                    use_threads=True, encoding="utf8" if encoding == "utf-8" else encoding
                ),
                parse_options=pacsv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
                convert_options=pacsv.ConvertOptions(
                    column_types={
                        c: pa.dictionary(pa.int32(), pa.string())
                        if c.lstrip("\ufeff").strip() in repeated
                        else pa.string()
                        for c in header
                    },
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                    null_values=[],
                ),
            )
    except pa.ArrowInvalid as exc:
        raise _parse_error(path, table, header, delimiter, str(exc), given) from None
    except UnicodeDecodeError as exc:
        if encoding == given != "utf-8":  # the encoding named for it
            raise _decode_error(path, table, header, delimiter, encoding, exc.reason) from None
        if encoding != "utf-8":
            found = _where_undecodable(_first_undecodable(path, encoding))
            raise InputError(
                f"table {table!r}: file {str(path)!r} {_ENCODING_NAMES[encoding]} but is "
                f"not ({exc.reason}){found}; re-save it (as CSV UTF-8, preferably)"
            ) from None
        raise _utf8_error(path, table, header, delimiter, None) from None
    except _DAMAGED as exc:  # a damaged compressed file
        raise InputError(f"table {table!r}: cannot read CSV file {str(path)!r}: {exc}") from None
    _check_quotes_closed(path, table, arrow, delimiter, given)
    arrow = _drop_unnamed_empty(arrow, path, table, first_row)
    arrow = arrow.rename_columns([c.lstrip("\ufeff") for c in arrow.column_names])
    return _without_line_boms(arrow)


def _without_line_boms(arrow: pa.Table) -> pa.Table:
    """The table with a byte-order mark removed from the start of its first column's
    cells: files joined with ``cat`` leave each later file's mark at the start of a
    line (of its header row, which is then recognised as one; or of a store id).

    Examples
    --------
    >>> import pyarrow as pa
    >>> _without_line_boms(pa.table({"store_id": ["S1", "\ufeffstore_id", "\ufeffS2"]}))[
    ...     "store_id"
    ... ].to_pylist()
    ['S1', 'store_id', 'S2']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not arrow.num_columns or not arrow.num_rows:
        return arrow
    column = arrow.column(0)
    dictionary = pa.types.is_dictionary(column.type)
    text = column.cast(column.type.value_type) if dictionary else column
    if not pc.any(pc.starts_with(text, "\ufeff")).as_py():
        return arrow
    text = pc.utf8_ltrim(text, characters="\ufeff")
    if dictionary:
        text = pc.dictionary_encode(text).cast(column.type)
    return arrow.set_column(0, arrow.field(0), text)


def _reads_as_text(column: object, repeated: Collection[str]) -> bool:
    """Whether sellergraph reads ``column`` as text (a contract column or a kind's)."""
    return canonical_kind(column) in _TEXT_COLUMNS or str(column).strip() in repeated


def _nested_error(table: str, failures: pd.DataFrame) -> InputError:
    names = ", ".join(repr(c) for c in failures["column"])
    how = (
        "move list identifiers to the links table, one store_id, kind, value row per value"
        if table == "stores"
        else "give each value of a list its own row (e.g. pandas: frame.explode(column))"
    )
    return InputError(
        f"table {table!r}: column(s) {names} hold lists, structs or maps; sellergraph reads "
        f"one text value per cell, nested values are not supported: {how}, and flatten a "
        "struct or map into text columns",
        failures,
    )


def _failures(
    table: str,
    rows: list[Any],
    columns: list[str],
    values: list[Any],
    messages: list[str],
    reason: str = "nested_value",
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "table": table,
            "row": pd.Series(rows, dtype=object),
            "column": columns,
            "value": pd.Series(values, dtype=object),
            "reason": reason,
            "message": messages,
        }
    )


def _check_booleans(columns: list[tuple[Any, bool]], table: str, repeated: Collection[str]) -> None:
    """Refuse boolean columns (``columns``: each name, and whether it is boolean)
    where sellergraph reads text: as text, every ``False`` would be one identifier
    shared by every store that has it, and ``True`` a status or a kind no one wrote."""
    found = [str(c) for c, boolean in columns if boolean and _reads_as_text(c, repeated)]
    if not found:
        return
    none = [None] * len(found)
    messages = ["a boolean column where text is read"] * len(found)
    failures = _failures(table, none, found, none, messages, reason="boolean_column")
    names = ", ".join(repr(c) for c in found)
    raise InputError(
        f"table {table!r}: column(s) {names} hold booleans (true/false), where sellergraph "
        "reads text (an identifier, a kind, a store id, a status or a date): read as "
        "text, every 'False' would be one value shared by every store that has it. Write "
        "the column as text, or drop it (is it a flag such as is_verified under a "
        "contract column's name?)",
        failures,
    )


def _check_nested_schema(schema: pa.Schema, table: str, repeated: Collection[str]) -> None:
    """Refuse a Parquet schema with a nested type, or booleans (:func:`_check_booleans`),
    in a column read as text."""
    import pyarrow as pa

    _check_booleans([(f.name, pa.types.is_boolean(f.type)) for f in schema], table, repeated)
    nested = [f for f in schema if pa.types.is_nested(f.type) and _reads_as_text(f.name, repeated)]
    if nested:
        none = [None] * len(nested)
        messages = [f"a {f.type} column where text is read" for f in nested]
        failures = _failures(table, none, [f.name for f in nested], none, messages)
        raise _nested_error(table, failures)


def first_nested(values: pd.Series) -> tuple[int, Any] | None:
    """Position and value of the first list, tuple, set, dict or array in a column."""
    import pyarrow as pa

    dtype = values.dtype
    if isinstance(dtype, pd.ArrowDtype) and pa.types.is_nested(dtype.pyarrow_dtype):
        row = int(values.notna().to_numpy().argmax()) if len(values) else 0
        return row, values.iloc[row] if len(values) else None
    if not pd.api.types.is_object_dtype(dtype):
        return None
    # Containers make a column "mixed"; all-text columns are ruled out at C speed.
    if pd.api.types.infer_dtype(values, skipna=True) not in ("mixed", "mixed-integer"):
        return None
    for row, value in enumerate(values.to_numpy()):
        if isinstance(value, list | tuple | set | frozenset | dict | np.ndarray):
            return row, value
    return None


def _check_nested_frame(
    frame: pd.DataFrame, table: str, repeated: Collection[str], mixed: Collection[int]
) -> None:
    """Refuse a DataFrame with lists (arrays, dicts, ...) in a column read as text.

    ``mixed``: positions of the object columns that are not all text (only those can
    hold lists); nested Arrow-backed columns are found by their type.
    """
    found = []
    for i, column in enumerate(frame.columns):
        values = frame.iloc[:, i]
        if not isinstance(values.dtype, pd.ArrowDtype) and i not in mixed:
            continue
        hit = first_nested(values) if _reads_as_text(column, repeated) else None
        if hit is not None:
            found.append((str(column), *hit))
    if found:
        rows = [row for _, row, _ in found]
        shown = [repr(v.tolist() if isinstance(v, np.ndarray) else v)[:80] for _, _, v in found]
        messages = ["a list, struct or map where text is read"] * len(found)
        failures = _failures(table, rows, [c for c, _, _ in found], shown, messages)
        raise _nested_error(table, failures)


def _read_parquet(path: Path, table: str, repeated: Collection[str] = ()) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        source: str | pa.Buffer = str(path)
        if path.name.lower().endswith(".zip"):  # Parquet is read from its end: in memory
            with _opened(path) as member:
                source = pa.py_buffer(member.read())
        schema = pq.read_schema(source)
        _check_nested_schema(schema, table, repeated)
        dictionary = [c for c in schema.names if c.strip() in repeated]
        return _to_pandas(pq.read_table(source, read_dictionary=dictionary or None))
    except (pa.ArrowException, *_DAMAGED) as exc:
        raise InputError(
            f"table {table!r}: cannot read Parquet file {str(path)!r}: {exc}"
        ) from None


def _read_parquet_parts(
    folder: Path, parts: list[Path], table: str, repeated: Collection[str]
) -> pd.DataFrame:
    """Parquet parts as one table, in their order; ``key=value`` folders are columns."""
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    part = parts[0]
    try:
        columns = []
        for part in parts:
            columns.append(pq.read_schema(part).names)
        _check_same_columns(folder, parts, columns, table)
        dataset = ds.dataset(
            [str(p) for p in parts],
            format=ds.ParquetFileFormat(
                dictionary_columns=[c for c in columns[0] if c.strip() in repeated]
            ),
            partitioning="hive",
            partition_base_dir=str(folder),
        )
        _check_nested_schema(dataset.schema, table, repeated)
        return _to_pandas(dataset.to_table())
    except (pa.ArrowException, *_DAMAGED) as exc:
        raise InputError(
            f"table {table!r}: cannot read the Parquet parts of folder {str(folder)!r} "
            f"(at {_part_name(folder, part)!r}?): {exc}"
        ) from None


def _uncompressed_suffix(path: Path) -> str:
    """The file's last suffix once a compression suffix is set aside (``.jsonl.gz``: ``.jsonl``)."""
    name = path.name.lower()
    for suffix in _COMPRESSED:
        name = name.removesuffix(suffix)
    return Path(name).suffix


def _read_json(
    path: Path, table: str, repeated: Collection[str] = (), given: str = "utf-8"
) -> pd.DataFrame:
    """JSON Lines (one object per line), or one JSON array of objects; compressed or not.

    Arrow reads JSON Lines whose columns keep one type; a column that mixes types
    (a phone as a number in one row, as text in the next) or an array of objects is
    read by pandas, each value as it is. Numbers are then read as other tables' are
    (whole floats as integers), and no value is turned into a missing one.
    """
    frame = _json_frame(path, table, repeated, given)
    _check_frame(frame, table, repeated)
    return frame


def _json_frame(
    path: Path, table: str, repeated: Collection[str] = (), given: str = "utf-8"
) -> pd.DataFrame:
    """A JSON file read (see :func:`_read_json`), not yet checked for lists where text is read."""
    import pyarrow as pa
    import pyarrow.json as pajson

    lines = True
    where = f"table {table!r}: file {str(path)!r}"
    try:
        _check_named(path, where, given)
        with _utf8_stream(path, given) as stream:
            start = bytes(stream.read(4096)).lstrip(_BOM).lstrip()
        if not start:
            raise InputError(f"table {table!r}: file {str(path)!r} is empty")
        lines = not start.startswith(b"[")
        if lines:
            try:
                with _utf8_stream(path, given) as stream:
                    arrow = pajson.read_json(stream)
                _check_nested_schema(arrow.schema, table, repeated)
                return _to_pandas(arrow)
            except pa.ArrowInvalid:
                pass  # mixed types in a column (or a broken line): pandas below
        with _utf8_stream(path, given) as stream:
            frame = pd.read_json(stream, lines=lines, dtype=False)
    except InputError:
        raise
    except (ValueError, TypeError, pa.ArrowException, *_DAMAGED) as exc:
        if isinstance(exc, UnicodeDecodeError) and _text_encoding(path, given) != "utf-8":
            raise _transcoding_error(path, where, given, exc.reason) from None
        # pandas names a broken line's (or array's) character position; TypeError: a
        # line not an object
        found = None
        if isinstance(exc, ValueError | TypeError):
            found = _bad_json_line(path, given) if lines else _bad_json_array(path, given)
        problem = str(exc).splitlines()[0] if found is None else found
        raise InputError(
            f"table {table!r}: cannot read JSON file {str(path)!r}: {problem}"
        ) from None
    if frame.shape[1] == 0 or not all(isinstance(c, str) for c in frame.columns):
        raise InputError(
            f"table {table!r}: JSON file {str(path)!r} holds no objects (one object per row, "
            "with the column names as keys)"
        )
    return frame


def _transcoding_error(path: Path, where: str, given: str, reason: str) -> InputError:
    """The error for a JSON file that is not text in the encoding it was read in (not
    UTF-8), naming the line and the bytes where it stops being so."""
    encoding = _text_encoding(path, given)
    found = _where_undecodable(_first_undecodable(path, encoding))
    if encoding in _ENCODING_NAMES:  # told by a byte-order mark or NUL bytes
        return InputError(
            f"{where} {_ENCODING_NAMES[encoding]} but is not ({reason}){found}; re-save it "
            "(as UTF-8, preferably)"
        )
    problem = f"{where} is not {encoding} text ({reason}){found}"
    advice = "re-save the file as UTF-8, or name the encoding it is in"
    return InputError(
        f"{problem}; {advice} (encoding=...)", command_line=f"{problem}; {advice} (--encoding)"
    )


def _lines(path: Path, given: str = "utf-8") -> Iterator[bytes]:
    """A file's lines (decompressed, as UTF-8), without their ``\\n``."""
    carry = b""
    for block in _blocks(path, given=given):
        *lines, carry = (carry + block).split(b"\n")
        yield from lines
    if carry:
        yield carry


def _bad_json_line(path: Path, given: str = "utf-8") -> str | None:
    """Which line of a JSON Lines file is not a JSON object, and why; None if all are."""
    for number, raw in enumerate(_lines(path, given), 1):
        line = (raw.removeprefix(_BOM) if number == 1 else raw).strip()
        if not line:
            continue
        try:
            text = line.decode("utf-8")
            value = json.loads(text)
        except UnicodeDecodeError as exc:
            return f"line {number} is not UTF-8 text ({exc.reason} at byte {exc.start})"
        except json.JSONDecodeError as exc:
            return (
                f"line {number} is not valid JSON ({exc.msg}: character {exc.colno}): "
                f"{_excerpt(text, exc.pos)}"
            )
        if not isinstance(value, dict):
            return f"line {number} is not a JSON object: {_excerpt(text, 0)}"
    return None


def _bad_json_array(path: Path, given: str = "utf-8") -> str | None:
    """Where a JSON file (one array) is not valid JSON, by line and column (from 1),
    with why and an excerpt of the line; None if it is valid JSON."""
    data = b"".join(_blocks(path, given=given))
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (
            f"line {line} is not UTF-8 text ({exc.reason}: the bytes {data[exc.start : exc.end]!r})"
        )
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        return _json_error_at(text, exc)
    return None


def _json_error_at(text: str, error: json.JSONDecodeError) -> str:
    """Where a JSON text is not valid JSON (line and column from 1), why, and the line.

    Examples
    --------
    >>> import json
    >>> text = '[\\n  {"a": 1}\\n  {"a": 2}\\n]'
    >>> try:
    ...     json.loads(text)
    ... except json.JSONDecodeError as exc:
    ...     print(_json_error_at(text, exc))
    not valid JSON at line 3, column 3 (Expecting ',' delimiter): '  {"a": 2}'
    """
    where = f"not valid JSON at line {error.lineno}, column {error.colno} ({error.msg})"
    if not text[error.pos :].strip():
        return f"{where}: the file ends there (is it cut short?)"
    start = text.rfind("\n", 0, error.pos) + 1
    end = text.find("\n", error.pos)
    line = text[start : len(text) if end < 0 else end].removesuffix("\r")
    return f"{where}: {_excerpt(line, error.pos - start)}"


def _excerpt(text: str, at: int, width: int = 60) -> str:
    """Up to ``width`` characters of a line around character ``at``, quoted.

    Examples
    --------
    >>> _excerpt("a b", 0), _excerpt("0123456789" * 3, 15, width=10)
    ("'a b'", "...'0123456789'...")
    """
    if len(text) <= width:
        return repr(text)
    start = min(max(at - width // 2, 0), len(text) - width)
    cut = text[start : start + width]
    return f"{'...' if start else ''}{cut!r}{'...' if start + width < len(text) else ''}"


def _format_of(name: str) -> str:
    """The format a file's name gives: parquet, json, zip, spreadsheet or (else) csv.

    Examples
    --------
    >>> _format_of("part-0.snappy.parquet"), _format_of("links.jsonl.xz"), _format_of("a.txt")
    ('parquet', 'json', 'csv')
    """
    lower = name.lower()
    if lower.endswith(_PARQUET_SUFFIXES):
        return "parquet"
    if lower.endswith(".zip"):
        return "zip"
    suffix = _uncompressed_suffix(Path(lower))
    if suffix in _JSON_SUFFIXES:
        return "json"
    return "spreadsheet" if suffix in _SPREADSHEET_SUFFIXES else "csv"


def _inner_name(path: Path) -> str:
    """The name of the file read: a zip's one file, else the file's own."""
    if not path.name.lower().endswith(".zip"):
        return path.name
    with zipfile.ZipFile(path) as archive:
        return _zip_files(archive)[0].filename


def _zip_member(path: Path, table: str) -> str:
    """The name of the one table file in a zip; an error when it holds none or several."""
    where = f"table {table!r}: zip file {str(path)!r}"
    try:
        with zipfile.ZipFile(path) as archive:
            members = _zip_files(archive)
            if len(members) == 1:
                with archive.open(members[0]):  # an encrypted file or unknown method raise
                    pass
    except zipfile.BadZipFile as exc:
        raise InputError(f"{where} cannot be read (a damaged zip file?): {exc}") from None
    except (NotImplementedError, RuntimeError) as exc:
        raise InputError(f"{where}: its file cannot be read ({exc}); unzip it first") from None
    names = [m.filename for m in members]
    if len(names) != 1:
        held = "no file" if not names else f"{len(names)} files ({_listed(names)})"
        raise InputError(
            f"{where} holds {held}; a zip is read when it holds one table file (CSV, TSV, "
            "JSON or Parquet): zip each table on its own, or unzip it"
        )
    member = names[0]
    if _format_of(member) not in ("csv", "json", "parquet") or member.lower().endswith(_COMPRESSED):
        raise InputError(
            f"{where} holds {member!r}, which is not read from a zip: zip a CSV, TSV, JSON "
            "or Parquet file"
        )
    return member


def _listed(names: list[str], shown: int = 5) -> str:
    """Names quoted, the first ``shown`` of them.

    Examples
    --------
    >>> _listed(["a", "b", "c"], shown=2)
    "'a', 'b' and 1 more"
    """
    more = f" and {len(names) - shown} more" if len(names) > shown else ""
    return ", ".join(repr(n) for n in names[:shown]) + more


def _part_name(folder: Path, part: Path) -> str:
    return part.relative_to(folder).as_posix()


def _parts(folder: Path, table: str) -> tuple[list[Path], str]:
    """The part files of a folder in name order, and their format.

    Bookkeeping files (``_SUCCESS``, ``.crc`` checksums, hidden files) are skipped, and
    so are empty CSV or JSON parts (Spark writes them for empty partitions) but one.
    """
    where = f"table {table!r}: folder {str(folder)!r}"
    files = sorted(
        (p for p in folder.rglob("*") if p.is_file() and not _hidden(_part_name(folder, p))),
        key=lambda p: p.relative_to(folder).parts,
    )
    if not files:
        raise InputError(
            f"{where} holds no table files (names starting with . or _, such as _SUCCESS, "
            "are skipped); pass a CSV, JSON or Parquet file, or a folder of their parts"
        )
    formats: dict[str, list[str]] = {}
    for p in files:
        formats.setdefault(_format_of(p.name), []).append(_part_name(folder, p))
    if len(formats) > 1:
        held = "; ".join(f"{fmt}: {_listed(names, 3)}" for fmt, names in formats.items())
        raise InputError(
            f"{where} holds files of different formats ({held}); its files are read as the "
            "parts of one table, so all must be CSV, all JSON or all Parquet"
        )
    (fmt,) = formats
    if fmt not in ("csv", "json", "parquet"):
        raise InputError(
            f"{where} holds {fmt} files ({_listed(formats[fmt], 3)}); a folder is read when "
            "its files are CSV, JSON or Parquet parts of one table"
        )
    nested = [name for name in formats[fmt] if "/" in name]
    if nested and fmt != "parquet":
        raise InputError(
            f"{where} holds parts in subfolders ({_listed(nested, 3)}); subfolders (such as "
            "Hive's country=BR) are read for Parquet parts only: put the parts in one folder"
        )
    if fmt == "parquet":
        return files, fmt
    return [p for p in files if p.stat().st_size] or files[:1], fmt


def _check_same_columns(
    folder: Path, parts: list[Path], columns: list[list[str]], table: str
) -> None:
    """Refuse parts of a folder whose columns are not the first part's."""
    for part, names in zip(parts, columns, strict=True):
        if names != columns[0]:
            raise InputError(
                f"table {table!r}: folder {str(folder)!r}: part {_part_name(folder, part)!r} "
                f"has the columns {_listed(names, 8)}, part {_part_name(folder, parts[0])!r} "
                f"{_listed(columns[0], 8)}; a folder's parts are read as one table and must "
                "have the same columns (CSV parts: the same header row)"
            )


def _read_directory(
    folder: Path, table: str, repeated: Collection[str], given: str = "utf-8"
) -> pd.DataFrame:
    """A folder's part files read as one table, in name order (rows numbered on across parts)."""
    import pyarrow as pa

    parts, fmt = _parts(folder, table)
    for part in parts:
        _check_codec(part, table)
    if fmt == "parquet":
        return _read_parquet_parts(folder, parts, table, repeated)
    if fmt == "json":
        frame = pd.concat(
            [_json_frame(p, table, repeated, given) for p in parts], ignore_index=True
        )
        _check_frame(frame, table, repeated)
        return frame
    tables: list[pa.Table] = []
    for part in parts:
        tables.append(
            _csv_arrow(part, table, repeated, sum(t.num_rows for t in tables), given=given)
        )
    _check_same_columns(folder, parts, [t.column_names for t in tables], table)
    return _to_pandas(pa.concat_tables(tables))


def _check_codec(path: Path, table: str) -> None:
    """Refuse a compressed file whose codec this build of pyarrow lacks."""
    import pyarrow as pa

    suffix = Path(path.name.lower()).suffix
    if suffix in _CODECS and not pa.Codec.is_available(_CODECS[suffix]):
        raise InputError(
            f"table {table!r}: file {str(path)!r} is {_CODECS[suffix]}-compressed, which this "
            "installation of pyarrow cannot read; decompress it first"
        )


def _read_file(
    path: Path, table: str, repeated: Collection[str], given: str = "utf-8"
) -> pd.DataFrame:
    """One table file, read by the format its name (a zip's: its file's name) gives."""
    _check_codec(path, table)
    fmt = _format_of(path.name)
    if fmt == "zip":
        fmt = _format_of(_zip_member(path, table))
    if fmt == "parquet":
        return _read_parquet(path, table, repeated)
    if fmt in ("json", "csv"):
        _warn_cyrillic(path, table, given)
    if fmt == "json":
        return _read_json(path, table, repeated, given)
    if fmt == "spreadsheet":
        raise InputError(
            f"table {table!r}: {str(path)!r} is a spreadsheet, which is not read: save the "
            "sheet as CSV (UTF-8) with its identifier columns formatted as text (a spreadsheet "
            "drops phones' leading zeros and rounds long numbers)"
        )
    return _read_csv(path, table, repeated, given)


def read_table(
    source: TableSource,
    *,
    table: str,
    repeated: Collection[str] = (),
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read one input table from a DataFrame or a CSV, Parquet or JSON file.

    Parameters
    ----------
    source : DataFrame, str or Path
        A DataFrame is returned as it is (not copied). CSV files (``.csv``, ``.tsv``,
        ``.txt``; UTF-8, UTF-16 or UTF-32 with its byte-order mark, or UTF-16 without
        one, told by its NUL bytes) are read with every column
        as text and no value turned into a missing value, so ``"N/A"`` reaches
        validation as written; the delimiter is taken from the first non-empty line,
        the header row. Columns with no name and no data (``a,b,,``) are dropped.
        Parquet files (``.parquet``) and JSON files (``.jsonl``/``.ndjson``: one object
        per line; ``.json``: the same, or one array of objects) keep their types:
        numbers are read as numbers, whole floats as integers. Files may be compressed
        (``.gz``, ``.bz2``, ``.xz``, ``.zst``, ``.lz4``), or be the one table file of a
        ``.zip`` (read by that file's name). A folder is read as one table of its part
        files (Spark, Hive, pyarrow) in name order, rows numbered on across the parts;
        files named ``_*`` or ``.*`` (``_SUCCESS``) and ``.crc`` files are skipped.
    table : str
        Name of the table, used in error messages (``"stores"`` or ``"links"``).
    repeated : collection of str, optional
        Columns whose values repeat from row to row (store ids, kinds, dates in a
        links table): read from a file dictionary-encoded, so each distinct text is
        held once; they come back categorical. Names are matched stripped.
    encoding : str, default "utf-8"
        The text encoding of CSV and JSON files, e.g. ``"cp1252"`` or ``"latin-1"``
        for what Windows and Excel export as "CSV" (any of Python's names of a text
        encoding). Decoded as the file is read, compressed or not. The default reads
        UTF-8, and UTF-16 or UTF-32 told as above; a file that starts with a
        byte-order mark is read in the encoding the mark tells, whatever is named.
        Parquet files and DataFrames are not text and ignore it.

    Raises
    ------
    InputError
        ``encoding`` is not a text encoding. The file is missing or cannot be parsed:
        an unterminated quote, bytes that are not UTF-8 (or not the ``encoding``; the
        message suggests ``encoding="cp1252"``), a row with the wrong number of
        fields, a column with no name that holds data, a JSON Lines line that is not
        an object, a JSON array that is not valid JSON (its line and column are
        named); a zip holds no table file or several; a folder holds none, files of
        several formats, or parts with other columns than the first's; or a column
        read as text (a contract column such as ``value``, or a built-in identifier
        kind such as ``phone``) holds lists, structs or maps, or booleans (a
        Parquet or JSON ``true``/``false`` column: read as text, every ``False``
        would be one identifier shared by every store that has it).

    Examples
    --------
    >>> import pandas as pd
    >>> read_table(pd.DataFrame({"store_id": ["S1"]}), table="stores").shape
    (1, 1)
    """
    if isinstance(source, pd.DataFrame):
        _check_frame(source, table, repeated)
        return source
    if not isinstance(source, str | Path):
        raise InputError(
            f"table {table!r} must be a pandas DataFrame or a CSV, Parquet or JSON path "
            f"(got {type(source).__name__})"
        )
    given = text_codec(encoding)
    path = Path(source)
    if path.is_dir():
        return _read_directory(path, table, repeated, given)
    if not path.exists():
        raise InputError(f"table {table!r}: file {str(path)!r} does not exist")
    return _read_file(path, table, repeated, given)


def write_table(frame: pd.DataFrame, path: str | Path, *, fmt: str | None = None) -> Path:
    """Write a table as CSV (UTF-8, no index) or Parquet, by ``fmt`` or suffix.

    In Parquet, a column of mixed values that Arrow cannot give one type (numbers
    and text, as a column carried along from a DataFrame may hold) is written as
    text, as CSV writes it.
    """
    import pyarrow as pa

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if (fmt or table_format(p)) == "parquet":
        try:
            frame.to_parquet(p, index=False)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            mixed_as_text(frame).to_parquet(p, index=False)
    elif not _write_csv(frame, p):
        frame.to_csv(p, index=False)
    return p


#: Rows formatted and written at a time by :func:`_write_csv`.
_CSV_CHUNK_ROWS = 200_000
#: The line end ``to_csv`` writes.
_CSV_LINE_END = os.linesep


def _csv_module_quoting() -> tuple[str, str]:
    """How the csv module writes as ``to_csv`` has it write: the characters for which
    it quotes a field (its delimiter, quote character and the characters of the line
    end, and in some Python versions any line end), and the one field of a row whose
    field is empty (``""``: an empty line would be no row).
    """

    def line(fields: list[str]) -> str:
        out = io.StringIO()
        csv.writer(out, lineterminator=_CSV_LINE_END).writerow(fields)
        return out.getvalue()[: -len(_CSV_LINE_END)]

    return "".join(c for c in ',"\r\n' if line(["a" + c])[0] == '"'), line([""])


_CSV_SPECIAL, _CSV_EMPTY_ROW = _csv_module_quoting()
#: The characters quoted, as a regular expression (RE2's) and as UTF-8 bytes (ASCII:
#: no other character's UTF-8 holds them).
_CSV_SPECIAL_RE = "[" + "".join({"\r": "\\r", "\n": "\\n"}.get(c, c) for c in _CSV_SPECIAL) + "]"
_CSV_SPECIAL_BYTES = [c.encode() for c in _CSV_SPECIAL]


def _write_csv(frame: pd.DataFrame, path: Path) -> bool:
    """Write ``frame`` as ``frame.to_csv(path, index=False)`` writes it, byte for byte,
    formatting each column once with Arrow; False (nothing written) when the frame
    holds a column this writer does not format as pandas does (datetimes, mixed
    objects, nullable floats, ...), or the path names a compression.

    Fields are text as pandas gives it to the csv module: missing values empty,
    floats as NumPy's ``str`` (``0.1``, ``1e-05``, ``1.0``), booleans ``True`` and
    ``False``; quoted when they hold a comma, quote or line end (``"`` doubled), and an
    empty row of a one-column table as ``""``, as the csv module writes them.
    """
    from pandas.io.common import infer_compression

    if (
        frame.shape[1] == 0
        or isinstance(frame.columns, pd.MultiIndex)
        or infer_compression(str(path), "infer") is not None
    ):
        return False
    columns = [_csv_text(frame.iloc[:, i]) for i in range(frame.shape[1])]
    if any(c is None for c in columns):
        return False
    header = frame.iloc[:0].to_csv(index=False).encode()
    with path.open("wb") as fh:
        fh.write(header)
        for start in range(0, len(frame), _CSV_CHUNK_ROWS):
            chunk = [c.slice(start, _CSV_CHUNK_ROWS) for c in columns]
            fh.write(_csv_rows([_csv_field(c, len(chunk) == 1) for c in chunk]))
    return True


def _csv_text(values: pd.Series) -> Any:
    """A column's fields as Arrow ``large_string`` (null where missing) as
    ``to_csv`` writes them, unquoted; None for a column it does not format so."""
    import pyarrow as pa

    dtype = values.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        names = _csv_text(pd.Series(dtype.categories))
        if names is None:
            return None
        codes = values.cat.codes.to_numpy()
        return names.take(pa.array(codes, mask=codes < 0))
    if isinstance(dtype, np.dtype) and dtype.kind == "f":
        return _float_text(values.to_numpy())
    if pd.api.types.is_bool_dtype(dtype):
        flags = _one_array(pa.array(values, type=pa.bool_(), from_pandas=True))
        return _if_else(flags, "True", "False")
    if pd.api.types.is_integer_dtype(dtype):
        return _one_array(pa.array(values, from_pandas=True)).cast(pa.large_string())
    if dtype == np.dtype(object) or isinstance(dtype, pd.StringDtype):
        try:
            text = _one_array(pa.array(values, from_pandas=True))
        except (pa.ArrowException, TypeError, ValueError, UnicodeError):
            return None
        if pa.types.is_null(text.type):
            return pa.nulls(len(text), pa.large_string())
        if pa.types.is_string(text.type) or pa.types.is_large_string(text.type):
            return text.cast(pa.large_string())
    return None


def _float_text(numbers: np.ndarray) -> Any:
    """Floats as ``to_csv`` writes them (NumPy's ``str``; null for NaN), as Arrow
    ``large_string``: each distinct value (by its bits: ``-0.0`` is not ``0.0``)
    formatted once, as scores and weights repeat."""
    import pyarrow as pa

    numbers = np.ascontiguousarray(numbers)
    bits, where = np.unique(numbers.view(f"i{numbers.itemsize}"), return_inverse=True)
    names = pa.array(bits.view(numbers.dtype).astype(str), type=pa.large_string())
    return names.take(pa.array(where.astype(np.int64), mask=np.isnan(numbers)))


def _one_array(values: Any) -> Any:
    """An Arrow array from an array or chunked array (its chunks joined)."""
    import pyarrow as pa

    return values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values


def _if_else(flags: Any, yes: Any, no: Any) -> Any:
    """``yes`` where ``flags``, else ``no`` (text as Arrow ``large_string``)."""
    import pyarrow.compute as pc

    return pc.if_else(flags, _large(yes), _large(no))


def _large(text: Any) -> Any:
    """Python text as an Arrow ``large_string`` scalar (Arrow values as they are)."""
    import pyarrow as pa

    return pa.scalar(text, pa.large_string()) if isinstance(text, str) else text


def _csv_field(text: Any, alone: bool) -> Any:
    """Fields as the csv module writes them: missing as empty, quoted where needed
    (``"`` doubled), and, ``alone`` in its row, an empty field as ``""``."""
    import pyarrow.compute as pc

    text = text.fill_null("")
    if _has_special(text):
        special = pc.match_substring_regex(text, _CSV_SPECIAL_RE)
        doubled = pc.replace_substring(text, '"', '""')
        text = _if_else(
            special, pc.binary_join_element_wise(*map(_large, ['"', doubled, '"', ""])), text
        )
    if alone:
        text = _if_else(pc.equal(text, ""), _CSV_EMPTY_ROW, text)
    return text


def _has_special(text: Any) -> bool:
    """Whether any of the text (Arrow ``large_string``) holds a character the csv
    module quotes: a scan of its bytes (``memchr``), much faster than matching each
    value."""
    data = _text_bytes(text).tobytes()
    return any(c in data for c in _CSV_SPECIAL_BYTES)


def _text_bytes(text: Any) -> np.ndarray:
    """The UTF-8 bytes of Arrow text (``large_string``), value after value, uncopied."""
    if len(text) == 0 or text.buffers()[2] is None:
        return np.empty(0, dtype=np.uint8)
    offsets = np.frombuffer(text.buffers()[1], dtype=np.int64)
    start, end = offsets[text.offset], offsets[text.offset + len(text)]
    return np.frombuffer(text.buffers()[2], dtype=np.uint8)[start:end]


def _csv_rows(fields: list[Any]) -> Any:
    """The bytes of the CSV rows of columns of fields (Arrow ``large_string``, no
    nulls): joined by commas, each row ended by a newline."""
    import pyarrow.compute as pc

    parts: list[Any] = []
    for field in fields:
        parts += [field, ","]
    parts[-1] = _CSV_LINE_END
    return _text_bytes(pc.binary_join_element_wise(*map(_large, [*parts, ""])))


def mixed_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with each column Arrow cannot give one type written as text.

    Missing values stay missing; columns Arrow can type are left as they are.

    Examples
    --------
    >>> out = mixed_as_text(pd.DataFrame({"tier": [1, "gold", None], "gmv": [1.5, 2.0, None]}))
    >>> out["tier"].tolist(), out["gmv"].tolist()[:2]
    (['1', 'gold', None], [1.5, 2.0])
    """
    import pyarrow as pa

    out = frame.copy(deep=False)
    for name in frame.columns:
        column = frame[name]
        if column.dtype != np.dtype(object):
            continue
        try:
            pa.array(column, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            text = column.astype(str).astype(object)
            out[name] = text.where(column.notna(), None)
    return out
