"""The wildlife and patrol panels as a visitor reads them, in English and Russian: the patrol
chart's months in the page's language (read from its tooltip, as a person hovering a bar
sees it), and the records download named as synthetic. Screens for review in
test-artifacts/."""

from __future__ import annotations

import pytest

from landscape.formatting import locale
from landscape.i18n import translator
from landscape.ui.wildlife import SYNTHETIC_CSV_NAME
from tests.browser.conftest import ARTIFACTS, map_frame

pytestmark = pytest.mark.browser

ENGLISH = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CHART = "[data-testid='stVegaLiteChart']"


def _tooltip(page, chart) -> str:
    """Hover across the chart, as a person would, until a bar shows its tooltip."""
    chart.scroll_into_view_if_needed()
    page.wait_for_timeout(800)
    box = chart.bounding_box()
    assert box is not None
    tip = page.locator("#vg-tooltip-element")
    for height in (0.5, 0.45, 0.55, 0.4, 0.6):
        for x in range(5, int(box["width"]), 3):
            page.mouse.move(box["x"] + x, box["y"] + box["height"] * height)
            if tip.count() and tip.is_visible() and tip.inner_text().strip():
                return tip.inner_text()
    return ""


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_patrol_chart_months_are_in_the_page_language(server, browser, catalog, lang):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    page.goto(server.url + f"?lang={lang}")
    map_frame(page)
    charts = page.locator(CHART)
    charts.nth(1).wait_for(timeout=90_000)  # records over time, then patrol-days per month
    page.wait_for_timeout(1500)
    metric = page.locator("[data-testid='stMetric']").first
    metric.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"wildlife-panel-{lang}-1280x800.png"))
    charts.nth(0).scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    page.screenshot(path=str(ARTIFACTS / f"wildlife-chart-{lang}-1280x800.png"))

    text = _tooltip(page, charts.nth(1))
    page.screenshot(path=str(ARTIFACTS / f"patrols-panel-{lang}-1280x800.png"))
    assert text, "a bar's tooltip"
    months = locale(lang).months["stand-alone"]["abbreviated"].values()
    assert any(f"{month} 20" in text for month in months), text
    if lang != "en":
        assert not any(f"{month} 20" in text for month in ENGLISH), text

    label = translator(catalog.ui, lang)("wildlife.download")
    button = page.get_by_text(label, exact=True).first
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None
    with page.expect_download(timeout=120_000) as download:
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert download.value.suggested_filename == SYNTHETIC_CSV_NAME
    context.close()
