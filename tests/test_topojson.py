"""Unit tests for the TopoJSON decoder, on a topology written here."""

import json

import pytest

from geo.topojson import decode

# Two unit squares side by side sharing arc 1 (x = 1); quantized with scale 1 and delta-encoded.
TOPOLOGY = {
    "type": "Topology",
    "transform": {"scale": [1, 1], "translate": [10, 20]},
    "arcs": [
        [[1, 0], [-1, 0], [0, 1], [1, 0]],  # west square outer edge: (11,20)->(10,20)->(10,21)->(11,21)
        [[1, 1], [0, -1]],  # shared edge (11,21)->(11,20)
        [[1, 0], [1, 0], [0, 1], [-1, 0]],  # east square outer edge: (11,20)->(12,20)->(12,21)->(11,21)
    ],
    "objects": {
        "units": {
            "type": "GeometryCollection",
            "geometries": [
                {"type": "Polygon", "arcs": [[0, 1]], "properties": {"pcode": "W"}},
                {"type": "Polygon", "arcs": [[2, -2]], "properties": {"pcode": "E"}},
                {"type": "Point", "coordinates": [0, 0], "properties": {"pcode": "ignored"}},
            ],
        }
    },
}


def write(tmp_path, topology):
    path = tmp_path / "t.topojson"
    path.write_text(json.dumps(topology))
    return path


def test_decodes_quantized_delta_arcs_into_polygons(tmp_path):
    west, east = decode(write(tmp_path, TOPOLOGY))
    assert west.properties == {"pcode": "W"}
    assert west.geometry.bounds == (10.0, 20.0, 11.0, 21.0)
    assert east.geometry.bounds == (11.0, 20.0, 12.0, 21.0)
    assert west.geometry.area == east.geometry.area == 1.0
    assert west.geometry.is_valid and east.geometry.is_valid


def test_neighbours_share_their_border_exactly(tmp_path):
    west, east = decode(write(tmp_path, TOPOLOGY))
    shared = west.geometry.intersection(east.geometry)
    assert shared.geom_type == "LineString" and shared.length == 1.0


def test_simplification_keeps_shared_borders_shared(tmp_path):
    wiggly = json.loads(json.dumps(TOPOLOGY))
    # A shared edge with small wiggles: simplified once, used by both units.
    wiggly["transform"]["scale"] = [0.001, 0.001]
    wiggly["transform"]["translate"] = [10, 20]
    wiggly["arcs"] = [
        [[1000, 0], [-1000, 0], [0, 1000], [1000, 0]],
        [[1000, 1000], [3, -250], [-3, -250], [3, -250], [-3, -250]],
        [[1000, 0], [1000, 0], [0, 1000], [-1000, 0]],
    ]
    west, east = decode(write(tmp_path, wiggly), tolerance=0.01)
    assert west.geometry.intersection(east.geometry).length > 0.99
    assert west.geometry.overlaps(east.geometry) is False
    assert len(west.geometry.exterior.coords) < 9


def test_rejects_a_file_that_is_not_a_topology(tmp_path):
    path = tmp_path / "x.topojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    with pytest.raises(ValueError, match="not a TopoJSON topology"):
        decode(path)
