"""`write_occurrences`: normalised observations back to a Darwin Core occurrence file."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from landscape.atomic import replace_file
from landscape.wildlife.dwc.terms import KEPT_TERMS

_WRITTEN = (
    ("occurrenceID", "record_id"),
    ("basisOfRecord", "basis"),
    ("scientificName", "scientific_name"),
    ("species", "species"),
    ("eventDate", "time"),
    ("decimalLatitude", "lat"),
    ("decimalLongitude", "lon"),
    ("individualCount", "count"),
    ("countryCode", "country"),
    ("license", "licence"),
    ("informationWithheld", "withheld"),
)


def write_occurrences(
    observations: pd.DataFrame, path: Path, terms: pd.DataFrame | None = None
) -> None:
    """Write normalised observations as a tab-separated UTF-8 Darwin Core occurrence file.

    Columns: occurrenceID, basisOfRecord, scientificName, species, eventDate (ISO 8601 in UTC,
    e.g. 2023-04-19T12:04:00Z), decimalLatitude, decimalLongitude (the float's repr),
    individualCount, countryCode, license, informationWithheld; then the KEPT_TERMS columns of
    `terms` (a reader's Parsed.terms, row for row), as they are. Missing values are empty; tabs
    and line breaks inside values become spaces; no quoting; LF line endings. The same frame
    always gives the same bytes, and `read_dwc` of the file gives the frame back.
    """
    columns = [_written(observations[source], source) for _, source in _WRITTEN]
    header = [term for term, _ in _WRITTEN]
    if terms is not None:
        extra = [term for term in KEPT_TERMS if term in terms]
        columns += [_written(terms[term].reset_index(drop=True), term) for term in extra]
        header += extra
    lines = ["\t".join(header)]
    lines += map("\t".join, zip(*columns, strict=True))
    data = ("\n".join(lines) + "\n").encode("utf-8")
    replace_file(path, lambda tmp: tmp.write_bytes(data))


def _written(values: pd.Series, source: str) -> list[str]:
    """One output column as text values: empty when missing, no tabs or line breaks."""
    if source == "time":
        return _iso_times(values)
    if source in ("lat", "lon"):
        return ["" if v != v else repr(v) for v in values.astype("float64").tolist()]
    if source == "count":
        return [str(v) for v in values.astype("int64").tolist()]
    text = pd.Series(values.astype(object).where(values.notna(), "").tolist(), dtype="str")
    return text.str.replace(r"[\t\r\n]", " ", regex=True).tolist()


def _iso_times(values: pd.Series) -> list[str]:
    """ISO 8601 UTC texts ("2023-04-19T12:04:00Z", with a fraction only when non-zero)."""
    times = pd.to_datetime(values, utc=True).astype("datetime64[ns, UTC]")
    naive = times.dt.tz_convert(None).to_numpy(dtype="datetime64[ns]")
    seconds = np.datetime_as_string(naive.astype("datetime64[s]"), unit="s").tolist()
    nanos = (naive - naive.astype("datetime64[s]")).astype("int64").tolist()
    missing = np.isnat(naive).tolist()
    return [_iso(*parts) for parts in zip(seconds, nanos, missing, strict=True)]


def _iso(second: str, nano: int, missing: bool) -> str:
    """ "2023-04-19T12:04:00" and 5 ns -> "2023-04-19T12:04:00.000000005Z"; "" when missing."""
    if missing:
        return ""
    return f"{second}.{nano:09d}".rstrip("0") + "Z" if nano else second + "Z"
