"""Vector-tile basemaps in PMTiles files: what a file holds, whether the map can draw it, how
`landscape basemap add` stores it, and where the app serves it.

A PMTiles file (one archive of Mapbox Vector Tiles, e.g. an OpenStreetMap extract of the region
made while online with `pmtiles extract`) becomes a basemap that needs no internet: the app
serves the file itself (Streamlit's static serving, which answers the range requests the
browser's PMTiles reader makes) and protomaps-leaflet draws it (static/vendor/protomaps/).
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import os
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from pmtiles.reader import MmapSource, Reader
from pmtiles.tile import Compression, MagicNumberNotFound, SpecVersionUnsupported, TileType

from landscape.atomic import replace_file
from landscape.paths import REPO
from landscape.problems import Problem

# protomaps-leaflet, from the npm registry: `make install` runs `npm ci --prefix js`.
RENDERER = REPO / "js/node_modules/protomaps-leaflet/dist/protomaps-leaflet.js"

TILES_DIR = "basemap/tiles"  # inside the data directory
SERVED_DIR = "tiles"  # inside static/, served at /app/static/tiles/
# Streamlit refuses to serve a static file above 200 MB (MAX_APP_STATIC_FILE_SIZE).
MAX_BYTES = 200 * 1024 * 1024
# The layers protomaps-leaflet's basemap style draws (the Protomaps basemap schema).
STYLE_LAYERS = ("earth", "water", "landuse", "landcover", "roads", "boundaries", "places")
READABLE_COMPRESSION = (Compression.NONE, Compression.GZIP)  # what browsers decompress
ID_PATTERN = re.compile(r"[^a-z0-9_-]+")


@dataclass(frozen=True)
class TileSet:
    """What the map needs to know of one PMTiles file."""

    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float]  # west, south, east, north
    name: str
    attribution: str
    layers: tuple[str, ...]


def _plain(text: str) -> str:
    """Metadata's HTML attribution (`<a href=...>© OpenStreetMap</a>`) as plain text."""
    return html.unescape(re.sub(r"<[^>]+>", "", text)).strip()


def read(path: Path) -> TileSet:
    """The header and metadata of a PMTiles v3 file; raises ValueError saying what is wrong."""
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size < 127:
            raise ValueError("is too short to be a PMTiles archive (under 127 bytes)")
        if handle.read(7) != b"PMTiles":
            raise ValueError("is not a PMTiles archive (it does not start with 'PMTiles')")
        reader = Reader(MmapSource(handle))
        try:
            header = reader.header()
        except MagicNumberNotFound:
            raise ValueError(
                "is not a PMTiles archive (it does not start with 'PMTiles')"
            ) from None
        except SpecVersionUnsupported:
            raise ValueError(
                "is an older PMTiles version; convert it with `pmtiles convert OLD NEW`"
            ) from None
        except ValueError as exc:  # an unknown compression or tile type number
            raise ValueError(f"has a header this reader does not know ({exc})") from None
        try:
            metadata: dict[str, Any] = reader.metadata() or {}
        except Exception:  # the file is cut short or its metadata is not JSON
            raise ValueError("has unreadable metadata: the file is damaged or incomplete") from None
    if header["tile_type"] != TileType.MVT:
        raise ValueError(
            f"holds {header['tile_type'].name} tiles; this basemap draws vector tiles (MVT): "
            "extract a vector build, e.g. from a Protomaps basemap"
        )
    if header["tile_compression"] not in READABLE_COMPRESSION:
        raise ValueError(
            f"compresses its tiles with {header['tile_compression'].name}, which browsers cannot "
            "read: rewrite it with gzip or none"
        )
    layers = tuple(str(v.get("id", "")) for v in metadata.get("vector_layers", []))
    return TileSet(
        min_zoom=int(header["min_zoom"]),
        max_zoom=int(header["max_zoom"]),
        bounds=(
            header["min_lon_e7"] / 1e7,
            header["min_lat_e7"] / 1e7,
            header["max_lon_e7"] / 1e7,
            header["max_lat_e7"] / 1e7,
        ),
        name=_plain(str(metadata.get("name") or "")),
        attribution=_plain(str(metadata.get("attribution") or "")),
        layers=layers,
    )


def _unusable(path: Path) -> str | None:
    """Why the file cannot be a basemap before it is read: missing, nothing installed to draw
    it, or too large to serve; None when none of these."""
    if not path.is_file():
        return "file is missing; run `landscape basemap add` again"
    if not RENDERER.is_file():
        return (
            "cannot be drawn: protomaps-leaflet is not installed; run `make install` "
            "(it runs `npm ci --prefix js`)"
        )
    size = path.stat().st_size
    if size > MAX_BYTES:
        return (
            f"is {size / 2**20:.0f} MB; the app serves files up to {MAX_BYTES // 2**20} MB: "
            "extract a smaller area or fewer zooms (`pmtiles extract ... --bbox=... "
            "--maxzoom=13`)"
        )
    return None


def _shortfalls(info: TileSet, region: tuple[float, float, float, float]) -> list[str]:
    """What makes a readable file a poor basemap: it misses the landscape, or holds none of
    the layers the style draws."""
    found: list[str] = []
    west, south, east, north = info.bounds
    if east < region[0] or west > region[2] or north < region[1] or south > region[3]:
        found.append(
            f"covers {west:.2f}–{east:.2f}°E, {south:.2f}–{north:.2f}°N, not the landscape "
            f"({region[0]:.2f}–{region[2]:.2f}°E, {region[1]:.2f}–{region[3]:.2f}°N): "
            "the map will be blank there; extract the landscape's area"
        )
    if info.layers and not set(info.layers) & set(STYLE_LAYERS):
        found.append(
            f"holds the layers {', '.join(info.layers)}; the basemap style draws the "
            f"Protomaps basemap layers ({', '.join(STYLE_LAYERS)}), so little will show"
        )
    return found


def check(path: Path, shown: str, region: tuple[float, float, float, float]) -> list[Problem]:
    """Problems of one PMTiles file as a basemap of the landscape's `region` (w, s, e, n)."""
    refused = _unusable(path)
    if refused is not None:
        return [Problem(shown, "", "error", refused)]
    try:
        info = read(path)
    except (ValueError, OSError) as exc:
        return [Problem(shown, "", "error", str(exc))]
    return [Problem(shown, "", "warning", message) for message in _shortfalls(info, region)]


def served_name(path: Path) -> str:
    """The file's name under static/tiles/: its basemap id and a digest of its size and time,
    so a replaced file gets a new address and no browser keeps the old one."""
    stat = path.stat()
    digest = hashlib.sha1(f"{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:10]
    return f"{path.stem}-{digest}.pmtiles"


def publish(data_dir: Path, basemaps: pd.DataFrame, static_dir: Path) -> dict[str, str]:
    """Put each PMTiles basemap's file where the app serves it (a hard link where the disk
    allows, else a copy); returns basemap id -> served file name. Idempotent."""
    served: dict[str, str] = {}
    target_dir = static_dir / SERVED_DIR
    for row in basemaps.to_dict("records"):
        relative = str(row.get("pmtiles") or "")
        source = data_dir / relative
        if not relative or not source.is_file():
            continue
        name = served_name(source)
        target = target_dir / name
        if not target.exists():
            target_dir.mkdir(parents=True, exist_ok=True)
            for stale in target_dir.glob(f"{source.stem}-*.pmtiles"):
                stale.unlink(missing_ok=True)
            tmp = target_dir / f".{name}.partial"
            tmp.unlink(missing_ok=True)
            try:
                os.link(source, tmp)
            except OSError:  # another disk, or links refused: copy
                shutil.copyfile(source, tmp)
            tmp.replace(target)
        served[str(row["id"])] = name
    return served


def basemap_id(text: str) -> str:
    """A basemap id from a name or file stem: lower case, letters, digits, '-' and '_'."""
    return ID_PATTERN.sub("-", text.lower()).strip("-") or "vector"


def _toml_text(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def basemap_block(key: str, name: str, attribution: str, max_zoom: int) -> str:
    """The `[[basemap]]` record of a PMTiles basemap, as TOML text."""
    names = "".join(f"name_{lang} = {_toml_text(name)}\n" for lang in ("en", "ru", "ky", "kk"))
    return (
        f"[[basemap]]\nid = {_toml_text(key)}\n{names}"
        f"pmtiles = {_toml_text(f'{TILES_DIR}/{key}.pmtiles')}\n"
        f"attribution = {_toml_text(attribution)}\nmax_zoom = {min(22, max(max_zoom + 4, 14))}\n"
    )


def with_basemap(text: str, key: str, block: str) -> str:
    """basemaps.toml's text with the record `key` replaced by `block`, or `block` put before
    the offline basemap (so the layer control lists it first among what works offline)."""
    parts = re.split(r"(?m)^(?=\[\[basemap\]\])", text)
    id_line = re.compile(rf'(?m)^id\s*=\s*"{re.escape(key)}"\s*$')
    offline_url = re.compile(r'(?m)^url\s*=\s*""\s*$')
    for index, part in enumerate(parts):
        if part.startswith("[[basemap]]") and id_line.search(part):
            parts[index] = block + "\n"
            return "".join(parts)
    for index, part in enumerate(parts):
        if part.startswith("[[basemap]]") and offline_url.search(part):
            parts.insert(index, block + "\n")
            return "".join(parts)
    return text.rstrip("\n") + "\n\n" + block


def _store(source: Path, target: Path, toml_path: Path, toml_text: str) -> None:
    """Copy `source` to `target` and write basemaps.toml, each swapped in whole once checked;
    when either fails, the file that was at `target` is put back."""
    target.parent.mkdir(parents=True, exist_ok=True)
    existed = target.exists()
    backup = target.with_name(f".{target.name}.previous")
    if existed:
        shutil.copyfile(target, backup)
    try:
        replace_file(target, lambda tmp: shutil.copyfile(source, tmp), lambda tmp: read(tmp))
        replace_file(
            toml_path,
            lambda tmp: tmp.write_text(toml_text, encoding="utf-8"),
            lambda tmp: tomllib.loads(tmp.read_text(encoding="utf-8")),
        )
    except BaseException:
        if existed:
            backup.replace(target)
        else:
            target.unlink(missing_ok=True)
        raise
    finally:
        with contextlib.suppress(FileNotFoundError):
            backup.unlink()


def add(
    data_dir: Path,
    source: Path,
    region: tuple[float, float, float, float],
    name: str = "",
    attribution: str = "",
) -> tuple[str, list[Problem]]:
    """Store `source` as a basemap of `data_dir` (the file under basemap/tiles/, its record in
    basemaps.toml), replacing the one of the same id. Returns (id, problems); with an error,
    nothing changed."""
    shown = str(source)
    problems = check(source, shown, region)
    if any(p.severity == "error" for p in problems):
        return "", problems
    info = read(source)
    credit = attribution.strip() or info.attribution
    if not credit:
        return "", [
            Problem(
                shown,
                "",
                "error",
                "names no attribution in its metadata: pass --attribution with the source's "
                "credit (for an OpenStreetMap extract: '© OpenStreetMap contributors')",
            )
        ]
    title = name.strip() or info.name or source.stem
    key = basemap_id(name.strip() or source.stem)
    toml_path = data_dir / "basemaps.toml"
    text = toml_path.read_text(encoding="utf-8") if toml_path.exists() else ""
    new_text = with_basemap(text, key, basemap_block(key, title, credit, info.max_zoom))
    _store(source, data_dir / TILES_DIR / f"{key}.pmtiles", toml_path, new_text)
    return key, problems
