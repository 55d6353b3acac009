"""Addresses split over several columns (``Address Line 1``, ``City``, ``Postcode``).

CRM and spreadsheet exports, and record-linkage data such as Febrl
(``address_1, address_2, suburb, postcode, state``), give a store's address as
several columns. Read one by one they are useless or harmful: a street line alone
joins ``12 Main St`` in Springfield to ``12 Main St`` in Shelbyville, and a city
alone joins every store in Springfield. This module finds the columns that are
parts of one address and composes each row's address from them, so that the
address is one identifier, as if the table had one ``address`` column.

Roles, by a column's canonical name (:func:`sellergraph.config.canonical_kind`:
case, spaces, hyphens and underscores do not matter):

* street lines: ``address``, ``address_1``, ``address_line_1``, ``addr``,
  ``addr1``, ``street``, ``street_address``, ``line_1``, ...;
* house numbers: ``street_number``, ``house_number``, ``street_no``, ``house_no``,
  ``building_number``, ...: written before the first street line, with a space
  (``3`` and ``Smith Street`` are ``3 Smith Street``);
* further lines: ``address_2``, ``address_line_2``, ``addr2``, ``line_3``, ...;
* locality: ``city``, ``town``, ``suburb``, ``district``, ``county``, ``state``,
  ``province``, ``prefecture``, ``postcode``, ``postal_code``, ``zip``,
  ``zip_code``, ``pin_code``, ``plz``, ``cep``, ...; a name of locality words
  joined by ``/`` or ``or`` is the first of them (``State/Province``,
  ``ZIP/Postal Code``, ``state_or_province``).

Columns that share a prefix (``billing_address_line_1``, ``billing_city``) are one
group; a group with at least one street line is one address. Locality columns
without a prefix belong to the group without a prefix. A group of locality columns
only is not an address (a city or a postcode alone is no identifier), ``country``
is no part (it is the store's country column), and a column whose name is another
configured kind (``ip_address``, ``email_address``) is never a part. Two columns that
are one part of an address (``City`` and ``city``) are refused: the address would hold
the part twice.

Examples
--------
>>> import pandas as pd
>>> stores = pd.DataFrame({"store_id": ["S1", "S2"],
...                        "Address Line 1": ["12 Main St", "12 Main St"],
...                        "City": ["Springfield", "Shelbyville"]})
>>> (group,) = address_groups(stores.columns, {"address", "phone"})
>>> group.label
'Address Line 1 + City'
>>> compose_addresses(stores, group).tolist()
['12 Main St, Springfield', '12 Main St, Shelbyville']
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._arrays import arrow_text
from .config import DEFAULT_PLACEHOLDERS, camel_words, canonical_kind, resolve_kind
from .errors import InputError
from .schema import ROW_MARK

__all__ = [
    "ADDRESS_KIND",
    "NUMBER_AFTER_STREET",
    "POSTCODE_BEFORE_TOWN",
    "AddressColumns",
    "AddressLinks",
    "AddressPart",
    "address_groups",
    "address_links",
    "address_part",
    "compose_address",
    "compose_addresses",
    "is_container",
    "melt_address_links",
    "no_street_line",
    "part_columns",
]

#: The identifier kind a composed address is.
ADDRESS_KIND = "address"

_NUMBER_AFTER_STREET_CODES = (
    "AR AT BA BE BG BR CH CL CO CZ DE DK EE ES FI GR HR HU IS IT LI LT LU LV MX NL "
    "NO PE PL PT RO RS RU SE SI SK TR UA UY"
)
_POSTCODE_BEFORE_TOWN_CODES = (
    "AR AT BA BE BG CH CZ DE DK EE ES FI FR GR HR IS IT LI LT LU MC MX NL NO PL PT "
    "RO RS SE SI SK TR"
)
#: Countries whose addresses put the house number after the street name (Hauptstraße 12,
#: Rua Augusta 1500, Via Roma 5, ul. Marszałkowska 120): a composed address of a store
#: there is written so, as its one-line addresses are (elsewhere: 12 Main Street).
NUMBER_AFTER_STREET: frozenset[str] = frozenset(_NUMBER_AFTER_STREET_CODES.split())
#: ... and the postcode before the town (10115 Berlin, 75002 Paris, 06600 Ciudad de
#: México; elsewhere: Springfield 12345).
POSTCODE_BEFORE_TOWN: frozenset[str] = frozenset(_POSTCODE_BEFORE_TOWN_CODES.split())

Role = Literal["number", "street", "line", "locality"]

#: Street lines and further lines: a stem with an optional line number (``line``
#: needs one). Number 1 (or none) is a street line, 2 and up a further line.
_LINE = re.compile(
    r"(?:(?P<stem>street_address|street_name|address_line|addr_line|address|addr|street)"
    r"|line(?=_?[1-9]))"
    r"_?(?P<number>[1-9][0-9]?)?"
)

#: House-number columns, canonical names.
_NUMBER = frozenset(
    f"{what}_{no}"
    for what in ("street", "house", "building")
    for no in ("number", "num", "no", "nr", "nbr")
) | frozenset(["housenumber", "hausnummer"])

#: Locality columns, canonical names.
_LOCALITY = frozenset(
    [
        "city",
        "town",
        "suburb",
        "locality",
        "municipality",
        "village",
        "neighborhood",
        "neighbourhood",
        "district",
        "county",
        "state",
        "province",
        "prefecture",
        "postcode",
        "post_code",
        "postal_code",
        "postalcode",
        "zip",
        "zip_code",
        "zipcode",
        "zip_postal_code",
        "pin_code",
        "pincode",
        "plz",
        "cep",
    ]
)

#: Prefixes of addresses that are not postal (``ip_address``, ``mac_address``), whether
#: or not their kind is configured.
_NOT_POSTAL = frozenset(
    [
        "ip",
        "ipv4",
        "ipv6",
        "mac",
        "email",
        "e_mail",
        "web",
        "url",
        "wallet",
        "crypto",
        "bitcoin",
        "btc",
        "eth",
        "ethereum",
        "hardware",
        "bluetooth",
        "wifi",
        "server",
        "host",
    ]
)

#: Words that make a column a yes/no flag about an address (``has_address``), not one.
_FLAG_WORDS = frozenset(["is", "has", "no", "missing", "verified", "valid", "invalid"])

#: Prefix words that name the address itself (``address_city``, ``addr_zip``).
_ADDRESS_WORDS = frozenset(["address", "addr"])

#: Locality roles in the order they are joined, whatever the columns' order: the
#: same parts in any column (or field) order make the same address.
_LOCALITY_ORDER = {
    name: rank
    for rank, names in enumerate(
        [
            "neighborhood neighbourhood suburb locality village district",
            "town city municipality",
            "county prefecture province state",
            "postcode post_code postal_code postalcode zip zip_code zipcode zip_postal_code "
            "pin_code pincode plz cep",
        ]
    )
    for name in names.split()
}

#: Characters that are not letters or digits.
_NOT_SIGNIFICANT = re.compile(r"[\W_]+")


class AddressPart(NamedTuple):
    """What part of an address a column is: its prefix group, role and line number
    (0 for locality)."""

    prefix: str
    role: Role
    line: int


@dataclass(frozen=True)
class AddressColumns:
    """The columns of a table that compose one address, in order.

    Attributes
    ----------
    prefix : str
        The canonical prefix the columns share (``""`` for none, ``"billing"``).
    street : tuple
        Street-line columns (``Address Line 1``); a row needs a value in one of them.
    lines : tuple
        Further lines (``Address Line 2``), by line number.
    locality : tuple
        City, state, postcode, ... columns, in table order.
    number : tuple
        House-number columns (``street_number``), written before the first street line
        (after the street lines where the store's country writes it so:
        :data:`NUMBER_AFTER_STREET`).
    """

    prefix: str
    street: tuple[Hashable, ...]
    lines: tuple[Hashable, ...]
    locality: tuple[Hashable, ...]
    number: tuple[Hashable, ...] = ()

    @property
    def columns(self) -> tuple[Hashable, ...]:
        """All the group's columns, in the order their values are joined."""
        return self.number + self.street + self.lines + self.locality

    @property
    def postcode_first(self) -> tuple[int, ...]:
        """The order of the further lines and locality (``lines + locality``) where the
        postcode goes before the town (:data:`POSTCODE_BEFORE_TOWN`): positions in
        ``lines + locality``, a postcode column moved before the first town column.

        Examples
        --------
        >>> AddressColumns("", ("street",), (), ("district", "city", "state", "plz")).postcode_first
        (0, 3, 1, 2)
        """
        rank = [_locality_rank(c)[0] for c in self.locality]
        postcode = _LOCALITY_ORDER["postcode"]
        town = _LOCALITY_ORDER["city"]
        codes = [i for i, r in enumerate(rank) if r == postcode]
        order = [i for i, r in enumerate(rank) if r != postcode]
        at = next((j for j, i in enumerate(order) if rank[i] >= town), len(order))
        order[at:at] = codes
        return tuple(range(len(self.lines))) + tuple(len(self.lines) + i for i in order)

    @property
    def label(self) -> str:
        """The columns' names joined with ``" + "``: the column a rejected value names."""
        return " + ".join(str(c) for c in self.columns)


def address_part(name: object, kinds: Collection[str]) -> AddressPart | None:
    """The address part a column (or a record's field) is, if it is one.

    Parameters
    ----------
    name : object
        Column name, matched by its canonical spelling.
    kinds : collection of str
        Configured identifier kinds: a name that is one of them, or another name of
        one (:func:`sellergraph.config.resolve_kind`), other than ``address``, is no
        address part.

    Returns
    -------
    AddressPart or None

    Examples
    --------
    >>> kinds = {"address", "ip", "email"}
    >>> address_part("Address Line 1", kinds)
    AddressPart(prefix='', role='street', line=1)
    >>> address_part("billing_address_line_2", kinds)
    AddressPart(prefix='billing', role='line', line=2)
    >>> address_part("Zip Code", kinds)
    AddressPart(prefix='', role='locality', line=0)
    >>> [address_part(n, kinds) for n in ("ip_address", "email_address", "country")]
    [None, None, None]
    """
    found = _named_part(name, kinds)
    return None if found is None else found[0]


def _named_part(name: object, kinds: Collection[str]) -> tuple[AddressPart, str] | None:
    """:func:`address_part`, and the part's name without the prefix (``city`` of
    ``Billing City`` and of ``address_city``, ``address_line_1``); a CamelCase name
    is read by its words when as one word it names no part (``AddressLine1``,
    ``BillingPostalCode``)."""
    found = _named_part_as(name, kinds)
    parted = camel_words(name.strip()) if found is None and isinstance(name, str) else None
    return found if parted is None else _named_part_as(parted, kinds)


def _named_part_as(name: object, kinds: Collection[str]) -> tuple[AddressPart, str] | None:
    resolved = resolve_kind(name, kinds)
    if resolved in kinds and resolved != ADDRESS_KIND:
        return None
    canonical = canonical_kind(name)
    first = _first_of(canonical)
    if first is None:
        return None
    words = first.split("_")
    for start in range(len(words)):  # the longest role name first
        tail = "_".join(words[start:])
        head = words[:start]
        role = _role(tail, alternatives=first != canonical)
        if role is None:
            continue
        if (head and head[0] in _FLAG_WORDS) or any(w in _NOT_POSTAL for w in head[-1:]):
            return None
        if "_".join(head) in _NOT_POSTAL:
            return None
        # ``address_city`` is the city of the address, not of an "address" prefix group
        while head and head[-1] in _ADDRESS_WORDS:
            head = head[:-1]
        return AddressPart("_".join(head), *role), tail
    return None


def _first_of(name: str) -> str | None:
    """A canonical column name, or for one naming locality parts as alternatives
    (``state/province``, ``billing_zip_or_postal_code``) the first of them with its
    prefix (``state``, ``billing_zip``); None when not every alternative after the
    first is a locality word (``street/house_number`` is no part).

    Examples
    --------
    >>> _first_of("billing_state/province"), _first_of("zip_/_postal_code")
    ('billing_state', 'zip')
    >>> _first_of("state_or_province"), _first_of("city"), _first_of("street/city")
    ('state', 'city', None)
    """
    alternatives = _ALTERNATIVES.split(name)
    if len(alternatives) == 1:
        return name
    if not all(a in _LOCALITY or a in _LOCALITY_ALSO for a in alternatives[1:]):
        return None
    words = alternatives[0].split("_")
    return alternatives[0] if words[-1] in _LOCALITY or words[-1] in _LOCALITY_ALSO else None


#: What separates alternative names in one column name (``State/Province``).
_ALTERNATIVES = re.compile(r"_?/_?|_or_")

#: Locality words read only beside another in one name (``Postal/ZIP code``,
#: ``State/Region``): alone, ``region`` is as often a sales region.
_LOCALITY_ALSO = frozenset(["postal", "region", "territory", "town_city", "area"])


def _role(tail: str, *, alternatives: bool = False) -> tuple[Role, int] | None:
    """Role and line number of a column name without its prefix (``alternatives``:
    the first of a name's alternatives, :func:`_first_of`)."""
    if tail in _LOCALITY or (alternatives and tail in _LOCALITY_ALSO):
        return "locality", 0
    if tail in _NUMBER:
        return "number", 0
    line = _LINE.fullmatch(tail)
    if line is None:
        return None
    number = int(line["number"] or 1)
    return ("street" if number == 1 else "line"), number


def address_groups(columns: Iterable[Hashable], kinds: Collection[str]) -> list[AddressColumns]:
    """The groups of columns that compose an address, one per prefix.

    A prefix group with at least one street line composes an address; locality
    columns without a prefix join the group without a prefix only. A group that is
    one column already read as an address (``address``, ``warehouse_address``: a
    configured kind or another name of it) is left out: it is read as it is.
    Nothing is composed unless ``address`` is a configured kind.

    Parameters
    ----------
    columns : iterable
        A table's column names (or a record's field names).
    kinds : collection of str
        Configured identifier kinds.

    Returns
    -------
    list of AddressColumns
        In the order of each group's first column.

    Raises
    ------
    InputError
        Two columns of an address are one part of it: their names differ only in
        case, spaces, hyphens or underscores, or in the word ``address`` before the
        part (``City`` and ``city``, ``Post Code`` and ``postcode``, ``address_city``
        and ``City``). Both would be composed into the address, the city twice.

    Examples
    --------
    >>> febrl = ["rec_id", "given_name", "street_number", "address_1", "address_2",
    ...          "suburb", "postcode", "state", "phone_number"]
    >>> [g.label for g in address_groups(febrl, {"address", "phone"})]
    ['street_number + address_1 + address_2 + suburb + state + postcode']
    >>> [g.label for g in address_groups(
    ...     ["Billing Address Line 1", "Billing City", "City", "Phone"], {"address"})]
    ['Billing Address Line 1 + Billing City']
    >>> address_groups(["address"], {"address"}), address_groups(["City"], {"address"})
    ([], [])
    >>> address_groups(["street", "City", "city"], {"address"})
    Traceback (most recent call last):
    ...
    sellergraph.errors.InputError: columns 'City' and 'city' are both the address's city: ...
    """
    if ADDRESS_KIND not in kinds:
        return []
    parts: dict[str, list[tuple[Hashable, AddressPart, int]]] = {}
    names: dict[int, str] = {}
    for position, column in enumerate(columns):
        named = _named_part(column, kinds)
        if named is not None:
            parts.setdefault(named[0].prefix, []).append((column, named[0], position))
            names[position] = named[1]
    groups = []
    for prefix, found in parts.items():
        street = tuple(c for c, p, _ in found if p.role == "street")
        if not street:
            continue
        if len(found) == 1 and resolve_kind(street[0], kinds) == ADDRESS_KIND:
            continue  # one column read as an address already
        _refuse_one_part_twice(prefix, [(c, names[at]) for c, _, at in found])
        lines = tuple(c for c, _, _ in sorted((x for x in found if x[1].role == "line"), key=_line))
        locality = tuple(
            c
            for c, _, _ in sorted(
                (x for x in found if x[1].role == "locality"), key=lambda x: _locality_rank(x[0])
            )
        )
        number = tuple(c for c, p, _ in found if p.role == "number")
        groups.append(AddressColumns(prefix, street, lines, locality, number))
    return groups


def _refuse_one_part_twice(prefix: str, named: Sequence[tuple[Hashable, str]]) -> None:
    """Raise InputError when two of an address's columns (with their parts' names,
    :func:`_named_part`) are one part: names that differ only in underscores."""
    seen: dict[str, tuple[Hashable, str]] = {}
    for column, name in named:
        key = name.replace("_", "")
        if key in seen:
            first, part = seen[key]
            whose = f"{prefix.replace('_', ' ')} address's" if prefix else "address's"
            raise InputError(
                f"columns {str(first)!r} and {str(column)!r} are both the {whose} "
                f"{part.replace('_', ' ')}: an address's part is read from one column; keep "
                "one, or merge the two into one column"
            )
        seen[key] = column, name


def _locality_rank(column: Hashable) -> tuple[int, str]:
    """Where a locality column goes among the others: by role, then by canonical name
    (so that the column order of a table, or a record's field order, does not count)."""
    tail = (_first_of(canonical_kind(column)) or "").split("_")
    for start in range(len(tail)):
        rank = _LOCALITY_ORDER.get("_".join(tail[start:]))
        if rank is not None:
            return rank, canonical_kind(column)
    return len(_LOCALITY_ORDER), canonical_kind(column)


def part_columns(groups: Iterable[AddressColumns]) -> frozenset[Hashable]:
    """Every column of the groups: the columns read as parts of an address.

    Examples
    --------
    >>> sorted(part_columns(address_groups(["street", "city", "phone"], {"address"})))
    ['city', 'street']
    """
    return frozenset(c for g in groups for c in g.columns)


def _line(found: tuple[Hashable, AddressPart, int]) -> tuple[int, int]:
    return found[1].line, found[2]


def _folded(placeholders: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Placeholders case-folded, and with only their letters and digits."""
    return _folded_once(tuple(str(p) for p in placeholders))


@functools.lru_cache(maxsize=32)
def _folded_once(placeholders: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str]]:
    folded = frozenset(_fold(p) for p in placeholders)
    return folded, frozenset(_NOT_SIGNIFICANT.sub("", p) for p in folded) - {""}


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


def _part_text(value: object) -> str | None:
    """A cell as trimmed text; None when missing or blank (a whole-number float, a
    postcode that passed through a float column, reads as the number)."""
    if value is None or value is pd.NA or value is pd.NaT or is_container(value):
        return None
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return None
        if math.isfinite(value) and float(value).is_integer():
            return str(int(value))
    text = str(value).strip()
    return text or None


def is_container(value: object) -> bool:
    """Whether a cell holds several values (a list, dict, array, ...), not one text.

    Examples
    --------
    >>> is_container(["12 Main St"]), is_container("12 Main St")
    (True, False)
    """
    return isinstance(value, list | tuple | set | frozenset | dict | np.ndarray)


def _is_placeholder(text: str, folded: frozenset[str], squashed: frozenset[str]) -> bool:
    """A part that means nothing: a placeholder (``N/A``, ``-``) or punctuation only."""
    fold = _fold(text)
    significant = _NOT_SIGNIFICANT.sub("", fold)
    return fold in folded or not significant or significant in squashed


def compose_address(
    street: Sequence[object],
    lines: Sequence[object] = (),
    locality: Sequence[object] = (),
    *,
    number: Sequence[object] = (),
    placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS,
    region: str | None = None,
    postcode_first: Sequence[int] | None = None,
) -> str | None:
    """One address from its parts: the non-empty trimmed parts joined with ``", "``,
    the house number before the first street line, or in the order the store's
    country writes them (``region``): the number after the street lines
    (:data:`NUMBER_AFTER_STREET`) and the postcode before the town
    (:data:`POSTCODE_BEFORE_TOWN`, where ``postcode_first`` orders ``lines + locality``:
    :attr:`AddressColumns.postcode_first`), so that it meets the same address written
    on one line.

    Parameters
    ----------
    street, lines, locality : sequence
        The values of a row's street lines, further lines and locality columns
        (:class:`AddressColumns`), in order.
    number : sequence, keyword-only
        The values of its house-number columns.
    placeholders : iterable of str, keyword-only
        Values that mean nothing (compared case-insensitively, also on their letters
        and digits only: ``N/A``); such a part is skipped, as an empty one is.
    region : str, optional, keyword-only
        The store's country (ISO 3166 code).
    postcode_first : sequence of int, optional, keyword-only
        The order of ``lines + locality`` in a country that writes the postcode
        before the town (default: as given).

    Returns
    -------
    str or None
        None when no street line has a value (locality alone is not an address).
        When the street lines hold only placeholders, the first of them, alone: it
        is then set aside as a placeholder, and reported, like any other.

    Examples
    --------
    >>> compose_address(["12 Main St"], ["Apt 4"], ["Springfield", "12345"])
    '12 Main St, Apt 4, Springfield, 12345'
    >>> compose_address([" 12 Main St ", None], ["", "N/A"], ["Springfield", 2000.0])
    '12 Main St, Springfield, 2000'
    >>> compose_address([None], ["Apt 4"], ["Springfield"]) is None
    True
    >>> compose_address(["unknown"], [], ["Springfield"])
    'unknown'
    >>> compose_address(["smith street"], [], ["clayfield"], number=[3.0])
    '3 smith street, clayfield'
    >>> compose_address(["Hauptstraße"], [], ["Berlin", "10115"], number=[12], region="DE",
    ...                 postcode_first=[1, 0])
    'Hauptstraße 12, 10115, Berlin'
    """
    folded, squashed = _folded(placeholders)
    given = [_part_text(v) for v in street]
    real = [_meaningful(t, folded, squashed) for t in given]
    rest = [_meaningful(_part_text(v), folded, squashed) for v in (*lines, *locality)]
    if postcode_first is not None and region in POSTCODE_BEFORE_TOWN:
        rest = [rest[i] for i in postcode_first]
    numbers = [_meaningful(_part_text(v), folded, squashed) for v in number]
    return _compose(real, given, rest, numbers, number_after=region in NUMBER_AFTER_STREET)


def _meaningful(text: str | None, folded: frozenset[str], squashed: frozenset[str]) -> str | None:
    """A part's text, None for a placeholder."""
    return None if text is None or _is_placeholder(text, folded, squashed) else text


def _compose(
    street: Sequence[str | None],
    given: Sequence[str | None],
    rest: Sequence[str | None],
    number: Sequence[str | None] = (),
    *,
    number_after: bool = False,
) -> str | None:
    """:func:`compose_address` of parts already read: the street lines without (``street``)
    and with (``given``) their placeholders, the other parts and house numbers without;
    the numbers before the first street line, or after the street lines."""
    real = [t for t in street if t is not None]
    if not real:
        return next((t for t in given if t is not None), None)
    numbers = [t for t in number if t is not None]
    if number_after:
        head = " ".join([", ".join(real), *numbers])
    else:
        head = ", ".join([" ".join([*numbers, real[0]]), *real[1:]])
    return ", ".join([head, *(t for t in rest if t is not None)])


def compose_addresses(
    frame: pd.DataFrame,
    group: AddressColumns,
    *,
    placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS,
    regions: np.ndarray | None = None,
) -> pd.Series:
    """Each row's address composed from a group's columns (:func:`compose_address`).

    Parameters
    ----------
    frame : DataFrame
        A table with the group's columns.
    group : AddressColumns
        From :func:`address_groups`.
    placeholders : iterable of str, keyword-only
        Values that mean nothing (see :func:`compose_address`).
    regions : ndarray, optional, keyword-only
        Each row's country (ISO 3166 code, or None): its address is written in that
        country's order (see :func:`compose_address`).

    Returns
    -------
    Series
        Object dtype, on ``frame``'s index; None where a row has no address.

    Examples
    --------
    >>> import pandas as pd
    >>> febrl = pd.DataFrame({"address_1": ["kingsford street", None],
    ...                       "address_2": [None, "rowethorpe"],
    ...                       "suburb": ["clayfield", "yass"], "postcode": ["4011", "2582"]})
    >>> (group,) = address_groups(febrl.columns, {"address"})
    >>> compose_addresses(febrl, group).tolist()
    ['kingsford street, clayfield, 4011', None]
    """
    composed = _read(frame, group, placeholders).addresses(_RowOrder.of(regions, group))
    if isinstance(composed, pa.Array):
        composed = composed.to_numpy(zero_copy_only=False)
    return pd.Series(composed, index=frame.index, dtype=object)


#: Plain text, which the Arrow reading of parts (:func:`_plain_parts`) reads exactly as
#: :func:`_part_text` and :func:`_meaningful` do: ASCII (printable, and tab to carriage
#: return), CJK unified ideographs (to U+9FEF, all assigned since Unicode 11) and
#: full-width forms. NFKC leaves the first two as they are and makes the third ASCII,
#: only ASCII letters change case, and the letters and digits are then ASCII's and the
#: ideographs. Other text (accented letters, other scripts, other spaces) is read value
#: by value.
_PLAIN = r"^[\t-\r -~\x{4e00}-\x{9fef}\x{ff01}-\x{ff5e}]*$"
#: What ``str.strip`` removes from plain text.
_PLAIN_SPACE = " \t\n\r\x0b\x0c"
#: Plain text, NFKC and lower-cased, that is not a letter or digit (:data:`_NOT_SIGNIFICANT`).
_PLAIN_NOT_SIGNIFICANT = r"[^0-9a-z\x{4e00}-\x{9fef}]+"
_NO_TEXT = pa.scalar(None, pa.large_string())


def _read(
    frame: pd.DataFrame, group: AddressColumns, placeholders: Iterable[str]
) -> _Parts | _Cells:
    """A group's cells read once, in Arrow (:func:`_read_parts`); value by value
    (:func:`_read_cells`) when a cell is text Arrow cannot hold (a lone surrogate)."""
    try:
        return _read_parts(frame, group, placeholders)
    except UnicodeError:
        return _read_cells(frame, group, placeholders)


class _RowOrder(NamedTuple):
    """Each row's country's way of writing an address: the house number after the
    street lines, the postcode before the town (``rest_order``: the further lines'
    and locality's order then, :attr:`AddressColumns.postcode_first`)."""

    number_after: np.ndarray
    postcode_first: np.ndarray
    rest_order: tuple[int, ...]

    @classmethod
    def of(cls, regions: np.ndarray | None, group: AddressColumns) -> _RowOrder | None:
        """The rows' orders from their regions (None: every row as given)."""
        if regions is None:
            return None
        at = pd.Series(regions, dtype=object)
        after = at.isin(NUMBER_AFTER_STREET).to_numpy(dtype=bool) & bool(group.number)
        first = at.isin(POSTCODE_BEFORE_TOWN).to_numpy(dtype=bool)
        if not (after.any() or first.any()):
            return None
        return cls(after, first, group.postcode_first)


class _Cells(NamedTuple):
    """A group's cells, each column read once (:func:`_texts`): its street lines
    without and with their placeholders, and its other parts and house numbers
    without. The reference for :class:`_Parts`."""

    street: list[list[str | None]]
    given: list[list[str | None]]
    rest: list[list[str | None]]
    number: list[list[str | None]]

    def addresses(self, order: _RowOrder | None = None) -> list[str | None]:
        """Each row's address (:func:`_compose`), in its country's ``order``; None
        where it has none."""
        real_rows = zip(*self.street, strict=True)
        given_rows = zip(*self.given, strict=True)
        rest_rows = zip(*self.rest, strict=True) if self.rest else itertools.repeat(())
        number_rows = zip(*self.number, strict=True) if self.number else itertools.repeat(())
        out = []
        for i, (real, given, more, number) in enumerate(
            zip(real_rows, given_rows, rest_rows, number_rows, strict=False)
        ):
            after = order is not None and bool(order.number_after[i])
            if order is not None and order.postcode_first[i]:
                more = tuple(more[j] for j in order.rest_order)
            out.append(_compose(real, given, more, number, number_after=after))
        return out

    def streetless(self) -> np.ndarray:
        """:func:`no_street_line` of each row."""
        n = len(self.given[0])
        none = np.ones(n, dtype=bool)  # no street line, not even a placeholder
        for given in self.given:
            none &= np.fromiter((t is None for t in given), dtype=bool, count=n)
        other = np.zeros(n, dtype=bool)
        for real in self.number + self.rest:
            other |= np.fromiter((t is not None for t in real), dtype=bool, count=n)
        return none & other


def _read_cells(frame: pd.DataFrame, group: AddressColumns, placeholders: Iterable[str]) -> _Cells:
    return _Cells(*_group_columns(frame, group, placeholders, _texts))


def _group_columns(
    frame: pd.DataFrame,
    group: AddressColumns,
    placeholders: Iterable[str],
    read: Callable[[pd.Series, frozenset[str], frozenset[str]], tuple[Any, Any]],
) -> tuple[list[Any], list[Any], list[Any], list[Any]]:
    """A group's columns, each ``read`` (meaningful parts and parts as given): the
    street lines' both ways, then the further lines' and locality's, then the house
    numbers', as :class:`_Cells` and :class:`_Parts` take them."""
    folded, squashed = _folded(placeholders)
    street = [read(frame[c], folded, squashed) for c in group.street]
    return (
        [real for real, _ in street],
        [given for _, given in street],
        [read(frame[c], folded, squashed)[0] for c in group.lines + group.locality],
        [read(frame[c], folded, squashed)[0] for c in group.number],
    )


def _texts(
    column: pd.Series, folded: frozenset[str], squashed: frozenset[str]
) -> tuple[list[str | None], list[str | None]]:
    """A column's cells as :func:`_meaningful` and as :func:`_part_text` (placeholders
    kept), each distinct value read once."""
    codes, real, given = _distinct_texts(column, folded, squashed)
    at = codes.tolist()
    return [real[c] for c in at], [given[c] for c in at]


def _distinct_texts(
    column: pd.Series, folded: frozenset[str], squashed: frozenset[str]
) -> tuple[np.ndarray, list[str | None], list[str | None]]:
    """A column's distinct values as :func:`_meaningful` and as :func:`_part_text`, and
    each cell's position among them (-1, the last, when missing)."""
    try:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
    except TypeError:  # unhashable cells (lists): read one by one
        codes, uniques = np.arange(len(column)), column.to_numpy(dtype=object)
    given = [_part_text(v) for v in uniques.tolist()] + [None]
    real = [_meaningful(t, folded, squashed) for t in given]
    return codes, real, given


class _Parts(NamedTuple):
    """A group's cells as :class:`_Cells` holds them, one Arrow text array (null for
    no value) per column."""

    street: list[pa.Array]
    given: list[pa.Array]
    rest: list[pa.Array]
    number: list[pa.Array]

    def addresses(self, order: _RowOrder | None = None) -> pa.Array:
        """:meth:`_Cells.addresses`, in Arrow: null where a row has no address."""
        n = len(self.given[0])
        streets = _joined(self.street, ", ", n)
        numbers = _joined(self.number, " ", n) if self.number else None
        head = streets if numbers is None else _joined([numbers, streets], " ", n)
        whole = _joined([head, *self.rest], ", ", n)
        if order is not None:
            tail = [self.rest[j] for j in order.rest_order]
            tail_head = streets if numbers is None else _joined([streets, numbers], " ", n)
            for after, first in ((False, True), (True, False), (True, True)):
                rows = (order.number_after == after) & (order.postcode_first == first)
                if rows.any():
                    joined = _joined(
                        [tail_head if after else head, *(tail if first else self.rest)], ", ", n
                    )
                    whole = pc.if_else(pa.array(rows), joined, whole)
        # no street line but placeholders: the first of them, alone (see _compose)
        return pc.if_else(pc.is_valid(streets), whole, pc.coalesce(*self.given))

    def streetless(self) -> np.ndarray:
        """:meth:`_Cells.streetless`."""
        none = ~np.any([np.asarray(g.is_valid()) for g in self.given], axis=0)
        other = np.zeros_like(none)
        for real in self.number + self.rest:
            other |= np.asarray(real.is_valid())
        return none & other


def _read_parts(frame: pd.DataFrame, group: AddressColumns, placeholders: Iterable[str]) -> _Parts:
    return _Parts(*_group_columns(frame, group, placeholders, _column_parts))


def _column_parts(
    column: pd.Series, folded: frozenset[str], squashed: frozenset[str]
) -> tuple[pa.Array, pa.Array]:
    """:func:`_texts` as Arrow text: a text column's cells in Arrow
    (:func:`_plain_parts`), another's (numbers, objects) value by value.

    Raises UnicodeError for a cell Arrow cannot hold (a lone surrogate)."""
    text = arrow_text(column)
    if text is not None:
        return _plain_parts(text, folded, squashed)
    codes, real, given = _distinct_texts(column, folded, squashed)
    at = pa.array(np.where(codes < 0, len(given) - 1, codes))
    return (
        pa.array(real, pa.large_string()).take(at),
        pa.array(given, pa.large_string()).take(at),
    )


def _plain_parts(
    text: pa.Array, folded: frozenset[str], squashed: frozenset[str]
) -> tuple[pa.Array, pa.Array]:
    """:func:`_texts` of Arrow text, each distinct value read once: in Arrow when it is
    plain (:data:`_PLAIN`), else by :func:`_part_text` and :func:`_meaningful`."""
    encoded = pc.dictionary_encode(text)
    distinct, codes = encoded.dictionary, encoded.indices
    given = pc.utf8_trim(distinct, _PLAIN_SPACE)
    key = pc.replace_substring_regex(
        pc.ascii_lower(pc.utf8_normalize(given, "NFKC")), _PLAIN_NOT_SIGNIFICANT, ""
    )
    placeholder = pc.or_(
        pc.equal(key, ""), pc.is_in(key, value_set=pa.array(sorted(squashed), pa.large_string()))
    )
    given = pc.if_else(pc.equal(given, ""), _NO_TEXT, given)
    real = pc.if_else(placeholder, _NO_TEXT, given)
    odd = np.flatnonzero(~np.asarray(pc.match_substring_regex(distinct, _PLAIN)))
    if odd.size:
        texts = [_part_text(v) for v in distinct.take(pa.array(odd)).to_pylist()]
        meaningful = [_meaningful(t, folded, squashed) for t in texts]
        at = np.arange(len(distinct))
        at[odd] = len(distinct) + np.arange(odd.size)
        given = pa.concat_arrays([given, pa.array(texts, pa.large_string())]).take(pa.array(at))
        real = pa.concat_arrays([real, pa.array(meaningful, pa.large_string())]).take(pa.array(at))
    return real.take(codes), given.take(codes)


def _joined(parts: Sequence[pa.Array], separator: str, n: int) -> pa.Array:
    """Each row's parts that are not null joined with ``separator``; null where all are.

    (``binary_join_element_wise`` with ``null_handling="skip"`` would do, but some
    pyarrow versions drop the rows whose parts are all null.)"""
    if not parts:
        return pa.nulls(n, pa.large_string())
    if len(parts) == 1:
        return parts[0]
    given = np.column_stack([np.asarray(p.is_valid()) for p in parts])
    row, column = np.nonzero(given)  # row after row, then part after part
    values = pa.concat_arrays(list(parts)).take(pa.array(column * n + row))
    counts = given.sum(axis=1)
    offsets = pa.array(np.concatenate([[0], np.cumsum(counts)]), pa.int64())
    joined = pc.binary_join(
        pa.LargeListArray.from_arrays(offsets, values), pa.scalar(separator, pa.large_string())
    )
    return pc.if_else(pa.array(counts == 0), _NO_TEXT, joined)


def no_street_line(
    frame: pd.DataFrame,
    group: AddressColumns,
    *,
    placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS,
) -> np.ndarray:
    """The rows that have another part of a group's address but no street line.

    Such a row has no address (:func:`compose_address`): its house number, further
    lines and locality are not read alone. A row whose street lines hold a
    placeholder only is not one of them: its placeholder is set aside and reported.

    Parameters
    ----------
    frame : DataFrame
        A table with the group's columns.
    group : AddressColumns
        From :func:`address_groups`.
    placeholders : iterable of str, keyword-only
        Values that mean nothing (see :func:`compose_address`).

    Returns
    -------
    ndarray of bool
        One per row of ``frame``.

    Examples
    --------
    >>> import pandas as pd
    >>> febrl = pd.DataFrame({"street_number": ["1", "2", None, "4"],
    ...                       "address_1": ["kingsford street", None, None, "N/A"],
    ...                       "address_2": [None, "rosetta village", None, None],
    ...                       "suburb": ["clayfield", "chelsea heights", "N/A", "yass"]})
    >>> (group,) = address_groups(febrl.columns, {"address"})
    >>> no_street_line(febrl, group).tolist()
    [False, True, False, False]
    """
    return _read(frame, group, placeholders).streetless()


def melt_address_links(
    stores: pd.DataFrame,
    groups: Sequence[AddressColumns],
    *,
    placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS,
) -> pd.DataFrame:
    """Composed addresses as long-format links, one per stores row with an address.

    Parameters
    ----------
    stores : DataFrame
        Stores table with ``store_id`` and the groups' columns.
    groups : sequence of AddressColumns
        From :func:`address_groups`.
    placeholders : iterable of str, keyword-only
        Values that mean nothing (see :func:`compose_address`).

    Returns
    -------
    DataFrame
        ``store_id, kind, value, observed_at`` and :data:`~sellergraph.schema.ROW_MARK`
        (the stores row), as :func:`sellergraph.schema.melt_wide_links` gives; ``kind``
        is each group's :attr:`~AddressColumns.label`, the column the link came from.

    Examples
    --------
    >>> import pandas as pd
    >>> stores = pd.DataFrame({"store_id": ["S1", "S2"], "street": ["1 High St", ""],
    ...                        "town": ["Leeds", "York"]})
    >>> melt_address_links(stores, address_groups(stores.columns, {"address"})).values.tolist()
    [['S1', 'street + town', '1 High St, Leeds', None, 0]]
    """
    return address_links(stores, groups, placeholders=placeholders).links


class AddressLinks(NamedTuple):
    """Composed addresses as links (:func:`melt_address_links`), and per group (by
    its label) the rows with other parts of it but no street line
    (:func:`no_street_line`)."""

    links: pd.DataFrame
    no_street_line: dict[str, np.ndarray]


def address_links(
    stores: pd.DataFrame,
    groups: Sequence[AddressColumns],
    *,
    placeholders: Iterable[str] = DEFAULT_PLACEHOLDERS,
    regions: np.ndarray | None = None,
) -> AddressLinks:
    """:func:`melt_address_links` and :func:`no_street_line` of each group, its columns
    read once for both; each store's address written in its country's order
    (``regions``: ISO 3166 codes; see :func:`compose_address`).

    Examples
    --------
    >>> import pandas as pd
    >>> stores = pd.DataFrame({"store_id": ["S1", "S2"], "street": ["1 High St", ""],
    ...                        "town": ["Leeds", "York"]})
    >>> found = address_links(stores, address_groups(stores.columns, {"address"}))
    >>> found.links["value"].tolist(), found.no_street_line["street + town"].tolist()
    (['1 High St, Leeds'], [False, True])
    """
    parts = []
    streetless = {}
    for group in groups:
        read = _read(stores, group, placeholders)
        streetless[group.label] = read.streetless()
        rows, value = _present(read.addresses(_RowOrder.of(regions, group)))
        parts.append(
            pd.DataFrame(
                {
                    "store_id": stores["store_id"].iloc[rows].reset_index(drop=True),
                    "kind": pd.Series(group.label, index=range(len(rows)), dtype="str"),
                    "value": value,
                    "observed_at": None,
                    ROW_MARK: rows.astype(np.int64),
                }
            )
        )
    if not parts:
        empty = pd.DataFrame(columns=["store_id", "kind", "value", "observed_at", ROW_MARK])
        return AddressLinks(empty, streetless)
    return AddressLinks(pd.concat(parts, ignore_index=True), streetless)


def _present(addresses: pa.Array | list[str | None]) -> tuple[np.ndarray, pd.Series]:
    """The rows with an address, and their addresses as text (pandas ``str``: as the
    links' other values, for the steps after)."""
    if isinstance(addresses, pa.Array):
        rows = np.flatnonzero(np.asarray(addresses.is_valid()))
        return rows, pd.Series(addresses.take(pa.array(rows)), dtype="str")
    values = np.asarray(addresses, dtype=object)
    rows = np.flatnonzero(pd.notna(values))
    return rows, pd.Series(values[rows], dtype="str")
