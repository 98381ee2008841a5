"""Frontlines domain package: from article text to a control map of Syria.

The pipeline, one module per step (read them in this order):

    provision   -> obtain the upstream boundary file (checksummed) and static assets
    topojson    -> decode TopoJSON arcs into shapely polygons (shared borders kept)
    boundaries  -> Syria's admin units: 272 sub-districts, 62 districts, 14 governorates
    sources     -> article files and their metadata
    gazetteer   -> place names -> points and P-codes
    dates       -> date phrases -> date ranges with precision and basis
    actors      -> actor words -> faction ids
    extract     -> article -> ACLED-style event records
    store       -> SQLite store of sources and records
    factions    -> faction ids, colours, patterns
    baseline    -> background control of every sub-district, 2020-03-06 onwards
    control     -> control of every sub-district on any date, with its evidence
    mapview     -> Folium layers for the dashboard

No module here imports Streamlit: `app.py` and `pages/` are thin views over this package.
"""
