"""The fast pipeline (``kg build --pipeline fast``): the accurate pipeline's rules without its statistical models.

The accurate pipeline (:func:`kg.nlp.load`) cuts every character with pkuseg and runs ``tok2vec`` and the
NER over them: nine tenths of the time of its NLP. This one cuts words with `rjieba
<https://pypi.org/project/rjieba/>`_ (jieba's dictionary and HMM, in Rust: some 100 times pkuseg's speed),
given the same user dictionary as pkuseg (:func:`kg.nlp.segmenter.user_words`: ``区领导|杨有军``,
``党工委|书记``), marks sentences where the accurate pipeline's sentencizer does, and runs the same rule
components, ``govkg_people`` and ``govkg_entities``. With no NER, names are found only by the rules' own
cues: a title chain, a group word or a list before a name, a name before its title, an ending
(``…街道``, ``…局``, ``…产业园``), the gazetteer and the known organisations. Quality and speed of both
pipelines: README, *Two pipelines*.

>>> nlp = load()
>>> doc = nlp("区委书记赵海燕出席会议并讲话。”区领导杨有军、许海玲参加。")
>>> [(p.name, [t.text for t in p.titles]) for p in doc._.people]
[('赵海燕', ['区委书记']), ('杨有军', []), ('许海玲', [])]
>>> [s.text for s in doc.sents]
['区委书记赵海燕出席会议并讲话。”', '区领导杨有军、许海玲参加。']
"""
from __future__ import annotations

import unicodedata
from functools import cache
from importlib.metadata import version
from itertools import accumulate
from operator import add

import rjieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces
from spacy.vocab import Vocab

from ..text import SENTENCE_END
from . import components  # noqa: F401  (registers the rule components' factories)
from .doc import known
from .segmenter import user_words

__all__ = ["FastTokenizer", "load", "SEGMENTER"]

# what cuts the words, for the cache's fingerprint: another version may cut them otherwise
SEGMENTER = f"rjieba {version('rjieba')}"
# the accurate model's sentencizer ends sentences at these (kg/models/zh_govkg/config.cfg)
SENTENCE_ENDS = frozenset([*SENTENCE_END, "\n"])


@cache
def _punctuation(word: str) -> bool:
    """spaCy's ``is_punct``: every character a punctuation mark."""
    return all(unicodedata.category(c).startswith("P") for c in word)


def sentence_starts(words: list[str]) -> list[bool]:
    """Where the sentencizer of the accurate pipeline starts sentences: after a word of :data:`SENTENCE_ENDS`
    and the punctuation that follows it (。” ends one sentence), at the first word that is neither.

    >>> sentence_starts(["好", "。", "”", "是", "\\n", "\\n", "不"]), sentence_starts(["。", "是"])
    ([True, False, False, True, False, False, True], [True, True])
    """
    starts, ended = [], False
    for word in words:
        end = word in SENTENCE_ENDS
        start = ended and not end and not _punctuation(word)
        starts.append(start or not starts)
        ended = end or (ended and not start)
    return starts


class FastTokenizer:
    """Text → ``Doc`` of rjieba's words, every character kept (the Doc's text is the text), its sentences
    marked (:func:`sentence_starts`) and its words known to :mod:`kg.nlp.doc`."""

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.jieba = rjieba.Jieba()
        for word in user_words():  # words the rules need whole, as pkuseg is told
            self.jieba.add_word(word, None, None)

    def __call__(self, text: str) -> Doc:
        words = self.jieba.cut(text) if text else []
        if " " in text:  # a space after a word is the word's trailing space, as spaCy's own tokenizers have it
            words, spaces = get_words_and_spaces(words, text)
        else:
            spaces = [False] * len(words)
        lengths = map(len, words) if " " not in text else map(add, map(len, words), spaces)
        doc = Doc(self.vocab, words=words, spaces=spaces, sent_starts=sentence_starts(words) if words else None)
        return known(doc, text, words, accumulate(lengths, initial=0))


@cache
def load() -> Language:
    """The fast pipeline: rjieba's words and sentences → ``govkg_people`` → ``govkg_entities``; input text
    must be normalised (:func:`kg.text.normalize`), as for the accurate one."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = FastTokenizer(nlp.vocab)
    nlp.add_pipe("govkg_people")
    nlp.add_pipe("govkg_entities")
    return nlp
