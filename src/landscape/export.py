"""`landscape export html`: the public map as one self-contained HTML file that works offline.

The map is folium's own rendering of the dashboard's layers, built from the public view only
(positions of sensitive species generalised). Afterwards every `<script src>` and stylesheet
`<link>` is replaced by the installed file's text, and the images Leaflet's CSS names are
inlined as data: URIs, so the file needs no network and no other file.
"""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import folium
from branca.element import Element

from landscape import filters, panels
from landscape.atomic import replace_file
from landscape.catalog import Catalog
from landscape.content import accuracy_note, source_titles
from landscape.formatting import fmt_date, fmt_int, fmt_number, fmt_step
from landscape.i18n import Translate
from landscape.mapview import assets
from landscape.mapview import frame as frames
from landscape.mapview.build import build_map, standalone
from landscape.mapview.controls import HtmlControl
from landscape.mapview.palette import paint
from landscape.mapview.wildlife import wildlife_layers
from landscape.text import esc, tr
from landscape.tour import Step
from landscape.wildlife import grid
from landscape.wildlife.figures import synthetic_shown
from landscape.wildlife.privacy import public_view

# folium's asset tags: a script (group 1) or a stylesheet (group 2)
_ASSET_TAG = re.compile(
    r'<script src="([^"]*)"></script>|<link rel="stylesheet" href="([^"]*)"\s*/?>'
)
CSS_URL = re.compile(r"""url\(\s*(["']?)([^)"']+)\1\s*\)""")
_HEAD_META = re.compile(r'<meta http-equiv="content-type"[^>]*>', re.IGNORECASE)
_FACT_ROWS = ("country", "status", "established", "area_reported", "iucn")
_ICONS = {
    "iconUrl": "marker-icon.png",
    "iconRetinaUrl": "marker-icon-2x.png",
    "shadowUrl": "marker-shadow.png",
}
PANEL_OPEN_FROM = 760  # px of map width: narrower maps start with the fact panel closed


def facts_css(styles: dict[str, Any]) -> str:
    """The fact panel's CSS, its colours from styles.toml."""

    def ui(key: str) -> str:
        return paint(styles, "control", key)

    return (
        "<style>"
        ".landscape-facts{width:290px;max-height:calc(100vh - 120px);overflow:auto;"
        "font-size:12.5px;line-height:1.3}"
        ".landscape-facts summary{cursor:pointer;font-weight:700;font-size:14px}"
        ".landscape-facts h3{font-size:13px;margin:9px 0 2px}"
        ".landscape-facts p{margin:4px 0}"
        ".landscape-facts dl{display:grid;grid-template-columns:40% 1fr;gap:1px 8px;margin:3px 0}"
        f".landscape-facts .source{{font-size:11px;color:{ui('muted')}}}"
        f".landscape-facts dt{{color:{ui('label')}}}.landscape-facts dd{{margin:0}}"
        ".landscape-facts ul{margin:3px 0;padding-left:18px}"
        f".landscape-facts .synthetic{{color:{ui('synthetic')};font-weight:700}}"
        ".landscape-facts .chip{display:inline-block;width:12px;height:12px;margin-right:3px;"
        f"border:1px solid {paint(styles, 'wildlife', 'cell_line')};vertical-align:middle}}"
        "@media (max-width:600px){.landscape-facts{width:auto;max-width:calc(100vw - 150px);"
        "max-height:60vh}}"  # clear of the jump buttons on the left
        "</style>"
    )


class ExportError(ValueError):
    """The rendered map refers to an asset that cannot be inlined."""


def _asset(url: str) -> str:
    """The served asset name behind a link of the rendered map."""
    name = url.removeprefix(assets.STATIC_URL + "/")
    try:
        assets.source_path(name)
    except KeyError:
        raise ExportError(f"the map links {url!r}, which is not a local asset") from None
    return name


def data_uri(name: str) -> str:
    """An asset file as a base64 data: URI."""
    path = assets.source_path(name)
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def inline_css(name: str) -> str:
    """A stylesheet's text with each relative url() inlined as a data: URI."""

    def swap(match: re.Match[str]) -> str:
        ref = match.group(2)
        if ref.startswith(("#", "data:")):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), ref))
        try:
            return f'url("{data_uri(target)}")'
        except KeyError:
            raise ExportError(f"{name} refers to {ref!r}, which is not a local asset") from None

    text = CSS_URL.sub(swap, assets.source_path(name).read_text(encoding="utf-8"))
    return re.sub(r"</(style)", r"<\\/\1", text, flags=re.IGNORECASE)


def guard_js(text: str) -> str:
    """JS made safe inside an inline <script>: no `</script` or `<!--` ends or escapes it."""
    text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")


def _icon_script() -> str:
    """Leaflet's default marker images as data: URIs (it would guess a path from the CSS)."""
    options = ",".join(f'{k}:"{data_uri("leaflet/images/" + v)}"' for k, v in _ICONS.items())
    return (
        f'<script>L.Icon.Default.imagePath="";L.Icon.Default.mergeOptions({{{options}}});</script>'
    )


def inline_assets(page: str) -> str:
    """Every script and stylesheet link of a rendered map replaced by inline content."""

    def swap(match: re.Match[str]) -> str:  # one pass: inlined text is never scanned again
        if match.group(2) is not None:
            name = _asset(match.group(2))
            return f"<style>/* {name} */\n{inline_css(name)}\n</style>"
        name = _asset(match.group(1))
        code = guard_js(assets.source_path(name).read_text(encoding="utf-8"))
        extra = _icon_script() if name == "leaflet/leaflet.js" else ""
        return f"<script>/* {name} */\n{code}\n</script>{extra}"

    return _ASSET_TAG.sub(swap, page)


class _Links(HTMLParser):
    """Collects the src and stylesheet href attributes of a page's tags."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if "src" in values:
            self.found.append(f"<{tag} src={values['src']}>")
        if tag == "link" and "stylesheet" in (values.get("rel") or "").lower():
            self.found.append(f"<link href={values.get('href')}>")


def external_links(page: str) -> list[str]:
    """The tags of `page` that load a file (any src, any stylesheet link): none after export."""
    parser = _Links()
    parser.feed(page)
    parser.close()
    return parser.found


def _park_html(view: Catalog, lang: str, t: Translate) -> str:
    """Each park: name, accuracy note, key facts and their sources."""
    out = []
    wanted = {t(f"popup.{key}") for key in _FACT_ROWS}
    for index in range(len(view.parks)):
        one = view.replace(parks=view.parks.iloc[[index]])
        park = one.parks.iloc[0].to_dict()
        facts = panels.park_facts(one, lang, t).iloc[:, 0]
        rows = "".join(
            f"<dt>{esc(label)}</dt><dd>{esc(value)}</dd>"
            for label, value in facts.items()
            if label in wanted
        )
        sources = "; ".join(source_titles(view, park["source"], lang))
        out.append(
            f"<h3>{esc(tr(park, 'name', lang))}</h3>"
            f"<p><small>{esc(accuracy_note(park['accuracy'], t))}</small></p><dl>{rows}</dl>"
            f'<p class="source">{esc(t("popup.source"))}: {esc(sources)}</p>'
        )
    return "".join(out)


def _wildlife_html(view: Catalog, cells_legend: str, t: Translate) -> str:
    """Records, species and camera effort shown, flagged synthetic where they are."""
    obs, dep = view.observations, view.deployments
    head = f"<h3>{esc(t('wildlife.title'))}</h3>"
    if obs.empty and dep.empty:
        return f"{head}<p>{esc(t('export.no_wildlife'))}</p>"
    summary = t(
        "export.wildlife_summary",
        records=fmt_int(len(obs), t.lang),
        species=fmt_int(obs["species"].nunique(), t.lang),
        deployments=fmt_int(len(dep), t.lang),
        days=fmt_number(dep["camera_days"].sum(), 0, t.lang),
    )
    flag = (
        f'<p class="synthetic">{esc(t("wildlife.synthetic"))}</p>' if synthetic_shown(view) else ""
    )
    note = f"<p><small>{esc(t('export.public'))}</small></p>"
    return f"{head}{flag}<p>{esc(summary)}</p>{cells_legend}{note}"


def _cells_legend(found_labels: list[tuple[str, str]], t: Translate) -> str:
    """The grid's colour classes (the dashboard shows them under its map)."""
    if not found_labels:
        return ""
    step = fmt_step(grid.PUBLIC_STEP, t.lang)
    title = t("wildlife.legend_title", measure=t("wildlife.by_records"), step=step)
    chips = " ".join(
        f'<span class="chip" style="background:{colour}"></span>{esc(text)}'
        for colour, text in found_labels
    )
    return f"<p>{esc(title)}: {chips}</p>"


def _sources_html(cat: Catalog, t: Translate) -> str:
    """Every source, folded; only http(s) addresses become links."""
    items = []
    for row, title in zip(
        cat.sources.to_dict("records"),
        source_titles(cat, list(cat.sources["id"]), t.lang),
        strict=True,
    ):
        url = str(row.get("url") or "")
        link = ""
        if re.match(r"^https?://[^\s\"'<>]+$", url):
            link = f' <a href="{esc(url)}" target="_blank" rel="noopener">{esc(url)}</a>'
        items.append(f"<li>{esc(title)}{link}</li>")
    return (
        f"<details><summary>{esc(t('sources.title'))}</summary><ul>{''.join(items)}</ul></details>"
    )


def facts_html(
    cat: Catalog,
    view: Catalog,
    lang: str,
    project_ids: list[str],
    found_labels: list[tuple[str, str]],
    today: dt.date,
    t: Translate,
    offline: str = "export.offline",
) -> str:
    """The fact panel as escaped HTML: title, projects, parks, wildlife, date and sources;
    `offline`: the key of the line that says what the map needs (a file, or a site)."""
    titles = [tr(p, "title", lang) for p in view.projects.to_dict("records")] if project_ids else []
    projects = "; ".join(titles) or t("filter.showing_all")
    return (
        f"<details open><summary>{esc(t('app.title'))}</summary>"
        f"<p><b>{esc(t('filter.label'))}:</b> {esc(projects)}</p>"
        f"{_park_html(view, lang, t)}"
        f"{_wildlife_html(view, _cells_legend(found_labels, t), t)}"
        f"<p><small>{esc(t('export.generated', date=fmt_date(today, lang)))}. "
        f"{esc(t(offline))}</small></p>"
        f"{_sources_html(cat, t)}</details>"
    )


def public_map(
    cat: Catalog,
    lang: str,
    project_ids: list[str],
    t: Translate,
    today: dt.date,
    step: Step | None = None,
    offline: str = "export.offline",
    facts_open_from: int = PANEL_OPEN_FROM,
) -> folium.Map:
    """The dashboard's default layers for the chosen projects, public view, offline basemap;
    with a tour `step`, its projects and wildlife layers, framed and highlighted as the step."""
    public = public_view(cat)
    if step is not None:
        project_ids = list(step.projects)
    view = filters.by_projects(public, project_ids)
    if "pmtiles" in view.basemaps:  # a PMTiles basemap needs the app's server: not in a file
        view = view.replace(basemaps=view.basemaps[view.basemaps["pmtiles"].isna()])
    wanted = tuple(
        name for name in ("cameras", "detections", "patrols") if step is None or name in step.layers
    )
    wild = wildlife_layers(view, grid.PUBLIC_STEP, "grid", "records", t, wanted)
    labels = wild.found.labels(wild.top, lang) if wild.top > 0 else []
    fmap = standalone(build_map(view, view, lang, "offline", t, list(wild.groups.values())))
    fmap.get_root().header.add_child(Element(facts_css(view.styles)), name="landscape_facts_css")
    html = facts_html(public, view, lang, project_ids, labels, today, t, offline)
    HtmlControl(html, "topright", "landscape-facts", collapse_below=facts_open_from).add_to(fmap)
    # Framed last, beside the fact panel and the legend as drawn in this language and size:
    # the landscape, or what the chosen projects map (Samarkand alone for CAMCA).
    if step is not None:
        frame = frames.for_step(step, view, lang, t)
    else:
        frame = frames.for_projects(public, view, tuple(project_ids), lang, t)
    names = ["parks", *wild.groups, "places"]
    shown = frames.shown_keys(view, names, not wild.cells.empty)
    frames.frame_group(frame, view, shown, lang).add_to(fmap)
    return fmap


def finish(page: str, lang: str, t: Translate) -> str:
    """A rendered map page with its charset, title and language."""
    head = f'<meta charset="utf-8">\n    <title>{esc(t("app.title"))}</title>'
    page, metas = _HEAD_META.subn(head, page, count=1)
    if not metas:
        page = page.replace("<head>", f"<head>\n    {head}", 1)
    return page.replace("<html>", f'<html lang="{esc(lang)}">', 1)


def html_page(
    cat: Catalog,
    lang: str,
    project_ids: list[str],
    t: Translate,
    today: dt.date | None = None,
) -> str:
    """The public map of the chosen projects as one self-contained HTML document."""
    fmap = public_map(cat, lang, project_ids, t, today or dt.date.today())
    page = finish(inline_assets(fmap.get_root().render()), lang, t)
    left = external_links(page)
    if left:
        raise ExportError(f"the export still links files: {', '.join(left[:5])}")
    return page


def write(path: Path, text: str) -> None:
    """Write `text` to `path` atomically (atomic.replace_file): the old file or the new one."""
    replace_file(path, lambda tmp: tmp.write_text(text, encoding="utf-8", newline=""))
