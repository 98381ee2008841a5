"""Dated control layers after the 2020 baseline: the fall of Assad and the snapshots after it.

This module owns `data/snapshots/layers.csv` (the list of layers) and the per-unit tables it names
(`data/transitions/fall-of-assad-2024-12-08.csv`, `data/snapshots/control-*.csv`): it reads and
checks them, and answers "which background row holds for this unit on this day"
(`ControlLayers.base_on`), the baseline included. It does not read articles: the Timeline
(geo/control.py) applies the records on top of what this module answers.

Eras and snapshots (the text the Method page shows)
---------------------------------------------------
The map has three kinds of background knowledge, none of them drawn from an article:

* **The 2020 baseline** (6 March 2020): who held each of the 272 sub-districts along the frozen
  front lines of 2020-2024.
* **The fall of Assad** (8 December 2024), a *transition*: what Assad's forces still held passes to
  the new Syrian government, except where the reports say another side took it (the SDF in the
  north-east and on the Euphrates, the southern factions in Dar'a and Quneitra, the Druze factions
  in Suwayda, the SNA in Tal Rifaat). Each changed unit has its own row, basis and confidence.
* **Snapshots**: at each turning point since then (Manbij and the Golan strip in December 2024,
  Dar'a and Suwayda in 2025, Aleppo's Kurdish districts and the Euphrates in January 2026, the
  integration deal of 30 January 2026) a dated table lists the sub-districts whose holder the
  public reports say changed, each with its basis, the reports it rests on, and a confidence.

A layer row *restarts the story* of its unit on its date, as the baseline does on 6 March 2020:
articles about that unit dated before the row are history from then on, and articles after it
change the unit on top of it. Between rows nothing changes unless an article says so.

Sides change with the era, not only with the fighting: HTS ground is drawn as the government's
from 29 January 2025 (HTS dissolved into the state) and SNA ground from 17 May 2025 (all SNA units
integrated into the Defence Ministry), as `data/factions.csv` dates them (valid_to, successor).
`ControlLayers.base_on` applies that renaming, so a layer never has to restate Afrin or Idlib
just because a name stopped being used.

Why a snapshot lists only the units it changes (a delta), not all 272: the reports each snapshot
rests on speak of a few dozen places; a full table would repeat ~250 rows per snapshot whose
"basis" could only be "no change reported", which a reviewer cannot check and which hides the
rows that carry news. A delta keeps every row a claim with a report behind it; the full state on
any day is the baseline plus the layers, computed here and checked against the boundaries by
tests/test_snapshots_real_data.py.

Rules the loader enforces (one line per bad file, naming the first bad lines and how many more):
a missing column; an unknown or malformed P-code; a unit listed twice in one layer; a side that
is not a territorial faction; a row dated outside its layer's [start, end]; a side used before
its valid_from or after its valid_to in data/factions.csv; a confidence other than high, medium,
low; an empty basis or source. In layers.csv: an unknown kind, a transition that is not one day,
layers out of date order, a file that does not exist or is listed twice.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geo import paths
from geo.baseline import (
    BASELINE_ID,
    BASELINE_START,
    CONFIDENCE_LEVELS,
    BaselineDataError,
    BaselineRow,
    check_unit_values,
)
from geo.factions import Faction, load_factions, parse_day
from geo.tables import read_rows

LAYERS_CSV = paths.DATA / "snapshots" / "layers.csv"
LAYER_COLUMNS = ("id", "kind", "start", "end", "label", "file", "source", "basis")
ROW_COLUMNS = (
    "adm3_id",
    "adm3_name",
    "adm2_name",
    "adm1_name",
    "date",
    "controller",
    "controller2",
    "confidence",
    "basis",
    "source",
)
KINDS = ("transition", "snapshot")
BASELINE_LABEL = "2020 baseline"
SOURCE_SEPARATOR = " | "  # between the public reports named in one `source` cell

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


class SnapshotDataError(BaselineDataError):
    """A layer table is unusable; the message names the file, the lines and the problems.

    A kind of BaselineDataError so that every place that already refuses a broken baseline at
    start-up (pages/__init__.py, geo/cli.py) refuses a broken layer the same way."""


@dataclass(frozen=True)
class LayerRow:
    """One unit's holder from `date` on, as one layer states it."""

    adm3_id: str
    adm3_name: str
    date: date
    controller: str
    controller2: str | None
    confidence: str
    basis: str
    source: str

    @property
    def controllers(self) -> tuple[str, ...]:
        return (self.controller,) if self.controller2 is None else (self.controller, self.controller2)

    @property
    def sources(self) -> tuple[str, ...]:
        """The public reports named in `source`, one per item."""
        return tuple(s.strip() for s in self.source.split(SOURCE_SEPARATOR.strip()) if s.strip())


@dataclass(frozen=True)
class Layer:
    """A dated layer: the fall-of-Assad transition or a snapshot, with its rows in file order."""

    id: str
    kind: str  # transition | snapshot
    label: str  # "Fall of Assad"
    start: date  # first day its rows may be dated
    end: date  # the snapshot's date: every row holds by then
    source: str  # the main public reports, SOURCE_SEPARATOR between them
    basis: str
    path: Path
    rows: tuple[LayerRow, ...] = field(repr=False)

    @property
    def date(self) -> date:
        return self.end

    def confidence_counts(self) -> dict[str, int]:
        """Rows per confidence level, every level present (the Method page's table)."""
        counts = Counter(row.confidence for row in self.rows)
        return {level: counts.get(level, 0) for level in CONFIDENCE_LEVELS}


@dataclass(frozen=True)
class BaseRow:
    """The background holder of one unit on one day: the latest baseline or layer row, with its
    sides renamed for that day (HTS and SNA become the government after their valid_to)."""

    adm3_id: str
    controller: str
    controller2: str | None
    confidence: str
    basis: str
    source: str  # BASELINE_ID for the baseline; the row's public reports for a layer
    since: date  # the row's date (BASELINE_START for the baseline)
    layer_id: str  # BASELINE_ID or the Layer id
    label: str  # BASELINE_LABEL or the Layer label

    @property
    def controllers(self) -> tuple[str, ...]:
        return (self.controller,) if self.controller2 is None else (self.controller, self.controller2)


# --- reading -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Entry:
    id: str
    kind: str
    start: date
    end: date
    label: str
    file: Path
    source: str
    basis: str


def _read_manifest(manifest: Path) -> list[_Entry]:
    seen_ids: set[str] = set()
    seen_files: set[Path] = set()
    last_end: list[date | None] = [None]

    def parse(values: dict[str, str], where: str) -> _Entry:
        if not _ID.fullmatch(values["id"]):
            raise SnapshotDataError(f"bad id {values['id']!r} (lower-case letters, digits, -)")
        if values["id"] in seen_ids or values["id"] == BASELINE_ID:
            raise SnapshotDataError(f"second layer with id {values['id']!r}")
        if values["kind"] not in KINDS:
            raise SnapshotDataError(f"kind {values['kind']!r} is not one of {', '.join(KINDS)}")
        start = parse_day(values["start"], "start", where, SnapshotDataError)
        end = parse_day(values["end"], "end", where, SnapshotDataError)
        if start is None or end is None:
            raise SnapshotDataError("start and end are required")
        if end < start:
            raise SnapshotDataError(f"end {end} is before start {start}")
        if start <= BASELINE_START:
            raise SnapshotDataError(f"start {start} is not after the baseline ({BASELINE_START})")
        if values["kind"] == "transition" and start != end:
            raise SnapshotDataError(f"a transition happens on one day (start {start}, end {end})")
        if last_end[0] is not None and end <= last_end[0]:
            raise SnapshotDataError(f"end {end} is not after the previous layer's end {last_end[0]}")
        for column in ("label", "source", "basis", "file"):
            if not values[column]:
                raise SnapshotDataError(f"empty {column} for layer {values['id']!r}")
        file = (manifest.parent / values["file"]).resolve()
        if file in seen_files:
            raise SnapshotDataError(f"file {values['file']!r} is listed twice")
        if not file.is_file():
            raise SnapshotDataError(f"file {values['file']!r} does not exist (relative to {manifest.parent})")
        seen_ids.add(values["id"])
        seen_files.add(file)
        last_end[0] = end
        return _Entry(
            values["id"], values["kind"], start, end, values["label"], file, values["source"], values["basis"]
        )

    return read_rows(manifest, LAYER_COLUMNS, parse, SnapshotDataError, "the list of layers")


def _side_problem(side: str, faction: Faction | None, first: date, last: date) -> str | None:
    if faction is None:
        return None
    if faction.valid_from and first < faction.valid_from:
        return f"side {side!r} is used on {first}, before its valid_from {faction.valid_from}"
    if faction.valid_to and first > faction.valid_to:
        return f"side {side!r} is used on {first}, after its valid_to {faction.valid_to}"
    if faction.valid_to and last > faction.valid_to:
        return (
            f"side {side!r} is used through {last} (the layer's date), after its valid_to {faction.valid_to}"
        )
    return None


def _read_layer(
    entry: _Entry, factions: Mapping[str, Faction], territorial: Collection[str], known: set[str] | None
) -> Layer:
    seen: set[str] = set()

    def parse(values: dict[str, str], where: str) -> LayerRow:
        check_unit_values(values, territorial, SnapshotDataError)
        pcode = values["adm3_id"]
        if known is not None and pcode not in known:
            raise SnapshotDataError(f"P-code {pcode} is not in the boundaries")
        if pcode in seen:
            raise SnapshotDataError(f"second row for {pcode} in this layer")
        day = parse_day(values["date"], "date", where, SnapshotDataError)
        if day is None:
            raise SnapshotDataError(f"empty date for {pcode}")
        if not entry.start <= day <= entry.end:
            raise SnapshotDataError(
                f"date {day} for {pcode} is outside its layer {entry.id!r} ({entry.start} to {entry.end})"
            )
        if not values["source"]:
            raise SnapshotDataError(f"empty source for {pcode} (name the public reports)")
        controller2 = values["controller2"] or None
        # The row says the side held the unit from its date through the layer's date.
        for side in (values["controller"], controller2):
            if side and (problem := _side_problem(side, factions.get(side), day, entry.end)):
                raise SnapshotDataError(f"{pcode}: {problem}")
        seen.add(pcode)
        return LayerRow(
            adm3_id=pcode,
            adm3_name=values["adm3_name"],
            date=day,
            controller=values["controller"],
            controller2=controller2,
            confidence=values["confidence"],
            basis=values["basis"],
            source=values["source"],
        )

    rows = read_rows(entry.file, ROW_COLUMNS, parse, SnapshotDataError, f"layer {entry.id!r}")
    if not rows:
        raise SnapshotDataError(f"{entry.file}: no rows")
    return Layer(
        entry.id,
        entry.kind,
        entry.label,
        entry.start,
        entry.end,
        entry.source,
        entry.basis,
        entry.file,
        tuple(rows),
    )


def load_layers(
    manifest: Path = LAYERS_CSV,
    factions: Mapping[str, Faction] | None = None,
    adm3_ids: Collection[str] | None = None,
) -> list[Layer]:
    """Every layer that `manifest` lists, in date order, after checking every row of every file.

    Sides are checked against the territorial rows of `factions` (the committed table when None)
    and their valid_from / valid_to; with `adm3_ids`, every P-code must be one of them.
    Raises SnapshotDataError (a BaselineDataError) naming the file and its bad lines.
    """
    factions = load_factions() if factions is None else factions
    territorial = {fid for fid, f in factions.items() if f.territorial}
    known = set(adm3_ids) if adm3_ids is not None else None
    return [_read_layer(entry, factions, territorial, known) for entry in _read_manifest(manifest)]


# --- answering ---------------------------------------------------------------------------------
class ControlLayers:
    """The background holder of every unit on any day: the baseline, then the layers' rows."""

    def __init__(
        self,
        baseline: Mapping[str, BaselineRow],
        layers: Sequence[Layer],
        factions: Mapping[str, Faction],
    ) -> None:
        self.layers = list(layers)
        self.factions = factions
        by_unit: dict[str, list[BaseRow]] = {}
        for pcode, row in baseline.items():
            by_unit.setdefault(pcode, []).append(
                BaseRow(
                    pcode,
                    row.controller,
                    row.controller2,
                    row.confidence,
                    row.basis,
                    BASELINE_ID,
                    BASELINE_START,
                    BASELINE_ID,
                    BASELINE_LABEL,
                )
            )
        for layer in self.layers:  # in date order: on a tie the later layer's row comes last and wins
            for r in layer.rows:
                by_unit.setdefault(r.adm3_id, []).append(
                    BaseRow(
                        r.adm3_id,
                        r.controller,
                        r.controller2,
                        r.confidence,
                        r.basis,
                        r.source,
                        r.date,
                        layer.id,
                        layer.label,
                    )
                )
        self._rows = {u: sorted(rs, key=lambda r: r.since) for u, rs in by_unit.items()}  # stable
        self._days = {u: [r.since for r in rs] for u, rs in self._rows.items()}

    def _side(self, side: str, day: date) -> str:
        faction = self.factions.get(side)
        return (faction.side_on(day) if faction else None) or side

    def base_on(self, unit: str, day: date) -> BaseRow | None:
        """The row that holds for `unit` on `day`, sides renamed for that day; None before the
        baseline (or for a unit nothing lists). `since` is when that row started the story, or
        the day a side of it was renamed (29 Jan 2025 for HTS ground) if that is later."""
        rows = self._rows.get(unit)
        if not rows:
            return None
        at = bisect.bisect_right(self._days[unit], day)
        if at == 0:
            return None
        row = rows[at - 1]
        controller = self._side(row.controller, day)
        controller2 = self._side(row.controller2, day) if row.controller2 else None
        if controller2 == controller:
            controller2 = None
        if (controller, controller2) == (row.controller, row.controller2):
            return row
        # A renamed side is the same force under its new name from the day after its valid_to.
        renamed = [
            f.valid_to
            for side in row.controllers
            if (f := self.factions.get(side)) is not None and f.valid_to is not None and f.valid_to < day
        ]
        since = max([row.since, *(date.fromordinal(d.toordinal() + 1) for d in renamed)])
        return BaseRow(
            row.adm3_id,
            controller,
            controller2,
            row.confidence,
            row.basis,
            row.source,
            since,
            row.layer_id,
            row.label,
        )

    def rows_of(self, unit: str) -> list[BaseRow]:
        """Every background row of `unit`, oldest first, as written (the map's static popups)."""
        return list(self._rows.get(unit, ()))

    def row_of(self, unit: str, layer_id: str) -> BaseRow | None:
        """The row baseline or layer `layer_id` gives `unit`, as written (sides not renamed)."""
        return next((r for r in self._rows.get(unit, ()) if r.layer_id == layer_id), None)

    def restart_day(self, unit: str, day: date) -> date | None:
        """The day the story of `unit` last restarted on or before `day`: the date of the baseline
        or layer row in force (records ending before it are history; a renaming restarts
        nothing). None before the baseline."""
        days = self._days.get(unit, [])
        at = bisect.bisect_right(days, day)
        return days[at - 1] if at else None

    def change_days(self) -> list[date]:
        """Every day a baseline or layer row starts, and every day a side is renamed (the day
        after a valid_to), sorted: the Timeline's stops for background changes."""
        days = {day for ds in self._days.values() for day in ds}
        for faction in self.factions.values():
            if faction.successor and faction.valid_to:
                days.add(date.fromordinal(faction.valid_to.toordinal() + 1))
        return sorted(days)

    def latest_day(self) -> date:
        """The last day any background row or renaming changes something."""
        return self.change_days()[-1]


def eras_text() -> str:
    """The "Eras and snapshots" part of this module's docstring: the Method page shows it, so the
    rule and its explanation are written once."""
    doc = __doc__ or ""
    start = doc.index("Eras and snapshots (the text the Method page shows)")
    body = doc[start:].split("\n", 2)[2]  # after the title and its underline
    return body.split("Rules the loader enforces")[0].strip()


def layer_summary(layers: Iterable[Layer]) -> list[tuple[str, date, str, dict[str, int]]]:
    """(label, date, main sources, rows per confidence) per layer: the Method page's list."""
    return [(layer.label, layer.end, layer.source, layer.confidence_counts()) for layer in layers]
