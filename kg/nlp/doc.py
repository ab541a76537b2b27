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


def known(doc: Doc, text: str, words: list[Word]) -> Doc:
    """``doc`` told its text and words by a tokenizer that has them already, which spares reading them back."""
    doc.user_data["govkg_text"] = text
    doc.user_data["govkg_words"] = words
    return doc


def _read(doc: Doc) -> None:
    # one C-level copy of the word ids, offsets and spaces, not a Token object a word
    strings = doc.vocab.strings
    rows = doc.to_array([ORTH, IDX, SPACY]).tolist() if len(doc) else []
    doc.user_data["govkg_words"] = [Word(strings[orth], idx) for orth, idx, _ in rows]
    doc.user_data["govkg_text"] = "".join(strings[orth] + (" " if space else "") for orth, _, space in rows)
