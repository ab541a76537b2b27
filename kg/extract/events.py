"""Meetings and other activities named in an article.

>>> [m.group("name") for m in meeting_names("吕沛主持召开高新区2023年第八次党政联席会议，传达精神")]
['高新区2023年第八次党政联席会议']
>>> [m.group("name") for m in meeting_names("召开党政联席会议暨党工委理论学习中心组集体学习会议，")]
['党政联席会议暨党工委理论学习中心组集体学习会议']
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from ..lexicon import alternation, alternation_of, words
from ..text import normalize

__all__ = ["meeting_names", "held_events", "EVENT_VERBS", "events_spoken_at", "is_meeting", "is_ceremony"]

# A name runs from after the verb to the last meeting or activity word before a clause ends.
_NAME_BODY = r"[^，。；：！？、\n]{1,60}"
# what an event named before it is held with (才艺展演在文化广场举行)
_HOLDING = "举行|举办|召开|开幕|开班"
_HOLDING_VERB = re.compile(_HOLDING)
# what a meeting is named after: 主持召开X, 举行X
_CALLING = "主持召开|组织召开|召开|举行|举办|主持"
# the verbs every event meeting_names and held_events find is written with: a text with none has none of them
EVENT_VERBS = re.compile(f"{_CALLING}|{_HOLDING}")


def held_events(text: str) -> Iterator[re.Match]:
    """Matches with groups ``name``, and ``organizer`` and ``place`` where written, of each
    event held in ``text``.

    >>> m = next(held_events("由县文旅局主办的才艺展演在文化广场举行"))
    >>> m["organizer"], m["name"], m["place"]
    ('县文旅局', '才艺展演', '文化广场')
    """
    # a name is tried at every character, the costliest rule of all: a text with no event's head word before a verb
    # of holding (会议在…举行) holds no event, which one search for that alone tells; and first the verb alone,
    # which most texts have none of, searched by its first characters (the head words' search tries them all)
    found = _HOLDING_VERB.search(text) and _held_end_re().search(text)
    return _held_re().finditer(text) if found else iter(())


def meeting_names(text: str) -> Iterator[re.Match]:
    """Matches with group ``name`` for each meeting or activity held in ``text``."""
    return _meeting_re().finditer(text)


def events_spoken_at(text: str) -> Iterator[re.Match]:
    """Matches with group ``name`` for each ``在 EVENT 上`` in ``text``."""
    return _named_at_re().finditer(text)


def is_meeting(name: str) -> bool:
    """Whether an event's name (as written: 會議 too) is a meeting's."""
    return _meeting_end_re().search(normalize(name)) is not None


def is_ceremony(name: str) -> bool:
    """A ceremony or other named activity (开工仪式, 开班式, 座谈): where speeches are made."""
    return _ceremony_end_re().search(normalize(name)) is not None


# (compiled once: the article's events are asked of at each speech, and re.search would make the pattern's
# string and look it up in its cache at each call)
@cache
def _meeting_end_re() -> re.Pattern:
    return re.compile(f"(?:{alternation('meeting_heads')})$")


@cache
def _ceremony_end_re() -> re.Pattern:
    return re.compile(f"(?:{alternation('activity_heads')}|座谈|座谈交流|会谈)$")


@cache
def _heads() -> str:
    return f"{alternation('meeting_heads')}|{alternation('activity_heads')}"


@cache
def _meeting_re() -> re.Pattern:
    # 随后召开的工作推进会: a verb qualifying a name (…的) names nothing itself
    return re.compile(rf"(?:{_CALLING})了?(?!的)(?P<name>{_NAME_BODY}(?:{_heads()}))")


@cache
def _named_at_re() -> re.Pattern:
    """``在 EVENT 上`` — where a person spoke."""
    return re.compile(rf"在(?P<name>{_NAME_BODY}(?:{_heads()}))(?:上|中)")


# what follows a held event's name: where, and the verb of holding
_HELD_AT = rf"(?:在(?P<place>[^，。；：！？]{{2,20}}?))?(?:隆重)?(?:{_HOLDING})"


@cache
def _held_re() -> re.Pattern:
    """``由A主办、B承办的EVENT在PLACE举行``: an event named before the verb that holds it."""
    return re.compile(rf"(?:由(?P<organizer>[^，。；、]{{2,30}}?)(?:主办|举办|主持)(?:、[^，。；]{{2,40}}?承办)?的)?"
                      rf"(?P<name>[^，。；：！？、]{{2,60}}?(?:{_heads()})){_HELD_AT}")


@cache
def _held_end_re() -> re.Pattern:
    """How every match of :func:`_held_re` ends (searched for whether there is one: the heads in one trie, so that a
    search skips to their first characters, where their two alternations are tried at every character)."""
    return re.compile(rf"{alternation_of(words('meeting_heads') | words('activity_heads'))}{_HELD_AT}")
