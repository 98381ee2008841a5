"""Which places a happening happened at: reference points, locating areas, destinations, a
new clause, "the town" referring back, and the clause that says why.
"""

import re
from bisect import bisect_right
from dataclasses import replace
from itertools import pairwise

from geo.extract.context import ArticleContext, Happening
from geo.extract.triggers import Trigger, _inside, _quoted_spans, _reported_speech
from geo.gazetteer import LEVEL_NAMES, PlaceMention

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
    rule = f'"{m.text}" after a direction word: part of the {LEVEL_NAMES[area.kind]}, not the city'
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
