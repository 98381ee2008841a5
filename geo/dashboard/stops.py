"""The timeline's stops: which days the slider steps through, the older history before the 2020
baseline, the nearest and next stop, where Play starts, the quick jumps and the tick labels.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from datetime import date, timedelta
from functools import cache

from geo.baseline import BASELINE_START
from geo.control import Timeline

MAX_TICKS = 7


def slider_stops(timeline: Timeline) -> list[date]:
    """The days the timeline steps through: the baseline's first day, every day a background
    layer row starts or a side is renamed (`ControlLayers.change_days`: the fall of Assad, the
    snapshots), every day the control map changes (`Timeline.change_days`), every day a record
    drawn as a marker begins when it is dated to the day or the week, and "Latest": the last of
    the latest record's last day and the background's last change. A record dated only to a
    month or more ("last month") adds no stop of its own (its first day is a guess), nor does one
    that draws nothing (a statement). Days between two stops show the same map as the stop
    before them."""
    background = timeline.layers.change_days()
    ends = [date.fromisoformat(r.date_end) for r in timeline.records]
    last = max([BASELINE_START, *background, *ends])
    stops = {BASELINE_START, last, *background}
    if timeline.records:
        stops.update(timeline.change_days())
        stops.update(
            date.fromisoformat(r.date_start)
            for r in timeline.records
            if r.has_point and r.time_precision in (1, 2)
        )
    return sorted(d for d in stops if d <= last)


def layer_moments(timeline: Timeline) -> list[tuple[str, date]]:
    """The named days of the background for `quick_jumps`: each transition layer (the fall of
    Assad) by its label and day, as the layer list gives them."""
    return [(layer.label, layer.start) for layer in timeline.layers.layers if layer.kind == "transition"]


def shown_stops(stops: Sequence[date], earlier: bool) -> list[date]:
    """The stops the slider offers: from the baseline on, and the older history too when
    `earlier` is set (or when there is nothing from the baseline on)."""
    recent = [d for d in stops if d >= BASELINE_START]
    return list(stops) if earlier or not recent else recent


def in_earlier_history(day: date) -> bool:
    """Before the 2020 baseline: shown only with the "earlier" control on."""
    return day < BASELINE_START


def has_earlier(stops: Sequence[date]) -> bool:
    """Whether some stops lie before the baseline (so the "earlier" control is worth showing)."""
    return bool(stops) and stops[0] < BASELINE_START


def nearest_stop(stops: Sequence[date], wanted: date) -> date:
    """The last stop on or before `wanted` (the state shown then), else the first stop."""
    i = bisect_right(stops, wanted)
    return stops[i - 1] if i else stops[0]


def next_stop(stops: Sequence[date], day: date) -> date | None:
    """The first stop after `day`, or None at the end."""
    i = bisect_right(stops, day)
    return stops[i] if i < len(stops) else None


def play_start(stops: Sequence[date], day: date) -> date:
    """Where Play starts: the baseline from the end of the timeline (or from before the baseline,
    where the frozen 2020 lines are the story's usual beginning), else the current day."""
    recent = [d for d in stops if d >= BASELINE_START]
    if recent and (day >= stops[-1] or day < recent[0]):
        return recent[0]
    return day


def quick_jumps(
    timeline: Timeline, stops: Sequence[date], moments: Sequence[tuple[str, date]] = ()
) -> list[tuple[str, date]]:
    """Named days to jump to, as (label, stop) pairs in date order, "Latest" last.

    * "Before the offensive": the day before the first stretch of change after the baseline
      (`Timeline.change_periods`), so no change is under way on it ("Before the first change"
      when no offensive record begins in that stretch). It lands on the stop showing that day.
    * `moments`: named days from elsewhere (e.g. ("Fall of Assad", 2024-12-08)), each on the
      stop showing it; those outside the timeline are left out.
    * "Latest": the last stop, the latest day with a change (a record or a background layer).
    """
    if not stops:
        return []
    jumps: list[tuple[str, date]] = []
    after = [(a, b) for a, b in timeline.change_periods() if a > BASELINE_START]
    if after:
        start, end = after[0]
        eve = start - timedelta(days=1)
        offensive = any(
            r.event_type == "offensive" and start.isoformat() <= r.date_start <= end.isoformat()
            for r in timeline.records
        )
        label = "Before the offensive" if offensive else "Before the first change"
        jumps.append((label, nearest_stop(stops, eve)))
    for label, day in moments:
        if stops[0] <= day <= stops[-1]:
            jumps.append((label, nearest_stop(stops, day)))
    jumps.sort(key=lambda j: j[1])
    return [*jumps, ("Latest", stops[-1])]


def tick_marks(stops: Sequence[date], max_ticks: int = MAX_TICKS) -> list[tuple[float, str]]:
    """Labels for a row under the slider: (position from 0 to 1, date words) for at most
    `max_ticks` stops, the first and last always, the others evenly by index (the slider spaces
    its options evenly, whatever the days between them)."""
    if not stops:
        return []
    n = len(stops)
    if n == 1:
        return [(0.0, stop_label(stops[0]))]
    count = min(n, max_ticks)
    picks = sorted({round(k * (n - 1) / (count - 1)) for k in range(count)})
    return [(i / (n - 1), stop_label(stops[i])) for i in picks]


@cache
def stop_label(day: date) -> str:
    # Cached: the slider formats every stop on every rerun (thousands, with a large store).
    # The map's runtime reads this format back from the slider (labelDay in geo/mapview.js).
    return f"{day.day} {day:%b %Y}"


def with_stop(stops: Sequence[date], day: date) -> list[date]:
    """The stops with `day` among them (a permalink's date that is not a stop)."""
    return sorted({*stops, day})
