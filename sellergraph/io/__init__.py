"""Tables in and out: CSV, Parquet and DataFrames.

Only this package, the Neo4j module and the CLI touch files.
"""

from .tables import read_table, write_table

__all__ = ["read_table", "write_table"]
