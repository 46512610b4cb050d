"""Hostile text everywhere, in a real browser: every text field of every layer, imported
scientific names, location names, dataset titles and SMART species and stations, and every
URL parameter, carry injection payloads. No dialog opens, no request leaves the machine
(a payload image pointing at another host would make one), and the map still renders. The
same holds for the exported HTML file."""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlparse

import pytest

from landscape import export
from landscape.catalog import load_catalog
from landscape.i18n import translator
from landscape.importers.wildlife import import_wildlife
from landscape.paths import BUNDLED_DATA
from landscape.viewstate import URL_PARAMS
from tests.browser.conftest import ARTIFACTS, TILE_HOSTS, Server, map_frame, wait_for_layers
from tests.conftest import poison_text_fields
from tests.packages import write_package

pytestmark = pytest.mark.browser

EVIL_HOST = "evil.example"
PAYLOADS = (
    "<script>alert(1)</script>",
    f"<img src=http://{EVIL_HOST}/leak.png onerror=alert(2)>",
    "javascript:alert(3)",
    "${alert(4)}",
    "`${alert(5)}`",
    "\"'><svg onload=alert(6)>",
    "{{7*7}} \\u003cscript\\u003e",
)
ONE = " ".join(PAYLOADS)
LONG = "A" * 20_000 + PAYLOADS[1]
URL_KEYS = URL_PARAMS  # every parameter the dashboard reads: fall back, no error


def _poison_csv(path: Path, columns: dict[str, str]) -> None:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fields = list(rows[0])
    for row in rows:
        row.update({c: v for c, v in columns.items() if c in row})
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def hostile_data(root: Path) -> Path:
    """A copy of geodata/ with payloads in every text field, plus an imported Camtrap DP
    package and a SMART export whose names, titles and stations are payloads."""
    data = root / "geodata"
    shutil.copytree(BUNDLED_DATA, data)
    poison_text_fields(data, ONE)
    package = write_package(root / "pkg", name="hostile-package")
    _poison_csv(package / "deployments.csv", {"locationName": ONE})
    _poison_csv(package / "observations.csv", {"scientificName": f"Panthera {ONE}"})
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["title"] = LONG
    descriptor["bibliographicCitation"] = ONE
    (package / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    import_wildlife(data, package, "camtrap-dp")
    export_csv = root / "hostile-patrols.csv"
    text = (Path(__file__).parents[1] / "fixtures" / "smart" / "patrols-en.csv").read_text(
        encoding="utf-8"
    )
    quoted = '"' + ONE.replace('"', '""') + '"'
    text = text.replace("Long-tailed Marmot", quoted).replace("Kemin Ranger Station", quoted)
    export_csv.write_text(text, encoding="utf-8")
    import_wildlife(data, export_csv, "smart")
    return data


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Iterator[tuple[Path, Server]]:
    data = hostile_data(tmp_path_factory.mktemp("hostile-all"))
    srv = Server(data=data)
    yield data, srv
    srv.stop()


def _outside(url: str) -> bool:
    host = urlparse(url).hostname or ""
    local = url.startswith(("data:", "blob:", "about:", "file:")) or host in (
        "127.0.0.1",
        "localhost",
    )
    return not local and not host.endswith(TILE_HOSTS)


def _watch(page) -> list[str]:
    left: list[str] = []
    page.on("request", lambda r: left.append(r.url) if _outside(r.url) else None)
    return left


def test_the_imported_hostile_names_really_are_in_the_data(hostile):
    data, _ = hostile
    cat = load_catalog(data)
    assert ONE in " ".join(cat.observations["scientific_name"].dropna())
    assert LONG in set(cat.datasets["title"])
    assert ONE in set(cat.patrols["station"])


def test_hostile_data_and_urls_open_no_dialog_and_send_nothing_out(hostile, page):
    _, server = hostile
    left = _watch(page)
    query = urlencode([(key, ONE) for key in URL_KEYS] + [("project", LONG)])
    page.goto(server.url + "?" + query)
    frame = map_frame(page)
    state = wait_for_layers(frame, lambda s: "parks:ile-alatau" in s["features"])
    assert {"parks:chon-kemin", "parks:ile-alatau"} <= set(state["features"])
    page.locator('[data-testid="stExpandSidebarButton"]').click()  # the filters' sidebar
    page.get_by_text("Patrol coverage on the map", exact=False).first.click()  # UI poisoned too
    wait_for_layers(frame, lambda s: any(f.startswith("patrols:") for f in s["features"]))
    frame.evaluate(
        "() => window.map_div.eachLayer(l => { if (l.openPopup && l.getPopup &&"
        " l.getPopup()) { try { l.openPopup(); } catch (e) {} }"
        " if (l.openTooltip && l.getTooltip && l.getTooltip()) {"
        " try { l.openTooltip(); } catch (e) {} } })"
    )
    for tab in ("Projects", "COP14 context", "Parks", "Species", "METT"):
        page.get_by_role("tab", name=tab, exact=False).first.click()
        page.wait_for_timeout(400)
    page.get_by_text("Ranger patrols", exact=False).first.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert left == [], left
    assert "<script>alert(1)</script>" in page.locator("body").inner_text(), "shown as text"
    page.screenshot(path=str(ARTIFACTS / "hostile-everything.png"))


@pytest.mark.parametrize("key", URL_KEYS)
def test_each_hostile_url_parameter_falls_back_quietly(server, page, key):
    left = _watch(page)
    page.goto(server.url + "?" + urlencode({key: PAYLOADS[1]}))
    frame = map_frame(page)
    state = wait_for_layers(frame, lambda s: "parks:ile-alatau" in s["features"])
    assert "parks:chon-kemin" in state["features"]
    assert page.dialogs == [] and left == []  # type: ignore[attr-defined]
    assert not page.locator("[data-testid='stException']").count()


def test_exported_html_of_hostile_data_is_inert(hostile, page, tmp_path):
    data, _ = hostile
    cat = load_catalog(data)
    out = tmp_path / "hostile.html"
    export.write(out, export.html_page(cat, "en", [], translator(cat.ui, "en")))
    blocked: list[str] = []

    def route(r) -> None:
        if r.request.url.startswith(("file:", "data:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.context.route("**/*", route)
    page.goto(out.as_uri())
    page.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 2")
    page.evaluate(
        "() => { const m = Object.keys(window).filter(k => /^map_[0-9a-f]+$/.test(k))"
        ".map(k => window[k])[0]; m.eachLayer(l => { if (l.openPopup && l.getPopup &&"
        " l.getPopup()) { try { l.openPopup(); } catch (e) {} } }); }"
    )
    page.wait_for_timeout(800)
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert blocked == [], blocked
    page.screenshot(path=str(ARTIFACTS / "hostile-export.png"))
