"""The catalog: every layer of a data directory, validated, in EPSG:4326, with its problems.

`load_catalog` never raises for bad data. A file that cannot be used becomes an empty layer
and a problem; every other layer loads as usual.

- `model.py`: the `Catalog` type;
- `layers.py`: one layer read, reprojected and validated (`load_layer`, `empty_layer`);
- `checks.py`: checks across layers (references, tour focus, PMTiles basemaps, regions);
- `load.py`: `load_catalog`, which puts them together with the wildlife, METT, styles and UI
  strings.
"""

from landscape.catalog.checks import (
    REGION_OF_LAYER,
    check_references,
    check_regions,
    check_tour_focus,
    check_vector_basemaps,
    focus_ids,
    layer_regions,
    outside_region,
    parks_region,
)
from landscape.catalog.layers import empty_layer, load_layer, shown_name, shown_names
from landscape.catalog.load import STORED_MAPPING, load_catalog, patrol_parks, smart_mapping
from landscape.catalog.model import Catalog

__all__ = [
    "REGION_OF_LAYER",
    "STORED_MAPPING",
    "Catalog",
    "check_references",
    "check_regions",
    "check_tour_focus",
    "check_vector_basemaps",
    "empty_layer",
    "focus_ids",
    "layer_regions",
    "load_catalog",
    "load_layer",
    "outside_region",
    "parks_region",
    "patrol_parks",
    "shown_name",
    "shown_names",
    "smart_mapping",
]
