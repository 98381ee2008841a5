"""Geographic coherence of an article's places: a minor village far from all the others is
probably a homonym.

News reports are local: the villages one article names cluster around its front. When the exact
pass reads a name as a minor village (no admin seat, no population figure) that lies far from
the text's other places (none within 90 km, or one while the text's best-supported place has
three or more) and outside every area the text names, the reading is more likely
a homonym of a place the gazetteer lacks ("Sukkari" the Aleppo district read as a Latakia hamlet)
than a jump across the country. Such a mention switches to a same-named place near the others if
there is one, else it becomes an unlisted name (see `geo.gazetteer.unlisted`) placed in the
governorate most of the text's other places are in. This is the tie-break CLAVIN and Mordecai use; it is
hand-written here because it needs this gazetteer's ranks and admin areas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from geo.gazetteer.fuzzy import nearest_km
from geo.gazetteer.model import AREA_KINDS, POINT_KINDS, Place
from geo.gazetteer.text import _Found, _Token
from geo.gazetteer.unlisted import area_words, name_run, prevailing_governorate, unlisted_place

if TYPE_CHECKING:
    from geo.gazetteer.matching import Gazetteer

FAR_KM = 90.0  # "near" for counting a place's neighbours among the text's places
# A place with no neighbour, or with at most this many in a text whose best-supported place has
# at least MIN_CLUSTER neighbours, is an outlier: a lone village (or a pair) far from the article's front.
MAX_LONELY_SUPPORT = 1
NEAR_KM = 60.0  # a same-named alternative this close to another place is preferred
MIN_OTHERS = 2  # fewer other places say too little about where the article is
MIN_CLUSTER = 3  # a pair of places is an outlier only beside a cluster of this many
MAX_TIER = 2  # minor villages and sub-district seats; towns and cities stand on their own


def drop_outliers(gaz: Gazetteer, text: str, tokens: list[_Token], found: list[_Found]) -> list[_Found]:
    """`found` with far-off minor homonyms moved to a near namesake or made unlisted."""
    places = gaz._places
    points = [f for f in found if f.place is None and places[f.chosen].kind in POINT_KINDS]
    points = [f for f in points if places[f.chosen].in_syria and not _part_of_longer_name(tokens, f)]
    if len(points) < MIN_OTHERS + 1:
        return found
    named_units = set()
    for f in found:
        p = places[f.chosen] if f.place is None else f.place
        if p.in_syria and p.kind in AREA_KINDS:
            named_units.update(p.area_adm3)
    distinct = {places[f.chosen].place_id: gaz.point_of[f.chosen] for f in points}
    support, nearest = _supports(distinct)
    best = max(support.values())
    kept: list[_Found] = []
    for f in found:
        if f not in points or gaz._standing[f.chosen].tier > MAX_TIER:
            kept.append(f)
            continue
        place = places[f.chosen]
        others = [p for pid, p in distinct.items() if pid != place.place_id and p is not None]
        d = nearest.get(place.place_id)
        alone = support[place.place_id] == 0
        lonely = alone or (support[place.place_id] <= MAX_LONELY_SUPPORT and best >= MIN_CLUSTER)
        if len(others) < MIN_OTHERS or d is None or not lonely or place.admin3 in named_units:
            kept.append(f)
            continue
        near = [a for a in f.alternatives if (nearest_km(gaz.point_of[a], others) or 1e9) <= NEAR_KM]
        if near:
            f.alternatives = [p for p in gaz._ranked([f.chosen, *f.alternatives]) if p != near[0]]
            f.chosen = near[0]
            f.rule += "; of the same-named places, the one near the text's other places"
        else:
            _make_unlisted(gaz, text, f, d, [places[g.chosen] for g in points if g is not f])
        kept.append(f)
    return kept


def _supports(points: dict[str, tuple[float, float] | None]) -> tuple[dict[str, int], dict[str, float]]:
    """For each place of the text: how many others lie within FAR_KM of it, and how far the
    nearest other is (one distance matrix: a long article names dozens of places)."""
    ids = [pid for pid, p in points.items() if p is not None]
    support = dict.fromkeys(points, 0)
    if len(ids) < 2:
        return support, {}
    lat, lon = np.radians(np.array([points[pid] for pid in ids], dtype=float)).T
    h = (
        np.sin((lat[:, None] - lat[None, :]) / 2) ** 2
        + np.cos(lat[:, None]) * np.cos(lat[None, :]) * np.sin((lon[:, None] - lon[None, :]) / 2) ** 2
    )
    km = 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))
    np.fill_diagonal(km, np.inf)
    support.update(zip(ids, (int(n) for n in (km <= FAR_KM).sum(axis=1)), strict=True))
    return support, dict(zip(ids, (float(d) for d in km.min(axis=1)), strict=True))


def _part_of_longer_name(tokens: list[_Token], f: _Found) -> bool:
    """ "Karam" of "Karam al-Daadaa": the unlisted pass reads the whole name."""
    run = name_run(tokens, f.first_token) if f.first_token >= 0 else []
    return bool(run) and run[-1] > f.last_token


def _make_unlisted(gaz: Gazetteer, text: str, f: _Found, distance: float, others: list[Place]) -> None:
    area = prevailing_governorate(gaz, others)
    if area is None:
        return
    name = text[f.start : f.end]
    f.place = unlisted_place(gaz, name, area)
    f.note = (
        f"{name!r} is not in the gazetteer near the text's other places (its {gaz._places[f.chosen].name} "
        f"is {distance:.0f} km from the nearest); placed at {area_words(area)}"
    )
    f.rule = "unlisted name: a homonym far from the text's other places; the governorate most of them are in"
