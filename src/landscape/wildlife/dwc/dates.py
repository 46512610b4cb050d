"""eventDate (ISO 8601 or GBIF's old Java form, intervals) and year/month/day."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from landscape.problems import quote
from landscape.wildlife.dwc.terms import Flag, to_numbers

_ISO_DATE = re.compile(
    r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}(:\d{2}(:\d{2}([.,]\d+)?)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?)?)?"
)
_DATE_FORMS = (
    "an ISO 8601 date such as 2020-05-03, 2020-05, 2020, 2020-05-03T14:30:00Z, "
    "2020-05-03T14:30:00+02:00 or an interval 2020-05-01/2020-05-31 (or GBIF's old form "
    "Tue Apr 01 00:00:00 CET 1930)"
)
# GBIF's downloads of about 2014-2016 wrote eventDate as Java prints a date: "Tue Apr 01
# 00:00:00 CET 1930" (weekday, month, day, time, zone, year).
_JAVA_DATE = re.compile(
    r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([A-Z]{2,5}) (\d{4})"
)
_JAVA_MONTHS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7}
_JAVA_MONTHS |= {"Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}
# The zone names Java prints that name one offset (hours from UTC); "CST" or "IST" name several.
_JAVA_ZONES = {"UTC": 0, "GMT": 0, "WET": 0, "WEST": 1, "CET": 1, "CEST": 2, "MET": 1}
_JAVA_ZONES |= {"MEST": 2, "EET": 2, "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "MST": -7}
_JAVA_ZONES |= {"MDT": -6, "PST": -8, "PDT": -7}
_EARLIEST = pd.Timestamp("1678-01-01", tz="UTC")  # datetime64[ns] holds 1677-09-21 .. 2262-04-11
_LATEST = pd.Timestamp("2262-01-01", tz="UTC")


def event_times(frame: pd.DataFrame, flag: Flag) -> pd.Series:
    """eventDate (the start of an interval) in UTC; year/month/day where it is empty; else NaT."""
    parsed = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns, UTC]")
    empty = pd.Series(True, index=frame.index)
    if "eventDate" in frame:
        raw = frame["eventDate"]
        empty = raw.eq("")
        start = raw.str.strip()
        interval = start.str.contains("/", regex=False)
        end = pd.Series("", index=frame.index)
        if interval.any():
            end = end.mask(interval, start[interval].str.replace(r"^[^/]*/", "", regex=True))
            start = start.mask(interval, start[interval].str.replace(r"/.*$", "", regex=True))
        value = _parse_times(start)
        flag(
            "eventDate",
            ~empty & value.isna(),
            lambda i: (
                f"field 'eventDate': value {quote(raw.iat[i])} is not a date; "
                f"expected {_DATE_FORMS}"
            ),
        )
        outside = value.notna() & ((value < _EARLIEST) | (value >= _LATEST))
        flag(
            "eventDate",
            outside,
            lambda i: (
                f"field 'eventDate': value {quote(raw.iat[i])} is outside the years "
                f"{_EARLIEST.year} to {_LATEST.year - 1}; expected a date in that range"
            ),
        )
        parsed = value.where(~outside).astype("datetime64[ns, UTC]")
        _check_interval(raw, parsed, _parse_times(end), flag)
    if "year" in frame:
        rows = np.flatnonzero((empty & frame["year"].ne("")).to_numpy())
        if len(rows):
            parsed.iloc[rows] = _date_parts(frame, rows, flag).to_numpy()
    return parsed


def _parse_times(texts: pd.Series) -> pd.Series:
    """ISO 8601 dates or times (or GBIF's old Java form) in UTC; NaT where a text is not one
    (or is empty)."""
    form = texts.str.fullmatch(_ISO_DATE.pattern)
    times = pd.to_datetime(
        texts.where(form).str.replace(",", ".", regex=False),
        format="ISO8601",
        utc=True,
        errors="coerce",
    )
    java = ~form & texts.str.contains(":", regex=False)
    if java.any():
        found = _java_times(texts[java]).dropna()
        if len(found):
            times = times.astype("datetime64[ns, UTC]") if times.isna().all() else times
            times.loc[found.index] = found
    return times


def _java_times(texts: pd.Series) -> pd.Series:
    """GBIF's old "Tue Apr 01 00:00:00 CET 1930" in UTC. Midnight stands for the date alone (GBIF
    wrote dates at midnight of its server's zone), so it is that day, like "1930-04-01"; another
    time is read in the named zone. NaT where a text is not this form, its date is not real,
    or its time is not midnight and its zone names no one offset."""
    parts = texts.str.strip().str.extract(f"^{_JAVA_DATE.pattern}$")
    found = parts[0].notna()
    out = pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns, UTC]")
    if not found.any():
        return out
    p = parts[found]
    numbers = p[[1, 2, 3, 4, 6]].astype("int64")
    local = pd.to_datetime(
        pd.DataFrame(
            {
                "year": numbers[6],
                "month": p[0].map(_JAVA_MONTHS),
                "day": numbers[1],
                "hour": numbers[2],
                "minute": numbers[3],
                "second": numbers[4],
            }
        ),
        errors="coerce",
        utc=True,
    )
    midnight = (numbers[2] == 0) & (numbers[3] == 0) & (numbers[4] == 0)
    offset = p[5].map(_JAVA_ZONES).astype("float64")
    shifted = local - pd.to_timedelta(offset.fillna(0), unit="h")
    out[found] = shifted.where(offset.notna()).mask(midnight, local)
    return out


def _check_interval(raw: pd.Series, start: pd.Series, end: pd.Series, flag: Flag) -> None:
    """An error where an eventDate interval ends on a day before the one it starts on. Ends
    written short (2023-06-01/15) are not read; times of day are not compared, so an
    interval within one day is never refused."""
    before = start.notna() & end.notna() & (end.dt.floor("D") < start.dt.floor("D"))
    flag(
        "eventDate",
        before,
        lambda i: (
            f"field 'eventDate': value {quote(raw.iat[i])} is an interval that ends before it "
            "starts; expected start/end with the end at or after the start, like "
            "2023-06-01/2023-06-30"
        ),
    )


def _date_parts(frame: pd.DataFrame, rows: np.ndarray, flag: Flag) -> pd.Series:
    """Dates from year, month and day (missing month or day: the first) of the records at
    positions `rows`; NaT where they are not valid."""
    part = frame.iloc[rows]
    size = len(frame)

    def everywhere(mask: pd.Series) -> np.ndarray:
        """A mask over the part as a mask over the whole frame."""
        full = np.zeros(size, dtype=bool)
        full[rows[mask.to_numpy()]] = True
        return full

    numbers: dict[str, pd.Series] = {}
    ok = pd.Series(True, index=part.index)
    first, last = _EARLIEST.year, _LATEST.year - 1
    for name, low, high in (("year", first, last), ("month", 1, 12), ("day", 1, 31)):
        if name not in part:
            numbers[name] = pd.Series(1.0, index=part.index)
            continue
        raw = frame[name]
        given = part[name].ne("")
        number = to_numbers(part[name])
        valid = number.notna() & (number % 1 == 0) & number.between(low, high)
        flag(
            name,
            everywhere(given & ~valid),
            lambda i, name=name, raw=raw, low=low, high=high: (
                f"field '{name}': value {quote(raw.iat[i])} is not valid; expected a whole "
                f"number from {low} to {high}"
            ),
        )
        ok &= ~given | valid
        numbers[name] = number.where(given & valid, 1.0)
    table = pd.DataFrame({k: v[ok].astype("int64") for k, v in numbers.items()})
    dates = pd.to_datetime(table, errors="coerce", utc=True).astype("datetime64[ns, UTC]")
    present = [n for n in ("year", "month", "day") if n in frame]
    flag(
        "year",
        everywhere(ok & ok.index.isin(dates.index[dates.isna()])),
        lambda i: (
            f"fields {', '.join(present)}: values "
            + ", ".join(quote(frame[n].iat[i]) for n in present)
            + " do not form a date; expected a real calendar date"
        ),
    )
    return dates.reindex(part.index)
