"""Languages, translated fields and escaping of data text before it reaches HTML or JS."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from landscape.memo import per_table

LANGS: tuple[str, ...] = ("en", "ru", "ky", "kk")
# each language named in itself, as a visitor who reads it looks for it
ENDONYMS = {"en": "English", "ru": "Русский", "ky": "Кыргызча", "kk": "Қазақша"}
DEFAULT_LANG = "en"

# folium writes tooltip and popup HTML into JS template literals (`...`), where a backtick
# ends the string and ${...} runs code; a backslash starts an escape. HTML entities keep them
# inert both in the literal and in the HTML it becomes (TECH-NOTES.md, "injection is real").
# Also the braces: folium (branca) wraps each rendered script in a new Jinja template and
# renders it again, so "{{ ... }}" in data would be evaluated on the server.
_JS_TEMPLATE_ENTITIES = str.maketrans(
    {"`": "&#96;", "$": "&#36;", "\\": "&#92;", "{": "&#123;", "}": "&#125;"}
)


def esc(value: Any) -> str:
    """Escape data text for HTML that may also sit inside a JS template literal or pass
    through a Jinja template (folium renders rendered scripts again)."""
    if value is None:
        return ""
    return html.escape(str(value), quote=True).translate(_JS_TEMPLATE_ENTITIES)


def is_blank(value: Any) -> bool:
    """True for None, NaN, empty strings and empty lists: the marks of an undocumented fact."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    if isinstance(value, str | list | tuple):
        return len(value) == 0 if not isinstance(value, str) else not value.strip()
    return False


def tr(record: Mapping[str, Any], field: str, lang: str = DEFAULT_LANG) -> str:
    """The `field` of a record in `lang`, falling back to English, or "" when both are empty."""
    for code in (lang, DEFAULT_LANG):
        value = record.get(f"{field}_{code}")
        if not is_blank(value):
            return str(value)
    return ""


@per_table  # names are asked for on every run, of tables that stay the same
def tr_column(frame: Any, field: str, lang: str = DEFAULT_LANG) -> list[str]:
    """`tr` of every row of a DataFrame, column by column (a record per row costs far more)."""
    columns = [frame[c] for c in (f"{field}_{lang}", f"{field}_{DEFAULT_LANG}") if c in frame]
    if not columns:
        return [""] * len(frame)
    rows = zip(*columns, strict=True)
    return [next((str(v) for v in values if not is_blank(v)), "") for values in rows]


@per_table
def tr_by_id(frame: Any, field: str, lang: str = DEFAULT_LANG) -> dict[str, str]:
    """Each row's id -> `tr` of its `field`."""
    return dict(zip(frame["id"].astype(str), tr_column(frame, field, lang), strict=True))


def translated_columns(field: str) -> list[str]:
    """The per-language columns of a translated field: name -> name_en, name_ru, ..."""
    return [f"{field}_{code}" for code in LANGS]


_MARKDOWN_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:&"
_MARKDOWN_ESCAPES = str.maketrans({c: f"\\{c}" for c in _MARKDOWN_SPECIAL})


def md_escape(value: Any) -> str:
    """Text made literal for Streamlit markdown: no links, HTML, LaTeX ($) or formatting."""
    text = "" if value is None else str(value)
    return text.translate(_MARKDOWN_ESCAPES)
