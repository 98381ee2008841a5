"""Evidence as users read it: excerpts with their place words highlighted, where they come from,
how their dates were worked out, and what each did to control.

Article text is untrusted. Every string that came from a source is escaped here, once, before
it is put into the HTML fragments this module returns; callers must not escape them again and
must not build HTML from record fields themselves.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from geo.baseline import BASELINE_ID, BASELINE_START, BaselineRow
from geo.control import Timeline, claims_of
from geo.factions import Faction
from geo.records import EventRecord
from geo.snapshots import BaseRow
from geo.sources import Source, safe_url

PRECISION_WORDS = {1: "exact day", 2: "about a week", 3: "a month or longer"}
TYPE_WORDS = {
    "captured": "captured",
    "airstrike": "air strike",
    "offensive": "offensive",
    "clashes": "clashes",
    "withdrawal": "withdrawal",
    "control_claim": "control claim",
    "statement": "statement",
    "other": "other",
}


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def day_words(d: date | str) -> str:
    day = date.fromisoformat(d) if isinstance(d, str) else d
    return f"{day.day} {day:%B %Y}"


def range_words(start: str, end: str) -> str:
    return day_words(start) if start == end else f"{day_words(start)} to {day_words(end)}"


def highlight(sentence: str, spans: list[tuple[int, int]]) -> str:
    """The sentence, escaped, with each (start, end) span in <mark>."""
    out, pos = [], 0
    for start, end in sorted(s for s in spans if 0 <= s[0] < s[1] <= len(sentence)):
        if start < pos:
            continue
        out += [esc(sentence[pos:start]), "<mark>", esc(sentence[start:end]), "</mark>"]
        pos = end
    out.append(esc(sentence[pos:]))
    return "".join(out)


def side_name(side: str, factions: Mapping[str, Faction]) -> str:
    return factions[side].name if side in factions else side


def source_link(source_id: str, sentence_start: int | None = None) -> str:
    """Relative link to the Sources page, focused on one source (and sentence)."""
    query = {"source": source_id}
    if sentence_start is not None:
        query["at"] = str(sentence_start)
    return f"Sources?{urlencode(query)}"


def effect_on_control(record: EventRecord, timeline: Timeline, factions: Mapping[str, Faction]) -> str:
    """What a record did to the map, in words (the Method page explains the rules)."""
    claims = claims_of(record, set(timeline.unit_ids), {f for f in factions if factions[f].territorial})
    if claims:
        side = side_name(claims[0].controller, factions)
        where = timeline.unit_names[claims[0].unit][0] if len(claims) == 1 else f"{len(claims)} sub-districts"
        settle = day_words(record.date_end)
        if record.date_start == record.date_end:
            return f"Gives {where} to {side}, settled on {settle}."
        before = day_words(_previous_day(record.date_end))
        return (
            f"Gives {where} to {side}: possibly changed from {day_words(record.date_start)} to "
            f"{before}, settled on {settle} (the last day of its date range)."
        )
    if record.event_type in {"captured", "control_claim"}:
        if record.geo_precision == 3 and record.coverage != "whole":
            return "Names only part of an area, so it colours no sub-district (kept as context)."
        if not record.place:
            return "Names no place in Syria, so it colours nothing (listed only)."
        return "Names no territorial side as the holder, so it colours nothing."
    kind = TYPE_WORDS.get(record.event_type, record.event_type)
    return f"{article(kind).capitalize()} {kind} does not change control by itself."


def article(word: str) -> str:
    """ "a" or "an" before a word, by its first letter (good enough for the type words)."""
    return "an" if word[:1].lower() in "aeiou" else "a"


GEO_PRECISION_WORDS = {1: "the place itself", 2: "near the place, or inside the area given", 3: "an area"}


def place_words(record: EventRecord) -> str:
    """Where the record is drawn and how sure that is; an unlisted name says it is not our own point."""
    if record.is_unlisted:
        area = record.admin3_name or record.admin2_name or record.admin1_name or "the area its context gives"
        kind = "sub-district" if record.admin3_name else "district" if record.admin2_name else "governorate"
        return f"place: “{record.mention}” is not in the gazetteer; placed at {area} {kind} (geo precision {record.geo_precision})"
    words = GEO_PRECISION_WORDS.get(record.geo_precision or 0, "")
    return f"place: {record.place}" + (f" (geo precision {record.geo_precision}: {words})" if words else "")


def _previous_day(iso: str) -> date:
    return date.fromordinal(date.fromisoformat(iso).toordinal() - 1)


def source_line_html(record: EventRecord, source: Source | None) -> str:
    """Title (linked to the Sources page at the sentence), outlet, publication day, and the
    original article's web address when it is http(s), opening in a new tab."""
    title = source.title if source else record.source_id
    outlet = f", {esc(source.outlet)}" if source and source.outlet else ""
    published = f", published {day_words(source.published)}" if source else ""
    link = source_link(record.source_id, record.sentence_start)
    url = safe_url(source.url) if source else None
    original = (
        f' · <a href="{esc(url)}" target="_blank" rel="noopener noreferrer">original article</a>'
        if url
        else ""
    )
    return f'<a href="{esc(link)}" target="_self">{esc(title)}</a>{outlet}{published}{original}'


@dataclass(frozen=True)
class Excerpt:
    record: EventRecord
    sentence_html: str  # escaped, place words in <mark>
    source_html: str  # title, outlet, date, a link to the full text and to the original article
    facts_html: str  # type, actors, dates, precision, basis
    effect: str  # plain text (escape when rendering)
    review_html: str = ""  # "✓ confirmed by …" when a person reviewed the record, escaped


REVIEW_MARKS = {"confirmed": "✓ confirmed", "corrected": "✎ corrected", "rejected": "✗ rejected"}


def review_html(record: EventRecord) -> str:
    """A person's verdict on the record, in words ("✓ confirmed by Rana"); "" for none."""
    if not record.reviewed:
        return ""
    by = f" by {esc(record.reviewer)}" if record.reviewer else ""
    return (
        f"<span class='fl-reviewed' data-reviewed='{esc(record.reviewed)}'>"
        f"{esc(REVIEW_MARKS.get(record.reviewed, record.reviewed))}{by}</span>"
    )


def excerpt(
    record: EventRecord, source: Source | None, timeline: Timeline, factions: Mapping[str, Faction]
) -> Excerpt:
    spans = []
    if record.mention_start is not None and record.mention_end is not None:
        spans.append(
            (record.mention_start - record.sentence_start, record.mention_end - record.sentence_start)
        )
    source_html = source_line_html(record, source)
    actors = " vs ".join(
        esc(side_name(a, factions)) + (f" (&ldquo;{esc(t)}&rdquo;)" if t else "")
        for a, t in ((record.actor1, record.actor1_text), (record.actor2, record.actor2_text))
        if a
    )
    if record.assoc_actor1:
        actors += " with " + ", ".join(esc(side_name(a, factions)) for a in record.assoc_actor1.split("|"))
    facts = [
        f"<b>{esc(TYPE_WORDS.get(record.event_type, record.event_type))}</b>",
        *([esc(place_words(record))] if record.place else []),
        actors or "no side named",
        f"{esc(range_words(record.date_start, record.date_end))} "
        f"(precision {record.time_precision}: {esc(PRECISION_WORDS.get(record.time_precision, ''))})",
        f"date: {esc(record.date_basis)}",
    ]
    if record.notes:
        facts.append(f"notes: {esc(record.notes)}")
    return Excerpt(
        record=record,
        sentence_html=highlight(record.sentence, spans),
        source_html=source_html,
        facts_html=" · ".join(facts),
        effect=effect_on_control(record, timeline, factions),
        review_html=review_html(record),
    )


def baseline_html(row: BaselineRow, factions: Mapping[str, Faction]) -> str:
    second = f" (with {esc(side_name(row.controller2, factions))} holding part)" if row.controller2 else ""
    return (
        f"<b>Baseline</b> (source <code>{BASELINE_ID}</code>, background knowledge, not from an article): "
        f"{esc(side_name(row.controller, factions))}{second} from {day_words(BASELINE_START)}, "
        f"confidence <b>{esc(row.confidence)}</b>. {esc(row.basis)}"
    )


def background_html(row: BaseRow, factions: Mapping[str, Faction]) -> str:
    """The panel's lines for the background row in force: the 2020 baseline's, or a dated
    layer's (label, date, basis, the public reports it rests on, confidence)."""
    if row.layer_id == BASELINE_ID and row.since == BASELINE_START:
        return baseline_html(
            BaselineRow(row.adm3_id, "", row.controller, row.controller2, row.confidence, row.basis),
            factions,
        )
    second = f" (with {esc(side_name(row.controller2, factions))} holding part)" if row.controller2 else ""
    if row.layer_id == BASELINE_ID:  # a renamed side (HTS ground after 28 Jan 2025): no reports
        sources = f"<li><small>the 2020 baseline (<code>{BASELINE_ID}</code>)</small></li>"
    else:
        sources = "".join(
            f"<li><small>{esc(s.strip())}</small></li>" for s in row.source.split("|") if s.strip()
        )
    return (
        f"<b>{esc(row.label)}</b> (<code>{esc(row.layer_id)}</code>, background knowledge, "
        f"not from an article): {esc(side_name(row.controller, factions))}{second} from "
        f"{day_words(row.since)}, confidence <b>{esc(row.confidence)}</b>. {esc(row.basis)}"
        f"<br><small>Public reports it rests on:</small><ul class='fl-layer-sources'>{sources}</ul>"
    )


def background_line(row: BaseRow, factions: Mapping[str, Faction]) -> str:
    """One plain-text line for a map popup: which background row, from when, how sure (the panel
    has the basis and the reports)."""
    return (
        f"{row.label} ({day_words(row.since)}): {side_name(row.controller, factions)}, "
        f"{row.confidence} confidence; details in the panel."
    )


def popup_html(title: str, subtitle: str, first: Excerpt | None, count: int, baseline: str = "") -> str:
    """The short version for a map popup: the newest excerpt and how many there are."""
    parts = [f"<b>{esc(title)}</b>", f"<div class='fl-sub'>{esc(subtitle)}</div>"]
    if first is not None:
        parts.append(f"<div class='fl-quote'>&ldquo;{first.sentence_html}&rdquo;</div>")
        parts.append(f"<div class='fl-src'>{first.source_html}</div>")
    elif baseline:
        parts.append(f"<div class='fl-quote'>{baseline}</div>")
    more = count - (1 if first is not None else 0)
    if more > 0:
        parts.append(
            f"<div class='fl-more'>+{more} more excerpt{'s' if more > 1 else ''}: click for the panel</div>"
        )
    return "".join(parts)
