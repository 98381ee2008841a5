"""The dashboard's map as streamlit-folium's component, with its map document rendered once.

`st_folium` renders its folium map (a Jinja template per element) on every call: about 40 ms of
each slider step, for a base map that never changes between reruns. `frame_base` is that
rendering, done once (pages/__init__.py keeps its arguments on disk, so a server start does not
render it again), and `show` sends it with one date's state script. The arguments are built with
streamlit-folium's own helpers, exactly as `st_folium` builds them; tests/test_map_frame.py proves
them equal for the same map, so an upgrade of the library that changes them fails a test instead
of the map.

`show` calls streamlit-folium's component (`MAP_COMPONENT`: the same name, files and module as the
one `import streamlit_folium` declares) without importing streamlit_folium, which imports folium
and every one of its plugins (about 0.4 s of a server's start, for a map that is already
rendered). Only `frame_base` imports them, when there is a map to render.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from types import MappingProxyType
from typing import TYPE_CHECKING

import streamlit as st
from streamlit import config
from streamlit.components.v1.custom_component import CustomComponent
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

if TYPE_CHECKING:
    import folium

# What the rendered arguments depend on besides our code: a new version may render them otherwise.
RENDERERS = ("folium", "branca", "jinja2", "streamlit-folium")


def _streamlit_folium_component() -> CustomComponent:
    """The component `streamlit_folium` declares at import (`declare_component("st_folium",
    path=<package>/frontend/build)` from the module streamlit_folium), found without importing it."""
    spec = importlib.util.find_spec("streamlit_folium")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("streamlit_folium is not installed")
    name = "streamlit_folium.st_folium"
    build = os.path.join(os.path.dirname(os.path.abspath(spec.origin)), "frontend/build")
    base_url = config.get_option("server.customComponentBaseUrlPath")
    url = f"{base_url}/{name}/" if base_url else None
    return CustomComponent(name=name, path=build, url=url, module_name="streamlit_folium")


MAP_COMPONENT = _streamlit_folium_component()


def register(runtime_registry) -> None:
    """Register `MAP_COMPONENT` with a runtime's component registry, as a declaration inside a
    script run does (declaring it again there is harmless: the two are equal)."""
    runtime_registry.register_component(MAP_COMPONENT)


if get_script_run_ctx(suppress_warning=True) is not None:
    from streamlit.runtime import Runtime

    register(Runtime.instance().component_registry)


def renderers_version() -> str:
    """The versions of the libraries that render the arguments: part of their on-disk key."""
    return ";".join(f"{name} {metadata.version(name)}" for name in RENDERERS)


# streamlit-folium's name for the first feature group (`_get_feature_group_string`).
GROUP = "feature_group_feature_group_0"


@dataclass(frozen=True)
class FrameBase:
    """`st_folium`'s arguments for a map, all but the feature group."""

    args: MappingProxyType
    user_key: str | None

    def __hash__(self) -> int:
        return hash(self.args["key"])

    def __reduce__(self):
        # A mapping proxy cannot be pickled; the on-disk cache keeps the plain arguments.
        return (_frame_base_of, (dict(self.args), self.user_key))


def _frame_base_of(args: dict, user_key: str | None) -> FrameBase:
    return FrameBase(MappingProxyType(args), user_key)


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
    import streamlit_folium as sf
    from folium.elements import JSCSSMixin

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
    for elem in _walk(fig, JSCSSMixin):
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


def _walk(fig, kind: type):
    if isinstance(fig, kind):
        yield fig
    for child in getattr(fig, "_children", {}).values():
        yield from _walk(child, kind)


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

    return MAP_COMPONENT(**base.args, feature_group=group_script(code), on_change=on_change)
