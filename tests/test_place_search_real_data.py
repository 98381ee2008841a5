"""Place search over the real boundaries and gazetteer (the seed article's towns as towns)."""

from __future__ import annotations

import pytest

from geo import boundaries
from geo.gazetteer import load_gazetteer
from geo.place_search import PlaceSearch


@pytest.fixture(scope="module")
def index() -> PlaceSearch:
    units = boundaries.load_boundaries().adm3
    gaz = load_gazetteer()
    towns = [gaz.get(i) for i in ("gn:163476", "gn:170063")]
    spellings = {p.place_id: gaz.spellings_of(p.place_id) for p in towns}
    spellings |= {pcode: gaz.spellings_of(f"adm3:{pcode}") for pcode in units["adm3_id"]}
    return PlaceSearch.build(
        [(p.place_id, p.name, p.name_ar or "", p.admin3) for p in towns],
        units[["adm3_id", "adm3_name", "adm2_name", "adm1_name"]].itertuples(index=False, name=None),
        spellings,
    )


@pytest.mark.parametrize("query", ["tel refaat", "تل رفعت", "Tall Refaat", "Tal Rifaat"])
def test_real_data_tal_rifaat_spellings_find_the_town(index, query):
    assert index.search(query)[0].entry.target == "gn:163476"


def test_real_data_every_sub_district_is_found_by_its_own_name(index):
    missed = [
        e.name
        for e in index.entries
        if e.kind == "sub-district" and e not in [h.entry for h in index.search(e.name, 20)]
    ]
    assert missed == []


def test_real_data_permalink_names(index):
    assert index.resolve("aleppo").target == "gn:170063"
    assert index.resolve("tal-rifaat").target == "gn:163476"
    assert index.resolve("idleb").target == "SY070000"
    assert len({e.slug for e in index.entries}) == len(index.entries)
