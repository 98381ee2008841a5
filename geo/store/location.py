"""Where the event store is: the one parser of a `FRONTLINES_STORE` or `--store` value.

A value is a SQLite file path, or a `sqlite://` URL in SQLAlchemy's form (`sqlite:///relative.db`,
`sqlite:////absolute/path.db`), so that a later SQLAlchemy backend (issue 14) reads the same URLs.
Any other `scheme://` value is refused until a backend for it exists; as a plain path it would
silently become a folder named after the scheme.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", re.DOTALL)


def parse_store_location(value: str | os.PathLike[str], *, name: str = "FRONTLINES_STORE") -> Path:
    """The SQLite file a store value names; `name` (the variable or option) heads any error.

    Raises StoreError with one line for an empty value, an unsupported scheme, or a `sqlite://`
    URL without a file path. The message never repeats the value: a URL may hold a password.
    """
    from geo.store.sqlite import StoreError

    if not isinstance(value, str):
        return Path(value)
    if not value.strip():
        raise StoreError(f"{name}: empty; give a SQLite file path")
    match = _URL.match(value)
    if match is None:
        return Path(value)
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme != "sqlite":
        raise StoreError(
            f"{name}: {scheme}:// stores are not supported yet (issue 14); give a SQLite file path"
        )
    if "?" in rest or "#" in rest:
        raise StoreError(f"{name}: sqlite:// URLs take no options here; give a SQLite file path")
    if not rest.startswith("/"):
        raise StoreError(
            f"{name}: a sqlite:// URL names no host; write sqlite:///relative.db or sqlite:////abs.db"
        )
    path = unquote(rest[1:])
    if not path or path.endswith("/"):
        raise StoreError(f"{name}: sqlite:// URL without a file name; give a SQLite file path")
    return Path(path)
