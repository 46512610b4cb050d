"""`make run`'s launcher (landscape.ui.serve): the code and the data are loaded before the
server says it is ready, so the first visitor's run loads nothing (issue 21, no cold wait)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from landscape.paths import REPO
from landscape.ui import cache, serve
from tests.ui.test_page import _app
from tests.visitors import run_visits, visitors

READY = "You can now view your Streamlit app"


def _loads(monkeypatch) -> list[Path]:
    """Record every load of a data directory's catalog from now on."""
    seen: list[Path] = []
    real = cache.load_catalog

    def counting(directory: Path):
        seen.append(directory)
        return real(directory)

    monkeypatch.setattr(cache, "load_catalog", counting)
    return seen


def test_after_warm_the_first_visitors_run_loads_no_data(monkeypatch, data_copy: Path):
    monkeypatch.setenv("LANDSCAPE_DATA", str(data_copy))
    (data_copy / "README.md").write_text("a new file: a catalog key no earlier test has seen\n")
    loads = _loads(monkeypatch)
    assert "before the first visitor" in serve.warm()
    assert loads == [data_copy.resolve()], "warm loads the catalog once"
    at = _app(monkeypatch, data_copy, loaded=False)  # the first run of a session: the map
    assert loads == [data_copy.resolve()], "the first visitor's run loaded it again"
    assert [c for c in at.get("component_instance")], "the first run drew the map"


def test_an_edit_after_the_start_is_still_picked_up(monkeypatch, data_copy: Path):
    monkeypatch.setenv("LANDSCAPE_DATA", str(data_copy))
    (data_copy / "README.md").write_text("another new file, so the key is new\n")
    serve.warm()
    loads = _loads(monkeypatch)
    (data_copy / "README.md").write_text("edited after the start\n")
    _app(monkeypatch, data_copy, loaded=False)
    assert loads == [data_copy.resolve()], "the edited data is loaded for the next visitor"


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("warm", ["1", "0"])
def test_the_launcher_loads_before_it_says_ready_and_only_then(tmp_path: Path, warm: str):
    port = _free_port()
    log = tmp_path / "server.log"
    env = {**os.environ, "LANDSCAPE_WARM": warm}
    command = [sys.executable, "-m", "landscape.ui.serve", "--server.port", str(port)]
    command += ["--server.address", "127.0.0.1", "--server.headless", "true"]
    with log.open("wb") as out:
        proc = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while READY not in log.read_text(errors="replace"):
            assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.status == 200
        text = log.read_text(errors="replace")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    loaded = "before the first visitor"
    if warm == "0":
        assert loaded not in text, "LANDSCAPE_WARM=0 starts at once"
        return
    assert text.index(loaded) < text.index(READY), text
    assert "missing ScriptRunContext" not in text and "config option section" not in text, text


def test_after_a_warm_start_the_maps_frame_is_served(tmp_path: Path):
    """The map's component was declared by the warm import, outside any script run; the
    first visitor's run must still make its frame (index.html) servable."""
    from serve import serve as serving  # benchmarks/serve.py, on the path of tests.visitors

    with serving(REPO / "app.py", tmp_path / "server.log") as server:
        visitor = visitors(1)
        run_visits(server.url, visitor, 0, 0.0)
        assert visitor[0].errors == [], visitor[0].errors
        frame = server.url + "component/streamlit_folium.st_folium/index.html"
        with urllib.request.urlopen(frame, timeout=10) as answer:
            assert answer.status == 200 and b"<script" in answer.read()
