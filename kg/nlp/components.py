"""spaCy components of the govkg pipeline, registered with ``@Language.factory``.

They run after the trained ``ner`` and read their word lists from
``kg/lexicons/``:

* ``govkg_people`` finds officials and their title chains by rule
  (:mod:`kg.nlp.people`), with the NER's plausible person names as known
  names, and sets them as ``doc._.people``; they replace the NER's own
  ``PERSON`` spans in ``doc.ents``.
* ``govkg_entities`` types the NER's organisations and places by their
  endings and adds the bodies and places that titles name
  (:mod:`kg.nlp.entities`), as ``doc._.entities``.

Each declares what it reads and sets (``requires``/``assigns``: ``nlp.analyze_pipes()`` checks the order),
and finds (:func:`people_in`, :func:`entities_in`, which set nothing) apart from setting, so that the rules
can be tried on a ``spacy.blank("zh")`` doc made by hand (tests/nlp/test_components.py).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .doc import offsets_of, text_of, texts_of, word_ending, word_starting
from .entities import (EntityMention, from_endings, from_gazetteer, from_ner, from_titles, generic_use, listed_bodies,
                       merge, share_endings, twin_bodies, with_capacities, written_in_full,
                       zones_of_their_cities)
from ..lexicon import starts_of, words
from .people import PersonMention, find_people, names_cued, plausible_name, title_start_positions

__all__ = ["PeopleFinder", "EntityFinder", "people_in", "entities_in", "names_before_titles", "replace_ents"]

for _name in ("people", "entities"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class PeopleFinder:
    """Officials and their title chains (see :mod:`kg.nlp.people`)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        before = doc.ents  # (read once: each read makes every span again)
        doc._.people, names, others = _people_and_spans(doc, before)
        replace_ents(doc, before, filter_spans(names + others))
        # the entities other than people's, which govkg_entities reads, kept so that it need not read doc.ents again;
        # as word ranges, which hold no reference to the doc (a Span in its user_data would make a cycle, which the
        # build never collects)
        doc.user_data[_OTHER_ENTITIES] = [(e.start, e.end, e.label_) for e in others]
        return doc


_OTHER_ENTITIES = "govkg_other_entities"  # doc.user_data's key of the entities PeopleFinder keeps for EntityFinder


def replace_ents(doc: Doc, before: tuple[Span, ...], ents: list[Span]) -> None:
    """``doc.ents = ents``, where ``before`` were its entities: only the words of ``before`` that ``ents`` leaves are
    marked outside an entity, not every word (spaCy's set_ents asks a Python set of each, and the marks need no
    reading to be checked): every other word is outside ``before``, and so marked as ``Doc.ents`` reads as outside
    one (outside, or not marked, as the fast tokenizer leaves them), and keeps its mark."""
    taken = {i for span in ents for i in range(span.start, span.end)}
    left = [Span(doc, i, i + 1) for span in before for i in range(span.start, span.end) if i not in taken]
    doc.set_ents(ents, outside=left, default="unmodified")


def people_in(doc: Doc, ents: tuple[Span, ...] | None = None) -> tuple[list[PersonMention], list[Span]]:
    """The officials of ``doc``, and its entity spans (``ents``, if read already) with their names as ``PERSON``
    spans in place of the NER's own: what :class:`PeopleFinder` sets, found without setting anything."""
    people, names, others = _people_and_spans(doc, ents)
    return people, filter_spans(names + others)


def _people_and_spans(doc: Doc, ents: tuple[Span, ...] | None) -> tuple[list[PersonMention], list[Span], list[Span]]:
    """What :func:`people_in` finds: the officials, their names' spans and the other entities that none overlaps."""
    text = text_of(doc)
    if ents is None:
        ents = doc.ents  # (read once: each read makes every span again)
    # the names the rules find alone, told by their cues where they can be: the rules' work is then done once, with
    # the NER's names, where they add one
    found, people = names_cued(text), None
    if found is None:  # a cued name may be dropped: only the rules' work tells
        people = find_people(text)
        found = {p.name for p in people}
    # the NER's names, unless one only lengthens a name the rules found (吕沛|以)
    # (a span's text sliced from the doc's: Span.text joins its words' again at every read)
    proposed = {name for e in ents if e.label_ == "PERSON" for name in (text[e.start_char:e.end_char],)
                if plausible_name(name) and not name.startswith(tuple(found))}
    proposed |= names_before_titles(doc)
    if proposed - found:
        people = find_people(text, known=frozenset(proposed))
    elif people is None:
        people = find_people(text)
    # the country's leaders, wherever their names are words: 习近平|新时代…思想 has no title to find him by
    taken = {i for p in people for i in range(p.start, p.end)}
    people = sorted(people + [PersonMention(name, at, at + len(name)) for at, name in _leaders_in(doc)
                              if at not in taken], key=lambda p: p.start)
    names = [doc.char_span(p.start, p.end, label="PERSON", alignment_mode="expand") for p in people]
    names = [s for s in names if s is not None]
    taken = {i for s in names for i in range(s.start, s.end)}
    others = [e for e in ents if e.label_ != "PERSON" and not taken & set(range(e.start, e.end))]
    return people, names, others


def _leaders_in(doc: Doc) -> list[tuple[int, str]]:
    """Where the words of ``doc`` that name the country's leaders are, and those words."""
    leaders = words("national_leaders")
    texts, offsets = texts_of(doc), offsets_of(doc)
    if leaders.isdisjoint(texts):
        return []  # (most pages: told by one set lookup a word at C level, not a regex's class tried at every character)
    found = []
    # the few places a name starts, found by one regex over the text, then the word there: not a Python step a word
    for at in map(re.Match.start, starts_of(leaders).finditer(text_of(doc))):
        if (word := word_starting(offsets, at)) is not None and texts[word] in leaders:
            found.append((at, texts[word]))
    return found


def names_before_titles(doc: Doc) -> set[str]:
    """Names written before their title, a word of their own: 习近平|总书记, 吕沛|书记."""
    texts, offsets = texts_of(doc), offsets_of(doc)
    names = set()
    # the few places a title starts, found by one regex over the text, then the word before each: not a Python
    # step a word
    for at in title_start_positions(text_of(doc)):
        before = word_ending(texts, offsets, at)
        if before is None:
            continue
        word = texts[before]
        if 2 <= len(word) <= 3 and plausible_name(word):
            names.add(word)
    return names


class EntityFinder:
    """Organisations, places and projects (see :mod:`kg.nlp.entities`)."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        extensions = doc._  # (read once: each read makes the object again, some 9,000 instructions)
        extensions.entities = entities_in(doc, extensions.people or [])
        return doc


def entities_in(doc: Doc, people: list[PersonMention]) -> list[EntityMention]:
    """The organisations, places and projects of ``doc``, whose officials are ``people``: what
    :class:`EntityFinder` sets, found without setting anything."""
    offsets = offsets_of(doc)
    others = doc.user_data.get(_OTHER_ENTITIES)
    if others is None:  # a doc govkg_people has not seen
        others = [(e.start, e.end, e.label_) for e in doc.ents]
    # titles are the surest, then names by their endings, then what only the NER saw
    named, roads = from_endings(doc, people)
    text = text_of(doc)
    found = listed_bodies(twin_bodies(share_endings(merge(from_titles(people, offsets) + roads, named,
                                                         from_ner(doc, others), from_gazetteer(doc)), text)), text, people)
    found = [e for e in written_in_full(found, text, texts_of(doc), offsets) if not generic_use(e, text)]
    return with_capacities(zones_of_their_cities(found), text)


# what each reads and sets, checked against the order of a pipeline by nlp.analyze_pipes()
@Language.factory("govkg_people", assigns=["doc._.people", "doc.ents"], requires=["doc.ents"])
def make_people_finder(nlp: Language, name: str) -> PeopleFinder:
    return PeopleFinder(nlp, name)


@Language.factory("govkg_entities", assigns=["doc._.entities"], requires=["doc._.people", "doc.ents"])
def make_entity_finder(nlp: Language, name: str) -> EntityFinder:
    return EntityFinder(nlp, name)


