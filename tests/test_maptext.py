"""The map as text (issue 18): what it lists, and that it follows the project filter, the
wildlife filters and the layers, in every language; and the page draws it under the map."""

from __future__ import annotations

import re

import pytest

from landscape import filters, maptext
from landscape.catalog import Catalog
from landscape.formatting import fmt_int
from landscape.i18n import translator
from landscape.schema import TOUR_LAYERS
from landscape.text import LANGS
from landscape.ui import maptext as maptext_ui
from landscape.wildlife import figures, patrols, privacy
from tests.ui.test_page import _app

GRID = maptext.Layers(TOUR_LAYERS, "grid", "records", False, 0.1)


@pytest.fixture(scope="module")
def public(catalog: Catalog) -> Catalog:
    return privacy.public_view(catalog)


def _sections(whole, view, layers=GRID, lang="en") -> dict[str, tuple[str, ...]]:
    t = translator(whole.ui, lang)
    return {s.title: s.items for s in maptext.describe(whole, view, layers, lang, t)}


def test_lists_the_parks_border_places_and_wildlife_layers(public):
    shown = _sections(public, public)
    assert list(shown) == ["Parks", "State border", "Event places", "Wildlife layers"]
    assert shown["Parks"] == (
        "Chon Kemin State Natural Park (Kyrgyzstan): schematic outline, not an official boundary",
        "Ile-Alatau National Park (Kazakhstan): schematic outline, not an official boundary",
    )
    assert shown["State border"][0].startswith("Kazakhstan – Kyrgyzstan state border: ")
    assert shown["State border"][1] == "Shared ridge (transboundary zone): where the two parks meet"
    assert shown["Event places"][0].startswith("Samarkand: CMS COP14")
    totals = figures.totals(public)
    wildlife = " | ".join(shown["Wildlife layers"])
    assert "Synthetic sample, not field data" in wildlife, "the data's nature is said"
    assert f"{fmt_int(totals.records)} records of {totals.species} species" in wildlife
    assert f"{fmt_int(totals.generalised)} of these records" in wildlife
    assert f"Camera traps: {len(public.deployments)} deployment(s)" in wildlife
    assert "Patrol coverage: not shown on the map now" in wildlife


def test_follows_the_project_filter(public):
    only = _sections(public, filters.by_projects(public, ["camca"]))
    assert "Parks" not in only, "CAMCA maps no park"
    assert "State border" in only, "the base map keeps the border"
    assert only["Wildlife layers"] == (
        "No records match the chosen filters.",
        "Patrol coverage: not shown on the map now (a switch among the filters in the sidebar)",
    )


def test_follows_the_wildlife_filters_as_the_panel_counts(public):
    view = figures.apply(public, figures.WildlifeFilter(species=("Otocolobus manul",)))
    wildlife = _sections(public, view)["Wildlife layers"]
    records = next(line for line in wildlife if line.startswith("Wildlife records"))
    assert records.startswith(f"Wildlife records: {figures.totals(view).records} records of 1 ")
    assert 0 < figures.totals(view).records < figures.totals(public).records  # narrowed


def test_patrol_cells_when_the_layer_is_on(public):
    on = maptext.Layers(TOUR_LAYERS, "heatmap", "records", True, 0.1)
    wildlife = _sections(public, public, on)["Wildlife layers"]
    cells = len(patrols.coverage(public.waypoints, 0.1))
    assert cells > 0
    assert f"Patrol coverage: {cells} cell(s) of 0.1° that {len(public.patrols)} patrol(s)" in (
        " | ".join(wildlife)
    )
    assert any(line.endswith("species, as a heat map") for line in wildlife)


def test_only_the_layers_on_the_map(public):
    tour = maptext.Layers(("parks",), "grid", "records", False, 0.1)
    shown = _sections(public, public, tour)
    assert "Event places" not in shown
    assert shown["Wildlife layers"] == (
        "Synthetic sample, not field data: the wildlife figures "
        "below come from generated records. No animal was recorded.",
    )


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_in_every_language(public, lang):
    shown = _sections(public, public, lang=lang)
    text = " ".join(" ".join(items) for items in shown.values())
    assert "[maptext." not in text and "schematic" not in text, "every string translated"
    t = translator(public.ui, lang)
    for key in ("title", "skip", "region", "frame"):
        assert t(f"maptext.{key}") != translator(public.ui, "en")(f"maptext.{key}")


def test_markdown_escapes_what_comes_from_data():
    sections = [maptext.Section("*Parks*", ("<b>x</b> [a](javascript:1)",))]
    md = maptext_ui.markdown(sections)
    assert md.startswith("**\\*Parks\\***") and "\\[a\\]" in md and "\\<b\\>" in md


def test_the_page_draws_it_under_the_map_for_the_links_filters(monkeypatch):
    at = _app(monkeypatch, project="transboundary", species="Otocolobus manul")
    found = [e for e in at.expander if e.label == "What the map shows, as text"]
    assert len(found) == 1
    text = found[0].markdown[0].value.replace("\\", "")
    assert "Chon Kemin State Natural Park (Kyrgyzstan)" in text
    counted = re.search(r"Wildlife records: ([\d,]+) records of 1 species", text)
    assert counted and int(counted.group(1).replace(",", "")) > 0, "the link's species filter"
