"""Run `landscape` commands under faults: the harness of tests/suites/test_faults.py.

Usage: python tests/fault_runner.py PLAN.json RESULTS.json
       python tests/fault_runner.py --commands COMMANDS.json  (results as JSON on stdout)

Commands: a list of {"argv", "fsize"}; each runs as `landscape.cli.main(argv)` in a fork of
this process (Python and the project imported once), with its stdout and stderr captured, and,
when "fsize" is set, the kernel's file-size limit RLIMIT_FSIZE at that many bytes and SIGXFSZ
ignored: a write beyond it fails with EFBIG, as on a full disk. The result of each is
{"argv", "exit", "signal", "stdout", "stderr"}; an exception that escapes `main` is printed
with its traceback and exits 98.

Kill plan:
The plan is a list of scenarios, each {"name", "base", "argv", "points"}: `base` is a data
directory that is never touched, `argv` the command line for `landscape.cli.main` with "{data}"
where the data directory goes, `points` the functions to break ("os.rename",
"pathlib.Path.write_text", "landscape.atomic_dir._exchange"...).

For each scenario the runner copies `base` to a working folder and starts the command on it
with every point wrapped. The wrappers count calls and change nothing else. At the first call
of any point, before the command has written anything, the process becomes a checkpoint: it
forks one child per run, each of which continues the command from there on the pristine
folder, while the checkpoint waits, moves the folder the child leaves to `<base>.<run>` and
copies `base` in again. The first child runs to the end (the clean import, into
`<base>.after`), and counts the calls of each point. Then, for each point that has calls,
its first and last call, and each moment ("before": instead of the call, "after": once the
call has returned or raised), one child sends itself SIGKILL there: no `finally`, no `atexit`
and no buffered write gets a chance to tidy up.

Reading and checking the input, which every run shares, is done once, and a run costs the
writing part of an import only.

The results file lists every run: point, moment, call number, the folder it left, how the
process ended (signal or exit code), its CPU seconds and its log (stdout and stderr).
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import resource
import selectors
import shutil
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

import landscape.atomic_dir  # a patch point lives there
import landscape.cli


def _resolve(point: str) -> tuple[Any, str]:
    """The object and attribute name of a dotted point: the longest importable module prefix,
    then attributes ("pathlib.Path.write_text" is the attribute write_text of pathlib.Path)."""
    parts = point.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            owner: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:-1]:
            owner = getattr(owner, name)
        return owner, parts[-1]
    raise ValueError(f"cannot resolve {point!r}")


def _write(path: Path, text: str) -> None:
    """Write without the patched functions."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class Scenario:
    """One command, its checkpoint and its runs."""

    def __init__(self, scenario: dict) -> None:
        self.name: str = scenario["name"]
        self.base = Path(scenario["base"])
        self.work = self.base.with_name(self.base.name + ".work")
        self.argv = [a.replace("{data}", str(self.work)) for a in scenario["argv"]]
        self.points: list[str] = scenario["points"]
        self.results = self.base.with_name(self.base.name + ".results.json")
        self.checkpoint_pending = True
        self.kill: tuple[str, str, int] | None = None  # point, moment, call number
        self.counts: dict[str, int] = {}
        self.log: Path | None = None

    # -- in every process: the wrappers

    def install(self) -> None:
        for point in self.points:
            owner, name = _resolve(point)
            setattr(owner, name, self._wrapper(point, getattr(owner, name)))

    def _wrapper(self, point: str, real: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self.checkpoint_pending:
                self.checkpoint_pending = False
                self._checkpoint()  # returns in the children only
            self.counts[point] = n = self.counts.get(point, 0) + 1
            self._maybe_kill(point, "before", n)
            try:
                return real(*args, **kwargs)
            finally:
                self._maybe_kill(point, "after", n)

        return wrapper

    def _maybe_kill(self, point: str, moment: str, n: int) -> None:
        if self.kill == (point, moment, n):
            sys.stdout.flush()
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGKILL)

    # -- the checkpoint

    def _checkpoint(self) -> None:
        if _files(self.work) != _files(self.base):
            error = "the command changed the data directory before any patched call"
            _write(self.results, json.dumps({"name": self.name, "error": error}))
            os._exit(0)
        clean = self._spawn(None, self.base.with_name(self.base.name + ".after"))
        if clean is None:
            return  # the child: on with the command
        runs = []
        for point in self.points:
            calls = (clean["counts"] or {}).get(point, 0)
            for nth in sorted({1, calls}) if calls else []:
                for moment in ("before", "after"):
                    tag = f"{point}-{moment}-{nth}".replace(".", "_")
                    folder = self.base.with_name(f"{self.base.name}.{tag}")
                    done = self._spawn((point, moment, nth), folder)
                    if done is None:
                        return
                    runs.append({"point": point, "when": moment, "nth": nth, **done})
        _write(self.results, json.dumps({"name": self.name, "clean": clean, "runs": runs}))
        os._exit(0)

    def _spawn(self, kill: tuple[str, str, int] | None, keep: Path) -> dict | None:
        """Fork a child that continues the command with `kill`; move what it leaves to `keep`
        and put a pristine copy of the base in its place. None in the child."""
        sys.stdout.flush()
        sys.stderr.flush()
        log = keep.with_name(keep.name + ".log")
        pid = os.fork()
        if pid == 0:
            self.kill, self.counts, self.log = kill, {}, log
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            os.close(fd)
            return None
        _, status, usage = os.wait4(pid, 0)
        os.rename(self.work, keep)
        shutil.copytree(self.base, self.work, symlinks=True)
        counts = log.with_name(log.name + ".counts.json")
        return {
            "dir": str(keep),
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "counts": json.loads(counts.read_text()) if counts.exists() else None,
            "cpu": round(usage.ru_utime + usage.ru_stime, 3),
            "log": log.read_text(errors="replace"),
        }

    # -- the command

    def run(self) -> None:
        """In a forked process: the command up to the checkpoint (which never returns there),
        and to the end in each child."""
        code = 99
        try:
            self.install()
            code = landscape.cli.main(self.argv)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:  # a traceback is a finding: logged, exit 98
            traceback.print_exc()
            code = 98
        finally:
            with contextlib.suppress(BaseException):
                sys.stdout.flush()
                sys.stderr.flush()
                if self.log is not None:
                    _write(
                        self.log.with_name(self.log.name + ".counts.json"), json.dumps(self.counts)
                    )
                else:  # no point was ever called: the command ended before writing anything
                    _write(self.results, json.dumps({"name": self.name, "error": code}))
            os._exit(code)


def run_scenario(plan: dict) -> dict:
    scenario = Scenario(plan)
    shutil.copytree(scenario.base, scenario.work, symlinks=True)
    pid = os.fork()
    if pid == 0:
        scenario.run()
    _, status = os.waitpid(pid, 0)
    shutil.rmtree(scenario.work, ignore_errors=True)
    if not scenario.results.exists():
        return {"name": scenario.name, "error": f"checkpoint process ended with status {status}"}
    return json.loads(scenario.results.read_text())


def run_command(argv: list[str], fsize: int | None) -> dict:
    """`landscape.cli.main(argv)` in a forked child; its output through pipes (never files,
    which the file-size limit would cut)."""
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(out_r)
        os.close(err_r)
        os.dup2(out_w, 1)
        os.dup2(err_w, 2)
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
        code = 99
        try:
            code = landscape.cli.main(argv)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        except BaseException:
            traceback.print_exc()
            code = 98
        finally:
            with contextlib.suppress(BaseException):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
    os.close(out_w)
    os.close(err_w)
    chunks: dict[int, list[bytes]] = {out_r: [], err_r: []}
    with selectors.DefaultSelector() as selector:
        for fd in chunks:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            for key, _ in selector.select():
                data = os.read(key.fd, 65536)
                if data:
                    chunks[key.fd].append(data)
                else:
                    selector.unregister(key.fd)
                    os.close(key.fd)
    _, status = os.waitpid(pid, 0)
    return {
        "argv": argv,
        "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "stdout": b"".join(chunks[out_r]).decode(errors="replace"),
        "stderr": b"".join(chunks[err_r]).decode(errors="replace"),
    }


def main() -> int:
    if sys.argv[1] == "--commands":
        commands = json.loads(Path(sys.argv[2]).read_text())
        results = [run_command(c["argv"], c.get("fsize")) for c in commands]
        print(json.dumps(results))
        return 0
    plan = json.loads(Path(sys.argv[1]).read_text())
    results = [run_scenario(scenario) for scenario in plan]
    Path(sys.argv[2]).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
