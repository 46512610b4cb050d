"""METT assessments: the file format, its validation and the figures of the panel.

The assessments used here are TEST FIXTURES with made-up scores (tests/fixtures/mett/ and the
files written below); no real assessment is available to the project, and geodata/ has none.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from landscape.catalog import load_catalog
from landscape.mett import (
    ANSWER_COLUMNS,
    ASSESSMENT_COLUMNS,
    FOLDER,
    THEMES,
    Mett,
    empty_mett,
    latest,
    load_mett,
    percent,
    theme_scores,
    totals,
    weakest_strongest,
)
from landscape.paths import BUNDLED_DATA
from landscape.problems import Problem, errors, warnings

FIXTURES = Path(__file__).parents[1] / "fixtures" / "mett"
PARKS = {"chon-kemin", "ile-alatau"}
SOURCES = {"test-fixture", "other-source"}
THIS_YEAR = 2026
FIXTURE_MARK = "TEST FIXTURE — not a real assessment"
DROP = object()  # a field to leave out of a written file


def _load(data_dir: Path) -> tuple[Mett, list[Problem]]:
    return load_mett(data_dir, PARKS, SOURCES, this_year=THIS_YEAR)


def _with_fixtures(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES, data / FOLDER)
    return data


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string


BASE_QUESTIONS = [
    {"number": "1", "theme": "context", "topic": "TEST FIXTURE topic", "score": 3},
    {"number": "2", "theme": "planning", "topic": "TEST FIXTURE topic", "score": 2},
    {"number": "3", "theme": "inputs", "topic": "TEST FIXTURE topic", "score": 1},
]


def _text(top: dict[str, Any] | None = None, questions: list[dict[str, Any]] | None = None) -> str:
    """An assessment file: a valid TEST FIXTURE (6 of 9 = 66.7 %) with `top` fields changed."""
    fields: dict[str, Any] = {
        "park": "chon-kemin",
        "year": 2023,
        "method": "TEST FIXTURE",
        "organisation": FIXTURE_MARK,
        "source": "test-fixture",
    }
    fields.update(top or {})
    lines = ["# TEST FIXTURE — not a real assessment"]
    lines += [f"{k} = {_value(v)}" for k, v in fields.items() if v is not DROP]
    for q in BASE_QUESTIONS if questions is None else questions:
        lines += ["", "[[question]]"]
        lines += [f"{k} = {_value(v)}" for k, v in q.items() if v is not DROP]
    return "\n".join(lines) + "\n"


def _write(data: Path, name: str, text: str | bytes) -> Path:
    path = data / FOLDER / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _questions(*scores: Any, theme: str = "context") -> list[dict[str, Any]]:
    return [{"number": str(i + 1), "theme": theme, "score": s} for i, s in enumerate(scores)]


def _changed(index: int, **changes: Any) -> list[dict[str, Any]]:
    questions = [dict(q) for q in BASE_QUESTIONS]
    questions[index].update(changes)
    return questions


# --- the bundled data ---------------------------------------------------------------------


def test_the_bundled_geodata_has_no_assessment_so_no_made_up_scores_ship():
    catalog = load_catalog(BUNDLED_DATA)
    mett, problems = load_mett(BUNDLED_DATA, set(catalog.parks["id"]), set(catalog.sources["id"]))
    assert problems == []
    assert mett.assessments.empty and mett.answers.empty
    assert not list(BUNDLED_DATA.rglob(f"{FOLDER}/*.toml"))


def test_every_fixture_is_marked_as_a_test_fixture():
    files = sorted(FIXTURES.glob("*.toml"))
    assert len(files) == 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert f'organisation = "{FIXTURE_MARK}"' in text, path.name
        assert 'source = "test-fixture"' in text, path.name


# --- loading the fixtures -----------------------------------------------------------------


def test_fixtures_load_two_parks_over_several_years_without_problems(tmp_path: Path):
    mett, problems = _load(_with_fixtures(tmp_path))
    assert problems == []
    assert list(mett.assessments.columns) == list(ASSESSMENT_COLUMNS)
    assert list(mett.answers.columns) == list(ANSWER_COLUMNS)
    assert list(zip(mett.assessments["park"], mett.assessments["year"], strict=True)) == [
        ("chon-kemin", 2019),
        ("chon-kemin", 2022),
        ("ile-alatau", 2018),
        ("ile-alatau", 2021),
        ("ile-alatau", 2024),
    ]
    assert len(mett.answers) == 8 + 8 + 6 + 6 + 4
    row = mett.assessments.iloc[0]
    assert row["id"] == "chon-kemin-2019"
    assert row["file"] == "mett/chon-kemin-2019.toml"
    assert row["organisation"] == FIXTURE_MARK
    assert row["source"] == "test-fixture" and row["sources"] == ["test-fixture"]
    assert mett.assessments["year"].dtype == "int64"


def test_totals_are_recomputed_by_hand_with_na_left_out(tmp_path: Path):
    mett, _ = _load(_with_fixtures(tmp_path))
    by_id = mett.assessments.set_index("id")
    # 3+2+1+1+0+2+2 = 11 of 3 × 7 scored (question 8 is n/a) = 21 -> 52.38 -> 52.4
    ck = by_id.loc["chon-kemin-2019"]
    assert (ck["scored"], ck["score"], ck["maximum"], ck["total_pct"]) == (7, 11, 21, 52.4)
    assert ck["given_total"] == 52.4
    # 3+3+2+2+2 = 12 of 15 (question 5 is n/a) -> 80.0
    ia = by_id.loc["ile-alatau-2021"]
    assert (ia["scored"], ia["score"], ia["maximum"], ia["total_pct"]) == (5, 12, 15, 80.0)
    assert by_id.loc["chon-kemin-2022", "given_total"] is None
    assert by_id.loc["chon-kemin-2022", "total_pct"] == 66.7  # 16 of 24
    na = mett.answers[
        (mett.answers["assessment"] == "chon-kemin-2019") & (mett.answers["number"] == "8")
    ]
    assert len(na) == 1 and math.isnan(na["score"].iloc[0])


def test_na_counts_in_neither_sum_nor_maximum_while_zero_counts_in_the_maximum(tmp_path: Path):
    data = tmp_path / "data"
    _write(data, "chon-kemin-2023.toml", _text(questions=_questions(3, 3, "n/a")))
    _write(data, "ile-alatau-2023.toml", _text({"park": "ile-alatau"}, _questions(3, 3, 0)))
    mett, problems = _load(data)
    assert problems == []
    by_id = mett.assessments.set_index("id")
    assert by_id.loc["chon-kemin-2023", "total_pct"] == 100.0  # 6 of 6
    assert by_id.loc["ile-alatau-2023", "total_pct"] == 66.7  # 6 of 9


def test_na_is_read_whatever_its_case(tmp_path: Path):
    data = tmp_path / "data"
    _write(data, "chon-kemin-2023.toml", _text(questions=_questions(2, "N/A", " n/a ")))
    mett, problems = _load(data)
    assert problems == []
    assert mett.assessments["maximum"].iloc[0] == 3


@pytest.mark.parametrize(
    ("score", "maximum", "expected"),
    [(11, 21, 52.4), (37, 60, 61.7), (1, 16, 6.3), (1, 8, 12.5), (0, 3, 0.0), (3, 3, 100.0)],
)
def test_percent_rounds_half_up_to_one_decimal(score: int, maximum: int, expected: float):
    assert percent(score, maximum) == expected  # 1/16 = 6.25 -> 6.3 (round() would give 6.2)


def test_question_numbers_are_text_even_when_written_as_numbers(tmp_path: Path):
    data = tmp_path / "data"
    questions = [{"number": 7, "theme": "Planning", "score": 2}]
    _write(data, "chon-kemin-2023.toml", _text(questions=questions))
    mett, problems = _load(data)
    assert problems == []
    assert mett.answers["number"].tolist() == ["7"]
    assert mett.answers["theme"].tolist() == ["planning"]


@pytest.mark.parametrize("given", ["test-fixture; other-source", ["test-fixture", "other-source"]])
def test_several_sources_are_joined_in_source_and_listed_in_sources(tmp_path: Path, given: Any):
    data = tmp_path / "data"
    _write(data, "chon-kemin-2023.toml", _text({"source": given}))
    mett, problems = _load(data)
    assert problems == []
    assert mett.assessments["source"].iloc[0] == "test-fixture;other-source"
    assert mett.assessments["sources"].iloc[0] == ["test-fixture", "other-source"]
    assert totals(mett)["source"].iloc[0] == "test-fixture;other-source"


def test_a_missing_or_empty_folder_is_no_assessment_and_no_problem(tmp_path: Path):
    mett, problems = _load(tmp_path)
    assert mett.assessments.empty and problems == []
    (tmp_path / FOLDER).mkdir()
    mett, problems = _load(tmp_path)
    assert mett.assessments.empty and problems == []
    assert list(mett.assessments.columns) == list(ASSESSMENT_COLUMNS)


def test_hidden_and_underscore_files_are_ignored_and_other_files_warned(tmp_path: Path):
    data = _with_fixtures(tmp_path)  # holds _README.md
    _write(data, ".draft.toml", "not toml at all [[[")
    _write(data, "_template.toml", "park = ")
    _write(data, "notes.txt", "scores from the workshop")
    mett, problems = _load(data)
    assert len(mett.assessments) == 5
    assert [p.line() for p in problems] == [
        "mett/notes.txt: warning: not read: an assessment is a file named <park>-<year>.toml "
        "(e.g. chon-kemin-2023.toml); move this elsewhere or rename it"
    ]


# --- validation ---------------------------------------------------------------------------

SCORE_FIX = 'use 0, 1, 2, 3 or "n/a"'
THEME_LIST = "context, planning, inputs, process, outputs, outcomes"


@pytest.mark.parametrize(
    ("top", "questions", "locator", "expected"),
    [
        (
            {},
            _changed(1, score=4),
            "question 2",
            ["4 is not a METT score", "additional", SCORE_FIX],
        ),
        ({}, _changed(1, score=-1), "question 2", ["-1 is not a METT score", SCORE_FIX]),
        ({}, _changed(1, score=2.5), "question 2", ["2.5 is not a METT score", SCORE_FIX]),
        ({}, _changed(1, score="2"), "question 2", ["'2' is not a METT score", SCORE_FIX]),
        ({}, _changed(1, score=True), "question 2", ["True is not a METT score", SCORE_FIX]),
        ({}, _changed(1, score="na"), "question 2", ["'na' is not a METT score", SCORE_FIX]),
        ({}, _changed(2, score=DROP), "question 3", ["'score' is required", SCORE_FIX]),
        ({}, _changed(0, theme="finance"), "question 1", ["'finance'", THEME_LIST]),
        ({}, _changed(0, theme=DROP), "question 1", ["'theme' is required", THEME_LIST]),
        ({}, _changed(1, number=DROP), "[[question]] #2", ["'number' is missing", "number ="]),
        ({}, _changed(1, number=" "), "[[question]] #2", ["'number' is missing"]),
        (
            {},
            _changed(2, number="1"),
            "question 1",
            ["'1' is used twice", "[[question]] #1", "[[question]] #3", "renumber"],
        ),
        ({"park": DROP}, None, "park", ["'park' is required", "chon-kemin, ile-alatau"]),
        ({"park": "  "}, None, "park", ["'park' is required"]),
        (
            {"park": "chon-kemen"},
            None,
            "park",
            ["unknown park id 'chon-kemen'", "chon-kemin, ile-alatau"],
        ),
        ({"year": DROP}, None, "year", ["'year' is required", "year = 2023"]),
        ({"year": "2023"}, None, "year", ["'2023' is not a year", "without quotes"]),
        ({"year": 1999}, None, "year", ["1999 is not a year from 2002", "to 2026"]),
        ({"year": 2027}, None, "year", ["2027 is not a year from 2002", "to 2026"]),
        ({"organisation": DROP}, None, "organisation", ["'organisation' is required"]),
        ({"organisation": ""}, None, "organisation", ["never personal names"]),
        ({"organisation": 5}, None, "organisation", ["5 is not text"]),
        ({"source": DROP}, None, "source", ["'source' is required", "sources.toml"]),
        (
            {"source": "nowhere"},
            None,
            "source",
            ["unknown source id 'nowhere'", "other-source, test-fixture"],
        ),
        ({"source": "bad id!"}, None, "source", ["'bad id!' is not usable", "ids separated"]),
        ({"total": "about 60"}, None, "total", ["'about 60' is not a number", "total = 61.5"]),
        ({"total": 120}, None, "total", ["120 is not a percentage from 0 to 100"]),
        ({}, [], "question", ["no questions", "[[question]]"]),
        ({}, _questions("n/a", "n/a"), "question", ['every question is "n/a"', "no total"]),
        (
            {"assessors": ["A. Person"]},
            None,
            "assessors",
            ["personal names are not stored", "`organisation`"],
        ),
        ({"participants": 12}, None, "participants", ["personal names are not stored"]),
        (
            {},
            _changed(0, names="A. Person"),
            "question 1",
            ["field 'names': personal names are not stored"],
        ),
    ],
)
def test_each_error_names_file_place_value_and_fix_and_leaves_the_assessment_out(
    tmp_path: Path, top: dict[str, Any], questions: Any, locator: str, expected: list[str]
):
    data = tmp_path / "data"
    _write(data, "chon-kemin-2023.toml", _text(top, questions))
    _write(data, "ile-alatau-2023.toml", _text({"park": "ile-alatau"}))
    mett, problems = _load(data)
    found = [p for p in errors(problems) if p.locator == locator]
    assert len(found) == 1, [p.line() for p in problems]
    line = found[0].line()
    assert line.startswith(f"mett/chon-kemin-2023.toml:{locator}: error: ")
    for part in expected:
        assert part in line, line
    assert mett.assessments["id"].tolist() == ["ile-alatau-2023"]  # the other one loads
    assert set(mett.answers["assessment"]) == {"ile-alatau-2023"}


def test_invalid_toml_and_non_utf8_are_one_error_each(tmp_path: Path):
    data = _with_fixtures(tmp_path)
    _write(data, "chon-kemin-2023.toml", 'park = "chon-kemin"\nyear = \n')
    _write(data, "ile-alatau-2023.toml", _text({"park": "ile-alatau"}).encode("cp1251"))
    mett, problems = _load(data)
    lines = [p.line() for p in problems]
    assert len(lines) == 2, lines
    assert lines[0].startswith("mett/chon-kemin-2023.toml: error: not valid TOML (")
    assert lines[0].endswith("fix the syntax there")
    assert lines[1].startswith("mett/ile-alatau-2023.toml:byte ")
    assert lines[1].endswith("not UTF-8 text; save the file as UTF-8")
    assert len(mett.assessments) == 5


def test_a_second_assessment_of_a_park_year_is_left_out_naming_both_files(tmp_path: Path):
    data = _with_fixtures(tmp_path)
    # sorts before chon-kemin-2019.toml, but the file with the canonical name keeps its place
    revised = _text({"year": 2019}, _questions(0, 0, 0))
    _write(data, "2019-chon-kemin.toml", revised)
    mett, problems = _load(data)
    assert [p.line() for p in errors(problems)] == [
        "mett/2019-chon-kemin.toml:year: error: park 'chon-kemin' is already assessed "
        "in 2019 by mett/chon-kemin-2019.toml; a park has one assessment a year: merge the two "
        "files or correct `park`/`year`; this file is left out"
    ]
    assert len(mett.assessments) == 5
    kept = mett.assessments[mett.assessments["year"] == 2019]
    assert kept["id"].tolist() == ["chon-kemin-2019"] and kept["total_pct"].iloc[0] == 52.4
    assert "2019-chon-kemin" not in set(mett.answers["assessment"])


def test_of_two_misnamed_files_of_one_park_year_the_first_by_name_is_kept(tmp_path: Path):
    data = tmp_path / "data"
    _write(data, "a.toml", _text())
    _write(data, "b.toml", _text())
    mett, problems = _load(data)
    assert mett.assessments["id"].tolist() == ["a"]
    [error] = errors(problems)
    assert error.path == "mett/b.toml" and "by mett/a.toml" in error.message
    assert len(warnings(problems)) == 2  # both names differ from chon-kemin-2023.toml


def test_a_file_name_that_does_not_match_park_and_year_is_a_warning(tmp_path: Path):
    data = tmp_path / "data"
    _write(data, "chon-kemin-2022.toml", _text())  # says 2023 inside
    mett, problems = _load(data)
    assert [p.line() for p in problems] == [
        "mett/chon-kemin-2022.toml: warning: file name 'chon-kemin-2022.toml' does not match "
        "park 'chon-kemin' and year 2023; rename the file to chon-kemin-2023.toml"
    ]
    assert mett.assessments["id"].tolist() == ["chon-kemin-2022"]


def test_a_total_that_differs_from_the_recomputed_one_is_an_error(tmp_path: Path):
    data = tmp_path / "data"
    scores = [2] * 17 + [1] * 3  # 34 + 3 = 37 of 3 × 20 = 60 -> 61.7 %
    _write(data, "chon-kemin-2023.toml", _text({"total": 70}, _questions(*scores)))
    mett, problems = _load(data)
    assert [p.line() for p in problems] == [
        "mett/chon-kemin-2023.toml:total: error: total 70 differs from the recomputed 61.7 "
        "(sum 37 of 60 = 3 × 20 scored questions); fix the scores or the total"
    ]
    assert mett.assessments.empty and mett.answers.empty


@pytest.mark.parametrize(
    ("given", "passes"),
    [(66.7, True), (67.2, True), (66.2, True), (67, True), (67.3, False), (66.1, False)],
)
def test_a_given_total_may_differ_by_half_a_point(tmp_path: Path, given: float, passes: bool):
    data = tmp_path / "data"
    _write(data, "chon-kemin-2023.toml", _text({"total": given}))  # recomputed: 6 of 9 = 66.7
    mett, problems = _load(data)
    assert (problems == []) is passes, [p.line() for p in problems]
    assert len(mett.assessments) == (1 if passes else 0)
    if passes:
        assert mett.assessments["given_total"].iloc[0] == given
        assert mett.assessments["total_pct"].iloc[0] == 66.7


def test_unknown_fields_and_a_missing_method_are_warnings_and_the_assessment_loads(
    tmp_path: Path,
):
    data = tmp_path / "data"
    questions = _changed(0, weight=2, comment=3)
    _write(data, "chon-kemin-2023.toml", _text({"method": DROP, "region": "x"}, questions))
    mett, problems = _load(data)
    assert errors(problems) == []
    lines = [p.line() for p in warnings(problems)]
    assert any(
        line.startswith("mett/chon-kemin-2023.toml:region: warning: unknown field")
        for line in lines
    )
    assert any("question 1: warning: unknown field 'weight' is ignored" in line for line in lines)
    assert any("question 1: warning: field 'comment': 3 is not text" in line for line in lines)
    assert any(line.startswith("mett/chon-kemin-2023.toml:method: warning:") for line in lines)
    assert mett.assessments["method"].tolist() == [""]
    assert mett.answers["comment"].tolist() == ["", "", ""]


# --- figures for the panel ----------------------------------------------------------------


def test_totals_are_sorted_by_park_then_year(tmp_path: Path):
    mett, _ = _load(_with_fixtures(tmp_path))
    shuffled = Mett(mett.assessments.sample(frac=1, random_state=3), mett.answers)
    frame = totals(shuffled)
    assert list(frame.columns[:3]) == ["park", "year", "total_pct"]
    assert list(zip(frame["park"], frame["year"], frame["total_pct"], strict=True)) == [
        ("chon-kemin", 2019, 52.4),
        ("chon-kemin", 2022, 66.7),
        ("ile-alatau", 2018, 50.0),
        ("ile-alatau", 2021, 80.0),
        ("ile-alatau", 2024, 100.0),
    ]
    assert totals(empty_mett()).empty


def test_theme_scores_are_sorted_weakest_first_and_skip_unscored_themes(tmp_path: Path):
    mett, _ = _load(_with_fixtures(tmp_path))
    frame = theme_scores(mett, "chon-kemin-2019")
    assert list(frame.columns) == ["theme", "scored", "score", "maximum", "pct"]
    rows = [tuple(r) for r in frame.itertuples(index=False)]
    assert rows == [
        ("inputs", 1, 0, 3, 0.0),
        ("planning", 2, 2, 6, 33.3),
        ("process", 1, 2, 3, 66.7),  # ties with outputs: THEMES order
        ("outputs", 1, 2, 3, 66.7),
        ("context", 2, 5, 6, 83.3),
    ]  # outcomes: its only question is n/a
    assert set(frame["theme"]) <= set(THEMES)
    assert theme_scores(mett, "no-such-assessment").empty


@pytest.mark.parametrize(
    ("assessment", "weakest", "strongest"),
    [
        ("chon-kemin-2019", ["inputs"], ["context"]),
        ("chon-kemin-2022", ["inputs", "outcomes"], ["context"]),
        ("ile-alatau-2021", ["inputs", "process", "outcomes"], ["context", "planning"]),
        ("ile-alatau-2024", [], []),  # every theme at 100 %: none stands out
        ("no-such-assessment", [], []),
    ],
)
def test_weakest_and_strongest_themes_list_ties(
    tmp_path: Path, assessment: str, weakest: list[str], strongest: list[str]
):
    mett, _ = _load(_with_fixtures(tmp_path))
    assert weakest_strongest(mett, assessment) == (weakest, strongest)


def test_latest_is_each_parks_most_recent_assessment(tmp_path: Path):
    mett, _ = _load(_with_fixtures(tmp_path))
    assert latest(mett) == {"chon-kemin": "chon-kemin-2022", "ile-alatau": "ile-alatau-2024"}
    assert latest(empty_mett()) == {}


def test_empty_mett_has_the_columns_and_types_of_a_loaded_one(tmp_path: Path):
    empty = empty_mett()
    loaded, _ = _load(_with_fixtures(tmp_path))
    assert list(empty.assessments.columns) == list(loaded.assessments.columns)
    assert list(empty.answers.columns) == list(loaded.answers.columns)
    for column in ("year", "scored", "score", "maximum", "total_pct"):
        assert empty.assessments[column].dtype == loaded.assessments[column].dtype, column
    assert pd.api.types.is_float_dtype(loaded.answers["score"])
    assert weakest_strongest(empty, "x") == ([], [])


def test_the_files_fields_are_declared_in_the_schema_and_each_has_its_wording():
    from landscape.mett import ASSESSMENT_FIELDS, QUESTION_FIELDS
    from landscape.mett.check import WORDING
    from landscape.schema import METT_ASSESSMENT, METT_QUESTION

    declared = [f.name for f in METT_ASSESSMENT.fields]
    assert (*declared, "question") == ASSESSMENT_FIELDS
    assert tuple(f.name for f in METT_QUESTION.fields) == QUESTION_FIELDS
    assert set(WORDING) == {*declared, *QUESTION_FIELDS}
    assert METT_QUESTION.field("theme").choices == THEMES
