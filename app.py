"""Frontlines dashboard: the entry point (navigation) and the main page, where users slide the
timeline, watch control change, and click a town or a sub-district to read the sentences behind
it. A thin view over `geo`; the other pages are in pages/, their shared cached loaders in
pages/__init__.py."""

from __future__ import annotations

import dataclasses
import time
from datetime import date

import streamlit as st

import pages as view
from geo import dashboard, mapview, settings
from geo.evidence import background_html, esc, excerpt
from pages import map_frame
from pages.review_widgets import review_controls, show_notice, undo_button

PLAY_SECONDS = 1.2
# Only the benchmark sets this: "naive" rebuilds the whole map on every rerun (see bench/).
MAP_MODE = settings.MAP_MODE.read() or "stable"
# The map's height before its script measures the screen (then it fills the viewport's height).
MAP_HEIGHT = 560


def init_view(data: view.Data) -> None:
    """First run of a session: the permalink's date and place, else the latest date. Back from
    another page, the date chosen before: Streamlit drops a widget's key (the slider's "day")
    on a page that does not draw it, so the date is also kept in "view_day", which no widget owns."""
    if "day" in st.session_state:
        return
    if "view_day" in st.session_state:
        st.session_state.day = st.session_state.view_day
        return
    towns = {t.place_id for t in data.context.towns}
    request = dashboard.parse_view_params(
        dict(st.query_params), data.stops, towns | set(data.timeline.unit_ids), view.resolve_place
    )
    st.session_state.extra_stops = [request.day] if request.between_stops else []
    st.session_state.day = request.day or data.stops[-1]
    st.session_state.selected = request.place
    st.session_state.notices = request.notices
    st.session_state.playing = False
    st.session_state.last_click = None


def session_data(data: view.Data) -> view.Data:
    """The data with this session's own stops: a permalink's date that is not a stop is added,
    so the slider shows that very day instead of another."""
    stops = data.stops
    for day in st.session_state.get("extra_stops", ()):
        stops = dashboard.with_stop(stops, day)
    return data if stops is data.stops else dataclasses.replace(data, stops=stops)


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


def current_day(data: view.Data) -> date:
    """The date the slider is about to show (its new value, on a step), made one of its stops."""
    stops = data.stops
    if st.session_state.day not in stops:
        st.session_state.day = dashboard.nearest_stop(stops, st.session_state.day)
    if "earlier" not in st.session_state:
        # A permalink into the older history opens with it shown.
        st.session_state.earlier = st.session_state.day < dashboard.shown_stops(stops, False)[0]
    return st.session_state.day


def timeline_controls(data: view.Data) -> None:
    """The slider and its buttons, showing the day `current_day` chose."""
    stops = data.stops
    shown = dashboard.shown_stops(stops, st.session_state.earlier)
    jumps = data.jumps
    earlier = dashboard.has_earlier(stops)
    cols = st.columns([4.6, *([1.7] * (len(jumps) - 1)), 0.9, 0.9, *([1.3] if earlier else [])])
    with cols[0]:
        st.select_slider(
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


def open_search_result() -> None:
    """Enter in the search box: open the best match (the others are offered as buttons)."""
    hits = view.place_search().search(st.session_state.get("place_query", ""))
    if hits:
        select(hits[0].entry.target)


def select(target: str | None) -> None:
    st.session_state.selected = target


def search_box() -> None:
    """Find a town or sub-district by name (English or Arabic, any common spelling); Enter opens
    the best match in the evidence panel, the next best are buttons (reachable with Tab)."""
    query = st.text_input(
        "Find a place",
        key="place_query",
        placeholder="Find a town or sub-district (English or العربية), then Enter",
        on_change=open_search_result,
        max_chars=100,
        label_visibility="collapsed",
    )
    if not query.strip():
        return
    hits = view.place_search().search(query, limit=5)
    if not hits:
        st.caption("No town or sub-district matches that name.")
        return
    others = [h for h in hits if h.entry.target != st.session_state.selected]
    if len(others) < len(hits) and not others:
        return
    st.caption("Other matches:" if len(others) < len(hits) else "Matches (Enter opens the first):")
    for hit in others[:4]:
        e = hit.entry
        st.button(
            f"{e.name} · {e.detail}",
            key=f"hit-{e.target}",
            on_click=select,
            args=(e.target,),
            type="tertiary",
        )


def html_block(html: str, css_class: str = "") -> None:
    """Show escaped HTML (from geo.evidence) as one HTML block: Markdown leaves the inside of a
    <div> alone, so an article's own *, $, [x](y) or # stay text."""
    st.markdown(f"<div class='{css_class}'>{html}</div>", unsafe_allow_html=True)


def evidence_panel(data: view.Data, day: date) -> None:
    selected = st.session_state.selected
    if not selected:
        st.markdown("#### Evidence")
        st.caption(
            "Click a town or a sub-district on the map (or find it by name above) to read the "
            "sentences behind its colour. Dots are towns with evidence; symbols are events."
        )
        st.markdown(view.faction_key(), unsafe_allow_html=True)
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
            f" · <span dir='rtl' lang='ar'>{esc(town.name_ar)}</span>" if town.name_ar else ""
        )
        st.markdown(heading, unsafe_allow_html=True)
        st.caption(f"Town in {name} ({subtitle})")
    else:
        records = tl.records_for_unit(unit, day)
        st.markdown(f"#### {esc(name)}", unsafe_allow_html=True)
        st.caption(subtitle[:1].upper() + subtitle[1:])  # capitalize() would lower "Idleb"
    st.markdown(dashboard.state_html(tl, state, day, data.factions), unsafe_allow_html=True)
    view.provenance_line(data, state)
    layer_id = tl.background_id(state)
    row = tl.background_row(unit, layer_id, day) if layer_id else None
    if row is not None:
        html_block(background_html(row, data.factions))
    if not records:
        st.caption("No article mentions this place up to the selected date.")
    st.markdown(f"**{len(records)} excerpt{'s' if len(records) != 1 else ''}**, newest first")
    undo_button("map")
    for record in records:
        ex = excerpt(record, data.sources.get(record.source_id), tl, data.factions)
        with st.container(border=True):
            html_block(f"&ldquo;{ex.sentence_html}&rdquo;", "fl-excerpt")
            html_block(ex.source_html)
            html_block(f"<small>{ex.facts_html}</small>")
            st.caption(ex.effect)
            if ex.review_html:
                html_block(ex.review_html)
            review_controls(record, data, "map")


def placeless_events(data: view.Data, day: date) -> None:
    listed = [r for r in data.context.records_on(day) if not r.has_point and not r.area_adm3]
    if not listed:
        return
    st.markdown(f"**Events with no place on this date** ({len(listed)}; never drawn on the map)")
    for record in listed:
        ex = excerpt(record, data.sources.get(record.source_id), data.timeline, data.factions)
        html_block(f"<small>{ex.facts_html}</small><br>&ldquo;{ex.sentence_html}&rdquo; ({ex.source_html})")


# Layout that fits the screen: little header; the map's height is set by the map itself (see
# fitFrame in geo/mapview.js, which also sets --fl-map-h here) so that it ends inside the
# viewport; the panel beside it scrolls on its own, as high as the map.
CSS = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 3.6rem; padding-bottom: 1rem; }
.fl-head h1 { font-size: 1.5rem; padding: 0; margin: 0; display: inline; }
.fl-head span { color: #555; font-size: 0.9rem; margin-left: 0.6rem; }
.fl-excerpt mark { background: #ffe08a; } .fl-excerpt { font-style: italic; }
.fl-reviewed { font-size: 0.85rem; color: #1b5e20; font-weight: 600; }
.fl-reviewed[data-reviewed="corrected"] { color: #0d47a1; }
.fl-review-notice { padding: 0.5rem 0.75rem; border-radius: 0.5rem; margin-bottom: 0.5rem; background: #e8f5e9; }
.fl-review-error { background: #fdecea; }
.fl-review-note { font-size: 0.85rem; color: #444; }
.st-key-fl-panel { scroll-margin-top: 0.5rem; }
/* Phones: the slider on its own line, the quick jumps and Play side by side under it (stacked,
   they pushed the map below the first screen). */
@media (max-width: 640px) {
  .st-key-fl-controls [data-testid="stHorizontalBlock"] { flex-wrap: wrap; gap: 0.4rem; }
  .st-key-fl-controls [data-testid="stColumn"] { min-width: 0 !important; width: auto !important; flex: 1 1 auto !important; }
  .st-key-fl-controls [data-testid="stColumn"]:first-child { flex-basis: 100% !important; }
  .fl-ticks span:nth-child(even) { display: none; }
}
@media (min-width: 640px) {
  .st-key-fl-panel { max-height: var(--fl-map-h, 75vh); overflow-y: auto; padding: 0 0.4rem 1.2rem 0; }
}
</style>"""


def header() -> None:
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.markdown(
        "<div class='fl-head'><h1>Frontlines</h1><span>Who controls what in Syria, and the "
        "sentences that say so.</span></div>",
        unsafe_allow_html=True,
    )
    with right:
        search_box()


def notices(day: date) -> None:
    """A permalink's notices, until the first move (another date or place) clears them."""
    view_now = (day, st.session_state.selected)
    shown = st.session_state.setdefault("notices_view", view_now)
    if shown != view_now:
        st.session_state.notices = ()
    for notice in st.session_state.notices:
        st.info(notice)


def map_page() -> None:
    st.set_page_config(page_title="Frontlines: who controls what in Syria", layout="wide")
    st.markdown(CSS, unsafe_allow_html=True)
    # The store is read once per run, by the fragment (a lost store's notice shows once); here
    # only on a session's first run, for its permalink.
    if "day" not in st.session_state:
        init_view(view.load_data())
    header()
    st.session_state.play_timer = st.session_state.playing
    if st.session_state.playing:
        playback(st.session_state.play_stops)
    map_view()


@st.fragment
def map_view() -> None:
    """Everything that follows the date or the place: the timeline, the map, the evidence panel,
    the downloads and the permalink. A slider step (or a quick jump, a click on the map, a review)
    reruns and resends only this, not the header and the page around it."""
    data = session_data(view.load_data())
    # What the page's timer (`playback`, outside) steps through.
    st.session_state.play_stops = data.stops
    if st.session_state.playing != st.session_state.get("play_timer"):
        # Play or Pause was pressed: the timer starts or stops.
        st.rerun(scope="app")
    day = current_day(data)
    # The map is made before the slider and its buttons, into its place below them: its new state
    # leaves the server first. The date line is written in place, before the map: a placeholder
    # there would be empty while the map draws, and the map fits its height to its frame's top.
    controls = st.container(key="fl-controls")
    st.markdown(
        f"**{dashboard.date_in_words(day)}** · {dashboard.what_happened(data.context.records_on(day), data.timeline, day)}"
    )
    left, right = st.columns([3, 2])
    with left:
        if MAP_MODE == "naive":
            from streamlit_folium import st_folium  # imports folium: only the naive map needs it

            state = view.map_state(data.key, day.isoformat())
            result = st_folium(view.naive_map(state), height=MAP_HEIGHT, use_container_width=True)
        else:
            state = view.frame_state(data.key, day.isoformat())
            # st_folium's component, with the base map rendered once, kept on disk (pages/map_frame.py).
            base = view.frame_base("map", MAP_HEIGHT, ("last_object_clicked",))
            result = map_frame.show(base, mapview.state_script(state, st.session_state.selected))
        selection_from_click(data, (result or {}).get("last_object_clicked"))
    with controls:
        timeline_controls(data)
    with right, st.container(key="fl-panel"):
        notices(day)
        show_notice()
        evidence_panel(data, day)
    placeless_events(data, day)
    view.export_downloads(data, day)

    st.session_state.view_day = day
    st.query_params["date"] = day.isoformat()
    if st.session_state.selected:
        entry = view.place_search().get(st.session_state.selected)
        st.query_params["place"] = entry.slug if entry else st.session_state.selected
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
    st.Page("pages/5_Add_articles.py", title="Add articles"),
]
st.navigation(PAGES, position="top").run()
