"""An article, sentence by sentence, to its records; many articles on every core."""

import multiprocessing
import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from datetime import date

from geo import dates as dates_mod
from geo import event_dates
from geo.actors import ActorMention, find_actors
from geo.dates import DateMention
from geo.extract.context import (
    _SPECIFICITY,
    _TYPE_FAMILY,
    ArticleContext,
    Happening,
    OffensiveFrame,
    _shift_actor,
    _shift_date,
    _shift_place,
    territorial_sides,
)
from geo.extract.places import (
    _assign_places,
    _drop_qualifiers,
    _drop_reference_points,
    _part_of_governorate,
    _resolve_anaphor,
    _share_places_with_cause,
)
from geo.extract.rows import _LOCATING_ROLES, _bucket, _event_places, _record
from geo.extract.sentences import Sentence, split_sentences
from geo.extract.sides import (
    _apply_frame,
    _attacks_refer_back,
    _date_sides,
    _mark_own_claims,
    _resolve_actors,
)
from geo.extract.timing import _date_range
from geo.extract.triggers import Trigger, triggers_by_sentence
from geo.gazetteer import Gazetteer, PlaceMention
from geo.records import COLUMNS as RECORD_FIELDS
from geo.records import EventRecord
from geo.sources import Source


def _sentence_happenings(
    s: Sentence,
    triggers: list[Trigger],
    places: list[PlaceMention],
    actors: list[ActorMention],
    found: list[DateMention],
    ctx: ArticleContext,
) -> list[Happening]:
    """Pass 1 for one sentence: happenings with their places, the sides the sentence itself
    names, and the date words nearest to each."""
    if not triggers:
        towns = [m.place for m in places if m.place.in_syria and not m.place.is_area]
        ctx.last_town = towns[-1] if towns else ctx.last_town
        return []
    s_actors = [_shift_actor(m, s.start) for m in actors]
    # "Russia continues to support", "Moscow said": a foreign name used for its government is an
    # actor, not a place where something happened.
    s_places = [
        m
        for m in (_shift_place(m, s.start) for m in places)
        if m.place.in_syria or not any(a.start < m.end and m.start < a.end for a in s_actors)
    ]
    # The gazetteer marks names that only locate others ("near X", "in the X countryside").
    located_elsewhere = [m for m in s_places if m.role in _LOCATING_ROLES]
    s_places = [_part_of_governorate(m, s.text) for m in s_places if m.may_carry_event]
    s_places = _drop_qualifiers(s_places, s.text)
    s_places, references = _drop_reference_points(s_places, s.text)
    references = [m.text for m in located_elsewhere] + references
    s_places = _resolve_anaphor(s_places, triggers, s.text, ctx)
    owners = _assign_places(triggers, s_places, s.text)
    happenings = [Happening(t, owners[i]) for i, t in enumerate(triggers)]
    _share_places_with_cause(happenings, s.text)
    if references:
        note = "named only as a reference point, not placed: " + ", ".join(references)
        for h in happenings:
            h.notes.append(note)
    for i, h in enumerate(happenings):
        clause_start = triggers[i - 1].end if i else 0
        region_end = triggers[i + 1].start if i + 1 < len(triggers) else len(s.text)
        _resolve_actors(h, s_actors, s.text, ctx, clause_start, region_end, happenings[i - 1] if i else None)
    _mark_own_claims(happenings, s.text)
    _attacks_refer_back(happenings, ctx)
    s_dates = [_shift_date(m, s.start) for m in found]
    for h, own in zip(happenings, event_dates.share_dates(triggers, s.text, s_dates), strict=True):
        h.dates = own
    return happenings


def _offensive_frame(parsed: list[tuple[int, Sentence, list[Happening]]]) -> OffensiveFrame:
    frame = OffensiveFrame()
    for number, _, happenings in parsed:
        for h in happenings:
            if h.trigger.event_type != "offensive":
                continue
            if h.actor1_id in territorial_sides() and (
                not frame.actor1 or _SPECIFICITY.get(h.actor1_id, 0) > _SPECIFICITY.get(frame.actor1, 0)
            ):
                frame = replace(frame, actor1=h.actor1_id, actor1_sentence=number)
            if h.actor2_id and not frame.actor2:
                frame = replace(frame, actor2=h.actor2_id, actor2_sentence=number)
            if h.dates and not frame.dates:
                frame = replace(frame, dates=h.dates[0].range, dates_sentence=number)
    return frame


def extract(
    source: Source, gazetteer: Gazetteer, find_dates: Callable[[str, date], list[DateMention]] | None = None
) -> list[EventRecord]:
    """Every event record of an article, in text order."""
    find_dates = find_dates or dates_mod.find_dates
    text = source.text
    body = source.body_start
    places = _event_places(gazetteer.find(text), body)
    actors = [m for m in find_actors(text, source.published) if m.start >= body]
    found_dates = [m for m in find_dates(text, source.published) if m.start >= body]
    place_starts, actor_starts, date_starts = ([m.start for m in ms] for ms in (places, actors, found_dates))

    ctx = ArticleContext(published=source.published)
    parsed = []
    sentences = split_sentences(text, body)
    ctx.dates = event_dates.article_dates(text, sentences, found_dates, source.published)
    triggers = triggers_by_sentence(text, sentences)
    for number, (s, s_triggers) in enumerate(zip(sentences, triggers, strict=True), start=1):
        happenings = _sentence_happenings(
            s,
            s_triggers,
            _bucket(places, place_starts, s),
            _bucket(actors, actor_starts, s),
            _bucket(found_dates, date_starts, s),
            ctx,
        )
        if happenings:
            parsed.append((number, s, happenings))

    ctx.frame = _offensive_frame(parsed)
    records: list[EventRecord] = []
    for _, s, happenings in parsed:
        for h in happenings:
            _apply_frame(h, s.text, ctx.frame)
            h.date_range = _date_range(h, s, happenings, ctx)
            _date_sides(h, s.text, ctx)
        records.extend(_records_of_sentence(source, s, happenings))
    return _drop_placeless_summaries(records)


def _drop_placeless_summaries(records: list[EventRecord]) -> list[EventRecord]:
    """ "Turkish forces captured five more villages" before the villages are named: a placeless
    happening of a kind the article also reports at named places summarises those records and
    is not another event."""
    located = {_TYPE_FAMILY.get(r.event_type, r.event_type) for r in records if r.place}
    return [r for r in records if r.place or _TYPE_FAMILY.get(r.event_type, r.event_type) not in located]


_NAMED_OBJECT = re.compile(
    r"^\s*(?:(?:of|on|in|into|from|at|over|for|near|around|towards?)\s+)?(?:the\s+)?(?:\w+\s+){0,2}?"
    r"([A-Z][\w'’-]*(?:\s+(?:\d+|[A-Z][\w'’-]*))*)"
)
_CALENDAR_WORD = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?"
)


# Names of sides, wars and operations: "intervened in the Syrian Civil War", "attacked Islamic State".
_NOT_A_PLACE_WORD = re.compile(
    r"Syrian|Russian|Turkish|Iranian|Israeli|American|Iraqi|Lebanese|Kurdish|Jordanian|British|French|German|"
    r"Syria|Islamic|Operation|Civil|War|State|President|Army|Forces|Kurds?|Arabs?|Druze|"
    r"US|U\.S\.|UN|U\.N\.|IS|ISIS|ISIL|SDF|YPG|HTS|SNA|FSA|PKK",
)


def _names_an_unknown_place(trigger: Trigger, sentence: str) -> bool:
    """ "pulled out of Brigade 93", "seizing the Golan Heights": the object is a proper name we could
    not place. A record with no point would say the source named no place, which it did."""
    found = _NAMED_OBJECT.match(sentence[trigger.end : trigger.end + 45])
    if not found:
        return False
    first = found.group(1).split()[0]
    return not (_CALENDAR_WORD.fullmatch(first) or _NOT_A_PLACE_WORD.fullmatch(first))


def _records_of_sentence(source: Source, s: Sentence, happenings: list[Happening]) -> list[EventRecord]:
    """One record per (place, happening). A happening with no Syrian place gives one record with
    no point only when it says who did it and is not the context of a located one: "Israeli jets
    struck depots" is an event an analyst wants listed; "the fighting" or "rebels said" is not.
    A placeless statement is kept only as a political or diplomatic position of a state or body
    outside the fighting in Syria: a reported claim whose content is a happening in the sentence is
    that happening, a fighting side's placeless claim is one we could not place, and a speaker we
    cannot name is not one. A placeless happening whose object is a name we could not place
    ("pulled out of Brigade 93") is not kept: the source did name a place."""
    out: list[EventRecord] = []
    located_types = {h.trigger.event_type for h in happenings if any(m.place.in_syria for m in h.places)}
    reported = any(h.trigger.event_type != "statement" for h in happenings)
    seen_placeless: set[str] = set()
    for h in happenings:
        # A place named twice in one happening ("Hama and Hama again", a compound name whose
        # halves are the same village) is one (place, happening): the first mention stands.
        syrian = list({m.place.place_id: m for m in reversed(h.places) if m.place.in_syria}.values())[::-1]
        foreign = [m for m in h.places if not m.place.in_syria]
        if syrian and h.trigger.event_type == "statement":
            continue  # where a source spoke, or a report whose happening has no word we know
        if syrian:
            if foreign:
                h.notes.append("outside Syria, not placed: " + ", ".join(m.text for m in foreign))
            out.extend(_record(source, s, h, m) for m in syrian)
            continue
        t = h.trigger.event_type
        if foreign and t != "statement":
            continue  # a happening abroad (e.g. Moscow's war in Ukraine) is not an event in Syria
        if t in located_types or t in seen_placeless or (located_types and t != "statement"):
            continue
        if not h.actor1_id or (t == "statement" and (reported or h.actor1_id in territorial_sides())):
            continue
        if t != "statement" and _names_an_unknown_place(h.trigger, s.text):
            continue
        if foreign:
            h.notes.append(
                "said or done outside Syria (" + ", ".join(m.text for m in foreign) + "): no point in Syria"
            )
        seen_placeless.add(t)
        out.append(_record(source, s, h, None))
    return out


# --- many articles ----------------------------------------------------------------------------

_POOL_GAZETTEER: Gazetteer | None = None


def _extract_in_worker(source: Source) -> list[tuple]:
    assert _POOL_GAZETTEER is not None
    # Plain tuples cross the process boundary several times faster than dataclasses.
    return [_as_row(r) for r in extract(source, _POOL_GAZETTEER)]


def _as_row(record: EventRecord) -> tuple:
    return tuple(getattr(record, name) for name in RECORD_FIELDS)


def extract_many(
    sources: list[Source], gazetteer: Gazetteer, workers: int | None = None
) -> list[list[EventRecord]]:
    """`extract` for each source, in order, on every core for large batches. Workers are forked
    from this process, so they share its loaded gazetteer instead of loading their own."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or len(sources) < 8 or "fork" not in multiprocessing.get_all_start_methods():
        return [extract(s, gazetteer) for s in sources]
    global _POOL_GAZETTEER
    _POOL_GAZETTEER = gazetteer
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk = max(1, len(sources) // (workers * 4))
            rows = pool.map(_extract_in_worker, sources, chunksize=chunk)
            return [[EventRecord(*row) for row in records] for records in rows]
    finally:
        _POOL_GAZETTEER = None
