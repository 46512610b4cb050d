"""The booth walk-through (issue: ready for the booth), as a visitor and a presenter do it:
clicks at the centre of what is on screen, at a human pace, read back from the screen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page

from tests.browser.conftest import ARTIFACTS, map_frame

pytestmark = pytest.mark.browser

MAP = 'iframe[title="streamlit_folium.st_folium"]'
PACE_MS = 1500  # a person reads what changed before the next click


def click_centre(page: Page, target: Locator) -> None:
    """A mouse click at the centre of the element's visible box, and only if that point is
    the element (or inside it) rather than something drawn over it."""
    target.wait_for(state="visible", timeout=30_000)
    target.scroll_into_view_if_needed()
    box = target.bounding_box()
    assert box, "the element has no box on screen"
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    hit = target.evaluate(
        "(el, [x, y]) => { const h = document.elementFromPoint(x, y);"
        " return !!h && (el === h || el.contains(h)); }",
        [x, y],
    )
    assert hit, f"something covers the centre of the element at ({x:.0f}, {y:.0f})"
    page.mouse.click(x, y)


def panels_ready(page: Page) -> None:
    """The filters and panels come in the run after the map has loaded (map first)."""
    map_frame(page)
    page.get_by_role("tab").first.wait_for(timeout=60_000)


def map_in(page: Page, lang: str) -> None:
    """Until the map's frame is drawn again in `lang` (its <html lang>, and the parks)."""
    page.wait_for_function(
        "lang => [...document.querySelectorAll('iframe[title=\"streamlit_folium.st_folium\"]')]"
        ".some(f => f.contentDocument?.documentElement?.lang === lang && "
        "f.contentDocument.querySelectorAll('path.leaflet-interactive').length >= 2)",
        arg=lang,
        timeout=60_000,
    )


def test_the_language_switch_is_in_sight_and_takes_a_click_at_its_centre(server, browser):
    for width, height in ((1280, 800), (1366, 768), (1920, 1080), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(server.url)
        panels_ready(page)
        switch = page.locator('.st-key-lang [data-testid="stButtonGroup"]')
        box = switch.bounding_box()
        assert box and box["y"] >= 60, f"under Streamlit's 60 px header at {width}px"
        click_centre(page, switch.locator("button", has_text="Русский"))
        page.get_by_role("heading", name="Чон-Кемин", exact=False).first.wait_for(timeout=30_000)
        assert "lang=ru" in page.url
        page.wait_for_function("() => document.documentElement.lang === 'ru'", timeout=10_000)
        map_in(page, "ru")  # the map's frame too: its names and controls are Russian now
        context.close()


def test_every_tab_click_at_a_human_pace_opens_its_tab(server, browser):
    for width, height in ((1920, 1080), (1366, 768)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(server.url)
        panels_ready(page)
        page.wait_for_timeout(PACE_MS)
        # each tab twice, in the order that lost every second click before
        for name in ("COP14 context", "Parks", "Species", "METT", "Projects", "Parks", "COP14"):
            tab = page.get_by_role("tab", name=name, exact=False).first
            click_centre(page, tab)
            page.wait_for_function(
                "name => [...document.querySelectorAll('[role=tab]')].some(t =>"
                " t.getAttribute('aria-selected') === 'true' && t.innerText.includes(name))",
                arg=name,
                timeout=15_000,
            )
            page.wait_for_timeout(PACE_MS)
            selected = page.locator('[role="tab"][aria-selected="true"]').inner_text()
            assert name in selected, f"the click on {name!r} was lost at {width}px ({selected})"
        context.close()


def _qr_inside(page: Page) -> dict:
    img = page.locator("img.landscape-qr")
    img.wait_for(timeout=20_000)
    page.wait_for_timeout(800)  # the dialog's opening animation
    return img.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return {top: r.top, left: r.left, bottom: r.bottom, right: r.right, w: r.width,"
        " vw: innerWidth, vh: innerHeight, complete: el.complete && el.naturalWidth > 0}; }"
    )


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720), (390, 844)])
def test_the_qr_code_is_whole_on_screen_and_warns_about_a_loopback_address(server, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(server.url + "?mode=present")
    map_frame(page)
    click_centre(page, page.get_by_role("button", name="Show QR code"))
    box = _qr_inside(page)
    assert box["complete"], "the code is drawn"
    assert box["top"] >= 0 and box["left"] >= 0, box
    assert box["bottom"] <= box["vh"] and box["right"] <= box["vw"], f"cut off: {box}"
    assert box["w"] >= 180, "big enough to scan"
    # the server runs on 127.0.0.1: a phone scanning this would open itself
    page.get_by_text("Phones cannot open this address").wait_for(timeout=5_000)
    assert page.get_by_text("LANDSCAPE_PUBLIC_URL", exact=False).first.is_visible()
    page.screenshot(path=str(ARTIFACTS / f"qr-{size[0]}x{size[1]}.png"))
    context.close()


def _map_share(page: Page) -> float:
    return page.locator(MAP).evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " const w = Math.min(r.right, innerWidth) - Math.max(r.left, 0);"
        " const h = Math.min(r.bottom, innerHeight) - Math.max(r.top, 0);"
        " return w * h / (innerWidth * innerHeight); }"
    )


def _cut(page: Page) -> list[str]:
    """Tables and tab labels whose content is wider than what shows of them."""
    return page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stTable] table, [role=tab]')]"
        ".filter(e => e.getBoundingClientRect().width > 0)"
        ".filter(e => { const r = e.getBoundingClientRect();"
        "  const p = e.closest('[data-testid=stColumn], [data-testid=stMain]')"
        "   .getBoundingClientRect();"
        "  return r.right > p.right + 1 || e.scrollWidth > e.clientWidth + 1; })"
        ".map(e => e.innerText.slice(0, 40))"
    )


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_the_map_has_half_the_screen_and_the_panels_fit(server, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(server.url + "?lang=ky")
    panels_ready(page)
    assert _map_share(page) >= 0.5, f"the map has {_map_share(page):.0%} of the screen"
    for name in ("Парктар", "Түрлөр", "METT"):
        click_centre(page, page.get_by_role("tab", name=name).first)
        page.wait_for_timeout(PACE_MS)
        page.locator('[role="tabpanel"]:visible').first.wait_for(timeout=15_000)
        assert _cut(page) == [], f"cut in the {name} tab at {size}"
    context.close()


def test_presenting_with_a_second_language_keeps_the_map_and_badge_in_sight(server, browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(server.url + "?mode=present&step=9&lang2=ru")
    map_frame(page)
    page.locator(".tour-second").wait_for()
    assert page.locator(".tour-second").get_attribute("lang") == "ru", "read with Russian rules"
    assert page.evaluate("() => document.documentElement.lang") == "en"
    box = page.locator(MAP).bounding_box()
    assert box and box["y"] + box["height"] <= 1080 + 1, f"the map runs off the screen: {box}"
    assert box["height"] >= 500
    second = page.locator(".tour-second").evaluate(
        "e => [parseFloat(getComputedStyle(e).fontSize), getComputedStyle(e).color]"
    )
    assert second[0] >= 18 and second[1] != "rgb(85, 85, 85)", second
    badge = page.locator(".tour-badge").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert badge >= 20, f"the synthetic-sample badge is {badge}px"
    context.close()


def test_on_a_phone_the_panels_come_before_the_wildlife_and_the_tour_map_is_near_the_top(
    server, browser
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = context.new_page()
    page.goto(server.url)
    panels_ready(page)
    wildlife = page.locator("#wildlife")
    wildlife.wait_for(timeout=60_000)
    tabs_y = page.get_by_role("tab").first.bounding_box()["y"]
    assert tabs_y < wildlife.bounding_box()["y"], "the panels come before the wildlife section"
    page.goto(server.url + "?mode=present")
    map_frame(page)
    top = page.locator(MAP).bounding_box()["y"]
    assert top < 844 * 0.6, f"the tour's map starts at y={top:.0f}"
    context.close()


TITLES = {  # code: (the switch's label, a part of the page's title)
    "en": ("English", "Chon Kemin – Ile-Alatau transboundary landscape"),
    "ru": ("Русский", "Трансграничный ландшафт"),
    "ky": ("Кыргызча", "чек ара аралык"),
    "kk": ("Қазақша", "трансшекаралық"),
}


def test_screens_of_the_page_in_every_language_and_of_the_phone(server, browser):
    """The screens a reviewer looks at, kept in test-artifacts/; each after a real switch."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server.url)
    panels_ready(page)
    for code, (name, title) in TITLES.items():
        button = page.locator(".st-key-lang button", has_text=name)
        click_centre(page, button)
        page.locator("h1", has_text=title).first.wait_for(timeout=30_000)
        page.get_by_role("tab").first.wait_for(timeout=30_000)
        map_in(page, code)
        page.wait_for_timeout(PACE_MS)
        page.screenshot(path=str(ARTIFACTS / f"page-{code}-1280x800.png"))
    context.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True)
    page = phone.new_page()
    page.goto(server.url)
    panels_ready(page)
    page.screenshot(path=str(ARTIFACTS / "page-phone-390x844.png"))
    phone.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_screens_of_every_tour_step_walked_with_next(server, browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.goto(server.url + "?mode=present")
    map_frame(page)
    counter = page.locator(".tour-counter")
    total = int(counter.inner_text().split("/")[1])
    assert total >= 9
    for number in range(1, total + 1):
        page.wait_for_function(
            "n => document.querySelector('.tour-counter')?.innerText.trim().startsWith(n + ' ')",
            arg=str(number),
            timeout=20_000,
        )
        map_frame(page)
        page.wait_for_timeout(PACE_MS)
        box = page.locator(MAP).bounding_box()
        assert box and box["y"] + box["height"] <= size[1] + 1, f"step {number}: map cut"
        page.screenshot(path=str(ARTIFACTS / f"tour-{number}-{size[0]}x{size[1]}.png"))
        if number < total:
            click_centre(page, page.get_by_role("button", name="Next"))
    context.close()
