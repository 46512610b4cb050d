"""axe-core (WCAG 2.1 A/AA rules) in Chromium, on the page and inside the map's frame: no
violation of serious or critical impact, in every language and in presentation mode.

axe.min.js comes from the `axe-playwright-python` package of the test install; it is
injected into each document as a script, so nothing is fetched."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import Frame

from tests.browser.conftest import map_frame

pytestmark = pytest.mark.browser

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
RULES = "{runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}"


def serious(frame: Frame) -> list[str]:
    """The serious and critical violations in a document, one line each."""
    frame.evaluate(AXE)
    result = frame.evaluate(f"() => axe.run(document, {RULES})")
    return [
        f"{v['id']} ({v['impact']}): {node['html'][:120]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"]
    ]


@pytest.mark.parametrize("query", ["", "?lang=ky", "?mode=present&lang=ru&lang2=kk"])
def test_no_serious_accessibility_violation(server, page, query):
    page.goto(server.url + query)
    frame = map_frame(page)
    if "present" not in query:
        page.get_by_role("tab").first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    found = serious(page.main_frame) + [f"map: {line}" for line in serious(frame)]
    assert found == [], "\n".join(found)
