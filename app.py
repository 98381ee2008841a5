"""Frontlines dashboard: the main page (a thin view over the `geo` package)."""

import streamlit as st
from streamlit_folium import st_folium

from geo import boundaries, mapview

st.set_page_config(page_title="Frontlines: who controls what in Syria", layout="wide")


@st.cache_resource(show_spinner=False)
def load_units() -> boundaries.Boundaries:
    return boundaries.load_boundaries()


@st.cache_resource(show_spinner=False)
def first_map():
    units = load_units()
    return mapview.governorate_map(units.adm0, units.adm1)


st.title("Frontlines")
st.caption("Who controls what in Syria, and the sentences that say so.")
st_folium(first_map(), height=620, use_container_width=True, returned_objects=[], key="map")
