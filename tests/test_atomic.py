"""atomic.replace_file: the target is the old file or the whole new one, never a half."""

from __future__ import annotations

from pathlib import Path

import pytest

from landscape.atomic import replace_file


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".partial", ".partial.txt")))


def test_the_new_content_replaces_the_old_and_no_temporary_file_stays(tmp_path: Path):
    target = tmp_path / "places.txt"
    target.write_text("old", encoding="utf-8")
    replace_file(target, lambda tmp: tmp.write_text("new", encoding="utf-8"))
    assert target.read_text(encoding="utf-8") == "new"
    assert _leftovers(tmp_path) == []


def test_a_writer_that_fails_halfway_leaves_the_target_untouched(tmp_path: Path):
    target = tmp_path / "places.txt"
    target.write_text("old", encoding="utf-8")

    def half(tmp: Path) -> None:
        tmp.write_text("ne", encoding="utf-8")
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        replace_file(target, half)
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_a_check_that_refuses_the_written_file_keeps_the_old_one(tmp_path: Path):
    target = tmp_path / "places.txt"
    target.write_text("old", encoding="utf-8")

    def refuse(tmp: Path) -> None:
        if "bad" in tmp.read_text(encoding="utf-8"):
            raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        replace_file(target, lambda tmp: tmp.write_text("bad", encoding="utf-8"), refuse)
    assert target.read_text(encoding="utf-8") == "old"
    assert _leftovers(tmp_path) == []


def test_the_temporary_file_is_hidden_while_it_is_written(tmp_path: Path):
    seen: list[str] = []
    replace_file(tmp_path / "parks.geojson", lambda tmp: seen.append(tmp.name) or tmp.touch())
    assert seen[0].startswith(".parks.") and seen[0].endswith(".partial.geojson")
