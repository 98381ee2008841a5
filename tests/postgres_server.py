"""A throw-away PostgreSQL/PostGIS server for tests and benchmarks, in a temp folder.

Debian's binaries (`/usr/lib/postgresql/N/bin`, installed by `make test`), a cluster made by
`initdb` in a new temp folder, on a free loopback port, with its socket in that folder too:
nothing global is touched. PostgreSQL refuses to run as root, so as root the server runs as the
`postgres` system user (made by Debian's package) via `runuser`. Durability is switched off
(`fsync=off`): the data is thrown away at the end.

Nothing here skips: if PostgreSQL or PostGIS cannot be had, `PostgresServer.start` raises with
what is missing, and every test that needs the server fails.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

TEMPLATE = "frontlines_template"
USER = "frontlines"
# A role that must give its password (scram), for the refused-password tests; every other role
# is trusted on this throw-away server.
PASSWORD_USER, PASSWORD = "frontlines_pw", "right-password"
HBA = f"""local all all trust
host all {PASSWORD_USER} 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
"""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError(
            "PostgreSQL not found (/usr/lib/postgresql/*/bin/pg_ctl): `make test` installs Debian's "
            "postgresql and postgis packages when run as root; install them by hand otherwise"
        )
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One cluster: `start()`, `url(dbname)`, `new_database()`, `stop()`; `stop()` then `start()`
    restarts it on the same port and data (the fault tests' lost connection)."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.folder = Path(tempfile.mkdtemp(prefix="frontlines-pg-"))
        self.data = self.folder / "db"
        self.log = self.folder / "server.log"
        self.port = _free_port()
        self.runas = "postgres" if os.geteuid() == 0 else None
        self._counter = 0
        if self.runas:
            try:
                entry = pwd.getpwnam(self.runas)
            except KeyError:
                raise RuntimeError("running as root, but no `postgres` user to run PostgreSQL as") from None
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
        self.folder.chmod(0o700)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.runas:
            command = ["runuser", "-u", self.runas, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=self.folder)
        if check and result.returncode != 0:
            raise RuntimeError(
                f"{args[0]} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}"
                + (f"\n{self.log.read_text()[-2000:]}" if self.log.exists() else "")
            )
        return result

    def start(self) -> PostgresServer:
        if not (self.data / "PG_VERSION").exists():
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-A",
                "trust",
                "-U",
                USER,
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            )
            (self.data / "pg_hba.conf").write_text(HBA)
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self._run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.log), "start", "-w", "-t", "60"
        )
        if not self._has_template():
            self._make_template()
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "stop", "-m", "fast", "-w", check=False)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, dbname: str = "postgres", *, user: str = USER, password: str | None = None) -> str:
        auth = f"{user}:{password}" if password is not None else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{dbname}"

    def _sql(self, sql: str, dbname: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(dbname), autocommit=True) as conn:
            conn.execute(sql)

    def _has_template(self) -> bool:
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            return (
                conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)).fetchone()
                is not None
            )

    def _make_template(self) -> None:
        """A database with PostGIS in it, which each test's database is copied from (fast)."""
        self._sql(f"CREATE ROLE {PASSWORD_USER} LOGIN SUPERUSER PASSWORD '{PASSWORD}'")
        self._sql(f"CREATE DATABASE {TEMPLATE}")
        try:
            self._sql("CREATE EXTENSION postgis", TEMPLATE)
        except Exception as exc:
            raise RuntimeError(
                f"PostGIS is missing from {self.bin.parent} ({exc}); install Debian's "
                f"postgresql-{self.bin.parent.name}-postgis-3 (`make test` does, as root)"
            ) from None

    def new_database(self) -> str:
        """A new, empty database (PostGIS installed, no Frontlines schema); its URL."""
        self._counter += 1
        name = f"test_{os.getpid()}_{self._counter}"
        self._sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with contextlib.suppress(Exception):
            self._sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
