"""Syria's administrative units: 272 sub-districts, 62 districts, 14 governorates, the country.

Built from one upstream file (the OCHA COD-AB sub-districts via geoBoundaries) by dissolving on
the P-code hierarchy `SYggddss` -> `SYggdd` -> `SYgg`, so the levels nest exactly. District and
governorate names come from `data/admin_names.csv`. The result is cached as GeoParquet in a folder
named by a hash of its inputs, written to a temporary folder first and renamed into place.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo import paths, provision
from geo.errors import FrontlinesError
from geo.tables import read_rows
from geo.topojson import decode

# Lambert azimuthal equal-area centred on Syria, as used by the boundary README for area_km2.
EQUAL_AREA_CRS = "+proj=laea +lat_0=35 +lon_0=38.5 +datum=WGS84 +units=m +no_defs"
LEVELS = (0, 1, 2, 3)
NAMES_CSV = paths.DATA / "admin_names.csv"
# Bump when the shape of the built tables changes, so old caches are not reused.
BUILD_VERSION = "1"


class BoundaryDataError(FrontlinesError, RuntimeError):
    """Boundary inputs or cache are unusable; the message names the file and the problem."""


@dataclass(frozen=True)
class AdminName:
    level: int
    pcode: str
    name_en: str
    name_ar: str | None
    iso: str | None


@dataclass(frozen=True)
class Boundaries:
    adm0: gpd.GeoDataFrame
    adm1: gpd.GeoDataFrame
    adm2: gpd.GeoDataFrame
    adm3: gpd.GeoDataFrame

    def level(self, n: int) -> gpd.GeoDataFrame:
        return (self.adm0, self.adm1, self.adm2, self.adm3)[n]


def read_admin_names(path: Path = NAMES_CSV) -> dict[str, AdminName]:
    """P-code -> names, from the committed table (levels 0-2)."""

    def parse(row: dict[str, str], where: str) -> AdminName:
        if row["level"] not in {"0", "1", "2"} or not row["pcode"].startswith("SY"):
            raise BoundaryDataError(f"{where}: bad level or P-code {row['level']!r}, {row['pcode']!r}")
        return AdminName(
            level=int(row["level"]),
            pcode=row["pcode"],
            name_en=row["name_en"],
            name_ar=row["name_ar"] or None,
            iso=row["iso"] or None,
        )

    columns = ("level", "pcode", "name_en", "name_ar", "iso", "source")
    rows = read_rows(path, columns, parse, BoundaryDataError, "the admin names table")
    return {name.pcode: name for name in rows}


def _area_km2(frame: gpd.GeoDataFrame) -> pd.Series:
    return (frame.to_crs(EQUAL_AREA_CRS).area / 1e6).round(3)


def _dissolve(adm3: gpd.GeoDataFrame, key: str, attributes: list[str]) -> gpd.GeoDataFrame:
    """Union sub-districts by a parent P-code, keeping the parent's attributes and child counts."""
    # Group on the P-code alone: grouping on names would drop units with a missing Arabic name.
    merged = adm3.dissolve(by=key, as_index=False, aggfunc={"adm3_id": "count"})
    merged = merged.rename(columns={"adm3_id": "n_adm3"})
    if key == "adm1_id":
        merged["n_adm2"] = adm3.groupby("adm1_id")["adm2_id"].nunique().loc[merged["adm1_id"]].to_numpy()
    first = adm3.drop_duplicates(key).set_index(key)[attributes]
    merged = merged[[c for c in merged.columns if c not in attributes]].join(first, on=key)
    counts = ["n_adm2", "n_adm3"] if key == "adm1_id" else ["n_adm3"]
    return gpd.GeoDataFrame(merged[[key, *attributes, *counts, "geometry"]], crs=adm3.crs)


def build_boundaries(topojson_path: Path, names: dict[str, AdminName]) -> Boundaries:
    """Decode the sub-districts and dissolve them into districts, governorates and country."""
    features = decode(topojson_path)
    rows = []
    for feature in features:
        pcode = feature.properties.get("pcode")
        if not (isinstance(pcode, str) and len(pcode) == 8 and pcode.startswith("SY")):
            raise BoundaryDataError(f"{topojson_path}: feature with bad P-code {pcode!r}")
        adm2, adm1 = pcode[:6], pcode[:4]
        for parent in (adm2, adm1):
            if parent not in names:
                raise BoundaryDataError(f"{NAMES_CSV}: no name for P-code {parent} (parent of {pcode})")
        rows.append(
            {
                "adm3_id": pcode,
                "adm3_name": feature.properties.get("shapeName") or pcode,
                "adm3_name_ar": None,
                "adm2_id": adm2,
                "adm2_name": names[adm2].name_en,
                "adm2_name_ar": names[adm2].name_ar,
                "adm1_id": adm1,
                "adm1_name": names[adm1].name_en,
                "adm1_name_ar": names[adm1].name_ar,
                "adm1_iso": names[adm1].iso,
                "geometry": feature.geometry,
            }
        )
    adm3 = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    adm3 = adm3.sort_values("adm3_id", ignore_index=True)
    adm3["area_km2"] = _area_km2(adm3)

    adm2 = _dissolve(
        adm3, "adm2_id", ["adm2_name", "adm2_name_ar", "adm1_id", "adm1_name", "adm1_name_ar", "adm1_iso"]
    )
    adm1 = _dissolve(adm3, "adm1_id", ["adm1_name", "adm1_name_ar", "adm1_iso"])

    country = names["SY"]
    adm0 = gpd.GeoDataFrame(
        {
            "adm0_id": [country.pcode],
            "adm0_name": [country.name_en],
            "adm0_name_ar": [country.name_ar],
            "geometry": [adm3.geometry.union_all()],
        },
        crs="EPSG:4326",
    )
    for frame in (adm2, adm1, adm0):
        frame["area_km2"] = _area_km2(frame)
    return Boundaries(adm0=adm0, adm1=adm1, adm2=adm2, adm3=adm3)


def _cache_key(topojson_path: Path, names_path: Path) -> str:
    digest = hashlib.sha256(BUILD_VERSION.encode())
    for path in (topojson_path, names_path):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _read_cached(folder: Path) -> Boundaries:
    frames = []
    for n in LEVELS:
        path = folder / f"adm{n}.parquet"
        try:
            frames.append(gpd.read_parquet(path))
        except Exception as exc:  # pyarrow raises several types for damaged files
            raise BoundaryDataError(
                f"{path}: boundary cache is unreadable ({exc.__class__.__name__}: {exc}); "
                f"delete {folder} and run `make build` to rebuild it"
            ) from exc
    return Boundaries(*frames)


def _write_cache(boundaries: Boundaries, folder: Path) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".building-"))
    tmp.chmod(0o755)
    try:
        for n in LEVELS:
            boundaries.level(n).to_parquet(tmp / f"adm{n}.parquet")
        try:
            os.rename(tmp, folder)
        except OSError:
            if not folder.exists():  # another process may have won the race; that is fine
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_boundaries(topojson_path: Path | None = None, names_path: Path = NAMES_CSV) -> Boundaries:
    """The four admin levels, from the cache when it matches its inputs, else built and cached."""
    topojson_path = topojson_path or provision.provision(provision.BOUNDARIES)
    folder = paths.cache_dir() / f"boundaries-{_cache_key(topojson_path, names_path)}"
    if folder.is_dir():
        return _read_cached(folder)
    boundaries = build_boundaries(topojson_path, read_admin_names(names_path))
    _write_cache(boundaries, folder)
    return boundaries


def admin_of_points(adm3: gpd.GeoDataFrame, lats: list[float], lons: list[float]) -> pd.DataFrame:
    """ADM1/2/3 P-codes and names of each point (a spatial join; NaN outside Syria)."""
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lons, lats), crs="EPSG:4326")
    cols = ["adm3_id", "adm3_name", "adm2_id", "adm2_name", "adm1_id", "adm1_name", "geometry"]
    joined = gpd.sjoin(points, adm3[cols], how="left", predicate="within")
    # A point on a shared border matches two units; keep the first so rows stay aligned.
    joined = joined[~joined.index.duplicated(keep="first")]
    return pd.DataFrame(joined.drop(columns=["geometry", "index_right"]))
