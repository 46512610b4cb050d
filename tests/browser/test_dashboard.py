"""What a person sees, in headless Chromium against a real `streamlit run`."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.conftest import (
    ARTIFACTS,
    TILE_HOSTS,
    Server,
    layers,
    map_frame,
    wait_for_layers,
)
from tests.conftest import poison_text_fields

pytestmark = pytest.mark.browser


def _is_local(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return url.startswith(("data:", "blob:", "about:")) or host in ("127.0.0.1", "localhost")


def _is_tile(url: str) -> bool:
    return (urlparse(url).hostname or "").endswith(TILE_HOSTS)


def _click_latlng(page, frame, lat: float, lng: float) -> None:
    point = frame.evaluate(
        "([lat, lng]) => { const p = window.map_div.latLngToContainerPoint([lat, lng]);"
        " return [p.x, p.y]; }",
        [lat, lng],
    )
    box = page.locator("iframe[title*='st_folium']").bounding_box()
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])


def test_map_renders_parks_border_ridge_and_samarkand(server, page):
    page.goto(server.url)
    frame = map_frame(page)
    state = wait_for_layers(frame, lambda s: "parks:ile-alatau" in s["features"])
    assert {"parks:chon-kemin", "parks:ile-alatau", "border:kaz-kgz", "ridge:shared-ridge"} <= set(
        state["features"]
    )
    assert any("place-samarkand" in c for c in state["places"])
    legend = frame.locator(".landscape-legend")
    assert legend.locator("details").evaluate("d => d.open") is False, "closed on a small map"
    legend.locator("summary").click()
    assert legend.inner_text().count("schematic outline, not an official boundary") == 2
    page.screenshot(path=str(ARTIFACTS / "default-1280x800.png"))


def test_the_filters_and_panels_follow_the_map_without_reloading_it(server, page):
    """Map first (ui/page.py): the map's report brings the rest of the page, and the map's
    frame stays the same document (a reload would lose this mark, or detach the frame)."""
    page.goto(server.url + "?species=Panthera+uncia")
    frame = map_frame(page)
    frame.evaluate("window.__first_document = true")
    page.get_by_role("tab", name="Projects").wait_for(timeout=60_000)
    species = page.locator("[data-testid='stMultiSelect']").filter(has_text="Species")
    species.wait_for(state="attached", timeout=60_000)  # in the closed (hidden) sidebar
    assert "Panthera uncia" in species.text_content()
    page.wait_for_timeout(1000)  # anything the full run would change has arrived
    assert frame.evaluate("window.__first_document") is True
    assert len([f for f in page.frames if "st_folium" in f.url]) == 1
    assert page.get_by_text("Loading the filters and panels").count() == 0


def test_offline_only_tiles_leave_the_machine_and_the_map_falls_back(server, page):
    requests, failed, console = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: console.append((m.type, m.text, m.location.get("url", ""))))
    page.goto(server.url)
    frame = map_frame(page)
    state = wait_for_layers(frame, lambda s: s["basemap"] == "offline")
    assert state["basemap"] == "offline", "tiles failed, so the offline basemap took over"
    assert frame.locator(".landscape-notice").is_visible()
    assert "parks:chon-kemin" in state["features"]
    outside = [u for u in requests if not _is_local(u)]
    assert outside and all(_is_tile(u) for u in outside), [u for u in outside if not _is_tile(u)]
    assert [u for u in failed if not _is_tile(u)] == []
    errors = [
        c
        for c in console
        if c[0] == "error" and not _is_tile(c[2]) and "ERR_NAME_NOT_RESOLVED" not in c[1]
    ]
    assert errors == []
    assert page.locator("text=Traceback").count() == 0


def test_filter_change_keeps_the_zoom_set_before_it(server, page):
    page.goto(server.url)
    frame = map_frame(page)
    idle = "() => !window.map_div._animatingZoom && !window.map_div._panAnim?._inProgress"
    page.wait_for_timeout(1000)  # the first fit and the frame's resize settle
    frame.wait_for_function(idle)
    start = layers(frame)["zoom"]
    for step in (1, 2):
        frame.locator(".leaflet-control-zoom-in").click()
        frame.wait_for_function("z => window.map_div.getZoom() === z", arg=start + step)
        frame.wait_for_function(idle)
    zoomed = layers(frame)["zoom"]
    assert zoomed == start + 2
    # a wildlife filter keeps the view; a project choice frames what it leaves instead
    # (tests/browser/test_booth_map.py)
    page.locator('[data-testid="stExpandSidebarButton"]').click()  # the sidebar starts closed
    page.get_by_text("Patrol coverage on the map").click()
    state = wait_for_layers(frame, lambda s: any(f.startswith("patrols:") for f in s["features"]))
    assert any(f.startswith("patrols:") for f in state["features"]), "the filter reached the map"
    assert state["zoom"] == zoomed, "zoom kept across the filter change"
    assert "patrols=1" in page.url
    page.screenshot(path=str(ARTIFACTS / "filtered-patrols-1280x800.png"))


def test_clicking_a_park_selects_it_in_the_panels(server, page):
    page.goto(server.url)
    frame = map_frame(page)
    _click_latlng(page, frame, 42.876, 76.695)
    selected = page.get_by_text("Selected on the map")
    selected.wait_for(timeout=20000)
    assert page.locator("h4", has_text="Chon Kemin State Natural Park").count() >= 1


def test_project_link_reproduces_the_view(server, page):
    page.goto(server.url + "?project=transboundary&project=nope")
    frame = map_frame(page)
    state = wait_for_layers(frame, lambda s: "parks:chon-kemin" in s["features"])
    assert "parks:chon-kemin" in state["features"]
    # in the sidebar, which comes once the map has loaded
    page.get_by_text("Ignored unknown project id(s) from the link").wait_for(timeout=30_000)


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_screens_for_review(server, browser, size):
    """Screenshots of the default view at presentation sizes, kept in test-artifacts/."""
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    pg = context.new_page()
    pg.goto(server.url)
    frame = map_frame(pg)
    wait_for_layers(frame, lambda s: s["basemap"] == "offline")
    legend_open = frame.locator(".landscape-legend details").evaluate("d => d.open")
    assert legend_open is (size[0] >= 1920), "the legend opens only where it leaves room"
    pg.wait_for_timeout(1500)
    out = ARTIFACTS / f"offline-basemap-{size[0]}x{size[1]}.png"
    pg.screenshot(path=str(out))
    assert out.stat().st_size > 20_000
    context.close()


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory) -> Server:
    import shutil

    from landscape.paths import BUNDLED_DATA

    data = tmp_path_factory.mktemp("hostile") / "geodata"
    shutil.copytree(BUNDLED_DATA, data)
    poison_text_fields(data)
    srv = Server(data=Path(data))
    yield srv
    srv.stop()


def test_hostile_text_opens_no_dialog_and_the_map_still_renders(hostile_server, page):
    page.goto(hostile_server.url + "?project=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    frame = map_frame(page)
    state = wait_for_layers(frame, lambda s: "parks:ile-alatau" in s["features"])
    assert {"parks:chon-kemin", "parks:ile-alatau"} <= set(state["features"])
    # Hover and open every popup: tooltips and popups are where folium would run code.
    _click_latlng(page, frame, 42.876, 76.695)
    page.wait_for_timeout(1200)
    frame.evaluate(
        "() => window.map_div.eachLayer(l => { if (l.openPopup && l.getPopup &&"
        " l.getPopup()) { try { l.openPopup(); } catch (e) {} } })"
    )
    frame.locator(".landscape-legend").hover()
    page.get_by_role("tab", name="COP14 context", exact=False).first.click()
    page.wait_for_timeout(1500)
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert frame.locator(".leaflet-popup-content").count() >= 1
    assert "onerror" in frame.locator(".landscape-legend").text_content(), "shown as text"
    page.screenshot(path=str(ARTIFACTS / "hostile-data.png"))
