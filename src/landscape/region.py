"""Where positions of this landscape may lie: a box derived from the data, never hard-coded.

The landscape is the bounding box of the park outlines in parks.geojson (of the data directory
being validated or imported into), widened by a margin. Park outlines, the border and every
imported wildlife position (camera deployments, occurrences, patrol waypoints) must lie in the
landscape; places (event venues such as Samarkand, about 900 km from the parks) in a much wider
box. Park outlines themselves cannot be checked against a box derived from them: they must lie
in CENTRAL_ASIA, a fixed box (the simplest rule: no data file declares a region).

A position outside whose latitude and longitude, swapped, would lie inside is reported as
swapped, with the fix "swap the columns". Pure functions: no reading, no writing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

# The parks span about 75.5-78 degrees E and 42.6-43.4 degrees N. 1.5 degrees (about 120 km
# east-west, 165 km north-south at this latitude) holds cameras and patrols in buffer zones,
# neighbouring valleys and the towns around the parks (Almaty, Kemin, Issyk-Kul's north shore),
# while a lost sign (-76 for 76), swapped columns (43 E, 76 N) or a projected value read as
# degrees lie thousands of kilometres away and are caught.
LANDSCAPE_MARGIN_DEG = 1.5
# Places are event venues and cities of the region: Samarkand (67 E, 39.7 N) is 8.5 degrees west
# of the parks. 15 degrees covers Central Asia and its neighbours, not other continents.
PLACES_MARGIN_DEG = 15.0
# Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan and Uzbekistan lie within 46-88 E, 35-56 N.
# Park outlines must lie here; it is also the landscape when no park can be read.
CENTRAL_ASIA = (46.0, 35.0, 88.0, 56.0)


@dataclass(frozen=True)
class Region:
    """A longitude/latitude box, how messages name it and how to accept a position outside."""

    west: float
    south: float
    east: float
    north: float
    label: str  # "the landscape (the parks' extent and 1.5 degrees)"
    allow: str = ""  # how to accept data outside on purpose, e.g. "import with --allow-outside"

    def describe(self) -> str:
        west, south, east, north = (round(v, 2) for v in self.bounds())
        return f"{self.label}: longitude {west:g} to {east:g}, latitude {south:g} to {north:g}"

    def bounds(self) -> tuple[float, float, float, float]:
        return self.west, self.south, self.east, self.north

    def holds(self, lon: Any, lat: Any) -> np.ndarray:
        """True where (lon, lat) lies in the box; False for NaN."""
        x = np.asarray(lon, dtype="float64")
        y = np.asarray(lat, dtype="float64")
        return (x >= self.west) & (x <= self.east) & (y >= self.south) & (y <= self.north)


# How to accept positions outside the landscape on purpose (a partner's data from elsewhere).
IMPORT_ALLOW = "if the data lie outside the landscape on purpose, import with --allow-outside"
STORED_ALLOW = (
    "if the dataset lies outside the landscape on purpose, set outside_landscape = true in "
    "its dataset.toml"
)


def central_asia(allow: str = "") -> Region:
    """CENTRAL_ASIA, the region of park outlines (and the landscape when no park is read)."""
    west, south, east, north = CENTRAL_ASIA
    return Region(west, south, east, north, "Central Asia, where this landscape lies", allow)


def around(bounds: Any, margin: float, label: str, allow: str = "") -> Region:
    """The box (west, south, east, north) widened by `margin` degrees, kept on the globe."""
    west, south, east, north = (float(v) for v in bounds)
    return Region(
        max(west - margin, -180.0),
        max(south - margin, -90.0),
        min(east + margin, 180.0),
        min(north + margin, 90.0),
        label,
        allow,
    )


def _parks_bounds(parks: Any) -> tuple[float, float, float, float] | None:
    if parks is None or len(parks) == 0:
        return None
    bounds = parks.total_bounds
    return None if not np.all(np.isfinite(bounds)) else tuple(float(v) for v in bounds)


def landscape(parks: Any, allow: str = "") -> Region:
    """The parks' bounding box widened by LANDSCAPE_MARGIN_DEG; Central Asia without parks."""
    bounds = _parks_bounds(parks)
    if bounds is None:
        return central_asia(allow)
    label = f"the landscape (the parks' extent and {LANDSCAPE_MARGIN_DEG:g} degrees around it)"
    return around(bounds, LANDSCAPE_MARGIN_DEG, label, allow)


def wide(parks: Any) -> Region:
    """Where places may lie: the parks' box widened by PLACES_MARGIN_DEG."""
    bounds = _parks_bounds(parks) or CENTRAL_ASIA
    label = f"the region of the landscape ({PLACES_MARGIN_DEG:g} degrees around the parks)"
    return around(bounds, PLACES_MARGIN_DEG, label)


def with_allow(region: Region, allow: str) -> Region:
    return replace(region, allow=allow)


# --- positions -------------------------------------------------------------------------------


def outside(lon: Any, lat: Any, region: Region) -> np.ndarray:
    """True where a known position (both finite) lies outside the region."""
    x = np.asarray(lon, dtype="float64")
    y = np.asarray(lat, dtype="float64")
    known = np.isfinite(x) & np.isfinite(y)
    return known & ~region.holds(x, y)


def looks_swapped(lon: float, lat: float, region: Region) -> bool:
    """Outside, but inside with latitude and longitude swapped."""
    return bool(region.holds(lat, lon)) and not bool(region.holds(lon, lat))


def fix(swapped: bool, region: Region, lon_name: str, lat_name: str) -> str:
    """The end of a message about a position outside: why, and what to do."""
    if swapped:
        text = (
            f"{lat_name} and {lon_name} look swapped (swapped, the position lies inside); "
            f"swap the {lat_name} and {lon_name} columns"
        )
    else:
        text = (
            "check the sign and the digits, and that the values are decimal degrees (WGS84) "
            "with the latitude and the longitude in their own columns"
        )
    return f"{text}{'; ' + region.allow if region.allow else ''}"


def position_message(
    lon_text: str, lat_text: str, lon: float, lat: float, region: Region, names: tuple[str, str]
) -> str:
    """`field 'LON', 'LAT': values ... lie outside REGION; FIX` for one row."""
    lon_name, lat_name = names
    return (
        f"fields '{lon_name}', '{lat_name}': values {lon_text}, {lat_text} lie outside "
        f"{region.describe()}; {fix(looks_swapped(lon, lat, region), region, lon_name, lat_name)}"
    )


def geometry_message(bounds: tuple[float, float, float, float], region: Region) -> str:
    """The message for a geometry (its bounds) that does not lie inside the region."""
    west, south, east, north = bounds
    swapped = bool(region.holds(south, west)) and bool(region.holds(north, east))
    where = (
        f"geometry (longitude {west:.4g} to {east:.4g}, latitude {south:.4g} to {north:.4g}) "
        f"does not lie inside {region.describe()}"
    )
    if swapped:
        return (
            f"{where}; latitude and longitude look swapped (swapped, it lies inside): write "
            "coordinates as [longitude, latitude], or swap the columns in your GIS"
        )
    return (
        f"{where}; check the coordinates' signs and the file's CRS, or redraw the geometry "
        "in the landscape"
    )


def geometry_inside(geom: Any, region: Region) -> bool:
    west, south, east, north = geom.bounds
    return bool(region.holds(west, south)) and bool(region.holds(east, north))
