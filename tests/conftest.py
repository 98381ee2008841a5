"""Shared fixtures: a real app server on a free loopback port, Chromium for Playwright, and a real
PostgreSQL/PostGIS server (tests/postgres_server.py) started once per session.

The browser and PostgreSQL are never optional: if either cannot be had the tests that need it
fail, loudly. `store_location` runs a store test on both backends: a SQLite file, and a new
database on the session's PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from geo import settings
from tests.postgres_server import PostgresServer

ROOT = Path(__file__).resolve().parent.parent
DEBIAN_CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    """$CHROMIUM, else Debian's chromium, else None (Playwright's own install)."""
    if path := settings.CHROMIUM.read():
        return path
    return DEBIAN_CHROMIUM if os.path.exists(DEBIAN_CHROMIUM) else None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": CHROMIUM_ARGS, "headless": True}
    if path := chromium_path():
        args["executable_path"] = path
    return args


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 1000}}


def rows_digest(path: Path) -> str:
    """A checksum of every row of an event store, to prove a failure changed nothing."""
    if not path.exists():
        return "absent"
    db = sqlite3.connect(path)
    digest = hashlib.sha256()
    for table in ("sources", "events"):
        for row in db.execute(f"SELECT * FROM {table} ORDER BY 1"):
            digest.update(repr(row).encode())
    db.close()
    return digest.hexdigest()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """The app as `make run` starts it (`streamlit run serve.py`, which serves app.py), on a free
    loopback port (also used by bench/, which also starts another `script` this way)."""

    def __init__(
        self,
        env: dict[str, str] | None = None,
        root: Path = ROOT,
        log_dir: Path | None = None,
        name: str = "test-server",
        script: str = "serve.py",
    ) -> None:
        self.root = root
        self.script = script
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = (log_dir or ROOT / ".cache") / f"{name}-{self.port}.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None
        self.started = 0.0

    def launch(self) -> AppServer:
        self.started = time.perf_counter()
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", self.script, "--server.port", str(self.port)],
                cwd=self.root,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self

    def wait_healthy(self, timeout: float = 60.0, poll: float = 0.2) -> float:
        """Seconds from launch until /_stcore/health answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"app server exited early; see {self.log}:\n{self.log.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - self.started
            except OSError:
                time.sleep(poll)
        raise RuntimeError(f"app server not healthy after {timeout}s; see {self.log}")

    def start(self, timeout: float = 60.0) -> AppServer:
        self.launch().wait_healthy(timeout)
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def python_in_project(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`code` run by a fresh interpreter in the project, with `env` added to the environment."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def run_python(code: str, **env: str) -> str:
    result = python_in_project(code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throw-away PostgreSQL/PostGIS server for the whole session, stopped at its end."""
    server = PostgresServer()
    try:
        server.start()
    except BaseException:
        server.remove()
        raise
    yield server
    from geo.store import postgres

    postgres.close_pools()
    server.remove()


@pytest.fixture
def postgres_url(postgres_server) -> Iterator[str]:
    """The URL of a new, empty database on the session's server (dropped after the test)."""
    url = postgres_server.new_database()
    yield url
    from geo.store import parse_store_location, postgres

    postgres.close_pool(parse_store_location(url))
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def store_location(request, tmp_path) -> str:
    """Where a new, empty store is, on each backend in turn: a SQLite path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "events.sqlite")
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def factions():
    """The committed factions table (data/factions.csv)."""
    from geo.factions import load_factions

    return load_factions()


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """A store holding the committed sources (data/sources/), made for this test session."""
    from geo.cli import main

    store = tmp_path_factory.mktemp("seed-store") / "events.sqlite"
    articles = sorted(str(p) for p in (ROOT / "data" / "sources").glob("*.txt"))
    assert main(["ingest", *articles, "--store", str(store)]) == 0
    return store


@pytest.fixture(scope="session")
def app_server(seed_store) -> Iterator[AppServer]:
    """The app as users start it (`streamlit run serve.py`), reading the session's seed store."""
    server = AppServer(env={"FRONTLINES_STORE": str(seed_store)}).start()
    yield server
    server.stop()


@pytest.fixture
def requests_seen(page) -> list[str]:
    """Every URL the page asks for, to prove nothing leaves 127.0.0.1."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def non_local(urls: list[str]) -> list[str]:
    return [
        u
        for u in urls
        if urlparse(u).scheme not in ("data", "blob", "about") and urlparse(u).hostname != "127.0.0.1"
    ]


# By its source, not its title: the map's runtime gives the frame a real title once it runs.
MAP_FRAME = '[data-testid="stElementContainer"][data-stale="false"] iframe[src*="streamlit_folium.st_folium"]'


def wait_for_app(page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=30_000)


def map_frame(page):
    wait_for_app(page)
    page.wait_for_selector(MAP_FRAME, timeout=30_000)
    return page.frame_locator(MAP_FRAME)
