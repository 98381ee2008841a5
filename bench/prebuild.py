"""The scale section's derived data for a store too big to build in the benchmark's own process
or within a browser's timeout (a million events): a child process builds it exactly as a
server's first start does (pages/__init__.py, which keeps it in the on-disk view cache), and
reports what the benchmark needs from the same timeline: the expected path of slider stops.

Run as `python -m bench.prebuild OUT LAST` with FRONTLINES_STORE naming the store; OUT receives
a pickle of `Prebuilt`.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Prebuilt:
    seconds: float  # the build, from the process start
    peak_mb: float  # the building process's peak resident memory (VmHWM)
    path: list  # bench.expected.Stop: the last stops, with their fills
    stops: int  # how many stops the slider has
    latest_state: dict[str, int]


def memory_mb(pid: int | str = "self") -> tuple[float, float]:
    """(peak, current) resident memory of a process, in MB: VmHWM and VmRSS of /proc/<pid>/status."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0]) / 1024  # kB
    return values["VmHWM"], values["VmRSS"]


def prebuild(store: Path, last: int, out: Path, log: Path) -> Prebuilt:
    """Build `store`'s derived data in a child process; what it reports."""
    env = {**os.environ, "FRONTLINES_STORE": str(store), "PYTHONPATH": str(ROOT)}
    with log.open("wb") as fh:
        subprocess.run(
            [sys.executable, "-m", "bench.prebuild", str(out), str(last)],
            cwd=ROOT,
            env=env,
            stdout=fh,
            stderr=subprocess.STDOUT,
            check=True,
        )
    with out.open("rb") as fh:
        return pickle.load(fh)


def _main(out: Path, last: int) -> None:
    started = time.perf_counter()
    import pages
    from bench import expected
    from geo import dashboard

    data = pages._data(pages.store_key())
    seconds = time.perf_counter() - started
    peak, _ = memory_mb()
    path = expected.stops(data.timeline, data.factions, last=last)
    state = dashboard.map_state(data.context, data.stops[-1])
    result = Prebuilt(
        seconds,
        peak,
        path,
        len(data.stops),
        {
            "units": len(state["u"]),
            "unit_popups": len(state["p"]),
            "towns": len(state["towns"]),
            "event_markers": len(state["ev"]),
            "event_aggregates": len(state["clusters"]),
        },
    )
    tmp = out.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(out)


if __name__ == "__main__":
    # Through the package, so that the pickle names bench.prebuild.Prebuilt, not __main__'s.
    from bench.prebuild import _main as run

    run(Path(sys.argv[1]), int(sys.argv[2]))
