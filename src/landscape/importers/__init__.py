"""Importers: each reads an outside file, validates it, and swaps the result in atomically."""

from __future__ import annotations

from landscape.problems import Problem


class Rejected(Exception):
    """The input cannot be imported; the data directory was left as it was."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.line() for p in problems))
        self.problems = problems
