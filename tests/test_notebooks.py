"""The example notebooks run top to bottom in a fresh kernel, and are committed without outputs.

Each notebook in ``examples/`` is executed with nbclient in a new Python kernel, started in
``examples/`` (as Jupyter would) and again in the repository root, with a time limit per
cell. A cell that raises, or that
writes anything to stderr (a warning, a traceback), fails the test. The committed files
must carry no outputs and no execution counts, so diffs stay readable and no data leaks
into the repository.

``02_neo4j_round_trip`` needs the ``neo4j`` driver and either ``arcadedb-embedded`` (it
starts a throwaway Bolt server) or a disposable database named by the
``SELLERGRAPH_NEO4J_*`` variables, as the Neo4j tests do; that database is emptied before
each run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the notebook tests need nbformat and nbclient")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NOTEBOOKS = sorted(EXAMPLES.glob("*.ipynb"))
#: Seconds one cell may take; a notebook's whole run should stay well under a minute.
CELL_TIMEOUT = 180
NOTEBOOK_BUDGET = 120.0


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def test_there_are_example_notebooks() -> None:
    names = {p.name for p in NOTEBOOKS}
    assert {
        "01_investigator_tour.ipynb",
        "02_neo4j_round_trip.ipynb",
        "03_sharing_watchlists.ipynb",
        "04_evaluation.ipynb",
    } <= names


def _prepare_neo4j() -> None:
    """Skip without the packages the Neo4j notebook needs; empty an external database."""
    pytest.importorskip("neo4j", reason='needs the neo4j driver: pip install "sellergraph[neo4j]"')
    uri = os.environ.get("SELLERGRAPH_NEO4J_URI")
    if not uri:
        pytest.importorskip(
            "arcadedb_embedded", reason="needs arcadedb-embedded (or SELLERGRAPH_NEO4J_URI)"
        )
        return
    from sellergraph.neo4j import connect

    password = os.environ.get("SELLERGRAPH_NEO4J_PASSWORD")
    if password is None:
        pytest.fail("SELLERGRAPH_NEO4J_URI is set but SELLERGRAPH_NEO4J_PASSWORD is not")
    with connect(
        uri,
        user=os.environ.get("SELLERGRAPH_NEO4J_USER", "neo4j"),
        password=password,
        database=os.environ.get("SELLERGRAPH_NEO4J_DATABASE", "neo4j"),
    ) as conn:
        conn.write("MATCH (n) DETACH DELETE n")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, f"{path.name} has no code cells"
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [], f"{path.name} cell {i} carries outputs"
        assert cell.execution_count is None, f"{path.name} cell {i} has an execution count"
    assert "widgets" not in nb.metadata, f"{path.name} carries widget state"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# "), (
        f"{path.name} should open with a title"
    )


@pytest.fixture(scope="session")
def matplotlib_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A private matplotlib configuration folder with its font cache already built.

    Matplotlib builds the cache on first use and says so on stderr when that takes
    more than a few seconds (on a busy machine it does); built once here, outside
    the notebooks, so their stderr stays the notebooks' own.
    """
    folder = tmp_path_factory.mktemp("matplotlib")
    subprocess.run(
        [sys.executable, "-c", "import matplotlib.font_manager"],
        env={**os.environ, "MPLCONFIGDIR": str(folder)},
        check=True,
        capture_output=True,
    )
    return folder


@pytest.mark.parametrize("where", ["examples", "root"])
@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_notebook_runs_in_a_fresh_kernel(
    path: Path,
    where: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    matplotlib_dir: Path,
) -> None:
    nbclient = pytest.importorskip("nbclient")
    if path.stem == "02_neo4j_round_trip":
        _prepare_neo4j()

    # A private IPython and matplotlib configuration: the user's profile plays no part.
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("MPLCONFIGDIR", str(matplotlib_dir))
    monkeypatch.delenv("MPLBACKEND", raising=False)
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        startup_timeout=60,
        kernel_name="python3",
        resources={"metadata": {"path": str(EXAMPLES if where == "examples" else EXAMPLES.parent)}},
    )
    started = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - started
    problems = []
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                problems.append(f"cell {i}: {out.ename}: {out.evalue}")
            elif out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i} wrote to stderr: {out.text[:300]!r}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)
    shown = [c for c in nb.cells if c.cell_type == "code" and c.outputs]
    assert shown, f"{path.name} displayed nothing"
    assert elapsed < NOTEBOOK_BUDGET, f"{path.name} took {elapsed:.0f} s"
