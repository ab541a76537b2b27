"""Cheap views of a spaCy ``Doc`` for the rule components.

``Doc.text`` joins every word each time it is read, and iterating a ``Doc``
builds a ``Token`` object per word: the rules read both many times a page,
so they read them once here and keep them in ``doc.user_data``.

>>> import spacy
>>> doc = spacy.blank("zh")("区委书记")
>>> text_of(doc), words_of(doc)[0].idx
('区委书记', 0)
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import NamedTuple

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc

__all__ = ["Word", "text_of", "words_of", "known"]


class Word(NamedTuple):
    text: str
    idx: int  # character offset in the doc


def text_of(doc: Doc) -> str:
    if "govkg_text" not in doc.user_data:
        _read(doc)
    return doc.user_data["govkg_text"]


def words_of(doc: Doc) -> list[Word]:
    if "govkg_words" not in doc.user_data:
        _read(doc)
    return doc.user_data["govkg_words"]


def known(doc: Doc, text: str, words: Iterable[str], offsets: Iterable[int]) -> Doc:
    """``doc`` told its text, and its words and their offsets, by a tokenizer that has them already, which
    spares reading them back."""
    doc.user_data["govkg_text"] = text
    doc.user_data["govkg_words"] = _words(words, offsets)
    return doc


# tuple.__new__ itself: a NamedTuple's own __new__ is a call of Python code a word, as long as all the rest
_word = partial(tuple.__new__, Word)


def _words(texts: Iterable[str], offsets: Iterable[int]) -> list[Word]:
    return list(map(_word, zip(texts, offsets)))


def _read(doc: Doc) -> None:
    # one C-level copy of the word ids, offsets and spaces, not a Token object a word
    rows = doc.to_array([ORTH, IDX, SPACY]).tolist() if len(doc) else []
    texts = [doc.vocab.strings[orth] for orth, _, _ in rows]
    doc.user_data["govkg_words"] = _words(texts, (idx for _, idx, _ in rows))
    doc.user_data["govkg_text"] = "".join(text + " " if row[2] else text for text, row in zip(texts, rows))
