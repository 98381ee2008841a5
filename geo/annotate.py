"""An article as the Sources page shows it: the place, actor and date words the extractor's own
finders recognise in it, marked by kind; the sentence a link pointed at; and, for each place
that belongs to an event record, a link to the main map at that record's place and date.

Article text is untrusted. `marked_html` and `article_html` escape every piece of it (with
`geo.evidence.esc`) and build the only markup around it, on one line with no blank line, so that
Streamlit's Markdown renderer takes it as one raw HTML block and never reads the article's own
characters (`*`, `_`, `#`, `$`) as Markdown. Callers render the result as it is.

Place links: a point place opens the main page on `?date=<record.date_end>&place=<place_id>`
(the town); an area place (a governorate, a region) opens it on its first sub-district, the
lowest P-code of the area, which for a governorate is its seat's sub-district. Where several
records share one mention, the link follows the one that ends last.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from geo.actors import ActorMention
from geo.dates import DateMention
from geo.evidence import PRECISION_WORDS, day_words, esc, range_words, side_name
from geo.extract import split_sentences
from geo.factions import Faction
from geo.gazetteer import LEVEL_NAMES, PlaceMention
from geo.records import EventRecord
from geo.sources import Source, safe_url

# When two marks cross (overlap without one containing the other), the earlier kind here wins.
MARK_PRIORITY = {"sentence": 0, "place": 1, "date": 2, "actor": 3}
MARK_CLASSES = {"sentence": "fl-at", "place": "fl-place", "date": "fl-date", "actor": "fl-actor"}
ROLE_WORDS = {
    "holder": "as holder (X-held)",
    "ally": "as an ally (in support of X)",
    "led": "as leader (X-led)",
}
MAX_PARAM_LENGTH = 100
_SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9\-]{0,99}")
_OFFSET = re.compile(r"\d{1,9}")

ARTICLE_CSS = """<style>
.fl-article { white-space: pre-wrap; line-height: 1.65; font-size: 1.02rem; }
.fl-article .fl-place { background: #ffe08a; color: inherit; border-radius: 3px; padding: 0 1px; }
.fl-article a.fl-place { text-decoration: underline; text-decoration-color: #8a6d00; }
.fl-article .fl-actor { border-bottom: 2px solid #5b3fa6; }
.fl-article .fl-date { background: #d6ecff; border-radius: 3px; padding: 0 1px; }
.fl-article .fl-at { outline: 2px solid #d14a00; outline-offset: 2px; background: #fff3ea; }
.fl-legend-item { margin-right: 1.2em; white-space: nowrap; }
</style>"""


@dataclass(frozen=True)
class Mark:
    """A span of the article to mark: offsets into the source's whole text (title line included)."""

    start: int
    end: int
    kind: str  # sentence | place | date | actor
    label: str  # plain text, shown as the tooltip
    href: str = ""  # places of records: the main map at that record


def main_map_link(day: str, place_id: str = "") -> str:
    """Relative link to the main page (one level up from a page) on a date, focused on a place."""
    query = {"date": day}
    if place_id:
        query["place"] = place_id
    return f"./?{urlencode(query)}"


def record_map_link(record: EventRecord) -> str:
    """The main map at a record's end date and place (an area's first sub-district); the date
    alone when the record has no place in Syria."""
    if record.has_point and record.place_id:
        return main_map_link(record.date_end, record.place_id)
    if record.area_units:
        return main_map_link(record.date_end, min(record.area_units))
    return main_map_link(record.date_end)


def _place_words(mention: PlaceMention) -> str:
    place = mention.place
    if not place.in_syria:
        return f"{place.name} (outside Syria)"
    if place.is_area:
        kind = LEVEL_NAMES.get(place.kind, place.kind)
        return f"{place.name} ({kind}, {len(place.area_adm3)} sub-districts)"
    where = ", ".join(x for x in (place.admin3_name, place.admin1_name) if x)
    return f"{place.name} ({place.kind}; sub-district {where})" if where else f"{place.name} ({place.kind})"


def place_marks(
    mentions: Iterable[PlaceMention], records: Iterable[EventRecord], actor_spans: Sequence[tuple[int, int]]
) -> list[Mark]:
    """A mark per place mention; those that are a record's mention link to the main map.

    As in the extractor, a place outside Syria that is also an actor's words ("Moscow said") is
    the actor, not a place. A record's mention the finder no longer sees is marked from the record.
    """
    by_span: dict[tuple[int, int], list[EventRecord]] = {}
    for r in records:
        if r.mention_start is not None and r.mention_end is not None and r.place_id:
            by_span.setdefault((r.mention_start, r.mention_end), []).append(r)
    marks: list[Mark] = []
    seen: set[tuple[int, int]] = set()
    for m in mentions:
        span = (m.start, m.end)
        if not m.place.in_syria and any(a < m.end and m.start < b for a, b in actor_spans):
            continue
        seen.add(span)
        marks.append(_place_mark(span, _place_words(m), by_span.get(span, [])))
    for span, recs in by_span.items():
        if span not in seen:
            marks.append(_place_mark(span, f"{recs[0].place} (place of a record)", recs))
    return sorted(marks, key=lambda k: k.start)


def _place_mark(span: tuple[int, int], words: str, records: list[EventRecord]) -> Mark:
    if not records:
        return Mark(span[0], span[1], "place", words)
    chosen = max(records, key=lambda r: (r.date_end, r.date_start))
    count = f"{len(records)} record{'s' if len(records) != 1 else ''}"
    label = f"{words} · {count}; click for the map on {day_words(chosen.date_end)}"
    return Mark(span[0], span[1], "place", label, record_map_link(chosen))


def actor_marks(mentions: Iterable[ActorMention], factions: Mapping[str, Faction]) -> list[Mark]:
    out = []
    for a in mentions:
        label = side_name(a.actor, factions)
        if a.role in ROLE_WORDS:
            label += f", {ROLE_WORDS[a.role]}"
        if a.opponent:
            label += f"; against {side_name(a.opponent, factions)}"
        out.append(Mark(a.start, a.end, "actor", label))
    return out


def date_marks(mentions: Iterable[DateMention]) -> list[Mark]:
    out = []
    for d in mentions:
        r = d.range
        label = (
            f"{range_words(r.start.isoformat(), r.end.isoformat())} (time precision {r.precision}: "
            f"{PRECISION_WORDS.get(r.precision, '')}); {r.basis}"
        )
        out.append(Mark(d.start, d.end, "date", label))
    return out


def article_marks(
    source: Source,
    places: Iterable[PlaceMention],
    actors: Iterable[ActorMention],
    dates: Iterable[DateMention],
    records: Iterable[EventRecord],
    factions: Mapping[str, Faction],
) -> list[Mark]:
    """Every mark in the article's body (the extractor skips the title line, so does this),
    from the finders' mentions over the whole text and the source's records."""
    body = source.body_start
    actors = [a for a in actors if a.start >= body]
    spans = [(a.start, a.end) for a in actors]
    own = [r for r in records if r.source_id == source.source_id]
    marks = [
        *place_marks((m for m in places if m.start >= body), own, spans),
        *actor_marks(actors, factions),
        *date_marks(d for d in dates if d.start >= body),
    ]
    return [m for m in marks if body <= m.start < m.end <= len(source.text)]


def sentence_at(source: Source, offset: int) -> tuple[int, int] | None:
    """The body sentence containing `offset` (a record's sentence_start is its first character)."""
    for s in split_sentences(source.text, source.body_start):
        if s.start <= offset < s.end:
            return s.start, s.end
    return None


def _crosses(a: Mark, b: Mark) -> bool:
    return (
        a.start < b.end
        and b.start < a.end
        and not ((a.start <= b.start and b.end <= a.end) or (b.start <= a.start and a.end <= b.end))
    )


def nested(marks: Iterable[Mark]) -> list[Mark]:
    """The marks that can be drawn as nested HTML: of two that cross, the one of the earlier kind
    (MARK_PRIORITY), then the longer, is kept; a mark repeating another's kind and span is dropped."""
    ranked = sorted(marks, key=lambda m: (MARK_PRIORITY[m.kind], m.start - m.end, m.start))
    kept: list[Mark] = []
    for m in ranked:
        if any(_crosses(m, k) or (k.kind, k.start, k.end) == (m.kind, m.start, m.end) for k in kept):
            continue
        kept.append(m)
    return sorted(kept, key=lambda m: (m.start, -m.end, MARK_PRIORITY[m.kind]))


def _text(piece: str) -> str:
    return esc(piece).replace("\r\n", "\n").replace("\n", "<br>")


def _open(mark: Mark) -> str:
    cls = MARK_CLASSES[mark.kind]
    title = esc(mark.label)
    if mark.kind == "sentence":
        return f'<span class="{cls}" id="fl-at" title="{title}">'
    if mark.href:
        return f'<a class="{cls}" href="{esc(mark.href)}" target="_self" title="{title}">'
    return f'<span class="{cls}" title="{title}">'


def _close(mark: Mark) -> str:
    return "</a>" if mark.kind != "sentence" and mark.href else "</span>"


def marked_html(text: str, marks: Iterable[Mark], start: int = 0, end: int | None = None) -> str:
    """`text[start:end]` escaped, its marks as nested spans and links, newlines as <br>."""
    end = len(text) if end is None else end
    inside = nested(m for m in marks if start <= m.start and m.end <= end)
    out: list[str] = []
    stack: list[Mark] = []
    pos = start
    for m in inside:
        while stack and stack[-1].end <= m.start:
            top = stack.pop()
            out += [_text(text[pos : top.end]), _close(top)]
            pos = top.end
        out += [_text(text[pos : m.start]), _open(m)]
        pos = m.start
        stack.append(m)
    while stack:
        top = stack.pop()
        out += [_text(text[pos : top.end]), _close(top)]
        pos = top.end
    out.append(_text(text[pos:end]))
    return "".join(out)


def article_html(source: Source, marks: Iterable[Mark], at: int | None = None) -> str:
    """The article's body as one HTML block; the sentence containing offset `at` is outlined."""
    marks = list(marks)
    if at is not None and (span := sentence_at(source, at)):
        marks.append(Mark(span[0], span[1], "sentence", "The sentence the link pointed to"))
    body = marked_html(source.text, marks, source.body_start).strip()
    body = re.sub(r"^(?:<br>)+|(?:<br>)+$", "", body)
    return f'<div class="fl-article">{body}</div>'


def legend_html(with_sentence: bool = False, *, linked: bool = True) -> str:
    """The marks' key; `linked=False` where places link nowhere (an article not stored yet)."""
    items = [
        ("fl-place", "place (underlined: opens the map at its record)" if linked else "place"),
        ("fl-actor", "actor (a side of the war)"),
        ("fl-date", "date words"),
    ]
    if with_sentence:
        items.append(("fl-at", "the sentence a link pointed to"))
    spans = "".join(
        f'<span class="fl-legend-item"><span class="{cls}">{esc(words)}</span></span>' for cls, words in items
    )
    return f'<div class="fl-article" style="white-space: normal">{spans}</div>'


# --- what the page shows around the article ---------------------------------------------------


@dataclass(frozen=True)
class SourceRequest:
    """What `?source=<id>&at=<offset>` asks for, after checking; notices say what was ignored."""

    source_id: str | None = None
    at: int | None = None
    notices: tuple[str, ...] = ()


def parse_source_params(params: Mapping[str, str], source_ids: Iterable[str]) -> SourceRequest:
    """Checks the Sources page's query parameters; notices never repeat the raw values."""
    notices: list[str] = []
    known = set(source_ids)
    source_id = at = None
    raw = params.get("source")
    if raw is not None:
        if len(raw) <= MAX_PARAM_LENGTH and _SOURCE_ID.fullmatch(raw) and raw in known:
            source_id = raw
        else:
            notices.append("Ignored the source in the URL: no stored article has that id.")
    raw_at = params.get("at")
    if raw_at is not None:
        if source_id is None:
            notices.append("Ignored the sentence offset in the URL: it needs a source.")
        elif not _OFFSET.fullmatch(raw_at):
            notices.append("Ignored the sentence offset in the URL: it is not a whole number.")
        else:
            at = int(raw_at)
    return SourceRequest(source_id, at, tuple(notices))


def source_facts_html(source: Source, record_count: int) -> str:
    """Outlet, publication date and its basis, the URL (linked only if http(s)), the record count."""
    parts = []
    if source.outlet:
        parts.append(f"<b>{esc(source.outlet)}</b>")
    parts.append(f"published {esc(day_words(source.published))}")
    line = " · ".join(parts)
    basis = (
        f"<br><small>Publication date: {esc(source.published_basis)}</small>"
        if source.published_basis
        else ""
    )
    url = safe_url(source.url)
    if url:
        link = f'<br><small><a href="{esc(url)}" target="_blank" rel="noopener noreferrer">{esc(url)}</a></small>'
    elif source.url:
        link = f"<br><small>Address given: {esc(source.url)} (not a web link, not linked)</small>"
    else:
        link = "<br><small>No web address given.</small>"
    count = f"<br><small>{record_count} event record{'s' if record_count != 1 else ''} extracted</small>"
    return line + basis + link + count
