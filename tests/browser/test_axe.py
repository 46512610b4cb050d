"""axe-core (WCAG 2.1 A/AA rules, and axe's best practices) in Chromium: no violation of
serious or critical impact on the page and inside the map's frame, in every language and in
presentation mode; on every panel tab (opened by a click at its centre) in English and in
Kyrgyz, with the sidebar and its share section open, in the QR code's dialog, and in the
exported map file opened from disk.

axe.min.js comes from the `axe-playwright-python` package of the test install; it is
injected into each document as a script, so nothing is fetched."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Frame, Page

from landscape.paths import REPO
from tests.browser.conftest import ARTIFACTS, map_frame
from tests.browser.test_booth_ui import click_centre
from tests.browser.test_export import _open_offline

pytestmark = pytest.mark.browser

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
RULES = json.dumps({"runOnly": {"type": "tag", "values": TAGS}})


# The open tab's panel: what a click on a tab changes (the rest of the page is checked once).
OPEN_PANEL = "[...document.querySelectorAll('[role=tabpanel]')].find(p => p.offsetParent)"


def serious(frame: Frame, within: str = "document") -> list[str]:
    """The serious and critical violations in a document (or the part of it that the
    JavaScript expression `within` gives), one line each."""
    if not frame.evaluate("() => !!window.axe"):
        frame.evaluate(AXE)
    result = frame.evaluate(f"() => axe.run({within}, {RULES})")
    return [
        f"{v['id']} ({v['impact']}): {node['html'][:120]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


def _every_tab(page: Page) -> list[str]:
    """Open each panel tab with a click at its centre; the violations with each open."""
    found = []
    names = [tab.inner_text() for tab in page.get_by_role("tab").all()]
    assert len(names) == 5, names
    for name in names:
        click_centre(page, page.get_by_role("tab", name=name, exact=True))
        page.wait_for_function(
            "name => [...document.querySelectorAll('[role=tab]')].some(t =>"
            " t.getAttribute('aria-selected') === 'true' && t.innerText === name)",
            arg=name,
            timeout=15_000,
        )
        panel = page.locator('[role="tabpanel"]:visible [data-testid="stElementContainer"]')
        panel.first.wait_for(timeout=15_000)  # drawn by the run the click starts
        page.wait_for_timeout(500)
        found += [f"tab {name}: {line}" for line in serious(page.main_frame, OPEN_PANEL)]
    return found


def _sidebar_and_qr(page: Page) -> list[str]:
    """The sidebar opened, its share section opened, then the QR code's dialog."""
    click_centre(page, page.locator('[data-testid="stExpandSidebarButton"]'))
    page.wait_for_timeout(800)
    click_centre(page, page.locator('[data-testid="stSidebar"] summary', has_text="Share"))
    page.get_by_role("button", name="Show QR code").wait_for(timeout=15_000)
    page.wait_for_timeout(800)
    sidebar = "document.querySelector('[data-testid=stSidebar]')"
    found = [f"sidebar: {line}" for line in serious(page.main_frame, sidebar)]
    click_centre(page, page.get_by_role("button", name="Show QR code"))
    page.locator("img.landscape-qr").wait_for(timeout=20_000)
    page.wait_for_timeout(800)
    dialog = "document.querySelector('[role=dialog]')"
    found += [f"QR dialog: {line}" for line in serious(page.main_frame, dialog)]
    return found


@pytest.mark.parametrize("query", ["", "?lang=ky", "?mode=present&lang=ru&lang2=kk"])
def test_no_serious_accessibility_violation(server, page, query):
    page.goto(server.url + query)
    frame = map_frame(page)
    if "present" not in query:
        page.get_by_role("tab").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    found = serious(page.main_frame) + [f"map: {line}" for line in serious(frame)]
    if "present" not in query:
        found += _every_tab(page)
    if query == "":
        found += _sidebar_and_qr(page)
    assert found == [], "\n".join(found)
    if query == "":  # a screen reader names the dialog by its title
        assert page.get_by_role("dialog", name="Scan to open this view").is_visible()


def test_no_serious_accessibility_violation_in_the_exported_map(page):
    out = ARTIFACTS / "a11y-export-ru.html"
    ARTIFACTS.mkdir(exist_ok=True)
    subprocess.run(
        [sys.executable, "-m", "landscape.cli", "export", "html", str(out), "--lang", "ru"],
        check=True,
        capture_output=True,
        cwd=REPO,
    )
    _open_offline(page, out)
    found = serious(page.main_frame)
    assert found == [], "\n".join(found)
