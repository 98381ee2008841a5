"""pages/map_frame.py: the map's component arguments, rendered once, are exactly st_folium's."""

from __future__ import annotations

import streamlit_folium as sf

from geo import mapview
from pages import map_frame

STATE = {"d": "2024-12-02", "u": {"SY020000": ["hts", "c", "regime", "2024-11-30"]}, "p": ["<b>x</b>"]}


def st_folium_args(monkeypatch, fig, code_state, selected, **kwargs) -> dict:
    captured: dict = {}
    monkeypatch.setattr(sf, "_component_func", lambda **kw: captured.update(kw))
    sf.st_folium(fig, feature_group_to_add=mapview.state_layer(code_state, selected), **kwargs)
    return captured


def test_the_arguments_are_st_folium_s_for_the_same_map(monkeypatch):
    returned = ("last_object_clicked",)
    expected = st_folium_args(
        monkeypatch,
        mapview.base_map("/app/static/frontlines/map-0123456789ab.js"),
        STATE,
        "SY020000",
        returned_objects=list(returned),
        height=560,
        use_container_width=True,
        key="map",
    )
    base = map_frame.frame_base(
        mapview.base_map("/app/static/frontlines/map-0123456789ab.js"),
        key="map",
        height=560,
        returned_objects=returned,
    )
    captured: dict = {}
    monkeypatch.setattr(sf, "_component_func", lambda **kw: captured.update(kw))
    map_frame.show(base, mapview.state_script(STATE, "SY020000"))
    assert callable(expected.pop("on_change")) and callable(captured.pop("on_change"))
    assert captured == expected
    # The base map's document is small: its style sheet and legend come with the static data.
    assert len(captured["script"]) + len(captured["header"]) < 4000


def test_a_new_data_file_gives_a_new_component_key():
    """The script file's name is in the map's script: new static layers remount the map."""
    one = map_frame.frame_base(mapview.base_map("/map-a.js"), key="map", height=560, returned_objects=())
    two = map_frame.frame_base(mapview.base_map("/map-b.js"), key="map", height=560, returned_objects=())
    assert one.args["key"] != two.args["key"]
