"""Three replicas behind HAProxy (landscape.replicas), driven by the protocol benchmark's
visitors (benchmarks/protocol.py): sessions stick to their replica, and killing one replica
mid-load leaves every other session working; its visitors reload and get their view back."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from landscape import replicas
from tests.visitors import Visit, in_thread, run_visits, visit_all, visitors


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [int(s.getsockname()[1]) for s in sockets]
    for s in sockets:
        s.close()
    return ports


def test_the_configuration_is_valid_for_haproxy(tmp_path: Path):
    text = replicas.haproxy_config(8500, [8601, 8602, 8603])
    assert text.count("    server r") == 3 and "server r3 127.0.0.1:8603 check cookie r3" in text
    assert "bind 127.0.0.1:8500" in text and "{" not in text
    config = tmp_path / "haproxy.cfg"
    config.write_text(text, encoding="utf-8")
    haproxy = replicas.shutil.which("haproxy", path="/usr/sbin:/usr/bin")
    assert haproxy, replicas.HAPROXY_MISSING
    done = subprocess.run([haproxy, "-c", "-f", str(config)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


async def _kill_when_loaded(
    c: replicas.Cluster, visits: list[Visit], victim: str, rounds: int
) -> None:
    """Visitors change their filter; once every one has loaded, replica `victim` dies."""
    task = asyncio.create_task(visit_all(c.url, visits, rounds, 1.5))
    while not all(v.load_s or v.errors for v in visits):
        await asyncio.sleep(0.2)
    c.stop_replica(int(victim.removeprefix("r")))
    await task


def test_three_replicas_keep_their_sessions_and_survive_one_killed(tmp_path: Path):
    port, *ports = free_ports(4)
    with replicas.cluster(3, port, 0, work=tmp_path, replica_ports=ports) as c:
        # nine visitors: each sticks to the replica its page came from; all three are used
        visits = visitors(9)
        run_visits(c.url, visits, 1, 0.5)
        assert [v.errors + v.crosstalk for v in visits] == [[]] * 9
        assert all(v.replica_ws and v.replica_ws == v.replica_page for v in visits)
        assert all(v.cookie == f"LANDSCAPE_REPLICA={v.replica_ws}" for v in visits)
        spread = Counter(v.replica_ws for v in visits)
        assert set(spread) == {"r1", "r2", "r3"} and max(spread.values()) <= 5, spread

        # nine more, mid-load replica 2 is killed: the other six keep working
        again = visitors(9)
        in_thread(lambda: _kill_when_loaded(c, again, "r2", rounds=3))
        on_victim = [v for v in again if v.replica_ws == "r2"]
        others = [v for v in again if v.replica_ws != "r2"]
        assert on_victim and len(others) >= 5
        assert [v.errors + v.crosstalk for v in others] == [[]] * len(others)
        assert all(len(v.reruns_s) == 6 for v in others), "every change answered"
        assert all(v.errors for v in on_victim), "its visitors did lose their page"

        # each of them reloads (the same link, the old cookie): another replica, same view
        reloads = [
            dataclasses.replace(v, errors=[], crosstalk=[], reruns_s=[], spans=[], load_s=0.0)
            for v in on_victim
        ]
        run_visits(c.url, reloads, 1, 0.2)
        for v in reloads:
            assert v.errors + v.crosstalk == [], v
            assert v.replica_ws in {"r1", "r3"}, "the balancer sent the reload elsewhere"
        log = (tmp_path / "haproxy.log").read_text(errors="replace")
        assert "r2 is DOWN" in log, log[-2000:]


def test_without_haproxy_the_message_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(replicas.shutil, "which", lambda *a, **k: None)
    with (
        pytest.raises(replicas.ReplicaError, match="apt-get install haproxy"),
        replicas.cluster(1, 1, 2),
    ):
        pass
