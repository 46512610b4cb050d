"""Where one machine stops: the protocol benchmark's visitors in growing crowds.

    python benchmarks/crowd.py [--sessions 50 100 200] [--replicas 1] [--rounds 3]
                               [--think 3.0] [--json OUT.json]

For each crowd size, a fresh server (or `--replicas N` behind HAProxy, landscape.replicas)
gets that many visitors at once, each with its own filter link, loading the page and then
changing the project filter `--rounds` times at a visitor's pace (think time up to --think s).
Reported per size: errors, cross-talk, p50/p95 of a page load and of a rerun, the server's
peak memory (summed over replicas) and CPU; then the first size whose rerun p95 passes the
1.5 s budget. docs/deploying.md holds the figures of this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import sys
import tempfile
from pathlib import Path

from protocol import cpu_seconds, run_clients
from serve import peak_rss_mb, serve, tracebacks

from landscape import replicas
from landscape.paths import REPO

BUDGET_P95_S = 1.5
KEPT = ("errors", "crosstalk", "load_p50_s", "load_p95_s", "rerun_p50_s", "rerun_p95_s")


def _ports(count: int) -> list[int]:
    found = []
    for _ in range(count):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            found.append(int(s.getsockname()[1]))
    return found


def one_server(sessions: int, rounds: int, think: float, work: Path) -> dict:
    with serve(REPO / "app.py", work / f"server-{sessions}.log") as server:
        result = asyncio.run(run_clients(server.url, sessions, rounds, think, server.pid))
    result["errors"] += tracebacks(server.log)
    return result


def many(sessions: int, rounds: int, think: float, count: int, work: Path) -> dict:
    port, *ports = _ports(count + 1)
    folder = work / f"replicas-{sessions}"
    folder.mkdir()
    with replicas.cluster(count, port, 0, work=folder, replica_ports=ports) as c:
        pids = [p.pid for p in c.replicas]
        before = sum(cpu_seconds(pid) for pid in pids)
        result = asyncio.run(run_clients(c.url, sessions, rounds, think))
        result["server_cpu_s"] = round(sum(cpu_seconds(pid) for pid in pids) - before, 1)
        result["peak_rss_mb"] = round(sum(peak_rss_mb(pid) for pid in pids), 1)
    result["errors"] += sum(tracebacks(c.log(n)) for n in range(1, count + 1))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, default=3.0, help="most think time, s")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="landscape-crowd-"))
    rows = []
    for sessions in args.sessions:
        if args.replicas == 1:
            result = one_server(sessions, args.rounds, args.think, work)
        else:
            result = many(sessions, args.rounds, args.think, args.replicas, work)
        row = {"sessions": sessions, "replicas": args.replicas}
        row |= {k: result.get(k) for k in (*KEPT, "peak_rss_mb", "server_cpu_s", "seconds")}
        row["replicas_used"] = result.get("replicas")
        rows.append(row)
        print(json.dumps(row), flush=True)
    over = [r["sessions"] for r in rows if (r["rerun_p95_s"] or 0) > BUDGET_P95_S]
    summary = {"rows": rows, "first_over_budget": over[0] if over else None}
    print(f"first crowd whose rerun p95 passes {BUDGET_P95_S} s: {summary['first_over_budget']}")
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
