"""``--columns``, ``--status`` and ``--kind-names`` refuse a name given two targets."""

from __future__ import annotations

import pytest

from sellergraph.cli import main
from sellergraph.cli._common import parse_columns, parse_kind_names
from sellergraph.config import Config
from sellergraph.errors import InputError


def test_a_column_mapped_twice_is_refused() -> None:
    with pytest.raises(InputError, match=r"--columns gives 'shop' twice, as 'store_id' and as"):
        parse_columns("shop=store_id, tel=phone, shop=phone")


def test_the_same_mapping_twice_is_one_mapping() -> None:
    assert parse_columns("shop=store_id,shop=store_id") == {"shop": "store_id"}


def test_a_kind_name_given_two_kinds_is_refused() -> None:
    with pytest.raises(InputError, match="--kind-names gives 'tel' twice"):
        parse_kind_names(["tel=phone", "tel=device"], Config())


def test_the_command_says_it_in_one_line(tmp_path, capsys) -> None:
    code = main(
        [
            "run",
            "--stores",
            str(tmp_path / "s.csv"),
            "--out",
            str(tmp_path / "o"),
            "--columns",
            "a=store_id,a=phone",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("sellergraph: error: --columns gives 'a' twice")
