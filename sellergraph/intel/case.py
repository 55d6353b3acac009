"""Case packages: one ring, packaged for law enforcement.

A case package is a folder (and a zip of it) holding:

* ``dossier.html``: a self-contained page (inline styles, pictures as data URIs, no
  script) with the summary, members, timeline, identifiers (the evidence table), the
  store links, each active member's explanation, and pictures of the ring's graph and
  timeline drawn by :mod:`sellergraph.report.plots`. Every value is shown whole (a long
  store id wraps); a control character in it (a NUL, a terminal escape) is shown as its
  ``\\xNN`` escape, a bidirectional control or invisible format character (a
  right-to-left override, a zero-width space) as its ``\\u202e``-style escape;
* the same data as ``case.json`` and as CSV tables (``members.csv``,
  ``timeline.csv``, ``identifiers.csv``, ``links.csv``, ``evidence.csv``), where a text cell
  that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``) gets a leading
  apostrophe, and every control character in a text cell, tab and line breaks included,
  is written as its ``\\xNN`` escape, and every bidirectional control or invisible format
  character as its ``\\u202e``-style escape (one line per record; the exact values are
  in ``case.json``);
* ``ring.png`` and ``timeline.png``;
* ``SHA256SUMS``: the SHA-256 of every file but the manifest, in the form
  ``sha256sum -c SHA256SUMS`` checks;
* ``manifest.json``: the SHA-256 and size of every other file, so a recipient can
  check nothing was altered (:func:`verify_case`). Its own SHA-256, passed on apart
  from the package, vouches for the whole package.

Identifier values are masked unless ``raw=True``; store ids stay as they are (the
recipient needs them to request records). With a ``secret`` the identifiers also
carry their keyed hash, to match against partners' watchlists, and ``case.json`` and
``manifest.json`` record the key's fingerprint and the ring's keyed reference (the
``ring_id`` a watchlist or STIX bundle made with that key carries). Both record the
``keys_version`` the identifier values were read into keys with: a partner whose
sellergraph keys some values otherwise does not meet those hashes.

:func:`to_case` is pure (files as bytes in memory); :func:`write_case` writes the
folder and the zip. The same analysis, ring and options give the same bytes.

Examples
--------
>>> import sellergraph as sg
>>> stores, links, _ = sg.make_marketplace(400, seed=5)
>>> analysis = sg.analyze(stores, links, seed=0)
>>> ring_id = analysis.rings.sort_values("n_banned", ascending=False)["ring_id"].iloc[0]
>>> case = to_case(analysis, ring_id)
>>> sorted(case.files)  # doctest: +NORMALIZE_WHITESPACE
['SHA256SUMS', 'case.json', 'dossier.html', 'evidence.csv', 'identifiers.csv',
 'links.csv', 'manifest.json', 'members.csv', 'ring.png', 'timeline.csv', 'timeline.png']
>>> verify_case(case)
[]
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
import warnings
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._redact import redacted_texts
from ..errors import InputError
from ..evidence import kind_label
from ..hashing import keyed_hash
from ..normalize import mask_value
from ..report._text import visible, visible_one_line
from ._common import (
    TimeLike,
    given_platforms,
    identifiers_of,
    iso_date,
    key_fingerprint,
    looks_like_ring_ref,
    on_platforms,
    resolve_time,
    ring_refs,
    store_links,
    store_refs,
)

if TYPE_CHECKING:
    from ..analysis import Analysis, Ring

__all__ = [
    "CASE_FORMAT_VERSION",
    "CasePackage",
    "to_case",
    "to_case_zip",
    "verify_case",
    "write_case",
]

#: Version of the case package layout (2: ``SHA256SUMS``; in ``case.json`` the ring's
#: dates are dates and its platforms and evidence kinds lists; with a key, ``key_fingerprint`` and
#: ``ring_ref``).
CASE_FORMAT_VERSION = 2
MANIFEST = "manifest.json"
#: The checksums file ``sha256sum -c`` reads: every file but the manifest (which lists it).
CHECKSUMS = "SHA256SUMS"
_TLP_COLORS = {
    "CLEAR": "#ffffff",
    "WHITE": "#ffffff",
    "GREEN": "#33ff00",
    "AMBER": "#ffc000",
    "AMBER+STRICT": "#ffc000",
    "RED": "#ff2b2b",
}
_DPI = 110


@dataclass(frozen=True)
class CasePackage:
    """The files of one case, in memory.

    Attributes
    ----------
    ring_id : str
    files : mapping of str to bytes
        File name -> content, ``manifest.json`` included.
    """

    ring_id: str
    files: Mapping[str, bytes]

    @property
    def manifest(self) -> dict[str, Any]:
        """The parsed ``manifest.json``."""
        parsed: dict[str, Any] = json.loads(self.files[MANIFEST])
        return parsed

    @property
    def folder_name(self) -> str:
        """The folder (and zip) name a package is written under by default."""
        return f"case-{self.ring_id}"

    def __repr__(self) -> str:
        size = sum(len(v) for v in self.files.values())
        return f"<CasePackage {self.ring_id}: {len(self.files)} files, {size:,} bytes>"


# -- tables -------------------------------------------------------------------------


def unknown_ring_error(
    analysis: Analysis, ring_id: str, *, secret: bytes | None = None
) -> InputError:
    """The error for a ``ring_id`` the analysis lacks; a store id given instead is named as
    one, and a keyed ring reference (what watchlists and STIX bundles carry) as one.

    Parameters
    ----------
    analysis : Analysis
    ring_id : str
        The value given as a ring id.
    secret : bytes, optional
        The key shared exports were made with: a keyed reference made with it is
        named with its ring id.

    Returns
    -------
    InputError
        Says, when ``ring_id`` is a store id, which ring that store is in, or that it is
        in none; when it has the shape of a keyed ring reference, where ring ids are.
    """
    hit = np.flatnonzero(analysis.stores["store_id"].astype(str).to_numpy() == ring_id)
    if not hit.size:
        return InputError(
            f"ring_id {ring_id!r} is not in this analysis{_ref_hint(analysis, ring_id, secret)}"
        )
    ring = analysis.ring_of[hit[0]]
    if ring is None or pd.isna(ring):
        return InputError(f"{ring_id!r} is a store id, not a ring id, and that store is in no ring")
    return InputError(f"{ring_id!r} is a store id, not a ring id: that store is in ring {ring!r}")


def _ref_hint(analysis: Analysis, ring_id: str, secret: bytes | None) -> str:
    """What the error for an unknown ``ring_id`` adds when it may be a keyed reference."""
    if not looks_like_ring_ref(ring_id):
        return ""
    if secret is not None:
        ids = analysis.rings["ring_id"].astype(str).tolist()
        hit = [r for r, ref in zip(ids, ring_refs(ids, secret), strict=True) if ref == ring_id]
        if hit:
            return (
                f": it is the keyed reference of ring {hit[0]!r} under this key; use that ring id"
            )
    return (
        " (watchlists and STIX bundles carry keyed ring references; use the ring id from rings.csv)"
    )


def _dates_as_text(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = pd.Series([iso_date(v) for v in out[col]], index=out.index, dtype=object)
    return out


def _members(analysis: Analysis, ring: Ring, raw: bool, secret: bytes | None) -> pd.DataFrame:
    m = ring.members.copy()
    m["score"] = np.round(m["score"].astype(np.float64), 6)
    if not raw:  # a moderator's free text may hold the identifiers masked elsewhere
        m["closure_reason"] = redacted_texts(m["closure_reason"].tolist())
    if raw and "name" in analysis.stores.columns:
        names = analysis.stores.set_index("store_id")["name"]
        m.insert(1, "name", names.reindex(m["store_id"]).to_numpy(dtype=object))
    if secret is not None:
        m["store_ref"] = store_refs(m["store_id"], secret)
    return m


def _identifiers(analysis: Analysis, ring: Ring, raw: bool, secret: bytes | None) -> pd.DataFrame:
    members = ring.members["store_id"]
    ids = analysis.stores["store_id"]
    links, codes_held = store_links(analysis, np.flatnonzero(ids.isin(members).to_numpy()))
    links = links.assign(kind=links["kind"].astype(str).to_numpy())
    ident = identifiers_of(analysis, codes_held)
    held = pd.DataFrame(
        {
            "kind": ident["kind"].astype(str).to_numpy(),
            "key": ident["key"].to_numpy(),
            "n_stores": ident["n_stores"].to_numpy(dtype=np.int64),
            "weight": ident["weight"].to_numpy(dtype=np.float64),
            "hub": np.where(
                ident["suppressed"].to_numpy(dtype=bool),
                "suppressed",
                np.where(ident["hub"].to_numpy(dtype=bool), "discounted", ""),
            ),
        }
    )
    g = links.groupby(["kind", "key"], sort=True)
    table = pd.DataFrame(
        {
            "n_members": g["store_id"].nunique(),
            "members": g["store_id"].agg(lambda s: "|".join(sorted(set(map(str, s))))),
            "flag": g["flag"].agg(lambda s: next((str(v) for v in s if pd.notna(v)), None)),
            "first_seen": g["first_seen"].min(),
            "last_seen": g["last_seen"].max(),
        }
    ).reset_index()
    table = table.merge(held, on=["kind", "key"], how="left")
    table["value"] = (
        table["key"].to_numpy(dtype=object)
        if raw
        else [mask_value(k, v) for k, v in zip(table["kind"], table["key"], strict=True)]
    )
    if secret is not None:
        table["value_hash"] = keyed_hash(table["kind"], table["key"], secret)
    table = table.sort_values(
        ["n_members", "weight", "kind", "value"], ascending=[False, False, True, True]
    )
    cols = ["kind", "value", *(["value_hash"] if secret is not None else [])]
    cols += ["flag", "n_members", "members", "n_stores", "weight", "hub", "first_seen", "last_seen"]
    return table.reset_index(drop=True)[cols]


def _explanations(analysis: Analysis, ring: Ring, raw: bool) -> tuple[pd.DataFrame, list[dict]]:
    m = ring.members
    active = m[(m["status"] == "active") & (m["score"].fillna(0.0) > 0)]
    active = active.sort_values(["score", "store_id"], ascending=[False, True])
    summaries = []
    frames = []
    for store_id in active["store_id"]:
        ex = analysis.explain(store_id, mask=not raw)
        summaries.append({"store_id": store_id, "score": round(ex.score, 6), "summary": ex.summary})
        frames.append(ex.to_frame())
    evidence = (
        pd.concat(frames, ignore_index=True)
        if frames
        else analysis.explanations(mask=not raw).iloc[:0]
    )
    return evidence, summaries


def _summary_text(ring: Ring, identifiers: pd.DataFrame, explanations: list[dict]) -> str:
    i = ring.info
    text = (
        f"Ring {ring.ring_id} is {int(i['size'])} stores that the shared evidence ties to one "
        f"operator: {int(i['n_banned'])} banned, {int(i['n_active'])} still active and "
        f"{int(i['n_closed'])} closed for other reasons{on_platforms(i['platforms'])}."
    )
    if pd.notna(i["first_opened"]):
        text += f" The first opened on {iso_date(i['first_opened'])}"
        if pd.notna(i["last_banned"]):
            text += f" and the last ban was on {iso_date(i['last_banned'])}"
        text += "."
    shared = identifiers[identifiers["n_members"] >= 2]
    if len(shared):
        kinds = shared["kind"].value_counts().sort_index()
        parts = [f"{kind_label(str(k))} ({n})" for k, n in kinds.items()]
        text += f" Members share {len(shared)} identifiers: {', '.join(parts)}."
    if explanations:
        top = explanations[0]
        text += f" The highest-scoring active member, {top['store_id']}, scores {top['score']:.2f}."
    return text


# -- pictures and HTML --------------------------------------------------------------


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r"Glyph .* missing from", category=UserWarning)
        fig.savefig(buf, format="png", dpi=_DPI, metadata={"Software": None}, facecolor="white")
    return buf.getvalue()


def _e(value: object) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    return html.escape(visible(str(value)), quote=True)


#: Words up to this long (store ids, dates, statuses) are never broken; longer ones
#: (keyed hashes, hostile ids) may break anywhere.
_LONGEST_WHOLE_WORD = 32


def _td(value: object) -> str:
    """One table cell, classed by how it may wrap.

    A cell of one short word never wraps; a cell whose words are all short wraps between
    them (and after each ``|`` of a list); a cell holding a long word may break it
    anywhere, so a 64-digit hash or a hostile id does not widen the table.
    """
    text = _e(value)
    words = [w for w in re.split(r"[\s|]+", html.unescape(text)) if w]
    longest = max(map(len, words), default=0)
    if longest > _LONGEST_WHOLE_WORD:
        cls = ' class="long"'
    elif len(words) <= 1:
        cls = ' class="word"'
    else:
        cls = ""
    return f"<td{cls}>{text.replace('|', '|<wbr>')}</td>"


def _table(frame: pd.DataFrame) -> str:
    if frame.empty:
        return '<p class="note">None.</p>'
    frame = _dates_as_text(frame)
    head = "".join(f"<th>{_e(c)}</th>" for c in frame.columns)
    body = "".join(
        "<tr>" + "".join(_td(v) for v in row) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="wide">{table}</div>'


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC",
sans-serif;margin:0 auto;max-width:1100px;padding:1.5rem;color:#1d2733;line-height:1.45}
h1{font-size:1.5rem;margin:.4rem 0}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid
#d5dbe3;padding-bottom:.2rem}table{border-collapse:collapse;font-size:.82rem;margin:.5rem 0;
width:100%}th,td{border:1px solid #d5dbe3;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#f1f4f8}.tlp{display:inline-block;background:#000;font-weight:700;padding:.15rem
.6rem;border-radius:3px;font-family:monospace}.note{color:#5b6776;font-size:.85rem}
.facts td:first-child{width:12rem;color:#5b6776}img{max-width:100%;height:auto}
.wide{overflow-x:auto}.explain{margin:.6rem 0;padding:.5rem .8rem;background:#f7f9fb;
border-left:3px solid #1f5fa8}p,h1,.explain{overflow-wrap:anywhere}td{overflow-wrap:break-word}
td.word,th{white-space:nowrap}td.long{word-break:break-all;min-width:12ch;
font-family:ui-monospace,monospace}
"""


def _dossier(
    ring: Ring,
    summary: str,
    tables: Mapping[str, pd.DataFrame],
    explanations: list[dict],
    pictures: Mapping[str, bytes],
    meta: Mapping[str, Any],
) -> str:
    import base64

    tlp = str(meta["tlp"]).upper().removeprefix("TLP:")
    color = _TLP_COLORS.get(tlp, "#ffffff")
    i = ring.info
    facts = pd.DataFrame(
        {
            "fact": [
                "ring",
                "stores",
                "banned",
                "active",
                "closed (not an offence)",
                "platforms",
                "first opened",
                "last ban",
                "evidence kinds",
                "identifier values",
                "prepared",
                *(["key fingerprint", "ring reference"] if "key_fingerprint" in meta else []),
            ],
            "value": [
                ring.ring_id,
                int(i["size"]),
                int(i["n_banned"]),
                int(i["n_active"]),
                int(i["n_closed"]),
                ", ".join(given_platforms(i["platforms"])) or "not given",
                iso_date(i["first_opened"]) or "unknown",
                iso_date(i["last_banned"]) or "none",
                ", ".join(kind_label(k) for k in str(i["kinds"]).split("|") if k),
                "raw (personal data)" if meta["raw"] else "masked",
                meta["created"],
                *(
                    [meta["key_fingerprint"], f"{meta['ring_ref']} (in watchlists and STIX)"]
                    if "key_fingerprint" in meta
                    else []
                ),
            ],
        }
    )
    facts_html = _table(facts).replace("<table>", '<table class="facts">', 1)
    imgs = {name: base64.b64encode(data).decode("ascii") for name, data in sorted(pictures.items())}
    explain_html = (
        "".join(
            f'<div class="explain"><b>{_e(x["store_id"])}</b> (score {x["score"]:.3f}): '
            f"{_e(x['summary'])}</div>"
            for x in explanations
        )
        or '<p class="note">No active member has evidence of its own.</p>'
    )
    sections = [
        ("Summary", f"<p>{_e(summary)}</p>{facts_html}"),
        ("How to read this", _HOW_TO_READ),
        (
            "Graph",
            f'<img src="data:image/png;base64,{imgs["ring.png"]}" alt="The stores of ring '
            f'{_e(ring.ring_id)} and the identifiers they share">'
            '<p class="note">Red: banned stores; blue: active stores (darker scores higher); '
            "grey: closed stores; small shapes: shared identifiers, by kind.</p>",
        ),
        (
            "Timeline",
            f'<img src="data:image/png;base64,{imgs["timeline.png"]}" alt="When the stores of '
            f'ring {_e(ring.ring_id)} opened and were banned">' + _table(tables["timeline"]),
        ),
        ("Members", _table(tables["members"])),
        (
            "Evidence: identifiers held by members",
            '<p class="note">n_members: members holding the value; n_stores: stores holding '
            "it on the whole platform; weight: its strength as evidence (0 for a suppressed "
            "hub).</p>" + _table(tables["identifiers"]),
        ),
        ("Store links", _table(tables["links"])),
        ("Why each active member scored what it did", explain_html),
    ]
    body = "".join(f"<h2>{_e(t)}</h2>{content}" for t, content in sections)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>Case {_e(ring.ring_id)}</title>'
        f"<style>{_CSS}</style></head><body>"
        f'<p><span class="tlp" style="color:{color}">TLP:{_e(tlp)}</span></p>'
        f"<h1>Case: ring {_e(ring.ring_id)}</h1>{body}"
        f'<p class="note">Prepared with sellergraph {_e(meta["sellergraph_version"])} on '
        f"{_e(meta['created'])}. The same data is in case.json and the CSV files; "
        f"manifest.json lists the SHA-256 of every file, and SHA256SUMS of every file but "
        f"the manifest (sha256sum -c SHA256SUMS).</p></body></html>\n"
    )


#: The dossier's note for a reader who does not know the tool.
_HOW_TO_READ = (
    "<p>A store's <b>score</b> (0 to 1) is how strongly the evidence below ties it to the "
    "operator of a banned store: a measure for ranking stores to review, not a finding. "
    "Each identifier two stores share is one item of evidence, and its <b>weight</b> "
    "(0 to 1) is how much sharing it counts: an ID document or a bank card counts more "
    "than an IP address. An identifier that many stores on the platform hold (a logistics "
    "address, a carrier's IP) is a <b>hub</b>: it counts less (<i>discounted</i>) or not "
    "at all (<i>suppressed</i>, weight 0).</p>"
    "<p>In the explanations, the figure after each item, such as (+0.99) or (+&lt;0.01), is "
    "what that item added to the score after the stronger items before it were combined. "
    "Once an ID document has brought a score to 0.99, a shared phone can add little more: "
    "+&lt;0.01 marks evidence that came after stronger evidence, not evidence of no worth. "
    "A <i>sibling</i> is a store open at the same time as a banned store of the ring, a "
    "<i>return</i> one opened after its ban. <i>value_hash</i> and <i>store_ref</i>, when "
    "present, are keyed hashes of an identifier and a store, to match against other "
    "platforms' shared lists made with the same key (its fingerprint is in the facts "
    "above).</p>"
    "<p>A shared identifier is an <b>association, not proof</b>: people share addresses, "
    "devices and networks for innocent reasons, and phone numbers are given to new "
    "subscribers after a while, so a number held years apart may belong to someone "
    "else.</p>"
)


# -- the package --------------------------------------------------------------------


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv_cell(value: object) -> object:
    """A text cell on one line, control characters as ``\\xNN``, never a formula."""
    if isinstance(value, str):
        return _spreadsheet_safe(visible_one_line(value))
    return value


def _csv(frame: pd.DataFrame) -> bytes:
    """A case table as CSV for people: text cells never start a formula (the exact values
    are in ``case.json``)."""
    text = _dates_as_text(frame)
    for col in text.columns:
        if text[col].dtype == object or pd.api.types.is_string_dtype(text[col]):
            text[col] = text[col].astype(object).map(_csv_cell)
    return text.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for row in _dates_as_text(frame).itertuples(index=False, name=None):
        rec: dict[str, Any] = {}
        for col, v in zip(frame.columns, row, strict=True):
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                rec[str(col)] = None
            elif isinstance(v, np.integer | np.bool_):
                rec[str(col)] = v.item()
            elif isinstance(v, float | np.floating):
                rec[str(col)] = float(v)
            else:
                rec[str(col)] = v if isinstance(v, bool | int | str) else str(v)
        out.append(rec)
    return out


def to_case(
    analysis: Analysis,
    ring_id: str,
    *,
    raw: bool = False,
    secret: bytes | None = None,
    created: TimeLike = None,
    tlp: str = "amber",
    seed: int = 0,
) -> CasePackage:
    """Package one ring for law enforcement (pure: files as bytes).

    Parameters
    ----------
    analysis : Analysis
    ring_id : str
        The ring (see :attr:`Analysis.rings`).
    raw : bool, default False
        Write normalised identifier values and store names; by default values are
        masked (``+86138****8000``) everywhere, pictures and explanations included.
    secret : bytes, optional
        Add the keyed hash of every identifier (``value_hash``) and store
        (``store_ref``), to match against partners' watchlists.
    created : str or Timestamp, optional
        The date recorded; defaults to the latest date in the data.
    tlp : str, default "amber"
        Traffic Light Protocol label printed on the dossier and in the manifest.
    seed : int, default 0
        Seed of the graph layout.

    Returns
    -------
    CasePackage
    """
    from .. import __version__
    from .._version import keys_version_of
    from ..report.plots import plot_ring, plot_timeline

    level = str(tlp).strip().upper().removeprefix("TLP:")
    if level not in _TLP_COLORS:
        raise InputError(
            f"'tlp' must be one of clear, white, green, amber, amber+strict, red (got {tlp!r})"
        )
    if str(ring_id) not in set(analysis.rings["ring_id"].astype(str)):
        raise unknown_ring_error(analysis, str(ring_id), secret=secret)
    ring = analysis.ring(str(ring_id))
    when = resolve_time(created, analysis)
    members = _members(analysis, ring, raw, secret)
    identifiers = _identifiers(analysis, ring, raw, secret)
    evidence, explanations = _explanations(analysis, ring, raw)
    links = ring.links.sort_values(["store_id", "other_store_id"]).reset_index(drop=True)
    tables = {
        "members": members,
        "timeline": ring.timeline,
        "identifiers": identifiers,
        "links": links,
        "evidence": evidence,
    }
    summary = _summary_text(ring, identifiers, explanations)
    ring_ax = plot_ring(ring, seed=seed)
    time_ax = plot_timeline(ring)
    pictures = {"ring.png": _png(ring_ax.figure), "timeline.png": _png(time_ax.figure)}
    meta = {
        "format": "sellergraph-case",
        "format_version": CASE_FORMAT_VERSION,
        "ring_id": ring.ring_id,
        "created": when.strftime("%Y-%m-%d"),
        "tlp": f"TLP:{level}",
        "raw": bool(raw),
        "identifier_values": "raw" if raw else "masked",
        **_keyed(ring.ring_id, secret),
        "sellergraph_version": __version__,
        # how the identifier values (and their keyed hashes) were read into keys
        "keys_version": keys_version_of(analysis.provenance),
    }
    case_json: dict[str, Any] = {
        "case": {**meta, "summary": summary},
        "ring": _ring_record(ring),
        **{name: _records(frame) for name, frame in tables.items()},
        "explanations": explanations,
    }
    files: dict[str, bytes] = {
        "dossier.html": _dossier(ring, summary, tables, explanations, pictures, meta).encode(),
        "case.json": (json.dumps(case_json, indent=1, ensure_ascii=False) + "\n").encode(),
        **{f"{name}.csv": _csv(frame) for name, frame in tables.items()},
        **pictures,
    }
    files[CHECKSUMS] = _checksums(files)
    manifest = {
        **meta,
        "hash_algorithm": "SHA-256",
        "files": [
            {"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in sorted(files.items())
        ],
    }
    files[MANIFEST] = (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode()
    return CasePackage(ring_id=ring.ring_id, files=dict(sorted(files.items())))


def _keyed(ring_id: str, secret: bytes | None) -> dict[str, str]:
    """What a case made with a key records of it: the key's fingerprint and the ring's
    keyed reference, as watchlists and STIX bundles made with that key carry them."""
    if secret is None:
        return {}
    return {
        "key_fingerprint": key_fingerprint(secret),
        "ring_ref": str(ring_refs([ring_id], secret)[0]),
    }


def _ring_record(ring: Ring) -> dict[str, Any]:
    """The ring's facts for ``case.json``: dates as dates, the platforms named and the
    evidence kinds as lists (as in the STIX bundle)."""
    rec = _records(ring.info.to_frame().T)[0]
    for col in ("first_opened", "last_banned"):
        if col in rec:
            rec[col] = iso_date(ring.info[col])
    if "platforms" in rec:
        rec["platforms"] = given_platforms(ring.info["platforms"])
    if "kinds" in rec:
        rec["kinds"] = [k for k in str(ring.info["kinds"]).split("|") if k]
    return rec


def _checksums(files: Mapping[str, bytes]) -> bytes:
    """``SHA256SUMS`` of ``files`` (sorted by name), as ``sha256sum`` writes it.

    Examples
    --------
    >>> print(_checksums({"a.txt": b"a"}).decode(), end="")
    ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  a.txt
    """
    return "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    ).encode()


def to_case_zip(case: CasePackage, *, folder: str | None = None) -> bytes:
    """The package as zip bytes, every file under ``folder/`` (fixed times: stable bytes)."""
    prefix = folder or case.folder_name
    created = str(case.manifest.get("created", "1980-01-01"))
    y, m, d = (int(x) for x in created[:10].split("-"))
    stamp = (max(y, 1980), m, d, 0, 0, 0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in sorted(case.files.items()):
            info = zipfile.ZipInfo(f"{prefix}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data)
    return buf.getvalue()


def write_case(case: CasePackage, out: str | Path, *, zip: bool = True) -> Path:
    """Write the package into folder ``out`` and, by default, ``out`` + ``.zip`` beside it.

    Returns the folder. A folder already holding files of anything but a case package of
    the same layout is refused: stale files would not be in the manifest.
    """
    folder = Path(out)
    if folder.is_dir():
        others = sorted(p.name for p in folder.iterdir() if p.name not in case.files)
        if others:
            raise InputError(
                f"folder {str(folder)!r} already holds other files ({', '.join(others[:3])}); "
                "write the case package into a new or empty folder"
            )
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in case.files.items():
        (folder / name).write_bytes(data)
    if zip:
        archive = folder.with_name(folder.name + ".zip")
        archive.write_bytes(to_case_zip(case, folder=folder.name))
    return folder


def _read_package(source: CasePackage | str | Path) -> dict[str, bytes]:
    if isinstance(source, CasePackage):
        return dict(source.files)
    path = Path(source)
    if path.is_dir():
        return {
            str(p.relative_to(path)).replace("\\", "/"): p.read_bytes()
            for p in sorted(path.rglob("*"))
            if p.is_file()
        }
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as zf:
            names = [n for n in zf.namelist() if not n.endswith("/")]
            tops = {n.split("/", 1)[0] for n in names}
            strip = len(tops) == 1 and all("/" in n for n in names)
            return {(n.split("/", 1)[1] if strip else n): zf.read(n) for n in names}
    raise InputError(f"{str(path)!r} is neither a case folder nor a case zip")


def verify_case(source: CasePackage | str | Path) -> list[str]:
    """Check a case package against its manifest.

    Parameters
    ----------
    source : CasePackage, folder or zip

    Returns
    -------
    list of str
        Problems found (a file missing, altered, or not in the manifest; a line of
        ``SHA256SUMS`` that does not hold); empty when every file's SHA-256 and size
        match. A package made before ``SHA256SUMS`` was written verifies without one.
    """
    files = _read_package(source)
    if MANIFEST not in files:
        return [f"no {MANIFEST}"]
    try:
        listed = json.loads(files[MANIFEST])["files"]
    except (ValueError, KeyError, TypeError) as exc:
        return [f"{MANIFEST} is not a case manifest ({exc})"]
    if not isinstance(listed, list) or not all(isinstance(e, dict) for e in listed):
        return [f"{MANIFEST} is not a case manifest ('files' must be a list of objects)"]
    problems = []
    seen = {MANIFEST}
    for entry in listed:
        name = str(entry.get("path"))
        seen.add(name)
        if name not in files:
            problems.append(f"{name}: missing")
            continue
        data = files[name]
        if hashlib.sha256(data).hexdigest() != entry.get("sha256"):
            problems.append(f"{name}: SHA-256 differs from the manifest")
        elif len(data) != entry.get("bytes"):
            problems.append(f"{name}: size differs from the manifest")
    problems += [f"{name}: not in the manifest" for name in sorted(set(files) - seen)]
    named = {p.split(":", 1)[0] for p in problems}
    # SHA256SUMS agrees with the manifest as written; it tells more only of a manifest
    # rewritten to fit altered files
    return problems + [p for p in _checksum_problems(files) if p.split(":", 1)[0] not in named]


_CHECKSUM_LINE = re.compile(r"([0-9a-fA-F]{64}) [ *](.+)")


def _checksum_problems(files: Mapping[str, bytes]) -> list[str]:
    """What does not hold of the package's ``SHA256SUMS`` (nothing when it has none)."""
    if CHECKSUMS not in files:
        return []
    try:
        lines = files[CHECKSUMS].decode("utf-8").splitlines()
    except UnicodeDecodeError:
        return [f"{CHECKSUMS}: not UTF-8 text"]
    problems = []
    for number, line in enumerate(lines, start=1):
        found = _CHECKSUM_LINE.fullmatch(line)
        if found is None:
            problems.append(f"{CHECKSUMS} line {number}: not a checksum line")
            continue
        digest, name = found.group(1).lower(), found.group(2)
        if name not in files:
            problems.append(f"{name}: missing (listed in {CHECKSUMS})")
        elif hashlib.sha256(files[name]).hexdigest() != digest:
            problems.append(f"{name}: SHA-256 differs from {CHECKSUMS}")
    return problems
