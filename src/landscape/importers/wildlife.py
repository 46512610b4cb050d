"""`landscape import camtrap-dp DIR`, `landscape import dwc FILE` and `landscape import smart FILE`.

All read the input with the format's reader, reject it whole on any error (exit 1, the data
directory untouched), and otherwise write one dataset folder, observations/<id>/, atomically:
a reader sees the previous version of the dataset or the new one, never a mix. The id comes
from the source's own name (or --id), so importing the same package again replaces it instead
of adding its records twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from landscape.atomic_dir import replace_dir
from landscape.catalog import load_layer, parks_region
from landscape.importers import Rejected
from landscape.problems import Problem, errors
from landscape.region import IMPORT_ALLOW, Region
from landscape.schema import LAYER_BY_NAME
from landscape.wildlife import normalised, smart
from landscape.wildlife.camtrap import package_folder
from landscape.wildlife.formats import BY_KIND, Format
from landscape.wildlife.model import Parsed
from landscape.wildlife.privacy import unknown_species
from landscape.wildlife.store import (
    CAMTRAP_FILE,
    FOLDER,
    META_FILE,
    Names,
    Record,
    read_dataset,
    read_files,
    read_record,
    record_toml,
    slug,
    valid_id,
)

# Camtrap DP and Darwin Core name species by scientific name; they need no SMART mapping.
_NO_MAPPING = smart.Mapping((), (), {}, "UTC")


@dataclass(frozen=True)
class WildlifeImport:
    dataset: str
    folder: str
    records: int
    individuals: int
    without_coordinates: int
    replaced: int | None  # records of the version it replaced, None when new
    same_input: bool  # the very same input was imported before
    warnings: list[Problem]
    patrols: int = 0  # SMART only
    waypoints: int = 0  # SMART only


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        with open(path, "rb") as handle:
            for block in iter(lambda h=handle: h.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _dataset_id(parsed: Parsed, explicit: str | None, fallback: str) -> str:
    if explicit is not None:
        if not valid_id(explicit):
            raise Rejected(
                [
                    Problem(
                        "--id",
                        "",
                        "error",
                        f"{explicit!r} is not a valid dataset id; expected lowercase letters, "
                        "digits, '.', '_' or '-', at most 64 characters",
                    )
                ]
            )
        return explicit
    return slug(parsed.meta.name) or slug(parsed.meta.title) or slug(fallback) or "dataset"


def _previous(target: Path, names: Names, landscape: Region) -> tuple[int | None, str]:
    """Records and input hash of the dataset being replaced, if any (from its normalised
    copy when it has a current one)."""
    if not target.is_dir():
        return None, ""
    record, _ = read_record(target, target.name)
    if record is None:
        return None, ""
    old = read_dataset(target, record, target.name, names, landscape)
    return len(old.observations), record.sha256


def _check_written(
    folder: Path, record: Record, names: Names, expected: Parsed, where: Region | None
) -> Parsed:
    """Read the written folder back with the loader's reader before it replaces anything;
    what it reads, named as the loader names it."""
    back = read_files(folder, record, f"{FOLDER}/{record.id}", names, where)
    same = len(back.observations) == len(expected.observations) and len(back.waypoints) == len(
        expected.waypoints
    )
    if errors(back.problems) or not same:
        problems = errors(back.problems) or [
            Problem(
                folder.name,
                "",
                "error",
                f"the written dataset reads back with {len(back.observations)} records and "
                f"{len(back.waypoints)} waypoints, not {len(expected.observations)} and "
                f"{len(expected.waypoints)}; nothing was changed",
            )
        ]
        raise Rejected(problems)
    return back


def smart_mapping(data_dir: Path, given: Path | None) -> smart.Mapping:
    """The mapping of `--mapping`, else the data directory's smart-mapping.toml."""
    path = given if given is not None else data_dir / smart.MAPPING_FILE
    if not path.is_file():
        where = str(path) if given is not None else smart.MAPPING_FILE
        raise Rejected(
            [
                Problem(
                    where,
                    "",
                    "error",
                    "mapping file not found; pass --mapping FILE or restore "
                    f"{smart.MAPPING_FILE} in the data directory (see geodata/README.md)",
                )
            ]
        )
    mapping, problems = smart.read_mapping(path, str(path) if given else smart.MAPPING_FILE)
    if mapping is None or errors(problems):
        raise Rejected(problems)
    return mapping


def import_wildlife(
    data_dir: Path,
    source: Path,
    kind: str,
    dataset_id: str | None = None,
    synthetic: bool = False,
    mapping: Path | None = None,
    timezone: str | None = None,
    allow_outside: bool = False,
    describe: Callable[[Record], Record] | None = None,
    extra_files: Mapping[str, bytes] | None = None,
) -> WildlifeImport:
    """Import a Camtrap DP package (kind "camtrap-dp": its folder, its datapackage.json or its
    zip), a Darwin Core file ("dwc") or a SMART patrol export ("smart", read with `mapping`,
    default the data directory's).

    Raises Rejected, leaving `data_dir` as it was, when the input has any error. A position
    outside the landscape (landscape.region) is an error unless `allow_outside`; a dataset
    imported with it says so in its dataset.toml (outside_landscape = true).

    `describe` may rewrite the dataset.toml record made from the input's own metadata (title,
    citation, licence, query: `landscape fetch gbif` knows more than the file it writes), and
    `extra_files` (name -> bytes) are written into the dataset folder beside the data.
    """
    fmt = BY_KIND[kind]
    asked = _Asked(dataset_id, synthetic, mapping, timezone, allow_outside, describe, extra_files)
    if not fmt.package:
        fallback = source.stem if source.is_file() else source.name
        return _import(data_dir, _Input(source, str(source), source.name, fallback), fmt, asked)
    with package_folder(source, str(source)) as (folder, shown, opened):
        if folder is None or errors(opened):
            raise Rejected(opened)
        # a package given as its datapackage.json is named by its folder; a zip by its name
        named = folder if source.is_dir() or source.name == CAMTRAP_FILE else source
        fallback = named.stem if named.is_file() else named.name
        return _import(data_dir, _Input(folder, shown, named.name, fallback), fmt, asked)


@dataclass(frozen=True)
class _Asked:
    """What the caller asked of an import besides its input (see import_wildlife)."""

    dataset_id: str | None
    synthetic: bool
    mapping: Path | None
    timezone: str | None
    allow_outside: bool
    describe: Callable[[Record], Record] | None
    extra_files: Mapping[str, bytes] | None


@dataclass(frozen=True)
class _Input:
    """The folder or file read, as problems name it; the dataset says it was imported from
    `name`, and its id falls back to `fallback`."""

    source: Path
    shown: str
    name: str
    fallback: str


def _import(data_dir: Path, given: _Input, fmt: Format, asked: _Asked) -> WildlifeImport:
    """import_wildlife of one folder or file, in the format `fmt`."""
    species, _ = load_layer(data_dir, LAYER_BY_NAME["species"])
    mapping = smart_mapping(data_dir, asked.mapping) if fmt.takes_mapping else _NO_MAPPING
    names = Names(species, mapping)
    zone = (asked.timezone or mapping.timezone) if fmt.takes_mapping else ""
    landscape = parks_region(data_dir, IMPORT_ALLOW)
    where = None if asked.allow_outside else landscape
    parsed = fmt.read(given.source, given.shown, names, zone, where)
    if errors(parsed.problems):
        raise Rejected(parsed.problems)
    ident = _dataset_id(parsed, asked.dataset_id, given.fallback)
    files = fmt.inputs(given.source)
    digest = _sha256([path for path, _ in files])
    warnings = [p for p in parsed.problems if p.severity == "warning"]
    warnings += unknown_species(parsed.observations, species, given.shown)
    target = data_dir / FOLDER / ident
    replaced, old_digest = _previous(target, names, landscape)
    record = Record(
        id=ident,
        kind=fmt.kind,
        title=parsed.meta.title,
        citation=parsed.meta.citation,
        licence=parsed.meta.licence,
        url=parsed.meta.url,
        synthetic=asked.synthetic,
        imported_from=given.name,
        sha256=digest,
        imported=dt.date.today().isoformat(),
        timezone=zone,
        outside_landscape=asked.allow_outside,
    )
    if asked.describe is not None:
        record = asked.describe(record)
    _store(target, fmt, record, parsed, files, names, where, asked.extra_files)
    obs = parsed.observations
    return WildlifeImport(
        dataset=ident,
        folder=f"{FOLDER}/{ident}",
        records=len(obs),
        individuals=int(obs["count"].sum()),
        without_coordinates=int(pd.isna(obs["lat"]).sum()),
        replaced=replaced,
        same_input=old_digest == digest,
        warnings=warnings,
        patrols=len(parsed.patrols),
        waypoints=len(parsed.waypoints),
    )


def _store(
    target: Path,
    fmt: Format,
    record: Record,
    parsed: Parsed,
    files: list[tuple[Path, str]],
    names: Names,
    where: Region | None,
    extra_files: Mapping[str, bytes] | None,
) -> None:
    """Write the dataset folder and swap it in, once it reads back as it was read."""

    def build(tmp: Path) -> None:
        (tmp / META_FILE).write_text(record_toml(record), encoding="utf-8")
        fmt.write(parsed, files, tmp, record.timezone)
        for name, data in (extra_files or {}).items():
            (tmp / name).write_bytes(data)
        back = _check_written(tmp, record, names, parsed, where)
        made_from = normalised.key(tmp, fmt.kind, where)
        if made_from is not None:  # a columnar copy, so that loading need not parse again
            normalised.write(tmp, back, made_from)

    replace_dir(target, build)
