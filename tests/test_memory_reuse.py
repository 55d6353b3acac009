"""The command's process keeps the memory it frees (glibc); library calls leave it alone."""

from __future__ import annotations

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
