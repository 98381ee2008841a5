"""A name the gazetteer lacks, as a user sees it: drawn hollow at the area its context gives, and
the evidence panel says it is not in the gazetteer and where it was placed.

Runs the real app in headless Chromium on a store holding one article written here.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from geo.cli import main
from geo.store import Store
from tests.conftest import AppServer, map_frame, wait_for_app

pytestmark = pytest.mark.browser

# "Qarmuzliyah" is no place we know of: it stands in a list of villages beside a real town.
TEXT = (
    "Army retakes two villages near Idlib\n"
    "Government forces captured the villages of Saraqib and Qarmuzliyah on Thursday, a monitor said.\n"
)


@pytest.fixture(scope="module")
def unlisted_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("unlisted")
    article = folder / "two-villages.txt"
    article.write_text(TEXT, encoding="utf-8")
    article.with_suffix(".json").write_text(json.dumps({"published": "2020-02-08"}), encoding="utf-8")
    store = folder / "events.sqlite"
    assert main(["ingest", str(article), "--store", str(store)]) == 0
    with Store(store) as s:
        _, records = s.snapshot()
    (unlisted,) = [r for r in records if r.is_unlisted]
    server = AppServer(env={"FRONTLINES_STORE": str(store)}).start()
    yield server, unlisted.place_id
    server.stop()


def test_an_unlisted_village_is_a_ring_and_the_panel_says_where_it_was_placed(page, unlisted_server):
    server, place_id = unlisted_server
    page.goto(f"{server.url}/?date=2020-02-08")
    frame = map_frame(page)
    frame.locator("path.fl-town").first.wait_for(timeout=30_000)
    hollow = frame.locator("path.fl-town-unlisted")
    hollow.wait_for(timeout=10_000)
    assert hollow.count() == 1
    assert hollow.get_attribute("fill") == "none"
    listed = frame.locator("path.fl-town:not(.fl-town-unlisted)")
    assert listed.count() == 1 and listed.get_attribute("fill-opacity") == "1"
    # Selected (here by its permalink), its evidence says what the map cannot show by itself.
    page.goto(f"{server.url}/?{urlencode({'date': '2020-02-08', 'place': place_id})}")
    page.locator('[data-testid="stMarkdownContainer"]', has_text="not in the gazetteer").first.wait_for(
        timeout=15_000
    )
    wait_for_app(page)
    panel = page.locator("body").inner_text()
    assert "“Qarmuzliyah” is not in the gazetteer; placed at" in panel
