"""Bulk ingest on Dask: archives of thousands of articles read and extracted across a cluster.

`python -m geo ingest --dask [ADDRESS] FILES...` comes here. The files are cut into batches of
`batch_size`; each batch is one Dask task, which reads its files and extracts them on a worker.
Each worker loads the gazetteer once (`GazetteerOnWorker`, a worker plugin), never per task: tasks
carry only file names. The client writes each finished batch with `EventStore.ingest_many`, ONE
transaction per batch, in the order batches finish, while the workers go on with the next ones.

Why it is safe to stop and run again:
- A batch is stored whole or not at all (the transaction), so Ctrl-C leaves every finished batch
  stored and nothing half-written; `bulk_ingest` then returns with `interrupted` set.
- Before submitting, the client reads the stored sources' `SourceKey`s (text hash, publication
  day, description) for this extractor; a worker that reads a file with the same key skips its
  extraction, so a second run of the same command only does what the first did not finish.
- Writing is idempotent anyway: the store calls a source with the same key "unchanged", so two
  bulk ingests of overlapping files, or a task Dask runs twice after losing a worker, store each
  source once.

A bad file (unreadable, not UTF-8, no date...) is reported in one line naming it and skipped:
the rest of an archive of thousands is still stored, and the run ends with a non-zero exit and
a summary (`BulkReport.errors`). The plain `ingest` instead refuses a whole set with a bad file.
"""

from __future__ import annotations

import logging
import re
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import WorkerPlugin, as_completed, get_worker

from geo.errors import FrontlinesError
from geo.records import EventRecord
from geo.sources import Source, SourceError, SourceKey, read_source, slug_of

if TYPE_CHECKING:
    from distributed import Client

    from geo.gazetteer import Gazetteer
    from geo.store import EventStore

PLUGIN = "frontlines-gazetteer"
BATCH_SIZE = 50
LOCAL_WORKERS = 2
# A scheduler's address as `dask scheduler` prints it (tcp://10.0.0.5:8786) or host:port.
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://)?[^\s/:]+(?::[^\s/]*)*:\d{1,5}/?", re.IGNORECASE)


class BulkIngestError(FrontlinesError, RuntimeError):
    """The cluster cannot be reached or used; the message names the address and the problem."""


def looks_like_address(value: str) -> bool:
    """True for `tcp://host:8786` or `host:8786` that is not a file: `--dask` takes an optional
    address before the files, so a first file must not be taken for one."""
    return bool(_ADDRESS.fullmatch(value)) and not Path(value).exists()


# --- on the workers ------------------------------------------------------------------------------


class GazetteerOnWorker(WorkerPlugin):
    """Gives each worker one gazetteer, loaded from the worker's own cache at its first task.

    Loaded lazily rather than in `setup`, which runs on the worker's event loop: a load there would
    stall its heartbeats. A worker that Dask restarts (after a crash) loads its own again.
    """

    name = PLUGIN
    idempotent = True  # a second client on the same cluster keeps the loaded gazetteer

    def setup(self, worker: object) -> None:
        self._lock = threading.Lock()
        self._gazetteer: Gazetteer | None = None
        self.loads = 0  # how often this worker loaded it: once (tests check)

    def gazetteer(self) -> Gazetteer:
        with self._lock:
            if self._gazetteer is None:
                from geo.gazetteer import load_gazetteer

                self._gazetteer = load_gazetteer()
                self.loads += 1
            return self._gazetteer


@dataclass(frozen=True)
class Chunk:
    """What a worker sends back for one batch of files: plain tuples for the records, as the
    process pool does (`geo.extract.article`), since they cross the wire several times faster."""

    extractor: str
    extracted: list[tuple[Source, list[tuple]]]
    unchanged: list[str]  # source ids whose stored key matched: not extracted again
    errors: list[str]  # one line per bad file, naming it


def extract_chunk(
    paths: Sequence[str], published: str | None, stored: dict[str, SourceKey], extractor: str
) -> Chunk:
    """A Dask task: read and extract `paths` with this worker's gazetteer, skipping a file whose
    `SourceKey` equals `stored[its slug]` (stored by `extractor` already)."""
    from geo.extract import EXTRACTOR_VERSION, extract
    from geo.extract.article import _as_row

    plugin = get_worker().plugins[PLUGIN]
    extracted, unchanged, errors = [], [], []
    for path in paths:
        try:
            source = read_source(Path(path), published)
        except SourceError as exc:
            errors.append(str(exc))
            continue
        if extractor == EXTRACTOR_VERSION and stored.get(source.source_id) == SourceKey.of(source):
            unchanged.append(source.source_id)
            continue
        extracted.append((source, [_as_row(r) for r in extract(source, plugin.gazetteer())]))
    return Chunk(EXTRACTOR_VERSION, extracted, unchanged, errors)


# --- on the client ---------------------------------------------------------------------------------


@dataclass
class BulkReport:
    """What a bulk ingest did, batch by batch; `progress` gets it after every stored batch."""

    files: int
    batches: int
    done_batches: int = 0
    done_files: int = 0
    actions: dict[str, int] = field(default_factory=dict)  # "added", "unchanged", ... -> sources
    records: int = 0
    skipped: int = 0  # files whose stored key matched: not extracted, nothing written
    errors: list[str] = field(default_factory=list)
    interrupted: bool = False

    def line(self) -> str:
        counts = ", ".join(f"{n} {action}" for action, n in sorted(self.actions.items())) or "nothing new"
        skipped = f", {self.skipped} already stored" if self.skipped else ""
        bad = f", {len(self.errors)} bad" if self.errors else ""
        return (
            f"batch {self.done_batches}/{self.batches}: {self.done_files}/{self.files} files "
            f"({counts}{skipped}{bad}), {self.records} records written"
        )


@contextmanager
def dask_client(
    address: str | None, *, workers: int = LOCAL_WORKERS, timeout: str = "10s"
) -> Iterator[Client]:
    """A client of the scheduler at `address`, or of a LocalCluster of `workers` processes (one
    thread each: extraction is pure Python, so threads would share one core) when it is None."""
    from distributed import Client, LocalCluster

    if address is None:
        with _sigint_ignored():
            # Workers' warnings and shutdown errors (tasks cancelled at Ctrl-C, a last heartbeat
            # to the scheduler that has just closed, with its traceback) are Dask's business, not
            # the user's; a task's own failure still reaches the command through its future.
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.CRITICAL,
            )
        with cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BulkIngestError(f"--dask {address}: cannot reach a Dask scheduler there ({exc})") from None
    with client:
        yield client


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Start worker processes with Ctrl-C ignored (SIG_IGN alone survives their exec), so that a
    Ctrl-C in the terminal reaches the client alone: it keeps the stored batches and closes the
    cluster, instead of every worker dying mid-import with a traceback. Only the main thread
    may set handlers; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def preload(client: Client) -> None:
    """Load the gazetteer on every worker of `client` now rather than at each one's first task
    (a benchmark times the steady rate; a team's long-running cluster pays this once)."""
    client.register_plugin(GazetteerOnWorker(), name=PLUGIN)
    client.run(_load_gazetteer)


def _load_gazetteer(dask_worker: object) -> None:
    dask_worker.plugins[PLUGIN].gazetteer()  # type: ignore[attr-defined]


def _batches(files: Sequence[Path], size: int) -> list[list[str]]:
    # Absolute paths: a worker of a real cluster does not share the client's working folder.
    names = [str(Path(f).resolve()) for f in files]
    return [names[i : i + size] for i in range(0, len(names), size)]


def bulk_ingest(
    files: Sequence[Path],
    store: EventStore,
    client: Client,
    *,
    published: str | None = None,
    batch_size: int | None = None,
    progress: Callable[[BulkReport], None] | None = None,
) -> BulkReport:
    """Read, extract and store `files` on the cluster of `client`, one transaction per batch.

    Parameters
    ----------
    files : the articles (`<slug>.txt`, each with an optional `<slug>.json`).
    store : any `EventStore`; the client alone writes to it.
    client : a Dask client (`dask_client`); its workers need this project and a built cache.
    published : YYYY-MM-DD for every file, as `ingest --published`.
    batch_size : files per task and per transaction; by default BATCH_SIZE, or fewer so that
        each worker gets at least four batches (a small set is not one worker's alone).
    progress : called with the report after each stored batch (and each bad file's batch).

    Returns
    -------
    BulkReport: counts by action, bad files' lines, and `interrupted` when Ctrl-C (a
    KeyboardInterrupt) stopped it: every batch counted in it is stored, nothing else is.
    """
    from geo.extract import EXTRACTOR_VERSION

    workers = max(1, len(client.scheduler_info(n_workers=-1).get("workers", {})))
    if batch_size is None:
        batch_size = max(1, min(BATCH_SIZE, -(-len(files) // (4 * workers))))
    if batch_size < 1:
        raise BulkIngestError(f"batch size must be 1 or more, not {batch_size}")
    batches = _batches(files, batch_size)
    report = BulkReport(files=len(files), batches=len(batches))
    with _cluster_errors():
        client.register_plugin(GazetteerOnWorker(), name=PLUGIN)
    stored = store.source_keys(EXTRACTOR_VERSION)

    def submit(paths: list[str]):
        known = {s: stored[s] for s in (slug_of(Path(p)) for p in paths) if s in stored}
        return client.submit(extract_chunk, paths, published, known, EXTRACTOR_VERSION, pure=False)

    # A window of tasks in flight, not all of them: results wait in the cluster's memory only
    # until the client has stored them, and a Ctrl-C has little to cancel.
    window = 2 * workers + 2
    pending = iter(batches)
    futures = as_completed([submit(b) for b in islice(pending, window)])
    try:
        for future in futures:
            with _cluster_errors():
                chunk: Chunk = future.result()
            future.release()
            if chunk.extractor != EXTRACTOR_VERSION:
                raise BulkIngestError(
                    f"a Dask worker runs extractor version {chunk.extractor}, this client "
                    f"{EXTRACTOR_VERSION}: give the workers the same Frontlines code"
                )
            items = [(s, [EventRecord(*row) for row in rows]) for s, rows in chunk.extracted]
            results = store.ingest_many(items, EXTRACTOR_VERSION) if items else []
            _count(report, chunk, results)
            if progress is not None:
                progress(report)
            following = next(pending, None)
            if following is not None:
                futures.add(submit(following))
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        if futures.futures:
            client.cancel(list(futures.futures))
    return report


@contextmanager
def _cluster_errors() -> Iterator[None]:
    """A scheduler or worker that cannot import this code (started outside the checkout) fails
    each task with a deserialisation error: one line saying how to start them, not a traceback."""
    try:
        yield
    except Exception as exc:
        cause: BaseException | None = exc
        while cause is not None and not isinstance(cause, ImportError):
            cause = cause.__cause__ or cause.__context__
        if cause is None and "deserializ" not in str(exc):
            raise
        why = " ".join(str(cause or exc).split())  # Dask's own message runs over several lines
        raise BulkIngestError(
            f"the Dask scheduler or a worker cannot load Frontlines' code ({why}); start "
            "`dask scheduler` and `dask worker` in a Frontlines checkout with PYTHONPATH=. "
            "(README: Bulk ingest on Dask)"
        ) from exc


def _count(report: BulkReport, chunk: Chunk, results: Sequence) -> None:
    report.done_batches += 1
    report.done_files += len(chunk.extracted) + len(chunk.unchanged) + len(chunk.errors)
    for result in results:
        report.actions[result.action] = report.actions.get(result.action, 0) + 1
        if result.action not in ("unchanged", "metadata updated"):
            report.records += result.records
    report.skipped += len(chunk.unchanged)
    report.errors.extend(chunk.errors)
