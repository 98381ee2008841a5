"""Where the project keeps its files: committed inputs, the gitignored cache, static assets.

Every path can be moved with an environment variable (declared in `geo/settings.py`) so that
tests and benchmarks can work in a temporary folder without touching the user's cache.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from geo import settings

if TYPE_CHECKING:
    from geo.store.location import StoreLocation

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SOURCES = DATA / "sources"
SHARED = ROOT.parent / "shared"


def cache_dir() -> Path:
    """The gitignored folder for everything generated (`FRONTLINES_CACHE` overrides)."""
    value = settings.CACHE.read()
    return Path(value if value is not None else ROOT / ".cache")


def static_dir() -> Path:
    """Streamlit serves this folder at /app/static (it must sit next to app.py)."""
    return ROOT / "static"


def store_path() -> StoreLocation:
    """The event store: `FRONTLINES_STORE` (a SQLite path or `sqlite:///` URL, or a `postgresql://`
    URL for a shared store), else `events.sqlite` in the cache folder."""
    # Imported here: geo.store imports modules that import this one.
    from geo.store.location import parse_store_location

    value = settings.STORE.read()
    return parse_store_location(value) if value is not None else cache_dir() / "events.sqlite"
