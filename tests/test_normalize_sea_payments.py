"""South-East Asian payment accounts as a marketplace's back office writes them.

One wallet written nationally and internationally, by its Thai name or with ``Wallet``
after it, is one key (DuitNow, PayNow, ShopeePay, GrabPay, Boost, TNG, PromptPay,
TrueMoney, MoMo, ZaloPay, ViettelPay, ...); a Vietnamese mobile's 11 digits before
2018 are today's inside a wallet's key; a PromptPay citizen id and a MyKad stay ids. One
bank account written with the bank's other names, a company form, an account type, a
branch or a holder's name (Thai script, Malay ``a/l``, ``bin``) is one key; two banks'
accounts with one number never are.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from _normalize_checks import checked_results

import sellergraph as sg
from sellergraph.config import Config
from sellergraph.normalize import normalize_value, wallet_kind_label, wallet_values
from sellergraph.recycling import handed_on_with_phone


def _results(values: list[str], region: str) -> list[tuple[str | None, str | None, str | None]]:
    """Results through both paths (:func:`checked_results`), each key reading back as
    itself (idempotence)."""
    got = checked_results("payment_account", values, region)
    for value, (key, _, flag) in zip(values, got, strict=True):
        if key is not None:
            assert normalize_value("payment_account", key) == (key, None, flag), (value, key)
    return got


def _same_key(values: list[str], key: str, region: str) -> None:
    got = _results(values, region)
    assert got == [(key, None, None)] * len(values), list(zip(values, got, strict=True))


# --- wallets -------------------------------------------------------------------------

WALLETS = [
    (
        "MY",
        "DUITNOW0123876612",
        ["DuitNow +60 12-387 6612", "DuitNow 012-387 6612", "DuitNow 60123876612",
         "DuitNow ID 0123876612", "DuitNow ID: 012-387 6612", "duitnow +60123876612"],
    ),
    # 12 digits that are no MyKad (no birth date: month 11, day 85): a mobile's
    ("MY", "DUITNOW01185355002", ["DuitNow +60 1185355002", "DuitNow 601185355002",
                                  "DuitNow 011-8535 5002"]),
    (
        "SG",
        "PAYNOW95832291",
        ["PayNow +65 9583 2291", "PayNow 9583 2291", "PayNow 6595832291", "paynow: +6595832291",
         "PayNow Mobile 9583 2291"],
    ),
    (
        "ID",
        "SHOPEEPAY081258322917",
        ["ShopeePay +62 812 5832 2917", "ShopeePay 0812-5832-2917", "Shopee Pay 6281258322917"],
    ),
    ("SG", "SHOPEEPAY95832291", ["ShopeePay +65 9583 2291", "ShopeePay 9583 2291"]),
    (
        "MY",
        "GRABPAY0123876612",
        ["GrabPay +60 12-387 6612", "GrabPay 012-387 6612", "Grab Pay 60123876612"],
    ),
    ("PH", "GRABPAY09175832291", ["GrabPay +63 917 583 2291", "GrabPay 0917 583 2291"]),
    ("MY", "BOOST0123876612", ["Boost +60 12-387 6612", "Boost 012-387 6612", "Boost 60123876612"]),
    (
        "MY",
        "TNG0123876612",
        ["TNG 012-387 6612", "Touch 'n Go 012-387 6612", "Touch n Go eWallet +60 12-387 6612",
         "TnG 0123876612", "Touch ’n Go eWallet 60123876612", "Touch 'n Go eWallet 012-387 6612"],
    ),
    (
        "TH",
        "TRUEMONEY0815832291",
        ["TrueMoney 081-583-2291", "TrueMoney Wallet 081-583-2291", "ทรูมันนี่ 081-583-2291",
         "ทรูมันนี่ วอลเล็ท 0815832291", "TrueMoney +66 81 583 2291", "True Money 0815832291",
         "TrueMoney Wallet 66815832291"],
    ),
    (
        "TH",
        "PROMPTPAY0815832291",
        ["PromptPay 081-583-2291", "พร้อมเพย์ 081-583-2291", "Prompt Pay 0815832291",
         "PromptPay +66 81 583 2291", "พร้อมเพย์ ๐๘๑-๕๘๓-๒๒๙๑", "PromptPay ID 0815832291",
         "PromptPay 081-583-2291 สมชาย ใจดี", "พร้อมเพย์ 0815832291 ชื่อ สมชาย ใจดี",
         "PromptPay: 081-583-2291 (นายสมชาย)", "พร้อมเพย์ +66815832291"],
    ),
    (
        "TH",
        "PROMPTPAY1103702071831",
        ["PromptPay 1-1037-02071-83-1", "PromptPay 1103702071831", "พร้อมเพย์ 1103702071831"],
    ),
    (
        "VN",
        "MOMO0381234567",
        ["MoMo 0168 123 4567", "MoMo 01681234567", "MoMo +84 168 123 4567", "MoMo 841681234567",
         "MoMo 0381234567", "Ví MoMo 038 123 4567", "momo 0168.123.4567"],
    ),
    (
        "VN",
        "ZALOPAY0381234567",
        ["ZaloPay 0168 123 4567", "Zalo Pay 0381234567", "ZaloPay +84 381 234 567"],
    ),
    (
        "VN",
        "VIETTELMONEY0701234567",
        ["ViettelPay 0120 123 4567", "Viettel Money 0701234567", "ViettelPay +84 120 123 4567"],
    ),
    # already one key: checked still
    (
        "PH",
        "GCASH09175832291",
        ["GCash +63 917 583 2291", "G-Cash 0917 583 2291", "Gcash 639175832291",
         "GCash: 0917 583 2291 (Juan Dela Cruz)", "GCash 0917 583 2291 (Juan Dela Cruz)"],
    ),
    ("PH", "MAYA09175832291", ["Maya +639175832291", "PayMaya 09175832291"]),
    ("ID", "OVO081258322917", ["OVO +62 812 5832 2917", "OVO 0812 5832 2917"]),
    ("ID", "DANA081258322917", ["DANA +62 812 5832 2917", "Dana 081258322917"]),
    ("ID", "GOPAY081258322917", ["GoPay +6281258322917", "Gopay 6281258322917"]),
    ("ID", "LINKAJA081258322917", ["LinkAja +62 812 5832 2917", "LinkAja 0812-5832-2917"]),
]  # fmt: skip


@pytest.mark.parametrize(("region", "key", "values"), WALLETS, ids=[w[1] for w in WALLETS])
def test_one_wallet_written_several_ways_is_one_key(region: str, key: str, values: list[str]):
    _same_key(values, key, region)


def test_a_proxy_s_id_is_no_phone_number() -> None:
    got = _results(
        [
            "PromptPay 6612345678903",  # a 13-digit Thai id starting 66
            "PromptPay 66815832291",  # a Thai mobile without "+"
            "DuitNow 601101145678",  # a MyKad (born 1960-11-01)
            "DuitNow +60 11-0114 5678",  # the mobile its digits would be
            "PayNow UEN 201912345K",
            "PayNow (UEN) 201912345K",
            "PayNow 201912345K",
            "PayNow 201912345X",
        ],
        "SG",
    )
    assert [k for k, _, _ in got] == [
        "PROMPTPAY6612345678903",
        "PROMPTPAY0815832291",
        "DUITNOW601101145678",
        "DUITNOW01101145678",
        "PAYNOW201912345K",
        "PAYNOW201912345K",
        "PAYNOW201912345K",
        "PAYNOW201912345X",  # a UEN's check letter stays
    ]


def test_a_wallet_s_number_that_is_no_mobile_stays_as_written() -> None:
    got = _results(
        ["GCash +63 2 8123 4567", "ShopeePay 6512 3456", "MoMo +237 671 234 567", "OVO 621234"],
        "PH",
    )
    assert [k for k, _, _ in got] == [
        "GCASH+63281234567",
        "SHOPEEPAY65123456",
        "MOMO+237671234567",
        "OVO621234",
    ]


def test_phone_wallets_fade_as_their_phone_does() -> None:
    keys = [
        normalize_value("payment_account", v)[0]
        for v in ["DuitNow +60 12-387 6612", "PayNow +65 9583 2291", "ShopeePay +65 9583 2291",
                  "พร้อมเพย์ 081-583-2291", "ทรูมันนี่ 081-583-2291", "MoMo 0168 123 4567"]
    ]  # fmt: skip
    assert handed_on_with_phone(["payment_account"] * len(keys), keys).tolist() == [True] * 6
    ids = [
        normalize_value("payment_account", v)[0]
        for v in ["DuitNow 850101145678", "PayNow 201912345K", "PromptPay 1103702071831"]
    ]
    assert handed_on_with_phone(["payment_account"] * 3, ids).tolist() == [False] * 3


# --- a column naming a wallet --------------------------------------------------------


def test_a_column_naming_a_wallet_of_numbers_reads_bare_numbers_after_its_name() -> None:
    assert [wallet_kind_label(n) for n in ("PromptPay", "พร้อมเพย์", "E-Wallet", "GCash")] == [
        "PromptPay",
        "PromptPay",
        None,
        "GCash",
    ]
    values = pd.Series(
        ["0815832291", "+66 81 583 2291", "1103702071831", "PromptPay 0815832291",
         "พร้อมเพย์ 081-583-2291", "TrueMoney 0815832291", "N/A"]
    )  # fmt: skip
    labels = np.array(["PromptPay"] * len(values), dtype=object)
    read = wallet_values("payment_account", values, labels)
    assert read.tolist() == [
        "PromptPay 0815832291",
        "PromptPay +66 81 583 2291",
        "PromptPay 1103702071831",
        "PromptPay 0815832291",
        "พร้อมเพย์ 081-583-2291",
        "TrueMoney 0815832291",
        "N/A",
    ]


def test_a_promptpay_kind_joins_the_e_wallet_kind() -> None:
    stores = pd.DataFrame({"store_id": ["A", "B", "C"], "status": "active"})
    links = pd.DataFrame(
        {
            "store_id": ["A", "B", "C"],
            "kind": ["PromptPay", "E-Wallet", "PromptPay"],
            "value": ["081-583-2291", "PromptPay 081 583 2291", "+66 81 583 2291"],
        }
    )
    config = Config(kind_names={"PromptPay": "payment_account", "E-Wallet": "payment_account"})
    ds = sg.load(stores, links, config=config)
    assert ds.links.groupby("key")["store_id"].agg(sorted).to_dict() == {
        "PROMPTPAY0815832291": ["A", "B", "C"]
    }


# --- bank accounts -------------------------------------------------------------------

BANKS = [
    (
        "TH",
        "KBANK7312583229",
        ["KBank 731-2-58322-9", "KBank 7312583229", "กสิกรไทย 731-2-58322-9",
         "ธนาคารกสิกรไทย 731-2-58322-9", "Kasikorn 731-2-58322-9", "K-Bank 731-2-58322-9",
         "กสิกร 731-2-58322-9", "ธ.กสิกรไทย 731-2-58322-9",
         "KBank 731-2-58322-9 นายสมชาย ใจดี", "กสิกรไทย 731-2-58322-9 สมชาย ใจดี",
         "KBank 731-2-58322-9 (นายสมชาย ใจดี)", "กสิกรไทย 731-2-58322-9 (Somchai Jaidee)",
         "กสิกรไทย ออมทรัพย์ 731-2-58322-9", "ธนาคารกสิกรไทย สาขาสยามสแควร์ 731-2-58322-9",
         "KBank Savings 731-2-58322-9", "731-2-58322-9 กสิกรไทย",
         "บัญชี กสิกรไทย เลขที่ 731-2-58322-9", "Kasikornbank PCL 7312583229"],
    ),
    (
        "TH",
        "SCB1234567890",
        ["SCB 123-4-56789-0", "ไทยพาณิชย์ 123-4-56789-0", "ธ.ไทยพาณิชย์ 1234567890",
         "Siam Commercial Bank 1234567890", "SCB 123-4-56789-0 (Somchai Jaidee)",
         "ไทยพาณิชย์ 123-4-56789-0 นางสาวสมศรี ใจดี", "ไทยพาณิชย์ ออมทรัพย์ 123-4-56789-0",
         "ธ.ไทยพาณิชย์ 1234567890 (Napha Mankong)", "SCB ออมทรัพย์ 123-4-56789-0"],
    ),
    (
        "TH",
        "BBL1234567890",
        ["BBL 123-4-56789-0", "กรุงเทพ 123-4-56789-0", "Bangkok Bank 1234567890",
         "ธนาคารกรุงเทพ 123-4-56789-0 นายสมชาย ใจดี", "ธนาคารกรุงเทพ 123-4-56789-0"],
    ),
    (
        "TH",
        "KTB7312583229",
        ["KTB 731-2-58322-9", "กรุงไทย 731-2-58322-9", "Krungthai 7312583229",
         "กรุงไทย 731-2-58322-9 (Somchai Jaidee)", "กรุงไทย 731-2-58322-9 Somchai Jaidee",
         "กรุงไทย 731-2-58322-9 นายสมชาย ใจดี", "KTB ออมทรัพย์ 731-2-58322-9",
         "Krungthai ออมทรัพย์ 7312583229"],
    ),
    (
        "TH",
        "BAY1234567890",
        ["BAY 123-4-56789-0", "Krungsri 1234567890", "กรุงศรี 123-4-56789-0 นายสมชาย ใจดี",
         "กรุงศรี 123-4-56789-0 (Somchai Jaidee)"],
    ),
    ("TH", "TTB1234567890", ["TTB 123-4-56789-0", "ทีทีบี 1234567890", "TMB 1234567890"]),
    (
        "MY",
        "MAYBANK162058322917",
        ["Maybank 162058322917", "Maybank 1620-5832-2917", "Maybank 1620 5832 2917",
         "Malayan Banking Berhad 162058322917", "Maybank Berhad 162058322917",
         "Maybank Bhd 162058322917", "Maybank2u 162058322917",
         "Maybank 162058322917 (Ravi a/l Kumar)", "Maybank 162058322917 (Siti a/p Muthu)",
         "Maybank 162058322917 (Ahmad bin Ali)", "Maybank 162058322917 Ahmad bin Ali",
         "Malayan Banking Berhad 162058322917 (Nur Aisyah binti Hassan)"],
    ),
    (
        "MY",
        "CIMB8001234567",
        ["CIMB 8001234567", "CIMB Bank 8001234567", "CIMB Bank Berhad 8001234567",
         "CIMB Bank Berhad 8001234567 (Ahmad bin Ali)", "CIMB Bank Bhd 80-0123456-7"],
    ),
    (
        "MY",
        "PUBLICBANK3158322917",
        ["Public Bank 3158322917", "Public Bank Berhad 3158322917", "Public Bank Bhd 3158322917",
         "Public Bank Berhad 3158322917 (Muthu a/l Raman)"],
    ),
    # names of two banks each stay names of their own, a holder's name after them dropped
    ("MY", "MBB370857331787", ["MBB 370857331787", "MBB 370857331787 (Tan Wei Ming)",
                               "MBB 3708-5733-1787"]),
    ("MY", "PBB0920829749", ["PBB 0920829749", "PBB 0920829749 (Siti Aminah)"]),
    ("MY", "RHB21258322917", ["RHB 21258322917", "RHB Bank 21258322917",
                              "RHB Bank Berhad 21258322917"]),
    (
        "SG",
        "DBS0583229171",
        ["DBS 058-322917-1", "DBS 0583229171", "DBS Bank 058-322917-1", "DBS Bank Ltd 0583229171"],
    ),
    (
        "SG",
        "DBS058322917",
        ["POSB 058-32291-7", "DBS/POSB 058322917", "POSB Savings 058322917", "DBS 058322917"],
    ),
    (
        "SG",
        "OCBC5832291771001",
        ["OCBC 5832-291771-001", "OCBC Bank 583229177 1001", "OCBC Bank Ltd 583-229177-1001"],
    ),
    (
        "SG",
        "UOB5832291771",
        ["UOB 583-229-177-1", "UOB Bank 5832291771", "United Overseas Bank 5832291771",
         "United Overseas Bank Ltd 5832291771"],
    ),
    (
        "VN",
        "VIETCOMBANK0071000583229",
        ["Vietcombank 0071000583229", "VCB 0071000583229", "Ngân hàng Vietcombank 0071000583229",
         "STK 0071000583229 Vietcombank", "STK 0071000583229 - Vietcombank",
         "Số TK 0071000583229 Vietcombank", "Vietcombank STK 0071000583229",
         "Vietcombank Số TK: 0071000583229",
         "Vietcombank - STK: 0071000583229 - CTK: NGUYEN VAN A",
         "Vietcombank STK 0071000583229 chủ TK Nguyễn Văn A",
         "Vietcombank - 0071000583229 - Nguyễn Văn A", "Vietcombank CN Tân Bình 0071000583229",
         "Vietcombank CN Tan Binh 0071000583229", "VCB chi nhánh Sài Gòn 0071000583229",
         "0071000583229 VCB", "STK 0071000583229 Ngân hàng Vietcombank"],
    ),
    (
        "VN",
        "TECHCOMBANK19034567890123",
        ["Techcombank 19034567890123", "TCB 19034567890123", "Techcombank STK 19034567890123",
         "TCB - 19034567890123 - TRAN THI B"],
    ),
    (
        "VN",
        "MBBANK0123456789012",
        ["MB Bank 0123456789012", "MB 0123456789012", "MBBank 0123456789012",
         "STK 0123456789012 MB Bank"],
    ),
    (
        "VN",
        "ACB12345678",
        ["ACB 12345678", "Á Châu 12345678", "Ngân hàng Á Châu 12345678",
         "Á Châu STK 12345678 chủ TK Nguyễn Văn An", "Á Châu - 12345678 - NGUYEN VAN AN"],
    ),
    (
        "VN",
        "BIDV12345678901234",
        ["BIDV 12345678901234", "STK 12345678901234 BIDV", "BIDV CN Hà Nội 12345678901234"],
    ),
    (
        "VN",
        "VIETINBANK123456789012",
        ["VietinBank 123456789012", "Vietinbank CN Hoàn Kiếm 123456789012"],
    ),
    ("VN", "VPBANK123456789", ["VPBank 123456789", "VP Bank 123456789", "VPBank STK 123456789"]),
    (
        "PH",
        "BDO005832291177",
        ["BDO 005832291177", "BDO 0058 3229 1177", "BDO Unibank 005832291177",
         "BDO Unibank Inc. 005832291177", "Banco de Oro 005832291177", "BDO Savings 005832291177",
         "BDO - 005832291177 - Juan Dela Cruz"],
    ),
    (
        "PH",
        "BPI1234567890",
        ["BPI 1234567890", "BPI 1234-5678-90", "Bank of the Philippine Islands 1234567890",
         "BPI Savings 1234567890"],
    ),
    ("PH", "METROBANK1234567890123", ["Metrobank 1234567890123",
                                      "Metrobank Savings 1234567890123"]),
    (
        "PH",
        "UNIONBANK123456789012",
        ["UnionBank 123456789012", "UBP 123456789012",
         "Union Bank of the Philippines 123456789012"],
    ),
    (
        "PH",
        "LANDBANK005832291177",
        ["Landbank 005832291177", "LBP 005832291177", "Land Bank of the Philippines 005832291177"],
    ),
    (
        "ID",
        "BCA5830229177",
        ["BCA 5830229177", "Bank Central Asia 5830229177", "Bank BCA 5830229177",
         "BCA 5830229177 a.n. BUDI SANTOSO", "No. Rek BCA 5830229177", "5830229177 (BCA)",
         "BCA Rek 5830229177", "PT Bank Central Asia Tbk 5830229177"],
    ),
    ("ID", "MANDIRI1230012345678", ["Mandiri 123-00-1234567-8", "Bank Mandiri 1230012345678"]),
    ("ID", "BRI012301012345501", ["BRI 0123-01-012345-50-1", "Bank BRI 012301012345501"]),
    ("ID", "BNI0583229177", ["BNI 0583229177", "Bank BNI 0583229177",
                             "Bank Negara Indonesia 0583229177"]),
    # payment gateways' collecting accounts (F3)
    (
        "ID",
        "XENDIT475312345678",
        ["Xendit 475312345678", "Xendit Collection 475312345678", "475312345678 (Xendit)"],
    ),
    (
        "PH",
        "PAYMONGO475312345678",
        ["PayMongo 475312345678", "PayMongo Collection 475312345678", "475312345678 (PayMongo)"],
    ),
    (
        "TH",
        "2C2P475312345678",
        ["2C2P 475312345678", "2C2P Collection 475312345678", "475312345678 (2C2P)"],
    ),
    (
        "VN",
        "VNPAY475312345678",
        ["VNPay 475312345678", "VNPay Collection 475312345678", "475312345678 (VNPay)"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("region", "key", "values"), BANKS, ids=[b[1] for b in BANKS])
def test_one_bank_account_written_several_ways_is_one_key(region: str, key: str, values: list[str]):
    _same_key(values, key, region)


#: Pairs of two banks' (or wallets') accounts with one number: never one key.
TWO_BANKS = [
    ("DBS 058-322917-1", "OCBC 058-322917-1"),
    ("UOB 5832291771", "OCBC 5832291771"),
    # ambiguous short names stay their own: MBB is Maybank's and MB Bank's (Vietnam),
    # PBB Public Bank's and Philippine Business Bank's
    ("MBB 162058322917", "Maybank 162058322917"),
    ("MBB 162058322917", "MB Bank 162058322917"),
    ("PBB 3158322917", "Public Bank 3158322917"),
    ("Maybank Indonesia 162058322917", "Maybank 162058322917"),
    ("CIMB Niaga 8001234567", "CIMB Bank Berhad 8001234567"),
    ("BDO Savings Bank 005832291177", "BDO Savings 005832291177"),
    ("BDO Network Bank 005832291177", "BDO 005832291177"),
    ("KBank 731-2-58322-9 นายสมชาย ใจดี", "SCB 731-2-58322-9 นายสมชาย ใจดี"),
    ("กรุงไทย ออมทรัพย์ 7312583229", "กรุงศรี ออมทรัพย์ 7312583229"),
    ("Vietcombank CN Tân Bình 0071000583229", "Techcombank CN Tân Bình 0071000583229"),
    ("STK 0071000583229 Vietcombank", "STK 0071000583229 VIB"),
    ("Xendit 475312345678", "PayMongo 475312345678"),
    ("2C2P 475312345678", "475312345678"),
    ("PromptPay 0815832291", "TrueMoney 0815832291"),
    ("ShopeePay 0812-5832-2917", "GrabPay 0812-5832-2917"),
]


@pytest.mark.parametrize(("first", "second"), TWO_BANKS)
def test_two_banks_accounts_with_one_number_stay_two_keys(first: str, second: str) -> None:
    (a, _, _), (b, _, _) = _results([first, second], "SG")
    assert a is not None and b is not None and a != b


def test_unknown_names_are_read_as_before() -> None:
    # an unknown bank's name stays before its number; in brackets it is no bank's
    got = _results(
        ["Security Bank 005832291177", "475312345678 (Acme Pay)", "0815832291 สมชาย ใจดี",
         "KBank 731-2-58322-9 (Somchai)"],
        "PH",
    )  # fmt: skip
    assert got == [
        ("SECURITYBANK005832291177", None, None),
        (None, "invalid_characters", None),
        (None, "invalid_characters", None),
        (None, "invalid_characters", None),
    ]


def test_every_form_s_key_reads_back_as_itself() -> None:
    forms = [v for _, _, values in WALLETS + BANKS for v in values]
    forms += [v for pair in TWO_BANKS for v in pair]
    padded = [*forms, *(v.upper() for v in forms), *(f" {v} " for v in forms)]
    _results(padded, "TH")
