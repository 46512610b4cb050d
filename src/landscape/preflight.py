"""Before an event: everything that would embarrass or endanger in front of an audience, each
with how to fix it. `landscape preflight` prints them; presentation mode shows them to the
presenter on a click.

What is checked (README, "Before an event: landscape preflight"):
- data errors (the page would show them in a red box);
- synthetic datasets, and the tour steps that show them;
- schematic park outlines (and what is drawn from them);
- the public address that links, QR codes and handouts use: unset, not an http(s) address,
  loopback or localhost (no phone can open it), or private-looking (only phones on the same
  network can);
- the first basemap needing tiles with no offline basemap to fall back on;
- UI catalogs that say they are machine-drafted and unreviewed, UI texts and content texts
  missing in a language (shown in English);
- sources without a link.

Pure functions: the texts come from the UI catalogs ([preflight] keys), in any language.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from landscape import filters, qr, tour
from landscape.catalog import Catalog
from landscape.formatting import locale as babel_locale
from landscape.i18n import Translate
from landscape.problems import errors
from landscape.readers import find_vector, rel
from landscape.reads import TABLES, reads
from landscape.schema import LAYER_BY_NAME, LAYERS
from landscape.text import DEFAULT_LANG, LANGS, is_blank, tr, tr_by_id
from landscape.viewstate import public_base

ENV = "LANDSCAPE_PUBLIC_URL"
LOCAL_URL = "http://localhost:8501/"
# The first line of a catalog that a person has not reviewed says so (geodata/ui/*.toml).
UNREVIEWED = re.compile(r"machine[- ]drafted|needs review|not reviewed|unreviewed", re.I)
# Host names that only a local network resolves.
LOCAL_SUFFIXES = (".local", ".lan", ".home", ".internal", ".home.arpa", ".localdomain")
# The tour layers that show wildlife data, and the table each draws from.
WILDLIFE_LAYERS = {
    "cameras": ("deployments",),
    "detections": ("observations", "deployments"),
    "patrols": ("waypoints",),
}
EXAMPLES = 5  # missing keys named in a finding; the rest are counted


@dataclass(frozen=True)
class Finding:
    """One thing to fix before an event: its kind (the [preflight] keys `KIND` and
    `KIND_fix` say what and how), where it is, and the values those texts name."""

    kind: str
    where: str
    values: dict[str, str] = field(default_factory=dict)

    def text(self, t: Translate) -> str:
        return t(f"preflight.{self.kind}", **self.values)

    def fix(self, t: Translate) -> str:
        return t(f"preflight.{self.kind}_fix", **self.values)

    def line(self, t: Translate) -> str:
        """`WHERE: what is wrong. Fix: how` on one line."""
        text = " ".join(f"{self.where}: {self.text(t)} {t('preflight.fix')}: {self.fix(t)}".split())
        return text


def address_problem(url: str | None) -> str | None:
    """What keeps a phone elsewhere from opening `url`: "unset", "invalid" (not http(s)),
    "loopback" (this machine only: localhost, 127.x, ::1, 0.0.0.0) or "private" (a local
    network's address or name); None when it looks reachable."""
    if is_blank(url):
        return "unset"
    base = public_base(url)
    if base is None:
        return "invalid"
    if qr.unreachable_from_phones(base):
        return "loopback"
    host = (urlsplit(base).hostname or "").rstrip(".").lower()
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        local = "." not in host or host.endswith(LOCAL_SUFFIXES)
        return "private" if local else None
    if ip.is_private or ip.is_link_local or ip.is_reserved:
        return "private"
    return None


def _address(url: str | None, where: str) -> list[Finding]:
    problem = address_problem(url)
    if problem is None:
        return []
    shown = LOCAL_URL if problem in ("unset", "invalid") else str(public_base(url))
    values = {"url": shown, "given": str(url or ""), "env": ENV}
    return [Finding(f"address_{problem}", where, values)]


def _steps_showing(cat: Catalog, steps: list[tour.Step], dataset: str) -> list[tour.Step]:
    """The tour steps whose map draws data of `dataset`."""
    out = []
    for step in steps:
        tables = {t for layer in step.layers for t in WILDLIFE_LAYERS.get(layer, ())}
        if not tables:
            continue
        view = filters.by_projects(cat, step.projects)
        if any((view.layer(table)["dataset"] == dataset).any() for table in tables):
            out.append(step)
    return out


def _synthetic(cat: Catalog, lang: str, t: Translate) -> list[Finding]:
    flagged = cat.datasets[cat.datasets["synthetic"].astype(bool)]
    if flagged.empty:
        return []
    steps = tour.steps(cat, lang)
    out = []
    for row in flagged.to_dict("records"):
        shown = _steps_showing(cat, steps, str(row["id"]))
        named = "; ".join(t("preflight.step", n=s.number, title=s.title) for s in shown)
        values = {"title": str(row["title"]), "id": str(row["id"])}
        values["steps"] = named or t("preflight.no_step")
        out.append(Finding("synthetic", f"observations/{row['id']}/", values))
    return out


def _schematic(cat: Catalog, lang: str) -> list[Finding]:
    parks = cat.parks[cat.parks["accuracy"] == "schematic"]
    if parks.empty:
        return []
    names = tr_by_id(parks, "name", lang)
    listed = ", ".join(f"{name} ({pid})" for pid, name in names.items())
    return [Finding("schematic", _layer_file(cat, "parks"), {"parks": listed})]


def _layer_file(cat: Catalog, name: str) -> str:
    """The file of a layer as the data manager sees it (parks.geojson, parks.gpkg, ...)."""
    layer = LAYER_BY_NAME[name]
    if not layer.is_vector:
        return layer.file
    path, _ = find_vector(cat.data_dir, layer.file)
    return rel(path, cat.data_dir) if path is not None else layer.file


def _language(code: str, lang: str) -> str:
    """The name of language `code` in language `lang` (CLDR)."""
    return str(babel_locale(lang).languages.get(code, code))


def _basemap(cat: Catalog, lang: str) -> list[Finding]:
    maps = cat.basemaps
    if maps.empty:
        return []
    first = maps.iloc[0]
    if is_blank(first.get("url")):
        return []  # the offline basemap comes first: no tiles needed
    offline = any(is_blank(u) for u in maps["url"]) and not cat.countries.empty
    if offline:
        return []
    name = tr_by_id(maps.iloc[:1], "name", lang).get(str(first["id"]), str(first["id"]))
    return [Finding("basemap", _layer_file(cat, "basemaps"), {"name": name})]


def first_line(path: Path) -> str:
    """The first line of a text file ('' when it cannot be read)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.readline().strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _catalogs(cat: Catalog, lang: str) -> list[Finding]:
    """UI catalogs that say they are unreviewed, and UI texts missing in a language."""
    out = []
    english = set(cat.ui.get(DEFAULT_LANG, {}))
    for code in LANGS:
        if code == DEFAULT_LANG:
            continue
        where = f"ui/{code}.toml"
        named = {"lang": code, "language": _language(code, lang)}
        if UNREVIEWED.search(first_line(cat.data_dir / "ui" / f"{code}.toml")):
            out.append(Finding("unreviewed", where, named))
        missing = sorted(english - {k for k, v in cat.ui.get(code, {}).items() if v})
        if missing:
            keys = ", ".join(missing[:EXAMPLES]) + (", …" if len(missing) > EXAMPLES else "")
            values = {**named, "n": str(len(missing)), "keys": keys}
            out.append(Finding("untranslated_ui", where, values))
    return out


def _content(cat: Catalog, lang: str) -> list[Finding]:
    """Texts of the data files given in English but not in another language."""
    out = []
    for layer in LAYERS:
        frame = cat.layer(layer.name)
        texts = [f.name for f in layer.fields if f.kind == "text"]
        if frame.empty or not texts:
            continue
        for code in LANGS:
            if code == DEFAULT_LANG:
                continue
            missing = 0
            for name in texts:
                english, own = f"{name}_{DEFAULT_LANG}", f"{name}_{code}"
                if english not in frame or own not in frame:
                    continue
                missing += sum(
                    not is_blank(e) and is_blank(o)
                    for e, o in zip(frame[english], frame[own], strict=True)
                )
            if missing:
                values = {"lang": code, "language": _language(code, lang), "n": str(missing)}
                out.append(Finding("untranslated_content", _layer_file(cat, layer.name), values))
    return out


def _sources(cat: Catalog, lang: str) -> list[Finding]:
    return [
        Finding("source_link", f"sources.toml:{row['id']}", {"title": tr(row, "title", lang)})
        for row in cat.sources.to_dict("records")
        if is_blank(row.get("url")) and row.get("kind") != "project"  # a note has no page
    ]


@reads(*TABLES)  # it checks the whole catalog
def findings(cat: Catalog, url: str | None, where: str, lang: str, t: Translate) -> list[Finding]:
    """Everything to fix before an event, most serious first. `url` is the public address
    that links, QR codes and handouts will use (None: not set), `where` says where it comes
    from (e.g. "LANDSCAPE_PUBLIC_URL", "--url"); names are given in `lang`."""
    found: list[Finding] = []
    problems = errors(list(cat.problems))
    if problems:
        found.append(Finding("data_errors", "landscape validate", {"n": str(len(problems))}))
    found += _synthetic(cat, lang, t)
    found += _schematic(cat, lang)
    found += _address(url, where)
    found += _basemap(cat, lang)
    found += _catalogs(cat, lang)
    found += _content(cat, lang)
    found += _sources(cat, lang)
    return found
