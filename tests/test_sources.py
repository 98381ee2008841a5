"""Reading article files and their metadata: what works, and the one-line errors for what doesn't."""

import json
from datetime import date

import pytest

from geo.sources import SourceError, read_source, slug_of

TODAY = date(2025, 6, 1)
ARTICLE = "Rebels enter Hama\nRebels entered Hama on Thursday, residents said.\n"


def write(tmp_path, name, data: bytes, meta: dict | str | None = None):
    path = tmp_path / name
    path.write_bytes(data)
    if meta is not None:
        path.with_suffix(".json").write_text(meta if isinstance(meta, str) else json.dumps(meta))
    return path


def test_reads_title_text_and_metadata(tmp_path):
    meta = {
        "title": "Rebels enter Hama",
        "outlet": "Example Wire",
        "published": "2024-12-05",
        "published_basis": "dateline",
        "url": "https://example.org/a",
    }
    source = read_source(write(tmp_path, "Hama Falls!.txt", ARTICLE.encode(), meta), today=TODAY)
    assert source.source_id == "hama-falls"
    assert (source.title, source.outlet, source.url) == (
        "Rebels enter Hama",
        "Example Wire",
        "https://example.org/a",
    )
    assert source.published == date(2024, 12, 5) and source.published_basis == "dateline"
    assert source.text == ARTICLE
    assert source.text[source.body_start :].startswith("Rebels entered")


def test_command_line_date_overrides_metadata(tmp_path):
    path = write(tmp_path, "a.txt", ARTICLE.encode(), {"published": "2024-12-05"})
    source = read_source(path, published="2024-12-06", today=TODAY)
    assert source.published == date(2024, 12, 6)
    assert "--published" in source.published_basis


def test_title_defaults_to_the_first_line(tmp_path):
    source = read_source(write(tmp_path, "a.txt", ARTICLE.encode()), published="2024-12-05", today=TODAY)
    assert source.title == "Rebels enter Hama"


def test_byte_order_mark_is_dropped_and_crlf_kept(tmp_path):
    crlf = ARTICLE.replace("\n", "\r\n")
    source = read_source(
        write(tmp_path, "a.txt", b"\xef\xbb\xbf" + crlf.encode()), published="2024-12-05", today=TODAY
    )
    assert source.text == crlf
    assert source.title == "Rebels enter Hama"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "file is empty"),
        (b"   \n\n ", "file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("حلب تحت السيطرة".encode("cp1256"), "not UTF-8 text"),
        (b"1234 5678\n---\n", "no words"),
    ],
)
def test_bad_text_is_refused_with_the_file_named(tmp_path, data, problem):
    path = write(tmp_path, "bad.txt", data)
    with pytest.raises(SourceError, match=problem) as info:
        read_source(path, published="2024-12-05", today=TODAY)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_too_large_file_is_refused(tmp_path):
    path = write(tmp_path, "big.txt", b"Rebels took Hama. " * 400_000)
    with pytest.raises(SourceError, match="too large"):
        read_source(path, published="2024-12-05", today=TODAY)


def test_missing_file(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        read_source(tmp_path / "nope.txt", published="2024-12-05")


@pytest.mark.parametrize(
    ("meta", "problem"),
    [
        ("{not json", "broken JSON"),
        ("[1, 2]", "must be a JSON object"),
        ({"published": "2024-12-05", "author": "x"}, "unknown field"),
        ({"published": "05/12/2024"}, "YYYY-MM-DD"),
        ({"published": "2024-02-30"}, "not a real date"),
        ({"published": "2031-01-01"}, "in the future"),
        ({"published": 20241205}, "YYYY-MM-DD"),
        ({"published": "2024-12-05", "url": "javascript:alert(1)"}, "http"),
        ({"published": "2024-12-05", "title": ["x"]}, "must be a string"),
    ],
)
def test_bad_metadata_is_refused_with_the_json_named(tmp_path, meta, problem):
    path = write(tmp_path, "a.txt", ARTICLE.encode(), meta)
    with pytest.raises(SourceError, match=problem) as info:
        read_source(path, today=TODAY)
    assert "a.json" in str(info.value)


def test_no_publication_date_anywhere(tmp_path):
    with pytest.raises(SourceError, match="no publication date"):
        read_source(write(tmp_path, "a.txt", ARTICLE.encode()), today=TODAY)


def test_future_date_on_the_command_line(tmp_path):
    with pytest.raises(SourceError, match="in the future"):
        read_source(write(tmp_path, "a.txt", ARTICLE.encode()), published="2025-06-02", today=TODAY)


def test_slugs_are_safe_file_stems(tmp_path):
    assert slug_of(tmp_path / "Ünïcode <script>.txt") == "unicode-script"
    assert slug_of(tmp_path / "....txt") == "source"


def test_source_basis_says_how_outlet_and_url_were_found_and_must_be_text(tmp_path):
    meta = {"published": "2024-12-05", "outlet": "Example Wire", "source_basis": "seen on the wire's site"}
    source = read_source(write(tmp_path, "a.txt", ARTICLE.encode(), meta), today=TODAY)
    assert source.outlet == "Example Wire"
    with pytest.raises(SourceError, match=r"a\.json: source_basis must be a string or null"):
        read_source(write(tmp_path, "a.txt", ARTICLE.encode(), {**meta, "source_basis": 3}), today=TODAY)
