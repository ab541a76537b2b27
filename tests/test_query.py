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
from kg.errors import KgError
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


MISTAKES = {  # a query with a mistake → what its one line says
    "SELEC ?x WHERE { ?x ?p ?o }": "at 1:1: SELEC is not a SPARQL keyword; did you mean SELECT?",
    "SELECT ?x WHERE {\n  ?x ex:name ?o }": "at 2:6: unknown prefix ex:; the predeclared prefixes are kg:, schema:, "
                                              "org:, prov:, skos:, rdf:, rdfs:, xsd:, res: (or declare it: PREFIX ex: <IRI>)",
    "SELECT ?x WHERE { ?x ?p ?o } ORDR BY ?x": "at 1:30: ORDR is not a SPARQL keyword; did you mean ORDER?",
    "SELECT ?x WHERE { ?x ?p ?o FILTR (?x) }": "at 1:28: FILTR is not a SPARQL keyword; did you mean FILTER?",
    "SELECT ?x WHERE {\n ?x ?p ?o ": "at 1:17: { is never closed",
    "SELECT ?x WHERE { ?x ?p ?o } }": "at 1:30: } closes no bracket",
    'SELECT ?x WHERE { ?x rdfs:label "吕沛 }': "at 1:33: a string starts here and is never closed",
    "PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?x WHERE { ?x foaf:name ?o . ?x ?o }":
        "at 1:79: cannot read the query from «?x ?o }» on",
    "SELECT ?x WHERE { ?x ?p ?o } LIMIT ?x": "at 1:30: cannot read the query from «LIMIT ?x» on",
}


@pytest.mark.parametrize("query", MISTAKES)
@pytest.mark.parametrize("backend", ["oxigraph", "memory"])
def test_sparql_mistakes_get_one_line_saying_where_and_what_to_do(stores, backend, query):
    with pytest.raises(KgError) as e:
        run_query(stores[backend], query)
    assert str(e.value) == f"SPARQL error {MISTAKES[query]}"


def test_kg_query_prints_a_mistake_in_one_line(seeds_out):
    result = run_kg("query", "SELEC ?x WHERE { ?x ?p ?o }", "--graph", str(seeds_out), check=False)
    assert (result.returncode, result.stderr) == (1, f"error: SPARQL error {MISTAKES['SELEC ?x WHERE { ?x ?p ?o }']}\n")


@pytest.mark.parametrize("name", ["missing.rq", "queries/missing.sparql"])
def test_a_query_file_that_is_not_there_is_no_such_file(seeds_out, name):
    result = run_kg("query", name, "--graph", str(seeds_out), check=False)
    assert (result.returncode, result.stderr) == (1, f"error: no such query file: {name}\n")


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_json_is_sparql_results_json_with_the_terms_types(seeds_out, store):
    query = """SELECT ?name (COUNT(DISTINCT ?m) AS ?chaired) (MIN(?day) AS ?first) WHERE {
        ?p kg:chaired ?m ; rdfs:label ?name . ?m schema:startDate ?day } GROUP BY ?name ORDER BY DESC(?chaired) LIMIT 1"""
    answer = json.loads(run_kg("query", query, "--graph", str(seeds_out), "--store", store, "-f", "json").stdout)
    assert answer["head"]["vars"] == ["name", "chaired", "first"]
    assert answer["results"]["bindings"] == [{
        "name": {"type": "literal", "value": "吕沛", "xml:lang": "zh"},
        "chaired": {"type": "literal", "value": "5", "datatype": "http://www.w3.org/2001/XMLSchema#integer"},
        "first": {"type": "literal", "value": "2023-06-25", "datatype": "http://www.w3.org/2001/XMLSchema#date"}}]
    ask = json.loads(run_kg("query", QUERIES["ask"], "--graph", str(seeds_out), "--store", store, "-f", "json").stdout)
    assert ask["boolean"] is True


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


@pytest.fixture(scope="module")
def article_graph(stores) -> tuple[str, int]:
    """One article's named graph and how many triples it holds."""
    (graph, triples), *_ = run_query(stores["oxigraph"], "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } "
                                                        "GROUP BY ?g ORDER BY DESC(?n) ?g LIMIT 1").rows
    return graph, int(triples)


def _count(endpoint: str, query: str, **dataset: list[str]) -> int:
    params = [("query", query), *((key.replace("_", "-"), iri) for key, iris in dataset.items() for iri in iris)]
    status, _, body = _request(f"{endpoint}?{urllib.parse.urlencode(params)}")
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def test_serve_takes_the_dataset_from_default_and_named_graph_uri(endpoint, stores, article_graph):
    graph, triples = article_graph
    everything = int(run_query(stores["oxigraph"], QUERIES["triples"]).rows[0][0])
    named = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    assert _count(endpoint, QUERIES["triples"]) == everything > triples
    assert _count(endpoint, QUERIES["triples"], default_graph_uri=[graph]) == triples
    assert _count(endpoint, named, named_graph_uri=[graph]) == 1
    assert _count(endpoint, QUERIES["triples"], named_graph_uri=[graph]) == 0  # no default graph given: an empty one
    # the protocol's dataset in place of the query's own FROM
    assert _count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{graph}> WHERE {{ ?s ?p ?o }}") == triples
    posted = urllib.parse.urlencode({"default-graph-uri": graph})
    status, _, body = _request(f"{endpoint}?{posted}", QUERIES["triples"].encode(),
                               {"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == str(triples)
    status, _, body = _request(f"{endpoint}?{urllib.parse.urlencode({'query': 'ASK {}', 'default-graph-uri': 'x'})}")
    assert status == 400 and body.startswith("bad graph IRI 'x'")


@pytest.mark.parametrize("query, accept", [
    (QUERIES["ask"], ""), (QUERIES["chaired"], "application/sparql-results+xml"), (QUERIES["chaired"], "text/csv"),
    (QUERIES["chaired"], "text/tab-separated-values"), ("DESCRIBE ?p WHERE { ?p kg:chaired ?m }", "text/turtle"),
    ("DESCRIBE ?p WHERE { ?p kg:chaired ?m }", "application/ld+json"), ("SELEC", ""),
])
def test_serve_answers_in_utf_8_saying_so_once(endpoint, query, accept):
    request = urllib.request.Request(f"{endpoint}?{urllib.parse.urlencode({'query': query})}",
                                     headers={"Accept": accept} if accept else {})
    try:
        response = urllib.request.urlopen(request, timeout=30)
    except urllib.error.HTTPError as e:
        response = e
    with response:
        assert response.headers.get_all("Content-Type")[0].lower().count("charset=utf-8") == 1
        response.read().decode("utf-8")


def test_sparqlwrapper_and_rdflibs_sparqlstore_use_the_endpoint(endpoint, stores, article_graph):
    from rdflib import URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore
    from SPARQLWrapper import JSON, SPARQLWrapper

    graph, triples = article_graph
    client = SPARQLWrapper(endpoint, returnFormat=JSON)
    client.setQuery(f"PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> {QUERIES['chaired']}")
    rows = client.queryAndConvert()["results"]["bindings"]
    assert [[row[c]["value"] if c in row else None for c in ("name", "meeting", "date")] for row in rows] == \
        run_query(stores["oxigraph"], QUERIES["chaired"]).rows
    client.addDefaultGraph(graph)
    client.setQuery(QUERIES["triples"])
    assert client.queryAndConvert()["results"]["bindings"][0]["n"]["value"] == str(triples)

    store = SPARQLStore(endpoint, returnFormat="json")
    assert len(Graph(store, identifier=URIRef(graph))) == triples  # asked with default-graph-uri
    labels = set(Graph(store).objects(URIRef("https://w3id.org/govkg/resource/person/河南省/焦作市/吕沛"),
                                      URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
    assert [str(label) for label in labels] == ["吕沛"]


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
