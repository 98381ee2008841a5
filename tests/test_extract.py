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


def test_lost_control_names_the_loser_and_an_undated_report_is_the_publication_day(gaz):
    records = run(gaz, "The regime lost control of Deraa and Deir ez-Zor.", date(2024, 12, 7))
    lost = [r for r in records if r.event_type == "captured"]
    assert [r.place for r in lost] == ["Dar'a", "Deir-ez-Zor"]
    assert {(r.actor1, r.actor2) for r in lost} == {("", "regime")}
    assert {(r.date_start, r.date_end, r.time_precision) for r in lost} == {("2024-12-07", "2024-12-07", 1)}
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
    # From the offensive's start (last week's Monday) to the day before publication.
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


# --- what happened, and what is not an event (issue 10) ----------------------------------------


def test_shelling_and_rockets_are_other_air_raids_are_airstrikes(gaz):
    records = run(
        gaz,
        "Government artillery shelled Saraqib on Monday. Russian warplanes bombed Hayyan on Monday.",
        date(2019, 5, 7),
    )
    assert one(records, place="Saraqab").event_type == "other"
    assert one(records, place="Hayyan").event_type == "airstrike"


def test_an_attack_is_an_airstrike_only_when_aircraft_are_named(gaz):
    by_air = run(gaz, "Warplanes attacked Andan on Tuesday.", date(2016, 3, 2))
    on_foot = run(gaz, "Rebels attacked Andan on Tuesday.", date(2016, 3, 2))
    assert [r.event_type for r in by_air] == ["airstrike"]
    assert [r.event_type for r in on_foot] == ["other"]


def test_entering_and_approaching_are_not_captures(gaz):
    records = run(
        gaz,
        "Rebels entered Byanun and advanced towards Mayer, then reached the outskirts of Azaz.",
        date(2016, 3, 2),
    )
    assert records and all(r.event_type == "other" for r in records)


def test_planned_and_hypothetical_happenings_are_not_events(gaz):
    records = run(
        gaz,
        "The army vowed to retake Saraqib. Rebels are preparing to attack Hayyan, and they could seize Andan.",
        date(2016, 3, 2),
    )
    assert all(r.event_type not in {"captured", "other", "airstrike"} for r in records), [
        (r.event_type, r.place) for r in records
    ]


def test_a_quoted_claim_by_a_named_speaker_is_reported(gaz):
    records = run(
        gaz, 'The SDF said: "Our fighters took full control of Quamishli on Friday."', date(2019, 3, 24)
    )
    r = one(records, place="Quamishli")
    assert (r.event_type, r.date_start) == ("captured", "2019-03-22")


def test_a_reference_point_is_not_where_it_happened(gaz):
    records = run(
        gaz,
        "Rebels captured Kafr Hamra, about 20 km north of Homs, and Andan near Azaz on Friday.",
        date(2016, 3, 5),
    )
    assert {r.place for r in records} == {"Kafr Hamra", "Andan"}
    assert all("reference point" in r.notes for r in records)


def test_a_province_after_a_town_only_locates_it(gaz):
    records = run(gaz, "The army captured Sur in the eastern province of Deir-ez-Zor.", date(2017, 11, 3))
    assert [r.place for r in records] == ["Sur"]


def test_the_speaker_of_a_report_does_not_own_its_places(gaz):
    records = run(gaz, "Activists said the army took Saraqib on Sunday.", date(2020, 2, 10))
    assert [(r.event_type, r.place) for r in records] == [("captured", "Saraqab")]


def test_took_is_a_capture_only_with_a_place_as_its_object(gaz):
    took = run(gaz, "Rebels took the town of Saraqib and took part in clashes near Andan.", date(2020, 2, 10))
    assert one(took, place="Saraqab").event_type == "captured"
    assert one(took, place="Andan").event_type == "clashes"


def test_the_town_refers_back_to_the_last_town_named(gaz):
    records = run(
        gaz,
        "Rebels took Saraqib on Sunday. Government jets bombed the town on Monday.",
        date(2020, 2, 10),
    )
    strike = one(records, event_type="airstrike")
    assert (strike.place, strike.mention, strike.date_start) == ("Saraqab", "the town", "2020-02-10")
    assert '"the town" taken as Saraqab' in strike.notes


def test_a_placeless_general_quote_is_not_an_event(gaz):
    records = run(
        gaz,
        '"The situation is very difficult," a resident said. The fighting went on.',
        date(2020, 2, 10),
    )
    assert records == []


def test_killings_are_other_unless_a_more_specific_word_names_the_happening(gaz):
    killed = run(gaz, "Twelve people were killed in Andan on Monday, the monitor said.", date(2021, 4, 6))
    assert [(r.event_type, r.place) for r in killed] == [("other", "Andan")]
    stormed = run(gaz, "Gunmen stormed Andan on Monday, killing twelve people.", date(2021, 4, 6))
    assert [(r.event_type, r.trigger) for r in stormed] == [("other", "stormed")]


def test_where_a_source_spoke_is_not_an_event_place(gaz):
    assert run(gaz, "In Homs, a local official said the situation was calm.", date(2021, 4, 6)) == []


def test_a_capture_told_only_by_its_maker_is_a_control_claim(gaz):
    claim = one(
        run(gaz, "The SDF said it had captured Quamishli on Friday.", date(2019, 3, 24)), place="Quamishli"
    )
    assert (claim.event_type, claim.actor1) == ("control_claim", "sdf")
    assert "told only by the side that made it" in claim.notes
    monitor = run(gaz, "The monitor said the SDF had captured Quamishli on Friday.", date(2019, 3, 24))
    assert one(monitor, place="Quamishli").event_type == "captured"


def test_the_ends_of_a_road_and_a_describing_name_are_not_event_places(gaz):
    records = run(
        gaz,
        "Troops captured the Idlib towns of Saraqib and Dana, on the highway linking Aleppo and Hama, on Monday.",
        date(2020, 2, 11),
    )
    assert sorted(r.place for r in records) == ["Dana", "Saraqab"]


def test_a_placeless_summary_of_named_captures_is_not_another_event(gaz):
    records = run(
        gaz,
        "Turkish forces captured three more villages on Friday. "
        "The villages of Mayer and Byanun were captured, the army said.",
        date(2018, 2, 10),
    )
    assert sorted((r.event_type, r.place) for r in records) == [("captured", "Byanun"), ("captured", "Mayer")]


def test_an_apposition_that_locates_a_town_is_not_an_event_place(gaz):
    records = run(
        gaz, "Rebels fought their way into Andan, a village north of Aleppo, on Monday.", date(2016, 2, 2)
    )
    assert [(r.event_type, r.place) for r in records] == [("other", "Andan")]


def test_flags_asserted_control_ambushes_and_repelled_attacks(gaz):
    records = run(
        gaz,
        "The SDF raised their flag in Quamishli on Monday. "
        "Police tried to arrest a suspect near Dana but were ambushed by gunmen on Monday. "
        "The army repelled an attack on Saraqib on Monday.",
        date(2021, 4, 6),
    )
    assert one(records, place="Quamishli").event_type == "control_claim"
    assert one(records, place="Dana").event_type == "clashes"
    assert one(records, place="Saraqab").event_type == "clashes"


def test_the_city_in_a_reported_quote_is_the_last_town_named(gaz):
    records = run(
        gaz,
        'Government forces recaptured Saraqib on Sunday. "The rebels withdrew from the city," the monitor said.',
        date(2020, 2, 10),
    )
    assert one(records, event_type="withdrawal").place == "Saraqab"


def test_an_attack_right_after_air_strikes_continues_them(gaz):
    records = run(
        gaz,
        "Russian jets bombed Saraqib on Monday. The attacks also hit Andan and Hayyan, activists said.",
        date(2016, 2, 2),
    )
    assert {r.place: r.event_type for r in records} == {
        "Saraqab": "airstrike",
        "Andan": "airstrike",
        "Hayyan": "airstrike",
    }
    assert "continues the air strikes" in one(records, place="Andan").notes


def test_a_direction_word_before_a_governorate_capital_names_the_governorate(gaz):
    records = run(gaz, "Fighting raged in eastern Idlib on Monday.", date(2020, 2, 11))
    r = one(records, event_type="clashes")
    assert (r.place_id, r.place, r.geo_precision, r.coverage) == ("adm1:SY07", "Idleb governorate", 3, "part")


def test_driving_a_side_out_of_a_town_is_a_capture(gaz):
    swept = one(run(gaz, "Rebels were swept out of Saraqib on Monday.", date(2020, 2, 11)), place="Saraqab")
    assert swept.event_type == "captured"
    ousted = run(gaz, "Government forces ousted the rebels from Dana on Monday.", date(2020, 2, 11))
    assert (one(ousted, place="Dana").event_type, one(ousted, place="Dana").actor1) == ("captured", "regime")


def test_denied_happenings_and_participles_used_as_adjectives_are_not_events(gaz):
    records = run(
        gaz,
        "The ministry denied that troops had withdrawn from Saraqib. "
        "Rebels did not capture Dana. The governor spoke in the recaptured district of Andan on Monday.",
        date(2024, 12, 7),
    )
    assert [r for r in records if r.event_type in {"captured", "withdrawal"}] == []


def test_where_a_source_is_and_a_suburb_that_locates_are_not_event_places(gaz):
    records = run(
        gaz,
        '"Troops took full control of Saraqib," a military source in Homs told AFP on Sunday. '
        "Fighting raged near Andan, a suburb of Aleppo, on Sunday.",
        date(2020, 2, 10),
    )
    assert sorted(r.place for r in records) == ["Andan", "Saraqab"]


def test_the_city_of_x_in_an_apposition_is_the_place_itself(gaz):
    records = run(
        gaz, "Troops entered the provincial capital, the city of Idlib, on Monday.", date(2020, 2, 11)
    )
    assert [r.place for r in records] == ["Idleb"]


def test_an_area_outside_the_triggers_clause_is_not_its_place(gaz):
    records = run(
        gaz,
        "Troops captured Saraqib on Monday, cutting rebel supply lines in the Idlib countryside. "
        "A campaign to capture northeastern Syria began last month.",
        date(2020, 2, 11),
    )
    assert [(r.event_type, r.place) for r in records] == [("captured", "Saraqab")]


def test_a_cause_clause_happened_at_the_same_places(gaz):
    records = run(
        gaz,
        "Rebels withdrew from Mayer and Byanun as they were attacked from the air on Monday.",
        date(2018, 6, 26),
    )
    assert sorted((r.event_type, r.place) for r in records) == [
        ("airstrike", "Byanun"),
        ("airstrike", "Mayer"),
        ("withdrawal", "Byanun"),
        ("withdrawal", "Mayer"),
    ]


def test_the_city_later_in_the_same_sentence_is_the_town_just_named(gaz):
    records = run(
        gaz,
        "The army took control of Saraqib on Tuesday but has since withdrawn from the city.",
        date(2019, 10, 16),
    )
    assert sorted((r.event_type, r.place) for r in records) == [
        ("captured", "Saraqab"),
        ("withdrawal", "Saraqab"),
    ]


def test_placeless_records_keep_diplomatic_positions_and_drop_unplaced_names(gaz):
    records = run(
        gaz,
        "The US State Department said on Monday that it was watching closely. "
        "The SDF said on Monday that talks were under way. "
        "Government troops pulled out of Brigade 17 on Monday. "
        "Israeli jets struck weapons depots on Monday.",
        date(2019, 10, 15),
    )
    assert sorted((r.event_type, r.actor1) for r in records) == [
        ("airstrike", "israel"),
        ("statement", "usa"),
    ]


def test_where_forces_or_people_went_is_not_where_it_happened(gaz):
    records = run(
        gaz,
        "Rebels withdrew from Saraqib towards Idlib on Monday. "
        "Thousands fled Dana for neighbouring Azaz amid clashes on Monday.",
        date(2020, 2, 11),
    )
    assert sorted((r.event_type, r.place) for r in records) == [
        ("clashes", "Dana"),
        ("withdrawal", "Saraqab"),
    ]


def test_a_town_after_a_new_clause_is_not_the_earlier_triggers_place(gaz):
    records = run(
        gaz,
        "Jets bombed Mayer, which is near Azaz, and Byanun on Monday as rebels regrouped in Andan.",
        date(2016, 2, 2),
    )
    assert sorted(r.place for r in records) == ["Byanun", "Mayer"]


def test_an_unattributed_strike_or_passive_capture_continues_the_side_just_before(gaz):
    records = run(
        gaz,
        "Russian jets bombed Saraqib on Monday. Air strikes also hit Andan on Monday. "
        "Turkish forces captured Mayer on Monday. The villages of Byanun and Hayyan were captured from the YPG.",
        date(2018, 2, 10),
    )
    assert one(records, place="Andan").actor1 == "russia"
    assert {one(records, place=p).actor1 for p in ("Byanun", "Hayyan")} == {"turkey"}
    assert "continues the side of the captured" in one(records, place="Byanun").notes
