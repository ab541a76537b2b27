"""``kg serve``: a built graph as a read-only SPARQL endpoint, made to be left running.

The SPARQL 1.1 protocol's query operation at ``/query``: ``GET /query?query=…``,
``POST`` with a form (``query=…``) or with the query as the body
(``application/sparql-query``), with ``default-graph-uri`` and ``named-graph-uri`` choosing the
graphs it runs on. Answers are serialized by Oxigraph, in UTF-8 (one ``charset``), chosen by
the ``Accept`` header: SPARQL JSON (the default), XML, CSV or TSV for SELECT
and ASK; Turtle (the default), N-Triples, RDF/XML or JSON-LD for CONSTRUCT and
DESCRIBE. Updates are refused (403), bad SPARQL is a 400 with a line saying where
and what to do (:mod:`kg.diagnose`). The graph is loaded as ``kg query`` loads it (the union of the
article graphs is the default graph, ``GRAPH ?g`` reaches each article's), and
the same prefixes are predeclared.

What a client cannot do to it:

* **crash it or make it call out**: every query passes :func:`kg.limits.check` first (size, nesting,
  operators, ``SERVICE`` only to the hosts ``--allow-service`` names);
* **tie it up**: each query runs in a process of its own, forked from a *fork server* that holds the graph
  (:class:`_Workers`; a fork shares the graph's memory until written), under :func:`kg.limits.confine`: the
  kernel ends it at the time limit or when it passes its memory limit, freeing its core and memory, and it is
  ended as soon as its client goes away. The HTTP side is `waitress <https://docs.pylonsproject.org/projects/
  waitress/>`_: requests are read by one event loop, so slow or idle connections hold no thread, a bounded
  number of threads wait on the query processes, idle connections are closed, bodies and headers are bounded;
* **reach it from a web page through DNS rebinding**: the ``Host`` header must name the address it listens on;
* **get anything but an HTTP status and a one-line message** when something fails, its own or waitress's.

>>> import json, tempfile, threading, urllib.request, urllib.parse
>>> graph = Path(tempfile.mkdtemp()) / "graph.ttl"
>>> _ = graph.write_text('<https://w3id.org/govkg/resource/person/焦作/吕沛> '
...                      '<http://www.w3.org/2000/01/rdf-schema#label> "吕沛"@zh .', encoding="utf-8")
>>> endpoint = Endpoint(graph, "127.0.0.1", 0)  # port 0: any free port
>>> thread = threading.Thread(target=endpoint.run); thread.start()
>>> query = urllib.parse.quote('SELECT ?n WHERE { ?p rdfs:label ?n FILTER(?n = "吕沛"@zh) }')
>>> json.load(urllib.request.urlopen(f"{endpoint.url}?query={query}"))["results"]["bindings"][0]["n"]["value"]
'吕沛'
>>> endpoint.stop(); thread.join()
"""
from __future__ import annotations

import ipaddress
import json
import logging
import os
import select
import signal
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask

from .errors import Errors, KgError
from .limits import Limits, Refused, answer, check, confine, parse_head, stopped
from .process import die_with_parent
from .query import is_store, load_store, query_oxigraph
from .vocab import PREFIXES

__all__ = ["ENDPOINT_PATH", "Endpoint", "Capacity", "serve"]

ENDPOINT_PATH = "/query"  # where Oxigraph's own server answers queries too
_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"
_DATASET = ("default-graph-uri", "named-graph-uri")  # the protocol's parameters naming a query's graphs
_GRACE = 5.0  # seconds past a query's time limit before the server gives up waiting for its process
# a query still running after this many seconds yields the CPU to the others (nice 19): cheap ones keep answering
_LONG = 0.5


@dataclass(frozen=True)
class Capacity:
    """What the endpoint takes on at once. ``threads``: queries answered at once, each waiting on its own
    process (the others wait their turn); by default as many as half the machine's memory holds at the memory
    limit each, from 4 to 32; ``connections``: open connections (more wait in the ``backlog``);
    ``idle``: seconds a connection may stay silent; ``max_body``, ``max_header``: bytes of a request."""

    threads: int | None = None
    connections: int = 500
    backlog: int = 1024
    idle: int = 10
    max_body: int = 1 << 20
    # a GET of the longest query allowed (64 KiB), every byte percent-encoded, fits
    max_header: int = 256 << 10

    def queries(self, limits: Limits) -> int:
        """How many queries run at once."""
        if self.threads is not None:
            return self.threads
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        return max(4, min(32, memory // 2 // (limits.memory_mib << 20)))


class Endpoint:
    """The endpoint on ``host``:``port`` (0: any free port) serving ``graph``: listening, its fork server
    holding the graph, not yet answering (:meth:`run`)."""

    def __init__(self, graph: Path, host: str, port: int, limits: Limits = Limits(),
                 capacity: Capacity = Capacity()):
        try:  # bound first, so that a busy port is told before a big graph is loaded
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            listener = socket.create_server((host, port), family=family, backlog=capacity.backlog)
        except (OSError, OverflowError) as e:
            raise KgError(Errors.E062.format(host=host, port=port, detail=getattr(e, "strerror", None) or e)) from e
        try:
            self._workers = _Workers(graph, limits)  # forked before waitress starts its threads
        except BaseException:
            listener.close()
            raise
        self.host, self.port = listener.getsockname()[:2]
        shown = f"[{self.host}]" if ":" in self.host else self.host
        self.url = f"http://{shown}:{self.port}{ENDPOINT_PATH}"
        app = _App(self._workers, limits, capacity, _host_check(host, self.port), f"{shown}:{self.port}")
        adj = Adjustments(
            sockets=[listener], threads=capacity.queries(limits), connection_limit=capacity.connections,
            backlog=capacity.backlog, channel_timeout=capacity.idle, cleanup_interval=1,
            max_request_body_size=capacity.max_body, max_request_header_size=capacity.max_header,
            channel_request_lookahead=1,  # reads ahead, so that a client gone away is seen while its query runs
            asyncore_use_poll=True, ident="govkg", expose_tracebacks=False)
        logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "task queue depth": a busy moment, no fault
        self._server = _HTTPServer(app, _sock=listener, adj=adj, bind_socket=False,
                                   sockinfo=(listener.family, listener.type, listener.proto, listener.getsockname()))
        self._stopping = threading.Event()

    def run(self) -> None:
        """Answer until :meth:`stop` or Ctrl-C, then close."""
        try:
            while not self._stopping.is_set():
                wasyncore.loop(timeout=0.5, map=self._server._map, use_poll=True, count=1)
        except KeyboardInterrupt:  # Ctrl-C is how it stops: no traceback
            pass
        finally:
            self._server.task_dispatcher.shutdown()
            wasyncore.close_all(self._server._map)
            self._workers.close()

    def stop(self) -> None:
        """Have :meth:`run` return (from another thread)."""
        self._stopping.set()
        self._server.trigger.pull_trigger()


def serve(graph: Path, host: str, port: int, limits: Limits = Limits(),
          on_ready: Callable[[str], None] = lambda url: None) -> None:
    """Serve ``graph`` until Ctrl-C; ``on_ready(url)`` once it listens."""
    endpoint = Endpoint(graph, host, port, limits)
    on_ready(endpoint.url)
    endpoint.run()


def _negotiate(accept: str, parse: Callable[[str], object | None], default):
    """The first format of ``accept`` (highest ``q`` first) that ``parse`` knows, else ``default``.

    >>> _negotiate("text/html, text/csv;q=0.9, */*;q=0.8", ox.QueryResultsFormat.from_media_type,
    ...            ox.QueryResultsFormat.JSON).name
    'SPARQL Results in CSV'
    """
    ranked = []
    for item in accept.split(","):
        media_type, *params = (part.strip() for part in item.split(";"))
        ranked.append((-_weight(params), media_type))
    for _, media_type in sorted(ranked, key=lambda r: r[0]):  # stable: ties keep the client's order
        found = parse(media_type) if media_type else None
        if found is not None:
            return found
    return default


def _weight(params: list[str]) -> float:
    """A media range's ``q`` (1 when not given, 0 when unreadable)."""
    for param in params:
        if param.startswith("q="):
            try:
                return float(param[2:])
            except ValueError:
                return 0.0
    return 1.0


# --- the query processes -----------------------------------------------------------------------------------

def _serialized(store: ox.Store, job: dict) -> tuple[str, bytes]:
    """(media type, body) of Oxigraph's answer to the ``job``'s query, on its dataset, in the format its
    ``accept`` asks for."""
    result = query_oxigraph(store, job["query"], job["default"], job["named"])
    accept = job["accept"]
    if isinstance(result, ox.QueryTriples):
        fmt = _negotiate(accept, ox.RdfFormat.from_media_type, ox.RdfFormat.TURTLE)
    else:
        fmt = _negotiate(accept, ox.QueryResultsFormat.from_media_type, ox.QueryResultsFormat.JSON)
    return fmt.media_type, result.serialize(format=fmt)


def _query_process(conn: socket.socket, store: ox.Store | None, graph: Path, limits: Limits, parent: int) -> None:
    """A query's process: tells its pid, reads the job (one JSON line), answers it in a frame, and ends."""
    try:
        conn.sendall(f"P {os.getpid()}\n".encode())
        confine(limits, parent)
        with conn.makefile("rb") as job_file:
            job = json.loads(job_file.readline())
        # an on-disk store is opened here, after the fork: RocksDB's threads do not survive one
        conn.sendall(answer(lambda: _serialized(store or load_store(graph), job), limits))
    finally:
        os._exit(0)


def _fork_server(ctrl: socket.socket, graph: Path, limits: Limits, parent: int) -> None:
    """The process holding the graph: forks a query process for each connection sent over ``ctrl`` (``Q`` and
    its descriptor), kills one on ``K PID``, lowers one's priority on ``N PID``, and when one ends, writes
    ``D WAIT-STATUS`` to its connection (after whatever it wrote), so the server learns why one that gave no
    answer stopped. Only its own children not yet reaped are killed or lowered: never a pid used again."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle; it closes ctrl, this ends
    die_with_parent(parent)
    try:
        store = None if is_store(graph) else load_store(graph)
    except KgError as e:
        ctrl.send(f"E {e}".encode())
        return
    ctrl.send(b"ready")
    me = os.getpid()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # a handler, so that the wake-up descriptor is written
    signal.set_wakeup_fd(wake_w)
    children: dict[int, socket.socket] = {}
    try:
        while True:
            readable = select.select([ctrl, wake_r], [], [])[0]
            if wake_r in readable:
                os.read(wake_r, 4096)
            if ctrl in readable:
                message, fds, _, _ = socket.recv_fds(ctrl, 64, 1)
                if not message:  # the server is gone
                    return
                if message == b"Q" and fds:
                    conn = socket.socket(fileno=fds[0])
                    pid = os.fork()
                    if pid == 0:
                        signal.set_wakeup_fd(-1)
                        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                        for fd in (wake_r, wake_w, ctrl.fileno()):
                            os.close(fd)
                        _query_process(conn, store, graph, limits, me)
                    children[pid] = conn
                elif message[:2] in (b"K ", b"N ") and int(message[2:]) in children:
                    if message.startswith(b"K "):
                        os.kill(int(message[2:]), signal.SIGKILL)
                    else:
                        os.setpriority(os.PRIO_PROCESS, int(message[2:]), 19)
            _reap(children)
    finally:
        for pid in children:
            os.kill(pid, signal.SIGKILL)


def _reap(children: dict[int, socket.socket]) -> None:
    while children:
        pid, status = os.waitpid(-1, os.WNOHANG)
        if not pid:
            return
        conn = children.pop(pid)
        try:
            conn.sendall(f"D {status}\n".encode())
        except OSError:
            pass  # the server no longer waits for it
        conn.close()


class _Workers:
    """The server's side of the fork server: a query sent, a query process killed."""

    def __init__(self, graph: Path, limits: Limits):
        self._ctrl, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        parent = os.getpid()
        self.pid = os.fork()
        if self.pid == 0:
            self._ctrl.close()
            try:
                _fork_server(theirs, graph, limits, parent)
            finally:
                os._exit(0)
        theirs.close()
        self._lock = threading.Lock()
        ready = self._ctrl.recv(1 << 16).decode()
        if ready != "ready":
            self.close()
            raise KgError(ready.removeprefix("E ") or Errors.E142)

    def start(self, job: dict) -> socket.socket:
        """A connection to a new query process, the ``job`` sent."""
        mine, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self._lock:
                socket.send_fds(self._ctrl, [b"Q"], [theirs.fileno()])
        except OSError as e:
            mine.close()
            raise Refused(Errors.E142, HTTPStatus.INTERNAL_SERVER_ERROR) from e
        finally:
            theirs.close()
        mine.sendall(json.dumps(job).encode() + b"\n")
        return mine

    def kill(self, pid: int) -> None:
        self._tell(f"K {pid}")

    def lower(self, pid: int) -> None:
        """Give the query process ``pid`` the lowest CPU priority."""
        self._tell(f"N {pid}")

    def _tell(self, message: str) -> None:
        try:
            with self._lock:
                self._ctrl.send(message.encode())
        except OSError:
            pass  # the fork server is gone, and its children with it

    def close(self) -> None:
        self._ctrl.close()  # the fork server reads the end of it, kills its children and ends
        os.waitpid(self.pid, 0)


def _outcome(conn: socket.socket, limits: Limits, gone: Callable[[], bool], workers: _Workers
             ) -> tuple[int, str, Iterator[bytes], int]:
    """What the query process on ``conn`` answered: (status, media type, the body's chunks, its length). The
    process is killed if it runs past the time limit or its client goes away."""
    start = time.monotonic()
    data, pid, lowered = b"", None, False
    try:
        while True:
            if not select.select([conn], [], [], 0.25)[0]:
                if pid and not lowered and time.monotonic() - start >= _LONG:
                    workers.lower(pid)
                    lowered = True
                late = time.monotonic() - start > limits.timeout + _GRACE
                if (late or gone()) and pid:
                    workers.kill(pid)  # then its D line comes
                elif late:  # not even started: the fork server is stuck
                    raise Refused(Errors.E142, HTTPStatus.INTERNAL_SERVER_ERROR)
                continue
            chunk = conn.recv(1 << 16)
            data += chunk
            if pid is None and data.startswith(b"P ") and b"\n" in data:
                line, data = data.split(b"\n", 1)
                pid = int(line[2:])
            head, newline, body = data.partition(b"\n")
            if pid is not None and head.startswith(b"D ") and newline:
                raise stopped(int(head[2:]), limits, time.monotonic() - start)
            if pid is not None and newline:
                status, length, media_type = parse_head(head)
                return status, media_type, _rest(conn, body, length), length
            if not chunk:  # the fork server ended without a word
                raise Refused(Errors.E142, HTTPStatus.INTERNAL_SERVER_ERROR)
    except BaseException:
        conn.close()
        raise


def _rest(conn: socket.socket, first: bytes, length: int) -> Iterator[bytes]:
    """A body of ``length`` bytes: ``first``, then what follows on ``conn``."""
    try:
        sent = first[:length]
        yield sent
        left = length - len(sent)
        while left > 0:
            chunk = conn.recv(min(left, 1 << 20))
            if not chunk:
                return  # the process died writing: the client gets less than Content-Length, so knows
            left -= len(chunk)
            yield chunk
    finally:
        conn.close()


def _refusal(e: Refused) -> tuple[int, str, Iterator[bytes], int]:
    body = f"{e}\n".encode()
    return int(e.status), "text/plain", iter([body]), len(body)


# --- HTTP ----------------------------------------------------------------------------------------------------

def _host_check(host: str, port: int) -> Callable[[str], bool]:
    """Whether a ``Host`` header names the address ``host``:``port`` the server listens on: that address, or
    ``localhost`` for a loopback one, or any IP address for a wildcard one (``0.0.0.0``); never another
    name, which is what a page using DNS rebinding sends.

    >>> allowed = _host_check("127.0.0.1", 7878)
    >>> allowed("127.0.0.1:7878"), allowed("localhost:7878"), allowed("evil.example:7878"), allowed("127.0.0.1:80")
    (True, True, False, False)
    """
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        address = None
    loopback = host == "localhost" or (address is not None and address.is_loopback)
    wildcard = address is not None and address.is_unspecified

    def allowed(header: str) -> bool:
        try:
            url = urlsplit(f"//{header}")
            name, given = url.hostname, url.port
        except ValueError:
            return False
        if given != port or not name:
            return False
        if name == host.strip("[]").lower() or (loopback and name == "localhost"):
            return True
        try:
            named = ipaddress.ip_address(name)
        except ValueError:
            return False
        return wildcard or (loopback and named.is_loopback)
    return allowed


def _dataset(params: dict[str, list[str]]) -> tuple[list[str] | None, list[str] | None]:
    """The IRIs of the default and named graphs the protocol's ``default-graph-uri`` and ``named-graph-uri``
    give; when it gives neither, ``None`` for both (the query's own FROM, else the whole graph), and when it
    gives one, no graph of the other kind (as the SPARQL 1.1 protocol says)."""
    default, named = (params.get(key) for key in _DATASET)
    if default is None and named is None:
        return None, None
    for iri in [*(default or ()), *(named or ())]:
        try:
            ox.NamedNode(iri)
        except ValueError as e:
            raise Refused(Errors.E068.format(iri=iri, detail=e)) from e
    return default or [], named or []


class _App:
    """The WSGI application: the SPARQL protocol's query operation, read-only."""

    def __init__(self, workers: _Workers, limits: Limits, capacity: Capacity, host_ok: Callable[[str], bool],
                 expected: str):
        self.workers, self.limits, self.capacity = workers, limits, capacity
        self.host_ok, self.expected = host_ok, expected

    def __call__(self, environ: dict, start_response):
        try:
            status, media_type, body, length = self._respond(environ)
        except Refused as e:
            status, media_type, body, length = _refusal(e)
        charset = "" if "charset=" in media_type else "; charset=utf-8"
        headers = [("Content-Type", media_type + charset), ("Content-Length", str(length))]
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            headers.append(("Allow", "GET, POST"))
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return body

    def _respond(self, environ: dict) -> tuple[int, str, Iterator[bytes], int]:
        host = environ.get("HTTP_HOST")
        if host is not None and not self.host_ok(host):
            raise Refused(Errors.E140.format(host=host, expected=self.expected), HTTPStatus.FORBIDDEN)
        if environ.get("PATH_INFO") != ENDPOINT_PATH:
            raise Refused(Errors.E063.format(path=ENDPOINT_PATH), HTTPStatus.NOT_FOUND)
        method = environ["REQUEST_METHOD"]
        params = parse_qs(environ.get("QUERY_STRING", ""))
        if method == "POST":  # the URL may give the dataset of a query posted in the body
            params = {**{k: v for k, v in params.items() if k in _DATASET}, **self._posted(environ)}
        elif method != "GET":
            raise Refused(Errors.E066.format(form=_FORM, body=_QUERY_BODY), HTTPStatus.METHOD_NOT_ALLOWED)
        if "update" in params:
            raise Refused(Errors.E064, HTTPStatus.FORBIDDEN)
        if len(params.get("query", [])) != 1:
            raise Refused(Errors.E065)
        sparql = params["query"][0]
        check(sparql, self.limits, PREFIXES)
        default, named = _dataset(params)
        conn = self.workers.start({"query": sparql, "accept": environ.get("HTTP_ACCEPT", ""), "default": default,
                                   "named": named})
        return _outcome(conn, self.limits, environ.get("waitress.client_disconnected", lambda: False), self.workers)

    def _posted(self, environ: dict) -> dict[str, list[str]]:
        length = int(environ.get("CONTENT_LENGTH") or 0)  # waitress has checked it, and the body's size
        body = environ["wsgi.input"].read(length).decode("utf-8", "replace")
        kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if kind == _QUERY_BODY:
            return {"query": [body]}
        if kind == _FORM:
            return parse_qs(body)
        if kind == _UPDATE_BODY:
            raise Refused(Errors.E064, HTTPStatus.FORBIDDEN)
        raise Refused(Errors.E066.format(form=_FORM, body=_QUERY_BODY), HTTPStatus.UNSUPPORTED_MEDIA_TYPE)


class _OneLineError(ErrorTask):
    """Waitress's own refusals (a bad request line, headers or body too large) as one line, as the app's."""

    def execute(self) -> None:
        e = self.request.error
        body = (Errors.E141.format(limit=self.channel.adj.max_request_body_size) if e.code == 413
                else f"{e.reason}: {e.body}").encode() + b"\n"
        self.status = f"{e.code} {e.reason}"
        self.response_headers.append(("Content-Type", "text/plain; charset=utf-8"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _Channel(HTTPChannel):
    error_task_class = _OneLineError


class _HTTPServer(TcpWSGIServer):
    channel_class = _Channel
