"""The one-line messages every `landscape` command shares: the exit code, and a line that
names the path and says what to do (never a traceback)."""

from __future__ import annotations

import argparse
import errno
from pathlib import Path

import pytest

from landscape import cli_common
from landscape.importers import Rejected
from landscape.problems import Problem


def test_a_missing_data_directory_is_a_usage_error_naming_it(tmp_path: Path, capsys):
    gone = tmp_path / "nowhere"
    with pytest.raises(SystemExit) as stop:
        cli_common._data(argparse.Namespace(data=str(gone)))
    assert stop.value.code == cli_common.EXIT_USAGE
    err = capsys.readouterr().err
    assert str(gone) in err and "--data" in err and "LANDSCAPE_DATA" in err


def test_an_existing_data_directory_is_returned(tmp_path: Path):
    assert cli_common._data(argparse.Namespace(data=str(tmp_path))) == tmp_path


def test_an_unwritable_target_names_the_reason_and_says_nothing_changed(tmp_path: Path, capsys):
    exc = OSError(errno.EROFS, "Read-only file system", str(tmp_path / "x.tmp"))
    assert cli_common._unwritable(tmp_path, exc) == cli_common.EXIT_ERRORS
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0  # one line
    assert err.startswith(f"{tmp_path}: error: Read-only file system (")
    assert "nothing was changed" in err and "writable" in err


def test_a_rejected_import_prints_each_problem_then_that_nothing_changed(capsys):
    problems = [Problem("parks.geojson", "feature 2", "error", "field 'name' is empty; name it")]
    assert cli_common._rejected(Rejected(problems)) == cli_common.EXIT_ERRORS
    lines = capsys.readouterr().err.strip().split("\n")
    assert lines == [problems[0].line(), "rejected: the data directory is unchanged"]


def test_missing_file_and_usage_messages(tmp_path: Path, capsys):
    assert cli_common._missing(tmp_path / "a.csv") == cli_common.EXIT_ERRORS
    assert cli_common._usage("give --species") == cli_common.EXIT_USAGE
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{tmp_path / 'a.csv'}: error: file not found; check the path",
        "error: give --species",
    ]
