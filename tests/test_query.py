"""`kg query` on both stores and on every graph file type, `kg serve`, and the RDF store benchmark's smoke run."""
from __future__ import annotations

import http.client
import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Dataset, Graph

from conftest import ROOT, run_kg, serving
from kg.query import load_store, run_query

QUERIES = {
    "chaired": """SELECT ?name ?meeting ?date WHERE {
        ?p kg:chaired ?m ; rdfs:label ?name . ?m rdfs:label ?meeting OPTIONAL { ?m schema:startDate ?date } }
        ORDER BY ?date ?name ?meeting""",
    "classes": "SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ?class } GROUP BY ?class ORDER BY ?class",
    "titles": """SELECT ?name ?title ?day WHERE { ?m org:member ?p ; rdfs:label ?title ; kg:observedOn ?day .
        ?p rdfs:label ?name } ORDER BY ?day ?name ?title""",
    "per article graph": """SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p kg:attended ?e } }
        GROUP BY ?g ORDER BY DESC(?n) ?g""",
    "ask": 'ASK { ?p rdfs:label "吕沛"@zh ; kg:chaired ?m }',
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
}


@pytest.fixture(scope="module")
def stores(seeds_out):
    return {backend: load_store(seeds_out, backend) for backend in ("oxigraph", "memory")}


@pytest.mark.parametrize("name", QUERIES)
def test_memory_and_oxigraph_stores_give_the_same_rows(stores, name):
    oxigraph = run_query(stores["oxigraph"], QUERIES[name])
    memory = run_query(stores["memory"], QUERIES[name])
    assert oxigraph.columns == memory.columns
    assert oxigraph.rows == memory.rows
    assert oxigraph.rows and oxigraph.rows != [["0"]]


def test_construct_gives_the_same_triples_on_both_stores(stores):
    query = "CONSTRUCT { ?p kg:chaired ?m } WHERE { ?p kg:chaired ?m }"
    oxigraph, memory = (run_query(stores[b], query) for b in ("oxigraph", "memory"))
    assert oxigraph.columns == ["subject", "predicate", "object"]
    assert sorted(oxigraph.rows) == sorted(memory.rows) and oxigraph.rows


def test_cli_store_memory_prints_what_oxigraph_prints(seeds_out):
    outputs = {store: run_kg("query", QUERIES["chaired"], "--graph", str(seeds_out), "--store", store,
                             "--format", "csv").stdout for store in ("oxigraph", "memory")}
    assert outputs["oxigraph"] == outputs["memory"]
    assert "吕沛,高新区2023年第八次党政联席会议暨党工委理论学习中心组集体学习会议,2023-06-25" in outputs["memory"]


@pytest.fixture(scope="module")
def graph_files(seeds_out, tmp_path_factory) -> dict[str, Path]:
    """The seeds' graph as every file type `--graph` takes."""
    ds = Dataset(default_union=True)
    ds.parse(seeds_out / "graph.trig", format="trig")
    tmp = tmp_path_factory.mktemp("graphs")
    ds.serialize(tmp / "graph.nq", format="nquads", encoding="utf-8")
    Graph().parse(seeds_out / "graph.ttl").serialize(tmp / "graph.nt", format="nt", encoding="utf-8")
    return {"dir": seeds_out, "ttl": seeds_out / "graph.ttl", "trig": seeds_out / "graph.trig",
            "nq": tmp / "graph.nq", "nt": tmp / "graph.nt"}


@pytest.mark.parametrize("backend", ["oxigraph", "memory"])
def test_graph_accepts_a_directory_ttl_nt_nq_and_trig(graph_files, backend):
    for query in ("triples", "chaired"):  # the default graph: the union of the article graphs, each triple once
        rows = {kind: run_query(load_store(path, backend), QUERIES[query]).rows for kind, path in graph_files.items()}
        assert all(r == rows["ttl"] for r in rows.values()), rows


def test_named_graphs_are_reachable_from_a_directory(stores):
    rows = run_query(stores["oxigraph"], QUERIES["per article graph"]).rows
    assert all(g.startswith("https://w3id.org/govkg/resource/article/") and g.endswith("/graph") for g, _ in rows)


@pytest.mark.parametrize("content, suffix, words", [
    ("a graph", ".json", "expected a built directory or a .ttl, .nt, .nq or .trig"),
    ("<a> <b", ".nt", "cannot parse"),
    ("@prefix broken", ".ttl", "cannot parse"),
])
@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_bad_graph_files_get_one_line(tmp_path, content, suffix, words, store):
    path = tmp_path / f"graph{suffix}"
    path.write_text(content, encoding="utf-8")
    result = run_kg("query", "ASK {}", "--graph", str(path), "--store", store, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1 and words in result.stderr, result.stderr


def test_bad_sparql_on_the_memory_store_gets_one_line(seeds_out):
    for query in ("SELEC nonsense", "SELECT ?x WHERE { ?x foo:bar ?y }"):
        result = run_kg("query", query, "--graph", str(seeds_out), "--store", "memory", check=False)
        assert result.returncode == 1 and result.stderr.startswith("error: SPARQL error") and "Traceback" not in result.stderr


def _request(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers or {}), timeout=30) as r:
            return r.status, r.headers.get_content_type(), r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get_content_type(), e.read().decode("utf-8")


@pytest.fixture(scope="module")
def endpoint(seeds_out):
    with serving(seeds_out) as (url, _):
        yield url


def test_serve_answers_get_with_sparql_json(endpoint):
    status, kind, body = _request(f"{endpoint}?{urllib.parse.urlencode({'query': QUERIES['chaired']})}")
    assert (status, kind) == (200, "application/sparql-results+json")
    rows = [{k: v["value"] for k, v in b.items()} for b in json.loads(body)["results"]["bindings"]]
    assert {"name": "吕沛", "meeting": "高新区2023年第八次党政联席会议暨党工委理论学习中心组集体学习会议",
            "date": "2023-06-25"} in rows


def test_serve_answers_posted_forms_and_bodies_in_the_format_asked(endpoint, stores):
    form = urllib.parse.urlencode({"query": QUERIES["titles"]}).encode()
    status, kind, body = _request(endpoint, form, {"Accept": "text/csv"})
    assert (status, kind) == (200, "text/csv")
    assert len(body.splitlines()) == 1 + len(run_query(stores["oxigraph"], QUERIES["titles"]).rows)
    status, kind, body = _request(endpoint, QUERIES["ask"].encode(), {"Content-Type": "application/sparql-query"})
    assert (status, json.loads(body)) == (200, {"head": {}, "boolean": True})
    query = "CONSTRUCT { ?p kg:chaired ?m } WHERE { ?p kg:chaired ?m }"
    status, kind, body = _request(f"{endpoint}?{urllib.parse.urlencode({'query': query})}")
    assert (status, kind) == (200, "text/turtle") and "/person/河南省/焦作市/吕沛>" in body


def test_serve_is_read_only_and_explains_bad_requests(endpoint):
    insert = 'INSERT DATA { <https://example.org/a> <https://example.org/b> "c" }'
    assert _request(endpoint, urllib.parse.urlencode({"update": insert}).encode())[0] == 403
    assert _request(endpoint, insert.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    status, _, body = _request(endpoint, urllib.parse.urlencode({"query": insert}).encode())
    assert status == 400 and body.startswith("SPARQL error")
    assert _request(f"{endpoint}?{urllib.parse.urlencode({'query': 'ASK { ?s <https://example.org/b> ?o }'})}"
                    )[2] == '{"head":{},"boolean":false}'
    assert _request(endpoint)[0] == 400
    assert _request(endpoint.replace("/query", "/"))[0] == 404
    assert _request(endpoint, b"query=ASK {}", {"Content-Type": "text/plain"})[0] == 415
    url = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    connection.putrequest("POST", url.path)
    connection.putheader("Content-Length", "many")
    connection.endheaders()
    assert connection.getresponse().status == 400
    connection.close()


def test_kg_serve_starts_answers_and_stops_on_ctrl_c(seeds_out):
    with serving(seeds_out) as (url, process):
        status, _, body = _request(f"{url}?{urllib.parse.urlencode({'query': QUERIES['ask']})}")
        assert status == 200 and json.loads(body)["boolean"] is True
    assert process.returncode == 0, process.stderr_text
    assert "Traceback" not in process.stderr_text and process.stderr_text.rstrip().endswith("stopped")


def test_kg_serve_on_a_busy_port_says_so(seeds_out):
    with serving(seeds_out) as (url, _):
        port = urllib.parse.urlsplit(url).port
        result = run_kg("serve", "--graph", str(seeds_out), "--port", str(port), check=False)
    assert result.returncode == 1 and result.stderr.startswith("error: cannot listen on 127.0.0.1:")
    assert "Traceback" not in result.stderr


def test_serve_and_query_have_help():
    for command in ("serve", "query"):
        out = run_kg(command, "--help").stdout
        assert "Usage" in out and "--graph" in out
    assert "--store" in run_kg("query", "--help").stdout


def test_rdf_store_benchmark_runs_every_store_small():
    # N-Quads: the on-disk store's union of named graphs is checked against the other two
    result = subprocess.run([sys.executable, "benchmarks/rdf_stores.py", "--triples", "20000", "--quads"], cwd=ROOT,
                            capture_output=True, text=True, check=True)
    assert "same rows from every store: yes" in result.stdout
    table = [line for line in result.stdout.splitlines() if line.startswith("| ")]
    assert [line.split("|")[1].strip() for line in table[2:]] == ["memory", "oxigraph", "disk"]
