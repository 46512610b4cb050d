"""Serving an app for a benchmark: a `streamlit run` on a free loopback port, and Chromium.

Any app can be served, not only the dashboard: the floor and the naive baseline are small apps
written into a temporary folder whose `static/` links to the repository's served assets, so
that they too render with no internet.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from landscape.mapview.assets import STATIC_DIR, ensure_static
from landscape.paths import BUNDLED_DATA, REPO

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]
START_TIMEOUT_S = 120


@dataclass(frozen=True)
class Server:
    url: str
    pid: int
    log: Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        sys.exit("chromium is missing: apt-get install chromium (see the Makefile)")
    return found


def app_folder(work: Path, name: str, source: str) -> Path:
    """`source` written as `work/name/app.py`, beside a `static` link to the served assets."""
    folder = work / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "app.py").write_text(source, encoding="utf-8")
    ensure_static()
    link = folder / "static"
    if not link.exists():
        link.symlink_to(STATIC_DIR, target_is_directory=True)
    return folder / "app.py"


@contextmanager
def serve(app: Path, log: Path, data: Path = BUNDLED_DATA) -> Iterator[Server]:
    """`streamlit run app` with the repository's config (cwd), on data `data`."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(app)]
    if app == REPO / "app.py":  # the dashboard as `make run` starts it: loaded before ready
        command = [sys.executable, "-m", "landscape.ui.serve"]
    options = ["--server.port", str(port), "--server.address", "127.0.0.1"]
    options += ["--server.headless", "true", "--server.enableStaticServing", "true"]
    env = {**os.environ, "LANDSCAPE_DATA": str(data)}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            command + options, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    try:
        url = f"http://127.0.0.1:{port}/"
        _wait_healthy(url, proc, log)
        yield Server(url, proc.pid, log)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"streamlit exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    proc.kill()
    sys.exit(f"streamlit did not start in {START_TIMEOUT_S} s; see {log}")


def peak_rss_mb(pid: int) -> float:
    """The peak resident memory of a running process (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def tracebacks(log: Path) -> int:
    return log.read_text(errors="replace").count("Traceback")


def report(result: dict, json_out: str | None) -> int:
    """Print a load result as a table (details as JSON lines), write it as JSON if asked;
    the exit status: 1 when any error or cross-talk was seen."""
    rows = [(k, v) for k, v in result.items() if k != "details"]
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    for detail in result.get("details", []):
        print(json.dumps(detail, ensure_ascii=False))
    if json_out:
        Path(json_out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 1 if result["errors"] or result["crosstalk"] else 0


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def latencies(loads: list[float], reruns: list[float]) -> dict[str, float | int | None]:
    """p50 and p95 of page loads and of reruns, in seconds, and the number of reruns."""
    return {
        "load_p50_s": round(statistics.median(loads), 2) if loads else None,
        "load_p95_s": round(pct(loads, 0.95), 2),
        "rerun_p50_s": round(statistics.median(reruns), 2) if reruns else None,
        "rerun_p95_s": round(pct(reruns, 0.95), 2),
        "reruns": len(reruns),
    }
