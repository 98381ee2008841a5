"""Command line: set-up, and the pipeline's steps for people and scripts.

Every failure a user can cause prints one line naming the file and the problem, and exits 2.
"""

from __future__ import annotations

import argparse
import sys
import time

from geo import boundaries, provision


class UsageError(Exception):
    """Bad input from the user: printed as one line, exit code 2."""


def cmd_setup(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    topojson = provision.provision(provision.BOUNDARIES)
    places = provision.provision_optional(provision.PLACES)
    provision.install_static_assets()
    units = boundaries.load_boundaries(topojson)
    print(
        f"setup: boundaries {len(units.adm3)} sub-districts; "
        f"places gazetteer {'present' if places else 'absent (optional)'}; "
        f"static assets in place ({time.perf_counter() - started:.1f}s)"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    setup = sub.add_parser("setup", help="provision data and assets, build caches")
    setup.set_defaults(func=cmd_setup)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (UsageError, provision.ProvisionError, boundaries.BoundaryDataError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
