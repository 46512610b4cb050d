"""`export.html_page` and `export.write`: one public, self-contained HTML file (no browser)."""

from __future__ import annotations

import datetime as dt
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest

from landscape import export
from landscape.catalog import Catalog, load_catalog
from landscape.i18n import translator
from landscape.importers.wildlife import import_wildlife
from tests.conftest import HOSTILE, edit_json
from tests.packages import PUBLIC_LAT, PUBLIC_LON, SECRET_FORMS, SECRET_LAT, write_package

DAY = dt.date(2025, 5, 1)
RU_PARKS = ("Государственный природный парк «Чон-Кемин»", "Иле-Алатауский национальный парк")


def _page(cat: Catalog, lang: str = "en", projects: list[str] | None = None) -> str:
    return export.html_page(cat, lang, projects or [], translator(cat.ui, lang), DAY)


class Tags(HTMLParser):
    """Every start tag with its attributes, as the browser's parser sees the page."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def page_en(catalog: Catalog) -> str:
    return _page(catalog)


def test_default_export_inlines_every_script_and_stylesheet(page_en):
    tags = Tags(page_en)
    assert "Leaflet 1.9.3" in page_en and "L.map(" in page_en
    assert "jQuery" in page_en and "markerClusterGroup" in page_en
    scripts = tags.named("script")
    assert len(scripts) >= 5 and all("src" not in s for s in scripts)
    assert not [a for a in tags.named("link") if "stylesheet" in (a.get("rel") or "")]
    assert not [a for _, a in tags.tags if "src" in a or "href" in a]
    assert len(tags.named("style")) >= 4
    assert "url(images/" not in page_en and 'url("data:image/png;base64,' in page_en
    assert "../../app/static" not in page_en
    assert page_en.count("</script>") == len(scripts), "no inlined code closes its tag early"


def test_export_is_a_complete_document_in_the_chosen_language(page_en, catalog):
    head = page_en[:600]
    assert head.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert '<meta charset="utf-8">' in head
    assert "<title>Chon Kemin – Ile-Alatau transboundary landscape</title>" in head
    ru = _page(catalog, "ru")
    assert '<html lang="ru">' in ru
    for name in RU_PARKS:
        assert name in ru, "park names in Russian: legend, panel, tooltips"
    assert len(page_en.encode("utf-8")) < 2_000_000


def test_fact_panel_holds_title_projects_parks_wildlife_date_and_sources(page_en, catalog):
    for text in (
        "All projects",
        "Chon Kemin State Natural Park",
        "schematic outline, not an official boundary",
        "1,235.64 km²",
        "[KG] Chon-Kemin park page",
        "synthetic sample, not field data",
        f"{len(catalog.observations):,} records of 7 species",  # cameras and patrols
        "Generated on 1 May 2025",
        "https://www.naturalearthdata.com/",
        "Public view: positions of sensitive species",
    ):
        assert text in page_en, text
    chosen = _page(catalog, "en", ["transboundary"])
    assert "All projects" not in chosen and "Transboundary Chon Kemin" in chosen


def test_project_filter_removes_the_other_projects_parks(catalog):
    ids = set(catalog.projects["id"])
    assert {"transboundary", "camca"} <= ids
    with_parks = _page(catalog, "ru", ["transboundary"])
    without = _page(catalog, "ru", ["camca"])
    assert all(name in with_parks for name in RU_PARKS)
    assert not [name for name in RU_PARKS if name in without]
    assert '"layer": "parks"' in with_parks and '"layer": "parks"' not in without
    assert "landscape-camera" in with_parks and "landscape-camera" not in without


def test_a_hostile_park_name_appears_only_escaped(data_copy):
    def poison(doc: dict) -> None:
        doc["features"][0]["properties"]["name_en"] = HOSTILE

    edit_json(data_copy / "parks.geojson", poison)
    page = _page(load_catalog(data_copy))
    assert "&lt;img src=x onerror=alert(1)&gt;" in page, "shown, as text"
    for raw in (HOSTILE, "<img src=x", "${alert(1)}", "` \\ $"):
        assert raw not in page
    assert not [a for _, a in Tags(page).tags if "onerror" in a]


def test_the_export_never_carries_a_precise_sensitive_position(data_copy, tmp_path):
    import_wildlife(data_copy, write_package(tmp_path / "pkg"), "camtrap-dp")
    cat = load_catalog(data_copy)
    assert (cat.deployments["lat"] == SECRET_LAT).any(), "the data does hold the secret"
    for projects in ([], ["transboundary"]):
        page = _page(cat, "en", projects)
        assert "Test package test-leopards" in page, "the imported camera is shown"
        # GeoJSON order: longitude, latitude
        assert f"[{PUBLIC_LON}, {PUBLIC_LAT}]" in page, "at the centre of its 0.1° cell"
        assert not [form for form in SECRET_FORMS if form in page]


def test_an_unknown_asset_link_is_refused_not_shipped():
    with pytest.raises(export.ExportError, match=r"cdn\.example"):
        export.inline_assets('<script src="https://cdn.example/x.js"></script>')
    assert export.guard_js("s = '</script><!--'") == "s = '<\\/script><\\!--'"


def test_write_replaces_the_file_whole(tmp_path):
    out = tmp_path / "map.html"
    export.write(out, "first")
    export.write(out, "<html>второй</html>")
    assert out.read_text(encoding="utf-8") == "<html>второй</html>"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"]


@pytest.mark.parametrize("broken", ["fsync", "replace"])
def test_a_failing_write_leaves_the_old_file(tmp_path, monkeypatch, broken):
    out = tmp_path / "map.html"
    out.write_text("old", encoding="utf-8")

    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, broken, fail)
    with pytest.raises(OSError, match="disk full"):
        export.write(out, "new " * 1000)
    monkeypatch.undo()
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["map.html"], "no partial file left"


def test_the_cli_writes_the_file(tmp_path, catalog):
    from landscape.cli import main

    out = tmp_path / "offline.html"
    assert main(["export", "html", str(out), "--lang", "ru"]) == 0
    assert Path(out).read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="ru">')


def test_the_export_lets_the_visitor_zoom_and_names_its_controls(catalog):
    """Issue 18: no `user-scalable=no` (folium's default), the keyboard script and the
    controls' names in the file's language."""
    ru = _page(catalog, "ru")
    viewports = [a for a in Tags(ru).named("meta") if a.get("name") == "viewport"]
    assert [a["content"] for a in viewports] == ["width=device-width, initial-scale=1.0"]
    t = translator(catalog.ui, "ru")
    for key in ("map.zoom_in", "map.zoom_out", "map.layers", "map.keyboard"):
        assert t(key) in ru, key
    assert "_addFocusListenersOnLayer" in ru
