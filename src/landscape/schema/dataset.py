"""dataset.toml: the metadata of one imported dataset (observations/<dataset-id>/), read by
wildlife/store.py. Its fields are the `Record`'s; a value of the wrong TOML type is an error
and the dataset is left out until it is corrected."""

from __future__ import annotations

from landscape.schema.fields import Field, Settings, Table

DATASET = Settings(
    "observations/<dataset-id>/dataset.toml",
    doc="what the dashboard shows about a dataset; written by the import, may be edited",
    tables=(
        Table(
            "",
            (
                Field("id", "str", required=True, doc="equals the folder name"),
                Field("kind", "str", required=True, doc="the format: camtrap-dp, dwc or smart"),
                Field("title", "str", required=True),
                Field("citation", "str"),
                Field("licence", "str"),
                Field("url", "str"),
                Field("query", "str", doc="`landscape fetch gbif` only: the search, its date"),
                Field("synthetic", "bool", doc="true only for generated data"),
                Field("imported_from", "str", doc="the input's file name, never a full path"),
                Field("sha256", "str", doc="of the input, to recognise a repeated import"),
                Field("imported", "str", doc="the import's date (ISO)"),
                Field("timezone", "str", doc="SMART only: the IANA zone of its local times"),
                Field(
                    "outside_landscape",
                    "bool",
                    doc="imported with --allow-outside: positions may lie outside the landscape",
                ),
            ),
        ),
    ),
)
