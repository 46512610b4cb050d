"""The [[question]] tables of one METT file: number, theme, topic, score and comment each."""

from __future__ import annotations

from typing import Any

from landscape.mett.check import WORDING, Check
from landscape.mett.model import NOT_APPLICABLE, QUESTION_FIELDS, SCORE_MAX, SCORES
from landscape.problems import quote
from landscape.schema import METT_QUESTION
from landscape.text import is_blank

_FIELD = {f.name: f for f in METT_QUESTION.fields}


def read_questions(raw: Any, check: Check) -> list[dict[str, Any]]:
    """The [[question]] tables; every problem goes to `check`."""
    if raw is None or (isinstance(raw, list) and not raw):
        check.error(
            "question",
            "no questions; add one [[question]] table per question of the METT form",
        )
        return []
    if not isinstance(raw, list) or not all(isinstance(q, dict) for q in raw):
        check.error("question", "'question' must be an array of tables: [[question]]")
        return []
    seen: dict[str, str] = {}  # number, lower case -> the position that has it
    return [_question(q, f"[[question]] #{index + 1}", seen, check) for index, q in enumerate(raw)]


def _question(q: dict[str, Any], position: str, seen: dict[str, str], check: Check) -> dict:
    """One question; `position` names it until its number is known."""
    number = _number(q.get("number"))
    where = f"question {number}" if number is not None else position
    if number is None:
        raw = q.get("number")
        what = "missing" if is_blank(raw) else f"{quote(raw)}, not usable"
        check.error(where, WORDING["number"].missing.format(value=what))
    elif number.lower() in seen:
        check.error(
            where,
            f"question number {number!r} is used twice ({seen[number.lower()]} and "
            f"{position}); each question of the form appears once: remove or renumber one",
        )
    else:
        seen[number.lower()] = position
    check.unknown_fields(q, QUESTION_FIELDS, where)
    theme = check.field(_FIELD["theme"], q.get("theme"), where)
    score = _score(q.get("score"), where, check)
    topic = check.field(_FIELD["topic"], q.get("topic"), where)
    comment = check.field(_FIELD["comment"], q.get("comment"), where)
    return {
        "number": number if number is not None else "",
        "theme": theme,
        "topic": topic,
        "score": score,
        "comment": comment,
    }


def _number(raw: Any) -> str | None:
    """The question's number as text: 7 and "7" alike; None when unusable."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    return None


def _score(raw: Any, where: str, check: Check) -> int | None:
    """0 to 3, or None for "n/a"; an error for anything else (a quoted "2" included)."""
    words = WORDING["score"]
    if raw is None:
        check.error(where, words.missing)
    elif isinstance(raw, str) and raw.strip().lower() == NOT_APPLICABLE:
        return None
    elif isinstance(raw, int) and not isinstance(raw, bool) and raw in SCORES:
        return raw
    else:
        over = isinstance(raw, int | float) and not isinstance(raw, bool) and raw > SCORE_MAX
        extra = " (METT's additional points are not recorded)" if over else ""
        check.error(where, words.bad.format(value=quote(raw), extra=extra))
    return None
