"""Frontlines domain package: from article text to a control map of Syria.

The pipeline, one module per step (read them in this order):

    settings    -> every environment variable, with its default and meaning (paths: where files live)
    provision   -> obtain upstream files (checksummed) and the map's static assets
    topojson    -> decode TopoJSON arcs into shapely polygons (shared borders kept)
    boundaries  -> Syria's admin units: 272 sub-districts, 62 districts, 14 governorates
    sources     -> article files and their metadata, checked
    names       -> folding place names for matching (case, diacritics, transliteration)
    gazetteer   -> place names -> points, areas and P-codes
    dates       -> date words -> date ranges with precision and basis
    actors      -> actor words -> faction ids
    extract     -> article -> ACLED-style event records
    records     -> the record and its exports (CSV, JSON, GeoJSON)
    store       -> SQLite store of sources and records
    factions    -> faction ids, colours, patterns, the colour-blind check
    baseline    -> background control of every sub-district, 2020-03-06 onwards
    control     -> control of every sub-district on any date, with its evidence
    evidence    -> excerpts and effects as users read them (escaped HTML)
    provenance  -> how sure a colour is: independent sources, "claimed", "date inferred"
    exports     -> control on a date, changes between dates, events: GeoJSON, CSV, JSON
    map_image   -> the PNG of the map on a date (Matplotlib, Agg)
    dashboard   -> page logic: timeline stops, permalinks, filters, the map's per-date state
    annotate    -> the Sources page: an article with its place, actor and date words marked
    page_views  -> the Events, Territory and Method pages' logic
    mapview     -> the offline Folium map (with its runtime, mapview.js)
    cli         -> `python -m geo setup|extract|ingest|events|control|changes`

No module here imports Streamlit: `app.py` and `pages/` are thin views over this package.
"""
