"""Presentation mode's preflight: the same findings as `landscape preflight`, one click away
for the presenter in the tour bar, and never on screen until that click."""

from __future__ import annotations

import pytest

from landscape.catalog import load_catalog
from landscape.paths import BUNDLED_DATA
from landscape.tour import steps
from tests.browser.conftest import ARTIFACTS, map_frame

pytestmark = pytest.mark.browser


def test_the_presenter_opens_the_findings_with_one_click(server, page):
    (wildlife,) = [s for s in steps(load_catalog(BUNDLED_DATA), "en") if s.id == "wildlife"]
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(server.url + f"?mode=present&step={wildlife.number}")
    map_frame(page)
    button = page.get_by_role("button", name="Preflight")
    button.wait_for(timeout=60_000)
    finding = page.get_by_text("observations/synthetic-sample/", exact=False)
    assert button.is_visible()
    assert not finding.count() or not finding.first.is_visible(), "nothing shown unasked"
    page.screenshot(path=str(ARTIFACTS / "present-preflight-closed-1280x720.png"))

    box = button.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 720, "in the tour bar, on screen"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    finding.first.wait_for(state="visible", timeout=30_000)
    popover = page.locator("[data-testid='stPopoverBody']")
    text = popover.inner_text()
    assert wildlife.title in text, "the tour step that shows the sample"
    assert "schematic" in text and "(chon-kemin)" in text
    assert "127.0.0.1" in text and "only this computer" in text, "this browser's address"
    page.screenshot(path=str(ARTIFACTS / "present-preflight-open-1280x720.png"))
    assert not page.dialogs  # type: ignore[attr-defined]
