"""UI strings: one catalog per language in geodata/ui/CODE.toml, English as the fallback."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from landscape.text import DEFAULT_LANG, LANGS

Translate = Callable[..., str]


def pick_lang(requested: Any) -> str:
    """A supported language code from a URL value, or the default."""
    code = str(requested or "").strip().lower()
    return code if code in LANGS else DEFAULT_LANG


def translator(ui: Mapping[str, Mapping[str, str]], lang: str) -> Translate:
    """t(key, **values): the string in `lang`, else English, else the key in brackets.

    Values are inserted with str.format after lookup; callers escape them where HTML needs it.
    """
    chosen = ui.get(lang, {})
    english = ui.get(DEFAULT_LANG, {})

    def t(key: str, **values: Any) -> str:
        template = chosen.get(key) or english.get(key) or f"[{key}]"
        return template.format(**values) if values else template

    return t
