"""The Events, Sources, Territory and Method pages with Streamlit's AppTest.

Needs the real data: boundaries, baseline, gazetteer and factions, with a store made here from the
seed article plus a short article written below (other places, dates and an HTML-like string), so
that filters by source and date have something to separate. Expected values are computed from the
store itself, never copied from a page. The Territory map is an opaque component here.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from geo import paths
from geo.cli import main
from geo.control import load_timeline
from geo.evidence import esc
from geo.exports import EVENT_COLUMNS
from geo.records import COLUMNS
from geo.store import Store
from tests.test_annotate import text_of

SEED = paths.SOURCES / "kremlin-continues-to-support-assad.txt"
OWN_ID = "army-retakes-saraqib"
OWN_PUBLISHED = "2024-12-10"
OWN_TEXT = """Army retakes Saraqib as fighting spreads to Hama
Syrian government forces recaptured the town of Saraqib on Sunday, a war monitor said.
Clashes continued near Morek in northern Hama province last week.
Russian warplanes struck Maarat al-Numan on Saturday.
Russian officials said the <script>alert(1)</script> report was *false*.
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages-store")
    path = folder / "events.sqlite"
    own = folder / f"{OWN_ID}.txt"
    own.write_text(OWN_TEXT, encoding="utf-8")
    assert main(["ingest", str(SEED), "--store", str(path)]) == 0
    assert main(["ingest", str(own), "--published", OWN_PUBLISHED, "--store", str(path)]) == 0
    return path


@pytest.fixture(scope="module")
def stored(store):
    with Store(store) as s:
        sources, records = s.snapshot()
    return {src.source_id: src for src in sources}, records


def page(store, monkeypatch, name: str) -> AppTest:
    monkeypatch.setenv("FRONTLINES_STORE", str(store))
    return AppTest.from_file(str(paths.ROOT / "pages" / name), default_timeout=60)


@pytest.fixture
def events(store, monkeypatch):
    return page(store, monkeypatch, "1_Events.py")


@pytest.fixture
def sources_page(store, monkeypatch):
    return page(store, monkeypatch, "2_Sources.py")


@pytest.fixture
def territory(store, monkeypatch):
    return page(store, monkeypatch, "3_Territory.py")


@pytest.fixture
def method(store, monkeypatch):
    return page(store, monkeypatch, "4_Method.py")


@pytest.fixture
def downloads(monkeypatch):
    """What the page handed to st.download_button, by file name (AppTest keeps no file bytes)."""
    files: dict[str, bytes] = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes) and filename:
            files[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return files


def text(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def plain(html_text: str) -> str:
    """Markup dropped and whitespace collapsed: the words a reader sees."""
    return " ".join(re.sub(r"<[^>]+>", "", html_text).split())


def table(at: AppTest, column: str = "event_id"):
    """The first table with that column."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def csv_ids(data: bytes) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    return [r["event_id"] for r in rows]


# --- Events ------------------------------------------------------------------------------------


def test_events_lists_every_record_and_downloads_them(events, stored, downloads):
    _, records = stored
    events.run()
    assert not events.exception
    assert f"**{len(records)}** of {len(records)} event records" in text(events)
    assert set(table(events)["event_id"]) == {r.event_id for r in records}
    assert sorted(csv_ids(downloads["frontlines-events.csv"])) == sorted(r.event_id for r in records)
    header = downloads["frontlines-events.csv"].decode().splitlines()[0]
    # Every record field first (ACLED-style order), then side names, outlet, URL and geometry.
    assert header.split(",") == [*EVENT_COLUMNS, "WKT"] and EVENT_COLUMNS[: len(COLUMNS)] == COLUMNS
    features = json.loads(downloads["frontlines-events.geojson"])["features"]
    assert len(features) == len(records)
    # Article text stays text: the HTML-like string is shown as written, never as markup.
    assert any("<script>alert(1)</script>" in s for s in table(events)["sentence"])


def test_filtering_by_type_keeps_only_that_type_and_so_does_the_csv(events, stored, downloads):
    _, records = stored
    statements = {r.event_id for r in records if r.event_type == "statement"}
    events.run()
    events.multiselect(key="ev_types").set_value(["statement"]).run()
    assert not events.exception
    shown = table(events)
    assert set(shown["type"]) == {"statement"} and set(shown["event_id"]) == statements
    assert f"**{len(statements)}** of {len(records)}" in text(events)
    assert sorted(csv_ids(downloads["frontlines-events.csv"])) == sorted(statements)
    assert events.query_params["type"] == "statement"  # the URL follows the filters


def test_filtering_by_source_and_by_dates(events, stored, downloads):
    sources, records = stored
    own = {r.event_id for r in records if r.source_id == OWN_ID}
    assert own and len(own) < len(records)
    events.run()
    events.multiselect(key="ev_sources").set_value([OWN_ID]).run()
    assert set(table(events)["event_id"]) == own
    assert set(table(events)["source"]) == {sources[OWN_ID].title}
    assert sorted(csv_ids(downloads["frontlines-events.csv"])) == sorted(own)

    events.multiselect(key="ev_sources").set_value([]).run()
    first, last = date(2024, 12, 3), date(2024, 12, 7)
    overlapping = {
        r.event_id for r in records if r.date_start <= last.isoformat() and r.date_end >= first.isoformat()
    }
    assert overlapping and len(overlapping) < len(records)
    events.date_input(key="ev_dates").set_value((first, last)).run()
    assert set(table(events)["event_id"]) == overlapping
    assert sorted(csv_ids(downloads["frontlines-events.csv"])) == sorted(overlapping)
    assert (events.query_params["from"], events.query_params["to"]) == ("2024-12-03", "2024-12-07")


def test_events_filters_come_from_the_url(events, stored):
    _, records = stored
    events.query_params["type"] = "airstrike,statement"
    events.query_params["gov"] = "<b>SY99</b>"
    events.run()
    assert not events.exception
    assert set(table(events)["event_id"]) == {
        r.event_id for r in records if r.event_type in {"airstrike", "statement"}
    }
    notices = [i.value for i in events.info]
    assert any("unknown value(s) of “gov”" in n for n in notices)
    assert not any("<b>" in n for n in notices)


# --- Sources -----------------------------------------------------------------------------------


def test_sources_page_marks_places_actors_and_dates(sources_page):
    sources_page.run()
    assert not sources_page.exception
    body = text(sources_page)
    shown = sources_page.selectbox(key="src_choice").value
    assert shown == OWN_ID  # the newest article first
    for kind in ("fl-place", "fl-actor", "fl-date"):
        assert f'<span class="{kind}"' in body or f'<a class="{kind}"' in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body
    sources_page.selectbox(key="src_choice").set_value(SEED.stem).run()
    words = plain(text(sources_page))
    assert "Kremlin spokesperson Dmitry Peskov told" in words and "recaptured the town" not in words


def test_source_param_shows_that_article_alone_with_its_place_links(sources_page, stored):
    _, records = stored
    sources_page.query_params["source"] = OWN_ID
    sources_page.run()
    assert not sources_page.exception
    body = text(sources_page)
    assert not sources_page.selectbox  # that article alone
    assert "recaptured the town of" in plain(body) and "Kremlin spokesperson" not in plain(body)
    by_mention: dict[int, list] = {}
    for r in records:
        if r.source_id == OWN_ID and r.place_id and r.mention_start is not None:
            by_mention.setdefault(r.mention_start, []).append(r)
    assert by_mention
    for same_words in by_mention.values():
        latest = max(same_words, key=lambda r: r.date_end)  # the link follows the record ending last
        # A town is focused itself; an area by its first sub-district.
        place = latest.place_id if latest.has_point else min(latest.area_units)
        link = esc(f"./?date={latest.date_end}&place={place}".replace(":", "%3A"))
        assert re.search(
            f'<a class="fl-place" href="{re.escape(link)}"[^>]*>{re.escape(latest.mention)}</a>', body
        )


def test_source_param_with_an_offset_outlines_that_sentence(sources_page, stored):
    _, records = stored
    target = next(r for r in records if r.source_id == OWN_ID and r.event_type == "airstrike")
    sources_page.query_params["source"] = OWN_ID
    sources_page.query_params["at"] = str(target.sentence_start)
    sources_page.run()
    body = text(sources_page)
    assert body.count('id="fl-at"') == 1
    assert text_of(body, "fl-at") == target.sentence


def test_an_unknown_source_is_ignored_with_a_notice(sources_page):
    sources_page.query_params["source"] = "no-such-article"
    sources_page.run()
    assert not sources_page.exception
    assert any("no stored article" in i.value for i in sources_page.info)
    assert sources_page.selectbox(key="src_choice").value == OWN_ID


# --- Territory ---------------------------------------------------------------------------------


def test_territory_shares_add_up_and_changes_match_the_timeline(territory, store):
    territory.run()
    assert not territory.exception
    shares = table(territory, "percent_end")
    assert shares["percent_end"].sum() == pytest.approx(100, abs=0.1)
    assert shares["percent_start"].sum() == pytest.approx(100, abs=0.1)
    start, end = territory.select_slider(key="terr_period").value
    expected = set(load_timeline(store).changes_between(start, end)["adm3_id"])
    assert expected and set(table(territory, "adm3_id")["adm3_id"]) == expected


def test_territory_compares_the_chosen_dates(territory, stored):
    _, records = stored
    saraqib = next(r for r in records if r.source_id == OWN_ID and r.event_type == "captured")
    territory.run()
    # From before the recapture to after it: the unit changes hands to the government.
    territory.select_slider(key="terr_period").set_range(date(2024, 12, 4), date(2024, 12, 10)).run()
    assert not territory.exception
    changes = table(territory, "adm3_id").set_index("adm3_id")
    row = changes.loc[saraqib.admin3]
    # "Syrian government forces" on Sunday 8 December 2024: the first day of the new government.
    assert row["change"] == "changed hands" and row["to"] == "Syrian transitional government (al-Sharaa)"
    assert saraqib.event_id in row["evidence"].split() and row["first excerpt"] == saraqib.sentence
    assert f"**{len(changes)}** sub-district" in text(territory)


# --- Method ------------------------------------------------------------------------------------


def test_method_renders_with_numbers_from_the_data(method, stored):
    sources, records = stored
    method.run()
    assert not method.exception
    body = " ".join(text(method).split())
    assert f"**{len(records)} records**" in body and f"**{len(sources)} articles**" in body
    statements = sum(r.event_type == "statement" for r in records)
    types = table(method, "can colour ground").set_index("type")
    assert types.loc["statement", "records in the data"] == statements
    assert "do not imply official endorsement" in body and "CC BY 3.0 IGO" in body
