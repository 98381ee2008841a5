"""Towns with evidence (the markers) and what a click on the map selects: a town, else the
sub-district under the point.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import geopandas as gpd
import shapely

from geo.records import UNLISTED_PREFIX, EventRecord


@dataclass(frozen=True)
class Town:
    """A place with evidence, drawn as a marker."""

    place_id: str
    name: str
    name_ar: str
    latitude: float
    longitude: float
    admin3: str

    @property
    def unlisted(self) -> bool:
        """Not in the gazetteer: drawn hollow at the area its context gives."""
        return self.place_id.startswith(UNLISTED_PREFIX)


def towns_with_evidence(records: Iterable[EventRecord], names_ar: Mapping[str, str]) -> list[Town]:
    towns: dict[str, Town] = {}
    for r in records:
        if r.has_point and r.place_id and r.place_id not in towns:
            towns[r.place_id] = Town(
                r.place_id,
                r.place,
                names_ar.get(r.place_id, ""),
                float(r.latitude),
                float(r.longitude),
                r.admin3,
            )
    return sorted(towns.values(), key=lambda t: t.name)


def selection_at(lat: float, lng: float, towns: Sequence[Town], units: gpd.GeoDataFrame) -> str | None:
    """The town whose marker is at the clicked point, else the sub-district containing it."""
    for town in towns:
        if abs(town.latitude - lat) < 1e-6 and abs(town.longitude - lng) < 1e-6:
            return town.place_id
    hits = units.index[units.geometry.contains(shapely.Point(lng, lat))]
    return str(units.loc[hits[0], "adm3_id"]) if len(hits) else None
