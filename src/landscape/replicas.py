"""Several replicas of the dashboard behind HAProxy: `make replicas N=3`.

    python -m landscape.replicas [--replicas 3] [--port 8500] [--address 127.0.0.1]
                                 [--first-port 8601] [--data DIR]

Starts N dashboards (each `landscape.ui.serve`, as `make run` starts one, in its own process
on its own loopback port, all reading the same data directory) and HAProxy from Debian's
package in front of them, configured by `deploy/haproxy.cfg`. Replicas hold nothing but their
visitors' sessions: the view lives in the link, the data in the shared directory. A visitor
sticks to one replica through a cookie, because Streamlit keeps a session's websocket, state
and media files in the process that started it. When a replica stops, HAProxy's health check
takes it out within about two seconds; its visitors' next request (a reload) goes to another
replica, whose page rebuilds the same view from the link. The replicas share one cookie secret,
so a cookie signed by one is accepted by the others. docs/deploying.md has the rest.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from landscape.paths import REPO, data_dir

CONFIG = REPO / "deploy" / "haproxy.cfg"
START_TIMEOUT_S = 180.0  # replicas start together: on 2 cores each takes longer
HAPROXY_MISSING = (
    "haproxy is missing: install Debian's package (apt-get install haproxy); "
    "`make replicas` does it for you"
)


class ReplicaError(RuntimeError):
    """A replica or the balancer could not start."""


def haproxy_config(
    port: int, replica_ports: list[int], address: str = "127.0.0.1", template: Path = CONFIG
) -> str:
    """deploy/haproxy.cfg with its address, port and one server line per replica."""
    servers = "\n".join(
        f"    server r{n} 127.0.0.1:{p} check cookie r{n}"
        for n, p in enumerate(replica_ports, start=1)
    )
    text = template.read_text(encoding="utf-8")
    return (
        text.replace("{address}", address)
        .replace("{port}", str(port))
        .replace("{servers}", servers)
    )


@dataclass
class Cluster:
    """The running balancer and replicas; `url` is the one address visitors use."""

    url: str
    ports: list[int]
    work: Path
    data: Path
    secret: str  # Streamlit's cookie secret, the same in every replica
    replicas: list[subprocess.Popen[bytes]] = field(default_factory=list)
    balancer: subprocess.Popen[bytes] | None = None

    def replica_url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.ports[number - 1]}/"

    def log(self, number: int) -> Path:
        return self.work / f"replica-{number}.log"

    def start_replica(self, number: int) -> None:
        """Start replica `number` (1-based), again if it ran before."""
        proc = _start_replica(self.ports[number - 1], self.data, self.secret, self.log(number))
        if number <= len(self.replicas):
            self.replicas[number - 1] = proc
        else:
            self.replicas.append(proc)

    def stop_replica(self, number: int) -> None:
        """Kill replica `number` (1-based) at once, as a crash would."""
        proc = self.replicas[number - 1]
        proc.kill()
        proc.wait(timeout=20)

    def stop(self) -> None:
        for proc in [*self.replicas, *([self.balancer] if self.balancer else [])]:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in [*self.replicas, *([self.balancer] if self.balancer else [])]:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _start_replica(port: int, data: Path, secret: str, log: Path) -> subprocess.Popen[bytes]:
    options = ["--server.port", str(port), "--server.address", "127.0.0.1"]
    env = {**os.environ, "LANDSCAPE_DATA": str(data), "STREAMLIT_SERVER_COOKIE_SECRET": secret}
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "landscape.ui.serve", *options],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout_s: float) -> None:
    """Until `url`/_stcore/health answers; ReplicaError naming the log when it never does."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ReplicaError(f"{url} exited with {proc.returncode}; see {log}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise ReplicaError(f"{url} did not answer within {timeout_s:g} s; see {log}")


@contextmanager
def cluster(
    replicas: int,
    port: int,
    first_port: int,
    data: Path | None = None,
    address: str = "127.0.0.1",
    work: Path | None = None,
    replica_ports: list[int] | None = None,
) -> Iterator[Cluster]:
    """N replicas (on first_port, first_port + 1, ... or on `replica_ports`) and HAProxy in
    front of them on `port`, all stopped on leaving the block."""
    haproxy = shutil.which("haproxy", path=f"{os.environ.get('PATH', '')}:/usr/sbin")
    if not haproxy:
        raise ReplicaError(HAPROXY_MISSING)
    work = work or Path(tempfile.mkdtemp(prefix="landscape-replicas-"))
    ports = replica_ports or [first_port + n for n in range(replicas)]
    secret = os.environ.get("LANDSCAPE_COOKIE_SECRET") or secrets.token_hex(32)
    found = Cluster(f"http://{address}:{port}/", ports, work, data or data_dir(), secret)
    try:
        for n in range(1, replicas + 1):
            found.start_replica(n)
        for n, proc in enumerate(found.replicas, start=1):
            wait_healthy(found.replica_url(n), proc, found.log(n), START_TIMEOUT_S)
        config = work / "haproxy.cfg"
        config.write_text(haproxy_config(port, ports, address), encoding="utf-8")
        with (work / "haproxy.log").open("wb") as out:
            found.balancer = subprocess.Popen(
                [haproxy, "-db", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT
            )
        wait_healthy(found.url, found.balancer, work / "haproxy.log", 30)
        yield found
    finally:
        found.stop()


def supervise(c: Cluster) -> int:
    """Start again any replica that stops (its visitors move to the others meanwhile);
    return 1 when the balancer itself stops."""
    while c.balancer is not None and c.balancer.poll() is None:
        for n, proc in enumerate(c.replicas, start=1):
            if proc.poll() is not None:
                print(f"replica {n} stopped ({proc.returncode}); starting it again", flush=True)
                c.start_replica(n)
        time.sleep(1)
    print(f"the balancer stopped; see {c.work / 'haproxy.log'}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=3, help="how many (default 3)")
    parser.add_argument("--port", type=int, default=8500, help="the balancer's port (8500)")
    parser.add_argument("--address", default="127.0.0.1", help="the balancer's address")
    parser.add_argument("--first-port", type=int, default=8601, help="replica 1's port (8601)")
    parser.add_argument("--data", type=Path, help="data directory (default: geodata/)")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    try:
        with cluster(args.replicas, args.port, args.first_port, args.data, args.address) as c:
            print(f"{c.url}: {args.replicas} replica(s) behind HAProxy; logs in {c.work}")
            print("Ctrl-C stops them all.", flush=True)
            return supervise(c)
    except ReplicaError as exc:
        print(f"landscape.replicas: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    sys.exit(main())
