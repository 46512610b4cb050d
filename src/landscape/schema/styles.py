"""styles.toml: every table and key the code reads, with its kind. The values, and so the
defaults of a data directory's file, are the bundled geodata/styles.toml's (mapview/palette.py
reads them): no colour is written here."""

from __future__ import annotations

from landscape.schema.fields import Field, Settings, Table

SIZE_LIMIT = 99  # a weight, a radius or an opacity: a number from 0 to this


def colours(*names: str) -> tuple[Field, ...]:
    """Colour fields: "#rgb", "#rrggbb", "#rrggbbaa" or a CSS colour name."""
    return tuple(Field(name, "color") for name in names)


def sizes(*names: str) -> tuple[Field, ...]:
    """Number fields from 0 to SIZE_LIMIT: line weights in pixels, radii, opacities."""
    return tuple(Field(name, "float", low=0, high=SIZE_LIMIT) for name in names)


STYLES = Settings(
    "styles.toml",
    doc="every colour and line size of the map, the export, the handouts and the page",
    tables=(
        Table(
            "park.country.*",
            colours("color", "fill"),
            doc="the parks of one country (ISO 3166 alpha-3, e.g. `[park.country.KGZ]`): "
            "edge and fill",
        ),
        Table("park.default", colours("color", "fill"), doc="parks of any other country"),
        Table(
            "park.edge",
            (
                *colours("casing"),
                *sizes("weight", "casing_weight", "highlight_weight"),
                Field("fill_opacity", "float", low=0, high=1),
            ),
            doc="the park edges drawn above the data layers, on a white casing; "
            "`highlight_weight`: the park a tour step is about; `fill_opacity` from 0 to 1",
        ),
        Table(
            "border",
            (*colours("color"), *sizes("weight"), Field("dash", "str", doc="dash pattern")),
            doc="the state border",
        ),
        Table("ridge", (*colours("color"), *sizes("weight")), doc="the ridge the parks share"),
        Table("place", (*colours("color", "fill"), *sizes("radius")), doc="places"),
        Table(
            "wildlife",
            (
                Field("ramp", "colors", doc="the grid's classes from few to many records"),
                *colours("no_value", "cell_line", "camera_fill", "camera_line", "patrol"),
                *colours("cluster_fill", "cluster_line"),
            ),
            doc="wildlife layers: the grid, cameras, patrol coverage, clusters",
        ),
        Table(
            "basemap",
            colours("water", "land", "land_focus", "country_line", "lake", "river", "town"),
            doc="the offline basemap",
        ),
        Table(
            "control",
            (
                *colours("focus", "background", "muted", "label", "button_line"),
                *colours("button_hover", "notice", "gap", "synthetic", "panel", "shadow"),
            ),
            doc="the map's panels and buttons; `focus`: the keyboard focus ring everywhere",
        ),
        Table("handout", colours("ink", "muted", "rule"), doc="the printed handout's inks"),
        Table("chart", (Field("species", "colors"),), doc="species in the wildlife charts"),
        Table("label", colours("town", "country", "lake", "halo", "park"), doc="names on the map"),
        Table(
            "page",
            colours("caption", "skip_background", "skip_shadow", "button_line", "done"),
            doc="the dashboard page: captions, the skip link to the map's text version, the "
            "copy-link button's edge and its confirmation",
        ),
        Table(
            "tour",
            colours(
                "second", "second_rule", "meta", "badge_background", "badge_text", "badge_line"
            ),
            doc="presentation mode's tour bar: the second language and its rule, the step's "
            "sources, the badge (e.g. synthetic data)",
        ),
    ),
)
