"""What the "Add articles" page shows before anything is stored, and what the user's choices there
mean: the proposed records as table rows to keep or edit; the edits checked and turned into review
decisions (a record unticked is rejected, an edited one corrected, old and new values kept); and a
small offline map of their points.

The machine's records are stored as extracted; the user's decisions are stored beside them as
reviews (see `geo.store`), never written over them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import folium
import geopandas as gpd

from geo import folium_maps
from geo.annotate import record_map_link
from geo.errors import FrontlinesError
from geo.evidence import TYPE_WORDS, esc, side_name
from geo.factions import Faction
from geo.records import EventRecord
from geo.reviews import NewReview, ReviewError, correction

# What the preview lets a user change in a record: the review's correctable fields but the place,
# which is corrected after saving, from the evidence panel with the gazetteer search.
EDITABLE = ("event_type", "actor1", "actor2", "date_start", "date_end")
TABLE_COLUMNS = [
    "keep",
    "event_type",
    "place",
    "actor1",
    "actor2",
    "date_start",
    "date_end",
    "sentence",
    "event_id",
]
KEPT_COLOUR, DROPPED_COLOUR = "#d14a00", "#8c8c8c"


class PreviewError(FrontlinesError, ValueError):
    """An edit in the preview's table is not a value the record can take; names the record."""


@dataclass(frozen=True)
class Decision:
    """The user's word on one proposed record, before the reviewer is known: "reject", or
    "correct" with the checked changes {field: (old, new)} (geo.reviews.correction)."""

    event_id: str
    action: str
    changes: Mapping[str, tuple[Any, Any]]

    def as_review(self, reviewer: str) -> NewReview:
        return NewReview(self.event_id, self.action, reviewer, dict(self.changes))


def record_rows(records: Iterable[EventRecord]) -> list[dict]:
    """One editable row per record, every one kept; dates as dates (for a date column)."""
    return [
        {
            "keep": True,
            "event_type": r.event_type,
            "place": r.place,
            "actor1": r.actor1,
            "actor2": r.actor2,
            "date_start": date.fromisoformat(r.date_start),
            "date_end": date.fromisoformat(r.date_end),
            "sentence": r.sentence,
            "event_id": r.event_id,
        }
        for r in records
    ]


def _iso(value: object, where: str, field: str) -> str:
    """A date cell as the table gives it back (a date, a pandas Timestamp or text) -> YYYY-MM-DD."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise PreviewError(f"{where}: {field} must be a date, not {str(value)!r:.40}")


def _row_label(name: str, record: EventRecord) -> str:
    what = TYPE_WORDS.get(record.event_type, record.event_type)
    return f"{name}, record “{what}{' in ' + record.place if record.place else ''}”"


def _row_values(row: Mapping, where: str) -> dict[str, str]:
    values = {f: str(row.get(f) or "") for f in ("event_type", "actor1", "actor2")}
    values["date_start"] = _iso(row.get("date_start"), where, "date_start")
    values["date_end"] = _iso(row.get("date_end"), where, "date_end")
    return values


def decisions(
    records: Sequence[EventRecord],
    rows: Sequence[Mapping],
    *,
    name: str,
    published: date,
    sides: Iterable[str],
) -> list[Decision]:
    """The table's rows (matched by event id) against the machine's records: an unticked row is
    a rejection, a changed value a correction, checked as every review is (geo.reviews) and not
    after the article's publication date; a bad value raises one line naming the record."""
    by_id = {str(row.get("event_id")): row for row in rows}
    known = list(sides)
    out = []
    for record in records:
        row = by_id.get(record.event_id)
        if row is None:
            continue
        if not bool(row.get("keep", True)):
            out.append(Decision(record.event_id, "reject", {}))
            continue
        where = _row_label(name, record)
        values = _row_values(row, where)
        asked = {f: v for f, v in values.items() if getattr(record, f) != v}
        if not asked:
            continue
        if values["date_end"] > published.isoformat():
            raise PreviewError(
                f"{where}: date_end {values['date_end']} is after the article's publication date {published}"
            )
        try:
            changes = correction(record, asked, places=None, sides=known)
        except ReviewError as exc:
            raise PreviewError(f"{where}: {exc}") from None
        out.append(Decision(record.event_id, "correct", changes))
    return out


def map_link(records: Sequence[EventRecord], rejected: Iterable[str] = ()) -> str | None:
    """Where to see a saved article on the main map: its newest kept record that has a place
    there (a point, or an area), at that record's date; None when no record has one."""
    dropped = set(rejected)
    placed = [r for r in records if r.event_id not in dropped and (r.has_point or r.area_units)]
    if not placed:
        return None
    return record_map_link(max(placed, key=lambda r: (r.date_end, r.has_point, r.sentence_start)))


def _tooltip(text: str) -> str:
    """Text for a folium tooltip, which lands as HTML inside a JavaScript template literal:
    escaped, and without the backtick or "${" that would end or open code there."""
    return esc(text).replace("`", "&#96;").replace("$", "&#36;")


def preview_map(
    records: Sequence[EventRecord],
    rejected: Iterable[str],
    adm1: gpd.GeoDataFrame,
    factions: Mapping[str, Faction],
) -> folium.Map:
    """A small map of the records' points over the governorate borders (no tiles: offline), the
    whole country in view, so that where the article's events lie is seen at a glance. Kept
    records are orange dots, unticked ones grey; each dot's tooltip says what and where."""
    m = folium_maps.offline_map()
    folium.GeoJson(
        adm1[["geometry"]].to_json(),
        name="Governorates",
        style_function=lambda _feature: {"color": "#777", "weight": 1, "fill": True, "fillColor": "#f4f4f0"},
        interactive=False,
    ).add_to(m)
    dropped = set(rejected)
    points = [r for r in records if r.has_point]
    for r in points:
        kept = r.event_id not in dropped
        sides = " vs ".join(side_name(a, factions) for a in (r.actor1, r.actor2) if a)
        words = f"{TYPE_WORDS.get(r.event_type, r.event_type)} · {r.place}" + (f" · {sides}" if sides else "")
        folium.CircleMarker(
            (r.latitude, r.longitude),
            radius=7,
            color="#fff",
            weight=1.5,
            fill=True,
            fill_color=KEPT_COLOUR if kept else DROPPED_COLOUR,
            fill_opacity=0.95,
            tooltip=_tooltip(words + ("" if kept else " (not kept)")),
            class_name=f"fl-preview-point fl-preview-{'kept' if kept else 'dropped'}",
        ).add_to(m)
    return m


def simplified_governorates(adm1: gpd.GeoDataFrame, tolerance: float = 0.01) -> gpd.GeoDataFrame:
    """Governorate borders light enough to send with every preview (about 0.01 degree detail)."""
    return gpd.GeoDataFrame(geometry=adm1.geometry.simplify(tolerance, preserve_topology=True), crs=adm1.crs)
