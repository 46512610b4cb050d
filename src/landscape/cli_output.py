"""`landscape export html|site`, `handout`, `basemap add` and `preflight`: the commands that
write or check what a visitor or a presenter will see, and their options."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from landscape import export, handout, preflight, site, tilesets
from landscape.atomic import replace_file
from landscape.catalog import Catalog, load_catalog
from landscape.cli_common import (
    EXIT_ERRORS,
    EXIT_OK,
    _data,
    _missing,
    _print_warnings,
    _rejected,
    _unwritable,
    _usage,
)
from landscape.i18n import translator
from landscape.importers import Rejected
from landscape.region import landscape as landscape_region
from landscape.text import LANGS
from landscape.viewstate import item_view, public_base, share_url


def _known_projects(cat: Catalog, wanted: list[str]) -> str | None:
    """An error message naming the unknown project ids, or None."""
    unknown = [p for p in wanted if p not in set(cat.projects["id"])]
    if not unknown:
        return None
    known = ", ".join(cat.projects["id"]) or "none"
    return f"unknown project id(s) {', '.join(unknown)}; known: {known}"


def cmd_export_html(args: argparse.Namespace) -> int:
    cat = load_catalog(_data(args))
    projects = args.project or []
    bad = _known_projects(cat, projects)
    if bad:
        return _usage(bad)
    text = export.html_page(cat, args.lang, projects, translator(cat.ui, args.lang))
    try:
        export.write(Path(args.out), text)
    except OSError as exc:
        return _unwritable(Path(args.out), exc)
    print(f"{args.out}: {len(text.encode('utf-8')):,} bytes, every asset inlined")
    return EXIT_OK


def cmd_export_site(args: argparse.Namespace) -> int:
    cat = load_catalog(_data(args))
    out = Path(args.out)
    try:
        built = site.write_site(cat, out, tuple(dict.fromkeys(args.lang or LANGS)))
    except site.SiteError as exc:
        return _usage(str(exc))
    except OSError as exc:
        return _unwritable(out, exc)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(
        f"{out}: {len(built)} pages in {len({p.lang for p in built})} language(s), {size:,} bytes; "
        f"open "
        f"{out / 'index.html'} or serve the folder from any static web host"
    )
    return EXIT_OK


def _handout_base(given: str | None) -> tuple[str | None, str]:
    """The address a handout's QR code links to, and why it is refused ("" when it is not).
    `--url` is taken as given; the configured LANDSCAPE_PUBLIC_URL must be one that a phone
    elsewhere could open: never localhost or an unset address."""
    if given:
        return public_base(given), ""
    configured = os.environ.get(preflight.ENV)
    problem = preflight.address_problem(configured)
    if problem == "private":
        print(
            f"warning: the QR code points at {public_base(configured)}, an address of a local "
            "network: only phones on that network can open it",
            file=sys.stderr,
        )
    if problem not in ("unset", "invalid", "loopback"):
        return public_base(configured), ""
    if problem == "loopback":
        why = f"{preflight.ENV} is {configured!r}, an address only this computer can open"
    elif problem == "invalid":
        why = f"{preflight.ENV} is {configured!r}, not an http(s) address"
    else:
        why = f"{preflight.ENV} is not set, so it would point at {preflight.LOCAL_URL}"
    return None, (
        f"refused: the handout's QR code must open on a visitor's phone, and {why}. Set "
        f"{preflight.ENV}=https://your-public-address/ (the address visitors can reach), or "
        "give the address with --url URL"
    )


def cmd_handout(args: argparse.Namespace) -> int:
    cat = load_catalog(_data(args))
    if args.url and public_base(args.url) is None:
        return _usage(f"--url {args.url!r} is not an http(s) address")
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("pdf", "png"):
        return _usage(f"{out}: the file name must end in .pdf or .png")
    t = translator(cat.ui, args.lang)
    try:
        sheet = handout.content(cat, args.kind, args.id, args.lang, t)
    except KeyError as exc:
        return _usage(str(exc.args[0]) if exc.args else str(exc))
    base, refused = _handout_base(args.url)
    if base is None:
        return _usage(refused)
    url = share_url(base, item_view(args.kind, args.id, args.lang), cat)
    data = handout.render(cat, sheet, url, fmt, args.lang, t)  # type: ignore[arg-type]
    try:
        replace_file(out, lambda tmp: tmp.write_bytes(data))
    except OSError as exc:
        return _unwritable(out, exc)
    print(f"{out}: one-page {fmt.upper()} handout, {len(data):,} bytes; QR code: {url}")
    return EXIT_OK


def cmd_basemap_add(args: argparse.Namespace) -> int:
    directory = _data(args)
    source = Path(args.file)
    if not source.exists():
        return _missing(source)
    area = landscape_region(load_catalog(directory).parks).bounds()
    try:
        key, problems = tilesets.add(directory, source, area, args.name or "", args.attribution)
    except OSError as exc:
        return _unwritable(directory, exc)
    if not key:
        return _rejected(Rejected(problems))
    _print_warnings(problems)
    print(
        f"{directory / tilesets.TILES_DIR / (key + '.pmtiles')}: basemap {key!r} added to "
        "basemaps.toml; the map offers it, and falls back to it when tiles cannot load"
    )
    return EXIT_OK


def cmd_preflight(args: argparse.Namespace) -> int:
    cat = load_catalog(_data(args))
    if args.url is not None and public_base(args.url) is None:
        return _usage(f"--url {args.url!r} is not an http(s) address")
    url, where = (args.url, "--url") if args.url else (os.environ.get(preflight.ENV), "")
    t = translator(cat.ui, "en")
    found = preflight.findings(cat, url, where or preflight.ENV, "en", t)
    if not found:
        print(f"{cat.data_dir}: {t('preflight.ready')}")
        return EXIT_OK
    print(f"{cat.data_dir}: {t('preflight.found', n=len(found))}")
    for finding in found:
        print(finding.line(t))
    return EXIT_ERRORS if args.strict else EXIT_OK


def _output_parsers(sub: Any, data_help: str) -> None:
    """`landscape export html`, `landscape export site` and `landscape handout`."""
    lang_help = "language of the texts (default: en)"
    exp = sub.add_parser("export", help="write the map as a file")
    formats = exp.add_subparsers(dest="format", required=True)
    html = formats.add_parser("html", help="one self-contained HTML file that works offline")
    html.add_argument("out", metavar="OUT.html", help="the file to write (replaced atomically)")
    html.add_argument("--project", action="append", help="project id (repeatable)")
    html.add_argument("--lang", choices=LANGS, default="en", help=lang_help)
    html.add_argument("--data", help=data_help)
    html.set_defaults(run=cmd_export_html)

    site = formats.add_parser(
        "site", help="every public view, language and tour step as static files for any web host"
    )
    site.add_argument("out", metavar="DIR", help="the folder to write (replaced atomically)")
    site.add_argument(
        "--lang", action="append", choices=LANGS, help="a language to include (repeatable)"
    )
    site.add_argument("--data", help=data_help)
    site.set_defaults(run=cmd_export_site)

    sheet = sub.add_parser("handout", help="a printable one-page handout (PDF or PNG)")
    sheet.add_argument("kind", choices=("park", "project"))
    sheet.add_argument("id", help="park or project id")
    sheet.add_argument("out", metavar="OUT.pdf|OUT.png", help="the file to write")
    sheet.add_argument("--lang", choices=LANGS, default="en", help=lang_help)
    sheet.add_argument(
        "--url",
        help="public address for the QR code (default: $LANDSCAPE_PUBLIC_URL; an unset or "
        "localhost address is refused)",
    )
    sheet.add_argument("--data", help=data_help)
    sheet.set_defaults(run=cmd_handout)


def _tool_parsers(sub: Any, data_help: str) -> None:
    """`landscape basemap add` and `landscape preflight`."""
    basemap = sub.add_parser("basemap", help="manage the map's basemaps")
    basemaps = basemap.add_subparsers(dest="action", required=True)
    add = basemaps.add_parser(
        "add", help="add a PMTiles vector-tile file as a basemap that needs no internet"
    )
    add.add_argument("file", help="a PMTiles v3 file of vector tiles (e.g. an OSM extract)")
    add.add_argument("--name", help="its name in the layer control (default: the file's)")
    add.add_argument(
        "--attribution", default="", help="its credit, when the file's metadata names none"
    )
    add.add_argument("--data", help=data_help)
    add.set_defaults(run=cmd_basemap_add)

    check = sub.add_parser(
        "preflight", help="what to fix before an event, one line each with how to fix it"
    )
    check.add_argument("--data", help=data_help)
    check.add_argument("--url", help="the public address to check (default: $LANDSCAPE_PUBLIC_URL)")
    check.add_argument(
        "--strict", action="store_true", help="exit 1 when anything is found (default: 0)"
    )
    check.set_defaults(run=cmd_preflight)
