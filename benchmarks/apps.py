"""The two reference apps every figure is compared with, measured in the same run.

FLOOR: the least a Streamlit page with a map can do: one st_folium map with one polygon, its
assets served locally like ours. No dashboard can paint its map faster on this machine.

NAIVE: the dashboard's default view built the obvious way, as a first version would be:
every file read on every run (no cache), one folium Marker with a popup per observation, the
park, border and country outlines as GeoJson straight from the files (no simplification, no
rounding). It shows what our caching, aggregation and simplification buy.
"""

from __future__ import annotations

FLOOR = """
import folium
import streamlit as st
from streamlit_folium import st_folium

from landscape.mapview import assets

st.set_page_config(layout="wide")
fmap = folium.Map(location=(42.95, 76.9), zoom_start=9, tiles=None)
fmap.default_js, fmap.default_css = assets.links()
ring = [(42.8, 76.4), (43.1, 76.4), (43.1, 77.3), (42.8, 77.3)]
folium.Polygon(ring, color="#2e7d32", fill=True).add_to(fmap)
st_folium(fmap, key="floor", height=640, use_container_width=True, returned_objects=[])
"""

NAIVE = """
import html
import os
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from landscape.mapview import assets

st.set_page_config(layout="wide")
data = Path(os.environ["LANDSCAPE_DATA"])
parks = gpd.read_file(data / "parks.geojson")
fmap = folium.Map(location=(42.95, 76.9), zoom_start=9, tiles=None)
fmap.default_js, fmap.default_css = assets.links()
countries = gpd.read_file(data / "basemap" / "countries.geojson")
folium.GeoJson(countries.geometry.to_json()).add_to(fmap)
tip = folium.GeoJsonTooltip(["id"])
folium.GeoJson(parks[["id", "geometry"]].to_json(), tooltip=tip).add_to(fmap)
folium.GeoJson(gpd.read_file(data / "border.geojson").geometry.to_json()).add_to(fmap)
for folder in sorted((data / "observations").glob("*/")):
    if not (folder / "observations.csv").exists():
        continue
    deployments = pd.read_csv(folder / "deployments.csv")
    observations = pd.read_csv(folder / "observations.csv")
    rows = observations.merge(deployments, on="deploymentID")
    for row in rows.itertuples():
        text = f"{html.escape(str(row.scientificName))}<br>{row.eventStart}<br>{row.count}"
        folium.Marker((row.latitude, row.longitude), popup=folium.Popup(text)).add_to(fmap)
st.title("Landscape (naive)")
st_folium(fmap, key="naive", height=640, use_container_width=True, returned_objects=[])
"""
