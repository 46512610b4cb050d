"""`package_folder`: a package given as its folder, its datapackage.json or its zip."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from landscape.problems import Problem
from landscape.readers import MAX_TABLE_BYTES
from landscape.wildlife.camtrap.schema import DESCRIPTOR
from landscape.wildlife.dwc import BOMB_MIN_BYTES, BOMB_RATIO, MAX_ARCHIVE_BYTES

_JUNK = re.compile(r"(^|/)(__MACOSX/|\._)")  # what macOS adds to the zips it makes


@contextmanager
def package_folder(source: Path, shown: str) -> Iterator[tuple[Path | None, str, list[Problem]]]:
    """The folder of the package at `source`, how to show it in problems, and any problems.

    `source` is the package's folder, the path of its datapackage.json, or a zip holding the
    package (as it is downloaded from Agouti or the GBIF IPT), with datapackage.json at the
    zip's root or in one folder of it. A zip is unpacked into a temporary folder that is
    removed on leaving the context: only datapackage.json and the files its resources name,
    with the refusals of a Darwin Core archive (a name leaving the folder, a zip bomb, more than
    MAX_ARCHIVE_BYTES in all). The folder is None when there is no package to read.
    """
    source = Path(source)
    if source.is_dir():
        yield source, shown, []
        return
    if source.is_file() and source.name == DESCRIPTOR:
        parent = shown[: -len(DESCRIPTOR)].rstrip("/\\") if shown.endswith(DESCRIPTOR) else shown
        yield source.parent, parent or ".", []
        return
    if source.is_file() and _is_zip(source):
        with tempfile.TemporaryDirectory(prefix="landscape-camtrap-") as tmp:
            folder, base, problems = _unzip(source, Path(tmp), shown)
            yield folder, f"{shown}/{base}" if base else shown, problems
        return
    if source.is_file():
        message = (
            "is a file, but neither a package's datapackage.json nor a zip; expected a Camtrap "
            "DP package: its folder, its datapackage.json, or the zip it was downloaded as"
        )
    else:
        message = (
            "folder is missing; expected a Camtrap DP package folder holding "
            "datapackage.json, deployments.csv, media.csv and observations.csv (or the "
            "package's datapackage.json, or its zip)"
        )
    yield None, shown, [Problem(shown, "", "error", message)]


def _is_zip(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(4) in (b"PK\x03\x04", b"PK\x05\x06")
    except OSError:
        return False


def _unzip(archive: Path, target: Path, shown: str) -> tuple[Path | None, str, list[Problem]]:
    """Unpack a zipped package into `target`: (the folder, its folder in the zip, problems)."""

    def refused(locator: str, message: str) -> tuple[None, str, list[Problem]]:
        return None, "", [Problem(shown, locator, "error", message)]

    try:
        with zipfile.ZipFile(archive) as opened:
            members = [m for m in opened.infolist() if not m.is_dir()]
            for member in members:
                fault = _unsafe_member(member)
                if fault:
                    return refused(member.filename, fault)
            by_name = {m.filename: m for m in members if not _JUNK.search(m.filename)}
            found = sorted(n for n in by_name if PurePosixPath(n).name == DESCRIPTOR)
            found = [DESCRIPTOR] if DESCRIPTOR in by_name else found
            if len(found) != 1:
                what = "no datapackage.json" if not found else f"{len(found)} datapackage.json"
                return refused(
                    "",
                    f"the zip holds {what}; expected one Camtrap DP package (datapackage.json "
                    "and its tables) at the zip's root or in one folder",
                )
            base = found[0][: -len(DESCRIPTOR)]
            descriptor = by_name[found[0]]
            with opened.open(descriptor) as handle:
                text = handle.read(MAX_TABLE_BYTES)
            wanted = [descriptor] + [
                by_name[base + path] for path in _resource_paths(text) if base + path in by_name
            ]
            total = sum(m.file_size for m in wanted)
            if total > MAX_ARCHIVE_BYTES:
                return refused(
                    "",
                    f"the package's files declare {total} bytes uncompressed; the zip is "
                    f"refused: expected at most {MAX_ARCHIVE_BYTES} bytes in all",
                )
            for member in wanted:
                path = target.joinpath(*PurePosixPath(member.filename[len(base) :]).parts)
                path.parent.mkdir(parents=True, exist_ok=True)
                with opened.open(member) as source, open(path, "wb") as out:
                    shutil.copyfileobj(source, out)  # zipfile checks the declared size and CRC
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError) as exc:
        return refused("", f"cannot be read as a zip ({exc}); download the package again")
    return target, base.rstrip("/"), []


def _unsafe_member(member: zipfile.ZipInfo) -> str:
    """Why a zip member may not be unpacked ("" when it may)."""
    name = member.filename
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
        return (
            f"member name {name!r} is absolute or climbs out with '..' (a zip slip); the zip "
            "is refused: expected names relative to the zip"
        )
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > BOMB_MIN_BYTES and ratio > BOMB_RATIO:
        return (
            f"member {name!r} expands {ratio:.0f} times to {member.file_size} bytes (a zip "
            f"bomb); the zip is refused: expected at most {BOMB_RATIO} times for members over "
            f"{BOMB_MIN_BYTES} bytes"
        )
    return ""


def _resource_paths(data: bytes) -> list[str]:
    """The relative paths of the tables a descriptor names (none when it cannot be read)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (ValueError, RecursionError):
        return []
    listed = doc.get("resources") if isinstance(doc, dict) else None
    paths = (
        [r.get("path") for r in listed if isinstance(r, dict)] if isinstance(listed, list) else []
    )
    out = []
    for path in paths:
        if isinstance(path, str):
            path = path.replace("\\", "/")
            while path.startswith("./"):
                path = path[2:]
            out.append(path)
    return out
