"""Identifier keys change only with ``KEYS_VERSION``; stored artefacts record it.

A release that reads a value into another key than the one before (``MUFG0141931``
became ``MUFG_0141931``) makes every stored artefact of the old keys miss it: a
screening index lets a returning seller through, a partner's watchlist matches less.
Artefacts record :data:`sellergraph._version.KEYS_VERSION` and readers compare it; this
file makes forgetting to bump it hard.

``tests/data/keys_corpus.csv`` is a fixed corpus of a few hundred values (``kind,
region, value``: every built-in kind, store names and a custom kind, phone numbers in
the regions the tests read them in) with the key each is read into (``key``, empty
when set aside). ``tests/data/keys_digests.json`` records, for each keys version, the
digest of the corpus's keys. When the keys differ from those recorded, the test fails
with "keys changed: bump KEYS_VERSION and record the new digest"; then

    PYTHONPATH=. python tests/test_keys_version.py --record

records the new keys and digest under the new version (and the phonenumbers release
they were read with: under another, changed phone and payment keys skip the test
rather than fail it, since they come from the phone metadata). It refuses to record other keys
under a version that already has a digest (bump it first), but takes rows added to the
corpus (without a ``key``) when the keys of the others are unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import sys
import zipfile
from pathlib import Path

import pandas as pd
import phonenumbers
import pytest

import sellergraph as sg
from sellergraph._version import KEYS_VERSION
from sellergraph.config import BUILTIN_KINDS, NormalizeConfig
from sellergraph.errors import InputError
from sellergraph.intel import (
    match_watchlist,
    read_watchlist,
    to_case,
    to_watchlist,
    write_watchlist,
)
from sellergraph.io.run import read_analysis, read_run, write_run
from sellergraph.normalize import normalize_values
from sellergraph.rundiff import diff_runs

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "keys_corpus.csv"
DIGESTS = DATA / "keys_digests.json"
#: The phonenumbers release the corpus's keys were recorded with: a later one may read
#: a number of a range it added otherwise (the keys did change; a release must bump).
PHONENUMBERS = DATA / "keys_phonenumbers_version.txt"
RECORD = "PYTHONPATH=. python tests/test_keys_version.py --record"
CHANGED = "keys changed: bump KEYS_VERSION and record the new digest"

#: Regions the normaliser tests read phone numbers in, which the corpus must cover.
TEST_REGIONS = (
    "AU", "BD", "BR", "CA", "CN", "DE", "EG", "GB", "GH", "HK", "ID", "IE", "IN", "IT", "JP",
    "KE", "KR", "MX", "MY", "NG", "NZ", "PH", "PK", "PL", "TH", "TW", "US", "VN", "ZA",
)  # fmt: skip


# -- the corpus and its digest -------------------------------------------------------


def read_corpus() -> list[dict[str, str | None]]:
    """The corpus rows; ``key`` is None for a row added without one."""
    with CORPUS.open(encoding="utf-8", newline="") as fh:
        return [{"key": None, **row} for row in csv.DictReader(fh)]


def corpus_keys(rows: list[dict[str, str | None]]) -> list[str]:
    """The key each row's value is read into now ("" when set aside), as the batch reads
    a links table: per kind, in the row's region (the default config's when empty)."""
    keys = [""] * len(rows)
    groups: dict[tuple[str, str], list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault((str(row["kind"]), str(row["region"])), []).append(i)
    for (kind, region), at in sorted(groups.items()):
        config = NormalizeConfig(default_region=region) if region else None
        values = pd.Series([rows[i]["value"] for i in at], dtype=object)
        found = normalize_values(kind, values, config=config)["key"].tolist()
        for i, key in zip(at, found, strict=True):
            keys[i] = "" if key is None else str(key)
    return keys


def keys_digest(rows: list[dict[str, str | None]], keys: list[str]) -> str:
    """SHA-256 of every (kind, region, value, key), in the corpus's order."""
    h = hashlib.sha256()
    for row, key in zip(rows, keys, strict=True):
        h.update(
            "\x1f".join([str(row["kind"]), str(row["region"]), str(row["value"]), key]).encode()
        )
        h.update(b"\n")
    return h.hexdigest()


def recorded_digests() -> dict[str, str]:
    return json.loads(DIGESTS.read_text(encoding="utf-8")) if DIGESTS.is_file() else {}


def test_the_corpus_covers_every_kind_and_the_tests_regions() -> None:
    rows = read_corpus()
    kinds = {r["kind"] for r in rows}
    assert set(BUILTIN_KINDS) | {"store_name"} <= kinds
    assert kinds - set(BUILTIN_KINDS) - {"store_name"}, "a custom kind (the generic rules)"
    regions = {r["region"] for r in rows if r["kind"] == "phone"}
    assert set(TEST_REGIONS) <= regions, sorted(set(TEST_REGIONS) - regions)
    assert len(rows) >= 300
    assert all(r["key"] is not None for r in rows), f"rows without a key: run {RECORD}"


def test_keys_are_those_recorded() -> None:
    rows = read_corpus()
    now = corpus_keys(rows)
    changed = [
        (r["kind"], r["region"], r["value"], r["key"], key)
        for r, key in zip(rows, now, strict=True)
        if r["key"] != key
    ]
    recorded_with = PHONENUMBERS.read_text(encoding="utf-8").strip()
    if (
        changed
        and phonenumbers.__version__ != recorded_with
        and {c[0] for c in changed} <= {"phone", "payment_account"}
    ):
        pytest.skip(
            f"phonenumbers {phonenumbers.__version__} (the keys were recorded with "
            f"{recorded_with}) reads {len(changed)} numbers otherwise: {changed[:5]}; "
            f"before a release, {CHANGED} ({RECORD})"
        )
    assert not changed, (
        f"{CHANGED} ({RECORD}): {len(changed)} of {len(rows)} corpus values are keyed "
        f"otherwise than KEYS_VERSION {KEYS_VERSION} recorded (kind, region, value, "
        f"recorded key, key now): {changed[:10]}"
    )


def test_the_recorded_keys_are_keys_version_s() -> None:
    rows = read_corpus()
    digests = recorded_digests()
    recorded = keys_digest(rows, [str(r["key"] or "") for r in rows])
    assert str(KEYS_VERSION) in digests, (
        f"KEYS_VERSION {KEYS_VERSION} has no recorded digest: run {RECORD}"
    )
    assert digests[str(KEYS_VERSION)] == recorded, (
        f"{CHANGED}: the corpus's recorded keys are not those of KEYS_VERSION "
        f"{KEYS_VERSION} (were they edited by hand?); run {RECORD}"
    )
    assert max(int(v) for v in digests) == KEYS_VERSION, "a digest of a later keys version"
    assert len(set(digests.values())) == len(digests), "two keys versions of the same keys"


# -- the artefacts record it and readers check it --------------------------------------


@pytest.fixture(scope="module")
def analysis() -> sg.Analysis:
    stores, links, _ = sg.make_marketplace(300, seed=2)
    return sg.analyze(stores, links, seed=0)


def _as_of(folder: Path, version: int | None) -> None:
    """The folder's run.json as a sellergraph of keys version ``version`` wrote it."""
    path = folder / "run.json"
    meta = json.loads(path.read_text())
    if version is None:
        del meta["keys_version"]
    else:
        meta["keys_version"] = version
    path.write_text(json.dumps(meta))


def test_run_json_records_the_keys_version(analysis: sg.Analysis, tmp_path: Path) -> None:
    write_run(analysis, tmp_path / "run", report=False)
    assert read_run(tmp_path / "run")["keys_version"] == KEYS_VERSION
    assert read_analysis(tmp_path / "run").provenance["keys_version"] == KEYS_VERSION


def test_an_index_records_its_keys_version(analysis: sg.Analysis, tmp_path: Path) -> None:
    path = sg.Screener.from_analysis(analysis).save(tmp_path / "i.sgidx")
    with zipfile.ZipFile(path) as zf:
        assert json.loads(zf.read("meta.json"))["keys_version"] == KEYS_VERSION
    assert sg.Screener.load(path).keys_version == KEYS_VERSION


def _index_of_keys(analysis: sg.Analysis, path: Path, version: int | None) -> Path:
    """An index file as a sellergraph of keys version ``version`` wrote it."""
    screener = sg.Screener.from_analysis(analysis)
    screener.keys_version = version
    return screener.save(path)


@pytest.mark.parametrize("version", [KEYS_VERSION - 1, KEYS_VERSION + 1, None])
def test_an_index_of_other_keys_is_refused_with_rebuild_told(
    analysis: sg.Analysis, tmp_path: Path, version: int | None
) -> None:
    path = _index_of_keys(analysis, tmp_path / "i.sgidx", version)
    with pytest.raises(InputError) as err:
        sg.Screener.load(path)
    message = str(err.value)
    said = f"keys version {version}" if version is not None else "no keys version"
    assert said in message and f"keys version {KEYS_VERSION}" in message
    assert "Rebuild the index" in message and "sellergraph index --run" in message
    assert "returning seller would be allowed" in message


def test_an_index_of_other_keys_screens_when_the_check_is_off_with_a_warning(
    analysis: sg.Analysis, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _index_of_keys(analysis, tmp_path / "i.sgidx", KEYS_VERSION + 1)
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        screener = sg.Screener.load(path, check_keys_version=False)
    assert screener.keys_version == KEYS_VERSION + 1
    assert f"keys version {KEYS_VERSION + 1}" in caplog.text and "rebuild" in caplog.text
    # saved again, it still says what keys it holds
    again = screener.save(tmp_path / "j.sgidx")
    with pytest.raises(InputError, match=f"keys version {KEYS_VERSION + 1}"):
        sg.Screener.load(again)


def test_an_index_command_on_an_old_run_folder_is_refused(
    analysis: sg.Analysis, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from sellergraph.cli import main

    write_run(analysis, tmp_path / "run", report=False)
    _as_of(tmp_path / "run", None)
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        old = read_analysis(tmp_path / "run")
    assert old.provenance["keys_version"] is None
    assert "holds identifier keys of no keys version" in caplog.text
    with pytest.raises(InputError, match="Rebuild the index"):
        sg.Screener.from_analysis(old)
    out = tmp_path / "i.sgidx"
    assert main(["index", "--run", str(tmp_path / "run"), "--out", str(out), "-q"]) != 0
    assert not out.exists()


def test_a_watchlist_records_its_keys_version_and_a_match_names_both(
    analysis: sg.Analysis, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    secret = b"a key both partners agreed on, long enough"
    wl = to_watchlist(analysis, secret=secret)
    assert wl.meta["keys_version"] == KEYS_VERSION
    path = write_watchlist(wl, tmp_path / "wl.csv")
    assert read_watchlist(path).meta["keys_version"] == KEYS_VERSION
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        same = match_watchlist(path, analysis, secret=secret)
    assert "keyed with" not in caplog.text
    assert same.summary["keys_version"] == same.summary["watchlist_keys_version"] == KEYS_VERSION
    theirs = type(wl)(rows=wl.rows, meta={**wl.meta, "keys_version": KEYS_VERSION + 1})
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        found = match_watchlist(theirs, analysis, secret=secret)
    assert (
        f"keyed with keys version {KEYS_VERSION + 1}, yours with keys version {KEYS_VERSION}"
        in caplog.text
    )
    assert found.summary["watchlist_keys_version"] == KEYS_VERSION + 1
    # one made before watchlists recorded it
    older = type(wl)(rows=wl.rows, meta={k: v for k, v in wl.meta.items() if k != "keys_version"})
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sellergraph"):
        match_watchlist(older, analysis, secret=secret)
    assert "keyed with no keys version (made before sellergraph recorded one)" in caplog.text


def test_a_watchlist_from_an_old_run_folder_records_the_folders_keys(
    analysis: sg.Analysis, tmp_path: Path
) -> None:
    write_run(analysis, tmp_path / "run", report=False)
    _as_of(tmp_path / "run", KEYS_VERSION - 1)
    old = read_analysis(tmp_path / "run")
    wl = to_watchlist(old, secret=b"a key both partners agreed on, long enough")
    assert wl.meta["keys_version"] == KEYS_VERSION - 1


def test_a_case_package_records_its_keys_version(analysis: sg.Analysis) -> None:
    ring_id = analysis.rings.sort_values("n_banned", ascending=False)["ring_id"].iloc[0]
    case = to_case(analysis, ring_id, secret=b"a key both partners agreed on, long")
    assert case.manifest["keys_version"] == KEYS_VERSION
    assert json.loads(case.files["case.json"])["case"]["keys_version"] == KEYS_VERSION


def test_diff_notes_a_previous_run_of_other_keys(analysis: sg.Analysis, tmp_path: Path) -> None:
    write_run(analysis, tmp_path / "before", report=False)
    write_run(analysis, tmp_path / "after", report=False)
    assert not any("keys" in n for n in diff_runs(tmp_path / "before", tmp_path / "after").notes)
    _as_of(tmp_path / "before", None)
    notes = diff_runs(tmp_path / "before", tmp_path / "after").notes
    assert [n for n in notes if "identifier keys" in n] == [
        f"the identifier keys are keys version {KEYS_VERSION}, no keys version (made before "
        "sellergraph recorded one) in the previous run: a value written alike may be keyed "
        "otherwise, so links, alerts and rings may change for that alone"
    ]


# -- recording ------------------------------------------------------------------------


def record() -> int:
    """Record the corpus's keys and their digest under KEYS_VERSION (see the module)."""
    rows = read_corpus()
    now = corpus_keys(rows)
    digest = keys_digest(rows, now)
    digests = recorded_digests()
    version = str(KEYS_VERSION)
    changed = [
        (r["kind"], r["region"], r["value"], r["key"], key)
        for r, key in zip(rows, now, strict=True)
        if r["key"] is not None and r["key"] != key
    ]
    if digests.get(version, digest) != digest and changed:
        print(
            f"KEYS_VERSION {version} already records other keys: {len(changed)} values are "
            f"keyed otherwise now, e.g. {changed[:5]}. Bump KEYS_VERSION in "
            "sellergraph/_version.py, then record again.",
            file=sys.stderr,
        )
        return 1
    with CORPUS.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\n")
        out.writerow(["kind", "region", "value", "key"])
        out.writerows(
            [r["kind"], r["region"], r["value"], key] for r, key in zip(rows, now, strict=True)
        )
    digests[version] = digest
    PHONENUMBERS.write_text(phonenumbers.__version__ + "\n", encoding="utf-8")
    DIGESTS.write_text(
        json.dumps(dict(sorted(digests.items(), key=lambda kv: int(kv[0]))), indent=1) + "\n",
        encoding="utf-8",
    )
    print(f"recorded {len(rows)} keys under KEYS_VERSION {version}: {digest}")
    return 0


if __name__ == "__main__":
    if sys.argv[1:] != ["--record"]:
        sys.exit(f"usage: {RECORD}")
    sys.exit(record())
