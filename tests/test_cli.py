"""`python -m geo`: extract, ingest and events, and the one-line errors with exit code 2.

Articles here are written by the tests; the gazetteer is the real one (it is what the CLI uses).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main
from tests.conftest import rows_digest

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "Rebels take Hama\nHTS-led forces captured Hama on Thursday, residents said.\n"


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "events.sqlite"
    monkeypatch.setenv("FRONTLINES_STORE", str(path))
    return path


def write(folder: Path, name: str, data: bytes | str, meta: dict | None = None) -> Path:
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    if meta is not None:
        path.with_suffix(".json").write_text(json.dumps(meta))
    return path


def test_extract_prints_records_and_touches_no_store(tmp_path, store, capsys):
    path = write(tmp_path, "hama.txt", ARTICLE)
    assert main(["extract", str(path), "--published", "2024-12-06"]) == 0
    records = json.loads(capsys.readouterr().out)
    (captured,) = [r for r in records if r["event_type"] == "captured"]
    assert (captured["place"], captured["actor1"], captured["date_start"]) == ("Hama", "hts", "2024-12-05")
    assert not store.exists()


def test_extract_formats(tmp_path, capsys):
    path = write(tmp_path, "hama.txt", ARTICLE)
    assert main(["extract", str(path), "--published", "2024-12-06", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("event_id,source_id,sentence,")
    assert main(["extract", str(path), "--published", "2024-12-06", "--format", "geojson"]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "FeatureCollection"


def test_ingest_is_idempotent_and_events_reads_back(tmp_path, store, capsys):
    path = write(tmp_path, "hama.txt", ARTICLE, {"published": "2024-12-06", "outlet": "Test Wire"})
    assert main(["ingest", str(path)]) == 0
    assert "hama: added" in capsys.readouterr().out
    assert main(["ingest", str(path), "--store", str(store)]) == 0
    assert "hama: unchanged" in capsys.readouterr().out
    assert main(["events", "--source", "hama", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert events and {e["source_id"] for e in events} == {"hama"}


@pytest.mark.parametrize(
    ("name", "data", "args", "problem"),
    [
        ("missing.txt", None, ["--published", "2024-12-06"], "no such file"),
        ("empty.txt", b"", ["--published", "2024-12-06"], "file is empty"),
        ("cp1256.txt", "حماة تحت السيطرة".encode("cp1256"), ["--published", "2024-12-06"], "not UTF-8"),
        ("binary.txt", bytes(range(256)) * 4, ["--published", "2024-12-06"], "binary"),
        ("undated.txt", ARTICLE.encode(), [], "no publication date"),
        ("future.txt", ARTICLE.encode(), ["--published", "2999-01-01"], "in the future"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_an_unchanged_store(
    tmp_path, store, capsys, name, data, args, problem
):
    assert main(["ingest", str(write(tmp_path, "good.txt", ARTICLE)), "--published", "2024-12-06"]) == 0
    before = rows_digest(store)
    path = tmp_path / name if data is None else write(tmp_path, name, data)
    capsys.readouterr()
    assert main(["ingest", str(path), *args]) == 2
    err = capsys.readouterr().err
    assert problem in err and str(path) in err and err.count("\n") == 1
    assert rows_digest(store) == before


def test_one_bad_file_in_a_batch_stores_nothing(tmp_path, store, capsys):
    good = write(tmp_path, "good.txt", ARTICLE)
    bad = write(tmp_path, "bad.txt", b"")
    assert main(["ingest", str(good), str(bad), "--published", "2024-12-06"]) == 2
    assert main(["events"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_the_module_entry_point_exits_2_on_bad_input(tmp_path, store):
    result = subprocess.run(
        [sys.executable, "-m", "geo", "extract", str(tmp_path / "none.txt"), "--published", "2024-12-06"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("error: ") and "no such file" in result.stderr
    assert "Traceback" not in result.stderr
