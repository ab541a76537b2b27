"""Stage 2, articles: a :class:`~kg.model.Document` → its :class:`~kg.model.Article` items.

A newspaper page is laid out, not written: headlines (plain lines or markdown
``#`` lines) with kickers and subtitles, datelines (``本报讯(记者X 通讯员Y)M月D日``),
``又讯`` items, photo captions (``本报记者 X 摄``), commentaries (``□X``),
column labels and staff credits, and sentences broken across blank lines.
This module undoes the layout.

>>> from kg.model import Document
>>> page = "高新区召开会议\\n\\n本报讯(记者郭树勋)6月25日下午，会议召开。2023年\\n"
>>> [(a.headline, str(a.date), a.authors) for a in split_document(Document("p.txt", page, True))]
[('高新区召开会议', '2023-06-25', ['郭树勋'])]
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .dates import first_month_day, published_in, year_in_text
from .lexicon import alternation, words
from .model import Article, Document
from .text import HAN, normalize, sentences

__all__ = ["split_document", "parse_authors"]

_NAME = rf"[{HAN}]{{2,4}}"
_NAMES = rf"{_NAME}(?:[ 、，]+{_NAME})*"
_ROLE = r"(?:本报|本网|特约|特邀)?(?:见习|实习)?(?:全媒体|融媒体?)?(?:记者|通讯员|摄影记者|实习生)"
# 本报讯, 新华社…电, and any source's 讯 or 消息 before a credit: 九龙融媒讯（记者 谭娟）, 柳州日报消息（全媒体记者荣瑶）
_DATELINE = re.compile(r"^(?:本报讯|又讯|本报[^ ，。]{0,8}[讯电]|新华社[^ ，。]{0,8}电"
                       r"|[^ ，。（]{2,16}?(?:讯|电|消息)(?=\s*（[^）]{0,8}?(?:记者|通讯员)))")
# the credit a story ends with: （孙丹/文 余琛/摄）, （晨曦 邓亚楠）, （作者：李文娟 田晶）
_CLOSING_CREDIT = re.compile(rf"（\s*(?:作者\s*：\s*)?((?:{_NAME}\s*(?:/\s*[文摄图])?\s*){{1,4}})）$")

_HEADING_MD = re.compile(r"^(#{1,6})\s*(.*)$")
_COMMENTARY = re.compile(rf"^[□■]\s*({_NAMES})$")
_BYLINE = re.compile(rf"^{_ROLE}\s*({_NAMES})$")
_PHOTO_LINE = re.compile(rf"^(?:{_ROLE})?\s*({_NAMES})\s*摄(?:影)?$")
_PHOTO_TAIL = re.compile(rf"[ 　]*{_ROLE}\s*({_NAMES})\s*摄(?:影)?\s*$")
_CREDIT_RUNS_ON = re.compile(r"（?(?:记者|通讯员)[^）。，]{1,12}）")
_AUTHOR = re.compile(r"(?:记者|通讯员|实习生)\s*(.*?)\s*(?=记者|通讯员|实习生|$)")
_NAME_SEPARATORS = re.compile(r"[ 、，]+")
_SLOGAN = re.compile(rf"^[{HAN}]{{4}}(?: +[{HAN}]{{4}})+$")
_CLAUSE_MARK = re.compile(r"[。，；！？、]")  # what no headline holds
# searched in a line's last two characters, not tried at every place of it
_OPEN_END = re.compile(r"[^。！？；：…”’」』）!?]$|[^。！？!?][”’」』]$")


def parse_authors(dateline: str) -> list[str]:
    """Reporters and correspondents in the parentheses after 本报讯.

    >>> parse_authors("本报讯（记者付凯明）通讯员贾鹏）为加强")
    ['付凯明', '贾鹏']
    """
    return _authors(normalize(dateline))


def _authors(text: str) -> list[str]:
    """:func:`parse_authors` of a dateline normalised: ``text``."""
    opening = text.find("（")
    if opening < 0 or opening > 12:
        return []
    closing = text.find("）", opening)
    # a misplaced bracket (记者A）通讯员B）: the credit runs on to the next one
    after = _CREDIT_RUNS_ON.match(text, closing + 1) if closing > 0 else None
    end = after.end() if after else closing
    names: list[str] = []
    credit = re.sub(r"[（）]", " ", text[opening:end if end > 0 else opening + 40])
    for m in _AUTHOR.finditer(credit):
        names.extend(n for n in _split_names(m.group(1)) if n not in names and re.fullmatch(_NAME, n))
    return names


def split_document(doc: Document, fallback_year: int | None = None) -> list[Article]:
    """All articles of a page, or the one article of a JSONL record.

    The year of every ``M月D日`` comes from the record's date, else from the
    text, else ``fallback_year``; else it stays unknown.
    """
    norm = normalize(doc.text)  # once for the whole text: its lines are cut out of it, as from the text
    paras = _paragraphs(doc.text, norm)
    # the page's staff (编辑：陈彬): contributors to every article on it
    staff = list(dict.fromkeys(n for p in paras if p.kind == "staff" for n in p.names))
    paras = [p for p in paras if p.kind != "staff"]
    # a page's year is the one it prints (its header's); a record's, its date's or the one its header
    # prints, never one its text only mentions (D3)
    printed = None if doc.is_page or doc.date else published_in(norm)
    record_date = doc.date or printed
    year = (record_date.year if record_date else year_in_text(norm) if doc.is_page else None) or fallback_year
    builders = _page_builders(paras) if doc.is_page else [_record_builder(doc, paras)]
    articles = []
    for b in builders:
        body = "\n".join(p.text for p in b.paras)
        if not body.strip() and not b.headline:
            continue
        # a record without an id is known by its line, as a page's article by its place on the page
        identifier = doc.id or (f"{Path(doc.path).name}#{len(articles) + 1}" if doc.is_page
                                else f"{Path(doc.path).name}:{doc.line}")
        published = record_date if not doc.is_page and record_date else _date_of(b, year)
        key = f"{doc.id}\n{body}" if doc.id else body
        articles.append(Article(
            id=Article.make_id(doc.path, b.headline, key),
            path=doc.path if doc.line is None else f"{doc.path}:{doc.line}",
            headline=b.headline,
            text=body,
            date=published,
            year=year,
            authors=b.authors,
            source=doc.source,
            kind=b.kind,
            contributors=staff,
            identifier=identifier,
        ))
    return articles


@dataclass
class _Para:
    kind: str  # heading, text, byline, photo, staff
    text: str  # as written
    level: int = 0  # markdown heading level, 0 for plain lines
    names: list[str] = field(default_factory=list)  # bylines, photo and staff credits
    photo_by: list[str] = field(default_factory=list)  # a caption's trailing credit
    _normalized: tuple[str, str] = field(default=("", ""), repr=False, compare=False)  # (text, its norm)

    @property
    def norm(self) -> str:
        # asked of the same text again and again, which a join or a cut credit may change
        if self._normalized[0] is not self.text:
            self._normalized = (self.text, normalize(self.text))
        return self._normalized[1]


@dataclass
class _Builder:
    headline: str
    kind: str = "other"  # news, commentary, photo, other
    paras: list[_Para] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    def add_authors(self, names: list[str]) -> None:
        self.authors.extend(n for n in names if n not in self.authors)


def _split_names(names: str) -> list[str]:
    return [n for n in _NAME_SEPARATORS.split(names) if n]


@cache
def _staff_credit() -> re.Pattern:
    """One credit of a line of the page's staff, one after another: 编辑丨杨玉雯/审核丨刘方方, 撰稿：王宏瑞 编辑：包晓峰."""
    credits = alternation("staff_credits")
    name = rf"(?!(?:{credits}))[{HAN}]{{2,4}}"
    return re.compile(rf"(?:{credits})\s*[：丨|]\s*({name}(?:[ 、，]+{name})*)")


@cache
def _staff_line() -> tuple[re.Pattern, re.Pattern]:
    """How a line of the page's staff starts, and such a line whole (credits only): built once, read on every line."""
    start = re.compile(rf"^[【［\[]?(?:{alternation('staff_credits')})\s*[：丨|]")
    whole = re.compile(rf"[【［\[]?(?:{_staff_credit().pattern}[\s/|】］\]]*)+")
    return start, whole


def _credited(credit: str) -> list[str]:
    """The names of a closing credit (孙丹/文 余琛/摄), if they look like names: no everyday word, and a
    surname leading one at least (not 左二, 图为; 晨曦 beside 邓亚楠)."""
    names = [re.sub(r"/\s*[文摄图]$", "", n) for n in re.split(r"\s+", credit.strip()) if n]
    names = [n for n in names if n and n not in ("文", "摄", "图")]
    if not names or not all(re.fullmatch(_NAME, n) and n not in words("common_words") for n in names):
        return []
    return names if any(n[0] in words("surnames") or n[:2] in words("surnames") for n in names) else []


def _heading_like(para: _Para) -> bool:
    t = para.norm.strip()
    return (0 < len(t) <= 40 and not _CLAUSE_MARK.search(t) and not t.endswith("：")
            and not _DATELINE.match(t))


def _classify(line: str, norm: str) -> _Para | None:
    """What the line ``line`` is (``norm``: it normalised), or None for the page's furniture."""
    md = _HEADING_MD.match(norm)
    if md:
        return _Para("heading", line[len(line) - len(md.group(2)):].strip(), level=len(md.group(1)))
    if len(norm) < 30 and any(w in norm for w in words("page_noise")):
        return None
    starts, whole = _staff_line()
    if starts.match(norm):
        names = [n for m in _staff_credit().finditer(norm) for n in _split_names(m[1])]
        staff = whole.fullmatch(norm)
        return _Para("staff", line, names=names) if staff else None
    for pattern, kind in ((_COMMENTARY, "commentary"), (_PHOTO_LINE, "photo"), (_BYLINE, "byline")):
        # a photo's credit ends with 摄: matching one in a sentence, which may start with names, tries them all
        m = pattern.match(norm) if pattern is not _PHOTO_LINE or "摄" in norm else None
        if m:
            return _Para(kind, line, names=_split_names(m.group(1)))
    # a line ending otherwise has no closing credit, nor one without 摄 a photo credit: searching a line for one
    # tries every place in it
    closing = _CLOSING_CREDIT.search(norm) if norm.endswith("）") else None
    credited = _credited(closing[1]) if closing else []
    if credited and closing.start() == 0:
        return _Para("byline", line, names=credited)
    para = _Para("text", line, _normalized=(line, norm))
    if credited:
        para.photo_by = credited
        para.text = line[:closing.start()].rstrip()
        return para
    tail = _PHOTO_TAIL.search(norm) if "摄" in norm else None
    if tail and tail.start() > 0:
        para.photo_by = _split_names(tail.group(1))
        para.text = line[:tail.start()].rstrip()
    return para


def _paragraphs(text: str, norm: str) -> list[_Para]:
    """Lines → paragraphs: layout breaks joined, page furniture and repeats dropped. ``norm``: ``text``
    normalised, whose lines are the text's (:func:`kg.text.normalize` keeps every character in place, and makes no
    line break nor whitespace of any other character)."""
    paras: list[_Para] = []
    seen: set[str] = set()
    for raw, raw_norm in zip(text.splitlines(), norm.splitlines()):
        line = raw.strip()
        if not line:
            continue
        para = _classify(line, raw_norm.strip())
        if para is None:
            continue
        last = paras[-1] if paras else None
        if (para.kind == "text" and last is not None and last.kind == "text" and not last.photo_by
                and not _heading_like(last) and _OPEN_END.search(last.norm[-2:])
                and not _heading_like(para) and not _DATELINE.match(para.norm)):
            last.text += para.text
            last.photo_by = para.photo_by
            continue
        if para.kind == "text" and len(para.text) >= 20:
            key = "".join(para.norm.split())  # without whitespace
            if key in seen:
                continue
            seen.add(key)
        paras.append(para)
    for para in paras:
        if para.kind == "text" and _heading_like(para):
            para.kind = "heading"
    return paras


def _is_column(text: str) -> bool:
    t = "".join(normalize(text).split())  # without whitespace
    return (len(t) <= 8 and t.endswith(_endings("columns"))) or bool(_SLOGAN.match(normalize(text)))


def _is_kicker(text: str) -> bool:
    """A short unit name printed above the headline proper (引题)."""
    t = normalize(text).strip()
    return len(t) <= 16 and " " not in t and t.endswith(_endings("unit_suffixes"))


def _headlines(block: list[_Para]) -> list[str]:
    """The headline of each article a heading block announces; the last one leads the body."""
    lines = [p for p in block if p.kind == "heading" and not _is_column(p.text)]
    groups: list[list[_Para]] = []
    for p in lines:
        if groups and not (p.level and groups[-1][-1].level and p.level <= groups[-1][-1].level):
            groups[-1].append(p)
        else:
            groups.append([p])
    headlines = []
    for group in groups:
        if len(group) >= 2 and _is_kicker(group[0].text):
            headlines.append(f"{group[0].text} {group[1].text}")
        else:
            headlines.append(group[0].text)
    return headlines or [""]


def _date_of(b: _Builder, year: int | None) -> object:
    if not b.paras or b.kind not in ("news", "photo"):
        return None
    return first_month_day(_lead(b) if b.kind == "news" else b.paras[0].norm, year)


def _lead(b: _Builder) -> str:
    """A story's first sentence (normalised), where its dateline, date and main event are."""
    lead = b.paras[0].norm if b.paras else ""
    first = sentences(lead)
    return lead[: first[0][1]] if first else lead


def _record_builder(doc: Document, paras: list[_Para]) -> _Builder:
    b = _Builder(headline=doc.title or "")
    for p in paras:
        if p.kind in ("byline", "commentary", "photo"):
            b.add_authors(p.names)
            continue
        if p.kind == "heading" and not b.headline and not b.paras:
            b.headline = p.text
            continue
        if p.kind == "text" and _DATELINE.match(p.norm) and b.kind != "news":
            b.kind = "news"
            b.add_authors(_authors(p.norm))
        b.add_authors(p.photo_by)
        b.paras.append(p)
    return b


def _page_builders(paras: list[_Para]) -> list[_Builder]:
    done: list[_Builder] = []
    current: _Builder | None = None
    block: list[_Para] = []

    def start(headline: str) -> _Builder:
        nonlocal current
        if current is not None:
            done.append(current)
        current = _Builder(headline)
        return current

    def photo(names: list[str]) -> None:
        # a caption under a dateline story is an item of its own; otherwise it is the item
        if current is None:
            return
        if current.kind == "news" and len(current.paras) >= 2:
            caption = current.paras.pop()
            start("").paras.append(caption)
        current.kind = "photo"
        current.add_authors(names)

    for p in paras:
        if p.kind in ("heading", "byline", "commentary"):
            block.append(p)
            continue
        if p.kind == "photo":
            photo(p.names)
            continue
        is_dateline = bool(_DATELINE.match(p.norm))
        if block:
            *bodiless, headline = _headlines(block)
            for h in bodiless:
                start(h)
            start(headline)
            for b in block:
                if b.kind in ("byline", "commentary"):
                    current.add_authors(b.names)
                    current.kind = "commentary"
            block = []
        elif current is None or (is_dateline and (p.norm.startswith("又讯") or current.kind == "news")):
            start("")
        if is_dateline and current.kind != "news" and not current.paras:
            current.kind = "news"
            current.add_authors(_authors(p.norm))
        current.paras.append(p)
        if p.photo_by:
            photo(p.photo_by)
    if block:
        for h in _headlines(block):
            if h:
                start(h)
    if current is not None:
        done.append(current)
    _rejoin_jumps(done)
    return done


# a paragraph about "the meeting" (会议还研究了…, 会议要求…): its story's, wherever the layout put it
_MEETING_PARAGRAPH = re.compile(r"^会议[还要指强听审研通传认]")


def _reports_meeting(b: _Builder) -> bool:
    """Whether a news story's headline or first sentence names a meeting."""
    return b.kind == "news" and _meeting_heads().search(normalize(b.headline) + _lead(b)) is not None


@cache
def _meeting_heads() -> re.Pattern:
    return re.compile(f"(?:{alternation('meeting_heads')})")


@cache
def _endings(lexicon: str) -> tuple[str, ...]:
    """The entries of ``lexicon`` as str.endswith() takes several."""
    return tuple(sorted(words(lexicon)))


def _rejoin_jumps(stories: list[_Builder]) -> None:
    """Move a paragraph about "the meeting" printed in a story that reports no meeting
    to the last story before it that does: the end of a story the page continued elsewhere."""
    home: _Builder | None = None  # the latest story reporting a meeting
    for b in stories:
        if _reports_meeting(b):
            home = b
            continue
        if b.kind != "news" or home is None:
            continue
        jumped = [p for p in b.paras[1:] if p.kind == "text" and _MEETING_PARAGRAPH.match(p.norm)]
        b.paras = [p for p in b.paras if p not in jumped]
        home.paras.extend(jumped)
