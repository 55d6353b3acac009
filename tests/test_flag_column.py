"""An evidence item says why its value weighs less: the ``flag`` normalisation raised.

A card failing its Luhn check, an IBAN or ID number failing its check digits, a private
IP address: normalisation keeps such a value and flags it, and the flag lowers its
weight (``FLAG_FACTORS``). Investigators saw only the lower weight. Explanations now
carry the flag (``flag``, after ``match``; empty when none), so do a run folder's
evidence table and ``explain --run``, which words it as ``FLAGS`` does, and the report's
alerts name their flagged values in plain words. A folder written before the column
reads back as having no flags.
"""

from __future__ import annotations

import dataclasses
import html
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.analysis import EXPLAIN_COLUMNS, flag_wording
from sellergraph.cli import main
from sellergraph.evidence import FLAG_FACTORS
from sellergraph.io.run import read_analysis, read_run_table, write_run
from sellergraph.normalize import FLAGS
from sellergraph.report.html import to_html

#: The flag of each kind the new store shares with the banned one.
FLAGGED = {
    "payment_account": "iban_check_failed",
    "id_document": "id_check_failed",
    "ip": "private_ip",
}


def marketplace() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A banned store ``old``; ``new`` shares with it a mistyped IBAN, a DNI whose check
    letter fails and a private IP address; ``clean`` shares a device only; ``late``
    shares a device, a phone, an e-mail and a card with another banned store first,
    and a private IP address fifth (its weakest item)."""
    stores = pd.DataFrame(
        [
            ("old", "banned", "2016-01-01", "2017-05-01", "counterfeit"),
            ("old2", "banned", "2016-01-01", "2017-05-01", "fraud"),
            ("new", "active", "2017-06-01", None, None),
            ("clean", "active", "2017-06-01", None, None),
            ("late", "active", "2017-06-01", None, None),
        ],
        columns=["store_id", "status", "opened_at", "closed_at", "closure_reason"],
    )
    links = pd.DataFrame(
        [
            ("old", "payment_account", "PK36 SCBL 0000 0011 2345 6703"),
            ("new", "payment_account", "PK36SCBL0000001123456703"),
            ("old", "id_document", "DNI 12345678A"),
            ("new", "id_document", "12345678A"),
            ("old", "ip", "192.168.1.20"),
            ("new", "ip", "192.168.1.20"),
            ("old", "device", "abcdef0123456789"),
            ("clean", "device", "abcdef0123456789"),
            ("old2", "device", "0123456789fedcba"),
            ("late", "device", "0123456789fedcba"),
            ("old2", "phone", "+86 139 1234 5678"),
            ("late", "phone", "13912345678"),
            ("old2", "email", "seller@shop.cn"),
            ("late", "email", "Seller@shop.cn"),
            ("old2", "payment_account", "4111 1111 1111 1111"),
            ("late", "payment_account", "4111111111111111"),
            ("old2", "ip", "10.1.2.3"),
            ("late", "ip", "10.1.2.3"),
        ],
        columns=["store_id", "kind", "value"],
    )
    return stores, links


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    return sg.analyze(*marketplace(), seed=0)


@pytest.fixture(scope="module", params=["csv", "parquet"])
def folder(
    analysis: sg.Analysis, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Path:
    out = tmp_path_factory.mktemp("run") / "run"
    write_run(analysis, out, fmt=request.param, report=False)
    return out


def flags_by_kind(table: pd.DataFrame) -> dict[str, str | None]:
    """Each direct item's flag by kind (None when it has none)."""
    direct = table[table["item"] == "direct"]
    return {
        str(k): (f if isinstance(f, str) and f else None)
        for k, f in zip(direct["kind"], direct["flag"], strict=True)
    }


def explained(folder: Path, store_id: str, capsys: pytest.CaptureFixture[str], *more: str) -> str:
    capsys.readouterr()
    assert main(["explain", store_id, "--run", str(folder), *more]) == 0
    return capsys.readouterr().out


# -- explanations -------------------------------------------------------------------


def test_flag_is_the_column_after_match() -> None:
    at = EXPLAIN_COLUMNS.index("match")
    assert EXPLAIN_COLUMNS[at + 1] == "flag"


def test_explain_shows_each_flagged_value_with_its_flag(analysis: sg.Analysis) -> None:
    table = analysis.explain("new").contributions
    assert list(table.columns) == list(EXPLAIN_COLUMNS)
    assert flags_by_kind(table) == FLAGGED
    # the flag's factor is in the weight shown beside it
    for rec in table[table["item"] == "direct"].itertuples(index=False):
        kind_weight = analysis.config.kinds[rec.kind].weight
        assert rec.weight == pytest.approx(kind_weight * FLAG_FACTORS[rec.flag])
    # a timing item holds no identifier: no flag
    assert table.loc[table["item"] != "direct", "flag"].isna().all()


def test_an_unflagged_value_has_an_empty_flag(analysis: sg.Analysis) -> None:
    table = analysis.explain("clean").contributions
    assert table["flag"].isna().all()
    assert flags_by_kind(table) == {"device": None}


def test_explanations_carry_the_flags_of_the_identifiers(analysis: sg.Analysis) -> None:
    table = analysis.explanations(mask=False)
    idents = analysis.evidence.identifiers
    by_key = {
        (str(k), str(v)): (f if isinstance(f, str) else None)
        for k, v, f in zip(idents["kind"], idents["key"], idents["flag"], strict=True)
    }
    direct = table[table["item"] == "direct"]
    assert len(direct) >= 9
    for rec in direct.itertuples(index=False):
        assert (rec.flag if isinstance(rec.flag, str) else None) == by_key[(rec.kind, rec.value)]
    late = flags_by_kind(table[table["store_id"] == "late"])
    assert late["ip"] == "private_ip" and late["payment_account"] is None


def test_a_path_item_has_no_flag() -> None:
    stores = pd.DataFrame(
        [("old", "banned", "2016-01-01", "2017-05-01")]
        + [(s, "active", "2017-06-01", None) for s in ("m1", "m2")],
        columns=["store_id", "status", "opened_at", "closed_at"],
    )
    links = pd.DataFrame(
        [
            ("old", "device", "abcdef0123456789"),
            ("m1", "device", "abcdef0123456789"),
            ("m1", "ip", "192.168.7.7"),
            ("m2", "ip", "192.168.7.7"),
            ("m1", "payment_account", "DE88 3704 0044 0532 0130 00"),
            ("m2", "payment_account", "DE88370400440532013000"),
        ],
        columns=["store_id", "kind", "value"],
    )
    table = sg.analyze(stores, links).explain("m2").contributions
    assert "path" in set(table["item"])
    assert table.loc[table["item"] == "path", "flag"].isna().all()


def test_a_flag_column_of_text_reads_as_one_of_codes(analysis: sg.Analysis) -> None:
    # the identifiers' flags as text, not categorical (as concatenated tables may hold them)
    idents = analysis.evidence.identifiers
    text = idents.assign(flag=idents["flag"].astype(object).where(idents["flag"].notna(), None))
    as_text = dataclasses.replace(
        analysis, evidence=dataclasses.replace(analysis.evidence, identifiers=text)
    )
    assert not isinstance(text["flag"].dtype, pd.CategoricalDtype)
    assert flags_by_kind(as_text.explain("new").contributions) == FLAGGED
    pd.testing.assert_frame_equal(as_text.explanations(), analysis.explanations())


def test_the_notebook_view_shows_the_flag(analysis: sg.Analysis) -> None:
    page = analysis.explain("new")._repr_html_()
    assert "iban_check_failed" in page and "private_ip" in page
    assert "<th>flag</th>" in page
    assert "<th>flag</th>" not in analysis.explain("clean")._repr_html_()  # no empty column


def test_flag_wording_is_the_flags_text_and_its_factor() -> None:
    for flag, text in FLAGS.items():
        assert flag_wording(flag) == f"{text}; weight x{FLAG_FACTORS[flag]:g}"


# -- the run folder -----------------------------------------------------------------


def test_the_folders_evidence_has_the_flags(analysis: sg.Analysis, folder: Path) -> None:
    evidence = read_run_table(folder, "evidence")
    assert list(evidence.columns) == ["store_id", *EXPLAIN_COLUMNS]
    assert flags_by_kind(evidence[evidence["store_id"] == "new"]) == FLAGGED
    assert flags_by_kind(evidence[evidence["store_id"] == "clean"]) == {"device": None}
    written = analysis.explanations()
    assert (evidence["flag"].notna().to_numpy() == written["flag"].notna().to_numpy()).all()


def test_the_csv_writes_the_flag_after_match_and_nothing_when_none(
    analysis: sg.Analysis, tmp_path: Path
) -> None:
    write_run(analysis, tmp_path, fmt="csv", report=False)
    lines = (tmp_path / "evidence.csv").read_text().splitlines()
    assert lines[0].startswith("store_id,rank,item,kind,match,flag,value,")
    assert any(line.startswith("new,") and ",exact,iban_check_failed," in line for line in lines)
    assert any(line.startswith("clean,1,direct,device,exact,,") for line in lines)


def test_explain_run_prints_the_flags_in_plain_words(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = explained(folder, "new", capsys)
    header = next(line for line in printed.splitlines() if line.lstrip().startswith("rank"))
    assert header.split()[:5] == ["rank", "item", "kind", "match", "flag"]
    assert "Flagged values" in printed
    for flag in FLAGGED.values():
        assert f"({flag}): {FLAGS[flag]}; weight x{FLAG_FACTORS[flag]:g}" in printed
    assert "rank 1, ID document" in printed  # which row, its kind and masked value


def test_explain_run_prints_no_flag_column_for_unflagged_evidence(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    printed = explained(folder, "clean", capsys)
    header = next(line for line in printed.splitlines() if line.lstrip().startswith("rank"))
    assert "flag" not in header.split() and "Flagged" not in printed


def test_explain_run_as_json_has_each_rows_flag(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    payload = json.loads(explained(folder, "new", capsys, "--json"))
    flags = {r["kind"]: r["flag"] for r in payload["contributions"] if r["item"] == "direct"}
    assert flags == FLAGGED
    assert all(r["flag"] is None for r in payload["contributions"] if r["item"] == "timing")


def _without_flag_column(folder: Path) -> None:
    """Rewrite the folder's evidence table as a version before the column wrote it."""
    fmt = json.loads((folder / "run.json").read_text())["format"]
    path = folder / f"evidence.{fmt}"
    if fmt == "csv":
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        table.drop(columns="flag").to_csv(path, index=False)
    else:
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        pq.write_table(table.drop_columns(["flag"]), path)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_folder_written_before_the_column_reads_back_without_flags(
    analysis: sg.Analysis, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    write_run(analysis, tmp_path, fmt=fmt, report=False)
    with_flags = read_run_table(tmp_path, "evidence")
    summary = explained(tmp_path, "new", capsys).split("\n\n")[0]
    _without_flag_column(tmp_path)

    evidence = read_run_table(tmp_path, "evidence")
    assert list(evidence.columns) == ["store_id", *EXPLAIN_COLUMNS]
    assert evidence["flag"].isna().all()
    rest = [c for c in evidence.columns if c != "flag"]
    pd.testing.assert_frame_equal(evidence[rest], with_flags[rest])

    printed = explained(tmp_path, "new", capsys)
    assert printed.split("\n\n")[0] == summary  # the same paragraph
    header = next(line for line in printed.splitlines() if line.lstrip().startswith("rank"))
    assert "flag" not in header.split() and "Flagged" not in printed
    payload = json.loads(explained(tmp_path, "new", capsys, "--json"))
    assert all(r["flag"] is None for r in payload["contributions"])
    # and the folder rebuilds: its scores are the same
    assert read_analysis(tmp_path).explain("new").score == analysis.explain("new").score


# -- the report ---------------------------------------------------------------------


def _alert_evidence(page: str, store_id: str) -> str:
    """The evidence cell of a store's alert row."""
    row = page.split(f'<td class="id">{store_id}</td>', 1)[1].split("</tr>", 1)[0]
    return row.split('<td class="evidence">', 1)[1]


def test_the_reports_alert_names_its_flagged_values(analysis: sg.Analysis) -> None:
    page = to_html(analysis)
    cell = _alert_evidence(page, "new")
    assert cell.count("<b>Flagged</b>") == 3
    for flag in FLAGGED.values():
        assert html.escape(flag_wording(flag), quote=True) in cell
    assert "payment account ********************6703: IBAN fails" in cell
    assert "<b>Flagged</b>" not in _alert_evidence(page, "clean")


def test_the_report_names_the_flags_of_the_items_its_evidence_names(
    analysis: sg.Analysis,
) -> None:
    # late's private IP address is its fifth item: the alert's evidence names three
    late = analysis.explain("late").contributions
    assert late.loc[late["kind"] == "ip", "rank"].tolist() == [5]
    assert "<b>Flagged</b>" not in _alert_evidence(to_html(analysis), "late")


def test_a_report_without_flags_is_as_before() -> None:
    stores, links = marketplace()
    clean = links[~links["value"].isin(["192.168.1.20", "10.1.2.3"])]
    clean = clean[~clean["kind"].isin(["payment_account", "id_document"])]
    page = to_html(sg.analyze(stores, clean, seed=0))
    assert "Flagged" not in page


def test_flags_of_identifiers_match_the_identifier_table(analysis: sg.Analysis) -> None:
    idents = analysis.evidence.identifiers
    codes = np.array([-1, *range(len(idents))])
    got = [f if isinstance(f, str) else None for f in analysis._flags_of(codes)]
    assert got[0] is None
    want = [f if isinstance(f, str) else None for f in idents["flag"].tolist()]
    assert got[1:] == want
