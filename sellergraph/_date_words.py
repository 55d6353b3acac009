"""Dates written with words pandas does not read, or reads wrongly, rewritten as ISO 8601.

Marketplace exports carry dates in the seller's language and with the time zone named:

- Chinese, Japanese and Korean dates: ``2022年3月4日``, ``2022年3月4日 下午3:05``,
  ``2022年03月04日(金) 10:00``, ``2022년 3월 4일 오후 3:05``; numeric dates, year first,
  with a weekday in brackets or a time of day after a word for morning or afternoon, as
  Japanese, Korean and Taiwanese Windows and Excel write them (``2023/03/12(日)``,
  ``2023-03-12 오후 2:05``, ``2023. 3. 12. 오후 2:05:00``, ``2023/3/12 下午 02:05:00``);
- Japanese era dates: ``令和5年3月12日``, ``令和元年5月1日``, ``平成31年4月30日``,
  ``昭和64年1月7日``, ``R5.3.12``, ``H31/4/30`` (Reiwa from 2019, Heisei from 1989, Showa
  from 1926);
- Taiwanese dates of the Republic of China calendar (year 1 is 1912): ``民國112年3月12日``,
  ``中華民國112年03月12日``, ``112年3月12日`` and ``112/03/12`` (a year of three digits,
  100 to 199, which no other calendar writes first);
- month names of other languages, day first: ``4. März 2022``, ``15 mars 2022``,
  ``3 de marzo de 2022``, ``4 марта 2022 г.``, Ukrainian ``12 березня 2023 р.``,
  ``Freitag, 4. März 2022 10:00``, ``15 มีนาคม 2566``, Indonesian/Malay/Tagalog
  ``1 Maret 2024``, ``17 Ogos 2023``, ``25 Disyembre 2023``, Arabic ``22 نوفمبر 2024``
  and ``22 تشرين الثاني 2024``;
- the word for "year" after a numeric date: ``12.03.2023 г.``, ``12.03.2023 р.``,
  ``12.03.2023 r.`` (Russian, Ukrainian, Polish);
- Vietnamese dates: ``ngày 15 tháng 3 năm 2023``, ``15 tháng 03, 2023``, ``15 thg 3, 2024``,
  ``Ngày 15/03/2024`` (day first);
- Thai dates with the month abbreviated (``15 มี.ค. 2567``, ``15 มีค 2567``), ``พ.ศ.``,
  ``วันที่`` or a weekday before and a time after (``วันที่ 15 มี.ค. พ.ศ. 2567 เวลา 14.05
  น.``), Thai digits, and a two-digit Buddhist year (``15 มี.ค. 67``);
- month names after a hyphen (``15-Ogos-2024``) or before the day (``Marso 15, 2024``);
- a time with a dot (``14.05``), or after a Vietnamese or Malay word for morning or
  afternoon (``2:05 CH``, ``2:05 PTG``: 14:05);
- time zones by name or offset after the time: ``10:00 CET``, ``10:00 GMT+8``,
  ``10:00 (UTC+08:00)``, ``10:00 МСК`` (Moscow time, ``MSK``).

pandas reads ``GMT+8`` the POSIX way, as eight hours *behind* UTC; people who write it
mean eight hours ahead (China's time). Offsets after ``UTC``/``GMT`` are rewritten as
ISO offsets (``+08:00``), as are zone abbreviations that name one offset, so that the
text reads as a date and time; the reader then drops the offset and keeps the date and
time as written (:func:`sellergraph.schema.parse_dates`). ``CST`` (China, or the US
Central), ``IST`` (India, Israel, Ireland) and ``BST`` (British summer, Bangladesh) name
no one offset: they are dropped, and the date and time read as written all the same.

:func:`rewrite` is applied to each distinct text that may hold such words; what it
cannot rewrite it returns unchanged.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["MAY_HOLD_WORDS", "rewrite"]


# Month names pandas does not read, casefolded (accented and plain spellings), by month.
_MONTH_NAMES: dict[int, str] = {
    1: (
        "januar jänner janvier janv enero ene gennaio gen janeiro januari января январь "
        "янв stycznia styczeń ocak"
    ),
    2: (
        "februar février fevrier févr fevr febrero febbraio fevereiro fev februari "
        "февраля февраль фев lutego luty şubat subat"
    ),
    3: (
        "märz maerz marz mär mrz mars marzo março marco maart mrt марта март мар marca marzec mart"
    ),
    4: "avril avr abril abr aprile апреля апрель апр kwietnia kwiecień nisan",
    5: "mai mayo maggio mag maio mei мая май maja maj mayıs mayis",
    6: "juni juin junio giugno giu junho июня июнь июн czerwca czerwiec haziran",
    7: "juli juillet juil julio luglio lug julho июля июль июл lipca lipiec temmuz",
    8: "août aout agosto ago augustus августа август авг sierpnia sierpień ağustos agustos",
    9: (
        "septembre septiembre setiembre settembre set setembro сентября сентябрь сен сент "
        "września wrzesień eylül eylul"
    ),
    10: (
        "oktober okt octobre octubre ottobre ott outubro out октября октябрь окт "
        "października październik ekim"
    ),
    11: "novembre noviembre novembro ноября ноябрь ноя listopada listopad kasım kasim",
    12: (
        "dezember dez décembre decembre déc diciembre dic dicembre dezembro декабря "
        "декабрь дек grudnia grudzień aralık aralik"
    ),
}


def _add_month_names(names: dict[int, str]) -> None:
    """Add each month's ``names`` it does not have yet to :data:`_MONTH_NAMES`."""
    for month, more in names.items():
        _MONTH_NAMES[month] += " " + " ".join(
            n for n in more.split() if n not in _MONTH_NAMES[month].split()
        )


# Indonesian, Malay and Tagalog month names (and their abbreviations) that the lists
# above lack: ``1 Maret 2024``, ``17 Ogos 2023``, ``25 Disyembre 2023``.
_SOUTH_EAST_ASIAN_MONTHS: dict[int, str] = {
    1: "enero",
    2: "pebrero peb pebruari",
    3: "maret mac marso",
    4: "abril",
    5: "mayo",
    6: "jun hunyo",
    7: "julai jul hulyo",
    8: "agustus agu agt ags agst ogos ogo",
    9: "sep setyembre septiyembre setiyembre",
    10: "oktubre",
    11: "nop nopember nobyembre",
    12: "desember des disember dis disyembre",
}
_add_month_names(_SOUTH_EAST_ASIAN_MONTHS)
# Thai month names (Thai dates are mostly in the Buddhist era, read as such later).
_THAI_MONTHS = (
    "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม"
)
for _m, _name in enumerate(_THAI_MONTHS.split(), 1):
    _MONTH_NAMES[_m] += f" {_name}"
#: Thai months as Thai dates usually write them: abbreviated, with dots (``มี.ค.``) or
#: without (``มีค``), and the short spoken names (``มีนา``). Looked up without the dots.
_THAI_SHORT_MONTHS = "มค กพ มีค เมย พค มิย กค สค กย ตค พย ธค"
_THAI_SPOKEN_MONTHS = "มกรา กุมภา มีนา เมษา พฤษภา มิถุนา กรกฎา สิงหา กันยา ตุลา พฤศจิกา ธันวา"
_THAI_MONTH: dict[str, int] = {
    unicodedata.normalize("NFKC", name): m
    for names in (_THAI_MONTHS, _THAI_SHORT_MONTHS, _THAI_SPOKEN_MONTHS)
    for m, name in enumerate(names.split(), 1)
}
#: The Buddhist era is 543 years ahead of the Gregorian calendar (2567 is 2024).
_BUDDHIST_ERA = 543
# Ukrainian and Belarusian month names: genitive (``12 березня 2023``), nominative and
# the short forms (``12 бер. 2023``). Russian's are above; the spellings shared with it
# (``мая``, ``лют``) name the same month.
_EAST_SLAVIC_MONTHS: dict[int, str] = {
    1: "січня січень січ студзеня студзень студз",
    2: "лютого лютий лют лютага",
    3: "березня березень бер сакавіка сакавік сак",
    4: "квітня квітень квіт красавіка красавік крас",
    5: "травня травень трав",
    6: "червня червень черв чэрвеня чэрвень чэрв",
    7: "липня липень лип ліпеня ліпень ліп",
    8: "серпня серпень серп жніўня жнівень",
    9: "вересня вересень вер верасня верасень",
    10: "жовтня жовтень жовт кастрычніка кастрычнік кастр",
    11: "листопада листопад лист лістапада лістапад ліст",
    12: "грудня грудень груд снежня снежань снеж",
}
_add_month_names(_EAST_SLAVIC_MONTHS)
_MONTH: dict[str, int] = {name: m for m, names in _MONTH_NAMES.items() for name in names.split()}
# Arabic month names: Egypt's and the Gulf's (from the French and English names), and
# the Levant's and Iraq's (Syriac). Written with any alef (``أبريل``, ``ابريل``,
# ``إبريل``) and ``ة`` or ``ه`` (``يونية``): looked up as :func:`_arabic_letters` writes
# them. Hijri months are not listed: a Hijri date stays unread (``invalid_date``).
_ARABIC_MONTHS = (
    "يناير", "فبراير", "مارس", "ابريل", "مايو", "يونيو", "يوليو", "اغسطس", "سبتمبر",
    "اكتوبر", "نوفمبر", "ديسمبر",
)  # fmt: skip
_LEVANTINE_MONTHS = (
    "كانون الثاني", "شباط", "اذار", "نيسان", "ايار", "حزيران", "تموز", "اب", "ايلول",
    "تشرين الاول", "تشرين الثاني", "كانون الاول",
)  # fmt: skip
_ARABIC_ALEF = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})

#: Zone abbreviations that name several offsets: dropped (the time is read as written).
_AMBIGUOUS_ZONES = frozenset({"CST", "IST", "BST"})
# Zone abbreviations that name one offset.
_ZONES: dict[str, str] = {
    "UTC": "+00:00", "GMT": "+00:00", "UT": "+00:00", "Z": "+00:00", "WET": "+00:00",
    "WEST": "+01:00", "CET": "+01:00", "MEZ": "+01:00", "CEST": "+02:00", "MESZ": "+02:00",
    "EET": "+02:00", "EEST": "+03:00", "MSK": "+03:00", "HKT": "+08:00", "SGT": "+08:00",
    "AWST": "+08:00", "JST": "+09:00", "KST": "+09:00", "AEST": "+10:00", "AEDT": "+11:00",
    "NZST": "+12:00", "NZDT": "+13:00", "BRT": "-03:00", "EST": "-05:00", "EDT": "-04:00",
    "CDT": "-05:00", "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00",
    "AKST": "-09:00", "HST": "-10:00", "МСК": "+03:00", "Мск": "+03:00", "мск": "+03:00",
    "ICT": "+07:00", "WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00", "MYT": "+08:00",
    "PHT": "+08:00",
}  # fmt: skip

#: RE2 pattern (Arrow) for texts :func:`rewrite` may change: anything not ASCII, an
#: offset or zone name after a time, an ASCII month name of another language,
#: Polish ``r.``/``roku`` after a year, a Japanese era date in Latin letters
#: (``R5.3.12``), a Republic of China date (``112/03/12``), Vietnamese words for day
#: and month written without accents (``ngay``, ``thang``, ``thg``) or a Vietnamese or
#: Malay word for morning or afternoon after a time (``2:05 CH``, ``10:05 PG``).
MAY_HOLD_WORDS = (
    r"[^\x00-\x7f]|[0-9]\s*(?:r|roku)\.?(?:\s|,|$)"
    r"|[0-9]\s*(?i:sa|ch|pg|ptg|pagi|petang)\s*$|(?i:\b(?:ngay|thang|thg)\b)"
    r"|^\s*(?:[RHS][0-9]{1,2}|1[0-9]{2})[./-][0-9]{1,2}[./-][0-9]{1,2}(?:[^0-9]|$)"
    r"|(?:\d|[AaPp]\.?[Mm]\.?)\s*\(?\s*(?:[A-Z]{3,5}|Z|UT)"
    r"\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)?\s*$|(?i:\b(?:"
    + "|".join(sorted({n for n in _MONTH if n.isascii()}, key=lambda n: (-len(n), n)))
    + r")\b)"
)

_WEEKDAY = r"(?:[^\W\d_]+\.?,?\s+)?"
# The word for "year" after one, in full or abbreviated: Russian ``года``/``г.``,
# Ukrainian ``року``/``р.``, Polish ``roku``/``r.``: ``12 марта 2023 г.``, ``12.03.2023
# г.``, ``12 марта 2023 года``, ``12.03.2023 r.``
_YEAR_MARK = r"\s*(?:года|року|roku|г|р|r)\.?(?=\s|,|$)"
#: An ISO date (what a numeric day/month date was rewritten as) with the year's word
#: after it: ``2023-03-12 г.``, ``2023-03-12г., 14:05``.
_ISO_YEAR_MARK = re.compile(rf"(?P<date>\d{{4}}-\d{{2}}-\d{{2}}){_YEAR_MARK}(?P<rest>.*)")
# a month name: letters, and the marks Thai writes its vowels and tones with; between
# day, month and year spaces or a hyphen (``15-Ogos-2024``)
_WORD_MONTH = re.compile(
    rf"{_WEEKDAY}(?P<day>\d{{1,2}})(?:\.?\s*|-)(?:de\s+)?"
    r"(?P<month>[^\W\d_](?:[^\W\d_]|[\u0e31-\u0e4e])*)"
    r"(?:\.?,?\s*|-)(?:de\s+)?"
    rf"(?P<year>\d{{4}})(?:{_YEAR_MARK})?(?P<rest>.*)",
    re.IGNORECASE,
)
#: The month's name first, then the day and year: ``Marso 15, 2024`` (Tagalog, as
#: American English writes dates).
_MONTH_FIRST = re.compile(
    rf"{_WEEKDAY}(?P<month>[^\W\d_]+)\.?\s*(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})(?P<rest>.*)",
    re.IGNORECASE,
)
# a weekday before a Vietnamese date: ``Thứ Sáu, ``, ``Thứ 6 ``, ``Chủ nhật, ``
_VIETNAMESE_WEEKDAY = r"(?:(?:(?:thứ|thu)\s+[^\W_]+|(?:chủ|chu)\s+(?:nhật|nhat))\s*,?\s*)?"
_VIETNAMESE_DATE = re.compile(
    rf"{_VIETNAMESE_WEEKDAY}(?:(?:ngày|ngay)\s*)?(?P<day>\d{{1,2}})\s*(?:tháng|thang|thg)\.?\s*"
    r"(?P<month>\d{1,2})\s*(?:,|(?:năm|nam))?\s*(?P<year>\d{4})(?P<rest>.*)",
    re.IGNORECASE,
)
#: ``Ngày 15/03/2024``: the word for "day" before a numeric date, which Vietnamese
#: writes day first.
_VIETNAMESE_NUMERIC = re.compile(
    rf"{_VIETNAMESE_WEEKDAY}(?:ngày|ngay)\s*(?P<day>\d{{1,2}})(?P<sep>[./-])(?P<month>\d{{1,2}})"
    r"(?P=sep)(?P<year>\d{4})(?P<rest>(?:[\s,].*)?)",
    re.IGNORECASE,
)
# Thai letters and the marks Thai writes its vowels and tones with
_THAI_LETTERS = r"[\u0e01-\u0e4e]"
#: A Thai date (its digits made ASCII): perhaps ``วันที่`` ("the day") or a weekday
#: (``วันศุกร์ที่``) first, the day, a month's name full, short or abbreviated with dots
#: (``15 มี.ค.``), perhaps ``พ.ศ.`` (Buddhist era) or ``ค.ศ.`` (Christian era), the
#: year; or ``วันที่`` before a numeric date, day first (``วันที่ 15/03/2567``).
_THAI_DATE = re.compile(
    rf"(?:วัน{_THAI_LETTERS}*?(?:ที่|\s)\s*)?(?P<day>\d{{1,2}})\s*"
    rf"(?P<month>{_THAI_LETTERS}[\u0e01-\u0e4e.]*?)\.?\s*"
    r"(?:(?P<era>พ\.?\s?ศ|ค\.?\s?ศ)\.?\s*)?(?P<year>\d{4}|\d{2})(?P<rest>(?:\D.*)?)"
    rf"|วัน{_THAI_LETTERS}*?ที่\s*(?P<nday>\d{{1,2}})(?P<sep>[./-])(?P<nmonth>\d{{1,2}})(?P=sep)"
    r"(?P<nyear>\d{4})(?P<after>(?:\s.*)?)"
)
_CJK_DATE = re.compile(
    r"(?P<year>\d{4})\s*[年년]\s*(?P<month>\d{1,2})\s*[月월]\s*(?P<day>\d{1,2})\s*[日일号號]?"
    r"\s*(?:[(（][^)）]{1,4}[)）])?(?P<rest>.*)"
)
_CJK_TIME = re.compile(
    r"(?P<half>上午|下午|凌晨|早上|中午|晚上|午前|午後|오전|오후)?\s*"
    r"(?P<hour>\d{1,2})\s*(?:[:：]|[时時点點시])\s*(?P<minute>\d{1,2})?\s*[分분]?"
    r"(?:\s*[:：]?\s*(?P<second>\d{1,2})\s*[秒초]?)?"
)


def _arabic_letters(name: str) -> str:
    """An Arabic month name with one alef, ``ه`` for ``ة``, single spaces and no tatweel."""
    return " ".join(name.replace("\u0640", "").translate(_ARABIC_ALEF).split())


_ARABIC_MONTH: dict[str, int] = {
    **{_arabic_letters(n): m for m, n in enumerate(_ARABIC_MONTHS, 1)},
    **{_arabic_letters(n): m for m, n in enumerate(_LEVANTINE_MONTHS, 1)},
    "يونيه": 6, "يوليه": 7, "اغسطوس": 8, "فبرير": 2,
}  # fmt: skip
#: A day, an Arabic month name (one or two words), a year (perhaps with ``م``, "AD"):
#: ``22 نوفمبر 2024``, ``الجمعة، 22 نوفمبر 2024م``, ``٢٢ تشرين الثاني ٢٠٢٤``.
_ARABIC_DATE = re.compile(
    r"(?:[\u0621-\u064a]+[،,]?\s+)?(?P<day>\d{1,2})\s*(?:من\s+)?"
    r"(?P<month>[\u0621-\u064a\u0640]+(?:\s+[\u0621-\u064a\u0640]+)?)\s*[،,]?\s*"
    r"(?P<year>\d{4})\s*(?:م\.?)?(?P<rest>(?:\s.*)?)"
)
_AFTERNOON = frozenset({"下午", "晚上", "午後", "오후"})
#: Words for the morning, after which 12 o'clock is midnight (``오전 12:05`` is 00:05).
_MORNING = frozenset({"上午", "凌晨", "早上", "午前", "오전"})
#: A numeric date with its four-digit year first, then what Japanese, Korean and
#: Taiwanese software writes after it: a weekday in brackets (``2023/03/12(日)``) or a
#: time after a word for morning or afternoon (``2023-03-12 오후 2:05``,
#: ``2023. 3. 12. 오후 2:05:00``, ``2023/3/12 下午 02:05:00``). Only texts with such
#: words come here (:data:`MAY_HOLD_WORDS`); the rest of the text must be a time.
_YEAR_FIRST_NUMERIC = re.compile(
    r"(?P<year>\d{4})\s*(?P<sep>[-/.])\s*(?P<month>\d{1,2})\s*(?P=sep)\s*(?P<day>\d{1,2})"
    r"\s*\.?\s*(?:[(][^)]{1,4}[)])?\s*(?P<rest>.*)"
)
#: Japanese eras: the Gregorian year before each one's first (``令和5年`` is 2023), by
#: name and by Latin letter (``R5.3.12``).
_ERAS: dict[str, int] = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
_ERA_DATE = re.compile(
    r"(?P<era>令和|平成|昭和)\s*(?P<year>元|\d{1,2})\s*年(?P<rest>.*)"
    r"|(?P<letter>[RHS])(?P<short>\d{1,2})(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)"
    r"(?P<day>\d{1,2})(?P<after>(?:\s.*|[(].*)?)"
)
#: The Republic of China calendar (Taiwan), year 1 being 1912: ``民國112年3月12日`` (any
#: year), ``112年3月12日`` and ``112/03/12`` (a year of three digits, 100-199: what no
#: other calendar or format writes first in a date).
_ROC_OFFSET = 1911
_ROC_DATE = re.compile(
    r"(?:中華)?民[國国]\s*(?P<named>\d{1,3})\s*年(?P<rest>.*)"
    r"|(?P<year>1\d\d)\s*年(?P<after>.*)"
    r"|(?P<short>1\d\d)(?P<sep>[./-])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})"
    r"(?P<tail>(?:\s.*|[(].*)?)"
)
_TIME_WORDS = re.compile(
    r"^[,\s]*(?:um|às|à|a las|alle|ore|в|о|o|om|saat|เวลา|lúc|pukul)?\s*", re.IGNORECASE
)
_HOURS_WORD = re.compile(r"\s*(?:uhr|h|ч\.?|น\.|นาฬิกา)$", re.IGNORECASE)
#: Vietnamese and Malay words for the morning and the afternoon after a time, as
#: Windows writes them in those languages (``2:05 CH`` is 14:05, ``10:05 PG`` 10:05),
#: casefolded: afternoon or not.
_HALF_DAY = {"sa": False, "sáng": False, "pg": False, "pagi": False, "am": False,
             "ch": True, "chiều": True, "ptg": True, "petang": True, "pm": True}  # fmt: skip
#: What :func:`_zone_as_offset` reads after a time: a zone's name or offset.
_ZONE_AFTER = re.compile(
    r"\s*\(?\s*(?:[A-Z]{1,5}|МСК|Мск|мск)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\s*\)?"
)
#: A time of day with a colon or, as Thai and Indonesian write it, a dot (``14.05``),
#: then perhaps a word of :data:`_HALF_DAY` and a zone (``WIB``): :func:`_clock`.
_CLOCK = re.compile(
    r"(?P<hour>\d{1,2})\s*[:.]\s*(?P<minute>\d{2})(?:\s*[:.]\s*(?P<second>\d{2}))?"
    r"(?:\s*(?P<half>[^\W\d_]+)(?![^\W\d_])\.?)?(?P<zone>.*)"
)
#: An ISO date (a numeric day/month date already rewritten as one) and what follows.
_ISO_DATE_REST = re.compile(r"(?P<date>\d{4}-\d{2}-\d{2})(?P<rest>[\sT,].*)")
_ZONE = re.compile(
    r"(?P<body>.*(?:\d|[AaPp]\.?[Mm]\.?))\s*\(?\s*(?P<name>[A-Z]{1,5}|МСК|Мск|мск)"
    r"(?:\s*(?P<sign>[+-])\s*(?P<hours>\d{1,2})(?::?(?P<minutes>\d{2}))?)?\s*\)?"
)


def rewrite(text: str) -> str:
    """``text`` with a date or zone in words rewritten as ISO 8601; unchanged otherwise.

    Examples
    --------
    >>> rewrite("2022年3月4日 下午3:05")
    '2022-03-04 15:05'
    >>> rewrite("Freitag, 4. März 2022 10:00 Uhr")
    '2022-03-04 10:00'
    >>> rewrite("2022-03-04 10:00 GMT+8")
    '2022-03-04 10:00+08:00'
    >>> rewrite("ngày 15 tháng 3 năm 2023"), rewrite("15 มีนาคม 2566")
    ('2023-03-15', '2566-03-15')
    >>> rewrite("04 Mar 2022 10:00 CST")  # China or US Central: no offset guessed
    '04 Mar 2022 10:00'
    >>> rewrite("15 มี.ค. 2567"), rewrite("วันที่ 15 มี.ค. 67 เวลา 14.05 น.")
    ('2567-03-15', '2024-03-15 14:05')
    >>> rewrite("Ngày 15/03/2024"), rewrite("2024-03-15 2:05 CH")
    ('2024-03-15', '2024-03-15 14:05')
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).strip()
    date = _era_date(text)
    if date is None:
        date = _roc_date(text)
    if date is None:
        date = _cjk_date(text)
    if date is None and not text.isascii():
        date = _year_first_numeric(text)
    if date is None:
        date = _vietnamese_date(text)
    if date is None:
        date = _vietnamese_numeric(text)
    if date is None and not text.isascii():
        date = _thai_date(text)
    if date is None:
        date = _named_month_date(_WORD_MONTH, text)
    if date is None:
        date = _named_month_date(_MONTH_FIRST, text)
    if date is None:
        date = _arabic_date(text)
    if date is None:
        date = _iso_year_mark(text)
    if date is None:
        date = _iso_clock(text)
    return _zone_as_offset(text if date is None else date)


def _iso(year: str, month: int, day: str, rest: str) -> str | None:
    if not (1 <= month <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{month:02d}-{int(day):02d}" + (f" {rest}" if rest else "")


def _cjk_date(text: str) -> str | None:
    m = _CJK_DATE.fullmatch(text)
    if m is None:
        return None
    rest = m["rest"].strip()
    if rest:
        rest = _cjk_time(rest) or rest
    return _iso(m["year"], int(m["month"]), m["day"], rest)


def _cjk_time(text: str) -> str | None:
    """A time of day written the Chinese, Japanese or Korean way (``下午3:05``,
    ``오전 10:00:00``, ``14時5分``) as ``hh:mm[:ss]``; None when ``text`` is not one."""
    t = _CJK_TIME.fullmatch(text)
    if t is None:
        return None
    hour = int(t["hour"])
    if t["half"] in _AFTERNOON and hour < 12:
        hour += 12
    elif t["half"] in _MORNING and hour == 12:
        hour = 0
    out = f"{hour:02d}:{int(t['minute'] or 0):02d}"
    if t["second"] is not None:
        out += f":{int(t['second']):02d}"
    return out


def _year_first_numeric(text: str) -> str | None:
    """A numeric date, year first, with a weekday in brackets or a time after a word
    for morning or afternoon (:data:`_YEAR_FIRST_NUMERIC`) as ISO 8601; None when the
    rest of the text is no time."""
    m = _YEAR_FIRST_NUMERIC.fullmatch(text)
    if m is None:
        return None
    rest = m["rest"].strip()
    time = _cjk_time(rest) if rest else ""
    if time is None:
        return None
    return _iso(m["year"], int(m["month"]), m["day"], time)


def _era_date(text: str) -> str | None:
    """A Japanese era date (:data:`_ERA_DATE`: ``令和5年3月12日``, ``R5.3.12``) as ISO
    8601; None for anything else."""
    m = _ERA_DATE.fullmatch(text)
    if m is None:
        return None
    if m["era"] is not None:
        year = 1 if m["year"] == "元" else int(m["year"])
        if year < 1:
            return None
        return _cjk_date(f"{_ERAS[m['era']] + year}年{m['rest']}")
    year = int(m["short"])
    rest = m["after"].strip()
    return _numeric_with_rest(_ERAS[m["letter"]] + year, m["month"], m["day"], rest, year)


def _roc_date(text: str) -> str | None:
    """A date of the Republic of China calendar (:data:`_ROC_DATE`: ``民國112年3月12日``,
    ``112/03/12``) as ISO 8601; None for anything else."""
    m = _ROC_DATE.fullmatch(text)
    if m is None:
        return None
    if m["named"] is not None or m["year"] is not None:
        year = int(m["named"] if m["named"] is not None else m["year"])
        rest = m["rest"] if m["named"] is not None else m["after"]
        return _cjk_date(f"{_ROC_OFFSET + year}年{rest}") if year >= 1 else None
    year = int(m["short"])
    return _numeric_with_rest(_ROC_OFFSET + year, m["month"], m["day"], m["tail"].strip(), year)


def _numeric_with_rest(year: int, month: str, day: str, rest: str, given: int) -> str | None:
    """``year``-``month``-``day`` as ISO 8601 with what came after it: nothing, a
    weekday in brackets and a time, or a time (a CJK one rewritten); None when the
    year as written (``given``) is 0 or the rest is something else."""
    if given < 1:
        return None
    rest = re.sub(r"^[(][^)]{1,4}[)]\s*", "", rest)
    if rest:
        time = _cjk_time(rest)
        if time is None:
            return None
        rest = time
    return _iso(str(year), int(month), day, rest)


def _vietnamese_date(text: str) -> str | None:
    m = _VIETNAMESE_DATE.fullmatch(text)
    if m is None:
        return None
    return _iso(m["year"], int(m["month"]), m["day"], _time_after(m["rest"]))


def _vietnamese_numeric(text: str) -> str | None:
    """``Ngày 15/03/2024`` (:data:`_VIETNAMESE_NUMERIC`) as ISO 8601, day first."""
    m = _VIETNAMESE_NUMERIC.fullmatch(text)
    if m is None:
        return None
    return _iso(m["year"], int(m["month"]), m["day"], _time_after(m["rest"]))


def _thai_date(text: str) -> str | None:
    """A Thai date (:data:`_THAI_DATE`) as ISO 8601, its digits (Thai ones too) ASCII.

    A four-digit year stays as written (:func:`sellergraph.schema.parse_dates` reads
    2500-2699 as Buddhist years); after ``พ.ศ.`` the year is Buddhist whatever it is,
    and a two-digit one (``15 มี.ค. 67``) is a Buddhist year of 25xx, as Thai writes
    them: both are made Gregorian here. ``ค.ศ.`` before a year of 2500 or later, or
    before two digits, is no date.
    """
    m = _THAI_DATE.fullmatch(text)
    if m is None:
        return None
    if m["nday"] is not None:
        nyear = str(int(m["nyear"]))
        return _iso(nyear, int(m["nmonth"]), m["nday"], _time_after(m["after"]))
    month = _THAI_MONTH.get(m["month"].replace(".", ""))
    if month is None:
        return None
    year, buddhist = int(m["year"]), m["era"] is not None and m["era"][0] == "พ"
    christian = m["era"] is not None and not buddhist
    if len(m["year"]) == 2:
        if christian:
            return None
        year, buddhist = 2500 + year, True
    elif christian and year >= 2500:
        return None
    if buddhist:
        year -= _BUDDHIST_ERA
    return _iso(str(year), month, m["day"], _time_after(m["rest"]))


def _named_month_date(pattern: re.Pattern[str], text: str) -> str | None:
    """A date with a month of :data:`_MONTH` written as a word, day first
    (:data:`_WORD_MONTH`) or after the month (:data:`_MONTH_FIRST`, ``Marso 15, 2024``),
    as ISO 8601."""
    m = pattern.fullmatch(text)
    if m is None:
        return None
    month = _MONTH.get(m["month"].casefold())
    if month is None:
        return None
    return _iso(m["year"], month, m["day"], _time_after(m["rest"]))


def _time_after(rest: str) -> str:
    """What follows a date, a word for "at" (``เวลา``, ``lúc``, ``pukul``, ``um``) and
    for "hours" (``น.``, ``Uhr``) dropped and a time of day written as ``hh:mm[:ss]``
    (:func:`_clock`) where it is one: ``เวลา 14.05 น.`` is ``14:05``, ``2:05 CH`` is
    ``14:05``; anything else as it is."""
    rest = _TIME_WORDS.sub("", rest, count=1).strip()
    clock = _clock(rest)
    if clock is not None:
        return clock
    rest = _HOURS_WORD.sub("", rest).strip()
    return _clock(rest) or rest


def _clock(text: str) -> str | None:
    """A time of day (:data:`_CLOCK`) as ``hh:mm[:ss]``, 24-hour, with the zone after
    it; None when ``text`` is no such time.

    Examples
    --------
    >>> _clock("2:05 CH"), _clock("12:30 SA"), _clock("14.05"), _clock("14.05 WIB")
    ('14:05', '00:30', '14:05', '14:05 WIB')
    >>> _clock("14:05 Uhr") is None, _clock("13:05 CH") is None
    (True, True)
    """
    m = _CLOCK.fullmatch(text)
    if m is None:
        return None
    hour, minute, zone = int(m["hour"]), int(m["minute"]), m["zone"]
    second = None if m["second"] is None else int(m["second"])
    afternoon = None
    if m["half"] is not None:
        afternoon = _HALF_DAY.get(m["half"].casefold())
        if afternoon is None:  # no word for a half of the day: perhaps a zone
            zone = text[m.start("half") :]
    if zone.strip() and _ZONE_AFTER.fullmatch(zone) is None:
        return None
    if minute > 59 or (second or 0) > 59 or hour > (23 if afternoon is None else 12):
        return None
    if afternoon is not None:
        if hour == 0:
            return None
        hour = hour % 12 + (12 if afternoon else 0)
    out = f"{hour:02d}:{minute:02d}" + ("" if second is None else f":{second:02d}")
    return out + (f" {zone.strip()}" if zone.strip() else "")


def _iso_clock(text: str) -> str | None:
    """An ISO date (a numeric one rewritten) with a time that :func:`_time_after`
    rewrites (``2024-03-15 2:05 CH``, ``2567-03-15 เวลา 14.05 น.``) with it rewritten;
    None for anything else."""
    m = _ISO_DATE_REST.fullmatch(text)
    if m is None:
        return None
    rest = m["rest"][1:].strip(" ,")
    time = _time_after(rest)
    return None if time == rest else f"{m['date']} {time}".rstrip()


def _iso_year_mark(text: str) -> str | None:
    """An ISO date followed by the word for "year" (:data:`_ISO_YEAR_MARK`) without it:
    ``2023-03-12 г.`` is ``2023-03-12``, ``2023-03-12 г. в 14:05`` is ``2023-03-12 14:05``."""
    m = _ISO_YEAR_MARK.fullmatch(text)
    if m is None:
        return None
    rest = _HOURS_WORD.sub("", _TIME_WORDS.sub("", m["rest"], count=1)).strip()
    return m["date"] + (f" {rest}" if rest else "")


def _arabic_date(text: str) -> str | None:
    """A date with an Arabic month name (:data:`_ARABIC_DATE`) as ISO 8601, its digits
    (Arabic-Indic too) as ASCII; ``None`` for anything else."""
    m = _ARABIC_DATE.fullmatch(text)
    if m is None:
        return None
    month = _ARABIC_MONTH.get(_arabic_letters(m["month"]))
    if month is None:
        return None
    year, day = str(int(m["year"])), str(int(m["day"]))
    rest = "".join(str(int(c)) if c.isdecimal() else c for c in m["rest"].strip())
    return _iso(year, month, day, rest)


def _zone_as_offset(text: str) -> str:
    m = _ZONE.fullmatch(text)
    if m is None:
        return text
    name, sign = m["name"], m["sign"]
    if sign is not None:
        if name not in ("UTC", "GMT", "UT"):
            return text
        hours, minutes = int(m["hours"]), int(m["minutes"] or 0)
        if hours > 14 or minutes > 59:
            return text
        offset = f"{sign}{hours:02d}:{minutes:02d}"
    elif name in _ZONES:
        offset = _ZONES[name]
    elif name in _AMBIGUOUS_ZONES:
        return m["body"]
    else:
        return text
    return m["body"] + offset
