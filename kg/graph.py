"""Stage 6, graph: extracted facts → an RDF dataset (one named graph per article)
and a NetworkX graph of entities and typed relations.

The vocabulary is the one in ``CONTRACT.md``; ``ontology/govkg.ttl`` defines
every ``kg:`` term.

>>> from kg.model import Article, ArticleFacts
>>> ds = to_dataset([ArticleFacts(Article("a1", "p.txt", "标题", "正文"))])
>>> len(list(ds.graphs())) >= 1
True
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

import networkx as nx
from rdflib import RDF, RDFS, XSD, Dataset, Literal, Namespace, URIRef
from rdflib.namespace import ORG, PROV, SKOS

from .model import ArticleFacts, Kind
from .text import normalize
from .resolve import Resolution, article_iri, event_iri, membership_iri, resolve

__all__ = ["KG", "SCHEMA", "to_dataset", "to_networkx", "bind_prefixes"]

KG = Namespace("https://w3id.org/govkg/ontology#")
SCHEMA = Namespace("https://schema.org/")

_CLASSES = {
    Kind.PERSON: [SCHEMA.Person],
    Kind.ORG: [SCHEMA.Organization],
    Kind.GOV: [SCHEMA.Organization, SCHEMA.GovernmentOrganization],
    Kind.PLACE: [SCHEMA.Place],
    Kind.AREA: [SCHEMA.Place, SCHEMA.AdministrativeArea],
    Kind.PROJECT: [KG.Project],
}
_EVENT_RELATIONS = {"chaired", "attended", "spokeAt"}


def bind_prefixes(graph) -> None:
    for prefix, ns in (("kg", KG), ("schema", SCHEMA), ("org", ORG), ("prov", PROV), ("skos", SKOS),
                       ("res", Namespace("https://w3id.org/govkg/resource/"))):
        graph.bind(prefix, ns, override=True)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def _date(d: date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def _portable(path: str) -> str:
    """The input's path relative to the working directory (or the package, for the seeds),
    so that the same build on two machines gives the same graph."""
    for root in (Path.cwd(), Path(__file__).resolve().parent.parent):
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            continue
    return Path(path).name


def _confidence(value: float) -> Literal:
    return Literal(f"{value:.2f}", datatype=XSD.decimal)


def to_dataset(results: Iterable[ArticleFacts], resolution: Resolution | None = None) -> Dataset:
    """All facts as RDF, each in the named graph of the article it came from."""
    results = list(results)
    resolution = resolution or resolve(results)
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    for result in results:
        _add_article(ds, result, resolution)
    return ds


def _add_article(ds: Dataset, r: ArticleFacts, resolution: Resolution) -> None:
    art = r.article
    a = URIRef(article_iri(art))
    g = ds.graph(URIRef(f"{a}/graph"))
    g.add((a, RDF.type, SCHEMA.NewsArticle))
    if art.headline:
        g.add((a, SCHEMA.headline, _zh(art.headline)))
    if art.date:
        g.add((a, SCHEMA.datePublished, _date(art.date)))
    if art.source:
        g.add((a, SCHEMA.publisher, _zh(art.source)))
    g.add((a, KG.sourceFile, Literal(_portable(art.path))))
    g.add((a, SCHEMA.text, _zh(art.text)))

    def thing(kind: Kind, name: str) -> URIRef:
        entity = resolution.of(art, name, kind)
        node = URIRef(entity.iri)
        for cls in _CLASSES[entity.kind]:
            g.add((node, RDF.type, cls))
        g.add((node, RDFS.label, _zh(entity.label)))
        for alias in entity.aliases:
            g.add((node, SKOS.altLabel, _zh(alias)))
        g.add((a, SCHEMA.mentions, node))
        return node

    def evidence(node: URIRef, span, confidence: float) -> None:
        g.add((node, PROV.wasDerivedFrom, a))
        g.add((node, KG.evidence, _zh(art.text[span.start:span.end].strip())))
        g.add((node, KG.evidenceStart, Literal(span.start)))
        g.add((node, KG.evidenceEnd, Literal(span.end)))
        g.add((node, KG.confidence, _confidence(confidence)))

    for name in art.authors:
        g.add((a, SCHEMA.author, thing(Kind.PERSON, name)))
    for name in art.contributors:
        g.add((a, SCHEMA.contributor, thing(Kind.PERSON, name)))
    kinds = {normalize(m.text): m.kind for m in r.mentions}
    for m in r.mentions:
        thing(m.kind, m.text)
    events = {}
    for ev in r.events:
        node = URIRef(event_iri(art, ev))
        events[ev.key] = node
        g.add((node, RDF.type, SCHEMA.Event))
        if ev.is_meeting:
            g.add((node, RDF.type, KG.Meeting))
        g.add((node, RDFS.label, _zh(ev.name)))
        if ev.date:
            g.add((node, SCHEMA.startDate, _date(ev.date)))
        if ev.organizer:
            g.add((node, SCHEMA.organizer, thing(kinds.get(normalize(ev.organizer), Kind.GOV), ev.organizer)))
        if ev.location:
            g.add((node, SCHEMA.location, thing(kinds.get(normalize(ev.location), Kind.PLACE), ev.location)))
        evidence(node, ev.sentence, 0.9)
    for ms in r.memberships:
        node = URIRef(membership_iri(art, ms))
        g.add((node, RDF.type, ORG.Membership))
        g.add((node, ORG.member, thing(Kind.PERSON, ms.person)))
        g.add((node, RDFS.label, _zh(ms.title)))
        if ms.organization:
            g.add((node, ORG.organization, thing(Kind.GOV, ms.organization)))
        if ms.full_title:
            g.add((node, KG.fullTitle, _zh(ms.full_title)))
        if ms.observed:
            g.add((node, KG.observedOn, _date(ms.observed)))
        evidence(node, ms.sentence, 0.95)
    for i, f in enumerate(r.facts):
        subject = thing(kinds.get(normalize(f.subject), Kind.PERSON), f.subject)
        if f.relation in _EVENT_RELATIONS:
            obj = events[f.obj]
        elif f.relation == "metWith":
            obj = thing(kinds.get(normalize(f.obj), Kind.PERSON), f.obj)
        else:
            obj = thing(kinds.get(normalize(f.obj), Kind.ORG), f.obj)
        if subject == obj:
            continue  # 古杨家园（滨河一期）in 古杨家园: two names of one thing, which resolution made one
        g.add((subject, KG[f.relation], obj))
        # the fact restated as a node, so its evidence and confidence can be queried
        statement = URIRef(f"{a}/fact/{i}")
        g.add((statement, RDF.type, KG.Assertion))
        g.add((statement, RDF.subject, subject))
        g.add((statement, RDF.predicate, KG[f.relation]))
        g.add((statement, RDF.object, obj))
        if f.implied:
            g.add((statement, KG.implied, Literal(True)))
        evidence(statement, f.sentence, f.confidence)


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Entities as nodes (with ``label`` and ``type``), relations as typed edges.

    A node's ``type`` is its most specific class: ``Meeting`` over ``Event``,
    ``GovernmentOrganization`` over ``Organization``, ``AdministrativeArea`` over ``Place``.
    """
    graph = nx.MultiDiGraph()
    labels = {s: str(o) for s, o in ds.subject_objects(RDFS.label, unique=True)}
    types: dict = {}
    for s, o in ds.subject_objects(RDF.type, unique=True):
        local = str(o).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        if _SPECIFICITY.get(local, 0) >= _SPECIFICITY.get(types.get(s), -1):
            types[s] = local
    for s, p, o in ds.triples((None, None, None)):
        rel = str(p)
        if isinstance(o, URIRef) and (rel.startswith(str(KG)) or p == SCHEMA.author):
            for node in (s, o):
                graph.add_node(str(node), label=labels.get(node, str(node)), type=types.get(node, ""))
            graph.add_edge(str(s), str(o), key=rel, relation=rel.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    return graph


# a subclass outranks its superclass when a node has both
_SPECIFICITY = {"Event": 0, "Organization": 0, "Place": 0, "Meeting": 1, "GovernmentOrganization": 1,
                "AdministrativeArea": 1}
