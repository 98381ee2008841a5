"""PostgreSQL against SQLite: the same 100,000-event synthetic store on both backends.

The SQLite store made for the scale figures is copied, source by source, into a database on a
throw-away PostgreSQL/PostGIS server (the tests' own, tests/postgres_server.py, on loopback, with
durability off as in the tests), and the figures that depend on the store are taken on both,
interleaved so a busy moment of the machine falls on both: reading the store (what a new store
generation costs a server), `control_at` on the timeline built from it, server start to map
visible, and a slider step. Target: PostgreSQL within 1.5x of SQLite.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench import expected, pipeline, report
from bench.report import Figure, Results, Stat

SIZE = 100_000
WITHIN = 1.5  # PostgreSQL's figures at most this many times SQLite's
SECTION = f"Backends: PostgreSQL against SQLite, {SIZE:,} synthetic events"
COLUMNS = ("PostgreSQL", "SQLite")


def copy_store(sqlite_path: Path, url: str) -> float:
    """Every source of the SQLite store, with its records, into the PostgreSQL store at `url`;
    the seconds the PostgreSQL writes took."""
    from geo.store import open_store

    spent = 0.0
    with open_store(sqlite_path) as source_store, open_store(url) as target:
        records_by_source: dict[str, list] = {}
        for record in source_store.machine_events():
            records_by_source.setdefault(record.source_id, []).append(record)
        for source in source_store.sources():
            started = time.perf_counter()
            target.ingest(source, records_by_source.get(source.source_id, []), "synthetic")
            spent += time.perf_counter() - started
    return spent


def time_reads(location, runs: int) -> list[float]:
    """Seconds to read sources and records in one snapshot (a server's cost per new generation)."""
    from geo.store import open_reader

    times = []
    for _ in range(runs):
        started = time.perf_counter()
        with open_reader(location) as store:
            _, records = store.snapshot()
        times.append(time.perf_counter() - started)
    if len(records) != SIZE:
        raise RuntimeError(f"bench backends: read {len(records)} records of {SIZE}")
    return times


def interleaved_control_at(timelines: dict, stops, count: int, warmup: int = 3) -> dict[str, list[float]]:
    """Milliseconds per `control_at` on dates neither timeline has seen, the backends taking
    turns date by date (who goes first alternating)."""
    days = pipeline.spread_dates(stops, warmup + count)
    for timeline in timelines.values():
        for day in days[:warmup]:
            timeline.control_at(day)
    times: dict[str, list[float]] = {name: [] for name in timelines}
    for n, day in enumerate(days[warmup:]):
        for name in list(timelines) if n % 2 == 0 else list(timelines)[::-1]:
            started = time.perf_counter()
            timelines[name].control_at(day)
            times[name].append((time.perf_counter() - started) * 1000)
    return times


def interleaved_app(browser, locations: dict, path: list, rounds: int, logs: Path, say):
    """Server start to map visible, `rounds` times per backend (who starts first alternating);
    then both servers run side by side and each slider step down `path` is taken on one and then
    the other, so that a busy moment of the machine falls on both."""
    from bench.browser import App, measure_start

    starts: dict[str, list[float]] = {name: [] for name in locations}
    steps: dict[str, list[float]] = {name: [] for name in locations}
    apps = {name: App("stable", location, logs) for name, location in locations.items()}
    sessions = {}
    try:
        for attempt in range(rounds):
            last = attempt + 1 == rounds
            for name in list(apps) if attempt % 2 == 0 else list(apps)[::-1]:
                figures, session = measure_start(browser, apps[name], path[-1].fills)
                starts[name].append(figures["visible_s"])
                say(f"backends: {name} map visible after {figures['visible_s']:.2f}s")
                if last:
                    sessions[name] = session
                else:
                    session.close()
                    apps[name].stop()
        for session in sessions.values():
            session.focus_slider()
        for n, index in enumerate(range(len(path) - 2, -1, -1)):
            before, after = path[index + 1], path[index]
            fills = after.fills if expected.changed(before, after) else None
            for name in list(sessions) if n % 2 == 0 else list(sessions)[::-1]:
                latency, _ = sessions[name].step("ArrowLeft", fills, after.label)
                if latency is not None:
                    steps[name].append(latency)
    finally:
        for session in sessions.values():
            session.close()
        for app in apps.values():
            app.stop()
    return starts, steps


def run_backends(plan, browser, timelines, factions, results: Results, logs: Path, say) -> None:
    from geo import dashboard
    from geo.control import load_timeline
    from geo.store import postgres
    from tests.postgres_server import PostgresServer

    sqlite_path = timelines[SIZE][0]
    # A fresh timeline: the scale section's one has computed (and kept) the dates timed here.
    sqlite_timeline = load_timeline(sqlite_path)
    server = PostgresServer().start()
    try:
        url = server.new_database()
        write_s = copy_store(sqlite_path, url)
        say(f"backends: {SIZE:,} records copied into PostgreSQL in {write_s:.1f}s")
        locations = {"PostgreSQL": url, "SQLite": sqlite_path}

        reads: dict[str, list[float]] = {name: [] for name in locations}
        for n in range(4):
            for name in list(locations) if n % 2 == 0 else list(locations)[::-1]:
                reads[name] += time_reads(locations[name], 1)
        timeline = load_timeline(url)
        if [r.event_id for r in timeline.records] != [r.event_id for r in sqlite_timeline.records]:
            raise RuntimeError("bench backends: PostgreSQL's timeline holds other records than SQLite's")
        stops = dashboard.slider_stops(timeline)
        timelines_by = {"PostgreSQL": timeline, "SQLite": sqlite_timeline}
        control = interleaved_control_at(timelines_by, stops, plan.control_dates)
        say(
            "backends: read "
            + ", ".join(f"{n} {report.percentile(t, 50):.2f}s" for n, t in reads.items())
            + "; control_at "
            + ", ".join(f"{n} {report.percentile(t, 50):.1f} ms" for n, t in control.items())
        )
        path = expected.stops(sqlite_timeline, factions, last=plan.scale_steps + 1)
        starts, steps = interleaved_app(browser, locations, path, plan.scale_starts, logs, say)
        postgres.close_pools()
    finally:
        server.remove()

    def add(name: str, unit: str, samples: dict[str, list[float]], note: str) -> None:
        results.add(
            Figure(
                SECTION,
                name,
                unit,
                Stat.of(samples["PostgreSQL"]),
                Stat.of(samples["SQLite"]),
                ratio_target=round(1 / WITHIN, 3),
                note=note,
                columns=COLUMNS,
            )
        )

    add(
        "read the store (sources and records, one snapshot)",
        "s",
        reads,
        "what each new generation costs a server",
    )
    add("control_at, 272 units", "ms", control, "on the timeline built from each store")
    add("server start to map visible", "s", starts, "process start to the latest date's colours")
    add("slider step to the new colours", "ms", steps, f"the last {plan.scale_steps} stops")
    results.details["backends"] = {"postgres_write_s": round(write_s, 2), "records": SIZE}
