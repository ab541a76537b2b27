"""Stage 4, extract: an article and its analysed ``Doc`` → :class:`~kg.model.ArticleFacts`.

>>> from kg.model import Article
>>> from kg.nlp import load
>>> from kg.text import normalize
>>> text = "本报讯（记者郭树勋）6月25日下午，区委书记赵海燕主持召开全区工作会议。区领导杨有军、许海玲出席会议。"
>>> art = Article("a1", "p.txt", "全区工作会议召开", text, year=2023)
>>> facts = extract(art, load()(normalize(text)))
>>> sorted((f.relation, f.subject) for f in facts.facts)
[('attended', '杨有军'), ('attended', '许海玲'), ('chaired', '赵海燕')]
>>> facts.events[0].name, str(facts.events[0].date)
('全区工作会议', '2023-06-25')
"""
from __future__ import annotations

import re
from bisect import bisect_left
from datetime import date

from spacy.tokens import Doc

from ..dates import month_days
from ..model import Article, ArticleFacts, Event, Fact, Kind, Membership, Mention, Span
from ..nlp.entities import classify, title_body
from ..nlp.people import PersonMention
from ..text import normalize
from .events import events_spoken_at, is_meeting, meeting_names
from .relations import Trigger, studied, triggers, visited_targets

__all__ = ["extract"]

_SPEECH_AFTER = re.compile(r"(?:讲话|致辞|指出|要求|强调|表示|说)")


class _Extraction:
    def __init__(self, article: Article, doc: Doc):
        self.article = article
        self.text = doc.text
        self.doc = doc
        self.out = ArticleFacts(article)
        self.events: dict[tuple[str, date | None], Event] = {}

    def orig(self, start: int, end: int) -> str:
        """The article's text as written (normalisation keeps offsets)."""
        return self.article.text[start:end]

    def named(self, m: re.Match, offset: int) -> str:
        return self.orig(offset + m.start("name"), offset + m.end("name"))

    def event(self, name: str, when: date | None, sentence: Span) -> Event:
        key = (name, when)
        if key not in self.events:
            ev = Event(f"e{len(self.events) + 1}", name, is_meeting(name), when, sentence)
            self.events[key] = ev
            self.out.events.append(ev)
        return self.events[key]

    def main_event(self, when: date | None, sentence: Span, trigger: Trigger) -> Event:
        """The article's own meeting or activity, which bare 出席会议 refers to."""
        for ev in self.out.events:
            if ev.date == when:
                return ev
        m = next(meeting_names(self.text), None)
        if m:
            return self.event(self.named(m, 0), when, sentence)
        m = next(meeting_names(normalize(self.article.headline)), None)
        if m:
            return self.event(self.article.headline[m.start("name"):m.end("name")], when, sentence)
        clause = re.match(r"[^，。；]{1,30}", self.text[trigger.start:])
        name = self.orig(trigger.start, trigger.start + clause.end()) if clause else self.article.headline
        return self.event(name or "活动", when, sentence)

    def fact(self, relation: str, subject: str, obj: str, sentence: Span, confidence: float = 0.9) -> None:
        if not any(f.relation == relation and f.subject == subject and f.obj == obj for f in self.out.facts):
            self.out.facts.append(Fact(relation, subject, obj, sentence, confidence))


def extract(article: Article, doc: Doc) -> ArticleFacts:
    """Every fact of one article, with the sentence it rests on."""
    x = _Extraction(article, doc)
    people: list[PersonMention] = [p for p in doc._.people or [] if not p.reporter]
    starts = [p.start for p in people]  # sorted: find_people returns them in text order
    entities = sorted(doc._.entities or [], key=lambda e: e.start)
    entity_starts = [e.start for e in entities]
    current = article.date
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        span = Span(start, end)
        dated = [d for _, _, d in month_days(x.text[start:end], article.year) if d]
        current = dated[0] if dated else current
        in_sentence = people[bisect_left(starts, start):bisect_left(starts, end)]
        for e in entities[bisect_left(entity_starts, start):bisect_left(entity_starts, end)]:
            x.out.mentions.append(Mention(x.orig(e.start, e.end) if e.text == x.text[e.start:e.end] else e.text,
                                          e.kind, e.start, e.end))
            if e.inside:
                x.fact("locatedIn", e.text, e.inside, span)
        for p in in_sentence:
            x.out.mentions.append(Mention(x.orig(p.start, p.end), Kind.PERSON, p.start, p.end))
            for t in p.titles:
                full = None
                if t.full:  # the jurisdiction is written at the head of the chain's first title
                    place = x.orig(p.titles[0].start, p.titles[0].start + len(t.full) - len(t.text))
                    full = place + x.orig(t.start, t.end)
                x.out.memberships.append(Membership(x.orig(p.start, p.end), x.orig(t.start, t.end), full,
                                                    title_body(t), current, span))
        for m in meeting_names(x.text[start:end]):
            x.event(x.named(m, start), current, span)
        _spoken_at(x, in_sentence, start, end, current, span)
        _relations(x, in_sentence, start, end, current, span)
    return x.out


def _spoken_at(x: _Extraction, people: list[PersonMention], start: int, end: int,
               when: date | None, span: Span) -> None:
    """``PERSON在EVENT上指出`` — a person speaking at a named event."""
    for m in events_spoken_at(x.text[start:end]):
        at = start + m.start()
        speaker = next((p for p in people if p.end == at), None)
        if speaker and _SPEECH_AFTER.match(x.text, start + m.end()):
            ev = x.event(x.named(m, start), when, span)
            x.fact("spokeAt", speaker.name, ev.key, span)


def _relations(x: _Extraction, people: list[PersonMention], start: int, end: int,
               when: date | None, span: Span) -> None:
    items: list[PersonMention | Trigger] = sorted([*people, *triggers(x.text, start, end, people)],
                                                  key=lambda i: i.start)
    pending: list[PersonMention] = []
    previous: list[PersonMention] = []
    for i, item in enumerate(items):
        if isinstance(item, PersonMention):
            if not studied(x.text, item.start):  # 学习习近平总书记…: whose words are studied, not an actor
                pending.append(item)
            continue
        subjects = pending
        if not subjects and x.text[max(start, item.start - 3):item.start].endswith(("并", "并作", "并在", "和", "及")):
            subjects = previous
        if not subjects and item.relation == "spokeAt" and x.text.startswith("中，", item.end):
            after = next((p for p in items[i + 1:] if isinstance(p, PersonMention)), None)
            subjects = [after] if after and after.start == item.end + 2 else []
        if not subjects:
            continue
        _apply(x, item, subjects, start, end, when, span)
        previous, pending = subjects, []


def _apply(x: _Extraction, trig: Trigger, subjects: list[PersonMention], start: int, end: int,
           when: date | None, span: Span) -> None:
    rel = trig.relation
    if rel == "neutral":
        return
    if rel == "metWith":
        for other in subjects[1:]:
            x.fact("metWith", subjects[0].name, other.name, span)
        if len(subjects) > 1:
            return
    named = next((m for m in meeting_names(x.text[trig.start:end]) if m.start() == 0), None)
    ev = x.event(x.named(named, trig.start), when, span) if named else x.main_event(when, span, trig)
    if rel == "inspected":
        targets = visited_targets(x.text, subjects[-1].end, trig.end)
        known = x.doc._.entities or []
        for name, t_start, t_end in targets:
            # the entities found inside the target; of 城关镇东关村, the village
            inside = [e for e in known if t_start <= e.start and e.end <= t_end]
            if inside:
                t_start, t_end = inside[-1].start, inside[-1].end
            else:  # named where it is visited, though by no ending the entity finder knows
                kind = classify(x.text[t_start:t_end], "") or Kind.ORG
                x.out.mentions.append(Mention(x.orig(t_start, t_end), kind, t_start, t_end))
            for s in subjects:
                x.fact("inspected", s.name, x.orig(t_start, t_end), span)
        return
    for s in subjects:
        if rel == "attended" and any(f.relation == "chaired" and f.subject == s.name and f.obj == ev.key
                                     for f in x.out.facts):
            continue
        x.fact("attended" if rel == "metWith" else rel, s.name, ev.key, span)
