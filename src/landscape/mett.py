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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd

from landscape.problems import Problem
from landscape.readers import read_toml, rel
from landscape.text import is_blank
from landscape.validate import Invalid, split_refs

THEMES: tuple[str, ...] = ("context", "planning", "inputs", "process", "outputs", "outcomes")
FOLDER = "mett"
SCORES: tuple[int, ...] = (0, 1, 2, 3)
SCORE_MAX = 3
NOT_APPLICABLE = "n/a"
FIRST_YEAR = 2002  # the METT was first published in 2002 (World Bank/WWF Alliance)
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
ASSESSMENT_FIELDS = ("park", "year", "method", "organisation", "source", "total", "question")
QUESTION_FIELDS = ("number", "theme", "topic", "score", "comment")

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


def _frame(columns: dict[str, str], rows: list[dict[str, Any]] | None = None) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})
    # Column by column, so that None stays None in object columns (never NaN).
    return pd.DataFrame(
        {c: pd.Series([row[c] for row in rows], dtype=d) for c, d in columns.items()}
    )


def empty_mett() -> Mett:
    return Mett(_frame(ASSESSMENT_COLUMNS), _frame(ANSWER_COLUMNS))


def percent(score: int, maximum: int) -> float:
    """score / maximum × 100, rounded half up to one decimal (exactly: no float surprises)."""
    if maximum <= 0:
        raise ValueError("maximum must be positive")
    exact = Fraction(100 * score, maximum)
    tenths = (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return float(tenths)


# --- reading -------------------------------------------------------------------------------


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number_text(value: Any) -> str:
    """A total as the data manager wrote it: 70 rather than 70.0."""
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass
class _Read:
    """One file as read: what could be parsed, and whether it may be shown."""

    stem: str
    shown: str
    park: str | None = None
    year: int | None = None
    ok: bool = False
    row: dict[str, Any] | None = None
    answers: list[dict[str, Any]] | None = None


def load_mett(
    data_dir: Path, parks: set[str], sources: set[str], *, this_year: int | None = None
) -> tuple[Mett, list[Problem]]:
    """Read and validate data_dir/mett/*.toml; an assessment with any error is left out.

    `parks` and `sources` are the known park and source ids. A missing folder is no problem:
    no assessment is available. Names starting with "." or "_" are ignored.
    """
    folder = data_dir / FOLDER
    if not folder.is_dir():
        return empty_mett(), []
    year_now = this_year if this_year is not None else dt.date.today().year
    problems: list[Problem] = []
    reads: list[_Read] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith((".", "_")):
            continue
        shown = rel(path, data_dir)
        if not path.is_file() or path.suffix != ".toml":
            problems.append(
                Problem(
                    shown,
                    "",
                    "warning",
                    "not read: an assessment is a file named <park>-<year>.toml "
                    "(e.g. chon-kemin-2023.toml); move this elsewhere or rename it",
                )
            )
            continue
        read, found = _read_file(path, shown, parks, sources, year_now)
        reads.append(read)
        problems += found
    problems += _drop_repeated_years(reads)
    rows = [r.row for r in reads if r.ok and r.row is not None]
    answers = [a for r in reads if r.ok and r.answers for a in r.answers]
    if not rows:
        return empty_mett(), problems
    assessments = _frame(ASSESSMENT_COLUMNS, rows)
    assessments = assessments.sort_values(["park", "year"], kind="stable").reset_index(drop=True)
    return Mett(assessments, _frame(ANSWER_COLUMNS, answers)), problems


def _drop_repeated_years(reads: list[_Read]) -> list[Problem]:
    """A park is assessed at most once a year; later files of a park-year are left out.

    The file named <park>-<year>.toml keeps its place, else the first by name.
    """
    problems: list[Problem] = []
    first: dict[tuple[str, int], _Read] = {}
    keyed = [r for r in reads if r.park is not None and r.year is not None]
    canonical_first = sorted(keyed, key=lambda r: (r.stem != f"{r.park}-{r.year}", r.stem))
    for read in canonical_first:
        key = (str(read.park), int(read.year or 0))
        kept = first.setdefault(key, read)
        if kept is read:
            continue
        read.ok = False
        problems.append(
            Problem(
                read.shown,
                "year",
                "error",
                f"park {read.park!r} is already assessed in {read.year} by {kept.shown}; "
                "a park has one assessment a year: merge the two files or correct "
                "`park`/`year`; this file is left out",
            )
        )
    return problems


def _read_file(
    path: Path, shown: str, parks: set[str], sources: set[str], year_now: int
) -> tuple[_Read, list[Problem]]:
    read = _Read(stem=path.stem, shown=shown)
    doc, unreadable = read_toml(path, shown)
    if doc is None:
        return read, unreadable

    problems: list[Problem] = []

    def error(locator: str, message: str) -> None:
        problems.append(Problem(shown, locator, "error", message))

    def warning(locator: str, message: str) -> None:
        problems.append(Problem(shown, locator, "warning", message))

    _check_fields(doc, ASSESSMENT_FIELDS, "", error, warning)

    known_parks = ", ".join(sorted(parks)) or "none"
    park = doc.get("park")
    if is_blank(park):
        error("park", f"field 'park' is required and missing; add a park id: {known_parks}")
    elif not isinstance(park, str) or park.strip() not in parks:
        error("park", f"field 'park': unknown park id {_show(park)}; use one of: {known_parks}")
    else:
        read.park = park.strip()

    year = doc.get("year")
    if year is None:
        error("year", "field 'year' is required and missing; add the year, e.g. year = 2023")
    elif isinstance(year, bool) or not isinstance(year, int):
        error(
            "year",
            f"field 'year': {_show(year)} is not a year; "
            "write the year of the assessment as a number without quotes, e.g. year = 2023",
        )
    elif not FIRST_YEAR <= year <= year_now:
        error(
            "year",
            f"field 'year': {year} is not a year from {FIRST_YEAR} (the first METT) "
            f"to {year_now}; give the year of the assessment",
        )
    else:
        read.year = year

    if read.park is not None and read.year is not None:
        expected = f"{read.park}-{read.year}"
        if path.stem != expected:
            warning(
                "",
                f"file name {path.name!r} does not match park {read.park!r} and year "
                f"{read.year}; rename the file to {expected}.toml",
            )

    method = doc.get("method")
    if is_blank(method) or not isinstance(method, str):
        if not is_blank(method):
            warning("method", f"field 'method': {_show(method)} is not text; it is ignored")
        warning(
            "method",
            "field 'method' is missing; give the METT version used, e.g. method = \"METT-4\", "
            "since totals of different versions are not strictly comparable",
        )
        method = ""

    organisation = doc.get("organisation")
    if is_blank(organisation):
        error(
            "organisation",
            "field 'organisation' is required and missing; give the assessors' "
            "organisation(s), never personal names",
        )
    elif not isinstance(organisation, str):
        error(
            "organisation",
            f"field 'organisation': {_show(organisation)} is not text; "
            'write it in quotes, e.g. organisation = "Park administration"',
        )

    source_ids: list[str] = []
    known_sources = ", ".join(sorted(sources)) or "none"
    raw_source = doc.get("source")
    try:
        source_ids = split_refs(raw_source)
    except Invalid as bad:
        error("source", f"field 'source': {_show(raw_source)} is not usable; expected {bad}")
    else:
        if not source_ids:
            error(
                "source",
                "field 'source' is required and missing; give the id in sources.toml of "
                "the document that reports the assessment (add it there first)",
            )
        for sid in source_ids:
            if sid not in sources:
                error(
                    "source",
                    f"field 'source': unknown source id {sid!r}; add it to sources.toml "
                    f"first or use one of: {known_sources}",
                )

    given = doc.get("total")
    given_total: float | None = None
    if given is not None:
        if isinstance(given, bool) or not isinstance(given, int | float):
            error(
                "total",
                f"field 'total': {_show(given)} is not a number; give the reported total "
                "as a percentage, e.g. total = 61.5, or leave the field out",
            )
        elif not 0 <= given <= 100:
            error(
                "total",
                f"field 'total': {_number_text(given)} is not a percentage from 0 to 100; "
                "if the form gives points, give sum ÷ maximum × 100, or leave the field out",
            )
        else:
            given_total = float(given)

    answers = _read_questions(doc.get("question"), error, warning)

    ok = not any(p.severity == "error" for p in problems)
    scored = [a for a in answers if a["score"] is not None]
    if answers and not scored:
        error(
            "question",
            f'every question is "{NOT_APPLICABLE}": nothing is scored, so there is no '
            "total; score the questions that apply",
        )
        ok = False
    if not ok or read.park is None or read.year is None:
        return read, problems

    score = sum(int(a["score"]) for a in scored)
    maximum = SCORE_MAX * len(scored)
    total_pct = percent(score, maximum)
    # Compared in decimals against the shown, rounded total: 0.5 passes, 0.6 does not.
    gap = (
        None if given_total is None else abs(Decimal(repr(given_total)) - Decimal(repr(total_pct)))
    )
    if gap is not None and gap > TOLERANCE:
        error(
            "total",
            f"total {_number_text(given)} differs from the recomputed {total_pct:g} "
            f"(sum {score} of {maximum} = {SCORE_MAX} × {len(scored)} scored questions); "
            "fix the scores or the total",
        )
        return read, problems

    read.ok = True
    read.row = {
        "id": path.stem,
        "park": read.park,
        "year": read.year,
        "method": str(method).strip(),
        "organisation": str(organisation).strip(),
        "source": ";".join(source_ids),
        "sources": source_ids,
        "scored": len(scored),
        "score": score,
        "maximum": maximum,
        "total_pct": total_pct,
        "given_total": given_total,
        "file": shown,
    }
    read.answers = [
        {
            "assessment": path.stem,
            "park": read.park,
            "year": read.year,
            "number": a["number"],
            "theme": a["theme"],
            "topic": a["topic"],
            "score": float("nan") if a["score"] is None else float(a["score"]),
            "comment": a["comment"],
        }
        for a in answers
    ]
    return read, problems


def _check_fields(
    raw: dict[str, Any], allowed: tuple[str, ...], locator: str, error: Report, warning: Report
) -> None:
    """Personal-name fields are errors; other unknown fields are ignored with a warning."""
    for key in raw:
        if key in allowed:
            continue
        where = locator or key
        if key.lower() in PERSONAL_FIELDS:
            error(
                where,
                f"field {key!r}: personal names are not stored; give the organisation in "
                "`organisation` and remove this field",
            )
        else:
            warning(
                where,
                f"unknown field {key!r} is ignored; known fields: {', '.join(allowed)}",
            )


def _read_questions(raw: Any, error: Report, warning: Report) -> list[dict[str, Any]]:
    """The [[question]] tables; every error is reported through `error`."""
    if raw is None or (isinstance(raw, list) and not raw):
        error(
            "question",
            "no questions; add one [[question]] table per question of the METT form",
        )
        return []
    if not isinstance(raw, list) or not all(isinstance(q, dict) for q in raw):
        error("question", "'question' must be an array of tables: [[question]]")
        return []
    out: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    themes = ", ".join(THEMES)
    for index, q in enumerate(raw):
        position = f"[[question]] #{index + 1}"
        number_raw = q.get("number")
        number: str | None = None
        if isinstance(number_raw, int) and not isinstance(number_raw, bool):
            number = str(number_raw)
        elif isinstance(number_raw, str) and number_raw.strip():
            number = number_raw.strip()
        where = f"question {number}" if number is not None else position
        if number is None:
            what = "missing" if is_blank(number_raw) else f"{_show(number_raw)}, not usable"
            error(
                where,
                f"field 'number' is {what}; give the question's number as in the form, "
                'e.g. number = "7"',
            )
        elif number.lower() in seen:
            error(
                where,
                f"question number {number!r} is used twice ({seen[number.lower()]} and "
                f"{position}); each question of the form appears once: remove or renumber one",
            )
        else:
            seen[number.lower()] = position

        _check_fields(q, QUESTION_FIELDS, where, error, warning)

        theme_raw = q.get("theme")
        theme = theme_raw.strip().lower() if isinstance(theme_raw, str) else None
        if is_blank(theme_raw):
            error(where, f"field 'theme' is required and missing; use one of: {themes}")
        elif theme not in THEMES:
            error(where, f"field 'theme': unknown theme {_show(theme_raw)}; use one of: {themes}")

        score_raw = q.get("score")
        score: int | None = None
        fix = f'use 0, 1, 2, 3 or "{NOT_APPLICABLE}"'
        if score_raw is None:
            error(where, f"field 'score' is required and missing; {fix}")
        elif isinstance(score_raw, str) and score_raw.strip().lower() == NOT_APPLICABLE:
            score = None
        elif isinstance(score_raw, int) and not isinstance(score_raw, bool) and score_raw in SCORES:
            score = score_raw
        else:
            extra = (
                " (METT's additional points are not recorded)"
                if isinstance(score_raw, int | float)
                and not isinstance(score_raw, bool)
                and score_raw > SCORE_MAX
                else ""
            )
            error(where, f"field 'score': {_show(score_raw)} is not a METT score{extra}; {fix}")

        texts: dict[str, str] = {}
        for name in ("topic", "comment"):
            value = q.get(name)
            if value is None:
                texts[name] = ""
            elif isinstance(value, str):
                texts[name] = value.strip()
            else:
                warning(where, f"field {name!r}: {_show(value)} is not text; it is left blank")
                texts[name] = ""
        out.append(
            {
                "number": number if number is not None else "",
                "theme": theme,
                "topic": texts["topic"],
                "score": score,
                "comment": texts["comment"],
            }
        )
    return out


# --- figures for the panel ----------------------------------------------------------------


def totals(mett: Mett) -> pd.DataFrame:
    """park, year, total_pct (and id, method, source to cite), sorted by park then year."""
    columns = ["park", "year", "total_pct", "id", "method", "source"]
    frame = mett.assessments[columns]
    return frame.sort_values(["park", "year"], kind="stable").reset_index(drop=True)


def theme_scores(mett: Mett, assessment: str) -> pd.DataFrame:
    """Per theme of one assessment: scored questions, score, maximum and pct (1 decimal).

    Sorted weakest first, then in THEMES order. Themes without a scored question are absent;
    an unknown assessment id gives an empty frame.
    """
    answers = mett.answers
    chosen = answers[(answers["assessment"] == assessment) & answers["score"].notna()]
    rows = []
    for theme in THEMES:
        scores = chosen.loc[chosen["theme"] == theme, "score"]
        if scores.empty:
            continue
        score = int(scores.sum())
        maximum = SCORE_MAX * len(scores)
        rows.append(
            {
                "theme": theme,
                "scored": len(scores),
                "score": score,
                "maximum": maximum,
                "pct": percent(score, maximum),
            }
        )
    frame = _frame(THEME_COLUMNS, rows)
    if frame.empty:
        return frame
    order = frame["theme"].map(THEMES.index)
    frame = frame.assign(_order=order).sort_values(["pct", "_order"], kind="stable")
    return frame.drop(columns="_order").reset_index(drop=True)


def weakest_strongest(mett: Mett, assessment: str) -> tuple[list[str], list[str]]:
    """Theme ids with the lowest and with the highest pct of one assessment (ties all listed).

    Compared on the shown, rounded pct. When there is nothing to compare (no scored theme, one
    theme, or every theme at the same pct) both lists are empty: no theme stands out.
    """
    frame = theme_scores(mett, assessment)
    if frame.empty:
        return [], []
    low, high = frame["pct"].min(), frame["pct"].max()
    if low == high:
        return [], []
    in_order = [t for t in THEMES if t in set(frame["theme"])]
    pct = dict(zip(frame["theme"], frame["pct"], strict=True))
    return [t for t in in_order if pct[t] == low], [t for t in in_order if pct[t] == high]


def latest(mett: Mett) -> dict[str, str]:
    """park id -> id of its most recent assessment."""
    out: dict[str, str] = {}
    frame = mett.assessments.sort_values(["park", "year"], kind="stable")
    for park, assessment in zip(frame["park"], frame["id"], strict=True):
        out[str(park)] = str(assessment)  # the last row of a park is its latest year
    return out
