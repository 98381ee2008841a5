"""Territory page: area held by each side over a chosen period (km² and % of Syria, from
`Timeline.area_by_faction`, one stacked bar per timeline stop, units in flux as their own hatched
segment), and what changed between the
period's two ends: a map of the sub-districts that changed hands, filled by their new holder's
colour, and a table of them with their evidence ids and the first excerpt of each.

A thin view over `geo.page_views`; the map is an offline Folium map (`geo.folium_maps.offline_map`)
that reruns nothing when clicked.
"""

from __future__ import annotations

from datetime import date

import altair as alt
import folium
import streamlit as st
from streamlit_folium import st_folium

import pages as view
from geo import dashboard, folium_maps, mapview, page_views
from geo.baseline import BASELINE_START
from geo.control import IN_FLUX, IN_FLUX_WORDS
from geo.evidence import esc, side_name

view.page_setup("Territory")


def day_label(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


def period(stops: list[date]) -> tuple[date, date]:
    # From the frozen lines of the 2020 baseline to the latest date: everything that changed since.
    default = (dashboard.nearest_stop(stops, BASELINE_START), stops[-1])
    start, end = st.select_slider(
        "Period: the chart covers it, the map and table compare its first and last day",
        options=stops,
        value=default,
        key="terr_period",
        format_func=day_label,
    )
    return start, end


IN_FLUX_COLOUR = "#c9c9c9"


def _stripes(colour: str, ground: str = "#ffffff", count: int = 8) -> alt.Gradient:
    """A diagonal hard-edged gradient: stripes, the chart's hatching (Vega has no fill patterns)."""
    stops = []
    for k in range(count):
        a, b = k / count, (k + 0.5) / count
        stops += [
            alt.GradientStop(color=colour, offset=a),
            alt.GradientStop(color=colour, offset=b),
            alt.GradientStop(color=ground, offset=b),
            alt.GradientStop(color=ground, offset=(k + 1) / count),
        ]
    return alt.Gradient(gradient="linear", stops=stops, x1=0, y1=0, x2=1, y2=1)


def area_chart(data: view.Data, days: list[date], measure: str) -> None:
    frame = page_views.area_over_time(data.timeline, days, data.factions)
    order = page_views.side_order(data.factions, set(frame["controller"]))
    names = [page_views.side_label(c, data.factions) for c in order]
    colours = [
        IN_FLUX_COLOUR if c == IN_FLUX else data.factions[c].colour if c in data.factions else "#888888"
        for c in order
    ]
    rank = {c: i for i, c in enumerate(order)}
    field, title = ("percent", "% of Syria") if measure == "%" else ("km2", "km²")
    frame["day"] = [day_label(d) for d in frame["date"].dt.date]
    # Stacked by hand (y to y2), so that the hatched layer of units in flux sits exactly on its
    # segment of the stack.
    frame = frame.sort_values(
        ["date", "controller"], key=lambda col: col.map(rank) if col.name == "controller" else col
    )
    frame["top"] = frame.groupby("date")[field].cumsum()
    frame["bottom"] = frame["top"] - frame[field]
    x = alt.X(
        "day:O",
        sort=[day_label(d) for d in days],
        title="timeline stops (the dates on which the map changes; not evenly spaced in time)",
        axis=alt.Axis(labelAngle=-45),
    )
    tooltip = [
        alt.Tooltip("day:O", title="date"),
        "side:N",
        alt.Tooltip("km2:Q", format=",.0f", title="km²"),
        alt.Tooltip("percent:Q", format=".2f", title="% of Syria"),
    ]
    # One bar per timeline stop, evenly spaced like the main page's slider.
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=x,
            y=alt.Y("bottom:Q", title=title),
            y2="top:Q",
            color=alt.Color(
                "side:N", scale=alt.Scale(domain=names, range=colours), legend=alt.Legend(title=None)
            ),
            tooltip=tooltip,
        )
    )
    hatch = (
        alt.Chart(frame[(frame["controller"] == IN_FLUX) & (frame[field] > 0)])
        .mark_bar(fill=_stripes("#555555", IN_FLUX_COLOUR), stroke="#333333", strokeWidth=0.6)
        .encode(x=x, y="bottom:Q", y2="top:Q", tooltip=tooltip)
    )
    st.altair_chart((bars + hatch).properties(height=340), width="stretch")


def share_table(data: view.Data, start: date, end: date) -> None:
    table = page_views.share_table(data.timeline, start, end, data.factions)
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "side": "side",
            "km2_start": st.column_config.NumberColumn(f"km² {day_label(start)}", format="%.0f"),
            "percent_start": st.column_config.NumberColumn(f"% {day_label(start)}", format="%.2f"),
            "km2_end": st.column_config.NumberColumn(f"km² {day_label(end)}", format="%.0f"),
            "percent_end": st.column_config.NumberColumn(f"% {day_label(end)}", format="%.2f"),
            "change_points": st.column_config.NumberColumn("change (points)", format="%+.2f"),
        },
    )
    st.caption(
        f"Shares add up to {table['percent_end'].sum():.2f} % on {day_label(end)} (rounding). A "
        "settled sub-district counts wholly to the side holding its seat: where the baseline names a "
        "second holder, the line between them is not in the data, so no share is invented. A "
        f"sub-district changing hands or possibly changed counts to neither side: it is the hatched "
        f"“{IN_FLUX_WORDS}” share until the change settles."
    )


def change_map(data: view.Data, changes: list[page_views.UnitChange]) -> None:
    styles = page_views.change_styles(changes, data.factions)
    words = {
        c.adm3_id: f"{c.name}: {c.kind}, {side_name(c.from_controller, data.factions)} → "
        f"{side_name(c.shown_side, data.factions)}"
        for c in changes
    }
    units = view.display_units()[["adm3_id", "adm3_name", "geometry"]].copy()
    units["label"] = [
        esc(words.get(u, f"{n}: no change"))
        for u, n in zip(units["adm3_id"], units["adm3_name"], strict=True)
    ]
    fmap = folium_maps.offline_map()
    folium.GeoJson(
        units,
        name="Sub-districts",
        style_function=lambda f: styles.get(f["properties"]["adm3_id"], page_views.UNCHANGED_STYLE),
        highlight_function=lambda f: {"weight": 2.5, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    ).add_to(fmap)
    changed = units[units["adm3_id"].isin(styles)]
    if len(changed):
        west, south, east, north = changed.total_bounds
        fmap.fit_bounds([[south, west], [north, east]], max_zoom=8, padding=(40, 40))
    st_folium(fmap, height=520, use_container_width=True, returned_objects=[], key="terr_map")
    holders = page_views.side_order(data.factions, {c.shown_side for c in changes})
    swatches = "".join(
        f"<span style='margin-right:1em;white-space:nowrap'><span style='display:inline-block;width:14px;"
        f"height:10px;background:{esc(data.factions[h].colour if h in data.factions else '#888')};"
        f"border:1px solid #333;margin-right:4px'></span>{esc(side_name(h, data.factions))}</span>"
        for h in holders
    )
    st.markdown(
        f"<small>{swatches}<br>Solid fill: the new holder on the last day. Light fill with a dashed "
        "border: still possibly changed, changing hands or contested on the last day, in the incoming (or rival) "
        f"side's colour. Grey: no change.<br>{esc(mapview.BOUNDARY_ATTRIBUTION)}. The boundaries and "
        "names shown and the designations used on this map do not imply official endorsement or "
        "acceptance by the United Nations.</small>",
        unsafe_allow_html=True,
    )


def main() -> None:
    data = view.load_data()
    st.title("Territory")
    st.caption("How much of Syria each side holds, and what changed hands between two dates.")
    stops = data.stops
    if len(stops) < 2:
        st.info("The timeline has a single date so far: there is nothing to compare.")
        return
    start, end = period(stops)
    days = [d for d in stops if start <= d <= end]
    measure = st.radio(
        "Measure", ["%", "km²"], horizontal=True, key="terr_measure", label_visibility="collapsed"
    )
    area_chart(data, days, measure)
    share_table(data, start, end)

    st.subheader(f"What changed between {day_label(start)} and {day_label(end)}")
    changes = page_views.unit_changes(data.timeline, start, end)
    if not changes:
        st.info("No sub-district changed holder or status between these dates.")
    hands = [c for c in changes if c.kind == "changed hands"]
    st.markdown(
        f"**{len(changes)}** sub-district{'s' if len(changes) != 1 else ''} changed, **{len(hands)}** of them "
        f"changed hands ({sum(c.area_km2 for c in hands):,.0f} km²)."
    )
    change_map(data, changes)
    st.dataframe(
        page_views.change_table(changes, data.factions),
        hide_index=True,
        width="stretch",
        column_config={
            "km2": st.column_config.NumberColumn("km²", format="%.0f"),
            "first excerpt": st.column_config.TextColumn("first excerpt", width="large"),
            "read": st.column_config.LinkColumn("source", display_text="read in full"),
        },
    )
    view.change_downloads(data, start, end)


main()
