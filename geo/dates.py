"""Date words in a news sentence -> date ranges, resolved against the article's publication date.

Owns the time side of an event record: which words in a sentence say when something happened
("on Sunday", "last week", "Dec. 2, 2024", "since 2020"), the range of days they stand for, its
ACLED time precision (1 = the day, 2 = about a week, 3 = a month or longer) and a `basis` that quotes
the words, names the rule and gives the dates, so a user can check how a date was worked out.

Nothing resolves to a day after publication: a phrase that lies wholly after it is dropped, one that
straddles it is clipped to end on the publication day. Words that point only to the future ("next
week", "tomorrow", "next Sunday") and phrases whose start is unknown ("until 2020", "before March")
are recognised, so that their parts are not read as dates, and then dropped.

All patterns are compiled once at import; `find_dates` tokenises the text once and tries a rule
only just before the words that can trigger it.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

DAY_PRECISION = 1
WEEK_PRECISION = 2
MONTH_PRECISION = 3


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive; always start <= end <= the publication date it was resolved against
    precision: int  # ACLED time_precision: 1 day, 2 about a week, 3 a month or longer
    basis: str  # the words, the rule and the resolved dates, for people

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError(f"DateRange start {self.start} is after its end {self.end}: {self.basis}")
        if self.precision not in (DAY_PRECISION, WEEK_PRECISION, MONTH_PRECISION):
            raise ValueError(f"DateRange precision must be 1, 2 or 3, not {self.precision!r}")


@dataclass(frozen=True)
class DateMention:
    start: int  # character offsets into the text given to find_dates
    end: int
    text: str  # text[start:end]
    kind: str  # explicit, month, year, weekday, relative, ago, since, after, span
    range: DateRange


# ---------------------------------------------------------------------------------------------
# Vocabulary

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
SMALL_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
# "a few days ago" / "the past few days": read as 2 to 6 units, so "the past few days" is the same
# 6 days to publication as "in recent days".
FEW_LOW, FEW_HIGH = 2, 6
YEAR_MIN, YEAR_MAX = 1900, 2100

# Prepositions before a date phrase and what they do to it. Shown ones become part of the mention,
# except before a possessive ("in Sunday's raid": "in" belongs to the raid) and, for weekdays, all
# but WEEKDAY_SHOWN_PREPS ("for Sunday").
SHOWN_PREPS = {"on", "in", "during", "throughout", "over", "within", "at", "for", "by", "since", "after"}
WEEKDAY_SHOWN_PREPS = {"on", "by", "since", "after"}
OPEN_PREPS = {"since", "after"}  # the range runs on to publication
UNKNOWN_START_PREPS = {"before", "until", "till", "prior to"}  # no usable range: recognised, dropped
SPAN_START_PREPS = {"from", "between"}
SPAN_END_PREPS = {"to", "and", "through", "until", "till"}
# A bare 4-digit number is a year only after one of these (or early/mid/late, or a month).
STRONG_YEAR_PREPS = {"in", "during", "throughout", "since", "after", "before", "until", "till", "prior to"}
WEAK_YEAR_PREPS = {"by", "of", "from", "between"}  # "by 2000 fighters": checked against the next word
# Lower-case "may" and "march" are verbs and nouns far more often than months.
AMBIGUOUS_MONTH_WORDS = {"may", "march"}

YEAR_PARTS = {
    "early": ((1, 1), (4, 30), "January-April"),
    "mid": ((5, 1), (8, 31), "May-August"),
    "late": ((9, 1), (12, 31), "September-December"),
}
MONTH_PARTS = {"early": (1, 10, "days 1-10"), "mid": (11, 20, "days 11-20"), "late": (21, 31, "days 21-end")}
PART_NAMES = {"early": "early", "mid": "middle", "late": "late"}
PART_WORDS = {
    "early": "early",
    "mid": "mid",
    "late": "late",
    "the beginning of": "early",
    "the start of": "early",
    "the middle of": "mid",
    "the end of": "late",
    "the close of": "late",
}


class _NotADate(Exception):
    """The pattern matched words that, in this context, are not a date (e.g. "by 2000 fighters")."""


@dataclass(frozen=True)
class _Period:
    start: date
    end: date
    precision: int
    rule: str  # a noun phrase naming the period and how it was read, without the final dates


@dataclass(frozen=True)
class _Candidate:
    start: int  # mention start (includes a shown preposition)
    end: int
    match_start: int  # start of the whole regex match, preposition included
    kind: str
    period: _Period | None  # None: recognised words that point after publication or are invalid
    prep: str | None
    span_only: bool = False  # a bare year after "to"/"and": only a date as the end of a span


Resolver = Callable[[re.Match[str], date], _Period | None]


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    resolve: Resolver
    examples: tuple[str, ...]
    triggers: frozenset[str]  # every match holds one of these words (or FOUR_DIGITS)
    needs: str | None = None  # the rule is tried only if the text also has this (ANY_DIGIT, FOUR_DIGITS)


# ---------------------------------------------------------------------------------------------
# Pattern pieces


def _alternation(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


_FULL_MONTHS = [w for w in MONTHS if len(w) > 3 and w != "sept"] + ["may"]
_ABBR_MONTHS = [w for w in MONTHS if w not in _FULL_MONTHS]
MONTH_RE = rf"(?P<month>(?:{_alternation(_FULL_MONTHS)})\b|(?:{_alternation(_ABBR_MONTHS)})\b\.?)"
WEEKDAY_RE = rf"(?P<weekday>{_alternation(list(WEEKDAYS))})\b"
DAY_RE = r"(?<![0-9][.,])(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?\b"
YEAR_RE = r"(?P<year>[0-9]{4})(?![0-9]|[.,:\-–][0-9])"
_DIGIT_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
NUMBER_RE = (
    rf"(?:[0-9]{{1,4}}|a\s+couple\s+of|a\s+few|few|several|"
    rf"(?:{_alternation(list(TENS))})(?:[-\s](?:{_alternation(_DIGIT_WORDS)}))?|"
    rf"{_alternation(list(SMALL_NUMBERS))})"
)
UNIT_RE = r"(?P<unit>hour|day|week|month|year|decade)s?"
# Words before "N units ago" that widen or move it ("a little more than a week ago").
AGO_QUALIFIER_RE = (
    r"(?:(?P<q>(?:a\s+little|a\s+bit|just|slightly)\s+(?:more|over|less|under)(?:\s+than)?"
    r"|(?:more|less)\s+than|over|under|nearly|almost|about|around|roughly|some)\s+)?"
)
UNIT_DAYS = {"day": 1, "week": 7}
WEEK_SLACK_DAYS = 2  # "a week ago": 5 to 9 days back
PART_RE = rf"(?:(?P<part>{_alternation(list(PART_WORDS))})(?:\s*-\s*|\s+))"
_ALL_PREPS = list(SHOWN_PREPS | UNKNOWN_START_PREPS | SPAN_START_PREPS | SPAN_END_PREPS | {"of"})
PREP_RE = rf"(?:(?P<prep>{_alternation(_ALL_PREPS)})\s+)?"
START_RE = r"(?<!\w)"
END_RE = r"(?!\w)"

_FLAGS = re.IGNORECASE


def _rule_pattern(body: str) -> re.Pattern[str]:
    return re.compile(f"{START_RE}{PREP_RE}(?P<body>{body}){END_RE}", _FLAGS)


# Every rule match contains one of the rule's trigger words (casefolded \w+ tokens; FOUR_DIGITS
# stands for any 4-digit number) and starts at most MAX_WORDS_BEFORE_TRIGGER words before it ("since
# the start of the year": 5). Rules are tried only at those word starts instead of being scanned over
# the whole text, so text without date words costs one tokenising pass. `needs` is checked against
# the whole text (ANY_DIGIT: it has a digit).
MAX_WORDS_BEFORE_TRIGGER = 6
_WORD = re.compile(r"\w+")
_DIGIT = re.compile(r"[0-9]")
ANY_DIGIT = "0-9"
FOUR_DIGITS = "0000-9999"
_MONTH_WORDS = frozenset(MONTHS)
_UNIT_WORDS = frozenset(
    f"{unit}{plural}" for unit in ("hour", "day", "week", "month", "year", "decade") for plural in ("", "s")
)


# After a bare year with a weak preposition ("by 2016", "of 2016"): what may come next for it to
# count as a year rather than a count ("by 2000 fighters").
_YEAR_FOLLOWER_OK = re.compile(
    r"\s*(?:$|[,.;:!?)\]\"'’”]|(?:and|or|when|while|as|after|before|until|but|the|a|an|with|amid|alone"
    r"|onward|onwards|that|which|in|on|at|during)\b"
    r"|(?:to|and|until|till|through)\s+(?:19|20)[0-9]{2}\b|[-–]\s*(?:19|20)[0-9]{2}\b)"
)
_PERCENT_FOLLOWS = re.compile(r"\s*(?:%|percent\b|per\s+cent\b)", _FLAGS)


# ---------------------------------------------------------------------------------------------
# Small date helpers


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


# ---------------------------------------------------------------------------------------------
# Resolvers: match -> the natural period the words name (before clipping at publication)


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


# ---------------------------------------------------------------------------------------------
# Rules

_WEEKDAY_PREFIX = rf"(?:{WEEKDAY_RE}\s*,?\s+)?"
_PAST_WORDS = r"(?:the|this)\s+(?:past|last)"

_RULES: tuple[_Rule, ...] = (
    _Rule(
        "explicit",
        _rule_pattern(rf"{_WEEKDAY_PREFIX}{MONTH_RE}\s*{DAY_RE}(?:\s*,\s*|\s+){YEAR_RE}"),
        _explicit_with_year,
        ("Dec. 2, 1999", "December 2nd, 1999", "Thursday, Dec. 2, 1999", "Sept 30 1999"),
        _MONTH_WORDS,
        needs=FOUR_DIGITS,
    ),
    _Rule(
        "explicit",
        _rule_pattern(rf"{_WEEKDAY_PREFIX}(?:the\s+)?{DAY_RE}(?:\s+of)?\s+{MONTH_RE}\s*,?\s+{YEAR_RE}"),
        _explicit_with_year,
        ("2 December 1999", "2nd of December 1999", "the 2nd of December, 1999"),
        _MONTH_WORDS,
        needs=FOUR_DIGITS,
    ),
    _Rule(
        "explicit",
        _rule_pattern(r"(?<![0-9-])(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})(?![0-9]|-[0-9])"),
        _iso_date,
        ("1999-12-02",),
        frozenset({FOUR_DIGITS}),
    ),
    _Rule(
        "explicit",
        _rule_pattern(rf"{_WEEKDAY_PREFIX}{MONTH_RE}\s*{DAY_RE}(?![,.:]?[0-9])"),
        _explicit_without_year,
        ("on November 27", "Dec 2", "Dec. 2nd", "Sunday, Dec. 1"),
        _MONTH_WORDS,
        needs=ANY_DIGIT,
    ),
    _Rule(
        "explicit",
        _rule_pattern(rf"{_WEEKDAY_PREFIX}(?:the\s+)?{DAY_RE}(?:\s+of)?\s+{MONTH_RE}"),
        _explicit_without_year,
        ("27 November", "the 2nd of December", "on 27th November"),
        _MONTH_WORDS,
        needs=ANY_DIGIT,
    ),
    _Rule(
        "month",
        _rule_pattern(
            rf"{PART_RE}?(?:(?P<rel>last|this|earlier\s+this|the)\s+month"
            # Not before a day number: "late Feb. 8" is a day (the explicit rules), not late February.
            rf"|(?P<last>last\s+)?{MONTH_RE}(?:\s*,?\s+(?:of\s+)?{YEAR_RE}|(?![.\s]*[0-9])))"
        ),
        _month_phrase,
        (
            "in November",
            "in March 1999",
            "March 1999",
            "Nov. 1999",
            "last month",
            "earlier this month",
            "this month",
            "in early November",
            "mid-November",
            "late last month",
            "the end of March 1999",
            "last November",
            "during May",
        ),
        _MONTH_WORDS | {"month"},
    ),
    _Rule(
        "year",
        _rule_pattern(rf"{PART_RE}?(?:(?P<rel>last|this|earlier\s+this|the)\s+year|{YEAR_RE})"),
        _year_phrase,
        (
            "in 1999",
            "during 1999",
            "last year",
            "earlier this year",
            "this year",
            "in early 1999",
            "mid-1999",
            "the end of 1999",
            "the start of the year",
        ),
        frozenset({FOUR_DIGITS, "year"}),
    ),
    _Rule(
        "weekday",
        _rule_pattern(
            r"(?:(?P<mod>last|this\s+past|past|this\s+coming|coming|next|this|early|late|earlier|later)"
            rf"\s+(?:on\s+)?)?{WEEKDAY_RE}(?:\s+(?:morning|afternoon|evening|night))?"
        ),
        _weekday_phrase,
        ("on Sunday", "Sunday", "last Sunday", "on Sunday night", "Friday morning", "late on Tuesday"),
        frozenset(WEEKDAYS),
    ),
    _Rule(
        "relative",
        _rule_pattern(r"(?:(?:earlier|later)\s+)?today|this\s+(?:morning|afternoon|evening)|tonight"),
        _fixed(0, 0, DAY_PRECISION, "the day of publication"),
        ("today", "earlier today", "this morning", "this afternoon", "this evening", "tonight"),
        frozenset({"today", "tonight", "morning", "afternoon", "evening"}),
    ),
    _Rule(
        "relative",
        _rule_pattern(r"(?:(?:early|late)\s+)?yesterday(?:\s+(?:morning|afternoon|evening|night))?"),
        _fixed(1, 1, DAY_PRECISION, "the day before publication"),
        ("yesterday", "yesterday morning", "late yesterday"),
        frozenset({"yesterday"}),
    ),
    _Rule(
        "relative",
        _rule_pattern(r"the\s+day\s+before\s+yesterday"),
        _fixed(2, 2, DAY_PRECISION, "two days before publication"),
        ("the day before yesterday",),
        frozenset({"yesterday"}),
    ),
    _Rule(
        "relative",
        _rule_pattern(r"overnight|(?:late\s+)?last\s+night"),
        _fixed(
            1, 0, DAY_PRECISION, "the night before publication, spanning the day before and the day of it"
        ),
        ("overnight", "last night", "late last night"),
        frozenset({"overnight", "night"}),
    ),
    _Rule(
        "relative",
        _rule_pattern(r"(?:(?P<wpart>early|late)\s+)?last\s+week"),
        _last_week,
        ("last week", "early last week", "late last week"),
        frozenset({"week"}),
    ),
    _Rule(
        "relative",
        _rule_pattern(r"the\s+week\s+before\s+last"),
        _week_before_last,
        ("the week before last",),
        frozenset({"week"}),
    ),
    _Rule(
        "relative",
        _rule_pattern(r"(?:earlier\s+)?this\s+week"),
        _this_week,
        ("this week", "earlier this week"),
        frozenset({"week"}),
    ),
    _Rule(
        "relative",
        _rule_pattern(r"last\s+weekend"),
        _last_weekend,
        ("last weekend",),
        frozenset({"weekend"}),
    ),
    _Rule(
        "relative",
        _rule_pattern(r"(?:this\s+past|the\s+past|this|the)\s+weekend"),
        _this_weekend,
        ("over the weekend", "this past weekend", "this weekend", "at the weekend"),
        frozenset({"weekend"}),
    ),
    _Rule(
        "relative",
        _rule_pattern(r"recent\s+(?P<unit>day|week|month)s|recently"),
        _recent,
        ("in recent days", "in recent weeks", "in recent months", "recently"),
        frozenset({"recent", "recently"}),
    ),
    _Rule(
        "relative",
        _rule_pattern(rf"{_PAST_WORDS}\s+(?:(?P<n>{NUMBER_RE})\s+)?{UNIT_RE}(?!\w)(?!\s+of\b)"),
        _past,
        (
            "in the past few days",
            "in the last few days",
            "over the past week",
            "in the past week",
            "this past week",
            "in the past 24 hours",
            "in the past 48 hours",
            "in the past two weeks",
            "in the past month",
            "over the last three months",
            "in the past year",
        ),
        _UNIT_WORDS,
    ),
    _Rule(
        "ago",
        _rule_pattern(rf"{AGO_QUALIFIER_RE}(?P<n>{NUMBER_RE})\s+{UNIT_RE}\s+ago"),
        _ago,
        (
            "three days ago",
            "3 days ago",
            "a few days ago",
            "a week ago",
            "two weeks ago",
            "a month ago",
            "six months ago",
            "a year ago",
            "two years ago",
            "twenty-one years ago",
            "a decade ago",
            "24 hours ago",
            "a little more than a week ago",
            "more than two weeks ago",
            "nearly a week ago",
        ),
        frozenset({"ago"}),
    ),
    _Rule(
        "future",
        _rule_pattern(
            r"tomorrow|the\s+day\s+after\s+tomorrow|next\s+(?:week|weekend|month|year)"
            r"|later\s+this\s+(?:week|month|year)"
            rf"|the\s+(?:coming|next)\s+(?:{NUMBER_RE}\s+)?(?:hour|day|week|month|year)s"
        ),
        _future,
        (),
        frozenset({"tomorrow", "next", "later", "coming"}),
    ),
)

# Examples of the prepositions that change a range, on top of each rule's own examples.
_PREPOSITION_EXAMPLES = (
    "since 1999",
    "since March 1999",
    "since November",
    "since Sunday",
    "since last week",
    "since yesterday",
    "since Dec. 2, 1999",
    "after 1999",
    "between 1998 and 1999",
    "from March 1998 to May 1999",
    "from 1998 until 1999",
)

_RULES_BY_TRIGGER: dict[str, tuple[int, ...]] = {
    word: tuple(i for i, rule in enumerate(_RULES) if word in rule.triggers)
    for word in set().union(*(rule.triggers for rule in _RULES))
}
_POSSESSIVE = re.compile(r"['’]s\b", _FLAGS)
_SPAN_GAP = re.compile(r"\s*(?P<dash>[-–—])?\s*")


# ---------------------------------------------------------------------------------------------
# Finding


def _candidates(text: str, published: date) -> list[_Candidate]:
    tokens = [(m.start(), m.group().casefold()) for m in _WORD.finditer(text)]
    present = {ANY_DIGIT} if _DIGIT.search(text) is not None else set()
    triggered: list[tuple[int, int]] = []  # (token index, rule index)
    for index, (_, word) in enumerate(tokens):
        if len(word) == 4 and word.isdigit():
            word = FOUR_DIGITS
            present.add(FOUR_DIGITS)
        triggered.extend((index, rule_index) for rule_index in _RULES_BY_TRIGGER.get(word, ()))
    found: list[_Candidate] = []
    seen: set[tuple[int, int, int]] = set()
    for index, rule_index in triggered:
        rule = _RULES[rule_index]
        if rule.needs is not None and rule.needs not in present:
            continue
        trigger_start = tokens[index][0]
        # The leftmost start that matches wins, as a left-to-right scan would have it.
        for start_index in range(max(0, index - MAX_WORDS_BEFORE_TRIGGER), index + 1):
            m = rule.pattern.match(text, tokens[start_index][0])
            if m is None or m.end() <= trigger_start:
                continue
            key = (rule_index, m.start(), m.end())
            if key in seen:
                break
            seen.add(key)
            candidate = _candidate(rule, m, published)
            if candidate is not None:
                found.append(candidate)
                break
    return _with_spans(text, found)


def _candidate(rule: _Rule, m: re.Match[str], published: date) -> _Candidate | None:
    try:
        period = rule.resolve(m, published)
    except _NotADate:
        return None
    except (ValueError, OverflowError):
        period = None  # an impossible calendar date, or arithmetic off the calendar
    prep = _norm(m.group("prep"))
    start = m.start() if _shows_preposition(rule.kind, prep, m) else m.start("body")
    is_bare_year = rule.kind == "year" and m.group("year") is not None and m.group("part") is None
    span_only = is_bare_year and prep in {"to", "and", "through"}
    return _Candidate(start, m.end(), m.start(), rule.kind, period, prep, span_only)


def _shows_preposition(kind: str, prep: str | None, m: re.Match[str]) -> bool:
    if prep in OPEN_PREPS:
        return True
    if prep not in SHOWN_PREPS or _POSSESSIVE.match(m.string, m.end()):
        return False
    return kind != "weekday" or prep in WEEKDAY_SHOWN_PREPS


def _with_spans(text: str, found: list[_Candidate]) -> list[_Candidate]:
    """Join "from X to Y" / "between X and Y" into one span; drop span ends left on their own."""
    by_match_start: dict[int, list[_Candidate]] = {}
    for c in found:
        by_match_start.setdefault(c.match_start, []).append(c)
    spans: list[_Candidate] = []
    for first in found:
        if first.prep not in SPAN_START_PREPS or first.period is None:
            continue
        gap = _SPAN_GAP.match(text, first.end)
        assert gap is not None  # the gap pattern matches the empty string
        for second in by_match_start.get(gap.end(), []):
            joined = second.prep in SPAN_END_PREPS or (gap.group("dash") and second.prep is None)
            if not joined or second.period is None or second.period.end < first.period.start:
                continue
            a, b = first.period, second.period
            rule = f"a span from the start of {a.rule} to the end of {b.rule}"
            precision = max(a.precision, b.precision, _precision_of_span(a.start, b.end))
            spans.append(
                _Candidate(
                    first.match_start,
                    second.end,
                    first.match_start,
                    "span",
                    _Period(a.start, b.end, precision, rule),
                    None,
                )
            )
    return [c for c in found if not c.span_only] + spans


def _longest_first(candidates: list[_Candidate]) -> list[_Candidate]:
    chosen: list[_Candidate] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(c.end <= other.start or c.start >= other.end for other in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _date_range(words: str, c: _Candidate, published: date) -> tuple[str, DateRange] | None:
    """Apply the preposition, drop what lies after publication, clip what straddles it."""
    period = c.period
    if period is None or c.prep in UNKNOWN_START_PREPS:
        return None
    pub = _day_label(published)
    kind = c.kind
    if c.prep in OPEN_PREPS:
        start = period.start if c.prep == "since" else period.end + timedelta(days=1)
        if start > published:
            return None
        edge = "start" if c.prep == "since" else "day after the end"
        rule = f"open range from the {edge} of {period.rule} to publication ({pub})"
        precision = max(period.precision, _precision_of_span(start, published))
        basis = f'"{words}": {rule} -> {_dates_label(start, published)}'
        return c.prep, DateRange(start, published, precision, basis)
    if period.start > published:
        return None
    end = min(period.end, published)
    basis = f'"{words}": {period.rule} -> {_dates_label(period.start, end)}'
    if period.end > published:
        basis += f" (the period runs to {_iso(period.end)}, clipped at publication {pub})"
    return kind, DateRange(period.start, end, period.precision, basis)


def find_dates(text: str, published: date) -> list[DateMention]:
    """Every date phrase in `text`, in text order, non-overlapping (the longest phrase wins)."""
    mentions: list[DateMention] = []
    for c in _longest_first(_candidates(text, published)):
        mention_text = text[c.start : c.end]
        resolved = _date_range(" ".join(mention_text.split()), c, published)
        if resolved is not None:
            kind, date_range = resolved
            mentions.append(DateMention(c.start, c.end, mention_text, kind, date_range))
    return mentions


def phrases() -> list[str]:
    """Example phrases of every rule; with a year they use 1998-1999 so any later publication works."""
    examples = [example for rule in _RULES for example in rule.examples]
    return examples + list(_PREPOSITION_EXAMPLES)
