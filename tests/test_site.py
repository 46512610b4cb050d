"""`landscape export site DIR`: the public views as static files, read as a host serves them."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import pytest

from landscape import site
from landscape.catalog import Catalog, load_catalog
from landscape.importers.wildlife import import_wildlife
from tests.conftest import snapshot
from tests.packages import SECRET_FORMS, SECRET_LAT, write_package
from tests.patrol_leaks import add_export, leaks
from tests.test_cli import run

TODAY = dt.date(2026, 12, 4)


class Refs(HTMLParser):
    """The lang of <html>, the <title>, and every href and src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang, self.title, self.refs = "", "", []
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang") or ""
        self._in_title = tag == "title"
        self.refs += [v for k, v in attrs if k in ("href", "src") and v]

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            self._in_title = False


def refs_of(text: str) -> Refs:
    """What the page holds, and the HTML its map controls write (JSON strings in scripts)."""
    parser = Refs()
    parser.feed(text)
    for literal in re.findall(r'innerHTML = ("(?:[^"\\]|\\.)*");', text):
        parser.feed(json.loads(literal))
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, catalog_module: Catalog) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    site.write_site(catalog_module, out, ("en", "ru"), today=TODAY)
    return out


@pytest.fixture(scope="module")
def catalog_module() -> Catalog:
    from landscape.paths import BUNDLED_DATA

    return load_catalog(BUNDLED_DATA)


def test_every_view_in_every_chosen_language_is_a_page(built: Path, catalog_module: Catalog):
    steps, projects = len(catalog_module.tour), list(catalog_module.projects["id"])
    for lang in ("en", "ru"):
        names = sorted(p.name for p in (built / lang).glob("*.html"))
        expected = ["index.html", *(f"{p}.html" for p in projects)]
        expected += [f"tour-{n}.html" for n in range(1, steps + 1)]
        assert names == sorted(expected)
    assert not (built / "ky").exists(), "only the languages asked for"
    ru = refs_of((built / "ru" / "camca.html").read_text(encoding="utf-8"))
    assert ru.lang == "ru" and "Чон-Кемин" in ru.title


def test_every_link_and_asset_resolves_inside_the_folder(built: Path):
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        for ref in refs_of(page.read_text(encoding="utf-8")).refs:
            if ref.startswith(("data:", "#")):
                continue
            assert not re.match(r"^[a-z]+:", ref) or ref.startswith("https://"), (page, ref)
            if ref.startswith("https://"):
                continue  # a source's own page, a link for the visitor to follow
            target = (page.parent / PurePosixPath(ref)).resolve()
            assert target.is_file(), f"{page.relative_to(built)} links {ref}: missing"
            assert built.resolve() in target.parents


def test_pages_load_no_script_or_style_from_outside(built: Path):
    for page in built.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        loaded = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', text)
        assert all(ref.startswith("../assets/") for ref in loaded), (page, loaded)
    assert (built / "assets" / "leaflet" / "leaflet.js").is_file()
    assert (built / "assets" / "leaflet" / "images" / "marker-icon.png").is_file()


def test_a_tour_page_says_its_step_and_links_back_and_next(built: Path, catalog_module: Catalog):
    text = (built / "en" / "tour-2.html").read_text(encoding="utf-8")
    count = len(catalog_module.tour)
    assert f"2 / {count}" in text
    refs = refs_of(text).refs
    assert "tour-1.html" in refs and "tour-3.html" in refs
    last = refs_of((built / "en" / f"tour-{count}.html").read_text(encoding="utf-8")).refs
    assert f"tour-{count + 1}.html" not in last and f"tour-{count - 1}.html" in last
    assert "../ru/tour-2.html" in refs, "the same step in the other language"


def test_the_entry_page_lists_each_language_in_its_own_language(built: Path):
    entry = (built / "index.html").read_text(encoding="utf-8")
    assert '<section lang="ru"><h2>Русский</h2>' in entry
    assert 'href="ru/tour-1.html"' in entry and 'href="en/index.html"' in entry
    assert "Кыргызча" not in entry


def test_the_site_keeps_the_public_views_privacy(data_copy: Path, tmp_path: Path):
    import_wildlife(data_copy, write_package(tmp_path / "pkg"), "camtrap-dp")
    add_export(data_copy, tmp_path)
    cat = load_catalog(data_copy)
    assert (cat.deployments["lat"] == SECRET_LAT).any(), "the data does hold the secret"
    out = tmp_path / "site"
    site.write_site(cat, out, ("en",), today=TODAY)
    shown = 0
    for page in out.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        shown += "Test package test-leopards" in text
        assert not [form for form in SECRET_FORMS if form in text], page
        assert leaks(text) == [], page
    assert shown, "the imported camera is on the pages, at its cell"


def test_only_an_empty_folder_or_an_earlier_site_is_replaced(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.docx").write_text("years of work", encoding="utf-8")
    before = snapshot(home)
    done = run("export", "site", str(home), "--lang", "en")
    assert done.returncode == 2
    assert "holds other files and no earlier site" in done.stderr
    assert snapshot(home) == before
    out = tmp_path / "site"
    done = run("export", "site", str(out), "--lang", "kk")
    assert done.returncode == 0, done.stderr
    assert re.match(rf"{re.escape(str(out))}: \d+ pages in 1 language\(s\)", done.stdout)
    (out / "kk" / "left-over.html").write_text("old", encoding="utf-8")
    assert run("export", "site", str(out), "--lang", "kk").returncode == 0
    assert not (out / "kk" / "left-over.html").exists(), "the site is replaced whole"
    assert refs_of((out / "kk" / "index.html").read_text(encoding="utf-8")).lang == "kk"
