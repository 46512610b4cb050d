"""A tiny PMTiles basemap that the tests build themselves: Mapbox Vector Tiles (encoded here,
after the MVT 2.1 specification) of the landscape with the Protomaps basemap layers `earth`
and `water` (Lake Issyk-Kul's shore from the bundled lakes), written by the `pmtiles`
package's own writer, so every test reads a real PMTiles v3 archive.
"""

from __future__ import annotations

import gzip
import itertools
import math
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
import shapely
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write

EXTENT = 4096
BOX = (75.5, 42.0, 78.5, 43.6)  # west, south, east, north: the parks and Issyk-Kul's north
ATTRIBUTION = '<a href="https://openstreetmap.org/copyright">© OpenStreetMap</a> test extract'


# --- protobuf, the little MVT needs -------------------------------------------------------
def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def _field(number: int, wire: int, payload: bytes) -> bytes:
    key = _varint((number << 3) | wire)
    if wire == 2:
        return key + _varint(len(payload)) + payload
    return key + payload


def _zigzag(n: int) -> int:
    return (n << 1) ^ (n >> 31)


def _command(op: int, count: int) -> int:
    return (op & 0x7) | (count << 3)


def _ring(points: list[tuple[int, int]], cursor: list[int]) -> list[int]:
    """MoveTo, LineTo..., ClosePath for one ring (its last point equals its first)."""
    out: list[int] = []
    pts = points[:-1]
    for index, (x, y) in enumerate(pts):
        if index == 0:
            out.append(_command(1, 1))
        elif index == 1:
            out.append(_command(2, len(pts) - 1))
        out += [_zigzag(x - cursor[0]), _zigzag(y - cursor[1])]
        cursor[0], cursor[1] = x, y
    out.append(_command(7, 1))
    return out


def _signed_area(points: list[tuple[int, int]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(points))


def _polygon_commands(polygon: shapely.Polygon, cursor: list[int]) -> list[int]:
    """Exterior ring with positive area in tile coordinates (y down), holes negative."""
    out: list[int] = []
    for index, ring in enumerate([polygon.exterior, *polygon.interiors]):
        points = [(round(x), round(y)) for x, y in ring.coords]
        positive = _signed_area(points) > 0
        if positive != (index == 0):
            points.reverse()
        out += _ring(points, cursor)
    return out


def _feature(polygons: Iterable[shapely.Polygon], tags: list[int]) -> bytes:
    cursor = [0, 0]
    geometry: list[int] = []
    for polygon in polygons:
        geometry += _polygon_commands(polygon, cursor)
    packed_tags = b"".join(_varint(v) for v in tags)
    packed_geometry = b"".join(_varint(v) for v in geometry)
    return _field(2, 2, packed_tags) + _field(3, 0, _varint(3)) + _field(4, 2, packed_geometry)


def _layer(name: str, polygons: list[shapely.Polygon], kind: str) -> bytes:
    body = _field(15, 0, _varint(2)) + _field(1, 2, name.encode())
    body += _field(2, 2, _feature(polygons, [0, 0]))
    body += _field(3, 2, b"kind") + _field(4, 2, _field(1, 2, kind.encode()))
    body += _field(5, 0, _varint(EXTENT))
    return _field(3, 2, body)


# --- tiles --------------------------------------------------------------------------------
def _tile_xy(lon: float, lat: float, z: int) -> tuple[float, float]:
    n = 2**z
    x = (lon + 180.0) / 360.0 * n
    y = (1.0 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2.0 * n
    return x, y


def _tiles(z: int) -> Iterator[tuple[int, int]]:
    x0, y0 = _tile_xy(BOX[0], BOX[3], z)
    x1, y1 = _tile_xy(BOX[2], BOX[1], z)
    for x in range(int(x0), int(x1) + 1):
        for y in range(int(y0), int(y1) + 1):
            yield x, y


def _to_tile(geom: shapely.Geometry, z: int, x: int, y: int) -> list[shapely.Polygon]:
    def project(coords):
        out = []
        for lon, lat in coords:
            tx, ty = _tile_xy(lon, lat, z)
            out.append(((tx - x) * EXTENT, (ty - y) * EXTENT))
        return out

    local = shapely.transform(geom, lambda c: np.array(project(c)))
    clipped = local.intersection(shapely.box(-64, -64, EXTENT + 64, EXTENT + 64))
    parts = getattr(clipped, "geoms", [clipped])
    return [p for p in parts if isinstance(p, shapely.Polygon) and not p.is_empty]


def tile(z: int, x: int, y: int, lake: shapely.Geometry) -> bytes:
    earth = [shapely.box(0, 0, EXTENT, EXTENT)]
    data = _layer("earth", earth, "earth")
    water = _to_tile(lake, z, x, y)
    if water:
        data += _layer("water", water, "lake")
    return gzip.compress(data)


def build(path: Path, lake: shapely.Geometry, max_zoom: int = 8, **header: int) -> Path:
    """Write the tiny basemap to `path`; `header` overrides header fields (tests of bad files)."""
    tiles = []
    for z in range(0, max_zoom + 1):
        for x, y in _tiles(z):
            tiles.append((zxy_to_tileid(z, x, y), tile(z, x, y, lake)))
    with write(str(path)) as writer:
        for tile_id, data in sorted(tiles):
            writer.write_tile(tile_id, data)
        writer.finalize(
            {
                "tile_type": TileType.MVT,
                "tile_compression": Compression.GZIP,
                "min_zoom": 0,
                "max_zoom": max_zoom,
                "min_lon_e7": int(BOX[0] * 1e7),
                "min_lat_e7": int(BOX[1] * 1e7),
                "max_lon_e7": int(BOX[2] * 1e7),
                "max_lat_e7": int(BOX[3] * 1e7),
                "center_zoom": 8,
                "center_lon_e7": int(76.9 * 1e7),
                "center_lat_e7": int(42.8 * 1e7),
                **header,
            },
            {
                "name": "Landscape test extract",
                "attribution": ATTRIBUTION,
                "vector_layers": [{"id": "earth", "fields": {}}, {"id": "water", "fields": {}}],
            },
        )
    return path
