"""A Febrl-like wide stores table, shared by the tests of what Febrl runs showed."""

from __future__ import annotations

import pandas as pd


def febrl_stores(n: int, *, no_street: int = 0) -> pd.DataFrame:
    """``n`` stores, the last ``no_street`` of them with a second address line (a
    property name), suburb and postcode but no street line; a ``name`` column, not read
    without ``fuzzy.names``."""
    street = [f"{i} smith street" for i in range(n - no_street)] + [None] * no_street
    return pd.DataFrame(
        {
            "store_id": [f"rec-{i}" for i in range(n)],
            "status": ["banned"] + ["active"] * (n - 1),
            "closed_at": ["2023-01-01"] + [None] * (n - 1),
            "name": [f"person {i}" for i in range(n)],
            "address_1": street,
            "address_2": [f"villa {i}" for i in range(n)],
            "suburb": "yass",
            "postcode": "2582",
            "soc_sec_id": [f"{5000000 + 7919 * i}" for i in range(n)],
        }
    )
