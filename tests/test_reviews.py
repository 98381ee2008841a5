"""Reviews as data: what a correction may set, and what confirm/reject/correct do to records."""

from dataclasses import replace
from types import SimpleNamespace

import pytest

from geo.reviews import (
    NewReview,
    Review,
    ReviewError,
    apply_reviews,
    correction,
    describe,
    orphaned,
    parse_assignments,
    reviewer_name,
    verdicts,
)
from tests.test_store import record

SIDES = {"hts", "government", "sna"}


def place(place_id, name, lat=None, lon=None, kind="town", area=(), in_syria=True, admin3="SY050100"):
    return SimpleNamespace(
        place_id=place_id,
        name=name,
        kind=kind,
        in_syria=in_syria,
        latitude=lat,
        longitude=lon,
        admin1="SY05",
        admin1_name="Hama",
        admin2="SY0501",
        admin2_name="Hama",
        admin3=admin3,
        admin3_name="Hama",
        area_adm3=area,
    )


class Places:
    def __init__(self, *places):
        self._by_id = {p.place_id: p for p in places}

    def get(self, place_id):
        if place_id not in self._by_id:
            raise KeyError(place_id)
        return self._by_id[place_id]


PLACES = Places(
    place("gn:1", "Kafr Zita", 35.37, 36.6),
    place("adm1:SY05", "Hama", kind="adm1", area=("SY050100", "SY050101")),
    place("foreign:ankara", "Ankara", 39.9, 32.8, in_syria=False),
)


def review(review_id, action, changes=None, event_id="ev-1", who="Rana"):
    return Review(
        review_id, event_id, "hama", action, who, f"2026-11-30T10:0{review_id}:00+00:00", changes or {}, ""
    )


def test_a_place_correction_carries_the_new_places_point_and_units():
    changes = correction(record(), {"place_id": "gn:1"}, places=PLACES, sides=SIDES)
    assert changes["place_id"] == ("", "gn:1")
    assert changes["place"] == ("Hama", "Kafr Zita")
    assert changes["latitude"] == (35.13, 35.37) and changes["longitude"] == (36.75, 36.6)
    assert changes["admin3"] == ("", "SY050100")


def test_an_area_correction_has_no_point_and_lists_its_sub_districts():
    changes = correction(record(), {"place_id": "adm1:SY05"}, places=PLACES, sides=SIDES)
    assert changes["place"][1] == "Hama governorate"
    assert changes["latitude"][1] is None and changes["area_adm3"][1] == "SY050100|SY050101"
    assert changes["geo_precision"] == (1, 3)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"place_id": "gn:404"}, "place_id: no place 'gn:404' in the gazetteer"),
        ({"place_id": "foreign:ankara"}, "Ankara .* is not a place in Syria"),
        ({"event_type": "massacre"}, "event_type: 'massacre' is not one of captured"),
        ({"actor1": "martians"}, "actor1: 'martians' is not a side"),
        ({"date_start": "5 Dec"}, "date_start: '5 Dec' is not a date"),
        ({"date_start": "2024-12-09", "date_end": "2024-12-01"}, "date_start 2024-12-09 is after date_end"),
        ({"event_type": "captured"}, "already says that; nothing to correct"),
        ({"notes": "x"}, "notes: cannot be corrected"),
    ],
)
def test_a_correction_is_checked_field_by_field(values, message):
    with pytest.raises(ReviewError, match=message):
        correction(record(), values, places=PLACES, sides=SIDES)


def test_a_date_correction_sets_precision_and_says_a_person_set_it():
    changes = correction(record(), {"date_end": "2024-12-08"}, places=PLACES, sides=SIDES)
    assert changes["date_end"] == ("2024-12-05", "2024-12-08")
    assert changes["time_precision"] == (1, 2)
    assert changes["date_basis"][1] == "set by a reviewer"
    assert "date_start" not in changes  # unchanged fields are not listed


def test_a_side_can_be_cleared_or_set():
    changes = correction(
        replace(record(), actor1="hts"), {"actor1": "", "actor2": "sna"}, places=PLACES, sides=SIDES
    )
    assert changes == {"actor1": ("hts", ""), "actor2": ("", "sna")}


def test_assignments_from_the_command_line():
    assert parse_assignments(["place_id=gn:1", "actor1 = hts"]) == {"place_id": "gn:1", "actor1": "hts"}
    with pytest.raises(ReviewError, match="--set: 'place_id' is not FIELD=VALUE"):
        parse_assignments(["place_id"])
    with pytest.raises(ReviewError, match="--set: 'latitude' cannot be corrected"):
        parse_assignments(["latitude=3"])
    with pytest.raises(ReviewError, match="--set: actor1 is given twice"):
        parse_assignments(["actor1=a", "actor1=b"])


def test_reviewer_names_are_one_line_and_not_empty():
    assert reviewer_name("  Rana   K. ") == "Rana K."
    assert reviewer_name("<b>x</b>") == "<b>x</b>"  # kept as typed; escaped where shown
    for bad, message in [("  ", "a name is needed"), ("x" * 81, "at most 80"), ("a\x00b", "control")]:
        with pytest.raises(ReviewError, match=message):
            reviewer_name(bad)


def test_a_new_review_is_checked():
    with pytest.raises(ReviewError, match="action 'approve' is not one of"):
        NewReview("ev-1", "approve", "Rana")
    with pytest.raises(ReviewError, match="only a correction carries changed fields"):
        NewReview("ev-1", "confirm", "Rana", {"event_type": ("a", "b")})
    with pytest.raises(ReviewError, match="only a correction carries changed fields"):
        NewReview("ev-1", "correct", "Rana")
    with pytest.raises(ReviewError, match="reason: 1001 characters"):
        NewReview("ev-1", "reject", "Rana", reason="x" * 1001)


def test_confirmed_records_are_marked_with_their_reviewer():
    out = apply_reviews([record(), record("ev-2")], [review(1, "confirm")])
    assert [(r.event_id, r.reviewed, r.reviewer) for r in out] == [
        ("ev-1", "confirmed", "Rana"),
        ("ev-2", "", ""),
    ]


def test_rejected_records_are_left_out_unless_asked_for():
    reviews = [review(1, "reject")]
    assert [r.event_id for r in apply_reviews([record(), record("ev-2")], reviews)] == ["ev-2"]
    kept = apply_reviews([record()], reviews, include_rejected=True)
    assert kept[0].reviewed == "rejected"


def test_corrections_add_up_and_the_last_word_decides_rejection():
    reviews = [
        review(1, "correct", {"event_type": ("captured", "clashes")}),
        review(2, "reject", who="Omar"),
        review(3, "confirm", who="Lea"),
        review(4, "correct", {"actor1": ("", "hts")}),
    ]
    assert verdicts(reviews[:2])["ev-1"].status == "rejected"
    assert verdicts(reviews[:3])["ev-1"].status == "corrected"  # restored, with its correction
    (out,) = apply_reviews([record()], reviews)
    assert (out.event_type, out.actor1, out.reviewed, out.reviewer) == ("clashes", "hts", "corrected", "Rana")
    (machine,) = [record()]
    assert machine.event_type == "captured"  # the machine's record is untouched


def test_a_later_correction_of_the_same_field_wins_whatever_the_order_given():
    reviews = [
        review(2, "correct", {"event_type": ("clashes", "offensive")}),
        review(1, "correct", {"event_type": ("captured", "clashes")}),
    ]
    (out,) = apply_reviews([record()], reviews)
    assert out.event_type == "offensive"


def test_reviews_whose_record_is_gone_are_found():
    reviews = [review(1, "confirm"), review(2, "reject", event_id="ev-9")]
    assert [r.event_id for r in orphaned(reviews, ["ev-1"])] == ["ev-9"]


def test_a_review_described_for_people():
    r = Review(
        3,
        "ev-1",
        "hama",
        "correct",
        "Rana",
        "2026-11-30T10:04:00+00:00",
        {"event_type": ("captured", "clashes"), "place": ("a", "b")},
        "the sentence says clashes",
    )
    assert (
        describe(r)
        == "corrected event_type captured → clashes by Rana on 2026-11-30 10:04 UTC: the sentence says clashes"
    )
