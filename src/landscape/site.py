"""`landscape export site DIR`: every public view as static files, for any number of visitors.

Any static web host (or a folder opened from a USB stick) serves the result; no server of
ours runs and nothing is fetched from the internet:

    DIR/index.html               the entry page: every view, in every language
    DIR/assets/...               Leaflet, jQuery and the map plugins, once for all pages
    DIR/<lang>/index.html        the whole landscape
    DIR/<lang>/<project>.html    one project's view
    DIR/<lang>/tour-<n>.html     the tour, one page per step, with Back and Next

Each page is the export's public map (export.public_map), so it keeps the same privacy as the
live public view: sensitive species generalised, patrol positions only as grid cells. Links
between pages and to the assets are relative, so the folder works at any address and path.
The folder is replaced atomically: a visitor sees the old site or the new one.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from branca.element import Element

from landscape import export, tour
from landscape.atomic_dir import replace_dir
from landscape.catalog import Catalog
from landscape.i18n import Translate, translator
from landscape.mapview import assets
from landscape.mapview.controls import HtmlControl
from landscape.text import ENDONYMS, LANGS, esc, tr

ASSETS = "assets"
MARK = ".landscape-site"  # written into every site: only a folder holding it is ever replaced
CLOSED = 1_000_000  # px: no map is this wide, so a panel so marked starts closed
# the panel stays clear of the jump buttons above it and the legend below; longer steps scroll
_CSS = (
    ".landscape-site{max-width:300px;font-size:13px;line-height:1.35}"
    ".landscape-site nav{max-height:max(150px,calc(100vh - 560px));overflow:auto}"
)


@dataclass(frozen=True)
class Page:
    """One page of the site: its path under DIR, language, projects and tour step."""

    path: str  # e.g. "ru/camca.html"
    lang: str
    projects: tuple[str, ...] = ()
    step: tour.Step | None = None


def pages(cat: Catalog, langs: tuple[str, ...] = LANGS) -> list[Page]:
    """Every page, language by language: the landscape, each project, each tour step."""
    out = []
    for lang in langs:
        out.append(Page(f"{lang}/index.html", lang))
        out += [Page(f"{lang}/{pid}.html", lang, (pid,)) for pid in cat.projects["id"]]
        out += [Page(f"{lang}/tour-{s.number}.html", lang, step=s) for s in tour.steps(cat, lang)]
    return out


def _link(href: str, text: str, current: bool = False) -> str:
    here = ' aria-current="page"' if current else ""
    return f'<a href="{esc(href)}"{here}>{esc(text)}</a>'


def _languages(page: Page, langs: tuple[str, ...]) -> str:
    """Links to the same view in every language, each named in its own language."""
    name = posixpath.basename(page.path)
    links = [
        f'<span lang="{code}">{_link(f"../{code}/{name}", ENDONYMS[code], code == page.lang)}'
        "</span>"
        for code in langs
    ]
    return " · ".join(links)


def _tour_html(page: Page, count: int, t: Translate) -> str:
    """A tour step's title, text, source and its Back and Next links."""
    step = page.step
    assert step is not None
    moves = []
    if step.number > 1:
        moves.append(_link(f"tour-{step.number - 1}.html", t("tour.previous")))
    if step.number < count:
        moves.append(_link(f"tour-{step.number + 1}.html", t("tour.next")))
    source = f"{t('tour.source')}: {'; '.join(step.sources)}" if step.sources else ""
    return (
        f"<p><b>{esc(t('tour.counter', n=step.number, total=count))} · {esc(step.title)}</b></p>"
        f"<p>{esc(step.text)}</p><p><small>{esc(source)}</small></p>"
        f"<p>{' · '.join(moves)}</p>"
    )


def nav_html(cat: Catalog, page: Page, t: Translate, langs: tuple[str, ...] = LANGS) -> str:
    """The page's own panel: where it is, the other views and the other languages."""
    lang = page.lang
    views = [_link("index.html", t("site.landscape"), page.path.endswith("/index.html"))]
    for project in cat.projects.to_dict("records"):
        href = f"{project['id']}.html"
        views.append(_link(href, tr(project, "title", lang), page.path.endswith("/" + href)))
    views.append(_link("tour-1.html", t("site.tour"), page.step is not None))
    body = _tour_html(page, len(cat.tour), t) if page.step is not None else ""
    return (
        f'<nav aria-label="{esc(t("site.menu"))}" tabindex="0">{body}'
        f"<p>{_languages(page, langs)}</p>"
        f"<details><summary>{esc(t('site.menu'))}</summary><p>{' · '.join(views)}</p>"
        f"<p>{_link('../index.html', t('site.views'))}</p></details></nav>"
    )


def relink(html: str, prefix: str) -> tuple[str, set[str]]:
    """Each asset link of a rendered map pointed at `prefix`/assets/; the asset names used."""
    used: set[str] = set()
    base = re.escape(assets.STATIC_URL + "/")

    def swap(match: re.Match[str]) -> str:
        used.add(match.group(2))
        return f'{match.group(1)}{prefix}{ASSETS}/{match.group(2)}"'

    return re.sub(rf'((?:src|href)=")(?:{base})([^"]+)"', swap, html), used


def render(
    cat: Catalog, page: Page, today: dt.date, langs: tuple[str, ...] = LANGS
) -> tuple[str, set[str]]:
    """A page's HTML and the assets it links."""
    t = translator(cat.ui, page.lang)
    # on a tour page the step's own panel speaks: the fact panel starts closed
    closed = CLOSED if page.step is not None else export.PANEL_OPEN_FROM
    fmap = export.public_map(
        cat, page.lang, list(page.projects), t, today, page.step, "site.offline", closed
    )
    fmap.get_root().header.add_child(Element(f"<style>{_CSS}</style>"), name="site_css")
    HtmlControl(nav_html(cat, page, t, langs), "bottomleft", "landscape-site").add_to(fmap)
    html, used = relink(fmap.get_root().render(), "../")
    html = export.finish(html, page.lang, t)
    left = [
        tag for tag in export.external_links(html) if f"../{ASSETS}/" not in tag.split("=", 1)[-1]
    ]
    if left:
        raise export.ExportError(f"{page.path} still links files: {', '.join(left[:5])}")
    return html, used


def index_html(cat: Catalog, built: list[Page]) -> str:
    """The entry page: every view, grouped by language, each group in its own language."""
    sections = []
    for lang in dict.fromkeys(p.lang for p in built):
        t = translator(cat.ui, lang)
        items = "".join(
            f"<li>{_link(p.path, _title(cat, p, t))}</li>" for p in built if p.lang == lang
        )
        sections.append(
            f'<section lang="{lang}"><h2>{esc(ENDONYMS[lang])}</h2><ul>{items}</ul>'
            f"<p><small>{esc(t('site.offline'))}</small></p></section>"
        )
    en = translator(cat.ui, "en")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(en('app.title'))}</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;"
        "line-height:1.5}section{display:inline-block;vertical-align:top;width:14rem;"
        "margin-right:1rem}</style></head>"
        f"<body><main><h1>{esc(en('app.title'))}</h1>{''.join(sections)}</main></body></html>\n"
    )


def _title(cat: Catalog, page: Page, t: Translate) -> str:
    if page.step is not None:
        return t("site.step", n=page.step.number, title=page.step.title)
    if page.projects:
        row = cat.projects[cat.projects["id"] == page.projects[0]].to_dict("records")[0]
        return tr(row, "title", t.lang)
    return t("site.landscape")


def copy_assets(names: set[str], target: Path) -> None:
    """The linked assets, and the images their stylesheets name, under target/assets/."""
    wanted = set(names)
    if "leaflet/leaflet.css" in names:  # Leaflet finds its marker images beside its CSS
        wanted |= {n for n in assets.served_names() if n.startswith("leaflet/images/")}
    for name in names:
        if name.endswith(".css"):
            text = assets.source_path(name).read_text(encoding="utf-8")
            for ref in export.CSS_URL.findall(text):
                if not ref[1].startswith(("data:", "#")):
                    folder = posixpath.dirname(name)
                    wanted.add(posixpath.normpath(posixpath.join(folder, ref[1])))
    for name in sorted(wanted):
        out = target / ASSETS / name
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(assets.source_path(name), out)


class SiteError(ValueError):
    """The target folder is not one this command may replace."""


def check_target(target: Path) -> None:
    """A site replaces only an empty folder or an earlier site, never other files."""
    if target.exists() and not target.is_dir():
        raise SiteError(f"{target} is a file; give a folder for the site")
    if target.is_dir() and any(target.iterdir()) and not (target / MARK).is_file():
        raise SiteError(
            f"{target} holds other files and no earlier site ({MARK} is missing), so it is left "
            "as it is; give an empty or new folder"
        )


def write_site(
    cat: Catalog, target: Path, langs: tuple[str, ...] = LANGS, today: dt.date | None = None
) -> list[Page]:
    """Build every page in `langs` into `target`, replacing it atomically; the pages written."""
    check_target(target)
    built = pages(cat, langs)

    def build(tmp: Path) -> None:
        used: set[str] = set()
        for page in built:
            html, linked = render(cat, page, today or dt.date.today(), langs)
            used |= linked
            out = tmp / page.path
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(html, encoding="utf-8", newline="")
        copy_assets(used, tmp)
        (tmp / "index.html").write_text(index_html(cat, built), encoding="utf-8")
        (tmp / MARK).write_text("written by landscape export site\n", encoding="utf-8")

    replace_dir(target, build)
    return built
