"""Spelling variants the index lacks: fuzzy matching of a name over folded gazetteer keys.

`geo.names.fold` already meets most press spellings (Tal/Tel/Tell, q/k, doubled letters, vowel
quality), but not a vowel dropped or added between consonants ("Kafr"/"Kafar"/"Kfar"), a letter
more or less ("Maleehat"/"Mleihat") or two words written as one. Such a name is compared with
every folded key that starts with the same letter and has about the same length, by RapidFuzz's
normalised Indel similarity (a maintained C++ implementation; no reason to hand-write edit
distances). Same-scoring candidates are told apart by geography, as CLAVIN and Mordecai do: the
candidate nearest the article's other places wins, and a candidate far from all of them needs a
higher score.

Only names of two or more words are looked up: a one-word variant that folding does not meet
is as likely another village (the exact pass refused it on its vowels) as the same one. And
only names that already stand where a place must stand are looked up here (see
`geo.gazetteer.unlisted`), so a fuzzy hit never turns an ordinary capitalised word into a place.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

# Scores are RapidFuzz ratios (0-100) between joined folded keys.
MIN_SCORE = 84.0  # with another place of the article within NEAR_KM
MIN_SCORE_FAR = 92.0  # far from the article's other places, or none to compare with
NEAR_KM = 60.0
MIN_KEY_LETTERS = 5  # shorter keys ("bab", "tal") are too easily confused
LENGTH_SLACK = 3
MIN_WORD_SCORE = 75.0  # every word of the name against its counterpart
# Score lost per 100 km from the nearest place of the article, when ranking candidates.
DISTANCE_PENALTY = 4.0
NEAR_BONUS = 20.0  # a candidate near the text's places or in its area outranks any far one
UNIQUE_MARGIN = 3.0


@dataclass(frozen=True)
class FuzzyHit:
    place: int
    key: str
    score: float
    distance_km: float | None


class FuzzyIndex:
    """Folded keys of the gazetteer's Syrian place spellings, bucketed by first letter."""

    def __init__(self, entries: Iterable[tuple[str, int]]) -> None:
        buckets: dict[str, dict[str, set[int]]] = {}
        for key, place in entries:
            if len(key.replace(" ", "")) >= MIN_KEY_LETTERS - 1:
                buckets.setdefault(key[0], {}).setdefault(key, set()).add(place)
        self._keys = {first: list(keys) for first, keys in buckets.items()}
        self._places = {first: [tuple(sorted(v)) for v in keys.values()] for first, keys in buckets.items()}

    def candidates(
        self, key: str, cutoff: float = MIN_SCORE, limit: int = 8
    ) -> list[tuple[str, tuple[int, ...], float]]:
        """Keys scoring at least `cutoff` against `key`, best first, with their places."""
        if " " not in key or len(key.replace(" ", "")) < MIN_KEY_LETTERS or key[0] not in self._keys:
            return []
        keys = self._keys[key[0]]
        places = self._places[key[0]]
        out = []
        for _, score, i in process.extract(
            key, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit * 4
        ):
            if abs(len(keys[i]) - len(key)) <= LENGTH_SLACK and words_align(key, keys[i]):
                out.append((keys[i], places[i], float(score)))
        return out[:limit]


def words_align(a: str, b: str) -> bool:
    """Same number of words, each starting with the same folded letter: a variant changes
    vowels and doubled or dropped letters inside words, not how a word begins ("Abu Assi" is
    not "Abu Suseh", "Sheikh Ali" not "Sheikh Ghali"), and each word is itself close ("Qabab Abu
    Qalqal" is not "Khofiyet Abu Qalqal"). Letters the press writes for one Arabic
    sound count as one: h/kh (kh is folded to k), z/dh (dh to d), j/g."""
    wa, wb = a.split(), b.split()
    return len(wa) == len(wb) and all(
        _same_initial(x[0], y[0]) and fuzz.ratio(x, y) >= MIN_WORD_SCORE for x, y in zip(wa, wb, strict=True)
    )


_INITIAL_CLASSES = {"h": "k", "z": "d", "g": "j"}


def _same_initial(x: str, y: str) -> bool:
    return _INITIAL_CLASSES.get(x, x) == _INITIAL_CLASSES.get(y, y)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def nearest_km(point: tuple[float, float] | None, anchors: Sequence[tuple[float, float]]) -> float | None:
    if point is None or not anchors:
        return None
    return min(distance_km(point, a) for a in anchors)


def best_hit(
    candidates: Sequence[tuple[str, tuple[int, ...], float]],
    point_of: dict[int, tuple[float, float] | None],
    anchors: Sequence[tuple[float, float]],
    inside: Callable[[int], bool] | None = None,
) -> FuzzyHit | None:
    """The candidate to accept, or None. When the text gives an area (`inside`), only candidates in
    it count, with MIN_SCORE. Otherwise a candidate within NEAR_KM of the text's other places needs MIN_SCORE; any other needs MIN_SCORE_FAR and
    no rival within UNIQUE_MARGIN of its score. The ranking subtracts a small penalty per 100 km
    so that of equal spellings the nearest wins."""
    ranked: list[tuple[float, FuzzyHit]] = []
    for key, places, score in candidates:
        for p in places:
            if inside is not None and not inside(p):
                continue  # the text says where the place is, and this one is elsewhere
            d = nearest_km(point_of.get(p), anchors)
            near = inside is not None or (d is not None and d <= NEAR_KM)
            if score < (MIN_SCORE if near else MIN_SCORE_FAR):
                continue
            rank = (
                score + (NEAR_BONUS if near else 0.0) - (DISTANCE_PENALTY * d / 100 if d is not None else 0.0)
            )
            ranked.append((rank, FuzzyHit(p, key, score, d)))
    if not ranked:
        return None
    ranked.sort(key=lambda x: (-x[0], x[1].place))
    best = ranked[0]
    far = best[1].distance_km is not None and best[1].distance_km > NEAR_KM
    if (far or best[1].distance_km is None) and not (inside is not None and inside(best[1].place)):
        rivals = [
            h for _, h in ranked[1:] if h.place != best[1].place and h.score >= best[1].score - UNIQUE_MARGIN
        ]
        if rivals:
            return None  # several far places spell it about as well: no way to choose
    return best[1]
