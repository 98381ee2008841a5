"""Where the event store is: the one parser of a `FRONTLINES_STORE` or `--store` value.

A value is a SQLite file path, a `sqlite://` URL in SQLAlchemy's form (`sqlite:///relative.db`,
`sqlite:////absolute/path.db`), or a PostgreSQL URL (`postgresql://user:password@host:5432/db`,
also `postgres://` and SQLAlchemy's `postgresql+psycopg://`), which names a shared store
(geo/store/postgres.py). Any other `scheme://` value is refused: as a plain path it would silently
become a folder named after the scheme.

A PostgreSQL location is a `PostgresLocation`; printing it masks the password, so every message
that names a store can name it whole.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://(.*)$", re.DOTALL)
_POSTGRES_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg"}


@dataclass(frozen=True)
class PostgresLocation:
    """A PostgreSQL store: `url` is what libpq is given (with any password); `str()` masks it."""

    url: str
    # Which variable or option named it, for messages; not part of the store's identity.
    origin: str = field(default="FRONTLINES_STORE", compare=False)

    def __str__(self) -> str:
        return mask_password(self.url)


StoreLocation = Path | PostgresLocation


def mask_password(url: str) -> str:
    """`url` with its password (in the authority or a `password=` option) shown as `***`."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, host = netloc.rsplit("@", 1)
        if ":" in userinfo:
            netloc = f"{userinfo.split(':', 1)[0]}:***@{host}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        query = urlencode([(k, "***" if k == "password" else v) for k, v in pairs], safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def parse_store_location(value: str | os.PathLike[str], *, name: str = "FRONTLINES_STORE") -> StoreLocation:
    """The store a value names; `name` (the variable or option) heads any error.

    Raises StoreError with one line for an empty value, an unsupported scheme, or a URL it cannot
    use. The message never repeats a password.
    """
    from geo.store.sqlite import StoreError

    if isinstance(value, PostgresLocation):
        return value
    if not isinstance(value, str):
        return Path(value)
    if not value.strip():
        raise StoreError(f"{name}: empty; give a SQLite file path or a postgresql:// URL")
    match = _URL.match(value)
    if match is None:
        return Path(value)
    scheme, rest = match.group(1).lower(), match.group(2)
    if scheme in _POSTGRES_SCHEMES:
        return _postgres_location(value, scheme, name)
    if scheme != "sqlite":
        raise StoreError(
            f"{name}: {scheme}:// stores are not supported; give a SQLite file path or a postgresql:// URL"
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


def _postgres_location(value: str, scheme: str, name: str) -> PostgresLocation:
    """Check a PostgreSQL URL as libpq will read it, without connecting."""
    from psycopg.conninfo import conninfo_to_dict

    from geo.store.sqlite import StoreError

    # libpq knows postgresql:// and postgres://; SQLAlchemy's driver suffix is ours to drop.
    url = "postgresql://" + value.split("://", 1)[1] if scheme == "postgresql+psycopg" else value
    shown = mask_password(url)
    try:
        params = conninfo_to_dict(url)
    except Exception as exc:  # psycopg raises ProgrammingError; libpq's words say what is wrong
        problem = " ".join(str(exc).replace(_password_of(url) or "\0", "***").split())
        raise StoreError(f"{name} {shown}: not a usable PostgreSQL URL ({problem})") from None
    if not params.get("dbname"):
        raise StoreError(f"{name} {shown}: the URL names no database; write postgresql://host/DATABASE")
    return PostgresLocation(url, name)


def _password_of(url: str) -> str | None:
    try:
        return urlsplit(url).password
    except ValueError:
        return None
