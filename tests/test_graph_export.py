"""Graph exports: GraphML, GEXF and node-link JSON that networkx and Gephi read back."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import InputError
from sellergraph.hashing import keyed_hash
from sellergraph.intel._common import as_of
from sellergraph.io.graphs import (
    export_graph,
    sanitize_graph,
    to_gexf,
    to_graphml,
    to_node_link,
    write_gexf,
    write_graphml,
    write_node_link,
)

SECRET = b"the key mkt-a and mkt-b agreed on"


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    stores, links, _ = sg.make_marketplace(1200, seed=6)
    return sg.analyze(stores, links, seed=0)


@pytest.fixture(scope="module")
def ring_id(analysis: sg.Analysis) -> str:
    rings = analysis.rings.sort_values(["n_banned", "size", "ring_id"], ascending=False)
    return str(rings["ring_id"].iloc[0])


def awkward_graph() -> nx.Graph:
    """Attribute values the GraphML and GEXF writers reject or mangle."""
    g = nx.Graph(created=pd.Timestamp("2024-01-02"), note=None)
    g.add_node(
        "S1",
        status="banned",
        closed_at=pd.Timestamp("2017-05-01"),
        opened_at=pd.NaT,
        score=float("nan"),
        kinds=["phone", "device"],
        tags={"b", "a"},
        extra={"k": 1},
        n=np.int64(3),
        flag=np.bool_(True),
        name="bad\x00char\x1b",
    )
    g.add_node("S2", status="active", score=1, n=4, when=dt.date(2020, 1, 1), missing=pd.NA)
    g.add_node(7, status="active", score=np.float32(0.25), n="many")
    g.add_edge("S1", "S2", weight=np.float64(0.9), kinds=("phone",), n_items=np.int32(2))
    g.add_edge("S2", 7, weight=1, kinds=None)
    return g


def test_sanitize_makes_every_attribute_a_plain_typed_scalar() -> None:
    clean = sanitize_graph(awkward_graph())
    s1, s2, s7 = clean.nodes["S1"], clean.nodes["S2"], clean.nodes["7"]
    assert s1 == {
        "status": "banned",
        "closed_at": "2017-05-01",
        "kinds": "phone|device",
        "tags": "a|b",
        "extra": '{"k": 1}',
        "n": "3",
        "flag": True,
        "name": "badchar",
    }
    assert s2 == {"status": "active", "score": 1.0, "n": "4", "when": "2020-01-01"}
    assert s7 == {"status": "active", "score": 0.25, "n": "many"}
    assert clean.edges["S1", "S2"] == {"weight": 0.9, "kinds": "phone", "n_items": 2}
    assert clean.edges["S2", "7"] == {"weight": 1.0}
    assert clean.graph == {"created": "2024-01-02"}
    # One type per attribute: the writers declare one type per key.
    for key in ("score", "n"):
        assert len({type(d[key]) for _, d in clean.nodes(data=True) if key in d}) == 1


def test_the_writers_fail_without_sanitising_and_work_with_it(tmp_path: Path) -> None:
    raw = awkward_graph()
    with pytest.raises((nx.NetworkXError, TypeError, ValueError, KeyError)):
        nx.write_graphml(raw, tmp_path / "raw.graphml")
    back = nx.read_graphml(io.StringIO(to_graphml(raw)))
    assert back.nodes["S1"]["closed_at"] == "2017-05-01"
    assert back.nodes["S2"]["score"] == 1.0 and back.nodes["7"]["score"] == 0.25
    gexf = nx.read_gexf(io.BytesIO(to_gexf(raw).encode()))
    assert gexf.number_of_nodes() == 3 and gexf.number_of_edges() == 2


def test_identifier_view_round_trips_through_graphml_and_gexf(analysis: sg.Analysis) -> None:
    g = export_graph(analysis)
    ref = analysis.graph
    assert g.number_of_nodes() == ref.number_of_nodes() > 100
    assert g.number_of_edges() == ref.number_of_edges()
    back = nx.read_graphml(io.StringIO(to_graphml(analysis)))
    assert set(back.nodes) == {str(n) for n in ref.nodes}
    store = next(n for n, d in back.nodes(data=True) if d["type"] == "store")
    ident = next(n for n, d in back.nodes(data=True) if d["type"] == "identifier")
    assert isinstance(back.nodes[store]["score"], float)
    assert isinstance(back.nodes[ident]["n_stores"], int)
    assert back.nodes[ident]["label"] == ref.nodes[ident]["label"]  # masked
    gexf = nx.read_gexf(io.BytesIO(to_gexf(analysis).encode()))
    assert gexf.number_of_nodes() == ref.number_of_nodes()
    assert gexf.number_of_edges() == ref.number_of_edges()


def test_gexf_declares_only_types_gephi_reads(analysis: sg.Analysis, ring_id: str) -> None:
    for view in ("identifiers", "stores"):
        text = to_gexf(analysis, view=view, ring_id=ring_id)
        types = set(re.findall(r'<attribute id="\d+" title="[^"]+" type="(\w+)"', text))
        assert types and types <= {"string", "long", "double", "boolean"}, types
        # The date comes from the data, not the clock: the same analysis, the same file.
        assert f'lastmodifieddate="{as_of(analysis):%Y-%m-%d}"' in text


def test_identifier_values_are_masked_unless_raw(analysis: sg.Analysis, ring_id: str) -> None:
    members = analysis.ring(ring_id).members["store_id"]
    links = analysis.links[analysis.links["store_id"].isin(members)]
    keys = {k for k in links["key"] if len(k) >= 8}
    masked = to_graphml(analysis, ring_id=ring_id)
    assert not any(k in masked for k in keys)
    raw = export_graph(analysis, ring_id=ring_id, raw=True)
    labels = {d["label"] for _, d in raw.nodes(data=True) if d["type"] == "identifier"}
    assert labels and labels <= set(links["key"])
    hashed = export_graph(analysis, ring_id=ring_id, secret=SECRET)
    idents = [(n, d) for n, d in hashed.nodes(data=True) if d["type"] == "identifier"]
    # the same node is the same value in both exports
    assert [n for n, _ in idents] == [
        n for n, d in raw.nodes(data=True) if d["type"] == "identifier"
    ]
    expected = keyed_hash(
        [d["kind"] for _, d in idents], [raw.nodes[n]["label"] for n, _ in idents], SECRET
    )
    assert [d["value_hash"] for _, d in idents] == list(expected)
    assert hashed.graph["identifier_values"] == "masked"


def test_store_view_of_a_ring(analysis: sg.Analysis, ring_id: str) -> None:
    ring = analysis.ring(ring_id)
    g = export_graph(analysis, view="stores", ring_id=ring_id)
    assert set(g.nodes) == set(ring.members["store_id"])
    assert g.number_of_edges() == len(ring.links)
    for rec in ring.links.itertuples(index=False):
        edge = g.edges[rec.store_id, rec.other_store_id]
        assert edge["weight"] == pytest.approx(rec.weight)
        assert edge["kinds"] == rec.kinds and edge["n_items"] >= 1
    banned = [n for n, d in g.nodes(data=True) if d["status"] == "banned"]
    assert banned and all("closed_at" in g.nodes[n] and "score" not in g.nodes[n] for n in banned)
    assert all(d["ring_id"] == ring_id for _, d in g.nodes(data=True))
    whole = export_graph(analysis, view="stores")
    assert whole.number_of_edges() == len(analysis.store_links)


def test_node_link_json_round_trips(analysis: sg.Analysis, tmp_path: Path) -> None:
    data = to_node_link(analysis, view="stores")
    text = json.dumps(data)
    back = nx.node_link_graph(json.loads(text), edges="edges")
    assert back.number_of_edges() == len(analysis.store_links)
    path = write_node_link(analysis, tmp_path / "g.json", view="stores")
    assert json.loads(path.read_text()) == json.loads(text)


def test_exports_are_byte_identical_and_written_as_given(
    analysis: sg.Analysis, ring_id: str, tmp_path: Path
) -> None:
    assert to_graphml(analysis) == to_graphml(analysis)
    gexf = to_gexf(analysis, ring_id=ring_id)
    assert gexf == to_gexf(analysis, ring_id=ring_id)
    assert write_gexf(analysis, tmp_path / "g.gexf", ring_id=ring_id).read_text() == gexf
    graphml = write_graphml(analysis, tmp_path / "sub" / "g.graphml", view="stores")
    assert graphml.read_text() == to_graphml(analysis, view="stores")


def test_bad_options_are_named(analysis: sg.Analysis) -> None:
    with pytest.raises(InputError, match="'view' must be one of identifiers, stores"):
        export_graph(analysis, view="pairs")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="ring_id 'R-nope'"):
        export_graph(analysis, ring_id="R-nope")
    with pytest.raises(InputError, match="apply to an analysis"):
        to_graphml(nx.Graph(), view="stores")


def test_cli_graph_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stores, links, _ = sg.make_marketplace(400, seed=3)
    stores.to_csv(tmp_path / "stores.csv", index=False)
    links.to_csv(tmp_path / "links.csv", index=False)
    run = tmp_path / "run"
    args = ["--stores", str(tmp_path / "stores.csv"), "--links", str(tmp_path / "links.csv")]
    assert main(["run", *args, "--out", str(run), "--no-report", "-q"]) == 0
    (tmp_path / "key").write_bytes(SECRET)
    out = tmp_path / "g.graphml"
    cmd = ["export", "graphml", "--run", str(run), "--out", str(out)]
    assert main([*cmd, "--key-file", str(tmp_path / "key")]) == 0
    assert "nodes" in capsys.readouterr().out
    back = nx.read_graphml(out)
    idents = [d for _, d in back.nodes(data=True) if d["type"] == "identifier"]
    assert idents and all(len(d["value_hash"]) == 64 for d in idents)
    assert (
        main(
            [
                "export",
                "gexf",
                "--run",
                str(run),
                "--out",
                str(tmp_path / "g.gexf"),
                "--ring",
                "R-nope",
                "-q",
            ]
        )
        == 2
    )
    assert "ring_id 'R-nope'" in capsys.readouterr().err


def test_distinct_stores_stay_distinct_nodes() -> None:
    ids = ["device:0", "S1\x00", "S1", "x"]
    stores = pd.DataFrame(
        {
            "store_id": ids,
            "status": ["active", "banned", "active", "banned"],
            "closed_at": [None, "2020-01-01", None, "2020-01-01"],
        }
    )
    links = pd.DataFrame({"store_id": ids, "kind": "device", "value": "aa11bb22cc33dd44"})
    analysis = sg.analyze(stores, links)
    exported = export_graph(analysis)
    kinds = [d.get("type") for _, d in exported.nodes(data=True)]
    assert kinds.count("store") == 4 and kinds.count("identifier") == 1
    assert "<graphml" in to_graphml(analysis)


def test_an_exported_graph_is_written_as_the_analysis_is(tmp_path: Path) -> None:
    # its node ids are escaped once: the store A\B is A\\B in both files
    stores = pd.DataFrame(
        {
            "store_id": ["A\\B", "C"],
            "status": ["banned", "active"],
            "closed_at": ["2020-01-01", None],
        }
    )
    links = pd.DataFrame({"store_id": ["A\\B", "C"], "kind": "phone", "value": "13800138000"})
    result = sg.analyze(stores, links, seed=0)
    graph = export_graph(result, view="stores")
    for write in (write_node_link, write_graphml):
        write(graph, tmp_path / "graph")
        write(result, tmp_path / "analysis", view="stores")
        assert (tmp_path / "graph").read_bytes() == (tmp_path / "analysis").read_bytes()
    write_node_link(graph, tmp_path / "graph.json")
    nodes = json.loads((tmp_path / "graph.json").read_text())["nodes"]
    assert sorted(n["id"] for n in nodes) == ["A\\\\B", "C"]
