"""Load on ``kg serve``: CLIENTS concurrent clients for SECONDS, mixing cheap queries with expensive ones.

Starts a real ``kg serve`` of GRAPH on a free port of 127.0.0.1 (``--timeout`` TIMEOUT, ``--memory`` MEMORY),
then has each client send, one after another on its own keep-alive connection, a cheap query (an ASK, a name
looked up, a short SELECT) or, one time in ten (``--share``), an expensive one (a cross product counted, which runs into
the time limit, or one ordered, which runs into the memory limit). Prints, in Markdown, for each kind:
requests, requests a second, p50 and p99 latency, the answers by status, and the errors (a connection
refused or reset, no answer, a status not expected); then whether the server still answers, and its memory.

    python -m benchmarks.endpoint_load --graph out --clients 50 --seconds 20
"""
from __future__ import annotations

import argparse
import http.client
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent

CHEAP = [
    'ASK { ?p rdfs:label "吕沛"@zh ; kg:chaired ?m }',
    'SELECT ?title WHERE { ?m org:member/rdfs:label "吕沛"@zh ; rdfs:label ?title }',
    "SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name } ORDER BY ?name LIMIT 10",
    "SELECT ?meeting ?date WHERE { ?m a kg:Meeting ; rdfs:label ?meeting ; schema:startDate ?date } LIMIT 20",
]
EXPENSIVE = {
    "expensive (time)": "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "expensive (memory)": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d ?f LIMIT 1",
}
# what each kind may answer: a cheap query 200, an expensive one 503 (stopped at its limit)
EXPECTED = {"cheap": {200}, **{kind: {503} for kind in EXPENSIVE}}


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    errors: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, seconds: float, status: int | None, error: str | None) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            if status is not None:
                self.statuses[kind][status] += 1
            if error or status not in EXPECTED[kind]:
                self.errors[kind][error or f"HTTP {status}"] += 1


def _client(url: str, until: float, seed: int, share: float, tally: Tally) -> None:
    parts = urllib.parse.urlsplit(url)
    rng = random.Random(seed)
    connection = None
    while time.monotonic() < until:
        if rng.random() < share:
            kind = rng.choice(sorted(EXPENSIVE))
            query = EXPENSIVE[kind]
        else:
            kind, query = "cheap", rng.choice(CHEAP)
        started = time.monotonic()
        try:
            connection = connection or http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
            connection.request("GET", f"{parts.path}?{urllib.parse.urlencode({'query': query})}",
                               headers={"Accept": "application/sparql-results+json"})
            response = connection.getresponse()
            response.read()
            tally.add(kind, time.monotonic() - started, response.status, None)
            if response.will_close:
                connection.close()
                connection = None
        except (OSError, http.client.HTTPException) as e:
            tally.add(kind, time.monotonic() - started, None, type(e).__name__)
            if connection:
                connection.close()
            connection = None
    if connection:
        connection.close()


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def run(graph: Path, clients: int, seconds: float, timeout: float, memory: int, share: float = 0.1) -> str:
    """The Markdown report of one load run."""
    server = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--graph", str(graph), "--port", "0", "--timeout", str(timeout),
         "--memory", str(memory)], cwd=ROOT, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        ready = server.stderr.readline()
        url = ready.split(" at ", 1)[1].split()[0]
        tally = Tally()
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=_client, args=(url, until, seed, share, tally)) for seed in range(clients)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
        process = psutil.Process(server.pid)
        rss = process.memory_info().rss + sum(p.memory_info().rss for p in process.children(recursive=True))
        probe = http.client.HTTPConnection(urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port, timeout=30)
        probe.request("GET", f"/query?{urllib.parse.urlencode({'query': CHEAP[0]})}")
        alive = probe.getresponse().status == 200
        server.send_signal(signal.SIGINT)
        _, stderr = server.communicate(timeout=60)
    finally:
        server.kill()
        server.wait()
    lines = [f"{clients} clients, {seconds:g} s, {share:.0%} expensive, --timeout {timeout:g} --memory {memory}: "
             f"{elapsed:.1f} s in all",
             "", "| queries | requests | requests/s | p50 | p99 | answers | errors |",
             "| --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    for kind in ["cheap", *sorted(EXPENSIVE)]:
        times = tally.latencies.get(kind, [])
        if not times:
            continue
        answers = ", ".join(f"{n} × {status}" for status, n in sorted(tally.statuses[kind].items()))
        errors = sum(tally.errors[kind].values())
        detail = f" ({', '.join(f'{n} {e}' for e, n in tally.errors[kind].items())})" if errors else ""
        lines.append(f"| {kind} | {len(times):,} | {len(times) / elapsed:,.1f} | {_percentile(times, 50) * 1000:,.0f} ms "
                     f"| {_percentile(times, 99) * 1000:,.0f} ms | {answers} | {errors}{detail} |")
    lines += ["", f"server answering after the run: {'yes' if alive else 'NO'}; its processes' memory then "
                  f"{rss / (1 << 20):,.0f} MiB; exit status {server.returncode}; "
                  f"traceback: {'yes' if 'Traceback' in stderr else 'no'}"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "out")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--timeout", type=float, default=5, help="kg serve --timeout (default 5: the expensive "
                                                                    "queries stop within the run)")
    parser.add_argument("--memory", type=int, default=256, help="kg serve --memory (default 256: the ordered cross "
                                                                  "product stops sooner)")
    parser.add_argument("--share", type=float, default=0.1, help="the share of expensive queries (default 0.1)")
    args = parser.parse_args()
    print(run(args.graph, args.clients, args.seconds, args.timeout, args.memory, args.share))


if __name__ == "__main__":
    main()
