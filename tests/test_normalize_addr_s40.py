"""Addresses and dates of the CIS / Poland / Turkey and the US / Canada / Mexico exports
(the new users' findings, s40).

CIS: Russian ``г.``/``ул.``/``д.``/``кв.``/``пр-т``/... and their long forms are read as the
Ukrainian ones are, ``5-12`` after a Russian street is house 5 flat 12, Ukrainian
``буд.`` goes as ``д.`` does, Polish ``00-590`` is ``00590``, Turkish ``ı``/``I`` and Polish
``ł`` fold as the other Latin letters do, ``ё`` is ``е``; ``12.03.2023 г.``, Ukrainian and
Belarusian month names and ``МСК`` are read as dates.

North America: a ZIP whose leading zero a spreadsheet dropped after a New England state
or New Jersey, the older state and province abbreviations (``Que.``, ``PQ``, ``Fla.``), a
state's name ending the address, rural routes, dotted directionals, ``boul.``, Mexico's
``Col.``, ``Jal.``, ``N.L.`` and Mexico City's names; the codes CO, CT, MT before a ZIP.

Each rule holds on the fast and the per-value paths, keys stay keys, and the traps next to
each keep their keys.
"""

from __future__ import annotations

import pandas as pd
import pytest
from _normalize_checks import checked_results as _both_paths

from sellergraph import _date_words
from sellergraph.normalize import normalize_value
from sellergraph.schema import parse_dates


def _keys(values: list[str], region: str) -> list[str | None]:
    got = [key for key, _, _ in _both_paths("address", values, region)]
    for key in got:  # keys stay keys
        assert key is None or normalize_value("address", key)[0] == key
    return got


def _one_key(values: list[str], key: str, region: str) -> None:
    got = _keys(values, region)
    assert got == [key] * len(values), list(zip(values, got, strict=True))


# --- CIS, Poland, Turkey -----------------------------------------------------------------

CIS_SAME: dict[str, list[str]] = {
    "москва улица ленина 5/12": [
        "г. Москва, ул. Ленина, д. 5, кв. 12",
        "Москва, улица Ленина, дом 5, квартира 12",
        "Москва, ул. Ленина, 5-12",
        "г Москва ул Ленина д 5 кв 12",
        "г. Москва, ул. Ленина, д.5, кв.12",
        "МОСКВА, УЛ. ЛЕНИНА, Д. 5, КВ. 12",
        "город Москва, улица Ленина, д. 5-12",
    ],
    "москва улица королева 3": ["г. Москва, ул. Королёва, д. 3", "Москва, ул. Королева, дом 3"],
    "минск проспект независимости 17/4": [
        "г. Минск, пр-т Независимости, д. 17, кв. 4",
        "Минск, проспект Независимости, 17-4",
        "МИНСК, ПР-Т НЕЗАВИСИМОСТИ, Д. 17, КВ. 4",
        "г. Минск, пр-кт Независимости, дом 17, квартира 4",
    ],
    "алматы проспект абая 52/88": [
        "г. Алматы, пр. Абая, д. 52, кв. 88",
        "Алматы, просп. Абая, 52-88",
        "АЛМАТЫ, ПР. АБАЯ, Д. 52, КВ. 88",
    ],
    "москва переулок гагарина 3 корпус 2 строение 1": [
        "г. Москва, пер. Гагарина, д. 3, корп. 2, стр. 1",
        "Москва, переулок Гагарина, дом 3, корпус 2, строение 1",
    ],
    "московская область подольск": ["Московская обл., г. Подольск", "Московская область, Подольск"],
    "дніпро вулиця соборна 39/149": [
        "м. Дніпро, вул. Соборна, буд. 39, кв. 149",
        "м. Дніпро, вул. Соборна, 39, кв. 149",
        "Дніпро, вулиця Соборна, будинок 39, квартира 149",
        "Дніпро, вулиця Соборна 39/149",
    ],
    "marszalkowska 10/4 00590 warszawa": [
        "ul. Marszałkowska 10/4, 00-590 Warszawa",
        "ul. Marszalkowska 10/4, 00590 Warszawa",
        "UL. MARSZAŁKOWSKA 10/4, 00-590 WARSZAWA",
        "Marszałkowska 10 m. 4, 00-590 Warszawa",
        "ul. Marszałkowska 10 lok. 4, 00590 Warszawa",
    ],
    "logistyczna 1 55040 bielany wroclawskie": [
        "ul. Logistyczna 1, 55-040 Bielany Wrocławskie",
        "Logistyczna 1, 55040 Bielany Wroclawskie",
    ],
    "dluga 12 90001 lodz": ["ul. Długa 12, 90-001 Łódź", "ul. Dluga 12, 90-001 Lodz"],
    "bagdat caddesi 85/93 karsiyaka izmir": [
        "Bağdat Cd. No:85/93 Karşıyaka İzmir",
        "BAĞDAT CD. NO:85/93 KARŞIYAKA İZMİR",
        "Bağdat Cad. No:85 D:93 Karşıyaka/İzmir",
        "Bağdat Caddesi No: 85 Daire: 93 Karşıyaka / İzmir",
        "Bagdat Cad. No:85 D:93 Karsiyaka/Izmir",
    ],
    "istiklal caddesi 5/3 kadikoy istanbul": [
        "İstiklal Cad. No:5 D:3 Kadıköy/İstanbul",
        "ISTIKLAL CAD. NO:5 D:3 KADIKÖY/ISTANBUL",
        "İSTİKLAL CAD. NO:5 D:3 KADIKÖY/İSTANBUL",
    ],
}


@pytest.mark.parametrize("key", list(CIS_SAME))
def test_cis_address_forms_one_key(key: str) -> None:
    _one_key(CIS_SAME[key], key, "RU")


CIS_KEPT: dict[str, str] = {
    # a house letter glued to its number is no city word: 5г is not 5
    "г. Москва, ул. Ленина, д. 5г, кв. 12": "москва улица ленина 5 г кв 12",
    "г. Москва, ул. Ленина, д. 5, кв. 12": "москва улица ленина 5/12",
    "Ленина 5, г. Москва": "ленина 5 г москва",
    # д. before a name is a village (деревня), not a house
    "д. Коледино, ул. Троицкая, 20": "д коледино улица троицкая 20",
    # 5-12 without a street word, or a chain, stays
    "Москва, Ленина 5-12": "москва ленина 5 12",
    "ул. Ленина, 1-2-3": "улица ленина 1 2 3",
    # Polish postcode shape where it may be house numbers: a range, the address's start,
    # Canada's unit-civic
    "98-102 Main St": "98 102 main street",
    "Unit 5, 98-102 Main St": "5 98 102 main street",
    "00-590 Warszawa": "00 590 warszawa",
    "12-100 King St W, Toronto ON M5V 2T6": "12/100 king street w toronto on m 5 v 2 t 6",
    # Turkish Cd. only before No or a number
    "Block CD": "block cd",
    # Vietnamese đ stays (as before)
    "103 Nguyễn Thị Minh Khai, Đường": "103 nguyen thi minh khai đuong",
}


def test_cis_traps_keep_their_keys() -> None:
    values = list(CIS_KEPT)
    got = _keys(values, "RU")
    assert dict(zip(values, got, strict=True)) == CIS_KEPT


# --- North America -----------------------------------------------------------------------

NA_SAME: dict[str, list[str]] = {
    "10 fore street portland me 04101": [
        "10 Fore St, Portland, ME 4101",
        "10 Fore St, Portland, ME 04101",
        "10 Fore St, Portland, ME 04101-1234",
        "10 Fore St, Portland, Maine 4101",
        "10 Fore St, Portland, Maine 04101",
    ],
    "10 fore street portland me 04101 usa": [
        "10 Fore St, Portland, ME 4101, USA",
        "10 Fore St, Portland, ME 04101, USA",
    ],
    "5678 e maple boulevard hartford ct 06139": [
        "5678 E Maple Blvd, Hartford, CT 6139",
        "5678 E Maple Blvd, Hartford, CT 06139",
        "5678 E Maple Blvd, Hartford, Connecticut 06139",
        "5678 E Maple Blvd, Hartford, Conn. 06139",
    ],
    "3693 main court 4 b newark nj 07159": [
        "3693 Main Ct Apt 4B, Newark, NJ 7159",
        "3693 Main Court Apt 4B, Newark, New Jersey 07159",
        "3693 Main Ct #4B, Newark, N.J. 07159",
    ],
    "1200 elm street denver co 80202": [
        "1200 Elm St, Denver, CO 80202",
        "1200 Elm St, Denver, Colorado 80202",
        "1200 Elm St, Denver, Colo. 80202-1234",
    ],
    "5 last chance gulch helena mt 59601": [
        "5 Last Chance Gulch, Helena, MT 59601",
        "5 Last Chance Gulch, Helena, Montana 59601",
    ],
    "calle durango 930 roma norte cdmx 06700": [
        "Calle Durango 930, Col. Roma Norte, CDMX, 6700",
        "Calle Durango 930, Roma Norte, Ciudad de México, 06700",
        "Calle Durango 930, Colonia Roma Norte, CDMX, C.P. 06700",
    ],
    "12 oak ct 06103": ["12 Oak Ct 06103", "12 Oak Court 06103", "12 Oak Crt 06103"],
    "12 smith ct 03000": ["12 Smith Ct 3000", "12 Smith Court 3000"],
    "100 ocean drive miami fl 33139": [
        "100 Ocean Dr, Miami, FL 33139",
        "100 Ocean Dr, Miami, Fla. 33139",
        "100 Ocean Drive, Miami, Florida 33139",
    ],
    "4404 rue rachel montreal qc h 2 x 1 x 1": [
        "4404 Rue Rachel, Montreal, PQ H2X 1X1",
        "4404 Rue Rachel, Montreal, P.Q. H2X 1X1",
        "4404 rue Rachel, Montréal, Que. H2X 1X1",
        "4404 rue Rachel, Montréal, QC H2X1X1",
        "4404 rue Rachel, Montréal (Québec) h2x1x1",
    ],
    "atlanta ga": ["Atlanta, Georgia", "Atlanta, GA", "ATLANTA GEORGIA"],
    "atlanta ga usa": ["Atlanta, Georgia, USA", "Atlanta, GA, USA"],
    "toronto on": ["Toronto, Ontario", "Toronto, ON"],
    "montreal qc": ["Montreal, Que.", "Montreal, PQ", "Montreal, QC"],
    "rr 2 guelph on n 1 h 6 j 2": [
        "Rural Route 2, Guelph, ON N1H 6J2",
        "R.R. 2, Guelph, ON N1H 6J2",
        "RR 2, Guelph, ON N1H 6J2",
        "RR #2, Guelph, ON N1H 6J2",
        "Rural Route #2, Guelph, Ontario N1H 6J2",
    ],
    "1600 pennsylvania avenue nw washington dc 20500": [
        "1600 Pennsylvania Ave NW, Washington, DC 20500",
        "1600 Pennsylvania Ave N.W., Washington, D.C. 20500",
        "1600 Pennsylvania Avenue N. W., Washington, DC 20500",
    ],
    "4404 boulevard saint laurent montreal": [
        "4404 boul. St-Laurent, Montreal",
        "4404 Boul Saint-Laurent, Montreal",
        "4404 boulevard St-Laurent, Montreal",
    ],
    "avenue juarez 1209 centro guadalajara jalisco 44100": [
        "Av. Juárez 1209, Colonia Centro, Guadalajara, Jal., 44100",
        "Avenida Juárez 1209, Col. Centro, Guadalajara, Jalisco, C.P. 44100",
        "Av. Juarez 1209, Centro, Guadalajara, Jal., CP 44100",
        "AV. JUAREZ 1209, COL. CENTRO, GUADALAJARA, JAL., 44100",
    ],
    "avenue insurgentes sur 382 13 del valle cdmx 03100": [
        "Av. Insurgentes Sur #382 Int. 13, Col. Del Valle, CDMX, C.P. 03100",
        "Av. Insurgentes Sur 382 Depto 13, Colonia Del Valle, Ciudad de México, 03100",
        "Avenida Insurgentes Sur 382 Int. 13, Del Valle, Cd. de Mexico, 03100",
        "Av. Insurgentes Sur 382 Int. 13, Col. Del Valle, Mexico City 03100",
    ],
    "avenue hidalgo 485 obispado monterrey nuevo leon 64060": [
        "Av. Hidalgo 485, Colonia Obispado, Monterrey, N.L., 64060",
        "AV. HIDALGO #485, COL. OBISPADO, MONTERREY, NUEVO LEÓN, 64060",
        "Avenida Hidalgo #485, Obispado, Monterrey, Nuevo Leon, CP 64060",
    ],
}


@pytest.mark.parametrize("key", list(NA_SAME))
def test_north_american_forms_one_key(key: str) -> None:
    _one_key(NA_SAME[key], key, "US")


NA_KEPT: dict[str, str] = {
    # four digits after a state whose ZIPs do not start with 0, or not ending the address
    "Tbilisi, Georgia 0105": "tbilisi georgia 0105",
    "10 Main St, Austin, TX 7870": "10 main street austin tx 7870",
    "Portland, ME 4101 Suite 5": "portland me 4101 5",
    # Washington is the capital or the state
    "Seattle, Washington": "seattle washington",
    "12 Washington St": "12 washington street",
    # a name after a number is no state (a street)
    "12 Georgia": "12 georgia",
    # Québec, QC: the city; Washington, New York and Québec are cities too
    "Québec, QC": "quebec qc",
    "12 Smith St Unit 3, Québec": "3/12 smith street quebec",
    "350 5th Ave, New York": "350 5th avenue new york",
    # company, court and mount elsewhere
    "Acme Co., 5 High St, London": "acme company 5 high street london",
    "12 Oak Ct, Springfield": "12 oak court springfield",
    "Mt Vernon, WA 98273": "mount vernon wa 98273",
    # Colonia before a number, R R before a word
    "Colonia 5": "colonia 5",
    "R. R. Donnelley, 35 W Wacker Dr": "r r donnelley 35 w wacker drive",
    # N.W. needs its dots
    "12 N W Main St": "12 n w main street",
}


def test_north_american_traps_keep_their_keys() -> None:
    values = list(NA_KEPT)
    got = _keys(values, "US")
    assert dict(zip(values, got, strict=True)) == NA_KEPT


# --- dates -------------------------------------------------------------------------------

DATES: dict[str, str] = {
    "12.03.2023 г.": "2023-03-12",
    "12.03.2023г.": "2023-03-12",
    "12.03.2023 г. 14:05": "2023-03-12 14:05",
    "12.03.2023 14:05 МСК": "2023-03-12 14:05",
    "12.03.2023 г., 14:05 мск": "2023-03-12 14:05",
    "12 марта 2023 года": "2023-03-12",
    "12 березня 2023": "2023-03-12",
    "12 березня 2023 р.": "2023-03-12",
    "1 лютого 2024 р. о 10:00": "2024-02-01 10:00",
    "12 бер. 2023": "2023-03-12",
    "31 грудня 2023": "2023-12-31",
    "12 сакавіка 2023": "2023-03-12",
    "05.03.2023 р.": "2023-03-05",
    "12.03.2023 r.": "2023-03-12",
    "12 marca 2023 roku": "2023-03-12",
}


@pytest.mark.parametrize("text", list(DATES))
def test_cis_dates_are_read(text: str) -> None:
    out, bad = parse_dates(pd.Series([text, "2023-01-01"]))
    assert not bad.iloc[0], text
    assert out.iloc[0] == pd.Timestamp(DATES[text])


def test_cis_dates_in_one_column_read_day_first() -> None:
    texts = ["05.03.2023 г.", "12.03.2023 14:05 МСК", "12 березня 2023"]
    out, bad = parse_dates(pd.Series(texts))
    assert not bad.any()
    assert out.dt.strftime("%Y-%m-%d").tolist() == ["2023-03-05", "2023-03-12", "2023-03-12"]


def test_a_month_name_names_one_month() -> None:
    names = [n for names in _date_words._MONTH_NAMES.values() for n in set(names.split())]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("text", ["12.03.2023rubbish", "12.03.2023 гг", "2023 г."])
def test_other_words_after_a_date_stay_unread(text: str) -> None:
    _, bad = parse_dates(pd.Series([text]))
    assert bad.iloc[0]
