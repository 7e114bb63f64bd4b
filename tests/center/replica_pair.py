"""A real PostgreSQL primary and streaming replica for tests, in a scratch folder (WORKS-HERE.md).

The shared cluster allows no replication connections, so the pair is made here: `initdb` a primary that
allows replication from 127.0.0.1, start it on a free port, `pg_basebackup -R -X stream` it into a second
folder and start that as a hot standby on another port. As root, the servers run as the `postgres` user.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2

from tests.center.processes import free_port


def postgres_bin() -> Path | None:
    """The newest installed server's binaries (Debian: /usr/lib/postgresql/<version>/bin)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _as_postgres(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120, **kwargs)


@dataclass
class ReplicaPair:
    folder: Path
    bin: Path
    primary_port: int
    replica_port: int
    database: str = "center"

    def url(self, port: int) -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{self.database}"

    @property
    def primary_url(self) -> str:
        return self.url(self.primary_port)

    @property
    def replica_url(self) -> str:
        return self.url(self.replica_port)

    def _ctl(self, name: str, action: str, port: int | None = None) -> None:
        command = [str(self.bin / "pg_ctl"), "-D", str(self.folder / name), "-w", "-t", "60"]
        if action == "start":
            command += ["-l", str(self.folder / f"{name}.log"), "-o", f"-p {port} -k {self.folder}"]
        else:
            command += ["-m", "fast"]
        _as_postgres([*command, action])

    def start(self, name: str) -> None:
        self._ctl(name, "start", self.primary_port if name == "primary" else self.replica_port)

    def stop(self, name: str) -> None:
        self._ctl(name, "stop")

    def sql(self, port: int, query: str, database: str | None = None):
        """Run one statement (autocommit) and return its rows, if any."""
        connection = psycopg2.connect(
            host="127.0.0.1", port=port, user="postgres", dbname=database or self.database, connect_timeout=5
        )
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(query)
                return cursor.fetchall() if cursor.description else None
        finally:
            connection.close()

    def wait_replayed(self, timeout: float = 30) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        (target,) = self.sql(self.primary_port, "SELECT pg_current_wal_lsn()")[0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            (done,) = self.sql(self.replica_port, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]
            if done:
                return
            time.sleep(0.1)
        raise TimeoutError("the replica did not catch up")


def start_pair() -> ReplicaPair:
    """initdb, start the primary, base-backup the replica and start it; the `center` database exists on both."""
    folder = Path(tempfile.mkdtemp(prefix="replica-pair-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    pair = ReplicaPair(folder, postgres_bin(), free_port(), free_port())
    initdb = [str(pair.bin / "initdb"), "-A", "trust", "-U", "postgres", "--no-sync", "-D", str(folder / "primary")]
    _as_postgres(initdb)
    with open(folder / "primary" / "pg_hba.conf", "a") as hba:
        hba.write("host replication all 127.0.0.1/32 trust\n")
    with open(folder / "primary" / "postgresql.conf", "a") as conf:
        # Scratch data: no fsync; hot_standby_feedback avoids cancelled reads on the replica.
        conf.write("listen_addresses = '127.0.0.1'\nfsync = off\nhot_standby_feedback = on\nmax_connections = 60\n")
    pair.start("primary")
    pair.sql(pair.primary_port, f"CREATE DATABASE {pair.database}", database="postgres")
    _as_postgres([
        str(pair.bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(pair.primary_port), "-U", "postgres",
        "-D", str(folder / "replica"), "-R", "-X", "stream", "--no-sync", "--checkpoint=fast",
    ])  # fmt: skip
    pair.start("replica")
    return pair


def stop_pair(pair: ReplicaPair) -> None:
    for name in ("replica", "primary"):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            pair.stop(name)
    shutil.rmtree(pair.folder, ignore_errors=True)
