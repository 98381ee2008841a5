"""Resolvers for phrases that name a calendar date or period: explicit days ("Dec. 2, 2024",
"2024-12-02", "November 27"), months, years and their parts, and weekdays ("on Sunday").
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from geo.dates.grammar import _PERCENT_FOLLOWS, _YEAR_FOLLOWER_OK
from geo.dates.periods import (
    _check_month_word,
    _day_label,
    _iso,
    _month_end,
    _month_number,
    _most_recent_day,
    _most_recent_weekday,
    _norm,
    _NotADate,
    _Period,
    _shift_months,
    _year_number,
)
from geo.dates.ranges import DAY_PRECISION, MONTH_PRECISION, WEEK_PRECISION
from geo.dates.relative import _earlier_than_publication
from geo.dates.words import (
    MONTH_PARTS,
    PART_NAMES,
    PART_WORDS,
    SPAN_END_PREPS,
    STRONG_YEAR_PREPS,
    WEAK_YEAR_PREPS,
    WEEKDAYS,
    YEAR_PARTS,
)


def _weekday_note(m: re.Match[str], day: date) -> str:
    said = m.group("weekday")
    if said is None or WEEKDAYS[_norm(said) or ""] == day.weekday():
        return ""
    return f" (the text says {said.capitalize()}, but {_iso(day)} is a {day.strftime('%A')})"


def _explicit_with_year(m: re.Match[str], published: date) -> _Period:
    day = date(_year_number(m), _month_number(m), int(m.group("day")))
    return _Period(day, day, DAY_PRECISION, f"an explicit date{_weekday_note(m, day)}")


def _iso_date(m: re.Match[str], published: date) -> _Period:
    day = date(_year_number(m), int(m.group("month")), int(m.group("day")))
    return _Period(day, day, DAY_PRECISION, "an explicit ISO date")


def _explicit_without_year(m: re.Match[str], published: date) -> _Period:
    _check_month_word(m)
    month, day_number = _month_number(m), int(m.group("day"))
    day = _most_recent_day(month, day_number, published)
    rule = (
        f"a day and month without a year: the most recent {calendar.month_name[month]} {day_number} "
        f"on or before publication ({_day_label(published)}){_weekday_note(m, day)}"
    )
    return _Period(day, day, DAY_PRECISION, rule)


def _part_of_month(part: str | None, year: int, month: int, name: str) -> _Period:
    start, end = date(year, month, 1), _month_end(year, month)
    if part is None:
        return _Period(start, end, MONTH_PRECISION, name)
    first, last, label = MONTH_PARTS[PART_WORDS[part]]
    return _Period(
        date(year, month, first),
        date(year, month, min(last, end.day)),
        WEEK_PRECISION,
        f"the {PART_NAMES[PART_WORDS[part]]} part ({label}) of {name}",
    )


def _part_of_year(part: str | None, year: int, name: str) -> _Period:
    if part is None:
        return _Period(date(year, 1, 1), date(year, 12, 31), MONTH_PRECISION, name)
    (m1, d1), (m2, d2), label = YEAR_PARTS[PART_WORDS[part]]
    return _Period(
        date(year, m1, d1),
        date(year, m2, d2),
        MONTH_PRECISION,
        f"the {PART_NAMES[PART_WORDS[part]]} part ({label}) of {name}",
    )


def _month_phrase(m: re.Match[str], published: date) -> _Period:
    part = _norm(m.group("part"))
    relative = _norm(m.group("rel"))
    pub = _day_label(published)
    if relative is not None:
        if relative == "last":
            previous = _shift_months(published.replace(day=1), -1)
            name = f"last month (the calendar month before publication, {pub})"
            return _part_of_month(part, previous.year, previous.month, name)
        if relative == "the" and part is None:
            raise _NotADate
        name = f"the month of publication ({pub})"
        return _earlier_than_publication(
            relative, _part_of_month(part, published.year, published.month, name), published
        )
    month = _month_number(m)
    month_name = calendar.month_name[month]
    if m.group("year") is not None:
        year = _year_number(m)
        return _part_of_month(part, year, month, f"the month of {month_name} {year}")
    _check_month_word(m)
    prep = _norm(m.group("prep"))
    if part is None and m.group("last") is None and (prep is None or prep == "on"):
        raise _NotADate  # a bare "March" is as likely a noun or verb as a month
    if m.group("last") is not None:
        year = published.year if month < published.month else published.year - 1
        name = f"{month_name} {year} (the most recent {month_name} before the month of publication, {pub})"
        return _part_of_month(part, year, month, name)
    # The most recent such month (or part of it: "mid-November") that has begun by publication.
    year = published.year if month <= published.month else published.year - 1
    if part is not None and _part_of_month(part, year, month, "").start > published:
        year -= 1
    what = month_name if part is None else f"{PART_WORDS[part]}-{month_name}"
    name = f"{month_name} {year} (no year given: the most recent {what} begun by publication, {pub})"
    return _part_of_month(part, year, month, name)


def _year_phrase(m: re.Match[str], published: date) -> _Period:
    part = _norm(m.group("part"))
    relative = _norm(m.group("rel"))
    pub = _day_label(published)
    if relative is not None:
        if relative == "last":
            year = published.year - 1
            return _part_of_year(
                part, year, f"last year ({year}, the calendar year before publication, {pub})"
            )
        if relative == "the" and part is None:
            raise _NotADate
        period = _part_of_year(part, published.year, f"the year of publication ({published.year})")
        return _earlier_than_publication(relative, period, published)
    year = _year_number(m)
    if part is None and not _is_year_context(m):
        raise _NotADate
    return _part_of_year(part, year, f"the year {year}")


def _is_year_context(m: re.Match[str]) -> bool:
    """Whether the words before (and after) a bare 4-digit number make it a year."""
    prep = _norm(m.group("prep"))
    if prep in STRONG_YEAR_PREPS:
        return _PERCENT_FOLLOWS.match(m.string, m.end()) is None
    if prep in SPAN_END_PREPS:
        return True  # "and 2016" is kept only as the end of "between 2012 and 2016" (see _with_spans)
    if prep in WEAK_YEAR_PREPS:
        return _YEAR_FOLLOWER_OK.match(m.string, m.end()) is not None
    return False


def _weekday_phrase(m: re.Match[str], published: date) -> _Period | None:
    modifier = _norm(m.group("mod")) or ""
    if modifier in ("next", "coming", "this coming"):
        return None
    weekday = WEEKDAYS[_norm(m.group("weekday")) or ""]
    strictly_before = modifier in ("last", "past", "this past")
    day = _most_recent_weekday(weekday, published, strictly_before)
    name = calendar.day_name[weekday]
    when = "before" if strictly_before else "on or before"
    return _Period(
        day, day, DAY_PRECISION, f"the most recent {name} {when} publication ({_day_label(published)})"
    )
