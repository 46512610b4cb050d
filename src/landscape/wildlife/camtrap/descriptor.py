"""datapackage.json: the profile and version, the dataset's metadata, the resources."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path, PurePosixPath
from typing import Any

from landscape.problems import Problem, quote
from landscape.wildlife.camtrap.findings import Resource, Table
from landscape.wildlife.camtrap.schema import (
    COUNTING,
    LEGACY_NAMES,
    TABLES,
    TEXT_COLUMNS,
    USED,
    Era,
)
from landscape.wildlife.camtrap.tables import missing_markers
from landscape.wildlife.model import (
    DatasetMeta,
)

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")

# The version of the standard, from the profile's URL (".../camtrap-dp/1.0.2/camtrap-dp-
# profile.json", ".../camtrap-dp/1.0-rc.1/...", ".../camtrap-dp/0.1.6/...").
_VERSION = re.compile(r"camtrap-dp/v?(\d+(?:\.\d+)*(?:-rc\.?\d+)?)(?=/|$)")
_LEGACY = re.compile(r"0\.1(?:\.\d+)?")  # 0.1 to 0.1.6: converted to 1.0 when read
_RELEASE_CANDIDATE = re.compile(r"1\.0-rc\.?\d+")


# --- datapackage.json --------------------------------------------------------------------------


def read_descriptor(path: Path, where: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    """datapackage.json as a dict, or None and the reason."""

    def error(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(where, "", "error", message)]

    if not path.is_file():
        return error("file is missing; expected the Camtrap DP descriptor datapackage.json")
    try:
        doc = json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return error(f"not valid UTF-8 (byte {exc.start}); expected a UTF-8 JSON file")
    except RecursionError:
        return error("nested too deeply to be read; expected a Camtrap DP descriptor")
    except json.JSONDecodeError as exc:
        return error(
            f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno}); "
            "expected a JSON object"
        )
    except ValueError as exc:  # e.g. an integer of more than 4300 digits
        return error(f"cannot be read as JSON ({exc}); expected a Camtrap DP descriptor")
    except OSError as exc:
        return error(f"cannot be read ({exc.strerror}); expected a readable file")
    if not isinstance(doc, dict):
        return error(f"holds a JSON {type(doc).__name__}; expected a JSON object")
    return doc, []


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def dataset_meta(doc: dict[str, Any], where: str) -> tuple[DatasetMeta, list[Problem]]:
    """What the descriptor says of the dataset as a whole."""
    problems: list[Problem] = []
    licence = ""
    licenses = doc.get("licenses")
    for entry in licenses if isinstance(licenses, list) else []:
        if isinstance(entry, dict) and entry.get("scope") == "data":
            licence = _text(entry.get("name")) or _text(entry.get("path"))
            break
    precision = doc.get("coordinatePrecision")
    if precision is not None and (
        isinstance(precision, bool)
        or not isinstance(precision, int | float)
        or not math.isfinite(precision)
        or precision <= 0
    ):
        problems.append(
            Problem(
                where,
                "coordinatePrecision",
                "warning",
                f"value {precision!r} is not a positive number; expected a number like 0.001; "
                "it is ignored",
            )
        )
        precision = None
    name = _text(doc.get("name")) or _text(doc.get("id"))
    project = doc.get("project")
    project_title = _text(project.get("title")) if isinstance(project, dict) else ""
    meta = DatasetMeta(
        kind="camtrap-dp",
        title=_text(doc.get("title")) or project_title or name,
        citation=_text(doc.get("bibliographicCitation")),
        licence=licence,
        url=_text(doc.get("homepage")),
        name=name,
        coordinate_precision=None if precision is None else float(precision),
        counting=COUNTING,
    )
    return meta, problems


def check_profile(doc: dict[str, Any], where: str) -> tuple[Era, str, list[Problem]]:
    """How to read the package, from the version its profile names: 1.0 and its patches as
    they are, 1.0-rc.1 with its one old value converted, 0.1.x converted to 1.0 (see
    LEGACY_NAMES); a warning when the profile names no Camtrap DP or another version."""
    profile = doc.get("profile")
    text = profile if isinstance(profile, str) else ""
    example = "https://raw.githubusercontent.com/tdwg/camtrap-dp/1.0.2/camtrap-dp-profile.json"
    if "camtrap-dp" not in text:
        message = (
            f"value {profile!r} does not name Camtrap DP; expected the Camtrap DP 1.x "
            f"profile, like {example}; the package is read as Camtrap DP 1.0"
        )
        return "1.0", "", [Problem(where, "profile", "warning", message)]
    found = _VERSION.search(text)
    version = found.group(1) if found else ""
    if _LEGACY.fullmatch(version):
        return "legacy", version, []
    if _RELEASE_CANDIDATE.fullmatch(version):
        return "rc", version, []
    if version and version.split(".")[0] != "1":
        message = (
            f"value {profile!r} is Camtrap DP {version}, which this reader does not know; "
            "expected a 1.x profile (0.1.x and 1.0-rc.1 are converted); the package is read as "
            "Camtrap DP 1.0"
        )
        return "1.0", version, [Problem(where, "profile", "warning", message)]
    return "1.0", version, []


def legacy_problems(version: str, tables: dict[str, Table], where: str) -> list[Problem]:
    """One line about a converted 0.1.x package: a warning that it was converted, or the one
    error saying its tables are not in the 0.1.6 layout and what to do."""
    missing = [
        f"{PurePosixPath(t.resource.shown).name} has no "
        + ", ".join(repr(_legacy_name(name, c)) for c in t.missing)
        for name, t in tables.items()
        if t.missing
    ]
    if missing:
        message = (
            f"the package is Camtrap DP {version}, but its tables are not in the 0.1.6 layout "
            f"that is converted to 1.0 ({'; '.join(missing)}); export it again as Camtrap DP "
            "1.0 (Agouti, TRAPPER and the R package camtrapdp write 1.0) and import that"
        )
        return [Problem(where, "profile", "error", message)]
    read = set(TEXT_COLUMNS).union(*USED.values())
    renamed = sorted(
        {(new not in read, old, new) for t in tables.values() for new, old in t.written.items()}
    )
    shown = ", ".join(f"{old} -> {new}" for _, old, new in renamed[:4])
    more = f" and {len(renamed) - 4} more" if len(renamed) > 4 else ""
    message = (
        f"the package is Camtrap DP {version}: read after converting its tables to Camtrap DP "
        f"1.0 (columns {shown or 'none'}{more} renamed; 0.1.x values such as 'motion "
        "detection' read as their 1.0 equivalents); it is stored as exported. To store it as "
        "1.0, export it again as Camtrap DP 1.0"
    )
    return [Problem(where, "profile", "warning", message)]


def _legacy_name(table: str, name: str) -> str:
    """A 1.0 column as a 0.1.6 table names it."""
    return next((old for old, new in LEGACY_NAMES[table].items() if new == name), name)


def table_resources(
    doc: dict[str, Any], package_dir: Path, shown: str, where: str
) -> tuple[dict[str, Resource], list[Problem]]:
    """The deployments, media and observations resources whose files exist in the package."""
    listed = doc.get("resources")
    if not isinstance(listed, list):
        return {}, [
            Problem(
                where,
                "resources",
                "error",
                f"value {listed!r} is not a list; expected a list of resources named "
                "deployments, media and observations",
            )
        ]
    problems: list[Problem] = []
    by_name = {
        r["name"]: r for r in listed if isinstance(r, dict) and isinstance(r.get("name"), str)
    }
    out: dict[str, Resource] = {}
    for name in TABLES:
        if name not in by_name:
            problems.append(
                Problem(
                    where,
                    "resources",
                    "error",
                    f"no resource named {name!r}; expected resources named deployments, media "
                    "and observations",
                )
            )
            continue
        resource, found = _resource(name, by_name[name], package_dir, shown, where)
        problems += found
        if resource is not None:
            out[name] = resource
    return out, problems


def _resource(
    name: str, entry: dict[str, Any], package_dir: Path, shown: str, where: str
) -> tuple[Resource | None, list[Problem]]:
    """One table resource: its file, checked to lie inside the package, and its markers."""
    value = entry.get("path")
    locator = f"resources/{name}/path"

    def error(message: str) -> tuple[None, list[Problem]]:
        return None, [Problem(where, locator, "error", message)]

    expected = "expected a relative path to a CSV file inside the package folder"
    if not isinstance(value, str) or not value.strip():
        return error(f"value {value!r} is not one path; {expected}, like {name}.csv")
    if value.startswith(("/", "\\")) or re.match(r"[A-Za-z]:[\\/]", value):
        return error(f"value {value!r} is an absolute path; {expected}")
    if "://" in value or _SCHEME.match(value):
        return error(f"value {value!r} is a URL; {expected}")
    parts = re.split(r"[\\/]", value)
    if ".." in parts:
        return error(f"value {value!r} leads out of the package with '..'; {expected}")
    if "\x00" in value or any(len(part.encode("utf-8", "replace")) > 255 for part in parts):
        return error(
            f"value {quote(value)} cannot be a file name here (a NUL character, or a name "
            f"over 255 bytes); {expected}, like {name}.csv"
        )
    path = package_dir / PurePosixPath(value.replace("\\", "/"))
    try:
        inside = path.resolve().is_relative_to(package_dir.resolve())
        found = inside and path.is_file()
    except (OSError, ValueError):  # a path the system cannot use (too long, too deep)
        return error(f"value {quote(value)} cannot be used as a path here; {expected}")
    if not inside:
        return error(f"value {value!r} leads out of the package folder; {expected}")
    if not found:
        return None, [
            Problem(
                f"{shown}/{value}",
                "",
                "error",
                f"file is missing; datapackage.json names it as the {name} table; expected "
                f"the Camtrap DP {name} table here",
            )
        ]
    missing, problems = missing_markers(entry.get("schema"), name, where)
    return Resource(name, path, f"{shown}/{value}", missing), problems
