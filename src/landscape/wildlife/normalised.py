"""A columnar copy of an imported dataset as its reader parsed it, so that loading a large
dataset does not parse and validate a million CSV rows again on every start.

    observations/<dataset-id>/normalised/manifest.json     what the copy was made from
    observations/<dataset-id>/normalised/<frame>.parquet   observations, deployments, ...

The importer writes it after the dataset has been written and read back. The loader uses it
only while it is exactly what reading the dataset's files would give: the manifest names the
SHA-256 of every file of the dataset, the reader's code, the kind and the landscape's region
that the positions were checked against. Any difference (a hand-edited CSV, a new version of
the dashboard, a changed park outline) and the files are read and validated as usual, and the
stale copy is ignored; deleting the folder is always safe. Only the standard files (the Camtrap
DP package, occurrence.txt) are the data: the copy is derived.

Camtrap DP and Darwin Core datasets get a copy; SMART datasets do not (their reading depends on
species.toml and the mapping, and patrol exports are small).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

import landscape
from landscape.problems import Problem
from landscape.region import Region
from landscape.wildlife.formats import FORMATS
from landscape.wildlife.model import DatasetMeta, Parsed

FOLDER = "normalised"
MANIFEST = "manifest.json"
FRAMES = ("observations", "deployments", "waypoints", "patrols")
KINDS = tuple(f.kind for f in FORMATS if f.normalised)  # the formats that keep a copy
FORMAT = 1
_CHUNK = 1 << 20
# The modules whose code decides what reading a dataset gives
READERS = ("camtrap", "dwc", "formats", "model", "normalised", "store")
_SKIPPED = {"dataset.toml", FOLDER}  # dataset.toml may be edited: it is read every time


@functools.cache
def reader_fingerprint() -> str:
    """SHA-256 of the code that reads and checks Camtrap DP and Darwin Core data (READERS and
    what they use): a new version of it reads the files anew."""
    root = Path(landscape.__file__).resolve().parent
    files = [file for name in READERS for file in _module_files(root / "wildlife" / name)]
    files += [root / "region.py", root / "readers.py", root / "problems.py"]
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _module_files(base: Path) -> list[Path]:
    """A module's file, or every file of the package of that name."""
    if base.is_dir():
        return sorted(base.rglob("*.py"))
    return [base.with_suffix(".py")]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def sources(folder: Path) -> dict[str, str]:
    """Every file of the dataset but dataset.toml and the copy itself, with its SHA-256."""
    out = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and relative.parts[0] not in _SKIPPED:
            out[relative.as_posix()] = _sha256(path)
    return out


def key(folder: Path, kind: str, region: Region | None) -> dict[str, Any] | None:
    """What a copy of `folder` must have been made from to be used; None: no copy kept."""
    if kind not in KINDS:
        return None
    return {
        "format": FORMAT,
        "kind": kind,
        "reader": reader_fingerprint(),
        "region": list(region.bounds()) if region is not None else None,
        "sources": sources(folder),
    }


def write(folder: Path, parsed: Parsed, made_from: dict[str, Any]) -> None:
    """Write the copy of `parsed` into `folder` (inside an import's work folder)."""
    target = folder / FOLDER
    target.mkdir(exist_ok=True)
    for name in FRAMES:
        getattr(parsed, name).to_parquet(target / f"{name}.parquet", index=False)
    manifest = {
        **made_from,
        "meta": dataclasses.asdict(parsed.meta),
        "problems": [dataclasses.asdict(p) for p in parsed.problems],
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def _frame(path: Path) -> pd.DataFrame:
    """A frame as it was written: text columns that were Python objects (None when missing)
    come back as objects, not as pandas' string dtype."""
    table = pq.read_table(path)
    frame = table.to_pandas()
    for column in table.schema.pandas_metadata["columns"]:
        name = column["name"]
        if column["numpy_type"] == "object" and frame[name].dtype != object:
            values = table.column(name).to_numpy(zero_copy_only=False)  # None when missing
            frame[name] = pd.Series(values, index=frame.index, dtype=object)
    return frame


def read(folder: Path, wanted: dict[str, Any]) -> Parsed | None:
    """The copy in `folder` when it was made from `wanted` (see `key`), else None."""
    target = folder / FOLDER
    try:
        manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
        if {k: manifest.get(k) for k in wanted} != wanted:
            return None
        frames = {n: _frame(target / f"{n}.parquet") for n in FRAMES}
        meta = DatasetMeta(**manifest["meta"])
        problems = [Problem(**p) for p in manifest["problems"]]
    except Exception:  # absent, partial or unreadable for any reason: read the files instead
        return None
    return Parsed(meta=meta, problems=problems, **frames)
