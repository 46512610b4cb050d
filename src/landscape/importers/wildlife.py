"""`landscape import camtrap-dp DIR` and `landscape import dwc FILE`.

Both read the input with the format's reader, reject it whole on any error (exit 1, the data
directory untouched), and otherwise write one dataset folder, observations/<id>/, atomically:
a reader sees the previous version of the dataset or the new one, never a mix. The id comes
from the source's own name (or --id), so importing the same package again replaces it instead
of adding its records twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from landscape.atomic_dir import replace_dir
from landscape.catalog import load_layer
from landscape.importers import Rejected
from landscape.problems import Problem, errors
from landscape.schema import LAYER_BY_NAME
from landscape.wildlife.camtrap import read_camtrap_dp
from landscape.wildlife.dwc import read_dwc, write_occurrences
from landscape.wildlife.model import Parsed
from landscape.wildlife.privacy import unknown_species
from landscape.wildlife.store import (
    CAMTRAP_FILE,
    DWC_FILE,
    FOLDER,
    META_FILE,
    Record,
    read_dataset,
    read_record,
    record_toml,
    slug,
    valid_id,
)


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


def _sha256(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        with open(path, "rb") as handle:
            for block in iter(lambda h=handle: h.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


def _camtrap_files(package: Path) -> list[tuple[Path, str]]:
    """The descriptor and its three tables, with their paths relative to the package."""
    doc = json.loads((package / CAMTRAP_FILE).read_text(encoding="utf-8-sig"))
    out = [(package / CAMTRAP_FILE, CAMTRAP_FILE)]
    for resource in doc.get("resources", []):
        if resource.get("name") in ("deployments", "media", "observations"):
            out.append((package / resource["path"], str(resource["path"])))
    return out


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


def _previous(target: Path) -> tuple[int | None, str]:
    """Records and input hash of the dataset being replaced, if any."""
    if not target.is_dir():
        return None, ""
    record, _ = read_record(target, target.name)
    if record is None:
        return None, ""
    old = read_dataset(target, record.kind, target.name)
    return len(old.observations), record.sha256


def _check_written(folder: Path, kind: str, expected: int) -> None:
    """Read the written folder back with the loader's reader before it replaces anything."""
    back = read_dataset(folder, kind, folder.name)
    if errors(back.problems) or len(back.observations) != expected:
        problems = errors(back.problems) or [
            Problem(
                folder.name,
                "",
                "error",
                f"the written dataset reads back with {len(back.observations)} records, "
                f"not {expected}; nothing was changed",
            )
        ]
        raise Rejected(problems)


def import_wildlife(
    data_dir: Path,
    source: Path,
    kind: str,
    dataset_id: str | None = None,
    synthetic: bool = False,
) -> WildlifeImport:
    """Import a Camtrap DP package folder (kind "camtrap-dp") or a Darwin Core file ("dwc").

    Raises Rejected, leaving `data_dir` as it was, when the input has any error.
    """
    shown = str(source)
    reader = read_camtrap_dp if kind == "camtrap-dp" else read_dwc
    parsed = reader(source, shown)
    if errors(parsed.problems):
        raise Rejected(parsed.problems)

    ident = _dataset_id(parsed, dataset_id, source.stem if source.is_file() else source.name)
    files = _camtrap_files(source) if kind == "camtrap-dp" else [(source, source.name)]
    digest = _sha256([path for path, _ in files])
    warnings = [p for p in parsed.problems if p.severity == "warning"]
    species, _ = load_layer(data_dir, LAYER_BY_NAME["species"])
    warnings += unknown_species(parsed.observations, species, shown)

    target = data_dir / FOLDER / ident
    replaced, old_digest = _previous(target)
    record = Record(
        id=ident,
        kind=kind,
        title=parsed.meta.title,
        citation=parsed.meta.citation,
        licence=parsed.meta.licence,
        url=parsed.meta.url,
        synthetic=synthetic,
        imported_from=source.name,
        sha256=digest,
        imported=dt.date.today().isoformat(),
    )

    def build(tmp: Path) -> None:
        (tmp / META_FILE).write_text(record_toml(record), encoding="utf-8")
        if kind == "camtrap-dp":
            for path, relative in files:
                (tmp / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, tmp / relative)
        else:
            write_occurrences(parsed.observations, tmp / DWC_FILE)
        _check_written(tmp, kind, len(parsed.observations))

    replace_dir(target, build)
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
    )
