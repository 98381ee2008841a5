"""Folium layers for the dashboard, built to work offline.

Every map loads Leaflet and jQuery from `/app/static` (copied from PyPI at set-up), never from a
CDN, and draws no tiles unless the user asks for them.
"""

from __future__ import annotations

import folium
import geopandas as gpd
from branca.element import MacroElement
from jinja2 import Template

STATIC = "/app/static/leaflet"
LEAFLET_JS = [("leaflet", f"{STATIC}/leaflet.js"), ("jquery", f"{STATIC}/jquery.min.js")]
LEAFLET_CSS = [("leaflet_css", f"{STATIC}/leaflet.css")]

BOUNDARY_ATTRIBUTION = (
    "Boundaries: OCHA / UN Cartographic Section (COD-AB) via geoBoundaries "
    "(Runfola et al. 2020), CC BY 3.0 IGO"
)
SYRIA_CENTER = (35.0, 38.5)
SYRIA_BOUNDS = [[32.31, 35.61], [37.33, 42.38]]


class Attribution(MacroElement):
    """Adds a line to Leaflet's attribution control (there is no tile layer to carry it)."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}"""
    )

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Attribution"
        self.text = text


def offline_map(**kwargs) -> folium.Map:
    """A folium Map with no tiles and local Leaflet assets."""
    m = folium.Map(
        location=SYRIA_CENTER,
        zoom_start=7,
        tiles=None,
        min_zoom=5,
        max_zoom=13,
        control_scale=True,
        **kwargs,
    )
    m.default_js = LEAFLET_JS
    m.default_css = LEAFLET_CSS
    m.fit_bounds(SYRIA_BOUNDS)
    return m


def governorate_layer(adm1: gpd.GeoDataFrame) -> folium.GeoJson:
    """Governorate outlines with their English and Arabic names as tooltips."""
    frame = adm1[["adm1_id", "adm1_name", "adm1_name_ar", "geometry"]].copy()
    frame["adm1_name_ar"] = frame["adm1_name_ar"].fillna("")
    return folium.GeoJson(
        frame,
        name="Governorates",
        style_function=lambda feature: {
            "color": "#333333",
            "weight": 1.5,
            "fillColor": "#f2efe9",
            "fillOpacity": 0.6,
            # Lets browser tests (and CSS) find a unit by its P-code.
            "className": f"adm1 adm1-{feature['properties']['adm1_id']}",
        },
        highlight_function=lambda _: {"weight": 3},
        tooltip=folium.GeoJsonTooltip(
            fields=["adm1_name", "adm1_name_ar"], aliases=["Governorate", "محافظة"], sticky=True
        ),
    )


def country_layer(adm0: gpd.GeoDataFrame) -> folium.GeoJson:
    return folium.GeoJson(
        adm0[["adm0_id", "geometry"]],
        name="Syria",
        style_function=lambda _: {"color": "#111111", "weight": 2.5, "fill": False},
        interactive=False,
    )


def governorate_map(adm0: gpd.GeoDataFrame, adm1: gpd.GeoDataFrame) -> folium.Map:
    """Syria with its governorates: the app's first page."""
    m = offline_map()
    governorate_layer(adm1).add_to(m)
    country_layer(adm0).add_to(m)
    Attribution(BOUNDARY_ATTRIBUTION).add_to(m)
    return m
