"""Control timeline: who holds each of Syria's 272 sub-districts on any date, and why.

The rules (the Method page explains them to users):

* **Baseline.** From 2020-03-06 every sub-district starts from its row in the baseline (source
  `baseline-2020`), background knowledge of the frozen 2020-2024 front lines. Before that date the
  baseline says nothing, and a unit without evidence is `unknown`.
* **What a claim colours.** A `captured` or `control_claim` record whose actor1 is a territorial
  side claims the sub-district containing its place (geo_precision 1-2), even when the town fills
  only part of it. An area record (geo_precision 3) claims every sub-district of the area only when
  the text says the whole area ("all of Idlib province"); "towns in northeastern Syria" names no
  particular unit, so it is kept as context and colours nothing.
* **Dates.** During a claim's date range the unit is `changing` (from the previous controller to
  the claimant); after the range ends the claimant holds it (`settled`). The latest evidence wins.
* **Disagreement.** Claims whose ranges overlap the latest claim and name an incompatible side
  make the unit `contested`; every claim is kept in the evidence. "Opposition" is an umbrella:
  it agrees with HTS and the SNA, and the more specific side is shown.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.baseline import BASELINE_ID, BASELINE_START, BaselineRow
from geo.boundaries import EQUAL_AREA_CRS
from geo.factions import UNKNOWN_ID
from geo.records import EventRecord

UNKNOWN = UNKNOWN_ID
COLOURING_TYPES = ("captured", "control_claim")
# The generic side each specific one belongs to: a claim by the umbrella confirms its members.
UMBRELLA = {"hts": "opposition", "sna": "opposition"}


def compatible(a: str, b: str) -> bool:
    return a == b or UMBRELLA.get(a) == b or UMBRELLA.get(b) == a


def more_specific(a: str, b: str) -> str:
    """Of two compatible sides, the one that says more (HTS rather than "opposition")."""
    return a if UMBRELLA.get(a) == b else b if UMBRELLA.get(b) == a else a


@dataclass(frozen=True)
class Claim:
    """One record's statement that `controller` held `unit` by the end of [start, end]."""

    unit: str
    controller: str
    start: date
    end: date
    event_id: str
    event_type: str


@dataclass(frozen=True)
class UnitState:
    adm3_id: str
    controller: str  # during a change: the side still holding it
    status: str  # settled | changing | contested
    to_controller: str  # changing: the side taking it; contested: the rival claim; else ""
    since: date | None
    evidence: tuple[str, ...]  # event ids and/or the baseline id that decided the state
    controller2: str = ""  # a second holder where the baseline splits the unit
    confidence: str = ""  # the baseline row's confidence when the baseline decided


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
    if record.geo_precision in (1, 2) and record.admin3:
        units = [record.admin3]
    elif record.geo_precision == 3 and record.coverage == "whole":
        units = list(record.area_units)
    else:
        units = []
    start, end = date.fromisoformat(record.date_start), date.fromisoformat(record.date_end)
    return [
        Claim(u, controller, start, end, record.event_id, record.event_type)
        for u in units
        if u in known_units
    ]


class Timeline:
    """Control of every unit on any date, computed from the baseline and the records."""

    def __init__(
        self,
        adm3: gpd.GeoDataFrame,
        baseline: dict[str, BaselineRow],
        records: Iterable[EventRecord],
        territorial: Collection[str],
    ) -> None:
        self.units = adm3.sort_values("adm3_id").reset_index(drop=True)
        self.unit_ids: list[str] = list(self.units["adm3_id"])
        self.unit_names: dict[str, tuple[str, str, str]] = {
            r.adm3_id: (r.adm3_name, r.adm2_name, r.adm1_name) for r in self.units.itertuples()
        }
        self.baseline = baseline
        self.records = list(records)
        self.records_by_id = {r.event_id: r for r in self.records}
        known = set(self.unit_ids)
        sides = set(territorial)
        by_unit: dict[str, list[Claim]] = defaultdict(list)
        self._mentions: dict[str, list[EventRecord]] = defaultdict(list)
        self._by_place: dict[str, list[EventRecord]] = defaultdict(list)
        for record in self.records:
            if record.place_id:
                self._by_place[record.place_id].append(record)
            for claim in claims_of(record, known, sides):
                by_unit[claim.unit].append(claim)
            for unit in {record.admin3, *record.area_units} & known:
                self._mentions[unit].append(record)
        # Sorted by start so a date's visible claims are a prefix found by bisection.
        self._claims = {u: sorted(c, key=lambda c: (c.start, c.end, c.event_id)) for u, c in by_unit.items()}
        self._starts = {u: [c.start for c in cs] for u, cs in self._claims.items()}
        self._areas = self.units.set_index("adm3_id").to_crs(EQUAL_AREA_CRS).area / 1e6
        self._cache: dict[date, dict[str, UnitState]] = {}
        self._place_order: dict[str, list[EventRecord]] = {}
        self._unit_order: dict[str, list[EventRecord]] = {}

    # --- state of one unit --------------------------------------------------------------------
    def _baseline_state(self, unit: str, day: date) -> UnitState:
        row = self.baseline.get(unit)
        if row is None or day < BASELINE_START:
            return UnitState(unit, UNKNOWN, "settled", "", None, ())
        return UnitState(
            unit,
            row.controller,
            "settled",
            "",
            BASELINE_START,
            (BASELINE_ID,),
            row.controller2 or "",
            row.confidence,
        )

    def unit_state(self, unit: str, day: date) -> UnitState:
        claims = self._claims.get(unit, [])
        visible = claims[: bisect.bisect_right(self._starts.get(unit, []), day)]
        # The baseline restarts the story on 2020-03-06: older claims are history by then.
        if day >= BASELINE_START and unit in self.baseline:
            visible = [c for c in visible if c.end >= BASELINE_START]
        base = self._baseline_state(unit, day)
        settled = [c for c in visible if c.end < day]
        active = [c for c in visible if c.end >= day]

        state = base
        if settled:
            last_end = max(c.end for c in settled)
            latest = [c for c in settled if c.end == last_end]
            state = self._settle(unit, base, latest, settled)
        if active:
            state = self._in_progress(unit, state, active)
        return state

    def _settle(self, unit: str, base: UnitState, latest: list[Claim], settled: list[Claim]) -> UnitState:
        head = latest[0]
        overlapping = [c for c in settled if c.end >= head.start]
        rivals = [c for c in overlapping if not compatible(c.controller, head.controller)]
        # The chain: the claims that decided it, newest first, then the state they replaced.
        claims = sorted(overlapping, key=lambda c: (c.end, c.start), reverse=True)
        evidence = tuple(dict.fromkeys([*(c.event_id for c in claims), *base.evidence]))
        since = head.end + timedelta(days=1)
        if rivals:
            return UnitState(unit, head.controller, "contested", rivals[0].controller, since, evidence)
        controller = head.controller
        for c in overlapping:
            controller = (
                more_specific(controller, c.controller)
                if compatible(controller, c.controller)
                else controller
            )
        if compatible(controller, base.controller) and base.controller != UNKNOWN:
            # A generic claim over a unit its member already holds confirms it; keep the member.
            controller = more_specific(base.controller, controller)
            if controller == base.controller:
                return UnitState(
                    unit,
                    controller,
                    "settled",
                    "",
                    base.since,
                    evidence,
                    base.controller2,
                    base.confidence,
                )
        return UnitState(unit, controller, "settled", "", since, evidence)

    def _in_progress(self, unit: str, before: UnitState, active: list[Claim]) -> UnitState:
        sides: list[str] = []
        for c in active:
            if not any(compatible(c.controller, s) for s in sides):
                sides.append(c.controller)
        evidence = tuple(dict.fromkeys([*(c.event_id for c in active), *before.evidence]))
        since = min(c.start for c in active)
        if len(sides) > 1:
            return UnitState(
                unit,
                before.controller,
                "contested",
                sides[1] if sides[0] == before.controller else sides[0],
                since,
                evidence,
            )
        incoming = sides[0]
        for c in active:
            incoming = more_specific(incoming, c.controller)
        if compatible(incoming, before.controller) and before.controller != UNKNOWN:
            return UnitState(
                unit,
                before.controller,
                before.status,
                before.to_controller,
                before.since,
                evidence,
                before.controller2,
                before.confidence,
            )
        return UnitState(unit, before.controller, "changing", incoming, since, evidence)

    # --- whole map ------------------------------------------------------------------------------
    def states_at(self, day: date) -> dict[str, UnitState]:
        if day not in self._cache:
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[day] = {u: self.unit_state(u, day) for u in self.unit_ids}
        return self._cache[day]

    def control_at(self, day: date) -> gpd.GeoDataFrame:
        """One row per sub-district: ids, names, controller, status, since, evidence ids."""
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
        """km² and % of Syria per controller, in an equal-area projection. A unit counts wholly
        to its controller (the side holding its seat and most settlements): where the baseline
        names a second holder, the line between them is not in the data, so no share is invented."""
        totals: dict[str, float] = defaultdict(float)
        for u, s in self.states_at(day).items():
            totals[s.controller] += float(self._areas[u])
        whole = float(self._areas.sum())
        rows = [
            {"controller": k, "km2": round(v, 1), "percent": round(100 * v / whole, 2)}
            for k, v in totals.items()
        ]
        return pd.DataFrame(rows, columns=["controller", "km2", "percent"]).sort_values(
            "km2", ascending=False, ignore_index=True
        )

    def timeline_dates(self) -> list[date]:
        """Every date on which something changes or an event happens, up to the latest record."""
        days: set[date] = {BASELINE_START}
        for record in self.records:
            start, end = date.fromisoformat(record.date_start), date.fromisoformat(record.date_end)
            days.add(start)
            days.add(end)
        last = max((date.fromisoformat(r.date_end) for r in self.records), default=BASELINE_START)
        for claims in self._claims.values():
            for c in claims:
                if c.end < last:
                    days.add(c.end + timedelta(days=1))
        return sorted(days)

    def records_for_place(self, place_id: str) -> list[EventRecord]:
        """Every record of one place, newest first."""
        return list(self._newest_first(self._by_place, self._place_order, place_id))

    def records_for_unit(self, unit: str, day: date) -> list[EventRecord]:
        """Every record placed in the unit (or in an area covering it) that began by `day`, newest first."""
        iso = day.isoformat()
        return [r for r in self._newest_first(self._mentions, self._unit_order, unit) if r.date_start <= iso]

    @staticmethod
    def _newest_first(
        groups: dict[str, list[EventRecord]], done: dict[str, list[EventRecord]], key: str
    ) -> list[EventRecord]:
        """`groups[key]` sorted newest first, sorted once and kept (every date's view of it is a
        filter of this order, since sorting is stable)."""
        if key not in done:
            done[key] = sorted(
                groups.get(key, []), key=lambda r: (r.date_end, r.date_start, r.event_id), reverse=True
            )
        return done[key]


def load_timeline(store_path: Path | None = None) -> Timeline:
    """The timeline from the project's data: boundaries, baseline, factions and the event store."""
    from geo import paths
    from geo.baseline import load_baseline
    from geo.boundaries import load_boundaries
    from geo.factions import load_factions, territorial_factions
    from geo.store import Store

    adm3 = load_boundaries().adm3
    factions = load_factions()
    baseline = load_baseline(factions=factions, adm3_ids=set(adm3["adm3_id"]))
    with Store(store_path or paths.store_path()) as store:
        records = store.events()
    territorial = set(territorial_factions(factions)) - {UNKNOWN_ID}
    return Timeline(adm3, baseline, records, territorial)
