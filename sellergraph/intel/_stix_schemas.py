"""The OASIS validator's JSON schemas, read and indexed once per process.

``stix2-validator`` (3.x) builds a fresh ``referencing`` registry holding only the
object's own schema for every object it checks. Each ``$ref`` to a shared schema
(``common/core.json``, ...) then misses, which makes the registry crawl all it holds
again before fetching the file: about 3 ms per object, minutes for a large export
(see oasis-open/cti-stix-validator#242). :func:`indexed_schemas` hands the validator
one registry holding every schema of its folder, crawled once, so those lookups hit.
The schemas, the patches the validator applies to them and its checks are its own:
only where a schema is found changes, and the problems reported are the same.

If the validator's internals are not the ones this was written against, nothing is
changed and validation runs at its own speed.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["indexed_schemas"]

_LOCK = threading.Lock()
#: What :func:`_load_validator` uses of ``stix2validator.validator``.
_NEEDED = (
    "load_validator",
    "patch_schema",
    "retrieve_from_filesystem",
    "STIXValidator",
    "Draft202012Validator",
    "_PATCHED_SCHEMAS",
)


@contextlib.contextmanager
def indexed_schemas() -> Iterator[None]:
    """While inside, the OASIS validator finds its schemas in one crawled registry.

    Examples
    --------
    >>> from stix2validator import ValidationOptions, validate_string
    >>> with indexed_schemas():
    ...     validate_string('{"type": "bundle", "id": "bundle--1"}',
    ...                     ValidationOptions(version="2.1", silent=True)).is_valid
    False
    """
    try:
        from stix2validator import validator
    except ImportError:  # pragma: no cover - the caller reports the missing extra
        yield
        return
    if not all(hasattr(validator, name) for name in _NEEDED):  # pragma: no cover
        yield
        return
    with _LOCK:  # the validator looks the function up on its module
        own = validator.load_validator
        validator.load_validator = functools.partial(_load_validator, validator)
        try:
            yield
        finally:
            validator.load_validator = own


def _load_validator(validator: Any, schema_path: str, schema: Any, schema_dir: str) -> Any:
    """``stix2validator.validator.load_validator``, with the whole schema folder at hand."""
    from referencing.jsonschema import DRAFT202012

    patched = validator._PATCHED_SCHEMAS
    if schema_path not in patched:
        patched[schema_path] = validator.patch_schema(schema, schema_path)
    schema = patched[schema_path]
    registry = _registry(validator, schema_dir).with_resource(
        schema_path, DRAFT202012.create_resource(schema)
    )
    return validator.STIXValidator(
        schema, registry=registry, format_checker=validator.Draft202012Validator.FORMAT_CHECKER
    )


@functools.cache
def _registry(validator: Any, schema_dir: str) -> Any:
    """Every schema under ``schema_dir`` (but its examples), as the validator itself
    would fetch it by absolute path, crawled."""
    from referencing import Registry

    fetch = functools.partial(validator.retrieve_from_filesystem, schema_dir=schema_dir)
    registry = Registry(retrieve=fetch)  # type: ignore[call-arg]  # an attrs alias
    for path in sorted(Path(schema_dir).rglob("*.json")):
        if "examples" not in path.parts:
            registry = registry.with_resource(str(path), fetch(str(path)))
    return registry.crawl()
