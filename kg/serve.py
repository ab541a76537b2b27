"""``kg serve``: a built graph as a read-only SPARQL endpoint on localhost.

The SPARQL 1.1 protocol's query operation at ``/query``: ``GET /query?query=…``,
``POST`` with a form (``query=…``) or with the query as the body
(``application/sparql-query``). Answers are serialized by Oxigraph, chosen by
the ``Accept`` header: SPARQL JSON (the default), XML, CSV or TSV for SELECT
and ASK; Turtle (the default), N-Triples, RDF/XML or JSON-LD for CONSTRUCT and
DESCRIBE. Updates are refused (403), bad SPARQL is a 400 with the parser's
message. The graph is loaded as ``kg query`` loads it (the union of the
article graphs is the default graph, ``GRAPH ?g`` reaches each article's), and
the same prefixes are predeclared.

Standard library only (``http.server``) on pyoxigraph, which ``kg query``
already uses: nothing more to install, the same answers as ``kg query``, and
the whole server is tested in-process.

>>> import json, threading, urllib.request
>>> from rdflib import RDFS, Dataset, Literal, URIRef
>>> from kg.query import store_from_dataset
>>> ds = Dataset()
>>> _ = ds.add((URIRef("https://w3id.org/govkg/resource/person/焦作/吕沛"), RDFS.label, Literal("吕沛", lang="zh")))
>>> server = make_server(store_from_dataset(ds), "127.0.0.1", 0)  # port 0: any free port
>>> threading.Thread(target=server.serve_forever, daemon=True).start()
>>> url = f"{endpoint_url(server)}?query=SELECT%20%3Fn%20WHERE%20%7B%20%3Fp%20rdfs%3Alabel%20%3Fn%20%7D"
>>> json.load(urllib.request.urlopen(url))["results"]["bindings"][0]["n"]["value"]
'吕沛'
>>> server.shutdown(); server.server_close()
"""
from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from .errors import Errors, KgError
from .query import load_store, query_oxigraph

__all__ = ["ENDPOINT_PATH", "make_server", "endpoint_url", "serve"]

ENDPOINT_PATH = "/query"  # where Oxigraph's own server answers queries too
_FORM = "application/x-www-form-urlencoded"
_QUERY_BODY = "application/sparql-query"
_UPDATE_BODY = "application/sparql-update"


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


class _Handler(BaseHTTPRequestHandler):
    """One request: the SPARQL protocol's query operation, read-only."""
    server: _Server
    server_version = "govkg"

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        if self._at_endpoint(url.path):
            self._answer(parse_qs(url.query))

    def do_POST(self) -> None:
        if not self._at_endpoint(urlsplit(self.path).path):
            return
        length = self.headers.get("Content-Length") or "0"
        if not length.isdigit():
            return self._reply(HTTPStatus.BAD_REQUEST, Errors.E067.format(value=length))
        body = self.rfile.read(int(length))
        kind = self.headers.get_content_type()
        if kind == _QUERY_BODY:
            self._answer({"query": [body.decode("utf-8", "replace")]})
        elif kind == _FORM:
            self._answer(parse_qs(body.decode("utf-8", "replace")))
        elif kind == _UPDATE_BODY:
            self._reply(HTTPStatus.FORBIDDEN, Errors.E064)
        else:
            self._reply(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, Errors.E066.format(form=_FORM, body=_QUERY_BODY))

    def _at_endpoint(self, path: str) -> bool:
        if path != ENDPOINT_PATH:
            self._reply(HTTPStatus.NOT_FOUND, Errors.E063.format(path=ENDPOINT_PATH))
        return path == ENDPOINT_PATH

    def _answer(self, params: dict[str, list[str]]) -> None:
        if "update" in params:
            return self._reply(HTTPStatus.FORBIDDEN, Errors.E064)
        if len(params.get("query", [])) != 1:
            return self._reply(HTTPStatus.BAD_REQUEST, Errors.E065)
        try:
            result = query_oxigraph(self.server.store, params["query"][0])
        except KgError as e:  # an update sent as a query fails to parse too, so it lands here
            return self._reply(HTTPStatus.BAD_REQUEST, str(e))
        accept = self.headers.get("Accept", "")
        if isinstance(result, ox.QueryTriples):
            fmt = _negotiate(accept, ox.RdfFormat.from_media_type, ox.RdfFormat.TURTLE)
        else:
            fmt = _negotiate(accept, ox.QueryResultsFormat.from_media_type, ox.QueryResultsFormat.JSON)
        self._reply(HTTPStatus.OK, result.serialize(format=fmt), fmt.media_type)

    def _reply(self, status: HTTPStatus, body: str | bytes, media_type: str = "text/plain") -> None:
        data = (body + "\n").encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", f"{media_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a slow client never keeps Ctrl-C from stopping the server

    def __init__(self, address: tuple[str, int], store: ox.Store) -> None:
        self.store = store
        super().__init__(address, _Handler)


def make_server(store: ox.Store, host: str, port: int) -> ThreadingHTTPServer:
    """A server (not yet serving) answering SPARQL over ``store`` at ``http://host:port/query``."""
    try:
        return _Server((host, port), store)
    except OSError as e:
        raise KgError(Errors.E062.format(host=host, port=port, detail=e.strerror or e)) from e


def endpoint_url(server: ThreadingHTTPServer) -> str:
    """The endpoint's URL, with the port actually bound (``port=0`` picks a free one)."""
    host, port = server.server_address[:2]
    return f"http://{host}:{port}{ENDPOINT_PATH}"


def serve(graph: Path, host: str, port: int, on_ready: Callable[[str], None] = lambda url: None) -> None:
    """Serve ``graph`` until Ctrl-C; ``on_ready(url)`` once it listens."""
    server = make_server(load_store(graph), host, port)
    try:
        on_ready(endpoint_url(server))
        server.serve_forever()
    except KeyboardInterrupt:  # Ctrl-C is how it stops: no traceback
        pass
    finally:
        server.server_close()
