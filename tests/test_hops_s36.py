"""A path item names the identifiers of each of its hops; ring pictures and graph
exports name identifier nodes by content, so the same data in another row order draws
and exports the same bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.analysis import EXPLAIN_COLUMNS
from sellergraph.cli import main
from sellergraph.io.graphs import export_graph, to_gexf, to_graphml, to_node_link
from sellergraph.normalize import mask_value
from sellergraph.report.html import _ring_page, to_html
from sellergraph.report.interactive import to_interactive_html

SECRET = b"a key two marketplaces agreed on"


def _chain() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A banned store and three active ones, each linked to the next only:
    old -device- m1 -payment account- m2 -phone, e-mail- far."""
    stores = pd.DataFrame(
        [
            ("old", "banned", "2016-01-01", "2017-05-01"),
            ("m1", "active", "2017-06-01", None),
            ("m2", "active", "2017-06-15", None),
            ("far", "active", "2017-07-01", None),
        ],
        columns=["store_id", "status", "opened_at", "closed_at"],
    )
    links = pd.DataFrame(
        [
            ("old", "device", "abcdef0123456789"),
            ("m1", "device", "abcdef0123456789"),
            ("m1", "payment_account", "4111111111111111"),
            ("m2", "payment_account", "4111 1111 1111 1111"),
            ("m2", "phone", "+86 138 0013 8000"),
            ("far", "phone", "13800138000"),
            ("m2", "email", "a@b.cn"),
            ("far", "email", "A@b.cn"),
        ],
        columns=["store_id", "kind", "value"],
    )
    return stores, links


def test_a_path_of_two_hops_names_what_each_hop_shares() -> None:
    stores, links = _chain()
    a = sg.analyze(stores, links)
    table = a.explain("m2").contributions
    assert "hops" in table.columns and list(a.explanations().columns[1:]) == list(EXPLAIN_COLUMNS)
    path = table[table["item"] == "path"].iloc[0]
    assert path["via_store_id"] == "m1" and path["other_store_id"] == "old"
    assert path["hops"] == (
        "m2 and m1 share payment account ************1111 (link 0.90); "
        "m1 and old share device ab**********6789 (link 0.85)"
    )
    raw = a.explain("m2", mask=False).contributions
    assert raw["hops"].iloc[0] == (
        "m2 and m1 share payment account 4111111111111111 (link 0.90); "
        "m1 and old share device abcdef0123456789 (link 0.85)"
    )
    # the strength is the product of the links named, times the decay per extra hop
    decay = a.config.scoring.ring_decay
    assert path["weight"] == pytest.approx(0.9 * decay * 0.85, abs=1e-6)


def test_a_path_of_three_hops_names_every_store_on_the_way() -> None:
    stores, links = _chain()
    a = sg.analyze(stores, links)
    c = a.contributions
    far = int(np.flatnonzero(a.evidence.store_ids == "far")[0])
    m1 = int(np.flatnonzero(a.evidence.store_ids == "m1")[0])
    row = c[(c["store"] == far) & (c["item"] == "path")].iloc[0]
    assert row["via2"] == m1  # far -> m2 -> m1 -> old
    assert (c.loc[c["item"] != "path", "via2"] == -1).all()
    e = a.explain("far")
    hops = e.contributions["hops"].iloc[0]
    assert hops == (
        "far and m2 share e-mail a***@b.cn and phone +86138****8000 (link 0.91); "
        "m2 and m1 share payment account ************1111 (link 0.90); "
        "m1 and old share device ab**********6789 (link 0.85)"
    )
    # the summary says the path too, so the investigator need not explain m2 and m1
    assert f"Its path to old: {hops}." in e.summary
    # direct and timing items name no hops
    assert e.contributions.loc[e.contributions["item"] != "path", "hops"].isna().all()


def test_a_store_with_only_direct_evidence_has_no_path_sentence() -> None:
    stores, links = _chain()
    e = sg.analyze(stores, links).explain("m1")
    assert "path" not in set(e.contributions["item"]) and "Its path" not in e.summary


def test_the_hops_follow_the_data_not_the_row_order() -> None:
    stores, links = _chain()
    a = sg.analyze(stores, links).explanations(mask=False)
    for order in ([3, 2, 1, 0], [2, 0, 3, 1]):
        b = sg.analyze(
            stores.iloc[order].reset_index(drop=True),
            links.iloc[::-1].reset_index(drop=True),
        ).explanations(mask=False)
        pd.testing.assert_frame_equal(a, b)


@pytest.fixture(scope="module")
def marketplace() -> tuple[pd.DataFrame, pd.DataFrame]:
    stores, links, _ = sg.make_marketplace(800, seed=2)
    return stores, links


@pytest.fixture(scope="module")
def analyses(marketplace: tuple[pd.DataFrame, pd.DataFrame]) -> tuple[sg.Analysis, sg.Analysis]:
    stores, links = marketplace
    rng = np.random.default_rng(36)
    shuffled = (
        stores.iloc[rng.permutation(len(stores))].reset_index(drop=True),
        links.iloc[rng.permutation(len(links))].reset_index(drop=True),
    )
    return sg.analyze(stores, links, seed=0), sg.analyze(*shuffled, seed=0)


def test_every_path_item_of_a_marketplace_names_a_chain_to_its_banned_store(
    analyses: tuple[sg.Analysis, sg.Analysis],
) -> None:
    a = analyses[0]
    table = a.explanations()
    path = table[table["item"] == "path"]
    assert len(path)
    assert table.loc[table["item"] != "path", "hops"].isna().all()
    for rec in path.itertuples(index=False):
        hops = rec.hops.split("; ")
        assert 2 <= len(hops) <= a.config.scoring.max_hops
        assert hops[0].startswith(f"{rec.store_id} and {rec.via_store_id} share ")
        last = rf" and {re.escape(rec.other_store_id)} share .+ \(link \d\.\d\d\)$"
        assert re.search(last, hops[-1]), hops
        assert "are linked" not in rec.hops  # every hop found its identifiers


def _ring_ids(a: sg.Analysis) -> list[str]:
    rings = a.rings.sort_values(["size", "ring_id"], ascending=[False, True])
    return rings["ring_id"].head(4).tolist()


def test_ring_exports_and_pages_do_not_depend_on_the_row_order(
    analyses: tuple[sg.Analysis, sg.Analysis],
) -> None:
    a, b = analyses
    for ring_id in _ring_ids(a):
        for options in ({}, {"raw": True}, {"secret": SECRET}):
            assert to_graphml(a, ring_id=ring_id, **options) == to_graphml(
                b, ring_id=ring_id, **options
            ), (ring_id, options)
        assert to_gexf(a, ring_id=ring_id) == to_gexf(b, ring_id=ring_id)
        assert json.dumps(to_node_link(a, ring_id=ring_id)) == json.dumps(
            to_node_link(b, ring_id=ring_id)
        )
        ra, rb = a.ring(ring_id), b.ring(ring_id)
        assert list(ra.subgraph.nodes) == list(rb.subgraph.nodes)
        assert _ring_page(a, ra, "r", 1, 0) == _ring_page(b, rb, "r", 1, 0), ring_id
        assert to_interactive_html(ra) == to_interactive_html(rb), ring_id
    assert to_graphml(a) == to_graphml(b)


def test_the_report_differs_only_in_the_rows_rejected_rows_point_to(
    analyses: tuple[sg.Analysis, sg.Analysis],
) -> None:
    a, b = analyses

    def without_rejected(text: str) -> str:
        return re.sub(r'<section id="rejected".*?</section>', "", text, flags=re.S)

    ha, hb = to_html(a), to_html(b)
    assert '<section id="rejected"' in ha
    assert without_rejected(ha) == without_rejected(hb)


def test_identifier_nodes_are_numbered_within_their_kind_by_value(
    analyses: tuple[sg.Analysis, sg.Analysis],
) -> None:
    a = analyses[0]
    ring_id = _ring_ids(a)[0]
    masked = a.ring(ring_id).subgraph
    raw = export_graph(a, ring_id=ring_id, raw=True)
    by_kind: dict[str, list[tuple[str, str]]] = {}
    for node, d in masked.nodes(data=True):
        if d["type"] != "identifier":
            continue
        key = raw.nodes[node]["label"]
        assert mask_value(d["kind"], key) == d["label"]  # the same value in both
        by_kind.setdefault(d["kind"], []).append((node, key))
    assert by_kind
    for kind, nodes in by_kind.items():
        ordered = [n for n, _ in sorted(nodes, key=lambda nk: nk[1])]
        assert ordered == [f"{kind}:{i}" for i in range(1, len(nodes) + 1)]


def test_an_identifier_is_one_node_however_many_near_duplicates_it_has(
    analyses: tuple[sg.Analysis, sg.Analysis],
) -> None:
    a = analyses[0]
    with_near = 0
    for ring_id in a.rings["ring_id"]:
        g = export_graph(a, ring_id=ring_id, raw=True)
        idents = [(n, d) for n, d in g.nodes(data=True) if d["type"] == "identifier"]
        assert all(g.degree(n) > 0 for n, _ in idents), ring_id  # no node left alone
        values = {(d["kind"], d["label"]) for _, d in idents}
        assert len(values) == len(idents), ring_id
        with_near += any(d["type"] == "near" for _, _, d in g.edges(data=True))
    assert with_near  # the case has near duplicates inside rings


def test_explain_on_the_command_line_names_the_hops(tmp_path: Path, capsys) -> None:
    stores, links = _chain()
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    out = tmp_path / "run"
    args = ["run", "--stores", str(tmp_path / "stores.csv"), "--links"]
    assert main([*args, str(tmp_path / "links.csv"), "--out", str(out), "-q", "--no-report"]) == 0
    evidence = pd.read_csv(out / "evidence.csv", keep_default_na=False)
    assert (evidence["hops"] != "").tolist() == (evidence["item"] == "path").tolist()
    capsys.readouterr()
    assert main(["explain", "far", "--run", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Its path to old: far and m2 share e-mail a***@b.cn" in printed
    assert "m1 and old share device ab**********6789 (link 0.85)." in printed

    # a run folder written before paths named their hops
    evidence.drop(columns="hops").to_csv(out / "evidence.csv", index=False)
    assert main(["explain", "far", "--run", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "weak path" in printed or "path through" in printed
    assert "Its path to old" not in printed


_DRAW = """
import hashlib, io, sys
import sellergraph as sg
from sellergraph.report.html import _ring_page
from sellergraph.report.interactive import to_interactive_html
from sellergraph.report.plots import plot_ring

stores, links, _ = sg.make_marketplace(800, seed=2)
a = sg.analyze(stores, links, seed=0)
rings = a.rings.sort_values(["size", "ring_id"], ascending=[False, True])["ring_id"].head(3)
for ring_id in rings:
    ring = a.ring(ring_id)
    for max_stores in (3, 6, 40):  # parts of the ring, and all of it
        png = io.BytesIO()
        plot_ring(ring, max_stores=max_stores).figure.savefig(png, format="png")
        html = to_interactive_html(ring, max_stores=max_stores)
        for data in (png.getvalue(), html.encode()):
            print(hashlib.sha256(data).hexdigest())
    print(hashlib.sha256(_ring_page(a, ring, "r", 1, 0).encode()).hexdigest())
"""


def test_ring_pictures_do_not_depend_on_the_process_hash_seed() -> None:
    # a set of node names iterates in another order in each process: drawings must not
    # follow it (a run's report is the same bytes every time)
    import os
    import subprocess
    import sys

    out = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", _DRAW], env=env, capture_output=True, text=True, check=True
        )
        out.append(done.stdout)
    assert out[0] and out[0] == out[1]
