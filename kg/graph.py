"""Stage 6, graph: extracted facts → RDF, one named graph per article, and the facts table's rows.

Each article's named graph is made from its facts and the entities they name (:func:`render`) and
from nothing else: the article, its events, memberships and facts are its own nodes, and every
entity it names is described in it again (classes, label, aliases): a named graph tells the whole of what
its article says. :mod:`kg.outputs` writes the graphs.

A graph is text, each term as N-Triples writes it, which :mod:`kg.outputs.rdf` writes the files from and
sorts by: no RDF library's objects, which would take longer to make than the files to write (an Oxigraph quad
of a literal takes 3.6 µs); :meth:`ArticleGraph.quads` gives Oxigraph's, :func:`to_dataset` the same graph as
an rdflib ``Dataset``. The vocabulary is the one in ``CONTRACT.md``; ``ontology/govkg.ttl`` defines every
``kg:`` term.

>>> from kg.model import Article, ArticleFacts
>>> ds = to_dataset([ArticleFacts(Article("a1", "p.txt", "标题", "正文"))])
>>> len(list(ds.graphs())) >= 1
True
"""
from __future__ import annotations

import itertools
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import DefinedNamespace

from . import model
from .model import ArticleFacts, Event, Kind
from .relations import RELATION
from .resolve import Entity, Resolution, article_iri, event_iri, membership_iri, resolve
from .text import normalize
from .vocab import KG, ORG, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, bind_prefixes

__all__ = ["FactRow", "Node", "ArticleGraph", "Names", "named", "lookups", "render", "relations", "links",
           "describe", "source_file", "specific", "rdflib_term", "to_dataset", "to_networkx"]


@lru_cache(maxsize=None)  # a few dozen terms, each written millions of times in a large build
def _term(namespace: type[DefinedNamespace], name: str) -> str:
    """The term ``name`` of a namespace of :mod:`kg.vocab`, its IRI as a plain string (a subject's or a
    predicate's in a key); looked up once, as a closed namespace's lookup takes a microsecond."""
    return str(namespace[name])


@lru_cache(maxsize=1 << 16)  # an entity is the object of triples in graph after graph: one string, not one a triple
def _iri(iri: str) -> str:
    """An IRI as an object, as N-Triples writes it."""
    return f"<{iri}>"


_TYPE, _LABEL, _ALT = _term(RDF, "type"), _term(RDFS, "label"), _term(SKOS, "altLabel")
_SUBJECT, _PREDICATE, _OBJECT = _term(RDF, "subject"), _term(RDF, "predicate"), _term(RDF, "object")
_DERIVED = _term(PROV, "wasDerivedFrom")
# what render() writes for every entity an article names and for every fact, looked up once
_MENTIONS, _ASSERTION = _term(SCHEMA, "mentions"), _iri(_term(KG, "Assertion"))
_EVIDENCE, _EVIDENCE_START, _EVIDENCE_END, _CONFIDENCE = (
    _term(KG, t) for t in ("evidence", "evidenceStart", "evidenceEnd", "confidence"))
_RESOLVED_BY, _JURISDICTION = _term(KG, "resolvedBy"), _term(KG, "jurisdiction")
_IMPLIED = _term(KG, "implied")
# and for every event and membership
_EVENT, _MEETING = _iri(_term(SCHEMA, "Event")), _iri(_term(KG, "Meeting"))
_START_DATE, _ORGANIZER, _LOCATION = (_term(SCHEMA, t) for t in ("startDate", "organizer", "location"))
_MEMBERSHIP, _MEMBER, _ORGANIZATION = _iri(_term(ORG, "Membership")), _term(ORG, "member"), _term(ORG, "organization")
_FULL_TITLE, _OBSERVED_ON = _term(KG, "fullTitle"), _term(KG, "observedOn")
_DATE, _INTEGER, _DECIMAL, _BOOLEAN, _STRING, _ANY_URI = (
    _term(XSD, t) for t in ("date", "integer", "decimal", "boolean", "string", "anyURI"))
_URL = re.compile(r"https?://\S+$")  # a record's source that is a page's address, not a paper's name
_TRUE = f'"true"^^<{_BOOLEAN}>'
# what a fact's node says, one object a predicate (kg:implied last, if said): its triples in order are sorted by
# their predicates, each object's place in the list of them beside it
_FACT_PREDICATES = (_TYPE, _SUBJECT, _PREDICATE, _OBJECT, _DERIVED, _EVIDENCE, _EVIDENCE_START, _EVIDENCE_END,
                    _CONFIDENCE)
_FACT_ORDER, _IMPLIED_FACT_ORDER = (sorted(enumerate(predicates), key=lambda at: at[1])
                                    for predicates in (_FACT_PREDICATES, (*_FACT_PREDICATES, _IMPLIED)))
_CLASSES = {
    Kind.PERSON: [_iri(_term(SCHEMA, "Person"))],
    Kind.ORG: [_iri(_term(SCHEMA, "Organization"))],
    Kind.GOV: [_iri(_term(SCHEMA, "Organization")), _iri(_term(SCHEMA, "GovernmentOrganization"))],
    Kind.PLACE: [_iri(_term(SCHEMA, "Place"))],
    Kind.AREA: [_iri(_term(SCHEMA, "Place")), _iri(_term(SCHEMA, "AdministrativeArea"))],
    Kind.PROJECT: [_iri(_term(KG, "Project"))],
}
# what N-Triples escapes in a string, as Oxigraph writes it (and Turtle, and TriG): C's escapes, \uXXXX for the
# other control characters and the two non-characters U+FFFE and U+FFFF
_ESCAPE = {**{c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]},
           0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
# the escapes most text needs, done by str.replace (the backslash's first, as the others write one), then the
# rarer ones, if any, by a regex
_COMMON_ESCAPES = tuple((c, _ESCAPE[ord(c)]) for c in '\\"\n\r\t')
_RARE_ESCAPED = re.compile("[" + re.escape("".join(chr(c) for c in _ESCAPE if chr(c) not in '\\"\n\r\t')) + "]")
# A node's type, in the facts table and the NetworkX graph, is its most specific class: a meeting is also a
# schema:Event, a government body a schema:Organization, a district a schema:Place.
_SPECIFIC_FIRST = ["Meeting", "GovernmentOrganization", "AdministrativeArea", "Person", "Project",
                   "Membership", "NewsArticle", "Organization", "Place", "Event"]
_RANK = {name: i for i, name in enumerate(_SPECIFIC_FIRST)}
_DESCRIPTION_PREDICATES = sorted((_TYPE, _LABEL, _ALT, _RESOLVED_BY, _JURISDICTION))  # describe()'s, in file order


def specific(classes: Iterable[str]) -> str:
    """The most specific of a node's classes (IRIs or local names), by its local name.

    >>> specific(["https://schema.org/Place", "https://schema.org/AdministrativeArea"])
    'AdministrativeArea'
    """
    names = {c.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for c in classes}
    return min(names, key=lambda n: (_RANK.get(n, len(_RANK)), n))


_KIND_TYPE = {kind: specific(c[1:-1] for c in classes) for kind, classes in _CLASSES.items()}
# kinds named for every author, membership and event, bound once (see kg.model.Kind)
_PERSON, _GOV, _PLACE = Kind.PERSON, Kind.GOV, Kind.PLACE


@dataclass(slots=True)  # a row a fact: a million in a large build
class FactRow:
    """One row of ``facts.csv`` / ``facts.parquet``: a fact, what it links, when, and where it was read.

    ``relation`` is a ``kg:`` property name (``chaired`` …) or ``holds``; ``subject``/``object`` are IRIs,
    ``*_type`` their most specific class; ``date`` is the event's ``schema:startDate`` or the
    membership's ``kg:observedOn``; ``evidence`` is the sentence, at ``start``:``end`` of the article's
    ``schema:text``; ``fact`` is the ``kg:Assertion`` or ``org:Membership`` node in the RDF.
    """
    relation: str
    subject: str
    subject_label: str | None
    subject_type: str | None
    object: str
    object_label: str | None
    object_type: str | None
    date: date | None
    article: str | None
    headline: str | None
    published: date | None
    evidence: str | None
    start: int | None
    end: int | None
    confidence: float | None
    implied: bool
    fact: str

    def order(self) -> tuple:
        """Where the row goes in the table: by article and offset."""
        # the fact last: a written and an implied locatedIn may tie on the rest
        return (self.article or "", -1 if self.start is None else self.start, self.relation, self.subject,
                self.object, self.fact)


@dataclass(frozen=True)
class Node:
    """A node of the NetworkX graph: its IRI, ``label`` and ``type`` (its most specific class)."""
    iri: str
    label: str
    type: str


@dataclass
class ArticleGraph:
    """One article's part of the graph and of the facts table (what :func:`render` makes).

    ``name`` is its named graph's IRI; ``statements`` the graph, each subject's triples (its IRI's, a predicate's,
    an object as N-Triples writes it), each once and sorted, the subjects sorted: the order the files have;
    ``rows`` its rows of the facts table, in table order.
    """
    name: str
    statements: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    rows: list[FactRow] = field(default_factory=list)

    @property
    def triples(self) -> list[tuple[str, str, str]]:
        """The graph's triples, in file order."""
        return [t for triples in self.statements.values() for t in triples]

    def nquads(self) -> str:
        """The graph as N-Quads, as Oxigraph writes it."""
        return "".join(f"<{s}> <{p}> {o} <{self.name}> .\n" for s, p, o in self.triples)

    def quads(self) -> list[ox.Quad]:
        """The graph as Oxigraph's quads."""
        return list(ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS))


def source_file(path: str) -> str:
    """The input's path relative to the working directory (or the package, for the seeds),
    so that the same build on two machines gives the same graph (``kg:sourceFile``)."""
    return _portable(path, os.getcwd())


class Names(dict[tuple[str, Kind], Entity]):
    """The entity of every (name, kind) an article's graph names (what :func:`lookups` gives an article), and the
    (name, kind) of each of its events' organizer and location (``settings``) and of each of its facts' subject and
    object (``facts``; no object for an event): read once for its graph, its relations and its links, as each
    normalises every name."""

    def __init__(self, r: ArticleFacts):
        super().__init__()
        kinds = dict(r.normalized_mentions)  # the kind each name was found as
        self.settings = [_setting(ev, kinds) for ev in r.events]
        self.facts = [_fact_names(f, kinds) for f in r.facts]


def named(r: ArticleFacts, names: Names | None = None,
          facts: list[tuple[tuple[str, Kind], tuple[str, Kind] | None]] | None = None) -> list[tuple[str, Kind]]:
    """Every (name, kind) the article's graph gives a resource, in the order its parts name them (authors and
    contributors, mentions, events, memberships, facts; ``names``: what its events and facts are read as, if read
    already; ``facts``: the ends of the facts to name, if not all of ``names.facts``).

    The order matters: resolution makes an entity of a name it never saw when it is first looked up, with
    the kind it is looked up as (:meth:`kg.resolve.Resolution.of`)."""
    names = Names(r) if names is None else names
    found = ([(name, _PERSON) for name in r.article.authors + r.article.contributors]
             + [(m.text, m.kind) for m in r.mentions])
    found += [key for setting in names.settings for key in setting if key]
    for ms in r.memberships:
        found.append((ms.person, _PERSON))
        if ms.organization:
            found.append((ms.organization, _GOV))
    found += [key for ends in (names.facts if facts is None else facts) for key in ends if key]  # (an event: None)
    return list(dict.fromkeys(found))


def lookups(results: Iterable[ArticleFacts], resolution: Resolution) -> list[Names]:
    """The entity of every name each article's graph names (:func:`named`), looked up in article order, so
    that every build resolves a name it never saw the same way."""
    found = []
    for r in results:
        names = Names(r)
        names.update({key: resolution.of(r.article, *key) for key in named(r, names)})
        found.append(names)
    return found


def relations(r: ArticleFacts, entities: Names) -> list[tuple[Entity, str, Node]]:
    """The facts ``r``'s graph states directly: (the entity, the ``kg:`` relation, what it is linked to)."""
    found = []
    for _, f, subject, obj in _statements(r, entities):
        node = _node(r, obj if isinstance(obj, Event) else entities[obj])
        if entities[subject].iri != node.iri:
            found.append((entities[subject], f.relation, node))
    return found


def links(r: ArticleFacts, entities: Names, facts: list[tuple[Entity, str, Node]]
          ) -> Iterator[tuple[Node, Node, str]]:
    """The edges ``r`` gives the NetworkX graph (:func:`to_networkx`): (from, to, the property's IRI), its
    authors and contributors, and the facts it states directly (``facts``, as :func:`relations` gave them)."""
    article = Node(article_iri(r.article), article_iri(r.article), "NewsArticle")  # an article has no label
    for name in r.article.authors:
        yield article, _node(r, entities[(name, _PERSON)]), _term(SCHEMA, "author")
    for name in r.article.contributors:
        yield article, _node(r, entities[(name, _PERSON)]), _term(SCHEMA, "contributor")
    for subject, relation, obj in facts:
        yield _node(r, subject), obj, _term(KG, relation)


def describe(entity: Entity) -> list[tuple[str, str, str]]:
    """What every graph naming ``entity`` says of it: its classes, label and aliases, why its names are one
    (``kg:resolvedBy``) and, for a person, where they were resolved (``kg:jurisdiction``); triples as
    :attr:`ArticleGraph.statements` holds a subject's, each once and sorted."""
    node = entity.iri
    # each predicate's objects sorted alone, in the predicates' order (no two are the same: an entity's label is
    # none of its aliases, its notes are a set's): strings sorted, not triples, most of which tie on two strings
    objects = {_TYPE: sorted(_CLASSES[entity.kind]), _LABEL: [_zh(entity.label)],
               _ALT: sorted(map(_zh, entity.aliases)), _RESOLVED_BY: sorted(map(_string, entity.notes)),
               _JURISDICTION: [_zh(entity.jurisdiction)] if entity.jurisdiction else []}
    return [(node, p, o) for p in _DESCRIPTION_PREDICATES for o in objects[p]]


def render(r: ArticleFacts, entities: Names,
           described: dict[str, list[tuple[str, str, str]]] | None = None) -> ArticleGraph:
    """The named graph and the facts table rows of one article, ``entities`` being what :func:`lookups`
    gave for it. ``described``: :func:`describe`'s triples of each entity by IRI, kept from one article's graph
    to the next (an entity is named in article after article; one IRI is one entity's)."""
    described = {} if described is None else described
    art = r.article
    a = article_iri(art)
    found: dict[str, set[tuple[str, str, str]]] = defaultdict(set)  # each subject's triples: a graph is a set
    # the subjects whose triples are a sorted list already: the entities named, each with its description (its
    # triples in the graph, the very list every graph naming it holds, unless a fact is said of it here too), and the
    # facts' nodes
    ready: dict[str, list[tuple[str, str, str]]] = {}

    def add(s: str, p: str, o: str) -> None:
        found[s].add((s, p, o))

    add(a, _TYPE, _iri(_term(SCHEMA, "NewsArticle")))
    if art.headline:
        add(a, _term(SCHEMA, "headline"), _zh(art.headline))
    if art.date:
        add(a, _term(SCHEMA, "datePublished"), _day(art.date))
    if art.identifier:
        add(a, _term(SCHEMA, "identifier"), _string(art.identifier))
    if art.source and _URL.match(art.source):
        add(a, _term(SCHEMA, "url"), _typed(_quoted(art.source), _ANY_URI))
    elif art.source:
        add(a, _term(SCHEMA, "publisher"), _zh(art.source))
    add(a, _term(KG, "sourceFile"), _string(source_file(art.path)))
    add(a, _term(SCHEMA, "text"), _zh(art.text))

    stated = list(_statements(r, entities))
    # every entity the graph names is described in it and mentioned by its article, however often it is named: read
    # from what lookups found of each name (all of them, unless a locatedIn is dropped), not asked at each naming
    kept = entities.values() if len(stated) == len(r.facts) else map(entities.__getitem__, named(
        r, entities, [entities.facts[i] for i, *_ in stated]))
    for iri, entity in {entity.iri: entity for entity in kept}.items():
        if (description := described.get(iri)) is None:
            description = described[iri] = describe(entity)
        ready[iri] = description
    found[a].update([(a, _MENTIONS, _iri(iri)) for iri in ready])

    read: dict[tuple[int, int], tuple[str, str, str, str]] = {}  # a sentence's evidence, by its span: facts share it
    derived = _iri(a)

    def said_at(span) -> tuple[str, str, str, str]:
        """The sentence at ``span``, and its evidence's literals: text, start and end."""
        where = (span.start, span.end)
        if (said := read.get(where)) is None:
            text = art.text[span.start:span.end].strip()
            said = read[where] = (text, _zh(text), _integer(span.start), _integer(span.end))
        return said

    def evidence(node: str, span, confidence: float) -> str:
        said = said_at(span)
        found[node].update(((node, _DERIVED, derived), (node, _EVIDENCE, said[1]), (node, _EVIDENCE_START, said[2]),
                            (node, _EVIDENCE_END, said[3]), (node, _CONFIDENCE, _confidence(confidence))))
        return said[0]

    rows = []

    def row(relation: str, subject: Entity, obj: str, label: str, kind: str, when: date | None, start: int, end: int,
            sentence: str, confidence: float, implied: bool, fact: str) -> None:
        rows.append(FactRow(relation, subject.iri, subject.label, _KIND_TYPE[subject.kind], obj, label, kind, when,
                         a, art.headline or None, art.date, sentence, start, end, float(f"{confidence:.2f}"),
                         implied, fact))

    for name in art.authors:
        add(a, _term(SCHEMA, "author"), _iri(entities[(name, _PERSON)].iri))
    for name in art.contributors:
        add(a, _term(SCHEMA, "contributor"), _iri(entities[(name, _PERSON)].iri))
    for ev, (organizer, location) in zip(r.events, entities.settings):
        node = event_iri(art, ev)
        said = [(node, _TYPE, _EVENT), (node, _LABEL, _zh(ev.name))]
        if ev.is_meeting:
            said.append((node, _TYPE, _MEETING))
        if ev.date:
            said.append((node, _START_DATE, _day(ev.date)))
        if organizer:
            said.append((node, _ORGANIZER, _iri(entities[organizer].iri)))
        if location:
            said.append((node, _LOCATION, _iri(entities[location].iri)))
        found[node].update(said)
        evidence(node, ev.sentence, 0.9)
    readings: dict[str, list] = {}  # membership IRI -> each reading of it, with its sentence
    for ms in r.memberships:
        node = iri = membership_iri(art, ms)
        said = [(node, _TYPE, _MEMBERSHIP), (node, _MEMBER, _iri(entities[(ms.person, _PERSON)].iri)),
                (node, _LABEL, _zh(ms.title))]
        if ms.organization:
            said.append((node, _ORGANIZATION, _iri(entities[(ms.organization, _GOV)].iri)))
        if ms.full_title:
            said.append((node, _FULL_TITLE, _zh(ms.full_title)))
        if ms.observed:
            said.append((node, _OBSERVED_ON, _day(ms.observed)))
        found[node].update(said)
        readings.setdefault(iri, []).append((ms, evidence(node, ms.sentence, 0.95)))
    for i, f, subject, obj in stated:
        s = entities[subject].iri
        o = event_iri(art, obj) if isinstance(obj, Event) else entities[obj].iri
        if s == o:
            continue  # 古杨家园（滨河一期）in 古杨家园: two names of one thing, which resolution made one
        predicate, target = _term(KG, f.relation), _iri(o)
        found[s].add((s, predicate, target))
        # the fact restated as a node, so its evidence and confidence can be queried
        statement = node = f"{a}/fact/{i}"
        said = said_at(f.sentence)
        objects = (_ASSERTION, _iri(s), _iri(predicate), target, derived, *said[1:], _confidence(f.confidence), _TRUE)
        ready[node] = [(node, p, objects[at]) for at, p in (_IMPLIED_FACT_ORDER if f.implied else _FACT_ORDER)]
        sentence = said[0]
        if isinstance(obj, Event):
            label, kind, when = obj.name, "Meeting" if obj.is_meeting else "Event", obj.date
        else:
            label, kind, when = entities[obj].label, _KIND_TYPE[entities[obj].kind], None
        row(f.relation, entities[subject], o, label, kind, when, f.sentence.start, f.sentence.end, sentence,
            f.confidence, f.implied, statement)
    for iri, read_as in readings.items():
        # A membership read twice is one node (its IRI hashes the person, title, date and where the sentence
        # starts) holding the values of both readings: a row for each of their combinations, as a query gives
        ms = read_as[0][0]
        for sentence, end in itertools.product(sorted({s for _, s in read_as}),
                                               sorted({m.sentence.end for m, _ in read_as})):
            row("holds", entities[(ms.person, _PERSON)], iri, ms.title, "Membership", ms.observed,
                ms.sentence.start, end, sentence, 0.95, False, iri)
    for iri in found.keys() & ready.keys():  # the entities facts are said of: those and their descriptions
        found[iri].update(ready[iri])
    # sorted a subject's at a time, as sorting strings is several times as fast as sorting tuples, most of which
    # tie on their first string
    statements = {subject: sorted(found[subject]) if subject in found else ready[subject]
                  for subject in sorted(found.keys() | ready.keys())}
    return ArticleGraph(f"{a}/graph", statements, sorted(rows, key=FactRow.order))


def rdflib_term(term: ox.NamedNode | ox.Literal) -> URIRef | Literal:
    """An Oxigraph IRI or literal as rdflib's."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _STRING:  # a plain literal: rdflib's is a term apart from one typed xsd:string
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def to_dataset(results: Iterable[ArticleFacts], resolution: Resolution | None = None) -> Dataset:
    """All facts as an rdflib ``Dataset``, each in the named graph of the article it came from: the graph
    ``kg build`` writes, for Python code that wants rdflib's."""
    results = list(results)
    resolution = resolution or resolve(results)
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    described: dict[str, list[tuple[str, str, str]]] = {}
    for r, entities in zip(results, lookups(results, resolution)):
        part = render(r, entities, described)
        named = ds.graph(URIRef(part.name))
        ds.addN((rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object), named) for q in part.quads())
    return ds


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Entities as nodes (with ``label`` and ``type``), relations as typed edges: what ``graph.graphml`` holds.

    A node's ``type`` is its most specific class (:func:`specific`): ``Meeting`` over ``Event``,
    ``GovernmentOrganization`` over ``Organization``, ``AdministrativeArea`` over ``Place``.
    """
    graph = nx.MultiDiGraph()
    labels = {s: str(o) for s, o in ds.subject_objects(RDFS.label, unique=True)}
    classes: dict = {}
    for s, o in ds.subject_objects(RDF.type, unique=True):
        classes.setdefault(s, []).append(str(o))
    for s, p, o in ds.triples((None, None, None)):
        rel = str(p)
        if isinstance(o, URIRef) and (rel.startswith(str(KG)) or p in (SCHEMA.author, SCHEMA.contributor)):
            for node in (s, o):
                graph.add_node(str(node), label=labels.get(node, str(node)),
                               type=specific(classes[node]) if node in classes else "")
            graph.add_edge(str(s), str(o), key=rel, relation=rel.rsplit("#", 1)[-1].rsplit("/", 1)[-1])
    return graph


def _quoted(text: str) -> str:
    """A string between quotes, escaped as N-Triples writes it.

    >>> print(_quoted('吕沛说"好"\\n'))
    "吕沛说\\"好\\"\\n"
    """
    # every character escaped is a control character, a non-character (neither printable) or " or \: most text
    # (names, sentences) has none, which str.isprintable() tells at a tenth of a regex search's cost a character
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    for char, escaped in _COMMON_ESCAPES:
        if char in text:
            text = text.replace(char, escaped)
    return f'"{text}"' if text.isprintable() else f'"{_RARE_ESCAPED.sub(lambda m: _ESCAPE[ord(m[0])], text)}"'


def _string(text: str) -> str:
    return _quoted(text)  # xsd:string, which N-Triples leaves unsaid


def _zh(text: str) -> str:
    return f"{_quoted(text)}@zh"


def _typed(quoted: str, datatype: str) -> str:
    return f"{quoted}^^<{datatype}>"


@lru_cache(maxsize=4096)  # an article's date is its events' and memberships' too
def _day(d: date) -> str:
    return _typed(f'"{d.isoformat()}"', _DATE)


def _integer(n: int) -> str:
    return _typed(f'"{n}"', _INTEGER)


@lru_cache(maxsize=4096)  # most facts share one of a few confidences
def _confidence(value: float) -> str:
    return _typed(f'"{value:.2f}"', _DECIMAL)


@lru_cache(maxsize=4096)  # a page holds many articles
def _portable(path: str, cwd: str) -> str:
    for root in (Path(cwd), Path(__file__).resolve().parent.parent):
        try:
            return Path(path).resolve().relative_to(root).as_posix()
        except ValueError:
            continue
    return Path(path).name


def _setting(ev: Event, kinds: dict[str, Kind]) -> tuple[tuple[str, Kind] | None, tuple[str, Kind] | None]:
    """The (name, kind) of an event's organizer and of its location, where the text gives them."""
    return ((ev.organizer, kinds.get(normalize(ev.organizer), _GOV)) if ev.organizer else None,
            (ev.location, kinds.get(normalize(ev.location), _PLACE)) if ev.location else None)


def _fact_names(f: model.Fact, kinds: dict[str, Kind]) -> tuple[tuple[str, Kind], tuple[str, Kind] | None]:
    """The (name, kind) of a fact's subject and, unless it is one of the article's events, of its object: the kind
    the article mentions it as, else the first its relation allows."""
    relation = RELATION[f.relation]
    subject = (f.subject, kinds.get(normalize(f.subject), relation.subject[0]))
    if relation.to_event:
        return subject, None
    return subject, (f.obj, kinds.get(normalize(f.obj), relation.object[0]))


def _statements(r: ArticleFacts, entities: Names
                ) -> Iterator[tuple[int, model.Fact, tuple[str, Kind], tuple[str, Kind] | Event]]:
    """Each fact of ``r`` (its index, itself) with the (name, kind) of its subject and of its object, or the
    event of the article it links to; but a ``locatedIn`` the divisions table contradicts (安徽省 in 上海市)."""
    events = {ev.key: ev for ev in r.events}
    for i, (f, (subject, obj)) in enumerate(zip(r.facts, entities.facts)):
        if f.relation == "locatedIn" and not _may_contain(entities[obj], entities[subject]):
            continue
        yield i, f, subject, events[f.obj] if obj is None else obj


def _may_contain(outer: Entity, inner: Entity) -> bool:
    """Whether the divisions table lets ``outer`` contain ``inner`` (it says nothing of other places)."""
    return not (outer.division and inner.division) or inner.division.startswith(outer.division)


def _node(r: ArticleFacts, thing: Entity | Event) -> Node:
    if isinstance(thing, Event):
        return Node(event_iri(r.article, thing), thing.name, "Meeting" if thing.is_meeting else "Event")
    return _entity_node(thing.iri, thing.label, thing.kind)


@lru_cache(maxsize=1 << 16)  # an entity is linked again and again, and a frozen dataclass is slow to make
def _entity_node(iri: str, label: str, kind: Kind) -> Node:
    return Node(iri, label, _KIND_TYPE[kind])
