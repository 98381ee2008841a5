"""Every environment variable the project reads: its name, its default and what it means.

Declared once here, as datasette declares its `SETTINGS`, and read only through `Setting.read`,
so no other module names a variable to `os.environ`. The README's settings table is generated
from `SETTINGS` (`markdown_table`), and `tests/test_settings.py` fails when the two differ.

A setting's `read()` is the raw value (None when unset); what an unset or odd value means is
decided by the one module that uses it (`geo/paths.py` for folders and the store, `geo/provision.py`
for upstream files), so parsing, e.g. of a store URL, stays with its owner.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Audience = Literal["app", "benchmark", "tests"]


@dataclass(frozen=True)
class Setting:
    """One environment variable. `default` is what applies when it is unset, as a person reads it."""

    name: str
    default: str
    meaning: str
    used_by: Audience = "app"

    def read(self) -> str | None:
        """The variable's value, or None when it is unset."""
        return os.environ.get(self.name)


CACHE = Setting(
    "FRONTLINES_CACHE",
    "`.cache/` in the project folder",
    "Folder for everything generated: the event store, the gazetteer cache, provisioned upstream files.",
)
STORE = Setting(
    "FRONTLINES_STORE",
    "`events.sqlite` in the cache folder",
    "The event store the dashboard reads and `python -m geo ingest` writes (`--store` overrides it): "
    "a SQLite file path, or a `postgresql://USER:PASSWORD@HOST:PORT/DATABASE` URL for a team's shared "
    "PostgreSQL/PostGIS store (messages show the password as `***`).",
)
BOUNDARIES = Setting(
    "FRONTLINES_BOUNDARIES",
    "unset: `../shared/data/boundaries/source/`, then the download URL",
    "Folder searched first for the checksummed boundary file.",
)
BOUNDARIES_URL = Setting(
    "FRONTLINES_BOUNDARIES_URL",
    "the pinned geoBoundaries URL in `geo/provision.py`",
    "Where the boundary file is downloaded from when no folder has it (the checksum still applies).",
)
PLACES = Setting(
    "FRONTLINES_PLACES",
    "unset: `../shared/data/places/`",
    "Folder searched first for the optional, checksummed places gazetteer.",
)
PLACES_URL = Setting(
    "FRONTLINES_PLACES_URL",
    "unset: no download",
    "Where the optional places gazetteer is downloaded from when no folder has it.",
)
MAP_MODE = Setting(
    "FRONTLINES_MAP_MODE",
    "`stable`",
    "`naive` rebuilds the whole map on every rerun and keeps no derived data on disk, the baseline `make bench` compares against.",
    "benchmark",
)
SCREENSHOT = Setting(
    "FRONTLINES_SCREENSHOT",
    "unset",
    "Set by `make screenshot`: the dashboard browser test writes `docs/screenshot.png`.",
    "tests",
)
CHROMIUM = Setting(
    "CHROMIUM",
    "unset: Debian's `/usr/lib/chromium/chromium`, else Playwright's own",
    "The Chromium binary the browser tests and the benchmark drive.",
    "tests",
)

SETTINGS: tuple[Setting, ...] = (
    CACHE,
    STORE,
    BOUNDARIES,
    BOUNDARIES_URL,
    PLACES,
    PLACES_URL,
    MAP_MODE,
    SCREENSHOT,
    CHROMIUM,
)


def markdown_table(settings: tuple[Setting, ...] = SETTINGS) -> str:
    """The README's settings table, one row per setting, in declaration order."""
    lines = ["| Variable | Default | Used by | Meaning |", "|---|---|---|---|"]
    lines += [f"| `{s.name}` | {s.default} | {s.used_by} | {s.meaning} |" for s in settings]
    return "\n".join(lines)


if __name__ == "__main__":  # `python -m geo.settings` prints the table to paste into the README
    print(markdown_table())
