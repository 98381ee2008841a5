"""Broken data files stop the dashboard at start-up with a message naming the file, the row and
the problem, and no traceback reaches the browser.

Each case runs the real app (`streamlit run serve.py`) from a copy of the project whose data or
cache was damaged by the test, in headless Chromium. Needs the real data (the boundary cache).
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest

from geo import provision
from tests.conftest import ROOT, AppServer, wait_for_app

pytestmark = pytest.mark.browser


def project_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("app.py", "serve.py", ".streamlit"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, copy / name)
    for name in ("geo", "pages", "data"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "static").symlink_to(ROOT / "static")
    return copy


def edit_csv(path: Path, change) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    change(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def drop_column(name: str):
    def change(rows):
        i = rows[0].index(name)
        for row in rows:
            del row[i]

    return change


def set_cell(line: int, column: str, value: str):
    def change(rows):
        rows[line - 1][rows[0].index(column)] = value

    return change


def shown_error(page, project: Path, env: dict[str, str]) -> str:
    server = AppServer(env=env, root=project).start()
    try:
        page.goto(server.url)
        wait_for_app(page)
        alert = page.locator('[data-testid="stAlert"]').first
        alert.wait_for(timeout=30_000)
        body = page.locator("body").inner_text()
        assert "Traceback" not in body and 'File "' not in body
        return alert.inner_text()
    finally:
        server.stop()


BASELINE = Path("data/baseline/control-2020-03-06.csv")
FACTIONS = Path("data/factions.csv")
CASES = [
    (BASELINE, drop_column("confidence"), ["control-2020-03-06.csv", "confidence"]),
    (BASELINE, set_cell(5, "controller", "martians"), ["control-2020-03-06.csv", "line 5", "martians"]),
    (BASELINE, set_cell(7, "adm3_id", "SY999999"), ["control-2020-03-06.csv", "SY999999"]),
    (FACTIONS, drop_column("colour"), ["factions.csv", "colour"]),
    (FACTIONS, set_cell(3, "colour", "not-a-colour"), ["factions.csv", "line 3", "not-a-colour"]),
]


@pytest.mark.parametrize(
    ("file", "change", "words"),
    CASES,
    ids=["no-column", "unknown-faction", "bad-pcode", "factions-no-column", "bad-colour"],
)
def test_a_broken_table_is_named_at_start_up(page, tmp_path, seed_store, file, change, words):
    project = project_copy(tmp_path)
    edit_csv(project / file, change)
    message = shown_error(
        page, project, {"FRONTLINES_STORE": str(seed_store), "FRONTLINES_CACHE": str(ROOT / ".cache")}
    )
    for word in words:
        assert word in message, message


def test_a_truncated_boundary_cache_is_named(page, tmp_path, seed_store):
    cache = tmp_path / "cache"
    shutil.copytree(
        ROOT / ".cache", cache, ignore=shutil.ignore_patterns("*.sqlite*", "test-server-*", "gazetteer-*")
    )
    for parquet in cache.glob("boundaries-*/adm3.parquet"):
        parquet.write_bytes(parquet.read_bytes()[:500])
    message = shown_error(
        page, project_copy(tmp_path), {"FRONTLINES_STORE": str(seed_store), "FRONTLINES_CACHE": str(cache)}
    )
    assert "adm3.parquet" in message and "unreadable" in message


def test_a_boundary_file_with_the_wrong_checksum_is_refused(page, tmp_path, seed_store):
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / provision.BOUNDARIES.name).write_text('{"type": "Topology", "objects": {}, "arcs": []}')
    env = {
        "FRONTLINES_STORE": str(seed_store),
        "FRONTLINES_CACHE": str(tmp_path / "empty-cache"),
        "FRONTLINES_BOUNDARIES": str(wrong),
    }
    message = shown_error(page, project_copy(tmp_path), env)
    assert provision.BOUNDARIES.name in message and "refused, sha256" in message
