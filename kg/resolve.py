"""Stage 5, resolve: names → one resource per real-world entity.

A name is resolved within its *locality*, the city its page is about (the
city the page writes as one most, ``焦作市``, ``焦作日报``; else the one it
names most; else the article's ``source``): the same name in
two cities is two resources, across the articles and pages of one city it is
one.  Within a locality these names are one entity:

* a bracketed alias: ``高新区（示范区）`` = ``高新区`` = ``示范区``, and so
  ``高新区（示范区）党工委`` = ``示范区党工委``;
* the city written before a name: ``焦作高新区`` = ``高新区``; ``中共焦作市委``
  = ``焦作市委``;
* a city or province with or without its suffix: ``焦作市`` = ``焦作``; a
  project with or without the word 项目.

Short forms are read in their article: ``区委`` in an article about 解放区 is
``解放区委``, and ``党工委`` is the one ``…党工委`` the article names.  They
become alternative labels of that entity, never keys that would join the
区委 of two districts.

Resources live under ``https://w3id.org/govkg/resource/``.

>>> from kg.model import Article, ArticleFacts, Mention, Kind
>>> art = Article("a1", "p.txt", "", "")
>>> names = ["焦作市", "高新区（示范区）", "焦作高新区", "示范区", "高新区（示范区）党工委", "党工委"]
>>> kinds = [Kind.AREA] * 4 + [Kind.GOV] * 2
>>> r = resolve([ArticleFacts(art, [Mention(n, k, 0, 0) for n, k in zip(names, kinds)])])
>>> e = r.of(art, "示范区", Kind.AREA)
>>> e.label, sorted(e.aliases)
('高新区（示范区）', ['焦作高新区', '示范区', '高新区'])
>>> r.of(art, "党工委", Kind.GOV).label
'高新区（示范区）党工委'
>>> r.of(art, "焦作", Kind.AREA).iri
'https://w3id.org/govkg/resource/administrativearea/焦作/焦作市'
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import quote

from .extract.places import chain, city_named
from .lexicon import alternation, words
from .model import Article, ArticleFacts, Event, Kind, Membership
from .nlp.entities import classify, name_ending
from .text import normalize

__all__ = ["RESOURCE", "Entity", "Resolution", "resolve", "article_iri", "event_iri", "membership_iri"]

RESOURCE = "https://w3id.org/govkg/resource/"
_FAMILY = {Kind.PERSON: "person", Kind.ORG: "organization", Kind.GOV: "organization",
           Kind.PLACE: "place", Kind.AREA: "place", Kind.PROJECT: "project"}
# The more specific kind wins when one entity is seen as both.
_RANK = {Kind.GOV: 2, Kind.ORG: 1, Kind.AREA: 2, Kind.PLACE: 1, Kind.PROJECT: 1, Kind.PERSON: 1}
_DIVISION_BRACKET = re.compile(r"^(?P<a>[^（）]{2,}?[区县市])（(?P<b>[^（）]{2,}?[区县市])）(?P<rest>.*)$")
_TRAILING_BRACKET = re.compile(r"^(?P<a>[^（）]{2,})（[^（）]+）$")
_ENDS_AS_BODY = re.compile(f"(?:{alternation('division_suffixes')}|{alternation('gov_suffixes')})(?:（[^）]*）)?$")


@dataclass
class Entity:
    """One resource: its IRI, kind, preferred label and other names."""

    iri: str
    kind: Kind
    label: str
    aliases: set[str] = field(default_factory=set)


def _slug(name: str) -> str:
    """Chinese stays readable (IRIs allow it); anything else IRIs forbid is escaped."""
    return "".join(c if c.isalnum() or c in "·-_" else quote(c, safe="") for c in name)


def article_iri(article: Article) -> str:
    return f"{RESOURCE}article/{article.id}"


def event_iri(article: Article, event: Event) -> str:
    return f"{RESOURCE}event/{article.id}-{event.key}"


def membership_iri(article: Article, m: Membership) -> str:
    # one membership a reading: the same title read twice in an article is two, each with its evidence
    digest = hashlib.sha1(f"{article.id}|{m.person}|{m.title}|{m.observed}|{m.sentence.start}".encode()).hexdigest()[:16]
    return f"{RESOURCE}membership/{digest}"


def _union_keys(name: str, family: str, city: str) -> set[str]:
    """Other names that certainly denote the same thing, wherever they are written."""
    keys = set()
    m = _DIVISION_BRACKET.match(name)
    if m:
        keys |= {m["a"] + m["rest"], m["b"] + m["rest"]}
    elif family == "place" and (t := _TRAILING_BRACKET.match(name)):
        keys.add(t["a"])
    for plain in [name, *keys]:
        if plain.startswith("中共") and len(plain) > 4:
            keys.add(plain[2:])
        rest = plain[len(city):]
        if city and plain.startswith(city) and len(rest) >= 2 and not rest.startswith("市") and _ENDS_AS_BODY.search(rest):
            keys.add(rest)
    if family == "place" and re.fullmatch(r".{2,}[市省]", name):
        keys.add(name[:-1])
    if family == "project" and re.fullmatch(r".{2,}项目", name):
        keys.add(name[:-2])  # 恒大翡翠华庭项目 = 恒大翡翠华庭
    keys.discard(name)
    return keys


@cache
def _division_start() -> re.Pattern:
    return re.compile(f"(?:{alternation('division_suffixes')})")


class _Locality:
    """What an article is about: its city and its district."""

    def __init__(self, result: ArticleFacts):
        areas = Counter(normalize(m.text) for m in result.mentions if m.kind == Kind.AREA)
        # a city written as one (焦作市, 洛阳市委) says more than a bare name (学徐州扬州)
        cities, named = Counter(), Counter()
        for m in result.mentions:
            text = normalize(m.text)
            written = re.match(r"^(?:中共)?(.{2,4}?)市", text)
            local = re.sub("(?:省|市|盟|自治区)$", "", city_named(text))  # 焦作日报, 焦作同仁医院; not 玉溪路小学
            if written and written[1] not in words("provinces") and (
                    written[1] in words("gazetteer") or (m.kind == Kind.AREA and text == written[0]
                                                          and written[1] not in words("common_words")
                                                          and text not in words("not_endings"))):
                cities[written[1]] += 1
            elif local and m.kind in (Kind.ORG, Kind.GOV) and local not in words("provinces"):
                cities[local] += 1
            elif m.kind in (Kind.PLACE, Kind.AREA) and text in words("gazetteer") and text not in words("provinces"):
                named[text] += 1
        self.cities, self.named = cities, named
        self.city = ""
        districts = [(n, name) for name, n in areas.items() if re.search(r"[区县]（?[^（）]*）?$", name)]
        self.district = max(districts)[1] if districts else ""


def _short_form(name: str, kind: Kind, here: _Locality, bodies: list[str]) -> str | None:
    """The full name of ``区委``/``党工委``-style short forms, read in their article."""
    if kind not in (Kind.GOV, Kind.ORG) or len(name) > 6:
        return None
    body = name[1:] if name[0] in "区市县" else name
    # 区教育局 may be 示范区教育局, but 市教育局 is not: the level is kept
    longer = [b for b in bodies if b != name and b.endswith(name) and len(b) > len(name)]
    if len(set(longer)) == 1:
        return longer[0]
    if name[0] in "区县" and here.district and not _division_start().match(body):
        return here.district + body
    if name[0] == "市" and here.city:
        return here.city + "市" + body
    return None


class Resolution:
    """Which entity each name of each article denotes."""

    def __init__(self) -> None:
        self._parent: dict[tuple, tuple] = {}
        self._count: Counter = Counter()
        self._kind: dict[tuple, Kind] = {}
        self._here: dict[str, tuple[_Locality, list[str]]] = {}  # article id -> locality, bodies named
        self._extra_labels: dict[tuple, set[str]] = defaultdict(set)
        self._written: dict[tuple, str] = {}  # a key's name as first written (brackets as in the text)
        self._entities: dict[tuple, Entity] = {}
        self._keys: dict[tuple[str, str, Kind], tuple] = {}  # every name is looked up once per triple

    def _find(self, key: tuple) -> tuple:
        self._parent.setdefault(key, key)
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def _union(self, a: tuple, b: tuple) -> None:
        self._parent[self._find(a)] = self._find(b)

    def _key(self, article_id: str, name: str, kind: Kind) -> tuple:
        if (article_id, name, kind) not in self._keys:
            self._keys[(article_id, name, kind)] = self._read(article_id, name, kind)
        return self._keys[(article_id, name, kind)]

    def _read(self, article_id: str, name: str, kind: Kind) -> tuple:
        name = normalize(name)
        here, bodies = self._here.get(article_id, (None, []))
        if here is None:
            return (_FAMILY[kind], "", name)
        return (_FAMILY[kind], here.city, _short_form(name, kind, here, bodies) or name)

    def of(self, article: Article, name: str, kind: Kind) -> Entity:
        """The entity ``name`` denotes in ``article``."""
        root = self._find(self._key(article.id, name, kind))
        if root not in self._entities:  # a name resolve() never saw: its own entity
            self._entities[root] = Entity(_iri(root, kind), kind, root[2])
        return self._entities[root]

    def __iter__(self):
        return iter(self._entities.values())

    def _finish(self) -> None:
        groups: dict[tuple, list[tuple]] = defaultdict(list)
        for key in self._parent:
            groups[self._find(key)].append(key)
        for root, keys in groups.items():
            seen = [k for k in keys if self._count[k]]
            best = max(seen or keys, key=lambda k: (self._count[k], "（" in k[2], len(k[2]), k[2]))
            label = self._written.get(best, best[2])
            kind = max((self._kind[k] for k in keys if k in self._kind), key=_RANK.get,
                       default=Kind.ORG)
            names = {self._written.get(k, k[2]) for k in keys} | set().union(*(self._extra_labels[k] for k in keys))
            self._entities[root] = Entity(_iri((root[0], root[1], best[2]), kind), kind, label, names - {label})


def _unplaced(name: str) -> str | None:
    """The name without the places it starts with (宁夏银川兴庆区富洋烧烤店 → 富洋烧烤店), if it
    still names a thing of its own."""
    places = chain(name, set())
    rest = name[sum(map(len, places)):]
    # only after a district or county: 焦作日报社 is not 日报社, nor 文昌社区卫生服务中心 卫生服务中心
    if not places or not re.search(r"[区县旗]$", places[-1]) or classify(rest, "") is None:
        return None
    ending = name_ending(rest)
    return rest if ending and ending.start() >= 2 else None


def _iri(key: tuple, kind: Kind) -> str:
    family, city, name = key
    segment = "person" if kind == Kind.PERSON else kind.value.lower()
    return f"{RESOURCE}{segment}/{_slug(city) + '/' if city else ''}{_slug(name)}"


def resolve(results: list[ArticleFacts]) -> Resolution:
    """Group every name of every article into entities (see the module's doc)."""
    r = Resolution()
    localities = {res.article.id: _Locality(res) for res in results}
    # a page is one city's news: its city is the one its articles name most (a JSONL record is its own page)
    page_city: dict[str, Counter] = defaultdict(Counter)
    page_named: dict[str, Counter] = defaultdict(Counter)
    for res in results:
        page_city[res.article.path].update(localities[res.article.id].cities)
        page_named[res.article.path].update(localities[res.article.id].named)
    for res in results:
        here = localities[res.article.id]
        best = (page_city[res.article.path] or page_named[res.article.path]).most_common(1)
        here.city = (best[0][0] if best else "") or (res.article.source or "")
        r._here[res.article.id] = (here, [normalize(m.text) for m in res.mentions if m.kind in (Kind.GOV, Kind.ORG)])
        for m in res.mentions:
            key = r._key(res.article.id, m.text, m.kind)
            r._find(key)
            r._count[key] += 1
            r._written.setdefault(key, m.text)
            r._kind[key] = max(r._kind.get(key, m.kind), m.kind, key=_RANK.get)
            if key[2] != normalize(m.text):
                r._extra_labels[key].add(m.text)
            if m.kind in (Kind.ORG, Kind.PLACE, Kind.PROJECT) and (short := _unplaced(key[2])):
                r._extra_labels[key].add(short)  # 高新区实验中学 is also 实验中学, but keyed apart from others'
            if m.kind != Kind.PERSON:
                for other in _union_keys(key[2], key[0], here.city):
                    r._union(key, (key[0], key[1], other))
    r._finish()
    return r
