"""sellergraph: find banned marketplace sellers returning under new identities.

>>> import sellergraph as sg
>>> sg.__version__
'0.1.0'
"""

from __future__ import annotations

from . import synthetic
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
from .errors import ConfigError, InputError, MissingDependencyError, SellergraphError
from .metrics import Evaluation, evaluate
from .normalize import normalize_values
from .pipeline import analyze
from .synthetic import make_marketplace

__version__ = "0.1.0"

__all__ = [
    "Analysis",
    "Config",
    "ConfigError",
    "Dataset",
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
    "ScoreConfig",
    "SellergraphError",
    "__version__",
    "analyze",
    "evaluate",
    "load",
    "make_marketplace",
    "normalize_values",
    "synthetic",
]
