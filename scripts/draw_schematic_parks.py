"""Draw the schematic park outlines from the real border line and the descriptions in FACTS.md.

    python scripts/draw_schematic_parks.py

No official boundary geometry is available to the project, so each park is a band that
follows the Kazakhstan–Kyrgyzstan border (geodata/border.geojson, Natural Earth) along the
main ridge of the Trans-Ili Alatau:

- Chon Kemin lies south of the ridge, in the Chon-Kemin valley; its depth is tuned so the
  outline's geodesic area is the reported 1,235.64 km² (123,564 ha) [KG].
- Ile-Alatau lies north of the ridge, on its northern slopes, about 120 km west–east; its
  depth is tuned to the reported 1,986.69 km² [WDPA].

East of the Chilik–Kemin saddle (about 77.13°E, where the border line drops south from the
main ridge) the border follows the Kungey Ala-Too, south of the Chilik valley; the park does
not reach down there. From that point east, Ile-Alatau's southern edge follows TRANS_ILI_CREST
instead: a schematic line along the main ridge of the Trans-Ili Alatau, north of the Chilik
valley. It is drawn by hand, not surveyed, like the rest of these outlines.

West of the saddle both parks take the same border vertices as their shared edge, so they meet
exactly on the ridge there.
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
# Where the border leaves the Trans-Ili Alatau's main ridge for the Chilik–Kemin saddle and the
# Kungey Ala-Too; parks north of the ridge stop following the border here.
SADDLE_LON = 77.13
# The main ridge of the Trans-Ili Alatau east of the saddle, north of the Chilik valley
# (schematic: lon, lat from the saddle east; the first point lies on the border).
TRANS_ILI_CREST = ((77.25, 43.04), (77.35, 43.08), (77.55, 43.10), (77.75, 43.10))


def ridge(lon_w: float, lon_e: float) -> np.ndarray:
    """Border vertices between two longitudes, west to east, with interpolated ends."""
    border = json.loads((DATA / "border.geojson").read_text())["features"][0]["geometry"]
    xy = np.array(border["coordinates"])
    xy = xy[np.argsort(xy[:, 0])]
    inner = xy[(xy[:, 0] > lon_w) & (xy[:, 0] < lon_e)]
    ends = [[lon, float(np.interp(lon, xy[:, 0], xy[:, 1]))] for lon in (lon_w, lon_e)]
    return np.vstack([ends[0], inner, ends[1]])


def northern_edge(lon_w: float, lon_e: float) -> np.ndarray:
    """The southern edge of a park north of the ridge: the border up to the saddle, then the
    Trans-Ili crest, never the border along the Kungey Ala-Too."""
    if lon_e <= SADDLE_LON:
        return ridge(lon_w, lon_e)
    west = ridge(lon_w, SADDLE_LON)
    xs = np.array([SADDLE_LON, *(p[0] for p in TRANS_ILI_CREST)])
    ys = np.array([west[-1, 1], *(p[1] for p in TRANS_ILI_CREST)])
    # as dense as the border's vertices, so that the far edge (every n-th vertex) stays even
    step = (west[-1, 0] - west[0, 0]) / max(len(west) - 1, 1)
    lons = np.arange(SADDLE_LON + step, lon_e, step)
    crest = np.column_stack([lons, np.interp(lons, xs, ys)])
    return np.vstack([west, crest, [[lon_e, float(np.interp(lon_e, xs, ys))]]])


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
    edge = northern_edge(lon_w, lon_e) if side > 0 else ridge(lon_w, lon_e)
    lo, hi = 0.01, 1.0
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
