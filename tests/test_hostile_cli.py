"""Broken data files stop every `python -m geo` subcommand that reads them with exit code 2 and ONE
line on stderr naming the file (and row) and the problem, never a traceback: the command-line twin
of tests/test_hostile_startup.py, with its cases.

Each run is `python -m geo` in a copy of the project whose data (or cache) the test damaged, so the
real entry point, argument parsing and error routing are what is tested. Needs the real data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from geo import provision
from tests.conftest import ROOT
from tests.test_hostile_startup import (
    BASELINE,
    CASES,
    FACTIONS,
    drop_column,
    edit_csv,
    project_copy,
    set_cell,
)

ALIASES = Path("data/place_aliases.csv")
ACTOR_WORDS = Path("data/actor_words.csv")
# Which subcommands read each table: the baseline only feeds the timeline (`control`); the factions
# table names sides everywhere; the gazetteer's and actors' tables feed only `extract`.
READERS = {
    BASELINE: ("control",),
    FACTIONS: ("control", "extract", "events"),
    ALIASES: ("extract",),
    ACTOR_WORDS: ("extract",),
}
TABLE_CASES = [
    *CASES,
    (ALIASES, drop_column("target"), ["place_aliases.csv", "target"]),
    (ALIASES, set_cell(3, "target", "nowhere:at-all"), ["place_aliases.csv", "line 3", "nowhere:at-all"]),
    (ACTOR_WORDS, set_cell(4, "kind", "verb"), ["actor_words.csv", "line 4", "verb"]),
]
IDS = ["no-column", "unknown-faction", "bad-pcode", "factions-no-column", "bad-colour"]
IDS += ["aliases-no-column", "alias-unknown-target", "actor-bad-kind"]
ARTICLE = "Rebels take Hama\nHTS-led forces captured Hama on Thursday, residents said.\n"


def cache_copy(tmp_path: Path) -> Path:
    """A cache folder with links to the provisioned files and the built boundaries and gazetteers, so a rebuild (after a data
    change) writes into the test's folder, never the user's."""
    cache = tmp_path / "cache"
    cache.mkdir()
    for pattern in ("upstream", "boundaries-*", "gazetteer-*.pickle"):
        for built in (ROOT / ".cache").glob(pattern):
            (cache / built.name).symlink_to(built)
    return cache


def run(project: Path, command: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    argv = {
        "control": ["control", "--date", "2024-12-03"],
        "events": ["events"],
        "extract": ["extract", str(tmp_path / "hama.txt"), "--published", "2024-12-06"],
    }[command]
    (tmp_path / "hama.txt").write_text(ARTICLE, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "geo", *argv],
        cwd=project,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


def assert_one_line(result: subprocess.CompletedProcess, words: list[str]) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and 'File "' not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]


@pytest.mark.parametrize(
    ("file", "change", "words", "command"),
    [(f, c, w, cmd) for f, c, w in TABLE_CASES for cmd in READERS[f]],
    ids=[f"{i}-{cmd}" for i, (f, _, _) in zip(IDS, TABLE_CASES, strict=True) for cmd in READERS[f]],
)
def test_a_broken_table_is_named_by_every_command_reading_it(
    tmp_path, seed_store, file, change, words, command
):
    project = project_copy(tmp_path)
    edit_csv(project / file, change)
    env = {"FRONTLINES_STORE": str(seed_store), "FRONTLINES_CACHE": str(cache_copy(tmp_path))}
    assert_one_line(run(project, command, env, tmp_path), words)


@pytest.mark.parametrize("command", ["control", "extract", "events"])
def test_a_truncated_boundary_cache_is_named(tmp_path, seed_store, command):
    cache = tmp_path / "cache"
    shutil.copytree(
        ROOT / ".cache", cache, ignore=shutil.ignore_patterns("*.sqlite*", "test-server-*", "*.pickle")
    )
    for parquet in cache.glob("boundaries-*/adm3.parquet"):
        parquet.write_bytes(parquet.read_bytes()[:500])
    env = {"FRONTLINES_STORE": str(seed_store), "FRONTLINES_CACHE": str(cache)}
    assert_one_line(run(project_copy(tmp_path), command, env, tmp_path), ["adm3.parquet", "unreadable"])


@pytest.mark.parametrize("command", ["control", "extract", "events"])
def test_a_boundary_file_with_the_wrong_checksum_is_refused(tmp_path, seed_store, command):
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / provision.BOUNDARIES.name).write_text('{"type": "Topology", "objects": {}, "arcs": []}')
    env = {
        "FRONTLINES_STORE": str(seed_store),
        "FRONTLINES_CACHE": str(tmp_path / "empty-cache"),
        "FRONTLINES_BOUNDARIES": str(wrong),
    }
    assert_one_line(
        run(project_copy(tmp_path), command, env, tmp_path), [provision.BOUNDARIES.name, "refused, sha256"]
    )
