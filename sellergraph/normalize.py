"""Identifier normalisation: one normaliser per identifier kind, vectorised.

Two stores share an identifier only if their raw values normalise to the same
*key*. Every normaliser takes a :class:`pandas.Series` of raw values and returns a
table aligned with it: ``key`` (the normalised value, or ``None``), ``reason``
(why a value was rejected, a :data:`REASONS` code) and ``flag`` (a warning about an
accepted value, a :data:`FLAGS` code; flags never reject).

How it scales: each *distinct* raw value is normalised once (``pandas.factorize``)
and the results are mapped back, so repeated values cost nothing. Large batches
of distinct values take vectorised fast paths (Arrow compute kernels and NumPy on
the UTF-8 bytes, in chunks spread over the available cores) that decide the
common clean shapes of every kind completely -- shared rules, the kind's rules,
flags and key checks. Everything else (other scripts, control characters, odd
shapes, and phone numbers other than Chinese mobiles, which need the
``phonenumbers`` library) goes through the per-value path, which defines the
behaviour: both give identical results. Single values (:func:`normalize_value`)
always go per value.

Rules shared by every kind, in order:

1. ``None``/NaN and blank values (nothing but whitespace and the invisible
   characters of rule 2: a lone NUL is ``empty``) -> ``empty``; values longer than
   ``NormalizeConfig.max_value_length`` (after trimming) -> ``too_long``.
2. Unicode NFKC (full-width digits and letters become ASCII), invisible
   characters (C0/C1 control characters other than whitespace, and Unicode's
   default-ignorable code points: zero-width spaces, BOM, bidi marks, variation
   selectors, tag characters, Hangul fillers) removed, in every kind (custom kinds
   too): ``ann\\x00@corp.cn`` is ``ann@corp.cn``. Control characters that are
   whitespace to Python (tab, line breaks, ``\\x1c``-``\\x1f``, ``\\x85``) are treated as spaces.
   Every kind but e-mail addresses and IPs reads the decimal digits of other scripts as
   ASCII digits (Thai ``๑๒๓``, Arabic-Indic ``١٢٣``, Extended Arabic-Indic ``۱۲۳``, as
   ``123``; NFKC leaves them).
   Phones, payment accounts, ID documents, devices and custom kinds: a whole number
   a float column wrote with its ``.0`` (``13800138000.0``) is read as the number; one
   in scientific notation (``1.38001E+10``, digits lost) -> ``scientific_notation``,
   unless its mantissa has exactly as many decimals as the exponent (``e`` or ``E``,
   ``+`` optional): then every digit is written out, and ``9.18886561165E+11`` is
   read as ``918886561165`` (fewer decimals lose digits, more are not a whole number).
3. Placeholders -> ``placeholder``: the value, case-folded, or the value with
   everything but letters and digits removed (``N.A.`` -> ``na``), is one of
   ``NormalizeConfig.placeholders``; or it is structurally junk: only
   punctuation, one character repeated (``0000000``, ``aaaa``), a sequential run
   (``123456789``, ``1234567890``, ``987654``, ``abcdef``, ``qwerty``,
   ``0123456789abcdef``; at least 4 characters), a unit of two or three
   characters repeated, the last time perhaps cut short, over at least six more
   characters after the first (``12121212``, ``123123123``, ``12312312312``: a
   random number is so once in a million; not ``83783783``), or too
   few letters and digits for the kind (fewer than 5 for phones, devices,
   payment accounts and ID documents). IPs only get the punctuation and
   all-zero rules (``8.8.8.8`` is a real address). Before the structural rules (after
   the placeholder words, also with punctuation removed), a value of a built-in kind the
   exporter hid part of is ``masked_value``, whatever hides it: a phone number
   ``138****5678``, ``+86 138 XXXX 5678``, ``手机尾号5678``; an e-mail address
   ``j***@gmail.com``; a card or account number ``4111 11XX XXXX 1111``,
   ``411111******1111``, ``**** 1234``, ``VISA •••• 1234``, ``card ending in 1234``,
   ``建设银行 尾号1234``, ``DE89 **** **** **** 1234``; an ID number
   ``1101**********1234``; an IP ``192.168.*.*``, ``203.0.113.x``; a device id
   ``****-****-1234``; an address with ``**`` in it. Strangers share what is left (a BIN
   and the last four, a phone number's first three and last four digits). An ``x`` among
   letters is a letter (``foxxx@gmail.com``, ``wx: foxxx123``, ``box1234``), and a value
   hidden whole (``xxxx``, ``****``) is a placeholder (:func:`_is_masked`).
4. The kind's own normaliser (see the ``_normalize_*`` functions below and
   :data:`NORMALISERS`). Among them:

   * phones: a word after the number that says what it is (``0412 345 678 mob``,
     ``02 9123 4567 (fax)``, ``138 0013 8000 手机``: :data:`PHONE_LABELS`) is dropped, as
     an extension is, and so is an extension marker with no extension after it
     (``0412 345 678 x``, ``... ext.``, ``... 分机``); any other letter from the number's
     first digit on is none of it, nor a keypad digit: a vanity number
     (``1-800-FLOWERS``), a number with another word after it (``0412 345 678 john``,
     ``+61 412 345 678 ab``, ``... h``: only ``(h)`` is a label) or a letter in it
     (``0412 3a5 678``, ``0412 345 67o``: a digit mistyped) is ``invalid_phone`` (but
     Brazil's ``0xx`` before an area code). A Mexican number in the forms dialled
     before August 2019 that is not valid as written is read in today's form when
     that is valid: the mobile ``1`` after a country code written in the number
     (``+52 1 33 1783 5911``,
     ``5215514032404`` read in MX) and, read in MX without a country code, the prefixes
     ``044``/``045`` (mobile) and ``01`` (long distance) before ten digits
     (``044 33 2774 0047`` is ``+523327740047``). A national ``1`` and ten digits stays
     invalid (it may be a North American number). In the same way, a Brazilian mobile
     number from before the ninth digit (2012-2016: an area code and eight digits
     starting 6-9, with the country code or read in BR) gets its ``9``
     (``(11) 8765-4321`` is ``+5511987654321``; landlines, starting 2-5, stay), and a
     Vietnamese 11-digit mobile number from before 2018 gets today's network code
     (``0168 123 4567`` is ``+84381234567``; see ``_phones.VN_LEGACY_MOBILE``).
   * payment accounts: separators are whitespace, ``-``, ``.`` and ``/``
     (``0001/018230`` = ``0001-018230``), and ``:``/``=``/``#``, which end a label:
     after a label not listed below, ``Conta: 12345-6`` is ``Conta 12345-6``
     (``CONTA123456``); ID documents: the first four.
   * payment accounts and ID documents: a leading label is removed: a well-known
     name of the number (``CPF``, ``CNPJ``, ``RG``, ``CURP``, ``RFC``, ``CLABE``,
     ``IBAN``, ``NIK``, ``KTP``, ``NIF``, ``NIE``, ``DNI``, ``RUT``, ``CUIT``,
     ``CUIL``, ``NIT``, ``RUC``, ``CCCD``, ``CMND``, ``SSN``, ``PAN``, ``Aadhaar``,
     ``Passport``, ``Acct``, ``Account``, ``A/C``; payment accounts also ``card``,
     ``bank``, ``alipay``, ..., Brazil's ``PIX``/``Chave PIX`` (also with the key's
     type in brackets, ``PIX (CPF)``, and a random key's ``chave aleatória``/``EVP``),
     Mexico's ``Cuenta CLABE``/``CLABE interbancaria`` and Argentina's
     ``CBU``/``CVU``; ID documents also ``ID``, a cédula's ``CC``/``C.C.``/``CI``/
     ``C.I.`` and Chinese labels; ``CPF/CNPJ`` too), optionally
     with ``No``/``Nr``/``Number``, followed by whitespace or ``:``/``=``/``#``/
     ``.``; or ``No``/``Nr``/``Number`` alone before ``:``/``=``/``#``/``.``. A
     label glued to the value stays (``CURPSTVC...``, ``NO93 8601...``, a
     Norwegian IBAN), except a payment account label directly before a digit
     (``card4111...``). E-mail style payment accounts only lose the payment
     labels before whitespace or ``:``/``=``/``#`` (``no.reply@x.com`` stays;
     ``PIX`` and ``Mercado Pago`` only so: ``pix1@x.com`` stays). E-mail addresses lose
     a label before ``:`` (``Email: ana@uol.com.br``), IPs one before a space, ``:``,
     ``=`` or ``#`` (``IP: 177.1.1.1``).
   * ID documents also: South-East Asian labels (``Số CCCD``, ``CMND``,
     ``เลขบัตรประชาชน``, ``PCN``, ``PhilSys``, ``MyKad``, ``IC``, ``NRIC``, ``No. KP``):
     ``IC: 850101-14-5678`` is ``850101145678``; European tax and company numbers'
     labels (``USt-IdNr.``, ``VAT``, ``TVA``, ``Steuer-ID``, ``Steuernummer``, ``SIRET``,
     ``SIREN``, ``NIP``, ``REGON``, ``PESEL``, ``TC Kimlik No``, ``VKN``, ``Vergi No``,
     ``ІПН``, ``РНОКПП``, ...: :data:`_ID_LABEL`) and ``N°`` before a label or the number;
     ``:``/``=``/``#`` after an unknown label are separators. Russian, Kazakh and
     Belarusian labels too (``ИНН``/``INN``, ``ОГРН``, ``ИИН``, ``БИН``, ``УНП``, Russian
     ``ЕДРПОУ``); ``ИНН/КПП 7707083893/773601001`` is the INN; a Polish VAT id is its
     NIP when the NIP's check digit holds (``PL5261040828`` = ``5261040828``; other VAT
     ids keep their country); a document's last four digits named so (``Last 4 SSN:
     4821``, ``SSN4 4821``, ``L4: 4821``) are ``masked_value``.
   * payment accounts (but those written as e-mail addresses: ``ann@corp.cn``, a
     PayPal account) and ID documents: a value without a digit is no account or
     document number (``PayPal``, ``bank transfer``, ``pending``): ``no_digit``; one
     with characters its kind never holds (``$``, brackets, another script's letters
     but for a bank's Latin or Thai name; Latin letters are read without their accents:
     ``Itaú`` is ``Itau``) is ``invalid_characters``, and so is a
     device id with characters outside ``[0-9a-z_+/=]``.
   * devices: two ids after numbered labels (``IMEI1: ... IMEI2: ...``) or two whole
     numbers of one length around a ``/`` are ``invalid_value`` (the loader reads each);
     a numbered label before one id goes (``IMEI1: 3520...``).
   * devices: a model's or platform's name is no device's id (``iPhone 12``, ``Samsung
     Galaxy S21``, ``Android 11``, ``MacBook Pro``, ``desktop``): words that each name a
     platform, maker or model line (:data:`_DEVICE_MODEL_WORDS`) or a variant or model
     number of one, with six digits at most, are ``device_model_only``. A hex id, an
     IMEI or a serial never is (``SM-G991B``, a model number alone, is kept).
   * payment accounts also: the words for an account number (``No. Rek``,
     ``Rekening``, ``STK``, ``Số TK``) and for a bank (``Ngân hàng``, ``ธนาคาร``)
     are labels; an account holder's name (``a.n. NAME``, ``atas nama NAME``,
     ``a/n NAME``, ``chủ TK NAME``) is dropped up to the next digit or ``+``; an
     area code in brackets is part of the number (``(11) 98765-4321``), and a holder's
     name written before a known bank's (below) leaves it (``a.n. BUDI SANTOSO BCA
     7310482956`` = ``BUDI SANTOSO - BCA 7310482956`` = ``BCA7310482956``; not when
     another bank or wallet is named before it). A name in any script before a number,
     perhaps international, is kept (``MAYBANK+60123876612``), and the names of one
     big Thai, Indonesian, Malaysian, Vietnamese or Philippine bank or renamed e-wallet
     are one (:data:`_PROVIDERS`: ``กสิกรไทย 731-0-48295-6`` = ``Kasikorn ...`` =
     ``KBank ...``, ``KBANK7310482956``); the number of an e-wallet of one country
     (:data:`_WALLET_CALLING_CODES`; Thailand's ``PromptPay`` and ``TrueMoney``) is
     keyed in its national form however written (``OVO +62 812 3456 7890`` = ``OVO
     6281234567890`` = ``OVO081234567890``, ``TrueMoney +66 86 123 4567`` =
     ``TrueMoney 086 123 4567`` = ``TRUEMONEY0861234567``).
     Payment accounts know no store country: other national and international forms
     stay apart. A Chinese bank's name before its card or account number (any name
     ending in 银行, in simplified or traditional characters, a short name, ``工行``,
     ``招行``, or a Latin one, ``ICBC``, ``Bank of China``, ``CMB``: ``_zh.BANK_*``),
     perhaps with a word for the number (``卡号``, ``账号``, ``card``), is dropped, and
     with it a holder's name before it: ``招商银行 6225 8812 3456 7890`` =
     ``6225881234567890`` (a Chinese bank card's number is its account's, and names the
     bank). A masked card number is no account (``masked_value``, rule 3).
   * payment accounts: the European words for an account number (``Nr konta``,
     ``Numer rachunku``, ``Konto``, ``Kontonummer``, ``RIB``) and Stripe's and Klarna's
     names are labels; a Polish NRB (26 digits) is the Polish IBAN when ``PL`` and the
     digits pass the IBAN check (:func:`_polish_iban`); a bank's name in brackets after an
     IBAN with valid check digits is dropped (``DE89 ... (Commerzbank)``).
   * payment accounts: Russian and Ukrainian words for an account, a card and a wallet
     (``р/с``, ``Расчётный счёт``, ``Счёт``, ``р/р``, ``Карта``, ``Картка``) and US
     ``Checking``/``Savings`` are labels; a Russian bank's ``БИК`` goes before its account
     as a sort code does (``р/с 4081…, БИК 044525225`` = ``044525225`` + the account),
     and ``Мир`` is a card scheme's name; the names of Russian, Kazakh and Ukrainian
     banks that issue cards (:data:`_CARD_ISSUERS`: ``Сбербанк``/``Sberbank``,
     ``Tinkoff``, ``Kaspi Gold``, ``PrivatBank``, ``monobank``, ...) are labels before a
     valid card's number, YooMoney's before its wallet's number (``4100…``); QIWI's,
     Kaspi's, Zelle's and Venmo's phone numbers are keyed in their national form
     (:data:`_WALLET_TRUNKS`: ``QIWI +7 912…`` = ``QIWI 8 912…``); a Stripe ``acct_`` id
     is an account whatever its digits (``Stripe Connect`` is a label); a Cash App
     ``$cashtag`` is ``$TAG``, a Venmo username ``VENMO:@USER`` (:func:`_handle_key`);
     a card's last four digits after a mark or a scheme's name (``Visa x4821``,
     ``Chase ...4821``, ``MC 4821``) are ``masked_value``; a bank's name before a US
     routing number or a bare North-American account is dropped (the routing number
     names the bank).
   * payment accounts of Africa and South Asia: a bank's M-Pesa paybill alone
     (``522522``, ``KCB Paybill 522522``) is ``bank_code_only`` (:func:`_rail_key`);
     bKash, Nagad, JazzCash, Easypaisa, InstaPay, and MoMo, Airtel Money and Vodafone
     Cash in each of their countries key their numbers in the national form
     (:data:`_WALLET_CALLING_CODES`), OPay's, PalmPay's and Moniepoint's are the phone
     number without its ``0`` (:func:`_nuban_of_phone`); words after a known name that
     are no part of it (``Plc``, ``MFB``, ``A/C``: :data:`_NAME_SUFFIXES`) and a holder's
     name after the number (:func:`_words_after_number`) are dropped, a number before a
     known name is read as after it (:func:`_name_after_number`), and two known names
     each before a number are two accounts (``several_accounts``).
   * e-mail addresses: an IDNA domain (``xn--bcher-kva.de``) is keyed in Unicode
     (``bücher.de``, :func:`_idn_unicode`), and Turkish ``İ`` is ``i``.
   * payment accounts: a card number's Luhn check (``luhn_failed``) is not applied
     to a Mexican CLABE: an 18-digit number with a valid CLABE check digit, or any
     number written with the ``CLABE`` label. An IBAN by its form (a registry country's
     letters, two digits, that country's length) whose ISO 13616 check digits fail is
     flagged ``iban_check_failed`` (:func:`_iban_check_fails`).
   * ID documents: a number whose form names a scheme with a published check character
     and fails it is flagged ``id_check_failed`` (:data:`_ID_CHECKED`: a Chinese resident
     ID, a Spanish DNI or NIE, a Singapore NRIC or FIN, an Italian codice fiscale, a
     Mexican CURP, an Indian GSTIN). Flags never reject, and depend on the key alone.
   * addresses: ``Av``/``Avda``/``Avenida`` are ``avenue``, ``Col`` is
     ``colonia``, ``Rod`` is ``rodovia``; Portuguese and Spanish unit words
     (``apto``, ``apartamento``, ``ap`` before a unit number, ``depto``, ``dpto``,
     ``int``, ``interior``) are dropped before a number as ``Apt`` is; ``CP``/``C.P.``
     before a five-digit postcode is dropped (as the number words before a number
     are), and ``CEP`` before a Brazilian one
     (``01310-100`` or ``01310100``; or five digits); ``N°``, ``N.º`` (and ``Nº``)
     are the number word ``No``; ``s/n``, ``s/nº``, ``sin número``, ``sem número``
     (no house number) are dropped; ``R.`` and ``C.`` starting the address before a
     word or a number are ``rua`` and ``calle``; combining marks on Latin letters are
     removed (``Consolação`` = ``Consolacao``, Vietnamese ``Nguyễn`` =
     ``Nguyen``), other scripts keep theirs (``й``, Thai marks, CJK) and ``đ``
     stays ``đ``; Thai ``ถ.``/``ซ.`` are ``ถนน``/``ซอย``, split from a name glued to
     them (``ซอยเพชรบุรี`` = ``ซ.เพชรบุรี``). Australia Post's ``Cr``, ``Gr``, ``Cv`` and
     ``Wy`` are ``crescent``, ``grove``, ``cove`` and ``way`` in their place only: after
     a street name of one to three words right after the house number, and not before
     a number (``12 Smith Cr``; not ``CR 123``, a US county road, nor ``Cheyenne, WY
     82001``); ``Pwy`` and ``Prom`` are ``parkway`` and ``promenade``. European words
     (:func:`_european_words`): ``Straße``/``Strasse``/``Straat`` ending a word are
     ``str`` (``Str`` is no English street), French ``bd`` is ``boulevard`` and ``ter``
     after a house number stays, Polish ``ul.``/``ulica`` go and ``aleja`` is ``al``,
     Turkish ``Mah.``/``Cad.``/``Sok.``/``Sk.`` are ``mahallesi``/``caddesi``/``sokak``,
     Ukrainian ``вул.`` is ``вулиця``, and a flat mark between two numbers (``12 m. 5``,
     ``No:12 D:5``, ``22 кв. 5``) makes them ``12/5``.
5. The placeholder rules again, on the normalised key (``TEST@TEST.COM`` ->
   ``test@test.com``, ``imei: 000000000000000`` -> ``000000000000000``, an
   address ``No. 5`` -> ``5``). Addresses are only checked here, on their
   words. Phone keys also on their national significant number (the key
   without ``+`` and its country calling code), without the minimum length:
   ``+91 98765 43210`` is a placeholder, as ``98765 43210`` read in India is,
   whatever the number's formatting (see :func:`_junk_national`); and so is a national
   number that is a short prefix followed by one digit repeated (:func:`_is_filler`:
   ``08000000000`` read in Malaysia, ``138 0000 0000``; the repeated digit fills the
   subscriber number after the area or mobile code, or follows a digit the numbering
   plan fixes, Brazil's mobile ``9``: not Seoul's ``02-2000-0000``), or whose subscriber number
   after its area or mobile code is seven or more of one digit
   (:func:`_fills_subscriber`: ``(212) 000-0000`` in the US, ``0917 000 0000`` in the
   Philippines; not Korea's ``010-2000-0000``), in every country.

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

import bisect
import functools
import ipaddress
import itertools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import _zh
from ._arrays import factorize_text
from ._parallel import available_cores, can_fork, forked_map
from ._phones import (
    BR_LEGACY_MOBILE,
    MX_LEGACY_INTERNATIONAL,
    MX_LEGACY_NATIONAL,
    VN_LEGACY_MOBILE,
    VN_LEGACY_PATTERN,
    decide_phones,
    national_code_widths,
    national_number,
    plan_fixes_digit,
    stored_e164_code,
    subscriber_number,
)
from .config import (
    BUILTIN_KINDS,
    KIND_ALIASES,
    EmailRule,
    NormalizeConfig,
    canonical_kind,
    email_rule_domain,
    resolve_kind,
)

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
    "scientific_notation": (
        "a number in scientific notation (a spreadsheet or float column rounded it; "
        "export identifiers as text)"
    ),
    "no_digit": (
        "holds no digit: a word (PayPal, pending), not an account or document number "
        "(a payment account may be an e-mail address, or a wallet id after the wallet's "
        "name: WeChat: shop_owner)"
    ),
    "invalid_characters": (
        "holds characters values of this kind never hold (symbols, letters of another "
        "script, a name in brackets)"
    ),
    "device_model_only": (
        "names a device model or platform (iPhone, Samsung Galaxy S21, Android 11), which "
        "many devices share, not one device's identifier"
    ),
    "masked_value": (
        "the exporter hid part of the value (138****5678, j***@gmail.com, "
        "4111 11XX XXXX 1111, DE89 **** 1234, 192.168.*.*, 尾号1234): strangers share what "
        "is left, so it is no identifier; export the values unmasked"
    ),
    "json_object": (
        "a JSON object with no key naming a value of this kind (idfa, android_id, fp, "
        "mobile, iban, ...): export the field as a column of its own"
    ),
    "bank_code_only": (
        "a bank's or branch's code with no account (an IFSC such as SBIN0001234, a sort "
        "code, a routing number, a BIC, a bank's M-Pesa paybill such as 522522): every "
        "customer of the branch or bank shares it, so it is no account; export the "
        "account number with it"
    ),
    "several_accounts": (
        "two or more accounts in one value, each with its own bank or branch code "
        "(A/C 1 IFSC X, A/C 2 IFSC Y): which code goes with which account is not sure; "
        "give each account as a value of its own"
    ),
}

#: Why a value of one built-in kind was refused, where that says more than
#: :data:`REASONS` (:func:`reason_text`).
_KIND_REASONS: dict[tuple[str, str], str] = {
    ("payment_account", "invalid_value"): (
        "not an account: an account number holds three digits or more (Building A1 and "
        "shop_owner1 hold fewer) and a + only before an international number (not 12+345); "
        "a wallet id with fewer digits is read after its wallet's name (WeChat: "
        "shop_owner1, Alipay: ann1), in a kind or column naming the wallet (kind_names "
        "微信=payment_account), or as WeChat's own wxid_ id"
    ),
}


def reason_text(kind: str, reason: str) -> str:
    """What a rejected value of ``kind`` with the reason code ``reason`` means: the
    kind's own explanation where it has one, else :data:`REASONS`'.

    Examples
    --------
    >>> reason_text("payment_account", "invalid_value")[:50]
    'not an account: an account number holds three digi'
    >>> reason_text("phone", "invalid_value")
    'not a valid value for this identifier kind'
    """
    return _KIND_REASONS.get((_builtin_kind(kind), reason)) or REASONS.get(reason, reason)


#: Warnings about accepted values (flag code -> explanation). Flags never reject.
FLAGS: dict[str, str] = {
    "luhn_failed": "card number fails the Luhn check digit (typo or made up)",
    "imei_check_failed": "15-digit IMEI fails its Luhn check digit (typo or made up)",
    "id_check_failed": (
        "ID number fails its check character (typo or made up): a Chinese resident ID, "
        "Spanish DNI or NIE, Italian codice fiscale, Mexican CURP, Singapore NRIC or FIN, "
        "or Indian GSTIN, as its form names the scheme"
    ),
    "private_ip": "private or carrier-grade NAT address (shared by many users)",
    "reserved_ip": "loopback, link-local, multicast, documentation or other reserved address",
    "unlisted_phone": "possible number (right length) outside the ranges the phone metadata lists",
    "iban_check_failed": "IBAN fails its ISO 13616 check digits (modulo 97: typo or made up)",
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
# whitespace, and Unicode's default-ignorable code points (soft hyphen, zero-width
# and bidi controls, word joiners, BOM, variation selectors, Hangul fillers, tag
# characters), plus the interlinear annotation controls.
_INVISIBLE: dict[int, None] = dict.fromkeys(
    [
        *range(0x00, 0x09),
        *range(0x0E, 0x1C),
        0x7F,
        *range(0x80, 0x85),
        *range(0x86, 0xA0),
        # Default_Ignorable_Code_Point (DerivedCoreProperties.txt)
        0xAD,
        0x034F,
        0x061C,
        0x115F,
        0x1160,
        0x17B4,
        0x17B5,
        *range(0x180B, 0x1810),
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        0x3164,
        *range(0xFE00, 0xFE10),
        0xFEFF,
        0xFFA0,
        *range(0xFFF0, 0xFFFC),  # with the interlinear annotation controls FFF9-FFFB
        *range(0x1BCA0, 0x1BCA4),
        *range(0x1D173, 0x1D17B),
        *range(0xE0000, 0xE1000),
    ]
)


def _drop_invisible(text: str) -> str:
    """``text`` without :data:`_INVISIBLE` characters (some of them are printable to
    Python: variation selectors, Hangul fillers)."""
    if text.isascii():
        return text if text.isprintable() else text.translate(_INVISIBLE)
    return text.translate(_INVISIBLE)


def _clean(text: str) -> str:
    """Trimmed, NFKC-normalised text without invisible characters."""
    text = _drop_invisible(text).strip()
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


#: A decimal digit of a script other than ASCII (Thai ``๑``, Arabic-Indic ``١``, Extended
#: Arabic-Indic ``۱``, Devanagari ``१``, ...): ``\d`` of a ``str`` pattern, but ``0-9``.
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digits(text: str) -> str:
    """``text`` with the decimal digits of other scripts written as ASCII digits (NFKC
    already makes full-width digits ASCII; it leaves these).

    Examples
    --------
    >>> _ascii_digits("๑๒๓๔๕๖๗๘๙๐"), _ascii_digits("٠٥٠ ١٢٣ ۴۵۶۷")
    ('1234567890', '050 123 4567')
    """
    if not _OTHER_DIGIT.search(text):
        return text
    return _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m[0])), text)


# ASCII punctuation, symbols, whitespace and controls: dropped / made spaces.
_ASCII_SEPARATORS = "".join(chr(c) for c in range(128) if not chr(c).isalnum())
_ASCII_DROP_SEPARATORS = str.maketrans("", "", _ASCII_SEPARATORS)
_ASCII_SEPARATORS_TO_SPACE = str.maketrans(_ASCII_SEPARATORS, " " * len(_ASCII_SEPARATORS))


@functools.cache
def _marks() -> str:
    """The combining marks of the Basic Multilingual Plane, as a regex class body."""
    ranges: list[list[int]] = []
    for c in range(0x10000):
        if unicodedata.category(chr(c))[0] == "M":
            if ranges and ranges[-1][1] == c - 1:
                ranges[-1][1] = c
            else:
                ranges.append([c, c])
    return "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)


@functools.cache
def _separators() -> re.Pattern[str]:
    """Runs of anything but letters, digits and combining marks.

    Punctuation (``_`` included), symbols, spaces and controls separate words;
    marks belong to the letter before them (Devanagari vowel signs, Thai tone
    marks; marks outside the Basic Multilingual Plane are rare and count as
    separators). Built once, on first use.
    """
    return re.compile(f"[^\\w{_marks()}]+|_+")


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


#: A unit of two or three characters that the rest of a value repeats over at least
#: this many characters is junk (``12121212``, ``123123123``; the last repeat may be
#: cut short, as when a fixed-length field is filled: ``12312312312``). Random digits
#: do that once in a million (``10 ** -6``); ``83783783``, an ID number whose unit of
#: three repeats over five characters only, is once in 100,000 and is kept.
_REPEAT_SPAN = 6


def _is_junk(sig: str, min_len: int) -> bool:
    """Structural placeholder rules on the significant characters of a value.

    Examples
    --------
    >>> [_is_junk(s, 5) for s in ("0000000", "1234567", "12121212", "12312312312")]
    [True, True, True, True]
    >>> [_is_junk(s, 5) for s in ("83783783", "41041041", "2121212", "1212")]
    [False, False, False, True]
    """
    n = len(sig)
    if n == 0 or n < min_len:
        return True
    if sig.count(sig[0]) == n:
        return True
    if n >= 4 and sig in _RUNS:
        return True
    # a short unit, repeated over _REPEAT_SPAN more characters
    return any(n >= p + _REPEAT_SPAN and (sig[:p] * (n // p + 1))[:n] == sig for p in (2, 3))


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
    # starting domain -> (strip +tags, ignore dots, dots as hyphens, final domain) after
    # following the rules to their end: each applies at most once, in that order
    email_chains: dict[str, tuple[bool, bool, bool, str]]


def _email_chains(rules: dict[str, EmailRule]) -> dict[str, tuple[bool, bool, bool, str]]:
    chains: dict[str, tuple[bool, bool, bool, str]] = {}
    for start in rules:
        domain, seen, plus, dots, hyphens = start, set(), False, False, False
        while domain in rules and domain not in seen:
            seen.add(domain)
            rule = rules[domain]
            plus |= rule.strip_plus_tag
            dots |= rule.ignore_dots
            hyphens |= rule.dots_as_hyphens
            if rule.canonical_domain:
                domain = rule.canonical_domain.strip().lower().rstrip(".")
        chains[start] = (plus, dots, hyphens, domain)
    return chains


def _compile_config(config: NormalizeConfig) -> _Compiled:
    folded = {_fold(_clean(str(p))) for p in config.placeholders}
    squashed = {_significant(p) for p in folded} - {""}
    rules = {email_rule_domain(r): r for r in config.email_rules}
    return _Compiled(
        region=str(config.default_region).upper(),
        max_len=int(config.max_value_length),
        placeholders=frozenset(folded),
        squashed=frozenset(squashed),
        email_rules=rules,
        email_chains=_email_chains(rules),
    )


_compile_cached = functools.lru_cache(maxsize=32)(_compile_config)


@functools.cache
def _default_compiled() -> _Compiled:
    return _compile_config(NormalizeConfig())


def _compiled(config: NormalizeConfig | None) -> _Compiled:
    if config is None:  # single values: skip building and hashing a default config
        return _default_compiled()
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
    fast: _FastKernel | None = None  # vectorised kernel for the common shapes
    wide: bool = False  # the fast kernel also takes CJK and full-width characters
    digits: bool = False  # digit strings at heart: float artefacts are undone or rejected
    national: bool = False  # E.164 keys: the rules also on the national number
    ascii_digits: bool = False  # digits of other scripts (Thai, Arabic-Indic) read as ASCII
    masks: _Masks | None = None  # how a value the exporter partly hid is seen (masked_value)
    mask_bytes: str = ""  # ASCII characters one of which a masked value's text holds
    mask_hint: str | None = None  # RE2 on the rows holding one: they go per value


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


#: A whole number a float column wrote with its ``.0`` (``13800138000.0``).
_FLOAT_WHOLE = re.compile(r"(\+?[0-9]+)\.0+")
#: A number a float column or spreadsheet wrote in scientific notation
#: (``1.38001E+10``, ``1.38001e10``): its digits beyond the mantissa are lost,
#: unless it is one of the next pattern.
_FLOAT_SCIENTIFIC = re.compile(r"[+-]?[0-9](?:\.[0-9]+[eE]\+?|[eE]\+)[0-9]{1,3}")
#: One with every digit written out: a whole number when the mantissa has as many
#: decimals as the exponent (groups 3 and 4): ``9.18886561165E+11`` is exactly
#: ``918886561165`` (groups 1 to 3).
_FLOAT_SCIENTIFIC_EXACT = re.compile(r"(\+?)([1-9])\.([0-9]+)[eE]\+?([0-9]{1,3})")
#: Values the fast paths leave to the per-value path for the rules above.
_FLOAT_ARTEFACT = r"[0-9]\.0+\s*$|[0-9][eE]\+[0-9]+\s*$|[0-9]\.[0-9]+[eE][0-9]+\s*$"


#: How a kind's values are read for a part the exporter hid (:func:`_is_masked`).
_Masks = Literal["phone", "number", "email", "ip", "address"]

#: Characters that hide what they stand for, one alone too: stars (NFKC makes the
#: full-width ``＊`` and the small ``﹡`` a ``*``) and bullets; middle dots (``·``, ``⋅``)
#: only two or more together (alone, one separates: ``138·0013·8000``).
_MASK_MARKS = "*∗⁎•●∙◦"
_MASK_MARK = re.compile(f"[{_MASK_MARKS}]|[·⋅]{{2}}")
#: In a number (phone, payment account, ID document, device): also words of digits and
#: ``x`` one after another (``4111 11xx xxxx 1111``, ``138xxxx5678``), which hide digits
#: when two ``x`` meet, their separators removed as the key removes them (``x-x12`` is
#: ``XX12``); not ``box1234``, ``foxxx123``, ``maxx``, ``0x1f``, ``1920x1080``, an
#: extension (``555 0100 x 12``).
_DIGIT_X_WORDS = re.compile(r"(?<![^\W_])[0-9x]+(?:[\W_]+[0-9x]+)*(?![^\W_])")
_NOT_ALNUM = re.compile(r"[\W_]+")
#: In an address: stars or bullets, two or more together (``南山区****``, ``** Main St``).
_MASK_IN_ADDRESS = re.compile(rf"[{_MASK_MARKS}](?:\s*[{_MASK_MARKS}])+")
#: In an IP address: a part of ``x`` or ``#`` alone (``192.168.1.x``, ``2001:db8:x:x``).
_MASK_IN_IP = re.compile(r"(?<![^.:])(?:x+|#+)(?![^.:])")
#: The last digits named as such: ``ending in 1234``, ``last 4: 1234``, ``尾号1234``;
#: separators anywhere after the words, as the key drops them (``LAST41234``).
_FEW_DIGITS = r"[\W_]*[0-9](?:[\W_]*[0-9]){1,3}[\W_]*"
_LAST_DIGITS = re.compile(
    rf"(?:^|.*?[^a-z0-9])(?:ending|ends)(?:[\W_]*(?:in|with))?{_FEW_DIGITS}"
    rf"|(?:^|.*?[^a-z0-9])last[\W_]*(?:4|four)(?:[\W_]*digits)?{_FEW_DIGITS}"
    rf"|.*?(?:尾号|尾號|尾数|尾數|末四位|后四位|後四位|末尾){_FEW_DIGITS}",
    re.DOTALL,
)
#: Whatever a masked number holds at least one of: a cheap test that clears most values.
_MASK_HINT = re.compile(f"[{_MASK_MARKS}·⋅]|##|x[\\W_]*x|end|last|尾|末|后四|後四")


def _is_masked(folded: str, masks: _Masks) -> bool:
    """Whether a value (case-folded) is one the exporter hid part of, so that strangers
    share what is left: ``138****5678`` (the first three and last four digits of a phone
    number), ``j***@gmail.com``, ``4111 11xx xxxx 1111``, ``de89 **** **** **** 1234``,
    ``192.168.*.*``, ``尾号1234``. ``masks`` says how the kind is read:

    * every kind: a star or bullet (:data:`_MASK_MARK`), with a letter or digit left;
      in an address, two or more together (:data:`_MASK_IN_ADDRESS`);
    * numbers (``number``; ``phone`` also reads Brazil's ``0xx`` before an area code, which
      stands for any carrier, as no mask): ``##``, ``x`` among digits
      (:data:`_DIGIT_X_WORDS`), and the last digits named as such (``ending in 1234``,
      ``last 4: 1234``, ``尾号1234``), with a digit left; an e-mail style payment account
      is read as an e-mail address;
    * IPs: a part that is ``x`` or ``#`` (``192.168.1.x``), with a digit left.

    A value hidden whole (``****``, ``xxxx-xxxx``) is no masked value but a placeholder,
    and an ``x`` among letters (``foxxx@gmail.com``, ``wx: foxxx123``, ``Maxx``) is a letter.

    Examples
    --------
    >>> [_is_masked(v, "phone") for v in ("138****5678", "+86 138 xxxx 5678", "尾号5678")]
    [True, True, True]
    >>> [_is_masked(v, "phone") for v in ("0xx11 8765-4321", "555-0100 x 12", "****")]
    [False, False, False]
    >>> [_is_masked(v, "email") for v in ("j***@gmail.com", "foxxx@gmail.com", "xxx@qq.com")]
    [True, False, False]
    >>> [_is_masked(v, "number") for v in ("4111 11xx xxxx 1111", "wx: foxxx123", "box1234")]
    [True, False, False]
    >>> [_is_masked(v, "ip") for v in ("192.168.*.*", "203.0.113.x", "8.8.8.8")]
    [True, True, False]
    """
    if masks == "address":
        return _MASK_IN_ADDRESS.search(folded) is not None and _has_alnum(folded)
    if masks == "email" or (masks == "number" and "@" in folded):  # PayPal: j***@x.com
        return _MASK_MARK.search(folded) is not None and _has_alnum(folded)
    if masks == "ip":
        bare = "".join(folded.split())
        if _MASK_MARK.search(bare) is not None:
            return _has_alnum(bare)
        return _MASK_IN_IP.search(bare) is not None and _DIGIT.search(bare) is not None
    if _MASK_HINT.search(folded) is None:
        return False
    if _MASK_MARK.search(folded) is not None:
        return _has_alnum(folded)
    if not _DIGIT.search(folded):
        return False
    if "##" in folded or _LAST_DIGITS.fullmatch(folded) is not None:
        return True
    if masks == "phone":
        folded = _BR_CARRIER_PLACEHOLDER.sub("0", folded)
    return any("xx" in _NOT_ALNUM.sub("", words) for words in _DIGIT_X_WORDS.findall(folded))


def _has_alnum(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit (something the mask left)."""
    return any(c.isalnum() for c in text)


def _junk(sig: str, spec: _Spec) -> bool:
    if spec.structural:
        return _is_junk(sig, spec.min_len)
    return not sig or sig.count("0") == len(sig)


def _junk_national(key: str, comp: _Compiled) -> bool:
    """Whether a phone key's national significant number is a placeholder.

    The raw value is checked as written, and so is the E.164 key, but the digits of
    one number differ by formatting: in India ``98765 43210`` (a run) and
    ``09876543210`` are placeholders, and ``+91 98765 43210`` would not be. The
    national significant number (:func:`~sellergraph._phones.national_number`) is
    the same however the number is written, so checking it too rejects a number in
    every form or in none.

    The structural rules and the configured placeholders apply; the minimum length
    does not (Niue's and Tokelau's numbers have four digits, the Falklands' five).
    Wrap-around runs stay runs (:data:`_RUNS` repeats ``0123456789``): the US
    ``+1 234-567-8901`` (national number ``2345678901``) is rejected, as its raw
    digits, ``12345678901`` or ``2345678901``, always were: a made-up number typed
    along the keyboard's digit row, which no real subscriber holds.
    """
    nsn = national_number(key)
    return nsn is not None and (
        nsn in comp.squashed
        or _is_junk(nsn, 0)
        or _is_filler(nsn, key=key)
        or _fills_subscriber(key)
    )


#: A national number that is a short prefix followed by one digit repeated is a filler
#: typed to get past a form (``0800 000 0000`` read in Malaysia, ``138 0000 0000``,
#: ``0812 1111 1111``): prefix length -> the fewest repeats after it. A random number
#: is so about once in a million. Korea's example number ``010-2000-0000`` (national
#: number ``10 2000 0000``: seven zeros after three digits) and the Seychelles'
#: ``800 0000`` are not.
_FILLER_REPEATS = {1: 7, 2: 7, 3: 8}


def _is_filler(nsn: str, *, key: str | None = None) -> bool:
    """Whether a national significant number is a filler: a prefix of one to three
    digits (a trunk, area or mobile code), then one digit repeated
    (:data:`_FILLER_REPEATS`).

    With the number's E.164 ``key``, the repeated digit must also fill its whole
    subscriber number (:func:`~sellergraph._phones.subscriber_number`: the prefix no
    longer than the area or mobile code), when the numbering plan knows that code, but
    for a digit the plan fixes (:func:`~sellergraph._phones.plan_fixes_digit`: Brazil's
    mobile ``9``, ``(11) 96666-6666``, Santiago's ``2``): a round number an organisation
    holds, Seoul's ``02-2000-0000`` (area code ``2``, subscriber ``2000 0000``) or
    Cairo's ``02 2000 0000``, is a real number; the UK's ``07700 000000`` (mobile code
    ``7700``) is a filler.

    Examples
    --------
    >>> [_is_filler(n) for n in ("8000000000", "13800000000", "13888888888", "81211111111")]
    [True, True, True, True]
    >>> [_is_filler(n) for n in ("1020000000", "8000000", "2070000000", "912000000")]
    [False, False, False, False]
    >>> _is_filler("220000000"), _is_filler("220000000", key="+82220000000")
    (True, False)
    >>> _is_filler("7700000000", key="+447700000000")
    True
    >>> _is_filler("11966666666", key="+5511966666666")
    True
    """
    repeats = len(nsn) - len(nsn.rstrip(nsn[-1:]))
    prefix = len(nsn) - repeats
    if prefix not in _FILLER_REPEATS or repeats < _FILLER_REPEATS[prefix]:
        return False
    if key is None:
        return True
    sub = subscriber_number(key)  # only here: it parses the key
    code = len(nsn) - len(sub) if sub is not None and nsn.endswith(sub) else 0
    return code == 0 or prefix <= code or plan_fixes_digit(key, prefix - 1)


#: The fewest digits of a subscriber number that is a filler (:func:`_fills_subscriber`).
_FILLER_SUBSCRIBER = min(_FILLER_REPEATS.values())


def _fills_subscriber(key: str) -> bool:
    """Whether a phone key is a filler after its area or mobile code: a subscriber
    number (:func:`~sellergraph._phones.subscriber_number`) of seven or more of one
    digit. ``(212) 000-0000`` in the US and ``0917 000 0000`` in the Philippines are
    (their codes have three digits, one too many for :func:`_is_filler`); Korea's
    ``010-2000-0000`` (mobile code ``10``, subscriber ``2000 0000``) is not.

    Examples
    --------
    >>> [_fills_subscriber(k) for k in ("+12120000000", "+639170000000", "+821020000000")]
    [True, True, False]
    """
    tail = key[-_FILLER_SUBSCRIBER:]
    if len(tail) < _FILLER_SUBSCRIBER or tail.count(tail[0]) != len(tail):
        return False  # cheap: most keys do not end in seven of one digit
    sub = subscriber_number(key)
    return sub is not None and len(sub) >= _FILLER_SUBSCRIBER and sub.count(sub[0]) == len(sub)


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
        text = _drop_invisible(text).strip()
        if not text:
            continue
        if len(text) > comp.max_len:
            out[i] = (None, "too_long", None)
            continue
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text).strip()
            if not text:
                continue
            if spec.ascii_digits:
                text = _ascii_digits(text)
        if spec.digits and ("." in text or "+" in text):
            whole = _FLOAT_WHOLE.fullmatch(text)
            exact = None if whole is not None else _FLOAT_SCIENTIFIC_EXACT.fullmatch(text)
            if whole is not None:
                text = whole[1]
            elif exact is not None and len(exact[3]) == int(exact[4]):
                text = exact[1] + exact[2] + exact[3]
            elif _FLOAT_SCIENTIFIC.fullmatch(text):
                out[i] = (None, "scientific_notation", None)
                continue
        folded = _fold(text)
        if folded in placeholders:
            out[i] = (None, "placeholder", None)
            continue
        if spec.raw_rules:
            sig = _significant(folded)
            if sig in squashed:
                out[i] = (None, "placeholder", None)
                continue
        if spec.masks is not None and _is_masked(folded, spec.masks):
            out[i] = (None, "masked_value", None)
            continue
        if spec.raw_rules and _junk(sig, spec):
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
                if (
                    ksig in squashed
                    or _junk(ksig, spec)
                    or (spec.national and _junk_national(key, comp))
                ):
                    reason = "placeholder"
            if reason is not None:
                key = flag = None
        out[i] = (key, reason, flag)
    return out


#: From this many values a batch's per-value work is split over the available cores.
_PER_VALUE_SPLIT = 20_000


def _normalize_many(raw: Sequence[object], spec: _Spec, comp: _Compiled) -> list[_Result]:
    """:func:`_normalize_texts`, split over forked processes for large batches.

    The per-value path is Python: one interpreter takes a value at a time. A kind
    whose values mostly miss the fast paths (long addresses in several scripts,
    say) would otherwise keep one core busy long after the other kinds are done.
    """
    parts = min(available_cores(), len(raw) // _PER_VALUE_SPLIT)
    # never from a thread: a fork copies no other thread, and whatever lock one held
    if parts <= 1 or not can_fork() or threading.current_thread() is not threading.main_thread():
        return _normalize_texts(raw, spec, comp)
    bounds = np.linspace(0, len(raw), parts + 1).astype(np.int64).tolist()

    def part(i: int) -> list[_Result]:  # runs in a fork: ``raw`` is inherited, not sent
        return _normalize_texts(raw[bounds[i] : bounds[i + 1]], spec, comp)

    return [result for done in forked_map(part, range(parts), workers=parts) for result in done]


_Path = Literal["auto", "fast", "reference"]


def _run(
    values: pd.Series, config: NormalizeConfig | None, spec: _Spec, path: _Path = "auto"
) -> pd.DataFrame:
    """Factorise, normalise each distinct value once, map the results back.

    ``path``: ``"reference"`` normalises every distinct value per value,
    ``"fast"`` takes the vectorised fast path whenever the kind has one, and
    ``"auto"`` does so from :data:`_FAST_MIN` distinct values on.
    """
    if not isinstance(values, pd.Series):
        values = pd.Series(list(values) if isinstance(values, Iterable) else [values], dtype=object)
    codes, distinct = _run_distinct(values, config, spec, path)
    columns: dict[str, np.ndarray] = {}
    # Slot n holds the result for missing values (code -1 -> last slot).
    for name, col, missing in zip(_COLUMNS, distinct, (None, "empty", None), strict=True):
        full = np.empty(len(col) + 1, dtype=object)
        full[:-1] = col
        full[-1] = missing
        columns[name] = full.take(codes)
    return pd.DataFrame(columns, index=values.index, dtype=object)


def _run_distinct(
    values: pd.Series, config: NormalizeConfig | None, spec: _Spec, path: _Path = "auto"
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Codes of ``values`` (-1 when missing) into their distinct values, in order of
    first appearance, and the key, reason and flag (object arrays) of each distinct value.
    """
    comp = _compiled(config)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    n = len(uniques)
    fast = spec.fast is not None and (path == "fast" or (path == "auto" and n >= _FAST_MIN))
    done = _normalize_fast(uniques, spec, comp) if fast and n else None
    if done is None:
        results = _normalize_many(np.asarray(uniques, dtype=object).tolist(), spec, comp)
        done = tuple(np.empty(n, dtype=object) for _ in _COLUMNS)  # type: ignore[assignment]
        assert done is not None
        if n:
            for col, column in zip(done, zip(*results, strict=True), strict=True):
                col[:] = column
    return np.asarray(codes, dtype=np.int64), done


# ---------------------------------------------------------------------------
# phone
# ---------------------------------------------------------------------------

_PHONE_SIMPLE = r"[\s().\-/]*\+?[0-9\s().\-/]*"
#: Words that mark an extension after a number: English, French (``poste``, ``p.``),
#: Chinese, Russian (``доб.``: добавочный, ``вн.``: внутренний), Ukrainian (``дод.``),
#: Polish (``wew.``, ``wewn.``: wewnętrzny) and Turkish (``dahili``).
_PHONE_EXT_WORD = (
    r"ext(?:ension)?|poste|доб(?:авочный)?|вн(?:утр(?:енний)?)?|дод(?:атковий)?|wewn?|dahili"
)
_PHONE_EXT = re.compile(
    rf"\s*[,;]?\s*(?:{_PHONE_EXT_WORD}|p\.|x|#|转|分机)\s*[.:=]?\s*[0-9]{{1,6}}\s*$",
    re.IGNORECASE,
)
#: An extension marker with no extension after it (``0412 345 678 x``, ``... ext.``).
_PHONE_EMPTY_EXT = re.compile(
    rf"(?:\s*[,;]\s*|\s+)(?:{_PHONE_EXT_WORD}|x)\.?\s*$|\s*(?:#|转|分机)\s*$", re.IGNORECASE
)
#: The start of the number: its first digit or ``+``.
_NUMBER_START = re.compile(r"[+\uff0b\d]")
_LETTER = re.compile(r"[^\W\d_]")
#: Brazil's ``0xx`` before an area code (``0xx11 8765-4321``: any carrier), which the
#: library reads: no letter typed in the number.
_BR_CARRIER_PLACEHOLDER = re.compile(r"(?<![0-9])0\s*xx", re.IGNORECASE)


_PHONE_SIMPLE_RE = re.compile(_PHONE_SIMPLE)
# The same for RE2 on whole columns. Spaces are ASCII only, and the extension's letters
# are spelled out, not case-folded: RE2 then matches no more than Python's ``re`` does,
# and whatever it leaves of a match (a no-break space, say) is not a plain number.
_PHONE_SIMPLE_RE2 = r"^[ ().\-/]*\+?[0-9 ().\-/]*$"
_PHONE_EXT_RE2 = (
    r"[ \t\n\x0b\x0c\r]*[,;]?[ \t\n\x0b\x0c\r]*"
    r"(?:[eE][xX][tT](?:[eE][nN][sS][iI][oO][nN])?|[pP][oO][sS][tT][eE]|[pP]\.|[xX]|#|转|分机)"
    r"[ \t\n\x0b\x0c\r]*[.:]?[ \t\n\x0b\x0c\r]*[0-9]{1,6}[ \t\n\x0b\x0c\r]*$"
)
_NON_DIGITS = re.compile(r"[^0-9]+")

#: Words written after a phone number to say what it is (``0412 345 678 mob``,
#: ``02 9123 4567 fax``): the other names of the ``phone`` kind
#: (:data:`~sellergraph.config.KIND_ALIASES`, the same languages), and the lines
#: and apps a number is for, in English, Portuguese, Spanish, Chinese, Russian and
#: Ukrainian (``(моб.)``, ``(раб.)``, ``(дом.)``), Polish (``(kom.)``), Turkish
#: (``(cep)``, ``(iş)``), Japanese (``（携帯）``, ``(代表)``, ``(代)``: a main line),
#: Korean (``(휴대폰)``, ``(핸드폰)``), traditional Chinese (``(手機)``, ``(傳真)``) and
#: Thai (``ไลน์``: LINE, ``โทร``, ``มือถือ``).
_PHONE_WORDS = (
    "phone ph mob mobile cell tel home work office main fax whatsapp wa line viber zalo "
    "ไลน์ โทร มือถือ "
    "telegram casa trabalho trabajo oficina escritório escritorio comercial fixo fijo cel "
    "zap 手机 电话 座机 传真 微信 办公 家 "
    "моб мобильный мобільний сот сотовый раб рабочий робочий дом домашний домашній тел "
    "телефон факс телеграм kom komórka komórkowy praca dom stacjonarny cep iş ev sabit "
    "携帯 携帯電話 電話 代表 代 휴대폰 핸드폰 휴대전화 전화 팩스 手機 行動電話 傳真 "
    "واتساب واتس وتساب موبايل محمول جوال"
)
PHONE_LABELS: tuple[str, ...] = tuple(
    sorted(
        {
            *(name.replace("_", " ") for name, kind in KIND_ALIASES.items() if kind == "phone"),
            *_PHONE_WORDS.split(),
        },
        key=lambda word: (-len(word), word),  # longest first: ``mobile`` before ``mob``
    )
)
_PHONE_LABEL_WORD = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in PHONE_LABELS)
#: Mobile networks (and M-Pesa) whose name is written after a number to say which
#: network it is on (``0805 987 6543 (MTN)``, ``0300-1234567 (Jazz)``, ``0712345678
#: Safaricom``): Nigeria's, Kenya's, Ghana's, South Africa's, Egypt's (``WE``), Pakistan's,
#: Bangladesh's (``GP``) and Sri Lanka's; Thailand's (``(AIS)``, ``(DTAC)``, ``(True)``),
#: the Philippines' (``(Globe)``, ``(Smart)``, ``(TNT)``, ``(DITO)``), Malaysia's
#: (``(Maxis)``, ``(Celcom)``, ``(Digi)``, ``(U Mobile)``), Indonesia's (``(Telkomsel)``,
#: ``(Indosat)``, ``(XL)``, ``(Tri)``), Vietnam's (``(Viettel)``, ``(Vinaphone)``,
#: ``(Mobifone)``) and Singapore's (``(Singtel)``, ``(StarHub)``, ``(M1)``). Dropped like a
#: label, but no label of the kind (:data:`PHONE_LABELS`): a network's name before a
#: number does not start a second one.
_PHONE_NETWORKS = (
    "mtn glo airtel 9mobile etisalat safaricom telkom faiba airteltigo tigo telecel vodafone "
    "vodacom rain orange we jazz mobilink zong telenor ufone warid scom grameenphone gp robi "
    "banglalink teletalk dialog mobitel hutch m-pesa mpesa "
    "ais dtac true truemove truemove-h globe smart tnt dito maxis hotlink celcom digi "
    "celcomdigi umobile u-mobile telkomsel indosat im3 xl axis tri smartfren viettel "
    "vinaphone mobifone vietnamobile singtel starhub m1 simba"
)
#: Networks whose name is two words.
_PHONE_NETWORK_PHRASES = ("cell c", "u mobile", "truemove h")
_PHONE_TRAILING_WORD = "|".join(
    re.escape(w).replace(r"\ ", r"\s+")
    for w in sorted(
        {*PHONE_LABELS, *_PHONE_NETWORKS.split(), *_PHONE_NETWORK_PHRASES},
        key=lambda word: (-len(word), word),
    )
)
# One label after the number, bare or in brackets (then also a letter: ``(h)``, ``(m)``),
# after a separator or a digit, and not the end of a longer word (``... automob``).
_PHONE_TRAILING_LABEL = re.compile(
    rf"(?:\s*[,;:/\-]?\s*(?:[(\[]\s*(?:{_PHONE_TRAILING_WORD}|[a-z])\s*[.:]?\s*[)\]]"
    rf"|(?<![^\W\d_])(?:{_PHONE_TRAILING_WORD})\.?)\s*[.:]?)+\s*$",
    re.IGNORECASE,
)


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


_CN_MOBILE_KEY = re.compile(r"\+861[3-9][0-9]{9}")


#: Between the values of a cell that lists several (``0812345678; 0897654321``): ``;``,
#: ``|``, ``,`` (also full-width), ``、``, a line break, or a ``/`` between spaces.
LIST_SEPARATOR = re.compile(r"\s*(?:[;|,\n\r\uff1b\uff0c\u3001]|\s/\s)\s*")
#: Between the numbers of a phone cell, also: a full-width ``／`` between two numbers
#: (``03-3871-2964／090-3871-2964``, as typed; NFKC makes it the ``/`` of ``030/1234567``,
#: one Berlin number), and the space before a label that starts a second number
#: (``TEL 03-3871-2964 FAX 03-3871-2965``, ``… 携帯：090-…``): the label is the second
#: number's, and the number before it ends in a digit or a bracket. Phones only: a
#: payment account's ``三菱UFJ銀行／0141931`` is one account.
PHONE_LIST_SEPARATOR = re.compile(
    r"\s*(?:[;|,\n\r\uff1b\uff0c\u3001]|\s/\s|(?<=[0-9])\s*\uff0f(?=\s*[+(0-9]))\s*"
    rf"|(?<=[0-9)\]\uff09])\s+(?=(?:{_PHONE_LABEL_WORD})\.?\s*[:：.]?\s*[+(（0-9０-９])",
    re.IGNORECASE,
)


def _lists_numbers(text: str) -> bool:
    """Whether ``text`` lists two or more numbers (six digits or more each).

    ``phonenumbers`` reads a second number after ``;`` as an extension, which would
    be dropped; a list is no number (the loader reads each number of it on its own).
    ``030 / 1234567`` (area code, number) is one number; so is ``03-3871-2964 FAX``.

    Examples
    --------
    >>> _lists_numbers("TEL 03-3871-2964 FAX 03-3871-2965"), _lists_numbers("030 / 1234567")
    (True, False)
    """
    if not PHONE_LIST_SEPARATOR.search(text):
        return False
    parts = PHONE_LIST_SEPARATOR.split(text)
    return sum(len(_NON_DIGITS.sub("", part)) >= 6 for part in parts) >= 2


#: A ``/`` with no space around it, between the end of a number and the start of another
#: (``08031234567/08059876543``).
_PHONE_GLUED_SLASH = re.compile(r"(?<=[\d)])/(?=[+(\d])")
#: The fewest digits each side of such a ``/`` holds when the cell lists numbers: a whole
#: number, not an area code before its subscriber's number (``030/1234567`` and
#: ``0171/1234567`` are one German number each; an area code and its trunk ``0`` are at
#: most six digits), nor a seven-digit tail some plans would read as a fixed line of its
#: own (``5829174`` is valid in Nigeria: ``08031234567/5829174`` stays refused whole).
_PHONE_WHOLE_DIGITS = 8


def _glued_phone_numbers(part: str) -> list[str]:
    """The numbers of one part of a phone cell that glues them with a ``/``
    (:data:`_PHONE_GLUED_SLASH`), when each side of every such ``/`` holds a whole
    number's digits (:data:`_PHONE_WHOLE_DIGITS`); else the part alone.

    The loader reads each side in its store's region (one that is no valid number
    there is refused as ``invalid_phone``), and only a cell refused as one number:
    ``030/1234567``, a valid Berlin number, is never split.

    Examples
    --------
    >>> _glued_phone_numbers("08031234567/08059876543")
    ['08031234567', '08059876543']
    >>> _glued_phone_numbers("030/1234567"), _glued_phone_numbers("0803 123 4567/8")
    (['030/1234567'], ['0803 123 4567/8'])
    """
    sides = _PHONE_GLUED_SLASH.split(part)
    if len(sides) < 2 or any(
        sum(c.isdigit() for c in side) < _PHONE_WHOLE_DIGITS for side in sides
    ):
        return [part]
    return sides


#: A long-vowel mark between the groups of a number: what a Japanese input method gives
#: for ``-`` (``090ー3871ー2964``; the half-width ``ｰ`` is ``ー`` after NFKC). It is a
#: letter to Unicode, so the number would read as holding a word; it is a hyphen there.
_PHONE_CHOON = re.compile(r"(?<=[0-9)])\s*ー+\s*(?=[0-9(])")


def _choon_dashes(text: str) -> str:
    """``text`` with each ``ー`` between digits as ``-`` (:data:`_PHONE_CHOON`).

    Examples
    --------
    >>> _choon_dashes("090ー3871ー2964"), _choon_dashes("(03)ー3871ー2964")
    ('090-3871-2964', '(03)-3871-2964')
    """
    return _PHONE_CHOON.sub("-", text) if "ー" in text else text


def _phone_slow(text: str, region: str) -> _Result:
    """One value through ``phonenumbers`` (parse, validate, E.164)."""
    if _lists_numbers(text):
        return None, "invalid_phone", None
    text = _without_suffixes(text)
    if _letter_in_number(text) or _reads_letters(text):
        return None, "invalid_phone", None
    result = _phone_read(text, region)
    if result[2] is None and result[0] is not None:
        return _international_reading(text, region, result)
    if not _idd_is_00(region) and "+" not in text:
        # ``0061 412 345 678`` as written abroad, where the region dials out with
        # another prefix (AU: 0011): read ``00`` as ``+`` when that gives a listed number.
        digits = _NON_DIGITS.sub("", text)
        if digits.startswith("00"):
            abroad = _phone_read("+" + digits[2:], region)
            if abroad[0] is not None and abroad[2] is None:
                return abroad
    return result


def _international_reading(text: str, region: str, national: _Result) -> _Result:
    """A number written without ``+`` whose digits start with its region's calling code,
    read as international when that is a valid number too: the E.164 digits a database
    stored without their ``+`` (``4915123761615`` in Germany is ``+4915123761615``, not
    ``+494915123761615``). ``national`` is the valid national reading; it stays when the
    international one is not valid (where the plan fixes the length: France, the UK) and
    where national numbers have no trunk prefix, so that one may start with the code's
    digits (Italy, Poland: :func:`~sellergraph._phones.stored_e164_code`).
    ``_phones.decide_phones`` applies the same rule column-wise.

    Examples
    --------
    >>> _international_reading("4915123761615", "DE", ("+494915123761615", None, None))
    ('+4915123761615', None, None)
    >>> _international_reading("483016194", "PL", ("+48483016194", None, None))
    ('+48483016194', None, None)
    """
    code = stored_e164_code(region)
    if code is None or "+" in text:
        return national
    digits = _NON_DIGITS.sub("", text)
    if not digits.startswith(code) or national[0] == "+" + digits:
        return national
    international = _phone_read("+" + digits, region)
    return international if international[0] is not None and international[2] is None else national


#: How many digits another country's number written without its ``+`` has (E.164:
#: its calling code and national number, 15 at most).
_FOREIGN_DIGITS = (10, 15)
_FOREIGN_DIGITS_RE2 = f"^[1-9][0-9]{{{_FOREIGN_DIGITS[0] - 1},{_FOREIGN_DIGITS[1] - 1}}}$"


def _foreign_reading(text: str, region: str) -> _Result | None:
    """Another country's number written without its ``+`` (the E.164 digits a database
    stored: ``971540152029`` on a Korean store is ``+971540152029``), when its national
    reading in ``region`` is not valid (invalid, or only unlisted: ``+82971540152029``)
    and the international reading is; else ``None``. A cross-border seller's number
    reads alike wherever the store is. Only digits and the separators of
    :data:`_PHONE_SIMPLE` (the column-wise path leaves such numbers to this one), and
    not a North American number: a leading ``1`` is as often a country's own (China's
    mobiles, ``12345678900`` a filler there; Mexico's old mobile ``1``).

    Examples
    --------
    >>> _foreign_reading("971540152029", "KR"), _foreign_reading("01012345678", "KR")
    (('+971540152029', None, None), None)
    >>> _foreign_reading("12345678900", "CN"), _foreign_reading("15514032404", "MX")
    (None, None)
    >>> _foreign_reading("(51) 98516-3199", "US") is None
    True
    """
    if "+" in text or "(" in text or not _PHONE_SIMPLE_RE.fullmatch(text):
        return None  # "(51) 98516-3199" is an area code, not Peru's +51
    digits = _NON_DIGITS.sub("", text)
    if not _FOREIGN_DIGITS[0] <= len(digits) <= _FOREIGN_DIGITS[1] or digits[0] in "01":
        return None
    international = _phone_read("+" + digits, region)
    if international[0] is None or international[2] is not None:
        return None
    return international


def _without_suffixes(text: str) -> str:
    """``text`` without the extension and label words after the number.

    Examples
    --------
    >>> _without_suffixes("0412 345 678 mob"), _without_suffixes("02 9123 4567 (work) ext 12")
    ('0412 345 678', '02 9123 4567')
    >>> _without_suffixes("138 0013 8000 手机"), _without_suffixes("1-800-FLOWERS")
    ('138 0013 8000', '1-800-FLOWERS')
    """
    while True:
        shorter = _PHONE_EXT.sub("", _PHONE_TRAILING_LABEL.sub("", text))
        shorter = _PHONE_EMPTY_EXT.sub("", shorter)
        if shorter == text:
            return text
        text = shorter


def _letter_in_number(text: str) -> bool:
    """Whether a letter follows the number's first digit (or its ``+``) in ``text``,
    once extensions and labels are gone (:func:`_without_suffixes`): a word the number
    does not end in (``0412 345 678 ab``), or a letter typed in it (``0412 3a5 678``,
    ``0412 345 67o``). Brazil's ``0xx`` before an area code is none.

    Examples
    --------
    >>> [_letter_in_number(t) for t in ("0412 345 678 ab", "0412 3a5 678", "mob 0412 345 678")]
    [True, True, False]
    >>> _letter_in_number("0xx11 8765-4321")
    False
    """
    start = _NUMBER_START.search(text)
    if start is None:
        return False
    rest = text[start.start() :]
    if "x" in rest or "X" in rest:
        rest = _BR_CARRIER_PLACEHOLDER.sub("0", rest)
    return _LETTER.search(rest) is not None


def _reads_letters(text: str) -> bool:
    """Whether ``phonenumbers`` would read letters of ``text`` as keypad digits.

    It does so for three letters or more from the number's first digit (or ``+``) on,
    but an extension it knows (``;ext=12``): ``1-800-FLOWERS`` would be
    ``+18003569377``, ``0412 345 678 john`` a number ending ``5646``. Such a number is
    none: vanity numbers are not read, and a word after a number is no part of it.
    Letters before the number are a label the library skips (``mob 0412 345 678``).

    Examples
    --------
    >>> _reads_letters("1-800-FLOWERS"), _reads_letters("Tel: +1 415 555 2671;ext=12")
    (True, False)
    """
    import phonenumbers

    start = re.search(r"[+\uff0b\d]", text)
    return start is not None and phonenumbers.is_alpha_number(text[start.start() :])


def _phone_read(text: str, region: str) -> _Result:
    """:func:`_phone_parse`, or, when that number is not valid, the valid number it is
    in its country's numbering today (:func:`_today`)."""
    result = _phone_parse(text, region)
    if result[0] is None or result[2] is not None:
        today = _today(text, region)
        if today is not None:
            again = _phone_parse(today, region)
            if again[0] is not None and again[2] is None:
                return again
    return result


def _today(text: str, region: str) -> str | None:
    """The number as dialled today (``+`` and digits) of a number in a form its country
    has since renumbered, else ``None``; ``_phones._legacy_rows`` reads the same forms.

    * Mexico before 2019: ``+52`` and the ten digits. The ``1`` counts after a country
      code written in the number (``+52 1 ...``, ``0052 1 ...``, ``52 1 ...`` in
      Mexico), ``044``/``045``/``01`` only in a number read in Mexico without one: a
      national ``1 ...`` may be a North American number.
    * Brazil before the ninth digit (2012-2016): an area code and eight digits starting
      6-9 (:data:`~sellergraph._phones.BR_LEGACY_MOBILE`) get a ``9`` after the area code.
    * Vietnam before 2018: an 11-digit mobile's network code becomes today's
      (:data:`~sellergraph._phones.VN_LEGACY_MOBILE`).

    Examples
    --------
    >>> _today("+52 1 33 1783 5911", "US"), _today("(11) 8765-4321", "BR")
    ('+523317835911', '+5511987654321')
    >>> _today("0168 123 4567", "VN"), _today("(11) 3456-7890", "BR")
    ('+84381234567', None)
    """
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region, keep_raw_input=True)
    except Exception:  # phonenumbers raises NumberParseException and worse on junk
        return None
    nsn = phonenumbers.national_significant_number(number)
    if number.country_code == 52:
        national = number.country_code_source == phonenumbers.CountryCodeSource.FROM_DEFAULT_COUNTRY
        m = re.match(MX_LEGACY_NATIONAL if national else MX_LEGACY_INTERNATIONAL, nsn)
        return None if m is None else "+52" + m[1]
    if number.country_code == 55:
        m = re.match(BR_LEGACY_MOBILE, nsn)
        return None if m is None else "+55" + m[1] + "9" + m[2]
    if number.country_code == 84:
        m = re.match(VN_LEGACY_PATTERN, nsn)
        return None if m is None else "+84" + VN_LEGACY_MOBILE["0" + m[1]][1:] + m[2]
    return None


def _phone_parse(text: str, region: str) -> _Result:
    import phonenumbers

    try:
        number = phonenumbers.parse(text, region)
        valid = phonenumbers.is_valid_number(number)
        if not valid and not phonenumbers.is_possible_number(number):
            return None, "invalid_phone", None
        key = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if not valid:
            # A number the metadata does not list must at least read back as itself
            # (``000000001`` would otherwise become ``+8600000001``, then ``+860000001``).
            again = phonenumbers.parse(key, region)
            if phonenumbers.format_number(again, phonenumbers.PhoneNumberFormat.E164) != key:
                return None, "invalid_phone", None
    except Exception:  # phonenumbers raises NumberParseException and worse on junk
        return None, "invalid_phone", None
    if not valid and _CN_MOBILE_KEY.fullmatch(key):
        valid = True  # every 1[3-9]X block is mobile; the fast path trusts them too
    return key, None, (None if valid else "unlisted_phone")


def _phone_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    out: list[_Result] = []
    for text in map(_choon_dashes, texts):
        key = _phone_fast_one(text, comp.region)
        out.append((key, None, None) if key is not None else _phone_slow(text, comp.region))
        if key is None and (out[-1][0] is None or out[-1][2] is not None):
            out[-1] = _foreign_reading(text, comp.region) or out[-1]
    return out


def _normalize_phone(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Phone numbers -> E.164 (``+8613800138000``); invalid -> ``invalid_phone``.

    Numbers without a country code are read in ``config.default_region``;
    extensions (also a marker alone: ``x``), label words after the number (``mob``,
    ``(w)``, ``fax``) and the mobile network's name (``(MTN)``, ``(Safaricom)``,
    ``(Jazz)``: :data:`_PHONE_NETWORKS`) are dropped; any other letter from the first
    digit on makes the value ``invalid_phone``: letters are never read as keypad digits
    (``1-800-FLOWERS``) nor dropped (``0412 345 678 ab``, ``0412 3a5 678``).
    A value listing several numbers (``0812345678; 0897654321``, also two whole numbers
    glued by a ``/``: :func:`_glued_phone_numbers`) is ``invalid_phone`` (the loader
    reads each number of it).

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


#: A label before an e-mail address (``Email: ana@uol.com.br``, ``E-mail address:``,
#: ``Correo electrónico:``; Japanese ``メール``, ``メールアドレス``, ``Eメール``, ``電子メール``;
#: Chinese ``電子郵件``, ``电子邮件``, ``電郵``, ``邮箱``; Korean ``이메일``, ``메일``), as a
#: pattern for ``re`` and RE2 (case-folded text, its spaces perhaps removed): only before
#: ``:`` (``：`` in a value as written), which no address holds before its ``@``
#: (``email=ann@corp.cn`` is an address).
_EMAIL_LABEL_PATTERN = (
    r"^\s*(?:e-?mail|correo(?:\s*electr[oó]nico)?|mail"
    r"|(?:e|電子)?メール|電子(?:郵件|信箱)|电子(?:邮件|信箱)|電郵|电邮|[邮郵]箱|이메일|메일)"
    r"(?:\s*(?:address|アドレス|地址|주소))?\s*[:：]\s*"
)
_EMAIL_LABEL = re.compile(_EMAIL_LABEL_PATTERN, re.IGNORECASE)
#: What a value's label starts with (:data:`_EMAIL_LABEL_PATTERN`), case-folded.
_EMAIL_LABEL_FIRST = frozenset("cemメ電电郵邮이메")
#: A comment in brackets after an address (``taro@docomo.ne.jp（携帯）``, ``ann@corp.cn
#: (work)``): no part of it (RFC 5322), and no address holds a bracket after its ``@``.
#: As a pattern for ``re`` and RE2 (the address is group 1), on the folded text without
#: spaces.
_EMAIL_COMMENT_PATTERN = r"^([^()]*@[^()@]+)\([^()@<>\[\],;:\\\"]*\)$"
_EMAIL_COMMENT = re.compile(_EMAIL_COMMENT_PATTERN)


#: Turkish ``İ`` (dotted capital I) case-folds to ``i`` and a combining dot above.
_DOTTED_I = "i\u0307"


def _without_dotted_i(folded: str) -> str:
    """Folded text with the ``i`` of a Turkish ``İ`` as ``i`` (``İLKER`` is ``ilker``,
    not ``i̇lker``)."""
    return _fold(folded.replace(_DOTTED_I, "i")) if _DOTTED_I in folded else folded


def _idn_unicode(domain: str) -> str:
    """An e-mail domain with its IDNA labels (``xn--bcher-kva``) in Unicode, case-folded
    as written ones are (``bücher``): one mailbox, one key. A label that is no valid
    Punycode, or that decodes to what a domain does not hold, stays as written.

    Examples
    --------
    >>> _idn_unicode("xn--bcher-kva.de"), _idn_unicode("xn--mller-shop-9db.de")
    ('bücher.de', 'müller-shop.de')
    >>> _idn_unicode("xn--zz.de")
    'xn--zz.de'
    """
    labels = domain.split(".")
    for i, label in enumerate(labels):
        if not label.startswith("xn--"):
            continue
        try:
            text = label[4:].encode("ascii").decode("punycode")
        except UnicodeError:
            continue
        if text.isascii():  # Punycode of ASCII only: no IDNA label
            continue
        text = _without_dotted_i(_fold(text))
        if "xn--" not in text and _EMAIL_LABEL_CHARS.fullmatch(text):
            labels[i] = text
    return ".".join(labels)


#: What a label of an e-mail domain holds (:data:`_EMAIL_DOMAIN`).
_EMAIL_LABEL_CHARS = re.compile(r"[\w-]+")


def _email_one(text: str, comp: _Compiled) -> _Result:
    s = _fold(text)
    if "<" in s and s.endswith(">"):
        s = s[s.rindex("<") + 1 : -1]
    s = "".join(s.split())
    if not s.isascii():  # removing spaces can bring a letter and a mark together
        s = _fold(s)
    s = _without_dotted_i(s)
    if s.endswith(")"):
        s = _EMAIL_COMMENT.sub(r"\1", s)
    if s[:1] in _EMAIL_LABEL_FIRST:
        s = _EMAIL_LABEL.sub("", s)
    if s.startswith("mailto:"):
        s = s[len("mailto:") :]
    s = s.strip("'\"<>()[]").rstrip(",;")
    if s.count("@") != 1:
        return None, "invalid_email", None
    local, domain = s.split("@")
    domain = domain.rstrip(".")
    if not local or _EMAIL_BAD_LOCAL.search(local) or not _EMAIL_DOMAIN.fullmatch(domain):
        return None, "invalid_email", None
    if "xn--" in domain:
        domain = _idn_unicode(domain)
    chain = comp.email_chains.get(domain)
    if chain is not None:  # the domain's rules, followed to their end
        plus, dots, hyphens, domain = chain
        if plus:
            local = local.split("+", 1)[0]
        if dots:
            local = local.replace(".", "")
        if hyphens:
            local = local.replace(".", "-")
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

    ``mailto:`` and ``Name <addr>`` wrappers, a label before ``:`` (``Email:``,
    ``メール：``, ``이메일:``: :data:`_EMAIL_LABEL_PATTERN`), a comment in brackets after
    the address (``taro@docomo.ne.jp（携帯）``) and a trailing dot on the domain
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
#: Country names dropped before a known place or one of Taiwan's (中華民國臺北市 is
#: 台北, 中華民國彰化縣 is 彰化县). 台湾 is a province, kept as the others are (台灣臺北市
#: is 台湾 台北: a near duplicate of 台北).
_ZH_COUNTRY = ("中华人民共和国", "中国", "中华民国")
_TW_PLACE_STARTS = tuple(sorted(_zh.TW_PLACES))
_ZH_KNOWN = _zh.PROVINCES | _zh.CITIES
_ZH_KNOWN_FIRST = frozenset(name[0] for name in _ZH_KNOWN)
_ZH_SUFFIX = re.compile(
    "(?:" + "|".join(s if s != "市" else "市(?!场)" for s in _zh.ADMIN_SUFFIXES) + ")*+"
)
_ZH_GENERIC_CITY = re.compile(f"([{_CJK}]{{2,3}}?)(?:市(?!场))++")

#: Address abbreviations (English, and a few Spanish/Portuguese ones) -> one canonical word.
_ABBREVIATIONS: dict[str, str] = {
    "rd": "road",
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
    "pwy": "parkway",
    "prom": "promenade",
    "cres": "crescent",
    "crs": "crescent",
    "tce": "terrace",
    "pde": "parade",
    "cct": "circuit",
    "cir": "circle",
    "esp": "esplanade",
    "bvd": "boulevard",
    "bvde": "boulevard",
    "crt": "court",
    "hts": "heights",
    "mwy": "motorway",
    "fwy": "freeway",
    "lvl": "level",
    "ter": "terrace",
    "terr": "terrace",
    "rm": "room",
    "bldg": "building",
    "bld": "building",
    "blk": "block",
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
    "pk": "park",
    "cl": "close",
    "bldgs": "buildings",
    "co": "company",
    "ltd": "limited",
    # Quebec's boulevard (boul. St-Laurent = boulevard St-Laurent)
    "boul": "boulevard",
    # Spanish and Portuguese
    "avenida": "avenue",
    "avda": "avenue",
    "col": "colonia",
    # Mexico's states, abbreviated as no other word is (Jal. = Jalisco; not Col., Mich.,
    # Son., Ver., which are words or other places too)
    "ags": "aguascalientes",
    "chih": "chihuahua",
    "coah": "coahuila",
    "dgo": "durango",
    "gto": "guanajuato",
    "hgo": "hidalgo",
    "jal": "jalisco",
    "oax": "oaxaca",
    "qro": "queretaro",
    "tamps": "tamaulipas",
    "tlax": "tlaxcala",
    "rod": "rodovia",  # Brazil's highways (Rod. Anhanguera = Rodovia Anhanguera)
    # India: a landmark (Opp. Metro Station)
    "opp": "opposite",
}
# The unit designators: one starting an address before two numbers makes the first
# the unit of the second (Unit 1, 12 Smith St = 1/12 Smith St). Portuguese ``apto``,
# ``apartamento`` (and ``ap`` before a unit number: :func:`_ap_units`), Spanish
# ``depto``, ``dpto``, ``departamento`` and Mexico's ``int``/``interior`` (Int. 5) too;
# French ``bureau``/``bur.``, ``app.``/``appartement`` and ``local`` (Quebec, and Spanish
# ``local``). ``#`` after a street (``12 Oak St #5``) is read as ``unit`` before it
# comes here (:data:`_HASH_UNIT_PATTERN`).
_UNIT_WORDS = frozenset(
    {
        *("apt", "apartment", "unit", "ste", "suite", "flat"),
        *("apto", "apartamento", "depto", "dpto", "departamento", "int", "interior"),
        *("bureau", "bur", "app", "appartement", "local"),
    }
)
# ... and the Gulf's: Office 3090 = Flat 3090 = Shop 3090 = Villa 3090 (the unit's number)
_UNIT_WORDS = _UNIT_WORDS | frozenset({"office", "shop", "villa"})
# Words meaning "number" before a number (No. 5, # 5) and unit designators
# (Apt 16C = #16C = Unit 16C = Suite 16C = apto 16C): dropped before a number (read
# before the abbreviations are expanded).
_NUMBER_WORDS = frozenset(
    {*("no", "nr", "num", "number", "nro", "numero", "nomor"), *_UNIT_WORDS}
)  # nro, numero: es, pt; nomor: id
#: The most digits of a unit number after Portuguese ``ap`` (``ap 42``, ``ap. 1203``):
#: ``AP 500001`` is Andhra Pradesh before an Indian PIN.
_AP_UNIT_DIGITS = 4
# Words after a number that make it a floor (12 F, 12 fl): no unit/number pair.
_FLOOR_MARKS = frozenset({"f", "fl", "flr", "floor"})
# Words read by their neighbours (:func:`_read_in_context`): ``st`` is saint
# before a name (St Kilda) and street after one (Smith St); ``ste`` is sainte
# before a name (rue Ste Catherine) and otherwise suite (Ste B; Ste 400 has
# gone with the number words); ``fl`` is floor only next to a floor number
# (Fl 3, 3rd fl), not the US state (Miami, FL 33101); the numbers after
# Indonesian ``rt``/``rw`` lose their leading zeros.
_CONTEXT_WORDS = frozenset({"st", "ste", "fl", "rt", "rw"})
_STREET_TYPES = frozenset(
    {
        *("road", "street", "avenue", "boulevard", "lane", "drive", "court", "place"),
        *("square", "highway", "parkway", "crescent", "terrace", "parade", "circuit"),
        *("circle", "esplanade", "motorway", "freeway", "close", "grove", "cove", "way"),
        *("promenade",),
    }
)
#: Australia Post's street types of two letters that are something else elsewhere
#: (``CR 123`` is a US county road; ``WY`` Wyoming, ``GR`` Greece, ``CR`` Costa Rica and
#: ``CV`` Cape Verde; ``CR0``, ``CV1`` are UK postcodes): read as the street type only
#: in its place, right after a street name that follows the house number
#: (:func:`_street_types_in_place`).
_STREET_TYPES_IN_PLACE: dict[str, str] = {
    "cr": "crescent",
    "gr": "grove",
    "cv": "cove",
    "wy": "way",
}
#: The most words of a street name before a street type read in its place.
_STREET_NAME_WORDS = 3
# Street types, as written, after which ``st`` starts a new name (Kilda Rd, St
# Kilda; ``st`` itself, read at the same time: Kilda St, St Kilda).
_THOROUGHFARES = (
    _STREET_TYPES | {k for k, v in _ABBREVIATIONS.items() if v in _STREET_TYPES} | {"st", "str"}
)
# Words before ``st`` that make it saint before a name as a street type does (``avenue
# St-Paul``): French street words that come before the street's name (``rue St-Paul``,
# ``boul. St-Laurent``, ``chemin St-Louis``).
_BEFORE_SAINT_WORDS = _THOROUGHFARES | {
    *("rue", "boul", "chemin", "ch", "cote", "montee", "rang", "route", "allee"),
    *("impasse", "quai", "ruelle"),
}
# Words after ``ste`` that are not a saint's name: address words (Ste Bldg 5).
_NOT_SAINT_NAMES = (
    frozenset(_ABBREVIATIONS) | frozenset(_ABBREVIATIONS.values()) | _NUMBER_WORDS | {"str"}
)
_LEADING_ZEROS = re.compile("(^|/)0+([0-9])")
# Postcodes written with a hyphen, by the lengths of their two digit groups:
# Japan 123-4567, Brazil 01310-100, US ZIP+4 12345-6789 (after a US state's code
# then read as the five-digit ZIP: :func:`_zip_plus_four`).
_POSTCODE_SHAPES = frozenset({(3, 4), (5, 3), (5, 4)})
#: Poland's postcodes (00-590): read as one number (00590) but where the pair starts
#: the address (a house range, Canada's unit-civic 12-100 King St: see
#: :func:`_unit_civic`) or may be a range of house numbers (98-102: see
#: :data:`_HOUSE_RANGE`). The fast path reads addresses holding such a pair per value.
_PL_POSTCODE_SHAPE = (2, 3)
_PL_POSTCODE_RE2 = r"(?:^|[^0-9])[0-9]{2}-[0-9]{3}(?:[^0-9]|$)"
_NUMBER_PAIR = re.compile(r"\d[-/]\d")
_DIGIT_RUNS = re.compile(r"\d+")
# Address words a stray space can split in two (``st reet``, ``ave nue``): two
# neighbouring parts that join into one of them are that word. Without this,
# ``st`` alone is expanded and ``st reet`` becomes ``street reet``.
_SPLIT_WORDS = frozenset(_ABBREVIATIONS.values()) | {"centre", "street"}
_SPLIT_HEADS = frozenset(w[:i] for w in _SPLIT_WORDS for i in range(1, len(w)))
_SPLIT_TAILS = frozenset(w[i:] for w in _SPLIT_WORDS for i in range(1, len(w)))
# UK postcodes (``LE17 4XT``: an area of one or two letters, a district, then the
# inward code, a digit and two letters; Guernsey, Jersey and the Isle of Man too).
# Letters and digits are split apart, so ``LE17 4XT`` is ``le 17 4 xt``; written
# without its space (``LE174XT``) the digits of district and inward code would run
# together (``le 174 xt``): the space is put back first, where the district ends in
# a digit (``SW1A1AA`` splits the same either way).
_UK_POSTCODE_AREAS = frozenset(
    " ".join(
        (
            "ab al b ba bb bd bh bl bn br bs bt ca cb cf ch cm co cr ct cv cw da dd de dg dh",
            "dl dn dt dy e ec eh en ex fk fy g gl gu gy ha hd hg hp hr hs hu hx ig im ip iv",
            "je ka kt kw ky l la ld le ll ln ls lu m me mk ml n ne ng nn np nr nw ol ox pa pe",
            "ph pl po pr rg rh rm s sa se sg sk sl sm sn so sp sr ss st sw sy ta td tf tn tq",
            "tr ts tw ub w wa wc wd wf wn wr ws wv yo ze",
        )
    ).split()
)
_UK_INWARD_LETTERS = "abd-hjlnp-uw-z"  # never c, i, k, m, o, v
#: A UK postcode without its space, in folded text (the same for ``re`` and RE2:
#: ``\b`` between an ASCII letter, digit or ``_`` and anything else).
_UK_GLUED_PATTERN = (
    r"\b("
    + "|".join(sorted(_UK_POSTCODE_AREAS, key=lambda a: (-len(a), a)))
    + rf")([0-9]{{1,2}})([0-9][{_UK_INWARD_LETTERS}]{{2}})\b"
)
_UK_GLUED = re.compile(_UK_GLUED_PATTERN, re.ASCII)
_UK_GLUED_SPACED = r"\1\2 \3"
# Postcode areas that are also number words (``NR``, Norwich: ``nr`` is "number"
# too): one before a district (one or two digits) and an inward code (a digit and
# two letters, or an ordinal: ``NR24 9TH`` is ``nr 24 9th``) is kept.
_POSTCODE_AREA_WORDS = _UK_POSTCODE_AREAS & _NUMBER_WORDS
_INWARD = re.compile(f"[0-9][{_UK_INWARD_LETTERS}]{{2}}")
_ORDINAL_SUFFIXES = ("st", "nd", "rd", "th")
#: Countries whose name ending the address after a comma is dropped (``..., Lagos,
#: Nigeria`` = ``..., Lagos``): the country is the store's, said again. Names only (no
#: codes: ``IN`` is Indiana), none that is also a place of another country or a part of
#: one (``Georgia``, ``Niger``: a Nigerian state; ``Benin``: a Nigerian city), and not
#: yet those whose keys have kept the name (``USA``, ``South Africa``, ``UAE``, ``China``).
_END_COUNTRIES = (
    *("nigeria", "ghana", "cameroon", "kenya", "uganda", "tanzania", "rwanda", "ethiopia"),
    *("egypt", "pakistan", "bangladesh", "sri lanka", "nepal", "india", "indonesia"),
)
#: One of them ending folded text after a comma (the same for ``re`` and RE2).
_END_COUNTRY_PATTERN = (
    r",[ .]*(?:" + "|".join(c.replace(" ", "[ .]*") for c in _END_COUNTRIES) + r")[ .,]*$"
)
_END_COUNTRY = re.compile(_END_COUNTRY_PATTERN, re.IGNORECASE | re.ASCII)
#: Words before ``state`` ending an address that make it part of a name (South Africa's
#: Free State): kept there; after any other word but a US state's or Canadian province's
#: name, ``state`` is dropped (``Lagos State`` = ``Lagos``, ``Rivers State``,
#: ``Washington State`` = ``Washington``; ``Ohio State`` stays).
_STATE_IN_NAME = frozenset({"free"})
#: For the fast path (case-folded text): ``state`` ending the address after a word.
_END_STATE_RE2 = r"[a-z][^a-z0-9]+state[^a-z0-9]*$"
#: A sector of Islamabad (``F-7/2``, ``G-9/1``, ``E-11/4``), after its letter: its number
#: and sub-sector, one part (``7/2``). The letter before it is the sector's, not a floor
#: mark (``Street 5, F-7/2`` is not ``5 floor 7/2``), and ``sector`` before the letter
#: goes (``Sector F-7/2`` = ``F-7/2``).
_SECTOR_NUMBER = re.compile(r"[0-9]{1,2}/[0-9]")
#: For the fast path (case-folded text): ``sector``, a letter and a sector's number.
_SECTOR_RE2 = r"sector[^a-z0-9]+[a-z][^a-z0-9]*[0-9]{1,2}/[0-9]"
#: South Asia's ``H`` and ``R`` before numbers (``H-12, R-5``, ``H# 12, St# 5``, ``H.No 12
#: Street 5``): ``house`` and ``road``, where the address starts with ``H`` and a number
#: before a road word (below) and a number; ``R`` is ``road`` after ``house`` and a
#: number, before a number.
_HOUSE_ROAD_WORDS = frozenset({"r", "road", "rd", "street", "st", "str", "lane", "ln"})
#: For the fast path (case-folded text): a lone ``h`` starting the address, or a lone
#: ``r`` before a number.
_HOUSE_ROAD_RE2 = r"^[^a-z0-9]*h(?:[^a-z0-9]|$)|(?:^|[^a-z0-9])r[^a-z0-9]*[0-9]"
#: Indonesian address words, abbreviated, in full where the address is Indonesian (holds
#: one of :data:`_ID_ADDRESS_MARKS`): ``Jl.`` (and Malay ``Jln``) ``jalan``, ``Gg.``
#: ``gang``, ``Kel.`` ``kelurahan``, ``Kec.`` ``kecamatan``, ``Kab.`` ``kabupaten``
#: (``Nomor`` is a number word, as ``No.`` is).
_ID_ADDRESS_WORDS = {
    "jl": "jalan", "jln": "jalan", "gg": "gang", "kel": "kelurahan", "kec": "kecamatan",
    "kab": "kabupaten",
}  # fmt: skip
_ID_ADDRESS_MARKS = frozenset(
    {"jl", "jln", "jalan", "gang", "rt", "rw", "kelurahan", "kecamatan", "kabupaten", "desa"}
)


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
            if run.startswith(prefix) and (
                _zh_place_at(run, len(prefix)) is not None
                or run.startswith(_TW_PLACE_STARTS, len(prefix))
            ):
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


def _is_cjk(c: str) -> bool:
    """Whether a part's first character starts a CJK run (the _CJK ranges)."""
    return "\u3400" <= c <= "\u9fff" or "\u2e80" <= c <= "\u31ff" or "\uf900" <= c <= "\ufaff"


@functools.cache
def _latin_marks() -> re.Pattern[str]:
    """Combining marks on a Latin letter (after NFD): ç, ã, é, and Vietnamese tones
    and vowel marks (ễ, ư); other scripts keep theirs (й, Thai vowels and tone marks)."""
    return re.compile(f"(?<=[A-Za-z\u00c0-\u024f\u1e00-\u1eff])[{_marks()}]+")


# Thai road (ถนน, ถ.) and lane (ซอย, ซ.) words, glued to the name that follows them.
_TH_WORDS = {"ถ": "ถนน", "ซ": "ซอย"}
_TH_GLUED = re.compile("(ถนน|ซอย)(?=[^\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])")


def _fold_latin_marks(s: str) -> str:
    """``s`` with the combining marks of Latin letters removed (Consolação ->
    Consolacao); other letters (CJK, Cyrillic, Thai, Vietnamese đ) are kept."""
    bare = _latin_marks().sub("", unicodedata.normalize("NFD", s))
    return unicodedata.normalize("NFC", bare)


def _thai_words(parts: list[str]) -> list[str]:
    """ถ./ซ. read as ถนน/ซอย, and ถนน/ซอย split from a name glued to them."""
    out: list[str] = []
    for part in parts:
        while len(part) > 3 and _TH_GLUED.match(part):  # ซอยถนนX: ซอย ถนน X
            out.append(part[:3])
            part = part[3:]
        out.append(_TH_WORDS.get(part, part))
    return out


def _drop_number_words(parts: list[str]) -> list[str]:
    """Number words before a number (``no 5``, ``no. 5``, ``# 5``) and postcode marks
    (``CP``, ``C.P.``: código postal) before a five-digit postcode, ``CEP`` (Brazil's
    código de endereçamento postal) before one of five or eight digits (``01310-100``
    is one part by then) dropped; scanning backwards also drops runs such as ``no no
    5`` and ``C.P. No. 03100``."""
    kept: list[str] = []
    next_is_number = postcode_next = cep_next = False
    i = len(parts) - 1
    while i >= 0:
        part = parts[i]
        if (
            (next_is_number and part in _NUMBER_WORDS and not _is_postcode_area(parts, i))
            or (postcode_next and part == "cp")
            or (cep_next and part == "cep")
        ):
            i -= 1
        elif postcode_next and part == "p" and i and parts[i - 1] == "c":
            i -= 2
        else:
            next_is_number = part[:1].isdecimal()
            digits = part.isascii() and part.isdigit()
            postcode_next = digits and len(part) == 5
            cep_next = digits and len(part) in (5, 8)
            kept.append(part)
            i -= 1
    return kept[::-1]


def _is_postcode_area(parts: list[str], i: int) -> bool:
    """Whether ``parts[i]``, a number word, is the area of a UK postcode
    (:data:`_POSTCODE_AREA_WORDS`): ``nr 24 9 qe``, ``nr 1 3st`` (an ordinal)."""
    return parts[i] in _POSTCODE_AREA_WORDS and _uk_postcode_at(parts, i)


def _uk_postcode_at(parts: list[str], i: int) -> bool:
    """Whether ``parts[i]`` and the parts after it are a UK postcode's area, district and
    inward code (``sk 1 3 xe``, ``nr 1 3st``)."""
    if i + 2 >= len(parts):
        return False
    district, inward = parts[i + 1], parts[i + 2]
    if not (len(district) <= 2 and district.isascii() and district.isdigit()):
        return False
    if len(inward) == 3:  # an ordinal: a digit and st/nd/rd/th
        return inward[0].isascii() and inward[0].isdigit() and inward[1:] in _ORDINAL_SUFFIXES
    return (
        len(inward) == 1
        and inward.isascii()
        and inward.isdigit()
        and i + 3 < len(parts)
        and _INWARD.fullmatch(inward + parts[i + 3]) is not None
    )


# Portuguese and Spanish forms read on the folded text, before it is cut into parts
# (each pattern the same for ``re`` and RE2; the fast paths use them as they are):
# ``R.`` and ``C.`` starting the address before a word of two or more letters or a
# number are ``rua`` and ``calle`` (not ``C.P. 06720``, ``C.C. Plaza``, nor a middle
# initial: ``Av. Juan C. Pérez``); ``N°``/``N.°`` (a degree sign; ``Nº`` is ``No``
# after NFKC) and ``N.º`` (``n.o`` before a number) are the number word ``no``;
# ``s/n``, ``s/nº``, ``s/n°`` (no house number) are dropped; ``C/`` starting the
# address before a word of two or more letters is ``calle`` (not ``c/o``), and
# ``C.E.P.`` is ``cep``. None of them can match in a key (no ``.``, ``°``, nor ``/``
# but between digits): keys stay keys.
_LATAM_RULES: tuple[tuple[str, str], ...] = (
    (r"^r\.\s*([a-z]{2}|[0-9])", r"rua \1"),
    (r"^c\.\s*([a-z]{2}|[0-9])", r"calle \1"),
    (r"^c\s*/\s*([a-z]{2})", r"calle \1"),
    (r"(^|[^a-z0-9])c\.\s*e\.\s*p\.?", r"\1cep "),
    (r"(^|[^a-z0-9])n\.?\s*°", r"\1no "),
    (r"(^|[^a-z0-9])n\.o\.?\s*([0-9])", r"\1no \2"),
    (r"(^|[^a-z0-9])s\s*/\s*n(?:o|°)?\.?([^a-z0-9]|$)", r"\1 \2"),
)
_LATAM_COMPILED = tuple((re.compile(p), r) for p, r in _LATAM_RULES)
#: Whether folded text may hold one of these forms (a cheap test first).
_LATAM_HINT_PATTERN = r"^[rc]\.|^c\s*/|c\.\s*e\.|n\.?\s*°|n\.o|s\s*/\s*n"
_LATAM_HINT = re.compile(_LATAM_HINT_PATTERN)
#: The words of "no number" spelled out (``sin número``, ``sem número``), dropped
#: as ``s/n`` is; on the parts, so whatever separates the two words (a key's space
#: too: keys stay keys).
_NO_NUMBER_WORDS = frozenset({"sin", "sem", "sen"})


def _latam_words(s: str) -> str:
    """Folded address text with the Portuguese and Spanish forms above read."""
    if not _LATAM_HINT.search(s):
        return s
    for pattern, replacement in _LATAM_COMPILED:
        s = pattern.sub(replacement, s)
    return s


def _drop_no_number(parts: list[str]) -> list[str]:
    """Parts without the spelled-out "no number" (``sin numero``, ``sem numero``;
    ``sem sin numero numero`` too: what is left never holds the pair)."""
    if "numero" not in parts[1:] or _NO_NUMBER_WORDS.isdisjoint(parts):
        return parts
    out: list[str] = []
    for part in parts:
        if part == "numero" and out and out[-1] in _NO_NUMBER_WORDS:
            out.pop()
        else:
            out.append(part)
    return out


def _address_parts(text: str) -> list[str]:
    """Letters, digits and CJK tokens of an address, before the English rules."""
    if text.isascii():
        s = _short_units(_dotted_initials(_hash_units(_latam_words(text.lower()))))
        s = _UK_GLUED.sub(_UK_GLUED_SPACED, s)
        parts = _ASCII_PARTS.findall(s)
        return _join_numbers(parts, s) if _NUMBER_PAIR.search(s) else parts
    s = _fold(text)
    japanese = _JAPANESE.search(s) is not None
    if japanese:
        s = _japanese_numbers(s)
    if not s.isascii():
        s = _fold_latin_marks(s).translate(_ADDRESS_LETTERS)
        if _CYRILLIC.search(s):
            s = _cyrillic_words(s)
    s = _short_units(_dotted_initials(_hash_units(_latam_words(s))))
    if _TRAD.search(s) and not japanese:
        s = s.translate(_zh.TRAD_TO_SIMP)
    if not japanese and "段" in s:
        s = _ZH_SECTION.sub(_cjk_numeral, s)
    s = _UK_GLUED.sub(_UK_GLUED_SPACED, s)
    hangul = _HANGUL.search(s) is not None
    if hangul:
        s = _KR_POSTCODE.sub(" ", s)
    parts = _ADDRESS_PARTS.findall(_separators().sub(" ", s))
    if _NUMBER_PAIR.search(s):
        parts = _join_numbers(parts, s)
    if "ถ" in s or "ซ" in s:
        parts = _thai_words(parts)
    if hangul:
        parts = [_KR_REGIONS.get(part, part) for part in parts]
    if not _HAS_CJK.search(s):
        return parts
    out: list[str] = []
    for part in parts:
        if _is_cjk(part[0]):
            if " " in part:  # spaces between CJK characters are not significant
                part = unicodedata.normalize("NFKC", part.replace(" ", ""))
            out.extend(_ja_tokens(part) if japanese else _zh_tokens(part))
        else:
            out.append(part)
    if not japanese and len(out) > 1 and _is_tw_postcode(out[0], out[1]):
        del out[0]
    return out


def _without_end_country(text: str) -> str:
    """Address text without a country of :data:`_END_COUNTRIES` ending it after a comma
    (``..., Lagos, Nigeria``: ``..., Lagos``; ``Lagos Nigeria`` stays), in any case."""
    return _END_COUNTRY.sub("", text) if "," in text else text


#: A Chinese numeral (一 to 九十九 and more, or digit by digit: 五〇一).
_CJK_NUMERAL = "[〇零一二三四五六七八九十百千]+"
_CJK_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_CJK_TENS = {"十": 10, "百": 100, "千": 1000}
#: A road's section written in a Chinese numeral (信義路五段, 臺灣大道三段): its number,
#: as 信義路5段 is written (only after 路, 街 or 道: Tokyo's 九段 is a place).
_ZH_SECTION = re.compile("(?<=[路街道])\\s*([一二三四五六七八九十]{1,3})\\s*(?=段)")
_ZH_SECTION_RE2 = "[路街道]\\s*[一二三四五六七八九十]{1,3}\\s*段"
#: Korea's postcode (five digits) starting the address, bare or in brackets, or ending
#: it in brackets: dropped, as Japan's is (``(06236) 서울특별시 강남구 테헤란로 152`` is
#: ``서울 강남구 테헤란로 152``).
_KR_POSTCODE = re.compile(
    r"^\s*(?:\(\s*[0-9]{5}\s*\)|[0-9]{5}(?![0-9]))(?=\s*[\uac00-\ud7a3])"
    r"|(?<=[\uac00-\ud7a3\s])\(\s*[0-9]{5}\s*\)\s*$"
)
#: Taiwan's postcode (three, five or six digits) before one of its places starting a
#: Chinese address (``110臺北市...``, ``(110) 台北市``): dropped. The fast path reads
#: addresses starting so (the place's first characters, either script) per value.
_TW_POSTCODE_LENGTHS = frozenset({3, 5, 6})
#: The first characters of Taiwan's places, and the traditional ones read as them (臺).
_TW_FIRSTS = {name[0] for name in _zh.TW_PLACES}
_TW_FIRSTS |= {chr(c) for c, to in _zh.TRAD_TO_SIMP.items() if to in _TW_FIRSTS}
_TW_POSTCODE_RE2 = (
    "^[^0-9a-z\\x{4e00}-\\x{9fff}]*(?:[0-9]{3}|[0-9]{5,6})[^0-9a-z\\x{4e00}-\\x{9fff}]*"
    f"[{''.join(sorted(_TW_FIRSTS))}]"
)


def _cjk_numeral(m: re.Match[str]) -> str:
    """A Chinese numeral matched as group 1, in digits (``二十一`` -> ``21``)."""
    return _cjk_number(m.group(1))


def _cjk_number(text: str) -> str:
    """A Chinese numeral in digits: ``十`` 10, ``二十一`` 21, ``百二`` 102, and digit by
    digit without 十/百/千 (``五〇一`` 501).

    Examples
    --------
    >>> [_cjk_number(t) for t in ("五", "十", "十二", "二十一", "一百零五", "五〇一")]
    ['5', '10', '12', '21', '105', '501']
    """
    if not any(c in _CJK_TENS for c in text):
        return "".join(str(_CJK_DIGITS[c]) for c in text)
    total = current = 0
    for c in text:
        if c in _CJK_TENS:
            total += (current or 1) * _CJK_TENS[c]
            current = 0
        else:
            current = _CJK_DIGITS[c]
    return str(total + current)


def _is_tw_postcode(first: str, second: str) -> bool:
    """Whether ``first`` is Taiwan's postcode before the place ``second`` (a token of
    the address: 台北, or a county's 彰化县)."""
    if not first.isdecimal() or len(first) not in _TW_POSTCODE_LENGTHS:
        return False
    return second in _zh.TW_PLACES or (second[-1:] in "县市" and second[:-1] in _zh.TW_PLACES)


def _cyrillic_words(s: str) -> str:
    """Folded Cyrillic address text with its hyphenated words in full
    (:data:`_CYRILLIC_HYPHENATED`) and, in an address with a street word
    (:data:`_CYRILLIC_STREET`), ``5-12`` after a word as ``5/12`` (house 5, flat 12).

    Examples
    --------
    >>> _cyrillic_words("москва, ул. ленина, 5-12"), _cyrillic_words("минск, пр-т мира 3")
    ('москва, ул. ленина, 5/12', 'минск, проспект мира 3')
    """
    if "-" not in s:
        return s
    s = _CYRILLIC_HYPHENATED.sub(lambda m: _CYRILLIC_HYPHENATED_WORDS[m[1]], s)
    if "-" in s and _CYRILLIC_STREET.search(s):
        s = _CYRILLIC_HOUSE_FLAT.sub(r"\1\2/\3", s)
    return s


def _join_numbers(parts: list[str], text: str) -> list[str]:
    """Parts, with two digit runs joined by one hyphen or slash made one part.

    ``123-4567`` (a postcode of one of :data:`_POSTCODE_SHAPES`) becomes
    ``1234567``, as it is also written, and so does Poland's ``00-590`` where it
    cannot be house numbers (:data:`_PL_POSTCODE_SHAPE`); ``1/12`` (unit 1 of number
    12) stays ``1/12``, so that it never meets ``12/1``. A longer chain (``1-2-3``, a
    date ``1/2/2024``) is left apart. ``text``: what the parts were cut from.
    """
    starts = [i for i, part in enumerate(parts) if part[0].isdecimal()]
    runs = [m.span() for m in _DIGIT_RUNS.finditer(text)]  # one per part in starts
    linked: dict[int, str] = {}  # part i joined to part i - 1 by - or /
    for k in range(1, len(starts)):
        i = starts[k]
        joiner = text[runs[k - 1][1] : runs[k][0]]
        if (
            i == starts[k - 1] + 1
            and joiner in ("-", "/")
            and parts[i].isdecimal()
            and parts[i - 1].isdecimal()
        ):
            linked[i] = joiner
    out = list(parts)
    for i in sorted(linked, reverse=True):
        if i - 1 in linked or i + 1 in linked:  # a chain
            continue
        a, b = parts[i - 1], parts[i]
        if linked[i] == "/":
            out[i - 1 : i + 1] = [f"{a}/{b}"]
        elif (len(a), len(b)) in _POSTCODE_SHAPES or (
            (len(a), len(b)) == _PL_POSTCODE_SHAPE and i > 1 and not _is_house_range(a, b)
        ):
            out[i - 1 : i + 1] = [a + b]
    return out


def _is_house_range(first: str, second: str) -> bool:
    """Whether two numbers may be a range of house numbers (``12-14``, ``98-102``: the
    second above the first by at most :data:`_HOUSE_RANGE`, of the same parity)."""
    a, b = int(first), int(second)
    return a < b <= a + _HOUSE_RANGE and a % 2 == b % 2


def _join_split_words(parts: list[str]) -> list[str]:
    """Neighbouring parts that make one of :data:`_SPLIT_WORDS` joined, left to right."""
    if _SPLIT_HEADS.isdisjoint(parts[:-1]):  # most addresses: nothing to join
        return parts
    out: list[str] = []
    i = 0
    while i < len(parts):
        if i + 1 < len(parts) and parts[i] + parts[i + 1] in _SPLIT_WORDS:
            out.append(parts[i] + parts[i + 1])
            i += 2
        else:
            out.append(parts[i])
            i += 1
    return out


#: Words :func:`_box_and_landmark_words` reads: a post office box's (``P.O. Box``,
#: ``POB``, ``Post Box``), India's ``Nr.`` (near) before a landmark.
_BOX_AND_LANDMARK_WORDS = frozenset({"p", "pob", "pobox", "post", "nr"})
#: For the fast path: the values it reads, and India's PIN written ``302 089`` at the end
#: (or before ``India``), go per value.
_PIN_SEPARATORS = r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]"  # ASCII but letters, digits
#: An Indian PIN in two groups of three digits at the end (perhaps before ``India``),
#: with ASCII separators (case-folded text).
_PIN_END_PATTERN = (
    rf"[a-z]{_PIN_SEPARATORS}*[1-9][0-9]{{2}}{_PIN_SEPARATORS}+[0-9]{{3}}"
    rf"{_PIN_SEPARATORS}*(?:india{_PIN_SEPARATORS}*)?$"
)
_PIN_END = re.compile(_PIN_END_PATTERN)
_BOX_AND_LANDMARK_RE2 = (
    r"(?:^|[^a-z])(?:p[\s.]*o[\s.]*box|pob|post\s+(?:office\s+)?box|nr[^a-z0-9]*[a-z]"
    r"|p[^a-z0-9]*bag)|" + _PIN_END_PATTERN
)


def _box_and_landmark_words(parts: list[str], *, pin: bool = True) -> list[str]:
    """A post office box's words in one form (``P.O. Box``, ``P O Box``, ``POB``,
    ``PO Box``, ``Post Box``, ``Post Office Box``: ``po box``), ``nr`` before a word
    (not a number: ``Nr. 5`` is a house number) ``near``, and an Indian PIN written in
    two groups of three digits at the end, after a place's Latin name (``Jaipur - 302
    089``, ``Jaipur 302-089, India``), one number (``302089``).

    Examples
    --------
    >>> _box_and_landmark_words(["p", "o", "box", "24006", "nr", "metro", "jaipur", "302", "089"])
    ['po', 'box', '24006', 'near', 'metro', 'jaipur', '302089']
    """
    out: list[str] = []
    i, n = 0, len(parts)
    while i < n:
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < n else ""
        if part == "p" and nxt == "o" and i + 2 < n and parts[i + 2] == "box":
            out += ["po", "box"]
            i += 3
            continue
        if part in ("pob", "pobox"):
            out += ["po", "box"]
        elif part == "post" and nxt == "box":
            out += ["po", "box"]
            i += 1
        elif part == "post" and nxt == "office" and i + 2 < n and parts[i + 2] == "box":
            out += ["po", "box"]
            i += 2
        elif part == "nr" and nxt and not nxt[0].isdecimal():
            out.append("near")
        else:
            out.append(part)
        i += 1
    end = len(out) - (out[-1:] == ["india"])
    if (
        pin
        and end >= 3
        # after a place's name, not a number nor a number word (Suite 100 200)
        and out[end - 3].isascii()
        and out[end - 3].isalpha()
        and out[end - 3] not in _NUMBER_WORDS
        and _is_pin_half(out[end - 2], first=True)
        and _is_pin_half(out[end - 1])
    ):
        out[end - 2 : end] = [out[end - 2] + out[end - 1]]
    return out


def _is_pin_half(part: str, *, first: bool = False) -> bool:
    return len(part) == 3 and part.isascii() and part.isdecimal() and (part[0] != "0" or not first)


def _ap_units(parts: list[str]) -> list[str]:
    """Portuguese ``ap`` before a unit number (at most :data:`_AP_UNIT_DIGITS` digits)
    read as ``apto`` (a unit word): ``ap 42`` = ``apto 42`` = ``Apt 42``.

    Examples
    --------
    >>> _ap_units(["rua", "augusta", "1500", "ap", "42"]), _ap_units(["ap", "500001"])
    (['rua', 'augusta', '1500', 'apto', '42'], ['ap', '500001'])
    """
    if "ap" not in parts[:-1]:
        return parts
    return [
        "apto" if part == "ap" and _is_ap_unit_number(parts[i + 1]) else part
        for i, part in enumerate(parts[:-1])
    ] + parts[-1:]


def _is_ap_unit_number(part: str) -> bool:
    return len(part) <= _AP_UNIT_DIGITS and part.isascii() and part.isdigit()


#: European street words read where they stand (:func:`_european_words`): after a
#: street's name, Turkish ``Mah.``, ``Cad.``/``Cd.``, ``Sok.``/``Sk.`` are
#: ``mahallesi``, ``caddesi``, ``sokak`` (``Sk.`` and ``Cd.`` only before ``No`` or a
#: number that starts no UK postcode: ``SK1 3XE`` is Stockport's, ``Regina, SK S4P``
#: Saskatchewan); Ukrainian ``вул.``, ``просп.``, ``пров.``, ``бульв.`` are ``вулиця``,
#: ``проспект``, ``провулок``, ``бульвар`` anywhere, and so are the Russian words
#: (:data:`_RU_STREET_WORDS`).
_TR_STREET_WORDS = {
    "mah": "mahallesi", "cad": "caddesi", "cd": "caddesi", "sok": "sokak", "sk": "sokak",
}  # fmt: skip
#: Turkish words read only before ``No`` or a number (see :data:`_TR_STREET_WORDS`).
_TR_BEFORE_NUMBER = frozenset({"sk", "cd"})
_UA_STREET_WORDS = {
    "вул": "вулиця", "просп": "проспект", "пров": "провулок", "бульв": "бульвар",
}  # fmt: skip
#: Russian (and Kazakh, Belarusian) address words, abbreviated, in full: ``ул.``
#: (``улица``), ``пр.``, ``просп.`` and ``пр-т`` (``проспект``; ``пр-т``/``пр-кт`` are
#: read on the text, :data:`_CYRILLIC_HYPHENATED`), ``пер.`` (``переулок``), ``наб.``
#: (``набережная``), ``пл.`` (``площадь``), ``мкр.`` (``микрорайон``), ``обл.``
#: (``область``), ``корп.`` (``корпус``), ``стр.`` (``строение``).
_RU_STREET_WORDS = {
    "ул": "улица", "пр": "проспект", "просп": "проспект", "пер": "переулок",
    "наб": "набережная", "пл": "площадь", "мкр": "микрорайон", "обл": "область",
    "корп": "корпус", "стр": "строение",
}  # fmt: skip
#: Before a street's name (a word): French ``bd`` is ``boulevard``, Polish ``aleja`` is
#: ``al`` (``Al`` is also an Arabic name's article: the short form is the key's), Polish
#: ``ul.``/``ulica`` (street), Ukrainian ``м.`` and Russian ``г.``/``город`` (city) are
#: dropped (``г`` not right after a house number: ``5г`` is house 5г).
_BEFORE_NAME_WORDS = {
    "bd": "boulevard", "aleja": "al", "ul": "", "ulica": "", "м": "", "г": "", "город": "",
}  # fmt: skip
#: Between a house number and a flat number (``12 m. 5``, ``No:12 D:5``, ``22 кв. 5``):
#: Polish ``m.``/``lok.``, Turkish ``Daire`` and ``D.`` (after ``No`` and the number),
#: Ukrainian and Russian ``кв.``/``квартира``: one ``12/5``, as the flat is also written
#: (a flat number has at most four digits).
_FLAT_MARKS = frozenset({"m", "lok", "d", "daire", "кв", "квартира"})
_FLAT_DIGITS = 4
#: The words for "house" before a house number, dropped there (as ``No`` is): Russian
#: ``д.``/``дом``, Ukrainian ``буд.``/``будинок`` (``д. 5, кв. 12`` = ``5, кв. 12``).
_HOUSE_WORDS = frozenset({"д", "дом", "буд", "будинок"})
#: Every word :func:`_european_words` reads.
_EUROPEAN_WORDS = frozenset(
    {
        *_TR_STREET_WORDS, *_UA_STREET_WORDS, *_RU_STREET_WORDS, *_BEFORE_NAME_WORDS,
        *_FLAT_MARKS, *_HOUSE_WORDS,
    }
)  # fmt: skip
#: Cyrillic address words written with a hyphen (``пр-т``, ``пр-кт``: проспект; ``б-р``:
#: бульвар; ``р-н``: район), read on the folded text before it is cut into parts.
_CYRILLIC_HYPHENATED = re.compile(r"(?<![^\W\d_])(пр-к?т|б-р|р-н)(?![^\W\d_])")
_CYRILLIC_HYPHENATED_WORDS = {
    "пр-т": "проспект",
    "пр-кт": "проспект",
    "б-р": "бульвар",
    "р-н": "район",
}
#: A street word of the Russian, Ukrainian or Belarusian address, as written (folded):
#: an address holding one writes its house and flat numbers ``5-12`` (house 5, flat 12)
#: as well as ``д. 5, кв. 12``.
_CYRILLIC_STREET = re.compile(
    r"(?<![^\W\d_])(?:ул|улица|вул|вулиця|пр|пр-к?т|просп|проспект|пер|переулок|пров"
    r"|провулок|бульв|бульвар|б-р|наб|набережная|пл|площадь|мкр|микрорайон)(?![^\W\d_])"
)
#: ``5-12`` after a Cyrillic word (the street's name, or ``д.``), in such an address: the
#: house number and the flat's (each of at most four digits), written ``5/12`` as ``кв.``
#: makes them (:func:`_european_words`); not in a chain (``1-2-3``) nor before a slash.
_CYRILLIC_HOUSE_FLAT = re.compile("([\u0400-\u04ff]\\.?,?\\s*)([0-9]{1,4})-([0-9]{1,4})(?![0-9/-])")
_CYRILLIC = re.compile("[\u0400-\u04ff]")
#: Letters read as the Latin letters they are typed as (after the marks are dropped):
#: Polish ``ł`` (``Łódź`` = ``Lodz``, as ``ś``, ``ż`` lose their marks), Turkish dotless
#: ``ı`` (``KARŞIYAKA`` and ``Karşıyaka`` are one: upper case ``I`` folds to ``i``), and
#: Russian ``ё`` is ``е`` (``Королёва`` = ``Королева``, as it is mostly printed).
_ADDRESS_LETTERS = str.maketrans({"ł": "l", "ı": "i", "ё": "е"})
#: The German and Dutch words for street ending a word (``Hauptstraße``, ``Hauptstrasse``,
#: ``Kerkstraat``, or alone) are written ``str`` (``Hauptstr.``, ``Kölner Str.``), the
#: key's form. ``ß`` is ``ss`` once case-folded.
_STREET_ENDINGS = ("strasse", "straat")
_STREET_ENDING = re.compile(r"(?:strasse|straat)$")
#: For the fast path (case-folded ASCII text): the values :func:`_european_words` may
#: change, and those with a ``ter`` (French ``12 ter``, see :func:`_address_one`), go
#: per value.
_EUROPEAN_RE2 = (
    "(?:^|[^a-z])(?:"
    + "|".join(sorted(w for w in {*_TR_STREET_WORDS, *_BEFORE_NAME_WORDS, "ter"} if w.isascii()))
    + ")(?:[^a-z]|$)|stra(?:sse|at)(?:[^a-z]|$)"
    # a flat mark between two numbers (``D`` after ``No`` and the number)
    + "|[0-9][^a-z0-9]*(?:m|lok|daire)[^a-z0-9]*[0-9]"
    + "|(?:^|[^a-z])no[^a-z0-9]*[0-9]+[^a-z0-9]*d[^a-z0-9]*[0-9]"
)


#: The fast path's addresses read per value (see :func:`_address_fast`), one pattern.
_ADDRESS_SLOW_RE2 = (
    f"(?:numero)|(?:{_BOX_AND_LANDMARK_RE2})|(?:{_EUROPEAN_RE2})|(?:{_PL_POSTCODE_RE2})"
)


# --- Japanese, Korean and Gulf addresses ------------------------------------

#: The 47 Japanese prefectures, with their suffix (都, 道, 府, 県).
_JP_PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県",
    "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県",
    "石川県", "福井県", "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県",
    "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
    "岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県",
    "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
)  # fmt: skip
#: What marks folded address text as Japanese: kana, 県 (Chinese writes 县 or 縣), the
#: postcode mark 〒, a block number's 丁目 (2丁目, 二丁目) or 番 (after a digit), or a
#: prefecture without 県 at the start. Japanese text is not converted to simplified
#: Chinese (千葉県市川市 is not 千叶県川市) and is cut into words by :func:`_ja_tokens`.
_JAPANESE_PATTERN = (
    "[\u3041-\u3096\u30a1-\u30fa]|県|〒|丁目|[0-9]番"
    "|^(?:[0-9]{3}-?[0-9]{4}\\s*)?(?:東京都|大阪府|京都府|北海道)"
)
_JAPANESE = re.compile(_JAPANESE_PATTERN)
#: A block number's words (1丁目1番1号, 1丁目1番地1, 1の1) and the dashes typed between
#: its numbers (1ー1ー1, 1−1−1): read as spaces, as 1-1-1's hyphens are.
_JP_BLOCK_WORDS = re.compile(
    "(?<=[0-9])\\s*(?:丁目|番地|番|号|の(?=[0-9])|[ー‐−―–—](?=\\s*[0-9]))\\s*"
)
#: A postcode: after 〒 anywhere; without it, first or last (123-4567): dropped.
_JP_POSTCODE = re.compile(
    "〒\\s*[0-9]{3}\\s*[-ー‐−―–—]?\\s*[0-9]{4}(?![0-9])"
    "|^\\s*[0-9]{3}[-ー‐−―–—][0-9]{4}(?![0-9])|(?<=\\s)[0-9]{3}[-ー‐−―–—][0-9]{4}\\s*$"
)
_JP_WORD = re.compile("(?s:.+?(?:市|区|郡|町|村)|.+)")
#: A block number written in kanji numerals: before 丁目, and after 丁目, 番地 or 番
#: before 番地, 番 or 号 (二丁目二十一番一号); not 一番町, a place's name.
_JP_KANJI_BLOCK = re.compile(
    f"({_CJK_NUMERAL})(?=丁目)"
    f"|(?:(?<=丁目)|(?<=番地)|(?<=番))\\s*({_CJK_NUMERAL})(?=\\s*(?:番地|番|号))"
)


def _jp_kanji_block(m: re.Match[str]) -> str:
    return _cjk_number(m.group(1) or m.group(2))


def _japanese_numbers(s: str) -> str:
    """Folded Japanese address text with its postcode dropped and its block numbers
    as numbers alone (``〒100-0001 東京都千代田区千代田1丁目1番1号`` is ``東京都千代田区千代田1
    1 1``, as ``東京都千代田区千代田1-1-1`` is read); block numbers in kanji numerals are
    digits (二丁目 is 2丁目).

    Examples
    --------
    >>> _japanese_numbers("〒100-0001 千代田1丁目1番地1"), _japanese_numbers("千代田1ー1ー1")
    ('  千代田1 1 1', '千代田1 1 1')
    >>> _japanese_numbers("渋谷二丁目二十一番一号"), _japanese_numbers("千代田区一番町")
    ('渋谷2 21 1 ', '千代田区一番町')
    """
    if "丁目" in s or "番" in s:
        s = _JP_KANJI_BLOCK.sub(_jp_kanji_block, s)
    return _JP_BLOCK_WORDS.sub(" ", _JP_POSTCODE.sub(" ", s))


@functools.lru_cache(maxsize=1 << 14)
def _ja_tokens(run: str) -> tuple[str, ...]:
    """Words of a Japanese run: the prefecture with its suffix (which marks the key as
    Japanese when it is read again: :data:`_JAPANESE_PATTERN`), then words ending in 市,
    区, 郡, 町 or 村 (市川市, 千代田区), then the rest."""
    for prefecture in _JP_PREFECTURES:
        if run.startswith(prefecture):
            return (prefecture, *_JP_WORD.findall(run[len(prefecture) :]))
    return tuple(_JP_WORD.findall(run))


_HANGUL = re.compile("[\uac00-\ud7a3]")
#: Korea's metropolitan cities and provinces, long and short forms -> the short.
_KR_REGIONS: dict[str, str] = {
    "서울특별시": "서울", "서울시": "서울", "부산광역시": "부산", "부산시": "부산",
    "대구광역시": "대구", "대구시": "대구", "인천광역시": "인천", "인천시": "인천",
    "광주광역시": "광주", "대전광역시": "대전", "대전시": "대전", "울산광역시": "울산",
    "울산시": "울산", "세종특별자치시": "세종", "세종시": "세종", "경기도": "경기",
    "강원도": "강원", "강원특별자치도": "강원", "충청북도": "충북", "충청남도": "충남",
    "전라북도": "전북", "전북특별자치도": "전북", "전라남도": "전남", "경상북도": "경북",
    "경상남도": "경남", "제주특별자치도": "제주", "제주도": "제주",
}  # fmt: skip
#: Country names written with dots (``U.A.E.``, ``K.S.A.``): one word.
_DOTTED_COUNTRY = re.compile(
    r"(?<![^\W\d_])([uU])\.\s?([aA])\.\s?([eE])\.?(?![^\W\d_])"
    r"|(?<![^\W\d_])([kK])\.\s?([sS])\.\s?([aA])\.?(?![^\W\d_])"
)
_DOTTED_COUNTRY_RE2 = r"(?:^|[^a-z])(?:u\.\s?a\.\s?e|k\.\s?s\.\s?a)(?:[^a-z]|$)"


def _dotted_country(m: re.Match[str]) -> str:
    return "".join(g for g in m.groups() if g)


def _is_plain_number(part: str) -> bool:
    return part.isascii() and part.isdigit()


def _european_words(parts: list[str]) -> list[str]:
    """German, Dutch, French, Polish, Turkish, Ukrainian and Russian address words in one
    form: ``straße``/``strasse``/``straat`` ending a word are ``str`` (``Hauptstraße`` =
    ``Hauptstr.``, ``Kölner Straße`` = ``Kölner Str.``); :data:`_BEFORE_NAME_WORDS`
    before a word, :data:`_TR_STREET_WORDS` after one, :data:`_UA_STREET_WORDS` and
    :data:`_RU_STREET_WORDS`; a flat mark between a house number and a flat number
    (:data:`_FLAT_MARKS`) makes them one ``12/5``; the words for "house" before a number
    (:data:`_HOUSE_WORDS`) are dropped.

    Examples
    --------
    >>> _european_words(["ul", "dluga", "12", "m", "5"])
    ['dluga', '12/5']
    >>> _european_words(["г", "москва", "ул", "ленина", "д", "5", "кв", "12"])
    ['москва', 'улица', 'ленина', '5/12']
    >>> _european_words(["kolner", "strasse", "5"]), _european_words(["bd", "voltaire"])
    (['kolner', 'str', '5'], ['boulevard', 'voltaire'])
    >>> _european_words(["nefi", "sk", "no", "3"]), _european_words(["sk", "1", "3", "xe"])
    (['nefi', 'sokak', 'no', '3'], ['sk', '1', '3', 'xe'])
    """
    out: list[str] = []
    n = len(parts)
    i = 0
    while i < n:
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < n else ""
        prev = out[-1] if out else ""
        if part.endswith(_STREET_ENDINGS):
            out.append(_STREET_ENDING.sub("str", part))
        elif (
            part in _BEFORE_NAME_WORDS
            and nxt
            and _is_letters(nxt)
            and not (part == "г" and _is_plain_number(prev) and len(prev) <= _FLAT_DIGITS)
        ):
            if _BEFORE_NAME_WORDS[part]:
                out.append(_BEFORE_NAME_WORDS[part])
        elif (
            part in _TR_STREET_WORDS
            and prev
            and _is_letters(prev)
            and (
                part not in _TR_BEFORE_NUMBER
                or nxt == "no"
                or (_is_plain_number(nxt) and not _uk_postcode_at(parts, i))
                # a number after number words (``Sk. Daire 5``), which the key drops
                or (nxt in _NUMBER_WORDS and _number_after_number_words(parts, i + 1))
            )
        ):
            out.append(_TR_STREET_WORDS[part])
        elif part in _UA_STREET_WORDS:
            out.append(_UA_STREET_WORDS[part])
        elif part in _RU_STREET_WORDS:
            out.append(_RU_STREET_WORDS[part])
        elif (
            part in _FLAT_MARKS
            and _is_plain_number(prev)
            and _is_plain_number(nxt)
            and len(nxt) <= _FLAT_DIGITS
            and (part != "d" or out[-2:-1] == ["no"])
        ):
            out[-1] = f"{prev}/{nxt}"
            i += 1
        else:
            out.append(part)
        i += 1
    return _drop_house_words(out) if not _HOUSE_WORDS.isdisjoint(out) else out


def _number_after_number_words(parts: list[str], i: int) -> bool:
    """Whether the first part from ``i`` on that is no number word is a plain number."""
    while i < len(parts) and parts[i] in _NUMBER_WORDS:
        i += 1
    return i < len(parts) and _is_plain_number(parts[i])


def _drop_house_words(parts: list[str]) -> list[str]:
    """Parts without the :data:`_HOUSE_WORDS` right before a number (a run of them too:
    scanning backwards, what is left never holds one before a number)."""
    kept: list[str] = []
    next_is_number = False
    for part in reversed(parts):
        if next_is_number and part in _HOUSE_WORDS:
            continue
        next_is_number = part[:1].isdecimal()
        kept.append(part)
    return kept[::-1]


# --- North America ---------------------------------------------------------------------
#: ``#`` before a number right after a word (``12 Oak St #5``, ``Suite #5``) is ``unit``,
#: a unit designator (``#5 Main St`` starting the address stays house number 5). One
#: pattern for ``re`` and RE2, on case-folded text.
_HASH_UNIT_PATTERN = r"([a-z])[\s.,]*#\s*([0-9])"
_HASH_UNIT = re.compile(_HASH_UNIT_PATTERN)
_HASH_UNIT_REWRITE = r"\1 unit \2"


def _hash_units(s: str) -> str:
    return _HASH_UNIT.sub(_HASH_UNIT_REWRITE, s) if "#" in s else s


#: The US states, the District of Columbia and the territories by their USPS codes, and
#: Canada's provinces and territories by Canada Post's (names case-folded, without
#: accents: ``Québec`` is ``quebec``). Read as the code only right before a postal code
#: of their country (:func:`_state_names`).
_US_STATES: dict[str, str] = {
    "alabama": "al", "alaska": "ak", "arizona": "az", "arkansas": "ar", "california": "ca",
    "colorado": "co", "connecticut": "ct", "delaware": "de", "district of columbia": "dc",
    "florida": "fl", "georgia": "ga", "hawaii": "hi", "idaho": "id", "illinois": "il",
    "indiana": "in", "iowa": "ia", "kansas": "ks", "kentucky": "ky", "louisiana": "la",
    "maine": "me", "maryland": "md", "massachusetts": "ma", "michigan": "mi",
    "minnesota": "mn", "mississippi": "ms", "missouri": "mo", "montana": "mt",
    "nebraska": "ne", "nevada": "nv", "new hampshire": "nh", "new jersey": "nj",
    "new mexico": "nm", "new york": "ny", "north carolina": "nc", "north dakota": "nd",
    "ohio": "oh", "oklahoma": "ok", "oregon": "or", "pennsylvania": "pa",
    "rhode island": "ri", "south carolina": "sc", "south dakota": "sd", "tennessee": "tn",
    "texas": "tx", "utah": "ut", "vermont": "vt", "virginia": "va", "washington": "wa",
    "west virginia": "wv", "wisconsin": "wi", "wyoming": "wy", "puerto rico": "pr",
    "guam": "gu", "virgin islands": "vi", "american samoa": "as",
    "northern mariana islands": "mp",
}  # fmt: skip
_CA_PROVINCES: dict[str, str] = {
    "alberta": "ab", "british columbia": "bc", "manitoba": "mb", "new brunswick": "nb",
    "newfoundland and labrador": "nl", "newfoundland": "nl", "nova scotia": "ns",
    "ontario": "on", "prince edward island": "pe", "quebec": "qc", "saskatchewan": "sk",
    "northwest territories": "nt", "nunavut": "nu", "yukon": "yt",
}  # fmt: skip
#: The older abbreviations of states (the GPO's: ``Fla.``, ``Calif.``, ``N.Y.``) and
#: provinces (``Que.``, ``P.Q.``, ``Ont.``, ``B.C.``), read as their codes where the names
#: are (before a postal code of their country; not ``Del.``, ``Ind.``, ``Cal.``, words
#: of other addresses). Dotted letters are parts of their own: ``n y``.
_US_STATE_ABBREVIATIONS: dict[str, str] = {
    "ala": "al", "ariz": "az", "ark": "ar", "calif": "ca", "colo": "co", "conn": "ct",
    "fla": "fl", "ill": "il", "kans": "ks", "kan": "ks", "mass": "ma", "mich": "mi",
    "minn": "mn", "miss": "ms", "mont": "mt", "nebr": "ne", "neb": "ne", "nev": "nv",
    "okla": "ok", "ore": "or", "oreg": "or", "penn": "pa", "penna": "pa", "tenn": "tn",
    "tex": "tx", "wash": "wa", "wis": "wi", "wisc": "wi", "wyo": "wy", "n h": "nh",
    "n j": "nj", "n m": "nm", "n y": "ny", "n c": "nc", "n d": "nd", "r i": "ri",
    "s c": "sc", "s d": "sd", "d c": "dc", "w va": "wv",
}  # fmt: skip
_CA_PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "que": "qc", "pq": "qc", "p q": "qc", "ont": "on", "alta": "ab", "sask": "sk",
    "man": "mb", "nfld": "nl", "n s": "ns", "n b": "nb", "b c": "bc", "p e i": "pe",
    "pei": "pe", "nwt": "nt", "n w t": "nt",
}  # fmt: skip
_US_STATE_CODES = frozenset(_US_STATES.values())
_CA_PROVINCE_CODES = frozenset(_CA_PROVINCES.values())
#: What :func:`_state_names` reads before a ZIP and before a Canadian postal code.
_US_BEFORE_ZIP = {**_US_STATES, **_US_STATE_ABBREVIATIONS}
_CA_BEFORE_POSTCODE = {**_CA_PROVINCES, **_CA_PROVINCE_ABBREVIATIONS}
#: The states whose ZIPs start with 0 (New England and New Jersey): a four-digit number
#: ending an address after one of them (``Portland, ME 4101``) is its ZIP with the zero
#: a spreadsheet dropped (``04101``).
_ZERO_ZIP_STATES = frozenset({"ct", "ma", "me", "nh", "nj", "ri", "vt"})
_ZERO_ZIP_NAMES = {name: code for name, code in _US_BEFORE_ZIP.items() if code in _ZERO_ZIP_STATES}
#: The names that end an address without a postal code (``Atlanta, Georgia`` = ``Atlanta,
#: GA``; ``Toronto, Ontario``, ``Montréal, Que.``): a state's or province's name, but
#: for the names of cities too (``Washington``, ``New York``, ``Québec``: ``12 Smith St,
#: Québec`` is in the city), and not the older abbreviations (words too) but Quebec's.
_CITY_NAMES_TOO = frozenset({"washington", "new york", "quebec"})
_NAMES_ENDING = {
    **{n: code for n, code in {**_US_STATES, **_CA_PROVINCES}.items() if n not in _CITY_NAMES_TOO},
    "que": "qc", "pq": "qc", "p q": "qc",
}  # fmt: skip
#: The country's name after a state's (``Atlanta, GA 30303, USA``).
_NA_COUNTRY_WORDS = frozenset({"usa", "us", "canada"})
_STATE_NAME_WORDS = 4  # newfoundland and labrador, northern mariana islands: 3
#: Directionals spelled out, and their USPS abbreviations (the key's form).
_DIRECTIONS = {
    "north": "n", "south": "s", "east": "e", "west": "w",
    "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw",
}  # fmt: skip
_DIRECTION_LETTERS = frozenset(_DIRECTIONS.values())
#: French directionals (after a street's name in a French street: ``rue St-Paul O``).
_FRENCH_DIRECTIONS = {"ouest": "w", "o": "w", "est": "e", "nord": "n", "sud": "s"}
#: French street words before a street's name: a directional after that name is one.
_FRENCH_STREET_WORDS = frozenset(
    {"rue", "boul", "boulevard", "chemin", "avenue", "av", "ave", "cote", "montee", "rang"}
)
#: Articles before a French name, after which ``O``/``Est`` are no directionals
#: (``rue de l'Est``).
_FRENCH_ARTICLES = frozenset({"de", "du", "des", "la", "le", "l", "d"})
_DIRECTION_WORD = "north|south|east|west|northeast|northwest|southeast|southwest"
_FRENCH_DIRECTION_WORD = "ouest|est|nord|sud|o"
#: A directional word followed by a comma, the end, a number, ``#`` or a unit word: the
#: end of a street, not the start of a place's name (``Main St, West Palm Beach``).
_DIRECTION_ENDING = re.compile(
    rf"(?<![a-z])({_DIRECTION_WORD}|{_FRENCH_DIRECTION_WORD})\.?\s*"
    rf"(?:[,;]|$|[0-9#]|(?:{'|'.join(sorted(_UNIT_WORDS))})(?![a-z]))"
)
#: Canada's unit-civic form: unit 12 of civic number 100 (``12-100 King St W``).
_UNIT_CIVIC = re.compile(r"\s*([0-9]+)-([0-9]+)\s+[a-z]")
_UNIT_CIVIC_RE2 = r"^\s*[0-9]+-[0-9]+\s+[a-z]"
#: A Canadian postal code (``M5V 2T6``, ``H2Y1H2``), in case-folded text.
_CA_POSTCODE = re.compile(
    r"(?<![a-z0-9])[abceghj-nprstvxy][0-9][a-z]\s*[0-9][a-z][0-9](?![a-z0-9])"
)
#: A unit-civic pair whose numbers may be a range of house numbers instead
#: (``12-14 Main St``: the second above the first by at most this, of the same parity).
_HOUSE_RANGE = 20


def _names_pattern(names: Iterable[str]) -> str:
    words = sorted(names, key=lambda n: (-len(n), n))
    return "|".join(n.replace(" ", "[^a-z0-9]+") for n in words)


#: The values :func:`_north_american_words` may change (case-folded ASCII text; the
#: fast path sends them per value, and the reference reads them only when this
#: matches): a state's or province's name before a digit or a letter and digit, or
#: ending the address (perhaps before the country's name), a directional spelled out, a
#: unit designator after a directional, a unit-civic pair.
_NORTH_AMERICAN_RE2 = (
    f"(?:^|[^a-z])(?:{_names_pattern([*_US_BEFORE_ZIP, *_CA_BEFORE_POSTCODE])})"
    "(?:[^a-z]*[0-9]|[^a-z0-9]+[a-z][^a-z0-9]*[0-9])"
    f"|(?:^|[^a-z])(?:{_names_pattern(_NAMES_ENDING)})[^a-z0-9]*"
    f"(?:(?:{'|'.join(sorted(_NA_COUNTRY_WORDS))})[^a-z0-9]*)?$"
    f"|(?:^|[^a-z])(?:{_DIRECTION_WORD}|{_FRENCH_DIRECTION_WORD})(?:[^a-z]|$)"
    f"|(?:^|[^a-z])(?:{'|'.join(sorted(_DIRECTION_LETTERS))})[^a-z0-9]+"
    f"(?:#|(?:{'|'.join(sorted(_UNIT_WORDS))})(?:[^a-z]|$))"
    f"|{_UNIT_CIVIC_RE2}"
)
_NORTH_AMERICAN = re.compile(_NORTH_AMERICAN_RE2)


def _is_us_zip(part: str) -> bool:
    return len(part) in (5, 9) and part.isascii() and part.isdigit()


def _is_ca_postcode_at(parts: list[str], i: int) -> bool:
    """Whether ``parts[i:]`` start with a Canadian postal code (``m 5 v``: a letter, a
    digit, a letter)."""
    return (
        i + 2 < len(parts)
        and len(parts[i]) == 1
        and "a" <= parts[i] <= "z"
        and len(parts[i + 1]) == 1
        and parts[i + 1].isascii()
        and parts[i + 1].isdigit()
        and len(parts[i + 2]) == 1
        and "a" <= parts[i + 2] <= "z"
    )


def _state_names(parts: list[str]) -> list[str]:
    """A US state's name right before a ZIP (five or nine digits) and a Canadian
    province's right before a postal code read as its postal abbreviation (``Atlanta,
    Georgia 30356`` = ``Atlanta, GA 30356``; ``Montréal, Québec H2Y 1H2`` = ``Montréal,
    QC H2Y 1H2``), and so are the older abbreviations there (``Fla. 33101``, ``N.Y.
    10118``, ``Que. H2Y 1H2``, ``P.Q. H2Y 1H2``); a New England state's or New Jersey's
    right before four digits that end the address (a ZIP whose zero a spreadsheet dropped:
    ``Portland, Maine 4101``); a name ending the address after a word (not only numbers
    before it), perhaps before the country's (``Atlanta, Georgia`` = ``Atlanta, GA``;
    :data:`_NAMES_ENDING`). Elsewhere a name stays: ``Georgia Ave``, ``Washington St``,
    ``Tbilisi, Georgia 0105`` (four digits, not New England's), ``Québec, QC`` (the
    city), ``Seattle, Washington``.

    Examples
    --------
    >>> _state_names(["atlanta", "georgia", "30356"])
    ['atlanta', 'ga', '30356']
    >>> _state_names(["new", "york", "new", "york", "10118"])
    ['new', 'york', 'ny', '10118']
    >>> _state_names(["atlanta", "georgia", "usa"]), _state_names(["portland", "maine", "4101"])
    (['atlanta', 'ga', 'usa'], ['portland', 'me', '4101'])
    """
    out = list(parts)
    end = len(parts) - (len(parts) > 1 and parts[-1] in _NA_COUNTRY_WORDS)
    # the name ending the address first (replacing it moves no part before it), after
    # a word (a city's: not ``12 Georgia``, a street's; a word anywhere before it, so
    # that the key, whose unit number may have moved first, reads the same; not a
    # directional, which ``12 West Virginia`` gets in the key: ``12 w virginia``)
    for n in range(min(_STATE_NAME_WORDS, end - 1), 0, -1):
        code = _NAMES_ENDING.get(" ".join(parts[end - n : end]))
        if code is not None:
            if any(_is_letters(p) and p not in _DIRECTION_LETTERS for p in parts[: end - n]):
                out[end - n : end] = [code]
            break
    for i in range(len(parts) - 1, 0, -1):
        if _is_us_zip(parts[i]):
            names = _US_BEFORE_ZIP
        elif _is_ca_postcode_at(parts, i):
            names = _CA_BEFORE_POSTCODE
        elif i == end - 1 and _is_zip_lost_zero(parts[i]):
            names = _ZERO_ZIP_NAMES
        else:
            continue
        for n in range(min(_STATE_NAME_WORDS, i), 0, -1):
            code = names.get(" ".join(parts[i - n : i]))
            if code is not None:
                out[i - n : i] = [code]
                break
    return out


def _is_zip_lost_zero(part: str) -> bool:
    return len(part) == 4 and part.isascii() and part.isdigit()


def _zip_plus_four(parts: list[str]) -> list[str]:
    """A ZIP+4 (nine digits: ``30356-1234`` is one part by now) right after a US state's
    code read as its five-digit ZIP (``GA 30356-1234`` = ``GA 30356``): the +4 names a
    delivery point inside the ZIP, which one address's forms give or leave out. Nine
    digits after no state stay (another country's number)."""
    return [
        part[:5]
        if len(part) == 9 and i and parts[i - 1] in _US_STATE_CODES and _is_us_zip(part)
        else part
        for i, part in enumerate(parts)
    ]


def _directionals(parts: list[str], text: str) -> list[str]:
    """Directionals spelled out read as their abbreviations (``North`` = ``N``, ``East``
    = ``E``, ``Northwest`` = ``NW``): before a street's name right after the house
    number (``1995 North Pine Blvd``; not ``12 North St``, a street named North), and
    after a street type, ending the street (``Main Street West,``: before a comma, the
    end, a number or a unit; not ``Main St, West Palm Beach``); in a French street
    (``rue``, ``boulevard``, ...) after its name, also ``Ouest``/``O``, ``Est``, ``Nord``,
    ``Sud`` (``rue St-Paul O`` = ``rue St-Paul W``; not ``rue O'Connor``)."""
    ending = {m[1] for m in _DIRECTION_ENDING.finditer(text)}
    french = -1
    out = list(parts)
    for i, part in enumerate(parts):
        if part in _FRENCH_STREET_WORDS and french < 0:
            french = i
        if not i or (part not in _DIRECTIONS and part not in _FRENCH_DIRECTIONS):
            continue
        prev = parts[i - 1]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if (
            part in _DIRECTIONS
            and _is_number(prev)
            and all(_is_number(p) or p in _NUMBER_WORDS for p in parts[: i - 1])
        ):
            if nxt is not None and _is_name_part(nxt) and nxt not in _THOROUGHFARES:
                out[i] = _DIRECTIONS[part]
        elif part not in ending:
            continue
        elif part in _DIRECTIONS and prev in _THOROUGHFARES:
            out[i] = _DIRECTIONS[part]
        elif (
            0 <= french < i - 1
            and _is_letters(prev)
            and len(prev) >= 2
            and prev not in _FRENCH_ARTICLES
            and prev not in _FRENCH_STREET_WORDS
        ):
            out[i] = _DIRECTIONS.get(part) or _FRENCH_DIRECTIONS[part]
    return out


def _unit_civic(parts: list[str], text: str) -> list[str]:
    """Canada's unit-civic pair (``12-100 King St W``: unit 12 of civic number 100) as
    the unit/number pair ``12/100`` (= ``100 King St W, Unit 12``): only in a Canadian
    address (a postal code, or a province's code ending it) and not where the numbers
    may be a range of house numbers (``12-14 Main St``; see :data:`_HOUSE_RANGE`)."""
    civic = _UNIT_CIVIC.match(text)
    if civic is None or parts[:2] != [civic[1], civic[2]]:
        return parts
    if _is_house_range(civic[1], civic[2]):
        return parts
    if _CA_POSTCODE.search(text) is None and parts[-1] not in _CA_PROVINCE_CODES:
        return parts
    return [f"{parts[0]}/{parts[1]}", *parts[2:]]


def _latin_lower(text: str) -> str:
    """``text`` case-folded, without the marks of its Latin letters (``Québec`` is
    ``quebec``): what :data:`_NORTH_AMERICAN` reads."""
    return text.lower() if text.isascii() else _fold_latin_marks(_fold(text))


#: A US state's code that is also an address word, which the key spells out
#: (:data:`_ABBREVIATIONS`): ``CT`` is ``court``, ``CO`` ``company``, ``MT`` ``mount``.
#: Right before a five-digit ZIP the word is the state's code again (``Hartford, CT
#: 06103`` = ``Hartford, Connecticut 06103``: ``hartford ct 06103``), in the key as
#: read (so ``12 Oak Court 06103`` and ``12 Oak Ct 06103`` stay one key).
_STATE_CODE_WORDS = {"court": "ct", "company": "co", "mount": "mt"}
#: :data:`_ZERO_ZIP_STATES` as they stand in a key (``ct`` is ``court`` there), and Mexico
#: City's ``cdmx``, whose five-digit postcodes start with 0 or 1 (``CDMX 6700`` is
#: ``CDMX 06700``).
_ZERO_ZIP_WORDS = frozenset({"court", "cdmx", *_ZERO_ZIP_STATES} - {"ct"})
_NA_END_COUNTRY = frozenset({"usa", "us", "mexico"})


def _us_state_codes(out: list[str]) -> list[str]:
    """Key words with a ZIP's leading zero put back and the codes of Connecticut,
    Colorado and Montana as codes before a ZIP.

    Four digits ending the address (perhaps before ``USA``) right after the code of a
    state whose ZIPs start with 0 (:data:`_ZERO_ZIP_WORDS`; or Mexico City) are that
    ZIP, its zero dropped by a spreadsheet (``Portland, ME 4101`` = ``Portland, ME
    04101``); then
    ``court``, ``company``, ``mount`` right before five digits are ``ct``, ``co``, ``mt``
    (:data:`_STATE_CODE_WORDS`). Both read the key's words alone, so two addresses that
    were one key stay one.

    Examples
    --------
    >>> _us_state_codes(["portland", "me", "4101"]), _us_state_codes(["hartford", "court", "6103"])
    (['portland', 'me', '04101'], ['hartford', 'ct', '06103'])
    >>> _us_state_codes(["denver", "company", "80202", "usa"])
    ['denver', 'co', '80202', 'usa']
    """
    n = len(out)
    end = n - (n > 1 and out[-1] in _NA_END_COUNTRY)
    if end >= 2 and _is_zip_lost_zero(out[end - 1]) and out[end - 2] in _ZERO_ZIP_WORDS:
        out = [*out[: end - 1], "0" + out[end - 1], *out[end:]]
    if _STATE_CODE_WORDS.keys().isdisjoint(out[:-1]):
        return out
    return [
        _STATE_CODE_WORDS[part]
        if part in _STATE_CODE_WORDS
        and i + 1 < n
        and _is_us_zip(out[i + 1])
        and len(out[i + 1]) == 5
        else part
        for i, part in enumerate(out)
    ]


#: Canada's and the US's rural routes: ``Rural Route 2`` = ``R.R. 2`` = ``RR 2`` = ``RR #2``
#: (``rr``), before a number (or a number word).
_RURAL_ROUTE_RE2 = r"(?:^|[^a-z])(?:rural[^a-z0-9]+route|r[^a-z0-9]+r)(?:[^a-z]|$)"


def _rural_routes(parts: list[str]) -> list[str]:
    """``rural route`` and ``r r`` (``R.R.``) before a number or a number word read as
    ``rr``.

    Examples
    --------
    >>> _rural_routes(["rural", "route", "2", "guelph"]), _rural_routes(["r", "r", "unit", "2"])
    (['rr', '2', 'guelph'], ['rr', 'unit', '2'])
    """
    out: list[str] = []
    i, n = 0, len(parts)
    while i < n:
        pair = parts[i : i + 2]
        if (
            (pair == ["rural", "route"] or pair == ["r", "r"])
            and i + 2 < n
            and (parts[i + 2][0].isdecimal() or parts[i + 2] in _NUMBER_WORDS)
        ):
            out.append("rr")
            i += 2
        else:
            out.append(parts[i])
            i += 1
    return out


#: Dotted initials read as one word, on case-folded text: directionals (``N.W.`` =
#: ``NW``, ``S. E.`` = ``SE``) and Mexico's ``N.L.`` (Nuevo León). One pattern for ``re``
#: and RE2 each (the same text), each dot required.
_DOTTED_INITIALS_RE2 = r"(^|[^a-z0-9])([ns])\. ?([ew])\.?([^a-z0-9]|$)"
_DOTTED_NL_RE2 = r"(^|[^a-z0-9])n\. ?l\.([^a-z0-9]|$)"
_DOTTED_INITIALS = re.compile(_DOTTED_INITIALS_RE2)
_DOTTED_NL = re.compile(_DOTTED_NL_RE2)
_DOTTED_INITIALS_REWRITE = r"\1\2\3\4"
_DOTTED_NL_REWRITE = r"\1nuevo leon\2"


def _dotted_initials(s: str) -> str:
    """Folded text with :data:`_DOTTED_INITIALS_RE2` read.

    Examples
    --------
    >>> _dotted_initials("1600 pennsylvania ave n.w., washington")
    '1600 pennsylvania ave nw, washington'
    >>> _dotted_initials("monterrey, n.l.")
    'monterrey, nuevo leon'
    """
    if "." not in s:
        return s
    return _DOTTED_NL.sub(_DOTTED_NL_REWRITE, _DOTTED_INITIALS.sub(_DOTTED_INITIALS_REWRITE, s))


#: Mexico City's names: ``Ciudad de México``, ``Cd. de México``, ``Mexico City`` are
#: ``cdmx`` (:func:`_mexico_city`); and ``Colonia`` (``Col.``) before a neighbourhood's
#: name is dropped (``Col. Centro`` = ``Colonia Centro`` = ``Centro``:
#: :func:`_without_colonia`). For the fast path (folded ASCII text: ``México`` goes per
#: value anyway), the values the first may change.
_MEXICO_CITY_RE2 = r"(?:ciudad|cd|mexico)[^a-z0-9]+(?:de[^a-z0-9]+mexico|city)"
_CDMX_NAMES = (("ciudad", "de", "mexico"), ("cd", "de", "mexico"), ("mexico", "city"))


def _mexico_city(parts: list[str]) -> list[str]:
    """:data:`_CDMX_NAMES` as ``cdmx``.

    Examples
    --------
    >>> _mexico_city(["del", "valle", "ciudad", "de", "mexico", "03100"])
    ['del', 'valle', 'cdmx', '03100']
    """
    out: list[str] = []
    i, n = 0, len(parts)
    while i < n:
        for name in _CDMX_NAMES:
            if tuple(parts[i : i + len(name)]) == name:
                out.append("cdmx")
                i += len(name)
                break
        else:
            out.append(parts[i])
            i += 1
    return out


def _without_colonia(out: list[str]) -> list[str]:
    """Key words without ``colonia`` before a word (``colonia centro`` is ``centro``)."""
    n = len(out)
    return [
        part
        for i, part in enumerate(out)
        if not (part == "colonia" and i + 1 < n and "a" <= out[i + 1][0] <= "z")
    ]


def _north_american_words(parts: list[str], text: str) -> list[str]:
    """The North-American forms of :data:`_NORTH_AMERICAN_RE2` in one form: state and
    province names (:func:`_state_names`), directionals (:func:`_directionals`) and
    the unit-civic pair (:func:`_unit_civic`). ``text``: the case-folded address."""
    if _NORTH_AMERICAN.search(text) is None:
        return parts
    return _unit_civic(_directionals(_state_names(parts), text), text)


# --- Ireland, Australia, New Zealand, South Africa ----------------------------------------
#: The 26 counties of Ireland and the 6 of Northern Ireland (Londonderry also Derry):
#: ``Co.`` right before one is County (``Co. Dublin`` = ``County Dublin``), elsewhere
#: company (``Acme Co.``); not before a street type (``Acme Co, Down St``: Down Street).
_IE_COUNTIES = frozenset(
    " ".join(
        (
            "carlow cavan clare cork donegal dublin galway kerry kildare kilkenny laois",
            "leitrim limerick longford louth mayo meath monaghan offaly roscommon sligo",
            "tipperary waterford westmeath wexford wicklow",
            "antrim armagh down fermanagh londonderry derry tyrone",
        )
    ).split()
)
#: Australia's and New Zealand's short unit and level (``U3 12 Smith St`` = ``Unit 3, 12
#: Smith St``; ``L2, 100 Queen St`` = ``Level 2, 100 Queen St``): ``U`` or ``L`` glued to
#: its number as a word, right before a house number (digits, perhaps one letter, then a
#: word; ``/12``, ``, 12``), and not a UK postcode's area and district before its inward
#: code (``L2 2AB``, ``L2 2 AB``; ``L2R 1A1``, a Canadian postcode, is no such word). On
#: case-folded text: the first group is the letter, the second its number.
_SHORT_UNIT = re.compile(
    r"(?<![a-z0-9])([ul])([0-9]+)"
    r"(?!\s*[0-9]\s*[abd-hjlnp-uw-z]{2}(?![a-z0-9]))"
    r"(?=[\s,;/]+[0-9]+[a-z]?[\s,;]+[a-z])"
)
_SHORT_UNIT_WORDS = {"u": "unit", "l": "level"}
#: South Africa's ``P/Bag`` (``P/Bag X123`` = ``Private Bag X123``) and ``c/o`` (care
#: of: one word, ``careof``, not ``c o``; not Madrid's ``C/ O'Donnell``), on folded text.
_CARE_OF = re.compile(r"(?<![a-z0-9])c\s*/\s*o(?![a-z0-9'\u2019])")
#: For the fast path (case-folded text): the values these rules may change go per value
#: (over-matching is harmless: the per-value path decides).
_COMMONWEALTH_RE2 = (
    f"(?:^|[^a-z])co[^a-z0-9]*(?:{'|'.join(sorted(_IE_COUNTIES))})(?:[^a-z]|$)"
    r"|(?:^|[^a-z0-9])[ul][0-9]+[\s,;/]+[0-9]+[a-z]?[\s,;]+[a-z]"
    r"|(?:^|[^a-z0-9])c\s*/\s*o(?:[^a-z0-9]|$)"
)
#: The places that mark an address as South African (with a postcode of four digits):
#: its provinces and larger cities, and the country's names; one part each, or two.
_ZA_PLACES = frozenset(
    " ".join(
        (
            "johannesburg joburg pretoria tshwane durban ethekwini bloemfontein gqeberha",
            "soweto sandton centurion midrand randburg roodepoort benoni boksburg",
            "germiston polokwane pietermaritzburg stellenbosch umhlanga mbombela",
            "nelspruit rustenburg gauteng limpopo mpumalanga kwazulu kzn rsa",
        )
    ).split()
)
_ZA_PLACE_PAIRS = frozenset(
    {
        ("cape", "town"), ("port", "elizabeth"), ("western", "cape"), ("eastern", "cape"),
        ("northern", "cape"), ("free", "state"), ("south", "africa"),
    }
)  # fmt: skip
_ZA_PLACES_RE2 = (
    "(?:^|[^a-z])(?:"
    + "|".join(sorted(_ZA_PLACES | {f"{a}[^a-z0-9]+{b}" for a, b in _ZA_PLACE_PAIRS}))
    + ")(?:[^a-z]|$)"
)
#: ``str`` alone (``Str.``), as the fast path sees it; with :data:`_ZA_PLACES_RE2`.
_STR_RE2 = r"(?:^|[^a-z])str(?:[^a-z]|$)"


def _short_units(s: str) -> str:
    """Folded text with :data:`_SHORT_UNIT` and :data:`_CARE_OF` read.

    Examples
    --------
    >>> _short_units("u3 12 smith st"), _short_units("l2, 100 queen st")
    ('unit 3 12 smith st', 'level 2, 100 queen st')
    >>> _short_units("10 dale st, liverpool l2 2ab"), _short_units("c/o acme")
    ('10 dale st, liverpool l2 2ab', 'careof acme')
    """
    if "u" in s or "l" in s:
        s = _SHORT_UNIT.sub(_short_unit_word, s)
    return _CARE_OF.sub("careof", s) if "/" in s else s


def _short_unit_word(m: re.Match[str]) -> str:
    return f"{_SHORT_UNIT_WORDS[m[1]]} {m[2]}"


def _irish_counties(parts: list[str]) -> list[str]:
    """``co`` before a county of Ireland (:data:`_IE_COUNTIES`) not followed by a street
    type read as ``county`` (``Co. Dublin`` = ``County Dublin``; ``Acme Co`` stays)."""
    n = len(parts)
    return [
        "county"
        if part == "co"
        and i + 1 < n
        and parts[i + 1] in _IE_COUNTIES
        and (i + 2 >= n or parts[i + 2] not in _THOROUGHFARES)
        else part
        for i, part in enumerate(parts)
    ]


def _is_south_african(parts: list[str]) -> bool:
    """Whether the address names a South African place (:data:`_ZA_PLACES`) and holds a
    postcode of four digits."""
    if not any(len(p) == 4 and p.isascii() and p.isdigit() for p in parts):
        return False
    return not _ZA_PLACES.isdisjoint(parts) or any(
        pair in _ZA_PLACE_PAIRS for pair in itertools.pairwise(parts)
    )


def _south_african_words(parts: list[str]) -> list[str]:
    """In a South African address (:func:`_is_south_african`), ``str`` after a street's
    name and before no number is ``street`` (``12 Long Str, Cape Town 8001``; German
    ``Kölner Str. 12`` keeps its ``str`` before the house number); ``p bag`` is ``private
    bag`` everywhere (``P/Bag X123``)."""
    if "p" in parts[:-1]:
        parts = [
            "private" if part == "p" and parts[i + 1] == "bag" else part
            for i, part in enumerate(parts[:-1])
        ] + parts[-1:]
    if "str" not in parts[1:] or not _is_south_african(parts):
        return parts
    n = len(parts)
    return [
        "street"
        if part == "str"
        and i
        and _is_letters(parts[i - 1])
        and (i + 1 >= n or not parts[i + 1][0].isdecimal())
        else part
        for i, part in enumerate(parts)
    ]


def _address_one(text: str) -> str:
    if "." in text:
        text = _DOTTED_COUNTRY.sub(_dotted_country, text)
    text = _without_end_country(text)  # every rule reads the address without it
    parts = _drop_no_number(_join_split_words(_address_parts(text)))
    if parts[-1:] == ["state"]:
        parts = _without_end_state(parts)
    if not _EUROPEAN_WORDS.isdisjoint(parts) or any(p.endswith(_STREET_ENDINGS) for p in parts):
        parts = _european_words(parts)
    if len(parts) >= 2 and (
        not _BOX_AND_LANDMARK_WORDS.isdisjoint(parts)
        or _is_pin_half(parts[-1])
        or _is_pin_half(parts[-2])
    ):
        parts = _box_and_landmark_words(parts, pin=_PIN_END.search(text.lower()) is not None)
    if "r" in parts or "rural" in parts:
        parts = _rural_routes(parts)
    if "mexico" in parts:
        parts = _mexico_city(parts)
    parts = _zip_plus_four(_north_american_words(_ap_units(parts), _latin_lower(text)))
    numbers = not _NUMBER_WORDS.isdisjoint(parts)
    if numbers:
        if parts[0] in _UNIT_WORDS:
            parts = _join_unit_number(parts)
        elif parts[0].isdecimal():
            parts = _join_unit_after_street(parts)
    if numbers or "cp" in parts or "p" in parts or "cep" in parts:
        parts = _drop_number_words(parts)
    if parts[:1] == ["h"] or "r" in parts:
        parts = _house_and_road(parts)
    if "sector" in parts:
        parts = _without_sector_word(parts)
    if not _STREET_TYPES_IN_PLACE.keys().isdisjoint(parts):
        parts = _street_types_in_place(parts)
    if not _CONTEXT_WORDS.isdisjoint(parts):
        parts = _read_in_context(parts)
    if "co" in parts:
        parts = _irish_counties(parts)
    if "str" in parts or "p" in parts:
        parts = _south_african_words(parts)
    if not _ID_ADDRESS_MARKS.isdisjoint(parts):
        parts = [_ID_ADDRESS_WORDS.get(part, part) for part in parts]
    out = list(map(_ABBREVIATIONS.get, parts, parts))
    if "ter" in parts:  # French 12 ter (as 12 bis): after a house number, no terrace
        out = [
            "ter" if part == "ter" and j and parts[j - 1][-1:].isdecimal() else out[j]
            for j, part in enumerate(parts)
        ]
    if "f" in out:  # 12F, 12/F: twelfth floor (12 楼 in a Chinese address, as 12樓 is)
        floor = "楼" if _is_chinese(text) else "floor"
        out = [
            _floor_word(out, j, floor)
            if part == "f" and j and out[j - 1].isdecimal() and not _is_sector_at(out, j + 1)
            else part
            for j, part in enumerate(out)
        ]
    out = _us_state_codes(out)
    if "colonia" in out:
        out = _without_colonia(out)
    return " ".join(out)


def _without_end_state(parts: list[str]) -> list[str]:
    """Parts without ``state`` ending them after a word (``lagos state``: ``lagos``;
    ``free state`` stays: :data:`_STATE_IN_NAME`, and so does ``ohio state``, after a
    name :func:`_state_names` reads ending the address)."""
    while (
        len(parts) >= 2
        and parts[-1] == "state"
        and _is_letters(parts[-2])
        and parts[-2] not in _STATE_IN_NAME
        and not any(
            " ".join(parts[-1 - n : -1]) in _NAMES_ENDING
            for n in range(1, min(_STATE_NAME_WORDS, len(parts) - 1) + 1)
        )
    ):
        parts = parts[:-1]
    return parts


def _house_and_road(parts: list[str]) -> list[str]:
    """South Asia's ``h`` and ``r`` before numbers read as ``house`` and ``road``
    (:data:`_HOUSE_ROAD_WORDS`).

    Examples
    --------
    >>> _house_and_road(["h", "12", "r", "5", "dhanmondi"])
    ['house', '12', 'road', '5', 'dhanmondi']
    >>> _house_and_road(["h", "12", "street", "5"]), _house_and_road(["h", "12", "dhanmondi"])
    (['house', '12', 'street', '5'], ['h', '12', 'dhanmondi'])
    """
    if len(parts) < 4 or not _is_plain_number(parts[1]) or not parts[3][0].isdecimal():
        return parts
    if parts[0] == "h" and parts[2] in _HOUSE_ROAD_WORDS:
        parts = ["house", *parts[1:]]
    if parts[0] == "house" and parts[2] == "r":
        parts = [*parts[:2], "road", *parts[3:]]
    return parts


def _is_sector_at(parts: list[str], i: int) -> bool:
    """Whether ``parts[i]`` is a sector's number and sub-sector (:data:`_SECTOR_NUMBER`)."""
    return i < len(parts) and _SECTOR_NUMBER.fullmatch(parts[i]) is not None


def _is_sector_letter(part: str) -> bool:
    return len(part) == 1 and "a" <= part <= "z"


def _without_sector_word(parts: list[str]) -> list[str]:
    """Parts without ``sector`` before a sector's letter and number (``sector f 7/2``:
    ``f 7/2``; a run of them too: scanning backwards, none is left before one)."""
    kept: list[str] = []
    for part in reversed(parts):
        if (
            part == "sector"
            and len(kept) >= 2
            and _is_sector_letter(kept[-1])
            and _SECTOR_NUMBER.fullmatch(kept[-2]) is not None
        ):
            continue
        kept.append(part)
    return kept[::-1]


def _floor_word(out: list[str], j: int, floor: str) -> str:
    """The word for the floor mark ``out[j]`` (``f`` after a number): ``floor``, or
    ``楼`` in a Chinese address but before a CJK word (楼 would join it when the key is
    read again: ``12F之1``)."""
    if floor != "floor" and j + 1 < len(out) and _is_cjk(out[j + 1][0]):
        return "floor"
    return floor


def _is_chinese(text: str) -> bool:
    """Whether an address is written in Chinese: it holds a Han character, and is not
    Japanese (:data:`_JAPANESE_PATTERN`)."""
    if _HAS_CJK.search(text) is None:
        return False
    return _JAPANESE.search(_fold(text)) is None


def _join_unit_number(parts: list[str]) -> list[str]:
    """``unit 1 12 smith ...`` -> ``unit 1/12 smith ...``: a unit designator that starts
    the address (``parts[0]``), then (after any number words) two numbers and a word.

    The Australian ``Unit 1, 12 Smith St`` is ``1/12 Smith St``: unit 1 of number 12
    (never ``12/1``). Left alone when the numbers are more than two (``Unit 5,
    12-14 Smith St``), the second is a floor (``Unit 3, 12F``) or no street name
    follows (``Unit 3, 2000``).
    """
    j = 1
    while j < len(parts) and parts[j] in _NUMBER_WORDS:
        j += 1
    if (
        j + 2 < len(parts)
        and parts[j].isdecimal()
        and parts[j + 1].isdecimal()
        and _is_word(parts[j + 2])
        and parts[j + 2] not in _FLOOR_MARKS
    ):
        return [*parts[:j], f"{parts[j]}/{parts[j + 1]}", *parts[j + 2 :]]
    return parts


def _is_name_part(part: str) -> bool:
    """A word of a street name: letters (of no CJK script), or an ordinal (``3rd``)."""
    if part.isascii():
        return "a" <= part[-1] <= "z"
    return _is_letters(part)


def _is_letters(part: str) -> bool:
    """Letters only, none of them CJK (a word of a name: ``quebec``, ``québec``)."""
    return part.isalpha() and not any(_is_cjk(c) for c in part)


def _join_unit_after_street(parts: list[str]) -> list[str]:
    """``12 smith st unit 3 ...`` -> ``3/12 smith st ...``: the unit written after the
    street is the unit of the house number, as when written before it
    (:func:`_join_unit_number`).

    Only in this shape: one plain house number starting the address (``parts[0]``),
    a name (a word first, then words or ordinals: no other number) ending in a
    street type (:data:`_THOROUGHFARES`), a unit designator (then any number words)
    and one plain number, then nothing or a word of two or more letters (a
    locality; not a unit letter as in ``Apt 4B``, a floor mark as in ``Unit 3F`` or
    a number word). Words are letters of any script but CJK (``Québec``): a CJK run
    is not one word. ``#3`` is not a unit designator here: ``#`` is
    a separator, and ``#5 Main St`` is house number 5.
    """
    if not parts[0].isascii() or len(parts) < 5:
        return parts
    p = 1
    while p < len(parts) and _is_name_part(parts[p]):
        p += 1
    # parts[p]: the first part that is no name part, the unit number if any
    q = p
    while q > 1 and parts[q - 1] in _NUMBER_WORDS:
        q -= 1
    # parts[q:p]: the unit designator and any number words after it
    if not (
        p < len(parts)
        and 3 <= q < p
        and parts[q] in _UNIT_WORDS
        and (
            parts[q - 1] in _THOROUGHFARES
            # a directional after the street type (100 King St W, Unit 12)
            or (q >= 4 and parts[q - 1] in _DIRECTION_LETTERS and parts[q - 2] in _THOROUGHFARES)
        )
        and parts[p].isascii()
        and parts[p].isdecimal()
        and _is_letters(parts[1])
        and parts[1] not in _FLOOR_MARKS
    ):
        return parts
    if p + 1 < len(parts):
        after = parts[p + 1]
        if not (
            len(after) >= 2
            and _is_letters(after)
            and after not in _FLOOR_MARKS
            and after not in _NUMBER_WORDS
        ):
            return parts
    return [f"{parts[p]}/{parts[0]}", *parts[1:q], *parts[p + 1 :]]


def _is_saint_name(part: str | None) -> bool:
    """Whether ``ste`` before ``part`` is sainte: a word of 3+ letters, not an address word."""
    return part is not None and _is_word(part) and len(part) >= 3 and part not in _NOT_SAINT_NAMES


def _is_word(part: str) -> bool:
    return not part[0].isdecimal() and not _is_cjk(part[0])


def _is_number(part: str) -> bool:
    """Digits, or a unit/number pair (``1/12``)."""
    return part[-1].isdecimal()


def _is_floor_number(part: str) -> bool:
    return len(part) <= 3 and part.isdecimal()


def _read_in_context(parts: list[str]) -> list[str]:
    """The :data:`_CONTEXT_WORDS` read by their neighbours: the RT/RW numbers
    first, then ``st``, ``ste`` and ``fl`` (each by its neighbours before any is replaced)."""
    last = len(parts) - 1
    parts = [
        _LEADING_ZEROS.sub(r"\1\2", part)
        if i and parts[i - 1] in ("rt", "rw") and part[0].isdecimal()
        else part
        for i, part in enumerate(parts)
    ]
    out = list(parts)
    for i, part in enumerate(parts):
        if part not in ("st", "ste", "fl"):
            continue
        prev = parts[i - 1] if i else None
        nxt = parts[i + 1] if i < last else None
        if part == "ste":  # suite (its abbreviation) unless a name follows
            if _is_saint_name(nxt):
                out[i] = "sainte"
        elif part == "st":
            before_name = nxt is not None and _is_word(nxt)
            after_name = (
                prev is not None and not _is_number(prev) and prev not in _BEFORE_SAINT_WORDS
            )
            out[i] = "saint" if before_name and not after_name else "street"
        elif (nxt is not None and _is_floor_number(nxt)) or (
            prev is not None
            and not (nxt is not None and nxt[0].isdecimal())
            and (_is_floor_number(prev) or (prev[0].isdecimal() and not _is_number(prev)))
        ):
            out[i] = "floor"
    return out


def _street_types_in_place(parts: list[str]) -> list[str]:
    """:data:`_STREET_TYPES_IN_PLACE` read as street types where they end a street name:
    after one to :data:`_STREET_NAME_WORDS` words (letters, no street type), which
    follow the house number (``12``, ``1/12``, ``1 12``: numbers only before the name),
    and not before a number (``12 Smith Cr`` is ``12 smith crescent``; ``CR 123``,
    ``PO Box 5, Cheyenne WY``, ``Cheyenne, WY 82001``, ``Croydon CR0 2AB`` stay).

    Examples
    --------
    >>> _street_types_in_place(["12", "smith", "cr", "perth"])
    ['12', 'smith', 'crescent', 'perth']
    >>> _street_types_in_place(["1234", "cr", "45"]), _street_types_in_place(["12", "a", "wy", "8"])
    (['1234', 'cr', '45'], ['12', 'a', 'wy', '8'])
    """
    out = list(parts)
    for i, part in enumerate(parts):
        if part not in _STREET_TYPES_IN_PLACE:
            continue
        j = i
        while j and _is_letters(parts[j - 1]) and parts[j - 1] not in _THOROUGHFARES:
            j -= 1
        if (
            1 <= i - j <= _STREET_NAME_WORDS
            and j
            and all(_is_number(p) for p in parts[:j])
            and not (i + 1 < len(parts) and parts[i + 1][0].isdecimal())
        ):
            out[i] = _STREET_TYPES_IN_PLACE[part]
    return out


def _address_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [(_address_one(t), None, None) for t in texts]


def _normalize_address(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Postal addresses -> space-separated tokens.

    * Unicode NFKC (full-width digits and letters become ASCII; so do the digits of
      other scripts, Thai ``๑๒๓``, Arabic-Indic ``١٢٣``), case-folded,
      traditional Chinese characters common in addresses -> simplified
      (號 -> 号, 樓 -> 楼, 區 -> 区, ...), punctuation -> space.
    * English: letters and digits split apart (``Rm1203`` -> ``room 1203``, but
      ordinals stay whole: ``3rd``), abbreviations expanded to one word
      (``Rd``/``Rd.``/``road`` -> ``road``, ``Ave`` -> ``avenue``, ``Rm`` ->
      ``room``, ``Bldg`` -> ``building``, ``Flr``/``12F`` -> ``floor``, ``Dist``
      -> ``district``, ...), and ``No.``/``No``/``#`` and the unit designators
      ``Apt``/``Unit``/``Suite``/``Ste``/``Flat`` before a number dropped
      (``Apt 16C`` = ``#16C``). Australia Post's ``Cr``/``Gr``/``Cv``/``Wy`` are
      ``crescent``/``grove``/``cove``/``way`` right after a street name that follows
      the house number, and not before a number (``12 Smith Cr``; not ``CR 123``). A
      unit designator that starts the address before two numbers and a street name
      makes them a unit/number pair: ``Unit 1, 12 Smith St`` = ``1/12 Smith St``
      (never ``Unit 12, 1 Smith St``); not when the second number is a floor (``Unit
      3, 12F``) or one of more (``Unit 5, 12-14``).
      So does one after the street, in ``12 Smith St Unit 3`` (``12 Smith Street,
      Apt 3``, ``12 Smith St Suite 3, Springfield IL``): one plain house number
      first, a name ending in a street type, the designator and one plain number,
      then the end or a locality: ``3/12 smith street``, as ``Unit 3, 12 Smith St``.
      ``#`` before a number right after a word is a unit designator (``12 Smith St
      #3`` = ``12 Smith St Apt 3``; ``#5 Main St`` starting the address is house
      number 5), and so are French ``bureau``, ``bur.``, ``app.``, ``appartement``
      and ``local``; a directional may come between the street type and the unit
      (``100 King St W, Unit 12``: ``12/100 king street w``). Not for ``Apt 4B``,
      ``Unit 3F``, other numbers before the unit (``12 W 3 St Apt 4``), or letters
      other than ASCII ones up to the word after the unit number (``12 Smith St Unit
      3 人民路``).
    * North America: a ZIP+4 right after a US state's code is its five-digit ZIP
      (``GA 30356-1234`` = ``GA 30356``; nine digits after no state stay), and four
      digits ending the address after a New England state or New Jersey are its ZIP
      with the zero a spreadsheet dropped (``ME 4101`` = ``ME 04101``); ``court``,
      ``company``, ``mount`` right before five digits are CT, CO, MT (``Hartford, CT
      06103``: ``hartford ct 06103``); a state's or province's name (or an older
      abbreviation: ``Fla.``, ``N.Y.``, ``Que.``, ``PQ``) right before its country's
      postal code is its postal abbreviation (``Atlanta, Georgia 30356`` = ``Atlanta,
      GA 30356``, ``Québec H2Y 1H2`` = ``QC H2Y 1H2``; ``Georgia Ave``, ``Tbilisi,
      Georgia 0105`` stay), and so is a name ending the address after a word
      (``Atlanta, Georgia`` = ``Atlanta, GA``; not ``Washington``, ``New York``,
    ``Québec``, cities too); ``Rural Route``,
      ``R.R.`` before a number are ``rr``; ``N.W.`` is ``nw``; ``boul.`` is
      ``boulevard``;
      directionals spelled out are abbreviated before a street's name after the house
      number (``1995 North Pine Blvd`` = ``1995 N Pine Blvd``; not ``12 North St``) and
      after a street type before a comma, the end, a number or a unit (``Main Street
      West,`` = ``Main St W``; not ``Main St, West Palm Beach``), and in a French
      street after its name ``Ouest``/``O``, ``Est``, ``Nord``, ``Sud`` too (``rue
      St-Paul O`` = ``rue St-Paul W``); ``St`` after ``rue``, ``boul``, ``chemin``, ...
      before a name is saint (``rue St-Paul`` = ``rue Saint-Paul``); Canada's
      unit-civic ``12-100 King St W`` is ``12/100`` (unit 12 of number 100) in a
      Canadian address (a postal code, or a province's code ending it), not where the
      numbers may be a range (``12-14 Main St``: the second above the first by at most
      20, of the same parity).
    * Ireland, Australia, New Zealand, South Africa: ``Co.`` right before one of the 32
      counties of Ireland and Northern Ireland (not before a street type) is
      ``county`` (``Co. Dublin`` = ``County Dublin``; ``Acme Co.`` stays ``company``);
      ``U3``/``L2`` (the letter glued to its number) right before a house number and a
      word are ``unit 3``/``level 2`` (``U3 12 Smith St`` = ``3/12 Smith St``; not a UK
      postcode's ``L2 2AB``); in a South African address (a postcode of four digits
      and a province's, a city's or the country's name) ``Str`` after a street's name
      and before no number is ``street`` (``12 Long Str, Cape Town 8001``; German ``Kölner
      Str. 12`` keeps ``str``); ``P/Bag`` is ``private bag``; ``c/o`` is one word,
      ``careof`` (not Madrid's ``C/ O'Donnell``).
    * Spanish and Portuguese: ``Av``/``Avda``/``Avenida`` -> ``avenue``, ``Col``
      -> ``colonia``, dropped before a name (``Col. Centro`` = ``Centro``); Mexico's
      ``Jal.`` (and other states' abbreviations) is ``jalisco``, ``N.L.`` ``nuevo
      leon``, ``Ciudad de México``/``Mexico City`` ``cdmx``; ``CP``/``C.P.`` before a
      five-digit postcode is dropped
      (``C.P. 03100`` = ``CP 03100`` = ``03100``), ``CEP`` before a Brazilian one
      (``CEP 01310-100`` = ``01310100``; or five digits); ``N°``/``N.°`` (degree
      sign), ``Nº``/``N.º`` (ordinal indicator) are ``No``, dropped before a number
      (``N° 1000`` = ``nº1000`` = ``1000``); "no house number" is dropped:
      ``s/n``, ``S/N``, ``s/nº``, ``s/n°``, ``sin número``, ``sem número``
      (``Rua Oriente, s/n`` = ``Rua Oriente``); ``R.`` and ``C.`` that start the
      address, before a word of two or more letters or a number, are ``rua`` and
      ``calle`` (``R. Augusta`` = ``Rua Augusta``, ``C. 60`` = ``Calle 60``; not
      ``C.P. 06720``, a middle initial in ``Av. Juan C. Pérez``, or ``R``/``C``
      without the dot). Combining marks on Latin
      letters are removed (``Consolação`` = ``Consolacao``; Vietnamese tones too:
      such addresses are often typed without them), Polish ``ł`` is ``l`` and Turkish
      ``ı`` is ``i`` (upper and mixed case then meet), Russian ``ё`` is ``е``; other
      scripts keep their marks (``й``, Thai) and ``đ`` stays. Thai ``ถ.``/``ซ.`` are
      ``ถนน``/``ซอย``, split from a name glued to them (``ซอยเพชรบุรี`` -> ``ซอย
      เพชรบุรี``).
    * Russian, Ukrainian, Belarusian, Polish, Turkish words: see
      :func:`_european_words` (``г. Москва, ул. Ленина, д. 5, кв. 12`` = ``Москва,
      улица Ленина, дом 5, квартира 12`` = ``Москва, ул. Ленина, 5-12``: ``москва
      улица ленина 5/12``); Poland's ``00-590`` is ``00590`` (not starting the address,
      nor where it may be a range of house numbers).
    * Words read by their neighbours: ``St`` before a name is ``saint`` when it
      starts the address or follows a number or a street type (``12 St Kilda
      Rd``, ``St Kilda``), otherwise ``street`` (``Smith St``); ``Ste`` before a
      name of three or more letters (not an address word) is ``sainte`` (``rue Ste
      Catherine``, ``Sault Ste. Marie``), otherwise ``suite`` (``Ste B``); ``Fl`` is
      ``floor`` only before a floor number of 1-3 digits (``Fl 3``) or after one
      or an ordinal (``3rd fl``), so the US state stays ``fl`` (``Miami, FL
      33101``); the numbers after Indonesian ``RT``/``RW`` lose their leading
      zeros (``RT 011`` = ``RT 11``).
    * Two digit runs joined by one ``/`` stay one token in their order
      (``1/12``: unit 1 of number 12, never ``12/1``); joined by one ``-`` in
      the shape of a postcode (``123-4567``, ``01310-100``, ZIP+4
      ``12345-6789``) they are written without it (a ZIP+4 after a US state's
      code is then its ZIP, above). Longer chains (``1-2-3``,
      ``1/2/2024``) stay apart.
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
    >>> raw = ["1/12 St Kilda Rd, St Kilda", "Apt 5, 8 Smith St, Miami, FL 33101-1234"]
    >>> _normalize_address(pd.Series(raw), NormalizeConfig())["key"].tolist()
    ['1/12 saint kilda road saint kilda', '5/8 smith street miami fl 33101']
    >>> raw = ["12 rue Ste Catherine", "Ste 400", "Unit 1, 12 Smith St"]
    >>> _normalize_address(pd.Series(raw), NormalizeConfig())["key"].tolist()
    ['12 rue sainte catherine', '400', '1/12 smith street']
    >>> raw = ["12 Smith St Unit 3", "12 Smith Street, Apt 3, Perth", "123 Main St Apt 4B"]
    >>> _normalize_address(pd.Series(raw), NormalizeConfig())["key"].tolist()
    ['3/12 smith street', '3/12 smith street perth', '123 main street 4 b']
    """
    return _run(values, config, _SPECS["address"])


# ---------------------------------------------------------------------------
# device
# ---------------------------------------------------------------------------

#: Labels before a device's id (case-folded text), also Japanese ``端末ID``/``端末番号``,
#: Korean ``기기ID``/``기기 번호``/``단말기 ID`` and Chinese ``裝置ID``/``設備ID``/``设备ID``.
_DEVICE_LABELS = (
    r"imei|meid|esn|imsi|iccid|android[ _-]?id|aaid|gaid|adid|oaid|idfa|idfv|udid|uuid"
    r"|mac|serial|sn|device[ _-]?id|fp|fingerprint|browser[ _-]?fingerprint"
    r"|端末\s*(?:id|番号)|기기\s*(?:id|번호)|단말기?\s*id|[裝装]置\s*id|設備\s*id|设备\s*id"
)
_DEVICE_PREFIX = re.compile(rf"^(?:(?:{_DEVICE_LABELS})(?:\s*[:=#]\s*|\s+|(?=[0-9])))+")
#: Separators inside an id: whitespace, ``-``, ``:``, ``.``, braces, and the other dashes
#: a Japanese or Korean export writes (``‐`` U+2010 to ``―`` U+2015, the minus sign
#: ``−``, which ``shift_jis`` makes of ``－``, and the long-vowel mark ``ー`` an input
#: method gives for ``-``): ``35−209900−176148−1`` is ``35-209900-176148-1``.
_DEVICE_SEPARATORS = re.compile(r"[\s\-:.{}\u2010-\u2015\u2212ー]+")
#: A label first, as a word of its own (``android id-aa:bb:...``; not ``macbook``).
_DEVICE_LABEL_FIRST = re.compile(rf"(?:{_DEVICE_LABELS})(?![a-z])")
_DEVICE_OK = re.compile(r"[0-9a-z_+/=]+")
# Values that devices report when the real id is hidden: Android's privacy MAC
# and the ANDROID_ID shared by a batch of early Android phones.
_DEVICE_JUNK = frozenset({"020000000000", "9774d56d682e549c"})
# A long number a spreadsheet showed in scientific notation (3.52099E+14): its
# digits are lost, and many devices would share what is left.
_SCIENTIFIC_PATTERN = r"[0-9]+\.[0-9]+e[+-]?[0-9]+|[0-9]+e[+-][0-9]+"
_SCIENTIFIC = re.compile(_SCIENTIFIC_PATTERN)


#: Words that name a device's platform, maker, model line or kind (``iphone``,
#: ``android``, ``samsung``, ``galaxy``, ``pc``), not one device. A value made of them
#: and :data:`_DEVICE_MODEL_PARTS` only is a model, shared by many devices
#: (:func:`_is_device_model`). Each has a letter that is no hex digit: the fast path
#: decides hex ids alone, perhaps after a label, and the rule leaves a value starting
#: with a label (:data:`_DEVICE_LABEL_FIRST`) alone, so it never meets a model there.
_DEVICE_MODEL_WORDS: tuple[str, ...] = (
    # platforms, browsers, kinds of device
    "android", "ios", "ipados", "macos", "osx", "windows", "win", "linux", "ubuntu",
    "chromeos", "harmonyos", "tizen", "kaios", "chrome", "safari", "firefox", "opera",
    "browser", "web", "app", "mobile", "phone", "smartphone", "cellphone", "tablet",
    "desktop", "laptop", "notebook", "computer", "pc", "device", "unknown", "emulator",
    "simulator",
    # makers and model lines
    "apple", "iphone", "ipad", "ipod", "imac", "macbook", "samsung", "galaxy", "huawei",
    "honor", "xiaomi", "redmi", "poco", "mi", "oppo", "vivo", "iqoo", "realme", "oneplus",
    "google", "pixel", "nexus", "nokia", "motorola", "moto", "lg", "sony", "xperia", "asus",
    "zenfone", "lenovo", "thinkpad", "tecno", "infinix", "itel", "zte", "nubia", "meizu",
    "htc", "blackberry", "tcl", "alcatel", "sharp", "dell", "hp", "acer", "surface",
    "chromebook", "kindle",
)  # fmt: skip
#: Words written after a model's name: its variant, size, network or memory.
_DEVICE_MODEL_PARTS: tuple[str, ...] = (
    "pro", "max", "plus", "mini", "lite", "ultra", "note", "edge", "fold", "flip", "neo",
    "go", "prime", "play", "power", "mate", "nova", "reno", "find", "air", "one", "tab",
    "touch", "dual", "sim", "wifi", "cellular", "lte",
)  # fmt: skip
_DEVICE_MODEL_WORD = "|".join(sorted(_DEVICE_MODEL_WORDS, key=len, reverse=True))
_DEVICE_MODEL_PART = "|".join(sorted(_DEVICE_MODEL_PARTS, key=len, reverse=True))
#: A model number: up to two letters, one to four digits, up to two letters (``12``,
#: ``s21``, ``p30``, ``a52s``, ``5g``, ``128gb``), or a letter or two alone (``x``, ``xr``).
_DEVICE_MODEL_NUMBER = "[a-z]{0,2}[0-9]{1,4}[a-z]{0,2}|[a-z]{1,2}"
#: One word of a model's name: a maker, platform or model line, perhaps with a model
#: number and variant of at most :data:`_DEVICE_GLUED` characters glued on
#: (``iphone13promax``, ``android11``, ``galaxys21``) ...
_DEVICE_NAMING_WORD = re.compile(
    rf"(?:{_DEVICE_MODEL_WORD})"
    rf"(?P<glued>(?:{_DEVICE_MODEL_PART}|[a-z]?[0-9]{{1,4}}[a-z]{{0,2}}){{0,3}})"
)
_DEVICE_GLUED = 10
#: ... or a variant or model number after it (``pro``, ``s21``, ``note8``).
_DEVICE_MODEL_TAIL = re.compile(
    rf"(?:{_DEVICE_MODEL_PART}|{_DEVICE_MODEL_NUMBER})(?:[0-9]{{1,4}}[a-z]{{0,2}})?"
)
_DEVICE_WORDS = re.compile(r"[^0-9a-z]+")
#: The most digits of a model's name (``galaxy s21 ultra 5g 256gb``): an id has more.
_DEVICE_MODEL_DIGITS = 6


def _is_device_model(text: str) -> bool:
    """Whether a device value (folded, its labels removed) is a model's or platform's
    name: words that each name a platform, maker or model line (:data:`_DEVICE_MODEL_WORDS`,
    perhaps with a model number glued on) or a variant or model number of one, and at
    least one of the first kind. A device id is one word of hex digits or digits
    (IMEI, MAC, UUID, Android id), or a serial of letters and digits that starts with no
    such name: never so.

    Examples
    --------
    >>> [_is_device_model(t) for t in ("iphone", "samsung galaxy s21", "iphone13promax")]
    [True, True, True]
    >>> [_is_device_model(t) for t in ("sm-g991b", "c02xg0fdh7jy", "iphone 3520 9900 1761 481")]
    [False, False, False]
    """
    if sum(c.isdigit() for c in text) > _DEVICE_MODEL_DIGITS:
        return False  # "iphone 3520 9900 1761 481": an IMEI after a name
    words = [w for w in _DEVICE_WORDS.split(text) if w]
    named = False
    for word in words:
        name = _DEVICE_NAMING_WORD.fullmatch(word)
        if name is not None and len(name["glued"]) <= _DEVICE_GLUED:
            named = True
        elif not _DEVICE_MODEL_TAIL.fullmatch(word):
            return False
    return named


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


#: A numbered label of one of a device's ids (a dual-SIM phone's two IMEIs: ``IMEI1:``,
#: ``IMEI 2``, ``IMEI(1)``, ``MEID-1:``), before the id's first digit: what is between
#: two of them is one id. As a pattern for ``re`` (without its look-ahead, for RE2:
#: :data:`_DEVICE_NUMBERED_RE2`), case-folded text.
_DEVICE_NUMBERED_PATTERN = r"(?:imei|meid|esn)\s*[-_]?\s*\(?[1-4]\)?(?:\s*[:=#]\s*|\s+)"
_DEVICE_NUMBERED = re.compile(rf"(?<![a-z0-9]){_DEVICE_NUMBERED_PATTERN}(?=[0-9])")
_DEVICE_NUMBERED_FIRST = re.compile(rf"^{_DEVICE_NUMBERED_PATTERN}(?=[0-9])")
#: For the fast path: values starting with a numbered label go per value.
_DEVICE_NUMBERED_RE2 = rf"^{_DEVICE_NUMBERED_PATTERN}[0-9]"
#: A ``/`` between two ids (spaces around it or not).
_DEVICE_SLASH = re.compile(r"\s*/\s*")
#: The ids a ``/`` may stand between: whole numbers of a device's id lengths (IMEI and
#: IMEISV, 15 and 16 digits; a MEID in decimal, 18).
_DEVICE_NUMBER = re.compile(r"[0-9]{14,18}")


def _listed_device_ids(text: str) -> list[str]:
    """The ids of a device cell that lists two or more (a dual-SIM phone's IMEIs), or
    none: ids after numbered labels (``IMEI1: 352099001761481 IMEI2: 352099001761499``:
    the ids without their labels), or whole numbers of one length between ``/``
    (``352099001761481 / 352099001761499``, perhaps each after its label: ``IMEI
    352...``). A ``/`` inside one id (a base64 id) is not between two ids of one shape.

    Examples
    --------
    >>> _listed_device_ids("IMEI1: 352099001761481 IMEI2: 352099001761499")
    ['352099001761481', '352099001761499']
    >>> _listed_device_ids("352099001761481/352099001761499")
    ['352099001761481', '352099001761499']
    >>> _listed_device_ids("IMEI: 352099001761481"), _listed_device_ids("ab12/cd34+==")
    ([], [])
    """
    folded = _fold(text)
    labels = list(_DEVICE_NUMBERED.finditer(folded))
    if len(labels) >= 2 and labels[0].start() == 0:
        ends = [m.start() for m in labels[1:]] + [len(folded)]
        ids = [folded[m.end() : end].strip(" \t,;/|") for m, end in zip(labels, ends, strict=True)]
        return ids if all(_DEVICE_OK.fullmatch(_DEVICE_SEPARATORS.sub("", i)) for i in ids) else []
    if "/" not in folded:
        return []
    pieces = _DEVICE_SLASH.split(folded.strip(" \t,;|"))
    numbers = [_DEVICE_SEPARATORS.sub("", _DEVICE_PREFIX.sub("", p)) for p in pieces]
    if len(pieces) < 2 or len({len(n) for n in numbers}) != 1:
        return []
    if not all(_DEVICE_NUMBER.fullmatch(n) for n in numbers):
        return []
    return pieces


def _device_one(text: str) -> _Result:
    if len(_listed_device_ids(text)) >= 2:  # several ids: each is read on its own
        return None, "invalid_value", None
    words = _DEVICE_PREFIX.sub("", _DEVICE_NUMBERED_FIRST.sub("", _fold(text)))
    if _SCIENTIFIC.fullmatch(words):  # after a label ("imei: 3.52099E+14"): digits lost too
        return None, "scientific_notation", None
    # Labels once more after the separators go ("imei:-sn12345" -> "12345").
    s = _DEVICE_PREFIX.sub("", _DEVICE_SEPARATORS.sub("", words))
    if not s:
        return None, "invalid_value", None
    if not s.isascii() or not _DEVICE_OK.fullmatch(s):
        return None, "invalid_characters", None
    if s in _DEVICE_JUNK:
        return None, "placeholder", None
    # "iPhone 12", "Android": many devices, not one; but not after a label the prefix
    # left ("android id-5020 ...", "device id-aa:bb:..."): the key holds more than it.
    # Its words glued are read too: the key, read again, must be rejected as the value is
    if (
        s == _DEVICE_SEPARATORS.sub("", words)
        and not _DEVICE_LABEL_FIRST.match(words)
        and (_is_device_model(words) or _is_device_model(s))
    ):
        return None, "device_model_only", None
    if len(s) == 15 and s.isdigit() and not _luhn_ok(s):
        return s, None, "imei_check_failed"
    return s, None, None


def _device_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [_device_one(t) for t in texts]


def _normalize_device(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Device identifiers (IMEI, MEID, Android ID, IDFA, MAC, ...).

    Case-folded (hex ids lower case), labels such as ``imei:``, ``idfa:``, ``mac:`` or
    ``端末ID：`` removed, separators (space, ``-``, ``:``, ``.``, braces, the other dashes
    and ``ー``: :data:`_DEVICE_SEPARATORS`) removed.
    A 15-digit result is an IMEI: a wrong Luhn check digit adds the flag
    ``imei_check_failed`` (the value is kept). Values with characters outside
    ``[0-9a-z_+/=]`` are ``invalid_characters``; a number in scientific notation
    after a label (``imei: 3.52099E+14``) is ``scientific_notation``, as one without
    is. Ids need no digit (a MAC address may have none). A model's or platform's name
    (``iPhone 12``, ``Samsung Galaxy S21``, ``Android``) is ``device_model_only``: many
    devices share it.

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
    r"|ng[aâ]n\s*h[aà]ng|ธนาคาร|卡号|账号|帐号|银行卡|支付宝|微信|stripe(?:\s*connect)?|klarna"
    r"|payoneer(?:\s*(?:customer\s*)?id)?"
)
#: What a PIX key is, written in brackets after its label (``Chave Pix (e-mail):``,
#: ``PIX (CPF)``): part of the label.
_PIX_KEY_TYPES = (
    r"e-?mail|cpf\s*/\s*cnpj|cpf|cnpj|telefone|celular|fone|phone"
    r"|(?:chave\s*)?aleat[oó]ria|evp"
)
#: Brazil's instant payment keys (``Chave PIX: <uuid>``, ``PIX joao@...``), perhaps with
#: the key's type in brackets (``PIX (CPF) 870...``), and the labels of a random key (an
#: EVP: ``chave aleatória <uuid>``, ``EVP <uuid>``): labels of e-mail style accounts
#: too, but there only before a separator (``pix1@x.com`` stays).
_PIX_LABELS = (
    r"chave\s*(?:pix\s*)?(?:aleat[oó]ria|evp)"
    rf"|(?:chave\s*pix|pix)(?:\s*\(\s*(?:{_PIX_KEY_TYPES})\s*\))?|evp"
)
#: India's UPI virtual payment addresses (``UPI: ravi@okaxis``, ``upi id - ravi@ibl``,
#: ``VPA ravi@ybl``): labels of e-mail style accounts only, before a separator.
_UPI_LABELS = r"(?:bhim\s*)?upi(?:\s*(?:id|address))?|vpa"
#: Wallets whose ids may be a name without a digit (``wx: shop_owner``): written after
#: one of these, such an id is kept; any other payment account needs a digit.
_WALLET_ID_LABELS = r"alipay|paypal|wechat|wx|支付宝|微信"
_WALLET_ID_LABEL = re.compile(rf"(?:{_WALLET_ID_LABELS})(?:\s*[:=#]\s*|\s+)", re.IGNORECASE)
#: The wallet's name in the key of a wallet id of letters (``WECHAT:SHOP_OWNER``).
_WALLET_ID_NAMES = {
    "alipay": "ALIPAY",
    "支付宝": "ALIPAY",
    "paypal": "PAYPAL",
    "wechat": "WECHAT",
    "wx": "WECHAT",
    "微信": "WECHAT",
}
#: WeChat's other names (WeChat Pay, Weixin, 微信支付) before a separator: read as
#: WeChat's label (``WeChat Pay 138...`` is ``WeChat 138...``: :func:`_wechat_label`).
_WECHAT_NAMES = re.compile(
    r"(?:wechat\s*pay|weixin(?:\s*pay)?|微信支付)(?=\s*[:=#]|\s)", re.IGNORECASE
)
#: For the fast path: values starting with one of them go per value.
_WECHAT_NAMES_RE2 = r"(?i)^(?:wechat\s*pay|weixin)[\s:=#]"
#: A wallet's name before a value (:func:`wallet_values`: the value is labelled).
_WALLET_NAME_FIRST = re.compile(
    rf"(?:wechat\s*pay|weixin(?:\s*pay)?|微信支付|{_WALLET_ID_LABELS})(?:\s*[:=#]\s*|\s+)",
    re.IGNORECASE,
)
#: WeChat's own id (``wxid_`` and letters and digits): an account on its own, whatever
#: its digits, written after a label or not (an upper-case key: ``WXID_5344TFJGVQ4K``).
_WXID_KEY = re.compile(r"WXID_[A-Z0-9]{4,30}")
_WXID_KEY_RE2 = f"^{_WXID_KEY.pattern}$"
#: China's wallets (Alipay, WeChat Pay), whose accounts are mainland mobile numbers as
#: often as not: such a number after their name, written internationally (``Alipay +86
#: 138 0013 8000``, ``WeChat 8613800138000``, ``支付宝 0086 138...``), is keyed in its
#: national form, as an Alipay column holds it (``13800138000``; their name is a label:
#: :func:`_cn_wallet_national`). A number of another country stays international.
_CN_WALLET_LABEL = re.compile(
    r"(?:alipay|wechat|wx|支付宝|微信)(?:\s*[:=#]\s*|\s+|(?=[+0-9(]))", re.IGNORECASE
)
_CN_WALLET_NUMBER = re.compile(r"(?:\+|00)?86(1[3-9][0-9]{9})")
#: For the fast path: the same, ASCII (支付宝 and 微信 go per value anyway).
_CN_WALLET_RE2 = r"(?i)^(?:alipay|wechat|wx)"
_CN_WALLET_NUMBER_RE2 = f"^{_CN_WALLET_NUMBER.pattern}$"
#: After the label of an e-mail style account: ``:``, ``=``, ``#``, a dash with a space
#: on one side at least (``PayPal - ann@corp.cn``; ``paypal-ann@corp.cn`` is an address),
#: or spaces.
_WALLET_SEPARATOR = r"\s*[:=#]\s*|\s+[-–—]\s*|\s*[-–—]\s+|\s+"
#: Labels of e-mail style accounts only, before a separator: PIX's and UPI's, and
#: Mercado Pago's (``Mercado Pago: ana@gmail.com`` is ``ana@gmail.com``, as
#: ``PayPal: ann@corp.cn`` is ``ann@corp.cn``; before a number its name stays:
#: :data:`_PROVIDERS`).
_EMAIL_ACCOUNT_LABELS = (
    rf"{_PIX_LABELS}|{_UPI_LABELS}|mercado\s*pago|pay\s*id|zelle|venmo"
    # Egypt's InstaPay: its payment address (IPA, ``name@instapay``) after its name
    r"|insta\s*pay(?:\s*(?:address|ipa))?|ipa"
)
#: Labels of e-mail style accounts (``paypal: ann@corp.cn``).
_PAYMENT_PREFIX = re.compile(
    rf"^(?:(?:{_PAYMENT_LABELS})(?:{_WALLET_SEPARATOR}|(?=[0-9]))"
    rf"|(?:{_EMAIL_ACCOUNT_LABELS})(?:{_WALLET_SEPARATOR}))+",
    re.IGNORECASE,
)
#: The labels before an e-mail style account: only before a separator, as a label
#: glued to digits (``card4111…``) is one only before a number: ``wechat123@qq.com``
#: and ``alipay123@qq.com`` are two people's addresses, not ``123@qq.com``.
_EMAIL_PREFIX_PATTERN = (
    rf"^(?:(?:{_PAYMENT_LABELS}|{_EMAIL_ACCOUNT_LABELS})(?:{_WALLET_SEPARATOR}))+"
)
_EMAIL_PREFIX = re.compile(_EMAIL_PREFIX_PATTERN, re.IGNORECASE)
#: Labels of bank account numbers only: PIX keys, Mexico's CLABE as also written
#: (``Cuenta CLABE``, ``CLABE interbancaria``; ``CLABE`` alone is a number's name,
#: :data:`_NUMBER_LABELS`), Argentina's CBU and CVU, and the Indonesian/Malay and
#: Vietnamese words for an account number (``No. Rek``, ``Rekening``, ``STK``, ``Số TK``,
#: ``Số tài khoản``).
_ACCOUNT_LABELS = (
    rf"{_PIX_LABELS}|(?:cuenta\s*)?clabe(?:\s*interbancaria)?|cbu|cvu|(?:no\.?\s*|nomor\s*)?rek(?:ening)?|norek"
    r"|(?:s[oố]\s*)?t[aà]i\s*kho[aả]n|s[oố]\s*tk|stk"
    # European words for an account number: Polish ``Nr konta``/``Numer rachunku``,
    # German ``Kontonummer``, French ``RIB`` (relevé d'identité bancaire)
    r"|(?:nr|numer)\.?\s*(?:konta|rachunku)(?:\s*bankowego)?|rachunek(?:\s*bankowy)?"
    r"|konto(?:nummer|[\s-]*nr)?|rib"
    # a US checking account (demand deposit account), a checking or savings account
    r"|dda|(?:checking|savings)(?:\s*(?:account|acct))?"
    # Russian and Ukrainian words for an account (``р/с``, ``р/сч``, ``расчётный счёт``,
    # ``лицевой счёт``, ``счёт``, ``сч.``; Ukrainian ``р/р``, ``рахунок``), a card
    # (``карта``, ``номер карты``, Ukrainian ``картка``) and a wallet (``кошелёк``)
    r"|[рл]\s*/\s*сч?|р\s*/\s*р|(?:расч[её]тный|лицевой|текущий)\s*сч[её]т|сч[её]т|сч"
    r"|(?:номер\s*)?сч[её]та|(?:розрахунковий\s*|поточний\s*)?рахунок"
    r"|(?:номер\s*)?карты|(?:банковская\s*)?карта|картка|кошел[её]к"
)
#: Well-known names of account and document numbers, read as labels in front of a
#: payment account or an ID document (``CPF 870.021.765-91``, ``CURP: STVC...``; a
#: Brazilian export's ``CPF/CNPJ:``, either of the two).
_NUMBER_LABELS = (
    r"cpf\s*[/_\-]\s*cnpj|cnpj\s*[/_\-]\s*cpf|cpf|cnpj|rg|curp|rfc|clabe|nik|ktp|nif|nie|dni|rut|cuit|cuil|nit|ruc|cccd|cmnd|ssn|pan"
    r"|aadhaa?r|passport|acct|account|a/c"
)
#: ``No``/``Nr``/``Number`` after a label (``Acct No. 123``), or on its own before a
#: ``:``, ``#`` or ``.`` (``No. 123``, not ``NO93 8601 1117 947``, a Norwegian IBAN).
_NUMBER_WORD = r"(?:no|nr|number)"
_LABEL_SEPARATOR = r"\s*[:=#.]\s*|\s+"
_BARE_NUMBER_WORD = rf"{_NUMBER_WORD}\s*[:=#.]\s*"


def _label(labels: str) -> str:
    """A label of ``labels`` or :data:`_NUMBER_LABELS`, with an optional number word
    (IBAN takes none: ``IBAN NO 93...`` is Norwegian)."""
    return rf"(?:(?:{labels}|{_NUMBER_LABELS})(?:\s*{_NUMBER_WORD}\b)?|iban)"


_ACCOUNT_LABEL = _label(_PAYMENT_LABELS.replace("|iban|", "|") + "|" + _ACCOUNT_LABELS)
#: ID documents also: ``ID``, a cédula (``CC``, ``C.C.``, ``CI``, ``C.I.``), Chinese labels.
#: South-East Asian ID labels: Vietnam's CCCD/CMND after or before ``Số`` ("number"),
#: Thailand's ``เลขบัตรประชาชน``/``เลขประจำตัวประชาชน``, the Philippines' ``PCN``/``PhilSys``,
#: Malaysia's ``MyKad``/``IC``/``NRIC``/``KP`` (``No. KP``), Indonesia's ``e-KTP``; and
#: the region's company and tax numbers' labels (``UEN``, ``SSM``, ``NPWP``, ``MST``, ...).
_ID_LABEL = _label(
    # European identity cards and passports (Germany, Austria, Switzerland, France,
    # Belgium, Italy, Spain, Portugal, the Netherlands, Poland)
    r"(?:personalausweis|reisepass|ausweis|pass)(?:nummer|-nr)?"
    r"|carte\s*(?:nationale\s*)?d['’]?\s*identit[eé]|cni|passeport"
    r"|carta\s*d['’]?\s*identit[aà]|passaporto|pasaporte|passaporte"
    r"|documento\s*(?:nacional\s*)?(?:de|di)\s*identi(?:dad|dade|t[aà])"
    r"|paspoort|identiteitskaart|id[\s-]?kaart|dow[oó]d\s*osobisty|paszport"
    r"|id|passport|c\.?c\.?|c\.?i\.?|身份证号码|身份证号|身份证|护照号码|护照号|护照|证件号码|证件号"
    r"|s[oố]\s*(?:cccd|cmnd|cmt)|(?:cccd|cmnd|cmt)\s+s[oố]|cmt"
    r"|c[aă]n\s*c[uư][oớ]c(?:\s*c[oô]ng\s*d[aâ]n)?"
    # NFKC, as the values are: Thai's ำ (sara am) is ํ and า there
    + unicodedata.normalize(
        "NFKC", r"|(?:เลข(?:ที่)?\s*)?(?:บัตรประจำตัวประชาชน|บัตรประชาชน|ประจำตัวประชาชน)"
    )
    + r"|pcn|psn|phil\s*sys(?:\s*(?:id|card))?|philid|mykad|nric|ic|kp|e-?ktp"
    # South-East Asian company, tax and ID numbers: Singapore's UEN (``ACRA UEN``) and
    # FIN (``NRIC/FIN``), Malaysia's ``I/C``, ``K/P`` and company number (``SSM``,
    # ``ROC``, ``Co. No.``, ``No. Pendaftaran``, ``Reg. No.``, ``Business Reg. No.``),
    # the Philippines' ``SEC Reg. No.``, Indonesia's ``NPWP``, Vietnam's tax code
    # (``MST``, ``MSDN``, ``Mã số thuế``, ``Mã số doanh nghiệp``; also without
    # diacritics) and ``CMND/CCCD``, ``Thai ID`` and Thailand's juristic-person and
    # taxpayer numbers (``เลขทะเบียนนิติบุคคล``, ``เลขประจำตัวผู้เสียภาษี(อากร)``)
    + unicodedata.normalize(
        "NFKC",
        r"|(?:เลข(?:ที่)?\s*)?(?:ทะเบียน\s*)?นิติบุคคล"
        r"|(?:เลข\s*)?(?:ประจำตัว\s*)?ผู้เสียภาษี(?:\s*\(?อากร\)?)?",
    )
    + r"|(?:acra\s*)?uen|nric\s*/\s*fin|fin\s*/\s*nric|fin|i\s*/\s*c|k\s*/\s*p"
    r"|ssm|roc|co\.?\s*no\b|pendaftaran(?:\s*syarikat)?"
    r"|(?:business\s*|sec\s*)?reg(?:istration)?\.?|sec|npwp"
    r"|ms(?:t|dn)|m[aã]\s*s[oố]\s*(?:thu[eế]|doanh\s*nghi[eệ]p)"
    r"|(?:s[oố]\s*)?(?:cccd|cmnd|cmt)\s*/\s*(?:cccd|cmnd|cmt)(?:\s+s[oố])?"
    r"|thai\s*(?:national\s*)?id(?:\s*card)?"
    # India, the Gulf, Kenya, Nigeria: Aadhaar and PAN cards, GSTIN, Emirates ID, a Saudi
    # resident's Iqama, Kenya's KRA PIN, Nigeria's BVN and NIN
    r"|(?:pan|aadhaa?r|emirates\s*id|national\s*id)\s*card|gstin|gst\s*no|emirates\s*id"
    r"|iqama|kra\s*pin|bvn|nin|national\s*id"
    # European tax and company numbers: VAT ids (German USt-IdNr., Austrian UID, French
    # TVA, Dutch BTW, Italian partita IVA), German Steuer-ID/Steuernummer, French
    # SIRET/SIREN, Polish NIP/REGON/PESEL/KRS, Dutch KvK, Italian codice fiscale, Spanish
    # CIF, Turkish TC Kimlik No/VKN/Vergi No, Ukrainian ІПН/РНОКПП/ЄДРПОУ (and in Latin
    # letters)
    r"|u\.?\s*st[\s.-]*id(?:[\s.-]*nr)?|uid(?:[\s.-]*nr)?|vat(?:\s*(?:id|reg(?:istration)?))?"
    r"|tva(?:\s*intra(?:com(?:munautaire)?)?\.?)?|btw(?:[\s-]*(?:id|nummer))?"
    r"|(?:partita\s*)?iva|p\.\s*iva|codice\s*fiscale|cif"
    r"|steuer[\s-]*(?:id(?:entifikationsnummer)?(?:[\s.-]*nr)?|nummer|nr)|st[\s.-]*nr"
    r"|siret|siren|nip|regon|pesel|krs|kvk(?:[\s-]*nummer)?"
    r"|t\.?\s*c\.?(?:\s*kimlik)?|tckn|kimlik|vkn|vergi(?:\s*kimlik)?"
    r"|ipn|rnokpp|edrpou|іпн|рнокпп|(?:код\s*(?:за\s*)?)?[єе]дрпоу"
    # Russian, Kazakh and Belarusian tax and company numbers: INN (ИНН), OGRN(IP) (ОГРН,
    # ОГРНИП), SNILS (СНИЛС), Kazakhstan's IIN and BIN (ИИН, БИН; Kazakh ЖСН, БСН),
    # Belarus's UNP (УНП), in Cyrillic and Latin letters
    r"|инн|огрн(?:ип)?|снилс|иин|бин|жсн|бсн|унп|inn|ogrn(?:ip)?|snils|iin|bin|unp"
    # North American tax and business numbers: the US EIN/FEIN, TIN, ITIN and "Tax ID";
    # Canada's business number (BN), GST/HST and Quebec's QST/TVQ accounts, Quebec's
    # enterprise number (NEQ) and the social insurance number (SIN)
    r"|f?ein|i?tin|(?:federal\s*)?tax\s*id|bn|gst\s*/\s*hst|gst|hst|qst|tvq|neq|sin"
    # British, Irish, Australian and New Zealand company and tax numbers: the UK's
    # company registration number (``CRN``, ``Company No.``, ``Co. Reg. No.``,
    # ``Companies House``), Ireland's ``CRO``, Australia's ``ABN``, ``ACN``, ``ARBN``,
    # ``TFN``, New Zealand's ``IRD`` (``IRD No.``) and ``NZBN``, a South African ``SA ID``
    r"|abn|acn|arbn|tfn|ird|nzbn|crn|cro|company(?:\s*reg(?:istration)?)?|sa\s*id"
    r"|co\.?\s*reg(?:istration)?\.?|companies\s*house"
)
#: ``N°`` before a number's name or the number (``N° SIRET 732...``): dropped from ID
#: documents (``Nº``, NFKC ``No``, is a number word already).
_ID_NUMBER_SIGN = r"n\s*°\s*"
#: Labels of card and account numbers: followed by a separator, or directly by a digit.
_ACCOUNT_PREFIX = re.compile(
    rf"^(?:{_ACCOUNT_LABEL}(?:{_LABEL_SEPARATOR}|(?=[0-9]))|{_BARE_NUMBER_WORD})+", re.IGNORECASE
)
#: Separators inside an account number: whitespace, ``-``, ``.`` and ``/``
#: (``0001/01823-0``, a Brazilian account), and the ``:``/``=``/``#`` that end a label
#: (``Conta: 12345-6`` is ``Conta 12345-6``: ``CONTA123456``).
_PAYMENT_SEPARATORS = re.compile(r"[\s\-./:=#]+")
_PAYMENT_OK = re.compile(r"\+?[0-9]+|[A-Z0-9_]+")
#: The characters of accepted account keys (but for a Latin or Thai name before a number).
_PAYMENT_CHARS = re.compile(r"[A-Z0-9_+]+")
#: A digit in any script (``\d`` of a ``str`` pattern): no account or document number
#: is without one.
_DIGIT = re.compile(r"\d")
#: Known names that start with a digit (a payment gateway's, ``2C2P``): read as names
#: before a number, perhaps with words after them (``2C2PCOLLECTION4753…``).
_DIGIT_NAMES = ("2C2P",)
#: A name (letters: ``OVO``, ``GCASH``, ``กสิกรไทย``) before a number, perhaps
#: international (``OVO+6281234567890``). Only Latin and Thai names are kept
#: (:func:`_latin_or_thai`): ``张三 6222...`` is a holder's name, not a bank's.
_NAMED_NUMBER = re.compile(
    rf"(?P<name>(?:{'|'.join(_DIGIT_NAMES)})?(?:[^\W\d_]|[\u0e31-\u0e4e])+"
    rf"|{'|'.join(_DIGIT_NAMES)})(?P<plus>\+?)(?P<number>[0-9]+)"
)
#: The account holder's name (Indonesian/Malay ``a.n.``, ``a/n``, ``an.``, ``atas nama``;
#: Vietnamese ``chủ TK``, ``CTK``; Thai ``ชื่อบัญชี``): from the word to the next digit
#: or ``+`` (``BCA 7310482956 a.n. BUDI``, ``ZaloPay a.n. NAM +84 ...``). Not a key part.
_HOLDER = re.compile(
    r"(?:^|\s*[,;]\s*|(?<=\s))\(?(?:a\.\s*n\b\.?|an\.|a/n(?=[\s:.]|$)"
    r"|atas\s+nama(?=[\s:.]|$)|ch[uủ]\s*(?:tk|t[aà]i\s*kho[aả]n)(?=[\s:.]|$)|ctk(?=[\s:.]|$)"
    r"|ชื่อบัญชี)(?P<name>[^0-9+]*)",
    re.IGNORECASE,
)
#: For the fast path: values that may hold an account holder's name go per value.
_HOLDER_RE2 = r"(?i)(?:^|[\s,;(])(?:a\.|an\.|a/n|atas\s|ctk|chu\s*t)"
#: E-wallets whose accounts are phone numbers of one country (name -> calling codes):
#: their number in international form (``OVO +62 812 ...``, ``OVO 62812...``) is keyed
#: in the national form (``OVO0812...``), as their users mostly write it. TrueMoney is
#: Thailand's (its wallets abroad keep their other calling codes as written), Boost and
#: DuitNow Malaysia's, PayNow Singapore's (national numbers without a ``0``:
#: :data:`_WALLET_MOBILES`). Bangladesh's bKash
#: and Nagad, Pakistan's JazzCash and Easypaisa, Egypt's InstaPay are one country's.
#: Three wallets whose accounts are phone numbers are run in several countries, each
#: written ``0`` and the national number at home: MoMo (Vietnam's MoMo and MTN's Mobile
#: Money in Ghana, Uganda, Rwanda and Zambia), Airtel Money (Kenya, Uganda, Tanzania,
#: Zambia, Malawi, Rwanda, DR Congo, Nigeria) and Vodafone Cash (Egypt; Ghana's, now
#: Telecel Cash), and so are ShopeePay and GrabPay (South-East Asia's six countries): a
#: number of any of those countries is keyed in its national form as well (``MoMo +233
#: 24 123 4567`` = ``MoMo 233241234567`` = ``MoMo 024 123 4567``; ``ShopeePay +65 9583
#: 2291`` = ``ShopeePay 9583 2291``).
#: A national number names no country, so two of those countries' numbers with the same
#: national digits were one key when written nationally, and are one however written;
#: a number of another country keeps its calling code (``MoMo +237 6…``, Cameroon's,
#: whose national numbers have no ``0``).
_WALLET_CALLING_CODES: dict[str, tuple[str, ...]] = {
    "OVO": ("62",), "GOPAY": ("62",), "DANA": ("62",), "LINKAJA": ("62",),
    "GCASH": ("63",), "MAYA": ("63",), "PAYMAYA": ("63",),
    "MOMO": ("84", "233", "256", "250", "260"),
    "ZALOPAY": ("84",), "VIETTELPAY": ("84",), "VIETTELMONEY": ("84",),
    "PROMPTPAY": ("66",), "TRUEMONEY": ("66",), "TNG": ("60",), "TOUCHNGO": ("60",),
    "BOOST": ("60",), "DUITNOW": ("60",), "PAYNOW": ("65",),
    "SHOPEEPAY": ("65", "60", "62", "63", "66", "84"),
    "GRABPAY": ("65", "60", "62", "63", "66", "84"),
    "MPESA": ("254",), "PAYID": ("61",),
    "BKASH": ("880",), "NAGAD": ("880",), "JAZZCASH": ("92",), "EASYPAISA": ("92",),
    "INSTAPAY": ("20",), "VODAFONECASH": ("20", "233"),
    "AIRTELMONEY": ("254", "256", "255", "260", "265", "250", "243", "234"),
}  # fmt: skip
#: The mobile numbers of South-East Asia's countries, by calling code: the trunk prefix
#: of their national form and their national significant number (Vietnam's with the
#: 11-digit numbers before 2018, :data:`~sellergraph._phones.VN_LEGACY_MOBILE`). After a
#: wallet of :data:`_WALLET_CALLING_CODES`, only such a number after one of these codes
#: is keyed in the national form: ``PromptPay 6612345678903`` (a 13-digit citizen id)
#: and ``GCash +63 2 8123 4567`` (a landline) stay as written.
_WALLET_MOBILES: dict[str, tuple[str, re.Pattern[str]]] = {
    "60": ("0", re.compile(r"1[02-46-9][0-9]{7}|1[15][0-9]{8}")),
    "62": ("0", re.compile(r"8[0-9]{8,11}")),
    "63": ("0", re.compile(r"9[0-9]{9}")),
    "65": ("", re.compile(r"[89][0-9]{7}")),
    "66": ("0", re.compile(r"[689][0-9]{8}")),
    "84": ("0", re.compile(r"[35789][0-9]{8}|1[2689][0-9]{8}")),
}
#: Proxies that also take a citizen's id of digits (DuitNow a MyKad's 12, its birth
#: date first; PromptPay a Thai id's 13): a number of that shape written without ``+``
#: is the id, never a phone number after the calling code (``DuitNow 601101145678``, a
#: MyKad, stays; ``DuitNow 601185355002``, no date, is ``+60 11-8535 5002``).
_PROXY_IDS = {
    "DUITNOW": re.compile(r"[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{6}"),
    "PROMPTPAY": re.compile(r"[0-9]{13}"),
}
#: A Vietnamese mobile's national form before 2018 (``0168 123 4567``).
_VN_LEGACY_NATIONAL = re.compile("0" + VN_LEGACY_PATTERN.removeprefix("^"))
#: Nigerian wallets whose account number is the holder's phone number without its
#: ``0`` (ten digits, a NUBAN): the phone number written after their name, nationally
#: (``OPay 0803 123 4567``) or internationally (``OPay +234 803 123 4567``), is the
#: account (``OPAY8031234567``, as ``OPay 8031234567``).
_PHONE_NUBAN_WALLETS = frozenset({"OPAY", "PALMPAY", "MONIEPOINT"})
_NG_CALLING_CODE = "234"
_NUBAN_DIGITS = 10
#: Wallets whose accounts are phone numbers of countries with another national form
#: (name -> calling code, trunk prefix, digits after either): Russia's and Kazakhstan's
#: (``+7``, national ``8``: QIWI, Kaspi) and the US's (``+1``, no trunk prefix: Zelle,
#: Venmo). Their number in international form or without the trunk prefix is keyed in the
#: national form (``QIWI +7 912 345-67-89`` = ``QIWI 8 912 345 67 89`` =
#: ``QIWI89123456789``; ``Zelle +1 212-736-5000`` = ``Zelle 2127365000``).
_WALLET_TRUNKS: dict[str, tuple[str, str, int]] = {
    "QIWI": ("7", "8", 10), "KASPI": ("7", "8", 10),
    "ZELLE": ("1", "", 10), "VENMO": ("1", "", 10),
}  # fmt: skip
#: For the fast path: values naming one of these wallets go per value.
_WALLET_RE2 = (
    "^(?:"
    + "|".join(sorted([*_WALLET_CALLING_CODES, *_WALLET_TRUNKS], key=len, reverse=True))
    + ")"
)
#: An area or country code in brackets (``(11) 98765-4321``, ``(+62) 812 ...``).
_BRACKETED_CODE_PATTERN = r"\(\s*(\+?[0-9]{1,4})\s*\)"
_BRACKETED_CODE = re.compile(_BRACKETED_CODE_PATTERN)
#: Thai writes a bank's name glued to the word for bank (``ธนาคารกสิกรไทย``).
_THAI_BANK_WORD = re.compile(r"^ธนาคาร\s*")
#: The names of one bank or e-wallet, in its key as the first: a Thai bank by its Thai
#: name (``ธนาคาร``, "bank", is a label), its English name or its short name; an
#: Indonesian, Malaysian or Philippine bank by its full name after ``Bank`` (a label);
#: a Vietnamese bank by its short name; a renamed e-wallet by its old name. Names
#: written with spaces are looked up without them, in upper case. ``CIMB`` (Malaysia)
#: and ``CIMB Niaga`` (Indonesia) are two banks, as are TTB and Thanachart (whose
#: accounts moved to TTB in 2021, perhaps under other numbers).
_PROVIDERS: tuple[tuple[str, ...], ...] = (
    # Thailand
    ("KBANK", "KASIKORN", "KASIKORNBANK", "KASIKORNTHAI", "กสิกรไทย", "กสิกร"),
    ("BBL", "BANGKOKBANK", "กรุงเทพ"),
    ("SCB", "SIAMCOMMERCIAL", "SIAMCOMMERCIALBANK", "ไทยพาณิชย์"),
    ("KTB", "KRUNGTHAI", "KRUNGTHAIBANK", "กรุงไทย"),
    ("BAY", "KRUNGSRI", "KRUNGSRIBANK", "KRUNGSRIAYUDHYA", "OFAYUDHYA", "BANKOFAYUDHYA",
     "กรุงศรี", "กรุงศรีอยุธยา"),
    ("TTB", "TMBTHANACHART", "TMB", "ทีทีบี", "ทหารไทยธนชาต", "ทหารไทย"),
    ("GSB", "GOVERNMENTSAVINGSBANK", "ออมสิน"),
    # Singapore (POSB is DBS's: one bank, one bank code)
    ("DBS", "DBSBANK", "POSB", "DBSPOSB", "POSBBANK", "DEVELOPMENTBANKOFSINGAPORE"),
    ("OCBC", "OCBCBANK", "OVERSEACHINESEBANKING", "OVERSEACHINESEBANKINGCORPORATION"),
    ("UOB", "UNITEDOVERSEASBANK"),
    # Indonesia
    ("BCA", "CENTRALASIA", "BANKCENTRALASIA"),
    ("BRI", "RAKYATINDONESIA", "BANKRAKYATINDONESIA"),
    ("BNI", "NEGARAINDONESIA", "BANKNEGARAINDONESIA"),
    ("MANDIRI", "BANKMANDIRI"),
    ("BSI", "SYARIAHINDONESIA", "BANKSYARIAHINDONESIA"),
    ("BTN", "TABUNGANNEGARA", "BANKTABUNGANNEGARA"),
    ("CIMBNIAGA",),
    # Malaysia
    ("MAYBANK", "MALAYANBANKING"),
    ("CIMB", "CIMBBANK"),
    ("PUBLICBANK",),
    ("RHB", "RHBBANK"),
    # names of two banks each, read as names of their own: ``MBB`` is Maybank's and MB
    # Bank's (Vietnam), ``PBB`` Public Bank's and Philippine Business Bank's
    ("MBB",), ("PBB",),
    ("HLB", "HONGLEONG", "HONGLEONGBANK"),
    ("BSN", "SIMPANANNASIONAL", "BANKSIMPANANNASIONAL"),
    # Vietnam (and :data:`_VIETNAMESE_BANK_NAMES`)
    ("VIETCOMBANK", "VCB"),
    ("VIETINBANK",),
    ("BIDV",),
    ("AGRIBANK",),
    ("TECHCOMBANK", "TCB"),
    ("MBBANK", "MB"),
    ("ACB",),
    ("VPBANK",),
    ("SACOMBANK", "STB"),
    # the Philippines
    ("BDO", "BDOUNIBANK", "BANCODEORO"),
    ("BPI", "BANKOFTHEPHILIPPINEISLANDS", "OFTHEPHILIPPINEISLANDS"),
    ("METROBANK", "METROPOLITANBANK", "METROPOLITANBANKANDTRUST"),
    ("UNIONBANK", "UBP", "UNIONBANKOFTHEPHILIPPINES"),
    ("LANDBANK", "LBP", "LANDBANKOFTHEPHILIPPINES"),
    ("PNB", "PHILIPPINENATIONALBANK"),
    # e-wallets (besides :data:`_WALLET_CALLING_CODES`)
    ("MAYA", "PAYMAYA"),
    ("VIETTELMONEY", "VIETTELPAY"),
    ("TNG", "TOUCHNGO", "TNGEWALLET", "TOUCHNGOEWALLET"),
    ("SHOPEEPAY",), ("GRABPAY",), ("BOOST",),
    # Thailand's by their Thai names; the proxies of Malaysia and Singapore (the kind
    # of id after their name is a label: :data:`_PROXY_ID_LABEL`)
    ("PROMPTPAY", "พร้อมเพย์"),
    ("TRUEMONEY", "TRUEMONEYWALLET", "ทรูมันนี่", "ทรูมันนี่วอลเล็ท"),
    ("DUITNOW",), ("PAYNOW",),
    # South-East Asia's payment gateways, whose collecting accounts many merchants'
    # payouts name (``Xendit Collection 4753…`` = ``4753… (Xendit)``)
    ("XENDIT",), ("PAYMONGO",), ("VNPAY",), ("2C2P",), ("MIDTRANS",), ("DRAGONPAY",),
    ("OMISE",),
    # Latin America: Mercado Pago (``MP`` only as a name before a number: a key
    # ``MP100200300`` is ``MERCADOPAGO100200300``)
    ("MERCADOPAGO", "MP"),
    # Kenya's M-Pesa (Safaricom; :data:`_WALLET_CALLING_CODES`)
    ("MPESA", "MPESANO", "MPESANUMBER", "MPESANR"),
    # Japan and Korea: a Japanese account is unique within its bank and branch, a
    # Korean one within its bank (their names in kanji, kana and Hangul:
    # :data:`_JP_BANKS`, :data:`_KR_BANKS`)
    ("MUFG", "MITSUBISHIUFJ", "MITSUBISHIUFJBANK", "BTMU"),
    ("SMBC", "SUMITOMOMITSUI", "SUMITOMOMITSUIBANKING"),
    ("MIZUHO", "MIZUHOBANK"),
    ("RESONA", "RESONABANK"),
    ("YUCHO", "JAPANPOSTBANK", "YUCHOBANK"),
    ("RAKUTENBANK",),
    ("KB", "KOOKMIN", "KOOKMINBANK", "KBKOOKMIN", "KBKOOKMINBANK"),
    ("SHINHAN", "SHINHANBANK"),
    ("WOORI", "WOORIBANK"),
    ("HANA", "HANABANK", "KEBHANA", "KEBHANABANK"),
    ("NONGHYUP", "NHBANK", "NONGHYUPBANK"),
    ("IBK", "IBKBANK"),
    ("KAKAOBANK",),
    ("TOSSBANK",),
    # Nigeria: a NUBAN (ten digits) is unique within its bank only
    ("GTB", "GTBANK", "GTCO", "GUARANTYTRUST", "GUARANTYTRUSTBANK"),
    ("ZENITH", "ZENITHBANK"),
    ("ACCESS", "ACCESSBANK"),
    ("FIRSTBANK", "FBN", "FIRSTBANKOFNIGERIA"),
    ("UBA", "UNITEDBANKFORAFRICA"),
    ("FIDELITY", "FIDELITYBANK"),
    ("FCMB", "FIRSTCITYMONUMENTBANK"),
    ("STERLING", "STERLINGBANK"),
    ("WEMA", "WEMABANK"),
    ("STANBICIBTC", "STANBICIBTCBANK"),
    ("POLARIS", "POLARISBANK"),
    ("KUDA", "KUDABANK"),
    ("OPAY",), ("PALMPAY",), ("MONIEPOINT",),
    # Kenya (M-Pesa above), Ghana, Egypt, Pakistan, Bangladesh: banks, and wallets by
    # phone (:data:`_WALLET_CALLING_CODES`); ``MTN MoMo`` is MoMo, ``DBBL Rocket`` is
    # Rocket (Dutch-Bangla Bank's wallet: the number and a check digit, no calling code)
    ("KCB", "KCBBANK", "KENYACOMMERCIALBANK"),
    ("EQUITY", "EQUITYBANK"),
    ("MOMO", "MTNMOMO", "MTNMOBILEMONEY"),
    ("AIRTELMONEY",),
    ("VODAFONECASH", "VFCASH"),
    ("INSTAPAY",),
    ("JAZZCASH",), ("EASYPAISA",),
    ("HBL", "HABIBBANK", "HABIBBANKLIMITED"),
    ("UBL", "UNITEDBANKLIMITED"),
    ("MEEZAN", "MEEZANBANK"),
    ("BKASH",), ("NAGAD",),
    ("ROCKET", "DBBLROCKET"),
    # Sri Lanka: ``Bank of Ceylon`` is ``BOC`` (also Bank of China's Latin name: before
    # a number of a Chinese card's or account's digits the name is dropped, as it is
    # after ``BOC``: :func:`_without_cn_bank`); ``Commercial Bank`` alone is a name of
    # banks in several countries, ``Commercial Bank of Ceylon`` is ComBank
    ("BOC", "OFCEYLON", "BANKOFCEYLON"),
    ("COMBANK", "COMMERCIALBANKOFCEYLON"),
    ("SAMPATH", "SAMPATHBANK"),
    ("HNB", "HATTONNATIONALBANK"),
    # India (with an IFSC the bank's name is dropped: the IFSC names it)
    ("SBI", "STATEBANKOFINDIA"),
    ("HDFC", "HDFCBANK"),
    ("ICICI", "ICICIBANK"),
    ("AXIS", "AXISBANK"),
    ("KOTAK", "KOTAKBANK", "KOTAKMAHINDRA", "KOTAKMAHINDRABANK"),
    # South Africa: an account is unique within its bank (the universal branch codes:
    # :data:`_ZA_BRANCH_CODES`)
    ("FNB", "FIRSTNATIONALBANK", "FIRSTNATIONAL", "FNBSA"),
    ("ABSA", "ABSABANK"),
    ("STANDARDBANK", "SBSA", "STANDARDBANKSA", "STANDARDBANKOFSOUTHAFRICA"),
    ("NEDBANK",),
    ("CAPITEC", "CAPITECBANK"),
    ("INVESTEC", "INVESTECBANK"),
    ("AFRICANBANK",),
    ("TYMEBANK", "TYME"),
    ("DISCOVERYBANK",),
    ("BIDVEST", "BIDVESTBANK"),
    # Russia, Kazakhstan, Ukraine: banks issuing cards (:data:`_CARD_ISSUERS`) and
    # wallets (QIWI, Kaspi: :data:`_WALLET_TRUNKS`; YooMoney, Yandex.Money before 2020:
    # :data:`_YOOMONEY_NUMBER`), in Latin and Cyrillic letters; T-Bank was Tinkoff
    ("SBERBANK", "SBER", "SBERBANKROSSII", "СБЕРБАНК", "СБЕР", "СБЕРБАНКРОССИИ"),
    ("TBANK", "TINKOFF", "TINKOFFBANK", "ТБАНК", "ТИНЬКОФФ", "ТИНЬКОФФБАНК"),
    ("ALFABANK", "АЛЬФАБАНК"),
    ("VTB", "VTBBANK", "ВТБ", "БАНКВТБ"),
    ("KASPI", "KASPIBANK", "KASPIKZ", "KASPIGOLD", "КАСПИ", "КАСПИБАНК", "КАСПИГОЛД"),
    ("HALYK", "HALYKBANK", "ХАЛЫК", "ХАЛЫКБАНК"),
    ("PRIVATBANK", "PRIVAT", "ПРИВАТБАНК", "ПРИВАТ"),
    ("MONOBANK", "МОНОБАНК"),
    ("QIWI", "QIWIWALLET", "КИВИ", "QIWIКОШЕЛЕК", "КИВИКОШЕЛЕК"),
    ("YOOMONEY", "YUMONEY", "ЮMONEY", "ЮМАНИ", "YANDEXMONEY", "ЯНДЕКСДЕНЬГИ"),
    # the US's wallets by phone (:data:`_WALLET_TRUNKS`)
    ("ZELLE",), ("VENMO",),
)  # fmt: skip
#: Banks whose own account numbers never have a card's 16-19 digits (Russia's 20,
#: IBANs in Kazakhstan and Ukraine): before a card's number (:data:`_CARD_NUMBER`, a
#: valid Luhn check digit) their name is a label, as a card's number is unique whatever
#: bank issued it (``Sberbank 2202 2012 3456 7895`` = ``Сбербанк 2202…`` =
#: ``2202201234567895``). Other banks' names stay before any number (:data:`_PROVIDERS`).
_CARD_ISSUERS = frozenset(
    {"SBERBANK", "TBANK", "ALFABANK", "VTB", "KASPI", "HALYK", "PRIVATBANK", "MONOBANK"}
)
#: A YooMoney wallet's number (``4100`` and 7-16 more digits): after YooMoney's name the
#: number alone, as its first digits name the wallet (``ЮMoney 4100 1176 5432 1234`` =
#: ``410011765432 1234``).
_YOOMONEY_NUMBER = re.compile(r"4100[0-9]{7,16}")
#: For the fast path: account keys starting with the Latin names of these banks and
#: wallets (or Zelle's, Venmo's) before a number go per value.
_CIS_NAMES_RE2 = "^(?:{})[+0-9]".format(
    "|".join(
        sorted(
            (
                n
                for names in _PROVIDERS
                if names[0] in _CARD_ISSUERS or names[0] in _WALLET_TRUNKS or names[0] == "YOOMONEY"
                for n in names
                if n.isascii()
            ),
            key=len,
            reverse=True,
        )
    )
)
#: South African banks' universal branch codes: each names its bank, whatever branch
#: the account is held at, so an account with one is keyed as with the bank's name
#: (``Acc: 62123456789, Branch code: 250655`` = ``FNB 62123456789``).
_ZA_BRANCH_CODES = {
    "250655": "FNB", "632005": "ABSA", "051001": "STANDARDBANK", "198765": "NEDBANK",
    "470010": "CAPITEC", "580105": "INVESTEC", "430000": "AFRICANBANK", "678910": "TYMEBANK",
    "679000": "DISCOVERYBANK", "462005": "BIDVEST",
}  # fmt: skip
#: Vietnamese banks by their Vietnamese names, without marks (``Ngân hàng TMCP Ngoại
#: thương Việt Nam``; ``Ngân hàng`` is a label, ``TMCP``, "joint-stock commercial", is
#: dropped). Only a whole name: words before them are part of another bank's name as
#: often as a holder's (``Sài Gòn Công Thương`` is Saigonbank, not VietinBank).
_VIETNAMESE_BANK_NAMES: dict[str, str] = {
    "NGOAITHUONG": "VIETCOMBANK", "NGOAITHUONGVIETNAM": "VIETCOMBANK",
    "CONGTHUONG": "VIETINBANK", "CONGTHUONGVIETNAM": "VIETINBANK",
    "DAUTUVAPHATTRIEN": "BIDV", "DAUTUVAPHATTRIENVIETNAM": "BIDV",
    "KYTHUONG": "TECHCOMBANK", "KYTHUONGVIETNAM": "TECHCOMBANK",
    "QUANDOI": "MBBANK", "ACHAU": "ACB", "VIETNAMTHINHVUONG": "VPBANK",
    "SAIGONTHUONGTIN": "SACOMBANK",
}  # fmt: skip
#: Every name of :data:`_PROVIDERS` and the wallets -> the name in the key.
_PROVIDER_KEYS: dict[str, str] = {
    **{name: name for name in _WALLET_CALLING_CODES},
    **{unicodedata.normalize("NFKC", n): names[0] for names in _PROVIDERS for n in names},
}
#: The wallets' names in keys, but M-Pesa's (:func:`_rail_key`: other wallets'
#: paybills are other billers).
_WALLET_KEYS = (
    frozenset(_WALLET_CALLING_CODES) | frozenset(_WALLET_TRUNKS) | _PHONE_NUBAN_WALLETS
) - {"MPESA"}
#: The most words one of those names is written in (``Bank of the Philippine Islands``).
_PROVIDER_WORDS = 5
#: Words after a bank's or wallet's name that are no part of it (upper case, as in a
#: key): a company's form (``Plc``, ``Limited``, a Nigerian microfinance bank's
#: ``MFB``), ``Bank``, the bank's country (``Access Bank Nigeria``, ``Equity Bank
#: Kenya``), a wallet's account type (``bKash personal``) and the labels of an
#: account's number (``Equity Bank A/C 123``, ``BOC Acct No 123``). After a known
#: name (:data:`_PROVIDERS`) they are dropped: ``ACCESS BANK PLC 0690000031`` =
#: ``Access Bank 0690000031`` (:func:`_provider`). South-East Asia's company forms
#: (Malaysian ``Berhad``/``Bhd``, Philippine ``Inc.``, Indonesian ``Tbk``, Thai ``PCL``,
#: Vietnamese ``JSC``), a wallet's ``Wallet``/``eWallet``, a gateway's ``Collection``,
#: an account's type (``Savings``, :data:`_ACCOUNT_TYPES`) and the Vietnamese and
#: Indonesian words for an account's number (``STK``, ``Số TK``, ``Rek``) too; not a
#: South-East Asian country, whose names are other banks' (``Maybank Indonesia``).
_NAME_SUFFIXES = (
    "PLC", "LIMITED", "LTD", "MFB", "MICROFINANCEBANK", "MICROFINANCE", "BANK",
    "NIGERIA", "KENYA", "GHANA", "UGANDA", "TANZANIA", "RWANDA", "ZAMBIA", "EGYPT",
    "PAKISTAN", "BANGLADESH", "SRILANKA", "PERSONAL",
    "ACCOUNTNUMBER", "ACCOUNTNO", "ACCOUNT", "ACCTNO", "ACCT", "ACNO", "AC", "NUMBER", "NO",
    "BERHAD", "BHD", "INC", "CORPORATION", "CORP", "TBK", "PCL", "JSC",
    "EWALLET", "WALLET", "COLLECTION", "SAVINGS", "SAVING", "CURRENT", "CHECKING",
    "SOTAIKHOAN", "TAIKHOAN", "SOTK", "STK", "TK", "NOREK", "REKENING", "REK",
)  # fmt: skip
#: Account types among :data:`_NAME_SUFFIXES`: dropped only when no ``Bank`` comes
#: after them (``BDO Savings 0058…`` is BDO's savings account; ``BDO Savings Bank`` a
#: savings bank's name, kept).
_ACCOUNT_TYPES = frozenset({"SAVINGS", "SAVING", "CURRENT", "CHECKING"})
#: Thai words after a Thai bank's name that are no part of it (NFKC): an account's type
#: (``ออมทรัพย์``, savings; ``กระแสรายวัน``, current; ``ฝากประจำ``, fixed), the words
#: for its number (``เลขที่บัญชี``, ``บัญชี``, ``เลขที่``), a company's form (``จำกัด``,
#: ``มหาชน``) and a branch with its name (``สาขาสยามสแควร์``).
_THAI_NAME_SUFFIX = re.compile(
    unicodedata.normalize(
        "NFKC",
        "(?:สาขา.*|(?:ออมทรัพย์|กระแสรายวัน|ฝากประจำ|เลขที่บัญชี|เลขบัญชี|บัญชี|เลขที่|จำกัด|มหาชน)+)",
    ),
    re.DOTALL,
)
#: Vietnam's banks (names in the key) and the words for a branch after their name
#: (``CN``, ``chi nhánh``; ``PGD``, a transaction office) with the branch's name:
#: ``Vietcombank CN Tân Bình 0071…`` is ``Vietcombank 0071…`` (:func:`_provider`).
_VN_BANKS = frozenset(
    {"VIETCOMBANK", "VIETINBANK", "BIDV", "AGRIBANK", "TECHCOMBANK", "MBBANK", "ACB", "VPBANK",
     "SACOMBANK"}
)  # fmt: skip
_VN_BRANCH_WORD = re.compile("CHINHANH|CN|PGD")
_NAME_SUFFIX = re.compile(f"(?:{'|'.join(sorted(_NAME_SUFFIXES, key=len, reverse=True))})$")


def _alternation(names: Iterable[str]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


#: For the fast path: account keys starting with a name of a wallet whose number may be
#: keyed in another form (:func:`_wallet_national`, :func:`_nuban_of_phone`) go per
#: value, and so do keys of a known name before words that are no part of it
#: (:data:`_NAME_SUFFIXES`: ``ACCESSBANKPLC0690000031``).
_PHONE_WALLET_NAMES = _alternation(
    n
    for n, k in _PROVIDER_KEYS.items()
    if n.isascii() and (k in _WALLET_CALLING_CODES or k in _PHONE_NUBAN_WALLETS)
)
_WALLET_NAMES_RE2 = f"^(?:{_PHONE_WALLET_NAMES})"
_ASCII_PROVIDER_NAMES = _alternation(n for n in _PROVIDER_KEYS if n.isascii())
_NAME_SUFFIX_RE2 = (
    f"^(?:{_ASCII_PROVIDER_NAMES}|(?:TMCP)?(?:{_alternation(_VIETNAMESE_BANK_NAMES)}))"
    f"(?:{_alternation(_NAME_SUFFIXES)})+\\+?[0-9]"
)
#: ... and keys of a Vietnamese bank's name before a branch (:data:`_VN_BRANCH_WORD`).
_VN_BANK_NAMES = _alternation(n for n, k in _PROVIDER_KEYS.items() if k in _VN_BANKS)
_VN_BRANCH_RE2 = f"^(?:{_VN_BANK_NAMES})(?:CHINHANH|CN|PGD)[A-Z]*[0-9]"


#: A Chinese bank's name (any name ending in 银行, "bank", a short name or a Latin one:
#: :data:`~sellergraph._zh.BANK_SHORT_NAMES`, :data:`~sellergraph._zh.BANK_LATIN_NAMES`)
#: before a card or account number, perhaps with a word for the number between
#: (:data:`~sellergraph._zh.ACCOUNT_WORDS`), in an account key (upper case, separators
#: gone, simplified characters). A Chinese bank card's number is its account number, and
#: its first digits name the bank: the number is keyed alone (:func:`_without_cn_bank`).
_CN_BANK_NAME = "[\u4e00-\u9fff]*银行|" + _alternation(
    [*_zh.BANK_SHORT_NAMES, *_zh.BANK_LATIN_NAMES]
)
_CN_BANK_NUMBER = re.compile(
    f"(?:{_CN_BANK_NAME})(?:{_alternation(_zh.ACCOUNT_WORDS)})*(?P<number>[0-9]+)"
)
#: The fewest digits of a Chinese bank card's or account's number (cards have 16-19,
#: company accounts 12-20): a bank's name before a shorter number stays.
_CN_ACCOUNT_DIGITS = 12
#: For the fast path (ASCII keys): a Latin name before the number.
_CN_BANK_LATIN_RE2 = (
    f"^(?:{_alternation(_zh.BANK_LATIN_NAMES)})"
    f"(?:{_alternation(w for w in _zh.ACCOUNT_WORDS if w.isascii())})*"
    f"[0-9]{{{_CN_ACCOUNT_DIGITS},}}$"
)
#: For the fast path: account keys that are another name of a bank and a number (made
#: its name), and keys with letters before a bank's name (per value: ``BUDI SANTOSO -
#: BCA ...``).
_PROVIDER_ALIASES = {
    **{n: k for n, k in _PROVIDER_KEYS.items() if n != k and n.isascii()},
    **_VIETNAMESE_BANK_NAMES,
}
_PROVIDER_ALIAS_RE2 = f"^(?:{_alternation(_PROVIDER_ALIASES)})[0-9]+$"
_AFTER_NAME_RE2 = (
    f"^[A-Z]+(?:{_alternation(n for n in _PROVIDER_KEYS if n.isascii())})"
    f"(?:{_alternation(_NAME_SUFFIXES)})*[0-9]"  # perhaps before a company's form
)
#: ... but for a key that is one such name and a number (``CIMB8272384583``: ``CI`` and
#: ``MB``, another bank's name, are no words of it).
_ONE_NAME_RE2 = f"^(?:{_alternation(n for n in _PROVIDER_KEYS if n.isascii())})[0-9]+$"
_WORDS = re.compile(r"[\s\-./:=#]+")  # :data:`_PAYMENT_SEPARATORS`
_LETTERS = re.compile(r"(?:[^\W\d_]|[\u0e31-\u0e4e])+")  # as a name of :data:`_NAMED_NUMBER`
#: Letters before a number (perhaps international): a holder's name and a bank's.
_WORDS_BEFORE_NUMBER = re.compile(r"(?P<words>[^0-9+]+?)\s*(?P<number>\+?[0-9].*)", re.DOTALL)
#: CLABE (Mexico, 18 digits): check digit over the first 17 with weights 3, 7, 1.
_CLABE_WEIGHTS = (3, 7, 1) * 6


def _clabe_ok(key: str) -> bool:
    """Whether an 18-digit key has a valid CLABE check digit."""
    total = sum((ord(c) - 48) * w for c, w in zip(key[:17], _CLABE_WEIGHTS, strict=False))
    return (10 - total % 10) % 10 == ord(key[17]) - 48


#: An IBAN's shape: a country's two letters, two check digits, 11 to 30 letters and digits.
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
#: A Polish domestic account number (NRB): the 26 digits of the Polish IBAN after ``PL``.
_NRB_DIGITS = 26


def _iban_ok(key: str) -> bool:
    """Whether an account key is an IBAN with valid check digits (ISO 13616: the key
    with its first four characters moved to the end, letters as 10-35, is 1 modulo 97).

    Examples
    --------
    >>> _iban_ok("DE89370400440532013000"), _iban_ok("DE88370400440532013000")
    (True, False)
    """
    if _IBAN.fullmatch(key) is None:
        return False
    return int("".join(str(int(c, 36)) for c in key[4:] + key[:4])) % 97 == 1


#: The countries of SWIFT's IBAN registry (ISO 13616; 89 countries in 2025) by the length
#: of their IBANs: a key of one of these countries' letters, two digits and letters or
#: digits to that country's length is an IBAN by its form (:func:`_iban_check_fails`).
_IBAN_COUNTRIES_BY_LENGTH: dict[int, str] = {
    15: "NO", 16: "BE", 18: "DK FI FK FO GL NL SD", 19: "MK SI", 20: "AT BA EE KZ LT LU MN XK",
    21: "CH HR LI LV", 22: "BG BH CR DE GB GE IE ME RS VA", 23: "AE GI IL IQ OM SO TL",
    24: "AD CZ ES MD PK RO SA SE SK TN VG", 25: "LY PT ST", 26: "IS TR",
    27: "BI DJ FR GR IT MC MR SM", 28: "AL AZ BY CY DO GT HN HU LB NI PL SV",
    29: "BR EG PS QA UA", 30: "JO KW MU YE", 31: "MT SC", 32: "LC", 33: "RU",
}  # fmt: skip
_IBAN_LENGTHS: dict[str, int] = {
    country: length
    for length, countries in _IBAN_COUNTRIES_BY_LENGTH.items()
    for country in countries.split()
}
#: :func:`_iban_check_fails`'s form for RE2 (the fast path).
_IBAN_FORM_RE2 = (
    "^(?:"
    + "|".join(
        f"(?:{'|'.join(countries.split())})[0-9]{{2}}[A-Z0-9]{{{length - 4}}}"
        for length, countries in _IBAN_COUNTRIES_BY_LENGTH.items()
    )
    + ")$"
)


def _iban_check_fails(key: str) -> bool:
    """Whether an account key is an IBAN by its form (a registry country's letters, two
    check digits, letters and digits to the country's length) whose check digits fail
    (ISO 13616, modulo 97: every single-character typo and every swap of two neighbours
    fails). The country's own check of its BBAN (a Spanish, French or Italian account's
    key) is not applied: the IBAN's check covers the BBAN, so a BBAN typo fails it too.

    Examples
    --------
    >>> _iban_check_fails("PK36SCBL0000001123456702"), _iban_check_fails("PK36SCBL0000001123456703")
    (False, True)
    >>> _iban_check_fails("DE89370400440532013000"), _iban_check_fails("DE8937040044053201300")
    (False, False)
    """
    return (
        _IBAN_LENGTHS.get(key[:2]) == len(key)
        and _IBAN.fullmatch(key) is not None
        and not _iban_ok(key)
    )


def _iban_flagged(result: _Result) -> _Result:
    """A payment account's result, flagged ``iban_check_failed`` when its key is an
    IBAN by its form whose check digits fail (:func:`_iban_check_fails`): the flag
    depends on the key alone, however the account was written or labelled."""
    key = result[0]
    if key is None or result[2] is not None or not _iban_check_fails(key):
        return result
    return key, None, "iban_check_failed"


def _polish_iban(key: str) -> str:
    """A Polish domestic account number (NRB: 26 digits, ``61 1090 1014 0000 0712 1981
    2874``) as the Polish IBAN it is the digits of (``PL6110901014...``), when ``PL`` and
    the digits pass the IBAN check; any other key as it is (another 26-digit number
    stays: 1 in 97 passes by chance).

    Examples
    --------
    >>> _polish_iban("61109010140000071219812874")
    'PL61109010140000071219812874'
    >>> _polish_iban("62109010140000071219812874")
    '62109010140000071219812874'
    """
    if len(key) == _NRB_DIGITS and key.isdigit() and _iban_ok("PL" + key):
        return "PL" + key
    return key


#: North-American bank accounts written bare, by their digit groups: Canada's transit
#: and institution numbers as on a cheque (``12345-004 1234567``: transit, institution,
#: account) and in the EFT order (``004-12345-1234567``), and a US routing number
#: before its account (``021000021 / 527831946``; only when its ABA check digit holds).
_CA_TRANSIT_FIRST = re.compile(r"\s*([0-9]{5})-([0-9]{3})(?:\s+|\s*-\s*)([0-9]{7,12})\s*")
_CA_INSTITUTION_FIRST = re.compile(r"\s*([0-9]{3})-([0-9]{5})-([0-9]{7,12})\s*")
_ROUTING_FIRST = re.compile(r"\s*([0-9]{9})(?:\s*[/-]\s*|\s+)([0-9]{4,17})\s*")
#: For the fast path: values of these shapes go per value, also after words
#: (:func:`_named_north_american_account`).
_NA_ACCOUNT_SHAPES = (
    r"(?:[0-9]{5}-[0-9]{3}(?:\s+|\s*-\s*)[0-9]{7,12}|[0-9]{3}-[0-9]{5}-[0-9]{7,12}"
    r"|[0-9]{9}(?:\s*[/-]\s*|\s+)[0-9]{4,17})\s*$"
)
_NA_ACCOUNT_RE2 = rf"^\s*{_NA_ACCOUNT_SHAPES}"
_NAMED_NA_ACCOUNT_RE2 = rf"^[A-Za-z][^0-9+]*{_NA_ACCOUNT_SHAPES}"
_ABA_WEIGHTS = (3, 7, 1) * 3


def _aba_ok(digits: str) -> bool:
    """The check digit of a US routing (ABA) number: weights 3, 7, 1 sum to a multiple
    of 10 (``021000021``)."""
    return sum(int(c) * w for c, w in zip(digits, _ABA_WEIGHTS, strict=True)) % 10 == 0


def _north_american_account(text: str) -> str | None:
    """The key of a bare North-American bank account (:data:`_CA_TRANSIT_FIRST` and
    the patterns after it): a Canadian one as institution, transit and account (the EFT
    order), a US one as routing number and account; ``None`` for other values.

    Examples
    --------
    >>> _north_american_account("12345-004 1234567"), _north_american_account("004-12345-1234567")
    ('004123451234567', '004123451234567')
    >>> _north_american_account("021000021 / 527831946"), _north_american_account("123456789 1234")
    ('021000021527831946', None)
    """
    transit_first = _CA_TRANSIT_FIRST.fullmatch(text)
    if transit_first is not None:
        transit, institution, account = transit_first.groups()
        return institution + transit + account
    institution_first = _CA_INSTITUTION_FIRST.fullmatch(text)
    if institution_first is not None:
        return "".join(institution_first.groups())
    routing_first = _ROUTING_FIRST.fullmatch(text)
    if routing_first is not None and _aba_ok(routing_first[1]):
        return "".join(routing_first.groups())
    return None


#: Card numbers by their first digits (the issuer's scheme) and length: of 12-15 digits
#: only Maestro (12-19), Visa's old 13, Diners Club's 14 and American Express's 15; of
#: 16-19 digits those starting as the schemes' numbers do (2: Mir and Mastercard; 3:
#: Diners Club, JCB, RuPay, China T-Union; 4: Visa; 5 and 6: Mastercard, Maestro,
#: Discover, UnionPay, RuPay, Verve, Elo; 81, 82: RuPay; 8600: Uzcard; 9704: NAPAS; 9792:
#: Troy; 9860: Humo). Any other number of 12-19 digits is no card (a bank's or branch's
#: code and an account: ``12-34-56 41920385``, ``063-720 404689100``, a Japanese
#: account's ``0005...``): it gets no Luhn check. Decided by the key alone, so a key read
#: again gets the flag it got (a labelled account and its key: one weight).
_CARD_SHORT_PATTERN = (
    r"(?:5018|5020|5038|5893|6304|6759|676[1-3])[0-9]{8,11}|4[0-9]{12}|36[0-9]{12}|3[47][0-9]{13}"
)
_CARD_LONG_PREFIX = r"[456]|3[015689]|2[2-7]|8(?:[12]|600)|9(?:704|792|860)"
_CARD_NUMBER = re.compile(f"{_CARD_SHORT_PATTERN}|(?=(?:{_CARD_LONG_PREFIX}))[0-9]{{16,19}}")
#: For the fast path: the short cards, and the long ones' first digits (16-19 digits).
_CARD_SHORT_RE2 = f"^(?:{_CARD_SHORT_PATTERN})$"
_CARD_LONG_PREFIX_RE2 = f"^(?:{_CARD_LONG_PREFIX})"


#: A New Zealand bank account as written: bank, branch, account, suffix (``12-3140-0123457-00``,
#: ``12 3140 0123457 000``); the suffix is written with 2 or 3 digits.
_NZ_ACCOUNT = re.compile(r"\s*([0-9]{2})([\s-]+)([0-9]{4})\2([0-9]{7})\2([0-9]{2,3})\s*")
#: A South African account before or after its bank's universal branch code
#: (:data:`_ZA_BRANCH_CODES`; ``62123456789 250655``).
_ZA_BRANCH_ALTERNATION = "|".join(_ZA_BRANCH_CODES)
_ZA_ACCOUNT = re.compile(
    rf"\s*(?:(?P<a>[0-9]{{9,11}})\s+(?P<b>{_ZA_BRANCH_ALTERNATION})"
    rf"|(?P<c>{_ZA_BRANCH_ALTERNATION})\s+(?P<d>[0-9]{{9,11}}))\s*"
)
#: For the fast path: values of these shapes go per value.
_NZ_ZA_ACCOUNT_RE2 = (
    r"^\s*(?:[0-9]{2}[\s-]+[0-9]{4}[\s-]+[0-9]{7}[\s-]+[0-9]{2,3}"
    rf"|[0-9]{{9,11}}\s+(?:{_ZA_BRANCH_ALTERNATION})|(?:{_ZA_BRANCH_ALTERNATION})\s+[0-9]{{9,11}})\s*$"
)


def _nz_za_account(text: str) -> str | None:
    """The key of a bare New Zealand account (:data:`_NZ_ACCOUNT`: its 15 digits, a
    3-digit suffix starting with 0 in its 2-digit form, so ``-00`` and ``-000`` are one
    suffix) or South African account with its bank's universal branch code
    (:data:`_ZA_ACCOUNT`: the bank's name and the account); ``None`` for other values.

    Examples
    --------
    >>> _nz_za_account("12-3140-0123457-000"), _nz_za_account("12 3140 0123457 00")
    ('123140012345700', '123140012345700')
    >>> _nz_za_account("62123456789 250655"), _nz_za_account("4111 1111 1111 1111")
    ('FNB62123456789', None)
    """
    nz = _NZ_ACCOUNT.fullmatch(text)
    if nz is not None:
        bank, _, branch, account, suffix = nz.groups()
        if len(suffix) == 3 and suffix[0] == "0":
            suffix = suffix[1:]
        return bank + branch + account + suffix
    za = _ZA_ACCOUNT.fullmatch(text)
    if za is not None:
        return _ZA_BRANCH_CODES[za["b"] or za["c"]] + (za["a"] or za["d"])
    return None


#: A British or Irish IBAN: the country, check digits, the bank's four letters (its
#: BIC's), then the sort code (Irish NSC) and the account, the numbers its holder
#: writes without the IBAN.
_GB_IE_IBAN = re.compile(r"(?:GB|IE)[0-9]{2}[A-Z]{4}([0-9]{14})")
_GB_IE_IBAN_RE2 = r"^(?:GB|IE)[0-9]{2}[A-Z]{4}[0-9]{14}$"


def _sort_code_account(result: _Result) -> _Result:
    """A payment account's result, a valid British or Irish IBAN keyed as its sort code
    (NSC) and account: ``GB82 WEST 1234 5698 7654 32`` = ``12-34-56 98765432``
    (``12345698765432``), as an account is written without the IBAN. Other IBANs, and
    one whose check digits fail, stay as written.

    Examples
    --------
    >>> _sort_code_account(("GB82WEST12345698765432", None, None))
    ('12345698765432', None, None)
    >>> _sort_code_account(("GB83WEST12345698765432", None, None))
    ('GB83WEST12345698765432', None, None)
    """
    key = result[0]
    if key is None or key[:1] not in "GI":
        return result
    iban = _GB_IE_IBAN.fullmatch(key)
    if iban is None or not _iban_ok(key):
        return result
    number = iban[1]
    return number, None, "luhn_failed" if _card_check_fails(number) else None


def _card_check_fails(key: str) -> bool:
    """Whether an all-digit account key is a card number (:data:`_CARD_NUMBER`) failing
    the Luhn check, and not an 18-digit valid CLABE (Mexico's bank account).

    Examples
    --------
    >>> _card_check_fails("4111111111111112"), _card_check_fails("4111111111111111")
    (True, False)
    >>> _card_check_fails("12345641920385"), _card_check_fails("063720404689100")
    (False, False)
    """
    if not 12 <= len(key) <= 19 or _CARD_NUMBER.fullmatch(key) is None or _luhn_ok(key):
        return False
    return not (len(key) == 18 and _clabe_ok(key))


#: The Latin letters with a stroke or ligatures, which no decomposition leaves bare, as
#: the letters an account key is read with (``Đ`` is ``D``: ``Quân Đội`` is ``QUANDOI``).
_LATIN_LETTERS_ASCII = str.maketrans(
    {
        "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Ø": "O", "ø": "o", "Ł": "L", "ł": "l",
        "Ħ": "H", "ħ": "h", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "TH",
        "þ": "th", "ß": "ss", "ı": "i",
    }
)  # fmt: skip


def _latin_ascii(text: str) -> str:
    """``text`` with its Latin letters written without their accents (``Itaú`` is
    ``Itau``, ``Agência`` is ``Agencia``, Vietnamese ``Công Thương`` is ``Cong
    Thuong``, ``Đ`` is ``D``): an account's bank and labels are written both ways.
    Other scripts keep their marks (Thai vowels and tone marks, CJK).

    Examples
    --------
    >>> _latin_ascii("Itaú Agência 1234"), _latin_ascii("Quân Đội"), _latin_ascii("กสิกรไทย")
    ('Itau Agencia 1234', 'Quan Doi', 'กสิกรไทย')
    """
    return _fold_latin_marks(text).translate(_LATIN_LETTERS_ASCII)


#: A branch code's six digits in brackets ending an account (``Nedbank 1234567890
#: (198765)``): read as labelled (``..., branch 198765``).
_BRACKETED_BRANCH_END = re.compile(
    r"(?P<rest>.*[0-9][^()]*?)\s*\(\s*(?P<code>[0-9]{6})\s*\)\s*", re.DOTALL
)
#: A name in brackets ending a value (``DE89 3704 0044 0532 0130 00 (Commerzbank)``).
_BRACKETED_NAME_END = re.compile(r"(?P<rest>.*?[^\W_])\s*\(\s*[^\W\d_][^()\d]*\)\s*", re.DOTALL)


#: The last digits of a card or account, written with a mark for the digits left out
#: before them (``Visa x4821``, ``Chase ...4821``, ``Checking x4821``, ``x4821``; ``…``
#: is ``...`` in NFKC), perhaps after a few words, or after a card scheme's name alone
#: (``Visa 4821``, ``MC 4821``: no scheme's card has so few digits): strangers share
#: them (``masked_value``). Python and RE2 read the pattern alike (ASCII, no look-around).
_LAST_DIGITS_ACCOUNT_PATTERN = (
    r"\s*(?:[A-Za-z]+[\s:#(,.\-]+){0,5}(?:x+|\.{2,})[\s\-]*[0-9]{4}\s*\)?\s*"
    r"|\s*(?:visa|mc|master\s*card|amex|american\s*express|discover|diners(?:\s*club)?|jcb"
    r"|maestro|union\s*pay|mir|rupay)(?:\s*(?:credit|debit))?(?:\s*card)?[\s:#\-]*[0-9]{4}\s*"
)
_LAST_DIGITS_ACCOUNT = re.compile(_LAST_DIGITS_ACCOUNT_PATTERN, re.IGNORECASE)
_LAST_DIGITS_ACCOUNT_RE2 = f"(?i)^(?:{_LAST_DIGITS_ACCOUNT_PATTERN})$"
#: A bank's or wallet's name written with digits (``Privat24``, ``Приват24``; Maybank's
#: online banking, ``Maybank2u``): its digits are no part of the number after it
#: (separators between as a key drops them).
_NAME_WITH_DIGITS_PATTERN = r"(?:privat|приват)[\s\-./:=#]*24|maybank\s*2\s*u"
_NAME_WITH_DIGITS = re.compile(rf"(?<![^\W\d_]){_NAME_WITH_DIGITS_PATTERN}(?![0-9])", re.IGNORECASE)
#: For the fast path: these, and Stripe Connect's name glued to a number (the RE2
#: label strippers read ``Stripe`` alone), go per value.
_NAME_WITH_DIGITS_RE2 = rf"(?i){_NAME_WITH_DIGITS_PATTERN}|stripe\s*connect"


def _bank_of_name_with_digits(name: re.Match[str]) -> str:
    """The bank a name with digits (:data:`_NAME_WITH_DIGITS`) is written as."""
    return "Maybank" if name.group(0)[:1] in "mM" else "PrivatBank"


def _payment_one(text: str) -> _Result:
    if "@" not in text and not text.isascii():  # an e-mail keeps its letters, as e-mails do
        text = _NAME_WITH_DIGITS.sub(_bank_of_name_with_digits, _latin_ascii(text))
    elif "@" not in text and "2" in text:
        text = _NAME_WITH_DIGITS.sub(_bank_of_name_with_digits, text)
    if _LAST_DIGITS_ACCOUNT.fullmatch(text):  # "Visa x4821": a card's last digits
        return None, "masked_value", None
    if "@" not in text and text.endswith(")"):
        branch = _BRACKETED_BRANCH_END.fullmatch(text)
        if branch is not None:
            text = f"{branch['rest']}, branch {branch['code']}"
    if "@" not in text and text.endswith(")"):
        # a bank's name in brackets after a valid IBAN, whatever the bank: the IBAN
        named = _BRACKETED_NAME_END.fullmatch(text)
        if named is not None:
            iban = _payment_one(named["rest"])
            if iban[0] is not None and _iban_ok(iban[0]):
                return iban
    if "@" not in text and _PARTS_HINT.search(text):
        parts = _payment_in_parts(text)
        if parts is not None:
            return parts
    return _payment_single(text)


#: Brazil's area codes (DDD): a number after one of these in a PIX key is a phone.
_BR_AREA_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "22",
        "24",
        "27",
        "28",
        "31",
        "32",
        "33",
        "34",
        "35",
        "37",
        "38",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "47",
        "48",
        "49",
        "51",
        "53",
        "54",
        "55",
        "61",
        "62",
        "63",
        "64",
        "65",
        "66",
        "67",
        "68",
        "69",
        "71",
        "73",
        "74",
        "75",
        "77",
        "79",
        "81",
        "82",
        "83",
        "84",
        "85",
        "86",
        "87",
        "88",
        "89",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
        "97",
        "98",
        "99",
    }
)
#: A Brazilian phone number as a PIX key is written: after a PIX label (perhaps
#: naming its type, ``PIX (celular)``), or alone with its area code in brackets and a
#: mobile's nine digits (``(11) 91234-5678``). The DICT keys it as ``+55...``, as a
#: phone column does; written nationally it kept its national digits, so one key was
#: two (``PIX +55 11 91234-5678`` and ``PIX (11) 91234-5678``).
_BR_PHONE_ACCOUNT_PATTERN = (
    r"^\s*(?:(?P<label>(?:chave\s*pix|pix)\s*(?:\(\s*(?P<type>celular|telefone|fone|phone)\s*\))?)"
    r"\s*[:=#-]?\s*)?(?P<number>(?:\+\s*55|55)?[\s.-]*(?P<area>\(\s*[1-9][0-9]\s*\)|[1-9][0-9])"
    r"[\s.-]*(?:9[\s.-]?[0-9]{4}|[2-5][0-9]{3})[\s.-]?[0-9]{4})\s*$"
)
_BR_PHONE_ACCOUNT = re.compile(_BR_PHONE_ACCOUNT_PATTERN, re.IGNORECASE)
_BR_PHONE_ACCOUNT_RE2 = f"(?i){_BR_PHONE_ACCOUNT_PATTERN}"
#: Of those, the ones that may be keyed as phones (a label, brackets, a mobile's dash):
#: bare digits stay digits, so the fast path leaves them alone.
_BR_MOBILE_DASHED = r"^\s*[1-9][0-9]\s+9[0-9]{4}-[0-9]{4}\s*$"
_BR_PHONE_HINT_RE2 = rf"(?i)pix|\(|{_BR_MOBILE_DASHED}"


def _br_phone_account(text: str) -> str | None:
    """A PIX phone key's ``+55`` key (:data:`_BR_PHONE_ACCOUNT`), else None.

    Bare digits after a bare ``PIX`` stay as they are: eleven of them may be a CPF.

    Examples
    --------
    >>> [_br_phone_account(t) for t in ["PIX (11) 91234-5678", "(11) 91234-5678",
    ...     "Chave PIX: 11 91234-5678", "PIX (celular) 11912345678", "pix +55 11 3456-7890"]]
    ['+5511912345678', '+5511912345678', '+5511912345678', '+5511912345678', '+551134567890']
    >>> [_br_phone_account(t) for t in ["PIX 11912345678", "(11) 3456-7890",
    ...     "(56) 91234-5678", "PIX 123.456.789-09"]]
    [None, None, None, None]
    """
    found = _BR_PHONE_ACCOUNT.fullmatch(text)
    if found is None:
        return None
    number = found["number"]
    digits = "".join(c for c in number if c.isdigit())
    national = digits[2:] if len(digits) in (12, 13) else digits
    if len(national) not in (10, 11) or national[:2] not in _BR_AREA_CODES:
        return None
    mobile = len(national) == 11
    if mobile != (national[2] == "9"):
        return None
    if found["label"] is None:  # alone: a mobile with its area code in brackets or
        # its dash as Brazilians write it (11 98765-4321), or with the country code
        alone = found["area"].startswith("(") or re.match(_BR_MOBILE_DASHED, number)
        return f"+55{national}" if mobile and alone else None
    written = found["type"] is not None or "(" in number or len(digits) != len(national)
    return f"+55{national}" if written or not number.strip().isdigit() else None


def _payment_single(text: str) -> _Result:
    """:func:`_payment_one` of a value not in parts (:func:`_payment_in_parts`)."""
    text = _wechat_label(text)
    br_phone = _br_phone_account(text) if "@" not in text else None
    if br_phone is not None:
        return br_phone, None, None
    handle = _handle_key(text) if "$" in text or "venmo" in text.lower() else None
    if handle is not None:
        return handle, None, None
    if "@" in text:  # e-mail style account (PayPal, Alipay): trimmed and case-folded
        key = _fold("".join(_EMAIL_PREFIX.sub("", text).split()))
        local, _, domain = key.partition("@")
        if not local or not domain or "@" in domain:
            return None, "invalid_email", None
        return key, None, None
    if text[:1].isdigit() or text[:1].isspace():
        bank_account = _north_american_account(text) or _nz_za_account(text)
        if bank_account is not None:
            return bank_account, None, "luhn_failed" if _card_check_fails(bank_account) else None
    elif text[:1].isalpha():
        bank_account = _named_north_american_account(text)
        if bank_account is not None:
            return bank_account, None, "luhn_failed" if _card_check_fails(bank_account) else None
    if text[:1].isdigit() or text[:1] == "+":
        text = _name_after_number(text)
    if "(" in text:  # an area code in brackets: "(11) 98765-4321", a PIX phone key
        text = _BRACKETED_CODE.sub(r"\1 ", text)
    s = _ACCOUNT_PREFIX.sub("", _HOLDER.sub(_holder_out, text)).strip()
    if s[:1].isdigit() or s[:1] == "+":  # after a label: "STK 0071… Vietcombank"
        s = _name_after_number(s)
    s = _name_before_provider(s)
    if not s.isascii():
        s = _THAI_BANK_WORD.sub("", s)
    # labels once more after the separators go ("card-4111..." -> "4111...")
    key = _without_cn_bank(_upper(_ACCOUNT_PREFIX.sub("", _PAYMENT_SEPARATORS.sub("", s))))
    key = _without_card_scheme(_cn_wallet_national(key, text))
    if key[:1].isalpha():
        after = _words_after_number(key)
        if after is None:  # "M-Pesa 0712345678 / Airtel Money 0733123456"
            return None, "several_accounts", None
        key = after
    wallet = None
    if _few_digits(key) and not (_WXID_KEY.fullmatch(key) or _STRIPE_KEY.fullmatch(key)):
        wallet, reason = _wallet_id_key(key, text)
        if reason is not None:
            return None, reason, None
    if not key.isascii() or not _PAYMENT_OK.fullmatch(key):
        named = _NAMED_NUMBER.fullmatch(key)
        if named is None or not (
            _latin_or_thai(named["name"]) or _provider(named["name"]) is not None
        ):  # another script's name: a holder's, but for a known bank's or wallet's
            return None, _misplaced_or_invalid(key), None
        named_key = _apart_from_ifsc(_named_number_key(named))
        if _few_digits(named_key):  # "Сбербанк 12", as "Sberbank 12": no account
            return None, "invalid_value", None
        return named_key, None, _luhn_flag(named_key)
    if key.isdigit() and _card_check_fails(key):
        return key, None, "luhn_failed"
    if wallet is not None:
        return f"{wallet}:{key}", None, None
    key = _polish_iban(_wallet_key(key))
    if key[:1] in "PI" or len(key) == 11 or key in _BANK_PAYBILLS or "PAYBILL" in key:
        return _rail_key(key)
    return key, None, _luhn_flag(key)


#: An account's number before the name of its bank or wallet (``0123456789 - GTB``,
#: ``0123456789 GTBank``, ``+234 803 123 4567 OPay``), perhaps before a holder's name
#: (``0123456789 GTB Adebayo Ogunleye``): :func:`_name_after_number`.
_NUMBER_FIRST = re.compile(
    r"\s*(?P<number>\+?[0-9][0-9\s\-.]*[0-9])\s*(?:[-–—:,]\s*)?"
    r"(?P<words>(?:[A-Za-z]|[\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46])"
    r"(?:[A-Za-z\s.'’\-]|[\u0e01-\u0e4e])*?)\s*"
)


def _name_after_number(text: str) -> str:
    """``text``, an account's number before the words that name its bank or wallet
    (:data:`_NUMBER_FIRST`; the first of the words, as many as name it: any after them
    are a holder's name, dropped) written with the name first, as :func:`_payment_one`
    keys it; any other text as it is.

    Examples
    --------
    >>> _name_after_number("0123456789 - GTB"), _name_after_number("0123456789 GTB Ade Ogun")
    ('GTB 0123456789', 'GTB 0123456789')
    >>> _name_after_number("0123456789 Guaranty Trust Bank"), _name_after_number("0712 Ann")
    ('Guaranty Trust Bank 0123456789', '0712 Ann')
    """
    m = _NUMBER_FIRST.fullmatch(text)
    if m is None:
        return text
    # a label before the name ("… Ngân hàng Vietcombank", "… Bank BCA"): dropped
    words = [w for w in _WORDS.split(_ACCOUNT_PREFIX.sub("", m["words"])) if w]
    for k in range(min(len(words), _PROVIDER_WORDS), 0, -1):
        if _provider(_upper("".join(words[:k]))) is not None:
            return " ".join(words[:k]) + " " + m["number"]
    return text


#: A known bank's or wallet's name and its number before letters in an account's key:
#: a holder's name (``GTB0123456789ADEBAYOOGUNLEYE``; in Thai letters too,
#: ``KBANK7312583229นายสมชายใจดี``), or another name and its number
#: (``MPESA0712345678AIRTELMONEY0733123456``: two accounts). :func:`_words_after_number`.
#: One letter is no name: a check letter (a UEN's, ``PAYNOW201912345K``).
_NAME_NUMBER_WORDS = re.compile(
    r"(?P<name>(?:[A-Z]|[\u0e01-\u0e4e])+)(?P<number>\+?[0-9]{6,})"
    r"(?P<words>(?:[A-Z]|[\u0e01-\u0e4e]){2,})(?P<second>\+?[0-9]{6,})?"
)


def _words_after_number(key: str) -> str | None:
    """An account's key without a holder's name after a known bank's or wallet's name
    and its number (:data:`_NAME_NUMBER_WORDS`), ``None`` for two such names each before
    its number (two accounts glued: ``M-Pesa 0712345678 / Airtel Money 0733123456``);
    any other key as it is.

    Examples
    --------
    >>> _words_after_number("GTB0123456789ADEBAYOOGUNLEYE"), _words_after_number("X12345678AB")
    ('GTB0123456789', 'X12345678AB')
    >>> _words_after_number("OPAY8031234567PALMPAY8059876543") is None
    True
    """
    m = _NAME_NUMBER_WORDS.fullmatch(key)
    if m is None or _provider(m["name"]) is None:
        return key
    if m["second"] is not None:
        return None if _provider(m["words"]) is not None else key
    return m["name"] + m["number"]


def _luhn_flag(key: str) -> str | None:
    """``luhn_failed`` for a key of digits only that is a card's number failing its check
    (:func:`_card_check_fails`: a number a name before it was dropped from, ``ЮMoney
    4100…``, is flagged as written alone)."""
    return "luhn_failed" if key.isdigit() and _card_check_fails(key) else None


#: The fewest digits of an account number (a wallet id after its wallet's name aside):
#: ``Building A1``, ``Shop 12`` are no account.
_ACCOUNT_MIN_DIGITS = 3
#: A Stripe connected account's id (``acct_`` and base-62 characters, upper case in the
#: key): an account whatever its digits (``acct_1mWfEXmgYXBdKaLd`` holds two).
_STRIPE_KEY = re.compile(r"ACCT_[A-Z0-9]{10,32}")
_STRIPE_KEY_RE2 = f"^{_STRIPE_KEY.pattern}$"
#: The handles of US payment apps: a Cash App ``$cashtag`` (1-20 letters and digits,
#: a letter among them), alone, after Cash App's name or in its link (``$JaneDoe22``,
#: ``Cash App: $JaneDoe22``, ``cash.app/$JaneDoe22``), keyed ``$JANEDOE22`` (the ``$``
#: names Cash App); a Venmo username (5-30 letters, digits, ``-``, ``_``) after Venmo's
#: name or in its link (``Venmo @Jane-Doe-22``, ``Venmo: Jane-Doe-22``,
#: ``venmo.com/u/Jane-Doe-22``), keyed ``VENMO:@JANE-DOE-22``. An ``@handle`` alone
#: (``@Jane-Doe-22``) stays refused (``invalid_email``): it does not say whose handle it
#: is (Venmo's, Revolut's, PayPal's handles are different people's).
_CASHTAG = re.compile(
    r"\s*(?:(?:cash\s*app|square\s*cash|cash\s*tag)(?:\s*(?:id|handle|tag))?"
    r"(?:\s*[:=#]\s*|\s+[-–—]\s*|\s+)|(?:https?://)?(?:www\.)?cash\.app/)?"
    r"\$(?P<tag>[A-Za-z0-9]{0,19}[A-Za-z][A-Za-z0-9]{0,19})/?\s*",
    re.IGNORECASE,
)
_VENMO_USER = r"(?P<user>(?=[\w\-]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9_\-]{4,29})"
_VENMO = re.compile(
    r"\s*(?:venmo(?:\s*(?:id|handle|username|user(?:\s*name)?))?(?:\s*[:=#]\s*|\s+[-–—]\s*|\s+)@?"
    rf"|(?:https?://)?(?:www\.|account\.)?venmo\.com/(?:u/)?@?){_VENMO_USER}/?\s*",
    re.IGNORECASE,
)
#: For the fast path: values that may be one of them go per value.
_HANDLE_RE2 = r"(?i)\$|venmo"


def _handle_key(text: str) -> str | None:
    """The key of a payment app's handle (:data:`_CASHTAG`, :data:`_VENMO`), else ``None``.

    Examples
    --------
    >>> [_handle_key(t) for t in ("Cash App: $JaneDoe22", "$janedoe22", "cash.app/$JaneDoe22")]
    ['$JANEDOE22', '$JANEDOE22', '$JANEDOE22']
    >>> [_handle_key(t) for t in ("Venmo @Jane-Doe-22", "venmo: @jane-doe-22", "@Jane-Doe-22")]
    ['VENMO:@JANE-DOE-22', 'VENMO:@JANE-DOE-22', None]
    >>> [_handle_key(t) for t in ("$12", "venmo@jane-doe-22", "PayPal: @jane", "ann@corp.cn")]
    [None, None, None, None]
    """
    cashtag = _CASHTAG.fullmatch(text)
    if cashtag is not None:
        return "$" + cashtag["tag"].upper()
    venmo = _VENMO.fullmatch(text)
    return None if venmo is None else "VENMO:@" + venmo["user"].upper()


def _named_north_american_account(text: str) -> str | None:
    """A bare North-American bank account (:func:`_north_american_account`) after
    words of Latin letters that name no known bank (a US bank's, a label: ``WF 121000248
    / 8675309421``, ``ACH: 121000248 8675309421``): its key without them (the routing or
    institution number names the bank). ``None`` for other values."""
    named = _WORDS_BEFORE_NUMBER.fullmatch(text)
    if named is None or not _LATIN_WORDS.fullmatch(" ".join(_WORDS.split(named["words"])).strip()):
        return None
    if _provider(_upper("".join(_WORDS.split(named["words"])))) is not None:
        return None  # a known bank's name stays (_PROVIDERS)
    return _north_american_account(named["number"])


def _few_digits(key: str) -> bool:
    """Whether an account key holds fewer than :data:`_ACCOUNT_MIN_DIGITS` digits."""
    return sum(c.isdigit() for c in key) < _ACCOUNT_MIN_DIGITS


# --- wallet ids, China's wallets' numbers and card schemes' names ---------------


def _wallet_id_key(key: str, text: str) -> tuple[str | None, str | None]:
    """The wallet's name (:data:`_WALLET_ID_NAMES`) a key of too few digits to be an
    account on its own (:func:`_few_digits`) keeps, when ``text`` starts with it
    (``WeChat: shop_owner1`` is ``WECHAT:SHOP_OWNER1``, so the key reads back the
    same), and why one that is none is refused: a word is ``no_digit`` (``PayPal``),
    and a name, a number of one or two digits or anything without a wallet's name
    before it is ``invalid_value`` (``Building A1``, ``shop_owner1``, ``WeChat: 12``).
    Keys of other characters go on (:func:`_misplaced_or_invalid`). (``None, None``: a
    key of three digits or more, or ``wxid_``, reads on its own.)

    Examples
    --------
    >>> _wallet_id_key("SHOP_OWNER1", "WeChat: shop_owner1"), _wallet_id_key("A1", "A1")
    (('WECHAT', None), (None, 'invalid_value'))
    >>> _wallet_id_key("PAYPAL", "PayPal"), _wallet_id_key("12", "wx: 12")
    ((None, 'no_digit'), (None, 'invalid_value'))
    """
    label = _WALLET_ID_LABEL.match(text)
    if not key or (label is None and not _DIGIT.search(key)):
        return None, "no_digit"  # PayPal, bank transfer: how, not which account
    if not _PAYMENT_OK.fullmatch(key):
        return (None, None) if label is None else (_wallet_name(label.group(0)), None)
    if label is None or key.lstrip("+").isdigit():
        return None, "invalid_value"  # "Building A1", "12": no account
    return _wallet_name(label.group(0)), None


def _wallet_name(label: str) -> str:
    """The name in the key of a wallet's label (``WeChat:``, ``wx``, ``微信``)."""
    return _WALLET_ID_NAMES[re.sub(r"[\s:=#]+$", "", label).lower()]


def _wechat_label(text: str) -> str:
    """``text`` with WeChat's other name before a separator (:data:`_WECHAT_NAMES`)
    written as WeChat's label.

    Examples
    --------
    >>> _wechat_label("WeChat Pay: 138 0013 8000"), _wechat_label("微信支付 shop_owner")
    ('WeChat: 138 0013 8000', 'WeChat shop_owner')
    >>> _wechat_label("weixin123@qq.com")
    'weixin123@qq.com'
    """
    name = _WECHAT_NAMES.match(text)
    return text if name is None else "WeChat" + text[name.end() :]


def _cn_wallet_national(key: str, text: str) -> str:
    """``key`` (an account key), a mainland mobile number after an Alipay or WeChat
    label written internationally (:data:`_CN_WALLET_LABEL`) in its national form.

    Examples
    --------
    >>> _cn_wallet_national("+8613800138000", "Alipay +86 138 0013 8000")
    '13800138000'
    >>> _cn_wallet_national("+8613800138000", "+86 138 0013 8000")
    '+8613800138000'
    >>> _cn_wallet_national("+85261234567", "Alipay +852 6123 4567")
    '+85261234567'
    """
    if not key[:1].isdigit() and key[:1] != "+":
        return key
    mobile = _CN_WALLET_NUMBER.fullmatch(key)
    return key if mobile is None or not _CN_WALLET_LABEL.match(text) else mobile[1]


#: The names of South-East Asia's wallets and proxies whose accounts are numbers (a
#: phone's, a citizen's id) as a ``kind`` cell or a column may give them (canonical
#: spelling), and the wallet's name their bare numbers are read after
#: (:func:`wallet_values`): ``0815832291`` under ``PromptPay`` is ``PromptPay
#: 0815832291`` (``PROMPTPAY0815832291``), as written in an e-wallet column.
_NUMBER_WALLET_KIND_LABELS: dict[str, str] = {
    **dict.fromkeys(
        ("promptpay", "prompt_pay", "promptpay_id", "promptpay_no", "promptpay_number",
         "พร้อมเพย์"),
        "PromptPay",
    ),
    **dict.fromkeys(("truemoney", "true_money", "truemoney_wallet", "ทรูมันนี่"), "TrueMoney"),
    **dict.fromkeys(("duitnow", "duitnow_id", "duit_now"), "DuitNow"),
    **dict.fromkeys(("paynow", "paynow_id", "pay_now"), "PayNow"),
    **dict.fromkeys(("gcash", "gcash_number", "gcash_no"), "GCash"),
    **dict.fromkeys(("maya", "paymaya"), "Maya"),
    **dict.fromkeys(("momo", "vi_momo", "ví_momo", "momo_number"), "MoMo"),
    **dict.fromkeys(("zalopay", "zalo_pay"), "ZaloPay"),
    **dict.fromkeys(("viettelpay", "viettel_pay", "viettel_money"), "ViettelPay"),
    **dict.fromkeys(("ovo",), "OVO"), **dict.fromkeys(("dana",), "DANA"),
    **dict.fromkeys(("gopay", "go_pay"), "GoPay"), **dict.fromkeys(("linkaja",), "LinkAja"),
    **dict.fromkeys(("shopeepay", "shopee_pay"), "ShopeePay"),
    **dict.fromkeys(("grabpay", "grab_pay"), "GrabPay"), **dict.fromkeys(("boost",), "Boost"),
    **dict.fromkeys(("tng", "tng_ewallet", "touch_n_go", "touch_n_go_ewallet"), "TNG"),
}  # fmt: skip
#: The names of a wallet a links table's ``kind`` cell or a wide table's column may
#: give its payment accounts (canonical spelling), and the wallet's label they are read
#: after (:func:`wallet_values`): ``shop_owner1`` under ``微信`` is ``WeChat
#: shop_owner1`` (``WECHAT:SHOP_OWNER1``), ``+86 138 0013 8000`` under ``Alipay`` is
#: ``13800138000``, as the same ids written with their wallet's name elsewhere.
_WALLET_KIND_LABELS: dict[str, str] = {
    **dict.fromkeys(
        ("wechat", "wechat_id", "wechat_account", "wechat_pay", "wechatpay", "weixin",
         "weixin_id", "wx", "wxid", "wx_id", "微信", "微信号", "微信支付", "微信账号",
         "微信帐号"),
        "WeChat",
    ),
    **dict.fromkeys(
        ("alipay", "alipay_id", "alipay_account", "alipay_acct", "支付宝", "支付宝账号",
         "支付宝帐号", "支付宝账户", "支付宝帐户"),
        "Alipay",
    ),
    **dict.fromkeys(("paypal", "paypal_id", "paypal_account"), "PayPal"),
    **_NUMBER_WALLET_KIND_LABELS,
}  # fmt: skip
#: The reasons a value alone may be refused for that its wallet's name makes an
#: account (a wallet id of letters or few digits); a placeholder (``N/A``, ``无``)
#: stays one.
_WALLET_READS = frozenset({"invalid_value", "no_digit"})
#: A number's key (digits, perhaps after ``+``): what a wallet's column of numbers
#: holds bare.
_NUMBER_KEY = re.compile(r"\+?[0-9]+")


def wallet_kind_label(kind: object) -> str | None:
    """The wallet's label a kind's name (a ``kind`` cell, a column) names
    (:data:`_WALLET_KIND_LABELS`), else ``None``.

    Examples
    --------
    >>> wallet_kind_label("微信"), wallet_kind_label("Alipay Account"), wallet_kind_label("card")
    ('WeChat', 'Alipay', None)
    """
    return _WALLET_KIND_LABELS.get(canonical_kind(kind)) if isinstance(kind, str) else None


def wallet_values(
    kind: str, values: pd.Series, labels: np.ndarray, *, config: NormalizeConfig | None = None
) -> pd.Series:
    """``values`` of ``kind`` as read after their wallet's name: each text value whose
    label (:func:`wallet_kind_label` of its ``kind`` cell; ``None``: none) is not
    ``None`` with the label before it, when ``kind`` is read as a payment account, the
    value does not start with a wallet's name already, and it is an account alone or
    only refused for what the name makes good (:data:`_WALLET_READS`: a placeholder
    stays one). Others as they are.

    Examples
    --------
    >>> s = pd.Series(["shop_owner1", "N/A", "+86 138 0013 8000", "WeChat: wxid_ab12cd"])
    >>> labels = np.array(["WeChat", "WeChat", "Alipay", "WeChat"], dtype=object)
    >>> wallet_values("payment_account", s, labels).tolist()
    ['WeChat shop_owner1', 'N/A', 'Alipay +86 138 0013 8000', 'WeChat: wxid_ab12cd']

    Under a wallet whose accounts are numbers (:data:`_NUMBER_WALLET_KIND_LABELS`) only
    a value that is a number alone is read after its name (``PromptPay 081…`` stays):

    >>> s = pd.Series(["081-583-2291", "PromptPay 0815832291", "พร้อมเพย์ 0815832291"])
    >>> wallet_values("payment_account", s, np.array(["PromptPay"] * 3, dtype=object)).tolist()
    ['PromptPay 081-583-2291', 'PromptPay 0815832291', 'พร้อมเพย์ 0815832291']
    """
    if _builtin_kind(kind) != "payment_account":
        return values
    at = np.flatnonzero(pd.notna(labels))
    if not len(at):
        return values
    given = values.iloc[at].reset_index(drop=True)
    alone = normalize_values("payment_account", given, config=config)
    text = given.to_numpy(dtype=object)
    out = values.to_numpy(dtype=object, copy=True)
    numbered = set(_NUMBER_WALLET_KIND_LABELS.values())
    for j, (value, key, reason) in enumerate(
        zip(text.tolist(), alone["key"].tolist(), alone["reason"].tolist(), strict=True)
    ):
        label = labels[at[j]]
        if label in numbered:  # a number alone, not a value naming its wallet
            read = reason is None and _NUMBER_KEY.fullmatch(key) is not None
        else:
            read = (reason is None or reason in _WALLET_READS) and not _WALLET_NAME_FIRST.match(
                value.strip() if isinstance(value, str) else ""
            )
        if isinstance(value, str) and read:
            out[at[j]] = f"{label} {value}"
    return pd.Series(out, index=values.index, dtype=object)


#: Card schemes by the names written before a card's number (upper case, without
#: spaces), with the first digits (IIN ranges) and the lengths of their cards' numbers.
#: Before a number that is one of the scheme's cards (those digits, that length, a
#: valid Luhn check digit) the name is a label: a card's number is unique whatever
#: its scheme (unlike a bank account's, unique within its bank only: a bank's name
#: stays before its account, :data:`_PROVIDERS`).
_CARD_SCHEMES: dict[str, tuple[str, tuple[int, ...]]] = {
    "VISA": ("4", (13, 16, 19)),
    "MASTERCARD": ("5[1-5]|2[2-7]", (16,)),
    "MASTER": ("5[1-5]|2[2-7]", (16,)),
    "UNIONPAY": ("62|81", (16, 17, 18, 19)),
    "CHINAUNIONPAY": ("62|81", (16, 17, 18, 19)),
    "CUP": ("62|81", (16, 17, 18, 19)),
    "银联": ("62|81", (16, 17, 18, 19)),
    "中国银联": ("62|81", (16, 17, 18, 19)),
    "銀聯": ("62|81", (16, 17, 18, 19)),
    "中國銀聯": ("62|81", (16, 17, 18, 19)),
    "AMEX": ("3[47]", (15,)),
    "AMERICANEXPRESS": ("3[47]", (15,)),
    "JCB": ("35", (16, 17, 18, 19)),
    "DISCOVER": ("6011|64[4-9]|65|622", (16, 17, 18, 19)),
    "MAESTRO": ("5[06-9]|6", tuple(range(12, 20))),
    "MIR": ("220[0-4]", (16, 17, 18, 19)),
    "МИР": ("220[0-4]", (16, 17, 18, 19)),
    "RUPAY": ("60|65|8[12]|508|35[36]", (16,)),
    "DINERS": ("30[0-5]|3095|3[689]", tuple(range(14, 20))),
    "DINERSCLUB": ("30[0-5]|3095|3[689]", tuple(range(14, 20))),
}
#: A scheme's name before a number in an account key, perhaps with a word for a card
#: and its number between (``VISA CARD NO``, ``银联卡``).
_CARD_SCHEME_WORDS = (
    f"(?P<scheme>{_alternation(_CARD_SCHEMES)})"
    # a card's tier or kind (``Visa Classic``, ``Mastercard Gold``, ``Visa Electron``)
    "(?:CLASSIC|GOLD|PLATINUM|SIGNATURE|INFINITE|ELECTRON|STANDARD|WORLDELITE|WORLD|BLACK"
    "|PREMIUM|BUSINESS|DEBIT|CREDIT)?"
    "(?:(?:CREDIT|DEBIT)?CARD|信用卡|借记卡|储蓄卡|卡)?(?:NO|NUMBER|NR|卡号|号)?"
)
_CARD_SCHEME_NUMBER = re.compile(f"{_CARD_SCHEME_WORDS}(?P<number>[0-9]{{12,19}})")
#: For the fast path (ASCII keys): a scheme's Latin name before a number.
_CARD_SCHEME_RE2 = (
    f"^(?:{_alternation(n for n in _CARD_SCHEMES if n.isascii())})[A-Z]*[0-9]{{12,19}}$"
)


def _without_card_scheme(key: str) -> str:
    """An account key without the card scheme's name before a number that is one of
    the scheme's cards (:data:`_CARD_SCHEMES`); other keys as they are.

    Examples
    --------
    >>> _without_card_scheme("UNIONPAY6222021234567890128")
    '6222021234567890128'
    >>> _without_card_scheme("银联卡6222021234567890128")
    '6222021234567890128'
    >>> _without_card_scheme("VISA4111111111111111"), _without_card_scheme("VISA4111111111111112")
    ('4111111111111111', 'VISA4111111111111112')
    >>> _without_card_scheme("AMEX4111111111111111"), _without_card_scheme("BCA7310482956")
    ('AMEX4111111111111111', 'BCA7310482956')
    """
    if key[:1].isdigit() or key[:1] == "+":
        return key
    card = _CARD_SCHEME_NUMBER.fullmatch(key)
    if card is None:
        return key
    number = card["number"]
    prefixes, lengths = _CARD_SCHEMES[card["scheme"]]
    if len(number) not in lengths or not re.match(prefixes, number) or not _luhn_ok(number):
        return key
    return number


def _without_cn_bank(key: str) -> str:
    """An account key without the Chinese bank's name before its number
    (:data:`_CN_BANK_NUMBER`): ``招商银行6225881234567890`` (also in traditional
    characters), ``ICBC6222020200112233445``, ``OFCHINA...`` (``Bank of China``) are the
    number, as written alone, when it has :data:`_CN_ACCOUNT_DIGITS` digits or more (a
    Japanese bank's name, ``三井住友銀行``, stays before its 7-digit account: the number
    alone is no account). Other keys are returned as they are.

    Examples
    --------
    >>> _without_cn_bank("中国工商银行6222020200112233445"), _without_cn_bank("ICBCCARD6222")
    ('6222020200112233445', 'ICBCCARD6222')
    >>> _without_cn_bank("建设银行尾号1234"), _without_cn_bank("BCA7310482956")
    ('建设银行尾号1234', 'BCA7310482956')
    """
    if key[:1].isdigit():
        return key
    cn = _CN_BANK_NUMBER.fullmatch(key if key.isascii() else key.translate(_zh.TRAD_TO_SIMP))
    if cn is not None and len(cn["number"]) < _CN_ACCOUNT_DIGITS:
        return key  # no Chinese card or account: a Japanese bank's 7 digits (三井住友銀行)
    return key if cn is None else cn["number"]


def _misplaced_or_invalid(key: str) -> str:
    """Why a payment account key that is no account was refused: ``invalid_value``
    when it holds only what accounts hold, a ``+`` in the wrong place (``12+34567``),
    else ``invalid_characters`` (``$cashtag``, ``张三 6222...``: only Latin and Thai
    names before a number are a bank's or a wallet's).

    Examples
    --------
    >>> _misplaced_or_invalid("12+34567"), _misplaced_or_invalid("$CASH1")
    ('invalid_value', 'invalid_characters')
    """
    return "invalid_value" if _PAYMENT_CHARS.fullmatch(key) else "invalid_characters"


def _latin_or_thai(name: str) -> bool:
    """Whether the letters of ``name`` are all Latin (with Vietnamese and other
    diacritics) or Thai."""
    return all(c < "\u0250" or "\u1e00" <= c <= "\u1eff" or "\u0e01" <= c <= "\u0e4e" for c in name)


def _provider(name: str, *, whole: bool = True) -> str | None:
    """The name in the key of a bank or e-wallet named so (upper case, without spaces),
    or ``None``: :data:`_PROVIDERS`, and when the name is ``whole`` (not the last words
    of a text) :data:`_VIETNAMESE_BANK_NAMES`.

    Examples
    --------
    >>> [_provider(n) for n in ("KASIKORN", "ธนาคารกสิกรไทย", "ÁCHÂU", "TMCPNGOẠITHƯƠNG", "BUDI")]
    ['KBANK', 'KBANK', 'ACB', 'VIETCOMBANK', None]
    >>> _provider("CÔNGTHƯƠNG", whole=False) is None
    True
    """
    key = _PROVIDER_KEYS.get(name)
    if key is not None:
        return key
    if "\u0e01" <= name[:1] <= "\u0e4e":
        return _thai_provider(_THAI_BANK_WORD.sub("", name))
    if not name.isascii() and "\u0e01" <= name[-1:] <= "\u0e4e":  # "KTBออมทรัพย์"
        return _thai_provider(name)
    if name.isascii():  # a known name before words that are no part of it
        rest, bank = name, False
        while (suffix := _NAME_SUFFIX.search(rest)) is not None and suffix.start() > 0:
            if bank and suffix.group(0) in _ACCOUNT_TYPES:
                break  # "BDO Savings Bank": another bank's name
            bank = bank or suffix.group(0) == "BANK"
            rest = rest[: suffix.start()]
            if rest in _PROVIDER_KEYS:
                return _PROVIDER_KEYS[rest]
            if whole and rest.removeprefix("TMCP") in _VIETNAMESE_BANK_NAMES:
                return _VIETNAMESE_BANK_NAMES[rest.removeprefix("TMCP")]  # "ACHAUSTK"
        for branch in _VN_BRANCH_WORD.finditer(name):  # "VIETCOMBANKCNTANBINH"
            if _PROVIDER_KEYS.get(name[: branch.start()]) in _VN_BANKS:
                return _PROVIDER_KEYS[name[: branch.start()]]
    if not whole:
        return None
    if not name.isascii():
        name = unicodedata.normalize("NFD", name.replace("Đ", "D"))
        name = "".join(c for c in name if not unicodedata.combining(c))
    return _VIETNAMESE_BANK_NAMES.get(name.removeprefix("TMCP"))


def _thai_provider(name: str) -> str | None:
    """The name in the key of a Thai bank or wallet named so in Thai (without
    ``ธนาคาร``, or its short form ``ธ.``), or of a known bank, perhaps before Thai words
    that are no part of it (:data:`_THAI_NAME_SUFFIX`: ``กสิกรไทยออมทรัพย์``,
    ``กสิกรไทยสาขาสยามสแควร์``, ``KBANKออมทรัพย์`` are ``KBANK``), else ``None``.

    Examples
    --------
    >>> _thai_provider("กสิกรไทยออมทรัพย์"), _thai_provider("ธไทยพาณิชย์"), _thai_provider("สมชาย")
    ('KBANK', 'SCB', None)
    """
    key = _PROVIDER_KEYS.get(name)
    if key is not None:
        return key
    if name[:1] == "ธ" and name[1:] in _PROVIDER_KEYS:  # "ธ.ไทยพาณิชย์", dot gone
        return _PROVIDER_KEYS[name[1:]]
    for end in range(len(name) - 1, 0, -1):
        if name[:end] in _PROVIDER_KEYS and _THAI_NAME_SUFFIX.fullmatch(name, end):
            return _PROVIDER_KEYS[name[:end]]
    return None


def _bank_words(words: Sequence[str]) -> int:
    """How many of the last ``words`` name a bank or e-wallet (the most that do; 0:
    none). Only when what comes before names none (``OVO BCA``: two, which is the
    account's is not clear)."""
    for k in range(min(len(words), _PROVIDER_WORDS), 0, -1):
        if _provider(_upper("".join(words[-k:])), whole=False) is not None:
            rest = words[:-k]
            if any(_provider(_upper(w), whole=False) is not None for w in rest):
                return 0
            return k
    return 0


def _holder_out(holder: re.Match[str]) -> str:
    """An account holder's name (:data:`_HOLDER`) dropped, but for a bank's name that
    ends it, before the number (``a.n. BUDI SANTOSO BCA 7310482956``)."""
    if holder.end() == len(holder.string):  # after the number: no bank's name kept
        return " "
    words = [w for w in _WORDS.split(holder["name"]) if w]
    k = _bank_words(words)
    return " " + " ".join(words[-k:]) + " " if 0 < k < len(words) else " "


def _name_before_provider(s: str) -> str:
    """``s`` without the words before a bank's or e-wallet's name before its number:
    a holder's name (``BUDI SANTOSO - BCA 7310482956`` is ``BCA 7310482956``)."""
    m = _WORDS_BEFORE_NUMBER.fullmatch(s)
    if m is None:
        return s
    words = [w for w in _WORDS.split(m["words"]) if w]
    if not all(_LETTERS.fullmatch(w) for w in words):
        return s
    k = _bank_words(words)
    if not k or k == len(words):
        return s
    return " ".join(words[-k:]) + " " + m["number"]


def _named_number_key(named: re.Match[str]) -> str:
    """The key of a name before a number (``GCASH+639171234567``, ``KBANK7310482956``):
    a bank's or wallet's other names made one (:data:`_PROVIDERS`), a wallet's
    international number in its national form, others as written."""
    written, plus, number = named["name"], named["plus"], named["number"]
    name = _provider(written) or written
    if not plus and _issued_number(name, number):
        return number
    if name in _PHONE_NUBAN_WALLETS:
        nuban = _nuban_of_phone(number)
        if nuban is not None:
            return name + nuban
    national = _wallet_national(name, number, international=bool(plus))
    key = name + (national if national is not None else plus + number)
    # another name of Bank of China's Latin one (Bank of Ceylon's: BOC) before a
    # Chinese card's digits: the number alone, as after BOC (:func:`_without_cn_bank`)
    return key if name == written else _without_cn_bank(key)


def _issued_number(name: str, number: str) -> bool:
    """Whether ``number`` after a bank's or wallet's name (as in the key) is keyed alone:
    a card's number after the name of a bank of :data:`_CARD_ISSUERS`, a YooMoney
    wallet's after YooMoney's name."""
    if name == "YOOMONEY":
        return _YOOMONEY_NUMBER.fullmatch(number) is not None
    return (
        name in _CARD_ISSUERS
        and 16 <= len(number) <= 19
        and _CARD_NUMBER.fullmatch(number) is not None
        and _luhn_ok(number)
    )


def _wallet_national(name: str, number: str, *, international: bool = False) -> str | None:
    """A wallet's phone number in international form (after one of its calling codes,
    :data:`_WALLET_CALLING_CODES`; a ``0`` after the code dropped, as in ``+63 0917
    ...``; a South-East Asian country's only when a mobile's, :data:`_WALLET_MOBILES`;
    not a proxy's id, :data:`_PROXY_IDS`) in the national form ``0...``
    (Singapore's without the ``0``), a Vietnamese mobile's 11 digits before 2018 as
    today's (after a wallet with Vietnam's code); for the wallets of
    :data:`_WALLET_TRUNKS`, in theirs (an ``international`` number, after a ``+``,
    only from its international form).

    Examples
    --------
    >>> _wallet_national("MOMO", "233241234567"), _wallet_national("MOMO", "237671234567")
    ('0241234567', None)
    >>> _wallet_national("PAYNOW", "6595832291"), _wallet_national("MOMO", "01681234567")
    ('95832291', '0381234567')
    >>> _wallet_national("PROMPTPAY", "6612345678903"), _wallet_national("DUITNOW", "601101145678")
    (None, None)
    """
    trunk = _WALLET_TRUNKS.get(name)
    if trunk is not None:
        calling, prefix, digits = trunk
        if len(number) == len(calling) + digits and number.startswith(calling):
            return prefix + number[len(calling) :]
        if international:
            return None
        if prefix and len(number) == len(prefix) + digits and number.startswith(prefix):
            return number
        return prefix + number if len(number) == digits else None
    codes = _WALLET_CALLING_CODES.get(name, ())
    national = None
    proxy_id = _PROXY_IDS.get(name)
    if international or proxy_id is None or not proxy_id.fullmatch(number):
        for code in codes:
            if number.startswith(code):
                rest = number[len(code) :]
                rest = rest[1:] if rest.startswith("0") else rest
                mobile = _WALLET_MOBILES.get(code)
                if mobile is None:
                    national = "0" + rest if len(rest) >= 8 else None
                    break
                if mobile[1].fullmatch(rest):
                    national = mobile[0] + rest
                    break
    if "84" in codes:  # Vietnam's mobiles before 2018 (0168…): today's numbers
        legacy = _VN_LEGACY_NATIONAL.fullmatch(national or number)
        if legacy is not None:
            return VN_LEGACY_MOBILE["0" + legacy[1]] + legacy[2]
    return national


def _nuban_of_phone(number: str) -> str | None:
    """The account number (a NUBAN: ten digits) of a Nigerian wallet whose accounts are
    their holders' phone numbers (:data:`_PHONE_NUBAN_WALLETS`), from the phone number
    written nationally (``08031234567``) or internationally (``2348031234567``, perhaps
    with the ``0``: ``23408031234567``); ``None`` for other numbers (the account number
    itself, ``8031234567``, is kept as written).

    Examples
    --------
    >>> _nuban_of_phone("08031234567"), _nuban_of_phone("2348031234567")
    ('8031234567', '8031234567')
    >>> _nuban_of_phone("8031234567"), _nuban_of_phone("0803123456")
    (None, None)
    """
    if number.startswith(_NG_CALLING_CODE):
        rest = number[len(_NG_CALLING_CODE) :]
        rest = rest[1:] if len(rest) == _NUBAN_DIGITS + 1 and rest[:1] == "0" else rest
        if len(rest) == _NUBAN_DIGITS:
            return rest
    if len(number) == _NUBAN_DIGITS + 1 and number.startswith("0"):
        return number[1:]
    return None


def _wallet_key(key: str) -> str:
    """``key`` (ASCII, accepted), a bank's name before its number made one
    (``KASIKORN7310482956`` is ``KBANK7310482956``) and a wallet's number written
    internationally without ``+`` (``OVO6281234567890``) in its national form
    (``OVO081234567890``), as :func:`_named_number_key` does."""
    if key[:1].isalpha() or key.startswith(_DIGIT_NAMES):
        named = _NAMED_NUMBER.fullmatch(key)
        if named is not None:
            return _named_number_key(named)
    return key


# --- one account written in parts -------------------------------------------

#: An Indian bank branch's IFSC: the bank's four letters, ``0``, the branch's six
#: letters or digits (``SBIN0001234``); a word of its own (not inside a longer key).
_IFSC = r"[A-Za-z]{4}0[A-Za-z0-9]{6}"
_IFSC_WORD = re.compile(rf"(?<![^\W_]){_IFSC}(?![^\W_])")
#: The labels of the parts of one account written in parts, by role (the first role
#: whose label matches wins: ``Account name`` is a holder's, ``Bank code`` a code):
#: the holder's name; a branch's IFSC; a bank's or branch's code (sort code, routing
#: number, BSB, transit number, BLZ, BIC); a branch (its number is part of a Brazilian
#: account, its name is dropped); a biller's number (Kenya's M-Pesa paybill, before the
#: account at the biller); a merchant's M-Pesa till; a bank's name or code; an IBAN; the
#: account.
_PART_LABELS: tuple[tuple[str, str], ...] = (
    ("holder", r"(?:account|acct|acc|a/c)\s*(?:name|holder)|holder|name|beneficiary|payee"
     r"|titular|titulaire|nome|nombre|nama|kontoinhaber|inhaber|intestatario|户名|开户名"
     r"|收款人|ชื่อบัญชี"),
    ("ifsc", r"ifsc(?:\s*code)?"),
    # ``FI`` (a Canadian financial institution) not as a Finnish IBAN's country code
    ("institution", r"(?:financial\s*)?institution(?:\s*(?:no|number|#))?|inst(?:\s*(?:no|#))?"
     r"|fi(?![0-9]{2}(?:\s?[0-9]){14}(?![0-9]))"),
    ("code", r"micr(?:\s*code)?|sort(?:\s*code)?|s\s*/\s*c|nsc"
     r"|routing(?:\s*(?:no|number|code))?|rtn"
     # ``SC`` only before a sort code's six digits (``SC: 40-47-84``)
     r"|sc(?=[\s:.]*[0-9]{2}[\s-]?[0-9]{2}[\s-]?[0-9]{2}(?![0-9]))"
     r"|aba(?:\s*(?:no|number))?|bsb|transit(?:\s*(?:no|number))?|blz|bankleitzahl"
     r"|bank\s*code|swift(?:\s*code)?|bic"
     # ``RT`` only before a routing number's nine digits; a Russian bank's BIK
     r"|(?<![0-9])(?:rt(?=[\s:.#]*[0-9]{9}(?![0-9]))|бик|bik)"),
    ("branch", r"branch(?:\s*(?:code|name))?|ag[eê]ncia|agence|filiale|sucursal|cabang"
     r"|chi\s*nh[aá]nh|สาขา|支行"),
    ("biller", r"(?:m-?pesa\s*)?pay\s*bill(?:\s*(?:no|number))?|business\s*(?:no|number)"),
    ("till", r"(?:lipa\s*na\s*m-?pesa\s*)?(?:(?:buy\s*goods\s*)?till(?:\s*(?:no|number))?"
     r"|buy\s*goods)"),
    ("bank", r"bank\s*name|bank|banco|banque|开户银行|开户行|ng[aâ]n\s*h[aà]ng"),
    ("iban", r"iban"),
    ("account", r"account\s*(?:no|number|nr)|account|acct(?:\s*no)?|acc(?:\s*no)?|dda"
     r"|a\s*/\s*c(?:\s*no)?|ac(?:\s*no)?|conta|cuenta|compte|konto|账号|帐号|卡号|no\.?\s*rek(?:ening)?"
     r"|rekening|s[oố]\s*t[aà]i\s*kho[aả]n|s[oố]\s*tk"
     r"|(?:checking|savings)(?:\s*(?:account|acct))?"
     r"|[рл]\s*/\s*сч?|(?:расч[её]тный|лицевой|текущий)\s*сч[её]т|сч[её]т|сч"),
)  # fmt: skip
#: A label of a part, after a separator, a digit or the start and before anything but a
#: letter (``Till512845``, ``522522ACC1234567``: a key read again).
_PART_LABEL = re.compile(
    "(?<![^\\W\\d_])(?:"
    + "|".join(f"(?P<{role}>{labels})" for role, labels in _PART_LABELS)
    + ")(?![^\\W\\d_])[\\s:=#.\\-–—]*",
    re.IGNORECASE,
)
#: The roles that say a value is one account in parts (an account alone is no part).
_DETAIL_ROLES = frozenset(
    {"holder", "ifsc", "institution", "code", "branch", "biller", "till", "bank"}
)
#: Where a cell's parts end: the separators of a list, `` / `` and brackets.
_PART_SEPARATORS = re.compile(r"\s*(?:[,;|\n\r、()]|\s/\s)\s*")
#: The values the parts reader reads: a label of a detail, a separator, a name in
#: brackets, an IFSC.
_PARTS_HINT = re.compile(
    r"[,;|\n\r、]|\s/\s|\([^)]*[^\W\d_]|"
    + "|".join(labels for role, labels in _PART_LABELS if role in _DETAIL_ROLES - {"bank"})
    + rf"|(?<![^\W_]){_IFSC}(?![^\W_])",
    re.IGNORECASE,
)
#: The same for the fast path (RE2; ASCII rows only, so Latin labels are enough; a
#: false hit only sends the row per value).
_PARTS_HINT_RE2 = (
    r"(?i)[,;|\n\r]|\s/\s|\([^)]*[a-z]|\(\s*[0-9]{6}\s*\)\s*$|ifsc|micr|sort|s\s*/\s*c|nsc"
    r"|(?:^|[^a-z])sc(?:[^a-z]|$)|routing|aba|bsb|transit|blz|bik|(?:^|[^0-9])rt[\s:.#]*[0-9]{9}"
    r"|rtn|inst|(?:^|[^a-z])fi(?:[^a-z]|$)"
    r"|bankleitzahl|bank\s*code|swift|bic|branch|agencia|agence|filiale|sucursal|cabang"
    r"|chi\s*nhanh|pay\s*bill|business\s*n|till|buy\s*goods|name|holder|beneficiary|payee"
    r"|titular|titulaire|nome|nombre|nama|inhaber|intestatario"
    r"|(?:^|[^a-z0-9])[a-z]{4}0[a-z0-9]{6}(?:[^a-z0-9]|$)"
)
_PART_DIGITS = re.compile(r"[0-9][0-9\s\-./]*")
_PART_IBAN = re.compile(r"[A-Za-z]{2}[0-9]{2}(?:\s?[A-Za-z0-9]){10,30}")
_PART_BIC = re.compile(r"[A-Za-z]{6}[A-Za-z0-9]{2}(?:[A-Za-z0-9]{3})?")
#: A name before a number (Latin or Thai letters: ``กรุงไทย 731-2-58322-9``).
_PART_NAMED = re.compile(
    r"(?:[^\W\d_]|[\u0e31-\u0e4e])+(?:[\s.\-]+(?:[^\W\d_]|[\u0e31-\u0e4e])+)*\s*[0-9][0-9\s\-./]*"
)
#: A few words of Latin letters (a bank's or a holder's name: ``Wells Fargo``).
_LATIN_WORDS = re.compile(r"[A-Za-z]+(?:[\s.&'’\-]+[A-Za-z]+){0,4}\.?")
#: A few words of Thai letters (a Thai bank's or holder's name: ``นายสมชาย ใจดี``).
_THAI_WORDS = re.compile(r"[\u0e01-\u0e4e]+(?:[\s.]+[\u0e01-\u0e4e]+){0,4}")
#: A holder's name after an account (:func:`_payment_in_parts`): a few words of Latin
#: letters, perhaps with a Malay or Indian patronymic's ``a/l``, ``a/p``, ``s/o``, ``d/o``
#: between (``Ravi a/l Kumar``), or of Thai letters (``นายสมชาย ใจดี``).
_HOLDER_WORDS = re.compile(
    r"[A-Za-z]+(?:(?:[\s.&'’\-]+|\s+(?:[AaDd]/[LlPp]|[SsDd]/[Oo])\s+)[A-Za-z]+){0,5}\.?"
    r"|[\u0e01-\u0e4e]+(?:[\s.]+[\u0e01-\u0e4e]+){0,4}"
)
#: Thai titles before a name (Mr, Mrs, Miss, ``น.ส.``, boy, girl): a Thai name of one
#: word after one is a holder's name still (``นายสมชาย``).
_THAI_TITLE = re.compile(r"นางสาว|นาย|นาง|น\.ส\.|ด\.ช\.|ด\.ญ\.|คุณ")
#: Kenyan banks' M-Pesa paybill numbers, each shared by all the bank's customers, who
#: give their account number with it: one alone is the bank (``bank_code_only``).
#: Another paybill alone is kept: a merchant's own paybill is the merchant's.
_BANK_PAYBILLS = frozenset(
    {
        "522522",  # KCB
        "247247",  # Equity
        "400200",  # Co-operative Bank
        "880100",  # NCBA
        "222111",  # Family Bank
        "303030",  # Absa Kenya
        "542542",  # I&M
        "516600",  # DTB
    }
)
#: A paybill's key (``PAYBILL522522ACC1048377``; the labels' other spellings) and the
#: form it is given, perhaps after words (``KCB Paybill 522522``).
_PAYBILL_KEY = re.compile(
    r"(?P<name>[A-Z]*?)(?:MPESA)?PAYBILL(?:NO|NUMBER)?(?P<number>[0-9]{5,7})"
    r"(?:(?:ACCOUNTNO|ACCOUNTNUMBER|ACCOUNT|ACCTNO|ACCT|ACCNO|ACC|ACNO|AC)(?P<account>[A-Z0-9]+))?"
)
#: Words before a paybill's label that name M-Pesa (``Lipa na M-Pesa``, ``Safaricom``)
#: or a bank whose customers pay through M-Pesa paybills (``KCB Paybill 522522 Acc
#: 1234567`` = ``Paybill 522522 Acc 1234567``): dropped, as the number names the
#: biller. Others stay in the key (another wallet's paybills, Airtel Money's, are
#: other billers).
_PAYBILL_WORDS = frozenset({"SAFARICOM", "LIPANA", "LIPANAMPESA"})
_PAYBILL_BANKS = frozenset({"MPESA", "KCB", "EQUITY"})
_BARE_IFSC_KEY = re.compile(r"(?:IFSC(?:CODE)?)?([A-Z]{4}0[A-Z0-9]{6})")


#: The word ``Bank`` after the words of a bank's name (``Standard Bank``, ``First
#: National Bank``): glued to them (:func:`_glued_bank_name`), not read as a label.
_BANK_WORD = re.compile(r"(?<![^\W\d_])bank(?![^\W\d_])", re.IGNORECASE)
_BANK_NAME = re.compile(
    r"(?<![^\W\d_])(?P<words>(?:[^\W\d_]+\s+){1,4})(?P<bank>bank)(?![^\W\d_])", re.IGNORECASE
)


def _glued_bank_name(m: re.Match[str]) -> str:
    """A bank's name ending in ``Bank`` written in one word (``StandardBank``), when
    the last words and ``Bank`` name a bank of :data:`_PROVIDERS`; else as written."""
    words = m["words"].split()
    for k in range(len(words), 0, -1):
        if _upper("".join(words[-k:])) + "BANK" in _PROVIDER_KEYS:
            return " ".join([*words[:-k], "".join(words[-k:]) + m["bank"]])
    return m.group(0)


#: A word ending before the word ``Bank`` (:func:`_inside_name`).
_WORD_BEFORE = re.compile(r"[^\W\d_]\s+$")


def _inside_name(label: re.Match[str]) -> bool:
    """Whether a label of a part (:data:`_PART_LABEL`) is the word ``Bank`` inside a
    bank's name (``United Bank for Africa``, ``Habib Bank Limited``): after a word and
    before no ``:``, so read as part of the name, not as a label (``Bank: United Bank
    for Africa`` is one bank's name, not ``United`` and ``for Africa``).

    Examples
    --------
    >>> [_inside_name(m) for m in _PART_LABEL.finditer("Bank: United Bank for Africa")]
    [False, True]
    >>> [_inside_name(m) for m in _PART_LABEL.finditer("Acct 0123456789 Bank GTB")]
    [False, False]
    """
    if label.lastgroup != "bank" or label["bank"].lower() != "bank":
        return False
    if any(c in label.group(0) for c in ":=#"):
        return False
    return _WORD_BEFORE.search(label.string, 0, label.start()) is not None


def _part_pieces(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (role, value) pieces: at separators and brackets, and before
    each label of a part (:data:`_PART_LABELS`); a piece without a label has the role
    ``""``. An IFSC inside a piece is a piece of its own.

    Examples
    --------
    >>> _part_pieces("A/c 30418275196 IFSC SBIN0001234")
    [('account', '30418275196'), ('ifsc', 'SBIN0001234')]
    >>> _part_pieces("Paybill: 522522, Acc No: 1048377")
    [('biller', '522522'), ('account', '1048377')]
    """
    pieces: list[tuple[str, str]] = []
    if _BANK_WORD.search(text):
        text = _BANK_NAME.sub(_glued_bank_name, text)
    for segment in _PART_SEPARATORS.split(text):
        labels = [m for m in _PART_LABEL.finditer(segment) if not _inside_name(m)]
        starts = [m.start() for m in labels]
        if not starts or starts[0] > 0:
            pieces.append(("", segment[: starts[0] if starts else len(segment)]))
        for j, m in enumerate(labels):
            end = starts[j + 1] if j + 1 < len(starts) else len(segment)
            pieces.append((m.lastgroup or "", segment[m.end() : end]))
    out: list[tuple[str, str]] = []
    for role, value in pieces:
        value = value.strip(" \t:=#.-–—")
        ifsc = _IFSC_WORD.search(value) if role in ("", "account") else None
        if ifsc is not None and value != ifsc.group(0):
            rest = (value[: ifsc.start()] + " " + value[ifsc.end() :]).strip()
            out += [("ifsc", ifsc.group(0)), (role, rest)]
        elif value or role:
            out.append((role, value))
    return out


def _payment_in_parts(text: str) -> _Result | None:
    """One account written in parts (:data:`_PART_LABELS`), in any order and layout,
    read as the one text :func:`_payment_one` keys: ``IFSC: SBIN0001234, A/C:
    30418275196`` = ``A/c 30418275196 IFSC SBIN0001234`` = ``Acct No. 30418275196
    (SBIN0001234)`` = ``SBIN0001234 / 30418275196`` (``SBIN000123430418275196``: the
    IFSC, then the account; a bank's name or BIC with them is dropped, the IFSC names
    the bank). An IBAN is keyed alone (its BIC dropped); a bank's or branch's code goes
    before the account (``Sort code: 12-34-56, Account: 12345678`` is
    ``12345612345678``, ``Banco: 341, Agência: 1234, Conta: 12345-6`` is
    ``3411234123456``); a paybill with the account at the biller is
    ``PAYBILL522522ACC1048377``; a till is ``TILL512845``; a bank's name stays before
    the account as :func:`_payment_one` keeps it (``0149284756 (GTB)`` =
    ``GTB 0149284756``); a holder's name and a branch's name are dropped. A code alone
    is ``bank_code_only``; two accounts with codes are ``several_accounts``. ``None``
    when ``text`` holds no detail of an account (a list of accounts, an unknown name in
    brackets): :func:`_payment_one` reads it as before.

    Examples
    --------
    >>> _payment_in_parts("IFSC: SBIN0001234, A/C: 30418275196")
    ('SBIN000123430418275196', None, None)
    >>> _payment_in_parts("IBAN: DE89 3704 0044 0532 0130 00, BIC: COBADEFFXXX")
    ('DE89370400440532013000', None, None)
    >>> _payment_in_parts("Sort code: 12-34-56")
    (None, 'bank_code_only', None)
    >>> _payment_in_parts("0812345678; 089-765-4321") is None
    True
    """
    got: dict[str, list[str]] = {}
    unnamed = False  # words first that name no known bank ("Wells Fargo Routing: ...")
    names_after: list[str] = []  # words after the first part (a holder's name)
    for j, (role, value) in enumerate(_part_pieces(text)):
        if role == "" and not _has_alnum(value):
            continue  # a stray separator ("/ RT 021000021"), as the key drops it
        if role == "till":  # a till's number before its shop's name ("512845 Mama Njeri")
            named_till = _TILL_NAMED.fullmatch(value)
            value = value if named_till is None else named_till["number"]
        if role == "":
            if _IFSC_WORD.fullmatch(value):
                role = "ifsc"
            elif _PART_IBAN.fullmatch(value) and not value[:2].isdigit():
                role = "iban"
            elif (
                _PART_DIGITS.fullmatch(value)
                or _PART_NAMED.fullmatch(value)
                or _named_by_provider(value)  # "GCash: 0917 583 2291"
            ):
                role = "account"
            elif value[:1] == "+" and _PART_DIGITS.fullmatch(value[1:].lstrip()):
                role = "account"  # an international number ("+7 912 345-67-89 (QIWI)")
            elif _PART_BIC.fullmatch(value) and value.isupper() and "iban" in got:
                role = "code"
            elif _provider(_upper("".join(_WORDS.split(value)))) is not None:
                role = "bank"
            elif j == 0 and _LATIN_WORDS.fullmatch(value):
                unnamed = True  # a bank's or holder's name: dropped before a code
                continue
            elif _HOLDER_WORDS.fullmatch(value) and (
                len(_WORDS.split(value.strip())) > 1 or _THAI_TITLE.match(value)
            ):
                names_after.append(value)  # a holder's full name after the account?
                continue
            else:
                return None  # an unknown word: not read as a part
        elif role == "bank" and sum(c.isdigit() for c in value) >= 5:
            role = "account"  # "Bank 0149284756": an account after the word bank
        elif (
            (role == "ifsc" and not _IFSC_WORD.fullmatch(value))
            or (role in ("biller", "till") and not value.isdigit())
            or (role == "holder" and _DIGIT.search(value))
        ):
            return None  # not what its label says: not read as a part
        if not value and role in ("holder", "bank", "account"):
            continue  # "Name:" alone, "(Access Bank)", "Acct: Routing 021000021"
        if not value:
            return None
        got.setdefault(role, []).append(value)
    accounts = got.get("account", [])
    if len(accounts) > 1 and all(_named_by_provider(a) for a in accounts):
        return None, "several_accounts", None  # "M-Pesa 0712… / Airtel Money 0733…"
    if names_after:
        # a holder's name after an account named by its bank or wallet, or after a
        # till (its shop's name): dropped; after anything else, not read as a part
        if not (got.get("till") or got.get("bank") or any(map(_named_by_provider, accounts))):
            return None
        got.setdefault("holder", []).extend(names_after)
    if not _DETAIL_ROLES & got.keys() and "iban" not in got:
        return None
    ibans = got.get("iban", [])
    if ibans:
        if len(ibans) > 1 or accounts:
            return None, "several_accounts", None
        return _payment_single(ibans[0])
    codes, institutions = got.get("code", []), got.get("institution", [])
    ifsc, billers, tills = got.get("ifsc", []), got.get("biller", []), got.get("till", [])
    if unnamed and not (codes or institutions or ifsc):
        return None  # an unknown word, no bank's or branch's code: not read as a part
    wallets = [
        b
        for b in got.get("bank", [])
        if _provider(_upper("".join(_WORDS.split(b)))) in _WALLET_KEYS
    ]
    if (billers or tills) and wallets:
        return None  # another wallet's biller or till (Airtel Money's): not M-Pesa's
    if any(len(v) > 1 for v in (accounts, ifsc, codes, billers, institutions)):
        return None, "several_accounts", None
    if institutions and not _PART_DIGITS.fullmatch(institutions[0]):
        return None  # not what its label says: not read as a part
    if not accounts:
        if tills and not (ifsc or codes or billers or institutions):
            return _payment_single("TILL " + tills[0])
        if billers and not (ifsc or codes or institutions):
            return _payment_single("PAYBILL " + billers[0])
        if ifsc or codes or institutions:
            return None, "bank_code_only", None
        return None
    account = accounts[0]
    if tills:
        return None
    if billers:
        return _payment_single(f"PAYBILL {billers[0]} ACC {account}")
    if ifsc:
        return _payment_single(f"{ifsc[0]} {account}")
    branch = [b for b in got.get("branch", []) if _PART_DIGITS.fullmatch(b)]
    banks = got.get("bank", [])
    za = _za_bank_account(branch or codes, banks, account)
    if za is not None and not institutions:
        return _payment_single(za)
    if codes and not _PART_DIGITS.fullmatch(codes[0]):  # a BIC: the bank's name
        banks, codes = [codes[0]], []
    numbered = [b for b in banks if _PART_DIGITS.fullmatch(b)]
    if codes or branch or numbered or institutions:
        # a Canadian institution number before the transit number: the order of the
        # EFT form (institution, transit, account) whatever order the labels come in
        return _payment_single(" ".join([*institutions, *numbered, *codes, *branch, account]))
    if banks and _DIGIT.search(account) and not _PART_DIGITS.fullmatch(account.lstrip("+ ")):
        return None  # a bank named twice (a label and before the number)
    return _payment_single(" ".join([*banks[:1], account]))


#: A till's number before its shop's name (``Till 512845 - Mama Njeri Shop``): the
#: number is the till, whoever's shop it names.
_TILL_NAMED = re.compile(r"(?P<number>[0-9]+)[\s,:\-–—]+[A-Za-z][A-Za-z\s.'’&\-]*")


def _named_by_provider(account: str) -> bool:
    """Whether an account's part is a known bank's or wallet's name (:data:`_PROVIDERS`)
    before a number (``GTB 0123456789``, ``M-Pesa 0712345678``).

    Examples
    --------
    >>> _named_by_provider("M-Pesa 0712345678"), _named_by_provider("Ag 5864")
    (True, False)
    """
    named = _WORDS_BEFORE_NUMBER.fullmatch(account)
    return named is not None and (
        (
            _LATIN_WORDS.fullmatch(named["words"].strip(" -:=#")) is not None
            or _THAI_WORDS.fullmatch(named["words"].strip(" -:=#")) is not None
        )
        and _provider(_upper("".join(_WORDS.split(named["words"])))) is not None
    )


def _za_bank_account(codes: list[str], banks: list[str], account: str) -> str | None:
    """A South African account with its bank's universal branch code
    (:data:`_ZA_BRANCH_CODES`) as its bank's name and the number (``FNB 62123456789``),
    when the bank named with it, if any, is that bank; else ``None``."""
    if len(codes) != 1 or len(banks) > 1:
        return None
    bank = _ZA_BRANCH_CODES.get("".join(_WORDS.split(codes[0])))
    if bank is None:
        return None
    named = _WORDS_BEFORE_NUMBER.fullmatch(account)
    number = account
    if named is not None:
        number = named["number"]
        banks = [*banks, named["words"]]
    if not _PART_DIGITS.fullmatch(number):
        return None
    if any(_provider(_upper("".join(_WORDS.split(b)))) != bank for b in banks):
        return None  # another bank named: not read
    return f"{bank} {number}"


def _rail_key(key: str) -> _Result:
    """An accepted account key as a payment rail keys it: a paybill's labels in one
    spelling (``PAYBILL522522ACCOUNT1234567`` is ``PAYBILL522522ACC1234567``; M-Pesa's or
    a bank's name before them dropped: :data:`_PAYBILL_WORDS`), a bank's paybill alone
    (:data:`_BANK_PAYBILLS`; written bare, or after any name but another wallet's) and an
    IFSC alone ``bank_code_only``; a known bank's name with a number of an IFSC's shape
    apart from it (:func:`_apart_from_ifsc`).

    Examples
    --------
    >>> _rail_key("522522"), _rail_key("KCBPAYBILL522522"), _rail_key("512845")
    ((None, 'bank_code_only', None), (None, 'bank_code_only', None), ('512845', None, None))
    >>> _rail_key("KCBPAYBILL522522ACC1234567"), _rail_key("AIRTELMONEYPAYBILL888999")
    (('PAYBILL522522ACC1234567', None, None), ('AIRTELMONEYPAYBILL888999', None, None))
    """
    if key in _BANK_PAYBILLS:  # a bank's paybill written alone, without its label
        return None, "bank_code_only", None
    paybill = _PAYBILL_KEY.fullmatch(key)
    if paybill is not None:
        name, number, account = paybill["name"], paybill["number"], paybill["account"]
        provider = _provider(name) if name else None
        if account is None and number in _BANK_PAYBILLS and provider not in _WALLET_KEYS:
            return None, "bank_code_only", None  # whatever words name the bank
        if name and name not in _PAYBILL_WORDS and provider not in _PAYBILL_BANKS:
            return _apart_from_ifsc(key), None, None
        if account is None:
            return "PAYBILL" + number, None, None
        return f"PAYBILL{number}ACC{account}", None, None
    ifsc = _BARE_IFSC_KEY.fullmatch(key)
    if ifsc is not None and _provider(ifsc[1][:4]) is None:
        return None, "bank_code_only", None
    return _apart_from_ifsc(key), None, None


def _payment_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [_iban_flagged(_unmasked(_sort_code_account(_payment_text(t)))) for t in texts]


#: An account holder's name after the number (``BCA 7310482956 a.n. BUDI SANTOSO``,
#: ``7310482956, a/n Budi``, ``… (atas nama PT MAJU)``): Latin letters, spaces, dots,
#: apostrophes and hyphens after a holder's word (:data:`_HOLDER`) that ends the value.
#: Dropped first, as :func:`_holder_out` drops it (Python and RE2 read it alike: the
#: fast path drops it too, so such values stay on it).
_HOLDER_SUFFIX_PATTERN = (
    r"(?i)^(.*[0-9])[\s,;]+\(?(?:(?:a\.\s*n\b\.?|an\.)[A-Za-z .:'\-]*"
    r"|(?:a/n|atas\s+nama)(?:[\s:.][A-Za-z .:'\-]*)?)\)?$"
)
_HOLDER_SUFFIX = re.compile(_HOLDER_SUFFIX_PATTERN)
#: Wallets' names written in Hangul or kana, before a separator or the id: read as
#: their Latin names (``카카오페이: kim0387`` = ``KakaoPay: kim0387``, ``ペイペイ
#: taro_0387`` = ``PayPay taro_0387``; ``토스`` is Toss, not ``토스뱅크``, a bank).
_SCRIPT_WALLETS: dict[str, str] = {
    "카카오페이": "KakaoPay", "네이버페이": "Naver Pay", "네이버 페이": "Naver Pay",
    "토스페이": "Toss Pay", "토스": "Toss", "페이코": "PAYCO",
    "ペイペイ": "PayPay", "ラインペイ": "LINE Pay", "LINEペイ": "LINE Pay",
    "楽天ペイ": "Rakuten Pay", "メルペイ": "Merpay",
    # Egypt's Vodafone Cash in Arabic letters, Bangladesh's bKash, Nagad and Rocket
    # in Bengali letters
    "فودافون كاش": "Vodafone Cash", "বিকাশ": "bKash", "নগদ": "Nagad", "রকেট": "Rocket",
}  # fmt: skip
_SCRIPT_WALLET = re.compile(
    rf"\s*(?P<name>{_alternation(map(re.escape, _SCRIPT_WALLETS))})(?![^\W\d_])"
)
#: ``ID`` after a wallet's name, before a separator and the id (``PayPay ID: taro_0387``
#: = ``PayPay: taro_0387``): a label.
_WALLET_ID_WORD_PATTERN = (
    r"(?i)^\s*(paypay|line\s*pay|kakao\s*pay|naver\s*pay|toss(?:\s*pay)?|rakuten\s*pay"
    r"|merpay|payco)\s*id(?:\s*[:=#]\s*|\s+)(\S)"
)
_WALLET_ID_WORD = re.compile(_WALLET_ID_WORD_PATTERN)
#: The kind of id after a proxy's name (``PayNow UEN 201912345K``, ``PayNow (UEN)
#: …``, ``DuitNow ID …``, ``DuitNow MyKad …``, ``PromptPay ID …``): a label, as the id
#: says what it is (``PayNow 201912345K``).
_PROXY_ID_LABEL_PATTERN = (
    r"(?i)^\s*(pay\s*now|duit\s*now|prompt\s*pay)\s*\(?\s*"
    r"(?:uen|nric|fin|mykad|ic|id|mobile|phone)(?:\s*(?:no|number)\.?)?\s*\)?(?:\s*[:=#]\s*|\s+)(\S)"
)
_PROXY_ID_LABEL = re.compile(_PROXY_ID_LABEL_PATTERN)
#: Touch 'n Go (Malaysia's wallet) as its brand writes it, with apostrophes: ``TNG``.
_TOUCH_N_GO_PATTERN = r"(?i)^\s*touch\s*['’‘`]?\s*n\s*['’‘`]?\s*go(?:\s*e-?wallet)?(?![a-z])"
_TOUCH_N_GO = re.compile(_TOUCH_N_GO_PATTERN)
#: For the fast path: the spellings with an apostrophe (the others name TNG already).
_TOUCH_N_GO_RE2 = r"(?i)^\s*touch\s*['`]"


def _payment_text(text: str) -> _Result:
    """The result of one payment account's text (:func:`_payment_kernel`): a holder's
    name after the number dropped (:data:`_HOLDER_SUFFIX`), a wallet's name in Hangul or
    kana read as its Latin name and ``ID`` after it as a label, dashes between digits
    as ``-`` (:data:`_DIGIT_DASH`); then a Japanese, Korean or Taiwanese account
    (:func:`_jp_kr_account`) or any other (:func:`_payment_one`).

    Examples
    --------
    >>> _payment_text("BCA 7310482956 a.n. BUDI SANTOSO"), _payment_text("ペイペイ ID: taro_0387")
    (('BCA7310482956', None, None), ('PAYPAYTARO_0387', None, None))
    >>> _payment_text("국민은행 387129ー01ー296438")
    ('KB38712901296438', None, None)
    """
    if text.isascii():
        holder = _HOLDER_SUFFIX.fullmatch(text) if "a" in text or "A" in text else None
        if holder is not None:
            text = holder[1]
    else:
        if "@" not in text:  # an e-mail keeps its characters, as e-mails do
            text = _DIGIT_DASH.sub("-", text)
        wallet = _SCRIPT_WALLET.match(text)
        if wallet is not None:
            text = _SCRIPT_WALLETS[wallet["name"]] + text[wallet.end() :]
    if "d" in text or "D" in text:
        text = _WALLET_ID_WORD.sub(r"\1: \2", text, count=1)
    if text.lstrip()[:1] in ("p", "P", "d", "D", "t", "T"):
        text = _PROXY_ID_LABEL.sub(r"\1 \2", text, count=1)
        text = _TOUCH_N_GO.sub("TNG", text, count=1)
    return _jp_kr_account(text) or _payment_one(text)


def _unmasked(result: _Result) -> _Result:
    """A payment account's result, ``masked_value`` when its key is a card's last four
    digits as written (:data:`_LAST_DIGITS_ACCOUNT`: ``X4821``, ``VISA4821``, from
    ``X4821=`` or ``Visa/4821``), so a key read again is refused as its value was."""
    key = result[0]
    if key is not None and _LAST_DIGITS_ACCOUNT.fullmatch(key):
        return None, "masked_value", None
    return result


def _normalize_payment_account(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Payment accounts: cards, bank accounts, IBANs, wallet ids.

    Labels such as ``card:``, ``CLABE``, ``Chave PIX`` or ``CBU`` removed (see the
    module docstring), spaces/hyphens/dots/slashes (and ``:``/``=``/``#``) removed,
    letters upper-cased (IBAN style). A 12-19 digit result is a card number: a
    wrong Luhn check digit adds the flag ``luhn_failed`` (kept), unless it is a
    Mexican CLABE (18 digits with a valid CLABE check digit: weights 3, 7, 1 over
    the first 17, or written with the ``CLABE`` label). An IBAN whose check digits fail
    (ISO 13616) adds the flag ``iban_check_failed`` (kept). Accounts written as e-mail
    addresses are kept as case-folded e-mails (no provider rules); phone-style
    accounts keep their digits and leading ``+``. Any other account holds a digit: a
    word (``PayPal``, ``bank transfer``) is ``no_digit``. A Chinese bank's name before
    the number is dropped (``招商银行 6225...``, ``ICBC 6222...``: the number's key).

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
    >>> _normalize_payment_account(pd.Series(["PayPal", "PayPal: ann@corp.cn"]), NormalizeConfig())
               key    reason  flag
    0         None  no_digit  None
    1  ann@corp.cn      None  None
    """
    return _run(values, config, _SPECS["payment_account"])


# --- Japanese, Korean and Taiwanese bank accounts -----------------------------

#: Japanese banks (the zengin bank code, and the name in the key of an account given
#: without its branch: :data:`_PROVIDERS`) by their names in kanji and kana, without
#: ``銀行`` ("bank").
_JP_BANKS: dict[str, tuple[str, str]] = {
    "みずほ": ("0001", "MIZUHO"), "ミズホ": ("0001", "MIZUHO"), "MIZUHO": ("0001", "MIZUHO"),
    "三菱UFJ": ("0005", "MUFG"), "三菱東京UFJ": ("0005", "MUFG"), "MUFG": ("0005", "MUFG"),
    "ミツビシUFJ": ("0005", "MUFG"),
    "MITSUBISHIUFJ": ("0005", "MUFG"), "BTMU": ("0005", "MUFG"),
    "三井住友": ("0009", "SMBC"), "ミツイスミトモ": ("0009", "SMBC"), "SMBC": ("0009", "SMBC"),
    "SUMITOMOMITSUI": ("0009", "SMBC"),
    "りそな": ("0010", "RESONA"), "リソナ": ("0010", "RESONA"), "RESONA": ("0010", "RESONA"),
    "埼玉りそな": ("0017", "SAITAMARESONA"),
    "PAYPAY": ("0033", "PAYPAYBANK"), "ペイペイ": ("0033", "PAYPAYBANK"),
    "ジャパンネット": ("0033", "PAYPAYBANK"),
    "セブン": ("0034", "SEVENBANK"),
    "ソニー": ("0035", "SONYBANK"), "楽天": ("0036", "RAKUTENBANK"),
    "ラクテン": ("0036", "RAKUTENBANK"),
    "RAKUTEN": ("0036", "RAKUTENBANK"), "住信SBIネット": ("0038", "SBISUMISHIN"),
    "AUじぶん": ("0039", "AUJIBUN"), "イオン": ("0040", "AEONBANK"),
    "SBI新生": ("0397", "SBISHINSEI"), "新生": ("0397", "SBISHINSEI"),
    "あおぞら": ("0398", "AOZORA"), "ゆうちょ": ("9900", "YUCHO"), "ユウチョ": ("9900", "YUCHO"),
    "YUCHO": ("9900", "YUCHO"),
    # the trust banks, other banks than their namesakes
    "三菱UFJ信託": ("0288", "MUFGTRUST"), "みずほ信託": ("0289", "MIZUHOTRUST"),
    "三井住友信託": ("0294", "SMTRUST"),
}  # fmt: skip
#: Korean banks by their names in Hangul (with ``은행``, "bank", or without) and bank
#: codes -> the name in the key (:data:`_PROVIDERS`). The local Nonghyup
#: co-operatives (``단위농협``, ``지역농협``: code 012) are Nonghyup, as their code is.
_KR_BANKS: dict[str, str] = {
    "국민": "KB", "KB국민": "KB", "산업": "KDB", "KDB산업": "KDB", "기업": "IBK",
    "IBK기업": "IBK", "신한": "SHINHAN", "우리": "WOORI", "하나": "HANA", "KEB하나": "HANA",
    "농협": "NONGHYUP", "NH농협": "NONGHYUP", "단위농협": "NONGHYUP", "지역농협": "NONGHYUP",
    "지역농축협": "NONGHYUP", "농축협": "NONGHYUP", "수협": "SUHYUP", "SC제일": "SCJEIL",
    "씨티": "CITIKOREA", "한국씨티": "CITIKOREA", "카카오뱅크": "KAKAOBANK",
    "토스뱅크": "TOSSBANK", "케이뱅크": "KBANKKOREA", "대구": "DGB", "부산": "BUSANBANK",
    "경남": "KYONGNAMBANK", "광주": "KWANGJUBANK", "전북": "JEONBUKBANK", "제주": "JEJUBANK",
    "우체국": "KOREAPOST", "새마을금고": "MGBANK", "신협": "SHINHYUP",
}  # fmt: skip
_KR_BANK_CODES: dict[str, str] = {
    "002": "KDB", "003": "IBK", "004": "KB", "007": "SUHYUP", "011": "NONGHYUP",
    "012": "NONGHYUP", "020": "WOORI", "023": "SCJEIL", "027": "CITIKOREA", "031": "DGB",
    "032": "BUSANBANK", "034": "KWANGJUBANK", "035": "JEJUBANK", "037": "JEONBUKBANK",
    "039": "KYONGNAMBANK", "045": "MGBANK", "048": "SHINHYUP", "071": "KOREAPOST",
    "081": "HANA", "088": "SHINHAN", "089": "KBANKKOREA", "090": "KAKAOBANK",
    "092": "TOSSBANK",
}  # fmt: skip
#: Taiwanese banks by their Chinese names (in simplified characters, as the text is
#: read: ``臺灣銀行`` = ``台灣銀行`` = ``台湾银行``; the full name, the name with ``銀行``,
#: and the short names Taiwanese write) -> their 3-digit bank code. A Taiwanese account
#: is unique within its bank: its key is the code and the number, as the code written
#: before the number gives (``臺灣銀行 038712964381`` = ``(004)038712964381`` =
#: ``004038712964381``). Names a bank of another country also goes by (``上海銀行``,
#: ``中信銀行``, ``匯豐``, ``花旗``, ``渣打``, ``星展``) are left out: those stay the
#: Chinese bank rule's (:data:`_CN_BANK_NUMBER`).
_TW_BANKS: dict[str, str] = {
    "台湾银行": "004", "台银": "004",
    "台湾土地银行": "005", "土地银行": "005", "土银": "005",
    "合作金库商业银行": "006", "合作金库银行": "006", "合作金库": "006", "合库": "006",
    "第一商业银行": "007", "第一银行": "007", "一银": "007",
    "华南商业银行": "008", "华南银行": "008",
    "彰化商业银行": "009", "彰化银行": "009", "彰银": "009",
    "上海商业储蓄银行": "011", "上海商银": "011",
    "台北富邦商业银行": "012", "台北富邦银行": "012", "台北富邦": "012", "北富银": "012",
    "富邦银行": "012", "富邦": "012",
    "国泰世华商业银行": "013", "国泰世华银行": "013", "国泰世华": "013",
    "高雄银行": "016",
    "兆丰国际商业银行": "017", "兆丰商业银行": "017", "兆丰银行": "017", "兆丰商银": "017",
    "兆丰": "017",
    "王道商业银行": "048", "王道银行": "048",
    "台湾中小企业银行": "050", "台湾企银": "050", "台企银": "050",
    "台中商业银行": "053", "台中银行": "053",
    "京城商业银行": "054", "京城银行": "054",
    "台湾新光商业银行": "103", "新光商业银行": "103", "新光银行": "103",
    "阳信商业银行": "108", "阳信银行": "108",
    "中华邮政": "700", "邮局": "700", "邮政": "700",
    "联邦商业银行": "803", "联邦银行": "803",
    "远东国际商业银行": "805", "远东商银": "805", "远东银行": "805",
    "元大商业银行": "806", "元大银行": "806",
    "永丰商业银行": "807", "永丰银行": "807", "永丰": "807",
    "玉山商业银行": "808", "玉山银行": "808", "玉山": "808",
    "凯基商业银行": "809", "凯基银行": "809",
    "台新国际商业银行": "812", "台新银行": "812", "台新": "812",
    "安泰商业银行": "816", "安泰银行": "816",
    "中国信托商业银行": "822", "中国信托银行": "822", "中国信托": "822",
    "将来商业银行": "823", "将来银行": "823",
    "连线商业银行": "824", "连线银行": "824",
    "乐天国际商业银行": "826", "乐天国际银行": "826",
}  # fmt: skip
#: Taiwan's bank codes: its banks' (:data:`_TW_BANKS`) and foreign banks' branches'
#: (Mizuho 020, Citi 021, Bangkok Bank 023, SocGen 037, ANZ 039, HSBC 081, UBS 092, ...).
_TW_BANK_CODES = frozenset(_TW_BANKS.values()) | {
    "020", "021", "022", "023", "025", "029", "030", "037", "039", "072", "075", "076",
    "081", "082", "085", "086", "092", "093", "098",
}  # fmt: skip
#: The codes Korea's and Taiwan's banks share (``004`` is Kookmin and the Bank of
#: Taiwan, ``012`` Nonghyup and Fubon, ``081`` Hana and HSBC Taiwan): before one group
#: of digits (``004 038712964381``, as Taiwanese write it; Koreans group the digits) the
#: code and the number are keyed as written, naming neither bank.
_KR_TW_CODES = frozenset(_KR_BANK_CODES) & _TW_BANK_CODES
#: The digits of a Taiwanese account number (Chunghwa Post's: 14, its branch's 7 and the
#: account's 7: ``0001387-1296438``).
_TW_NUMBER_DIGITS = (10, 16)
_TW_POST_DIGITS = 14
_TW_POST = "700"
#: Dashes between digits that Japanese, Korean and Chinese text holds (U+2010, U+2011,
#: U+2012, en and em dashes, U+2015, the minus sign U+2212, the prolonged sound mark
#: ``ー`` that an IME gives for ``-``, and its half-width form, ``ｰ`` after NFKC):
#: read as ``-`` in an account (``19340−78337241``, ``387129ー01ー296438``).
_DIGIT_DASH = re.compile("(?<=[0-9])[\u2010-\u2015\u2212\u30fc](?=[0-9])")
_JP_SEP = r"[\s\-‐−ー:：・,、()（）/]*"
#: A Japanese account's type (ordinary, current, savings, general), also in kana.
_JP_TYPE = r"普通|当座|貯蓄|総合|フツウ|トウザ|チヨチク|チョチク"
#: A branch's number's labels (``店番 135``, ``支店番号: 135``).
_JP_BRANCH_NUMBER = r"店番号?|支店番号|支店コード|店舗番号"
#: A branch's name: words before ``支店`` (branch), ``出張所``, ``営業部`` (``本店営業部``)
#: or ``本店`` (head office), never a bank's (``三井住友信託銀行`` is another bank).
_JP_BRANCH_NAME = r"(?:(?!銀行|信託)[^\s0-9])+?(?:支店|出張所|営業部)|本店"
#: The holder's name after the number (``ﾔﾏﾀﾞ ﾀﾛｳ``, NFKC ``ヤマダ タロウ``; ``名義：山田
#: 太郎``), perhaps in brackets: kana, kanji and Latin letters. Not a key part.
_JP_HOLDER = (
    rf"{_JP_SEP}(?:(?:(?:口座)?名義人?|受取人名?){_JP_SEP})?"
    r"(?P<holder>[\u3040-\u30ff\u3400-\u9fffA-Za-z][\u3040-\u30ff\u3400-\u9fffA-Za-z\s・.]*)\)?"
)
#: The words of a label before a part of a Japanese account that say nothing of it
#: (``銀行名：``, ``支店名：``, ``口座種別：``, ``預金種目``), dropped before it is read.
_JP_LABELS = re.compile(r"(?:金融機関名?|銀行名|支店名|口座種別|預金種目|口座種目|種目)[:：]?")
#: A Japanese account: a bank (by name, :data:`_JP_BANKS`, or by its 4-digit code),
#: a branch (its 3-digit number, perhaps with ``支店``; its name with ``支店``, perhaps
#: with its number after it, ``渋谷支店(135)``; or its name alone before the account's
#: type), the account's type (``普通``, ``当座``, ``貯蓄`` or its digit 1, 2, 4) and the
#: 7-digit number (upper case, NFKC), perhaps the holder's name after it.
_JP_ACCOUNT = re.compile(
    rf"(?:(?:口座|銀行)?(?:振込先)?{_JP_SEP})?"
    rf"(?:(?P<name>{_alternation(map(re.escape, _JP_BANKS))})(?!信託)"
    rf"\s*(?:銀行|BANK|ネット銀行)?{_JP_SEP})?"
    rf"(?:(?P<code>[0-9]{{4}}){_JP_SEP}(?<![0-9]))?"
    rf"(?:(?:支店|{_JP_BRANCH_NUMBER}){_JP_SEP}(?P<branch1>[0-9]{{3}})"
    rf"|(?P<branch2>[0-9]{{3}}){_JP_SEP}(?:支店|店)?"
    rf"|(?P<branch_name>{_JP_BRANCH_NAME})"
    rf"(?:{_JP_SEP}(?:{_JP_BRANCH_NUMBER})?{_JP_SEP}(?P<branch3>[0-9]{{3}})(?![0-9]))?"
    rf"|(?<=[\s/:,、・])(?P<branch_bare>(?:(?!銀行|信託)[^\s0-9/])+?)(?={_JP_SEP}(?:{_JP_TYPE})))?"
    rf"{_JP_SEP}"
    rf"(?:(?P<type>{_JP_TYPE})(?:預金)?(?:口座)?|(?P<type_digit>[124])(?=[\s\-]))?{_JP_SEP}"
    rf"(?:口座番号|口座)?{_JP_SEP}(?P<number>[0-9]{{7}})(?:{_JP_HOLDER})?"
)
#: A Japan Post Bank (ゆうちょ) account by its symbol (記号, five digits) and number
#: (番号, up to eight), after its name or labelled: keyed as their digits, as they are
#: written bare (``記号 13870 番号 12964381`` = ``ゆうちょ 13870-12964381`` =
#: ``13870-12964381`` = ``1387012964381``).
_YUCHO_ACCOUNT = re.compile(
    rf"(?:(?P<name>ゆうちょ|ユウチョ|YUCHO|JAPAN\s*POST)\s*(?:銀行|BANK)?{_JP_SEP})?"
    rf"(?:(?P<label>記号)(?:番号)?{_JP_SEP})?(?P<symbol>[01][0-9]{{4}}){_JP_SEP}"
    rf"(?:番号{_JP_SEP})?(?P<number>[0-9](?:[\s\-]*[0-9]){{0,7}})(?:{_JP_HOLDER})?"
)
#: The holder's name in Hangul or Latin letters, before (``예금주 홍길동``) or after the
#: number (``홍길동``, ``(예금주: 김민수)``). Not a key part.
_KR_NAME = r"[가-힣A-Za-z][가-힣A-Za-z\s]*"
#: A Korean account: a bank by its Hangul name (:data:`_KR_BANKS`), perhaps with
#: ``은행``, then the number in groups (perhaps in brackets or after ``/``).
_KR_ACCOUNT = re.compile(
    rf"(?:(?:예금주|명의)[\s:：]*{_KR_NAME}?[\s,/]+)?"
    rf"(?P<name>{_alternation(map(re.escape, _KR_BANKS))})\s*(?:은행)?"
    r"[\s:：\-/(]*(?:계좌(?:번호)?[\s:：]*)?(?P<number>[0-9][0-9\s\-]*[0-9])\s*\)?"
    rf"(?:[\s,/(]*(?:(?:예금주|명의)[\s:：]*)?{_KR_NAME}\)?)?\s*"
)
#: A Taiwanese account (in simplified characters): a bank by its name
#: (:data:`_TW_BANKS`), perhaps with its code in brackets, a branch's name (``信義分行``,
#: dropped) and a word for the account, then the number.
_TW_ACCOUNT = re.compile(
    rf"(?P<name>{_alternation(_TW_BANKS)})(?:\s*\(\s*(?P<code>[0-9]{{3}})\s*\))?[\s:：\-/]*"
    r"(?:(?:(?!银行)[^\s0-9()])+?(?:分行|分公司|营业部)[\s:：\-/]*)?"
    r"(?:(?:存款)?(?:帐号|账号|帐户|账户)[\s:：]*)?(?P<number>[0-9][0-9\s\-]*[0-9])\s*"
)
#: Digits of a Canadian transit (branch) number.
_CA_TRANSIT_DIGITS = 5
#: A Korean bank's code before the account's number, a group of its own, then two
#: groups or more (``004-673-76-208884``), or one of 11 to 14 digits (``088
#: 14001318609``; not 10, a Nigerian bank's code and NUBAN).
_KR_CODED = re.compile(
    r"(?P<code>0[0-9]{2})[\s\-]+(?P<number>[0-9]{11,14}|[0-9]+(?:[\s\-]+[0-9]+)+)"
)
_KR_NUMBER_DIGITS = (10, 14)
#: The Latin names of :data:`_JP_BANKS`: before a branch and a number, read as theirs.
_JP_LATIN = _alternation(n for n in _JP_BANKS if n.isascii())
_JP_LATIN_BRANCH = re.compile(rf"(?:{_JP_LATIN})(?:\s*BANK)?[\s\-:]*[0-9]{{3}}[\s\-]+[0-9]")
#: For the fast path: values those two may read (ASCII) go per value.
_JP_KR_ACCOUNT_RE2 = (
    r"^[0-9]{4}[\s\-]+[0-9]{3}[\s\-]+(?:[124][\s\-]+)?[0-9]{7}$"
    r"|^0[0-9]{2}[\s\-]+(?:[0-9]{11,14}|[0-9]+(?:[\s\-]+[0-9]+)+)$"
    rf"|^(?i:{_JP_LATIN})(?i:\s*bank)?[\s\-:]*[0-9]{{3}}[\s\-]+[0-9]"
)


def _apart_from_ifsc(key: str) -> str:
    """An account key that is a known bank's or wallet's name of four letters before
    ``0`` and six more letters or digits (``MUFG0141931``, ``SMBC0141931``) written with
    ``_`` after the name (``MUFG_0141931``): with that shape, an Indian IFSC's
    (:data:`_IFSC`), the key read again would be a branch's code (``bank_code_only``).
    Other keys as they are.

    Examples
    --------
    >>> _apart_from_ifsc("MUFG0141931"), _apart_from_ifsc("MUFG7369213")
    ('MUFG_0141931', 'MUFG7369213')
    >>> _apart_from_ifsc("SBIN0001234"), _apart_from_ifsc("MIZUHO0141931")
    ('SBIN0001234', 'MIZUHO0141931')
    """
    if len(key) != 11 or key[4:5] != "0" or _BARE_IFSC_KEY.fullmatch(key) is None:
        return key
    return key[:4] + "_" + key[4:] if _provider(key[:4]) is not None else key


def _tw_account(text: str) -> _Result | None:
    """A Taiwanese bank account's key (:data:`_TW_ACCOUNT`): the bank's code and the
    number; ``None`` for other values.

    Examples
    --------
    >>> _tw_account("臺灣銀行 038712964381"), _tw_account("台湾银行(004) 038-712-964381")
    (('004038712964381', None, None), ('004038712964381', None, None))
    >>> _tw_account("中華郵政 700 0001387 1296438"), _tw_account("國泰世華(004) 038712964381")
    (('70000013871296438', None, None), (None, 'several_accounts', None))
    >>> _tw_account("招商银行 6225881234567890") is None
    True
    """
    tw = _TW_ACCOUNT.fullmatch(text.translate(_zh.TRAD_TO_SIMP))
    if tw is None:
        return None
    code = _TW_BANKS[tw["name"]]
    if tw["code"] is not None and tw["code"] != code:
        return None, "several_accounts", None  # two banks named
    groups = [g for g in _NON_DIGITS.split(tw["number"]) if g]
    if len(groups) > 1 and groups[0] == code:  # the code written before the number
        groups = groups[1:]
    digits = "".join(groups)
    if code == _TW_POST:
        if len(digits) != _TW_POST_DIGITS:
            return None  # no post office account (``邮政 6221…``: a mainland card)
    elif not _TW_NUMBER_DIGITS[0] <= len(digits) <= _TW_NUMBER_DIGITS[1]:
        return None
    key = code + digits
    return key, None, _luhn_flag(key)


def _jp_kr_account(text: str) -> _Result | None:
    """A Japanese (zengin), Korean or Taiwanese bank account's key, ``None`` for other
    values.

    A Japanese account with its bank and branch is the bank's code, the branch's and
    the number (``0005-138 普通 7369213`` = ``0005 138 1 7369213`` = ``三菱UFJ銀行 138支店
    普通 7369213`` = ``三菱UFJ銀行 渋谷支店(138) 普通 7369213`` = ``00051387369213``);
    without its branch's number, the bank's name in the key and the number
    (``三井住友銀行 7369213`` = ``SMBC 7369213``: never the bare number, which other
    banks' accounts share; :func:`_apart_from_ifsc`). A Japan Post Bank account by its
    symbol and number is their digits (:data:`_YUCHO_ACCOUNT`). A Korean account is its
    bank's name and the number (``국민은행 673-76-208884`` = ``004-673-76-208884`` = ``KB
    67376208884``), a Taiwanese one its bank's code and the number
    (:func:`_tw_account`). No card's Luhn check applies but to a Taiwanese key, which is
    digits only and read again as such.

    Examples
    --------
    >>> _jp_kr_account("0005-138 普通 7369213"), _jp_kr_account("三井住友銀行 7369213")
    (('00051387369213', None, None), ('SMBC7369213', None, None))
    >>> _jp_kr_account("三菱UFJ銀行 渋谷支店 普通 0141931")
    ('MUFG_0141931', None, None)
    >>> _jp_kr_account("국민은행 673-76-208884"), _jp_kr_account("6225881234567890") is None
    (('KB67376208884', None, None), True)
    """
    if text.isascii():
        if not text[:1].isdigit() and not _JP_LATIN_BRANCH.match(text.upper()):
            return None
    else:
        kr = _KR_ACCOUNT.fullmatch(text)
        if kr is not None:
            digits = _NON_DIGITS.sub("", kr["number"])
            if len(digits) < _KR_NUMBER_DIGITS[0] - 2:
                return None
            return _KR_BANKS[kr["name"]] + digits, None, None
        tw = _tw_account(text)
        if tw is not None:
            return tw
    upper = _upper(text) if not text.isascii() else text.upper()
    if not text.isascii():
        upper = _JP_LABELS.sub(" ", upper)
    jp = _JP_ACCOUNT.fullmatch(upper)
    if jp is not None and (jp["holder"] is None or not text.isascii()):
        branch = jp["branch1"] or jp["branch2"] or jp["branch3"]
        bank = _JP_BANKS[jp["name"]] if jp["name"] else None
        code = jp["code"] or (bank[0] if bank else None)
        marked = jp["type"] or jp["type_digit"] or jp["name"] or jp["branch_name"]
        if jp["code"] and bank and bank[0] != jp["code"]:
            return None, "several_accounts", None  # two banks named
        if code and branch and (marked or jp["code"]):
            return code + branch + jp["number"], None, None
        if bank is not None:  # no branch (or only its name): the bank's name kept
            return _apart_from_ifsc(bank[1] + jp["number"]), None, None
        return None
    yucho = None if text.isascii() else _YUCHO_ACCOUNT.fullmatch(upper)
    if yucho is not None and (yucho["name"] or yucho["label"]):
        return yucho["symbol"] + _NON_DIGITS.sub("", yucho["number"]), None, None
    kr = _KR_CODED.fullmatch(text)
    if kr is not None and kr["code"] in _KR_BANK_CODES:
        groups = _NON_DIGITS.split(kr["number"])
        if len(groups) == 2 and len(groups[0]) == _CA_TRANSIT_DIGITS:
            return None  # Canada's institution, transit and account (004-12345-1234567)
        if len(groups) == 1 and kr["code"] in _KR_TW_CODES:
            return None  # Korea's or Taiwan's bank: the code and the number as written
        digits = _NON_DIGITS.sub("", kr["number"])
        if _KR_NUMBER_DIGITS[0] <= len(digits) <= _KR_NUMBER_DIGITS[1]:
            return _KR_BANK_CODES[kr["code"]] + digits, None, None
    return None


# ---------------------------------------------------------------------------
# id_document
# ---------------------------------------------------------------------------

#: Labels of company and personal numbers in Japan (corporate number, company
#: registration number, My Number, a qualified invoice issuer's registration number:
#: ``適格請求書発行事業者登録番号``, ``インボイス番号``, ``登録番号``), Korea (business
#: registration, resident registration, corporate registration numbers, and
#: ``등록번호`` alone), Taiwan (the unified business number: ``統一編號``, ``統編``,
#: ``公司統編``), Egypt and the Gulf (national ID, identity number, residence permit,
#: commercial register, trade licence; any alef), before a separator or not; in Latin
#: letters the Gulf's ``BRN``, ``CR`` and trade licences (also Dubai's ``DED``) and
#: Taiwan's ``UBN``, before a separator: :data:`_ID_LABEL` with them.
_ID_LABEL_WORDS = (
    r"法人番号|会社法人等番号|マイナンバー|個人番号"
    r"|適格請求書発行事業者(?:の)?登録番号|インボイス(?:登録)?番号|登録番号"
    r"|사업자\s*등록\s*번호|사업자\s*번호|주민\s*등록\s*번호|법인\s*등록\s*번호|등록\s*번호"
    r"|(?:公司|營利事業|营利事业)?(?:統一編[號号]|统一编号|統編|统编)"
    r"|ال[رر]قم\s+القومي|رقم\s+ال[هه]وية(?:\s+الوطنية)?|ال[هه]وية\s+الوطنية"
    r"|رقم\s+ال[اأإ]قامة|[اأإ]قامة|(?:رقم\s+)?السجل\s+التجاري"
    r"|(?:رقم\s+)?(?:ال)?رخصة\s+(?:ال)?تجارية(?:\s+رقم)?"
)
_ID_LABEL_LATIN = (
    rf"(?:brn|cr|ubn|(?:ded\s*)?(?:trade\s*)?licen[cs]e|trade\s*licen[cs]e)(?:\s*{_NUMBER_WORD}\b)?"
)
#: Labels of ID documents in Nigeria, Kenya, Ghana, South Africa, Egypt, Pakistan,
#: Bangladesh and Sri Lanka, in Latin letters, with an optional number word: Pakistan's
#: CNIC (``CNIC No.``, ``SNIC``, ``NICOP``, ``NIC``, a child's ``B-Form``, whose number
#: becomes the CNIC's, ``Computerized National Identity Card``), Bangladesh's NID
#: (``NID No.``, ``Smart NID``, ``Smart Card``), Sri Lanka's ``NIC``, the ``Ghana Card``
#: (``Ghana Card PIN``), Kenya's KRA PIN written ``PIN`` or ``KRA`` alone, a country's ID
#: (``Kenyan ID``, ``RSA ID``, ``South African ID``) and Nigeria's ``NIN`` and ``BVN``.
#: Before a separator, also ``-`` (``NIN-48219376510``, ``CNIC-35202...``).
_ID_LABEL_AFRICA_ASIA = (
    r"(?:(?:[cs]?nic(?:op)?|b[\s-]*form|(?:computeri[sz]ed\s*)?national\s*identity\s*card"
    r"|(?:smart\s*)?nid(?:\s*card)?|smart\s*card|ghana\s*card(?:\s*pin)?|(?:kra\s*)?pin|kra"
    r"|(?:kenyan?|nigerian?|ghanaian|pakistani|bangladeshi|sri\s*lankan|egyptian|r?sa|za"
    r"|south\s*african?)\s*(?:national\s*)?id(?:\s*card)?|nin|bvn)"
    rf"(?:\s*{_NUMBER_WORD}\b)?)(?:\s*[:=#.\-]\s*|\s+)"
)
#: The same countries' labels in their scripts, before a separator or not: Egypt's
#: national number without its article or with a final ``ى`` (``رقم قومي``, ``الرقم
#: القومى``), Pakistan's identity card in Urdu (``شناختی کارڈ``, ``قومی شناختی کارڈ
#: نمبر``), Bangladesh's national ID card in Bengali (``জাতীয় পরিচয়পত্র``, ``এনআইডি``;
#: NFKC, as the values are).
_ID_LABEL_AFRICA_ASIA_WORDS = unicodedata.normalize(
    "NFKC",
    r"(?:ال)?رقم\s+(?:ال)?قوم[يى]|(?:قومی\s+)?شناختی\s+کارڈ(?:\s+نمبر)?"
    r"|জাতীয়\s*পরিচয়\s*পত্র(?:\s*(?:নম্বর|নং))?|এনআইডি(?:\s*(?:নম্বর|নং))?",
)
#: Labels of ID documents: only before a separator (``CURPSTVC...`` may be an ID).
_ID_PREFIX_PATTERN = (
    rf"^(?:{_ID_NUMBER_SIGN}|{_ID_LABEL}(?:{_LABEL_SEPARATOR})|{_BARE_NUMBER_WORD}"
    rf"|(?:{_ID_LABEL_WORDS})(?:{_LABEL_SEPARATOR})?|{_ID_LABEL_LATIN}(?:{_LABEL_SEPARATOR})"
    rf"|{_ID_LABEL_AFRICA_ASIA}|(?:{_ID_LABEL_AFRICA_ASIA_WORDS})(?:{_LABEL_SEPARATOR})?)+"
)
#: A Philippine TIN written with its branch code (``418-205-773-000``): the head
#: office's (``000``, ``00000`` since the code has five digits) is the TIN itself, as
#: the TIN alone names the head office (``418-205-773`` = ``418-205-773-000`` =
#: ``418-205-773-00000``: ``418205773``); another branch keeps its code, in three
#: digits (``418-205-773-00001`` = ``418-205-773-001``: ``418205773001``): a branch is
#: another place of business, and twelve digits in hyphenated threes are not always a
#: TIN. Only so written: twelve bare digits, or in threes between spaces, are as often
#: another country's number (Malaysia's MyKad, Vietnam's CCCD), whose first nine digits
#: are nobody's. No two twelve-digit numbers become one key: at most one ending in
#: ``000`` becomes its first nine digits.
_PH_TIN_BRANCH_RE2 = r"^([0-9]{3}-[0-9]{3}-[0-9]{3})-(?:0{5}|0{3}|00([0-9]{3}))$"
_PH_TIN_BRANCH = re.compile(_PH_TIN_BRANCH_RE2)
#: Dubai's trade licence numbers written with their ``CN-``/``TL-`` (commercial
#: licence number, trade licence): the number.
_ID_LICENCE_MARK_RE2 = r"(?i)^(?:cn|tl)\s*-\s*([0-9]{5,})$"
_ID_LICENCE_MARK = re.compile(r"(?:cn|tl)\s*-\s*([0-9]{5,})", re.IGNORECASE)
_ID_PREFIX = re.compile(_ID_PREFIX_PATTERN, re.IGNORECASE)
#: Separators: whitespace, ``-``, ``.``, ``/`` (``788.002.158-23``, a Brazilian CPF), the
#: ``:``/``=``/``#`` that end a label this module does not know (``KP: 85...``), and the
#: other dashes of :data:`_DEVICE_SEPARATORS` (``220−81−62517``, ``220ー81ー62517``).
_ID_SEPARATORS = re.compile(r"[\s\-./:=#\u2010-\u2015\u2212ー]+")
_ID_OK = re.compile(r"[A-Z0-9]+")
_CN_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_ID_CHECK = "10X98765432"


def _cn_id_ok(key: str) -> bool:
    """ISO 7064 MOD 11-2 check character of an 18-character Chinese resident ID."""
    total = sum(int(c) * w for c, w in zip(key[:17], _CN_ID_WEIGHTS, strict=True))
    return _CN_ID_CHECK[total % 11] == key[17]


_ES_ID_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def _es_id_ok(key: str) -> bool:
    """Whether a Spanish DNI (8 digits and a letter) or NIE (``X``, ``Y`` or ``Z`` for 0,
    1 or 2, 7 digits and a letter) has its letter: the number modulo 23 in
    :data:`_ES_ID_LETTERS`. A DNI of 8 digits and ``K`` may be a Chilean RUT, its check
    digit ``K``: that passes too (:func:`_cl_rut_ok`); so does a Singapore business's
    UEN, 8 digits and a check letter too (:func:`_sg_business_uen_ok`).

    Examples
    --------
    >>> _es_id_ok("12345678Z"), _es_id_ok("X1234567L"), _es_id_ok("12345678A")
    (True, True, False)
    >>> _es_id_ok("00192200M")  # a Singapore business's UEN
    True
    """
    number = key[:-1]
    if number[0] in "XYZ":
        number = str("XYZ".index(number[0])) + number[1:]
    ok = _ES_ID_LETTERS[int(number) % 23] == key[-1]
    if ok or not key[0].isdigit():
        return ok
    return (key[-1] == "K" and _cl_rut_ok(key)) or _sg_business_uen_ok(key)


def _cl_rut_ok(key: str) -> bool:
    """Whether digits and a check character (a digit or ``K``) are a Chilean RUT: 11
    minus the digits' sum weighted 2 to 7 from the last one on, modulo 11 (11 is ``0``,
    10 ``K``)."""
    total = sum(int(c) * (2 + i % 6) for i, c in enumerate(reversed(key[:-1])))
    check = 11 - total % 11
    return key[-1] == ("0" if check == 11 else "K" if check == 10 else str(check))


#: A Singapore business's UEN (ROB: 8 digits and a letter): the digits weighted so,
#: modulo 11, in :data:`_SG_UEN_LETTERS`.
_SG_UEN_WEIGHTS = (10, 4, 9, 3, 8, 2, 7, 1)
_SG_UEN_LETTERS = "XMKECAWLJDB"


def _sg_business_uen_ok(key: str) -> bool:
    """Whether 8 digits and a letter are a Singapore business's UEN (ROB).

    Examples
    --------
    >>> _sg_business_uen_ok("00192200M"), _sg_business_uen_ok("00192200A")
    (True, False)
    """
    total = sum(int(c) * w for c, w in zip(key[:8], _SG_UEN_WEIGHTS, strict=True))
    return _SG_UEN_LETTERS[total % 11] == key[8]


_SG_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)


def _sg_nric_ok(key: str) -> bool:
    """Whether a Singapore NRIC (``S``, ``T``) or FIN (``F``, ``G``), 7 digits and a letter,
    has its letter: the digits weighted 2, 7, 6, 5, 4, 3, 2, plus 4 after ``T`` or ``G``,
    modulo 11, in the series' table. ``S``, ``F`` and ``G`` also begin a Spanish company's
    tax number (CIF) whose check is a letter: that passes too (:func:`_es_cif_letter_ok`).

    Examples
    --------
    >>> _sg_nric_ok("S1234567D"), _sg_nric_ok("T0123456G"), _sg_nric_ok("S1234567A")
    (True, True, False)
    """
    total = sum(int(c) * w for c, w in zip(key[1:8], _SG_WEIGHTS, strict=True))
    total += 4 if key[0] in "TG" else 0
    table = "JZIHGFEDCBA" if key[0] in "ST" else "XWUTRQPNMLK"
    return table[total % 11] == key[8] or (key[0] != "T" and _es_cif_letter_ok(key))


def _es_cif_letter_ok(key: str) -> bool:
    """Whether a Spanish CIF (a letter, 7 digits and a check character) has its check
    letter: the digits in even places plus the digit sums of those in odd places
    doubled, 10 minus that modulo 10, as a letter of ``JABCDEFGHI``."""
    digits = [int(c) for c in key[1:8]]
    total = sum(digits[1::2]) + sum(sum(divmod(2 * d, 10)) for d in digits[0::2])
    return "JABCDEFGHI"[(10 - total % 10) % 10] == key[8]


#: The values of an Italian codice fiscale's characters in odd places (1st, 3rd, ...):
#: a digit as the letter in its place (0 as A, 1 as B, ...).
_IT_ODD = (
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
)  # fmt: skip


def _it_cf_ok(key: str) -> bool:
    """Whether an Italian codice fiscale (16 characters) has its check letter: the
    values of the first 15 (in odd places :data:`_IT_ODD`, in even places a digit's
    value or a letter's place from 0) modulo 26, as a letter.

    Examples
    --------
    >>> _it_cf_ok("RSSMRA85T10A562S"), _it_cf_ok("RSSMRA85T10A562T")
    (True, False)
    """
    total = 0
    for i, c in enumerate(key[:15]):
        place = ord(c) - 48 if c.isdigit() else ord(c) - 65
        total += _IT_ODD[place] if i % 2 == 0 else place
    return chr(65 + total % 26) == key[15]


#: The values of a Mexican CURP's characters: ``Ñ`` (which the key cannot hold) is
#: between ``N`` and ``O``.
_MX_CURP_VALUES = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"


def _mx_curp_ok(key: str) -> bool:
    """Whether a Mexican CURP (18 characters) has its check digit: 10 minus the values
    of the first 17 (:data:`_MX_CURP_VALUES`) weighted 18 down to 2, modulo 10.

    Examples
    --------
    >>> _mx_curp_ok("BOXW310820HNERXN09"), _mx_curp_ok("BOXW310820HNERXN08")
    (True, False)
    """
    total = sum(_MX_CURP_VALUES.index(c) * (18 - i) for i, c in enumerate(key[:17]))
    return str((10 - total % 10) % 10) == key[17]


_BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _in_gstin_ok(key: str) -> bool:
    """Whether an Indian GSTIN (15 characters) has its check character: Luhn modulo 36
    over its characters (digits, then letters as 10-35).

    Examples
    --------
    >>> _in_gstin_ok("27AAPFU0939F1ZV"), _in_gstin_ok("27AAPFU0939F1ZO")
    (True, False)
    """
    total = 0
    for i, c in enumerate(reversed(key)):
        value = _BASE36.index(c) * (2 if i % 2 else 1)
        total += value // 36 + value % 36
    return total % 36 == 0


#: ID numbers whose form names their scheme, each with a published check character
#: (:func:`_id_check_fails`): a Chinese resident ID, a Spanish DNI or NIE, a Singapore
#: NRIC or FIN, an Italian codice fiscale, a Mexican CURP, an Indian GSTIN. Numbers of
#: digits alone (a Brazilian CPF or CNPJ, an Aadhaar, a PESEL, a TC Kimlik, a South
#: African or Korean ID, a BSN, a personnummer, a CUIT, a Chilean RUT) are not among
#: them: other countries' numbers, many without a check digit, have their lengths.
_ID_CHECKED = re.compile(
    r"(?P<cn>[0-9]{17}[0-9X])"
    r"|(?P<es>[0-9]{8}[A-Z]|[XYZ][0-9]{7}[A-Z])"
    r"|(?P<sg>[STFG][0-9]{7}[A-Z])"
    r"|(?P<it>[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z])"
    r"|(?P<mx>[A-Z]{4}[0-9]{6}[A-Z]{6}[0-9A-Z][0-9])"
    r"|(?P<in>[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]Z[0-9A-Z])"
)
_ID_CHECKS: dict[str, Callable[[str], bool]] = {
    "cn": _cn_id_ok,
    "es": _es_id_ok,
    "sg": _sg_nric_ok,
    "it": _it_cf_ok,
    "mx": _mx_curp_ok,
    "in": _in_gstin_ok,
}
_ID_CHECKED_LENGTHS = frozenset({9, 15, 16, 18})
#: The forms of :data:`_ID_CHECKED` but the Chinese resident ID's (the fast path checks
#: those itself), for RE2.
_ID_CHECKED_OTHER_RE2 = (
    r"^(?:[0-9]{8}[A-Z]|[XYZ][0-9]{7}[A-Z]|[STFG][0-9]{7}[A-Z]"
    r"|[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]"
    r"|[A-Z]{4}[0-9]{6}[A-Z]{6}[0-9A-Z][0-9]|[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]Z[0-9A-Z])$"
)


def _id_check_fails(key: str) -> bool:
    """Whether an ID document's key has the form of a number with a published check
    character (:data:`_ID_CHECKED`) and fails its check (the flag ``id_check_failed``).
    A flag is the key's: it cannot follow a label the key has lost, so only forms that
    name their scheme are checked.

    Examples
    --------
    >>> _id_check_fails("110105194912310021"), _id_check_fails("12345678A")
    (True, True)
    >>> _id_check_fails("12345678Z"), _id_check_fails("52998224725")
    (False, False)
    """
    if len(key) not in _ID_CHECKED_LENGTHS:
        return False
    form = _ID_CHECKED.fullmatch(key)
    return form is not None and not _ID_CHECKS[str(form.lastgroup)](key)


#: A New Zealand IRD number (8 or 9 digits) after its label: one of 8 digits is keyed
#: with the leading zero it is also written with (``IRD 49-091-850`` = ``049-091-850``:
#: ``049091850``). A bare 8-digit number is no IRD number by its look.
_IRD_LABEL = re.compile(r"\s*ird(?![^\W\d_])", re.IGNORECASE)
_IRD_LABEL_RE2 = r"(?i)^\s*ird(?:[^a-z]|$)"
_IRD_DIGITS = 8


#: A Russian company's INN with its KPP (``ИНН/КПП 7707083893/773601001``, ``ИНН
#: 7707083893 КПП 773601001``): the INN (the KPP, a registration's reason code, is
#: the company's and its branches' alike).
_INN_KPP = re.compile(
    r"\s*(?:инн|inn)(?:\s*/\s*(?:кпп|kpp))?(?:\s*[:=#]\s*|\s*No\.?\s*|\s+)(?P<inn>[0-9]{10})"
    r"(?:\s*/\s*|\s*[,;]?\s*(?:кпп|kpp)(?:\s*[:=#]\s*|\s+))[0-9]{9}\s*",
    re.IGNORECASE,
)
#: A Polish VAT id (``PL`` and the NIP): the NIP, when its check digit holds (weights
#: 6, 5, 7, 2, 3, 4, 5, 6, 7 modulo 11), as Poland's VAT id is its NIP (``PL5261040828``
#: = ``NIP 526-104-08-28`` = ``5261040828``). Other EU VAT ids keep their country
#: (a German USt-IdNr. is no Steuernummer).
_PL_VAT = re.compile(r"PL([0-9]{10})")
_NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
#: The last four digits of a document named as such (``Last 4 SSN: 4821``, ``last 4 of
#: SSN 4821``, ``L4: 4821``, ``SSN4 4821``, ``SSN-4: 4821``, ``ITIN-4 4821``): strangers
#: share them (``masked_value``, as ``xxx-xx-4821``). Python and RE2 read it alike.
_LAST_FOUR_ID_PATTERN = (
    r"\s*(?:(?:ssn|itin|tin|sin|social(?:\s*security)?)(?:\s*(?:no|number|#))?[^0-9A-Za-z]*)?"
    r"(?:last[^0-9A-Za-z]*(?:4|four)(?:[^0-9A-Za-z]*digits)?|l[\s\-]?4)"
    r"(?:[^0-9A-Za-z]*(?:of|the))*(?:[^0-9A-Za-z]*(?:ssn|itin|tin|sin|social(?:\s*security)?))?"
    r"(?:[^0-9A-Za-z]*(?:no|number))?[^0-9A-Za-z]+[0-9]{4}[^0-9A-Za-z]*"
    r"|\s*(?:ssn|itin|tin|sin)[\s\-]?(?:4|four)[^0-9A-Za-z]+[0-9]{4}[^0-9A-Za-z]*"
)
_LAST_FOUR_ID = re.compile(_LAST_FOUR_ID_PATTERN, re.IGNORECASE)
_LAST_FOUR_ID_RE2 = f"(?i)^(?:{_LAST_FOUR_ID_PATTERN})$"


#: A Japanese qualified invoice issuer's registration number (``T`` and 13 digits) whose
#: digits are a corporate number (:func:`_jp_corporate_ok`): a corporation's invoice
#: number is ``T`` and its corporate number, and the numbers the tax agency gives sole
#: proprietors are none (no corporate number is reused as one), so ``T7010001088960``
#: and ``7010001088960`` are one company and one key, the 13 digits. Any other ``T`` and
#: 13 digits stays as written.
_JP_INVOICE = re.compile(r"T([1-9][0-9]{12})")
_JP_INVOICE_RE2 = r"^T[1-9][0-9]{12}$"


def _jp_corporate_ok(digits: str) -> bool:
    """Whether 13 digits are a Japanese corporate number (法人番号): the first is the
    check digit, 9 minus the sum of the other twelve, weighted 1 and 2 from the last
    one on, modulo 9.

    Examples
    --------
    >>> _jp_corporate_ok("7010001088960"), _jp_corporate_ok("7000012050002")
    (True, True)
    >>> _jp_corporate_ok("1010001088960")
    False
    """
    body = digits[1:]
    total = sum(int(c) * (2 if i % 2 else 1) for i, c in enumerate(reversed(body)))
    return int(digits[0]) == 9 - total % 9


def _nip_ok(digits: str) -> bool:
    """Whether ten digits are a Polish NIP with a valid check digit."""
    total = sum(int(c) * w for c, w in zip(digits, _NIP_WEIGHTS, strict=False))
    return total % 11 == int(digits[9])


def _id_one(text: str) -> _Result:
    if _LAST_FOUR_ID.fullmatch(text):  # "Last 4 SSN: 4821": a document's last digits
        return None, "masked_value", None
    inn_kpp = _INN_KPP.fullmatch(text)
    if inn_kpp is not None:
        text = inn_kpp["inn"]
    s = _ID_PREFIX.sub("", text)
    s = _ID_LICENCE_MARK.sub(r"\1", s) if _ID_LICENCE_MARK.fullmatch(s) else s
    s = _PH_TIN_BRANCH.sub(r"\1\2", s)
    key = _upper(_ID_SEPARATORS.sub("", s))
    if len(key) == _IRD_DIGITS and key.isdigit() and _IRD_LABEL.match(text):
        key = "0" + key
    if not _DIGIT.search(key):  # no document number is letters only ("tidak ada", "pending")
        return None, "no_digit", None
    if not key.isascii() or not _ID_OK.fullmatch(key):
        return None, "invalid_characters", None
    pl_vat = _PL_VAT.fullmatch(key) if key[:2] == "PL" else None
    if pl_vat is not None and _nip_ok(pl_vat[1]):
        return pl_vat[1], None, None
    invoice = _JP_INVOICE.fullmatch(key) if key[:1] == "T" else None
    if invoice is not None and _jp_corporate_ok(invoice[1]):
        return invoice[1], None, None
    return key, None, "id_check_failed" if _id_check_fails(key) else None


def _id_kernel(texts: list[str], comp: _Compiled) -> list[_Result]:
    return [_id_one(t) for t in texts]


def _normalize_id_document(values: pd.Series, config: NormalizeConfig) -> pd.DataFrame:
    """Identity documents (resident ID, passport, licence numbers).

    Labels such as ``身份证:``, ``CPF`` or ``登録番号：`` removed (see the module
    docstring and :data:`_ID_LABEL_WORDS`), spaces, hyphens (and the other dashes and
    ``ー``), dots and slashes removed
    (``788.002.158-23``), upper-cased
    (``x`` -> ``X``); only ASCII letters and digits are valid. A number whose form names
    a scheme with a published check character (:data:`_ID_CHECKED`: an 18-character
    Chinese resident ID, 17 digits and a digit or ``X``, with its ISO 7064 MOD 11-2
    check; a Spanish DNI or NIE; a Singapore NRIC or FIN; an Italian codice fiscale; a
    Mexican CURP; an Indian GSTIN) and a wrong check character gets the flag
    ``id_check_failed`` (kept). A South African
    ID number's Luhn digit is not checked: 13 digits are also a Pakistani CNIC, a
    Bangladeshi NID or a Korean resident registration number (a date of birth first too),
    none Luhn-checked, and a flag is the key's, so it cannot follow a label the key has
    lost (``SA ID 8001015009088`` and ``8001015009088`` are one key); nor is any other
    number of digits alone (a CPF, an Aadhaar, a PESEL). A Japanese
    invoice number whose digits are a corporate number is that number
    (:data:`_JP_INVOICE`: ``T7010001088960`` is ``7010001088960``).

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


#: A label before an IP address (``IP: 177.1.1.1``, ``IP address 2001:db8::1``, ``IPv4 =
#: ...``, ``Endereço IP:``, ``Dirección IP:``), followed by a separator or a space.
_IP_LABEL = re.compile(
    r"^(?:ip(?:\s*v[46])?(?:\s*(?:address|addr))?|endere[cç]o\s*(?:de\s*)?ip"
    r"|direcci[oó]n\s*(?:de\s*)?ip|adresse\s*ip)(?:\s*[:=#]\s*|\s+)"
)


def _ip_one(text: str) -> _Result:
    s = text.lower()
    if s[:1] in ("i", "e", "d", "a"):
        s = _IP_LABEL.sub("", s.strip())
    s = "".join(s.split())
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
    """``private_ip``, ``reserved_ip`` or ``None`` (IPv4 by a lookup in :func:`_ipv4_flags`)."""
    table = _ipv4_flags() if addr.version == 4 else None
    if table is None:
        return _ip_flag_exact(addr)
    starts, codes = table
    return FLAG_CODES[codes[bisect.bisect_right(starts, int(addr)) - 1]]


def _ip_flag_exact(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """The flag from the :mod:`ipaddress` predicates themselves."""
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
    """Any other kind: NFKC, case-folded, trimmed, inner whitespace collapsed
    (invisible and control characters removed first, as for every kind).

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
# Vectorised fast paths
# ---------------------------------------------------------------------------
#
# Large batches go through these first. A fast path works on all the distinct
# values of a batch at once -- Arrow compute kernels (RE2 expressions, trims,
# set lookups, Unicode NFKC) and NumPy on the UTF-8 bytes -- and decides the
# common clean shapes of its kind completely: the shared rules, the kind's own
# rules and flags, and the checks on the key. Every value it cannot decide goes
# through the per-value path above (``_normalize_texts``), which stays the
# reference: both paths give identical results, and a differential test compares
# them on large generated and hand-written corpora.
#
# Fast paths only take printable ASCII (addresses also CJK ideographs, full-width
# ASCII, ideographic spaces and commas, and symbols such as emoji), where Python's
# and RE2's whitespace, case folding and word characters agree and NFKC is a known
# mapping. Anything else (control or invisible characters, other scripts, odd
# shapes) is handed to the per-value path, split over the cores when large.

#: Smallest number of distinct values for which the fast paths are worth their
#: fixed cost (a few dozen Arrow calls); smaller batches go per value.
_FAST_MIN = 128
#: Distinct values per chunk of the fast paths.
_FAST_CHUNK = 1 << 15


#: Threads working on chunks at once.
_FAST_THREADS = max(1, min(available_cores(), 4))

#: Reason codes of :class:`DistinctCodes` (0: accepted).
REASON_CODES: tuple[str | None, ...] = (None, *REASONS)
#: Flag codes of :class:`DistinctCodes` (0: no flag).
FLAG_CODES: tuple[str | None, ...] = (None, *FLAGS)
_REASON_OBJ = np.array(REASON_CODES, dtype=object)
_FLAG_OBJ = np.array(FLAG_CODES, dtype=object)
_R_EMPTY = REASON_CODES.index("empty")
_R_TOO_LONG = REASON_CODES.index("too_long")
_R_PLACEHOLDER = REASON_CODES.index("placeholder")
_R_INVALID_EMAIL = REASON_CODES.index("invalid_email")
_R_INVALID_IP = REASON_CODES.index("invalid_ip")
_R_INVALID_VALUE = REASON_CODES.index("invalid_value")
_R_SCIENTIFIC = REASON_CODES.index("scientific_notation")
_R_NO_DIGIT = REASON_CODES.index("no_digit")
_R_INVALID_CHARACTERS = REASON_CODES.index("invalid_characters")
_F_LUHN = FLAG_CODES.index("luhn_failed")
_F_IMEI = FLAG_CODES.index("imei_check_failed")
_F_ID = FLAG_CODES.index("id_check_failed")
_F_IBAN = FLAG_CODES.index("iban_check_failed")
_R_INVALID_PHONE = REASON_CODES.index("invalid_phone")
_F_UNLISTED_PHONE = FLAG_CODES.index("unlisted_phone")

_LARGE_STRING = pa.large_string()


def _large(text: str) -> Any:
    return pa.scalar(text, type=_LARGE_STRING)


class _Fast(NamedTuple):
    """What a fast kernel decided for its rows (reason/flag are code indices)."""

    key: Any  # pyarrow large_string array; read only where reason == 0 and not slow
    reason: np.ndarray
    flag: np.ndarray
    slow: np.ndarray  # rows the kernel cannot decide: per-value path


_FastKernel = Callable[[Any, Any, "_Compiled"], _Fast]


def _lut(chars: str) -> np.ndarray:
    """Byte lookup table: True for the (ASCII) characters given."""
    table = np.zeros(256, dtype=bool)
    table[np.frombuffer(chars.encode("ascii"), dtype=np.uint8)] = True
    return table


def _lut_bytes(*values: int) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(values)] = True
    return table


@functools.lru_cache(maxsize=256)
def _byte_runs(table: bytes) -> tuple[bool, tuple[tuple[int, int], ...]] | None:
    """A lookup table as at most four runs of bytes (``(negated, runs)``), or None."""
    flags = np.frombuffer(table, dtype=bool)
    for negated in (False, True):
        marked = np.flatnonzero(flags != negated)
        if not len(marked):
            continue
        cuts = np.flatnonzero(np.diff(marked) > 1)
        if len(cuts) < 4:
            starts = np.append(marked[0], marked[cuts + 1])
            ends = np.append(marked[cuts], marked[-1])
            return negated, tuple(zip(starts.tolist(), ends.tolist(), strict=True))
    return None


def _in_table(table: np.ndarray, data: np.ndarray) -> np.ndarray:
    """``table[data]`` for a byte lookup table and an array of bytes.

    Tables of up to four runs of bytes (digits, letters and digits, non-ASCII and
    their complements) are compared against instead: several times faster than
    NumPy's gather, over every byte of millions of values.
    """
    found = _byte_runs(table.tobytes())
    if found is None:
        return table[data]
    negated, runs = found
    # one unsigned comparison per run: data - lo wraps below lo
    lo, hi = runs[0]
    out = np.subtract(data, np.uint8(lo), dtype=np.uint8) <= np.uint8(hi - lo)
    for lo, hi in runs[1:]:
        out |= np.subtract(data, np.uint8(lo), dtype=np.uint8) <= np.uint8(hi - lo)
    if negated:
        np.logical_not(out, out=out)
    return out


_ASCII_ALNUM = "".join(chr(c) for c in range(128) if chr(c).isalnum())
_B_PRINTABLE = _lut("".join(map(chr, range(0x20, 0x7F))))
_B_NOT_PRINTABLE = ~_B_PRINTABLE
_B_ALNUM = _lut(_ASCII_ALNUM)
_B_NOT_ALNUM = ~_B_ALNUM
_B_DIGIT = _lut("0123456789")
_B_SPACE = _lut(" ")
_B_UPPER_ALNUM = _lut("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_B_NON_ASCII = np.arange(256) >= 0x80
_CHAR_BYTES = np.select(
    [np.arange(256) >= 0xF0, np.arange(256) >= 0xE0, np.arange(256) >= 0xC0], [4, 3, 2], 1
)


def _buffers(arr: Any) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes and int64 offsets of a ``large_string`` array without nulls."""
    _, offsets, data = arr.buffers()
    off = np.frombuffer(offsets, dtype=np.int64, count=len(arr) + 1, offset=arr.offset * 8)
    if data is None:
        return np.zeros(0, dtype=np.uint8), off
    return np.frombuffer(data, dtype=np.uint8), off


def _compact_bytes(arr: Any) -> tuple[np.ndarray, np.ndarray]:
    """Like :func:`_buffers`, but the bytes of exactly these rows, offsets from 0."""
    data, off = _buffers(arr)
    return data[off[0] : off[-1]], off - off[0]


def _from_bytes(data: np.ndarray, off: np.ndarray) -> Any:
    return pa.LargeStringArray.from_buffers(
        len(off) - 1,
        pa.py_buffer(np.ascontiguousarray(off, dtype=np.int64)),
        pa.py_buffer(np.ascontiguousarray(data, dtype=np.uint8)),
    )


def _row_sums(hit: np.ndarray, off: np.ndarray) -> np.ndarray:
    """Per-row sums of a per-byte boolean array (offsets from 0)."""
    lens = np.diff(off)
    out = np.zeros(len(lens), dtype=np.int32)
    full = np.flatnonzero(lens)
    if len(full):
        # summed in the narrowest type no row can overflow: over bytes, np.add.reduceat
        # in uint8 is several times faster than in int32, or than a running count
        longest = int(lens.max())
        dtype = np.uint8 if longest < 1 << 8 else np.uint16 if longest < 1 << 16 else np.int64
        out[full] = np.add.reduceat(hit.view(np.uint8), off[full], dtype=dtype)
    return out


def _kept_offsets(keep: np.ndarray, off: np.ndarray) -> np.ndarray:
    """Offsets of the rows once only the bytes in ``keep`` remain (offsets from 0)."""
    out = np.zeros(len(off), dtype=np.int64)
    np.cumsum(_row_sums(keep, off), out=out[1:], dtype=np.int64)
    return out


def _rows_with(hit: np.ndarray, off: np.ndarray) -> np.ndarray:
    """Per row, whether any of its bytes is set in ``hit`` (offsets from 0)."""
    n_hits = int(np.count_nonzero(hit))
    out = np.zeros(len(off) - 1, dtype=bool)
    if n_hits * 8 > len(hit):  # dense: one maximum per row
        full = np.flatnonzero(np.diff(off))
        out[full] = np.maximum.reduceat(hit.view(np.uint8), off[full]).view(bool)
    elif n_hits:
        out[np.searchsorted(off, np.flatnonzero(hit), side="right") - 1] = True
    return out


def _has(arr: Any, table: np.ndarray) -> np.ndarray:
    """Per row, whether it holds any byte in the lookup table."""
    data, off = _compact_bytes(arr)
    return _rows_with(_in_table(table, data), off)


def _count(arr: Any, table: np.ndarray) -> np.ndarray:
    """Number of bytes of each row in the lookup table."""
    data, off = _compact_bytes(arr)
    return _row_sums(_in_table(table, data), off)


def _drop(arr: Any, drop: np.ndarray) -> Any:
    """Rows without the bytes where ``drop`` (one flag per byte) is set."""
    data, off = _compact_bytes(arr)
    keep = ~drop
    return _from_bytes(data[keep], _kept_offsets(keep, off))


def _delete(arr: Any, table: np.ndarray, rows: np.ndarray | None = None) -> Any:
    """Rows without the bytes in the lookup table (only in ``rows``, if given)."""
    data, off = _compact_bytes(arr)
    drop = _in_table(table, data)
    if rows is not None:
        drop &= np.repeat(rows, np.diff(off))
    return _drop(arr, drop)


def _substrings(arr: Any, start: np.ndarray, stop: np.ndarray) -> Any:
    """``row[start:stop]`` for every row, in bytes (0 <= start <= stop <= len)."""
    data, off = _compact_bytes(arr)
    lens = stop - start
    new_off = np.zeros(len(lens) + 1, dtype=np.int64)
    np.cumsum(lens, out=new_off[1:], dtype=np.int64)
    idx = np.repeat(off[:-1] + start - new_off[:-1], lens) + np.arange(new_off[-1])
    return _from_bytes(data[idx], new_off)


def _lengths(arr: Any) -> np.ndarray:
    return np.diff(_buffers(arr)[1])


def _first_bytes(arr: Any) -> np.ndarray:
    """First byte of every row (0 for empty rows)."""
    data, off = _compact_bytes(arr)
    lens = np.diff(off)
    out = np.zeros(len(lens), dtype=np.uint8)
    out[lens > 0] = data[off[:-1][lens > 0]]
    return out


def _last_bytes(arr: Any) -> np.ndarray:
    data, off = _compact_bytes(arr)
    lens = np.diff(off)
    out = np.zeros(len(lens), dtype=np.uint8)
    out[lens > 0] = data[off[1:][lens > 0] - 1]
    return out


def _np(arr: Any) -> np.ndarray:
    """A pyarrow array without nulls as NumPy."""
    return arr.to_numpy(zero_copy_only=False)


def _matches(arr: Any, pattern: str) -> np.ndarray:
    return _np(pc.match_substring_regex(arr, pattern))


#: What Python's ``str.strip()`` removes: every character ``str.isspace()`` accepts.
_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _trim_spaces(arr: Any) -> Any:
    return pc.utf8_trim(arr, characters=_SPACES)


def _where(mask: np.ndarray, arr: Any, fn: Callable[[Any], Any]) -> Any:
    """``arr`` with ``fn`` applied to the rows in ``mask`` only."""
    if not mask.any():
        return arr
    if mask.all():
        return fn(arr)
    pmask = pa.array(mask)
    return pc.replace_with_mask(arr, pmask, fn(arr.filter(pmask)))


@functools.lru_cache(maxsize=64)
def _value_set(values: frozenset[str]) -> Any:
    return pa.array(sorted(values), type=_LARGE_STRING)


def _isin(arr: Any, values: frozenset[str]) -> np.ndarray:
    return _np(pc.is_in(arr, value_set=_value_set(values)))


def _junk_many(sig: Any, min_len: int, structural: bool) -> np.ndarray:
    """:func:`_junk` for many significant-character strings (any script)."""
    n = _np(pc.utf8_length(sig))
    if not structural:
        return (n == 0) | ~_has(sig, ~_lut("0"))
    junk = (n == 0) | (n < min_len) | (n == 1)
    junk |= (n >= 4) & _isin(sig, _RUNS)
    # one character repeated, or a 2- or 3-character unit repeated over at least
    # _REPEAT_SPAN more characters (8 for two, 9 for three in all): a string has
    # period p when dropping its first p characters equals dropping its last p.
    # Its UTF-8 bytes then have period P, the byte length of its first p
    # characters, which makes a cheap filter: byte P = byte 0 and last = last - P.
    data, off = _compact_bytes(sig)
    start, end = off[:-1], off[1:]
    width = np.zeros(len(n), dtype=np.int64)  # bytes of the first p characters
    for p, at_least in ((1, 2), (2, 2 + _REPEAT_SPAN), (3, 3 + _REPEAT_SPAN)):
        at = np.flatnonzero(n > p)
        width[at] += _CHAR_BYTES[data[start[at] + width[at]]]
        at = np.flatnonzero(~junk & (n >= at_least))
        w = width[at]
        maybe = (data[start[at] + w] == data[start[at]]) & (
            data[end[at] - 1] == data[end[at] - 1 - w]
        )
        rows = at[maybe]
        if len(rows):
            sub = sig.take(pa.array(rows))
            same = pc.equal(pc.utf8_slice_codeunits(sub, p), pc.utf8_slice_codeunits(sub, 0, -p))
            junk[rows] = _np(same)
    return junk


def _arrow_strings(uniques: object) -> tuple[Any, np.ndarray] | None:
    """Distinct values as a ``large_string`` array and the mask of those that are ``str``.

    Values that are not ``str`` (numbers, bytes) are empty strings here and go
    per value. ``None`` when the strings cannot be converted (lone surrogates).
    """
    values = uniques.array if isinstance(uniques, pd.Index) else uniques
    dtype = getattr(values, "dtype", None)
    if isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow":
        arr = pa.array(values)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        arr = arr.cast(_LARGE_STRING)
        if arr.null_count == 0:
            return arr, np.ones(len(arr), dtype=bool)
    obj = np.asarray(values, dtype=object)
    is_str = np.fromiter((type(v) is str for v in obj), dtype=bool, count=len(obj))
    texts = obj if is_str.all() else np.where(is_str, obj, "")
    try:
        return pa.array(texts, type=_LARGE_STRING), is_str
    except (pa.ArrowException, UnicodeError):
        return None


# Symbols and pictographs (emoji: U+1F300-U+1FAFF; U+2600-U+27BF and U+2B00-U+2BFF
# but for the circled digits U+2776-U+2793) separate words, as any symbol does: none
# is a letter, a digit or a mark, and NFKC and case folding leave each unchanged.
_WIDE_OK = (
    "^[\\x20-\\x7e\\x{3000}-\\x{3002}\\x{4e00}-\\x{9fff}\\x{ff01}-\\x{ff5e}"
    "\\x{2600}-\\x{2775}\\x{2794}-\\x{27bf}\\x{2b00}-\\x{2bff}\\x{1f300}-\\x{1faff}]*$"
)


def _prep(arr: Any, spec: _Spec, comp: _Compiled) -> tuple[np.ndarray, np.ndarray, Any, Any]:
    """The shared rules (1-3 of the module docstring) on many distinct values.

    Returns reason codes, the rows that must go per value (characters outside
    what the fast paths take), and the trimmed text (NFKC) and its case fold.
    """
    n = len(arr)
    reason = np.zeros(n, dtype=np.int8)
    slow = _has(arr, _B_NOT_PRINTABLE)
    if spec.wide:  # CJK, full-width ASCII, ideographic space and commas are fine
        wide = _has(arr, _B_NON_ASCII)
        rows = wide & slow
        if rows.any():
            slow[rows] = ~_matches(arr.filter(pa.array(rows)), _WIDE_OK)
        text = pc.utf8_trim(arr, characters=" \u3000")
    else:
        text = pc.utf8_trim(arr, characters=" ")
    length = _np(pc.utf8_length(text))
    reason[length == 0] = _R_EMPTY
    reason[length > comp.max_len] = _R_TOO_LONG
    if spec.wide:  # NFKC changes full-width ASCII (EF ..) and U+3000 (E3 80 80) only
        rows = _has(text, _lut_bytes(0xE3, 0xEF))
        text = _where(rows, text, lambda x: pc.utf8_trim(pc.utf8_normalize(x, "NFKC"), " "))
        reason[(reason == 0) & (_lengths(text) == 0)] = _R_EMPTY
    if spec.mask_bytes:  # perhaps masked (:func:`_is_masked`): per value
        slow |= _maybe_masked(text, spec)
    folded = pc.ascii_lower(text)
    todo = (reason == 0) & ~slow
    reason[todo & _isin(folded, comp.placeholders)] = _R_PLACEHOLDER
    if spec.raw_rules:  # never wide: the text is ASCII
        todo = (reason == 0) & ~slow
        sig = _delete(folded, _B_NOT_ALNUM)
        junk = _isin(sig, comp.squashed) | _junk_many(sig, spec.min_len, spec.structural)
        reason[todo & junk] = _R_PLACEHOLDER
    return reason, slow, text, folded


#: The lookup table of a kind's ``mask_bytes``, made once.
_mask_table = functools.cache(_lut)


def _maybe_masked(text: Any, spec: _Spec) -> np.ndarray:
    """The rows of ``text`` (trimmed, NFKC) that :func:`_is_masked` may find masked, for
    the per-value path: those holding one of ``spec.mask_bytes`` (a byte test, cheap over
    every row) and, of them, those ``spec.mask_hint`` matches. Bullets and ``尾号`` are
    not ASCII: values holding them go per value anyway. Without this, the shared rules
    would call ``**** 1234`` a placeholder (its letters and digits, ``1234``, are too
    few) before the per-value path could see it."""
    rows = _has(text, _mask_table(spec.mask_bytes))
    if spec.mask_hint is not None and rows.any():
        at = np.flatnonzero(rows)
        rows[at] = _matches(text.take(pa.array(at)), spec.mask_hint)
    return rows


#: The ASCII characters a masked number holds one of: a star, ``#``, an ``x``, the ``n``
#: of ``end`` and the ``s`` of ``last`` (hex ids and ``IMEI:`` hold none); and the values
#: of them :func:`_is_masked` may find masked: a star, two ``x`` (perhaps with
#: separators between them), ``##``, the words for the last digits.
_MASKED_NUMBER_BYTES = "*#xXnNsS"
_MASKED_NUMBER_RE2 = r"(?i)x[^0-9a-z]*x|\*|##|end|last"
#: The same for IPs (a star, ``x`` or ``#``: no IP holds one), e-mail addresses and
#: addresses (a star; a full-width one in an address the fast path NFKC made ``*``).
_MASKED_IP_BYTES = "*#xX"


def _key_placeholder(key: Any, spec: _Spec, comp: _Compiled) -> np.ndarray:
    """The placeholder rules on accepted keys (step 5 of the module docstring)."""
    kfold = key if spec.key_folded else pc.ascii_lower(key)
    bad = (_lengths(key) == 0) | _isin(kfold, comp.placeholders)
    if spec.key_rules:
        ksig = _delete(kfold, _B_SPACE if spec.key_is_words else _B_NOT_ALNUM)
        bad |= _isin(ksig, comp.squashed) | _junk_many(ksig, spec.min_len, spec.structural)
    if spec.national:  # the national number too (see :func:`_junk_national`)
        bad |= _national_junk_many(key, comp)
    return bad


def _national_junk_many(key: Any, comp: _Compiled) -> np.ndarray:
    """:func:`_junk_national` for many phone keys (``+`` and digits).

    Only the keys whose national number's first digits could start a placeholder
    (one digit repeated, a run up or down, a unit of two or three repeated; four
    digits or fewer; or as long as a configured placeholder of digits) are cut and
    checked in full: a few in a thousand real numbers.
    """
    data, off = _compact_bytes(key)
    base, lens = off[:-1], np.diff(off)
    padded = np.concatenate([data, np.zeros(10, dtype=np.uint8)])
    # byte j of each key (past its end: the next key's, or padding), one gather each
    g = [np.zeros(0, dtype=np.uint8), *(padded[j:][base] for j in range(1, 10))]
    width = national_code_widths(g[1], g[2], g[3])
    for row in np.flatnonzero((lens < 4) | (width < 0)):  # not three digits after the +
        text = bytes(data[off[row] : off[row + 1]]).decode("utf-8", "replace")
        nsn = national_number(text)
        width[row] = 0 if nsn is None else len(text) - 1 - len(nsn)
    n = lens - 1 - width
    maybe = (width > 0) & (n < 4)
    lengths = [len(p) for p in comp.squashed if p.isascii() and p.isdigit()]
    if lengths:
        maybe |= (width > 0) & np.isin(n, lengths)
    for w in (1, 2, 3):
        rows = width == w
        if not rows.any():
            continue
        b = g[w + 1 : w + 7]  # the first six digits of the national number
        step = [(b[i + 1] + np.uint8(10) - b[i]) % np.uint8(10) for i in range(3)]
        run = (step[0] == step[1]) & (step[1] == step[2])
        run &= (step[0] == 0) | (step[0] == 1) | (step[0] == 9)  # same, up, down
        two = (b[2] == b[0]) & (b[3] == b[1]) & (b[4] == b[2]) & (b[5] == b[3])
        three = (b[3] == b[0]) & (b[4] == b[1]) & (b[5] == b[2])
        two &= n >= 2 + _REPEAT_SPAN
        three &= n >= 3 + _REPEAT_SPAN
        maybe |= rows & (n >= 4) & (run | two | three)
    out = np.zeros(len(n), dtype=bool)
    rows = np.flatnonzero(maybe)
    if len(rows):
        nsn = _substrings(key.take(pa.array(rows)), 1 + width[rows], lens[rows])
        out[rows] = _isin(nsn, comp.squashed) | _junk_many(nsn, 0, structural=True)
    # a filler (:func:`_is_filler`, :func:`_fills_subscriber`) ends in at least seven
    # of one digit
    last = _FILLER_SUBSCRIBER
    end = off[1:] - 1
    filler = (width > 0) & (lens > last)
    for j in range(1, last):
        filler &= padded[np.maximum(end - j, 0)] == padded[end]
    for row in np.flatnonzero(filler & ~out):
        text = bytes(data[off[row] : off[row + 1]]).decode("ascii", "replace")
        out[row] = _is_filler(text[1 + width[row] :], key=text) or _fills_subscriber(text)
    return out


def _fast_codes(
    uniques: object, spec: _Spec, comp: _Compiled
) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray] | None:
    """The fast paths on distinct values; ``None`` if not possible.

    Returns the keys (``large_string``, null where there is none), reason and flag
    codes (into ``REASON_CODES`` / ``FLAG_CODES``), and the positions the fast
    paths left to the per-value path. Works in chunks of :data:`_FAST_CHUNK`
    values: the temporaries stay small and their memory is reused.
    """
    conv = _arrow_strings(uniques)
    if conv is None:
        return None
    arr, is_str = conv
    # A value padded with tabs, no-break or other spaces takes the fast paths as its
    # trimmed text: the per-value path strips the same characters before anything
    # else (and what the trimmed text still holds decides which path it takes).
    arr = _where(_has(arr, _B_NOT_PRINTABLE), arr, _trim_spaces)
    float_artefact = _matches(arr, _FLOAT_ARTEFACT) if spec.digits else None
    n = len(arr)
    bounds = [(lo, min(lo + _FAST_CHUNK, n)) for lo in range(0, n, _FAST_CHUNK)]

    def run(lo_hi: tuple[int, int]) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
        return _fast_chunk(arr.slice(lo_hi[0], lo_hi[1] - lo_hi[0]), spec, comp)

    # Arrow kernels and NumPy release the GIL: chunks run on the available cores
    workers = min(len(bounds), _FAST_THREADS)
    chunks: list[tuple[Any, np.ndarray, np.ndarray, np.ndarray]] | None = None
    if workers > 1:
        try:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                chunks = list(pool.map(run, bounds))
        except RuntimeError:  # no threads here (interpreter shutdown, sandboxes)
            chunks = None
    if chunks is None:
        chunks = [run(b) for b in bounds]
    key = pa.concat_arrays([c[0] for c in chunks]) if chunks else pa.array([], _LARGE_STRING)
    reason = np.concatenate([c[1] for c in chunks]) if chunks else np.zeros(0, np.int8)
    flag = np.concatenate([c[2] for c in chunks]) if chunks else np.zeros(0, np.int8)
    slow = ~is_str
    if chunks:
        slow |= np.concatenate([c[3] for c in chunks])
    if float_artefact is not None:
        slow |= float_artefact
    return key, reason, flag, np.flatnonzero(slow)


def _normalize_fast(
    uniques: object, spec: _Spec, comp: _Compiled
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Key, reason and flag (object arrays) of distinct values; ``None`` if not possible."""
    done = _fast_codes(uniques, spec, comp)
    if done is None:
        return None
    fast_key, reason, flag, per_value = done
    key = fast_key.to_numpy(zero_copy_only=False)
    reasons, flags = _REASON_OBJ[reason], _FLAG_OBJ[flag]
    if len(per_value):
        picked: Any = uniques.take(per_value)  # type: ignore[attr-defined]
        results = _normalize_many(list(np.asarray(picked, dtype=object)), spec, comp)
        for column, values in zip((key, reasons, flags), zip(*results, strict=True), strict=True):
            column[per_value] = values
    return key, reasons, flags


@dataclass(frozen=True)
class DistinctCodes:
    """Distinct values of a column normalised, as codes (see :func:`normalize_distinct_codes`)."""

    #: Per value, its distinct value's position (-1 when missing; 32- or 64-bit).
    codes: np.ndarray
    #: Per distinct value, its key (``large_string``; null where there is none).
    key: Any
    #: Per distinct value, its reason as a position in :data:`REASON_CODES` (0: accepted).
    reason: np.ndarray
    #: Per distinct value, its flag as a position in :data:`FLAG_CODES` (0: none).
    flag: np.ndarray


def _code_of(names: Iterable[str | None], table: tuple[str | None, ...]) -> np.ndarray:
    position = {name: i for i, name in enumerate(table)}
    return np.fromiter((position[x] for x in names), dtype=np.int8)


def normalize_distinct_codes(
    kind: str, values: pd.Series, *, config: NormalizeConfig | None = None
) -> DistinctCodes:
    """:func:`normalize_values` per distinct value, for large columns.

    Each distinct value is normalised once. No Python string is made for a key the
    fast paths produce (keys are Arrow text), and reasons and flags are one byte each.

    Examples
    --------
    >>> import pandas as pd
    >>> d = normalize_distinct_codes(
    ...     "phone", pd.Series(["13800138000", None, "13800138000", "n/a"]))
    >>> d.codes.tolist(), d.key.to_pylist()
    ([0, -1, 0, 1], ['+8613800138000', None])
    >>> [REASON_CODES[r] for r in d.reason]
    [None, 'placeholder']
    """
    spec = _spec(kind)
    comp = _compiled(NormalizeConfig() if config is None else config)
    codes, uniques = factorize_text(values)
    fast = spec.fast is not None and len(uniques) >= _FAST_MIN
    done = _fast_codes(uniques, spec, comp) if fast else None
    if done is None:
        per_value = np.arange(len(uniques))
        key = pa.nulls(len(uniques), _LARGE_STRING)
        reason = np.zeros(len(uniques), dtype=np.int8)
        flag = np.zeros(len(uniques), dtype=np.int8)
    else:
        key, reason, flag, per_value = done
    if len(per_value):
        picked: Any = uniques.take(per_value)
        results = _normalize_many(list(np.asarray(picked, dtype=object)), spec, comp)
        keys, reasons, flags = zip(*results, strict=True)
        reason[per_value] = _code_of(reasons, REASON_CODES)
        flag[per_value] = _code_of(flags, FLAG_CODES)
        # the per-value keys go after the fast ones; one take puts them in place
        where = np.arange(len(uniques))
        where[per_value] = len(uniques) + np.arange(len(per_value))
        extra = pa.array(list(keys), type=_LARGE_STRING)
        key = pa.concat_arrays([key.cast(_LARGE_STRING), extra]).take(pa.array(where))
    return DistinctCodes(codes, key, reason, flag)


def _rows(arr: Any, positions: np.ndarray) -> Any:
    """``arr.take(positions)`` for ascending distinct positions (no copy when all)."""
    return arr if len(positions) == len(arr) else arr.take(pa.array(positions))


def _fast_chunk(
    arr: Any, spec: _Spec, comp: _Compiled
) -> tuple[Any, np.ndarray, np.ndarray, np.ndarray]:
    """Keys (null where none), reason codes, flag codes and the rows left to the
    per-value path."""
    assert spec.fast is not None
    reason, slow, text, folded = _prep(arr, spec, comp)
    n = len(arr)
    flag = np.zeros(n, dtype=np.int8)
    todo = np.flatnonzero((reason == 0) & ~slow)
    if not len(todo):
        return pa.nulls(n, _LARGE_STRING), reason, flag, slow
    res = spec.fast(_rows(text, todo), _rows(folded, todo), comp)
    r, f = res.reason.copy(), res.flag.copy()
    accepted = np.flatnonzero((r == 0) & ~res.slow)
    if len(accepted):
        bad = _key_placeholder(_rows(res.key, accepted), spec, comp)
        r[accepted[bad]] = _R_PLACEHOLDER
    ok = (r == 0) & ~res.slow
    f[~ok] = 0
    key = res.key.cast(_LARGE_STRING)
    if len(todo) < n or not ok.all():
        # each row's position in res.key, or null: one take places the keys
        where = np.full(n, -1, dtype=np.int64)
        where[todo[ok]] = np.flatnonzero(ok)
        key = key.take(pa.array(where, mask=where < 0))
    reason[todo] = r
    flag[todo] = f
    slow[todo[res.slow]] = True
    return key, reason, flag, slow


# --- phone -----------------------------------------------------------------


def _phone_fast(text: Any, folded: Any, comp: _Compiled) -> _Fast:
    n = len(text)
    simple = _matches(text, _PHONE_SIMPLE_RE2)
    other = np.flatnonzero(~simple)  # only these can end in an extension
    extension = other[_matches(text.take(pa.array(other)), _PHONE_EXT_RE2)] if len(other) else other
    if len(extension):  # 555-0100 x 12: the number without its extension
        mask = np.zeros(n, dtype=bool)
        mask[extension] = True
        text = _where(mask, text, lambda x: pc.replace_substring_regex(x, _PHONE_EXT_RE2, ""))
        simple[extension] = _matches(text.take(pa.array(extension)), _PHONE_SIMPLE_RE2)
    plus = _has(text, _lut("+"))
    digits = _delete(text, ~_B_DIGIT)
    mobile = _cn_mobile_pattern()
    with86 = _matches(digits, f"^86{mobile}$")
    key = pc.utf8_replace_slice(digits, 0, 0, "+")
    decided = simple & plus & with86  # +86 138 0013 8000, (+86) 13800138000
    bare = simple & ~plus
    if _idd_is_00(comp.region):  # 0086 13800138000
        rows = bare & _matches(digits, f"^0086{mobile}$")
        key = _where(rows, key, lambda k: pc.utf8_replace_slice(k, 0, 3, "+"))
        decided |= rows
    if comp.region == "CN":
        rows = bare & _matches(digits, f"^{mobile}$")  # 138-0013-8000
        key = _where(rows, key, lambda k: pc.utf8_replace_slice(k, 0, 1, "+86"))
        decided |= rows | (bare & with86)  # 8613800138000
    reason = np.zeros(n, dtype=np.int8)
    flag = np.zeros(n, dtype=np.int8)
    rest = np.flatnonzero(simple & ~decided)  # any country, from the library's metadata
    if len(rest):
        read = decide_phones(digits.take(pa.array(rest)), plus[rest], comp.region)
        keyed = read.valid | read.unlisted
        rows = rest[keyed]
        if len(rows):
            mask = np.zeros(n, dtype=bool)
            mask[rows] = True
            key = pc.replace_with_mask(key, pa.array(mask), read.keys.filter(pa.array(keyed)))
        reason[rest[read.invalid]] = _R_INVALID_PHONE
        flag[rest[read.unlisted]] = _F_UNLISTED_PHONE
        decided[rest[read.decided]] = True
        # another country's number without its "+" (:func:`_foreign_reading`): per value
        foreign = (read.invalid | read.unlisted) & ~plus[rest]
        if foreign.any():
            at = rest[foreign]
            decided[at[_matches(digits.take(pa.array(at)), _FOREIGN_DIGITS_RE2)]] = False
    return _Fast(key, reason, flag, ~decided)


# --- email -----------------------------------------------------------------

_EMAIL_DOMAIN_RE2 = "^(?:[a-z0-9_-]+\\.)+[a-z0-9_-]*[a-z][a-z0-9_-]*$"
_B_EMAIL_BAD_LOCAL = _lut(' <>()[],;:\\"@')
_EMAIL_LABEL_INITIALS = np.frombuffer(b"cem", dtype=np.uint8)


def _email_fast(text: Any, folded: Any, comp: _Compiled) -> _Fast:
    n = len(folded)
    s = folded
    angle = _has(s, _lut("<")) & (_last_bytes(s) == ord(">"))
    s = _where(angle, s, lambda x: pc.replace_substring_regex(x, "^.*<(.*)>$", "\\1"))
    s = _delete(s, _B_SPACE)
    s = _where(  # a comment after the address (:data:`_EMAIL_COMMENT_PATTERN`)
        _last_bytes(s) == ord(")"),
        s,
        lambda x: pc.replace_substring_regex(x, _EMAIL_COMMENT_PATTERN, "\\1"),
    )
    s = _where(
        np.isin(_first_bytes(s), _EMAIL_LABEL_INITIALS),
        s,
        lambda x: pc.replace_substring_regex(x, _EMAIL_LABEL_PATTERN, ""),
    )
    s = _where(
        _first_bytes(s) == ord("m"), s, lambda x: pc.replace_substring_regex(x, "^mailto:", "")
    )
    s = pc.utf8_rtrim(pc.utf8_trim(s, characters="'\"<>()[]"), characters=",;")
    reason = np.full(n, _R_INVALID_EMAIL, dtype=np.int8)
    data, off = _compact_bytes(s)
    at = data == ord("@")
    one = _row_sums(at, off) == 1
    rows = np.flatnonzero(one)
    if not len(rows):
        return _Fast(s, reason, np.zeros(n, dtype=np.int8), np.zeros(n, dtype=bool))
    s = s.take(pa.array(rows))
    data, off = _compact_bytes(s)
    at_pos = np.flatnonzero(data == ord("@")) - off[:-1]  # one per row, in row order
    lens = np.diff(off)
    local = _substrings(s, np.zeros_like(at_pos), at_pos)
    domain = pc.utf8_rtrim(_substrings(s, at_pos + 1, lens), characters=".")
    r = np.zeros(len(rows), dtype=np.int8)
    bad = (at_pos == 0) | _has(local, _B_EMAIL_BAD_LOCAL)
    bad |= ~_matches(domain, _EMAIL_DOMAIN_RE2)
    r[bad] = _R_INVALID_EMAIL
    # provider rules, followed to their end: the +tag and dot rules commute and
    # are idempotent, so each starting domain needs each rule at most once
    chains = comp.email_chains
    if chains:
        starts = list(chains)
        idx = _np(pc.index_in(domain, value_set=pa.array(starts, type=_LARGE_STRING)).fill_null(-1))
        has = (idx >= 0) & (r == 0)
        if has.any():
            plus_of = np.array([chains[d][0] for d in starts] + [False])
            dots_of = np.array([chains[d][1] for d in starts] + [False])
            hyphens_of = np.array([chains[d][2] for d in starts] + [False])
            plus = has & plus_of[idx]
            if plus.any():
                pos = _np(pc.find_substring(local, "+"))
                cut = plus & (pos >= 0)
                stop = np.where(cut, pos, _lengths(local))
                local = _substrings(local, np.zeros_like(stop), stop)
            dots = has & dots_of[idx]
            if dots.any():
                local = _delete(local, _lut("."), dots)
            hyphens = has & hyphens_of[idx]
            if hyphens.any():  # Yandex: ivan.petrov is ivan-petrov
                local = _where(hyphens, local, lambda x: pc.replace_substring(x, ".", "-"))
            finals = pa.array([chains[d][3] for d in starts], type=_LARGE_STRING)
            domain = pc.if_else(
                pa.array(has), pc.take(finals, pa.array(np.where(has, idx, 0))), domain
            )
    r[(r == 0) & (_lengths(local) == 0)] = _R_INVALID_EMAIL
    todo = r == 0
    reserved = _isin(domain, _RESERVED_DOMAINS)
    for tld in _RESERVED_TLDS:
        reserved |= _np(pc.ends_with(domain, tld))
    sig = _delete(local, _B_NOT_ALNUM)
    junk = _isin(local, comp.placeholders) | (
        (_lengths(sig) >= 3) & _junk_many(sig, 0, structural=True)
    )
    r[todo & (reserved | junk)] = _R_PLACEHOLDER
    key = pc.binary_join_element_wise(local, domain, _large("@"))
    reason[rows] = r
    full_key = pc.replace_with_mask(pa.nulls(n, type=_LARGE_STRING), pa.array(one), key)
    # an IDNA domain (xn--) is keyed in Unicode (:func:`_idn_unicode`): per value
    slow = np.zeros(n, dtype=bool)
    slow[rows] = _np(pc.match_substring(domain, "xn--"))
    return _Fast(full_key, reason, np.zeros(n, dtype=np.int8), slow)


# --- device ----------------------------------------------------------------

# Hex digits and the device separators: no label contains only these, so a label
# can only be the first word of such a value.
_B_DEVICE_BODY = _lut("0123456789abcdef -:.{}")
_B_DEVICE_SEP = _lut(" -:.{}")
_DEVICE_LABEL_INITIALS = np.frombuffer(b"abdefgimosu", dtype=np.uint8)


def _device_fast(text: Any, folded: Any, comp: _Compiled) -> _Fast:
    """Hex/decimal ids with separators, after at most one label (``imei:``, ``mac``).

    Reference behaviour: the label goes when a separator, ``:`` or a digit
    follows it, or (second pass, separators removed) when the id starts with a
    digit; otherwise it stays part of the key (``macaa11``).
    """
    n = len(folded)
    s = folded
    labelled = np.isin(_first_bytes(s), _DEVICE_LABEL_INITIALS)
    rest = _where(
        labelled,
        s,
        lambda x: pc.replace_substring_regex(x, f"^(?:{_DEVICE_LABELS})", "", max_replacements=1),
    )
    has_label = _lengths(rest) < _lengths(s)
    decided = ~_has(rest, ~_B_DEVICE_BODY)
    numbered = np.flatnonzero(has_label & decided)  # "imei1: 3520...": per value
    if len(numbered):
        decided[numbered[_matches(s.take(pa.array(numbered)), _DEVICE_NUMBERED_RE2)]] = False
    bare = _delete(rest, _B_DEVICE_SEP)
    removed = has_label & (_lut(" :0123456789")[_first_bytes(rest)] | _B_DIGIT[_first_bytes(bare)])
    key = pc.if_else(pa.array(removed), bare, _delete(s, _B_DEVICE_SEP))
    klen = _lengths(key)
    reason = np.zeros(n, dtype=np.int8)
    reason[klen == 0] = _R_INVALID_VALUE
    labels = f"(?:(?:{_DEVICE_LABELS})(?:\\s*[:=#]\\s*|\\s+)?)*"
    scientific = _matches(s, f"^{labels}(?:{_SCIENTIFIC_PATTERN})$")
    reason[scientific] = _R_SCIENTIFIC
    decided |= scientific
    reason[(reason == 0) & _isin(key, _DEVICE_JUNK)] = _R_PLACEHOLDER
    flag = np.zeros(n, dtype=np.int8)
    imei = (reason == 0) & (klen == 15) & ~_has(key, ~_B_DIGIT)
    if imei.any():
        flag[imei] = np.where(_luhn_many(key, np.flatnonzero(imei)), 0, _F_IMEI)
    return _Fast(key, reason, flag, ~decided)


def _luhn_many(arr: Any, rows: np.ndarray) -> np.ndarray:
    """:func:`_luhn_ok` for the given rows (all ASCII digits) of an array."""
    data, off = _compact_bytes(arr)
    ends = off[rows + 1]
    lens = ends - off[rows]
    k = np.arange(int(lens.max()))
    inside = k < lens[:, None]
    digits = np.where(inside, data[np.where(inside, ends[:, None] - 1 - k, 0)], 48) - 48
    digits = digits.astype(np.int64)
    doubled = digits[:, 1::2] * 2
    digits[:, 1::2] = np.where(doubled > 9, doubled - 9, doubled)
    return digits.sum(axis=1) % 10 == 0


# --- payment account -------------------------------------------------------

# The label prefixes without their look-ahead (RE2 has none): labels followed by a
# separator, then at most one label directly followed by a digit (kept).
_PAYMENT_PREFIX_RE2 = (
    f"(?i)^(?:(?:{_PAYMENT_LABELS}|{_EMAIL_ACCOUNT_LABELS})(?:{_WALLET_SEPARATOR}))*"
    f"(?:(?:{_PAYMENT_LABELS})([0-9]))?"
)
_ACCOUNT_PREFIX_RE2 = (
    f"(?i)^(?:{_ACCOUNT_LABEL}(?:{_LABEL_SEPARATOR})|{_BARE_NUMBER_WORD})*"
    f"(?:{_ACCOUNT_LABEL}([0-9]))?"
)
_B_ALPHA = _lut("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
#: Account keys :func:`_rail_key` may change: a paybill's, an IFSC's.
_RAIL_KEY_RE2 = "^(?:PAY|IFSC|[A-Z]{4}0[A-Z0-9]{6}$)"
#: Account keys of the shapes :func:`_payment_single` reads otherwise: a bank's paybill
#: alone (:data:`_BANK_PAYBILLS`), letters after a name and its number (a holder's name,
#: another account: :func:`_words_after_number`), a number before a name
#: (:func:`_name_after_number`).
_AFSA_SHAPES_RE2 = (
    f"^(?:{'|'.join(sorted(_BANK_PAYBILLS))})$"
    r"|^[A-Z]+\+?[0-9]{6,}[A-Z]|^\+?[0-9]+[A-Z]"
)
_WALLET_ID_RE2 = f"(?i)^(?:{_WALLET_ID_LABELS})(?:\\s*[:=#]\\s*|\\s+)"
_B_PAYMENT_SEP = _lut(" -./:=#")  # _PAYMENT_SEPARATORS (the text is printable ASCII)
_CLABE_WEIGHTS_NP = np.array(_CLABE_WEIGHTS[:17], dtype=np.int64)


def _clabe_many(arr: Any, rows: np.ndarray) -> np.ndarray:
    """:func:`_clabe_ok` for the given rows (18 ASCII digits each) of an array."""
    data, off = _compact_bytes(arr)
    m = data[off[rows][:, None] + np.arange(18)].astype(np.int64) - 48
    return (10 - (m[:, :17] @ _CLABE_WEIGHTS_NP) % 10) % 10 == m[:, 17]


#: The digits of ``PL`` in an IBAN's check (P = 25, L = 21), after the NRB's 24 last digits.
_PL_DIGITS = np.array([2, 5, 2, 1], dtype=np.int64)


def _polish_iban_many(acct: Any, rows: np.ndarray) -> np.ndarray:
    """:func:`_polish_iban`'s test for the given rows (26 ASCII digits each) of an array:
    whether ``PL`` and the digits pass the IBAN check."""
    data, off = _compact_bytes(acct)
    m = data[off[rows][:, None] + np.arange(_NRB_DIGITS)].astype(np.int64) - 48
    digits = np.concatenate([m[:, 2:], np.broadcast_to(_PL_DIGITS, (len(rows), 4)), m[:, :2]], 1)
    rest = np.zeros(len(rows), dtype=np.int64)
    for j in range(digits.shape[1]):
        rest = (rest * 10 + digits[:, j]) % 97
    return rest == 1


def _iban_many(arr: Any, rows: np.ndarray) -> np.ndarray:
    """:func:`_iban_ok` for the given rows (IBAN-shaped ASCII keys) of an array: the
    key from its fifth character on, then its first four, letters as 10-35, modulo 97."""
    data, off = _compact_bytes(arr)
    start, lens = off[rows], off[rows + 1] - off[rows]
    rest = np.zeros(len(rows), dtype=np.int64)
    for j in range(int(lens.max())):
        inside = j < lens
        c = data[start + np.where(inside, (j + 4) % lens, 0)].astype(np.int64)
        letter = c >= ord("A")
        step = np.where(letter, rest * 100 + c - 55, rest * 10 + c - 48) % 97
        rest = np.where(inside, step, rest)
    return rest == 1


def _strip_label(s: Any, pattern: str, rewrite: str) -> Any:
    """Labels removed (only rows starting with a letter can have one)."""
    return _where(
        _B_ALPHA[_first_bytes(s)], s, lambda x: pc.replace_substring_regex(x, pattern, rewrite)
    )


def _provider_many(acct: Any) -> Any:
    """:func:`_provider` on the names of account keys that are a bank's other name
    and a number (:data:`_PROVIDER_ALIAS_RE2`)."""
    parts = pc.extract_regex(acct, "^(?P<name>[A-Z]+)(?P<number>[0-9]+)$")
    aliases = pa.array(list(_PROVIDER_ALIASES), _LARGE_STRING)
    at = pc.index_in(parts.field("name"), value_set=aliases)
    name = pa.array(list(_PROVIDER_ALIASES.values()), _LARGE_STRING).take(at)
    return pc.binary_join_element_wise(name, parts.field("number"), pa.scalar("", _LARGE_STRING))


def _payment_fast(text: Any, folded: Any, comp: _Compiled) -> _Fast:
    n = len(text)
    holder = np.flatnonzero(_matches(text, _HOLDER_RE2))
    if len(holder):  # a holder's name after the number, dropped (:func:`_payment_text`)
        suffix = np.zeros(n, dtype=bool)
        suffix[holder[_matches(text.take(pa.array(holder)), _HOLDER_SUFFIX_PATTERN)]] = True
        text = _where(
            suffix, text, lambda x: pc.replace_substring_regex(x, _HOLDER_SUFFIX_PATTERN, "\\1")
        )
    at = _count(text, _lut("@"))
    email = at > 0
    reason = np.zeros(n, dtype=np.int8)
    flag = np.zeros(n, dtype=np.int8)
    # e-mail style: labels and spaces removed, case-folded, one @ with text on both sides
    s = _where(email, text, lambda x: _strip_label(x, f"(?i){_EMAIL_PREFIX_PATTERN}", ""))
    mail = pc.ascii_lower(_delete(s, _B_SPACE))
    ok_mail = (at == 1) & (_first_bytes(mail) != ord("@")) & (_last_bytes(mail) != ord("@"))
    # a Brazilian phone as a PIX key (:func:`_br_phone_account`): per value
    br_phone = _matches(text, _BR_PHONE_ACCOUNT_RE2)
    br_phone[br_phone] = _matches(text.filter(pa.array(br_phone)), _BR_PHONE_HINT_RE2)
    # card / account numbers: labels and separators removed, upper-cased
    text = _where(
        _has(text, _lut("(")),
        text,
        lambda x: pc.replace_substring_regex(x, _BRACKETED_CODE_PATTERN, "\\1 "),
    )
    s = _strip_label(text, _ACCOUNT_PREFIX_RE2, "\\1")
    acct = pc.ascii_upper(_strip_label(_delete(s, _B_PAYMENT_SEP), _ACCOUNT_PREFIX_RE2, "\\1"))
    ok_acct = _matches(acct, "^(?:\\+?[0-9]+|[A-Z0-9_]+)$")
    # account holders' names, wallets' numbers and names before "+", accounts in parts
    # and payment rails' keys (paybills, IFSCs): per value
    slow = ~email & (
        _matches(text, _HOLDER_RE2)
        | _matches(acct, _WALLET_RE2)
        | _matches(acct, f"{_WALLET_NAMES_RE2}|{_NAME_SUFFIX_RE2}|{_AFSA_SHAPES_RE2}")
        | (~ok_acct & _has(acct, _lut("+")))
        | _matches(text, f"{_PARTS_HINT_RE2}|{_NA_ACCOUNT_RE2}|{_NZ_ZA_ACCOUNT_RE2}")
        | _matches(acct, f"{_RAIL_KEY_RE2}|{_GB_IE_IBAN_RE2}")
        | _matches(text, _JP_KR_ACCOUNT_RE2)
        | br_phone
    )
    # a card scheme's name before a number, China's wallets' numbers: per value
    slow |= ~email & _matches(acct, _CARD_SCHEME_RE2)
    # a card's last digits (Visa x4821), payment apps' handles ($cashtag, Venmo, @handle),
    # the names of banks and wallets of Russia, Kazakhstan, Ukraine and the US before a
    # number, a bank's or a label's words before a bare North-American account: per value
    slow |= _matches(text, _LAST_DIGITS_ACCOUNT_RE2) | _matches(text, _HANDLE_RE2)
    slow |= ~email & _matches(text, _NAME_WITH_DIGITS_RE2)
    slow |= ~email & (_matches(acct, _CIS_NAMES_RE2) | _matches(text, _NAMED_NA_ACCOUNT_RE2))
    slow |= _matches(text, _WECHAT_NAMES_RE2) | _matches(text, _WALLET_ID_WORD_PATTERN)
    slow |= _matches(text, _TOUCH_N_GO_RE2) | _matches(acct, _VN_BRANCH_RE2)
    slow |= ~email & _matches(acct, _CN_WALLET_NUMBER_RE2) & _matches(text, _CN_WALLET_RE2)
    # a bank's name: holders' names before it per value, its other names made it here
    named = np.flatnonzero(~email & ok_acct & _B_ALPHA[_first_bytes(acct)])
    if len(named):
        # a Chinese bank's Latin name before the number: the number alone
        cn = np.zeros(n, dtype=bool)
        cn[named[_matches(acct.take(pa.array(named)), _CN_BANK_LATIN_RE2)]] = True
        if cn.any():
            acct = _where(cn, acct, lambda x: pc.replace_substring_regex(x, "^[A-Z]+", ""))
            named = named[~cn[named]]
    if len(named):
        sub = acct.take(pa.array(named))
        slow[named[_matches(sub, _AFTER_NAME_RE2) & ~_matches(sub, _ONE_NAME_RE2)]] = True
        alias = np.zeros(n, dtype=bool)
        alias[named[_matches(sub, _PROVIDER_ALIAS_RE2)]] = True
        acct = _where(alias, acct, _provider_many)
        # a name made one of an IFSC's shape (``HDFC Bank 0001234``), or Bank of China's
        # Latin name before a Chinese card's digits (``Bank of Ceylon``: BOC): per value
        rows = np.flatnonzero(alias)
        sub = acct.take(pa.array(rows))
        slow[rows[_matches(sub, f"{_RAIL_KEY_RE2}|{_CN_BANK_LATIN_RE2}")]] = True
    reason[email & ~ok_mail] = _R_INVALID_EMAIL
    # the rows left here hold no "+" (those are per value): characters accounts never hold
    reason[~email & ~ok_acct] = _R_INVALID_CHARACTERS
    few = ~email & ok_acct & (_count(acct, _B_DIGIT) < _ACCOUNT_MIN_DIGITS)
    if few.any():  # "Building A1" (:func:`_few_digits`), but WeChat's own id (wxid_...)
        few &= ~_matches(acct, _WXID_KEY_RE2) & ~_matches(acct, _STRIPE_KEY_RE2)
        # a wallet id after its wallet's name keeps the name (:func:`_wallet_id_key`)
        wallet_id = few & _matches(text, _WALLET_ID_RE2)
        slow |= wallet_id
        reason[few & ~wallet_id & _has(acct, _B_DIGIT)] = _R_INVALID_VALUE
    wordy = np.flatnonzero(~email & ~_has(acct, _B_DIGIT) & ~slow)
    if len(wordy):  # no digit and no wallet's name: no account, but WeChat's own id
        sub = acct.take(pa.array(wordy))
        own = _matches(sub, _WXID_KEY_RE2) | _matches(sub, _STRIPE_KEY_RE2)
        reason[wordy[~own]] = _R_NO_DIGIT
    alen = _lengths(acct)
    digits_only = ~_has(acct, ~_B_DIGIT)
    nrb = np.flatnonzero(~email & ok_acct & (alen == _NRB_DIGITS) & digits_only)
    if len(nrb):  # a Polish NRB: the Polish IBAN
        pl = np.zeros(n, dtype=bool)
        pl[nrb[_polish_iban_many(acct, nrb)]] = True
        acct = _where(pl, acct, lambda x: pc.utf8_replace_slice(x, 0, 0, "PL"))
    card = ~email & ok_acct & (alen >= 12) & (alen <= 19) & digits_only
    rows = np.flatnonzero(card)
    if len(rows):  # a card by its first digits and length (:data:`_CARD_NUMBER`)
        sub = acct.take(pa.array(rows))
        long = alen[rows] >= 16
        rows = rows[
            np.where(long, _matches(sub, _CARD_LONG_PREFIX_RE2), _matches(sub, _CARD_SHORT_RE2))
        ]
    if len(rows):
        wrong = ~_luhn_many(acct, rows)
        clabe = wrong & (alen[rows] == 18)
        if clabe.any():  # an 18-digit CLABE has its own check digit
            wrong[clabe] = ~_clabe_many(acct, rows[clabe])
        flag[rows[wrong]] = _F_LUHN
    iban = np.flatnonzero(~email & (reason == 0) & _matches(acct, _IBAN_FORM_RE2))
    if len(iban):  # an IBAN by its form whose check digits fail (:func:`_iban_flagged`)
        flag[iban[~_iban_many(acct, iban)]] = _F_IBAN
    key = pc.if_else(pa.array(email), mail, acct)
    slow |= _matches(key, _LAST_DIGITS_ACCOUNT_RE2)  # a card's last digits (:func:`_unmasked`)
    return _Fast(key, reason, flag, slow)


# --- id document -----------------------------------------------------------

_CN_ID_WEIGHTS_NP = np.array(_CN_ID_WEIGHTS, dtype=np.int64)
_CN_ID_CHECK_NP = np.frombuffer(_CN_ID_CHECK.encode("ascii"), dtype=np.uint8)


# :data:`_ID_CHECKS` on the bytes of keys of one length (one key a row), for the forms
# of :data:`_ID_CHECKED_OTHER_RE2`.
_ES_ID_LETTERS_NP = np.frombuffer(_ES_ID_LETTERS.encode("ascii"), dtype=np.uint8)
_SG_TABLES_NP = np.frombuffer(b"JZIHGFEDCBAXWUTRQPNMLK", dtype=np.uint8).reshape(2, 11)
_CIF_LETTERS_NP = np.frombuffer(b"JABCDEFGHI", dtype=np.uint8)
_SG_UEN_LETTERS_NP = np.frombuffer(_SG_UEN_LETTERS.encode("ascii"), dtype=np.uint8)
_IT_ODD_NP = np.array(_IT_ODD, dtype=np.int64)
_MX_CURP_VALUES_NP = np.zeros(256, dtype=np.int64)
_MX_CURP_VALUES_NP[np.frombuffer(_BASE36.encode("ascii"), dtype=np.uint8)] = [
    _MX_CURP_VALUES.index(c) for c in _BASE36
]


def _places(m: np.ndarray) -> np.ndarray:
    """Digits as 0-9 and letters as 0-25 (bytes of ASCII digits and capitals)."""
    m = m.astype(np.int64)
    return np.where(m <= ord("9"), m - ord("0"), m - ord("A"))


def _es_ids_ok(m: np.ndarray) -> np.ndarray:
    """:func:`_es_id_ok` (and the Chilean RUT's ``K``) on rows of 9 bytes."""
    digits = m[:, :8].astype(np.int64) - ord("0")
    letter_first = m[:, 0] >= ord("A")
    digits[:, 0] = np.where(letter_first, m[:, 0].astype(np.int64) - ord("X"), digits[:, 0])
    ok = _ES_ID_LETTERS_NP[(digits @ 10 ** np.arange(7, -1, -1)) % 23] == m[:, 8]
    rut = ~ok & ~letter_first & (m[:, 8] == ord("K"))
    if rut.any():  # 11 minus the digits weighted 2 to 7 from the last, modulo 11: 10 is K
        total = digits[rut] @ np.array([3, 2, 7, 6, 5, 4, 3, 2])
        ok[rut] = total % 11 == 1
    uen = ~ok & ~letter_first
    if uen.any():  # a Singapore business's UEN
        total = digits[uen] @ np.array(_SG_UEN_WEIGHTS)
        ok[uen] = _SG_UEN_LETTERS_NP[total % 11] == m[uen, 8]
    return ok


def _sg_nrics_ok(m: np.ndarray) -> np.ndarray:
    """:func:`_sg_nric_ok` (and the Spanish CIF's check letter) on rows of 9 bytes."""
    digits = m[:, 1:8].astype(np.int64) - ord("0")
    first = m[:, 0]
    total = digits @ np.array(_SG_WEIGHTS) + np.where(
        (first == ord("T")) | (first == ord("G")), 4, 0
    )
    series = ((first == ord("F")) | (first == ord("G"))).astype(np.int64)
    ok = _SG_TABLES_NP[series, total % 11] == m[:, 8]
    cif = ~ok & (first != ord("T"))
    if cif.any():
        doubled = 2 * digits[cif][:, 0::2]
        luhn = digits[cif][:, 1::2].sum(axis=1) + (doubled // 10 + doubled % 10).sum(axis=1)
        ok[cif] = _CIF_LETTERS_NP[(10 - luhn % 10) % 10] == m[cif, 8]
    return ok


def _nine_ok(m: np.ndarray) -> np.ndarray:
    """A Spanish DNI's or NIE's check, or a Singapore NRIC's or FIN's, by the first byte."""
    ok = np.zeros(len(m), dtype=bool)
    sg = np.isin(m[:, 0], np.frombuffer(b"STFG", dtype=np.uint8))
    if sg.any():
        ok[sg] = _sg_nrics_ok(m[sg])
    if not sg.all():
        ok[~sg] = _es_ids_ok(m[~sg])
    return ok


def _it_cfs_ok(m: np.ndarray) -> np.ndarray:
    """:func:`_it_cf_ok` on rows of 16 bytes."""
    place = _places(m[:, :15])
    total = _IT_ODD_NP[place[:, 0::2]].sum(axis=1) + place[:, 1::2].sum(axis=1)
    return total % 26 + ord("A") == m[:, 15]


def _mx_curps_ok(m: np.ndarray) -> np.ndarray:
    """:func:`_mx_curp_ok` on rows of 18 bytes."""
    total = _MX_CURP_VALUES_NP[m[:, :17]] @ np.arange(18, 1, -1)
    return (10 - total % 10) % 10 + ord("0") == m[:, 17]


def _in_gstins_ok(m: np.ndarray) -> np.ndarray:
    """:func:`_in_gstin_ok` on rows of 15 bytes (every other one doubled from the last)."""
    b = m.astype(np.int64)
    value = np.where(b <= ord("9"), b - ord("0"), b - ord("A") + 10)
    value[:, 1::2] *= 2
    return (value // 36 + value % 36).sum(axis=1) % 36 == 0


_ID_CHECKS_MANY: tuple[tuple[int, Callable[[np.ndarray], np.ndarray]], ...] = (
    (9, _nine_ok),
    (15, _in_gstins_ok),
    (16, _it_cfs_ok),
    (18, _mx_curps_ok),
)


def _id_fast(text: Any, folded: Any, comp: _Compiled) -> _Fast:
    n = len(text)
    s = _strip_label(text, "(?i)" + _ID_PREFIX_PATTERN, "")
    s = _strip_label(s, _ID_LICENCE_MARK_RE2, "\\1")
    s = pc.replace_substring_regex(s, _PH_TIN_BRANCH_RE2, "\\1\\2")
    key = pc.ascii_upper(_delete(s, _lut(" -./:=#")))
    klen = _lengths(key)
    reason = np.zeros(n, dtype=np.int8)
    reason[_has(key, ~_B_UPPER_ALNUM)] = _R_INVALID_CHARACTERS
    reason[~_has(key, _B_DIGIT)] = _R_NO_DIGIT  # also an empty key (a label alone)
    flag = np.zeros(n, dtype=np.int8)
    rows = np.flatnonzero((reason == 0) & (klen == 18))
    if len(rows):
        data, off = _compact_bytes(key)
        m = data[off[rows][:, None] + np.arange(18)]
        cn = (_B_DIGIT[m[:, :17]].all(axis=1)) & (_B_DIGIT[m[:, 17]] | (m[:, 17] == ord("X")))
        total = (m[:, :17].astype(np.int64) - 48) @ _CN_ID_WEIGHTS_NP
        wrong = cn & (_CN_ID_CHECK_NP[total % 11] != m[:, 17])
        flag[rows[wrong]] = _F_ID
    # the other forms that name a scheme with a check character (:func:`_id_check_fails`)
    rows = np.flatnonzero((reason == 0) & np.isin(klen, tuple(_ID_CHECKED_LENGTHS)))
    if len(rows):
        rows = rows[_matches(key.take(pa.array(rows)), _ID_CHECKED_OTHER_RE2)]
    if len(rows):
        data, off = _compact_bytes(key)
        for length, passes in _ID_CHECKS_MANY:
            at = rows[klen[rows] == length]
            if len(at):
                m = data[off[at][:, None] + np.arange(length)]
                flag[at[~passes(m)]] = _F_ID
    # an IRD number after its label, a Polish VAT id, an INN with its KPP, a document's
    # last four digits: per value
    slow = (reason == 0) & (klen == _IRD_DIGITS) & _matches(text, _IRD_LABEL_RE2)
    slow |= (reason == 0) & (klen == 12) & _matches(key, f"^{_PL_VAT.pattern}$")
    slow |= _matches(text, r"(?i)kpp") | _matches(text, _LAST_FOUR_ID_RE2)
    # a Japanese invoice number (T and a corporate number's 13 digits): per value
    slow |= (reason == 0) & (klen == 14) & _matches(key, _JP_INVOICE_RE2)
    return _Fast(key, reason, flag, slow)


# --- ip --------------------------------------------------------------------

_IPV4_FAST = "^(?:::ffff:)?[0-9]{1,3}(?:\\.[0-9]{1,3}){3}(?::[0-9]{1,5})?$"


@functools.cache
def _ipv4_flags() -> tuple[np.ndarray, np.ndarray] | None:
    """IPv4 ranges (start addresses) on which :func:`_ip_flag_exact` is constant, with its code.

    Built from every network the :mod:`ipaddress` predicates consult, so the
    flag of a range is the flag of its first address.
    """
    constants = getattr(ipaddress, "_IPv4Constants", None)
    if constants is None:
        return None
    nets = {n for n in _PRIVATE_NETS if isinstance(n, ipaddress.IPv4Network)}

    def collect(obj: object) -> None:
        if isinstance(obj, ipaddress.IPv4Network):
            nets.add(obj)
        elif isinstance(obj, ipaddress.IPv4Address):
            nets.add(ipaddress.IPv4Network(obj))
        elif isinstance(obj, list | tuple | set | frozenset):
            for item in obj:
                collect(item)

    for value in vars(constants).values():
        collect(value)
    bounds = {0}
    for net in nets:
        bounds.add(int(net.network_address))
        bounds.add(int(net.broadcast_address) + 1)
    starts = np.array(sorted(b for b in bounds if b < 2**32), dtype=np.int64)
    codes = [FLAG_CODES.index(_ip_flag_exact(ipaddress.IPv4Address(int(b)))) for b in starts]
    return starts, np.array(codes, dtype=np.int8)


def _ip_fast(text: Any, folded: Any, comp: _Compiled) -> _Fast:
    """Dotted IPv4 (zero-padded octets, a port, ``::ffff:`` mapped), spaces anywhere."""
    n = len(text)
    table = _ipv4_flags()
    slow = np.ones(n, dtype=bool)
    reason = np.zeros(n, dtype=np.int8)
    flag = np.zeros(n, dtype=np.int8)
    s = pc.ascii_lower(_delete(text, _B_SPACE))
    matched = _matches(s, _IPV4_FAST) if table is not None else np.zeros(n, dtype=bool)
    if table is None or not matched.any():
        return _Fast(s, reason, flag, slow)
    s = s.filter(pa.array(matched))
    colons = _count(s, _lut(":"))
    mapped = colons >= 3  # ::ffff:
    port = (colons == 1) | (colons == 4)
    quad = _where(mapped, s, lambda x: pc.utf8_slice_codeunits(x, 7))
    quad = _where(port, quad, lambda x: pc.list_element(pc.split_pattern(x, ":", max_splits=1), 0))
    octets = pc.list_flatten(pc.split_pattern(quad, "."))  # four per row
    values = _np(pc.cast(octets, pa.int64())).reshape(-1, 4)
    padded = (_lengths(octets) > 1) & (_first_bytes(octets) == ord("0"))
    # ipaddress reads zero-padded octets as an error inside IPv6 (::ffff:1.02.3.4);
    # plain IPv4 octets are read as decimal by the reference first
    invalid = (values > 255).any(axis=1) | (mapped & padded.reshape(-1, 4).any(axis=1))
    addr = (values[:, 0] << 24) | (values[:, 1] << 16) | (values[:, 2] << 8) | values[:, 3]
    starts, codes = table
    rows = np.flatnonzero(matched)
    slow[rows] = mapped & port  # "::ffff:1.2.3.4:80" is left to the reference
    reason[rows] = np.where(invalid, _R_INVALID_IP, 0)
    flag[rows] = np.where(invalid, 0, codes[np.searchsorted(starts, addr, side="right") - 1])
    canonical = pc.cast(pa.array(values.ravel()), _LARGE_STRING)
    dotted = pa.LargeListArray.from_arrays(pa.array(np.arange(0, 4 * len(rows) + 1, 4)), canonical)
    key = pc.binary_join(dotted, _large("."))
    full_key = pc.replace_with_mask(pa.nulls(n, type=_LARGE_STRING), pa.array(matched), key)
    return _Fast(full_key, reason, flag, slow)


# --- address ---------------------------------------------------------------

_TRAD_RE2 = "[" + "".join(chr(c) for c in sorted(_zh.TRAD_TO_SIMP)) + "]"
_ABBREVIATION_KEYS = pa.array(list(_ABBREVIATIONS), type=_LARGE_STRING)
_NUMBER_WORDS_SET = pa.array(sorted(_NUMBER_WORDS), type=_LARGE_STRING)
_NUMBER_WORD_IS_UNIT = np.array([w in _UNIT_WORDS for w in sorted(_NUMBER_WORDS)])
_FLOOR_MARKS_SET = pa.array(sorted(_FLOOR_MARKS), type=_LARGE_STRING)
_NOT_SAINT_NAMES_SET = pa.array(sorted(_NOT_SAINT_NAMES), type=_LARGE_STRING)
_STE = list(_ABBREVIATIONS).index("ste")
_SPLIT_WORD_SET = pa.array(sorted(_SPLIT_WORDS), type=_LARGE_STRING)
_SPLIT_HEAD_SET = pa.array(sorted(_SPLIT_HEADS), type=_LARGE_STRING)
_SPLIT_TAIL_SET = pa.array(sorted(_SPLIT_TAILS), type=_LARGE_STRING)


@functools.lru_cache(maxsize=1 << 16)
def _zh_joined(run: str) -> str:
    return " ".join(_zh_tokens(run))


# Byte classes for the address tokenizer. Its input is folded address text:
# ASCII, CJK ideographs (U+4E00-U+9FFF: lead bytes E4-E9), and separators: U+3001,
# U+3002 (lead byte E3) and the symbols of _WIDE_OK (lead bytes E2 and F0).
_C_CONT, _C_LETTER, _C_DIGIT, _C_HAN, _C_SEP = range(5)
_ADDRESS_CLASS = np.full(256, _C_SEP, dtype=np.uint8)
_ADDRESS_CLASS[0x80:0xC0] = _C_CONT
_ADDRESS_CLASS[ord("a") : ord("z") + 1] = _C_LETTER
_ADDRESS_CLASS[ord("0") : ord("9") + 1] = _C_DIGIT
_ADDRESS_CLASS[0xE4:0xEA] = _C_HAN
_ORDINAL_PAIRS = np.array([ord(a) << 8 | ord(b) for a, b in ("st", "nd", "rd", "th")])


def _shift(a: np.ndarray, k: int, fill: object) -> np.ndarray:
    """``a[i - k]`` at ``i`` (``fill`` where out of range); ``k < 0`` looks ahead."""
    out = np.full_like(a, fill)
    if 0 < k < len(a):
        out[k:] = a[:-k]
    elif 0 < -k < len(a):
        out[:k] = a[-k:]
    return out


def _address_tokens(s: Any) -> tuple[Any, np.ndarray, np.ndarray]:
    """The reference's address parts of folded text, the row of each, and the
    hyphen or slash (its byte; 0 for anything else) that alone separates each
    part from the one before it.

    Parts are runs of letters, of digits and of CJK characters; separators end
    parts except between CJK characters; an ordinal (``3rd``) is a digit run
    directly followed by st/nd/rd/th and then no letter.
    """
    data, off = _compact_bytes(s)
    n = len(off) - 1
    cls = _ADDRESS_CLASS[data]
    # separators are dropped (U+3001/U+3002 and symbols with their continuation
    # bytes); the character after them remembers the gap
    drop = cls == _C_SEP
    wide_sep = np.flatnonzero(drop & (data >= 0xC0))
    drop[wide_sep + 1] = True
    drop[wide_sep + 2] = True
    drop[wide_sep[data[wide_sep] >= 0xF0] + 3] = True
    # gap: 1, or the byte of a lone - or / between two kept bytes (the joiner)
    gap = np.zeros(len(data), dtype=np.uint8)
    gap[1:] = drop[:-1]
    lone = np.flatnonzero((data == ord("-")) | (data == ord("/")))
    lone = lone[(lone > 0) & (lone < len(data) - 1)]
    lone = lone[~drop[lone - 1] & ~drop[lone + 1]]
    gap[lone + 1] = data[lone]
    gap[off[:-1][np.diff(off) > 0]] = 0
    keep = ~drop
    d, c, joiner = data[keep], cls[keep], gap[keep]
    g = joiner != 0
    off2 = _kept_offsets(keep, off)
    row_start = off2[:-1][np.diff(off2) > 0]
    start = np.zeros(len(d) + 2, dtype=bool)  # two spare slots: the end of the data
    start[row_start] = True
    start[len(d) :] = True
    prev = _shift(c, 1, _C_SEP)
    prev = np.where(prev == _C_CONT, _shift(c, 3, _C_SEP), prev)  # CJK characters: 3 bytes
    same = c == prev
    boundary = (~same & (c != _C_CONT)) | (same & g & (c != _C_HAN))
    # ordinals: a letter directly after a digit, a second letter directly after
    # it, the pair st/nd/rd/th, then the end, a gap or a digit
    at = np.flatnonzero((c == _C_LETTER) & (prev == _C_DIGIT) & ~g)
    at = at[(at + 1 < len(d)) & ~start[at + 1]]
    at = at[(c[at + 1] == _C_LETTER) & ~g[at + 1]]
    pair = d[at].astype(np.int64) << 8 | d[at + 1]
    at = at[np.isin(pair, _ORDINAL_PAIRS)]
    after = np.minimum(at + 2, max(len(d) - 1, 0))
    at = at[start[at + 2] | g[after] | (c[after] == _C_DIGIT)]
    boundary[at] = False
    first = boundary | start[: len(d)]
    positions = np.append(np.flatnonzero(first), len(d))
    tokens = _from_bytes(d, positions)
    parent = np.repeat(np.arange(n), _row_sums(first, off2))
    joiner = joiner[positions[:-1]]
    joiner[joiner == 1] = 0
    return tokens, parent, joiner


def _join_number_tokens(
    tokens: Any, parent: np.ndarray, joiner: np.ndarray
) -> tuple[Any, np.ndarray]:
    """:func:`_join_numbers` on the flat token array (``parent``: row of each)."""
    at = np.flatnonzero(joiner[1:]) + 1  # tokens after a lone - or /
    at = at[parent[at] == parent[at - 1]]
    if not len(at):
        return tokens, parent
    pair = np.stack([at - 1, at])
    digits = ~_has(tokens.take(pa.array(pair.ravel())), _B_NOT_DIGIT).reshape(pair.shape)
    m = len(tokens)
    linked = np.zeros(m + 1, dtype=bool)  # token i joined to token i - 1
    linked[at[digits.all(axis=0)]] = True
    second = np.flatnonzero(linked)
    start = second - 1
    ok = ~linked[start] & ~linked[second + 1]
    start, second = start[ok], second[ok]
    slash = joiner[second] == ord("/")
    lengths = _lengths(tokens)
    shape = lengths[start] * 16 + lengths[second]  # digit groups are short here
    postcode = np.isin(shape, [a * 16 + b for a, b in _POSTCODE_SHAPES])
    take = slash | postcode
    start, second, slash = start[take], second[take], slash[take]
    if not len(start):
        return tokens, parent
    seps = pa.array(np.where(slash, "/", ""), type=_LARGE_STRING)
    joined = pc.binary_join_element_wise(
        tokens.take(pa.array(start)), tokens.take(pa.array(second)), seps
    )
    mask = np.zeros(m, dtype=bool)
    mask[start] = True
    tokens = pc.replace_with_mask(tokens, pa.array(mask), joined)
    keep = np.ones(m, dtype=bool)
    keep[second] = False
    return tokens.filter(pa.array(keep)), parent[keep]


_B_LOWER = _lut("abcdefghijklmnopqrstuvwxyz")
_B_NOT_DIGIT = ~_B_DIGIT
_CONTEXT_WORD_LIST = tuple(sorted(_CONTEXT_WORDS))
_CONTEXT_WORD_SET = pa.array(_CONTEXT_WORD_LIST, type=_LARGE_STRING)
_THOROUGHFARE_SET = pa.array(sorted(_THOROUGHFARES), type=_LARGE_STRING)
_BEFORE_SAINT_SET = pa.array(sorted(_BEFORE_SAINT_WORDS), type=_LARGE_STRING)
# What a token becomes: an abbreviation's word, or (after them) a context reading.
_WORD_VALUES = pa.array(
    [*_ABBREVIATIONS.values(), "saint", "street", "floor", "sainte"], _LARGE_STRING
)
_SAINT, _STREET, _FLOOR, _SAINTE = range(len(_ABBREVIATIONS), len(_ABBREVIATIONS) + 4)


def _unit_number_pairs(
    tokens: Any, parent: np.ndarray, number_word: np.ndarray, nxt: np.ndarray
) -> np.ndarray:
    """:func:`_join_unit_number` on the flat token array (``parent``: row of each;
    ``number_word``: each token's position in the sorted :data:`_NUMBER_WORDS`, -1
    for other tokens; ``nxt``: the first token from each on that is not one): the
    unit numbers, each to be joined by a ``/`` to the number after it (see
    :func:`_slash_after`).

    Nothing later reads ``1`` ``12`` otherwise than ``1/12``: a floor marker after
    them is no pair, ``st`` sees a number before it either way, and a number word
    before the unit number goes either way.
    """
    m = len(tokens)
    none = np.zeros(0, dtype=np.int64)
    at = np.flatnonzero(number_word >= 0)
    at = at[_NUMBER_WORD_IS_UNIT[number_word[at]]]
    at = at[(at == 0) | (parent[at] != parent[np.maximum(at - 1, 0)])]  # starting their row
    if not len(at):
        return none
    j = nxt[at]  # the first token after the run of number words: the unit number
    ok = j + 2 < m
    at, j = at[ok], j[ok]
    j = j[parent[j + 2] == parent[at]]  # the unit number, number and word in its row
    if not len(j):
        return none
    k = len(j)
    near = tokens.take(pa.array(np.concatenate([j, j + 1, j + 2])))
    digits = ~_has(near.slice(0, 2 * k), _B_NOT_DIGIT)  # tokens are never empty
    word = near.slice(2 * k)
    ok = digits[:k] & digits[k:] & _B_LOWER[_first_bytes(word)]
    ok &= ~_np(pc.is_in(word, value_set=_FLOOR_MARKS_SET))
    return j[ok]


def _units_after_streets(
    tokens: Any, parent: np.ndarray, number_word: np.ndarray, nxt: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_join_unit_after_street` on the flat token array (arguments as for
    :func:`_unit_number_pairs`): the first token of each row it applies to (the house
    number) and the unit number of that row, to be moved before the house number
    (see :func:`_move_units_first`) and joined to it by a ``/``.

    Tokens are runs of ASCII letters, digits, ordinals (``3rd``) or CJK characters
    (or digits already joined, ``1/12``), so a token ending in a letter ``a``-``z`` is
    a name part (a word or an ordinal), and a word starts with one.
    """
    m = len(tokens)
    none = np.zeros(0, dtype=np.int64)
    at = np.flatnonzero(number_word >= 0)
    at = at[_NUMBER_WORD_IS_UNIT[number_word[at]]]
    # a unit designator after a street type (so not a number word), in its row
    at = at[(at >= 3) & (parent[at - 1] == parent[at])]
    at = at[number_word[at - 1] < 0]
    if not len(at):
        return none, none
    p = nxt[at]  # the first token after the run of number words: the unit number
    ok = p < m
    at, p = at[ok], p[ok]
    at, p = at[parent[p] == parent[at]], p[parent[p] == parent[at]]
    if not len(at):
        return none, none
    start = np.searchsorted(parent, parent[at])  # the house number: the row's first token
    ok = at - start >= 3  # the house number, a name word and a street type before it
    at, p, start = at[ok], p[ok], start[ok]
    if not len(at):
        return none, none
    k = len(at)
    near = tokens.take(pa.array(np.concatenate([start, p, at - 1, start + 1])))
    digits = ~_has(near.slice(0, 2 * k), _B_NOT_DIGIT)  # tokens are never empty
    ok = digits[:k] & digits[k:]
    ok &= _np(pc.is_in(near.slice(2 * k, k), value_set=_THOROUGHFARE_SET))
    name = near.slice(3 * k)
    ok &= _B_LOWER[_first_bytes(name)] & ~_np(pc.is_in(name, value_set=_FLOOR_MARKS_SET))
    at, p, start = at[ok], p[ok], start[ok]
    if not len(at):
        return none, none
    # every token between the house number and the unit designator a name part
    span = at - start - 1
    inside = np.repeat(start + 1 - np.cumsum(span) + span, span) + np.arange(span.sum())
    named = _B_LOWER[_last_bytes(tokens.take(pa.array(inside)))]
    ok = np.logical_and.reduceat(named, np.cumsum(span) - span)
    # then the end of the row, or a word of two or more letters that is not a
    # floor mark or a number word
    after = np.minimum(p + 1, m - 1)
    has_after = (p + 1 < m) & (parent[after] == parent[p])
    word = tokens.take(pa.array(after))
    fine = (
        ~_has(word, ~_B_LOWER)
        & (_lengths(word) >= 2)
        & (number_word[after] < 0)
        & ~_np(pc.is_in(word, value_set=_FLOOR_MARKS_SET))
    )
    ok &= ~has_after | fine
    return start[ok], p[ok]


def _ap_unit_tokens(tokens: Any, parent: np.ndarray) -> Any:
    """:func:`_ap_units` on the flat token array (``parent``: the row of each)."""
    at = np.flatnonzero(_np(pc.equal(tokens, "ap")))
    at = at[at + 1 < len(tokens)]
    at = at[parent[at + 1] == parent[at]]
    if not len(at):
        return tokens
    after = tokens.take(pa.array(at + 1))
    at = at[~_has(after, _B_NOT_DIGIT) & (_lengths(after) <= _AP_UNIT_DIGITS)]
    if not len(at):
        return tokens
    mask = np.zeros(len(tokens), dtype=bool)
    mask[at] = True
    return pc.replace_with_mask(tokens, pa.array(mask), pa.array(["apto"] * len(at), _LARGE_STRING))


def _move_units_first(m: int, start: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """The order of ``m`` tokens with each token of ``unit`` moved to the position
    ``start`` (from the same row, before it), the tokens between shifting by one."""
    order = np.arange(m)
    span = unit - start  # tokens moving one place on: start .. unit - 1
    dst = np.repeat(start + 1 - np.cumsum(span) + span, span) + np.arange(span.sum())
    order[dst] = dst - 1
    order[start] = unit
    return order


def _slash_after(key: Any, tokens: Any, offsets: np.ndarray, parent: np.ndarray, at: Any) -> Any:
    """Keys (``tokens`` joined by spaces, row ``r`` of tokens ``offsets[r]`` to
    ``offsets[r + 1]``) with the space after each token in ``at`` made a ``/``."""
    data, key_off = _compact_bytes(key)
    _, tok_off = _compact_bytes(tokens)
    row = parent[at]
    first = offsets[row]
    pos = key_off[row] + (tok_off[at + 1] - tok_off[first]) + (at - first)
    data = data.copy()
    data[pos] = ord("/")
    return _from_bytes(data, key_off)


def _sainte_tokens(tokens: Any, parent: np.ndarray, word: np.ndarray) -> np.ndarray:
    """``ste`` before a saint's name read as sainte (:func:`_is_saint_name`) in ``word``."""
    at = np.flatnonzero(word == _STE)
    at = at[at + 1 < len(tokens)]
    at = at[parent[at + 1] == parent[at]]
    if not len(at):
        return word
    nxt = tokens.take(pa.array(at + 1))
    name = _B_LOWER[_first_bytes(nxt)] & (_lengths(nxt) >= 3)
    name &= ~_np(pc.is_in(nxt, value_set=_NOT_SAINT_NAMES_SET))
    if name.any():
        word = word.copy()
        word[at[name]] = _SAINTE
    return word


def _context_tokens(tokens: Any, parent: np.ndarray, word: np.ndarray) -> tuple[Any, np.ndarray]:
    """:func:`_read_in_context` on the flat token array (``parent``: row of each).

    RT/RW numbers are replaced in ``tokens``; ``st`` and ``fl`` get their reading
    in ``word`` (an index into :data:`_WORD_VALUES` per token, -1: unchanged).
    """
    at = np.flatnonzero(_lengths(tokens) == 2)  # every context word has two letters
    which = _np(pc.fill_null(pc.index_in(tokens.take(pa.array(at)), _CONTEXT_WORD_SET), -1))
    at, context = at[which >= 0], which[which >= 0]
    if not len(at):
        return tokens, word
    m = len(tokens)
    has_prev = np.zeros(m, dtype=bool)
    has_prev[1:] = parent[1:] == parent[:-1]
    has_next = np.append(has_prev[1:], False)
    prev, nxt = np.maximum(at - 1, 0), np.minimum(at + 1, m - 1)  # clipped where none
    p_ok, n_ok = has_prev[at], has_next[at]
    label = (context == _CONTEXT_WORD_LIST.index("rt")) | (
        context == _CONTEXT_WORD_LIST.index("rw")
    )
    target = nxt[label & n_ok]
    target = target[_B_DIGIT[_first_bytes(tokens.take(pa.array(target)))]]
    if len(target):
        stripped = pc.replace_substring_regex(
            tokens.take(pa.array(target)), pattern=_LEADING_ZEROS.pattern, replacement=r"\1\2"
        )
        mask = np.zeros(m, dtype=bool)
        mask[target] = True
        tokens = pc.replace_with_mask(tokens, pa.array(mask), stripped)
    st = context == _CONTEXT_WORD_LIST.index("st")
    fl = context == _CONTEXT_WORD_LIST.index("fl")
    if not (st.any() or fl.any()):
        return tokens, word
    k = len(at)
    near = tokens.take(pa.array(np.concatenate([prev, nxt])))  # the neighbours
    first, last = _first_bytes(near), _last_bytes(near)
    starts_digit, number = _B_DIGIT[first], _B_DIGIT[last]
    floor_number = (_lengths(near) <= 3) & ~_has(near, _B_NOT_DIGIT)
    word = word.copy()
    if st.any():
        thoroughfare = _np(pc.is_in(near.slice(0, k), value_set=_BEFORE_SAINT_SET))
        before_name = n_ok & _B_LOWER[first[k:]]
        after_name = p_ok & ~number[:k] & ~thoroughfare
        word[at[st]] = np.where((before_name & ~after_name)[st], _SAINT, _STREET)
    if fl.any():
        ordinal = starts_digit[:k] & ~number[:k]
        floor = (n_ok & floor_number[k:]) | (
            p_ok & ~(n_ok & starts_digit[k:]) & (floor_number[:k] | ordinal)
        )
        word[at[floor & fl]] = _FLOOR
    return tokens, word


def _next_other(skip: np.ndarray) -> np.ndarray:
    """The first position from each on that ``skip`` does not mark (``len(skip)``: none)."""
    m = len(skip)
    return np.minimum.accumulate(np.where(skip, m, np.arange(m))[::-1])[::-1]


def _postcode_mark_tokens(tokens: Any, parent: np.ndarray, number_word: np.ndarray) -> np.ndarray:
    """The postcode marks :func:`_drop_number_words` drops (``cp``, and the ``c`` and
    ``p`` of ``c p``, before a five-digit number, ``cep`` before one of five or eight
    digits, number words between them), on the flat token array (``parent``: row of
    each)."""
    m = len(tokens)
    none = np.zeros(m, dtype=bool)
    lengths = _lengths(tokens)
    first = _first_bytes(tokens)
    at = np.flatnonzero(((first == ord("c")) | (first == ord("p"))) & (lengths <= 3))
    if not len(at):
        return none
    words = tokens.take(pa.array(at))
    word = np.zeros(m + 1, dtype=np.int8)  # 1: c, 2: p, 3: cp, 4: cep (a spare slot at the end)
    word[at] = np.select(
        [_np(pc.equal(words, w)) for w in ("c", "p", "cp", "cep")], [1, 2, 3, 4], 0
    )
    same_next = np.zeros(m, dtype=bool)
    same_next[:-1] = parent[1:] == parent[:-1]
    same_prev = np.append(False, same_next[:-1])
    prev_word = np.append(0, word[: m - 1])
    mark = (word[:m] >= 3) | ((word[:m] == 2) & (prev_word == 1) & same_prev)
    mark |= (word[:m] == 1) & (word[1:] == 2) & same_next
    if not mark.any():
        return none
    at = np.flatnonzero(mark)
    after = _next_other(number_word | mark)[at]  # the next other token: five digits?
    ok = after < m
    at, after = at[ok], after[ok]
    size = lengths[after]
    ok = (parent[after] == parent[at]) & ((size == 5) | ((word[at] == 4) & (size == 8)))
    at, after = at[ok], after[ok]
    if len(at):
        at = at[~_has(tokens.take(pa.array(after)), _B_NOT_DIGIT)]
    out = none
    out[at] = True
    return out


_POSTCODE_AREA_WORD_AT = np.array([w in _POSTCODE_AREA_WORDS for w in sorted(_NUMBER_WORDS)])
_B_INWARD = _lut("".join(c for c in map(chr, range(97, 123)) if re.fullmatch(_INWARD, "0" + c * 2)))


def _postcode_area_tokens(
    tokens: Any, parent: np.ndarray, which: np.ndarray, slash: np.ndarray
) -> np.ndarray:
    """:func:`_is_postcode_area` on the flat token array (``parent``: row of each;
    ``which``: each token's position in the sorted :data:`_NUMBER_WORDS`, -1 for
    other tokens; ``slash``: unit numbers the reference has joined to the next number
    before it drops number words, so no district)."""
    m = len(tokens)
    out = np.zeros(m, dtype=bool)
    at = np.flatnonzero(which >= 0)
    at = at[_POSTCODE_AREA_WORD_AT[which[at]]]
    at = at[at + 2 < m]
    at = at[(parent[at + 2] == parent[at]) & ~slash[at + 1]]
    if not len(at):
        return out
    k = len(at)
    has_third = (at + 3 < m) & (parent[np.minimum(at + 3, m - 1)] == parent[at])
    near = tokens.take(pa.array(np.concatenate([at + 1, at + 2, np.minimum(at + 3, m - 1)])))
    lengths = _lengths(near)
    digits = ~_has(near, _B_NOT_DIGIT)
    district = digits[:k] & (lengths[:k] <= 2)
    inward = near.slice(k, k)
    ordinal = (lengths[k : 2 * k] == 3) & _B_DIGIT[_first_bytes(inward)]
    if ordinal.any():
        suffix = pc.utf8_slice_codeunits(inward, 1)
        ordinal &= _np(pc.is_in(suffix, value_set=pa.array(_ORDINAL_SUFFIXES, _LARGE_STRING)))
    letters = near.slice(2 * k)
    plain = digits[k : 2 * k] & (lengths[k : 2 * k] == 1) & has_third
    plain &= (lengths[2 * k :] == 2) & ~_has(letters, ~_B_INWARD)
    out[at[district & (ordinal | plain)]] = True
    return out


def _join_split_tokens(tokens: Any, parent: np.ndarray) -> tuple[Any, np.ndarray]:
    """:func:`_join_split_words` on the flat token array (``parent``: row of each)."""
    m = len(tokens)
    if m < 2:
        return tokens, parent
    at = np.flatnonzero(_np(pc.is_in(tokens.slice(0, m - 1), value_set=_SPLIT_HEAD_SET)))
    at = at[parent[at] == parent[at + 1]]
    if not len(at):
        return tokens, parent
    tails = tokens.take(pa.array(at + 1))
    at = at[_np(pc.is_in(tails, value_set=_SPLIT_TAIL_SET))]
    joined = pc.binary_join_element_wise(
        tokens.take(pa.array(at)), tokens.take(pa.array(at + 1)), _large("")
    )
    ok = _np(pc.is_in(joined, value_set=_SPLIT_WORD_SET))
    at, joined = at[ok], joined.filter(pa.array(ok))
    if not len(at):
        return tokens, parent
    # left to right: in a run of neighbouring joins (a b c with ab and bc words),
    # every second one is taken, as the reference's scan does
    run_start = np.ones(len(at), dtype=bool)
    run_start[1:] = at[1:] != at[:-1] + 1
    first = np.maximum.accumulate(np.where(run_start, np.arange(len(at)), 0))
    take = (np.arange(len(at)) - first) % 2 == 0
    at, joined = at[take], joined.filter(pa.array(take))
    mask = np.zeros(m, dtype=bool)
    mask[at] = True
    tokens = pc.replace_with_mask(tokens, pa.array(mask), joined)
    keep = np.ones(m, dtype=bool)
    keep[at + 1] = False
    return tokens.filter(pa.array(keep)), parent[keep]


_US_STATE_CODE_SET = pa.array(sorted(_US_STATE_CODES), type=_LARGE_STRING)
#: The addresses read per value: :data:`_ADDRESS_SLOW_RE2` and the North-American forms
#: :func:`_north_american_words` reads.
_ADDRESS_SLOW_NA_RE2 = f"{_ADDRESS_SLOW_RE2}|(?:{_NORTH_AMERICAN_RE2})"


def _zip_plus_four_tokens(tokens: Any, parent: np.ndarray, first: np.ndarray) -> Any:
    """:func:`_zip_plus_four` on the flat token array (``parent``: row of each;
    ``first``: the first byte of each)."""
    at = np.flatnonzero((_lengths(tokens) == 9) & _B_DIGIT[first])
    at = at[(at > 0) & (parent[at - 1] == parent[np.maximum(at, 0)])]
    if not len(at):
        return tokens
    at = at[~_has(tokens.take(pa.array(at)), _B_NOT_DIGIT)]
    if not len(at):
        return tokens
    at = at[_np(pc.is_in(tokens.take(pa.array(at - 1)), value_set=_US_STATE_CODE_SET))]
    if not len(at):
        return tokens
    mask = np.zeros(len(tokens), dtype=bool)
    mask[at] = True
    five = pc.utf8_slice_codeunits(tokens.take(pa.array(at)), 0, 5)
    return pc.replace_with_mask(tokens, pa.array(mask), five)


_IN_PLACE_SET = pa.array(list(_STREET_TYPES_IN_PLACE), type=_LARGE_STRING)
_IN_PLACE_WORDS = pa.array(list(_STREET_TYPES_IN_PLACE.values()), type=_LARGE_STRING)


def _street_type_tokens(tokens: Any, parent: np.ndarray) -> Any:
    """:func:`_street_types_in_place` on the flat token array (``parent``: row of each).

    Tokens here are runs of ASCII letters, digits, ordinals or CJK words (or digits
    joined, ``1/12``; a unit number is a token of its own before its number): a word
    starts with a letter ``a``-``z``, a number ends with a digit.
    """
    m = len(tokens)
    two = np.flatnonzero(_lengths(tokens) == 2)  # each of them has two letters
    which = _np(pc.fill_null(pc.index_in(tokens.take(pa.array(two)), _IN_PLACE_SET), -1))
    at, which = two[which >= 0], which[which >= 0]
    if not len(at):
        return tokens
    start = np.searchsorted(parent, parent[at])  # the first token of each one's row
    # the street name: the words right before, counted up to one too many
    names = np.zeros(len(at), dtype=np.int64)
    alive = np.ones(len(at), dtype=bool)
    for d in range(1, _STREET_NAME_WORDS + 2):
        before = np.maximum(at - d, 0)
        near = tokens.take(pa.array(before))
        word = _B_LOWER[_first_bytes(near)] & ~_np(pc.is_in(near, value_set=_THOROUGHFARE_SET))
        alive &= (at - d >= start) & word
        names += alive
    first_name = at - names
    # numbers only before the name, at least one
    number = _B_DIGIT[_last_bytes(tokens)]
    ok = (names >= 1) & (names <= _STREET_NAME_WORDS) & (first_name > start)
    ok &= _next_other(number)[start] == first_name
    # and no number after it
    after = np.minimum(at + 1, m - 1)
    ok &= ~((at + 1 < m) & (parent[after] == parent[at]) & _B_DIGIT[_first_bytes(tokens)][after])
    if not ok.any():
        return tokens
    mask = np.zeros(m, dtype=bool)
    mask[at[ok]] = True
    return pc.replace_with_mask(tokens, pa.array(mask), _IN_PLACE_WORDS.take(pa.array(which[ok])))


def _address_fast(text: Any, folded: Any, comp: _Compiled) -> _Fast:
    """ASCII and Chinese addresses (CJK ideographs, full-width ASCII) -> word keys.

    The text is cut into the reference's parts on its bytes, CJK runs are
    tokenised once per distinct run, and the English rules (abbreviations,
    number words, ``12 f``) run on the flat token array.
    """
    n = len(folded)
    folded = _where(  # ..., Lagos, Nigeria: ..., Lagos (every rule reads it so)
        _matches(folded, _END_COUNTRY_PATTERN),
        folded,
        lambda x: pc.replace_substring_regex(x, _END_COUNTRY_PATTERN, ""),
    )
    s = _where(_matches(folded, _LATAM_HINT_PATTERN), folded, _latam_words_many)
    wide = _has(s, _B_NON_ASCII)
    if wide.any():
        trad = np.zeros(n, dtype=bool)
        trad[wide] = _matches(s.filter(pa.array(wide)), _TRAD_RE2)
        s = _where(trad, s, _translate_trad)
    s = _where(  # 12 Oak St #5: 12 Oak St unit 5
        _has(s, _lut("#")),
        s,
        lambda x: pc.replace_substring_regex(x, _HASH_UNIT_PATTERN, _HASH_UNIT_REWRITE),
    )
    dotted = _matches(s, _DOTTED_INITIALS_RE2) | _matches(s, _DOTTED_NL_RE2)
    s = _where(dotted, s, _dotted_initials_many)  # N.W.: NW; N.L.: Nuevo León
    glued = _matches(s, _UK_GLUED_PATTERN)  # LE174XT: LE17 4XT
    s = _where(
        glued, s, lambda x: pc.replace_substring_regex(x, _UK_GLUED_PATTERN, _UK_GLUED_SPACED)
    )
    tokens, parent, joiner = _address_tokens(s)
    tokens, parent = _join_number_tokens(tokens, parent, joiner)
    first = _first_bytes(tokens)
    han = first >= 0x80
    if han.any():
        runs = tokens.filter(pa.array(han))
        distinct = pc.unique(runs)
        joined = pa.array([_zh_joined(r) for r in distinct.to_pylist()], type=_LARGE_STRING)
        tokens = pc.replace_with_mask(
            tokens, pa.array(han), pc.take(joined, pc.index_in(runs, value_set=distinct))
        )
    m = len(tokens)
    tokens, parent = _join_split_tokens(tokens, parent)
    if len(tokens) < m:
        first = _first_bytes(tokens)
    tokens = _ap_unit_tokens(tokens, parent)
    tokens = _zip_plus_four_tokens(tokens, parent, first)
    which = _np(pc.fill_null(pc.index_in(tokens, value_set=_NUMBER_WORDS_SET), -1))
    number_word = which >= 0
    slash_at = None
    postcode_mark = _postcode_mark_tokens(tokens, parent, number_word)
    if number_word.any() or postcode_mark.any():
        # a number word goes when the next word that is not one starts with a digit
        m = len(tokens)
        nxt = _next_other(number_word)
        # Unit 1, 12 Smith St: 1/12, joined in the key (a unit number is never dropped)
        slash = np.zeros(m, dtype=bool)
        slash[_unit_number_pairs(tokens, parent, which, nxt)] = True
        # a postcode's area that is a number word (nr 24 9 qe) stays
        dropping = number_word & ~_postcode_area_tokens(tokens, parent, which, slash)
        skip = _next_other(dropping | postcode_mark)
        nxt_c = np.minimum(skip, m - 1)
        keep = ~(dropping & (skip < m) & (parent[nxt_c] == parent) & _B_DIGIT[first[nxt_c]])
        keep &= ~postcode_mark
        # 12 Smith St Unit 3: 3/12 Smith St, the unit number moved first (the unit
        # designator before it goes, as the number words before a number do)
        start, unit = _units_after_streets(tokens, parent, which, nxt)
        if len(start):  # in one take with the filter (rows keep their tokens)
            order = _move_units_first(m, start, unit)
            keep, slash = keep[order], slash[order]
            slash[start] = True
            tokens = tokens.take(pa.array(order[keep]))
        else:
            tokens = tokens.filter(pa.array(keep))
        slash_at = np.flatnonzero(slash[keep])
        parent = parent[keep]
    tokens = _street_type_tokens(tokens, parent)
    tokens = _indonesian_word_tokens(tokens, parent, n)
    # the abbreviations and the words read in context, in one pass
    word = _np(pc.fill_null(pc.index_in(tokens, value_set=_ABBREVIATION_KEYS), -1))
    tokens, word = _context_tokens(tokens, parent, word)
    word = _sainte_tokens(tokens, parent, word)
    valid = word >= 0
    if valid.any():
        words = pc.take(_WORD_VALUES, pa.array(word, mask=~valid))
        tokens = pc.if_else(pa.array(valid), words, tokens)
    f = _np(pc.equal(tokens, "f"))
    if f.any():
        # 12 f, 12/F: twelfth floor
        decimal = ~_has(tokens, ~_B_DIGIT) & (_lengths(tokens) > 0)
        at = np.flatnonzero(f)
        prev = np.maximum(at - 1, 0)
        at = at[(at > 0) & (parent[prev] == parent[at]) & decimal[prev]]
        if len(at):  # not a sector's letter (Street 5, F-7/2)
            nxt = np.minimum(at + 1, len(tokens) - 1)
            sector = (at + 1 < len(tokens)) & (parent[nxt] == parent[at])
            sector &= _matches(tokens.take(pa.array(nxt)), _SECTOR_NUMBER_RE2)
            at = at[~sector]
        if len(at):
            mask = np.zeros(len(tokens), dtype=bool)
            mask[at] = True
            floors = pa.array(_floor_words(tokens, parent, at, n), type=_LARGE_STRING)
            tokens = pc.replace_with_mask(tokens, pa.array(mask), floors)
    tokens = _us_state_code_tokens(tokens, parent)
    colonia = _colonia_tokens(tokens, parent)
    if colonia.any():  # Col. Centro: Centro
        keep = ~colonia
        if slash_at is not None:
            slash_at = (np.cumsum(keep) - 1)[slash_at]
        tokens, parent = tokens.filter(pa.array(keep)), parent[keep]
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(parent, minlength=n), out=offsets[1:])
    lists = pa.LargeListArray.from_arrays(pa.array(offsets), tokens)
    key = pc.binary_join(lists, _large(" "))
    if slash_at is not None and len(slash_at):
        key = _slash_after(key, tokens, offsets, parent, slash_at)
    zeros = np.zeros(n, dtype=np.int8)
    # the spelled-out "no number" (sin numero) is read per value (:func:`_drop_no_number`),
    # and so are a post office box, "nr" before a word and a PIN in two groups
    # (:func:`_box_and_landmark_words`), and European street words and flat marks
    # (:func:`_european_words`): one pass of the three patterns
    slow = _matches(folded, _ADDRESS_SLOW_NA_RE2)
    # Japanese, U.A.E., Ireland's counties, AU/NZ short units, c/o; rural routes and
    # Mexico City's names: per value
    slow |= _matches(folded, _ADDRESS_ME_SLOW_RE2)
    # Sector F-7/2, H-12 R-5 and "state" ending the address (Lagos State): per value
    slow |= _matches(folded, _ADDRESS_AFSA_SLOW_RE2)
    # a South African "str": per value (German "Str." stays on the fast path)
    za = ~slow & _matches(folded, _STR_RE2)
    if za.any():
        slow[za] = _matches(folded.filter(pa.array(za)), _ZA_PLACES_RE2)
    return _Fast(key, zeros, zeros.copy(), slow)


def _floor_words(tokens: Any, parent: np.ndarray, at: np.ndarray, n: int) -> list[str]:
    """:func:`_floor_word` of the floor marks ``at`` of the flat token array (``parent``:
    row of each, of ``n``): 楼 in a row holding a CJK word (on the fast path, a Chinese
    address: Japanese ones go per value), but before one."""
    cjk = _first_bytes(tokens) >= 0x80
    words = np.full(len(at), "floor", dtype=object)
    if cjk.any():
        chinese = np.zeros(n, dtype=bool)
        chinese[parent[cjk]] = True
        after = np.minimum(at + 1, len(tokens) - 1)
        before_cjk = (at + 1 < len(tokens)) & (parent[after] == parent[at]) & cjk[after]
        words[chinese[parent[at]] & ~before_cjk] = "楼"
    return words.tolist()


#: Addresses the fast path leaves to the per-value path: Japanese ones
#: (:data:`_JAPANESE_PATTERN`; kana and 〒 go per value anyway), dotted country names and
#: the Irish, Australian and New Zealand forms of :data:`_COMMONWEALTH_RE2`; Chinese ones
#: with a road's section in a numeral (信義路五段) or Taiwan's postcode first.
_ADDRESS_ME_SLOW_RE2 = (
    f"(?:{_JAPANESE_PATTERN})|(?:{_DOTTED_COUNTRY_RE2})|(?:{_COMMONWEALTH_RE2})"
    f"|(?:{_RURAL_ROUTE_RE2})|(?:{_MEXICO_CITY_RE2})"
    f"|(?:{_ZH_SECTION_RE2})|(?:{_TW_POSTCODE_RE2})"
)


#: Addresses the fast path leaves to the per-value path: ``sector`` before a sector
#: (:data:`_SECTOR_RE2`), South Asia's ``H``/``R`` (:data:`_HOUSE_ROAD_RE2`) and ``state``
#: ending the address (:data:`_END_STATE_RE2`).
_ADDRESS_AFSA_SLOW_RE2 = f"(?:{_SECTOR_RE2})|(?:{_HOUSE_ROAD_RE2})|(?:{_END_STATE_RE2})"
#: :data:`_SECTOR_NUMBER`, a whole token.
_SECTOR_NUMBER_RE2 = f"^{_SECTOR_NUMBER.pattern}$"
_ID_MARK_SET = pa.array(sorted(_ID_ADDRESS_MARKS), type=_LARGE_STRING)
_ID_WORD_KEYS = pa.array(list(_ID_ADDRESS_WORDS), type=_LARGE_STRING)
_ID_WORD_VALUES = pa.array(list(_ID_ADDRESS_WORDS.values()), type=_LARGE_STRING)


def _indonesian_word_tokens(tokens: Any, parent: np.ndarray, n: int) -> Any:
    """:data:`_ID_ADDRESS_WORDS` in full in the rows (of ``n``) that hold one of
    :data:`_ID_ADDRESS_MARKS`, on the flat token array (``parent``: row of each)."""
    mark = _np(pc.is_in(tokens, value_set=_ID_MARK_SET))
    if not mark.any():
        return tokens
    rows = np.zeros(n, dtype=bool)
    rows[parent[mark]] = True
    which = _np(pc.fill_null(pc.index_in(tokens, value_set=_ID_WORD_KEYS), -1))
    at = (which >= 0) & rows[parent]
    if not at.any():
        return tokens
    words = _ID_WORD_VALUES.take(pa.array(which[at]))
    return pc.replace_with_mask(tokens, pa.array(at), words)


def _dotted_initials_many(arr: Any) -> Any:
    """:func:`_dotted_initials` on an array."""
    arr = pc.replace_substring_regex(arr, _DOTTED_INITIALS_RE2, _DOTTED_INITIALS_REWRITE)
    return pc.replace_substring_regex(arr, _DOTTED_NL_RE2, _DOTTED_NL_REWRITE)


_STATE_CODE_WORD_SET = pa.array(list(_STATE_CODE_WORDS), type=_LARGE_STRING)
_STATE_CODE_VALUES = pa.array(list(_STATE_CODE_WORDS.values()), type=_LARGE_STRING)
_ZERO_ZIP_WORD_SET = pa.array(sorted(_ZERO_ZIP_WORDS), type=_LARGE_STRING)
_NA_END_COUNTRY_SET = pa.array(sorted(_NA_END_COUNTRY), type=_LARGE_STRING)


def _us_state_code_tokens(tokens: Any, parent: np.ndarray) -> Any:
    """:func:`_us_state_codes` on the flat token array (``parent``: row of each)."""
    m = len(tokens)
    if m < 2:
        return tokens
    lengths = _lengths(tokens)
    digits = ~_has(tokens, _B_NOT_DIGIT) & (lengths > 0)
    same_next = np.zeros(m, dtype=bool)
    same_next[:-1] = parent[1:] == parent[:-1]
    last = ~same_next
    # four digits ending the row (or before a last usa/us) after a zero-ZIP state
    at = np.flatnonzero(digits & (lengths == 4))
    at = at[(at > 0)]
    at = at[parent[at - 1] == parent[at]]
    if len(at):
        nxt = np.minimum(at + 1, m - 1)
        country = _np(pc.is_in(tokens.take(pa.array(nxt)), value_set=_NA_END_COUNTRY_SET))
        at = at[last[at] | (same_next[at] & last[nxt] & country)]
    if len(at):
        state = _np(pc.is_in(tokens.take(pa.array(at - 1)), value_set=_ZERO_ZIP_WORD_SET))
        at = at[state]
    if len(at):
        mask = np.zeros(m, dtype=bool)
        mask[at] = True
        padded = pc.binary_join_element_wise(
            pa.array(["0"] * len(at), _LARGE_STRING), tokens.take(pa.array(at)), _large("")
        )
        tokens = pc.replace_with_mask(tokens, pa.array(mask), padded)
        lengths = lengths.copy()
        lengths[at] = 5
    # court, company, mount before five digits: ct, co, mt
    which = _np(pc.fill_null(pc.index_in(tokens, value_set=_STATE_CODE_WORD_SET), -1))
    at = np.flatnonzero((which >= 0) & same_next)
    if not len(at):
        return tokens
    at = at[digits[at + 1] & (lengths[at + 1] == 5)]
    if not len(at):
        return tokens
    mask = np.zeros(m, dtype=bool)
    mask[at] = True
    return pc.replace_with_mask(
        tokens, pa.array(mask), _STATE_CODE_VALUES.take(pa.array(which[at]))
    )


def _colonia_tokens(tokens: Any, parent: np.ndarray) -> np.ndarray:
    """The ``colonia`` tokens :func:`_without_colonia` drops (before a word)."""
    m = len(tokens)
    out = np.zeros(m, dtype=bool)
    at = np.flatnonzero(_np(pc.equal(tokens, "colonia")))
    at = at[at + 1 < m]
    at = at[parent[at + 1] == parent[at]]
    if len(at):
        out[at[_B_LOWER[_first_bytes(tokens.take(pa.array(at + 1)))]]] = True
    return out


def _latam_words_many(arr: Any) -> Any:
    """:func:`_latam_words` on an array."""
    for pattern, replacement in _LATAM_RULES:
        arr = pc.replace_substring_regex(arr, pattern, replacement)
    return arr


def _translate_trad(arr: Any) -> Any:
    return pa.array([t.translate(_zh.TRAD_TO_SIMP) for t in arr.to_pylist()], type=_LARGE_STRING)


# --- generic ---------------------------------------------------------------


def _generic_fast(text: Any, folded: Any, comp: _Compiled) -> _Fast:
    n = len(folded)
    data, _ = _compact_bytes(folded)
    space = data == ord(" ")
    double = space & np.concatenate(([False], space[:-1]))  # never at a row start: trimmed
    zeros = np.zeros(n, dtype=np.int8)
    return _Fast(_drop(folded, double), zeros, zeros.copy(), np.zeros(n, dtype=bool))


# ---------------------------------------------------------------------------
# Registry and public functions
# ---------------------------------------------------------------------------

# Numbers in the digits of another script (Thai, Arabic-Indic) are read as the same
# numbers in ASCII digits in every kind but e-mail addresses and IPs. The fast paths
# never see such digits: they are not ASCII, nor among the wide characters addresses take.
_SPECS: dict[str, _Spec] = {
    "payment_account": _Spec(
        _payment_kernel,
        min_len=5,
        key_folded=False,
        fast=_payment_fast,
        digits=True,
        ascii_digits=True,
        masks="number",
        mask_bytes=_MASKED_NUMBER_BYTES,
        mask_hint=_MASKED_NUMBER_RE2,
    ),
    "id_document": _Spec(
        _id_kernel,
        min_len=5,
        key_folded=False,
        fast=_id_fast,
        digits=True,
        ascii_digits=True,
        masks="number",
        mask_bytes=_MASKED_NUMBER_BYTES,
        mask_hint=_MASKED_NUMBER_RE2,
    ),
    "device": _Spec(
        _device_kernel,
        min_len=5,
        fast=_device_fast,
        digits=True,
        ascii_digits=True,
        masks="number",
        mask_bytes=_MASKED_NUMBER_BYTES,
        mask_hint=_MASKED_NUMBER_RE2,
    ),
    "phone": _Spec(
        _phone_kernel,
        min_len=5,
        fast=_phone_fast,
        digits=True,
        national=True,
        ascii_digits=True,
        masks="phone",
        mask_bytes=_MASKED_NUMBER_BYTES,
        mask_hint=_MASKED_NUMBER_RE2,
    ),
    "email": _Spec(
        _email_kernel,
        key_rules=False,
        fast=_email_fast,
        masks="email",
        mask_bytes="*",
    ),
    "address": _Spec(
        _address_kernel,
        raw_rules=False,
        key_is_words=True,
        fast=_address_fast,
        wide=True,
        ascii_digits=True,
        masks="address",
        mask_bytes="*",
    ),
    "ip": _Spec(
        _ip_kernel, structural=False, fast=_ip_fast, masks="ip", mask_bytes=_MASKED_IP_BYTES
    ),
}
# custom kinds are mostly numbers (tax ids, postcodes) that spreadsheets mangle too
_GENERIC = _Spec(
    _generic_kernel, key_rules=False, fast=_generic_fast, digits=True, ascii_digits=True
)

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


def normalize_values(
    kind: str, values: pd.Series, *, config: NormalizeConfig | None = None
) -> pd.DataFrame:
    """Normalise raw identifier values of one kind.

    Parameters
    ----------
    kind : str
        Identifier kind, in any spelling :func:`canonical_kind` accepts, and read as
        the batch reads a links table's ``kind`` cell
        (:func:`~sellergraph.config.resolve_kind`): another name of a built-in kind
        (``mobile``, ``tel``, ``iban``, ``passport``, ``imei``, ``login_ip``: the
        names of :data:`~sellergraph.config.KIND_ALIASES`), one with a number after it
        (``phone_2``) or with the words a column name has around it
        (``Contact_Phones``, ``Device_Info``) is that kind. Built-in kinds
        (``config.BUILTIN_KINDS``) get their own normaliser, any other name the
        generic one (NFKC, case-folded, whitespace collapsed).
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
    >>> normalize_values("mobile", pd.Series(["138-0013-8000"]))["key"].tolist()
    ['+8613800138000']
    """
    normaliser = NORMALISERS.get(_builtin_kind(kind), _normalize_generic)
    return normaliser(values, NormalizeConfig() if config is None else config)


def _normalize_values_via(
    kind: str, values: pd.Series, path: _Path, *, config: NormalizeConfig | None = None
) -> pd.DataFrame:
    """:func:`normalize_values` through a chosen path (tests compare the two)."""
    return _run(values, NormalizeConfig() if config is None else config, _spec(kind), path)


#: A name ending in a digit glued to a letter (``phone2``): a config may declare it a
#: kind of its own (``custom = true``), read by the generic rules, so it is not read as
#: the built-in kind it is near.
_OWN_KIND_NAME = re.compile(r".*[^\W\d_]\d+")


@functools.lru_cache(maxsize=1024)
def _builtin_kind_of(kind: str) -> str:
    name = canonical_kind(kind)
    if name not in BUILTIN_KINDS and name not in KIND_ALIASES and _OWN_KIND_NAME.fullmatch(name):
        return name
    return resolve_kind(kind, BUILTIN_KINDS)


def _builtin_kind(kind: object) -> str:
    """The built-in kind a kind's name names, as a links table's ``kind`` cell is read
    (:func:`~sellergraph.config.resolve_kind`: ``Phone``, ``mobile``, ``tel``, ``iban``,
    ``phone_2``, ``Contact_Phones``), else the name's canonical spelling (a custom kind).

    A config may give another name of a built-in kind a rule of its own (``iban``):
    its values are still of the kind the name names, and are read by its normaliser.

    Examples
    --------
    >>> [_builtin_kind(k) for k in ("Mobile", "IBAN", "Contact_Phones", "loyalty_id")]
    ['phone', 'payment_account', 'phone', 'loyalty_id']
    >>> _builtin_kind("phone_2"), _builtin_kind("phone2")  # phone2: maybe a kind of its own
    ('phone', 'phone2')
    """
    return _builtin_kind_of(kind) if isinstance(kind, str) else resolve_kind(kind, BUILTIN_KINDS)


@functools.lru_cache(maxsize=256)
def _spec(kind: str) -> _Spec:
    return _SPECS.get(_builtin_kind(kind), _GENERIC)


#: A custom kind's name, as :func:`canonical_kind` spells it: a word of letters, digits
#: and ``_``, starting with a letter (``loyalty_id``, ``shop_code``, ``phone_2``).
_KIND_NAME = re.compile(r"[^\W\d_]\w*")


def _check_kind_name(kind: object, value: object) -> None:
    """Refuse a ``kind`` of :func:`normalize_value` that is a value: no kind's name, or
    unknown with a built-in kind's name as its value (the arguments swapped)."""
    if not _KIND_NAME.fullmatch(canonical_kind(kind)):
        why = "is no kind name"
    elif isinstance(value, str) and canonical_kind(value) in BUILTIN_KINDS:
        why = f"is no kind this module knows, and the value {value!r} is one"
    else:
        return
    raise ValueError(
        f"normalize_value(kind, value): kind {kind!r} {why}: the kind comes first "
        f"({', '.join(sorted(BUILTIN_KINDS))}, or a custom kind named by a word such as "
        "loyalty_id), then the value: normalize_value('phone', '+49 151 23761615')"
    )


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

    A kind is read as a links table's ``kind`` cell is (:func:`normalize_values`):
    ``mobile`` is ``phone``. A name that names no built-in kind is a custom kind
    (``loyalty_id``), read by the generic rules. A ``kind`` that is no kind's name
    (``"+49 151 23761615"``, ``"a@b.com"``), or an unknown one given with a built-in
    kind's name as the ``value``, is taken for arguments given the wrong way round:

    >>> normalize_value("+49 151 23761615", "phone")
    Traceback (most recent call last):
    ...
    ValueError: normalize_value(kind, value): kind '+49 151 23761615' is no kind name...
    """
    spec = _spec(kind) if isinstance(kind, str) else _SPECS.get(_builtin_kind(kind), _GENERIC)
    if spec is _GENERIC:
        _check_kind_name(kind, value)
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
    masked = key[:head] + "*" * (n - head - tail) + key[n - tail :]
    if masked == key:  # the hidden middle was already stars: hide the tail as well
        masked = key[:head] + "*" * (n - head)
    return masked


def _mask_email(key: str) -> str:
    local, _, domain = key.rpartition("@")
    return f"{local[:1]}***@{domain}"


def mask_value(kind: str, key: str) -> str:
    """Mask a normalised key for display (reports, screens, shared cases).

    * phone: country code and first digits, last 4 (``+86138****8000``)
    * email: first character of the local part (``j***@gmail.com``)
    * payment account: last 4 only (``************1111``); e-mail style
      accounts as e-mails
    * device, id_document and other kinds: first 2 and last 4 (of a value shorter
      than 12 characters, at most a quarter of it at each end: ``18***74``)
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
    kind = _builtin_kind(kind)
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
    if len(key) < 12:  # a short value shows at most a quarter of it at each end
        return _mask_middle(key, len(key) // 4, len(key) // 4)
    return _mask_middle(key, 2, 4)
