"""geo.mapview.static_file, prune_static and map_script: the map's static files, one per
content; the old ones of a stem removed once newer ones exist; the map's script in one file."""

from __future__ import annotations

import os
import time

from geo.mapview import RUNTIME_JS, map_script, prune_static, static_file

DAY = 24 * 3600


def aged(path, seconds: float) -> None:
    past = time.time() - seconds
    os.utime(path, (past, past))


def test_a_static_file_is_named_by_its_content_and_written_once(tmp_path):
    url = static_file("marks", "window.x = 1;\n", tmp_path)
    name = url.rsplit("/", 1)[1]
    assert url == f"/app/static/frontlines/{name}" and (tmp_path / name).read_text() == "window.x = 1;\n"
    assert static_file("marks", "window.x = 1;\n", tmp_path) == url
    assert static_file("marks", "window.x = 2;\n", tmp_path) != url
    assert not list(tmp_path.glob("*.part"))


def test_writing_a_new_file_prunes_the_stems_old_unused_ones_but_keeps_the_newest(tmp_path):
    old = [tmp_path / static_file("marks", f"window.m = {n};", tmp_path).rsplit("/", 1)[1] for n in range(6)]
    for n, path in enumerate(old):
        aged(path, 3 * DAY - n)  # the later the content, the newer the file
    other = tmp_path / static_file("base", "window.b = 0;", tmp_path).rsplit("/", 1)[1]
    aged(other, 30 * DAY)
    unrelated = tmp_path / "marks-notes.js"
    unrelated.write_text("not ours")
    aged(unrelated, 30 * DAY)
    newest = tmp_path / static_file("marks", "window.m = 'new';", tmp_path).rsplit("/", 1)[1]
    kept = sorted(p.name for p in tmp_path.glob("marks-*.js"))
    # The new one and the three newest old ones; the base file and a name not ours untouched.
    assert kept == sorted([newest.name, *(p.name for p in old[3:]), "marks-notes.js"])
    assert other.exists()


def test_a_file_used_within_the_grace_period_is_kept_however_many_are_newer(tmp_path):
    files = [tmp_path / static_file("marks", f"m{n}", tmp_path).rsplit("/", 1)[1] for n in range(8)]
    for n, path in enumerate(files):
        aged(path, 2 * DAY - n)
    aged(files[0], 60)  # the oldest, but a page asked for it a minute ago (static_file renews it)
    removed = prune_static(tmp_path, "marks")
    assert files[0] not in removed and files[0].exists()
    # Kept: it and the three newest (7, 6, 5); removed: the rest, all unused for two days.
    assert sorted(removed) == sorted(files[1:5])


def test_asking_for_an_existing_file_renews_its_time(tmp_path):
    name = static_file("map", "runtime", tmp_path).rsplit("/", 1)[1]
    aged(tmp_path / name, 10 * DAY)
    static_file("map", "runtime", tmp_path)
    assert time.time() - (tmp_path / name).stat().st_mtime < 60


def test_the_map_script_is_leaflet_then_the_runtime_then_the_layers_in_one_file(tmp_path):
    """One file: the map's frame loads its scripts one after another, each a round trip."""
    leaflet = tmp_path / "leaflet.js"
    leaflet.write_text("window.L = {};", encoding="utf-8")
    script = map_script("window.frontlinesBase = {};", leaflet)
    runtime = RUNTIME_JS.read_text(encoding="utf-8")
    assert script.startswith("window.L = {};") and script.endswith("window.frontlinesBase = {};")
    assert script.index("window.L") < script.index(runtime) < script.index("window.frontlinesBase")
