"""Event records held by column: what the timeline and the map index keep of a whole store.

A million `EventRecord` objects weigh about 4 GB in Python (35 attributes each, their strings
repeated per record) and take 15 s to unpickle. `RecordTable` holds the same records in numpy
arrays and a few byte blobs (~300 MB at a million), reads back from a pickle in a fraction of a
second, and still gives each record whole, as the same `EventRecord`, when one is asked for.

Encodings, chosen per field from its annotation and checked against every value (a value of
another type keeps the whole column as a plain list, so no answer ever changes):

* text: a sorted dictionary of the distinct values and one code per record. Codes keep the
  values' order, so comparing codes compares the strings. Large dictionaries (event ids,
  sentences) are packed as UTF-8 in one bytes object with offsets.
* `date_start` and `date_end` share one dictionary (the "days"), so a record's start and end
  codes compare with each other and with a day's position in it (`days_upto`, `days_from`).
* numbers: int64 / float64 arrays; `None` is a sentinel (NaN for floats).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from operator import attrgetter, itemgetter
from typing import overload

import numpy as np
import pandas as pd

from geo.records import EventRecord

FIELDS = [f.name for f in fields(EventRecord)]
TYPES = {f.name: str(f.type) for f in fields(EventRecord)}
DAY_FIELDS = ("date_start", "date_end")
# Dictionaries with more distinct values than this are packed into one bytes object.
PACK_OVER = 50_000
NO_INT = int(np.iinfo(np.int64).min)
CHUNK = 8192
# Records kept once read one at a time (`RecordTable._recent`); a few MB.
RECENT = 4096


class PackedStrings(Sequence[str]):
    """Sorted distinct strings as one UTF-8 bytes object and their offsets."""

    def __init__(self, values: Sequence[str]) -> None:
        encoded = [v.encode("utf-8") for v in values]
        self.blob = b"".join(encoded)
        self.offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=self.offsets[1:])

    def __len__(self) -> int:
        return len(self.offsets) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.blob[self.offsets[i] : self.offsets[i + 1]].decode("utf-8")


class _Text:
    """A text column: codes into a sorted dictionary of its distinct values."""

    def __init__(self, codes: np.ndarray, values: Sequence[str]) -> None:
        self.codes, self.values = codes, values


class _Numbers:
    """An int or float column; NO_INT (ints) or NaN (floats) stands for None when `nullable`."""

    def __init__(self, array: np.ndarray, nullable: bool) -> None:
        self.array, self.nullable = array, nullable


class _Plain:
    """A column kept as it came (a value of an unexpected type: kept exactly)."""

    def __init__(self, values: list) -> None:
        self.values = values


def _dictionary(distinct: Iterable[str]) -> tuple[Sequence[str], dict[str, int]]:
    ordered = sorted(distinct)
    index = {v: k for k, v in enumerate(ordered)}
    return (PackedStrings(ordered) if len(ordered) > PACK_OVER else tuple(ordered)), index


def _text(values: list, shared: tuple[Sequence[str], dict[str, int]] | None = None):
    if not all(type(v) is str for v in values):
        return _Plain(values)
    if shared is not None:
        dictionary, index = shared
        codes = np.fromiter((index[v] for v in values), dtype=np.int32, count=len(values))
        return _Text(codes, dictionary)
    # pandas sorts the distinct values with Python's own comparison, as `sorted` would.
    found, distinct = pd.factorize(np.array(values, dtype=object), sort=True)
    ordered = distinct.tolist()
    return _Text(
        found.astype(np.int32), PackedStrings(ordered) if len(ordered) > PACK_OVER else tuple(ordered)
    )


def _numbers(values: list, kind: str):
    nullable = kind.endswith("| None")
    wanted = float if kind.startswith("float") else int
    if not all(type(v) is wanted or (nullable and v is None) for v in values):
        return _Plain(values)
    if wanted is float:
        array = np.array([np.nan if v is None else v for v in values], dtype=np.float64)
        if not nullable and np.isnan(array).any():
            return _Plain(values)
        return _Numbers(array, nullable)
    if any(v is not None and not NO_INT < v < -NO_INT for v in values):
        return _Plain(values)
    return _Numbers(np.array([NO_INT if v is None else v for v in values], dtype=np.int64), nullable)


def _record(values: tuple) -> EventRecord:
    """An EventRecord of `values` (in field order), made as pickle remakes one: its fields set
    at once rather than through the frozen class's checks, one per field (twice as fast)."""
    record = _new(EventRecord)
    record.__dict__.update(zip(FIELDS, values, strict=True))
    return record


_new = object.__new__


def _decode(values: Sequence[str], codes: np.ndarray) -> list[str]:
    """`[values[c] for c in codes]`, slicing a packed dictionary's bytes directly."""
    if isinstance(values, PackedStrings):
        blob, offsets = values.blob, values.offsets
        return [
            blob[a:b].decode("utf-8")
            for a, b in zip(offsets[codes].tolist(), offsets[codes + 1].tolist(), strict=True)
        ]
    return [values[c] for c in codes.tolist()]


class RecordTable(Sequence[EventRecord]):
    """The records, by column (see the module docstring); a read-only sequence of `EventRecord`."""

    def __init__(self, records: Iterable[EventRecord]) -> None:
        rows = list(map(attrgetter(*FIELDS), records))
        self._len = n = len(rows)
        columns = dict(zip(FIELDS, map(list, zip(*rows, strict=True)), strict=True)) if rows else {}
        columns = {name: columns.get(name, []) for name in FIELDS}
        del rows
        if not all(type(v) is str for name in DAY_FIELDS for v in columns[name]):
            raise TypeError("RecordTable: date_start and date_end must be ISO date strings")
        days = _dictionary({v for name in DAY_FIELDS for v in columns[name]})
        self.days: Sequence[str] = days[0]
        built: dict[str, _Text | _Numbers | _Plain] = {}
        for name in FIELDS:
            values, kind = columns.pop(name), TYPES[name]
            if kind == "str":
                built[name] = _text(values, days if name in DAY_FIELDS else None)
            elif kind in ("int", "float", "int | None", "float | None"):
                built[name] = _numbers(values, kind)
            else:
                built[name] = _Plain(values)
        # One matrix per kind, a row per record: a record is read with one `tolist` per matrix.
        groups: dict[str, list[str]] = {"text": [], "int": [], "null_int": [], "float": [], "null_float": []}
        self._plain: dict[str, list] = {}
        for name, column in built.items():
            if isinstance(column, _Text):
                groups["text"].append(name)
            elif isinstance(column, _Numbers):
                kind = "float" if column.array.dtype.kind == "f" else "int"
                groups[("null_" if column.nullable else "") + kind].append(name)
            else:
                self._plain[name] = column.values
        dtypes = {"text": np.int32, "int": np.int64, "null_int": np.int64}
        self._matrices: dict[str, np.ndarray] = {}
        for kind, names in groups.items():
            parts = [built[k].codes if kind == "text" else built[k].array for k in names]  # type: ignore[union-attr]
            dtype = dtypes.get(kind, np.float64)
            self._matrices[kind] = np.column_stack(parts).astype(dtype) if parts else np.zeros((n, 0), dtype)
        self._groups = groups
        self._dicts = [built[k].values for k in groups["text"]]  # type: ignore[union-attr]
        ids = built["event_id"]
        # Row of each event id (the last one's, as a dict built over the rows would keep).
        self._row_of_id: dict[str, int] | None = None
        if isinstance(ids, _Text):
            rows_of = np.full(len(ids.values), -1, dtype=np.int64)
            rows_of[ids.codes] = np.arange(n)  # later rows overwrite earlier ones
            self._row_of_code: np.ndarray | None = rows_of
        else:
            self._row_of_code = None
            self._row_of_id = {e: k for k, e in enumerate(ids.values)}  # type: ignore[union-attr]
        self._prepare()

    def _prepare(self) -> None:
        """What reading a record needs beyond the pickled state: where each field's value lands."""
        layout = [*self._groups["text"], *self._groups["int"], *self._groups["null_int"]]
        layout += [*self._groups["float"], *self._groups["null_float"], *self._plain]
        slot = {name: k for k, name in enumerate(layout)}
        self._reorder = itemgetter(*[slot[name] for name in FIELDS])
        self._column_of = {
            name: (kind, k) for kind, names in self._groups.items() for k, name in enumerate(names)
        }
        # Records read one at a time lately: a map draws the same newest records date after date.
        self._recent: dict[int, EventRecord] = {}

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        del state["_reorder"], state["_column_of"], state["_recent"]
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._prepare()

    # --- the sequence ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> EventRecord: ...
    @overload
    def __getitem__(self, i: slice) -> list[EventRecord]: ...
    def __getitem__(self, i):
        if isinstance(i, slice):
            return self._take(np.arange(*i.indices(self._len)))
        i = int(i)
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        if (hit := self._recent.get(i)) is not None:
            return hit
        if len(self._recent) >= RECENT:
            self._recent.clear()
        self._recent[i] = record = self._read(i)
        return record

    def _read(self, i: int) -> EventRecord:
        m = self._matrices
        row = [values[c] for values, c in zip(self._dicts, m["text"][i].tolist(), strict=True)]
        row += m["int"][i].tolist()
        row += [None if v == NO_INT else v for v in m["null_int"][i].tolist()]
        row += m["float"][i].tolist()
        row += [None if v != v else v for v in m["null_float"][i].tolist()]
        row += [values[i] for values in self._plain.values()]
        return _record(self._reorder(row))

    def _take(self, rows: slice | np.ndarray) -> list[EventRecord]:
        """The records at `rows` (a slice or an array of positions), column by column."""
        m = self._matrices
        texts = [_decode(values, codes) for values, codes in zip(self._dicts, m["text"][rows].T, strict=True)]
        columns = [*texts, *m["int"][rows].T.tolist()]
        columns += [[None if v == NO_INT else v for v in col] for col in m["null_int"][rows].T.tolist()]
        columns += m["float"][rows].T.tolist()
        columns += [[None if v != v else v for v in col] for col in m["null_float"][rows].T.tolist()]
        if isinstance(rows, slice):
            columns += [values[rows] for values in self._plain.values()]
        else:
            columns += [[values[k] for k in rows.tolist()] for values in self._plain.values()]
        reorder = self._reorder
        return [_record(reorder(row)) for row in zip(*columns, strict=True)]

    def __iter__(self) -> Iterator[EventRecord]:
        for lo in range(0, self._len, CHUNK):
            yield from self._take(slice(lo, min(lo + CHUNK, self._len)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RecordTable | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RecordTable({self._len} records)"

    def rows(self, positions: Iterable[int]) -> list[EventRecord]:
        """The records at `positions` (ints or a numpy array), in that order."""
        rows = np.asarray(positions if isinstance(positions, np.ndarray) else list(positions), dtype=np.int64)
        if len(rows) and (rows.min() < -self._len or rows.max() >= self._len):
            raise IndexError("RecordTable.rows: position out of range")
        if len(rows) <= 2:
            return [self[int(p)] for p in rows]
        return self._take(np.where(rows < 0, rows + self._len, rows))

    # --- columns ---------------------------------------------------------------------------------
    def day_codes(self, name: str) -> np.ndarray:
        """`date_start` or `date_end` as positions in `days` (same order as the strings)."""
        if name not in DAY_FIELDS:
            raise ValueError(f"{name}: not a day field")
        return self._matrices["text"][:, self._column_of[name][1]]

    def days_upto(self, iso: str) -> int:
        """How many of `days` are <= `iso`: a code below it is a day on or before `iso`."""
        return bisect.bisect_right(self.days, iso)

    def days_from(self, iso: str) -> int:
        """How many of `days` are < `iso`: a code at or above it is a day on or after `iso`."""
        return bisect.bisect_left(self.days, iso)

    def text_codes(self, name: str) -> tuple[np.ndarray, Sequence[str]] | None:
        """A text column's codes and sorted dictionary, when it is held so."""
        kind, k = self._column_of.get(name, ("", 0))
        return (self._matrices["text"][:, k], self._dicts[k]) if kind == "text" else None

    def position(self, event_id: str) -> int | None:
        """The row of `event_id` (the last, if it occurs twice), or None."""
        if self._row_of_code is None:
            return self._row_of_id.get(event_id) if self._row_of_id is not None else None
        values = self._dicts[self._column_of["event_id"][1]]
        k = bisect.bisect_left(values, event_id)
        if k < len(values) and values[k] == event_id:
            return int(self._row_of_code[k])
        return None


class RecordsById(Mapping[str, EventRecord]):
    """`{event_id: record}` over a table, without a dict of a million entries."""

    def __init__(self, table: RecordTable) -> None:
        self.table = table

    def __getitem__(self, event_id: str) -> EventRecord:
        pos = self.table.position(event_id) if isinstance(event_id, str) else None
        if pos is None:
            raise KeyError(event_id)
        return self.table[pos]

    def __contains__(self, event_id: object) -> bool:
        return isinstance(event_id, str) and self.table.position(event_id) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys(r.event_id for r in self.table))

    def __len__(self) -> int:
        return sum(1 for _ in self)
