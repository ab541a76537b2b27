"""Stage 4, extract: an article and its analysed ``Doc`` → :class:`~kg.model.ArticleFacts`.

>>> from kg.model import Article
>>> from kg.nlp import load
>>> from kg.text import view
>>> text = "本报讯（记者郭树勋）6月25日下午，区委书记赵海燕主持召开全区工作会议。区领导杨有军、许海玲出席会议。"
>>> art = Article("a1", "p.txt", "全区工作会议召开", text, year=2023)
>>> facts = extract(art, load()(view(text).text))
>>> sorted((f.relation, f.subject) for f in facts.facts)
[('attended', '杨有军'), ('attended', '许海玲'), ('chaired', '赵海燕')]
>>> facts.events[0].name, str(facts.events[0].date)
('全区工作会议', '2023-06-25')
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import date
from functools import cached_property
from operator import attrgetter

from spacy.tokens import Doc

from ..dates import month_days
from ..model import BODY_KINDS, PLACE_KINDS, Article, ArticleFacts, Event, Fact, Kind, Membership, Mention, Span
from ..lexicon import relation_verbs, words
from ..nlp.doc import offsets_of, sentences_of, text_of, texts_of
from .. import names
from ..names import is_generic
from ..nlp.entities import ROAD, EntityMention, classify, is_named, is_real_division, name_ending, named_mention, title_body
from ..nlp.people import PersonMention
from ..text import HAN, View, normalize, view
from .events import EVENT_VERBS, events_spoken_at, held_events, is_ceremony, is_meeting, meeting_names
from . import places, projects
from .relations import Trigger, topic, trigger_words, triggers
from .visits import Party, Site, Visit, companions, led_before, leaders, visit_words, visits

__all__ = ["extract", "imply_locations"]

# Kind's members read once: reading one runs the enum's metaclass code, and these loops ask it of every mention
_PERSON, _AREA, _PROJECT = Kind.PERSON, Kind.AREA, Kind.PROJECT
_UNNAMED_PROJECTS = frozenset({Kind.PLACE, Kind.ORG})  # what a project may have been taken for (see _as_projects)
_SPEECH_AFTER = re.compile(r"(?:讲话|致辞|指出|要求|强调|表示|说)")
# a meeting the text speaks of without naming it being held: 座谈会上, 在随后召开的座谈会上, 会上; 举行座谈. Two
# patterns, each starting with a group or alternation of words, so that a search skips to their first characters (an
# alternation of groups is tried at every character); they start with different characters, so the first found is the
# one their alternation would find
_MEETING_SPOKEN_OF = (re.compile(r"(座谈会|座谈|推介会|见面会|交流会|会议|大会|仪式|会)上[，,]"),
                      re.compile(r"(?:举行|进行|召开)了?(座谈交流|座谈|会谈)"))
# what follows the speakers of a speech that is relayed or quoted, not given here (S2): 王海重要讲话,
# 习近平总书记强调, 以习近平新时代…思想为指导, 以习近平同志为核心的党中央…要求
_RELAYED = re.compile(r"(?:同志)?的?(?:重要讲话|讲话精神|重要指示|总书记|新时代)|同志为核心")
# a pronoun subject at a clause's start, right before a verb: 他指出, 她在讲话中强调
_PRONOUN = re.compile(r"(?:他|她)[^，。；]{0,10}$")


def extract(article: Article, doc: Doc) -> ArticleFacts:
    """Every fact of one article, with the sentence it rests on."""
    x = _Extraction(article, doc)
    people = [p for p in x.people if not p.reporter]
    starts = [p.start for p in people]  # sorted: find_people returns them in text order
    entities = list(map(x.entities.__getitem__, x.by_start))
    entity_starts = x.entity_starts
    x.listed_projects = projects.listed(x.text, set(entity_starts) | set(starts))
    current = article.date
    # the words a rule cannot hold without, found by one search of the whole text: a sentence they do not touch is
    # skipped by a bisection, not searched again by each rule (most sentences hold no event, trigger or visit)
    events_at, verbs_at, visits_at = (_Touched(pattern, x.text) for pattern in (
        EVENT_VERBS, trigger_words(), visit_words()))
    for start, end in sentences_of(doc):
        span = Span(start, end)
        x.out.sentences.append(span)
        dated = [d for _, _, d in month_days(x.text[start:end], article.year, article.date) if d]
        current = dated[0] if dated else current
        x.dated_here = bool(dated)
        in_sentence = people[bisect_left(starts, start):bisect_left(starts, end)]
        for e in entities[bisect_left(entity_starts, start):bisect_left(entity_starts, end)]:
            x.out.mentions.append(Mention(x.orig(e.start, e.end) if e.text == x.text[e.start:e.end] else e.text,
                                          e.kind, e.start, e.end))
        for p in in_sentence:
            # 徐区长 is a mention of 徐永锋, named so elsewhere
            x.out.mentions.append(Mention(p.name if p.short else x.orig(p.start, p.end), _PERSON, p.start, p.end))
            for t in p.titles:
                full = None
                if t.full:  # the jurisdiction is written at the head of the chain's first title
                    place = x.orig(p.titles[0].start, p.titles[0].start + len(t.full) - len(t.text))
                    full = place + x.orig(t.start, t.end)
                x.out.memberships.append(Membership(x.orig(p.start, p.end), x.orig(t.start, t.end), full,
                                                    title_body(t), current, span))
        if events_at.touch(start, end):
            _events(x, start, end, current, span)
        _spoken_at(x, in_sentence, start, end, current, span)
        verbs = triggers(x.text, words, in_sentence) if (words := verbs_at.within(start, end)) else []
        _relations(x, in_sentence, verbs, start, end, current, span)
        _escorts(x, in_sentence, start, end, current, span)
        if visits_at.touch(max(0, start - 2), end):  # (visits reads from two characters back)
            _inspected(x, in_sentence, verbs, start, end, span)
    for party in x.parties:  # sites a party visited with nobody named (代表团先后前往…): its members'
        for target, span in party.sites:
            for name in party.members:
                x.fact("inspected", name, target, span)
    named = {normalize(m.text) for m in x.out.mentions}  # (from here on only _mention adds mentions)
    for a, b in x.listed_projects:  # 先后来到A、B等项目现场: each item a project, named whole
        x.project_sites.add(x.text[a:b])
        _mention(x.out, named, x.orig(a, b), Span(a, b), Kind.PROJECT)
    x.out.mentions = _as_projects(x)
    for ev in x.out.events:  # a host or venue the entity finder missed is still a thing
        for name, kind in ((ev.organizer, Kind.GOV), (ev.location, Kind.PLACE)):
            if name:
                _mention(x.out, named, name, ev.sentence, kind)
    stated = places.written(sorted(x.out.mentions, key=lambda m: m.start), x.text)
    stated += places.adjacent(x.text, x.word_starts, {normalize(m.text) for m in x.out.mentions
                                                             if m.kind in PLACE_KINDS}, x.orig,
                              [(m.start + at, m.end) for m in x.out.mentions if m.kind != _AREA
                               and (at := places.ending_start(normalize(m.text))) is not None])
    stated += places.situated(x.out.mentions, x.text)
    stated += places.owned(x.out.mentions, x.text)
    stated += places.referred(x.out.mentions, x.text, lambda offset: x.out.sentence_at(offset).start)
    stated += places.visited(x.out.mentions, x.text, lambda offset: x.out.sentence_at(offset).start,
                             {c.inner for c in stated})
    for c in stated:
        x.fact("locatedIn", c.inner, c.outer, x.out.sentence_at(c.mention.start))
        _mention(x.out, named, c.inner, c.mention)
        _mention(x.out, named, c.outer, c.mention)
    for m in list(x.out.mentions):  # 四川省人民政府, 内蒙古师范大学: the places a body is named after are named too
        name = normalize(m.text)
        if m.kind in BODY_KINDS and len(name) == len(m.text):
            at = 0
            for step in places.chain(name, set()):
                _mention(x.out, named, m.text[at:at + len(step)], m, Kind.AREA)
                at += len(step)
    for a, b in names.outlets(x.text):  # 来源：X网, X讯: the outlets a page credits
        _mention(x.out, named, x.orig(a, b), Span(a, b), Kind.ORG)
    x.out.mentions = [m for m in x.out.mentions if not places.a_kind_of_place(m.text)]
    x.out.facts = [f for f in x.out.facts if not (f.relation in ("locatedIn", "inspected") and (
        places.a_kind_of_place(f.obj) or places.a_kind_of_place(f.subject)))]
    if x.view.offsets is None:  # the view is the article's text normalised: not made again after extraction
        x.out.normalized_text = x.text
    return _in_original(x.out, x.view)


def imply_locations(results: list[ArticleFacts]) -> None:
    """Add the ``locatedIn`` facts each article's district implies (see :mod:`.places`).

    An article that names no district is taken to be about its page's: the
    one the page's articles name most.  The facts are marked implied and
    given a lower confidence.
    """
    pages: dict[str, Counter] = defaultdict(Counter)
    own = {}
    for r in results:
        own[r.article.id] = places.home_district(r.mentions), places.home_city(r.mentions)
        pages[r.article.path].update([own[r.article.id][0]] if own[r.article.id][0] else [])
    for r in results:
        district, city = own[r.article.id]
        district = district or next(iter(pages[r.article.path].most_common(1)), ("",))[0]
        inside = {f.subject: f.obj for f in r.facts if f.relation == "locatedIn"}
        implied = places.implied(r.mentions, district, city, inside)
        named = {normalize(m.text) for m in r.mentions} if implied else set()
        for c in implied:
            r.facts.append(Fact("locatedIn", c.inner, c.outer, r.sentence_at(c.mention.start), 0.6, True))
            _mention(r, named, c.outer, c.mention)


class _Touched:
    """The spans of a text a pattern's matches touch, asked of span after span: its matches found by one search of
    the whole text.  Every place a match of a literal alternation starts inside a span is inside one of these
    matches or starts one, so a span none touches holds none, whatever it is searched for alone."""

    def __init__(self, pattern: re.Pattern, text: str):
        self.pattern, self.text = pattern, text
        found = list(pattern.finditer(text))  # (read at C level: a text has hundreds of trigger words)
        self.starts = list(map(re.Match.start, found))
        self.ends = list(map(re.Match.end, found))

    def touch(self, start: int, end: int) -> bool:
        """Whether a match overlaps ``start:end``."""
        first = bisect_right(self.ends, start)  # the first match that ends after start (matches do not overlap)
        return first < len(self.starts) and self.starts[first] < end

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of the matches in ``start:end``, as a search of it alone finds them: the whole text's (a
        search of a literal alternation from where a match ended tries the same places as one from ``start``),
        unless one of those runs across its edges, where a search of it alone finds others."""
        first, last = bisect_right(self.ends, start), bisect_left(self.starts, end)
        if first < last and (self.starts[first] < start or self.ends[last - 1] > end):
            return list(map(re.Match.span, self.pattern.finditer(self.text, start, end)))
        return list(zip(self.starts[first:last], self.ends[first:last]))


def _events(x: _Extraction, start: int, end: int, when: date | None, span: Span) -> None:
    """The meetings a sentence names being held (召开X), and the events it names before the verb that holds them,
    with who hosted them and where (由A主办的X在B举行)."""
    for m in meeting_names(x.text[start:end]):
        x.event(x.named(m, start), when, span)
    for m in held_events(x.text[start:end]):
        ev = x.event(x.named(m, start), when, span)
        if m["organizer"]:
            ev.organizer = x.orig(start + m.start("organizer"), start + m.end("organizer"))
        if m["place"]:
            ev.location = x.orig(start + m.start("place"), start + m.end("place"))


def _inspected(x: _Extraction, people: list[PersonMention], verbs: list[Trigger], start: int, end: int,
               span: Span) -> None:
    """``吕沛先后到A、B等地调研``, ``在A，暗访组…检查``: who inspected which sites (see :mod:`.visits`);
    ``verbs``: the sentence's :func:`.relations.triggers`."""
    found_visits = visits(x.text, start, end)
    if not found_visits:  # most sentences: nothing more to read
        return
    # the people of another relation's verb (陪同, 主持…) are not the visitors of what follows it
    boundaries = [t.end for t in verbs if t.relation != "inspected"]
    scope = _SCOPE.match(x.text, start)  # 在常州市新北区，代表们先后前往A、B: A and B are in 新北区
    # 在常州市新北区，: the innermost of the divisions written
    outer = names.chain(scope["place"]) if scope else []
    place_start = scope.start("place") + sum(map(len, outer)) if scope else 0
    place = x.text[place_start:scope.end("place")] if scope else None
    place = place if place and names.level(place) is not None else None
    for visit in found_visits:
        visitors = _visitors(x, people, visit, start, end, boundaries)
        found = [(site, _site_entity(x, site, visit.objects)) for site in visit.sites]
        if len(found) >= 2 and any(target for _, target in found):  # 华兰生物、正大航空、氢能产业园: named alike
            found = [(site, target or _site_as_listed(x, site)) for site, target in found]
        targets = [target for _, target in found if target]
        for target in targets if place and visit.start > place_start else []:
            # a firm named after its province (广西南国铜业有限责任公司) is still in the county that scopes the clause
            if normalize(target) != place and all(names.level(p) is not None and names.level(p) < names.level(place)
                                                  for p in places.chain(normalize(target), set())):
                x.fact("locatedIn", target, x.orig(place_start, scope.end("place")), span)
        for site, target in found:
            if target and site.kind == _PROJECT:
                x.project_sites.add(normalize(target))
        party = x.party(visitors)
        if visitors:
            for name in visitors:
                for target in targets:
                    x.fact("inspected", name, target, span)
        else:  # 代表团先后前往…, 暗访组…: the party's, who may be named only later (一同检查)
            party.sites += [(target, span) for target in targets]


def _visitors(x: _Extraction, people: list[PersonMention], visit: Visit, start: int, end: int,
              boundaries: list[int]) -> list[str]:
    """The people a visit's clause names as its visitors: its leaders where some lead, never those who
    only accompany; ``[]`` where it names none (代表团一行, 他)."""
    led = [p for a, b in leaders(x.text, start, end) for p in people if a <= p.start and p.end <= b]
    if led:
        return [p.name for p in led]
    if visit.after:  # 在A，吕沛察看…: named after the sites, up to another relation's verb
        stop = min((b for b in boundaries if b > visit.end), default=end)
        region = (visit.end, stop)
    else:
        region = (max((b for b in boundaries if b <= visit.start), default=start), visit.start)
    lead = led_before(x.text, *region)
    if lead is not None:
        region = (region[0], lead)  # A、B带队…, A一行: those before lead
    escorts = companions(x.text, start, end)
    found = [p for p in people if region[0] <= p.start and p.end <= region[1] and not topic(x.text, p)
             and not any(a <= p.start and p.end <= b for a, b in escorts)]
    return [p.name for p in found]


# a number of sites, not one: 附近20多个行政村, 各乡镇
_COUNTED = re.compile(r"\d|[多几数两]个|[一二三四五六七八九十百]+个|^各")
_SCOPE = re.compile(r"在(?P<place>[^，。；、]{2,20}?)，")
_HAN_ONLY = re.compile(f"^[{HAN}]+$")
# a site's name as a list writes it: characters, and the brackets, quotes and dots names hold
_SITE_NAME = re.compile(f"^[{HAN}（）“”‘’《》·0-9A-Za-z]{{2,30}}$")
# endings of the sites visits go to that name no unit or place of the lexicons: 圩堤, 首站, 城区段, 隐患点
_SITE_ENDING = re.compile(r"(?:堤|站|段|点|库|谷|湾|岛|港|码头|渠|闸|坝|泵站|车间|牧场|农场|林场|茶园|果园|基地|展馆|展厅|"
                          r"馆|楼|府|苑|城|寺|庙|塔|湖|河|江|山|洞|岭|场)$")


def _starts_names(name: str) -> bool:
    """A road or a river starts the names of what is on it (民主路|大沙河桥, 长江|大保护展示馆)."""
    return ROAD.search(name) is not None or normalize(name) in words("regions")


def _site_entity(x: _Extraction, site: Site, objects: bool = False) -> str | None:
    """The entity a visited site names, if it names one.

    Of divisions written together the last (苏家作乡车家作村 → 车家作村); a road
    starts the name of what is on it (民主路大沙河桥); a name the entity finder
    missed after a known one is taken by its ending (黄河路|明仁厂区污水处理站);
    else the site as the list writes it, if it names one thing (清江鲟鱼谷, not 企业生产车间).
    """
    if names.OWN_JURISDICTION.fullmatch(site.name):  # 来我县考察: the county the article names most
        return _own_jurisdiction(x, site.name[-1])
    # 大寨牛丰先、会卦郝桂花: a household visited is its village
    at = bisect_left(x.people_starts, site.start + 2)
    host = x.people_starts[at] if at < len(x.people_starts) and x.people_starts[at] < site.end else None
    if host is not None:
        site = replace(site, name=x.text[site.start:host], end=host)
    if (site.start, site.end) in x.listed_projects:  # A、B等项目现场: named whole by the list (西关片区棚户区改造)
        return x.orig(site.start, site.end)
    # those starting in the site (found by their starts), in the entity finder's order
    near = sorted(x.by_start[bisect_left(x.entity_starts, site.start):bisect_left(x.entity_starts, site.end)])
    inside = list({(e.start, e.end): e for e in map(x.entities.__getitem__, near) if e.end <= site.end}.values())
    whole = [e for e in inside if not any(o is not e and o.start <= e.start and e.end <= o.end for o in inside)]
    start = whole[-1].start if whole else site.start
    if whole and whole[-1].end == site.end:
        first = len(whole) - 1
        while first and whole[first - 1].end == whole[first].start and _starts_names(whole[first - 1].text):
            first -= 1  # 民主路|大沙河桥
        start = whole[first].start
    elif whole:  # 黄河路|明仁厂区污水处理站: what follows the last known name, with the road it is on
        start = whole[-1].start if _starts_names(whole[-1].text) else whole[-1].end
    name = x.text[start:site.end]
    kind = site.kind if site.kind == _AREA else classify(name, "") or site.kind  # 平店 of 平店、袁老等乡镇
    words_ = x.words(start, site.end)
    # a village visited may be named with common words (幸福村), but not a verb's object (察看|城中村); other
    # sites must name one thing
    if kind == _AREA and not objects:
        # (and a list that says its items are towns or villages names them: 平店、袁老等乡镇)
        unnamed = not _HAN_ONLY.match(name) or (words_[-1] in words("generic_words") and site.kind != _AREA)
    else:
        unnamed = kind is None or (named_mention(name, start, site.end, words_, kind) is None
                                   or words_[0] in words("common_words"))
    if unnamed:  # 赛城湖大堤棉科所段 as written, else the last name inside it (赛城湖)
        written = _site_as_written(x, site, objects)
        if written or not whole:
            return written
        start, name = whole[-1].start, x.text[whole[-1].start:whole[-1].end]
    elif not any(e.start == start and e.end == site.end for e in inside):
        x.out.mentions.append(Mention(x.orig(start, site.end), kind, start, site.end))
    return x.orig(start, start + len(name))


def _own_jurisdiction(x: _Extraction, level: str) -> str | None:
    """The division of ``level`` (县, 市, 区, 旗) the article names most: what its 我县 or 本市 is."""
    county = places.home_district(x.entities)
    if county.endswith(level):
        return county
    city = places.home_city(x.entities) if level == "市" else ""
    return city + "市" if city else None


# what a site named only by a list it shares with named ones holds no more of than a name does
_NOT_IN_A_LISTED_NAME = re.compile(r"[的了在是和与及对把将等]|^(?:相关|有关|部分|各|全)")


def _site_as_listed(x: _Extraction, site: Site) -> str | None:
    """A site of a list whose other sites are named (华兰生物 beside 氢能产业园), named as the list writes it
    if it reads as a name: three to sixteen characters, no everyday words only, no prose."""
    name = x.text[site.start:site.end]
    if (not _SITE_NAME.match(name) or not 3 <= len(name) <= 16 or _NOT_IN_A_LISTED_NAME.search(name)
            or is_generic(name, adjectives=True) or name in words("common_words") or name in words("generic_words")
            or (classify(name, "") == Kind.AREA and not is_real_division(name))  # 城中村: a kind of village
            # (its prefixes looked up, not 15,000 words tried)
            or any(name[:n] in words("function_words") for n in range(2, len(name) + 1))):
        return None
    x.out.mentions.append(Mention(x.orig(site.start, site.end), classify(name, "") or site.kind or Kind.ORG,
                                  site.start, site.end))
    return x.orig(site.start, site.end)


def _site_as_written(x: _Extraction, site: Site, objects: bool) -> str | None:
    """A site no entity names, as the list writes it: after a leading verb (了解|苏日戈养殖家庭牧场) or
    what qualifies it (新修建的|太浮镇中心幼儿园), if it still names one thing: a name that is not
    everyday words (清江鲟鱼谷; not 企业生产车间, 脱贫攻坚重点村) before a place's or unit's ending."""
    start, end = site.start, site.end
    text = x.text
    while end - start > 2 and (lead := next((n for n in (3, 2) if text[start:start + n] in words("function_words")),
                                            None)):
        start += lead
    of = text.rfind("的", start, end)
    if of >= 0 and names.level(text[start:of]) is not None:
        end = of  # 联湖村的秸秆禁烧值守点: the village
    elif of >= 0:
        start = of + 1  # 新修建的太浮镇中心幼儿园
    start += sum(map(len, names.chain(text[start:end])))  # 城关镇|南街社区: named without its places (L3)
    name = text[start:end]
    ending = name_ending(name) or _SITE_ENDING.search(name)
    stem = name[sum(map(len, places.chain(name, set()))):ending.start()] if ending else ""
    if (not _SITE_NAME.match(name) or _COUNTED.search(name) or len(stem) < 2 or is_generic(stem, adjectives=True)
            or stem in words("common_words")
            or any(name[-n:] in words("not_endings") for n in range(1, len(name) + 1))):
        return None
    x.out.mentions.append(Mention(x.orig(start, end), classify(name, "") or site.kind or Kind.PLACE, start, end))
    return x.orig(start, end)


def _spoken_at(x: _Extraction, people: list[PersonMention], start: int, end: int,
               when: date | None, span: Span) -> None:
    """``PERSON在EVENT上指出`` — a person speaking at a named event."""
    if not people:  # (the speaker is one of the sentence's people: most sentences name none)
        return
    for m in events_spoken_at(x.text[start:end]):
        at = start + m.start()
        speaker = next((p for p in people if p.end == at), None)
        if speaker and _SPEECH_AFTER.match(x.text, start + m.end()):
            ev = x.event(x.named(m, start), when, span)
            x.fact("spokeAt", speaker.name, ev.key, span)


def _escorts(x: _Extraction, people: list[PersonMention], start: int, end: int, when: date | None,
             span: Span) -> None:
    """``在X、Y的陪同下``: those who accompany attend what the sentence reports (A1)."""
    if not people:  # (those who accompany are of the sentence's people)
        return
    for a, b in companions(x.text, start, end):
        escorts = [p for p in people if a <= p.start and p.end <= b and not topic(x.text, p)]
        if escorts:
            ev = x.main_event(when, span, Trigger("attended", b, b))
            for p in escorts:
                x.fact("attended", p.name, ev.key, span)


def _relations(x: _Extraction, people: list[PersonMention], verbs: list[Trigger], start: int, end: int,
               when: date | None, span: Span) -> None:
    if not verbs:  # people without a verb do nothing
        return
    items: list[PersonMention | Trigger] = sorted([*people, *verbs], key=lambda i: i.start)
    pending: list[PersonMention] = []
    previous: list[PersonMention] = []
    for i, item in enumerate(items):
        if isinstance(item, PersonMention):
            if not topic(x.text, item):  # 学习习近平总书记…: whose words are studied, not an actor
                pending.append(item)
            continue
        subjects = pending
        if not subjects and x.text[max(start, item.start - 3):item.start].endswith(("并", "并作", "并在", "和", "及")):
            subjects = previous
        if not subjects and x.last_actor and _pronoun_before(x.text, start, item.start):
            subjects = [x.last_actor]  # 他指出, 她在讲话中强调: the one the article spoke of last
        if not subjects and item.relation == "spokeAt" and x.text.startswith("中，", item.end):
            after = next((p for p in items[i + 1:] if isinstance(p, PersonMention)), None)
            subjects = [after] if after and after.start == item.end + 2 else []
        if not subjects:
            continue
        if item.relation in ("speech", "spokeAt") and _RELAYED.match(x.text, subjects[-1].end):
            pending = []  # 传达…动员大会，市长王海重要讲话，部署…: a speech relayed, given elsewhere (S2)
            continue
        if item.relation == "metWith" and len(subjects) == 1:  # 张明会见了…董事长王海一行: whom, after the verb
            other = next((p for p in items[i + 1:] if isinstance(p, PersonMention)), None)
            if other and not re.search(r"[。；！？]", x.text[item.end:other.start]):
                x.fact("metWith", subjects[0].name, other.name, span)
        _apply(x, item, subjects, start, end, when, span)
        previous, pending = subjects, []
        x.last_actor = subjects[0]


def _apply(x: _Extraction, trig: Trigger, subjects: list[PersonMention], start: int, end: int,
           when: date | None, span: Span) -> None:
    rel = trig.relation
    if rel == "neutral":
        return
    if rel == "lead":  # 曾庆钻带队: the party's visits, named before or after, are theirs
        x.party([p.name for p in subjects])
        return
    if rel == "speech":  # 强调, 介绍…: spoke at the meeting the article reports, if it reports one
        meeting = x.meeting(when, span)
        for s in subjects if meeting else []:
            x.fact("spokeAt", s.name, meeting.key, span)
        return
    if rel == "metWith":
        for other in subjects[1:]:
            x.fact("metWith", subjects[0].name, other.name, span)
        if len(subjects) > 1:
            return
    named = next((m for m in meeting_names(x.text[trig.start:end]) if m.start() == 0), None)
    ev = x.event(x.named(named, trig.start), when, span) if named else x.main_event(when, span, trig)
    if rel == "inspected":  # what they inspected is read from the visit phrases (see _inspected)
        x.party([p.name for p in subjects])
        return
    if x.text.startswith(("一同", "一起"), trig.start) and x.text.startswith(relation_verbs()["inspected"], trig.end):
        x.party().join([p.name for p in subjects])  # 一同检查: one of the party (参加视察 is not: I2)
    for s in subjects:
        if rel == "attended" and ("chaired", s.name, ev.key) in x.stated:
            continue
        x.fact("attended" if rel == "metWith" else rel, s.name, ev.key, span)


def _pronoun_before(text: str, sentence_start: int, at: int) -> bool:
    m = _PRONOUN.search(text, max(sentence_start, at - 12), at)
    return m is not None and (m.start() == sentence_start or text[m.start() - 1] in "，。；：\n")


class _Extraction:
    """Offsets are the view's (:func:`kg.text.view`) until :func:`_in_original` maps them at the end."""

    def __init__(self, article: Article, doc: Doc):
        self.article = article
        self.view = view(article.text)
        self.text = text_of(doc)
        if self.text != self.view.text:
            raise ValueError("extract() needs the Doc of the article's view: nlp(view(article.text).text)")
        self.word_texts, self.word_starts = texts_of(doc), offsets_of(doc)
        found = doc._  # (spaCy makes this object again at each access)
        self.people: list[PersonMention] = found.people or []  # in text order, as find_people returns them
        self.people_starts = [p.start for p in self.people]  # sorted
        self.entities: list[EntityMention] = found.entities or []
        starts = list(map(attrgetter("start"), self.entities))  # (read at C level: a page has dozens of entities)
        self.by_start = sorted(range(len(starts)), key=starts.__getitem__)  # the entities' indices
        self.entity_starts = sorted(starts)
        self.out = ArticleFacts(article)
        self.events: dict[tuple[str, date | None], Event] = {}
        self.parties: list[Party] = []  # the article's inspections, the latest last
        self.last_actor: PersonMention | None = None  # whom 他/她 refers to
        self.dated: set[tuple[str, date | None]] = set()  # events named in a sentence that gives a day
        self.dated_here = False  # whether the sentence read now gives a day
        self.project_sites: set[str] = set()  # sites visited as projects (…项目施工现场)
        self.listed_projects: list[tuple[int, int]] = []  # the items of lists of projects (A、B等项目)
        self.stated: set[tuple[str, str, str]] = set()  # (relation, subject, object) of each fact, looked up by fact()

    def orig(self, start: int, end: int) -> str:
        """The article's text as written (its script and punctuation)."""
        return self.view.original(start, end)

    def words(self, start: int, end: int) -> list[str]:
        """The texts of the words ``start:end`` overlaps, as ``doc.char_span(start, end, alignment_mode="expand")``
        has them: read from the words' offsets, not a Token made a word."""
        first = bisect_right(self.word_starts, start) - 1
        if start == self.word_starts[first] + len(self.word_texts[first]):  # in the space after a word: not its
            first += 1
        return self.word_texts[first:bisect_right(self.word_starts, end - 1)]

    def named(self, m: re.Match, offset: int) -> str:
        return self.orig(offset + m.start("name"), offset + m.end("name"))

    def event(self, name: str, when: date | None, sentence: Span) -> Event:
        key = (name, when)
        if key not in self.events:
            # a meeting named before the sentence that dates it (a headline line, then 8月11日，…召开X)
            undated = next((k for k in self.events if k[0] == name and k not in self.dated), None)
            if undated and self.dated_here:
                ev = self.events.pop(undated)
                ev.date = when
            else:
                ev = Event(f"e{len(self.events) + 1}", name, is_meeting(name), when, sentence)
                self.out.events.append(ev)
            self.events[key] = ev
        if self.dated_here:
            self.dated.add(key)
        return self.events[key]

    def meeting(self, when: date | None, sentence: Span) -> Event | None:
        """The meeting or ceremony the article reports (its first), if any: one it names being held, else
        one its text speaks of (座谈会上, 会上)."""
        held = [ev for ev in self.out.events if is_meeting(ev.name) or is_ceremony(ev.name)]
        # the one held that day, else the first that has a day, else the first
        meeting = next((ev for ev in held if when and ev.date == when), None) or next(
            (ev for ev in held if ev.date), None) or next(iter(held), None)
        if meeting is None and (spoken := self.meeting_spoken_of):
            meeting = self.event(self.orig(*spoken.span(1)), when, sentence)
        if meeting is not None and meeting.date is None:
            meeting.date = when  # named before any day was given (a headline line)
        return meeting

    @cached_property
    def meeting_spoken_of(self) -> re.Match | None:
        """Where the text first speaks of a meeting (see :meth:`meeting`): searched once, not at each speech."""
        return min(filter(None, (pattern.search(self.text) for pattern in _MEETING_SPOKEN_OF)), key=re.Match.start,
                   default=None)

    def main_event(self, when: date | None, sentence: Span, trigger: Trigger) -> Event:
        """The article's own meeting or activity, which bare 出席会议 refers to."""
        for ev in self.out.events:
            if ev.date == when:
                return ev
        m = next(meeting_names(self.text), None)
        if m:
            return self.event(self.named(m, 0), when, sentence)
        headline = view(self.article.headline)
        m = next(meeting_names(headline.text), None)
        if m:
            return self.event(headline.original(m.start("name"), m.end("name")), when, sentence)
        clause = re.match(r"[^，。；]{1,30}", self.text[trigger.start:])
        name = self.orig(trigger.start, trigger.start + clause.end()) if clause else self.article.headline
        return self.event(name or "活动", when, sentence)

    def party(self, names: list[str] = ()) -> Party:
        """The party ``names`` inspect with: the latest if they are of it or name nobody, else a new one."""
        latest = self.parties[-1] if self.parties else None
        if latest is None or (names and latest.members and not set(names) & set(latest.members)):
            latest = Party()
            self.parties.append(latest)
        latest.join(list(names))
        return latest

    def fact(self, relation: str, subject: str, obj: str, sentence: Span, confidence: float = 0.9,
             implied: bool = False) -> None:
        if (relation, subject, obj) not in self.stated:
            self.stated.add((relation, subject, obj))
            self.out.facts.append(Fact(relation, subject, obj, sentence, confidence, implied))


def _in_original(out: ArticleFacts, v: View) -> ArticleFacts:
    """Every offset moved from the view into the article's text as written."""
    if v.offsets is None:
        return out

    def span(s: Span) -> Span:
        return Span(*v.span(s.start, s.end))

    out.mentions = [replace(m, start=a, end=b) for m in out.mentions for a, b in (v.span(m.start, m.end),)]
    out.sentences = [span(s) for s in out.sentences]
    for item in (*out.events, *out.memberships, *out.facts):
        item.sentence = span(item.sentence)
    return out


def _as_projects(x: _Extraction) -> list[Mention]:
    """A road, school or estate being built is a project: written before 项目
    (玉溪路小学项目, 孟州北路项目施工现场) or visited as a project's site; a park or base is one where the
    article builds it (规划建设A产业园), else a place (先后到A产业园、B社区等地)."""
    named = set(x.project_sites)
    for m in x.out.mentions:
        name = normalize(m.text)
        if m.kind == _PROJECT and name.endswith("项目"):
            named.add(name[:-2])
        elif x.text.startswith("项目", m.end):
            named.add(name)
        elif m.kind == _PROJECT and projects.being_built(x.text, m.start, m.end):
            named.add(name)
    return [replace(m, kind=_PROJECT) if m.kind in _UNNAMED_PROJECTS and normalize(m.text) in named
            else replace(m, kind=Kind.PLACE) if m.kind == _PROJECT and projects.is_park(normalize(m.text))
            and normalize(m.text) not in named
            else m for m in x.out.mentions]


def _mention(result: ArticleFacts, named: set[str], name: str, at: Span | Mention, kind: Kind = Kind.PLACE) -> None:
    """Make sure a name a fact uses is a mention, typed by its ending (焦作市 of 蒙牛乳业（焦作）有限公司),
    at the text it was read from; ``named``: the result's mentions' names, normalised, which it keeps so
    (looked up, not every mention normalised again for each name)."""
    key = normalize(name)
    if key not in named:
        named.add(key)
        result.mentions.append(Mention(name, classify(name, "") or kind, at.start, at.end))
