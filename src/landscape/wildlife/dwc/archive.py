"""Darwin Core Archives: a zip read in memory (zip slip and bombs refused), or its folder."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from landscape.problems import RowProblems
from landscape.readers import too_large
from landscape.wildlife.dwc.metaxml import child, describe_core, local_name, parse_xml
from landscape.wildlife.dwc.terms import Eml, Layout
from landscape.wildlife.dwc.text import decode, sniff

# Zip safety (see the package docstring). Sizes in bytes.
MAX_ARCHIVE_BYTES = 1 << 30  # 1 GiB: all members' declared uncompressed sizes together
MAX_MEMBER_BYTES = 1 << 30  # 1 GiB: read cap for any one member, whatever it declares
BOMB_RATIO = 100  # a member compressed more than this many times ...
BOMB_MIN_BYTES = 50 * 1024 * 1024  # ... and larger than 50 MB uncompressed is a zip bomb
# What reading a damaged, encrypted or exotic zip raises (NotImplementedError is a RuntimeError).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError)
_JUNK = re.compile(r"(^|/)(__MACOSX/|\._)")


Reader = Callable[[str], "bytes | None"]  # a member's bytes by its name (None: refused)


def open_archive(
    path: Path, shown: str, report: RowProblems
) -> tuple[str | None, Layout | None, Eml, str]:
    """The occurrence text of a zip (a Darwin Core Archive, or a zip of one text file)."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if not _safe(members, shown, report):
                return None, None, Eml(), shown
            files = {m.filename: m for m in members if not m.is_dir()}
            if _is_excel(files):
                report.add(
                    "",
                    "error",
                    "is an Excel workbook (.xlsx), not a Darwin Core file or archive; save the "
                    "sheet as CSV UTF-8 (comma-separated) and pass that",
                    path=shown,
                )
                return None, None, Eml(), shown

            def read(name: str) -> bytes | None:
                return _read_member(archive, files[name], shown, report)

            return _open_members(set(files), read, shown, "zip", report)
    except _ZIP_ERRORS as exc:
        report.add(
            "", "error", f"cannot be read as a zip ({exc}); export the archive again", path=shown
        )
        return None, None, Eml(), shown


def _is_excel(files: dict[str, zipfile.ZipInfo]) -> bool:
    return "[Content_Types].xml" in files and any(n.startswith("xl/") for n in files)


def open_folder(
    folder: Path, shown: str, report: RowProblems
) -> tuple[str | None, Layout | None, Eml, str]:
    """The occurrence text of a folder: an unzipped Darwin Core Archive (GBIF's download,
    unpacked: meta.xml, occurrence.txt, ...), or a folder holding one .txt or .csv file."""
    try:
        names = {
            p.relative_to(folder).as_posix()
            for p in folder.rglob("*")
            if p.is_file() and p.suffix.lower() in (".xml", ".txt", ".csv")
        }
    except OSError as exc:
        report.add(
            "", "error", f"cannot be read ({exc.strerror or exc}); check the path", path=shown
        )
        return None, None, Eml(), shown

    def read(name: str) -> bytes | None:
        path = folder / name
        refused = too_large(path, MAX_MEMBER_BYTES)
        if refused:
            report.add("", "error", refused, path=f"{shown}/{name}")
            return None
        try:
            return path.read_bytes()
        except OSError as exc:
            report.add(
                "", "error", f"cannot be read ({exc.strerror or exc})", path=f"{shown}/{name}"
            )
            return None

    return _open_members(names, read, shown, "folder", report)


def _open_members(
    names: set[str], read: Reader, shown: str, what: str, report: RowProblems
) -> tuple[str | None, Layout | None, Eml, str]:
    """The occurrence text of a zip's or a folder's files."""
    meta_name = _meta_xml(names)
    if meta_name is None:
        return _single_file(names, read, shown, what, report)
    return _core(names, read, meta_name, shown, report)


def _safe(members: list[zipfile.ZipInfo], shown: str, report: RowProblems) -> bool:
    """Refuse zip slip names and zip bombs, from the central directory alone."""
    ok = True
    for member in members:
        name = member.filename
        parts = re.split(r"[/\\]", name)
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
            report.add(
                name,
                "error",
                f"member name {name!r} is absolute or climbs out with '..' (a zip slip); "
                "the archive is refused: expected names relative to the archive",
                path=shown,
            )
            ok = False
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > BOMB_MIN_BYTES and ratio > BOMB_RATIO:
            report.add(
                name,
                "error",
                f"member {name!r} expands {ratio:.0f} times to {member.file_size} bytes "
                f"(a zip bomb); the archive is refused: expected at most {BOMB_RATIO} times "
                f"for members over {BOMB_MIN_BYTES} bytes",
                path=shown,
            )
            ok = False
    total = sum(m.file_size for m in members)
    if total > MAX_ARCHIVE_BYTES:
        report.add(
            "",
            "error",
            f"the members declare {total} bytes uncompressed; the archive is refused: expected "
            f"at most {MAX_ARCHIVE_BYTES} bytes in all",
            path=shown,
        )
        ok = False
    return ok


def _read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, shown: str, report: RowProblems
) -> bytes | None:
    """A member's bytes, read in memory with a cap whatever its declared size."""
    cap = min(member.file_size, MAX_MEMBER_BYTES)
    with archive.open(member) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        report.add(
            member.filename,
            "error",
            f"member {member.filename!r} holds more than its declared {member.file_size} bytes "
            f"or the limit of {MAX_MEMBER_BYTES}; the archive is refused",
            path=shown,
        )
        return None
    return data


def _meta_xml(files: set[str]) -> str | None:
    """The archive's meta.xml: at the root, else the only one in a subfolder."""
    if "meta.xml" in files:
        return "meta.xml"
    found = [n for n in files if n.rsplit("/", 1)[-1] == "meta.xml" and not _JUNK.search(n)]
    return found[0] if len(found) == 1 else None


def _single_file(
    files: set[str], read: Reader, shown: str, what: str, report: RowProblems
) -> tuple[str | None, Layout | None, Eml, str]:
    """A zip or folder without meta.xml: its one .txt or .csv file, read like a text file."""
    data_files = sorted(
        n for n in files if n.lower().endswith((".txt", ".csv")) and not _JUNK.search(n)
    )
    if len(data_files) != 1:
        report.add(
            "",
            "error",
            f"the {what} has no meta.xml and {len(data_files)} .txt/.csv files; expected a "
            f"Darwin Core Archive (with its meta.xml) or a {what} holding exactly one "
            "occurrence file; or pass the occurrence file itself",
            path=shown,
        )
        return None, None, Eml(), shown
    name = data_files[0]
    where = f"{shown}/{name}"
    data = read(name)
    if data is None:
        return None, None, Eml(), where
    text = decode(data, "utf-8", where, report)
    return text, None if text is None else sniff(text), Eml(), where


def _core(
    files: set[str], read: Reader, meta_name: str, shown: str, report: RowProblems
) -> tuple[str | None, Layout | None, Eml, str]:
    """The core file of a Darwin Core Archive as meta.xml describes it, and its eml.xml."""
    base = meta_name[: -len("meta.xml")]
    meta_shown = f"{shown}/{meta_name}"
    data = read(meta_name)
    root = None if data is None else parse_xml(data, meta_shown, "error", report)
    if root is None:
        return None, None, Eml(), shown
    described = describe_core(root, meta_shown, report)
    if described is None:
        return None, None, Eml(), shown
    layout, location, encoding = described
    name = base + location
    if name not in files:
        report.add(
            "location",
            "error",
            f"the core file {location!r} is not in the archive; expected a member of that name",
            path=meta_shown,
        )
        return None, None, Eml(), shown
    eml = _archive_eml(files, read, base + root.get("metadata", "eml.xml"), shown, report)
    where = f"{shown}/{name}"
    content = read(name)
    text = None if content is None else decode(content, encoding, where, report)
    return text, layout, eml, where


def _archive_eml(files: set[str], read: Reader, name: str, shown: str, report: RowProblems) -> Eml:
    """Title, citation and licence from eml.xml; a bad eml.xml is a warning, not an error."""
    if name not in files:
        return Eml()
    data = read(name)
    root = None if data is None else parse_xml(data, f"{shown}/{name}", "warning", report)
    if root is None:
        return Eml()
    dataset = child(root, "dataset")
    scope = dataset if dataset is not None else root
    title = child(scope, "title")
    rights = child(scope, "intellectualRights")
    # GBIF writes the dataset's citation in additionalMetadata/metadata/gbif/citation; other
    # <citation>s (in gbif/bibliography) cite literature, so they come second.
    gbif = [
        c
        for e in root.iter()
        if local_name(e.tag) == "gbif"
        for c in e
        if local_name(c.tag) == "citation"
    ]
    anywhere = [e for e in root.iter() if local_name(e.tag) == "citation"]
    citation = next(iter(gbif + anywhere), None)
    return Eml(
        title=_text(title),
        citation=_text(citation),
        licence=_text(rights, limit=300),
    )


def _text(element: ET.Element | None, limit: int = 1000) -> str:
    """An element's text with its children's, whitespace collapsed, cut at `limit`."""
    if element is None:
        return ""
    text = " ".join("".join(element.itertext()).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
