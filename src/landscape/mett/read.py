"""Reading data/mett/*.toml: each file checked on its own, then one assessment a park-year.

An assessment with any error is left out with its problems and the others load; loading
never raises for bad data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from landscape.mett.check import Check, number_text
from landscape.mett.model import (
    ANSWER_COLUMNS,
    ASSESSMENT_COLUMNS,
    ASSESSMENT_FIELDS,
    FOLDER,
    NOT_APPLICABLE,
    SCORE_MAX,
    TOLERANCE,
    Mett,
    empty_mett,
    frame,
    percent,
)
from landscape.mett.questions import read_questions
from landscape.problems import Problem
from landscape.readers import read_toml, rel
from landscape.schema import METT_ASSESSMENT


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
        read, found = _read_file(path, shown, {"parks": parks, "sources": sources}, year_now)
        reads.append(read)
        problems += found
    problems += _drop_repeated_years(reads)
    rows = [r.row for r in reads if r.ok and r.row is not None]
    answers = [a for r in reads if r.ok and r.answers for a in r.answers]
    if not rows:
        return empty_mett(), problems
    assessments = frame(ASSESSMENT_COLUMNS, rows)
    assessments = assessments.sort_values(["park", "year"], kind="stable").reset_index(drop=True)
    return Mett(assessments, frame(ANSWER_COLUMNS, answers)), problems


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
    path: Path, shown: str, known: dict[str, set[str]], year_now: int
) -> tuple[_Read, list[Problem]]:
    """One assessment file: its fields as schema.METT_ASSESSMENT declares them, its questions,
    and its total recomputed; `known` holds the park and source ids a ref may take."""
    read = _Read(stem=path.stem, shown=shown)
    doc, unreadable = read_toml(path, shown)
    if doc is None:
        return read, unreadable
    check = Check(shown)
    check.unknown_fields(doc, ASSESSMENT_FIELDS, "")
    values: dict[str, Any] = {}
    for field in METT_ASSESSMENT.fields:
        high = year_now if field.name == "year" else None
        values[field.name] = check.field(
            field, doc.get(field.name), "", known.get(field.ref, ()), high
        )
        if field.name == "year":  # park and year known: does the file's name say the same?
            read.park, read.year = values["park"], values["year"]
            _check_name(path, read, check)
    answers = read_questions(doc.get("question"), check)
    scored = [a for a in answers if a["score"] is not None]
    if answers and not scored:
        check.error(
            "question",
            f'every question is "{NOT_APPLICABLE}": nothing is scored, so there is no '
            "total; score the questions that apply",
        )
    if check.has_errors() or read.park is None or read.year is None:
        return read, check.problems
    if _total_matches(values["total"], scored, check):
        read.ok = True
        read.row = _row(path, shown, read, values, scored)
        read.answers = _answers(path.stem, read, answers)
    return read, check.problems


def _check_name(path: Path, read: _Read, check: Check) -> None:
    """A warning when the file's name is not <park>-<year>.toml of what it says inside."""
    if read.park is not None and read.year is not None:
        expected = f"{read.park}-{read.year}"
        if path.stem != expected:
            check.warning(
                "",
                f"file name {path.name!r} does not match park {read.park!r} and year "
                f"{read.year}; rename the file to {expected}.toml",
            )


def _total_matches(given: float | None, scored: list[dict[str, Any]], check: Check) -> bool:
    """A reported total is within TOLERANCE of the recomputed one; else an error."""
    if given is None:
        return True
    score, maximum = sum(int(a["score"]) for a in scored), SCORE_MAX * len(scored)
    total_pct = percent(score, maximum)
    # Compared in decimals against the shown, rounded total: 0.5 passes, 0.6 does not.
    if abs(Decimal(repr(given)) - Decimal(repr(total_pct))) <= TOLERANCE:
        return True
    check.error(
        "total",
        f"total {number_text(given)} differs from the recomputed {total_pct:g} "
        f"(sum {score} of {maximum} = {SCORE_MAX} × {len(scored)} scored questions); "
        "fix the scores or the total",
    )
    return False


def _row(
    path: Path, shown: str, read: _Read, values: dict[str, Any], scored: list[dict[str, Any]]
) -> dict[str, Any]:
    """The assessment's row of the assessments table (ASSESSMENT_COLUMNS)."""
    score = sum(int(a["score"]) for a in scored)
    maximum = SCORE_MAX * len(scored)
    return {
        "id": path.stem,
        "park": read.park,
        "year": read.year,
        "method": str(values["method"]).strip(),
        "organisation": str(values["organisation"]).strip(),
        "source": ";".join(values["source"]),
        "sources": values["source"],
        "scored": len(scored),
        "score": score,
        "maximum": maximum,
        "total_pct": percent(score, maximum),
        "given_total": values["total"],
        "file": shown,
    }


def _answers(stem: str, read: _Read, answers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The assessment's rows of the answers table (ANSWER_COLUMNS); "n/a" scores as NaN."""
    return [
        {
            "assessment": stem,
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
