"""Patrols and METT in a real browser: the coverage layer a visitor switches on, the patrol
panel, the METT tab's empty state, and the tour step that shows patrol coverage."""

from __future__ import annotations

import pytest

from landscape.mapview.palette import bundled
from tests.browser.conftest import ARTIFACTS, map_frame, wait_for_layers

pytestmark = pytest.mark.browser


def _cells(state: dict) -> int:
    return sum(f.startswith("patrols:") for f in state["features"])


def test_patrol_coverage_switch_draws_cells_and_goes_into_the_link(server, page):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(server.url)
    frame = map_frame(page)
    state = wait_for_layers(frame, lambda s: "parks:chon-kemin" in s["features"])
    assert _cells(state) == 0, "coverage is off until the visitor asks"
    page.locator('[data-testid="stExpandSidebarButton"]').click()  # the filters' sidebar
    page.get_by_text("Patrol coverage on the map", exact=True).click()
    state = wait_for_layers(frame, lambda s: _cells(s) > 0)
    assert _cells(state) >= 20, "0.1° cells over both parks"
    page.wait_for_url("**patrols=1**")
    patrol = bundled()["wildlife"]["patrol"]  # the colour styles.toml gives patrol cells
    colour = frame.locator(f"path[stroke='{patrol}']").first
    colour.hover(force=True)
    tip = frame.locator(".leaflet-tooltip").last
    tip.wait_for()
    assert "Patrol coverage:" in tip.inner_text() and "patrol(s)" in tip.inner_text()
    assert "synthetic sample" in tip.inner_text()
    assert not page.dialogs  # type: ignore[attr-defined]
    page.mouse.move(5, 5)
    page.screenshot(path=str(ARTIFACTS / "patrols-coverage-1400x900.png"))

    heading = page.get_by_text("Ranger patrols (SMART)", exact=True)
    heading.scroll_into_view_if_needed()
    effort = "Patrol effort per park (synthetic sample, not field data)"
    assert page.get_by_text(effort).is_visible()
    table = page.locator("table").filter(has_text="Per 100 patrol-days")
    assert "Chon Kemin State Natural Park" in table.inner_text()
    assert "Ile-Alatau National Park" in table.inner_text()
    page.screenshot(path=str(ARTIFACTS / "patrols-panel-1400x900.png"))


def test_mett_tab_says_no_assessment_is_recorded_yet(server, page):
    page.goto(server.url + "?lang=ru")
    map_frame(page)
    page.get_by_role("tab", name="METT").click()
    empty = page.get_by_text("Оценки METT пока не внесены", exact=False)
    if not empty.count():  # the wording is the catalog's; fall back to the English key text
        empty = page.locator("[data-testid='stAlertContentInfo']").first
    empty.wait_for()
    assert "METT" in empty.inner_text()
    # plain words for visitors: how to add one is in geodata/README.md
    assert not page.get_by_text("geodata/", exact=False).count()
    page.screenshot(path=str(ARTIFACTS / "mett-empty-ru-1280x800.png"))


def test_tour_monitoring_step_shows_patrol_coverage(server, page):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(server.url + "?mode=present&step=9")
    frame = map_frame(page)
    state = wait_for_layers(frame, lambda s: _cells(s) > 0)
    assert _cells(state) >= 20
    assert not [f for f in state["features"] if f.startswith("detections:")]
    assert page.get_by_text("Patrols and management effectiveness").is_visible()
    page.screenshot(path=str(ARTIFACTS / "tour-monitoring-1280x720.png"))
