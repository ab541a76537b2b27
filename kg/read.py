"""Stage 1, read: input paths → :class:`~kg.model.Document` records.

Accepts ``.txt`` newspaper pages, ``.jsonl`` files of articles, and
directories of those (recursively).  Detects UTF-8 (with or without BOM),
UTF-16 and GB18030/GBK.  Anything wrong with an input becomes a
:class:`~kg.model.Problem` in the stream instead of an exception, so one bad
file never stops the others.

>>> from kg.read import decode
>>> decode("高新区".encode("gbk"))[1]
'gb18030'
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from .errors import Errors
from .model import Document, Problem

__all__ = ["read_inputs", "read_file", "decode", "list_files", "DecodeError", "SUFFIXES"]

SUFFIXES = (".txt", ".jsonl")


class DecodeError(ValueError):
    pass


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name).  Raises :class:`DecodeError` with a user message."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise DecodeError(Errors.E003)
        return _strict(data, encoding), encoding
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise DecodeError(Errors.E003)
        return text, encoding
    # a few broken bytes (a page cut mid-character) must not cost the whole page
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= max(3, len(text) // 1000) and not _looks_binary(text):
        return text, "utf-8-replaced"
    raise DecodeError(Errors.E004)


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise DecodeError(Errors.E004) from e
    if _looks_binary(text):
        raise DecodeError(Errors.E003)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text has NUL bytes mostly on one side: the high byte of every ASCII character
    (newlines, digits).  CJK text puts few on the other side (一 is U+4E00), so Chinese news
    has only a few percent of NULs, far from the 50% of ASCII text."""
    sample = data[:4096]
    even = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd > 0.02 and odd > 3 * even:
        return "utf-16-le"
    if even > 0.02 and even > 3 * odd:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls > 0.01 * max(1, len(sample))


def list_files(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """Expand directories (recursively, sorted); report what cannot be used."""
    for path in paths:
        if not path.exists():
            yield Problem(str(path), Errors.E001)
        elif path.is_dir():
            children = sorted(p for p in path.rglob("*") if p.is_file())
            if not children:
                yield Problem(str(path), Errors.E013)
            for child in children:
                if any(part.startswith(".") for part in child.relative_to(path).parts):
                    continue
                if child.suffix.lower() in SUFFIXES:
                    yield child
                else:
                    yield Problem(str(child), Errors.E009.format(suffix=child.suffix))
        elif path.suffix.lower() in SUFFIXES:
            yield path
        else:
            yield Problem(str(path), Errors.E009.format(suffix=path.suffix))


def read_inputs(paths: Iterable[Path]) -> Iterator[Document | Problem]:
    """Every document of every input, with problems interleaved where they occur."""
    for item in list_files(paths):
        if isinstance(item, Problem):
            yield item
            continue
        try:
            data = item.read_bytes()
        except OSError as e:
            yield Problem(str(item), Errors.E010.format(detail=e.strerror or e))
            continue
        yield from read_file(item, data)


def read_file(path: Path, data: bytes) -> Iterator[Document | Problem]:
    """The documents of the file ``path``, whose content is ``data``, with its problems where they occur."""
    if not data.strip():
        yield Problem(str(path), Errors.E002)
        return
    try:
        text, encoding = decode(data)
    except DecodeError as e:
        yield Problem(str(path), str(e))
        return
    if encoding == "utf-8-replaced":
        yield Problem(str(path), Errors.E012.format(count=text.count("\ufffd")))
    if not text.strip():
        yield Problem(str(path), Errors.E002)
    elif path.suffix.lower() == ".jsonl":
        yield from _jsonl_records(str(path), text)
    else:
        yield Document(path=str(path), text=text, is_page=True)


def _jsonl_records(path: str, text: str) -> Iterator[Document | Problem]:
    # only "\n" ends a record: str.splitlines() would also split at U+2028, U+0085 …,
    # which JSON allows raw inside strings
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield Problem(path, Errors.E005.format(detail=e.msg), number)
            continue
        except RecursionError:
            yield Problem(path, Errors.E005.format(detail="nested too deeply"), number)
            continue
        if not isinstance(record, dict):
            yield Problem(path, Errors.E006, number)
            continue
        body = record.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Problem(path, Errors.E007, number)
            continue
        published = None
        if record.get("date") is not None:
            try:
                published = date.fromisoformat(str(record["date"])[:10])
            except ValueError:
                yield Problem(path, Errors.E008.format(value=record["date"]), number)
        yield Document(
            path=path,
            text=body,
            is_page=False,
            line=number,
            id=str(record["id"]) if record.get("id") is not None else None,
            title=_str_or_none(record.get("title")),
            date=published,
            source=_str_or_none(record.get("source")),
        )


def _str_or_none(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None
