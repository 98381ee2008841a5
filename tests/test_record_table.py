"""geo/record_table.py: records held by column give back exactly the records they were made of,
and the timeline's record queries over them answer as a plain list of records would."""

from __future__ import annotations

import pickle
import random
from datetime import date, timedelta

import numpy as np
import pytest

from geo import record_table
from geo.control import Timeline
from geo.dashboard.map_payload import MapContext
from geo.record_table import PackedStrings, RecordsById, RecordTable
from geo.records import COLUMNS, EventRecord
from tests.small_world import SUBDISTRICTS, adm3_frame

UNITS = [row[0] for row in SUBDISTRICTS]


def record(n: int, rng: random.Random, **kw) -> EventRecord:
    start = date(2016, 1, 1) + timedelta(days=rng.randrange(3000))
    end = start + timedelta(days=rng.choice([0, 0, 0, 6, 30, 400]))
    unit = rng.choice(UNITS)
    area = rng.random() < 0.1
    values = {c: "" for c in COLUMNS}
    values.update(
        event_id=f"ev-{n:05d}",
        source_id=f"src-{n // 10}",
        sentence=rng.choice(["Rebels took «X».", "استولت القوات على البلدة", "Clashes near X."]) + f" #{n}",
        sentence_start=rng.randrange(100_000),
        sentence_end=rng.randrange(100_000),
        mention=rng.choice(["Hama", "", "حلب"]),
        mention_start=rng.choice([None, 3, 70_000]),
        mention_end=rng.choice([None, 9]),
        place=f"place {rng.randrange(30)}",
        place_id=rng.choice(["", f"gn:{rng.randrange(30)}"]),
        latitude=None if area else round(rng.uniform(32, 37), 4),
        longitude=None if area else round(rng.uniform(35, 42), 4),
        geo_precision=3 if area else rng.choice([1, 2, None]),
        admin3="" if area else unit,
        area_adm3="|".join(rng.sample(UNITS, 3)) if area else "",
        coverage="whole" if area else "",
        date_start=start.isoformat(),
        date_end=end.isoformat(),
        time_precision=rng.choice([1, 2, 3]),
        event_type=rng.choice(["captured", "control_claim", "clashes", "offensive", "airstrike"]),
        actor1=rng.choice(["regime", "opposition", "hts", "sdf"]),
        reviewed=rng.choice(["", "confirmed"]),
    )
    values.update(kw)
    return EventRecord(**values)


def records(count: int, seed: int = 3) -> list[EventRecord]:
    rng = random.Random(seed)
    return [record(n, rng) for n in range(count)]


@pytest.fixture(params=[False, True], ids=["tuple-dictionaries", "packed-dictionaries"])
def packed(request, monkeypatch) -> bool:
    if request.param:  # every dictionary packed into bytes, as a million records' are
        monkeypatch.setattr(record_table, "PACK_OVER", 0)
    return request.param


def test_a_table_gives_back_every_record_exactly(packed):
    recs = records(300)
    table = RecordTable(recs)
    assert len(table) == 300
    assert list(table) == recs
    assert [table[i] for i in range(300)] == recs
    assert table[-1] == recs[-1] and table[5:9] == recs[5:9] and table[::-50] == recs[::-50]
    assert table.rows(np.array([7, 2, 7, 299])) == [recs[7], recs[2], recs[7], recs[299]]
    assert table.rows([]) == [] and table.rows([4]) == [recs[4]]
    # Types as they came: None stays None, ints stay ints, text keeps its Arabic.
    for got, want in zip(table, recs, strict=True):
        for name in COLUMNS:
            assert type(getattr(got, name)) is type(getattr(want, name)), name
    assert isinstance(table._dicts[0], PackedStrings) == packed
    with pytest.raises(IndexError):
        table[300]
    with pytest.raises(IndexError):
        table.rows([300])


def test_a_table_survives_pickle(packed):
    recs = records(120)
    table = pickle.loads(pickle.dumps(RecordTable(recs), protocol=pickle.HIGHEST_PROTOCOL))
    assert list(table) == recs and table[17] == recs[17]
    assert table.position("ev-00017") == 17


def test_a_value_of_an_unexpected_type_is_kept_as_it_is():
    rng = random.Random(1)
    recs = [record(0, rng, latitude=36, sentence_start=True), record(1, rng, mention_start=2**70)]
    table = RecordTable(recs)
    assert list(table) == recs
    assert type(table[0].latitude) is int and table[0].sentence_start is True
    assert table[1].mention_start == 2**70


def test_an_empty_table():
    table = RecordTable([])
    assert len(table) == 0 and list(table) == [] and table[0:5] == []
    assert table.position("x") is None and "x" not in RecordsById(table)


def test_records_by_id_is_a_mapping_with_the_last_duplicate_winning(packed):
    rng = random.Random(2)
    recs = [record(0, rng), record(1, rng), record(0, rng, place="later")]
    by_id = RecordsById(RecordTable(recs))
    assert by_id["ev-00000"] == recs[2] and by_id["ev-00001"] == recs[1]
    assert "ev-00001" in by_id and "ev-00009" not in by_id and 5 not in by_id
    assert by_id.get("nope") is None and len(by_id) == 2 and list(by_id) == ["ev-00000", "ev-00001"]
    with pytest.raises(KeyError):
        by_id["nope"]


def test_day_codes_compare_as_the_strings_do():
    recs = records(200)
    table = RecordTable(recs)
    starts, ends = table.day_codes("date_start"), table.day_codes("date_end")
    for iso in ["2015-01-01", "2017-03-04", recs[9].date_start, recs[30].date_end, "2030-01-01"]:
        assert [bool(c < table.days_upto(iso)) for c in starts] == [r.date_start <= iso for r in recs]
        assert [bool(c >= table.days_from(iso)) for c in ends] == [r.date_end >= iso for r in recs]
    with pytest.raises(ValueError):
        table.day_codes("place")


def test_timeline_record_queries_answer_as_a_list_of_records_would(packed):
    recs = records(400)
    tl = Timeline(adm3_frame(), {}, recs, {"regime", "opposition", "hts", "sdf"})
    assert isinstance(tl.records, RecordTable) and list(tl.records) == recs

    def newest_first(rs):
        return sorted(rs, key=lambda r: (r.date_end, r.date_start, r.event_id), reverse=True)

    for day in [date(2015, 6, 1), date(2017, 2, 3), date(2019, 9, 9), date(2030, 1, 1)]:
        iso = day.isoformat()
        for unit in UNITS:
            mine = [r for r in recs if unit in {r.admin3, *r.area_units}]
            want = [r for r in newest_first(mine) if r.date_start <= iso]
            assert tl.records_for_unit(unit, day) == want
            assert tl.newest_for_unit(unit, day) == (want[0] if want else None)
    for place in {r.place_id for r in recs if r.place_id}:
        assert tl.records_for_place(place) == newest_first([r for r in recs if r.place_id == place])
    assert tl.records_for_place("gn:none") == [] and tl.records_for_unit("SY999999", date.max) == []
    days = {date.fromisoformat(d) for r in recs for d in (r.date_start, r.date_end)}
    assert days <= set(tl.timeline_dates())
    # A table passed on is used as it is.
    assert Timeline(adm3_frame(), {}, tl.records, {"regime"}).records is tl.records


def test_records_on_a_day_are_those_covering_it(packed):
    recs = records(400)
    tl = Timeline(adm3_frame(), {}, recs, {"regime"})
    ctx = MapContext(tl, {}, {}, [])
    for day in [date(2016, 1, 1), date(2017, 5, 5), date(2020, 12, 31), date(2024, 1, 1)]:
        iso = day.isoformat()
        assert ctx.records_on(day) == [r for r in recs if r.date_start <= iso <= r.date_end]


def test_records_read_again_are_the_same_whatever_the_recent_cache_holds(monkeypatch):
    monkeypatch.setattr(record_table, "RECENT", 3)
    recs = records(50)
    table = RecordTable(recs)
    for i in [1, 2, 1, 7, 8, 9, 1, 49, 1, 2]:  # hits, misses and clears of a 3-entry cache
        assert table[i] == recs[i]
    assert len(table._recent) <= 3
    assert list(pickle.loads(pickle.dumps(table))) == recs
