"""UI strings: one catalog per language in geodata/ui/CODE.toml, English as the fallback."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from landscape.text import DEFAULT_LANG, LANGS


def pick_lang(requested: Any) -> str:
    """A supported language code from a URL value, or the default."""
    code = str(requested or "").strip().lower()
    return code if code in LANGS else DEFAULT_LANG


class Translate:
    """t(key, **values): the string in `lang`, else English, else the key in brackets.

    Values are inserted with str.format after lookup; callers escape them where HTML needs it.
    `t.lang` tells formatters which conventions to follow.
    """

    def __init__(self, ui: Mapping[str, Mapping[str, str]], lang: str) -> None:
        self.lang = lang
        self._chosen = ui.get(lang, {})
        self._english = ui.get(DEFAULT_LANG, {})

    def __repr__(self) -> str:  # a cache key part: the texts come with the catalog
        return f"Translate({self.lang!r})"

    def __call__(self, key: str, **values: Any) -> str:
        template = self._chosen.get(key) or self._english.get(key) or f"[{key}]"
        return template.format(**values) if values else template


def translator(ui: Mapping[str, Mapping[str, str]], lang: str) -> Translate:
    """The translator of one language."""
    return Translate(ui, lang)
