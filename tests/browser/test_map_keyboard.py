"""The map's frame by keyboard (issue 18), as a keyboard user meets it: Tab from the page's
"Present" link into the map and on through it at a human pace, in English and in Russian,
then the same in the exported file.

Each stop inside the map is read where it is: its accessible name, and the ring that shows
it (an outline of 2 px or more, on the element or its ::after, at 3:1 or more against the
colour behind it, whole inside the frame). The map's centre and zoom are read before and
after the walk: focusing never moves the map. Then Space and Enter on the zoom and jump
buttons, and the layer control: Enter opens it with the focus inside, Escape closes it and
gives the focus back to its button."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page

from landscape import export
from landscape.catalog import Catalog
from landscape.i18n import translator
from tests.browser.conftest import ARTIFACTS, map_frame
from tests.browser.test_export import _open_offline

pytestmark = pytest.mark.browser

MOST = 12  # Tab stops the map's frame may take (issue 18)
PACE = 150  # ms between two key presses: a person's pace, not a script's

# The focused element of a document, what names it and what shows it.
STOP_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
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
  const behind = e => {  // the colour behind e: its and its ancestors' backgrounds
    const layers = [];
    for (; e && e.nodeType === 1; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
    }
    return layers.reverse().reduce((bg, c) => over(c, bg), {r: 255, g: 255, b: 255, a: 1});
  };
  const ring = pseudo => {
    const cs = getComputedStyle(el, pseudo), width = parseFloat(cs.outlineWidth) || 0;
    if (['none', 'hidden'].includes(cs.outlineStyle) || width < 2) return null;
    const offset = parseFloat(cs.outlineOffset) || 0, r = el.getBoundingClientRect();
    const bg = behind(offset < 0 ? el : (el.parentElement || el));
    const out = offset + width, v = document.documentElement;
    return {how: (pseudo || '') + ' outline ' + cs.outlineColor + ' ' + width + 'px',
      contrast: Math.round(ratio(over(parse(cs.outlineColor), bg), bg) * 10) / 10,
      whole: r.left - out >= 0 && r.top - out >= 0 && r.right + out <= v.clientWidth &&
        r.bottom + out <= v.clientHeight && r.width > 0 && r.height > 0};
  };
  const label = el.getAttribute('aria-label') || '';
  const named = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
    .map(id => (document.getElementById(id) || {}).textContent || '').join(' ');
  const name = (label || named || el.innerText || el.getAttribute('title') || el.value || '')
    .replace(/\\s+/g, ' ').trim().slice(0, 60);
  return {tag: el.tagName.toLowerCase(), cls: (el.getAttribute('class') || '').slice(0, 60),
          role: el.getAttribute('role') || '', name, ring: ring('') || ring('::after')};
}"""

VIEW_JS = """() => {
  const map = window.map_div || Object.keys(window).filter(k => /^map_[0-9a-f]+$/.test(k))
    .map(k => window[k])[0];
  const c = map.getCenter();
  return {lat: c.lat, lng: c.lng, zoom: map.getZoom()};
}"""


def _in_map(page: Page) -> bool:
    return page.evaluate(
        "() => document.activeElement && document.activeElement.tagName === 'IFRAME' &&"
        " document.activeElement.title === 'streamlit_folium.st_folium'"
    )


def _settled(doc: Frame) -> dict[str, float]:
    """The map's view once it has stopped moving (a fly or zoom animation ends)."""
    view = doc.evaluate(VIEW_JS)
    for _ in range(40):
        doc.page.wait_for_timeout(250)
        now = doc.evaluate(VIEW_JS)
        if now == view:
            return now
        view = now
    return view


def _dashboard(page: Page, url: str) -> Frame:
    page.goto(url)
    frame = map_frame(page)
    page.get_by_role("tab").first.wait_for(timeout=60_000)
    page.wait_for_timeout(2500)  # the frame is fitted once the page has sized it
    return frame


def walk_frame(page: Page, frame: Frame, shots: str = "") -> list[dict[str, Any]]:
    """Tab from the page's "Present" link through the map's frame until the focus leaves it;
    every stop inside read. `shots`: a screenshot of the map at each stop, named after it."""
    page.locator(".stLinkButton a", has_text="Present").or_(
        page.locator(".stLinkButton a").first
    ).first.focus()
    stops: list[dict[str, Any]] = []
    for number in range(1, 150):
        page.keyboard.press("Tab")
        page.wait_for_timeout(PACE)
        if not _in_map(page):
            break
        stop = frame.evaluate(STOP_JS)
        if stop is None:
            continue
        stops.append(stop)
        if shots:
            page.locator('iframe[title="streamlit_folium.st_folium"]').screenshot(
                path=str(ARTIFACTS / f"{shots}-{number:02d}.png")
            )
    return stops


def walk_document(page: Page) -> list[dict[str, Any]]:
    """Tab through a whole document (the exported file) from its top until the focus leaves
    it or comes back to its first stop."""
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops: list[dict[str, Any]] = []
    for _ in range(150):
        page.keyboard.press("Tab")
        page.wait_for_timeout(PACE)
        stop = page.evaluate(STOP_JS)
        if stop is None or (stops and stop == stops[0]):
            break
        stops.append(stop)
    return stops


def check_stops(stops: list[dict[str, Any]]) -> None:
    summary = [f"{s['tag']}.{s['cls'][:25]} {s['name']!r}" for s in stops]
    assert 0 < len(stops) <= MOST, f"{len(stops)} Tab stops: {summary}"
    nameless = [s for s in stops if not s["name"]]
    assert nameless == [], nameless
    hidden = [s for s in stops if not (s["ring"] and s["ring"]["contrast"] >= 3)]
    assert hidden == [], hidden
    cut = [s for s in stops if not s["ring"]["whole"]]
    assert cut == [], f"rings cut off at the frame's edge: {cut}"


def _focus(doc: Frame, selector: str) -> None:
    doc.locator(selector).first.focus()
    doc.page.wait_for_timeout(PACE)


def check_keys(page: Page, doc: Frame, shots: str) -> None:
    """Space and Enter on the zoom and jump buttons; the layer control by keyboard."""
    before = _settled(doc)
    _focus(doc, ".leaflet-control-zoom-in")
    page.keyboard.press("Space")
    after = _settled(doc)
    assert after["zoom"] == before["zoom"] + 1, (before, after)
    _focus(doc, ".leaflet-control-zoom-out")
    page.keyboard.press("Enter")
    assert _settled(doc)["zoom"] == before["zoom"], "Enter zooms out again"
    _focus(doc, ".leaflet-control-zoom-in")
    page.keyboard.press("Enter")
    assert _settled(doc)["zoom"] == before["zoom"] + 1, "Enter zooms in"
    _focus(doc, ".leaflet-control-zoom-out")
    page.keyboard.press("Space")
    assert _settled(doc)["zoom"] == before["zoom"], "Space zooms out"
    jumps = doc.locator(".landscape-jump-button")
    for index, key in ((jumps.count() - 1, "Space"), (0, "Enter")):
        start = _settled(doc)
        jumps.nth(index).focus()
        page.keyboard.press(key)
        moved = _settled(doc)
        assert (moved["lat"], moved["lng"]) != (start["lat"], start["lng"]), (key, index)
    # the layer control: Enter opens it with the focus inside, Escape closes it
    control = doc.locator(".leaflet-control-layers")
    for key in ("Enter", "Space"):
        _focus(doc, ".leaflet-control-layers-toggle")
        page.keyboard.press(key)
        page.wait_for_timeout(400)
        assert "leaflet-control-layers-expanded" in (control.get_attribute("class") or "")
        inside = doc.evaluate(
            "() => !!document.activeElement.closest('.leaflet-control-layers-list')"
        )
        assert inside, f"{key}: the focus moves into the open layer list"
        if key == "Enter":
            doc.locator(".leaflet-control-layers").screenshot(
                path=str(ARTIFACTS / f"{shots}-layers-open.png")
            )
        page.keyboard.press("Escape")
        page.wait_for_timeout(400)
        assert "leaflet-control-layers-expanded" not in (control.get_attribute("class") or "")
        back = doc.evaluate(STOP_JS)
        assert back and "leaflet-control-layers-toggle" in back["cls"], back
        assert back["ring"] and back["ring"]["contrast"] >= 3, back


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_map_frame_by_keyboard(server, browser: Browser, catalog: Catalog, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        frame = _dashboard(page, server.url + ("" if lang == "en" else f"?lang={lang}"))
        t = translator(catalog.ui, lang)
        metas = frame.evaluate(
            "() => [...document.querySelectorAll('meta[name=viewport]')].map(m => m.content)"
        )
        assert not any("user-scalable=no" in m or "maximum-scale" in m for m in metas), metas
        before = _settled(frame)
        stops = walk_frame(page, frame, shots=f"map-kbd-{lang}")
        after = _settled(frame)
        print(f"{lang}: {len(stops)} Tab stops in the map frame:", [s["name"] for s in stops])
        assert after == before, "focusing never moves the map"
        check_stops(stops)
        names = [s["name"] for s in stops]
        for key in ("map.zoom_in", "map.zoom_out", "map.layers", "map.keyboard"):
            assert t(key) in names, (key, t(key), names)
        assert t("map.jump_landscape") in names
        check_keys(page, frame, f"map-kbd-{lang}")
    finally:
        context.close()


def test_clustered_wildlife_adds_no_tab_stop(server, browser: Browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        frame = _dashboard(page, server.url + "?show=clusters")
        assert frame.locator(".marker-cluster").count() > 0
        before = _settled(frame)
        stops = walk_frame(page, frame)
        assert _settled(frame) == before, "focusing never moves the map"
        check_stops(stops)
        assert not [s for s in stops if "marker-cluster" in s["cls"]], stops
    finally:
        context.close()


def _export(catalog: Catalog, lang: str, tmp_path: Path) -> Path:
    out = tmp_path / f"export-{lang}.html"
    page = export.html_page(catalog, lang, [], translator(catalog.ui, lang), dt.date(2025, 5, 1))
    export.write(out, page)
    return out


def test_the_exported_map_by_keyboard(browser: Browser, catalog: Catalog, tmp_path):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    try:
        _open_offline(page, _export(catalog, "ru", tmp_path))
        page.wait_for_timeout(1000)
        metas = page.evaluate(
            "() => [...document.querySelectorAll('meta[name=viewport]')].map(m => m.content)"
        )
        assert not any("user-scalable=no" in m or "maximum-scale" in m for m in metas), metas
        before = _settled(page.main_frame)
        stops = walk_document(page)
        after = _settled(page.main_frame)
        print(f"export: {len(stops)} Tab stops:", [s["name"] for s in stops])
        assert after == before, "focusing never moves the map"
        check_stops(stops)
        t = translator(catalog.ui, "ru")
        names = [s["name"] for s in stops]
        for key in ("map.zoom_in", "map.zoom_out", "map.layers", "map.keyboard"):
            assert t(key) in names, (key, t(key), names)
        check_keys(page, page.main_frame, "map-kbd-export-ru")
    finally:
        context.close()
