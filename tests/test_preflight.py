"""`landscape preflight` and the handout's public address (issue 17, section 5): everything
that would embarrass or endanger at an event, one line each with its fix; exit 0 when ready,
1 with --strict when anything is found; a handout whose QR code would open only on this
computer is refused."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from landscape import preflight, tour
from landscape.catalog import load_catalog
from landscape.i18n import translator
from landscape.paths import BUNDLED_DATA
from landscape.wildlife.store import FOLDER
from tests.conftest import edit_json, snapshot

ENV = "LANDSCAPE_PUBLIC_URL"
PUBLIC = "https://maps.example.org/landscape/"
LINE = re.compile(r"^(\S[^:]*(?::\S+)?): (.+) Fix: (.+)$")


def cli(*args: str, url: str | None = None) -> subprocess.CompletedProcess[str]:
    """`landscape ...` with LANDSCAPE_PUBLIC_URL set to `url` (unset when None)."""
    env = {k: v for k, v in os.environ.items() if k != ENV}
    if url is not None:
        env[ENV] = url
    return subprocess.run(
        [sys.executable, "-m", "landscape.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def _findings(done: subprocess.CompletedProcess[str]) -> list[str]:
    return done.stdout.splitlines()[1:]


def _where(lines: list[str]) -> list[str]:
    return [line.split(": ", 1)[0] for line in lines]


# --- the bundled data ---------------------------------------------------------------------


def test_bundled_data_lists_the_samples_the_outlines_and_the_unset_address():
    done = cli("preflight")
    assert done.returncode == 0, done.stderr
    lines = _findings(done)
    assert all(LINE.match(line) for line in lines), "one line each, with its fix"
    where = _where(lines)
    samples = [w for w in where if w.startswith("observations/")]
    assert samples == [
        "observations/synthetic-patrols-chon-kemin/",
        "observations/synthetic-patrols-ile-alatau/",
        "observations/synthetic-sample/",
    ]
    by_id = {step.id: step for step in tour.steps(load_catalog(BUNDLED_DATA), "en")}
    wildlife, monitoring = by_id["wildlife"], by_id["monitoring"]  # grid; patrol coverage
    (camera,) = [line for line in lines if line.startswith("observations/synthetic-sample/")]
    assert f"step {wildlife.number} ({wildlife.title})" in camera
    assert f"step {monitoring.number} " not in camera, "coverage shows patrols only"
    (patrol,) = [line for line in lines if line.startswith("observations/synthetic-patrols-chon")]
    assert f"step {monitoring.number} ({monitoring.title})" in patrol
    assert "delete the folder geodata/observations/synthetic-sample/" in camera
    (outlines,) = [line for line in lines if line.startswith("parks.geojson: ")]
    assert "(chon-kemin)" in outlines and "(ile-alatau)" in outlines
    assert "landscape import boundary" in outlines
    (address,) = [line for line in lines if line.startswith(f"{ENV}: ")]
    assert "not set" in address and "http://localhost:8501/" in address
    # nothing else but what the data says of itself: unreviewed catalogs, sources without
    # a link (each checked against the files below)
    rest = [w for w in where if not w.startswith(("observations/", "parks.geojson", ENV))]
    assert set(rest) <= {"ui/ru.toml", "ui/ky.toml", "ui/kk.toml"} | {
        f"sources.toml:{s}" for s in _sources_without_url(BUNDLED_DATA)
    }
    assert {f"sources.toml:{s}" for s in _sources_without_url(BUNDLED_DATA)} <= set(rest)
    # the project's own notes (its defaults, its schematic method) have no page to link to
    assert "sources.toml:SENS" not in rest and "sources.toml:SCHEMATIC" not in rest
    assert "sources.toml:A" in rest, "a published source without a link is still listed"
    for code in ("ru", "ky", "kk"):
        first = (BUNDLED_DATA / "ui" / f"{code}.toml").read_text(encoding="utf-8").split("\n")[0]
        assert (f"ui/{code}.toml" in rest) == ("Machine-drafted" in first), code


def _sources_without_url(data: Path) -> list[str]:
    cat = load_catalog(data)
    rows = cat.sources.to_dict("records")
    return [r["id"] for r in rows if not r["url"] and r.get("kind") != "project"]


def test_strict_exits_1_when_anything_is_found_and_prints_the_same():
    relaxed, strict = cli("preflight"), cli("preflight", "--strict")
    assert (relaxed.returncode, strict.returncode) == (0, 1)
    assert strict.stdout == relaxed.stdout


# --- the public address -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (None, "unset"),
        ("", "unset"),
        ("ftp://maps.example.org/", "invalid"),
        ("maps.example.org", "invalid"),
        ("http://localhost:8501/", "loopback"),
        ("http://LOCALHOST/", "loopback"),
        ("http://app.localhost/", "loopback"),
        ("http://127.0.0.1:8501/", "loopback"),
        ("http://127.8.9.10/", "loopback"),
        ("http://[::1]:8501/", "loopback"),
        ("http://0.0.0.0:8501/", "loopback"),
        ("http://192.168.1.20:8501/", "private"),
        ("http://10.0.0.5/", "private"),
        ("http://172.20.1.1/", "private"),
        ("http://169.254.3.4/", "private"),
        ("http://[fd00::1]/", "private"),
        ("http://booth-laptop:8501/", "private"),
        ("http://booth.local/", "private"),
        ("https://maps.example.org/landscape/", None),
        ("http://203.0.113.7:8501/", "private"),  # documentation range: reserved
        ("http://8.8.4.4/", None),
    ],
)
def test_the_address_is_judged_as_a_phone_elsewhere_would_meet_it(url, problem):
    assert preflight.address_problem(url) == problem


@pytest.mark.parametrize(
    ("given", "kind"),
    [("http://127.0.0.1:8501/", "loopback"), ("http://192.168.1.20/", "private")],
)
def test_url_and_environment_are_checked_alike(given, kind):
    by_option = [x for x in _findings(cli("preflight", "--url", given)) if x.startswith("--url")]
    by_env = [x for x in _findings(cli("preflight", url=given)) if x.startswith(ENV)]
    assert len(by_option) == len(by_env) == 1
    assert given.rstrip("/") in by_option[0] and given.rstrip("/") in by_env[0]
    word = {"loopback": "only this computer", "private": "local network"}[kind]
    assert word in by_option[0] and word in by_env[0]


def test_a_public_address_is_not_a_finding_and_a_bad_url_is_a_usage_error():
    assert not [x for x in _findings(cli("preflight", "--url", PUBLIC)) if "--url" in x]
    assert not [x for x in _findings(cli("preflight", url=PUBLIC)) if x.startswith(ENV)]
    bad = cli("preflight", "--url", "javascript:alert(1)")
    assert bad.returncode == 2 and "not an http(s) address" in bad.stderr


# --- a data directory that is ready, and each check on its own ----------------------------


def _ready(data: Path) -> Path:
    """The bundled data with every finding fixed."""
    for folder in (data / FOLDER).glob("synthetic-*"):
        shutil.rmtree(folder)

    def official(doc: dict) -> None:
        for feature in doc["features"]:
            feature["properties"]["accuracy"] = "official"

    edit_json(data / "parks.geojson", official)
    sources = (data / "sources.toml").read_text(encoding="utf-8")
    (data / "sources.toml").write_text(
        sources.replace('url = ""', 'url = "https://example.org/source"'), encoding="utf-8"
    )
    for code in ("ru", "ky", "kk"):
        path = data / "ui" / f"{code}.toml"
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[0] = "# Reviewed by a native speaker on 2027-01-10."
        lines[1] = "#"
        path.write_text("\n".join(lines), encoding="utf-8")
    return data


def test_a_ready_data_directory_passes_strict(data_copy: Path):
    data = _ready(data_copy)
    done = cli("preflight", "--strict", "--data", str(data), url=PUBLIC)
    assert done.returncode == 0, done.stdout
    assert done.stdout.strip() == f"{data}: Nothing found: ready for an audience."


def test_each_check_finds_its_own_problem(data_copy: Path):
    data = _ready(data_copy)
    before = snapshot(data)
    ky = data / "ui" / "ky.toml"
    ky.write_text(ky.read_text(encoding="utf-8").replace('next = "Кийинки"\n', ""), "utf-8")
    maps = (data / "basemaps.toml").read_text(encoding="utf-8")
    head = maps.split('[[basemap]]\nid = "offline"')[0]
    (data / "basemaps.toml").write_text(head, encoding="utf-8")

    def untranslated(doc: dict) -> None:
        doc["features"][0]["properties"]["setting_kk"] = ""

    edit_json(data / "parks.geojson", untranslated)
    done = cli("preflight", "--strict", "--data", str(data), url=PUBLIC)
    assert done.returncode == 1
    lines = _findings(done)
    assert len(lines) == 3, lines
    by_where = dict(line.split(": ", 1) for line in lines)
    assert "tour.next" in by_where["ui/ky.toml"] and "Kyrgyz" in by_where["ui/ky.toml"]
    assert "OpenStreetMap" in by_where["basemaps.toml"]
    assert "1 text(s) given in English but not in Kazakh" in by_where["parks.geojson"]
    assert snapshot(data) != before  # (the edits above), and preflight changed nothing:
    again = snapshot(data)
    cli("preflight", "--data", str(data))
    assert snapshot(data) == again


def test_data_errors_come_first(data_copy: Path):
    data = _ready(data_copy)
    text = (data / "projects.toml").read_text(encoding="utf-8")
    (data / "projects.toml").write_text(text.replace('"chon-kemin", "ile', '"nowhere", "ile'))
    lines = _findings(cli("preflight", "--data", str(data), url=PUBLIC))
    assert lines[0].startswith("landscape validate: 1 data error(s)"), lines


def test_the_findings_read_in_every_language(catalog):
    for lang in ("en", "ru", "ky", "kk"):
        t = translator(catalog.ui, lang)
        found = preflight.findings(catalog, None, ENV, lang, t)
        texts = [f.line(t) for f in found]
        assert texts and not [x for x in texts if "[preflight." in x], lang
        if lang != "en":
            english = translator(catalog.ui, "en")
            assert found[0].text(t) != found[0].text(english), lang


# --- handouts -----------------------------------------------------------------------------


@pytest.mark.parametrize("configured", [None, "http://localhost:8501/", "http://127.0.0.1/", "x"])
def test_a_handout_that_would_open_only_here_is_refused(tmp_path: Path, configured):
    out = tmp_path / "ck.pdf"
    done = cli("handout", "park", "chon-kemin", str(out), url=configured)
    assert done.returncode == 2
    assert "refused" in done.stderr and ENV in done.stderr and "--url" in done.stderr
    assert not out.exists()


def test_a_handout_with_a_public_address_or_an_explicit_url_is_made(tmp_path: Path):
    made = cli("handout", "park", "chon-kemin", str(tmp_path / "a.pdf"), url=PUBLIC)
    assert made.returncode == 0, made.stderr
    assert f"QR code: {PUBLIC}?park=chon-kemin" in made.stdout
    given = "http://127.0.0.1:8501/"
    forced = cli("handout", "park", "chon-kemin", str(tmp_path / "b.pdf"), "--url", given)
    assert forced.returncode == 0, forced.stderr
    local = cli("handout", "park", "chon-kemin", str(tmp_path / "c.pdf"), url="http://10.1.1.1/")
    assert local.returncode == 0 and "local network" in local.stderr


def test_summary_json_is_unchanged_by_the_address():
    """Preflight and handouts read the address; nothing else depends on it."""
    a = json.loads(cli("summary", "--json").stdout)
    b = json.loads(cli("summary", "--json", url=PUBLIC).stdout)
    assert a == b
