"""The Add articles preview (geo/preview.py): table rows from records, the user's ticks and edits
as review decisions (checked like every review), and the small offline map of the points.

The article is written here and extracted over the small world of tests/small_world.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from geo.extract import extract
from geo.preview import PreviewError, decisions, map_link, preview_map, record_rows, simplified_governorates
from geo.sources import Source
from tests.small_world import adm3_frame, small_gazetteer

PUBLISHED = date(2025, 1, 10)  # a Friday
TEXT = (
    "Rebels take Hama\n"
    "HTS-led forces captured Hama on Thursday, residents said.\n"
    "Government aircraft struck Saraqib on Friday.\n"
)


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    gaz = small_gazetteer(tmp_path_factory.mktemp("world"))
    found = extract(Source("hama", "Rebels take Hama", TEXT, PUBLISHED, "test"), gaz)
    assert {(r.event_type, r.place) for r in found} >= {("captured", "Hama"), ("airstrike", "Saraqab")}
    return found


def by_type(records, event_type):
    return next(r for r in records if r.event_type == event_type)


def decide(records, rows, factions):
    return decisions(records, rows, name="hama.txt", published=PUBLISHED, sides=factions)


def test_untouched_rows_decide_nothing(records, factions):
    rows = record_rows(records)
    assert all(row["keep"] for row in rows)
    assert decide(records, rows, factions) == []


def test_an_unticked_row_is_a_rejection_and_an_edit_a_checked_correction(records, factions):
    capture, strike = by_type(records, "captured"), by_type(records, "airstrike")
    rows = list(reversed(record_rows(records)))  # matched by event id, not by position
    for row in rows:
        if row["event_id"] == strike.event_id:
            row["keep"] = False
        if row["event_id"] == capture.event_id:
            row["event_type"] = "control_claim"
            row["actor2"] = "regime"
            row["date_start"] = date(2025, 1, 8)
    chosen = {d.event_id: d for d in decide(records, rows, factions)}
    assert chosen[strike.event_id].action == "reject" and not chosen[strike.event_id].changes
    fix = chosen[capture.event_id]
    assert fix.action == "correct"
    assert fix.changes["event_type"] == ("captured", "control_claim")
    assert fix.changes["actor2"] == (capture.actor2, "regime")
    assert fix.changes["date_start"] == (capture.date_start, "2025-01-08")
    assert fix.changes["time_precision"][1] == 2 and fix.changes["date_basis"][1] == "set by a reviewer"
    review = fix.as_review("Lina H.")
    assert review.action == "correct" and review.reviewer == "Lina H." and review.changes == fix.changes


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ({"event_type": "massacre"}, "event_type: 'massacre' is not one of captured"),
        ({"actor1": "martians"}, "actor1: 'martians' is not a side"),
        (
            {"date_start": date(2025, 1, 10), "date_end": date(2025, 1, 9)},
            "date_start 2025-01-10 is after date_end",
        ),
        (
            {"date_end": date(2025, 2, 1)},
            "date_end 2025-02-01 is after the article's publication date 2025-01-10",
        ),
        ({"date_start": None}, "date_start must be a date, not 'None'"),
    ],
)
def test_a_bad_edit_is_refused_with_one_line_naming_the_record(records, factions, edit, problem):
    capture = by_type(records, "captured")
    rows = record_rows(records)
    for row in rows:
        if row["event_id"] == capture.event_id:
            row.update(edit)
    with pytest.raises(PreviewError) as caught:
        decide(records, rows, factions)
    message = str(caught.value)
    assert message.startswith("hama.txt, record “captured in Hama”: ") and problem in message
    assert "\n" not in message


def test_the_small_map_is_offline_and_shows_kept_and_dropped_points(records, factions):
    strike = by_type(records, "airstrike")
    adm1 = simplified_governorates(adm3_frame().dissolve(by="adm1_id").reset_index())
    html = preview_map(records, {strike.event_id}, adm1, factions).get_root().render()
    assert "fl-preview-kept" in html and "fl-preview-dropped" in html
    assert "air strike · Saraqab" in html and "(not kept)" in html
    # Only the app's own Leaflet: no CDN, no tile server.
    addresses = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert not [a for a in addresses if not a.startswith(("http://www.w3.org", "https://leafletjs.com"))], (
        addresses
    )
    assert "/app/static/leaflet/leaflet.js" in html and "tile" not in html.lower()


def test_the_saved_articles_map_link_goes_to_its_newest_kept_placed_record(records):
    capture, strike = by_type(records, "captured"), by_type(records, "airstrike")
    newest = max([capture, strike], key=lambda r: r.date_end)
    assert map_link(records) == f"./?date={newest.date_end}&place={newest.place_id.replace(':', '%3A')}"
    older = capture if newest is strike else strike
    assert map_link(records, {newest.event_id}) == (
        f"./?date={older.date_end}&place={older.place_id.replace(':', '%3A')}"
    )
    assert map_link(records, {capture.event_id, strike.event_id}) is None


def test_a_tooltip_cannot_break_out_of_its_markup_or_script(records, factions):
    odd = replace(by_type(records, "captured"), place="Hama`${alert(1)}`<img src=x onerror=alert(2)>")
    adm1 = simplified_governorates(adm3_frame().dissolve(by="adm1_id").reset_index())
    html = preview_map([odd], (), adm1, factions).get_root().render()
    assert "${alert" not in html and "<img src=x" not in html
    assert "Hama&#96;&#36;{alert(1)}&#96;&lt;img src=x onerror=alert(2)&gt;" in html
