"""Resolvers for phrases measured back from publication: "yesterday", "last week", "this
weekend", "recently", "the past three days", "two weeks ago" (with qualifiers such as "a little
more than"), and words that point only to the future, which are recognised and dropped.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from geo.dates.grammar import UNIT_DAYS, WEEK_SLACK_DAYS
from geo.dates.periods import (
    Resolver,
    _day_label,
    _month_end,
    _most_recent_weekday,
    _norm,
    _NotADate,
    _number,
    _Period,
    _precision_of_span,
    _shift_months,
    _week_start,
)
from geo.dates.ranges import MONTH_PRECISION, WEEK_PRECISION
from geo.dates.words import FEW_HIGH


def _fixed(days_back_start: int, days_back_end: int, precision: int, rule: str) -> Resolver:
    def resolve(m: re.Match[str], published: date) -> _Period:
        return _Period(
            published - timedelta(days=days_back_start),
            published - timedelta(days=days_back_end),
            precision,
            f"{rule} ({_day_label(published)})",
        )

    return resolve


def _last_week(m: re.Match[str], published: date) -> _Period:
    monday = _week_start(published) - timedelta(days=7)
    where = f"the Monday-Sunday calendar week before publication ({_day_label(published)})"
    part = _norm(m.group("wpart"))
    if part == "early":
        return _Period(monday, monday + timedelta(days=2), WEEK_PRECISION, f"Monday-Wednesday of {where}")
    if part == "late":
        end = monday + timedelta(days=6)
        return _Period(monday + timedelta(days=3), end, WEEK_PRECISION, f"Thursday-Sunday of {where}")
    return _Period(monday, monday + timedelta(days=6), WEEK_PRECISION, where)


def _week_before_last(m: re.Match[str], published: date) -> _Period:
    monday = _week_start(published) - timedelta(days=14)
    rule = f"the Monday-Sunday calendar week two weeks before publication ({_day_label(published)})"
    return _Period(monday, monday + timedelta(days=6), WEEK_PRECISION, rule)


def _this_week(m: re.Match[str], published: date) -> _Period:
    rule = f"the calendar week of publication, from its Monday ({_day_label(published)})"
    period = _Period(_week_start(published), published, WEEK_PRECISION, rule)
    earlier = "earlier this" if (_norm(m.group("body")) or "").startswith("earlier") else None
    return _earlier_than_publication(earlier, period, published)


def _earlier_than_publication(relative: str | None, period: _Period, published: date) -> _Period:
    """ "earlier this month/week/year": the period up to the day before publication, since a report
    says "earlier" of what did not happen on its own day; kept whole when that leaves nothing."""
    day_before = published - timedelta(days=1)
    if relative != "earlier this" or period.start > day_before:
        return period
    rule = f"{period.rule}, before the day of publication"
    return _Period(period.start, min(period.end, day_before), period.precision, rule)


def _last_weekend(m: re.Match[str], published: date) -> _Period:
    sunday = _most_recent_weekday(6, published, strictly_before=True)
    rule = (
        f"the Saturday-Sunday ending on the most recent Sunday before publication ({_day_label(published)})"
    )
    return _Period(sunday - timedelta(days=1), sunday, WEEK_PRECISION, rule)


def _this_weekend(m: re.Match[str], published: date) -> _Period:
    saturday = _most_recent_weekday(5, published, strictly_before=False)
    pub = _day_label(published)
    rule = f"the Saturday-Sunday starting on the most recent Saturday on or before publication ({pub})"
    return _Period(saturday, saturday + timedelta(days=1), WEEK_PRECISION, rule)


def _recent(m: re.Match[str], published: date) -> _Period:
    unit = _norm(m.group("unit")) or "day"
    pub = _day_label(published)
    if unit == "month":
        start = _shift_months(published, -3)
        return _Period(
            start, published, MONTH_PRECISION, f"recent months, read as the 3 months to publication ({pub})"
        )
    if unit == "week":
        start = published - timedelta(weeks=FEW_HIGH)
        rule = f"recent weeks, read as the {FEW_HIGH} weeks to publication ({pub})"
        return _Period(start, published, MONTH_PRECISION, rule)
    rule = f"recent days, read as the {FEW_HIGH} days to publication ({pub})"
    return _Period(published - timedelta(days=FEW_HIGH), published, WEEK_PRECISION, rule)


def _back(published: date, count: int, unit: str) -> date:
    if unit == "hour":
        return published - timedelta(days=-(-count // 24))
    if unit == "day":
        return published - timedelta(days=count)
    if unit == "week":
        return published - timedelta(weeks=count)
    if unit == "month":
        return _shift_months(published, -count)
    years = count * (10 if unit == "decade" else 1)
    return _shift_months(published, -12 * years)


def _count_words(low: int, high: int, unit: str) -> str:
    if low == high:
        return f"{low} {unit}" + ("" if low == 1 else "s")
    return f"{low} to {high} {unit}s (a few or several, read as {low} to {high})"


def _past(m: re.Match[str], published: date) -> _Period:
    unit = _norm(m.group("unit")) or ""
    words = m.group("n")
    if words is None and unit in ("hour", "day"):
        raise _NotADate  # "the last day" is mostly "the last day of ..." or "their last day"
    low, count = _number(words) if words is not None else (1, 1)
    start = _back(published, count, unit)
    counted = (
        _count_words(count, count, unit)
        if low == count
        else f"{count} {unit}s (a few, read as up to {count})"
    )
    rule = f"the past {counted} up to publication ({_day_label(published)})"
    return _Period(start, published, _precision_of_span(start, published), rule)


def _ago(m: re.Match[str], published: date) -> _Period:
    unit = _norm(m.group("unit")) or ""
    low, high = _number(m.group("n"))
    before = f"{_count_words(low, high, unit)} before publication ({_day_label(published)})"
    qualifier = _norm(m.group("q"))
    if qualifier is not None and unit in UNIT_DAYS and low == high:
        return _qualified_ago(qualifier, low * UNIT_DAYS[unit], before, published)
    if unit == "hour":
        start, end = _back(published, high, "hour"), published - timedelta(days=low // 24)
        return _Period(start, end, _precision_of_span(start, end), f"{before}, hour unknown")
    if unit == "day":
        start, end = published - timedelta(days=high), published - timedelta(days=low)
        return _Period(start, end, _precision_of_span(start, end), before)
    if unit == "week":
        start = published - timedelta(weeks=high, days=WEEK_SLACK_DAYS)
        end = published - timedelta(weeks=low) + timedelta(days=WEEK_SLACK_DAYS)
        precision = max(WEEK_PRECISION, _precision_of_span(start, end))
        return _Period(start, end, precision, f"{before}, give or take {WEEK_SLACK_DAYS} days")
    if unit == "month":
        first, last = _shift_months(published, -high), _shift_months(published, -low)
        start, end = first.replace(day=1), _month_end(last.year, last.month)
        months = "month" if low == high else "months"
        return _Period(start, end, MONTH_PRECISION, f"the calendar {months} {before}")
    years_low, years_high = (low * 10, high * 10) if unit == "decade" else (low, high)
    start = _shift_months(published, -12 * years_high) - timedelta(days=182)
    end = _shift_months(published, -12 * years_low) + timedelta(days=182)
    return _Period(start, end, MONTH_PRECISION, f"{before}, give or take half a year")


def _qualified_ago(qualifier: str, days: int, before: str, published: date) -> _Period:
    """ "a little more than a week ago", "more than 3 days ago", "nearly a week ago": days back."""
    words = qualifier.split()
    if words[0] in ("nearly", "almost", "less", "under") or "less" in words:
        low, high, how = max(1, days - max(1, days // 2)), max(1, days - 1), "a little under"
    elif len(words) > 1 and words[0] in ("a", "just", "slightly"):
        low, high, how = days + 1, days + max(1, days // 2), "a little over"
    elif "more" in words or "over" in words:
        low, high, how = days + 1, 2 * days, "more than (up to twice)"
    else:  # about, around, roughly, some
        slack = max(1, days // 4)
        low, high, how = max(0, days - slack), days + slack, "about"
    start, end = published - timedelta(days=high), published - timedelta(days=low)
    rule = f'"{qualifier}" {before}: {how} {days} days, read as {low} to {high} days back'
    return _Period(start, end, _precision_of_span(start, end), rule)


def _future(m: re.Match[str], published: date) -> None:
    return None
