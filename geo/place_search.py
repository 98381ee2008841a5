"""Finding a place by name: the map page's search box and readable permalinks (`?place=aleppo`).

Owns the searchable entries (every sub-district, every town with evidence), their readable URL
values ("slugs"), and spelling-tolerant matching in English and Arabic. Latin spellings are
compared by their `geo.names.fold` keys, the same keys the text matcher uses (so "tel refaat",
"Tall Refaat" and "Tal Rifaat" meet exactly), and by RapidFuzz's normalised Indel similarity
for the rest ("Idlip", a letter dropped); Arabic by its letters with hamza forms, taa marbuta,
alif maqsura, diacritics and tatweel normalised. Plain data in, plain data out: no Streamlit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from geo.names import fold

TOWN, SUB_DISTRICT = "town", "sub-district"
MIN_SCORE = 72.0  # RapidFuzz ratio (0-100) below which a spelling is no match
# Fold keys keep only consonants ("Idleb" -> "adlab", "Aleppo" -> "alapa"), so a near miss
# between keys says less than one between the names as written: it counts for this much.
FOLDED_WEIGHT = 0.9
PREFIX_SCORE = 90.0  # a key that starts with the (3+ letter) query: someone still typing
# A permalink's name must pick one place clearly: this score at least, and this far ahead of
# the next place (a search box may offer near ties; a URL must not guess between them).
PERMALINK_SCORE = 90.0
PERMALINK_MARGIN = 5.0
MAX_QUERY = 100

_ARABIC = re.compile(r"[\u0600-\u06ff]")
_ARABIC_MARKS = re.compile(r"[\u064b-\u065f\u0670\u0640]")  # harakat, dagger alif, tatweel
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ؤ": "و", "ئ": "ي"}
)


@dataclass(frozen=True)
class PlaceEntry:
    """One place the search box and permalinks can open."""

    target: str  # what the map selects: a town's place id, or a sub-district's P-code
    kind: str  # TOWN or SUB_DISTRICT
    name: str
    name_ar: str
    detail: str  # where it is, in words ("Tall Refaat sub-district, Aleppo")
    slug: str  # the readable URL value, unique among entries
    unit: str  # the sub-district it lies in (a sub-district's own P-code)
    keys: tuple[str, ...]  # normalised spellings (see `search_key`)
    plain: tuple[str, ...] = ()  # the names in plain lower case, for fuzzy scores (see `search`)


@dataclass(frozen=True)
class SearchHit:
    entry: PlaceEntry
    score: float


def is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def search_key(text: str) -> str:
    """The normalised form a spelling is compared by: Arabic letters normalised, else the fold
    key (lower case, article and vowel variants removed)."""
    text = unicodedata.normalize("NFKC", text).strip()
    if is_arabic(text):
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
        return " ".join(text.split())
    return fold(text)


def plain_key(text: str) -> str:
    """Lower case ASCII letters and spaces (Arabic: its `search_key`)."""
    if is_arabic(text):
        return search_key(text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", ascii_text.replace("'", "")).split())


def slugify(name: str) -> str:
    """A readable URL value: ASCII letters and digits joined by '-' ("Tall Refaat" -> "tall-refaat")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower().replace("'", "")).strip("-")


class PlaceSearch:
    """Entries with their keys, searchable by name and resolvable by id or slug."""

    def __init__(self, entries: Sequence[PlaceEntry]) -> None:
        self.entries = tuple(entries)
        self._by_target = {e.target: e for e in self.entries}
        self._by_slug = {e.slug: e for e in self.entries}
        self._keys: list[str] = []
        self._owner: list[int] = []
        self._plain: list[str] = []
        self._plain_owner: list[int] = []
        for i, entry in enumerate(self.entries):
            for key in entry.keys:
                self._keys.append(key)
                self._owner.append(i)
            for key in entry.plain:
                self._plain.append(key)
                self._plain_owner.append(i)

    @classmethod
    def build(
        cls,
        towns: Iterable[tuple[str, str, str, str]],
        units: Iterable[tuple[str, str, str, str]],
        spellings: Mapping[str, Iterable[str]] | None = None,
    ) -> PlaceSearch:
        """`towns`: (place id, name, Arabic name, sub-district P-code) of towns with evidence;
        `units`: (P-code, name, district, governorate) of every sub-district; `spellings`: more
        spellings by target (e.g. a gazetteer's folded keys, already search keys or raw names).
        Slugs are the name's; a sub-district named like a town (or like another sub-district)
        gets its governorate appended, then its P-code, so that every slug is unique."""
        spellings = spellings or {}
        unit_rows = list(units)
        unit_names = {pcode: (name, governorate) for pcode, name, _, governorate in unit_rows}
        entries: list[PlaceEntry] = []
        taken: set[str] = set()

        def unique(base: str, *fallbacks: str) -> str:
            for slug in (base, *(f"{base}-{f}" for f in fallbacks)):
                if slug and slug not in taken:
                    taken.add(slug)
                    return slug
            raise ValueError(f"no unique slug for {base!r}")  # fallbacks end with an id

        def keys_of(target: str, *names: str) -> tuple[str, ...]:
            keys = [search_key(n) for n in names if n]
            keys += [search_key(s) for s in spellings.get(target, ())]
            return tuple(dict.fromkeys(k for k in keys if k))

        def plain_of(*names: str) -> tuple[str, ...]:
            return tuple(dict.fromkeys(p for p in map(plain_key, names) if p))

        for place_id, name, name_ar, unit in towns:
            unit_name, governorate = unit_names.get(unit, ("", ""))
            where = f"town in {unit_name}, {governorate}" if unit_name else "town"
            slug = unique(slugify(name), slugify(governorate), slugify(place_id))
            entries.append(
                PlaceEntry(
                    place_id,
                    TOWN,
                    name,
                    name_ar,
                    where,
                    slug,
                    unit,
                    keys_of(place_id, name, name_ar),
                    plain_of(name, name_ar),
                )
            )
        for pcode, name, district, governorate in unit_rows:
            slug = unique(slugify(name), slugify(f"{governorate} sub-district"), pcode.lower())
            detail = f"sub-district of {district}, {governorate}"
            entries.append(
                PlaceEntry(
                    pcode, SUB_DISTRICT, name, "", detail, slug, pcode, keys_of(pcode, name), plain_of(name)
                )
            )
        return cls(entries)

    def get(self, target: str) -> PlaceEntry | None:
        return self._by_target.get(target)

    def search(self, query: str, limit: int = 8) -> list[SearchHit]:
        """Entries whose spellings match `query`, best first: an exact key scores 100, a key
        starting with the query PREFIX_SCORE, others their RapidFuzz ratio (at least
        MIN_SCORE)."""
        query = query[:MAX_QUERY]
        key, plain = search_key(query), plain_key(query)
        if not key:
            return []
        best: dict[int, float] = {}

        def offer(owner: int, score: float) -> None:
            best[owner] = max(best.get(owner, 0.0), score)

        for _, score, i in process.extract(
            key, self._keys, scorer=fuzz.ratio, score_cutoff=MIN_SCORE, limit=None
        ):
            offer(self._owner[i], 100.0 if self._keys[i] == key else FOLDED_WEIGHT * score)
        for _, score, i in process.extract(
            plain, self._plain, scorer=fuzz.ratio, score_cutoff=MIN_SCORE, limit=None
        ):
            offer(self._plain_owner[i], float(score))
        if len(plain) >= 3:
            for i, k in enumerate(self._plain):
                if k != plain and k.startswith(plain):
                    offer(self._plain_owner[i], PREFIX_SCORE)
        best = {owner: score for owner, score in best.items() if score >= MIN_SCORE}

        # Same score (fold keys meet "Idlip" with "Idleb" as well as with "Aleppo"): the name as
        # written closer to the query first, then towns (the press means the town), then by name.
        def order(item: tuple[int, float]) -> tuple:
            entry = self.entries[item[0]]
            closeness = max((fuzz.ratio(plain, p) for p in entry.plain), default=0.0)
            return (-item[1], -closeness, entry.kind != TOWN, entry.name)

        ranked = sorted(best.items(), key=order)
        return [SearchHit(self.entries[i], score) for i, score in ranked[:limit]]

    def resolve(self, value: str) -> PlaceEntry | None:
        """What a permalink's `place=` names: an id ("gn:163476", "SY020402"), a slug
        ("tall-refaat"), or a name clear enough to pick one place ("aleppo", "tal-rifaat")."""
        if value in self._by_target:
            return self._by_target[value]
        slug = slugify(value)
        if slug in self._by_slug:
            return self._by_slug[slug]
        hits = self.search(value.replace("-", " ").replace("_", " "), limit=3)
        if not hits or hits[0].score < PERMALINK_SCORE:
            return None
        # A town and the sub-district it lies in often share a name: the town (first by `search`) is meant.
        rivals = [h for h in hits[1:] if not _same_place(hits[0].entry, h.entry)]
        if rivals and hits[0].score - rivals[0].score < PERMALINK_MARGIN:
            return None
        return hits[0].entry


def _same_place(town: PlaceEntry, other: PlaceEntry) -> bool:
    return town.kind == TOWN and other.kind == SUB_DISTRICT and other.target == town.unit


def gazetteer_search(places: Iterable, units: Iterable[tuple[str, str, str, str]]) -> PlaceSearch:
    """Every town, village and site of the gazetteer in Syria, and every sub-district: what a
    reviewer picks from to correct a record's place (`correction_place_id` gives its id).

    `places`: the gazetteer's `Place`s (`Gazetteer.places()`); `units` as `PlaceSearch.build`."""
    from geo.gazetteer.model import POINT_KINDS

    towns = [
        (p.place_id, p.name, p.name_ar or "", p.admin3 or "")
        for p in places
        if p.in_syria and p.kind in POINT_KINDS and p.latitude is not None
    ]
    return PlaceSearch.build(towns, units)


def correction_place_id(entry: PlaceEntry) -> str:
    """The gazetteer id of a search entry: a town's own, a sub-district's "adm3:<P-code>"."""
    return entry.target if entry.kind == TOWN else f"adm3:{entry.target}"
