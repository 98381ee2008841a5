"""Figures and how they are shown: median and p95 of repeated samples, the printed table, and
`bench/results.json` with the machine's CPU count and the package versions."""

from __future__ import annotations

import importlib.metadata
import json
import math
import os
import platform
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

PACKAGES = (
    "streamlit",
    "streamlit-folium",
    "folium",
    "branca",
    "geopandas",
    "shapely",
    "pandas",
    "numpy",
    "pyproj",
    "playwright",
    "dask",
    "distributed",
)


@dataclass(frozen=True)
class Stat:
    """Median and 95th percentile (linear interpolation between order statistics) of samples."""

    median: float
    p95: float
    n: int

    @classmethod
    def of(cls, samples: Sequence[float], higher_is_better: bool = False) -> Stat | None:
        """For a rate (`higher_is_better`), "p95" is the slow side: the 5th percentile."""
        if not samples:
            return None
        return cls(percentile(samples, 50), percentile(samples, 5 if higher_is_better else 95), len(samples))


def percentile(samples: Sequence[float], q: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        raise ValueError("percentile of no samples")
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass(frozen=True)
class Figure:
    """One line of the table. `ours`/`naive` hold the samples' Stat; `target` is the absolute
    bar for ours (`lower` is True when smaller is better), `ratio_target` the bar for naive/ours."""

    section: str
    name: str
    unit: str
    ours: Stat | None
    naive: Stat | None = None
    target: float | None = None
    lower: bool = True
    ratio_target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if not self.ours or not self.naive or not self.ours.median:
            return None
        return self.naive.median / self.ours.median

    @property
    def met(self) -> bool | None:
        """Every stated bar met (None when the figure has no bar or was not measured)."""
        checks = []
        if self.target is not None and self.ours:
            ok = self.ours.median <= self.target if self.lower else self.ours.median >= self.target
            checks.append(ok)
        if self.ratio_target is not None and self.ratio is not None:
            checks.append(self.ratio >= self.ratio_target)
        return all(checks) if checks else None


@dataclass
class Results:
    figures: list[Figure] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)
    started: float = field(default_factory=time.time)

    def add(self, figure: Figure) -> Figure:
        self.figures.append(figure)
        return figure


def _num(value: float, unit: str) -> str:
    if unit == "KB":
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    if unit in {"ms"}:
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    if unit in {"s"}:
        return f"{value:.2f}"
    return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def _cell(stat: Stat | None, unit: str) -> str:
    if stat is None:
        return "-"
    return f"{_num(stat.median, unit)} / {_num(stat.p95, unit)}"


def _bar(figure: Figure) -> str:
    parts = []
    if figure.target is not None:
        parts.append(f"{'<=' if figure.lower else '>='} {_num(figure.target, figure.unit)}")
    if figure.ratio_target is not None:
        parts.append(f"ratio >= {figure.ratio_target:g}x")
    return ", ".join(parts)


def table(results: Results) -> str:
    """The figures as a Markdown table (it reads as plain text too), section by section."""
    lines = []
    section = None
    for f in results.figures:
        if f.section != section:
            section = f.section
            lines += ["", f"### {section}", ""]
            lines.append("| figure | ours: median / p95 | naive: median / p95 | naive/ours | target | met |")
            lines.append("|---|---|---|---|---|---|")
        ratio = f"{f.ratio:.1f}x" if f.ratio is not None else "-"
        met = {True: "yes", False: "**no**", None: ""}[f.met]
        name = f"{f.name} ({f.unit}, n={f.ours.n if f.ours else 0})"
        if f.note:
            name += f" — {f.note}"
        lines.append(
            f"| {name} | {_cell(f.ours, f.unit)} | {_cell(f.naive, f.unit)} | {ratio} | {_bar(f)} | {met} |"
        )
    return "\n".join(lines).lstrip("\n")


def versions() -> dict[str, str]:
    out = {}
    for name in PACKAGES:
        try:
            out[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def machine() -> dict[str, object]:
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "processor": platform.processor() or platform.machine(),
    }


def to_json(results: Results, extra: dict[str, object]) -> dict[str, object]:
    figures = []
    for f in results.figures:
        item = asdict(f)
        item["ratio"] = f.ratio
        item["met"] = f.met
        figures.append(item)
    return {
        "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "duration_s": round(time.time() - results.started, 1),
        "machine": machine(),
        "versions": versions(),
        **extra,
        "figures": figures,
        "details": results.details,
    }


def write(results: Results, path: Path, extra: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.part")
    tmp.write_text(json.dumps(to_json(results, extra), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
