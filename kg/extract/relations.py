"""Who did what, sentence by sentence: chaired, attended, spokeAt, inspected, metWith.

Within a sentence, trigger words (``lexicons/verbs.toml``) are read in order;
the people named since the previous trigger are the subjects of the next one
(``宫卫红，区领导杨有军、许海玲出席会议``).  A trigger joined by ``并`` shares
the previous subjects (``出席会议并讲话``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..lexicon import alternation_of, relation_verbs
from ..nlp.people import PersonMention

__all__ = ["Trigger", "triggers", "trigger_words", "studied", "topic"]


@dataclass(frozen=True)
class Trigger:
    relation: str  # chaired, attended, spokeAt, inspected, metWith, neutral
    start: int
    end: int


_STUDYING = re.compile(r"(?:传达|学习|贯彻|领会|研读)[^，。；]*$")


def studied(text: str, start: int) -> bool:
    """Whether what starts at ``start`` is the object of 传达/学习…: 传达学习|习近平总书记重要讲话."""
    return _STUDYING.search(text, max(0, start - 20), start) is not None


# 习近平总书记关于…的重要指示, …在全会上发表的重要讲话, 杨介人、崔清文等烈士事迹: whom a text is about
_TOPIC_AFTER = re.compile(r"(?:总书记|同志|主席)?(?:关于|的|在[^，。；]{0,30}?上(?:发表|作出)的)"
                          # 杨介人、崔清文、刘三阳等烈士: every name of a list of the remembered
                          r"|(?:、[^，。；、]{2,4}?)*等?(?:烈士|英烈|先烈|英雄)")


def topic(text: str, person: PersonMention) -> bool:
    """Whether ``person`` is what the text is about (studied, quoted, remembered), not an actor.

    >>> text = "围绕习近平总书记关于网信工作的重要指示进行授课"
    >>> topic(text, PersonMention("习近平", 2, 5)), topic("吕沛讲授党课", PersonMention("吕沛", 0, 2))
    (True, False)
    """
    return studied(text, person.start) or _TOPIC_AFTER.match(text, person.end) is not None


def triggers(text: str, words: Iterable[tuple[int, int]], people: list[PersonMention]) -> list[Trigger]:
    """The trigger words of a sentence of ``text`` that are not inside a name or a title; ``words``: the spans
    :func:`trigger_words` finds in the sentence, in order."""
    relation_of = _trigger_re()[1]
    # the characters of the names and titles, gathered at C level: each word asks one set (half the sentences with
    # trigger words name nobody, and gather nothing)
    covered = set().union(*map(range, [p.start for p in people], [p.end for p in people]),
                          *(range(t.start, t.end) for p in people for t in p.titles)) if people else frozenset()
    found = []
    for start, end in words:
        if start in covered:
            continue
        relation = relation_of[text[start:end]]
        if relation == "spokeAt" and _studied_speech(text, start, end):
            continue
        found.append(Trigger(relation, start, end))
    return found


def trigger_words() -> re.Pattern:
    """Every trigger word: a text with none has no :func:`triggers`."""
    return _trigger_re()[0]


def _studied_speech(text: str, start: int, end: int) -> bool:
    """讲话精神, 学习…重要讲话: a speech studied, not given here."""
    return text.startswith("精神", end) or studied(text, start)


@cache
def _trigger_re() -> tuple[re.Pattern, dict[str, str]]:
    table = relation_verbs()
    relation_of = {}
    for relation, verbs in table.items():
        if relation in ("visit", "round", "inspected_after_visit"):
            continue
        for verb in verbs:
            relation_of.setdefault(verb, relation)
    return re.compile(alternation_of(relation_of)), relation_of
