from __future__ import annotations

from landscape import filters, panels


def test_project_cards_mark_gaps_never_invent(catalog, t):
    cards = {c["id"]: c for c in panels.project_cards(catalog, "en", t)}
    assert cards["camca"]["partners"] == "not yet documented"
    assert cards["camca"]["period"] == "not yet documented"
    assert cards["camca"]["parks"] == "mapped area not yet documented"
    assert cards["transboundary"]["implementer"] == "Ilbirs Foundation"
    assert "Chon Kemin State Natural Park" in cards["transboundary"]["parks"]
    assert any("Connecting the Landscapes" in e for e in cards["transboundary"]["events"])
    assert cards["transboundary"]["sources"][0].startswith("[A] Ilbirs Foundation")


def test_timeline_is_dated_in_order_and_undated_last(catalog, t):
    rows = panels.timeline(catalog, "en", t)
    assert [r["id"] for r in rows][-1] == "side-event-giz"
    assert rows[0]["when"].startswith("12") and "Feb 2024" in rows[0]["when"]
    assert rows[-1]["when"] == "During CMS COP14; the source does not give the date."
    assert all(r["sources"] for r in rows)


def test_timeline_follows_the_filter(catalog, t):
    view = filters.by_projects(catalog, ["vanishing-treasures"])
    assert {r["id"] for r in panels.timeline(view, "en", t)} == {"cop14", "side-event-unep-cms"}


def test_park_facts_side_by_side_with_sources_and_gaps(catalog, t):
    table = panels.park_facts(catalog, "en", t)
    assert list(table.columns) == ["Chon Kemin State Natural Park", "Ile-Alatau National Park"]
    assert table.loc["IUCN category", "Chon Kemin State Natural Park"] == "not yet documented"
    assert table.loc["IUCN category", "Ile-Alatau National Park"] == "II"
    assert table.loc["WDPA ID", "Ile-Alatau National Park"] == "100018"
    assert table.loc["Established", "Chon Kemin State Natural Park"] == "13 August 1997"
    assert table.loc["Area reported", "Chon Kemin State Natural Park"] == "1,235.64 km²"
    assert "[WDPA]" in table.loc["Source", "Ile-Alatau National Park"]


def test_species_table_shows_not_verified_as_it_is(catalog, t):
    table = panels.species_table(catalog, "en", t).set_index("Scientific name")
    assert table.loc["Otocolobus manul", "IUCN Red List"] == "not verified"
    assert table.loc["Otocolobus manul", "Verification"] == "IUCN category not verified"
    assert table.loc["Panthera uncia", "CMS Appendix"] == "I (since 1985)"


def test_click_picks_place_then_park(catalog):
    assert panels.pick(catalog, 39.66, 66.97) == ("place", "samarkand")
    chon = catalog.parks.set_index("id").geometry["chon-kemin"].representative_point()
    assert panels.pick(catalog, chon.y, chon.x) == ("park", "chon-kemin")
    assert panels.pick(catalog, 10.0, 10.0) is None


def test_selection_details_of_a_park_name_its_projects(catalog, t):
    details = panels.selection_details(catalog, "park", "ile-alatau", "en", t)
    assert details["title"] == "Ile-Alatau National Park"
    assert details["related"] == ["Transboundary Chon Kemin – Ile-Alatau"]


def test_species_statuses_are_in_the_viewers_language(catalog):
    from landscape.i18n import translator

    t_ru = translator(catalog.ui, "ru")
    table = panels.species_table(catalog, "ru", t_ru).set_index("Научное название")
    assert table.loc["Panthera uncia", "Красный список МСОП"] == "VU (с 2017 г.)"
    assert table.loc["Otocolobus manul", "Красный список МСОП"] == "не проверено"
    assert table.loc["Capra sibirica", "Приложение КМВ (CMS)"] == "не включён"
    assert table.loc["Lynx lynx", "Приложение КМВ (CMS)"] == "II (внесена на COP14)"


def test_sensitivity_names_who_set_it(catalog, t):
    """The categories are the project's defaults awaiting review: the panel says so."""
    table = panels.species_table(catalog, "en", t).set_index("Scientific name")
    assert table.loc["Panthera uncia", "Location sensitivity"] == "category 2 [SENS]"
    cited = panels.sensitivity_sources(catalog, "en")
    assert len(cited) == 1 and cited[0].startswith("[SENS] Location sensitivity categories set")
    assert "awaiting review by Ilbirs Foundation" in cited[0]
    assert "Chapman" not in "".join(catalog.species["sensitivity_source"].sum())


def test_unknown_year_and_link_of_a_source_are_marked_gaps(catalog):
    from landscape.content import source_entries

    entries = {e["id"]: e for e in source_entries(catalog.sources, "ru", "GAP")}
    assert entries["KG"]["gaps"] == ["year", "url"]
    assert entries["KG"]["year"] == entries["KG"]["url"] == "GAP"
    assert entries["WDPA"]["gaps"] == [] and entries["WDPA"]["year"] == "2025"
    assert entries["WDPA"]["url"] == "https://www.protectedplanet.net/"
    assert entries["A"]["title"] == "Фонд «Илбирс»: статья о COP14 КМВ (CMS)"


def test_cards_and_timeline_speak_the_viewers_language(catalog):
    from landscape.i18n import translator

    t_ky = translator(catalog.ui, "ky")
    cards = {c["id"]: c for c in panels.project_cards(catalog, "ky", t_ky)}
    assert cards["transboundary"]["implementer"] == "«Илбирс» фонду"
    assert cards["transboundary"]["sources"][0].startswith("[A] «Илбирс» фонду: CMS COP14")
    kinds = {r["id"]: r["kind"] for r in panels.timeline(catalog, "ky", t_ky)}
    assert kinds["side-event-giz"] == "кошумча иш-чара" and kinds["cop14"] == "конференция"
    cop14 = next(r for r in panels.timeline(catalog, "en", translator(catalog.ui, "en")))
    assert cop14["organisers"] == "not yet documented", "no source names the organiser"
