"""The gazetteer on the small world of tests/small_world.py: no real data files are read."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.gazetteer import Gazetteer, GazetteerDataError, build_gazetteer, fold
from geo.names import fold_parts, vowels_agree
from tests.small_world import (
    ALIASES,
    GEONAMES,
    PLACE_COLUMNS,
    SUBDISTRICTS,
    adm3_frame,
    inputs,
    small_gazetteer,
    write_csv,
)


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return small_gazetteer(tmp_path_factory.mktemp("gazetteer"))


def found(gaz: Gazetteer, text: str) -> list[tuple[str, str]]:
    mentions = gaz.find(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.place.place_id) for m in mentions]


def only(gaz: Gazetteer, text: str):
    mentions = gaz.find(text)
    assert len(mentions) == 1, [(m.text, m.place.place_id) for m in mentions]
    return mentions[0]


# ---- fold


TRANSLITERATIONS = [
    ["Tal", "Tell", "Tall"],
    ["Rifaat", "Refaat", "Rif'at", "Rifʿat"],
    ["Tal Rifaat", "Tell Refaat", "Tall Rif'at"],
    ["Idlib", "Idleb"],
    ["Deir ez-Zor", "Deir el-Zor", "Dayr az Zawr", "Deir Ezzor", "Deir-ez-Zor"],
    ["Maarat", "Ma'arrat", "Maʿarrat"],
    ["Qamishli", "Quamishli", "Qamishly"],
    ["Manbij", "Menbij"],
    ["Azaz", "A'zaz", "Aazaz", "Aʿzaz"],
    ["Kobani", "Kobane"],
    ["Daraa", "Dar'a", "Deraa"],
    ["Saraqib", "Saraqab"],
    ["Homs", "Hims"],
    ["Hasakah", "Hasakeh", "Hassakeh", "Al-Hasakeh"],
    ["Raqqa", "Rakka", "Ar-Raqqah", "Ar-Raqqa"],
    ["Sheikh", "Shaykh", "Shaikh"],
    ["Jisr al-Shughur", "Jisr ash-Shughur", "Jisr-Ash-Shugur", "Jisr al-Shughour"],
    ["Khan Shaykhun", "Khan Sheikhoun"],
    ["Ḩamāh", "Hamah", "Hama"],
    ["حلب", "حَلَب"],
    ["إدلب", "ادلب", "أدلب"],
    ["الرقة", "الرقه", "رقة"],
    ["حماة", "حماه"],
    ["المعمورة", "المعموره"],
    ["ـحلـب", "حلب"],
]


@pytest.mark.parametrize("group", TRANSLITERATIONS, ids=lambda g: g[0])
def test_transliteration_variants_fold_to_one_key_with_agreeing_vowels(group: list[str]) -> None:
    keys = {fold(name) for name in group}
    assert len(keys) == 1, {name: fold(name) for name in group}
    first_vowels = fold_parts(group[0])[1]
    for name in group[1:]:
        assert vowels_agree(first_vowels, fold_parts(name)[1]), name


def test_fold_keeps_different_names_apart() -> None:
    assert fold("Homs") != fold("Hama")
    assert fold("Saraqib") != fold("Sarmin")
    assert fold("Tal Rifaat") != fold("Tal Abyad")
    # "Home" shares Hama's key but not its vowels: no match.
    assert fold("Home") == fold("Hama")
    assert not vowels_agree(fold_parts("Home")[1], fold_parts("Hama")[1])


def test_fold_drops_articles_as_separate_or_hyphenated_tokens() -> None:
    assert fold("al-Bab") == fold("Al Bab") == fold("Bab") == fold("el-Bab")
    assert fold("As-Safira") == fold("Safira") == fold("as Safira")
    assert fold("Zahrat Elhayat") == fold("Zahrat al-Hayat")


# ---- transliterations in running text


@pytest.mark.parametrize(
    ("written", "place_id"),
    [
        ("Tal Rifaat", "gn:163476"),
        ("Tell Refaat", "gn:163476"),
        ("Tall Rif'at", "gn:163476"),
        ("Idlib", "gn:169389"),
        ("Idleb", "gn:169389"),
        ("Deir ez-Zor", "gn:170794"),
        ("Deir el-Zor", "gn:170794"),
        ("Dayr az Zawr", "gn:170794"),
        ("Deir Ezzor", "gn:170794"),
        ("Maarat al-Numan", "gn:167611"),
        ("Ma'arrat al-Nu'man", "gn:167611"),
        ("Qamishli", "gn:173377"),
        ("Quamishli", "gn:173377"),
        ("Qamishly", "gn:173377"),
        ("Manbij", "gn:167357"),
        ("Menbij", "gn:167357"),
        ("Azaz", "ocha:C1564"),
        ("A'zaz", "ocha:C1564"),
        ("Aazaz", "ocha:C1564"),
        ("Kobani", "gn:172256"),
        ("Kobane", "gn:172256"),
        ("Daraa", "gn:170903"),
        ("Dar'a", "gn:170903"),
        ("Deraa", "gn:170903"),
        ("Saraqib", "gn:164816"),
        ("Saraqab", "gn:164816"),
        ("Homs", "gn:169577"),
        ("Hims", "gn:169577"),
        ("Hasakah", "gn:173811"),
        ("Hasakeh", "gn:173811"),
        ("Hassakeh", "gn:173811"),
        ("Raqqa", "gn:172955"),
        ("Rakka", "gn:172955"),
        ("Ar-Raqqah", "gn:172955"),
        ("Shaykh Maqsoud", "extra:sheikh-maqsoud"),
        ("Shaikh Maqsoud", "extra:sheikh-maqsoud"),
        ("Jisr al-Shughur", "ocha:C4201"),
        ("Jisr ash-Shughur", "ocha:C4201"),
        ("Khan Shaykhun", "ocha:C3998"),
        ("Khan Sheikhoun", "ocha:C3998"),
    ],
)
def test_press_spellings_in_a_sentence_resolve_to_the_place(
    gaz: Gazetteer, written: str, place_id: str
) -> None:
    text = f"Shelling was reported in {written} on Tuesday, residents said."
    mention = only(gaz, text)
    assert (mention.text, mention.place.place_id) == (written, place_id)


def test_a_place_in_both_sources_is_kept_once_and_answers_to_both_ids(gaz: Gazetteer) -> None:
    aleppo = [p for p in gaz.places() if p.name == "Aleppo" and p.kind == "city"]
    assert len(aleppo) == 1
    assert aleppo[0].place_id == "gn:170063"
    assert aleppo[0].source == "ocha_2015"
    assert gaz.get("ocha:C1007") == aleppo[0]
    assert gaz.get("gn:169041").source == "geonames"  # GeoNames-only row kept
    with pytest.raises(KeyError, match="gn:1"):
        gaz.get("gn:1")
    assert not [p for p in gaz.places() if p.name == "Beirut" and p.in_syria]  # not SY in GeoNames


def test_points_get_admin_codes_by_spatial_join(gaz: Gazetteer) -> None:
    tal = gaz.get("gn:163476")
    assert (tal.admin1, tal.admin2, tal.admin3) == ("SY02", "SY0204", "SY020402")
    assert (tal.admin1_name, tal.admin2_name, tal.admin3_name) == ("Aleppo", "A'zaz", "Tall Refaat")
    assert tal.geo_precision == 1 and not tal.is_area and tal.area_adm3 == ()
    # al-Tanf lies outside every fixture box but within 10 km of Sabe Byar: the nearest one.
    assert gaz.get("extra:al-tanf").admin3 == "SY030202"


# ---- city, province, countryside


def test_bare_idlib_is_the_city_with_the_admin_areas_as_alternatives(gaz: Gazetteer) -> None:
    mention = only(gaz, "Rebels entered Idlib after a week of fighting.")
    assert mention.place.place_id == "gn:169389"
    assert mention.place.kind == "city"
    assert {"adm1:SY07", "adm2:SY0700", "adm3:SY070000"} <= {a.place_id for a in mention.alternatives}
    assert "rather than the governorate" in mention.rule


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Forces seized control of all of Idlib province in recent days.", "Idlib province"),
        ("Strikes hit the Idlib governorate overnight.", "Idlib governorate"),
        ("Strikes hit the province of Idlib overnight.", "province of Idlib"),
        ("Strikes hit Idleb Governorate overnight.", "Idleb Governorate"),
    ],
)
def test_province_and_governorate_mean_the_governorate(gaz: Gazetteer, text: str, written: str) -> None:
    mention = only(gaz, text)
    assert (mention.text, mention.place.place_id) == (written, "adm1:SY07")
    assert mention.place.is_area and mention.place.latitude is None and mention.place.geo_precision == 3
    assert "governorate" in mention.rule


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Clashes continued in the Aleppo countryside.", "Aleppo countryside"),
        ("Clashes continued in rural Aleppo.", "rural Aleppo"),
        ("Clashes continued in Aleppo's countryside.", "Aleppo's countryside"),
        ("Clashes continued in the countryside of Aleppo.", "countryside of Aleppo"),
        ("Clashes continued in the Aleppo governorate.", "Aleppo governorate"),
    ],
)
def test_countryside_means_the_governorate(gaz: Gazetteer, text: str, written: str) -> None:
    mention = only(gaz, text)
    assert (mention.text, mention.place.place_id) == (written, "adm1:SY02")
    if "countryside" in written or "rural" in written:
        assert "countryside" in mention.rule


def test_a_bearing_in_the_countryside_is_part_of_the_governorate(gaz: Gazetteer) -> None:
    mention = only(gaz, "Clashes continued in Aleppo’s eastern countryside.")
    assert mention.text == "Aleppo’s eastern countryside"
    assert mention.place.place_id == "region:east-aleppo-countryside"
    assert set(mention.place.area_adm3) < set(gaz.get("adm1:SY02").area_adm3)


def test_countryside_of_a_district_seat_is_the_district(gaz: Gazetteer) -> None:
    mention = only(gaz, "Turkish drones struck the Manbij countryside.")
    assert mention.place.place_id == "adm2:SY0205"


def test_district_and_sub_district_qualifiers(gaz: Gazetteer) -> None:
    assert found(gaz, "Fighting spread to Jisr al-Shughur district.") == [
        ("Jisr al-Shughur district", "adm2:SY0704")
    ]
    assert found(gaz, "Shells fell in Azaz sub-district and Sur nahiya.") == [
        ("Azaz sub-district", "adm3:SY020400"),
        ("Sur nahiya", "adm3:SY090106"),
    ]
    assert found(gaz, "Idlib and Hama provinces were shelled.") == [
        ("Idlib", "adm1:SY07"),
        ("Hama provinces", "adm1:SY05"),
    ]


def test_same_name_prefers_the_larger_place_and_lists_the_rest(gaz: Gazetteer) -> None:
    mention = only(gaz, "Government forces withdrew from Hama on Thursday.")
    assert mention.place.place_id == "gn:170017"
    alternatives = {a.place_id for a in mention.alternatives}
    assert "ocha:C2323" in alternatives and "adm1:SY05" in alternatives
    assert "several places share the name" in mention.rule


def test_country_qualified_name_is_still_the_place(gaz: Gazetteer) -> None:
    assert found(gaz, "An opposition fighter in Tal Rifaat, northern Syria, Dec. 2, 2024.") == [
        ("Tal Rifaat", "gn:163476"),
        ("northern Syria", "region:northern-syria"),
    ]
    assert found(gaz, "Aleppo, Syria, was calm.") == [("Aleppo", "gn:170063")]


# ---- regions


def test_regions_are_areas_of_governorates(gaz: Gazetteer) -> None:
    text = "The SDF holds northeastern Syrian towns, while the northwest and the Syrian coast stay quiet."
    assert found(gaz, text) == [
        ("northeastern Syrian", "region:northeastern-syria"),
        ("the northwest", "region:northwestern-syria"),
        ("the Syrian coast", "region:syrian-coast"),
    ]
    northeast = gaz.get("region:northeastern-syria")
    expected = sorted(r[0] for r in SUBDISTRICTS if r[4] in {"SY08", "SY11", "SY09"})
    assert list(northeast.area_adm3) == expected
    assert northeast.latitude is None and northeast.admin1 is None and northeast.geo_precision == 3


def test_generic_region_phrase_followed_by_of_is_not_the_region(gaz: Gazetteer) -> None:
    assert found(gaz, "Rebels advanced in the northwest of Idlib.") == [("Idlib", "gn:169389")]


# ---- foreign places and adjectives


def test_foreign_capital_next_to_a_syrian_town(gaz: Gazetteer) -> None:
    mentions = gaz.find("Officials flew from Moscow to Latakia on Monday.")
    assert [(m.text, m.place.place_id) for m in mentions] == [
        ("Moscow", "foreign:moscow"),
        ("Latakia", "gn:173576"),
    ]
    moscow, latakia = mentions[0].place, mentions[1].place
    assert not moscow.in_syria and moscow.latitude is None and moscow.geo_precision is None
    assert latakia.in_syria and latakia.admin1 == "SY06"


def test_demonyms_and_adjectival_country_names_are_not_places(gaz: Gazetteer) -> None:
    text = "Russian, Turkish and Iranian officials met as US-led and Russia-backed forces regrouped."
    assert found(gaz, text) == []
    assert found(gaz, "Russia and the United States disagreed; the US said so.") == [
        ("Russia", "foreign:russia"),
        ("the United States", "foreign:the-united-states"),
        ("US", "foreign:the-united-states"),
    ]


# ---- lists, Arabic script


def test_a_list_of_five_villages(gaz: Gazetteer) -> None:
    text = "The fighters captured the villages of Kafr Hamra, Hayan, Andan, Bayanoun and Mayer on Thursday."
    assert found(gaz, text) == [
        ("Kafr Hamra", "ocha:C1134"),
        ("Hayan", "ocha:C1127"),
        ("Andan", "ocha:C1121"),
        ("Bayanoun", "ocha:C1649"),
        ("Mayer", "ocha:C1656"),
    ]


def test_minor_single_word_village_needs_a_locative_cue(gaz: Gazetteer) -> None:
    assert found(gaz, "Mayer said the talks would resume.") == []
    assert found(gaz, "Drones struck Mayer at dawn.") == [("Mayer", "ocha:C1656")]
    assert found(gaz, "Hamra was quiet.") == []
    assert found(gaz, "Shells hit the village of Hamra.") == [("Hamra", "ocha:C5201")]


def test_arabic_script_names(gaz: Gazetteer) -> None:
    text = "اندلعت اشتباكات في تل رفعت وإدلب وحول الحسكة."
    assert found(gaz, text) == [("تل رفعت", "gn:163476"), ("إدلب", "gn:169389"), ("الحسكة", "gn:173811")]


# ---- English words and people are not places


def test_common_english_words_and_person_names_are_not_places(gaz: Gazetteer) -> None:
    text = (
        "Home to two million people, the city fell. Hole punching is old. Mare Nostrum was a Roman name. "
        "President Bashar al-Assad met Kremlin spokesperson Dmitry Peskov. The Syrian Army, the Free "
        "Syrian Army and the Islamic State fought; National Democratic Forces and the Government said "
        "little on Monday in March. Tell me more, Mayor Dana White said. Sur was mentioned. "
        "Mustafa Dana, a spokesman, spoke to Reuters."
    )
    assert found(gaz, text) == []


def test_a_major_city_followed_by_a_capitalised_word_is_still_the_city(gaz: Gazetteer) -> None:
    assert found(gaz, "Students at Aleppo University protested.") == [("Aleppo", "gn:170063")]


def test_article_or_place_noun_lets_a_common_word_be_a_place(gaz: Gazetteer) -> None:
    assert found(gaz, "Women were moved to al-Hol.") == [("al-Hol", "ocha:C4519")]
    assert found(gaz, "Women were moved to the camp near al-Hol and the town of Dana.") == [
        ("al-Hol", "ocha:C4519"),
        ("Dana", "ocha:C4126"),
    ]


def test_lowercase_words_never_match(gaz: Gazetteer) -> None:
    assert found(gaz, "they met at the hama of the dana near the mare and the hole") == []


def test_context_picks_between_equally_ranked_places(tmp_path: Path) -> None:
    rows = [
        ("C9001", "Zahraa", "", 36.30, 37.00, "PPL", "", ""),
        ("C9002", "Zahraa", "", 36.45, 37.00, "PPL", "", ""),
        ("C9003", "Nabul", "Nubl", 36.46, 37.01, "PPLA3", "25546", ""),
    ]
    paths = inputs(tmp_path)
    places = [(n, n, "", a, la, lo, c, p, "ocha_cod_pplp_2015", s, g) for s, n, a, la, lo, c, p, g in rows]
    paths["places_csv"] = write_csv(tmp_path / "places2.csv", PLACE_COLUMNS, places)
    aliases = [(a, t, "test row") for a, t in ALIASES if not t.startswith("ocha:")]
    paths["aliases_csv"] = write_csv(tmp_path / "aliases2.csv", ["alias", "target", "basis"], aliases)
    small = build_gazetteer(adm3_frame(), [], **paths)
    nubl, zahraa = small.find("Fighters reached Nubl and al-Zahraa.")
    assert nubl.place.admin3 == "SY020402"
    assert zahraa.place.place_id == "ocha:C9002"
    assert "named elsewhere in the text" in zahraa.rule
    assert [m.place.place_id for m in small.find("Fighters reached al-Zahraa.")] == ["ocha:C9001"]


# ---- API and data errors


def test_lookup_and_places(gaz: Gazetteer) -> None:
    assert [p.place_id for p in gaz.lookup("Idlib")][:1] == ["gn:169389"]
    assert {"adm1:SY07", "adm2:SY0700", "adm3:SY070000"} <= {p.place_id for p in gaz.lookup("Idleb")}
    assert gaz.lookup("Home") == []
    kinds = {p.kind for p in gaz.places()}
    assert {
        "city",
        "town",
        "village",
        "neighbourhood",
        "site",
        "adm1",
        "adm2",
        "adm3",
        "region",
        "foreign",
    } == kinds
    assert len({p.place_id for p in gaz.places()}) == len(gaz.places())


def test_mentions_are_ordered_and_do_not_overlap(gaz: Gazetteer) -> None:
    text = "From Moscow to Latakia, and from Idlib province to rural Aleppo and al-Tanf, fighting spread."
    mentions = gaz.find(text)
    assert [m.text for m in mentions] == ["Moscow", "Latakia", "Idlib province", "rural Aleppo", "al-Tanf"]
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start


@pytest.mark.parametrize(
    ("file", "row", "message"),
    [
        ("extra_csv", ("Nowhere", "", "", "51.5", "-0.1", "site", "test"), "not in Syria"),
        ("extra_csv", ("Bad kind", "", "", "36.2", "37.1", "castle", "test"), "kind"),
        ("aliases_csv", ("Atlantis", "SY99", "test"), "not a known place"),
        ("regions_csv", ("nowhere", "Nowhere", "SY99", "test"), "governorate P-code"),
    ],
)
def test_bad_rows_raise_an_error_naming_file_and_row(
    tmp_path: Path, file: str, row: tuple, message: str
) -> None:
    paths = inputs(tmp_path)
    with paths[file].open("a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(row)
    with pytest.raises(GazetteerDataError, match=message) as error:
        build_gazetteer(adm3_frame(), GEONAMES, **paths)
    assert paths[file].name in str(error.value) and "row" in str(error.value)


def test_missing_column_is_named(tmp_path: Path) -> None:
    paths = inputs(tmp_path)
    write_csv(paths["foreign_csv"], ["name", "country"], [("Moscow", "RU")])
    with pytest.raises(GazetteerDataError, match="missing column"):
        build_gazetteer(adm3_frame(), GEONAMES, **paths)


# ---- property


# Fragments that exercise the matcher: names, articles, apostrophes, qualifiers, Arabic clitics.
PIECES = [
    *"abehikmnoqrstuyzAEHIKMQRSTZ '’ʿ-.,;\n\t()",
    "al-",
    "Tal ",
    "Rifaat",
    "Idlib",
    " province",
    " countryside",
    "'s",
    "rural ",
    "Deir ez-",
    "Zor",
    "حلب",
    "و",
    "\u0651",
    "\u0301",
    "the northwest",
    " of ",
    "US-led",
]


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(st.sampled_from(PIECES), max_size=40).map("".join)))
def test_find_never_raises_and_offsets_slice_back(gaz: Gazetteer, text: str) -> None:
    mentions = gaz.find(text)
    previous_end = 0
    for m in mentions:
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end and m.end > m.start
        previous_end = m.end


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_fold_never_raises_on_any_text(text: str) -> None:
    assert isinstance(fold(text), str)
