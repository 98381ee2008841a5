"""Place search and readable permalinks (geo.place_search), on small lists written here."""

from __future__ import annotations

import pytest

from geo.place_search import PlaceSearch, search_key, slugify

TOWNS = [
    ("gn:1", "Tall Refaat", "تل رفعت", "SY020402"),
    ("gn:2", "Aleppo", "حلب", "SY020000"),
    ("gn:3", "Saraqeb", "سراقب", "SY070300"),
]
UNITS = [
    ("SY020402", "Tall Refaat", "A'zaz", "Aleppo"),
    ("SY020000", "Jebel Saman", "Jebel Saman", "Aleppo"),
    ("SY070300", "Saraqab", "Idleb", "Idleb"),
    ("SY070000", "Idleb", "Idleb", "Idleb"),
    ("SY100200", "Al Bab", "Al Bab", "Aleppo"),
    ("SY120300", "Al Bab", "Somewhere", "Homs"),
]


@pytest.fixture
def index() -> PlaceSearch:
    return PlaceSearch.build(TOWNS, UNITS, {"gn:1": ["tal arfad"]})


@pytest.mark.parametrize(
    "query", ["tel refaat", "Tall Refaat", "Tal Rifaat", "تل رفعت", "تلّ رِفعة", "TELL RIFAT"]
)
def test_every_spelling_of_tal_rifaat_finds_the_town_first(index, query):
    hits = index.search(query)
    assert hits[0].entry.target == "gn:1"
    assert hits[0].entry.kind == "town"


def test_the_town_and_its_sub_district_are_both_offered_town_first(index):
    targets = [h.entry.target for h in index.search("tel refaat")]
    assert targets[:2] == ["gn:1", "SY020402"]


def test_a_spelling_given_by_the_gazetteer_finds_its_place(index):
    assert index.search("Tal Arfad")[0].entry.target == "gn:1"


def test_a_misspelt_name_still_finds_the_place(index):
    assert index.search("Idlip")[0].entry.target == "SY070000"
    assert index.search("Jabal Saman")[0].entry.target == "SY020000"


def test_a_name_being_typed_finds_places_starting_with_it(index):
    assert index.search("Jeb")[0].entry.target == "SY020000"


def test_nothing_like_the_query_finds_nothing(index):
    assert index.search("Paris") == []
    assert index.search("   ") == []
    assert index.search("<script>") == []


def test_slugs_are_readable_and_unique(index):
    slugs = {e.target: e.slug for e in index.entries}
    assert slugs["gn:1"] == "tall-refaat"
    assert slugs["gn:2"] == "aleppo"
    # The sub-district named like the town, and two sub-districts of one name, get their governorate.
    assert slugs["SY020402"] == "tall-refaat-aleppo-sub-district"
    assert slugs["SY100200"] == "al-bab"
    assert slugs["SY120300"] == "al-bab-homs-sub-district"
    assert len(set(slugs.values())) == len(slugs)


@pytest.mark.parametrize(
    ("value", "target"),
    [
        ("gn:1", "gn:1"),
        ("SY070000", "SY070000"),
        ("aleppo", "gn:2"),
        ("Aleppo", "gn:2"),
        ("tall-refaat", "gn:1"),
        ("tal-rifaat", "gn:1"),
        ("tall-refaat-aleppo-sub-district", "SY020402"),
        ("saraqib", "gn:3"),
    ],
)
def test_a_permalink_resolves_ids_slugs_and_clear_names(index, value, target):
    assert index.resolve(value).target == target


def test_a_permalink_never_guesses_between_places(index):
    assert index.resolve("bab") is None  # two sub-districts "Al Bab": the slug names one, a word neither
    assert index.resolve("paris") is None


def test_search_keys_and_slugs():
    assert search_key("Tell Rifat") == search_key("tal rifaat")
    assert search_key("تلّ رِفعة") == search_key("تل رفعه")
    assert slugify("Ma'btali") == "mabtali"
    assert slugify("Deir-ez-Zor") == "deir-ez-zor"
