"""Reading the project's CSV data tables so that every bad row of a file is reported at once.

A reviewer editing a table of 272 rows should see all its mistakes in one run, not one per start-up,
and still get ONE line: `read_rows` parses every row, collects each row's problem, and raises a
single error naming the file, the first few lines with their problems and how many more there are.
The caller's row parser raises the caller's error class (with the row's `where`) for a bad row and
returns the parsed value otherwise; checks that need the whole table (duplicates, order) can live in
the parser's closure, since rows are parsed in file order.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

T = TypeVar("T")
SHOWN = 3  # problems spelled out in the message; the rest are counted


def problems_message(path: Path, problems: Sequence[tuple[int, str]]) -> str:
    """One line: `path, line N: problem` for one problem, else the first few and "and N more"."""
    if len(problems) == 1:
        line, problem = problems[0]
        return f"{path}, line {line}: {problem}"
    shown = "; ".join(f"line {line}: {problem}" for line, problem in problems[:SHOWN])
    more = f"; and {len(problems) - SHOWN} more" if len(problems) > SHOWN else ""
    return f"{path}: {len(problems)} bad rows: {shown}{more}"


def read_rows(
    path: Path,
    columns: Sequence[str],
    parse: Callable[[dict[str, str], str], T],
    error: type[Exception],
    what: str = "the table",
) -> list[T]:
    """The parsed rows of the CSV at `path`, in file order, or one `error` naming every bad row.

    `columns` must all be in the header (others are allowed). `parse(values, where)` gets the
    stripped cells of one row (every header column, "" for empty) and `where` ("path, line N");
    an `error` it raises is collected as that line's problem. `what` names the table in the
    message when the file cannot be read ("the baseline table"). Every data table of the project
    is read here, so none writes its own header check or row loop.
    """
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise error(f"{path}: cannot read {what} ({exc.strerror})") from exc
    try:
        return _parse_rows(path, handle, columns, parse, error)
    except UnicodeDecodeError as exc:
        raise error(f"{path}: {what} is not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _parse_rows(
    path: Path,
    handle: TextIO,
    columns: Sequence[str],
    parse: Callable[[dict[str, str], str], T],
    error: type[Exception],
) -> list[T]:
    parsed: list[T] = []
    problems: list[tuple[int, str]] = []
    with handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        missing = [c for c in columns if c not in header]
        if missing:
            raise error(f"{path}: missing column(s) {', '.join(missing)}")
        for row in reader:
            where = f"{path}, line {reader.line_num}"
            if None in row:
                problems.append((reader.line_num, "more fields than the header has columns"))
                continue
            values = {column: (row.get(column) or "").strip() for column in header}
            try:
                parsed.append(parse(values, where))
            except error as exc:
                problems.append((reader.line_num, str(exc).removeprefix(f"{where}: ")))
    if problems:
        raise error(problems_message(path, problems))
    return parsed
