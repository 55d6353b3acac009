"""The package version, in one place (importable from anywhere without a cycle)."""

__version__ = "0.1.0"
