"""Actor words -> faction ids, with roles, on sentences written here."""

from __future__ import annotations

import pytest

from geo.actors import ActorDataError, ActorFinder, ActorWord, find_actors, read_actor_words

ALIASES = {
    "Hayat Tahrir al-Sham": "hts",
    "HTS": "hts",
    "Syrian National Army": "sna",
    "Turkish-backed rebels": "sna",
    "SDF": "sdf",
    "PKK/YPG": "sdf",
    "rebels": "opposition",
    "opposition": "opposition",
    "regime": "regime",
    "IS": "isis",
}
WORDS = [
    ActorWord("Syrian", "regime", "adjective"),
    ActorWord("Russian", "russia", "adjective"),
    ActorWord("Turkish", "turkey", "adjective"),
    ActorWord("Moscow", "russia", "metonym"),
    ActorWord("Damascus", "regime", "metonym"),
    ActorWord("Kremlin", "russia", "metonym"),
    ActorWord("Bashar al-Assad", "regime", "person"),
    ActorWord("France", "western", "country"),
]


@pytest.fixture(scope="module")
def finder() -> ActorFinder:
    return ActorFinder({**ALIASES, "Damascus": "regime"}, WORDS)


def found(finder, text):
    mentions = finder.find(text)
    for m in mentions:
        assert text[m.start : m.end] == m.text
    return [(m.text, m.actor, m.role) for m in mentions]


def test_longest_name_wins_and_spelling_of_joins_is_flexible(finder):
    assert found(finder, "Hayat Tahrir al Sham (HTS) and the Syrian National Army advanced.") == [
        ("Hayat Tahrir al Sham", "hts", ""),
        ("HTS", "hts", ""),
        ("Syrian National Army", "sna", ""),
    ]


def test_acronyms_match_in_capitals_only(finder):
    assert found(finder, "It is what IS fighters wanted.") == [("IS", "isis", "")]


def test_coordinated_nationality_adjectives_each_name_a_side(finder):
    assert found(finder, "Syrian and Russian aircraft bombed the town.") == [
        ("Syrian and Russian aircraft", "regime", ""),
        ("Russian aircraft", "russia", ""),
    ]


def test_an_adjective_alone_is_not_an_actor(finder):
    assert found(finder, "The Syrian Civil War and Russian culture.") == []


def test_capitals_are_actors_only_when_they_act(finder):
    assert found(finder, "Moscow said it would respond.") == [("Moscow", "russia", "")]
    assert found(finder, "Damascus's forces shelled the area.") == [("Damascus", "regime", "")]
    assert found(finder, "Talks were held in Moscow and Damascus.") == []
    assert found(finder, "The Kremlin was silent.") == [("Kremlin", "russia", "")]


def test_anti_x_names_the_opposition_and_its_enemy(finder):
    [m] = finder.find("Anti-regime forces advanced.")
    assert (m.text, m.actor, m.opponent) == ("Anti-regime forces", "opposition", "regime")


def test_held_and_led_and_ally_roles(finder):
    assert found(finder, "They retook opposition-held areas.") == [
        ("opposition-held", "opposition", "holder")
    ]
    assert found(finder, "HTS-led forces moved in.") == [("HTS-led forces", "hts", "led")]
    assert found(finder, "Jets struck in support of regime troops.") == [("regime", "regime", "ally")]


def test_backed_groups_are_the_group_not_the_backer(finder):
    assert found(finder, "Turkish-backed rebels entered.") == [("Turkish-backed rebels", "sna", "")]


def test_the_real_vocabulary_loads_and_reads_the_field_words():
    actors = {
        (m.text, m.actor)
        for m in find_actors("The PKK/YPG and Kurdish-led forces fought Assad's forces and HTS.")
    }
    assert {
        ("PKK/YPG", "sdf"),
        ("Kurdish-led forces", "sdf"),
        ("Assad's forces", "regime"),
        ("HTS", "hts"),
    } <= actors
    assert not any(m.actor == "unknown" for m in find_actors("Unknown gunmen opened fire."))


def test_a_bad_vocabulary_file_names_the_row(tmp_path):
    path = tmp_path / "words.csv"
    path.write_text("word,actor,kind,basis\nMoscow,russia,metonym,ok\nAnkara,turkey,capital,bad kind\n")
    with pytest.raises(ActorDataError, match=r"row 3: unknown kind 'capital'"):
        read_actor_words(path)
    path.write_text("word,actor,kind,basis\nMoscow,martians,metonym,x\n")
    with pytest.raises(ActorDataError, match="unknown actor 'martians'"):
        read_actor_words(path, known={"russia"})
