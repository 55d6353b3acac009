"""Reading a run folder back holds no more than it needs.

The commands that work on a run folder (``index``, ``export ...``) rebuild its analysis:
the links are read with their repeated columns categorical, and the tables read are let
go once loaded; the exports build the links of the stores they describe, not the whole
table; ``index`` lets go what the index is not made of. What they write is the same.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sellergraph as sg
from sellergraph.analysis import Analysis
from sellergraph.cli.screening_commands import index_inputs
from sellergraph.intel import to_case, to_stix, to_watchlist
from sellergraph.intel._common import identifiers_of, store_links
from sellergraph.io.run import _link_observations, read_analysis, write_run

SECRET = b"a key both partners agreed on"


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    stores, links, _ = sg.make_marketplace(600, seed=3)
    # stores out of id order: the links table is then reordered by store id
    stores = stores.sample(frac=1.0, random_state=0).reset_index(drop=True)
    return sg.analyze(stores, links, seed=0)


@pytest.fixture(scope="module", params=["csv", "parquet"])
def run_folder(request: pytest.FixtureRequest, analysis: Analysis, tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp(f"run_{request.param}")
    write_run(analysis, folder, fmt=request.param, report=False)
    return folder


def _offender_ring(analysis: Analysis) -> str:
    rings = analysis.rings.sort_values(["n_banned", "ring_id"], ascending=[False, True])
    return str(rings["ring_id"].iloc[0])


def test_store_links_are_those_stores_rows_of_the_links_table(analysis: Analysis) -> None:
    assert analysis._store_id_ranks is not None  # the table is reordered
    codes = np.flatnonzero(analysis.stores["status"].to_numpy() == "banned")
    links, ident = store_links(analysis, codes)
    whole = analysis.links
    expected = whole[whole["store_id"].isin(analysis.stores["store_id"].to_numpy()[codes])]
    # a flag column with no flag in it is of no text dtype: the same values all the same
    pd.testing.assert_frame_equal(links, expected.reset_index(drop=True), check_dtype=False)
    held = analysis.dataset.codes.identifiers
    assert held["key"].to_numpy()[ident].tolist() == links["key"].tolist()


def test_store_links_of_no_store_are_none(analysis: Analysis) -> None:
    links, ident = store_links(analysis, np.array([], dtype=np.int64))
    assert links.empty and list(links.columns) == list(analysis.links.columns)
    assert len(ident) == 0


def test_identifiers_of_are_the_evidence_rows_of_those_codes(analysis: Analysis) -> None:
    rows = identifiers_of(analysis, np.array([5, 2, 5, 0]))
    expected = analysis.evidence.identifiers.iloc[[0, 2, 5]]
    pd.testing.assert_frame_equal(rows, expected)


def test_exports_build_no_whole_links_table(
    analysis: Analysis, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = sg.analyze(analysis.dataset, seed=0)  # its links table not yet built
    expected = (
        to_stix(analysis, secret=SECRET),
        to_watchlist(analysis, secret=SECRET, members="ring").rows,
        to_case(analysis, _offender_ring(analysis), secret=SECRET).files,
    )

    def whole_table(self: Analysis) -> pd.DataFrame:
        raise AssertionError("the whole links table was built")

    monkeypatch.setattr(Analysis, "links", property(whole_table))
    assert to_stix(fresh, secret=SECRET) == expected[0]
    pd.testing.assert_frame_equal(
        to_watchlist(fresh, secret=SECRET, members="ring").rows, expected[1]
    )
    assert to_case(fresh, _offender_ring(fresh), secret=SECRET).files == expected[2]


def test_links_are_read_back_as_categorical_observations(run_folder: Path) -> None:
    fmt = "csv" if (run_folder / "links.csv").is_file() else "parquet"
    observations, n_obs = _link_observations(run_folder, fmt)
    for column in ("store_id", "kind", "observed_at"):
        assert isinstance(observations[column].dtype, pd.CategoricalDtype), column
    links = pd.read_csv(run_folder / "links.csv") if fmt == "csv" else None
    if links is not None:  # each link at its first sighting, then at a later last one
        later = links[links["last_seen"].notna() & (links["last_seen"] != links["first_seen"])]
        assert len(observations) == len(links) + len(later)
        assert observations["value"].tolist() == [*links["key"], *later["key"]]
        first = (
            observations["observed_at"]
            .astype(object)
            .where(observations["observed_at"].notna(), None)
        )
        assert first.tolist() == [
            *links["first_seen"].astype(object).where(links["first_seen"].notna(), None),
            *later["last_seen"],
        ]
        assert n_obs is not None and n_obs.tolist() == links["n_obs"].tolist()


def test_a_read_back_analysis_is_the_run_s(run_folder: Path, analysis: Analysis) -> None:
    back = read_analysis(run_folder)
    pd.testing.assert_frame_equal(back.scores, analysis.scores)
    pd.testing.assert_frame_equal(back.rings, analysis.rings)
    pd.testing.assert_frame_equal(
        back.links.drop(columns="row"), analysis.links.drop(columns="row")
    )
    assert back.provenance["timings"]["load"] >= 0


def test_a_link_with_no_date_is_read_back(tmp_path: Path) -> None:
    stores = pd.DataFrame(
        {
            "store_id": ["old", "new", "other"],
            "status": ["banned", "active", "active"],
            "opened_at": ["2016-01-01", "2017-06-01", "2015-01-01"],
            "closed_at": ["2017-05-01", None, None],
        }
    )
    links = pd.DataFrame(
        {
            "store_id": ["old", "new", "new", "old", "other"],
            "kind": ["device", "device", "phone", "phone", "phone"],
            "value": ["490154203237518", "490154203237518", "138-0013-8000", "13800138000", "1"],
            "observed_at": ["2016-02-01", None, "2018-01-01", "2016-03-01", None],
        }
    )
    analysis = sg.analyze(stores, links)
    for fmt in ("csv", "parquet"):
        write_run(analysis, tmp_path / fmt, fmt=fmt, report=False)
        back = read_analysis(tmp_path / fmt)
        pd.testing.assert_frame_equal(back.scores, analysis.scores)
        pd.testing.assert_frame_equal(  # "row": the rebuild's input row, not the run's
            back.links.drop(columns="row"), analysis.links.drop(columns="row")
        )


def _saved(screener: sg.Screener, path: Path) -> dict[str, bytes]:
    screener.save(path)
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as z:
        return {name: z.read(name) for name in z.namelist()}


def test_the_index_is_made_of_what_index_inputs_keep(analysis: Analysis, tmp_path: Path) -> None:
    whole = _saved(sg.Screener.from_analysis(analysis), tmp_path / "whole.sgidx")
    kept = index_inputs(analysis)
    assert len(kept.dataset.codes.store) == 0 and kept.evidence.items.empty
    assert whole == _saved(sg.Screener.from_analysis(kept), tmp_path / "kept.sgidx")
