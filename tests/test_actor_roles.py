"""Who did it: sides by role and by date in extracted records, on sentences written here."""

from __future__ import annotations

from datetime import date

import pytest

from tests.small_world import small_gazetteer
from tests.test_extract import one, run


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return small_gazetteer(tmp_path_factory.mktemp("world"))


OLD, NEW = date(2018, 3, 12), date(2025, 7, 20)


@pytest.mark.parametrize(
    ("published", "side"), [(date(2024, 12, 7), "regime"), (date(2024, 12, 8), "government")]
)
def test_the_syrian_army_is_the_side_of_the_day(gaz, published, side):
    r = one(run(gaz, "The Syrian army captured Saraqib.", published), event_type="captured")
    assert (r.actor1, r.actor1_text) == (side, "Syrian army")
    assert f'"Syrian" names {side}' in r.notes


def test_an_undated_event_is_read_as_of_publication_a_dated_one_as_of_its_own_date(gaz):
    undated = one(run(gaz, "Government forces captured Hama.", date(2024, 12, 10)), event_type="captured")
    assert undated.actor1 == "government"
    dated = one(
        run(gaz, "Government forces captured Hama last week.", date(2024, 12, 10)), event_type="captured"
    )
    assert dated.actor1 == "regime"


def test_an_event_dated_before_the_fall_keeps_assads_side_in_a_later_article(gaz):
    r = one(run(gaz, "Government forces captured Hama in 2016.", NEW), event_type="captured")
    assert r.actor1 == "regime"
    assert "read as of the event's first day 2016-01-01" in r.notes


def test_withdrawal_is_the_side_that_left(gaz):
    r = one(run(gaz, "Government troops withdrew from Hama on Monday.", NEW), event_type="withdrawal")
    assert (r.actor1, r.actor1_text) == ("government", "Government troops")


def test_the_loser_of_lost_control_and_the_winner_of_fell_to(gaz):
    lost = one(run(gaz, "The SDF lost control of Menbij.", OLD), event_type="captured")
    assert (lost.actor1, lost.actor2) == ("", "sdf")
    fell = one(run(gaz, "Menbij fell to Turkish-backed rebels.", OLD), event_type="captured")
    assert fell.actor1 == "sna"


def test_from_x_and_x_held_are_the_other_side(gaz):
    r = one(run(gaz, "Rebels seized Saraqib from the regime.", OLD), event_type="captured")
    assert (r.actor1, r.actor2) == ("opposition", "regime")
    r = one(run(gaz, "Druze factions took over government-held Hama.", NEW), event_type="captured")
    assert (r.actor1, r.actor2) == ("druze", "government")


def test_an_unnamed_attacker_stays_empty(gaz):
    r = one(run(gaz, "Unidentified warplanes struck Saraqib.", OLD), event_type="airstrike")
    assert r.actor1 == ""


def test_the_subject_is_not_the_side_named_as_an_object(gaz):
    body = "YPG units battling militants from the Islamic State (IS) for weeks captured Menbij."
    r = one(run(gaz, body, OLD), event_type="captured")
    assert r.actor1 == "sdf"


def test_a_pronoun_after_a_speech_verb_is_the_speaker(gaz):
    body = "The army said on Tuesday that it had captured Hama."
    # Told only by the side that made it, the capture is that side's claim.
    r = one(run(gaz, body, OLD), event_type="control_claim")
    assert (r.actor1, r.actor1_text) == ("regime", "The army")
    assert "is the speaker" in r.notes


def test_a_sentence_opening_on_it_continues_the_last_subject(gaz):
    body = "Tribal fighters captured Sur on Sunday. It also seized Saraqib."
    r = one(run(gaz, body, NEW), event_type="captured", place="Saraqab")
    assert r.actor1 == "tribes"
    assert "continues the last subject" in r.notes


def test_clashes_between_two_sides(gaz):
    body = "Clashes broke out between the army and the SDF in Menbij on Friday."
    r = one(run(gaz, body, date(2026, 1, 17)), event_type="clashes")
    assert (r.actor1, r.actor2) == ("government", "sdf")


@pytest.mark.parametrize(
    ("body", "side"),
    [
        ("An Israeli airstrike hit Hama.", "israel"),
        ("Russian warplanes bombed Saraqib.", "russia"),
        ("A Turkish drone struck Menbij.", "turkey"),
        ("The US-led coalition carried out airstrikes near Quamishli.", "us_coalition"),
        ("Daesh attacked Sur.", "isis"),
        ("The Kurdish-led SDF captured Sur.", "sdf"),
        ("Bedouin tribes attacked Dar'a.", "tribes"),
        ("General Security forces seized Lattakia.", "government"),
    ],
)
def test_named_sides_of_every_period(gaz, body, side):
    records = run(gaz, body, NEW)
    assert records and records[0].actor1 == side, [(r.event_type, r.actor1) for r in records]


def test_a_trigger_in_a_prepositional_phrase_takes_the_clauses_subject(gaz):
    body = "The military said Turkish forces had destroyed depots and killed 30 YPG fighters in heavy airstrikes on Menbij."
    r = one(run(gaz, body, OLD), event_type="airstrike")
    assert r.actor1 == "turkey"


def test_a_participle_after_a_comma_shares_the_subject(gaz):
    body = "Pro-government forces trying to retake the south from rebels made gains on Tuesday, capturing Saraqib."
    r = one(run(gaz, body, OLD), event_type="captured", place="Saraqab")
    assert (r.actor1, r.actor1_text) == ("regime", "Pro-government forces")


def test_unnamed_jets_take_the_side_that_was_striking(gaz):
    body = "Turkey resumed air strikes on Thursday. Monitors said jets bombed Menbij overnight."
    r = one(run(gaz, body, OLD), event_type="airstrike", place="Menbij")
    assert (r.actor1, r.actor1_text) == ("turkey", "jets")
    assert "refers back" in r.notes


def test_fighters_of_the_x_are_xs(gaz):
    r = one(run(gaz, "Fighters of the SDF captured Sur on Sunday.", OLD), event_type="captured")
    assert r.actor1 == "sdf"


def test_the_capture_of_the_x_held_town_is_not_by_x(gaz):
    r = one(
        run(gaz, "The capture of the SDF stronghold of Sur by Turkish-backed rebels.", OLD),
        event_type="captured",
    )
    assert r.actor1 == "sna"


def test_forces_loyal_to_x_are_xs(gaz):
    body = "Gunmen loyal to Sheikh Hikmat al-Hijri seized Dar'a on Monday."
    r = one(run(gaz, body, NEW), event_type="captured")
    assert (r.actor1, r.actor1_text) == ("druze", "Sheikh Hikmat al-Hijri")


def test_a_nationality_on_the_trigger_noun_is_its_agent(gaz):
    r = one(run(gaz, "Russian airstrikes killed ten people in Saraqib.", OLD), event_type="airstrike")
    assert (r.actor1, r.actor1_text) == ("russia", "Russian airstrikes")
    r = one(run(gaz, "Syrian and Russian air strikes hit Hama.", OLD), event_type="airstrike")
    assert (r.actor1, r.assoc_actor1) == ("regime", "russia")


def test_backed_by_y_is_support_not_the_subject(gaz):
    body = "Government forces backed by Russian air strikes recaptured Saraqib on Sunday."
    r = one(run(gaz, body, OLD), event_type="captured")
    assert (r.actor1, r.assoc_actor1) == ("regime", "russia")
    assert "only supports it" in r.notes


def test_a_force_noun_may_sit_inside_a_coordinated_run(gaz):
    r = one(run(gaz, "Hezbollah fighters and the army seized Homs.", OLD), event_type="captured")
    assert (r.actor1, r.assoc_actor1) == ("hezbollah", "regime")


def test_members_of_a_side_named_as_an_object_are_not_the_subject(gaz):
    body = "YPG units fighting jihadist militants of the Islamic State seized Menbij on Monday."
    r = one(run(gaz, body, OLD), event_type="captured")
    assert r.actor1 == "sdf"
