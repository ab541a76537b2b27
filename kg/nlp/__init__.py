"""Stage 3, nlp: the spaCy ``zh`` pipeline that ships with the package.

``kg/models/zh_govkg`` holds it, built by ``make model`` (:mod:`kg.nlp.train`):
the pkuseg segmenter (pruned, with a user dictionary from the lexicons), the
trained ``ner``, a sentencizer, and the rule components of
:mod:`kg.nlp.components`.  Loading it needs no network.

>>> nlp = load()
>>> doc = nlp("区委书记赵海燕出席会议并讲话。")
>>> [(e.text, e.label_) for e in doc.ents if e.label_ == "PERSON"], [t.text for t in doc._.people[0].titles]
([('赵海燕', 'PERSON')], ['区委书记'])
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import spacy
from spacy.language import Language

from ..errors import Errors, KgError
from ..model import Pipeline
from . import components  # noqa: F401  (registers the factories)

__all__ = ["load", "pipeline", "MODEL_DIR", "PIPELINE_VERSION"]

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "zh_govkg"
PIPELINE_VERSION = "2"


@cache
def load(path: Path = MODEL_DIR) -> Language:
    """The pipeline; input text must be normalised (:func:`kg.text.normalize`)."""
    if not (path / "config.cfg").is_file():
        raise KgError(Errors.E041.format(path=path))
    return spacy.load(path)


def pipeline(name: Pipeline | str = Pipeline.ACCURATE) -> Language:
    """The pipeline called ``name``: ``accurate`` (:func:`load`) or ``fast`` (:func:`kg.nlp.fast.load`)."""
    if Pipeline.named(name) == Pipeline.FAST:
        from . import fast  # imported only when used: rjieba

        return fast.load()
    return load()
