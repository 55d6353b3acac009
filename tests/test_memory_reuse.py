"""The command's process keeps the memory it frees (glibc); library calls leave it alone."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

import sellergraph._memory as memory

_GLIBC = sys.platform.startswith("linux") and memory._libc_function("mallopt") is not None

# Where a 64 MiB NumPy array lands: in the heap, or in a mapping of its own.
_PROBE = textwrap.dedent(
    """
    import sys
    import numpy as np
    import sellergraph._memory as memory

    if sys.argv[1] != "default":
        assert memory.keep_freed_memory()
    if sys.argv[1] == "keep, then hand back":
        memory.hand_back_freed_memory()
    block = np.ones(1 << 23)  # 64 MiB
    address = block.__array_interface__["data"][0]
    for line in open("/proc/self/maps"):
        fields = line.split()
        lo, hi = (int(x, 16) for x in fields[0].split("-"))
        if lo <= address < hi:
            print("heap" if fields[-1] == "[heap]" else "mapping")
    """
)


def _lands(mode: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, mode], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.skipif(not _GLIBC, reason="glibc's allocator only")
def test_large_blocks_come_from_the_heap_once_kept() -> None:
    assert _lands("default") == "mapping"
    assert _lands("keep") == "heap"
    assert _lands("keep, then hand back") == "mapping"


def test_handing_back_is_nothing_where_memory_was_not_kept(monkeypatch) -> None:
    calls = []
    monkeypatch.setattr(memory, "_libc_function", lambda name: lambda *a: calls.append(a) or 1)
    memory.hand_back_freed_memory()  # this process never asked to keep memory
    assert calls == []


@pytest.mark.skipif(not _GLIBC, reason="glibc's allocator only")
def test_main_called_from_python_leaves_the_allocator_alone(monkeypatch, tmp_path) -> None:
    from sellergraph import cli

    calls = []
    monkeypatch.setattr(cli, "keep_freed_memory", lambda: calls.append(1))
    assert cli.main(["synth", "--stores", "50", "--out", str(tmp_path), "--quiet"]) == 0
    assert calls == []
    monkeypatch.setattr(
        sys, "argv", ["sellergraph", "synth", "--stores", "50", "--out", str(tmp_path), "--quiet"]
    )
    assert cli.main() == 0
    assert calls == [1]


def test_keeping_memory_never_raises_off_glibc(monkeypatch) -> None:
    monkeypatch.setattr(memory, "_libc_function", lambda name: None)
    assert memory.keep_freed_memory() is False


# Which allocator Arrow's new buffers come from.
_POOL_PROBE = textwrap.dedent(
    """
    import sys
    import sellergraph._memory as memory

    if sys.argv[1] != "default":
        memory.keep_freed_memory()
    import pyarrow as pa

    pa.array(range(1000))  # Arrow's first allocation: the default pool is chosen
    if sys.argv[1] == "keep, then hand back":
        memory.hand_back_freed_memory()
    print(pa.default_memory_pool().backend_name)
    """
)


def _arrow_pool(mode: str, **env: str) -> str:
    environ = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run(
        [sys.executable, "-c", _POOL_PROBE, mode],
        capture_output=True,
        text=True,
        check=True,
        env=environ | env,
    )
    return done.stdout.strip()


@pytest.mark.skipif(not _GLIBC, reason="glibc's allocator only")
def test_arrow_allocates_from_the_kept_heap_in_the_commands_process() -> None:
    own = _arrow_pool("default")
    assert own in ("mimalloc", "jemalloc")
    assert _arrow_pool("keep") == "system"
    assert _arrow_pool("keep, then hand back") == own


@pytest.mark.skipif(not _GLIBC, reason="glibc's allocator only")
def test_an_arrow_allocator_the_user_named_is_kept() -> None:
    assert _arrow_pool("keep", ARROW_DEFAULT_MEMORY_POOL="jemalloc") == "jemalloc"
    assert _arrow_pool("keep, then hand back", ARROW_DEFAULT_MEMORY_POOL="jemalloc") == "jemalloc"
