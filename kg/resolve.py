"""Stage 5, resolve: names → one resource per real-world entity, and why (``kg:resolvedBy``).

Every article is first placed in a division of China (:mod:`kg.locality`: what it names, its dateline,
its paper), and every name is read there.

*People.* One name is one person within a city: the articles placing a 孙立军 in 宿迁市 or in one of its
counties (by his titles: ``宿迁市市长``, ``县委书记`` in an article about a county; else by the article's
place) speak of one man, whichever paper printed them and whether or not they name the city. Two cities'
or two provinces' 孙立军 are two men. A title of the province above joins the only one of its cities, and
an article that places a name nowhere joins the only one its paper places, else is one person with the
paper's other such mentions (``person/~example.org/王军``). A leader of the country
(``习近平总书记``, ``国务院总理X``) is one across it, with every city's mentions of the name that carry no
title. Within a city, titles held at
overlapping times in two divisions neither of which contains the other (two counties, two towns) are two
men; held one after the other they are one career (a transfer to the next county).

*Bodies and places.* A place that is a division of the table is one resource however written
(``沭阳`` = ``沭阳县``), and so is a body named after one: ``县委`` in an article about 沭阳县 =
``中共沭阳县委`` = ``沭阳县委``; ``县政府`` = ``县人民政府``. Other names are resolved within the
article's city, where these are one entity:

* a bracketed alias: ``高新区（示范区）`` = ``高新区`` = ``示范区``, and so
  ``高新区（示范区）党工委`` = ``示范区党工委``;
* the city written before a name: ``焦作高新区`` = ``高新区``; ``中共焦作市委`` = ``焦作市委``;
* a place with or without 市 or 省, a project with or without 项目;
* a short form and the one longer name its article gives it (``党工委`` → ``高新区（示范区）党工委``), or the
  district the article names most (``区住建局``).

Each entity says why its names are one (:attr:`Entity.notes`, written as ``kg:resolvedBy``), and a person
where they were resolved (:attr:`Entity.jurisdiction`, ``kg:jurisdiction``).

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
>>> city = r.of(art, "焦作", Kind.AREA)
>>> city.iri, city.notes
('https://w3id.org/govkg/resource/administrativearea/河南省/焦作市', ('division 4108 of the NBS table: 河南省焦作市',))
"""
from __future__ import annotations

import hashlib
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from urllib.parse import quote

from .extract.places import chain
from .names.gazetteer import Division, ancestors, by_code, city, nested, path, place, places_leading, province, \
    short_name
from .lexicon import alternation
from .locality import Locality, locate, paper_of
from .names import LEVEL_WORDS, Level, division_suffixes, ending_class, is_generic, level_of_suffix, without_asides
from .model import BODY_KINDS, Article, ArticleFacts, Event, Kind, Membership
from .nlp.entities import classify, name_ending
from .text import normalize
from .vocab import RESOURCE

__all__ = ["Entity", "Resolution", "resolve", "article_iri", "event_iri", "membership_iri"]

_FAMILY = {Kind.PERSON: "person", Kind.ORG: "organization", Kind.GOV: "organization",
           Kind.PLACE: "place", Kind.AREA: "place", Kind.PROJECT: "project"}
# The more specific kind wins when one entity is seen as both.
_RANK = {Kind.GOV: 2, Kind.ORG: 1, Kind.AREA: 2, Kind.PLACE: 1, Kind.PROJECT: 1, Kind.PERSON: 1}
# kinds asked of every mention, bound once (see kg.model.Kind)
_PERSON, _AREA, _ORG = Kind.PERSON, Kind.AREA, Kind.ORG
# an IRI's segment of each kind (Kind's value is read through a Python descriptor)
_SEGMENT = {kind: kind.value.lower() for kind in Kind}
_UNPLACED_KINDS = frozenset({Kind.ORG, Kind.PLACE, Kind.PROJECT})  # what may also be named without its places
# a division written with its twin in brackets (高新区（示范区）): either name stands for both
_CITY_OR_COUNTY = rf"[^（）]{{2,}}?{ending_class(Level.CITY, Level.COUNTY)}"
_DIVISION_BRACKET = re.compile(rf"^(?P<a>{_CITY_OR_COUNTY})（(?P<b>{_CITY_OR_COUNTY})）(?P<rest>.*)$")
# a body named by its district's level word (区住建局, 旗民宗局)
_DISTRICT_WORD = re.compile(ending_class(Level.COUNTY))
_TRAILING_BRACKET = re.compile(r"^(?P<a>[^（）]{2,})（[^（）]+）$")
_BRACKETED_LAST = re.compile(r"（[^）]*）$")
_ENDS_AS_BODY = re.compile(f"(?:{'|'.join(division_suffixes())}|{alternation('gov_suffixes')})(?:（[^）]*）)?$")
# the country's bodies, one wherever they are written
_NATIONAL = re.compile(r"^(?:中共中央|党中央|中央|国务院|全国|国家)")
# a short form's level word (县委, 副县长, 市政协); not a word it starts (市场, 市民, 区域, 县城)
_LEVEL_START = re.compile(rf"^(?:常务)?副?({'|'.join(LEVEL_WORDS)})(?![场民域城级直属内外])")
_LEVEL_WORD = re.compile(f"^(?:{'|'.join(LEVEL_WORDS)})")
# a people's congress or a CPPCC committee named with its term (县十七届人大常委会 is the county's 人大常委会)
_TERM = re.compile(r"第?[一二三四五六七八九十百零\d]+届(?=人大|人民代表大会|政协|人民政治协商会议)")
_SAME_REST = {"政府": "人民政府"}  # 县政府 = 县人民政府
# a city or province with its suffix, a project with 项目 (compiled once, not looked up in re's cache each time)
_SUFFIXED_PLACE, _SUFFIXED_PROJECT = re.compile(r".{2,}[市省]"), re.compile(r".{2,}项目")
# what a name keeps in an IRI: letters and digits of any script (\w: str.isalnum, and _), and ·-_.
_ESCAPED_IN_IRI = re.compile(r"[^\w·\-.]")

# family, where it is resolved (a division's code; "" nowhere or, for a person, the country; "~" and a paper for a
# person placed nowhere), name
Key = tuple[str, str, str]


@dataclass
class Entity:
    """One resource: its IRI, kind, preferred label and other names; why its names are one (``notes``),
    for a person the division they were resolved in (``jurisdiction``: ``江苏省宿迁市``), for a division of the
    table its code (``division``)."""

    iri: str
    kind: Kind
    label: str
    aliases: set[str] = field(default_factory=set)
    notes: tuple[str, ...] = ()
    jurisdiction: str | None = None
    division: str | None = None  # a place of the divisions table: its code


def article_iri(article: Article) -> str:
    return f"{RESOURCE}article/{article.id}"


def event_iri(article: Article, event: Event) -> str:
    return f"{RESOURCE}event/{article.id}-{event.key}"


def membership_iri(article: Article, m: Membership) -> str:
    # one membership a reading: the same title read twice in an article is two, each with its evidence
    key = f"{article.id}|{m.person}|{m.title}|{m.observed}|{m.sentence.start}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:16]
    return f"{RESOURCE}membership/{digest}"


class Resolution:
    """Which entity each name of each article denotes."""

    def __init__(self) -> None:
        self._parent: dict[Key, Key] = {}
        self._count: dict[Key, int] = defaultdict(int)  # (a Counter's missing key is a Python method's call)
        self._kind: dict[Key, Kind] = {}
        self._articles: dict[str, _Article] = {}
        # each key's names as written, counted; plain dicts, as a Counter takes a microsecond and a half to make
        self._forms: dict[Key, dict[str, int]] = defaultdict(dict)
        self._extra_labels: dict[Key, set[str]] = defaultdict(set)
        self._canonical: set[Key] = set()  # keys the divisions table made: no other name joins them
        self._notes: dict[Key, set[str]] = defaultdict(set)
        self._entities: dict[Key, Entity] = {}  # by each group's root
        self._entity_of: dict[Key, Entity] = {}  # by every key of its group (what of() asks)
        self._keys: dict[tuple[str, str, Kind], Key] = {}  # every name is looked up once per triple
        self._people: _People = _People({})
        self._seen: dict[tuple[str, str], _Seen] = {}  # (article id, name) → how the article names the person
        self._jurisdiction: dict[Key, str] = {}
        self._division: dict[Key, str] = {}  # the code of each key the divisions table made of a place

    def _find(self, key: Key) -> Key:
        self._parent.setdefault(key, key)
        while self._parent[key] != key:
            self._parent[key] = self._parent[self._parent[key]]
            key = self._parent[key]
        return key

    def _union(self, a: Key, b: Key) -> None:
        self._parent[self._find(a)] = self._find(b)

    def _key(self, article_id: str, name: str, kind: Kind) -> Key:
        if (key := self._keys.get(asked := (article_id, name, kind))) is None:
            key = self._keys[asked] = self._read(article_id, normalize(name), kind)
        return key

    def _read(self, article_id: str, name: str, kind: Kind) -> Key:
        family = _FAMILY[kind]
        art = self._articles.get(article_id)
        if art is None:
            return (family, "", name)
        if kind == _PERSON:
            seen = self._seen.get((article_id, name)) or _Seen(art.here.division, [], None, paper=art.paper)
            person = self._people.of(name, seen)
            key = (family, person.scope, name)
            self._notes[key] |= person.notes
            if person.national or (person.scope and not person.scope.startswith("~")):
                self._jurisdiction[key] = _jurisdiction(person.scope)
            return key
        if family == "organization":
            return self._body(family, name, art)
        if family == "place" and (d := place(without_asides(name), near=[art.here.division])):
            key = (family, d.parent or "", d.name)
            if self._division.get(key) != d.code:  # (the division's path written once, not at each of its mentions)
                self._canonical.add(key)
                self._division[key] = d.code
                self._notes[key].add(f"division {d.code} of the NBS table: {path(d)}")
            return key
        return (family, art.scope, name)

    def _body(self, family: str, name: str, art: _Article) -> Key:
        """A body's key: the division it is of and its canonical name, where the name or the article tells."""
        if _NATIONAL.match(name):
            return (family, "", name)
        found = _division_of(name, art.here) if places_leading(name) else None
        # a short form is first the one longer name its article gives it, if of the article's place
        if found is None and (longer := art.longer(name)):
            of_longer = _division_of(longer, art.here)
            if of_longer is None or art.here.division is None or nested(of_longer[0], art.here.division):
                if of_longer is None:
                    key = (family, art.scope, longer)
                    self._notes[key].add(f"{name} read as the one {longer} its article names")
                    return key
                found = of_longer
        found = found or _division_of(name, art.here)
        if found is None:
            if _DISTRICT_WORD.match(name) and art.district and not name[1:].startswith(tuple(LEVEL_WORDS)):
                key = (family, art.scope, art.district + name[1:])
                self._notes[key].add(f"{name} read in the district its article names most, {art.district}")
                return key
            return (family, art.scope, name)
        d, rest = found
        canonical = d.name + _SAME_REST.get(rest, rest)
        key = (family, d.code, canonical)
        self._canonical.add(key)
        if name != canonical:
            written = d.name in name or (short_name(d) or d.name) in name
            self._notes[key].add(f"{name} = {canonical}" + ("" if written else f" in articles about {d.name}"))
        return key

    def of(self, article: Article, name: str, kind: Kind) -> Entity:
        """The entity ``name`` denotes in ``article``."""
        key = self._key(article.id, name, kind)
        if (found := self._entity_of.get(key)) is None:  # a name resolve() never saw: its own entity
            found = self._entities[key] = self._entity_of[key] = Entity(
                _iri(key, kind), kind, key[2], set(), tuple(sorted(self._notes[key])), self._jurisdiction.get(key),
                self._division.get(key))
        return found

    def locality(self, article: Article) -> Locality | None:
        """Where ``article`` was placed (:func:`kg.locality.locate`); ``None`` for one resolve() never read."""
        found = self._articles.get(article.id)
        return found.here if found else None

    def __iter__(self):
        return iter(self._entities.values())

    def _finish(self) -> None:
        groups: dict[Key, list[Key]] = defaultdict(list)
        for key in self._parent:
            groups[self._find(key)].append(key)
        nothing: tuple = ()  # what a key has none of (no form, label or note): asked for, not made for each key
        for root, keys in groups.items():
            if len(keys) == 1:  # most groups: a key alone, whose own counts and names are the entity's
                best = keys[0]
                forms = self._forms.get(best, {})
                kind = self._kind.get(best, _ORG)
                names = {best[2], *forms, *self._extra_labels.get(best, nothing)}
                notes = self._notes.get(best, nothing)
                division = self._division.get(best)
            else:
                seen = [k for k in keys if self._count[k]] or keys
                best = max(seen, key=lambda k: (self._count[k], "（" in k[2], len(k[2]), k[2]))
                forms = {}  # the keys' forms counted together
                for k in keys:
                    for form, n in self._forms.get(k, {}).items():
                        forms[form] = forms.get(form, 0) + n
                kind = max((self._kind[k] for k in keys if k in self._kind), key=_RANK.get, default=_ORG)
                names = {k[2] for k in keys}.union(forms, *(self._extra_labels.get(k, nothing) for k in keys))
                notes = set().union(*(self._notes.get(k, nothing) for k in keys))
                division = next((self._division[k] for k in keys if k in self._division), None)
            if len(forms) > 1:
                label = max(forms, key=lambda f: (forms[f], "（" in f, len(f), f))
            else:
                label = next(iter(forms), best[2])
            names.discard(label)
            entity = self._entities[root] = Entity(_iri(best, kind), kind, label, names, tuple(sorted(notes)),
                                                   self._jurisdiction.get(best), division)
            self._entity_of.update(dict.fromkeys(keys, entity))


_HEADS = re.compile(r"(?:委|党委|党工委)书记|长")
# the country's leaders' titles, before or after their names (习近平总书记, 国务院总理李强): the two to four
# characters next to one (a name's candidates, which the names found are checked against)
_COUNTRY_TITLES = "总书记|国家主席|国务院总理|国务院副总理|全国人大常委会委员长|全国政协主席|中央政治局常委"
_COUNTRY_TITLE = re.compile(_COUNTRY_TITLES)
_NEXT_TO_COUNTRY_TITLE = re.compile(rf"(?:{_COUNTRY_TITLES})([\u4e00-\u9fff]{{2,4}})"
                                    rf"|([\u4e00-\u9fff]{{2,4}}?)(?:同志)?(?:{_COUNTRY_TITLES})")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")  # what a match of the one above lies within: it is all Chinese


def resolve(results: list[ArticleFacts]) -> Resolution:
    """Group every name of every article into entities (see the module's doc)."""
    localities = locate(results)
    r = Resolution()
    r._seen = _people_seen(results, localities)
    by_name: dict[str, list[_Seen]] = defaultdict(list)
    for (_, name), s in r._seen.items():
        by_name[name].append(s)
    r._people = _People(by_name)
    # the keys whose other names were joined, with the city they were read in (what those names depend on): joined
    # again, they would change nothing
    joined: set[tuple[Key, str | None]] = set()
    for res in results:
        art = r._articles[res.article.id] = _Article(res, localities[res.article.id])
        city = art.here.city
        # each name of the article once, with how often it is mentioned: what follows is the same for each mention
        for (text, kind), n in Counter([(m.text, m.kind) for m in res.mentions]).items():
            key = r._key(res.article.id, text, kind)
            r._find(key)
            r._count[key] += n
            forms = r._forms[key]
            forms[text] = forms.get(text, 0) + n
            if (was := r._kind.get(key)) is None or _RANK[kind] > _RANK[was]:  # (max's, the first of a tie)
                r._kind[key] = kind
            if kind in _UNPLACED_KINDS and (short := _unplaced(key[2])):
                r._extra_labels[key].add(short)  # 高新区实验中学 is also 实验中学, but keyed apart from others'
            if kind != _PERSON and key not in r._canonical and (key, city and city.code) not in joined:
                joined.add((key, city and city.code))
                for other, why in _union_keys(key[2], key[0], city).items():
                    r._notes[key].add(why)
                    r._union(key, (key[0], key[1], other))
    r._finish()
    return r


def _slug(name: str) -> str:
    """Chinese stays readable (IRIs allow it); anything else IRIs forbid is escaped."""
    return _ESCAPED_IN_IRI.sub(lambda c: quote(c[0], safe=""), name)


def _iri(key: Key, kind: Kind) -> str:
    _, scope, name = key
    return f"{RESOURCE}{_SEGMENT[kind]}/{_where(scope)}{_slug(name)}"


@cache
def _where(scope: str) -> str:
    """The IRI's path of a key's scope: the division's names from the province down, or ``~`` and the paper
    of a person placed nowhere."""
    if scope.startswith("~"):
        return f"~{_slug(scope[1:])}/"
    return "".join(f"{_slug(d.name)}/" for d in ancestors(by_code(scope))) if scope else ""


@cache  # a person's every name in every article is read in one of a few thousand places
def _jurisdiction(scope: str) -> str:
    """Where a person resolved in ``scope`` (a division's code, "" the country) was resolved (``kg:jurisdiction``)."""
    return path(by_code(scope)) if scope else "全国"


def _place_in(heads: list[str], near: Division | None) -> Division | None:
    """The innermost of the division names ``heads`` (written one after another), each read in the one before."""
    found = None
    for head in heads:
        found = place(head, near=[found or near])
        if found is None:
            return None
    return found


def _division_of(name: str, here: Locality) -> tuple[Division, str] | None:
    """The division a body's or title's name is of, and the rest of the name: the division it starts with
    (``中共沭阳县委``), or the one of the article's place its level word means (``县委``, ``副县长``)."""
    # what the answer depends on of the place (Locality.at's), by code: the same bodies' and titles' names are asked of
    # in article after article of a place, and a Locality's hash is a Python function's
    return _division_in(name, here.division.code if here.division else None, here.names_city)


@lru_cache(maxsize=1 << 14)
def _division_in(name: str, code: str | None, names_city: bool) -> tuple[Division, str] | None:
    """:func:`_division_of` in the division ``code``, naming its city or not."""
    here = Locality(by_code(code) if code else None, names_city=names_city)
    heads = places_leading(name)
    if heads:
        found = _place_in(heads, here.division)
        rest = name.removeprefix("中共")[sum(map(len, heads)):]
        return (found, rest) if found and rest else None
    level = _LEVEL_START.match(name)
    if level and (found := here.at(level[1])) and name[level.end():]:
        return found, name[level.end():]
    return None


class _Article:
    """What names are read against in one article: its place, its bodies, the district it names most."""

    def __init__(self, result: ArticleFacts, here: Locality):
        self.here = here
        self.scope = here.city.code if here.city else ""  # where names of no division of their own are resolved
        self.paper = _paper(result.article)
        names = result.normalized_mentions
        self.bodies = [name for name, kind in names if kind in BODY_KINDS]
        districts = Counter(name for name, kind in names if kind == _AREA and _is_district(name))
        self.district = max((n, name) for name, n in districts.items())[1] if districts else ""

    def longer(self, name: str) -> str | None:
        """The one longer body the article names that ends with the short form ``name`` (``党工委``)."""
        if len(name) > 6:
            return None
        found = {b for b in self.bodies if b != name and b.endswith(name)}
        return found.pop() if len(found) == 1 else None


@dataclass(frozen=True)
class _Held:
    """A title held: its division, whether it heads it (书记, 县长; not 副县长), and the day it was seen."""

    division: Division
    head: bool
    when: date | None


@dataclass
class _Seen:
    """One article's mentions of one person's name: where the article or the titles place them, and when."""

    where: Division | None
    titled: list[_Held]
    when: date | None
    national: bool = False  # named with a title of the country's (总书记, 国务院总理)
    paper: str = ""  # the paper or site that printed it (:func:`_paper`)


@dataclass
class _Person:
    """One person of a name: the division they are resolved in, why, and the titles held (by division and
    whether they head it) with the days seen."""

    scope: str  # a division's code, "" for the whole country, "~" and a paper for nowhere that paper tells
    notes: set[str] = field(default_factory=set)
    spans: dict[tuple[str, bool], list[date]] = field(default_factory=dict)
    national: bool = False


def _deepest(divisions: list[Division]) -> Division | None:
    """The innermost of divisions that nest, else the first."""
    if not divisions:
        return None
    inner = max(divisions, key=lambda d: d.level)
    return inner if all(nested(inner, d) for d in divisions) else divisions[0]


def _scope(d: Division | None) -> Division | None:
    """Where a person placed at ``d`` is resolved: its city, or its province."""
    return None if d is None else city(d) or province(d)


def _conflict(a: tuple[str, bool], days_a: list[date], b: tuple[str, bool], days_b: list[date]) -> bool:
    """Whether one person cannot have held both titles: in two divisions neither of which contains the other,
    or heading two divisions (a province's 省委书记 is no district's 区长), at the same time: seen on one day,
    or in turns (A, B, A, B: a move and a move back is one turn too few)."""
    if a[0] == b[0] or not days_a or not days_b:
        return False
    if nested(by_code(a[0]), by_code(b[0])) and not (a[1] and b[1]):
        return False
    seen = sorted([(d, 0) for d in set(days_a)] + [(d, 1) for d in set(days_b)])
    turns = sum(x[1] != y[1] for x, y in zip(seen, seen[1:]))
    return turns >= 3 or bool(set(days_a) & set(days_b))


def _careers(spans: dict[tuple[str, bool], list[date]]) -> list[list[tuple[str, bool]]]:
    """Titles of one name grouped into people: none two of whose titles conflict (:func:`_conflict`); a title
    joins the career it fits that was seen last."""
    people: list[list[tuple[str, bool]]] = []
    for held in sorted(spans, key=lambda h: (min(spans[h], default=date.max), h)):
        fits = [p for p in people if not any(_conflict(held, spans[held], o, spans[o]) for o in p)]
        if fits:
            max(fits, key=lambda p: max((d for o in p for d in spans[o]), default=date.min)).append(held)
        else:
            people.append([held])
    return people


class _People:
    """Every person of every name (see the module's doc)."""

    def __init__(self, seen: dict[str, list[_Seen]]):
        self.people: dict[str, list[_Person]] = {}
        self.placed: dict[tuple[str, int], _Person] = {}  # (name, id of a _Seen) → its person
        for name, occurrences in seen.items():
            self.people[name] = self._resolve(name, occurrences)

    def _resolve(self, name: str, occurrences: list[_Seen]) -> list[_Person]:
        by_city: dict[str, list[_Seen]] = defaultdict(list)
        above, nowhere = [], []
        # the country's leaders are one wherever named; a city's mentions with no title anywhere are theirs
        nation = _Person("", {f"a title of the country's: one {name} across it"}, national=True) \
            if any(s.national for s in occurrences) else None
        for s in occurrences:
            scope = _scope(s.where)
            if s.national:
                self.placed[(name, id(s))] = nation
            elif scope is None:
                nowhere.append(s)
            elif scope.level == 1 and not scope.name.endswith("市"):  # a province, not a municipality
                above.append(s)
            else:
                by_city[scope.code].append(s)
        people: list[_Person] = [nation] if nation else []
        for code in sorted(by_city):
            if nation and not any(s.titled for s in by_city[code]):
                nation.notes.add(f"mentions with no title join the {name} of the country")
                self.placed.update({(name, id(s)): nation for s in by_city[code]})
            else:
                people += self._within(name, code, by_city[code])
        by_province: dict[str, list[_Seen]] = defaultdict(list)
        for s in above:
            by_province[province(s.where).code].append(s)
        for code, seen in sorted(by_province.items()):
            home, spans = by_code(code), _spans(seen)
            mine = [p for p in people if p.scope and p.scope.startswith(code)]
            if len(mine) == 1 and not any(_conflict(a, spans[a], b, mine[0].spans[b])
                                          for a in spans for b in mine[0].spans):
                mine[0].notes.add(f"titles of {home.name} join the only {name} of its cities")
                _add(mine[0].spans, spans)
                self.placed.update({(name, id(s)): mine[0] for s in seen})
            else:
                for s in seen:
                    self._own(name, people, code, s, f"same name within {home.name}, no city told")
        printed: dict[int, set[str]] = defaultdict(set)  # the papers each person was read in
        for s in occurrences:
            if (name, id(s)) in self.placed:
                printed[id(self.placed[(name, id(s))])].add(s.paper)
        for s in nowhere:
            mine = [p for p in people if s.paper in printed[id(p)]]
            if nation and not s.titled:
                self.placed[(name, id(s))] = nation
            elif len(mine) == 1:
                mine[0].notes.add(f"articles of {s.paper} placing {name} nowhere join the one it places")
                self.placed[(name, id(s))] = mine[0]
            else:
                self._own(name, people, "~" + s.paper, s, f"placed nowhere: one {name} within {s.paper}")
        return people

    def _own(self, name: str, people: list[_Person], scope: str, s: _Seen, note: str) -> None:
        person = next((p for p in people if p.scope == scope), None)
        if person is None:
            person = _Person(scope, {note})
            people.append(person)
        _add(person.spans, _spans([s]))
        self.placed[(name, id(s))] = person

    def _within(self, name: str, code: str, occurrences: list[_Seen]) -> list[_Person]:
        """The people of one name in one city: one, unless titles that conflict tell two or more apart."""
        spans = _spans(occurrences)
        careers = _careers(spans) or [[]]
        where = path(by_code(code))
        if len(careers) == 1:
            person = _Person(code, {f"same name within {where}"}, spans)
            counties = {h[0] for h in spans if by_code(h[0]).level >= 3}
            apart = sorted(c for c in counties if not any(c != o and nested(by_code(c), by_code(o)) for o in counties))
            if len(apart) > 1:
                places = "、".join(by_code(c).name for c in apart)
                person.notes.add(f"titles in {places} at different times: one career")
            for s in occurrences:
                self.placed[(name, id(s))] = person
            return [person]
        people = []
        for career in careers:
            others = "、".join(dict.fromkeys(by_code(c[0][0]).name for c in careers if c is not career))
            # the IRI's place: the innermost division of the career's first title
            people.append(_Person(career[0][0], {f"same name within {where}, told apart by titles held at the same "
                                                 f"time in {others}"}, {h: spans[h] for h in career}))
        for s in occurrences:
            self.placed[(name, id(s))] = self._which(people, s)
        return people

    @staticmethod
    def _which(people: list[_Person], s: _Seen) -> _Person:
        """Which of a city's people of one name ``s`` is: the one holding its titles, else one whose titles'
        divisions nest with the article's place, else the one seen nearest its day, else the first."""
        for held in s.titled:
            holder = [p for p in people if (held.division.code, held.head) in p.spans]
            if holder:
                return holder[0]
        if s.where is not None and s.where.level >= 3:
            around = [p for p in people
                      if any(by_code(c).level >= 3 and nested(s.where, by_code(c)) for c, _ in p.spans)]
            if len(around) == 1:
                return around[0]
        if s.when is not None:
            def distance(p: _Person) -> int:
                return min((abs((d - s.when).days) for days in p.spans.values() for d in days), default=1 << 30)
            return min(people, key=distance)
        return people[0]

    def of(self, name: str, s: _Seen) -> _Person:
        """The person ``s`` is (one seen when resolving, or a name looked up later, placed as an article
        that names it without a title)."""
        if (name, id(s)) in self.placed:
            return self.placed[(name, id(s))]
        people = self.people.setdefault(name, [])
        scope = _scope(s.where)
        if not s.titled and (nation := next((p for p in people if p.national), None)):
            return nation
        if scope is None:
            mine = [p for p in people if p.scope == "~" + s.paper]
        else:
            mine = [p for p in people if p.scope[:1].isdigit() and nested(scope, by_code(p.scope))]
        if mine:
            return self._which(mine, s)
        person = _Person(scope.code if scope else "~" + s.paper, {"same name, looked up alone"})
        people.append(person)
        return person


def _spans(occurrences: list[_Seen]) -> dict[tuple[str, bool], list[date]]:
    """The titles held, by division and whether they head it, with the days seen."""
    spans: dict[tuple[str, bool], list[date]] = defaultdict(list)
    for s in occurrences:
        for held in s.titled:
            spans[(held.division.code, held.head)] += [held.when] if held.when else []
    return dict(spans)


def _add(spans: dict[tuple[str, bool], list[date]], more: dict[tuple[str, bool], list[date]]) -> None:
    for held, days in more.items():
        spans.setdefault(held, []).extend(days)


@lru_cache(maxsize=1 << 16)  # a name is mentioned again and again
def _is_district(name: str) -> bool:
    """Whether ``name`` is a county-level division's or a zone's (甘州区, 鹿鸣旗, 高新区（示范区）), by its level:
    not a community's (李官社区) nor a province's (内蒙古自治区), though they end with 区 too."""
    return level_of_suffix(_BRACKETED_LAST.sub("", name)) in (Level.COUNTY, Level.ZONE)


@lru_cache(maxsize=1 << 16)  # a name is mentioned again and again
def _unplaced(name: str) -> str | None:
    """The name without the places it starts with (宁夏银川兴庆区富洋烧烤店 → 富洋烧烤店), if it
    still names a thing of its own."""
    places = chain(name, set())
    rest = name[sum(map(len, places)):]
    # only after a county or a smaller division (L3): 焦作日报社 is not 日报社, nor 文昌社区卫生服务中心 卫生服务中心;
    # and what is left must name one thing (马当镇太泊湖排涝站 → 太泊湖排涝站, not 某镇|中心小学)
    if not places or (level_of_suffix(places[-1]) or 0) < Level.COUNTY or classify(rest, "") is None:
        return None
    ending = name_ending(rest)
    return rest if ending and ending.start() >= 2 and not is_generic(rest[:ending.start()], adjectives=True) else None


def _union_keys(name: str, family: str, here: Division | None) -> dict[str, str]:
    """Other names that certainly denote the same thing, wherever they are written, each with why."""
    keys: dict[str, str] = {}
    m = _DIVISION_BRACKET.match(name)
    if m:
        for other in (m["a"] + m["rest"], m["b"] + m["rest"]):
            keys[other] = f"bracketed double name: {name} = {m['a'] + m['rest']} = {m['b'] + m['rest']}"
    elif family == "place" and (t := _TRAILING_BRACKET.match(name)):
        keys[t["a"]] = f"bracketed double name: {name} = {t['a']}"
    written = short_name(here) if here else None
    for plain in [name, *keys]:
        if plain.startswith("中共") and len(plain) > 4:
            keys.setdefault(plain[2:], f"{plain} = {plain[2:]}")
        rest = plain[len(written):] if written and plain.startswith(written) else ""
        # 焦作高新区 = 高新区, but 焦作市委 is the city's own (市委 names every city's)
        if len(rest) >= 2 and not rest.startswith(tuple(LEVEL_WORDS)) and _ENDS_AS_BODY.search(rest):
            keys.setdefault(rest, f"the city before a name: {plain} = {rest} within {here.name}")
    if family == "organization" and (term := _TERM.search(name)):
        plain = name[:term.start()] + name[term.end():]
        keys.setdefault(plain, f"a congress named with its term: {name} = {plain}")
    if family == "place" and _SUFFIXED_PLACE.fullmatch(name):
        keys[name[:-1]] = f"{name} = {name[:-1]}"  # a city or province with or without its suffix
    if family == "project" and _SUFFIXED_PROJECT.fullmatch(name):
        keys[name[:-2]] = f"{name} = {name[:-2]}"  # 恒大翡翠华庭项目 = 恒大翡翠华庭
    keys.pop(name, None)
    return keys


def _named_with_country_titles(text: str) -> set[str]:
    """What stands right after or right before a title of the country's in ``text`` (a name starts the first,
    ends the second)."""
    if not _COUNTRY_TITLE.search(text):  # most articles: the search below tries every character
        return set()
    # only in the runs of Chinese holding a title, each searched alone as the whole text was: a match is in one
    return {m[1] or m[2] for run in _HAN_RUN.findall(text) if _COUNTRY_TITLE.search(run)
            for m in _NEXT_TO_COUNTRY_TITLE.finditer(run)}


def _held(title: str, here: Locality, when: date | None) -> _Held | None:
    """The division a title is of (``宿迁市市长``; ``县委书记`` in an article about a county), whether it heads
    it, and the day it was seen."""
    found = _division_of(title, here)
    if found is None:
        return None
    rest = _LEVEL_WORD.sub("", found[1])
    return _Held(found[0], "副" not in title and _HEADS.fullmatch(rest) is not None, when)


def _paper(article: Article) -> str:
    """The paper or site that printed an article, as the same on any machine: its source (a site by its host),
    else its file's name."""
    key = paper_of(article.source, article.path)
    return key if article.source else os.path.basename(key)


def _people_seen(results: list[ArticleFacts], localities: dict[str, Locality]) -> dict[tuple[str, str], _Seen]:
    """How each article names each person: where its titles and its place put them, and when."""
    seen: dict[tuple[str, str], _Seen] = {}
    for r in results:
        here = localities[r.article.id]
        titled: dict[str, list[_Held]] = defaultdict(list)
        for ms in r.memberships:
            if held := _held(normalize(ms.full_title or ms.title), here, ms.observed or r.article.date):
                titled[normalize(ms.person)].append(held)
        national = {normalize(ms.person) for ms in r.memberships if _NATIONAL.match(normalize(ms.title))}
        national |= _named_with_country_titles(r.normalized_text)
        # those one a line: a name starts one where written after a line break, ends one where before (searched in C)
        lines = "\n" + "\n".join(national) + "\n" if national else ""
        names = [name for name, kind in r.normalized_mentions if kind == _PERSON]
        names += map(normalize, r.article.authors + r.article.contributors + [ms.person for ms in r.memberships])
        paper = _paper(r.article)
        for name in dict.fromkeys(names):
            held = titled.get(name, [])
            where = _deepest([h.division for h in held]) if held else here.division
            when = r.article.date or next((h.when for h in held if h.when), None)
            seen[(r.article.id, name)] = _Seen(where, held, when, bool(lines) and (f"\n{name}" in lines
                                                                                    or f"{name}\n" in lines), paper)
    return seen
