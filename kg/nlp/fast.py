"""The fast pipeline (``kg build --pipeline fast``): the accurate pipeline's rules without its statistical models.

The accurate pipeline (:func:`kg.nlp.load`) cuts every character with pkuseg and runs ``tok2vec`` and the
NER over them: nine tenths of the time of its NLP. This one cuts and tags words with `rjieba
<https://pypi.org/project/rjieba/>`_ (jieba's dictionary and HMM, in Rust: some 100 times pkuseg's speed),
given the same user dictionary as pkuseg (:func:`kg.nlp.segmenter.user_words`: ``区领导|杨有军``,
``党工委|书记``), marks sentences where the accurate pipeline's sentencizer does, takes the names jieba
tags as people's for the NER's (``govkg_tagged_names``), and runs the same rule components,
``govkg_people`` and ``govkg_entities``. The rules find the rest by their own cues: a title chain, a group
word or a list before a name, a name before its title, an ending (``…街道``, ``…局``, ``…产业园``), the
gazetteer and the known organisations. Its words carry their text, offset, sentence start and entity marks,
and jieba's tags (``doc.user_data["govkg_tags"]``); spaCy's lexical attributes (``is_punct``, ``like_num``,
``norm_``, ``shape_`` …), which no rule reads, are left unset. Quality and speed of both pipelines:
docs/performance.md § Two pipelines.

>>> nlp = load()
>>> doc = nlp("区委书记赵海燕出席会议并讲话。”区领导杨有军、许海玲参加。")
>>> [(p.name, [t.text for t in p.titles]) for p in doc._.people]
[('赵海燕', ['区委书记']), ('杨有军', []), ('许海玲', [])]
>>> [s.text for s in doc.sents]
['区委书记赵海燕出席会议并讲话。”', '区领导杨有军、许海玲参加。']
>>> [p.name for p in nlp("刘文君一行先后到华兰生物调研。")._.people]  # no title: jieba's tag alone names him
['刘文君']
"""
from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib.metadata import version

import numpy
import rjieba
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..memo import Memo
from ..text import SENTENCE_END
from . import components  # noqa: F401 (registers the rule components' factories)
from .doc import known, places_of_any, text_of, word_starting
from .people import plausible_name
from .segmenter import user_words

__all__ = ["FastTokenizer", "TaggedNames", "load", "sentence_starts", "SEGMENTER"]

# what cuts the words, for the cache's fingerprint: another version may cut them otherwise
SEGMENTER = f"rjieba {version('rjieba')}"
# the accurate model's sentencizer ends sentences at these (kg/models/zh_govkg/config.cfg)
SENTENCE_ENDS = frozenset([*SENTENCE_END, "\n"])
_WHITE = re.compile(r"\s")  # (what str.isspace says is white space)
_END_CHARACTERS = "".join(sorted(SENTENCE_ENDS))  # (each one character)
PERSON_TAG = "nr"  # jieba's tag of a person's name
_SPACE_TAG = "_SP"  # spaCy's tag of a run of white space


def sentence_starts(text: str, words: list[str], offsets: list[int]) -> list[int]:
    """Where the sentencizer of the accurate pipeline starts sentences in ``text``, cut into ``words`` at
    ``offsets``: at the first word, and after a word of :data:`SENTENCE_ENDS` and the punctuation that follows it
    (。” ends one sentence), at the first word that is neither.

    >>> sentence_starts("好。”是\\n不", ["好", "。", "”", "是", "\\n", "不"], [0, 1, 2, 3, 4, 5])
    [0, 3, 5]
    >>> sentence_starts("。！是", ["。", "！", "是"], [0, 1, 2]), sentence_starts("\\n\\n是", ["\\n\\n", "是"], [0, 2])
    ([0, 2], [0])
    """
    starts = [0] if words else []
    # from each end on, found where the text has an end's character (each is one), then the word there: not a
    # Python step a word, as a sentence is some twenty words
    for at in places_of_any(text, _END_CHARACTERS):
        i = word_starting(offsets, at)
        if i is None or words[i] not in SENTENCE_ENDS:
            continue  # within a word (\n\n)
        i += 1
        while i < len(words) and (words[i] in SENTENCE_ENDS or _punctuation(words[i])):
            i += 1
        if i < len(words) and i != starts[-1]:
            starts.append(i)
    return starts


def spaced(found: list[str], kinds: list[str], text: str) -> tuple[list[str], list[bool], list[str]]:
    """Words, their trailing spaces and their tags, from the words found in ``text`` and their tags, white space as
    spaCy's tokenizers leave it (``spacy.util.get_words_and_spaces``): one space after a word is the word's, other
    white space between two words one word of its own.

    >>> spaced(["记者", " ", "王明", "\\n", "\\n", "好"], ["n", "x", "nr", "x", "x", "a"], "记者 王明\\n\\n好")
    (['记者', '王明', '\\n\\n', '好'], [True, False, False, False], ['n', 'nr', '_SP', 'a'])
    """
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    gap = ""

    def between() -> None:
        nonlocal gap
        if gap.startswith(" ") and words:
            spaces[-1], gap = True, gap[1:]
        if gap:
            words.append(gap)
            spaces.append(False)
            tags.append(_SPACE_TAG)
        gap = ""

    # a run of words at a time, between the few of white space: a Python step a word was a third of the Doc
    at = 0
    for i in [*_white(found, text), len(found)]:
        if i > at:
            between()
            words += found[at:i]
            tags += kinds[at:i]
            spaces += [False] * (i - at)
        if i < len(found):
            gap += found[i]
        at = i + 1
    between()
    return words, spaces, tags


def _white(found: list[str], text: str) -> list[int]:
    """Where the words of white space are among the words ``found`` in ``text``: jieba cuts each white space
    character a word of its own, so the text's white characters are found among the words in turn (not a Python
    step a word); else (a word of more, \\r\\n, leaves a character unfound) every word is asked."""
    try:
        return _in_turn(found, _WHITE.findall(text))
    except ValueError:
        return list(itertools.compress(range(len(found)), map(str.isspace, found)))


def _in_turn(items: list[str], wanted: Iterable[str]) -> list[int]:
    """Where each of ``wanted`` is among ``items``, each after the one before, by ``list.index`` at C level (not a
    Python step an item: they are few); ValueError where one is not.

    >>> _in_turn(["a", "b", "a", "c", "a"], ["a", "c", "a"])
    [0, 3, 4]
    """
    at: list[int] = []
    for item in wanted:
        at.append(items.index(item, at[-1] + 1 if at else 0))
    return at


class FastTokenizer:
    """Text → ``Doc`` of rjieba's words, every character kept (the Doc's text is the text), its sentences marked
    (:func:`sentence_starts`) and its words known to :mod:`kg.nlp.doc`. jieba's tags are kept in
    ``doc.user_data["govkg_tags"]``, a string a word, for :class:`TaggedNames`, not as the tokens' ``tag_``:
    interning them in the vocabulary was a third of building the Doc, and no rule reads them there.

    jieba tags a word by the word alone (its dictionary's tag, else a guess from its characters), after cutting
    the text as it cuts it untagged; tagging costs thrice the cutting, a tuple and a tag's string a word, so the
    text is cut, and only the words not met before are tagged, each once.
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab
        self.jieba = rjieba.Jieba()
        for word in user_words():  # words the rules need whole, as pkuseg is told
            self.jieba.add_word(word, None, None)
        self._tags = _Tags(self.jieba)  # every word met, and jieba's tag of it
        # every word met, and its id in the vocabulary's strings, by which Doc finds their entries without hashing
        # each word and looking it up in the strings twice (half of building the Doc); a word not met before is
        # added to the strings when asked (not looked for first in a set of a text's words: most are met before)
        self._ids = Memo(vocab.strings.add)

    def __call__(self, text: str) -> Doc:
        found = self.jieba.cut(text) if text else []
        words, spaces, tags = spaced(found, self._tags.of(found, text), text)
        doc = Doc(self.vocab, words=list(map(self._ids.__getitem__, words)), spaces=spaces)
        # where each word starts, as the Doc counted them: one C-level copy, not two additions a word in Python
        offsets = doc.to_array(IDX).tolist()
        first_words = sentence_starts(text, words, offsets)
        if words:  # as Doc(sent_starts=…) sets them, 1 a start and -1 not, but one C-level copy; the words' entity
            # marks left unset, which Doc.ents reads as outside one (from_array checks each mark it is given in Python)
            starts = numpy.full(len(words), -1).astype("uint64")
            starts[first_words] = 1
            doc.from_array([SENT_START], starts)
        doc.user_data["govkg_tags"] = tags
        return known(doc, text, words, offsets, first_words)


class _Tags(dict):
    """jieba's tag of every word met, a word tagged when first asked (not looked for first in a set of a text's
    words: most are met before)."""

    def __init__(self, jieba: rjieba.Jieba):
        super().__init__()
        self.jieba = jieba

    def of(self, found: list[str], text: str) -> list[str]:
        """The tags of the words ``found`` in ``text``."""
        try:
            return list(map(self.__getitem__, found))
        except _CutOtherwise:  # its tag is the one it has in the text (and so are those of the text's other words)
            self.update(self.jieba.tag(text))
            return list(map(self.__getitem__, found))

    def __missing__(self, word: str) -> str:
        alone = self.jieba.tag(word)
        if len(alone) != 1:
            raise _CutOtherwise(word)
        self[word] = alone[0][1]
        return self[word]


class _CutOtherwise(Exception):
    """A word that jieba, given it alone, cuts otherwise than in its text (推動鄉)."""


class TaggedNames:
    """People's names as the NER would propose them to ``govkg_people``: each run of words jieba tags ``nr``
    (赵|海燕) that :func:`~kg.nlp.people.plausible_name` takes for a name, a ``PERSON`` span. The rules keep
    such a name only where it ends as names do (before a title, a punctuation mark, a word that follows
    names), as they do the NER's."""

    def __init__(self, nlp: Language, name: str):
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        person = PERSON_TAG
        tags = doc.user_data.get("govkg_tags")
        # a Doc fresh from FastTokenizer has no entities yet, no word marked: its names are set alone, which spares
        # spaCy a set lookup a word; a Doc of another tokenizer has its tokens' tags, and its entities replaced
        others = "unmodified" if tags is not None else "outside"
        if tags is None:
            tags = [t.tag_ for t in doc]
        names = []
        # the few words tagged so, found without a Python step a word; a run of them starts where the word before is
        # not one, and ends where the word after is not
        tagged = _in_turn(tags, itertools.repeat(person, tags.count(person)))
        if tagged:
            text = text_of(doc)
            starts = [at for at, before in zip(tagged, [-2, *tagged]) if at != before + 1]
            ends = [at + 1 for at, after in zip(tagged, [*tagged[1:], -2]) if after != at + 1]
            for start, end in zip(starts, ends):
                span = Span(doc, start, end, "PERSON")
                if plausible_name(text[span.start_char:span.end_char]):  # Span.text joins its words again
                    names.append(span)
        doc.set_ents(names, default=others)
        return doc


@Language.factory("govkg_tagged_names", assigns=["doc.ents"])
def make_tagged_names(nlp: Language, name: str) -> TaggedNames:
    return TaggedNames(nlp, name)


@cache
def load() -> Language:
    """The fast pipeline: rjieba's tagged words and sentences → ``govkg_tagged_names`` → ``govkg_people`` →
    ``govkg_entities``; input text must be normalised (:func:`kg.text.normalize`), as for the accurate one."""
    nlp = spacy.blank("zh")
    # the rules read of a word its text and offset only: the attributes spaCy computes for every new word (like_num,
    # shape, norm …; its Token.is_punct, like_num … read them) were a fifth of the tokenizer's work, and are left unset
    nlp.vocab.lex_attr_getters = {}
    nlp.tokenizer = FastTokenizer(nlp.vocab)
    for component in ("govkg_tagged_names", "govkg_people", "govkg_entities"):
        nlp.add_pipe(component)
    return nlp


@cache
def _punctuation(word: str) -> bool:
    """spaCy's ``is_punct``: every character a punctuation mark."""
    return all(unicodedata.category(c).startswith("P") for c in word)
