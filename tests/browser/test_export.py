"""The exported HTML file, opened from disk in headless Chromium with every request blocked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page

from landscape import export
from landscape.catalog import Catalog
from landscape.i18n import translator
from tests.browser.conftest import ARTIFACTS, only_from

pytestmark = pytest.mark.browser


def _open_offline(page: Page, path: Path) -> dict[str, list[str]]:
    """Open `path` with the network cut: only file: and data: URLs load."""
    seen = only_from(page, ("file:", "data:"))
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container")
    page.wait_for_function("document.querySelectorAll('path.leaflet-interactive').length >= 2")
    page.wait_for_timeout(500)
    return seen


# Screen boxes [left, top, right, bottom] of the parks and of the two panels over the map.
BOXES_JS = """() => {
  const map = Object.keys(window).filter(k => /^map_[0-9a-f]+$/.test(k)).map(k => window[k])[0];
  const parks = [];
  map.eachLayer(l => {
    if (l.feature && l.feature.properties.layer === 'parks') {
      const b = l.getBounds();
      const nw = map.latLngToContainerPoint(b.getNorthWest());
      const se = map.latLngToContainerPoint(b.getSouthEast());
      parks.push([nw.x, nw.y, se.x, se.y]);
    }
  });
  const box = s => { const r = document.querySelector(s).getBoundingClientRect();
                     return [r.left, r.top, r.right, r.bottom]; };
  return {parks, panels: [box('.landscape-facts'), box('.landscape-legend')]};
}"""


def _overlaps(a: list[float], b: list[float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _export(catalog: Catalog, lang: str, tmp_path: Path) -> Path:
    out = tmp_path / f"export-{lang}.html"
    page = export.html_page(catalog, lang, [], translator(catalog.ui, lang), dt.date(2025, 5, 1))
    export.write(out, page)
    return out


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_export_renders_offline_with_legend_and_facts(catalog, page, tmp_path, lang):
    seen = _open_offline(page, _export(catalog, lang, tmp_path))
    assert page.dialogs == []  # type: ignore[attr-defined]
    assert seen["page_errors"] == []
    assert seen["blocked"] == [], "the offline basemap needs no request"
    assert seen["errors"] == []
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("path.leaflet-interactive").count() >= 2
    assert page.locator(".landscape-legend").is_visible()
    facts = page.locator(".landscape-facts")
    assert facts.is_visible()
    assert facts.locator("details").first.evaluate("d => d.open") is True
    name = catalog.parks.iloc[0][f"name_{lang}"]
    assert name in facts.inner_text()
    assert translator(catalog.ui, lang)("wildlife.synthetic") in facts.inner_text()
    assert page.locator(".leaflet-control-layers").count() == 1
    assert page.locator(".landscape-jump-button").count() >= 1
    assert page.locator(".landscape-camera").count() >= 1
    boxes = page.evaluate(BOXES_JS)
    assert len(boxes["parks"]) == 2
    hidden = [(p, q) for p in boxes["parks"] for q in boxes["panels"] if _overlaps(p, q)]
    assert not hidden, "the map fits the parks beside the fact panel and above the legend"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"export-{lang}.png"))


def test_export_on_a_phone_starts_with_the_panels_closed(catalog, browser, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 760}, has_touch=True)
    try:
        phone = context.new_page()
        phone.dialogs = []  # type: ignore[attr-defined]
        _open_offline(phone, _export(catalog, "en", tmp_path))
        details = phone.locator(".landscape-facts details").first
        assert details.evaluate("d => d.open") is False
        ARTIFACTS.mkdir(exist_ok=True)
        phone.screenshot(path=str(ARTIFACTS / "export-phone.png"))
        phone.locator(".landscape-facts summary").first.click()
        assert details.evaluate("d => d.open") is True
        phone.screenshot(path=str(ARTIFACTS / "export-phone-open.png"))
    finally:
        context.close()
