"""Derived data on disk: what the dashboard builds from one generation of the event store (the
Timeline with its indexes, the slider's stops, the quick jumps, the per-unit evidence, the place
search) and from the data files alone (the base map's static layer), kept under
`<cache>/view/` so that a server start reads it instead of rebuilding it.

Keys. A file holds one kind of object for one store location: its name is a hash of the kind
and the location, so each location has one file per kind and a new generation replaces it; the
folder keeps the KEEP most recently used files (tests and benchmarks make stores of their own).
Inside, the full key comes first and is compared before the object is read: the location, the
store's generation and `version()`, a digest of the code that builds the objects (every module of
`geo/` and the view files the caller names), of the data files they are built from (`data/`; the
boundary and gazetteer caches by name, size and modification time, so a damaged one is still
noticed at start) and of the Python and library versions whose pickles differ. A file whose key
differs is never used; one that cannot be read (truncated, damaged, a class that changed) is
rebuilt and rewritten, never a crash.

Why pickle: these are our own objects (dataclasses, numpy arrays, pandas frames, shapely
geometries), written and read only by this program in its own cache folder, never data received
from elsewhere; pickle keeps them whole and reads them many times faster than they are rebuilt
(the records are held by column, geo/record_table.py, so a million of them read in about a
second). Files are written to a
temporary file in the same folder and renamed into place, so no reader ever sees half a file, and
two servers racing to write the same file each write a whole one.

Plain functions, no Streamlit: the view layer (pages/__init__.py) decides what to cache.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from geo import paths

log = logging.getLogger("frontlines")
T = TypeVar("T")
FOLDER = "view"
# Bump when the file layout below changes.
FORMAT = 1
# Libraries whose objects are inside the pickles: a new version may not read an old pickle.
LIBRARIES = ("numpy", "pandas", "geopandas", "shapely", "pyproj")
# Files kept in the folder, the most recently used: every store location (a test's, the
# benchmark's temporary ones) has its own; one at 100,000 events weighs about 55 MB, at a
# million about 500 MB (the records by column: geo/record_table.py).
KEEP = 12
# Cache entries that change what is built (their names are content keys; size and time catch damage).
INPUT_CACHES = ("boundaries-*", "gazetteer-*.pickle")


def _digest_files(digest, files: Iterable[Path], root: Path) -> None:
    for path in sorted(files):
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")


def version(extra: Iterable[Path] = ()) -> str:
    """The code-and-data part of every key: changes when any input of the derived data changes.
    `extra` names more files that build the objects (the caller's own module). Reads about a
    megabyte: the view layer asks only when its in-memory cache misses."""
    cache = paths.cache_dir()
    digest = hashlib.sha256(f"format {FORMAT}; python {sys.version}".encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name} {metadata.version(name)};".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} -;".encode())
    root = paths.ROOT
    code = [p for p in (root / "geo").rglob("*") if p.is_file() and p.suffix in (".py", ".sql", ".js")]
    data = [p for p in paths.DATA.rglob("*") if p.is_file() and not p.name.startswith(".")]
    _digest_files(digest, [*code, *data, *(Path(p).resolve() for p in extra)], root)
    if cache.is_dir():
        for pattern in INPUT_CACHES:
            for entry in sorted(cache.glob(pattern)):
                for path in sorted(entry.rglob("*")) if entry.is_dir() else [entry]:
                    stat = path.stat()
                    digest.update(f"{path.relative_to(cache)} {stat.st_size} {stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:24]


def cache_file(kind: str, location: str) -> Path:
    """Where `kind` (e.g. "data") derived from the store at `location` is kept."""
    name = hashlib.sha256(f"{kind}\0{location}".encode()).hexdigest()[:20]
    return paths.cache_dir() / FOLDER / f"{kind}-{name}.pickle"


def read(kind: str, location: str, key: Hashable) -> object | None:
    """The object stored for `kind` at `location` under exactly `key`, else None (no file, a
    file for another key, or a file that cannot be read)."""
    path = cache_file(kind, location)
    # Loading makes millions of objects at scale, none of them garbage.
    with collector_paused():
        try:
            with path.open("rb") as fh:
                if pickle.load(fh) != (FORMAT, kind, location, key):
                    return None
                value = pickle.load(fh)
            os.utime(path)  # recently used: the last to be pruned
            return value
        except FileNotFoundError:
            return None
        except Exception as exc:  # a damaged or outdated file is rebuilt, never trusted
            log.warning("view cache %s unreadable (%s: %s); rebuilding it", path, exc.__class__.__name__, exc)
            return None


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the block makes many objects that are not
    garbage (loading derived data here, serve.py's start-up imports): its passes would walk the
    growing heap again and again for nothing. It is on again after, if it was before."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def write(kind: str, location: str, key: Hashable, value: object) -> None:
    """Store `value` for `kind` at `location` under `key`: a temporary file, then a rename. A
    cache that cannot be written (read-only folder, full disk) is logged and skipped."""
    path = cache_file(kind, location)
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, prefix=f".{path.name}.", delete=False) as fh:
            tmp = fh.name
            pickle.dump((FORMAT, kind, location, key), fh, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        Path(tmp).chmod(0o644)
        os.replace(tmp, path)
        tmp = None
        prune(path.parent, KEEP)
    except OSError as exc:
        log.warning("view cache %s not written (%s)", path, exc)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def prune(folder: Path, keep: int) -> None:
    """Delete all but the `keep` most recently used cache files in `folder`."""
    files = []
    for path in folder.glob("*.pickle"):
        try:
            files.append((path.stat().st_mtime_ns, path))
        except FileNotFoundError:  # pruned by another process meanwhile
            continue
    for _, path in sorted(files, reverse=True)[keep:]:
        path.unlink(missing_ok=True)


def cached(kind: str, location: str, key: Hashable, build: Callable[[], T]) -> T:
    """The stored object for (`kind`, `location`, `key`), else `build()`, stored for next time."""
    value = read(kind, location, key)
    if value is None:
        value = build()
        write(kind, location, key, value)
    return value  # type: ignore[return-value]


def remove(location: str) -> None:
    """Delete every derived file of the store at `location` (the benchmark's temporary stores)."""
    folder = paths.cache_dir() / FOLDER
    for path in folder.glob("*.pickle") if folder.is_dir() else ():
        kind = path.name.split("-", 1)[0]
        if path == cache_file(kind, location):
            path.unlink(missing_ok=True)
