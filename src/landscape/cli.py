"""The `landscape` command (contract in DESIGN.md): validate, summary, import, fetch, export,
handout, basemap, preflight."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from landscape import export, handout, preflight, site, tilesets
from landscape.atomic import replace_file
from landscape.catalog import Catalog, load_catalog
from landscape.i18n import translator
from landscape.importers import Rejected
from landscape.importers.boundary import import_boundary
from landscape.importers.wildlife import import_wildlife
from landscape.paths import data_dir
from landscape.problems import Problem, errors, warnings
from landscape.region import LANDSCAPE_MARGIN_DEG
from landscape.region import landscape as landscape_region
from landscape.schema import LAYERS
from landscape.summary import summarize
from landscape.text import LANGS
from landscape.viewstate import item_view, public_base, share_url
from landscape.wildlife.formats import BY_KIND, FORMATS

if TYPE_CHECKING:
    from landscape.importers.gbif import Done

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _data(args: argparse.Namespace) -> Path:
    directory = data_dir(args.data)
    if not directory.is_dir():
        print(
            f"{directory}: error: no such data directory (check --data or LANDSCAPE_DATA)",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_USAGE)
    return directory


def cmd_validate(args: argparse.Namespace) -> int:
    cat = load_catalog(_data(args))
    problems = list(cat.problems)
    counts = ", ".join(f"{len(cat.layer(layer.name))} {layer.name}" for layer in LAYERS)
    print(f"{cat.data_dir}: {counts}")
    print(f"{len(errors(problems))} error(s), {len(warnings(problems))} warning(s)")
    for problem in sorted(problems, key=lambda p: (p.severity != "error", p.path, p.locator)):
        print(problem.line())
    return EXIT_ERRORS if errors(problems) else EXIT_OK


def cmd_summary(args: argparse.Namespace) -> int:
    summary = summarize(load_catalog(_data(args)), public=args.public)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        for key, value in summary["counts"].items():
            print(f"{key}: {value}")
    return EXIT_OK


def _missing(source: Path) -> int:
    print(f"{source}: error: file not found; check the path", file=sys.stderr)
    return EXIT_ERRORS


def _rejected(rejected: Rejected) -> int:
    for problem in rejected.problems:
        print(problem.line(), file=sys.stderr)
    print("rejected: the data directory is unchanged", file=sys.stderr)
    return EXIT_ERRORS


def _unwritable(where: Path, exc: OSError) -> int:
    """A write that the system refused (read-only folder, disk full): named, never a
    traceback. Every writer builds beside its target and swaps at the end, so nothing
    changed."""
    reason = exc.strerror or str(exc)
    at = f" ({exc.filename})" if exc.filename and str(exc.filename) != str(where) else ""
    print(
        f"{where}: error: {reason}{at}; nothing was changed. Check that the folder is "
        "writable, the disk has space and the input is readable, then run the command again",
        file=sys.stderr,
    )
    return EXIT_ERRORS


def _print_warnings(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem.line(), file=sys.stderr)


def cmd_import_boundary(args: argparse.Namespace) -> int:
    directory = _data(args)
    source = Path(args.file)
    if not source.exists():
        return _missing(source)
    try:
        done = import_boundary(
            directory, source, args.park, args.source, allow_outside=args.allow_outside
        )
    except Rejected as rejected:
        return _rejected(rejected)
    except OSError as exc:
        return _unwritable(directory, exc)
    _print_warnings(done.warnings)
    print(
        f"{done.file}:{done.park}: outline replaced ({done.vertices} vertices, "
        f"{done.area_km2:,.2f} km² on the ellipsoid, accuracy official, source {args.source})"
    )
    return EXIT_OK


def cmd_import_wildlife(args: argparse.Namespace) -> int:
    directory = _data(args)
    source = Path(args.source)
    if not source.exists():
        return _missing(source)
    try:
        mapping = Path(args.mapping) if getattr(args, "mapping", None) else None
        zone = getattr(args, "timezone", None)
        done = import_wildlife(
            directory,
            source,
            args.kind,
            args.id,
            mapping=mapping,
            timezone=zone,
            allow_outside=args.allow_outside,
        )
    except Rejected as rejected:
        return _rejected(rejected)
    except OSError as exc:
        return _unwritable(directory, exc)
    _print_warnings(done.warnings)
    if done.same_input:
        before = "the same input was imported before: replaced, nothing duplicated"
    elif done.replaced is not None:
        before = f"replaced the previous version ({done.replaced:,} records)"
    else:
        before = "new dataset"
    patrols = (
        f"{done.patrols:,} patrols, {done.waypoints:,} waypoints (personal columns dropped); "
        if BY_KIND[args.kind].patrols
        else ""
    )
    print(
        f"{done.folder}: {patrols}{done.records:,} records, {done.individuals:,} individuals, "
        f"{done.without_coordinates:,} without coordinates (kept, not mapped); {before}"
    )
    return EXIT_OK


def cmd_fetch_gbif(args: argparse.Namespace) -> int:
    """`landscape fetch gbif`: GBIF records of the landscape (importers/gbif/)."""
    from landscape.importers import gbif  # pygbif loads in seconds: only for this command

    directory = _data(args)
    this_year = dt.date.today().year
    if args.since is not None and not gbif.EARLIEST_YEAR <= args.since <= this_year:
        return _usage(
            f"--since {args.since}: expected a year from {gbif.EARLIEST_YEAR} to {this_year}"
        )
    names = list(dict.fromkeys(n.strip() for n in args.species or [] if n.strip()))
    names = names or gbif.default_species(directory)
    if not names:
        return _usage("no species to fetch: species.toml lists none; pass --species NAME")
    failed = "the data directory is unchanged"
    progress = None
    try:
        gbif.check_id(args.id)
        query = gbif.Query(tuple(names), gbif.area(directory, args.area), args.since, this_year)
        if args.dry_run:
            counts = gbif.count(query)
            return _print_gbif_count(counts)
        progress = gbif.Progress(sys.stderr)
        result = gbif.run(directory, query, args.id, progress)
    except gbif.GbifError as exc:
        if progress is not None:
            progress.interrupt()
        print(f"GBIF: error: {exc}; {failed}", file=sys.stderr)
        return EXIT_ERRORS
    except OSError as exc:
        return _unwritable(directory, exc)
    _print_gbif_done(result, query.area.label, gbif.DATASETS_FILE)
    return EXIT_OK


def _print_gbif_done(result: Done, label: str, datasets_file: str) -> None:
    """What `landscape fetch gbif` stored, what it left out and how to cite it."""
    done, kept = result.done, result.kept
    _print_warnings(done.warnings)
    left = [
        f"{kept.refused:,} under a licence not accepted ("
        + ", ".join(f"{name} {n:,}" for name, n in kept.licences.most_common())
        + ")"
        if kept.refused
        else "",
        f"{kept.outside:,} {label.replace('inside', 'outside', 1)}" if kept.outside else "",
        f"{result.unreadable:,} unreadable" if result.unreadable else "",
        f"{result.fetched.repeated:,} returned twice (kept once)"
        if result.fetched.repeated
        else "",
    ]
    left_out = "; ".join(x for x in left if x) or "none"
    if done.same_input:
        before = "the same records as the last fetch: replaced, nothing duplicated"
    elif done.replaced is not None:
        before = f"replaced the previous fetch ({done.replaced:,} records)"
    else:
        before = "new dataset"
    print(
        f"{done.folder}: {done.records:,} GBIF records, {done.individuals:,} individuals, from "
        f"{len(result.sources):,} datasets; {result.generalised:,} already generalised by GBIF "
        f"or their publisher (kept at that precision); left out: {left_out}; {before}"
    )
    print(
        f"{done.folder}: cite it with the citation in dataset.toml (GBIF.org and each source "
        f"dataset); {datasets_file} lists the datasets for a GBIF derived-dataset DOI"
    )


def _print_gbif_count(counts: Sequence[Any]) -> int:
    """What a dry run found: GBIF's count per species, and per licence."""
    total = sum(c.records for c in counts)
    each = ", ".join(f"{c.species} {c.records:,}" for c in counts)
    licences: dict[str, int] = {}
    for c in counts:
        for name, n in c.licences.items():
            licences[name] = licences.get(name, 0) + n
    shown = ", ".join(f"{k} {v:,}" for k, v in sorted(licences.items(), key=lambda i: -i[1]))
    print(f"GBIF holds {total:,} records for this query ({each})")
    if shown:
        print(f"by licence: {shown}")
    print(
        "a fetch keeps those inside the exact area and under CC0, CC BY or CC BY-NC; "
        "nothing was fetched or written (--dry-run)"
    )
    return EXIT_OK


def _fetch_parser(sub: Any, data_help: str) -> None:
    """`landscape fetch gbif ...`."""
    fetch = sub.add_parser("fetch", help="fetch public records from an online source")
    sources = fetch.add_subparsers(dest="source", required=True)
    gbif = sources.add_parser(
        "gbif",
        help="occurrence records of the landscape from GBIF (needs the internet)",
        description="Fetch GBIF occurrence records inside the parks (or the landscape) and "
        "store them as one Darwin Core dataset; a second fetch replaces the first.",
    )
    gbif.add_argument(
        "--species",
        nargs="+",
        action="extend",
        metavar="NAME",
        help='scientific names, e.g. "Panthera uncia" (default: every species in species.toml)',
    )
    gbif.add_argument(
        "--area",
        choices=("parks", "landscape"),
        default="parks",
        help="inside the parks' outlines (default) or the landscape's box",
    )
    gbif.add_argument("--since", type=int, metavar="YEAR", help="only records from YEAR on")
    gbif.add_argument(
        "--id", default="gbif", help="dataset id (default: gbif); the same id replaces"
    )
    gbif.add_argument(
        "--dry-run", action="store_true", help="say how many records would come; write nothing"
    )
    gbif.add_argument("--data", help=data_help)
    gbif.set_defaults(run=cmd_fetch_gbif)


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


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


def _allow_outside(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--allow-outside",
        action="store_true",
        help=f"accept {what} outside the landscape (the parks' extent and "
        f"{LANDSCAPE_MARGIN_DEG:g} degrees around it); refused by default",
    )


def _import_parsers(kinds: Any, data_help: str) -> None:
    """`landscape import KIND` for every wildlife format, as its record declares it."""
    id_help = "dataset id (default: from the source's own name); the same id replaces"
    for fmt in FORMATS:
        command = kinds.add_parser(fmt.kind, help=fmt.help)
        command.add_argument("source", metavar=fmt.metavar, help=fmt.source_help)
        for option in fmt.options:
            command.add_argument(option.flag, help=option.help)
        command.add_argument("--id", help=id_help)
        command.add_argument("--data", help=data_help)
        _allow_outside(command, fmt.placed)
        command.set_defaults(run=cmd_import_wildlife)


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


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="landscape", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)
    data_help = "data directory (default: $LANDSCAPE_DATA or the bundled geodata/)"

    validate = sub.add_parser("validate", help="check every data file")
    validate.add_argument("--data", help=data_help)
    validate.set_defaults(run=cmd_validate)

    summary = sub.add_parser("summary", help="summarise the data directory")
    summary.add_argument("--data", help=data_help)
    summary.add_argument("--json", action="store_true", help="print JSON")
    summary.add_argument("--public", action="store_true", help="as a public viewer sees it")
    summary.set_defaults(run=cmd_summary)

    imp = sub.add_parser("import", help="import outside data")
    kinds = imp.add_subparsers(dest="kind", required=True)
    boundary = kinds.add_parser("boundary", help="replace a park outline with an official one")
    boundary.add_argument("file", help="any vector file GDAL reads, in any CRS")
    boundary.add_argument("--park", required=True, help="park id in parks.geojson")
    boundary.add_argument(
        "--source", default="WDPA", help="source id from sources.toml (default: WDPA)"
    )
    boundary.add_argument("--data", help=data_help)
    _allow_outside(boundary, "the outline")
    boundary.set_defaults(run=cmd_import_boundary)

    _import_parsers(kinds, data_help)

    _fetch_parser(sub, data_help)

    _output_parsers(sub, data_help)
    _tool_parsers(sub, data_help)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    if hasattr(signal, "SIGPIPE"):  # `landscape validate | head` ends quietly
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    args = parser().parse_args(argv)
    return int(args.run(args))


if __name__ == "__main__":
    sys.exit(main())
