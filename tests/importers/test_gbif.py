"""`landscape fetch gbif`, run as the data manager runs it, against recorded GBIF answers.

The real pygbif and requests code runs; only the transport is replaced: `Replay` answers each
request from tests/fixtures/gbif/ (see its README) and records what was asked. Nothing here
touches the network.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tomllib
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests
import shapely
from requests.structures import CaseInsensitiveDict

from landscape.cli import main
from landscape.importers import gbif
from tests.conftest import snapshot
from tests.realdata import realdata
from tests.test_cli import run

FIXTURES = Path(__file__).parents[1] / "fixtures" / "gbif"
INAT = "50c9509d-22c7-4a22-a47d-8c48425ef4a7"
KEPT = {"4987215530", "4411873021", "3092617745", "4102938475", "2845120098"}
REFUSED_LICENCE = "3092617802"  # Capra sibirica under UNSPECIFIED
OUTSIDE_PARKS = "4411873188"  # Panthera uncia 0.0005 degrees west of Chon Kemin
GENERALISED_BY_GBIF = "4987215530"  # iNaturalist, uncertainty increased to 29886 m
GENERALISED_BY_PUBLISHER = "3092617745"  # Capra sibirica, a 0.1 degree cell
PRECISE_SNOW_LEOPARD = ("42.852931", "76.601874")  # the camera trap: never public

Answer = tuple[int, bytes, str]  # status, body, content type


def slug(name: str) -> str:
    return "-".join(name.lower().split())


def recorded(request: requests.PreparedRequest) -> Answer:
    """The recorded GBIF answer to a request; an unrecorded request fails the test."""
    url = urllib.parse.urlsplit(request.url or "")
    query = urllib.parse.parse_qs(url.query)
    if url.path == "/v1/occurrence/search":
        name = query["scientificName"][0]
        limit, offset = int(query["limit"][0]), int(query["offset"][0])
        part = "count" if limit == 0 else f"offset-{offset}"
        path = FIXTURES / "occurrence-search" / f"{slug(name)}-{part}.json"
    elif url.path.startswith("/v1/dataset/"):
        path = FIXTURES / "dataset" / f"{url.path.rsplit('/', 1)[-1]}.json"
    else:
        path = FIXTURES / "none"
    if not path.is_file():
        raise AssertionError(f"no recorded answer for {request.url}")
    body = path.read_bytes()
    if url.path == "/v1/occurrence/search" and limit:
        assert json.loads(body)["limit"] == limit, "fixture pages hold 2 records: PAGE_LIMIT=2"
    return 200, body, "application/json"


class Replay(requests.adapters.BaseAdapter):
    """A requests transport that answers from `answer` and keeps every request."""

    def __init__(self, answer: Callable[[requests.PreparedRequest], Answer]) -> None:
        super().__init__()
        self.answer = answer
        self.requests: list[requests.PreparedRequest] = []

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        self.requests.append(request)
        status, body, content_type = self.answer(request)
        response = requests.Response()
        response.status_code = status
        response.reason = {200: "OK", 400: "Bad Request", 503: "Service Unavailable"}.get(
            status, ""
        )
        response.headers = CaseInsensitiveDict({"Content-Type": content_type})
        response._content = body
        response.encoding = "utf-8"
        response.url = request.url or ""
        response.request = request
        return response

    def close(self) -> None:
        pass

    def params(self, path: str) -> list[dict[str, list[str]]]:
        out = []
        for request in self.requests:
            url = urllib.parse.urlsplit(request.url or "")
            if url.path == path:
                out.append(urllib.parse.parse_qs(url.query))
        return out


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Replay]:
    """Install a Replay transport (recorded answers by default) for every requests call."""

    def install(answer: Callable[[requests.PreparedRequest], Answer] = recorded) -> Replay:
        adapter = Replay(answer)
        monkeypatch.setattr(requests.Session, "get_adapter", lambda self, url: adapter)
        return adapter

    monkeypatch.setattr(gbif.client, "PAGE_LIMIT", 2)
    return install


def fetch(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["fetch", "gbif", "--data", str(data), *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def stored(data: Path, dataset: str = "gbif") -> list[dict[str, str]]:
    text = (data / "observations" / dataset / "occurrence.txt").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def summary(data: Path, *flags: str) -> dict:
    done = run("summary", "--json", "--data", str(data), *flags)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)["observations"]


# -- a fetch against the recorded answers ------------------------------------------------------


def test_fetch_stores_gbif_records_with_ids_licences_and_generalisation(
    data_copy: Path, replay: Callable[..., Replay], capsys: pytest.CaptureFixture[str]
):
    replay()
    code, out, err = fetch(capsys, data_copy)
    assert code == 0, err
    assert "observations/gbif: 5 GBIF records, 21 individuals, from 4 datasets" in out
    assert "2 already generalised by GBIF or their publisher" in out
    assert "1 under a licence not accepted (UNSPECIFIED 1)" in out
    assert "1 outside the parks' outlines" in out
    rows = {r["gbifID"]: r for r in stored(data_copy)}
    assert set(rows) == KEPT  # neither the refused licence nor the record outside the parks
    # every record keeps its GBIF identifiers, licence and what was withheld
    assert rows["4102938475"]["datasetKey"] == INAT
    assert rows["4411873021"]["license"] == "http://creativecommons.org/licenses/by/4.0/legalcode"
    assert rows["4411873021"]["individualCount"] == "2"
    assert rows["4411873021"]["basisOfRecord"] == "MACHINE_OBSERVATION"
    assert all(r["occurrenceID"] == key for key, r in rows.items())  # keyed on gbifID
    # records GBIF or their publisher generalised keep that position, and say so
    inat = rows[GENERALISED_BY_GBIF]
    assert (inat["decimalLatitude"], inat["decimalLongitude"]) == ("43.049817", "77.051032")
    assert inat["coordinateUncertaintyInMeters"] == "29886.0"
    assert "increased to 29886m to protect threatened taxon" in inat["informationWithheld"]
    survey = rows[GENERALISED_BY_PUBLISHER]
    assert (survey["decimalLatitude"], survey["decimalLongitude"]) == ("42.95", "76.95")
    assert "0.1 degree cell by the publisher" in survey["informationWithheld"]

    record = tomllib.loads((data_copy / "observations" / "gbif" / "dataset.toml").read_text())
    assert record["kind"] == "dwc" and record["synthetic"] is False
    citation = record["citation"]
    assert re.match(r"GBIF\.org \(\d{4}-\d\d-\d\d\) GBIF Occurrence Search ", citation)
    assert "iNaturalist contributors, iNaturalist (2026)" in citation
    assert "https://doi.org/10.15468/ab3s5x" in citation and "(2 records)" in citation
    # a dataset whose registry entry has no citation text is cited from its title and DOI
    assert "ungulate survey counts (not a real dataset). Occurrence dataset " in citation
    assert "https://doi.org/10.80001/fixture-ung accessed via GBIF.org on" in citation
    assert record["licence"] == (
        "per record: CC BY 4.0 (2), CC BY-NC 4.0 (2), CC0 1.0 (1); 1 record under another "
        "licence or none left out"
    )
    query = record["query"]
    assert "via pygbif 0.7.0" in query and "Panthera uncia | Otocolobus manul" in query
    assert "geometry = POLYGON ((" in query and "hasGeospatialIssue = false" in query
    listed = (data_copy / "observations" / "gbif" / gbif.DATASETS_FILE).read_text()
    assert listed.splitlines()[0] == "datasetKey,count"
    assert f"{INAT},2" in listed.splitlines()
    assert sum(int(line.split(",")[1]) for line in listed.splitlines()[1:]) == 5

    # the dashboard's data: a real source beside the synthetic sample
    obs = summary(data_copy)
    source = obs["by_source"]["gbif"]
    assert source["records"] == 5 and source["synthetic"] is False
    assert source["citation"] == citation and source["licence"] == record["licence"]
    assert obs["by_source"]["synthetic-sample"]["synthetic"] is True
    validate = run("validate", "--data", str(data_copy))
    assert validate.returncode == 0, validate.stdout


def test_fetched_snow_leopards_are_generalised_like_every_other_source(
    data_copy: Path, replay: Callable[..., Replay], capsys: pytest.CaptureFixture[str]
):
    replay()
    assert fetch(capsys, data_copy)[0] == 0
    public = run("summary", "--json", "--public", "--data", str(data_copy))
    assert public.returncode == 0
    lat, lon = PRECISE_SNOW_LEOPARD
    assert lat not in public.stdout and lon not in public.stdout
    precise = run("summary", "--json", "--data", str(data_copy))
    assert lat in (data_copy / "observations" / "gbif" / "occurrence.txt").read_text()
    assert json.loads(precise.stdout)["observations"]["generalised"] == 0
    generalised = json.loads(public.stdout)["observations"]["generalised"]
    assert generalised >= 2  # at least both snow leopards (and the ibex, category 4)


def test_a_second_fetch_replaces_and_never_duplicates(
    data_copy: Path, replay: Callable[..., Replay], capsys: pytest.CaptureFixture[str]
):
    replay()
    assert fetch(capsys, data_copy)[0] == 0
    first = summary(data_copy)
    code, out, err = fetch(capsys, data_copy)
    assert code == 0, err
    assert "the same records as the last fetch: replaced, nothing duplicated" in out
    again = summary(data_copy)
    assert again["records"] == first["records"]
    assert again["by_source"]["gbif"]["records"] == 5
    assert len(stored(data_copy)) == 5
    assert [p.name for p in (data_copy / "observations").iterdir() if "gbif" in p.name] == ["gbif"]


def test_once_real_records_replace_the_sample_nothing_calls_the_wildlife_synthetic(
    data_copy: Path,
    replay: Callable[..., Replay],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
):
    """The data manager's path before an event: fetch, delete the sample, check, look."""
    sample = "Synthetic sample, not field data: camera traps in Chon Kemin and Ile-Alatau"
    replay()
    assert fetch(capsys, data_copy)[0] == 0
    assert main(["preflight", "--data", str(data_copy)]) == 0
    assert "observations/synthetic-sample/" in capsys.readouterr().out
    shutil.rmtree(data_copy / "observations" / "synthetic-sample")
    assert main(["preflight", "--data", str(data_copy)]) == 0
    found = capsys.readouterr().out
    assert "observations/synthetic-sample/" not in found and "observations/gbif" not in found
    assert "observations/synthetic-patrols-chon-kemin/" in found  # the patrols are still a sample
    by_source = summary(data_copy)["by_source"]
    assert "synthetic-sample" not in by_source and by_source["gbif"]["synthetic"] is False

    from tests.ui.test_page import _app
    from tests.ui.test_wildlife import _text

    text = _text(_app(monkeypatch, data_copy))
    assert "GBIF.org (" in text, "the fetched records are cited on the page"
    assert sample not in text


def test_a_synonym_searched_too_brings_each_record_once(
    data_copy: Path, replay: Callable[..., Replay], capsys: pytest.CaptureFixture[str]
):
    replay()
    code, out, err = fetch(capsys, data_copy, "--species", "Panthera uncia", "Uncia uncia")
    assert code == 0, err
    assert "3 returned twice" in out  # the synonym's three records
    keys = [r["gbifID"] for r in stored(data_copy)]
    assert sorted(keys) == ["4411873021", "4987215530"]


def test_paging_stays_within_gbifs_search_limits(
    data_copy: Path, replay: Callable[..., Replay], capsys: pytest.CaptureFixture[str]
):
    adapter = replay()
    assert fetch(capsys, data_copy, "--since", "2015")[0] == 0
    searches = adapter.params("/v1/occurrence/search")
    pages = [(q["scientificName"][0], int(q["offset"][0]), int(q["limit"][0])) for q in searches]
    assert ("Panthera uncia", 0, 2) in pages and ("Panthera uncia", 2, 2) in pages
    assert ("Panthera uncia", 4, 2) not in pages  # the count and endOfRecords end the paging
    assert len(pages) == 2 + 2 + 1 + 4  # two pages for 3 records (twice), one, four empty
    for query in searches:
        assert query["hasCoordinate"] == ["true"] and query["hasGeospatialIssue"] == ["false"]
        assert query["occurrenceStatus"] == ["PRESENT"]
        assert re.fullmatch(r"2015,\d{4}", query["year"][0])
        polygon = shapely.from_wkt(query["geometry"][0])
        assert polygon.exterior.is_ccw  # GBIF's rule: counter-clockwise
    parks = gbif.area(data_copy, "parks").shape
    assert polygon.covers(parks)
    lookups = adapter.params("/v1/dataset/" + INAT)
    assert len(lookups) == 1


def test_paging_arithmetic_never_asks_past_the_100000th_record():
    asked: list[tuple[int, int]] = []

    def search(limit: int, offset: int, **params: Any) -> dict:
        asked.append((offset, limit))
        results = [{"gbifID": str(offset + i)} for i in range(limit)]
        return {"count": gbif.MAX_OFFSET, "results": results, "endOfRecords": False}

    shape = shapely.box(76, 42, 77, 43)
    query = gbif.Query(("Panthera uncia",), gbif.Area("parks", "", shape, "POLYGON"), None, 2026)
    found = gbif.fetch(query, gbif.Progress(io.StringIO()), search)
    assert len(found.records) == gbif.MAX_OFFSET
    assert all(limit <= 300 for _, limit in asked)
    assert max(offset + limit for offset, limit in asked) == gbif.MAX_OFFSET
    assert asked[-1] == (99_900, 100)

    def huge(limit: int, offset: int, **params: Any) -> dict:
        asked.append((offset, limit))
        return {"count": 250_000, "results": [{"gbifID": "1"}], "endOfRecords": False}

    asked.clear()
    with pytest.raises(gbif.GbifError, match=r"250,000 records of Panthera uncia.*--since"):
        gbif.fetch(query, gbif.Progress(io.StringIO()), huge)
    assert asked == [(0, 300)]  # refused after the first page


def test_area_landscape_keeps_what_lies_outside_the_parks(
    data_copy: Path, replay: Callable[..., Replay], capsys: pytest.CaptureFixture[str]
):
    adapter = replay()
    code, out, err = fetch(capsys, data_copy, "--area", "landscape", "--id", "gbif-landscape")
    assert code == 0, err
    assert "observations/gbif-landscape: 6 GBIF records" in out
    assert {r["gbifID"] for r in stored(data_copy, "gbif-landscape")} == KEPT | {OUTSIDE_PARKS}
    geometry = adapter.params("/v1/occurrence/search")[0]["geometry"][0]
    west, south, east, north = shapely.from_wkt(geometry).bounds
    assert west < 75 and east > 79 and south < 41.3 and north > 44.6  # the landscape's box


def test_dry_run_counts_and_writes_nothing(
    data_copy: Path, replay: Callable[..., Replay], capsys: pytest.CaptureFixture[str]
):
    adapter = replay()
    before = snapshot(data_copy)
    code, out, err = fetch(capsys, data_copy, "--dry-run")
    assert code == 0, err
    assert "GBIF holds 7 records for this query (Panthera uncia 3, Otocolobus manul 0" in out
    assert "by licence: CC_BY_4_0 3, CC_BY_NC_4_0 2, CC0_1_0 1, UNSPECIFIED 1" in out
    assert "nothing was fetched or written (--dry-run)" in out
    assert snapshot(data_copy) == before
    assert all(q["limit"] == ["0"] for q in adapter.params("/v1/occurrence/search"))
    assert adapter.params("/v1/dataset/" + INAT) == []


# -- failures: one line, nothing changed -------------------------------------------------------


def offline(request: requests.PreparedRequest) -> Answer:
    raise requests.ConnectionError(
        "HTTPSConnectionPool(host='api.gbif.org', port=443): Max retries exceeded (Caused by "
        "NameResolutionError(\"Failed to resolve 'api.gbif.org' ([Errno -2] Name or service "
        'not known)"))'
    )


def busy(request: requests.PreparedRequest) -> Answer:
    return (
        503,
        b"<html><body><h1>503 Service Unavailable</h1>\nNo server</body></html>",
        ("text/html"),
    )


def bad_request(request: requests.PreparedRequest) -> Answer:
    return 400, b"Invalid geometry: polygon must be counter-clockwise", "text/plain"


def not_json(request: requests.PreparedRequest) -> Answer:
    return 200, b"<html>maintenance</html>", "text/html"


def fails_on_second_page(request: requests.PreparedRequest) -> Answer:
    if "offset=2" in (request.url or ""):
        return busy(request)
    return recorded(request)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (offline, "cannot reach api.gbif.org (the name api.gbif.org cannot be resolved"),
        (busy, "GBIF refused to search the records of Panthera uncia: HTTP 503 Service"),
        (bad_request, "HTTP 400 Bad Request: Invalid geometry: polygon must be counter-"),
        (not_json, "with something other than JSON"),
        (fails_on_second_page, "Panthera uncia from record 2: HTTP 503"),
    ],
)
def test_no_network_or_a_refusal_is_one_line_and_changes_nothing(
    data_copy: Path,
    replay: Callable[..., Replay],
    capsys: pytest.CaptureFixture[str],
    answer: Callable[[requests.PreparedRequest], Answer],
    message: str,
):
    replay()
    assert fetch(capsys, data_copy)[0] == 0  # a previous fetch, which must survive
    before = snapshot(data_copy)
    replay(answer)
    code, out, err = fetch(capsys, data_copy)
    assert code == 1 and out == ""
    lines = [line for line in err.splitlines() if not line.startswith("GBIF: ") or "error" in line]
    assert len(lines) == 1, err
    assert lines[0].startswith("GBIF: error: ") and message in lines[0]
    assert lines[0].endswith("the data directory is unchanged")
    assert snapshot(data_copy) == before


def test_the_real_client_without_a_network_gives_the_same_one_line(
    data_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    """No replay here: requests' own connection error, from a closed port on this machine."""
    import importlib

    search = importlib.import_module("pygbif.occurrences.search")
    monkeypatch.setattr(search, "gbif_baseurl", "http://127.0.0.1:9/v1/")
    before = snapshot(data_copy)
    code, out, err = fetch(capsys, data_copy, "--dry-run")
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert err.startswith("GBIF: error: cannot reach api.gbif.org (the connection was refused)")
    assert snapshot(data_copy) == before


def test_usage_errors(data_copy: Path, capsys: pytest.CaptureFixture[str]):
    assert fetch(capsys, data_copy, "--since", "3000")[0] == 2
    code, _, err = fetch(capsys, data_copy, "--id", "Not An Id")
    assert code == 1 and "--id 'Not An Id' is not a valid dataset id" in err


# -- the parts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "label"),
    [
        ("http://creativecommons.org/publicdomain/zero/1.0/legalcode", "CC0 1.0"),
        ("http://creativecommons.org/licenses/by/4.0/legalcode", "CC BY 4.0"),
        ("https://creativecommons.org/licenses/by-nc/4.0/", "CC BY-NC 4.0"),
        ("CC_BY_NC_4_0", "CC BY-NC 4.0"),
        ("CC0_1_0", "CC0 1.0"),
        ("CC-BY-4.0", "CC BY 4.0"),
        ("UNSPECIFIED", None),
        ("UNSUPPORTED", None),
        ("", None),
        (None, None),
        ("http://creativecommons.org/licenses/by-nc-nd/4.0/legalcode", None),
        ("http://creativecommons.org/licenses/by-sa/4.0/legalcode", None),
        ("All rights reserved", None),
    ],
)
def test_accepted_licences(value: object, label: str | None):
    assert gbif.licence_label(value) == label


def test_progress_bar_on_a_terminal_and_lines_in_a_log():
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    bar = gbif.Progress(screen)
    bar.start("Panthera uncia", 600)
    bar.advance(300)
    bar.advance(300)
    bar.finish()
    text = screen.getvalue()
    assert "\r" in text and "[###############---------------] 300/600" in text
    assert text.endswith("[##############################] 600/600 records\n")
    bar.start("Capra sibirica", 900)
    bar.advance(300)
    bar.interrupt()  # a failure: its message must start on a line of its own
    assert screen.getvalue().endswith("[##########--------------------] 300/900 records\n")
    log = io.StringIO()
    bar = gbif.Progress(log)
    bar.start("Capra sibirica", 3)
    bar.advance(3)
    bar.finish()
    assert log.getvalue() == "GBIF: Capra sibirica: 3 of 3 records\n"


def test_the_query_polygon_covers_long_outlines_and_stays_short():
    circle = shapely.Point(76.9, 42.9).buffer(0.3, quad_segs=2000)  # 8,000 vertices
    text = gbif.query_wkt(circle)
    assert len(text) <= gbif.MAX_WKT
    polygon = shapely.from_wkt(text)
    assert polygon.covers(circle) and polygon.exterior.is_ccw


def test_import_dwc_keeps_gbif_ids_and_dataset_keys(data_copy: Path):
    """The store now keeps a GBIF download's gbifID and datasetKey beside each record."""
    occurrences = realdata("gbif-dwc/occurrence.txt")
    done = run("import", "dwc", str(occurrences), "--allow-outside", "--data", str(data_copy))
    assert done.returncode == 0, done.stderr
    (folder,) = [p for p in (data_copy / "observations").iterdir() if "synthetic" not in p.name]
    with open(occurrences, encoding="utf-8") as handle:
        source = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = stored(data_copy, folder.name)
    assert len(rows) == len(source) == 2000
    # records are keyed on gbifID (unique in every GBIF download), so it is their stored id
    by_gbif = {r["gbifID"]: r for r in source}
    for row in rows[:50]:
        original = by_gbif[row["gbifID"]]
        assert row["occurrenceID"] == original["gbifID"]
        assert row["datasetKey"] == original["datasetKey"] == INAT
        assert row["coordinateUncertaintyInMeters"] == original["coordinateUncertaintyInMeters"]
