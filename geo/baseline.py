"""The 2020-2024 control baseline: who held each of the 272 sub-districts between the Idlib
ceasefire (6 March 2020) and the eve of the HTS-led offensive (26 November 2024).

It is background knowledge, not drawn from any article, and is treated as a source of its own
(`baseline-2020`) so that the timeline can show it like any other evidence. `data/baseline/
control-2020-03-06.csv` holds one row per sub-district, in P-code order: a controller, a second
controller where a front line or an enclave splits the unit, a confidence (high, medium, low) and
one sentence of basis. This module reads and checks that table, and owns the checks every
per-unit control row shares (`check_unit_values`), which the dated layers after 2024 reuse
(geo/snapshots.py).

How the table was coded: `controller` is the side holding the unit's seat and most of its
settlements (not necessarily most of its area: several units are mostly empty desert);
`controller2` is set only when another side held ground of its own inside the unit (a front line,
the Euphrates in Deir ez-Zor, an enclave such as the government security squares in Qamishli and
Hasakah). Government or Russian posts placed along SDF lines under the 2019 agreements (Manbij,
Kobani, Tal Tamr) are named in the basis but do not make a unit split. `low` marks what the author
was unsure of. Israel is a territorial faction here because it held most of the Quneitra Golan.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo import paths
from geo.errors import FrontlinesError
from geo.factions import Faction, load_factions
from geo.tables import read_rows

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


class BaselineDataError(FrontlinesError, ValueError):
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


def _check_controller(value: str, column: str, territorial: Collection[str], error: type[ValueError]) -> None:
    if value not in territorial:
        raise error(
            f"{column} {value!r} is not a territorial faction (expected one of {', '.join(sorted(territorial))})"
        )


def check_unit_values(
    values: Mapping[str, str], territorial: Collection[str], error: type[ValueError] = BaselineDataError
) -> None:
    """The checks every per-unit control row shares (the baseline and the dated layers of
    geo.snapshots): a P-code, a name, territorial controllers, a confidence level and a basis.
    Raises `error` with the problem alone; the table reader adds the file and line."""
    if not _PCODE.fullmatch(values["adm3_id"]):
        raise error(f"bad P-code {values['adm3_id']!r} (expected SY and six digits)")
    if not values["adm3_name"]:
        raise error(f"empty adm3_name for {values['adm3_id']}")
    _check_controller(values["controller"], "controller", territorial, error)
    if values["controller2"]:
        _check_controller(values["controller2"], "controller2", territorial, error)
        if values["controller2"] == values["controller"]:
            raise error(f"controller2 repeats the controller {values['controller']!r}")
    if values["confidence"] not in CONFIDENCE_LEVELS:
        raise error(f"confidence {values['confidence']!r} is not one of {', '.join(CONFIDENCE_LEVELS)}")
    if not values["basis"]:
        raise error(f"empty basis for {values['adm3_id']}")


def load_baseline(
    path: Path = BASELINE_CSV,
    factions: Mapping[str, Faction] | None = None,
    adm3_ids: Collection[str] | None = None,
) -> dict[str, BaselineRow]:
    """P-code -> BaselineRow, after checking every row (all bad rows are named in one message).

    Controllers are checked against the territorial rows of `factions` (the committed table when
    None). With `adm3_ids`, the P-codes must be exactly those: none unknown, none missing.
    """
    factions = load_factions() if factions is None else factions
    territorial = {fid for fid, f in factions.items() if f.territorial}
    known = set(adm3_ids) if adm3_ids is not None else None
    seen: set[str] = set()
    previous = [""]

    def parse(values: dict[str, str], where: str) -> BaselineRow:
        check_unit_values(values, territorial)
        pcode = values["adm3_id"]
        if pcode in seen:
            raise BaselineDataError(f"second row for {pcode}")
        if pcode < previous[0]:
            raise BaselineDataError(f"{pcode} is out of P-code order (after {previous[0]})")
        if known is not None and pcode not in known:
            raise BaselineDataError(f"P-code {pcode} is not in the boundaries")
        seen.add(pcode)
        previous[0] = pcode
        return BaselineRow(
            adm3_id=pcode,
            adm3_name=values["adm3_name"],
            controller=values["controller"],
            controller2=values["controller2"] or None,
            confidence=values["confidence"],
            basis=values["basis"],
        )

    rows = {
        row.adm3_id: row for row in read_rows(path, COLUMNS, parse, BaselineDataError, "the baseline table")
    }
    if not rows:
        raise BaselineDataError(f"{path}: no rows")
    if known is not None and (absent := sorted(known - rows.keys())):
        shown = ", ".join(absent[:10]) + (f" and {len(absent) - 10} more" if len(absent) > 10 else "")
        raise BaselineDataError(
            f"{path}: no row for {len(absent)} sub-district(s) of the boundaries: {shown}"
        )
    return rows
