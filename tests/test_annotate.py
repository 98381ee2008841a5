"""The Sources page's article view (geo.annotate) on texts written here.

Finder tests use the small world of tests/small_world.py for places and the committed factions
and actor words for actors; nothing else of the real data is read.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from geo import annotate
from geo.actors import find_actors
from geo.annotate import Mark, article_html, marked_html, nested, parse_source_params, safe_url
from geo.dates import find_dates
from geo.sources import Source
from tests.small_world import small_gazetteer
from tests.test_control import record

XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'
PUBLISHED = date(2024, 12, 10)
TEXT = (
    "Army retakes Saraqib\n"
    "Syrian government forces recaptured Saraqib on Sunday, a monitor said.\n"
    "\n"
    f"Officials in Moscow called the report {XSS} *false* last week.\n"
    "Rebels took control of all of Idlib province in recent days."
)


@pytest.fixture(scope="module")
def gazetteer(tmp_path_factory):
    return small_gazetteer(tmp_path_factory.mktemp("gaz"))


@pytest.fixture(scope="module")
def source():
    return Source("army-retakes", "Army retakes Saraqib", TEXT, PUBLISHED, "test", "Wire", None, None)


def at(word: str, occurrence: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(word), TEXT)]
    return starts[occurrence], starts[occurrence] + len(word)


@pytest.fixture(scope="module")
def records():
    s, e = at("Saraqib", 1)
    sentence = TEXT.splitlines()[1]
    saraqib_early = record(
        "r1",
        "captured",
        "regime",
        "2024-12-08",
        "2024-12-08",
        "SY070003",
        source_id="army-retakes",
        place="Saraqab",
        place_id="ocha:C3916",
        latitude=35.86,
        longitude=36.85,
        mention_start=s,
        mention_end=e,
        sentence=sentence,
        sentence_start=TEXT.index(sentence),
    )
    saraqib_late = record(
        "r2",
        "clashes",
        "regime",
        "2024-12-07",
        "2024-12-09",
        "SY070003",
        source_id="army-retakes",
        place="Saraqab",
        place_id="ocha:C3916",
        latitude=35.86,
        longitude=36.85,
        mention_start=s,
        mention_end=e,
    )
    i, j = at("Idlib province")
    idlib = record(
        "r3",
        "captured",
        "opposition",
        "2024-12-04",
        "2024-12-10",
        source_id="army-retakes",
        place="Idleb",
        place_id="adm1:SY07",
        geo_precision=3,
        area_adm3="SY070400|SY070000|SY070003",
        coverage="whole",
        mention_start=i,
        mention_end=j,
    )
    elsewhere = record("r4", "captured", "hts", "2024-12-01", "2024-12-01", "SY020000", source_id="other")
    return [saraqib_early, saraqib_late, idlib, elsewhere]


@pytest.fixture(scope="module")
def marks(source, gazetteer, factions, records):
    return annotate.article_marks(
        source,
        gazetteer.find(TEXT),
        find_actors(TEXT, PUBLISHED),
        find_dates(TEXT, PUBLISHED),
        records,
        factions,
    )


def by_kind(marks: list[Mark], kind: str) -> dict[str, Mark]:
    return {TEXT[m.start : m.end]: m for m in marks if m.kind == kind}


def test_places_actors_and_dates_of_the_body_are_marked(marks):
    places, actors, dates = (by_kind(marks, k) for k in ("place", "actor", "date"))
    assert {"Saraqib", "Idlib province"} <= set(places)
    assert {"Syrian government", "Rebels", "Moscow"} <= set(actors)
    assert {"on Sunday", "last week", "in recent days"} <= set(dates)
    # The title line is not extracted, so nothing in it is marked.
    assert all(m.start >= TEXT.index("\n") for m in marks)


def test_a_place_of_records_links_to_the_main_map_at_the_latest_of_them(marks):
    saraqib = by_kind(marks, "place")["Saraqib"]
    assert saraqib.href == "./?date=2024-12-09&place=ocha%3AC3916"
    assert "2 records" in saraqib.label and "9 December 2024" in saraqib.label


def test_an_area_place_links_to_its_first_sub_district(marks):
    assert by_kind(marks, "place")["Idlib province"].href == "./?date=2024-12-10&place=SY070000"


def test_a_place_outside_syria_that_names_an_actor_is_the_actor(gazetteer, factions):
    text = "Title\nMoscow said Beirut was calm."
    s = Source("t", "Title", text, PUBLISHED, "test")
    found = annotate.article_marks(
        s, gazetteer.find(text), find_actors(text, PUBLISHED), find_dates(text, PUBLISHED), [], factions
    )
    assert {text[m.start : m.end]: m.kind for m in found if m.kind != "date"} == {
        "Moscow": "actor",
        "Beirut": "place",
    }


def test_a_record_mention_the_finder_misses_is_still_marked_and_linked():
    r = record(
        "x", "captured", "hts", "2024-12-01", "2024-12-02", "SY020000", place="Old name", place_id="gn:7"
    )
    r = r.__class__(
        **{**r.as_dict(), "mention_start": 6, "mention_end": 14, "latitude": 1.0, "longitude": 2.0}
    )
    (mark,) = annotate.place_marks([], [r], [])
    assert (mark.start, mark.end, mark.href) == (6, 14, "./?date=2024-12-02&place=gn%3A7")


def test_record_map_link_without_a_place_gives_the_date_only():
    assert annotate.record_map_link(record("x", "statement", "russia", "2024-12-01", "2024-12-03")) == (
        "./?date=2024-12-03"
    )


def test_article_html_escapes_everything_and_stays_one_markdown_block(source, marks):
    out = article_html(source, marks)
    assert "<script" not in out and "<img" not in out and 'onerror="' not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "\n" not in out and out.startswith('<div class="fl-article">') and out.endswith("</div>")
    assert "Army retakes Saraqib" not in out  # the title is shown apart, as a heading
    # Markdown characters stay literal (a raw HTML block is not read as Markdown).
    assert "*false*" in out


def test_labels_and_links_are_escaped_in_attributes():
    text = "x Q y"
    out = marked_html(text, [Mark(2, 3, "place", 'say "hi" <b>', './?date=1&a="b"')])
    assert out == (
        'x <a class="fl-place" href="./?date=1&amp;a=&quot;b&quot;" target="_self" '
        'title="say &quot;hi&quot; &lt;b&gt;">Q</a> y'
    )


class _TextOf(HTMLParser):
    """The text inside the element with a given id (its nested marks included)."""

    def __init__(self, element_id: str) -> None:
        super().__init__()
        self.element_id, self.depth, self.text = element_id, 0, []

    def handle_starttag(self, tag, attrs):
        if self.depth or dict(attrs).get("id") == self.element_id:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)


def text_of(html_text: str, element_id: str) -> str:
    parser = _TextOf(element_id)
    parser.feed(html_text)
    return "".join(parser.text)


def test_the_sentence_at_an_offset_is_outlined(source, marks):
    sentence = TEXT.splitlines()[3]
    out = article_html(source, marks, at=TEXT.index(sentence) + 3)
    assert out.count('id="fl-at"') == 1
    assert text_of(out, "fl-at") == sentence
    assert 'id="fl-at"' not in article_html(source, marks, at=len(TEXT) + 50)


def test_marks_nest_and_crossing_marks_yield_to_the_stronger_kind():
    text = "Syrian and Russian aircraft hit Tal Rifaat"
    marks = [
        Mark(0, 27, "actor", "regime"),
        Mark(11, 27, "actor", "russia"),
        Mark(32, 42, "place", "Tal Rifaat"),
        Mark(28, 36, "date", "crosses the place"),
    ]
    kept = nested(marks)
    assert [(m.start, m.end) for m in kept] == [(0, 27), (11, 27), (32, 42)]
    out = marked_html(text, marks)
    assert out.startswith(
        '<span class="fl-actor" title="regime">Syrian and <span class="fl-actor" title="russia">'
        "Russian aircraft</span></span> hit "
    )
    assert nested([Mark(0, 3, "date", "a"), Mark(0, 3, "date", "b")]) == [Mark(0, 3, "date", "a")]


def test_newlines_become_breaks_and_offsets_outside_the_text_are_ignored():
    assert marked_html("a\nb", [Mark(5, 9, "date", "far")]) == "a<br>b"


@pytest.mark.parametrize(
    ("params", "source_id", "offset", "notice"),
    [
        ({"source": "army-retakes", "at": "42"}, "army-retakes", 42, None),
        ({"source": "army-retakes"}, "army-retakes", None, None),
        ({"source": "nope"}, None, None, "no stored article"),
        ({"source": "<script>alert(1)</script>"}, None, None, "no stored article"),
        ({"source": "a" * 500}, None, None, "no stored article"),
        ({"source": "army-retakes", "at": "-1"}, "army-retakes", None, "not a whole number"),
        ({"source": "army-retakes", "at": "1e5"}, "army-retakes", None, "not a whole number"),
        ({"at": "3"}, None, None, "needs a source"),
    ],
)
def test_source_params_are_checked_and_never_echoed(params, source_id, offset, notice):
    request = parse_source_params(params, ["army-retakes", "other"])
    assert (request.source_id, request.at) == (source_id, offset)
    if notice:
        assert any(notice in n for n in request.notices)
        assert not any("<" in n or "aaaa" in n for n in request.notices)
    else:
        assert request.notices == ()


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("HTTP://example.org", "HTTP://example.org"),
        ("javascript:alert(1)", None),
        ("data:text/html,<script>", None),
        ('https://example.org/"onmouseover="x', None),
        ("//example.org", None),
        (None, None),
    ],
)
def test_only_web_addresses_become_links(url, safe):
    assert safe_url(url) == safe


def test_source_facts_link_only_web_addresses_and_escape_the_rest():
    s = Source("s", "T", "T\nx", PUBLISHED, "dateline <i>", "Outlet <b>", "javascript:alert(1)")
    out = annotate.source_facts_html(s, 2)
    assert "<a " not in out and "javascript:alert(1)" in out  # shown as text only
    assert "&lt;i&gt;" in out and "&lt;b&gt;" in out and "2 event records" in out
    web = Source("s", "T", "T\nx", PUBLISHED, "", None, "https://example.org/x")
    assert '<a href="https://example.org/x" target="_blank" rel="noopener noreferrer">' in (
        annotate.source_facts_html(web, 1)
    )


def test_the_legend_shows_each_kind_and_the_sentence_only_when_one_is_outlined():
    plain_legend = annotate.legend_html()
    assert all(f'class="{c}"' in plain_legend for c in ("fl-place", "fl-actor", "fl-date"))
    assert 'class="fl-at"' not in plain_legend
    assert 'class="fl-at"' in annotate.legend_html(with_sentence=True)
