"""What a person waits for, measured in headless Chromium with every request off the machine
refused: the first paint of the map, the rerun after a filter change until the map shows it,
and the bytes that cross the websocket.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

from playwright.sync_api import Browser, Frame, Page, sync_playwright
from serve import CHROMIUM_ARGS, chromium

TIMEOUT_S = 120
# Drawn polygons of the map: the parks (features tagged layer=parks) in the dashboard, any
# polygon in the floor and the naive apps. A layer counts once its SVG path is in the page.
PARKS = """() => { const m = window.map_div; if (!m || !m._loaded) return -1; let n = 0;
  m.eachLayer(l => { if (l._path && l._path.isConnected && l.feature && l.feature.properties
    && l.feature.properties.layer === 'parks') n++; }); return n; }"""
POLYGONS = """() => { const m = window.map_div; if (!m || !m._loaded) return -1; let n = 0;
  m.eachLayer(l => { if (l._path && l._path.isConnected && l instanceof L.Polygon) n++; });
  return n; }"""
DETECTIONS = """() => { const m = window.map_div; if (!m || !m._loaded) return -1; let n = 0;
  m.eachLayer(l => { if (l.feature && l.feature.properties
    && l.feature.properties.layer === 'detections') n++; }); return n; }"""


@dataclass
class Traffic:
    """Bytes received over the page's websocket(s), and when the last frame came."""

    received: int = 0
    last: float = field(default_factory=time.monotonic)

    def add(self, payload: bytes | str) -> None:
        self.received += len(payload.encode() if isinstance(payload, str) else payload)
        self.last = time.monotonic()

    def quiet(self, page: Page, seconds: float = 1.0) -> None:
        """Wait until no frame has come for `seconds` (the server has sent everything)."""
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() - self.last < seconds and time.monotonic() < deadline:
            page.wait_for_timeout(100)


def _offline_page(browser: Browser, base: str) -> tuple[Page, Traffic]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
    page = context.new_page()
    traffic = Traffic()
    page.on("websocket", lambda ws: ws.on("framereceived", traffic.add))
    return page, traffic


def map_frame(page: Page) -> Frame:
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "st_folium" in frame.url:
                return frame
        page.wait_for_timeout(20)
    raise TimeoutError("the map frame never appeared")


def wait_count(page: Page, script: str, done: Callable[[int], bool]) -> int:
    """Poll the map's count `script` until `done(count)`; returns the count."""
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            count = int(map_frame(page).evaluate(script))
        except Exception:  # the frame is (re)loading
            count = -1
        if count >= 0 and done(count):
            return count
        page.wait_for_timeout(20)
    raise TimeoutError("the map never showed the change")


def first_paints(url: str, script: str, runs: int) -> list[float]:
    """Seconds from opening the page (a new browser context: nothing cached) until the
    map's polygons are drawn; one warm-up visit first, not counted."""
    out: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        for index in range(runs + 1):
            page, _ = _offline_page(browser, url)
            start = time.perf_counter()
            page.goto(url, wait_until="commit")
            wait_count(page, script, lambda n: n > 0)
            if index:
                out.append(time.perf_counter() - start)
            page.context.close()
        browser.close()
    return out


def cold_paints(start: Callable[[], AbstractContextManager], script: str, runs: int) -> list[float]:
    """Seconds from opening the page until the map's polygons are drawn, for the first
    visitor of a server just started (`start()` serves one and says when it is ready): each
    run starts its own server. Chromium itself is warmed once first, so that only the
    server is cold."""
    out: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page, _ = _offline_page(browser, "about:blank")
        page.goto("about:blank")
        page.context.close()
        for _ in range(runs):
            with start() as server:
                page, _ = _offline_page(browser, server.url)
                began = time.perf_counter()
                page.goto(server.url, wait_until="commit")
                wait_count(page, script, lambda n: n > 0)
                out.append(time.perf_counter() - began)
                page.context.close()
        browser.close()
    return out


def _pick(page: Page, label: str, typed: str) -> None:
    box = page.locator("[data-testid='stMultiSelect']").filter(has_text=label).first
    box.locator("input").click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def _unpick(page: Page, label: str) -> None:
    box = page.locator("[data-testid='stMultiSelect']").filter(has_text=label).first
    box.locator("input").click()
    page.keyboard.press("Backspace")
    page.keyboard.press("Escape")


@dataclass
class Interaction:
    default_ws_bytes: int = 0
    filtered_ws_bytes: list[int] = field(default_factory=list)
    project_s: list[float] = field(default_factory=list)
    species_s: list[float] = field(default_factory=list)


def _timed_change(
    page: Page, traffic: Traffic, act: Callable[[], None], script: str, before: int
) -> tuple[float, int]:
    traffic.quiet(page)
    sent = traffic.received
    start = time.perf_counter()
    act()
    wait_count(page, script, lambda n: n != before)
    seconds = time.perf_counter() - start
    traffic.quiet(page)
    return seconds, traffic.received - sent


def interact(url: str, rounds: int) -> Interaction:
    """The dashboard in one session: its websocket bytes for the default view, then `rounds`
    changes of the project filter (CAMCA on and off) and of the species filter (Pallas's cat on
    and off), each timed from the key press until the map shows the change."""
    out = Interaction()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        page, traffic = _offline_page(browser, url)
        page.goto(url, wait_until="commit")
        parks = wait_count(page, PARKS, lambda n: n > 0)
        traffic.quiet(page, 2.0)
        out.default_ws_bytes = traffic.received
        cells = wait_count(page, DETECTIONS, lambda n: n >= 0)
        # The species filter lives in the sidebar, which starts closed: open it as a person would.
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        page.locator("[data-testid='stMultiSelect']").filter(has_text="Species").first.wait_for()
        for _ in range(rounds):
            s, sent = _timed_change(
                page, traffic, lambda: _pick(page, "Projects", "CAMCA"), PARKS, parks
            )
            out.project_s.append(s)
            out.filtered_ws_bytes.append(sent)
            now = wait_count(page, PARKS, lambda n: n >= 0)
            s, _ = _timed_change(page, traffic, lambda: _unpick(page, "Projects"), PARKS, now)
            out.project_s.append(s)
            s, _ = _timed_change(
                page, traffic, lambda: _pick(page, "Species", "manul"), DETECTIONS, cells
            )
            out.species_s.append(s)
            now = wait_count(page, DETECTIONS, lambda n: n >= 0)
            s, _ = _timed_change(page, traffic, lambda: _unpick(page, "Species"), DETECTIONS, now)
            out.species_s.append(s)
        browser.close()
    return out
