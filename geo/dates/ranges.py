"""What a resolved date phrase is: its range of days, ACLED time precision and basis, and where it
sits in the text. The only types callers of `geo.dates` hold on to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
