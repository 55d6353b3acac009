"""The one seam that talks to Neo4j: push, pull, investigate, Graph Data Science.

Everything here goes through the official ``neo4j`` driver (the optional extra
``sellergraph[neo4j]``), with the fixed statements of :mod:`sellergraph.neo4j.cypher`
and the pure row conversions of :mod:`sellergraph.neo4j.rows`. Every statement runs
in its own transaction, run again (and logged) when it failed on a transient error or
a lost connection (:meth:`Connection.write`); every batch is an idempotent
``UNWIND $rows ... MERGE``, so a retried or re-run batch never duplicates anything.
A push holds the graph's push lock (:func:`push_lock`), so pushes into one graph run
one at a time.

* :func:`connect` opens a :class:`Connection` (a driver bound to one database);
  every other function takes a Connection or a ``neo4j.Driver``.
* :func:`push` writes an analysis (stores, identifiers, rings, store links) and,
  when the graph already held data, removes what the analysis no longer has.
* :func:`pull` reads stores and links back as the tables of the input contract.
* :func:`neighbourhood`, :func:`store_paths` and :func:`ring_view` return
  :class:`~sellergraph.neo4j.views.GraphView` s for investigators.
* :func:`gds_version` and :func:`rings_in_database` use the Graph Data Science
  library when the server has it, and otherwise fall back to sellergraph's own rings.

Driver and server errors become :class:`Neo4jConnectionError` (cannot reach the
server, wrong credentials, unknown database) or :class:`Neo4jQueryError` (the server
rejected a statement), both :class:`~sellergraph.SellergraphError` s with one-line
messages.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
import os
import re
import socket
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import numpy as np
import pandas as pd

from ..errors import ConfigError, InputError, MissingDependencyError, SellergraphError
from ..hashing import HASH_ALGORITHM, key_fingerprint
from ..schema import store_id_text
from . import cypher
from .rows import (
    GraphRows,
    frames_from_records,
    graph_rows,
    hashed_config,
    records,
    ring_sizes,
    rings_from_communities,
)
from .views import (
    IDENTIFIER_VIEW_COLUMNS,
    LINK_VIEW_COLUMNS,
    PATH_COLUMNS,
    STORE_VIEW_COLUMNS,
    USES_VIEW_COLUMNS,
    GraphView,
    shortest_paths,
)

if TYPE_CHECKING:
    from ..analysis import Analysis
    from ..config import Config

__all__ = [
    "ABSENT_POLICIES",
    "MAX_HOPS",
    "PUSH_STAGES",
    "URI_SCHEMES",
    "Connection",
    "DatabaseRings",
    "Neo4jConnectionError",
    "Neo4jQueryError",
    "PushLock",
    "PushLockedError",
    "PushSummary",
    "check_push_lock",
    "check_retry_seconds",
    "check_uri",
    "connect",
    "gds_version",
    "graph_counts",
    "neighbourhood",
    "pull",
    "push",
    "push_lock",
    "ring_view",
    "rings_in_database",
    "store_paths",
]

log = logging.getLogger(__name__)

#: URI schemes of the Bolt protocol the driver speaks.
URI_SCHEMES: tuple[str, ...] = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

#: Largest number of store hops an investigator query may follow.
MAX_HOPS = 6

_INSTALL = 'pip install "sellergraph[neo4j]"'


class Neo4jConnectionError(SellergraphError, ConnectionError):
    """The Neo4j server cannot be reached, refused the credentials or lacks the database."""


class Neo4jQueryError(SellergraphError, RuntimeError):
    """The Neo4j server rejected a statement, or a write did not apply as expected."""


class PushLockedError(SellergraphError, RuntimeError):
    """Another push holds the graph's push lock (pushes into one graph run one at a time)."""


def _driver_module() -> Any:
    try:
        import neo4j
    except ImportError:
        raise MissingDependencyError(
            f"the Neo4j integration needs the official neo4j driver: {_INSTALL}"
        ) from None
    return neo4j


_E = TypeVar("_E", bound=SellergraphError)


def _worded(error: _E, command_line: str) -> _E:
    """``error`` with the message the ``sellergraph`` command prints instead (its
    advice names a command-line option, not a Python parameter)."""
    setattr(error, "command_line", command_line)  # noqa: B010 (not every error declares it)
    return error


def _check_uri(uri: str) -> str:
    scheme = uri.split("://", 1)[0].lower() if "://" in uri else ""
    if scheme not in URI_SCHEMES:
        raise InputError(
            f"Neo4j URI {uri!r} must start with one of "
            f"{', '.join(s + '://' for s in URI_SCHEMES)} (got {scheme or 'no scheme'!r})"
        )
    return uri


def check_uri(uri: str) -> str:
    """``uri`` when its scheme is a Bolt one (:data:`URI_SCHEMES`), else InputError.

    Needs no driver, so a command can check it before reading anything.

    Examples
    --------
    >>> check_uri("neo4j+s://graph.internal:7687")
    'neo4j+s://graph.internal:7687'
    """
    return _check_uri(uri)


def check_retry_seconds(value: object, *, name: str = "retry_seconds") -> float:
    """``value`` as seconds when it is a number >= 0, else InputError naming ``name``.

    Examples
    --------
    >>> check_retry_seconds(-1, name="--retry-seconds")
    Traceback (most recent call last):
    ...
    sellergraph.errors.InputError: --retry-seconds must be a number of seconds >= 0 (got -1)
    """
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not 0 <= float(value) < float("inf"):  # type: ignore[arg-type]
        label = name if name.startswith("-") else repr(name)
        raise InputError(f"{label} must be a number of seconds >= 0 (got {value!r})")
    return float(value)  # type: ignore[arg-type]


def _reason(exc: BaseException) -> str:
    text = str(exc)
    if "defunct connection" in text or "connection was lost" in text.lower():
        return "the connection was lost"
    found = re.findall(r"reason ([^)]*)\)", text)
    if found:
        return re.sub(r"^\[Errno \d+\]\s*", "", found[-1]).strip()
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines:
        return type(exc).__name__
    # a first line ending in ":" is followed by the why ("... (looks like HTTP)")
    return " ".join(lines[:2]) if lines[0].endswith(":") and len(lines) > 1 else lines[0]


@dataclass
class Connection:
    """A driver bound to one database of one Neo4j server.

    Use :func:`connect` to make one; it is a context manager that closes the driver.
    (One driver per database: some Bolt servers keep a pooled connection on the
    first database it used.)

    Attributes
    ----------
    driver : neo4j.Driver
    database : str or None
        None for the server's default database.
    uri : str
        The server address, for messages.
    user : str
        The user name, for messages.
    owns_driver : bool
        Whether :meth:`close` closes the driver.
    retry_seconds : float
        How long a failed write is retried (see :meth:`write`).
    """

    driver: Any
    database: str | None
    uri: str
    user: str = ""
    owns_driver: bool = True
    retry_seconds: float = 30.0

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Connection {self.uri} database={self.database!r} user={self.user!r}>"

    def close(self) -> None:
        """Close the driver (when this connection opened it)."""
        if self.owns_driver:
            self.driver.close()

    @contextlib.contextmanager
    def translated(self, doing: str) -> Iterator[None]:
        """Turn driver and server errors raised inside into one-line sellergraph errors."""
        neo4j = _driver_module()
        ex = neo4j.exceptions
        where = f"Neo4j at {self.uri}"
        try:
            yield
        except ex.AuthError:
            raise Neo4jConnectionError(
                f"{where} refused the credentials of user {self.user!r} while {doing} "
                "(wrong user or password)"
            ) from None
        except (ex.ServiceUnavailable, ex.SessionExpired) as exc:
            raise Neo4jConnectionError(
                f"cannot reach {where} while {doing}: {_reason(exc)}"
            ) from None
        except ex.ClientError as exc:
            if str(exc.code).endswith("DatabaseNotFound"):
                raise Neo4jConnectionError(
                    f"{where} has no database {self.database!r} (while {doing})"
                ) from None
            raise Neo4jQueryError(
                f"{where} rejected a statement while {doing}: {exc.code}: {_message(exc)}"
            ) from None
        except ex.Neo4jError as exc:
            raise Neo4jQueryError(
                f"{where} failed while {doing}: {exc.code}: {_message(exc)}"
            ) from None
        except ex.DriverError as exc:
            raise Neo4jConnectionError(
                f"{where}: {type(exc).__name__} while {doing}: {exc}"
            ) from None

    def session(self) -> Any:
        """A driver session on this connection's database."""
        return self.driver.session(database=self.database)

    def read(self, statement: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read statement in a transaction; the records as dicts (retried as
        :meth:`write` is)."""
        return self._transact(statement, params, write=False)

    def write(
        self, statement: str, params: Mapping[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Run an idempotent write statement in a transaction; the records as dicts.

        A transaction that failed on a transient error or a lost connection is run
        again, for up to :attr:`retry_seconds` after the first failure, and each
        retry is logged as a warning (attempt, wait, reason). That includes a
        connection lost while committing, which the driver's own retries leave
        alone (it cannot know whether the commit happened): every write sellergraph
        sends is an idempotent MERGE or a delete of what is stale, so running it
        twice is safe.
        """
        return self._transact(statement, params, write=True)

    def _transact(
        self, statement: str, params: Mapping[str, Any] | None, *, write: bool
    ) -> list[dict[str, Any]]:
        neo4j = _driver_module()
        ex = neo4j.exceptions
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        deadline: float | None = None
        delay = 0.5
        attempt = 1
        while True:
            try:
                session = self.driver.session(database=self.database, default_access_mode=mode)
                with session, session.begin_transaction() as tx:
                    result = _run(tx, statement, params or {})
                    tx.commit()
                    return result
            except (ex.DriverError, ex.Neo4jError) as exc:
                lost_commit = isinstance(exc, ex.IncompleteCommit)
                if not (lost_commit or exc.is_retryable()):
                    raise
                now = time.monotonic()
                deadline = now + self.retry_seconds if deadline is None else deadline
                if now + delay > deadline:
                    raise
                why = "the connection was lost while committing" if lost_commit else _reason(exc)
                log.warning(
                    "Neo4j at %s: attempt %d failed (%s); retrying in %.1fs (for up to %gs more)",
                    self.uri,
                    attempt,
                    why,
                    delay,
                    max(deadline - now, 0.0),
                )
                time.sleep(delay)
                delay = min(delay * 2, 5.0)
                attempt += 1


def _message(exc: Any) -> str:
    text = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return " ".join(str(text).split())[:300]


def _run(tx: Any, statement: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = tx.run(statement, params).data()
    return data


def connect(
    uri: str,
    *,
    user: str,
    password: str,
    database: str | None = None,
    retry_seconds: float = 30.0,
    timeout: float = 10.0,
) -> Connection:
    """Open a connection to one database of a Neo4j (or other Bolt) server.

    The server is contacted at once, so a wrong address, wrong credentials or an
    unknown database fail here with one clear :class:`Neo4jConnectionError`.

    Parameters
    ----------
    uri : str
        ``bolt://host:7687``, ``neo4j://host``, ``neo4j+s://...`` (TLS), ...
    user, password : str
        Credentials. Never logged or put into a message.
    database : str, optional
        Database name; the server's default when omitted.
    retry_seconds : float, default 30
        How long a transaction that failed on a transient error or a lost connection
        is retried, from its first failure, before giving up (>= 0; each retry is
        logged as a warning).
    timeout : float, default 10
        Seconds to wait for a connection.

    Returns
    -------
    Connection
        A context manager; closing it closes the driver.
    """
    neo4j = _driver_module()
    _check_uri(uri)
    check_retry_seconds(retry_seconds)
    if database is not None and not database.strip():
        raise InputError("the Neo4j database name is empty")
    from .. import __version__

    conn = Connection(
        driver=None, database=database, uri=uri, user=user, retry_seconds=retry_seconds
    )
    with conn.translated("connecting"):
        try:
            conn.driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(user, password),
                max_transaction_retry_time=retry_seconds,
                connection_timeout=timeout,
                # also bounds the Bolt handshake (a port that answers but is no Bolt
                # server would otherwise hold the call for a minute)
                connection_acquisition_timeout=timeout,
                user_agent=f"sellergraph/{__version__}",
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise InputError(f"Neo4j URI {uri!r} is not usable: {exc}") from None
    try:
        with conn.translated("connecting"):
            conn.driver.verify_connectivity()
            with conn.session() as session:
                session.run(cypher.PING).consume()
    except SellergraphError:
        conn.driver.close()
        raise
    return conn


def _as_connection(target: Connection | Any, database: str | None) -> Connection:
    if isinstance(target, Connection):
        if database is not None and database != target.database:
            raise InputError(
                f"this connection is bound to database {target.database!r}, not {database!r}: "
                "connect() once per database"
            )
        return target
    neo4j = _driver_module()
    if not isinstance(target, neo4j.Driver):
        raise InputError(
            f"expected a sellergraph.neo4j.Connection or a neo4j.Driver (got "
            f"{type(target).__name__})"
        )
    address = getattr(target, "address", None)
    uri = f"{address[0]}:{address[1]}" if isinstance(address, tuple) else "the server"
    return Connection(driver=target, database=database, uri=uri, owns_driver=False)


def _progress_bar(total: int | None, progress: bool | None, desc: str) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit="row",
        unit_scale=True,
        file=sys.stderr,
        disable=None if progress is None else not progress,
        leave=False,
    )


# -- push ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PushSummary:
    """What a push wrote and removed, and how long each stage took.

    Attributes
    ----------
    counts : dict
        Rows sent per table (``stores, identifiers, uses, rings, memberships,
        links``) and what was removed or cleared (``removed_uses``,
        ``removed_memberships``, ``removed_links``, ``removed_rings``,
        ``removed_identifiers``, ``cleared_ring_ids``, and for stores that left the
        analysis ``cleared_absent_stores`` or, with ``absent="prune"``,
        ``removed_stores``).
    seconds : dict
        Wall time of each stage, in order (:data:`PUSH_STAGES` names them), and
        ``total``: the stages follow one another, so they add up to the total.
    incremental : bool
        True when the graph held sellergraph data before the push, so stale
        relationships and nodes were looked for and removed.
    key_fingerprint : str
        Fingerprint of the hashing key (:func:`sellergraph.hashing.key_fingerprint`),
        recorded on the graph.
    """

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    incremental: bool = False
    key_fingerprint: str = ""

    def __str__(self) -> str:
        lines = []
        for name, secs in self.seconds.items():
            if name == "total":
                continue
            if name in self.counts:
                rate = self.counts[name] / secs if secs > 0 else 0.0
                lines.append(f"{name:<13} {self.counts[name]:>12,}  {secs:8.1f}s  {rate:>10,.0f}/s")
            else:
                lines.append(f"{PUSH_STAGES.get(name, name):<27} {secs:8.1f}s")
        removed = {k: v for k, v in self.counts.items() if k.startswith(("removed", "cleared"))}
        if removed:
            lines.append("removed       " + ", ".join(f"{k[8:]} {v:,}" for k, v in removed.items()))
        if self.key_fingerprint:
            lines.append(
                f"key           {self.key_fingerprint} (fingerprint, recorded on the graph)"
            )
        lines.append(f"total         {self.seconds.get('total', 0.0):>22.1f}s")
        return "\n".join(lines)


#: The stages of a push other than the tables, as :attr:`PushSummary.seconds` and
#: a ``progress`` callable name them: key -> what it does.
PUSH_STAGES: dict[str, str] = {
    "constraints": "creating constraints",
    "lock": "taking the push lock",
    "prepare": "preparing rows",
    "key": "checking the graph's key",
    "rekey": "re-keying",
    "absent": "stores not in the analysis",
    "cleanup": "clean-up",
    "release": "releasing the push lock",
}

#: What :func:`push` does with graph stores of the analysed platforms that the
#: analysis does not hold.
ABSENT_POLICIES: tuple[str, ...] = ("clear", "keep", "prune")

_MERGE_PHASES: tuple[tuple[str, str, bool], ...] = (
    # table of GraphRows, statement, whether it returns the number of relationships merged
    ("stores", cypher.MERGE_STORES, False),
    ("identifiers", cypher.MERGE_IDENTIFIERS, False),
    ("uses", cypher.MERGE_USES, True),
    ("rings", cypher.MERGE_RINGS, False),
    ("memberships", cypher.MERGE_MEMBERSHIPS, True),
    ("links", cypher.MERGE_LINKED, True),
)


def _batches(frame: pd.DataFrame, size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(frame), size):
        yield records(frame.iloc[start : start + size])


def _check_batch_size(batch_size: int) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise InputError(f"'batch_size' must be a positive integer (got {batch_size!r})")
    if batch_size > 100_000:
        raise InputError(f"'batch_size' must be at most 100000 (got {batch_size!r})")
    return batch_size


def graph_counts(target: Connection | Any, *, database: str | None = None) -> dict[str, int]:
    """Nodes of each sellergraph label and relationships of each type in the graph.

    Returns
    -------
    dict
        ``Store, Identifier, Ring, USES, IN_RING, LINKED`` -> count.
    """
    conn = _as_connection(target, database)
    out: dict[str, int] = {}
    with conn.translated("counting nodes"):
        for label, statement in cypher.COUNT_NODES.items():
            out[label] = int(conn.read(statement)[0]["n"])
        for rel_type, statement in cypher.COUNT_RELATIONSHIPS.items():
            out[rel_type] = int(conn.read(statement)[0]["n"])
    return out


class _Clock:
    """Contiguous stage timings (so they add up to the total) and stage news."""

    def __init__(self, notify: Callable[[str], None] | None) -> None:
        self.t0 = self.mark = time.perf_counter()
        self.current: str | None = None
        self.seconds: dict[str, float] = {}
        self.notify = notify

    def stage(self, name: str) -> None:
        self._close()
        self.current = name
        if self.notify is not None:
            self.notify(PUSH_STAGES.get(name, name))

    def _close(self) -> None:
        now = time.perf_counter()
        if self.current is not None:
            self.seconds[self.current] = self.seconds.get(self.current, 0.0) + now - self.mark
        self.mark = now

    def finish(self) -> dict[str, float]:
        self._close()
        self.current = None
        out = {k: round(v, 3) for k, v in self.seconds.items()}
        out["total"] = round(self.mark - self.t0, 3)
        return out


# -- the push lock ------------------------------------------------------------------

#: Holder ids of the pushes running in this process (a lock whose holder is of this
#: process but not here was left by a push that ended without releasing it).
_HELD: set[str] = set()


@dataclass(frozen=True)
class PushLock:
    """The graph's push lock: which push holds it, since when, from where.

    Attributes
    ----------
    holder : str
        Random id of the push holding it.
    started_at : str
        When that push took it, ISO 8601 in UTC.
    host : str
        Host name of the machine running that push.
    pid : int
        Its process id there.
    run : str
        What it pushes (the run folder, on the command line), or empty.
    """

    holder: str
    started_at: str
    host: str
    pid: int
    run: str = ""

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> PushLock:
        pid = record.get("pid")
        return cls(
            holder=str(record.get("holder") or ""),
            started_at=str(record.get("started_at") or "an unknown time"),
            host=str(record.get("host") or "an unknown host"),
            pid=int(pid) if isinstance(pid, int | float) and not isinstance(pid, bool) else -1,
            run=str(record.get("run") or ""),
        )

    def describe(self) -> str:
        what = f" pushing {self.run}" if self.run else ""
        return f"since {self.started_at} by process {self.pid} on {self.host}{what}"

    def is_abandoned(self) -> bool:
        """True when the holder has certainly ended: a push of this process that is
        not running any more, or a process of this host that no longer exists."""
        if self.host != socket.gethostname() or self.pid < 0:
            return False
        if self.pid == os.getpid():
            return self.holder not in _HELD
        return not _process_exists(self.pid)


def _process_exists(pid: int) -> bool:
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's: it exists
        return True
    return True


def push_lock(target: Connection | Any, *, database: str | None = None) -> PushLock | None:
    """The graph's push lock when a push holds it (or left it behind), else None."""
    conn = _as_connection(target, database)
    with conn.translated("reading the push lock"):
        found = conn.read(cypher.READ_PUSH_LOCK)
    return PushLock.from_record(found[0]) if found else None


def _locked_error(lock: PushLock, conn: Connection) -> PushLockedError:
    def text(option: str) -> str:
        return (
            f"another push into the graph at {conn.uri} is in progress ({lock.describe()}; "
            f"holder {lock.holder}): pushes into one graph must run one at a time, or their "
            "writes mix into a graph that is neither analysis. Wait for it to finish; if it is "
            f"not running any more (killed, or its machine went down), clear its lock with {option}"
        )

    return _worded(PushLockedError(text("break_lock=True")), text("--break-lock"))


def check_push_lock(target: Connection | Any, *, break_lock: bool = False) -> None:
    """Raise :class:`PushLockedError` when a running push holds the graph's lock.

    A command calls it before reading its analysis, to fail fast; :func:`push`
    takes the lock itself (atomically) whatever this said.
    """
    conn = _as_connection(target, None)
    if not break_lock and (lock := _running_lock(conn)) is not None:
        raise _locked_error(lock, conn)


def _take_lock(conn: Connection, *, run: str, break_lock: bool) -> str:
    """Take the graph's push lock; its holder id. Refuses with PushLockedError while
    another push holds it, unless ``break_lock`` or that push has certainly ended."""
    neo4j = _driver_module()
    holder = uuid.uuid4().hex
    params = {
        "holder": holder,
        "started_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "run": run,
    }
    # held from before the lock is written: another push of this process that reads
    # the lock between its creation and this push's return must not take it for one
    # that ended (it would break it, and both would push)
    _HELD.add(holder)
    taken = False
    try:
        with conn.translated("taking the push lock"):
            for _ in range(3):
                try:
                    found = conn.write(cypher.TAKE_PUSH_LOCK, params)
                except neo4j.exceptions.ClientError as exc:
                    # two pushes created the lock at once: the constraint refused this one
                    if "ConstraintValidationFailed" not in str(exc.code):
                        raise
                    found = conn.read(cypher.READ_PUSH_LOCK)
                if not found:  # released in between
                    continue
                lock = PushLock.from_record(found[0])
                if lock.holder == holder:
                    taken = True
                    return holder
                if not (break_lock or lock.is_abandoned()):
                    raise _locked_error(lock, conn)
                log.warning(
                    "breaking the push lock held %s (holder %s): %s",
                    lock.describe(),
                    lock.holder,
                    "--break-lock was given" if break_lock else "that push is not running any more",
                )
                conn.write(cypher.RELEASE_PUSH_LOCK, {"holder": lock.holder})
    finally:
        if not taken:
            _HELD.discard(holder)
    raise PushLockedError(
        f"could not take the push lock of the graph at {conn.uri}: other pushes kept taking "
        "it; push again when they are done"
    )


def _release_lock(conn: Connection, holder: str, *, failed: bool) -> None:
    """Release the push lock. After a failure (the server may be gone) a lock that
    cannot be released is only reported: it is taken over by the next push from
    this host once this process has ended, or broken with --break-lock."""
    _HELD.discard(holder)
    try:
        with conn.translated("releasing the push lock"):
            conn.write(cypher.RELEASE_PUSH_LOCK, {"holder": holder})
    except SellergraphError as exc:
        if not failed:
            raise
        log.warning("the push lock could not be released (%s)", exc)


# -- push ---------------------------------------------------------------------------


def push(
    analysis: Analysis,
    target: Connection | Any,
    *,
    secret: bytes,
    database: str | None = None,
    raw: bool = False,
    store_links: bool = True,
    batch_size: int = 5000,
    progress: bool | Callable[[str], None] | None = None,
    rekey: bool = False,
    absent: Literal["clear", "keep", "prune"] = "clear",
    break_lock: bool = False,
    run: str = "",
) -> PushSummary:
    """Write an analysis into Neo4j: stores, identifiers, rings and store links.

    Creates the uniqueness constraints when absent, takes the graph's push lock,
    then merges every table in batches of ``UNWIND $rows ... MERGE`` (each batch a
    transaction, retried on transient errors). Pushing the same analysis twice
    leaves the same graph. Pushing a later analysis updates the stores' properties
    (scores, alerts, reviews, rings), adds new stores and identifiers, and for every
    pushed store replaces its identifiers, ring membership and store links with the
    analysis's; rings that no longer exist, memberships of other stores in the
    pushed rings and identifiers no store uses any more are removed. Graph stores
    of the analysed platforms that the analysis does not hold have left it: see
    ``absent``. Stores of other platforms are left as they are.

    Parameters
    ----------
    analysis : Analysis
    target : Connection or neo4j.Driver
    secret : bytes
        Key of the identifier hashes (:func:`sellergraph.hashing.read_secret`).
        The graph records the key's fingerprint, and a push with another key is
        refused: its identifiers would not meet the graph's.
    database : str, optional
        With a bare driver: the database (default: the server's).
    raw : bool, default False
        Also write each identifier's normalised value (``Identifier.value``).
        Without it, a value written by an earlier raw push is removed.
    store_links : bool, default True
        Write ``(:Store)-[:LINKED]->(:Store)`` (needed by :func:`rings_in_database`);
        when False the pushed stores' ``LINKED`` relationships are removed.
    batch_size : int, default 5000
        Rows per transaction.
    progress : bool or callable, optional
        Show a progress bar on stderr (by default only when stderr is a terminal);
        or a callable, called with the name of each stage as it starts (no bar).
    rekey : bool, default False
        Accept a key other than the graph's: every identifier in the graph is
        deleted first (with its ``USES``), so stores the analysis does not hold
        keep no identifiers, and the graph records the new key.
    absent : {"clear", "keep", "prune"}, default "clear"
        Graph stores of the analysed platforms that the analysis does not hold (a
        store deleted from the export): ``clear`` removes what an analysis gave them
        (:data:`~sellergraph.neo4j.cypher.ANALYSIS_STORE_PROPERTIES`: score, match,
        alert, review) and takes them out of rings the analysis replaces, keeping
        the node, its status and identifiers; ``prune`` deletes them with their
        relationships (for a full-snapshot export); ``keep`` leaves them as they
        are (for several analyses of one platform pushed into one graph).
    break_lock : bool, default False
        Take the push lock even when another push holds it (a push that was killed
        without releasing it, on another machine).
    run : str, optional
        What is pushed (a run folder), recorded in the lock for messages.

    Returns
    -------
    PushSummary

    Raises
    ------
    PushLockedError
        Another push holds the graph's push lock.
    ConfigError
        The graph's identifiers were hashed with another key (and not ``rekey``).
    """
    _check_batch_size(batch_size)
    if absent not in ABSENT_POLICIES:
        raise InputError(f"'absent' must be one of {', '.join(ABSENT_POLICIES)} (got {absent!r})")
    fingerprint = key_fingerprint(secret)
    conn = _as_connection(target, database)
    clock = _Clock(progress if callable(progress) else None)
    clock.stage("constraints")
    with conn.translated("creating constraints"):
        for statement in cypher.CONSTRAINTS:
            conn.write(statement)
    clock.stage("lock")
    holder = _take_lock(conn, run=run, break_lock=break_lock)
    failed = True
    try:
        summary = _push_locked(
            analysis,
            conn,
            secret=secret,
            fingerprint=fingerprint,
            raw=raw,
            store_links=store_links,
            batch_size=batch_size,
            bar_progress=None if callable(progress) else progress,
            rekey=rekey,
            absent=absent,
            clock=clock,
        )
        failed = False
    finally:
        clock.stage("release")
        _release_lock(conn, holder, failed=failed)
    return dataclasses.replace(summary, seconds=clock.finish())


def _push_locked(
    analysis: Analysis,
    conn: Connection,
    *,
    secret: bytes,
    fingerprint: str,
    raw: bool,
    store_links: bool,
    batch_size: int,
    bar_progress: bool | None,
    rekey: bool,
    absent: str,
    clock: _Clock,
) -> PushSummary:
    """:func:`push`, under the push lock."""
    clock.stage("prepare")
    rows = graph_rows(analysis, secret=secret, raw=raw)
    if not store_links:
        rows = dataclasses.replace(rows, links=rows.links.iloc[:0])
    counts: dict[str, int] = rows.counts()

    clock.stage("key")
    with conn.translated("reading the graph's key"):
        before = graph_counts(conn)
        found = conn.read(cypher.READ_GRAPH_KEY)
    recorded = {r["key_fingerprint"] for r in found}
    rekeying_to = {str(r["rekey_to"]) for r in found if r.get("rekey_to")}
    incremental = any(before[label] for label in cypher.LABELS)
    if _must_rekey(recorded, fingerprint, before["Identifier"], rekey=rekey, to=rekeying_to):
        clock.stage("rekey")
        counts["removed_old_key_identifiers"] = _delete_all_identifiers(
            conn, batch_size, fingerprint
        )
        clock.stage("key")
    with conn.translated("recording the key's fingerprint"):
        conn.write(
            cypher.WRITE_GRAPH_KEY,
            {"key_fingerprint": fingerprint, "hash_algorithm": HASH_ALGORITHM},
        )

    cleanup: list[tuple[str, str, pd.DataFrame]] = []
    if incremental:
        cleanup = [
            ("removed_uses", cypher.DELETE_STALE_USES, rows.keys_by_store()),
            (
                "removed_memberships",
                cypher.DELETE_STALE_RING_OF_STORES,
                rows.stores[["store_id", "ring_id"]],
            ),
            ("removed_memberships", cypher.DELETE_STALE_MEMBERS_OF_RINGS, rows.members_by_ring()),
            ("removed_links", cypher.DELETE_STALE_LINKED, rows.others_by_store()),
        ]
    total = sum(counts.values()) + sum(len(f) for _, _, f in cleanup)
    bar = _progress_bar(total, bar_progress, "push")
    try:
        for name, statement, checked in _MERGE_PHASES:
            clock.stage(name)
            frame = getattr(rows, name)
            n_batches = -(-len(frame) // batch_size)
            for i, batch in enumerate(_batches(frame, batch_size), start=1):
                bar.set_description(f"push {name}")
                with _phase(conn, f"pushing {name} (batch {i} of {n_batches})"):
                    out = conn.write(statement, {"rows": batch})
                if checked and int(out[0]["n"]) != len(batch):
                    raise Neo4jQueryError(
                        f"pushing {name}: {len(batch) - int(out[0]['n'])} of {len(batch)} "
                        "relationships found no store, identifier or ring at one end (was the "
                        "graph changed during the push?); push again"
                    )
                bar.update(len(batch))
        stale_rings: list[str] = []
        if incremental:
            clock.stage("absent")
            gone, analysed = _absent_stores(conn, rows) if absent != "keep" else ([], [])
            stale_rings = _replaced_rings(conn, rows, gone)
            if absent == "prune":
                _delete_in_batches(conn, "removed_stores", cypher.DELETE_STORES, gone, batch_size)
                counts["removed_stores"] = len(gone)
            elif absent == "clear":
                _delete_in_batches(
                    conn,
                    "cleared_absent_stores",
                    cypher.CLEAR_ANALYSIS_PROPERTIES,
                    analysed,
                    batch_size,
                )
                counts["cleared_absent_stores"] = len(analysed)
            clock.stage("cleanup")
        for key, _, _ in cleanup:
            counts[key] = 0
        for key, statement, frame in cleanup:
            for batch in _batches(frame, batch_size):
                bar.set_description("push cleanup")
                with _phase(conn, f"removing stale relationships ({key[8:]})"):
                    out = conn.write(statement, {"rows": batch})
                counts[key] += int(out[0]["n"]) if out else 0
                bar.update(len(batch))
        if incremental:
            counts.update(_remove_stale_nodes(conn, stale_rings, batch_size))
    finally:
        bar.close()
    return PushSummary(counts=counts, incremental=incremental, key_fingerprint=fingerprint)


def _absent_stores(conn: Connection, rows: GraphRows) -> tuple[list[str], list[str]]:
    """Graph stores of the analysed platforms that the analysis does not hold, and
    those of them an analysis gave properties to (sorted ids)."""
    platforms = sorted({str(p) for p in rows.stores["platform"].dropna()})
    pushed = set(rows.stores["store_id"].tolist())
    with _phase(conn, "finding stores that left the analysis"):
        found = conn.read(cypher.FIND_STORES_OF_PLATFORMS, {"platforms": platforms})
    gone = sorted(r["store_id"] for r in found if r["store_id"] not in pushed)
    analysed = sorted(r["store_id"] for r in found if r["store_id"] not in pushed and r["analysed"])
    return gone, analysed


def _must_rekey(
    recorded: set[str], fingerprint: str, n_identifiers: int, *, rekey: bool, to: set[str]
) -> bool:
    """Whether the graph's identifiers must go before pushing with this key; refuses a
    push with another key unless ``rekey``."""
    if not n_identifiers or recorded == {fingerprint}:
        return False
    if rekey:
        return True
    if recorded:
        theirs = ", ".join(sorted(str(r) for r in recorded))
        if fingerprint in to:
            interrupted = (
                f"a re-key of the graph to your key ({fingerprint}) was interrupted: the graph "
                f"still holds identifiers hashed with its old key ({theirs}). Push again with "
            )
            raise _worded(
                ConfigError(f"{interrupted}rekey=True to finish it"),
                f"{interrupted}--rekey to finish it (the same command, with --rekey)",
            )

        def text(option: str) -> str:
            return (
                f"the graph's identifiers were hashed with another key (the graph's key "
                f"fingerprint is {theirs}, yours is {fingerprint}): push with the graph's key, "
                f"or re-key the graph with {option}, which deletes every identifier in the "
                "graph before writing the analysis's"
            )

        raise _worded(ConfigError(text("rekey=True")), text("--rekey"))
    log.warning(
        "the graph records no hashing key (it was pushed by an earlier sellergraph version); "
        "recording this key's fingerprint %s. If it was pushed with another key, push again "
        "re-keying it (--rekey; in Python, rekey=True)",
        fingerprint,
    )
    return False


def _delete_all_identifiers(conn: Connection, batch_size: int, fingerprint: str) -> int:
    """Delete every identifier of the graph (and its ``USES``); how many."""
    deleted = 0
    doing = "re-keying: deleting the identifiers hashed with the old key"
    try:
        with conn.translated(doing):
            conn.write(cypher.MARK_REKEY, {"key_fingerprint": fingerprint})
            while True:
                out = conn.write(cypher.DELETE_ALL_IDENTIFIERS, {"limit": batch_size})
                n = int(out[0]["n"]) if out else 0
                deleted += n
                if n < batch_size:
                    return deleted
    except Neo4jConnectionError as exc:
        stopped = f"{exc}. The re-key stopped part way: "
        raise _worded(
            Neo4jConnectionError(
                f"{stopped}push the same analysis again with rekey=True to finish it "
                "(without it, the graph's old key is refused)"
            ),
            f"{stopped}run the same command again, with --rekey, to finish it (without "
            "--rekey, the graph's old key is refused)",
        ) from None


@contextlib.contextmanager
def _phase(conn: Connection, doing: str) -> Iterator[None]:
    try:
        with conn.translated(doing):
            yield
    except Neo4jConnectionError as exc:
        raise Neo4jConnectionError(
            f"{exc}. The push stopped part way; nothing written is lost, and pushing the same "
            "analysis again completes the graph without duplicates"
        ) from None


def _replaced_rings(conn: Connection, rows: GraphRows, gone: Sequence[str] = ()) -> list[str]:
    """Rings of the graph that the pushed analysis replaces: rings it does not have
    that hold one of its stores or a store that left it (``gone``), or no store at
    all. Rings whose stores are all outside the analysis (another platform's, pushed
    from another analysis) stay."""
    pushed = set(rows.stores["store_id"].tolist()) | set(gone)
    with _phase(conn, "finding rings the analysis replaces"):
        others = conn.read(cypher.FIND_OTHER_RINGS, {"ring_ids": rows.rings["ring_id"].tolist()})
    return sorted(
        r["ring_id"] for r in others if not r["members"] or any(m in pushed for m in r["members"])
    )


def _remove_stale_nodes(
    conn: Connection, stale_rings: list[str], batch_size: int
) -> dict[str, int]:
    """Delete the rings the analysis replaces, then the identifiers no store uses and
    the ring ids of stores left in no ring; how many of each."""
    out = {"removed_rings": len(stale_rings)}
    _delete_in_batches(conn, "removed_rings", cypher.DELETE_RINGS, stale_rings, batch_size)
    for key, find, remove in (
        ("removed_identifiers", cypher.FIND_ORPHAN_IDENTIFIERS, cypher.DELETE_IDENTIFIERS),
        ("cleared_ring_ids", cypher.FIND_STALE_RING_IDS, cypher.CLEAR_RING_IDS),
    ):
        with _phase(conn, f"removing stale nodes ({key})"):
            found = sorted(next(iter(r.values())) for r in conn.read(find))
        _delete_in_batches(conn, key, remove, found, batch_size)
        out[key] = len(found)
    return out


def _delete_in_batches(
    conn: Connection, key: str, statement: str, ids: list[str], batch_size: int
) -> None:
    with _phase(conn, f"removing stale nodes ({key})"):
        for start in range(0, len(ids), batch_size):
            conn.write(statement, {"ids": ids[start : start + batch_size]})


# -- pull ---------------------------------------------------------------------------


def _read_all(conn: Connection, statement: str, bar: Any) -> list[dict[str, Any]]:
    def work(tx: Any) -> list[dict[str, Any]]:
        out = []
        for record in tx.run(statement):
            out.append(dict(record.items()))
            if len(out) % 10_000 == 0:
                bar.update(10_000)
        bar.update(len(out) % 10_000)
        return out

    with conn.session() as session:
        result: list[dict[str, Any]] = session.execute_read(work)
        return result


def _pull_refused(lock: PushLock, conn: Connection, *, began: bool) -> PushLockedError:
    def text(option: str) -> str:
        when = "began while the graph was read" if began else "is in progress"
        return (
            f"a push into the graph at {conn.uri} {when} ({lock.describe()}; holder "
            f"{lock.holder}): a pull now would read a graph half-written, some stores of one "
            "analysis and some of the next. Pull again once it has finished; if it is not "
            f"running any more (killed, or its machine went down), pull with {option}"
        )

    return _worded(PushLockedError(text("ignore_lock=True")), text("--ignore-lock"))


def _running_lock(conn: Connection) -> PushLock | None:
    lock = push_lock(conn)
    return None if lock is None or lock.is_abandoned() else lock


def pull(
    target: Connection | Any,
    *,
    database: str | None = None,
    progress: bool | None = None,
    ignore_lock: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read the stores and links of the graph back, as the tables of the input contract.

    ``sg.analyze(*pull(conn))`` analyses a graph pushed with ``raw=True``. Identifiers
    pushed hashed come back with their hash as ``value`` and ``_hmac`` added to their
    kind; analyse them with ``config=hashed_config()``: stores sharing a value share
    its hash, so they are still linked, but no normalisation or near-duplicate
    matching can apply to a hash.

    Parameters
    ----------
    target : Connection or neo4j.Driver
    database : str, optional
        With a bare driver: the database.
    progress : bool, optional
        Show a progress bar on stderr; by default only when stderr is a terminal.
    ignore_lock : bool, default False
        Read the graph even while a push holds its lock (only when that push is
        certainly not running any more).

    Returns
    -------
    stores, links : DataFrame
        ``store_id, platform, status, opened_at, closed_at, closure_reason, name``
        and ``store_id, kind, value, observed_at`` (see
        :func:`sellergraph.neo4j.rows.frames_from_records`).

    Raises
    ------
    PushLockedError
        A push into the graph is running, or began while the graph was read: the
        tables would mix two analyses' stores and links.
    """
    conn = _as_connection(target, database)
    if not ignore_lock and (lock := _running_lock(conn)) is not None:
        raise _pull_refused(lock, conn, began=False)
    bar = _progress_bar(None, progress, "pull")
    try:
        with conn.translated("pulling stores"):
            bar.set_description("pull stores")
            store_records = _read_all(conn, cypher.PULL_STORES, bar)
        with conn.translated("pulling links"):
            bar.set_description("pull links")
            link_records = _read_all(conn, cypher.PULL_LINKS, bar)
    finally:
        bar.close()
    if not ignore_lock and (lock := _running_lock(conn)) is not None:
        raise _pull_refused(lock, conn, began=True)
    return frames_from_records(store_records, link_records)


# -- investigation ------------------------------------------------------------------


def _check_hops(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_HOPS:
        raise InputError(f"{name!r} must be an integer from 1 to {MAX_HOPS} (got {value!r})")
    return value


def _check_store_id(value: object, name: str) -> str:
    """A store id as the load reads one (ends stripped; ``1027`` and ``1027.0`` are
    ``"1027"``): what the graph holds."""
    if isinstance(value, bool | np.bool_) or not isinstance(value, str | int | float | np.number):
        raise InputError(f"{name!r} must be a non-empty store id (got {value!r})")
    text = store_id_text(pd.Series([value], dtype=object)).iloc[0]
    if not isinstance(text, str) or not text:
        raise InputError(f"{name!r} must be a non-empty store id (got {value!r})")
    return text


def _native(value: object) -> object:
    to_native = getattr(value, "to_native", None)
    return to_native() if callable(to_native) else value


def _frame(rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    data = {c: [_native(r.get(c)) for r in rows] for c in columns}
    return pd.DataFrame(data, columns=list(columns))


def _expand(conn: Connection, store_ids: Sequence[str], include_hubs: bool) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    ids = sorted(store_ids)
    for start in range(0, len(ids), 1000):
        out += conn.read(
            cypher.EXPAND_STORES,
            {"store_ids": ids[start : start + 1000], "include_hubs": include_hubs},
        )
    return out


def _view(
    conn: Connection,
    hops: Mapping[str, int],
    *,
    include_hubs: bool,
    shared_only: bool,
    keep_uses: set[tuple[str, str]] | None = None,
) -> GraphView:
    """Read the stores of ``hops`` and their identifiers into a GraphView."""
    ids = sorted(hops)
    details = conn.read(cypher.STORE_DETAILS, {"store_ids": ids})
    stores = _frame(details, STORE_VIEW_COLUMNS)
    stores["hops"] = [hops[s] for s in stores["store_id"]]
    for col in ("opened_at", "closed_at"):
        stores[col] = pd.to_datetime(stores[col])
    stores = stores.sort_values(["hops", "store_id"], ignore_index=True)
    used = conn.read(cypher.STORE_IDENTIFIERS, {"store_ids": ids})
    uses_all = _frame(used, ("store_id", *IDENTIFIER_VIEW_COLUMNS[:-1], "first_seen", "last_seen"))
    if not include_hubs:
        uses_all = uses_all[~uses_all["suppressed"].fillna(False).astype(bool)]
    if keep_uses is not None:
        pairs = list(zip(uses_all["store_id"], uses_all["key"], strict=True))
        uses_all = uses_all[[p in keep_uses for p in pairs]]
    n_view = uses_all.groupby("key")["store_id"].nunique()
    if shared_only:
        uses_all = uses_all[uses_all["key"].map(n_view).fillna(0).to_numpy() >= 2]
    identifiers = (
        uses_all.drop_duplicates("key")
        .assign(n_view_stores=lambda f: f["key"].map(n_view).astype(int))
        .loc[:, list(IDENTIFIER_VIEW_COLUMNS)]
        .sort_values(["kind", "key"], ignore_index=True)
    )
    uses = uses_all.loc[:, list(USES_VIEW_COLUMNS)].sort_values(["store_id", "key"])
    for col in ("first_seen", "last_seen"):
        uses[col] = pd.to_datetime(uses[col])
    links = _frame(conn.read(cypher.LINKS_AMONG, {"store_ids": ids}), LINK_VIEW_COLUMNS)
    return GraphView(
        stores=stores,
        identifiers=identifiers,
        uses=uses.reset_index(drop=True),
        links=links.sort_values(["store_id", "other_store_id"], ignore_index=True),
    )


def _require_store(conn: Connection, store_id: str) -> None:
    if not conn.read(cypher.STORE_DETAILS, {"store_ids": [store_id]}):
        raise InputError(f"store {store_id!r} is not in the Neo4j graph")


def neighbourhood(
    target: Connection | Any,
    store_id: str,
    *,
    hops: int = 2,
    include_hubs: bool = False,
    max_stores: int = 5000,
    database: str | None = None,
) -> GraphView:
    """A store and every store within ``hops`` shared identifiers of it.

    One hop is store -> identifier -> store. Identifiers suppressed as hubs (shared
    by so many stores that they link nothing in the analysis) are not followed
    unless ``include_hubs``.

    Parameters
    ----------
    target : Connection or neo4j.Driver
    store_id : str
    hops : int, default 2
        From 1 to :data:`MAX_HOPS`.
    include_hubs : bool, default False
    max_stores : int, default 5000
        Raise InputError rather than return a neighbourhood larger than this.
    database : str, optional

    Returns
    -------
    GraphView
        ``stores.hops`` is each store's distance; identifiers are those shared by
        two or more stores of the view.
    """
    conn = _as_connection(target, database)
    _check_store_id(store_id, "store_id")
    _check_hops(hops, "hops")
    with conn.translated(f"reading the neighbourhood of store {store_id!r}"):
        _require_store(conn, store_id)
        seen = {store_id: 0}
        frontier = [store_id]
        for h in range(1, hops + 1):
            found = {r["other_store_id"] for r in _expand(conn, frontier, include_hubs)}
            frontier = sorted(found - seen.keys())
            seen.update(dict.fromkeys(frontier, h))
            if len(seen) > max_stores:
                raise InputError(
                    f"the {hops}-hop neighbourhood of store {store_id!r} has more than "
                    f"{max_stores:,} stores (reached at hop {h}); ask for fewer hops or raise "
                    "max_stores"
                )
            if not frontier:
                break
        return _view(conn, seen, include_hubs=include_hubs, shared_only=True)


def store_paths(
    target: Connection | Any,
    store_id: str,
    other_store_id: str,
    *,
    max_hops: int = 4,
    include_hubs: bool = False,
    limit: int = 25,
    max_stores: int = 50_000,
    database: str | None = None,
) -> GraphView:
    """The shortest paths of shared identifiers between two stores.

    A breadth-first search from ``store_id``, one store hop (store -> identifier ->
    store) at a time, up to ``max_hops``; suppressed hubs are not followed unless
    ``include_hubs``.

    Parameters
    ----------
    target : Connection or neo4j.Driver
    store_id, other_store_id : str
    max_hops : int, default 4
        From 1 to :data:`MAX_HOPS`.
    include_hubs : bool, default False
    limit : int, default 25
        Return at most this many paths (all of the shortest length).
    max_stores : int, default 50000
        Raise InputError rather than search more stores than this.
    database : str, optional

    Returns
    -------
    GraphView
        ``paths`` lists each path node by node; ``stores``, ``identifiers`` and
        ``uses`` hold what the paths go through (``stores.hops`` is the distance
        from ``store_id``). No path within ``max_hops``: empty ``paths``, and only
        the two stores (``hops`` -1 for ``other_store_id``).
    """
    conn = _as_connection(target, database)
    _check_store_id(store_id, "store_id")
    _check_store_id(other_store_id, "other_store_id")
    _check_hops(max_hops, "max_hops")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InputError(f"'limit' must be a positive integer (got {limit!r})")
    doing = f"searching paths from store {store_id!r} to {other_store_id!r}"
    with conn.translated(doing):
        _require_store(conn, store_id)
        _require_store(conn, other_store_id)
        level = {store_id: 0}
        parents: dict[str, set[tuple[str, str]]] = {}
        frontier = [store_id]
        for h in range(1, max_hops + 1):
            if other_store_id in level or not frontier:
                break
            reached: dict[str, set[tuple[str, str]]] = {}
            for r in _expand(conn, frontier, include_hubs):
                other = r["other_store_id"]
                if other not in level:
                    reached.setdefault(other, set()).add((r["store_id"], r["key"]))
            parents.update(reached)
            level.update(dict.fromkeys(reached, h))
            frontier = sorted(reached)
            if len(level) > max_stores:
                raise InputError(
                    f"searching paths from store {store_id!r} reached more than {max_stores:,} "
                    f"stores at hop {h}; lower max_hops or raise max_stores"
                )
        found = shortest_paths(parents, store_id, other_store_id, limit=limit)
        on_path: dict[str, int] = {store_id: 0, other_store_id: level.get(other_store_id, -1)}
        keep: set[tuple[str, str]] = set()
        path_rows = []
        for p, path in enumerate(found):
            for step, node in enumerate(path):
                kind = "store" if step % 2 == 0 else "identifier"
                path_rows.append({"path": p, "step": step, "type": kind, "id": node})
                if kind == "store":
                    on_path[node] = step // 2
                else:
                    keep.add((path[step - 1], node))
                    keep.add((path[step + 1], node))
        view = _view(conn, on_path, include_hubs=True, shared_only=False, keep_uses=keep)
    paths = pd.DataFrame(path_rows, columns=list(PATH_COLUMNS))
    return GraphView(
        stores=view.stores,
        identifiers=view.identifiers,
        uses=view.uses,
        links=view.links,
        paths=paths,
    )


def ring_view(
    target: Connection | Any,
    ring_id: str,
    *,
    shared_only: bool = True,
    database: str | None = None,
) -> GraphView:
    """A ring: its member stores, the identifiers they share, their links.

    Parameters
    ----------
    target : Connection or neo4j.Driver
    ring_id : str
    shared_only : bool, default True
        Keep only identifiers used by two or more members (False: every identifier
        of every member).
    database : str, optional

    Returns
    -------
    GraphView
        With ``info``: the ring node's properties.
    """
    conn = _as_connection(target, database)
    if not isinstance(ring_id, str) or not ring_id:
        raise InputError(f"'ring_id' must be a non-empty string (got {ring_id!r})")
    with conn.translated(f"reading ring {ring_id!r}"):
        found = conn.read(cypher.RING_MEMBERS, {"ring_id": ring_id})
        if not found:
            raise InputError(f"ring {ring_id!r} is not in the Neo4j graph")
        members = sorted(found[0]["members"])
        view = _view(conn, dict.fromkeys(members, 0), include_hubs=False, shared_only=shared_only)
    info = {k: _native(v) for k, v in sorted(found[0]["ring"].items())}
    return GraphView(
        stores=view.stores,
        identifiers=view.identifiers,
        uses=view.uses,
        links=view.links,
        info=info,
    )


# -- Graph Data Science -------------------------------------------------------------


def _gds_probe(conn: Connection) -> tuple[str | None, str]:
    """The GDS version (None when absent) and, when absent, the server's answer."""
    neo4j = _driver_module()
    with conn.translated("detecting the Graph Data Science library"):
        try:
            found = conn.read(cypher.GDS_VERSION)
        except neo4j.exceptions.AuthError:
            raise
        except (neo4j.exceptions.ClientError, neo4j.exceptions.DatabaseError) as exc:
            return None, f"{exc.code}: {_message(exc)}"
    version = found[0].get("version") if found else None
    if isinstance(version, str) and version:
        return version, ""
    return None, f"gds.version() returned {version!r}"


def gds_version(target: Connection | Any, *, database: str | None = None) -> str | None:
    """The server's Graph Data Science library version, or None when it has none.

    Detected with ``RETURN gds.version()``: a server without the library rejects
    the unknown function. Connection and credential errors are raised, not taken
    for a missing library.
    """
    return _gds_probe(_as_connection(target, database))[0]


@dataclass(frozen=True)
class DatabaseRings:
    """Rings computed by :func:`rings_in_database`.

    Attributes
    ----------
    members : DataFrame
        ``store_id, ring_id``, one row per store in a ring of two or more.
    rings : DataFrame
        ``ring_id, size``, largest first.
    engine : str
        ``gds-wcc`` or ``gds-leiden`` (in the database), or ``sellergraph`` (the
        fallback: the graph pulled and its rings found here).
    message : str
        How the rings were computed, and why when it was the fallback.
    """

    members: pd.DataFrame
    rings: pd.DataFrame
    engine: str
    message: str

    def __repr__(self) -> str:
        return f"<DatabaseRings: {len(self.rings):,} rings by {self.engine}>"


def rings_in_database(
    target: Connection | Any,
    *,
    algorithm: Literal["wcc", "leiden"] = "wcc",
    min_link: float = 0.5,
    gamma: float = 1.0,
    seed: int = 0,
    fallback: bool = True,
    config: Config | None = None,
    database: str | None = None,
) -> DatabaseRings:
    """Rings of the pushed graph computed in the database with Graph Data Science.

    Projects the ``LINKED`` relationships of weight ``>= min_link`` (push with
    ``store_links=True``), runs weakly connected components (``wcc``) or Leiden
    (``leiden``, weighted, seeded) and names each ring of two or more stores like
    sellergraph does (``R-`` and a hash of its earliest member). The projection is
    dropped afterwards.

    Without the library on the server: with ``fallback`` the graph is pulled and
    its rings found here by :func:`sellergraph.analyze` (components for ``wcc``,
    Leiden CPM with ``config.rings.resolution`` for ``leiden``), and ``message``
    says so (also logged as a warning); without ``fallback``,
    :class:`~sellergraph.MissingDependencyError` is raised.

    Parameters
    ----------
    target : Connection or neo4j.Driver
    algorithm : {"wcc", "leiden"}
    min_link : float, default 0.5
        Weakest store link that joins two stores.
    gamma : float, default 1.0
        Leiden resolution in GDS (modularity); the fallback uses CPM instead.
    seed : int, default 0
    fallback : bool, default True
    config : Config, optional
        For the fallback analysis.
    database : str, optional

    Returns
    -------
    DatabaseRings
    """
    if algorithm not in ("wcc", "leiden"):
        raise InputError(f"'algorithm' must be 'wcc' or 'leiden' (got {algorithm!r})")
    if not isinstance(min_link, int | float) or not 0 < min_link <= 1:
        raise InputError(f"'min_link' must be in (0, 1] (got {min_link!r})")
    conn = _as_connection(target, database)
    version, answer = _gds_probe(conn)
    if version is None:
        why = (
            f"the Neo4j server at {conn.uri} has no Graph Data Science library "
            f"(RETURN gds.version() gave {answer})"
        )
        if not fallback:
            raise MissingDependencyError(
                f"{why}: install the GDS plugin on the server, or pass fallback=True to "
                "compute the rings here"
            )
        message = f"{why}; rings computed by sellergraph from the pulled graph instead"
        log.warning(message)
        return _fallback_rings(conn, algorithm, min_link, seed, config, message)
    with conn.translated("counting store links"):
        strong = int(conn.read(cypher.COUNT_STRONG_LINKS, {"min_link": min_link})[0]["n"])
    if strong == 0:
        raise InputError(
            f"the graph has no LINKED relationship of weight >= {min_link}: push the analysis "
            "with store_links=True first"
        )
    graph = f"sellergraph-rings-{uuid.uuid4().hex}"
    stream = cypher.GDS_WCC_STREAM if algorithm == "wcc" else cypher.GDS_LEIDEN_STREAM
    with conn.translated(f"computing rings with GDS {algorithm}"):
        projected = conn.write(cypher.GDS_PROJECT_LINKED, {"graph": graph, "min_link": min_link})
        try:
            found = conn.write(stream, {"graph": graph, "resolution": gamma, "seed": seed})
        finally:
            if projected:
                conn.write(cypher.GDS_DROP, {"graph": graph})
    members, rings = rings_from_communities(_frame(found, ("store_id", "opened_at", "community")))
    return DatabaseRings(
        members=members,
        rings=rings,
        engine=f"gds-{algorithm}",
        message=f"rings computed in the database by GDS {version} ({algorithm})",
    )


def _fallback_rings(
    conn: Connection,
    algorithm: str,
    min_link: float,
    seed: int,
    config: Config | None,
    message: str,
) -> DatabaseRings:
    from ..pipeline import analyze

    stores, links = pull(conn, progress=False)
    cfg = hashed_config(config).replace(
        min_link=float(min_link), method="components" if algorithm == "wcc" else "leiden"
    )
    analysis = analyze(stores, links, config=cfg, seed=seed)
    in_ring = pd.notna(analysis.ring_of)
    members = pd.DataFrame(
        {
            "store_id": analysis.stores["store_id"].to_numpy(dtype=object)[in_ring],
            "ring_id": analysis.ring_of[in_ring],
        }
    ).sort_values(["ring_id", "store_id"], ignore_index=True)
    rings = ring_sizes(members)
    return DatabaseRings(members=members, rings=rings, engine="sellergraph", message=message)
