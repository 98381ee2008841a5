"""Command line: set-up, and the pipeline's steps for people and scripts.

    python -m geo setup                       provision data and assets, build caches, ingest data/sources
    python -m geo extract FILE --published D  print the records of one article (no store touched)
    python -m geo ingest FILE... [--published D] [--store PATH]
    python -m geo events [--store PATH] [--source ID] [--format json|csv|geojson]
    python -m geo control --date D [--store PATH] [--format json|csv]

Every failure a user can cause prints one line naming the file and the problem, and exits 2.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from geo import boundaries, paths, provision, records
from geo.sources import SourceError, read_source
from geo.store import Store, StoreError


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def _gazetteer():
    from geo.gazetteer import load_gazetteer

    return load_gazetteer()


def _store(args: argparse.Namespace) -> Store:
    return Store(Path(args.store) if args.store else paths.store_path())


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
    with _store(args) as store:
        for line in ingest_files([Path(f) for f in args.files], store, args.published):
            print(line)
    return 0


def cmd_events(args: argparse.Namespace) -> int:
    with _store(args) as store:
        _print_records(store.events(args.source), args.format)
    return 0


def cmd_control(args: argparse.Namespace) -> int:
    from datetime import date

    from geo.control import load_timeline

    try:
        day = date.fromisoformat(args.date)
    except ValueError:
        raise UsageError(f"--date: {args.date!r} is not a date written YYYY-MM-DD") from None
    frame = load_timeline(Path(args.store) if args.store else None).control_at(day)
    table = frame.drop(columns="geometry")
    if args.format == "csv":
        table["evidence"] = [" ".join(ids) for ids in table["evidence"]]
        sys.stdout.write(table.to_csv(index=False))
    else:
        sys.stdout.write(table.to_json(orient="records", force_ascii=False, indent=1) + "\n")
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
    ing.add_argument("files", nargs="+", metavar="FILE")
    ing.add_argument("--published", help="publication date for every FILE, YYYY-MM-DD")
    ing.add_argument("--store", help="SQLite store (default: $FRONTLINES_STORE or .cache/events.sqlite)")
    ing.set_defaults(func=cmd_ingest)

    ev = sub.add_parser("events", help="print stored event records")
    ev.add_argument("--store")
    ev.add_argument("--source", help="only this source id")
    ev.add_argument("--format", choices=["json", "csv", "geojson"], default="json")
    ev.set_defaults(func=cmd_events)

    ctl = sub.add_parser("control", help="print who controls each sub-district on a date")
    ctl.add_argument("--date", required=True, help="YYYY-MM-DD")
    ctl.add_argument("--store")
    ctl.add_argument("--format", choices=["json", "csv"], default="json")
    ctl.set_defaults(func=cmd_control)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (
        UsageError,
        SourceError,
        StoreError,
        provision.ProvisionError,
        boundaries.BoundaryDataError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
