"""What the server exposes, how the staff secret is handled, and what CI installs."""

from __future__ import annotations

import hmac
import json
import logging
import re
import tomllib
from pathlib import Path

import pytest

from landscape.paths import REPO
from landscape.ui import staff
from tests.test_cli import run
from tests.ui.test_page import _app

CONFIG = REPO / ".streamlit" / "config.toml"


def test_every_server_setting_has_a_reason_and_the_safe_value():
    lines = CONFIG.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        if re.match(r"^\w+\s*=", line):
            assert lines[number - 1].startswith("#"), f"no reason above {line!r}"
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["maxUploadSize"] <= 1, "nothing is uploaded through the page"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["showErrorDetails"] == "none", "no tracebacks for visitors"
    assert config["client"]["toolbarMode"] == "viewer"


def test_no_page_offers_an_upload():
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "src").rglob("*.py"))
    assert "file_uploader" not in sources and "camera_input" not in sources


def test_raw_html_reaches_the_page_only_where_it_is_built_from_escaped_text():
    """Markdown renders without raw HTML; the few exceptions are reviewed here by name."""
    sites = sorted(
        f"{p.relative_to(REPO)}:{line.count('unsafe_allow_html=True')}"
        for p in (REPO / "src").rglob("*.py")
        for line in [p.read_text(encoding="utf-8")]
        if "unsafe_allow_html=True" in line
    )
    assert sites == [
        "src/landscape/ui/map.py:1",  # the grid's legend: escaped labels, colours from styles
        "src/landscape/ui/present.py:2",
        "src/landscape/ui/share.py:1",  # the QR <img>: escaped alt and data: URI, a number
    ]
    scripts = sorted(
        str(p.relative_to(REPO))
        for p in (REPO / "src").rglob("*.py")
        if "unsafe_allow_javascript=True" in p.read_text(encoding="utf-8")
    )
    assert scripts == ["src/landscape/ui/theme.py"]  # constant CSS and a language code of LANGS


def test_a_javascript_link_in_content_is_refused(data_copy: Path):
    path = data_copy / "sources.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('url = ""', 'url = "javascript:alert(1)"', 1), encoding="utf-8")
    done = run("validate", "--data", str(data_copy))
    assert done.returncode == 1
    assert "sources.toml:A: error:" in done.stdout and "http://" in done.stdout


def test_the_staff_secret_is_compared_in_constant_time(monkeypatch):
    calls = []
    original = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return original(a, b)

    monkeypatch.setattr(staff.hmac, "compare_digest", spy)
    assert staff.matches("s3cret-value", "s3cret-value") and not staff.matches("x", "y")
    assert len(calls) == 2


SECRET = "correct-horse-battery-staple-7731"


@pytest.mark.parametrize("typed", ["wrong-guess-123", SECRET])
def test_the_staff_secret_is_never_echoed_or_logged(monkeypatch, caplog, typed):
    monkeypatch.setenv(staff.ENV, SECRET)
    monkeypatch.setattr(staff.time, "sleep", lambda _s: None)  # the wrong-guess pause
    caplog.set_level(logging.DEBUG)
    at = _app(monkeypatch)
    next(w for w in at.text_input if w.label == "Staff secret").input(typed)
    next(b for b in at.button if b.label == "Unlock precise positions").click()
    at.run()
    assert not at.exception
    shown = " ".join(
        [m.value for m in at.markdown]
        + [c.value for c in at.caption]
        + [str(e.value) for e in at.error]
        + [w.value for w in at.warning]
        + [str(w.value) for w in at.text_input]
    )
    assert SECRET not in shown
    assert not [r for r in caplog.records if SECRET in r.getMessage()]


def test_ci_installs_exactly_the_lock():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert "-c requirements.lock" in makefile
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
    pinned = {
        line.split("==")[0].lower().replace("_", "-")
        for line in (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["test"]
    names = {re.split(r"[<>=!~\[ ]", d, maxsplit=1)[0].lower().replace("_", "-") for d in wanted}
    assert names <= pinned, names - pinned


# Evaluated, these would give "zqxv" and "ran-zq"; as text they never hold those strings.
JINJA = '{{ "zq" ~ "xv" }} {% if true %}{{ "ran-" ~ "zq" }}{% endif %}'


def test_template_syntax_in_data_is_never_evaluated(monkeypatch, data_copy: Path):
    """folium renders each rendered script again as a Jinja template: data holding "{{ }}"
    would run on the server. Found by the hostile-text export screenshot ({{7*7}} showed 49)."""
    from landscape import export
    from landscape.catalog import load_catalog
    from landscape.i18n import translator
    from tests.conftest import poison_text_fields
    from tests.ui.test_page import _map_args

    poison_text_fields(data_copy, JINJA)
    cat = load_catalog(data_copy)
    page = export.html_page(cat, "en", [], translator(cat.ui, "en"))
    assert "zqxv" not in page and "ran-zq" not in page
    assert "&quot;zq&quot; ~ &quot;xv&quot;" in page, "the text is still there, as text"
    at = _app(monkeypatch, data_copy)
    sent = json.dumps(_map_args(at))
    assert "zqxv" not in sent and "ran-zq" not in sent
