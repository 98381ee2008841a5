"""The extractor on articles written here, over the small world of tests/small_world.py.

Each test is a short article with its own places, dates and phrasing; none is the seed article.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.extract import extract, extract_many, find_triggers, split_sentences
from geo.sources import Source
from tests.small_world import small_gazetteer


@pytest.fixture(scope="module")
def gaz(tmp_path_factory):
    return small_gazetteer(tmp_path_factory.mktemp("world"))


def article(body: str, published: date, title: str = "A headline about Aleppo and its capture") -> Source:
    return Source("test-article", title, f"{title}\n{body}", published, "test", None, None, None)


def run(gaz, body: str, published: date, **kw):
    source = article(body, published, **kw)
    records = extract(source, gaz)
    for r in records:
        assert source.text[r.sentence_start : r.sentence_end] == r.sentence
        if r.mention:
            assert source.text[r.mention_start : r.mention_end] == r.mention
        assert r.date_start <= r.date_end <= published.isoformat()
    return records


def one(records, **match):
    hits = [r for r in records if all(getattr(r, k) == v for k, v in match.items())]
    assert len(hits) == 1, [(r.event_type, r.place, r.actor1, r.actor2) for r in records]
    return hits[0]


# --- sentences -------------------------------------------------------------------------------


def test_sentences_keep_offsets_and_skip_abbreviations():
    text = "Title\nU.S. forces left on Dec. 2, 2024. Gen. Smith said so! Then, at 5 p.m. they returned.\nNew line here."
    sentences = split_sentences(text, 6)
    assert [s.text for s in sentences] == [
        "U.S. forces left on Dec. 2, 2024.",
        "Gen. Smith said so!",
        "Then, at 5 p.m. they returned.",
        "New line here.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_crlf_line_ends_do_not_leak_into_sentences():
    text = "Title\r\nRebels took Hama.\r\nThe army left.\r\n"
    assert [s.text for s in split_sentences(text, 7)] == ["Rebels took Hama.", "The army left."]


def test_triggers_inside_quotations_are_ignored():
    types = [
        t.event_type for t in find_triggers('"We will capture Aleppo and attack Homs," the commander said.')
    ]
    assert types == ["statement"]


# --- rules ------------------------------------------------------------------------------------


def test_weekday_in_an_article_published_on_a_sunday_is_that_day(gaz):
    records = run(
        gaz, "Government forces recaptured Khan Shaykhun on Sunday, state media reported.", date(2024, 12, 1)
    )
    r = one(records, event_type="captured")
    assert (r.place, r.actor1, r.date_start, r.date_end, r.time_precision) == (
        "Khan Shaykhun",
        "regime",
        "2024-12-01",
        "2024-12-01",
        1,
    )
    assert "on Sunday" in r.date_basis


def test_weekday_in_a_wednesday_article_is_the_sunday_before(gaz):
    r = one(run(gaz, "Rebels seized Saraqib on Sunday.", date(2024, 12, 4)), event_type="captured")
    assert (r.place, r.admin3, r.date_start, r.actor1) == ("Saraqab", "SY070003", "2024-12-01", "opposition")


def test_a_list_of_villages_gives_one_record_each(gaz):
    body = "Turkish-backed rebels captured the villages of Andan, Hayyan, Kafr Hamra, Bayanoun and Mayer on Wednesday."
    records = run(gaz, body, date(2024, 11, 29))
    captured = [r for r in records if r.event_type == "captured"]
    assert [r.place for r in captured] == ["Andan", "Hayyan", "Kafr Hamra", "Byanun", "Mayer"]
    assert {r.actor1 for r in captured} == {"sna"}
    assert {r.date_start for r in captured} == {"2024-11-27"}
    assert len({r.event_id for r in captured}) == 5
    assert captured[3].mention == "Bayanoun"


def test_transliteration_variants_reach_the_same_place(gaz):
    a = one(
        run(gaz, "Kurdish-led forces withdrew from Tell Refaat on Monday.", date(2024, 12, 3)),
        event_type="withdrawal",
    )
    b = one(
        run(gaz, "The SDF withdrew from Tall Rif'at on Monday.", date(2024, 12, 3)), event_type="withdrawal"
    )
    assert a.place_id == b.place_id and a.admin3 == "SY020402"
    assert a.actor1 == b.actor1 == "sdf"
    assert a.mention == "Tell Refaat" and b.mention == "Tall Rif'at"


def test_a_foreign_capital_is_never_placed_in_syria(gaz):
    records = run(
        gaz,
        "Russian jets struck rebel positions near Idlib overnight, officials in Moscow said.",
        date(2024, 11, 30),
    )
    strike = one(records, event_type="airstrike")
    assert (strike.place, strike.geo_precision, strike.actor1) == ("Idleb", 2, "russia")
    assert strike.date_start == "2024-11-29" and strike.date_end == "2024-11-30"
    assert all(r.place != "Moscow" and "moscow" not in r.place_id for r in records)


def test_a_happening_abroad_is_not_an_event_in_syria(gaz):
    assert run(gaz, "Moscow's offensive against Iraq continued last week.", date(2024, 11, 30)) == []


def test_idlib_city_against_idlib_province(gaz):
    city = one(run(gaz, "Rebels captured Idlib city on Friday.", date(2024, 11, 30)), event_type="captured")
    assert (city.place_id.startswith("adm"), city.geo_precision, city.admin3) == (False, 1, "SY070000")
    province = one(
        run(gaz, "HTS seized all of Idlib province last week.", date(2024, 11, 30)), event_type="captured"
    )
    assert (province.place_id, province.geo_precision, province.coverage) == ("adm1:SY07", 3, "whole")
    assert province.latitude is None and "SY070003" in province.area_units
    part = one(
        run(gaz, "HTS seized parts of Idlib province last week.", date(2024, 11, 30)), event_type="captured"
    )
    assert part.coverage == "part"


def test_fell_to_names_the_winner(gaz):
    r = one(run(gaz, "Hama fell to HTS-led forces on Thursday.", date(2024, 12, 6)), event_type="captured")
    assert (r.place, r.actor1, r.date_start) == ("Hama", "hts", "2024-12-05")


def test_lost_control_names_the_loser_and_undated_defaults_to_the_week_before(gaz):
    records = run(gaz, "The regime lost control of Deraa and Deir ez-Zor.", date(2024, 12, 7))
    lost = [r for r in records if r.event_type == "captured"]
    assert [r.place for r in lost] == ["Dar'a", "Deir-ez-Zor"]
    assert {(r.actor1, r.actor2) for r in lost} == {("", "regime")}
    assert {(r.date_start, r.date_end, r.time_precision) for r in lost} == {("2024-12-01", "2024-12-07", 2)}
    assert "no date words" in lost[0].date_basis


def test_a_happening_with_no_place_is_listed_without_a_point(gaz):
    r = one(
        run(gaz, "Israeli jets struck weapons depots overnight.", date(2024, 12, 10)), event_type="airstrike"
    )
    assert (r.place, r.latitude, r.geo_precision, r.actor1) == ("", None, None, "israel")


def test_a_statement_made_abroad_has_no_syrian_point(gaz):
    r = one(
        run(gaz, "The Kremlin said on Tuesday that it was watching closely.", date(2024, 12, 4)),
        event_type="statement",
    )
    assert (r.actor1, r.place, r.date_start, r.time_precision) == ("russia", "", "2024-12-03", 1)


def test_present_tense_control_is_a_claim_up_to_publication(gaz):
    r = one(
        run(gaz, "The SDF controls Raqqa and its countryside.", date(2024, 12, 4)), event_type="control_claim"
    )
    assert (r.actor1, r.date_end, r.time_precision) == ("sdf", "2024-12-04", 3)


def test_a_region_with_towns_in_it_is_only_part_of_the_region(gaz):
    records = run(gaz, "Kurdish forces hold towns in northeastern Syria, the group said.", date(2024, 12, 4))
    claim = one(records, event_type="control_claim")
    assert (claim.place_id, claim.geo_precision, claim.coverage) == ("region:northeastern-syria", 3, "part")


def test_former_holder_from_x_held_and_ally_from_helped(gaz):
    body = (
        "In 2017, Iranian militias helped government forces retake opposition-held districts of Deir ez-Zor."
    )
    r = one(run(gaz, body, date(2024, 12, 4)), event_type="captured")
    assert (r.actor1, r.actor2, r.assoc_actor1) == ("regime", "opposition", "iran")
    assert (r.date_start, r.date_end, r.time_precision) == ("2017-01-01", "2017-12-31", 3)


def test_the_offensive_named_earlier_dates_and_sides_a_later_sentence(gaz):
    body = (
        "Anti-government fighters launched an offensive last week. "
        "The offensive saw the army lose control of Hama. "
        "Forces led by HTS spearheaded the offensive, residents said."
    )
    records = run(gaz, body, date(2024, 12, 9))
    lost = one(records, event_type="captured", place="Hama")
    assert (lost.actor1, lost.actor2) == ("hts", "regime")
    assert (lost.date_start, lost.date_end, lost.time_precision) == ("2024-12-02", "2024-12-08", 2)
    assert "offensive" in lost.date_basis and "sentence" in lost.notes


def test_the_headline_is_not_extracted(gaz):
    records = run(gaz, "Nothing happened today.", date(2024, 12, 4), title="Rebels capture Aleppo")
    assert records == []


def test_event_ids_are_stable_and_depend_on_the_text(gaz):
    body = "Rebels seized Saraqib on Sunday."
    first = run(gaz, body, date(2024, 12, 4))
    again = run(gaz, body, date(2024, 12, 4))
    other = run(gaz, body + " The army shelled Dana.", date(2024, 12, 4))
    assert [r.event_id for r in first] == [r.event_id for r in again]
    assert first[0].event_id != other[0].event_id


# --- properties -------------------------------------------------------------------------------

SEED_LIKE = (
    "Rebels seized Saraqib on Sunday. The regime lost control of Hama last week, officials in Moscow said. "
    "Israeli jets struck Deir ez-Zor overnight. Turkish-backed rebels captured Andan, Hayyan and Mayer in 2016."
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(max_size=400),
        st.lists(
            st.sampled_from([*SEED_LIKE.split(" "), "\n", ".", '"', "al-", "Idlib", "province", "—"]),
            max_size=80,
        ).map(" ".join),
    ),
    st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31)),
)
def test_no_text_crashes_the_extractor_and_offsets_slice_back(gaz, body, published):
    run(gaz, body, published)


def test_a_place_named_twice_in_one_happening_is_one_record(gaz):
    records = run(gaz, "Rebels captured Hama on Sunday, and then Hama again, and Saraqib.", date(2024, 12, 4))
    captured = [r for r in records if r.event_type == "captured"]
    assert [r.place for r in captured] == ["Hama", "Saraqab"]
    assert captured[0].mention_start < captured[1].mention_start


def test_many_articles_on_every_core_give_what_one_at_a_time_gives(gaz):
    bodies = [
        f"Rebels seized Saraqib on Sunday. The regime lost control of Hama in {2010 + i}." for i in range(9)
    ]
    sources = [article(body, date(2024, 12, 4)) for body in bodies]
    serial = [extract(s, gaz) for s in sources]
    assert extract_many(sources, gaz, workers=2) == serial
    assert all(records for records in serial)
