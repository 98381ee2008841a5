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
from itertools import pairwise

from geo import dates as dates_mod
from geo import event_dates
from geo.actors import ActorMention, find_actors
from geo.dates import DateMention, DateRange
from geo.gazetteer import Gazetteer, Place, PlaceMention
from geo.records import COLUMNS as RECORD_FIELDS
from geo.records import EventRecord
from geo.sources import Source

# Bump when the rules change: stored sources extracted by another version are extracted again.
EXTRACTOR_VERSION = "3"

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
    TriggerRule("captured", r"(?:fell|falls|fall|falling|fallen) (?:to|into the hands of)", "fell"),
    TriggerRule(
        "captured",
        r"(?:were |was |have been |had been )?(?:driven|pushed|forced|swept|chased|kicked|flushed|expelled|ousted) (?:out of|from)",
        "loser",
    ),
    TriggerRule(
        "captured",
        r"ousted|ousting|expelled|expelling|drove out|drive out|driving out|evicted|wrest(?:ed|ing)? back|won back|took back",
        "active",
    ),
    TriggerRule(
        "captured",
        r"(?:captur(?:e|ed|es|ing)|seiz(?:e|ed|es|ing)|(?:took|take|takes|taking|taken|gained|gain|gains|wrested|wrest|assumed|seized|regained|regain|regains|took full|took complete) (?:full |complete )?control (?:of|over)|"
        r"took over|take over|takes over|taking over|overran|overrun|overrunning|recaptur(?:e|ed|es|ing)|retook|retake|retaken|retaking|"
        r"liberat(?:e|ed|es|ing)|"
        r"claimed (?:several |significant |major |large |vast )?(?:territorial gains|gains|swathes of territory|territory)|"
        r"(?:territorial gains|swathes of territory))",
        "active",
    ),
    TriggerRule("captured", r"(?:the )?(?:fall|capture|seizure|recapture) of", "noun"),
    # Raising a flag over a place, asserting control of it: the side's claim to hold it.
    TriggerRule(
        "control_claim",
        r"(?:raised|raise|raises|raising|hoisted|hoist|hoisting|planted) (?:their|its|his|the|a) (?:\w+ ){0,2}flags? (?:in|over|above|on)|"
        r"(?:asserted|asserts|assert|declared|declares|announced|announces) (?:full |complete |total )?control (?:over|of)",
        "active",
    ),
    # "took Saraqib", "retook the town of": a capture when a place is the object, not "took part".
    TriggerRule("captured", r"(?:took|take|takes|taking|taken|retook|retaken)(?: back)?", "object-place"),
    TriggerRule(
        "airstrike",
        r"(?:air|aerial|drone|missile) ?(?:strikes?|raids?|attacks?|bombardments?)|airstrikes?|air-strikes?|(?:aerial |air )?bomb(?:ed|ing|ings)",
        "active",
    ),
    TriggerRule(
        "airstrike",
        r"(?:staged|carried out|conducted|launched) (?:\w+ ){0,2}strikes?|struck",
        "air-if-aircraft",
    ),
    TriggerRule(
        "offensive",
        r"(?:launched|launch|launches|began|begun|begins|started|starts|mounted|kicked off) (?:an? |the |its |their )?(?:\w+ ){0,2}(?:operation|push|incursion|offensive|campaign)",
        "active",
    ),
    TriggerRule("offensive", r"(?:counter-?)?offensives?|incursions?", "noun"),
    # Ground fire (shelling, artillery, rockets, mortars) is 'other' in the field's conventions;
    # an attack, assault or bombardment is an air strike when aircraft are named, else 'other'.
    TriggerRule(
        "other",
        r"shell(?:ed|ing|s)?|artillery (?:fire|strikes?|barrages?)|rocket (?:fire|attacks?)|rockets?|mortars?(?: fire| rounds| shells)?|"
        r"(?:ground |surface-to-surface )?missiles?(?: fire| attacks?)?",
        "ground-fire",
    ),
    TriggerRule(
        "other",
        r"attack(?:ed|ing|s)?|assault(?:ed|ing|s)?|targeted|targeting|hit|hits|hitting|striking|pounded|pounding|bombard(?:ed|ing|ment|ments)?|raids?|raided",
        "air-if-aircraft-else-other",
    ),
    # Entering, advancing on, approaching or besieging a place is not taking it.
    TriggerRule(
        "other",
        r"enter(?:ed|ing|s)?|stormed|storming|swept into|sweeping into|moved into|(?:fought|fighting|fight|pushed|pushing|made) (?:their|its|his|her|our) way into|advanc(?:e|ed|es|ing) (?:on|toward|towards|into|in|to)|"
        r"push(?:ed|ing)? (?:into|toward|towards)|approach(?:ed|ing)|reached|besieg(?:e|ed|ing)|encircl(?:e|ed|ing)",
        "active",
    ),
    TriggerRule(
        "clashes",
        r"clash(?:es|ed|ing)?|fighting|fought|battl(?:e|es|ed|ing)|exchanged fire|firefights?|skirmish(?:es)?",
        "active",
    ),
    TriggerRule(
        "clashes",
        r"(?:repell?(?:ed|ing|s)?|repuls(?:ed|ing|es)|fended off|fought off|thwarted) (?:an? |the )?(?:\w+ ){0,2}(?:attacks?|assaults?|offensives?|incursions?)|"
        r"ambush(?:ed|es|ing)?",
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
        r"(?:(?:still|now|continue to|continues to) (?:control|hold)s?|controls|controlled|holds|hold|remains? in control of|(?:is|are|was|were|remain|remains) (?:still )?(?:held|controlled) by|under (?:the )?control of|in control of|in the hands of)",
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
    # Killings, bombings and shoot-downs are 'other'; they name the happening only when the
    # sentence has no more specific word ("stormed the village, killing 20" is the storming).
    TriggerRule(
        "other",
        r"killed|killing|massacred?|massacres|executed|executions?|detonated|(?:suicide|car|truck|roadside) bomb(?:er|ers|ing|ings|s)?|"
        r"explosions?|blasts?|downed|shot down|shoots down",
        "weak",
    ),
]
# Matched against the text with ASCII capitals lowered (same length, so offsets hold): an
# IGNORECASE scan costs a third more.
_TRIGGER_RES = [(rule, re.compile(rf"(?<![\w\-])(?:{rule.pattern})(?![\w])")) for rule in TRIGGER_RULES]
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_AIRCRAFT = re.compile(
    r"\b(?:aircraft|warplanes?|war planes?|planes?|jets?|air force|helicopters?|drones?|from the air)\b",
    re.IGNORECASE,
)
_PLACE_OBJECT = re.compile(
    r"\s+(?:(?:full |complete |partial )?control |over )?(?:of )?(?:the |most of |parts of |much of |all of )?"
    r"(?:[A-Z]|(?:strategic |key |nearby |northern |southern |eastern |western |rebel-held |[\w-]+-held )?"
    r"(?:towns?|city|cities|villages?|district|neighbou?rhoods?|area|hill|base|airport|airbase|dam|crossing|border crossing)\b)"
)
_GENERIC_ATTACK = re.compile(r"attack\w*|assault\w*|target\w*|hits?|pound\w*|raids?|raided")
# Planned, hypothetical and future happenings are not events: "will capture", "vowed to retake",
# "preparing to attack", "setting their sights on seizing". The modal must govern the trigger:
# it stands in the same clause (no punctuation between them), at most 70 characters before.
_UNREALIS = re.compile(
    r"\b(?:will|would|could|may|might|shall|can|cannot|won't|wouldn't|"
    r"(?:plan|plans|planned|planning|aim|aims|aimed|aiming|intend|intends|intended|vow|vows|vowed|pledge|pledged|pledges|"
    r"threaten|threatens|threatened|seek|seeks|sought|try|tries|tried|trying|attempt|attempts|attempted|attempting|"
    r"vying|want|wants|wanted|prepare|prepares|prepared|preparing|expected|set|about|ready|order|bid|failed|fail|fails) to|"
    r"sights on|aim of|bid to|attempt to|threat of|plans? for|"
    r"(?:campaign|offensive|operation|push|drive|effort|battle|fight|mission|deal|agreement) to)\b[^,;:.!?\"“”()]*$",
    re.IGNORECASE,
)
# Denied or negated happenings are not events: "did not capture", "no truth to the withdrawal".
_NEGATED = re.compile(
    r"\b(?:did not|didn't|does not|doesn't|has not|hasn't|have not|haven't|had not|hadn't|was not|wasn't|were not|weren't|"
    r"never|no truth to|denied|denies|deny|denying|rejected reports of|false reports of)\b(?:\s+[\w’'-]+){0,6}\s*$",
    re.IGNORECASE,
)
_ATTRIBUTIVE = re.compile(r"\b(?:the|a|an|its|their|newly|recently)\s+$", re.IGNORECASE)
# A modal's scope ends at a new clause: "attempted to arrest him but were ambushed".
_CLAUSE_BREAK = re.compile(
    r"\b(?:but|while|whereas|although|though|when|after|before|then|and then)\b", re.IGNORECASE
)
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|stated|states|announced|announces|added|reported|reports|declared|claimed|claims|confirmed|according to)\b",
    re.IGNORECASE,
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


def _reported_speech(sentence: str, quotes: list[tuple[int, int]]) -> bool:
    """A quotation attributed by a speech verb outside it ("X said: '... took Y'") reports a
    claim; one with no speaker (a slogan, a scare-quoted word) does not."""
    outside, position = [], 0
    for start, end in quotes:
        outside.append(sentence[position:start])
        position = end
    outside.append(sentence[position:])
    return bool(_SPEECH.search(" ".join(outside)))


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
        if quotes and _inside(quotes, start, end) and not _reported_speech(sentence, quotes):
            continue
        clause = _CLAUSE_BREAK.split(sentence[max(0, start - 70) : start])[-1]
        if _UNREALIS.search(clause) or _NEGATED.search(clause):
            continue
        # "in the recaptured district": a participle used as an adjective tells no happening.
        if (
            rule.event_type == "captured"
            and rule.voice == "active"
            and _ATTRIBUTIVE.search(sentence[max(0, start - 12) : start])
        ):
            continue
        voice, event_type = rule.voice, rule.event_type
        if voice == "air-if-aircraft":
            if not _AIRCRAFT.search(sentence):
                continue
            voice = "active"
        elif voice == "air-if-aircraft-else-other":
            if _AIRCRAFT.search(sentence):
                event_type = "airstrike"
            voice = "active"
        elif voice == "ground-fire":
            voice = "active"
        elif voice == "object-place":
            if not _PLACE_OBJECT.match(sentence, end):
                continue
            voice = "active"
        if event_type == "statement" and _ATTRIBUTION.search(sentence[max(0, start - 15) : start]):
            continue
        candidates.append((priority, Trigger(event_type, voice, start, end, sentence[start:end])))
    candidates = _drop_weaker_neighbours(candidates)
    chosen: list[Trigger] = []
    for _, trig in sorted(candidates, key=lambda c: (-(c[1].end - c[1].start), c[0], c[1].start)):
        if all(trig.end <= t.start or trig.start >= t.end for t in chosen):
            chosen.append(trig)
    chosen.sort(key=lambda t: t.start)
    # "stormed the village, killing 20" is the storming, and "killed 30 fighters in airstrikes" the
    # air strikes; "killed ... after troops withdrew" is two happenings.
    chosen = [t for t in chosen if t.voice != "weak" or not any(_names_it(o, t, sentence) for o in chosen)]
    chosen = [replace(t, voice="active") if t.voice == "weak" else t for t in chosen]
    return _merge_neighbours(chosen, sentence)


def _drop_weaker_neighbours(candidates: list[tuple[int, Trigger]]) -> list[tuple[int, Trigger]]:
    """An air strike noun and the verb that says what it did ("airstrikes targeted", "jets hit")
    are one happening: the generic attack verb gives way to the specific word near it."""
    strong = [t for _, t in candidates if t.event_type in {"airstrike", "captured"}]
    return [
        (p, t)
        for p, t in candidates
        if not (
            t.event_type in {"other", "airstrike"}
            and _GENERIC_ATTACK.fullmatch(t.text)
            and any(o is not t and -40 <= t.start - o.end <= 40 for o in strong)
        )
    ]


def _names_it(specific: Trigger, weak: Trigger, sentence: str) -> bool:
    """Whether a specific happening word tells what a killing or blast word is part of."""
    if specific.event_type == "statement" or specific.voice == "weak":
        return False
    if specific.start < weak.start:
        return True
    return not _CLAUSE_BREAK.search(sentence[weak.end : specific.start])


def _merge_neighbours(triggers: list[Trigger], sentence: str) -> list[Trigger]:
    """ "joint statement ... urged", "offensive that primarily targeted": one happening each."""
    merged: list[Trigger] = []
    for trig in triggers:
        if merged:
            last = merged[-1]
            between = sentence[last.end : trig.start]
            # Only a noun and the verb it heads merge; two verbs are two happenings ("said ... spoke").
            # "the offensive that targeted Aleppo": a generic attack verb takes its noun's type.
            if (
                (last.event_type == trig.event_type or _GENERIC_ATTACK.fullmatch(trig.text))
                and last.voice == "noun"
                and len(between) <= 60
                and not re.search(r"[.;]", between)
            ):
                merged[-1] = Trigger(
                    last.event_type,
                    trig.voice,
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
_BACKED_BY_BEFORE = re.compile(
    r"\b(?:backed|supported|aided|assisted|helped|covered)\s+by\s+(?:[\w'’\-]+\s+){0,3}$", re.IGNORECASE
)
_BACKED_BY = re.compile(r"\b(?:backed|supported|aided|assisted|helped)\s+by\b", re.IGNORECASE)
_BY = re.compile(r"^\s*(?:\w+\s+){0,6}(?:led |launched |carried out )?by\s+(?:the\s+)?$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_BY_OR_TO = re.compile(r"\b(?:by|to|into the hands of)\s+(?:the\s+)?$", re.IGNORECASE)
_OF_MODIFIER = re.compile(r"\bof\s+(?:the\s+)?$", re.IGNORECASE)
# "Fighters of the SDF raised ...", "forces loyal to X": after a force noun these name the side.
_MEMBERS_OF = re.compile(
    r"\b(?:fighters|forces|members|units|troops|soldiers|militants|gunmen|militiamen|militias?|commanders|groups|men)"
    r"\s+(?:of|(?:loyal|affiliated|belonging)\s+(?:to|with))\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# "Hezbollah fighters and the army": a force noun may follow a name inside a run.
_RUN_GLUE = re.compile(
    r"^\s*(?:(?:fighters|forces|troops|militants|militiamen|units|soldiers|gunmen)\s+)?"
    r"(?:,|and|,\s*and|or|\(|\)|\)\s*,?)?\s*(?:the\s+)?$",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT = re.compile(r"\b(?:He|She|They|It)\s+$")
_COREFERENT_OFFENSIVE = re.compile(r"\b(?:offensive|assault|campaign|operation)\b", re.IGNORECASE)
# Types that tell the same kind of happening: a side's claim of a capture is a capture told by it.
_TYPE_FAMILY = {"control_claim": "captured"}
_KIND_WORDS = {"adm1": "governorate", "adm2": "district", "adm3": "sub-district"}
TERRITORIAL_SIDES = {
    "regime",
    "government",
    "hts",
    "sna",
    "opposition",
    "sdf",
    "us_coalition",
    "isis",
    "druze",
}
# A named group says more than the umbrella "opposition" it belongs to.
_SPECIFICITY = {
    "opposition": 1,
    "hts": 2,
    "sna": 2,
    "regime": 2,
    "government": 2,
    "sdf": 2,
    "us_coalition": 2,
    "isis": 2,
    "druze": 2,
}
# "fighting X from the Y group", "attacks on Y": a side after one of these is an object, not the
# subject of the verb that follows ("Kurdish forces fighting IS militants have seized ...").
_OBJECT_MARKER = re.compile(
    r"\b(?:against|fighting|battling|from|with|of|on|at|in|into|to|for|towards?|near|between|"
    r"including|targeting|attacking)\s+(?:the\s+|its\s+|their\s+)?(?:[\"“][^\"”]{1,40}[\"”]\s*\(|[\"“(])?$",
    re.IGNORECASE,
)
# "fighting (jihadist) militants of the X": a verb or preposition before a members phrase.
_VERB_OBJECT = re.compile(
    r"\b(?:against|fighting|battling|from|with|on|at|targeting|attacking|killed|killing)\s+(?:the\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
# After "X said (that)": a pronoun or bare force noun as the subject is the speaker's own side
# ("the army said it had taken", "the coalition said that it had launched", "they have taken").
# A verb continuing a list of verbs with the same subject: ", entered", ", and seized", " but has since".
_COORDINATED_VERB = re.compile(
    r"(?:,\s*(?:and\s+)?|\b(?:and|but)\s+(?:has|have|had)?\s*(?:since|later|then|also)?\s*)$"
)
_REPORTED_SUBJECT = re.compile(
    r"^\s*[,:]?\s*(?:(?:on|late|early|in)\s+\w+(?:\s+\d{1,4}(?:,\s*\d{4})?)?\s+)?(?:that\s+)?"
    r"(?:it|they|its\s+\w+|their\s+\w+|(?:the\s+)?(?:forces|units|troops|fighters))(?:\s+\w+){0,4}\s*$",
    re.IGNORECASE,
)
# "It also captured ...": a sentence opening on a pronoun continues the last sentence's subject.
_OPENING_PRONOUN = re.compile(r"^\s*(?:It|They)(?:\s+\w+){0,3}\s*$")
# "... in overnight airstrikes", "with heavy shelling": a trigger noun in a prepositional phrase.
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|with|through|during|via|using)\s+(?:[\w’'\-]+\s+){0,3}$", re.IGNORECASE
)
_BETWEEN = re.compile(r"^\s*(?:\w+\s+){0,3}?between\s+(?:the\s+)?$", re.IGNORECASE)


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
    last_town: Place | None = None  # the last Syrian town or village named, for "the town"
    last_types: frozenset[str] = frozenset()  # the kinds of happening the sentence before told
    last_sides: dict[str, ActorMention] = field(default_factory=dict)  # by kind: airstrike, captured
    sentences_since_side: dict[str, int] = field(default_factory=dict)
    dates: event_dates.ArticleDates | None = None  # the article's date context (geo.event_dates)
    last_subject: ActorMention | None = None


def _shift_place(m: PlaceMention, offset: int) -> PlaceMention:
    return replace(m, start=m.start - offset, end=m.end - offset)


def _shift_actor(m: ActorMention, offset: int) -> ActorMention:
    return replace(m, start=m.start - offset, end=m.end - offset)


def _shift_date(m: DateMention, offset: int) -> DateMention:
    return replace(m, start=m.start - offset, end=m.end - offset)


_IN_AREA = re.compile(
    r"\s*,?\s*(?:in|of|within)\s+(?:the\s+)?(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+)?"
    r"(?:(?:province|governorate|countryside|region|district|countryside)\s+of\s+)?",
    re.IGNORECASE,
)
_KIND_NOUN_END = re.compile(
    r"\b(?:district|neighbou?rhoods?|quarters?|suburbs?|area|towns|villages|cities)$", re.IGNORECASE
)
_PART_OF = re.compile(
    r"\s+(?:(?:district|neighbou?rhoods?|quarters?|suburbs?|area|towns?|villages?|cities|city)\s+)?of\s+(?:the\s+)?",
    re.IGNORECASE,
)


_DIRECTION_WORD = re.compile(
    r"\b(?:(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)ern|central|rural)\s+$",
    re.IGNORECASE,
)


def _part_of_governorate(m: PlaceMention, sentence: str) -> PlaceMention:
    """ "eastern Daraa", "rural Hama": a direction word before a name that is both a city and its
    governorate or district names part of the area, not the city."""
    if m.place.is_area or not _DIRECTION_WORD.search(sentence[max(0, m.start - 20) : m.start]):
        return m
    area = next((p for p in m.alternatives if p.kind in {"adm1", "adm2"}), None)
    if area is None:
        return m
    rule = f'"{m.text}" after a direction word: part of the {_KIND_WORDS[area.kind]}, not the city'
    return replace(m, place=area, alternatives=(m.place,), rule=rule)


def _drop_qualifiers(places: list[PlaceMention], sentence: str) -> list[PlaceMention]:
    """Areas named only to locate a place: "Tal Rifaat, northern Syria", "Albu Kamal in the
    eastern province of Deir Ezzor", "villages in the Afrin countryside", and the city in "the
    Aleppo district of Salaheddin". The place they locate carries the happening."""
    kept: list[PlaceMention] = []
    for i, m in enumerate(places):
        if kept and m.place.is_area:
            previous = kept[-1].place
            gap = sentence[kept[-1].end : m.start]
            contains = bool(previous.admin3 and previous.admin3 in m.place.area_adm3)
            if re.fullmatch(r",\s*(?:in\s+)?", gap) and (contains or not previous.in_syria):
                continue
            # "A in the B countryside" locates A whether or not our reading of A lies in B.
            if _IN_AREA.fullmatch(gap) and previous.in_syria and not previous.is_area:
                continue
        # "the Aleppo district of Salaheddin", "the northeastern Daraa towns of A and B": the first
        # name describes the places after it.
        following = places[i + 1] if i + 1 < len(places) else None
        if following and m.place.in_syria and following.place.in_syria:
            gap = sentence[m.end : following.start]
            plain_of = re.fullmatch(r"\s+of\s+(?:the\s+)?", gap)
            if _PART_OF.fullmatch(gap) and (not plain_of or _KIND_NOUN_END.search(m.text)):
                continue
        kept.append(m)
    return kept


_DIRECTION_OF = re.compile(
    r"(?:\b\d[\d,.]*\s*(?:km|kilometres|kilometers|miles|mi)\b\s*(?:\([^)]*\)\s*)?)?"
    r"\b(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+of\s+"
    r"(?:the\s+)?(?:(?:capital|city|town|village|province|governorate)\s+(?:of\s+)?)?$",
    re.IGNORECASE,
)
_ROAD_BETWEEN = re.compile(
    r"\b(?:highway|road|motorway|route|railway|pipeline)\b[^.;]{0,40}?\b(?:linking|connecting|between)\s+"
    r"(?:the\s+)?(?:(?:cities|towns|provinces) of\s+)?$",
    re.IGNORECASE,
)
# "Hamouria, a suburb of Damascus", "Tal Tamr, a town in Hasakah province": what the apposition
# names only locates the place before it.
_APPOSITION_LOCATOR = re.compile(
    r",\s*(?:a|an|the)\s+[^,.;:()]{0,40}?\b"
    r"(?:(?:suburb|district|neighbou?rhood|quarter|area|part|region|stronghold)\s+(?:of|in|near|outside)|"
    # "the city of Sweida" renames the place; "a town in Idlib" locates it.
    r"(?:town|village|city)\s+(?:in|near|outside|on the outskirts of|(?:east|west|north|south)\s+of))"
    r"\s+(?:the\s+)?(?:(?:capital|city|province of)\s+)?$",
    re.IGNORECASE,
)
# Where people or forces went is not where the happening was: "withdrew towards Raqqa", "fled
# Sweida for neighbouring Daraa", "retreat deeper into rebel-held territory in Daraa".
_DESTINATION = re.compile(
    r"\b(?:withdr[ae]w\w*|retreat\w*|pull(?:ed|ing|s)? back|fle[de]\w*|fleeing|escap\w+|displaced|crossed|evacuated|relocated|head(?:ed|ing))\b"
    r"[^.;:]{0,50}?\b(?:to|towards?|for|into|in the direction of)\s+(?:[\w-]+\s+){0,4}?(?:in\s+)?(?:the\s+)?(?:neighbou?ring\s+|nearby\s+)?(?:\(nearby\)\s+)?$",
    re.IGNORECASE,
)
# "a military source in Deir Ezzor told AFP": where a source is, not where it happened.
_SOURCE_IN = re.compile(
    r"\b(?:sources?|officials?|activists?|residents?|correspondents?|journalists?|reporters?|commanders?|spokes(?:man|woman|person)|"
    r"doctors?|witness(?:es)?|monitors?|medics?)\s+(?:based\s+)?in\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$",
    re.IGNORECASE,
)
_NEAR_PLACE = re.compile(
    r"^\s*,?\s*(?:(?:which|that) (?:is|lies) |just |about |some |a town |a village )?"
    r"(?:near|close to|outside|next to|not far from|on the outskirts of|in the vicinity of)\s+(?:the\s+)?"
    r"(?:(?:capital|city|town|village|province)\s+(?:of\s+)?)?$",
    re.IGNORECASE,
)


def _drop_reference_points(places: list[PlaceMention], sentence: str) -> tuple[list[PlaceMention], list[str]]:
    """Places named only to locate another: "40 km west of Raqqa", "east of the capital Damascus",
    "Kafr Zita near Hama". A place that follows another with "near" or sits at a bearing from the
    thing described is not where the happening was."""
    kept: list[PlaceMention] = []
    dropped: list[tuple[str, int]] = []
    previous_end = -1
    road = False
    for m in places:
        before = sentence[max(0, m.start - 60) : m.start]
        gap = sentence[kept[-1].end : m.start] if kept else ""
        after_place = bool(kept) and bool(_NEAR_PLACE.match(gap))
        after_place = (
            after_place or bool(_APPOSITION_LOCATOR.search(before)) or bool(_SOURCE_IN.search(before))
        )
        # "a highway linking Damascus and Suwayda": both ends are references.
        coordinated = (
            bool(dropped)
            and dropped[-1][1] == previous_end
            and road
            and bool(re.fullmatch(r"\s*(?:,|and|,\s*and)\s*(?:the\s+)?", sentence[previous_end : m.start]))
        )
        previous_end = m.end
        if _ROAD_BETWEEN.search(before):
            road = True
        elif not coordinated:
            road = False
        if _DIRECTION_OF.search(before) or after_place or road or _DESTINATION.search(before):
            dropped.append((m.text, m.end))
            continue
        kept.append(m)
    return kept, [text for text, _ in dropped]


def _assign_places(
    triggers: list[Trigger], places: list[PlaceMention], sentence: str
) -> dict[int, list[PlaceMention]]:
    """Each place goes to the trigger that governs it: the nearest before it, else the nearest after."""
    owners: dict[int, list[PlaceMention]] = {i: [] for i in range(len(triggers))}
    # "X said rebels took Y": what was said is the happening, so a speech verb owns a place only
    # when the sentence names no other happening.
    eligible = [i for i, t in enumerate(triggers) if t.event_type != "statement"] or list(
        range(len(triggers))
    )
    starts = [triggers[i].start for i in eligible]
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
            owner = eligible[max(before, 0)]
            if before >= 0 and not _in_clause_of(triggers[owner], m, sentence):
                continue
        owners[owner].append(m)
    return owners


_NEW_CLAUSE = re.compile(
    r"\b(?:as(?! well as)|while|whereas|where|which|who|when|because|although|though)\s+(?!of\b)(?:the\s+)?\w+\s+\w+",
    re.IGNORECASE,
)


def _in_clause_of(trigger: Trigger, m: PlaceMention, sentence: str) -> bool:
    """ "capturing a key town and dividing the eastern Daraa countryside": an area far after its
    trigger, past a comma, a dash or another verb's clause, is not what the trigger did; an area
    is too coarse a place to guess it belongs there."""
    gap = sentence[trigger.end : m.start]
    if not m.place.is_area:
        # A town may end a long list, but not a new clause: "ousted IS from X as strikes hit Y".
        # A relative clause between commas ("A, which is near B, and C") only interrupts the list.
        return not _NEW_CLAUSE.search(re.sub(r",\s*(?:which|who|where)\b[^,]*,", ",", gap))
    return len(gap) <= 60 and not re.search(r"[,;:()—–]|\s-\s|\b(?:and|while|which|that|who)\b", gap)


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
    actors: list[ActorMention], before: int, sentence: str, after: int = 0, clause_subject: bool = False
) -> tuple[ActorMention | None, list[ActorMention]]:
    """The subject before position `before`: the nearest actor that is not an ally, a holder, or
    an "of the X" modifier; a coordinated run gives its first as subject and the rest as associates."""
    candidates = [
        i
        for i, a in enumerate(actors)
        if after <= a.start
        and a.end <= before
        and a.role not in {"ally", "holder"}
        and (
            not _OF_MODIFIER.search(sentence[max(0, a.start - 8) : a.start])
            or _MEMBERS_OF.search(sentence[max(0, a.start - 30) : a.start])
        )
    ]
    # Sides named as objects ("fighting IS militants", "(IS)" after one) are not the subject when
    # a side before them is: "Kurdish forces fighting militants from IS have seized".
    objects = set()
    for i in candidates:
        a = actors[i]
        glue = sentence[actors[i - 1].end : a.start] if i else ""
        window = sentence[max(after, a.start - 60) : a.start]
        members = _MEMBERS_OF.search(sentence, max(0, a.start - 60), a.start)
        # "fighting militants of the IS": the members phrase is itself an object (the verb may
        # be the trigger just before the clause).
        as_object = (
            _OBJECT_MARKER.search(window)
            if members is None
            else _VERB_OBJECT.search(sentence, max(0, members.start() - 40), members.start())
        )
        if as_object or (i - 1 in objects and re.fullmatch(r"[\s\"”“]*\(?", glue)):
            objects.add(i)
    # Only objects in the clause: its subject is further back ("X fighting Y have seized" gets X
    # from the happening before), never the object.
    candidates = [i for i in candidates if i not in objects]
    if not candidates:
        return None, []
    if clause_subject:
        # "X destroyed targets and killed Y fighters in airstrikes": the trigger modifies the
        # clause's verb, so its side is the clause's subject, the first side named in it.
        candidates = candidates[:1]
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
    # A side quoted is visible only to a happening quoted with it ("'Turkish forces shelled X,'
    # a monitor said"): outside words never reach into a quotation, nor the reverse.
    own_quote = next(((qs, qe) for qs, qe in quotes if qs <= t.start and t.end <= qe), None)
    visible = [
        a
        for a in actors
        if (own_quote is not None and own_quote[0] <= a.start and a.end <= own_quote[1])
        or (own_quote is None and not _inside(quotes, a.start, a.end))
    ]
    helpers = [
        a
        for a in visible
        if clause_start <= a.start
        and a.end <= t.start
        and _HELPER_VERB.search(sentence[a.end : t.start])
        and not _BACKED_BY.search(sentence[a.end : t.start])  # "X backed by Y": X is helped, not helping
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
    elif fused := [a for a in subject_pool if a.start < t.start < a.end and a.role not in {"ally", "holder"}]:
        # "Russian airstrikes killed ...", "Syrian and Russian air strikes": the nationality
        # before the trigger noun is its agent (the name and the trigger share the noun).
        h.actor1, h.assoc = fused[0], fused[1:]
    else:
        prep = _PREPOSITION_BEFORE.search(sentence[max(clause_start, t.head_start - 40) : t.head_start])
        inside = prep is not None and any(
            max(clause_start, t.head_start - 40) + prep.start() <= a.start < t.head_start
            for a in subject_pool
        )
        h.actor1, h.assoc = _subject(
            subject_pool, t.head_start, sentence, clause_start, clause_subject=prep is not None and not inside
        )
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
        # "the army said it had taken ...": the pronoun after a speech verb is the speaker.
        if (
            h.actor1 is None
            and previous
            and previous.trigger.voice == "speech"
            and previous.actor1
            and t.event_type != "statement"
            and _REPORTED_SUBJECT.match(sentence[previous.trigger.end : t.start])
        ):
            h.actor1 = previous.actor1
            h.notes.append(
                f'actor1 {previous.actor1.actor}: the subject after "{previous.trigger.text}" is the speaker, '
                f'"{previous.actor1.text}"'
            )
        # "It also captured ...": a pronoun opening the sentence is the last sentence's subject.
        if (
            h.actor1 is None
            and previous is None
            and ctx.last_subject
            and t.event_type != "statement"
            and _OPENING_PRONOUN.match(sentence[: t.start])
        ):
            h.actor1 = ctx.last_subject
            h.notes.append(
                f'actor1 {ctx.last_subject.actor}: "{sentence[: t.start].split()[0]}" continues the last '
                f'subject, "{ctx.last_subject.text}"'
            )
        # "X made advances on Tuesday, capturing a town": the participle shares the clause's subject.
        if (
            h.actor1 is None
            and previous
            and previous.actor1
            and "statement" not in (t.event_type, previous.trigger.event_type)
            and t.text.split()[0].endswith("ing")
            and re.search(r",\s*$", sentence[: t.start])
        ):
            h.actor1 = previous.actor1
            h.notes.append(
                f'actor1 {previous.actor1.actor}: "{t.text}" after a comma shares the subject of '
                f'"{previous.trigger.text}", "{previous.actor1.text}"'
            )
        # "X backed by Russian air strikes recaptured Y": the support phrase is not the subject;
        # the side named before it is, and the supporter is its associate.
        backed = (
            _BACKED_BY_BEFORE.search(sentence[: previous.trigger.start])
            if h.actor1 is None and previous is not None
            else None
        )
        if backed is not None:
            subject, _ = _subject(subject_pool, backed.start(), sentence)
            if subject is not None:
                h.actor1 = subject
                if previous.actor1 is not None and previous.actor1.actor != subject.actor:
                    h.assoc = [*h.assoc, previous.actor1]
                h.notes.append(
                    f'actor1 {subject.actor}: "{subject.text}" is the subject; "{backed.group().strip()}" only supports it'
                )
        # "anti-regime groups' offensive last week claimed ...": the offensive's side did it; "took
        # X, entered Y" and "took X but has since withdrawn": coordinated verbs share the subject.
        between = sentence[previous.trigger.end : t.start] if previous else ""
        if (
            h.actor1 is None
            and previous
            and previous.actor1
            and "statement" not in (t.event_type, previous.trigger.event_type)
            and not re.search(r"[;:]", between)
            and not _NEW_CLAUSE.search(between)
            and (
                not re.search(r",", between)
                or (
                    _COORDINATED_VERB.search(between)
                    and not any(previous.trigger.end <= a.start < t.start for a in visible)
                )
            )
        ):
            h.actor1 = previous.actor1
            if re.search(r",", between):
                h.notes.append(
                    f'actor1 {previous.actor1.actor}: "{t.text}" shares the subject of "{previous.trigger.text}", '
                    f'"{previous.actor1.text}"'
                )
        # "the withdrawal of government forces": the side that left follows its noun.
        if h.actor1 is None and t.event_type == "withdrawal" and t.text.lower().startswith("withdrawal"):
            h.actor1 = next(
                (a for a in after if re.fullmatch(r"\s+of\s+(?:the\s+)?", sentence[t.end : a.start])), None
            )
        if h.actor1 is None and t.voice in {"noun", "speech"}:
            # "the offensive by HTS", "said Peskov": the agent may follow.
            h.actor1 = next(
                (
                    a
                    for a in after
                    if a.role not in {"ally", "holder"}
                    and (
                        # "said Peskov." names the speaker; "said the army took X" names the subject
                        # of what was said.
                        (
                            t.voice == "speech"
                            and a.start - t.end <= 3
                            and re.match(r"\s*(?:[,.;:)\"”]|$)", sentence[a.end :])
                        )
                        or _BY.search(sentence[t.end : a.start])
                    )
                ),
                None,
            )

    # "clashes between X and Y": both sides follow the trigger.
    if h.actor1 is None and t.event_type == "clashes":
        first = next((a for a in after if _BETWEEN.match(sentence[t.end : a.start])), None)
        if first is not None:
            h.actor1 = first
            h.actor2 = next(
                (
                    a
                    for a in after
                    if a.start >= first.end
                    and re.fullmatch(r"\s*and\s+(?:the\s+)?", sentence[first.end : a.start])
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
    if h.actor1 and t.event_type != "statement":
        ctx.last_subject = h.actor1
    for label, mention in (("actor1", h.actor1), ("actor2", h.actor2)):
        if mention is not None and mention.basis and getattr(h, f"{label}_id") == mention.actor:
            h.notes.append(f"{label} {mention.actor}: {mention.basis}")


def _date_sides(h: Happening, sentence: str, ctx: ArticleContext) -> None:
    """A dated word read as of publication ("the Syrian army" in 2025 is the government's) is read
    again as of the day the event began, when the text dates it and that day lies on the other side
    of the change ("the Syrian army took Aleppo in 2016", told in 2025; "last week" in an article of
    10 December 2024). An undated event keeps the publication's reading."""
    published = ctx.published
    r = h.date_range
    if r is None or not (h.dates or (ctx.frame.dates and _refers_to_offensive(h, sentence))):
        return
    for label, mention in (("actor1", h.actor1), ("actor2", h.actor2)):
        if mention is None or not mention.senses or getattr(h, f"{label}_id") != mention.actor:
            continue
        then = mention.on(r.start)
        if then and then != mention.actor:
            setattr(h, f"{label}_id", then)
            h.notes.append(
                f'{label} {then}: "{mention.text}" read as of the event\'s first day {r.start}, '
                f"not the publication's ({published}), where it would be {mention.actor}"
            )
    if h.actor1_id and h.actor1_id == h.actor2_id:
        h.actor2, h.actor2_id = None, ""


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


def _date_range(h: Happening, s: Sentence, happenings: list[Happening], ctx: ArticleContext) -> DateRange:
    """A happening's dates: its own date words read with the sentence and the article around them
    (geo.event_dates), else a documented default."""
    assert ctx.dates is not None
    mentions = sorted(
        {(d.start, d.end): d for x in happenings for d in x.dates}.values(), key=lambda d: d.start
    )
    r = event_dates.happening_range(
        h.trigger, h.dates, s, mentions, ctx.dates, _offensive_dates(h, s.text, ctx)
    )
    return r if r is not None else _default_range(h, s.text, ctx)


def _offensive_dates(h: Happening, sentence: str, ctx: ArticleContext) -> tuple[DateRange, int] | None:
    frame = ctx.frame
    if frame.dates is None or not (
        _refers_to_offensive(h, sentence) or event_dates.is_background(h.trigger, sentence)
    ):
        return None
    return frame.dates, frame.dates_sentence


def _default_range(h: Happening, sentence: str, ctx: ArticleContext) -> DateRange:
    """Dates for a happening whose sentence gives none and that the article's context does not date."""
    pub = ctx.published
    t = h.trigger
    if t.event_type == "control_claim" and re.search(r"\b(?:controls|holds|control|hold|runs)\b", t.text):
        start = pub - timedelta(days=30)
        return DateRange(
            start,
            pub,
            3,
            f'present tense "{t.text}": true at publication ({pub}); since when is not said, so the 30 days before it',
        )
    why = "no date words; an undated happening in a report is dated the day of publication"
    return DateRange(pub, pub, 1, f"{why} ({pub})")


def _event_id(source: Source, sentence: Sentence, trigger: Trigger, place_id: str) -> str:
    key = f"{source.sha256}|{sentence.start + trigger.start}|{trigger.event_type}|{place_id}"
    return "ev-" + hashlib.sha1(key.encode()).hexdigest()[:14]


_LOCATING_ROLES = frozenset({"reference", "locator"})


def _event_places(mentions: list[PlaceMention], body: int) -> list[PlaceMention]:
    """Mentions in the body that may carry an event or say where one is: not a dateline, an
    organisation's name or a capital standing for its government (`PlaceMention.role`).
    Reference points and locators stay, so that a record can say what was only a landmark."""
    return [m for m in mentions if m.start >= body and (m.may_carry_event or m.role in _LOCATING_ROLES)]


def _place_notes(m: PlaceMention | None) -> list[str]:
    """How the gazetteer placed a name it does not list ("not in the gazetteer; placed at ..."),
    or read a spelling it does not list exactly (a fuzzy match, with its score)."""
    if m is None:
        return []
    notes = [m.note] if m.note else []
    if not m.alternatives and ("fuzzy spelling match" in m.rule or m.rule.startswith("name of a village")):
        notes.append(f'"{m.text}" read as {m.place.name}: {m.rule}')
    return notes


def _geo_precision(m: PlaceMention, sentence: str) -> int:
    if m.place.is_unlisted:
        return m.place.geo_precision or 3
    if m.place.is_area:
        return 3
    return 2 if _NEAR.search(sentence[max(0, m.start - 40) : m.start]) else 1


def _record_place_name(place: Place) -> str:
    """An admin area is named with its level ("Idleb governorate"): the same word names a city
    and its governorate, and a reader of the record must know which one was meant."""
    level = _KIND_WORDS.get(place.kind)
    return f"{place.name} {level}" if level else place.name


def _record(source: Source, s: Sentence, h: Happening, m: PlaceMention | None) -> EventRecord:
    t = h.trigger
    r = h.date_range
    assert r is not None
    place = m.place if m else None
    notes = list(h.notes)
    coverage = ""
    if m and place and place.is_area:
        coverage = "whole" if _WHOLE.search(s.text[max(0, m.start - 25) : m.start]) else "part"
    if m and m.rule.startswith("anaphor: "):
        notes.append(m.rule.removeprefix("anaphor: "))
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
        place=_record_place_name(place) if place else "",
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


_ANAPHOR = re.compile(r"\b(?:the|this) (?:city|town|village)\b(?!\s+(?:of|and)\b)(?!['’])", re.IGNORECASE)


def _resolve_anaphor(
    places: list[PlaceMention], triggers: list[Trigger], sentence: str, ctx: ArticleContext
) -> list[PlaceMention]:
    """ "air strikes on positions in the city", "took Manbij but has since withdrawn from the city":
    "the city", "the town" or "this village" refers to the last town named before it, in this
    sentence or an earlier one. The sentence's own towns become the referent for the next ones."""
    points = [m for m in places if m.place.in_syria and not m.place.is_area]
    earlier = ctx.last_town
    if points:
        ctx.last_town = points[-1].place
    if all(t.event_type == "statement" for t in triggers):
        return places
    quotes = _quoted_spans(sentence)
    reported = _reported_speech(sentence, quotes)
    found: list[PlaceMention] = []
    for word in _ANAPHOR.finditer(sentence):
        if _inside(quotes, word.start(), word.end()) and not reported:
            continue
        before = [m.place for m in points if m.end <= word.start()]
        referent = before[-1] if before else earlier
        if referent is None:
            continue
        where = "in this sentence" if before else "before this sentence"
        rule = f'anaphor: "{word.group()}" taken as {referent.name}, the last town named {where}'
        found.append(PlaceMention(word.start(), word.end(), word.group(), referent, (), rule))
    return sorted([*places, *found], key=lambda m: m.start) if found else places


_SPEAKER_ITSELF = re.compile(
    r"\s*(?:that\s+)?(?:it|they|its (?:forces|fighters|units|troops)|their (?:forces|fighters))\s+(?:had\s+|has\s+|have\s+)?$",
    re.IGNORECASE,
)


def _attacks_refer_back(happenings: list[Happening], ctx: ArticleContext) -> None:
    """ "Russian jets struck Jisr al-Shughur. Thursday's assaults also hit X": an attack word with no
    aircraft of its own continues the air strikes told just before it."""
    for h in happenings:
        t = h.trigger
        if (
            t.event_type == "other"
            and "airstrike" in ctx.last_types
            and _GENERIC_ATTACK.fullmatch(t.text.lower())
        ):
            h.trigger = replace(t, event_type="airstrike")
            h.notes.append(f'"{t.text}" continues the air strikes told in the sentence before')
    _continue_sides(happenings, ctx)
    ctx.last_types = frozenset(h.trigger.event_type for h in happenings) - {"statement"} or ctx.last_types


def _continue_sides(happenings: list[Happening], ctx: ArticleContext) -> None:
    """ "The Turkish military captured five villages. The villages of A and B were captured from
    the YPG": an air strike, or a capture told in the passive, that names no side continues the
    side of the same kind of happening told in the sentence just before."""
    ctx.sentences_since_side = {kind: age + 1 for kind, age in ctx.sentences_since_side.items()}
    for h in happenings:
        kind = _TYPE_FAMILY.get(h.trigger.event_type, h.trigger.event_type)
        if kind not in {"airstrike", "captured"} or h.actor1_id or h.actor1:
            continue
        if kind == "captured" and h.trigger.voice not in {"passive", "noun"}:
            continue
        side = ctx.last_sides.get(kind)
        if side is not None and ctx.sentences_since_side.get(kind, 99) <= 2:
            h.actor1, h.actor1_id = side, side.actor
            if h.actor2_id == side.actor:
                h.actor2, h.actor2_id = None, ""
            h.notes.append(
                f'actor1 {side.actor}: continues the side of the {kind} told just before, "{side.text}"'
            )
    for h in happenings:
        kind = _TYPE_FAMILY.get(h.trigger.event_type, h.trigger.event_type)
        if kind in {"airstrike", "captured"} and h.actor1 is not None:
            ctx.last_sides[kind] = h.actor1
            ctx.sentences_since_side[kind] = 0


def _mark_own_claims(happenings: list[Happening], sentence: str) -> None:
    """ "The SNA said it had captured X": a capture whose only source is the side that made it is
    that side's claim (control_claim), not a capture the article asserts."""
    speakers = [
        h for h in happenings if h.trigger.event_type == "statement" and h.actor1_id in TERRITORIAL_SIDES
    ]
    for h in happenings:
        if h.trigger.event_type != "captured":
            continue
        speaker = next((sp for sp in reversed(speakers) if sp.trigger.end <= h.trigger.start), None)
        if speaker is None:
            continue
        if not h.actor1_id and _SPEAKER_ITSELF.fullmatch(sentence[speaker.trigger.end : h.trigger.start]):
            h.actor1, h.actor1_id = speaker.actor1, speaker.actor1_id
            h.notes.append(
                f'actor1 {h.actor1_id}: "it" is the speaker, {speaker.actor1.text if speaker.actor1 else ""}'
            )
        if h.actor1_id == speaker.actor1_id:
            h.trigger = replace(h.trigger, event_type="control_claim")
            h.notes.append(
                f"control claim: the capture is told only by the side that made it ({h.actor1_id})"
            )


_PASSIVE_CAUSE = re.compile(
    r"\b(?:as|after|when|because|while|since)\s+(?:they|it|he|she)\s+(?:were|was|had been|have been|came under|come under)\s+$",
    re.IGNORECASE,
)


def _share_places_with_cause(happenings: list[Happening], sentence: str) -> None:
    """ "Rebels withdrew from A and B as they were attacked from the air": the clause that says why
    happened at the same places."""
    for previous, h in pairwise(happenings):
        if h.places or not previous.places or h.trigger.event_type == "statement":
            continue
        if _PASSIVE_CAUSE.search(sentence[previous.trigger.end : h.trigger.start]):
            h.places = list(previous.places)
            h.notes.append(
                f'"{h.trigger.text}" happened at the places of "{previous.trigger.text}" before it'
            )


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
        if not h.actor1_id or (t == "statement" and (reported or h.actor1_id in TERRITORIAL_SIDES)):
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
