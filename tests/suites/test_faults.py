"""Faults a data manager meets: an import killed midway, a read-only data directory, a full
disk, a data file deleted while the dashboard runs.

Each fault is real: SIGKILL, file permissions checked by the kernel for a process without the
power to override them (the user nobody, or root without CAP_DAC_OVERRIDE when nobody cannot
reach the interpreter) and a read-only mount, the kernel's file-size limit and a size-limited
tmpfs, files removed between two reruns of the page. What must hold: the data directory is
the old one or the new one, never a mix; refused writes end in a named, one-paragraph error
with nothing changed; the page explains a missing file and keeps rendering the rest.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from landscape.catalog import Catalog, load_catalog
from landscape.importers.boundary import import_boundary
from landscape.importers.wildlife import import_wildlife
from landscape.paths import BUNDLED_DATA, REPO
from landscape.problems import errors
from landscape.ui import map_component
from landscape.wildlife.synthetic import generate, parks_from
from tests.conftest import snapshot
from tests.packages import write_package
from tests.test_cli import _wdpa_like

RUNNER = Path(__file__).parents[1] / "fault_runner.py"
SMART_EXPORT = Path(__file__).parents[1] / "fixtures" / "smart" / "patrols-en.csv"
NOBODY = 65534

# Every function through which an import writes, renames or removes: the kill points.
KILL_POINTS = [
    "tempfile.mkdtemp",
    "tempfile.mkstemp",
    "pathlib.Path.mkdir",
    "pathlib.Path.write_text",
    "pathlib.Path.write_bytes",
    "pathlib.Path.unlink",
    "shutil.copyfile",
    "os.fsync",
    "os.rename",
    "os.replace",
    "landscape.atomic_dir._exchange",
    "shutil.rmtree",
]


# ----------------------------------------------------------------------------- helpers


def hidden(rel: str) -> bool:
    """A path below a dot-name: loaders skip it (staging folders, .partial files)."""
    return any(part.startswith(".") for part in Path(rel).parts)


def visible(directory: Path) -> dict[str, bytes]:
    """Every file a loader can see, with its bytes."""
    return {
        p.relative_to(directory).as_posix(): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and not hidden(p.relative_to(directory).as_posix())
    }


def leftovers(directory: Path) -> list[str]:
    """Top-level dot-entries anywhere below `directory` (a leftover folder counts once)."""
    return sorted(
        p.relative_to(directory).as_posix()
        for p in directory.rglob(".*")
        if not hidden(p.parent.relative_to(directory).as_posix())
    )


def datasets(cat: Catalog) -> dict[str, int]:
    """Records per dataset id: what a viewer of the catalog sees of the wildlife data."""
    return {str(k): int(v) for k, v in cat.observations.groupby("dataset").size().items()}


def same_or_report(found: dict[str, bytes], before: dict, after: dict) -> str | None:
    """ "before", "after", or None when the folder is a mix (or something else)."""
    if found == before:
        return "before"
    if found == after:
        return "after"
    return None


def diff(found: dict[str, bytes], expected: dict[str, bytes]) -> str:
    added = sorted(set(found) - set(expected))
    removed = sorted(set(expected) - set(found))
    changed = sorted(k for k in set(found) & set(expected) if found[k] != expected[k])
    return f"added {added}, removed {removed}, changed {changed}"


# ----------------------------------------------------------------------------- inputs

KIND = "camtrap-dp"


def light_copy(target: Path, *datasets: Path) -> Path:
    """geodata/ without its bundled wildlife samples (which only slow each load down), with
    `datasets` (dataset folders) instead: the data that a killed import must leave alone."""
    shutil.copytree(BUNDLED_DATA, target, ignore=shutil.ignore_patterns("synthetic-*"))
    for folder in datasets:
        shutil.copytree(folder, target / "observations" / folder.name)
    return target


def smart_versions(folder: Path) -> tuple[Path, Path]:
    """Two versions of one SMART export: v1 without its last patrol, v2 complete."""
    lines = SMART_EXPORT.read_text(encoding="utf-8").splitlines(keepends=True)
    last_patrol = lines[-1].split(",", 1)[0]
    v1 = [line for line in lines if not line.startswith(last_patrol + ",")]
    assert 1 < len(v1) < len(lines)
    (folder / "v1").mkdir(parents=True)
    (folder / "v2").mkdir(parents=True)
    (folder / "v1" / "patrols.csv").write_text("".join(v1), encoding="utf-8")
    shutil.copyfile(SMART_EXPORT, folder / "v2" / "patrols.csv")
    return folder / "v1" / "patrols.csv", folder / "v2" / "patrols.csv"


def observation_rows(n: int) -> list[dict[str, str]]:
    return [
        {
            "observationID": f"obs-{i}",
            "deploymentID": "dep-1",
            "eventID": f"ev-{i}",
            "eventStart": f"2023-06-{1 + i % 28:02d}T03:{i % 60:02d}:15+06:00",
            "eventEnd": f"2023-06-{1 + i % 28:02d}T03:{i % 60:02d}:45+06:00",
            "observationLevel": "event",
            "observationType": "animal",
            "scientificName": "Panthera uncia",
            "count": str(1 + i % 3),
        }
        for i in range(n)
    ]


def camtrap_versions(folder: Path) -> tuple[Path, Path]:
    """Two versions of one Camtrap DP package (same name, so the same dataset id)."""
    v1 = write_package(folder / "v1" / "fault-cams", name="fault-cams")
    v2 = write_package(folder / "v2" / "fault-cams", "fault-cams", None, observation_rows(40))
    return v1, v2


DWC_HEADER = ("occurrenceID", "scientificName", "decimalLatitude", "decimalLongitude", "eventDate")


def dwc_versions(folder: Path) -> tuple[Path, Path]:
    """Two versions of one Darwin Core occurrence file."""
    out = []
    for version, rows in (("v1", 2), ("v2", 5)):
        path = folder / version / "fault-occurrences.txt"
        path.parent.mkdir(parents=True)
        lines = ["\t".join(DWC_HEADER)] + [
            f"occ-{i}\tPanthera uncia\t42.8{i}\t76.7{i}\t2023-06-1{i}" for i in range(rows)
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        out.append(path)
    return out[0], out[1]


# ----------------------------------------------------------------------------- 1. SIGKILL


SCENARIOS = [
    "camtrap-dp/new",
    "camtrap-dp/replace",
    "smart/new",
    "smart/replace",
    "dwc/replace",
    "boundary/replace",
]


def _argv(kind: str, source: Path) -> list[str]:
    if kind == "boundary":
        return ["import", "boundary", str(source), "--park", "ile-alatau", "--data", "{data}"]
    extra = ["--id", "fault-patrols"] if kind == "smart" else []
    return ["import", kind, str(source), *extra, "--data", "{data}"]


def _import(kind: str, data: Path, source: Path) -> None:
    """A plain import in this process."""
    if kind == "boundary":
        import_boundary(data, source, "ile-alatau")
    else:
        import_wildlife(data, source, kind, "fault-patrols" if kind == "smart" else None)


@pytest.fixture(scope="module")
def kills(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """Every scenario run by tests/fault_runner.py: a clean import, then one killed import per
    (kill point, first or last call, before or after the call); and, independently, a plain
    import of the same input into another copy."""
    root = tmp_path_factory.mktemp("kills")
    inputs = root / "inputs"
    wdpa = inputs / "wdpa.gpkg"
    inputs.mkdir()
    _wdpa_like(wdpa)
    neighbour = root / "neighbour"
    light_copy(neighbour)
    import_wildlife(neighbour, write_package(inputs / "neighbour-cams", "neighbour-cams"), KIND)
    neighbour = neighbour / "observations" / "neighbour-cams"
    versions = {
        "camtrap-dp": camtrap_versions(inputs / "camtrap"),
        "smart": smart_versions(inputs / "smart"),
        "dwc": dwc_versions(inputs / "dwc"),
        "boundary": (wdpa, wdpa),
    }
    plan = []
    for name in SCENARIOS:
        kind, slot = name.split("/")
        old, new = versions[kind]
        base = root / name.replace("/", "-")
        light_copy(base, neighbour)
        if slot == "replace" and kind != "boundary":
            _import(kind, base, old)
        shutil.copytree(base, base.with_name(base.name + ".independent"))
        _import(kind, base.with_name(base.name + ".independent"), new)
        plan.append(
            {"name": name, "base": str(base), "argv": _argv(kind, new), "points": KILL_POINTS}
        )
    (root / "plan.json").write_text(json.dumps(plan))
    done = subprocess.run(
        [sys.executable, str(RUNNER), str(root / "plan.json"), str(root / "results.json")],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads((root / "results.json").read_text())
    return {r["name"]: r | {"base": str(root / r["name"].replace("/", "-"))} for r in results}


def _pattern(names: list[str]) -> tuple[str, ...]:
    """Leftover names without their random part: the loader sees names, not contents."""
    return tuple(re.sub(r"\.[a-z0-9_]{8}\.partial", ".*.partial", n) for n in names)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_killed_import_leaves_the_old_or_the_new_data_never_a_mix(kills, scenario):
    """SIGKILL before or after the first and the last call of every function through which
    the import writes, renames or removes (tests/fault_runner.py). After each kill the files a
    loader sees equal those before the import or those after a plain import of the same input
    into another copy; dot-leftovers may remain, and the catalog ignores them: it loads with
    no error and the datasets of the state it equals (checked once per state and leftover
    pattern, since the loader skips dot-names by their name)."""
    result = kills[scenario]
    assert "error" not in result, result
    base, clean = Path(result["base"]), result["clean"]
    assert clean["signal"] is None and clean["exit"] == 0, clean["log"]
    before = visible(base)
    after = visible(base.with_name(base.name + ".independent"))
    assert visible(Path(clean["dir"])) == after, "the runner's clean import is a plain import"
    assert before != after, "the import must change something, or the test proves nothing"
    assert not leftovers(Path(clean["dir"])), "a clean import leaves no dot-leftovers"
    catalogs = {"before": load_catalog(base), "after": load_catalog(Path(clean["dir"]))}
    assert not any(errors(list(c.problems)) for c in catalogs.values())
    expected = {state: datasets(cat) for state, cat in catalogs.items()}
    assert "neighbour-cams" in expected["before"] and "neighbour-cams" in expected["after"]

    runs = result["runs"]
    assert len(runs) >= 8, f"only {len(runs)} kills: the points were not reached"
    failures, lines, checked = [], [], set()
    for run in runs:
        folder = Path(run["dir"])
        case = f"{run['point']} {run['when']} call {run['nth']}"
        if run["signal"] != signal.SIGKILL:
            failures.append(f"{case}: not killed (exit {run['exit']}): {run['log']}")
            continue
        state = same_or_report(visible(folder), before, after)
        left = leftovers(folder)
        lines.append(f"{case}: {state}, {len(left)} leftover(s) {left}")
        if state is None:
            failures.append(f"{case}: a mix: {diff(visible(folder), before)} against before")
            continue
        if not left or (state, _pattern(left)) in checked:
            continue  # no leftover: the very files of `state`, whose catalog is checked above
        checked.add((state, _pattern(left)))
        cat = load_catalog(folder)
        bad = [p.line() for p in errors(list(cat.problems))]
        if bad or datasets(cat) != expected[state]:
            failures.append(f"{case}: catalog {datasets(cat)} errors {bad}")
        if any("partial" in p.line() for p in cat.problems):
            failures.append(f"{case}: the catalog reports a leftover: {list(cat.problems)}")
    print(f"\n{scenario}: {len(runs)} kills", *lines, sep="\n  ")
    assert not failures, "\n".join(failures)


def _staging_appeared(folder: Path, prefix: str) -> bool:
    with contextlib.suppress(FileNotFoundError):
        return any(name.startswith(prefix) for name in os.listdir(folder))
    return False


def _timed_import(argv: list[str], kill_at: float | None, watch: Path, prefix: str) -> dict:
    """A real `landscape import`, killed with SIGKILL `kill_at` seconds after its staging
    folder appears in `watch` (a negative value: that many seconds after the start, whatever
    it is doing then). Times from the start: `staged` when the staging folder appeared,
    `settled` when it was gone again (swapped in and cleaned up), `seconds` the end."""
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "landscape.cli", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    staged = settled = None
    deadline = start - kill_at if kill_at is not None and kill_at < 0 else None
    while proc.poll() is None:
        now = time.monotonic()
        present = _staging_appeared(watch, prefix)
        if staged is None and present:
            staged = now - start
            if kill_at is not None and kill_at >= 0:
                deadline = now + kill_at
        elif staged is not None and settled is None and not present:
            settled = now - start
        if deadline is not None and now >= deadline:
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.002)
    _, stderr = proc.communicate(timeout=120)
    end = time.monotonic() - start
    return {
        "code": proc.returncode,
        "staged": staged,
        "settled": settled or end,
        "seconds": end,
        "stderr": stderr,
    }


def test_real_import_killed_after_seeded_random_delays(tmp_path: Path):
    """The same property for a real `landscape import camtrap-dp` of a larger package (tens of
    thousands of records) replacing an older version, killed with SIGKILL after random delays
    (seeded, so a failure can be replayed): one while it is still reading the package, the
    others while its staging folder exists, spread over the time a clean import keeps one
    (building, checking, swapping, cleaning up)."""
    package = tmp_path / "in" / "fault-big"
    generate(package, parks_from(BUNDLED_DATA), seed=11, scale=2)
    base = light_copy(tmp_path / "base")
    import_wildlife(base, write_package(tmp_path / "old" / "fault-big", "fault-big"), KIND)
    before = visible(base)
    argv = ["import", KIND, str(package), "--data"]

    clean = tmp_path / "clean"
    shutil.copytree(base, clean)
    done = _timed_import([*argv, str(clean)], None, clean / "observations", ".fault-big.")
    assert done["code"] == 0, done["stderr"]
    assert done["staged"] is not None, "the staging folder was never seen"
    after = visible(clean)
    window = done["settled"] - done["staged"]

    rng = random.Random(20240607)
    delays = [-rng.uniform(0.2, done["staged"])] + [rng.uniform(0, window) for _ in range(3)]
    lines, failures = [], []
    for i, delay in enumerate(delays):
        folder = tmp_path / f"kill-{i}"
        shutil.copytree(base, folder)
        run = _timed_import([*argv, str(folder)], delay, folder / "observations", ".fault-big.")
        state = same_or_report(visible(folder), before, after)
        left = leftovers(folder)
        lines.append(
            f"delay {delay:+.2f}s: exit {run['code']}, {state}, {len(left)} leftover(s) {left}"
        )
        if run["code"] not in (-signal.SIGKILL, 0) or "Traceback" in run["stderr"]:
            failures.append(f"delay {delay:+.2f}s: {run['stderr']}")
        if state is None:
            failures.append(f"delay {delay:+.2f}s: a mix: {diff(visible(folder), before)}")
        elif left and errors(list(load_catalog(folder).problems)):
            failures.append(f"delay {delay:+.2f}s: the catalog has errors")
    print(
        f"\nclean import {done['seconds']:.2f}s, staging folder from {done['staged']:.2f}s "
        f"to {done['settled']:.2f}s",
        *lines,
        sep="\n  ",
    )
    assert not failures, "\n".join(failures)


# ----------------------------------------------------------------------------- 2. read-only

PR_CAPBSET_DROP, CAP_DAC_OVERRIDE = 24, 1


def _as_nobody() -> None:
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def _without_dac_override() -> None:
    """Root, but bound by file permissions: CAP_DAC_OVERRIDE leaves the bounding set, so the
    process that is executed next does not have it."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _commands(
    commands: list[dict], preexec: Callable[[], None] | None = None, home: Path | None = None
) -> list[dict]:
    """Run `landscape` commands through tests/fault_runner.py --commands (one interpreter,
    one fork per command)."""
    spec = Path(tempfile.mkstemp(suffix=".json")[1])
    try:
        spec.write_text(json.dumps(commands))
        os.chmod(spec, 0o644)
        done = subprocess.run(
            [sys.executable, str(RUNNER), "--commands", str(spec)],
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=preexec,
            cwd=REPO,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
            | ({"HOME": str(home), "MPLCONFIGDIR": str(home)} if home else {}),
        )
    finally:
        spec.unlink()
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def open_tmp() -> Iterator[Path]:
    """A temporary folder that an unprivileged user can enter (pytest's is private)."""
    folder = Path(tempfile.mkdtemp(prefix="landscape-faults-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if path.is_dir() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.chmod(0o755)
    shutil.rmtree(folder, ignore_errors=True)


def _unprivileged(probe_dir: Path) -> tuple[Callable[[], None] | None, str, int | None]:
    """How to run a process that file permissions bind: (preexec_fn, who, owner to give the
    data directory). As root, the user nobody when it can run this interpreter, else root
    without CAP_DAC_OVERRIDE (the interpreter may live in a folder only root can enter)."""
    if os.geteuid() != 0:
        return None, f"uid {os.geteuid()}", None
    probe = [sys.executable, "-c", "import landscape"]
    for preexec, who, owner in (
        (_as_nobody, "nobody (uid 65534)", NOBODY),
        (_without_dac_override, "root without CAP_DAC_OVERRIDE", None),
    ):
        with contextlib.suppress(OSError):  # PermissionError: it cannot run the interpreter
            done = subprocess.run(probe, preexec_fn=preexec, capture_output=True, cwd=probe_dir)
            if done.returncode == 0:
                return preexec, who, owner
    pytest.skip("as root, neither the user nobody nor root without CAP_DAC_OVERRIDE can run Python")


def _make_read_only(folder: Path, owner: int | None) -> None:
    for path in [folder, *folder.rglob("*")]:
        if owner is not None:
            os.chown(path, owner, owner)
        path.chmod(0o555 if path.is_dir() else 0o444)


@contextlib.contextmanager
def _mounted(args: list[str], target: Path) -> Iterator[bool]:
    """`mount ARGS TARGET` for the duration; False when this system does not allow it."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        yield False
        return
    done = subprocess.run(["mount", *args, str(target)], capture_output=True)
    try:
        yield done.returncode == 0
    finally:
        if done.returncode == 0:
            umount = subprocess.run(["umount", str(target)], capture_output=True)
            if umount.returncode != 0:  # busy: detach it now, the kernel frees it later
                subprocess.run(["umount", "-l", str(target)], capture_output=True)


@contextlib.contextmanager
def _read_only_mount(source: Path, target: Path) -> Iterator[bool]:
    """`source` seen read-only at `target` (a read-only bind mount): EROFS, even for root."""
    target.mkdir()
    with _mounted(["--bind", str(source)], target) as bound:
        if not bound:
            yield False
            return
        remount = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(target)], capture_output=True
        )
        yield remount.returncode == 0


@pytest.fixture(scope="module")
def read_only(open_tmp: Path) -> Iterator[dict]:
    """A read-only data directory two ways: by permissions for an unprivileged process, and
    as a read-only mount; each with imports, `validate` and `summary` run against it."""
    preexec, who, owner = _unprivileged(open_tmp)
    package = write_package(open_tmp / "in" / "fault-cams", "fault-cams")
    wdpa = open_tmp / "in" / "wdpa.gpkg"
    _wdpa_like(wdpa)
    for path in (open_tmp / "in").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    folders = {"permissions": light_copy(open_tmp / "ro-permissions")}
    before = {name: snapshot(folder) for name, folder in folders.items()}
    _make_read_only(folders["permissions"], owner)
    probe = subprocess.run(
        [sys.executable, "-c", f"open({str(folders['permissions'] / 'probe')!r}, 'w')"],
        preexec_fn=preexec,
        capture_output=True,
    )
    if probe.returncode == 0:
        pytest.skip(f"as {who}, a folder without write permission is still writable")
    with contextlib.ExitStack() as stack:
        source = light_copy(open_tmp / "ro-mount-source")
        if stack.enter_context(_read_only_mount(source, open_tmp / "ro-mount")):
            folders["mount"] = open_tmp / "ro-mount"
            before["mount"] = snapshot(source)
        commands = {}
        for name, folder in folders.items():
            data = str(folder)
            commands[name] = {
                "camtrap-dp": ["import", KIND, str(package), "--data", data],
                "boundary": [
                    "import",
                    "boundary",
                    str(wdpa),
                    "--park",
                    "ile-alatau",
                    "--data",
                    data,
                ],
                "validate": ["validate", "--data", data],
                "summary": ["summary", "--json", "--data", data],
            }
        flat = [(n, c, argv) for n, cmds in commands.items() for c, argv in cmds.items()]
        home = open_tmp / "home"  # a HOME the unprivileged user may write (matplotlib's cache)
        home.mkdir(mode=0o777)
        home.chmod(0o777)
        results = _commands([{"argv": argv} for _, _, argv in flat], preexec, home)
        yield {
            "who": who,
            "folders": folders,
            "before": before,
            "results": {(n, c): r for (n, c, _), r in zip(flat, results, strict=True)},
        }


@pytest.mark.parametrize("how", ["permissions", "mount"])
@pytest.mark.parametrize("command", ["camtrap-dp", "boundary"])
def test_import_into_read_only_data_dir_fails_clearly(read_only, how, command):
    """An import into a data directory it may not write: exit 1, one message that names the
    folder and the refusal and says nothing was changed; no traceback; not a byte changed."""
    if how not in read_only["folders"]:
        pytest.skip("read-only bind mounts need root and a system that allows mount")
    folder = read_only["folders"][how]
    done = read_only["results"][(how, command)]
    print(f"\nas {read_only['who']}: {done['stderr']}")
    assert done["exit"] == 1, done
    assert "Traceback" not in done["stderr"]
    assert "nothing was changed" in done["stderr"]
    reason = "Permission denied" if how == "permissions" else "Read-only file system"
    assert reason in done["stderr"]
    written = folder / "observations" if command == KIND else folder
    assert f"{written}/" in done["stderr"] or f"{written}:" in done["stderr"]
    assert len(done["stderr"].strip().splitlines()) == 1
    assert snapshot(folder) == read_only["before"][how]


@pytest.mark.parametrize("how", ["permissions", "mount"])
def test_start_up_reads_a_read_only_data_dir(read_only, how):
    """The dashboard only reads the data directory. Running the page as another user inside
    AppTest is impractical (AppTest runs in this process), so start-up is checked through the
    commands that load the same catalog, `validate` and `summary`, run by the unprivileged
    process; test_page_renders_from_a_read_only_mount runs the page itself on the read-only
    mount, which binds root too."""
    if how not in read_only["folders"]:
        pytest.skip("read-only bind mounts need root and a system that allows mount")
    validate = read_only["results"][(how, "validate")]
    summary = read_only["results"][(how, "summary")]
    assert validate["exit"] == 0, validate
    assert "0 error(s)" in validate["stdout"]
    assert summary["exit"] == 0, summary
    assert json.loads(summary["stdout"])["counts"]["parks"] == 2
    assert "Traceback" not in validate["stderr"] + summary["stderr"]
    assert snapshot(read_only["folders"][how]) == read_only["before"][how]


# ----------------------------------------------------------------------------- 3. disk full


def _largest_written(kind: str, source: Path, scratch: Path) -> int:
    """The size of the largest file a clean import of `source` writes."""
    data = light_copy(scratch)
    _import(kind, data, source)
    return max(p.stat().st_size for p in (data / "observations").rglob("*") if p.is_file())


def _big_package(folder: Path, size: int) -> Path:
    """A valid Camtrap DP package of at least `size` bytes."""
    rows = size // 200 + 1
    while True:
        package = write_package(folder, "fault-cams", None, observation_rows(rows))
        if sum(p.stat().st_size for p in package.iterdir()) >= size:
            return package
        rows *= 2


@pytest.fixture(scope="module")
def disk_full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """Imports that run out of space: the file-size limit (RLIMIT_FSIZE at half the largest
    file the import writes), and, as root where mount works, a tmpfs of a few MB."""
    root = tmp_path_factory.mktemp("full")
    camtrap = write_package(root / "in" / "fault-cams", "fault-cams", None, observation_rows(40))
    smart_v1, smart = smart_versions(root / "in" / "smart")
    cases: dict[str, dict] = {
        "rlimit-camtrap-dp": {
            "argv": ["import", KIND, str(camtrap)],
            "fsize": _largest_written(KIND, camtrap, root / "scratch-camtrap") // 2,
        },
        "rlimit-smart": {
            "argv": ["import", "smart", str(smart), "--id", "fault-patrols"],
            "fsize": _largest_written("smart", smart, root / "scratch-smart") // 2,
        },
    }
    for name, case in cases.items():
        case["data"] = light_copy(root / name)
        if name == "rlimit-smart":  # a version to replace, as well
            import_wildlife(case["data"], smart_v1, "smart", "fault-patrols")
    with contextlib.ExitStack() as stack:
        mount = root / "tmpfs"
        mount.mkdir()
        size = sum(p.stat().st_size for p in BUNDLED_DATA.rglob("*") if p.is_file())
        limit = size + 2**20
        if stack.enter_context(_mounted(["-t", "tmpfs", "-o", f"size={limit}", "tmpfs"], mount)):
            data = light_copy(mount / "geodata")
            free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
            package = _big_package(root / "in" / "big" / "fault-cams", free + 2**18)
            cases["tmpfs-camtrap-dp"] = {"argv": ["import", KIND, str(package)], "data": data}
        for case in cases.values():
            case["before"] = snapshot(case["data"])
        commands = [
            {"argv": [*c["argv"], "--data", str(c["data"])], "fsize": c.get("fsize")}
            for c in cases.values()
        ]
        for case, result in zip(cases.values(), _commands(commands), strict=True):
            case["result"] = result
        yield cases


DISK_FULL = ["rlimit-camtrap-dp", "rlimit-smart", "tmpfs-camtrap-dp"]


def _disk_full_case(disk_full: dict, name: str) -> dict:
    if name not in disk_full:
        pytest.skip("a tmpfs mount needs root and a system that allows mount")
    return disk_full[name]


@pytest.mark.parametrize("name", DISK_FULL)
def test_import_on_a_full_disk_fails_cleanly(disk_full, name):
    """The disk fills during the import: exit 1, a one-line message with the system's reason
    that says nothing was changed, no traceback, the data byte for byte as before, and no
    staging leftovers (the cleanup ran)."""
    case = _disk_full_case(disk_full, name)
    done = case["result"]
    print(f"\n{name} (limit {case.get('fsize')} bytes): {done['stderr']}")
    assert done["exit"] == 1, done
    assert "Traceback" not in done["stderr"]
    assert "nothing was changed" in done["stderr"]
    assert "File too large" in done["stderr"] or "No space left on device" in done["stderr"]
    assert len(done["stderr"].strip().splitlines()) == 1
    assert snapshot(case["data"]) == case["before"]
    assert leftovers(case["data"]) == []


@pytest.mark.parametrize("name", DISK_FULL)
def test_full_disk_message_names_the_data_directory(disk_full, name):
    """The path the message names is where the write failed: inside the data directory, not
    the input (which was only read)."""
    case = _disk_full_case(disk_full, name)
    named = case["result"]["stderr"].split(": error: ", 1)[0]
    assert Path(named).is_relative_to(case["data"]), named


# ----------------------------------------------------------------------------- 4. deleted files


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[AppTest, Path]]:
    """The page running on a writable copy of geodata/, rendered once."""
    data = tmp_path_factory.mktemp("page") / "geodata"
    shutil.copytree(BUNDLED_DATA, data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LANDSCAPE_DATA", str(data))
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.session_state[map_component.REPORTED] = True  # the whole page, as once loaded
        at.run()
        assert not at.exception, at.exception
        assert _problems_text(at) == ""
        yield at, data


def _problems_text(at: AppTest) -> str:
    """Everything the page says about data problems."""
    return "\n".join(
        [c.value for c in at.code if "error" in c.value or "warning" in c.value]
        + [e.value for e in at.error]
        + [w.value for w in at.warning if "missing" in w.value]
    )


def _renders(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert len(at.get("component_instance")) == 1, "the map is gone"
    assert len(at.tabs) == 5


@pytest.mark.parametrize(
    "name",
    [
        "parks.geojson",
        "observations/synthetic-sample/observations.csv",
        "ui/en.toml",
    ],
)
def test_file_deleted_while_the_page_runs(page, name):
    """A data file disappears between two reruns (the app caches the catalog keyed on file
    names, sizes and mtimes): the rerun does not crash, names the missing file and renders
    everything else, the map included; when the file is back, so is the page."""
    at, data = page
    path = data / name
    kept = path.read_bytes()
    path.unlink()
    try:
        at.run()
        _renders(at)
        said = _problems_text(at)
        print(f"\n{name} deleted: {said}")
        assert name in said, said
        assert "Traceback" not in said
    finally:
        path.write_bytes(kept)
        at.run()
    _renders(at)
    assert _problems_text(at) == ""


def test_page_renders_from_a_read_only_mount(page, read_only, monkeypatch):
    """Start-up with a read-only data directory, the page itself: on a read-only mount, which
    refuses writes to root as well, the page renders with no data problem."""
    if "mount" not in read_only["folders"]:
        pytest.skip("read-only bind mounts need root and a system that allows mount")
    at, _ = page
    monkeypatch.setenv("LANDSCAPE_DATA", str(read_only["folders"]["mount"]))
    at.run()
    _renders(at)
    assert _problems_text(at) == ""
