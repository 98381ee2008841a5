"""Place recognition beyond exact names, on the small world of tests/small_world.py: spelling
variants (fuzzy), names no source lists (unlisted), geographic coherence and mention roles."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from geo.extract import extract
from geo.gazetteer import Gazetteer, PlaceMention, build_gazetteer
from geo.gazetteer.fuzzy import words_align
from geo.sources import Source
from tests.small_world import ALIASES, PLACE_COLUMNS, adm3_frame, inputs, small_gazetteer, write_csv


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> Gazetteer:
    return small_gazetteer(tmp_path_factory.mktemp("unlisted"))


def mention(gaz: Gazetteer, text: str, written: str) -> PlaceMention:
    hits = [m for m in gaz.find(text) if m.text == written or m.text.startswith(written + " ")]
    assert hits, [(m.text, m.place.place_id) for m in gaz.find(text)]
    return hits[0]


def names(gaz: Gazetteer, text: str) -> list[str]:
    return [m.text for m in gaz.find(text)]


# ---- fuzzy spelling variants


def test_a_dropped_vowel_is_matched_fuzzily_near_the_other_places(gaz: Gazetteer) -> None:
    m = mention(gaz, "Rebels seized Kafar Hamra and Hayyan on Monday.", "Kafar Hamra")
    assert m.place.place_id == "ocha:C1134"
    assert m.rule.startswith("fuzzy")


def test_a_fuzzy_candidate_far_from_the_text_is_refused(gaz: Gazetteer) -> None:
    m = mention(gaz, "Troops stormed the villages of Kafar Hamra and Hamra in Deir-ez-Zor.", "Kafar Hamra")
    assert m.place.is_unlisted
    assert m.place.admin1 == "SY09"


def test_variants_change_the_inside_of_words_not_how_they_begin() -> None:
    assert words_align("kafar hamra", "kafr hamra")
    assert words_align("shak haraz", "shak karaz")  # Huruz / Khuruz: h and kh are one sound
    assert not words_align("aba asa", "aba sasa")
    assert not words_align("kafar", "kafar hamra")
    assert not words_align("kabab aba kalkal", "kafat aba kalkal")


# ---- names the gazetteer lacks


def test_an_unknown_village_in_a_list_of_known_ones_is_placed_in_their_sub_district(gaz: Gazetteer) -> None:
    text = "Rebels captured the villages of Andan, Zibdiyeh and Hayyan on Friday."
    m = mention(gaz, text, "Zibdiyeh")
    assert m.place.kind == "unlisted" and m.place.place_id.startswith("unlisted:")
    assert m.place.admin3 == "SY020000" and m.place.geo_precision == 2
    assert m.place.latitude is not None and m.role == "place"
    assert "not in the gazetteer; placed at the sub-district of Jebel Saman" in m.note
    assert names(gaz, text) == ["Andan", "Zibdiyeh", "Hayyan"]


def test_a_list_of_unknown_names_in_a_countryside_is_placed_in_that_area(gaz: Gazetteer) -> None:
    text = (
        "The army took control of Qasr Tuba, Mazraat Sayed and Ghanim al-Ahmad in the Ar-Raqqa countryside."
    )
    found = gaz.find(text)
    unlisted = [m for m in found if m.place.is_unlisted]
    assert [m.text for m in unlisted] == ["Qasr Tuba", "Mazraat Sayed", "Ghanim al-Ahmad"]
    assert all(m.place.admin1 == "SY11" and m.place.geo_precision == 3 for m in unlisted)
    countryside = [m for m in found if not m.place.is_unlisted]
    assert [m.role for m in countryside] == ["locator"]


def test_a_name_near_a_known_town_is_placed_in_its_sub_district(gaz: Gazetteer) -> None:
    m = mention(gaz, "Heavy clashes broke out in Arimah near Menbij on Sunday.", "Arimah")
    assert m.place.admin3 == "SY020500"
    assert [x.role for x in gaz.find("Heavy clashes broke out in Arimah near Menbij.")] == [
        "place",
        "reference",
    ]


def test_a_known_name_that_is_only_the_start_of_a_longer_one_gives_way(gaz: Gazetteer) -> None:
    m = mention(gaz, "Troops captured Hamra al-Gharbiya near Saraqab.", "Hamra al-Gharbiya")
    assert m.text == "Hamra al-Gharbiya" and m.place.is_unlisted
    assert m.place.admin3 == "SY070003"


@pytest.mark.parametrize(
    "text",
    [
        "Fighting resumed in January, the monitor said.",
        "The offensive was announced in Hayat Tahrir al-Sham statements.",
        "An activist from Saraqab, Mohamed Hassan al-Idlibi, said the town was shelled.",
        "Rebels captured Saraqab, Assad said on Friday.",
        "The SDF entered Menbij, Mazloum Abdi told reporters.",
        "The jihadists blew up the ancient city of Nimrud and Qayyarah in Iraq.",
        "Destruction in Saraqab after the strikes.",
    ],
)
def test_people_groups_months_and_places_abroad_are_not_unlisted_places(gaz: Gazetteer, text: str) -> None:
    assert not [m.text for m in gaz.find(text) if m.place.is_unlisted]


# ---- geographic coherence


def test_a_minor_homonym_far_from_the_others_becomes_an_unlisted_name_in_their_governorate(
    gaz: Gazetteer,
) -> None:
    text = "Fighters overran Andan, Hayyan, Byanun, Mayer and Hamra north of the city."
    m = mention(gaz, text, "Hamra")
    assert m.place.is_unlisted and m.place.admin1 == "SY02"
    alone = mention(gaz, "Fighters overran Hamra on Monday.", "Hamra")
    assert alone.place.place_id == "ocha:C5201"


# ---- roles


def test_a_dateline_is_not_an_event_place(gaz: Gazetteer) -> None:
    text = "Rebels advance\nBEIRUT (Reuters) - Rebels captured Saraqab on Monday."
    assert [(m.text, m.role) for m in gaz.find(text)] == [("BEIRUT", "dateline"), ("Saraqab", "place")]
    text = "Rebels advance\nIDLEB, Syria (AP) — Jets struck Saraqab."
    assert [m.role for m in gaz.find(text)] == ["dateline", "place"]


def test_reference_points_organisations_and_metonymy_have_roles(gaz: Gazetteer) -> None:
    assert mention(gaz, "The town lies 40 km north of Homs.", "Homs").role == "reference"
    assert mention(gaz, "The Aleppo Media Center reported shelling.", "Aleppo").role == "organisation"
    assert mention(gaz, "Moscow said the strikes would go on.", "Moscow").role == "metonymy"
    assert mention(gaz, "Rebels shelled Aleppo on Monday.", "Aleppo").role == "place"


def test_the_extractor_places_an_unlisted_village_and_skips_non_event_roles(gaz: Gazetteer) -> None:
    body = "BEIRUT (Reuters) - Rebels captured the villages of Andan, Zibdiyeh and Hayyan on Monday."
    source = Source(
        "t", "Rebels advance", f"Rebels advance\n{body}", date(2024, 12, 3), "test", None, None, None
    )
    records = {r.place: r for r in extract(source, gaz) if r.place}
    assert set(records) == {"Andan", "Zibdiyeh", "Hayyan"}
    z = records["Zibdiyeh"]
    assert z.place_id.startswith("unlisted:") and z.geo_precision == 2 and z.admin3 == "SY020000"
    assert "not in the gazetteer" in z.notes


def test_a_pair_of_far_homonyms_beside_a_cluster_is_read_as_unlisted(gaz: Gazetteer) -> None:
    text = "Fighters overran Andan, Hayyan, Byanun, Mayer, Hamra and Sur."
    found = {m.text: m.place for m in gaz.find(text)}
    assert found["Hamra"].is_unlisted and found["Sur"].is_unlisted
    assert found["Sur"].admin1 == "SY02" and not found["Andan"].is_unlisted


def test_a_village_read_outside_the_area_its_list_is_placed_in_gives_way(gaz: Gazetteer) -> None:
    text = "Rebels captured the villages of Andan and Hamra in Jebel Saman district."
    found = {m.text: m for m in gaz.find(text)}
    assert found["Hamra"].place.is_unlisted and found["Hamra"].place.admin2 == "SY0200"
    assert found["Andan"].place.place_id == "ocha:C1121"
    assert found["Jebel Saman district"].role == "locator"


def test_a_possessive_country_does_not_hide_the_place_after_it(gaz: Gazetteer) -> None:
    assert [(m.text, m.role) for m in gaz.find("Troops held Syria's Saraqab, 30 km from Syria's Idlib.")] == [
        ("Saraqab", "place"),
        ("Idlib", "reference"),
    ]
    assert names(gaz, "Fighters of Hayat Tahrir al-Sham took Saraqab.") == ["Saraqab"]


def test_a_town_name_before_a_site_noun_names_an_unlisted_site_there(gaz: Gazetteer) -> None:
    found = gaz.find("Tribesmen seized the Hayyan and Andan oilfields and the Menbij military airport.")
    sites = [(m.text, m.place.name, m.place.admin3) for m in found]
    assert sites == [
        ("Hayyan", "Hayyan oil field", "SY020000"),
        ("Andan oilfields", "Andan oil field", "SY020000"),
        ("Menbij military airport", "Menbij military airport", "SY020500"),
    ]
    assert all(m.place.is_unlisted for m in found)
    site = mention(gaz, "Government forces entered Menagh airbase.", "Menagh airbase")
    assert site.place.kind == "site"  # a site the gazetteer has stays itself


def test_a_bearing_on_a_governorates_countryside_is_that_part_of_it(gaz: Gazetteer) -> None:
    for text in (
        "Jets pounded the eastern Aleppo countryside.",
        "Jets pounded Aleppo's eastern countryside.",
    ):
        m = only_place(gaz, text)
        assert m.place.kind == "region" and m.place.name == "Eastern Aleppo countryside"
        assert m.place.place_id == "region:east-aleppo-countryside"
        aleppo = gaz.get("adm1:SY02").area_adm3
        assert set(m.place.area_adm3) < set(aleppo)
        assert "SY020600" in m.place.area_adm3 and "SY020000" not in m.place.area_adm3
    assert only_place(gaz, "Jets pounded the Aleppo countryside.").place.place_id == "adm1:SY02"


def only_place(gaz: Gazetteer, text: str) -> PlaceMention:
    found = gaz.find(text)
    assert len(found) == 1, [(m.text, m.place.place_id) for m in found]
    return found[0]


@pytest.mark.parametrize(
    "text",
    [
        "Drones targeted Hurras al-Din commanders near Saraqab.",
        "Jets attacked Jaysh al-Fateh positions and hit Qasr Tuba near Saraqab.",
    ],
)
def test_the_object_of_an_attack_is_not_thereby_a_place(gaz: Gazetteer, text: str) -> None:
    assert not [m.text for m in gaz.find(text) if m.place.is_unlisted and m.text != "Qasr Tuba"]


def test_a_known_village_refused_alone_is_taken_once_a_list_makes_it_a_place(gaz: Gazetteer) -> None:
    m = mention(gaz, "The army later retook Zibdiyeh, Qasr Tuba and Mayer.", "Mayer")
    assert m.place.place_id == "ocha:C1656"
    assert names(gaz, "The army later retook Mayer.") == ["Mayer"]


def test_a_list_in_a_directional_countryside_is_placed_in_that_part(gaz: Gazetteer) -> None:
    text = "Rebels took the villages of Zibdiyeh and Qasr Tuba in the eastern Aleppo countryside."
    m = mention(gaz, text, "Zibdiyeh")
    assert m.place.place_id == "unlisted:zibdiyeh@region:east-aleppo-countryside"
    assert m.place.admin1 == "SY02" and m.place.latitude is not None and m.place.geo_precision == 3


def test_a_military_council_named_after_a_city_is_an_organisation(gaz: Gazetteer) -> None:
    assert mention(gaz, "The Hama Military Council said fighting went on.", "Hama").role == "organisation"


def test_a_unique_spelling_variant_is_matched_even_far_from_the_other_places(gaz: Gazetteer) -> None:
    m = mention(gaz, "Jets bombed Homs. Separately, troops seized Kafar Hamra.", "Kafar Hamra")
    assert m.place.place_id == "ocha:C1134"


def test_a_name_with_no_area_in_the_text_is_still_a_place_in_syria(gaz: Gazetteer) -> None:
    m = mention(gaz, "Government forces entered the villages of Qasr Tuba and Zibdiyeh.", "Qasr Tuba")
    assert m.place.place_id == "unlisted:qasr-tuba@syria"
    assert m.place.latitude is None and m.place.admin1 is None and m.place.geo_precision == 3
    assert "the text gives no area" in m.note


def test_backed_by_a_capital_is_metonymy(gaz: Gazetteer) -> None:
    assert mention(gaz, "Fighters backed by Moscow seized Saraqab.", "Moscow").role == "metonymy"


def test_sites_joined_in_a_list_are_each_a_site(gaz: Gazetteer) -> None:
    text = "Rockets hit US forces at the Hayyan oil field and Zibdiyeh gas field near Andan."
    found = {m.text: m.place for m in gaz.find(text)}
    assert found["Hayyan oil field"].name == "Hayyan oil field"
    assert found["Zibdiyeh gas field"].is_unlisted and found["Zibdiyeh gas field"].admin3 == "SY020000"


def test_a_bare_comma_before_a_town_is_no_locator_and_near_does_not_confine(gaz: Gazetteer) -> None:
    m = mention(gaz, "Jets hit the towns of Kafar Hamra, Saraqab near Idleb and Andan.", "Kafar Hamra")
    assert m.place.place_id == "ocha:C1134"


def test_of_namesakes_in_named_districts_the_one_nearest_the_other_places_wins(tmp_path: Path) -> None:
    rows = [
        ("C9101", "Dabaa", "", 36.20, 36.95, "PPL", "", ""),  # Jebel Saman, far west of Aleppo
        ("C9102", "Dabaa", "", 36.50, 37.15, "PPL", "", ""),  # Tall Refaat, beside Tall Refaat town
        ("C9103", "Tall Refaat", "", 36.47, 37.10, "PPLA3", "25658", ""),
        ("C9104", "Aleppo", "", 36.20, 37.15, "PPLA", "2098210", ""),
    ]
    paths = inputs(tmp_path)
    places = [(n, n, "", a, la, lo, c, p, "ocha_cod_pplp_2015", s, g) for s, n, a, la, lo, c, p, g in rows]
    paths["places_csv"] = write_csv(tmp_path / "places3.csv", PLACE_COLUMNS, places)
    aliases = [(a, t, "test row") for a, t in ALIASES if not t.startswith("ocha:")]
    paths["aliases_csv"] = write_csv(tmp_path / "aliases3.csv", ["alias", "target", "basis"], aliases)
    small = build_gazetteer(adm3_frame(), [], **paths)
    found = {m.text: m for m in small.find("Rebels left Aleppo for Tall Refaat and the village of Dabaa.")}
    assert found["Dabaa"].place.place_id == "ocha:C9102"
    assert "nearest the text's other places" in found["Dabaa"].rule


def test_a_town_and_its_airport_name_two_places(gaz: Gazetteer) -> None:
    found = [(m.text, m.place.name) for m in gaz.find("The army took Saraqab and its military airport.")]
    assert found == [("Saraqab", "Saraqab"), ("its military airport", "Saraqab military airport")]
    assert [m.text for m in gaz.find("The army took Saraqab and its outskirts.")] == ["Saraqab"]
