"""Names the exact pass missed: spelling variants (fuzzy) and places no source lists (unlisted).

After the exact pass, every run of capitalised name words ("Juqali Fawqani", "al-Ghanem al-Ali")
that no mention covers, or that a mention covers only in part ("Busra" of "Busra al-Harir"), is a
candidate. A candidate is kept only where a place must stand:
- in a list whose other items are places ("the villages of A, B and C", "A and B in the western
  countryside"): every item of the list is a place;
- after a place noun or a capture verb ("the town of X", "seized X", "entered X");
- before a locator ("X in the Raqqa countryside", "X near Manbij", "X east of Raqqa").
Words that are never places (people, groups, outlets, weekdays, months, acronyms) are refused
whatever the context.

A kept candidate is first looked up exactly again (a known village the exact pass refused for
want of a cue), then fuzzily (`geo.gazetteer.fuzzy`); "in X" confines both to X, otherwise the
candidate nearest the article's other places wins. Failing that it becomes an unlisted place:
its name as written, placed at the best enclosing area its context gives (the locator's area or
sub-district, the sub-district, district or governorate the list's known places share, else the
governorate most of the text's places are in, else Syria only), with a note saying so. A list
"in the X region" also overrides a listed minor village the gazetteer puts outside X. Hand-written because no library knows these cues of war
reporting; the rules are small and each is tested.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from geo.gazetteer.fuzzy import NEAR_KM, best_hit, nearest_km
from geo.gazetteer.model import AREA_KINDS, LEVEL_NAMES, POINT_KINDS, UNLISTED_KIND, Place
from geo.gazetteer.roles import BEARING, COMMA_LOCATOR, LOCATOR
from geo.gazetteer.text import (
    AFTER_QUALIFIERS,
    FILLER_WORDS,
    PLACE_NOUNS,
    _context,
    _Found,
    _Token,
    _word_key,
)
from geo.names import COMMON_ENGLISH_WORDS, NEVER_PLACE_WORDS, PERSON_NAME_PREFIXES, fold_token, split_words

if TYPE_CHECKING:
    from geo.gazetteer.matching import Gazetteer

# Words that start a place name although they are English ("Mount Bafilun", "Lake Assad").
NAME_HEAD_WORDS = frozenset({"mount", "lake", "wadi", "jabal", "jebel", "tal", "tell", "tel", "hill"})
# Verbs after which a bare capitalised name is a place ("seized X", "entered X").
CAPTURE_VERBS = frozenset(
    [
        "captured",
        "capture",
        "capturing",
        "seized",
        "seize",
        "seizing",
        "took",
        "take",
        "taking",
        "retook",
        "retake",
        "recaptured",
        "recapture",
        "stormed",
        "storm",
        "liberated",
        "liberate",
        "overran",
        "overrun",
        "entered",
        "enter",
        "entering",
        "shelled",
        "bombed",
        "struck",
        "targeted",
        "besieged",
        "encircled",
        "surrounded",
        "reached",
    ]
)
# Never the first word of a name: English words and words that are never places.
_STOP_KEYS = COMMON_ENGLISH_WORDS | NEVER_PLACE_WORDS
# Never a later word of one ("Seriatel Hill" and "Khidr Hassan" are names; "Idlib On" is not).
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "under",
        "with",
    ]
)
MAX_NAME_TOKENS = 4
LIST_SEPARATOR = re.compile(
    r"(?:\s+(?:(?:oil|gas)\s*fields?|dams?|airbases?|airports?))?"
    r"\s*(?:,\s*(?:(?:and|or)\s+)?|\s(?:and|or|as well as)\s+)(?:the\s+)?(?:(?:villages?|towns?|regions?|areas?)\s+of\s+)?",
    re.IGNORECASE,
)
_TEXT_WINDOW = 80
_SPEAKS = re.compile(
    r"[\s,]*(?:has\s+|had\s+)?(?:said|says|told|added|stated|wrote|tweeted|explained)\b", re.IGNORECASE
)
# Given names that open a person's name in news text, not a village's ("Mohamed Hassan ...").
PERSON_FIRST_NAMES = frozenset(
    [
        "mohamed",
        "mohammed",
        "mohammad",
        "muhammad",
        "mohammad",
        "ahmed",
        "ahmad",
        "mahmoud",
        "mahmud",
        "mustafa",
        "mostafa",
        "khaled",
        "khalid",
        "hussein",
        "husain",
        "hassan",
        "hasan",
        "ibrahim",
        "ismail",
        "youssef",
        "yusuf",
        "yousef",
        "abdullah",
        "abdallah",
        "abdul",
        "abdel",
        "abdulrahman",
        "omar",
        "umar",
        "osama",
        "usama",
        "samir",
        "said",
        "saeed",
        "walid",
        "rami",
        "fadi",
        "ziad",
        "tarek",
        "tariq",
        "bassam",
        "hisham",
        "jamal",
        "kamal",
        "nabil",
        "majid",
        "maher",
        "bashar",
        "hafez",
        "rifaat",
        "riad",
        "riyad",
        "firas",
    ]
)


@dataclass
class _Run:
    """A candidate name: tokens first..last (content tokens `seq`), as written text[start:end]."""

    seq: list[int]
    start: int
    end: int
    replaces: _Found | None  # an exact mention covering only its first words


def name_run(tokens: Sequence[_Token], i: int) -> list[int]:
    """Content token indices of the capitalised name starting at token i ([] if none starts
    there): joined capitalised words, with Arabic articles between them ("Rajm al-Ghazal")."""
    t = tokens[i]
    if t.cased != "upper" or t.acronym or t.article:
        return []
    key = _word_key(t.lower)
    if key in _STOP_KEYS and key not in NAME_HEAD_WORDS:
        return []
    seq = [i]
    j = i + 1
    while j < len(tokens) and len(seq) < MAX_NAME_TOKENS:
        tok = tokens[j]
        if not tok.joined or tokens[j - 1].end != tokens[j - 1].full_end:
            break  # a possessive ends the name: "Afrin's villages"
        if tok.article and j + 1 < len(tokens) and tokens[j + 1].joined and tokens[j + 1].cased == "upper":
            j += 1
            continue
        word = _word_key(tok.lower)
        if tok.cased != "upper" or tok.acronym or word in AFTER_QUALIFIERS:
            break
        if word in NEVER_PLACE_WORDS or word in _FUNCTION_WORDS:
            break
        seq.append(j)
        j += 1
    return seq


def _runs(text: str, tokens: Sequence[_Token], found: list[_Found]) -> list[_Run]:
    """Capitalised names no mention covers, or covers only in part."""
    covered: dict[int, _Found] = {}
    for f in found:
        first = f.first_token if f.first_token >= 0 else 0
        for k in range(first, f.last_token + 1):
            covered[k] = f
    runs: list[_Run] = []
    i = 0
    while i < len(tokens):
        if (
            i > 0
            and tokens[i].joined
            and tokens[i - 1].cased == "upper"
            and not tokens[i - 1].article
            and _word_key(tokens[i - 1].lower) not in COMMON_ENGLISH_WORDS
        ):
            i += 1  # inside a longer capitalised name ("Free Syrian Army")
            continue
        seq = name_run(tokens, i)
        if not seq:
            i += 1
            continue
        owner = covered.get(seq[0])
        if owner is None and any(k in covered for k in seq):
            seq = [k for k in seq if k < min(k for k in seq if k in covered)]
        if owner is not None and (owner.first_token != seq[0] or owner.last_token >= seq[-1] or owner.place):
            i = max(i + 1, owner.last_token + 1)
            continue
        start = tokens[seq[0]].start
        if seq[0] > 0 and tokens[seq[0] - 1].article and tokens[seq[0]].hyphen:
            start = tokens[seq[0] - 1].start
        runs.append(_Run(seq, start, tokens[seq[-1]].end, owner))
        i = seq[-1] + 1
    return runs


def _written_name(text: str, run: _Run) -> str:
    return text[run.start : run.end]


def _refused(text: str, tokens: Sequence[_Token], run: _Run) -> bool:
    """Words that are never a place, whatever the context: a person's or group's name, or a
    name followed by a speech verb ("..., Mohamed al-Homsi, said")."""
    words = [_word_key(tokens[k].lower) for k in run.seq]
    if any(w in NEVER_PLACE_WORDS for w in words) or words[0] in PERSON_FIRST_NAMES:
        return True
    if _SPEAKS.match(text, run.end):
        return True
    first = run.seq[0]
    if first > 0 and tokens[first - 1].acronym and tokens[first].joined:
        return True
    return len(run.seq) == 1 and len(words[0]) <= 2


def _verb_cue(text: str, tokens: Sequence[_Token], first: int) -> bool:
    """A capture verb before the name, over filler words ("seized the strategic town of"), in the
    same line: a headline's last word does not cue the first word of the text."""
    j = first - 1
    steps = 0
    while (
        j >= 0
        and steps < 6
        and tokens[j + 1].spaced
        and "\n" not in text[tokens[j].end : tokens[j + 1].start]
    ):
        word = tokens[j].lower
        if word in CAPTURE_VERBS or word in PLACE_NOUNS:
            return True
        if word not in FILLER_WORDS and word not in AFTER_QUALIFIERS and word != "of":
            return False
        j -= 1
        steps += 1
    return False


@dataclass
class _Item:
    start: int
    end: int
    found: _Found | None
    run: _Run | None


def _chains(text: str, items: list[_Item]) -> list[list[_Item]]:
    """Items joined by list separators (", ", " and ", ", and the villages of ") into lists.
    Two items joined by a bare comma are no list ("Palmyra, Mohamed al-Homsi, said")."""
    chains: list[list[_Item]] = []
    for item in items:
        if chains and LIST_SEPARATOR.fullmatch(text[chains[-1][-1].end : item.start]):
            chains[-1].append(item)
        else:
            chains.append([item])
    out: list[list[_Item]] = []
    for chain in chains:
        gaps = [text[a.end : b.start] for a, b in itertools.pairwise(chain)]
        if len(chain) == 2 and not re.search(r"\b(?:and|or|as well as)\b", gaps[0], re.IGNORECASE):
            out += [[chain[0]], [chain[1]]]
        else:
            out.append(chain)
    return out


def _locator_after(
    gaz: Gazetteer, text: str, chain: list[_Item], items: list[_Item], index: int
) -> tuple[_Found, str] | None:
    """The known place just after a list that places it, and how ("in", "near", "east of")."""
    end = chain[-1].end
    for item in items[index:]:
        if item.start < end:
            continue
        if item.found is None or item.start - end > _TEXT_WINDOW:
            return None
        gap = text[end : item.start]
        m = LOCATOR.fullmatch(gap)
        if m:
            return item.found, m.group("how").lower()
        if COMMA_LOCATOR.fullmatch(gap):
            # "X, western Afrin": a bearing from a town names its district, not the town; a bare
            # comma before a town is a list or an apposition ("Kafar Nabal, Kafar Zeta").
            if BEARING.search(gap):
                return item.found, ", of"
            if _place(gaz, item.found).kind in AREA_KINDS:
                return item.found, ","
            return None
        return None
    return None


def _area_of(gaz: Gazetteer, place: Place, how: str) -> Place | None:
    """The area a locator gives: an area itself; for a point, its sub-district ("in", "near")
    or its district (a direction: "east of X" is outside X's own sub-district, most likely)."""
    if place.kind in AREA_KINDS:
        return place
    if place.kind not in POINT_KINDS or not place.in_syria:
        return None
    if how.split()[-1:] == ["of"] and how != "of" and place.admin2:
        return gaz.area(f"adm2:{place.admin2}")
    if place.admin3:
        return gaz.area(f"adm3:{place.admin3}")
    return None


def _common_area(gaz: Gazetteer, places: list[Place]) -> Place | None:
    points = [p for p in places if p.in_syria and p.kind in POINT_KINDS and p.admin3]
    if not points:
        return None
    for level, attr in (("adm3", "admin3"), ("adm2", "admin2"), ("adm1", "admin1")):
        codes = {getattr(p, attr) for p in points}
        if len(codes) == 1:
            return gaz.area(f"{level}:{codes.pop()}")
    return None


def prevailing_governorate(gaz: Gazetteer, places: list[Place]) -> Place | None:
    """The governorate most of these places are in, if at least two are and no other ties it."""
    counts = Counter(p.admin1 for p in places if p.in_syria and p.admin1 and p.kind != UNLISTED_KIND)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return gaz.area(f"adm1:{ranked[0][0]}")


def _slug(name: str) -> str:
    return "-".join(w.lower() for w in split_words(name)) or "place"


def _mean_point(gaz: Gazetteer, adm3: Sequence[str]) -> tuple[float, float] | None:
    """The mean of the sub-districts' points: a region made of parts of governorates has no
    representative point of its own."""
    points = [p for p in (gaz.area_point(f"adm3:{c}") for c in adm3) if p is not None]
    if not points:
        return None
    return (
        round(sum(p[0] for p in points) / len(points), 5),
        round(sum(p[1] for p in points) / len(points), 5),
    )


def unlisted_place(gaz: Gazetteer, name: str, area: Place | None) -> Place:
    """A place for a name no source lists, with the enclosing area's admin codes and point
    (none when the text gives no area: "unlisted:<slug>@syria", no point, no codes)."""
    if area is None:
        return Place(
            place_id=f"unlisted:{_slug(name)}@syria",
            name=name,
            name_ar=None,
            kind=UNLISTED_KIND,
            in_syria=True,
            source="text",
        )
    point = gaz.area_point(area.place_id) or _mean_point(gaz, area.area_adm3)
    return Place(
        place_id=f"unlisted:{_slug(name)}@{area.place_id}",
        name=name,
        name_ar=None,
        kind=UNLISTED_KIND,
        in_syria=True,
        source="text",
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        admin1=area.admin1,
        admin1_name=area.admin1_name,
        admin2=area.admin2 if area.kind in ("adm2", "adm3") else None,
        admin2_name=area.admin2_name if area.kind in ("adm2", "adm3") else None,
        admin3=area.admin3 if area.kind == "adm3" else None,
        admin3_name=area.admin3_name if area.kind == "adm3" else None,
        area_adm3=area.area_adm3,
    )


def area_words(area: Place) -> str:
    level = LEVEL_NAMES.get(area.kind, "region")
    return f"the {level} of {area.name}"


def complete_names(gaz: Gazetteer, text: str, tokens: list[_Token], found: list[_Found]) -> list[_Found]:
    """`found` with the names the exact pass missed added (fuzzy or unlisted), in text order."""
    runs = _runs(text, tokens, found)
    replaced = {id(r.replaces) for r in runs if r.replaces is not None}
    items = [_Item(f.start, f.end, f, None) for f in found if id(f) not in replaced]
    items += [_Item(r.start, r.end, None, r) for r in runs]
    items.sort(key=lambda it: it.start)
    known = [f.place or gaz._places[f.chosen] for f in found if id(f) not in replaced]
    anchors = [(p.latitude, p.longitude) for p in known if p.latitude is not None and p.in_syria]
    prevailing = prevailing_governorate(gaz, known)
    added: list[_Found] = []
    dropped: set[int] = set()
    position = 0
    for chain in _chains(text, items):
        position += len(chain)
        known_in_chain = [
            it.found.place or gaz._places[it.found.chosen] for it in chain if it.found is not None
        ]
        syrian_list = any(p.in_syria for p in known_in_chain) and len(chain) > 1
        locator = _locator_after(gaz, text, chain, items, position)
        if any(not p.in_syria for p in known_in_chain) or (locator and not _place(gaz, locator[0]).in_syria):
            continue  # "Nimrud and Mosul, both in Iraq": a list abroad
        if locator is not None:
            _hold_to_locator(gaz, text, chain, locator)
        # One cue for the list makes every item a place: "striking X, the villages of Y and Z".
        cued = any(_verb_cue(text, tokens, _first_token(it)) for it in chain if _first_token(it) >= 0)
        for item in chain:
            run = item.run
            if run is None or _refused(text, tokens, run):
                continue
            ctx = _context(text, tokens, run.seq, None)
            if ctx.after_title or ctx.after_never or (ctx.capitalised_before and not ctx.sentence_start):
                continue
            own_cue = _verb_cue(text, tokens, run.seq[0]) or ctx.qualifier in ("point", "site")
            personal = _word_key(tokens[run.seq[0]].lower) in PERSON_NAME_PREFIXES
            located = locator is not None and not personal and not ctx.sentence_start
            in_place = syrian_list or cued or own_cue or located
            if not in_place:
                continue
            name = _written_name(text, run)
            area, basis = _enclosing(gaz, locator, known_in_chain, prevailing)
            # Only "in X" confines the candidates; "near X", a list's area or the text's main
            # governorate are guesses ("Kafr Zita near Idlib" is in Hama).
            inside = _inside(gaz, area) if basis.startswith("the text places it in ") else None
            hit = None if run.replaces is not None else _exact_again(gaz, name, anchors, inside)
            hit = hit or _fuzzy(gaz, tokens, run, anchors, inside)
            if hit is not None:
                index, rule = hit
                added.append(_found(run, ctx, index, rule, None, ""))
                if run.replaces is not None:
                    dropped.add(id(run.replaces))
                continue
            place = unlisted_place(gaz, name, area)
            where = area_words(area) if area else "Syria only (the text gives no area)"
            note = f"{name!r} is not in the gazetteer; placed at {where}" + (f" ({basis})" if basis else "")
            added.append(
                _found(run, ctx, -1, "unlisted name: " + (basis or "no area in the text"), place, note)
            )
            if run.replaces is not None:
                dropped.add(id(run.replaces))
    if not added:
        return found
    spans = [(a.start, a.end) for a in added]
    out = [
        f
        for f in found
        if id(f) not in dropped and not any(start <= f.start and f.end <= end for start, end in spans)
    ] + added
    out.sort(key=lambda f: f.start)
    return out


def _found(run: _Run, ctx, index: int, rule: str, place: Place | None, note: str) -> _Found:
    return _Found(
        start=ctx.name_start,
        end=ctx.end if ctx.qualifier in ("point", "site") else run.end,
        next_token=run.seq[-1] + 1,
        last_token=run.seq[-1],
        chosen=index,
        alternatives=[],
        rule=rule,
        qualifier=None,
        first_token=run.seq[0],
        place=place,
        note=note,
    )


def _first_token(item: _Item) -> int:
    if item.run is not None:
        return item.run.seq[0]
    return item.found.first_token if item.found is not None else -1


def _hold_to_locator(gaz: Gazetteer, text: str, chain: list[_Item], locator: tuple[_Found, str]) -> None:
    """ "The villages of A and B in the X region": the text says where they are. A minor village
    read outside that area becomes its namesake inside it, or an unlisted name placed there."""
    found, how = locator
    area = _place(gaz, found)
    if area.kind in POINT_KINDS and area.in_syria and area.admin1 and how == "in":
        area = gaz.area(f"adm1:{area.admin1}")  # "in Raqqa": at least the town's governorate
    if area is None or how not in ("in", ",") or area.kind not in ("adm1", "adm2", "adm3"):
        return  # only an admin area, or a town's governorate, overrides the gazetteer
    inside = set(area.area_adm3)
    for item in chain:
        f = item.found
        if f is None or f.place is not None:
            continue
        place = gaz._places[f.chosen]
        if place.kind not in POINT_KINDS or place.admin3 in inside or gaz._standing[f.chosen].tier > 2:
            continue
        namesakes = [a for a in f.alternatives if gaz._places[a].admin3 in inside]
        if namesakes:
            f.alternatives = [p for p in gaz._ranked([f.chosen, *f.alternatives]) if p != namesakes[0]]
            f.chosen = namesakes[0]
            f.rule += "; of the same-named places, the one in the area the text places it in"
            continue
        name = text[f.start : f.end]
        f.place = unlisted_place(gaz, name, area)
        f.rule = "unlisted name: the gazetteer's place of this name is outside the area the text gives"
        f.note = (
            f"{name!r} is not in the gazetteer inside {area.name} (its {place.name} is in "
            f"{place.admin3_name}); placed at {area_words(area)}"
        )


def _place(gaz: Gazetteer, found: _Found) -> Place:
    return found.place or gaz._places[found.chosen]


def _enclosing(
    gaz: Gazetteer,
    locator: tuple[_Found, str] | None,
    known_in_chain: list[Place],
    prevailing: Place | None,
) -> tuple[Place | None, str]:
    if locator is not None:
        found, how = locator
        place = found.place or gaz._places[found.chosen]
        area = _area_of(gaz, place, how)
        if area is not None:
            word = "in" if how in (",", ", of", "in") else how
            return area, f"the text places it {word} {place.name}"
    common = _common_area(gaz, known_in_chain)
    if common is not None:
        return common, "the area of the places listed with it"
    if prevailing is not None:
        return prevailing, "the governorate most places of the text are in"
    return None, ""


def _inside(gaz: Gazetteer, area: Place | None) -> Callable[[int], bool] | None:
    """Is a place in the area the text gives (None: the text gives none)?"""
    if area is None:
        return None
    units = set(area.area_adm3)
    return lambda i: gaz._places[i].admin3 in units


def _exact_again(
    gaz: Gazetteer, name: str, anchors: list[tuple[float, float]], inside: Callable[[int], bool] | None
) -> tuple[int, str] | None:
    """A name the exact pass refused for want of evidence ("... Tal Bzam and Maan" with no known
    place before it) now stands in a place context: its own places, those in the area the text
    gives or nearest to the text's other places first; none if all are far from those."""
    ids = [gaz._by_id[p.place_id] for p in gaz.lookup(name) if p.in_syria and p.kind in POINT_KINDS]
    if inside is not None:
        ids = [i for i in ids if inside(i)]
    if not ids:
        return None
    ranked = sorted(ids, key=lambda i: nearest_km(gaz.point_of[i], anchors) or 0.0)
    d = nearest_km(gaz.point_of[ranked[0]], anchors)
    if inside is None and (d is None or d > NEAR_KM) and len(ranked) > 1:
        return None  # several far places of this name: no way to choose
    if inside is None and d is not None and d > NEAR_KM:
        return None
    return ranked[0], "name of a village, taken as a place because it stands in a list or after a cue"


def _fuzzy(
    gaz: Gazetteer,
    tokens: Sequence[_Token],
    run: _Run,
    anchors: list[tuple[float, float]],
    inside: Callable[[int], bool] | None,
) -> tuple[int, str] | None:
    keys = [fold_token(_word_key(tokens[k].lower), n == 0)[0] for n, k in enumerate(run.seq)]
    key = " ".join(keys)
    candidates = gaz.fuzzy_candidates(key)
    hit = best_hit(candidates, gaz.point_of, anchors, inside)
    if hit is None:
        return None
    where = (
        f", {hit.distance_km:.0f} km from the nearest other place of the text"
        if hit.distance_km is not None
        else ""
    )
    return hit.place, f"fuzzy spelling match ({hit.score:.0f}/100 on folded names{where})"
