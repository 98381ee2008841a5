"""Fuzzing the extractor over the real gazetteer (random and mutated real text), and the date
resolver over every publication day from 2010 to 2030 with every phrase it knows.

Needs the real data (provisioned gazetteer, data/sources/).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo import paths
from geo.dates import find_dates, phrases
from geo.extract import extract
from geo.gazetteer import load_gazetteer
from geo.sources import Source

SEED = (paths.SOURCES / "kremlin-continues-to-support-assad.txt").read_text(encoding="utf-8")
HOSTILE_BITS = [
    "<script>alert(1)</script>",
    "\u202e",
    "\x00",
    "\r\n",
    "\u2028",
    "“",
    "al-",
    "Idlib province",
    "on Sunday",
    "'",
    "&amp;",
    "\ufeff",
    "🇸🇾",
    "حلب",
]


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def check(gazetteer, text: str, published: date) -> None:
    source = Source("fuzz", text.split("\n", 1)[0][:80], text, published, "fuzz", None, None, None)
    for r in extract(source, gazetteer):
        assert text[r.sentence_start : r.sentence_end] == r.sentence
        if r.mention:
            assert text[r.mention_start : r.mention_end] == r.mention
        assert r.date_start <= r.date_end <= published.isoformat()
        assert r.time_precision in (1, 2, 3)
        assert (r.latitude is None) == (r.longitude is None)


@st.composite
def mutated_seed(draw) -> str:
    text = SEED
    for _ in range(draw(st.integers(0, 12))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "delete", "duplicate", "swap-case"]))
        if kind == "insert":
            text = text[:at] + draw(st.one_of(st.sampled_from(HOSTILE_BITS), st.text(max_size=8))) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "duplicate":
            text = text[:at] + text[at : at + 200] + text[at:]
        else:
            text = text[:at] + text[at : at + 30].swapcase() + text[at + 30 :]
    return text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutated_seed(), st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31)))
def test_mutated_real_text_never_breaks_the_extractor(gazetteer, text, published):
    check(gazetteer, text, published)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(min_size=1, max_size=600), st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31)))
def test_random_text_never_breaks_the_extractor(gazetteer, text, published):
    check(gazetteer, "Title\n" + text, published)


def test_every_publication_day_2010_to_2030_with_every_known_phrase():
    text = "\n".join(f"It happened {phrase}." for phrase in phrases())
    day, last, checked = date(2010, 1, 1), date(2030, 12, 31), 0
    while day <= last:
        for m in find_dates(text, day):
            assert text[m.start : m.end] == m.text
            assert m.range.start <= m.range.end <= day, (day, m.text)
            checked += 1
        day += timedelta(days=1)
    assert checked > 7_000 * 50
