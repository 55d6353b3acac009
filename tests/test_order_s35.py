"""The same stores and links in another row order give the same outputs.

Exports concatenated in another order, or read from a database without ORDER BY,
must give the same scores, rings (ids included), alerts, evidence, hubs, stores and
links tables, byte for byte; and the same rejected rows, whose ``row`` points into
each input file and is the one column that may differ.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.analysis import rejected_order
from sellergraph.build import link_order, store_id_ranks, text_order
from sellergraph.cli import main
from sellergraph.io.run import RUN_TABLES, run_tables


@pytest.fixture(scope="module")
def marketplace() -> tuple[pd.DataFrame, pd.DataFrame]:
    stores, links, _ = sg.make_marketplace(800, seed=2)
    return stores, links


def _orders(stores: pd.DataFrame, links: pd.DataFrame) -> dict[str, tuple[pd.DataFrame, ...]]:
    """The same tables in other row orders (kinds named in another order too)."""
    rng = np.random.default_rng(35)
    return {
        "shuffled": (
            stores.iloc[rng.permutation(len(stores))],
            links.iloc[rng.permutation(len(links))],
        ),
        "reversed": (stores.iloc[::-1], links.iloc[::-1]),
        "by_value": (
            stores.sort_values(["opened_at", "store_id"], ascending=False, kind="stable"),
            links.sort_values(["value", "kind", "store_id"], kind="stable", na_position="first"),
        ),
    }


@pytest.fixture(scope="module")
def analyses(marketplace: tuple[pd.DataFrame, pd.DataFrame]) -> dict[str, sg.Analysis]:
    stores, links = marketplace
    out = {"given": sg.analyze(stores, links, seed=0)}
    for name, (s, lk) in _orders(stores, links).items():
        out[name] = sg.analyze(s.reset_index(drop=True), lk.reset_index(drop=True), seed=0)
    return out


OTHER_ORDERS = ["shuffled", "reversed", "by_value"]


@pytest.mark.parametrize("name", OTHER_ORDERS)
def test_result_tables_do_not_depend_on_the_input_row_order(
    analyses: dict[str, sg.Analysis], name: str
) -> None:
    a, b = analyses["given"], analyses[name]
    assert len(a.rings) and len(a.alerts) and len(a.hubs)  # the case is not empty
    for table in ("scores", "alerts", "rings", "hubs"):
        pd.testing.assert_frame_equal(getattr(a, table), getattr(b, table), obj=table)
    pd.testing.assert_frame_equal(a.explanations(mask=False), b.explanations(mask=False))
    pd.testing.assert_frame_equal(a.store_links, b.store_links)
    # the rejected rows are the same; each one's row points into its own input
    pd.testing.assert_frame_equal(
        a.rejected.drop(columns="row"), b.rejected.drop(columns="row"), obj="rejected"
    )
    assert (a.rejected["row"] != b.rejected["row"]).any()


@pytest.mark.parametrize("name", OTHER_ORDERS)
def test_run_tables_do_not_depend_on_the_input_row_order(
    analyses: dict[str, sg.Analysis], name: str
) -> None:
    a, b = run_tables(analyses["given"]), run_tables(analyses[name])
    for table in RUN_TABLES:
        if table == "links":
            continue  # written from the codes (test_run_folders_are_byte_identical)
        left, right = a[table].reset_index(drop=True), b[table].reset_index(drop=True)
        if table == "rejected":
            left, right = left.drop(columns="row"), right.drop(columns="row")
        pd.testing.assert_frame_equal(left, right, obj=table)


def test_rejected_rows_point_into_their_own_input(
    marketplace: tuple[pd.DataFrame, pd.DataFrame], analyses: dict[str, sg.Analysis]
) -> None:
    stores, links = marketplace
    _, lk = _orders(stores, links)["shuffled"]
    rejected = analyses["shuffled"].rejected
    on_links = rejected[rejected["table"] == "links"]
    assert len(on_links)
    at = lk.reset_index(drop=True).iloc[on_links["row"].to_numpy()]
    assert (at["store_id"].to_numpy() == on_links["store_id"].to_numpy()).all()


def test_run_folders_are_byte_identical(
    marketplace: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    stores, links = marketplace
    folders = {}
    for name, (s, lk) in {"given": (stores, links), **_orders(stores, links)}.items():
        s.to_csv(tmp_path / f"{name}-stores.csv", index=False)
        lk.to_csv(tmp_path / f"{name}-links.csv", index=False)
        out = tmp_path / f"{name}-run"
        args = ["run", "--stores", str(tmp_path / f"{name}-stores.csv")]
        args += ["--links", str(tmp_path / f"{name}-links.csv"), "--out", str(out)]
        assert main([*args, "-q", "--no-report"]) == 0
        folders[name] = out
    for name in OTHER_ORDERS:
        for table in RUN_TABLES:
            if table == "rejected":
                continue
            given = (folders["given"] / f"{table}.csv").read_bytes()
            assert (folders[name] / f"{table}.csv").read_bytes() == given, (name, table)
        rejected = [
            pd.read_csv(folders[n] / "rejected.csv", dtype=str, keep_default_na=False)
            for n in ("given", name)
        ]
        pd.testing.assert_frame_equal(*(r.drop(columns="row") for r in rejected))


def test_a_run_folder_of_shuffled_input_reads_back_to_the_same_scores(
    marketplace: tuple[pd.DataFrame, pd.DataFrame], tmp_path: Path
) -> None:
    stores, links = marketplace
    s, lk = _orders(stores, links)["shuffled"]
    analysis = sg.analyze(s.reset_index(drop=True), lk.reset_index(drop=True), seed=0)
    sg.io.run.write_run(analysis, tmp_path, report=False)
    back = sg.io.run.read_analysis(tmp_path)
    pd.testing.assert_frame_equal(back.scores, analysis.scores)
    pd.testing.assert_frame_equal(back.rings, analysis.rings)


def test_a_ring_is_the_same_ring(analyses: dict[str, sg.Analysis]) -> None:
    a, b = analyses["given"], analyses["shuffled"]
    ring_id = a.rings.sort_values(["size", "ring_id"], ascending=[False, True])["ring_id"].iloc[0]
    ra, rb = a.ring(ring_id), b.ring(ring_id)
    pd.testing.assert_frame_equal(ra.members, rb.members)
    pd.testing.assert_frame_equal(ra.links, rb.links)
    assert (ra.links["store_id"] < ra.links["other_store_id"]).all()

    def nodes(g: object) -> list[tuple[str, str]]:
        # identifier node names hold an identifier code: compare kinds and labels
        return [
            (n, "") if d["type"] == "store" else (d["kind"], d["label"])
            for n, d in g.nodes(data=True)  # type: ignore[attr-defined]
        ]

    assert nodes(ra.subgraph) == nodes(rb.subgraph)
    stores = [n for n, d in ra.subgraph.nodes(data=True) if d["type"] == "store"]
    assert stores == sorted(stores)


def test_a_wide_table_in_another_order_gives_the_same_results() -> None:
    wide = pd.DataFrame(
        {
            "store_id": ["b1", "a2", "n3", "n4", "z5"],
            "status": ["banned", "banned", "active", "active", "active"],
            "opened_at": ["2016-01-01", "2016-02-01", "2017-06-01", "2017-07-01", "2015-01-01"],
            "closed_at": ["2017-05-01", "2017-05-01", None, None, None],
            "phone": ["13800138000", "13800138000", "138-0013-8000", "139 0000 1111", None],
            "device": ["490154203237518", None, None, "490154203237518", "N/A"],
        }
    )
    a = sg.analyze(wide)
    b = sg.analyze(wide.iloc[[3, 0, 4, 2, 1]].reset_index(drop=True))
    pd.testing.assert_frame_equal(a.scores, b.scores)
    pd.testing.assert_frame_equal(a.explanations(), b.explanations())
    pd.testing.assert_frame_equal(run_tables(a)["stores"], run_tables(b)["stores"])
    pd.testing.assert_frame_equal(a.rejected.drop(columns="row"), b.rejected.drop(columns="row"))


def test_equal_evidence_from_two_banned_stores_goes_to_the_same_one() -> None:
    # two banned stores closed the same day share one device with the active store
    stores = pd.DataFrame(
        {
            "store_id": ["old-b", "old-a", "new"],
            "status": ["banned", "banned", "active"],
            "opened_at": ["2016-01-01", "2016-01-01", "2017-06-01"],
            "closed_at": ["2017-05-01", "2017-05-01", None],
        }
    )
    links = pd.DataFrame(
        {"store_id": ["old-b", "old-a", "new"], "kind": "device", "value": "490154203237518"}
    )
    matched = {
        sg.analyze(stores.iloc[o], links.iloc[o]).scores["matched_store_id"].iloc[0]
        for o in ([0, 1, 2], [1, 0, 2], [2, 1, 0])
    }
    assert matched == {"old-a"}  # the lower store id, whichever row came first


def test_cumulative_is_each_store_s_own_running_total(analyses: dict[str, sg.Analysis]) -> None:
    a = analyses["given"]
    table = a.explanations()
    for store_id in a.alerts["store_id"].head(5):
        own = a.explain(store_id).contributions["cumulative"].to_numpy()
        assert (table[table["store_id"] == store_id]["cumulative"].to_numpy() == own).all()
    # summed store by store: never off by the rounding of the stores listed before
    codes = a.contributions["store"].to_numpy()
    for code in np.unique(codes)[:50]:
        c = a.contributions["contribution"].to_numpy()[codes == code]
        rows = table["store_id"] == a.evidence.store_ids[code]
        assert (table[rows]["cumulative"].to_numpy() == np.round(np.cumsum(c), 6)).all()


def test_link_order_sorts_by_store_id_kind_and_key() -> None:
    rng = np.random.default_rng(7)
    store_ids = np.array(["S10", "S2", "a", "Z", "é", "中"], dtype=object)
    kinds = ["phone", "ip", "device"]
    keys = ["9", "10", "1.1.1.1", "z", "Z", "é", "中", "a b", "ab", "", "x" * 30]
    idents = pd.DataFrame(
        {
            "kind": pd.Categorical([k for k in kinds for _ in keys]),
            "key": pd.Series([v for _ in kinds for v in keys], dtype="str"),
        }
    )
    pairs = {(int(s), int(i)) for s, i in rng.integers(0, [6, len(idents)], size=(80, 2))}
    store, ident = (np.array(x, dtype=np.int64) for x in zip(*sorted(pairs), strict=True))
    for ranks in (None, store_id_ranks(store_ids)):
        order = link_order(store, ident, idents, ranks)
        order = np.arange(len(store)) if order is None else order
        got = [
            (
                str(store_ids[store[o]]) if ranks is not None else int(store[o]),
                str(idents["kind"][ident[o]]),
                str(idents["key"][ident[o]]),
            )
            for o in order
        ]
        assert got == sorted(got)


def test_store_ids_are_ranked_in_code_point_order() -> None:
    ids = np.array(["中", "a", "Z", "é", "S10", "S2"], dtype=object)
    ranks = store_id_ranks(ids)
    assert ranks is not None
    assert list(ids[np.argsort(ranks)]) == sorted(ids.tolist())
    assert store_id_ranks(pd.Series(sorted(ids.tolist()), dtype="str")) is None
    assert text_order(ids).tolist() == np.argsort(ids.astype(str), kind="stable").tolist()


def test_rejected_order_is_by_content_then_row() -> None:
    rejected = pd.DataFrame(
        {
            "table": ["links", "links", "stores", "links", "links"],
            "row": [9, 4, 2, 7, 1],
            "store_id": ["S2", "S1", "S1", "S1", None],
            "column": ["value", "value", "opened_at", "value", "store_id"],
            "value": ["N/A", "N/A", "yesterday", "N/A", None],
            "reason": ["placeholder", "placeholder", "invalid_date", "placeholder", "missing"],
            "message": ["ip: junk", "phone: junk", "", "ip: junk", ""],
            "dropped": [True, True, False, True, True],
        }
    )
    ordered = rejected_order(rejected)
    assert ordered["row"].tolist() == [2, 1, 7, 4, 9]
    again = rejected_order(rejected.iloc[::-1].reset_index(drop=True))
    pd.testing.assert_frame_equal(ordered, again)
