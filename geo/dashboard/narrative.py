"""A date told in words: the date line, what happened on it (events, changes under way, background
rows) and the evidence panel's line for a unit on that date (escaped HTML).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from geo.control import STATUS_WORDS, Timeline, UnitState
from geo.evidence import TYPE_WORDS, day_words, esc, side_name
from geo.factions import Faction
from geo.records import EventRecord


def date_in_words(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def records_on(records: Iterable[EventRecord], day: date) -> list[EventRecord]:
    """Records whose date range covers the day."""
    iso = day.isoformat()
    return [r for r in records if r.date_start <= iso <= r.date_end]


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else plural or word + 's'}"


def background_rows_on(timeline: Timeline, day: date) -> list[tuple[str, int]]:
    """Each dated layer (the fall of Assad, a snapshot) with rows dated `day`: label and row count."""
    found = []
    for layer in timeline.layers.layers:
        count = sum(row.date == day for row in layer.rows)
        if count:
            found.append((layer.label, count))
    return found


def what_happened(records: Iterable[EventRecord], timeline: Timeline, day: date) -> str:
    """One line for the selected date: events reported for it, units whose change is under way,
    and, when nothing is, how long the map stays as it is."""
    on = records_on(records, day)
    states = timeline.states_at(day)
    counts = Counter(s.status for s in states.values())
    open_parts = [
        f"{_plural(counts[status], 'sub-district')} {words}"
        for status, words in (
            ("changing", "changing hands"),
            ("possible", "possibly changed"),
            ("contested", "contested"),
        )
        if counts[status]
    ]
    if on:
        kinds = Counter(r.event_type for r in on)
        parts = [f"{n} {_type_words(kind, n)}" for kind, n in kinds.most_common()]
        text = f"{_plural(len(on), 'event record')} {'covers' if len(on) == 1 else 'cover'} this date"
        text += f" ({', '.join(parts)})"
    else:
        text = "No event is reported for this date"
    # A layer's day changes the map with no article: say which background layer, so the change
    # is never presented as reported news.
    for label, count in background_rows_on(timeline, day):
        text += f"; background “{label}” sets {_plural(count, 'sub-district')} (not from an article)"
    if open_parts:
        return f"{text}; {'; '.join(open_parts)}."
    following = [d for d in timeline.change_days() if d > day]
    if following and not on:
        until = following[0] - timedelta(days=1)
        if until > day:
            return f"{text}; the map stays as it is until {day_words(until)}."
    return f"{text}; the map shows the latest known state." if not on else f"{text}."


def between_words(start: date, end: date) -> str:
    """ "25 Nov and 1 Dec 2024" (the year once when both days share it)."""
    first = f"{start.day} {start:%b}" if start.year == end.year else f"{start.day} {start:%b %Y}"
    return f"{first} and {end.day} {end:%b %Y}"


def state_html(timeline: Timeline, state: UnitState, day: date, factions: Mapping[str, Faction]) -> str:
    """The evidence panel's line for a unit on a date (escaped HTML): holder, status and when,
    then the claims that did not decide it (agreeing, overruled or contesting ones)."""
    holder = f"<b>{esc(side_name(state.controller, factions))}</b>"
    other = esc(side_name(state.to_controller, factions)) if state.to_controller else ""
    words = STATUS_WORDS.get(state.status, state.status)
    window = between_words(*state.window) if state.window else ""
    if state.status in ("possible", "changing") and other:
        text = f"{holder}, {words} → <b>{other}</b>"
        if window:
            text += f" sometime between {window}"
        if state.status == "changing":
            text += " (fighting is reported in the sub-district on this day)"
    elif state.status == "contested" and other:
        text = f"{holder}, contested by <b>{other}</b>"
        if window and state.in_progress:
            text += f" (claims open between {window})"
    else:
        text = f"{holder}, {words}"
        if state.since:
            text += f" since {state.since:%-d %b %Y}"
        if window:
            text += f" (taken sometime between {window})"
    lines = [f"On {day:%-d %B %Y}: {text}."]
    for note in timeline.other_claims(state):
        c = note.claim
        label = {"agrees": "Also claimed", "overruled": "Overruled", "contests": "Contested by"}[
            note.relation
        ]
        kind = TYPE_WORDS.get(c.event_type, c.event_type)
        when = f"{c.end:%-d %b %Y}" if c.start == c.end else f"between {between_words(c.start, c.end)}"
        lines.append(
            f"<small>{label}: {esc(side_name(c.controller, factions))} ({esc(kind)}, {when}; "
            f"{esc(c.event_id)}): {esc(note.reason)}.</small>"
        )
    return "<br>".join(lines)


# Counted event types in words: "1 capture, 2 control claims" ("clashes" is already plural).
_TYPE_NOUNS = {
    "captured": ("capture", "captures"),
    "clashes": ("clashes", "clashes"),
    "other": ("other", "other"),
}


def _type_words(event_type: str, count: int) -> str:
    word = TYPE_WORDS.get(event_type, event_type)
    one, many = _TYPE_NOUNS.get(event_type, (word, word + "s"))
    return one if count == 1 else many
