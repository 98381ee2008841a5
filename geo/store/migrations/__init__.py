"""The store's schema history: numbered SQL steps applied in order, one transaction for all.

`NNNN_name.sql` takes a store from version NNNN-1 to NNNN; the version a store is at lives in
SQLite's `PRAGMA user_version` (0 for a new file). A step is never edited once released: a new
schema is a new file, so a store made by any earlier release opens and migrates.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

FOLDER = Path(__file__).resolve().parent
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The step's statements one by one: `executescript` would commit the open transaction."""
        out, buffer = [], ""
        for line in self.sql.splitlines(keepends=True):
            if line.lstrip().startswith("--"):
                continue
            buffer += line
            if sqlite3.complete_statement(buffer):
                out.append(buffer.strip())
                buffer = ""
        if buffer.strip():
            raise ValueError(f"{self.name}: the last statement has no closing ';'")
        return out


def load(folder: Path = FOLDER) -> list[Migration]:
    """Every step in `folder`, in order; the numbers must run 1, 2, 3... with no gap."""
    steps = sorted(
        (
            Migration(int(m.group(1)), p.name, p.read_text(encoding="utf-8"))
            for p in folder.iterdir()
            if (m := _NAME.match(p.name))
        ),
        key=lambda step: step.version,
    )
    for expected, step in enumerate(steps, start=1):
        if step.version != expected:
            raise ValueError(f"{folder}: migration {step.name} should be numbered {expected:04d}")
    return steps


MIGRATIONS = load()
SCHEMA_VERSION = len(MIGRATIONS)


def version_of(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def pending(version: int, migrations: list[Migration]) -> list[Migration]:
    return [m for m in migrations if m.version > version]


def migrate(db: sqlite3.Connection, migrations: list[Migration]) -> int:
    """Bring `db` (autocommit mode, no open transaction) to the newest version; return it.

    All pending steps and the new `user_version` commit together, so a process killed half-way
    leaves the store at its old version with no half-made schema. The version is read again under
    the write lock: another process may have migrated the store meanwhile.
    """
    newest = len(migrations)
    if (version := version_of(db)) == newest:
        return newest
    if version > newest:
        raise NewerSchema(version, newest)
    db.execute("BEGIN IMMEDIATE")
    try:
        version = version_of(db)
        if version > newest:
            raise NewerSchema(version, newest)
        for step in pending(version, migrations):
            for statement in step.statements():
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {step.version}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return newest


class NewerSchema(Exception):
    """The store was made by newer code than this one; the store's own error words the message."""

    def __init__(self, version: int, newest: int) -> None:
        super().__init__(version, newest)
        self.version, self.newest = version, newest
