"""Stage 5, resolve: names → one resource per real-world entity.

Gives every person, event, membership and named thing a stable IRI under
``https://w3id.org/govkg/resource/``.  People are one resource per name
across the corpus; events are one per article and event.

>>> person_iri("吕沛")
'https://w3id.org/govkg/resource/person/吕沛'
"""
from __future__ import annotations

import hashlib
from urllib.parse import quote

from .model import Article, Event, Membership

__all__ = ["RESOURCE", "person_iri", "entity_iri", "event_iri", "article_iri", "membership_iri"]

RESOURCE = "https://w3id.org/govkg/resource/"


def _slug(name: str) -> str:
    """Chinese stays readable (IRIs allow it); anything else IRIs forbid is escaped."""
    return "".join(c if c.isalnum() or c in "·-_" else quote(c, safe="") for c in name)


def person_iri(name: str) -> str:
    return f"{RESOURCE}person/{_slug(name)}"


def entity_iri(kind: str, name: str) -> str:
    return f"{RESOURCE}{kind.lower()}/{_slug(name)}"


def article_iri(article: Article) -> str:
    return f"{RESOURCE}article/{article.id}"


def event_iri(article: Article, event: Event) -> str:
    return f"{RESOURCE}event/{article.id}-{event.key}"


def membership_iri(article: Article, m: Membership) -> str:
    digest = hashlib.sha1(f"{article.id}|{m.person}|{m.title}|{m.observed}".encode()).hexdigest()[:16]
    return f"{RESOURCE}membership/{digest}"
