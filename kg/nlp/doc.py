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

from collections.abc import Iterable
from functools import partial
from typing import NamedTuple

from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc

__all__ = ["Word", "text_of", "texts_of", "offsets_of", "words_at", "known"]


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


def known(doc: Doc, text: str, texts: list[str], offsets: list[int]) -> Doc:
    """``doc`` told its text, and its words' texts and offsets, by a tokenizer that has them already, which
    spares reading them back."""
    doc.user_data.update(govkg_text=text, govkg_texts=texts, govkg_offsets=offsets)
    return doc


# tuple.__new__ itself: a NamedTuple's own __new__ is a call of Python code a word, as long as all the rest
_word = partial(tuple.__new__, Word)


def words_at(texts: Iterable[str], offsets: Iterable[int]) -> list[Word]:
    """The words of these texts at these offsets."""
    return list(map(_word, zip(texts, offsets)))


def _read(doc: Doc) -> None:
    # one C-level copy of the word ids, offsets and spaces, not a Token object a word
    rows = doc.to_array([ORTH, IDX, SPACY]).tolist() if len(doc) else []
    texts = [doc.vocab.strings[orth] for orth, _, _ in rows]
    known(doc, "".join(text + " " if row[2] else text for text, row in zip(texts, rows)), texts,
          [idx for _, idx, _ in rows])
