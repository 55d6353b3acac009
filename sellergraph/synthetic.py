"""Synthetic marketplaces with ground truth, for tests, demos and calibration.

:func:`make_marketplace` builds the three tables a trust-and-safety team would
hold, plus the answer key:

``stores``
    ``store_id, platform, status, opened_at, closed_at, closure_reason, name`` --
    one row per store; ``status`` is ``active``, ``banned`` (closed by governance:
    ``counterfeit``, ``ip_infringement``, ``fraud``) or ``closed`` (``seller_request``,
    ``inactivity``). Dates are ISO strings; ``closed_at`` and ``closure_reason`` are
    missing for active stores. Store ids are assigned in random order, so they do
    not leak who runs what.
``links``
    ``store_id, kind, value, observed_at`` -- one row per (store, identifier)
    observation, with raw values as a platform holds them: formatting variants
    of the same phone, e-mail, address, card or device; placeholders; padded and
    mixed-case kind names; duplicated rows; links to stores that do not exist;
    unparseable dates; absurdly long values.
``truth``
    ``store_id, operator_id, offender, positive, relation, scenario, status`` --
    one row per store, in the order of ``stores``. ``offender``: the store's
    operator has at least one banned store. ``positive``: the store is active and
    ``offender`` -- what detection should flag. ``relation``: ``"return"`` (opened
    after the closure of one of its operator's banned stores), ``"sibling"``
    (active store of an offender opened before any closure) or ``""``.
    ``scenario``: how the store was generated (see below). ``status`` repeats
    ``stores.status`` so the answer key can be used on its own.

What is modelled
----------------
* **Operators** run one store (most honest sellers) or several: honest
  multi-store merchants (``multi_store``), family businesses (``family``: 2-4
  stores sharing an address and sometimes a phone) and offenders (``offender``,
  heavy-tailed: most run a few stores, a few run 20-100).
* **Ban waves and returns.** An offender's stores come in generations: stores of
  one generation are banned together (at least one per wave), and the next
  generation opens after that ban (``return``) -- banned again, returning again.
  Each return reuses each identifier kind of its operator with its own
  probability (``return_reuse``) and takes fresh values for the rest; with
  ``identity_drift`` a reused identifier belongs to the current or previous
  generation only, so late returns link to early bans only through the chain.
  ``weak_return`` stores share only a near-duplicate address (a typo in the
  road name) and/or one IP; ``stealth_return`` stores share nothing at all.
  Returns may move to another platform (``platform_move_rate``).
* **Legitimate sharing** that must not look like an offender: commercial
  buildings (``building``: one address and often one office IP for dozens of
  unrelated stores), logistics parks (one warehouse address for thousands of
  stores at scale), carrier-grade NAT IPs (hundreds of stores each), private
  LAN addresses reported as IPs, store-management agencies (``agency``: one
  device and IP for a dozen unrelated stores), family businesses, and honest
  stores that share an address with a banned store (``neighbour``).
* **Realistic values**: Chinese mobile numbers (``1[3-9]`` + 9 digits) and a few
  foreign ones; e-mail on qq.com / 163.com / gmail.com / outlook.com and others;
  Chinese addresses (province, city, district, road, number 号, room 室) and some
  in English; Android ids (16 hex digits) and IMEIs with a valid Luhn digit;
  16-digit card numbers with a valid Luhn digit and Alipay-style phone or e-mail
  accounts; 18-character resident ID numbers with a valid ISO 7064 MOD 11-2
  check character; public IPv4 addresses.
* **Formatting variants** (``variant_rate``): ``+86 138 0013 8000``,
  ``0086-138-0013-8000``, ``(+86) 13800138000``; e-mail case, gmail dots,
  ``+tags`` and googlemail.com; ``福建莆田`` for ``福建省莆田市``, full-width digits
  ``１２号``, traditional characters ``號``, spaces; ``IMEI:`` prefixes and
  upper-case hex; card numbers in groups of four; a lower-case ``x`` check
  character; zero-padded octets and ``::ffff:`` IPv4-mapped IPs.

About 7 links per store (before dirty rows). Generation is vectorised with
NumPy and Arrow string kernels: about a second per 100,000 stores.

Knobs
-----
Every knob is a field of :class:`MarketplaceKnobs` (see its docstring for the
meaning and default of each) and can be passed to :func:`make_marketplace` as a
keyword. ``difficulty`` picks a preset first (:data:`DIFFICULTY_PRESETS`):

``"easy"``
    fewer variants and dirty rows, short chains, high identifier reuse, few hubs.
``"standard"``
    the defaults of :class:`MarketplaceKnobs`.
``"hard"``
    built to break naive matching: half the values in a variant format, more
    and larger buildings, carrier IPs, warehouses, agencies and families, more
    placeholders, longer chains with drifting identities, and many returns with
    only partial or near-duplicate evidence.
``"adversarial"``
    the noise of ``"hard"`` turned up further (more variants, dirt, buildings, families,
    warehouses and carrier IPs, long drifting chains) but with the standard reuse of
    identifiers and no stealth returns: every positive leaves some evidence, and naive
    matching still fails on most of it.

Scenario tags: ``innocent``, ``multi_store``, ``family``, ``building``, ``agency``,
``neighbour`` (honest) and ``offender`` (first generation, banned or sibling),
``return``, ``weak_return``, ``stealth_return`` (later generations).

Same ``n_stores``, ``seed`` and knobs give byte-identical tables.

Examples
--------
>>> from sellergraph.synthetic import make_marketplace
>>> stores, links, truth = make_marketplace(500, seed=1)
>>> len(stores), len(truth), stores["store_id"].is_unique
(500, 500, True)
>>> list(links.columns)
['store_id', 'kind', 'value', 'observed_at']
>>> 5 < len(links) / len(stores) < 9
True
>>> sorted(set(stores["status"]))
['active', 'banned', 'closed']
>>> bool((truth["positive"] == (truth["offender"] & (truth["status"] == "active"))).all())
True
>>> clean = make_marketplace(500, seed=1, dirty_rate=0.0)[1]
>>> bool(clean.duplicated().any())
False
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .errors import ConfigError

__all__ = [
    "DIFFICULTY_PRESETS",
    "SCENARIOS",
    "MarketplaceKnobs",
    "make_marketplace",
]

Difficulty = Literal["easy", "standard", "hard", "adversarial"]

_LS = pa.large_string()

#: Identifier kinds generated, in the order links are generated.
_KINDS: tuple[str, ...] = (
    "device",
    "payment_account",
    "phone",
    "email",
    "address",
    "ip",
    "id_document",
)

#: Scenario tags, indexed by the internal scenario code.
SCENARIOS: tuple[str, ...] = (
    "innocent",
    "multi_store",
    "family",
    "building",
    "agency",
    "neighbour",
    "offender",
    "return",
    "weak_return",
    "stealth_return",
)
_INNOCENT, _MULTI, _FAMILY, _BUILDING, _AGENCY, _NEIGHBOUR = 0, 1, 2, 3, 4, 5
_OFFENDER, _RETURN, _WEAK, _STEALTH = 6, 7, 8, 9

# Operator types.
_OP_SINGLE, _OP_MULTI, _OP_FAMILY, _OP_OFFENDER = 0, 1, 2, 3

# Links per store and kind: (probability of a first link, Poisson mean of extra
# links, number of identifiers of that kind an operator keeps and reuses).
_LINKS_PER_STORE: Mapping[str, tuple[float, float, int]] = MappingProxyType(
    {
        "device": (1.0, 0.2, 2),
        "payment_account": (0.95, 0.05, 1),
        "phone": (0.98, 0.12, 1),
        "email": (0.85, 0.05, 1),
        "address": (0.97, 0.1, 1),
        "ip": (1.0, 0.3, 2),
        "id_document": (0.85, 0.0, 1),
    }
)

# Family businesses share the address always, the phone sometimes, the home IP
# often, and nothing else (each member has their own documents and accounts).
_FAMILY_REUSE: Mapping[str, float] = MappingProxyType({"address": 1.0, "ip": 0.5})

# Entity classes (high bits of shared entity keys).
_POOL, _SITE, _WAREHOUSE, _CARRIER, _LAN, _AGENCY_HUB = 1, 2, 3, 4, 5, 6
_CLASS_SHIFT = 40
_MAX_GENERATIONS = 32


def _reuse(**values: float) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


def _default_sibling_reuse() -> Mapping[str, float]:
    return _reuse(
        device=0.75,
        payment_account=0.75,
        id_document=0.6,
        phone=0.65,
        email=0.55,
        address=0.7,
        ip=0.5,
    )


def _default_return_reuse() -> Mapping[str, float]:
    return _reuse(
        device=0.6,
        payment_account=0.5,
        id_document=0.3,
        phone=0.4,
        email=0.35,
        address=0.45,
        ip=0.3,
    )


def _default_multi_store_reuse() -> Mapping[str, float]:
    return _reuse(
        device=0.5,
        payment_account=0.7,
        id_document=0.8,
        phone=0.6,
        email=0.45,
        address=0.6,
        ip=0.4,
    )


def _check(cond: bool, name: str, rule: str, value: object) -> None:
    if not cond:
        raise ConfigError(f"{name!r} must be {rule} (got {value!r})")


_SHARES = (
    "offender_share",
    "multi_store_share",
    "family_share",
    "ban_rate",
    "final_ban_rate",
    "identity_drift",
    "weak_return_share",
    "stealth_return_share",
    "platform_move_rate",
    "name_reuse_rate",
    "building_share",
    "office_ip_rate",
    "warehouse_share",
    "carrier_ip_share",
    "lan_ip_share",
    "agency_share",
    "neighbour_share",
    "closed_share",
    "foreign_phone_share",
    "english_address_share",
    "variant_rate",
    "dirty_rate",
)
_DIRTY_FACTORS: Mapping[str, float] = MappingProxyType(
    {
        "placeholder_rate": 1.0,
        "kind_noise_rate": 1.5,
        "duplicate_rate": 1.0,
        "orphan_rate": 0.1,
        "bad_date_rate": 0.1,
        "long_value_rate": 0.02,
    }
)


@dataclass(frozen=True)
class MarketplaceKnobs:
    """Everything that shapes a synthetic marketplace (defaults: ``"standard"``).

    Shares and rates are probabilities in [0, 1].

    Parameters
    ----------
    platforms : tuple of str
        Platform names. Default ``("mkt-a", "mkt-b", "mkt-c")``.
    platform_weights : tuple of float
        Share of operators whose home is each platform. Default ``(0.6, 0.3, 0.1)``.
    start_date, end_date : str
        ISO dates bounding every store and observation. Default 2016-01-01 to
        2024-12-31.
    offender_share : float
        Share of operators that are offenders (have banned stores). Default 0.025.
    offender_tail : float
        Pareto (Lomax) tail exponent of stores per offender; smaller is heavier.
        Default 1.5.
    offender_scale : float
        Scale of that distribution (about 5 stores per offender on average).
        Default 2.0.
    offender_max_stores : int
        Largest offender operation. Default 100.
    multi_store_share : float
        Share of honest operators running several stores (2-30). Default 0.06.
    family_share : float
        Share of honest operators that are family businesses (2-4 stores sharing
        an address, sometimes a phone). Default 0.02.
    ban_rate : float
        Chance that a store of a ban wave is banned (one per wave always is).
        Default 0.6.
    ban_waves : float
        Mean number of ban waves per offender, each followed by returns (>= 1).
        Default 1.5.
    final_ban_rate : float
        Chance that a store of an offender's last generation is banned too.
        Default 0.1.
    identity_drift : float
        Chance that an offender's reused identifier is tied to one generation
        (current or previous) rather than shared by all. Default 0.25.
    sibling_reuse, return_reuse, multi_store_reuse : mapping of kind to float
        Chance that a link of each kind reuses one of the operator's identifiers
        for first-generation offender stores, returns, and honest multi-store
        merchants. Partial mappings are merged over the defaults.
    weak_return_share : float
        Share of returns whose only evidence is a near-duplicate (typo) address
        and/or one shared IP. Default 0.1.
    stealth_return_share : float
        Share of returns that share nothing with their operator. Default 0.04.
    platform_move_rate : float
        Chance that a return opens on another platform. Default 0.25.
    name_reuse_rate : float
        Chance that a return reuses its operator's store-name stem. Default 0.3.
    building_share : float
        Share of single-store honest sellers registered in a commercial building
        shared with dozens of others. Default 0.03.
    building_size : int
        Mean stores per commercial building. Default 30.
    office_ip_rate : float
        Chance that a building store reports the building's office IP. Default 0.6.
    warehouse_share : float
        Share of all stores that also list a logistics-park address. Default 0.01.
    warehouse_size : int
        Stores per logistics park (thousands at scale; one park at least).
        Default 2500.
    carrier_ip_share : float
        Share of IP observations that are a carrier-grade NAT address. Default 0.12.
    carrier_ip_size : int
        Mean stores per carrier NAT address. Default 300.
    lan_ip_share : float
        Share of IP observations that are a private LAN address (office NAT seen
        from inside). Default 0.01.
    agency_share : float
        Share of single-store honest sellers run through a store-management
        agency (shared device and IP). Default 0.005.
    agency_size : int
        Mean stores per agency. Default 15.
    neighbour_share : float
        Share of single-store honest sellers at the address of a banned store.
        Default 0.003.
    closed_share : float
        Share of honest stores closed for non-offence reasons. Default 0.08.
    foreign_phone_share : float
        Share of phones outside mainland China. Default 0.03.
    english_address_share : float
        Share of addresses written in English. Default 0.06.
    variant_rate : float
        Share of identifier values written in a non-canonical format. Formatting
        variants are not dirt: ``dirty_rate=0`` keeps them; set this to 0 for
        canonical formatting. Default 0.3.
    dirty_rate : float
        Overall rate of dirty rows; each rate below defaults to this times a
        factor: placeholders (x1), noisy kind names (x1.5), duplicated rows (x1),
        links to missing stores (x0.1), unparseable ``observed_at`` (x0.1),
        absurdly long values (x0.02). ``0`` gives clean data. Default 0.02.
    placeholder_rate, kind_noise_rate, duplicate_rate, orphan_rate, bad_date_rate, \
long_value_rate : float, optional
        Override one dirty-row rate.
    """

    platforms: tuple[str, ...] = ("mkt-a", "mkt-b", "mkt-c")
    platform_weights: tuple[float, ...] = (0.6, 0.3, 0.1)
    start_date: str = "2016-01-01"
    end_date: str = "2024-12-31"
    offender_share: float = 0.025
    offender_tail: float = 1.5
    offender_scale: float = 2.0
    offender_max_stores: int = 100
    multi_store_share: float = 0.06
    family_share: float = 0.02
    ban_rate: float = 0.6
    ban_waves: float = 1.5
    final_ban_rate: float = 0.1
    identity_drift: float = 0.25
    sibling_reuse: Mapping[str, float] = field(default_factory=_default_sibling_reuse)
    return_reuse: Mapping[str, float] = field(default_factory=_default_return_reuse)
    multi_store_reuse: Mapping[str, float] = field(default_factory=_default_multi_store_reuse)
    weak_return_share: float = 0.1
    stealth_return_share: float = 0.04
    platform_move_rate: float = 0.25
    name_reuse_rate: float = 0.3
    building_share: float = 0.03
    building_size: int = 30
    office_ip_rate: float = 0.6
    warehouse_share: float = 0.01
    warehouse_size: int = 2500
    carrier_ip_share: float = 0.12
    carrier_ip_size: int = 300
    lan_ip_share: float = 0.01
    agency_share: float = 0.005
    agency_size: int = 15
    neighbour_share: float = 0.003
    closed_share: float = 0.08
    foreign_phone_share: float = 0.03
    english_address_share: float = 0.06
    variant_rate: float = 0.3
    dirty_rate: float = 0.02
    placeholder_rate: float | None = None
    kind_noise_rate: float | None = None
    duplicate_rate: float | None = None
    orphan_rate: float | None = None
    bad_date_rate: float | None = None
    long_value_rate: float | None = None

    def __post_init__(self) -> None:
        for name in _SHARES:
            value = getattr(self, name)
            _check(isinstance(value, int | float) and 0 <= value <= 1, name, "in [0, 1]", value)
        for name in _DIRTY_FACTORS:
            value = getattr(self, name)
            _check(
                value is None or (isinstance(value, int | float) and 0 <= value <= 1),
                name,
                "None or in [0, 1]",
                value,
            )
        defaults = {
            "sibling_reuse": _default_sibling_reuse(),
            "return_reuse": _default_return_reuse(),
            "multi_store_reuse": _default_multi_store_reuse(),
        }
        for name, default in defaults.items():
            given = getattr(self, name)
            _check(isinstance(given, Mapping), name, "a mapping of kind to probability", given)
            merged = dict(default)
            for kind, p in dict(given).items():
                _check(kind in _KINDS, f"{name}.{kind}", f"one of {', '.join(_KINDS)}", kind)
                _check(isinstance(p, int | float) and 0 <= p <= 1, f"{name}.{kind}", "in [0, 1]", p)
                merged[kind] = float(p)
            object.__setattr__(self, name, MappingProxyType(merged))
        object.__setattr__(self, "platforms", tuple(self.platforms))
        object.__setattr__(self, "platform_weights", tuple(float(w) for w in self.platform_weights))
        _check(len(self.platforms) >= 1, "platforms", "non-empty", self.platforms)
        _check(
            len(set(self.platforms)) == len(self.platforms)
            and all(isinstance(p, str) and p for p in self.platforms),
            "platforms",
            "distinct non-empty strings",
            self.platforms,
        )
        _check(
            len(self.platform_weights) == len(self.platforms)
            and all(w >= 0 for w in self.platform_weights)
            and sum(self.platform_weights) > 0,
            "platform_weights",
            "one non-negative weight per platform, not all zero",
            self.platform_weights,
        )
        try:
            start = pd.Timestamp(self.start_date)
            end = pd.Timestamp(self.end_date)
        except ValueError:
            raise ConfigError(
                f"'start_date' and 'end_date' must be ISO dates "
                f"(got {self.start_date!r}, {self.end_date!r})"
            ) from None
        _check(
            (end - start).days >= 365, "end_date", "at least a year after start_date", self.end_date
        )
        _check(self.offender_tail > 1, "offender_tail", "> 1", self.offender_tail)
        _check(self.offender_scale > 0, "offender_scale", "> 0", self.offender_scale)
        _check(
            isinstance(self.offender_max_stores, int) and self.offender_max_stores >= 2,
            "offender_max_stores",
            "an integer >= 2",
            self.offender_max_stores,
        )
        _check(1 <= self.ban_waves <= 20, "ban_waves", "in [1, 20]", self.ban_waves)
        for name in ("building_size", "warehouse_size", "carrier_ip_size", "agency_size"):
            value = getattr(self, name)
            _check(isinstance(value, int) and value >= 2, name, "an integer >= 2", value)
        _check(
            self.building_share + self.agency_share + self.neighbour_share <= 1,
            "building_share + agency_share + neighbour_share",
            "<= 1",
            self.building_share + self.agency_share + self.neighbour_share,
        )
        _check(
            self.weak_return_share + self.stealth_return_share <= 1,
            "weak_return_share + stealth_return_share",
            "<= 1",
            self.weak_return_share + self.stealth_return_share,
        )
        _check(
            self.multi_store_share + self.family_share <= 1,
            "multi_store_share + family_share",
            "<= 1",
            self.multi_store_share + self.family_share,
        )

    def rate(self, name: str) -> float:
        """Resolved dirty-row rate: the explicit value or ``dirty_rate`` x factor."""
        value = getattr(self, name)
        if value is not None:
            return float(value)
        return min(1.0, self.dirty_rate * _DIRTY_FACTORS[name])

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-ready dictionary of every knob."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Mapping):
                value = dict(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def preset(cls, difficulty: Difficulty = "standard", **overrides: Any) -> MarketplaceKnobs:
        """Knobs of a difficulty preset, with some knobs overridden.

        Raises
        ------
        ConfigError
            Unknown difficulty or out-of-range knob.
        TypeError
            Unknown knob name.
        """
        if difficulty not in DIFFICULTY_PRESETS:
            raise ConfigError(
                f"'difficulty' must be one of {', '.join(map(repr, DIFFICULTY_PRESETS))} "
                f"(got {difficulty!r})"
            )
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(overrides) - names)
        if unknown:
            raise TypeError(
                f"unknown marketplace knob(s): {', '.join(unknown)}; "
                f"known knobs: {', '.join(sorted(names))}"
            )
        return cls(**{**DIFFICULTY_PRESETS[difficulty], **overrides})


#: Knob overrides per difficulty (``"standard"`` is the dataclass defaults).
DIFFICULTY_PRESETS: Mapping[str, Mapping[str, Any]] = MappingProxyType(
    {
        "easy": MappingProxyType(
            {
                "variant_rate": 0.1,
                "dirty_rate": 0.005,
                "ban_waves": 1.2,
                "identity_drift": 0.0,
                "weak_return_share": 0.02,
                "stealth_return_share": 0.01,
                "platform_move_rate": 0.1,
                "building_share": 0.01,
                "carrier_ip_share": 0.05,
                "lan_ip_share": 0.002,
                "agency_share": 0.0,
                "neighbour_share": 0.001,
                "family_share": 0.01,
                "warehouse_share": 0.005,
                "return_reuse": _reuse(
                    device=0.8,
                    payment_account=0.7,
                    id_document=0.5,
                    phone=0.6,
                    email=0.5,
                    address=0.6,
                    ip=0.4,
                ),
            }
        ),
        "standard": MappingProxyType({}),
        "hard": MappingProxyType(
            {
                "variant_rate": 0.5,
                "dirty_rate": 0.05,
                "ban_waves": 2.5,
                "identity_drift": 0.5,
                "weak_return_share": 0.25,
                "stealth_return_share": 0.08,
                "platform_move_rate": 0.4,
                "name_reuse_rate": 0.15,
                "building_share": 0.08,
                "building_size": 40,
                "office_ip_rate": 0.8,
                "carrier_ip_share": 0.3,
                "lan_ip_share": 0.03,
                "agency_share": 0.02,
                "neighbour_share": 0.01,
                "family_share": 0.06,
                "multi_store_share": 0.1,
                "warehouse_share": 0.03,
                "english_address_share": 0.1,
                "foreign_phone_share": 0.05,
                "return_reuse": _reuse(
                    device=0.35,
                    payment_account=0.3,
                    id_document=0.15,
                    phone=0.25,
                    email=0.2,
                    address=0.3,
                    ip=0.2,
                ),
                "sibling_reuse": _reuse(
                    device=0.55,
                    payment_account=0.55,
                    id_document=0.4,
                    phone=0.45,
                    email=0.4,
                    address=0.5,
                    ip=0.4,
                ),
            }
        ),
        "adversarial": MappingProxyType(
            {
                "variant_rate": 0.6,
                "dirty_rate": 0.08,
                "ban_waves": 2.5,
                "identity_drift": 0.5,
                "weak_return_share": 0.1,
                "stealth_return_share": 0.0,
                "platform_move_rate": 0.4,
                "name_reuse_rate": 0.15,
                "building_share": 0.1,
                "building_size": 40,
                "office_ip_rate": 0.8,
                "carrier_ip_share": 0.3,
                "lan_ip_share": 0.03,
                "agency_share": 0.02,
                "neighbour_share": 0.01,
                "family_share": 0.08,
                "multi_store_share": 0.1,
                "warehouse_share": 0.03,
                "english_address_share": 0.15,
                "foreign_phone_share": 0.05,
            }
        ),
    }
)


# ---------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------

# (province, province short, city, city short, district, city EN, district EN, ID region)
_DISTRICTS: tuple[tuple[str, str, str, str, str, str, str, int], ...] = (
    ("福建省", "福建", "莆田市", "莆田", "荔城区", "Putian", "Licheng District", 350304),
    ("福建省", "福建", "莆田市", "莆田", "城厢区", "Putian", "Chengxiang District", 350302),
    ("福建省", "福建", "莆田市", "莆田", "涵江区", "Putian", "Hanjiang District", 350303),
    ("福建省", "福建", "莆田市", "莆田", "仙游县", "Putian", "Xianyou County", 350322),
    ("福建省", "福建", "泉州市", "泉州", "晋江市", "Quanzhou", "Jinjiang", 350582),
    ("福建省", "福建", "泉州市", "泉州", "丰泽区", "Quanzhou", "Fengze District", 350503),
    ("福建省", "福建", "厦门市", "厦门", "思明区", "Xiamen", "Siming District", 350203),
    ("广东省", "广东", "广州市", "广州", "白云区", "Guangzhou", "Baiyun District", 440111),
    ("广东省", "广东", "广州市", "广州", "天河区", "Guangzhou", "Tianhe District", 440106),
    ("广东省", "广东", "广州市", "广州", "番禺区", "Guangzhou", "Panyu District", 440113),
    ("广东省", "广东", "深圳市", "深圳", "南山区", "Shenzhen", "Nanshan District", 440305),
    ("广东省", "广东", "深圳市", "深圳", "宝安区", "Shenzhen", "Bao'an District", 440306),
    ("广东省", "广东", "深圳市", "深圳", "龙岗区", "Shenzhen", "Longgang District", 440307),
    ("广东省", "广东", "东莞市", "东莞", "虎门镇", "Dongguan", "Humen Town", 441900),
    ("广东省", "广东", "汕头市", "汕头", "潮阳区", "Shantou", "Chaoyang District", 440513),
    ("浙江省", "浙江", "金华市", "金华", "义乌市", "Jinhua", "Yiwu", 330782),
    ("浙江省", "浙江", "杭州市", "杭州", "余杭区", "Hangzhou", "Yuhang District", 330110),
    ("浙江省", "浙江", "杭州市", "杭州", "西湖区", "Hangzhou", "Xihu District", 330106),
    ("浙江省", "浙江", "温州市", "温州", "鹿城区", "Wenzhou", "Lucheng District", 330302),
    ("江苏省", "江苏", "苏州市", "苏州", "吴中区", "Suzhou", "Wuzhong District", 320506),
    ("江苏省", "江苏", "苏州市", "苏州", "姑苏区", "Suzhou", "Gusu District", 320508),
    ("江苏省", "江苏", "南京市", "南京", "鼓楼区", "Nanjing", "Gulou District", 320106),
    ("山东省", "山东", "临沂市", "临沂", "兰山区", "Linyi", "Lanshan District", 371302),
    ("河北省", "河北", "石家庄市", "石家庄", "长安区", "Shijiazhuang", "Chang'an District", 130102),
    ("河南省", "河南", "郑州市", "郑州", "金水区", "Zhengzhou", "Jinshui District", 410105),
    ("湖北省", "湖北", "武汉市", "武汉", "江汉区", "Wuhan", "Jianghan District", 420103),
    ("四川省", "四川", "成都市", "成都", "锦江区", "Chengdu", "Jinjiang District", 510104),
    ("", "", "北京市", "北京", "朝阳区", "Beijing", "Chaoyang District", 110105),
    ("", "", "北京市", "北京", "海淀区", "Beijing", "Haidian District", 110108),
    ("", "", "上海市", "上海", "浦东新区", "Shanghai", "Pudong New Area", 310115),
    ("", "", "上海市", "上海", "闵行区", "Shanghai", "Minhang District", 310112),
    ("", "", "重庆市", "重庆", "渝中区", "Chongqing", "Yuzhong District", 500103),
)

# (road, road with a typo, English name, English with a typo, English type)
_ROADS: tuple[tuple[str, str, str, str, str], ...] = (
    ("学园中街", "学圆中街", "Xueyuan Middle", "Xueyuang Middle", "St"),
    ("人民路", "仁民路", "Renmin", "Remin", "Rd"),
    ("中山路", "钟山路", "Zhongshan", "Zhongshang", "Rd"),
    ("解放路", "解方路", "Jiefang", "Jiefan", "Rd"),
    ("建设路", "健设路", "Jianshe", "Jiansh", "Rd"),
    ("和平路", "和苹路", "Heping", "Hepin", "Rd"),
    ("文化路", "文华路", "Wenhua", "Wenhau", "Rd"),
    ("胜利路", "圣利路", "Shengli", "Shenli", "Rd"),
    ("新华路", "新化路", "Xinhua", "Xinhau", "Rd"),
    ("青年路", "清年路", "Qingnian", "Qingnain", "Rd"),
    ("东风路", "冬风路", "Dongfeng", "Dongfen", "Rd"),
    ("工业路", "公业路", "Gongye", "Gongy", "Rd"),
    ("滨江大道", "宾江大道", "Binjiang", "Binjang", "Ave"),
    ("南京路", "南经路", "Nanjing", "Nanjng", "Rd"),
    ("延安路", "延按路", "Yan'an", "Yanan", "Rd"),
    ("黄河路", "皇河路", "Huanghe", "Huanghre", "Rd"),
    ("长江路", "常江路", "Changjiang", "Changjang", "Rd"),
    ("府前路", "付前路", "Fuqian", "Fuqain", "Rd"),
    ("建国路", "健国路", "Jianguo", "Jiangguo", "Rd"),
    ("三元里大道", "三园里大道", "Sanyuanli", "Sanyuanly", "Ave"),
    ("商贸城路", "商茂城路", "Shangmaocheng", "Shangmaochen", "Rd"),
    ("鞋都路", "鞋督路", "Xiedu", "Xiedo", "Rd"),
    ("科技园路", "科技圆路", "Kejiyuan", "Kejiyaun", "Rd"),
    ("振兴街", "振星街", "Zhenxing", "Zhengxing", "St"),
    ("光明街", "光名街", "Guangming", "Guangmin", "St"),
    ("幸福街", "幸付街", "Xingfu", "Xinfu", "St"),
)
_ROAD_TYPE_LONG: Mapping[str, str] = MappingProxyType(
    {"Rd": "Road", "St": "Street", "Ave": "Avenue"}
)
_BUILDINGS = (
    "金源大厦", "国贸中心", "电商大厦", "创业大厦", "世纪大厦",
    "时代广场", "华润大厦", "科技大厦", "商务中心", "万达广场写字楼",
)  # fmt: skip
_PARKS = ("电商物流园", "国际物流园", "仓储中心", "跨境电商产业园", "快递分拣中心", "物流港")
_TRADITIONAL = (
    ("号", "號"), ("区", "區"), ("园", "園"), ("门", "門"), ("东", "東"), ("广", "廣"),
    ("华", "華"), ("龙", "龍"), ("业", "業"), ("长", "長"), ("兰", "蘭"), ("闵", "閔"),
    ("丰", "豐"), ("义", "義"), ("乌", "烏"), ("苏", "蘇"), ("吴", "吳"), ("临", "臨"),
    ("宝", "寶"), ("桥", "橋"), ("滨", "濱"), ("泽", "澤"), ("镇", "鎮"), ("楼", "樓"),
    ("厦", "廈"), ("设", "設"), ("胜", "勝"), ("贸", "貿"), ("兴", "興"), ("圆", "圓"),
    ("汉", "漢"), ("锦", "錦"), ("阳", "陽"), ("国", "國"), ("际", "際"), ("仓", "倉"),
    ("储", "儲"), ("递", "遞"), ("产", "產"), ("万", "萬"), ("润", "潤"), ("场", "場"),
    ("写", "寫"), ("纪", "紀"), ("时", "時"), ("头", "頭"), ("门", "門"), ("庆", "慶"),
    ("乡", "鄉"), ("县", "縣"), ("风", "風"), ("军", "軍"), ("运", "運"),
)  # fmt: skip
_SURNAMES = (
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
    "ma", "zhu", "hu", "guo", "he", "lin", "gao", "luo", "zheng", "liang", "xie", "song",
    "tang", "han", "feng", "deng", "cao", "peng", "zeng", "xiao", "tian", "dong", "pan",
    "yuan", "cai", "jiang", "yu", "du", "ye", "cheng", "wei", "su", "lu", "ding", "ren",
    "shen", "yao",
)  # fmt: skip
_GIVEN = (
    "wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan",
    "jie", "juan", "tao", "ming", "chao", "xiuying", "hua", "ping", "gang", "gui", "ying",
    "hui", "bin", "hong", "yu", "peng", "fei", "xin", "hao", "jia", "yi", "ting", "lan",
    "xiaoming", "jianguo", "haiyan",
)  # fmt: skip
_EMAIL_DOMAINS = (
    "qq.com", "163.com", "126.com", "gmail.com", "outlook.com",
    "hotmail.com", "sina.com", "foxmail.com",
)  # fmt: skip
_EMAIL_WEIGHTS = (0.35, 0.22, 0.05, 0.15, 0.1, 0.05, 0.04, 0.04)
_PLUS_TAGS = ("shop", "store", "taobao", "work", "2", "biz")
# (country code, national number length, allowed first digits)
_FOREIGN_PHONES: tuple[tuple[str, int, tuple[int, ...]], ...] = (
    ("1", 10, (2, 3, 4, 5, 6, 7, 8, 9)),
    ("852", 8, (5, 6, 9)),
    ("886", 9, (9,)),
    ("60", 9, (1,)),
    ("65", 8, (8, 9)),
    ("44", 10, (7,)),
    ("81", 10, (7, 8, 9)),
)
# GSMA reporting bodies that open most IMEIs seen in China (first two digits).
_IMEI_PREFIXES = (35, 86)
_CARD_BINS = (
    622848, 622202, 621700, 622588, 621661, 622260, 622609, 623058,
    436742, 427020, 524091, 552599,
)  # fmt: skip
_IP_FIRST_OCTETS = (
    1, 14, 27, 36, 39, 42, 49, 58, 59, 60, 61, 101, 103, 106, 110, 111, 112, 113, 114, 115,
    116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 139, 140, 144, 150, 153, 157, 175,
    180, 182, 183, 202, 203, 210, 211, 218, 219, 220, 221, 222, 223,
)  # fmt: skip
_LAN_IPS = (
    (192, 168, 1, 100), (192, 168, 0, 101), (192, 168, 1, 1),
    (10, 0, 0, 2), (172, 16, 0, 10), (192, 168, 31, 5),
)  # fmt: skip
_NAME_PREFIX = (
    "佳怡", "鑫源", "恒达", "美丽", "潮流", "品尚", "优品", "金牌", "尚品", "星辰",
    "悦享", "百顺", "鸿运", "盛世", "名匠", "锦绣", "东方", "新时代", "福满", "乐购",
)  # fmt: skip
_NAME_GOODS = (
    "鞋业", "服饰", "箱包", "数码", "家居", "美妆", "母婴", "运动",
    "饰品", "食品", "玩具", "户外", "手表", "眼镜", "电子",
)  # fmt: skip
_NAME_SUFFIX = (
    "旗舰店",
    "专营店",
    "专卖店",
    "小店",
    "工作室",
    "官方店",
    "精品店",
    "折扣店",
    "直营店",
)
_NAME_ADJ = (
    "Golden", "Happy", "Bright", "Star", "Lucky", "Fashion", "Prime", "Urban", "Smart",
    "Royal", "Sunny", "Global", "Jade", "Red Lantern", "Silk Road",
)  # fmt: skip
_NAME_NOUN = (
    "Shoes", "Apparel", "Bags", "Digital", "Home", "Beauty", "Baby", "Sports",
    "Jewelry", "Toys", "Outdoor", "Watches", "Optics", "Electronics", "Foods",
)  # fmt: skip
_NAME_SUFFIX_EN = ("Store", "Shop", "Trading", "Official Store", "Outlet", "Co.", "Mall")
_BAN_REASONS = ("counterfeit", "ip_infringement", "fraud")
_BAN_WEIGHTS = (0.6, 0.25, 0.15)
_CLOSE_REASONS = ("seller_request", "inactivity")

_GENERIC_PLACEHOLDERS = ("", "unknown", "N/A", "null", "0", "NULL", "none", "-", "无", "n/a")
_KIND_PLACEHOLDERS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "device": ("0000000000000000", "000000000000000", "unknown", "null", "00000000"),
        "payment_account": ("0", "0000000000000000", "N/A", "none", "1111111111111111"),
        "phone": ("00000000000", "13800000000", "11111111111", "99999999999", "13888888888",
                  "12345678900"),
        "email": ("test@test.com", "a@a.com", "noemail@noemail.com", "test@example.com",
                  "no@email.com"),
        "address": ("unknown", "无", "N/A", "不详", "暂无", "未知", "no address", "-"),
        "ip": ("0.0.0.0", "unknown", "127.0.0.1", "N/A", "255.255.255.255"),
        "id_document": ("000000000000000000", "111111111111111111", "N/A", "unknown", "0"),
    }
)  # fmt: skip
_KIND_NOISE: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "device": (" Device", "DEVICE", "device ", "Device"),
        "payment_account": ("Payment_Account", " payment_account", "PAYMENT_ACCOUNT ",
                            "Payment_account"),
        "phone": (" Phone", "PHONE", "phone ", "Phone"),
        "email": ("EMAIL ", "Email", " email", "eMail"),
        "address": ("Address", " ADDRESS", "address  ", "Address "),
        "ip": ("IP", " Ip", "ip ", "IP "),
        "id_document": ("ID_Document", "ID_DOCUMENT ", " id_document", "Id_Document"),
    }
)  # fmt: skip
_BAD_DATES = (
    "2021-13-45", "2021-00-10", "yesterday", "32.01.2021", "31/02/2020", "20211301", "#VALUE!"
)  # fmt: skip


# ---------------------------------------------------------------------------
# Small vectorised helpers
# ---------------------------------------------------------------------------


def _vocab(values: Sequence[str]) -> pa.Array:
    return pa.array(list(values), type=_LS)


def _s(value: str) -> pa.Scalar:
    return pa.scalar(value, _LS)


def _join(*parts: pa.Array | str) -> pa.Array:
    """Element-wise concatenation of arrays and literal strings."""
    args = [_s(p) if isinstance(p, str) else p for p in parts]
    return pc.binary_join_element_wise(*args, _s(""))


def _num(values: np.ndarray) -> pa.Array:
    """Decimal strings of integers."""
    return pc.cast(pa.array(np.asarray(values, dtype=np.int64)), _LS)


def _take(vocab: pa.Array, idx: np.ndarray) -> pa.Array:
    return vocab.take(pa.array(np.asarray(idx, dtype=np.int64)))


def _slice(arr: pa.Array, start: int, stop: int) -> pa.Array:
    return pc.utf8_slice_codeunits(arr, start, stop)


def _within(sizes: np.ndarray) -> np.ndarray:
    """Position of each element inside its group, for groups laid out by ``sizes``."""
    total = int(sizes.sum())
    starts = np.cumsum(sizes) - sizes
    return np.arange(total, dtype=np.int64) - np.repeat(starts, sizes)


def _categorical(rng: np.random.Generator, weights: Sequence[float], size: int) -> np.ndarray:
    cum = np.cumsum(np.asarray(weights, dtype=float))
    cum /= cum[-1]
    out = np.searchsorted(cum, rng.random(size), side="right")
    return np.minimum(out, len(cum) - 1).astype(np.int64)


_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIXER = np.uint64(0xBF58476D1CE4E5B9)


def _unique_ints(rng: np.random.Generator, high: int, size: int) -> np.ndarray:
    """``size`` distinct pseudo-random integers in ``[0, high)``.

    A keyed Feistel permutation of ``0 .. size-1`` on the smallest even number
    of bits covering ``high``, with cycle walking back into ``[0, high)``: no
    repeats by construction, no sort, about 4 ns a value.
    """
    if size > high:
        raise ConfigError(f"value space too small: {size} distinct values out of {high}")
    bits = max(2, (high - 1).bit_length())
    bits += bits % 2
    half = bits // 2
    mask = np.uint64((1 << half) - 1)
    keys = rng.integers(0, 2**63, 4, dtype=np.uint64)

    def encrypt(x: np.ndarray) -> np.ndarray:
        left, right = x >> np.uint64(half), x & mask
        for key in keys:
            f = (right ^ key) * _GOLDEN
            f ^= f >> np.uint64(29)
            f *= _MIXER
            f ^= f >> np.uint64(32)
            left, right = right, left ^ (f & mask)
        return (left << np.uint64(half)) | right

    out = encrypt(np.arange(size, dtype=np.uint64))
    outside = np.flatnonzero(out >= np.uint64(high))
    while len(outside):
        out[outside] = encrypt(out[outside])
        outside = outside[out[outside] >= np.uint64(high)]
    return out.astype(np.int64)


def _luhn_digit(body: np.ndarray, n_digits: int) -> np.ndarray:
    """Luhn check digit for ``n_digits``-digit payloads."""
    x = body.astype(np.int64, copy=True)
    total = np.zeros(len(x), dtype=np.int64)
    for i in range(n_digits):
        d = x % 10
        x //= 10
        if i % 2 == 0:
            d = d * 2
            d -= 9 * (d > 9)
        total += d
    return (10 - total % 10) % 10


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_check_index(body17: np.ndarray) -> np.ndarray:
    """Index into ``"10X98765432"`` of the ISO 7064 MOD 11-2 check character."""
    x = body17.astype(np.int64, copy=True)
    total = np.zeros(len(x), dtype=np.int64)
    for j in range(17):
        total += (x % 10) * _ID_WEIGHTS[16 - j]
        x //= 10
    return total % 11


def _by_code(
    codes: np.ndarray, n_codes: int, render: Callable[[int, np.ndarray], pa.Array]
) -> pa.Array:
    """Render rows group by group (``render(code, row_indices)``) and put them back in order."""
    codes = np.asarray(codes, dtype=np.int16)
    order = np.argsort(codes, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=n_codes))])
    parts = []
    for code in range(n_codes):
        idx = order[bounds[code] : bounds[code + 1]]
        if len(idx):
            parts.append(render(code, idx).cast(_LS))
    if not parts:
        return pa.array([], type=_LS)
    merged = pa.concat_arrays(parts)
    inverse = np.empty(len(order), dtype=np.int64)
    inverse[order] = np.arange(len(order), dtype=np.int64)
    return merged.take(pa.array(inverse))


def _variants(rng: np.random.Generator, size: int, rate: float, n_variants: int) -> np.ndarray:
    """Variant code per row: 0 (canonical) or, with probability ``rate``, 1..n-1."""
    code = rng.integers(1, n_variants, size, dtype=np.int64)
    code[rng.random(size) >= rate] = 0
    return code


def _to_str_series(arr: pa.Array | pa.ChunkedArray) -> pd.Series:
    return pd.Series(arr, dtype="str")


# ---------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------


@dataclass
class _Kind:
    """Links of one identifier kind, before dirt."""

    store: np.ndarray
    value: pa.Array


class _Builder:
    def __init__(self, n: int, knobs: MarketplaceKnobs, rng: np.random.Generator) -> None:
        self.n = n
        self.k = knobs
        self.rng = rng
        start = pd.Timestamp(knobs.start_date)
        end = pd.Timestamp(knobs.end_date)
        self.days = int((end - start).days) + 1
        self.date_vocab = _vocab(list(pd.date_range(start, end, freq="D").strftime("%Y-%m-%d")))

    # -- operators and stores ------------------------------------------------

    def operators(self) -> None:
        k, rng, n = self.k, self.rng, self.n
        p_off = k.offender_share
        p_multi = (1 - p_off) * k.multi_store_share
        p_family = (1 - p_off) * k.family_share
        weights = (1 - p_off - p_multi - p_family, p_multi, p_family, p_off)
        mean_off = min(k.offender_max_stores, 1.5 + k.offender_scale / (k.offender_tail - 1))
        est = weights[0] + 3.5 * p_multi + 3.0 * p_family + mean_off * p_off
        types: list[np.ndarray] = []
        sizes: list[np.ndarray] = []
        total = 0
        while total < n:
            batch = int((n - total) / est * 1.02) + 64
            t = _categorical(rng, weights, batch)
            multi = 2 + np.minimum(np.floor(rng.pareto(2.0, batch) * 1.5), 28).astype(np.int64)
            family = rng.integers(2, 5, batch)
            off = 1 + np.ceil(rng.pareto(k.offender_tail, batch) * k.offender_scale)
            off = np.clip(off, 2, k.offender_max_stores).astype(np.int64)
            s = np.select(
                [t == _OP_MULTI, t == _OP_FAMILY, t == _OP_OFFENDER], [multi, family, off], 1
            )
            types.append(t)
            sizes.append(s)
            total += int(s.sum())
        op_type = np.concatenate(types)
        op_size = np.concatenate(sizes)
        cum = np.cumsum(op_size)
        last = int(np.searchsorted(cum, n))
        op_type = op_type[: last + 1]
        op_size = op_size[: last + 1].copy()
        op_size[last] -= int(cum[last]) - n
        self.op_type = op_type
        self.op_size = op_size
        self.n_ops = len(op_size)
        self.store_op = np.repeat(np.arange(self.n_ops, dtype=np.int64), op_size)
        self.store_pos = _within(op_size)

    def timeline(self) -> None:
        """Dates, generations, bans and scenario codes of every store."""
        k, rng, n, days = self.k, self.rng, self.n, self.days
        op_type = self.op_type
        store_type = op_type[self.store_op]
        opened = np.zeros(n, dtype=np.int64)
        closed = np.full(n, -1, dtype=np.int64)
        status = np.zeros(n, dtype=np.int8)  # 0 active, 1 banned, 2 closed
        gen = np.zeros(n, dtype=np.int64)
        scenario = np.full(n, _INNOCENT, dtype=np.int8)

        # Honest stores: independent dates, some closed for ordinary reasons.
        honest = store_type != _OP_OFFENDER
        n_honest = int(honest.sum())
        h_open = np.floor(rng.random(n_honest) * (days - 31)).astype(np.int64)
        h_closed = rng.random(n_honest) < k.closed_share
        room = days - 1 - (h_open + 30)
        h_close = h_open + 30 + np.floor(rng.random(n_honest) * (room + 1)).astype(np.int64)
        opened[honest] = h_open
        closed[honest] = np.where(h_closed, h_close, -1)
        status[honest] = np.where(h_closed, 2, 0)

        # Offenders: generations separated by ban waves.
        off_ops = np.flatnonzero(op_type == _OP_OFFENDER)
        s_o = self.op_size[off_ops]
        waves = 1 + rng.poisson(k.ban_waves - 1, len(off_ops))
        n_gen = np.clip(np.minimum(s_o, waves + 1), 1, _MAX_GENERATIONS)
        rows_op = np.repeat(np.arange(len(off_ops)), n_gen)
        starts = np.cumsum(n_gen) - n_gen
        delta = np.floor(20 + rng.exponential(150.0, len(rows_op)))
        t0 = np.floor(rng.random(len(off_ops)) * 0.55 * days)
        span = np.add.reduceat(delta, starts) if len(starts) else np.zeros(0)
        scale = np.minimum(1.0, (days - 2 - t0) / np.maximum(span, 1.0))
        delta = np.maximum(7, np.floor(delta * scale[rows_op])).astype(np.int64)
        cs = np.cumsum(delta)
        base = cs[starts] - delta[starts] if len(starts) else np.zeros(0, dtype=np.int64)
        t0 = t0.astype(np.int64)
        end_rel = cs - base[rows_op]  # T_g - t0
        span = end_rel[starts + n_gen - 1] if len(starts) else np.zeros(0, dtype=np.int64)
        t0 = np.maximum(0, np.minimum(t0, days - 1 - span))
        upper = np.minimum(t0[rows_op] + end_rel, days - 1)
        lower = upper - delta

        offender = ~honest
        o_local = np.searchsorted(off_ops, self.store_op[offender])
        pos = self.store_pos[offender]
        g_count = n_gen[o_local]
        g = np.where(pos < g_count, pos, np.floor(rng.random(len(pos)) * g_count)).astype(np.int64)
        row = starts[o_local] + g
        lo, hi = lower[row], upper[row]
        final = (g == g_count - 1) & (g_count > 1)
        width = np.where(final, np.maximum(1, hi - lo), np.maximum(1, hi - 6 - lo))
        o_open = lo + 1 + np.floor(rng.random(len(pos)) * width).astype(np.int64)
        o_open = np.minimum(o_open, days - 1)
        banned = np.where(
            final,
            rng.random(len(pos)) < k.final_ban_rate,
            (pos == g) | (rng.random(len(pos)) < k.ban_rate),
        )
        wave_close = hi - np.floor(rng.random(len(pos)) * 6).astype(np.int64)
        late_close = o_open + 14 + np.floor(rng.random(len(pos)) * 180).astype(np.int64)
        o_close = np.where(final, late_close, wave_close)
        o_close = np.minimum(np.maximum(o_close, o_open), days - 1)
        opened[offender] = o_open
        closed[offender] = np.where(banned, o_close, -1)
        status[offender] = np.where(banned, 1, 0)
        gen[offender] = g

        # Scenario codes.
        u = rng.random(n)
        r_weak, r_stealth = k.weak_return_share, k.stealth_return_share
        off_scen = np.where(
            g == 0,
            _OFFENDER,
            np.where(
                u[offender] < r_stealth,
                _STEALTH,
                np.where(u[offender] < r_stealth + r_weak, _WEAK, _RETURN),
            ),
        )
        scenario[offender] = off_scen
        scenario[store_type == _OP_MULTI] = _MULTI
        scenario[store_type == _OP_FAMILY] = _FAMILY
        single = store_type == _OP_SINGLE
        v = rng.random(n)
        has_banned = bool((status == 1).any())
        b, a, nb = k.building_share, k.agency_share, k.neighbour_share if has_banned else 0.0
        scenario[single & (v < b)] = _BUILDING
        scenario[single & (v >= b) & (v < b + a)] = _AGENCY
        scenario[single & (v >= b + a) & (v < b + a + nb)] = _NEIGHBOUR

        self.opened, self.closed, self.status = opened, closed, status
        self.gen, self.scenario = gen, scenario

    def platforms_and_names(self) -> None:
        k, rng, n = self.k, self.rng, self.n
        n_platforms = len(k.platforms)
        home = _categorical(rng, k.platform_weights, self.n_ops)
        platform = home[self.store_op]
        sc = self.scenario
        moves = np.where(
            np.isin(sc, (_RETURN, _WEAK, _STEALTH)),
            k.platform_move_rate,
            np.where(sc == _MULTI, 0.15, 0.0),
        )
        moved = (rng.random(n) < moves) & (n_platforms > 1)
        other = (platform + 1 + rng.integers(0, max(1, n_platforms - 1), n)) % n_platforms
        self.platform = np.where(moved, other, platform)

        # Names: operators keep a stem (prefix + goods) that some of their stores reuse.
        op_prefix = rng.integers(0, len(_NAME_PREFIX), self.n_ops)
        op_goods = rng.integers(0, len(_NAME_GOODS), self.n_ops)
        op_english = rng.random(self.n_ops) < 0.15
        reuse_p = np.select(
            [sc == _MULTI, sc == _FAMILY, sc == _OFFENDER, (sc == _RETURN) | (sc == _WEAK)],
            [0.6, 0.5, 0.5, k.name_reuse_rate],
            0.0,
        )
        keep = rng.random(n) < reuse_p
        prefix = np.where(keep, op_prefix[self.store_op], rng.integers(0, len(_NAME_PREFIX), n))
        goods = np.where(keep, op_goods[self.store_op], rng.integers(0, len(_NAME_GOODS), n))
        english = np.where(keep, op_english[self.store_op], rng.random(n) < 0.15)
        suffix_cn = rng.integers(0, len(_NAME_SUFFIX), n)
        suffix_en = rng.integers(0, len(_NAME_SUFFIX_EN), n)
        adj = prefix % len(_NAME_ADJ)
        noun = goods % len(_NAME_NOUN)

        def render(code: int, idx: np.ndarray) -> pa.Array:
            if code == 0:
                return _join(
                    _take(_vocab(_NAME_PREFIX), prefix[idx]),
                    _take(_vocab(_NAME_GOODS), goods[idx]),
                    _take(_vocab(_NAME_SUFFIX), suffix_cn[idx]),
                )
            return _join(
                _take(_vocab(_NAME_ADJ), adj[idx]),
                " ",
                _take(_vocab(_NAME_NOUN), noun[idx]),
                " ",
                _take(_vocab(_NAME_SUFFIX_EN), suffix_en[idx]),
            )

        self.name = _by_code(english.astype(np.int64), 2, render)

    def shuffle_stores(self) -> None:
        """Random store order; store ids follow it, so ids say nothing of operators."""
        perm = self.rng.permutation(self.n)
        for attr in (
            "store_op",
            "store_pos",
            "opened",
            "closed",
            "status",
            "gen",
            "scenario",
            "platform",
        ):
            setattr(self, attr, getattr(self, attr)[perm])
        self.name = self.name.take(pa.array(perm))
        self.id_width = max(7, len(str(2 * self.n)))

    # -- hubs -----------------------------------------------------------------

    def hubs(self) -> None:
        """Assign buildings and agencies to the stores that use them."""
        k, rng, n = self.k, self.rng, self.n
        sc = self.scenario
        in_building = sc == _BUILDING
        n_buildings = max(1, round(int(in_building.sum()) / k.building_size))
        self.building = np.where(in_building, rng.integers(0, n_buildings, n), -1)
        in_agency = sc == _AGENCY
        n_agencies = max(1, round(int(in_agency.sum()) / k.agency_size))
        self.agency = np.where(in_agency, rng.integers(0, n_agencies, n), -1)
        # Weak returns: 0 typo address only, 1 one shared IP only, 2 both.
        self.weak_mode = np.where(sc == _WEAK, rng.integers(0, 3, n), -1)

    # -- links ----------------------------------------------------------------

    def _reuse_table(self) -> np.ndarray:
        """Reuse probability by scenario code (rows) and kind (columns)."""
        k = self.k
        table = np.zeros((len(SCENARIOS), len(_KINDS)))
        for j, kind in enumerate(_KINDS):
            table[_MULTI, j] = k.multi_store_reuse[kind]
            table[_FAMILY, j] = _FAMILY_REUSE.get(kind, 0.0)
            table[_OFFENDER, j] = k.sibling_reuse[kind]
            table[_RETURN, j] = k.return_reuse[kind]
        return table

    def links_of_kind(self, j: int, kind: str, table: np.ndarray) -> _Kind:
        k, rng, n = self.k, self.rng, self.n
        present, extra, pool = _LINKS_PER_STORE[kind]
        counts = (rng.random(n) < present).astype(np.int64) + rng.poisson(extra, n)
        if kind == "phone":
            family = self.scenario == _FAMILY
            counts[family] = np.maximum(counts[family], 1)
        store = np.repeat(np.arange(n, dtype=np.int64), counts)
        nr = len(store)
        first = np.zeros(nr, dtype=bool)
        first[(np.cumsum(counts) - counts)[counts > 0]] = True
        sc = self.scenario[store]
        op = self.store_op[store]

        # Identifiers the operator keeps and reuses (per generation with drift).
        p_reuse = table[sc, j]
        if kind == "phone":
            p_reuse = np.where(sc == _FAMILY, 0.4, p_reuse)
        reuse = rng.random(nr) < p_reuse
        g = np.minimum(self.gen[store], _MAX_GENERATIONS - 1)
        drift = (rng.random(nr) < self.k.identity_drift) & (sc >= _OFFENDER)
        pool_gen = np.where(drift, g - ((rng.random(nr) < 0.5) & (g >= 1)), 0)
        slot = rng.integers(0, pool, nr) if pool > 1 else np.zeros(nr, dtype=np.int64)
        pool_key = (np.int64(_POOL) << _CLASS_SHIFT) | (
            (op * _MAX_GENERATIONS + pool_gen) * pool + slot
        )
        key = np.where(reuse, pool_key, -1)
        typo = np.zeros(nr, dtype=bool)

        def hub(cls: int, index: np.ndarray) -> np.ndarray:
            return (np.int64(cls) << _CLASS_SHIFT) | index

        weak = self.weak_mode[store]
        base_pool = (np.int64(_POOL) << _CLASS_SHIFT) | (op * _MAX_GENERATIONS * pool)
        if kind == "address":
            building = self.building[store]
            at_building = first & (building >= 0)
            key = np.where(at_building, hub(_SITE, building), key)
            weak_addr = first & ((weak == 0) | (weak == 2))
            key = np.where(weak_addr, base_pool, key)
            typo = weak_addr
        elif kind == "ip":
            n_carriers = max(1, round(nr * k.carrier_ip_share / k.carrier_ip_size))
            u = rng.random(nr)
            carrier = u < k.carrier_ip_share
            lan = (u >= k.carrier_ip_share) & (u < k.carrier_ip_share + k.lan_ip_share)
            key = np.where(carrier, hub(_CARRIER, rng.integers(0, n_carriers, nr)), key)
            key = np.where(lan, hub(_LAN, rng.integers(0, len(_LAN_IPS), nr)), key)
            building = self.building[store]
            office = first & (building >= 0) & (rng.random(nr) < k.office_ip_rate)
            key = np.where(office, hub(_SITE, building), key)
            agency = self.agency[store]
            key = np.where((agency >= 0) & (rng.random(nr) < 0.9), hub(_AGENCY_HUB, agency), key)
            key = np.where(first & ((weak == 1) | (weak == 2)), base_pool, key)
        elif kind == "device":
            agency = self.agency[store]
            key = np.where((agency >= 0) & (rng.random(nr) < 0.8), hub(_AGENCY_HUB, agency), key)

        if kind == "address" and k.warehouse_share > 0:
            n_parks = max(1, math.ceil(n * k.warehouse_share / k.warehouse_size))
            extra_store = np.flatnonzero(rng.random(n) < k.warehouse_share)
            park = rng.integers(0, n_parks, len(extra_store))
            store = np.concatenate([store, extra_store])
            key = np.concatenate([key, hub(_WAREHOUSE, park)])
            typo = np.concatenate([typo, np.zeros(len(extra_store), dtype=bool)])
            first = np.concatenate([first, np.zeros(len(extra_store), dtype=bool)])
            nr = len(store)

        # Dense entity ids: one per fresh row, one per distinct shared key.
        fresh = key < 0
        n_fresh = int(fresh.sum())
        shared_keys, inverse = np.unique(key[~fresh], return_inverse=True)
        ent = np.empty(nr, dtype=np.int64)
        ent[fresh] = np.arange(n_fresh, dtype=np.int64)
        ent[~fresh] = n_fresh + inverse.ravel()
        ent_class = np.concatenate([np.zeros(n_fresh, dtype=np.int64), shared_keys >> _CLASS_SHIFT])
        ent_sub = np.concatenate(
            [np.zeros(n_fresh, dtype=np.int64), shared_keys & ((1 << _CLASS_SHIFT) - 1)]
        )

        if kind == "address":
            # Honest neighbours: the address of a random banned store.
            neighbour = first & (self.scenario[store] == _NEIGHBOUR)
            banned_rows = np.flatnonzero(first & (self.status[store] == 1))
            if len(banned_rows) and neighbour.any():
                pick = banned_rows[rng.integers(0, len(banned_rows), int(neighbour.sum()))]
                ent[neighbour] = ent[pick]

        # A store holds each identifier once (dirt adds duplicates later).
        shared = np.flatnonzero(ent >= n_fresh)
        if len(shared):
            pair = store[shared] * np.int64(len(ent_class)) + ent[shared]
            _, first_seen = np.unique(pair, return_index=True)
            if len(first_seen) < len(shared):
                keep = np.ones(len(ent), dtype=bool)
                keep[shared] = False
                keep[shared[first_seen]] = True
                store, ent, typo = store[keep], ent[keep], typo[keep]

        render = getattr(self, f"_render_{kind}")
        value = render(ent, ent_class, ent_sub, typo)
        return _Kind(store=store, value=value)

    # -- value renderers ---------------------------------------------------------

    def _cn_mobile(self, size: int) -> np.ndarray:
        return 13_000_000_000 + _unique_ints(self.rng, 7_000_000_000, size)

    def _render_phone(
        self, ent: np.ndarray, ent_class: np.ndarray, ent_sub: np.ndarray, typo: np.ndarray
    ) -> pa.Array:
        rng, k = self.rng, self.k
        n_ent, nr = len(ent_class), len(ent)
        number = self._cn_mobile(n_ent)
        foreign = rng.random(n_ent) < k.foreign_phone_share
        country = rng.integers(0, len(_FOREIGN_PHONES), n_ent)
        lengths = np.array([f[1] for f in _FOREIGN_PHONES])[country]
        first_choice = rng.integers(0, 8, n_ent)
        firsts = [np.array(f[2])[first_choice % len(f[2])] for f in _FOREIGN_PHONES]
        first_digit = np.choose(country, firsts)
        tail = np.floor(rng.random(n_ent) * 10.0 ** (lengths - 1)).astype(np.int64)
        nsn = first_digit * 10 ** (lengths - 1) + tail
        cc = _vocab([f[0] for f in _FOREIGN_PHONES])
        v = _variants(rng, nr, k.variant_rate, 8)
        is_foreign = foreign[ent]
        code = np.where(is_foreign, 8 + v % 5, v)

        def render(c: int, idx: np.ndarray) -> pa.Array:
            e = ent[idx]
            if c >= 8:
                ccs, nat = _take(cc, country[e]), _num(nsn[e])
                return [
                    lambda: _join("+", ccs, nat),
                    lambda: _join("+", ccs, " ", nat),
                    lambda: _join("00", ccs, nat),
                    lambda: _join("+", ccs, "-", nat),
                    lambda: _join("(+", ccs, ") ", nat),
                ][c - 8]()
            d = _num(number[e])
            a, b, t = _slice(d, 0, 3), _slice(d, 3, 7), _slice(d, 7, 11)
            return [
                lambda: d,
                lambda: _join("+86 ", a, " ", b, " ", t),
                lambda: _join("0086-", a, "-", b, "-", t),
                lambda: _join("(+86) ", d),
                lambda: _join("+86", d),
                lambda: _join(a, "-", b, "-", t),
                lambda: _join(a, " ", b, " ", t),
                lambda: _join("86", d),
            ][c]()

        return _by_code(code, 13, render)

    def _email_parts(self, n_ent: int) -> dict[str, np.ndarray]:
        rng = self.rng
        provider = _categorical(rng, _EMAIL_WEIGHTS, n_ent)
        qq = 10_000 + _unique_ints(rng, 4_000_000_000, n_ent)
        # Distinct (surname, given name, number) triples keep addresses distinct;
        # the separator is a function of the triple (never on gmail, where dots
        # do not count).
        key = _unique_ints(rng, len(_SURNAMES) * len(_GIVEN) * 100_000, n_ent)
        number, key = key % 100_000, key // 100_000
        given, surname = key % len(_GIVEN), key // len(_GIVEN)
        sep = (number * 7 + given) % 5 % 3  # "", "." or "_", "" most often
        sep = np.where(provider == _EMAIL_DOMAINS.index("gmail.com"), 0, sep)
        return {
            "provider": provider,
            "qq": qq,
            "number": number,
            "sep": sep,
            "given": given,
            "surname": surname,
        }

    def _render_email_rows(
        self, parts: dict[str, np.ndarray], ent: np.ndarray, v: np.ndarray
    ) -> pa.Array:
        provider = parts["provider"][ent]
        gmail = provider == _EMAIL_DOMAINS.index("gmail.com")
        tag_ok = gmail | np.isin(
            provider, [_EMAIL_DOMAINS.index(d) for d in ("outlook.com", "hotmail.com")]
        )
        is_qq = provider == 0
        code = v.copy()
        code = np.where((code == 5) & ~gmail, 2, code)
        code = np.where((code == 7) & ~gmail, 1, code)
        code = np.where((code == 6) & ~tag_ok, 3, code)
        code = np.where(is_qq & ((code == 2) | (code == 5)), 3, code)
        domains = _vocab(_EMAIL_DOMAINS)
        seps = _vocab(("", ".", "_"))
        surnames, given_v = _vocab(_SURNAMES), _vocab(_GIVEN)
        tags = _vocab(_PLUS_TAGS)
        tag_idx = (parts["number"][ent] + parts["given"][ent]) % len(_PLUS_TAGS)

        def render(c: int, idx: np.ndarray) -> pa.Array:
            e = ent[idx]
            qq = pa.array(is_qq[idx])
            sur = _take(surnames, parts["surname"][e])
            giv = _take(given_v, parts["given"][e])
            num = _num(parts["number"][e])
            sep = _take(seps, parts["sep"][e])
            local = pc.if_else(qq, _num(parts["qq"][e]), _join(sur, sep, giv, num))
            dom = _take(domains, parts["provider"][e])
            if c == 0:
                return _join(local, "@", dom)
            if c == 1:
                return pc.utf8_upper(_join(local, "@", dom))
            if c == 2:
                return _join(pc.utf8_capitalize(sur), sep, giv, num, "@", dom)
            if c == 3:
                return _join(local, "@", pc.utf8_upper(dom))
            if c == 4:
                return _join(" ", local, "@", dom, " ")
            if c == 5:
                return _join(sur, ".", giv, ".", num, "@", dom)
            if c == 6:
                return _join(local, "+", _take(tags, tag_idx[idx]), "@", dom)
            return _join(local, "@googlemail.com")

        return _by_code(code, 8, render)

    def _render_email(
        self, ent: np.ndarray, ent_class: np.ndarray, ent_sub: np.ndarray, typo: np.ndarray
    ) -> pa.Array:
        parts = self._email_parts(len(ent_class))
        v = _variants(self.rng, len(ent), self.k.variant_rate, 8)
        return self._render_email_rows(parts, ent, v)

    def _render_address(
        self, ent: np.ndarray, ent_class: np.ndarray, ent_sub: np.ndarray, typo: np.ndarray
    ) -> pa.Array:
        rng, k = self.rng, self.k
        n_ent, nr = len(ent_class), len(ent)
        n_d, n_r = len(_DISTRICTS), len(_ROADS)
        key = _unique_ints(rng, n_d * n_r * 999 * 600, n_ent)
        room, key = key % 600, key // 600
        number, key = 1 + key % 999, key // 999
        road, district = key % n_r, key // n_r
        floor_, unit = 1 + room // 20, 1 + room % 20
        room_no = floor_ * 100 + unit
        site = np.isin(ent_class, (_SITE, _WAREHOUSE))
        number = np.where(site, 1 + (number * 7) % 1999, number)
        english = (rng.random(n_ent) < k.english_address_share) & ~site
        # Per row.
        e_site = ent_class[ent] == _SITE
        e_park = ent_class[ent] == _WAREHOUSE
        sub = ent_sub[ent]
        room_cn = pc.if_else(
            pa.array(e_site),
            _take(_vocab(_BUILDINGS), sub % len(_BUILDINGS)),
            pc.if_else(
                pa.array(e_park),
                _take(_vocab(_PARKS), sub % len(_PARKS)),
                _join(_num(room_no[ent]), "室"),
            ),
        )
        bare_room = pc.if_else(pa.array(e_site | e_park), room_cn, _num(room_no[ent]))
        v = _variants(rng, nr, k.variant_rate, 8)
        is_en = english[ent]
        code = np.where(is_en, 8 + v % 6, v)
        col = list(zip(*_DISTRICTS, strict=True))
        prov, prov_s, city, city_s = (_vocab(col[i]) for i in range(4))
        dist, city_en, dist_en = _vocab(col[4]), _vocab(col[5]), _vocab(col[6])
        rcol = list(zip(*_ROADS, strict=True))
        road_cn, road_cn_typo, road_en, road_en_typo = (_vocab(rcol[i]) for i in range(4))
        road_type = _vocab(rcol[4])
        road_type_long = _vocab([_ROAD_TYPE_LONG[t] for t in rcol[4]])

        def render(c: int, idx: np.ndarray) -> pa.Array:
            e = ent[idx]
            d, r = district[e], road[e]
            t = pa.array(typo[idx])
            num = _num(number[e])
            if c >= 8:
                rd = pc.if_else(t, _take(road_en_typo, r), _take(road_en, r))
                rm, ce, de = _num(room_no[e]), _take(city_en, d), _take(dist_en, d)
                rt, rtl = _take(road_type, r), _take(road_type_long, r)
                return [
                    lambda: _join("Rm ", rm, ", ", num, " ", rd, " ", rt, ", ", de, ", ", ce),
                    lambda: _join("Room ", rm, ", ", num, " ", rd, " ", rtl, ", ", de, ", ", ce),
                    lambda: pc.utf8_upper(
                        _join("Rm ", rm, ", ", num, " ", rd, " ", rt, ", ", de, ", ", ce)
                    ),
                    lambda: _join(
                        "Rm ", rm, ", ", num, " ", rd, " ", rt, ", ", de, ", ", ce, ", China"
                    ),
                    lambda: _join(num, " ", rd, " ", rtl, " Room ", rm, " ", de, " ", ce),
                    lambda: pc.utf8_lower(
                        _join("rm ", rm, " ", num, " ", rd, " ", rt, " ", de, " ", ce)
                    ),
                ][c - 8]()
            rd = pc.if_else(t, _take(road_cn_typo, r), _take(road_cn, r))
            rc = room_cn.take(pa.array(idx))
            p, pf, ci, cf, di = (
                _take(prov_s, d),
                _take(prov, d),
                _take(city_s, d),
                _take(city, d),
                _take(dist, d),
            )
            canonical = [pf, cf, di, rd, num, "号", rc]
            if c == 1:
                return _join(p, ci, di, rd, num, "号", rc)
            if c == 2:
                return _join(cf, di, rd, num, "号", rc)
            if c == 5:
                return _join(pf, cf, " ", di, " ", rd, num, "号", " ", rc)
            if c == 6:
                return _join(pf, cf, di, rd, num, "号", bare_room.take(pa.array(idx)))
            if c == 7:
                return _join("中国", *canonical)
            return _join(*canonical)

        out = _by_code(code, 14, render)
        # Full-width digits and traditional characters, as variants of their own
        # and on top of another variant now and then.
        chinese = ~is_en
        extra = rng.random(nr) < k.variant_rate / 4
        coin = rng.random(nr) < 0.5
        wide = chinese & ((code == 3) | (extra & coin))
        trad = chinese & ((code == 4) | (extra & ~coin))
        out = self._transform(out, wide, [(str(i), chr(0xFF10 + i)) for i in range(10)])
        return self._transform(out, trad, list(_TRADITIONAL))

    @staticmethod
    def _transform(values: pa.Array, mask: np.ndarray, pairs: list[tuple[str, str]]) -> pa.Array:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return values
        sub = values.take(pa.array(idx))
        for old, new in pairs:
            sub = pc.replace_substring(sub, old, new)
        n = len(values)
        position = np.arange(n, dtype=np.int64)
        position[idx] = n + np.arange(len(idx))
        return pa.concat_arrays([values, sub.cast(_LS)]).take(pa.array(position))

    def _render_device(
        self, ent: np.ndarray, ent_class: np.ndarray, ent_sub: np.ndarray, typo: np.ndarray
    ) -> pa.Array:
        rng, k = self.rng, self.k
        n_ent, nr = len(ent_class), len(ent)
        imei = (rng.random(n_ent) < 0.4) & (ent_class != _AGENCY_HUB)
        nibbles = rng.integers(0, 16, (n_ent, 16), dtype=np.uint8)
        hexchars = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)[nibbles]
        hex_arr = pa.Array.from_buffers(
            _LS,
            n_ent,
            [
                None,
                pa.py_buffer((np.arange(n_ent + 1, dtype=np.int64) * 16).tobytes()),
                pa.py_buffer(np.ascontiguousarray(hexchars).tobytes()),
            ],
        )
        serial = _unique_ints(rng, len(_IMEI_PREFIXES) * 10**12, n_ent)
        prefix = np.array(_IMEI_PREFIXES, dtype=np.int64)[serial // 10**12]
        body = prefix * 10**12 + serial % 10**12  # 14 digits: TAC (8) + serial (6)
        imei_no = body * 10 + _luhn_digit(body, 14)
        v = _variants(rng, nr, k.variant_rate, 6)
        code = np.where(imei[ent], 3 + v, v % 3)

        def render(c: int, idx: np.ndarray) -> pa.Array:
            e = ent[idx]
            if c < 3:
                h = hex_arr.take(pa.array(e))
                return [lambda: h, lambda: pc.utf8_upper(h), lambda: _join(" ", h, " ")][c]()
            d = _num(imei_no[e])
            return [
                lambda: d,
                lambda: _join("IMEI:", d),
                lambda: _join("imei:", d),
                lambda: _join("IMEI: ", d),
                lambda: _join(
                    _slice(d, 0, 2),
                    "-",
                    _slice(d, 2, 8),
                    "-",
                    _slice(d, 8, 14),
                    "-",
                    _slice(d, 14, 15),
                ),
                lambda: _join("IMEI ", d),
            ][c - 3]()

        return _by_code(code, 9, render)

    def _render_payment_account(
        self, ent: np.ndarray, ent_class: np.ndarray, ent_sub: np.ndarray, typo: np.ndarray
    ) -> pa.Array:
        rng, k = self.rng, self.k
        n_ent, nr = len(ent_class), len(ent)
        kind = _categorical(rng, (0.7, 0.15, 0.15), n_ent)  # card, alipay phone, alipay email
        acct = _unique_ints(rng, len(_CARD_BINS) * 1_000_000_000, n_ent)
        body = (
            np.array(_CARD_BINS, dtype=np.int64)[acct // 1_000_000_000] * 1_000_000_000
            + acct % 1_000_000_000
        )
        card = body * 10 + _luhn_digit(body, 15)
        phone = self._cn_mobile(n_ent)
        email_parts = self._email_parts(n_ent)
        v = _variants(rng, nr, k.variant_rate, 4)
        ek = kind[ent]
        code = np.select([ek == 0, ek == 1], [v, 4 + v % 3], 7 + v % 2)
        email_rows = np.flatnonzero(ek == 2)
        emails = self._render_email_rows(
            email_parts, ent[email_rows], np.where(v[email_rows] % 2 == 1, 1, 0)
        )
        email_pos = np.full(nr, -1, dtype=np.int64)
        email_pos[email_rows] = np.arange(len(email_rows))

        def render(c: int, idx: np.ndarray) -> pa.Array:
            e = ent[idx]
            if c >= 7:
                return emails.take(pa.array(email_pos[idx]))
            if c >= 4:
                d = _num(phone[e])
                return [
                    lambda: d,
                    lambda: _join(
                        "+86 ", _slice(d, 0, 3), " ", _slice(d, 3, 7), " ", _slice(d, 7, 11)
                    ),
                    lambda: _join("+86", d),
                ][c - 4]()
            d = _num(card[e])
            groups = [_slice(d, i, i + 4) for i in (0, 4, 8, 12)]
            return [
                lambda: d,
                lambda: _join(groups[0], " ", groups[1], " ", groups[2], " ", groups[3]),
                lambda: _join(groups[0], "-", groups[1], "-", groups[2], "-", groups[3]),
                lambda: _join(" ", d, " "),
            ][c]()

        return _by_code(code, 9, render)

    def _render_id_document(
        self, ent: np.ndarray, ent_class: np.ndarray, ent_sub: np.ndarray, typo: np.ndarray
    ) -> pa.Array:
        rng, k = self.rng, self.k
        n_ent, nr = len(ent_class), len(ent)
        births = pd.date_range("1960-01-01", "2003-12-31", freq="D")
        birth_int = np.asarray(births.strftime("%Y%m%d").astype(int), dtype=np.int64)
        key = _unique_ints(rng, len(_DISTRICTS) * len(births) * 1000, n_ent)
        seq, key = key % 1000, key // 1000
        birth, region = key % len(births), key // len(births)
        regions = np.array([d[7] for d in _DISTRICTS], dtype=np.int64)
        body = regions[region] * 100_000_000_000 + birth_int[birth] * 1000 + seq
        check = _id_check_index(body)
        checks = _vocab(list("10X98765432"))
        v = _variants(rng, nr, k.variant_rate, 4)
        # Lower-case x only shows on X check characters: draw it there more often.
        has_x = check[ent] == 2
        v = np.where(has_x & (v > 0), np.where(rng.random(nr) < 0.6, 1, v), v)

        def render(c: int, idx: np.ndarray) -> pa.Array:
            e = ent[idx]
            d = _num(body[e])
            ch = _take(checks, check[e])
            return [
                lambda: _join(d, ch),
                lambda: pc.utf8_lower(_join(d, ch)),
                lambda: _join(_slice(d, 0, 6), " ", _slice(d, 6, 14), " ", _slice(d, 14, 17), ch),
                lambda: _join(" ", d, ch, " "),
            ][c]()

        return _by_code(v, 4, render)

    def _render_ip(
        self, ent: np.ndarray, ent_class: np.ndarray, ent_sub: np.ndarray, typo: np.ndarray
    ) -> pa.Array:
        rng, k = self.rng, self.k
        n_ent, nr = len(ent_class), len(ent)
        key = _unique_ints(rng, len(_IP_FIRST_OCTETS) * 256 * 256 * 254, n_ent)
        o4, key = 1 + key % 254, key // 254
        o3, key = key % 256, key // 256
        o2, o1 = key % 256, np.array(_IP_FIRST_OCTETS, dtype=np.int64)[key // 256]
        lan = ent_class == _LAN
        lan_table = np.array(_LAN_IPS, dtype=np.int64)[np.where(lan, ent_sub, 0) % len(_LAN_IPS)]
        octets = np.stack([o1, o2, o3, o4], axis=1)
        octets = np.where(lan[:, None], lan_table, octets)
        plain = _vocab([str(i) for i in range(256)])
        padded = _vocab([f"{i:03d}" for i in range(256)])
        v = _variants(rng, nr, k.variant_rate, 4)

        def render(c: int, idx: np.ndarray) -> pa.Array:
            e = ent[idx]
            vocab = padded if c == 1 else plain
            o = [_take(vocab, octets[e, i]) for i in range(4)]
            dotted = _join(o[0], ".", o[1], ".", o[2], ".", o[3])
            if c == 2:
                return _join("::ffff:", dotted)
            if c == 3:
                return _join(" ", dotted, " ")
            return dotted

        return _by_code(v, 4, render)

    # -- assembly --------------------------------------------------------------

    def links(self) -> pd.DataFrame:
        k, rng, n = self.k, self.rng, self.n
        table = self._reuse_table()
        parts: list[pa.Array] = []
        stores: list[np.ndarray] = []
        for j, kind_name in enumerate(_KINDS):
            x = self.links_of_kind(j, kind_name, table)
            stores.append(x.store.astype(np.int32))
            parts.append(x.value)
        sizes = np.array([len(s) for s in stores], dtype=np.int64)
        store = np.concatenate(stores)
        del stores
        kind = np.repeat(np.arange(len(_KINDS), dtype=np.int8), sizes)
        nr = len(store)

        # When each identifier was seen: within a year of opening, before closing.
        end = np.where(self.closed >= 0, self.closed, self.days - 1)
        span = np.minimum(end - self.opened, 400).astype(np.int32)
        opened = self.opened.astype(np.int32)
        seen = opened[store] + (rng.random(nr) * (span[store] + 1)).astype(np.int32)
        del end, span, opened

        # Placeholders and absurdly long values replace real values.
        kind_ph = [_KIND_PLACEHOLDERS[kd] for kd in _KINDS]
        ph_vocab = _vocab(list(_GENERIC_PLACEHOLDERS) + [p for lst in kind_ph for p in lst])
        ph_offsets = np.cumsum([len(_GENERIC_PLACEHOLDERS)] + [len(lst) for lst in kind_ph])
        ph_sizes = np.array([len(lst) for lst in kind_ph])
        u = rng.random(nr)
        ph_rate, long_rate = k.rate("placeholder_rate"), k.rate("long_value_rate")
        ph_rows = np.flatnonzero(u < ph_rate)
        long_rows = np.flatnonzero((u >= ph_rate) & (u < ph_rate + long_rate))
        del u
        generic = rng.random(len(ph_rows)) < 0.5
        pk = kind[ph_rows]
        ph_idx = np.where(
            generic,
            rng.integers(0, len(_GENERIC_PLACEHOLDERS), len(ph_rows)),
            ph_offsets[pk] + (rng.random(len(ph_rows)) * ph_sizes[pk]).astype(np.int64),
        )
        long_vals = pc.binary_repeat(
            pa.chunked_array(parts).take(pa.array(long_rows)),
            pa.array(rng.integers(25, 80, len(long_rows))),
        )
        long_vals = pa.concat_arrays(long_vals.chunks) if long_vals.num_chunks else _vocab([])
        position = np.arange(nr, dtype=np.int64)
        position[ph_rows] = nr + ph_idx
        position[long_rows] = nr + len(ph_vocab) + np.arange(len(long_rows))
        del ph_rows, ph_idx, pk, generic

        # Kind names with padding and mixed case.
        noise = [_KIND_NOISE[kd] for kd in _KINDS]
        kind_vocab = _vocab(list(_KINDS) + [s for lst in noise for s in lst])
        noise_offsets = len(_KINDS) + np.cumsum([0] + [len(lst) for lst in noise[:-1]])
        kind_code = kind.astype(np.int16)
        noisy = np.flatnonzero(rng.random(nr) < k.rate("kind_noise_rate"))
        kind_code[noisy] = noise_offsets[kind[noisy]] + rng.integers(0, 4, len(noisy))
        del noisy
        # Unparseable dates.
        date_vocab = pa.concat_arrays([self.date_vocab, _vocab(_BAD_DATES)])
        bad = np.flatnonzero(rng.random(nr) < k.rate("bad_date_rate"))
        seen[bad] = self.days + rng.integers(0, len(_BAD_DATES), len(bad))
        del bad

        # Duplicated rows and links to stores that do not exist.
        dup = np.flatnonzero(rng.random(nr) < k.rate("duplicate_rate"))
        n_orphans = int(rng.binomial(nr, k.rate("orphan_rate")))
        orphan_src = rng.integers(0, nr, n_orphans)
        orphan_ids = n + rng.integers(0, n, n_orphans)  # shown as S<n+1> .. S<2n>
        row_store = np.concatenate([store, store[dup], orphan_ids]).astype(np.int64)
        src = np.concatenate([np.arange(nr, dtype=np.int64), dup, orphan_src])
        del store, dup, orphan_src
        sort_key = row_store * len(_KINDS) + kind[src]
        del kind
        order = np.argsort(sort_key, kind="stable")
        del sort_key
        src = src[order]
        row_store = row_store[order]
        del order

        ids = self.store_ids(extra=np.unique(orphan_ids))
        id_index = np.searchsorted(self.id_numbers, row_store)
        del row_store
        out = {"store_id": _to_str_series(ids.take(pa.array(id_index)))}
        del id_index
        del ids
        out["kind"] = _to_str_series(_take(kind_vocab, kind_code[src]))
        del kind_code
        value_index = position[src]
        del position
        values = pa.concat_arrays([*parts, ph_vocab, long_vals.cast(_LS)])
        del parts
        out["value"] = _to_str_series(values.take(pa.array(value_index)))
        del values, value_index
        out["observed_at"] = _to_str_series(_take(date_vocab, seen[src]))
        return pd.DataFrame(out)

    def store_ids(self, extra: np.ndarray | None = None) -> pa.Array:
        """Id strings of the stores (0-based internal index i -> ``S`` + i+1), then ``extra``."""
        numbers = np.arange(self.n, dtype=np.int64)
        if extra is not None and len(extra):
            numbers = np.concatenate([numbers, extra])
        self.id_numbers = numbers
        return _join("S", pc.utf8_lpad(_num(numbers + 1), self.id_width, "0"))

    def tables(self) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        self.operators()
        self.timeline()
        self.platforms_and_names()
        self.shuffle_stores()
        self.hubs()
        links = self.links()
        k, rng, n = self.k, self.rng, self.n
        ids = _to_str_series(self.store_ids())
        status_vocab = _vocab(("active", "banned", "closed"))
        active = self.status == 0
        reasons = _vocab(_BAN_REASONS + _CLOSE_REASONS)
        reason = np.where(
            self.status == 1,
            _categorical(rng, _BAN_WEIGHTS, n),
            len(_BAN_REASONS) + rng.integers(0, len(_CLOSE_REASONS), n),
        )
        closed_idx = pa.array(np.maximum(self.closed, 0), mask=active)
        stores = pd.DataFrame(
            {
                "store_id": ids,
                "platform": _to_str_series(_take(_vocab(k.platforms), self.platform)),
                "status": _to_str_series(_take(status_vocab, self.status)),
                "opened_at": _to_str_series(_take(self.date_vocab, self.opened)),
                "closed_at": _to_str_series(self.date_vocab.take(closed_idx)),
                "closure_reason": _to_str_series(reasons.take(pa.array(reason, mask=active))),
                "name": _to_str_series(self.name),
            }
        )

        # Truth, derived from the tables themselves.
        op = self.store_op
        banned = self.status == 1
        offender_op = np.bincount(op, weights=banned, minlength=self.n_ops) > 0
        first_close = np.full(self.n_ops, np.iinfo(np.int64).max)
        np.minimum.at(first_close, op[banned], self.closed[banned])
        offender = offender_op[op]
        is_return = offender & (self.opened > first_close[op])
        sibling = offender & active & ~is_return
        relation = np.select([is_return, sibling], [1, 2], 0)
        op_ids = _join("OP", pc.utf8_lpad(_num(np.arange(self.n_ops) + 1), self.id_width, "0"))
        truth = pd.DataFrame(
            {
                "store_id": ids.copy(),
                "operator_id": _to_str_series(op_ids.take(pa.array(op))),
                "offender": offender,
                "positive": offender & active,
                "relation": _to_str_series(_take(_vocab(("", "return", "sibling")), relation)),
                "scenario": _to_str_series(_take(_vocab(SCENARIOS), self.scenario)),
                "status": stores["status"].copy(),
            }
        )
        return stores, links, truth


def make_marketplace(
    n_stores: int = 10_000,
    *,
    seed: int = 0,
    difficulty: Difficulty = "standard",
    **knobs: Any,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Generate a synthetic marketplace with ground truth.

    Parameters
    ----------
    n_stores : int
        Number of stores (rows of ``stores`` and ``truth``).
    seed : int
        Seed of the random generator; same ``n_stores``, ``seed`` and knobs give
        byte-identical tables.
    difficulty : {"easy", "standard", "hard", "adversarial"}
        Preset of knobs (:data:`DIFFICULTY_PRESETS`) applied before ``knobs``.
    **knobs
        Any field of :class:`MarketplaceKnobs`, e.g. ``dirty_rate=0`` or
        ``return_reuse={"device": 0.9}``.

    Returns
    -------
    stores, links, truth : pandas.DataFrame
        See the module docstring. All text columns have the pandas ``str`` dtype;
        ``offender`` and ``positive`` are ``bool``.

    Raises
    ------
    ConfigError
        ``n_stores`` < 1, unknown difficulty, or a knob out of range.
    TypeError
        Unknown knob name.

    Examples
    --------
    >>> stores, links, truth = make_marketplace(300, seed=7, difficulty="hard")
    >>> truth.columns.tolist()
    ['store_id', 'operator_id', 'offender', 'positive', 'relation', 'scenario', 'status']
    >>> bool(truth.loc[truth["positive"], "status"].eq("active").all())
    True
    """
    if isinstance(n_stores, bool) or not isinstance(n_stores, int | np.integer) or n_stores < 1:
        raise ConfigError(f"'n_stores' must be an integer >= 1 (got {n_stores!r})")
    resolved = MarketplaceKnobs.preset(difficulty, **knobs)
    rng = np.random.default_rng(seed)
    return _Builder(int(n_stores), resolved, rng).tables()
