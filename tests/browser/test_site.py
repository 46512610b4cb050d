"""The static site (`landscape export site`) from a plain static web server, internet blocked,
walked as a visitor who scanned a poster's QR code would: language, views, the tour."""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import Page

from landscape import site
from landscape.catalog import Catalog
from tests.browser.conftest import ARTIFACTS, only_from

pytestmark = pytest.mark.browser


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Iterator[str]:
    """The site for en and ru, served from its folder on a loopback port."""
    root = tmp_path_factory.mktemp("site") / "site"
    site.write_site(catalog, root, ("en", "ru"), today=dt.date(2026, 12, 4))
    handler = functools.partial(Quiet, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def click_centre(page: Page, role: str, name: str) -> None:
    """A mouse click at the centre of the visible element, then a visitor's pause."""
    if role == "summary":
        target = page.locator("summary", has_text=name).first
    else:
        target = page.get_by_role(role, name=name, exact=True).first
    target.wait_for(state="visible")
    target.scroll_into_view_if_needed()  # as a visitor scrolls a panel to what they want
    box = target.bounding_box()
    assert box is not None and box["width"] > 0, f"{name} is not on screen"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(1200)


def drawn(page: Page) -> int:
    page.wait_for_selector(".leaflet-container")
    page.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 1")
    return page.locator("path.leaflet-interactive").count()


def test_a_visitor_reaches_every_view_and_the_tour_with_no_internet(page: Page, served: str):
    seen = only_from(page, (served, "data:"))
    page.goto(served)
    assert page.evaluate("document.documentElement.lang") == "en"
    click_centre(page, "link", "Весь ландшафт")
    assert page.url == served + "ru/index.html"
    assert page.evaluate("document.documentElement.lang") == "ru"
    assert drawn(page) >= 2, "the parks are drawn"
    assert page.get_by_text("Чон-Кемин", exact=False).first.is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "site-ru-landscape-1280.png"))

    click_centre(page, "summary", "Виды карты")  # the closed list of views
    click_centre(page, "link", "Тур")
    assert page.url.endswith("/ru/tour-1.html")
    assert page.get_by_text("1 / 9").is_visible()
    click_centre(page, "link", "Далее")
    assert page.url.endswith("/ru/tour-2.html")
    assert page.get_by_text("2 / 9").is_visible()
    click_centre(page, "link", "English")
    assert page.url.endswith("/en/tour-2.html")
    assert page.get_by_text("2 / 9").is_visible() and page.get_by_role("link", name="Next")
    assert drawn(page) >= 2
    page.screenshot(path=str(ARTIFACTS / "site-en-tour-2-1280.png"))
    assert seen == {"blocked": [], "errors": [], "page_errors": []}
