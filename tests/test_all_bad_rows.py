"""Every data table is read by `geo.tables.read_rows`, so each reports ALL its bad rows in one
message ("3 bad rows: line 2: ...; line 4: ...; line 5: ..."), and a reviewer fixing a table sees
every mistake in one run. One small file per reader, written here, with three bad rows among good
ones; the message must name the file and each bad line with its problem, and no good line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from geo.actors import ActorDataError, read_actor_words
from geo.boundaries import BoundaryDataError, read_admin_names
from geo.factions import FactionDataError, load_factions
from geo.gazetteer import GazetteerDataError
from geo.gazetteer.build import (
    _apply_aliases,
    _area_place,
    _extra_records,
    _foreign_records,
    _ocha_records,
    _Record,
    _region_records,
)
from geo.gazetteer.model import _Standing
from geo.mapview import LabelDataError, load_label_anchors

FACTIONS = """id,name,aliases,colour,pattern,outline,territorial,basis
reds,Reds,,#aa0000,solid,,true,test
Blues,Blues,,#0000aa,solid,,true,test
greens,Greens,,#00aa00,solid,,true,test
golds,Golds,,gold,solid,,true,test
greys,Greys,,#888888,stripes,,true,test
"""
ACTOR_WORDS = """word,actor,kind,basis
Redland,reds,adjective,test
Bluish,blues,verb,test
,reds,metonym,test
Greenish,greens,adjective,test
Goldish,golds,adjective,
"""
ADMIN_NAMES = """level,pcode,name_en,name_ar,iso,source
0,SY,Syria,,SY,test
4,SY01,Too deep,,,test
1,XX02,Not Syrian,,,test
1,SY03,Fine,,,test
7,SY04,Also too deep,,,test
"""
LABELS = """adm1_id,name,latitude,longitude,align,basis
SY01,One,33.5,36.3,right,test
SY02,Two,north,37.1,center,test
SY03,Three,33.4,37.5,middle,test
SY04,Four,33.0,37.0,left,test
SY05,Five,10.0,10.0,left,test
"""
EXTRA = """name,aliases,name_ar,lat,lon,kind,basis
Alpha Hill,,,35.0,38.0,site,test
Beta Hill,,,35.0,38.0,castle,test
Gamma Hill,,,35.0,38.0,site,
Delta Hill,,,35.0,38.0,site,test
Epsilon Hill,,,1.0,1.0,site,test
"""
FOREIGN = """name,aliases,country,kind,basis
Faraway,,XX,city,test
Faraway,,XX,city,test
Nowhere,,XX,city,
Elsewhere,,XX,city,test
,,XX,city,test
"""
REGIONS = """region_id,name,adm1_pcodes,basis
north,North,SY01,test
South Part,South,SY02,test
east,East,SY99,test
west,West,SY01 SY02,test
middle,Middle,,test
"""
ALIASES = """alias,target,basis
Uno,SY01,test
Dos,SY77,test
,SY01,test
Tres,SY01,test
Cuatro,SY01,
"""
OCHA_HEADER = "name,asciiname,name_ar,alternate_names,latitude,longitude,feature_code,population,source,source_id,geonameid\n"
OCHA = OCHA_HEADER + (
    "Alpha,Alpha,,,35.0,38.0,PPL,100,ocha,1,\n"
    "Beta,Beta,,,north,38.0,PPL,100,ocha,2,\n"
    "Gamma,Gamma,,,35.0,38.0,PPL,100,ocha,,\n"
    "Delta,Delta,,,35.0,38.0,PPL,100,ocha,4,\n"
    "Epsilon,Epsilon,,,1.0,1.0,PPL,100,ocha,5,\n"
)
# The one place the aliases file may name: governorate SY01.
SY01 = _Record(_area_place("adm1:SY01", "One", None, "adm1", ["SY010000"]), _Standing(3, 3, 0), ["One"], [])
ADM3 = pd.DataFrame({"adm1_id": ["SY01", "SY02"], "adm3_id": ["SY010000", "SY020000"]})

# (file contents, reader, error class, the bad lines' problems in file order)
CASES = {
    "factions": (
        FACTIONS,
        load_factions,
        FactionDataError,
        ["bad id 'Blues'", "bad colour 'gold'", "pattern"],
    ),
    "actor_words": (
        ACTOR_WORDS,
        lambda p: read_actor_words(p, known={"reds", "blues", "greens", "golds"}),
        ActorDataError,
        ["unknown kind 'verb'", "word and basis", "word and basis"],
    ),
    "admin_names": (ADMIN_NAMES, read_admin_names, BoundaryDataError, ["'4'", "'XX02'", "'7'"]),
    "label_anchors": (
        LABELS,
        load_label_anchors,
        LabelDataError,
        ["must be numbers", "align must be one of", "outside Syria"],
    ),
    "places_extra": (
        EXTRA,
        _extra_records,
        GazetteerDataError,
        ["kind 'castle'", "name and basis", "not in Syria"],
    ),
    "foreign_places": (
        FOREIGN,
        _foreign_records,
        GazetteerDataError,
        ["duplicate place foreign:faraway", "name and basis", "name and basis"],
    ),
    "regions": (
        REGIONS,
        lambda p: _region_records(p, ADM3),
        GazetteerDataError,
        ["region_id", "['SY99']", "governorate P-code"],
    ),
    "place_aliases": (
        ALIASES,
        lambda p: _apply_aliases(p, [SY01], have_ocha=False),
        GazetteerDataError,
        ["'SY77' is not a known place", "alias, target and basis", "alias, target and basis"],
    ),
    "ocha_places": (
        OCHA,
        _ocha_records,
        GazetteerDataError,
        ["bad coordinates", "empty source_id", "not in Syria"],
    ),
}
# The lines of the three bad rows in each file (line 1 is the header).
BAD_LINES = {
    "factions": [3, 5, 6],
    "actor_words": [3, 4, 6],
    "admin_names": [3, 4, 6],
    "label_anchors": [3, 4, 6],
    "places_extra": [3, 4, 6],
    "foreign_places": [3, 4, 6],
    "regions": [3, 4, 6],
    "place_aliases": [3, 4, 6],
    "ocha_places": [3, 4, 6],
}


@pytest.mark.parametrize("table", sorted(CASES))
def test_three_bad_rows_are_reported_in_one_message(tmp_path: Path, table: str):
    text, read, error, problems = CASES[table]
    path = tmp_path / f"{table}.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error) as caught:
        read(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: 3 bad rows: "), message
    parts = message.removeprefix(f"{path}: 3 bad rows: ").split("; ")
    assert [int(re.match(r"line (\d+): ", p).group(1)) for p in parts] == BAD_LINES[table], message
    for part, problem in zip(parts, problems, strict=True):
        assert problem in part, (problem, message)


@pytest.mark.parametrize("table", sorted(CASES))
def test_a_missing_column_is_named(tmp_path: Path, table: str):
    text, read, error, _ = CASES[table]
    header, _, body = text.partition("\n")
    dropped = header.split(",")[-1]  # every table's last column is required
    path = tmp_path / f"{table}.csv"
    path.write_text(",".join(header.split(",")[:-1]) + "\n" + body, encoding="utf-8")
    with pytest.raises(error, match=rf"missing column\(s\) {dropped}$"):
        read(path)
