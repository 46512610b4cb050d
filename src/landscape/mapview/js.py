"""Data handed to the map's scripts: a JSON literal that stays inert wherever a template puts it.

Every control and script of the map receives its data only through `js_literal`, never
spliced into code.
"""

from __future__ import annotations

import json
from typing import Any


def js_literal(value: Any) -> str:
    """A JSON literal that is also inert inside <script> and near JS template literals."""
    text = json.dumps(value, ensure_ascii=False)
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("`", "\\u0060"),
        ("$", "\\u0024"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
        # Jinja's opening delimiters: folium renders rendered scripts again as templates.
        # JSON's own braces never form these pairs, so they only occur inside strings.
        ("{{", "{\\u007b"),
        ("{%", "{\\u0025"),
        ("{#", "{\\u0023"),
    ):
        text = text.replace(char, code)
    return text
