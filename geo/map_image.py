"""A PNG of the control map on one date, drawn on the server from the same state as the
interactive map: the title with the date, every sub-district filled by its holder's colour (with
the faction's own pattern), changing and contested units hatched in the incoming or rival side's
colour, governorate borders, a legend of what is on the map, and the attribution.

Rendered with GeoPandas and Matplotlib's Agg backend (no display, no internet, no pyplot state
shared between requests: each image has its own Figure).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot (GeoPandas' plotting does)

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from geo.control import Timeline, UnitState
from geo.evidence import day_words, side_name
from geo.factions import UNKNOWN_ID, Faction

# The faction patterns of data/factions.csv, and the status marks, as Matplotlib hatches.
PATTERN_HATCH = {"solid": "", "dots": "..", "hatch": "////", "cross": "xx"}
# "possible" (a change dated only to a range, still inside it) gets sparser stripes than a
# change under reported fighting, as on the dashboard.
STATUS_HATCH = {"changing": "////", "possible": "/", "contested": "xx"}
STATUS_LABELS = {
    "changing": "changing hands (stripes: incoming side)",
    "possible": "possibly changed (thin stripes: the date is a range)",
    "contested": "contested (cross-hatch: rival claim)",
}
ATTRIBUTION = (
    "Frontlines: control from news articles and background knowledge ({background}). "
    "Boundaries: OCHA / UN Cartographic Section (COD-AB) via geoBoundaries (Runfola et al. 2020), "
    "CC BY 3.0 IGO. Boundaries and names do not imply official endorsement by the United Nations."
)
FALLBACK_COLOUR = "#888888"
PATTERN_INK = "#1b1b1b"


class _Canvas(FigureCanvasAgg):
    """Agg, drawn once when saved: GeoPandas asks for a redraw after every layer it plots, which
    would draw the whole figure once per layer."""

    def draw_idle(self, *args, **kwargs) -> None:
        pass


def _colour(side: str, factions: Mapping[str, Faction]) -> str:
    return factions[side].colour if side in factions else FALLBACK_COLOUR


def _style(state: UnitState, factions: Mapping[str, Faction]) -> tuple[str, str, str]:
    """(fill colour, hatch, hatch colour) of one unit."""
    fill = _colour(state.controller, factions)
    if state.status in STATUS_HATCH and state.to_controller:
        return fill, STATUS_HATCH[state.status], _colour(state.to_controller, factions)
    faction = factions.get(state.controller)
    pattern = PATTERN_HATCH.get(faction.pattern, "") if faction else ""
    return fill, pattern, PATTERN_INK


def map_png(
    timeline: Timeline,
    day: date,
    factions: Mapping[str, Faction],
    *,
    adm1: gpd.GeoDataFrame | None = None,
    width_px: int = 1400,
    dpi: int = 140,
) -> bytes:
    """The control map of `day` as PNG bytes, `width_px` wide and two thirds as high."""
    states = timeline.states_at(day)
    units = timeline.units[["adm3_id", "geometry"]].copy()
    styles = [_style(states[u], factions) for u in units["adm3_id"]]
    units["fill"], units["hatch"], units["ink"] = zip(*styles, strict=True)

    width_in = width_px / dpi
    fig = Figure(figsize=(width_in, width_in * 2 / 3), dpi=dpi)
    _Canvas(fig)
    ax = fig.add_axes((0.01, 0.07, 0.68, 0.83))
    for (fill, hatch, ink), group in units.groupby(["fill", "hatch", "ink"], sort=True):
        group.plot(ax=ax, facecolor=fill, edgecolor="none", hatch=hatch or None, hatchcolor=ink, linewidth=0)
    units.boundary.plot(ax=ax, color="#ffffff", linewidth=0.3)
    borders = adm1 if adm1 is not None else units.assign(one=1).dissolve("one")
    borders.boundary.plot(ax=ax, color="#333333", linewidth=0.8)
    ax.set_axis_off()
    ax.set_aspect("equal")

    fig.suptitle(f"Who controls what in Syria · {day_words(day)}", x=0.02, y=0.975, ha="left", fontsize=13)
    fig.text(
        0.02, 0.92, "Sub-districts (ADM3), by the side holding each on this date", fontsize=8, color="#444"
    )
    fig.legend(
        handles=_legend_handles(states, factions),
        loc="upper left",
        bbox_to_anchor=(0.70, 0.90),
        frameon=False,
        fontsize=8,
        title="Who holds the sub-district",
        title_fontsize=9,
        alignment="left",
    )
    fig.text(0.02, 0.015, attribution(timeline, states), fontsize=6, color="#333", wrap=True)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, facecolor="white")
    return out.getvalue()


def attribution(timeline: Timeline, states: Mapping[str, UnitState]) -> str:
    """The PNG's credit line, naming the background rows that colour some unit on its day (the
    2020 baseline, the fall of Assad, a snapshot), in date order."""
    used = {timeline.background_id(s) for s in states.values()} - {None}
    names = [label for lid, label in timeline.background_labels.items() if lid in used]
    return ATTRIBUTION.format(background=", ".join(names) or "none on this date")


def _legend_handles(states: Mapping[str, UnitState], factions: Mapping[str, Faction]) -> list[Patch]:
    """The sides and statuses on this map only, in the factions table's order."""
    held = {s.controller for s in states.values()}
    statuses = {s.status for s in states.values() if s.to_controller}
    order = [f for f in factions if f in held] + sorted(held - set(factions))
    handles = []
    for side in order:
        faction = factions.get(side)
        hatch = PATTERN_HATCH.get(faction.pattern, "") if faction else ""
        label = "Unknown (no evidence)" if side == UNKNOWN_ID else side_name(side, factions)
        handles.append(
            Patch(facecolor=_colour(side, factions), edgecolor="#555", hatch=hatch or None, label=label)
        )
    grey = _colour(UNKNOWN_ID, factions)
    for status in STATUS_HATCH:
        if status in statuses:
            handles.append(
                Patch(
                    facecolor=grey, edgecolor="#555", hatch=STATUS_HATCH[status], label=STATUS_LABELS[status]
                )
            )
    return handles
