"""Validation of records and geometries against the schema in schema.py.

Every check returns problems instead of raising. A problem names the file, the feature or row,
the field, the bad value and the fix. Records with a bad required field are dropped; a bad
optional field is blanked; the rest of the layer keeps loading.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from typing import Any

import geopandas as gpd
import pandas as pd
import shapely
from shapely.validation import explain_validity

from landscape.mapview.palette import is_color
from landscape.problems import Problem, quote
from landscape.schema import Field, Layer
from landscape.text import LANGS, is_blank

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
COLOUR = '("#" and 3, 4, 6 or 8 hexadecimal digits, or a CSS name such as teal)'


class Invalid(ValueError):
    """A field value that cannot be used; the message says what was expected."""


def split_refs(value: Any) -> list[str]:
    """Ids from a list or a ';'-separated string; blanks give an empty list."""
    if is_blank(value):
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    out = [str(item).strip() for item in items]
    if any(not ID_PATTERN.match(item) for item in out):
        raise Invalid("ids separated by ';' (or a TOML list of ids)")
    return out


def _choices(field: Field, value: Any) -> list[str]:
    """A TOML list (or ';'-separated text) of allowed words; blanks give an empty list."""
    if is_blank(value):
        return []
    items = value if isinstance(value, list | tuple) else str(value).split(";")
    out = [str(item).strip() for item in items]
    if any(item not in field.choices for item in out):
        raise Invalid("a list of: " + ", ".join(field.choices))
    return out


def _to_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise Invalid("a date written YYYY-MM-DD, e.g. 2024-02-12") from None


def _to_number(value: Any, field: Field) -> float:
    if isinstance(value, bool):
        raise Invalid("a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Invalid("a number") from None
    except OverflowError:  # a TOML integer beyond 1.8e308
        raise Invalid("a finite number") from None
    if math.isnan(number) or math.isinf(number):
        raise Invalid("a finite number")
    if field.kind == "int" and number != int(number):
        raise Invalid("a whole number")
    low, high = field.low, field.high
    if (low is not None and number < low) or (high is not None and number > high):
        raise Invalid(f"a number from {low:g} to {high:g}")
    return number


def clean_value(field: Field, value: Any) -> Any:
    """The value in its proper type, None when blank; Invalid when it cannot be used."""
    if field.kind in ("refs", "ref"):
        refs = split_refs(value)
        if field.kind == "ref":
            if len(refs) > 1:
                raise Invalid("a single id")
            return refs[0] if refs else None
        return refs
    if field.kind == "choices":
        return _choices(field, value)
    if field.kind in ("bool", "color", "colors"):
        return _typed(field, value)
    if is_blank(value):
        return None
    match field.kind:
        case "id":
            if not isinstance(value, str) or not ID_PATTERN.match(value):
                raise Invalid("an id of letters, digits, '-', '_' or '.' (at most 64)")
            return value
        case "str" | "text":
            if not isinstance(value, str):
                raise Invalid("text")
            return value.strip()
        case "url":
            if not isinstance(value, str) or not re.match(r"^https?://\S+$", value.strip()):
                raise Invalid("an http:// or https:// address")
            return value.strip()
        case "date":
            return _to_date(value)
        case "int":
            return int(_to_number(value, field))
        case "float":
            return _to_number(value, field)
        case "choice":
            if str(value) not in field.choices:
                raise Invalid("one of " + ", ".join(field.choices))
            return str(value)
    raise AssertionError(f"unknown field kind {field.kind}")


def _typed(field: Field, value: Any) -> Any:
    """The kinds of settings files, whose TOML keeps its types: true/false and colours."""
    if field.kind == "bool":
        if not isinstance(value, bool):
            raise Invalid("true or false without quotes")
        return value
    if field.kind == "color":
        if not is_color(value):
            raise Invalid("a colour " + COLOUR)
        return value
    if not (isinstance(value, list) and value and all(is_color(v) for v in value)):
        raise Invalid("a list of colours, each " + COLOUR)
    return list(value)


def _columns(field: Field) -> list[str]:
    return [f"{field.name}_{code}" for code in LANGS] if field.kind == "text" else [field.name]


def clean_record(
    layer: Layer, raw: dict[str, Any], shown: str, locator: str
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """One record checked field by field; None when a required field is unusable."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    keep = True
    for field in layer.fields:
        for column in _columns(field):
            value = raw.get(column)
            required = field.required and (field.kind != "text" or column.endswith("_en"))
            try:
                cleaned = clean_value(field, value)
            except Invalid as bad:
                problems.append(
                    Problem(
                        shown,
                        locator,
                        "error",
                        f"field '{column}': value {quote(value)} is not usable; expected {bad}",
                    )
                )
                cleaned, keep = None, keep and not required
            else:
                if required and is_blank(cleaned):
                    hint = f" ({field.doc})" if field.doc else ""
                    problems.append(
                        Problem(
                            shown,
                            locator,
                            "error",
                            f"field '{column}' is required and missing; add it{hint}",
                        )
                    )
                    keep = False
            out[column] = cleaned
    problems += _bare_text_fields(layer, raw, shown, locator)
    problems += _untranslated(layer, out, shown, locator)
    problems += _date_order(out, shown, locator)
    return (out if keep else None), problems


def _bare_text_fields(layer: Layer, raw: dict[str, Any], shown: str, locator: str) -> list[Problem]:
    """A warning for a translated field written without its language (`title` for `title_en`,
    ...): it would be ignored without a word, and its text would vanish from the dashboard."""
    return [
        Problem(
            shown,
            locator,
            "warning",
            f"field '{field.name}' is ignored: it is written per language; rename it to "
            f"'{field.name}_en' and add " + ", ".join(f"'{field.name}_{c}'" for c in LANGS[1:]),
        )
        for field in layer.fields
        if field.kind == "text" and field.name in raw and not is_blank(raw.get(field.name))
    ]


def _untranslated(layer: Layer, rec: dict[str, Any], shown: str, locator: str) -> list[Problem]:
    """A warning listing the translations that fall back to English."""
    missing: dict[str, list[str]] = {}
    for field in layer.fields:
        if field.kind != "text" or is_blank(rec.get(f"{field.name}_en")):
            continue
        for code in LANGS[1:]:
            if is_blank(rec.get(f"{field.name}_{code}")):
                missing.setdefault(code, []).append(field.name)
    if not missing:
        return []
    parts = "; ".join(f"{code}: {', '.join(names)}" for code, names in missing.items())
    return [Problem(shown, locator, "warning", f"untranslated, English is shown ({parts})")]


def _date_order(rec: dict[str, Any], shown: str, locator: str) -> list[Problem]:
    start, end = rec.get("start"), rec.get("end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        return [
            Problem(
                shown,
                locator,
                "error",
                f"field 'end': {end} is before start {start}; swap or correct the dates",
            )
        ]
    return []


def clean_records(
    layer: Layer, rows: Iterable[dict[str, Any]], shown: str, noun: str = "row"
) -> tuple[list[dict[str, Any]], list[int], list[Problem]]:
    """Clean all records; returns the kept records, their input positions and the problems."""
    kept: list[dict[str, Any]] = []
    positions: list[int] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, raw in enumerate(rows):
        raw_id = raw.get("id")
        locator = str(raw_id) if isinstance(raw_id, str) and raw_id else f"{noun} {index + 1}"
        rec, found = clean_record(layer, raw, shown, locator)
        problems += found
        if rec is None:
            continue
        if rec["id"] in seen:
            problems.append(
                Problem(
                    shown,
                    locator,
                    "error",
                    f"field 'id': duplicate id {rec['id']!r}; give each {noun} its own id",
                )
            )
            continue
        seen.add(rec["id"])
        kept.append(rec)
        positions.append(index)
    return kept, positions, problems


def clean_geometries(
    layer: Layer, frame: gpd.GeoDataFrame, shown: str
) -> tuple[gpd.GeoDataFrame | None, list[Problem]]:
    """Reproject to EPSG:4326, repair invalid geometry with a warning, reject what can't be used."""
    if frame.crs is None:
        return None, [
            Problem(
                shown,
                "",
                "error",
                "the file has no coordinate reference system; save it with one "
                "(e.g. EPSG:4326, or a .prj beside a shapefile)",
            )
        ]
    try:
        frame = frame.to_crs("EPSG:4326")
    except Exception as exc:  # pyproj raises several types for unusable CRSs
        return None, [Problem(shown, "", "error", f"cannot convert to EPSG:4326 ({exc})")]
    problems: list[Problem] = []
    keep: list[bool] = []
    geoms: list[Any] = []
    for index, geom in enumerate(frame.geometry):
        rid = frame["id"].iloc[index] if "id" in frame.columns else None
        locator = str(rid) if isinstance(rid, str) and rid else f"feature {index + 1}"
        fixed, found = _clean_geometry(layer, geom, shown, locator)
        problems += found
        keep.append(fixed is not None)
        geoms.append(fixed)
    frame = frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs="EPSG:4326"))
    return frame[pd.Series(keep, index=frame.index, dtype=bool)], problems


def _clean_geometry(layer: Layer, geom: Any, shown: str, locator: str) -> tuple[Any, list[Problem]]:
    def bad(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(shown, locator, "error", message)]

    expected = " or ".join(layer.geometry)
    if geom is None or geom.is_empty:
        return bad(f"geometry is empty; draw a {expected}")
    minx, miny, maxx, maxy = geom.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        return bad(
            f"coordinates {geom.bounds} are outside longitude/latitude range after conversion "
            "to EPSG:4326; the file's CRS is probably wrong"
        )
    problems: list[Problem] = []
    if not geom.is_valid:
        reason = explain_validity(geom)
        geom = shapely.make_valid(geom)
        if layer.geometry[0] == "Polygon":
            geom = _polygonal(geom)
        if geom is None or geom.is_empty or not geom.is_valid:
            return bad(f"invalid geometry ({reason}) that cannot be repaired; redraw it")
        problems.append(
            Problem(shown, locator, "warning", f"invalid geometry ({reason}) was repaired")
        )
    if geom.geom_type not in layer.geometry:
        return bad(f"geometry is a {geom.geom_type}; this layer takes {expected}")
    return geom, problems


def _polygonal(geom: Any) -> Any:
    """Only the polygon parts of a repaired geometry (make_valid may add lines or points)."""
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    if not parts:
        return None
    merged = shapely.union_all(parts)
    return merged if merged.geom_type in ("Polygon", "MultiPolygon") else None
