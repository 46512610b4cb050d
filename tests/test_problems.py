"""The one capped row report and the one `quote()` every reader uses (issue 20)."""

from __future__ import annotations

import numpy as np

from landscape.problems import QUOTE_LIMIT, ROW_CAP, WIDTH, Problem, RowProblems, quote


def test_quote_keeps_a_short_value_as_python_writes_it() -> None:
    assert quote("95") == "'95'"
    assert quote("a\nb") == "'a\\nb'"
    assert quote(3) == "3"
    assert quote(None) == "None"


def test_quote_cuts_a_long_value_to_the_limit() -> None:
    text = quote("x" * 500)
    assert len(text) == QUOTE_LIMIT
    assert text.startswith("'xxx") and text.endswith("...'")
    assert len(quote(list(range(500)))) == QUOTE_LIMIT
    assert quote("y" * (QUOTE_LIMIT - 2)) == repr("y" * (QUOTE_LIMIT - 2))


def test_rows_are_capped_per_field_and_the_rest_counted() -> None:
    report = RowProblems("f.csv")
    report.rows("lat", np.arange(2, 2 + ROW_CAP + 7), lambda i: f"bad {i}")
    report.rows("lon", [5], lambda i: "bad lon", "warning")
    found = report.finish()
    lat = [p for p in found if p.locator.startswith("row ") and p.message.startswith("bad ")]
    assert len(lat) == ROW_CAP + 1  # ROW_CAP of lat, and lon's one row
    assert found[ROW_CAP] == Problem(
        "f.csv", "lat", "error", "... and 7 more rows with problems in 'lat'"
    )
    assert found[-1] == Problem("f.csv", "row 5", "warning", "bad lon")


def test_messages_are_worded_only_for_the_rows_shown() -> None:
    asked: list[int] = []
    report = RowProblems("f.csv", cap=3)
    report.rows("x", range(2, 1002), lambda i: asked.append(i) or f"row {i}")
    assert len(report.finish()) == 4
    assert asked == [0, 1, 2]


def test_rows_of_one_field_are_shown_in_row_order_whichever_check_found_them() -> None:
    report = RowProblems("f.csv", cap=2)
    report.rows("when", [9, 4], lambda i: "late")
    report.rows("when", [3], lambda i: "early", "warning")
    found = report.finish()
    assert [(p.locator, p.message) for p in found[:2]] == [("row 3", "early"), ("row 4", "late")]
    assert found[2] == Problem(
        "f.csv", "when", "error", "... and 1 more rows with problems in 'when'"
    )


def test_the_count_is_as_severe_as_the_worst_row_it_counts() -> None:
    report = RowProblems("f.csv", cap=1)
    report.rows("a", [2, 3], lambda i: "w", "warning")
    report.rows(WIDTH, [4, 5], lambda i: "e")
    found = report.finish()
    assert found[1].severity == "warning"
    assert found[3] == Problem(
        "f.csv", WIDTH, "error", "... and 1 more rows with problems in the number of fields"
    )


def test_whole_file_problems_keep_their_place_and_failed_sees_errors() -> None:
    report = RowProblems("f.csv")
    report.add("", "warning", "first")
    assert not report.failed()
    report.row("id", 7, "no id")
    report.add("col", "warning", "last", path="f.csv/inner.txt")
    assert report.failed()
    assert [p.line() for p in report.finish()] == [
        "f.csv: warning: first",
        "f.csv:row 7: error: no id",
        "f.csv/inner.txt:col: warning: last",
    ]
