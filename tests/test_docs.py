"""The documentation site: its pages, its API reference, its examples, and a strict build.

``mkdocs build --strict`` is run into a temporary folder (a few seconds); it fails on a
broken link, a page missing from the navigation or a docstring mkdocstrings cannot render.
The other tests are cheap checks that keep the site in step with the code: every page in the
navigation exists and every page is in it, every public name of the front door is listed,
every module behind the front door has a reference page, and the getting-started example runs.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import sellergraph as sg

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference"


def _nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [p for item in nav for p in _nav_pages(item)]
    if isinstance(nav, dict):
        return [p for value in nav.values() for p in _nav_pages(value)]
    return []


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    yaml = pytest.importorskip("yaml")
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return loaded


def _directives() -> dict[str, list[str]]:
    """Reference page -> the objects its ``::: name`` directives render."""
    return {
        page.name: re.findall(r"^::: ([\w.]+)", page.read_text(encoding="utf-8"), flags=re.M)
        for page in sorted(REFERENCE.glob("*.md"))
    }


def test_every_nav_page_exists_and_every_page_is_in_the_nav(config: dict[str, Any]) -> None:
    nav = _nav_pages(config["nav"])
    assert len(nav) == len(set(nav)), "a page appears twice in the navigation"
    missing = [p for p in nav if not (DOCS / p).is_file()]
    assert missing == []
    pages = sorted(str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md"))
    assert [p for p in pages if p not in nav] == []


def test_site_sections(config: dict[str, Any]) -> None:
    titles = [next(iter(item)) for item in config["nav"] if isinstance(item, dict)]
    for section in (
        "Getting started",
        "Data contract",
        "Concepts",
        "How-to guides",
        "API reference",
        "Performance",
        "Security and privacy",
    ):
        assert section in titles
    handler = config["plugins"][1]["mkdocstrings"]["handlers"]["python"]
    assert handler["options"]["docstring_style"] == "numpy"
    assert handler["paths"] == ["."]


def test_front_door_page_lists_every_public_name() -> None:
    text = (REFERENCE / "sellergraph.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"\[`(\w+)`\]\[", text))
    public = {name for name in sg.__all__ if not name.startswith("__")} - {"KEYS_VERSION"}
    assert "`sg.KEYS_VERSION`" in text
    assert sorted(public - listed) == [], "add these names to docs/reference/sellergraph.md"
    assert sorted(listed - public) == [], "these names are not in sellergraph.__all__"


def test_front_door_links_point_where_the_names_live() -> None:
    text = (REFERENCE / "sellergraph.md").read_text(encoding="utf-8")
    for name, target in re.findall(r"\[`(\w+)`\]\[([\w.]+)\]", text):
        if name in sg._SUBMODULES:
            assert target == f"sellergraph.{name}"
            continue
        module = f"sellergraph.{sg._EXPORTS[name]}"
        assert target == f"{module}.{name}", f"{name} lives in {module}"


def test_every_module_behind_the_front_door_has_a_reference_page() -> None:
    documented = {name for names in _directives().values() for name in names}
    behind = {f"sellergraph.{m}" for m in sg._EXPORTS.values()}
    behind |= {f"sellergraph.{m}" for m in sg._SUBMODULES}
    assert sorted(behind - documented) == []


@pytest.mark.parametrize("page", sorted(p for p in _directives() if p != "index.md"))
def test_reference_directives_name_importable_objects(page: str) -> None:
    names = _directives()[page]
    assert names, f"{page} renders nothing"
    for name in names:
        module: ModuleType | None = None
        parts = name.split(".")
        for n in range(len(parts), 0, -1):
            try:
                module = importlib.import_module(".".join(parts[:n]))
            except ImportError:
                continue
            obj: Any = module
            for attr in parts[n:]:
                obj = getattr(obj, attr)
            break
        assert module is not None, f"{page}: {name} cannot be imported"


def test_examples_named_in_the_docs_exist() -> None:
    named = set()
    for page in DOCS.rglob("*.md"):
        named |= set(re.findall(r"examples/(\d\d_\w+\.ipynb)", page.read_text(encoding="utf-8")))
    assert named, "the docs name no example notebook"
    assert sorted(n for n in named if not (ROOT / "examples" / n).is_file()) == []


def test_getting_started_example_runs() -> None:
    text = (DOCS / "index.md").read_text(encoding="utf-8")
    block = re.findall(r"```python\n(.*?)```", text, flags=re.S)[0]
    namespace: dict[str, Any] = {}
    exec(compile(block, str(DOCS / "index.md"), "exec"), namespace)
    assert len(namespace["result"].alerts) > 0
    assert namespace["ring"].ring_id in set(namespace["result"].rings["ring_id"])


# -- the hook that links Sphinx roles --------------------------------------------------------


@pytest.fixture(scope="module")
def roles() -> ModuleType:
    path = REFERENCE / "_sphinx_roles.py"
    spec = importlib.util.spec_from_file_location("_sphinx_roles", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_roles_resolve_full_relative_short_and_aliased_names(roles: ModuleType) -> None:
    resolve = roles.make_resolver(
        [
            "sellergraph",
            "sellergraph.analysis",
            "sellergraph.analysis.Analysis",
            "sellergraph.analysis.Analysis.explain",
            "sellergraph.analysis.Ring",
            "sellergraph.pipeline.analyze",
            "sellergraph.io.tables.read_table",
            "sellergraph.io.run.read_table",
        ],
        {"sellergraph.Analysis": "sellergraph.analysis.Analysis"},
    )
    assert resolve("sellergraph.pipeline.analyze", "") == "sellergraph.pipeline.analyze"
    assert resolve("~sellergraph.Analysis", "") == "sellergraph.analysis.Analysis"
    # Relative to the object being documented, then its parents.
    assert resolve("explain", "sellergraph.analysis.Analysis.ring") == (
        "sellergraph.analysis.Analysis.explain"
    )
    assert resolve("Ring", "sellergraph.analysis.Analysis") == "sellergraph.analysis.Ring"
    # A short name unique in the package, from anywhere.
    assert resolve("analyze", "sellergraph.metrics") == "sellergraph.pipeline.analyze"
    assert resolve("Analysis.explain", "") == "sellergraph.analysis.Analysis.explain"
    # Ambiguous and unknown names stay unresolved.
    assert resolve("read_table", "sellergraph.metrics") is None
    assert resolve("DataFrame", "sellergraph.analysis") is None


def test_link_roles_rewrites_rendered_html(roles: ModuleType) -> None:
    resolve = roles.make_resolver(
        ["sellergraph.analysis.Analysis", "sellergraph.analysis.Ring.subgraph"], {}
    )
    text = (
        '<h2 id="sellergraph.analysis">x</h2>'
        "<p>See :class:<code>~sellergraph.analysis.Analysis</code>, :func:<code>pd.concat</code>"
        " and :attr:<code>subgraph &lt;sellergraph.analysis.Ring.subgraph&gt;</code>.</p>"
    )
    out = roles.link_roles(text, resolve)
    assert ":class:" not in out and ":func:" not in out and ":attr:" not in out
    assert (
        '<autoref identifier="sellergraph.analysis.Analysis" optional><code>Analysis</code>' in out
    )
    assert "<code>pd.concat</code>" in out and 'identifier="pd.concat"' not in out
    assert (
        '<autoref identifier="sellergraph.analysis.Ring.subgraph" optional>'
        "<code>subgraph</code></autoref>" in out
    )


# -- the strict build -------------------------------------------------------------------------


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    for module in ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python"):
        pytest.importorskip(module)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    for page in ("index.html", "reference/analysis/index.html", "security/index.html"):
        assert (site / page).is_file()
    analysis = (site / "reference/analysis/index.html").read_text(encoding="utf-8")
    assert 'id="sellergraph.analysis.Analysis.explain"' in analysis
    assert ":class:<code>" not in analysis and ":meth:<code>" not in analysis
    assert not list(site.rglob("*.py")), "build tooling was copied into the site"
