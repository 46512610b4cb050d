"""GBIF's occurrence search through pygbif: counts, pages within its limits, refusals."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from landscape.importers.gbif.query import GbifError, Query
from landscape.importers.gbif.records import gbif_id

PAGE_LIMIT = 300  # GBIF occurrence search: at most 300 records a page
MAX_OFFSET = 100_000  # GBIF occurrence search: offset + limit at most 100,000
TIMEOUT_S = 60  # seconds to wait for one answer


def gbif_client() -> tuple[Any, Any, str]:
    """pygbif's occurrence search, its dataset lookup and its name with version (imported
    here: it takes seconds to load, and only this command needs it)."""
    import pygbif
    from pygbif import occurrences, registry

    return occurrences.search, registry.datasets, f"pygbif {pygbif.__version__}"


def ask(call: Callable[..., Any], what: str, **params: Any) -> dict[str, Any]:
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
    search = search or gbif_client()[0]
    out = []
    for name in query.species:
        what = f"count the records of {name}"
        answer = ask(search, what, limit=0, offset=0, facet="license", **query.params(name))
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
    search = search or gbif_client()[0]
    seen: dict[str, dict[str, Any]] = {}
    by_species: dict[str, int] = {}
    repeated = 0
    for name in query.species:
        offset, total = 0, None
        while True:
            limit = min(PAGE_LIMIT, MAX_OFFSET - offset)
            what = f"search the records of {name}" + (f" from record {offset:,}" if offset else "")
            answer = ask(search, what, limit=limit, offset=offset, **query.params(name))
            records, results, end = _page_shape(answer, what)
            if total is None:
                total = records
                if total > MAX_OFFSET:
                    raise _too_many(name, total)
                by_species[name] = total
                progress.start(name, total)
            for record in results:
                key = gbif_id(record)
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
