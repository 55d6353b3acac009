"""Handing freed memory back to the operating system between pipeline stages.

Each stage frees most of what it allocated, but the allocators keep freed pages for
reuse: Arrow's pool (mimalloc or jemalloc) and glibc's heap, whose pages freed in
the middle of an arena stay resident. After a 1M-store analysis that is about
0.5 GB; releasing it between stages lowers the run's peak by about 0.2 GB, at a
cost of a few milliseconds a call (``bench/bench_scale.py`` measures the peak).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from typing import Any

__all__ = ["release_free_memory"]


def release_free_memory() -> None:
    """Return memory the allocators hold but no longer use (best effort, never raises)."""
    try:
        import pyarrow as pa

        pa.default_memory_pool().release_unused()
    except Exception:
        pass
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or ``None`` on other C libraries and platforms."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None
