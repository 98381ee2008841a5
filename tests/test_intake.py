"""Articles added in the browser (geo/intake.py): pasted text, .txt, .md and saved .html pages
read into drafts and made into sources under the command line's rules, offline; duplicates found.

Every article and web page here is written by the test.
"""

from __future__ import annotations

import socket
import tomllib
from datetime import date

import pytest

from geo import intake
from geo.sources import MAX_BYTES, Source, SourceError, read_source
from tests.conftest import ROOT

ARTICLE = (
    "Rebels take Hama after a night of clashes\n"
    "HTS-led forces captured Hama on Thursday, residents said.\n"
    "Government aircraft struck the road to Homs on Friday.\n"
)
PAGE = """<!DOCTYPE html>
<!-- saved from url=(0048)https://news.example.org/2025/05/hama-aftermath -->
<html><head><meta charset="utf-8">
<title>Clashes continue north of Hama | Levant Wire</title>
<meta property="og:site_name" content="Levant Wire">
<meta property="og:title" content="Clashes continue north of Hama">
<meta property="article:published_time" content="2025-05-21T07:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/region">Region</a> <a href="/about">About us</a></nav>
<article><h1>Clashes continue north of Hama</h1>
<p>Government forces clashed with fighters north of Hama on Tuesday, a monitoring group said.</p>
<p>On 2 March 2024 the same road had been closed for a week, residents recalled.</p>
</article>
<footer>© Levant Wire. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>
"""


def fields(draft: intake.Draft, **override) -> dict:
    given = {"title": draft.title, "outlet": draft.outlet, "url": draft.url, "published": draft.published}
    return given | override


@pytest.fixture
def offline(monkeypatch):
    """Any attempt to reach the network fails the test (also when a library swallows the error)."""
    attempts: list[str] = []

    def refuse(*args, **kwargs):
        attempts.append(repr(args)[:80])
        raise OSError("network access attempted in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield
    assert attempts == []


# --- pasted text and .txt ------------------------------------------------------------------------


def test_pasted_text_is_read_like_a_txt_file_and_its_markup_stays_text():
    hostile = (
        "Rebels <script>alert(1)</script> take Hama\nForces captured Hama<img src=x onerror=alert(2)>.\n"
    )
    draft = intake.read_pasted(hostile)
    assert draft.name == "pasted text"
    assert draft.title == "Rebels <script>alert(1)</script> take Hama"
    assert draft.body == "Forces captured Hama<img src=x onerror=alert(2)>.\n"
    source = intake.make_source(draft, **fields(draft, published=date(2025, 1, 5)))
    assert source.text == hostile and source.title == draft.title


def test_an_uploaded_txt_file_gives_the_same_text_and_hash_as_the_command_line(tmp_path):
    path = tmp_path / "hama.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    cli = read_source(path, "2025-01-05")
    draft = intake.read_upload("hama.txt", ARTICLE.encode())
    source = intake.make_source(draft, **fields(draft, published=date(2025, 1, 5)))
    assert source.sha256 == cli.sha256 and source.title == cli.title
    assert source.source_id == "rebels-take-hama-after-a-night-of-clashes"
    assert source.published_basis.startswith("given when the article was added in the browser")


@pytest.mark.parametrize(
    ("name", "raw", "problem"),
    [
        ("empty.txt", b"  \n", "empty.txt: file is empty"),
        ("latin.txt", "Rebels take Hama\nCaf\xe9 shelled.\n".encode("latin-1"), "latin.txt: not UTF-8 text"),
        ("nul.txt", b"Rebels\x00take Hama\n", "nul.txt: binary file"),
        ("scan.pdf", b"%PDF-1.7 ...", "scan.pdf: cannot read .pdf files (give .txt, .md or .html)"),
        ("README", b"Rebels take Hama\n", "README: cannot read a file without a suffix"),
        ("big.txt", b"Rebels take Hama\n" + b"a" * MAX_BYTES, "big.txt: file is too large"),
        ("big.html", b"<p>" + b"a" * MAX_BYTES, "big.html: file is too large"),
    ],
)
def test_a_bad_upload_is_refused_with_one_line_naming_the_file(name, raw, problem):
    with pytest.raises(SourceError) as caught:
        intake.read_upload(name, raw)
    assert str(caught.value).startswith(problem) and "\n" not in str(caught.value)


def test_pasting_nothing_says_so():
    with pytest.raises(SourceError, match=r"^pasted text: nothing was pasted"):
        intake.read_pasted(" \n\t")


def test_the_upload_limit_is_the_command_lines_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES


# --- Markdown ------------------------------------------------------------------------------------


def test_markdown_takes_its_title_from_the_first_heading_and_is_stripped_to_text():
    md = (
        "Filed by our correspondent\n\n"
        "# Rebels **take** Hama\n\n"
        "HTS-led forces [captured](https://example.org/x) Hama on *Thursday*,\nresidents said.\n\n"
        "<div><script>alert(1)</script>Shelling was heard in <b>Homs</b>.</div>\n\n"
        "- Government aircraft struck Saraqib.\n"
        "- ![a photo of smoke over Idlib](smoke.jpg)\n"
    )
    draft = intake.read_upload("hama.md", md.encode())
    assert draft.title == "Rebels take Hama"
    assert draft.body.split("\n") == [
        "Filed by our correspondent",
        "HTS-led forces captured Hama on Thursday, residents said.",
        "Shelling was heard in Homs.",
        "Government aircraft struck Saraqib.",
        "a photo of smoke over Idlib",
    ]
    assert draft.text == f"{draft.title}\n{draft.body}"


def test_markdown_without_a_heading_takes_line_1_as_its_title():
    draft = intake.read_upload("note.markdown", b"Rebels take *Hama*\nForces captured Hama on Thursday.\n")
    assert draft.title == "Rebels take Hama"
    assert draft.body == "Forces captured Hama on Thursday."


def test_markdown_that_is_only_markup_is_refused():
    with pytest.raises(SourceError, match=r"^empty\.md: no words in the file"):
        intake.read_upload("empty.md", b"---\n\n***\n")


# --- saved web pages -----------------------------------------------------------------------------


def test_a_saved_web_page_gives_its_text_title_outlet_address_and_date_offline(offline):
    draft = intake.read_upload("hama.html", PAGE.encode())
    assert draft.kind == "html"
    assert draft.title == "Clashes continue north of Hama"
    assert draft.outlet == "Levant Wire"
    assert draft.url == "https://news.example.org/2025/05/hama-aftermath"
    # The date in the markup, not the one in the running text.
    assert draft.published == date(2025, 5, 21)
    assert "htmldate" in draft.published_basis
    assert draft.body.startswith("Government forces clashed with fighters north of Hama on Tuesday")
    assert "Home" not in draft.body and "rights reserved" not in draft.body
    source = intake.make_source(draft, **fields(draft))
    assert source.published_basis == draft.published_basis and source.outlet == "Levant Wire"


def test_a_page_whose_text_looks_like_an_address_is_never_fetched(offline):
    # htmldate downloads a string that looks like an address: intake hands it parsed documents.
    try:
        draft = intake.read_upload("link.html", b"https://news.example.org/2025/05/hama-aftermath")
    except SourceError as exc:
        assert str(exc).startswith("link.html: ")
    else:
        assert draft.body == "" and draft.published is None
        with pytest.raises(SourceError, match=r"^link\.html: no sentences after the title line"):
            intake.make_source(draft, **fields(draft, published=date(2025, 1, 5)))


def test_a_page_with_no_article_text_is_refused(offline):
    with pytest.raises(SourceError, match=r"^blank\.html: no article text found in the web page"):
        intake.read_upload(
            "blank.html", b"<html><head><title>Hama</title></head><body><p>1 2 3</p></body></html>"
        )


def test_a_page_without_a_date_leaves_the_date_to_the_user(offline):
    page = PAGE.replace('<meta property="article:published_time" content="2025-05-21T07:30:00+00:00">', "")
    draft = intake.read_upload("undated.htm", page.encode())
    assert draft.published is None and draft.published_basis == ""
    with pytest.raises(SourceError, match=r"^undated.htm: no publication date \(enter it"):
        intake.make_source(draft, **fields(draft))


# --- from a draft to a source --------------------------------------------------------------------


def test_the_commands_lines_rules_hold_for_the_confirmed_fields():
    draft = intake.read_pasted(ARTICLE)
    ok = fields(draft, published=date(2025, 1, 5))
    cases = [
        (intake.read_pasted("Only a title\n"), ok, r"no sentences after the title line"),
        (draft, ok | {"title": "  "}, r"no title"),
        (draft, ok | {"published": date(2031, 1, 1)}, r"publication date 2031-01-01 is in the future"),
        (draft, ok | {"url": "javascript:alert(1)"}, r"the URL must be a web address"),
        (draft, ok | {"url": "https://example.org/a b"}, r"the URL must be a web address"),
        (draft, ok | {"outlet": "x" * 201}, r"outlet is longer than 200 characters"),
    ]
    for d, given, problem in cases:
        with pytest.raises(SourceError, match=f"^pasted text: .*{problem}"):
            intake.make_source(d, today=date(2026, 1, 1), **given)


def test_an_edited_title_replaces_line_1_and_the_fields_are_kept():
    draft = intake.read_pasted(ARTICLE)
    source = intake.make_source(
        draft,
        title="Hama falls\nagain",
        outlet=" Levant   Wire ",
        url="https://example.org/hama",
        published=date(2025, 1, 5),
    )
    assert source.text == "Hama falls again\n" + ARTICLE.split("\n", 1)[1]
    assert (source.title, source.outlet, source.url) == (
        "Hama falls again",
        "Levant Wire",
        "https://example.org/hama",
    )
    assert source.path is None


def test_a_source_id_is_unique_against_those_taken():
    draft = intake.read_pasted(ARTICLE)
    taken = {"rebels-take-hama-after-a-night-of-clashes", "rebels-take-hama-after-a-night-of-clashes-2"}
    source = intake.make_source(draft, taken=taken, **fields(draft, published=date(2025, 1, 5)))
    assert source.source_id == "rebels-take-hama-after-a-night-of-clashes-3"
    assert intake.unique_slug("حماة", ()) == "source"
    assert len(intake.unique_slug("word " * 40, {intake.unique_slug("word " * 40, ())})) <= 80


def test_duplicates_are_found_in_the_store_and_in_the_batch():
    draft = intake.read_pasted(ARTICLE)
    first = intake.make_source(draft, **fields(draft, published=date(2025, 1, 5)))
    again = intake.make_source(draft, taken={first.source_id}, **fields(draft, published=date(2025, 1, 6)))
    stored = Source("old", "Stored <b>before</b>", ARTICLE, date(2025, 1, 1), "test")
    assert intake.duplicate_of(first, {stored.sha256: stored}.get) == (
        "the same text is already stored as “Stored <b>before</b>” (old)"
    )
    assert intake.duplicate_of(again, {}.get, [first]) == (
        "the same text as “Rebels take Hama after a night of clashes” earlier in this batch"
    )
    other = intake.make_source(
        intake.read_pasted(ARTICLE + "More.\n"), published=date(2025, 1, 5), title="T", outlet="", url=""
    )
    assert intake.duplicate_of(other, {stored.sha256: stored}.get, [first]) == ""


def test_a_page_in_a_declared_legacy_encoding_is_read_and_an_undeclared_one_refused(offline):
    page = (
        '<html><head><meta charset="windows-1256"><title>المعارضة تسيطر على حماة</title></head><body>'
        "<article><p>سيطرت قوات المعارضة على مدينة حماة يوم الخميس، بحسب سكان.</p></article></body></html>"
    )
    draft = intake.read_upload("hama-ar.html", page.encode("cp1256"))
    assert draft.title == "المعارضة تسيطر على حماة"
    assert draft.body == "سيطرت قوات المعارضة على مدينة حماة يوم الخميس، بحسب سكان."
    undeclared = page.replace('<meta charset="windows-1256">', "").encode("cp1256")
    with pytest.raises(SourceError, match=r"^hama-ar\.html: not UTF-8 text"):
        intake.read_upload("hama-ar.html", undeclared)
