"""A run folder reads back whatever its stored keys read as again.

Commands that work on a run folder (``index``, ``export ...``, ``explain``) rebuild its
analysis from the stored keys. A key that a normalisation rule reads otherwise when
given again (``MUFG0141931``, a Japanese account's key, has the shape of an Indian bank
code) made the folder unreadable; such keys now keep their stored form.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.cli import main
from sellergraph.dataset import reading_stored_keys
from sellergraph.io.run import read_analysis, write_run
from sellergraph.normalize import normalize_value

JP_ACCOUNT = "三菱UFJ銀行 渋谷支店 普通 0141931"


def jp_market() -> tuple[pd.DataFrame, pd.DataFrame]:
    stores, links, _ = sg.make_marketplace(300, seed=5)
    banned = stores.loc[stores["status"] == "banned", "store_id"].iloc[0]
    active = stores.loc[stores["status"] == "active", "store_id"].iloc[-1]
    extra = pd.DataFrame(
        {
            "store_id": [banned, active],
            "kind": ["payment_account", "payment_account"],
            "value": [JP_ACCOUNT, JP_ACCOUNT],
        }
    )
    return stores, pd.concat([links, extra], ignore_index=True)


#: The key versions before 0.x wrote for JP_ACCOUNT: read again it has the shape of an
#: Indian bank code (IFSC), and is set aside as such.
OLD_KEY = "MUFG0141931"


def test_the_japanese_account_key_is_its_own_key_and_the_old_one_is_not() -> None:
    key = normalize_value("payment_account", JP_ACCOUNT)[0]
    assert key == "MUFG_0141931" and normalize_value("payment_account", key)[0] == key
    assert normalize_value("payment_account", OLD_KEY)[0] != OLD_KEY


def _with_old_key(folder: Path, fmt: str) -> None:
    """The folder's links table as an earlier version wrote it."""
    path = folder / f"links.{fmt}"
    table = (
        pd.read_csv(path, dtype=str, keep_default_na=False)
        if fmt == "csv"
        else pd.read_parquet(path)
    )
    assert (table["key"] == "MUFG_0141931").sum() == 2
    table.loc[table["key"] == "MUFG_0141931", "key"] = OLD_KEY
    if fmt == "csv":
        table.to_csv(path, index=False)
    else:
        table.to_parquet(path, index=False)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_folder_with_a_key_read_otherwise_rebuilds_indexes_and_exports(
    fmt: str, tmp_path: Path
) -> None:
    analysis = sg.analyze(*jp_market(), seed=0)
    folder = tmp_path / "run"
    write_run(analysis, folder, fmt=fmt, report=False)
    _with_old_key(folder, fmt)
    again = read_analysis(folder)  # checks the scores against the folder's
    same = [c for c in analysis.scores.columns if c != "evidence"]  # a key masked: its length
    pd.testing.assert_frame_equal(again.scores[same], analysis.scores[same])
    assert main(["index", "--run", str(folder), "--out", str(tmp_path / "i.sgidx"), "-q"]) == 0
    key_file = tmp_path / "key.txt"
    key_file.write_text("a key both partners agreed on, long enough\n")
    watchlist = ["export", "watchlist", "--run", str(folder), "--key-file", str(key_file)]
    assert main([*watchlist, "--out", str(tmp_path / "w.csv"), "-q"]) == 0


def test_a_stored_key_set_aside_as_a_value_keeps_its_form(tmp_path: Path) -> None:
    stores, links, _ = sg.make_marketplace(300, seed=5)
    analysis = sg.analyze(stores, links, seed=0)
    folder = tmp_path / "run"
    write_run(analysis, folder, fmt="csv", report=False)
    table = pd.read_csv(folder / "links.csv", dtype=str, keep_default_na=False)
    payments = table[table["kind"] == "payment_account"]
    shared = payments["key"].value_counts()
    key = shared.index[0]
    assert shared.iloc[0] > 1
    # a key edited into a form the normaliser sets aside (a placeholder), everywhere
    table.loc[table["key"] == key, "key"] = "n/a"
    table.to_csv(folder / "links.csv", index=False)
    assert normalize_value("payment_account", "n/a")[0] is None
    again = read_analysis(folder)  # checks the scores against the folder's
    columns = ["store_id", "score", "matched_store_id"]
    pd.testing.assert_frame_equal(again.scores[columns], analysis.scores[columns])
    kept = again.links[again.links["kind"] == "payment_account"]
    assert (kept["key"] == "n/a").sum() == shared.iloc[0]


def test_outside_a_read_back_values_are_normalised_as_ever() -> None:
    stores = pd.DataFrame({"store_id": ["A", "B"], "status": ["banned", "active"]})
    links = pd.DataFrame(
        {
            "store_id": ["A", "B"],
            "kind": ["payment_account"] * 2,
            "value": ["n/a", "Acct: 4071 9352 86"],
        }
    )
    plain = sg.load(stores, links)
    assert list(plain.links["key"]) == ["4071935286"]
    with reading_stored_keys():
        stored = sg.load(stores, links)
    # every value is taken as a key: one keyed otherwise keeps its form too
    assert sorted(stored.links["key"]) == ["Acct: 4071 9352 86", "n/a"]


def test_a_folder_read_from_csv_keeps_an_address_key_read_otherwise(tmp_path: Path) -> None:
    # keys written by an earlier version's address rules (渋谷二丁目 was kept as written,
    # and is 2 now); the links table is read as Arrow text
    stores = tmp_path / "stores.csv"
    stores.write_text(
        "store_id,status,closed_at,address\n"
        "A,banned,2023-01-05,東京都渋谷区渋谷2-21-1\n"
        "B,active,,東京都渋谷区渋谷2-21-1\n"
        "C,active,,大阪府大阪市北区梅田1-1-1\n",
        encoding="utf-8",
    )
    folder = tmp_path / "run"
    assert main(["run", "--stores", str(stores), "--out", str(folder), "-q"]) == 0
    links = folder / "links.csv"
    table = pd.read_csv(links, dtype=str, keep_default_na=False)
    old = "東京都 渋谷区 渋谷二丁目 21 1"
    assert normalize_value("address", old)[0] != old
    table.loc[table["store_id"].isin(["A", "B"]), "key"] = old
    table.to_csv(links, index=False)
    assert main(["index", "--run", str(folder), "--out", str(tmp_path / "i.sgidx"), "-q"]) == 0
    again = read_analysis(folder)
    assert set(again.links.loc[again.links["store_id"].isin(["A", "B"]), "key"]) == {old}


def test_stored_keys_in_an_arrow_column_of_several_chunks_are_kept() -> None:
    import pyarrow as pa

    from sellergraph.dataset import _kept_as_stored
    from sellergraph.normalize import normalize_distinct_codes

    old = "東京都 渋谷区 渋谷二丁目 21 1"
    # every row its value's first: the rows taken are the whole column, still chunked
    chunks = pa.chunked_array([[old], ["大阪府 大阪市 北区 梅田 1 1 1"]], pa.large_string())
    values = pd.Series(pd.arrays.ArrowExtensionArray(chunks))
    d = _kept_as_stored("address", values, normalize_distinct_codes("address", values))
    assert isinstance(d.key, pa.Array)
    assert d.key.to_pylist()[0] == old
