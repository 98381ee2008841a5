"""`python -m bench` (`make bench`): Frontlines' performance figures, printed as a table and
written to bench/results.json.

Sections, in the order they run:

1. Pipeline, in process: `extract` on 100 generated ~1,000-word articles, ingest throughput
   (and on 400 more: bulk ingest on a 2-worker Dask LocalCluster against the process pool),
   and `control_at` with 272 units and 1k / 10k / 100k synthetic events; the map page's
   downloads (control as GeoJSON and CSV, the PNG) with 10k events.
2. Dashboard, in headless Chromium against the real app serving the committed sources
   (`data/sources`, ingested into a temporary store): ours and the naive variant
   (FRONTLINES_MAP_MODE=naive, see app.py), both running, measured in turn: server start to map
   visible, a slider step to the new colours, bytes per step, a click to the evidence panel,
   the size of the map document. The starts rotate with a one-line Streamlit app's
   (bench.browser.FloorApp): the start no Streamlit app beats on this machine, in the same run.
3. Adding an article (bench/add.py): "Save" on the Add articles page to the map showing it,
   on a store of the committed sources, one new article per round.
4. Scale: ours with 10,000, 100,000 and (not with --quick) 1,000,000 synthetic events: start,
   slider step, bytes per step, and the server's memory (peak and current RSS). The million's
   store is written in bulk and its derived data built once by a child process as a server's
   first start would (bench/prebuild.py); that adds about 6 minutes (the store 1.5, the build
   3.5, the starts and steps 1).
5. Backends: the 100,000-event store on PostgreSQL (a throw-away server, tests/postgres_server.py)
   against SQLite: reading the store, `control_at`, server start to map visible, a slider step.

Nothing touches the user's store: every store is made in a temporary folder, removed at the end.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench import expected, pipeline, report, synthetic
from bench.report import Figure, Results, Stat

RESULTS = Path(__file__).resolve().parent / "results.json"
SCALES = (10_000, 100_000, 1_000_000)
# Issue 15's bars per scale: (start s, step ms, KB per step), and the server's peak memory (MB).
SCALE_TARGETS = {100_000: (3, 200, 100), 1_000_000: (6, 400, None)}
MEMORY_TARGETS = {1_000_000: 2048}
# Scales whose store and derived data are made here rather than in the pipeline section: their
# store is written in bulk and their derived data built by a child process (bench/prebuild.py).
BIG_SCALES = (1_000_000,)
CONTROL_SIZES = (1_000, 10_000, 100_000)


@dataclass(frozen=True)
class Plan:
    """How many samples of each kind; `quick` is for trying the benchmark, not for figures."""

    articles: int = 100
    ingest_runs: int = 3
    control_dates: int = 40
    start_rounds: int = 5  # plus the start of the step sessions: 6 samples per variant
    step_rounds: int = 3  # each: a sweep from the latest stop to the first and back
    clicks: int = 10  # per variant, alternating between two towns
    scale_steps: int = 24
    scale_starts: int = 4  # after a first one that builds the cache; the last one's session steps
    bulk_articles: int = 400  # Dask against the process pool
    bulk_runs: int = 3
    saves: int = 10  # articles added in the browser, each timed from Save to the map
    big_scales: bool = True  # BIG_SCALES too (they add several minutes)

    @classmethod
    def quick(cls) -> Plan:
        return cls(20, 1, 10, 1, 1, 2, 4, 1, 60, 1, 2, big_scales=False)


def median_text(samples: list[float], unit: str, scale: float = 1.0) -> str:
    return f"{report.percentile(samples, 50) * scale:.0f} {unit}" if samples else f"n/a {unit}"


class Progress:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self, message: str) -> None:
        print(f"[bench {time.perf_counter() - self.started:6.1f}s] {message}", flush=True)


# --- 1. pipeline --------------------------------------------------------------------------------


def run_pipeline(plan: Plan, work: Path, results: Results, say: Progress) -> dict:
    from geo import dashboard
    from geo.control import load_timeline
    from geo.factions import load_factions
    from geo.gazetteer import load_gazetteer
    from geo.store import Store

    started = time.perf_counter()
    gazetteer = load_gazetteer()
    gazetteer_s = time.perf_counter() - started
    factions = load_factions()
    vocab = synthetic.vocabulary(gazetteer, factions)
    articles = synthetic.synthetic_articles(plan.articles + 1, vocab)
    say(f"extract: {plan.articles} generated articles (gazetteer loaded in {gazetteer_s:.2f}s)")
    figures = pipeline.time_extract(articles[1:], articles[0], gazetteer, gazetteer_s)
    results.add(
        Figure(
            "Pipeline",
            "extract, one ~1,000-word article",
            "ms",
            Stat.of(figures.per_article_ms),
            target=50,
            note=f"{min(figures.words)}-{max(figures.words)} words, "
            f"{sum(figures.records) / len(figures.records):.0f} records each on average",
        )
    )
    results.details["extract"] = {
        "startup_s": round(figures.startup_s, 3),
        "words_median": sorted(figures.words)[len(figures.words) // 2],
        "records_total": sum(figures.records),
    }

    files = synthetic.write_articles(work / "articles", articles[1:])
    rates = pipeline.time_ingest(files, plan.ingest_runs, say)
    results.add(
        Figure(
            "Pipeline",
            f"ingest, {len(files)} articles per run",
            "articles/s",
            Stat.of(rates, higher_is_better=True),
            target=100,
            lower=False,
            note="p95 = the slow side",
        )
    )

    bulk = synthetic.write_articles(
        work / "bulk", synthetic.synthetic_articles(plan.bulk_articles, vocab, seed=13, prefix="bulk")
    )
    say(f"ingest on Dask against the process pool: {len(bulk)} articles, {plan.bulk_runs} runs each")
    both = pipeline.time_dask_against_pool(bulk, plan.bulk_runs, say)
    pool = Stat.of(both["pool"], higher_is_better=True)
    results.add(
        Figure(
            "Pipeline",
            f"ingest on Dask (LocalCluster, 2 workers), {len(bulk)} articles per run",
            "articles/s",
            Stat.of(both["dask"], higher_is_better=True),
            target=pool.median if pool else None,
            lower=False,
            note=f"target: the process pool's median below; cluster up and gazetteers loaded once before, "
            f"in {both['startup_s']:.1f}s",
        )
    )
    results.add(
        Figure(
            "Pipeline",
            f"ingest on the process pool (geo ingest), the same {len(bulk)} articles",
            "articles/s",
            pool,
            lower=False,
            note="runs alternate with the Dask runs",
        )
    )
    results.details["bulk_ingest"] = {"startup_s": round(both["startup_s"], 2), **both}

    timelines = {}
    for size in CONTROL_SIZES:
        path = synthetic.write_store(work / f"events-{size}.sqlite", size, vocab)
        timeline = load_timeline(path)
        stops = dashboard.slider_stops(timeline)
        times = pipeline.time_control_at(timeline, stops, count=plan.control_dates)
        say(f"control_at with {size:,} events: median {report.percentile(times, 50):.1f} ms")
        results.add(
            Figure(
                "Pipeline",
                f"control_at, 272 units, {size:,} events",
                "ms",
                Stat.of(times),
                target=20 if size == 10_000 else None,
                note="a date not computed before, after 3 warm-up dates",
            )
        )
        timelines[size] = (path, timeline)

    path, timeline = timelines[10_000]
    with Store(path) as store:
        sources = {s.source_id: s for s in store.sources()}
    times = pipeline.time_exports(timeline, factions, sources, dashboard.slider_stops(timeline))
    for fmt, what in (("geojson", "GeoJSON"), ("csv", "CSV"), ("png", "PNG of the map")):
        say(f"export {what}: median {report.percentile(times[fmt], 50):.0f} ms")
        results.add(
            Figure(
                "Pipeline",
                f"download: control as {what}, 10,000 events",
                "ms",
                Stat.of(times[fmt]),
                note="made when its button is clicked, never on a slider step",
            )
        )
    return {"factions": factions, "timelines": timelines}


# --- 2. dashboard, ours against naive ---------------------------------------------------------


def real_store(work: Path) -> Path:
    from geo import paths
    from geo.cli import ingest_files
    from geo.store import Store

    work.mkdir(parents=True, exist_ok=True)
    path = work / "events-real.sqlite"
    with Store(path) as store:
        ingest_files(sorted(paths.SOURCES.glob("*.txt")), store)
    return path


def run_dashboard(plan: Plan, browser, store: Path, factions, results: Results, logs: Path, say: Progress):
    """Ours and naive in turn: starts rotate which variant goes first, with a one-line Streamlit
    app as a third (`FloorApp`: the start no Streamlit app beats here); then both servers run
    side by side, and every slider step and click is done on one and then the other (the order
    alternating), so that a slow moment of the machine falls on both."""
    from bench.browser import App, FloorApp, Session, measure_floor, measure_start
    from geo import view_cache
    from geo.control import load_timeline

    timeline = load_timeline(store)
    path = expected.stops(timeline, factions)
    latest = path[-1]
    targets = expected.click_targets(timeline, latest.day)
    modes = ("stable", "naive")
    starts: dict[str, list[dict]] = {m: [] for m in modes}

    # Ours keeps what a store generation determines on disk (geo/view_cache.py): the first start
    # after the store changed builds it, and is timed as a row of its own; the naive build has
    # no such cache and builds everything at every start.
    view_cache.remove(str(store))
    app = App("stable", store, logs)
    try:
        cold, session = measure_start(browser, app, latest.fills)
        session.close()
    finally:
        app.stop()
    say(f"first start (builds the cache) stable: map visible after {cold['visible_s']:.2f}s")

    floor: list[dict] = []
    rotation = (*modes, "floor")
    for round_ in range(plan.start_rounds):
        shift = round_ % len(rotation)
        for mode in rotation[shift:] + rotation[:shift]:
            if mode == "floor":
                app = FloorApp(logs)
                try:
                    floor.append(measure_floor(browser, app))
                finally:
                    app.stop()
                say(
                    f"start {round_ + 1}/{plan.start_rounds} floor: its line after {floor[-1]['visible_s']:.2f}s"
                )
                continue
            app = App(mode, store, logs)
            try:
                figures, session = measure_start(browser, app, latest.fills)
                session.close()
            finally:
                app.stop()
            starts[mode].append(figures)
            say(
                f"start {round_ + 1}/{plan.start_rounds} {mode}: map visible after {figures['visible_s']:.2f}s"
            )

    apps = {m: App(m, store, logs) for m in modes}
    sessions: dict[str, Session] = {}
    steps = {m: {"latency": [], "bytes": []} for m in modes}
    clicks = {m: {"latency": [], "panel": [], "where": [], "bytes": []} for m in modes}
    try:
        for mode in modes:
            figures, sessions[mode] = measure_start(browser, apps[mode], latest.fills)
            starts[mode].append(figures)
        say(f"step sessions up; {len(path)} stops, {expected.colour_steps(path)} colour changes per sweep")
        for round_ in range(plan.step_rounds):
            if round_:
                for mode in modes:
                    sessions[mode].close()
                    sessions[mode] = Session.open(browser, apps[mode])
                    sessions[mode].wait_map(latest.fills)
            for mode in modes:
                sessions[mode].focus_slider()
            sweep = [(i, "ArrowLeft") for i in range(len(path) - 2, -1, -1)]
            sweep += [(i, "ArrowRight") for i in range(1, len(path))]
            previous = len(path) - 1
            for n, (index, key) in enumerate(sweep):
                before, after = path[previous], path[index]
                fills = after.fills if expected.changed(before, after) else None
                order = modes if n % 2 == 0 else modes[::-1]
                for mode in order:
                    latency, size = sessions[mode].step(key, fills, after.label)
                    if latency is not None:
                        steps[mode]["latency"].append(latency)
                    steps[mode]["bytes"].append(size)
                previous = index
                if index == 0:
                    say(f"steps round {round_ + 1}/{plan.step_rounds}: reached the first stop")
            say(
                f"steps round {round_ + 1}/{plan.step_rounds}: "
                + ", ".join(
                    f"{m} median {median_text(steps[m]['latency'], 'ms')}, "
                    f"{median_text(steps[m]['bytes'], 'KB', 1 / 1024)}"
                    for m in modes
                )
            )
        for n in range(plan.clicks):
            target = targets[n % len(targets)]
            order = modes if n % 2 == 0 else modes[::-1]
            for mode in order:
                seen = sessions[mode].click_point(
                    target.latitude, target.longitude, target.heading, target.sentence
                )
                clicks[mode]["latency"].append(seen["excerpt_ms"])
                clicks[mode]["panel"].append(seen["panel_ms"])
                clicks[mode]["where"].append(seen["where"])
                clicks[mode]["bytes"].append(seen["bytes"])
        say(
            "clicks: "
            + ", ".join(
                f"{m} median {median_text(clicks[m]['latency'], 'ms')} "
                f"(panel {median_text(clicks[m]['panel'], 'ms')})"
                for m in modes
            )
        )
    finally:
        for session in sessions.values():
            session.close()
        for app in apps.values():
            app.stop()

    view_cache.remove(str(store))

    def stat(mode: str, key: str, scale: float = 1.0) -> Stat | None:
        return Stat.of([s[key] * scale for s in starts[mode]])

    def above_floor(mode: str) -> Stat | None:
        # The rounds' starts come first in starts[mode]; the step sessions' start has no floor.
        rounds = starts[mode][: len(floor)]
        return Stat.of([s["visible_s"] - f["visible_s"] for s, f in zip(rounds, floor, strict=True)])

    section = "Dashboard (real data: data/sources), ours against naive"
    results.add(
        Figure(
            section,
            "server start to map visible",
            "s",
            stat("stable", "visible_s"),
            stat("naive", "visible_s"),
            target=2,
            ratio_target=1.5,
            note="process start to the latest date's colours, fresh browser context",
        )
    )
    results.add(
        Figure(
            section,
            "server start to its line, a one-line Streamlit app",
            "s",
            Stat.of([f["visible_s"] for f in floor]),
            note="this machine's floor: our Streamlit settings, the same clock, in the same rounds",
        )
    )
    results.add(
        Figure(
            section,
            "server start to map visible, above that floor",
            "s",
            above_floor("stable"),
            above_floor("naive"),
            note="each round's start less the one-line app's in the same round",
        )
    )
    results.add(
        Figure(
            section,
            "first start after the store changed",
            "s",
            Stat.of([cold["visible_s"]]),
            note="ours builds its derived data and keeps it on disk; the starts above read it",
        )
    )
    results.add(
        Figure(
            section,
            "slider step to the new colours",
            "ms",
            Stat.of(steps["stable"]["latency"]),
            Stat.of(steps["naive"]["latency"]),
            target=100,
            ratio_target=3,
            note="key down to every unit's new fill",
        )
    )
    results.add(
        Figure(
            section,
            "bytes per slider step",
            "KB",
            Stat.of([b / 1024 for b in steps["stable"]["bytes"]]),
            Stat.of([b / 1024 for b in steps["naive"]["bytes"]]),
            target=150,
            ratio_target=4,
            note="every step of the sweeps, server to browser: websocket and the map's state route",
        )
    )

    def where(mode: str) -> str:
        shown = clicks[mode]["where"]
        return f"{mode}: {shown.count('popup')} in the popup, {shown.count('panel')} in the panel"

    results.add(
        Figure(
            section,
            "click on a town to its excerpt visible",
            "ms",
            Stat.of(clicks["stable"]["latency"]),
            Stat.of(clicks["naive"]["latency"]),
            target=200,
            note=f"popup or panel, whichever first ({where('stable')}; {where('naive')})",
        )
    )
    results.add(
        Figure(
            section,
            "click on a town to the panel's excerpt",
            "ms",
            Stat.of(clicks["stable"]["panel"]),
            Stat.of(clicks["naive"]["panel"]),
            target=500,
            note=f"every excerpt, review buttons; alternating {' / '.join(t.heading for t in targets)}",
        )
    )
    results.add(
        Figure(
            section,
            "bytes over the websocket per click",
            "KB",
            Stat.of([b / 1024 for b in clicks["stable"]["bytes"]]),
            Stat.of([b / 1024 for b in clicks["naive"]["bytes"]]),
        )
    )
    results.add(
        Figure(
            section,
            "map document (HTML/JS sent to the map iframe)",
            "KB",
            stat("stable", "document_bytes", 1 / 1024),
            stat("naive", "document_bytes", 1 / 1024),
            note="st_folium's arguments on first load",
        )
    )
    results.add(
        Figure(
            section,
            "map static files (first visit; cached after)",
            "KB",
            stat("stable", "static_bytes", 1 / 1024),
            stat("naive", "static_bytes", 1 / 1024),
            note="gzip; naive: Leaflet, jQuery; ours: Leaflet with the runtime, unit shapes",
        )
    )
    results.add(
        Figure(
            section,
            "bytes over the websocket, whole first load",
            "KB",
            stat("stable", "load_bytes", 1 / 1024),
            stat("naive", "load_bytes", 1 / 1024),
            note="naive reruns after its map mounts",
        )
    )
    results.details["dashboard"] = {
        "stops": len(path),
        "colour_changes_per_sweep": expected.colour_steps(path),
        "starts": starts,
        "floor_starts": floor,
        "steps": steps,
        "clicks": clicks,
        "click_targets": [t.__dict__ for t in targets],
    }


# --- 3. scale ----------------------------------------------------------------------------------


def run_scale(plan: Plan, browser, timelines, factions, results: Results, logs: Path, say: Progress) -> None:
    from bench.browser import App, measure_start
    from bench.prebuild import memory_mb, prebuild
    from geo import dashboard, view_cache

    for size in SCALES:
        section = f"Scale: ours with {size:,} synthetic events"
        if size in BIG_SCALES and not plan.big_scales:
            say(f"scale {size:,}: skipped (--quick)")
            continue
        cold: list[dict] = []
        if size in BIG_SCALES:
            from geo.gazetteer import load_gazetteer

            started = time.perf_counter()
            vocab = synthetic.vocabulary(load_gazetteer(), factions)
            store = synthetic.write_store_bulk(logs / f"events-{size}.sqlite", size, vocab)
            say(f"scale {size:,}: store written in {time.perf_counter() - started:.0f}s")
            view_cache.remove(str(store))
            # Built as a server's first start builds it, in a child process (no browser would
            # wait that long); the starts measured below read it.
            built = prebuild(
                store, plan.scale_steps + 1, logs / f"prebuilt-{size}.pickle", logs / "prebuild.log"
            )
            say(f"scale {size:,}: derived data built in {built.seconds:.0f}s, peak {built.peak_mb:,.0f} MB")
            path, stop_count, latest_state = built.path, built.stops, built.latest_state
            results.add(
                Figure(
                    section,
                    "first start's build of the derived data (no browser)",
                    "s",
                    Stat.of([built.seconds]),
                    note=f"a process doing what a server's first start does; peak {built.peak_mb:,.0f} MB",
                )
            )
        else:
            store, timeline = timelines[size]
            path = expected.stops(timeline, factions, last=plan.scale_steps + 1)
            stops = dashboard.slider_stops(timeline)
            stop_count = len(stops)
            state = dashboard.map_state(
                dashboard.MapContext(
                    timeline, {}, factions, dashboard.towns_with_evidence(timeline.records, {})
                ),
                stops[-1],
            )
            latest_state = {
                "units": len(state["u"]),
                "unit_popups": len(state["p"]),
                "towns": len(state["towns"]),
                "event_markers": len(state["ev"]),
                "event_aggregates": len(state["clusters"]),
            }
            # The first start after the store's new generation builds the derived data and keeps
            # it on disk (geo/view_cache.py); the starts measured after it read that.
            view_cache.remove(str(store))
        latencies, sizes, starts, peaks, resident = [], [], [], [], []
        attempts = plan.scale_starts + (0 if size in BIG_SCALES else 1)
        for attempt in range(attempts):
            app = App("stable", store, logs)
            try:
                figures, session = measure_start(browser, app, path[-1].fills)
                warm = attempt or size in BIG_SCALES
                (starts if warm else cold).append(figures)
                kind = "start" if warm else "first start (builds the cache)"
                say(f"scale {size:,}: {kind}: map visible after {figures['visible_s']:.2f}s")
                if attempt < attempts - 1:
                    if warm:
                        peaks.append(memory_mb(app.process.pid)[0])
                    session.close()
                    continue
                session.focus_slider()
                for index in range(len(path) - 2, -1, -1):
                    before, after = path[index + 1], path[index]
                    fills = after.fills if expected.changed(before, after) else None
                    latency, size_ = session.step("ArrowLeft", fills, after.label)
                    if latency is not None:
                        latencies.append(latency)
                    sizes.append(size_ / 1024)
                peak, now = memory_mb(app.process.pid)
                peaks.append(peak)
                resident.append(now)
                session.close()
            finally:
                app.stop()
        view_cache.remove(str(store))
        if size in BIG_SCALES:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{store}{suffix}").unlink(missing_ok=True)
        say(
            f"scale {size:,}: step median {median_text(latencies, 'ms')}, {median_text(sizes, 'KB')}, "
            f"server peak {median_text(peaks, 'MB')}"
        )
        start_target, step_target, bytes_target = SCALE_TARGETS.get(size, (None, 1000, None))
        results.add(
            Figure(
                section,
                "server start to map visible",
                "s",
                Stat.of([f["visible_s"] for f in starts]),
                target=start_target,
                note="derived data read from the on-disk cache",
            )
        )
        if cold:
            results.add(
                Figure(
                    section,
                    "first start after the store changed",
                    "s",
                    Stat.of([f["visible_s"] for f in cold]),
                    note="builds the timeline and its indexes, and caches them on disk",
                )
            )
        results.add(
            Figure(
                section,
                "slider step to the new colours",
                "ms",
                Stat.of(latencies),
                target=step_target,
                note=f"the last {plan.scale_steps} of {stop_count:,} stops",
            )
        )
        results.add(Figure(section, "bytes per slider step", "KB", Stat.of(sizes), target=bytes_target))
        results.add(
            Figure(
                section,
                "server memory (RSS), peak",
                "MB",
                Stat.of(peaks),
                target=MEMORY_TARGETS.get(size),
                note="VmHWM of the Streamlit server: each warm start's, the last after its slider steps",
            )
        )
        results.add(
            Figure(
                section,
                "server memory (RSS) after the slider steps",
                "MB",
                Stat.of(resident),
                note="VmRSS of the server that stepped",
            )
        )
        results.add(
            Figure(
                section,
                "map document (HTML/JS sent to the map iframe)",
                "KB",
                Stat.of([f["document_bytes"] / 1024 for f in starts]),
            )
        )
        results.details[f"scale_{size}"] = {
            "stops": stop_count,
            "starts": starts,
            "server_peak_mb": peaks,
            "server_rss_mb": resident,
            "latest_state": latest_state,
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="few samples, to try the benchmark out")
    parser.add_argument("--skip-browser", action="store_true", help="pipeline figures only")
    parser.add_argument("--skip-postgres", action="store_true", help="no PostgreSQL against SQLite section")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"results file (default {RESULTS})")
    args = parser.parse_args(argv)
    plan = Plan.quick() if args.quick else Plan()
    say = Progress()
    results = Results()
    work = Path(tempfile.mkdtemp(prefix="frontlines-bench-"))
    say(f"working in {work} (removed at the end)")
    try:
        made = run_pipeline(plan, work, results, say)
        if not args.skip_browser:
            from playwright.sync_api import sync_playwright

            from bench.add import run_add
            from bench.browser import launch

            store = real_store(work)
            with sync_playwright() as playwright:
                browser = launch(playwright)
                results.details["chromium"] = browser.version
                run_dashboard(plan, browser, store, made["factions"], results, work, say)
                run_add(browser, real_store(work / "add"), results, work, say, plan.saves)
                run_scale(plan, browser, made["timelines"], made["factions"], results, work, say)
                if not args.skip_postgres:
                    from bench.backends import run_backends

                    run_backends(plan, browser, made["timelines"], made["factions"], results, work, say)
                browser.close()
    except Exception:
        for log in sorted(work.glob("app-*.log")):
            tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
            print(f"--- {log.name}, last lines ---", *tail, sep="\n", file=sys.stderr)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = report.table(results)
    print()
    print(text)
    report.write(results, args.out, {"quick": args.quick, "table": text})
    say(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
