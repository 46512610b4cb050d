"""The corpus of broken inputs (tests/corpus/, described in its README.md and cases.toml).

For every case, `landscape validate` or the importer exits as expected with a line
`PATH[:LOCATOR]: severity: message` that names the file, the place and the fix, and the data
directory is byte-for-byte unchanged (validate never writes; a rejected import writes nothing).
For a representative subset, the dashboard still starts on the broken data directory, names
the file in its problems box, and still draws everything else.

Cases run in-process (`landscape.cli.parser()`), except those marked `subprocess`: a few real
`python -m landscape.cli` runs, and the files far too large, which run under an address-space
limit so that reading one whole shows as it would on a small machine. Big inputs and zip bombs
are generated at test time, small on disk: sparse files, and deflated streams of zeros.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from landscape.cli import parser
from tests.conftest import snapshot
from tests.packages import write_package
from tests.test_cli import run
from tests.ui.test_page import _app, _map_args

CORPUS = Path(__file__).parents[1] / "corpus"
GIB = 1 << 30
LARGE = 4 * GIB  # the size of the generated "far too large" files (sparse: no disk used)
TIMEOUT = 180  # seconds; a case that takes longer counts as a hang


@dataclass(frozen=True)
class Case:
    id: str
    what: str
    line: str
    fragments: tuple[str, ...] = ()
    file: str | None = None
    generate: str | None = None
    replaces: str | None = None
    remove: tuple[str, ...] = ()
    command: tuple[str, ...] = ("validate",)
    exit: int = 1
    xfail: str | None = None
    subprocess: bool = False
    memory_gib: float | None = None
    app: tuple[str, ...] = ()
    app_text: tuple[str, ...] = ()
    tab: str = "projects"

    @property
    def is_import(self) -> bool:
        return self.command[0] == "import"


def _load() -> list[Case]:
    doc = tomllib.loads((CORPUS / "cases.toml").read_text(encoding="utf-8"))
    return [
        Case(**{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()})
        for raw in doc["case"]
    ]


CASES = _load()


def _params(cases: list[Case]) -> list:
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [],
        )
        for case in cases
    ]


# -- inputs built at test time ----------------------------------------------------------------

OCCURRENCE_HEADER = b"occurrenceID\tscientificName\tdecimalLatitude\tdecimalLongitude\teventDate\n"


def _sparse(path: Path, head: bytes, size: int = LARGE) -> Path:
    """A file of `size` bytes: `head`, then a hole of zeros that takes no disk space."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(head)
    os.truncate(path, size)
    return path


def _deflated_zeros(path: Path, head: bytes, size: int) -> Path:
    """A zip whose one member, occurrence.txt, is `head` and `size` zero bytes, streamed."""
    block = bytes(1 << 20)
    with (
        zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("occurrence.txt", "w", force_zip64=size > GIB) as member,
    ):
        member.write(head)
        for _ in range(size // len(block)):
            member.write(block)
    return path


def _declare(path: Path, size: int) -> Path:
    """Rewrite the uncompressed size that a one-member zip declares, in both of its headers."""
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, 22, size)  # local file header
    central = data.rindex(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, size)  # central directory entry
    path.write_bytes(bytes(data))
    return path


def zip_bomb(folder: Path) -> Path:
    """64 MiB of zeros in about 64 KB: compressed a thousand times, honestly declared."""
    folder.mkdir(parents=True)
    return _deflated_zeros(folder / "bomb.zip", OCCURRENCE_HEADER, 64 << 20)


def zip_bomb_declared_gb(folder: Path) -> Path:
    """A 1 KB archive whose member declares 4,000,000,000 bytes uncompressed."""
    folder.mkdir(parents=True)
    return _declare(_deflated_zeros(folder / "bomb.zip", OCCURRENCE_HEADER, 1 << 20), 4_000_000_000)


def zip_bomb_understated(folder: Path) -> Path:
    """A member that declares 1,000 bytes but inflates to 64 MiB: the reader must stop early."""
    folder.mkdir(parents=True)
    return _declare(_deflated_zeros(folder / "bomb.zip", OCCURRENCE_HEADER, 64 << 20), 1000)


def large_occurrence_file(folder: Path) -> Path:
    return _sparse(folder / "occurrence.txt", OCCURRENCE_HEADER)


def large_smart_export(folder: Path) -> Path:
    header = (CORPUS / "smart" / "bad-date.csv").read_bytes().split(b"\n", 1)[0] + b"\n"
    return _sparse(folder / "export.csv", header)


def large_camtrap_package(folder: Path) -> Path:
    package = write_package(folder / "package", name="corpus-too-large")
    table = package / "observations.csv"
    _sparse(table, table.read_bytes())
    return package


def large_events_toml(folder: Path) -> Path:
    text = (CORPUS / "events" / "end-before-start.toml").read_bytes()
    return _sparse(folder / "events.toml", text + b"\n# the rest of the file is zeros\n")


GENERATORS = {
    f.__name__: f
    for f in (
        zip_bomb,
        zip_bomb_declared_gb,
        zip_bomb_understated,
        large_occurrence_file,
        large_smart_export,
        large_camtrap_package,
        large_events_toml,
    )
}


# -- running a case ---------------------------------------------------------------------------


def _input(case: Case, tmp_path: Path) -> Path:
    """A fresh copy of the case's file (never the corpus itself: GDAL may write beside it)."""
    folder = tmp_path / "input"
    if case.generate:
        return GENERATORS[case.generate](folder)
    source = CORPUS / case.file
    target = folder / source.name
    folder.mkdir(parents=True)
    if source.is_dir():
        shutil.copytree(source, target)
    else:
        shutil.copyfile(source, target)
    return target


def _prepare(case: Case, tmp_path: Path, data: Path) -> Path:
    """Put a validate case's broken file into `data`; return the input of an import case."""
    source = _input(case, tmp_path)
    if case.is_import:
        return source
    for name in case.remove:
        (data / name).unlink()
    target = data / case.replaces
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)  # a move, so that a sparse file stays sparse
    return source


# `python -m landscape.cli` under an address-space limit (set in the child, not by preexec_fn,
# which is unsafe when the test process runs threads).
LIMITED_CLI = """
import resource, runpy, sys
size = int(sys.argv.pop(1))
resource.setrlimit(resource.RLIMIT_AS, (size, size))
runpy.run_module("landscape.cli", run_name="__main__", alter_sys=True)
"""


def _state(directory: Path) -> dict[str, object]:
    """`snapshot` of the directory, but a generated file far too large (sparse, gigabytes) is
    known by its size and mtime: reading it whole would cost the test what it costs the CLI."""
    big = [p for p in directory.rglob("*") if p.is_file() and p.stat().st_size > 64 << 20]
    if not big:
        return snapshot(directory)
    return {
        p.relative_to(directory).as_posix(): (
            (p.stat().st_size, p.stat().st_mtime_ns) if p in big else p.read_bytes()
        )
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def _cli(case: Case, args: list[str], capsys) -> tuple[int, str]:
    """Exit status and output (stdout, then stderr) of `landscape ARGS`."""
    if case.memory_gib:
        try:
            done = subprocess.run(
                [sys.executable, "-c", LIMITED_CLI, str(int(case.memory_gib * GIB)), *args],
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"no answer within {TIMEOUT} s: a hang, not a clear error")
        return done.returncode, done.stdout + done.stderr
    if case.subprocess:
        done = run(*args)
        return done.returncode, done.stdout + done.stderr
    parsed = parser().parse_args(args)
    code = parsed.run(parsed)
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def no_big_files_left(tmp_path: Path):
    """Remove the generated files far too large after the test: sparse, but gigabytes to `ls`."""
    yield
    for path in tmp_path.rglob("*"):
        if path.is_file() and path.stat().st_size > 64 << 20:
            path.unlink()


@pytest.mark.parametrize("case", _params(CASES))
@pytest.mark.usefixtures("no_big_files_left")
def test_broken_input_is_named_with_its_place_and_fix(case: Case, data_copy, tmp_path, capsys):
    if case.memory_gib and not sys.platform.startswith("linux"):
        pytest.skip("the address-space limit that stands for a small machine needs Linux")
    source = _prepare(case, tmp_path, data_copy)
    before = _state(data_copy)
    args = [a.replace("{input}", str(source)) for a in case.command]
    code, output = _cli(case, [*args, "--data", str(data_copy)], capsys)

    assert "Traceback" not in output, output
    assert code == case.exit, output
    expected = case.line.replace("{input}", str(source))
    lines = [line for line in output.splitlines() if line.startswith(expected)]
    assert lines, f"no line starts with {expected!r}:\n{output}"
    assert any(all(f in line for f in case.fragments) for line in lines), (
        f"no line {expected!r}... holds all of {case.fragments}:\n" + "\n".join(lines)
    )
    if not (case.is_import and case.exit == 0):  # only an accepted import may write
        assert _state(data_copy) == before, "the data directory changed"


# -- the dashboard on a broken data directory ---------------------------------------------------

APP_CASES = [case for case in CASES if case.app]


@pytest.mark.parametrize("case", _params(APP_CASES))
def test_dashboard_names_the_broken_file_and_shows_the_rest(case: Case, monkeypatch, data_copy):
    _prepare(case, data_copy.parent, data_copy)
    at = _app(monkeypatch, data=data_copy, tab=case.tab)  # asserts the page raised nothing
    problems = "\n".join(c.value for c in at.code)
    assert case.line in problems, f"the problems box does not hold {case.line!r}:\n{problems}"
    feature_group = _map_args(at)["feature_group"]
    for shown in case.app:
        assert shown in feature_group, f"{shown!r} is no longer on the map"
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info] + [w.value for w in at.warning]
    page = " ".join(parts).replace("\\", "")  # markdown escapes
    for shown in case.app_text:
        assert shown in page, f"{shown!r} is no longer on the page"
    assert "Traceback" not in page


# -- the corpus itself --------------------------------------------------------------------------


def test_every_corpus_file_is_a_case_and_every_case_is_documented():
    names = {case.id for case in CASES}
    assert len(names) == len(CASES), "case ids are unique"
    files = {case.file for case in CASES if case.file}
    for case in CASES:
        assert (case.file is None) != (case.generate is None), f"{case.id}: file or generate"
        if case.file:
            assert (CORPUS / case.file).exists(), case.file
            assert case.id == str(Path(case.file).with_suffix("")), f"{case.id} vs {case.file}"
        else:
            assert case.generate in GENERATORS, case.generate
        assert case.is_import != (case.replaces is not None), f"{case.id}: replaces or import"
        assert case.xfail is None or case.exit == 1, f"{case.id}: an xfail expects an error"
    for path in CORPUS.rglob("*"):
        relative = path.relative_to(CORPUS)
        if path.is_file() and relative.as_posix() not in ("README.md", "cases.toml"):
            owner = relative.parts[0] + "/" + relative.parts[1]
            assert owner in files or relative.as_posix() in files, f"{relative}: no case uses it"
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    missing = [case.id for case in CASES if f"`{case.id}`" not in readme]
    assert not missing, f"cases not listed in tests/corpus/README.md: {missing}"


@pytest.mark.usefixtures("no_big_files_left")
def test_generated_bombs_are_small_on_disk(tmp_path: Path):
    for name in ("zip_bomb", "zip_bomb_declared_gb", "zip_bomb_understated"):
        path = GENERATORS[name](tmp_path / name)
        assert path.stat().st_size < 200_000, name
        with zipfile.ZipFile(path) as archive:
            declared = archive.infolist()[0].file_size
        assert declared in ((64 << 20) + len(OCCURRENCE_HEADER), 4_000_000_000, 1000), declared
    big = large_occurrence_file(tmp_path / "large")
    assert big.stat().st_size == LARGE
    assert big.stat().st_blocks * 512 < 1 << 20, "sparse: the file takes no disk space"
