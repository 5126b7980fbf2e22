"""A throwaway PostgreSQL server for tests: Debian's postgresql, a new cluster in a temporary folder,
listening only on a Unix socket in that folder, removed when the tests end.

`make test` installs the package when it is missing (the `postgresql` target). PostgreSQL refuses to run
as root, so under root (CI containers) the cluster runs as the `postgres` user the package creates.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import quote

SEARCHED = ("/usr/lib/postgresql",)  # Debian keeps the server binaries out of PATH, one folder a version
STARTUP = 30.0  # seconds to wait for the server to accept connections


class ClusterUnavailable(RuntimeError):
    """PostgreSQL's server programs are not installed, or the cluster would not start."""


def server_bin() -> Path:
    """The folder holding initdb and postgres: PATH first, then Debian's newest version."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for root in SEARCHED:
        versions = sorted(
            Path(root).glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name), reverse=True
        )
        if versions:
            return versions[0].parent
    raise ClusterUnavailable(
        "PostgreSQL is not installed (Debian: apt-get install postgresql; make test does it)"
    )


class ThrowawayCluster:
    """One PostgreSQL server of our own: `start()`, then `new_database()` for each test that needs one."""

    def __init__(self) -> None:
        self.bin = server_bin()
        self.root = Path(tempfile.mkdtemp(prefix="privy-pg-"))
        self.data = self.root / "data"
        self.socket = self.root / "socket"
        self._as_user: list[str] = []
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The URL of the `postgres` database, through the socket folder (no TCP port is opened)."""
        return self.url_of("postgres")

    def url_of(self, database: str) -> str:
        return f"postgresql:///{database}?host={quote(str(self.socket), safe='')}&user=privy"

    def start(self) -> ThrowawayCluster:
        self.socket.mkdir()
        if os.geteuid() == 0:  # initdb and postgres refuse root: run them as the package's user
            shutil.chown(self.root, "postgres")
            shutil.chown(self.socket, "postgres")
            self._as_user = ["runuser", "-u", "postgres", "--"]
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "privy", "--auth=trust",
            "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        options = [
            "-c", "listen_addresses=", "-c", f"unix_socket_directories={self.socket}",
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
            "-c", "max_connections=200", "-c", "shared_buffers=64MB",
        ]  # fmt: skip
        log = open(self.root / "server.log", "wb")  # noqa: SIM115 - the server's lifetime, closed in stop()
        self.process = subprocess.Popen(
            [*self._as_user, str(self.bin / "postgres"), "-D", str(self.data), *options],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self._log = log
        self._wait_ready()
        return self

    def new_database(self, template: str | None = None) -> str:
        """A new empty database (or a copy of `template`), and its URL."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        like = f" TEMPLATE {template}" if template else ""
        self.sql(f"CREATE DATABASE {name}{like}")
        return self.url_of(name)

    def sql(self, statement: str, database: str = "postgres") -> str:
        """Run one statement with psql and return what it printed (for set-up, not for Privy's own SQL)."""
        done = subprocess.run(
            [str(self.bin / "psql") if (self.bin / "psql").exists() else "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
             "-h", str(self.socket), "-U", "privy", "-d", database, "-c", statement],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if done.returncode:
            raise ClusterUnavailable(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def stop(self) -> None:
        """Stop the server at once and remove the folder with everything in it."""
        if self.process is not None and self.process.poll() is None:
            # SIGINT is PostgreSQL's fast shutdown (SIGTERM waits for every client); to the whole group,
            # since under root the server is runuser's child
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if getattr(self, "_log", None):
            self._log.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise ClusterUnavailable(f"postgres stopped at start:\n{self._server_log()}")
            try:
                self.sql("SELECT 1")
                return
            except ClusterUnavailable:
                time.sleep(0.1)
        self.stop()
        raise ClusterUnavailable(f"postgres did not accept connections within {STARTUP:.0f} s")

    def _server_log(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")[-2000:]
        except OSError:
            return "(no log)"

    def _run(self, *command: str) -> None:
        done = subprocess.run([*self._as_user, *command], capture_output=True, text=True, check=False)
        if done.returncode:
            self.stop()
            raise ClusterUnavailable(
                f"{Path(command[0]).name} failed: {done.stderr.strip() or done.stdout.strip()}"
            )
