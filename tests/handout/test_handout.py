"""Printable handouts: content with sources and gaps, one A4 page, a real map, safe text, QR."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import matplotlib.colors
import pytest
import shapely
from PIL import Image, ImageOps

from landscape import handout, qr
from landscape.catalog import load_catalog
from landscape.i18n import translator
from landscape.paths import BUNDLED_DATA
from landscape.text import tr
from tests.conftest import HOSTILE, edit_json

URL = "https://landscape.example.org/?park=chon-kemin&lang=en"
PARKS = ["chon-kemin", "ile-alatau"]
PROJECTS = [str(p) for p in load_catalog(BUNDLED_DATA).projects["id"]]
A4_PX = (1240, 1753)  # 8.27 × 11.69 in at 150 dpi


def _items() -> list[tuple[str, str]]:
    return [("park", p) for p in PARKS] + [("project", p) for p in PROJECTS]


def _pages(pdf: bytes) -> int:
    """Page objects, not the /Pages tree node."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture(scope="module")
def tr_ru(catalog):
    return translator(catalog.ui, "ru")


def test_bundled_data_has_projects_to_test():
    assert {"transboundary", "camca"} <= set(PROJECTS)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize(("kind", "item_id"), _items())
def test_every_fact_has_a_source_or_the_gap_marker(catalog, kind, item_id, lang):
    t = translator(catalog.ui, lang)
    h = handout.content(catalog, kind, item_id, lang, t)
    gap = t("gap.text")
    assert h.facts
    cited_ids = {entry[1 : entry.index("]")] for entry in h.sources}
    for label, value, source in h.facts:
        assert label.strip() and value.strip()
        if value == gap:
            assert source == ""
            continue
        assert re.fullmatch(r"\[[^\[\]]+\]", source), (label, value, source)
        assert set(source.strip("[]").split("; ")) <= cited_ids  # every cited id is listed
    assert h.notes[0] == t("handout.map_note")


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("park_id", PARKS)
def test_park_title_is_in_the_language_and_bounds_hold_the_park(catalog, park_id, lang):
    t = translator(catalog.ui, lang)
    park = catalog.parks.set_index("id").loc[park_id]
    h = handout.content(catalog, "park", park_id, lang, t)
    assert h.title == park[f"name_{lang}"]  # both parks have a Russian name in the data
    assert shapely.box(*h.bounds).contains(park.geometry)
    assert h.park_ids == [park_id]
    outline = f"{park[f'name_{lang}']}: {t('map.schematic')}"
    assert outline in h.notes  # both bundled outlines are schematic


def test_russian_and_english_titles_differ_for_a_translated_park(catalog, t, tr_ru):
    en = handout.content(catalog, "park", "chon-kemin", "en", t)
    ru = handout.content(catalog, "park", "chon-kemin", "ru", tr_ru)
    assert en.title == "Chon Kemin State Natural Park"
    assert ru.title != en.title and re.search("[А-Яа-я]", ru.title)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("project_id", PROJECTS)
def test_project_title_follows_the_data_and_bounds_hold_its_area(catalog, project_id, lang):
    t = translator(catalog.ui, lang)
    project = catalog.projects.set_index("id").loc[project_id].to_dict()
    h = handout.content(catalog, "project", project_id, lang, t)
    assert h.title == tr(project, "title", lang)  # the translation when there is one
    area = shapely.box(*h.bounds)
    parks = catalog.parks[catalog.parks["id"].isin(project["parks"])]
    for geom in parks.geometry:
        assert area.contains(geom)
    if parks.empty:  # no parks: the places of its events, if any
        places = catalog.places[catalog.places["id"].isin(h.place_ids)]
        assert h.place_ids and all(area.contains(g) for g in places.geometry)


def test_project_without_parks_maps_its_event_places(catalog, t):
    h = handout.content(catalog, "project", "camca", "en", t)
    assert h.park_ids == []
    assert h.place_ids == ["samarkand"]
    west, south, east, north = h.bounds
    assert west < 66.96 < east and south < 39.65 < north
    assert east - west < 5  # zoomed to Samarkand, not to all of Central Asia
    assert ("Parks", "mapped area not yet documented", "[A]") in h.facts
    assert not any("Chon Kemin" in s for s in h.sources)


def test_project_with_parks_says_which_event_places_are_off_the_map(catalog, t):
    h = handout.content(catalog, "project", "transboundary", "en", t)
    assert h.park_ids == ["chon-kemin", "ile-alatau"]
    assert "samarkand" in h.place_ids
    assert t("handout.outside", names="Samarkand") in h.notes
    events = [v for label, v, _ in h.facts if label == t("handout.event")]
    assert any("Connecting the Landscapes" in e for e in events)


def test_park_facts_reuse_the_panel_values_with_their_sources(catalog, t):
    facts = {
        label: (value, src)
        for label, value, src in handout.content(catalog, "park", "ile-alatau", "en", t).facts
    }
    assert facts["WDPA ID"] == ("100018", "[WDPA; PD]")
    assert facts["IUCN category"] == ("II", "[WDPA; PD]")
    assert facts["Legal basis"] == ("not yet documented", "")
    # a schematic outline is drawn to match the reported area: no "computed" area repeats it
    assert "Area computed from this outline" not in facts
    assert facts["Area reported"][0] == "1,986.69 km²"
    chon = dict(
        (label, value)
        for label, value, _ in handout.content(catalog, "park", "chon-kemin", "en", t).facts
    )
    assert chon["Established"] == "13 August 1997"
    assert chon["IUCN category"] == "not yet documented"


def test_sources_cover_the_map_layers_too(catalog, t):
    h = handout.content(catalog, "park", "ile-alatau", "en", t)
    ids = [s[1 : s.index("]")] for s in h.sources]
    assert ids[:2] == ["WDPA", "PD"]  # the facts' sources first
    assert {"SCHEMATIC", "NE"} <= set(ids)  # outlines, border and countries
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("kind", "item_id"), [("park", "nowhere"), ("project", "chon-kemin")])
def test_unknown_id_raises_key_error_naming_it(catalog, t, kind, item_id):
    with pytest.raises(KeyError) as caught:
        handout.content(catalog, kind, item_id, "en", t)
    message = str(caught.value)
    assert item_id in message and kind in message
    known = PARKS if kind == "park" else PROJECTS
    assert all(k in message for k in known)


def test_filename_is_safe():
    assert handout.filename("park", "chon-kemin", "ru", "pdf") == "handout-park-chon-kemin-ru.pdf"
    name = handout.filename("project", "../Evil id/$x`", "en", "png")
    assert re.fullmatch(r"handout-project-[a-z0-9-]+-en\.png", name)
    with pytest.raises(ValueError):
        handout.filename("park", "x", "en", "exe")
    with pytest.raises(ValueError):
        handout.filename("park", "x", "../../etc", "pdf")


@pytest.fixture(scope="module")
def park_png(catalog) -> Image.Image:
    t = translator(catalog.ui, "en")
    h = handout.content(catalog, "park", "chon-kemin", "en", t)
    data = handout.render(catalog, h, URL, "png", "en", t, dt.date(2026, 5, 13))
    return Image.open(io.BytesIO(data)).convert("RGB")


@pytest.mark.parametrize(
    ("kind", "item_id", "lang"), [("park", "chon-kemin", "ru"), ("project", "camca", "en")]
)
def test_pdf_is_exactly_one_page(catalog, kind, item_id, lang):
    t = translator(catalog.ui, lang)
    h = handout.content(catalog, kind, item_id, lang, t)
    pdf = handout.render(catalog, h, URL, "pdf", lang, t, dt.date(2026, 5, 13))
    assert pdf.startswith(b"%PDF")
    assert _pages(pdf) == 1
    assert b"/Type /Pages" in pdf  # the tree node exists and was not counted
    assert b"/Subtype /Image" not in pdf  # map and QR code are vector, not pictures
    assert re.search(rb"/MediaBox \[ ?0 0 595\.44 841\.68 ?\]", pdf)  # A4 portrait in points


def test_renders_in_threads_like_in_sequence(catalog, t):
    """Streamlit renders from several threads: no shared pyplot state may leak between them."""
    jobs = [handout.content(catalog, "park", p, "en", t) for p in PARKS]
    alone = [handout.render(catalog, h, URL, "png", "en", t, dt.date(2026, 5, 13)) for h in jobs]
    with ThreadPoolExecutor(max_workers=2) as pool:
        together = list(
            pool.map(
                lambda h: handout.render(catalog, h, URL, "png", "en", t, dt.date(2026, 5, 13)),
                jobs,
            )
        )
    assert together == alone
    assert alone[0] != alone[1]


def test_page_count_ignores_the_pages_node():
    assert _pages(b"<< /Type /Pages /Kids [3 0 R] >> << /Type /Page >>") == 1


def test_png_is_a4_at_150_dpi_and_not_blank(park_png):
    assert park_png.size == A4_PX
    colours = park_png.getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 50


def _near(img: Image.Image, rgb: tuple[float, float, float], box: tuple[int, ...]) -> int:
    """Pixels within a small distance of `rgb` (0..1) inside box."""
    target = [round(c * 255) for c in rgb]
    region = img.crop(box)
    return sum(
        n
        for n, px in region.getcolors(maxcolors=4_000_000)
        if sum(abs(a - b) for a, b in zip(px, target, strict=True)) <= 12
    )


def test_png_map_shows_the_park_in_its_style_colour(catalog, park_png):
    kgz = handout.park_print_colour(catalog, "KGZ")
    upper_half = (0, 0, park_png.width, park_png.height // 2)  # the map is above the facts
    assert _near(park_png, kgz, upper_half) > 5000
    assert _near(park_png, kgz, (0, park_png.height // 2, park_png.width, park_png.height)) == 0


def test_png_of_a_project_without_parks_draws_no_park_fill(catalog, t):
    h = handout.content(catalog, "project", "camca", "en", t)
    img = Image.open(io.BytesIO(handout.render(catalog, h, URL, "png", "en", t))).convert("RGB")
    assert _near(img, handout.park_print_colour(catalog, "KGZ"), (0, 0, *img.size)) == 0
    place = matplotlib.colors.to_rgb(catalog.styles["place"]["fill"])
    assert _near(img, place, (0, 0, img.width, img.height // 2)) > 20  # Samarkand's dot


def test_hostile_park_name_renders_as_text(data_copy):
    def rename(doc: dict) -> None:
        doc["features"][0]["properties"]["name_en"] = HOSTILE + r" $x^2$ `$\notacommand$`"

    edit_json(data_copy / "parks.geojson", rename)
    cat = load_catalog(data_copy)
    t = translator(cat.ui, "en")
    park_id = cat.parks["id"].iloc[0]
    h = handout.content(cat, "park", park_id, "en", t)
    assert h.title.startswith(HOSTILE)
    for fmt, magic in (("pdf", b"%PDF"), ("png", b"\x89PNG")):
        assert handout.render(cat, h, URL, fmt, "en", t).startswith(magic)
    project = handout.content(cat, "project", "transboundary", "en", t)
    assert handout.render(cat, project, URL, "png", "en", t).startswith(b"\x89PNG")


def test_long_text_is_wrapped_inside_the_margins_of_one_page(data_copy):
    text = "word " * 600 + "https://example.org/" + "x" * 300
    path = data_copy / "projects.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            'summary_en = "Implemented by', f'summary_en = "{text} Implemented by', 1
        ),
        encoding="utf-8",
    )
    cat = load_catalog(data_copy)
    t = translator(cat.ui, "en")
    h = handout.content(cat, "project", "transboundary", "en", t)
    assert text.strip() in h.facts[0][1]
    long_url = URL + "&" + "q=1" * 80
    assert _pages(handout.render(cat, h, long_url, "pdf", "en", t)) == 1
    img = Image.open(io.BytesIO(handout.render(cat, h, long_url, "png", "en", t)))
    left, top, right, bottom = ImageOps.invert(img.convert("RGB")).getbbox()
    dpi = handout.PNG_DPI  # ink stays inside the page margins (tick labels may use the left one)
    assert left >= 0.1 * dpi and top >= 0.4 * dpi
    assert right <= (handout.PAGE_W - handout.MARGIN_X + 0.05) * dpi
    assert bottom <= (handout.PAGE_H - handout.MARGIN_BOTTOM + 0.05) * dpi


def test_render_refuses_a_non_http_url(catalog, t):
    h = handout.content(catalog, "park", "chon-kemin", "en", t)
    with pytest.raises(ValueError):
        handout.render(catalog, h, "javascript:alert(1)", "png", "en", t)


def test_qr_svg_is_inline_svg():
    svg = qr.svg(URL)
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    assert "<?xml" not in svg
    assert 'stroke="#000"' in svg
    assert qr.svg(URL, scale=2) != svg


def test_qr_matrix_is_square_with_quiet_zone_and_expected_version():
    m = qr.matrix("https://example.org/")  # 20 bytes: version 2 at level M (15..26 bytes)
    assert len(m) == 17 + 4 * 2 + 2 * 4 == 33
    assert all(len(row) == len(m) for row in m)
    assert not any(m[0]) and not any(row[0] for row in m)  # quiet zone is light
    assert m[4][4] and m[4][10]  # the finder pattern's dark border starts after it
    longer = qr.matrix("https://example.org/" + "a" * 40)
    assert len(longer) > len(m)


@pytest.mark.parametrize(
    "bad",
    [
        "javascript:alert(1)",
        "data:text/html,x",
        "ftp://example.org/",
        "example.org",
        " https://example.org/",
        "https://exa mple.org/",
        "https:///path",
        "",
    ],
)
def test_qr_rejects_anything_but_http(bad):
    with pytest.raises(ValueError):
        qr.svg(bad)
    with pytest.raises(ValueError):
        qr.matrix(bad)


def test_qr_accepts_http_and_https():
    assert qr.matrix("http://localhost:8501/?lang=ky")
    assert qr.svg("HTTPS://EXAMPLE.ORG/").startswith("<svg")


@pytest.mark.parametrize(("kind", "item_id"), [("park", "chon-kemin"), ("project", "camca")])
def test_a_russian_handout_lists_its_sources_in_russian_without_file_paths(
    catalog, tr_ru, kind, item_id
):
    h = handout.content(catalog, kind, item_id, "ru", tr_ru)
    listed = " ".join(h.sources)
    assert h.sources and all(s.startswith("[") for s in h.sources)
    for english in ("article on", "Ilbirs Foundation", "Schematic outline", "Landscape project"):
        assert english not in listed, english
    assert not re.search(r"scripts/|src/|\.py\b", listed), listed
    assert "Фонд «Илбирс»" in listed


def test_importing_the_dashboards_share_panel_leaves_matplotlib_unloaded_until_a_handout_is_drawn():
    """The dashboard's cold start: matplotlib loads when a handout is drawn, not at import."""
    code = (
        "import sys, landscape.ui.share\n"
        "from landscape import handout\n"
        "before = 'matplotlib' in sys.modules\n"
        "handout.render\n"
        "print(before, 'matplotlib' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == ["False", "True"]
