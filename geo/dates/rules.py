"""The rule table: each kind of date phrase as a pattern, the resolver that reads it, its trigger
words and the example phrases the tests and the Sources page use (`phrases`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.dates.absolute import (
    _explicit_with_year,
    _explicit_without_year,
    _iso_date,
    _month_phrase,
    _weekday_phrase,
    _year_phrase,
)
from geo.dates.grammar import (
    _MONTH_WORDS,
    _UNIT_WORDS,
    AGO_QUALIFIER_RE,
    ANY_DIGIT,
    DAY_RE,
    FOUR_DIGITS,
    MONTH_RE,
    NUMBER_RE,
    PART_RE,
    UNIT_RE,
    WEEKDAY_RE,
    YEAR_RE,
    _rule_pattern,
)
from geo.dates.periods import Resolver
from geo.dates.ranges import DAY_PRECISION
from geo.dates.relative import (
    _ago,
    _fixed,
    _future,
    _last_week,
    _last_weekend,
    _past,
    _recent,
    _this_week,
    _this_weekend,
    _week_before_last,
)
from geo.dates.words import WEEKDAYS


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    resolve: Resolver
    examples: tuple[str, ...]
    triggers: frozenset[str]  # every match holds one of these words (or FOUR_DIGITS)
    needs: str | None = None  # the rule is tried only if the text also has this (ANY_DIGIT, FOUR_DIGITS)


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


def phrases() -> list[str]:
    """Example phrases of every rule; with a year they use 1998-1999 so any later publication works."""
    examples = [example for rule in _RULES for example in rule.examples]
    return examples + list(_PREPOSITION_EXAMPLES)
