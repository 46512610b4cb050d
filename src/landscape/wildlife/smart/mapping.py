"""The mapping file (smart-mapping.toml) and the species names it resolves."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from landscape.problems import Problem, Severity
from landscape.readers import read_toml
from landscape.wildlife.model import (
    binomial,
)
from landscape.wildlife.smart.columns import name_key, zone_of

# A species written "Vernacular - Scientific" (or the other way round): its two halves.
_HALVES = re.compile(r"\s+[-\u2013\u2014]\s+")


@dataclass(frozen=True)
class Mapping:
    """Which attribute columns hold species and count, species aliases, the export's zone."""

    species_columns: tuple[str, ...]
    count_columns: tuple[str, ...]
    aliases: dict[str, str]  # normalised SMART name (see name_key) -> scientific name
    timezone: str  # IANA zone of the export's local dates and times


def read_mapping(path: Path, shown: str) -> tuple[Mapping | None, list[Problem]]:
    """Read a mapping file; None (with errors) when it cannot be used."""
    problems: list[Problem] = []

    def add(locator: str, severity: Severity, message: str) -> None:
        problems.append(Problem(shown, locator, severity, message))

    doc, unreadable = read_toml(path, shown)
    if doc is None:
        return None, unreadable
    for name in sorted(set(doc) - {"timezone", "columns", "species"}):
        add(
            name,
            "warning",
            f"unknown key '{name}' is ignored; expected timezone, [columns], [species]",
        )
    zone = doc.get("timezone")
    if zone_of(zone) is None:
        shown_zone = "missing" if zone is None else f"{zone!r}, not a known IANA time zone"
        add(
            "timezone",
            "error",
            f"timezone is {shown_zone}; set it to the zone of the "
            'export\'s local times, e.g. timezone = "Asia/Bishkek" or "Asia/Almaty"',
        )
    lists = _column_lists(doc.get("columns"), add)
    aliases = _aliases(doc.get("species", {}), add)
    if any(p.severity == "error" for p in problems) or aliases is None:
        return None, problems
    mapping = Mapping(lists["species"], lists["count"], aliases, str(zone).strip())
    return mapping, problems


def _column_lists(
    columns: object, add: Callable[[str, Severity, str], None]
) -> dict[str, tuple[str, ...]]:
    """[columns]: the species and count column names given (a key is absent after an error)."""
    lists: dict[str, tuple[str, ...]] = {}
    if not isinstance(columns, dict):
        add(
            "columns",
            "error",
            "[columns] is missing; add [columns] with species = [...] "
            "and count = [...] (the attribute column names)",
        )
        return lists
    for name in sorted(set(columns) - {"species", "count"}):
        add(
            f"columns.{name}",
            "warning",
            f"unknown key '{name}' in [columns] is ignored; expected species and count",
        )
    for name in ("species", "count"):
        value = columns.get(name)
        ok = (
            isinstance(value, list)
            and value
            and all(isinstance(v, str) and v.strip() for v in value)
        )
        if ok:
            lists[name] = tuple(v.strip() for v in value)
        else:
            add(
                f"columns.{name}",
                "error",
                f"[columns] {name} is {value!r}; expected a "
                'non-empty list of column names in quotes, e.g. ["Species", "Вид"]',
            )
    return lists


def _aliases(table: object, add: Callable[[str, Severity, str], None]) -> dict[str, str] | None:
    """[species]: SMART name -> scientific name, keys normalised; None after an error."""
    if not isinstance(table, dict):
        add(
            "species",
            "error",
            '[species] must be a table of "SMART name" = "Scientific name" lines',
        )
        return None
    aliases: dict[str, str] = {}
    ok = True
    for name, target in table.items():
        if not isinstance(target, str) or binomial(target.strip()) is None:
            add(
                f"species.{name}",
                "error",
                f"alias {name!r} = {target!r} is not a scientific "
                'name; expected e.g. "Panthera uncia"',
            )
            ok = False
            continue
        key = name_key(name)
        if key in aliases and aliases[key] != target.strip():
            add(
                f"species.{name}",
                "error",
                f"alias {name!r} differs only in case or spaces "
                f"from another alias with another species ({aliases[key]!r}); keep one",
            )
            ok = False
        aliases[key] = target.strip()
    return aliases if ok else None


def species_resolver(
    aliases: dict[str, str], table: pd.DataFrame
) -> Callable[[str], tuple[str | None, bool]]:
    """SMART species name -> (binomial, guessed): the aliases, then species.toml's scientific
    and common names, then the name itself when it is a binomial ("guessed" when species.toml
    does not know that binomial: it may be a common name such as "Red fox"); None when nothing
    matches. A name written "Vernacular - Scientific" (some data models label their species so)
    is matched by its halves, the last (the scientific name) first: matched whole, "Beruang
    madu - Helarctos malayanus" would be read as the binomial "Beruang madu"."""
    lookup: dict[str, str] = {}
    for record in table.to_dict("records"):
        scientific = binomial(record.get("scientific_name"))
        if scientific is None:
            continue
        lookup.setdefault(name_key(scientific), scientific)
        for column in ("scientific_name", "name_en", "name_ru", "name_ky", "name_kk"):
            value = record.get(column)
            if isinstance(value, str) and value.strip():
                lookup.setdefault(name_key(value), scientific)
    lookup.update({key: binomial(value) or value for key, value in aliases.items()})

    def guess(name: str) -> tuple[str | None, bool]:
        found = binomial(" ".join(name.split()))
        if found is None or " " not in found:
            return None, False
        return lookup.get(name_key(found), found), name_key(found) not in lookup

    def resolve(name: str) -> tuple[str | None, bool]:
        found = lookup.get(name_key(name))
        if found is not None:
            return found, False
        halves = [h for h in _HALVES.split(name.strip()) if h.strip()]
        if len(halves) < 2:
            return guess(name)
        for half in reversed(halves):
            found = lookup.get(name_key(half))
            if found is not None:
                return found, False
        for half in reversed(halves):
            result = guess(half)
            if result[0] is not None:
                return result
        return None, False

    return resolve
