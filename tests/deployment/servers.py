"""Real servers started by the tests that need them: a PostgreSQL primary with a streaming
replica of it, and a Redis. Each is skipped with a loud reason where the machine cannot start it,
and fails where CI is set (CI's machine has them)."""

import glob
import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest


def missing(what: str):
    message = f"{what}: cannot prove scale-out here"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_bin() -> Path | None:
    found = shutil.which("pg_config")
    if found:
        done = subprocess.run([found, "--bindir"], capture_output=True, text=True)
        if done.returncode == 0 and (Path(done.stdout.strip()) / "initdb").exists():
            return Path(done.stdout.strip())
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(candidates[-1]).parent if candidates else None


def _as_server_user(command, folder: Path):
    """PostgreSQL refuses to run as root: as root, run it as the `postgres` user."""
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
        return ["runuser", "-u", "postgres", "--", *map(str, command)]
    return list(map(str, command))


class PostgresPair:
    """A primary and a streaming replica of it, each on its own port, in a folder of their own."""

    def __init__(self, folder: Path):
        self.bin = _postgres_bin()
        if self.bin is None:
            missing("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            missing("running as root without runuser to start PostgreSQL as its own user")
        self.folder = folder
        self.primary_port, self.replica_port = free_port(), free_port()

    def _run(self, *command):
        done = subprocess.run(
            _as_server_user(command, self.folder), capture_output=True, text=True, cwd="/"
        )
        if done.returncode:
            raise RuntimeError(f"{command[0]} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def url(self, port, database):
        return f"postgres://postgres@127.0.0.1:{port}/{database}"

    def connect(self, port, database="postgres"):
        return psycopg.connect(self.url(port, database), autocommit=True)

    def start(self):
        primary, replica = self.folder / "primary", self.folder / "replica"
        self._run(self.bin / "initdb", "-D", primary, "-U", "postgres", "--auth=trust",
                  "-E", "UTF8")  # fmt: skip
        options = f"-c port={self.primary_port} -c listen_addresses=127.0.0.1 " \
                  f"-c unix_socket_directories={self.folder} -c fsync=off"  # fmt: skip
        self._run(self.bin / "pg_ctl", "-D", primary, "-o", options, "-l", self.folder / "p.log",
                  "-w", "start")  # fmt: skip
        # A copy of the primary that follows it (streaming replication): -R writes its
        # standby settings.
        self._run(self.bin / "pg_basebackup", "-h", "127.0.0.1", "-p", self.primary_port,
                  "-U", "postgres", "-D", replica, "-R", "-X", "stream")  # fmt: skip
        options = options.replace(str(self.primary_port), str(self.replica_port))
        self._run(self.bin / "pg_ctl", "-D", replica, "-o", options, "-l", self.folder / "r.log",
                  "-w", "start")  # fmt: skip

    def stop(self):
        for name in ("replica", "primary"):
            if (self.folder / name / "postmaster.pid").exists():
                self._run(self.bin / "pg_ctl", "-D", self.folder / name, "-m", "immediate",
                          "stop")  # fmt: skip

    def wait_for_replica(self, timeout=30):
        """Until the replica has replayed everything the primary has written so far."""
        with self.connect(self.primary_port) as primary:
            written = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        deadline = time.monotonic() + timeout
        with self.connect(self.replica_port) as replica:
            while time.monotonic() < deadline:
                caught_up = replica.execute(
                    "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [written]
                ).fetchone()[0]
                if caught_up:
                    return
                time.sleep(0.05)
        raise TimeoutError("the replica did not catch up")

    def pause_replica(self):
        with self.connect(self.replica_port) as replica:
            replica.execute("SELECT pg_wal_replay_pause()")

    def resume_replica(self):
        with self.connect(self.replica_port) as replica:
            replica.execute("SELECT pg_wal_replay_resume()")


@contextmanager
def postgres_pair(folder: Path):
    pair = PostgresPair(folder)
    try:
        pair.start()
        yield pair
    finally:
        pair.stop()


@contextmanager
def redis_server(folder: Path):
    """A Redis of the test's own, on a free port, keeping nothing on disk."""
    program = shutil.which("redis-server")
    if program is None:
        missing("redis-server is not installed (Debian: redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)
