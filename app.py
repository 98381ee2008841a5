"""Frontlines dashboard: the entry point (navigation) and the main page, where users slide the
timeline, watch control change, and click a town or a sub-district to read the sentences behind
it. A thin view over `geo`; the other pages are in pages/, their shared cached loaders in
pages/__init__.py."""

from __future__ import annotations

import os
import time
from datetime import date

import streamlit as st
from streamlit_folium import st_folium

import pages as view
from geo import dashboard, mapview
from geo.evidence import baseline_html, esc, excerpt

PLAY_SECONDS = 1.2
# Only the benchmark sets this: "naive" rebuilds the whole map on every rerun (see bench/).
MAP_MODE = os.environ.get("FRONTLINES_MAP_MODE", "stable")


def init_view(data: view.Data) -> None:
    """First run of a session: the permalink's date and place, else the latest date."""
    if "day" in st.session_state:
        return
    towns = {t.place_id for t in data.context.towns}
    request = dashboard.parse_view_params(
        dict(st.query_params), data.stops, towns | set(data.timeline.unit_ids)
    )
    st.session_state.day = request.day or data.stops[-1]
    st.session_state.selected = request.place
    st.session_state.notices = request.notices
    st.session_state.playing = False
    st.session_state.last_click = None


def jump(day: date) -> None:
    st.session_state.day = day
    st.session_state.playing = False
    if dashboard.in_earlier_history(day):
        st.session_state.earlier = True


def toggle_play(stops: list[date]) -> None:
    st.session_state.playing = not st.session_state.playing
    if st.session_state.playing:
        # From the end (or from older history), Play starts again at the 2020 baseline.
        st.session_state.day = dashboard.play_start(stops, st.session_state.day)


def show_earlier(stops: list[date]) -> None:
    """Folding the older history away moves a day before the baseline to the baseline."""
    shown = dashboard.shown_stops(stops, st.session_state.earlier)
    if st.session_state.day < shown[0]:
        st.session_state.day = shown[0]


def timeline_controls(data: view.Data) -> date:
    stops = data.stops
    if st.session_state.day not in stops:
        st.session_state.day = dashboard.nearest_stop(stops, st.session_state.day)
    if "earlier" not in st.session_state:
        # A permalink into the older history opens with it shown.
        st.session_state.earlier = st.session_state.day < dashboard.shown_stops(stops, False)[0]
    shown = dashboard.shown_stops(stops, st.session_state.earlier)
    jumps = dashboard.quick_jumps(data.timeline, stops)
    earlier = dashboard.has_earlier(stops)
    cols = st.columns([4.6, *([1.7] * (len(jumps) - 1)), 0.9, 0.9, *([1.3] if earlier else [])])
    with cols[0]:
        day = st.select_slider(
            "Date",
            options=shown,
            key="day",
            format_func=dashboard.stop_label,
            label_visibility="collapsed",
        )
        ticks = "".join(
            f"<span style='position:absolute;left:{100 * x:.2f}%;transform:translateX(-{100 * x:.0f}%);"
            f"white-space:nowrap'>{esc(label)}</span>"
            for x, label in dashboard.tick_marks(shown)
        )
        st.markdown(
            f"<div class='fl-ticks' aria-hidden='true' style='position:relative;height:1.2em;"
            f"font-size:0.75rem;color:#555;margin:-0.9rem 0.5rem 0'>{ticks}</div>",
            unsafe_allow_html=True,
        )
    for col, (label, target) in zip(cols[1:], jumps, strict=False):
        col.button(label, on_click=jump, args=(target,), width="stretch", help=f"Go to {target:%-d %B %Y}")
    cols[len(jumps) + 1].button(
        "⏸ Pause" if st.session_state.playing else "▶ Play",
        on_click=toggle_play,
        args=(stops,),
        width="stretch",
    )
    if earlier:
        cols[-1].toggle(
            "Earlier",
            key="earlier",
            on_change=show_earlier,
            args=(stops,),
            help="Show the history before the 2020 baseline on the timeline",
        )
    return day


@st.fragment(run_every=PLAY_SECONDS)
def playback(stops: list[date]) -> None:
    """Step to the next stop every PLAY_SECONDS; at the last one, stop. Only called while
    playing (so a paused page has no timer), and before the slider exists, so it may move it.
    The clock guards against a second step in the full rerun that a step itself starts."""
    now = time.monotonic()
    if now - st.session_state.get("last_step", 0.0) < PLAY_SECONDS * 0.8:
        return
    st.session_state.last_step = now
    following = dashboard.next_stop(stops, st.session_state.day)
    if following is None:
        st.session_state.playing = False
    else:
        st.session_state.day = following
    st.rerun(scope="app")


def selection_from_click(data: view.Data, clicked: dict | None) -> None:
    if not clicked or clicked == st.session_state.last_click:
        return
    st.session_state.last_click = clicked
    picked = dashboard.selection_at(clicked["lat"], clicked["lng"], data.context.towns, view.display_units())
    if picked:
        st.session_state.selected = picked


def html_block(html: str, css_class: str = "") -> None:
    """Show escaped HTML (from geo.evidence) as one HTML block: Markdown leaves the inside of a
    <div> alone, so an article's own *, $, [x](y) or # stay text."""
    st.markdown(f"<div class='{css_class}'>{html}</div>", unsafe_allow_html=True)


def evidence_panel(data: view.Data, day: date) -> None:
    selected = st.session_state.selected
    if not selected:
        st.markdown("#### Evidence")
        st.caption("Click a town or a sub-district on the map to read the sentences behind its colour.")
        return
    tl = data.timeline
    town = next((t for t in data.context.towns if t.place_id == selected), None)
    unit = town.admin3 if town else selected
    if unit not in tl.unit_names:
        return
    state = tl.states_at(day)[unit]
    name, subtitle = dashboard.unit_title(tl, unit)
    if town:
        records = [r for r in tl.records_for_place(town.place_id) if r.date_start <= day.isoformat()]
        heading = f"#### {esc(town.name)}" + (
            f" · <span dir='rtl'>{esc(town.name_ar)}</span>" if town.name_ar else ""
        )
        st.markdown(heading, unsafe_allow_html=True)
        st.caption(f"Town in {name} ({subtitle})")
    else:
        records = tl.records_for_unit(unit, day)
        st.markdown(f"#### {esc(name)}", unsafe_allow_html=True)
        st.caption(subtitle.capitalize())
    st.markdown(dashboard.state_html(tl, state, day, data.factions), unsafe_allow_html=True)
    if "baseline-2020" in state.evidence and unit in tl.baseline:
        html_block(baseline_html(tl.baseline[unit], data.factions))
    if not records:
        st.caption("No article mentions this place up to the selected date.")
    st.markdown(f"**{len(records)} excerpt{'s' if len(records) != 1 else ''}**, newest first")
    for record in records:
        ex = excerpt(record, data.sources.get(record.source_id), tl, data.factions)
        with st.container(border=True):
            html_block(f"&ldquo;{ex.sentence_html}&rdquo;", "fl-excerpt")
            html_block(ex.source_html)
            html_block(f"<small>{ex.facts_html}</small>")
            st.caption(ex.effect)


def placeless_events(data: view.Data, day: date) -> None:
    listed = [
        r for r in dashboard.records_on(data.timeline.records, day) if not r.has_point and not r.area_adm3
    ]
    if not listed:
        return
    st.markdown(f"**Events with no place on this date** ({len(listed)}; never drawn on the map)")
    for record in listed:
        ex = excerpt(record, data.sources.get(record.source_id), data.timeline, data.factions)
        html_block(f"<small>{ex.facts_html}</small><br>&ldquo;{ex.sentence_html}&rdquo; ({ex.source_html})")


def map_page() -> None:
    st.set_page_config(page_title="Frontlines: who controls what in Syria", layout="wide")
    st.markdown(
        "<style>.fl-excerpt mark{background:#ffe08a} .fl-excerpt{font-style:italic}</style>",
        unsafe_allow_html=True,
    )
    data = view.load_data()
    init_view(data)
    st.title("Frontlines")
    st.caption("Who controls what in Syria, and the sentences that say so.")
    for notice in st.session_state.notices:
        st.info(notice)
    if st.session_state.playing:
        playback(data.stops)
    day = timeline_controls(data)
    st.markdown(
        f"**{dashboard.date_in_words(day)}** · {dashboard.what_happened(data.timeline.records, data.timeline, day)}"
    )

    left, right = st.columns([3, 2])
    with left:
        state = view.map_state(data.key, day.isoformat())
        if MAP_MODE == "naive":
            result = st_folium(view.naive_map(state), height=640, use_container_width=True)
        else:
            result = st_folium(
                view.base_map(),
                feature_group_to_add=mapview.state_layer(state),
                returned_objects=["last_object_clicked"],
                height=640,
                use_container_width=True,
                key="map",
            )
        selection_from_click(data, (result or {}).get("last_object_clicked"))
        st.markdown(view.faction_key(), unsafe_allow_html=True)
        placeless_events(data, day)
    with right:
        evidence_panel(data, day)

    st.query_params["date"] = day.isoformat()
    if st.session_state.selected:
        st.query_params["place"] = st.session_state.selected
    elif "place" in st.query_params:
        del st.query_params["place"]


# No page icons: Streamlit fetches Material icons from fonts.gstatic.com, and nothing may leave
# the machine.
PAGES = [
    st.Page(map_page, title="Map", default=True),
    st.Page("pages/1_Events.py", title="Events"),
    st.Page("pages/2_Sources.py", title="Sources"),
    st.Page("pages/3_Territory.py", title="Territory"),
    st.Page("pages/4_Method.py", title="Method and data", url_path="Method"),
]
st.navigation(PAGES).run()
