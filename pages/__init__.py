"""View-layer helpers shared by the dashboard's pages: loading and caching the domain data.

Streamlit runs every other file in this folder as a page; this one (`__init__.py`) is not a
page. Caching lives here and only here, keyed on the event store's generation so that an
ingest shows up on the next rerun without a restart. What a generation determines (the timeline
and its indexes, stops, quick jumps, the place search) and what the data files determine (the base
map's layer, the display shapes) is also kept on disk (geo/view_cache.py), so that a server start
reads it instead of rebuilding it; the gazetteer and the full-detail boundaries are then loaded
only when something needs them (a search, a review, a download). Bad data files stop the page with a
one-line message (the full error goes to the server log), never a traceback in the browser.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import logging
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import streamlit as st

from geo import boundaries, dashboard, mapview, paths, provision, settings, view_cache
from geo.baseline import load_baseline
from geo.control import Timeline
from geo.errors import FrontlinesError
from geo.factions import Faction, load_factions, territorial_factions
from geo.place_search import PlaceSearch
from geo.snapshots import ControlLayers, load_layers
from geo.sources import Source
from geo.store import StoreError, StoreUnavailable, open_reader

log = logging.getLogger("frontlines")
# Every error a user can cause (a broken data file, an unusable store, a missing download).
DATA_ERRORS = FrontlinesError


def page_setup(title: str) -> None:
    """Every page's first call: its browser title, wide layout, and the app's own navigation.

    Streamlit still has its first multipage mode, in which every file in pages/ is a page of its
    own: while no session has run app.py's `st.navigation` yet, a first visit straight to
    /Sources ran pages/2_Sources.py alone, with a sidebar listing every file here (this module's
    helpers too) instead of the top bar. The flag below is Streamlit's switch between the two
    modes (`PagesManager.uses_pages_directory`, read once per run): turned off, a rerun goes
    through app.py, whose navigation opens the same page by its URL.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
    st.set_page_config(page_title=f"{title} · Frontlines", layout="wide")


@dataclass(frozen=True)
class Data:
    """Everything a page shows, for one generation of the store."""

    key: tuple[str, int]  # the store's path and generation
    timeline: Timeline
    sources: dict[str, Source]
    factions: dict[str, Faction]
    context: dashboard.MapContext
    stops: list[date]
    # Quick jumps depend only on the store generation (their search scans every record), so
    # they are found once here, not on each rerun.
    jumps: list[tuple[str, date]]

    @property
    def generation(self) -> int:
        return self.key[1]


def guarded(load):
    """Run a loader; a bad data file stops the page with one line instead of a traceback."""

    def run(*args, **kwargs):
        try:
            return load(*args, **kwargs)
        except DATA_ERRORS as exc:
            stop_on_data_error(exc)
            raise  # unreachable: st.stop() ends the run

    run.__doc__ = load.__doc__
    return run


def stop_on_data_error(exc: Exception) -> None:
    log.error("data error: %s", exc, exc_info=exc)
    st.error(f"Frontlines cannot start: {exc}")
    st.stop()


@st.cache_resource(show_spinner=False)
def _units() -> boundaries.Boundaries:
    return boundaries.load_boundaries()


@st.cache_resource(show_spinner=False)
def _factions() -> dict[str, Faction]:
    return load_factions()


def _naive() -> bool:
    return settings.MAP_MODE.read() == "naive"


def _on_disk(kind: str, location: str, key, build):
    """`view_cache.cached`, except in the benchmark's naive variant, which builds everything at
    every start as a build without this cache would."""
    if _naive():
        return build()
    return view_cache.cached(kind, location, key, build)


@st.cache_resource(show_spinner=False)
def _version() -> str:
    """The code-and-data part of every on-disk cache key (this module builds what is cached);
    once per process, like the data files' other caches here."""
    return view_cache.version([Path(__file__), Path(__file__).with_name("map_frame.py")])


@st.cache_resource(show_spinner=False)
def _display_units():
    return _on_disk(
        "display-units",
        "",
        _version(),
        lambda: mapview.display_units(provision.provision(provision.BOUNDARIES), _units().adm3),
    )


@st.cache_resource(show_spinner=False)
def _gazetteer():
    # Imported here: the module's word lists cost half a second, and only a search, a review or
    # a new store generation needs the gazetteer.
    from geo.gazetteer import load_gazetteer

    return load_gazetteer(_units())


@guarded
def gazetteer():
    """The gazetteer, built against the same admin units as everything else (one cache)."""
    return _gazetteer()


# The last key each store gave, so that a shared store's server going away shows a notice over
# what the page already has, instead of stopping it.
_last_keys: dict[str, tuple[str, int]] = {}


def store_key() -> tuple[str, int]:
    """Which store, and which generation of it: the cache key of everything built from it.

    When a PostgreSQL store's server cannot be reached but this process has read the store
    before, the page keeps showing that generation under a notice; the first rerun after the
    server returns reads the store again (the pool reconnects). On a first read it stops the page
    with one line, as any unusable store does.
    """
    location = paths.store_path()
    # The key names the store as messages do (a PostgreSQL password masked): keys end up in the
    # on-disk caches. `_reader` opens the store a key names.
    text = str(location)
    try:
        # Read-only: every rerun asks, and a reader needs no WAL switch or migration check.
        with open_reader(location) as store:
            key = (text, store.generation())
    except StoreUnavailable as exc:
        if (last := _last_keys.get(text)) is None:
            raise
        log.warning("store unavailable: %s", exc)
        st.warning(
            f"The event store cannot be reached: {exc}. Showing what it held when last read; "
            "the page catches up on the next interaction once it is back."
        )
        return last
    _last_keys[text] = key
    return key


def _reader(key: tuple[str, int]):
    """A read-only open of the store `key` names: this process's store (`FRONTLINES_STORE`),
    which a server reads for its whole life."""
    location = paths.store_path()
    if str(location) != key[0]:
        raise StoreError(f"{key[0]}: not this server's store ({location})")
    return open_reader(location)


@st.cache_resource(show_spinner=False, max_entries=2)
def _data(key: tuple[str, int]) -> Data:
    # Streamlit runs a full garbage collection after every script run (runner.postScriptGC), and
    # a full collection walks every live object, holding the interpreter meanwhile, so no reply
    # goes out: with 100,000 records that is over a second per slider step. The data lives as
    # long as its generation, so it is frozen out of the collector's sight; a new generation
    # unfreezes first, so that what the old one leaves behind can still be collected.
    gc.unfreeze()
    data = _on_disk("data", key[0], (key[1], _version()), lambda: _build_data(key))
    gc.freeze()
    return data


def _build_data(key: tuple[str, int]) -> Data:
    units, factions = _units(), _factions()
    ids = set(units.adm3["adm3_id"])
    baseline = load_baseline(factions=factions, adm3_ids=ids)
    layers = ControlLayers(baseline, load_layers(factions=factions, adm3_ids=ids), factions)
    with _reader(key) as store:
        sources, records = store.snapshot()
    territorial = set(territorial_factions(factions)) - {"unknown"}
    timeline = Timeline(units.adm3, baseline, records, territorial, layers)
    gazetteer = _gazetteer()
    names_ar = {}
    for r in records:
        if r.place_id and r.place_id not in names_ar:
            try:
                names_ar[r.place_id] = gazetteer.get(r.place_id).name_ar or ""
            except KeyError:
                names_ar[r.place_id] = ""
    towns = dashboard.towns_with_evidence(records, names_ar)
    by_id = {s.source_id: s for s in sources}
    context = dashboard.MapContext(timeline, by_id, factions, towns)
    context.prepare()  # its indexes are stored with it (view_cache), not rebuilt at each start
    stops = dashboard.slider_stops(timeline)
    jumps = dashboard.quick_jumps(timeline, stops, dashboard.layer_moments(timeline))
    data = Data(key, timeline, by_id, factions, context, stops, jumps)
    if not _naive():
        # The place search needs the gazetteer, loaded for this build anyway: kept on disk now,
        # the first click or search after an ingest does not load the gazetteer again.
        _on_disk("search", key[0], (key[1], _version()), lambda: _build_place_search(data))
    return data


@guarded
def load_data() -> Data:
    return _data(store_key())


@dataclass(frozen=True)
class MapAssets:
    script_url: str  # Leaflet, the runtime and the base layers (mapview.map_script)
    legend: str


@guarded
@st.cache_resource(show_spinner=False)
def map_assets() -> MapAssets:
    """The map's static file (Leaflet, the runtime and the static layers) written to static/ once
    per process."""
    data = load_data()
    # The data files alone determine the layer (the background rows come from the baseline and
    # the dated layers, not from the store).
    content = _on_disk(
        "base-map",
        "",
        _version(),
        lambda: mapview.base_data(
            _display_units(),
            _units().adm0,
            _units().adm1,
            data.factions,
            dashboard.background_popups(data.timeline, data.factions),
            mapview.load_label_anchors(),
        ),
    )
    return MapAssets(
        mapview.static_file("map", mapview.map_script(content)), mapview.legend_html(data.factions)
    )


def faction_key() -> str:
    return mapview.faction_key_html(_factions())


@st.cache_resource(show_spinner=False, max_entries=4)
def _map_frame(assets: MapAssets, key: str, height: int, returned: tuple[str, ...]):
    from pages import map_frame

    def render():
        from geo import folium_maps

        fig = folium_maps.base_map(assets.script_url)
        return map_frame.frame_base(fig, key=key, height=height, returned_objects=returned)

    # On disk, so that a start neither renders it nor imports folium to render it.
    version = (_version(), map_frame.renderers_version(), assets.script_url, key, height, returned)
    return _on_disk(f"map-frame-{key}", "", version, render)


def frame_base(key: str, height: int, returned: tuple[str, ...]):
    """The base map rendered once as streamlit-folium's arguments (pages/map_frame.py)."""
    return _map_frame(map_assets(), key, height, returned)


# A resource, not data: the state is only read (by the map's state script and the naive map), and
# cache_data would unpickle a copy on every rerun (about 50 ms at 100,000 events).
@st.cache_resource(show_spinner=False, max_entries=256)
def map_state(key: tuple[str, int], day_iso: str) -> dict:
    from datetime import date

    return dashboard.map_state(_data(key).context, date.fromisoformat(day_iso))


def warm_up() -> None:
    """What a first visit needs, loaded ahead into the caches above: the store's current
    generation (read from the on-disk cache when it holds it), the map's static files and the
    latest date's state. serve.py calls this in a background thread as the server starts, so a
    large store loads while the first browser is still loading Streamlit's page. Outside a
    script run `st.*` calls do nothing; a failure is logged, and the first run reports it as usual.
    """
    try:
        data = _data(store_key())
        map_assets()
        latest = data.stops[-1].isoformat()
        # The state the map receives (and the generation's marks file); the naive map's otherwise.
        (map_state if _naive() else frame_state)(data.key, latest)
    except Exception as exc:  # the page's own run shows the error, in one line, as always
        log.warning("start-up loading failed: %s", exc)


@st.cache_resource(show_spinner=False, max_entries=2)
def _marks_url(key: tuple[str, int]) -> str:
    return mapview.static_file("marks", mapview.marks_data(dashboard.frame_table(_data(key).context)))


@st.cache_resource(show_spinner=False, max_entries=256)
def frame_state(key: tuple[str, int], day_iso: str) -> dict:
    """What the dashboard's map receives for a date (`dashboard.frame_state`), naming the static
    file of its generation's marks ("m") and the generation ("g", see `generation_token`)."""
    state = dashboard.frame_state(_data(key).context, date.fromisoformat(day_iso))
    return {**state, "m": _marks_url(key), "g": generation_token(key)}


def generation_token(key: tuple[str, int]) -> str:
    """A store generation's name for the browser, without the store's path in it."""
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:16]


def state_ahead(token: str, day_iso: str) -> dict | None:
    """A date's map state, asked for by the map itself (serve.py's state route) the moment the
    slider moves, so that it draws the date before the page's rerun brings the same state:
    `frame_state` when `token` names the store's current generation and `day_iso` is one of its
    stops, else None (the map then waits for the rerun, as it always can)."""
    data = _data(store_key())
    if token != generation_token(data.key):
        return None
    try:
        day = date.fromisoformat(day_iso)
    except ValueError:
        return None
    at = bisect.bisect_left(data.stops, day)
    if at == len(data.stops) or data.stops[at] != day:
        return None
    return frame_state(data.key, day.isoformat())


@st.cache_resource(show_spinner=False, max_entries=2)
def _place_search(key: tuple[str, int]) -> PlaceSearch:
    return _on_disk("search", key[0], (key[1], _version()), lambda: _build_place_search(_data(key)))


def _build_place_search(data: Data) -> PlaceSearch:
    gaz = _gazetteer()
    units = data.timeline.units
    spellings = {t.place_id: gaz.spellings_of(t.place_id) for t in data.context.towns}
    spellings |= {pcode: gaz.spellings_of(f"adm3:{pcode}") for pcode in units["adm3_id"]}
    return PlaceSearch.build(
        [(t.place_id, t.name, t.name_ar, t.admin3) for t in data.context.towns],
        units[["adm3_id", "adm3_name", "adm2_name", "adm1_name"]].itertuples(index=False, name=None),
        spellings,
    )


@guarded
def place_search() -> PlaceSearch:
    """Every sub-district and town with evidence, searchable by name (one per store generation)."""
    return _place_search(load_data().key)


@st.cache_resource(show_spinner=False)
def _correction_search() -> PlaceSearch:
    from geo.place_search import gazetteer_search

    units = _units().adm3[["adm3_id", "adm3_name", "adm2_name", "adm1_name"]]
    return gazetteer_search(_gazetteer().places(), units.itertuples(index=False, name=None))


@guarded
def correction_search() -> PlaceSearch:
    """Every place of the gazetteer in Syria, by name: what a reviewer corrects a place to."""
    return _correction_search()


@st.cache_resource(show_spinner=False, max_entries=2)
def _review_facts(key: tuple[str, int]):
    with _reader(key) as store:
        return store.reviews(), store.events(include_rejected=True)


def review_facts(data: Data):
    """(every standing review, every record including rejected ones) for this store generation."""
    return _review_facts(data.key)


def reviewer_name() -> str | None:
    """The name this browser session reviews under (asked once, see pages/review_widgets.py)."""
    return st.session_state.get("reviewer")


def open_writer():
    """The store, open for writing (reviews, saved articles); close it soon (`with`)."""
    from geo.store import open_store

    return open_store(paths.store_path())


def resolve_place(value: str) -> str | None:
    """A permalink's `place=` (id, readable slug or clear name) -> what the map selects."""
    entry = place_search().resolve(value)
    return entry.target if entry else None


def display_units():
    return _display_units()


def naive_map(state: dict):
    """The benchmark's naive variant: a whole map from full-detail geometry on every rerun."""
    from geo import folium_maps

    return folium_maps.naive_map(_units().adm3, _units().adm1, _factions(), state, map_assets().legend)


# --- downloads (exports of what the pages show) -------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=32)
def _control_export(key: tuple[str, int], day_iso: str, fmt: str) -> str:
    from geo import exports

    data = _data(key)
    table = exports.control_table(data.timeline, date.fromisoformat(day_iso), data.factions, data.sources)
    return exports.to_geojson(table) if fmt == "geojson" else exports.to_csv(table)


@st.cache_data(show_spinner=False, max_entries=32)
def _changes_export(key: tuple[str, int], start_iso: str, end_iso: str, fmt: str) -> str:
    from geo import exports

    data = _data(key)
    table = exports.changes_table(
        data.timeline, date.fromisoformat(start_iso), date.fromisoformat(end_iso), data.factions, data.sources
    )
    return exports.to_geojson(table) if fmt == "geojson" else exports.to_csv(table)


@st.cache_data(show_spinner=False, max_entries=16)
def _map_png(key: tuple[str, int], day_iso: str) -> bytes:
    from geo.map_image import map_png

    data = _data(key)
    return map_png(data.timeline, date.fromisoformat(day_iso), data.factions, adm1=_units().adm1)


_GEOJSON, _CSV = "application/geo+json", "text/csv"
_CSV_HELP = "The same rows; the geometry as WKT, plus a point inside each sub-district."


def _download_row(caption: str, kind: str, stem: str, files: list[tuple[str, str, str, object, str]]) -> None:
    """One row of download buttons: (label, suffix, mime, maker, help) each. Files are made only
    when their button is clicked (the maker is a callable), so a rerun costs nothing."""
    row = st.container(horizontal=True, vertical_alignment="center")
    row.caption(caption)
    for label, suffix, mime, make, help_text in files:
        row.download_button(
            label,
            make,
            file_name=f"{stem}.{suffix}",
            mime=mime,
            on_click="ignore",
            key=f"dl_{kind}_{suffix}",
            help=help_text,
        )


def export_downloads(data: Data, day: date) -> None:
    """Download buttons for who controls what on `day`: GeoJSON, CSV and a PNG of the map."""
    from geo.exports import file_stem

    key, iso = data.key, day.isoformat()
    _download_row(
        f"Download control on {day.day} {day:%b %Y}:",
        "control",
        file_stem("control", day),
        [
            (
                "GeoJSON",
                "geojson",
                _GEOJSON,
                lambda: _control_export(key, iso, "geojson"),
                "Every sub-district with its geometry, P-codes, holder (id and name), status, how "
                "sure the colour is, evidence ids, outlets and URLs.",
            ),
            ("CSV", "csv", _CSV, lambda: _control_export(key, iso, "csv"), _CSV_HELP),
            (
                "PNG",
                "png",
                "image/png",
                lambda: _map_png(key, iso),
                "The map of this date with its legend and attribution.",
            ),
        ],
    )


def change_downloads(data: Data, start: date, end: date) -> None:
    """Download buttons for what changed between `start` and `end`: GeoJSON and CSV."""
    from geo.exports import file_stem

    key, a, b = data.key, start.isoformat(), end.isoformat()
    _download_row(
        "Download these changes:",
        "changes",
        file_stem("changes", start, end),
        [
            (
                "GeoJSON",
                "geojson",
                _GEOJSON,
                lambda: _changes_export(key, a, b, "geojson"),
                "The sub-districts that changed, with geometry, both states, the holders' names, how "
                "sure the new colour is and its evidence.",
            ),
            ("CSV", "csv", _CSV, lambda: _changes_export(key, a, b, "csv"), _CSV_HELP),
        ],
    )


def provenance_line(data: Data, state) -> None:
    """One line under a unit's holder: how sure its colour is (geo.provenance), escaped."""
    from geo.provenance import colour_provenance, provenance_html

    st.markdown(
        provenance_html(colour_provenance(state, data.timeline, data.sources)), unsafe_allow_html=True
    )


# --- adding articles ---------------------------------------------------------------------------

# Every ASCII punctuation mark, which CommonMark lets a backslash make literal.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def as_text(value: object) -> str:
    """Untrusted text for Streamlit's messages (st.error, st.success render Markdown): each
    punctuation mark backslash-escaped, so it shows as typed and never becomes markup or a link."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", str(value))


@st.cache_data(show_spinner=False, max_entries=64)
def preview_records(source: Source) -> list:
    """The records a source would get, for the preview (the same text and date: the same records)."""
    from geo.extract import extract

    return extract(source, _gazetteer())


@st.cache_resource(show_spinner=False)
def preview_governorates():
    """Governorate borders for the preview's small map, simplified once per process."""
    from geo.preview import simplified_governorates

    return simplified_governorates(_units().adm1)
