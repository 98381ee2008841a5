"""The Add articles page's logic (AppTest): a bad paste is one line and nothing is stored; a dated
paste is saved with its records; the same text again, or a file the command line stored, is
recognised and not stored twice. Needs the real data (boundaries, gazetteer); the store is made
here, one per test, from the committed seed article."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from geo import paths
from geo.cli import main
from geo.store import open_reader
from tests.conftest import rows_digest

SEED = paths.SOURCES / "kremlin-continues-to-support-assad.txt"
ARTICLE = (
    "Fighting reaches Saraqib\nGovernment forces shelled the town of Saraqib on Wednesday, residents said.\n"
)


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "events.sqlite"
    assert main(["ingest", str(SEED), "--store", str(path)]) == 0
    monkeypatch.setenv("FRONTLINES_STORE", str(path))
    return path


@pytest.fixture
def at(store):
    app = AppTest.from_file(str(paths.ROOT / "pages" / "5_Add_articles.py"), default_timeout=60)
    app.run()
    assert not app.exception
    return app


def plain(element) -> str:
    """A message as users read it (the page escapes Markdown's punctuation with backslashes)."""
    return element.value.replace("\\", "")


def paste(at: AppTest, text: str, published: date | None = None) -> None:
    at.text_area(key=f"add_paste_{at.session_state['add_form']}").input(text).run()
    next(b for b in at.button if b.label == "Preview the pasted article").click().run()
    if published is not None:
        at.date_input(key=f"add_{at.session_state['add_batch']}_0_published").set_value(published).run()
    assert not at.exception


def save_button(at: AppTest):
    return next(b for b in at.button if b.label.startswith("Save "))


def test_pasting_nothing_is_one_line_and_nothing_is_stored(at, store):
    before = rows_digest(store)
    paste(at, " \n ")
    assert [plain(e) for e in at.error] == ["pasted text: nothing was pasted"]
    assert rows_digest(store) == before


def test_an_undated_paste_asks_for_its_date_and_cannot_be_saved(at, store):
    paste(at, ARTICLE)
    assert "pasted text: no publication date (enter it in the Publication date field)" in [
        plain(e) for e in at.error
    ]
    assert save_button(at).label == "Save 0 articles" and save_button(at).disabled


def test_a_dated_paste_is_saved_and_the_same_text_again_is_recognised(at, store):
    paste(at, ARTICLE, date(2025, 2, 14))
    assert save_button(at).label == "Save 1 article" and not save_button(at).disabled
    save_button(at).click().run()
    assert not at.exception
    assert any(
        plain(s).startswith("Saved “Fighting reaches Saraqib” as fighting-reaches-saraqib")
        for s in at.success
    )
    with open_reader(store) as s:
        source = s.source("fighting-reaches-saraqib")
        assert source is not None and source.published == date(2025, 2, 14)
        assert [r.place for r in s.events("fighting-reaches-saraqib")] == ["Saraqab"]
    before = rows_digest(store)

    paste(at, ARTICLE, date(2025, 2, 14))
    warnings = [plain(w) for w in at.warning]
    assert warnings == [
        "pasted text: not saved: the same text is already stored as “Fighting reaches Saraqib” "
        "(fighting-reaches-saraqib)."
    ]
    assert save_button(at).label == "Save 0 articles"
    assert rows_digest(store) == before


def test_a_file_the_command_line_stored_is_recognised_when_pasted(at, store):
    paste(at, SEED.read_text(encoding="utf-8"), date(2024, 12, 2))
    (warning,) = at.warning
    assert "the same text is already stored as" in plain(warning)
    assert "(kremlin-continues-to-support-assad)" in plain(warning)


def test_messages_escape_markdown_so_untrusted_text_shows_as_typed():
    from pages import as_text

    assert (
        as_text("<b>[x](javascript:1)</b> *y* $z$ #") == r"\<b\>\[x\]\(javascript\:1\)\<\/b\> \*y\* \$z\$ \#"
    )
    assert as_text("Saraqib, 2025") == r"Saraqib\, 2025"
