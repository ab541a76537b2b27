"""Exports beside the RDF: facts.csv / facts.parquet read back, graph.jsonld against graph.ttl, graph.nq against
graph.trig."""
from __future__ import annotations

import csv
import json
from dataclasses import fields
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from rdflib import Dataset, Graph

from conftest import ROOT, run_kg
import pyoxigraph as ox

from kg.graph import FactRow
from kg.outputs import OUTPUTS
from kg.outputs.rdf import _OX_PREFIXES
from kg.outputs.table import facts
from kg.relations import RELATION
from kg.vocab import KG
from kg.query import load_store, run_query

COLUMNS = [f.name for f in fields(FactRow)]


@pytest.fixture(scope="module")
def facts_csv(seeds_out) -> list[dict[str, str]]:
    with (seeds_out / "facts.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def jsonld_out(tmp_path_factory) -> Path:
    """A real build with --jsonld, of one seed page to keep it short."""
    out = tmp_path_factory.mktemp("jsonld") / "out"
    run_kg("build", str(ROOT / "seeds" / "000_2faae2a4ae9c89fa.txt"), "--out", str(out), "--jsonld", "--quiet")
    return out


def test_a_build_writes_every_listed_output(seeds_out, jsonld_out):
    assert not (seeds_out / "graph.jsonld").exists()
    for name in OUTPUTS:
        assert (jsonld_out / name).stat().st_size > 0, name
        assert name == "graph.jsonld" or (seeds_out / name).stat().st_size > 0, name


def test_facts_csv_has_a_row_per_fact_node(seeds_out, facts_csv):
    assert list(facts_csv[0]) == COLUMNS
    nodes = run_query(load_store(seeds_out), "SELECT ?f WHERE { { ?f a kg:Assertion } UNION { ?f a org:Membership } }")
    assert sorted(r["fact"] for r in facts_csv) == sorted(row[0] for row in nodes.rows)
    relations = {r["relation"] for r in facts_csv}
    assert {"chaired", "attended", "holds"} <= relations <= {*RELATION, "holds"}


def test_facts_csv_rows_say_who_did_what_when_and_where_it_is_written(facts_csv):
    chaired = [r for r in facts_csv if r["relation"] == "chaired" and r["subject_label"] == "吕沛"
               and r["date"] == "2023-06-25"]
    assert len(chaired) == 1, chaired
    row = chaired[0]
    assert row["object_label"] == "高新区2023年第八次党政联席会议暨党工委理论学习中心组集体学习会议"
    assert (row["subject_type"], row["object_type"]) == ("Person", "Meeting")
    assert "吕沛主持召开高新区2023年第八次党政联席会议" in row["evidence"]
    assert row["article"].startswith("https://w3id.org/govkg/resource/article/") and row["headline"]
    assert 0 < float(row["confidence"]) <= 1 and row["implied"] == "False"
    holds = {(r["subject_label"], r["object_label"], r["date"]) for r in facts_csv if r["relation"] == "holds"}
    assert any(who == "吕沛" and title.endswith("党工委书记") and day == "2023-06-25" for who, title, day in holds)
    assert {r["object_type"] for r in facts_csv if r["relation"] == "holds"} == {"Membership"}


def test_every_evidence_quotes_its_article_at_its_offsets(seeds_out, facts_csv):
    texts = dict(run_query(load_store(seeds_out), "SELECT ?a ?t WHERE { ?a schema:text ?t }").rows)
    for row in facts_csv:
        start, end = int(row["start"]), int(row["end"])
        assert row["evidence"] and row["evidence"] in texts[row["article"]][start:end], row


def test_facts_parquet_is_the_csv_typed(seeds_out, facts_csv):
    table = pq.read_table(seeds_out / "facts.parquet")
    assert table.column_names == COLUMNS
    types = {name: str(table.schema.field(name).type) for name in COLUMNS}
    assert types["date"] == types["published"] == "date32[day]"
    assert (types["start"], types["end"], types["confidence"], types["implied"]) == ("int32", "int32", "double", "bool")
    as_text = [{k: "" if v is None else str(v) for k, v in row.items()} for row in table.to_pylist()]
    assert as_text == facts_csv


def test_jsonld_holds_the_same_triples_as_turtle(jsonld_out):
    ttl = Graph().parse(jsonld_out / "graph.ttl", format="turtle")
    jsonld = Graph().parse(jsonld_out / "graph.jsonld", format="json-ld")
    assert len(jsonld) == len(ttl) > 500
    assert set(jsonld) == set(ttl)


def test_nquads_hold_the_same_quads_as_trig(jsonld_out):
    def quads(name: str, fmt: str) -> set:
        ds = Dataset()
        ds.parse(jsonld_out / name, format=fmt)
        return {(s, p, o, str(g)) for s, p, o, g in ds.quads()}

    nquads = quads("graph.nq", "nquads")
    assert len(nquads) > 500 and nquads == quads("graph.trig", "trig")


def test_jsonld_context_has_the_contract_prefixes_and_plain_chinese_labels(jsonld_out):
    doc = json.loads((jsonld_out / "graph.jsonld").read_text(encoding="utf-8"))
    context = doc["@context"]
    assert context["kg"] == "https://w3id.org/govkg/ontology#" and context["org"] == "http://www.w3.org/ns/org#"
    assert {"schema", "prov", "skos", "rdfs", "res"} <= set(context) and context["@language"] == "zh"
    assert any(node.get("rdfs:label") == "吕沛" for node in doc["@graph"])


def test_a_build_without_jsonld_removes_an_old_one(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "graph.jsonld").write_text("{}", encoding="utf-8")
    run_kg("build", str(ROOT / "seeds" / "000_2faae2a4ae9c89fa.txt"), "--out", str(out), "--quiet")
    assert not (out / "graph.jsonld").exists() and (out / "graph.ttl").is_file()


def test_turtle_and_trig_hold_what_rdflib_would_write(seeds_out):
    """Oxigraph writes graph.ttl and graph.trig: the same quads, literals as written, as rdflib's serializers."""
    ds = Dataset(default_union=True)
    ds.parse(seeds_out / "graph.nq", format="nquads")
    ours, theirs = Dataset(), Dataset()
    ours.parse(seeds_out / "graph.trig", format="trig")
    theirs.parse(data=ds.serialize(format="trig"), format="trig")
    assert set(ours.quads()) == set(theirs.quads()) and len(set(ours.quads())) > 5000
    union = Graph().parse(seeds_out / "graph.ttl")
    assert set(union) == {(s, p, o) for s, p, o, _ in theirs.quads()}
    assert {str(o) for o in union.objects(None, KG.confidence)} >= {"0.90", "0.95"}  # not Oxigraph's 0.9


def test_the_files_are_what_oxigraph_writes_of_the_whole_graph(seeds_out):
    """The files are put together from each article's part and each subject's statement: byte for byte what
    Oxigraph writes of the whole graph at once, in order (graph, subject, predicate, object)."""
    quads = list(ox.parse(path=str(seeds_out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    order = sorted(quads, key=lambda q: (str(q.graph_name), q.subject.value, q.predicate.value, str(q.object)))
    assert quads == order
    assert ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_OX_PREFIXES) == (seeds_out / "graph.trig").read_bytes()
    union = sorted({q.triple for q in quads}, key=lambda t: (t.subject.value, t.predicate.value, str(t.object)))
    assert ox.serialize(union, format=ox.RdfFormat.TURTLE, prefixes=_OX_PREFIXES) == (seeds_out / "graph.ttl").read_bytes()


def test_the_table_is_what_the_facts_query_reads_out_of_the_graph(seeds_out):
    """facts.csv and facts.parquet are made with the graph, not read out of it: the same rows as FACTS_QUERY."""
    table = [FactRow(**row) for row in pq.read_table(seeds_out / "facts.parquet").to_pylist()]
    assert table == facts(load_store(seeds_out)) and len(table) > 300


def test_every_character_is_escaped_as_oxigraph_escapes_it():
    """The graphs' literals are written as text (kg.graph): each character as Oxigraph would write it."""
    from kg.graph import _quoted

    text = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    assert _quoted(text) == str(ox.Literal(text))


@pytest.mark.parametrize("jsonld", [False, True])
def test_each_part_the_writers_read_is_made_once_though_let_go_of_between_them(tmp_path, monkeypatch, jsonld):
    # a writer that reads a part it does not declare (kg.outputs.register's reads) would have it made again, once
    # an earlier writer's was let go of
    from collections import Counter
    from functools import cached_property

    import kg.pipeline
    from kg.outputs import Built

    made: Counter[str] = Counter()
    for name, part in vars(Built).items():
        if isinstance(part, cached_property):
            def counted(built, make=part.func, name=name):
                made[name] += 1
                return make(built)
            monkeypatch.setattr(part, "func", counted)
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps({"id": "1", "text": "3月2日，安吉县委书记赵海燕在递铺街道主持召开县委常委会会议，县领导李明出席。"},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    kg.pipeline.build([news], tmp_path / "out", quiet=True, use_cache=False, jsonld=jsonld, pipeline="fast")
    assert set(made) == {"entities", "relations", "graphs", "statements", "triples", "tally"}
    assert set(made.values()) == {1}
