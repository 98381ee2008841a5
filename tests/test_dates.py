"""Date phrases in news sentences -> date ranges against the publication date (geo/dates.py).

Every sentence here is written for the test; none comes from the seed article.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.dates import DateMention, DateRange, find_dates, phrases

MON_2024_12_02 = date(2024, 12, 2)
SUN_2024_12_01 = date(2024, 12, 1)
WED_2024_12_04 = date(2024, 12, 4)
WED_2025_01_01 = date(2025, 1, 1)


def only(text: str, published: date) -> DateMention:
    mentions = find_dates(text, published)
    assert len(mentions) == 1, [(m.text, m.kind) for m in mentions]
    return mentions[0]


def span(mention: DateMention) -> tuple[date, date, int]:
    return mention.range.start, mention.range.end, mention.range.precision


def assert_invariants(text: str, published: date, mentions: list[DateMention]) -> None:
    previous_end = 0
    for m in mentions:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= previous_end, "mentions overlap or are out of text order"
        previous_end = m.end
        assert m.range.start <= m.range.end <= published
        assert m.range.precision in (1, 2, 3)
        assert m.range.basis


# --- explicit dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Shelling hit Saraqib on Dec. 2, 2024, residents said.", date(2024, 12, 2)),
        ("The convoy left Homs on December 2, 2024.", date(2024, 12, 2)),
        ("Talks in Astana opened on 2 December 2024.", date(2024, 12, 2)),
        ("A statement dated 2024-12-02 was read out.", date(2024, 12, 2)),
        ("Fighting resumed on November 3rd, 2023 near Deir ez-Zor.", date(2023, 11, 3)),
        ("The 3rd of November 2023 was the worst day in Manbij.", date(2023, 11, 3)),
        ("Rebels entered Hama on Thursday, Dec. 5, 2024.", date(2024, 12, 5)),
        ("Sept 30 2019: a raid on the camp.", date(2019, 9, 30)),
    ],
)
def test_explicit_dates_with_a_year_are_that_day(text: str, expected: date) -> None:
    m = only(text, date(2024, 12, 31))
    assert m.kind == "explicit"
    assert span(m) == (expected, expected, 1)
    assert expected.isoformat() in m.range.basis


def test_explicit_date_without_a_year_is_the_most_recent_such_day() -> None:
    m = only("The offensive began on November 27 in western Aleppo.", MON_2024_12_02)
    assert (m.text, span(m)) == ("on November 27", (date(2024, 11, 27), date(2024, 11, 27), 1))
    assert "most recent November 27" in m.range.basis


def test_explicit_date_without_a_year_after_publication_day_falls_in_the_previous_year() -> None:
    m = only("Clashes in Tal Abyad were first reported 27 November.", date(2025, 1, 10))
    assert span(m) == (date(2024, 11, 27), date(2024, 11, 27), 1)


def test_explicit_date_without_a_year_on_publication_day_is_that_day() -> None:
    m = only("Officials confirmed the deal on Dec. 2nd.", MON_2024_12_02)
    assert span(m) == (MON_2024_12_02, MON_2024_12_02, 1)


def test_ordinal_day_of_month_forms() -> None:
    m = only("Aid reached Daraa on the 2nd of December.", date(2024, 12, 10))
    assert m.text == "on the 2nd of December"
    assert span(m) == (date(2024, 12, 2), date(2024, 12, 2), 1)


def test_february_29_without_a_year_looks_back_to_a_leap_year() -> None:
    m = only("The checkpoint closed on February 29.", date(2023, 6, 1))
    assert span(m) == (date(2020, 2, 29), date(2020, 2, 29), 1)


def test_impossible_calendar_dates_give_no_mention() -> None:
    assert find_dates("Reports dated Feb. 30, 2024 were wrong.", date(2024, 6, 1)) == []


# --- months and years ---------------------------------------------------------------------------


def test_month_with_a_year() -> None:
    m = only("The ceasefire signed in March 2020 held for years.", MON_2024_12_02)
    assert (m.kind, m.text) == ("month", "in March 2020")
    assert span(m) == (date(2020, 3, 1), date(2020, 3, 31), 3)


def test_month_without_a_year_must_fall_in_the_previous_year() -> None:
    m = only("Turkish drones struck Qamishli in November.", date(2025, 3, 5))
    assert span(m) == (date(2024, 11, 1), date(2024, 11, 30), 3)


def test_month_of_publication_is_clipped_and_says_so() -> None:
    m = only("Prices in Latakia doubled in March.", date(2025, 3, 5))
    assert span(m) == (date(2025, 3, 1), date(2025, 3, 5), 3)
    assert "clipped" in m.range.basis


@pytest.mark.parametrize(
    "text, published, expected",
    [
        ("Russian jets struck Idlib last month.", date(2025, 1, 15), (date(2024, 12, 1), date(2024, 12, 31))),
        ("Earlier this month the SDF withdrew.", date(2024, 12, 9), (date(2024, 12, 1), date(2024, 12, 8))),
        ("This month alone 40 people died.", date(2024, 2, 20), (date(2024, 2, 1), date(2024, 2, 20))),
    ],
)
def test_relative_months(text: str, published: date, expected: tuple[date, date]) -> None:
    m = only(text, published)
    assert m.kind == "month"
    assert span(m) == (*expected, 3)


def test_part_of_a_month_is_about_a_week() -> None:
    m = only("Aid convoys stalled in mid-November near Azaz.", MON_2024_12_02)
    assert span(m) == (date(2024, 11, 11), date(2024, 11, 20), 2)


def test_year_phrase() -> None:
    m = only("In 2016, the air force helped retake eastern Aleppo.", MON_2024_12_02)
    assert (m.kind, m.text) == ("year", "In 2016")
    assert span(m) == (date(2016, 1, 1), date(2016, 12, 31), 3)
    assert '"In 2016"' in m.range.basis


def test_last_year_and_earlier_this_year() -> None:
    last, earlier = find_dates("Unlike last year, shelling rose earlier this year.", date(2024, 5, 6))
    assert span(last) == (date(2023, 1, 1), date(2023, 12, 31), 3)
    assert span(earlier) == (date(2024, 1, 1), date(2024, 5, 5), 3)


def test_part_of_a_year() -> None:
    m = only("The town changed hands by the end of 2017.", MON_2024_12_02)
    assert span(m) == (date(2017, 9, 1), date(2017, 12, 31), 3)


@pytest.mark.parametrize(
    "text",
    [
        "Some 2,000 fighters crossed the river.",
        "About 1500 people fled Tal Rifaat.",
        "The army lost 2016 soldiers, a monitor claimed.",
        "The column was reinforced by 2000 fighters.",
        "A force of 2000 men massed outside Hama.",
        "The column was reinforced by 2000 Syrian fighters.",
        "Casualties rose by 1900 percent in 2,000 homes.",
        "The strike killed 12 people in 1500 buildings.",
    ],
)
def test_numbers_that_are_not_years(text: str) -> None:
    assert find_dates(text, MON_2024_12_02) == []


def test_weak_context_year_is_still_a_year_before_punctuation() -> None:
    m = only("Rebels had been pushed out of the city by 2018.", MON_2024_12_02)
    assert span(m) == (date(2018, 1, 1), date(2018, 12, 31), 3)


def test_lowercase_may_and_march_are_not_months_without_context() -> None:
    assert find_dates("Civilians may 2 times a week march 5 km to the well.", MON_2024_12_02) == []
    m = only("Protesters gathered in May.", MON_2024_12_02)
    assert span(m) == (date(2024, 5, 1), date(2024, 5, 31), 3)


# --- weekdays -----------------------------------------------------------------------------------


def test_weekday_in_an_article_published_on_that_weekday_is_the_same_day() -> None:
    m = only("Aircraft struck Idlib on Sunday, monitors said.", SUN_2024_12_01)
    assert (m.kind, span(m)) == ("weekday", (SUN_2024_12_01, SUN_2024_12_01, 1))


def test_last_weekday_in_an_article_published_on_that_weekday_is_a_week_earlier() -> None:
    m = only("The talks collapsed last Sunday.", SUN_2024_12_01)
    assert span(m) == (date(2024, 11, 24), date(2024, 11, 24), 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Shelling hit Kafr Nabl on Sunday.", date(2024, 12, 1)),
        ("The governor fled on Wednesday.", WED_2024_12_04),
        ("Rebels reached the airport on Thursday.", date(2024, 11, 28)),
        ("Residents heard blasts on Monday night.", date(2024, 12, 2)),
        ("Sunday's strikes killed nine people.", date(2024, 12, 1)),
        ("Late on Tuesday the bridge was blown up.", date(2024, 12, 3)),
    ],
)
def test_weekday_in_an_article_published_on_a_wednesday(text: str, expected: date) -> None:
    m = only(text, WED_2024_12_04)
    assert span(m) == (expected, expected, 1)
    assert "Wed 2024-12-04" in m.range.basis


def test_preposition_of_a_possessive_belongs_to_the_noun_not_the_date() -> None:
    raid, offensive = find_dates("In Sunday's raid and in last week's offensive, 30 died.", WED_2024_12_04)
    assert (raid.text, offensive.text) == ("Sunday", "last week")
    assert raid.range.start == date(2024, 12, 1)


def test_weekday_that_contradicts_the_explicit_date_is_noted_in_the_basis() -> None:
    m = only("Saturday, Dec. 1 was calm in Hama.", MON_2024_12_02)
    assert m.range.start == date(2024, 12, 1)
    assert "the text says Saturday, but 2024-12-01 is a Sunday" in m.range.basis


def test_weekday_then_explicit_date_is_one_mention() -> None:
    m = only("Strikes resumed on Sunday, Dec. 1, 2024, near Hama.", MON_2024_12_02)
    assert (m.kind, m.text) == ("explicit", "on Sunday, Dec. 1, 2024")


def test_next_weekday_is_future_and_is_not_read_as_a_past_weekday() -> None:
    assert find_dates("Envoys will meet next Sunday in Geneva.", MON_2024_12_02) == []


# --- relative phrases ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Artillery fire was heard today in Jisr al-Shughur.", (MON_2024_12_02, MON_2024_12_02, 1)),
        ("This morning a car bomb exploded in Afrin.", (MON_2024_12_02, MON_2024_12_02, 1)),
        ("A curfew starts tonight in Homs.", (MON_2024_12_02, MON_2024_12_02, 1)),
        ("Yesterday rebels took Khan Shaykhun.", (SUN_2024_12_01, SUN_2024_12_01, 1)),
        ("Overnight strikes hit a market.", (SUN_2024_12_01, MON_2024_12_02, 1)),
        ("The offensive last week claimed swathes of land.", (date(2024, 11, 25), date(2024, 12, 1), 2)),
        ("Earlier this week the UN warned of famine.", (MON_2024_12_02, MON_2024_12_02, 2)),
        ("Idlib fell in recent days.", (date(2024, 11, 26), MON_2024_12_02, 2)),
        ("In the past few days 50 villages changed hands.", (date(2024, 11, 26), MON_2024_12_02, 2)),
        ("Over the past week prices tripled.", (date(2024, 11, 25), MON_2024_12_02, 2)),
        ("Three days ago a drone hit the base.", (date(2024, 11, 29), date(2024, 11, 29), 1)),
        ("The town was shelled 5 days ago.", (date(2024, 11, 27), date(2024, 11, 27), 1)),
        ("Two weeks ago the road was open.", (date(2024, 11, 16), date(2024, 11, 20), 2)),
        ("A week ago the front was quiet.", (date(2024, 11, 23), date(2024, 11, 27), 2)),
        ("A month ago nobody expected this.", (date(2024, 11, 1), date(2024, 11, 30), 3)),
        ("In the past 24 hours 12 strikes hit Ariha.", (SUN_2024_12_01, MON_2024_12_02, 1)),
        ("In the past 48 hours the front moved.", (date(2024, 11, 30), MON_2024_12_02, 2)),
        ("In the past two weeks 3 towns fell.", (date(2024, 11, 18), MON_2024_12_02, 3)),
        ("Last weekend the road reopened.", (date(2024, 11, 30), SUN_2024_12_01, 2)),
    ],
)
def test_relative_phrases(text: str, expected: tuple[date, date, int]) -> None:
    assert span(only(text, MON_2024_12_02)) == expected


def test_last_week_across_a_year_boundary() -> None:
    m = only("HTS fighters advanced last week toward the coast.", WED_2025_01_01)
    assert span(m) == (date(2024, 12, 23), date(2024, 12, 29), 2)
    assert "Monday-Sunday" in m.range.basis


def test_this_week_across_a_year_boundary_starts_on_its_monday() -> None:
    m = only("Shelling eased this week.", WED_2025_01_01)
    assert span(m) == (date(2024, 12, 30), WED_2025_01_01, 2)


def test_in_the_last_week_is_the_past_seven_days_not_the_calendar_week() -> None:
    m = only("Prices rose in the last week.", WED_2025_01_01)
    assert (m.text, span(m)) == ("in the last week", (date(2024, 12, 25), WED_2025_01_01, 2))


def test_relative_phrases_in_january_cross_into_december() -> None:
    last_month, yesterday = find_dates("Unlike last month, yesterday was calm.", WED_2025_01_01)
    assert span(last_month) == (date(2024, 12, 1), date(2024, 12, 31), 3)
    assert span(yesterday) == (date(2024, 12, 31), date(2024, 12, 31), 1)


# --- open ranges, spans, future -----------------------------------------------------------------


def test_since_a_year_is_an_open_range_to_publication() -> None:
    m = only("Front lines had been frozen since 2020.", MON_2024_12_02)
    assert (m.kind, m.text) == ("since", "since 2020")
    assert span(m) == (date(2020, 1, 1), MON_2024_12_02, 3)
    assert "open range" in m.range.basis and "to publication" in m.range.basis


def test_since_a_month_and_year() -> None:
    m = only("The truce has held since March 2020 in most of Idlib.", MON_2024_12_02)
    assert span(m) == (date(2020, 3, 1), MON_2024_12_02, 3)


def test_since_2015() -> None:
    m = only("Russia has bombed the province since 2015.", date(2019, 7, 14))
    assert span(m) == (date(2015, 1, 1), date(2019, 7, 14), 3)


def test_after_a_year_starts_the_next_day() -> None:
    m = only("After 2016 the city stayed in government hands.", MON_2024_12_02)
    assert (m.kind, span(m)) == ("after", (date(2017, 1, 1), MON_2024_12_02, 3))


def test_since_a_relative_phrase() -> None:
    m = only("Prices have doubled since last week.", MON_2024_12_02)
    assert (m.kind, span(m)) == ("since", (date(2024, 11, 25), MON_2024_12_02, 2))


def test_span_between_two_years() -> None:
    m = only("Between 2012 and 2016 the city was divided.", MON_2024_12_02)
    assert (m.kind, span(m)) == ("span", (date(2012, 1, 1), date(2016, 12, 31), 3))


def test_phrase_wholly_after_publication_is_dropped() -> None:
    assert find_dates("Elections are planned in 2030.", MON_2024_12_02) == []
    assert find_dates("The deadline is Dec. 20, 2024.", MON_2024_12_02) == []


def test_phrase_that_straddles_publication_is_clipped_and_says_so() -> None:
    m = only("In 2024, the front barely moved.", MON_2024_12_02)
    assert span(m) == (date(2024, 1, 1), MON_2024_12_02, 3)
    assert "clipped at publication" in m.range.basis


@pytest.mark.parametrize(
    "text",
    [
        "Talks resume tomorrow.",
        "A vote is due next week.",
        "The envoy returns later this month.",
        "More aid is expected in the coming days.",
        "The checkpoint stayed shut until 2020.",
    ],
)
def test_future_and_open_start_phrases_are_dropped(text: str) -> None:
    assert find_dates(text, MON_2024_12_02) == []


# --- text handling ------------------------------------------------------------------------------


def test_case_non_breaking_spaces_and_abbreviation_dots() -> None:
    text = "ON\u00a0SUNDAY the army said DEC 2,\u00a02024 and December\u00a02nd were calm."
    mentions = find_dates(text, date(2024, 12, 5))
    assert [m.text for m in mentions] == ["ON\u00a0SUNDAY", "DEC 2,\u00a02024", "December\u00a02nd"]
    assert [m.range.start for m in mentions] == [SUN_2024_12_01, MON_2024_12_02, MON_2024_12_02]
    assert '"ON SUNDAY"' in mentions[0].range.basis


def test_offsets_slice_back_to_the_mention_text() -> None:
    text = (
        "Rebels took Aleppo last week; on Sunday jets struck Idlib, and since 2020 the lines "
        "had held. Officials met on 27 November and again yesterday."
    )
    mentions = find_dates(text, MON_2024_12_02)
    assert [m.text for m in mentions] == [
        "last week",
        "on Sunday",
        "since 2020",
        "on 27 November",
        "yesterday",
    ]
    assert_invariants(text, MON_2024_12_02, mentions)


def test_basis_quotes_words_and_gives_dates() -> None:
    m = only("Aircraft staged strikes on Sunday.", MON_2024_12_02)
    assert m.range.basis == (
        '"on Sunday": the most recent Sunday on or before publication (Mon 2024-12-02) -> 2024-12-01'
    )


def test_date_range_rejects_an_inverted_range() -> None:
    with pytest.raises(ValueError, match="after its end"):
        DateRange(date(2024, 12, 2), date(2024, 12, 1), 1, "test")


def test_phrases_cover_every_kind_of_mention() -> None:
    examples = phrases()
    assert len(examples) == len(set(examples))
    kinds = {m.kind for p in examples for m in find_dates(p, MON_2024_12_02)}
    assert kinds == {"explicit", "month", "year", "weekday", "relative", "ago", "since", "after", "span"}


# --- properties ---------------------------------------------------------------------------------

FRAMES = (
    "Witnesses said {} that the town had fallen.",
    "{}, rebels shelled the road to Saraqib.",
    "Rebels shelled the road {}.",
)


@settings(max_examples=150, deadline=None)
@given(published=st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31)))
def test_every_phrase_resolves_for_every_publication_date(published: date) -> None:
    for phrase in phrases():
        for frame in FRAMES:
            text = frame.format(phrase[0].upper() + phrase[1:] if frame.startswith("{}") else phrase)
            mentions = find_dates(text, published)
            assert any(m.text.casefold() == phrase.casefold() for m in mentions), (text, mentions)
            assert_invariants(text, published, mentions)


_WORDS = st.sampled_from(
    [
        *phrases(),
        "on",
        "in",
        "since",
        "by",
        "of",
        "last",
        "next",
        "the",
        "2,000",
        "1500",
        "31",
        "Feb.",
        "2016",
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    pieces=st.lists(st.one_of(st.text(max_size=12), _WORDS), max_size=12),
    published=st.dates(),
)
def test_random_text_never_raises_and_keeps_the_invariants(pieces: list[str], published: date) -> None:
    text = " ".join(pieces)
    assert_invariants(text, published, find_dates(text, published))


@settings(max_examples=300, deadline=None)
@given(text=st.text(), published=st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31)))
def test_arbitrary_text_never_raises(text: str, published: date) -> None:
    assert_invariants(text, published, find_dates(text, published))


def test_a_month_before_a_day_number_is_that_day_not_part_of_the_month() -> None:
    (m,) = find_dates("Jets resumed raids late Mar. 4 on the ridge.", date(2021, 3, 5))
    assert span(m) == (date(2021, 3, 4), date(2021, 3, 4), 1)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The bridge was lost a little more than a week ago.", (date(2024, 11, 22), date(2024, 11, 24))),
        ("The bridge was lost nearly a week ago.", (date(2024, 11, 26), date(2024, 11, 28))),
        ("The bridge was lost more than two weeks ago.", (date(2024, 11, 4), date(2024, 11, 17))),
    ],
)
def test_qualified_ago(text: str, expected: tuple[date, date]) -> None:
    m = only(text, MON_2024_12_02)
    assert (m.range.start, m.range.end) == expected
    assert "days back" in m.range.basis
