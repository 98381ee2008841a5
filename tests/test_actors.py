"""Actor words -> faction ids, with roles, on sentences written here."""

from __future__ import annotations

from datetime import date

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
        for m in find_actors(
            "The PKK/YPG and Kurdish-led forces fought Assad's forces and HTS.", date(2020, 1, 1)
        )
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
    with pytest.raises(ActorDataError, match=r"line 3: unknown kind 'capital'"):
        read_actor_words(path)
    path.write_text("word,actor,kind,basis\nMoscow,martians,metonym,x\n")
    with pytest.raises(ActorDataError, match="unknown actor 'martians'"):
        read_actor_words(path, known={"russia"})


# --- sides by date ------------------------------------------------------------------------------

BEFORE, FALL = date(2024, 12, 7), date(2024, 12, 8)


def sides(text, day):
    return [(m.text, m.actor) for m in find_actors(text, day)]


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Government forces shelled the village.", "Government forces"),
        ("The Syrian army entered the town.", "Syrian army"),
        ("Units of the Syrian Arab Army moved north.", "Syrian Arab Army"),
        ("The Defence Ministry announced a curfew.", "Defence Ministry"),
        ("Damascus said the ceasefire held.", "Damascus"),
        ("Syrian authorities denied the report.", "Syrian authorities"),
        ("Officials said government-held districts were calm.", "government-held"),
    ],
)
def test_words_of_the_state_name_assad_before_the_fall_and_the_new_government_from_it(text, word):
    assert (word, "regime") in sides(text, BEFORE)
    assert (word, "government") in sides(text, FALL)


@pytest.mark.parametrize("name", ["Ahmed al-Sharaa", "Abu Mohammad al-Jolani", "al-Sharaa"])
def test_the_hts_leader_becomes_the_head_of_state(name):
    text = f"{name} spoke to reporters."
    assert sides(text, BEFORE) == [(name, "hts")]
    assert sides(text, FALL) == [(name, "government")]


def test_general_security_was_hts_in_idlib_and_is_the_state_after():
    assert sides("General Security arrested two men.", BEFORE) == [("General Security", "hts")]
    assert sides("General Security arrested two men.", FALL) == [("General Security", "government")]


def test_hts_and_sna_names_follow_their_own_dates():
    text = "HTS and the Syrian National Army sent fighters."
    assert sides(text, date(2025, 1, 28)) == [("HTS", "hts"), ("Syrian National Army", "sna")]
    assert sides(text, date(2025, 1, 29)) == [("HTS", "government"), ("Syrian National Army", "sna")]
    assert sides(text, date(2025, 5, 17)) == [("HTS", "government"), ("Syrian National Army", "government")]


def test_the_new_governments_own_names_mean_nothing_before_it_existed():
    assert sides("The transitional government met.", date(2013, 6, 1)) == []
    assert sides("The transitional government met.", FALL) == [("transitional government", "government")]


def test_assads_own_names_still_mean_his_side_after_the_fall():
    text = "Pro-Assad fighters ambushed a patrol."
    assert sides(text, date(2025, 3, 7)) == [("Pro-Assad fighters", "regime")]


def test_without_a_date_words_are_read_as_of_today():
    assert sides("The Syrian army advanced.", None) == [("Syrian army", "government")]


def test_a_dated_mention_keeps_its_periods_and_says_why():
    [m] = find_actors("The Syrian army advanced.", date(2016, 12, 12))
    assert (m.actor, m.on(date(2025, 1, 1)), m.on(date(2016, 1, 1))) == ("regime", "government", "regime")
    assert m.dated and "up to 2024-12-07" in m.basis and "2016-12-12" in m.basis
    [undated] = find_actors("Russian warplanes struck.", date(2016, 12, 12))
    assert (undated.dated, undated.on(date(2030, 1, 1)), undated.basis) == (False, "russia", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An Israeli strike hit the depot.", ("Israeli", "israel")),
        ("Russian warplanes struck the town.", ("Russian warplanes", "russia")),
        ("A Turkish drone hit a car.", ("Turkish drone", "turkey")),
        ("The US-led coalition struck oil sites.", ("US-led coalition", "us_coalition")),
        ("Daesh claimed the attack.", ("Daesh", "isis")),
        ("ISIS fighters attacked.", ("ISIS", "isis")),
        ("The Kurdish-led SDF withdrew.", ("Kurdish-led SDF", "sdf")),
        ("The PKK attacked the base.", ("PKK", "sdf")),
        ("Bedouin tribes mobilised.", ("Bedouin tribes", "tribes")),
        ("Tribal fighters seized the field.", ("Tribal fighters", "tribes")),
        ("Druze factions took the square.", ("Druze factions", "druze")),
        ("Forces loyal to Sheikh Hikmat al-Hijri held the city.", ("Sheikh Hikmat al-Hijri", "druze")),
    ],
)
def test_the_sides_of_every_period_are_named(text, expected):
    assert expected in sides(text, date(2025, 7, 20))


def test_the_national_guard_names_the_druze_only_from_august_2025():
    assert sides("The National Guard fired on the convoy.", date(2025, 9, 1)) == [("National Guard", "druze")]
    assert sides("The National Guard fired on the convoy.", date(2020, 9, 1)) == []


# --- bare army words ---------------------------------------------------------------------------


def test_a_bare_army_word_refers_back_to_the_last_army_named():
    text = "The Turkish military shelled the village. The military said troops held the hill."
    assert sides(text, date(2018, 2, 9)) == [
        ("Turkish military", "turkey"),
        ("The military", "turkey"),
        ("troops", "turkey"),
    ]


def test_a_bare_army_word_with_no_army_named_is_syrias_of_the_day():
    text = "The army said it had retaken the hill."
    assert sides(text, date(2017, 11, 20)) == [("The army", "regime")]
    assert sides(text, date(2026, 1, 17)) == [("The army", "government")]


def test_a_bare_army_word_after_a_name_is_that_names_head():
    assert sides("SDF troops left the dam.", date(2019, 1, 1)) == [("SDF", "sdf")]


# --- the vocabulary file -----------------------------------------------------------------------

WORDS_HEADER = "word,actor,kind,valid_from,valid_to,basis\n"


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ("Damascus,regime,metonym,,2024-12-7x,x\n", "line 2: valid_to '2024-12-7x' is not a date"),
        (
            "Damascus,regime,metonym,2025-01-02,2025-01-01,x\n",
            "line 2: valid_to 2025-01-01 is before valid_from",
        ),
        (
            "Damascus,regime,metonym,,2024-12-08,x\nDamascus,russia,metonym,2024-12-08,,x\n",
            "line 3: 'Damascus' from 2024-12-08 overlaps line 2 (regime up to 2024-12-08)",
        ),
        ("Damascus,regime,metonym,,,x,extra\n", "line 2: more fields than the header has columns"),
    ],
)
def test_bad_dated_rows_are_reported_with_file_and_row(tmp_path, rows, problem):
    path = tmp_path / "words.csv"
    path.write_text(WORDS_HEADER + rows, encoding="utf-8")
    with pytest.raises(ActorDataError) as caught:
        read_actor_words(path, known={"regime", "russia"})
    assert str(path) in str(caught.value) and problem in str(caught.value)


def test_dated_rows_load_as_one_word_with_two_periods(tmp_path):
    path = tmp_path / "words.csv"
    path.write_text(
        WORDS_HEADER + "Damascus,regime,metonym,,2024-12-07,x\nDamascus,russia,metonym,2024-12-08,,x\n",
        encoding="utf-8",
    )
    words = read_actor_words(path, known={"regime", "russia"})
    finder = ActorFinder({}, words)
    assert [m.actor for m in finder.find("Damascus said no.", BEFORE)] == ["regime"]
    assert [m.actor for m in finder.find("Damascus said no.", FALL)] == ["russia"]


def test_state_media_speak_for_the_syrian_state_unless_another_is_named():
    assert sides("State television said the town was quiet.", BEFORE) == [("State television", "regime")]
    assert sides("State media said the town was quiet.", FALL) == [("State media", "government")]
    assert sides("Turkish state media said the town was quiet.", FALL) == [("Turkish state media", "turkey")]


def test_a_place_of_business_is_not_a_side():
    assert sides("The Britain-based monitor said so.", BEFORE) == []


def test_bare_aircraft_refer_back_to_the_last_side_named_in_the_air():
    text = "Turkey resumed air strikes on Friday. Later F-16 jets struck the hills."
    assert sides(text, date(2018, 2, 9)) == [("Turkey", "turkey"), ("F-16 jets", "turkey")]
    text = "Russian warplanes hit the town. Hours later warplanes returned."
    assert sides(text, date(2016, 2, 9)) == [("Russian warplanes", "russia"), ("warplanes", "russia")]


def test_unnamed_aircraft_stay_unnamed():
    assert sides("Unidentified warplanes struck the town.", date(2016, 2, 9)) == []
    # An army named on the ground is not an air force.
    assert sides("Turkish troops shelled a village. Drones hit a car.", date(2019, 1, 1)) == [
        ("Turkish troops", "turkey")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Iraqi government forces held the crossing.",
        "Lebanese troops closed the border.",
        "Iraq's army moved.",
    ],
)
def test_another_states_forces_are_not_syrias(text):
    assert sides(text, date(2019, 3, 1)) == []


def test_the_military_of_the_only_state_that_acted():
    text = "Israel struck a depot overnight. The military said it hit weapons."
    assert sides(text, date(2025, 11, 29)) == [("Israel", "israel"), ("The military", "israel")]
    # A state that only spoke does not own the army named after it.
    text = "Russia said it would help. The army advanced."
    assert sides(text, date(2016, 1, 1)) == [("Russia", "russia"), ("The army", "regime")]


def test_a_dated_word_that_is_also_a_faction_name_is_refused(tmp_path):
    from geo.actors import build_finder
    from geo.factions import load_factions

    table = tmp_path / "factions.csv"
    table.write_text(
        "id,name,aliases,colour,pattern,outline,territorial,basis\n"
        "regime,Regime,Syrian army,#a52129,solid,,true,x\n"
        "russia,Russia,Russia,#8c8c8c,solid,,false,x\n",
        encoding="utf-8",
    )
    words = tmp_path / "words.csv"
    words.write_text(WORDS_HEADER + "Syrian army,regime,phrase,,2024-12-07,x\n", encoding="utf-8")
    with pytest.raises(
        ActorDataError, match=r"words\.csv: dated word 'Syrian army' is also a name of 'regime'"
    ):
        build_finder(load_factions(table), words)
    words.write_text(WORDS_HEADER + "Moscow,russia,metonym,,,x\n", encoding="utf-8")
    assert [m.actor for m in build_finder(load_factions(table), words).find("Moscow said so.")] == ["russia"]


def test_a_possessive_ending_is_not_part_of_the_name():
    text = "The SDF's fighters left; the army’s command said so; Assad's forces stayed."
    assert sides(text, date(2019, 1, 1)) == [
        ("SDF", "sdf"),
        ("the army", "regime"),
        ("Assad's forces", "regime"),
    ]


def test_bare_security_forces_and_the_government_are_syrias_of_the_day():
    assert sides("Security forces made arrests.", BEFORE) == [("Security forces", "regime")]
    assert sides("Security forces made arrests.", FALL) == [("Security forces", "government")]
    assert sides("The government said it would respond.", FALL) == [("The government", "government")]
    assert sides("Israeli security forces raided a house.", FALL) == [("Israeli security forces", "israel")]
    assert sides("The Turkish government said so.", FALL) == [("Turkish government", "turkey")]


def test_with_x_support_is_an_ally():
    [m] = find_actors("Troops advanced with Russian air support.", date(2016, 1, 1))[1:]
    assert (m.text, m.actor, m.role) == ("Russian", "russia", "ally")
