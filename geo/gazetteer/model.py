"""The gazetteer's data model: what a place is (`Place`), where a text names one (`PlaceMention`),
and the index entries the matcher and the builder share (`_Spelling`, `_Standing`)."""

from __future__ import annotations

from dataclasses import dataclass

from geo.errors import FrontlinesError

POINT_KINDS = frozenset({"city", "town", "village", "neighbourhood", "site"})
UNLISTED_KIND = "unlisted"
AREA_KINDS = frozenset({"adm1", "adm2", "adm3", "region"})
# Feature codes as the places README maps them; GeoNames-only rows have none.
FEATURE_RANK = {"PPLC": 5, "PPLA": 4, "PPLA2": 3, "PPLA3": 2}
AREA_RANK = {"adm1": 3, "adm2": 2, "adm3": 1}
LEVEL_NAMES = {"adm1": "governorate", "adm2": "district", "adm3": "sub-district"}


class GazetteerDataError(FrontlinesError, RuntimeError):
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
    def is_unlisted(self) -> bool:
        """A name no source lists, placed at the area its context gives (`place_id`
        "unlisted:<slug>@<area id>"): its point is that area's, not the place's own."""
        return self.kind == UNLISTED_KIND

    @property
    def geo_precision(self) -> int | None:
        """ACLED geo_precision: 1 for a named point, 3 for an area, None outside Syria; an
        unlisted name is 2 when placed in a sub-district, else 3."""
        if not self.in_syria:
            return None
        if self.is_unlisted:
            return 2 if self.admin3 else 3
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
    # What the mention is in its sentence: "place" (may carry an event), or one of
    # NON_EVENT_ROLES: "reference" ("40 km northeast of X", "near X" after a named place),
    # "locator" ("in the X countryside" after a list), "dateline" ("BEIRUT (Reuters) -"),
    # "organisation" ("Aleppo University"), "metonymy" ("Damascus said", "a Damascus ally").
    role: str = "place"
    # Says how an unlisted or fuzzy-matched place was placed; the record should carry it.
    note: str = ""

    @property
    def may_carry_event(self) -> bool:
        """False for datelines, reference points, locators, organisations and metonymy."""
        return self.role not in NON_EVENT_ROLES


NON_EVENT_ROLES = frozenset({"reference", "locator", "dateline", "organisation", "metonymy"})


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
