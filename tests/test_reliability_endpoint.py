"""The endpoint as an attacker and an unlucky user find it (issue 15): every case against a real ``kg serve``
process on 127.0.0.1, and ``kg query`` held to the same limits. Each case is bounded in time and requests.

Before the fix, the first case segfaulted the server, SERVICE made it POST anywhere, the cross product ate all
memory, 300 idle connections held 300 threads and a 100 MB POST grew it tenfold.
"""
from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from conftest import run_kg, serving

DEEP = "SELECT * WHERE " + "{" * 2500 + "}" * 2500
CROSS_ORDERED = "SELECT * WHERE {?a ?b ?c . ?d ?e ?f} ORDER BY ?a ?d ?f LIMIT 1"
CROSS_COUNTED = "SELECT (COUNT(*) AS ?n) WHERE {?a ?b ?c . ?d ?e ?f . ?g ?h ?i}"
CHEAP = 'ASK { ?p rdfs:label "吕沛"@zh }'


def _get(url: str, query: str, headers: dict | None = None, timeout: float = 30) -> tuple[int, str]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        connection.request("GET", f"{parts.path}?{urllib.parse.urlencode({'query': query})}", headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


def _one_line(body: str) -> str:
    assert body.endswith("\n") and body.count("\n") == 1, repr(body)
    assert "Traceback" not in body
    return body.strip()


def _alive(url: str) -> None:
    status, body = _get(url, CHEAP)
    assert (status, json.loads(body)["boolean"]) == (200, True)


def _rss_mib(process: psutil.Process) -> float:
    return process.memory_info().rss / (1 << 20)


@pytest.fixture(scope="module")
def endpoint(seeds_out):
    with serving(seeds_out, "--timeout", "3", "--memory", "256") as (url, process):
        yield url, psutil.Process(process.pid)
    assert process.returncode == 0 and "Traceback" not in process.stderr_text, process.stderr_text


def test_deep_nesting_is_refused_before_the_engine_sees_it(endpoint):
    url, _ = endpoint
    status, body = _get(url, DEEP)
    assert status == 400 and _one_line(body) == "the query nests brackets 2,500 deep; at most 64 levels are allowed"
    _alive(url)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
    "PREFIX ex: <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE ex:x { ?s ?p ?o } }",
    "BASE <http://127.0.0.1:{port}/> SELECT * WHERE { SERVICE <x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <http://127.0.0.\\u0031:{port}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:{port}/x> AS ?e) SERVICE ?e { ?s ?p ?o } }",
    "SELECT * WHERE { # a comment, then\n SERVICE <http://127.0.0.1:{port}/x> { ?s ?p ?o } }",
], ids=["plain", "lower case, silent", "prefixed name", "relative to BASE", "escaped IRI", "variable",
        "after a comment"])
def test_service_is_refused_and_nothing_is_called(endpoint, query):
    url, _ = endpoint
    with socket.create_server(("127.0.0.1", 0)) as target:
        target.settimeout(0.5)
        status, body = _get(url, query.replace("{port}", str(target.getsockname()[1])))
        assert status == 403 and _one_line(body).startswith("SERVICE ") and "refused" in body
        with pytest.raises(TimeoutError):
            target.accept()  # the endpoint never connected
    _alive(url)


def test_the_word_service_in_strings_iris_and_comments_is_no_service(endpoint):
    url, _ = endpoint
    status, body = _get(url, 'SELECT * WHERE { ?s <http://example.org/SERVICE> "SERVICE <http://x/>" } # SERVICE')
    assert status == 200, body


def test_a_cross_product_ordered_stops_at_its_memory_limit_and_the_server_stays_small(endpoint):
    url, server = endpoint
    before = _rss_mib(server)
    started = time.monotonic()
    status, body = _get(url, CROSS_ORDERED)
    assert status == 503 and _one_line(body) == \
        "the query needed more than its 256 MiB of memory (--memory) and was stopped"
    assert time.monotonic() - started < 10
    assert _rss_mib(server) - before < 20
    _alive(url)


def test_a_long_query_stops_at_its_time_limit_and_frees_its_core(endpoint):
    url, server = endpoint
    started = time.monotonic()
    status, body = _get(url, CROSS_COUNTED)
    assert status == 503 and _one_line(body) == "the query ran past its time limit of 3 s (--timeout) and was stopped"
    assert 3 <= time.monotonic() - started < 8
    time.sleep(0.5)
    assert not _query_processes(server)


def _query_processes(server: psutil.Process) -> list[psutil.Process]:
    """The query processes running: the children of the fork server (the server's one child)."""
    return [p for fork_server in server.children() for p in fork_server.children() if p.is_running()
            and p.status() != psutil.STATUS_ZOMBIE]


def test_a_query_whose_client_left_is_stopped(endpoint):
    url, server = endpoint
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.request("GET", f"{parts.path}?{urllib.parse.urlencode({'query': CROSS_COUNTED})}")
    time.sleep(0.5)
    assert _query_processes(server), "the query should be running"
    connection.close()  # the client goes away long before the 3 s limit
    deadline = time.monotonic() + 2
    while _query_processes(server) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _query_processes(server)


def test_idle_connections_hold_no_thread_and_are_closed(endpoint):
    url, server = endpoint
    parts = urllib.parse.urlsplit(url)
    idle = [socket.create_connection((parts.hostname, parts.port)) for _ in range(300)]
    try:
        time.sleep(0.5)
        assert server.num_threads() <= 40  # waitress's at most 32 and its loop, not one per connection
        started = time.monotonic()
        _alive(url)  # answered while they wait
        assert time.monotonic() - started < 5
        for connection in idle:
            connection.settimeout(20)
        assert all(connection.recv(1) == b"" for connection in idle)  # closed by the server: idle too long
    finally:
        for connection in idle:
            connection.close()


def test_a_huge_body_is_refused_unread(endpoint):
    url, server = endpoint
    parts = urllib.parse.urlsplit(url)
    before = _rss_mib(server)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: "
                           f"application/sparql-query\r\nContent-Length: {100 << 20}\r\n\r\n".encode())
        sent = 0
        try:
            while sent < 100 << 20:
                sent += connection.send(b" " * (1 << 20))
        except OSError:
            pass  # the server closed the connection after answering
        answer = connection.recv(65536).decode()
    assert answer.startswith("HTTP/1.1 413 ") and answer.endswith("the request body is over 1,048,576 bytes\n")
    assert _rss_mib(server) - before < 20
    _alive(url)


@pytest.mark.parametrize("host, status", [
    ("evil.example:{port}", 403), ("localhost:{port}", 200), ("127.0.0.1:{port}", 200), ("127.0.0.1:80", 403)])
def test_the_host_header_must_name_the_endpoint(endpoint, host, status):
    url, _ = endpoint
    code, body = _get(url, CHEAP, {"Host": host.replace("{port}", str(urllib.parse.urlsplit(url).port))})
    assert code == status, body
    if status == 403:
        assert "is not this endpoint's address" in _one_line(body)


def test_every_failure_is_a_status_and_one_line(endpoint):
    url, _ = endpoint
    parts = urllib.parse.urlsplit(url)
    requests = [
        ("GET", parts.path, {}, None),  # no query
        ("GET", "/elsewhere", {}, None),
        ("PUT", parts.path, {}, b"x"),
        ("POST", parts.path, {"Content-Type": "text/plain"}, b"query=ASK{}"),
        ("POST", parts.path, {"Content-Type": "application/sparql-update"}, b"CLEAR ALL"),
        ("POST", parts.path, {"Content-Type": "application/sparql-query"}, b"SELECT nonsense"),
        ("GET", f"{parts.path}?query=" + "x" * (300 << 10), {}, None),  # headers too large
    ]
    for method, path, headers, body in requests:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        assert response.status >= 400, (method, path)
        _one_line(response.read().decode())
        connection.close()
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as connection:
        connection.sendall(b"NONSENSE\r\n\r\n")
        answer = b"".join(iter(lambda: connection.recv(65536), b"")).decode()  # to the end: it closes
    status_line, _, body = answer.partition("\r\n\r\n")
    assert status_line.startswith("HTTP/1.0 400") or status_line.startswith("HTTP/1.1 400"), answer
    _one_line(body)
    _alive(url)


def test_a_burst_from_fifty_clients_gets_no_reset(endpoint):
    url, _ = endpoint

    def ask(_: int) -> int:
        return _get(url, CHEAP, timeout=60)[0]

    with ThreadPoolExecutor(50) as pool:
        statuses = list(pool.map(ask, range(400)))
    assert statuses == [200] * 400


def test_service_to_an_allowed_host_that_never_answers_is_stopped_and_a_failed_one_answered(seeds_out):
    with socket.create_server(("127.0.0.1", 0)) as silent, socket.create_server(("127.0.0.1", 0)) as closed:
        closed_port = closed.getsockname()[1]
        closed.close()  # nothing listens there any more: the call fails
        silent_port = silent.getsockname()[1]
        with serving(seeds_out, "--timeout", "2", "--allow-service", f"127.0.0.1:{silent_port}",
                     "--allow-service", f"127.0.0.1:{closed_port}") as (url, _):
            started = time.monotonic()
            status, body = _get(url, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{silent_port}/x> {{ ?s ?p ?o }} }}")
            assert status == 503 and "time limit of 2 s" in _one_line(body)
            assert time.monotonic() - started < 8
            status, body = _get(url, f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{closed_port}/x> {{ ?s ?p ?o }} }}")
            assert status == 500 and _one_line(body).startswith("the query stopped the SPARQL engine (")
            status, body = _get(url, "SELECT * WHERE { SERVICE <http://127.0.0.2:80/x> { ?s ?p ?o } }")
            assert status == 403 and "127.0.0.2 is not among the allowed hosts" in body
            _alive(url)


def test_a_server_killed_leaves_no_process_behind(seeds_out):
    with serving(seeds_out, "--timeout", "30") as (url, process):
        server = psutil.Process(process.pid)
        parts = urllib.parse.urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        connection.request("GET", f"{parts.path}?{urllib.parse.urlencode({'query': CROSS_COUNTED})}")
        deadline = time.monotonic() + 10
        while not _query_processes(server) and time.monotonic() < deadline:
            time.sleep(0.1)
        spawned = server.children(recursive=True)
        assert len(spawned) >= 2  # the fork server and the query it forked
        process.kill()  # SIGKILL: no cleanup runs in the server
        process.wait()
        connection.close()
    gone, alive = psutil.wait_procs(spawned, timeout=10)
    assert not alive


def test_kg_serve_with_a_bad_port_or_allow_service_says_so_in_a_line(seeds_out):
    result = run_kg("serve", "--graph", str(seeds_out), "--port", "99999", check=False)
    assert result.returncode == 2 and "Traceback" not in result.stderr and "--port" in result.stderr
    result = run_kg("serve", "--graph", str(seeds_out), "--allow-service", "http://x/", check=False)
    assert result.returncode == 1 and result.stderr.startswith("error: bad --allow-service 'http://x/'")


# --- kg query: the same limits ---------------------------------------------------------------------------------

def test_kg_query_refuses_deep_nesting_and_service_in_one_line(seeds_out):
    result = run_kg("query", "--graph", str(seeds_out), "SELECT * WHERE " + "{" * 3000 + "}" * 3000, check=False)
    assert result.returncode == 1 and \
        result.stderr == "error: the query nests brackets 3,000 deep; at most 64 levels are allowed\n"
    result = run_kg("query", "--graph", str(seeds_out), "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> {} }",
                    check=False)
    assert result.returncode == 1 and result.stderr.startswith("error: SERVICE <http://127.0.0.1:9/> refused")


@pytest.mark.parametrize("query, options, message", [
    (CROSS_ORDERED, ["--memory", "128"], "the query needed more than its 128 MiB of memory"),
    (CROSS_COUNTED, ["--timeout", "1"], "the query ran past its time limit of 1 s"),
], ids=["memory", "time"])
def test_kg_query_stops_a_query_at_its_limits(seeds_out, query, options, message):
    started = time.monotonic()
    result = run_kg("query", "--graph", str(seeds_out), *options, query, check=False)
    assert result.returncode == 1 and result.stderr.startswith(f"error: {message}"), result.stderr
    assert result.stderr.count("\n") == 1 and time.monotonic() - started < 15


def test_kg_query_reads_a_gbk_file_and_says_why_it_cannot_read_one(seeds_out, tmp_path):
    query = tmp_path / "q.rq"
    query.write_bytes('ASK { ?p rdfs:label "吕沛"@zh }'.encode("gbk"))
    result = run_kg("query", "--graph", str(seeds_out), "--format", "csv", str(query))
    assert result.stdout == "answer\ntrue\n"
    result = run_kg("query", "--graph", str(seeds_out), "/proc/self/mem", check=False)  # a file whose read fails
    assert result.returncode == 1 and result.stderr == \
        "error: cannot read the query file /proc/self/mem: Input/output error\n"
    binary = tmp_path / "b.rq"
    binary.write_bytes(bytes(range(256)) * 4)
    result = run_kg("query", "--graph", str(seeds_out), str(binary), check=False)
    assert result.returncode == 1 and result.stderr.startswith(f"error: cannot read the query file {binary}: ")


def test_the_endpoint_serves_an_on_disk_store_in_its_query_processes(seeds_out, tmp_path):
    store = tmp_path / "store"
    run_kg("load", str(seeds_out), "--store", str(store))
    with serving(store, "--timeout", "3") as (url, _):
        _alive(url)
        assert _get(url, CROSS_COUNTED)[0] == 503
        _alive(url)


def test_the_load_benchmark_runs_small_and_nothing_fails(seeds_out):
    from benchmarks.endpoint_load import run

    report = run(seeds_out, clients=8, seconds=4, timeout=1, memory=256)
    rows = {line.split("|")[1].strip(): line.split("|") for line in report.splitlines() if line.startswith("| ")}
    assert rows["cheap"][7].strip() == "0", report  # no error among the cheap queries
    assert "server answering after the run: yes" in report and "traceback: no" in report, report
