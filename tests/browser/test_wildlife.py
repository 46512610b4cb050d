"""Wildlife in a real browser: the leak test for sensitive positions, and screens for review."""

from __future__ import annotations

import shutil
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from landscape.importers.wildlife import import_wildlife
from landscape.paths import BUNDLED_DATA
from tests.browser.conftest import ARTIFACTS, Server, map_frame, wait_for_layers
from tests.packages import (
    PUBLIC_LAT,
    PUBLIC_LON,
    SECRET_FORMS,
    SECRET_LAT,
    SECRET_LON,
    write_package,
)

pytestmark = pytest.mark.browser

# The position at 3 decimals, and the raw bytes a float64/float32 of it would have.
LEAKS_TEXT = SECRET_FORMS
LEAKS_BYTES = tuple(
    struct.pack(fmt, v) for v in (SECRET_LAT, SECRET_LON) for fmt in ("<d", ">d", "<f")
)


@pytest.fixture(scope="module")
def leopard_server(tmp_path_factory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("leopard")
    data = root / "geodata"
    shutil.copytree(BUNDLED_DATA, data)
    # The synthetic patrol sample has ibex (0.001° public grid) at 42.8295, which shares the
    # secret's 3-decimal digits without being it; the leopard is tested without that sample.
    for sample in (data / "observations").glob("synthetic-patrols-*"):
        shutil.rmtree(sample)
    import_wildlife(data, write_package(root / "pkg"), "camtrap-dp")
    srv = Server(data=Path(data))
    yield srv
    srv.stop()


def _leaks(payload: str | bytes) -> list[str]:
    raw = payload.encode("utf-8") if isinstance(payload, str) else payload
    text = raw.decode("latin-1")
    found = [t for t in LEAKS_TEXT if t in text]
    found += [repr(b) for b in LEAKS_BYTES if b in raw]
    return found


def _choose(page, label: str) -> None:
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    if expand.is_visible():  # the filters are in the sidebar, closed at first
        expand.click()
    page.get_by_text(label, exact=True).first.click()
    page.wait_for_timeout(2500)


def test_precise_leopard_position_never_reaches_the_public_browser(leopard_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    received: list[str | bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(p)))
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(leopard_server.url)
    frame = map_frame(page)
    state = wait_for_layers(frame, lambda s: any(f.startswith("detections") for f in s["features"]))
    assert any(f.startswith("detections") for f in state["features"]), "the grid is drawn"
    cameras = frame.evaluate(
        "() => { const out = []; window.map_div.eachLayer(l => {"
        " if (l.options && (l.options.className || '').includes('landscape-camera'))"
        " out.push([l.getLatLng().lat, l.getLatLng().lng, l.getTooltip().getContent()]); });"
        " return out; }"
    )
    leopard_camera = [c for c in cameras if "Test package test-leopards" in c[2]]
    assert leopard_camera, "the imported camera is on the map"
    assert (leopard_camera[0][0], leopard_camera[0][1]) == (PUBLIC_LAT, PUBLIC_LON)
    assert "0.1° grid cell" in leopard_camera[0][2], "it says it was generalised"
    # every display mode sends its own layer data: record them all
    _choose(page, "Heatmap")
    _choose(page, "Clusters")
    _choose(page, "Grid")
    with page.expect_download() as download:
        page.get_by_text("Download these records", exact=False).first.click()
    csv_bytes = Path(download.value.path()).read_bytes()
    assert b"test-leopards" in csv_bytes and b"0.1\xc2\xb0 grid cell" in csv_bytes

    assert received, "websocket frames were recorded"
    for payload in received:
        assert not _leaks(payload), _leaks(payload)
    for each in page.frames:
        assert not _leaks(each.content()), f"frame {each.url}"
    assert not _leaks(csv_bytes), "the download"
    assert dialogs == []
    context.close()


@pytest.mark.parametrize("mode", ["Grid", "Heatmap", "Clusters"])
def test_wildlife_screens_for_review(server, browser, mode):
    """The map's wildlife layers in each mode, and the panel under it (test-artifacts/)."""
    context = browser.new_context(viewport={"width": 1280, "height": 2000})
    page = context.new_page()
    page.goto(server.url)
    frame = map_frame(page)
    wait_for_layers(frame, lambda s: s["basemap"] == "offline")
    if mode != "Grid":
        _choose(page, mode)
    drawn = {  # what each mode puts in the page, not just in Leaflet's layer list
        "Grid": "path.leaflet-interactive",
        "Heatmap": "canvas.leaflet-heatmap-layer",
        "Clusters": ".marker-cluster",
    }[mode]
    # waits for the rerun to reach the map, however loaded the machine (was a fixed 1.5 s)
    frame.locator(drawn).first.wait_for(state="attached", timeout=60_000)
    assert frame.locator(drawn).count() > 0, f"{mode}: the detections are drawn"
    page.wait_for_timeout(500)  # the layer's fade-in, for the screenshot
    out = ARTIFACTS / f"wildlife-{mode.lower()}.png"
    page.screenshot(path=str(out))
    assert out.stat().st_size > 20_000
    context.close()
