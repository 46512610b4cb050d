"""`run`: fetch, keep, write and import the records as one dataset, or change nothing."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from landscape.importers import Rejected
from landscape.importers.gbif.cite import Source, citation, datasets_csv, licences, sources
from landscape.importers.gbif.client import Fetched, Progress, fetch, gbif_client
from landscape.importers.gbif.query import DATASETS_FILE, GbifError, Query
from landscape.importers.gbif.records import Kept, keep, occurrence_text, was_generalised
from landscape.importers.wildlife import WildlifeImport, import_wildlife
from landscape.problems import Problem, errors
from landscape.wildlife.dwc import read_dwc
from landscape.wildlife.store import DWC_FILE, Record, valid_id

_ROW = re.compile(r"^row (\d+)$")


@dataclass(frozen=True)
class Done:
    done: WildlifeImport
    fetched: Fetched
    kept: Kept  # what was stored, with what was left out
    sources: list[Source]
    unreadable: int  # records the Darwin Core reader refused (e.g. a date it cannot read)
    generalised: int  # stored records GBIF or their publisher already generalised


def check_id(dataset_id: str) -> None:
    if not valid_id(dataset_id):
        raise GbifError(
            f"--id {dataset_id!r} is not a valid dataset id; expected lowercase letters, digits, "
            "'.', '_' or '-', at most 64 characters"
        )


def run(
    data_dir: Path,
    query: Query,
    dataset_id: str,
    progress: Progress,
    today: dt.date | None = None,
) -> Done:
    """Fetch, keep, cite and store; GbifError (the data directory unchanged) on any failure."""
    check_id(dataset_id)
    search, lookup, client = gbif_client()
    day = (today or dt.date.today()).isoformat()
    fetched = fetch(query, progress, search)
    kept = keep(fetched.records, query.area)
    with tempfile.TemporaryDirectory(prefix="landscape-gbif-") as work:
        path = Path(work) / DWC_FILE
        records, unreadable, reasons = _readable(kept.records, path)
        if not records:
            why = f" ({reasons[0].message})" if reasons else ""
            raise GbifError(
                f"GBIF returned no record that can be kept (found {len(fetched.records):,}; "
                f"{kept.outside:,} outside the area, {kept.refused:,} under a licence not "
                f"accepted, {unreadable:,} unreadable{why}); nothing was written"
            )
        found = sources(records, day, lookup)
        cited = citation(day, len(records), found)

        def describe(record: Record) -> Record:
            return replace(
                record,
                title=f"GBIF occurrence records of the landscape ({query.area.name})",
                citation=cited,
                licence=licences(records, kept.refused),
                url="https://www.gbif.org/",
                query=query.describe(day, client),
                synthetic=False,
                imported_from=f"GBIF occurrence search via {client}",
            )

        done = _store(data_dir, path, dataset_id, describe, datasets_csv(found))
    generalised = sum(was_generalised(r) for r in records)
    return Done(done, fetched, replace(kept, records=records), found, unreadable, generalised)


def _store(
    data_dir: Path,
    path: Path,
    dataset_id: str,
    describe: Callable[[Record], Record],
    datasets: bytes,
) -> WildlifeImport:
    """The Darwin Core file at `path` imported as the dataset; GbifError if it is refused."""
    try:
        return import_wildlife(
            data_dir,
            path,
            "dwc",
            dataset_id,
            describe=describe,
            extra_files={DATASETS_FILE: datasets},
        )
    except Rejected as rejected:  # the reader refused what it read back: not expected
        first = errors(rejected.problems)[:1] or rejected.problems[:1]
        raise GbifError(
            "the fetched records could not be stored ("
            + (first[0].line() if first else "no detail")
            + "); nothing was changed"
        ) from rejected


def _readable(
    records: list[dict[str, Any]], path: Path
) -> tuple[list[dict[str, Any]], int, list[Problem]]:
    """The records the Darwin Core reader accepts, written to `path`; the number it refused
    (e.g. a date it cannot read) and its first reasons. The reader names each bad row."""
    kept = list(records)
    reasons: list[Problem] = []
    for _ in range(50):  # the reader names at most 20 rows per field at a time
        path.write_text(occurrence_text(kept), encoding="utf-8")
        problems = errors(read_dwc(path, "GBIF").problems)
        if not problems:
            return kept, len(records) - len(kept), reasons
        reasons += problems
        rows = {int(m.group(1)) for p in problems if (m := _ROW.match(p.locator))}
        if not rows:
            break
        kept = [r for i, r in enumerate(kept, start=2) if i not in rows]
    raise GbifError(
        "the fetched records cannot be read as Darwin Core ("
        + (reasons[-1].line() if reasons else "no detail")
        + "); nothing was written"
    )
