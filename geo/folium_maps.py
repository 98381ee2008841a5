"""The dashboard's maps as folium objects: the base map whose streamlit-folium arguments the
dashboard renders once (pages/map_frame.py), the plain offline map other pages draw on, a date's
state as a folium layer, and the naive map the benchmark measures against.

Kept apart from `geo.mapview` (the data, scripts and static files these maps load) because
importing folium, its plugins and its templates takes about 0.4 s: a server's first run reads the
base map's arguments from disk and never imports this module.
"""

from __future__ import annotations

from collections.abc import Mapping

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

from geo.factions import Faction
from geo.mapview import (
    BOUNDARY_ATTRIBUTION,
    EVENT_SYMBOLS,
    LEAFLET_CSS,
    LEAFLET_JS,
    PLACES_ATTRIBUTION,
    STATIC,
    SYRIA_BOUNDS,
    SYRIA_CENTER,
    js_json,
    state_script,
)


class _Script(MacroElement):
    """A piece of JavaScript run with the map (or feature group) it is added to; `__PARENT__` in
    the code becomes that parent's JavaScript name when rendered (streamlit-folium renames it)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this.code.replace("__PARENT__", this._parent.get_name()) }}
        {% endmacro %}"""
    )

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "FrontlinesScript"
        self.code = code


def offline_map(**kwargs) -> folium.Map:
    """A folium Map with no tiles and local Leaflet assets."""
    m = folium.Map(
        location=SYRIA_CENTER,
        zoom_start=7,
        tiles=None,
        min_zoom=5,
        max_zoom=13,
        # Fractional zoom lets the whole country fit the frame exactly.
        zoom_snap=0.25,
        zoom_delta=0.5,
        control_scale=True,
        **kwargs,
    )
    m.default_js = LEAFLET_JS
    m.default_css = LEAFLET_CSS
    # Leaflet guesses its marker images' folder from the CSS and gets it wrong when served here.
    _Script(f'L.Icon.Default.imagePath = "{STATIC}/images/";').add_to(m)
    m.fit_bounds(SYRIA_BOUNDS)
    return m


class _Legend(MacroElement):
    _template = Template(
        """{% macro script(this, kwargs) %}
        (function (map) {
          const legend = L.control({position: "bottomright"});
          legend.onAdd = function () {
            const div = L.DomUtil.create("div", "fl-legend");
            div.innerHTML = "<details><summary>Legend</summary>" + {{ this.html }} + "</details>";
            L.DomEvent.disableClickPropagation(div);
            L.DomEvent.disableScrollPropagation(div);
            return div;
          };
          legend.addTo(map);
          map.attributionControl.addAttribution({{ this.attribution }});
          map.attributionControl.addAttribution({{ this.places }});
        })({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "FrontlinesLegend"
        self.html = js_json(html)
        self.attribution = js_json(BOUNDARY_ATTRIBUTION)
        self.places = js_json(PLACES_ATTRIBUTION)


def base_map(script: str) -> folium.Map:
    """The map that never changes between reruns (see the module docstring). `script` is the URL
    of `static_file("map", map_script(base_data(...)))`: Leaflet, the runtime and the layers,
    which draws the legend and adds the style sheet and attributions."""
    # No fade: a clicked place's popup (with its newest sentence) shows at once, not over 200 ms.
    m = offline_map(fade_animation=False)
    m.default_js = [("frontlines_map", script)]
    folium.TileLayer(
        "OpenStreetMap",
        name="OpenStreetMap (online, off by default)",
        overlay=True,
        show=False,
        control=True,
        attr="© OpenStreetMap contributors",
    ).add_to(m)
    # The script file's name is in the script, so new data remounts the map instead of going unseen.
    _Script(f"frontlinesInit(__PARENT__); /* {script.rsplit('/', 1)[-1]} */").add_to(m)
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m


def state_layer(state: dict, selected: str | None = None) -> folium.FeatureGroup:
    """`state_script` as a folium layer (for `st_folium(feature_group_to_add=...)`)."""
    group = folium.FeatureGroup(name="Control on the selected date", control=False)
    _Script(state_script(state, selected)).add_to(group)
    return group


def naive_map(
    units: gpd.GeoDataFrame, adm1: gpd.GeoDataFrame, factions: Mapping[str, Faction], state: dict, legend: str
) -> folium.Map:
    """The obvious way to write this map, kept only for the benchmark to measure against: every
    rerun builds a whole new map from full-detail geometry with the state baked in, so
    streamlit-folium remounts it and resends everything."""
    colours = {f.id: f.colour for f in factions.values()}
    m = offline_map()
    frame = units[["adm3_id", "adm3_name", "adm2_name", "adm1_name", "geometry"]].copy()
    frame["controller"] = [state["u"].get(u, ["unknown"])[0] for u in frame["adm3_id"]]
    frame["status"] = [state["u"].get(u, ["", "s"])[1] for u in frame["adm3_id"]]
    folium.GeoJson(
        frame,
        name="Sub-districts",
        style_function=lambda f: {
            "fillColor": colours.get(f["properties"]["controller"], "#e6efef"),
            "color": "#6b6b6b",
            "weight": 0.6,
            "fillOpacity": 0.8,
            "dashArray": "4" if f["properties"]["status"] != "s" else None,
            "className": f"adm3 adm3-{f['properties']['adm3_id']}",
        },
        tooltip=folium.GeoJsonTooltip(fields=["adm3_name", "adm2_name", "adm1_name", "controller"]),
    ).add_to(m)
    folium.GeoJson(
        adm1[["adm1_id", "geometry"]],
        name="Governorates",
        style_function=lambda f: {"color": "#1d1d1d", "weight": 2.2, "fill": False},
    ).add_to(m)
    for lat, lng, _, holder, tip, popup, _unlisted in state["towns"]:
        town = folium.CircleMarker(
            [lat, lng],
            radius=7,
            color="#111",
            fill=True,
            fill_color=colours.get(holder, "#e6efef"),
            fill_opacity=1,
        ).add_child(folium.Tooltip(tip))
        if popup:
            town.add_child(folium.Popup(popup, max_width=320))
        town.add_to(m)
    for lat, lng, kind, _, count, tip, _ in state["ev"]:
        folium.Marker(
            [lat, lng], icon=folium.DivIcon(html=f"<span>{EVENT_SYMBOLS.get(kind, ('?',))[0]}{count}</span>")
        ).add_child(folium.Tooltip(tip)).add_to(m)
    for lat, lng, count, _, tip in state["clusters"]:
        folium.CircleMarker([lat, lng], radius=min(4 + count**0.5, 18), tooltip=tip).add_to(m)
    _Legend(legend).add_to(m)
    return m
