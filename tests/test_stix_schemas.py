"""The OASIS validator with its schemas indexed once finds what it finds without."""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest

import sellergraph as sg
from sellergraph.intel import stix, to_stix, validate_stix
from sellergraph.intel._stix_schemas import indexed_schemas

pytest.importorskip("stix2validator")
from stix2validator import validator

SECRET = b"the key two marketplaces agreed on"


@pytest.fixture(scope="module")
def bundle() -> dict[str, Any]:
    stores, links, _ = sg.make_marketplace(300, seed=3)
    analysis = sg.analyze(stores, links, seed=0)
    out: dict[str, Any] = json.loads(to_stix(analysis, secret=SECRET))
    return out


def broken_bundles(bundle: dict[str, Any]) -> list[dict[str, Any]]:
    """A valid bundle and one per kind of problem the schemas and checks find."""
    objects = bundle["objects"]

    def first(kind: str) -> dict[str, Any]:
        return dict(next(o for o in objects if o["type"] == kind))

    def swap(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
        return {**bundle, "objects": [new if o["id"] == old["id"] else o for o in objects]}

    actor, indicator, account = first("threat-actor"), first("indicator"), first("user-account")
    return [
        bundle,
        {**bundle, "objects": [o for o in objects if o["id"] != actor["id"]]},  # dangling refs
        swap(actor, {k: v for k, v in actor.items() if k != "name"}),  # required property
        swap(actor, {**actor, "created": "yesterday"}),  # timestamp format
        swap(actor, {**actor, "threat_actor_types": []}),  # empty list
        swap(indicator, {**indicator, "pattern": "[x:value = "}),  # pattern grammar
        swap(account, {**account, "id": "user-account--not-a-uuid"}),  # id form
        swap(account, {**account, "spec_version": "2.0"}),  # version
    ]


def test_the_same_problems_are_found_with_the_schemas_indexed(
    bundle: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = [json.dumps(b) for b in broken_bundles(bundle)]
    fast = [validate_stix(text) for text in cases]
    monkeypatch.setattr(stix, "indexed_schemas", contextlib.nullcontext)
    slow = [validate_stix(text) for text in cases]
    assert fast == slow
    assert fast[0] == [] and all(fast[1:])  # each broken bundle is caught


def test_the_validator_is_left_as_it_was() -> None:
    own = validator.load_validator
    with indexed_schemas():
        assert validator.load_validator is not own
    assert validator.load_validator is own
    with pytest.raises(RuntimeError), indexed_schemas():
        raise RuntimeError("a failing validation restores it too")
    assert validator.load_validator is own
