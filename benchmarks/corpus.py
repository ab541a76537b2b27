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
import random
import re
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from kg.articles import split_document
from kg.build import SEEDS, extract_articles
from kg.errors import Errors, KgError
from kg.lexicon import words
from kg.model import Article, Document, Kind
from kg.read import read_inputs

__all__ = ["write_corpus", "CorpusInfo", "seed_articles", "vary"]

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="an empty or new directory")
    parser.add_argument("--copies", type=int, default=10, help="how many copies of the seeds (the first as is)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the variations")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        info = write_corpus(args.dest, args.copies, args.seed)
    except KgError as e:
        parser.exit(1, f"error: {e}\n")
    print(f"{info.files:,} pages, {info.articles:,} articles, {info.chars:,} characters → {info.dest}/ "
          f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
