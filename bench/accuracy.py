"""`make eval`'s summary: the scorer's report on the development set, as micro figures by period.

The scorer (`../shared/eval/score.py`) prints per-article rows and figures pooled over all
articles; the README's Accuracy table also wants them per period of the war, since the sides,
the places in the news and the press's habits differ between them. The ratios below are the
scorer's own (same counts, same denominators), pooled over the articles of each period.

Usage: python -m bench.accuracy .cache/eval-report.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

# The war's phases as the development set samples them; the year is in each article's folder name.
PERIODS: list[tuple[str, int, int]] = [
    ("2012–16", 2012, 2016),
    ("2017–20", 2017, 2020),
    ("2024–26", 2024, 2026),
]
COLUMNS = ["recall", "precision", "place recall", "date exact or in range", "actor"]


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def micro(rows: list[dict]) -> dict[str, float | None]:
    """The scorer's micro figures over some articles' per-article counts."""

    def total(key: str) -> int:
        return sum(int(r[key]) for r in rows)

    return {
        "recall": _ratio(total("core_matched"), total("core")),
        # The scorer's "preds" already excludes country-level predictions and duplicates.
        "precision": _ratio(total("preds_matched"), total("preds")),
        "place recall": _ratio(total("place_found"), total("place_truth")),
        "date exact or in range": _ratio(total("date_exact"), total("date_scored")),
        "actor": _ratio(total("actor_ok"), total("core_matched")),
    }


def article_year(name: str) -> int:
    found = re.search(r"_((?:19|20)\d\d)-\d\d-\d\d_", name)
    if not found:
        raise ValueError(f"eval report: article {name!r} has no _YYYY-MM-DD_ date in its name")
    return int(found.group(1))


def by_period(per_article: dict[str, dict]) -> list[tuple[str, int, dict[str, float | None]]]:
    """(period, number of articles, micro figures) per period, then all articles together."""
    out = []
    for label, first, last in PERIODS:
        rows = [r for name, r in per_article.items() if first <= article_year(name) <= last]
        out.append((label, len(rows), micro(rows)))
    out.append(("all", len(per_article), micro(list(per_article.values()))))
    return out


def table(per_article: dict[str, dict]) -> str:
    """A Markdown table: one row per period, the issue's five figures as columns."""
    lines = [
        "| period | articles | " + " | ".join(COLUMNS) + " |",
        "|---|---|" + "---|" * len(COLUMNS),
    ]
    for label, count, figures in by_period(per_article):
        cells = ["–" if figures[c] is None else f"{figures[c]:.2f}" for c in COLUMNS]
        lines.append(f"| {label} | {count} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m bench.accuracy REPORT.json", file=sys.stderr)
        return 2
    path = Path(argv[0])
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        print(table(report["per_article"]))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"{path}: not a scorer report ({exc})", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
