"""Darwin Core occurrence data: read it, validate it, normalise it; write it back.

`read_dwc` reads

1. a GBIF download's `occurrence.txt` (tab-separated, a header row, no quoting);
2. a GBIF "simple CSV" download (tab-separated and unquoted too, despite its name);
3. a comma-separated CSV with standard double-quote quoting;
4. a Darwin Core Archive (zip) with an occurrence core, described by its `meta.xml`, with its
   `eml.xml` for title, citation and licence; or a zip holding exactly one of 1-3;
5. the folder such a zip was unpacked into (GBIF's download, unzipped), read like the zip.

A text file whose header line holds a tab is read as tab-separated with no quote handling (so
a value may start with a double quote), unless every header name is in double quotes (R's
write.table, a spreadsheet's tab-delimited text): then quotes are read; any other file as a
comma CSV. Bytes are UTF-8, with or without a BOM; CRLF and LF line endings both work. A
gzip, bzip2, xz, 7-Zip or RAR file, an Excel workbook or a PDF is refused saying what it is and
what to pass instead.

Only the empty string is missing, and "NA" (R's write.csv) in the number and date columns and
gbifID (_NA_MISSING); in text columns "NA" is a value: countryCode NA is Namibia. Every record
is as wide as the header (an archive's too): a wider or narrower one is refused by its row.
The record id is gbifID, else occurrenceID, else the archive's core id, else "row N"; it must be
unique. A record naming no taxon (scientificName and species empty: GBIF could not match its
name) is dropped and counted in one warning. eventDate is ISO 8601, or GBIF's old Java form
"Tue Apr 01 00:00:00 CET 1930" (midnight: that day; another time: in the named zone).

Zips are read in memory, never extracted. An archive is refused when a member name is absolute
or climbs out with "..", when the members declare more than MAX_ARCHIVE_BYTES in all, or when
a member larger than BOMB_MIN_BYTES is compressed more than BOMB_RATIO times; a member is read
with a cap of MAX_MEMBER_BYTES whatever it declares.

Bad input never raises: it becomes `Problem`s, and any "error" means the caller rejects the
file. Row locators are `row N`, N counting records of the file from 1 (a header is row 1, so
the first data record is row 2); column problems are located by the field name. Per field at
most MAX_MESSAGES_PER_FIELD rows are reported, then one "... and N more rows".

The counting rule is COUNTING (in terms.py): an empty individualCount counts as 1, because a
recorded occurrence is at least one animal.

    terms.py    the terms read and kept, COUNTING, the shared types (layout, report, quoting)
    read.py     `read_dwc`: what the file is, and the steps below in order
    text.py     a decoded text cut into records: layout sniffed, header, wanted columns
    archive.py  zips (in memory, zip slip and bombs refused) and unpacked folders
    metaxml.py  meta.xml: the core's file, delimiters, header lines and columns
    check.py    validation and normalisation: ids, names, coordinates, counts
    dates.py    eventDate and year/month/day
    dataset.py  the dataset's title, citation and licence
    write.py    `write_occurrences`
"""

from __future__ import annotations

from landscape.wildlife.dwc.archive import (
    BOMB_MIN_BYTES,
    BOMB_RATIO,
    MAX_ARCHIVE_BYTES,
    MAX_MEMBER_BYTES,
    Reader,
)
from landscape.wildlife.dwc.metaxml import MAX_HEADER_LINES, OCCURRENCE_ROW_TYPE
from landscape.wildlife.dwc.read import read_dwc
from landscape.wildlife.dwc.terms import COUNTING, KEPT_TERMS, MAX_MESSAGES_PER_FIELD, Flag
from landscape.wildlife.dwc.write import write_occurrences

__all__ = [
    "BOMB_MIN_BYTES",
    "BOMB_RATIO",
    "COUNTING",
    "KEPT_TERMS",
    "MAX_ARCHIVE_BYTES",
    "MAX_HEADER_LINES",
    "MAX_MEMBER_BYTES",
    "MAX_MESSAGES_PER_FIELD",
    "OCCURRENCE_ROW_TYPE",
    "Flag",
    "Reader",
    "read_dwc",
    "write_occurrences",
]
