"""Dates of happenings read with the article around them (geo/event_dates.py).

Every article here is written for the test: its own places, dates and phrasing.
"""

from __future__ import annotations

from datetime import date

import pytest

from geo.event_dates import find_shifts, is_caption
from geo.extract import extract
from geo.sources import Source
from tests.small_world import small_gazetteer

# Publication days used below, with their weekdays for the reader.
TUE_2023_05_16 = date(2023, 5, 16)
WED_2023_05_17 = date(2023, 5, 17)
SAT_2023_05_20 = date(2023, 5, 20)


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return small_gazetteer(tmp_path_factory.mktemp("world"))


def run(gaz, body: str, published: date):
    title = "A headline line that is not extracted"
    source = Source("event-dates-test", title, f"{title}\n{body}", published, "test", None, None, None)
    records = extract(source, gaz)
    for r in records:
        assert r.date_start <= r.date_end <= published.isoformat()
    return records


def dates_of(records, **match) -> set[tuple[str, str]]:
    hits = [r for r in records if all(getattr(r, k) == v for k, v in match.items())]
    assert hits, f"no record matches {match}: {[(r.event_type, r.place) for r in records]}"
    return {(r.date_start, r.date_end) for r in hits}


# --- the article's date context ---------------------------------------------------------------


def test_an_undated_sentence_takes_the_day_of_the_sentence_before(gaz):
    body = (
        "Rebels seized Saraqib on Monday after a long siege.\n"
        "They later captured Khan Shaykhun as well, residents said."
    )
    records = run(gaz, body, TUE_2023_05_16)
    assert dates_of(records, place="Khan Shaykhun", event_type="captured") == {("2023-05-15", "2023-05-15")}
    basis = next(r.date_basis for r in records if r.place == "Khan Shaykhun")
    assert "sentence before" in basis and "on Monday" in basis


def test_an_undated_report_far_from_any_date_takes_the_lede_day(gaz):
    body = (
        "Government troops entered Homs on Monday, state media said.\n"
        "The city had been quiet for weeks.\n"
        "Shops were closed.\n"
        "Few people were in the streets.\n"
        "Troops also seized Hama, the agency said."
    )
    records = run(gaz, body, WED_2023_05_17)
    assert dates_of(records, place="Hama", event_type="captured") == {("2023-05-15", "2023-05-15")}
    assert "lede" in next(r.date_basis for r in records if r.place == "Hama")


def test_an_undated_report_with_no_dated_lede_is_the_publication_day(gaz):
    records = run(gaz, "Fighters captured Azaz after heavy clashes.", WED_2023_05_17)
    assert dates_of(records, place="Azaz", event_type="captured") == {("2023-05-17", "2023-05-17")}


def test_a_present_perfect_report_is_the_publication_day_not_the_context(gaz):
    body = "Clashes broke out near Homs on Saturday.\nThe army has recaptured Hama, a monitor said."
    records = run(gaz, body, TUE_2023_05_16)
    assert dates_of(records, place="Hama", event_type="captured") == {("2023-05-16", "2023-05-16")}
    assert "present-perfect" in next(r.date_basis for r in records if r.place == "Hama")


def test_a_caption_keeps_its_date_but_sets_no_context(gaz):
    body = (
        "A fighter stands guard in Azaz, Syria, May 3, 2023. (AFP Photo)\n"
        "Rebels seized Dana, local sources said."
    )
    records = run(gaz, body, WED_2023_05_17)
    assert dates_of(records, place="Dana", event_type="captured") == {("2023-05-17", "2023-05-17")}


@pytest.mark.parametrize(
    "line, expected",
    [
        ("BEIRUT (Reuters) - Troops advanced on the town.", False),
        ("A boy walks in Homs, May 2. REUTERS/Some One", True),
        ("Fighters on a truck in Hama. (AP Photo/Some One)", True),
        ("A file picture shows the old citadel.", True),
        ("The army said a photo showed the convoy.", False),
    ],
)
def test_caption_lines_are_credits_not_datelines(line: str, expected: bool) -> None:
    assert is_caption(line) is expected


# --- nights -----------------------------------------------------------------------------------


def test_overnight_said_on_a_day_is_the_night_before_that_day(gaz):
    body = "Rebels captured Menagh overnight, a monitor said Thursday."
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, event_type="captured") == {("2023-05-17", "2023-05-18")}


def test_overnight_on_a_named_earlier_day_is_the_night_after_it(gaz):
    body = "Troops recaptured Hama overnight on Wednesday (May 17), officials said."
    records = run(gaz, body, date(2023, 5, 19))
    assert dates_of(records, event_type="captured", place="Hama") == {("2023-05-17", "2023-05-18")}


def test_overnight_on_the_publication_day_is_the_night_before_it(gaz):
    records = run(gaz, "Jets struck Idlib in overnight raids on May 20.", SAT_2023_05_20)
    assert dates_of(records, event_type="airstrike") == {("2023-05-19", "2023-05-20")}


# --- words relative to another happening ------------------------------------------------------


def test_n_days_after_moves_the_happening_it_introduces(gaz):
    body = "Rebels seized Saraqib on Friday.\nThe fall came two days after the army withdrew from Dana."
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, event_type="withdrawal", place="Dana") == {("2023-05-17", "2023-05-17")}
    assert "2 days before" in next(r.date_basis for r in records if r.place == "Dana")


def test_a_week_later_moves_from_the_sentence_before(gaz):
    body = "Rebels took Azaz on May 2.\nA week later, the army recaptured Azaz."
    records = run(gaz, body, SAT_2023_05_20)
    (later,) = [r for r in records if r.sentence.startswith("A week later")]
    assert (later.date_start, later.date_end) == ("2023-05-08", "2023-05-10")


def test_an_opening_earlier_is_the_day_before_or_the_same_day(gaz):
    body = "Drones struck Hama early Friday.\nEarlier, troops withdrew from Homs."
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, event_type="withdrawal", place="Homs") == {("2023-05-18", "2023-05-19")}


def test_has_since_runs_from_the_sentence_date_to_publication(gaz):
    body = "The army captured Menbij late Monday but has since withdrawn from Hama."
    records = run(gaz, body, WED_2023_05_17)
    assert dates_of(records, event_type="withdrawal") == {("2023-05-15", "2023-05-17")}


def test_a_statement_is_not_moved_by_a_later_in_its_sentence(gaz):
    body = "Rebels took Dana on May 2.\nThe US envoy said on Friday that talks would resume two days later."
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, event_type="statement") == {("2023-05-19", "2023-05-19")}


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("It came three days after rebels left.", [("three days after", -3, -3, "clause")]),
        ("A week later, the army returned.", [("A week later", 6, 8, "adverb")]),
        ("Shortly after, jets struck the town.", [("Shortly after", 0, 1, "adverb")]),
        ("Earlier, a patrol entered the village.", [("Earlier", -1, 0, "adverb")]),
        ("Earlier in the day, a patrol entered.", [("Earlier in the day", 0, 0, "adverb")]),
        ("A few days later the town fell.", [("A few days later", 2, 6, "adverb")]),
        ("Days earlier, rebels had left.", [("Days earlier", -6, -2, "adverb")]),
        ("Two days later the town fell.", [("Two days later", 2, 2, "adverb")]),
        ("The army has since withdrawn.", [("has since", 0, 0, "since")]),
        ("Earlier this month the army advanced.", []),
        ("After days of fighting, rebels left.", []),
    ],
)
def test_find_shifts(sentence: str, expected: list[tuple[str, int, int, str]]) -> None:
    assert [(s.text, s.low, s.high, s.form) for s in find_shifts(sentence)] == expected


# --- sharing a sentence's dates -----------------------------------------------------------------


def test_an_ongoing_report_does_not_take_the_night_of_its_sentence(gaz):
    body = (
        "Saraqib fell to the army overnight on Sunday, and troops were clashing with rebels in Dana, "
        "a monitor said on Monday."
    )
    records = run(gaz, body, date(2023, 5, 15))
    assert dates_of(records, event_type="captured") == {("2023-05-14", "2023-05-15")}
    assert dates_of(records, event_type="clashes", place="Dana") == {("2023-05-15", "2023-05-15")}


def test_each_happening_takes_the_nearest_date_in_its_sentence(gaz):
    body = "The group rose in mid-2014 and its rule ended in 2017 when an offensive drove it from Ar-Raqqa."
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, event_type="offensive") == {("2017-01-01", "2017-12-31")}


def test_a_bullet_date_stays_in_its_bullet(gaz):
    body = (
        "Key moments:\n"
        "• On May 2 rebels seized Saraqib. They also captured Dana.\n"
        "Rebels seized Azaz, a monitor said."
    )
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, place="Dana", event_type="captured") == {("2023-05-02", "2023-05-02")}
    assert dates_of(records, place="Azaz", event_type="captured") == {("2023-05-20", "2023-05-20")}


def test_a_date_heading_dates_the_paragraphs_under_it(gaz):
    body = (
        "18 May 2023\n"
        "Rebels said they were ready.\n"
        "Nobody moved for hours.\n"
        "The roads stayed empty.\n"
        "Shops stayed shut.\n"
        "Then rebels seized Azaz."
    )
    # A week before publication: too old to be the story's day, so only the heading dates Azaz.
    records = run(gaz, body, date(2023, 5, 25))
    assert dates_of(records, place="Azaz", event_type="captured") == {("2023-05-18", "2023-05-18")}


def test_an_undated_background_capture_runs_from_the_offensive_start_to_the_eve_of_publication(gaz):
    body = "Rebels launched an offensive on May 2.\nResidents fled Hama after rebels captured Azaz."
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, place="Azaz", event_type="captured") == {("2023-05-02", "2023-05-19")}
    assert "background" in next(r.date_basis for r in records if r.place == "Azaz")


def test_had_captured_in_reported_speech_is_the_news_not_background(gaz):
    body = "Rebels launched an offensive on May 2.\nOn Friday the army said it had captured Azaz."
    records = run(gaz, body, SAT_2023_05_20)
    # Told only by the side that made it, the capture is the army's claim.
    assert dates_of(records, place="Azaz", event_type="control_claim") == {("2023-05-19", "2023-05-19")}


def test_days_named_together_are_one_range(gaz):
    records = run(gaz, "Jets struck Dana late Wednesday and early Thursday.", SAT_2023_05_20)
    assert dates_of(records, event_type="airstrike") == {("2023-05-17", "2023-05-18")}


def test_since_then_runs_from_the_date_of_the_sentence_before(gaz):
    body = "The siege of Hama began in early April.\nSince then, rebels have lost control of Hama."
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, event_type="captured", place="Hama") == {("2023-04-01", "2023-05-20")}


def test_an_undated_statement_is_made_on_the_lede_reporting_day(gaz):
    body = "Rebels stormed Azaz on Wednesday, a monitor said Friday.\nRussia denied it."
    records = run(gaz, body, SAT_2023_05_20)
    (denied,) = [r for r in records if r.trigger == "denied"]
    assert (denied.date_start, denied.date_end) == ("2023-05-19", "2023-05-19")


def test_a_happening_takes_the_date_in_its_own_clause(gaz):
    body = "The army began its campaign earlier this month, and it seized the town of Khan Shaykhun last Thursday."
    records = run(gaz, body, date(2023, 5, 22))
    assert dates_of(records, event_type="captured", place="Khan Shaykhun") == {("2023-05-18", "2023-05-18")}


def test_overnight_in_a_story_reported_the_day_before_publication(gaz):
    body = "Rebels seized Dana on Friday, a monitor said Friday.\nJets struck Hama overnight."
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, event_type="airstrike", place="Hama") == {("2023-05-18", "2023-05-19")}
    same_day = run(gaz, "Rebels seized Dana on Saturday.\nJets struck Hama overnight.", SAT_2023_05_20)
    assert dates_of(same_day, event_type="airstrike", place="Hama") == {("2023-05-19", "2023-05-20")}


def test_a_present_perfect_report_takes_the_day_it_was_said(gaz):
    body = "Rebels have seized Azaz after heavy fighting, a monitor said on Monday."
    records = run(gaz, body, WED_2023_05_17)
    assert dates_of(records, event_type="captured", place="Azaz") == {("2023-05-15", "2023-05-15")}


def test_since_a_day_when_something_began_dates_it_on_that_day(gaz):
    body = "Since Wednesday, when jets struck Idlib, hundreds have fled."
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, event_type="airstrike") == {("2023-05-17", "2023-05-17")}


def test_a_page_on_one_line_keeps_its_context_beside_a_caption(gaz):
    body = (
        "Rebels seized Dana on Thursday. A fighter in Azaz on May 2. REUTERS/Some One. "
        "They also captured Hama. Shops stayed shut."
    )
    records = run(gaz, body, SAT_2023_05_20)
    assert dates_of(records, place="Hama", event_type="captured") == {("2023-05-18", "2023-05-18")}
