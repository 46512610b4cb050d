"""Load on the server alone: many visitors speaking Streamlit's own websocket protocol.

    python benchmarks/protocol.py [--sessions 20] [--rounds 3] [--think 1.0] [--json OUT.json]

Why: `load.py` drives real headless Chromium browsers. On a 2-core machine twenty browsers
take nearly all the CPU themselves (layout, the Leaflet map, JavaScript), so its rerun
latency measures Chromium waiting for a core, not the server. This script measures the
server: each session is a small asyncio client that sends the same protobuf messages the
browser frontend sends (`BackMsg`) and reads what the server sends back (`ForwardMsg`), with
no rendering at all. The budget "20 sessions: zero errors, p95 rerun <= 1.5 s" is about this.

What a session does (the protocol, as the frontend does it):

1. Connects to ws://HOST/_stcore/stream with the subprotocol header
   "streamlit" only (the browser may add an XSRF token and the id of a session to resume:
   without them this is a new session with no login), then sends
   `BackMsg.rerun_script` = `ClientState(query_string, widget_states, page_script_hash,
   context_info)`. Its query string is its own filter, `?species=...&park=...`, the plan of
   `load.py` (`plan()` also gives the "Records" figure that filter must show).
2. Reads `ForwardMsg`s: `new_session` opens the run (and names the page's script hash,
   sent back with every later rerun), `delta.new_element` carries the elements,
   `page_info_changed` the new query string (the address bar: sent with the next rerun),
   and `script_finished` ends the run. That first run draws the map alone (ui/page.py, map
   first); the session then sends what the map's frontend sends once it has loaded, the
   component's first value (`json_value` `{"last_object_clicked": null}`), and reads the
   run that draws the whole page. Load latency: connecting until that second run ends.
3. Finds the project filter multiselect among the elements (its id,
   "$$ID-<hash>-project_filter", ends with the widget's key) and changes it `--rounds`
   times: select one project, then clear it, each a `rerun_script` whose `widget_states`
   hold the new value (`string_array_value` of the shown option labels, as the frontend
   sends a multiselect). Rerun latency: sending until `script_finished`.

Checked: an `exception` element or an error alert in a run, a run that does not finish
within the timeout, a disconnect, a server traceback in the log (errors); the session's
"Records" metric after loading and after each change back to its own filter, and its link
keeping its species (cross-talk). Between changes a session waits a random think time,
uniform in [0, --think] s from an RNG seeded with the session's number, so sessions are
desynchronised (their reruns overlap instead of arriving in lockstep or one after another)
and a run can be repeated exactly.

What it does not do, unlike a browser: report cached message hashes (so the server sends
every message in full), run components (the map's one value on loading is sent as above;
it never sends its view back), or send the states of widgets it did not touch (the server keeps
their values in the session, as for a browser). Reported as `load.py` does, plus the
server's CPU seconds during the run and how many runs were in flight at most.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import quote_plus, urlencode, urlsplit

from load import Session, plan
from serve import latencies, peak_rss_mb, report, serve, tracebacks
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from landscape.paths import REPO

TIMEOUT_S = 120.0  # per run; a run that takes longer is an error
THINK_S = 1.0  # the most a visitor waits between seeing a result and the next change
FILTER_KEY = "project_filter"  # the widget this benchmark changes (sidebar.project_filter)
RECORDS = "Records"  # the label of the wildlife metric (English)
SUBPROTOCOL = "streamlit"
MAP_LOADED = '{"last_object_clicked": null}'  # streamlit-folium's first value, once loaded


@dataclass
class Run:
    """What the server sent for one script run."""

    seconds: float = 0.0
    records: str | None = None  # the "Records" metric, if shown
    widget_id: str | None = None  # the project filter's id
    map_id: str | None = None  # the map component's widget id
    options: list[str] = field(default_factory=list)  # its option labels
    problems: list[str] = field(default_factory=list)
    status: int = 0


@dataclass
class Visit(Session):
    """A `load.Session` plus the timing of its reruns on the clock (for the overlap)."""

    spans: list[tuple[float, float]] = field(default_factory=list)
    bytes_received: int = 0
    # behind a balancer (landscape.replicas): its stickiness cookie, and the replica that
    # answered the page and the one that holds the websocket ("" with no balancer)
    cookie: str = ""
    replica_page: str = ""
    replica_ws: str = ""


class Client:
    """One browser tab's worth of protocol: its URL, page and widget states."""

    def __init__(self, ws: ClientConnection, base_url: str, query: str) -> None:
        self.ws = ws
        self.base_url = base_url
        self.query = query
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}
        self.received = 0

    def set_multiselect(self, widget_id: str, labels: list[str]) -> None:
        """The frontend's value of a multiselect: the labels shown, in order."""
        state = WidgetState(id=widget_id)
        state.string_array_value.SetInParent()  # set even when empty (a cleared filter)
        state.string_array_value.data.extend(labels)
        self.states[widget_id] = state

    def set_json(self, widget_id: str, value: str) -> None:
        """A component's value, as its frontend sends it (JSON)."""
        self.states[widget_id] = WidgetState(id=widget_id, json_value=value)

    def rerun_message(self) -> bytes:
        msg = BackMsg()
        client_state = msg.rerun_script
        client_state.query_string = self.query
        client_state.page_script_hash = self.page_hash
        client_state.widget_states.SetInParent()
        client_state.widget_states.widgets.extend(self.states.values())
        info = client_state.context_info
        info.url = self.base_url + ("?" + self.query if self.query else "")
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        return msg.SerializeToString()

    async def rerun(self, timeout_s: float) -> Run:
        """Ask for a run and read until it finishes; raises TimeoutError when it does not."""
        start = time.perf_counter()
        await self.ws.send(self.rerun_message())
        async with asyncio.timeout(timeout_s):
            run = await self._read_run()
        run.seconds = time.perf_counter() - start
        return run

    async def _read_run(self) -> Run:
        run, started = Run(), False
        while True:
            frame = await self.ws.recv()
            self.received += len(frame)
            msg = ForwardMsg()
            msg.ParseFromString(frame)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                started = True
                self.page_hash = msg.new_session.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                read_element(msg.delta.new_element, run)
            elif kind == "script_finished" and started:
                run.status = msg.script_finished
                if run.status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    run.problems.append("the script did not compile")
                return run


def read_element(element: Element, run: Run) -> None:
    """Note what the checks need from one element of the page."""
    kind = element.WhichOneof("type")
    if kind == "metric" and element.metric.label == RECORDS:
        run.records = element.metric.body
    elif kind == "multiselect" and element.multiselect.id.endswith("-" + FILTER_KEY):
        run.widget_id = element.multiselect.id
        run.options = list(element.multiselect.options)
    elif kind == "component_instance":
        run.map_id = element.component_instance.id
    elif kind == "exception":
        e = element.exception
        run.problems.append(f"exception shown: {e.type}: {e.message}".splitlines()[0])
    elif kind == "alert" and element.alert.format == Alert.ERROR:
        run.problems.append(f"error shown: {element.alert.body}".splitlines()[0])


def check(run: Run, client: Client, s: Visit, when: str, own_filter: bool) -> None:
    """Errors shown in a run; with the session's own filter, its figure and link."""
    s.errors.extend(f"{when}: {p}" for p in run.problems)
    if not own_filter:
        return
    if run.records is None:
        s.errors.append(f"{when}: no {RECORDS} figure shown")
    elif run.records != s.expected:
        s.crosstalk.append(f"{when}: shows {run.records} records, its filter gives {s.expected}")
    if quote_plus(s.species) not in client.query:
        s.crosstalk.append(f"{when}: its link lost its species (?{client.query})")


REPLICA_HEADER = "X-Landscape-Replica"  # set by deploy/haproxy.cfg


def open_page(base_url: str, cookie: str, timeout_s: float) -> tuple[str, str]:
    """GET the page as a browser does before its websocket: the cookie to send from then on
    (a balancer's, or the one given) and the replica that answered."""
    request = urllib.request.Request(base_url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=timeout_s) as answer:
        answer.read()
        set_cookie = answer.headers.get("Set-Cookie", "")
        replica = answer.headers.get(REPLICA_HEADER, "")
    return (set_cookie.split(";", 1)[0] if set_cookie else cookie), replica


def ws_url(base_url: str) -> str:
    parts = urlsplit(base_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}{parts.path.rstrip('/')}/_stcore/stream"


async def visit(base_url: str, s: Visit, rounds: int, think_s: float, timeout_s: float) -> None:
    """One visitor: load with its own link, then change the project filter `rounds` times."""
    rng = random.Random(s.number)  # its own think times, the same in every run
    query = urlencode({"species": s.species, "park": s.park})
    client: Client | None = None
    try:
        s.cookie, s.replica_page = await asyncio.to_thread(open_page, base_url, s.cookie, timeout_s)
        start = time.perf_counter()
        async with connect(
            ws_url(base_url),
            subprotocols=[SUBPROTOCOL],
            max_size=None,
            open_timeout=timeout_s,
            additional_headers={"Cookie": s.cookie} if s.cookie else None,
        ) as ws:
            if ws.response is not None:
                s.replica_ws = ws.response.headers.get(REPLICA_HEADER, "")
            client = Client(ws, base_url, query)
            run = await client.rerun(timeout_s)
            s.errors.extend(f"first run: {p}" for p in run.problems)
            if run.map_id is None:
                s.errors.append("first run: no map")
                return
            client.set_json(run.map_id, MAP_LOADED)  # what the map sends once it has loaded
            run = await client.rerun(timeout_s)
            s.load_s = time.perf_counter() - start
            check(run, client, s, "after loading", own_filter=True)
            if run.widget_id is None or not run.options:
                s.errors.append(f"after loading: no {FILTER_KEY} multiselect with options")
                return
            widget, project = run.widget_id, run.options[s.number % len(run.options)]
            for number in range(rounds):
                for labels in ([project], []):
                    await asyncio.sleep(rng.uniform(0.0, think_s))
                    client.set_multiselect(widget, labels)
                    began = time.perf_counter()
                    run = await client.rerun(timeout_s)
                    s.spans.append((began, began + run.seconds))
                    s.reruns_s.append(run.seconds)
                    when = f"round {number + 1}, " + ("project chosen" if labels else "cleared")
                    check(run, client, s, when, own_filter=not labels)
                    widget = run.widget_id or widget
    except TimeoutError:
        s.errors.append(f"a run did not finish within {timeout_s:g} s")
    except ConnectionClosed as exc:
        s.errors.append(f"disconnected: {exc}")
    except Exception as exc:  # a session that breaks is an error to report, not a crash
        s.errors.append(f"{type(exc).__name__}: {exc}".splitlines()[0])
    finally:
        s.bytes_received = client.received if client else 0


def most_in_flight(spans: list[tuple[float, float]]) -> int:
    """The largest number of reruns waiting for the server at the same moment."""
    events = sorted([(a, 1) for a, _ in spans] + [(b, -1) for _, b in spans])
    level = peak = 0
    for _, step in events:
        level += step
        peak = max(peak, level)
    return peak


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run_clients(
    base_url: str,
    sessions: int,
    rounds: int,
    think_s: float = THINK_S,
    pid: int | None = None,
    timeout_s: float = TIMEOUT_S,
) -> dict:
    """`sessions` protocol clients against a running server at `base_url`, all at once.

    With `pid` (the server's process), also its peak resident memory and CPU time used.
    """
    planned = [Visit(**asdict(s)) for s in plan(sessions)]
    cpu_before = cpu_seconds(pid) if pid else 0.0
    started = time.perf_counter()
    await asyncio.gather(*(visit(base_url, s, rounds, think_s, timeout_s) for s in planned))
    loads = [s.load_s for s in planned if s.load_s]
    reruns = [r for s in planned for r in s.reruns_s]
    result: dict = {
        "sessions": sessions,
        "rounds": rounds,
        "think_s": think_s,
        "seconds": round(time.perf_counter() - started, 1),
        **latencies(loads, reruns),
        "rerun_max_s": round(max(reruns), 2) if reruns else None,
        "reruns_in_flight_max": most_in_flight([x for s in planned for x in s.spans]),
        "errors": sum(len(s.errors) for s in planned),
        "error_samples": [e for s in planned for e in s.errors][:5],
        "crosstalk": sum(len(s.crosstalk) for s in planned),
        "received_mb": round(sum(s.bytes_received for s in planned) / 2**20, 1),
    }
    if any(s.replica_ws for s in planned):  # behind a balancer: where sessions went
        result["replicas"] = dict(sorted(Counter(s.replica_ws for s in planned).items()))
        result["unsticky"] = sum(s.replica_page != s.replica_ws for s in planned)
    if pid:
        used = cpu_seconds(pid) - cpu_before
        result["server_cpu_s"] = round(used, 1)
        # cores the server kept busy on average: near 1 means its runs took turns (the GIL)
        result["server_cores_busy"] = round(used / max(result["seconds"], 1e-9), 2)
        result["peak_rss_mb"] = round(peak_rss_mb(pid), 1)
    result["details"] = [asdict(s) for s in planned if s.errors or s.crosstalk]
    return result


async def run(sessions: int, rounds: int, think_s: float, timeout_s: float) -> dict:
    """Serve the dashboard on its bundled data, run the clients, count the log's tracebacks."""
    work = Path(tempfile.mkdtemp(prefix="landscape-protocol-"))
    with serve(REPO / "app.py", work / "server.log") as server:
        result = await run_clients(server.url, sessions, rounds, think_s, server.pid, timeout_s)
    found = tracebacks(server.log)
    result["errors"] += found
    result["server_tracebacks"] = found
    result["server_log"] = str(server.log)
    result["cpu_count"] = os.cpu_count()
    result["details"] = result.pop("details")  # last, after the figures
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, default=THINK_S, help="most think time, s")
    parser.add_argument("--timeout", type=float, default=TIMEOUT_S, help="per run, s")
    parser.add_argument("--json", help="also write the result to this file")
    args = parser.parse_args()
    return report(asyncio.run(run(args.sessions, args.rounds, args.think, args.timeout)), args.json)


if __name__ == "__main__":
    sys.exit(main())
