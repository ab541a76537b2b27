"""The relations the graph states between things, one row each: every stage that handles facts reads this table.

A rule in :mod:`kg.extract` finds a relation and writes it as a :class:`kg.model.Fact` named by its row's
``name``; the graph states it as the property ``kg:<name>`` (:data:`kg.vocab.KG` knows every row's name and
no other) and restates it as a ``kg:Assertion``; the facts table has a row of it, its ``relation`` the name;
the co-occurrence graph counts a relation to an event as a mention of the event. ``ontology/govkg.ttl``
declares each with the row's labels, domain and range, and ``ontology/shapes.ttl`` lists them
(tests/test_ontology.py checks both against this table).

``subject`` and ``object`` are the kinds the two ends may be, as the ontology's domain and range say; the
first is what a name that the article does not mention otherwise is taken for. A relation with no
``object`` kinds links to one of the article's events (its :attr:`kg.model.Event.key`).

>>> RELATION["chaired"].to_event, RELATION["inspected"].object[0]
(True, <Kind.ORG: 'Organization'>)
>>> [r.name for r in RELATIONS if Kind.PERSON in r.subject]
['chaired', 'attended', 'spokeAt', 'inspected', 'metWith']
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Kind

__all__ = ["Relation", "RELATIONS", "RELATION"]


@dataclass(frozen=True)
class Relation:
    """A relation: its ``kg:`` property's local name, its labels in the ontology, the kinds of its ends."""

    name: str
    zh: str  # the property's rdfs:label@zh
    en: str  # its rdfs:label@en
    subject: tuple[Kind, ...]
    object: tuple[Kind, ...] = ()  # none: one of the article's events

    @property
    def to_event(self) -> bool:
        """Whether the relation links to one of the article's events."""
        return not self.object


RELATIONS = (
    Relation("chaired", "主持", "chaired", (Kind.PERSON,)),
    Relation("attended", "出席", "attended", (Kind.PERSON,)),
    Relation("spokeAt", "讲话", "spoke at", (Kind.PERSON,)),
    Relation("inspected", "调研", "inspected", (Kind.PERSON,),
             (Kind.ORG, Kind.GOV, Kind.PLACE, Kind.AREA, Kind.PROJECT)),
    Relation("metWith", "会见", "met with", (Kind.PERSON, Kind.ORG, Kind.GOV), (Kind.PERSON, Kind.ORG, Kind.GOV)),
    Relation("locatedIn", "位于", "located in", (Kind.PLACE, Kind.AREA, Kind.ORG, Kind.GOV, Kind.PROJECT),
             (Kind.PLACE, Kind.AREA)),
)
RELATION = {relation.name: relation for relation in RELATIONS}
