"""Handing freed memory back to the operating system between pipeline stages.

Each stage frees most of what it allocated, but the allocators keep freed pages for
reuse: Arrow's pool (mimalloc or jemalloc) and glibc's heap, whose pages freed in
the middle of an arena stay resident. After a 1M-store analysis that is about
0.5 GB; releasing it between stages lowers the run's peak by about 0.2 GB, at a
cost of a few milliseconds a call (``bench/bench_scale.py`` measures the peak).

A batch process (the command line's ``run``) also asks glibc to keep what it frees
for its next allocations (:func:`keep_freed_memory`): see there why.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys
from typing import Any

__all__ = ["hand_back_freed_memory", "keep_freed_memory", "release_free_memory"]


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


#: glibc's ``mallopt`` parameters (malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_MAX = -4
#: Free memory at the top of the heap past which glibc hands it back by itself.
_KEPT_TOP = 1 << 30
#: glibc's defaults
_DEFAULT_MMAP_MAX = 65536
_DEFAULT_TRIM_THRESHOLD = 128 * 1024
#: whether :func:`keep_freed_memory` took effect in this process
_keeping = False


def keep_freed_memory() -> bool:
    """Have glibc serve even large allocations from its heap, and keep up to 1 GiB
    freed at the heap's top, for the rest of this process.

    By default glibc maps every block over 32 MiB (a column of four million
    numbers) from the kernel and unmaps it when freed, and trims the heap's top past
    128 KiB. The pipeline allocates and frees such columns by the hundred, and every
    fresh mapping is page-faulted and zeroed by the kernel again: at 1M stores that
    was 5-9 s of system time. Reused heap memory costs neither.
    :func:`release_free_memory` still returns freed memory between stages, so the
    peak grows little (about 0.1 GB at 1M stores).

    For batch processes, which own their allocator; a library call leaves the
    caller's process as it is. Returns whether glibc took the settings (never
    raises: other C libraries and platforms are left alone).
    """
    global _keeping
    mallopt = _libc_function("mallopt")
    if mallopt is None:
        return False
    _keeping = bool(mallopt(_M_MMAP_MAX, 0)) and bool(mallopt(_M_TRIM_THRESHOLD, _KEPT_TOP))
    return _keeping


def hand_back_freed_memory() -> None:
    """Undo :func:`keep_freed_memory`, if this process asked for it: glibc maps large
    blocks and trims its heap again, as by default.

    For inputs so large that the heap's holes (freed blocks the next, larger
    allocation does not fit in) would raise the peak by more than the time saved.
    """
    global _keeping
    mallopt = _libc_function("mallopt")
    if _keeping and mallopt is not None:
        mallopt(_M_MMAP_MAX, _DEFAULT_MMAP_MAX)
        mallopt(_M_TRIM_THRESHOLD, _DEFAULT_TRIM_THRESHOLD)
        _keeping = False


@functools.cache
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or ``None`` on other C libraries and platforms."""
    return _libc_function("malloc_trim")


def _libc_function(name: str) -> Any:
    """A function of glibc, or ``None`` on other C libraries and platforms."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return getattr(libc, name)
    except (OSError, AttributeError):
        return None
