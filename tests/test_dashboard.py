"""Page logic of the dashboard (geo.dashboard) and evidence text (geo.evidence), without a browser.

Synthetic records over the small world of tests/small_world.py.
"""

from __future__ import annotations

import pickle
from datetime import date, timedelta

import pytest

from geo import dashboard
from geo.baseline import BaselineRow
from geo.control import Timeline
from geo.dashboard import (
    EventFilter,
    MapContext,
    filter_events,
    map_state,
    parse_view_params,
    slider_stops,
    with_stop,
)
from geo.evidence import effect_on_control, excerpt, highlight, popup_html
from geo.records import EventRecord
from geo.sources import Source
from tests.small_world import adm3_frame
from tests.test_control import SIDES, record

D = date.fromisoformat
XSS = '<script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture(scope="module")
def timeline():
    base = {"SY050100": BaselineRow("SY050100", "Hama", "regime", None, "high", f"Held since 2012 {XSS}")}
    records = [
        record(
            "e1",
            "captured",
            "hts",
            "2024-12-01",
            "2024-12-05",
            "SY050100",
            place="Hama",
            place_id="gn:1",
            latitude=35.13,
            longitude=36.75,
            sentence=f"HTS captured Hama {XSS} yesterday.",
            sentence_start=6,
            sentence_end=6 + len(f"HTS captured Hama {XSS} yesterday."),
            mention_start=19,
            mention_end=23,
            date_basis="yesterday: the day before publication",
            time_precision=2,
        ),
        record("e2", "statement", "russia", "2024-12-03", "2024-12-03", source_id="src"),
        record(
            "e3",
            "airstrike",
            "russia",
            "2016-05-01",
            "2016-05-01",
            "SY050100",
            place="Hama",
            place_id="gn:1",
            latitude=35.13,
            longitude=36.75,
        ),
    ]
    return Timeline(adm3_frame(), base, records, SIDES)


@pytest.fixture(scope="module")
def source():
    return Source("src", f"Title {XSS}", "Title\nText", date(2024, 12, 6), "test", "Wire <b>", None, None)


def test_stops_are_the_days_the_map_changes(timeline):
    # The story's first record, the baseline, the capture's first and last days (possibly changed,
    # then settled); the statement of 3 Dec changes nothing on the map, so it adds no stop.
    assert slider_stops(timeline) == [D("2016-05-01"), D("2020-03-06"), D("2024-12-01"), D("2024-12-05")]


def _world(*records, base=None) -> Timeline:
    base = (
        base
        if base is not None
        else {"SY050100": BaselineRow("SY050100", "Hama", "regime", None, "high", "x")}
    )
    return Timeline(adm3_frame(), base, list(records), SIDES)


def _marker(event_id: str, start: str, end: str, precision: int) -> EventRecord:
    return record(
        event_id,
        "airstrike",
        "russia",
        start,
        end,
        "SY050100",
        time_precision=precision,
        latitude=35.1,
        longitude=36.7,
    )


def test_a_month_guess_adds_no_stop_unless_the_map_changes():
    guess = _marker("m1", "2024-11-02", "2024-12-02", 3)
    dated = _marker("d1", "2024-11-20", "2024-11-20", 1)
    claim = record("c1", "control_claim", "hts", "2024-11-02", "2024-12-02", "SY050100", time_precision=3)
    assert D("2024-11-02") not in slider_stops(_world(guess, dated))
    assert D("2024-11-20") in slider_stops(_world(guess, dated))  # a new marker, dated to the day
    assert D("2024-11-02") in slider_stops(_world(guess, claim))  # the claim opens: the map changes
    assert slider_stops(_world(guess))[-1] == D("2024-12-02")  # the latest record's last day


def test_older_history_is_folded_behind_the_earlier_control(timeline):
    stops = slider_stops(timeline)
    assert dashboard.has_earlier(stops) and dashboard.in_earlier_history(D("2016-05-01"))
    assert dashboard.shown_stops(stops, earlier=False)[0] == D("2020-03-06")
    assert dashboard.shown_stops(stops, earlier=True) == stops
    recent = [D("2020-03-06"), D("2024-12-01")]
    assert not dashboard.has_earlier(recent) and dashboard.shown_stops(recent, False) == recent
    assert dashboard.shown_stops([D("2016-01-01")], False) == [D("2016-01-01")]  # nothing newer


def test_quick_jumps_land_before_the_first_change_with_nothing_under_way():
    claim = record("c1", "captured", "hts", "2024-11-25", "2024-12-01", "SY050100", time_precision=2)
    idleb = record("c2", "captured", "sdf", "2024-11-26", "2024-12-02", "SY070003", time_precision=2)
    later = record("c3", "captured", "regime", "2025-03-01", "2025-03-01", "SY050100")
    tl = _world(claim, idleb, later)
    stops = slider_stops(tl)
    jumps = dashboard.quick_jumps(tl, stops)
    assert [label for label, _ in jumps] == ["Before the first change", "Latest"]
    before = jumps[0][1]
    assert before == D("2020-03-06") and before in stops
    assert not any(s.in_progress for s in tl.states_at(before).values())
    assert not any(s.in_progress for s in tl.states_at(D("2024-11-24")).values())
    assert any(s.in_progress for s in tl.states_at(D("2024-11-25")).values())
    assert jumps[-1] == ("Latest", D("2025-03-01"))
    # An offensive reported in that stretch names it; named moments from elsewhere join in date order.
    push = record("o1", "offensive", "hts", "2024-11-25", "2024-12-01", "SY050100", time_precision=2)
    tl = _world(claim, idleb, later, push)
    moments = [("Fall", D("2024-12-03")), ("Outside", D("2030-01-01"))]
    assert dashboard.quick_jumps(tl, slider_stops(tl), moments) == [
        ("Before the offensive", D("2020-03-06")),
        ("Fall", D("2024-12-02")),
        ("Latest", D("2025-03-01")),
    ]
    # A quiet stop nearer the change (a new marker) is where the jump lands.
    tl = _world(claim, _marker("s1", "2024-11-20", "2024-11-20", 1))
    assert dashboard.quick_jumps(tl, slider_stops(tl))[0][1] == D("2024-11-20")
    assert dashboard.quick_jumps(_world(), [D("2020-03-06")]) == [("Latest", D("2020-03-06"))]


def test_tick_marks_label_the_first_the_last_and_evenly_between():
    stops = [D("2020-03-06")] + [D("2024-11-01") + timedelta(days=i) for i in range(20)]
    ticks = dashboard.tick_marks(stops, max_ticks=5)
    assert len(ticks) == 5 and ticks[0] == (0.0, "6 Mar 2020") and ticks[-1] == (1.0, "20 Nov 2024")
    assert [x for x, _ in ticks] == sorted(x for x, _ in ticks)
    assert dashboard.tick_marks(stops[:2]) == [(0.0, "6 Mar 2020"), (1.0, "1 Nov 2024")]
    assert dashboard.tick_marks([D("2020-03-06")]) == [(0.0, "6 Mar 2020")]


def test_play_starts_at_the_baseline_from_the_end_and_steps_to_the_next_stop(timeline):
    stops = slider_stops(timeline)
    assert dashboard.play_start(stops, stops[-1]) == D("2020-03-06")
    assert dashboard.play_start(stops, D("2016-05-01")) == D("2020-03-06")
    assert dashboard.play_start(stops, D("2024-12-01")) == D("2024-12-01")
    # From the baseline, the next stop is already the capture: nothing in between to wait through.
    assert dashboard.next_stop(stops, D("2020-03-06")) == D("2024-12-01")
    assert dashboard.next_stop(stops, stops[-1]) is None


def test_the_panel_line_says_when_a_change_may_have_happened(timeline, factions):
    line = dashboard.state_html(
        timeline, timeline.states_at(D("2024-12-03"))["SY050100"], D("2024-12-03"), factions
    )
    assert "possibly changed → <b>HTS-led opposition</b> sometime between 1 Dec and 5 Dec 2024" in line
    line = dashboard.state_html(
        timeline, timeline.states_at(D("2024-12-05"))["SY050100"], D("2024-12-05"), factions
    )
    assert "settled since 5 Dec 2024 (taken sometime between 1 Dec and 5 Dec 2024)" in line
    assert dashboard.between_words(D("2024-12-30"), D("2025-01-02")) == "30 Dec 2024 and 2 Jan 2025"


def test_the_panel_shows_a_losing_claim_escaped(factions):
    capture = record("e1", "captured", "hts", "2024-12-01", "2024-12-05", "SY050100", time_precision=2)
    caption = record("<b>e2", "control_claim", "regime", "2024-12-05", "2024-12-05", "SY050100")
    tl = _world(capture, caption)
    line = dashboard.state_html(tl, tl.states_at(D("2024-12-05"))["SY050100"], D("2024-12-05"), factions)
    assert (
        "Overruled: Syrian government (Assad) (control claim, 5 Dec 2024; &lt;b&gt;e2): a weaker type" in line
    )
    assert "<b>e2" not in line


def test_counted_event_types_read_as_plural_nouns():
    from geo.dashboard.narrative import _type_words

    assert [_type_words("control_claim", 2), _type_words("captured", 1), _type_words("captured", 3)] == [
        "control claims",
        "capture",
        "captures",
    ]
    assert [_type_words("airstrike", 2), _type_words("clashes", 1)] == ["air strikes", "clashes"]


def test_date_in_words_and_what_happened(timeline):
    assert dashboard.date_in_words(D("2024-12-02")) == "Monday 2 December 2024"
    text = dashboard.what_happened(timeline.records, timeline, D("2024-12-03"))
    assert (
        text == "2 event records cover this date (1 capture, 1 statement); 1 sub-district possibly changed."
    )
    text = dashboard.what_happened(timeline.records, timeline, D("2016-05-01"))
    assert text.startswith("1 event record covers this date (1 air strike)")
    assert dashboard.what_happened(timeline.records, timeline, D("2020-03-06")) == (
        "No event is reported for this date; the map stays as it is until 30 November 2024."
    )
    assert dashboard.what_happened(timeline.records, timeline, D("2024-12-06")) == (
        "No event is reported for this date; the map shows the latest known state."
    )


@pytest.mark.parametrize(
    ("params", "day", "place", "notice"),
    [
        ({"date": "2024-12-03", "place": "gn:1"}, D("2024-12-03"), "gn:1", "not one of the timeline"),
        ({"date": "2024-12-03T00"}, None, None, "not a date"),
        ({"date": "2024-02-30"}, None, None, "no such day"),
        ({"date": "1999-01-01"}, None, None, "outside the timeline"),
        ({"date": "2" * 5000}, None, None, "not a date"),
        ({"place": "<script>alert(1)</script>"}, None, None, "no town or sub-district"),
        ({"place": "gn:999"}, None, None, "no town or sub-district"),
        ({"zoom": "9"}, None, None, "unknown URL parameter"),
        ({"date": "2024-12-05"}, D("2024-12-05"), None, None),
    ],
)
def test_permalinks_are_checked_and_never_echoed(timeline, params, day, place, notice):
    request = parse_view_params(params, slider_stops(timeline), {"gn:1", "SY050100"})
    assert (request.day, request.place) == (day, place)
    if notice:
        assert any(notice in n for n in request.notices)
        assert not any("<" in n or "2222" in n for n in request.notices)
    else:
        assert request.notices == ()


def test_a_date_between_stops_is_shown_as_itself_with_a_notice(timeline):
    stops = slider_stops(timeline)
    assert D("2023-01-01") not in stops
    request = parse_view_params({"date": "2023-01-01"}, stops, set())
    assert request.day == D("2023-01-01") and request.between_stops
    assert any(
        "1 January 2023" in n and "not one of the timeline's marked days" in n for n in request.notices
    )
    assert with_stop(stops, request.day) == sorted([*stops, D("2023-01-01")])
    assert not parse_view_params({"date": stops[1].isoformat()}, stops, set()).between_stops


def test_a_readable_place_name_is_resolved_and_a_bad_one_refused(timeline):
    names = {"aleppo": "gn:1", "tal rifaat": "SY050100"}
    resolve = lambda value: names.get(value.lower().replace("-", " "))  # noqa: E731
    stops = slider_stops(timeline)
    assert parse_view_params({"place": "Aleppo"}, stops, set(), resolve).place == "gn:1"
    assert parse_view_params({"place": "tal-rifaat"}, stops, set(), resolve).place == "SY050100"
    refused = parse_view_params({"place": "<b>x</b>"}, stops, set(), lambda v: "gn:1")
    assert refused.place is None and any("no town or sub-district" in n for n in refused.notices)


def test_event_filters(timeline):
    records = timeline.records
    assert {
        r.event_id for r in filter_events(records, EventFilter(event_types=frozenset({"statement"})))
    } == {"e2"}
    assert {r.event_id for r in filter_events(records, EventFilter(factions=frozenset({"hts"})))} == {"e1"}
    assert {r.event_id for r in filter_events(records, EventFilter(start=D("2024-12-04")))} == {"e1"}
    assert {r.event_id for r in filter_events(records, EventFilter(end=D("2020-01-01")))} == {"e3"}
    assert filter_events(records, EventFilter(sources=frozenset({"other"}))) == []


def test_highlight_escapes_and_marks():
    assert highlight("a <b> c", [(0, 1)]) == "<mark>a</mark> &lt;b&gt; c"
    assert highlight("x", [(5, 9)]) == "x"


def test_excerpts_escape_article_text_everywhere(timeline, source, factions):
    ex = excerpt(timeline.records_by_id["e1"], source, timeline, factions)
    for fragment in (ex.sentence_html, ex.source_html, ex.facts_html):
        assert "<script" not in fragment and "<img" not in fragment
    assert "<mark>Hama</mark>" in ex.sentence_html
    assert "&lt;script&gt;" in ex.sentence_html and "&lt;b&gt;" in ex.source_html
    assert 'href="Sources?source=src&amp;at=6"' in ex.source_html
    assert "precision 2" in ex.facts_html and "yesterday" in ex.facts_html
    assert "Gives Hama to HTS-led opposition" in ex.effect
    popup = popup_html("Hama", "town", ex, 3)
    assert "+2 more excerpts" in popup and "<script" not in popup


def test_effects_in_words(timeline, factions):
    assert effect_on_control(timeline.records_by_id["e3"], timeline, factions) == (
        "An air strike does not change control by itself."
    )
    statement = effect_on_control(timeline.records_by_id["e2"], timeline, factions)
    assert statement == "A statement does not change control by itself."
    assert effect_on_control(timeline.records_by_id["e1"], timeline, factions) == (
        "Gives Hama to HTS-led opposition: possibly changed from 1 December 2024 to 4 December 2024, "
        "settled on 5 December 2024 (the last day of its date range)."
    )
    day = record("d", "captured", "hts", "2024-12-03", "2024-12-03", "SY050100")
    assert (
        effect_on_control(day, timeline, factions)
        == "Gives Hama to HTS-led opposition, settled on 3 December 2024."
    )
    part = record(
        "p",
        "control_claim",
        "sdf",
        "2024-12-01",
        "2024-12-01",
        geo_precision=3,
        area_adm3="SY050100",
        coverage="part",
        place="Hama area",
    )
    assert "only part of an area" in effect_on_control(part, timeline, factions)


def test_map_state_is_compact_and_escaped(timeline, source, factions):
    towns = dashboard.towns_with_evidence(timeline.records, {"gn:1": "حماة"})
    ctx = MapContext(timeline, {"src": source}, factions, towns)
    state = map_state(ctx, D("2024-12-03"))
    assert state["u"]["SY050100"][:3] == ["regime", "p", "hts"]
    assert state["u"]["SY020000"][:2] == ["unknown", "s"]
    assert len(state["towns"]) == 1 and state["towns"][0][3] == "regime"
    assert {e[2] for e in state["ev"]} == {"captured", "airstrike"}
    recent = {e[2]: e[3] for e in state["ev"]}
    assert recent == {"captured": 1, "airstrike": 0}
    import json

    # The HTML parts (marker tooltips and popups) come escaped; unit popups' sentences are plain
    # text, which the runtime escapes (see geo/mapview.js), so markup in them must stay verbatim.
    html = json.dumps({k: v for k, v in state.items() if k != "p"})
    assert "<script" not in html and "<img" not in html
    assert any(XSS in sentence for sentence in state["p"])  # verbatim: the runtime escapes it
    assert all(isinstance(u[4], int) for u in state["u"].values() if len(u) > 4 and u[4] is not None)
    before = map_state(ctx, D("2016-05-02"))
    assert [t[2] for t in before["towns"]] == ["gn:1"] and [e[2] for e in before["ev"]] == ["airstrike"]


def test_clicks_select_a_town_at_its_marker_or_the_unit_under_the_pointer(timeline):
    towns = dashboard.towns_with_evidence(timeline.records, {})
    units = adm3_frame()
    assert dashboard.selection_at(35.13, 36.75, towns, units) == "gn:1"
    assert dashboard.selection_at(36.2, 37.0, towns, units) == "SY020000"
    assert dashboard.selection_at(10.0, 10.0, towns, units) is None


def crowded_timeline(places: int, per_place: int = 1) -> Timeline:
    """Many towns, all in the Hama box of the small world, each with `per_place` records."""
    records = []
    for p in range(places):
        lat, lng = 35.01 + (p % 40) * 0.007, 36.61 + (p // 40) * 0.008
        for k in range(per_place):
            day = f"2024-11-{10 + (p + k) % 20:02d}"
            records.append(
                record(
                    f"e{p}-{k}",
                    "airstrike" if k % 2 else "captured",
                    "hts",
                    day,
                    day,
                    "SY050100",
                    place=f"Village {p}",
                    place_id=f"gn:{1000 + p}",
                    latitude=lat,
                    longitude=lng,
                )
            )
    base = {"SY050100": BaselineRow("SY050100", "Hama", "regime", None, "high", "test row")}
    return Timeline(adm3_frame(), base, records, SIDES)


def test_the_map_index_is_pickled_packed_and_read_back_whole(factions):
    """The on-disk cache (geo/view_cache.py) pickles the index with its prefixes packed end to end
    (one array per field, not one per group); read back, every prefix and every date's map are
    the same."""
    tl = crowded_timeline(30, 3)
    ctx = MapContext(tl, {}, factions, dashboard.towns_with_evidence(tl.records, {}))
    index = ctx.index
    assert len(index.groups) == 60 and len(index.places) == 30
    packed = index.__getstate__()["groups"]
    assert len(packed[3]) == sum(len(p.starts) for p in index.groups.values()) == 90
    back = pickle.loads(pickle.dumps(ctx))
    for name in ("groups", "places", "units"):
        ours, theirs = getattr(index, name), getattr(back.index, name)
        assert list(ours) == list(theirs) and ours
        for key, prefix in ours.items():
            assert theirs[key].starts == prefix.starts
            assert theirs[key].latest_rows.tolist() == prefix.latest_rows.tolist()
            assert theirs[key].first.tolist() == prefix.first.tolist()
    for day in ("2024-11-09", "2024-11-15", "2024-12-01"):
        assert map_state(back, D(day)) == map_state(ctx, D(day))


@pytest.mark.parametrize(
    ("places", "per_place", "towns", "markers", "circles"),
    [
        (10, 2, 10, 20, 0),  # few: a marker per (place, type), every town with its popup
        (350, 2, dashboard.MAX_TOWN_MARKERS, 0, 350),  # many: towns capped, one circle per place
        (1100, 1, dashboard.MAX_TOWN_MARKERS, 0, 1),  # crowded: one circle per sub-district
    ],
)
def test_a_crowded_map_caps_what_it_draws(factions, places, per_place, towns, markers, circles):
    tl = crowded_timeline(places, per_place)
    ctx = MapContext(tl, {}, factions, dashboard.towns_with_evidence(tl.records, {}))
    state = map_state(ctx, D("2024-12-01"))
    assert (len(state["towns"]), len(state["ev"]), len(state["clusters"])) == (towns, markers, circles)
    if places > dashboard.MAX_TOWN_MARKERS:
        assert all(t[5] == "" and "click for the panel" in t[4] for t in state["towns"])
    else:
        assert all(t[5] for t in state["towns"])
    if circles == 1:
        (circle,) = state["clusters"]
        assert circle[2] == places and "in Hama" in circle[4]


def test_a_name_the_gazetteer_lacks_is_drawn_hollow_and_says_where_it_was_placed(factions, source):
    unlisted = record(
        "u1",
        "other",
        "government",
        "2026-01-17",
        "2026-01-17",
        "SY050100",
        place="Tell Zaytun <b>",
        place_id="unlisted:tell-zaytun@adm3:SY050100",
        mention="Tell Zaytun <b>",
        admin3_name="Hama",
        latitude=35.1,
        longitude=36.7,
        geo_precision=2,
        sentence="Army units entered Tell Zaytun <b>.",
        sentence_end=36,
    )
    timeline = Timeline(adm3_frame(), {}, [unlisted], SIDES)
    towns = dashboard.towns_with_evidence(timeline.records, {})
    assert [t.unlisted for t in towns] == [True]
    state = map_state(MapContext(timeline, {"src": source}, factions, towns), D("2026-01-18"))
    (town,) = state["towns"]
    assert town[6] == 1 and "not in the gazetteer" in town[4]
    facts = excerpt(unlisted, source, timeline, factions).facts_html
    assert (
        "&ldquo;" not in facts
        and "not in the gazetteer; placed at Hama sub-district (geo precision 2)" in facts
    )
    assert "Tell Zaytun &lt;b&gt;" in facts and "<b>." not in facts


def test_a_gazetteer_place_says_how_precisely_it_is_placed(timeline, source, factions):
    facts = excerpt(timeline.records_for_place("gn:1")[0], source, timeline, factions).facts_html
    assert "place: Hama (geo precision 1: the place itself)" in facts


def test_the_context_finds_a_days_records_as_a_scan_does(factions):
    """MapContext.records_on (a window over starts, long ranges apart) equals records_on's scan,
    in the same order, on every day around short, long, open-ended and back-to-back ranges."""
    spans = [
        ("a", "2024-11-01", "2024-11-01"),
        ("b", "2024-11-01", "2024-12-15"),  # exactly the short window's edge (44 days)
        ("c", "2024-10-15", "2024-12-01"),  # 47 days: a long range
        ("d", "2016-01-01", "2016-12-31"),  # "in 2016"
        ("e", "2024-11-30", "2024-12-02"),
        ("f", "2024-12-02", "2024-12-02"),
        ("g", "2024-09-01", "2025-03-01"),
        ("h", "2024-12-15", "2024-12-16"),
    ]
    records = [
        record(name, "clashes", "hts", start, end, "SY050100", place="Hama", place_id="gn:1")
        for name, start, end in spans
    ]
    tl = Timeline(adm3_frame(), {}, records, SIDES)
    ctx = MapContext(tl, {}, factions, [])
    day = date(2015, 12, 25)
    while day <= date(2025, 3, 5):
        assert ctx.records_on(day) == dashboard.records_on(tl.records, day), day
        day += timedelta(days=1 if day.year >= 2024 else 7)
    assert [r.event_id for r in ctx.records_on(date(2024, 12, 1))] == ["b", "c", "e", "g"]
