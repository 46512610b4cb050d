"""The schema of every data file under geodata/, declared once.

Each layer names its file, its geometry types (vector layers) and its fields; each settings
file (styles.toml, a dataset's dataset.toml) its tables and their keys. The validator, the
loader, the data test and geodata/README.md all follow these tables; adding a field means
adding a row here.

- `fields.py`: the types (`Field`, `Layer`, `Table`, `Settings`);
- `layers.py`: `LAYERS`, the data files of records;
- `mett.py`: a METT assessment's fields and questions;
- `styles.py`: `STYLES`, styles.toml;
- `dataset.py`: `DATASET`, a dataset's dataset.toml.
"""

from landscape.schema.dataset import DATASET
from landscape.schema.fields import Field, Kind, Layer, Settings, Table
from landscape.schema.layers import (
    ACCURACY,
    ACCURACY_FIELD,
    CMS_APPENDIX,
    EVENT_KINDS,
    GEOMETRY_SOURCE,
    ID,
    IUCN_PA_CATEGORIES,
    LANDSCAPE,
    LAYER_BY_NAME,
    LAYERS,
    LINES,
    NAME,
    OPTIONAL_NAME,
    POINTS,
    POLYGONS,
    RED_LIST,
    SOURCE,
    SOURCE_KINDS,
    STATEMENT_KINDS,
    TOUR_LAYERS,
)
from landscape.schema.mett import (
    FIRST_METT_YEAR,
    METT_ASSESSMENT,
    METT_QUESTION,
    METT_SCORES,
    METT_THEMES,
)
from landscape.schema.styles import STYLES

__all__ = [
    "ACCURACY",
    "ACCURACY_FIELD",
    "CMS_APPENDIX",
    "DATASET",
    "EVENT_KINDS",
    "FIRST_METT_YEAR",
    "GEOMETRY_SOURCE",
    "ID",
    "IUCN_PA_CATEGORIES",
    "LANDSCAPE",
    "LAYERS",
    "LAYER_BY_NAME",
    "LINES",
    "METT_ASSESSMENT",
    "METT_QUESTION",
    "METT_SCORES",
    "METT_THEMES",
    "NAME",
    "OPTIONAL_NAME",
    "POINTS",
    "POLYGONS",
    "RED_LIST",
    "SOURCE",
    "SOURCE_KINDS",
    "STATEMENT_KINDS",
    "STYLES",
    "TOUR_LAYERS",
    "Field",
    "Kind",
    "Layer",
    "Settings",
    "Table",
]
