"""Cheap views of a spaCy ``Doc`` for the rule components.

``Doc.text`` joins every word each time it is read, and iterating a ``Doc``
builds a ``Token`` object per word: the rules read both many times a page,
so they read them once here and keep them in ``doc.user_data``. The rules
ask of every word only its text or its offset, at C level over a list of
each (:func:`texts_of`, :func:`offsets_of`); a :class:`Word` of both is made
only for the few words a rule walks one by one (:func:`words_at`).

>>> import spacy
>>> doc = spacy.blank("zh")("区委书记")  # a character a word
>>> text_of(doc), texts_of(doc), offsets_of(doc), words_at(["区委"], [0])[0].idx
('区委书记', ['区', '委', '书', '记'], [0, 1, 2, 3], 0)
"""
from __future__ import annotations

import itertools
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from functools import partial
from typing import NamedTuple

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc

from ..text import places_of

__all__ = ["Word", "text_of", "texts_of", "offsets_of", "sentences_of", "words_at", "word_starting", "word_ending",
           "known", "places_of_any"]


class Word(NamedTuple):
    text: str
    idx: int  # character offset in the doc


def text_of(doc: Doc) -> str:
    if "govkg_text" not in doc.user_data:
        _read(doc)
    return doc.user_data["govkg_text"]


def texts_of(doc: Doc) -> list[str]:
    """The text of each word."""
    if "govkg_texts" not in doc.user_data:
        _read(doc)
    return doc.user_data["govkg_texts"]


def offsets_of(doc: Doc) -> list[int]:
    """Where each word starts in :func:`text_of`."""
    if "govkg_offsets" not in doc.user_data:
        _read(doc)
    return doc.user_data["govkg_offsets"]


def sentences_of(doc: Doc) -> list[tuple[int, int]]:
    """Where each sentence starts and ends in :func:`text_of`, as ``doc.sents`` has them (the space after its last
    word not its): from the words that start one, where the tokenizer told them (:func:`known`), not a ``Span``
    made a sentence.

    >>> import spacy
    >>> doc = spacy.blank("zh")("好。是")
    >>> sentences_of(known(doc, "好。是", ["好", "。", "是"], [0, 1, 2], sentence_starts=[0, 2]))
    [(0, 2), (2, 3)]
    """
    starts = doc.user_data.get("govkg_sentence_starts")
    if starts is None:
        return [(sent.start_char, sent.end_char) for sent in doc.sents]
    texts, offsets = texts_of(doc), offsets_of(doc)
    return [(offsets[first], offsets[last] + len(texts[last]))
            for first, last in zip(starts, [i - 1 for i in starts[1:]] + [len(texts) - 1])]


def known(doc: Doc, text: str, texts: list[str], offsets: list[int], sentence_starts: list[int] | None = None) -> Doc:
    """``doc`` told its text, and its words' texts and offsets, by a tokenizer that has them already, which
    spares reading them back; and, if it sets them, the words that start its sentences (:func:`sentences_of`)."""
    doc.user_data.update(govkg_text=text, govkg_texts=texts, govkg_offsets=offsets)
    if sentence_starts is not None:
        doc.user_data["govkg_sentence_starts"] = sentence_starts
    return doc


# tuple.__new__ itself: a NamedTuple's own __new__ is a call of Python code a word, as long as all the rest
_word = partial(tuple.__new__, Word)


def word_starting(offsets: Sequence[int], at: int) -> int | None:
    """The index of the word that starts at character ``at``, if one does (``offsets``: the words' starts, in order),
    by bisection: the rules ask it of the few places a pattern found, not of every word.

    >>> word_starting([0, 2, 4], 2), word_starting([0, 2, 4], 3)
    (1, None)
    """
    i = bisect_left(offsets, at)
    return i if i < len(offsets) and offsets[i] == at else None


def word_ending(texts: Sequence[str], offsets: Sequence[int], at: int) -> int | None:
    """The index of the word that ends at character ``at``, if one does (a space after it is not its).

    >>> word_ending(["区委", "书记"], [0, 2], 2), word_ending(["区委", "书记"], [0, 2], 3)
    (0, None)
    """
    i = bisect_left(offsets, at) - 1  # the last word that starts before it
    return i if i >= 0 and offsets[i] + len(texts[i]) == at else None


def places_of_any(text: str, characters: str) -> list[int]:
    """Where any of ``characters`` are in ``text``, in order: each one's places found by str.find, which skips at C
    level to the next (the rules look for characters a page has a few of: not a regex's class tried at each of its
    characters).

    >>> places_of_any("eMozEmO", "EMO")
    [1, 4, 6]
    """
    return sorted(itertools.chain.from_iterable(places_of(character, text) for character in characters))


def words_at(texts: Iterable[str], offsets: Iterable[int]) -> list[Word]:
    """The words of these texts at these offsets."""
    return list(map(_word, zip(texts, offsets)))


def _read(doc: Doc) -> None:
    # one C-level copy of the word ids, offsets and spaces, not a Token object a word
    rows = doc.to_array([ORTH, IDX, SPACY]).tolist() if len(doc) else []
    texts = [doc.vocab.strings[orth] for orth, _, _ in rows]
    known(doc, "".join(text + " " if row[2] else text for text, row in zip(texts, rows)), texts,
          [idx for _, idx, _ in rows])
