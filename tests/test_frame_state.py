"""geo.dashboard.frame_state and frame_table: the dashboard map's per-step state, without what a
store generation determines, carries exactly what map_state does; the crowded map keeps the towns
with the most evidence."""

from __future__ import annotations

from datetime import date

import pytest

from geo import dashboard
from geo.dashboard import MapContext, frame_state, frame_table, map_state
from tests.test_dashboard import crowded_timeline, source, timeline  # noqa: F401 (fixtures)

EPOCH = date(1970, 1, 1).toordinal()


def decode(ctx: MapContext, day: date) -> tuple[dict, dict]:
    """(frame_state with its positions resolved through frame_table, the table)."""
    table, state = frame_table(ctx), frame_state(ctx, day)
    sides = table["sides"]

    def side(code):
        if isinstance(code, int):
            return "" if code < 0 else sides[code]
        return code

    units = {}
    for unit, (controller, status, to, since, *rest) in zip(table["units"], state["u"], strict=True):
        iso = date.fromordinal(since + EPOCH).isoformat() if since else ""
        units[unit] = [side(controller), status, side(to), iso, *rest]
    towns = [[*table["towns"][t[0]], side(t[1]), *t[2:]] for t in state["towns"]]
    return {**state, "u": units, "towns": towns}, table


def test_the_frame_state_carries_the_map_state(timeline, source, factions):  # noqa: F811
    towns = dashboard.towns_with_evidence(timeline.records, {"gn:1": "حماة"})
    ctx = MapContext(timeline, {"src": source}, factions, towns)
    for day in (date(2016, 5, 2), date(2024, 12, 3), date(2024, 12, 8)):
        old = map_state(ctx, day)
        new, table = decode(ctx, day)
        assert new["u"] == old["u"] and new["p"][: len(old["p"])] == old["p"]
        assert new["ev"] == old["ev"] and (new["d"], new["baseline"]) == (old["d"], old["baseline"])
        assert len(new["towns"]) == len(old["towns"]) and not new["crowded"]
        for (place_id, lat, lng, tip, unlisted, holder, count, sentence), o in zip(
            new["towns"], old["towns"], strict=True
        ):
            assert [lat, lng, place_id, holder, tip, unlisted] == [o[0], o[1], o[2], o[3], o[4], o[6]]
            newest = timeline.records_for_place(place_id)[0] if day.year > 2020 else None
            if newest is not None:
                assert new["p"][sentence] == newest.sentence.strip() and count == 2
        # The names come once, escaped, in the table: "<" never reaches the page as markup.
        assert "حماة" in table["towns"][0][3] and "<script" not in str(table)


@pytest.mark.parametrize("places", [350, 1100])
def test_a_crowded_frame_draws_the_towns_with_the_most_evidence(factions, places):
    tl = crowded_timeline(places, per_place=3)
    towns = dashboard.towns_with_evidence(tl.records, {})
    ctx = MapContext(tl, {}, factions, towns)
    day = date(2024, 11, 25)
    iso = day.isoformat()
    counts = {t.place_id: sum(r.date_start <= iso for r in tl.records_for_place(t.place_id)) for t in towns}
    shown = [t for t in towns if counts[t.place_id]]
    best = sorted(shown, key=lambda t: (-counts[t.place_id], t.name, t.place_id))[
        : dashboard.MAX_TOWN_MARKERS
    ]
    new, _ = decode(ctx, day)
    assert new["crowded"] == 1
    assert [t[0] for t in new["towns"]] == [t.place_id for t in towns if t in best]
    assert all(t[6] == counts[t[0]] for t in new["towns"])
    assert len(shown) > len(best) and len({counts[t.place_id] for t in shown}) > 1  # the ranking matters
    old = map_state(ctx, day)
    assert [t[2] for t in old["towns"]] == [t[0] for t in new["towns"]]
    # Summed events: their tooltips are built in the browser from the same facts.
    for o, c in zip(old["clusters"], new["clusters"], strict=True):
        if isinstance(c[0], str):
            name, district, _ = tl.unit_names[c[0]]
            assert o[2:4] == c[1:3] and f"in {name} ({district}); latest at {c[3]}, {c[4]}" in o[4]
        else:
            assert o[:4] == c[:4] and o[4] == f"{c[2]} events at {c[4]}"
