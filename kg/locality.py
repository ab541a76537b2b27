"""Where each article is: the division of China its evidence agrees on (the first step of resolution).

Evidence, each a vote for a division of the table (:mod:`kg.names.gazetteer`):

* the divisions the article names, as places (``沭阳县``, ``宿迁``) and at the head of bodies' names and
  titles (``中共沭阳县委``, ``宿迁市市长``), and the paper's name among its units (``宿迁日报社``), and the
  divisions inside its paper's (else the city it names) that its text writes though no entity was found
  there: a vote each;
* its dateline (``本报沭阳讯``, ``新华社南京电``): two;
* its paper: the division the record's ``source`` is named for (``宿迁日报`` → 宿迁市), else the city most
  of the paper's articles are about (the articles of a page, the records of one source, site or file): two.
  A ``source`` is one more clue, never the place itself.

A vote counts for its division and every division containing it. From the province down, the article
goes one level deeper while one division there holds at least half the votes of the level above and
more than any other: an article of ``宿迁日报`` naming 沭阳县 once and 宿迁市 three times is 宿迁市's, one
naming 沭阳县 three times is 沭阳县's. Then an article whose short forms speak of a level below
(``县委``, ``县长``, ``我县``) is placed in the one division of that level it names under its place.

>>> from kg.model import Article, ArticleFacts, Mention, Kind
>>> county = ArticleFacts(Article("a", "p.jsonl:1", "", "县委书记王强到沭阳县调研。", source="宿迁日报"),
...                       [Mention("沭阳县", Kind.AREA, 8, 11)])
>>> city = ArticleFacts(Article("b", "p.jsonl:2", "", "市委召开会议。", source="宿迁日报"))
>>> found = locate([county, city])
>>> found["a"].division.name, found["b"].division.name, found["b"].clues
('沭阳县', '宿迁市', ('paper 宿迁日报',))
>>> found["a"].at("市").name, found["a"].at("县").name, found["a"].at("镇")
('宿迁市', '沭阳县', None)
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import urlparse

from .model import ArticleFacts, Kind
from .names import LEVEL_WORDS, organs, without_asides
from .names.gazetteer import (Division, ancestors, by_code, city, contains, named, nested, paper_place, place,
                              places_leading, written_within)
from .text import HAN, normalize

__all__ = ["Locality", "locate", "paper_of"]

# 本报沭阳讯, 沭阳讯, 新华社南京5月3日电: the place a story was filed from
_DATELINE = re.compile(rf"^(?:本报|本台|本网|新华社|中新社|中新网)?(?P<place>[{HAN}]{{2,8}}?)"
                       rf"(?:\d{{1,2}}月\d{{1,2}}日)?[讯电]")
# the article's own level, as it writes of itself: 我县, 全区, 本镇, and before its organs or its head: 县委, 副县长
# (not after another Chinese character). Each alternative starts with a character of its own, and the lookbehind
# comes after it: a search then skips to the characters a match may start with, where a lookbehind first (or an
# alternative starting with a class) is tried at every character, four times as slowly.
_OWN_PREFIXES = "我全本"
_NOT_AFTER_HAN = rf"(?<![{HAN}].)"  # after a match's first character: the one before it is no Chinese
_OWN_LEVEL = re.compile("|".join(
    [f"{c}(?:{'|'.join(LEVEL_WORDS)})" for c in _OWN_PREFIXES]
    + [f"副{_NOT_AFTER_HAN}(?:{'|'.join(LEVEL_WORDS)})(?=长|{'|'.join(organs())})"]
    + [f"{w[0]}{_NOT_AFTER_HAN}{w[1:]}(?=长|{'|'.join(organs())})" for w in LEVEL_WORDS]))
_WEIGHT = {"named": 1, "dateline": 2, "paper": 2}
# kinds asked of every mention, bound once (see kg.model.Kind)
_AREA, _ORG = Kind.AREA, Kind.ORG
_PLACED_FIRST = frozenset({Kind.AREA, Kind.GOV, Kind.ORG})  # what may start with a division's name


@dataclass(frozen=True)
class Locality:
    """An article's place: the deepest ``division`` its evidence agrees on (``None``: nothing told), and
    what told it (``clues``: ``named 沭阳县``, ``dateline 沭阳``, ``paper 宿迁日报``, ``page``)."""

    division: Division | None
    clues: tuple[str, ...] = ()
    names_city: bool = False  # whether the article names the prefecture-level city it is in


    def at(self, word: str) -> Division | None:
        """The division of the article's place that a short form's level word means (``县`` of ``县委``,
        ``市`` of ``市长``), if its place is known to that level: a county-level city for ``市`` when the
        article is about one and names no other city."""
        if self.division is None or word not in LEVEL_WORDS:
            return None
        chain = ancestors(self.division)
        if LEVEL_WORDS[word] == 2:
            county = next((d for d in chain if d.level == 3), None)
            if county and county.name.endswith("市") and not self.names_city:
                return county
            return city(self.division)
        level = LEVEL_WORDS[word]
        found = next((d for d in chain if d.level == level), None)
        return found if found and (level < 3 or _ends_as(found, word)) else None

    @cached_property  # resolution asks for it for every name it reads
    def city(self) -> Division | None:
        """The city (or, failing that, the province) the article is in."""
        if self.division is None:
            return None
        return city(self.division) or ancestors(self.division)[0]


def paper_of(source: str | None, path: str) -> str:
    """What articles share a paper by: the record's ``source`` (a site by its host), else its file (a page, or
    the JSONL file a record is a line of: one export is one paper's, unless its records say otherwise).

    >>> paper_of("https://www.example.org/a/1.html", "x.jsonl:3"), paper_of(None, "news.jsonl:3")
    ('example.org', 'news.jsonl')
    """
    if source:
        host = urlparse(source).netloc
        return host.removeprefix("www.") if host else source
    file, _, line = path.rpartition(":")
    return file if file and line.isdigit() else path


def locate(results: list[ArticleFacts]) -> dict[str, Locality]:
    """Every article's :class:`Locality`, by its id (see the module's doc)."""
    read = {r.article.id: _Evidence(r) for r in results}
    own = {r.article.id: read[r.article.id].votes(paper_place(r.article.source)) for r in results}
    papers: dict[str, Counter] = defaultdict(Counter)  # the cities of a paper's articles
    for r in results:
        if (votes := own[r.article.id]) and (found := _descend(votes)) and (c := city(found)):
            papers[paper_of(r.article.source, r.article.path)][c.code] += 1
    located = {}
    for r in results:
        paper = paper_place(r.article.source)
        common = _majority(papers[paper_of(r.article.source, r.article.path)])
        frame = (paper, f"paper {r.article.source}") if paper else (by_code(common), "page") if common else None
        # read again near the page's city, unless the paper's name gave it already
        votes = own[r.article.id] if paper or not frame else read[r.article.id].votes(frame[0])
        found = _deeper(_within(votes, frame), r, votes)
        clues = tuple(sorted({clue for d, _, clue in votes if found and _on_path(d, found)}
                             | ({frame[1]} if frame and found and _on_path(frame[0], found) else set())))
        named_city = found is not None and any(d.level == 2 and found.code.startswith(d.code)
                                               for d, _, clue in votes if clue.startswith("named"))
        located[r.article.id] = Locality(found, clues, named_city)
    return located


def _ends_as(d: Division, word: str) -> bool:
    """Whether ``d`` is a division of the kind ``word`` names: 县 a county (自治县 too), 区 a district …"""
    return d.name.endswith(word) or (word == "县" and d.name.endswith("旗"))


@lru_cache(maxsize=1 << 16)  # a name is mentioned again and again, article after article
def _divisions_written(name: str, kind: Kind) -> tuple[str, ...]:
    """The division names a mention ``name`` of ``kind`` writes: a place's own, or those its name starts with."""
    text = without_asides(normalize(name))
    if kind == _AREA and named(text):
        return (text,)
    return places_leading(text) if kind in _PLACED_FIRST else ()


class _Evidence:
    """What an article tells of its place, read once however often it is weighed (:meth:`votes`)."""

    def __init__(self, r: ArticleFacts):
        # the division names it writes: places, and the heads of bodies', units' and titles' names
        self.written = [n for m in r.mentions for n in _divisions_written(m.text, m.kind)]
        self.written += [n for ms in r.memberships for n in places_leading(normalize(ms.full_title or ms.title))]
        self.placed = [place(n) for n in self.written]
        self.papers = [d for name, kind in r.normalized_mentions if kind == _ORG and (d := paper_place(name))]
        self.dateline = _DATELINE.match(normalize(r.article.text[:30]).lstrip())
        self._result = r
        self._within: dict[str, list[str]] = {}  # what it writes of a division's places, by the division's code

    def votes(self, paper: Division | None) -> list[tuple[Division, int, str]]:
        """The article's own evidence, each name read near the others and its ``paper``'s division (a 鼓楼区
        among 南京's places is 南京's)."""
        written, near = self.written, self.placed
        # what the entity finder missed of the places in its paper's division, or in the city it names
        region = paper or _descend((d, 1, "") for d in near if d)
        if region:
            missed = self.missed(city(region) or region)
            written, near = written + missed, near + [place(n) for n in missed]
        near = [*near, paper]
        votes = [(d, _WEIGHT["named"], f"named {n}") for n in written if (d := place(n, near))]
        votes += [(d, _WEIGHT["named"], f"named {d.name}") for d in self.papers]
        if self.dateline and (d := place(self.dateline["place"], near)):
            votes.append((d, _WEIGHT["dateline"], f"dateline {self.dateline['place']}"))
        return votes

    def missed(self, region: Division) -> list[str]:
        """The names of places inside ``region`` the article's text writes and the entity finder did not find."""
        if region.code not in self._within:
            found = written_within(self._result.normalized_text, region)
            self._within[region.code] = sorted(set(found) - set(self.written))
        return self._within[region.code]


def _descend(votes: Iterable[tuple[Division, int, str]], start: Division | None = None) -> Division | None:
    """The deepest division the votes agree on, from ``start`` (else the country) down (the module's doc)."""
    score: dict[str, int] = defaultdict(int)
    children: dict[str | None, set[str]] = defaultdict(set)
    for d, weight, _ in votes:
        for code, parent in _lineage(d.code):
            score[code] += weight
            children[parent].add(code)
    here = start.code if start else None
    total = score[here] if start else sum(score[c] for c in children[None])
    while children[here]:
        ranked = sorted(children[here], key=lambda c: -score[c])
        best = ranked[0]
        if score[best] * 2 < total or (len(ranked) > 1 and score[ranked[1]] == score[best]):
            break
        here, total = best, score[best]
    return by_code(here) if here else None


@lru_cache(maxsize=1 << 14)  # the same few divisions are voted for again and again
def _lineage(code: str) -> tuple[tuple[str, str | None], ...]:
    """The codes of the division ``code`` and of those it lies in, outermost first, each with its parent's."""
    return tuple((a.code, a.parent) for a in ancestors(by_code(code)))


def _within(votes: list[tuple[Division, int, str]], frame: tuple[Division, str] | None) -> Division | None:
    """The article's place from its votes, within its paper's division ``frame`` (with why), if known: a city's
    paper writes of its city, unless an article names nothing in it and one other city at least three times."""
    if frame is None:
        return _descend(votes)
    paper, why = frame
    inside = [v for v in votes if nested(v[0], paper)]
    outside = [v for v in votes if not nested(v[0], paper)]
    if outside and not any(contains(paper, d) for d, _, _ in inside):
        elsewhere = _descend(outside)
        if elsewhere and elsewhere.level >= 2 and sum(w for d, w, _ in outside if contains(elsewhere, d)) >= 3:
            return elsewhere
    return _descend([*inside, (paper, _WEIGHT["paper"], why)], start=paper)


def _deeper(found: Division | None, r: ArticleFacts, votes: list[tuple[Division, int, str]]) -> Division | None:
    """``found``, or the one division below it of the level the article's short forms speak of (县委 in an
    article of 宿迁市 naming 沭阳县), if it names exactly one."""
    if found is None:
        return None
    # the matches counted in C, then by their level words (我县, 副县 and 县 are 县's), each in the order first written
    words: Counter[str] = Counter()
    for written, n in Counter(_OWN_LEVEL.findall(r.normalized_text)).items():
        words[written[1:] if written[0] in _OWN_PREFIXES or written[0] == "副" else written] += n
    for word, _ in words.most_common():
        level = LEVEL_WORDS[word]
        if level <= found.level:
            continue
        below = {a.code: a for d, _, _ in votes for a in ancestors(d)
                 if a.level == level and a.code.startswith(found.code) and _ends_as(a, word)}
        if len(below) == 1:
            return next(iter(below.values()))
    return found


def _on_path(d: Division, found: Division) -> bool:
    return found.code.startswith(d.code) or d.code.startswith(found.code)


def _majority(cities: Counter) -> str | None:
    """The city most of a paper's articles are about, if two or more and more than half of those placed are
    (one article alone is its own evidence, not a paper's)."""
    if not cities:
        return None
    (code, n), = cities.most_common(1)
    return code if n >= 2 and n * 2 > sum(cities.values()) else None
