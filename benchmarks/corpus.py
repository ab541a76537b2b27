"""Corpora of N× the seeds for the build benchmarks: the seeds themselves, then generated variations.

    python -m benchmarks.corpus DEST --copies 100 [--seed 0]

writes ``DEST/0001/`` … ``DEST/0100/``, each holding the five seed pages in the
format of ``seeds/`` (``.txt`` newspaper pages, read by ``kg build DEST``).
Copy 1 is the seeds as they are. Every other copy is a variation of them, made
with a random generator seeded by ``(seed, copy)``, so the same arguments
always write the same corpus:

* every person the shipped pipeline finds in the seeds, and every reporter, gets
  another name of the same length (a surname of ``kg/lexicons/surnames.txt``,
  given-name characters of the seeds' people);
* the city the seeds are about (焦作, the one of ``kg/lexicons/gazetteer.txt`` they
  name most) becomes another city of the gazetteer, and every district, county,
  street, town, village and community in it gets another name (the same ending,
  区 镇 村 …, after characters of place names);
* months and days are shifted, never by 0 (``6月25日`` → ``9月3日``); years stay, as
  they decide which year every date is in;
* every other figure is renumbered, with as many digits.

A name or date is swapped the same way all through a copy, so a copy's articles
still speak of the same people at the same meetings, and the extraction sees
realistic text. Every article of a variation differs from its seed, so no cache
can reuse the work done on another, but for two that hold nothing of the above (a
heading alone, a paragraph split off its article): ``kg build`` reads those once,
as any article printed twice. A photo caption whose only variable is its date has
297 variants, so beyond a few hundred copies a few of them repeat too: a build of
N copies reads about 54 × N + 2 distinct articles of the N × 56 written. (A corpus
also shares its first copies with a smaller one of the same ``seed``.)

Generating is plain regular-expression substitution: about a second a hundred
copies, after a few seconds to find the seeds' names with the pipeline.

    python -m benchmarks.corpus DEST --namesakes 2000 [--seed 0]

writes instead a corpus whose truth is known by construction, for resolution
(:func:`write_namesakes`, scored by ``benchmarks/resolution.py``): JSONL records
of the papers of a few real cities of the divisions table, 2019 to 2023, and
``truth.jsonl``, which person or body every name written in each record is.

* A home city's officials (city, county and town leaders) appear in many
  articles of two papers: one named for the city (``X日报``), one a site whose
  address tells nothing; its articles name the city or not (``市委书记``,
  ``X市委书记``), and its counties' and towns' articles name their county or
  town (``县委书记`` after ``本报Y讯``, ``Y县委书记``, ``我县``). Each spring some
  officials move: to the same post in another county, between county and
  city, between town and county; their titles change with the date.
* The provinces' leaders visit their cities (``省委书记``, ``X省委书记``).
* Other people share their names: officials of another city of the province
  and of cities of other provinces (each city with its own paper), one
  province's leader and another's, two papers' reporters, the home province's
  governor and a home county's head, and, in the home city, two officials of
  one name holding posts in two counties at once.
* Bodies are written in every form a paper uses: ``县委``, ``Y县委``, ``中共Y县委``,
  ``县政府``, ``Y县人民政府``, ``市委``, ``镇党委`` …, each the body of one division.

>>> import shutil, tempfile
>>> tmp = Path(tempfile.mkdtemp())
>>> info = write_corpus(tmp / "corpus", copies=2)
>>> info.files, info.articles == 2 * len(seed_articles())
(10, True)
>>> sorted(p.name for p in (tmp / "corpus").iterdir())
['0001', '0002']
>>> shutil.rmtree(tmp)
"""
from __future__ import annotations

import argparse
import json
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from kg.articles import split_document
from kg.errors import Errors, KgError
from kg.executors.local import extract_articles
from kg.names.gazetteer import Division, by_code, short_name
from kg.lexicon import divisions, words
from kg.model import Article, Document, Kind
from kg.pipeline import SEEDS
from kg.read import read_inputs

__all__ = ["write_corpus", "CorpusInfo", "seed_articles", "vary", "write_namesakes", "NamesakesInfo"]

# endings of the divisions below the city, whose names are local news' own (the city is swapped on its own)
_BELOW_CITY = ("街道", "社区", "区", "县", "旗", "镇", "乡", "村")
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
_FIRST_YEAR, _LAST_YEAR = 1900, 2099  # four-digit figures in this range are years, which decide dates: kept


@dataclass(frozen=True)
class CorpusInfo:
    """What :func:`write_corpus` wrote."""

    dest: Path
    copies: int
    seed: int
    files: int
    articles: int  # on the pages: the seeds' articles × copies (a variation keeps every article of its page)
    chars: int  # characters of all pages written


@dataclass(frozen=True)
class _Material:
    """What the variations are made of: what to swap in the seed pages, and what to swap in."""

    people: tuple[str, ...]
    city: str
    cities: tuple[str, ...]  # the other cities of the gazetteer, as long as ``city``
    places: tuple[tuple[str, str], ...]  # (stem, ending)
    surnames: str
    given: str  # characters of the seeds' given names
    place_chars: str
    pattern: re.Pattern


@cache
def _seed_pages() -> tuple[Document, ...]:
    return tuple(d for d in read_inputs([SEEDS]) if isinstance(d, Document))


@cache
def seed_articles() -> tuple[Article, ...]:
    """The articles of the bundled seeds, as ``kg build`` splits them."""
    return tuple(a for d in _seed_pages() for a in split_document(d))


def _surname_length(name: str) -> int:
    return 2 if name[:2] in words("surnames") else 1


@cache
def _material() -> _Material:
    """What to swap: the people and places the shipped pipeline finds in the seeds, their city; found once."""
    cities = sorted(words("gazetteer") - words("provinces"))
    city = max(cities, key=lambda c: sum(page.text.count(c) for page in _seed_pages()))
    people, places = set(), set()
    for result in extract_articles(seed_articles()):
        people.update(result.article.authors)
        for m in result.mentions:
            if not _HAN_ONLY.fullmatch(m.text):
                continue
            if m.kind is Kind.PERSON:
                people.add(m.text)
            elif m.kind is Kind.AREA:
                ending = next((e for e in _BELOW_CITY if m.text.endswith(e)), None)
                # 乡村, 社区 are words, not names; 焦作高新区 is 焦作 (swapped as the city) and 高新区
                if ending and len(m.text) - len(ending) >= 2 and not m.text.startswith(city):
                    places.add((m.text[:-len(ending)], ending))
    # sorted: a set's order changes from run to run, and the corpus must not
    names = sorted(people | {stem + ending for stem, ending in places} | {city}, key=lambda n: (-len(n), n))
    return _Material(
        people=tuple(sorted(people)),
        city=city,
        cities=tuple(c for c in cities if len(c) == len(city) and c != city),
        places=tuple(sorted(places)),
        surnames="".join(sorted(s for s in words("surnames") if len(s) == 1)),
        given="".join(sorted({c for p in people for c in p[_surname_length(p):]})),
        place_chars="".join(sorted({c for name in [stem for stem, _ in places] + cities for c in name})),
        # longest names first, so 高新区 wins over a shorter name inside it
        pattern=re.compile("(?P<name>" + "|".join(map(re.escape, names)) + ")"
                           r"|(?P<date>(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日)?)|(?P<figure>\d+)"),
    )


class _Variation:
    """The swaps of one copy: names, months and days drawn once, so each is swapped the same way all through
    the copy; figures drawn afresh each time."""

    def __init__(self, material: _Material, rng: random.Random):
        self.rng = rng
        # shifted, never by 0, so that no date stays as it was
        month_shift, day_shift = rng.randint(1, 11), rng.randint(1, 27)
        self.months = {m: (m - 1 + month_shift) % 12 + 1 for m in range(1, 13)}
        self.days = {d: (d - 1 + day_shift) % 28 + 1 for d in range(1, 32)}
        self.names = {material.city: rng.choice(material.cities)}
        for person in material.people:
            surname = rng.choice(material.surnames)
            self.names[person] = surname + self._draw(material.given, len(person) - 1)
        for stem, ending in material.places:
            self.names[stem + ending] = self._draw(material.place_chars, len(stem)) + ending

    def _draw(self, pool: str, k: int) -> str:
        return "".join(self.rng.choices(pool, k=k))

    def __call__(self, m: re.Match) -> str:
        if m["name"]:
            return self.names[m["name"]]
        if m["date"]:
            month = str(self.months.get(int(m["month"]), m["month"]))
            return f"{month}月{self.days.get(int(m['day']), m['day'])}日" if m["day"] else f"{month}月"
        figure = m["figure"]
        if len(figure) == 4 and _FIRST_YEAR <= int(figure) <= _LAST_YEAR:
            return figure
        while (renumbered := str(self.rng.randint(1, 9)) + self._draw("0123456789", len(figure) - 1)) == figure:
            pass
        return renumbered


def vary(texts: list[str], copy: int, seed: int = 0) -> list[str]:
    """``texts`` as copy number ``copy`` (from 1) of the corpus of ``seed`` has them; copy 1 is unchanged.

    >>> vary(["6月25日，吕沛主持会议。"], 1)
    ['6月25日，吕沛主持会议。']
    >>> vary(["6月25日，吕沛主持会议。"], 2) != vary(["6月25日，吕沛主持会议。"], 3)
    True
    """
    if copy == 1:
        return list(texts)
    material = _material()
    swap = _Variation(material, random.Random(f"{seed}:{copy}"))
    return [material.pattern.sub(swap, t) for t in texts]


def write_corpus(dest: Path, copies: int, seed: int = 0) -> CorpusInfo:
    """Write ``copies`` copies of the seed pages into ``dest`` (which must not hold files yet): the seeds,
    then variations (the module's docstring says which). Raises :class:`KgError` if ``dest`` is anything but
    a new or empty directory, or ``copies`` is below 1."""
    if copies < 1:
        raise KgError(Errors.E090.format(copies=copies))
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise KgError(Errors.E091.format(path=dest))
    names, texts = [Path(d.path).name for d in _seed_pages()], [d.text for d in _seed_pages()]
    width = max(4, len(str(copies)))
    files = chars = 0
    for copy in range(1, copies + 1):
        folder = dest / f"{copy:0{width}d}"
        folder.mkdir(parents=True)
        for name, text in zip(names, vary(texts, copy, seed)):
            (folder / name).write_text(text, encoding="utf-8")
            files += 1
            chars += len(text)
    return CorpusInfo(dest=dest, copies=copies, seed=seed, files=files, articles=copies * len(seed_articles()),
                      chars=chars)


# --- the namesakes corpus: resolution's truth by construction ---------------------------------------------------

_FIRST_DAY, _LAST_DAY = date(2019, 1, 1), date(2023, 12, 31)
# common surnames and given-name characters, which no rule reads as words
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金廖贾夏韦方邹孟熊秦邱尹薛段雷侯史陶贺顾毛郝龚邵钱严武戴孔汤"
_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚华建国志文海红玉林春晓东辉鹏斌宇浩凯俊峰亮波宁琳雪梅飞云兰新永庆光德荣义福忠"
# a division's posts, {L} its level word (市, 县, 区, 镇, 乡): secretary, head, deputy secretary, deputy heads
_POSTS = {1: ("{L}委书记", "{L}长"),
          2: ("{L}委书记", "{L}长", "{L}委副书记", "常务副{L}长", "副{L}长"),
          3: ("{L}委书记", "{L}长", "{L}委副书记", "常务副{L}长", "副{L}长"),
          4: ("{L}党委书记", "{L}长")}
_TOPICS = ("乡村振兴", "安全生产", "防汛抗旱", "招商引资", "城市更新", "人居环境整治", "秋粮收购", "森林防火",
           "文明城市创建", "重点项目建设")
_UNITS = ("住建局", "财政局", "教育局", "农业农村局", "应急管理局")


@dataclass(frozen=True)
class NamesakesInfo:
    """What :func:`write_namesakes` wrote: ``articles`` records in ``files`` JSONL files (one a paper), about
    ``people`` people of whom ``shared`` share their name with someone else, and ``truth.jsonl``."""

    dest: Path
    articles: int
    files: int
    people: int
    shared: int
    seed: int


@dataclass(frozen=True)
class _Post:
    division: Division
    title: str  # with {L}

    def written(self, explicit: bool) -> str:
        """The title as an article writes it: ``县委书记``, or with its division, ``沭阳县委书记``, ``沭阳县县长``."""
        short = self.title.format(L=self.division.name[-1])
        if not explicit:
            return short
        return self.division.name + (short[1:] if self.title.startswith("{L}") and "委" in short[:3] else short)

    def body(self, explicit: bool) -> tuple[str, str] | None:
        """The body the title names, as written, and which it is (``沭阳县委``, ``321322:委``)."""
        for stem in ("党委", "委"):
            if self.title.startswith("{L}" + stem):
                written = (self.division.name if explicit else self.division.name[-1]) + stem
                return written, f"{self.division.code}:{stem}"
        return None


@dataclass
class _City:
    division: Division
    paper: str  # the record's source
    counties: list[Division]
    towns: dict[str, list[Division]]  # county code → its towns
    posts: list[_Post] = field(default_factory=list)


@cache
def _children() -> dict[str, list[Division]]:
    found: dict[str, list[Division]] = defaultdict(list)
    for d in divisions().values():
        if d.parent:
            found[d.parent].append(d)
    return found


def _towns(county: Division) -> list[Division]:
    return [t for t in _children()[county.code] if re.fullmatch(r"[\u4e00-\u9fff]{2,4}[镇乡]", t.name)]


def _usable(c: Division) -> list[Division]:
    """A city's counties and districts with two towns or more, their names and their towns' written once in the
    city."""
    counties = [d for d in _children()[c.code] if re.fullmatch(r"[\u4e00-\u9fff]{2,4}[县区]", d.name)]
    names = [t.name for d in counties for t in _towns(d)] + [d.name for d in counties]
    return [d for d in counties if len(_towns(d)) >= 2 and names.count(d.name) == 1
            and all(names.count(t.name) == 1 for t in _towns(d))]


class _World:
    """The cities, their posts, who holds which when, and the names."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        cities = sorted((d for d in divisions().values() if d.level == 2 and d.name.endswith("市") and short_name(d)
                         and by_code(d.parent).name.endswith("省") and len(_usable(d)) >= 4), key=lambda d: d.code)
        home = rng.choice(cities)
        sibling = rng.choice([c for c in cities if c.parent == home.parent and c != home])
        far = rng.sample(sorted({c.parent for c in cities} - {home.parent}), 2)
        others = [sibling, *(rng.choice([c for c in cities if c.parent == p]) for p in far)]
        self.home = self._city(home, 4, f"{short_name(home)}日报")
        # the home city's second paper: a site whose address says nothing of its city
        self.site = _City(home, f"https://www.news{rng.randint(1000, 9999)}.cn/", self.home.counties, self.home.towns,
                          self.home.posts)
        self.others = [self._city(c, 2, f"{short_name(c)}日报") for c in others]
        self.names: dict[int, str] = {}
        self.stints: dict[int, list[tuple[date, date, int]]] = defaultdict(list)  # post index → (from, to, person)
        self.posts: list[_Post] = []
        self.fixed: set[int] = set()
        self.reporters: dict[str, list[int]] = {}
        for c in (self.home, *self.others):
            self._staff(c)
        self.provinces = {c.division.parent: [_Post(by_code(c.division.parent), t) for t in _POSTS[1]]
                          for c in (self.home, *self.others)}
        for posts in self.provinces.values():
            for post in posts:
                self.fixed.add(len(self.posts))
                self.stints[len(self.posts)].append((_FIRST_DAY, _LAST_DAY, self._person()))
                self.posts.append(post)
        self._namesakes()
        for year in range(_FIRST_DAY.year + 1, _LAST_DAY.year + 1):
            for c in (self.home, *self.others):
                for day in sorted(date(year, 3, rng.randint(1, 28)) for _ in range(3 if c is self.home else 1)):
                    self._move(c, day)

    def _city(self, c: Division, n: int, paper: str) -> _City:
        counties = sorted(self.rng.sample(_usable(c), n), key=lambda d: d.code)
        towns = {k.code: sorted(self.rng.sample(_towns(k), 2), key=lambda d: d.code) for k in counties}
        posts = [_Post(c, t) for t in _POSTS[2]] + [_Post(k, t) for k in counties for t in _POSTS[3]]
        posts += [_Post(t, title) for k in counties for t in towns[k.code] for title in _POSTS[4]]
        return _City(c, paper, counties, towns, posts)

    def _person(self, name: str | None = None) -> int:
        pid = len(self.names)
        while name is None or (name in self.names.values() and pid not in self.names):
            name = self.rng.choice(_SURNAMES) + "".join(self.rng.choices(_GIVEN, k=self.rng.choice((1, 2, 2))))
            if name in self.names.values():
                name = None
        self.names[pid] = name
        return pid

    def _staff(self, c: _City) -> None:
        for post in c.posts:
            self.stints[len(self.posts)].append((_FIRST_DAY, _LAST_DAY, self._person()))
            self.posts.append(post)
        self.reporters[c.paper] = [self._person() for _ in range(3)]
        if c is self.home:
            self.reporters[self.site.paper] = [self._person() for _ in range(2)]

    def _namesakes(self) -> None:
        """Other cities' officials named as home ones, and two pairs in the home city holding posts in two
        counties at once (who never move)."""
        home = [i for i, p in enumerate(self.posts) if p in self.home.posts]
        taken: dict[str, set[str]] = defaultdict(set)  # the names another city already took: one each
        for c in self.others:
            for i, post in enumerate(self.posts):
                if post in c.posts and self.rng.random() < 0.4:
                    name = self.names[self._holder(self.rng.choice(home), _FIRST_DAY)]
                    if name not in taken[c.paper]:
                        taken[c.paper].add(name)
                        self.names[self._holder(i, _FIRST_DAY)] = name
        first, last = self.reporters[self.home.paper][0], self.reporters[self.others[1].paper][0]
        self.names[last] = self.names[first]
        # one province's leader and another's; the home province's head and a home county's, at the same time
        home_province, far = self.provinces[self.home.division.parent], self.provinces[self.others[1].division.parent]
        self.names[self._holder(self.posts.index(far[0]), _FIRST_DAY)] = \
            self.names[self._holder(self.posts.index(home_province[0]), _FIRST_DAY)]
        county_head = next(i for i, p in enumerate(self.posts) if p.division == self.home.counties[-1]
                           and p.title == "{L}长")
        self.names[self._holder(county_head, _FIRST_DAY)] = self.names[self._holder(self.posts.index(home_province[1]),
                                                                                     _FIRST_DAY)]
        self.fixed.add(county_head)
        counties = self.home.counties
        for a, b in ((counties[0], counties[1]), (counties[2], counties[3])):
            county = next(i for i, p in enumerate(self.posts) if p.division == a and p.title == "副{L}长")
            town = next(i for i, p in enumerate(self.posts) if p.division == self.home.towns[b.code][0]
                        and p.title == "{L}长")
            self.names[self._holder(town, _FIRST_DAY)] = self.names[self._holder(county, _FIRST_DAY)]
            self.fixed |= {county, town}

    def _holder(self, post: int, day: date) -> int:
        return next(pid for start, end, pid in self.stints[post] if start <= day <= end)

    def _move(self, c: _City, day: date) -> None:
        """Two officials of ``c`` swap posts on ``day``: the same post in the next county, a county's and the
        city's, a town's and its county's."""
        index = {p: i for i, p in enumerate(self.posts) if p in c.posts and i not in self.fixed}
        kind = self.rng.choice(("transfer", "city", "town"))
        level = {"transfer": 3, "city": 2, "town": 4}[kind]
        a = self.rng.choice(sorted((p for p in index if p.division.level == (3 if kind != "town" else 4)),
                                   key=lambda p: index[p]))
        if kind == "transfer":
            others = [p for p in index if p.division.level == 3 and p.title == a.title and p.division != a.division]
        elif kind == "city":
            others = [p for p in index if p.division.level == level]
        else:
            others = [p for p in index if p.division.code == a.division.parent]
        b = self.rng.choice(sorted(others, key=lambda p: index[p]))
        i, j = index[a], index[b]
        pi, pj = self._holder(i, day), self._holder(j, day)
        for post, newcomer in ((i, pj), (j, pi)):
            start, _, holder = self.stints[post][-1]
            self.stints[post][-1] = (start, day - timedelta(days=1), holder)
            self.stints[post].append((day, _LAST_DAY, newcomer))


class _Writer:
    """One record's text, with the truth of every name it writes."""

    def __init__(self, world: _World, day: date, doc: str):
        self.world, self.day, self.doc = world, day, doc
        self.truth: dict[tuple[str, str], str] = {}

    def _note(self, name: str, kind: str, truth: str) -> None:
        if self.truth.setdefault((name, kind), truth) != truth:
            raise ValueError("two of one name in one article")  # the generator draws another

    def person(self, pid: int) -> str:
        self._note(self.world.names[pid], "person", f"P{pid}")
        return self.world.names[pid]

    def official(self, post: _Post, explicit: bool) -> str:
        """The post's title and its holder's name on the day (``县委书记王强``)."""
        body = post.body(explicit)
        if body:
            self._note(*body[:1], "body", body[1])
        return post.written(explicit) + self.person(self.holder(post))

    def holder(self, post: _Post) -> int:
        return self.world._holder(self.world.posts.index(post), self.day)

    def body(self, division: Division, stem: str, written: str) -> str:
        self._note(written, "body", f"{division.code}:{'人民政府' if stem == '政府' else stem}")
        return written


def _post(c: _City, division: Division, title: str) -> _Post:
    return next(p for p in c.posts if p.division == division and p.title == title)


def _article(w: _Writer, c: _City, rng: random.Random, site: bool) -> tuple[str, str]:
    """A headline and text of one of the news kinds of a city's paper, naming the city or not."""
    md, topic = f"{w.day.month}月{w.day.day}日", rng.choice(_TOPICS)
    city, explicit = c.division, rng.random() < 0.5
    county = rng.choice(c.counties)
    town = rng.choice(c.towns[county.code])
    level, town_level = county.name[-1], town.name[-1]
    reporter = rng.choice(w.world.reporters[c.paper])
    # 本报讯 in a paper, none on a site; a county's or town's story may be filed from there (本报沭阳讯)
    credit = "" if site else f"（记者{w.person(reporter)}）"
    sec, mayor, deputy = (_post(c, city, t) for t in ("{L}委书记", "{L}长", "常务副{L}长"))
    k_sec, k_mayor, k_deputy = (_post(c, county, t) for t in ("{L}委书记", "{L}长", "副{L}长"))
    t_sec, t_mayor = (_post(c, town, t) for t in _POSTS[4])
    kind = rng.choice(("city meeting", "city visit", "city bodies", "province visit", "county meeting", "county visit",
                       "county bodies", "county host", "town meeting"))
    lead = "" if site else f"本报讯{credit}"
    if kind == "city meeting":
        text = (f"{lead}{md}，{w.official(sec, explicit)}主持召开全市{topic}工作会议。{w.official(mayor, explicit)}、"
                f"{w.official(deputy, False)}出席会议。{w.person(w.holder(sec))}强调，要压实责任，抓好落实。")
        return f"全市{topic}工作会议召开", text
    if kind == "city visit":
        text = (f"{lead}{md}，{w.official(mayor, explicit)}到{county.name}调研{topic}工作。"
                f"{w.official(k_sec, True)}陪同调研。{w.person(w.holder(mayor))}先后来到{town.name}、"
                f"{c.towns[county.code][0].name if town != c.towns[county.code][0] else c.towns[county.code][1].name}，"
                f"察看项目建设情况。")
        return f"{w.world.names[w.holder(mayor)]}到{county.name}调研", text
    if kind == "province visit":  # the province's leader in the city: 省委书记 of the province, 市委书记 of the city
        leader = rng.choice(w.world.provinces[city.parent])
        text = (f"{lead}{md}，{w.official(leader, explicit)}到{city.name if explicit else '我市'}调研{topic}工作，"
                f"{w.official(sec, False)}陪同。")
        return f"{w.world.names[w.holder(leader)]}来{short_name(city)}调研", text
    if kind == "city bodies":
        party = w.body(city, "委", rng.choice((f"中共{city.name}委", f"{city.name}委", "市委")))
        government = w.body(city, "政府", rng.choice((f"{city.name}人民政府", "市政府", "市人民政府")))
        text = (f"{lead}{md}，{party}、{government}召开全市{topic}工作推进会。{w.official(sec, explicit)}出席并讲话，"
                f"{w.official(deputy, explicit)}主持会议。")
        return f"全市{topic}工作推进会召开", text
    filed = "" if site else (f"本报{short_name(county) or county.name}讯{credit}" if rng.random() < 0.5 else lead)
    named = filed.startswith(f"本报{short_name(county) or county.name}")
    if kind == "county meeting":  # the county named in its dateline, or in the text
        where = "" if named else f"{county.name}召开会议，"
        text = (f"{filed}{md}，{where}{w.official(k_sec, not named and explicit)}主持召开全{level}{topic}工作会议。"
                f"{w.official(k_mayor, False)}、{w.official(k_deputy, False)}出席会议。"
                f"{w.person(w.holder(k_sec))}要求，我{level}各级各部门要狠抓落实。")
        return f"全{level}{topic}工作会议召开", text
    if kind == "county visit":
        text = (f"{filed}{md}，{w.official(k_mayor, True)}带队到{town.name}督导{topic}工作，"
                f"{w.official(t_sec, rng.random() < 0.5)}陪同。{w.person(w.holder(k_mayor))}指出，要细化措施，确保实效。")
        return f"{county.name}督导{topic}工作", text
    if kind == "county bodies":
        party = w.body(county, "委", rng.choice((f"中共{county.name}委", f"{county.name}委")))
        government = w.body(county, "政府", rng.choice((f"{county.name}人民政府", f"{county.name}政府")))
        units = [w.body(county, u, level + u) for u in rng.sample(_UNITS, 2)]
        text = (f"{filed}{md}，{party}、{government}召开{topic}工作推进会，{w.official(k_sec, False)}出席并讲话。"
                f"{units[0]}、{units[1]}负责同志参加会议。")
        return f"{county.name}部署{topic}工作", text
    if kind == "county host":  # a city leader in a county's story: 市委书记 of the city, 县委书记 of the county
        text = (f"{filed}{md}，{w.official(sec, False)}到{'我' + level if named else county.name}调研{topic}工作，"
                f"{w.official(k_sec, False)}陪同。")
        return f"{w.world.names[w.holder(sec)]}来{county.name}调研", text
    text = (f"{lead}{md}，{town.name}召开{topic}工作会议。{w.official(t_sec, False)}主持会议，"
            f"{w.official(t_mayor, False)}作工作部署。{w.body(town, '人大', town_level + '人大')}主席列席。")
    return f"{town.name}部署{topic}工作", text


def write_namesakes(dest: Path, articles: int = 2000, seed: int = 0) -> NamesakesInfo:
    """Write the namesakes corpus (the module's doc) into ``dest`` (new or empty): a JSONL file a paper and
    ``truth.jsonl`` (``doc``, ``name``, ``kind`` person or body, ``id``: who or which it is)."""
    if articles < 1:
        raise KgError(Errors.E090.format(copies=articles))
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise KgError(Errors.E091.format(path=dest))
    rng = random.Random(f"namesakes:{seed}")
    world = _World(rng)
    papers = [(world.home, False, 40), (world.site, True, 25), *((c, False, 35 // len(world.others) or 1)
                                                                   for c in world.others)]
    records: dict[str, list[dict]] = defaultdict(list)
    truth = []
    days = (_LAST_DAY - _FIRST_DAY).days
    while sum(map(len, records.values())) < articles:
        c, site, _ = rng.choices(papers, weights=[w for *_, w in papers])[0]
        day = _FIRST_DAY + timedelta(days=rng.randint(0, days))
        doc = f"n{sum(map(len, records.values())) + 1:05d}"
        w = _Writer(world, day, doc)
        try:
            title, text = _article(w, c, rng, site)
        except ValueError:
            continue
        source = c.paper + (f"{doc}.html" if site else "")
        records[c.paper].append({"id": doc, "title": title, "text": text, "date": day.isoformat(), "source": source})
        truth += [{"doc": doc, "name": name, "kind": kind, "id": which} for (name, kind), which in w.truth.items()]
    dest.mkdir(parents=True, exist_ok=True)
    for i, rows in enumerate(records.values()):
        with (dest / f"paper{i + 1}.jsonl").open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    with (dest / "truth.jsonl").open("w", encoding="utf-8") as f:
        f.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in truth)
    names = Counter(world.names.values())
    return NamesakesInfo(dest, articles, len(records), len(world.names),
                         sum(n for n in names.values() if n > 1), seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="an empty or new directory")
    parser.add_argument("--copies", type=int, default=10, help="how many copies of the seeds (the first as is)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the variations")
    parser.add_argument("--namesakes", type=int, metavar="ARTICLES",
                        help="write the namesakes corpus of this many records instead (resolution's truth)")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        if args.namesakes is not None:
            found = write_namesakes(args.dest, args.namesakes, args.seed)
            print(f"{found.articles:,} records in {found.files} papers, {found.people} people ({found.shared} sharing "
                  f"a name) → {found.dest}/ in {time.perf_counter() - start:.1f} s")
            return
        info = write_corpus(args.dest, args.copies, args.seed)
    except KgError as e:
        parser.exit(1, f"error: {e}\n")
    print(f"{info.files:,} pages, {info.articles:,} articles, {info.chars:,} characters → {info.dest}/ "
          f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
