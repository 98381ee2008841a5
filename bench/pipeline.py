"""Pipeline figures, in process: `extract` per article, ingest throughput, `control_at` latency.

Each is timed with `time.perf_counter` after a warm-up, so that one-off costs (loading the
gazetteer, compiling patterns, the first projection of the units) are reported apart from the
steady cost a user pays per article or per date.
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.control import Timeline
from geo.gazetteer import Gazetteer
from geo.sources import Source
from geo.store import Store

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ExtractFigures:
    per_article_ms: list[float]
    words: list[int]
    records: list[int]
    startup_s: float  # loading the gazetteer and the first extraction


def time_extract(
    articles: Sequence[Source], warmup: Source, gazetteer: Gazetteer, startup_s: float
) -> ExtractFigures:
    """Milliseconds per article, after one extraction of `warmup` (not counted)."""
    from geo.extract import extract

    started = time.perf_counter()
    extract(warmup, gazetteer)
    first = time.perf_counter() - started
    times, words, records = [], [], []
    for article in articles:
        started = time.perf_counter()
        found = extract(article, gazetteer)
        times.append((time.perf_counter() - started) * 1000)
        words.append(len(article.text.split()))
        records.append(len(found))
    return ExtractFigures(times, words, records, startup_s + first)


def time_ingest(files: Sequence[Path], runs: int, progress: Progress) -> list[float]:
    """Articles per second through `geo.cli.ingest_files` (read, extract, store), each run into a
    fresh store in a temporary folder."""
    from geo.cli import ingest_files

    rates = []
    for run in range(runs):
        with (
            tempfile.TemporaryDirectory(prefix="frontlines-ingest-") as folder,
            Store(Path(folder) / "events.sqlite") as store,
        ):
            started = time.perf_counter()
            lines = ingest_files(list(files), store)
            elapsed = time.perf_counter() - started
            stored = len(store.sources())
        if stored != len(files) or len(lines) != len(files):
            raise RuntimeError(f"bench ingest: stored {stored} of {len(files)} articles")
        rates.append(len(files) / elapsed)
        progress(f"ingest run {run + 1}/{runs}: {rates[-1]:.0f} articles/s")
    return rates


def time_dask_against_pool(
    files: Sequence[Path], runs: int, progress: Progress, workers: int = 2
) -> dict[str, object]:
    """Articles per second of `python -m geo ingest --dask` (`geo.bulk_ingest` on a LocalCluster of
    `workers` processes) and of the plain ingest (`ingest_files`: the process pool, one
    transaction per source) on the same files, runs alternating so a slow moment of the machine
    falls on both; each run into a fresh store. The cluster is started and each worker's gazetteer
    loaded once, before the runs, as a team's cluster is up before an ingest: that one-off cost is
    returned apart (`startup_s`), as the pool's gazetteer is loaded in this process already."""
    from distributed import Client, LocalCluster

    from geo.bulk_ingest import bulk_ingest, preload
    from geo.extract import EXTRACTOR_VERSION

    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        preload(client)
        startup_s = time.perf_counter() - started
        progress(f"dask: {workers} workers up, gazetteer loaded on each, in {startup_s:.1f}s")
        pool: list[float] = []
        dask: list[float] = []
        for run in range(runs):
            pool += time_ingest(files, 1, lambda _: None)
            with (
                tempfile.TemporaryDirectory(prefix="frontlines-dask-") as folder,
                Store(Path(folder) / "events.sqlite") as store,
            ):
                started = time.perf_counter()
                report = bulk_ingest(files, store, client)
                elapsed = time.perf_counter() - started
                stored = len(store.source_keys(EXTRACTOR_VERSION))
            if stored != len(files) or report.errors or report.interrupted:
                raise RuntimeError(f"bench dask ingest: stored {stored} of {len(files)} articles")
            dask.append(len(files) / elapsed)
            progress(f"ingest run {run + 1}/{runs}: dask {dask[-1]:.0f}, pool {pool[-1]:.0f} articles/s")
    return {"dask": dask, "pool": pool, "startup_s": startup_s}


def spread_dates(stops: Sequence[date], count: int, seed: int = 3) -> list[date]:
    """`count` distinct dates drawn from the timeline's stops (all of them if fewer)."""
    rng = random.Random(seed)
    pool = list(stops)
    return sorted(rng.sample(pool, min(count, len(pool))))


def time_control_at(
    timeline: Timeline, stops: Sequence[date], warmup: int = 3, count: int = 40
) -> list[float]:
    """Milliseconds per `control_at` on dates it has not seen (so each call computes all 272
    states), after `warmup` calls on other dates."""
    days = spread_dates(stops, warmup + count)
    random.Random(5).shuffle(days)
    for day in days[:warmup]:
        timeline.control_at(day)
    times = []
    for day in days[warmup:]:
        started = time.perf_counter()
        frame = timeline.control_at(day)
        times.append((time.perf_counter() - started) * 1000)
        if len(frame) != len(timeline.unit_ids):
            raise RuntimeError(f"control_at({day}) gave {len(frame)} rows")
    return times


def time_exports(
    timeline: Timeline, factions, sources, stops: Sequence[date], count: int = 5
) -> dict[str, list[float]]:
    """Milliseconds to make each download of the map page for `count` dates (each on a date the
    timeline has already computed, as after the slider showed it): control as GeoJSON and CSV,
    and the PNG of the map."""
    from geo import exports
    from geo.map_image import map_png

    times: dict[str, list[float]] = {"geojson": [], "csv": [], "png": []}
    for day in spread_dates(stops, count, seed=7):
        timeline.states_at(day)
        for fmt, write in (("geojson", exports.to_geojson), ("csv", exports.to_csv)):
            started = time.perf_counter()
            text = write(exports.control_table(timeline, day, factions, sources))
            times[fmt].append((time.perf_counter() - started) * 1000)
            if not text:
                raise RuntimeError(f"empty {fmt} export for {day}")
        started = time.perf_counter()
        map_png(timeline, day, factions)
        times["png"].append((time.perf_counter() - started) * 1000)
    return times
