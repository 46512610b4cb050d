"""The records kept (inside the area, licence accepted) as a Darwin Core text."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely

from landscape.importers.gbif.query import Area, licence_label, plain_text

# The Darwin Core file handed to the importer: GBIF's own term names.
_COLUMNS = (
    "gbifID",
    "datasetKey",
    "scientificName",
    "species",
    "decimalLatitude",
    "decimalLongitude",
    "coordinateUncertaintyInMeters",
    "eventDate",
    "year",
    "month",
    "day",
    "individualCount",
    "occurrenceStatus",
    "basisOfRecord",
    "countryCode",
    "license",
    "informationWithheld",
    "dataGeneralizations",
    "datasetName",
    "institutionCode",
)


def gbif_id(record: dict[str, Any]) -> str | None:
    value = record.get("gbifID", record.get("key"))
    if value is None or str(value).strip() == "":
        return None
    return str(value).strip()


@dataclass
class Kept:
    records: list[dict[str, Any]]
    outside: int = 0  # outside the area's exact shape
    licences: Counter[str] = field(default_factory=Counter)  # refused licence -> records

    @property
    def refused(self) -> int:
        return sum(self.licences.values())


def keep(records: Iterable[dict[str, Any]], where: Area) -> Kept:
    """The records inside the area's exact shape and under an accepted licence."""
    out = Kept([])
    for record in records:
        lat, lon = _number(record.get("decimalLatitude")), _number(record.get("decimalLongitude"))
        if lat is None or lon is None or not shapely.intersects_xy(where.shape, lon, lat):
            out.outside += 1
            continue
        if licence_label(record.get("license")) is None:
            out.licences[str(record.get("license") or "no licence")] += 1
            continue
        out.records.append(record)
    return out


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def was_generalised(record: dict[str, Any]) -> bool:
    return any(plain_text(record.get(t)) for t in ("informationWithheld", "dataGeneralizations"))


def occurrence_text(records: Sequence[dict[str, Any]]) -> str:
    """The records as a tab-separated Darwin Core occurrence file, GBIF's term names."""
    lines = ["\t".join(_COLUMNS)]
    for record in records:
        values = dict(record, gbifID=gbif_id(record))
        lines.append("\t".join(plain_text(values.get(term)) for term in _COLUMNS))
    return "\n".join(lines) + "\n"
