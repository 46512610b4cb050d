"""What every `landscape` command shares: exit codes, the data directory, and one-line
messages for a missing file, a rejected import, an unwritable target and a usage error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from landscape.importers import Rejected
from landscape.paths import data_dir
from landscape.problems import Problem

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _data(args: argparse.Namespace) -> Path:
    directory = data_dir(args.data)
    if not directory.is_dir():
        print(
            f"{directory}: error: no such data directory (check --data or LANDSCAPE_DATA)",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_USAGE)
    return directory


def _missing(source: Path) -> int:
    print(f"{source}: error: file not found; check the path", file=sys.stderr)
    return EXIT_ERRORS


def _rejected(rejected: Rejected) -> int:
    for problem in rejected.problems:
        print(problem.line(), file=sys.stderr)
    print("rejected: the data directory is unchanged", file=sys.stderr)
    return EXIT_ERRORS


def _unwritable(where: Path, exc: OSError) -> int:
    """A write that the system refused (read-only folder, disk full): named, never a
    traceback. Every writer builds beside its target and swaps at the end, so nothing
    changed."""
    reason = exc.strerror or str(exc)
    at = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(where) else ""
    print(
        f"{where}: error: {reason}{at}; nothing was changed. Check that the folder is "
        "writable, the disk has space and the input is readable, then run the command again",
        file=sys.stderr,
    )
    return EXIT_ERRORS


def _print_warnings(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.line(), file=sys.stderr)


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE
