"""What a place mention does in its sentence, when it is not the place where something happened.

Roles (`PlaceMention.role`; the extractor skips every role in `NON_EVENT_ROLES`):
- "dateline": the place line of a wire story ("BEIRUT (Reuters) -", "AMMAN:", "ANKARA / IDLIB"
  on a line of its own): where the report was filed, not an event place;
- "reference": a point others are measured from ("215 km northeast of Damascus", "villages near
  X" where X follows the village it locates);
- "locator": an area or town that only says where the place before it is ("A and B in the
  western Aleppo countryside", "the village of A in the town of B");
- "organisation": the name of a body that carries a place name ("Raqqa Media Center", "Aleppo
  University", "Damascus Governor");
- "metonymy": a capital standing for its government ("Damascus said", "a Damascus ally",
  "Damascus-backed", "backed by Damascus").
Hand-written: these are a few fixed phrasings of news English that no library tags.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from geo.gazetteer.model import AREA_KINDS, Place
from geo.gazetteer.text import DIRECTION_WORDS, _Found, _Token

if TYPE_CHECKING:
    from geo.gazetteer.matching import Gazetteer

_DIRECTIONS = "|".join(sorted(DIRECTION_WORDS, key=len, reverse=True))
_AREA_WORDS = r"countryside|region|area|district|sub-?district|province|governorate|enclave|outskirts"
# After a name: what places it ("in the western Aleppo countryside", "near Tabqa", "east of Raqqa").
LOCATOR = re.compile(
    rf"(?:\s+(?:villages?|towns?|city|area|hill|camp|(?:oil|gas)\s*fields?|dams?|airbase|airport))?\s*,?\s*(?:(?:located|situated|lying|based)\s+)?(?P<how>in|near|outside|(?:(?:some\s+)?\d+\s*(?:km|kilomet(?:er|re)s?|miles)\s+)?(?:{_DIRECTIONS})\s+of)"
    rf"\s+(?:the\s+)?(?:Syria['’]s\s+)?(?:(?:{_DIRECTIONS}|rural)\s+)?(?:(?:{_AREA_WORDS}|town|city|village)\s+of\s+)?$",
    re.IGNORECASE,
)
BEARING = re.compile(rf"\b(?:{_DIRECTIONS}|rural)\b", re.IGNORECASE)
COMMA_LOCATOR = re.compile(rf"\s*,\s*(?:the\s+)?(?:(?:{_DIRECTIONS}|rural)\s+)?$", re.IGNORECASE)
_DISTANCE_BEFORE = re.compile(
    rf"\d[\d,.]*\s*(?:-\s*)?(?:km|kms|kilomet(?:er|re)s?|miles?|mi)\s+(?:to\s+the\s+)?(?:{_DIRECTIONS})?\s*(?:of|from)\s+(?:the\s+)?(?:Syria['’]s\s+)?$",
    re.IGNORECASE,
)
_DATELINE_AFTER = re.compile(r"\s*(?:,\s*[A-Z][A-Za-z]+\s*)?(?:\((?:[A-Z][\w ]*|\w+)\)\s*)?(?:[-–—:]|$)")
_ORGANISATION_WORDS = frozenset(
    [
        "university",
        "media",
        "center",
        "centre",
        "council",
        "governor",
        "governorate's",
        "airport's",
        "police",
        "committee",
        "club",
        "league",
        "coordination",
        "coordinating",
        "network",
        "agency",
        "observatory",
        "directorate",
        "chamber",
        "hospital's",
        "radio",
        "tv",
        "television",
    ]
)
_SPEECH_VERBS = re.compile(
    r"\s+(?:has\s+|had\s+|have\s+)?(?:said|says|announced|announces|accused|accuses|denied|denies|"
    r"warned|warns|claimed|claims|insisted|insists|rejected|rejects|wants|agreed|agrees|responded|"
    r"blamed|blames|condemned|condemns|demanded|demands|threatened|vowed|sought|seeks|hopes|offered)\b",
    re.IGNORECASE,
)
_ALLY_AFTER = re.compile(
    r"\s+(?:ally|allies|government|regime|authorities|administration|officials|leadership)\b", re.IGNORECASE
)
_BACKED_BY = re.compile(
    r"\b(?:backed|supported|funded|armed|sponsored|controlled)\s+by\s+$|\b(?:loyal|allied)\s+to\s+$|\ballied\s+with\s+$",
    re.IGNORECASE,
)
_METONYMY_SUFFIXES = re.compile(r"-(?:led|backed|based|allied|aligned|affiliated|sponsored|supported)\b")


def _line_of(text: str, start: int, end: int) -> tuple[str, str]:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return text[line_start:start], text[end : len(text) if line_end < 0 else line_end]


def is_dateline(text: str, found: _Found, headline_end: int = 0) -> bool:
    """Capitals at the start of a line, then a source in brackets, a dash, a colon or the
    line's end ("BEIRUT (Reuters) -", "AMMAN:", "ANKARA / IDLIB")."""
    if found.start < headline_end:
        return False
    before, after = _line_of(text, found.start, found.end)
    written = text[found.start : found.end]
    letters = [c for c in written if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters) or len(letters) < 3:
        return False
    if before.strip() and not re.fullmatch(r"[\sA-Z/,&-]*", before):
        return False
    return bool(_DATELINE_AFTER.match(after)) or bool(re.fullmatch(r"\s*(?:/\s*[A-Z ]+)*\s*", after))


def is_reference(text: str, found: _Found) -> bool:
    """ "40 km northeast of X": X only measures where something else is."""
    return bool(_DISTANCE_BEFORE.search(text[max(0, found.start - 60) : found.start]))


def is_organisation(tokens: Sequence[_Token], found: _Found) -> bool:
    """A place name followed by a body's name word: "Aleppo University", "Raqqa Media Center"."""
    j = found.last_token + 1
    if found.qualifier is not None or j >= len(tokens):
        return False
    nxt = tokens[j]
    if not (nxt.spaced and nxt.cased == "upper"):
        return False
    if nxt.lower == "military" and j + 1 < len(tokens):
        return tokens[j + 1].lower in ("council", "command", "academy", "court", "police")
    return nxt.lower in _ORGANISATION_WORDS


def is_metonymy(text: str, found: _Found, place: Place) -> bool:
    """A capital (or a foreign place) standing for its government: "Damascus said", "a Damascus
    ally", "Damascus-backed forces", "Damascus' government"."""
    if place.kind in AREA_KINDS or place.kind == "unlisted":
        return False
    if place.in_syria and (place.population or 0) < 1_000_000:
        return False  # only the capital speaks for the state
    after = text[found.end : found.end + 40]
    after = re.sub(r"^(?:['’]s?)", "", after)
    if _SPEECH_VERBS.match(after) or _METONYMY_SUFFIXES.match(after):
        return True
    if _BACKED_BY.search(text[max(0, found.start - 30) : found.start]):
        return True
    before = text[max(0, found.start - 3) : found.start].lower()
    return bool(_ALLY_AFTER.match(after)) and before.endswith(("a ", "an "))


def locator_role(text: str, before: Place, after: Place, gap: str) -> str | None:
    """ "A in the X countryside", "A near B", "A, western X": the role of the second place when
    it only says where the first is (None when it is a place in its own right)."""
    if not (before.in_syria and after.in_syria) or before.kind in AREA_KINDS:
        return None
    m = LOCATOR.fullmatch(gap)
    if m:
        how = m.group("how").lower()
        return "locator" if how in ("in", "outside") else "reference"
    if COMMA_LOCATOR.fullmatch(gap) and (after.kind in AREA_KINDS or BEARING.search(gap)):
        return "locator"
    return None


def assign_roles(gaz: Gazetteer, text: str, tokens: list[_Token], found: list[_Found]) -> None:
    """Set `role` on mentions that do not name an event place (see the module docstring)."""
    headline_end = text.find("\n")
    for a, b in itertools.pairwise(found):
        gap = text[a.end : b.start]
        if len(gap) <= 60 and "\n" not in gap:
            role = locator_role(text, a.place or gaz._places[a.chosen], b.place or gaz._places[b.chosen], gap)
            if role:
                b.role = role
    for f in found:
        if f.role != "place":
            continue
        place = f.place or gaz._places[f.chosen]
        if is_dateline(text, f, headline_end if headline_end > 0 else 0):
            f.role = "dateline"
        elif is_reference(text, f):
            f.role = "reference"
        elif is_organisation(tokens, f):
            f.role = "organisation"
        elif is_metonymy(text, f, place):
            f.role = "metonymy"
