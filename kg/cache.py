"""Incremental builds: what was extracted from each article, kept from one build to the next.

Extraction (the nlp pipeline and :mod:`kg.extract`) is nearly all of a build's time, and what it finds
in an article depends only on the article and on the pipeline. So each
:class:`~kg.model.ArticleFacts` is kept under a key made of both (:func:`article_key`):

* the article: every field but ``path``, so that moving a file, or a JSONL record to another line,
  costs nothing (extraction never reads the path; the build puts the current one back);
* the pipeline's :func:`pipeline_fingerprint`: its name (``accurate`` or ``fast``), the package version and a hash
  of every file extraction reads (the model, the lexicons, the code of ``kg/nlp``, ``kg/extract`` and the
  modules they use). Any change to them makes every entry stale at once, with no version number to
  remember to bump; the two pipelines' entries live side by side.

The store is one SQLite file (:class:`FactsCache`; ``kg build`` keeps it in ``OUT/.govkg-cache.sqlite``).
Writes are transactions, so an interrupted build leaves it whole, holding what was extracted until
then, and two builds may share it. Entries are JSON (:func:`encode`), not pickle: a cache is a file in a
directory anyone may hand over with a build, and unpickling runs whatever code the file names. Every
entry carries a checksum of itself, checked when it is read: a damaged one (a digit changed on disk) is
made again, never copied into the outputs. A file that is a damaged cache is reported in one line and
started afresh; a file given as the cache that is not one of govkg's (``--cache notes.md``, ``--cache
input.jsonl``) is never written to: the build goes on without a cache.

The cache also remembers, per output directory, the last build written there: a signature of its
articles, options and code (:func:`build_signature`), the size and time of each output file
(:func:`output_state`), and what it kept for the next build there (the page's layouts). A build whose
signature matches, and whose outputs are untouched since, has nothing to write.

>>> from kg.model import Article, ArticleFacts, Kind, Mention, Span
>>> art = Article("a1", "p.txt", "标题", "吕沛主持会议。")
>>> kept = ArticleFacts(art, [Mention("吕沛", Kind.PERSON, 0, 2)], sentences=[Span(0, 7)])
>>> decode(encode(kept), art) == kept
True
>>> article_key(art, "fp") == article_key(Article("a1", "elsewhere.txt", "标题", "吕沛主持会议。"), "fp")
True
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from enum import Enum
from functools import cache
from importlib.metadata import version
from pathlib import Path

from . import __version__
from .errors import Errors
from .model import Article, ArticleFacts, Pipeline, Problem

__all__ = ["PACKAGE", "EXTRACTION_INPUTS", "fingerprint", "pipeline_fingerprint",
           "article_key", "encode", "decode", "build_signature",
           "Split", "split_key", "output_state", "FactsCache"]

PACKAGE = Path(__file__).resolve().parent
# What extraction reads besides the article: the model, the word lists, and the code of the nlp and
# extract stages and of every module they import (tests/test_incremental.py checks that list).
EXTRACTION_INPUTS = ("models", "lexicons", "names", "nlp", "extract", "model.py", "text.py", "dates.py", "lexicon.py",
                     "memo.py")
# the ArticleFacts fields an entry holds: the article itself is the build's, with its current path
_STORED = [f.name for f in fields(ArticleFacts) if f.name != "article"]
_FORMAT = 3  # the layout of the database (PRAGMA user_version); another one is started afresh
_APPLICATION_ID = int.from_bytes(b"gvkg", "big")  # PRAGMA application_id: what marks a SQLite file as a cache
_TABLES = {"facts", "builds", "splits", "kept"}
_SQLITE = b"SQLite format 3\x00"
# seconds at least between two commits of extractions (FactsCache.put): a commit waits for the disk, and one a
# batch of 64 articles (17 at seeds ×20) took 0.04 s here on a quiet disk, 0.36 s while other builds wrote to it
COMMIT_EVERY = 2.0


# the packages whose data cut a pipeline's words, besides the files it reads: another version may cut otherwise
_SEGMENTERS = {Pipeline.ACCURATE: (), Pipeline.FAST: ("rjieba",)}


@cache
def fingerprint(package: Path = PACKAGE) -> str:
    """The extraction code's identity: the version and every file extraction reads, hashed once a
    process (about 0.1 s, nearly all of it the 28 MB model). ``kg.nlp.PIPELINE_VERSION`` is in its source."""
    return _digest(package, EXTRACTION_INPUTS)


@cache
def pipeline_fingerprint(pipeline: Pipeline = Pipeline.ACCURATE) -> str:
    """What a pipeline's extractions are kept under: the accurate one's is :func:`fingerprint` (so the
    caches made before there were two stay good); the fast one's adds its name and its segmenter's version."""
    pipeline = Pipeline(pipeline)
    if pipeline == Pipeline.ACCURATE:
        return fingerprint()
    segmenters = "\n".join(f"{name} {version(name)}" for name in _SEGMENTERS[pipeline])
    return hashlib.sha256(f"{fingerprint()}\n{pipeline.value}\n{segmenters}".encode()).hexdigest()


def article_key(article: Article, pipeline: str) -> str:
    """The key of what ``pipeline`` (a :func:`fingerprint`) extracts from ``article``."""
    content = [getattr(article, name) for name in _field_names(Article) if name != "path"]
    return hashlib.sha256(f"{pipeline}\n{json.dumps(content, ensure_ascii=False, default=_plain)}".encode()).hexdigest()


def encode(result: ArticleFacts) -> bytes:
    """``result`` but its article, as compact JSON."""
    return json.dumps([getattr(result, name) for name in _STORED], ensure_ascii=False, separators=(",", ":"),
                      default=_plain).encode()


def decode(data: bytes, article: Article) -> ArticleFacts:
    """The :class:`ArticleFacts` :func:`encode` gave ``data`` for, of ``article``."""
    values = json.loads(data)
    if not isinstance(values, list) or len(values) != len(_STORED):
        raise ValueError("not an extraction")
    return ArticleFacts(article, **{name: v if make is None else make(v)
                                    for (name, make), v in zip(_stored_decoders(), values)})


def build_signature(articles: list[Article], keys: list[str], jsonld: bool) -> str:
    """What a build's outputs depend on: its articles in order (their keys, which carry the
    :func:`fingerprint`, and their paths, which name the page they are on), the options, the working
    directory (input paths are written relative to it) and the rest of the package's code."""
    h = hashlib.sha256(f"{_rest_of_package()}\n{os.getcwd()}\n{jsonld}\n".encode())
    for article, key in zip(articles, keys):
        h.update(f"{key}\t{article.path}\n".encode())
    return h.hexdigest()


@dataclass
class Split:
    """A document of an input file (a page, a JSONL record: its ``path`` and ``line``) split into its articles:
    what the cache keeps of a file (:meth:`FactsCache.splits`), with the file's problems."""
    path: str
    line: int | None
    articles: list[Article]


def split_key(path: str, data: bytes, year: int | None) -> str:
    """The key of what reading and splitting the file ``path`` gives: its content ``data``, its path (which
    every article and problem names), ``--year`` and all the code."""
    return hashlib.sha256(f"{fingerprint()}\n{_rest_of_package()}\n{year}\n{path}\n".encode() + data).hexdigest()


def output_state(out: Path, names: Iterable[str]) -> dict[str, list[int]] | None:
    """Each output's inode, size and modification time (every write is a new inode: see
    :func:`kg.outdir.write_atomic`), or ``None`` if one is missing."""
    try:
        return {name: [(st := (out / name).stat()).st_ino, st.st_size, st.st_mtime_ns] for name in names}
    except OSError:
        return None


class FactsCache:
    """The SQLite file of extractions and of the last build of each output directory.

    Never raises for a bad file: a file that is not a database (or of another layout) is reported
    through ``warn`` and started afresh; one that cannot be opened or written is reported and the
    cache is left off, for the build to go on without it.
    """

    def __init__(self, path: Path, warn: Callable[[Problem], None], named: bool = True,
                 pipeline: Pipeline = Pipeline.ACCURATE):
        """``named``: ``path`` was given (``--cache``), and is used only if it holds a cache; a file at the
        default path, govkg's own name in its output directory, is started afresh if it is none.
        ``pipeline``: whose extractions :meth:`put` keeps."""
        self.path = path
        self.pipeline = pipeline
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        self._pruned = False
        self._pending: list[tuple[str, str, bytes]] = []  # rows put, not yet committed
        self._committed = time.monotonic()
        try:
            if named and not _ours(path):
                warn(Problem(str(path), Errors.E084))
                return
            self._db = self._open()
        except sqlite3.OperationalError as e:  # cannot open or write: locked, read-only, no such directory
            self._off(e)
        except sqlite3.DatabaseError as e:  # not a database, or a damaged one
            warn(Problem(str(path), Errors.E080.format(detail=e)))
            try:
                path.unlink()
                self._db = self._open()
            except (OSError, sqlite3.DatabaseError) as again:
                self._off(again)
        except OSError as e:
            self._off(e)

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=30)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]  # reads the header: fails on a non-database
            if version == 0:  # new
                with db:
                    db.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
                    db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, pipeline TEXT NOT NULL, "
                               "data BLOB NOT NULL) WITHOUT ROWID")
                    db.execute("CREATE TABLE IF NOT EXISTS builds (out TEXT PRIMARY KEY, state TEXT NOT NULL)")
                    db.execute("CREATE TABLE IF NOT EXISTS splits (key TEXT PRIMARY KEY, code TEXT NOT NULL, "
                               "data BLOB NOT NULL) WITHOUT ROWID")
                    db.execute("CREATE TABLE IF NOT EXISTS kept (out TEXT PRIMARY KEY, data BLOB NOT NULL)")
                    db.execute(f"PRAGMA user_version = {_FORMAT}")
            elif version != _FORMAT:
                raise sqlite3.DatabaseError(f"layout {version}, not {_FORMAT}")
        except BaseException:
            db.close()
            raise
        return db

    def _off(self, e: Exception) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._warn(Problem(str(self.path), Errors.E082.format(detail=getattr(e, "strerror", None) or e)))

    def get(self, articles: list[Article], keys: list[str]) -> list[ArticleFacts | None]:
        """What was extracted from each article (with that article), ``None`` where nothing usable is kept."""
        if self._db is None:
            return [None] * len(articles)
        found: dict[str, bytes] = {}
        try:
            for i in range(0, len(keys), 500):  # SQLite takes a bounded number of parameters
                chunk = keys[i:i + 500]
                marks = ",".join("?" * len(chunk))
                found.update(self._db.execute(f"SELECT key, data FROM facts WHERE key IN ({marks})", chunk))
        except sqlite3.DatabaseError as e:
            self._off(e)
            return [None] * len(articles)
        results: list[ArticleFacts | None] = []
        bad: list[str] = []
        for article, key in zip(articles, keys):
            try:
                results.append(decode(_unseal(found[key]), article) if key in found else None)
            except (ValueError, TypeError) as e:  # json's errors are ValueErrors
                results.append(None)
                bad.append(f"{type(e).__name__}: {e}")
        if bad:
            self._warn(Problem(str(self.path), Errors.E081.format(count=len(bad), detail=bad[0])))
        return results

    def put(self, items: Iterable[tuple[str, ArticleFacts]]) -> None:
        """Keep each extraction under its key, as it is now (the stages after extraction add to it: implied places):
        committed with those put before once :data:`COMMIT_EVERY` seconds have passed since the last commit, or at
        :meth:`close` (which a build stopped by an error or Ctrl-C reaches too: only a build killed outright loses
        the last seconds' extractions)."""
        ours = pipeline_fingerprint(self.pipeline)
        self._pending += [(key, ours, _seal(encode(r))) for key, r in items]
        if time.monotonic() - self._committed >= COMMIT_EVERY:
            self._commit()

    def _commit(self) -> None:
        pending, self._pending = self._pending, []
        self._committed = time.monotonic()
        if self._db is None or not pending:
            return
        try:
            with self._db:
                if not self._pruned:  # entries of another code or model can never be used again
                    current = [pipeline_fingerprint(p) for p in Pipeline]
                    self._db.execute(f"DELETE FROM facts WHERE pipeline NOT IN ({','.join('?' * len(current))})",
                                     current)
                    self._pruned = True
                self._db.executemany("INSERT OR REPLACE INTO facts VALUES (?, ?, ?)", pending)
        except sqlite3.DatabaseError as e:
            self._off(e)

    def splits(self, keys: dict[str, str]) -> dict[str, list[Split | Problem]]:
        """What reading and splitting each file gave (``keys``: :func:`split_key` → the file's path), where kept."""
        if self._db is None:
            return {}
        found: dict[str, list[Split | Problem]] = {}
        try:
            wanted = list(keys)
            for i in range(0, len(wanted), 500):  # SQLite takes a bounded number of parameters
                chunk = wanted[i:i + 500]
                for key, data in self._db.execute(f"SELECT key, data FROM splits WHERE key IN "
                                                  f"({','.join('?' * len(chunk))})", chunk):
                    try:
                        found[key] = _decode_split(_unseal(data), keys[key])
                    except (ValueError, TypeError) as e:  # read and split again
                        self._warn(Problem(str(self.path), Errors.E085.format(what=keys[key], detail=e)))
        except sqlite3.DatabaseError as e:
            self._off(e)
            return {}
        return found

    def put_splits(self, splits: dict[str, list[Split | Problem]]) -> None:
        """Keep what reading and splitting files gave, under their :func:`split_key`, in one transaction."""
        if self._db is None or not splits:
            return
        code = f"{fingerprint()}\n{_rest_of_package()}"
        try:
            with self._db:
                self._db.execute("DELETE FROM splits WHERE code != ?", (code,))  # no other code reads them again
                self._db.executemany("INSERT OR REPLACE INTO splits VALUES (?, ?, ?)",
                                     ((key, code, _seal(_encode_split(items))) for key, items in splits.items()))
        except sqlite3.DatabaseError as e:
            self._off(e)

    def last_build(self, out: Path) -> dict | None:
        """What :meth:`record_build` kept of the last build into ``out``."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT state FROM builds WHERE out = ?", (str(out.resolve()),)).fetchone()
            return json.loads(_unseal(row[0])) if row else None
        except sqlite3.DatabaseError:
            return None  # then the outputs are written again, which is always right
        except ValueError as e:
            self._warn(Problem(str(self.path), Errors.E085.format(what=f"the last build into {out}", detail=e)))
            return None

    def kept(self, out: Path) -> dict[str, dict[str, list]]:
        """What the last build into ``out`` kept for the next one (:meth:`record_build`), if the code is the same."""
        if self._db is None:
            return {}
        try:
            row = self._db.execute("SELECT data FROM kept WHERE out = ?", (str(out.resolve()),)).fetchone()
            kept = json.loads(_unseal(row[0])) if row else {}
        except sqlite3.DatabaseError:
            return {}  # then everything is made again, which is always right
        except ValueError as e:
            self._warn(Problem(str(self.path), Errors.E085.format(what=f"the outputs in {out}", detail=e)))
            return {}
        return {name: value for name, value in kept.items() if name != "code"} \
            if kept.get("code") == _rest_of_package() else {}

    def record_build(self, out: Path, state: dict, kept: dict[str, dict[str, list]]) -> None:
        """Remember ``state`` (a signature, the outputs' :func:`output_state`, counts) of the build into ``out``,
        and what it ``kept`` for the next one (made by the same code: the page's layouts), in one
        transaction."""
        if self._db is None:
            return
        where = str(out.resolve())
        data = json.dumps({"code": _rest_of_package(), **kept}, ensure_ascii=False, separators=(",", ":")).encode()
        try:
            with self._db:
                self._db.execute("INSERT OR REPLACE INTO builds VALUES (?, ?)",
                                 (where, _seal(json.dumps(state).encode())))
                self._db.execute("INSERT OR REPLACE INTO kept VALUES (?, ?)", (where, _seal(data)))
        except sqlite3.DatabaseError as e:
            self._off(e)

    def close(self) -> None:
        """Commit what :meth:`put` holds, and close the file."""
        self._commit()
        if self._db is not None:
            self._db.close()
            self._db = None


def _seal(payload: bytes) -> bytes:
    """``payload`` behind its checksum (16 bytes of BLAKE2b)."""
    return hashlib.blake2b(payload, digest_size=16).digest() + payload


def _unseal(blob: bytes) -> bytes:
    """The payload :func:`_seal` sealed; ``ValueError`` if it is not what was sealed.

    >>> _unseal(_seal(b'[1,2]'))
    b'[1,2]'
    >>> _unseal(_seal(b'[1,2]').replace(b"2", b"3"))
    Traceback (most recent call last):
    ...
    ValueError: damaged: its checksum does not match
    """
    if not isinstance(blob, bytes) or hashlib.blake2b(blob[16:], digest_size=16).digest() != blob[:16]:
        raise ValueError("damaged: its checksum does not match")
    return blob[16:]


def _ours(path: Path) -> bool:
    """Whether the file at ``path`` may be used, and started afresh if damaged, as the cache: there is none
    yet, or it is a SQLite database marked as govkg's (or of the tables govkg's caches had before the mark)."""
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except FileNotFoundError:
        return True
    if len(header) < 100 or not header.startswith(_SQLITE):
        return False
    marked = int.from_bytes(header[68:72], "big")
    if marked:
        return marked == _APPLICATION_ID
    try:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            db.close()
    except sqlite3.DatabaseError:
        return False
    return bool(tables) and tables <= _TABLES


def _digest(package: Path, parts: Iterable[str]) -> str:
    h = hashlib.sha256(__version__.encode())
    for part in parts:
        top = package / part
        files = sorted(f for f in top.rglob("*") if f.is_file() and "__pycache__" not in f.parts) \
            if top.is_dir() else [top]
        for f in files:
            h.update(f"\0{f.relative_to(package).as_posix()}\0".encode())
            h.update(f.read_bytes())
    return h.hexdigest()


@cache
def _rest_of_package(package: Path = PACKAGE) -> str:
    """The hash of the package's files that :func:`fingerprint` leaves out: the code after extraction."""
    skip = {"__pycache__", *EXTRACTION_INPUTS}
    return _digest(package, sorted(p.name for p in package.iterdir() if p.name not in skip))


def _plain(value):
    """json's ``default``: what JSON writes of a value it does not know, a dataclass as the list of its fields
    (json walks the lists, strings and numbers itself, in C: a Python walk of them was most of encoding)."""
    if is_dataclass(value):
        return [getattr(value, name) for name in _field_names(type(value))]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not stored")


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


@cache
def _decoder(hint) -> Callable | None:
    """A function turning :func:`_plain`'s form of a ``hint`` back into one (``None``: kept as it is).

    Built once a type from the dataclasses' annotations, so a field added to the model is stored
    with no change here; a value of the wrong shape raises ``TypeError`` or ``ValueError``.
    """
    if typing.get_origin(hint) in (typing.Union, types.UnionType):  # X | None
        inner = _decoder(next(a for a in typing.get_args(hint) if a is not type(None)))
        return inner and (lambda v: None if v is None else inner(v))
    if typing.get_origin(hint) is list:
        item = _decoder(typing.get_args(hint)[0])
        return list if item is None else lambda v: [item(x) for x in v]
    if is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        parts = [_decoder(hints[f.name]) for f in fields(hint)]

        plain = all(part is None for part in parts)  # a Span: its values as they are, many times over

        def make(v: list):
            if len(v) != len(parts):
                raise ValueError(f"{hint.__name__} has {len(parts)} fields, not {len(v)}")
            return hint(*v) if plain else hint(*(x if part is None else part(x) for part, x in zip(parts, v)))
        return make
    if hint is date:
        return date.fromisoformat
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    return None


@cache
def _stored_decoders() -> list[tuple[str, Callable | None]]:
    """Each stored field of :class:`ArticleFacts` and its :func:`_decoder` (reading the type hints takes
    longer than decoding an entry)."""
    hints = typing.get_type_hints(ArticleFacts)
    return [(name, _decoder(hints[name])) for name in _STORED]


def _encode_split(items: list[Split | Problem]) -> bytes:
    return json.dumps([[item.line, item.articles] if isinstance(item, Split) else [item.line, item.message]
                       for item in items], ensure_ascii=False, separators=(",", ":"), default=_plain).encode()


def _decode_split(data: bytes, path: str) -> list[Split | Problem]:
    articles = _decoder(list[Article])
    return [Split(path, line, articles(value)) if isinstance(value, list) else Problem(path, value, line)
            for line, value in json.loads(data)]
