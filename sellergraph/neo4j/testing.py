"""A throwaway Bolt server for tests, notebooks and demos, without installing Neo4j.

:func:`arcadedb_server` starts `ArcadeDB <https://arcadedb.com>`_ (Apache-2.0) from
the PyPI package ``arcadedb-embedded``, which carries its own Java runtime and a
Bolt endpoint that the official ``neo4j`` driver talks to as to a Neo4j 5 server.
It starts in a few seconds on free local ports, in a temporary folder (or one you
give, which keeps the data between runs), and stops when the ``with`` block ends.

ArcadeDB is not Neo4j: it has no Graph Data Science library, and it is more lenient
in places (see the project's Neo4j guide). sellergraph only sends it what both
accept. The server can be killed and started again on the same data
(:meth:`ArcadeDBServer.kill`, :meth:`ArcadeDBServer.start`), to test recovery.

Examples
--------
The server is started only when asked (this needs ``pip install arcadedb-embedded``)::

    from sellergraph.neo4j.testing import arcadedb_server
    from sellergraph import neo4j as sgn

    with arcadedb_server() as server, server.connect() as conn:
        sgn.push(analysis, conn, secret=secret)

>>> server = ArcadeDBServer("/tmp/example-arcadedb", password="a-long-password")
>>> server.uri.startswith("bolt://127.0.0.1:")
True
"""

from __future__ import annotations

import atexit
import contextlib
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import ConfigError, MissingDependencyError, SellergraphError

if TYPE_CHECKING:
    from .sync import Connection

__all__ = ["ArcadeDBServer", "arcadedb_server", "free_port"]

_MAIN_CLASS = "com.arcadedb.server.ArcadeDBServer"
_BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _package_dir() -> Path:
    try:
        import arcadedb_embedded
    except ImportError:
        raise MissingDependencyError(
            "a throwaway ArcadeDB Bolt server needs the arcadedb-embedded package: "
            'pip install "arcadedb-embedded>=26.10"'
        ) from None
    return Path(arcadedb_embedded.__file__).parent


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.2)
        return s.connect_ex(("127.0.0.1", port)) == 0


class ArcadeDBServer:
    """An ArcadeDB server process with its Bolt endpoint on 127.0.0.1.

    Parameters
    ----------
    root : path
        Folder for the server's databases, configuration and console output
        (``console.txt``). Starting again on the same folder keeps the data.
    password : str
        Password of the user ``root``; at least 8 characters.
    database : str, default "neo4j"
        The database created at start-up (ArcadeDB cannot create one through Cypher).
    memory : str, default "1g"
        Java heap limit (``-Xmx``).
    bolt_port, http_port : int, optional
        Ports; free ones are picked when omitted, and kept across restarts.
    """

    user = "root"

    def __init__(
        self,
        root: str | Path,
        *,
        password: str,
        database: str = "neo4j",
        memory: str = "1g",
        bolt_port: int | None = None,
        http_port: int | None = None,
    ) -> None:
        if len(password) < 8:
            raise ConfigError("the ArcadeDB root password must be at least 8 characters long")
        if not database.isidentifier():
            raise ConfigError(f"database name {database!r} must be letters, digits and '_'")
        self.root = Path(root)
        self.password = password
        self.database = database
        self.memory = memory
        self.bolt_port = bolt_port or free_port()
        self.http_port = http_port or free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self._console: IO[bytes] | None = None

    def __repr__(self) -> str:
        state = "running" if self.running else "stopped"
        return f"<ArcadeDBServer {self.uri} database={self.database!r} {state}>"

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:<port>``."""
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self.process is not None and self.process.poll() is None

    def command(self) -> list[str]:
        """The java command line that starts the server."""
        pkg = _package_dir()
        return [
            str(pkg / "jre" / "bin" / "java"),
            "-Xms128m",
            f"-Xmx{self.memory}",
            f"-Darcadedb.server.rootPath={self.root}",
            f"-Darcadedb.server.databaseDirectory={self.root / 'databases'}",
            f"-Darcadedb.server.rootPassword={self.password}",
            f"-Darcadedb.server.defaultDatabases={self.database}[root]",
            f"-Darcadedb.server.plugins={_BOLT_PLUGIN}",
            f"-Darcadedb.bolt.port={self.bolt_port}",
            "-Darcadedb.bolt.host=127.0.0.1",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={self.http_port}",
            "-cp",
            str(pkg / "jars" / "*"),
            _MAIN_CLASS,
        ]

    def start(self, *, timeout: float = 90.0) -> ArcadeDBServer:
        """Start the server and wait until its Bolt port accepts connections."""
        if self.running:
            return self
        self.root.mkdir(parents=True, exist_ok=True)
        if (self.root / "log").is_file():
            raise ConfigError(f"{self.root / 'log'} is a file; ArcadeDB needs a log/ folder there")
        if _port_open(self.bolt_port):
            raise SellergraphError(f"port {self.bolt_port} on 127.0.0.1 is already in use")
        self._console = (self.root / "console.txt").open("ab")
        self.process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=self._console,
            stderr=subprocess.STDOUT,
            cwd=self.root,
        )
        _LIVE.add(self)
        deadline = time.monotonic() + timeout
        while not _port_open(self.bolt_port):
            if self.process.poll() is not None:
                self._close_console()
                raise SellergraphError(
                    f"ArcadeDB exited at start with status {self.process.returncode}: "
                    f"{self._console_tail()}"
                )
            if time.monotonic() > deadline:
                self.kill()
                raise SellergraphError(
                    f"ArcadeDB did not open its Bolt port within {timeout:.0f}s: "
                    f"{self._console_tail()}"
                )
            time.sleep(0.1)
        self._wait_ready(deadline)
        return self

    def _wait_ready(self, deadline: float) -> None:
        """Wait until the database answers a query (the port opens before it is loaded)."""
        from .sync import _driver_module

        neo4j = _driver_module()
        with neo4j.GraphDatabase.driver(self.uri, auth=(self.user, self.password)) as driver:
            while True:
                try:
                    with driver.session(database=self.database) as session:
                        session.run("RETURN 1 AS ok").consume()
                    return
                except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
                    if self.process is None or self.process.poll() is not None:
                        raise SellergraphError(
                            f"ArcadeDB stopped while starting: {self._console_tail()}"
                        ) from None
                    if time.monotonic() > deadline:
                        self.kill()
                        raise SellergraphError(
                            f"ArcadeDB did not serve database {self.database!r} in time: {exc}"
                        ) from None
                    time.sleep(0.2)

    def _console_tail(self) -> str:
        path = self.root / "console.txt"
        lines = path.read_text(errors="replace").splitlines() if path.is_file() else []
        return " | ".join(line.strip() for line in lines[-3:]) or "no output"

    def _close_console(self) -> None:
        if self._console is not None:
            self._console.close()
            self._console = None

    def _wait(self, timeout: float) -> None:
        assert self.process is not None
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._close_console()
        _LIVE.discard(self)

    def stop(self, *, timeout: float = 20.0) -> None:
        """Stop the server cleanly (SIGTERM), killing it if it does not stop in time."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        self._wait(timeout)

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self._wait(10.0)

    def connect(self, **kwargs: Any) -> Connection:
        """A :class:`~sellergraph.neo4j.Connection` to the server's database."""
        from .sync import connect

        return connect(
            self.uri, user=self.user, password=self.password, database=self.database, **kwargs
        )

    def __enter__(self) -> ArcadeDBServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


_LIVE: set[ArcadeDBServer] = set()


@atexit.register
def _stop_all() -> None:  # pragma: no cover - runs at interpreter exit
    for server in list(_LIVE):
        with contextlib.suppress(Exception):
            server.stop(timeout=5.0)


@contextlib.contextmanager
def arcadedb_server(
    path: str | Path | None = None,
    *,
    password: str | None = None,
    database: str = "neo4j",
    memory: str = "1g",
    timeout: float = 90.0,
) -> Iterator[ArcadeDBServer]:
    """Start a throwaway ArcadeDB Bolt server; stop it (and remove its folder) after.

    Parameters
    ----------
    path : path, optional
        Folder to keep the server's data in (kept afterwards). By default a
        temporary folder, removed when the block ends.
    password : str, optional
        Password of user ``root`` (8 characters or more); a random one by default
        (``server.password``).
    database : str, default "neo4j"
    memory : str, default "1g"
        Java heap limit.
    timeout : float, default 90
        Seconds to wait for the server to start.

    Yields
    ------
    ArcadeDBServer
        Running; ``server.uri``, ``server.user``, ``server.password``,
        ``server.database``, ``server.connect()``.
    """
    temporary = path is None
    root = Path(tempfile.mkdtemp(prefix="sellergraph-arcadedb-")) if path is None else Path(path)
    server = ArcadeDBServer(
        root,
        password=password or secrets.token_urlsafe(18),
        database=database,
        memory=memory,
    )
    try:
        server.start(timeout=timeout)
        yield server
    finally:
        server.stop()
        if temporary:
            shutil.rmtree(root, ignore_errors=True)
