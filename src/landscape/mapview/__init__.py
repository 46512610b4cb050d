"""Building the folium map from a catalog: pure functions, no Streamlit."""
