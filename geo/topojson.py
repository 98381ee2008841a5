"""Decode TopoJSON (quantized, delta-encoded arcs) into shapely polygons.

Keeping the arcs lets us simplify shared borders once, so neighbouring units still share
identical vertices after simplification (see `decode(..., tolerance=...)`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import LineString, MultiPolygon, Polygon


@dataclass(frozen=True)
class Feature:
    properties: dict[str, Any]
    geometry: Polygon | MultiPolygon


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(px), float(py)) for px, py, *_ in arc]
        arcs.append(points)
    return arcs


def _simplify_arc(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    # Douglas-Peucker keeps an arc's end points, so arcs still meet where they met before.
    if tolerance <= 0 or len(points) < 3 or points[0] == points[-1]:
        return points
    return list(LineString(points).simplify(tolerance, preserve_topology=False).coords)


def _ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    coords: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        # Consecutive arcs share their joining point; keep it once.
        coords.extend(arc if not coords else arc[1:])
    return coords


def _polygon(arcs: list[list[tuple[float, float]]], rings: list[list[int]]) -> Polygon | None:
    shell = _ring(arcs, rings[0])
    if len(shell) < 4:
        return None
    holes = [h for h in (_ring(arcs, r) for r in rings[1:]) if len(h) >= 4]
    return Polygon(shell, holes)


def decode(path: Path, tolerance: float = 0.0) -> list[Feature]:
    """Read every polygon feature of the (single) object in a TopoJSON file.

    `tolerance` (degrees) simplifies each arc once; shared borders stay shared.
    """
    topology = json.loads(Path(path).read_text(encoding="utf-8"))
    if topology.get("type") != "Topology" or not topology.get("objects"):
        raise ValueError(f"{path}: not a TopoJSON topology")
    arcs = [_simplify_arc(a, tolerance) for a in _decode_arcs(topology)]
    features = []
    for obj in topology["objects"].values():
        for geom in obj.get("geometries", []):
            if geom["type"] == "Polygon":
                parts = [_polygon(arcs, geom["arcs"])]
            elif geom["type"] == "MultiPolygon":
                parts = [_polygon(arcs, p) for p in geom["arcs"]]
            else:
                continue
            polygons = [p for p in parts if p is not None and not p.is_empty]
            if not polygons:
                continue
            shape = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
            if not shape.is_valid:
                shape = shapely.make_valid(shape)
            features.append(Feature(dict(geom.get("properties", {})), shape))
    return features
