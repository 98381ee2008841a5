"""Control timeline: who holds each of Syria's 272 sub-districts on any date, and why.

The rules (the Method page explains them to users):

* **Baseline and layers.** From 2020-03-06 every sub-district starts from its row in the baseline
  (source `baseline-2020`), background knowledge of the frozen 2020-2024 front lines; the dated
  layers after it (the fall of Assad on 2024-12-08, then snapshots; geo/snapshots.py) restart a
  unit's story on their row's date the same way. The background row in force
  (`ControlLayers.base_on`) is the unit's starting state; claims that ended before that row's
  date are history, and claims after it apply on top. Before 2020-03-06 the background says
  nothing, and a unit without evidence is `unknown`.
* **Sides by era.** A side and its successor (data/factions.csv `successor`: HTS and the SNA
  became the government) are one story from the successor's first day: "HTS took X" in
  December 2024 confirms a government-held X rather than contesting it. After the old side's
  `valid_to` the map draws its ground in the successor's colour, as the layers do.
* **What a claim colours.** A `captured` or `control_claim` record whose actor1 is a territorial
  side claims the sub-district containing its place (geo_precision 1-2), even when the town fills
  only part of it. An area record (geo_precision 3) claims every sub-district of the area only when
  the text says the whole area ("all of Idlib province"); "towns in northeastern Syria" names no
  particular unit, so it is kept as context and colours nothing.
* **Dates.** A claim dated to a range ("last week": 25 Nov-1 Dec) says the change happened by the
  range's last day, so the claimant holds the unit *on* that day (`settled`). On the days before
  it, inside the range, the change may or may not have happened yet: the unit is `possible`
  ("possibly changed", still in the old holder's colour). It is `changing` ("changing hands")
  instead on a day when fighting is reported in the unit: a `clashes` or `offensive` record placed
  in it (its town, or the whole of an area containing it) and dated to the day (time precision 1)
  covers that day. A week-precision offensive does not: it says fighting happened sometime that
  week, not on each of its days.
* **Disagreement** among claims that have settled, resolved in this order:
  1. *Sides that agree are one story.* "Opposition" is an umbrella: it agrees with HTS and the SNA.
     Claims that agree with the deciding one support it, and the more specific side is shown.
  2. *Later evidence wins*: the claim whose range ends later (it says who held the unit more
     recently).
  3. *At the same end date, the stronger type wins*: a capture over a control claim (a photo
     caption saying "an opposition fighter in X" is weaker than a report that X was captured).
  4. Claims ending the same day with the same type and sides that cannot both be right leave the
     unit `contested` (cross-hatched in the rival's colour).
  A rival claim that overlaps the deciding story in time and lost by rule 2 or 3 is *overruled*:
  the state keeps its id (`UnitState.overruled`) and the panel shows it. Older rival claims that do
  not overlap are history (the unit changed hands since). While claims are still open (inside
  their ranges), two or more that name sides which cannot both be right make the unit `contested`.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.baseline import BASELINE_ID, BASELINE_START, BaselineRow
from geo.boundaries import EQUAL_AREA_CRS
from geo.factions import UNKNOWN_ID, Faction, load_factions, umbrellas
from geo.record_table import RecordsById, RecordTable
from geo.records import EventRecord
from geo.snapshots import BASELINE_LABEL, BaseRow, ControlLayers

if TYPE_CHECKING:
    from geo.store.location import StoreLocation

UNKNOWN = UNKNOWN_ID
COLOURING_TYPES = ("captured", "control_claim")
# Rule 3: at the same end date, a capture outweighs a control claim.
STRENGTH = {"captured": 2, "control_claim": 1}
# Fighting that makes a unit inside a claim's range "changing hands" rather than "possibly changed".
FIGHTING_TYPES = ("clashes", "offensive")
STATUSES = ("settled", "possible", "changing", "contested")
STATUS_WORDS = {
    "settled": "settled",
    "possible": "possibly changed",
    "changing": "changing hands",
    "contested": "contested",
}
# Territory counts units that are not settled apart, under this pseudo-controller.
IN_FLUX = "in_flux"
IN_FLUX_WORDS = "changing hands or possibly changed"


def compatible(a: str, b: str, umbrella: Mapping[str, str]) -> bool:
    """The same side, or a side and its umbrella (`umbrella`: data/factions.csv, `umbrellas`)."""
    return a == b or umbrella.get(a) == b or umbrella.get(b) == a


def successor_periods(factions: Mapping[str, Faction]) -> dict[frozenset[str], date]:
    """{side, its successor} -> the first day they are one story: the successor's valid_from (the
    day after the old side's valid_to when the successor has none). From then on the old side's
    name and the new one's say the same thing of who holds ground (HTS ran the caretaker
    government from 8 Dec 2024, and was renamed the government on 29 Jan 2025)."""
    periods: dict[frozenset[str], date] = {}
    for f in factions.values():
        if f.successor and f.valid_to:
            succ = factions.get(f.successor)
            first = succ.valid_from if succ and succ.valid_from else f.valid_to + timedelta(days=1)
            periods[frozenset((f.id, f.successor))] = first
    return periods


def more_specific(a: str, b: str, umbrella: Mapping[str, str]) -> str:
    """Of two compatible sides, the one that says more (HTS rather than "opposition")."""
    return a if umbrella.get(a) == b else b if umbrella.get(b) == a else a


@dataclass(frozen=True)
class Claim:
    """One record's statement that `controller` held `unit` by the end of [start, end]."""

    unit: str
    controller: str
    start: date
    end: date
    event_id: str
    event_type: str

    @property
    def rank(self) -> tuple[date, int, date, str]:
        """Precedence among settled claims (rules 2 and 3): later end, then stronger type. The
        start and the id only make the order total (a narrower range is not better evidence)."""
        return (self.end, STRENGTH.get(self.event_type, 0), self.start, self.event_id)

    @property
    def weight(self) -> tuple[date, int]:
        """What rules 2 and 3 compare: claims of equal weight and incompatible sides contest."""
        return (self.end, STRENGTH.get(self.event_type, 0))


@dataclass(frozen=True)
class UnitState:
    adm3_id: str
    controller: str  # while a change is open: the side still holding it
    status: str  # settled | possible | changing | contested (see STATUSES, STATUS_WORDS)
    to_controller: str  # possible/changing: the side taking it; contested: the rival claim; else ""
    # settled: the day the deciding claim settled (its range's last day), or the baseline's first
    # day; while a change is open: the first day of the open claims' ranges.
    since: date | None
    # event ids and/or the background's id (the baseline's or a layer's) that decided the state
    evidence: tuple[str, ...]
    controller2: str = ""  # a second holder where the baseline splits the unit
    confidence: str = ""  # the background row's confidence when the baseline or a layer decided
    # The dates within which the change happened (settled) or is happening (open), when the
    # deciding claim spans more than one day: "sometime between 25 Nov and 1 Dec 2024".
    window: tuple[date, date] | None = None
    overruled: tuple[str, ...] = ()  # rival claims that lost by rule 2 or 3 (event ids)
    in_progress: bool = False  # claims still inside their ranges name a side other than the holder


@dataclass(frozen=True)
class ClaimNote:
    """A claim on a unit that did not decide its state, and how it relates to the one that did."""

    claim: Claim
    relation: str  # agrees | overruled | contests
    reason: str  # plain words, e.g. "older evidence"


def claims_of(record: EventRecord, known_units: Collection[str], territorial: Collection[str]) -> list[Claim]:
    """The units a record claims, by the rules in this module's docstring."""
    if record.event_type not in COLOURING_TYPES:
        return []
    controller = record.actor1 if record.actor1 in territorial else ""
    if not controller:
        # "Russian forces and the Syrian army took X": the territorial side among the agents holds it.
        assoc = [a for a in record.assoc_actor1.split("|") if a in territorial]
        controller = assoc[0] if assoc else ""
    if not controller:
        return []
    start, end = date.fromisoformat(record.date_start), date.fromisoformat(record.date_end)
    return [
        Claim(u, controller, start, end, record.event_id, record.event_type)
        for u in _units_of(record)
        if u in known_units
    ]


def _units_of(record: EventRecord) -> list[str]:
    """The sub-districts a record speaks of as a whole: its town's, or every unit of a whole area."""
    if record.geo_precision in (1, 2) and record.admin3:
        return [record.admin3]
    if record.geo_precision == 3 and record.coverage == "whole":
        return list(record.area_units)
    return []


def _days(start: date, end: date, limit: int = 31) -> list[date]:
    """The days of [start, end], at most `limit` of them (a longer day-precise range is rare)."""
    return [start + timedelta(days=i) for i in range(min((end - start).days + 1, limit))]


def _signature(s: UnitState) -> tuple[str, str, str, str]:
    """What the map draws of a state: a different signature is a different map."""
    return (s.controller, s.controller2, s.status, s.to_controller)


class Timeline:
    """Control of every unit on any date, computed from the background (the baseline and the
    dated layers) and the records. Without `layers` the background is the baseline alone."""

    def __init__(
        self,
        adm3: gpd.GeoDataFrame,
        baseline: dict[str, BaselineRow],
        records: Iterable[EventRecord],
        territorial: Collection[str],
        layers: ControlLayers | None = None,
    ) -> None:
        self.units = adm3.sort_values("adm3_id").reset_index(drop=True)
        self.unit_ids: list[str] = list(self.units["adm3_id"])
        self.unit_names: dict[str, tuple[str, str, str]] = {
            r.adm3_id: (r.adm3_name, r.adm2_name, r.adm1_name) for r in self.units.itertuples()
        }
        self.baseline = baseline
        self.layers = layers if layers is not None else ControlLayers(baseline, [], {})
        self._successors = successor_periods(self.layers.factions)
        # The generic side each specific one belongs to: a claim by the umbrella confirms its members.
        # Without layers (a small test world) there is no factions table, so the project's is used.
        self.umbrella = umbrellas(self.layers.factions if layers is not None else load_factions())
        # The background's evidence ids (the baseline's and each layer's) -> their labels.
        self.background_labels: dict[str, str] = {
            BASELINE_ID: BASELINE_LABEL,
            **{layer.id: layer.label for layer in self.layers.layers},
        }
        # By column (geo/record_table.py): a million EventRecord objects would not fit in memory.
        rows = records if isinstance(records, RecordTable) else list(records)
        self.records = rows if isinstance(rows, RecordTable) else RecordTable(rows)
        self.records_by_id = RecordsById(self.records)
        known = set(self.unit_ids)
        sides = set(territorial)
        by_unit: dict[str, list[Claim]] = defaultdict(list)
        mentions: dict[str, list[int]] = defaultdict(list)
        by_place: dict[str, list[int]] = defaultdict(list)
        self._fighting: dict[str, set[date]] = defaultdict(set)
        for pos, record in enumerate(rows):  # the records as given: no need to read them back
            if record.place_id:
                by_place[record.place_id].append(pos)
            for claim in claims_of(record, known, sides):
                by_unit[claim.unit].append(claim)
            for unit in {record.admin3, *record.area_units} & known:
                mentions[unit].append(pos)
            if record.event_type in FIGHTING_TYPES and record.time_precision == 1:
                days = _days(date.fromisoformat(record.date_start), date.fromisoformat(record.date_end))
                for unit in set(_units_of(record)) & known:
                    self._fighting[unit].update(days)
        # Each unit's and place's records newest first, as row positions, with their start days
        # (codes into `records.days`): a date's view of them is a filter of this order.
        rank = _newest_rank(self.records)
        starts = self.records.day_codes("date_start")
        self._unit_order = {u: _newest_first(found, rank) for u, found in mentions.items()}
        self._place_order = {p: _newest_first(found, rank) for p, found in by_place.items()}
        self._unit_starts = {u: starts[order] for u, order in self._unit_order.items()}
        # By start, so that a date's begun claims are a prefix found by bisection; by rank (whose
        # first key is the end), so that a date's settled claims are a prefix too.
        self._claims = {u: sorted(c, key=lambda c: (c.start, c.end, c.event_id)) for u, c in by_unit.items()}
        self._starts = {u: [c.start for c in cs] for u, cs in self._claims.items()}
        self._ranked = {u: sorted(cs, key=lambda c: c.rank) for u, cs in self._claims.items()}
        self._ends = {u: [c.end for c in cs] for u, cs in self._ranked.items()}
        self._longest = {u: max(c.end - c.start for c in cs) for u, cs in self._claims.items()}
        self._areas = self.units.set_index("adm3_id").to_crs(EQUAL_AREA_CRS).area / 1e6
        self._cache: dict[date, dict[str, UnitState]] = {}
        self._story: tuple[list[date], list[tuple[date, date]]] | None = None

    # --- state of one unit --------------------------------------------------------------------
    def background(self, unit: str, day: date) -> UnitState:
        """The state the background alone gives `unit` on `day`: the baseline or layer row in
        force (its id as evidence), or unknown before the baseline."""
        row = self.layers.base_on(unit, day)
        if row is None:
            return UnitState(unit, UNKNOWN, "settled", "", None, ())
        return UnitState(
            unit,
            row.controller,
            "settled",
            "",
            row.since,
            (row.layer_id,),
            row.controller2 or "",
            row.confidence,
        )

    def background_id(self, state: UnitState) -> str | None:
        """The baseline's or a layer's id among the state's evidence, if any."""
        return next((e for e in state.evidence if e in self.background_labels), None)

    def background_row(self, unit: str, layer_id: str, day: date | None = None) -> BaseRow | None:
        """The row the baseline or layer `layer_id` gives `unit`: as in force on `day` (sides
        renamed for that day) when it is the row in force then, else as written."""
        if day is not None and (row := self.layers.base_on(unit, day)) and row.layer_id == layer_id:
            return row
        return self.layers.row_of(unit, layer_id)

    def agree(self, a: str, b: str, day: date) -> bool:
        """Whether two sides tell one story on `day`: the same, an umbrella and its member, or a
        side and its successor from the successor's first day (see the module docstring)."""
        if compatible(a, b, self.umbrella):
            return True
        first = self._successors.get(frozenset((a, b)))
        return first is not None and day >= first

    def _rename(self, side: str, day: date) -> str:
        """The side's name on `day` (HTS ground is the government's after 28 Jan 2025)."""
        faction = self.layers.factions.get(side)
        return (faction.side_on(day) if faction and side else None) or side

    def unit_state(self, unit: str, day: date) -> UnitState:
        base = self.background(unit, day)
        if unit not in self._claims:
            return base
        # Claims are weighed against the background row as written (HTS, not the government it
        # became on 29 Jan 2025): "opposition took Idlib" in 2024 agrees with HTS-held Idlib. The
        # result is renamed for `day` at the end, like the background itself.
        row = self.layers.row_of(unit, base.evidence[0]) if base.evidence else None
        written = base
        if row is not None and (row.controller, row.controller2 or "") != (base.controller, base.controller2):
            written = replace(
                base, controller=row.controller, controller2=row.controller2 or "", since=row.since
            )
        ranked, ends = self._ranked[unit], self._ends[unit]
        # A background row restarts the story on its date: claims that ended before it are history.
        restart = self.layers.restart_day(unit, day)
        lo = bisect.bisect_left(ends, restart) if restart is not None else 0
        state = self._settle(unit, written, ranked, lo, bisect.bisect_right(ends, day), day)
        # Open claims began at most the unit's longest range ago: only those are looked at.
        starts = self._starts[unit]
        first = bisect.bisect_left(starts, day - self._longest[unit])
        begun = self._claims[unit][first : bisect.bisect_right(starts, day)]
        open_claims = [c for c in begun if c.end > day]
        if open_claims:
            state = self._in_progress(unit, state, open_claims, day)
        if written is not base:
            state = self._renamed(state, day)
            if (state.controller, state.since) == (base.controller, written.since):
                state = replace(state, since=base.since)  # the day the side was renamed
        elif self._successors:
            state = self._renamed(state, day)
        return state

    def _renamed(self, s: UnitState, day: date) -> UnitState:
        controller, to = self._rename(s.controller, day), self._rename(s.to_controller, day)
        second = self._rename(s.controller2, day)
        if (controller, to, second) == (s.controller, s.to_controller, s.controller2):
            return s
        if to == controller and s.status in ("possible", "changing"):
            # The claim names the holder under its new name: nothing is changing.
            return replace(s, controller=controller, status="settled", to_controller="", in_progress=False)
        return replace(
            s, controller=controller, to_controller=to, controller2="" if second == controller else second
        )

    def _settle(
        self, unit: str, base: UnitState, ranked: Sequence[Claim], lo: int, hi: int, day: date
    ) -> UnitState:
        """The state the settled claims `ranked[lo:hi]` (in rank order) leave, by the rules in the
        module docstring. Walks back from the deciding claim only as far as the story goes."""
        if hi <= lo:
            return base
        head = ranked[hi - 1]
        shown, chain, rivals, overruled = head.controller, [head], [], []
        earliest, reached_base = head.start, True
        for i in range(hi - 2, lo - 1, -1):
            c = ranked[i]
            if self.agree(c.controller, shown, day):
                shown = more_specific(shown, c.controller, self.umbrella)
                chain.append(c)
                earliest = min(earliest, c.start)
            elif c.weight == head.weight:
                rivals.append(c)
            elif c.end >= earliest:
                overruled.append(c)
            else:  # an older rival that does not overlap: the unit changed hands since
                reached_base = False
                break
        # The claim that brought the side: the chain's earliest to end, a capture before a control
        # claim (a caption on the day says nothing of when the unit was taken).
        first = min(chain, key=lambda c: (c.end, -STRENGTH.get(c.event_type, 0), c.start))
        window = (first.start, first.end) if first.start < first.end else None
        ids = [c.event_id for c in chain + rivals]
        # The claims that decided it, then the baseline they changed (unless a rival came between).
        evidence = tuple(dict.fromkeys([*ids, *(base.evidence if reached_base else ())]))
        lost = tuple(c.event_id for c in overruled)
        if rivals:
            return UnitState(
                unit,
                shown,
                "contested",
                rivals[0].controller,
                head.end,
                evidence,
                window=window,
                overruled=lost,
            )
        # A generic claim over a unit its member already holds confirms it; keep the member.
        confirms = reached_base and base.controller != UNKNOWN and self.agree(shown, base.controller, day)
        if confirms and more_specific(base.controller, shown, self.umbrella) == base.controller:
            return UnitState(
                unit,
                base.controller,
                "settled",
                "",
                base.since,
                evidence,
                base.controller2,
                base.confidence,
                overruled=lost,
            )
        return UnitState(unit, shown, "settled", "", first.end, evidence, window=window, overruled=lost)

    def _in_progress(self, unit: str, before: UnitState, open_claims: list[Claim], day: date) -> UnitState:
        sides: list[str] = []
        for c in open_claims:
            if not any(self.agree(c.controller, s, day) for s in sides):
                sides.append(c.controller)
        evidence = tuple(dict.fromkeys([*(c.event_id for c in open_claims), *before.evidence]))
        since = min(c.start for c in open_claims)
        window = (since, max(c.end for c in open_claims))
        if len(sides) > 1:
            rival = next((s for s in sides if not self.agree(s, before.controller, day)), sides[1])
            return UnitState(
                unit,
                before.controller,
                "contested",
                rival,
                since,
                evidence,
                window=window,
                overruled=before.overruled,
                in_progress=True,
            )
        incoming = sides[0]
        for c in open_claims:
            incoming = more_specific(incoming, c.controller, self.umbrella)
        if self.agree(incoming, before.controller, day) and before.controller != UNKNOWN:
            return UnitState(
                unit,
                before.controller,
                before.status,
                before.to_controller,
                before.since,
                evidence,
                before.controller2,
                before.confidence,
                before.window,
                before.overruled,
            )
        status = "changing" if day in self._fighting.get(unit, ()) else "possible"
        return UnitState(
            unit,
            before.controller,
            status,
            incoming,
            since,
            evidence,
            window=window,
            overruled=before.overruled,
            in_progress=True,
        )

    def other_claims(self, state: UnitState) -> list[ClaimNote]:
        """The claims behind a state besides the one that decided it: those that agree (a less
        specific side, a weaker type), a rival tied with it (contested), and those overruled by
        rule 2 or 3. While a change is open only the overruled are listed: the open claims are
        the change itself."""
        by_id = {c.event_id: c for c in self._claims.get(state.adm3_id, [])}
        ids = [e for e in state.evidence if e in by_id]
        notes: list[ClaimNote] = []
        if ids and not state.in_progress:
            for e in ids[1:]:
                c = by_id[e]
                # The state's day is not known here; a side and its successor agree on every day
                # a claim by the successor can exist.
                if self.agree(c.controller, state.controller, date.max):
                    less = self.umbrella.get(state.controller) == c.controller
                    notes.append(ClaimNote(c, "agrees", "a less specific side" if less else "the same side"))
                else:
                    notes.append(ClaimNote(c, "contests", "same end date and type as the deciding claim"))
        for e in state.overruled:
            c = by_id[e]
            stronger = any(by_id[i].end == c.end and by_id[i].rank > c.rank for i in ids)
            notes.append(
                ClaimNote(c, "overruled", "a weaker type of claim" if stronger else "older evidence")
            )
        return notes

    # --- whole map ------------------------------------------------------------------------------
    def states_at(self, day: date) -> dict[str, UnitState]:
        if day not in self._cache:
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[day] = {u: self.unit_state(u, day) for u in self.unit_ids}
        return self._cache[day]

    def control_at(self, day: date) -> gpd.GeoDataFrame:
        """One row per sub-district: ids, names, controller, status, since, evidence ids, and the
        ids of claims overruled by the conflict rules."""
        states = self.states_at(day)
        frame = self.units[
            ["adm3_id", "adm3_name", "adm2_id", "adm2_name", "adm1_id", "adm1_name", "geometry"]
        ].copy()
        ordered = [states[u] for u in self.unit_ids]
        frame["controller"] = [s.controller for s in ordered]
        frame["controller2"] = [s.controller2 for s in ordered]
        frame["status"] = [s.status for s in ordered]
        frame["to_controller"] = [s.to_controller for s in ordered]
        frame["since"] = [s.since.isoformat() if s.since else "" for s in ordered]
        frame["confidence"] = [s.confidence for s in ordered]
        frame["evidence"] = [list(s.evidence) for s in ordered]
        frame["overruled"] = [list(s.overruled) for s in ordered]
        return frame

    def changes_between(self, d1: date, d2: date) -> pd.DataFrame:
        """Units whose controller or status differs between two dates, with the evidence at d2."""
        a, b = self.states_at(d1), self.states_at(d2)
        names = dict(zip(self.units["adm3_id"], self.units["adm3_name"], strict=True))
        rows = [
            {
                "adm3_id": u,
                "adm3_name": names[u],
                "from_controller": a[u].controller,
                "from_status": a[u].status,
                "to_controller": b[u].controller,
                "to_status": b[u].status,
                "area_km2": round(float(self._areas[u]), 1),
                "evidence": list(b[u].evidence),
            }
            for u in self.unit_ids
            if (a[u].controller, a[u].status, a[u].to_controller)
            != (b[u].controller, b[u].status, b[u].to_controller)
        ]
        return pd.DataFrame(
            rows,
            columns=[
                "adm3_id",
                "adm3_name",
                "from_controller",
                "from_status",
                "to_controller",
                "to_status",
                "area_km2",
                "evidence",
            ],
        )

    def area_by_faction(self, day: date) -> pd.DataFrame:
        """km² and % of Syria per controller, in an equal-area projection. A settled unit counts
        wholly to its controller (the side holding its seat and most settlements): where the
        baseline names a second holder, the line between them is not in the data, so no share is
        invented. A unit that is not settled (changing hands, possibly changed, contested) counts
        to neither side: it is the pseudo-controller IN_FLUX."""
        totals: dict[str, float] = defaultdict(float)
        for u, s in self.states_at(day).items():
            totals[s.controller if s.status == "settled" else IN_FLUX] += float(self._areas[u])
        whole = float(self._areas.sum())
        rows = [
            {"controller": k, "km2": round(v, 1), "percent": round(100 * v / whole, 2)}
            for k, v in totals.items()
        ]
        return pd.DataFrame(rows, columns=["controller", "km2", "percent"]).sort_values(
            "km2", ascending=False, ignore_index=True
        )

    def timeline_dates(self) -> list[date]:
        """The baseline's first day, every day a background row starts or a side is renamed, and
        every day a record begins or ends."""
        days: set[date] = {BASELINE_START, *self.layers.change_days()}
        # Every day in the records' dictionary of days is some record's start or end.
        days.update(date.fromisoformat(d) for d in self.records.days)
        return sorted(days)

    # --- the story: when the map changes -------------------------------------------------------
    def change_days(self) -> list[date]:
        """Days on which some unit's state (holder, second holder, status, incoming side) differs
        from the day before: the days on which the control map changes."""
        return self._tell()[0]

    def change_periods(self) -> list[tuple[date, date]]:
        """Stretches of days on which control changes or a change is under way (a claim still
        inside its range names a side other than the holder), merged where they touch: e.g. an
        offensive's week. The day before each one shows no change under way."""
        return self._tell()[1]

    def _tell(self) -> tuple[list[date], list[tuple[date, date]]]:
        """One pass over each unit's candidate days (claim starts and ends, the edges of reported
        fighting, the baseline's first day, the background's change days): a unit's state can
        change on no other day."""
        if self._story is not None:
            return self._story
        changed: set[date] = {BASELINE_START} if self.baseline else set()
        busy: list[tuple[date, date]] = []
        background = self.layers.change_days()  # a dozen days: cheap to try for every unit
        for unit in self.unit_ids:
            claims = self._claims.get(unit, [])
            days = {BASELINE_START, *background}
            for c in claims:
                days.update((c.start, c.end))
            for d in self._fighting.get(unit, ()):
                days.update((d, d + timedelta(days=1)))
            ordered = sorted(days)
            previous = _signature(self.unit_state(unit, ordered[0] - timedelta(days=1)))
            for k, day in enumerate(ordered):
                s = self.unit_state(unit, day)
                if _signature(s) != previous:
                    changed.add(day)
                    busy.append((day, day))
                    previous = _signature(s)
                if s.in_progress:
                    until = ordered[k + 1] - timedelta(days=1) if k + 1 < len(ordered) else day
                    busy.append((day, until))
        periods: list[tuple[date, date]] = []
        for start, end in sorted(busy):
            if periods and start <= periods[-1][1] + timedelta(days=1):
                periods[-1] = (periods[-1][0], max(end, periods[-1][1]))
            else:
                periods.append((start, end))
        self._story = (sorted(changed), periods)
        return self._story

    # --- records --------------------------------------------------------------------------------
    def records_for_place(self, place_id: str) -> list[EventRecord]:
        """Every record of one place, newest first."""
        return self.records.rows(self._place_order.get(place_id, ()))

    def records_for_unit(self, unit: str, day: date) -> list[EventRecord]:
        """Every record placed in the unit (or in an area covering it) that began by `day`, newest first."""
        order = self._unit_order.get(unit)
        if order is None:
            return []
        begun = self._unit_starts[unit] < self.records.days_upto(day.isoformat())
        return self.records.rows(order[begun])

    def newest_for_unit(self, unit: str, day: date) -> EventRecord | None:
        """`records_for_unit(unit, day)[0]` without building the list (a map draws one per unit)."""
        order = self._unit_order.get(unit)
        if order is None:
            return None
        begun = self._unit_starts[unit] < self.records.days_upto(day.isoformat())
        k = int(np.argmax(begun))
        return self.records[int(order[k])] if begun[k] else None


def _newest_rank(records: RecordTable) -> np.ndarray:
    """Each row's place in the order newest first: by (date_end, date_start, event_id) descending,
    rows with equal keys in row order (as a stable sort with reverse=True leaves them)."""
    n = len(records)
    ends = records.day_codes("date_end").astype(np.int64)
    starts = records.day_codes("date_start").astype(np.int64)
    ids = records.text_codes("event_id")
    if ids is not None:
        id_keys = -ids[0].astype(np.int64)
    else:  # ids of another type (never from a store): their order, found the slow way
        order_of = {e: k for k, e in enumerate(sorted({r.event_id for r in records}))}
        id_keys = -np.array([order_of[r.event_id] for r in records], dtype=np.int64)
    order = np.lexsort((np.arange(n), id_keys, -starts, -ends))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n)
    return rank


def _newest_first(rows: list[int], rank: np.ndarray) -> np.ndarray:
    positions = np.array(rows, dtype=np.int32)
    return positions[np.argsort(rank[positions], kind="stable")]


def load_timeline(store_path: StoreLocation | None = None) -> Timeline:
    """The timeline from the project's data: boundaries, baseline, dated layers, factions and the
    event store."""
    from geo import paths
    from geo.baseline import load_baseline
    from geo.boundaries import load_boundaries
    from geo.factions import load_factions, territorial_factions
    from geo.snapshots import load_layers
    from geo.store import open_reader

    adm3 = load_boundaries().adm3
    factions = load_factions()
    ids = set(adm3["adm3_id"])
    baseline = load_baseline(factions=factions, adm3_ids=ids)
    layers = ControlLayers(baseline, load_layers(factions=factions, adm3_ids=ids), factions)
    with open_reader(store_path or paths.store_path()) as store:
        records = store.events()
    territorial = set(territorial_factions(factions)) - {UNKNOWN_ID}
    return Timeline(adm3, baseline, records, territorial, layers)
