"""A real `streamlit run` on a loopback port and headless Chromium driven by Playwright.

Chromium is Debian's package (`apt-get install chromium`); Playwright never downloads a
browser here. A missing Chromium fails these tests loudly: `make test` installs it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, sync_playwright

from landscape.mapview.assets import ensure_static
from landscape.paths import REPO

ARTIFACTS = REPO / "test-artifacts"
TILE_HOSTS = ("tile.openstreetmap.org", "tile.opentopomap.org", "server.arcgisonline.com")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium_path() -> str:
    found = (
        os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    )
    if not found:
        pytest.fail(
            "Chromium not found: run `make test` (it installs Debian's chromium) "
            "or set CHROMIUM=/path/to/chromium",
            pytrace=False,
        )
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The dashboard as `make run` starts it, on 127.0.0.1 with a chosen data directory."""

    def __init__(self, data: Path | None = None) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        env = dict(os.environ)
        if data is not None:
            env["LANDSCAPE_DATA"] = str(data)
        ensure_static()
        self.log = ARTIFACTS / f"server-{self.port}.log"
        ARTIFACTS.mkdir(exist_ok=True)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "landscape.ui.serve",  # as `make run` starts it
                "--server.port",
                str(self.port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=REPO,
            env=env,
            stdout=self.log.open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        pytest.fail(f"streamlit did not start; see {self.log}", pytrace=False)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    page = item.funcargs.get("page") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and page is not None:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"FAILED-{item.name}.png"), full_page=True)


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore
    yield pg
    context.close()


def only_from(page: Page, allowed: tuple[str, ...]) -> dict[str, list[str]]:
    """Cut the network but for URLs starting with `allowed`: what was blocked, console
    errors ("errors") and uncaught page errors ("page_errors") are recorded."""
    seen: dict[str, list[str]] = {"blocked": [], "errors": [], "page_errors": []}

    def route(r) -> None:
        if r.request.url.startswith(allowed):
            r.continue_()
        else:
            seen["blocked"].append(r.request.url)
            r.abort()

    page.context.route("**/*", route)
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["page_errors"].append(str(e)))
    return seen


def map_frame(page: Page, timeout_s: float = 90) -> Frame:
    """The streamlit-folium iframe, once its Leaflet map exists and has the park layers."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for frame in page.frames:
            if "st_folium" in frame.url:
                try:
                    if frame.evaluate("() => !!(window.map_div && window.map_div._loaded)"):
                        return frame
                except Exception:  # the frame may be reloading
                    pass
        page.wait_for_timeout(250)
    raise AssertionError("the map never rendered")


LAYERS_JS = """() => {
  const out = {features: [], places: [], zoom: window.map_div.getZoom(),
               basemap: window.map_div.getContainer().getAttribute('data-basemap')};
  window.map_div.eachLayer(l => {
    if (l.feature && l.feature.properties && l.feature.properties.layer)
      out.features.push(l.feature.properties.layer + ':' + (l.feature.properties.id || ''));
    if (l.options && l.options.className && l.options.className.includes('landscape-place'))
      out.places.push(l.options.className);
  });
  return out;
}"""


def layers(frame: Frame) -> dict:
    return frame.evaluate(LAYERS_JS)


def wait_for_layers(frame: Frame, check, timeout_s: float = 30) -> dict:
    deadline = time.monotonic() + timeout_s
    state = layers(frame)
    while time.monotonic() < deadline and not check(state):
        frame.page.wait_for_timeout(250)
        state = layers(frame)
    return state
