"""How sure a colour is: for one sub-district's state on one date, which sources back it, whether
one outlet alone says so, whether its date was stated or worked out, and the confidence word.

The rule (the Method page quotes it to users):

* **What backs a colour.** The event records among the state's evidence (the claims that decided
  it, see `geo.control`). The 2020 baseline and the dated layers after it (the fall of Assad,
  the snapshots: geo/snapshots.py) are background knowledge, not articles: they are named, never
  counted as sources.
* **Independent sources.** Distinct outlets among those records' sources; a source with no
  outlet counts as its own. Two articles of one outlet are one voice.
* **"claimed".** A colour backed by exactly one independent source.
* **"date inferred".** No deciding record states its day: each one's date is a range ("last
  week", "in recent days", precision 2 or 3) or a default taken when the sentence has no date
  words (the story's day, the publication day, the offensive's span). One record that states the
  day is enough to date the change.
* **Confidence** (the baseline's words, high, medium and low):
  - a colour the baseline or a layer decided keeps that row's confidence, whatever articles
    confirm it;
  - a contested colour is low: the sources disagree;
  - otherwise two or more independent sources are high with a stated day and medium without;
    one source is medium with a stated day and low without.
  - a unit nothing speaks of has no confidence at all ("no evidence").
* **Reviewed.** Deciding records a person confirmed or corrected (geo/reviews.py) are named
  with their reviewers ("checked by a reviewer: Rana"); a review does not change the confidence
  word, which says what the sources say, not who read them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass

from geo.control import Timeline, UnitState
from geo.records import EventRecord
from geo.sources import Source, safe_url

# A date basis starting so was taken by a rule when the sentence had no date words of its own.
DEFAULT_DATE_BASIS = "no date words"
DAY_PRECISION = 1


@dataclass(frozen=True)
class ColourProvenance:
    """How sure one colour is (see the module docstring for the rule)."""

    confidence: str  # high | medium | low | "" (no evidence)
    source_ids: tuple[str, ...]  # the articles among the evidence, in evidence order
    outlets: tuple[str, ...]  # one per independent source: the outlet, else the source's title
    urls: tuple[str, ...]  # the sources' web addresses (http/https only), where given
    background: bool  # the baseline or a layer is among the evidence
    baseline_decided: bool  # the colour is the background row's own (articles at most confirm it)
    claimed: bool  # exactly one independent source
    date_inferred: bool  # no deciding record states its day
    reviewed: bool  # every deciding record was confirmed or corrected by a person
    reviewers: tuple[str, ...]  # who reviewed deciding records, in evidence order
    words: (
        str  # one line, e.g. "low confidence · claimed (1 independent source: Daily Sabah) · date inferred"
    )

    @property
    def source_count(self) -> int:
        """Independent sources: distinct outlets."""
        return len(self.outlets)


def date_is_stated(record: EventRecord) -> bool:
    """The record's sentence gives its day: precision 1 from its own (or its anchor's) date words,
    not a default taken for a sentence without any."""
    return record.time_precision == DAY_PRECISION and not record.date_basis.startswith(DEFAULT_DATE_BASIS)


def _outlet_key(source_id: str, sources: Mapping[str, Source]) -> tuple[str, str]:
    """(identity, display name) of the voice behind a source: its outlet when known."""
    source = sources.get(source_id)
    if source is not None and source.outlet:
        return source.outlet.strip().casefold(), source.outlet.strip()
    return source_id, source.title if source is not None else source_id


def colour_provenance(
    state: UnitState, timeline: Timeline, sources: Mapping[str, Source]
) -> ColourProvenance:
    """How sure the colour of `state` is, by the rule in this module's docstring."""
    records = [timeline.records_by_id[e] for e in state.evidence if e in timeline.records_by_id]
    source_ids = tuple(dict.fromkeys(r.source_id for r in records))
    voices: dict[str, str] = {}
    for sid in source_ids:
        key, name = _outlet_key(sid, sources)
        voices.setdefault(key, name)
    outlets = tuple(voices.values())
    urls = tuple(
        dict.fromkeys(u for sid in source_ids if (u := safe_url(getattr(sources.get(sid), "url", None))))
    )
    layer_id = timeline.background_id(state)
    background = layer_id is not None
    # The timeline carries the background row's confidence exactly when that row decided the state.
    baseline_decided = background and (bool(state.confidence) or not records)
    # Articles that only confirm the baseline neither make it "claimed" nor move its date.
    claimed = not baseline_decided and len(outlets) == 1
    inferred = bool(records) and not baseline_decided and not any(date_is_stated(r) for r in records)
    if baseline_decided:
        row = timeline.background_row(state.adm3_id, layer_id or "")
        confidence = state.confidence or (row.confidence if row is not None else "")
    elif not records:
        confidence = ""
    elif state.status == "contested":
        confidence = "low"
    elif len(outlets) >= 2:
        confidence = "medium" if inferred else "high"
    else:
        confidence = "low" if inferred else "medium"
    reviewers = tuple(dict.fromkeys(r.reviewer for r in records if r.reviewed and r.reviewer))
    return ColourProvenance(
        confidence=confidence,
        source_ids=source_ids,
        outlets=outlets,
        urls=urls,
        background=background,
        baseline_decided=baseline_decided,
        claimed=claimed,
        date_inferred=inferred,
        reviewed=bool(records) and all(r.reviewed for r in records),
        reviewers=reviewers,
        words=_words(
            confidence,
            outlets,
            timeline.background_labels.get(layer_id or "", "") if baseline_decided else "",
            claimed,
            inferred,
            state.status,
        )
        + (f" · checked by a reviewer: {', '.join(reviewers)}" if reviewers else ""),
    )


def _sources_words(outlets: tuple[str, ...]) -> str:
    n = len(outlets)
    return f"{n} independent source{'s' if n != 1 else ''}: {', '.join(outlets)}"


def _words(
    confidence: str,
    outlets: tuple[str, ...],
    background: str,
    claimed: bool,
    inferred: bool,
    status: str,
) -> str:
    if not confidence:
        return "no evidence: nothing speaks of this sub-district on this date"
    parts = [f"{confidence} confidence"]
    if background:
        parts.append(f"{background} (background knowledge, not an article)")
        if outlets:
            parts.append(f"confirmed by {_sources_words(outlets)}")
    else:
        if status == "contested":
            parts.append("contested: the sources disagree")
        parts.append(f"claimed ({_sources_words(outlets)})" if claimed else _sources_words(outlets))
    if inferred:
        parts.append("date inferred")
    return " · ".join(parts)


def provenance_html(provenance: ColourProvenance) -> str:
    """The words as one escaped HTML block (outlet names come from source metadata: untrusted).
    A <div>, so that Markdown leaves an outlet's own *, _ or [x](y) alone."""
    return f"<div class='fl-provenance'><small>{html.escape(provenance.words, quote=True)}</small></div>"
