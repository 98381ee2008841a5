"""The dashboard's map as data and scripts, built to work offline and to change without remounting.

Two parts, so that moving the timeline sends only what changes:

* The base map (`geo.folium_maps.base_map`) is identical on every rerun, and small: the heavy
  static layers (sub-district shapes simplified with their topology kept, see `display_units`;
  governorate borders and labels on top; faction styles) are a data file (`base_data`), and the
  client-side runtime that draws them is `geo/mapview.js`; both are one file with Leaflet
  (`map_script`), served from /app/static, so a rerun never resends them. The map itself adds the
  legend, attribution and an opt-in OpenStreetMap layer.
* `state_script(...)` is the per-date part, sent as streamlit-folium's feature group (the
  dashboard's map: `geo.dashboard.frame_state`): a compact JSON state (each unit's controller and
  status, the newest sentence of each unit with evidence, sent once per distinct sentence, town
  and event markers) that the runtime applies: fills, hatching, tooltips, popups and markers,
  changing only what the date changes. What a store generation determines of it (the towns'
  points and names) is a static file of its own (`marks_data`), loaded once.

This module does not import folium: a server's first run needs only these files and scripts
(the base map's streamlit-folium arguments are kept on disk, pages/map_frame.py), and folium with
its plugins and templates costs about 0.4 s of a start. The folium objects are in
`geo.folium_maps`.

Every map loads Leaflet (and jQuery, which folium's popups need) from `/app/static` (copied
from PyPI at set-up), never a CDN; the dashboard's map gets Leaflet inside its script file.
Text from articles reaches popups and tooltips only through `geo.evidence`, which escapes it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import shapely

from geo import paths
from geo.errors import FrontlinesError
from geo.factions import Faction
from geo.tables import read_rows
from geo.topojson import decode

RUNTIME_JS = Path(__file__).with_name("mapview.js")
LABEL_ANCHORS_CSV = paths.DATA / "label_anchors.csv"
LABEL_ALIGNS = ("left", "center", "right")
MAP_TITLE = "Map of Syria: who holds each sub-district on the selected date"

STATIC = "/app/static/leaflet"
LEAFLET_JS = [("leaflet", f"{STATIC}/leaflet.js"), ("jquery", f"{STATIC}/jquery.min.js")]
LEAFLET_CSS = [("leaflet_css", f"{STATIC}/leaflet.css")]

BOUNDARY_ATTRIBUTION = (
    "Boundaries: OCHA / UN Cartographic Section (COD-AB) via geoBoundaries "
    "(Runfola et al. 2020), CC BY 3.0 IGO"
)
PLACES_ATTRIBUTION = (
    "Places: OCHA Syria COD populated places (2015), CC BY 3.0 IGO; GeoNames (geonames.org), CC BY 4.0"
)
SYRIA_CENTER = (35.0, 38.5)
SYRIA_BOUNDS = [[32.31, 35.61], [37.33, 42.38]]
# Degrees; about 400 m. Small enough that towns stay in their units, large enough to halve the vertices.
DISPLAY_TOLERANCE = 0.004
NO_EVIDENCE = "No evidence for this date: before the 2020 baseline, a unit nothing speaks of is unknown."
EVENT_SYMBOLS = {
    "captured": ("★", "captured"),
    "airstrike": ("✈", "air strike"),
    "offensive": ("➤", "offensive"),
    "clashes": ("✕", "clashes"),
    "withdrawal": ("↩", "withdrawal"),
    "control_claim": ("■", "control claim"),
    "statement": ("❝", "statement"),
    "other": ("●", "other"),
}


def js_json(value: object) -> str:
    """JSON safe to embed in a script: no "</script>" or "<!--" can end or confuse it."""
    return (
        json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def display_units(
    topojson_path: Path, adm3: gpd.GeoDataFrame, tolerance: float = DISPLAY_TOLERANCE
) -> gpd.GeoDataFrame:
    """Sub-districts for drawing: each shared border simplified once (so neighbours still meet
    exactly), coordinates on a 1e-4 degree grid, attributes from the full units."""
    features = decode(topojson_path, tolerance)
    geometry = {f.properties["pcode"]: f.geometry for f in features}
    frame = adm3.drop(columns="geometry").copy()
    shapes = shapely.set_precision([geometry[p] for p in frame["adm3_id"]], 1e-4)
    return gpd.GeoDataFrame(frame, geometry=list(shapes), crs="EPSG:4326")


class LabelDataError(FrontlinesError, ValueError):
    """data/label_anchors.csv is unusable; the message names the file, row and problem."""


def load_label_anchors(path: Path = LABEL_ANCHORS_CSV) -> dict[str, tuple[float, float, str]]:
    """Hand-placed governorate label points, by adm1 id: (lat, lng, align), where a label's
    text is centred on the point or ends ("right") or starts ("left") there. Used where the
    representative point's label collides with a neighbour's (each row says why)."""

    def parse(row: dict[str, str], where: str) -> tuple[str, tuple[float, float, str]]:
        try:
            lat, lng, align = float(row["latitude"]), float(row["longitude"]), row["align"]
        except ValueError:
            raise LabelDataError(f"{where}: latitude/longitude must be numbers") from None
        if align not in LABEL_ALIGNS or not row["basis"]:
            raise LabelDataError(f"{where}: align must be one of {LABEL_ALIGNS}, with a basis")
        if not (32.0 <= lat <= 37.5 and 35.0 <= lng <= 42.5):
            raise LabelDataError(f"{where}: the point is outside Syria")
        return row["adm1_id"], (lat, lng, align)

    columns = ("adm1_id", "latitude", "longitude", "align", "basis")
    return dict(read_rows(path, columns, parse, LabelDataError, "the label anchors"))


def _stripes(pattern_id: str, colour: str, kind: str) -> str:
    """An SVG <pattern> drawing `kind` marks in `colour` over a transparent ground."""
    if kind == "dots":
        marks = f'<circle cx="3" cy="3" r="1.4" fill="{colour}"/>'
        size = 6
    elif kind == "sparse":  # thin anti-diagonal stripes, wide apart: a change that may have happened
        marks = f'<path d="M-2,10 L2,14 M-2,-2 L14,14 M10,-2 L14,2" stroke="{colour}" stroke-width="1.3"/>'
        size = 12
    elif kind == "cross":
        marks = f'<path d="M0,0 L8,8 M8,0 L0,8" stroke="{colour}" stroke-width="1.6"/>'
        size = 8
    else:  # hatch: diagonal stripes
        marks = f'<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke="{colour}" stroke-width="2.2"/>'
        size = 8
    return f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="{size}" height="{size}">{marks}</pattern>'


def pattern_defs(factions: Mapping[str, Faction]) -> str:
    """SVG patterns: per faction its own fill pattern (dots, hatch), and the status marks
    ("changing": stripes in the incoming side's colour; "possible": thin, sparse stripes the other
    way in it; "contested": cross-hatch in the rival's)."""
    defs = []
    for f in factions.values():
        if not f.territorial:
            continue
        defs.append(_stripes(f"fl-changing-{f.id}", f.colour, "hatch"))
        defs.append(_stripes(f"fl-possible-{f.id}", f.colour, "sparse"))
        defs.append(_stripes(f"fl-contested-{f.id}", f.colour, "cross"))
        if f.pattern != "solid":
            defs.append(_stripes(f"fl-pattern-{f.id}", "#1b1b1b", f.pattern))
    return "".join(defs)


CSS = """
.fl-gov-label { text-align: center; white-space: nowrap; font: 600 11px/1.15 system-ui, sans-serif;
  color: #111; text-shadow: 0 0 3px #fff, 0 0 3px #fff; transform: translate(-50%, -50%); }
.fl-gov-label.fl-align-right { text-align: right; transform: translate(-100%, -50%); }
.fl-gov-label.fl-align-left { text-align: left; transform: translate(0, -50%); }
.fl-gov-label span { display: block; }
.leaflet-popup-content { margin: 8px 12px; font: 13px/1.35 system-ui, sans-serif; }
.fl-pop-sub { font-size: 11px; color: #555; }
.fl-pop-line { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; line-clamp: 3;
  max-width: 220px; overflow: hidden; font-size: 12px; color: #333; }
.leaflet-tooltip { white-space: normal; max-width: 260px; }
path.fl-selected { stroke: #000; stroke-width: 3px; }
#map_div { height: var(--fl-h, 560px) !important; }
.fl-touch-hint { background: rgba(255,255,255,0.9); padding: 1px 6px; border-radius: 4px;
  font: 11px system-ui, sans-serif; }
.fl-ev { display: flex; align-items: center; gap: 1px; font: 700 12px/18px system-ui, sans-serif;
  color: #222; background: rgba(255,255,255,0.9); border: 1px solid #444; border-radius: 9px;
  padding: 0 3px; width: auto !important; white-space: nowrap; }
.fl-ev b { font-size: 10px; }
.fl-ev-recent { background: #ffe08a; border: 2px solid #b00; z-index: 1000 !important; }
.fl-quote { margin: 4px 0; font-style: italic; }
.fl-quote mark { background: #ffe08a; font-style: normal; }
.fl-sub, .fl-src, .fl-more { font-size: 11px; color: #444; }
.fl-legend { background: rgba(255,255,255,0.92); padding: 4px 6px; font: 11px/1.3 system-ui, sans-serif;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0,0,0,0.3); max-height: 42vh; overflow-y: auto; }
.fl-legend summary { cursor: pointer; font-weight: 600; }
.fl-legend .fl-grid { display: grid; grid-template-columns: auto auto; column-gap: 10px; }
.fl-legend .fl-ev-inline { display: inline-flex; }
.fl-legend .fl-town-key { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  border: 2px solid #111; background: #ccc; vertical-align: middle; }
.fl-legend .fl-town-key-unlisted { background: transparent; border-color: #444; }
.fl-legend h4 { margin: 3px 0 1px; font-size: 11px; }
.leaflet-control-attribution { font-size: 10px !important; }
.fl-legend .sw { display: inline-block; width: 16px; height: 11px; vertical-align: middle;
  margin-right: 4px; border: 1px solid #555; }
"""


def legend_html(factions: Mapping[str, Faction]) -> str:
    """Factions with their colours and patterns, the status marks and the event symbols."""
    from html import escape

    def swatch(colour: str, mark: str | None) -> str:
        over = f'<rect width="18" height="12" fill="url(#{mark})"/>' if mark else ""
        return f'<svg class="sw" width="18" height="12"><rect width="18" height="12" fill="{colour}"/>{over}</svg>'

    sides = [
        f"<div>{swatch(f.colour, f'fl-pattern-{f.id}' if f.pattern != 'solid' else None)}{escape(f.name)}</div>"
        for f in factions.values()
        if f.territorial
    ]
    grey = factions["unknown"].colour if "unknown" in factions else "#e6efef"
    statuses = [
        f"<div>{swatch(grey, 'fl-changing-hts')}changing hands (stripes: incoming side; fighting reported that day)</div>",
        f"<div>{swatch(grey, 'fl-possible-hts')}possibly changed (thin stripes: the side that may have taken it; the date is a range)</div>",
        f"<div>{swatch(grey, 'fl-contested-regime')}contested (cross-hatch: rival claim)</div>",
    ]
    events = [
        f"<div><span class='fl-ev fl-ev-inline'>{symbol}</span> {words}</div>"
        for symbol, words in EVENT_SYMBOLS.values()
    ]
    events.append("<div><span class='fl-ev fl-ev-recent fl-ev-inline'>★</span> last 7 days</div>")
    events.append("<div><span class='fl-town-key'></span> town with evidence</div>")
    events.append(
        "<div><span class='fl-town-key fl-town-key-unlisted'></span> ring: name not in the gazetteer (placed at its area)</div>"
    )
    return (
        "<h4>Who holds the sub-district</h4><div class='fl-grid'>"
        + "".join(sides)
        + "</div><h4>Status</h4>"
        + "".join(statuses)
        + "<h4>Events</h4><div class='fl-grid'>"
        + "".join(events)
        + "</div>"
    )


def faction_key_html(factions: Mapping[str, Faction]) -> str:
    """A one-line key of the territorial colours, for beside the map (the full legend is on it)."""
    from html import escape

    marks = {
        "dots": "radial-gradient(#1b1b1b 30%, transparent 31%) 0 0/5px 5px",
        "hatch": "repeating-linear-gradient(45deg, #1b1b1b 0 2px, transparent 2px 6px)",
    }
    items = []
    for f in factions.values():
        if f.territorial:
            over = (
                f"background: {marks[f.pattern]}, {f.colour};"
                if f.pattern in marks
                else f"background: {f.colour};"
            )
            items.append(
                f"<span style='white-space:nowrap;margin-right:12px'><span style='display:inline-block;width:14px;"
                f"height:10px;border:1px solid #555;vertical-align:middle;margin-right:4px;{over}'></span>"
                f"{escape(f.name)}</span>"
            )
    grey = factions["unknown"].colour if "unknown" in factions else "#e6efef"
    for stripes, words in (
        ("repeating-linear-gradient(45deg, #1b1b1b 0 2px, transparent 2px 5px)", "changing hands (stripes)"),
        (
            "repeating-linear-gradient(45deg, #1b1b1b 0 1px, transparent 1px 9px)",
            "possibly changed (thin stripes: the date is a range)",
        ),
        (
            "repeating-linear-gradient(45deg, #1b1b1b 0 1px, transparent 1px 5px), "
            "repeating-linear-gradient(-45deg, #1b1b1b 0 1px, transparent 1px 5px)",
            "contested (cross-hatch)",
        ),
    ):
        items.append(
            f"<span style='white-space:nowrap;margin-right:12px'><span style='display:inline-block;width:14px;"
            f"height:10px;border:1px solid #555;vertical-align:middle;margin-right:4px;background:{stripes}, {grey}'>"
            f"</span>{words}</span>"
        )
    return "<div class='fl-key' style='font-size:0.8rem;line-height:1.8'>" + "".join(items) + "</div>"


def _features(geometries: Sequence[shapely.Geometry], properties: Sequence[dict]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": props, "geometry": shapely.geometry.mapping(geom)}
            for props, geom in zip(properties, geometries, strict=True)
        ],
    }


def base_data(
    units: gpd.GeoDataFrame,
    adm0: gpd.GeoDataFrame,
    adm1: gpd.GeoDataFrame,
    factions: Mapping[str, Faction],
    background_popups: Mapping[str, Sequence[str]],
    anchors: Mapping[str, tuple[float, float, str]] | None = None,
) -> str:
    """The static layers as a script setting `window.frontlinesBase`: unit shapes with their
    static popup lines (plain text: each background row of the unit, the baseline's and each
    layer's, which a date's state picks by index), governorate borders and bilingual
    labels, faction styles and hatching patterns, and the map's style sheet, legend and
    attributions. Served as a file, so reruns never resend it (st_folium resends its map
    document's script and header on every rerun: they are kept to a few lines)."""
    props = [
        {
            "id": r.adm3_id,
            "n": r.adm3_name,
            "d": r.adm2_name,
            "g": r.adm1_name,
            "bl": list(background_popups.get(r.adm3_id, ())),
        }
        for r in units.itertuples()
    ]
    anchors = anchors or {}
    labels = [
        [
            *(anchors[i][:2] if i in anchors else (round(p.y, 4), round(p.x, 4))),
            name,
            name_ar or "",
            anchors[i][2] if i in anchors else "center",
        ]
        for i, p, name, name_ar in zip(
            adm1["adm1_id"],
            adm1.geometry.representative_point(),
            adm1["adm1_name"],
            adm1["adm1_name_ar"],
            strict=True,
        )
    ]
    styles: dict[str, object] = {
        f.id: {"colour": f.colour, "name": f.name, "pattern": f.pattern}
        for f in factions.values()
        if f.territorial
    }
    styles["__symbols"] = {k: v[0] for k, v in EVENT_SYMBOLS.items()}
    adm1_lines = shapely.set_precision(adm1.geometry.simplify(DISPLAY_TOLERANCE).values, 1e-4)
    adm0_lines = shapely.set_precision(adm0.geometry.simplify(DISPLAY_TOLERANCE).values, 1e-4)
    data = {
        "styles": styles,
        "defs": pattern_defs(factions),
        "units": _features(list(units.geometry), props),
        "adm1": _features(list(adm1_lines), [{"id": i} for i in adm1["adm1_id"]]),
        "adm0": _features(list(adm0_lines), [{} for _ in adm0_lines]),
        "labels": labels,
        "noEvidence": NO_EVIDENCE,
        "title": MAP_TITLE,
        "bounds": SYRIA_BOUNDS,
        "css": CSS,
        "legend": legend_html(factions),
        "attribution": [BOUNDARY_ATTRIBUTION, PLACES_ATTRIBUTION],
    }
    return f"window.frontlinesBase = {js_json(data)};\n"


def marks_data(table: dict) -> str:
    """`geo.dashboard.frame_table` as a script setting `window.frontlinesMarks`, for a static file
    per store generation that the runtime loads when a date's state names it."""
    return f"window.frontlinesMarks = {js_json(table)};\n"


# Old static files of a stem are removed once newer ones exist (`prune_static`): the newest few
# stay, and any file used within the grace period (a page opened before a new generation, another
# server process on other code may still ask for it).
STATIC_KEEP = 4
STATIC_GRACE_S = 24 * 3600


def static_file(stem: str, content: str, folder: Path | None = None) -> str:
    """Write `content` to static/frontlines/<stem>-<hash>.js once (atomically) and return its URL.
    The hash in the name means a browser never runs a stale copy. A file already there is marked
    as in use (its time is renewed); writing a new one prunes the stem's old ones."""
    folder = folder or paths.static_dir() / "frontlines"
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]
    path = folder / f"{stem}-{digest}.js"
    if path.exists():
        os.utime(path)
    else:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", dir=folder, delete=False, suffix=".part", encoding="utf-8"
        ) as tmp:
            tmp.write(content)
        Path(tmp.name).chmod(0o644)
        os.replace(tmp.name, path)
        prune_static(folder, stem)
    return f"/app/static/frontlines/{path.name}"


def prune_static(
    folder: Path,
    stem: str,
    keep: int = STATIC_KEEP,
    grace_s: float = STATIC_GRACE_S,
    now: float | None = None,
) -> list[Path]:
    """Remove `stem`'s files in `folder` but the `keep` newest and any used within `grace_s`
    seconds; return those removed. Each store generation writes a marks file (about half a
    megabyte for a large store), so without this they pile up."""
    named = re.compile(rf"{re.escape(stem)}-[0-9a-f]{{12}}\.js")
    files = []
    for path in folder.glob(f"{stem}-*.js"):
        try:
            if named.fullmatch(path.name):
                files.append((path.stat().st_mtime, path))
        except FileNotFoundError:  # another process pruned it meanwhile
            continue
    files.sort(reverse=True)
    now = time.time() if now is None else now
    removed = []
    for mtime, path in files[keep:]:
        if now - mtime > grace_s:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def map_script(base: str, leaflet: Path | None = None) -> str:
    """Leaflet, the runtime and the base layers' data (`base_data`) as one script. The map iframe
    loads its scripts one after another, each waiting for the last, so every file is a round trip
    at start-up; this one replaces the runtime's file and the data's. jQuery is not needed: only
    folium's Popup and objects_to_stay_in_front use it, and the base map has neither (the runtime
    binds its own popups). The file changes only with the code or the data files, so a browser
    keeps it."""
    leaflet = leaflet or paths.static_dir() / "leaflet" / "leaflet.js"
    parts = (leaflet.read_text(encoding="utf-8"), RUNTIME_JS.read_text(encoding="utf-8"), base)
    return "\n;\n".join(parts)


def state_script(state: dict, selected: str | None = None) -> str:
    """The per-date script: the runtime applies `state` and puts its marks into the group
    `__PARENT__` names, and outlines the `selected` town or sub-district (a few bytes more, not
    another state)."""
    return f"window.frontlines.apply(__PARENT__, {js_json(state)}); window.frontlines.select({js_json(selected)});"
