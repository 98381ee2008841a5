"""pages/map_frame.py: the map's component arguments, rendered once, are exactly st_folium's, and
its component is streamlit-folium's."""

from __future__ import annotations

import pickle

import streamlit_folium as sf

from geo import folium_maps, mapview
from pages import map_frame
from tests.conftest import run_python

STATE = {"d": "2024-12-02", "u": {"SY020000": ["hts", "c", "regime", "2024-11-30"]}, "p": ["<b>x</b>"]}


def st_folium_args(monkeypatch, fig, code_state, selected, **kwargs) -> dict:
    captured: dict = {}
    monkeypatch.setattr(sf, "_component_func", lambda **kw: captured.update(kw))
    sf.st_folium(fig, feature_group_to_add=folium_maps.state_layer(code_state, selected), **kwargs)
    return captured


def test_the_arguments_are_st_folium_s_for_the_same_map(monkeypatch):
    returned = ("last_object_clicked",)
    expected = st_folium_args(
        monkeypatch,
        folium_maps.base_map("/app/static/frontlines/map-0123456789ab.js"),
        STATE,
        "SY020000",
        returned_objects=list(returned),
        height=560,
        use_container_width=True,
        key="map",
    )
    base = map_frame.frame_base(
        folium_maps.base_map("/app/static/frontlines/map-0123456789ab.js"),
        key="map",
        height=560,
        returned_objects=returned,
    )
    captured: dict = {}
    monkeypatch.setattr(map_frame, "MAP_COMPONENT", lambda **kw: captured.update(kw))
    map_frame.show(base, mapview.state_script(STATE, "SY020000"))
    assert callable(expected.pop("on_change")) and callable(captured.pop("on_change"))
    assert captured == expected
    # The base map's document is small: its style sheet and legend come with the static data.
    assert len(captured["script"]) + len(captured["header"]) < 4000


def test_a_new_data_file_gives_a_new_component_key():
    """The script file's name is in the map's script: new static layers remount the map."""
    one = map_frame.frame_base(folium_maps.base_map("/map-a.js"), key="map", height=560, returned_objects=())
    two = map_frame.frame_base(folium_maps.base_map("/map-b.js"), key="map", height=560, returned_objects=())
    assert one.args["key"] != two.args["key"]


def test_the_component_is_the_one_streamlit_folium_declares():
    """Same name, files, URL and module: the frame Streamlit serves for it is streamlit-folium's,
    and a page that imports streamlit_folium registers an equal component, not a rival."""
    assert sf._component_func == map_frame.MAP_COMPONENT


def test_the_rendered_arguments_survive_the_on_disk_cache():
    base = map_frame.frame_base(folium_maps.base_map("/map-a.js"), key="map", height=560, returned_objects=())
    again = pickle.loads(pickle.dumps(base))
    assert again == base and dict(again.args) == dict(base.args) and again.user_key == "map"


def test_showing_a_rendered_map_does_not_import_folium():
    """The first run shows the map from arguments read from disk: neither folium nor
    streamlit_folium (which imports folium and its plugins, about 0.4 s) is imported for it."""
    code = (
        "import sys\n"
        "from pages import map_frame\n"
        "from geo import mapview\n"
        "import pages\n"
        "print(sorted(m for m in ('folium', 'branca', 'streamlit_folium') if m in sys.modules))"
    )
    assert run_python(code) == "[]"  # run_python asserts the interpreter exited cleanly
