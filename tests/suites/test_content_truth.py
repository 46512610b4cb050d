"""Content truth: every statement in geodata/ cites a source that sources.toml holds, says no
more than it (where a rule can tell), and names the conference one way in every language.

The files are read as they are on disk (tomllib, json, geopandas), not through the loader, so
that a record the loader would drop or repair still fails here.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest

from landscape.paths import BUNDLED_DATA
from landscape.readers import find_vector
from landscape.schema import LAYER_BY_NAME, LAYERS, Layer
from landscape.text import LANGS

# Layers without a `source`: what they hold is not a statement about the world.
NOT_STATEMENTS = {
    "sources": "the sources themselves",
    "basemaps": "tile services, each with its own attribution",
}
# Statement fields backed by a source of their own, beside the record's `source`.
FIELD_SOURCES = {"sensitivity": "sensitivity_source"}
# Files of geodata/ that hold no statements (settings), and folders checked elsewhere.
NOT_STATEMENT_FILES = {"styles.toml", "basemaps.toml", "smart-mapping.toml", "README.md"}
CHECKED_ELSEWHERE = ("ui/", "observations/", "mett/")  # catalogs; datasets (below); METT


def _ids(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    items = value if isinstance(value, list) else str(value).split(";")
    return [str(item).strip() for item in items if str(item).strip()]


def _path(data: Path, layer: Layer) -> Path | None:
    return find_vector(data, layer.file)[0] if layer.is_vector else data / layer.file


def raw_records(data: Path, layer: Layer) -> list[dict[str, Any]]:
    """The records of one layer's file as written: TOML tables, or the features' attributes."""
    path = _path(data, layer)
    assert path is not None and path.exists(), f"{layer.file} is missing"
    if not layer.is_vector:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        return list(doc.get(layer.table, []))
    frame = gpd.read_file(path)
    return [
        {k: (None if v != v else v) if isinstance(v, float) else v for k, v in rec.items()}
        for rec in frame.drop(columns="geometry").to_dict("records")
    ]


def source_ids(data: Path) -> set[str]:
    return {r["id"] for r in raw_records(data, LAYER_BY_NAME["sources"])}


def unsourced(data: Path) -> list[str]:
    """Every record of a statement-bearing layer whose `source` (or a field's own source) is
    missing or names an id that sources.toml does not hold; '' when all are sourced."""
    known = source_ids(data)
    found = []
    for layer in LAYERS:
        if layer.name in NOT_STATEMENTS:
            continue
        fields = {f.name for f in layer.fields}
        for number, rec in enumerate(raw_records(data, layer), start=1):
            where = f"{_path(data, layer).name}:{rec.get('id') or f'#{number}'}"
            pairs = [("source", rec.get("source"))]
            if "geometry_source" in fields:
                pairs.append(("geometry_source", rec.get("geometry_source")))
            pairs += [(own, rec.get(own)) for f, own in FIELD_SOURCES.items() if f in fields]
            for name, value in pairs:
                ids = _ids(value)
                if not ids:
                    found.append(f"{where}: no {name}")
                found += [
                    f"{where}: {name} {i!r} is not in sources.toml" for i in ids if i not in known
                ]
    return found


def test_every_statement_bearing_layer_declares_a_required_source():
    for layer in LAYERS:
        if layer.name in NOT_STATEMENTS:
            continue
        source = next((f for f in layer.fields if f.name == "source"), None)
        assert source is not None and source.required, f"{layer.name}: statements need a source"
        for field, own in FIELD_SOURCES.items():
            if any(f.name == field for f in layer.fields):
                assert any(f.name == own for f in layer.fields), f"{layer.name}.{own}"


def test_every_file_of_geodata_is_classified():
    """A new file of statements cannot slip past the source check: each file is a layer of the
    schema, a settings file, or in a folder checked elsewhere."""
    layer_files = {
        p.relative_to(BUNDLED_DATA).as_posix()
        for p in (_path(BUNDLED_DATA, layer) for layer in LAYERS)
        if p
    }
    for path in BUNDLED_DATA.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(BUNDLED_DATA).as_posix()
        if name.startswith(CHECKED_ELSEWHERE) or name in NOT_STATEMENT_FILES:
            continue
        assert name in layer_files, f"{name}: a layer of schema.py, or classify it in this test"


def test_every_statement_in_geodata_has_a_resolvable_source():
    assert unsourced(BUNDLED_DATA) == []


def _edit_toml(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("tour.toml", 'source = ["A", "DtE"]', "source = []", "tour.toml:cop14: no source"),
        ("context.toml", 'source = "A"', 'source = "nowhere"', "'nowhere' is not in sources.toml"),
        (
            "species.toml",
            'sensitivity_source = "SENS"',
            'sensitivity_source = ""',
            "no sensitivity_source",
        ),
        ("events.toml", 'source = "A;DtE"', 'source = "A;Z9"', "events.toml:cop14: source 'Z9'"),
    ],
)
def test_the_source_check_fails_on_a_record_without_a_resolvable_source(
    data_copy: Path, file: str, old: str, new: str, expected: str
):
    _edit_toml(data_copy / file, old, new)
    found = unsourced(data_copy)
    assert any(expected in line for line in found), found


def test_the_source_check_reads_geometry_files_too(data_copy: Path):
    doc = json.loads((data_copy / "places.geojson").read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["source"] = ""
    (data_copy / "places.geojson").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert unsourced(data_copy) == ["places.geojson:samarkand: no source"]


def test_datasets_name_their_own_title_and_citation():
    """A wildlife dataset is its own source: its title and citation say where it comes from."""
    for meta in sorted(BUNDLED_DATA.glob("observations/*/dataset.toml")):
        doc = tomllib.loads(meta.read_text(encoding="utf-8"))
        assert str(doc.get("title", "")).strip() and str(doc.get("citation", "")).strip(), meta


# --- what the sources do and do not say -------------------------------------------------------


def _records(layer: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in raw_records(BUNDLED_DATA, LAYER_BY_NAME[layer])}


def test_sensitivity_categories_cite_who_set_them_not_the_scale():
    """Chapman (2020) defines the categories, not which species gets which: the assignments
    cite who made them (the project's defaults, awaiting the foundation's review)."""
    sources = _records("sources")
    for sid, sp in _records("species").items():
        cited = _ids(sp.get("sensitivity_source"))
        assert set(cited) - {"Chapman"}, f"{sid}: sensitivity cites only the scale's author"
        assert all(c in sources for c in cited)
    assert "awaiting review by Ilbirs Foundation" in sources["SENS"]["title_en"]


def test_key_figures_are_one_number_each():
    """'2 + 15' reads as a sum of 17 and drops "more than": a qualifier goes into the label."""
    for fid, fig in _records("figures").items():
        assert re.fullmatch(r"\d[\d,.]*\+?", fig["value"]), f"{fid}: {fig['value']!r}"
    side = _records("figures")["ilbirs-side-events"]
    assert side["value"] == "2" and "more than 15" in side["label_en"]


def test_statements_keep_to_the_seed():
    events, tour, parks = _records("events"), _records("tour"), _records("parks")
    assert all(not events["cop14"][f"organisers_{c}"] for c in LANGS), "no source names one"
    assert "featured" in events["side-event-giz"]["ilbirs_role_en"]
    assert not events["side-event-giz"]["ilbirs_role_en"].startswith("Presented")
    projects = _records("projects")
    for step in ("camca", "vanishing-treasures"):
        text = tour[step]["text_en"]
        assert "project of Ilbirs" not in text
        said = projects[step]["summary_en"].rstrip(".")
        assert said[0].lower() + said[1:] in text or said in text, "as projects.toml says it"
        for c in LANGS:
            assert not re.search(
                r"проект Фонда «Илбирс»,|фондунун учурдагы долбоору|қорының ағымдағы жобасы",
                tour[step][f"text_{c}"],
            )
    landscape = tour["landscape"]["text_en"]
    assert "border" not in landscape and "ridge" not in landscape, "no source says so"
    for c in LANGS:
        assert not re.search(r"4[ ,]?540", parks["ile-alatau"][f"setting_{c}"] or "")


# --- the conference's name --------------------------------------------------------------------

# The long name, per language (declensions allowed where the language declines it).
COP_EN = "14th Meeting of the Conference of the Parties"
CONVENTION_EN = "Convention on the Conservation of Migratory Species of Wild Animals"
RULES: dict[str, list[tuple[re.Pattern[str], re.Pattern[str]]]] = {
    # (what mentions the thing, what every mention must be part of)
    "en": [
        (re.compile(r"Conference of the Parties"), re.compile(re.escape(COP_EN))),
        (
            re.compile(r"Convention on [^.;:()]*?Migratory Species(?: of Wild Animals)?"),
            re.compile(re.escape(CONVENTION_EN)),
        ),
    ],
    "ru": [
        (
            re.compile(r"Конференци\w* Сторон"),
            re.compile(r"14-(?:е|го|м) совещани\w+ Конференции Сторон"),
        ),
        (
            re.compile(r"Конвенци\w* о [^.;:()«»]*?мигрирующ\w+ вид\w+(?: диких животных)?"),
            re.compile(r"Конвенци\w* о сохранении мигрирующих видов диких животных"),
        ),
    ],
    "ky": [
        (re.compile(r"Тараптар конференция\w*"), re.compile(r"Тараптар конференциясынын 14-жыйын")),
        (
            re.compile(r"[^.;:()«»]*?көчүп жүрүүчү түрлө\w*[^.;:()«»]*?конвенция"),
            re.compile(r"Жапайы жаныбарлардын көчүп жүрүүчү түрлөрүн сактоо жөнүндө конвенция"),
        ),
    ],
    "kk": [
        (
            re.compile(r"Тараптары конференция\w*"),
            re.compile(r"Тараптары конференциясының 14-отырыс"),
        ),
        (
            re.compile(r"[^.;:()«»]*?қоныс аударатын түрлер\w*[^.;:()«»]*?конвенция"),
            re.compile(r"Жабайы жануарлардың қоныс аударатын түрлерін сақтау туралы конвенция"),
        ),
    ],
}


def texts_by_language(data: Path) -> dict[str, list[tuple[str, str]]]:
    """(where, text) of every translated field of every layer and every UI string, by language."""
    out: dict[str, list[tuple[str, str]]] = {c: [] for c in LANGS}
    for layer in LAYERS:
        for rec in raw_records(data, layer):
            for key, value in rec.items():
                code = key.rsplit("_", 1)[-1]
                if code in out and isinstance(value, str) and value:
                    out[code].append((f"{layer.file}:{rec.get('id')}:{key}", value))
    for code in LANGS:
        doc = tomllib.loads((data / "ui" / f"{code}.toml").read_text(encoding="utf-8"))
        for section, table in doc.items():
            for key, value in table.items():
                out[code].append((f"ui/{code}.toml:{section}.{key}", str(value)))
    return out


def misnamed(data: Path) -> list[str]:
    found = []
    for code, texts in texts_by_language(data).items():
        for where, text in texts:
            for mention, canonical in RULES[code]:
                spans = [m.span() for m in canonical.finditer(text)]
                for m in mention.finditer(text):
                    inside = any(s <= m.start() and m.end() <= e for s, e in spans)
                    covers = any(m.start() <= s and e <= m.end() for s, e in spans)
                    if not (inside or covers):
                        found.append(f"{where}: {m.group(0)!r}")
    return found


def test_the_conference_is_named_one_way_in_every_language():
    assert misnamed(BUNDLED_DATA) == []
    texts = texts_by_language(BUNDLED_DATA)
    for code in LANGS:  # the rules see the long names (else they would pass on nothing)
        for _, canonical in RULES[code]:
            assert any(canonical.search(text) for _, text in texts[code]), (code, canonical)


def test_the_naming_check_catches_another_name(data_copy: Path):
    _edit_toml(
        data_copy / "tour.toml",
        "The 14th Meeting of the Conference of the Parties to the Convention on the Conservation "
        "of Migratory Species of Wild Animals",
        "The 14th Conference of the Parties to the Convention on Migratory Species",
    )
    _edit_toml(
        data_copy / "tour.toml", "14-е совещание Конференции Сторон", "14-я Конференция Сторон"
    )
    found = misnamed(data_copy)
    assert any("tour.toml:cop14:text_en: 'Conference of the Parties'" in f for f in found), found
    assert any("'Convention on Migratory Species'" in f for f in found), found
    assert any("tour.toml:cop14:text_ru: 'Конференция Сторон'" in f for f in found), found
