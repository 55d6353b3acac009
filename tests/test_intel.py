"""Intelligence sharing: hashed watchlists, partner matching, STIX 2.1 and case packages."""

from __future__ import annotations

import hashlib
import io
import json
import socket
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import ConfigError, InputError
from sellergraph.hashing import keyed_hash
from sellergraph.intel import (
    STIX_EXTENSION_ID,
    Watchlist,
    add_partner_evidence,
    hash_identifiers,
    key_fingerprint,
    match_watchlist,
    read_watchlist,
    to_case,
    to_case_zip,
    to_stix,
    to_watchlist,
    to_watchlist_csv,
    to_watchlist_json,
    to_watchlist_parquet,
    validate_stix,
    verify_case,
    write_case,
    write_stix,
    write_watchlist,
)
from sellergraph.intel._common import ring_refs
from sellergraph.io import graphs

SECRET = b"the key mkt-a and mkt-b agreed on"
OTHER_SECRET = b"a different key, not the agreed one"


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    stores, links, _ = sg.make_marketplace(1500, seed=4)
    return sg.analyze(stores, links, seed=0)


@pytest.fixture(scope="module")
def small() -> sg.Analysis:
    """A small marketplace: STIX validation takes a few milliseconds per object."""
    stores, links, _ = sg.make_marketplace(500, seed=8)
    return sg.analyze(stores, links, seed=0)


def offender_ring(analysis: sg.Analysis) -> str:
    rings = analysis.rings.sort_values(
        ["n_banned", "n_active", "ring_id"], ascending=[False, False, True]
    )
    return str(rings["ring_id"].iloc[0])


def raw_keys(analysis: sg.Analysis, store_ids: object = None) -> set[str]:
    """Normalised identifier values long enough not to occur in other text by chance."""
    links = analysis.links
    if store_ids is not None:
        links = links[links["store_id"].isin(store_ids)]
    return {k for k in links["key"] if isinstance(k, str) and len(k) >= 8}


def leaked(data: bytes, keys: set[str]) -> set[str]:
    """The keys that occur in ``data`` (keys of 8 characters or more)."""
    text = data.decode("utf-8", errors="replace")
    grams = {text[i : i + 8] for i in range(len(text) - 7)}  # one pass, then exact checks
    return {k for k in keys if k[:8] in grams and k in text}


# -- hashing ---------------------------------------------------------------------------


def test_hmac_never_equals_the_plain_sha256_of_the_value(analysis: sg.Analysis) -> None:
    wl = to_watchlist(analysis, secret=SECRET, raw=True)
    assert len(wl) > 100
    for rec in wl.rows.itertuples(index=False):
        plain = {
            hashlib.sha256(rec.value.encode()).hexdigest(),
            hashlib.sha256(f"{rec.kind}\x1f{rec.value}".encode()).hexdigest(),
            hashlib.sha256(f"{rec.kind}:{rec.value}".encode()).hexdigest(),
        }
        assert rec.value_hash not in plain
        assert len(rec.value_hash) == 64


def test_the_same_identifier_in_two_formats_hashes_the_same() -> None:
    pairs = [
        ("phone", "+86 138 0013 8000", "0086-138-0013-8000"),
        ("phone", "(+86) 13912345678", "１３９ １２３４ ５６７８"),
        ("email", "J.Doe+shop@GoogleMail.com", "jdoe@gmail.com"),
        ("payment_account", "4111 1111 1111 1111", "4111111111111111"),
        ("device", "IMEI:490154203237518", "490154203237518"),
        ("id_document", "11010519491231002x", "11010519491231002X"),
        ("address", "福建省莆田市荔城区123号", "福建莆田荔城区１２３號"),
    ]
    kinds = [k for k, _, _ in pairs for _ in (0, 1)]
    values = [v for _, a, b in pairs for v in (a, b)]
    table = hash_identifiers(kinds, values, SECRET)
    hashes = table["value_hash"].to_numpy()
    assert table["reason"].isna().all(), table
    for i, (kind, a, b) in enumerate(pairs):
        assert hashes[2 * i] == hashes[2 * i + 1], (kind, a, b)
    assert len(set(hashes)) == len(pairs)
    # The kind is part of the message: one text as two kinds gives two hashes.
    same = hash_identifiers(["email", "payment_account"], ["a.b@qq.com", "a.b@qq.com"], SECRET)
    assert same["value_hash"].iloc[0] != same["value_hash"].iloc[1]
    # And the key matters: another key, other hashes.
    other = hash_identifiers(kinds, values, OTHER_SECRET)["value_hash"].to_numpy()
    assert not set(hashes) & set(other)


def test_key_fingerprint_identifies_the_key_without_revealing_it() -> None:
    fp = key_fingerprint(SECRET)
    assert fp == key_fingerprint(SECRET) != key_fingerprint(OTHER_SECRET)
    assert len(fp) == 16 and SECRET.hex() not in fp
    assert fp not in hashlib.sha256(SECRET).hexdigest()
    with pytest.raises(ConfigError):
        key_fingerprint(b"short")


# -- watchlists ------------------------------------------------------------------------


def test_watchlist_rows_cover_banned_stores_only_by_default(analysis: sg.Analysis) -> None:
    wl = to_watchlist(analysis, secret=SECRET)
    banned = analysis.stores[analysis.stores["status"] == "banned"]
    assert set(wl.rows["status"]) == {"banned"}
    assert wl.rows["store_ref"].nunique() == wl.meta["n_stores"] <= len(banned)
    assert wl.meta["hash_algorithm"] == "HMAC-SHA256"
    assert wl.meta["key_fingerprint"] == key_fingerprint(SECRET)
    assert "store_id" not in wl.rows.columns and "value" not in wl.rows.columns
    # Each row's hash is the keyed hash of its store's normalised identifier.
    links = analysis.links[analysis.links["store_id"].isin(banned["store_id"])]
    expected = set(keyed_hash(links["kind"].astype(str), links["key"], SECRET))
    assert set(wl.rows["value_hash"]) <= expected
    assert len(expected) - wl.rows["value_hash"].nunique() <= wl.meta["hubs_left_out"]
    ring_members = to_watchlist(analysis, secret=SECRET, members="ring")
    assert {"banned", "active"} <= set(ring_members.rows["status"])
    assert len(ring_members) > len(wl)
    with pytest.raises(InputError, match="members"):
        to_watchlist(analysis, secret=SECRET, members="everyone")  # type: ignore[arg-type]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_watchlist_formats_round_trip_byte_for_byte(
    analysis: sg.Analysis, tmp_path: Path, fmt: str
) -> None:
    wl = to_watchlist(analysis, secret=SECRET)
    path = write_watchlist(wl, tmp_path / f"watchlist.{fmt}")
    again = write_watchlist(to_watchlist(analysis, secret=SECRET), tmp_path / f"again.{fmt}")
    assert path.read_bytes() == again.read_bytes()
    back = read_watchlist(path)
    pd.testing.assert_frame_equal(back.rows, wl.rows)
    assert back.meta == wl.meta
    assert SECRET not in path.read_bytes()


def test_watchlist_csv_is_readable_without_sellergraph(analysis: sg.Analysis) -> None:
    wl = to_watchlist(analysis, secret=SECRET)
    frame = pd.read_csv(io.StringIO(to_watchlist_csv(wl)), comment="#", dtype=str)
    assert list(frame["value_hash"]) == list(wl.rows["value_hash"])
    payload = json.loads(to_watchlist_json(wl))
    assert payload["meta"] == wl.meta and len(payload["rows"]) == len(wl)
    assert to_watchlist_parquet(wl)[:4] == b"PAR1"


def test_a_malformed_watchlist_is_reported_row_by_row() -> None:
    good = "ab" * 32
    frame = pd.DataFrame(
        {
            "value_hash": [good, "not-a-hash", good.upper()],
            "kind": ["phone", "phone", ""],
            "closed_at": ["2017-05-01", "someday", None],
            "n_stores": ["1", "2", "-3"],
        }
    )
    with pytest.raises(InputError) as err:
        read_watchlist(frame)
    failures = err.value.failures
    assert failures is not None
    got = set(zip(failures["row"], failures["column"], failures["reason"], strict=True))
    assert got == {
        (1, "value_hash", "bad_hash"),
        (2, "kind", "empty"),
        (1, "closed_at", "bad_date"),
        (2, "n_stores", "bad_count"),
    }
    assert "not-a-hash" in str(err.value)
    with pytest.raises(InputError, match="lacks column"):
        read_watchlist(pd.DataFrame({"hash": [good]}))
    newer = Watchlist(rows=frame.iloc[:1], meta={"format_version": 99})
    with pytest.raises(InputError, match="format_version 99"):
        read_watchlist(newer)


def test_read_watchlist_names_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        read_watchlist(tmp_path / "nope.csv")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(InputError, match="not valid JSON"):
        read_watchlist(bad)
    with pytest.raises(InputError, match=r"\.csv, \.parquet or \.json"):
        read_watchlist(tmp_path / "watchlist.xlsx")


# -- matching: two platforms exchange watchlists ---------------------------------------


def _platform(seed: int, name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    stores, links, _ = sg.make_marketplace(
        1200, seed=seed, platforms=(name,), platform_weights=(1.0,)
    )
    return stores, links


@pytest.fixture(scope="module")
def exchange() -> dict[str, object]:
    """Two platforms; an operator banned on mkt-a registers a new store on mkt-b."""
    stores_a, links_a = _platform(21, "mkt-a")
    stores_b, links_b = _platform(22, "mkt-b")
    a = sg.analyze(stores_a, links_a, seed=0)
    # The operator: a banned store of mkt-a holding a phone, a device and a payment account.
    banned = a.stores[a.stores["status"] == "banned"]
    held = a.links[a.links["store_id"].isin(banned["store_id"])]
    kinds = held.groupby("store_id")["kind"].agg(lambda k: set(map(str, k)))
    operator = next(s for s, k in kinds.items() if {"phone", "device", "payment_account"} <= k)
    keys = {
        str(r.kind): r.key
        for r in held[held["store_id"] == operator].itertuples(index=False)
        if str(r.kind) in ("phone", "device", "payment_account")
    }
    closed = banned.set_index("store_id").at[operator, "closed_at"]
    phone = keys["phone"]
    assert phone.startswith("+86")
    new_store = pd.DataFrame(
        {
            "store_id": ["B-RETURN"],
            "platform": ["mkt-b"],
            "status": ["active"],
            "opened_at": [(closed + pd.Timedelta(days=40)).strftime("%Y-%m-%d")],
            "closed_at": [None],
            "closure_reason": [None],
            "name": ["Brand New Outlet"],
        }
    )
    new_links = pd.DataFrame(
        {
            "store_id": ["B-RETURN"] * 3,
            "kind": ["Phone", "device", "payment_account"],
            # The same phone, written as mkt-b's forms have it.
            "value": [
                f"0086 {phone[3:6]}-{phone[6:10]}-{phone[10:]}",
                keys["device"],
                keys["payment_account"],
            ],
            "observed_at": [(closed + pd.Timedelta(days=40)).strftime("%Y-%m-%d")] * 3,
        }
    )
    stores_b = pd.concat([stores_b, new_store], ignore_index=True)
    links_b = pd.concat([links_b, new_links], ignore_index=True)
    return {
        "a": a,
        "operator": operator,
        "stores_b": stores_b,
        "links_b": links_b,
        "watchlist": to_watchlist(a, secret=SECRET),
    }


def test_a_partner_watchlist_finds_the_returning_operator(exchange: dict) -> None:
    found = match_watchlist(
        exchange["watchlist"], exchange["stores_b"], exchange["links_b"], secret=SECRET
    )
    row = found.matches[found.matches["store_id"] == "B-RETURN"]
    assert len(row) == 1, found.matches
    r = row.iloc[0]
    assert set(r["kinds"].split("|")) == {"device", "payment_account", "phone"}
    assert r["n_identifiers"] == 3
    assert r["strength"] == pytest.approx(1 - 0.3 * 0.15 * 0.1, abs=1e-6)
    assert r["relation"] == "return" and r["their_platform"] == "mkt-a"
    a = exchange["a"]
    ring = a.ring_of[a.evidence.store_ids.tolist().index(exchange["operator"])]
    assert r["their_group"] == (
        ring or f"store:{sg.intel.store_refs([exchange['operator']], SECRET)[0]}"
    )
    # Two synthetic platforms share nothing else but a few private-range IPs (192.168...),
    # flagged and shared by strangers: negligible evidence.
    others = found.matches[found.matches["store_id"] != "B-RETURN"]
    assert (others["kinds"] == "ip").all() and (others["strength"] < 0.1).all()
    assert found.matches["store_id"].iloc[0] == "B-RETURN"
    ids = found.identifiers
    assert not ids["value"].isin(raw_keys(a)).any()  # our side's values are masked


def test_a_wrong_key_finds_nothing(exchange: dict) -> None:
    args = (exchange["watchlist"], exchange["stores_b"], exchange["links_b"])
    quiet = match_watchlist(*args, secret=OTHER_SECRET, check_key=False)
    assert quiet.matches.empty and quiet.identifiers.empty
    assert quiet.summary["identifiers_hashed"] > 1000
    with pytest.raises(ConfigError) as err:
        match_watchlist(*args, secret=OTHER_SECRET)
    message = str(err.value)
    assert key_fingerprint(SECRET) in message and key_fingerprint(OTHER_SECRET) in message
    assert SECRET.decode() not in message and OTHER_SECRET.decode() not in message


def test_partner_evidence_scores_the_return_high_and_cross_platform(exchange: dict) -> None:
    stores_b, links_b = exchange["stores_b"], exchange["links_b"]
    alone = sg.analyze(stores_b, links_b, seed=0)
    before = alone.scores.set_index("store_id").at["B-RETURN", "score"]
    assert before == 0.0
    found = match_watchlist(exchange["watchlist"], stores_b, links_b, secret=SECRET)
    ev = add_partner_evidence(found, stores_b, links_b)
    assert len(ev.partner_stores) == 1
    partner = ev.partner_stores.iloc[0]
    assert partner["status"] == "banned" and partner["platform"] == "mkt-a"
    assert partner["store_id"].startswith("partner:mkt-a:")
    assert {"watchlist_phone", "watchlist_device", "watchlist_payment_account"} <= set(
        ev.config.kinds
    )
    assert ev.config.kinds["watchlist_phone"] == sg.Config().kinds["phone"]
    after = ev.analyze(seed=0)
    scores = after.scores.set_index("store_id")
    s = scores.loc["B-RETURN"]
    assert s["score"] >= 0.99
    assert s["relation"] == "return" and bool(s["cross_platform"])
    assert s["matched_store_id"] == partner["store_id"]
    assert "B-RETURN" in set(after.alerts["store_id"].head(10))
    assert "watchlist phone" in after.explain("B-RETURN").summary
    # The other stores of mkt-b keep their scores (up to the marketplace's banned rate,
    # which the added partner ban nudges: it shrinks hub evidence, see banned_share_prior).
    others = scores.drop(index="B-RETURN")["score"]
    base = alone.scores.set_index("store_id")["score"].reindex(others.index)
    np.testing.assert_allclose(others.to_numpy(), base.to_numpy(), atol=1e-3)


def test_identifiers_shared_widely_across_platforms_are_not_fed_at_full_weight() -> None:
    secret = SECRET
    theirs = sg.analyze(
        pd.DataFrame(
            {
                "store_id": [f"A{i}" for i in range(8)],
                "platform": "mkt-a",
                "status": ["banned"] + ["active"] * 7,
                "opened_at": "2016-01-01",
                "closed_at": ["2017-01-01"] + [None] * 7,
            }
        ),
        pd.DataFrame(
            {
                "store_id": [f"A{i}" for i in range(8)] + ["A0"],
                "kind": ["phone"] * 8 + ["device"],
                "value": ["+86 139 0000 1111"] * 8 + ["490154203237518"],
            }
        ),
    )
    wl = to_watchlist(theirs, secret=secret)
    ours_stores = pd.DataFrame(
        {"store_id": ["B1", "B2"], "status": "active", "opened_at": "2018-01-01"}
    )
    ours_links = pd.DataFrame(
        {
            "store_id": ["B1", "B2"],
            "kind": ["phone", "device"],
            "value": ["13900001111", "490154203237518"],
        }
    )
    found = match_watchlist(wl, ours_stores, ours_links, secret=secret)
    ids = found.identifiers.set_index("store_id")
    # 8 stores of theirs and 1 of ours hold the phone: a hub, discounted.
    assert ids.at["B1", "n_their_stores"] == 8 and ids.at["B1", "n_our_stores"] == 1
    assert ids.at["B1", "weight"] == pytest.approx(0.7 * np.sqrt(6 / 9), abs=1e-6)
    ev = add_partner_evidence(found, ours_stores, ours_links)
    assert list(ev.left_out["store_id"]) == ["B1"] and list(ev.left_out["reason"]) == ["hub"]
    scores = ev.analyze().scores.set_index("store_id")["score"]
    assert scores["B1"] == 0.0 and scores["B2"] > 0.8


def test_matching_accepts_an_analysis_and_names_clashing_partner_ids(exchange: dict) -> None:
    b = sg.analyze(exchange["stores_b"], exchange["links_b"], seed=0)
    found = match_watchlist(exchange["watchlist"], b, secret=SECRET)
    direct = match_watchlist(
        exchange["watchlist"], exchange["stores_b"], exchange["links_b"], secret=SECRET
    )
    pd.testing.assert_frame_equal(found.matches, direct.matches)
    assert found.matches["store_id"].iloc[0] == "B-RETURN"
    ev = add_partner_evidence(found, b)
    assert ev.analyze().scores.set_index("store_id").at["B-RETURN", "score"] > 0.99
    clash = exchange["stores_b"].copy()
    clash.loc[0, "store_id"] = ev.partner_stores["store_id"].iloc[0]
    with pytest.raises(InputError, match="already one of your stores"):
        add_partner_evidence(found, clash, exchange["links_b"])


def test_exchange_between_platforms_of_one_marketplace_finds_returns() -> None:
    stores, links, truth = sg.make_marketplace(6000, seed=5)
    on_a = stores["platform"] == "mkt-a"
    sa, sb = stores[on_a], stores[~on_a]
    a = sg.analyze(sa, links[links["store_id"].isin(sa["store_id"])], seed=0)
    b = sg.analyze(sb, links[links["store_id"].isin(sb["store_id"])], seed=0)
    found = match_watchlist(to_watchlist(a, secret=SECRET), b, secret=SECRET)
    after = add_partner_evidence(found, b).analyze(seed=0)
    op = truth.set_index("store_id")["operator_id"]
    banned_on_a = set(op[sa.loc[sa["status"] == "banned", "store_id"]])
    active_b = sb.loc[sb["status"] == "active", "store_id"]
    targets = {s for s in active_b if op[s] in banned_on_a}
    innocent = set(truth.loc[~truth["positive"], "store_id"])
    assert len(targets) >= 20
    alerted_before = targets & set(b.alerts["store_id"])
    alerted_after = targets & set(after.alerts["store_id"])
    assert len(alerted_after) >= len(alerted_before) + len(targets) // 4
    assert (
        len(innocent & set(after.alerts["store_id"]))
        <= len(innocent & set(b.alerts["store_id"])) + 2
    )


# -- STIX ------------------------------------------------------------------------------


def test_stix_bundle_passes_strict_oasis_validation(
    small: sg.Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the STIX export and its validation must not use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    text = to_stix(small, secret=SECRET)
    assert validate_stix(text) == []
    bundle = json.loads(text)
    types = [o["type"] for o in bundle["objects"]]
    offenders = small.rings[small.rings["n_banned"] > 0]
    assert types.count("threat-actor") == len(offenders) > 0
    assert types.count("extension-definition") == 1
    ext = next(o for o in bundle["objects"] if o["type"] == "extension-definition")
    assert ext["id"] == STIX_EXTENSION_ID
    assert set(ext["extension_types"]) == {"new-sco", "property-extension"}
    for word in ("phone", "payment_account", "id_document", "device"):
        assert word in ext["schema"]
    tlp = next(o for o in bundle["objects"] if o["type"] == "marking-definition")
    assert tlp["name"] == "TLP:AMBER"
    marked = [o for o in bundle["objects"] if o["type"] not in ("marking-definition",)]
    public = {STIX_EXTENSION_ID, ext["created_by_ref"]}
    assert all(o.get("object_marking_refs") == [tlp["id"]] for o in marked if o["id"] not in public)


def test_amber_strict_is_the_oasis_tlp2_marking_carried_in_the_bundle(
    small: sg.Analysis, tmp_path: Path
) -> None:
    ring = offender_ring(small)
    text = to_stix(small, secret=SECRET, ring_ids=[ring], tlp="amber+strict")
    objects = json.loads(text)["objects"]
    (marking,) = [o for o in objects if o["type"] == "marking-definition"]
    assert marking["id"] == "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"
    assert marking["created"] == "2022-10-01T00:00:00.000Z"
    assert marking["name"] == "TLP:AMBER+STRICT"
    tlp2 = marking["extensions"]["extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"]
    assert tlp2 == {"extension_type": "property-extension", "tlp_2_0": "amber+strict"}
    threat_actors = [o for o in objects if o["type"] == "threat-actor"]
    assert threat_actors and all(o["object_marking_refs"] == [marking["id"]] for o in threat_actors)
    assert validate_stix(text) == []
    case = to_case(small, ring, secret=SECRET, tlp="TLP:Amber+Strict")
    assert case.manifest["tlp"] == "TLP:AMBER+STRICT"
    assert ">TLP:AMBER+STRICT</span>" in case.files["dossier.html"].decode()


def test_stix_validation_can_fail(small: sg.Analysis) -> None:
    bundle = json.loads(to_stix(small, secret=SECRET))
    actor = next(o for o in bundle["objects"] if o["type"] == "threat-actor")
    bundle["objects"].remove(actor)  # relationships now point at nothing
    problems = validate_stix(json.dumps(bundle))
    assert problems and any(actor["id"] in p for p in problems)
    indicator = next(
        o for o in json.loads(to_stix(small, secret=SECRET))["objects"] if o["type"] == "indicator"
    )
    indicator["pattern"] = "[sellergraph-identifier:value_hmac = "
    broken = {"type": "bundle", "id": bundle["id"], "objects": [indicator]}
    assert validate_stix(json.dumps(broken))


def test_stix_is_deterministic_and_hashes_unless_raw(small: sg.Analysis, tmp_path: Path) -> None:
    ring = offender_ring(small)
    text = to_stix(small, secret=SECRET, ring_ids=[ring], tlp="red")
    assert text == to_stix(small, secret=SECRET, ring_ids=[ring], tlp="red")
    members = small.ring(ring).members["store_id"]
    assert not leaked(text.encode(), raw_keys(small, members))
    assert not any(s in text for s in members)
    bundle = json.loads(text)
    accounts = [o for o in bundle["objects"] if o["type"] == "user-account"]
    assert {a["user_id"] for a in accounts} == set(sg.intel.store_refs(members, SECRET))
    idents = [o for o in bundle["objects"] if o["type"] == "sellergraph-identifier"]
    assert idents and all("value" not in o for o in idents)
    assert validate_stix(text) == []
    raw = to_stix(small, secret=SECRET, ring_ids=[ring], raw=True)
    assert leaked(raw.encode(), raw_keys(small, members))
    assert validate_stix(raw) == []
    path = write_stix(small, tmp_path / "b.json", secret=SECRET, ring_ids=[ring], tlp="red")
    assert path.read_text() == text
    with pytest.raises(InputError, match="tlp"):
        to_stix(small, secret=SECRET, tlp="purple")
    with pytest.raises(InputError, match="R-nope"):
        to_stix(small, secret=SECRET, ring_ids=["R-nope"])


def test_stix_indicator_matches_the_ring_identifier_hashes(small: sg.Analysis) -> None:
    ring = offender_ring(small)
    bundle = json.loads(to_stix(small, secret=SECRET, ring_ids=[ring]))
    (indicator,) = [o for o in bundle["objects"] if o["type"] == "indicator"]
    members = small.ring(ring).members["store_id"]
    links = small.links[small.links["store_id"].isin(members)]
    strong = links[
        links["kind"]
        .astype(str)
        .isin(["phone", "email", "device", "payment_account", "id_document"])
    ]
    for h in keyed_hash(strong["kind"].astype(str), strong["key"], SECRET):
        assert h in indicator["pattern"]
    rel = [o for o in bundle["objects"] if o["type"] == "relationship"]
    assert any(
        r["relationship_type"] == "indicates" and r["source_ref"] == indicator["id"] for r in rel
    )


def _versioned(objects: list[dict[str, object]]) -> dict[str, dict[str, object]]:
    """Objects STIX versions (the predefined TLP markings aside), by id."""
    return {
        str(o["id"]): o for o in objects if "created" in o and o["type"] != "marking-definition"
    }


def test_stix_reexport_leaves_unchanged_objects_as_they_were() -> None:
    """A nightly re-export after an unrelated store arrives (with the newest date in the
    data) leaves every versioned object as it was; a later observation moves only its own
    ring. (The synthetic data ends on 2024-12-31; dates years past a table's others are
    cleared as future_date, so these are months later.)"""
    stores, links, _ = sg.make_marketplace(500, seed=8)
    first = to_stix(sg.analyze(stores, links, seed=0), secret=SECRET)
    newcomer = pd.DataFrame(
        [
            {
                "store_id": "S9999999",
                "platform": "mkt-a",
                "status": "active",
                "opened_at": "2025-06-01",
            }
        ]
    )
    own = pd.DataFrame(
        [
            {
                "store_id": "S9999999",
                "kind": "phone",
                "value": "+86 139 0000 1234",
                "observed_at": "2025-06-02",
            }
        ]
    )
    grown = sg.analyze(pd.concat([stores, newcomer]), pd.concat([links, own]), seed=0)
    assert grown.as_of > sg.analyze(stores, links, seed=0).as_of
    again = _versioned(json.loads(to_stix(grown, secret=SECRET))["objects"])
    assert again == _versioned(json.loads(first)["objects"])

    analysis = sg.analyze(stores, links, seed=0)
    ring = offender_ring(analysis)
    member = str(analysis.ring(ring).members["store_id"].iloc[0])
    late = links[links["store_id"] == member].head(1).assign(observed_at="2025-09-01")
    moved = to_stix(sg.analyze(stores, pd.concat([links, late]), seed=0), secret=SECRET)
    before, after = (
        _versioned(json.loads(first)["objects"]),
        _versioned(json.loads(moved)["objects"]),
    )
    assert before.keys() == after.keys()
    changed = {i for i in before if before[i] != after[i]}
    actors = {i for i in changed if i.startswith("threat-actor--")}
    assert len(actors) == 1 and after[actors.pop()]["last_seen"].startswith("2025-09-01")
    assert all(before[i]["created"] == after[i]["created"] for i in before)
    indicators = [o for o in after.values() if o["type"] == "indicator"]
    assert sum(o["valid_from"] != before[o["id"]]["valid_from"] for o in indicators) == 0


def test_stix_versions_follow_the_previous_bundle(small: sg.Analysis, tmp_path: Path) -> None:
    text = to_stix(small, secret=SECRET)
    assert to_stix(small, secret=SECRET, previous=text) == text
    path = tmp_path / "sent.json"
    path.write_text(text)
    red = to_stix(small, secret=SECRET, tlp="red", previous=path)
    assert validate_stix(red) == []
    before, after = _versioned(json.loads(text)["objects"]), _versioned(json.loads(red)["objects"])
    assert before.keys() == after.keys()
    for oid, obj in after.items():
        assert obj["created"] == before[oid]["created"]
        if obj != before[oid] and oid != STIX_EXTENSION_ID:
            assert obj["modified"] > before[oid]["modified"], oid
    marked = [o for o in after.values() if "object_marking_refs" in o]
    assert marked and all(o["modified"] > before[o["id"]]["modified"] for o in marked)
    # without the previous bundle the same re-marking would reuse 'modified'
    plain = _versioned(json.loads(to_stix(small, secret=SECRET, tlp="red"))["objects"])
    assert all(plain[i]["modified"] == before[i]["modified"] for i in plain)
    # the export time, when given, stamps what this export changes
    stamped = json.loads(
        to_stix(small, secret=SECRET, tlp="green", previous=text, created="2040-01-01")
    )
    actor = next(o for o in stamped["objects"] if o["type"] == "threat-actor")
    assert actor["modified"] == "2040-01-01T00:00:00.000Z"
    assert actor["created"] == before[actor["id"]]["created"]


def test_stix_ids_belong_to_their_producer(small: sg.Analysis) -> None:
    ring = offender_ring(small)
    a = json.loads(to_stix(small, secret=SECRET, ring_ids=[ring], producer="Marketplace A"))
    b = json.loads(to_stix(small, secret=SECRET, ring_ids=[ring], producer="Marketplace B"))
    ids_a, ids_b = (
        {o["id"] for o in x["objects"] if o.get("created_by_ref", "").startswith("identity--")}
        - {STIX_EXTENSION_ID}
        for x in (a, b)
    )
    assert ids_a and not ids_a & ids_b
    observables = ("user-account", "sellergraph-identifier")
    sco_a, sco_b = ({o["id"] for o in x["objects"] if o["type"] in observables} for x in (a, b))
    assert sco_a and sco_a == sco_b


@pytest.mark.parametrize(
    ("previous", "message"),
    [
        ("{not json", "not JSON"),
        ('{"type": "indicator"}', "not a STIX bundle"),
        ('{"type": "bundle", "objects": [{"type": "x"}]}', "object 0 has no id"),
        (
            '{"type": "bundle", "objects": [{"id": "x--1", "created": "soon"}]}',
            "x--1 has created 'soon'",
        ),
        ("no/such/bundle.json", "cannot read the previous bundle 'no/such/bundle.json'"),
    ],
)
def test_stix_previous_bundle_errors_are_clear(
    small: sg.Analysis, previous: str, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        to_stix(small, secret=SECRET, previous=previous)


# -- case packages ---------------------------------------------------------------------


def test_case_manifest_hashes_verify(analysis: sg.Analysis, tmp_path: Path) -> None:
    ring = offender_ring(analysis)
    case = to_case(analysis, ring)
    folder = write_case(case, tmp_path / "case")
    archive = tmp_path / "case.zip"
    assert archive.is_file()
    manifest = json.loads((folder / "manifest.json").read_text())
    listed = {f["path"] for f in manifest["files"]}
    assert listed == {p.name for p in folder.iterdir()} - {"manifest.json"}
    for entry in manifest["files"]:
        data = (folder / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert len(data) == entry["bytes"]
    assert verify_case(folder) == [] and verify_case(archive) == [] and verify_case(case) == []
    with zipfile.ZipFile(archive) as zf:
        assert sorted(zf.namelist()) == sorted(f"case/{p}" for p in [*listed, "manifest.json"])
    # Tampering is caught.
    (folder / "members.csv").write_bytes((folder / "members.csv").read_bytes() + b"x")
    (folder / "notes.txt").write_text("added later")
    (folder / "ring.png").unlink()
    assert verify_case(folder) == [
        "members.csv: SHA-256 differs from the manifest",
        "ring.png: missing",
        "notes.txt: not in the manifest",
    ]
    with pytest.raises(InputError, match="already holds other files"):
        write_case(case, folder)
    assert write_case(case, tmp_path / "again", zip=False) == tmp_path / "again"
    assert write_case(case, tmp_path / "again", zip=False) == tmp_path / "again"  # overwrites
    assert not (tmp_path / "again.zip").exists()


def test_case_package_contents_and_determinism(analysis: sg.Analysis) -> None:
    ring = offender_ring(analysis)
    case = to_case(analysis, ring)
    assert case.files == to_case(analysis, ring).files
    assert to_case_zip(case) == to_case_zip(to_case(analysis, ring))
    html = case.files["dossier.html"].decode()
    for heading in ("Summary", "Members", "Timeline", "Evidence", "Graph"):
        assert f"<h2>{heading}" in html
    assert html.count("data:image/png;base64,") == 2
    assert "TLP:AMBER" in html and "<script" not in html
    data = json.loads(case.files["case.json"])
    members = pd.read_csv(io.BytesIO(case.files["members.csv"]))
    assert list(members["store_id"]) == [m["store_id"] for m in data["members"]]
    assert set(members["store_id"]) == set(analysis.ring(ring).members["store_id"])
    assert data["case"]["identifier_values"] == "masked"
    ids = pd.read_csv(io.BytesIO(case.files["identifiers.csv"]), dtype=str)
    assert "value_hash" not in ids.columns
    assert case.files["ring.png"].startswith(b"\x89PNG")
    hashed = to_case(analysis, ring, secret=SECRET)
    ids = pd.read_csv(io.BytesIO(hashed.files["identifiers.csv"]), dtype=str)
    assert ids["value_hash"].str.fullmatch("[0-9a-f]{64}").all()
    with pytest.raises(InputError, match="R-nope"):
        to_case(analysis, "R-nope")


def test_case_is_masked_unless_raw_is_asked(analysis: sg.Analysis) -> None:
    ring = offender_ring(analysis)
    keys = raw_keys(analysis, analysis.ring(ring).members["store_id"])
    assert len(keys) > 10
    case = to_case(analysis, ring)
    for name, data in case.files.items():
        assert not leaked(data, keys), name
    raw = to_case(analysis, ring, raw=True)
    assert leaked(raw.files["identifiers.csv"], keys) == keys
    assert leaked(raw.files["dossier.html"], keys)
    assert json.loads(raw.files["manifest.json"])["identifier_values"] == "raw"


# -- nothing raw leaves unless asked ---------------------------------------------------


def test_raw_values_are_absent_from_every_export_unless_asked(
    analysis: sg.Analysis, tmp_path: Path
) -> None:
    keys = raw_keys(analysis)
    inputs = sg.make_marketplace(1500, seed=4)[1]["value"]
    written = {s for s in inputs if isinstance(s, str) and len(s) >= 10 and "@" in s}
    wl = to_watchlist(analysis, secret=SECRET)
    ring = offender_ring(analysis)
    exports: dict[str, bytes] = {
        "watchlist.csv": to_watchlist_csv(wl).encode(),
        "watchlist.json": to_watchlist_json(wl).encode(),
        "watchlist.parquet": to_watchlist_parquet(wl),
        "bundle.json": to_stix(analysis, secret=SECRET, ring_ids=[ring]).encode(),
        "graph.graphml": graphs.to_graphml(analysis, secret=SECRET).encode(),
        "graph.gexf": graphs.to_gexf(analysis).encode(),
        "stores.graphml": graphs.to_graphml(analysis, view="stores").encode(),
        "graph.json": json.dumps(graphs.to_node_link(analysis), ensure_ascii=False).encode(),
    }
    case = to_case(analysis, ring, secret=SECRET)
    exports.update({f"case/{k}": v for k, v in case.files.items()})
    with zipfile.ZipFile(io.BytesIO(to_case_zip(case))) as zf:
        exports.update({f"zip/{n}": zf.read(n) for n in zf.namelist()})
    for name, data in exports.items():
        assert not leaked(data, keys | written), name
        assert SECRET not in data, name
    # The test can fail: asked for raw values, they are there.
    raw_wl = to_watchlist(analysis, secret=SECRET, raw=True)
    assert leaked(to_watchlist_csv(raw_wl).encode(), keys)
    assert leaked(graphs.to_graphml(analysis, raw=True).encode(), keys)


# -- command line ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """mkt-a's run folder (``run``) and mkt-b's own tables (``b``), written as a user would."""
    base = tmp_path_factory.mktemp("intel-cli")
    stores, links, _ = sg.make_marketplace(3000, seed=2)
    for name, on in (("a", stores["platform"] == "mkt-a"), ("b", stores["platform"] != "mkt-a")):
        part = stores[on]
        (base / name).mkdir()
        part.to_csv(base / name / "stores.csv", index=False)
        links[links["store_id"].isin(part["store_id"])].to_csv(
            base / name / "links.csv", index=False
        )
    args = ["--stores", str(base / "a" / "stores.csv"), "--links", str(base / "a" / "links.csv")]
    assert main(["run", *args, "--out", str(base / "run"), "--no-report", "-q"]) == 0
    (base / "key").write_bytes(SECRET + b"\n")
    return base


def test_cli_exports_and_matches(
    run_folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, run = run_folder, str(run_folder / "run")
    key = ["--key-file", str(base / "key")]
    monkeypatch.setenv("PARTNER_KEY", SECRET.decode())
    assert main(["export", "watchlist", "--run", run, "--out", str(base / "wl.parquet"), *key]) == 0
    out = capsys.readouterr().out
    assert key_fingerprint(SECRET) in out and SECRET.decode() not in out
    assert len(read_watchlist(base / "wl.parquet")) > 0
    rings = pd.read_csv(run_folder / "run" / "rings.csv").sort_values(["n_banned", "ring_id"])
    ring, second = rings["ring_id"].iloc[-1], rings["ring_id"].iloc[-2]
    stix = ["export", "stix", "--run", run, "--out", str(base / "b.json"), "--tlp", "green"]
    stix += ["--ring", ring, "--ring", second, "--key-env", "PARTNER_KEY", "--validate"]
    assert main(stix) == 0
    assert "validated" in capsys.readouterr().out
    objects = json.loads((base / "b.json").read_text())["objects"]
    assert sum(o["type"] == "threat-actor" for o in objects) == 2
    again = [*stix[:5], str(base / "b2.json"), "--tlp", "red", *stix[8:]]
    assert main([*again, "--previous", str(base / "b.json")]) == 0
    kept, redone = (
        _versioned(o) for o in (objects, json.loads((base / "b2.json").read_text())["objects"])
    )
    assert kept.keys() == redone.keys()
    assert all(kept[i]["created"] == o["created"] for i, o in redone.items())
    for fmt, suffix in (("graphml", "graphml"), ("gexf", "gexf"), ("node-link", "json")):
        assert (
            main(
                [
                    "export",
                    fmt,
                    "--run",
                    run,
                    "--out",
                    str(base / f"g.{suffix}"),
                    "--view",
                    "stores",
                    "-q",
                ]
            )
            == 0
        )
        assert (base / f"g.{suffix}").stat().st_size > 1000
    assert (
        main(["export", "case", "--run", run, "--ring", ring, "--out", str(base / "case"), "-q"])
        == 0
    )
    assert verify_case(base / "case.zip") == []
    data = base / "b"
    assert (
        main(
            [
                "match-watchlist",
                "--watchlist",
                str(base / "wl.parquet"),
                "--stores",
                str(data / "stores.csv"),
                "--links",
                str(data / "links.csv"),
                "--out",
                str(base / "matches.csv"),
                "--evidence-out",
                str(base / "ev"),
                *key,
            ]
        )
        == 0
    )
    matches = pd.read_csv(base / "matches.csv")
    assert len(matches) > 0 and (matches["strength"] > 0).all()
    assert (
        main(
            [
                "run",
                "--stores",
                str(base / "ev" / "stores.csv"),
                "--links",
                str(base / "ev" / "links.csv"),
                "--config",
                str(base / "ev" / "config.json"),
                "--out",
                str(base / "run2"),
                "--no-report",
                "-q",
            ]
        )
        == 0
    )
    scores = pd.read_csv(base / "run2" / "scores.csv")
    from_partner = scores[scores["matched_store_id"].astype(str).str.startswith("partner:mkt-a:")]
    assert len(from_partner) >= 3 and from_partner["cross_platform"].all()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "case", "--ring", "R-nope"], "ring_id 'R-nope' is not in this analysis"),
        (["export", "watchlist", "--key-env", "SELLERGRAPH_TEST_UNSET_KEY"], "is not set"),
        (["export", "stix", "--key-file", "{base}/short"], "too short"),
    ],
)
def test_cli_errors_are_one_line(
    run_folder: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    (run_folder / "short").write_text("tiny")
    args = [a.format(base=run_folder) for a in args]
    full = [
        *args[:2],
        "--run",
        str(run_folder / "run"),
        "--out",
        str(run_folder / "x"),
        *args[2:],
        "-q",
    ]
    assert main(full) == 2
    err = capsys.readouterr().err
    assert err.startswith("sellergraph: error: ") and message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_cli_match_reports_a_bad_watchlist(
    run_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = run_folder / "bad.csv"
    bad.write_text("value_hash,kind\nnot-a-hash,phone\n")
    data = run_folder / "b"
    code = main(
        [
            "match-watchlist",
            "--watchlist",
            str(bad),
            "--stores",
            str(data / "stores.csv"),
            "--links",
            str(data / "links.csv"),
            "--out",
            str(run_folder / "m.csv"),
            "--key-file",
            str(run_folder / "key"),
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "watchlist" in err and "value_hash" in err and "not-a-hash" in err
    assert "Traceback" not in err


def test_an_empty_watchlist_flows_through_every_step() -> None:
    stores = pd.DataFrame({"store_id": ["A", "B"], "status": ["active", "active"]})
    links = pd.DataFrame(
        {"store_id": ["A", "B"], "kind": ["phone", "phone"], "value": ["13800138000"] * 2}
    )
    analysis = sg.analyze(stores, links)
    wl = to_watchlist(analysis, secret=SECRET)
    assert len(wl) == 0 and wl.meta["n_stores"] == 0
    for data, fmt in (
        (to_watchlist_csv(wl).encode(), "csv"),
        (to_watchlist_json(wl).encode(), "json"),
        (to_watchlist_parquet(wl), "parquet"),
    ):
        assert len(read_watchlist(data, fmt=fmt)) == 0
    found = match_watchlist(wl, stores, links, secret=SECRET)
    assert found.matches.empty and list(found.matches.columns)[:2] == ["store_id", "platform"]
    ev = add_partner_evidence(found, stores, links)
    assert ev.partner_stores.empty and ev.config == sg.Config()
    assert ev.analyze().scores["score"].tolist() == [0.0, 0.0]
    bundle = to_stix(analysis, secret=SECRET)
    assert validate_stix(bundle) == []
    assert not [o for o in json.loads(bundle)["objects"] if o["type"] == "threat-actor"]


def test_ring_ids_are_keyed_in_what_is_shared(analysis: sg.Analysis) -> None:
    """A ring id derives from a store id without a key: shared files carry keyed refs."""
    ring_ids = set(analysis.rings["ring_id"])
    shared = to_watchlist(analysis, secret=SECRET)
    refs = set(shared.rows["ring_id"].dropna())
    assert refs and not refs & ring_ids
    assert refs <= set(ring_refs(sorted(ring_ids), SECRET))
    bundle = to_stix(analysis, secret=SECRET)
    assert not any(r in bundle for r in ring_ids)
    raw = to_watchlist(analysis, secret=SECRET, raw=True)
    assert set(raw.rows["ring_id"].dropna()) <= ring_ids


def test_case_csv_cells_never_start_a_formula() -> None:
    hostile = "=cmd|' /C calc'!A0"
    stores = pd.DataFrame(
        {
            "store_id": [hostile, "S2", "S3"],
            "status": ["active", "banned", "active"],
            "closed_at": [None, "2020-01-01", None],
        }
    )
    links = pd.DataFrame(
        {"store_id": [hostile, "S2", "S3"], "kind": "device", "value": "aa11bb22cc33dd44"}
    )
    analysis = sg.analyze(stores, links)
    case = to_case(analysis, analysis.rings["ring_id"].iloc[0])
    members = pd.read_csv(io.BytesIO(case.files["members.csv"]), dtype=str)
    assert members["store_id"].iloc[0] == "'" + hostile
    assert hostile in {m["store_id"] for m in json.loads(case.files["case.json"])["members"]}


def test_partner_values_are_hashed_in_their_own_country() -> None:
    from sellergraph.intel.watchlist import hash_identifiers

    config = sg.Config.from_dict({"normalize": {"default_region": "IN"}})
    secret = b"a key both partners agreed on"
    t = hash_identifiers(
        ["phone", "phone", "phone", "email"],
        ["(11) 96708-3484", "+55 11 96708-3484", "(11) 96708-3484", "Seller88@Mail.ru"],
        secret,
        config=config,
        countries=["Brazil", None, None, "BR"],
    )
    assert t["key"].tolist() == [
        "+5511967083484",
        "+5511967083484",
        "+9111967083484",  # no country: the config's region
        "seller88@mail.ru",
    ]
    assert t["value_hash"][0] == t["value_hash"][1] != t["value_hash"][2]
    with pytest.raises(InputError, match=r"countries\[1\] = 'Narnia'"):
        hash_identifiers(["phone"] * 2, ["1", "2"], secret, countries=["BR", "Narnia"])
    with pytest.raises(InputError, match="one country per value"):
        hash_identifiers(["phone"], ["1"], secret, countries=[])


# -- banned stores in no ring, and what the summaries say -------------------------------------


def test_banned_stores_in_no_ring_are_counted_not_silently_dropped(
    run_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from sellergraph.intel.stix import banned_in_no_ring
    from sellergraph.io.run import read_analysis

    base, run = run_folder, str(run_folder / "run")
    analysis = read_analysis(run)
    alone = banned_in_no_ring(analysis)
    banned = analysis.stores.loc[analysis.stores["status"] == "banned", "store_id"]
    assert 0 < len(alone) < len(banned)
    ringed = analysis.stores["store_id"].to_numpy()[pd.notna(analysis.ring_of)]
    assert set(alone) <= set(banned) and not set(alone) & set(ringed)
    key = ["--key-file", str(base / "key")]
    assert main(["export", "stix", "--run", run, "--out", str(base / "all.json"), *key]) == 0
    out = capsys.readouterr().out
    assert f"left out          {len(alone):,} banned stores in no ring" in out
    assert "export watchlist carries them" in out and "values            keyed hashes only" in out
    assert main(["export", "stix", "--run", run, "--out", str(base / "r.json"), "--raw", *key]) == 0
    assert "values            RAW (personal data)" in capsys.readouterr().out
    # The watchlist carries them, and its summary says how many stores are in no ring.
    assert main(["export", "watchlist", "--run", run, "--out", str(base / "w.csv"), *key]) == 0
    out = capsys.readouterr().out
    wl = read_watchlist(base / "w.csv")
    ringed = wl.rows.loc[wl.rows["ring_id"].notna(), "store_ref"].nunique()
    n_rings = wl.rows["ring_id"].nunique()
    assert (
        f"of {len(banned):,} banned stores ({ringed:,} in {n_rings:,} rings, "
        f"{len(alone):,} in none)" in out
    )


def test_watchlist_summary_speaks_of_one_store_and_of_stores_in_no_ring() -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["B1", "B2"],
            "status": ["banned", "banned"],
            "platform": "mkt",
            "opened_at": ["2021-01-01", "2021-02-01"],
            "closed_at": ["2021-06-01", "2021-07-01"],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["B1", "B2"],
            "kind": "device",
            "value": ["490154203237518", "356938035643809"],
        }
    )
    analysis = sg.analyze(stores, links)
    assert to_stix(analysis, secret=SECRET).count('"type": "threat-actor"') == 0
    from sellergraph.intel.stix import banned_in_no_ring

    assert banned_in_no_ring(analysis) == ["B1", "B2"]
    wl = to_watchlist(analysis, secret=SECRET)
    assert wl.summary() == "2 identifiers of 2 banned stores (none in a ring)"
    one = Watchlist(rows=wl.rows.head(1), meta=wl.meta)
    assert one.summary() == "1 identifier of 1 banned store (none in a ring)"
    assert "1 identifier of 1 banned store" in repr(one)


def test_a_store_id_given_as_a_ring_id_is_named_as_one(analysis: sg.Analysis) -> None:
    ring_of = pd.Series(analysis.ring_of, index=analysis.stores["store_id"])
    in_ring, ring = next((s, r) for s, r in ring_of.items() if isinstance(r, str))
    alone = next(s for s, r in ring_of.items() if pd.isna(r))
    for export in (
        lambda r: to_case(analysis, r),
        lambda r: to_stix(analysis, secret=SECRET, ring_ids=[r]),
    ):
        with pytest.raises(
            InputError,
            match=f"'{alone}' is a store id, not a ring id, and that store is in no ring",
        ):
            export(alone)
        with pytest.raises(InputError, match=f"that store is in ring '{ring}'"):
            export(in_ring)
        with pytest.raises(InputError, match="ring_id 'R-nope' is not in this analysis"):
            export("R-nope")


# -- what the docs promise --------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_security_page_shows_how_to_reproduce_value_hash() -> None:
    import doctest
    import re

    text = (DOCS / "security.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```pycon\n(.*?)```", text, flags=re.S)
    assert blocks, "docs/security.md lost its value_hash example"
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for i, block in enumerate(blocks):
        runner.run(
            doctest.DocTestParser().get_doctest(block, {}, f"security-{i}", "security.md", 0)
        )
    assert runner.summarize(verbose=False).failed == 0
    # The example's key is a key file's text, used as written (not hex-decoded).
    key = b"c0ffee0123456789c0ffee0123456789"
    assert keyed_hash(["phone"], ["+8613800138000"], key)[0] in text


def test_sharing_page_reads_a_bundle_with_the_stix2_library(
    small: sg.Analysis, tmp_path: Path
) -> None:
    import re
    import subprocess
    import sys

    text = (DOCS / "sharing.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", text, flags=re.S) if "stix2" in b)
    (tmp_path / "mkt-a.stix.json").write_text(to_stix(small, secret=SECRET), encoding="utf-8")
    check = block + "\nassert any(o['type'] == 'sellergraph-identifier' for o in bundle.objects)\n"
    # A subprocess: registering the custom type changes the stix2 library for good.
    done = subprocess.run(
        [sys.executable, "-c", check], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    import stix2

    with pytest.raises(Exception, match="sellergraph-identifier"):
        stix2.parse((tmp_path / "mkt-a.stix.json").read_text(), allow_custom=False)
