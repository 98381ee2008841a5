"""How sure a colour is (geo/provenance.py), on synthetic records over the small world's units."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from geo.baseline import BASELINE_ID, BaselineRow
from geo.control import Timeline, UnitState
from geo.provenance import colour_provenance, date_is_stated, provenance_html
from geo.sources import Source
from tests.small_world import adm3_frame
from tests.test_control import SIDES, record

D = date.fromisoformat
LATER = D("2025-01-15")  # well after every claim below has settled
RANGE_BASIS = '"last week": the Monday-Sunday calendar week before publication'


def source(sid: str, outlet: str | None, url: str | None = None) -> Source:
    return Source(sid, f"Title of {sid}", "Title\nText.\n", D("2024-12-02"), "test", outlet, url)


SOURCES = {
    "wire-a": source("wire-a", "Example Wire", "https://example.org/a"),
    "wire-a2": source("wire-a2", "example wire ", "javascript:alert(1)"),
    "paper-b": source("paper-b", "Other Paper", "http://paper.example/b"),
    "blog-c": source("blog-c", None),
}


def stated(event_id: str, side: str, unit: str, source_id: str, day: str = "2024-12-01"):
    return record(event_id, "captured", side, day, day, unit, source_id=source_id, date_basis='"on Sunday"')


def ranged(event_id: str, side: str, unit: str, source_id: str):
    return record(
        event_id,
        "captured",
        side,
        "2024-11-25",
        "2024-12-01",
        unit,
        source_id=source_id,
        time_precision=2,
        date_basis=RANGE_BASIS,
    )


def world(records, **controllers: str) -> Timeline:
    base = {u: BaselineRow(u, u, c, None, conf, "test row") for u, (c, conf) in controllers.items()}
    return Timeline(adm3_frame(), base, records, SIDES)


def provenance(tl: Timeline, unit: str, day: date = LATER):
    return colour_provenance(tl.unit_state(unit, day), tl, SOURCES)


def test_a_baseline_colour_keeps_the_baseline_confidence_and_counts_no_source():
    tl = world([], SY050100=("regime", "medium"))
    p = provenance(tl, "SY050100")
    assert (p.confidence, p.source_count, p.background, p.claimed, p.date_inferred) == (
        "medium",
        0,
        True,
        False,
        False,
    )
    assert p.words == "medium confidence · 2020 baseline (background knowledge, not an article)"


def test_one_outlet_with_a_stated_day_is_claimed_and_medium():
    tl = world([stated("e1", "hts", "SY050100", "wire-a")], SY050100=("regime", "high"))
    p = provenance(tl, "SY050100")
    assert tl.unit_state("SY050100", LATER).controller == "hts"
    assert (p.confidence, p.claimed, p.date_inferred, p.outlets) == ("medium", True, False, ("Example Wire",))
    assert "claimed (1 independent source: Example Wire)" in p.words and "date inferred" not in p.words
    assert p.urls == ("https://example.org/a",)


def test_one_outlet_with_a_range_is_claimed_low_and_date_inferred():
    tl = world([ranged("e1", "hts", "SY050100", "wire-a")], SY050100=("regime", "high"))
    p = provenance(tl, "SY050100")
    assert (p.confidence, p.claimed, p.date_inferred) == ("low", True, True)
    assert p.words.endswith("· date inferred") and p.words.startswith("low confidence")


def test_a_default_date_for_a_sentence_without_date_words_is_inferred_even_at_day_precision():
    guess = replace(
        stated("e1", "hts", "SY050100", "wire-a"),
        date_basis="no date words; a present-perfect report is dated the day of publication",
    )
    assert not date_is_stated(guess)
    assert date_is_stated(stated("e2", "hts", "SY050100", "wire-a"))
    assert provenance(world([guess], SY050100=("regime", "high")), "SY050100").date_inferred


def test_two_articles_of_one_outlet_are_one_voice():
    tl = world(
        [stated("e1", "hts", "SY050100", "wire-a"), stated("e2", "hts", "SY050100", "wire-a2")],
        SY050100=("regime", "high"),
    )
    p = provenance(tl, "SY050100")
    assert set(p.source_ids) == {"wire-a", "wire-a2"}
    assert (p.source_count, p.claimed, p.confidence) == (1, True, "medium")
    assert p.urls == ("https://example.org/a",)  # the javascript: address is never passed on


def test_two_outlets_are_high_with_a_stated_day_and_medium_without():
    both = [stated("e1", "hts", "SY050100", "wire-a"), ranged("e2", "hts", "SY050100", "paper-b")]
    p = provenance(world(both, SY050100=("regime", "low")), "SY050100")
    assert (p.source_count, p.claimed, p.date_inferred, p.confidence) == (2, False, False, "high")
    assert "2 independent sources: " in p.words and "claimed" not in p.words
    vague = [ranged("e1", "hts", "SY050100", "wire-a"), ranged("e2", "hts", "SY050100", "paper-b")]
    p = provenance(world(vague, SY050100=("regime", "low")), "SY050100")
    assert (p.confidence, p.date_inferred) == ("medium", True)


def test_a_source_without_an_outlet_counts_on_its_own_under_its_title():
    tl = world(
        [stated("e1", "hts", "SY050100", "blog-c"), stated("e2", "hts", "SY050100", "wire-a")],
        SY050100=("regime", "high"),
    )
    p = provenance(tl, "SY050100")
    assert set(p.outlets) == {"Title of blog-c", "Example Wire"} and p.confidence == "high"


def test_an_article_confirming_the_baseline_keeps_the_baseline_word_and_is_not_claimed():
    tl = world([ranged("e1", "opposition", "SY070000", "wire-a")], SY070000=("hts", "high"))
    p = provenance(tl, "SY070000")
    assert tl.unit_state("SY070000", LATER).controller == "hts"
    assert (p.confidence, p.baseline_decided, p.claimed, p.date_inferred, p.source_count) == (
        "high",
        True,
        False,
        False,
        1,
    )
    assert "confirmed by 1 independent source: Example Wire" in p.words


def test_a_contested_colour_is_low_whatever_the_count():
    tl = world(
        [stated("e1", "sna", "SY020402", "wire-a"), stated("e2", "sdf", "SY020402", "paper-b")],
        SY020402=("sdf", "high"),
    )
    state = UnitState("SY020402", "sna", "contested", "sdf", LATER, ("e1", "e2", BASELINE_ID))
    p = colour_provenance(state, tl, SOURCES)
    assert (p.confidence, p.source_count) == ("low", 2)
    assert "contested: the sources disagree" in p.words


def test_a_unit_nothing_speaks_of_has_no_confidence():
    tl = world([])
    p = provenance(tl, "SY050100", D("2019-01-01"))
    assert (p.confidence, p.source_count, p.background) == ("", 0, False)
    assert p.words.startswith("no evidence")


def test_an_unknown_source_id_still_counts_under_its_id():
    tl = world([stated("e1", "hts", "SY050100", "gone")], SY050100=("regime", "high"))
    p = colour_provenance(tl.unit_state("SY050100", LATER), tl, {})
    assert (p.outlets, p.urls, p.claimed) == (("gone",), (), True)


def test_the_html_line_escapes_outlet_names():
    hostile = {"wire-a": source("wire-a", "<img src=x onerror=alert(1)>")}
    tl = world([stated("e1", "hts", "SY050100", "wire-a")], SY050100=("regime", "high"))
    html = provenance_html(colour_provenance(tl.unit_state("SY050100", LATER), tl, hostile))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
