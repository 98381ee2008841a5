"""Trigger words: what happened in a sentence (captured, airstrike, offensive, clashes, withdrawal,
control_claim, statement, other), outside planned, denied or unattributed quotations.

The vocabulary is specific to war reporting on Syria (the field's conventions: ground fire is
`other`, an attack is an air strike only when aircraft are named), so it is kept here by hand.
"""

import re
import string
from bisect import bisect_right
from dataclasses import dataclass, replace

from geo.extract.sentences import Sentence

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
