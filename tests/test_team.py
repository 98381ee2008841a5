"""A team's set-up: the dashboard on a shared PostgreSQL store, two app servers on one database,
and a server that goes away during a session.

Real servers throughout: the session's PostgreSQL (tests/postgres_server.py), `streamlit run`
started twice, headless Chromium; the outage test stops and restarts a PostgreSQL of its own.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
from streamlit.testing.v1 import AppTest

from geo import paths
from geo.cli import main
from geo.store import parse_store_location
from geo.store import postgres as pg_store
from tests.conftest import ROOT, AppServer, map_frame, wait_for_app
from tests.postgres_server import PASSWORD, PASSWORD_USER, PostgresServer

SEED = paths.SOURCES / "kremlin-continues-to-support-assad.txt"
LATER_TITLE = "Two servers, one store: rebels take Saraqib"


@pytest.fixture(scope="module")
def team(postgres_server):
    """One database holding the seed article, and two app servers reading it as a role that
    gives a password (which must never reach a file)."""
    dbname = postgres_server.new_database().rsplit("/", 1)[1]
    url = postgres_server.url(dbname, user=PASSWORD_USER, password=PASSWORD)
    assert main(["ingest", str(SEED), "--store", url]) == 0
    servers = []
    try:
        for i in range(2):
            servers.append(AppServer(env={"FRONTLINES_STORE": url}, name=f"team-{i}").launch())
        for server in servers:
            server.wait_healthy()
        yield url, servers
    finally:
        for server in servers:
            server.stop()
        pg_store.close_pool(parse_store_location(url))
        postgres_server.drop_database(url)


@pytest.mark.browser
def test_the_dashboard_runs_on_postgresql(page, team):
    _, (server, _) = team
    page.goto(f"{server.url}/?date=2024-12-02")
    frame = map_frame(page)
    frame.locator("path.adm3").first.wait_for(timeout=30_000)
    assert frame.locator("path.adm3").count() == 272
    town = frame.locator("path.fl-town-gn_163476")  # Tall Refaat, placed by the seed article
    town.wait_for(timeout=30_000)
    town.click(force=True)
    panel = page.locator('[data-testid="stMarkdownContainer"]', has_text="managed to capture Tal Rifaat")
    panel.first.wait_for(timeout=15_000)
    assert "Traceback" not in page.locator("body").inner_text()


def stored_count(page, server: AppServer) -> str:
    page.goto(f"{server.url}/Sources")
    wait_for_app(page)
    label = page.get_by_text("stored, newest first")
    label.first.wait_for(timeout=30_000)
    return label.first.inner_text()


@pytest.mark.browser
def test_an_ingest_shows_up_on_both_servers_without_a_restart(page, team, tmp_path):
    url, servers = team
    for server in servers:
        assert "(1 stored" in stored_count(page, server)
    article = tmp_path / "saraqib.txt"
    article.write_text(f"{LATER_TITLE}\nHTS-led forces captured Saraqib on Thursday, residents said.\n")
    result = subprocess.run(
        [sys.executable, "-m", "geo", "ingest", str(article), "--published", "2025-01-10", "--store", url],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for server in servers:
        assert "(2 stored" in stored_count(page, server)
        heading = page.locator("h2", has_text=LATER_TITLE)  # newest first: the new article is shown
        heading.first.wait_for(timeout=15_000)
        assert server.process is not None and server.process.poll() is None  # the same process
    # The servers' logs and on-disk caches name the store with its password masked.
    files = [*(ROOT / ".cache" / "view").glob("*.pickle"), *(server.log for server in servers)]
    assert files
    for file in files:
        assert PASSWORD.encode() not in file.read_bytes(), file


@pytest.fixture
def lonely_server():
    """A PostgreSQL of this test's own, so stopping it disturbs no other test."""
    server = PostgresServer().start()
    yield server
    pg_store.close_pools()
    server.remove()


def warnings_of(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def test_a_lost_store_shows_a_notice_and_the_page_recovers_when_it_returns(lonely_server, monkeypatch):
    url = lonely_server.new_database()
    assert main(["ingest", str(SEED), "--store", url]) == 0
    monkeypatch.setenv("FRONTLINES_STORE", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception and not at.error and warnings_of(at) == []
    lonely_server.stop()
    at.run()
    assert not at.exception and not at.error
    notices = [w for w in warnings_of(at) if "event store cannot be reached" in w]
    assert len(notices) == 1, warnings_of(at)
    assert str(parse_store_location(url)) in notices[0] and "\n" not in notices[0]
    lonely_server.start()
    deadline = time.monotonic() + 60
    while True:  # the pool reconnects in the background; a rerun then finds the store again
        at.run()
        assert not at.exception and not at.error
        if not any("cannot be reached" in w for w in warnings_of(at)):
            break
        assert time.monotonic() < deadline, "the page did not recover"
        time.sleep(0.5)


def test_an_unreachable_store_at_start_stops_the_page_with_one_line(monkeypatch):
    from tests.conftest import free_port

    url = f"postgresql://me:secret@127.0.0.1:{free_port()}/frontlines"
    monkeypatch.setenv("FRONTLINES_STORE", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    (error,) = [e.value for e in at.error]
    assert error.startswith("Frontlines cannot start: FRONTLINES_STORE postgresql://me:***@127.0.0.1:")
    assert "cannot connect" in error and "secret" not in error and "\n" not in error
