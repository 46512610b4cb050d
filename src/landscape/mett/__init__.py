"""METT assessments: one TOML file per park and year, validated, with the figures of the panel.

    mett/<park>-<year>.toml     park, year, method, organisation, source, optional total,
                                and one [[question]] per question of the METT form

The Management Effectiveness Tracking Tool scores each question from 0 to 3. The total is the
sum of the scores as a percentage of the maximum, 3 for every scored question; questions that
do not apply ("n/a") count in neither. Each question belongs to one of the six elements of the
IUCN-WCPA framework (context, planning, inputs, process, outputs, outcomes): the "themes"
whose percentages show the weakest and the strongest parts of the management.

Loading never raises for bad data: an assessment with any error is left out with its problems
and the others load. Nothing here is streamlit; the panel draws what these functions return.
No assessment data ships with the dashboard: never add made-up scores to a data folder.

    model.py      constants, the tables' columns, `Mett`, `percent`
    read.py       `load_mett`: the files, one assessment a park-year, the recomputed total
    check.py      the checks of one field by its declaration in schema.py, and their wording
    questions.py  the [[question]] tables
    figures.py    totals, theme scores, weakest and strongest themes, latest assessments
"""

from __future__ import annotations

from landscape.mett.figures import latest, theme_scores, totals, weakest_strongest
from landscape.mett.model import (
    ANSWER_COLUMNS,
    ASSESSMENT_COLUMNS,
    ASSESSMENT_FIELDS,
    FIRST_YEAR,
    FOLDER,
    NOT_APPLICABLE,
    PERSONAL_FIELDS,
    QUESTION_FIELDS,
    SCORE_MAX,
    SCORES,
    THEME_COLUMNS,
    THEMES,
    TOLERANCE,
    Mett,
    Report,
    empty_mett,
    percent,
)
from landscape.mett.read import load_mett

__all__ = [
    "ANSWER_COLUMNS",
    "ASSESSMENT_COLUMNS",
    "ASSESSMENT_FIELDS",
    "FIRST_YEAR",
    "FOLDER",
    "NOT_APPLICABLE",
    "PERSONAL_FIELDS",
    "QUESTION_FIELDS",
    "SCORES",
    "SCORE_MAX",
    "THEMES",
    "THEME_COLUMNS",
    "TOLERANCE",
    "Mett",
    "Report",
    "empty_mett",
    "latest",
    "load_mett",
    "percent",
    "theme_scores",
    "totals",
    "weakest_strongest",
]
