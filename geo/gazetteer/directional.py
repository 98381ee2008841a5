"""Directional parts of an area: "the eastern Daraa countryside", "Aleppo's western countryside",
"western rural Damascus".

Syria reporting locates most fighting by a bearing within a governorate or district. Read as the
whole governorate, such a phrase claims too much (the map would colour all of it) and names the
wrong place (the scorer's and the reader's "Daraa" is the city). The phrase becomes a region
(kind "region", id "region:<bearing>-<slug>") made of the area's sub-districts that lie in that
bearing from the area's representative point, named as the text writes it. Hand-written: a
bearing sector over this gazetteer's admin points, a few lines no library offers.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from geo.gazetteer.model import Place
from geo.gazetteer.text import _Found
from geo.names import split_words

if TYPE_CHECKING:
    from geo.gazetteer.matching import Gazetteer

# Compass bearing (degrees) of each direction word.
BEARINGS = {
    "north": 0,
    "northeast": 45,
    "east": 90,
    "southeast": 135,
    "south": 180,
    "southwest": 225,
    "west": 270,
    "northwest": 315,
}
HALF_SECTOR = 67.5  # a sub-district within this many degrees of the bearing is in that part
_DIRECTION = re.compile(
    r"\b(?P<dir>(?:north|south)?(?:east|west)ern|northern|southern)\s+$",
    re.IGNORECASE,
)
_DIRECTION_AFTER = re.compile(
    r"(?:['’]s)?\s+(?P<dir>(?:north|south)?(?:east|west)ern|northern|southern)\s+countryside",
    re.IGNORECASE,
)


def _bearing(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    x = math.sin(lon2 - lon1) * math.cos(lat2)
    y = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(lon2 - lon1)
    return math.degrees(math.atan2(x, y)) % 360


def sector(gaz: Gazetteer, area: Place, direction: str) -> tuple[str, ...]:
    """The area's sub-districts whose points lie within HALF_SECTOR of the direction's bearing
    from the area's point (all of them if the area has no point)."""
    centre = gaz.area_point(area.place_id)
    target = BEARINGS[direction]
    if centre is None:
        return area.area_adm3
    kept = []
    for code in area.area_adm3:
        point = gaz.area_point(f"adm3:{code}")
        if point is None:
            continue
        off = abs((_bearing(centre, point) - target + 180) % 360 - 180)
        if off <= HALF_SECTOR:
            kept.append(code)
    return tuple(kept) or area.area_adm3


def directional_regions(gaz: Gazetteer, text: str, found: list[_Found]) -> None:
    """Turn "eastern X countryside" (X a governorate or district) into the eastern part of X."""
    for f in found:
        place = f.place or gaz._places[f.chosen]
        if place.kind not in ("adm1", "adm2") or not place.in_syria:
            continue
        before = _DIRECTION.search(text, max(0, f.start - 20), f.start)
        after = _DIRECTION_AFTER.match(text, f.end) if before is None else None
        inside = None
        if before is None and after is None:
            inside = re.search(
                r"(?:['’]s)?\s+(?P<dir>(?:north|south)?(?:east|west)ern|northern|southern)\s+countryside$",
                text[f.start : f.end],
                re.IGNORECASE,
            )
        m = before or after or inside
        countryside = (
            "countryside" in text[f.start : f.end].lower()
            or after is not None
            or "rural" in (text[max(0, f.start - 30) : f.end].lower())
        )
        if m is None or not countryside:
            continue
        word = m.group("dir").lower()
        direction = word.removesuffix("ern")
        if direction not in BEARINGS:
            continue
        start = m.start() if before else f.start
        end = m.end() if after else f.end
        core = re.sub(
            rf"['’]s\b|\b(?:{m.group('dir')}|countryside|rural|the)\b",
            " ",
            text[start:end],
            flags=re.IGNORECASE,
        )
        name = f"{word.capitalize()} {' '.join(core.split())} countryside"
        slug = "-".join(w.lower() for w in split_words(place.name))
        f.place = Place(
            place_id=f"region:{direction}-{slug}-countryside",
            name=name,
            name_ar=None,
            kind="region",
            in_syria=True,
            source="text",
            admin1=place.admin1,
            admin1_name=place.admin1_name,
            admin2=place.admin2 if place.kind == "adm2" else None,
            admin2_name=place.admin2_name if place.kind == "adm2" else None,
            area_adm3=sector(gaz, place, direction),
        )
        f.rule = f"{word} part of {place.name}: its sub-districts {direction} of its centre"
        f.start, f.end = start, end
