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
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

import shapely
from shapely.geometry import MultiPolygon, Polygon, box
from shapely.geometry.polygon import orient

from landscape.catalog import load_layer, parks_region
from landscape.importers import Rejected
from landscape.importers.wildlife import WildlifeImport, import_wildlife
from landscape.problems import Problem, errors
from landscape.region import IMPORT_ALLOW
from landscape.schema import LAYER_BY_NAME
from landscape.wildlife.dwc import read_dwc
from landscape.wildlife.store import DWC_FILE, Record, valid_id

DEFAULT_ID = "gbif"
AREAS = ("parks", "landscape")
PAGE_LIMIT = 300  # GBIF occurrence search: at most 300 records a page
MAX_OFFSET = 100_000  # GBIF occurrence search: offset + limit at most 100,000
TIMEOUT_S = 60  # seconds to wait for one answer
MAX_WKT = 1500  # characters of the query polygon: it travels in the URL of every request
API = "https://api.gbif.org/v1/occurrence/search"
DATASETS_FILE = "gbif-datasets.csv"
EARLIEST_YEAR = 1600

# The licences a public, non-commercial dashboard may show, by the forms GBIF writes them in
# (the occurrence search's legal-code URLs, download enums, SPDX-like names). These are the
# three licences GBIF publishes data under: CC0 and CC BY allow any use with attribution (the
# citation gives it), and CC BY-NC allows non-commercial use, which a foundation's free public
# dashboard is. Anything else (no licence, UNSPECIFIED, UNSUPPORTED, another licence) leaves
# the terms unknown: those records are left out and counted.
ACCEPTED_LICENCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"creativecommons\.org/publicdomain/zero/1\.0|^cc0[_ -]?1[._]0$"), "CC0 1.0"),
    (re.compile(r"creativecommons\.org/licenses/by/4\.0|^cc[_ -]by[_ -]4[._]0$"), "CC BY 4.0"),
    (
        re.compile(r"creativecommons\.org/licenses/by-nc/4\.0|^cc[_ -]by[_ -]nc[_ -]4[._]0$"),
        "CC BY-NC 4.0",
    ),
)

# The Darwin Core file handed to the importer: GBIF's own term names.
_COLUMNS = (
    "gbifID",
    "datasetKey",
    "scientificName",
    "species",
    "decimalLatitude",
    "decimalLongitude",
    "coordinateUncertaintyInMeters",
    "eventDate",
    "year",
    "month",
    "day",
    "individualCount",
    "occurrenceStatus",
    "basisOfRecord",
    "countryCode",
    "license",
    "informationWithheld",
    "dataGeneralizations",
    "datasetName",
    "institutionCode",
)
_ROW = re.compile(r"^row (\d+)$")


class GbifError(Exception):
    """GBIF could not be asked, refused, or answered something unusable: one line."""


# -- what is asked -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """Where records are kept (`shape`) and the polygon GBIF is asked for (`wkt`)."""

    name: str  # one of AREAS
    label: str  # "inside the parks' outlines"
    shape: Any  # shapely geometry, lon/lat
    wkt: str  # covers `shape`; counter-clockwise rings, as GBIF requires


@dataclass(frozen=True)
class Query:
    species: tuple[str, ...]
    area: Area
    since: int | None
    until: int  # this year

    def params(self, name: str) -> dict[str, Any]:
        """The occurrence-search parameters for one species (pygbif's names)."""
        out: dict[str, Any] = {
            "scientificName": name,
            "geometry": self.area.wkt,
            "hasCoordinate": True,
            "hasGeospatialIssue": False,
            "occurrenceStatus": "PRESENT",
        }
        if self.since is not None:
            out["year"] = f"{self.since},{self.until}"
        return out

    def describe(self, day: str, client: str) -> str:
        """The query as dataset.toml keeps it: enough to run it again."""
        years = f"; year = {self.since},{self.until}" if self.since is not None else ""
        return (
            f"GBIF occurrence search ({API}) on {day} via {client}, one search per "
            f"scientificName: {' | '.join(self.species)}; geometry = {self.area.wkt}; "
            f"hasCoordinate = true; hasGeospatialIssue = false; occurrenceStatus = PRESENT"
            f"{years}. Kept: records {self.area.label}, under "
            f"{', '.join(label for _, label in ACCEPTED_LICENCES)}"
        )


def default_species(data_dir: Path) -> list[str]:
    """The scientific names of species.toml, in its order."""
    table, _ = load_layer(data_dir, LAYER_BY_NAME["species"])
    return [str(n) for n in table["scientific_name"] if isinstance(n, str) and n.strip()]


def area(data_dir: Path, which: str) -> Area:
    """The parks' outlines (their union) or the landscape's box, and GBIF's query polygon."""
    if which == "landscape":
        region = parks_region(data_dir, IMPORT_ALLOW)
        shape = box(*region.bounds())
        return Area("landscape", f"inside {region.describe()}", shape, query_wkt(shape))
    parks, _ = load_layer(data_dir, LAYER_BY_NAME["parks"])
    geoms = [g for g in parks.geometry if g is not None and not g.is_empty]
    if not geoms:
        raise GbifError(
            "parks.geojson holds no park outline to search in; fix it (landscape validate) "
            "or pass --area landscape"
        )
    shape = shapely.union_all(geoms)
    return Area("parks", "inside the parks' outlines", shape, query_wkt(shape))


def query_wkt(shape: Any) -> str:
    """WKT of a polygon that covers `shape`, at most MAX_WKT characters, counter-clockwise.

    The outline is widened by twice a tolerance and simplified by the tolerance, so it still
    covers the outline; the tolerance doubles until the text is short enough (a convex hull,
    then the bounding box, when nothing else is)."""
    tolerance = 0.0005
    candidates: list[Any] = []
    while tolerance < 0.05:
        candidates.append(shape.buffer(2 * tolerance, join_style="mitre").simplify(tolerance))
        tolerance *= 2
    candidates += [shape.convex_hull.buffer(0.001, join_style="mitre"), _outer_box(shape)]
    for candidate in candidates:
        text = _ccw_wkt(candidate)
        if len(text) <= MAX_WKT and candidate.covers(shape):
            return text
    return _ccw_wkt(_outer_box(shape))


def _outer_box(shape: Any) -> Any:
    west, south, east, north = shape.bounds
    return box(
        math.floor(west * 1000) / 1000 - 0.001,
        math.floor(south * 1000) / 1000 - 0.001,
        math.ceil(east * 1000) / 1000 + 0.001,
        math.ceil(north * 1000) / 1000 + 0.001,
    )


def _ccw_wkt(geom: Any) -> str:
    """WKT with every ring's exterior counter-clockwise (GBIF's rule), 5 decimals."""
    if isinstance(geom, Polygon):
        geom = orient(geom, sign=1.0)
    elif isinstance(geom, MultiPolygon):
        geom = MultiPolygon([orient(p, sign=1.0) for p in geom.geoms])
    return shapely.to_wkt(geom, rounding_precision=5, trim=True)


def licence_label(value: object) -> str | None:
    """ "CC BY 4.0" and so on for an accepted licence in any of GBIF's forms; None otherwise."""
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    for pattern, label in ACCEPTED_LICENCES:
        if pattern.search(text):
            return label
    return None


# -- asking GBIF -------------------------------------------------------------------------------


def _client() -> tuple[Any, Any, str]:
    """pygbif's occurrence search, its dataset lookup and its name with version (imported
    here: it takes seconds to load, and only this command needs it)."""
    import pygbif
    from pygbif import occurrences, registry

    return occurrences.search, registry.datasets, f"pygbif {pygbif.__version__}"


def _ask(call: Callable[..., Any], what: str, **params: Any) -> dict[str, Any]:
    """One request through pygbif; every failure becomes one GbifError line."""
    import requests
    from pygbif.gbifutils import NoResultException

    try:
        answer = call(timeout=TIMEOUT_S, **params)
    except requests.Timeout as exc:
        raise GbifError(
            f"GBIF did not answer {what} within {TIMEOUT_S} s; try again later"
        ) from exc
    except requests.ConnectionError as exc:
        raise GbifError(
            f"cannot reach api.gbif.org ({_why(exc)}) to {what}; connect to the internet and "
            "fetch again (fetch before the event, while online)"
        ) from exc
    except requests.HTTPError as exc:
        raise GbifError(f"GBIF refused to {what}: {_refusal(exc.response)}") from exc
    except NoResultException as exc:
        raise GbifError(
            f"GBIF answered the request to {what} with something other than JSON ({exc}); "
            "try again later"
        ) from exc
    except requests.RequestException as exc:
        raise GbifError(f"the request to {what} failed ({exc}); try again later") from exc
    except ValueError as exc:  # a body that is not JSON
        raise GbifError(
            f"GBIF's answer to the request to {what} is not valid JSON ({exc}); try again later"
        ) from exc
    if not isinstance(answer, dict):
        raise GbifError(f"GBIF's answer to the request to {what} is not a JSON object")
    return answer


def _why(exc: Exception) -> str:
    text = str(exc)
    if "resolve" in text.lower() or "NameResolution" in text:
        return "the name api.gbif.org cannot be resolved: no internet connection?"
    if "refused" in text.lower():
        return "the connection was refused"
    return "no connection"


def _refusal(response: Any) -> str:
    """ "HTTP 400 Bad Request: <GBIF's message>" in one line."""
    if response is None:
        return "no answer"
    body = " ".join((response.text or "").split())
    body = re.sub(r"<[^>]+>", " ", body).strip()
    body = " ".join(body.split())[:200]
    head = f"HTTP {response.status_code} {response.reason or ''}".strip()
    advice = (
        "GBIF is busy or down; try again later"
        if response.status_code >= 500 or response.status_code == 429
        else "check --species and --since"
    )
    return f"{head}{': ' + body if body else ''}; {advice}"


def _page_shape(answer: dict[str, Any], what: str) -> tuple[int, list[dict[str, Any]], bool]:
    count, results = answer.get("count"), answer.get("results")
    if not isinstance(count, int) or not isinstance(results, list):
        raise GbifError(
            f"GBIF's answer to the request to {what} has no count and results; "
            "expected GBIF's occurrence-search format"
        )
    return count, [r for r in results if isinstance(r, dict)], bool(answer.get("endOfRecords"))


def _too_many(name: str, count: int) -> GbifError:
    return GbifError(
        f"GBIF holds {count:,} records of {name} for this query, more than its search gives "
        f"({MAX_OFFSET:,}); narrow it with --since or --area parks, or make a GBIF download "
        "and use `landscape import dwc`"
    )


@dataclass(frozen=True)
class Count:
    species: str
    records: int
    licences: dict[str, int]  # GBIF's licence enum -> records


def count(query: Query, search: Callable[..., Any] | None = None) -> list[Count]:
    """What GBIF holds for each species of the query (a dry run: no record is fetched)."""
    search = search or _client()[0]
    out = []
    for name in query.species:
        what = f"count the records of {name}"
        answer = _ask(search, what, limit=0, offset=0, facet="license", **query.params(name))
        records, _, _ = _page_shape(answer, what)
        licences: dict[str, int] = {}
        for facet in answer.get("facets") or []:
            if isinstance(facet, dict) and str(facet.get("field", "")).lower() == "license":
                for item in facet.get("counts") or []:
                    licences[str(item.get("name"))] = int(item.get("count", 0))
        out.append(Count(name, records, licences))
    return out


class Progress:
    """A progress bar on a terminal (stderr), one line per species elsewhere (a log)."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.name, self.total, self.done = "", 0, 0
        self.drawn = False  # a bar is on the terminal's current line

    def start(self, name: str, total: int) -> None:
        self.name, self.total, self.done = name, total, 0
        self._draw()

    def advance(self, records: int) -> None:
        self.done += records
        self._draw()

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.drawn = False
        else:
            self.stream.write(f"GBIF: {self.name}: {self.done:,} of {self.total:,} records\n")
        self.stream.flush()

    def interrupt(self) -> None:
        """End a bar left half-drawn (a failure follows on its own line)."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def _draw(self) -> None:
        if not self.tty:
            return
        self.drawn = True
        share = 1.0 if self.total == 0 else min(1.0, self.done / self.total)
        filled = round(share * self.WIDTH)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(
            f"\rGBIF: {self.name[:24]:<24} [{bar}] {self.done:,}/{self.total:,} records"
        )
        self.stream.flush()


@dataclass
class Fetched:
    records: list[dict[str, Any]]  # GBIF's records, each gbifID once
    by_species: dict[str, int]  # what GBIF counted per species
    repeated: int = 0  # records that came twice (a second species' search, a shifted page)


def fetch(query: Query, progress: Progress, search: Callable[..., Any] | None = None) -> Fetched:
    """Every record of the query, species by species, page by page."""
    search = search or _client()[0]
    seen: dict[str, dict[str, Any]] = {}
    by_species: dict[str, int] = {}
    repeated = 0
    for name in query.species:
        offset, total = 0, None
        while True:
            limit = min(PAGE_LIMIT, MAX_OFFSET - offset)
            what = f"search the records of {name}" + (f" from record {offset:,}" if offset else "")
            answer = _ask(search, what, limit=limit, offset=offset, **query.params(name))
            records, results, end = _page_shape(answer, what)
            if total is None:
                total = records
                if total > MAX_OFFSET:
                    raise _too_many(name, total)
                by_species[name] = total
                progress.start(name, total)
            for record in results:
                key = _gbif_id(record)
                if key is None:
                    continue
                if key in seen:
                    repeated += 1
                else:
                    seen[key] = record
            progress.advance(len(results))
            offset += len(results)
            if end or not results or offset >= total or offset >= MAX_OFFSET:
                break
        progress.finish()
    return Fetched(list(seen.values()), by_species, repeated)


def _gbif_id(record: dict[str, Any]) -> str | None:
    value = record.get("gbifID", record.get("key"))
    if value is None or str(value).strip() == "":
        return None
    return str(value).strip()


# -- keeping -----------------------------------------------------------------------------------


@dataclass
class Kept:
    records: list[dict[str, Any]]
    outside: int = 0  # outside the area's exact shape
    licences: Counter[str] = field(default_factory=Counter)  # refused licence -> records

    @property
    def refused(self) -> int:
        return sum(self.licences.values())


def keep(records: Iterable[dict[str, Any]], where: Area) -> Kept:
    """The records inside the area's exact shape and under an accepted licence."""
    out = Kept([])
    for record in records:
        lat, lon = _number(record.get("decimalLatitude")), _number(record.get("decimalLongitude"))
        if lat is None or lon is None or not shapely.intersects_xy(where.shape, lon, lat):
            out.outside += 1
            continue
        if licence_label(record.get("license")) is None:
            out.licences[str(record.get("license") or "no licence")] += 1
            continue
        out.records.append(record)
    return out


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _generalised(record: dict[str, Any]) -> bool:
    return any(_text(record.get(t)) for t in ("informationWithheld", "dataGeneralizations"))


def _text(value: object) -> str:
    """A value as one line of text: "" for None; tabs and line breaks become spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else ""
    return re.sub(r"[\t\r\n]", " ", str(value))


def occurrence_text(records: Sequence[dict[str, Any]]) -> str:
    """The records as a tab-separated Darwin Core occurrence file, GBIF's term names."""
    lines = ["\t".join(_COLUMNS)]
    for record in records:
        values = dict(record, gbifID=_gbif_id(record))
        lines.append("\t".join(_text(values.get(term)) for term in _COLUMNS))
    return "\n".join(lines) + "\n"


# -- citing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One GBIF dataset the kept records come from."""

    key: str
    records: int
    title: str
    citation: str
    doi: str


def sources(
    records: Sequence[dict[str, Any]], day: str, lookup: Callable[..., Any] | None = None
) -> list[Source]:
    """Each source dataset's own citation (GBIF's registry), most records first."""
    lookup = lookup or _client()[1]
    counts = Counter(str(r.get("datasetKey") or "") for r in records)
    out = []
    for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if not key:
            continue
        answer = _ask(lookup, f"look up dataset {key}", uuid=key)
        title = _text(answer.get("title")) or _text(_first_name(records, key)) or key
        doi = _text(answer.get("doi"))
        cited = answer.get("citation")
        text = _text(cited.get("text")) if isinstance(cited, dict) else ""
        if not text:
            link = f"https://doi.org/{doi}" if doi else f"https://www.gbif.org/dataset/{key}"
            text = f"{title}. Occurrence dataset {link} accessed via GBIF.org on {day}."
        out.append(Source(key, n, title, " ".join(text.split()), doi))
    return out


def _first_name(records: Sequence[dict[str, Any]], key: str) -> object:
    return next((r.get("datasetName") for r in records if r.get("datasetKey") == key), "")


def citation(day: str, total: int, found: Sequence[Source]) -> str:
    """The citation GBIF asks for: GBIF.org and the date, then each source dataset."""
    each = "; ".join(
        f"{s.citation} ({s.records:,} record{'s' if s.records != 1 else ''})" for s in found
    )
    return (
        f"GBIF.org ({day}) GBIF Occurrence Search {API}: {total:,} records from "
        f"{len(found)} dataset{'s' if len(found) != 1 else ''} (the query is in dataset.toml; "
        f"{DATASETS_FILE} lists each datasetKey with its record count for a GBIF derived "
        f"dataset). Source datasets: {each}"
    )


def licences(records: Sequence[dict[str, Any]], refused: int) -> str:
    counts = Counter(licence_label(r.get("license")) for r in records)
    order = [label for _, label in ACCEPTED_LICENCES]
    shown = ", ".join(
        f"{label} ({counts[label]:,})"
        for label in sorted(counts, key=lambda x: (-counts[x], order.index(x)))
    )
    left = (
        f"; {refused:,} record{'s' if refused != 1 else ''} under another licence or none left out"
        if refused
        else ""
    )
    return f"per record: {shown}{left}"


def datasets_csv(found: Sequence[Source]) -> bytes:
    """datasetKey,count per source dataset: the list GBIF's derived-dataset form takes."""
    buffer = io.StringIO()
    buffer.write("datasetKey,count\n")
    for s in found:
        buffer.write(f"{s.key},{s.records}\n")
    return buffer.getvalue().encode("utf-8")


# -- the command -------------------------------------------------------------------------------


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
    search, lookup, client = _client()
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

        try:
            done = import_wildlife(
                data_dir,
                path,
                "dwc",
                dataset_id,
                describe=describe,
                extra_files={DATASETS_FILE: datasets_csv(found)},
            )
        except Rejected as rejected:  # the reader refused what it read back: not expected
            first = errors(rejected.problems)[:1] or rejected.problems[:1]
            raise GbifError(
                "the fetched records could not be stored ("
                + (first[0].line() if first else "no detail")
                + "); nothing was changed"
            ) from rejected
    generalised = sum(_generalised(r) for r in records)
    return Done(done, fetched, replace(kept, records=records), found, unreadable, generalised)


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
