"""What a visitor reads, tab by tab, in every language (Streamlit's AppTest): no file paths or
commands (instructions are for the staff, the CLI and the docs), and in Russian, Kyrgyz and
Kazakh no English the dashboard could have translated (issue 16, items 10 and 11)."""

from __future__ import annotations

import json
import re
import tomllib
from functools import cache

import pytest
from streamlit.testing.v1 import AppTest

from landscape.paths import BUNDLED_DATA, REPO
from landscape.schema import LAYERS
from landscape.text import LANGS
from landscape.ui import map_component
from landscape.ui import panels as panel_ui
from landscape.wildlife import camtrap, smart
from tests.suites.test_content_truth import raw_records

APP = str(REPO / "app.py")
OTHERS = [code for code in LANGS if code != "en"]

# What belongs to the data manager, never to a visitor.
ADMIN = re.compile(r"geodata/|\bsrc/|scripts/|\.py\b|landscape validate|README")

# English the issue found in the other languages; and the dashboard's own English (UI strings
# and the data's English fields), which must not show where a translation exists.
FOUND_IN_THE_ISSUE = (
    "not listed",
    "not verified",
    "since 2017",
    "since 1985",
    "added at COP14",
    "Ilbirs Foundation",
    "Cite as",
    "side event",
    "conference",
    "exhibition",
    "Synthetic sample generated",
    camtrap.COUNTING[:40],
    smart.COUNTING[:40],
)


@cache
def page_text(lang: str) -> tuple[str, str]:
    """Everything the page shows in `lang` with each panel tab opened in turn: (the text a
    visitor reads, the map component's arguments)."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.session_state[map_component.REPORTED] = True
    parts: list[str] = []
    maps: list[str] = []
    for name in panel_ui.TABS:
        at.session_state[panel_ui.OPEN] = name
        at.run()
        assert not at.exception, at.exception
        for kind in ("markdown", "caption", "info", "warning", "error", "success", "title"):
            parts += [str(e.value) for e in at.get(kind)]
        parts += [e.proto.label for kind in ("tab", "expander") for e in at.get(kind)]
        parts += [b.label for b in at.button] + [m.label for m in at.metric]
        parts += [d.value.to_csv(index=False) for d in at.dataframe]
        parts += [t.value.to_csv() for t in at.table]
        for widget in (*at.sidebar.multiselect, *at.sidebar.radio, *at.sidebar.selectbox):
            parts += [widget.label, *map(str, widget.options)]
        maps += [c.proto.json_args for c in at.get("component_instance")]
    text = "\n".join(parts).replace("\\", "")  # markdown escapes
    return text, "\n".join(maps)


@pytest.mark.parametrize("lang", LANGS)
def test_no_file_path_or_command_reaches_a_visitor(lang):
    text, maps = page_text(lang)
    shown = [m.group(0) for m in ADMIN.finditer(text)]
    assert not shown, [text[max(0, m.start() - 80) : m.end() + 40] for m in ADMIN.finditer(text)]
    # the map's legend, popups and tooltips (its scripts are code, not text: only their data)
    data = json.loads(json.dumps([json.loads(m) for m in maps.splitlines() if m]))
    html = " ".join(str(a.get("feature_group", "")) + str(a.get("script", "")) for a in data)
    leaks = [html[max(0, m.start() - 80) : m.end() + 40] for m in ADMIN.finditer(html)]
    assert not leaks, leaks


def _english_phrases(lang: str) -> set[str]:
    """The dashboard's own English that has a translation in `lang`: UI strings and the data's
    English text fields of two words or more whose `lang` version differs."""
    ui = {}
    for code in ("en", lang):
        doc = tomllib.loads((BUNDLED_DATA / "ui" / f"{code}.toml").read_text(encoding="utf-8"))
        ui[code] = {f"{s}.{k}": str(v) for s, table in doc.items() for k, v in table.items()}
    pairs = [(en, ui[lang].get(key, "")) for key, en in ui["en"].items() if "{" not in en]
    for layer in LAYERS:
        for rec in raw_records(BUNDLED_DATA, layer):
            for key, value in rec.items():
                if key.endswith("_en") and isinstance(value, str):
                    pairs.append((value, str(rec.get(key[:-3] + f"_{lang}") or "")))
    found = {en for en, other in pairs if other and other != en and len(en.split()) >= 2}
    # kept on purpose in the translation, e.g. «Исчезающие сокровища (Vanishing Treasures)»
    kept = {en for en in found if any(en in other for _, other in pairs)}
    return (found - kept) | set(FOUND_IN_THE_ISSUE)


def dataset_titles() -> list[str]:
    """The wildlife datasets' titles: their own metadata, shown as their publishers wrote
    them (not translated by the dashboard; the synthetic samples' are English)."""
    metas = sorted(BUNDLED_DATA.glob("observations/*/dataset.toml"))
    return [tomllib.loads(m.read_text(encoding="utf-8"))["title"] for m in metas]


@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_left_where_a_translation_exists(lang):
    text, _ = page_text(lang)
    for title in dataset_titles():
        text = text.replace(title, "")
    left = sorted(phrase for phrase in _english_phrases(lang) if phrase in text)
    assert not left, [(p, text[text.index(p) - 60 : text.index(p) + len(p) + 20]) for p in left]


def test_the_english_page_holds_the_phrases_the_check_looks_for():
    """The check above would pass on nothing if the page showed none of its phrases in English."""
    text, _ = page_text("en")
    for phrase in ("not listed", "not verified", "since 2017", "side event", "Cite as"):
        assert phrase in text, phrase
    assert "Ilbirs Foundation" in text and camtrap.COUNTING[:40] in text
