"""Evidence as declarative pieces: per-kind weights, flags and hub specificity.

An identifier shared by two stores is evidence that one operator runs both, with a
strength that depends on its kind (a payment account is stronger than an address),
on flags raised by normalisation (a private IP is weak) and on how many stores share
it (a logistics-park address shared by thousands says nothing about any two of them).

Examples
--------
>>> from sellergraph.config import Config
>>> specificity([1, 2, 8, 32], free_share=8).round(2).tolist()
[1.0, 1.0, 1.0, 0.5]
>>> cfg = Config()
>>> identifier_weight("device", None, 2, cfg)
0.85
>>> identifier_weight("ip", "private_ip", 2, cfg)
0.06
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .config import Config

__all__ = [
    "FLAG_FACTORS",
    "KIND_LABELS",
    "identifier_table",
    "identifier_weight",
    "identifier_weights",
    "kind_label",
    "specificity",
]

#: Multipliers applied to an identifier's weight for flags set by normalisation.
FLAG_FACTORS: dict[str, float] = {
    "private_ip": 0.3,
    "reserved_ip": 0.1,
    "luhn_failed": 0.9,
    "imei_check_failed": 0.9,
    "id_check_failed": 0.8,
    "unlisted_phone": 0.9,
    "iban_check_failed": 0.8,
}

#: How kinds read in explanations and reports.
KIND_LABELS: dict[str, str] = {
    "payment_account": "payment account",
    "id_document": "ID document",
    "device": "device",
    "phone": "phone",
    "email": "e-mail",
    "address": "address",
    "ip": "IP address",
    "name": "store name",
}


def kind_label(kind: str) -> str:
    """Readable name of a kind (``payment_account`` -> ``payment account``)."""
    return KIND_LABELS.get(kind, kind.replace("_", " "))


def specificity(n_stores: Sequence[int] | np.ndarray, *, free_share: int) -> np.ndarray:
    """Weight multiplier for an identifier shared by ``n_stores`` stores.

    Full weight up to ``free_share`` stores (an operator's own ring), then decaying
    as ``sqrt(free_share / n)``: the more strangers share a value, the less it says
    about any two of them.
    """
    n = np.maximum(np.asarray(n_stores, dtype=np.float64), 1.0)
    return np.minimum(1.0, np.sqrt(free_share / n))


def identifier_weight(kind: str, flag: str | None, n_stores: int, config: Config) -> float:
    """Weight of one identifier shared by ``n_stores`` stores (0 once it is a hub)."""
    rule = config.kinds[kind]
    if n_stores > rule.hub_cap:
        return 0.0
    factor = FLAG_FACTORS.get(flag, 1.0) if flag else 1.0
    spec = float(specificity([n_stores], free_share=rule.free_share)[0])
    return round(rule.weight * factor * spec, 6)


def identifier_weights(
    base_weight: np.ndarray, free_share: np.ndarray, hub_cap: np.ndarray, n_stores: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Specificity, weight and hub suppression of identifiers held by ``n_stores`` stores.

    The one formula behind every identifier weight, in the batch analysis and when
    screening: ``weight = base_weight * min(1, sqrt(free_share / n))``, rounded to 6
    places, and 0 once ``n`` exceeds the kind's ``hub_cap``.

    Examples
    --------
    >>> spec, w, sup = identifier_weights(np.array([0.8, 0.8]), np.array([8.0, 8.0]),
    ...                                   np.array([50, 50]), np.array([32, 60]))
    >>> spec.tolist(), w.tolist(), sup.tolist()
    ([0.5, 0.3651483716701107], [0.4, 0.0], [False, True])
    """
    n = np.asarray(n_stores)
    # in place: the batch calls this on millions of identifiers at once
    spec = np.maximum(n, 1).astype(np.float64)
    np.divide(free_share, spec, out=spec)
    np.sqrt(spec, out=spec)
    np.minimum(1.0, spec, out=spec)
    suppressed = n > hub_cap
    weight = np.asarray(np.multiply(base_weight, spec))
    np.copyto(weight, 0.0, where=suppressed)
    np.round(weight, 6, out=weight)
    return spec, weight, suppressed


def identifier_table(
    kind: pd.Categorical,
    flag: pd.Series,
    n_stores: np.ndarray,
    n_banned: np.ndarray,
    config: Config,
) -> pd.DataFrame:
    """Evidence weight of every identifier, vectorised.

    Parameters
    ----------
    kind : Categorical
        Kind of each identifier.
    flag : Series
        Normalisation flag of each identifier (missing when none).
    n_stores, n_banned : ndarray
        How many stores (and banned stores) hold each identifier.
    config : Config

    Returns
    -------
    DataFrame
        ``base_weight`` (kind weight times flag factor), ``specificity``,
        ``weight`` (0 for suppressed hubs), ``suppressed`` (more stores than the
        kind's ``hub_cap``) and ``hub`` (more stores than ``free_share``).
    """
    # Kind and flag weights come from small tables indexed by one code per identifier.
    rules = [config.kinds[str(k)] for k in kind.categories]
    flag_code, flag_uniq = pd.factorize(flag)
    flag_factor = np.array([FLAG_FACTORS.get(str(f), 1.0) for f in flag_uniq] + [1.0])
    n_flags = len(flag_factor)  # code -1 (no flag) picks the trailing 1.0
    combo = np.asarray(kind.codes).astype(np.int64) * n_flags
    combo += np.where(flag_code < 0, n_flags - 1, flag_code)
    base_weight = (np.array([r.weight for r in rules])[:, None] * flag_factor).ravel()[combo]
    free = np.repeat(np.array([r.free_share for r in rules], dtype=np.float64), n_flags)
    cap = np.repeat(np.array([r.hub_cap for r in rules]), n_flags)
    n = np.asarray(n_stores)
    free_share = free[combo]
    spec, weight, suppressed = identifier_weights(base_weight, free_share, cap[combo], n)
    return pd.DataFrame(
        {
            "base_weight": base_weight,
            "specificity": spec,
            "weight": weight,
            "suppressed": suppressed,
            "hub": n > free_share,
            "n_stores": n_stores,
            "n_banned": n_banned,
        },
        copy=False,
    )
