"""Shared fixtures: the bundled data, writable copies of it, and helpers to break it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from landscape.catalog import Catalog, load_catalog
from landscape.i18n import Translate, translator
from landscape.paths import BUNDLED_DATA

HOSTILE = "<img src=x onerror=alert(1)> ${alert(1)} ` \\ $"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(BUNDLED_DATA)


@pytest.fixture(scope="session")
def t(catalog: Catalog) -> Translate:
    return translator(catalog.ui, "en")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of geodata/."""
    target = tmp_path / "geodata"
    shutil.copytree(BUNDLED_DATA, target)
    return target


def edit_json(path: Path, change: Callable[[dict], None]) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file below `directory` with its bytes: to prove nothing changed."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def poison_text_fields(directory: Path, payload: str = HOSTILE) -> None:
    """Put `payload` into every translatable text field and every name of every data file."""
    import tomllib

    def hostile(key: str, value: object) -> bool:
        return isinstance(value, str) and (
            key.rsplit("_", 1)[-1] in ("en", "ru", "ky", "kk") or key in ("title", "publisher")
        )

    for path in directory.rglob("*.geojson"):

        def change(doc: dict) -> None:
            for feature in doc["features"]:
                props = feature["properties"]
                for key, value in list(props.items()):
                    if hostile(key, value):
                        props[key] = f"{value} {payload}"

        edit_json(path, change)
    for path in directory.rglob("*.toml"):
        if path.parent.name == "ui":
            _poison_ui(path, payload)
            continue
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        if not all(isinstance(rows, list) for rows in doc.values()):
            continue  # styles.toml: colours, not text
        lines = []
        for table, rows in doc.items():
            for row in rows:
                lines.append(f"[[{table}]]")
                for key, value in row.items():
                    if hostile(key, value):
                        value = f"{value} {payload}"
                    lines.append(f"{key} = {json.dumps(value, ensure_ascii=False)}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _poison_ui(path: Path, payload: str) -> None:
    """Append `payload` to every UI string that has no {placeholder}."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            value = json.loads(value.strip())
            if "{" not in value:
                value = f"{value} {payload}"
            out.append(f"{key}= {json.dumps(value, ensure_ascii=False)}")
        else:
            out.append(line)
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
