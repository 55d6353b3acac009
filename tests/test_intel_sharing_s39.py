"""What a law-enforcement analyst and two partner platforms asked of the shared exports:
the key fingerprint in every export made with a key, checksums a stock tool reads, a
dossier an outsider can read, and ``match-watchlist`` saying when the key was not checked."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.errors import InputError
from sellergraph.intel import (
    STIX_EXTENSION_ID,
    Watchlist,
    key_fingerprint,
    match_watchlist,
    to_case,
    to_case_zip,
    to_stix,
    to_watchlist,
    to_watchlist_csv,
    validate_stix,
    verify_case,
    write_case,
)
from sellergraph.intel._common import ring_refs

SECRET = b"the key mkt-a and mkt-b agreed on"
OTHER_SECRET = b"a different key, not the agreed one"
FINGERPRINT = key_fingerprint(SECRET)


@pytest.fixture(scope="module")
def small() -> sg.Analysis:
    stores, links, _ = sg.make_marketplace(500, seed=8)
    return sg.analyze(stores, links, seed=0)


def offender_ring(analysis: sg.Analysis) -> str:
    rings = analysis.rings.sort_values(["n_banned", "ring_id"], ascending=[False, True])
    return str(rings["ring_id"].iloc[0])


def _actors(text: str) -> list[dict]:
    return [o for o in json.loads(text)["objects"] if o["type"] == "threat-actor"]


# -- 1. the key fingerprint in the STIX bundle and the case package ---------------------------


def test_stix_threat_actors_carry_the_key_fingerprint_and_validate(small: sg.Analysis) -> None:
    ring = offender_ring(small)
    text = to_stix(small, secret=SECRET, ring_ids=[ring])
    (actor,) = _actors(text)
    ext = actor["extensions"][STIX_EXTENSION_ID]
    assert ext["key_fingerprint"] == FINGERPRINT
    assert ext["ring_id"] == ring_refs([ring], SECRET)[0]
    definition = next(o for o in json.loads(text)["objects"] if o["type"] == "extension-definition")
    assert definition["version"] == "1.1.0" and "'key_fingerprint'" in definition["schema"]
    assert definition["modified"] > definition["created"]
    assert validate_stix(text) == []
    # Raw ring ids or not, every ring records the key its hashes were made with.
    raw = to_stix(small, secret=OTHER_SECRET, ring_ids=[ring], raw=True)
    (raw_actor,) = _actors(raw)
    assert raw_actor["extensions"][STIX_EXTENSION_ID]["key_fingerprint"] == key_fingerprint(
        OTHER_SECRET
    )
    assert text == to_stix(small, secret=SECRET, ring_ids=[ring])


def test_stix_adds_only_the_fingerprint(small: sg.Analysis) -> None:
    """Apart from the extension definition's new version, a bundle is as before but for
    one property on each threat actor."""
    text = to_stix(small, secret=SECRET)
    before = json.loads(text)["objects"]
    changed = [o for o in before if o["type"] == "threat-actor"]
    assert changed and all(
        o["extensions"][STIX_EXTENSION_ID]["key_fingerprint"] == FINGERPRINT for o in changed
    )
    mentions = re.findall(r'"key_fingerprint": "([0-9a-f]{16})"', text)
    assert mentions == [FINGERPRINT] * len(changed)


def test_case_records_the_key_fingerprint_and_ring_ref(small: sg.Analysis) -> None:
    ring = offender_ring(small)
    case = to_case(small, ring, secret=SECRET)
    data = json.loads(case.files["case.json"])
    ref = ring_refs([ring], SECRET)[0]
    for meta in (case.manifest, data["case"]):
        assert meta["key_fingerprint"] == FINGERPRINT
        assert meta["ring_ref"] == ref
    # The same reference as the STIX bundle and the watchlist made with that key.
    (actor,) = _actors(to_stix(small, secret=SECRET, ring_ids=[ring]))
    assert actor["name"] == f"Ring {ref}"
    rows = to_watchlist(small, secret=SECRET).rows
    assert ref in set(rows["ring_id"])
    html = case.files["dossier.html"].decode()
    assert FINGERPRINT in html and ref in html
    # Without a key there is neither.
    plain = to_case(small, ring)
    for meta in (plain.manifest, json.loads(plain.files["case.json"])["case"]):
        assert "key_fingerprint" not in meta and "ring_ref" not in meta


def test_case_json_ring_dates_are_dates_and_platforms_and_kinds_lists(small: sg.Analysis) -> None:
    ring = offender_ring(small)
    data = json.loads(to_case(small, ring).files["case.json"])
    rec = data["ring"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec["first_opened"])
    assert rec["last_banned"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", rec["last_banned"])
    assert rec["first_opened"] == min(m["opened_at"] for m in data["members"] if m["opened_at"])
    assert rec["platforms"] == sorted(set(small.ring(ring).members["platform"]))
    assert rec["kinds"] == str(small.ring(ring).info["kinds"]).split("|")
    assert len(rec["kinds"]) > 1
    assert data["case"]["format_version"] == 2


# -- 2. checksums and the dossier --------------------------------------------------------------


def _check_sums_by_hand(folder: Path) -> None:
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    assert lines
    for line in lines:
        digest, name = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line).groups()  # type: ignore[union-attr]
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def test_case_has_sha256sums_that_sha256sum_checks(small: sg.Analysis, tmp_path: Path) -> None:
    case = to_case(small, offender_ring(small), secret=SECRET)
    folder = write_case(case, tmp_path / "case")
    listed = {line.split("  ", 1)[1] for line in case.files["SHA256SUMS"].decode().splitlines()}
    assert listed == set(case.files) - {"SHA256SUMS", "manifest.json"}
    assert "SHA256SUMS" in {f["path"] for f in case.manifest["files"]}
    if shutil.which("sha256sum"):
        done = subprocess.run(
            ["sha256sum", "-c", "SHA256SUMS"], cwd=folder, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.count(": OK") == len(listed)
    else:  # pragma: no cover - a machine without coreutils
        _check_sums_by_hand(folder)
    _check_sums_by_hand(folder)
    assert verify_case(folder) == [] and verify_case(tmp_path / "case.zip") == []
    with zipfile.ZipFile(tmp_path / "case.zip") as zf:
        assert "case/SHA256SUMS" in zf.namelist()
    assert to_case_zip(case) == to_case_zip(to_case(small, offender_ring(small), secret=SECRET))


def test_verify_case_reads_sha256sums_behind_a_rewritten_manifest(
    small: sg.Analysis, tmp_path: Path
) -> None:
    folder = write_case(to_case(small, offender_ring(small)), tmp_path / "case", zip=False)
    members = folder / "members.csv"
    members.write_bytes(members.read_bytes() + b"x")
    assert verify_case(folder) == ["members.csv: SHA-256 differs from the manifest"]
    # A manifest rewritten to fit the altered file: SHA256SUMS still tells.
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["files"]:
        if entry["path"] == "members.csv":
            data = members.read_bytes()
            entry.update(sha256=hashlib.sha256(data).hexdigest(), bytes=len(data))
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert verify_case(folder) == ["members.csv: SHA-256 differs from SHA256SUMS"]
    (folder / "SHA256SUMS").write_text("not a checksum\n")
    assert "SHA256SUMS line 1: not a checksum line" in verify_case(folder)


def test_a_case_without_sha256sums_still_verifies(small: sg.Analysis) -> None:
    """Packages made before SHA256SUMS was written check as they did."""
    case = to_case(small, offender_ring(small))
    files = {k: v for k, v in case.files.items() if k != "SHA256SUMS"}
    manifest = json.loads(files["manifest.json"])
    manifest["files"] = [f for f in manifest["files"] if f["path"] != "SHA256SUMS"]
    files["manifest.json"] = json.dumps(manifest).encode()
    assert verify_case(type(case)(ring_id=case.ring_id, files=files)) == []


def test_dossier_tells_an_outsider_how_to_read_it(small: sg.Analysis) -> None:
    html = to_case(small, offender_ring(small)).files["dossier.html"].decode()
    assert "<h2>How to read this</h2>" in html
    start = html.index("<h2>How to read this</h2>")
    note = html[start : html.index("<h2>", start + 10)]
    for words in (
        "<b>score</b>",
        "<b>weight</b>",
        "<b>hub</b>",
        "<i>discounted</i>",
        "+&lt;0.01",
        "not evidence of no worth",
        "<b>association, not proof</b>",
        "phone numbers are given to new subscribers",
    ):
        assert words in note, words
    assert html.index("How to read this") < html.index("<h2>Members")


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("intel-s39")
    stores, links, _ = sg.make_marketplace(600, seed=3)
    stores.to_csv(base / "stores.csv", index=False)
    links.to_csv(base / "links.csv", index=False)
    args = ["--stores", str(base / "stores.csv"), "--links", str(base / "links.csv")]
    assert main(["run", *args, "--out", str(base / "run"), "--no-report", "-q"]) == 0
    (base / "key").write_bytes(SECRET + b"\n")
    return base


def _top_ring(base: Path) -> str:
    rings = pd.read_csv(base / "run" / "rings.csv").sort_values(["n_banned", "ring_id"])
    return str(rings["ring_id"].iloc[-1])


def test_cli_case_prints_the_fingerprint_and_the_sha256s(
    run_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base, ring = run_folder, _top_ring(run_folder)
    out_dir = base / "case-keyed"
    args = ["export", "case", "--run", str(base / "run"), "--ring", ring, "--out", str(out_dir)]
    assert main([*args, "--key-file", str(base / "key")]) == 0
    out = capsys.readouterr().out
    ref = ring_refs([ring], SECRET)[0]
    assert f"key fingerprint   {FINGERPRINT}  (ring {ref} in watchlists" in out
    manifest = hashlib.sha256((out_dir / "manifest.json").read_bytes()).hexdigest()
    archive = hashlib.sha256((base / "case-keyed.zip").read_bytes()).hexdigest()
    assert f"manifest SHA-256  {manifest}" in out
    assert f"zip SHA-256       {archive}" in out
    assert "sha256sum -c SHA256SUMS" in out
    assert main([*args[:-1], str(base / "case-plain"), "--no-zip"]) == 0
    out = capsys.readouterr().out
    assert "key fingerprint" not in out and "zip SHA-256" not in out
    assert "manifest SHA-256" in out


def test_cli_stix_prints_the_fingerprint(
    run_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = run_folder
    args = ["export", "stix", "--run", str(base / "run"), "--out", str(base / "s.json")]
    assert main([*args, "--ring", _top_ring(base), "--key-file", str(base / "key")]) == 0
    assert f"key fingerprint   {FINGERPRINT}" in capsys.readouterr().out


# -- 5. a keyed ring reference given where a ring id is asked ----------------------------------


def test_a_keyed_ring_ref_given_as_a_ring_id_is_named_as_one(
    small: sg.Analysis, run_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ring = offender_ring(small)
    ref = str(ring_refs([ring], SECRET)[0])
    hint = "watchlists and STIX bundles carry keyed ring references; use the ring id from rings.csv"
    with pytest.raises(InputError, match=re.escape(hint)):
        to_case(small, ref)
    with pytest.raises(InputError, match=re.escape(hint)):  # another key: cannot tell which
        to_case(small, ref, secret=OTHER_SECRET)
    with pytest.raises(InputError, match=f"keyed reference of ring '{ring}' under this key"):
        to_case(small, ref, secret=SECRET)
    with pytest.raises(InputError, match=f"keyed reference of ring '{ring}'"):
        to_stix(small, secret=SECRET, ring_ids=[ref])
    with pytest.raises(InputError) as err:
        to_case(small, "R-nope")
    assert str(err.value) == "ring_id 'R-nope' is not in this analysis"
    base = run_folder
    code = main(["export", "case", "--run", str(base / "run"), "--ring", ref, "--out", "x"])
    assert code != 0 and hint in capsys.readouterr().err


# -- 3. and 4. match-watchlist: the key not checked, kinds not configured ----------------------


@pytest.fixture(scope="module")
def partners() -> dict[str, object]:
    stores, links, _ = sg.make_marketplace(1500, seed=4)
    on_a = stores["platform"] == "mkt-a"
    a = sg.analyze(stores[on_a], links[links["store_id"].isin(stores.loc[on_a, "store_id"])])
    b_stores = stores[~on_a]
    b_links = links[links["store_id"].isin(b_stores["store_id"])]
    return {"wl": to_watchlist(a, secret=SECRET), "stores": b_stores, "links": b_links}


def _write_b(partners: dict, base: Path) -> list[str]:
    partners["stores"].to_csv(base / "stores.csv", index=False)
    partners["links"].to_csv(base / "links.csv", index=False)
    return ["--stores", str(base / "stores.csv"), "--links", str(base / "links.csv")]


def test_a_watchlist_without_a_fingerprint_warns_that_the_key_was_not_checked(
    partners: dict, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    wl = partners["wl"]
    bare = Watchlist(rows=wl.rows, meta={})
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        found = match_watchlist(bare, partners["stores"], partners["links"], secret=OTHER_SECRET)
    assert len(found.matches) == 0
    assert found.summary["watchlist_key_fingerprint"] is None
    assert found.summary["key_checked"] is False
    assert "carries no key fingerprint" in caplog.text and "not checked" in caplog.text
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        right = match_watchlist(wl, partners["stores"], partners["links"], secret=SECRET)
    assert caplog.records == [] and right.summary["key_checked"] is True
    assert len(right.matches) > 0
    # The CLI, with a watchlist whose metadata line a tool dropped.
    csv = to_watchlist_csv(wl).split("\n", 1)[1]
    (tmp_path / "wl.csv").write_text(csv)
    (tmp_path / "wrong.key").write_bytes(OTHER_SECRET)
    tables = _write_b(partners, tmp_path)
    cmd = ["match-watchlist", "--watchlist", str(tmp_path / "wl.csv"), *tables]
    cmd += ["--out", str(tmp_path / "m.csv"), "--key-file", str(tmp_path / "wrong.key")]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        assert main(cmd) == 0
    assert "carries no key fingerprint" in caplog.text


def test_no_key_check_shows_both_fingerprints_and_warns(
    partners: dict,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        found = match_watchlist(
            partners["wl"],
            partners["stores"],
            partners["links"],
            secret=OTHER_SECRET,
            check_key=False,
        )
    theirs, ours = FINGERPRINT, key_fingerprint(OTHER_SECRET)
    assert found.summary["watchlist_key_fingerprint"] == theirs
    assert found.summary["key_checked"] is False
    assert theirs in caplog.text and ours in caplog.text and "another key" in caplog.text
    (tmp_path / "wl.csv").write_text(to_watchlist_csv(partners["wl"]))
    (tmp_path / "wrong.key").write_bytes(OTHER_SECRET)
    cmd = [
        "match-watchlist",
        "--watchlist",
        str(tmp_path / "wl.csv"),
        *_write_b(partners, tmp_path),
    ]
    cmd += ["--out", str(tmp_path / "m.csv"), "--key-file", str(tmp_path / "wrong.key")]
    assert main([*cmd, "--no-key-check"]) == 0
    out = capsys.readouterr().out
    assert f"key fingerprint   {ours}, the watchlist's {theirs}: OTHER KEYS" in out
    assert "hint              nothing matched: is it the partner's key" in out


def test_a_match_gives_no_hint_and_the_usual_fingerprint_line(
    partners: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "wl.csv").write_text(to_watchlist_csv(partners["wl"]))
    (tmp_path / "key").write_bytes(SECRET)
    cmd = [
        "match-watchlist",
        "--watchlist",
        str(tmp_path / "wl.csv"),
        *_write_b(partners, tmp_path),
    ]
    assert main([*cmd, "--out", str(tmp_path / "m.csv"), "--key-file", str(tmp_path / "key")]) == 0
    out = capsys.readouterr().out
    assert f"key fingerprint   {FINGERPRINT}\n" in out
    assert "\nhint " not in out and "not matched" not in out
    assert "(0 of kinds you do not configure)" in out


def test_kinds_you_do_not_configure_are_named_with_a_fix(
    partners: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wl = partners["wl"]
    rows = wl.rows.copy()
    kind = rows["kind"].astype(str)
    rows["kind"] = kind.replace({"payment_account": "alipay", "device": "wechat"})
    n_alipay, n_wechat = int((kind == "payment_account").sum()), int((kind == "device").sum())
    assert n_alipay and n_wechat
    custom = Watchlist(rows=rows, meta=wl.meta)
    found = match_watchlist(custom, partners["stores"], partners["links"], secret=SECRET)
    assert found.summary["watchlist_unknown_kinds"] == {"alipay": n_alipay, "wechat": n_wechat}
    assert found.summary["watchlist_rows_unknown_kind"] == n_alipay + n_wechat
    (tmp_path / "wl.csv").write_text(to_watchlist_csv(custom))
    (tmp_path / "key").write_bytes(SECRET)
    cmd = [
        "match-watchlist",
        "--watchlist",
        str(tmp_path / "wl.csv"),
        *_write_b(partners, tmp_path),
    ]
    assert main([*cmd, "--out", str(tmp_path / "m.csv"), "--key-file", str(tmp_path / "key")]) == 0
    out = capsys.readouterr().out
    total = n_alipay + n_wechat
    assert (
        f"({total:,} of kinds you do not configure: alipay {n_alipay:,}, wechat {n_wechat:,})"
        in out
    )
    assert "configure kinds named alipay and wechat (--config)" in out
    assert "(--kind-names), or ask the partner to export them as built-in kinds" in out


# -- the docs ----------------------------------------------------------------------------------

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_sharing_page_tells_of_fingerprints_and_checksums() -> None:
    text = " ".join((DOCS / "sharing.md").read_text().split())
    for words in (
        "sha256sum -c SHA256SUMS",
        "manifest SHA-256",
        "`key_fingerprint`",
        "`ring_ref`",
        "carries no key fingerprint",
        "of kinds you do not configure: alipay",
        "watchlists and STIX bundles carry keyed ring references",
        "How to read this",
    ):
        assert words in text, words


def test_case_members_csv_is_unchanged_by_the_key_fields(small: sg.Analysis) -> None:
    """The tables are what they were: only case.json, the manifest, the dossier and
    SHA256SUMS record the key."""
    ring = offender_ring(small)
    keyed, plain = to_case(small, ring, secret=SECRET), to_case(small, ring)
    members = pd.read_csv(io.BytesIO(keyed.files["members.csv"]))
    assert "key_fingerprint" not in members.columns and "ring_ref" not in members.columns
    assert keyed.files["timeline.csv"] == plain.files["timeline.csv"]
