"""PMTiles basemaps: `landscape basemap add`, their checks on load, how the app serves them and
how the map draws them. Every file here is a real PMTiles v3 archive the tests build
(tests/pmtiles_fixture.py), read back through the `pmtiles` package as the app reads it."""

from __future__ import annotations

import gzip
import tomllib
from pathlib import Path

import pytest
from pmtiles.tile import Compression, TileType

from landscape import tilesets
from landscape.catalog import Catalog, load_catalog
from landscape.cli import main
from landscape.i18n import translator
from landscape.mapview.build import build_map, standalone
from tests import pmtiles_fixture as fixture
from tests.conftest import snapshot


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Path:
    lake = catalog.lakes.set_index("id").loc["issyk-kul", "geometry"]
    return fixture.build(tmp_path_factory.mktemp("pmtiles") / "kemin-osm.pmtiles", lake)


def _bad(tmp_path: Path, catalog: Catalog, name: str, **header) -> Path:
    lake = catalog.lakes.set_index("id").loc["issyk-kul", "geometry"]
    return fixture.build(tmp_path / name, lake, **header)


def _html(cat: Catalog) -> str:
    t = translator(cat.ui, "ru")
    return standalone(build_map(cat, cat, "ru", "offline", t)).get_root().render()


def test_add_stores_the_file_and_a_record_the_map_offers_before_the_offline_one(
    data_copy: Path, tiny: Path, capsys
):
    assert main(["basemap", "add", str(tiny), "--name", "OSM Kemin", "--data", str(data_copy)]) == 0
    stored = data_copy / "basemap" / "tiles" / "osm-kemin.pmtiles"
    assert stored.read_bytes() == tiny.read_bytes()
    assert "basemap 'osm-kemin' added" in capsys.readouterr().out
    records = tomllib.loads((data_copy / "basemaps.toml").read_text())["basemap"]
    ids = [r["id"] for r in records]
    assert ids.index("osm-kemin") == ids.index("offline") - 1, ids
    added = records[ids.index("osm-kemin")]
    assert added["pmtiles"] == "basemap/tiles/osm-kemin.pmtiles" and "url" not in added
    assert added["attribution"] == "© OpenStreetMap test extract", "plain text, from metadata"
    assert {added[f"name_{c}"] for c in ("en", "ru", "ky", "kk")} == {"OSM Kemin"}
    cat = load_catalog(data_copy)
    assert not [p for p in cat.problems if p.path == "basemaps.toml"], cat.problems
    assert "osm-kemin" in set(cat.basemaps["id"])


def test_adding_again_replaces_never_duplicates(data_copy: Path, tiny: Path, tmp_path: Path):
    other = fixture.build(tmp_path / "kemin-osm.pmtiles", fixture_lake(), max_zoom=6)
    assert main(["basemap", "add", str(tiny), "--data", str(data_copy)]) == 0
    assert main(["basemap", "add", str(other), "--data", str(data_copy)]) == 0
    records = tomllib.loads((data_copy / "basemaps.toml").read_text())["basemap"]
    assert [r["id"] for r in records].count("kemin-osm") == 1
    stored = data_copy / "basemap" / "tiles" / "kemin-osm.pmtiles"
    assert stored.read_bytes() == other.read_bytes(), "the second file replaced the first"
    assert "# Basemaps offered" in (data_copy / "basemaps.toml").read_text(), "comments kept"


def fixture_lake():
    from landscape.catalog import load_catalog as load
    from landscape.paths import BUNDLED_DATA

    return load(BUNDLED_DATA).lakes.set_index("id").loc["issyk-kul", "geometry"]


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 200), "is not a PMTiles archive"),
        (lambda p: p.write_bytes(b"PMTiles"), "too short"),
        (lambda p: p.write_bytes(b"PMTiles\x02" + b"\0" * 200), "older PMTiles version"),
    ],
)
def test_a_file_that_is_no_pmtiles_is_refused_and_nothing_changes(
    data_copy: Path, tmp_path: Path, capsys, make, said
):
    bad = tmp_path / "bad.pmtiles"
    make(bad)
    before = snapshot(data_copy)
    assert main(["basemap", "add", str(bad), "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}: error: {said}" in err or (str(bad) in err and said in err), err
    assert "the data directory is unchanged" in err
    assert snapshot(data_copy) == before


def test_raster_and_brotli_archives_are_refused_saying_what_to_extract(
    data_copy: Path, tmp_path: Path, catalog: Catalog, capsys
):
    raster = _bad(tmp_path, catalog, "raster.pmtiles", tile_type=TileType.PNG)
    brotli = _bad(tmp_path, catalog, "brotli.pmtiles", tile_compression=Compression.BROTLI)
    before = snapshot(data_copy)
    assert main(["basemap", "add", str(raster), "--data", str(data_copy)]) == 1
    assert "holds PNG tiles; this basemap draws vector tiles (MVT)" in capsys.readouterr().err
    assert main(["basemap", "add", str(brotli), "--data", str(data_copy)]) == 1
    assert "BROTLI, which browsers cannot read" in capsys.readouterr().err
    assert snapshot(data_copy) == before


def test_an_extract_elsewhere_is_added_with_a_warning(
    data_copy: Path, tmp_path: Path, catalog: Catalog, capsys
):
    paris = _bad(
        tmp_path,
        catalog,
        "paris.pmtiles",
        min_lon_e7=int(2.2 * 1e7),
        max_lon_e7=int(2.5 * 1e7),
        min_lat_e7=int(48.8 * 1e7),
        max_lat_e7=int(48.9 * 1e7),
    )
    assert main(["basemap", "add", str(paris), "--data", str(data_copy)]) == 0
    err = capsys.readouterr().err
    assert "warning: covers 2.20–2.50°E, 48.80–48.90°N, not the landscape" in err


def test_no_attribution_is_refused_until_one_is_given(data_copy: Path, tmp_path: Path, capsys):
    path = tmp_path / "plain.pmtiles"
    fixture.build(path, fixture_lake())
    _strip_attribution(path)
    before = snapshot(data_copy)
    assert main(["basemap", "add", str(path), "--data", str(data_copy)]) == 1
    assert "names no attribution" in capsys.readouterr().err
    assert snapshot(data_copy) == before
    credit = "© OpenStreetMap contributors"
    assert (
        main(["basemap", "add", str(path), "--attribution", credit, "--data", str(data_copy)]) == 0
    )
    records = tomllib.loads((data_copy / "basemaps.toml").read_text())["basemap"]
    assert records[[r["id"] for r in records].index("plain")]["attribution"] == credit


def _strip_attribution(path: Path) -> None:
    """Rewrite the archive with metadata that names no attribution (same tiles)."""
    from pmtiles.reader import MmapSource, Reader, all_tiles
    from pmtiles.writer import write

    with path.open("rb") as handle:
        reader = Reader(MmapSource(handle))
        header, metadata = reader.header(), reader.metadata()
        tiles = list(all_tiles(reader.get_bytes))
    metadata.pop("attribution")
    with write(str(path)) as writer:
        for (z, x, y), data in sorted(tiles, key=lambda t: fixture.zxy_to_tileid(*t[0])):
            writer.write_tile(fixture.zxy_to_tileid(z, x, y), data)
        writer.finalize(header, metadata)


def test_validate_names_a_missing_or_damaged_file_and_the_map_drops_it(
    data_copy: Path, tiny: Path, capsys
):
    assert main(["basemap", "add", str(tiny), "--data", str(data_copy)]) == 0
    stored = data_copy / "basemap" / "tiles" / "kemin-osm.pmtiles"
    stored.write_bytes(stored.read_bytes()[:300])  # a copy cut short
    capsys.readouterr()
    assert main(["validate", "--data", str(data_copy)]) == 1
    out = capsys.readouterr().out
    assert "basemaps.toml:kemin-osm: error: pmtiles 'basemap/tiles/kemin-osm.pmtiles'" in out
    assert "damaged or incomplete" in out
    stored.unlink()
    cat = load_catalog(data_copy)
    (missing,) = [p for p in cat.problems if p.path == "basemaps.toml"]
    assert "file is missing; run `landscape basemap add` again" in missing.message
    assert "kemin-osm" not in set(cat.basemaps["id"]), "never offered when it cannot draw"
    assert "protomapsL" not in _html(cat)


def test_the_map_draws_it_with_the_served_renderer_and_falls_back_to_it(
    data_copy: Path, tiny: Path, catalog: Catalog
):
    assert "protomaps" not in _html(catalog), "no 128 KB renderer for maps without one"
    assert main(["basemap", "add", str(tiny), "--data", str(data_copy)]) == 0
    cat = load_catalog(data_copy)
    html = _html(cat)
    assert "../../app/static/vendor/protomaps/protomaps-leaflet.js" in html
    served = tilesets.served_name(data_copy / "basemap" / "tiles" / "kemin-osm.pmtiles")
    assert f'"url": "../../app/static/tiles/{served}"' in html
    assert '"lang": "ru"' in html and '"maxDataZoom": 8' in html
    assert 'var vectorId = "kemin-osm"' in html, "tiles that fail fall back to it first"
    assert "https://" not in html.split("protomapsL.leafletLayer", 1)[1].split(");", 1)[0]


def test_publish_links_the_file_where_the_app_serves_it_and_drops_stale_copies(
    data_copy: Path, tiny: Path, tmp_path: Path
):
    assert main(["basemap", "add", str(tiny), "--data", str(data_copy)]) == 0
    cat = load_catalog(data_copy)
    static = tmp_path / "static"
    first = tilesets.publish(data_copy, cat.basemaps, static)
    served = static / "tiles" / first["kemin-osm"]
    assert served.read_bytes() == tiny.read_bytes()
    assert tilesets.publish(data_copy, cat.basemaps, static) == first, "idempotent"
    stored = data_copy / "basemap" / "tiles" / "kemin-osm.pmtiles"
    stored.write_bytes(gzip.decompress(gzip.compress(tiny.read_bytes())) + b"")
    import os

    os.utime(stored, ns=(1, 1))
    second = tilesets.publish(data_copy, cat.basemaps, static)
    assert second["kemin-osm"] != first["kemin-osm"], "a replaced file gets a new address"
    assert sorted(p.name for p in (static / "tiles").iterdir()) == [second["kemin-osm"]]
