"""What the dashboard shows, as plain data: the timeline's stops, dates in words, what happened on
a date, permalinks (query parameters), event filters, and which town or unit a click selected.

Pure functions over the domain types, so page logic can be tested without a browser.

One module per concern: stops, narrative, permalinks, filters, selection, map_payload (the per-date map state); this package
re-exports their public names, so `from geo.dashboard import X` and `dashboard.X` work as before.
"""

from __future__ import annotations

from geo.dashboard.filters import EventFilter, filter_events
from geo.dashboard.map_payload import (
    MAX_EVENT_MARKERS,
    MAX_EVENT_PLACES,
    MAX_TOWN_MARKERS,
    RECENT_DAYS,
    STATUS_CODES,
    MapContext,
    background_popups,
    frame_state,
    frame_table,
    map_state,
    unit_title,
)
from geo.dashboard.narrative import (
    background_rows_on,
    between_words,
    date_in_words,
    records_on,
    state_html,
    what_happened,
)
from geo.dashboard.permalinks import MAX_PARAM_LENGTH, ViewRequest, parse_view_params
from geo.dashboard.selection import Town, selection_at, towns_with_evidence
from geo.dashboard.stops import (
    MAX_TICKS,
    has_earlier,
    in_earlier_history,
    layer_moments,
    nearest_stop,
    next_stop,
    play_start,
    quick_jumps,
    shown_stops,
    slider_stops,
    stop_label,
    tick_marks,
    with_stop,
)

__all__ = [
    "MAX_EVENT_MARKERS",
    "MAX_EVENT_PLACES",
    "MAX_PARAM_LENGTH",
    "MAX_TICKS",
    "MAX_TOWN_MARKERS",
    "RECENT_DAYS",
    "STATUS_CODES",
    "EventFilter",
    "MapContext",
    "Town",
    "ViewRequest",
    "background_popups",
    "background_rows_on",
    "between_words",
    "date_in_words",
    "filter_events",
    "frame_state",
    "frame_table",
    "has_earlier",
    "in_earlier_history",
    "layer_moments",
    "map_state",
    "nearest_stop",
    "next_stop",
    "parse_view_params",
    "play_start",
    "quick_jumps",
    "records_on",
    "selection_at",
    "shown_stops",
    "slider_stops",
    "state_html",
    "stop_label",
    "tick_marks",
    "towns_with_evidence",
    "unit_title",
    "what_happened",
    "with_stop",
]
