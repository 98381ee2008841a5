"""The natural period a matched phrase names before it is clipped at publication (`_Period`),
the signal that a match is not a date after all (`_NotADate`), and the calendar arithmetic the
resolvers share: counts in words, most recent day or weekday, month ends, labels for a basis.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from geo.dates.ranges import DAY_PRECISION, MONTH_PRECISION, WEEK_PRECISION
from geo.dates.words import (
    AMBIGUOUS_MONTH_WORDS,
    FEW_HIGH,
    FEW_LOW,
    MONTHS,
    SMALL_NUMBERS,
    STRONG_YEAR_PREPS,
    TENS,
    YEAR_MAX,
    YEAR_MIN,
)


class _NotADate(Exception):
    """The pattern matched words that, in this context, are not a date (e.g. "by 2000 fighters")."""


@dataclass(frozen=True)
class _Period:
    start: date
    end: date
    precision: int
    rule: str  # a noun phrase naming the period and how it was read, without the final dates


Resolver = Callable[[re.Match[str], date], _Period | None]


def _norm(words: str | None) -> str | None:
    return None if words is None else " ".join(words.casefold().split())


def _iso(d: date) -> str:
    return d.isoformat()


def _day_label(d: date) -> str:
    return f"{d.strftime('%a')} {d.isoformat()}"


def _dates_label(start: date, end: date) -> str:
    return _iso(start) if start == end else f"{_iso(start)}..{_iso(end)}"


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(d: date, months: int) -> date:
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    return date(year, month0 + 1, min(d.day, calendar.monthrange(year, month0 + 1)[1]))


def _week_start(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _precision_of_span(start: date, end: date) -> int:
    days = (end - start).days
    if days <= 1:
        return DAY_PRECISION
    return WEEK_PRECISION if days <= 10 else MONTH_PRECISION


def _number(words: str) -> tuple[int, int]:
    """(low, high) for a count in digits or words; "a few" and "several" are a range."""
    words = _norm(words) or ""
    if words in ("a few", "few", "several"):
        return FEW_LOW, FEW_HIGH
    if words == "a couple of":
        return 2, 2
    if words.isdigit():
        return int(words), int(words)
    value = sum(TENS.get(part) or SMALL_NUMBERS[part] for part in words.replace("-", " ").split())
    return value, value


def _month_number(m: re.Match[str]) -> int:
    return MONTHS[(_norm(m.group("month")) or "").rstrip(".")]


def _year_number(m: re.Match[str]) -> int:
    year = int(m.group("year"))
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise _NotADate
    return year


def _check_month_word(m: re.Match[str]) -> None:
    """Lower-case "may"/"march" without a year count as a month only after a date preposition."""
    prep = _norm(m.group("prep"))
    if m.group("month") in AMBIGUOUS_MONTH_WORDS and prep not in STRONG_YEAR_PREPS | {"on"}:
        raise _NotADate


def _most_recent_day(month: int, day: int, published: date) -> date:
    """The most recent `month`/`day` on or before publication (Feb 29 looks back to a leap year)."""
    if not 1 <= day <= 31:
        raise _NotADate
    for year in range(published.year, published.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= published:
            return candidate
    raise _NotADate


def _most_recent_weekday(weekday: int, published: date, strictly_before: bool) -> date:
    back = (published.weekday() - weekday) % 7
    if strictly_before and back == 0:
        back = 7
    return published - timedelta(days=back)
