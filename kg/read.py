"""Stage 1, read: input paths → :class:`~kg.model.Document` records.

Accepts ``.txt`` newspaper pages, ``.jsonl`` files of articles, and
directories of those (recursively).  Detects UTF-8 (with or without BOM),
UTF-16 (with or without BOM), GB18030/GBK and Big5.  Anything wrong with an
input becomes a :class:`~kg.model.Problem` in the stream instead of an
exception, so one bad file never stops the others: a FIFO, a device or a file
over :data:`MAX_FILE` bytes is not read, a subdirectory that cannot be listed
is named, a file name that is not UTF-8 is shown with U+FFFD.

>>> from kg.read import decode
>>> decode("高新区".encode("gbk"))[1]
'gb18030'
>>> decode("本報訊（記者張三）縣委書記王建國主持召開全縣經濟工作會議。".encode("big5"))[1]
'big5'
"""
from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from charset_normalizer import from_bytes

from .errors import Errors, counted
from .model import Document, Problem

__all__ = ["read_inputs", "read_file", "read_bytes", "decode", "list_files", "shown", "DecodeError", "SUFFIXES",
           "MAX_FILE"]

SUFFIXES = (".txt", ".jsonl")
MAX_FILE = 1 << 30  # a page of news is some kilobytes; a bigger file is a mistake, not news
# Encodings of Chinese text that UTF-8's strict decoding leaves: charset-normalizer tells them apart (Big5 bytes
# decode as GB18030 without an error, into nonsense; UTF-16 of Chinese text may hold no NUL at all)
_LEGACY = ["gb18030", "big5", "utf_16_le", "utf_16_be"]
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # but \t \n \f \r


class DecodeError(ValueError):
    pass


def shown(path: Path | str) -> str:
    """``path`` as text that can be written anywhere: bytes of a file name that are not UTF-8 as U+FFFD."""
    return os.fsencode(path).decode("utf-8", "replace")


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name).  Raises :class:`DecodeError` with a user message."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data, "utf-8-sig"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data:
        encoding = _utf16_without_bom(data) or _guess(data, _LEGACY[2:])
        if encoding is None:
            raise DecodeError(Errors.E003)
        return _strict(data, encoding), encoding
    try:
        return _strict(data, "utf-8"), "utf-8"
    except DecodeError as e:
        if str(e) == Errors.E003:
            raise
    encoding = _guess(data, _LEGACY)
    if encoding is not None:
        return _strict(data, encoding), encoding
    # a few broken bytes (a page cut mid-character) must not cost the whole page
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= max(3, len(text) // 1000) and not _looks_binary(text):
        return text, "utf-8-replaced"
    raise DecodeError(Errors.E004)


def list_files(paths: Iterable[Path]) -> Iterator[Path | Problem]:
    """Expand directories (recursively, sorted); report what cannot be used."""
    for path in paths:
        if not os.path.lexists(path) or (path.is_symlink() and not path.exists()):
            yield Problem(shown(path), Errors.E001)
        elif path.is_dir():
            yield from _directory(path)
        else:
            yield from _file(path)


def read_bytes(path: Path) -> bytes | Problem:
    """The content of the regular file ``path``, or what keeps it from being read."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_FILE + 1)
    except OSError as e:
        return Problem(shown(path), Errors.E010.format(detail=e.strerror or e))
    if len(data) > MAX_FILE:
        return Problem(shown(path), Errors.E018.format(size=path.stat().st_size, limit=MAX_FILE))
    return data


def read_inputs(paths: Iterable[Path]) -> Iterator[Document | Problem]:
    """Every document of every input, with problems interleaved where they occur."""
    for item in list_files(paths):
        if isinstance(item, Problem):
            yield item
            continue
        data = read_bytes(item)
        if isinstance(data, Problem):
            yield data
        else:
            yield from read_file(item, data)


def read_file(path: Path, data: bytes) -> Iterator[Document | Problem]:
    """The documents of the file ``path``, whose content is ``data``, with its problems where they occur."""
    name = shown(path)
    if not data.strip():
        yield Problem(name, Errors.E002)
        return
    try:
        text, encoding = decode(data)
    except DecodeError as e:
        nuls = data.count(0)
        # a stray NUL or two in a page (not UTF-16 then, which has NULs all through) do not make it binary
        if str(e) != Errors.E003 or not 0 < nuls <= max(3, len(data) // 1000):
            yield Problem(name, str(e))
            return
        yield Problem(name, Errors.E015.format(count=counted(nuls, "NUL byte")))
        yield from read_file(path, data.replace(b"\x00", b""))
        return
    if encoding == "utf-8-replaced":
        yield Problem(name, Errors.E012.format(count=text.count("\ufffd")))
    if not text.strip():
        yield Problem(name, Errors.E002)
    elif path.suffix.lower() == ".jsonl":
        yield from _jsonl_records(name, text)
    else:
        yield Document(path=name, text=text, is_page=True)


def _guess(data: bytes, encodings: list[str]) -> str | None:
    """The one of ``encodings`` charset-normalizer finds ``data`` in, if any: the least messy, the most coherent,
    else the first (a few characters may be read in many)."""
    found = from_bytes(data, cp_isolation=encodings)
    best = min(found, key=lambda r: (r.chaos, -r.coherence, encodings.index(r.encoding)), default=None)
    return None if best is None else best.encoding.replace("_", "-")


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
    controls = len(_CONTROL.findall(sample))
    return controls > 0.01 * max(1, len(sample))


def _directory(top: Path) -> Iterator[Path | Problem]:
    found: list[Path | Problem] = []
    unlisted: list[OSError] = []
    for folder, dirs, files in os.walk(top, onerror=unlisted.append):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += (Path(folder) / name for name in files if not name.startswith("."))
    found += (Problem(shown(e.filename), Errors.E010.format(detail=e.strerror or e)) for e in unlisted)
    if not found:
        yield Problem(shown(top), Errors.E013)
    for item in sorted(found, key=lambda f: os.fsencode(f if isinstance(f, Path) else f.path)):
        yield from [item] if isinstance(item, Problem) else _file(item)


def _file(path: Path) -> Iterator[Path | Problem]:
    if path.suffix.lower() not in SUFFIXES:
        # a .json file is most often JSON Lines misnamed, or one array of records: say what to give instead
        yield Problem(shown(path), Errors.E021 if path.suffix.lower() == ".json" else
                      Errors.E009.format(suffix=shown(path.suffix)))
        return
    try:
        mode = path.stat().st_mode
    except OSError as e:
        yield Problem(shown(path), Errors.E010.format(detail=e.strerror or e))
        return
    if not stat.S_ISREG(mode):  # reading a FIFO waits forever, /dev/zero never ends
        yield Problem(shown(path), Errors.E016)
        return
    if shown(path) != str(path):
        yield Problem(shown(path), Errors.E017)
    yield path


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
        except ValueError as e:  # an integer of more than 4,300 digits
            yield Problem(path, Errors.E005.format(detail=str(e).split(";")[0]), number)
            continue
        except RecursionError:
            yield Problem(path, Errors.E005.format(detail="nested too deeply"), number)
            continue
        if not isinstance(record, dict):
            yield Problem(path, Errors.E006, number)
            continue
        halves = sum(len(_SURROGATE.findall(v)) for v in record.values() if isinstance(v, str))
        if halves:  # "\ud800" is valid JSON and no text: it cannot be written out, as UTF-8 or anything else
            record = {k: _SURROGATE.sub("\ufffd", v) if isinstance(v, str) else v for k, v in record.items()}
            yield Problem(path, Errors.E014.format(count=counted(halves, "lone surrogate")), number)
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
