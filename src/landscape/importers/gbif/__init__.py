"""`landscape fetch gbif`: public occurrence records of the landscape from GBIF.

The records come from GBIF's occurrence search through its Python client, pygbif (never
hand-written HTTP), one search per species, paged within the search's limits (PAGE_LIMIT
records a page; offset + limit at most MAX_OFFSET). They are written as a Darwin Core
occurrence file and imported by the same path as `landscape import dwc`
(importers.wildlife.import_wildlife): the same reader, checks, atomic swap and normalised copy.
The dataset id is fixed (`gbif` unless --id), so a second fetch replaces the first.

What is kept, and why:
- only records inside the chosen area: the parks' outlines (GBIF is asked for a simplified
  polygon that covers them; records between it and the outlines are left out and counted) or
  the landscape's box (landscape.region, the box every import accepts);
- only records whose licence allows a public dashboard (ACCEPTED_LICENCES, the three licences
  GBIF publishes under); records with no licence or another one are left out and counted;
- per record: GBIF's gbifID (the record id: unique across GBIF, unlike occurrenceID), its
  datasetKey, licence, informationWithheld and dataGeneralizations, and
  coordinateUncertaintyInMeters. Positions are stored as GBIF publishes them: a record its
  publisher or GBIF already generalised keeps that coarser position and says so; sensitive
  species are generalised for the public view by wildlife.privacy, like every other source;
- per dataset: dataset.toml holds the citation GBIF asks for (GBIF.org, the date, and each
  source dataset's own citation with its record count), the licences, the query that produced
  it and `synthetic = false`; DATASETS_FILE lists datasetKey and record count per source
  dataset, the list GBIF's derived-dataset form takes to mint a citable DOI.

Any failure (no network, a refusal, an unexpected answer, records the reader rejects) is one
GbifError line, and the data directory is left as it was.

    query.py    what is asked: the species, the area and its polygon, the licences accepted
    client.py   pygbif's occurrence search: counts, pages within its limits, refusals
    records.py  the records kept (in the area, licence accepted) as Darwin Core text
    cite.py     the citation, the licences and the list of source datasets
    command.py  `run`: fetch, keep, write and import as one dataset, or change nothing
"""

from __future__ import annotations

from landscape.importers.gbif.cite import Source, citation, datasets_csv, licences, sources
from landscape.importers.gbif.client import (
    MAX_OFFSET,
    PAGE_LIMIT,
    TIMEOUT_S,
    Count,
    Fetched,
    Progress,
    count,
    fetch,
)
from landscape.importers.gbif.command import Done, check_id, run
from landscape.importers.gbif.query import (
    ACCEPTED_LICENCES,
    API,
    AREAS,
    DATASETS_FILE,
    DEFAULT_ID,
    EARLIEST_YEAR,
    MAX_WKT,
    Area,
    GbifError,
    Query,
    area,
    default_species,
    licence_label,
    query_wkt,
)
from landscape.importers.gbif.records import Kept, keep, occurrence_text

__all__ = [
    "ACCEPTED_LICENCES",
    "API",
    "AREAS",
    "DATASETS_FILE",
    "DEFAULT_ID",
    "EARLIEST_YEAR",
    "MAX_OFFSET",
    "MAX_WKT",
    "PAGE_LIMIT",
    "TIMEOUT_S",
    "Area",
    "Count",
    "Done",
    "Fetched",
    "GbifError",
    "Kept",
    "Progress",
    "Query",
    "Source",
    "area",
    "check_id",
    "citation",
    "count",
    "datasets_csv",
    "default_species",
    "fetch",
    "keep",
    "licence_label",
    "licences",
    "occurrence_text",
    "query_wkt",
    "run",
    "sources",
]
