"""Languages, presentation mode and phones, as a person sees them in headless Chromium."""

from __future__ import annotations

import re

import pytest

from landscape.catalog import load_catalog
from landscape.paths import BUNDLED_DATA
from landscape.tour import steps
from tests.browser.conftest import ARTIFACTS, map_frame, wait_for_layers

pytestmark = pytest.mark.browser

CATALOG = load_catalog(BUNDLED_DATA)
MAP = "iframe[title*='st_folium']"


def _visible_text(page, frame) -> str:
    """What a reader sees: the page and the map (legend opened)."""
    frame.locator(".landscape-legend summary").click()
    return page.locator("body").inner_text() + "\n" + frame.locator("body").inner_text()


def _english_leftovers(text: str, lang: str) -> list[str]:
    """English UI strings shown although the language has its own wording."""
    english, other = CATALOG.ui["en"], CATALOG.ui[lang]
    # "Landscape" (the jump button) is also this dashboard's own name, which the translated
    # source titles keep as a proper name («проектом Landscape»)
    english = {k: v for k, v in english.items() if k != "map.jump_landscape"}
    found = []
    for key, value in english.items():
        if "{" in value or len(value) < 5 or other.get(key) == value:
            continue
        if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text):
            found.append(f"{key}: {value}")
    return found


@pytest.mark.parametrize("lang", ["en", "ru", "ky", "kk"])
def test_each_language_renders_with_no_untranslated_ui_string(server, page, lang):
    page.goto(f"{server.url}?lang={lang}")
    frame = map_frame(page)
    wait_for_layers(frame, lambda s: "parks:chon-kemin" in s["features"])
    page.get_by_role("tab").first.wait_for()
    text = _visible_text(page, frame)
    page.screenshot(path=str(ARTIFACTS / f"lang-{lang}.png"))
    assert not re.search(r"\[[a-z0-9_]+\.[a-z0-9_-]+\]", text), "a UI key without a string"
    assert CATALOG.ui[lang]["app.title"] in text
    if lang != "en":
        assert _english_leftovers(text, lang) == []
    assert page.dialogs == []


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_presentation_fills_the_screen_and_walks_the_tour(server, browser, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    lang = "ru" if width == 1280 else "en"
    tour = steps(CATALOG, lang)
    try:
        page.goto(f"{server.url}?mode=present&lang={lang}")
        frame = map_frame(page)
        box = page.locator(MAP).bounding_box()
        assert box["width"] >= 0.95 * width and box["height"] >= 0.6 * height
        assert box["y"] + box["height"] <= height + 1, "the map fits the screen, no scrolling"
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert not page.locator('header[data-testid="stHeader"]').is_visible()
        title = page.locator(".tour-title")
        size = float(title.evaluate("e => getComputedStyle(e).fontSize").rstrip("px"))
        assert size >= 26, "read from the back of a room"
        for step in tour:
            title.filter(has_text=step.title).wait_for()
            page.wait_for_url(re.compile(rf"[?&]step={step.number}(&|$)"))
            frame.wait_for_function(  # the step's frame, fitted to this screen
                "k => window.map_div.getContainer().getAttribute('data-frame') === k",
                arg=f"step:{step.number}:{step.id}",
            )
            page.wait_for_timeout(900)  # let the zoom animation finish for the screenshot
            frame.wait_for_function("() => !window.map_div._animatingZoom")
            page.screenshot(path=str(ARTIFACTS / f"tour-{lang}-{width}-{step.number}.png"))
            if step.number < len(tour):
                page.locator("button", has_text=CATALOG.ui[lang]["tour.next"]).click()
        assert page.dialogs == [] if hasattr(page, "dialogs") else True
    finally:
        context.close()


def test_qr_code_opens_on_screen_with_the_live_view_of_the_step(server, page):
    numbers = {s.id: s.number for s in steps(CATALOG, "en")}
    page.goto(f"{server.url}?mode=present&lang=kk&step={numbers['transboundary']}")
    map_frame(page)
    page.locator("button", has_text=CATALOG.ui["kk"]["share.qr"]).click()
    dialog = page.get_by_role("dialog")
    dialog.locator("img").wait_for()
    link = dialog.locator("code").inner_text().strip()
    # the audience opens the dashboard on its phones, not the presenter's tour
    assert link == f"{server.url}?project=transboundary&lang=kk"
    assert dialog.locator("img").bounding_box()["width"] >= 300, "big enough to scan"
    page.screenshot(path=str(ARTIFACTS / "qr-dialog.png"))


def test_phone_shows_the_map_first_with_touch_sized_controls(server, browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    try:
        page.goto(f"{server.url}?lang=ky")
        frame = map_frame(page)
        wait_for_layers(frame, lambda s: "parks:chon-kemin" in s["features"])
        box = page.locator(MAP).bounding_box()
        assert box["width"] >= 360 and box["y"] < 844, "the map is on the first screen"
        tabs = page.get_by_role("tab").first.bounding_box()
        assert tabs["y"] > box["y"] + box["height"], "panels follow below the map"
        assert not page.locator('[data-testid="stSidebar"]').is_visible(), "sidebar closed"
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 390, "nothing wider than the phone"
        zoom_in = frame.locator(".leaflet-control-zoom-in").bounding_box()
        assert zoom_in["height"] >= 44 and zoom_in["width"] >= 44
        buttons = page.locator('.st-key-lang [data-testid="stButtonGroup"] button')
        buttons.first.wait_for(timeout=30_000)  # drawn with the panels, after the map
        switch = buttons.all()
        assert len(switch) == 4, "the language switch is drawn"
        for button in switch:
            assert button.bounding_box()["height"] >= 44
        # no hover needed: a tap on a park opens its popup
        frame.locator("path.leaflet-interactive").first.wait_for(state="attached")
        page.screenshot(path=str(ARTIFACTS / "phone-390x844.png"), full_page=False)
    finally:
        context.close()
