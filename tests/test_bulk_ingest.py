"""Bulk ingest on Dask (geo/bulk_ingest.py) on a real 2-worker LocalCluster and 2,000 articles:
nothing lost or duplicated when run whole, when interrupted and resumed, when a worker is
killed mid-run, when two ingests of overlapping files run at once; a reader polling the store
during an ingest never sees half a batch. Batches are stored whole (Store.ingest_many).

The articles are generated here from the gazetteer's town names and sentence templates written
here; each has a capture sentence, so each gives at least one record.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path

import pytest
from distributed import Client, LocalCluster

from geo.bulk_ingest import (
    PLUGIN,
    BulkIngestError,
    BulkReport,
    _cluster_errors,
    bulk_ingest,
    dask_client,
    looks_like_address,
)
from geo.cli import main
from geo.extract import EXTRACTOR_VERSION
from geo.sources import SourceKey, read_source
from geo.store import Store, StoreError, open_reader
from tests.test_store import record, source

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "geo", "ingest"]
ARTICLES = 2000
BATCH = 50
SIDES = ("The Syrian army", "Hayat Tahrir al-Sham", "The Syrian Democratic Forces", "Rebel forces")
TEMPLATES = (
    "{a} captured {p} from {b} on {day}.",
    "Warplanes struck {q} on {day}, a monitoring group said.",
    "Heavy clashes broke out between {a2} and {b2} near {q} on {day}.",
    "Residents said the market in {q} reopened after the fighting.",
)


def write_articles(folder: Path, count: int, seed: int = 3) -> list[Path]:
    """`count` short articles (~40 words: a capture, then two of the other sentences), each a
    `.txt` with a `.json` giving its publication date, named article-NNNNN."""
    from geo.gazetteer import load_gazetteer

    towns = [
        p.name
        for p in load_gazetteer().places()
        if p.in_syria
        and p.kind in {"city", "town"}
        and p.admin3
        and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?", p.name)
    ]
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        published = date(2016, 1, 1) + timedelta(days=rng.randrange(2000))
        day = f"{published - timedelta(days=rng.randrange(1, 5)):%-d %B %Y}"
        a, b, a2, b2 = rng.sample(SIDES, 4)
        p, q = rng.sample(towns, 2)
        words = {"a": a, "b": b.lower() if b.startswith("Rebel") else b, "a2": a2, "b2": b2, "p": p, "q": q}
        body = [TEMPLATES[0].format(day=day, **words)]
        body += [rng.choice(TEMPLATES[1:]).format(day=day, **words) for _ in range(2)]
        path = folder / f"article-{n:05d}.txt"
        path.write_text(f"Report {n} on fighting around {p}\n" + " ".join(body) + "\n", encoding="utf-8")
        path.with_suffix(".json").write_text(
            json.dumps({"published": published.isoformat()}), encoding="utf-8"
        )
        paths.append(path)
    return paths


def content(path: Path) -> tuple[dict[str, str], list[tuple]]:
    """Sources (id -> text hash) and every record's identity, place and date: equal for two
    stores that hold the same ingest, whatever order or how many runs made them."""
    db = sqlite3.connect(path)
    try:
        sources = dict(db.execute("SELECT source_id, sha256 FROM sources"))
        events = db.execute(
            "SELECT event_id, source_id, place_id, event_type, date_start, sentence_start FROM events ORDER BY 1"
        ).fetchall()
    finally:
        db.close()
    return sources, events


def part_of(
    whole: tuple[dict[str, str], list[tuple]], files: list[Path]
) -> tuple[dict[str, str], list[tuple]]:
    """`content` of a store that holds only `files` of the whole ingest."""
    ids = {f.stem for f in files}
    sources, events = whole
    return {s: h for s, h in sources.items() if s in ids}, [e for e in events if e[1] in ids]


def records_by_source(events: list[tuple]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in events:
        counts[row[1]] = counts.get(row[1], 0) + 1
    return counts


@pytest.fixture(scope="module")
def articles(tmp_path_factory) -> list[Path]:
    return write_articles(tmp_path_factory.mktemp("articles"), ARTICLES)


@pytest.fixture(scope="module")
def client():
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def reference(articles, client, tmp_path_factory):
    """One whole, uninterrupted bulk ingest: what every other run must end up storing."""
    path = tmp_path_factory.mktemp("reference") / "events.sqlite"
    lines: list[str] = []
    with Store(path) as store:
        report = bulk_ingest(
            articles, store, client, batch_size=BATCH, progress=lambda r: lines.append(r.line())
        )
    loads = sorted(client.run(gazetteer_loads).values())
    return path, report, content(path), lines, loads


def gazetteer_loads(dask_worker) -> int:
    return dask_worker.plugins[PLUGIN].loads


def test_every_article_is_stored_once_with_its_records(articles, reference):
    _, report, (sources, events), lines, loads = reference
    assert loads == [1, 1]  # each worker loaded the gazetteer once for its 20-odd tasks
    assert report.actions == {"added": ARTICLES} and not report.errors and not report.interrupted
    assert report.done_batches == report.batches == ARTICLES // BATCH
    assert len(lines) == report.batches and lines[-1].startswith(f"batch {report.batches}/{report.batches}:")
    assert set(sources) == {p.stem for p in articles}
    counts = records_by_source(events)
    assert set(counts) == set(sources) and min(counts.values()) >= 1
    assert report.records == len(events) == len({e[0] for e in events})
    # Each stored text is the file's: nothing was mixed up between the workers' results.
    for p in articles[:: ARTICLES // 20]:
        assert sources[p.stem] == read_source(p).sha256


def test_a_second_run_skips_every_stored_file_without_extracting(articles, reference, client):
    path = reference[0]
    with Store(path) as store:
        generation = store.generation()
        report = bulk_ingest(articles, store, client, batch_size=BATCH)
        assert store.generation() == generation
    assert report.skipped == ARTICLES and report.actions == {} and report.records == 0
    assert content(path) == reference[2]


def test_interrupted_run_keeps_whole_batches_and_resumes(articles, reference, client, tmp_path):
    path = tmp_path / "events.sqlite"
    stop_after = 5

    def interrupt(report: BulkReport) -> None:
        if report.done_batches == stop_after:
            raise KeyboardInterrupt  # as Ctrl-C between two batches

    with Store(path) as store:
        first = bulk_ingest(articles, store, client, batch_size=BATCH, progress=interrupt)
    assert first.interrupted and first.done_batches == stop_after
    sources, events = content(path)
    assert len(sources) == stop_after * BATCH == first.actions["added"]
    want_counts = records_by_source(reference[2][1])
    assert records_by_source(events) == {s: want_counts[s] for s in sources}

    with Store(path) as store:
        second = bulk_ingest(articles, store, client, batch_size=BATCH)
    assert not second.interrupted and second.skipped == len(sources)
    assert second.actions == {"added": ARTICLES - len(sources)}
    assert content(path) == reference[2]


class InterruptedStore(Store):
    """Ctrl-C arriving in the middle of a batch's transaction, after `after` sources of it."""

    def __init__(self, path: Path, after: int) -> None:
        super().__init__(path)
        self.after, self.calls = after, 0

    def ingest(self, source, records, extractor, *args, **kwargs):
        self.calls += 1
        if self.calls == self.after + 1:
            raise KeyboardInterrupt
        return super().ingest(source, records, extractor, *args, **kwargs)


def test_ctrl_c_inside_a_batch_leaves_nothing_of_it(articles, reference, client, tmp_path):
    path = tmp_path / "events.sqlite"
    with InterruptedStore(path, after=BATCH + 7) as store:
        report = bulk_ingest(articles[: 4 * BATCH], store, client, batch_size=BATCH)
    assert report.interrupted and report.done_batches == 1
    sources, events = content(path)
    assert len(sources) == BATCH  # the first batch; none of the second's first seven
    want_counts = records_by_source(reference[2][1])
    assert records_by_source(events) == {s: want_counts[s] for s in sources}


def test_ingest_many_is_one_transaction(tmp_path):
    path = tmp_path / "events.sqlite"
    good = [(source(f"Text {n}\nBody {n}.", f"s{n}"), [record(f"e{n}", f"s{n}")]) for n in range(3)]
    bad = (source("Text 9\nBody 9.", "s9"), [record("e9", "s9"), record("e9", "s9")])
    with Store(path) as store:
        with pytest.raises(StoreError, match="same event id"):
            store.ingest_many([*good, bad], EXTRACTOR_VERSION)
        assert store.sources() == [] and store.generation() == 0
        results = store.ingest_many(good, EXTRACTOR_VERSION)
        assert [r.action for r in results] == ["added"] * 3
        again = store.ingest_many(good, EXTRACTOR_VERSION)
        assert [r.action for r in again] == ["unchanged"] * 3
        keys = store.source_keys(EXTRACTOR_VERSION)
        assert keys == {s.source_id: SourceKey.of(s) for s, _ in good}
        assert store.source_keys("another extractor") == {}


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(articles, reference, client, tmp_path):
    path = tmp_path / "events.sqlite"
    before = client.run(os.getpid)
    killed: list[int] = []

    def kill_a_worker(report: BulkReport) -> None:
        if report.done_batches == 3:
            # The other batches in flight are on the workers now: one loses its process.
            busy = client.processing()
            address = max(busy, key=lambda a: len(busy[a]))
            killed.append(len(busy[address]))
            os.kill(before[address], signal.SIGKILL)

    with Store(path) as store:
        report = bulk_ingest(articles, store, client, batch_size=BATCH, progress=kill_a_worker)
    assert killed and killed[0] >= 1, "no task was running on the killed worker"
    assert not report.interrupted and report.done_batches == report.batches
    assert report.actions == {"added": ARTICLES}
    assert content(path) == reference[2]
    client.wait_for_workers(2, timeout=60)
    assert set(client.run(os.getpid).values()) != set(before.values())  # the nanny started a new one


def test_two_bulk_ingests_of_overlapping_files_at_once(articles, reference, client, tmp_path):
    """Two `python -m geo ingest --dask ADDRESS` processes on one SQLite store, 300 files shared."""
    path = tmp_path / "events.sqlite"
    halves = (articles[:600], articles[300:900])
    runs = [
        subprocess.Popen(
            [
                *CLI,
                "--store",
                str(path),
                "--batch",
                "40",
                "--dask",
                client.scheduler.address,
                *map(str, files),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for files in halves
    ]
    outputs = [run.communicate(timeout=240) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "done after batch" in out and "error" not in err
    # Each of the 900 sources was added by one of the two runs: the other found it stored.
    added = [int(m.group(1)) if (m := re.search(r"(\d+) added", out)) else 0 for out, _ in outputs]
    assert sum(added) == 900 and min(added) >= 300, outputs
    assert content(path) == part_of(reference[2], articles[:900])


def test_ctrl_c_on_the_command_keeps_stored_batches_and_a_rerun_finishes(
    articles, reference, client, tmp_path
):
    """Ctrl-C in a terminal: SIGINT to the whole process group, a local cluster's workers too."""
    path = tmp_path / "events.sqlite"
    files = articles[:400]
    command = [*CLI, "--store", str(path), "--batch", "10", "--dask"]
    run = subprocess.Popen(
        [*command, *map(str, files)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert run.stderr is not None
    err = ""
    for line in run.stderr:
        err += line
        if line.startswith("ingest --dask: batch 3/"):
            os.killpg(run.pid, signal.SIGINT)
            break
    out, rest = run.communicate(timeout=120)
    err += rest
    assert run.returncode == 130, err
    assert "on a local cluster (2 workers)" in err
    assert "interrupted" in err and "run the same command again to resume" in err
    assert "Traceback" not in err and "WARNING" not in err, err
    assert "ingest --dask: stopped after batch" in out
    sources, events = content(path)
    assert 30 <= len(sources) < len(files) and len(sources) % 10 == 0
    want_counts = records_by_source(reference[2][1])
    assert records_by_source(events) == {s: want_counts[s] for s in sources}

    again = subprocess.run(
        [*command, client.scheduler.address, *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert again.returncode == 0, again.stderr
    assert f"{len(sources)} already stored" in again.stdout
    assert content(path) == part_of(reference[2], files)


def test_a_reader_never_sees_half_a_batch(articles, reference, client, tmp_path):
    path = tmp_path / "events.sqlite"
    files, batch = articles[:1000], 25
    want_counts = records_by_source(reference[2][1])
    Store(path).close()
    seen: list[int] = []
    problems: list[str] = []
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            with open_reader(path) as reader:
                sources, events = reader.snapshot()
            counts = {s.source_id: 0 for s in sources}
            for e in events:
                counts[e.source_id] = counts.get(e.source_id, 0) + 1
            if len(sources) % batch:
                problems.append(f"{len(sources)} sources: not whole batches")
            problems.extend(f"{s}: {n} records" for s, n in counts.items() if n != want_counts.get(s))
            seen.append(len(sources))
            done.wait(0.05)  # leave the writer room: a reader per 50 ms is plenty of polls

    reader = threading.Thread(target=poll)
    reader.start()
    try:
        with Store(path) as store:
            report = bulk_ingest(files, store, client, batch_size=batch)
    finally:
        done.set()
        reader.join()
    assert report.actions == {"added": len(files)}
    assert not problems, problems[:5]
    assert len({n for n in seen if 0 < n < len(files)}) >= 3, (
        f"the reader saw too few states: {sorted(set(seen))}"
    )


def test_a_bad_file_is_named_and_skipped_and_the_run_exits_2(articles, client, tmp_path, capsys):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"Title\n\xff\xfe not utf-8")
    store = tmp_path / "events.sqlite"
    files = [*map(str, articles[:30]), str(bad), *map(str, articles[30:60])]
    code = main(
        ["ingest", "--dask", client.scheduler.address, *files, "--store", str(store), "--batch", "20"]
    )
    err = capsys.readouterr().err
    assert code == 2
    named = [line for line in err.splitlines() if line.startswith("error:") and str(bad) in line]
    assert len(named) == 1 and "not UTF-8" in named[0]
    assert "1 of 61 files could not be read" in err
    assert len(content(store)[0]) == 60


def test_dask_address_or_first_file():
    for address in ("tcp://10.0.0.5:8786", "scheduler.lan:8786", "tcp://[::1]:8786", "127.0.0.1:8786"):
        assert looks_like_address(address), address
    for name in ("article.txt", "data/sources/x.txt", "tcp://host", "2024-12-01.txt"):
        assert not looks_like_address(name), name


def test_unreachable_scheduler_is_one_line_naming_it():
    with pytest.raises(BulkIngestError) as caught, dask_client("tcp://127.0.0.1:9", timeout="1s"):
        pass
    message = str(caught.value)
    assert "\n" not in message and message.startswith(
        "--dask tcp://127.0.0.1:9: cannot reach a Dask scheduler"
    )


def test_a_cluster_without_our_code_is_one_line_saying_how_to_start_it():
    with (
        pytest.raises(
            BulkIngestError, match=r"cannot load Frontlines' code \(No module named 'geo'\); start"
        ),
        _cluster_errors(),
    ):
        raise RuntimeError("Error during deserialization\nof the task graph") from ModuleNotFoundError(
            "No module named 'geo'"
        )
    with pytest.raises(ZeroDivisionError), _cluster_errors():
        raise ZeroDivisionError  # a bug stays a bug, with its traceback
