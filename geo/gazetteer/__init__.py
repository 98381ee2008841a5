"""Gazetteer: finds place names in English news text and resolves them to places.

A place is a Syrian populated place or site (a point with ADM1/ADM2/ADM3 P-codes from a spatial
join against the sub-districts), a Syrian admin area (governorate, district, sub-district) or a
region made of governorates (an area with the sub-district P-codes it covers and no point), a
well-known place outside Syria (no point, `in_syria=False`), or a name no source lists, placed
at the area its context gives (kind "unlisted").

Modules, by concern:
    model     -> Place, PlaceMention and the index entries
    text      -> tokens and the words around a name (cues, qualifiers, capitals)
    matching  -> the Gazetteer: exact matching over folded names and resolution of homonyms
    coherence -> a minor village far from the text's other places is a homonym
    fuzzy     -> spelling variants the index lacks (rapidfuzz over folded names)
    unlisted  -> names no source has, placed at the area their context gives
    sites     -> "X oil field", "X and its airport": sites named after towns
    directional -> "the eastern Daraa countryside": the sub-districts in that part of the area
    roles     -> mentions that are not event places (reference points, datelines, metonymy)
    build     -> reading the sources into a Gazetteer
    cache     -> load_gazetteer over the real sources, with a pickle cache
"""

from geo.gazetteer.build import EXTRA_CSV, build_gazetteer
from geo.gazetteer.cache import geonames_syria_cities, load_gazetteer
from geo.gazetteer.matching import Gazetteer
from geo.gazetteer.model import LEVEL_NAMES, GazetteerDataError, Place, PlaceMention
from geo.names import fold

__all__ = [
    "EXTRA_CSV",
    "LEVEL_NAMES",
    "Gazetteer",
    "GazetteerDataError",
    "Place",
    "PlaceMention",
    "build_gazetteer",
    "fold",
    "geonames_syria_cities",
    "load_gazetteer",
]
