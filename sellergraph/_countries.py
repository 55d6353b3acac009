"""A store's country as the phone region its national-format numbers are read in.

The stores table (and a registration) may say where the store is: an ISO 3166-1
alpha-2 or alpha-3 code (``BR``, ``bra``) or the country's name in one of the
languages of the ``phonenumbers`` metadata (``Brazil``, ``Brasil``, ``Brésil``,
``巴西``). Names are compared case-folded, without accents, spaces or punctuation.
A country is usable only when it has a phone numbering plan (``phonenumbers``'
supported regions): Antarctica or Bouvet Island are not.
"""

from __future__ import annotations

import functools
import unicodedata

import numpy as np
import pandas as pd
import phonenumbers

__all__ = ["country_regions", "region_of"]

# ISO 3166-1 alpha-3 code, then alpha-2, for every region with a phone numbering plan
# (ASC, TAA and XKX are the codes in use for Ascension, Tristan da Cunha and Kosovo).
_ALPHA3 = """
ABWAW AFGAF AGOAO AIAAI ALAAX ALBAL ANDAD AREAE ARGAR ARMAM ASCAC ASMAS ATGAG AUSAU
AUTAT AZEAZ BDIBI BELBE BENBJ BESBQ BFABF BGDBD BGRBG BHRBH BHSBS BIHBA BLMBL BLRBY
BLZBZ BMUBM BOLBO BRABR BRBBB BRNBN BTNBT BWABW CAFCF CANCA CCKCC CHECH CHLCL CHNCN
CIVCI CMRCM CODCD COGCG COKCK COLCO COMKM CPVCV CRICR CUBCU CUWCW CXRCX CYMKY CYPCY
CZECZ DEUDE DJIDJ DMADM DNKDK DOMDO DZADZ ECUEC EGYEG ERIER ESHEH ESPES ESTEE ETHET
FINFI FJIFJ FLKFK FRAFR FROFO FSMFM GABGA GBRGB GEOGE GGYGG GHAGH GIBGI GINGN GLPGP
GMBGM GNBGW GNQGQ GRCGR GRDGD GRLGL GTMGT GUFGF GUMGU GUYGY HKGHK HNDHN HRVHR HTIHT
HUNHU IDNID IMNIM INDIN IOTIO IRLIE IRNIR IRQIQ ISLIS ISRIL ITAIT JAMJM JEYJE JORJO
JPNJP KAZKZ KENKE KGZKG KHMKH KIRKI KNAKN KORKR KWTKW LAOLA LBNLB LBRLR LBYLY LCALC
LIELI LKALK LSOLS LTULT LUXLU LVALV MACMO MAFMF MARMA MCOMC MDAMD MDGMG MDVMV MEXMX
MHLMH MKDMK MLIML MLTMT MMRMM MNEME MNGMN MNPMP MOZMZ MRTMR MSRMS MTQMQ MUSMU MWIMW
MYSMY MYTYT NAMNA NCLNC NERNE NFKNF NGANG NICNI NIUNU NLDNL NORNO NPLNP NRUNR NZLNZ
OMNOM PAKPK PANPA PERPE PHLPH PLWPW PNGPG POLPL PRIPR PRKKP PRTPT PRYPY PSEPS PYFPF
QATQA REURE ROURO RUSRU RWARW SAUSA SDNSD SENSN SGPSG SHNSH SJMSJ SLBSB SLESL SLVSV
SMRSM SOMSO SPMPM SRBRS SSDSS STPST SURSR SVKSK SVNSI SWESE SWZSZ SXMSX SYCSC SYRSY
TAATA TCATC TCDTD TGOTG THATH TJKTJ TKLTK TKMTM TLSTL TONTO TTOTT TUNTN TURTR TUVTV
TWNTW TZATZ UGAUG UKRUA URYUY USAUS UZBUZ VATVA VCTVC VENVE VGBVG VIRVI VNMVN VUTVU
WLFWF WSMWS XKXXK YEMYE ZAFZA ZMBZM ZWEZW
"""

# Names in common use that the metadata's names do not cover.
_ALIASES = {
    "uk": "GB",
    "greatbritain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northernireland": "GB",
    "unitedstatesofamerica": "US",
    "ivorycoast": "CI",
    "czechia": "CZ",
    "republicofkorea": "KR",
    "uae": "AE",
    "emirates": "AE",
    "ksa": "SA",
    "saudi": "SA",
    "kingdomofsaudiarabia": "SA",
    "holland": "NL",
    "britain": "GB",
    "russianfederation": "RU",
    "macau": "MO",
    "prc": "CN",
    "mainlandchina": "CN",
    "prchina": "CN",
    "peoplesrepublicofchina": "CN",
    "drc": "CD",
    "drcongo": "CD",
    "burma": "MM",
    "eswatini": "SZ",
    "laopdr": "LA",
    "bosnia": "BA",
    "trinidad": "TT",
    "easttimor": "TL",
    "bharat": "IN",
    "northmacedonia": "MK",
    "republicofireland": "IE",
    "roi": "IE",
    "irishrepublic": "IE",
    "repofireland": "IE",
    "southernireland": "IE",
    "rsa": "ZA",
    "safrica": "ZA",
    "sthafrica": "ZA",
    "republicofsouthafrica": "ZA",
    "aotearoa": "NZ",
    "aotearoanewzealand": "NZ",
    "newzealandaotearoa": "NZ",
    "nz": "NZ",
    "commonwealthofaustralia": "AU",
    "nireland": "GB",
    "unitedkingdomofgreatbritain": "GB",
    "kosovo": "XK",
    "slovakrepublic": "SK",
    # ISO 3166 names written country first: "Korea, Republic of", "Korea (Republic of)"
    "korearepublicof": "KR",
    "koreademocraticpeoplesrepublicof": "KP",
    "taiwanprovinceofchina": "TW",
}


#: Countries' names in their own languages and their neighbours' that the metadata's
#: names (English, Russian and a few more) leave out, as written (folded when read):
#: short and official Russian names, and the names of the region's countries in
#: Ukrainian, Belarusian, Kazakh, Polish, Turkish and the Baltic languages; the Koreas'
#: and Taiwan's in Japanese, Korean and traditional Chinese (the metadata has
#: ``大韓民国``, ``대한민국``, ``韩国``, ``台湾``, ``대만``). The ISO 3166 names that put the
#: country's word first (``Korea, Republic of``) are in :data:`_ALIASES`.
_NATIVE_NAMES = {
    "RU": (
        "РФ, Российская Федерация, Россия, Росія, Расія, Ресей, Rossiya, Rossija, "
        "Rosja, Rusya, Rusija, Krievija, Venemaa"
    ),
    "KZ": (
        "Қазақстан, Қазақстан Республикасы, Республика Казахстан, Казахстан, Qazaqstan, "
        "Kazakistan, Kazachstan, Kazachstanas, Kazahstāna"
    ),
    "BY": (
        "Белоруссия, Республика Беларусь, Рэспубліка Беларусь, Білорусь, Belorussia, "
        "Białoruś, Beyaz Rusya, Baltarusija, Baltkrievija, Valgevene"
    ),
    "UA": "Україна, Украина, Ukraina, Ukrayna",
    "PL": "Rzeczpospolita Polska, Польща, Польшча, Polonya, Lenkija, Polija, Poola",
    "TR": "Türkiye Cumhuriyeti, Туреччина, Турэччына, Turcja, Turkija, Turcija, Türgi",
    "LT": "Литва, Lietuvos Respublika, Litwa, Litvanya, Lietuva, Leedu",
    "LV": "Латвія, Latvijas Republika, Łotwa, Letonya, Latvija, Läti",
    "EE": "Естонія, Эстонія, Eesti Vabariik, Estonia, Estonya, Estija, Igaunija",
    "MD": "Молдавия, Республика Молдова, Republica Moldova, Mołdawia",
    "KG": "Кыргызстан, Киргизия, Кыргызская Республика, Кыргыз Республикасы, Kırgızistan",
    "UZ": "Oʻzbekiston, O'zbekiston, Ozbekiston, Ўзбекистон, Республика Узбекистан, Özbekistan",
    "TJ": "Тоҷикистон, Tojikiston, Tacikistan",
    "TM": "Türkmenistan, Туркменистан, Türkmenistanyň",
    "AZ": "Azərbaycan, Azerbaycan, Азәрбајҹан",
    "AM": "Հայաստան, Hayastan, Ermenistan",
    "GE": "საქართველო, Sakartvelo, Gürcistan",
    "MN": "Монгол Улс",
    "JP": "日本国, 日本國",
    "KR": "韓国, 韓國, 한국, 大韓民國, 大韩民国, 南韓, 南韩",
    "KP": "北朝鮮, 北韓",
    "TW": "臺灣, 台灣, 中華民國, 中华民国, 타이완",
}


def _fold(text: str) -> str:
    """Case-folded letters and digits, accents removed (``Côte d'Ivoire`` -> ``cotedivoire``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c for c in decomposed if unicodedata.category(c)[0] in "LN")
    return unicodedata.normalize("NFC", kept)


@functools.cache
def _codes() -> dict[str, str]:
    """Alpha-2 and alpha-3 codes (upper case) -> region."""
    regions = set(phonenumbers.SUPPORTED_REGIONS)
    codes = {r: r for r in regions}
    for pair in _ALPHA3.split():
        if pair[3:] in regions:
            codes[pair[:3]] = pair[3:]
    return codes


@functools.cache
def _names() -> dict[str, str]:
    """Folded country names, in every language of the metadata, -> region.

    A name that two regions share is left out (none does today).
    """
    from phonenumbers.geodata.locale import LOCALE_DATA

    regions = set(phonenumbers.SUPPORTED_REGIONS)
    found: dict[str, set[str]] = {}
    for region, names in LOCALE_DATA.items():
        if region not in regions:
            continue
        for name in names.values():
            seen: set[str] = set()
            while name.startswith("*") and name not in seen:  # "*en": as language en
                seen.add(name)
                name = names.get(name[1:], "")
            folded = _fold(name) if not name.startswith("*") else ""
            if folded:
                found.setdefault(folded, set()).add(region)
    out = {name: next(iter(rs)) for name, rs in found.items() if len(rs) == 1}
    native = {
        _fold(name.strip()): region
        for region, names in _NATIVE_NAMES.items()
        for name in names.split(",")
    }
    return out | native | _ALIASES


def region_of(value: object) -> str | None:
    """The phone region a country value names, or None when it names none.

    Examples
    --------
    >>> [region_of(v) for v in ["br", " BRA ", "Brasil", "Côte d'Ivoire", "Atlantis"]]
    ['BR', 'BR', 'BR', 'CI', None]
    >>> [region_of(v) for v in ["UAE", "K.S.A.", "U.S.A.", "The Netherlands"]]
    ['AE', 'SA', 'US', 'NL']
    >>> region_of("AQ") is None  # Antarctica: no phone numbering plan
    True
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    code = _codes().get(text.upper()) if len(text) in (2, 3) and text.isascii() else None
    if code is not None:
        return code
    folded = _fold(text)
    if not folded:
        return None
    if folded.startswith("the") and folded[3:] in _names():  # The Netherlands, The Gambia
        folded = folded[3:]
    found = _names().get(folded)
    if found is None and len(folded) in (2, 3) and folded.isascii():  # U.S.A., U.K.
        found = _codes().get(folded.upper())
    return found


def country_regions(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each value's region (None where blank or unknown) and which values name none.

    Each distinct value is looked at once. Missing and blank values have no region and
    are not unknown.

    Returns
    -------
    regions : ndarray of object
        The region code of each value, or None.
    unknown : ndarray of bool
        The value is given (not blank) but names no country with a phone numbering plan.

    Examples
    --------
    >>> import pandas as pd
    >>> regions, unknown = country_regions(pd.Series(["BR", None, " ", "India", "XX"]))
    >>> regions.tolist(), unknown.tolist()
    (['BR', None, None, 'IN', None], [False, False, False, False, True])
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    texts = [v if isinstance(v, str) else str(v) for v in uniques.tolist()]
    found = np.array([region_of(t) for t in texts] + [None], dtype=object)
    given = np.array([bool(t.strip()) for t in texts] + [False], dtype=bool)
    regions = found[codes]  # code -1 (missing) takes the last entry
    unknown = given[codes] & pd.isna(regions)
    return regions, unknown
