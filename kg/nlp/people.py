"""Officials and their titles, found by the shape of Chinese news prose.

Names are found where the prose all but announces them: right after a title
chain (``市政协副主席、高新区(示范区)党工委书记吕沛``), in a list after a group
word (``区领导杨有军、许海玲``), after a known name and ``、``; then every other
mention of a name found so is found too.  A name is a surname from
``lexicons/surnames.txt`` and one or two more characters, and must end where a
punctuation mark or a word of ``lexicons/name_followers.txt`` begins.

All offsets are into the normalised text (see :func:`kg.text.normalize`).

>>> found = find_people("市政协副主席、高新区（示范区）党工委书记吕沛主持召开会议。区领导杨有军、许海玲出席会议。")
>>> [(p.name, [t.text for t in p.titles]) for p in found]
[('吕沛', ['市政协副主席', '高新区（示范区）党工委书记']), ('杨有军', []), ('许海玲', [])]
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial

from .. import names
from ..lexicon import alternation, first_of, starts_of, words
from ..text import HAN, from_the_left, places_of

__all__ = ["PersonMention", "TitleMention", "find_people", "names_cued", "plausible_name", "jurisdiction", "occurrences",
           "title_head", "title_head_at_end", "title_starts",
           "title_start_positions"]

_PUNCT = "，、。；：！？）（“”‘’《》 \n—…·"
# last characters of place and body names, never of a person's (高新区, 城管局)
_NOT_NAME_ENDINGS = frozenset("区县市省镇乡村路街委局办厅部处科院校园站所队会府")
# of those, the ones no name written after a title ends with (高园, 李院 are names; 区政府, 来我县 are not)
_NEVER_NAME_ENDINGS = frozenset("区县市省镇乡村路街委局办厅部处府")


@dataclass(frozen=True)
class TitleMention:
    text: str
    start: int
    end: int
    full: str | None = None  # with the jurisdiction of the chain's first title filled in


@dataclass
class PersonMention:
    name: str
    start: int
    end: int
    titles: list[TitleMention] = field(default_factory=list)
    reporter: bool = False  # named in a press credit (记者X), not an actor of the news
    short: bool = False  # the text says surname and title (徐区长) for ``name``


_TITLE_IS = re.compile(r"(?:是|为)：")
_HAN_RUN = re.compile(f"[{HAN}]+")
_ASIDE = re.compile(rf"（[{HAN}]{{1,6}}）")


# the lists of names are walked again by each pass of find_people over a text (a second with the NER's names)
@lru_cache(maxsize=256)
def name_at(text: str, pos: int) -> str | None:
    """The person's name starting at ``pos``, if one plausibly does."""
    s = _surname_len(text, pos)
    if not s:
        return None
    follower = _patterns()["follower"]

    def ends(length: int) -> str | None:  # "strong", "weak" or None
        cand, end = text[pos:pos + length], pos + length
        if len(cand) < length or not _HAN_RUN.fullmatch(cand) or not _could_be_name(cand):
            return None
        if end == len(text) or text[end] in _PUNCT:
            return "strong"
        if text[end].isdigit():
            return "weak"  # 陈延荣12月30日来调研: a date after the name
        m = follower.match(text, end)
        if m:
            return "strong" if len(m.group(0)) > 1 else "weak"
        # 从永刚|开展: a verb or adverb of two characters or more starts the prose after a name
        prose = words("function_words")
        return "weak" if text[end:end + 2] in prose or text[end:end + 3] in prose else None

    short, long_ = s + 1, s + 2
    if text[pos:pos + short] in words("not_names") or text[pos:pos + long_] in words("not_names"):
        return None
    # 吕沛以《…》: a third character that is itself a follower belongs to the prose
    third_follows = follower.fullmatch(text[pos + short:pos + long_]) is not None
    if ends(long_) == "strong" and not (third_follows and ends(short)):
        return text[pos:pos + long_]
    if ends(short):
        return text[pos:pos + short]
    if ends(long_):
        return text[pos:pos + long_]
    return None


# a name written in transcription, its parts joined by a middle dot: 阿不都热依木·艾买提, 麦苏木·亚生
_DOTTED_NAME = re.compile(rf"[{HAN}]{{1,8}}(?:[·•・][{HAN}]{{1,8}})*[·•・]")


def dotted_name_at(text: str, pos: int) -> str | None:
    """A transcribed name at ``pos``, its last part as long as punctuation or a following word lets it be.

    >>> dotted_name_at("阿不都热依木·艾买提主持会议", 0)
    '阿不都热依木·艾买提'
    """
    m = _DOTTED_NAME.match(text, pos)
    if m is None:
        return None
    follower = _patterns()["follower"]
    weak = None  # ended by a one-character word, which may as well be the name's (阿不|都满金)
    for end in range(m.end() + 1, min(m.end() + 8, len(text)) + 1):
        if not _HAN_RUN.fullmatch(text[end - 1]):
            break
        follows = follower.match(text, end)
        if end == len(text) or text[end] in _PUNCT or (follows and len(follows.group(0)) > 1):
            return text[pos:end]
        weak = weak or (text[pos:end] if follows else None)
    return weak


def unsurnamed_at(text: str, pos: int) -> str | None:
    """A name right after a title that starts with no surname of the list (旗人大常委会副主任宝龙先后到…,
    an ethnic group's name or a surname the list lacks): two to six characters, the fewest that a word
    following names (先后, 一行, 主持…) or a punctuation mark ends, if they are no everyday word.

    >>> unsurnamed_at("宝龙先后到格日朝鲁苏木", 0), unsurnamed_at("调研组先后到", 0)
    ('宝龙', None)
    """
    # a surname starts it: name_at read two and three characters, and found no name there (白加扎西)
    shortest = 4 if _surname_len(text, pos) else 2
    follower = _patterns()["follower"]
    for length in range(shortest, 7):
        name = text[pos:pos + length]
        if (len(name) < length or not _HAN_RUN.fullmatch(name) or not _could_be_name(name)
                or _PROSE_CHARACTERS & set(name)):
            return None
        if (any(name[:n] in vocabulary for n in (2, 3, 4) for vocabulary in _everyday())
                or (length > 2 and any(name[-2:] in vocabulary for vocabulary in _everyday()))
                or title_head().search(name)):
            return None  # 调研组, 一行, 强调, 拧紧思想, 会副主任: prose or a title, not a name
        rest = text[pos + length:pos + length + 1]
        follows = follower.match(text, pos + length)
        if (rest in ("", *_PUNCT) and length <= 4) or (follows and len(follows.group(0)) > 1):
            return name
    return None


# characters of prose that names written in Chinese characters seldom hold: 委员|会成员, 付长新|打电话
_PROSE_CHARACTERS = frozenset("的了们会和与在是为对把被将有这那个一也就都说打要给让从向以及等中丨")


# a word after a name that would end a three-character one: 高园|等, 王伟|和
_LAST_NOT_OF_A_NAME = frozenset("等和与及同")


def plausible_name(name: str) -> bool:
    """Whether a name another component proposes (the NER) looks like a person's name.

    >>> plausible_name("徐永贵"), plausible_name("高新区"), plausible_name("习近平")
    (True, False, True)
    """
    s = _surname_len(name, 0)
    return (bool(s) and 1 <= len(name) - s <= 2 and _HAN_RUN.fullmatch(name) is not None
            and not _short_form_re().fullmatch(name)  # 徐区长: an official called by surname and title
            and name not in words("not_names") and name not in words("common_words")
            and name[-1] not in _NOT_NAME_ENDINGS)


# a title's place: up to the word of a level (市, 旗, 街道 …), where such a word follows only as a head of its own
_LEVEL_WORD = "|".join(names.LEVEL_WORDS)
_JURISDICTION = re.compile(rf"^(.{{1,12}}?(?:{_LEVEL_WORD})(?:（[^）]*）)?)"
                           rf"(?=(?!{_LEVEL_WORD})[^）]|(?:{_LEVEL_WORD})[长委])")


def jurisdiction(title: str) -> str | None:
    """The leading place of a title: ``高新区（示范区）`` of ``高新区（示范区）党工委书记``.

    >>> jurisdiction("洛阳市市长"), jurisdiction("鹿鸣旗政协主席"), jurisdiction("柳湾街道党工委书记")
    ('洛阳市', '鹿鸣旗', '柳湾街道')
    """
    # 洛阳市|市长: a division word may start the rest only as a head of its own (市长, 县委)
    m = _JURISDICTION.match(title)
    return m.group(1) if m and len(m.group(1)) >= 2 else None


def find_people(text: str, known: frozenset[str] = frozenset()) -> list[PersonMention]:
    """Every person mention in ``text`` (normalised), titles attached where written."""
    # copies, the rules below change some (made by keywords: dataclasses.replace reads the fields again at each)
    found = {p.start: PersonMention(**vars(p)) for p in _by_cues(text)}
    by_rule = {p.name for p in found.values()}
    names = set(known) | by_rule
    if names:
        covered = {i for p in found.values() for i in range(p.start, p.end)}
        for start, name in occurrences(text, names):
            # a name only the NER proposed must end where names do (not 李官|社区, 曹咀自|排涵工程)
            if start not in covered and (name in by_rule or _ends_a_name(text, start + len(name))):
                found[start] = PersonMention(name, start, start + len(name))
    for mention in sorted(found.values(), key=lambda p: p.start):
        _extend_list(text, mention, found)
    _short_forms(text, found)
    _appointed(text, found)
    _titles_end_at_names(text, found)
    return sorted((p for p in found.values() if p.titles or not _in_a_list_of_places(text, p)),
                  key=lambda p: p.start)


def names_cued(text: str) -> set[str] | None:
    """The names :func:`find_people` finds in ``text`` (with no names known), read off the cues alone without the
    rest of its work, where they tell them: every name a cue announces is found, unless the only mentions of one are
    items of a list of places (:func:`_in_a_list_of_places`, where the rest tells); ``None`` where a cued name
    may be such an item.

    >>> names_cued("区委书记吕沛主持会议。吕沛强调"), names_cued("会议指出，平店、袁老、魏集等乡镇要抓好")
    ({'吕沛'}, None)
    """
    cued = _by_cues(text)
    # every other mention find_people adds is named as a cued one is, and a cued one is never dropped for another
    if any(_in_a_list_of_places(text, p) for p in cued):
        return None
    return {p.name for p in cued}


@lru_cache(maxsize=1)  # govkg_people asks again of the same text with the NER's names
def _by_cues(text: str) -> tuple[PersonMention, ...]:
    """The people the words before them announce: a title chain, a group word, a clause starting with a list
    of names; and the names listed after theirs."""
    found: dict[int, PersonMention] = {}
    pat = _patterns()
    for m in _title_ends(text):
        at = m.end() + (text[m.end()] in " \u3000")
        if (named := _TITLE_IS.match(text, m.end())) is not None:
            at = named.end()  # 执行主席是：A、B、C: the title over the list that follows
        elif (aside := _ASIDE.match(text, m.end())) is not None:
            at = aside.end()  # 副州长（援青）荣红智, 副主委（兼）曾庆钻
        name = dotted_name_at(text, at) or name_at(text, at) or unsurnamed_at(text, at)
        if name:
            chain = _title_chain(text, m.end())
            if chain:
                found[at] = PersonMention(name, at, at + len(name), chain)
    for m in pat["group"].finditer(text):
        reporter = m.group(0).endswith(("记者", "通讯员"))
        at = m.end()
        while reporter and at < len(text) and text[at] in " \u3000":
            at += 1  # （记者 王明）: a credit may space its names
        name = name_at(text, at)
        if name and at not in found:
            found[at] = PersonMention(name, at, at + len(name), reporter=reporter)
    _bare_lists(text, found)
    # lists: a found name followed by 、 and another name
    for mention in sorted(found.values(), key=lambda p: p.start):
        _extend_list(text, mention, found)
    return tuple(found.values())


def _title_ends(text: str) -> Iterator[re.Match]:
    """What ``_patterns()["title_end"].finditer(text)`` finds, tried only where a title's head starts (found once a
    text, :func:`title_start_positions`), not searched for through every character again."""
    title_end, end = _patterns()["title_end"], 0
    for at in title_start_positions(text):
        if at >= end and (m := title_end.match(text, at)) is not None:
            end = m.end()
            yield m


_JOINED = re.compile(r"(?:和|与|及|以及|、|，)?")


# a list that says it lists places or units: 到平店、袁老、魏集等乡镇调研
_LIST_OF_PLACES = re.compile(rf"(?:[{HAN}]{{2,8}}、)*[{HAN}]{{2,8}}等(?:乡镇|镇|乡|村|社区|街道|地|县区|县市区|单位|企业|部门|处)")


def occurrences(text: str, names: set[str] | frozenset[str]) -> list[tuple[int, str]]:
    """Where ``names`` occur in ``text``, from the left, the longest at a place, none overlapping: what
    ``re.finditer`` of their alternation, longest first, finds, without compiling a pattern for each article's
    names (a thousand compilations were a tenth of the fast pipeline's time).

    >>> occurrences("王明、王明华和明华", {"王明", "王明华", "明华"})
    [(0, '王明'), (3, '王明华'), (7, '明华')]
    """
    at: dict[int, str] = {}
    for name in names:
        if not name:
            continue
        for i in places_of(name, text):
            if len(name) > len(at.get(i, "")):
                at[i] = name
    return from_the_left(at)


# 当选为/担任/挂任 T, or 为 T where the sentence elects or appoints (选举X为T, 推选A为团长，B为副团长) (H3)
_APPOINTED = re.compile(r"(?:同志)?，?(?P<verb>当选为|当选|担任|挂任|兼任|出任|为)(?P<title>[^，。；、：！？]{2,40}?)(?=[，。；！？]|$)")
_ELECTING = re.compile(r"选举|推选|任命|当选|产生|决定")
_NOMINATED = re.compile(r"候选人|提名人选|人选")


@cache
def title_head() -> re.Pattern:
    """A title's head word, with its rank (总, 副, 常务) if written: what may follow a name (吕沛|书记)."""
    return re.compile(f"(?:{'|'.join(_TITLE_RANKS)})?(?:{alternation('title_heads')})")


def title_head_at_end() -> re.Pattern:
    """A title's head ending a text: 书记 of 市委书记."""
    return _patterns()["head_at_end"]


@cache
def title_starts() -> re.Pattern:
    """Where a title's head (:func:`title_head`) starts, every place (they may overlap: 副|书记).

    >>> [m.start() for m in title_starts().finditer("吕沛副书记")]
    [2, 3]
    """
    return starts_of(frozenset({*words("title_heads"),
                                *(rank + head for rank in _TITLE_RANKS for head in words("title_heads"))}))


@lru_cache(maxsize=1)  # govkg_people reads them of a text twice: names_before_titles, _short_form_spans
def title_start_positions(text: str) -> tuple[int, ...]:
    """Where :func:`title_starts` finds a title's head starting in ``text``."""
    return tuple(map(re.Match.start, title_starts().finditer(text)))


_TITLE_RANKS = ("总", "副", "常务")  # a title head's rank, written before it


def _appointed(text: str, found: dict[int, PersonMention]) -> None:
    """Titles a sentence elects or appoints people to, after their names (H3); not a nomination."""
    for person in list(found.values()):
        m = _APPOINTED.match(text, person.end)
        if not m or _NOMINATED.search(m["title"]) or not _patterns()["head_at_end"].search(m["title"]):
            continue
        sentence_start = max(text.rfind(c, 0, person.start) for c in "。！？\n") + 1
        if m["verb"] == "为" and not _ELECTING.search(text, sentence_start, person.start):
            continue
        title = TitleMention(m["title"], m.start("title"), m.end("title"))
        if all(t.text != title.text for t in person.titles):
            person.titles = [*person.titles, title]


_BARE_LIST = re.compile(rf"[{HAN}]{{2,4}}(?:、[{HAN}]{{2,4}})+")
# a clause's mark where such a list may follow: searched for by its class (a pattern led by one is skipped through at
# C level to where it may match; one led by ^ or a lookbehind is tried at every character of a page)
_MARK_BEFORE_A_LIST = re.compile(rf"[，。；：！？\n（](?=[{HAN}]{{2,4}}、)")


def _bare_lists(text: str, found: dict[int, PersonMention]) -> None:
    """``容长贵、熊晋喜、柯尊玉分别参加…``: a list of names with no title before it, at a clause's
    start, each a surname and one or two characters, the list ending where names end."""
    # a list starts the text or follows a mark, and holds none: each is matched where one may start
    starts = [0, *map(re.Match.end, _MARK_BEFORE_A_LIST.finditer(text))]
    for m in filter(None, map(partial(_BARE_LIST.match, text), starts)):
        *items, last = m[0].split("、")
        last = name_at(text, m.end() - len(last)) or ""  # the list runs on into the prose: 柯尊玉|分别
        items.append(last)
        if not last or not all(name_at(item + "、", 0) == item for item in items[:-1]):
            continue
        pos = m.start()
        for item in items:
            found.setdefault(pos, PersonMention(item, pos, pos + len(item)))
            pos += len(item) + 1


def _ends_a_name(text: str, end: int) -> bool:
    """Whether a name may end at ``end``: before punctuation, a word that follows names, or a title."""
    return (end == len(text) or text[end] in _PUNCT or _patterns()["follower"].match(text, end) is not None
            or title_head().match(text, end) is not None)


@cache
def _short_form_re() -> re.Pattern:
    # a surname's first character asked first, by lookahead: the surnames' alternation is slow to try at every
    # character of a page
    return re.compile(f"{first_of(words('surnames'))}(?:{alternation('surnames')})(?:{alternation('title_heads')})")


def _short_forms(text: str, found: dict[int, PersonMention]) -> None:
    """``徐区长``, ``卢处长一行``: an official the article names in full, called by surname and title.

    The one of that surname whose titles hold the title, else the only one of that surname."""
    covered = {i for p in found.values() for i in range(p.start, p.end)}
    people = {p.name: p for p in found.values() if not p.short and not p.reporter}
    for start, end in _short_form_spans(text):
        if start in covered or not _ends_a_name(text, end):
            continue
        surname_len = _surname_len(text, start)
        head = text[start + surname_len:end]
        same = [p for p in people.values() if p.name.startswith(text[start:start + surname_len])
                and len(p.name) > surname_len]
        titled = [p for p in same if any(head in t.text for t in p.titles)]
        match = titled if titled else same
        if len({p.name for p in match}) == 1:
            found[start] = PersonMention(match[0].name, start, end, short=True)


@lru_cache(maxsize=1)  # govkg_people asks again of the same text with the NER's names
def _short_form_spans(text: str) -> tuple[tuple[int, int], ...]:
    """What ``_short_form_re().finditer(text)`` finds, tried only a surname's length before where a title's head
    starts, not at every character."""
    spans: list[tuple[int, int]] = []
    for at in sorted({head - n for head in title_start_positions(text) for n in _surname_lengths() if head >= n}):
        if (not spans or at >= spans[-1][1]) and (m := _short_form_re().match(text, at)):
            spans.append(m.span())
    return tuple(spans)


@cache
def _surname_lengths() -> frozenset[int]:
    return frozenset(map(len, words("surnames")))


def _extend_list(text: str, first: PersonMention, found: dict[int, PersonMention]) -> None:
    """``A、B、C``: the names listed after a found one share its role and the titles written before
    the list (县委常委张三、李四、王五); a press credit may list them with spaces (（记者 王明 李华））."""
    separators = "、 " if first.reporter else "、"
    pos = first.end
    while pos < len(text) and text[pos] in separators:
        name = name_at(text, pos + 1)
        if not name:
            return
        listed = found.setdefault(pos + 1, PersonMention(name, pos + 1, pos + 1 + len(name), reporter=first.reporter))
        if not listed.titles:
            listed.titles = list(first.titles)
        pos = pos + 1 + len(name)


@cache
def _patterns() -> dict[str, re.Pattern]:
    heads = alternation("title_heads")
    groups = alternation("group_words")
    return {
        # 沙沟镇镇长 刘彦成: a space may part them; 副州长（援青）荣红智: an aside
        "title_end": re.compile(rf"(?:{heads})(?=[ \u3000]?[{HAN}]|（[{HAN}]{{1,6}}）[{HAN}])"),
        "group": re.compile(rf"(?:{groups})(?=[ \u3000]?[{HAN}])"),
        "follower": re.compile(rf"(?:{alternation('name_followers')})"),
        "head_at_end": re.compile(rf"(?:{heads})$"),
        "prefix": re.compile(rf"^(?:{alternation('title_prefixes')})"),
        "left_stop": re.compile(alternation("title_left_stops")),
    }


def _surname_len(text: str, pos: int) -> int:
    if text[pos:pos + 2] in words("surnames"):
        return 2
    return 1 if text[pos:pos + 1] in words("surnames") else 0


@cache
def _everyday() -> tuple[frozenset[str], ...]:
    return words("common_words"), words("function_words"), words("name_followers"), words("generic_words")


def _could_be_name(name: str) -> bool:
    """Not a place's or body's name (区政府, 来我县), nor a verb or adverb (应邀, 相关)."""
    return (name[-1] not in _NEVER_NAME_ENDINGS and name not in words("function_words")
            and not (len(name) > 2 and name[-1] in _LAST_NOT_OF_A_NAME))


def _title_chain(text: str, end: int) -> list[TitleMention]:
    """The titles written right before position ``end`` (where a name starts); a group of titles before
    a comma is the same person's too (区委副书记、区长，园区党工委书记、管委会主任张庆国)."""
    titles = _titles_before(text, end)
    start = titles[0].start if titles else end
    while titles and start > 1 and text[start - 1] == "，":
        more = _titles_before(text, start - 1)
        if not more or _run_start(text, start - 1) != more[0].start:
            break  # what comes before the comma is not titles only (县委书记王某，县长…)
        titles = more + titles
        start = more[0].start
    return titles


def _run_start(text: str, end: int) -> int:
    """Where the run of characters (and brackets and 、) ending at ``end`` starts; ，、 counts as 、."""
    # the run read back from its end: searched forward in the text reversed, only as far as the run goes
    backwards = _reversed(text)
    m = _RUN_BREAK_BACKWARDS.search(backwards, len(text) - end)
    return len(text) - m.start() if m else 0


# what ends a run of _run_start, read backwards: neither a character, a bracket nor 、, nor ， before 、 (，、 counts
# as 、), which reads backwards as ， after 、
_RUN_BREAK_BACKWARDS = re.compile(rf"[^{HAN}（）、，]|(?<!、)，")


@lru_cache(maxsize=1)  # a text's title chains read back from each name, more than once
def _reversed(text: str) -> str:
    return text[::-1]


def _titles_before(text: str, end: int) -> list[TitleMention]:
    start = _run_start(text, end)
    run = text[start:end]
    stops = list(_patterns()["left_stop"].finditer(run))
    # a stop word only cuts if a title still starts after it
    for m in reversed(stops):
        if _patterns()["prefix"].match(run[m.end():]) or re.match(r"^[^、]{2,}", run[m.end():]):
            head = run[:m.end()]
            if not _patterns()["head_at_end"].search(head.split("、")[-1] or "-"):
                start += m.end()
                run = run[m.end():]
            break
    titles: list[TitleMention] = []
    offset = start
    for item in run.split("、"):
        item_start = offset
        offset += len(item) + 1
        item = item.removesuffix("，")  # 县委副书记，、县长
        if not item or not _patterns()["head_at_end"].search(item) or item in words("group_words"):
            titles = []  # only the items right before the name form its chain
            continue
        titles.append(TitleMention(item, item_start, item_start + len(item)))
    if titles:
        place = jurisdiction(titles[0].text)
        titles = [
            t if i == 0 or not place or _patterns()["prefix"].match(t.text) or jurisdiction(t.text)
            else TitleMention(t.text, t.start, t.end, place + t.text)
            for i, t in enumerate(titles)
        ]
    return titles


def _titles_end_at_names(text: str, found: dict[int, PersonMention]) -> None:
    """A title runs back no further than another's name: 省委书记蒋超良和|市委书记李乐成."""
    starts = sorted(found)
    for person in found.values():
        titles = []
        for t in person.titles:
            inside = [found[s] for s in starts if t.start <= s < t.end and found[s] is not person]
            if inside:
                cut = inside[-1].end
                cut += len(_JOINED.match(text, cut)[0])
                t = TitleMention(text[cut:t.end], cut, t.end, t.full and t.full[-(t.end - cut):])
            if t.text:
                titles.append(t)
        person.titles = titles


def _in_a_list_of_places(text: str, person: PersonMention) -> bool:
    """Whether an untitled name is an item of a list that ends by saying it lists places or units."""
    if person.start and text[person.start - 1] not in "、，。；：！？\n到赴在":
        return False
    m = _LIST_OF_PLACES.match(text, person.start)
    return m is not None and (person.end == m.end() or text[person.end] in "、等")
