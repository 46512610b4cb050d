"""Validation and normalisation of the records: ids, names, coordinates, counts."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from landscape.problems import RowProblems, quote
from landscape.region import Region, outside, position_message
from landscape.wildlife.dwc.dates import event_times
from landscape.wildlife.dwc.terms import CORE_ID, Flag, to_numbers
from landscape.wildlife.model import (
    OBSERVATION_COLUMNS,
    binomial,
    empty_observations,
)


def normalise(
    frame: pd.DataFrame,
    numbers: np.ndarray,
    shown: str,
    report: RowProblems,
    region: Region | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """The normalised observations of the valid records, and the mask of the records kept."""
    bad = np.zeros(len(frame), dtype=bool)

    def flag(key: str, mask: pd.Series | np.ndarray, message: Callable[[int], str]) -> None:
        """An error for each record in mask; message(position) says what is wrong."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        bad[positions] = True
        report.rows(key, numbers[positions], lambda i: message(positions[i]), "error", path=shown)

    if not _check_columns(frame, shown, report):
        return empty_observations(), np.zeros(len(frame), dtype=bool)
    frame = _without_na(frame)
    scientific, species, nameless = _names(frame)
    lat, lon = _coordinates(frame, flag, shown, report)
    if region is not None:
        _check_region(frame, lat, lon, region, flag)
    count, dropped = _counts(frame, flag)
    out = _observations(frame, numbers, flag, (scientific, species), (lat, lon), count)
    if dropped.any():
        report.add(
            "occurrenceStatus",
            "warning",
            f"{int(dropped.sum())} records dropped: occurrenceStatus 'absent' or individualCount "
            "0 (an absence is not an occurrence)",
            path=shown,
        )
    _report_unnamed(frame, numbers[nameless & ~bad & ~dropped], shown, report)
    kept = ~bad & ~dropped & ~nameless
    missing = int((out["lat"].isna() & kept).sum())
    if missing and "decimalLatitude" in frame:
        report.add(
            "decimalLatitude",
            "warning",
            f"{missing} of {int(kept.sum())} records have no coordinates (decimalLatitude and "
            "decimalLongitude empty); they are kept but cannot be placed on the map",
            path=shown,
        )
    return out[kept].reset_index(drop=True), kept


def _observations(
    frame: pd.DataFrame,
    numbers: np.ndarray,
    flag: Flag,
    names: tuple[pd.Series, pd.Series],
    position: tuple[pd.Series, pd.Series],
    count: pd.Series,
) -> pd.DataFrame:
    """Every record in the normalised columns; record ids and times are checked here."""
    out = pd.DataFrame(
        {
            "dataset": "",
            "record_id": _record_ids(frame, numbers, flag),
            "species": names[1],
            "scientific_name": names[0],
            "time": event_times(frame, flag),
            "lat": position[0],
            "lon": position[1],
            "count": count,
            "deployment": None,
            "basis": _optional(frame.get("basisOfRecord"), len(frame)),
            "country": _optional(frame.get("countryCode"), len(frame)),
            "licence": _optional(frame.get("license"), len(frame)),
            "withheld": _withheld(frame),
        },
        columns=list(OBSERVATION_COLUMNS),
    )
    out["dataset"] = out["dataset"].astype(object)
    out["deployment"] = out["deployment"].astype(object)
    return out


def _report_unnamed(frame: pd.DataFrame, rows: np.ndarray, shown: str, report: RowProblems) -> None:
    """One warning for the records dropped because they name no taxon (`rows`: their rows)."""
    if not len(rows):
        return
    listed = ", ".join(str(n) for n in rows[:5]) + (
        f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    )
    column = "scientificName" if "scientificName" in frame else "species"
    report.add(
        column,
        "warning",
        f"{len(rows)} record{'s' * (len(rows) != 1)} dropped: no taxon is named "
        f"(scientificName{' and species' if 'species' in frame else ''} empty; GBIF "
        f"leaves them so when it cannot match the name), in row{'s' * (len(rows) != 1)} "
        f"{listed}; name the taxon to keep them",
        path=shown,
    )


def _check_columns(frame: pd.DataFrame, shown: str, report: RowProblems) -> bool:
    """Column-level problems; False when the records cannot be read at all."""
    ok = True
    if "scientificName" not in frame and "species" not in frame:
        report.add(
            "scientificName",
            "error",
            "column is missing; expected a scientificName (or GBIF species) column naming "
            "each record's taxon",
            path=shown,
        )
        ok = False
    has_lat, has_lon = "decimalLatitude" in frame, "decimalLongitude" in frame
    if has_lat != has_lon:
        present, absent = (
            ("decimalLatitude", "decimalLongitude")
            if has_lat
            else ("decimalLongitude", "decimalLatitude")
        )
        report.add(
            absent,
            "error",
            f"column is missing while {present} is present; expected both decimalLatitude "
            "and decimalLongitude, or neither",
            path=shown,
        )
        ok = False
    elif not has_lat:
        report.add(
            "decimalLatitude",
            "warning",
            "no decimalLatitude and decimalLongitude columns: no record can be placed on the map",
            path=shown,
        )
    return ok


# The record id: gbifID first (unique in every GBIF download), else occurrenceID (unique only
# within one publisher's dataset: a GBIF download may repeat 'present' or '1'), else the
# archive's core id, else "row N".
_ID_FIELDS = ("gbifID", "occurrenceID", CORE_ID)


def _record_ids(frame: pd.DataFrame, numbers: np.ndarray, flag: Flag) -> pd.Series:
    """gbifID, else occurrenceID, else the archive's core id, else "row N"; unique or errors."""
    ids = pd.Series("", index=frame.index, dtype=object)
    source = pd.Series("occurrenceID", index=frame.index, dtype=object)
    for name in _ID_FIELDS:
        if name in frame:
            take = ids.eq("") & frame[name].ne("")
            ids = ids.mask(take, frame[name])
            source = source.mask(take, "id" if name == CORE_ID else name)
    unnamed = ids.eq("")
    if unnamed.any():
        ids[unnamed] = [f"row {n}" for n in numbers[unnamed.to_numpy()]]
    duplicated = ids.duplicated(keep="first")
    if duplicated.any():
        values = ids.to_numpy(dtype=object)

        def message(i: int) -> str:
            first = numbers[int(np.argmax(values == values[i]))]
            return (
                f"field '{source.iat[i]}': value {quote(values[i])} was already used in row "
                f"{first}; expected a unique record id per record (gbifID, else occurrenceID)"
            )

        flag("occurrenceID", duplicated, message)
    return ids.astype(object)


# Columns whose "NA" is a missing value (R's write.csv writes NA there): numbers, dates and
# GBIF's numeric id. In text columns "NA" is a value: countryCode NA is Namibia.
_NA_MISSING = ("gbifID", "decimalLatitude", "decimalLongitude", "eventDate", "year", "month")
_NA_MISSING += ("day", "individualCount")


def _without_na(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with "NA" read as empty in the numeric and date columns."""
    present = [c for c in _NA_MISSING if c in frame]
    if not present:
        return frame
    out = frame.copy()
    for column in present:
        values = out[column]
        out[column] = values.mask(values.str.strip().eq("NA"), "")
    return out


def _names(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series, np.ndarray]:
    """scientific_name as given and species (GBIF's species, else the scientificName's
    binomial), and the mask of records that name no taxon at all."""
    empty = pd.Series("", index=frame.index, dtype=object)
    given = frame.get("scientificName")
    gbif = frame.get("species", empty)
    name = given if given is not None else gbif
    lookup = {value: binomial(value) for value in name.unique()}
    species = name.map(lookup).astype(object)
    species = species.mask(gbif.ne(""), gbif.astype(object))
    nameless = (name.eq("") & gbif.eq("")).to_numpy()
    return _optional(name, len(frame)), species.where(species.notna(), None), nameless


def _coordinates(
    frame: pd.DataFrame, flag: Flag, shown: str, report: RowProblems
) -> tuple[pd.Series, pd.Series]:
    """decimalLatitude/decimalLongitude as float64: NaN when both are empty, else validated."""
    nan = pd.Series(np.nan, index=frame.index, dtype="float64")
    if "decimalLatitude" not in frame or "decimalLongitude" not in frame:
        return nan, nan.copy()
    raw = {
        "decimalLatitude": frame["decimalLatitude"],
        "decimalLongitude": frame["decimalLongitude"],
    }
    empty = {name: values.eq("") for name, values in raw.items()}
    for name, other in (
        ("decimalLatitude", "decimalLongitude"),
        ("decimalLongitude", "decimalLatitude"),
    ):
        column = raw[other]
        flag(
            name,
            empty[name] & ~empty[other],
            lambda i, other=other, column=column, name=name: (
                f"field '{name}' is empty while {other} is {quote(column.iat[i])}; expected "
                "both coordinates or neither"
            ),
        )
    parsed: dict[str, pd.Series] = {}
    for name, limit in (("decimalLatitude", 90), ("decimalLongitude", 180)):
        values, number = raw[name], to_numbers(raw[name])
        finite = np.isfinite(number)
        flag(
            name,
            ~empty[name] & ~finite,
            lambda i, name=name, values=values: (
                f"field '{name}': value {quote(values.iat[i])} is not a number; expected "
                "decimal degrees (WGS84) with '.' as the decimal separator"
            ),
        )
        flag(
            name,
            finite & (number.abs() > limit),
            lambda i, name=name, values=values, limit=limit: (
                f"field '{name}': value {quote(values.iat[i])} is out of range; expected a "
                f"number from -{limit} to {limit}"
            ),
        )
        parsed[name] = number.where(finite & (number.abs() <= limit))
    both = parsed["decimalLatitude"].notna() & parsed["decimalLongitude"].notna()
    return parsed["decimalLatitude"].where(both), parsed["decimalLongitude"].where(both)


def _check_region(
    frame: pd.DataFrame, lat: pd.Series, lon: pd.Series, region: Region, flag: Flag
) -> None:
    """An error for every occurrence whose position lies outside `region`."""
    raw_lat, raw_lon = frame["decimalLatitude"], frame["decimalLongitude"]
    flag(
        "decimalLatitude",
        outside(lon, lat, region),
        lambda i: position_message(
            quote(raw_lon.iat[i]),
            quote(raw_lat.iat[i]),
            float(lon.iat[i]),
            float(lat.iat[i]),
            region,
            ("decimalLongitude", "decimalLatitude"),
        ),
    )


def _counts(frame: pd.DataFrame, flag: Flag) -> tuple[pd.Series, np.ndarray]:
    """individualCount as int64 (empty: 1), and the mask of absences to drop."""
    count = pd.Series(1, index=frame.index, dtype="int64")
    dropped = pd.Series(False, index=frame.index)
    if "occurrenceStatus" in frame:
        status = frame["occurrenceStatus"]
        other = status[status.ne("PRESENT") & status.ne("present")]  # the common values
        dropped |= other.str.strip().str.lower().eq("absent").reindex(frame.index, fill_value=False)
    raw = frame.get("individualCount")
    given = raw.ne("") if raw is not None else dropped & False
    if raw is None or not given.any():
        return count, dropped.to_numpy()
    text = raw[given].str.strip()
    whole = text.str.fullmatch(r"\+?\d{1,15}")
    negative = text.str.fullmatch(r"-\s*\d+(\.0*)?")
    expected = "expected a whole number of individuals, 0 or more (empty counts as 1)"
    flag(
        "individualCount",
        negative.reindex(frame.index, fill_value=False),
        lambda i: f"field 'individualCount': value {quote(raw.iat[i])} is negative; {expected}",
    )
    flag(
        "individualCount",
        (~whole & ~negative).reindex(frame.index, fill_value=False),
        lambda i: (
            f"field 'individualCount': value {quote(raw.iat[i])} is not a whole number; " + expected
        ),
    )
    numbers = pd.to_numeric(text[whole]).astype("int64")
    count[numbers.index] = numbers
    dropped |= (numbers == 0).reindex(frame.index, fill_value=False)
    return count, dropped.to_numpy()


def _optional(values: pd.Series | None, length: int) -> pd.Series:
    """Text values as objects, None where empty (or when the column is absent)."""
    if values is None:
        return pd.Series([None] * length, dtype=object)
    return values.astype(object).where(values.ne(""), None)


def _withheld(frame: pd.DataFrame) -> pd.Series:
    """informationWithheld, then dataGeneralizations after "; "; None when both are empty."""
    empty = pd.Series("", index=frame.index, dtype=object)
    withheld = frame.get("informationWithheld", empty)
    general = frame.get("dataGeneralizations", empty)
    joined = withheld.mask(withheld.ne("") & general.ne(""), withheld + "; " + general)
    joined = joined.mask(withheld.eq(""), general)
    return _optional(joined, len(frame))
