"""Every UI string exists in every language, with the same placeholders; every key the code
asks for exists (datasette's docs test, applied to translations)."""

from __future__ import annotations

import re
import string

import pytest

from landscape.catalog import Catalog
from landscape.i18n import translator
from landscape.paths import REPO
from landscape.text import LANGS
from landscape.ui.panels import TABS

OTHERS = [code for code in LANGS if code != "en"]
# t("section.key") with a literal key, anywhere in the package
_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9_]+\.[a-z0-9_-]+)["']""")


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", OTHERS)
def test_every_english_key_is_translated_with_the_same_placeholders(catalog: Catalog, lang):
    english, other = catalog.ui["en"], catalog.ui[lang]
    missing = sorted(set(english) - set(other))
    assert not missing, f"geodata/ui/{lang}.toml lacks {missing}"
    extra = sorted(set(other) - set(english))
    assert not extra, f"geodata/ui/{lang}.toml has keys English lacks: {extra}"
    for key, text in english.items():
        assert other[key].strip(), f"{lang}: {key} is empty"
        assert _placeholders(other[key]) == _placeholders(text), f"{lang}: {key}"


def test_every_key_the_code_uses_exists_in_english(catalog: Catalog):
    used = set()
    for path in (REPO / "src" / "landscape").rglob("*.py"):
        used |= set(_CALL.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no t() calls: the pattern is broken"
    missing = sorted(key for key in used if key not in catalog.ui["en"])
    assert not missing, f"keys used in src/ but absent from geodata/ui/en.toml: {missing}"


@pytest.mark.parametrize("lang", OTHERS)
def test_kyrgyz_and_kazakh_use_their_own_letters(catalog: Catalog, lang):
    own = {"ky": "өүң", "kk": "әғқңөұүһі", "ru": "ы"}[lang]
    text = " ".join(catalog.ui[lang].values())
    assert any(letter in text for letter in own), f"{lang} catalog lacks {own}"


def test_a_missing_key_falls_back_to_english_then_to_the_marked_key(catalog: Catalog):
    ui = {"en": {"a.b": "English {n}"}, "ru": {}}
    t = translator(ui, "ru")
    assert t("a.b", n=2) == "English 2" and t("no.such") == "[no.such]"
    assert translator(catalog.ui, "kk").lang == "kk"


@pytest.mark.parametrize("lang", LANGS)
def test_the_panel_tabs_have_distinct_labels(catalog: Catalog, lang):
    # the open tab is known by its label (ui.panels.tabs): two alike could not be told apart
    t = translator(catalog.ui, lang)
    labels = [t(f"tab.{name}") for name in TABS]
    assert len(set(labels)) == len(labels), labels


def test_counting_rules_in_english_are_the_readers_own(catalog: Catalog):
    """The wildlife panel shows each kind's counting rule from the catalogs (so that it is
    translated); in English it is word for word the rule the reader applies."""
    from landscape.ui.wildlife import COUNTING_KEYS
    from landscape.wildlife import camtrap, dwc, smart

    rules = {"camtrap-dp": camtrap.COUNTING, "dwc": dwc.COUNTING, "smart": smart.COUNTING}
    assert set(COUNTING_KEYS) == set(rules)
    for kind, key in COUNTING_KEYS.items():
        assert catalog.ui["en"][key] == rules[kind], kind
