"""Graph exports: GraphML, GEXF (Gephi) and node-link JSON of an analysis's evidence.

Two views of an analysis (or of one ring):

``"identifiers"``
    stores and the identifiers two or more of them share (as :attr:`Analysis.graph`):
    store nodes carry ``status, platform, opened_at, closed_at, score, ring_id``;
    identifier nodes ``kind``, ``label`` (the masked value, or the normalised value
    when ``raw=True``), ``n_stores`` and ``weight``, plus ``value_hash`` (HMAC-SHA256
    under a shared key) when a ``secret`` is given. Stores are named by their id,
    identifiers ``kind:n``, numbered within their kind by value in this graph (the
    same data in any row order gives the same names). Edges: ``type`` ``uses`` (store
    to identifier) or ``near`` (near-duplicate values).
``"stores"``
    store-store links: ``weight`` (combined evidence), ``kinds``, ``n_items``.

Attribute values are made safe for the GraphML and GEXF writers (and for Gephi):
missing values (None, NaN, NaT) are left out, dates become ``YYYY-MM-DD`` text, lists
are ``|``-joined text, NumPy scalars become Python ones, characters XML cannot hold
are dropped, and each attribute gets one type across all nodes (or edges): booleans,
integers, floats (integers mixed with floats become floats) or text.

Each format has a pure ``to_*`` (text, or a dict for node-link) and a one-line
``write_*``; the first argument is an :class:`~sellergraph.Analysis` or any networkx
graph (then only sanitised). The same analysis and options give the same bytes.

Examples
--------
>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_node("S1", status="banned", closed_at=None, score=float("nan"), kinds=["phone", "ip"])
>>> g.add_node("S2", status="active", score=1, opened_at=pd.Timestamp("2017-06-01"))
>>> g.add_node("S3", status="active", score=0.25)
>>> g.add_edge("S1", "S2", weight=0.9)
>>> clean = sanitize_graph(g)
>>> for node, attrs in clean.nodes(data=True):
...     print(node, attrs)
S1 {'status': 'banned', 'kinds': 'phone|ip'}
S2 {'status': 'active', 'score': 1.0, 'opened_at': '2017-06-01'}
S3 {'status': 'active', 'score': 0.25}
>>> "<graphml" in to_graphml(g) and "<gexf" in to_gexf(g)
True
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from ..errors import InputError

if TYPE_CHECKING:
    import networkx as nx

    from ..analysis import Analysis

__all__ = [
    "GRAPH_VIEWS",
    "export_graph",
    "sanitize_graph",
    "to_gexf",
    "to_graphml",
    "to_node_link",
    "write_gexf",
    "write_graphml",
    "write_node_link",
]

#: The views :func:`export_graph` can build.
GRAPH_VIEWS: tuple[str, ...] = ("identifiers", "stores")
View = Literal["identifiers", "stores"]
Scalar = bool | int | float | str
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _scalar(value: object) -> Scalar | None:
    """One attribute value as bool, int, float or str; None when missing."""
    if value is None:
        return None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        f = float(value)
        return f if math.isfinite(f) else None
    if isinstance(value, str):
        return _XML_BAD.sub("", value)
    if isinstance(value, pd.Timestamp | dt.datetime | dt.date | np.datetime64):
        ts = pd.Timestamp(value)
        if pd.isna(ts):
            return None
        if ts == ts.normalize():
            return ts.strftime("%Y-%m-%d")
        return ts.isoformat()
    if isinstance(value, list | tuple | np.ndarray):
        parts = [_scalar(v) for v in value]
        return "|".join(str(p) for p in parts if p is not None)
    if isinstance(value, set | frozenset):
        parts = [_scalar(v) for v in value]
        return "|".join(sorted(str(p) for p in parts if p is not None))
    if isinstance(value, Mapping):
        return _XML_BAD.sub("", json.dumps(value, sort_keys=True, default=str))
    try:
        if pd.isna(value):  # pd.NA and friends
            return None
    except (TypeError, ValueError):
        pass
    return _XML_BAD.sub("", str(value))


def _unify(records: list[dict[str, Any]]) -> None:
    """Give every attribute one type across ``records`` (in place)."""
    types: dict[str, set[type]] = {}
    for rec in records:
        for k, v in rec.items():
            types.setdefault(k, set()).add(type(v))
    for k, seen in types.items():
        if len(seen) <= 1:
            continue
        cast: Any = float if seen <= {int, float} else str
        for rec in records:
            if k in rec:
                rec[k] = cast(rec[k])


def _clean(attrs: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in attrs.items():
        s = _scalar(v)
        if s is not None:
            out[str(k)] = s
    return out


def _node_id(node: object) -> str:
    """A node id as XML-safe text, one-to-one: characters XML cannot hold become
    ``\\xNN``-style escapes and a backslash is doubled, so two ids never merge."""
    text = str(node)
    if "\\" not in text and not _XML_BAD.search(text):
        return text
    text = text.replace("\\", "\\\\")
    return _XML_BAD.sub(lambda m: f"\\x{{{ord(m.group()):x}}}", text)


def sanitize_graph(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` whose attributes every GraphML and GEXF reader accepts.

    Missing values are dropped, dates become ``YYYY-MM-DD``, lists ``|``-joined text,
    mappings JSON text; each node (edge, graph) attribute gets one type throughout.
    Node ids become text, one-to-one (characters XML cannot hold are escaped, not
    dropped, so distinct stores stay distinct).
    """
    import networkx as nx

    out = nx.Graph() if not graph.is_directed() else nx.DiGraph()
    nodes = [(_node_id(n), _clean(d)) for n, d in graph.nodes(data=True)]
    edges = [(_node_id(a), _node_id(b), _clean(d)) for a, b, d in graph.edges(data=True)]
    _unify([d for _, d in nodes])
    _unify([d for _, _, d in edges])
    out.graph.update(_clean(graph.graph))
    out.add_nodes_from(nodes)
    out.add_edges_from(edges)
    _SANITISED.add(out)
    return out


#: Graphs :func:`sanitize_graph` made: written as they are, since escaping their node ids
#: again would double every backslash (``A\\B`` for the store ``A\B``).
_SANITISED: weakref.WeakSet[nx.Graph] = weakref.WeakSet()


def _identifier_view(
    analysis: Analysis, ring_id: str | None, raw: bool, secret: bytes | None
) -> nx.Graph:
    base = analysis.ring(ring_id).subgraph if ring_id is not None else analysis.graph
    g = base.copy()
    idents = [(n, d) for n, d in g.nodes(data=True) if d.get("type") == "identifier"]
    if not raw and secret is None:
        idents = []  # masked labels, as drawn: no value is looked up
    # node names number identifiers by kind and value (``phone:2``): their codes follow
    # the input's row order, so they are looked up, never written
    code_of = analysis._identifier_nodes(ring_id) if idents else {}
    keys = analysis._keys_of(np.array([code_of[n] for n, _ in idents], dtype=np.int64))
    if raw:
        for (_, d), key in zip(idents, keys, strict=True):
            d["label"] = key
    if secret is not None and idents:
        from ..hashing import keyed_hash

        hashes = keyed_hash([d["kind"] for _, d in idents], list(keys), secret)
        for (_, d), h in zip(idents, hashes, strict=True):
            d["value_hash"] = h
    for n, d in g.nodes(data=True):
        if d.get("type") == "store":
            d["label"] = n
    return g


def _store_view(analysis: Analysis, ring_id: str | None) -> nx.Graph:
    import networkx as nx

    if ring_id is not None:
        ring = analysis.ring(ring_id)
        links = ring.links.assign(n_items=np.nan)
        sl = analysis.store_links
        n_items = sl.set_index(["store_id", "other_store_id"])["n_items"]
        links["n_items"] = n_items.reindex(
            list(zip(links["store_id"], links["other_store_id"], strict=True))
        ).to_numpy()
        members = ring.members["store_id"].astype(str).tolist()
    else:
        links = analysis.store_links
        members = sorted(set(links["store_id"]) | set(links["other_store_id"]))
    stores = analysis.stores.set_index("store_id").reindex(members)
    score = analysis.scores.set_index("store_id")["score"].reindex(members).to_numpy()
    ring_of = pd.Series(analysis.ring_of, index=analysis.evidence.store_ids).reindex(members)
    columns = {
        "status": stores["status"].to_numpy(dtype=object),
        "platform": stores["platform"].to_numpy(dtype=object),
        "opened_at": stores["opened_at"].to_numpy(),
        "closed_at": stores["closed_at"].to_numpy(),
        "closure_reason": stores["closure_reason"].to_numpy(dtype=object),
        "score": score,
        "ring_id": ring_of.to_numpy(dtype=object),
    }
    g = nx.Graph()
    g.add_nodes_from(
        (sid, {"label": sid, **{k: v[i] for k, v in columns.items()}})
        for i, sid in enumerate(members)
    )
    g.add_edges_from(
        (a, b, {"weight": w, "kinds": k, "n_items": n})
        for a, b, w, k, n in zip(
            links["store_id"],
            links["other_store_id"],
            links["weight"],
            links["kinds"],
            links["n_items"],
            strict=True,
        )
    )
    return g


def export_graph(
    analysis: Analysis,
    *,
    view: View = "identifiers",
    ring_id: str | None = None,
    raw: bool = False,
    secret: bytes | None = None,
) -> nx.Graph:
    """The graph the writers export: one view of an analysis or ring, sanitised.

    Parameters
    ----------
    analysis : Analysis
    view : {"identifiers", "stores"}, default "identifiers"
        Stores and the identifiers they share, or store-store links.
    ring_id : str, optional
        Only this ring (its members and what they share).
    raw : bool, default False
        Label identifier nodes with normalised values instead of masked ones.
    secret : bytes, optional
        Add ``value_hash`` (keyed HMAC-SHA256) to identifier nodes.

    Returns
    -------
    networkx.Graph
    """
    if view == "identifiers":
        g = _identifier_view(analysis, ring_id, raw, secret)
    elif view == "stores":
        g = _store_view(analysis, ring_id)
    else:
        raise InputError(f"'view' must be one of {', '.join(GRAPH_VIEWS)} (got {view!r})")
    g.graph.update(
        {
            "name": f"sellergraph {view}" + (f" of ring {ring_id}" if ring_id else ""),
            "view": view,
            "identifier_values": "raw" if raw else "masked",
        }
    )
    return sanitize_graph(g)


def _graph_of(source: Analysis | nx.Graph, kwargs: Mapping[str, Any]) -> nx.Graph:
    import networkx as nx

    if isinstance(source, nx.Graph):
        if kwargs:
            raise InputError(
                f"options {', '.join(sorted(kwargs))} apply to an analysis, not to a graph"
            )
        return source if source in _SANITISED else sanitize_graph(source)
    return export_graph(source, **kwargs)


def to_graphml(source: Analysis | nx.Graph, **kwargs: Any) -> str:
    """GraphML text of an analysis (options of :func:`export_graph`) or a graph."""
    import networkx as nx

    return "\n".join(nx.generate_graphml(_graph_of(source, kwargs))) + "\n"


def _gexf_date(source: Analysis | nx.Graph) -> str:
    """The latest date in an analysis (:attr:`Analysis.as_of`), as text."""
    from ..analysis import Analysis

    if not isinstance(source, Analysis):
        return "1970-01-01"
    return source.as_of.strftime("%Y-%m-%d")


def to_gexf(source: Analysis | nx.Graph, **kwargs: Any) -> str:
    """GEXF 1.2 text (Gephi) of an analysis (options of :func:`export_graph`) or a graph.

    The ``lastmodifieddate`` is the latest date in the analysis, not today's, so the
    same analysis gives the same file.
    """
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True, version="1.2draft")
    writer.add_graph(_graph_of(source, kwargs))
    for meta in writer.xml.iter("meta"):
        meta.set("lastmodifieddate", _gexf_date(source))
    return "\n".join(str(writer).splitlines()) + "\n"


def to_node_link(source: Analysis | nx.Graph, **kwargs: Any) -> dict[str, Any]:
    """Node-link data (``{"nodes": [...], "edges": [...]}``) of an analysis or a graph."""
    import networkx as nx

    data: dict[str, Any] = nx.node_link_data(_graph_of(source, kwargs), edges="edges")
    return data


def _write(text: str, path: str | Path) -> Path:
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(text.encode("utf-8"))
    return p


def write_graphml(source: Analysis | nx.Graph, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`to_graphml` to ``path``."""
    return _write(to_graphml(source, **kwargs), path)


def write_gexf(source: Analysis | nx.Graph, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`to_gexf` to ``path``."""
    return _write(to_gexf(source, **kwargs), path)


def write_node_link(source: Analysis | nx.Graph, path: str | Path, **kwargs: Any) -> Path:
    """Write :func:`to_node_link` to ``path`` as JSON."""
    data = to_node_link(source, **kwargs)
    return _write(json.dumps(data, indent=1, ensure_ascii=False) + "\n", path)
