"""The wildlife records of an export: rows with a species, names resolved."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from landscape.problems import RowProblems, quote
from landscape.wildlife.model import (
    empty_observations,
)
from landscape.wildlife.smart.columns import BASIS, MAPPING_FILE
from landscape.wildlife.smart.mapping import Mapping, species_resolver
from landscape.wildlife.smart.patrols import Key, typed_frame
from landscape.wildlife.smart.rows import Columns, Row


def observation_frame(
    rows: list[Row],
    firsts: dict[Key, Row],
    mapping: Mapping,
    table: pd.DataFrame,
    columns: Columns,
    report: RowProblems,
) -> pd.DataFrame:
    """Rows with a species, grouped by waypoint (file order within one), at its time and X/Y."""
    order = {key: position for position, key in enumerate(firsts)}
    picked = sorted(
        (r for r in rows if r.species), key=lambda r: order[(r.patrol, r.leg, r.waypoint)]
    )
    resolve = species_resolver(mapping.aliases, table)
    numbers: Counter[tuple[str, str]] = Counter()
    doubtful: dict[tuple[str, str | None], list[int]] = {}  # unknown or guessed -> rows
    ids, found, places = [], [], []
    for row in picked:
        numbers[(row.patrol, row.waypoint)] += 1
        ids.append(f"{row.patrol}/{row.waypoint}/{numbers[(row.patrol, row.waypoint)]}")
        name, guessed = resolve(row.species)
        found.append(name)
        if name is None or guessed:
            doubtful.setdefault((row.species, name), []).append(row.number)
        places.append(firsts[(row.patrol, row.leg, row.waypoint)])
    _report_doubtful(doubtful, columns, report)
    none = [None] * len(picked)
    return typed_frame(
        {
            "dataset": [""] * len(picked),
            "record_id": ids,
            "species": found,
            "scientific_name": [r.species for r in picked],
            "time": [p.time for p in places],
            "lat": [p.lat for p in places],
            "lon": [p.lon for p in places],
            "count": [r.count for r in picked],
            "deployment": none,
            "basis": [BASIS] * len(picked),
            "country": none,
            "licence": none,
            "withheld": none,
        },
        empty_observations(),
    )


def _report_doubtful(
    doubtful: dict[tuple[str, str | None], list[int]], columns: Columns, report: RowProblems
) -> None:
    """One warning per SMART species name that species.toml does not know (its rows listed)."""
    for (raw, name), rows_of in doubtful.items():
        what = (
            "matches no species in species.toml"
            if name is None
            else f"is not in species.toml and is read as the scientific name {quote(name)}"
        )
        report.add(
            columns.names[columns.species],
            "warning",
            f"SMART species {quote(raw)} ({len(rows_of)} row{'s' * (len(rows_of) != 1)}, "
            f"first row {rows_of[0]}) {what}; add an alias under [species] in {MAPPING_FILE} "
            "or a [[species]] entry",
        )
