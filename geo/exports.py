"""Exports: who controls what on a date, what changed between two dates, and the event records,
as GeoJSON and CSV, for people who take the map into their own tools.

Every export carries geometry, names and P-codes, side ids *and* names, the status, how sure the
colour is (`geo.provenance`: confidence, independent sources, "claimed", "date inferred"), the
evidence ids, and each source's outlet and web address. Pure functions: data in, text out; no
file, network or Streamlit here (the CLI and the pages write what these return).

Choices:

* **Geometry.** Sub-districts at full boundary detail (about 0.8 MB of GeoJSON for all 272).
  An event record has its point; an area record (a governorate, a region) has no point, so it
  carries its area: the union of the sub-districts it covers, else of its admin unit. A record
  that names no place in Syria has no geometry (`null`), never an invented one.
* **CSV.** Geometry goes in a `WKT` column (GDAL, QGIS and GeoPandas read it as geometry), and
  `latitude`/`longitude` give a point for spreadsheets: for a unit, a point inside it (not the
  centroid, which can fall outside a crescent-shaped unit); for a record, its own point.
* **Lists** (evidence ids, sources, outlets, URLs) are JSON arrays in GeoJSON and space- or
  " | "-joined in CSV (ids never contain spaces; outlet names may).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import geopandas as gpd
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.control import Timeline, UnitState
from geo.evidence import side_name
from geo.factions import Faction
from geo.provenance import colour_provenance
from geo.records import COLUMNS as RECORD_COLUMNS
from geo.records import EventRecord
from geo.sources import Source, safe_url

CRS = "EPSG:4326"
LIST_COLUMNS = {"evidence": " ", "source_ids": " ", "outlets": " | ", "urls": " ", "reviewers": " | "}
UNIT_COLUMNS = ["adm3_id", "adm3_name", "adm2_id", "adm2_name", "adm1_id", "adm1_name"]
STATE_COLUMNS = [
    "controller",
    "controller_name",
    "controller2",
    "controller2_name",
    "status",
    "to_controller",
    "to_controller_name",
    "since",
]
PROVENANCE_COLUMNS = [
    "confidence",
    "source_count",
    "claimed",
    "date_inferred",
    "provenance",
    "reviewed",
    "reviewers",
    "evidence",
    "source_ids",
    "outlets",
    "urls",
]
CONTROL_COLUMNS = [*UNIT_COLUMNS, *STATE_COLUMNS, "date", *PROVENANCE_COLUMNS, "latitude", "longitude"]
CHANGE_COLUMNS = [
    *UNIT_COLUMNS,
    "from_date",
    "to_date",
    "from_controller",
    "from_controller_name",
    "from_status",
    "to_controller",
    "to_controller_name",
    "to_status",
    "incoming",
    "incoming_name",
    "area_km2",
    *PROVENANCE_COLUMNS,
    "latitude",
    "longitude",
]
EVENT_COLUMNS = [
    *RECORD_COLUMNS,
    "actor1_name",
    "actor2_name",
    "assoc_actor1_names",
    "source_title",
    "outlet",
    "url",
    "geometry_kind",  # point | area | none
]


@dataclass(frozen=True)
class Table:
    """Rows of plain values with one geometry each (or None), in a fixed column order."""

    columns: list[str]
    rows: list[dict]
    geometries: list[BaseGeometry | None]

    def frame(self) -> gpd.GeoDataFrame:
        return gpd.GeoDataFrame(self.rows, columns=self.columns, geometry=self.geometries, crs=CRS)


# --- who controls what ------------------------------------------------------------------------------


def _name(side: str, factions: Mapping[str, Faction]) -> str:
    return side_name(side, factions) if side else ""


def _provenance_values(state: UnitState, timeline: Timeline, sources: Mapping[str, Source]) -> dict:
    p = colour_provenance(state, timeline, sources)
    return {
        "confidence": p.confidence,
        "source_count": p.source_count,
        "claimed": p.claimed,
        "date_inferred": p.date_inferred,
        "provenance": p.words,
        "reviewed": p.reviewed,
        "reviewers": list(p.reviewers),
        "evidence": list(state.evidence),
        "source_ids": list(p.source_ids),
        "outlets": list(p.outlets),
        "urls": list(p.urls),
    }


def _unit_values(unit: Mapping) -> dict:
    return {c: unit[c] for c in UNIT_COLUMNS}


def _inside_point(geometry: BaseGeometry | None) -> dict:
    if geometry is None or geometry.is_empty:
        return {"latitude": None, "longitude": None}
    point = geometry.representative_point()
    return {"latitude": round(point.y, 5), "longitude": round(point.x, 5)}


def control_table(
    timeline: Timeline, day: date, factions: Mapping[str, Faction], sources: Mapping[str, Source]
) -> Table:
    """One row per sub-district: who holds it on `day`, how sure that is, and why."""
    states = timeline.states_at(day)
    rows, geometries = [], []
    for unit in timeline.units.to_dict("records"):
        s = states[unit["adm3_id"]]
        rows.append(
            {
                **_unit_values(unit),
                "controller": s.controller,
                "controller_name": _name(s.controller, factions),
                "controller2": s.controller2,
                "controller2_name": _name(s.controller2, factions),
                "status": s.status,
                "to_controller": s.to_controller,
                "to_controller_name": _name(s.to_controller, factions),
                "since": s.since.isoformat() if s.since else "",
                "date": day.isoformat(),
                **_provenance_values(s, timeline, sources),
                **_inside_point(unit["geometry"]),
            }
        )
        geometries.append(unit["geometry"])
    return Table(CONTROL_COLUMNS, rows, geometries)


def changes_table(
    timeline: Timeline,
    start: date,
    end: date,
    factions: Mapping[str, Faction],
    sources: Mapping[str, Source],
) -> Table:
    """The sub-districts whose holder or status differs between `start` and `end`
    (`Timeline.changes_between`), largest first, with the state and its provenance at `end`."""
    changes = timeline.changes_between(start, end)
    units = timeline.units.set_index("adm3_id", drop=False)
    ends = timeline.states_at(end)
    rows, geometries = [], []
    for change in changes.sort_values(["area_km2", "adm3_id"], ascending=[False, True]).itertuples():
        unit = units.loc[change.adm3_id]
        s = ends[change.adm3_id]
        rows.append(
            {
                **_unit_values(unit),
                "from_date": start.isoformat(),
                "to_date": end.isoformat(),
                "from_controller": change.from_controller,
                "from_controller_name": _name(change.from_controller, factions),
                "from_status": change.from_status,
                "to_controller": change.to_controller,
                "to_controller_name": _name(change.to_controller, factions),
                "to_status": change.to_status,
                "incoming": s.to_controller,
                "incoming_name": _name(s.to_controller, factions),
                "area_km2": float(change.area_km2),
                **_provenance_values(s, timeline, sources),
                **_inside_point(unit["geometry"]),
            }
        )
        geometries.append(unit["geometry"])
    return Table(CHANGE_COLUMNS, rows, geometries)


# --- event records ----------------------------------------------------------------------------------


class _Areas:
    """Geometry of admin units and of unions of sub-districts, each union computed once."""

    def __init__(self, units: gpd.GeoDataFrame) -> None:
        self._adm3 = dict(zip(units["adm3_id"], units.geometry, strict=True))
        self._members: dict[str, list[str]] = {}
        for level in ("adm2_id", "adm1_id"):
            for code, group in units.groupby(level)["adm3_id"]:
                self._members[str(code)] = list(group)
        self._unions: dict[tuple[str, ...], BaseGeometry | None] = {}

    def union(self, adm3_ids: Iterable[str]) -> BaseGeometry | None:
        key = tuple(sorted(set(adm3_ids) & self._adm3.keys()))
        if key not in self._unions:
            self._unions[key] = shapely.union_all([self._adm3[u] for u in key]) if key else None
        return self._unions[key]

    def of_record(self, record: EventRecord) -> BaseGeometry | None:
        if record.area_units:
            return self.union(record.area_units)
        for code in (record.admin3, record.admin2, record.admin1):
            if code:
                return self.union(self._members.get(code, [code]))
        return None


def events_table(
    records: Sequence[EventRecord],
    units: gpd.GeoDataFrame,
    factions: Mapping[str, Faction],
    sources: Mapping[str, Source],
) -> Table:
    """Every field of each record, plus side names, the source's title, outlet and web address,
    and a geometry: the record's point, else its area (see the module docstring)."""
    areas = _Areas(units)
    rows, geometries = [], []
    for r in records:
        source = sources.get(r.source_id)
        if r.has_point:
            geometry, kind = shapely.Point(r.longitude, r.latitude), "point"
        else:
            geometry = areas.of_record(r) if r.geo_precision is not None else None
            kind = "area" if geometry is not None else "none"
        rows.append(
            {
                **r.as_dict(),
                "actor1_name": _name(r.actor1, factions),
                "actor2_name": _name(r.actor2, factions),
                "assoc_actor1_names": " | ".join(_name(a, factions) for a in r.assoc_actor1.split("|") if a),
                "source_title": source.title if source else "",
                "outlet": (source.outlet or "") if source else "",
                "url": (safe_url(source.url) or "") if source else "",
                "geometry_kind": kind,
            }
        )
        geometries.append(geometry)
    return Table(EVENT_COLUMNS, rows, geometries)


# --- writing ------------------------------------------------------------------------------------------


def to_geojson(table: Table) -> str:
    """An RFC 7946 FeatureCollection (WGS 84 longitude/latitude); a row with no geometry has
    `"geometry": null`."""
    features = [
        {
            "type": "Feature",
            "geometry": mapping(g) if g is not None else None,
            "properties": {c: row[c] for c in table.columns},
        }
        for row, g in zip(table.rows, table.geometries, strict=True)
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def _cell(column: str, value: object) -> object:
    if isinstance(value, list):
        return LIST_COLUMNS.get(column, " | ").join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else value


def to_csv(table: Table) -> str:
    """One row per feature, its geometry as WKT in the last column (`WKT`, empty when none)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*table.columns, "WKT"])
    for row, g in zip(table.rows, table.geometries, strict=True):
        writer.writerow([*(_cell(c, row[c]) for c in table.columns), g.wkt if g is not None else ""])
    return out.getvalue()


def to_json(table: Table) -> str:
    """The rows without geometry, as a JSON array of objects."""
    return json.dumps(
        [{c: row[c] for c in table.columns} for row in table.rows], ensure_ascii=False, indent=1
    )


def file_stem(kind: str, *days: date) -> str:
    """A download's file name without extension: frontlines-control-2024-12-03."""
    return "-".join(["frontlines", kind, *(d.isoformat() for d in days)])
