"""Sites named after towns: "the Sufyan oil field", "Rasafa and Sufyan oilfields", "Raqqa
military airport", "Tabqa and its military airport".

A town's name followed by a site noun names the site, not the town. When the gazetteer has that
site (an extra such as "Tabqa airbase") the mention is that site; otherwise it becomes an
unlisted site (see `geo.gazetteer.unlisted`) in the town's sub-district, or, when the town's
reading is a hamlet far from the text's other places, in the governorate most of them are in.
Hand-written: a handful of site nouns of war reporting.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from geo.gazetteer.fuzzy import NEAR_KM, nearest_km
from geo.gazetteer.model import AREA_KINDS, POINT_KINDS, Place
from geo.gazetteer.text import _Found
from geo.gazetteer.unlisted import LIST_SEPARATOR, area_words, prevailing_governorate, unlisted_place

if TYPE_CHECKING:
    from geo.gazetteer.matching import Gazetteer

# A site named after a town: "the Sufyan oil field", "Rasafa and Sufyan oilfields", "Raqqa airport".
_SITE_AFTER = re.compile(
    r"\s+(?P<noun>(?:oil\s+and\s+gas|oil|gas)\s*fields?|dams?|(?:military\s+)?(?:air\s*bases?|airports?)"
    r"|military\s+bases?)\b",
    re.IGNORECASE,
)
_SITE_WORDS = {"oil": "oil field", "gas": "gas field", "dam": "dam", "air": "airbase", "airbase": "airbase"}
_SITE_WORDS |= {"airport": "airport", "military": "military base", "oil and gas": "oil and gas field"}
_SITE_IN_MENTION = re.compile(r"\s+(?:military\s+)?(?:airbase|airport|air\s+base)$", re.IGNORECASE)


def _site_noun(noun: str) -> str:
    """ "oilfields" -> "oil field", "Military Airport" -> "military airport"."""
    words = noun.lower().split()
    if words[0] == "military" and len(words) > 1 and not words[1].startswith("base"):
        return "military " + _site_noun(" ".join(words[1:]))
    for key, canonical in sorted(_SITE_WORDS.items(), key=lambda kv: -len(kv[0])):
        if noun.lower().startswith(key):
            return canonical
    return noun.lower()


def name_sites(gaz: Gazetteer, text: str, found: list[_Found]) -> list[_Found]:
    """A town's name followed by a site noun names the site, not the town: when the gazetteer has
    no such site, the mention becomes an unlisted site ("Sufyan oil field") in the town's
    sub-district. A plural noun after a list applies to every item ("Rasafa and Sufyan oilfields");
    "X and its military airport" adds the site of X."""
    places = [g.place or gaz._places[g.chosen] for g in found]
    for n, f in enumerate(found):
        m = _SITE_AFTER.match(text, f.end)
        inside = _SITE_IN_MENTION.search(text, f.start, f.end) if f.qualifier == "site" else None
        if m is None and inside is None:
            continue
        noun = m.group("noun") if m else inside.group().strip()
        group = [f]
        if m and noun.lower().rstrip().endswith("s") and not noun.lower().endswith("gas"):
            k = n - 1
            while k >= 0 and LIST_SEPARATOR.fullmatch(text[found[k].end : group[0].start]):
                group.insert(0, found[k])
                k -= 1
        for g in group:
            _make_site(gaz, text, g, _site_noun(noun), m.end() if (g is f and m) else None, places)
    return _possessive_sites(gaz, text, found, places)


# "the city of Tabqa and its military airport": the town's own site, named by a possessive.
_ITS_SITE = re.compile(
    r"\s+and\s+its\s+(?P<noun>(?:military\s+)?(?:air\s*base|airbase|airport)|dam|(?:oil|gas)\s*field)\b",
    re.IGNORECASE,
)


def _possessive_sites(gaz: Gazetteer, text: str, found: list[_Found], places: list[Place]) -> list[_Found]:
    added = []
    for f in found:
        place = f.place or gaz._places[f.chosen]
        m = _ITS_SITE.match(text, f.end)
        if m is None or not place.in_syria or place.kind not in POINT_KINDS or place.kind == "site":
            continue
        site = replace(f, alternatives=[], role="place", note="")
        _make_site(gaz, text, site, _site_noun(m.group("noun")), None, places)
        if site.place is None and site.chosen == f.chosen:
            continue
        site.start, site.end = m.start("noun") - len("its "), m.end()
        added.append(site)
    return sorted([*found, *added], key=lambda x: x.start) if added else found


def _far_from(gaz: Gazetteer, f: _Found, others: list[Place]) -> bool:
    points = [(p.latitude, p.longitude) for p in others if p.latitude is not None and p.in_syria]
    d = nearest_km(gaz.point_of[f.chosen], points)
    return d is not None and d > NEAR_KM


def _make_site(
    gaz: Gazetteer, text: str, f: _Found, noun: str, extend_to: int | None, others: list[Place]
) -> None:
    place = f.place or gaz._places[f.chosen]
    if not place.in_syria or place.kind == "site" or place.kind in AREA_KINDS:
        return
    area = None
    for level, code in (("adm3", place.admin3), ("adm2", place.admin2), ("adm1", place.admin1)):
        if code:
            area = gaz.area(f"{level}:{code}")
            break
    if f.place is None and gaz._standing[f.chosen].tier == 1 and _far_from(gaz, f, others):
        # "Al-Omar oil field" read through a hamlet called Omar far from the text's front: the
        # site is where the text's places are, not at the hamlet.
        area = prevailing_governorate(gaz, others)
    written = _SITE_IN_MENTION.sub("", text[f.start : f.end])
    name = f"{written} {noun}"
    known = [p for p in gaz.lookup(name) if p.kind == "site"]
    if not known and ("air" in noun or "base" in noun):
        known = [p for n in ("airbase", "airport") for p in gaz.lookup(f"{written} {n}") if p.kind == "site"]
    if known:  # "Tabqa military airport": the gazetteer's Tabqa airbase
        f.place, f.chosen, f.rule, f.note = None, gaz._by_id[known[0].place_id], "name of a site", ""
        if extend_to is not None:
            f.end = extend_to
        return
    f.place = unlisted_place(gaz, name, area)
    f.rule = f"unlisted site named after {place.name}"
    where = "as the text places it" if place.is_unlisted else f"where {place.name} is"
    f.note = f"{name!r} is not in the gazetteer; placed at {area_words(area)} ({where})"
    if extend_to is not None:
        f.end = extend_to
