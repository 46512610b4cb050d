"""The benchmark suite: every figure of the performance budget, in one run.

    python benchmarks/run.py [--quick] [--json OUT.json] [--check BASELINE.json]
                             [--write-baseline BASELINE.json]

Prints a table and writes JSON (test-artifacts/benchmarks.json unless --json). Machines are
noisy: each time is the median of several runs, and each comparison is a ratio to a reference
measured in the same run (the floor app, bare file reads, the naive baseline).

--quick (CI, under 2 minutes on the 2-core machine): fewer runs, 10k observations only,
4 concurrent sessions, no naive paint in the browser. With --check it compares the run's
ratios with a baseline file and exits 1 only when one is worse by more than its generous
margin (REGRESSION); absolute times are never checked, because CI machines differ.
Budgets are reported, never enforced: see benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import apps
import browser
import server_side
from protocol import run_clients
from serve import app_folder, peak_rss_mb, serve, tracebacks

from landscape.paths import BUNDLED_DATA, REPO

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = REPO / "test-artifacts" / "benchmarks.json"


@dataclass(frozen=True)
class Plan:
    paint_runs: int
    rerun_rounds: int
    app_runs: int
    load_runs: int
    scales: tuple[int, ...]
    sessions: int
    session_rounds: int
    browser_rounds: int
    naive_paint: bool
    cold_runs: int  # servers started for the first visitor's paint, per app


QUICK = Plan(2, 2, 1, 3, (10_000,), 4, 1, 1, False, 2)
FULL = Plan(7, 4, 5, 5, (10_000, 100_000, 1_000_000), 20, 3, 3, True, 3)

# (figure, budget, unit, "max" or "min"): the budgets on the 2-core machine
BUDGETS: list[tuple[str, str, float, str]] = [
    ("first map paint, a new visitor (warm server)", "paint_ratio_floor", 1.3, "× floor"),
    ("first map paint, the first visitor (cold server)", "cold_paint_ratio_floor", 1.5, "× floor"),
    ("filter-change rerun, server side, sample data", "rerun_new_s", 0.25, "s"),
    ("filter-change rerun, server side, 1M observations", "scale_1000000_rerun_new_s", 1.0, "s"),
    ("bytes for the map in the default view", "map_kb_default", 300, "KB"),
    ("bytes for the map at 1M observations", "scale_1000000_map_kb", 600, "KB"),
    ("import of 1M observations", "scale_1000000_import_s", 60, "s"),
    ("memory at 1M observations (server)", "scale_1000000_peak_mb", 2048, "MB"),
    ("20 sessions: errors", "sessions_errors", 0, ""),
    ("20 sessions: p95 rerun", "sessions_rerun_p95_s", 1.5, "s"),
]
# ratios checked against the baseline in CI: figure -> allowed factor over the baseline
REGRESSION: dict[str, float] = {
    "paint_ratio_floor": 2.0,
    "cold_paint_ratio_floor": 2.0,
    "rerun_ratio_floor": 3.0,
    "rerun_again_ratio_floor": 3.0,
    "load_ratio_bare": 3.0,
    "map_kb_default": 1.25,
    "map_kb_filtered": 1.25,
    "scale_10000_rerun_ratio_floor": 3.0,
}


def _kb(n: int) -> float:
    return round(n / 1024, 1)


def measure_server(plan: Plan, work: Path, out: dict[str, Any]) -> None:
    ours, bare = server_side.loading(BUNDLED_DATA, plan.load_runs)
    out["load_s"] = server_side.median(ours)
    out["load_bare_s"] = server_side.median(bare)
    out["load_ratio_bare"] = out["load_s"] / out["load_bare_s"]
    reruns = server_side.dashboard_reruns(BUNDLED_DATA, plan.rerun_rounds)
    # the floor's rerun takes milliseconds: many runs, so that its median is steady
    floor, floor_bytes = server_side.app_reruns(apps.FLOOR, BUNDLED_DATA, 15)
    naive, naive_bytes = server_side.app_reruns(apps.NAIVE, BUNDLED_DATA, plan.app_runs)
    out["first_run_s"] = reruns.first_s
    out["rerun_new_s"] = server_side.median(reruns.new_s)
    out["rerun_again_s"] = server_side.median(reruns.again_s)
    out["floor_rerun_s"] = server_side.median(floor)
    out["naive_rerun_s"] = server_side.median(naive)
    out["rerun_ratio_floor"] = out["rerun_new_s"] / out["floor_rerun_s"]
    out["rerun_again_ratio_floor"] = out["rerun_again_s"] / out["floor_rerun_s"]
    out["rerun_ratio_naive"] = out["rerun_new_s"] / out["naive_rerun_s"]
    out["map_kb_default"] = _kb(reruns.default_bytes)
    out["map_kb_filtered"] = _kb(reruns.filtered_bytes)
    out["floor_map_kb"] = _kb(floor_bytes)
    out["naive_map_kb"] = _kb(naive_bytes)
    out["map_ratio_naive"] = reruns.default_bytes / naive_bytes


def measure_browser(plan: Plan, work: Path, out: dict[str, Any]) -> None:
    floor_app = app_folder(work, "floor", apps.FLOOR)
    with serve(floor_app, work / "floor.log") as server:
        floor = browser.first_paints(server.url, browser.POLYGONS, plan.paint_runs)
    with serve(REPO / "app.py", work / "dashboard.log") as server:
        ours = browser.first_paints(server.url, browser.PARKS, plan.paint_runs)
        seen = browser.interact(server.url, plan.browser_rounds)
        out["server_tracebacks"] = tracebacks(server.log)
    floor_cold = browser.cold_paints(
        lambda: serve(floor_app, work / "floor-cold.log"), browser.POLYGONS, plan.cold_runs
    )
    ours_cold = browser.cold_paints(
        lambda: serve(REPO / "app.py", work / "dashboard-cold.log"), browser.PARKS, plan.cold_runs
    )
    out["cold_paint_s"] = server_side.median(ours_cold)
    out["floor_cold_paint_s"] = server_side.median(floor_cold)
    out["cold_paint_ratio_floor"] = out["cold_paint_s"] / out["floor_cold_paint_s"]
    out["paint_s"] = server_side.median(ours)
    out["floor_paint_s"] = server_side.median(floor)
    out["paint_ratio_floor"] = out["paint_s"] / out["floor_paint_s"]
    out["browser_rerun_project_s"] = server_side.median(seen.project_s)
    out["browser_rerun_species_s"] = server_side.median(seen.species_s)
    out["ws_kb_default"] = _kb(seen.default_ws_bytes)
    out["ws_kb_filter_change"] = _kb(int(server_side.median(seen.filtered_ws_bytes)))
    if plan.naive_paint:
        naive_app = app_folder(work, "naive", apps.NAIVE)
        with serve(naive_app, work / "naive.log") as server:
            naive = browser.first_paints(server.url, browser.POLYGONS, max(2, plan.paint_runs // 2))
        out["naive_paint_s"] = server_side.median(naive)
        out["paint_ratio_naive"] = out["paint_s"] / out["naive_paint_s"]


def measure_scale(plan: Plan, work: Path, out: dict[str, Any]) -> None:
    for n in plan.scales:
        done = subprocess.run(
            [sys.executable, str(HERE / "scale.py"), str(n), str(work)],
            check=True,
            capture_output=True,
            text=True,
            cwd=REPO,
        )
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        prefix = f"scale_{n}_"
        out[prefix + "import_s"] = figures["import_s"]
        out[prefix + "import_peak_mb"] = figures["import_peak_mb"]
        out[prefix + "first_run_s"] = figures["first_run_s"]
        out[prefix + "rerun_new_s"] = figures["rerun_new_s"]
        out[prefix + "rerun_again_s"] = figures["rerun_again_s"]
        out[prefix + "map_kb"] = _kb(figures["map_bytes_default"])
        out[prefix + "map_kb_filtered"] = _kb(figures["map_bytes_filtered"])
        out[prefix + "peak_mb"] = figures["peak_mb"]
        if "floor_rerun_s" in out:
            out[prefix + "rerun_ratio_floor"] = figures["rerun_new_s"] / out["floor_rerun_s"]


def measure_sessions(plan: Plan, work: Path, out: dict[str, Any]) -> None:
    with serve(REPO / "app.py", work / "sessions.log") as server:
        seen = asyncio.run(
            run_clients(server.url, plan.sessions, plan.session_rounds, pid=server.pid)
        )
        out["sessions_peak_mb"] = peak_rss_mb(server.pid)
        log_errors = tracebacks(server.log)
    out["sessions"] = plan.sessions
    out["sessions_errors"] = seen["errors"] + log_errors
    out["sessions_crosstalk"] = seen["crosstalk"]
    out["sessions_load_p50_s"] = seen["load_p50_s"]
    out["sessions_load_p95_s"] = seen["load_p95_s"]
    out["sessions_rerun_p50_s"] = seen["rerun_p50_s"]
    out["sessions_rerun_p95_s"] = seen["rerun_p95_s"]
    out["sessions_server_cores_busy"] = seen.get("server_cores_busy")


def budgets(out: dict[str, Any], quick: bool) -> list[dict[str, Any]]:
    rows = []
    for name, key, limit, unit in BUDGETS:
        value = out.get(key)
        if quick and "20 sessions" in name:
            name = name.replace("20", str(out.get("sessions", "?")))
        met = None if value is None else value <= limit
        rows.append(
            {
                "budget": name,
                "figure": key,
                "value": value,
                "limit": limit,
                "unit": unit,
                "met": met,
            }
        )
    return rows


def regressions(out: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    found = []
    for key, factor in REGRESSION.items():
        if key in out and key in baseline and out[key] > baseline[key] * factor:
            found.append(
                f"{key}: {out[key]:.3g} is over {factor}× the baseline's {baseline[key]:.3g}"
            )
    return found


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def table(out: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    lines = ["figure                                   value"]
    lines += [f"{k:<40} {_shown(v)}" for k, v in out.items() if k != "budgets"]
    lines += ["", "| budget | limit | measured | met |", "|---|---|---|---|"]
    for r in rows:
        met = "–" if r["met"] is None else ("yes" if r["met"] else "**no**")
        value = "not measured" if r["value"] is None else _shown(r["value"])
        lines.append(f"| {r['budget']} | ≤ {r['limit']:g} {r['unit']} | {value} | {met} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the short run CI does")
    parser.add_argument("--json", type=Path, default=DEFAULT_OUT, help="where to write JSON")
    parser.add_argument("--check", type=Path, help="fail on a regression against this file")
    parser.add_argument("--write-baseline", type=Path, help="write the ratios checked by --check")
    args = parser.parse_args()
    plan = QUICK if args.quick else FULL
    out: dict[str, Any] = {"mode": "quick" if args.quick else "full", "cpus": os.cpu_count()}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="landscape-bench-") as tmp:
        work = Path(tmp)
        for step in (measure_server, measure_browser, measure_scale, measure_sessions):
            begun = time.perf_counter()
            step(plan, work, out)
            print(f"{step.__name__}: {time.perf_counter() - begun:.0f} s", file=sys.stderr)
    out["seconds"] = time.perf_counter() - started
    rows = budgets(out, args.quick)
    print(table(out, rows))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({**out, "budgets": rows}, indent=2), encoding="utf-8")
    if args.write_baseline:
        kept = {k: out[k] for k in REGRESSION if k in out}
        args.write_baseline.write_text(json.dumps(kept, indent=2) + "\n", encoding="utf-8")
    failed = out.get("sessions_errors", 0) or out.get("sessions_crosstalk", 0)
    if failed:
        print(f"FAILED: {failed} session errors or cross-talk", file=sys.stderr)
    if args.check:
        found = regressions(out, json.loads(args.check.read_text(encoding="utf-8")))
        for line in found:
            print(f"REGRESSION {line}", file=sys.stderr)
        failed = failed or bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
