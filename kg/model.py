"""The typed records that flow between pipeline stages.

read → :class:`Document` → articles → :class:`Article` → nlp/extract → :class:`Fact`
→ resolve → graph.  Every stage takes and returns these, never loose dicts.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property
from operator import attrgetter

from .text import normalize

__all__ = [
    "Document",
    "Problem",
    "Article",
    "Span",
    "Kind",
    "PLACE_KINDS",
    "BODY_KINDS",
    "Mention",
    "Event",
    "Fact",
    "Membership",
    "ArticleFacts",
    "Pipeline",
]


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input; reported as a single line, never raised."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass
class Document:
    """One unit of input: a whole newspaper page, or one JSONL article."""

    path: str
    text: str
    is_page: bool  # a page holds many articles; a JSONL record holds one
    line: int | None = None  # the JSONL line it came from
    id: str | None = None
    title: str | None = None
    date: date | None = None
    source: str | None = None


@dataclass(frozen=True)
class Span:
    """A character range of an article's text."""

    start: int
    end: int


@dataclass
class Article:
    """One news item: its headline, dateline, reporters and the body text.

    ``text`` is the body as written (line breaks of the layout joined); every
    offset elsewhere points into it.
    """

    id: str
    path: str
    headline: str
    text: str
    date: date | None = None
    year: int | None = None  # year that applies to every M月D日 of the article
    authors: list[str] = field(default_factory=list)
    source: str | None = None
    contributors: list[str] = field(default_factory=list)  # the page's staff credited (编辑, 校对 …)
    kind: str = "news"  # news, commentary, photo, interview
    identifier: str = ""  # a JSONL record's id; FILE#N for the N-th article of a page (schema:identifier)

    @staticmethod
    def make_id(path: str, headline: str, text: str) -> str:
        digest = hashlib.sha1(f"{headline}\n{text}".encode()).hexdigest()
        return digest[:16]


class Kind(str, Enum):
    """What a mention names. Reading a member (``Kind.PERSON``) runs the enum metaclass's Python code, some 80 ns
    (a global's read takes 10), and ``kind in (Kind.A, Kind.B)`` pays it for each: the loops over every mention
    (kg.resolve, kg.graph, kg.locality, kg.cooccurrence) bind the members they ask of once, and ask sets of them."""

    PERSON = "Person"
    ORG = "Organization"
    GOV = "GovernmentOrganization"
    PLACE = "Place"
    AREA = "AdministrativeArea"
    PROJECT = "Project"
    TITLE = "Title"


# the kinds several stages ask of together: a place (a division or another), a body (a government's or another)
PLACE_KINDS = frozenset({Kind.AREA, Kind.PLACE})
BODY_KINDS = frozenset({Kind.GOV, Kind.ORG})


@dataclass(frozen=True)
class Mention:
    """A named thing at a place in an article."""

    text: str
    kind: Kind
    start: int
    end: int


@dataclass
class Event:
    """A meeting or other activity, as described by one article."""

    key: str  # unique within the article
    name: str
    is_meeting: bool
    date: date | None
    sentence: Span
    organizer: str | None = None
    location: str | None = None


@dataclass
class Membership:
    """A person seen holding a title on a date (``org:Membership``)."""

    person: str
    title: str
    full_title: str | None  # the title with its jurisdiction filled in
    organization: str | None
    observed: date | None
    sentence: Span


@dataclass
class Fact:
    """One relation between two things, with its evidence.

    ``subject`` is a person or entity name; ``obj`` an entity name or, for
    event relations, an :attr:`Event.key`.
    """

    relation: str  # a row's name in kg.relations: chaired, attended, spokeAt, inspected, metWith, locatedIn
    subject: str
    obj: str
    sentence: Span
    confidence: float = 1.0
    implied: bool = False


_START = attrgetter("start")


@dataclass
class ArticleFacts:
    """All that was extracted from one article."""

    article: Article
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)  # in text order

    @cached_property
    def normalized_text(self) -> str:
        """The article's text normalised (:func:`kg.text.normalize`), as the stages after extraction read it: made
        once, not by each (extraction gives it where it read the same text: :func:`kg.extract.extract`)."""
        return normalize(self.article.text)

    @cached_property
    def normalized_mentions(self) -> list[tuple[str, Kind]]:
        """Each mention's name normalised, with its kind, in text order: made once for the stages after extraction
        (locality, resolution and the graph each read every name)."""
        return [(normalize(m.text), m.kind) for m in self.mentions]

    def __getstate__(self) -> dict:
        # a worker's results are pickled to the build: the normalised text is worked out again there if read, not
        # sent beside the text it is made of
        state = dict(self.__dict__)
        state.pop("normalized_text", None)
        return state

    def sentence_at(self, offset: int) -> Span:
        """The sentence holding ``offset`` (the whole text if sentences are unknown)."""
        i = bisect_right(self.sentences, offset, key=_START) - 1  # no list of the starts made for each call
        return self.sentences[i] if i >= 0 else Span(0, len(self.article.text))


class Pipeline(str, Enum):
    """The NLP pipelines a build may run (``kg build --pipeline``): the same rules and outputs, two speeds."""

    ACCURATE = "accurate"  # the shipped model: pkuseg, tok2vec, NER, then the rules (:func:`kg.nlp.load`)
    FAST = "fast"  # rjieba's words and the rules alone (:mod:`kg.nlp.fast`)

    @classmethod
    def named(cls, name: Pipeline | str) -> Pipeline:
        """The pipeline called ``name``; :class:`~kg.errors.KgError` naming the pipelines if none is.

        >>> Pipeline.named("fast")
        <Pipeline.FAST: 'fast'>
        """
        from .errors import Errors, KgError

        try:
            return cls(name)
        except ValueError:
            raise KgError(Errors.E043.format(name=name, names=", ".join(p.value for p in cls))) from None
