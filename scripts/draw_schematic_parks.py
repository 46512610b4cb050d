"""Draw the schematic park outlines from the real border line and the descriptions in FACTS.md.

    python scripts/draw_schematic_parks.py

No official boundary geometry is available to the project, so each park is a band that
follows the Kazakhstan–Kyrgyzstan border (geodata/border.geojson, Natural Earth) along the
main ridge of the Trans-Ili Alatau:

- Chon Kemin lies south of the ridge, in the Chon-Kemin valley; its depth is tuned so the
  outline's geodesic area is the reported 1,235.64 km² (123,564 ha) [KG].
- Ile-Alatau lies north of the ridge, on its northern slopes, about 120 km west–east; its
  depth is tuned to the reported 1,986.69 km² [WDPA].

Both take the same border vertices as their shared edge, so they meet exactly on the ridge.
Only the geometry and `area_km2` of existing features are rewritten; every other attribute in
geodata/parks.geojson is kept as the data manager wrote it.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from pyproj import Geod

DATA = Path(__file__).resolve().parents[1] / "geodata"
GEOD = Geod(ellps="WGS84")

# id: (west lon, east lon, +1 north of the ridge / -1 south, target area km²)
PARKS = {
    "chon-kemin": (76.05, 77.35, -1, 1235.64),
    "ile-alatau": (76.30, 77.75, +1, 1986.69),
}


def ridge(lon_w: float, lon_e: float) -> np.ndarray:
    """Border vertices between two longitudes, west to east, with interpolated ends."""
    border = json.loads((DATA / "border.geojson").read_text())["features"][0]["geometry"]
    xy = np.array(border["coordinates"])
    xy = xy[np.argsort(xy[:, 0])]
    inner = xy[(xy[:, 0] > lon_w) & (xy[:, 0] < lon_e)]
    ends = [[lon, float(np.interp(lon, xy[:, 0], xy[:, 1]))] for lon in (lon_w, lon_e)]
    return np.vstack([ends[0], inner, ends[1]])


def band(edge: np.ndarray, side: int, depth: float) -> shapely.Polygon:
    """A polygon between the ridge and a smooth far edge `depth` degrees away."""
    t = (edge[:, 0] - edge[0, 0]) / (edge[-1, 0] - edge[0, 0])
    profile = 0.45 + 0.55 * np.sin(np.pi * t)  # narrower at the valley ends
    far = np.column_stack([edge[:, 0], edge[:, 1] + side * depth * profile])
    far = far[:: max(1, len(far) // 12)]  # a schematic far edge needs few vertices
    return shapely.Polygon(np.vstack([edge, far[::-1], edge[:1]]))


def area_km2(poly: shapely.Polygon) -> float:
    return abs(GEOD.geometry_area_perimeter(poly)[0]) / 1e6


def fit(lon_w: float, lon_e: float, side: int, target: float) -> shapely.Polygon:
    """Bisect the band depth until the geodesic area matches the reported area."""
    edge, lo, hi = ridge(lon_w, lon_e), 0.01, 1.0
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if area_km2(band(edge, side, mid)) < target else (lo, mid)
    return shapely.set_precision(band(edge, side, (lo + hi) / 2), 1e-6)


def main() -> None:
    path = DATA / "parks.geojson"
    doc = json.loads(path.read_text())
    for feature in doc["features"]:
        pid = feature["properties"]["id"]
        if pid in PARKS:
            poly = fit(*PARKS[pid])
            feature["geometry"] = shapely.geometry.mapping(poly)
            c = poly.centroid
            print(f"{pid}: {area_km2(poly):.1f} km², centroid {c.y:.3f}N {c.x:.3f}E")
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
