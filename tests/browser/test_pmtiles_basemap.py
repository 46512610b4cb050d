"""A PMTiles basemap with the internet blocked: the map falls back to it when tiles cannot load,
protomaps-leaflet (served by the app) draws it from the file the app serves, and Lake
Issyk-Kul shows in the style's water colour where the tiny test extract holds it. When the
file does not answer either, the map falls back to the offline basemap."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Browser, Frame, Page

from landscape.catalog import load_catalog
from landscape.cli import main
from landscape.paths import BUNDLED_DATA
from tests import pmtiles_fixture as fixture
from tests.browser.conftest import ARTIFACTS, Server, map_frame

pytestmark = pytest.mark.browser

WATER = (0x80, 0xDE, 0xEA)  # protomaps-leaflet's light flavour: water
EARTH = (0xE2, 0xDF, 0xDA)  # and earth
LAKE = (42.45, 77.35)  # inside Issyk-Kul
LAND = (42.2, 75.8)  # the Kyrgyz Ala-Too west of the lake, outside parks and wildlife cells


@pytest.fixture(scope="module")
def pmtiles_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("pmtiles-data")
    data = root / "geodata"
    shutil.copytree(BUNDLED_DATA, data)
    lake = load_catalog(BUNDLED_DATA).lakes.set_index("id").loc["issyk-kul", "geometry"]
    tiles = fixture.build(root / "kemin-osm.pmtiles", lake)
    assert main(["basemap", "add", str(tiles), "--name", "OSM Kemin", "--data", str(data)]) == 0
    srv = Server(data)
    yield srv
    srv.stop()


def _offline_page(browser: Browser, server: Server, block: str = "") -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route(
        "**/*",
        lambda r: (
            r.continue_()
            if r.request.url.startswith(server.url) and not (block and block in r.request.url)
            else r.abort()
        ),
    )
    return context.new_page()


def _basemap(page: Page, frame: Frame, wanted: str, timeout_s: float = 40) -> str:
    shown = ""
    for _ in range(int(timeout_s * 4)):
        shown = frame.evaluate("() => window.map_div.getContainer().getAttribute('data-basemap')")
        if shown == wanted:
            break
        page.wait_for_timeout(250)
    return shown


def _pixel(page: Page, frame: Frame, shot: Image.Image, lat: float, lon: float) -> tuple:
    point = frame.evaluate(
        "([lat, lon]) => { const p = window.map_div.latLngToContainerPoint([lat, lon]);"
        " const r = window.map_div.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }",
        [lat, lon],
    )
    box = page.locator("iframe[title*='st_folium']").first.bounding_box()
    assert box is not None
    x, y = int(box["x"] + point[0]), int(box["y"] + point[1])
    return shot.getpixel((x, y))[:3]


def _near(colour: tuple, wanted: tuple, tolerance: int = 12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(colour, wanted, strict=True))


def test_tiles_that_fail_fall_back_to_the_pmtiles_basemap_which_draws_issyk_kul(
    pmtiles_server: Server, browser: Browser
):
    page = _offline_page(browser, pmtiles_server)
    page.goto(pmtiles_server.url)
    frame = map_frame(page)
    assert _basemap(page, frame, "osm-kemin") == "osm-kemin", "no fallback to the PMTiles map"
    frame.evaluate("() => window.map_div.setView([42.55, 76.6], 8)")
    canvases = 0
    for _ in range(80):  # protomaps-leaflet draws each tile into a canvas
        page.wait_for_timeout(250)
        canvases = frame.evaluate(
            "() => document.querySelectorAll('.leaflet-tile-pane canvas.leaflet-tile-loaded')"
            ".length"
        )
        if canvases >= 4:
            break
    page.wait_for_timeout(1500)
    assert canvases >= 4, "the vector tiles were never drawn"
    ARTIFACTS.mkdir(exist_ok=True)
    png = page.screenshot(path=str(ARTIFACTS / "pmtiles-basemap-offline.png"))
    shot = Image.open(io.BytesIO(png)).convert("RGB")
    lake, land = _pixel(page, frame, shot, *LAKE), _pixel(page, frame, shot, *LAND)
    assert _near(lake, WATER), f"Issyk-Kul drawn as {lake}, not the water colour {WATER}"
    assert _near(land, EARTH), f"the land drawn as {land}, not the earth colour {EARTH}"
    credit = frame.locator(".leaflet-control-attribution").inner_text()
    assert "© OpenStreetMap test extract" in credit
    frame.locator(".leaflet-control-layers").hover()
    assert "OSM Kemin" in frame.locator(".leaflet-control-layers-base").inner_text()
    page.context.close()


def test_when_the_pmtiles_file_does_not_answer_the_offline_basemap_shows(
    pmtiles_server: Server, browser: Browser
):
    page = _offline_page(browser, pmtiles_server, block="/app/static/tiles/")
    page.goto(pmtiles_server.url)
    frame = map_frame(page)
    assert _basemap(page, frame, "offline") == "offline"
    assert frame.locator(".context-label").first.is_visible(), "the offline map's names show"
    river = load_catalog(BUNDLED_DATA).styles["basemap"]["river"]
    frame.evaluate("() => window.map_div.setView([42.8, 76.2], 7)")
    page.wait_for_timeout(1500)
    drawn = frame.evaluate(
        "(colour) => [...document.querySelectorAll('path')].filter(p =>"
        " p.getAttribute('stroke') === colour && p.getBoundingClientRect().width > 50).length",
        river,
    )
    assert drawn == 1, "the rivers, one layer, drawn across the view"
    lake = frame.locator(".lake-label")
    assert lake.first.is_visible() and "Issyk-Kul" in lake.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "offline-basemap-natural-earth.png"))
    page.context.close()
