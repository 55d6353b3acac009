"""Batches split over forked worker processes that share the parent's memory.

A screening index is hundreds of MiB of arrays and strings. A forked child reads
them without a copy, so a large batch can be screened on every core without
shipping the index anywhere. :class:`ForkedWorkers` forks its processes once and
keeps them for the next batch: the pages a worker touches are copied on its first
batch, not on every one. The parent screens the first part itself while the
workers screen the rest; parts and results travel pickled through the pool's pipes.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import os
import pickle
import sys
import warnings
import weakref
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .errors import InputError, WorkerLostError

__all__ = [
    "ForkedWorkers",
    "alongside",
    "available_cores",
    "can_fork",
    "effective_jobs",
    "forked_map",
    "forks_here",
]

# Below this many items a part, forking and collecting cost more than they save.
MIN_PER_JOB = 2048

# What each worker runs, by token: registered before the pool forks, so the
# children inherit it (a weak reference: a pool never keeps its owner alive).
_TASKS: dict[int, weakref.WeakMethod[Callable[..., Any]]] = {}
_TOKENS = itertools.count()


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform has one)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether forked workers are safe here (Linux and other Unixes; not macOS, Windows)."""
    return sys.platform not in ("win32", "darwin") and "fork" in mp.get_all_start_methods()


def forks_here() -> bool:
    """Whether this process may fork workers: :func:`can_fork`, and it is no daemonic
    process (a ``multiprocessing.Pool`` worker may not have children)."""
    return can_fork() and not mp.current_process().daemon


def effective_jobs(n_jobs: int | None, n_items: int) -> int:
    """How many processes to use for ``n_items``, given a user's ``n_jobs``.

    ``None`` is 1, ``-1`` one per available core; never more than leaves each
    process :data:`MIN_PER_JOB` items, and 1 where processes cannot be forked.

    Examples
    --------
    >>> effective_jobs(None, 10**6), effective_jobs(4, 100)
    (1, 1)
    """
    if n_jobs is None:
        jobs = 1
    elif isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or (n_jobs < 1 and n_jobs != -1):
        raise InputError(f"n_jobs must be a positive integer or -1 (got {n_jobs!r})")
    else:
        jobs = available_cores() if n_jobs == -1 else n_jobs
    jobs = min(jobs, max(n_items // MIN_PER_JOB, 1))
    return jobs if jobs > 1 and can_fork() else 1


class ForkedWorkers:
    """Run a bound method on parts of a batch: the first part here, the rest in workers.

    The workers are forked on first use and kept; :meth:`close` ends them (call it
    whenever the owner changes, since workers see the owner as it was when forked).
    """

    def __init__(self, method: Callable[..., Any]) -> None:
        self._method = weakref.WeakMethod(method)
        self._token = next(_TOKENS)
        self._pool: ProcessPoolExecutor | None = None
        self._size = 0

    def map(self, parts: Sequence[Any], **kwargs: Any) -> list[Any]:
        """``[method(part, **kwargs) for part in parts]``, in order."""
        method = self._method()
        if method is None:
            raise RuntimeError("the object these workers belong to no longer exists")
        if len(parts) <= 1:
            return [method(part, **kwargs) for part in parts]
        futures = []
        try:
            pool = self._ready(len(parts) - 1)
            with _forking():
                futures = [pool.submit(_run, self._token, part, kwargs) for part in parts[1:]]
            results = [method(parts[0], **kwargs)]
            for part, future in zip(parts[1:], futures, strict=True):
                try:
                    results.append(future.result())
                except (pickle.PicklingError, TypeError, AttributeError) as exc:
                    if "pickle" not in str(exc).lower():
                        raise
                    results.append(method(part, **kwargs))  # cannot travel: do it here
        except BrokenProcessPool:
            self.close()
            raise WorkerLostError(
                "a worker process ended without a result (out of memory?); "
                "screen with n_jobs=1 or smaller batches"
            ) from None
        except BaseException:
            for f in futures:
                f.cancel()
            raise
        return results

    def close(self) -> None:
        """End the worker processes (new ones are forked on the next :meth:`map`)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
            self._size = 0
        _TASKS.pop(self._token, None)

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # at interpreter shutdown
            self.close()

    def _ready(self, size: int) -> ProcessPoolExecutor:
        if self._pool is not None and self._size != size:
            self.close()
        if self._pool is None:
            _TASKS[self._token] = self._method
            self._pool = ProcessPoolExecutor(max_workers=size, mp_context=mp.get_context("fork"))
            self._size = size
        return self._pool


@contextlib.contextmanager
def _forking() -> Iterator[None]:
    """Fork without Python 3.12's warning that forking a process that has threads may
    deadlock the child. The threads here are Arrow's and OpenBLAS's pools, which
    re-initialise in a child (at-fork handlers), and idle pool threads of our own."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore",
            message=r".*use of fork\(\) may lead to deadlocks",
            category=DeprecationWarning,
        )
        yield


_WORKER_DIED = (
    "a worker process ended without a result (out of memory?); "
    "run on a machine with more memory, or on smaller inputs"
)


# What forked_map's workers call, by token (a strong reference for the call's length).
_CALLS: dict[int, Callable[[Any], Any]] = {}


def forked_map(function: Callable[[Any], Any], items: Sequence[Any], *, workers: int) -> list[Any]:
    """``[function(item) for item in items]`` on ``workers`` forked processes, in order.

    Workers take the next item as they finish one: put the costliest items first.
    ``function`` and all it reaches are inherited through the fork, never pickled;
    only items and results travel. Runs here, one item after the other, where
    processes cannot be forked or there is nothing to share. A worker that dies
    (out of memory) raises :class:`~sellergraph.errors.WorkerLostError`.
    """
    workers = min(workers, len(items))
    if workers <= 1 or not forks_here():
        return [function(item) for item in items]
    token = next(_TOKENS)
    _CALLS[token] = function
    try:
        with (
            ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("fork")) as pool,
            _forking(),
        ):
            return list(pool.map(_call, itertools.repeat(token), items))
    except BrokenProcessPool:
        raise WorkerLostError(_WORKER_DIED) from None
    finally:
        _CALLS.pop(token, None)


@contextlib.contextmanager
def alongside(function: Callable[[], Any], *, fork: bool) -> Iterator[Callable[[], Any]]:
    """Run ``function()`` while the ``with`` body runs; yields a call that waits for its result.

    With ``fork``, in a forked process (where processes can be forked): it has its own
    interpreter, so its Python work never waits for the body's, as a thread's would.
    ``function`` and all it reaches are inherited through the fork, never pickled; only
    its result travels back, and what it changes in its own memory stays there.
    Otherwise, and where processes cannot be forked, on a thread. Leaving the block
    waits for ``function`` either way.
    """
    if not (fork and forks_here()):
        with ThreadPoolExecutor(max_workers=1) as threads:
            yield threads.submit(function).result
        return
    token = next(_TOKENS)
    _CALLS[token] = lambda _: function()
    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("fork")) as pool:
            with _forking():
                job = pool.submit(_call, token, None)

            def result() -> Any:
                try:
                    return job.result()
                except BrokenProcessPool:
                    raise WorkerLostError(_WORKER_DIED) from None

            yield result
    finally:
        _CALLS.pop(token, None)


def _call(token: int, item: Any) -> Any:
    """In a forked_map worker: the registered function on one item."""
    return _CALLS[token](item)


def _run(token: int, part: Any, kwargs: dict[str, Any]) -> Any:
    """In a worker: the registered method on one part."""
    ref = _TASKS.get(token)
    method = ref() if ref is not None else None
    if method is None:
        raise RuntimeError("this worker was forked before its task was registered")
    return method(part, **kwargs)
