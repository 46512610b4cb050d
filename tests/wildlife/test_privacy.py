"""The note each generalised record carries, in the visitor's language (issue 20: the English
sentences of privacy.describe reached the public CSV in every language)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from landscape.catalog import Catalog
from landscape.i18n import translator
from landscape.text import LANGS
from landscape.ui.wildlife import records_csv
from landscape.wildlife import privacy

# a word of each English note that no translation may keep
ENGLISH = ("withheld", "coordinates", "generalised", "grid cell", "ranger", "Chapman")


def test_every_note_the_public_view_writes_has_a_catalog_key(catalog: Catalog):
    written = set(privacy.public_view(catalog).observations["generalised"]) - {""}
    assert written, "the bundled data has generalised records"
    assert written <= set(privacy.note_keys()), written - set(privacy.note_keys())


def test_in_english_the_note_is_the_darwin_core_sentence(catalog: Catalog):
    notes = pd.Series([*privacy.note_keys(), ""])
    shown = privacy.translated_notes(notes, "en", translator(catalog.ui, "en"))
    assert list(shown) == list(notes)


@pytest.mark.parametrize("lang", [lang for lang in LANGS if lang != "en"])
def test_each_note_is_said_in_the_visitors_language(catalog: Catalog, lang: str):
    notes = pd.Series(list(privacy.note_keys()))
    shown = list(privacy.translated_notes(notes, lang, translator(catalog.ui, lang)))
    assert len(set(shown)) == len(notes)  # the categories stay told apart
    for text in shown:
        assert not [w for w in ENGLISH if w.lower() in text.lower()], text
        assert "{" not in text, text
    assert any("0,1°" in text for text in shown)  # the language's decimal sign
    assert any("0,001°" in text for text in shown)


def test_a_publishers_own_note_is_kept_as_published(catalog: Catalog):
    own = "coordinates rounded by the publisher to 0.1 degrees"
    shown = privacy.translated_notes(pd.Series([own, ""]), "ru", translator(catalog.ui, "ru"))
    assert list(shown) == [own, ""]


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_public_csv_says_what_was_done_in_the_visitors_language(catalog: Catalog, lang: str):
    raw = records_csv(privacy.public_view(catalog), translator(catalog.ui, lang))
    notes = set(pd.read_csv(io.BytesIO(raw), comment="#")["generalised"].dropna())
    assert notes, "the sample holds generalised records"
    assert not [n for n in notes if any(w.lower() in n.lower() for w in ENGLISH)], notes
    english = records_csv(privacy.public_view(catalog), translator(catalog.ui, "en"))
    assert b"Chapman category" in english  # English keeps the Darwin Core sentence
