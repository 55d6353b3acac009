"""STIX 2.1 bundles of offender rings, their member stores and their identifiers.

One bundle holds, for every ring with a banned store (or the rings asked for):

* a ``threat-actor`` (type ``criminal``) for the ring, with its first and last
  sighting and a property extension carrying its size, bans, kinds and the fingerprint
  of the key its references and hashes were made with
  (:func:`sellergraph.intel.key_fingerprint`);
* a ``user-account`` per member store (``user_id`` a keyed store reference unless
  raw values are asked for; ``is_disabled`` for banned and closed stores), with a
  property extension carrying platform, status, closure and score; a
  ``related-to`` relationship from the threat actor to each;
* a ``sellergraph-identifier`` observable per identifier a member holds: STIX has no
  object for phone numbers, payment accounts, ID documents or devices, and none can
  hold a hashed e-mail or IP either, so one new SCO type defined by an
  ``extension-definition`` (:data:`STIX_EXTENSION_ID`) carries ``kind`` and
  ``value_hmac`` (and ``value`` only when raw); ``related-to`` from each holding store;
* an ``indicator`` per ring whose pattern matches any of its strong identifiers
  (kinds weighing at least ``config.rings.min_link``), which ``indicates`` the ring.

A banned store in no ring is in no bundle (:func:`banned_in_no_ring` lists them); the
watchlist carries their identifiers.

Every object but the public definitions carries a TLP marking (TLP:AMBER unless
told otherwise). Identifiers are deterministic (UUIDv4-form ids derived from the
producer, ring, store and hash; UUIDv5 for user accounts, as STIX asks), so the same
analysis and key give the same bundle byte for byte.

Times follow STIX versioning. Each object's ``created`` is the earliest date of what it
states (a ring's first opening, a store's opening, a link's first observation) and its
``modified`` the latest, so a nightly re-export leaves objects whose facts did not change
as they were, and a date in one ring does not move another ring's objects. Given the
bundle sent last time (``previous``), objects already shared keep their ``created``;
those whose content changed get a ``modified`` after the one shared, and unchanged ones
are written exactly as before. Observables (``user-account``, ``sellergraph-identifier``)
have no version times in STIX 2.1: a changed one keeps its id and carries its new content.

The ``stix2`` package builds and checks the objects (``pip install stix2``);
:func:`validate_stix` runs the OASIS ``stix2-validator`` on a bundle.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from .._redact import redact_identifiers
from ..errors import InputError, MissingDependencyError
from ..evidence import kind_label
from ..hashing import keyed_hash
from ..schema import given_platform
from ._common import (
    TimeLike,
    given_platforms,
    identifiers_of,
    key_fingerprint,
    on_platforms,
    resolve_time,
    ring_refs,
    stable_uuid4,
    store_links,
    store_refs,
)
from ._stix_schemas import indexed_schemas
from .case import unknown_ring_error

if TYPE_CHECKING:
    from ..analysis import Analysis

__all__ = [
    "IDENTIFIER_TYPE",
    "STIX_EXTENSION_ID",
    "TLP_LEVELS",
    "banned_in_no_ring",
    "to_stix",
    "validate_stix",
    "write_stix",
]

#: The new SCO type holding one (hashed) identifier.
IDENTIFIER_TYPE = "sellergraph-identifier"
#: Stable id of the extension definition of :data:`IDENTIFIER_TYPE` and of the
#: property extensions on ``user-account`` and ``threat-actor``.
STIX_EXTENSION_ID = "extension-definition--7b0c4bd5-4d1c-4e9e-9f1a-6c3a2d0e8b51"
_PROJECT_IDENTITY_ID = "identity--1f6a9d4e-2b7c-4c8d-9e0f-3a5b6c7d8e9f"
_DEFINITIONS_CREATED = "2025-01-01T00:00:00.000Z"
#: When the extension definition last changed (1.1.0: ``key_fingerprint`` on rings).
_EXTENSION_MODIFIED = "2026-11-25T00:00:00.000Z"
_EXTENSION_VERSION = "1.1.0"
#: Accepted TLP levels (``clear`` is TLP 2.0's name for ``white``; ``amber+strict``
#: exists only in TLP 2.0).
TLP_LEVELS: tuple[str, ...] = ("clear", "white", "green", "amber", "amber+strict", "red")
Tlp = Literal["clear", "white", "green", "amber", "amber+strict", "red"]

#: The OASIS TLP 2.0 marking of ``amber+strict``, as published with its extension
#: definition (cti-stix-common-objects, tlp-2.0): STIX 2.1 predefines TLP 1.0 only, so
#: this object travels in the bundle under its published id.
_TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
_TLP2_AMBER_STRICT = {
    "id": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
    "created": "2022-10-01T00:00:00.000Z",
    "name": "TLP:AMBER+STRICT",
    "extensions": {
        _TLP2_EXTENSION: {"extension_type": "property-extension", "tlp_2_0": "amber+strict"}
    },
}

_EXTENSION_SCHEMA = (
    "sellergraph marketplace identifiers, version 1.1.\n"
    f"New SCO type '{IDENTIFIER_TYPE}': an identifier a marketplace store registered or "
    "traded with, of a kind STIX has no object for (phone number, payment account or bank "
    "card, ID document, device) or of any kind shared only in hashed form. Properties: "
    "'kind' (string, required: phone, payment_account, id_document, device, email, "
    "address, ip or another configured kind); 'value_hmac' (string, required: lower-case "
    "hex HMAC-SHA256, under a key agreed between the sharing parties, of the UTF-8 text "
    "kind + U+001F + normalised value); 'value' (string, optional: the normalised value, "
    "present only when the producer chose to share raw values); 'flag' (string, optional: "
    "a normalisation warning such as luhn_failed or private_ip). It has no ID contributing "
    "properties: its UUID is derived from value_hmac, so producers sharing a key give one "
    "identifier the same id.\n"
    "Property extension on 'user-account' (a marketplace store): 'platform', 'status' "
    "(active, banned or closed), 'ring_id', 'closed_at' (timestamp), 'closure_reason', "
    "'score' (0-1, likelihood the store is run by a banned seller's operator). On "
    "'threat-actor' (a ring of stores run by one operator): 'ring_id', 'size', "
    "'n_banned', 'n_active', 'n_closed', 'platforms' and 'kinds' (lists of strings; "
    "'platforms' left out when the stores name no platform), and 'key_fingerprint' "
    "(string, since 1.1: 16 hex digits identifying the key the ring's ring_id, the "
    "user_id of its accounts and every value_hmac were made with; an HMAC of a fixed "
    "label, revealing nothing of the key; the same as a watchlist's or case package's "
    "made with that key)."
)


def _stix2() -> Any:
    try:
        import stix2
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise MissingDependencyError(
            "STIX export needs the stix2 package: pip install 'sellergraph[stix]' "
            "(or pip install stix2)"
        ) from None
    return stix2


def _tlp(level: str) -> Any:
    v21 = _stix2().v21
    key = str(level).strip().lower().removeprefix("tlp:")
    table = {
        "clear": v21.TLP_WHITE,
        "white": v21.TLP_WHITE,
        "green": v21.TLP_GREEN,
        "amber": v21.TLP_AMBER,
        "red": v21.TLP_RED,
    }
    if key == "amber+strict":
        return v21.MarkingDefinition(**_TLP2_AMBER_STRICT)
    if key not in table:
        raise InputError(f"'tlp' must be one of {', '.join(TLP_LEVELS)} (got {level!r})")
    return table[key]


def _ts(value: object) -> str | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _span(*dates: object, default: pd.Timestamp) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The earliest and the latest of the known ``dates`` (``default`` for both if none)."""
    known = [pd.Timestamp(d) for d in dates if d is not None and pd.notna(d)]
    return (min(known), max(known)) if known else (default, default)


def _times(created: pd.Timestamp, modified: pd.Timestamp) -> dict[str, str | None]:
    """``created`` and ``modified`` of an object (``modified`` never before ``created``)."""
    return {"created": _ts(created), "modified": _ts(max(created, modified))}


def _definitions() -> list[Any]:
    v21 = _stix2().v21
    project = v21.Identity(
        id=_PROJECT_IDENTITY_ID,
        name="sellergraph",
        description="Maintainers of the sellergraph marketplace identifier extension.",
        identity_class="organization",
        created=_DEFINITIONS_CREATED,
        modified=_DEFINITIONS_CREATED,
    )
    extension = v21.ExtensionDefinition(
        id=STIX_EXTENSION_ID,
        created_by_ref=_PROJECT_IDENTITY_ID,
        created=_DEFINITIONS_CREATED,
        modified=_EXTENSION_MODIFIED,
        name="sellergraph marketplace identifiers",
        description=(
            "Identifiers of marketplace stores that STIX lacks (phone, payment account or "
            "bank card, ID document, device), in keyed-hash form, and store and ring "
            "details on user-account and threat-actor."
        ),
        schema=_EXTENSION_SCHEMA,
        version=_EXTENSION_VERSION,
        extension_types=["new-sco", "property-extension"],
    )
    return [project, extension]


def _ring_members(analysis: Analysis, ring_ids: Sequence[str]) -> dict[str, np.ndarray]:
    ring_of = pd.Series(analysis.ring_of, dtype=object)
    wanted = ring_of[ring_of.isin(list(ring_ids))]
    return {str(r): np.sort(idx.to_numpy()) for r, idx in wanted.groupby(wanted).groups.items()}


def _select_rings(
    analysis: Analysis, ring_ids: Iterable[str] | None, secret: bytes | None = None
) -> list[str]:
    rings = analysis.rings
    if ring_ids is None:
        return sorted(rings.loc[rings["n_banned"] > 0, "ring_id"].astype(str))
    asked = [str(r) for r in ring_ids]
    unknown = sorted(set(asked) - set(rings["ring_id"].astype(str)))
    if unknown:
        raise unknown_ring_error(analysis, unknown[0], secret=secret)
    return sorted(set(asked))


def banned_in_no_ring(analysis: Analysis) -> list[str]:
    """Store ids of the banned stores in no ring, which a bundle of rings leaves out.

    A STIX bundle describes rings (a ``threat-actor`` and its member stores); a banned
    store that shares strong evidence with no other store is in none, so it is in no
    bundle. The watchlist (:func:`sellergraph.intel.to_watchlist`) carries it.

    Parameters
    ----------
    analysis : Analysis

    Returns
    -------
    list of str
        Sorted store ids.
    """
    stores = analysis.stores
    ring_of = pd.Series(analysis.ring_of, dtype=object)
    alone = (stores["status"].to_numpy() == "banned") & ring_of.isna().to_numpy()
    return sorted(stores["store_id"].astype(str).to_numpy()[alone])


class _Bundle:
    """Objects of one bundle under construction, with what every object shares."""

    def __init__(
        self,
        *,
        marking: Any,
        identity: Any,
        when: pd.Timestamp | None,
        raw: bool,
        fingerprint: str,
    ) -> None:
        self.v21 = _stix2().v21
        self.marking = marking
        self.identity = identity
        self.when = when
        self.raw = raw
        self.fingerprint = fingerprint
        self.objects: dict[str, Any] = {}
        self.common = {"created_by_ref": identity.id, "object_marking_refs": [marking.id]}

    def times(self, created: pd.Timestamp, modified: pd.Timestamp) -> dict[str, str | None]:
        """An object's times: from its data, or the caller's time for every object."""
        if self.when is not None:
            return _times(self.when, self.when)
        return _times(created, modified)

    def uuid(self, *parts: str) -> str:
        """A stable UUID for one of this producer's objects (STIX lets only an object's
        creator version it, so another producer's object is another object)."""
        return str(stable_uuid4(*parts, self.identity.id))

    def relate(
        self,
        source: str,
        target: str,
        kind: str,
        description: str | None = None,
        *,
        times: dict[str, str | None],
    ) -> None:
        """A relationship; a plain dict in stix2's property order (the library's objects
        cost milliseconds each, and relationships are most of a bundle)."""
        rid = f"relationship--{self.uuid('relationship', source, target)}"
        rel: dict[str, Any] = {
            "type": "relationship",
            "spec_version": "2.1",
            "id": rid,
            "created_by_ref": self.identity.id,
            **times,
            "relationship_type": kind,
        }
        if description:
            rel["description"] = description
        rel.update(
            {"source_ref": source, "target_ref": target, "object_marking_refs": [self.marking.id]}
        )
        self.objects[rid] = rel

    def actor(self, ring_id: str, info: pd.Series, times: dict[str, str | None]) -> str:
        """The ring's ``threat-actor``; returns its id."""
        kinds = [k for k in str(info["kinds"]).split("|") if k]
        platforms = given_platforms(info["platforms"])
        description = (
            f"{int(info['size'])} stores run, by the shared evidence, by one operator: "
            f"{int(info['n_banned'])} banned, {int(info['n_active'])} active, "
            f"{int(info['n_closed'])} closed{on_platforms(info['platforms'])}; "
            f"linked by {', '.join(kind_label(k) for k in kinds) or 'no recorded kinds'}."
        )
        first_seen = _ts(info["first_opened"])
        seen = {"first_seen": first_seen, "last_seen": times["modified"]} if first_seen else {}
        actor_id = f"threat-actor--{self.uuid('ring', ring_id)}"
        self.objects[actor_id] = self.v21.ThreatActor(
            id=actor_id,
            name=f"Ring {ring_id}",
            description=description,
            threat_actor_types=["criminal"],
            extensions={
                STIX_EXTENSION_ID: {
                    "extension_type": "property-extension",
                    "ring_id": ring_id,
                    "size": int(info["size"]),
                    "n_banned": int(info["n_banned"]),
                    "n_active": int(info["n_active"]),
                    "n_closed": int(info["n_closed"]),
                    # STIX allows no empty list: stores without a platform name none
                    **({"platforms": platforms} if platforms else {}),
                    **({"kinds": kinds} if kinds else {}),
                    "key_fingerprint": self.fingerprint,
                }
            },
            allow_custom=True,
            **seen,
            **times,
            **self.common,
        )
        return actor_id

    def account(self, store: Any, ring_id: str, ref: str, score: float | None) -> str:
        """A member store's ``user-account``; returns its id."""
        ext: dict[str, Any] = {"extension_type": "property-extension"}
        platform = given_platform(store.platform)
        if platform is not None:  # none given: no platform named "default"
            ext["platform"] = platform
        ext.update({"status": str(store.status), "ring_id": ring_id})
        if pd.notna(store.closed_at):
            ext["closed_at"] = _ts(store.closed_at)
        if isinstance(store.closure_reason, str) and store.closure_reason:
            reason = store.closure_reason
            ext["closure_reason"] = reason if self.raw else redact_identifiers(reason)
        if score is not None:
            ext["score"] = round(float(score), 6)
        props: dict[str, Any] = {
            "user_id": str(store.store_id) if self.raw else ref,
            "is_disabled": store.status != "active",
        }
        if pd.notna(store.opened_at):
            props["account_created"] = _ts(store.opened_at)
        name = getattr(store, "name", None)
        if self.raw and isinstance(name, str) and name:
            props["display_name"] = name
        account = self.v21.UserAccount(
            object_marking_refs=[self.marking.id],
            extensions={STIX_EXTENSION_ID: ext},
            allow_custom=True,
            **props,
        )
        self.objects[account.id] = account
        return str(account.id)

    def identifier(self, kind: str, value_hmac: str, key: str, flag: object) -> str:
        """An identifier observable (once per hash); returns its id."""
        sco_id = f"{IDENTIFIER_TYPE}--{stable_uuid4('identifier', value_hmac)}"
        if sco_id not in self.objects:
            sco: dict[str, Any] = {
                "type": IDENTIFIER_TYPE,
                "spec_version": "2.1",
                "id": sco_id,
                "kind": kind,
                "value_hmac": value_hmac,
                "object_marking_refs": [self.marking.id],
                "extensions": {STIX_EXTENSION_ID: {"extension_type": "new-sco"}},
            }
            if isinstance(flag, str) and flag:
                sco["flag"] = flag
            if self.raw:
                sco["value"] = key
            self.objects[sco_id] = sco
        return sco_id

    def indicator(
        self, ring_id: str, hashes: set[str], actor_id: str, times: dict[str, str | None]
    ) -> None:
        """An ``indicator`` matching any of ``hashes``, which ``indicates`` the ring."""
        values = ", ".join(f"'{h}'" for h in sorted(hashes))
        ind_id = f"indicator--{self.uuid('indicator', ring_id)}"
        self.objects[ind_id] = self.v21.Indicator(
            id=ind_id,
            name=f"Identifiers of ring {ring_id}",
            description=(
                f"A store registered with any of these {len(hashes)} hashed identifiers "
                f"shares strong evidence with ring {ring_id}."
            ),
            indicator_types=["attribution"],
            pattern=f"[{IDENTIFIER_TYPE}:value_hmac IN ({values})]",
            pattern_type="stix",
            valid_from=times["created"],
            **times,
            **self.common,
        )
        self.relate(ind_id, actor_id, "indicates", times=times)

    def to_json(self, previous: dict[str, dict[str, Any]]) -> str:
        """The bundle as pretty-printed JSON, each object in stix2's property order,
        versioned against ``previous`` (objects of the bundle shared last, by id).

        Objects are serialised one by one: the library's whole-bundle pretty printer is
        quadratic in the number of objects.
        """
        head = [self.marking, *_definitions(), self.identity]
        bundle_id = stable_uuid4("bundle", *sorted(self.objects), self.identity.id)
        objects = [
            o if isinstance(o, dict) else json.loads(o.serialize())
            for o in [*head, *self.objects.values()]
        ]
        changed_at = _ts(self.when)
        payload = {
            "type": "bundle",
            "id": f"bundle--{bundle_id}",
            "objects": [_next_version(o, previous.get(o["id"]), changed_at) for o in objects],
        }
        return json.dumps(payload, indent=4, ensure_ascii=False) + "\n"


_VERSION_TIMES = ("created", "modified", "valid_from")


def _next_version(
    obj: dict[str, Any], shared: dict[str, Any] | None, changed_at: str | None
) -> dict[str, Any]:
    """``obj`` as the next version of ``shared``, the same object as sent before.

    STIX keeps an object's ``created`` for good and asks for a later ``modified``
    whenever its content changes: unchanged objects are returned as shared, changed ones
    keep ``created`` and get a ``modified`` after the shared one (``changed_at`` if that
    is later). An indicator's ``valid_from`` stays its ``created``.
    """
    if shared is None or "created" not in obj or "created" not in shared:
        return obj

    def content(o: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in o.items() if k not in _VERSION_TIMES}

    if content(obj) == content(shared):
        return shared
    before = pd.Timestamp(shared["modified"]).tz_localize(None)
    after = max(
        pd.Timestamp(obj["modified"]).tz_localize(None),
        before + pd.Timedelta(milliseconds=1),
        *([pd.Timestamp(changed_at).tz_localize(None)] if changed_at else []),
    )
    out = dict(obj)
    out["created"] = shared["created"]
    out["modified"] = _ts(after)
    if "valid_from" in out:
        out["valid_from"] = shared.get("valid_from", shared["created"])
    return out


def _shared_objects(previous: str | Path | dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The objects of the bundle sent last time, by id (a path, JSON text or a bundle)."""
    if previous is None:
        return {}
    bundle: Any = previous
    where = "the previous bundle"
    if isinstance(previous, Path) or (
        isinstance(previous, str) and not previous.lstrip().startswith("{")
    ):
        where = f"the previous bundle {str(previous)!r}"
        try:
            bundle = Path(previous).read_text(encoding="utf-8")
        except OSError as exc:
            raise InputError(f"cannot read {where}: {exc.strerror or exc}") from None
    if isinstance(bundle, str):
        try:
            bundle = json.loads(bundle)
        except ValueError as exc:
            raise InputError(f"{where} is not JSON: {exc}") from None
    objects = bundle.get("objects") if isinstance(bundle, dict) else None
    if (
        not isinstance(bundle, dict)
        or bundle.get("type") != "bundle"
        or not isinstance(objects, list)
    ):
        raise InputError(f"{where} is not a STIX bundle (an object of type 'bundle' with objects)")
    shared: dict[str, dict[str, Any]] = {}
    for i, obj in enumerate(objects):
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            raise InputError(f"{where}: object {i} has no id")
        for key in ("created", "modified"):
            if key in obj and pd.isna(pd.to_datetime(obj[key], errors="coerce", utc=True)):
                raise InputError(f"{where}: object {obj['id']} has {key} {obj[key]!r}, not a time")
        shared[obj["id"]] = obj
    return shared


def _member_links(analysis: Analysis, codes: np.ndarray, secret: bytes) -> pd.DataFrame:
    """The links of the stores ``codes``, hashed, without suppressed hubs."""
    links, codes_held = store_links(analysis, codes)
    ident = identifiers_of(analysis, codes_held)
    held = pd.DataFrame(
        {
            "kind": ident["kind"].astype(str).to_numpy(),
            "key": ident["key"].to_numpy(),
            "suppressed": ident["suppressed"].to_numpy(dtype=bool),
        }
    )
    links = links.assign(kind=links["kind"].astype(str).to_numpy()).merge(
        held, on=["kind", "key"], how="left"
    )
    links = links[~links["suppressed"].fillna(False).to_numpy(dtype=bool)]
    links = links.assign(value_hmac=keyed_hash(links["kind"], links["key"], secret))
    return links.reset_index(drop=True)


def to_stix(
    analysis: Analysis,
    *,
    secret: bytes,
    ring_ids: Iterable[str] | None = None,
    tlp: Tlp | str = "amber",
    raw: bool = False,
    created: TimeLike = None,
    producer: str | None = None,
    previous: str | Path | dict[str, Any] | None = None,
) -> str:
    """A STIX 2.1 bundle (JSON text) of rings, their member stores and identifiers.

    Parameters
    ----------
    analysis : Analysis
    secret : bytes
        The key agreed with the recipients (:func:`sellergraph.hashing.read_secret`);
        identifiers and store references are HMAC-SHA256 under it, and each ring's
        threat actor carries its fingerprint (``key_fingerprint`` in its extension).
    ring_ids : iterable of str, optional
        Rings to include; by default every ring with at least one banned store.
    tlp : {"clear", "white", "green", "amber", "amber+strict", "red"}, default "amber"
        Traffic Light Protocol marking of every shared object: STIX 2.1's predefined
        TLP 1.0 definitions (``clear`` is written as TLP:WHITE), and for
        ``amber+strict`` the OASIS TLP 2.0 definition, carried in the bundle.
    raw : bool, default False
        Put store ids, store names and normalised identifier values into the bundle.
    created : str or Timestamp, optional
        The time of this export, for every object it creates or changes. By default
        each object's ``created`` and ``modified`` are the earliest and latest dates of
        what it states, so an object whose facts did not change keeps its times.
    producer : str, optional
        Name of the sharing organisation (the bundle's ``identity``, and part of every
        object id); defaults to the analysis's platforms.
    previous : str, Path or dict, optional
        The bundle sent last time (a path, JSON text or the parsed bundle). Objects
        already shared keep their ``created``; those whose content changed (new members,
        a new marking, ...) get a ``modified`` after the shared one; unchanged ones are
        written exactly as shared.

    Returns
    -------
    str
        The bundle, pretty-printed JSON.

    Examples
    --------
    >>> import sellergraph as sg
    >>> stores, links, _ = sg.make_marketplace(400, seed=5)
    >>> analysis = sg.analyze(stores, links, seed=0)
    >>> text = to_stix(analysis, secret=b"a key both partners agreed on")
    >>> import json
    >>> sorted({o["type"] for o in json.loads(text)["objects"]})  # doctest: +NORMALIZE_WHITESPACE
    ['extension-definition', 'identity', 'indicator', 'marking-definition', 'relationship',
     'sellergraph-identifier', 'threat-actor', 'user-account']

    Re-exported with a tighter marking and the first bundle as ``previous``, objects
    keep their ``created`` and move to a later ``modified``:

    >>> again = json.loads(to_stix(analysis, secret=b"a key both partners agreed on",
    ...                            tlp="red", previous=text))
    >>> first = {o["id"]: o for o in json.loads(text)["objects"]}
    >>> actor = next(o for o in again["objects"] if o["type"] == "threat-actor")
    >>> actor["created"] == first[actor["id"]]["created"]
    True
    >>> actor["modified"] > first[actor["id"]]["modified"]
    True
    """
    v21 = _stix2().v21
    marking = _tlp(tlp)
    shared = _shared_objects(previous)
    when = None if created is None else resolve_time(created)
    fallback = when if when is not None else resolve_time(None, analysis)
    rings = _select_rings(analysis, ring_ids, secret)
    members_of = _ring_members(analysis, rings)
    stores = analysis.stores
    platforms = sorted({p for p in stores["platform"] if given_platform(p) is not None})
    name = producer or (f"platform {', '.join(platforms)}" if platforms else "marketplace")
    since = when if when is not None else _earliest(analysis, fallback)
    identity = v21.Identity(
        id=f"identity--{stable_uuid4('producer', name)}",
        name=name,
        identity_class="organization",
        **_times(since, since),
        object_marking_refs=[marking.id],
    )
    bundle = _Bundle(
        marking=marking, identity=identity, when=when, raw=raw, fingerprint=key_fingerprint(secret)
    )
    score = analysis.scores.set_index("store_id")["score"]
    codes_all = np.concatenate([*members_of.values(), np.array([], dtype=np.int64)])
    links = _member_links(analysis, codes_all, secret)
    links_of = {str(sid): rows for sid, rows in links.groupby("store_id").indices.items()}
    cfg = analysis.config
    strong = {k for k, rule in cfg.kinds.items() if rule.weight >= cfg.rings.min_link}
    info = analysis.rings.set_index("ring_id")
    none = np.array([], dtype=np.int64)
    shown = dict(zip(rings, rings if raw else ring_refs(rings, secret), strict=True))
    for ring_id in rings:
        label = str(shown[ring_id])
        member = stores.iloc[members_of.get(ring_id, none)]
        rows = [links_of.get(str(sid), none) for sid in member["store_id"]]
        mlinks = links.iloc[np.sort(np.concatenate([*rows, none]))]
        first, last = _span(
            *member["opened_at"],
            *member["closed_at"],
            *mlinks["first_seen"],
            *mlinks["last_seen"],
            default=fallback,
        )
        begun = info.loc[ring_id, "first_opened"]
        begun = first if pd.isna(begun) else pd.Timestamp(begun)
        ring_times = bundle.times(begun, last)
        actor_id = bundle.actor(label, info.loc[ring_id], ring_times)
        refs = store_refs(member["store_id"], secret)
        account_of: dict[str, str] = {}
        opened_of: dict[str, pd.Timestamp] = {}
        for store, ref in zip(member.itertuples(index=False), refs, strict=True):
            sid = str(store.store_id)
            account_of[sid] = bundle.account(store, label, ref, score.get(sid))
            opened = begun if pd.isna(store.opened_at) else max(begun, store.opened_at)
            opened_of[sid] = opened
            closed = (
                opened if store.status == "active" else _span(store.closed_at, default=opened)[0]
            )
            description = f"member store of ring {label} ({store.status})"
            bundle.relate(
                actor_id,
                account_of[sid],
                "related-to",
                description,
                times=bundle.times(opened, closed),
            )
        pattern_hashes: set[str] = set()
        for rec in mlinks.sort_values(["value_hmac", "store_id"]).itertuples(index=False):
            sid = str(rec.store_id)
            sco_id = bundle.identifier(rec.kind, rec.value_hmac, rec.key, rec.flag)
            description = f"registered with this {kind_label(rec.kind)}"
            held = _span(rec.first_seen, default=opened_of[sid])[0]
            bundle.relate(
                account_of[sid], sco_id, "related-to", description, times=bundle.times(held, held)
            )
            if rec.kind in strong:
                pattern_hashes.add(rec.value_hmac)
        if pattern_hashes:
            bundle.indicator(label, pattern_hashes, actor_id, ring_times)
    return bundle.to_json(shared)


def _earliest(analysis: Analysis, default: pd.Timestamp) -> pd.Timestamp:
    """The earliest date in ``analysis`` (``default`` when it holds none)."""
    stores, first_seen = analysis.stores, pd.Series(analysis.dataset.codes.first_seen)
    dates = (stores["opened_at"].min(), stores["closed_at"].min(), first_seen.min())
    return _span(*dates, default=default)[0]


def write_stix(analysis: Analysis, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`to_stix` of ``analysis`` to ``path`` (same keyword options)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(to_stix(analysis, **kwargs).encode("utf-8"))
    return p


def validate_stix(bundle: str, *, strict: bool = True) -> list[str]:
    """Check a bundle with the OASIS ``stix2-validator``; returns the problems found.

    Parameters
    ----------
    bundle : str
        STIX 2.1 JSON text.
    strict : bool, default True
        Treat the validator's warnings (recommended practice: UUIDv4 ids, names and
        descriptions present, suggested relationship types, known vocabularies) as
        problems too. References must resolve inside the bundle.

    Returns
    -------
    list of str
        Empty when the bundle is valid.
    """
    try:
        from stix2validator import ValidationOptions, validate_string
    except ImportError:  # pragma: no cover - exercised only without the extra
        raise MissingDependencyError(
            "STIX validation needs stix2-validator: pip install 'sellergraph[stix]' "
            "(or pip install stix2-validator)"
        ) from None
    try:
        json.loads(bundle)
    except ValueError as exc:
        return [f"not JSON: {exc}"]
    options = ValidationOptions(
        version="2.1", strict=strict, strict_properties=strict, enforce_refs=True, silent=True
    )
    try:
        with indexed_schemas():
            results = validate_string(bundle, options)
    except Exception as exc:  # the validator raises on some malformed content (patterns)
        return [f"the validator stopped: {type(exc).__name__}: {exc}"]
    problems: list[str] = []
    for obj in getattr(results, "object_results", None) or [results]:
        problems += [f"{obj.object_id}: {e.message}" for e in obj.errors]
        if strict:
            problems += [f"{obj.object_id}: {w.message}" for w in obj.warnings]
    return problems
