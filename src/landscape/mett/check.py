"""The checks of one METT file's fields, read from their declaration in schema.py.

`Check.field` checks one value by its declared kind (and required, low/high, choices, ref);
what the data manager reads is in WORDING, one entry per field: each message names the field,
the value and the fix, and the problem carries the file and the place in it. TOML keeps its
types here: a quoted year, a score of "2" or a total of true is an error, not a number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from landscape.mett.model import PERSONAL_FIELDS
from landscape.problems import Problem, quote
from landscape.schema import Field
from landscape.text import is_blank
from landscape.validate import Invalid, split_refs


@dataclass(frozen=True)
class Wording:
    """Messages of one field; {value}, {number}, {known}, {low}, {high}, {id}, {expected}."""

    missing: str = ""  # required and blank; for an optional field, a warning when blank
    bad: str = ""  # the wrong type, or not among the known ids or choices
    range: str = ""  # a number outside low..high
    unknown: str = ""  # refs: one id that is not known
    bad_is_warning: bool = False  # the value is dropped with a warning; the file still loads


SCORE_FIX = 'use 0, 1, 2, 3 or "n/a"'
WORDING: dict[str, Wording] = {
    "park": Wording(
        missing="field 'park' is required and missing; add a park id: {known}",
        bad="field 'park': unknown park id {value}; use one of: {known}",
    ),
    "year": Wording(
        missing="field 'year' is required and missing; add the year, e.g. year = 2023",
        bad="field 'year': {value} is not a year; "
        "write the year of the assessment as a number without quotes, e.g. year = 2023",
        range="field 'year': {number} is not a year from {low} (the first METT) to {high}; "
        "give the year of the assessment",
    ),
    "method": Wording(
        missing="field 'method' is missing; give the METT version used, e.g. "
        'method = "METT-4", since totals of different versions are not strictly comparable',
        bad="field 'method': {value} is not text; it is ignored",
        bad_is_warning=True,
    ),
    "organisation": Wording(
        missing="field 'organisation' is required and missing; give the assessors' "
        "organisation(s), never personal names",
        bad="field 'organisation': {value} is not text; "
        'write it in quotes, e.g. organisation = "Park administration"',
    ),
    "source": Wording(
        missing="field 'source' is required and missing; give the id in sources.toml of "
        "the document that reports the assessment (add it there first)",
        bad="field 'source': {value} is not usable; expected {expected}",
        unknown="field 'source': unknown source id {id}; add it to sources.toml "
        "first or use one of: {known}",
    ),
    "total": Wording(
        bad="field 'total': {value} is not a number; give the reported total "
        "as a percentage, e.g. total = 61.5, or leave the field out",
        range="field 'total': {number} is not a percentage from {low} to {high}; "
        "if the form gives points, give sum ÷ maximum × 100, or leave the field out",
    ),
    "number": Wording(
        missing="field 'number' is {value}; give the question's number as in the form, "
        'e.g. number = "7"',
    ),
    "theme": Wording(
        missing="field 'theme' is required and missing; use one of: {known}",
        bad="field 'theme': unknown theme {value}; use one of: {known}",
    ),
    "topic": Wording(
        bad="field 'topic': {value} is not text; it is left blank", bad_is_warning=True
    ),
    "score": Wording(
        missing="field 'score' is required and missing; " + SCORE_FIX,
        bad="field 'score': {value} is not a METT score{extra}; " + SCORE_FIX,
    ),
    "comment": Wording(
        bad="field 'comment': {value} is not text; it is left blank", bad_is_warning=True
    ),
}
_EMPTY: dict[str, Any] = {"str": "", "refs": []}  # what a blank or dropped value becomes


def number_text(value: Any) -> str:
    """A number as the data manager wrote it: 70 rather than 70.0."""
    return f"{value:g}" if isinstance(value, float) else str(value)


class _Bad(Exception):
    """A value that cannot be used: which message says so, and what fills it."""

    def __init__(self, message: str, **fill: str) -> None:
        super().__init__(message)
        self.message, self.fill = message, fill


class Check:
    """The problems of one file, and the checks that add to them."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []

    def error(self, locator: str, message: str) -> None:
        self.problems.append(Problem(self.shown, locator, "error", message))

    def warning(self, locator: str, message: str) -> None:
        self.problems.append(Problem(self.shown, locator, "warning", message))

    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.problems)

    def field(
        self, field: Field, raw: Any, where: str = "", known: Any = (), high: Any = None
    ) -> Any:
        """The value in its type, or its kind's empty value with a problem when unusable.

        `known`: the ids a ref may take; `high`: an upper bound known only when reading.
        """
        words, where = WORDING[field.name], where or field.name
        listed = field.choices or sorted(known)
        fill = {"value": quote(raw), "known": ", ".join(listed) or "none"}
        if _blank(field, raw, words):
            if field.required or words.missing:
                self._report(not field.required, where, words.missing.format(**fill))
            return _EMPTY.get(field.kind)
        try:
            return self._typed(field, raw, where, set(known), high)
        except _Bad as bad:
            message = getattr(words, bad.message)
            self._report(words.bad_is_warning, where, message.format(**fill, **bad.fill))
            if not field.required and words.missing:  # dropped: now it is missing
                self._report(True, where, words.missing.format(**fill))
            return _EMPTY.get(field.kind)

    def _typed(self, field: Field, raw: Any, where: str, known: set[str], high: Any) -> Any:
        """The value of a non-blank field by its kind; _Bad names the message when unusable."""
        match field.kind:
            case "ref":
                if not isinstance(raw, str) or raw.strip() not in known:
                    raise _Bad("bad")
                return raw.strip()
            case "refs":
                return self._refs(field, raw, where, known)
            case "int" | "float":
                wanted = int if field.kind == "int" else int | float
                if isinstance(raw, bool) or not isinstance(raw, wanted):
                    raise _Bad("bad")
                low, top = field.low, field.high if high is None else high
                if (low is not None and raw < low) or (top is not None and raw > top):
                    bounds = {"low": number_text(low), "high": number_text(top)}
                    raise _Bad("range", number=number_text(raw), **bounds)
                return raw if field.kind == "int" else float(raw)
            case "str":
                if not isinstance(raw, str):
                    raise _Bad("bad")
                return raw.strip()
            case "choice":
                if not isinstance(raw, str) or raw.strip().lower() not in field.choices:
                    raise _Bad("bad")
                return raw.strip().lower()
        raise AssertionError(f"no METT check for kind {field.kind}")

    def _refs(self, field: Field, raw: Any, where: str, known: set[str]) -> list[str]:
        """Ids from a list or ';'-separated text; each unknown id is one error."""
        try:
            ids = split_refs(raw)
        except Invalid as bad:
            raise _Bad("bad", expected=str(bad)) from None
        listed = ", ".join(sorted(known)) or "none"
        for sid in ids:
            if sid not in known:
                self.error(where, WORDING[field.name].unknown.format(id=repr(sid), known=listed))
        return ids

    def _report(self, warning: bool, where: str, message: str) -> None:
        (self.warning if warning else self.error)(where, message)

    def unknown_fields(self, raw: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        """Personal-name fields are errors; other unknown fields are ignored with a warning."""
        for key in raw:
            if key in allowed:
                continue
            if key.lower() in PERSONAL_FIELDS:
                self.error(
                    where or key,
                    f"field {key!r}: personal names are not stored; give the organisation in "
                    "`organisation` and remove this field",
                )
            else:
                self.warning(
                    where or key,
                    f"unknown field {key!r} is ignored; known fields: {', '.join(allowed)}",
                )


def _blank(field: Field, raw: Any, words: Wording) -> bool:
    """Numbers are missing only when absent; text and ids with something to say also when
    empty ("" or []); an optional text without a word for its absence only when absent."""
    if field.kind in ("int", "float") or not (field.required or words.missing):
        return raw is None
    return is_blank(raw)
