"""METT assessments: data/mett/<park>-<year>.toml, read by landscape.mett.

Not in LAYERS: an assessment is one file per park and year, not a table of the catalog.
TOML keeps its types here: a quoted year or score is an error, not a number.
"""

from __future__ import annotations

from landscape.schema.fields import Field, Layer

METT_THEMES = ("context", "planning", "inputs", "process", "outputs", "outcomes")  # IUCN-WCPA
METT_SCORES = ("0", "1", "2", "3", "n/a")  # 0 to 3; "n/a": the question does not apply
FIRST_METT_YEAR = 2002  # the METT was first published in 2002 (World Bank/WWF Alliance)

METT_QUESTION = Layer(
    "mett questions",
    "mett/<park>-<year>.toml",
    table="question",
    doc="one [[question]] per question of the METT form",
    fields=(
        Field("number", "str", required=True, doc="the question's number as in the form"),
        Field("theme", "choice", required=True, choices=METT_THEMES),
        Field("topic", "str"),
        Field("score", "choice", required=True, choices=METT_SCORES, doc='0 to 3, or "n/a"'),
        Field("comment", "str"),
    ),
)
METT_ASSESSMENT = Layer(
    "mett",
    "mett/<park>-<year>.toml",
    doc="one METT assessment of one park in one year",
    fields=(  # park and year first: they name the file, checked before the rest
        Field("park", "ref", required=True, ref="parks"),
        Field("year", "int", required=True, low=FIRST_METT_YEAR, doc="up to this year"),
        Field("method", "str", doc='the METT version used, e.g. "METT-4"'),
        Field("organisation", "str", required=True, doc="never personal names"),
        Field("source", "refs", required=True, ref="sources", doc="the report of the assessment"),
        Field("total", "float", low=0, high=100, doc="the reported total, in %; checked"),
    ),
)
