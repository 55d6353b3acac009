"""A US/Canadian marketplace export, read as its sellers write it (the new user's
findings 2 to 8): ``#24`` after the street as a unit, a ZIP+4 after a state as its
ZIP, state and province names before their postal codes, spelled-out directionals,
Quebec's ``rue St-Paul``, French unit words and the unit-civic ``12-100``; the
North-American tax-id labels; Payoneer, ``RTN``/``DDA`` and Canadian transit and
institution numbers; the extension word ``poste``; and a routing number before its
account is no card. Each rule holds on the fast and the per-value paths, and the
traps next to each stay apart."""

from __future__ import annotations

import pytest
from _normalize_checks import checked_results as _both_paths

from sellergraph.normalize import normalize_value


def _keys(kind: str, values: list[str], region: str = "US") -> list[str | None]:
    return [k for k, _, _ in _both_paths(kind, values, region)]


def _same_key(kind: str, values: list[str], key: str, region: str = "US") -> None:
    got = _both_paths(kind, values, region)
    assert [k for k, _, _ in got] == [key] * len(values), list(zip(values, got, strict=True))
    assert all(r is None for _, r, _ in got)
    assert normalize_value(kind, key)[0] == key  # keys stay keys


# -- 2: US addresses -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            [
                "12 Oak St Suite 5",
                "12 Oak St Ste. 5",
                "12 Oak St Apt 5",
                "12 Oak St Unit 5",
                "12 Oak St #5",
                "12 Oak St # 5",
                "12 Oak St, #5",
                "12 Oak St. #5",
                "12 Oak St Suite #5",
            ],
            "5/12 oak street",
        ),
        (
            [
                "1995 N Pine Blvd Suite 24, Atlanta, GA 30356",
                "1995 N. Pine Blvd Ste. 24, Atlanta, GA 30356",
                "1995 N Pine Blvd #24, Atlanta, GA 30356",
                "1995 North Pine Blvd Suite 24, Atlanta, GA 30356",
                "1995 N Pine Blvd Suite 24, Atlanta, Georgia 30356",
                "1995 N Pine Blvd Suite 24, Atlanta, GA 30356-1234",
                "1995 North Pine Blvd #24, Atlanta, Georgia 30356-1234",
                "1995 N Pine Blvd Suite 24, Atlanta GA 303561234",
            ],
            "24/1995 n pine boulevard atlanta ga 30356",
        ),
        (
            ["77 E. Main Street, Columbus, OH 43215", "77 East Main St, Columbus, Ohio 43215"],
            "77 e main street columbus oh 43215",
        ),
        (
            [
                "100 Main St W, Springfield, IL 62701",
                "100 Main Street West, Springfield, IL 62701",
                "100 Main St. West, Springfield, Illinois 62701-4321",
            ],
            "100 main street w springfield il 62701",
        ),
        (
            ["350 5th Ave, New York, NY 10118", "350 5th Avenue, New York, New York 10118-0110"],
            "350 5th avenue new york ny 10118",
        ),
        (
            [
                "1600 Pennsylvania Ave NW, Washington, DC 20500",
                "1600 Pennsylvania Avenue Northwest, Washington, District of Columbia 20500",
            ],
            "1600 pennsylvania avenue nw washington dc 20500",
        ),
        (
            ["10 Elm St, Raleigh, NC 27601", "10 Elm St, Raleigh, North Carolina 27601"],
            "10 elm street raleigh nc 27601",
        ),
    ],
)
def test_us_address_forms_meet(values: list[str], key: str) -> None:
    _same_key("address", values, key)


@pytest.mark.parametrize(
    ("value", "key"),
    [
        # '#' starting the address is the house number, as before
        ("#5 Main St", "5 main street"),
        # a ZIP+4 after no US state keeps its nine digits (another country's number)
        ("Somewhere 12345-6789", "somewhere 123456789"),
        ("Ruko Blok A 123456789", "ruko blok a 123456789"),
        # Georgia the country, before its own four-digit postcode, is no state
        ("12 Rustaveli Ave, Tbilisi, Georgia 0105", "12 rustaveli avenue tbilisi georgia 0105"),
        # a state's name that is a street's (or a city's) name stays
        ("100 Georgia Ave NW, Washington, DC 20001", "100 georgia avenue nw washington dc 20001"),
        ("12 Washington St, Boston, MA 02108", "12 washington street boston ma 02108"),
        ("12 Indiana Ave, Chicago, IL 60616", "12 indiana avenue chicago il 60616"),
        # the two-letter codes that are words are never read as names
        ("12 Main St, Portland, OR 97201", "12 main street portland or 97201"),
        ("12 Main St, Portland, ME 04101", "12 main street portland me 04101"),
        # a street named North is no directional; N Street is the letter street
        ("12 North St, Boston, MA 02113", "12 north street boston ma 02113"),
        ("1200 N St NW, Washington, DC 20005", "1200 n street nw washington dc 20005"),
        # West Palm Beach is a city's name, after a comma
        ("12 Main St, West Palm Beach, FL 33401", "12 main street west palm beach fl 33401"),
        # '#' after a building word keeps the building's number
        ("12 Main St Bldg #5", "12 main street building 5"),
        # Singapore's #05-12 (floor and unit) as before
        ("123 Orchard Road #05-12 Singapore 238858", "123 orchard road 05 12 singapore 238858"),
    ],
)
def test_us_address_traps(value: str, key: str) -> None:
    assert _keys("address", [value]) == [key]
    assert normalize_value("address", key)[0] == key


def test_zip_plus_four_is_no_other_zip() -> None:
    a, b, c = _keys(
        "address",
        ["1 Elm St, Atlanta, GA 30356-1234", "1 Elm St, Atlanta, GA 30357", "1 Elm St, GA 30356"],
    )
    assert a != b and a is not None
    assert c == "1 elm street ga 30356"


# -- 6: Quebec and Canadian addresses -------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            [
                "350 rue St-Paul O, Montreal, QC H2Y 1H2",
                "350 rue Saint-Paul O, Montreal, QC H2Y 1H2",
                "350 rue St Paul Ouest, Montréal, Québec H2Y 1H2",
                "350 rue St-Paul W, Montreal, QC H2Y 1H2",
                "350 rue Saint-Paul Ouest, Montreal, Quebec H2Y 1H2",
            ],
            "350 rue saint paul w montreal qc h 2 y 1 h 2",
        ),
        (
            [
                "100 rue King, bureau 12, Quebec, QC G1K 4A1",
                "100 rue King, suite 12, Quebec, QC G1K 4A1",
                "100 rue King, bur. 12, Quebec, QC G1K 4A1",
                "100 rue King, app. 12, Quebec, QC G1K 4A1",
                "100 rue King, appartement 12, Quebec, QC G1K 4A1",
                "100 rue King, local 12, Quebec, QC G1K 4A1",
            ],
            "100 rue king 12 quebec qc g 1 k 4 a 1",
        ),
        (
            [
                "12-100 King St W, Toronto, ON M5V 2T6",
                "100 King St W, Unit 12, Toronto, ON M5V 2T6",
                "100 King St West, Suite 12, Toronto, Ontario M5V 2T6",
                "100 King St W #12, Toronto, ON M5V 2T6",
            ],
            "12/100 king street w toronto on m 5 v 2 t 6",
        ),
        (
            [
                "1000 rue Sherbrooke Est, Montreal, QC H2L 1L3",
                "1000 rue Sherbrooke E, Montreal, QC H2L 1L3",
            ],
            "1000 rue sherbrooke e montreal qc h 2 l 1 l 3",
        ),
        (
            ["1 Main St, Vancouver, BC V6B 1A1", "1 Main St, Vancouver, British Columbia V6B 1A1"],
            "1 main street vancouver bc v 6 b 1 a 1",
        ),
    ],
)
def test_canadian_address_forms_meet(values: list[str], key: str) -> None:
    _same_key("address", values, key, region="CA")


@pytest.mark.parametrize(
    ("value", "key"),
    [
        # a range of house numbers is no unit-civic pair
        ("12-14 Main St, Toronto, ON M5V 2T6", "12 14 main street toronto on m 5 v 2 t 6"),
        # nor a pair outside Canada
        ("12-100 King St W, Sydney NSW 2000", "12 100 king street w sydney nsw 2000"),
        # Ottawa's rue O'Connor: an O before a name is no directional
        ("100 rue O'Connor, Ottawa, ON K1P 5M9", "100 rue o connor ottawa on k 1 p 5/9"),
        # an industrial estate keeps its word outside a French street
        (
            "4 Trafford Park Industrial Est, Manchester",
            "4 trafford park industrial estate manchester",
        ),
        # Quebec City (the city) before its province stays the city
        ("100 rue King, Québec, QC G1K 4A1", "100 rue king quebec qc g 1 k 4 a 1"),
        # St after a name is still street
        ("12 King St, Toronto", "12 king street toronto"),
    ],
)
def test_canadian_address_traps(value: str, key: str) -> None:
    assert _keys("address", [value], region="CA") == [key]
    assert normalize_value("address", key)[0] == key


# -- 3: North-American tax-id labels -------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            [
                "84-2917365",
                "EIN: 84-2917365",
                "EIN 84-2917365",
                "FEIN 84-2917365",
                "TIN: 84-2917365",
                "Tax ID: 84-2917365",
                "Federal Tax ID: 84-2917365",
                "Tax ID No. 84-2917365",
                "EIN #84-2917365",
            ],
            "842917365",
        ),
        (["ITIN: 912-70-1234", "912-70-1234"], "912701234"),
        (
            [
                "836219475RT0001",
                "BN: 836219475RT0001",
                "BN 836219475 RT 0001",
                "GST/HST: 836219475RT0001",
                "GST/HST No. 836219475RT0001",
            ],
            "836219475RT0001",
        ),
        (["QST: 1234567890TQ0001", "1234567890TQ0001"], "1234567890TQ0001"),
        (["NEQ: 1171234567", "NEQ 1171234567", "1171234567"], "1171234567"),
        (["SIN: 046 454 286", "SIN 046-454-286", "046454286"], "046454286"),
    ],
)
def test_tax_id_labels_are_dropped(values: list[str], key: str) -> None:
    _same_key("id_document", values, key)


def test_tax_id_letters_inside_a_value_stay() -> None:
    # a label is only a label before a separator
    assert _keys("id_document", ["TIN842917365", "BN836219475"]) == ["TIN842917365", "BN836219475"]


# -- 4: Payoneer and US bank labels ---------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "key"),
    [
        (
            [
                "48213377",
                "Payoneer 48213377",
                "Payoneer: 48213377",
                "Payoneer ID: 48213377",
                "Payoneer Customer ID: 48213377",
                "payoneer customer id 48213377",
            ],
            "48213377",
        ),
        (
            ["Payoneer: seller@shop.com", "seller@shop.com", "PAYONEER - seller@shop.com"],
            "seller@shop.com",
        ),
        (
            [
                "Routing: 021000021 Acct: 527831946",
                "RTN 021000021 DDA 527831946",
                "RTN: 021000021, DDA: 527831946",
                "ABA 021000021 Account 527831946",
                "Routing 021000021 Acct # 527831946",
                "021000021 / 527831946",
                "021000021 527831946",
            ],
            "021000021527831946",
        ),
        (["Acct # 527831946", "DDA 527831946", "DDA: 527831946", "527831946"], "527831946"),
    ],
)
def test_payoneer_and_us_bank_labels(values: list[str], key: str) -> None:
    _same_key("payment_account", values, key)


def test_routing_alone_is_a_code() -> None:
    got = _both_paths("payment_account", ["RTN 021000021", "RTN: 021000021"], "US")
    assert [r for _, r, _ in got] == ["bank_code_only"] * 2


# -- 5: Canadian bank accounts --------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [
        [
            "Transit 12345 Institution 004 Account 1234567",
            "Institution 004 Transit 12345 Account 1234567",
            "Transit: 12345, Inst: 004, Acct: 1234567",
            "FI 004 Transit 12345 Acct 1234567",
            "Transit No. 12345 Institution No. 004 Account No. 1234567",
            "12345-004 1234567",
            "12345-004-1234567",
            "004-12345-1234567",
        ]
    ],
)
def test_canadian_accounts_meet(values: list[str]) -> None:
    _same_key("payment_account", values, "004123451234567", region="CA")


@pytest.mark.parametrize(
    ("value", "key"),
    [
        # other digit shapes are not reordered
        ("4539-1488-0343-6467", "4539148803436467"),
        ("123456-004 1234567", "1234560041234567"),
        ("12345-0041 234567", "123450041234567"),
        ("12345 004 1234567", "123450041234567"),
        ("Sort code: 12-34-56, Account: 41920385", "12345641920385"),
        ("Transit 12345 Account 1234567", "123451234567"),
    ],
)
def test_other_account_shapes_stay(value: str, key: str) -> None:
    assert _keys("payment_account", [value], region="CA") == [key]


def test_two_institutions_are_two_accounts() -> None:
    got = _both_paths("payment_account", ["Institution 004 Institution 003 Account 1234567"], "CA")
    assert got[0][1] == "several_accounts"


# -- 7: the extension word poste ------------------------------------------------------------


def test_poste_is_an_extension() -> None:
    values = [
        "514-823-7890 poste 22",
        "514-823-7890 ext 22",
        "514 823 7890, poste 22",
        "(514) 823-7890 p. 22",
        "514-823-7890 Poste 22",
        "514-823-7890",
    ]
    got = _both_paths("phone", values, "CA")
    assert got == [("+15148237890", None, None)] * len(values)


def test_poste_alone_or_other_words_are_no_extension() -> None:
    got = _both_paths("phone", ["514-823-7890 postes", "514-823-7890 p 22"], "CA")
    assert [r for _, r, _ in got] == ["invalid_phone", "invalid_phone"]


# -- 8: a routing number before its account is no card ---------------------------------------


def test_routing_and_account_get_no_luhn_flag() -> None:
    got = _both_paths("payment_account", ["021000021 / 527831946", "021000021-527831946"], "US")
    assert [f for _, _, f in got] == [None, None]


def test_cards_still_fail_luhn() -> None:
    # a 16-digit card in groups of four, and nine digits that are no routing number
    # (starting as a card does: 18 digits starting with 1 are no card)
    got = _both_paths(
        "payment_account",
        ["4111 1111 1111 1112", "623456789 / 527831946", "4111111111111112"],
        "US",
    )
    assert [f for _, _, f in got] == ["luhn_failed"] * 3
