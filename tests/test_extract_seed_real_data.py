"""The seed article through the real gazetteer: the records issue #3 asks for, each with its sentence.

Needs the real data (provisioned boundaries and places, data/sources/).
"""

from __future__ import annotations

import pytest

from geo import paths
from geo.extract import extract
from geo.gazetteer import load_gazetteer
from geo.sources import read_source

SEED = paths.SOURCES / "kremlin-continues-to-support-assad.txt"


@pytest.fixture(scope="module")
def records():
    source = read_source(SEED)
    found = extract(source, load_gazetteer())
    for r in found:
        assert source.text[r.sentence_start : r.sentence_end] == r.sentence
        if r.mention:
            assert source.text[r.mention_start : r.mention_end] == r.mention
    return found


def pick(records, **match):
    hits = [
        r
        for r in records
        if all(getattr(r, k) == v if not callable(v) else v(getattr(r, k)) for k, v in match.items())
    ]
    assert hits, f"no record matches {match}"
    return hits


def within(lo: str, hi: str):
    return lambda d: lo <= d <= hi


def test_aleppo_captured_last_week_by_the_hts_led_side(records):
    (r,) = pick(
        records, admin3="SY020000", event_type="captured", date_start=within("2024-11-25", "2024-12-02")
    )
    assert r.actor1 in {"hts", "opposition"} and r.actor2 == "regime"
    assert r.date_end <= "2024-12-02" and r.time_precision == 2
    assert "lose control of Aleppo" in r.sentence


def test_aleppo_offensive_by_hts_against_the_regime(records):
    (r,) = pick(records, admin3="SY020000", event_type="offensive")
    assert (r.actor1, r.actor2, r.time_precision) == ("hts", "regime", 2)
    assert "2024-11-25" <= r.date_start <= r.date_end <= "2024-12-02"
    assert "Hayat Tahrir al-Sham" in r.sentence


def test_all_of_idlib_province_captured_in_recent_days(records):
    (r,) = pick(records, place_id="adm1:SY07", event_type="captured")
    assert (r.geo_precision, r.coverage, r.actor2, r.time_precision) == (3, "whole", "regime", 2)
    assert r.actor1 in {"opposition", "hts"} and r.date_end == "2024-12-02"
    assert r.latitude is None and len(r.area_units) == 26
    assert r.mention == "Idlib province"


def test_tal_rifaat_captured_by_the_sna_from_the_sdf(records):
    (r,) = pick(records, admin3="SY020402", event_type="captured")
    assert (r.actor1, r.actor2, r.time_precision, r.date_end) == ("sna", "sdf", 2, "2024-12-02")
    assert r.actor2_text.startswith("PKK/YPG")


def test_tal_rifaat_photo_caption_is_an_opposition_claim_on_the_day(records):
    (r,) = pick(records, admin3="SY020402", event_type=lambda t: t in {"control_claim", "other"})
    assert (r.actor1, r.date_start, r.date_end, r.time_precision) == (
        "opposition",
        "2024-12-02",
        "2024-12-02",
        1,
    )


def test_aleppo_recaptured_by_the_regime_with_russia_in_2016(records):
    (r,) = pick(records, admin3="SY020000", date_start="2016-01-01")
    assert (r.event_type, r.actor1, r.actor2, r.date_end, r.time_precision) == (
        "captured",
        "regime",
        "opposition",
        "2016-12-31",
        3,
    )
    assert "russia" in r.assoc_actor1


def test_northeastern_syria_held_by_the_sdf(records):
    (r,) = pick(records, place_id="region:northeastern-syria")
    assert (r.event_type, r.actor1, r.geo_precision, r.time_precision) == ("control_claim", "sdf", 3, 3)
    assert r.date_end <= "2024-12-02"


def test_sunday_air_strikes_have_no_point(records):
    (r,) = pick(records, event_type="airstrike")
    assert (r.actor1, r.assoc_actor1, r.date_start, r.time_precision) == ("regime", "russia", "2024-12-01", 1)
    assert r.place == "" and r.latitude is None


def test_russian_intervention_in_2015(records):
    (r,) = pick(records, event_type="other", actor1="russia")
    assert (r.date_start, r.date_end, r.time_precision, r.place) == ("2015-01-01", "2015-12-31", 3, "")


def test_the_kremlin_statement(records):
    hits = pick(records, event_type="statement", actor1="russia", date_start="2024-12-02")
    assert any("Peskov" in r.sentence for r in hits)
    assert all(r.place == "" and r.time_precision == 1 for r in hits)


def test_nothing_is_placed_in_moscow_or_ukraine(records):
    for r in records:
        assert r.place_id.split(":")[0] != "foreign"
        assert r.place not in {"Moscow", "Ukraine", "Russia"}
        if r.latitude is not None:
            assert 32 < r.latitude < 37.5 and 35.5 < r.longitude < 42.5
