"""The vocabulary of date words: month and weekday names, number words, the prepositions that
change a range, and the parts of a month or year ("early", "the end of").
"""

from __future__ import annotations

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
