"""Command line: set-up, and the pipeline's steps for people and scripts.

    python -m geo setup                       provision data and assets, build caches, ingest data/sources
    python -m geo extract FILE --published D  print the records of one article (no store touched)
    python -m geo ingest FILE... [--published D] [--store PATH]
    python -m geo ingest --dask [SCHEDULER_ADDRESS] FILE... [--batch N]   bulk ingest on Dask
    python -m geo events [--store PATH] [--source ID] [--include-rejected] [--format json|csv|geojson]
    python -m geo review list [--event ID] [--store PATH]
    python -m geo review confirm|reject EVENT_ID [--reviewer NAME] [--reason TEXT] [--store PATH]
    python -m geo review correct EVENT_ID --set FIELD=VALUE... [--reviewer NAME] [--reason TEXT]
    python -m geo review undo [--reviewer NAME] [--store PATH]
    python -m geo sources list|remove [SOURCE_ID] [--store PATH]
    python -m geo control --date D [--store PATH] [--format json|csv|geojson]
    python -m geo changes --from D1 --to D2 [--store PATH] [--format json|csv|geojson]

`events`, `control` and `changes` print `geo.exports` tables: GeoJSON with geometry, CSV with a
WKT column, JSON without geometry (see that module for the columns). They show records as
reviewed (geo/reviews.py): corrections applied, a `reviewed` and a `reviewer` column, rejected
records left out (`events --include-rejected` lists them).

Every failure a user can cause prints one line naming the file and the problem, and exits 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from geo import boundaries, paths, provision, records
from geo.errors import FrontlinesError
from geo.sources import read_source
from geo.store import EventStore, Store, open_store

FORMATS = ["json", "csv", "geojson"]
LOCAL_CLUSTER = ""  # `--dask` without an address


class UsageError(FrontlinesError):
    """Bad input from the user: printed as one line, exit code 2."""


def _gazetteer():
    from geo.gazetteer import load_gazetteer

    return load_gazetteer()


def _store_location(args: argparse.Namespace) -> Path | None:
    """The store `--store` names, or None for the default (`FRONTLINES_STORE`)."""
    from geo.store import parse_store_location

    return parse_store_location(args.store, name="--store") if args.store else None


def _store(args: argparse.Namespace) -> EventStore:
    return open_store(_store_location(args) or paths.store_path())


def _print_records(recs: list[records.EventRecord], fmt: str) -> None:
    out = {"json": records.to_json, "csv": records.to_csv, "geojson": records.to_geojson}[fmt](recs)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")


def ingest_files(files: list[Path], store: Store, published: str | None = None) -> list[str]:
    """Read and extract every file first, then store each source in its own transaction.

    Nothing is written unless every file could be read: a bad file in a batch changes nothing.
    """
    from geo.extract import EXTRACTOR_VERSION, extract_many

    sources = [read_source(f, published) for f in files]
    extracted = zip(sources, extract_many(sources, _gazetteer()), strict=True)
    lines = []
    for source, recs in extracted:
        result = store.ingest(source, recs, EXTRACTOR_VERSION)
        placed = sum(r.has_point or bool(r.area_adm3) for r in recs)
        lines.append(
            f"{source.source_id}: {result.action}, {result.records} records ({placed} placed), published {source.published}"
        )
    return lines


def cmd_setup(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    topojson = provision.provision(provision.BOUNDARIES)
    places = provision.provision_optional(provision.PLACES)
    provision.install_static_assets()
    units = boundaries.load_boundaries(topojson)
    print(
        f"setup: {len(units.adm3)} sub-districts; places gazetteer "
        f"{'present' if places else 'absent (optional)'}; static assets in place"
    )
    with Store(paths.store_path()) as store:
        for line in ingest_files(sorted(paths.SOURCES.glob("*.txt")), store):
            print(f"setup: {line}")
    print(f"setup: done in {time.perf_counter() - started:.1f}s")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from geo.extract import extract

    source = read_source(Path(args.file), args.published)
    _print_records(extract(source, _gazetteer()), args.format)
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    files = [Path(f) for f in args.files]
    if args.dask is not None:
        from geo.bulk_ingest import looks_like_address

        # `--dask` takes an optional address before the files: a first file is not an address.
        if args.dask != LOCAL_CLUSTER and not looks_like_address(args.dask):
            files.insert(0, Path(args.dask))
            args.dask = LOCAL_CLUSTER
    if not files:
        raise UsageError("ingest: name at least one FILE")
    if args.batch is not None and args.batch < 1:
        raise UsageError(f"--batch: {args.batch} files per batch; give 1 or more")
    if args.dask is not None:
        return _bulk_ingest(args, files, None if args.dask == LOCAL_CLUSTER else args.dask)
    with _store(args) as store:
        for line in ingest_files(files, store, args.published):
            print(line)
    return 0


def _bulk_ingest(args: argparse.Namespace, files: list[Path], address: str | None) -> int:
    """`ingest --dask`: progress on stderr a line per batch, a summary on stdout; a bad file is
    named and skipped (exit 2 at the end); Ctrl-C keeps the stored batches (exit 130)."""
    from geo.bulk_ingest import BulkReport, bulk_ingest, dask_client

    shown = 0

    def progress(report: BulkReport) -> None:
        nonlocal shown
        for line in report.errors[shown:]:
            print(f"error: {line}", file=sys.stderr)
        shown = len(report.errors)
        print(f"ingest --dask: {report.line()}", file=sys.stderr, flush=True)

    try:
        with _store(args) as store, dask_client(address) as client:
            workers = len(client.scheduler_info(n_workers=-1)["workers"])
            where = f"{address or 'a local cluster'} ({workers} workers)"
            print(f"ingest --dask: {len(files)} files on {where}", file=sys.stderr, flush=True)
            if not workers:
                print(
                    f"ingest --dask: no worker yet; waiting for one (start `dask worker {address}`)",
                    file=sys.stderr,
                    flush=True,
                )
                client.wait_for_workers(1)
            report = bulk_ingest(
                files, store, client, published=args.published, batch_size=args.batch, progress=progress
            )
    except KeyboardInterrupt:
        print(
            "ingest --dask: interrupted; the batches reported stored above are, nothing else is: "
            "run the same command again to resume",
            file=sys.stderr,
        )
        return 130
    print(f"ingest --dask: {'stopped' if report.interrupted else 'done'} after {report.line()}")
    if report.interrupted:
        print(
            f"ingest --dask: interrupted; {report.done_batches} of {report.batches} batches are stored, "
            "nothing else: run the same command again to resume",
            file=sys.stderr,
        )
        return 130
    if report.errors:
        print(
            f"error: {len(report.errors)} of {len(files)} files could not be read (named above); the others are stored",
            file=sys.stderr,
        )
        return 2
    return 0


def _names_and_sources(store_path: Path | None):
    from geo.factions import load_factions
    from geo.store import open_reader

    with open_reader(store_path or paths.store_path()) as store:
        sources = {s.source_id: s for s in store.sources()}
    return load_factions(), sources


def _write_table(table, fmt: str) -> None:
    from geo import exports

    out = {"json": exports.to_json, "csv": exports.to_csv, "geojson": exports.to_geojson}[fmt](table)
    sys.stdout.write(out if out.endswith("\n") else out + "\n")


def _day(value: str, option: str):
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: {value!r} is not a date written YYYY-MM-DD") from None


def cmd_events(args: argparse.Namespace) -> int:
    from geo import exports

    with _store(args) as store:
        if args.source and store.source(args.source) is None:
            raise UsageError(f"--source: no source {args.source!r} in {store.path}")
        recs = store.events(args.source, include_rejected=args.include_rejected)
    factions, sources = _names_and_sources(_store_location(args))
    units = boundaries.load_boundaries().adm3
    _write_table(exports.events_table(recs, units, factions, sources), args.format)
    return 0


def cmd_control(args: argparse.Namespace) -> int:
    from geo import exports
    from geo.control import load_timeline

    day = _day(args.date, "--date")
    store = _store_location(args)
    timeline = load_timeline(store)
    factions, sources = _names_and_sources(store)
    _write_table(exports.control_table(timeline, day, factions, sources), args.format)
    return 0


def cmd_changes(args: argparse.Namespace) -> int:
    from geo import exports
    from geo.control import load_timeline

    start, end = _day(args.start, "--from"), _day(args.end, "--to")
    if start > end:
        raise UsageError(f"--from {start} is after --to {end}")
    store = _store_location(args)
    timeline = load_timeline(store)
    factions, sources = _names_and_sources(store)
    _write_table(exports.changes_table(timeline, start, end, factions, sources), args.format)
    return 0


def _reviewer(args: argparse.Namespace) -> str:
    """--reviewer, else the login name: a script's reviews say who ran it."""
    import getpass

    return args.reviewer if args.reviewer is not None else getpass.getuser()


def _print_json(value: object) -> None:
    import json

    print(json.dumps(value, ensure_ascii=False, indent=1))


def _review_row(review, present: set[str]) -> dict:
    from geo.reviews import describe

    return {
        "review_id": review.review_id,
        "event_id": review.event_id,
        "source_id": review.source_id,
        "action": review.action,
        "reviewer": review.reviewer,
        "reviewed_at": review.reviewed_at,
        "changes": {k: list(v) for k, v in review.changes.items()},
        "reason": review.reason,
        # A newer extractor may no longer make the record: the review stays, flagged.
        "record_present": review.event_id in present,
        "summary": describe(review),
    }


def cmd_review(args: argparse.Namespace) -> int:
    from geo.reviews import NewReview, correction, parse_assignments

    with _store(args) as store:
        if args.action == "list":
            if args.event and store.event(args.event) is None and not store.reviews(event_id=args.event):
                raise UsageError(f"--event: no record or review {args.event!r} in {store.path}")
            present = {r.event_id for r in store.machine_events()}
            _print_json([_review_row(r, present) for r in store.reviews(event_id=args.event)])
            return 0
        if args.action == "undo":
            undone = store.undo_last_review(args.reviewer)
            if undone is None:
                who = f" by {args.reviewer}" if args.reviewer else ""
                raise UsageError(f"{store.path}: no review{who} to undo")
            print(
                f"undone: review {undone.review_id} ({undone.action} {undone.event_id} by {undone.reviewer})"
            )
            return 0
        if not args.event_id:
            raise UsageError(f"review {args.action}: give the EVENT_ID to review")
        record = store.event(args.event_id)
        if record is None:
            raise UsageError(f"{args.event_id}: no event record with this id in {store.path}")
        changes = {}
        if args.action == "correct":
            if not args.set:
                raise UsageError("review correct: give at least one --set FIELD=VALUE")
            from geo.factions import load_factions

            changes = correction(
                record, parse_assignments(args.set), places=_gazetteer(), sides=load_factions()
            )
        elif args.set:
            raise UsageError(f"review {args.action}: --set is only for `review correct`")
        stored = store.add_review(
            NewReview(args.event_id, args.action, _reviewer(args), changes, args.reason or "")
        )
    print(f"review {stored.review_id}: {stored.status} {stored.event_id} by {stored.reviewer}")
    return 0


def cmd_sources(args: argparse.Namespace) -> int:
    with _store(args) as store:
        if args.action == "list":
            counts: dict[str, int] = {}
            for r in store.events(include_rejected=True):
                counts[r.source_id] = counts.get(r.source_id, 0) + 1
            _print_json(
                [
                    {
                        "source_id": s.source_id,
                        "title": s.title,
                        "outlet": s.outlet,
                        "url": s.url,
                        "published": s.published.isoformat(),
                        "records": counts.get(s.source_id, 0),
                    }
                    for s in store.sources()
                ]
            )
            return 0
        if not args.source_id:
            raise UsageError("sources remove: give the SOURCE_ID to remove")
        if store.source(args.source_id) is None:
            raise UsageError(f"{args.source_id}: no source with this id in {store.path}")
        removed = store.remove_source(args.source_id)
    print(f"{args.source_id}: removed, with {removed} records and their reviews")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)

    setup = sub.add_parser("setup", help="provision data and assets, build caches, ingest data/sources")
    setup.set_defaults(func=cmd_setup)

    ext = sub.add_parser("extract", help="print the event records of one article")
    ext.add_argument("file")
    ext.add_argument("--published", help="publication date, YYYY-MM-DD (else from FILE's .json)")
    ext.add_argument("--format", choices=["json", "csv", "geojson"], default="json")
    ext.set_defaults(func=cmd_extract)

    ing = sub.add_parser("ingest", help="extract articles and store their records")
    ing.add_argument("files", nargs="*", metavar="FILE")
    ing.add_argument(
        "--dask",
        nargs="?",
        const=LOCAL_CLUSTER,
        metavar="SCHEDULER_ADDRESS",
        help="read and extract on a Dask cluster (e.g. tcp://host:8786), or on a local one of 2 "
        "workers when no address is given; stores in batches, resumable (geo/bulk_ingest.py)",
    )
    ing.add_argument(
        "--batch",
        type=int,
        help="with --dask: files per task and per transaction (default 50, fewer for small sets)",
    )
    ing.add_argument("--published", help="publication date for every FILE, YYYY-MM-DD")
    ing.add_argument("--store", help="SQLite store (default: $FRONTLINES_STORE or .cache/events.sqlite)")
    ing.set_defaults(func=cmd_ingest)

    ev = sub.add_parser(
        "events", help="print stored event records with side names, outlet, URL and point or area"
    )
    ev.add_argument("--store")
    ev.add_argument("--source", help="only this source id")
    ev.add_argument("--include-rejected", action="store_true", help="also list records a reviewer rejected")
    ev.add_argument("--format", choices=FORMATS, default="json")
    ev.set_defaults(func=cmd_events)

    rev = sub.add_parser("review", help="list, confirm, reject, correct or undo reviews of event records")
    rev.add_argument("action", choices=["list", "confirm", "reject", "correct", "undo"])
    rev.add_argument("event_id", nargs="?", metavar="EVENT_ID")
    rev.add_argument("--event", help="list: only the reviews of this record")
    rev.add_argument(
        "--set",
        action="append",
        metavar="FIELD=VALUE",
        help="correct: a field to set (place_id, event_type, actor1, actor2, date_start, date_end)",
    )
    rev.add_argument("--reviewer", help="who reviews (default: the login name); undo: only this reviewer's")
    rev.add_argument("--reason", help="why, in a sentence")
    rev.add_argument("--store")
    rev.set_defaults(func=cmd_review)

    src = sub.add_parser("sources", help="list stored sources, or remove one with its records and reviews")
    src.add_argument("action", choices=["list", "remove"])
    src.add_argument("source_id", nargs="?", metavar="SOURCE_ID")
    src.add_argument("--store")
    src.set_defaults(func=cmd_sources)

    ctl = sub.add_parser("control", help="print who controls each sub-district on a date, how sure, and why")
    ctl.add_argument("--date", required=True, help="YYYY-MM-DD")
    ctl.add_argument("--store")
    ctl.add_argument("--format", choices=FORMATS, default="json")
    ctl.set_defaults(func=cmd_control)

    chg = sub.add_parser("changes", help="print the sub-districts whose holder or status changed")
    chg.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    chg.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
    chg.add_argument("--store")
    chg.add_argument("--format", choices=FORMATS, default="json")
    chg.set_defaults(func=cmd_changes)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except FrontlinesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
