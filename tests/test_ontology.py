"""ontology/: the OWL terms cover the built graph, and the SHACL shapes hold on it and can fail."""
from __future__ import annotations

import subprocess
import sys

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import ORG, PROV

from conftest import ROOT
from kg.model import Kind
from kg.relations import RELATIONS

pyshacl = pytest.importorskip("pyshacl", reason="pySHACL is in the `test` extra")

KG = Namespace("https://w3id.org/govkg/ontology#")
SCHEMA = Namespace("https://schema.org/")
SH = Namespace("http://www.w3.org/ns/shacl#")
# a plain Namespace: pytest probing rdflib's closed XSD namespace makes it warn
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ONTOLOGY = ROOT / "ontology" / "govkg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES)


@pytest.fixture(scope="module")
def seeds_graph(seeds_out) -> Graph:
    return Graph().parse(seeds_out / "graph.ttl")


def validate(data: Graph, shapes: Graph, ontology: Graph) -> tuple[bool, Graph, str]:
    # As the README's command line: the ontology for rdfs:subClassOf (sh:class), no
    # inference (the graph states its types; inference would only cost time), and
    # warnings (what the text may lack) reported but not failing.
    return pyshacl.validate(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                            allow_warnings=True)


def kg_terms(graph: Graph) -> dict[URIRef, str]:
    """Every kg: term the graph uses, and how: "class", "object" or "datatype" property."""
    terms = {}
    for _, p, o in graph:
        if p == RDF.type and o.startswith(KG):
            terms[o] = "class"
        if p.startswith(KG):
            terms[p] = "datatype" if isinstance(o, Literal) else "object"
    return terms


# --- (1) the ontology defines every kg: term the graph uses ----------------------------

def test_ontology_header(ontology):
    (onto,) = ontology.subjects(RDF.type, OWL.Ontology)
    assert ontology.value(onto, OWL.versionInfo)
    assert ontology.value(onto, URIRef("http://purl.org/dc/terms/license"))
    # builds and validation are offline: nothing to fetch
    assert not list(ontology.objects(onto, OWL.imports))


def test_ontology_defines_every_kg_term_of_the_seeds_build(ontology, seeds_graph):
    used = kg_terms(seeds_graph)
    # what the graph is made of must be there, or the test would pass on an empty build
    assert {KG.Meeting, KG.Assertion, KG.chaired, KG.attended, KG.evidence, KG.confidence} <= set(used)
    owl_type = {"class": OWL.Class, "object": OWL.ObjectProperty, "datatype": OWL.DatatypeProperty}
    problems = []
    for term, use in sorted(used.items()):
        if (term, RDF.type, owl_type[use]) not in ontology:
            problems.append(f"{term}: used as {use}, not declared {owl_type[use]}")
        labels = {lit.language for lit in ontology.objects(term, RDFS.label)}
        if not {"zh", "en"} <= labels:
            problems.append(f"{term}: rdfs:label in {sorted(filter(None, labels))}, needs zh and en")
        if not any(c.language == "en" for c in ontology.objects(term, RDFS.comment)):
            problems.append(f"{term}: no rdfs:comment@en")
    assert not problems, "\n".join(problems)


def test_every_kg_term_of_the_ontology_is_documented(ontology):
    # including terms the seeds happen not to use
    terms = {t for t in ontology.subjects() if isinstance(t, URIRef) and t.startswith(KG)}
    assert len(terms) >= 17
    for term in terms:
        assert ontology.value(term, RDFS.isDefinedBy), term
        assert {lit.language for lit in ontology.objects(term, RDFS.label)} >= {"zh", "en"}, term
        assert ontology.value(term, RDFS.comment), term


def test_ontology_ranges_agree_with_the_seeds_build(ontology, seeds_graph):
    problems = []
    for prop in ontology.subjects(RDF.type, OWL.DatatypeProperty):
        expected = ontology.value(prop, RDFS.range)
        if not (isinstance(expected, URIRef) and prop.startswith(KG)):
            continue
        for value in set(seeds_graph.objects(None, prop)):
            actual = RDF.langString if value.language else (value.datatype or XSD.string)
            if actual != expected:
                problems.append(f"{prop} {value!r}: {actual}, the ontology says {expected}")
    assert not problems, "\n".join(problems[:20])


# the class of the ontology a kind of entity is, at its most general (a domain or range names those)
_KIND_CLASS = {Kind.PERSON: SCHEMA.Person, Kind.ORG: SCHEMA.Organization, Kind.GOV: SCHEMA.Organization,
               Kind.PLACE: SCHEMA.Place, Kind.AREA: SCHEMA.Place, Kind.PROJECT: KG.Project}


def _classes(graph: Graph, node) -> set:
    """A domain's or range's classes: the class, or the members of its owl:unionOf."""
    union = graph.value(node, OWL.unionOf)
    return set(Collection(graph, union)) if union is not None else {node}


@pytest.mark.parametrize("relation", RELATIONS, ids=lambda r: r.name)
def test_the_ontology_declares_each_relation_of_the_table(ontology, relation):
    term = KG[relation.name]
    assert (term, RDF.type, OWL.ObjectProperty) in ontology
    assert {(lit.language, str(lit)) for lit in ontology.objects(term, RDFS.label)} == {("zh", relation.zh),
                                                                                        ("en", relation.en)}
    assert _classes(ontology, ontology.value(term, RDFS.domain)) == {_KIND_CLASS[k] for k in relation.subject}
    ends = {_KIND_CLASS[k] for k in relation.object} or {SCHEMA.Event}
    assert _classes(ontology, ontology.value(term, RDFS.range)) == ends


def test_the_shapes_know_the_relations_of_the_table_and_no_other(shapes):
    names = {KG[r.name] for r in RELATIONS}
    predicate = next(shape for shape in shapes.objects(None, SH.property)
                     if shapes.value(shape, SH.path) == RDF.predicate and shapes.value(shape, SH["in"]))
    assert set(Collection(shapes, shapes.value(predicate, SH["in"]))) == names
    assert set(shapes.objects(URIRef("https://w3id.org/govkg/shapes#FactHasAssertionShape"), SH.targetNode)) == names


def test_chaired_is_not_a_kind_of_attended(ontology):
    # The guidelines keep the chair out of kg:attended; a sub-property would put them
    # back under RDFS entailment (see the note in govkg.ttl).
    for p in (KG.chaired, KG.spokeAt):
        assert (p, RDFS.subPropertyOf, KG.attended) not in ontology


# --- (2) every shape holds on the seeds' build -----------------------------------------

def test_seeds_build_conforms_to_the_shapes(seeds_graph, shapes, ontology):
    conforms, _, text = validate(seeds_graph, shapes, ontology)
    assert conforms, text


def test_readme_validation_command_passes(seeds_out):
    # the command line the README gives, so that it keeps working
    result = subprocess.run([sys.executable, "-m", "pyshacl", "-s", str(SHAPES), "-e", str(ONTOLOGY), "-w",
                             str(seeds_out / "graph.ttl")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Conforms: True" in result.stdout


# --- (3) the shapes can fail --------------------------------------------------------------

# A small graph with one of everything, which conforms; each case below breaks it.
VALID = """
@prefix kg: <https://w3id.org/govkg/ontology#> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix res: <https://w3id.org/govkg/resource/> .

res:a a schema:NewsArticle ; schema:headline "标题"@zh ; schema:datePublished "2023-06-25"^^xsd:date ;
    schema:text "本报讯 6月25日,高新区党工委书记吕沛主持召开会议。"@zh ; kg:sourceFile "p.txt" ; schema:identifier "p.txt#1" ;
    schema:mentions res:lp, res:gxq .
res:lp a schema:Person ; rdfs:label "吕沛"@zh ; kg:jurisdiction "河南省焦作市"@zh ;
    kg:resolvedBy "same name within 河南省焦作市" .
res:gxq a schema:Place, schema:AdministrativeArea ; rdfs:label "高新区"@zh .
res:m a schema:Event, kg:Meeting ; rdfs:label "会议"@zh ; schema:startDate "2023-06-25"^^xsd:date ;
    schema:organizer res:gxq ;
    prov:wasDerivedFrom res:a ; kg:evidence "6月25日,高新区党工委书记吕沛主持召开会议。"@zh ;
    kg:evidenceStart 4 ; kg:evidenceEnd 27 ; kg:confidence 0.9 .
res:ms a org:Membership ; org:member res:lp ; rdfs:label "高新区党工委书记"@zh ;
    kg:observedOn "2023-06-25"^^xsd:date ;
    prov:wasDerivedFrom res:a ; kg:evidence "6月25日,高新区党工委书记吕沛主持召开会议。"@zh ;
    kg:evidenceStart 4 ; kg:evidenceEnd 27 ; kg:confidence 0.95 .
res:lp kg:chaired res:m .
res:f a kg:Assertion ; rdf:subject res:lp ; rdf:predicate kg:chaired ; rdf:object res:m ;
    prov:wasDerivedFrom res:a ; kg:evidence "6月25日,高新区党工委书记吕沛主持召开会议。"@zh ;
    kg:evidenceStart 4 ; kg:evidenceEnd 27 ; kg:confidence 0.9 .
"""
RES = Namespace("https://w3id.org/govkg/resource/")


def _drop(s, p):
    return lambda g: g.remove((s, p, None))


def _add(*triple):
    return lambda g: g.add(triple)


def _set(s, p, o):
    return lambda g: g.set((s, p, o))


def _drop_type(s, cls):
    return lambda g: g.remove((s, RDF.type, cls))


def _implied_false(g):
    # a well-formed locatedIn and its assertion, but kg:implied is "true or absent"
    st = RES.f2
    for p, o in ((RDF.type, KG.Assertion), (RDF.subject, RES.gxq), (RDF.predicate, KG.locatedIn),
                 (RDF.object, RES.gxq), (PROV.wasDerivedFrom, RES.a), (KG.evidence, Literal("高新区", lang="zh")),
                 (KG.evidenceStart, Literal(10)), (KG.evidenceEnd, Literal(13)),
                 (KG.confidence, Literal("0.6", datatype=XSD.decimal)), (KG.implied, Literal(False))):
        g.add((st, p, o))


# each case: how it breaks the graph, and (part of) the message the shapes must give
BROKEN = {
    "membership without member": (_drop(RES.ms, ORG.member), "exactly one org:member"),
    "meeting without label": (_drop(RES.m, RDFS.label), "A meeting has a rdfs:label"),
    "entity with two labels": (_add(RES.gxq, RDFS.label, Literal("示范区", lang="zh")), "exactly one rdfs:label"),
    "label not @zh": (_set(RES.gxq, RDFS.label, Literal("Gaoxin District")), "exactly one rdfs:label, @zh"),
    "person named with digits": (_set(RES.lp, RDFS.label, Literal("吕沛2", lang="zh")), "person's rdfs:label is a name"),
    "start date not xsd:date": (_set(RES.m, SCHEMA.startDate, Literal("2023-06-25")), "one xsd:date"),
    "membership from no article": (_drop(RES.ms, PROV.wasDerivedFrom), "prov:wasDerivedFrom exactly one"),
    "two observation dates": (_add(RES.ms, KG.observedOn, Literal("2023-09-28", datatype=XSD.date)),
                              "at most one kg:observedOn"),
    "confidence above 1": (_set(RES.f, KG.confidence, Literal("1.5", datatype=XSD.decimal)), "from 0 to 1"),
    "evidence at the wrong offsets": (_set(RES.f, KG.evidenceStart, Literal(10)), "is not in its article's schema:text"),
    "assertion of an unknown relation": (_set(RES.f, RDF.predicate, KG.knows), "one of the kg: relations"),
    "fact without its assertion": (_add(RES.lp, KG.attended, RES.m), "No kg:Assertion gives the evidence"),
    "assertion of a fact not in the graph": (_set(RES.f, RDF.predicate, KG.attended), "restates a fact the graph does not hold"),
    "implied on a non-locatedIn fact": (_add(RES.f, KG.implied, Literal(True)), "only a kg:locatedIn can be kg:implied"),
    "implied false": (lambda g: (g.add((RES.gxq, KG.locatedIn, RES.gxq)), _implied_false(g)), "true or absent"),
    "reified statement not a kg:Assertion": (_drop_type(RES.f, KG.Assertion), "A reified statement is a kg:Assertion"),
    "chaired a place": (lambda g: (g.set((RES.lp, KG.chaired, RES.gxq)), g.set((RES.f, RDF.object, RES.gxq))),
                        "What a person chaired is a schema:Event"),
    "located in a person": (_add(RES.gxq, KG.locatedIn, RES.lp), "kg:locatedIn points to a schema:Place"),
    "person in two jurisdictions": (_add(RES.lp, KG.jurisdiction, Literal("江苏省宿迁市", lang="zh")),
                                    "at most one kg:jurisdiction"),
    "resolution note in a language": (_set(RES.lp, KG.resolvedBy, Literal("同名", lang="zh")),
                                      "kg:resolvedBy notes, plain strings"),
}


def test_the_hand_made_graph_conforms(shapes, ontology):
    conforms, _, text = validate(Graph().parse(data=VALID, format="turtle"), shapes, ontology)
    assert conforms, text


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_graph_does_not_conform(case, shapes, ontology):
    graph = Graph().parse(data=VALID, format="turtle")
    breaks, message = BROKEN[case]
    breaks(graph)
    conforms, report, text = validate(graph, shapes, ontology)
    assert not conforms, f"{case}: passed the shapes"
    violations = [r for r in report.subjects(SH.resultSeverity, SH.Violation)]
    assert any(message in str(report.value(r, SH.resultMessage)) for r in violations), text


def test_what_the_text_may_lack_is_a_warning_not_a_violation(shapes, ontology):
    # a meeting dated only 近日, an article with no headline (又讯, photo captions)
    graph = Graph().parse(data=VALID, format="turtle")
    graph.remove((RES.m, SCHEMA.startDate, None))
    graph.remove((RES.a, SCHEMA.headline, None))
    conforms, report, text = validate(graph, shapes, ontology)
    assert conforms, text
    severities = list(report.objects(None, SH.resultSeverity))
    assert severities == [SH.Warning, SH.Warning], text
