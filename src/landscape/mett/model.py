"""The METT's constants, the tables `load_mett` fills and the percentage they all use."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import pandas as pd

from landscape.schema import FIRST_METT_YEAR, METT_ASSESSMENT, METT_QUESTION, METT_THEMES

THEMES: tuple[str, ...] = METT_THEMES
FOLDER = "mett"
SCORES: tuple[int, ...] = (0, 1, 2, 3)
SCORE_MAX = 3
NOT_APPLICABLE = "n/a"
FIRST_YEAR = FIRST_METT_YEAR
TOLERANCE = Decimal("0.5")  # percentage points between a reported and the recomputed total

# Fields that would hold people's names. Personal names are never stored: give `organisation`.
PERSONAL_FIELDS = frozenset(
    {
        "assessor",
        "assessors",
        "assessed_by",
        "author",
        "authors",
        "contact",
        "contacts",
        "interviewee",
        "interviewees",
        "names",
        "participant",
        "participants",
        "people",
        "person",
        "persons",
        "respondent",
        "respondents",
    }
)
# The known fields, as schema.py declares them: park, year, method, organisation, source,
# total and the [[question]] tables; number, theme, topic, score, comment in each question.
ASSESSMENT_FIELDS = (*(f.name for f in METT_ASSESSMENT.fields), METT_QUESTION.table)
QUESTION_FIELDS = tuple(f.name for f in METT_QUESTION.fields)

ASSESSMENT_COLUMNS: dict[str, str] = {
    "id": "object",
    "park": "object",
    "year": "int64",
    "method": "object",
    "organisation": "object",
    "source": "object",  # the source id; several are joined by ";" as in the file
    "sources": "object",  # the same as a list of ids, as in the catalog's refs fields
    "scored": "int64",
    "score": "int64",
    "maximum": "int64",
    "total_pct": "float64",
    "given_total": "object",  # float, or None when the file gives no total
    "file": "object",
}
ANSWER_COLUMNS: dict[str, str] = {
    "assessment": "object",
    "park": "object",
    "year": "int64",
    "number": "object",
    "theme": "object",
    "topic": "object",
    "score": "float64",  # NaN for "n/a"
    "comment": "object",
}
THEME_COLUMNS: dict[str, str] = {
    "theme": "object",
    "scored": "int64",
    "score": "int64",
    "maximum": "int64",
    "pct": "float64",
}


Report = Callable[[str, str], None]  # (locator, message): adds one problem of a file


@dataclass(frozen=True)
class Mett:
    """All valid METT assessments of a data directory.

    assessments: one row per assessment (columns ASSESSMENT_COLUMNS), sorted by park and year.
    answers: one row per question (columns ANSWER_COLUMNS), in the files' order.
    """

    assessments: pd.DataFrame
    answers: pd.DataFrame


def frame(columns: dict[str, str], rows: list[dict[str, Any]] | None = None) -> pd.DataFrame:
    """A table with exactly these columns and dtypes; empty without rows."""
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})
    # Column by column, so that None stays None in object columns (never NaN).
    return pd.DataFrame(
        {c: pd.Series([row[c] for row in rows], dtype=d) for c, d in columns.items()}
    )


def empty_mett() -> Mett:
    return Mett(frame(ASSESSMENT_COLUMNS), frame(ANSWER_COLUMNS))


def percent(score: int, maximum: int) -> float:
    """score / maximum × 100, rounded half up to one decimal (exactly: no float surprises)."""
    if maximum <= 0:
        raise ValueError("maximum must be positive")
    exact = Fraction(100 * score, maximum)
    tenths = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return float(tenths)
