"""The 2020-2024 control baseline: who held each of the 272 sub-districts between the Idlib
ceasefire (6 March 2020) and the eve of the HTS-led offensive (26 November 2024).

It is background knowledge, not drawn from any article, and is treated as a source of its own
(`baseline-2020`) so that the timeline can show it like any other evidence. `data/baseline/
control-2020-03-06.csv` holds one row per sub-district, in P-code order: a controller, a second
controller where a front line or an enclave splits the unit, a confidence (high, medium, low) and
one sentence of basis. This module reads and checks that table.

How the table was coded: `controller` is the side holding the unit's seat and most of its
settlements (not necessarily most of its area: several units are mostly empty desert);
`controller2` is set only when another side held ground of its own inside the unit (a front line,
the Euphrates in Deir ez-Zor, an enclave such as the government security squares in Qamishli and
Hasakah). Government or Russian posts placed along SDF lines under the 2019 agreements (Manbij,
Kobani, Tal Tamr) are named in the basis but do not make a unit split. `low` marks what the author
was unsure of. Israel is a territorial faction here because it held most of the Quneitra Golan.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo import paths
from geo.factions import Faction, load_factions

BASELINE_ID = "baseline-2020"
BASELINE_START = date(2020, 3, 6)
BASELINE_END = date(2024, 11, 26)
BASELINE_CSV = paths.DATA / "baseline" / "control-2020-03-06.csv"
COLUMNS = (
    "adm3_id",
    "adm3_name",
    "adm2_name",
    "adm1_name",
    "controller",
    "controller2",
    "confidence",
    "basis",
)
CONFIDENCE_LEVELS = ("high", "medium", "low")

_PCODE = re.compile(r"SY\d{6}")


class BaselineDataError(ValueError):
    """The baseline table is unusable; the message names the file, the line and the problem."""


@dataclass(frozen=True)
class BaselineRow:
    adm3_id: str
    adm3_name: str
    controller: str
    controller2: str | None
    confidence: str
    basis: str

    @property
    def controllers(self) -> tuple[str, ...]:
        """The controller, then the second controller if the unit is split."""
        return (self.controller,) if self.controller2 is None else (self.controller, self.controller2)


def _check_controller(value: str, column: str, territorial: Collection[str], where: str) -> None:
    if value not in territorial:
        raise BaselineDataError(
            f"{where}: {column} {value!r} is not a territorial faction "
            f"(expected one of {', '.join(sorted(territorial))})"
        )


def _parse_row(row: dict[str | None, str | None], territorial: Collection[str], where: str) -> BaselineRow:
    if None in row:
        raise BaselineDataError(f"{where}: more fields than the header has columns")
    values = {column: (row.get(column) or "").strip() for column in COLUMNS}
    if not _PCODE.fullmatch(values["adm3_id"]):
        raise BaselineDataError(f"{where}: bad P-code {values['adm3_id']!r} (expected SY and six digits)")
    if not values["adm3_name"]:
        raise BaselineDataError(f"{where}: empty adm3_name for {values['adm3_id']}")
    _check_controller(values["controller"], "controller", territorial, where)
    if values["controller2"]:
        _check_controller(values["controller2"], "controller2", territorial, where)
        if values["controller2"] == values["controller"]:
            raise BaselineDataError(f"{where}: controller2 repeats the controller {values['controller']!r}")
    if values["confidence"] not in CONFIDENCE_LEVELS:
        raise BaselineDataError(
            f"{where}: confidence {values['confidence']!r} is not one of {', '.join(CONFIDENCE_LEVELS)}"
        )
    if not values["basis"]:
        raise BaselineDataError(f"{where}: empty basis for {values['adm3_id']}")
    return BaselineRow(
        adm3_id=values["adm3_id"],
        adm3_name=values["adm3_name"],
        controller=values["controller"],
        controller2=values["controller2"] or None,
        confidence=values["confidence"],
        basis=values["basis"],
    )


def load_baseline(
    path: Path = BASELINE_CSV,
    factions: Mapping[str, Faction] | None = None,
    adm3_ids: Collection[str] | None = None,
) -> dict[str, BaselineRow]:
    """P-code -> BaselineRow, after checking every row.

    Controllers are checked against the territorial rows of `factions` (the committed table when
    None). With `adm3_ids`, the P-codes must be exactly those: none unknown, none missing.
    """
    factions = load_factions() if factions is None else factions
    territorial = {fid for fid, f in factions.items() if f.territorial}
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise BaselineDataError(f"{path}: cannot read the baseline table ({exc.strerror})") from exc
    known = set(adm3_ids) if adm3_ids is not None else None
    rows: dict[str, BaselineRow] = {}
    with handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise BaselineDataError(f"{path}: missing column(s) {', '.join(missing)}")
        previous = ""
        for row in reader:
            where = f"{path}, line {reader.line_num}"
            parsed = _parse_row(row, territorial, where)
            if parsed.adm3_id in rows:
                raise BaselineDataError(f"{where}: second row for {parsed.adm3_id}")
            if parsed.adm3_id < previous:
                raise BaselineDataError(
                    f"{where}: {parsed.adm3_id} is out of P-code order (after {previous})"
                )
            if known is not None and parsed.adm3_id not in known:
                raise BaselineDataError(f"{where}: P-code {parsed.adm3_id} is not in the boundaries")
            rows[parsed.adm3_id] = parsed
            previous = parsed.adm3_id
    if not rows:
        raise BaselineDataError(f"{path}: no rows")
    if known is not None and (absent := sorted(known - rows.keys())):
        shown = ", ".join(absent[:10]) + (f" and {len(absent) - 10} more" if len(absent) > 10 else "")
        raise BaselineDataError(
            f"{path}: no row for {len(absent)} sub-district(s) of the boundaries: {shown}"
        )
    return rows
