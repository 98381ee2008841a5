"""Bad article files through `python -m geo ingest`: each is refused with one line and exit code 2,
or handled correctly; the store's rows are unchanged after every failure (checked by checksum).

Articles here are written by the test; the CLI uses the real gazetteer.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.cli import main
from tests.conftest import rows_digest

GOOD = "Rebels take Hama\nHTS-led forces captured Hama on Thursday, residents said.\n"
ARABIC = "قوات المعارضة تسيطر على حماة\nسيطرت قوات المعارضة على مدينة حماة يوم الخميس.\n"


@pytest.fixture
def store(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "events.sqlite"
    monkeypatch.setenv("FRONTLINES_STORE", str(path))
    assert main(["ingest", str(write(tmp_path, "good.txt", GOOD)), "--published", "2024-12-06"]) == 0
    return path


def write(folder: Path, name: str, data: bytes | str, meta: dict | str | None = None) -> Path:
    path = folder / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    if meta is not None:
        path.with_suffix(".json").write_text(meta if isinstance(meta, str) else json.dumps(meta))
    return path


REFUSED = [
    ("empty.txt", b"", None, "file is empty"),
    ("blank.txt", b" \n\t\n", None, "file is empty"),
    ("binary.bin.txt", bytes(range(256)) * 64, None, "binary file"),
    ("png.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, None, "binary file"),
    ("cp1256.txt", ARABIC.encode("cp1256"), None, "not UTF-8"),
    ("latin1.txt", "Rebels took Hamá\nThey held it.".encode("latin-1"), None, "not UTF-8"),
    ("huge.txt", b"Rebels took Hama on Sunday. " * 750_000, None, "too large"),
    ("title-only.txt", b"Rebels take Hama\n\n   \n", None, "no sentences after the title"),
    ("symbols.txt", b"Rebels take Hama\n--- *** 123 ... ???\n", None, "no sentences after the title"),
    ("broken-json.txt", GOOD.encode(), '{"published": "2024-12-06",', "broken JSON"),
    ("unknown-field.txt", GOOD.encode(), {"published": "2024-12-06", "author": "x"}, "unknown field"),
    ("bad-date.txt", GOOD.encode(), {"published": "6 Dec 2024"}, "YYYY-MM-DD"),
    ("impossible-date.txt", GOOD.encode(), {"published": "2024-13-45"}, "not a real date"),
    ("future-date.txt", GOOD.encode(), {"published": "2999-01-01"}, "in the future"),
    ("array-json.txt", GOOD.encode(), "[]", "JSON object"),
    ("no-date.txt", GOOD.encode(), {"title": "x"}, "no publication date"),
]


@pytest.mark.parametrize(("name", "data", "meta", "problem"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_with_one_line_exit_2_and_an_unchanged_store(
    tmp_path, store, capsys, name, data, meta, problem
):
    before = rows_digest(store)
    path = write(tmp_path, name, data, meta)
    capsys.readouterr()
    assert main(["ingest", str(path)]) == 2
    err = capsys.readouterr().err
    assert problem in err, err
    assert name.split(".")[0] in err and err.count("\n") == 1 and len(err) < 400
    assert rows_digest(store) == before


def test_a_byte_order_mark_and_crlf_line_ends_work(tmp_path, store, capsys):
    path = write(
        tmp_path,
        "bom.txt",
        b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(),
        {"published": "2024-12-06"},
    )
    assert main(["ingest", str(path)]) == 0
    assert main(["events", "--source", "bom"]) == 0
    records = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    (captured,) = [r for r in records if r["event_type"] == "captured"]
    assert captured["place"] == "Hama" and not captured["sentence"].endswith("\r")


def test_an_article_naming_no_syrian_place_is_stored_with_no_points(tmp_path, store, capsys):
    text = "Talks in Geneva\nRussian diplomats said in Geneva on Monday that talks would continue.\n"
    assert main(["ingest", str(write(tmp_path, "geneva.txt", text)), "--published", "2024-12-06"]) == 0
    assert "0 placed" in capsys.readouterr().out
    assert main(["events", "--source", "geneva"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert records and all(r["latitude"] is None and r["place"] == "" for r in records)
