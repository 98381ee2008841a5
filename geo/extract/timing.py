"""When: a happening's date range from its own date words, the article's date context
(`geo.event_dates`) or the offensive it refers to, else a documented default.
"""

import re
from datetime import timedelta

from geo import event_dates
from geo.dates import DateRange
from geo.extract.context import ArticleContext, Happening
from geo.extract.sentences import Sentence
from geo.extract.sides import _refers_to_offensive


def _date_range(h: Happening, s: Sentence, happenings: list[Happening], ctx: ArticleContext) -> DateRange:
    """A happening's dates: its own date words read with the sentence and the article around them
    (geo.event_dates), else a documented default."""
    assert ctx.dates is not None
    mentions = sorted(
        {(d.start, d.end): d for x in happenings for d in x.dates}.values(), key=lambda d: d.start
    )
    r = event_dates.happening_range(
        h.trigger, h.dates, s, mentions, ctx.dates, _offensive_dates(h, s.text, ctx)
    )
    return r if r is not None else _default_range(h, s.text, ctx)


def _offensive_dates(h: Happening, sentence: str, ctx: ArticleContext) -> tuple[DateRange, int] | None:
    frame = ctx.frame
    if frame.dates is None or not (
        _refers_to_offensive(h, sentence) or event_dates.is_background(h.trigger, sentence)
    ):
        return None
    return frame.dates, frame.dates_sentence


def _default_range(h: Happening, sentence: str, ctx: ArticleContext) -> DateRange:
    """Dates for a happening whose sentence gives none and that the article's context does not date."""
    pub = ctx.published
    t = h.trigger
    if t.event_type == "control_claim" and re.search(r"\b(?:controls|holds|control|hold|runs)\b", t.text):
        start = pub - timedelta(days=30)
        return DateRange(
            start,
            pub,
            3,
            f'present tense "{t.text}": true at publication ({pub}); since when is not said, so the 30 days before it',
        )
    why = "no date words; an undated happening in a report is dated the day of publication"
    return DateRange(pub, pub, 1, f"{why} ({pub})")
