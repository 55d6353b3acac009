"""Configuration as data: frozen dataclasses with ``to_dict`` / ``from_dict``.

Every number that shapes a result lives here, so an :class:`~sellergraph.Analysis`
can record exactly what made it.

Examples
--------
>>> from sellergraph.config import Config
>>> cfg = Config()
>>> cfg.kinds["device"].weight
0.85
>>> Config.from_dict(cfg.to_dict()) == cfg
True
>>> cfg2 = cfg.replace(alert_threshold=0.7)
>>> cfg2.scoring.alert_threshold
0.7
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import re
import unicodedata
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from .errors import ConfigError

log = logging.getLogger(__name__)

__all__ = [
    "BUILTIN_KINDS",
    "DATE_ORDERS",
    "DEFAULT_PLACEHOLDERS",
    "KIND_ALIASES",
    "STATUSES",
    "Config",
    "DateConfig",
    "EmailRule",
    "FuzzyConfig",
    "InputConfig",
    "KindRule",
    "NormalizeConfig",
    "RingConfig",
    "ScoreConfig",
    "canonical_kind",
    "dropped_placeholders",
    "read_status",
    "resolve_kind",
    "status_key",
    "status_word",
]

#: The statuses of the data contract: ``banned`` is closed by governance (counterfeit,
#: IP infringement, fraud), ``closed`` closed for other reasons.
STATUSES: tuple[str, ...] = ("active", "banned", "closed")

#: Identifier kinds with a dedicated normaliser.
BUILTIN_KINDS: tuple[str, ...] = (
    "payment_account",
    "id_document",
    "device",
    "phone",
    "email",
    "address",
    "ip",
)

#: Other names marketplaces give the built-in kinds in a links table's ``kind``
#: column (canonical spelling, see :func:`canonical_kind`). A name is read as its
#: built-in kind only when the config does not configure that name itself.
_OTHER_NAMES: dict[str, str] = {
    "payment_account": (
        "payment payment_method payout_account bank_account bank_acct bank_card card "
        "card_number iban alipay paypal pix chave_pix clabe cbu cvu clabe_cbu conta_bancaria "
        "conta_bancária cuenta_bancaria mercado_pago mercadopago conta_mercado_pago "
        "cuenta_mercado_pago conta_repasse bankverbindung kontonummer konto iban_nummer "
        "nr_konta numer_konta numer_rachunku rachunek rib numero_de_compte compte_bancaire "
        "coordonnees_bancaires hesap_no banka_hesabi rekeningnummer conto_corrente"
    ),
    "id_document": (
        "id_doc id_card id_number identity_document national_id passport passport_number "
        "business_license tax_id tax_number vat_id vat_number ssn soc_sec_id social_security "
        "social_security_number national_id_number national_insurance_number nric hkid cpf "
        "cnpj curp rfc dni nif aadhaar documento doc_fiscal cuit cuil nit ruc rut cedula cédula "
        "cpf_cnpj cnpj_cpf cpf/cnpj cnpj/cpf rg ust_idnr ust_idnr. ust_id ust_id_nr ust_id_nr. "
        "ustidnr umsatzsteuer_id steuer_id steuer_idnr steuernummer steuer_nr vat vat_no nip regon "
        "pesel siret siren numero_tva tva tc_kimlik tc_kimlik_no tckn vkn vergi_no ipn inn "
        "ausweisnummer personalausweis numer_dowodu kimlik_no"
    ),
    "device": (
        "device_id device_fingerprint fingerprint imei udid dispositivo id_dispositivo "
        "geraet geraete_id gerät geräte_id appareil urzadzenie urządzenie cihaz"
    ),
    "phone": (
        "mobile mobile_phone cell cellphone tel telephone phone_number msisdn telefone "
        "telefono teléfono celular movil móvil whatsapp telefonnummer telefon handy "
        "handynummer mobilnummer mobiltelefon téléphone portable numer_telefonu "
        "telefon_numarasi cep_telefonu telefoonnummer"
    ),
    "email": (
        "e_mail mail email_address correo correo_electronico correo_electrónico "
        "e_mail_adresse email_adresse courriel adresse_mail adres_email e_posta"
    ),
    "address": (
        "addr warehouse warehouse_address warehouse_addr shipping_address return_address "
        "pickup_address postal_address endereco endereço direccion dirección domicilio "
        "endereco_coleta endereço_coleta adresse anschrift lageradresse lager_adresse "
        "adresse_postale adres adres_magazynu depo_adresi indirizzo"
    ),
    "ip": (
        "ip_address ip_addr ipv4 ipv6 login_ip register_ip registration_ip signup_ip ip_login "
        "ip_registro ip_cadastro ip_adresse adresse_ip adres_ip ip_adresi"
    ),
}
KIND_ALIASES: Mapping[str, str] = MappingProxyType(
    {name: kind for kind, names in _OTHER_NAMES.items() for name in names.split()}
)

#: Japanese, Korean and more Arabic words for "none", "not applicable", "unknown", "not
#: filled in", "not available": placeholders (:data:`DEFAULT_PLACEHOLDERS`) and, in a
#: date column, an empty date.
NONE_WORDS_JA_KO_AR: tuple[str, ...] = (
    "なし",
    "無し",
    "該当なし",
    "不明",
    "未記入",
    "없음",
    "해당없음",
    "해당 없음",
    "미기재",
    "미상",
    "모름",
    "غير متوفر",
    "غير متاح",
    "لا ينطبق",
)

#: Values that mean "nothing" in real registration data. Compared after the
#: kind's normaliser has run and also on the raw value (case-insensitively).
DEFAULT_PLACEHOLDERS: tuple[str, ...] = (
    "",
    "-",
    "--",
    ".",
    "0",
    "n/a",
    "na",
    "nan",
    "nil",
    "none",
    "null",
    "undefined",
    "unknown",
    "unknow",
    "test",
    "tbd",
    "xxx",
    "not available",
    "not provided",
    "no address",
    "none provided",
    "test@test.com",
    "test@example.com",
    "example@example.com",
    "a@a.com",
    "noemail@noemail.com",
    "no@email.com",
    "noemail@gmail.com",
    "nomail@gmail.com",
    "none@gmail.com",
    "na@gmail.com",
    "not applicable",
    "same as above",
    "as above",
    # an Indian PAN form's dummy value; Mexico's generic RFCs, which invoices to the
    # general public and to foreigners carry (strangers share them)
    "aaaaa0000a",
    "xaxx010101000",
    "xexx010101000",
    "无",
    "未知",
    "暂无",
    "不详",
    "空",
    # Indonesian and Malay: "none", "not yet", "empty", "unknown"
    "tidak ada",
    "tiada",
    "tak ada",
    "belum ada",
    "kosong",
    "tidak diketahui",
    "tidak tahu",
    # Tagalog, Vietnamese, Thai: "none", "unknown"
    "wala",
    "hindi alam",
    "không có",
    "không",
    "chưa có",
    "không rõ",
    "ไม่มี",
    "ไม่ทราบ",
    # Spanish and Portuguese: "none", "no data"
    "ninguno",
    "ninguna",
    "nenhum",
    "nenhuma",
    "sin datos",
    "sem dados",
    # ... and "not informed", "not stated", "no information", "not applicable", "n/a"
    "não informado",
    "nao informado",
    "não informada",
    "nao informada",
    "não consta",
    "nao consta",
    "sem informação",
    "sem informacao",
    "não se aplica",
    "nao se aplica",
    "sin dato",
    "sin información",
    "sin informacion",
    "no informado",
    "no informada",
    "no aplica",
    "no disponible",
    "n/d",
    "s/d",
    # German, French, Dutch, Italian, Polish, Turkish, Ukrainian and Russian: "not
    # given", "none", "unknown", "not applicable"
    "k.a.",
    "keine angabe",
    "keine angaben",
    "nicht angegeben",
    "nicht vorhanden",
    "unbekannt",
    "n.v.",
    "non renseigné",
    "non renseigne",
    "non communiqué",
    "néant",
    "neant",
    "inconnu",
    "aucun",
    "aucune",
    "geen",
    "onbekend",
    "n.v.t.",
    "nessuno",
    "non disponibile",
    "sconosciuto",
    "brak",
    "brak danych",
    "nie dotyczy",
    "yok",
    "bilinmiyor",
    "belirtilmemiş",
    "belirtilmemis",
    "немає",
    "немає даних",
    "не вказано",
    "нет",
    "нет данных",
    "не указано",
    "отсутствует",
    # Hindi, Arabic, Swahili: "none", "unknown"
    "कोई नहीं",
    "नहीं",
    "لا يوجد",
    "لا شيء",
    "غير معروف",
    "hakuna",
    *NONE_WORDS_JA_KO_AR,
)


def _check(cond: bool, name: str, rule: str, value: object) -> None:
    if not cond:
        raise ConfigError(f"{name!r} must be {rule} (got {value!r})")


def _check_type(name: str, annotation: object, value: object) -> None:
    """Reject a config value of the wrong type with a message naming it."""
    kind = str(annotation)
    if kind == "bool":
        ok, want = isinstance(value, bool), "true or false"
    elif kind == "int":
        ok, want = isinstance(value, int) and not isinstance(value, bool), "an integer"
    elif kind == "float":
        ok, want = isinstance(value, int | float) and not isinstance(value, bool), "a number"
    elif kind == "str" or kind.startswith("Literal"):
        ok, want = isinstance(value, str), "text"
    else:
        return
    if not ok:
        raise ConfigError(f"{name!r} must be {want} (got {value!r})")


def _text_values(name: str, values: object) -> tuple[str, ...]:
    """A setting that lists values, as a tuple of text (a number is read as its text);
    a ConfigError naming ``name`` when it is no list, or holds something else."""
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise ConfigError(f"{name!r} must be a list of values (got {values!r})")
    out = []
    for value in values:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise ConfigError(f"{name!r} must list text values (got {value!r})")
        out.append(value)
    return tuple(out)


def _frozen_mapping(m: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(sorted(m.items())))


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


# where a CamelCase name's words meet: a lower-case letter or digit before a capital,
# or a capital before one that starts a word (StoreId, openedAt, IPAddress, storeID)
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def camel_words(name: object) -> str | None:
    """A CamelCase name with its words parted by ``_`` (``StoreId`` is ``Store_Id``), or
    None when it has no words to part: what an export or a JSON API writes for
    ``store_id``, ``closure_reason`` or ``phone_number``.

    Examples
    --------
    >>> [camel_words(n) for n in ("StoreId", "openedAt", "IPAddress", "storeID")]
    ['Store_Id', 'opened_At', 'IP_Address', 'store_ID']
    >>> camel_words("IBAN"), camel_words("store_id"), camel_words("Store ID")
    (None, None, None)
    """
    if not isinstance(name, str):
        return None
    parted = _CAMEL_BOUNDARY.sub("_", name)
    return parted if parted != name else None


def status_word(text: object) -> str:
    """A status cell as the word it is compared by: NFKC, trimmed, case folded, and
    runs of spaces, hyphens and underscores as one space.

    Examples
    --------
    >>> status_word("  Suspended_By-Admin "), status_word("ＢＡＮＮＥＤ")
    ('suspended by admin', 'banned')
    """
    text = unicodedata.normalize("NFKC", str(text)).strip().casefold()
    return _KIND_SEPARATORS.sub(" ", text).strip()


def status_key(text: object) -> str:
    """A key of the config's ``statuses`` as it is kept: a word (:func:`status_word`), or
    a prefix pattern, the start of a word and ``*`` (``SUSPENDED -*`` is
    ``suspended*``), which covers every word that starts so.

    Raises
    ------
    ConfigError
        A ``*`` anywhere but at the end, or with nothing before it.

    Examples
    --------
    >>> status_key(" Suspended_By-Admin "), status_key("SUSPENDED - *")
    ('suspended by admin', 'suspended*')
    >>> status_key("*fraud")
    Traceback (most recent call last):
    ...
    sellergraph.errors.ConfigError: 'statuses.*fraud': a pattern is the start of a word ...
    """
    word = status_word(text)
    if "*" not in word:
        return word
    start = word[:-1].rstrip()
    if not word.endswith("*") or "*" in start or not start:
        raise ConfigError(
            f"'statuses.{text}': a pattern is the start of a word and a * at the end, "
            f"such as 'suspended*' (got {text!r})"
        )
    return start + "*"


def read_status(word: str, statuses: Mapping[str, str]) -> str:
    """The status a status word (spelled by :func:`status_word`) is read as.

    A word the mapping names is read as it says; a contract word (:data:`STATUSES`)
    the mapping does not name is itself; any other word is read as the longest prefix
    pattern (:func:`status_key`) it starts with says; a word no rule covers is left as
    it is (an ``unknown_status`` when the stores are read). So exact words win over
    patterns, and a pattern never changes a contract word.

    Examples
    --------
    >>> rules = {"suspended*": "banned", "suspended by seller*": "closed", "open": "active"}
    >>> [read_status(w, rules) for w in ("suspended counterfeit", "suspended by seller",
    ...                                   "open", "banned", "frozen")]
    ['banned', 'closed', 'active', 'banned', 'frozen']
    """
    named = statuses.get(word)
    if named is not None:
        return named
    if word in STATUSES:
        return word
    best = ""
    for key in statuses:
        if key.endswith("*") and len(key) > len(best) and word.startswith(key[:-1]):
            best = key
    return statuses[best] if best else word


def _word_map(
    setting: str,
    given: object,
    *,
    spell: Callable[[str], str],
    targets: Container[str],
    shape: str,
    key_noun: str,
    rule: str,
) -> Mapping[str, str]:
    """A mapping setting checked: each key spelled by ``spell`` (not empty) to a value
    in ``targets`` (spelled by ``spell`` too), no key to two values."""
    if not isinstance(given, Mapping):
        raise ConfigError(f"{setting} must be a mapping of {shape} (got {type(given).__name__})")
    out: dict[str, str] = {}
    for word, value in given.items():
        key = spell(word) if isinstance(word, str) else ""
        _check(bool(key), setting, f"keyed by a non-empty {key_noun}", word)
        target = spell(value) if isinstance(value, str) else value
        if target not in targets:
            raise ConfigError(f"'{setting}.{word}' must {rule} (got {value!r})")
        if out.get(key, target) != target:
            raise ConfigError(f"{setting}: {word!r} is mapped to both {out[key]!r} and {target!r}")
        out[key] = str(target)
    return _frozen_mapping(out)


def _status_map(statuses: object) -> Mapping[str, str]:
    """The ``statuses`` setting checked: each word or prefix pattern (spelled by
    :func:`status_key`) names one of :data:`STATUSES`."""
    return _word_map(
        "statuses",
        statuses,
        spell=status_key,
        targets=STATUSES,
        shape=f"a status word to one of {', '.join(STATUSES)}",
        key_noun="word",
        rule="be one of " + ", ".join(repr(s) for s in STATUSES),
    )


def _kind_name_map(names: object, kinds: Container[str]) -> Mapping[str, str]:
    """The ``kind_names`` setting checked: each other name (spelled by
    :func:`canonical_kind`) to a kind the config has."""
    return _word_map(
        "kind_names",
        names,
        spell=canonical_kind,
        targets=kinds,
        shape="a name to a configured kind",
        key_noun="name",
        rule="name a configured kind, such as 'phone' or 'payment_account'",
    )


def resolve_kind(
    name: object, known: Container[str], names: Mapping[str, str] | None = None
) -> str:
    """The kind a ``kind`` cell names: its canonical spelling, or the built-in kind it
    is another name for (:data:`KIND_ALIASES`) when that spelling is not in ``known``,
    or the kind a numbered name is one more value of (``phone_2``, ``Email 1``,
    ``mobile2``; not ``address2``, which is an address's second line), or the kind
    a column name holds with words that say whose or which value it is before it
    (``Contact_``, ``Seller_``, ``Store_``, ``Last_``, ``Login_``, ``Registration_``,
    ...: :data:`_NAME_PREFIXES`), ``_info``, ``_details`` or ``_list`` after it, or
    its last word plural (``Contact_Phones``, ``Device_Info``, ``Last_Login_IP``,
    ``emails``). Other words around a kind's name (``ip_country``,
    ``phone_verified``, ``device_count``) make no kind. ``names``
    (a config's ``kind_names``) come first: other names the caller gave kinds.

    Examples
    --------
    >>> resolve_kind("Mobile Phone", {"phone", "email"})
    'phone'
    >>> resolve_kind("card", {"card", "payment_account"})  # configured itself: kept
    'card'
    >>> resolve_kind("fax", {"phone"})
    'fax'
    >>> resolve_kind("Phone 2", {"phone"}), resolve_kind("mobile2", {"phone"})
    ('phone', 'phone')
    >>> resolve_kind("address_2", {"address"})
    'address_2'
    >>> resolve_kind("TELEFONE", {"phone"}, {"telefone": "phone"})
    'phone'
    >>> kinds = {"phone", "email", "device", "ip", "address"}
    >>> [resolve_kind(c, kinds) for c in ("Contact_Phones", "Device_Info", "Last_Login_IP")]
    ['phone', 'device', 'ip']
    >>> [resolve_kind(c, kinds) for c in ("ip_country", "phone_verified", "device_count")]
    ['ip_country', 'phone_verified', 'device_count']
    >>> [resolve_kind(c, kinds) for c in ("PhoneNumber", "deviceId", "LastLoginIP", "eMail")]
    ['phone', 'device', 'ip', 'email']
    """
    kind = _resolved(canonical_kind(name), known, names)
    if kind in known:
        return kind
    # a CamelCase name (PhoneNumber, deviceId) is read with its words parted, when
    # as one word it names no kind (eMail is email)
    parted = (
        camel_words(unicodedata.normalize("NFKC", name).strip()) if isinstance(name, str) else None
    )
    if parted is not None:
        again = _resolved(canonical_kind(parted), known, names)
        if again in known:
            return again
    return kind


def _resolved(kind: str, known: Container[str], names: Mapping[str, str] | None) -> str:
    """:func:`resolve_kind` of a canonical name, as one word."""
    if names and kind in names:
        return names[kind]
    if kind in known:
        return kind
    named = _kind_named(kind, known)
    if named is not None:
        return named
    for core in _cores(kind):
        named = core if core in known else _kind_named(core, known)
        if named is not None:
            return named
    return kind


def _kind_named(kind: str, known: Container[str]) -> str | None:
    """The configured kind ``kind`` (canonical, not itself configured) is another name
    of (:data:`KIND_ALIASES`), or that name or the kind with a number after it."""
    alias = KIND_ALIASES.get(kind)
    if alias is not None and alias in known:
        return alias
    numbered = _NUMBERED.fullmatch(kind)
    if numbered:
        stem = numbered["stem"]
        base = stem if stem in known else KIND_ALIASES.get(stem, stem)
        if base in known and base != "address":
            return base
    return None


#: A kind name with a number after it (``phone_2``, ``email1``).
_NUMBERED = re.compile(r"(?P<stem>[a-z][a-z0-9_]*?)_?[0-9]{1,2}")

#: Words before a kind's name in a column name that say whose or which value it is
#: (``Contact_Phones``, ``Last_Login_IP``, ``seller_email``), and after it, what the
#: column holds of it (``Device_Info``, ``phone_list``). Only these: a word that
#: says something else of the value (``ip_country``, ``phone_verified``,
#: ``device_count``) makes a column about an identifier, not one holding it.
_NAME_PREFIXES = frozenset(
    {
        "contact",
        "seller",
        "store",
        "shop",
        "merchant",
        "owner",
        "business",
        "primary",
        "main",
        "last",
        "login",
        "registration",
        "registered",
        "signup",
    }
)
_NAME_SUFFIXES = frozenset({"info", "details", "list"})


def _cores(kind: str) -> list[str]:
    """The kind names a canonical column name may be, other than itself: without the
    words of :data:`_NAME_PREFIXES` before it and of :data:`_NAME_SUFFIXES` after it,
    and with its last word as a singular (``phones``, ``addresses``); longest first.

    Examples
    --------
    >>> _cores("last_login_ips")
    ['last_login_ip', 'login_ips', 'login_ip', 'ips', 'ip']
    >>> _cores("device_info"), _cores("phone_verified")
    (['device'], [])
    """
    words = kind.split("_")
    tails = [kind]
    start = 0
    while start < len(words) - 1 and words[start] in _NAME_PREFIXES:
        start += 1
        tails.append("_".join(words[start:]))
    out: list[str] = []
    for tail in tails:
        head, _, last = tail.rpartition("_")
        core = head if head and last in _NAME_SUFFIXES else tail
        for candidate in (core, *_singulars(core)):
            if candidate != kind and candidate not in out:
                out.append(candidate)
    return out


def _singulars(name: str) -> list[str]:
    """``name`` with its last word as a singular, if it looks plural (``addresses``:
    ``address``, ``addresse``; ``phones``: ``phone``)."""
    if not name.endswith("s") or name.endswith("ss"):
        return []
    return [name[:-2], name[:-1]] if name.endswith("es") else [name[:-1]]


def _edits(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from ``a`` to ``b``."""
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, before, row = before, row, [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            row[j] = min(before[j] + 1, row[j - 1] + 1, before[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                row[j] = min(row[j], prev[j - 2] + 1)
    return row[len(b)]


def _misspelt_kind(name: str) -> str | None:
    """The built-in kind a config kind's name is probably a misspelling of, if any.

    A name that is a built-in kind or one of its other names (:data:`KIND_ALIASES`)
    without its underscores (``ipaddress``), or one edit (a letter added, dropped,
    changed, or two neighbours swapped) from a built-in kind of up to five letters,
    or two edits from a longer one, is a near miss. The built-in kinds themselves,
    their other names (``device_id``: a config may configure them as kinds of their
    own) and names near ``ip`` (too short to tell a typo from another word: ``zip``)
    are not.

    Examples
    --------
    >>> _misspelt_kind("phnoe"), _misspelt_kind("payment_acount"), _misspelt_kind("ipaddress")
    ('phone', 'payment_account', 'ip')
    >>> _misspelt_kind("wechat"), _misspelt_kind("bank_card"), _misspelt_kind("device_fp")
    (None, None, None)
    """
    key = canonical_kind(name)
    if key in BUILTIN_KINDS or key in KIND_ALIASES:
        return None
    compact = key.replace("_", "")
    for other, kind in [*((k, k) for k in BUILTIN_KINDS), *KIND_ALIASES.items()]:
        if other.replace("_", "") == compact:  # ipaddress: ip_address, an ip
            return kind
    for kind in BUILTIN_KINDS:
        if len(kind) < 4 or abs(len(kind) - len(key)) > 2:
            continue
        if _edits(key, kind) <= (1 if len(kind) <= 5 else 2):
            return kind
    return None


def _check_kind_name(name: object, key: str, custom: bool) -> None:
    """Refuse a config kind that looks like a misspelt built-in kind, and ``custom``
    on a built-in kind."""
    if custom and key in BUILTIN_KINDS:
        raise ConfigError(
            f"'kinds.{name}.custom' must be false: {key!r} is a built-in kind (got true)"
        )
    meant = None if custom else _misspelt_kind(key)
    if meant is not None:
        raise ConfigError(
            f"'kinds.{name}' is not a built-in kind: did you mean {meant!r}? (a kind of your "
            f"own with a name this close to {meant!r} needs custom = true in its entry)"
        )


@dataclass(frozen=True)
class KindRule:
    """Evidence rule for one identifier kind.

    Parameters
    ----------
    weight : float
        Probability-like strength, in (0, 1], that two stores sharing one such
        identifier are run by the same operator.
    free_share : int
        How many stores may share one identifier at full weight. Beyond that its
        weight decays as ``(free_share / n) ** 0.5`` (hub specificity).
    hub_cap : int
        Identifiers shared by more stores than this no longer link stores at all;
        they are reported in the ``hubs`` table.
    recycled_after_days : int
        Values of this kind pass to other people (phone numbers are reassigned,
        dynamic IPs handed on). When the banned store's last sighting of a value (or
        its closure, if later) comes more than this many days before the other
        store's first sighting (or its opening, if earlier), the match weakens:
        its weight halves every ``recycled_half_life_days`` beyond this.
    recycled_half_life_days : int
        Days over which a recycled value's weight halves; 0 (the default for kinds
        that are not handed on: devices, payment accounts, ID documents, e-mail,
        addresses) turns the decay off.
    custom : bool
        Declares a kind of your own whose name is close to a built-in kind's
        (``phone2`` beside ``phone``). Without it, a config kind one or two letters
        away from a built-in kind (``phnoe``, ``payment_acount``) is refused as a
        misspelling; names further away (``wechat``, ``bank_card``) need no
        declaration. Not allowed on a built-in kind.
    """

    weight: float
    free_share: int = 10
    hub_cap: int = 50
    recycled_after_days: int = 0
    recycled_half_life_days: int = 0
    custom: bool = False

    def __post_init__(self) -> None:
        _check(0 < self.weight <= 1, "weight", "in (0, 1]", self.weight)
        _check(self.free_share >= 2, "free_share", ">= 2", self.free_share)
        _check(self.hub_cap >= self.free_share, "hub_cap", ">= free_share", self.hub_cap)
        _check(
            self.recycled_after_days >= 0,
            "recycled_after_days",
            ">= 0",
            self.recycled_after_days,
        )
        _check(
            self.recycled_half_life_days >= 0,
            "recycled_half_life_days",
            ">= 0",
            self.recycled_half_life_days,
        )


def _default_kinds() -> Mapping[str, KindRule]:
    return _frozen_mapping(
        {
            "payment_account": KindRule(weight=0.9, free_share=8, hub_cap=40),
            "id_document": KindRule(weight=0.95, free_share=8, hub_cap=30),
            "device": KindRule(weight=0.85, free_share=8, hub_cap=40),
            # numbers are reassigned after months unused; a year's grace, then a
            # match halves in weight every further year apart
            "phone": KindRule(
                weight=0.7,
                free_share=6,
                hub_cap=40,
                recycled_after_days=365,
                recycled_half_life_days=365,
            ),
            "email": KindRule(weight=0.7, free_share=6, hub_cap=40),
            "address": KindRule(weight=0.4, free_share=4, hub_cap=40),
            "ip": KindRule(
                weight=0.2,
                free_share=3,
                hub_cap=30,
                recycled_after_days=180,
                recycled_half_life_days=180,
            ),
        }
    )


@dataclass(frozen=True)
class EmailRule:
    """Provider rule for e-mail normalisation.

    Parameters
    ----------
    domain : str
        Domain the rule applies to (lower case).
    canonical_domain : str, optional
        Domain to rewrite to (``googlemail.com`` -> ``gmail.com``).
    ignore_dots : bool
        Dots in the local part are not significant.
    strip_plus_tag : bool
        ``name+tag`` is delivered to ``name``.
    dots_as_hyphens : bool
        ``.`` and ``-`` in the local part are one character, keyed as ``-``
        (Yandex: ``ivan.petrov`` and ``ivan-petrov`` are one login). Dots a rule of
        the same chain ignores (``ignore_dots``) are removed first.

    Examples
    --------
    >>> EmailRule("ya.ru", canonical_domain="yandex.ru", dots_as_hyphens=True).domain
    'ya.ru'
    """

    domain: str
    canonical_domain: str | None = None
    ignore_dots: bool = False
    strip_plus_tag: bool = True
    dots_as_hyphens: bool = False


#: Microsoft's consumer domains of other countries: plus addressing works on them too
#: (each is its own mailbox domain: ``ann@hotmail.fr`` is not ``ann@hotmail.com``).
_MICROSOFT_REGIONAL_DOMAINS = (
    "hotmail.co.uk hotmail.fr hotmail.de hotmail.it hotmail.es hotmail.be hotmail.nl "
    "hotmail.ca hotmail.co.jp hotmail.co.th hotmail.com.br hotmail.com.ar hotmail.com.mx "
    "hotmail.com.tr hotmail.com.vn hotmail.co.id hotmail.my hotmail.ph hotmail.sg "
    "outlook.fr outlook.de outlook.it outlook.es outlook.be outlook.jp outlook.co.th "
    "outlook.com.br outlook.com.ar outlook.com.vn outlook.co.id outlook.my outlook.ph "
    "outlook.sg outlook.in outlook.kr outlook.sa outlook.com.au outlook.cl outlook.com.pe "
    "live.co.uk live.fr live.de live.it live.nl live.be live.ca live.cn live.com.mx "
    "live.com.ar live.com.au live.jp live.in msn.com windowslive.com"
)


#: Yandex Mail's domains: every mailbox has an address of its login on each of them
#: (Yandex ID: "addresses using your username on all Yandex domains are linked to you";
#: ``narod.ru`` is Yandex's too), and a login's ``.`` and ``-`` are one character.
_YANDEX_DOMAINS = "yandex.ru ya.ru yandex.com yandex.by yandex.kz yandex.ua narod.ru"


def email_rule_domain(rule: EmailRule) -> str:
    """The domain a rule applies to, as e-mail domains are compared (lower case, no
    trailing dot).

    Examples
    --------
    >>> email_rule_domain(EmailRule(" GMAIL.com. "))
    'gmail.com'
    """
    return rule.domain.strip().lower().rstrip(".")


def _default_email_rules() -> tuple[EmailRule, ...]:
    return _DEFAULT_EMAIL_RULES


def _merged_email_rules(rules: Iterable[EmailRule]) -> tuple[EmailRule, ...]:
    """``rules`` over the built-in rules, per domain: a rule for a domain that has a
    built-in one replaces it in place, the others are added after them; of two rules for
    one domain the last counts.

    Examples
    --------
    >>> rules = _merged_email_rules([EmailRule("Corp.CN", ignore_dots=True),
    ...                             EmailRule("gmail.com", strip_plus_tag=False)])
    >>> [r for r in rules if r.domain.lower() in ("gmail.com", "corp.cn")]
    [EmailRule(domain='gmail.com', canonical_domain=None, ignore_dots=False, \
strip_plus_tag=False, dots_as_hyphens=False), EmailRule(domain='Corp.CN', \
canonical_domain=None, ignore_dots=True, strip_plus_tag=True, dots_as_hyphens=False)]
    """
    merged = {email_rule_domain(r): r for r in _DEFAULT_EMAIL_RULES}
    for rule in rules:
        merged[email_rule_domain(rule)] = rule
    return tuple(merged.values())


_DEFAULT_EMAIL_RULES: tuple[EmailRule, ...] = (
    EmailRule("gmail.com", ignore_dots=True),
    EmailRule("googlemail.com", canonical_domain="gmail.com", ignore_dots=True),
    EmailRule("outlook.com"),
    EmailRule("hotmail.com"),
    EmailRule("live.com"),
    *(EmailRule(domain) for domain in _MICROSOFT_REGIONAL_DOMAINS.split()),
    EmailRule("icloud.com"),
    EmailRule("me.com", canonical_domain="icloud.com"),
    EmailRule("mac.com", canonical_domain="icloud.com"),
    EmailRule("yahoo.com", strip_plus_tag=False),
    EmailRule("protonmail.com", canonical_domain="proton.me"),
    EmailRule("proton.me"),
    EmailRule("fastmail.com"),
    EmailRule("yandex.ru", dots_as_hyphens=True),
    *(
        EmailRule(domain, canonical_domain="yandex.ru", dots_as_hyphens=True)
        for domain in _YANDEX_DOMAINS.split()[1:]
    ),
)
_DEFAULT_EMAIL_DOMAINS = frozenset(email_rule_domain(r) for r in _DEFAULT_EMAIL_RULES)


@dataclass(frozen=True)
class NormalizeConfig:
    """How raw identifier values are normalised.

    Parameters
    ----------
    default_region : str
        ISO 3166 region for phone numbers written without a country code.
    placeholders : tuple of str
        Values rejected as ``placeholder`` (compared case-insensitively): by
        default :data:`DEFAULT_PLACEHOLDERS`. A list given here replaces them; to add
        values, give them as ``extra_placeholders``.
    email_rules : tuple of EmailRule
        Provider rules; domains without a rule only get trimmed and lower-cased,
        and ``+tags`` are kept. Rules given here are added to the built-in ones
        (Gmail, Outlook, iCloud, Yandex, ...: ``NormalizeConfig().email_rules``), a
        rule for a domain that has a built-in one replacing it; ``email_rules`` then
        lists them all.
    max_value_length : int
        Longer raw values are rejected as ``too_long``.
    extra_placeholders : tuple of str
        Values added to ``placeholders`` (a platform's own word for "none"). They
        are added when the rules are made: ``placeholders`` then lists them too, so
        rules made again from :meth:`Config.to_dict` are the same.
    replace_email_rules : bool
        ``email_rules`` replaces the built-in rules instead of being added to them:
        a domain none of its rules names gets none (``gmail.com`` keeps its dots).

    Examples
    --------
    >>> rules = NormalizeConfig(extra_placeholders=("ohne angabe",))
    >>> rules.placeholders[-2:], len(rules.placeholders) == len(DEFAULT_PLACEHOLDERS) + 1
    (('لا ينطبق', 'ohne angabe'), True)
    >>> own = NormalizeConfig(email_rules=(EmailRule("corp.cn", ignore_dots=True),))
    >>> len(own.email_rules) == len(NormalizeConfig().email_rules) + 1
    True
    >>> NormalizeConfig(email_rules=own.email_rules[-1:], replace_email_rules=True).email_rules
    (EmailRule(domain='corp.cn', canonical_domain=None, ignore_dots=True, \
strip_plus_tag=True, dots_as_hyphens=False),)
    """

    default_region: str = "CN"
    placeholders: tuple[str, ...] = DEFAULT_PLACEHOLDERS
    email_rules: tuple[EmailRule, ...] = field(default_factory=_default_email_rules)
    max_value_length: int = 256
    extra_placeholders: tuple[str, ...] = ()
    replace_email_rules: bool = False

    def __post_init__(self) -> None:
        # (rules made again for another region, once per registration screened,
        # already hold tuples: nothing to do)
        if not self.replace_email_rules and self.email_rules is not _DEFAULT_EMAIL_RULES:
            rules = tuple(self.email_rules)
            # the built-in domains all there already (rules made again): as they are
            given = {email_rule_domain(r) for r in rules}
            if not given >= _DEFAULT_EMAIL_DOMAINS:
                rules = _merged_email_rules(rules)
            object.__setattr__(self, "email_rules", rules)
        elif type(self.email_rules) is not tuple:
            object.__setattr__(self, "email_rules", tuple(self.email_rules))
        if type(self.placeholders) is not tuple:
            object.__setattr__(
                self, "placeholders", _text_values("placeholders", self.placeholders)
            )
        if self.extra_placeholders:
            extra = _text_values("extra_placeholders", self.extra_placeholders)
            given = set(self.placeholders)
            added = tuple(p for p in dict.fromkeys(extra) if p not in given)
            object.__setattr__(self, "extra_placeholders", extra)
            object.__setattr__(self, "placeholders", self.placeholders + added)
        _check(
            len(self.default_region) == 2 and self.default_region.isalpha(),
            "default_region",
            "a two-letter region code",
            self.default_region,
        )
        _check_region(self.default_region)
        _check(self.max_value_length >= 8, "max_value_length", ">= 8", self.max_value_length)

    def in_region(self, region: str | None) -> NormalizeConfig:
        """These rules with phone numbers read in ``region`` (a store's ``country``;
        None or the default region: these rules themselves).

        Examples
        --------
        >>> NormalizeConfig().in_region("BR").default_region
        'BR'
        >>> rules = NormalizeConfig()
        >>> rules.in_region(None) is rules.in_region("cn") is rules
        True
        """
        if not region or region.upper() == self.default_region.upper():
            return self
        return dataclasses.replace(self, default_region=region.upper())


#: Region codes people write that are not ISO 3166, and the code meant.
_REGION_ALIASES = {"UK": "GB", "EL": "GR"}


def _check_region(region: str) -> None:
    """A region phone numbers can be read for (ISO 3166 alpha-2, as phonenumbers knows them)."""
    import phonenumbers

    code = region.upper()
    if code in phonenumbers.SUPPORTED_REGIONS:
        return
    hint = f"; did you mean {_REGION_ALIASES[code]!r}?" if code in _REGION_ALIASES else ""
    raise ConfigError(
        "'default_region' must be a region with a phone numbering plan, an ISO 3166 "
        f"alpha-2 code such as 'CN', 'GB' or 'US' (got {region!r}{hint})"
    )


@dataclass(frozen=True)
class FuzzyConfig:
    """Near-duplicate links between values that differ by typos or formatting.

    Parameters
    ----------
    addresses : bool
        Link addresses whose normalised forms are similar but not equal.
    names : bool
        Also link similar store names (off by default: names are cheap to change
        and often generic).
    min_similarity : float
        Similarity (0-100: the larger rapidfuzz ``ratio`` of the two values without
        spaces, words sorted or as written; see :mod:`sellergraph.neardup`) from which
        two values are near duplicates.
    weight_factor : float
        Near-duplicate evidence counts this fraction of an exact match.
    name_weight : float
        Weight of an exact or near store-name match when ``names`` is on.
    max_block_size : int
        Blocks of candidate values larger than this are split further, so the
        comparison cost stays far below quadratic.
    """

    addresses: bool = True
    names: bool = False
    min_similarity: float = 90.0
    weight_factor: float = 0.7
    name_weight: float = 0.3
    max_block_size: int = 400

    def __post_init__(self) -> None:
        _check(0 < self.min_similarity <= 100, "min_similarity", "in (0, 100]", self.min_similarity)
        _check(0 < self.weight_factor <= 1, "weight_factor", "in (0, 1]", self.weight_factor)
        _check(0 < self.name_weight <= 1, "name_weight", "in (0, 1]", self.name_weight)
        _check(self.max_block_size >= 2, "max_block_size", ">= 2", self.max_block_size)


@dataclass(frozen=True)
class RingConfig:
    """How rings (stores run by one operator) are formed.

    Parameters
    ----------
    min_link : float
        Store-store links at least this strong join stores into one ring.
    method : {"leiden", "louvain", "components"}
        Community detection used to split large or loosely knit components.
    resolution : float
        Constant Potts Model resolution for the split (links are weighted in [0, 1];
        a higher value makes smaller, denser rings).
    split_above : int
        Components with more stores than this are always split.
    min_density : float
        Components whose link density is below this are split too.
    """

    min_link: float = 0.5
    method: Literal["leiden", "louvain", "components"] = "leiden"
    resolution: float = 0.1
    split_above: int = 30
    min_density: float = 0.3

    def __post_init__(self) -> None:
        _check(0 < self.min_link <= 1, "min_link", "in (0, 1]", self.min_link)
        _check(
            self.method in ("leiden", "louvain", "components"),
            "method",
            "one of 'leiden', 'louvain', 'components'",
            self.method,
        )
        _check(self.resolution > 0, "resolution", "> 0", self.resolution)
        _check(self.split_above >= 2, "split_above", ">= 2", self.split_above)
        _check(0 <= self.min_density <= 1, "min_density", "in [0, 1]", self.min_density)


@dataclass(frozen=True)
class ScoreConfig:
    """How returning-seller scores are computed.

    Parameters
    ----------
    alert_threshold : float
        Active stores scoring at least this are alerts.
    same_kind_discount : float
        A second, third, ... identifier of the same kind shared with banned stores
        counts this fraction of its weight (two addresses are not independent).
    ring_decay : float
        Evidence reaching a banned store through another active store (an indirect
        path in the link graph) is multiplied by this once per extra hop.
    max_hops : int
        Longest indirect path followed: 1 = direct evidence only, 2 = through one
        other store, 3 = through two (the most supported).
    timing_weight : float
        A store opened within ``return_window_days`` after the closure of the banned
        store it matches (a return) gets ``timing_weight * s * (1 - s)`` added to its
        evidence score ``s``: timing sharpens evidence, it never creates it.
    return_window_days : int
        How soon after a ban a new store counts as a prompt return.
    banned_share_prior : float
        Pseudo-count shrinking an identifier's share of banned holders towards the
        marketplace's banned rate. An identifier most of whose holders are banned
        loses its hub discount (even past its kind's ``hub_cap``, as direct evidence
        only), and each further banned holder reinforces it (see
        :func:`sellergraph.scoring.reinforce`). 0 turns shrinkage off.
    review_margin : float
        A reviewed alert (:mod:`sellergraph.reviews`) is back when the store's score
        rose more than this above the score the investigator saw.
    """

    alert_threshold: float = 0.6
    same_kind_discount: float = 0.5
    ring_decay: float = 0.8
    max_hops: int = 3
    timing_weight: float = 0.3
    return_window_days: int = 365
    banned_share_prior: float = 4.0
    review_margin: float = 0.05

    def __post_init__(self) -> None:
        _check(0 < self.alert_threshold <= 1, "alert_threshold", "in (0, 1]", self.alert_threshold)
        _check(
            0 <= self.same_kind_discount <= 1,
            "same_kind_discount",
            "in [0, 1]",
            self.same_kind_discount,
        )
        _check(0 <= self.ring_decay <= 1, "ring_decay", "in [0, 1]", self.ring_decay)
        _check(1 <= self.max_hops <= 3, "max_hops", "1, 2 or 3", self.max_hops)
        _check(0 <= self.timing_weight <= 1, "timing_weight", "in [0, 1]", self.timing_weight)
        _check(self.return_window_days >= 0, "return_window_days", ">= 0", self.return_window_days)
        _check(self.banned_share_prior >= 0, "banned_share_prior", ">= 0", self.banned_share_prior)
        _check(0 <= self.review_margin <= 1, "review_margin", "in [0, 1]", self.review_margin)


#: Orders of numeric dates (``05/03/2024``, ``23/03/12``) that ``dates.order`` may name.
DATE_ORDERS: tuple[str, ...] = ("auto", "day_first", "month_first", "year_first")


@dataclass(frozen=True)
class DateConfig:
    """How the dates of the stores and links tables are read.

    Parameters
    ----------
    order : {"auto", "day_first", "month_first", "year_first"}
        Order of numeric dates (``05/03/2024``, ``5.3.24``, ``23/03/12``). ``"auto"``
        takes one day/month order per table from the values that read only one way
        (a first field above 12: day first; a second field above 12: month first;
        dots: day first); a table with no such value takes the order the other table
        proves, and month first when neither proves one. A date with a two-digit year
        (``23/03/12``) may also be year, month, day, as Japanese, Korean and Chinese
        exports write it: under ``"auto"`` the year is first where the table proves
        it (a first field that is no day, ``98/03/12``, or four-digit years written
        first with ``/`` or ``.``, ``2023/03/12``) or where the fields show it (a
        year field of few values, a day field of many), last where the table proves
        or shows that, and a date that reads both ways is ``invalid_date`` where the
        table tells neither. ``"day_first"`` or ``"month_first"`` declares the order
        for both tables, the year last: a value that reads only the other way
        (``25/12/2024`` under ``"month_first"``) is then ``invalid_date``.
        ``"year_first"`` declares two-digit-year dates year, month, day (``23/03/12``
        is 12 March 2023; one that reads only year last, ``15/03/45``, is
        ``invalid_date``); dates with a four-digit year last are read as under
        ``"auto"``. ISO 8601 and other year-first dates with a four-digit year are
        read as they are whatever the order.
    spreadsheet_serials : bool
        Read a spreadsheet's serial day numbers (``45352``, ``45352.5``: days since
        1899-12-30, as Excel, LibreOffice and Google Sheets count them, a fraction
        being the time of day) of 1970-01-01 to 2099-12-31 as dates, in the stores'
        ``opened_at`` and ``closed_at`` and the links' ``observed_at``. Off by default:
        a number of five digits may be something else (days since 1970, an id); they
        are then cleared as ``spreadsheet_serial``, and the load warns of them.
    as_of : str or None
        The day the data is of (``"2024-06-01"``: the day of the export, a
        ``YYYY-MM-DD`` text, or a TOML date, ``as_of = 2024-06-01``), which a run
        then judges future dates by in place of the day it is run on: a date after the
        day after it (a day for time zones) is cleared as ``future_date``
        (:func:`sellergraph.schema.future_dates`), in a table of any size. None (the
        default): a date is in the future when it is more than a year after every
        other date of its table but a few, and after the day of the run (UTC), so the
        same input may read differently on another day if it holds dates after the day
        it is run on. Recorded in ``run.json`` with the rest of the config, so a run
        folder read back judges its dates by the same day.

    Examples
    --------
    >>> from sellergraph.config import Config
    >>> Config.from_dict({"dates": {"order": "day_first"}}).dates.order
    'day_first'
    >>> import datetime
    >>> Config.from_dict({"dates": {"as_of": datetime.date(2024, 6, 1)}}).dates.as_of
    '2024-06-01'
    >>> Config.from_dict({"dates": {"as_of": "2024-06-31"}})
    Traceback (most recent call last):
    ...
    sellergraph.errors.ConfigError: dates.'as_of' must be a day written ... (got '2024-06-31')
    >>> Config.from_dict({"dates": {"spreadsheet_serials": True}}).dates.spreadsheet_serials
    True
    >>> Config.from_dict({"dates": {"order": "dmy"}})
    Traceback (most recent call last):
    ...
    sellergraph.errors.ConfigError: dates.'order' must be one of 'auto', ... (got 'dmy')
    """

    order: Literal["auto", "day_first", "month_first", "year_first"] = "auto"
    spreadsheet_serials: bool = False
    as_of: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "as_of", as_of_day(self.as_of))
        _check(
            self.order in DATE_ORDERS,
            "order",
            "one of " + ", ".join(repr(o) for o in DATE_ORDERS),
            self.order,
        )
        _check(
            isinstance(self.spreadsheet_serials, bool),
            "spreadsheet_serials",
            "true or false",
            self.spreadsheet_serials,
        )


#: The days ``dates.as_of`` may name: those whose next day and the day after it a
#: nanosecond timestamp holds (pandas' range, 1677-09-21 to 2262-04-11).
_AS_OF_RANGE = (datetime.date(1678, 1, 1), datetime.date(2261, 12, 31))


def as_of_day(value: object) -> str | None:
    """A ``dates.as_of`` value as ``YYYY-MM-DD`` text (None stays None): ``YYYY-MM-DD``
    text or a date (a TOML date, ``datetime.date``; a ``datetime`` or ``Timestamp``
    gives its day). A ConfigError naming the setting and the value otherwise.

    Examples
    --------
    >>> as_of_day(" 2024-06-01 "), as_of_day(datetime.datetime(2024, 6, 1, 23, 30))
    ('2024-06-01', '2024-06-01')
    >>> as_of_day("01/06/2024")
    Traceback (most recent call last):
    ...
    sellergraph.errors.ConfigError: 'as_of' must be a day written YYYY-MM-DD, ... (got '01/06/2024')
    """
    if value is None:
        return None
    day: datetime.date | None = None
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    elif isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            day = datetime.date.fromisoformat(value.strip())
        except ValueError:
            day = None
    low, high = _AS_OF_RANGE
    _check(
        day is not None and low <= day <= high,
        "as_of",
        f"a day written YYYY-MM-DD, such as 2024-06-01, from {low} to {high} (the day "
        "the data is of)",
        value,
    )
    assert day is not None
    return day.isoformat()


#: What ``input.duplicate_stores`` may be.
DUPLICATE_STORE_POLICIES: tuple[str, ...] = ("error", "reject")
#: The default of ``input.max_rejected_links_share`` and ``..._stores_share``: no share
#: stops a run (rows that cannot be used are set aside, with a warning when many are),
#: as before the settings; a nightly job sets its own (see :class:`InputConfig`).
DEFAULT_MAX_REJECTED_SHARE = 1.0


@dataclass(frozen=True)
class InputConfig:
    """What a run does with input rows it cannot use, when they are many.

    Parameters
    ----------
    duplicate_stores : {"error", "reject"}
        A ``store_id`` on stores rows that differ (two statuses, two opening dates).
        ``"error"`` (the default) stops the load (``duplicate_store_id``), every such
        row listed: which row is the store is not sure. ``"reject"`` sets every row of
        such a store aside (``duplicate_store_id`` in ``rejected``, ``dropped``) and its
        links with them (``store_set_aside``), and goes on with the other stores, with a
        warning naming how many. Rows alike in every column are read once either way
        (``repeated_store_row``).
    max_rejected_links_share : float
        The largest share of the links (``counts["links_in"]``) that may be set aside
        with the evidence they hold before :func:`sellergraph.analyze` stops with an
        :class:`~sellergraph.InputError` (the command line's exit status 2): links
        naming no store (``unknown_store``), of an unknown kind, with a value their
        kind cannot hold, of a store set aside, .... Repeats merged into their link
        (``duplicate``), values the config lists as ``known_shared``, placeholders
        (``N/A``), empty values and empty or header rows are not counted: they hold
        no evidence, or hold it elsewhere. Default 1: no share stops a run, and rows
        that cannot be used are set aside, as the data contract says; what a normal
        night loses depends on the exports (a links export covering more platforms
        than the stores export loses the others' links every night), so a nightly job
        sets its own from a few normal nights' ``counts["rejected_share"]``.
    max_rejected_stores_share : float
        The same for the stores rows set aside (``duplicate_stores = "reject"``), of
        the stores rows read (but empty and header rows). Default 1.

    Examples
    --------
    >>> from sellergraph.config import Config
    >>> Config.from_dict({"input": {"duplicate_stores": "reject"}}).input.duplicate_stores
    'reject'
    >>> Config().replace(max_rejected_links_share=0.02).input.max_rejected_links_share
    0.02
    >>> Config.from_dict({"input": {"max_rejected_links_share": 2}})
    Traceback (most recent call last):
    ...
    sellergraph.errors.ConfigError: input.'max_rejected_links_share' must be a share from 0 ...
    """

    duplicate_stores: Literal["error", "reject"] = "error"
    max_rejected_links_share: float = DEFAULT_MAX_REJECTED_SHARE
    max_rejected_stores_share: float = DEFAULT_MAX_REJECTED_SHARE

    def __post_init__(self) -> None:
        _check(
            self.duplicate_stores in DUPLICATE_STORE_POLICIES,
            "duplicate_stores",
            "one of " + ", ".join(repr(p) for p in DUPLICATE_STORE_POLICIES),
            self.duplicate_stores,
        )
        for name in ("max_rejected_links_share", "max_rejected_stores_share"):
            value = getattr(self, name)
            _check(
                isinstance(value, int | float)
                and not isinstance(value, bool)
                and 0.0 <= value <= 1.0,
                name,
                "a share from 0 to 1",
                value,
            )
            object.__setattr__(self, name, float(value))


def _rule_dict(rule: KindRule) -> dict[str, Any]:
    """A kind rule as a dictionary; ``custom`` only when set (configs recorded
    before it existed read the same)."""
    out = dataclasses.asdict(rule)
    if not out["custom"]:
        del out["custom"]
    return out


def dropped_placeholders(placeholders: Iterable[str]) -> list[str]:
    """The :data:`DEFAULT_PLACEHOLDERS` a ``placeholders`` list leaves out (compared
    as the normaliser compares them: case and surrounding spaces ignored).

    Examples
    --------
    >>> dropped_placeholders(["NL91 ABNA 0417 1643 00"])[:4]
    ['', '-', '--', '.']
    >>> dropped_placeholders(DEFAULT_PLACEHOLDERS + ("keine angabe",))
    []
    """
    given = {str(p).strip().casefold() for p in placeholders}
    return [p for p in DEFAULT_PLACEHOLDERS if p.strip().casefold() not in given]


def _email_rules_given(rules: object) -> tuple[EmailRule, ...]:
    """A config's ``normalize.email_rules``: each a table of :class:`EmailRule`'s fields
    (or a rule); a ConfigError naming the setting when one is not.

    Examples
    --------
    >>> _email_rules_given([{"domain": "ya.ru", "canonical_domain": "yandex.ru"}])[0].domain
    'ya.ru'
    >>> _email_rules_given([{"domain": "ya.ru", "dots": True}])
    Traceback (most recent call last):
    ...
    sellergraph.errors.ConfigError: 'normalize.email_rules' ...: unknown field(s) dots (...)
    """
    names = [f.name for f in dataclasses.fields(EmailRule)]
    if isinstance(rules, str | bytes | Mapping) or not isinstance(rules, Iterable):
        raise ConfigError(f"'normalize.email_rules' must be a list of rules (got {rules!r})")
    out = []
    for rule in rules:
        if isinstance(rule, EmailRule):
            out.append(rule)
            continue
        if not isinstance(rule, Mapping) or not isinstance(rule.get("domain"), str):
            raise ConfigError(
                f"'normalize.email_rules' must list rules, each with its domain (got {rule!r})"
            )
        unknown = sorted(set(rule) - set(names))
        if unknown:
            raise ConfigError(
                f"'normalize.email_rules' rule {rule['domain']!r}: unknown field(s) "
                f"{', '.join(unknown)} (a rule has {', '.join(names)})"
            )
        for f in dataclasses.fields(EmailRule):
            if f.name in rule and f.name != "canonical_domain":
                _check_type(f"normalize.email_rules.{f.name}", f.type, rule[f.name])
        out.append(EmailRule(**rule))
    return tuple(out)


#: Defaults named first when a ``placeholders`` list leaves them out: the ones real
#: exports hold most.
_TELLING_PLACEHOLDERS = ("n/a", "unknown", "test@test.com", "null", "none", "-")


def _warn_dropped_placeholders(placeholders: Iterable[str]) -> None:
    """Warn (the ``sellergraph`` logger) when a config's ``normalize.placeholders``
    leaves out default placeholders: they then count as identifiers and link stores.
    A config that also names ``extra_placeholders`` (an empty list will do) has
    chosen between the two and is not warned."""
    dropped = dropped_placeholders(placeholders)
    if not dropped:
        return
    named = [p for p in _TELLING_PLACEHOLDERS if p in dropped][:3] or dropped[:3]
    log.warning(
        "normalize.placeholders replaces the %d default placeholder values and leaves "
        "out %d of them (%s): such values are then read as identifiers, and stores "
        "sharing them are linked. To add values to the defaults, give them as "
        "normalize.extra_placeholders instead; to replace the defaults on purpose, give "
        "extra_placeholders too (an empty list will do).",
        len(DEFAULT_PLACEHOLDERS),
        len(dropped),
        ", ".join(repr(p) for p in named) + (", ..." if len(dropped) > len(named) else ""),
    )


_SECTIONS: dict[str, type] = {
    "normalize": NormalizeConfig,
    "fuzzy": FuzzyConfig,
    "rings": RingConfig,
    "scoring": ScoreConfig,
    "dates": DateConfig,
    "input": InputConfig,
}


#: The config's settings that map names to values, outside the sections.
_MAPPINGS = ("statuses", "kind_names", "known_shared", "columns")


def _column_map(given: object) -> Mapping[str, str]:
    """The ``columns`` setting checked: each input column's name (or ``stores.NAME``,
    ``links.NAME`` for one table's) to the name it is read as, both non-empty text.

    Examples
    --------
    >>> dict(_column_map({" Seller ID ": "store_id", "links.Type": "kind"}))
    {'Seller ID': 'store_id', 'links.Type': 'kind'}
    >>> _column_map({"Seller ID": 7})
    Traceback (most recent call last):
    ...
    sellergraph.errors.ConfigError: 'columns.Seller ID' must be a column name, text (got 7)
    """
    if not isinstance(given, Mapping):
        raise ConfigError(
            "columns must be a mapping of an input column's name to the name it is read as "
            f"(got {type(given).__name__})"
        )
    out: dict[str, str] = {}
    for src, dst in given.items():
        name = src.strip() if isinstance(src, str) else ""
        _check(bool(name), "columns", "keyed by a non-empty column name", src)
        if not isinstance(dst, str) or not dst.strip():
            raise ConfigError(f"'columns.{name}' must be a column name, text (got {dst!r})")
        out[name] = dst.strip()
    return _frozen_mapping(out)


def _known_shared_map(
    given: object, kinds: Mapping[str, KindRule], names: Mapping[str, str]
) -> Mapping[str, tuple[str, ...]]:
    """The ``known_shared`` setting checked: each key names a configured kind (as a
    links table's ``kind`` cell would: :func:`resolve_kind`), each value is a list of
    non-empty text values; two keys of one kind have their lists joined."""
    if not isinstance(given, Mapping):
        raise ConfigError(
            f"known_shared must be a mapping of a kind to the values it lists (got "
            f"{type(given).__name__})"
        )
    out: dict[str, tuple[str, ...]] = {}
    for name, values in given.items():
        kind = resolve_kind(name, kinds, names) if isinstance(name, str) else ""
        if kind not in kinds:
            raise ConfigError(
                f"'known_shared.{name}' names no configured kind (configured: "
                f"{', '.join(sorted(kinds))})"
            )
        listed = _text_values(f"known_shared.{name}", values)
        if any(not v.strip() for v in listed):
            raise ConfigError(f"'known_shared.{name}' lists an empty value (got {values!r})")
        out[kind] = tuple(dict.fromkeys(out.get(kind, ()) + listed))
    return _frozen_mapping(out)


@dataclass(frozen=True)
class Config:
    """Everything that shapes an analysis.

    Parameters
    ----------
    kinds : mapping of str to KindRule
        Evidence rule per identifier kind. Kinds not listed here are rejected
        as ``unknown_kind``; add an entry to accept a custom kind (it gets the
        generic normaliser: Unicode NFKC, case, separators).
    statuses : mapping of str to str
        Other words the stores' ``status`` column uses, each mapped to ``active``,
        ``banned`` or ``closed`` (``{"suspended": "banned", "open": "active"}``).
        Words are compared by :func:`status_word` (case, width, spaces, hyphens and
        underscores ignored). A contract word may be remapped too (``{"closed":
        "banned"}`` for a marketplace whose ``closed`` means closed by governance).
        A key ending in ``*`` is a prefix pattern (``{"suspended*": "banned"}``
        covers ``SUSPENDED - counterfeit`` and ``Suspended - IP infringement``):
        exact words win over patterns, a longer pattern over a shorter one, and a
        pattern never changes a contract word (:func:`read_status`).
    kind_names : mapping of str to str
        Other names the links table's ``kind`` column (or a wide stores table's
        column headers) gives configured kinds (``{"TELEFONE": "phone", "CHAVE_PIX":
        "payment_account"}``), read before :data:`KIND_ALIASES`. Names are compared
        by :func:`canonical_kind`; a value read so gets its kind's normaliser.
    columns : mapping of str to str
        Column renames applied to the input tables, as :func:`sellergraph.load`'s
        ``columns`` argument takes them (``{"Seller ID": "store_id", "links.Type":
        "kind"}``), so that a nightly job's config file holds them; an argument's
        rename of the same column wins. Read-back of a run folder ignores them (its
        tables have the contract's names).
    normalize, fuzzy, rings, scoring, dates, input
        Section configs; see their classes.
    known_shared : mapping of str to tuple of str
        Per kind, values many stores legitimately share (your own 3PL warehouse's
        address, a payment service provider's collecting account, the office's NAT
        IP), as written: each is normalised as the kind's links are, and the links
        holding it are no evidence. :func:`sellergraph.load` sets them aside
        (``known_shared`` in ``rejected``) and says which values matched no link.
        Kinds are named as links name them (``iban`` is ``payment_account``). The
        values are identifiers: :meth:`to_dict` leaves them out unless asked, so
        ``run.json`` and the report do not hold them (a screening index, internal as it
        holds every identifier's key, does, to set them aside in screening).

    Raises
    ------
    ConfigError
        A setting is out of range, or a kind's name is a near miss of a built-in
        kind's (``phnoe``) and its rule is not marked ``custom``.

    Examples
    --------
    >>> Config().with_kind("phnoe", 0.8)
    Traceback (most recent call last):
    ...
    sellergraph.errors.ConfigError: 'kinds.phnoe' is not a built-in kind: did you mean 'phone'? ...
    >>> Config().with_kind("phone2", KindRule(weight=0.6, custom=True)).kinds["phone2"].weight
    0.6
    >>> dict(Config(statuses={"Suspended": "banned"}).statuses)
    {'suspended': 'banned'}
    >>> Config(statuses={"suspended": "gone"})
    Traceback (most recent call last):
    ...
    sellergraph.errors.ConfigError: 'statuses.suspended' must be one of 'active', ... (got 'gone')
    >>> dict(Config(known_shared={"IBAN": ["NL91 ABNA 0417 1643 00"]}).known_shared)
    {'payment_account': ('NL91 ABNA 0417 1643 00',)}
    """

    kinds: Mapping[str, KindRule] = field(default_factory=_default_kinds)
    statuses: Mapping[str, str] = field(default_factory=dict)
    kind_names: Mapping[str, str] = field(default_factory=dict)
    normalize: NormalizeConfig = field(default_factory=NormalizeConfig)
    fuzzy: FuzzyConfig = field(default_factory=FuzzyConfig)
    rings: RingConfig = field(default_factory=RingConfig)
    scoring: ScoreConfig = field(default_factory=ScoreConfig)
    dates: DateConfig = field(default_factory=DateConfig)
    input: InputConfig = field(default_factory=InputConfig)
    known_shared: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    columns: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        kinds: dict[str, KindRule] = {}
        for name, rule in dict(self.kinds).items():
            key = canonical_kind(name)
            _check(bool(key), "kinds", "named", name)
            if isinstance(rule, Mapping):
                rule = KindRule(**rule)
            elif isinstance(rule, int | float):
                rule = KindRule(weight=float(rule))
            _check(isinstance(rule, KindRule), f"kinds.{key}", "a KindRule", rule)
            _check_kind_name(name, key, rule.custom)
            kinds[key] = rule
        object.__setattr__(self, "kinds", _frozen_mapping(kinds))
        object.__setattr__(self, "statuses", _status_map(self.statuses))
        object.__setattr__(self, "kind_names", _kind_name_map(self.kind_names, kinds))
        object.__setattr__(
            self, "known_shared", _known_shared_map(self.known_shared, kinds, self.kind_names)
        )
        object.__setattr__(self, "columns", _column_map(self.columns))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Config) and self.to_dict(known_shared=True) == other.to_dict(
            known_shared=True
        )

    def __hash__(self) -> int:
        return hash(json.dumps(self.to_dict(known_shared=True), sort_keys=True))

    def to_dict(self, *, known_shared: bool = False) -> dict[str, Any]:
        """Plain, JSON-ready dictionary of every setting.

        A built-in kind that was removed is recorded as ``None``, so
        ``Config.from_dict(c.to_dict()) == c`` for a config without ``known_shared``.
        Its values are identifiers (an IBAN, an address): they are recorded only with
        ``known_shared=True``; without, what a run writes (``run.json``, the report)
        holds none of them (the run's ``counts["known_shared"]`` says how many each
        kind had and matched). A screening index records them, as it records every
        identifier's key, to set them aside in screening.

        Examples
        --------
        >>> cfg = Config(known_shared={"ip": ["203.0.113.7"]})
        >>> "known_shared" in cfg.to_dict(), cfg.to_dict(known_shared=True)["known_shared"]
        (False, {'ip': ['203.0.113.7']})
        >>> Config.from_dict(cfg.to_dict(known_shared=True)) == cfg
        True
        """
        kinds: dict[str, Any] = {k: _rule_dict(v) for k, v in self.kinds.items()}
        kinds.update({k: None for k in _default_kinds() if k not in self.kinds})
        out: dict[str, Any] = {"kinds": kinds}
        if self.statuses:  # recorded only when set: configs from before it read the same
            out["statuses"] = dict(self.statuses)
        if self.kind_names:
            out["kind_names"] = dict(self.kind_names)
        if self.columns:
            out["columns"] = dict(self.columns)
        if known_shared and self.known_shared:
            out["known_shared"] = {k: list(v) for k, v in self.known_shared.items()}
        for name in _SECTIONS:
            section = dataclasses.asdict(getattr(self, name))
            out[name] = {k: list(v) if isinstance(v, tuple) else v for k, v in section.items()}
        # recorded when set, or beside placeholders of one's own (read back, the
        # config has said it chose them: no warning); else configs from before it
        # read the same
        if not self.normalize.extra_placeholders and (
            tuple(self.normalize.placeholders) == DEFAULT_PLACEHOLDERS
        ):
            del out["normalize"]["extra_placeholders"]
        if not self.normalize.replace_email_rules:  # configs from before it read the same
            del out["normalize"]["replace_email_rules"]
        if not self.dates.spreadsheet_serials:  # configs from before it read the same
            del out["dates"]["spreadsheet_serials"]
        if self.dates.as_of is None:  # recorded when set: configs from before it read the same
            del out["dates"]["as_of"]
        if self.input == InputConfig():  # recorded when set: configs from before it read the same
            del out["input"]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, recorded: bool = False) -> Config:
        """Build a config from a (possibly partial) dictionary.

        Missing keys take their defaults; ``kinds`` entries are merged over the
        built-in kinds. Unknown keys raise :class:`ConfigError`. ``recorded``: the
        config a run or a screening index recorded (``run.json``), read back as it was
        in force; its ``placeholders`` are the defaults of the version that wrote it,
        so a later version's longer list gives no warning that some were left out.
        """
        if not isinstance(data, Mapping):
            raise ConfigError(f"config must be a mapping (got {type(data).__name__})")
        unknown = set(data) - {"kinds", *_MAPPINGS, *_SECTIONS}
        if unknown:
            raise ConfigError(f"unknown config section(s): {', '.join(sorted(unknown))}")
        kwargs: dict[str, Any] = {}
        kinds = dict(_default_kinds())
        for name, rule in dict(data.get("kinds") or {}).items():
            if rule is None:
                if canonical_kind(name) not in kinds:
                    _check_kind_name(name, canonical_kind(name), False)
                kinds.pop(canonical_kind(name), None)
                continue
            base = kinds.get(canonical_kind(name))
            if isinstance(rule, Mapping):
                merged = {**(dataclasses.asdict(base) if base else {}), **rule}
                for f in dataclasses.fields(KindRule):
                    if f.name in rule:
                        _check_type(f"kinds.{name}.{f.name}", f.type, rule[f.name])
                try:
                    rule = KindRule(**merged)
                except TypeError as exc:
                    raise ConfigError(f"kinds.{name}: {exc}") from None
            kinds[canonical_kind(name)] = rule
        kwargs["kinds"] = kinds
        for name in _MAPPINGS:
            if data.get(name) is not None:
                kwargs[name] = data[name]
        for name, klass in _SECTIONS.items():
            if name not in data:
                continue
            section = dict(data[name] or {})
            names = {f.name for f in dataclasses.fields(klass)}
            bad = set(section) - names
            if bad:
                raise ConfigError(f"unknown setting(s) in {name!r}: {', '.join(sorted(bad))}")
            if name == "normalize":
                for listed in ("placeholders", "extra_placeholders"):
                    if listed in section:
                        section[listed] = _text_values(f"normalize.{listed}", section[listed])
                chosen = "extra_placeholders" in section or recorded
                if "placeholders" in section and not chosen:
                    _warn_dropped_placeholders(section["placeholders"])
                if "email_rules" in section:
                    section["email_rules"] = _email_rules_given(section["email_rules"])
                    if recorded and "replace_email_rules" not in section:
                        # the rules in force, all of them, by a version before the
                        # setting: exactly those (the built-in ones of today may differ)
                        given = {email_rule_domain(r) for r in section["email_rules"]}
                        section["replace_email_rules"] = not given >= _DEFAULT_EMAIL_DOMAINS
            for f in dataclasses.fields(klass):
                if f.name in section:
                    _check_type(f"{name}.{f.name}", f.type, section[f.name])
            try:
                kwargs[name] = klass(**section)
            except ConfigError as exc:
                raise ConfigError(f"{name}.{exc}") from None
        return cls(**kwargs)

    @classmethod
    def from_file(cls, path: str | Path) -> Config:
        """Read a JSON (``.json``) or TOML (``.toml``) config file."""
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read config file {str(p)!r}: {exc.strerror}") from None
        try:
            if p.suffix.lower() == ".toml":
                import tomllib

                data = tomllib.loads(text)
            else:
                data = json.loads(text)
        except ValueError as exc:
            raise ConfigError(f"config file {str(p)!r} is not valid: {exc}") from None
        return cls.from_dict(data)

    def replace(self, **changes: Any) -> Config:
        """Return a copy with settings changed, by section field name.

        ``cfg.replace(alert_threshold=0.7, resolution=0.05)`` finds the section
        that owns each name.
        """
        sections: dict[str, dict[str, Any]] = {}
        direct: dict[str, Any] = {}
        for key, value in changes.items():
            if key in {"kinds", *_MAPPINGS, *_SECTIONS}:
                direct[key] = value
                continue
            owners = [
                s for s, k in _SECTIONS.items() if key in {f.name for f in dataclasses.fields(k)}
            ]
            if not owners:
                raise ConfigError(f"unknown setting {key!r}")
            sections.setdefault(owners[0], {})[key] = value
        for name, upd in sections.items():
            direct[name] = dataclasses.replace(getattr(self, name), **upd)
        return dataclasses.replace(self, **direct)

    def with_kind(self, kind: str, rule: KindRule | float | None) -> Config:
        """Return a copy with ``kind`` added, changed or (with ``None``) removed.

        A number changes the weight only: a kind already configured keeps its
        ``free_share`` and ``hub_cap``, as a config file naming only its weight does.

        Examples
        --------
        >>> cfg = Config().with_kind("device", 0.5)
        >>> rule = cfg.kinds["device"]
        >>> rule.weight, rule.free_share, rule.hub_cap
        (0.5, 8, 40)
        >>> "ip" in Config().with_kind("IP", None).kinds
        False
        """
        kinds = dict(self.kinds)
        key = canonical_kind(kind)
        if rule is None:
            kinds.pop(key, None)
        elif isinstance(rule, KindRule):
            kinds[key] = rule
        elif key in kinds:
            kinds[key] = dataclasses.replace(kinds[key], weight=float(rule))
        else:
            kinds[key] = KindRule(weight=float(rule))
        return dataclasses.replace(self, kinds=kinds)
