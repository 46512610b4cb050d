"""The figures of the METT panel, from loaded assessments: totals, themes, latest."""

from __future__ import annotations

import pandas as pd

from landscape.mett.model import SCORE_MAX, THEME_COLUMNS, THEMES, Mett, frame, percent


def totals(mett: Mett) -> pd.DataFrame:
    """park, year, total_pct (and id, method, source to cite), sorted by park then year."""
    columns = ["park", "year", "total_pct", "id", "method", "source"]
    chosen = mett.assessments[columns]
    return chosen.sort_values(["park", "year"], kind="stable").reset_index(drop=True)


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
    table = frame(THEME_COLUMNS, rows)
    if table.empty:
        return table
    order = table["theme"].map(THEMES.index)
    table = table.assign(_order=order).sort_values(["pct", "_order"], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def weakest_strongest(mett: Mett, assessment: str) -> tuple[list[str], list[str]]:
    """Theme ids with the lowest and with the highest pct of one assessment (ties all listed).

    Compared on the shown, rounded pct. When there is nothing to compare (no scored theme, one
    theme, or every theme at the same pct) both lists are empty: no theme stands out.
    """
    table = theme_scores(mett, assessment)
    if table.empty:
        return [], []
    low, high = table["pct"].min(), table["pct"].max()
    if low == high:
        return [], []
    in_order = [t for t in THEMES if t in set(table["theme"])]
    pct = dict(zip(table["theme"], table["pct"], strict=True))
    return [t for t in in_order if pct[t] == low], [t for t in in_order if pct[t] == high]


def latest(mett: Mett) -> dict[str, str]:
    """park id -> id of its most recent assessment."""
    out: dict[str, str] = {}
    chosen = mett.assessments.sort_values(["park", "year"], kind="stable")
    for park, assessment in zip(chosen["park"], chosen["id"], strict=True):
        out[str(park)] = str(assessment)  # the last row of a park is its latest year
    return out
