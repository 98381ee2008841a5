"""Regular-expression pieces the date rules are built from (month, day, year, counts, units,
prepositions), the trigger words that let `find_dates` try a rule only where it can match, and
the checks that tell a bare year from a count ("by 2000 fighters").
"""

from __future__ import annotations

import re

from geo.dates.words import (
    MONTHS,
    PART_WORDS,
    SHOWN_PREPS,
    SMALL_NUMBERS,
    SPAN_END_PREPS,
    SPAN_START_PREPS,
    TENS,
    UNKNOWN_START_PREPS,
    WEEKDAYS,
)


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
