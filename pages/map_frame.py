"""The dashboard's map as streamlit-folium's component, with its map document rendered once.

`st_folium` renders its folium map (a Jinja template per element) on every call: about 40 ms of
each slider step, for a base map that never changes between reruns. `frame_base` is that
rendering, done once per process (pages/__init__.py caches it), and `show` sends it with one
date's state script. The arguments are built with streamlit-folium's own helpers, exactly as
`st_folium` builds them; tests/test_map_frame.py proves them equal for the same map, so an
upgrade of the library that changes them fails a test instead of the map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from types import MappingProxyType

import folium
import streamlit as st
import streamlit_folium as sf

# streamlit-folium's name for the first feature group (`_get_feature_group_string`).
GROUP = "feature_group_feature_group_0"


@dataclass(frozen=True)
class FrameBase:
    """`st_folium`'s arguments for a map, all but the feature group."""

    args: MappingProxyType
    user_key: str | None

    def __hash__(self) -> int:
        return hash(self.args["key"])


def frame_base(
    fig: folium.Map,
    *,
    key: str | None,
    height: int,
    returned_objects: Sequence[str],
    use_container_width: bool = True,
) -> FrameBase:
    """Render `fig` once as `st_folium(fig, key=..., height=..., returned_objects=...,
    use_container_width=..., feature_group_to_add=<one group>)` would (see its source)."""
    fig.get_root().render()
    fig.render()
    html = sf._get_html(fig)
    header = sf._get_header(fig)
    leaflet = sf._get_map_string(fig)
    m_id = sf.get_full_id(fig)
    south_west, north_east = fig.get_bounds()
    bounds = {
        "_southWest": {"lat": south_west[0], "lng": south_west[1]},
        "_northEast": {"lat": north_east[0], "lng": north_east[1]},
    }
    everything = {
        "last_clicked": None,
        "last_object_clicked": None,
        "last_object_clicked_count": None,
        "last_object_clicked_tooltip": None,
        "last_object_clicked_popup": None,
        "all_drawings": None,
        "last_active_drawing": None,
        "bounds": bounds,
        "zoom": fig.options.get("zoom"),
        "last_circle_radius": None,
        "last_circle_polygon": None,
        "selected_layers": None,
        "selected_tags": None,
        "last_geocoder_result": None,
    }
    defaults = {k: v for k, v in everything.items() if k in returned_objects}
    css_links: list[str] = []
    js_links: list[str] = []
    for elem in _walk(fig):
        css_links.extend(href for _, href in getattr(elem, "default_css", []))
        js_links.extend(src for _, src in getattr(elem, "default_js", []))
    args = {
        "script": leaflet,
        "header": header,
        "html": html,
        "id": m_id,
        "key": sf.generate_js_hash(leaflet, key, False),
        "height": height,
        "width": None if use_container_width else 500,
        "returned_objects": list(returned_objects),
        "default": defaults,
        "zoom": None,
        "center": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": list(dict.fromkeys(css_links)),
        "js_links": list(dict.fromkeys(js_links)),
        "wrap_longitude": False,
    }
    return FrameBase(MappingProxyType(args), key)


def _walk(fig):
    if isinstance(fig, folium.elements.JSCSSMixin):
        yield fig
    for child in getattr(fig, "_children", {}).values():
        yield from _walk(child)


def group_script(code: str) -> str:
    """What `st_folium` makes of a FeatureGroup holding one script, `code` (in which
    `__PARENT__` names the group), as its `feature_group` argument."""
    return (
        f"\n            var {GROUP} = L.featureGroup(\n                {{\n}}\n            );\n\n\n"
        f"        {code.replace('__PARENT__', GROUP)}\n\n\n"
        f"            {GROUP}.addTo(map_div);\n\n"
        f"map_div.addLayer({GROUP});\n"
        "window.feature_group = window.feature_group || [];\n"
        f"window.feature_group.push({GROUP});\n"
    )


def show(base: FrameBase, code: str) -> dict | None:
    """The component, as `st_folium` shows it: its value (the clicks it returns)."""
    hash_key = base.args["key"]

    def on_change() -> None:
        if base.user_key is not None:
            st.session_state[base.user_key] = st.session_state.get(hash_key, {})

    return sf._component_func(**base.args, feature_group=group_script(code), on_change=on_change)
