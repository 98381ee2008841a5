"""Permalinks: `?date=...&place=...` query parameters checked into a `ViewRequest`, with notices
that say what was ignored and why.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

MAX_PARAM_LENGTH = 100


@dataclass(frozen=True)
class ViewRequest:
    """What a permalink asks for, after checking; notices say what was ignored and why.
    `between_stops` is set when the date is inside the timeline but not one of its stops: it is
    still the date shown (never silently another), so the view adds it to its stops."""

    day: date | None = None
    place: str | None = None
    notices: tuple[str, ...] = field(default_factory=tuple)
    between_stops: bool = False


_SAFE_ID = re.compile(r"[A-Za-z0-9:_\-.@]{1,100}")  # "@": unlisted places, "unlisted:<slug>@<area>"
# A readable place value ("aleppo", "tal-rifaat", "تل رفعت"): letters of any script, digits,
# spaces and a little punctuation; it is only looked up, never shown.
_SAFE_NAME = re.compile(r"[\w\- ':.@]{1,100}")


def parse_view_params(
    params: Mapping[str, str],
    stops: Sequence[date],
    known_places: set[str],
    resolve: Callable[[str], str | None] | None = None,
) -> ViewRequest:
    """`?date=YYYY-MM-DD&place=<id or name>` -> a view. A place is an id in `known_places`, or
    whatever `resolve` makes of a readable name (e.g. `geo.place_search.PlaceSearch.resolve`).
    Bad values are dropped with a notice; notices never repeat the raw value (it may be long or
    contain markup)."""
    notices: list[str] = []
    day = place = None
    between = False
    unknown = sorted(k for k in params if k not in {"date", "place"})
    if unknown:
        notices.append(f"Ignored {len(unknown)} unknown URL parameter(s).")
    raw_date = params.get("date")
    if raw_date is not None:
        if len(raw_date) > MAX_PARAM_LENGTH or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw_date):
            notices.append("Ignored the date in the URL: it is not a date written YYYY-MM-DD.")
        else:
            try:
                wanted = date.fromisoformat(raw_date)
            except ValueError:
                notices.append("Ignored the date in the URL: no such day.")
            else:
                if stops and not (stops[0] <= wanted <= stops[-1]):
                    notices.append(
                        f"Ignored the date in the URL: it is outside the timeline ({stops[0]} to {stops[-1]})."
                    )
                elif stops:
                    day = wanted
                    if wanted not in stops:
                        between = True
                        notices.append(
                            f"{wanted:%-d %B %Y} (from the URL) is not one of the timeline's marked days: "
                            "it is added to the timeline, and the map shows the state on that day."
                        )
    raw_place = params.get("place")
    if raw_place is not None:
        if _SAFE_ID.fullmatch(raw_place) and raw_place in known_places:
            place = raw_place
        elif resolve and _SAFE_NAME.fullmatch(raw_place) and (found := resolve(raw_place)):
            place = found
        else:
            notices.append("Ignored the place in the URL: no town or sub-district has that id or name.")
    return ViewRequest(day, place, tuple(notices), between)
