"""Keyboard and zoom (issue 18), as a keyboard user meets the page: Tab from the top of the
dashboard, read where the focus is and whether it shows; the map's text version reached in
one step; presentation mode's buttons; and the page at 200 % zoom of a 1280×800 screen.

A focus "shows" when the focused element, or the element within five levels above it that
draws the ring (a hidden radio input's label, a select's box), has an outline of 2 px or more,
or a box-shadow ring of 2 px or more, at 3:1 or more against the colour behind it (WCAG
2.4.7 and 1.4.11), and is on screen. Inside the map's frame the page draws the ring round the
frame; the stops inside the frame are the map's (counted, and reported)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from landscape.catalog import load_catalog
from landscape.paths import BUNDLED_DATA
from landscape.wildlife import figures
from landscape.wildlife.privacy import public_view
from tests.browser.conftest import ARTIFACTS, map_frame
from tests.browser.test_booth_ui import click_centre, panels_ready

CATALOG = load_catalog(BUNDLED_DATA)

pytestmark = pytest.mark.browser

LIMIT = 40  # Tab stops from the top of the dashboard to its main controls (issue 18)

# Where the focus is, through same-origin frames, and what shows it.
FOCUS_JS = """() => {
  const parse = c => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const over = (fg, bg) => ({r: fg.r * fg.a + bg.r * (1 - fg.a),
    g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a), a: 1});
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b);
  };
  const ratio = (x, y) => { const a = lum(x), b = lum(y);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); };
  const behind = el => {  // the colour behind el: its and its ancestors' backgrounds
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reverse().reduce((bg, c) => over(c, bg), {r: 255, g: 255, b: 255, a: 1});
  };
  const onScreen = el => { const r = el.getBoundingClientRect(), v = el.ownerDocument
    .defaultView; return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
    r.top < v.innerHeight && r.left < v.innerWidth; };
  const ring = el => {  // the best ring el draws: [contrast, width, how]
    const cs = getComputedStyle(el);
    let best = [0, 0, ''];
    const width = parseFloat(cs.outlineWidth);
    if (!['none', 'hidden'].includes(cs.outlineStyle) && width >= 2) {
      const inset = parseFloat(cs.outlineOffset) < 0;
      const bg = behind(inset ? el : (el.parentElement || el));
      const c = parse(cs.outlineColor);
      if (c) best = [ratio(over(c, bg), bg), width, 'outline ' + cs.outlineColor];
    }
    for (const shadow of cs.boxShadow === 'none' ? [] : cs.boxShadow.split(/,(?![^(]*\\))/)) {
      const c = parse(shadow), nums = shadow.replace(/rgba?\\([^)]*\\)/, '').trim()
        .split(/\\s+/).map(parseFloat);
      const spread = nums.length >= 4 ? nums[3] : 0;
      if (c && spread >= 2) {
        const bg = behind(el.parentElement || el);
        const k = ratio(over(c, bg), bg);
        if (k > best[0]) best = [k, spread, 'box-shadow ' + shadow.trim()];
      }
    }
    return best;
  };
  const shows = el => {
    let e = el;
    for (let up = 0; e && e.nodeType === 1 && up <= 5; up++, e = e.parentElement) {
      const [k, w, how] = ring(e);
      if (k >= 3 && onScreen(e)) return {ok: true, how, contrast: Math.round(k * 10) / 10,
                                         up};
    }
    return {ok: false, how: getComputedStyle(el).outline, contrast: 0, up: -1};
  };
  let el = document.activeElement;
  const frames = [];
  while (el && el.tagName === 'IFRAME') {
    frames.push(el);
    let inner = null;
    try { inner = el.contentDocument; } catch (e) { inner = null; }
    if (!inner) break;
    el = inner.activeElement;
  }
  const inMap = frames.length > 0 && frames[0].title === 'streamlit_folium.st_folium';
  const name = (el.getAttribute('aria-label') || el.innerText || el.value || '')
    .replace(/\\s+/g, ' ').trim().slice(0, 50);
  const find = s => !!el.closest(s);
  return {
    inMap, tag: el.tagName, role: el.getAttribute('role') || '', name,
    kind: inMap ? 'map'
      : find('a.landscape-skip') ? 'skip'
      : find('.st-key-lang') ? 'language'
      : find('.stLinkButton') && name.includes('Present') ? 'present'
      : find('.st-key-map_text summary') ? 'map text'
      : find('.st-key-project_filter') && el.getAttribute('role') === 'combobox' ? 'projects'
      : el.getAttribute('role') === 'tab' ? 'tab' : '',
    focus: inMap ? shows(frames[0]) : shows(el),
  };
}"""


def focus(page: Page) -> dict[str, Any]:
    return page.evaluate(FOCUS_JS)


def walk(
    page: Page, until: str, limit: int = 200, shots: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """Tab from where the focus is until a stop whose kind or name ends in `until`; every stop
    read. `shots`: a screenshot at the first stop of each of these kinds, kept by name."""
    stops: list[dict[str, Any]] = []
    shots = dict(shots or {})
    for _ in range(limit):
        page.keyboard.press("Tab")
        page.wait_for_timeout(60)
        stops.append(focus(page))
        kind = stops[-1]["kind"]
        if kind in shots:
            page.wait_for_timeout(300)
            page.screenshot(path=str(ARTIFACTS / shots.pop(kind)))
        if until == kind or stops[-1]["name"].endswith(until):
            break
    return stops


def own_number(stops: list[dict[str, Any]], kind: str) -> int | None:
    """The number of the first stop of `kind` among the page's own stops (not the map's)."""
    own = [s for s in stops if not s["inMap"]]
    return next((i for i, s in enumerate(own, 1) if s["kind"] == kind), None)


@pytest.fixture(scope="module")
def dashboard(server, browser: Browser):
    """The default dashboard at 1280×800, the focus walked from the top to the panel tabs."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server.url)
    panels_ready(page)
    page.locator(".st-key-lang button").first.wait_for(timeout=30_000)
    page.locator(".stLinkButton a").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    shots = {k: f"a11y-focus-{k}.png" for k in ("language", "map", "projects")}
    stops = walk(page, "tab", shots=shots)
    yield page, stops
    context.close()


def test_the_main_controls_within_40_tab_stops_with_the_focus_in_sight(dashboard):
    page, stops = dashboard
    numbers = {k: own_number(stops, k) for k in ("skip", "language", "present", "projects")}
    numbers["tab"] = own_number(stops, "tab")
    numbers["map text"] = own_number(stops, "map text")
    mapped = sum(s["inMap"] for s in stops)
    print(f"Tab stops: the page's own {len(stops) - mapped}, the map frame's {mapped}, {numbers}")
    assert None not in numbers.values(), numbers
    assert all(n <= LIMIT for n in numbers.values()), numbers
    order = ["skip", "language", "present", "map text", "projects", "tab"]
    assert sorted(order, key=numbers.__getitem__) == order, numbers
    present = next(i for i, s in enumerate(stops) if s["kind"] == "present")
    assert mapped > 0 and stops[present + 1]["inMap"], "the map right after Present"
    hidden = [s for s in stops if not s["focus"]["ok"]]  # in the map: the ring round it
    assert hidden == [], hidden
    # The map's name and role, from the page
    frame = page.locator('iframe[title="streamlit_folium.st_folium"]')
    assert frame.get_attribute("aria-label", timeout=5_000).startswith("Interactive map")
    region = page.get_by_role("region", name="Map", exact=True)
    assert region.locator("iframe").count() == 1


def test_the_panel_tabs_within_40_stops_counting_the_map_frame(dashboard):
    _, stops = dashboard
    mapped = sum(s["inMap"] for s in stops)
    assert len(stops) <= LIMIT, f"{len(stops)} stops, {mapped} in the map"
    assert mapped <= 12, f"the map frame takes {mapped} Tab stops (issue 18: at most 12)"


def test_the_skip_link_reaches_the_maps_text_in_one_step_and_it_lists_the_map(dashboard):
    page, _ = dashboard
    page.locator("a.landscape-skip").focus()
    page.screenshot(path=str(ARTIFACTS / "a11y-focus-skip-link.png"))
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert focus(page)["kind"] == "map text", focus(page)
    page.keyboard.press("Enter")  # opens the list
    text = page.locator(".st-key-map_text [data-testid='stExpanderDetails']")
    text.wait_for(timeout=10_000)
    shown = text.inner_text()
    assert "Chon Kemin State Natural Park (Kyrgyzstan): schematic outline" in shown
    assert "Shared ridge (transboundary zone)" in shown and "Samarkand: CMS COP14" in shown
    records = figures.totals(public_view(CATALOG)).records  # the panel's own figure
    assert f"Wildlife records: {records:,} records of 7 species" in shown
    page.screenshot(path=str(ARTIFACTS / "a11y-map-text-open.png"))
    # the panel tabs: arrows move between them, the focus stays in sight
    page.locator('[role="tab"][aria-selected="true"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(1500)
    now = focus(page)
    for _ in range(16):  # a first visit computes the tab's figures: let that run end
        if now["kind"] == "tab":
            break
        page.wait_for_timeout(250)
        now = focus(page)
    assert now["kind"] == "tab" and now["name"] == "COP14 context" and now["focus"]["ok"], now
    page.screenshot(path=str(ARTIFACTS / "a11y-focus-tab.png"))


SIDEBAR = [
    "Species",
    "Dates — start",
    "Dates — end",
    "Parks",
    "Sources",
    "Patrol coverage on the map",
    "Basemap",
    "Share this view",
]
SHARE = ["Copy link", "Show QR code", "Handout for", "Handout (PDF)", "Offline map (HTML file)"]


def test_the_sidebar_and_share_controls_in_order_with_the_focus_in_sight(dashboard):
    page, _ = dashboard
    click_centre(page, page.locator('[data-testid="stExpandSidebarButton"]'))
    page.locator('[data-testid="stSidebarCollapseButton"] button').wait_for()
    page.wait_for_timeout(800)
    page.locator('[data-testid="stSidebarCollapseButton"] button').focus()
    stops = walk(page, "Share this view", limit=30)
    page.keyboard.press("Enter")  # opens the share section
    page.wait_for_timeout(1200)
    stops += walk(page, "Offline map (HTML file)", limit=30)
    page.locator('[data-testid="stSidebar"] iframe').first.scroll_into_view_if_needed()
    names = [s["name"] for s in stops]
    for wanted in SIDEBAR + SHARE:
        assert any(n.endswith(wanted) or n == wanted for n in names), (wanted, names)
    hidden = [s for s in stops if not s["focus"]["ok"]]
    assert hidden == [], hidden


def test_presentation_buttons_by_keyboard(server, page):
    page.goto(server.url + "?mode=present&step=2")
    map_frame(page)
    page.get_by_role("button", name="Next").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    stops = walk(page, "map", limit=20)
    names = [s["name"] for s in stops]
    for wanted in ("English", "Back", "Next", "Show QR code", "Exit"):
        assert any(wanted in n for n in names), (wanted, names)
    assert len(stops) <= 12, names
    hidden = [s for s in stops if not s["focus"]["ok"]]
    assert hidden == [], hidden
    # Enter on Next walks the tour; the focus stays on Next, in sight
    page.get_by_role("button", name="Next").focus()
    page.keyboard.press("Enter")
    page.get_by_text("3 / ", exact=False).wait_for(timeout=15_000)
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / "a11y-focus-present-next.png"))


ZOOMED = [
    '[data-testid="stExpandSidebarButton"]',
    '.st-key-lang button:has-text("English")',
    '.st-key-lang button:has-text("Қазақша")',
    '.stLinkButton a:has-text("Present")',
    'iframe[title="streamlit_folium.st_folium"]',
    ".st-key-map_text summary",
    '.st-key-project_filter [role="group"]',
    '[role="tab"]:has-text("Projects")',
    '[role="tab"]:has-text("METT")',
]
ZOOMED_SIDEBAR = [
    '[data-testid="stSidebar"] .stMultiSelect [role="group"] >> nth=0',
    '[data-testid="stSidebar"] .stSlider',
    '[data-testid="stSidebar"] [role="switch"] >> xpath=ancestor::label',
    '[data-testid="stSidebar"] .stSelectbox [role="group"]',
    '[data-testid="stSidebar"] summary:has-text("Share this view")',
]


def _whole_in_sight(page: Page, selector: str) -> None:
    target = page.locator(selector).first
    target.scroll_into_view_if_needed()
    page.wait_for_timeout(150)
    box = target.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0, selector
    width = page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (selector, box)
    x, y = box["x"] + box["width"] / 2, box["y"] + min(box["height"] / 2, 20)
    hit = target.evaluate(
        "(el, [x, y]) => { const h = document.elementFromPoint(x, y);"
        " return !!h && (el === h || el.contains(h)); }",
        [x, y],
    )
    assert hit, f"{selector}: something covers it at ({x:.0f}, {y:.0f})"


def test_every_control_at_200_percent_zoom(server, browser: Browser):
    """1280×800 at 200 %: a 640×400 CSS window at two device pixels per CSS pixel."""
    context = browser.new_context(viewport={"width": 640, "height": 400}, device_scale_factor=2)
    page = context.new_page()
    page.goto(server.url)
    panels_ready(page)
    page.locator(".st-key-lang button").first.wait_for(timeout=30_000)
    page.locator(".stLinkButton a").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=str(ARTIFACTS / "a11y-zoom200-top.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 640, "no sideways scroll"
    for selector in ZOOMED:
        _whole_in_sight(page, selector)
    click_centre(page, page.locator('[data-testid="stExpandSidebarButton"]'))
    page.wait_for_timeout(1000)
    page.screenshot(path=str(ARTIFACTS / "a11y-zoom200-sidebar.png"))
    for selector in ZOOMED_SIDEBAR:
        _whole_in_sight(page, selector)
    click_centre(page, page.locator('[data-testid="stSidebar"] summary'))
    page.wait_for_timeout(1000)
    _whole_in_sight(page, '[data-testid="stSidebar"] button:has-text("Show QR code")')
    _whole_in_sight(page, '[data-testid="stSidebar"] button:has-text("Offline map")')
    page.screenshot(path=str(ARTIFACTS / "a11y-zoom200-share.png"))
    context.close()
