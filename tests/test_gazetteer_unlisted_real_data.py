"""Place recognition beyond exact names on the real gazetteer (GeoNames, OCHA places, boundaries):
spelling variants, foreign homonyms, unlisted names. Sentences are written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo import provision
from geo.boundaries import load_boundaries
from geo.gazetteer import Gazetteer, PlaceMention, load_gazetteer


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    places: Path | None = provision.provision_optional(provision.PLACES)
    assert places is not None, "the real-data tests need ../shared/data/places/syr_places.csv"
    return load_gazetteer(load_boundaries(), places)


def mention(gaz: Gazetteer, text: str, written: str) -> PlaceMention:
    hits = [m for m in gaz.find(text) if m.text.startswith(written)]
    assert hits, [(m.text, m.place.place_id) for m in gaz.find(text)]
    return hits[0]


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [
        ("Jets struck Kafar Nabal and Maarat al-Numan in Idlib province.", "Kafar Nabal", "gn:168661"),
        ("Loyalist troops seized Busra al-Harir, east of Izraa.", "Busra al-Harir", "ocha:C6105"),
    ],
)
def test_press_spellings_the_index_lacks_reach_the_place(
    gaz: Gazetteer, text: str, written: str, expected: str
) -> None:
    m = mention(gaz, text, written)
    assert m.text == written and m.place.place_id == expected and m.rule.startswith("fuzzy")


@pytest.mark.parametrize("name", ["Ramadi", "al-Qaim", "Fallujah", "Akkar"])
def test_places_abroad_never_resolve_to_a_syrian_homonym(gaz: Gazetteer, name: str) -> None:
    m = mention(gaz, f"Militants moved from {name} towards Albu Kamal.", name)
    assert not m.place.in_syria


def test_a_list_of_unknown_villages_in_a_countryside_is_placed_there(gaz: Gazetteer) -> None:
    text = (
        "The army entered the villages of Zuwayr Fawqani and Tell Jabbarat in the southern Raqqa countryside."
    )
    found = [m for m in gaz.find(text) if m.place.is_unlisted]
    assert [m.text for m in found] == ["Zuwayr Fawqani", "Tell Jabbarat"]
    assert all(m.place.admin1 == "SY11" and m.place.latitude is not None for m in found)
