"""`read_dwc`: a text file, a zip or a folder of Darwin Core occurrences to `Parsed`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from landscape.problems import RowProblems
from landscape.region import Region
from landscape.wildlife.dwc.archive import open_archive, open_folder
from landscape.wildlife.dwc.check import normalise
from landscape.wildlife.dwc.dataset import dataset_meta
from landscape.wildlife.dwc.terms import COUNTING, KEPT_TERMS
from landscape.wildlife.dwc.text import cut_records, open_text
from landscape.wildlife.model import (
    DatasetMeta,
    Parsed,
    empty_deployments,
    empty_observations,
)

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")  # a member, an empty zip, spanned


def read_dwc(path: Path, shown: str | None = None, region: Region | None = None) -> Parsed:
    """Read Darwin Core occurrences from a text file or an archive; see the package docstring.
    With a `region`, an occurrence outside it is an error (see landscape.region)."""
    shown = str(path) if shown is None else shown
    report = RowProblems(shown)
    if path.is_dir():
        text, layout, eml, where = open_folder(path, shown, report)
    else:
        try:
            with open(path, "rb") as handle:
                magic = handle.read(8)
        except OSError as exc:
            report.add(
                "", "error", f"cannot be read ({exc.strerror or exc}); check the path", path=shown
            )
            return _parsed(DatasetMeta("dwc", path.name, counting=COUNTING), None, report)
        other = _other_kind(magic)
        if other:
            report.add("", "error", other, path=shown)
            return _parsed(DatasetMeta("dwc", path.name, counting=COUNTING), None, report)
        if magic[:4] in _ZIP_MAGIC:
            text, layout, eml, where = open_archive(path, shown, report)
        else:
            text, layout, eml, where = open_text(path, shown, report)
    if text is None or layout is None:
        return _parsed(DatasetMeta("dwc", path.name, counting=COUNTING), None, report)
    frame, numbers = cut_records(text, layout, where, report)
    del text
    if frame is None:
        return _parsed(DatasetMeta("dwc", path.name, counting=COUNTING), None, report)
    observations, kept = normalise(frame, numbers, where, report, region)
    meta = dataset_meta(frame[kept], eml, path.name)
    return _parsed(meta, observations, report, _kept_terms(frame, kept))


# Files that are no Darwin Core text or zip, by their first bytes: what they are, what to pass.
_PASS = "pass the occurrence.txt inside, the folder it was unpacked into, or the download as a zip"
_OTHER_KINDS = (
    (
        b"\x1f\x8b",
        f"is a gzip-compressed file (.gz, .tgz or .tar.gz), not a text file or zip; "
        f"unpack it and {_PASS}",
    ),
    (b"BZh", f"is a bzip2-compressed file (.bz2), not a text file or zip; unpack it and {_PASS}"),
    (
        b"\xfd7zXZ\x00",
        f"is an xz-compressed file (.xz), not a text file or zip; unpack it and {_PASS}",
    ),
    (b"7z\xbc\xaf\x27\x1c", f"is a 7-Zip archive (.7z); unpack it and {_PASS}"),
    (b"Rar!", f"is a RAR archive (.rar); unpack it and {_PASS}"),
    (
        b"\xd0\xcf\x11\xe0",
        "is an old Excel or Word file (.xls), not a text file; save the sheet "
        "as CSV UTF-8 (comma-separated) and pass that",
    ),
    (b"%PDF", "is a PDF document, not a table; pass the occurrence file itself"),
)


def _other_kind(magic: bytes) -> str:
    """What a file is when its first bytes say it is no Darwin Core text or zip, else ""."""
    return next((what for start, what in _OTHER_KINDS if magic.startswith(start)), "")


def _parsed(
    meta: DatasetMeta,
    observations: pd.DataFrame | None,
    report: RowProblems,
    terms: pd.DataFrame | None = None,
) -> Parsed:
    """The result; observations are empty when nothing could be read."""
    frame = empty_observations() if observations is None else observations
    return Parsed(meta, frame, empty_deployments(), report.finish(), terms=terms)


def _kept_terms(frame: pd.DataFrame, kept: np.ndarray) -> pd.DataFrame | None:
    """The KEPT_TERMS columns of the kept records (text, "" when empty); None without any."""
    present = [term for term in KEPT_TERMS if term in frame]
    if not present:
        return None
    return frame.loc[kept, present].reset_index(drop=True)
