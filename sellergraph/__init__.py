"""sellergraph: find banned marketplace sellers returning under new identities.

The public names are imported on first use, so ``import sellergraph`` and the
command line start fast; ``dir(sellergraph)`` and ``__all__`` list them all.

>>> import sellergraph as sg
>>> sg.__version__
'0.1.0'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import KEYS_VERSION, __version__

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Analysis": "analysis",
    "Explanation": "analysis",
    "Ring": "analysis",
    "Config": "config",
    "EmailRule": "config",
    "FuzzyConfig": "config",
    "KindRule": "config",
    "NormalizeConfig": "config",
    "RingConfig": "config",
    "ScoreConfig": "config",
    "Dataset": "dataset",
    "load": "dataset",
    "ConfigError": "errors",
    "InputError": "errors",
    "MissingDependencyError": "errors",
    "SellergraphError": "errors",
    "WorkerLostError": "errors",
    "Evaluation": "metrics",
    "evaluate": "metrics",
    "RunDiff": "rundiff",
    "diff_runs": "rundiff",
    "normalize_values": "normalize",
    "analyze": "pipeline",
    "make_marketplace": "synthetic",
    "Decision": "screening",
    "Screener": "screening",
}
_SUBMODULES = ("intel", "neo4j", "synthetic")

__all__ = [
    "KEYS_VERSION",
    "Analysis",
    "Config",
    "ConfigError",
    "Dataset",
    "Decision",
    "EmailRule",
    "Evaluation",
    "Explanation",
    "FuzzyConfig",
    "InputError",
    "KindRule",
    "MissingDependencyError",
    "NormalizeConfig",
    "Ring",
    "RingConfig",
    "RunDiff",
    "ScoreConfig",
    "Screener",
    "SellergraphError",
    "WorkerLostError",
    "__version__",
    "analyze",
    "diff_runs",
    "evaluate",
    "intel",
    "load",
    "make_marketplace",
    "neo4j",
    "normalize_values",
    "synthetic",
]

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs
    from . import intel, neo4j, synthetic
    from .analysis import Analysis, Explanation, Ring
    from .config import (
        Config,
        EmailRule,
        FuzzyConfig,
        KindRule,
        NormalizeConfig,
        RingConfig,
        ScoreConfig,
    )
    from .dataset import Dataset, load
    from .errors import (
        ConfigError,
        InputError,
        MissingDependencyError,
        SellergraphError,
        WorkerLostError,
    )
    from .metrics import Evaluation, evaluate
    from .normalize import normalize_values
    from .pipeline import analyze
    from .rundiff import RunDiff, diff_runs
    from .screening import Decision, Screener
    from .synthetic import make_marketplace


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'sellergraph' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
