"""Ranger patrols in a real browser: the leak test, as for sensitive species. A SMART export
with known waypoints is imported; the public page, with patrol coverage on and every display
mode chosen in turn, its records download and its offline map download must carry none of
the waypoints' positions at 3 decimals or finer (as text or as float bytes), none of their
times of day, and no patrol, leg or station name."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from landscape.paths import BUNDLED_DATA
from landscape.wildlife.store import FOLDER
from tests.browser.conftest import Server, map_frame, wait_for_layers
from tests.patrol_leaks import DATASET, add_export, is_cell_centre, leaks

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def patrol_server(tmp_path_factory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("patrols")
    data = root / "geodata"
    shutil.copytree(BUNDLED_DATA, data)
    for sample in (data / FOLDER).glob("synthetic-*"):  # their digits are not the test's
        shutil.rmtree(sample)
    add_export(data, root)
    srv = Server(data=Path(data))
    yield srv
    srv.stop()


def _click(page, text: str) -> None:
    """A person's click at the centre of the visible control labelled `text`."""
    target = page.get_by_text(text, exact=True).first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None, text
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(2500)


def _download(page, text: str) -> bytes:
    target = page.get_by_text(text, exact=False).first
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box is not None, text
    with page.expect_download(timeout=120_000) as download:
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    return Path(download.value.path()).read_bytes()


def test_no_patrol_position_time_or_id_reaches_the_public_browser(patrol_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    received: list[str | bytes] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(p)))
    page.goto(patrol_server.url + "?patrols=1")
    frame = map_frame(page)
    state = wait_for_layers(frame, lambda s: any(f.startswith("patrols") for f in s["features"]))
    assert any(f.startswith("patrols") for f in state["features"]), "coverage is drawn"
    page.get_by_role("tab").first.wait_for(timeout=60_000)  # the filters come after the map
    page.locator('[data-testid="stExpandSidebarButton"]').click()  # the sidebar starts closed
    page.get_by_text("Records on the map", exact=True).first.wait_for(timeout=60_000)
    for mode in ("Heatmap", "Clusters", "Grid"):  # each mode sends its own layer data
        _click(page, mode)
    records = _download(page, "Download these records")
    rows = [line.split(",") for line in records.decode("utf-8").splitlines()]
    header = rows[0]
    patrol_rows = [r for r in rows[1:] if r[0] == DATASET]
    assert len(patrol_rows) == 4, "the patrol records are in the download"
    lat, lon = header.index("lat"), header.index("lon")
    assert all(is_cell_centre(float(r[lat])) and is_cell_centre(float(r[lon])) for r in patrol_rows)
    _click(page, "Share this view")
    offline = _download(page, "Offline map (HTML file)")
    assert b"Patrol coverage" in offline

    assert received, "websocket frames were recorded"
    for payload in received:
        assert not leaks(payload), leaks(payload)
    for each in page.frames:
        assert not leaks(each.content()), f"frame {each.url}"
    assert not leaks(records), leaks(records)
    assert not leaks(offline), leaks(offline)
    context.close()
