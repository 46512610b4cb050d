"""The layers: each data file of records, its geometry types (vector layers) and fields."""

from __future__ import annotations

from landscape.schema.fields import Field, Layer

ACCURACY = ("official", "schematic", "city-level", "generalised")
IUCN_PA_CATEGORIES = ("Ia", "Ib", "II", "III", "IV", "V", "VI")
# A source is published (by default) or the project's own note: a method or a default it set,
# which has no page to link to.
SOURCE_KINDS = ("published", "project")
RED_LIST = ("LC", "NT", "VU", "EN", "CR", "EW", "EX", "DD", "not verified")
CMS_APPENDIX = ("I", "II", "I and II", "not listed")
EVENT_KINDS = ("conference", "side event", "exhibition", "meeting", "field work")
STATEMENT_KINDS = ("slogan", "text")
POLYGONS = ("Polygon", "MultiPolygon")
LINES = ("LineString", "MultiLineString")
POINTS = ("Point",)
# The map layers a tour step can show (the border and the offline basemap always show).
TOUR_LAYERS = ("parks", "places", "cameras", "detections", "patrols")
LANDSCAPE = "landscape"  # the tour focus that frames both parks


ID = Field("id", "id", required=True, doc="stable id: letters, digits, '-', '_' or '.'")
SOURCE = Field("source", "refs", required=True, ref="sources", doc="source ids, ';'-separated")
GEOMETRY_SOURCE = Field(
    "geometry_source", "refs", required=True, ref="sources", doc="source of the geometry"
)
ACCURACY_FIELD = Field("accuracy", "choice", required=True, choices=ACCURACY)
NAME = Field("name", "text", required=True)
OPTIONAL_NAME = Field("name", "text", doc="empty: drawn without a label")

LAYERS: tuple[Layer, ...] = (
    Layer(
        "sources",
        "sources.toml",
        table="source",
        doc="the sources that every other record cites",
        fields=(
            ID,
            Field(
                "title",
                "text",
                required=True,
                doc="what the source is, as a reader would look for it; translated",
            ),
            Field("publisher", "text"),
            Field("year", "int", low=0, high=2100, doc="0 when unknown: shown as a marked gap"),
            Field("url", "url", doc="http(s) only; empty when unknown: shown as a marked gap"),
            Field("licence", "str"),
            Field(
                "kind",
                "choice",
                choices=SOURCE_KINDS,
                doc="`project`: the project's own note (a method or a default it set), with no "
                "page to link to, so preflight does not ask for a link; empty: published",
            ),
        ),
    ),
    Layer(
        "parks",
        "parks",
        geometry=POLYGONS,
        doc="protected-area outlines with their facts",
        fields=(
            ID,
            NAME,
            Field("country", "str", required=True, doc="ISO 3166 alpha-3, e.g. KGZ, KAZ"),
            Field("region", "text"),
            Field("status", "text", required=True),
            Field("established", "date"),
            Field("legal_basis", "text"),
            Field("area_reported_km2", "float", low=0, high=1e6),
            Field("iucn_category", "choice", choices=IUCN_PA_CATEGORIES),
            Field("wdpa_id", "int", low=1, high=1e12),
            Field("setting", "text"),
            SOURCE,
            GEOMETRY_SOURCE,
            ACCURACY_FIELD,
        ),
    ),
    Layer(
        "border",
        "border",
        geometry=LINES,
        doc="the state border in the parks' sector",
        fields=(ID, NAME, SOURCE, ACCURACY_FIELD),
    ),
    Layer(
        "places",
        "places",
        geometry=POINTS,
        doc="places shown on the map, such as event cities",
        fields=(
            ID,
            NAME,
            Field("country", "str", doc="ISO 3166 alpha-3"),
            Field("description", "text"),
            SOURCE,
            GEOMETRY_SOURCE,
            ACCURACY_FIELD,
        ),
    ),
    Layer(
        "projects",
        "projects.toml",
        table="project",
        doc="the foundation's projects",
        fields=(
            ID,
            Field("title", "text", required=True),
            Field("full_title", "text"),
            Field("summary", "text"),
            Field("implementer", "text"),
            Field("partners", "text"),
            Field("period", "str"),
            Field("parks", "refs", ref="parks"),
            SOURCE,
        ),
    ),
    Layer(
        "events",
        "events.toml",
        table="event",
        doc="conferences, side events and exhibitions",
        fields=(
            ID,
            Field("kind", "choice", required=True, choices=EVENT_KINDS),
            Field("title", "text", required=True),
            Field("start", "date"),
            Field("end", "date"),
            Field("date_note", "text"),
            Field("place", "ref", ref="places"),
            Field("parent", "ref", ref="events"),
            Field("organisers", "text"),
            Field("ilbirs_role", "text"),
            Field("projects", "refs", ref="projects"),
            SOURCE,
        ),
    ),
    Layer(
        "species",
        "species.toml",
        table="species",
        doc="species of the landscape, their status and sensitivity",
        fields=(
            ID,
            Field("scientific_name", "str", required=True),
            NAME,
            Field("iucn", "choice", required=True, choices=RED_LIST),
            Field("iucn_note", "text", doc='e.g. "since 2017"'),
            Field("cms_appendix", "choice", required=True, choices=CMS_APPENDIX),
            Field("cms_note", "text", doc='e.g. "added at COP14"'),
            Field("sensitivity", "int", required=True, low=0, high=4),
            Field(
                "sensitivity_source",
                "refs",
                ref="sources",
                doc="who assigned the category (not who defined the scale)",
            ),
            Field("note", "text"),
            SOURCE,
        ),
    ),
    Layer(
        "figures",
        "context.toml",
        table="figure",
        doc="key figures of the COP14 context panel",
        fields=(
            ID,
            Field("value", "str", required=True),
            Field("label", "text", required=True),
            SOURCE,
        ),
    ),
    Layer(
        "statements",
        "context.toml",
        table="statement",
        doc="slogan and texts of the COP14 context panel",
        fields=(
            ID,
            Field("kind", "choice", required=True, choices=STATEMENT_KINDS),
            Field("text", "text", required=True),
            SOURCE,
        ),
    ),
    Layer(
        "tour",
        "tour.toml",
        table="step",
        doc="the presentation tour: one [[step]] per step, in showing order",
        fields=(
            ID,
            Field("title", "text", required=True),
            Field("text", "text", required=True),
            Field(
                "focus",
                "str",
                required=True,
                doc=f"what the map frames: '{LANDSCAPE}' (both parks), park or place ids; "
                "several separated by ';'",
            ),
            Field("zoom", "float", low=2, high=18, doc="map zoom; empty to fit the focus"),
            Field("layers", "choices", choices=TOUR_LAYERS, doc="the map layers shown"),
            Field("projects", "refs", ref="projects", doc="the project filter of the step"),
            SOURCE,
        ),
    ),
    Layer(
        "basemaps",
        "basemaps.toml",
        table="basemap",
        doc="basemaps in the layer control; no url and no pmtiles: the offline basemap",
        fields=(
            ID,
            NAME,
            Field("url", "url", doc="Leaflet tile URL template; empty for the offline basemap"),
            Field(
                "pmtiles",
                "str",
                doc="a vector-tile basemap: its PMTiles file in the data directory "
                "(`landscape basemap add` writes it); leave `url` out",
            ),
            Field("attribution", "str"),
            Field("max_zoom", "int", low=1, high=22),
        ),
    ),
    Layer(
        "countries",
        "basemap/countries",
        geometry=POLYGONS,
        doc="offline basemap: country outlines",
        fields=(ID, NAME, SOURCE, ACCURACY_FIELD),
    ),
    Layer(
        "lakes",
        "basemap/lakes",
        geometry=POLYGONS,
        doc="offline basemap: lakes (Natural Earth 1:10m)",
        fields=(ID, OPTIONAL_NAME, SOURCE, ACCURACY_FIELD),
    ),
    Layer(
        "rivers",
        "basemap/rivers",
        geometry=LINES,
        doc="offline basemap: rivers (World Data Bank II); optional",
        fields=(ID, OPTIONAL_NAME, SOURCE, ACCURACY_FIELD),
        optional=True,
    ),
    Layer(
        "towns",
        "basemap/towns",
        geometry=POINTS,
        doc="offline basemap: town labels",
        fields=(ID, NAME, SOURCE, ACCURACY_FIELD),
    ),
)

LAYER_BY_NAME: dict[str, Layer] = {layer.name: layer for layer in LAYERS}
