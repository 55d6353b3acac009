"""Handing freed memory back to the operating system between pipeline stages.

Each stage frees most of what it allocated, but the allocators keep freed pages for
reuse: Arrow's pool (mimalloc or jemalloc) and glibc's heap, whose pages freed in
the middle of an arena stay resident. After a 1M-store analysis that is about
0.5 GB; releasing it between stages lowers the run's peak by about 0.2 GB, at a
cost of a few milliseconds a call (``bench/bench_scale.py`` measures the peak).

A batch process (the command line's ``run``) also asks glibc to keep what it frees
for its next allocations, and has Arrow allocate from glibc too
(:func:`keep_freed_memory`): see there why.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
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
#: Arrow's choice of its default allocator, read once, when Arrow first allocates
_ARROW_POOL = "ARROW_DEFAULT_MEMORY_POOL"
#: whether :func:`keep_freed_memory` chose Arrow's allocator (the user had not)
_chose_arrow_pool = False


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

    Arrow's buffers then come from glibc as well (its ``system`` pool), unless the
    environment names Arrow's allocator (``ARROW_DEFAULT_MEMORY_POOL``). Its own
    pool, mimalloc, hands freed pages back to the kernel within milliseconds, and
    they are faulted and zeroed again on their next use: at 1M stores the load
    took 5.1-5.5 s of system time with it and 2.5-3.0 s with glibc's kept heap.
    Call this before Arrow's first allocation (Arrow reads the setting once).

    For batch processes, which own their allocator; a library call leaves the
    caller's process as it is. Returns whether glibc took the settings (never
    raises: other C libraries and platforms are left alone).
    """
    global _keeping, _chose_arrow_pool
    mallopt = _libc_function("mallopt")
    if mallopt is None:
        return False
    _keeping = bool(mallopt(_M_MMAP_MAX, 0)) and bool(mallopt(_M_TRIM_THRESHOLD, _KEPT_TOP))
    if _keeping and _ARROW_POOL not in os.environ and "pyarrow" not in sys.modules:
        os.environ[_ARROW_POOL] = "system"
        _chose_arrow_pool = True
    return _keeping


def hand_back_freed_memory() -> None:
    """Undo :func:`keep_freed_memory`, if this process asked for it: glibc maps large
    blocks and trims its heap again, and Arrow's new buffers come from its own pool,
    as by default.

    For inputs so large that the heap's holes (freed blocks the next, larger
    allocation does not fit in) would raise the peak by more than the time saved.
    """
    global _keeping, _chose_arrow_pool
    mallopt = _libc_function("mallopt")
    if _keeping and mallopt is not None:
        mallopt(_M_MMAP_MAX, _DEFAULT_MMAP_MAX)
        mallopt(_M_TRIM_THRESHOLD, _DEFAULT_TRIM_THRESHOLD)
        _keeping = False
    if _chose_arrow_pool:  # Arrow's new buffers from its own pool again
        _arrow_own_pool()
        _chose_arrow_pool = False


def _arrow_own_pool() -> None:
    """Arrow's default allocator back to the one it picks itself (mimalloc, else jemalloc)."""
    os.environ.pop(_ARROW_POOL, None)
    import pyarrow as pa

    for pool in (pa.mimalloc_memory_pool, pa.jemalloc_memory_pool):
        try:
            pa.set_memory_pool(pool())
            return
        except (NotImplementedError, pa.ArrowException):  # not built into this Arrow
            continue


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
