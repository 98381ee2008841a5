"""Dates of happenings: which date words in a sentence date which happening, and what an undated
happening takes from the article around it.

`geo.dates` reads date words against the publication day alone. This module owns what needs the
rest of the article, as a reporter writes it:

- **Anchored nights.** "overnight on Sunday" is the night after that Sunday (or, in a report of
  that very day, the night before it); "overnight ..., the monitor said Friday" is the night before
  the day it was said.
- **Words relative to another happening** ("three days after rebels left X", "a week later",
  "shortly after", a sentence-opening "Earlier", "has since withdrawn"): moved from the date of the
  happening they refer to, the sentence's own date or else the article's date context.
- **Date context.** A reporter dates a happening once and then tells the rest of it undated: an
  undated past happening takes the date of the latest dated sentence shortly before it, else the
  date of the lede (the story's day), else the publication day. Present and present-perfect
  reports ("have captured") take the publication day; a happening that refers to the article's
  offensive without a date of its own, or that is told as background ("after rebels captured X"),
  runs from the offensive's start to the day before publication.
- **Photo captions** keep their own dates but do not set the context of the text around them.

Every range carries a `basis` naming the rule and quoting the words it used.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from geo.dates import DAY_PRECISION, SMALL_NUMBERS, WEEK_PRECISION, DateMention, DateRange, find_dates

# How many earlier (non-caption) sentences of other paragraphs a date context reaches over ...
CONTEXT_SENTENCES = 3
# ... and over this many earlier sentences of its own paragraph.
PARAGRAPH_SENTENCES = 5
# A caption line holds at most this many sentences ("... June 7, 2013. REUTERS/Name"); a bare
# credit at most this many words.
CAPTION_SENTENCES = 3
CREDIT_WORDS = 6
# The lede: the story's day is the first day date among this many body sentences ...
STORY_SENTENCES = 3
# ... that lies this close before publication (a wire story is often stamped a day or two later).
STORY_MAX_DAYS_BEFORE = 3
# How far after "N days after" the happening it dates may start.
CLAUSE_REACH = 60
# How far after its happening "two days later" may stand ("it fell two days later").
ADVERB_REACH = 40
# What a clause break between date words and a trigger weighs, in characters.
CLAUSE_BREAK = 30
# A week-precision context ("last week") may date later sentences; older or wider ones may not.
CONTEXT_MAX_DAYS_BEFORE = 31


class TriggerLike(Protocol):
    event_type: str
    start: int  # offsets into the sentence
    end: int
    text: str


class SentenceSpan(Protocol):
    start: int  # offsets into the article text
    end: int
    text: str


# ---------------------------------------------------------------------------------------------
# Words relative to another happening


@dataclass(frozen=True)
class Shift:
    start: int  # offsets into the sentence
    end: int
    text: str
    low: int  # days added to the anchor
    high: int
    # "clause": "N days after|before Y" moves Y; "adverb": moves the sentence; "since": "has since
    # withdrawn" runs from the sentence's date; "since then": from the sentence before's date.
    form: str


_UNIT_DAYS = {"day": 1, "week": 7}
_SHIFT_WORDS = re.compile(r"\b(?:after|before|later|earlier|since|next|following|previous|preceding)\b", re.I)
_COUNTED = re.compile(
    r"\b(?:(?:just|only|barely|some|about|around)\s+)?(?P<n>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"\s+(?P<unit>day|week)s?\s+(?P<dir>after|before|later|earlier)\b",
    re.I,
)
_FEW_DAYS = re.compile(r"\b(?:(?:a\s+)?few|several|some)?\s*\bdays\s+(?P<dir>later|earlier)\b", re.I)
FEW_DAYS = (2, 6)  # "days later", "a few days later": 2 to 6 days
_SHORTLY = re.compile(r"\b(?:shortly|soon|immediately)\s+(?:after(?:wards?)?|thereafter)\b", re.I)
_NEXT_DAY = re.compile(
    r"\b(?:the\s+(?P<fwd>next|following)\s+day|the\s+(?:previous|preceding)\s+day|the\s+day\s+before)\b"
    r"(?!\s+yesterday)",
    re.I,
)
_OPENING_EARLIER = re.compile(r"^\W*earlier(?P<same_day>\s+in\s+the\s+day|\s+today)?(?:\s+on)?\s*,", re.I)
_HAS_SINCE = re.compile(r"\b(?:has|have|had)\s+since\b", re.I)
_SINCE_THEN = re.compile(r"\b(?:ever\s+)?since\s+(?:then|that\s+time|that\s+day)\b", re.I)


def find_shifts(sentence: str) -> tuple[Shift, ...]:
    """Words in one sentence that date a happening relative to another one."""
    if _SHIFT_WORDS.search(sentence) is None:
        return ()
    return _find_shifts(sentence)


@lru_cache(maxsize=256)  # each happening of a sentence asks again
def _find_shifts(sentence: str) -> tuple[Shift, ...]:
    shifts: list[Shift] = []
    for m in _COUNTED.finditer(sentence):
        n = m.group("n").lower()
        days = (int(n) if n.isdigit() else SMALL_NUMBERS[n]) * _UNIT_DAYS[m.group("unit").lower()]
        slack = 1 if m.group("unit").lower() == "week" else 0  # "a week later": give or take a day
        direction = m.group("dir").lower()
        sign = 1 if direction in ("after", "later") else -1
        low, high = sorted((sign * (days - slack), sign * (days + slack)))
        if direction in ("after", "before"):
            # "Y came three days after X": X is three days before the anchor (Y's date).
            shifts.append(Shift(m.start(), m.end(), m.group(), -high, -low, "clause"))
        else:
            shifts.append(Shift(m.start(), m.end(), m.group(), low, high, "adverb"))
    for m in _FEW_DAYS.finditer(sentence):
        if any(sh.start < m.end() and m.start() < sh.end for sh in shifts):
            continue  # "two days later" is counted above
        low, high = FEW_DAYS if m.group("dir").lower() == "later" else (-FEW_DAYS[1], -FEW_DAYS[0])
        shifts.append(Shift(m.start(), m.end(), m.group().strip(), low, high, "adverb"))
    for m in _SHORTLY.finditer(sentence):
        shifts.append(Shift(m.start(), m.end(), m.group(), 0, 1, "adverb"))
    for m in _NEXT_DAY.finditer(sentence):
        step = 1 if m.group("fwd") else -1
        shifts.append(Shift(m.start(), m.end(), m.group(), step, step, "adverb"))
    opening = _OPENING_EARLIER.match(sentence)
    if opening is not None:
        # "Earlier," before a dated happening: that night or that day; "earlier in the day": that day.
        low = 0 if opening.group("same_day") else -1
        words = opening.group().strip(" ,")
        shifts.append(Shift(opening.start(), opening.end(), words, low, 0, "adverb"))
    for m in _HAS_SINCE.finditer(sentence):
        shifts.append(Shift(m.start(), m.end(), m.group(), 0, 0, "since"))
    for m in _SINCE_THEN.finditer(sentence):
        shifts.append(Shift(m.start(), m.end(), m.group(), 0, 0, "since then"))
    return tuple(sorted(shifts, key=lambda s: s.start))


# ---------------------------------------------------------------------------------------------
# Photo captions

_CAPTION = re.compile(
    # "(AP Photo/...)", "REUTERS/Name", "AFP PHOTO": a credit, not a dateline's "(Reuters)".
    r"\((?:AP|AFP|Reuters|EPA|Getty|Anadolu)\s*(?:Photo|/)[^)]{0,40}\)|\b(?:AFP|AP|EPA)\s+PHOTOS?\b|\bREUTERS/|"
    r"\bAFP\s+Photo\b|\bPhoto(?:graph)?\s*:|\bCredit\s*:|\b(?:file|handout)\s+(?:picture|photo|image)\b|"
    r"\bimage\s+grab\b|\b(?:picture|photo|image)\s+(?:taken|posted|released)\b",
    re.I,
)


# Every caption pattern holds one of these (lower-cased); most lines hold none and skip the regex.
_CAPTION_HINTS = ("photo", "reuters/", "credit", "picture", "image")


def is_caption(line: str) -> bool:
    """Whether a line reads as a photo caption (a credit, "file picture", "image grab" ...)."""
    lowered = line.lower()
    return any(h in lowered for h in _CAPTION_HINTS) and _CAPTION.search(line) is not None


# ---------------------------------------------------------------------------------------------
# Nights


_NIGHT = re.compile(r"\b(?:overnight|last\s+night)\b", re.I)
_ADJACENT_GAP = re.compile(r"^[\s,(]*(?:on\s+|into\s+|to\s+)?$", re.I)


def _is_night(m: DateMention) -> bool:
    return m.kind == "relative" and _NIGHT.search(m.text) is not None


def _is_day(m: DateMention) -> bool:
    return m.range.precision == DAY_PRECISION and m.range.start == m.range.end and not _is_night(m)


def _night_of(
    night: DateMention, mentions: Sequence[DateMention], sentence: str, published: date
) -> DateRange | None:
    """ "overnight" with a day named in its sentence: the night after that day when the day is named
    next to it ("overnight on Sunday"), unless that day is the day of publication; the night before
    the day when the day is elsewhere ("captured overnight, the monitor said Friday")."""
    days = [m for m in mentions if _is_day(m)]
    if not days:
        return None
    adjacent = [m for m in days if _adjacent(night, m, sentence)]
    day = (adjacent or days)[0]
    d = day.range.start
    if adjacent and d < published:
        start, end, how = d, d + timedelta(days=1), f"the night after {d.isoformat()}, named next to it"
    else:
        start, end, how = d - timedelta(days=1), d, f"the night before {d.isoformat()}"
    basis = f'"{night.text}" with "{day.text}": {how} -> {start.isoformat()}..{end.isoformat()}'
    return DateRange(start, end, DAY_PRECISION, basis)


def _night_before_report(night: DateMention, ctx: ArticleDates) -> DateRange | None:
    """ "overnight" with no day in its sentence: the night before the day the story reports from,
    when its lede names the day before publication (a report written on Saturday, stamped Sunday)."""
    said = ctx.story_said
    if said is None or said.end != ctx.published - timedelta(days=1):
        return None
    start, end = said.end - timedelta(days=1), said.end
    basis = (
        f'"{night.text}": the night before the story\'s reporting day ({said.basis}) '
        f"-> {_label_dates(start, end)}"
    )
    return DateRange(start, end, DAY_PRECISION, basis)


def _adjacent(a: DateMention, b: DateMention, sentence: str) -> bool:
    gap = sentence[a.end : b.start] if a.end <= b.start else sentence[b.end : a.start]
    return _ADJACENT_GAP.match(gap) is not None


# ---------------------------------------------------------------------------------------------
# The article's date context


@dataclass(frozen=True)
class Layout:
    """Where a sentence stands on the page, for what its date may reach."""

    line: int  # index of its line (paragraph)
    caption: bool = False  # a photo caption: keeps its date, sets no context
    bullet: bool = False  # a bullet's date stays in its bullet
    heading: bool = False  # a line that is only a date: it dates what follows, until the next one
    heading_before: int = -1  # index of the last heading sentence before this sentence


@dataclass(frozen=True)
class ArticleDates:
    """What the article's dated sentences establish for the undated ones."""

    published: date
    sentence_starts: tuple[int, ...]  # every sentence, in order
    dated: tuple[DateRange | None, ...]  # per sentence: the date it gives its context, if any
    layout: tuple[Layout, ...]  # per sentence
    story: DateRange | None  # the lede's day: the day its first happening is dated
    story_said: DateRange | None = None  # the lede's reporting day (its latest day): "said Thursday"
    any_dated: tuple[DateRange | None, ...] = ()  # per sentence: its first date of any kind

    def context(self, sentence_start: int) -> DateRange | None:
        """See `_context`."""
        return _context(self.dated, self.layout, bisect_right(self.sentence_starts, sentence_start) - 1)

    def previous(self, sentence_start: int) -> DateRange | None:
        """The first date, of any kind, of the nearest dated sentence among the few before this one
        ("Since then" refers back to it, be it "in mid-September" or "on Monday")."""
        i = bisect_right(self.sentence_starts, sentence_start) - 1
        return _context(self.any_dated, self.layout, i)


def _context(dated: Sequence[DateRange | None], layout: Sequence[Layout], i: int) -> DateRange | None:
    """The date of the latest dated sentence before sentence i: anywhere in its own paragraph, else
    among the few sentences before it (captions skipped, never out of a bullet or into one), else
    the date heading above it."""
    here = layout[i]
    seen = same = 0
    for j in range(i - 1, -1, -1):
        there = layout[j]
        if there.caption:
            continue
        if there.line != here.line:
            if here.bullet or there.bullet:
                break
            seen += 1
            if seen > CONTEXT_SENTENCES:
                break
        else:
            same += 1  # a page stored as one line is not one paragraph
            if same > PARAGRAPH_SENTENCES:
                break
        if dated[j] is not None:
            return dated[j]
    heading = layout[i].heading_before
    return dated[heading] if heading >= 0 else None


_BULLET = re.compile(r"^\s*(?:[•·▪●◦‣*]|[-–—](?=\s))")
_LINE = re.compile(r"[^\n]+")
_WORDLIKE = re.compile(r"[A-Za-z]{2,}")


def _layouts(text: str, sentences: Sequence[SentenceSpan], found: Sequence[DateMention]) -> list[Layout]:
    lines = [(m.start(), m.end(), m.group()) for m in _LINE.finditer(text)]
    line_starts = [start for start, _, _ in lines]
    date_starts = [m.start for m in found]
    line_of = [bisect_right(line_starts, s.start) - 1 for s in sentences]
    per_line = Counter(line_of)
    by_line: dict[int, Layout] = {}
    out: list[Layout] = []
    heading_before = -1
    for i, s in enumerate(sentences):
        k = line_of[i]
        if k not in by_line:
            start, end, line = lines[k]
            lo, hi = bisect_right(date_starts, start - 1), bisect_right(date_starts, end - 1)
            dates_in_line = [m for m in found[lo:hi] if m.end <= end]
            left = line
            for m in reversed(dates_in_line):
                left = left[: m.start - start] + left[m.end - start :]
            heading = bool(dates_in_line) and _WORDLIKE.search(left) is None
            by_line[k] = Layout(k, is_caption(line), _BULLET.match(line) is not None, heading)
        here = by_line[k]
        if here.caption and per_line[k] > CAPTION_SENTENCES:
            # A page stored as one long line: only the sentence with the credit is the caption, and
            # the one before a bare credit ("... June 7, 2013. REUTERS/Name").
            here = replace(here, caption=is_caption(s.text))
            if here.caption and out and out[-1].line == k and len(s.text.split()) <= CREDIT_WORDS:
                out[-1] = replace(out[-1], caption=True)
        out.append(replace(here, heading_before=heading_before))
        if here.heading:
            heading_before = i
    return out


def article_dates(
    text: str, sentences: Sequence[SentenceSpan], found: Sequence[DateMention], published: date
) -> ArticleDates:
    """Walk the sentences in order: each one's own date (a day, an anchored night, a recent week,
    or a date moved by "a week later") becomes the context of what follows it."""
    layout = _layouts(text, sentences, found)
    starts = [m.start for m in found]
    dated: list[DateRange | None] = []
    any_dated: list[DateRange | None] = []
    story: DateRange | None = None
    story_said: DateRange | None = None
    body_sentences = 0
    for i, s in enumerate(sentences):
        if layout[i].caption:
            dated.append(None)
            any_dated.append(None)
            continue
        lo, hi = bisect_right(starts, s.start - 1), bisect_right(starts, s.end - 1)
        mentions = [_relative(m, s.start) for m in found[lo:hi] if m.end <= s.end]
        any_dated.append(next((m.range for m in mentions if m.kind not in ("since", "after")), None))
        context = _context(dated, layout, i)
        own = _sentence_date(s, mentions, context or story, published)
        dated.append(own)
        body_sentences += 1
        if (
            story is None
            and body_sentences <= STORY_SENTENCES
            and not layout[i].bullet
            and own is not None
            and own.precision == DAY_PRECISION
            and (published - own.end).days <= STORY_MAX_DAYS_BEFORE
        ):
            # The story's day is one day: a lede's night is reported on the morning it ends.
            story = own if own.start == own.end else DateRange(own.end, own.end, DAY_PRECISION, own.basis)
            story_said = _reporting_day(s.text, mentions, story, published)
    return ArticleDates(
        published,
        tuple(s.start for s in sentences),
        tuple(dated),
        tuple(layout),
        story,
        story_said,
        tuple(any_dated),
    )


_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told\s+(?:\w+\s+){0,2}|reported|announced|stated|confirmed|added)\s+(?:on\s+)?$", re.I
)


def _reporting_day(
    lede: str, mentions: Sequence[DateMention], story: DateRange, published: date
) -> DateRange | None:
    """The day the story reports from: the day its lede's source spoke ("said Friday"), else the
    story's day when it is the eve of publication (a report stamped the next morning), else None
    (the publication day)."""
    spoken = [m for m in mentions if _is_day(m) and _SPEECH_BEFORE.search(lede[: m.start]) is not None]
    if spoken:
        return spoken[-1].range
    return story if story.end >= published - timedelta(days=1) else None


def _relative(m: DateMention, offset: int) -> DateMention:
    return DateMention(m.start - offset, m.end - offset, m.text, m.kind, m.range)


def _sentence_date(
    s: SentenceSpan, mentions: list[DateMention], anchor: DateRange | None, published: date
) -> DateRange | None:
    """The date a sentence passes on: its first day (or anchored night), else a recent week, else a
    date moved from the one before by "a week later" / "Earlier,"."""
    for m in mentions:
        if _is_night(m):
            return _night_of(m, mentions, s.text, published) or m.range
        if _is_day(m):
            return m.range
    for m in mentions:
        r = m.range
        if r.precision <= WEEK_PRECISION and m.kind not in ("since", "after") and _recent(r, published):
            return r
    adverb = next((sh for sh in find_shifts(s.text) if sh.form == "adverb"), None)
    if adverb is not None and not mentions and anchor is not None:
        return _shifted(adverb, anchor, published, "the sentence before")
    return None


def _recent(r: DateRange, published: date) -> bool:
    return (published - r.end).days <= CONTEXT_MAX_DAYS_BEFORE and (r.end - r.start).days <= 10


def _shifted(shift: Shift, anchor: DateRange, published: date, where: str) -> DateRange:
    start = min(anchor.start + timedelta(days=shift.low), published)
    end = min(max(anchor.end + timedelta(days=shift.high), start), published)
    precision = DAY_PRECISION if (end - start).days <= 1 else WEEK_PRECISION
    basis = (
        f'"{shift.text}": {_days_words(shift)} the date of {where} ({_label(anchor)}) '
        f"-> {_label_dates(start, end)}"
    )
    return DateRange(start, end, precision, basis)


def _days_words(shift: Shift) -> str:
    if shift.low == shift.high:
        n = shift.low
        return (
            "the same day as"
            if n == 0
            else f"{abs(n)} day{'s' if abs(n) != 1 else ''} {'after' if n > 0 else 'before'}"
        )
    return f"{shift.low:+d} to {shift.high:+d} days from"


def _label(r: DateRange) -> str:
    return _label_dates(r.start, r.end)


def _label_dates(start: date, end: date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


# ---------------------------------------------------------------------------------------------
# Sharing a sentence's date words out to its happenings


_PROGRESSIVE = re.compile(r"\b(?:is|are|was|were)\s+(?:still\s+|now\s+|reportedly\s+)?$", re.I)
_PRESENT_PROGRESSIVE = re.compile(r"\b(?:is|are)\s+(?:still\s+|now\s+|reportedly\s+)?$", re.I)
_PERFECT = re.compile(
    r"\b(?:has|have)\s+(?:(?:now|also|already|just|reportedly|since|fully|effectively|\w+ly)\s+)?(?:been\s+)?$",
    re.I,
)
_PERFECT_TRIGGER = re.compile(r"^(?:has|have)\s+been\b", re.I)


def tense(trigger: TriggerLike, sentence: str) -> str:
    """ "perfect" (has/have captured), "present" (is advancing), "progressive" (were clashing) or "past"."""
    before = sentence[max(0, trigger.start - 40) : trigger.start]
    if _PERFECT_TRIGGER.match(trigger.text) or _PERFECT.search(before):
        return "perfect"
    if trigger.text.endswith("ing") and _PROGRESSIVE.search(before):
        return "present" if _PRESENT_PROGRESSIVE.search(before) else "progressive"
    return "past"


# Not "had captured": in reported speech ("said it had captured") that is the news itself.
_BACKGROUND_BEFORE = re.compile(r"\b(?:after|since|following)\s+(?:[\w’'-]+\s+){0,3}$", re.I)


def is_background(trigger: TriggerLike, sentence: str) -> bool:
    """A capture told as what came before: "after rebels captured X", "since the fall of X"."""
    if trigger.event_type != "captured":
        return False
    return _BACKGROUND_BEFORE.search(sentence[max(0, trigger.start - 50) : trigger.start]) is not None


def share_dates(
    triggers: Sequence[TriggerLike], sentence: str, mentions: Sequence[DateMention]
) -> list[list[DateMention]]:
    """The date words of each happening of one sentence: each date goes to the nearest happening;
    one left without takes the nearest date before it (else after), unless it is a statement
    (said when?) or a present or ongoing report ("were clashing" is not the night's capture)."""
    own: list[list[DateMention]] = [[] for _ in triggers]
    if not triggers:
        return own
    for group in _adjacent_groups(mentions, sentence):
        start, end = group[0].start, group[-1].end
        nearest = min(range(len(triggers)), key=lambda i: _clause_distance(start, end, triggers[i], sentence))
        own[nearest].extend(group)
    for i, t in enumerate(triggers):
        if (
            own[i]
            or not mentions
            or t.event_type == "statement"
            or tense(t, sentence) != "past"
            or is_background(t, sentence)  # "X on Thursday after capturing Y": Y came before
        ):
            continue
        before = [d for d in mentions if d.end <= t.start]
        own[i].append(before[-1] if before else min(mentions, key=lambda d: d.start - t.end))
    return own


def _adjacent_groups(mentions: Sequence[DateMention], sentence: str) -> list[list[DateMention]]:
    """ "overnight on Sunday (December 11)": date words next to each other date one happening."""
    groups: list[list[DateMention]] = []
    for m in sorted(mentions, key=lambda m: m.start):
        if groups and _ADJACENT_GAP.match(sentence[groups[-1][-1].end : m.start]) is not None:
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _clause_distance(start: int, end: int, trigger: TriggerLike, sentence: str) -> int:
    """Characters between date words and a trigger, a clause break (comma, semicolon, dash) counting
    as CLAUSE_BREAK more: "fell overnight on Sunday, and troops were clashing" dates the fall."""
    lo, hi = (end, trigger.start) if end <= trigger.start else (trigger.end, start)
    between = sentence[lo:hi] if lo < hi else ""
    return max(hi - lo, 0) + CLAUSE_BREAK * len(_BREAK.findall(between))


_BREAK = re.compile(r"[,;:]|\s[-–—]\s")

# ---------------------------------------------------------------------------------------------
# One happening's date


@dataclass(frozen=True)
class _Happening:
    """One happening's question: its trigger and own date words, in its sentence and article."""

    trigger: TriggerLike
    own: Sequence[DateMention]
    sentence: SentenceSpan
    mentions: Sequence[DateMention]  # every date of the sentence
    ctx: ArticleDates
    shifts: tuple[Shift, ...]


def happening_range(
    trigger: TriggerLike,
    own: Sequence[DateMention],
    sentence: SentenceSpan,
    sentence_mentions: Sequence[DateMention],
    ctx: ArticleDates,
    offensive: tuple[DateRange, int] | None = None,
) -> DateRange | None:
    """The date of one happening from its own date words, the sentence's relative words and the
    article's context; None when only the caller's fallback applies (a present control claim).
    The rules are tried in order; the first that applies decides."""
    h = _Happening(trigger, own, sentence, sentence_mentions, ctx, find_shifts(sentence.text))
    for rule in (_clause_date, _own_date, _since_then_date, _has_since_date, _reported_date, _adverb_date):
        r = rule(h)
        if r is not None:
            return r
    return undated_range(trigger, sentence, ctx, offensive)


def _clause_date(h: _Happening) -> DateRange | None:
    """ "three days after rebels were swept out of X": the shift dates the happening right after it,
    from the date of the sentence's main clause (else the context), unless it has its own day."""
    clause = next(
        (
            sh
            for sh in reversed(h.shifts)
            if sh.form == "clause" and 0 <= h.trigger.start - sh.end <= CLAUSE_REACH
        ),
        None,
    )
    if clause is None or any(_is_day(m) or _is_night(m) for m in h.own):
        return None
    main = [m for m in h.mentions if (_is_day(m) or _is_night(m)) and m.end <= clause.start]
    anchor, where = _anchor(main, h.sentence, h.mentions, h.ctx)
    return _shifted(clause, anchor, h.ctx.published, where)


def _own_date(h: _Happening) -> DateRange | None:
    """Its own date words: the ones in its clause, a night anchored to its day, days named together."""
    if not h.own:
        return None
    text, published = h.sentence.text, h.ctx.published
    chosen = min(h.own, key=lambda m: _clause_distance(m.start, m.end, h.trigger, text))
    if _is_night(chosen):
        return (
            _night_of(chosen, h.mentions, text, published)
            or _night_before_report(chosen, h.ctx)
            or chosen.range
        )
    night = next((m for m in h.own if _is_night(m)), None)
    if night is not None and _adjacent(night, chosen, text):
        return _night_of(night, h.mentions, text, published) or chosen.range
    return (
        _when_since(chosen, h.trigger, text, published)
        or _joined_days(chosen, h.mentions, text)
        or chosen.range
    )


def _since_then_date(h: _Happening) -> DateRange | None:
    """ "Since then, rebels have lost X": from the date of the sentence before to publication."""
    since_then = next((sh for sh in h.shifts if sh.form == "since then" and sh.end <= h.trigger.start), None)
    previous = h.ctx.previous(h.sentence.start) if since_then is not None else None
    if since_then is None or previous is None:
        return None
    published = h.ctx.published
    start = min(previous.start, published)
    basis = (
        f'"{since_then.text}": from the date of the sentence before ({_label(previous)}, {previous.basis}) '
        f"to publication -> {_label_dates(start, published)}"
    )
    return DateRange(start, published, 3 if (published - start).days > 10 else WEEK_PRECISION, basis)


def _has_since_date(h: _Happening) -> DateRange | None:
    """ "captured X late Tuesday but has since withdrawn": from the sentence's day to publication."""
    since = next((sh for sh in h.shifts if sh.form == "since" and sh.end <= h.trigger.start + 1), None)
    if since is None:
        return None
    published = h.ctx.published
    anchor, where = _anchor([m for m in h.mentions if _is_day(m)], h.sentence, h.mentions, h.ctx)
    start = min(anchor.start, published)
    basis = f'"{since.text}": from the date of {where} ({_label(anchor)}) to publication -> {_label_dates(start, published)}'
    return DateRange(start, published, WEEK_PRECISION if start < published else DAY_PRECISION, basis)


def _reported_date(h: _Happening) -> DateRange | None:
    """ "troops were clashing in X" / "rebels have seized X", "the monitor said on Monday": true when
    it was said (not for a standing claim of control, which the caller dates)."""
    form = tense(h.trigger, h.sentence.text)
    if form == "past" or (form == "present" and h.trigger.event_type == "control_claim"):
        return None
    said = [m for m in h.mentions if _is_day(m) and m.start >= h.trigger.end]
    if not said:
        return None
    r = said[-1].range
    what = "an ongoing happening" if form == "progressive" else f"a {form}-tense report"
    return DateRange(r.start, r.end, r.precision, f'{what}, reported "{said[-1].text}": {r.basis}')


def _adverb_date(h: _Happening) -> DateRange | None:
    """ "A week later, the army broke back in", "it fell two days later": moved from the date the
    sentence gives before the words, else from the sentence before. Not a statement: "said" is the
    reporting, not the happening that came later."""
    if h.trigger.event_type == "statement":
        return None
    t = h.trigger
    adverb = next(
        (
            sh
            for sh in h.shifts
            if sh.form == "adverb" and (sh.start <= t.start or sh.start - t.end <= ADVERB_REACH)
        ),
        None,
    )
    if adverb is None:
        return None
    main = [m for m in h.mentions if m.end <= adverb.start]
    if main:
        return _shifted(adverb, main[-1].range, h.ctx.published, f'"{main[-1].text}" in the same sentence')
    anchor = h.ctx.context(h.sentence.start) or h.ctx.story
    return None if anchor is None else _shifted(adverb, anchor, h.ctx.published, "the sentence before")


_WHEN = re.compile(r"^\W*when\b", re.I)


def _when_since(
    chosen: DateMention, trigger: TriggerLike, sentence: str, published: date
) -> DateRange | None:
    """ "since Wednesday, when the strikes began": the happening is the start of the period."""
    if chosen.kind != "since" or chosen.end > trigger.start or not _WHEN.match(sentence[chosen.end :]):
        return None
    period = find_dates("in " + chosen.text.split(None, 1)[-1], published)
    if not period:
        return None
    r = period[0].range
    basis = f'"{chosen.text}, when ...": the happening starts the period, {r.basis}'
    return DateRange(r.start, r.end, r.precision, basis)


_JOINED = re.compile(r"^\s*(?:,\s*)?(?:and|or|to|through|into|[-–])\s+(?:(?:early|late|on)\s+)?$", re.I)


def _joined_days(chosen: DateMention, mentions: Sequence[DateMention], sentence: str) -> DateRange | None:
    """ "on Sunday and Monday", "late Wednesday and early Thursday": one range over the days."""
    if not _is_day(chosen):
        return None
    ordered = sorted((m for m in mentions if _is_day(m)), key=lambda m: m.start)
    i = ordered.index(chosen) if chosen in ordered else -1
    if i < 0:
        return None
    lo = hi = i
    while lo > 0 and _JOINED.match(sentence[ordered[lo - 1].end : ordered[lo].start]):
        lo -= 1
    while hi + 1 < len(ordered) and _JOINED.match(sentence[ordered[hi].end : ordered[hi + 1].start]):
        hi += 1
    if lo == hi:
        return None
    days = [m.range.start for m in ordered[lo : hi + 1]]
    start, end = min(days), max(days)
    words = sentence[ordered[lo].start : ordered[hi].end]
    precision = DAY_PRECISION if (end - start).days <= 1 else WEEK_PRECISION
    return DateRange(
        start, end, precision, f'"{words}": the days named together -> {_label_dates(start, end)}'
    )


def _anchor(
    main: Sequence[DateMention], sentence: SentenceSpan, mentions: Sequence[DateMention], ctx: ArticleDates
) -> tuple[DateRange, str]:
    if main:
        m = main[0]
        r = (_night_of(m, mentions, sentence.text, ctx.published) if _is_night(m) else None) or m.range
        return r, f'"{m.text}" in the same sentence'
    context = ctx.context(sentence.start)
    if context is not None:
        return context, "the sentence before"
    if ctx.story is not None:
        return ctx.story, "the story's lede"
    p = ctx.published
    return DateRange(p, p, DAY_PRECISION, "publication"), "publication"


def undated_range(
    trigger: TriggerLike,
    sentence: SentenceSpan,
    ctx: ArticleDates,
    offensive: tuple[DateRange, int] | None = None,
) -> DateRange | None:
    """A happening whose sentence gives it no date words."""
    pub = ctx.published
    pub_day = DateRange(pub, pub, DAY_PRECISION, "")
    form = tense(trigger, sentence.text)
    if trigger.event_type == "statement":
        base = ctx.story_said or pub_day
        why = "a statement reported without a date is taken as made on the story's reporting day"
        return _with_basis(base, f"no date words; {why}", ctx)
    if form in ("perfect", "present"):
        if trigger.event_type == "control_claim":
            return None
        why = f'a {"present-perfect" if form == "perfect" else "present"} report ("{trigger.text}") is dated the day of publication'
        return _with_basis(pub_day, f"no date words; {why}", ctx)
    if form == "progressive":
        why = f'an ongoing happening ("... {trigger.text}") is dated the story\'s reporting day'
        return _with_basis(ctx.story_said or pub_day, f"no date words; {why}", ctx)
    if offensive is not None:
        # Already done when reported: to the day before publication (or the offensive's own end).
        r, number = offensive
        start = min(r.start, pub)
        end = min(max(r.end, pub - timedelta(days=1), start), pub)
        precision = max(r.precision, DAY_PRECISION if (end - start).days <= 1 else WEEK_PRECISION)
        what = (
            f'a capture told as background ("... {trigger.text}") during the offensive'
            if is_background(trigger, sentence.text)
            else "it refers to the offensive"
        )
        basis = (
            f"no date words; {what} dated in sentence {number} ({r.basis}): "
            f"from the offensive's start to the day before publication -> {_label_dates(start, end)}"
        )
        return DateRange(start, end, min(precision, 3), basis)
    if trigger.event_type == "control_claim" and re.search(
        r"\b(?:controls|holds|control|hold|runs)\b", trigger.text
    ):
        return None
    context = ctx.context(sentence.start)
    if context is not None:
        if context.precision == DAY_PRECISION:
            why = "no date words; an undated happening takes the date of the sentence before"
            return _with_basis(context, why, ctx, context)
        start = min(context.start, pub)
        basis = (
            f"no date words; an undated happening after a sentence dated {_label(context)} "
            f"({context.basis}): from its start to publication -> {_label_dates(start, pub)}"
        )
        return DateRange(start, pub, WEEK_PRECISION, basis)
    if ctx.story is not None:
        why = "no date words; an undated happening takes the story's day, from its lede"
        return _with_basis(ctx.story, why, ctx, ctx.story)
    why = "no date words; an undated happening in a report is dated the day of publication"
    return _with_basis(pub_day, why, ctx)


def _with_basis(r: DateRange, why: str, ctx: ArticleDates, source: DateRange | None = None) -> DateRange:
    where = f" ({source.basis})" if source is not None and source.basis else ""
    return DateRange(r.start, r.end, r.precision, f"{why}{where} -> {_label(r)}")
