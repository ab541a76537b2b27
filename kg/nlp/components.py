"""spaCy components of the govkg pipeline, registered with ``@Language.factory``.

Each component reads its word lists from ``kg/lexicons/`` and writes what it
finds onto the ``Doc``: people as ``doc.ents`` (label ``PERSON``) and, with
their titles, as ``doc._.people``.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .people import find_people

__all__ = ["PeopleFinder"]

if not Doc.has_extension("people"):
    Doc.set_extension("people", default=None)


class PeopleFinder:
    """Officials and their title chains (see :mod:`kg.nlp.people`)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        people = find_people(doc.text)
        doc._.people = people
        spans = [doc.char_span(p.start, p.end, label="PERSON", alignment_mode="expand") for p in people]
        doc.ents = filter_spans([s for s in spans if s is not None])
        return doc


@Language.factory("govkg_people")
def make_people_finder(nlp: Language, name: str) -> PeopleFinder:
    return PeopleFinder(nlp, name)
