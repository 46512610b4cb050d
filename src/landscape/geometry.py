"""Geometry computations: true areas, the shared ridge, display simplification, bounds."""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import shapely
from pyproj import Geod

_GEOD = Geod(ellps="WGS84")
# Outlines closer than this count as meeting: schematic outlines share vertices exactly, an
# official file may stop a few hundred metres short of the ridge line.
RIDGE_TOLERANCE_M = 1500.0
# About 10 m at this latitude: invisible on screen, a fraction of the vertices.
DISPLAY_TOLERANCE_DEG = 1e-4
DISPLAY_DECIMALS = 5
# A map of places alone (no park) spans at least this much, lat × lon degrees: a city with its
# country around it, not a dot on an empty field.
PLACE_SPAN_DEG = (3.0, 4.5)


def area_km2(geom: Any) -> float:
    """Geodesic area on the WGS84 ellipsoid of a lon/lat (multi)polygon, in km²."""
    if geom is None or geom.is_empty:
        return 0.0
    return abs(_GEOD.geometry_area_perimeter(geom)[0]) / 1e6


def shared_ridge(border: gpd.GeoDataFrame, parks: gpd.GeoDataFrame) -> Any:
    """The part of the border that lies where two parks of different countries meet.

    Each park is buffered by RIDGE_TOLERANCE_M in a metric CRS; the border line inside the
    overlap of a Kazakh and a Kyrgyz buffer is the transboundary ridge. Empty when none.
    """
    if border.empty or len(parks) < 2:
        return shapely.LineString()
    metric = parks.estimate_utm_crs()
    zones = parks.to_crs(metric)
    buffers = zones.geometry.buffer(RIDGE_TOLERANCE_M)
    overlaps = []
    for i in range(len(zones)):
        for j in range(i + 1, len(zones)):
            if zones["country"].iloc[i] != zones["country"].iloc[j]:
                overlaps.append(buffers.iloc[i].intersection(buffers.iloc[j]))
    if not overlaps:
        return shapely.LineString()
    # Back to lon/lat before cutting, so the ridge keeps the border's own vertices.
    zone = gpd.GeoSeries([shapely.union_all(overlaps)], crs=metric).to_crs("EPSG:4326").iloc[0]
    ridge = shapely.union_all(border.geometry.values).intersection(zone)
    return shapely.line_merge(ridge) if ridge.geom_type == "MultiLineString" else ridge


def for_display(geom: Any, tolerance: float = DISPLAY_TOLERANCE_DEG) -> Any:
    """Simplified, rounded geometry for the browser: fewer vertices, shorter numbers."""
    simple = shapely.simplify(geom, tolerance, preserve_topology=True)
    return shapely.set_precision(simple, 10**-DISPLAY_DECIMALS)


def bounds_of(*frames: gpd.GeoDataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    """[[south, west], [north, east]] around every non-empty frame, for Leaflet's fitBounds."""
    boxes = [f.total_bounds for f in frames if not f.empty]
    if not boxes:
        return ((39.0, 66.0), (44.0, 79.0))  # Samarkand to Almaty: somewhere sensible
    minx = min(b[0] for b in boxes)
    miny = min(b[1] for b in boxes)
    maxx = max(b[2] for b in boxes)
    maxy = max(b[3] for b in boxes)
    return ((float(miny), float(minx)), (float(maxy), float(maxx)))


Bounds = tuple[tuple[float, float], tuple[float, float]]


def landscape_bounds(parks: gpd.GeoDataFrame, border: gpd.GeoDataFrame) -> Bounds:
    """Where the landscape is: both parks (the border where there are none)."""
    return bounds_of(parks) if not parks.empty else bounds_of(border)


def frame_bounds(areas: list[gpd.GeoDataFrame], points: gpd.GeoDataFrame) -> Bounds | None:
    """[[south, west], [north, east]] around the areas (parks, border) and points (places)
    that a map shows; places alone get at least PLACE_SPAN_DEG around them. None when there is
    nothing to frame."""
    shown = [f for f in [*areas, points] if not f.empty]
    if not shown:
        return None
    (south, west), (north, east) = bounds_of(*shown)
    if all(f.empty for f in areas):
        lat_span, lon_span = PLACE_SPAN_DEG
        grow_lat = max(lat_span - (north - south), 0) / 2
        grow_lon = max(lon_span - (east - west), 0) / 2
        south, north = south - grow_lat, north + grow_lat
        west, east = west - grow_lon, east + grow_lon
    return ((round(south, 5), round(west, 5)), (round(north, 5), round(east, 5)))
