"""Organisations, places and projects: NER spans, typed and cut by rules.

The trained NER finds where a name is (``doc.ents`` labelled ``GOV``, ``ORG``,
``PLACE``); how a name ends decides what it is (``lexicons/*_suffixes.txt``):
``…产业园`` is a project whatever the NER said, ``…街道`` an administrative
area, ``…局`` a government body.  Titles give bodies too: ``高新区（示范区）
党工委书记`` names ``高新区（示范区）党工委``; a title's leading jurisdiction
is a place.  A run of divisions written together is cut into its parts
(``高新区李万街道`` → ``高新区``, ``李万街道``); :mod:`kg.extract.places` reads
which is inside which.

>>> [(e.text, e.kind.value) for e in split_divisions("高新区李万街道", 0)]
[('高新区', 'AdministrativeArea'), ('李万街道', 'AdministrativeArea')]
>>> classify("怀川高科产业园", "ORG").value, classify("区应急管理局", "ORG").value
('Project', 'GovernmentOrganization')
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from functools import cache, lru_cache, partial
from operator import attrgetter, itemgetter, sub
from typing import NamedTuple

from ..lexicon import alternation, alternation_of, relation_verbs, words
from ..memo import Memo
from ..model import Kind
from .. import names
from ..names import is_generic
from ..text import HAN
from .doc import Word, offsets_of, places_of_any, text_of, texts_of, word_ending, word_starting, words_at
from .people import PersonMention, TitleMention, jurisdiction, title_head_at_end

__all__ = ["EntityMention", "classify", "split_divisions", "title_body", "from_titles", "from_ner",
           "from_endings", "from_gazetteer", "generic_use", "twin_bodies", "written_in_full", "is_named", "merge", "name_ending", "is_division_name",
           "is_real_division", "named_mention", "share_endings", "with_capacities", "ROAD", "INSTITUTION"]

_NER_LABELS = {"GOV", "ORG", "PLACE"}
# A party branch written after its unit (…有限公司党支部) is the unit's, not a name of its own.
_BRANCH = re.compile(r"(?:党支部|党总支|党委|党组织|党组)$")

# Kind's members bound once (see kg.model.Kind)
_AREA, _GOV, _ORG, _PLACE, _PROJECT = Kind.AREA, Kind.GOV, Kind.ORG, Kind.PLACE, Kind.PROJECT


class EntityMention(NamedTuple):
    """``text``, a name of ``kind``, at ``start:end`` of its page. Immutable and equal by its fields, as a frozen
    dataclass, but made in one step: a frozen dataclass sets each field by a call of object.__setattr__ (some 6,000
    instructions a mention, and seeds ×20 makes 15,000)."""
    text: str
    start: int
    end: int
    kind: Kind


# tuple.__new__ itself, of the fields' tuple: a NamedTuple's own __new__ is a call of Python code a mention
_mention = partial(tuple.__new__, EntityMention)
_START = attrgetter("start")  # mentions' order in the text, as a sort key read at C level


# Which list an ending belongs to decides the kind; the longest ending wins
# (小区 is a place, 区 a division), and on equal length the first listed here.
# A division's endings are kg.names' (lexicons/division_levels.tsv), the others lexicons/*_suffixes.txt.
_DIVISION_SUFFIXES = frozenset(names.division_suffixes())
_KIND_OF_ENDING = ((words("project_suffixes"), _PROJECT), (words("park_suffixes"), _PROJECT),
                   (_DIVISION_SUFFIXES, _AREA),
                   (words("place_suffixes"), _PLACE), (words("gov_suffixes"), _GOV),
                   (words("unit_suffixes"), _ORG))


_BRACKETED_END = re.compile(r"（[^）]*）$")  # a name's closing aside (古杨家园（滨河一期）): its kind is told before it


@lru_cache(maxsize=1 << 16)  # the same names come again and again
def classify(name: str, label: str) -> Kind | None:
    """The kind of a named thing, from its last word, else the NER label."""
    bare = _BRACKETED_END.sub("", name)
    best: tuple[int, int, Kind] | None = None
    for rank, (suffixes, kind) in enumerate(_KIND_OF_ENDING):
        m = _ending(suffixes).search(bare)
        if m and (best is None or (len(m.group(0)), -rank) > best[:2]):
            best = (len(m.group(0)), -rank, kind)
    if best:
        return _GOV if best[2] == _ORG and label == "GOV" else best[2]
    return {"GOV": _GOV, "ORG": _ORG, "PLACE": _PLACE}.get(label)


def split_divisions(name: str, start: int) -> list[EntityMention]:
    """``高新区李万街道`` → its divisions (:func:`kg.names.chain`), when it is all divisions; else ``[]``."""
    parts = names.chain(name)
    rest = name[sum(map(len, parts)):]
    if not parts or names.level(rest, inside=True) is None:
        return []
    out: list[EntityMention] = []
    offset = start
    for text in [*parts, rest]:
        out.append(EntityMention(text, offset, offset + len(text), _AREA))
        offset += len(text)
    return out


_HEADED_BY_CHIEF = frozenset("局处厅")


def title_body(title: TitleMention) -> str | None:
    """``市政协副主席`` → ``市政协``: a title without its head, if a body is left.

    A party branch of a unit stands for the unit: ``…有限公司党支部书记`` → ``…有限公司``.
    """
    return _title_body(title.text, title.full)


@lru_cache(maxsize=1 << 14)  # the same titles come again and again, and reading one's body is a dozen searches
def _title_body(own: str, full: str | None) -> str | None:
    """:func:`title_body` of a title written ``own`` (``full`` with its jurisdiction filled in)."""
    text = full or own
    whole = text
    while True:
        cut = title_head_at_end().sub("", text)
        if cut == text:
            break
        text = cut
    unit = _BRANCH.sub("", text)
    if unit != text and classify(unit, "") in (_ORG, _GOV):
        # 县人大常委会党组书记: a body's Party group is a body; a unit's branch stands for the unit
        return text if text.endswith("党组") and classify(unit, "") == _GOV else unit
    if len(text) >= 2 and _ending(words("gov_suffixes")).search(text):
        return text
    # 公安局长, 规划局长: the head of a bureau written on its name (not 法院|院长, 副处长)
    if len(own) >= 4 and own.endswith("长") and own[-2] in _HEADED_BY_CHIEF and own[-3] not in ("副", own[-2]):
        return own[:-1]
    if len(text) >= 4 and classify(text, "") == _ORG and not is_generic(text):
        return text  # 应急安全保障中心主任: a unit, named (not 公司总经理, 项目负责人)
    # a head that holds its body (政法委书记, 区纪委书记): the body is what is before its shortest head
    inner = max((whole[:-len(h)] for h in words("title_heads") if whole.endswith(h) and len(h) < len(whole)),
                key=len, default="")
    return inner if len(inner) >= 2 and _ending(words("gov_suffixes")).search(inner) else None


def from_titles(people: list[PersonMention], offsets: Sequence[int]) -> list[EntityMention]:
    """The bodies and jurisdictions that officials' titles name.

    A jurisdiction must end where a word does (``流通市|场`` is no city): where one of ``offsets``, the words'
    starts in order, is.
    """
    found = []
    for person in people:
        for title in person.titles:
            bodies, place, organ = _named_in_title(title.text, title.full)
            # a filled-in jurisdiction is not in the text: the evidence is the title
            found += [EntityMention(name, title.start, title.end, kind) for name, kind in bodies]
            if place and (word_starting(offsets, title.start + len(place)) is not None or organ):
                found.append(EntityMention(place, title.start, title.start + len(place), _AREA))
    return found


@lru_cache(maxsize=1 << 16)  # the same titles come again and again
def _named_in_title(text: str, full: str | None) -> tuple[tuple[tuple[str, Kind], ...], str | None, bool]:
    """What :func:`from_titles` finds in a title written ``text`` (``full`` with its jurisdiction filled in): the
    bodies it names and their kinds, its place unless that is its body, and whether the place ends where its
    organ's name begins."""
    body = _title_body(text, full)
    # a Party group's body is named too (县人大常委会|党组书记)
    bodies = tuple((name, classify(name, "GOV") or _GOV)
                   for name in filter(None, (body, body and body.endswith("党组") and body[:-2])))
    place = jurisdiction(text)
    # 宜昌|市委常委, 旬阳县|政协: the place ends where its organ's name begins, however the words fall
    organ = place is not None and names.begins_organ(text, len(place) - 1)
    return bodies, place if place != body else None, organ


def from_gazetteer(doc) -> list[EntityMention]:
    """Provinces and cities (``lexicons/gazetteer.txt``), regions, rivers and mountains
    (``lexicons/regions.txt``) and well-known organisations (``lexicons/known_organizations.txt``)
    that are whole words here."""
    texts, offsets = texts_of(doc), offsets_of(doc)
    # a few words a page are in the lists: found by their letters (see _letter_of), not asked of the lists a word
    listed = ((texts[i], offsets[i]) for i in places_of_any(_letters_of(doc), _IN_THE_LISTS))
    return [EntityMention(word, at, at + len(word), kind)
            for word, at in listed if (kind := _listed_kind(word)) is not None]


@cache
def _listed_words() -> frozenset[str]:
    return words("gazetteer") | words("regions") | words("known_organizations")


@lru_cache(maxsize=1 << 16)
def _listed_kind(word: str) -> Kind | None:
    """What :func:`from_gazetteer` takes ``word`` for, if anything; a word's answer kept."""
    if word in words("gazetteer") or word in words("regions"):
        return _PLACE
    if word in words("known_organizations") and word not in words("common_words"):
        # jieba calls some divisions organisations (解放区): the ending decides; and some
        # kinds of unit (卫生院): an ending must have a name before it
        kind = classify(word, "ORG")
        if classify(word, "") is None or is_named([word], kind):
            return kind
    return None


def from_ner(doc, ents: Iterable[tuple[int, int, str]]) -> list[EntityMention]:
    """The NER's organisations and places, typed by their endings, if they name one thing: ``ents`` are the
    entities of ``doc``, each as its first word, the word after its last and its label."""
    text, texts, offsets = text_of(doc), texts_of(doc), offsets_of(doc)
    found = []
    stops = _stops()
    for start, end, label in ents:
        if label not in _NER_LABELS:
            continue
        # 各|乡镇卫生院, 和|五一村, 二十届|中央国家安全委员会: no part of the name
        # 专访|东明县刘楼镇党委, 抓住|用好新区: a verb or adverb never starts a name
        while end - start > 1 and (texts[start] in stops or _ORDINAL.fullmatch(texts[start])
                                   or (len(texts[start]) > 1 and texts[start] in words("function_words"))):
            start += 1
        # 公安县党政代表团|来|我县, 港门镇|关于: the prose the NER ran on into is no part of the name
        end = next((i for i in range(start + 1, end) if _breaks_a_span(texts[i])), end)
        start_char, end_char = offsets[start], offsets[end - 1] + len(texts[end - 1])
        name = text[start_char:end_char]
        kind = classify(name, label)
        if kind is None or len(name) < 2 or name.count("（") != name.count("）"):
            continue
        by_ending = classify(name, "") is not None
        if not (is_named(texts[start:end], kind) if by_ending else _known(name)):
            continue  # a name the NER found with no telling ending must be a known one
        parts = split_divisions(name, start_char) if kind == _AREA else []
        found.extend(parts or [EntityMention(name, start_char, end_char, kind)])
    return found


# words no name holds inside it: pronouns, prepositions, conjunctions, and verbs of the prose
_SPAN_BREAKS = frozenset("来我其及与和对向把被将从在为")


_HAN_WORD = re.compile(f"^[{HAN}]+$")


# a session's or a meeting's ordinal (二十届, 第十二次): what the name is of, not part of it
_ORDINAL = re.compile(r"第?[一二三四五六七八九十百零]+[届次]")


def name_ending(name: str) -> re.Match | None:
    """The unit, place, division or project ending ``name`` ends with, if any (…|中学, …|街道)."""
    return _final_ending().search(name)


def is_division_name(name: str) -> bool:
    """Whether ``name`` ends like an administrative division (区, 街道, 村 …)."""
    return _ending(_DIVISION_SUFFIXES).search(name) is not None


def is_real_division(name: str) -> bool:
    """Whether a name that ends like a division names one: a county (``lexicons/counties.txt``),
    a zone (``lexicons/zones.txt``), or a stem that is not everyday words.

    >>> [is_real_division(n) for n in ("解放区", "高新区", "李万街道", "粮油区", "乡镇", "文明村")]
    [True, True, True, False, False, False]
    """
    if name in words("counties") or name in words("zones"):
        return True
    ending = _ending(_DIVISION_SUFFIXES).search(name)
    return (bool(ending) and ending.start() > 0 and not is_generic(name)
            and not is_generic(name[:ending.start()], adjectives=True))


def from_endings(doc, people: list[PersonMention]) -> tuple[list[EntityMention], list[EntityMention]]:
    """Names found by how they end: the words before a unit, place or project ending;
    and, apart, the roads such names start with (民主路 of 民主路大沙河桥).

    A name is a run of words with no stop word (``lexicons/name_stops.txt``),
    person or title in it, up to the last word that ends in a known ending but
    is not a common word (``lexicons/not_endings.txt``: 格局, 干部 …); a verb
    leading the run is not part of it (``lexicons/leading_verbs.txt``).
    """
    # where a word breaks every run: a person's or a title's, and a verb the segmenter glued to the next name's
    # start (人大常委会|组织|市人大)
    breaking = set()
    for p in people:
        breaking.update(range(p.start, p.end))
        for t in p.titles:
            breaking.update(range(t.start, t.end))
    text = text_of(doc)
    texts = texts_of(doc)
    # what the walk asks of every word, asked once a word (see _letter_of)
    glued_verbs, texts, offsets, letters = _unglued(texts, offsets_of(doc), _letters_of(doc))
    breaking |= glued_verbs
    found: list[EntityMention] = []
    prefixes: list[EntityMention] = []
    for first, last in _stretches_to_walk(letters):
        start, end = offsets[first], offsets[last - 1] + len(texts[last - 1])
        at = offsets[first:last]
        breaks_at = () if breaking.isdisjoint(at) else tuple(o - start for o in at if o in breaking)
        # (what the walk reads after the stretch: up to 9 characters on, see _names_in_run; the offsets made relative
        # by operator.sub, a C function, not int.__sub__, a slot wrapper that packs its argument in a tuple each call)
        names, roads = _stretch_names(text[start:end + 9], tuple(texts[first:last]),
                                      tuple(map(sub, at, itertools.repeat(start))), breaks_at)
        if names or roads:  # (most stretches name nothing)
            found += _shifted(names, start)
            prefixes += _shifted(roads, start)
    return found, prefixes


@lru_cache(maxsize=1 << 16)  # the same stretches come again and again (62% of them at seeds ×20)
def _stretch_names(text: str, texts: tuple[str, ...], offsets: tuple[int, ...], breaks_at: tuple[int, ...]
                   ) -> tuple[list[EntityMention], list[EntityMention]]:
    """The names :func:`from_endings` finds in a stretch of words (see :func:`_stretches_to_walk`) of these
    texts at these offsets in ``text``, which starts the walk (with the word that empties the run before it,
    or at the page's start) and ends it; no run holds a word at ``breaks_at``. All it reads is ``text``: the
    stretch's and the 9 characters after it."""
    verbs = words("breaking_verbs")
    found: list[EntityMention] = []
    prefixes: list[EntityMention] = []
    run: list = []

    def close() -> None:
        try:
            if any(map(_may_end, map(itemgetter(0), run))):  # most runs: no word a name could end with
                _names_in_run(run, text, found, prefixes)
        finally:
            run.clear()

    after_stop = True  # whether the word before ends no noun (以|中开企业城: 中 starts a name, not 林|中)
    for tok in words_at(texts, offsets):
        if tok.text == "（" and run and 0 < text.find("）", tok.idx) - tok.idx <= 8:
            run.append(tok)  # a short bracketed part inside a name: 蒙牛乳业（焦作）有限公司
            continue
        if tok.text == "）" and any(t.text == "（" for t in run):
            run.append(tok)
            continue
        stop, breaks = _breaking(tok.text)
        if stop:
            # 区|自然|资源|和|规划局, 市|住房|和|城乡建设局: a division's bureau of two portfolios holds its 和
            two_portfolios = (tok.text == "和" and run and (run[0].text in _ONE_CHARACTER_JURISDICTIONS
                                                            or _is_division(run[0].text))
                              and not any(_ends_a_name(t.text) for t in run[1:]) and len(run) > 1)
            breaks = breaks or not ((tok.text in _POSITION_WORDS and after_stop and not run) or two_portfolios)
        after_stop = stop
        breaks = breaks or tok.idx in breaks_at
        # 高新区文旅局|着力推动|乡村文化合作社: a verb after a whole name ends it
        breaks = breaks or (tok.text in verbs
                            and any(_ends_a_name(t.text) and not _is_division(t.text) for t in run)
                            and not _SITE_AHEAD.match(text, tok.idx))  # …变电站|建设工地 is the project's site
        if (breaks and run) or len(run) >= 8:  # an empty run has nothing to close (most words break one)
            close()
        if not breaks:
            run.append(tok)
    close()
    return found, prefixes


def _shifted(mentions: list[EntityMention], by: int) -> list[EntityMention]:
    """``mentions`` found in a text that starts ``by`` characters into another, placed in that one."""
    return [_mention((text, start + by, end + by, kind)) for text, start, end, kind in mentions]


def _names_in_run(run: list[Word], text: str, found: list[EntityMention], prefixes: list[EntityMention]) -> None:
    """:func:`_take` of ``run``, its answer kept for the same words (the same names come again and again:
    区|住建局, 县委|办公室): what it reads is the text of the run and, where a bracket is near, the 9 characters
    after it (a bracket a name closes up to 8 characters on: 古杨家园（滨河一期）), so that is what the answer is
    kept by."""
    start, end = run[0].idx, run[-1].idx + len(run[-1].text)
    after = text[end:end + 9]
    if "（" in after or "）" in after:
        end += len(after)
    offsets = tuple(map(sub, map(itemgetter(1), run), itertools.repeat(start)))  # (at C level)
    names, roads = _run_names(text[start:end], offsets, tuple(map(len, map(itemgetter(0), run))))
    found += _shifted(names, start)
    prefixes += _shifted(roads, start)


@lru_cache(maxsize=1 << 16)
def _run_names(text: str, offsets: tuple[int, ...], lengths: tuple[int, ...]
               ) -> tuple[list[EntityMention], list[EntityMention]]:
    """What :func:`_take` finds in ``text``'s words at these offsets and of these lengths."""
    found: list[EntityMention] = []
    prefixes: list[EntityMention] = []
    _take([Word(text[at:at + length], at) for at, length in zip(offsets, lengths)], text, found, prefixes)
    return found, prefixes


def _take(run: list[Word], text: str, found: list[EntityMention], prefixes: list[EntityMention]) -> None:
    """The names :func:`from_endings` finds in a run of words that one may end with, added to ``found``, and
    the roads they start with to ``prefixes``."""
    not_endings, verbs, leading = words("not_endings"), words("breaking_verbs"), _leading_words()
    gazetteer = words("gazetteer")
    while run and (run[0].text in "（）" or (len(run[0].text) == 1 and run[0].text in words("leading_verbs"))):
        run.pop(0)  # 继|安鑫家园, 学|徐州: a one-character verb before a name is no part of it
    if len(run) > 2 and _ORDINAL.fullmatch(run[0].text + run[1].text):
        del run[:2]  # 二十|届|中央国家安全委员会
    # 余江区|平定乡: a town written after its county is one, though its stem be an everyday word (平定)
    chained = set()
    for i in range(1, len(run)):
        if (i - 1 in chained or _is_division(run[i - 1].text)) and _town_or_village(run[i].text):
            chained.add(i)
    # 改革|新|路: an ending that only makes a common word with the word before it (新路) ends nothing
    ends = [i for i, tok in enumerate(run) if i in chained or (
        _ends_a_name(tok.text) and not (i and run[i - 1].text + tok.text in not_endings))]
    if not ends:
        return
    last = ends[-1]
    # 焦作|高新区, 扬州|国家|高新区: a city's name starts the zone's
    divisions = [i for i, tok in enumerate(run[:last]) if i in chained or _is_division(tok.text) or (
        tok.text in gazetteer and _is_division(run[i + 2 if run[i + 1].text in _NATIONAL else i + 1].text))]
    if divisions:  # a name starts at its place: 焦作市|瑞诚机械制造有限公司, 焦作|高新区
        first = divisions[0]
        # 高新区|阳庙镇|李鹿宿村|经济合作社: at the innermost of divisions written one after another,
        # the others named on their own
        while first + 1 in divisions and (first in chained or _is_division(run[first].text) or run[first].text in gazetteer):
            found.append(EntityMention(run[first].text, run[first].idx, run[first].idx + len(run[first].text),
                                       _AREA))
            first += 1
    elif _is_division(run[last].text):  # 制约|高新区: a division word is a whole name
        first = last
        cut = run[first - 1].text if first else ""
        if len(cut) == 1 and cut not in leading and not _ending(_DIVISION_SUFFIXES).match(cut):
            first -= 1  # 姚|郭庄村: a character the segmenter cut from a place's name (not 村|苏家作乡)
    else:  # else after the last word that cannot be in a name: 全面提升|普济路, but
        # not once a name has begun: 滨江大道改造工程 is one
        # (not 有限|公司: the segmenter's half of a firm's ending)
        first = max((i + 1 for i, tok in enumerate(run[:ends[0]]) if tok.text in leading
                     and not _FIRM.fullmatch(tok.text + run[i + 1].text)), default=0)
        if _PROJECT_WORD_END.search(run[last].text):
            # 中远氨纶纺织化纤设备制造项目: a project's name holds what it makes and does; it starts after the
            # function words that lead the run and the verbs that lead names (推进|…项目), if it then
            # starts with a word of its own (中远; not 更大|力度|招引|项目, 现已形成|集|工程)
            own = next((i for i, tok in enumerate(run[:ends[0]]) if tok.text not in leading), 0)
            own = max((i + 1 for i in range(own, ends[0]) if run[i].text in words("leading_verbs")), default=own)
            head = run[own].text
            if own < first and len(head) >= 2 and head[0] not in "更最很较" and not any(
                    head in words(lexicon) for lexicon in ("common_words", "generic_words", "function_words")):
                first = own
        if first and run[first - 1].text + run[first].text[0] in words("counties"):
            first -= 1  # 解放|区委宣传部: a county's name the segmenter cut from its 区
        place = next((i for i, tok in enumerate(run[:last]) if tok.text in gazetteer), None)
        if _FIRM.search(run[last].text) and place is not None and (place < first or all(
                tok.text in words("common_words") for tok in run[first:place])):
            # 石家庄圣衢房地产|开发|有限公司: a firm's name from its place holds its trade; and everyday
            # words before the place are none of it (“开工一批”活动|河南|三齐机械…有限公司)
            first = place
    # 示范区现有|河南理工大学科技园: after a verb, if what follows still names one thing;
    # else what came before the verb (高新区|打造先行区)
    verb_at = [i for i in range(first, last) if run[i].text in verbs]
    if not verb_at:
        _name_from(run, first, last, text, found, prefixes)
    elif not _name_from(run, verb_at[-1] + 1, last, text, found, prefixes):
        _take(run[:verb_at[0]], text, found, prefixes)


def _name_from(run: list[Word], first: int, last: int, text: str, found: list[EntityMention],
               prefixes: list[EntityMention]) -> bool:
    """The name of ``run[first:last + 1]``, if it names one thing, added to ``found`` (see :func:`_take`)."""
    kind = None
    # 城中村改造项目|古杨家园: a bare 项目 or 工程 before a name is what the name is
    for i in range(first, last - 1):
        if run[i].text in _PROJECT_WORDS and is_named([t.text for t in run[i + 1:last + 1]], _PLACE):
            first, kind = i + 1, _PROJECT
    start, end = run[first].idx, run[last].idx + len(run[last].text)
    # 古杨家园（滨河一期）, or a bracket the name opened: close it
    opens = text.startswith("（", end) or text.count("（", start, end) > text.count("）", start, end)
    if opens and 0 < text.find("）", end) - end <= 8:
        end = text.find("）", end) + 1
    name = text[start:end]
    unit = _BRANCH.sub("", name)
    if unit != name and classify(unit, "") is not None:
        name, end = unit, start + len(unit)
    site = _PROJECT_SITE.match(name)
    if site and classify(site["name"], "") is not None:  # 紫荆大道项目建设工地: the project
        name, end, kind = site["name"], start + len(site["name"]), _PROJECT
    words_ = [t.text for t in run[first:last + 1]]
    mention = named_mention(name, start, end, words_, kind)
    if mention is None:
        return False
    # 民主路|大沙河桥, 黄河路|明仁厂区污水处理站: the place a name starts with is named too
    prefix = run[first].text
    if (mention.kind != _AREA and last > first and ROAD.search(prefix)
            and not INSTITUTION.search(_PROJECT_WORD_END.sub("", name))
            and named_mention(prefix, start, start + len(prefix), [prefix], None)):
        prefixes.append(EntityMention(prefix, start, start + len(prefix), _PLACE))
    found.extend((split_divisions(name, start) if mention.kind == _AREA else []) or [mention])
    return True


def _stretches_to_walk(letters: str) -> Iterator[tuple[int, int]]:
    """The stretches of words :func:`from_endings` must walk, in order, as the indices of their first word and
    the one after their last: each stretch between two words that leave its run empty (:func:`_empties_a_run`)
    that holds a word a name may end with, with the words that bound it: the first (the last of the stretch before,
    if that ended there: walked again, it does nothing to an empty run) sets the state the walk starts in as the
    page's start does, whatever came before it, so that a stretch's names are its words' alone; the last closes its
    last run. Every other stretch closes runs that name nothing:
    most of a page, skipped without a Python step a word (each word's part told by its letter, :func:`_letter_of`,
    whose string is searched at C level for the stretches' bounds)."""
    roles = letters.translate(_ROLES)
    walked = 0  # the words before it walked or skipped
    while (may_end := roles.find("m", walked)) >= 0:
        first = max(roles.rfind("e", 0, may_end), 0)
        walked = roles.find("e", may_end) + 1 or len(roles)
        yield first, walked


def _letter_of(word: str) -> str:
    """What the entity finder asks of every word, a letter: its part in :func:`from_endings`' run, ``e`` if it
    empties one, else ``m`` if a name may end with it, else ``o`` (``x``, ``y``, ``z`` for those if it is in the
    lists :func:`from_gazetteer` reads); in capitals if it is a verb glued to one character more
    (:func:`_verb_and_one`) that :func:`_unglued` may cut: of three characters or more, or a jurisdiction's
    character glued (:func:`_jurisdiction_glued`); the other such verbs (学习, 进行: 12,000 words at seeds ×20, a third
    as many left) it would only look at.

    >>> [_letter_of(w) for w in ("，", "街道", "协调", "北京", "听取区")]
    ['e', 'm', 'o', 'z', 'O']
    """
    letter = "e" if _empties_a_run(word) else "m" if _may_end(word) else "o"
    if word in _listed_words():
        letter = letter.translate(_LISTED)
    return letter.upper() if _verb_and_one(word) and (len(word) > 2 or _jurisdiction_glued(word)) else letter


_LISTED = str.maketrans("emo", "xyz")  # a word's part in a run, of a word in from_gazetteer's lists
_ROLES = str.maketrans("EMOxyzXYZ", "emoemoemo")  # a letter's part in a run alone
_GLUED_VERBS = "EMOXYZ"  # the letters of a verb glued to one character more
_IN_THE_LISTS = "xyzXYZ"  # the letters of a word in from_gazetteer's lists
# each word's letter looked up at C level, half the cost of a cached function's call a word
_LETTERS = Memo(_letter_of, limit=1 << 16)


def _letters_of(doc) -> str:
    """The letters (:func:`_letter_of`) of the words of ``doc``, one a word, looked up once a page for
    from_endings and from_gazetteer."""
    letters = doc.user_data.get("govkg_letters")
    if letters is None:
        letters = doc.user_data["govkg_letters"] = "".join(map(_LETTERS.__getitem__, texts_of(doc)))
    return letters


def _empties_a_run(word: str) -> bool:
    """Whether :func:`from_endings`' run is empty after ``word`` whatever came before: a word that breaks every
    run, as no exception there lets in (a bracket, a word of position, 和)."""
    stop, breaks = _breaking(word)
    return word not in ("（", "）") and (breaks or stop and word not in _POSITION_WORDS and word != "和")


@lru_cache(maxsize=1 << 16)
def _breaking(word: str) -> tuple[bool, bool]:
    """What :func:`from_endings` asks of every word, a word's answer kept: whether it ends the noun before it
    (a stop word, or not Chinese), and whether it breaks a run of a name's words whatever comes around it
    (the stop words but for the exceptions from_endings makes, and 来我县, 第十二次: no name, whatever precedes)."""
    chinese = _HAN_WORD.match(word) is not None
    hard = not chinese or names.OWN_JURISDICTION.search(word) is not None or _ORDINAL.fullmatch(word) is not None
    return word in _stops() or not chinese, hard


def _unglued(texts: list[str], offsets: list[int], letters: str) -> tuple[set[int], list[str], list[int], str]:
    """Where the verbs cut from what the segmenter glued to them begin, and the words' texts, offsets and letters
    (:func:`_letter_of`) so cut:
    a jurisdiction's one character where a body's name follows (听取区|体育局 → 听取|区|体育局, 按区|创城|办),
    not from words or names of their own (回乡, 高新区), a kind of zone (集聚区, 开发区), nor where no name
    follows (贫困县|序列, 相关县|（市、区）); and a body's ending that starts the next word (组织部|分|委员 →
    组织|部分|委员), not a title (建设局|长)."""
    whole = _whole_words()
    cut_texts, cut_offsets, cut_letters, verbs_at = [], [], [], set()
    at = 0  # texts[at:] not yet in cut_texts
    # only a verb and one character after it (a capital letter): a few words a page, found at C level
    for i in places_of_any(letters, _GLUED_VERBS):
        if i < at:
            continue  # the second half of the last one cut
        text, idx = texts[i], offsets[i]
        after = texts[i + 1] if i + 1 < len(texts) else ""
        if _jurisdiction_glued(text) and any(_ends_a_name(w) or names.begins_organ(text[-1] + w)
                                             for w in itertools.takewhile(_HAN_WORD.match, texts[i + 1:i + 3])):
            cut, cut_at = [text[:-1], text[-1]], i + 1
        elif (len(text) > 2 and len(after) == 1 and text[-1] + after in whole
              and text[-1] + after not in words("title_heads")):
            cut, cut_at = [text[:-1], text[-1] + after], i + 2
        else:
            continue
        cut_texts += texts[at:i] + cut
        cut_offsets += offsets[at:i] + [idx, idx + len(text) - 1]
        cut_letters += [letters[at:i], *map(_LETTERS.__getitem__, cut)]
        at = cut_at
        verbs_at.add(idx)
    if not verbs_at:
        return verbs_at, texts, offsets, letters
    return verbs_at, cut_texts + texts[at:], cut_offsets + offsets[at:], "".join(cut_letters) + letters[at:]


def _jurisdiction_glued(verb: str) -> bool:
    """Whether a verb's last character may be a jurisdiction the segmenter glued to it (听取区), as :func:`_unglued`
    cuts: not from a word or a name of its own (回乡, 高新区), nor a kind of zone (集聚区, 开发区)."""
    return verb[-1] in _ONE_CHARACTER_JURISDICTIONS and verb not in _whole_words() and not verb.endswith(_zone_kinds())


def _verb_and_one(word: str) -> bool:
    """Whether ``word`` is a leading verb or function word and one character more (听取区, 组织部)."""
    return len(word) > 1 and word[:-1] in _leading_words()


# the sets a run of words is checked against, joined once (a union of the big lexicons costs milliseconds)
@cache
def _leading_words() -> frozenset[str]:
    return words("leading_verbs") | words("function_words")


@cache
def _whole_words() -> frozenset[str]:
    return words("common_words") | words("zones") | words("counties")


@cache
def _zone_kinds() -> tuple[str, ...]:
    return tuple(e for e in names.endings() if len(e) > 1)


_FIRM = re.compile(r"(?:公司|集团|有限公司|股份有限公司)$")
# what a plant makes or handles in a year, written in its project's name: 年产 20 万件, 90万吨/年, 年处理5000吨
# (led by a class of the characters it starts with, each then told apart by a lookbehind, not by a lookahead: a
# pattern led by a class is skipped through at C level to where it may match, one led by a lookahead tried whole at
# every character of a page; yearly is what is made or handled, 产 of 年产)
_CAPACITY_PROJECT = re.compile(
    r"[年\s\d](?:(?<=年)(?P<yearly>产|处理|加工|出栏|生产|回收|利用)\s*\d|(?<=\s)\s*\d|(?<=\d))\d*(?:\.\d+)?\s*[万亿千百]?\s*"
    r"(?:吨|件|台|套|辆|头|只|羽|片|张|条|块|支|双|平方米|立方米|千瓦时|千瓦|兆瓦|千伏安|标箱|公斤)(?P<per_year>\s*/\s*年)?"
    rf"[{HAN}]{{2,25}}?项目")
# words of position that end a phrase (会议中, 林中) but may start a name after a function word (以|中远氨纶…项目)
_POSITION_WORDS = frozenset({"中", "上", "下", "内", "外"})
_NATIONAL = ("国家", "国家级")  # of a zone's rank, not its place: 扬州国家高新区
# words a name may start with that place it (国家中医药局, 省水利厅, 中共中央)
_ONE_CHARACTER_JURISDICTIONS = frozenset("省市区县镇乡")
_JURISDICTION_WORDS = frozenset({"省", "市", "区", "县", "镇", "乡", "国家", "中共", "中央", "全国", "中国"})
ROAD = re.compile(r"(?:路|大道|大街|街)$")  # the ending of a road's name
# schools and hospitals, named after the road they are on (玉溪路小学) rather than placed in it
INSTITUTION = re.compile(r"(?:学|学校|幼儿园|医院)$")
# Words so generic that a short name before them names a kind of project, not one (民生工程),
# and that, before a name, say what the name is (城中村改造项目|古杨家园).
_PROJECT_WORDS = frozenset({"项目", "工程"})
_PROJECT_WORD_END = re.compile(f"(?:{'|'.join(_PROJECT_WORDS)})$")
_PROJECT_SITE = re.compile(r"^(?P<name>.{2,}?(?:项目)?)(?:建设)?(?:工地|现场)$")
_SITE_AHEAD = re.compile(r"(?:建设|施工)(?:工地|现场)")


_NUMERAL = re.compile(r"[一二三四五六七八九十百千两几多]+")  # a count written in words: no name's stem
# words of what is said of projects, never in one's name
_NOT_IN_A_PROJECT = frozenset({"关于", "此次", "本次", "这次", "该", "实现", "打通", "开工", "研究", "意向性", "一批", "各类"})


def is_named(words_: Sequence[str], kind: Kind) -> bool:
    """Whether a run of words names one thing rather than a kind of thing.

    A name has an uncommon word before its ending (龙源|路, 怀川|高科|产业园) or
    starts at a place (区|住建局, 国家|中医药局); 重点|项目 and 施工|队 do not.
    Short road names are names whatever their words (民主路).

    >>> is_named(["重点", "项目"], Kind.PROJECT), is_named(["龙源", "路"], Kind.PLACE)
    (False, True)
    """
    return _named(tuple(words_), kind)


@lru_cache(maxsize=1 << 16)  # the same runs of words come again and again (区|住建局, 县委|办公室)
def _named(words_: tuple[str, ...], kind: Kind) -> bool:
    if not words_ or words_[0] in _stops() or words_[-1] in words("not_endings"):
        return False  # 各|乡镇卫生院: no name starts with a word that is never in one, nor ends with 道路
    if kind == _PROJECT and not _NOT_IN_A_PROJECT.isdisjoint(words_):
        return False  # 此次|集中|开工|项目, 意向性|合作|项目: what is said of projects, not one's name
    ending = _final_ending().search(words_[-1])
    last_stem = words_[-1][:ending.start()] if ending else words_[-1]
    stem = [*words_[:-1], *([last_stem] if last_stem else [])]  # 城中|村: the words before the ending
    if not stem or all(map(_NUMERAL.fullmatch, stem)):
        return False
    if len("".join(stem)) == 1:  # a one-character stem only for a division's body: 市政府, 区委; not 党|支部
        return kind in (_GOV, _ORG) and stem[0] in _ONE_CHARACTER_JURISDICTIONS
    if len(words_) == 1 and kind in (_PLACE, _PROJECT) and words_[0] in words("generic_words"):
        return False  # 农贸市场, 中转站: an everyday word names a kind of place
    if kind == _AREA and not is_real_division("".join(words_)):
        return False  # 粮油区, 城中村, 乡镇
    if words_[0] in _JURISDICTION_WORDS and kind in (_PLACE, _PROJECT):
        return is_named(words_[1:], kind)  # 区|三级|重点|项目 is no more a name than 重点项目
    if len(words_) > 1 and (words_[0][0] in _ONE_CHARACTER_JURISDICTIONS and classify(words_[0], "") == _GOV
                            or words_[0] + words_[1][0] in words("counties")):
        return True  # 区委|宣传部, 市政府|办公室, 解放|区委宣传部: a body of a division's
    if words_[0] in _JURISDICTION_WORDS or (len(words_) > 1 and (
            words_[0] in words("gazetteer") and kind == _AREA or classify(words_[0], "") == _AREA
            and not _any_ending().fullmatch(words_[0]) and is_real_division(words_[0]))):
        return True  # 区|住建局, 焦作|高新区, 高新区|实验中学
    if kind == _PLACE and ROAD.search(words_[-1]) and sum(map(len, stem)) <= 3:
        return True
    if stem[0] in words("generic_modifiers"):
        return False  # 乡镇|卫生院, 社区|日间照料中心: one in every town, a kind of unit
    if kind in (_ORG, _GOV):  # bodies and firms are often named by everyday words (城管局, 高新热力公司)
        # and a bureau by its portfolio alone (环保局, 教育局: the jurisdiction's, written in a list of its bodies)
        portfolio = (kind == _GOV and len(stem) == 1 and len(stem[0]) >= 2 and ending is not None
                     and ending.group(0) in ("局", "工委") and stem[0] not in words("function_words"))
        return portfolio or any(w not in words("common_words") for w in stem)
    if (kind == _PROJECT and ending and ending.group(0) not in _PROJECT_WORDS and len(stem) >= 2
            and sum(map(len, stem)) >= 4 and stem[0] not in _PROJECT_WORDS):
        return True  # 数字经济|产业园, 科技总部|新城: a park or town named by its theme is one of the district's
    return not is_generic("".join(stem), adjectives=kind == _PLACE)  # 改革|新|路


def named_mention(name: str, start: int, end: int, words_: list[str], kind: Kind | None) -> EntityMention | None:
    """The mention of ``name`` if it names one thing (see :func:`is_named`)."""
    kind = kind or classify(name, "")
    ending = _final_ending().search(_BRACKETED_END.sub("", name))
    stem = len(name) - (len(ending.group(0)) if ending else 0)
    if name in words("standalone_bodies"):
        return EntityMention(name, start, end, kind or _GOV)
    if kind is None or not 2 <= len(name) <= 24 or stem < 1:
        return None
    if ending and ending.group(0) in _PROJECT_WORDS and stem < 4:
        return None  # 高质量项目, 民生工程: a kind of project, not one
    if name.count("（") != name.count("）") or not is_named(words_, kind):
        return None
    return EntityMention(name, start, end, kind)


def share_endings(mentions: list[EntityMention], text: str) -> list[EntityMention]:
    """``徐州、扬州国家高新区``: a city listed right before a division named from another city
    names that division of its own (徐州国家高新区).

    >>> ms = [EntityMention("徐州", 0, 2, Kind.PLACE), EntityMention("扬州国家高新区", 3, 10, Kind.AREA)]
    >>> [m.text for m in share_endings(ms, "徐州、扬州国家高新区")]
    ['徐州国家高新区', '扬州国家高新区']
    """
    out = list(mentions)
    gazetteer = words("gazetteer")
    for i in range(len(out) - 1, 0, -1):
        before, m = out[i - 1], out[i]
        if m.kind != _AREA or before.end + 1 != m.start or text[before.end] != "、" or before.text not in gazetteer:
            continue  # (most pairs, told apart before a city is looked for)
        city = next((c for c in (m.text[:2], m.text[:3]) if c in gazetteer), None)
        if city and len(m.text) > len(city) + 1:
            out[i - 1] = EntityMention(before.text + m.text[len(city):], before.start, before.end, _AREA)
    return out


_NOT_A_LISTED_BODY = re.compile(r"的|带领|率领|以及|陪同|部署|工作")


def listed_bodies(mentions: list[EntityMention], text: str, people: list[PersonMention] = ()) -> list[EntityMention]:
    """In a list of bodies (A局、B局、C局), every item that ends as a body is one, whole as the list writes
    it, though its words alone name a kind (自然资源局, 住房和城乡建设局, 县委办).

    >>> ms = [EntityMention("财政局", 0, 3, Kind.GOV), EntityMention("资源局", 6, 9, Kind.GOV)]
    >>> [m.text for m in listed_bodies(ms, "财政局、自然资源局、市场监管局负责人参加")]
    ['财政局', '自然资源局', '市场监管局']
    """
    # (only a body a list goes on after: most are none)
    bodies = sorted((m for m in mentions if m.kind == _GOV and text.startswith("、", m.end)), key=_START)
    found: dict[tuple[int, int], EntityMention] = {}
    for m in bodies:
        at = m.end
        while text.startswith("、", at) and (item := _listed_body().match(text, at + 1)):
            name, start = item[0], item.start()
            joined = re.search("和|及", name)
            if joined and classify(name[:joined.start()], ""):  # 文旅公司|和|发改委: two items
                name = name[:joined.start()]
            if _NOT_A_LISTED_BODY.search(name) or any(start < p.end and p.start < start + len(name) for p in people):
                break  # 副县长庞宇以及…, 工作部署: the list has ended
            found[start, start + len(name)] = EntityMention(name, start, start + len(name), _GOV)
            at = start + len(name)
    if not found:
        return mentions
    kept = [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in found)]
    return sorted(kept + list(found.values()), key=_START)


# what a body written alone is before, when it names a kind of thing rather than one body: 人大代表, 政协委员,
# 人大工作, 《政协章程》
_ROLE_OF_A_BODY = re.compile(r"代表|委员|工作|章程|系统|组织|职能|自身|机关|干部|主席团|各项")


def generic_use(mention: EntityMention, text: str) -> bool:
    """Whether a body written alone is used of every such body here, not of one (人大 and 政协 always are;
    管委会 before 工作, 代表 …); or the country's name is the head of a phrase or of another's name
    (中国特色社会主义, 中国式现代化, 中国建材).

    >>> generic_use(EntityMention("管委会", 0, 3, Kind.GOV), "管委会工作人员参观"), generic_use(
    ...     EntityMention("管委会", 3, 6, Kind.GOV), "全区的管委会召开会议")
    (True, False)
    >>> generic_use(EntityMention("人大", 3, 5, Kind.GOV), "全县的人大召开会议")
    True
    >>> generic_use(EntityMention("中国", 5, 7, Kind.PLACE), "习近平新时代中国特色社会主义思想")
    True
    """
    if mention.kind == _GOV and mention.text not in words("standalone_bodies") and _any_ending().fullmatch(
            mention.text):
        return True  # 人大副主席, 政协委员: 人大 and 政协 written alone are the kind of body
    if mention.text in _COUNTRY_NAMES:
        return _HAN_WORD.match(text[mention.end:mention.end + 1]) is not None and text[mention.end] not in "的和与"
    return mention.text in words("standalone_bodies") and _ROLE_OF_A_BODY.match(text, mention.end) is not None


_COUNTRY_NAMES = frozenset({"中国", "中华人民共和国", "我国"})


# a Party committee and the government of one place, written as one (县委县政府, 东明县委县政府, 市委市政府)
_LEVEL_WORD = "|".join(names.LEVEL_WORDS)
_TWIN_BODIES = re.compile(rf"(?P<party>.*?(?:党委|(?:{_LEVEL_WORD})委))(?P<government>(?:{_LEVEL_WORD})(?:人民)?政府)")


def twin_bodies(mentions: list[EntityMention]) -> list[EntityMention]:
    """``县委县政府``: two bodies, the Party committee and the government.

    >>> [m.text for m in twin_bodies([EntityMention("东明县委县政府", 0, 7, Kind.GOV)])]
    ['东明县委', '县政府']
    """
    out = []
    for m in mentions:
        twin = _TWIN_BODIES.fullmatch(m.text) if m.kind == _GOV and m.text.endswith("政府") else None
        if twin:
            cut = m.start + twin.end("party")
            out += [EntityMention(twin["party"], m.start, cut, _GOV),
                    EntityMention(twin["government"], cut, m.end, _GOV)]
        else:
            out.append(m)
    return out


def written_in_full(mentions: list[EntityMention], text: str, texts: Sequence[str], offsets: Sequence[int]
                    ) -> list[EntityMention]:
    """A place's name that runs on into its division's suffix (喀什|地区, 延边|朝鲜族自治州): the division
    written in full, where the words (of ``texts`` at ``offsets``, in order) end with it and no other name begins.

    >>> mentions = [EntityMention("喀什", 0, 2, Kind.PLACE)]
    >>> [m.text for m in written_in_full(mentions, "喀什地区莎车县", ["喀什", "地区", "莎车县"], [0, 2, 4])]
    ['喀什地区']
    """
    starts = {m.start for m in mentions}
    out = []
    for m in mentions:
        full = names.division_at(text, m.start) if m.kind in (_PLACE, _AREA) else None
        end = m.start + len(full or "")
        if full and end > m.end and word_ending(texts, offsets, end) is not None and not any(m.end < s < end for s in starts):
            m = EntityMention(full, m.start, end, _AREA)
        out.append(m)
    return out


def zones_of_their_cities(mentions: list[EntityMention]) -> list[EntityMention]:
    """A zone named by its kind alone right after a city or county is that place's (常德|经开区 → 常德经开区,
    beside 常德): the name a reader gives it, and what it contains is in that one.

    >>> [m.text for m in zones_of_their_cities([EntityMention("常德", 0, 2, Kind.AREA),
    ...                                          EntityMention("经开区", 2, 5, Kind.AREA)])]
    ['常德', '常德经开区']
    """
    out = list(mentions)
    for i, (place, zone) in enumerate(zip(mentions, mentions[1:]), 1):
        if (place.end == zone.start and place.kind == zone.kind == _AREA and zone.text in words("zones")
                and (names.level(place.text) or names.Level.ZONE) < names.Level.ZONE):
            out[i] = EntityMention(place.text + zone.text, place.start, zone.end, _AREA)
    return out


def with_capacities(mentions: list[EntityMention], text: str) -> list[EntityMention]:
    """A project named by what it makes a year is named whole, from the firm written before it:
    河南某某机械有限公司年产 20 万件配套件项目, 某某煤业有限公司90万吨/年矿井建设项目 (the segmenter's figures
    cut it, and the part after them named nothing). The firm is named on its own too.

    >>> text = "某某机械有限公司年产 20 万件配套件项目开工"
    >>> [m.text for m in with_capacities([EntityMention("某某机械有限公司", 0, 8, Kind.ORG)], text)]
    ['某某机械有限公司', '某某机械有限公司年产 20 万件配套件项目']
    """
    out = list(mentions)
    # (a page that names no project is not searched: the pattern is slow to try at every character)
    if "项目" not in text:
        return sorted(out, key=_START)
    firms = {m.end: m for m in mentions if m.kind == _ORG and _FIRM.search(m.text)}
    for found in _CAPACITY_PROJECT.finditer(text):
        firm = firms.get(len(text[:found.start()].rstrip()))
        if firm is None and not (found["yearly"] or found["per_year"]):
            continue  # 建成1000米道路项目: a length, not what a plant makes
        start = firm.start if firm else found.start()
        out = [m for m in out if not (m.kind == _PROJECT and start <= m.start < found.end())]
        out.append(EntityMention(text[start:found.end()], start, found.end(), _PROJECT))
    return sorted(out, key=_START)


def merge(trusted: list[EntityMention], *sources: list[EntityMention]) -> list[EntityMention]:
    """``trusted`` mentions (which may nest: 高新区 in 高新区党工委), then those of
    the other sources, earlier sources first, that overlap none taken before."""
    taken: set[int] = set(itertools.chain.from_iterable(range(e.start, e.end) for e in trusted))
    out = list(trusted)
    for source in sources:
        for e in sorted(source, key=lambda e: e.start - e.end):  # longest first
            if e.kind is not None and taken.isdisjoint(range(e.start, e.end)):
                out.append(e)
                taken.update(range(e.start, e.end))
    return sorted(out, key=_START)


@cache
def _ending(suffixes: frozenset[str]) -> re.Pattern:
    return re.compile(f"(?:{alternation_of(suffixes)})$")


_PROVINCE_OR_CITY = re.compile(r"[省市]$")


def _known(name: str) -> bool:
    bare = _PROVINCE_OR_CITY.sub("", name)
    return bare in words("gazetteer") or (name in words("known_organizations")
                                          and name not in words("common_words"))


def _breaks_a_span(word: str) -> bool:
    return word in _SPAN_BREAKS or (len(word) > 1 and word in words("function_words")
                                    and word not in words("leading_verbs") and not _any_ending().search(word))


@cache
def _stops() -> frozenset[str]:
    verbs = {v for table in relation_verbs().values() for v in table}
    return words("name_stops") | words("name_followers") | frozenset(verbs)


@cache
def _not_ending_at_end() -> re.Pattern:
    return re.compile(f"(?:{'|'.join(re.escape(w) for w in words('not_endings') if len(w) >= 2)})$")


@cache
def _any_ending() -> re.Pattern:
    return re.compile("|".join(f"(?:{alternation_of(suffixes)})" for suffixes, _ in _KIND_OF_ENDING))


@cache
def _last_characters_of_endings() -> frozenset[str]:
    return frozenset(ending[-1] for suffixes, _ in _KIND_OF_ENDING for ending in suffixes)


@cache
def _final_ending() -> re.Pattern:
    return re.compile(f"(?:{_any_ending().pattern})$")


# what from_endings asks of every word of every run, a word's answer kept (the same words come again and again)
@lru_cache(maxsize=1 << 16)
def _is_division(word: str) -> bool:
    """A division's own name, not a bare suffix (高新区, not 区)."""
    return ((len(word) >= 3 or word in words("counties")) and classify(word, "") == _AREA
            and not _any_ending().fullmatch(word) and word not in words("not_endings") and word not in _stops()
            and is_real_division(word))


@lru_cache(maxsize=1 << 16)
def _may_end(word: str) -> bool:
    """Whether a name's run could end with ``word``: an ending, or a town's or village's name, which ends one
    after the division it is written in (余江区|平定乡)."""
    return _ends_a_name(word) or _town_or_village(word)


def _town_or_village(word: str) -> bool:
    """A town's or village's name, whose stem may be everyday words when written after its division."""
    return len(word) >= 3 and (names.level(word) or 0) >= names.Level.TOWN


@lru_cache(maxsize=1 << 16)
def _ends_a_name(word: str) -> bool:
    if word[-1] not in _last_characters_of_endings():
        return False  # most words: no pattern of endings tried
    if _any_ending().fullmatch(word):
        return True
    # a division word must name one (新华区|粮油区: 粮油区 ends nothing)
    return (_final_ending().search(word) is not None
            and not _not_ending_at_end().search(word)  # 干部, and 村干部 like it
            and (classify(word, "") != _AREA or is_real_division(word)))


@cache
def _listed_body() -> re.Pattern:
    # one item of a list of bodies: a name and a body's ending, up to the list's next separator or its end
    return re.compile(rf"[{HAN}]{{1,14}}?(?:{alternation('gov_suffixes')})(?=、|等|和|及|，|。|；|负责|主要|相关|有关|$)")
