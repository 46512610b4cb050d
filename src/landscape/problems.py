"""Problems found in data files: one type, one format, shared by the CLI and the dashboard."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a data file, said so that the data manager can fix it."""

    path: str
    locator: str
    severity: Severity
    message: str

    def line(self) -> str:
        """`PATH[:LOCATOR]: severity: message`, the CLI contract in DESIGN.md."""
        where = f"{self.path}:{self.locator}" if self.locator else self.path
        return f"{where}: {self.severity}: {self.message}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def warnings(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "warning"]


QUOTE_LIMIT = 80  # characters of a bad value shown in a message
ROW_CAP = 20  # row problems shown per field of a file, before one "... and N more rows"
WIDTH = "(fields)"  # the key of "wrong number of fields" row problems


def quote(value: object) -> str:
    """A bad value for a message, as Python writes it (text quoted, line breaks as \\n), cut
    to QUOTE_LIMIT characters."""
    if isinstance(value, str):
        cut = value if len(value) <= QUOTE_LIMIT - 2 else value[: QUOTE_LIMIT - 5] + "..."
        return repr(cut)
    text = repr(value)
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 3] + "..."


Message = Callable[[int], str]  # the message of the i-th row of a group


class RowProblems:
    """The problems of one file: those of the whole file or a column as they come, and row
    problems capped per field.

    Row problems come in groups: the row numbers (as shown: "row N") with one kind of problem
    in one field (`key`), and a function that words the problem of the i-th of them, called
    only for the rows shown. Per file and field the first `cap` rows (in row order, whatever
    check found them) are shown, where the field's first group came; the rest are counted in
    one "... and N more rows" problem after them, as severe as the worst of those.
    """

    def __init__(self, path: str, cap: int = ROW_CAP) -> None:
        self.path = path
        self.cap = cap
        self._entries: list[Problem | tuple[str, str]] = []  # a problem, or a (path, key) slot
        self._groups: dict[tuple[str, str], list[tuple[np.ndarray, Message, Severity]]] = {}

    def add(self, locator: str, severity: Severity, message: str, path: str | None = None) -> None:
        """A problem of the whole file (locator "") or of a column (its name)."""
        self._entries.append(
            Problem(self.path if path is None else path, locator, severity, message)
        )

    def rows(
        self,
        key: str,
        numbers: Sequence[int] | np.ndarray,
        message: Message,
        severity: Severity = "error",
        path: str | None = None,
    ) -> None:
        """A problem in field `key` of each row in `numbers`; message(i) words the i-th."""
        numbers = np.asarray(numbers, dtype=np.int64)
        if not numbers.size:
            return
        slot = (self.path if path is None else path, key)
        if slot not in self._groups:
            self._groups[slot] = []
            self._entries.append(slot)
        self._groups[slot].append((numbers, message, severity))

    def row(self, key: str, number: int, message: str, severity: Severity = "error") -> None:
        """One row's problem in field `key`."""
        self.rows(key, [number], lambda _: message, severity)

    def failed(self) -> bool:
        """Whether any problem so far is an error."""
        whole = any(isinstance(e, Problem) and e.severity == "error" for e in self._entries)
        return whole or any(g[2] == "error" for gs in self._groups.values() for g in gs)

    def finish(self) -> list[Problem]:
        """Every problem, in the order they came, each field's rows capped."""
        out: list[Problem] = []
        for entry in self._entries:
            out += [entry] if isinstance(entry, Problem) else self._capped(*entry)
        return out

    def _capped(self, path: str, key: str) -> list[Problem]:
        """The first `cap` row problems of one field in row order, and a count of the rest."""
        groups = self._groups[(path, key)]
        numbers = np.concatenate([g[0] for g in groups])
        which = np.concatenate([np.full(len(g[0]), k) for k, g in enumerate(groups)])
        within = np.concatenate([np.arange(len(g[0])) for g in groups])
        order = np.lexsort((which, numbers))
        out = [
            Problem(path, f"row {numbers[i]}", groups[which[i]][2], groups[which[i]][1](within[i]))
            for i in order[: self.cap]
        ]
        rest = order[self.cap :]
        if rest.size:
            worst: Severity = (
                "error"
                if any(groups[k][2] == "error" for k in set(which[rest].tolist()))
                else "warning"
            )
            what = "the number of fields" if key in ("", WIDTH) else f"'{key}'"
            out.append(
                Problem(path, key, worst, f"... and {rest.size} more rows with problems in {what}")
            )
        return out
