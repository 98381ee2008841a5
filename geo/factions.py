"""The factions: their stable ids, the words texts use for them, and how the map draws them.

`data/factions.csv` holds one row per faction: territorial factions (they hold sub-districts and
are drawn as fills), non-territorial actors (they appear in events only and share one neutral
grey), and the pseudo-faction `unknown` (a territorial row, used when nothing is known). Display
names, aliases, colours and patterns are data; this module reads and checks them. So are the
rules between sides: `successor` (the side a faction's names mean after `valid_to`) and
`umbrella` (the generic side a specific one belongs to: a claim by the umbrella, "rebels",
confirms ground its member, HTS, holds; geo/control.py reads them through `umbrellas`).

Aliases are the words sources use, verbatim and case as usually written. Some overlap with each
other or with place names ("Turkish" inside "Turkish-backed rebels", "Damascus" the city and the
government, "IS", "US"): a matcher must prefer the longest alias and decide such cases by context.
The loader refuses the same alias on two rows, since that could never be resolved.

Colour-blind check. Every pair of territorial fills is simulated under deuteranopia, protanopia
and tritanopia (colorspacious' "sRGB1+CVD" at severity 100, i.e. complete dichromacy, clipped to
the displayable range) and compared by CAM02-UCS distance. The bar is 20: a distance of 1 is about
the smallest step a viewer notices between large adjacent patches, but map fills are read apart
from each other, against a legend, half-transparent over a basemap and often small, so they need
many times that. 20 is deliberately strict: by this same measure the Okabe-Ito palette, the usual
colour-blind-safe choice, has its closest pair at 11.0 (orange and reddish purple, tritanopia) and
Matplotlib's tab10 at 1.6. The colours in the table were tuned within each faction's conventional
hue so that as many pairs as possible clear 20; a pair that still cannot (light-green opposition
and SDF yellow; Israel blue and coalition teal under tritanopia) must differ by fill pattern or by
outline, and `distinguishable` is the rule the tests enforce.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from colorspacious import cspace_convert, deltaE

from geo import paths
from geo.errors import FrontlinesError
from geo.tables import read_rows

FACTIONS_CSV = paths.DATA / "factions.csv"
COLUMNS = ("id", "name", "aliases", "colour", "pattern", "outline", "territorial", "basis")
DATED_COLUMNS = ("valid_from", "valid_to", "successor")  # optional
UMBRELLA_COLUMN = "umbrella"  # optional: the generic side this one belongs to
PATTERNS = frozenset({"solid", "hatch", "dots", "cross"})
# colorspacious' names; at severity 100 they simulate deuteranopia, protanopia and tritanopia.
CVD_TYPES = ("deuteranomaly", "protanomaly", "tritanomaly")
DISTINCT_THRESHOLD = 20.0
UNKNOWN_ID = "unknown"

_ID = re.compile(r"[a-z][a-z0-9_]*")
_HEX = re.compile(r"#[0-9a-fA-F]{6}")
_BOOLEANS = {"true": True, "false": False}


class FactionDataError(FrontlinesError, ValueError):
    """The factions table is unusable; the message names the file, the line and the problem."""


@dataclass(frozen=True)
class Faction:
    id: str
    name: str
    aliases: tuple[str, ...]
    colour: str
    pattern: str
    outline: str | None
    territorial: bool
    basis: str
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str | None = None
    umbrella: str | None = None

    def side_on(self, day: date | None) -> str | None:
        """The side this faction's names mean on `day` (None: today's side, the latest period):
        its own id, its successor after `valid_to`, or None before `valid_from`."""
        if day is None:
            return self.successor or self.id
        if self.valid_from and day < self.valid_from:
            return None
        if self.successor and self.valid_to and day > self.valid_to:
            return self.successor
        return self.id


def parse_day(value: str, what: str, where: str, error: type[ValueError]) -> date | None:
    """An ISO day or None for an empty cell; `error` names `where` and the column otherwise."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise error(f"{where}: {what} {value!r} is not a date (expected YYYY-MM-DD or empty)") from None


def _parse_row(values: dict[str, str], where: str) -> Faction:
    if not _ID.fullmatch(values["id"]):
        raise FactionDataError(f"{where}: bad id {values['id']!r} (lower-case letters, digits, _)")
    if not values["name"]:
        raise FactionDataError(f"{where}: empty name for {values['id']!r}")
    aliases = tuple(a.strip() for a in values["aliases"].split("|")) if values["aliases"] else ()
    if any(not a for a in aliases):
        raise FactionDataError(f"{where}: empty alias in {values['aliases']!r}")
    if not _HEX.fullmatch(values["colour"]):
        raise FactionDataError(f"{where}: bad colour {values['colour']!r} (expected #rrggbb)")
    if values["pattern"] not in PATTERNS:
        raise FactionDataError(
            f"{where}: unknown pattern {values['pattern']!r} (expected one of {', '.join(sorted(PATTERNS))})"
        )
    if values["outline"] and not _HEX.fullmatch(values["outline"]):
        raise FactionDataError(f"{where}: bad outline {values['outline']!r} (expected #rrggbb or empty)")
    if values["territorial"] not in _BOOLEANS:
        raise FactionDataError(f"{where}: territorial must be true or false, not {values['territorial']!r}")
    if not values["basis"]:
        raise FactionDataError(f"{where}: empty basis for {values['id']!r}")
    valid_from = parse_day(values.get("valid_from", ""), "valid_from", where, FactionDataError)
    valid_to = parse_day(values.get("valid_to", ""), "valid_to", where, FactionDataError)
    successor = values.get("successor") or None
    if valid_from and valid_to and valid_to < valid_from:
        raise FactionDataError(f"{where}: valid_to {valid_to} is before valid_from {valid_from}")
    if successor and not valid_to:
        raise FactionDataError(f"{where}: successor {successor!r} needs a valid_to date")
    return Faction(
        id=values["id"],
        name=values["name"],
        aliases=aliases,
        colour=values["colour"].lower(),
        pattern=values["pattern"],
        outline=values["outline"].lower() or None,
        territorial=_BOOLEANS[values["territorial"]],
        basis=values["basis"],
        valid_from=valid_from,
        valid_to=valid_to,
        successor=successor,
        umbrella=values.get(UMBRELLA_COLUMN, "").strip() or None,
    )


def load_factions(path: Path = FACTIONS_CSV) -> dict[str, Faction]:
    """Faction id -> Faction, in file order, after checking every row (all bad rows in one error)."""
    factions: dict[str, Faction] = {}
    wheres: dict[str, str] = {}  # "path, line N" of each faction, for the checks across rows
    alias_owner: dict[str, str] = {}

    def parse(values: dict[str, str], where: str) -> Faction:
        faction = _parse_row(values, where)
        if faction.id in factions:
            raise FactionDataError(f"{where}: duplicate id {faction.id!r}")
        for alias in faction.aliases:
            owner = alias_owner.setdefault(alias.casefold(), faction.id)
            if owner != faction.id:
                raise FactionDataError(f"{where}: alias {alias!r} is already used by {owner!r}")
        factions[faction.id] = faction
        wheres[faction.id] = where
        return faction

    read_rows(path, COLUMNS, parse, FactionDataError, "the factions table")
    if not factions:
        raise FactionDataError(f"{path}: no factions")
    for faction in factions.values():
        if faction.successor is not None and faction.successor not in factions:
            raise FactionDataError(
                f"{path}: {faction.id!r} has unknown successor {faction.successor!r} (not an id of the table)"
            )
        _check_umbrella(faction, factions, wheres[faction.id])
    return factions


def _check_umbrella(faction: Faction, factions: Mapping[str, Faction], where: str) -> None:
    """An umbrella is another territorial side of the table with no umbrella of its own: the
    rules (`compatible`, `more_specific` in geo/control.py) look one level up only."""
    side = faction.umbrella
    if side is None:
        return
    if side not in factions or side == faction.id:
        raise FactionDataError(
            f"{where}: {faction.id!r} has unknown umbrella side {side!r} (not another id of the table)"
        )
    if not (faction.territorial and factions[side].territorial) or side == UNKNOWN_ID:
        raise FactionDataError(
            f"{where}: umbrella {side!r} of {faction.id!r}: both must be territorial sides"
        )
    if factions[side].umbrella is not None:
        raise FactionDataError(f"{where}: umbrella {side!r} has an umbrella of its own (one level only)")


def umbrellas(factions: Mapping[str, Faction]) -> dict[str, str]:
    """Specific side -> the generic side it belongs to (hts -> opposition), from the table."""
    return {fid: f.umbrella for fid, f in factions.items() if f.umbrella is not None}


def territorial_factions(factions: Mapping[str, Faction]) -> dict[str, Faction]:
    """The factions that can hold ground (including `unknown`)."""
    return {fid: f for fid, f in factions.items() if f.territorial}


def _rgb(colour: str) -> np.ndarray:
    if not _HEX.fullmatch(colour):
        raise ValueError(f"bad colour {colour!r} (expected #rrggbb)")
    return np.array([int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])


def _as_seen(colour: str, cvd_type: str | None) -> np.ndarray:
    rgb = _rgb(colour)
    if cvd_type is None:
        return rgb
    if cvd_type not in CVD_TYPES:
        raise ValueError(f"unknown cvd_type {cvd_type!r} (expected one of {', '.join(CVD_TYPES)})")
    space = {"name": "sRGB1+CVD", "cvd_type": cvd_type, "severity": 100}
    # The simulation can leave the sRGB gamut; a screen can only show the clipped colour.
    return np.clip(cspace_convert(rgb, space, "sRGB1"), 0, 1)


def cvd_distance(colour_a: str, colour_b: str, cvd_type: str | None) -> float:
    """CAM02-UCS distance between two #rrggbb colours as seen with `cvd_type` (None: normal vision)."""
    return float(deltaE(_as_seen(colour_a, cvd_type), _as_seen(colour_b, cvd_type), input_space="sRGB1"))


def worst_cvd_distance(colour_a: str, colour_b: str) -> tuple[str, float]:
    """The simulation under which two colours are closest, and their distance there."""
    return min(((t, cvd_distance(colour_a, colour_b, t)) for t in CVD_TYPES), key=lambda item: item[1])


def _as_list(factions: Mapping[str, Faction] | Iterable[Faction]) -> list[Faction]:
    return list(factions.values()) if isinstance(factions, Mapping) else list(factions)


def indistinct_pairs(
    factions: Mapping[str, Faction] | Iterable[Faction], threshold: float = DISTINCT_THRESHOLD
) -> list[tuple[str, str, str, float]]:
    """(id_a, id_b, cvd_type, distance) for every pair of the given factions whose fill colours are
    closer than `threshold` under a simulation, whatever their patterns; pass the territorial ones."""
    failures = []
    for a, b in itertools.combinations(_as_list(factions), 2):
        for cvd_type in CVD_TYPES:
            distance = cvd_distance(a.colour, b.colour, cvd_type)
            if distance < threshold:
                failures.append((a.id, b.id, cvd_type, distance))
    return failures


def _colours_distinct(colour_a: str, colour_b: str, threshold: float) -> bool:
    return all(cvd_distance(colour_a, colour_b, t) >= threshold for t in CVD_TYPES)


def _outlines_differ(a: Faction, b: Faction, threshold: float) -> bool:
    if a.outline is None or b.outline is None:
        return a.outline != b.outline
    return _colours_distinct(a.outline, b.outline, threshold)


def distinguishable(a: Faction, b: Faction, threshold: float = DISTINCT_THRESHOLD) -> bool:
    """Whether a colour-blind reader can tell the two fills apart: different patterns, outlines
    that differ (one has none, or both clear the threshold), or fill colours that clear it."""
    return (
        a.pattern != b.pattern
        or _outlines_differ(a, b, threshold)
        or _colours_distinct(a.colour, b.colour, threshold)
    )
