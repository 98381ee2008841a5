"""Extraction: an article becomes ACLED-style event records, each quoting its exact sentence.

Steps, all rule-based and explainable (every inference is written into the record's notes):

1. `split_sentences` cuts the text after the title line into sentences, keeping offsets.
2. Place, actor and date words are found once over the whole text (`geo.gazetteer`,
   `geo.actors`, `geo.dates`) and shared out to their sentences.
3. `find_triggers` finds the words that name a happening (captured, airstrike, offensive,
   clashes, withdrawal, control_claim, statement, other); neighbouring words of one type are
   one happening.
4. Each place goes to the happening that governs it (the nearest trigger before it, else after);
   each happening gets its actors by their role (subject, loser, former holder, ally) and its
   date (the nearest date words, else a documented default), and gives one record per place.

The headline is not extracted: it summarises the body, and its happenings are reported there.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import string
from bisect import bisect_right
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from geo import dates as dates_mod
from geo.actors import ActorMention, find_actors
from geo.dates import DateMention, DateRange
from geo.gazetteer import Gazetteer, PlaceMention
from geo.records import COLUMNS as RECORD_FIELDS
from geo.records import EventRecord
from geo.sources import Source

# Bump when the rules change: stored sources extracted by another version are extracted again.
EXTRACTOR_VERSION = "2"

# --- sentences ------------------------------------------------------------------------------

_ABBREVIATIONS = {
    *["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"],
    *[
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "st",
        "no",
        "vol",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "jr",
        "sr",
        "prof",
        "rev",
        "gov",
        "sen",
        "rep",
    ],
    *["u.s", "u.n", "u.k", "e.u", "a.m", "p.m"],
}
_END = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|[.!?]+[\"”’')\]]*$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str, start: int = 0) -> list[Sentence]:
    """Sentences of `text[start:]`, one line at most each, with offsets into `text`."""
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text[start:]):
        line_start = start + line.start()
        piece_start = 0
        body = line.group()
        for end in _END.finditer(body):
            word = re.search(r"([\w.]+)$", body[: end.start()])
            if word and end.group().startswith(".") and _is_abbreviation(word.group(1)):
                continue
            _add_sentence(sentences, text, line_start + piece_start, line_start + end.end())
            piece_start = end.end()
        _add_sentence(sentences, text, line_start + piece_start, line_start + len(body))
    return sentences


def _is_abbreviation(word: str) -> bool:
    lowered = word.lower()
    return (
        lowered in _ABBREVIATIONS
        or bool(re.fullmatch(r"[A-Z]", word))
        or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", lowered))
    )


def _add_sentence(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start and any(ch.isalpha() for ch in text[start:end]):
        out.append(Sentence(start, end, text[start:end]))


# --- triggers -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TriggerRule:
    event_type: str
    pattern: str
    voice: str  # active | loser | passive | noun | speech | relative | presence


# Order matters only for overlaps: a longer match wins, then the earlier rule.
TRIGGER_RULES: list[TriggerRule] = [
    TriggerRule("captured", r"(?:lost|lose|loses|losing) (?:full |complete )?control (?:of|over)", "loser"),
    TriggerRule(
        "captured",
        r"(?:was|were|has been|have been|had been) (?:captured|seized|taken|overrun|recaptured|retaken)(?: by)?",
        "passive",
    ),
    TriggerRule("captured", r"(?:fell|falls|fall|falling) (?:to|into the hands of)", "fell"),
    TriggerRule("captured", r"(?:were |was )?(?:driven|pushed|forced) out of", "loser"),
    TriggerRule(
        "captured",
        r"(?:captur(?:e|ed|es|ing)|seiz(?:e|ed|es|ing)|(?:took|take|takes|taking|taken|gained|gain|gains|wrested|wrest|assumed|seized|regained|regain|regains|took full|took complete) (?:full |complete )?control (?:of|over)|"
        r"took over|take over|takes over|taking over|overran|overrun|overrunning|recaptur(?:e|ed|es|ing)|retook|retake|retaken|retaking|"
        r"liberat(?:e|ed|es|ing)|swept into|sweeping into|stormed|storming|"
        r"claimed (?:several |significant |major |large |vast )?(?:territorial gains|gains|swathes of territory|territory)|"
        r"(?:territorial gains|swathes of territory))",
        "active",
    ),
    TriggerRule("captured", r"(?:the )?(?:fall|capture|seizure|recapture) of", "noun"),
    TriggerRule(
        "airstrike",
        r"(?:air|aerial|drone|missile) ?(?:strikes?|raids?|attacks?|bombardments?)|airstrikes?|air-strikes?|bomb(?:ed|ing|ings|ard|arded|ardment)|shell(?:ed|ing)",
        "active",
    ),
    TriggerRule(
        "airstrike",
        r"(?:staged|carried out|conducted|launched) (?:\w+ ){0,2}strikes?|struck",
        "air-if-aircraft",
    ),
    TriggerRule(
        "offensive",
        r"(?:(?:launched|launch|began|begun|started|mounted) (?:an? )?(?:\w+ )?(?:attack|operation|push|incursion|offensive)|"
        r"advanc(?:e|ed|es|ing) (?:on|toward|towards|into|in)|push(?:ed|ing)? (?:into|toward|towards)|targeted|targeting|besieg(?:e|ed|ing)|attack(?:ed|ing)|attacks? on)",
        "active",
    ),
    TriggerRule("offensive", r"(?:counter-?)?offensives?|assaults?|incursions?", "noun"),
    TriggerRule(
        "clashes",
        r"clash(?:es|ed|ing)?|fighting|fought|battl(?:e|es|ed|ing)|exchanged fire|firefights?|skirmish(?:es)?",
        "active",
    ),
    TriggerRule(
        "withdrawal",
        r"withdr(?:ew|aw|awn|awing|awal)|pulled (?:out|back)|pull(?:s|ing)? (?:out|back)|retreat(?:ed|s|ing)?",
        "active",
    ),
    TriggerRule(
        "control_claim",
        r"(?:it|they|which|that|who|he|she) (?:control|controls|controlled|hold|holds|held|run|runs)",
        "relative",
    ),
    TriggerRule(
        "control_claim",
        r"(?:controls|controlled|holds|hold|remains? in control of|(?:is|are|was|were|remain|remains) (?:still )?(?:held|controlled) by|under (?:the )?control of|in control of|in the hands of)",
        "active",
    ),
    TriggerRule(
        "control_claim",
        r"(?:pos(?:es|ed|ing|e)|stand(?:s|ing)?|stood|patrol(?:s|led|ling)?|deployed|gather(?:ed|ing)?|celebrat(?:e|es|ed|ing)|walk(?:s|ed|ing)?|rid(?:e|es|ing)|waves?|waving)\b(?:[^.]{0,80}?)\bin",
        "presence",
    ),
    TriggerRule(
        "statement",
        r"(?:said|says|told|tells|stated|urged|urges|announced|announces|warned|warns|denied|denies|condemned|condemns|vowed|vows|added|spoke|speaks|insisted|declared|called for|calls for|continues? to support|continued to support)",
        "speech",
    ),
    TriggerRule("statement", r"(?:joint )?statements?", "noun"),
    TriggerRule("other", r"intervened|intervention|stepp(?:ed|ing) into the conflict", "active"),
]
# Matched against the text with ASCII capitals lowered (same length, so offsets hold): an
# IGNORECASE scan costs a third more.
_TRIGGER_RES = [(rule, re.compile(rf"(?<![\w\-])(?:{rule.pattern})(?![\w])")) for rule in TRIGGER_RULES]
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_AIRCRAFT = re.compile(
    r"\b(?:aircraft|warplanes?|war planes?|jets?|air force|helicopters?|drones?)\b", re.IGNORECASE
)
_QUOTE = re.compile(r"[\"“][^\"“”]*[\"”]")
_ATTRIBUTION = re.compile(r"\baccording to\b", re.IGNORECASE)


@dataclass(frozen=True)
class Trigger:
    event_type: str
    voice: str
    start: int  # offsets into the sentence
    end: int
    text: str
    head: int = -1  # start of the last merged part ("urged" in "joint statement ... urged")

    @property
    def head_start(self) -> int:
        return self.start if self.head < 0 else self.head


def _quoted_spans(sentence: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE.finditer(sentence)]


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def find_triggers(sentence: str) -> list[Trigger]:
    """Words naming happenings, outside quotations; neighbours of one type are merged."""
    return triggers_by_sentence(sentence, [Sentence(0, len(sentence), sentence)])[0]


def triggers_by_sentence(text: str, sentences: list[Sentence]) -> list[list[Trigger]]:
    """`find_triggers` for every sentence of a text, each pattern scanning the text once (per
    sentence, the calls would cost more than the matching). Offsets are into each sentence."""
    if not sentences:
        return []
    lo, hi = sentences[0].start, sentences[-1].end
    starts = [s.start for s in sentences]
    found: list[list[tuple[int, re.Match[str]]]] = [[] for _ in sentences]
    lowered = text.translate(_ASCII_LOWER)
    for priority, (_, regex) in enumerate(_TRIGGER_RES):
        for m in regex.finditer(lowered, lo, hi):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and m.end() <= sentences[i].end:
                found[i].append((priority, m))
    return [_choose_triggers(s, hits) for s, hits in zip(sentences, found, strict=True)]


def _choose_triggers(s: Sentence, hits: list[tuple[int, re.Match[str]]]) -> list[Trigger]:
    """Of the pattern matches in one sentence: drop those in quotations or ruled out by their
    context, keep the longest where they overlap, then merge a noun with the verb it heads."""
    if not hits:
        return []
    sentence = s.text
    quotes = _quoted_spans(sentence)
    candidates: list[tuple[int, Trigger]] = []
    for priority, m in hits:
        rule = _TRIGGER_RES[priority][0]
        start, end = m.start() - s.start, m.end() - s.start
        if quotes and _inside(quotes, start, end):
            continue
        voice, event_type = rule.voice, rule.event_type
        if voice == "air-if-aircraft":
            if not _AIRCRAFT.search(sentence):
                continue
            voice = "active"
        if event_type == "statement" and _ATTRIBUTION.search(sentence[max(0, start - 15) : start]):
            continue
        candidates.append((priority, Trigger(event_type, voice, start, end, sentence[start:end])))
    chosen: list[Trigger] = []
    for _, trig in sorted(candidates, key=lambda c: (-(c[1].end - c[1].start), c[0], c[1].start)):
        if all(trig.end <= t.start or trig.start >= t.end for t in chosen):
            chosen.append(trig)
    chosen.sort(key=lambda t: t.start)
    return _merge_neighbours(chosen, sentence)


def _merge_neighbours(triggers: list[Trigger], sentence: str) -> list[Trigger]:
    """ "joint statement ... urged", "offensive that primarily targeted": one happening each."""
    merged: list[Trigger] = []
    for trig in triggers:
        if merged:
            last = merged[-1]
            between = sentence[last.end : trig.start]
            # Only a noun and the verb it heads merge; two verbs are two happenings ("said ... spoke").
            if (
                last.event_type == trig.event_type
                and last.voice == "noun"
                and len(between) <= 60
                and not re.search(r"[.;]", between)
            ):
                merged[-1] = Trigger(
                    last.event_type,
                    trig.voice if last.voice == "noun" else last.voice,
                    last.start,
                    trig.end,
                    sentence[last.start : trig.end],
                    trig.start,
                )
                continue
        merged.append(trig)
    return merged


# --- happenings -----------------------------------------------------------------------------

_NEAR = re.compile(
    r"(?:near|outskirts of|around|outside|close to|(?:\d+\s*(?:km|kilometres|kilometers|miles)\s+)?(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)? of|countryside of|vicinity of|edge of)\s+(?:the\s+)?(?:\w+\s+of\s+)?$",
    re.IGNORECASE,
)
_WHOLE = re.compile(
    r"(?:all of|the whole of|the entire|entire|entirety of|whole|full control of|complete control of|all)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_HELPER_VERB = re.compile(
    r"\b(?:helped|help|helps|helping|assisted|backed|supported|aided|enabled)\b", re.IGNORECASE
)
_BY = re.compile(r"^\s*(?:\w+\s+){0,2}(?:led |launched |carried out )?by\s+(?:the\s+)?$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_BY_OR_TO = re.compile(r"\b(?:by|to|into the hands of)\s+(?:the\s+)?$", re.IGNORECASE)
_OF_MODIFIER = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
_RUN_GLUE = re.compile(r"^\s*(?:,|and|,\s*and|or|\(|\)|\)\s*,?)?\s*(?:the\s+)?$", re.IGNORECASE)
_PRONOUN_SUBJECT = re.compile(r"\b(?:He|She|They|It)\s+$")
_COREFERENT_OFFENSIVE = re.compile(r"\b(?:offensive|assault|campaign|operation)\b", re.IGNORECASE)
_KIND_WORDS = {"adm1": "governorate", "adm2": "district", "adm3": "sub-district"}
TERRITORIAL_SIDES = {"regime", "hts", "sna", "opposition", "sdf", "us_coalition", "isis"}
# A named group says more than the umbrella "opposition" it belongs to.
_SPECIFICITY = {"opposition": 1, "hts": 2, "sna": 2, "regime": 2, "sdf": 2, "us_coalition": 2, "isis": 2}


@dataclass
class Happening:
    trigger: Trigger
    places: list[PlaceMention] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    actor1: ActorMention | None = None
    actor2: ActorMention | None = None
    assoc: list[ActorMention] = field(default_factory=list)
    actor1_id: str = ""
    actor2_id: str = ""
    notes: list[str] = field(default_factory=list)
    date_range: DateRange | None = None


@dataclass(frozen=True)
class OffensiveFrame:
    """The article's offensive, gathered from every sentence that names it: news reports tell one
    story, so a later "the offensive" refers back to it. Its side is the most specific one named
    ("forces led by HTS" over "anti-regime groups"), its date the first one given."""

    actor1: str = ""
    actor1_sentence: int = 0
    actor2: str = ""
    actor2_sentence: int = 0
    dates: DateRange | None = None
    dates_sentence: int = 0


@dataclass
class ArticleContext:
    """What earlier sentences established, for sentences that refer back to it."""

    published: date
    frame: OffensiveFrame = field(default_factory=OffensiveFrame)
    last_speaker: ActorMention | None = None


def _shift_place(m: PlaceMention, offset: int) -> PlaceMention:
    return replace(m, start=m.start - offset, end=m.end - offset)


def _shift_actor(m: ActorMention, offset: int) -> ActorMention:
    return replace(m, start=m.start - offset, end=m.end - offset)


def _shift_date(m: DateMention, offset: int) -> DateMention:
    return replace(m, start=m.start - offset, end=m.end - offset)


def _drop_qualifiers(places: list[PlaceMention], sentence: str) -> list[PlaceMention]:
    """ "Tal Rifaat, northern Syria": the region after a comma only locates the town before it."""
    kept: list[PlaceMention] = []
    for m in places:
        if kept and m.place.is_area and re.fullmatch(r",\s*(?:in\s+)?", sentence[kept[-1].end : m.start]):
            previous = kept[-1].place
            if (previous.admin3 and previous.admin3 in m.place.area_adm3) or not previous.in_syria:
                continue
        kept.append(m)
    return kept


def _assign_places(
    triggers: list[Trigger], places: list[PlaceMention], sentence: str
) -> dict[int, list[PlaceMention]]:
    """Each place goes to the trigger that governs it: the nearest before it, else the nearest after."""
    owners: dict[int, list[PlaceMention]] = {i: [] for i in range(len(triggers))}
    starts = [t.start for t in triggers]
    for m in places:
        owner = None
        # "northeastern Syrian towns it controls": a relative control verb governs the place before it.
        for i, t in enumerate(triggers):
            if (
                t.voice == "relative"
                and 0 <= t.start - m.end <= 40
                and re.fullmatch(r"[\s\w]{0,40}", sentence[m.end : t.start])
            ):
                owner = i
        if owner is None:
            before = bisect_right(starts, m.start) - 1
            owner = before if before >= 0 else 0
        owners[owner].append(m)
    return owners


def _actor_run(actors: list[ActorMention], index: int, sentence: str) -> list[ActorMention]:
    """The coordinated run ending at actors[index]: "the United States, France, Germany and Britain"."""
    run = [actors[index]]
    j = index - 1
    while j >= 0:
        a, b = actors[j], run[0]
        if a.end > b.start or _RUN_GLUE.match(sentence[a.end : b.start]):
            run.insert(0, a)
            j -= 1
        else:
            break
    return run


def _subject(
    actors: list[ActorMention], before: int, sentence: str, after: int = 0
) -> tuple[ActorMention | None, list[ActorMention]]:
    """The subject before position `before`: the nearest actor that is not an ally, a holder, or
    an "of the X" modifier; a coordinated run gives its first as subject and the rest as associates."""
    candidates = [
        i
        for i, a in enumerate(actors)
        if after <= a.start
        and a.end <= before
        and a.role not in {"ally", "holder"}
        and not _OF_MODIFIER.search(sentence[max(0, a.start - 8) : a.start])
    ]
    if not candidates:
        return None, []
    run = [a for a in _actor_run(actors, candidates[-1], sentence) if a.role not in {"ally", "holder"}]
    return run[0], run[1:]


def _resolve_actors(
    h: Happening,
    actors: list[ActorMention],
    sentence: str,
    ctx: ArticleContext,
    clause_start: int,
    region_end: int,
    previous: Happening | None,
) -> None:
    """Sides of one happening from its own clause: the subject before the trigger (from the end
    of the previous happening), the loser in "X lost control of", the agent in "fell to X"."""
    t = h.trigger
    quotes = _quoted_spans(sentence)
    visible = [a for a in actors if not _inside(quotes, a.start, a.end)]
    helpers = [
        a
        for a in visible
        if clause_start <= a.start and a.end <= t.start and _HELPER_VERB.search(sentence[a.end : t.start])
    ]
    subject_pool = [a for a in visible if a not in helpers]
    after = [a for a in visible if t.end <= a.start < region_end]

    if t.voice in {"loser", "fell", "passive"}:
        loser_or_place, _ = _subject(subject_pool, t.start, sentence, clause_start)
        by = next((a for a in after if _BY_OR_TO.search(sentence[max(0, a.start - 20) : a.start])), None)
        h.actor1 = by
        if t.voice == "loser":
            h.actor2 = loser_or_place
    elif t.voice == "relative":
        # "towns it controls": the pronoun's antecedent is the nearest side named before it.
        h.actor1, h.assoc = _subject(subject_pool, t.start + 1, sentence)
    else:
        h.actor1, h.assoc = _subject(subject_pool, t.head_start, sentence, clause_start)
        if (
            h.actor1 is None
            and t.voice == "speech"
            and _PRONOUN_SUBJECT.search(sentence[: t.start])
            and ctx.last_speaker
        ):
            h.actor1 = ctx.last_speaker
            h.notes.append(
                f'speaker "{sentence[: t.start].split()[-1]}" taken as {ctx.last_speaker.actor} from the previous statement'
            )
        # "anti-regime groups' offensive last week claimed ...": the offensive's side did it.
        if (
            h.actor1 is None
            and previous
            and previous.actor1
            and "statement" not in (t.event_type, previous.trigger.event_type)
            and not re.search(r"[,;:]", sentence[previous.trigger.end : t.start])
        ):
            h.actor1 = previous.actor1
        if h.actor1 is None and t.voice in {"noun", "speech"}:
            # "the offensive by HTS", "said Peskov": the agent may follow.
            h.actor1 = next(
                (
                    a
                    for a in after
                    if a.role not in {"ally", "holder"}
                    and (
                        (t.voice == "speech" and a.start - t.end <= 3)
                        or _BY.search(sentence[t.end : a.start])
                    )
                ),
                None,
            )

    # The other side: an explicit "from X", an "X-held" place, an "anti-X" subject, or a side named
    # in the object region after the trigger ("captured X where the Y group ...").
    if h.actor2 is None and h.trigger.event_type in {"captured", "offensive", "airstrike", "clashes"}:
        from_side = next((a for a in after if _FROM.search(sentence[max(0, a.start - 12) : a.start])), None)
        holder = next((a for a in visible if a.role == "holder"), None)
        object_side = next(
            (
                a
                for a in after
                if a.role not in {"ally"}
                and a is not h.actor1
                and (h.actor1 is None or a.actor != h.actor1.actor)
            ),
            None,
        )
        h.actor2 = from_side or holder or object_side
    h.assoc = [
        *helpers,
        *h.assoc,
        *(a for a in visible if a.role == "ally" and t.start - 60 <= a.start <= region_end),
    ]

    h.actor1_id = h.actor1.actor if h.actor1 else ""
    h.actor2_id = h.actor2.actor if h.actor2 else ""
    if not h.actor2_id and h.actor1 and h.actor1.opponent:
        h.actor2_id = h.actor1.opponent
        h.notes.append(f'actor2 {h.actor2_id}: implied by "{h.actor1.text}"')
    if h.actor2_id == h.actor1_id:
        h.actor2, h.actor2_id = None, ""
    if t.voice == "speech" and h.actor1:
        ctx.last_speaker = h.actor1


def _refers_to_offensive(h: Happening, sentence: str) -> re.Match[str] | None:
    if h.trigger.event_type not in {"captured", "offensive"}:
        return None
    return _COREFERENT_OFFENSIVE.search(sentence)


def _apply_frame(h: Happening, sentence: str, frame: OffensiveFrame) -> None:
    """Fill a happening's missing sides from the article's offensive, when its sentence refers to it."""
    if not _refers_to_offensive(h, sentence):
        return
    if not h.actor1_id and frame.actor1 and frame.actor1 != h.actor2_id:
        h.actor1_id = frame.actor1
        h.notes.append(
            f"actor1 {frame.actor1}: the side leading the offensive, named in sentence {frame.actor1_sentence}"
        )
    if not h.actor2_id and frame.actor2 and frame.actor2 != h.actor1_id:
        h.actor2_id = frame.actor2
        h.notes.append(
            f"actor2 {frame.actor2}: the side the offensive is against, named in sentence {frame.actor2_sentence}"
        )


def _default_range(h: Happening, sentence: str, ctx: ArticleContext) -> DateRange:
    """Dates for a happening whose sentence gives none; each rule is named in the basis."""
    pub = ctx.published
    t = h.trigger
    if t.event_type == "statement":
        return DateRange(
            pub,
            pub,
            1,
            f"no date words; a statement reported without a date is taken as made on the publication day ({pub})",
        )
    frame = ctx.frame
    word = _refers_to_offensive(h, sentence)
    if word and frame.dates:
        r = frame.dates
        return DateRange(
            r.start,
            r.end,
            r.precision,
            f'no date words; "{word.group()}" refers to the offensive dated in sentence {frame.dates_sentence}: {r.basis}',
        )
    if t.event_type == "control_claim" and re.search(r"\b(?:controls|holds|control|hold|runs)\b", t.text):
        start = pub - timedelta(days=30)
        return DateRange(
            start,
            pub,
            3,
            f'present tense "{t.text}": true at publication ({pub}); since when is not said, so the 30 days before it',
        )
    start = pub - timedelta(days=6)
    return DateRange(
        start,
        pub,
        2,
        f"no date words; an undated happening in a news report is taken as within the week before publication ({start} to {pub})",
    )


def _event_id(source: Source, sentence: Sentence, trigger: Trigger, place_id: str) -> str:
    key = f"{source.sha256}|{sentence.start + trigger.start}|{trigger.event_type}|{place_id}"
    return "ev-" + hashlib.sha1(key.encode()).hexdigest()[:14]


def _event_places(mentions: list[PlaceMention], body: int) -> list[PlaceMention]:
    """Mentions in the body that may carry an event: not a dateline, a reference point, an
    organisation's name or a capital standing for its government (`PlaceMention.role`)."""
    return [m for m in mentions if m.start >= body and m.may_carry_event]


def _place_notes(m: PlaceMention | None) -> list[str]:
    """How the gazetteer placed a name it does not list ("not in the gazetteer; placed at ...")."""
    return [m.note] if m and m.note else []


def _geo_precision(m: PlaceMention, sentence: str) -> int:
    if m.place.is_unlisted:
        return m.place.geo_precision or 3
    if m.place.is_area:
        return 3
    return 2 if _NEAR.search(sentence[max(0, m.start - 40) : m.start]) else 1


def _record(source: Source, s: Sentence, h: Happening, m: PlaceMention | None) -> EventRecord:
    t = h.trigger
    r = h.date_range
    assert r is not None
    place = m.place if m else None
    notes = list(h.notes)
    coverage = ""
    if m and place and place.is_area:
        coverage = "whole" if _WHOLE.search(s.text[max(0, m.start - 25) : m.start]) else "part"
    if m and m.alternatives:
        notes.append(
            f'"{m.text}" read as {place.name} ({place.kind}; {m.rule}); could also be: '
            + ", ".join(f"{p.name} ({_KIND_WORDS.get(p.kind, p.kind)})" for p in m.alternatives[:3])
        )
    notes.extend(_place_notes(m))
    assoc = sorted({a.actor for a in h.assoc} - {h.actor1_id, h.actor2_id})
    return EventRecord(
        event_id=_event_id(source, s, t, place.place_id if place else ""),
        source_id=source.source_id,
        sentence=s.text,
        sentence_start=s.start,
        sentence_end=s.end,
        mention=m.text if m else "",
        mention_start=s.start + m.start if m else None,
        mention_end=s.start + m.end if m else None,
        place=place.name if place else "",
        place_id=place.place_id if place else "",
        latitude=place.latitude if place else None,
        longitude=place.longitude if place else None,
        geo_precision=_geo_precision(m, s.text) if m and place else None,
        admin1=(place.admin1 or "") if place else "",
        admin1_name=(place.admin1_name or "") if place else "",
        admin2=(place.admin2 or "") if place else "",
        admin2_name=(place.admin2_name or "") if place else "",
        admin3=(place.admin3 or "") if place else "",
        admin3_name=(place.admin3_name or "") if place else "",
        area_adm3="|".join(place.area_adm3) if place and place.is_area else "",
        coverage=coverage,
        date_start=r.start.isoformat(),
        date_end=r.end.isoformat(),
        time_precision=r.precision,
        date_basis=r.basis,
        event_type=t.event_type,
        trigger=t.text,
        actor1=h.actor1_id,
        actor2=h.actor2_id,
        assoc_actor1="|".join(assoc),
        actor1_text=h.actor1.text if h.actor1 else "",
        actor2_text=h.actor2.text if h.actor2 else "",
        notes="; ".join(notes),
    )


def _bucket(items: list, starts: list[int], sentence: Sentence) -> list:
    lo = bisect_right(starts, sentence.start - 1)
    hi = bisect_right(starts, sentence.end - 1)
    return [x for x in items[lo:hi] if x.end <= sentence.end]


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
        return []
    s_actors = [_shift_actor(m, s.start) for m in actors]
    # "Russia continues to support", "Moscow said": a foreign name used for its government is an
    # actor, not a place where something happened.
    s_places = [
        m
        for m in (_shift_place(m, s.start) for m in places)
        if m.place.in_syria or not any(a.start < m.end and m.start < a.end for a in s_actors)
    ]
    s_places = _drop_qualifiers(s_places, s.text)
    owners = _assign_places(triggers, s_places, s.text)
    happenings = [Happening(t, owners[i]) for i, t in enumerate(triggers)]
    for i, h in enumerate(happenings):
        clause_start = triggers[i - 1].end if i else 0
        region_end = triggers[i + 1].start if i + 1 < len(triggers) else len(s.text)
        _resolve_actors(h, s_actors, s.text, ctx, clause_start, region_end, happenings[i - 1] if i else None)
    for d in (_shift_date(m, s.start) for m in found):
        nearest = min(
            happenings, key=lambda h: min(abs(d.start - h.trigger.end), abs(h.trigger.start - d.end))
        )
        nearest.dates.append(d)
    # A date given once in a sentence dates all its happenings, except statements (said when?).
    first = min((d for h in happenings for d in h.dates), key=lambda d: d.start, default=None)
    for h in happenings:
        if not h.dates and first and h.trigger.event_type != "statement":
            h.dates.append(first)
    return happenings


def _offensive_frame(parsed: list[tuple[int, Sentence, list[Happening]]]) -> OffensiveFrame:
    frame = OffensiveFrame()
    for number, _, happenings in parsed:
        for h in happenings:
            if h.trigger.event_type != "offensive":
                continue
            if h.actor1_id in TERRITORIAL_SIDES and (
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
    actors = [m for m in find_actors(text) if m.start >= body]
    found_dates = [m for m in find_dates(text, source.published) if m.start >= body]
    place_starts, actor_starts, date_starts = ([m.start for m in ms] for ms in (places, actors, found_dates))

    ctx = ArticleContext(published=source.published)
    parsed = []
    sentences = split_sentences(text, body)
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
            h.date_range = h.dates[0].range if h.dates else _default_range(h, s.text, ctx)
        records.extend(_records_of_sentence(source, s, happenings))
    return records


def _records_of_sentence(source: Source, s: Sentence, happenings: list[Happening]) -> list[EventRecord]:
    """One record per (place, happening); a happening with no Syrian place gives one record with
    no point, unless it only happened abroad or it only restates the context of a located one."""
    out: list[EventRecord] = []
    located_types = {h.trigger.event_type for h in happenings if any(m.place.in_syria for m in h.places)}
    seen_placeless: set[str] = set()
    for h in happenings:
        # A place named twice in one happening ("Hama and Hama again", a compound name whose
        # halves are the same village) is one (place, happening): the first mention stands.
        syrian = list({m.place.place_id: m for m in reversed(h.places) if m.place.in_syria}.values())[::-1]
        foreign = [m for m in h.places if not m.place.in_syria]
        if syrian:
            if foreign:
                h.notes.append("outside Syria, not placed: " + ", ".join(m.text for m in foreign))
            out.extend(_record(source, s, h, m) for m in syrian)
            continue
        t = h.trigger.event_type
        if foreign and t != "statement":
            continue  # a happening abroad (e.g. Moscow's war in Ukraine) is not an event in Syria
        if (
            t in located_types
            or t in seen_placeless
            or (t in {"offensive", "clashes"} and located_types & {"captured"})
        ):
            continue
        if t in {"control_claim", "withdrawal"} and not h.actor1_id:
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
