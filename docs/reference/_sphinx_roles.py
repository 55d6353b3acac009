"""mkdocs hook: turn Sphinx roles left in docstrings into links of the API reference.

The docstrings are numpydoc and use Sphinx cross-reference roles (``:func:`analyze```,
``:class:`~sellergraph.Analysis```, ``:attr:`Ring.subgraph <sellergraph.analysis.Ring.subgraph>```).
mkdocstrings renders them as ``:func:<code>analyze</code>``; this hook replaces each with
the code text, linked through mkdocs-autorefs when the name resolves to a documented
object of the package (``optional``: a name that does not resolve stays plain code and
never fails a ``--strict`` build).

Names resolve like Sphinx does: a full path as written, then relative to the object being
documented (the nearest heading id before the role) and its parents, then a short name
that is unique in the package. A leading ``~`` shows only the last component.

Registered in ``mkdocs.yml`` under ``hooks``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

PACKAGE = "sellergraph"

ROLE = re.compile(
    r":(?:py:)?(?:class|func|meth|attr|mod|data|exc|obj|const):<code>(?P<body>[^<]+?)</code>"
)
HEADING_ID = re.compile(r'id="(?P<path>' + PACKAGE + r'(?:\.[A-Za-z_]\w*)*)"')
_EXPLICIT = re.compile(r"^(?P<title>.+?)\s*&lt;(?P<target>[^&]+)&gt;$")

Resolver = Callable[[str, str], "str | None"]


def make_resolver(paths: Iterable[str], aliases: Mapping[str, str]) -> Resolver:
    """A function ``(target, context) -> full path or None`` over the package's objects.

    Parameters
    ----------
    paths : iterable of str
        Full (canonical) paths of every documented object.
    aliases : mapping
        Other paths under which an object is importable (``sellergraph.Analysis``) ->
        its canonical path.
    """
    known = set(paths)
    short: dict[str, set[str]] = {}
    for path in known:
        parts = path.split(".")
        for n in (1, 2):
            if len(parts) > n:
                short.setdefault(".".join(parts[-n:]), set()).add(path)

    def lookup(name: str) -> str | None:
        if name in known:
            return name
        return aliases.get(name)

    def resolve(target: str, context: str) -> str | None:
        name = target.lstrip("~.")
        found = lookup(name)
        if found:
            return found
        parts = context.split(".") if context else []
        while parts:
            found = lookup(".".join([*parts, name]))
            if found:
                return found
            parts.pop()
        candidates = short.get(name, set())
        return next(iter(candidates)) if len(candidates) == 1 else None

    return resolve


def link_roles(text: str, resolve: Resolver) -> str:
    """Replace every ``:role:<code>name</code>`` in rendered HTML by a (linked) code span."""
    contexts = [(m.start(), m.group("path")) for m in HEADING_ID.finditer(text)]

    def context_at(pos: int) -> str:
        current = ""
        for start, path in contexts:
            if start > pos:
                break
            current = path
        return current

    def replace(match: re.Match[str]) -> str:
        body = match.group("body").strip()
        explicit = _EXPLICIT.match(body)
        if explicit:
            title, target = explicit.group("title"), explicit.group("target").strip()
        else:
            target = body
            name = html.unescape(body.lstrip("~"))
            title = html.escape(name.rsplit(".", 1)[-1] if body.startswith("~") else name)
        path = resolve(html.unescape(target), context_at(match.start()))
        code = f"<code>{title}</code>"
        if path is None:
            return code
        return f'<autoref identifier="{html.escape(path)}" optional>{code}</autoref>'

    return ROLE.sub(replace, text)


def _package_objects(search_path: str) -> tuple[set[str], dict[str, str]]:
    import griffe

    root = griffe.load(PACKAGE, search_paths=[search_path], resolve_aliases=False)
    paths: set[str] = set()
    aliases: dict[str, str] = {}

    def walk(obj: Any) -> None:
        for member in obj.members.values():
            if member.is_alias:
                target = str(member.target_path)
                if target.startswith(PACKAGE + "."):
                    aliases[str(member.path)] = target
                continue
            paths.add(str(member.path))
            if member.is_module or member.is_class:
                walk(member)

    paths.add(PACKAGE)
    walk(root)
    return paths, aliases


_RESOLVER: Resolver | None = None


def on_config(config: Any, **kwargs: Any) -> Any:
    """Index the package's objects once per build."""
    global _RESOLVER
    from pathlib import Path

    root = str(Path(config["config_file_path"]).resolve().parent)
    _RESOLVER = make_resolver(*_package_objects(root))
    return config


def on_page_content(html_text: str, page: Any, **kwargs: Any) -> str:
    """Link the roles of one rendered page."""
    if _RESOLVER is None or ":<code>" not in html_text:
        return html_text
    return link_roles(html_text, _RESOLVER)
