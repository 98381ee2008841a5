"""Events page: every event record in one table, filtered by date range, side, event type,
governorate and source, with the rows shown downloadable as CSV (ACLED-style columns) and GeoJSON
(`geo.exports.events_table`: side names, outlet and URL, and each record's point or area).

A thin view: the filter is `geo.dashboard.filter_events`, the table and the URL parameters
(`?from=&to=&faction=&type=&gov=&source=`, lists comma-separated) are `geo.page_views`. Record
text reaches the page only as table cells, which Streamlit shows as plain text. Selecting a row
opens its review form (pages/review_widgets.py), as the Map's evidence panel does.
"""

from __future__ import annotations

import streamlit as st

import pages as view
from geo import exports, page_views
from geo.dashboard import EventFilter, filter_events
from geo.evidence import TYPE_WORDS, excerpt, side_name
from pages.review_widgets import review_controls, show_notice, undo_button

view.page_setup("Events")

KEYS = {
    "dates": "ev_dates",
    "factions": "ev_factions",
    "types": "ev_types",
    "govs": "ev_govs",
    "sources": "ev_sources",
}


def init_filters(options: page_views.FilterOptions) -> None:
    """The page's first run in this session (Streamlit drops widget state when a user leaves a
    page): the filters start from the URL's parameters, else show everything."""
    if KEYS["dates"] in st.session_state:
        return
    wanted, notices = page_views.filter_from_params(dict(st.query_params), options)
    st.session_state[KEYS["dates"]] = (wanted.start, wanted.end)
    st.session_state[KEYS["factions"]] = [x for x in options.factions if x in wanted.factions]
    st.session_state[KEYS["types"]] = [x for x in options.event_types if x in wanted.event_types]
    st.session_state[KEYS["govs"]] = [x for x in options.governorates if x in wanted.governorates]
    st.session_state[KEYS["sources"]] = [x for x in options.sources if x in wanted.sources]
    st.session_state.ev_notices = notices


def filter_widgets(
    data: view.Data, options: page_views.FilterOptions, governorates: dict[str, str]
) -> EventFilter:
    top = st.columns([2, 2, 3])
    picked = top[0].date_input(
        "Dates (records overlapping the range)",
        min_value=options.start,
        max_value=options.end,
        key=KEYS["dates"],
        format="YYYY-MM-DD",
    )
    days = tuple(picked) if isinstance(picked, tuple | list) else (picked,)
    start = days[0] if days else options.start
    end = days[1] if len(days) > 1 else options.end
    types = top[1].multiselect(
        "Event type",
        options.event_types,
        key=KEYS["types"],
        format_func=lambda t: TYPE_WORDS.get(t, t),
        placeholder="all types",
    )
    sources = top[2].multiselect(
        "Source",
        options.sources,
        key=KEYS["sources"],
        format_func=lambda s: data.sources[s].title if s in data.sources else s,
        placeholder="all sources",
    )
    below = st.columns(2)
    factions = below[0].multiselect(
        "Side (actor 1, actor 2 or an associate)",
        options.factions,
        key=KEYS["factions"],
        format_func=lambda f: side_name(f, data.factions),
        placeholder="all sides",
    )
    govs = below[1].multiselect(
        "Governorate (a record's own, or one its area covers)",
        options.governorates,
        key=KEYS["govs"],
        format_func=lambda g: governorates.get(g, g),
        placeholder="all governorates",
    )
    return EventFilter(start, end, frozenset(factions), frozenset(types), frozenset(govs), frozenset(sources))


def main() -> None:
    data = view.load_data()
    st.title("Events")
    st.caption(
        "Every event record extracted from the articles: what happened, where, when (and how sure), "
        "who, and the sentence that says so. Precision codes and event types are explained on the "
        "Method page."
    )
    records = data.timeline.records
    governorates = page_views.governorate_names(data.timeline)
    options = page_views.filter_options(records, data.factions, governorates, data.sources)
    if options is None:
        st.info("No event records yet: ingest an article with `python -m geo ingest FILE`.")
        return
    init_filters(options)
    for notice in st.session_state.get("ev_notices", ()):
        st.info(notice)

    wanted = filter_widgets(data, options, governorates)
    shown = page_views.newest_first(filter_events(records, wanted))

    downloads = st.container(horizontal=True, vertical_alignment="center")
    downloads.markdown(f"**{len(shown)}** of {len(records)} event records")
    table = exports.events_table(shown, data.timeline.units, data.factions, data.sources)
    downloads.download_button(
        "Download CSV",
        exports.to_csv(table),
        file_name="frontlines-events.csv",
        mime="text/csv",
        on_click="ignore",
        help="The rows shown, with every field of the record (ACLED-style columns), side names, the "
        "source's outlet and URL, and the geometry as WKT.",
    )
    downloads.download_button(
        "Download GeoJSON",
        exports.to_geojson(table),
        file_name="frontlines-events.geojson",
        mime="application/geo+json",
        on_click="ignore",
        help="The rows shown: a point for a town, the area's outline for a governorate or region; a "
        "record that names no place in Syria has a null geometry.",
    )
    show_notice()
    picked = st.dataframe(
        page_views.event_table(shown, data.factions, governorates, data.sources),
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key="ev_table",
        column_config={
            "date_start": st.column_config.TextColumn("from", width="small"),
            "date_end": st.column_config.TextColumn("to", width="small"),
            "time_precision": st.column_config.NumberColumn(
                "time prec.", help="1 the day, 2 about a week, 3 a month or longer", width="small"
            ),
            "geo_precision": st.column_config.TextColumn(
                "geo prec.",
                help="1 the town, 2 near a town, 3 a region; empty: no place in Syria",
                width="small",
            ),
            "sentence": st.column_config.TextColumn("sentence", width="large"),
            "event_id": st.column_config.TextColumn("event id", width="small"),
        },
    )
    rows = picked.selection.rows if picked else []
    if rows and rows[0] < len(shown):
        review_selected(shown[rows[0]], data)
    else:
        st.caption("Select a row to confirm, reject or correct its record.")
        undo_button("events")
    st.query_params.from_dict(page_views.filter_to_params(wanted, options))


def review_selected(record, data: view.Data) -> None:
    """The selected record's sentence and its review form."""
    st.markdown(f"**Review {record.event_id}**")
    ex = excerpt(record, data.sources.get(record.source_id), data.timeline, data.factions)
    st.markdown(
        f"<div class='fl-excerpt'>&ldquo;{ex.sentence_html}&rdquo;</div><div><small>{ex.facts_html}</small></div>"
        + (f"<div>{ex.review_html}</div>" if ex.review_html else ""),
        unsafe_allow_html=True,
    )
    undo_button("events")
    review_controls(record, data, "events", always_open=True)


main()
