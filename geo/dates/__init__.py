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

from geo.dates.find import find_dates
from geo.dates.grammar import (
    AGO_QUALIFIER_RE,
    ANY_DIGIT,
    DAY_RE,
    END_RE,
    FOUR_DIGITS,
    MAX_WORDS_BEFORE_TRIGGER,
    MONTH_RE,
    NUMBER_RE,
    PART_RE,
    PREP_RE,
    START_RE,
    UNIT_DAYS,
    UNIT_RE,
    WEEK_SLACK_DAYS,
    WEEKDAY_RE,
    YEAR_RE,
)
from geo.dates.periods import Resolver
from geo.dates.ranges import DAY_PRECISION, MONTH_PRECISION, WEEK_PRECISION, DateMention, DateRange
from geo.dates.rules import phrases
from geo.dates.words import (
    AMBIGUOUS_MONTH_WORDS,
    FEW_HIGH,
    FEW_LOW,
    MONTH_PARTS,
    MONTHS,
    OPEN_PREPS,
    PART_NAMES,
    PART_WORDS,
    SHOWN_PREPS,
    SMALL_NUMBERS,
    SPAN_END_PREPS,
    SPAN_START_PREPS,
    STRONG_YEAR_PREPS,
    TENS,
    UNKNOWN_START_PREPS,
    WEAK_YEAR_PREPS,
    WEEKDAY_SHOWN_PREPS,
    WEEKDAYS,
    YEAR_MAX,
    YEAR_MIN,
    YEAR_PARTS,
)

__all__ = [
    "AGO_QUALIFIER_RE",
    "AMBIGUOUS_MONTH_WORDS",
    "ANY_DIGIT",
    "DAY_PRECISION",
    "DAY_RE",
    "END_RE",
    "FEW_HIGH",
    "FEW_LOW",
    "FOUR_DIGITS",
    "MAX_WORDS_BEFORE_TRIGGER",
    "MONTHS",
    "MONTH_PARTS",
    "MONTH_PRECISION",
    "MONTH_RE",
    "NUMBER_RE",
    "OPEN_PREPS",
    "PART_NAMES",
    "PART_RE",
    "PART_WORDS",
    "PREP_RE",
    "SHOWN_PREPS",
    "SMALL_NUMBERS",
    "SPAN_END_PREPS",
    "SPAN_START_PREPS",
    "START_RE",
    "STRONG_YEAR_PREPS",
    "TENS",
    "UNIT_DAYS",
    "UNIT_RE",
    "UNKNOWN_START_PREPS",
    "WEAK_YEAR_PREPS",
    "WEEKDAYS",
    "WEEKDAY_RE",
    "WEEKDAY_SHOWN_PREPS",
    "WEEK_PRECISION",
    "WEEK_SLACK_DAYS",
    "YEAR_MAX",
    "YEAR_MIN",
    "YEAR_PARTS",
    "YEAR_RE",
    "DateMention",
    "DateRange",
    "Resolver",
    "find_dates",
    "phrases",
]
