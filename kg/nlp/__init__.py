"""Stage 3, nlp: the spaCy ``zh`` pipeline that marks sentences, people and titles.

>>> nlp = load()
>>> doc = nlp("区委书记赵海燕出席会议并讲话。")
>>> [(e.text, e.label_) for e in doc.ents], [t.text for t in doc._.people[0].titles]
([('赵海燕', 'PERSON')], ['区委书记'])
"""
from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from . import components  # noqa: F401  (registers the factories)

__all__ = ["load", "PIPELINE_VERSION"]

PIPELINE_VERSION = "1"


class CharTokenizer:
    """One token a character, so every rule's offsets align with tokens.

    spaCy's own ``char`` segmenter does the same but slows down quadratically
    on very long texts; building the ``Doc`` from the characters is linear.
    """

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return Doc(self.vocab, words=list(text), spaces=[False] * len(text))


@cache
def load() -> Language:
    """The pipeline; input text must be normalised (:func:`kg.text.normalize`)."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = CharTokenizer(nlp.vocab)
    nlp.add_pipe("sentencizer", config={"punct_chars": ["。", "！", "？"]})
    nlp.add_pipe("govkg_people")
    return nlp
