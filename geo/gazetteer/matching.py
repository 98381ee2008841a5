"""The `Gazetteer`: an index of places by folded name and the matcher over article text.

`Gazetteer.find` walks the text's tokens once, looking up folded token n-grams (`geo.names.fold`)
longest first, so its cost does not grow with the number of places. A candidate must also agree
in vowels and capitalisation, and names from the data sources need evidence in proportion to how
easily they are confused with English: see `_acceptable`. Resolution between places that share a
name is in `_resolve`; each mention says which rule decided it. Spelling variants the index lacks
(`geo.gazetteer.fuzzy`), names no source has (`geo.gazetteer.unlisted`) and the roles of a mention
(`geo.gazetteer.roles`) are added after the exact pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from geo.gazetteer.coherence import drop_outliers
from geo.gazetteer.directional import directional_regions
from geo.gazetteer.fuzzy import NEAR_KM, FuzzyIndex, nearest_km
from geo.gazetteer.model import LEVEL_NAMES, POINT_KINDS, Place, PlaceMention, _Spelling, _Standing
from geo.gazetteer.roles import assign_roles
from geo.gazetteer.sites import name_sites
from geo.gazetteer.text import (
    _LIST_GAP,
    PLURAL_QUALIFIERS,
    _caps_ok,
    _Context,
    _context,
    _Found,
    _qualifier_word,
    _Token,
    _tokenize,
    _word_key,
)
from geo.gazetteer.unlisted import complete_names
from geo.names import (
    COMMON_ENGLISH_WORDS,
    NEVER_PLACE_WORDS,
    PERSON_NAME_PREFIXES,
    fold_parts,
    vowels_agree,
)

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
        area_points: dict[str, tuple[float, float]] | None = None,
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
        # A representative point of every admin area (inside it), for unlisted names placed there.
        self._area_points = dict(area_points or {})
        self.point_of: dict[int, tuple[float, float] | None] = {
            i: (p.latitude, p.longitude) if p.latitude is not None else None
            for i, p in enumerate(self._places)
        }
        self._fuzzy = FuzzyIndex(
            (" ".join(key), s.place)
            for key, spellings in index.items()
            if all(k.isascii() for k in key)
            for s in spellings
            if not s.generic and self._places[s.place].in_syria and self._places[s.place].kind in POINT_KINDS
        )

    # ---- lookups

    def places(self) -> list[Place]:
        return list(self._places)

    def get(self, place_id: str) -> Place:
        try:
            return self._places[self._by_id[place_id]]
        except KeyError:
            raise KeyError(f"no place with id {place_id!r} in the gazetteer") from None

    def area(self, place_id: str) -> Place | None:
        """The place with this id, if the gazetteer has it (None rather than KeyError)."""
        i = self._by_id.get(place_id)
        return self._places[i] if i is not None else None

    def area_point(self, place_id: str) -> tuple[float, float] | None:
        """A point inside an admin area (its representative point), if known."""
        return self._area_points.get(place_id)

    def spellings_of(self, place_id: str) -> list[str]:
        """Every indexed spelling of a place as its folded key (words joined by spaces; Arabic
        spellings as written), for search boxes that match what the text matcher matches."""
        i = self._by_id.get(place_id)
        if i is None:
            return []
        if not hasattr(self, "_keys_by_place"):
            by_place: dict[int, list[str]] = {}
            for key, spellings in self._index.items():
                for s in spellings:
                    keys = by_place.setdefault(s.place, [])
                    if " ".join(key) not in keys:
                        keys.append(" ".join(key))
            self._keys_by_place = by_place
        return list(self._keys_by_place.get(i, []))

    def fuzzy_candidates(self, key: str) -> list[tuple[str, tuple[int, ...], float]]:
        """Folded keys near `key` with the places they spell (see `geo.gazetteer.fuzzy`)."""
        return self._fuzzy.candidates(key)

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
        found = drop_outliers(self, text, tokens, found)
        directional_regions(self, text, found)
        found = complete_names(self, text, tokens, found)
        found = name_sites(self, text, found)
        assign_roles(self, text, tokens, found)
        return [
            PlaceMention(
                start=f.start,
                end=f.end,
                text=text[f.start : f.end],
                place=f.place or self._places[f.chosen],
                alternatives=tuple(self._places[a] for a in f.alternatives),
                rule=f.rule,
                role=f.role,
                note=f.note,
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
        if any(curated and self._places[p].kind == "foreign" for p, curated in hits.items()):
            hits = self._foreign_over_alternates(hits, key)
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
            first_token=seq[0],
        )

    def _foreign_over_alternates(self, hits: dict[int, bool], key: tuple[str, ...]) -> dict[int, bool]:
        """ "al-Qaim" is the Iraqi town by its curated name, not a Syrian place that has it only
        among its GeoNames alternate names (Damascus does)."""
        return {
            p: curated
            for p, curated in hits.items()
            if curated or not self._places[p].in_syria or fold_parts(self._places[p].name)[0] == key
        }

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
        if self._places[place].kind == "foreign" and (ctx.adjectival or ctx.capitalised_before):
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


NAMESAKE_MARGIN_KM = 5.0  # a namesake must be this much nearer the text's places to be preferred


def _nearest_of_namesakes(gaz: Gazetteer, f: _Found, options: list[int], anchors: list) -> bool:
    """Of same-ranked namesakes, the one nearest the text's unambiguous places (CLAVIN and
    Mordecai's tie-break): "the village of Debaa" beside Qusair is Qusair's Dabaa."""
    if not anchors:
        return False
    distance = {p: nearest_km(gaz.point_of[p], anchors) for p in [f.chosen, *options]}
    best = min(distance, key=lambda p: (distance[p] if distance[p] is not None else 1e9, p))
    current = distance[f.chosen]
    if best == f.chosen or distance[best] is None or current is None or distance[best] > NEAR_KM:
        return False  # none is near the text's places: geo.gazetteer.coherence decides
    if current - distance[best] < NAMESAKE_MARGIN_KM:
        return False
    f.alternatives = [p for p in gaz._ranked([f.chosen, *f.alternatives]) if p != best]
    f.chosen = best
    f.rule += "; of the same-named places, the one nearest the text's other places"
    return True


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
    anchors = [gaz.point_of[f.chosen] for f in found if not ambiguous[id(f)] and gaz.point_of[f.chosen]]
    for f in found:
        options = ambiguous[id(f)]
        if not options:
            continue
        switched = False
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
                switched = True
                break
        if not switched:
            _nearest_of_namesakes(gaz, f, options, anchors)
