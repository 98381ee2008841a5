"""Finding date phrases in text: try rules at their trigger words, join "from X to Y" spans, keep
the longest non-overlapping phrases, apply prepositions and clip at publication (`find_dates`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from geo.dates.grammar import _DIGIT, _FLAGS, _WORD, ANY_DIGIT, FOUR_DIGITS, MAX_WORDS_BEFORE_TRIGGER
from geo.dates.periods import _dates_label, _day_label, _iso, _norm, _NotADate, _Period, _precision_of_span
from geo.dates.ranges import DateMention, DateRange
from geo.dates.rules import _RULES, _RULES_BY_TRIGGER, _Rule
from geo.dates.words import (
    OPEN_PREPS,
    SHOWN_PREPS,
    SPAN_END_PREPS,
    SPAN_START_PREPS,
    UNKNOWN_START_PREPS,
    WEEKDAY_SHOWN_PREPS,
)


@dataclass(frozen=True)
class _Candidate:
    start: int  # mention start (includes a shown preposition)
    end: int
    match_start: int  # start of the whole regex match, preposition included
    kind: str
    period: _Period | None  # None: recognised words that point after publication or are invalid
    prep: str | None
    span_only: bool = False  # a bare year after "to"/"and": only a date as the end of a span


_POSSESSIVE = re.compile(r"['’]s\b", _FLAGS)
_SPAN_GAP = re.compile(r"\s*(?P<dash>[-–—])?\s*")


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
