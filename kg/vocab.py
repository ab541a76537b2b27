"""The graph's vocabulary: the namespaces of ``CONTRACT.md`` and every term of them that govkg writes or queries.

Everything that writes or queries RDF (graph, outputs, query, serve) takes its terms from here and nothing else,
so this module imports nothing of the project's that does (only the table of relations, for their names).
``KG`` and ``SCHEMA`` are closed rdflib ``DefinedNamespace`` classes, as are ``XSD`` (the datatypes written) and
rdflib's ``RDF``, ``RDFS``, ``ORG``, ``PROV`` and ``SKOS``: a term that is not listed fails where it is written
instead of landing in a graph the ontology does not describe. (The base class and rdflib's open ``XSD`` are not
names of this module: pytest, looking for doctests, probes every name and each probe of an open namespace warns.)

>>> KG.chaired, SCHEMA.Person
(rdflib.term.URIRef('https://w3id.org/govkg/ontology#chaired'), rdflib.term.URIRef('https://schema.org/Person'))
>>> KG.chiared
Traceback (most recent call last):
AttributeError: term 'chiared' not in namespace 'https://w3id.org/govkg/ontology#'
"""
from __future__ import annotations

from rdflib import URIRef, namespace
from rdflib.namespace import ORG, PROV, RDF, RDFS, SKOS, Namespace

from .relations import RELATIONS

__all__ = ["KG", "SCHEMA", "ORG", "PROV", "RDF", "RDFS", "SKOS", "XSD", "RESOURCE", "PREFIXES", "bind_prefixes"]


class KG(namespace.DefinedNamespace):
    """govkg's own terms; ``ontology/govkg.ttl`` defines each (tests/test_ontology.py checks it)."""

    _NS = Namespace("https://w3id.org/govkg/ontology#")
    _fail = True
    # the relations' properties, a row of kg.relations each: adding a relation does not touch this module
    _extras = [relation.name for relation in RELATIONS]

    Assertion: URIRef
    Meeting: URIRef
    Project: URIRef
    confidence: URIRef
    evidence: URIRef
    evidenceEnd: URIRef
    evidenceStart: URIRef
    fullTitle: URIRef
    implied: URIRef
    jurisdiction: URIRef
    observedOn: URIRef
    resolvedBy: URIRef
    sourceFile: URIRef


class SCHEMA(namespace.DefinedNamespace):
    """The schema.org terms the graph uses (rdflib's ``SDO`` holds all of schema.org and only warns of a typo)."""

    _NS = Namespace("https://schema.org/")
    _fail = True

    AdministrativeArea: URIRef
    Event: URIRef
    GovernmentOrganization: URIRef
    NewsArticle: URIRef
    Organization: URIRef
    Person: URIRef
    Place: URIRef
    author: URIRef
    contributor: URIRef
    datePublished: URIRef
    headline: URIRef
    identifier: URIRef
    location: URIRef
    mentions: URIRef
    organizer: URIRef
    publisher: URIRef
    startDate: URIRef
    text: URIRef
    url: URIRef


class XSD(namespace.DefinedNamespace):
    """The datatypes of the graph's literals."""

    _NS = Namespace("http://www.w3.org/2001/XMLSchema#")
    _fail = True

    anyURI: URIRef
    boolean: URIRef
    date: URIRef
    decimal: URIRef
    integer: URIRef
    string: URIRef


# where resources live; an open set (every entity has its own IRI under it), so a plain string
RESOURCE = "https://w3id.org/govkg/resource/"

# The contract's prefixes: declared for every query (`kg query`, `kg serve`) and written in every file, in this order
# (the order of Turtle's @prefix lines)
PREFIXES = {
    "kg": str(KG),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "res": RESOURCE,
}


def bind_prefixes(graph) -> None:
    """Bind the contract's prefixes on an rdflib graph or dataset (rdflib binds rdf, rdfs and xsd itself)."""
    for prefix in ("kg", "schema", "org", "prov", "skos", "res"):
        graph.bind(prefix, Namespace(PREFIXES[prefix]), override=True)
