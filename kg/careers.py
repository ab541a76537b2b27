"""Careers: each person's titles over time and what they did each year, as plain records.

A :class:`Career` is one person (one resource: people sharing a name are each their own, with their
jurisdictions): the titles held, each with the first and last day it was seen and the articles behind it,
and the events, each with its day and article, summed up by year. Two sources give the same records:

* a built graph (:func:`from_graph`, what ``kg person`` and :meth:`kg.KnowledgeGraph.person` read): its
  memberships (``org:member``, the title as written, ``kg:observedOn``), its assertions of
  ``kg:chaired``, ``kg:attended``, ``kg:spokeAt``, ``kg:inspected`` and ``kg:metWith``, and the articles
  that mention the person;
* a build's facts in memory (:func:`careers`: the extractions and their resolution, as the co-occurrence
  page has them), read as :mod:`kg.graph` writes them.

>>> from datetime import date
>>> from kg.model import Article, ArticleFacts, Kind, Membership, Mention, Span
>>> def seen(aid, title, day):
...     art = Article(aid, "p.txt", "", "县长王强出席会议。", date=day, source="宿迁日报")
...     ms = Membership("王强", title, None, None, day, Span(0, 9))
...     return ArticleFacts(art, [Mention("王强", Kind.PERSON, 2, 4)], memberships=[ms])
>>> from kg.resolve import resolve
>>> results = [seen("a", "县长", date(2021, 3, 1)), seen("b", "县长", date(2021, 9, 1)),
...            seen("c", "县委书记", date(2022, 5, 2))]
>>> (c,) = careers(results, resolve(results)).values()
>>> c.person.name, c.person.jurisdiction, [(t.title, str(t.first), str(t.last), len(t.articles)) for t in c.titles]
('王强', '江苏省宿迁市', [('县长', '2021-03-01', '2021-09-01', 2), ('县委书记', '2022-05-02', '2022-05-02', 1)])
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

from .model import ArticleFacts, Kind
from .relations import RELATIONS as ALL_RELATIONS
from .resolve import Resolution, article_iri, event_iri

__all__ = ["Person", "Title", "Event", "Year", "Career", "careers", "from_graph", "near", "rows", "COLUMNS",
           "RELATIONS"]

# what a person does: the relations a person may be the subject of
RELATIONS = tuple(relation.name for relation in ALL_RELATIONS if Kind.PERSON in relation.subject)
COLUMNS = ("name", "jurisdiction", "record", "what", "first", "last", "articles", "person")


@dataclass(frozen=True)
class Person:
    """One person of a name: the resource, where it was resolved (``kg:jurisdiction``), the first and last
    publication day of the articles naming them, and how many."""

    iri: str
    name: str
    jurisdiction: str | None
    first: date | None
    last: date | None
    articles: int


@dataclass(frozen=True)
class Title:
    """A title as written, first and last seen (``None``: never dated), and the articles behind it."""

    title: str
    first: date | None
    last: date | None
    articles: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """Something the person did (``relation``: chaired, attended …) to ``what`` (an event's or a target's
    label), on the event's day (else the article's), read in ``article``."""

    relation: str
    what: str
    day: date | None
    article: str


@dataclass(frozen=True)
class Year:
    """The events of one year (``None``: undated), counted by relation, first and last day, and articles."""

    year: int | None
    counts: dict[str, int]
    first: date | None
    last: date | None
    articles: int


@dataclass
class Career:
    """One person's titles (by first seen) and events (by day)."""

    person: Person
    titles: list[Title] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)

    @property
    def years(self) -> list[Year]:
        """The events summed up by year, earliest first (undated last)."""
        by_year = groupby(sorted(self.events, key=_by_day), key=lambda e: e.day.year if e.day else None)
        found = []
        for year, events in by_year:
            events = list(events)
            days = sorted(e.day for e in events if e.day)
            counts = {r: n for r in RELATIONS if (n := sum(e.relation == r for e in events))}
            found.append(Year(year, counts, days[0] if days else None, days[-1] if days else None,
                              len({e.article for e in events})))
        return found


def careers(results: list[ArticleFacts], resolution: Resolution) -> dict[str, Career]:
    """Every person's career in a build's facts, by IRI: what the graph of ``results`` says (for the page,
    which has the facts and not the graph)."""
    from .graph import lookups, relations

    people: dict[str, tuple[str, str | None]] = {}
    published: dict[str, dict[str, date | None]] = defaultdict(dict)
    held: dict[str, list] = defaultdict(list)
    events: dict[str, list[Event]] = defaultdict(list)
    for r, names in zip(results, lookups(results, resolution)):
        article = article_iri(r.article)
        for entity in names.values():
            if entity.kind == Kind.PERSON:
                people[entity.iri] = (entity.label, entity.jurisdiction)
                published[entity.iri][article] = r.article.date
        for ms in r.memberships:
            held[names[(ms.person, Kind.PERSON)].iri].append((ms.title, ms.observed, article))
        days = {event_iri(r.article, ev): ev.date for ev in r.events}
        for subject, relation, node in relations(r, names):
            if subject.kind == Kind.PERSON and relation in RELATIONS:
                events[subject.iri].append(Event(relation, node.label, days.get(node.iri) or r.article.date, article))
    return {c.person.iri: c for c in _assemble(people, published, held, events)}


def from_graph(store, name: str) -> list[Career]:
    """The careers of everyone named ``name`` in a built graph's store (:func:`kg.query.load_store`), the
    most mentioned first."""
    from .query import query_oxigraph

    def select(where: str, variables: str) -> list[tuple]:
        query = f"SELECT {variables} WHERE {{ ?person a schema:Person ; rdfs:label {_literal(name)} . {where} }}"
        found = query_oxigraph(store, query)
        return [tuple(None if row[v] is None else row[v].value for v in found.variables) for row in found]

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value[:10]) if value else None

    people: dict[str, tuple[str, str | None]] = {}
    published: dict[str, dict[str, date | None]] = defaultdict(dict)
    for person, jurisdiction, article, when in select(
            "OPTIONAL { ?person kg:jurisdiction ?jurisdiction } ?article schema:mentions ?person . "
            "OPTIONAL { ?article schema:datePublished ?published }", "?person ?jurisdiction ?article ?published"):
        people[person] = (name, jurisdiction)
        published[person][article] = day(when)
    held: dict[str, list] = defaultdict(list)
    for person, title, when, article in select(
            "?m org:member ?person ; rdfs:label ?title ; prov:wasDerivedFrom ?article . "
            "OPTIONAL { ?m kg:observedOn ?day }", "?person ?title ?day ?article"):
        held[person].append((title, day(when), article))
    events: dict[str, list[Event]] = defaultdict(list)
    for person, relation, what, start, when, article in select(
            "?fact rdf:subject ?person ; rdf:predicate ?relation ; rdf:object ?o ; prov:wasDerivedFrom ?article . "
            f"VALUES ?relation {{ {' '.join('kg:' + r for r in RELATIONS)} }} ?o rdfs:label ?what . "
            "OPTIONAL { ?o schema:startDate ?start } OPTIONAL { ?article schema:datePublished ?published }",
            "?person ?relation ?what ?start ?published ?article"):
        events[person].append(Event(relation.rsplit("#", 1)[-1], what, day(start) or day(when), article))
    return _assemble(people, published, held, events)


def near(store, name: str) -> list[str]:
    """Up to three people's names in a built graph's store close to ``name``, for a misspelt one."""
    import difflib

    from .query import query_oxigraph

    names = sorted({row["n"].value for row in query_oxigraph(store, "SELECT DISTINCT ?n WHERE { ?p a schema:Person ; "
                                                                      "rdfs:label ?n }")})
    # cutoff 0.5: one character of two in common is a near miss for a Chinese name (吕佩, 吕沛)
    return difflib.get_close_matches(name, names, n=3, cutoff=0.5)


def rows(found: Iterable[Career]) -> list[dict]:
    """The one table ``kg person`` prints (:data:`COLUMNS`): a row a title (``record`` ``title``), then a row
    a year of events (``record`` the year, ``what`` the count of each kind), for each person in turn."""
    table = []
    for c in found:
        p = c.person
        base = {"name": p.name, "jurisdiction": p.jurisdiction, "person": p.iri}
        for t in c.titles:
            table.append({**base, "record": "title", "what": t.title, "first": t.first, "last": t.last,
                          "articles": len(t.articles)})
        for y in c.years:
            table.append({**base, "record": str(y.year or "undated"), "first": y.first, "last": y.last,
                          "what": ", ".join(f"{r} {n}" for r, n in y.counts.items()), "articles": y.articles})
        if not c.titles and not c.events:
            table.append({**base, "record": "named", "what": "", "first": p.first, "last": p.last,
                          "articles": p.articles})
    return [{k: row[k] for k in COLUMNS} for row in table]


def _by_day(e: Event) -> tuple:
    return (e.day is None, e.day or date.min, e.relation, e.what, e.article)


def _titles(held: Iterable[tuple[str, date | None, str]]) -> list[Title]:
    """(title, day, article) readings → each title's first and last day and articles, by first day then title,
    as the README's title-over-time query orders them (undated titles last)."""
    days: dict[str, list[date]] = defaultdict(list)
    articles: dict[str, set[str]] = defaultdict(set)
    for title, day, article in held:
        days[title] += [day] if day else []
        articles[title].add(article)
    found = [Title(t, min(days[t], default=None), max(days[t], default=None), tuple(sorted(articles[t])))
             for t in articles]
    return sorted(found, key=lambda t: (t.first is None, t.first or date.min, t.title))


def _assemble(people: dict[str, tuple[str, str | None]], published: dict[str, dict[str, date | None]],
              held: dict[str, list[tuple[str, date | None, str]]], events: dict[str, list[Event]]) -> list[Career]:
    """Careers from each person's (name, jurisdiction), articles (with their days), titles read and events."""
    found = []
    for iri, (name, jurisdiction) in people.items():
        days = sorted(d for d in published[iri].values() if d)
        person = Person(iri, name, jurisdiction, days[0] if days else None, days[-1] if days else None,
                        len(published[iri]))
        found.append(Career(person, _titles(held[iri]), sorted(events[iri], key=_by_day)))
    return sorted(found, key=lambda c: (-c.person.articles, c.person.iri))


def _literal(name: str) -> str:
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"@zh'
