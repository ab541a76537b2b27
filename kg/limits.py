"""What a SPARQL query may be and may use, for ``kg query`` and ``kg serve`` alike.

Two lines of defence. Before any engine sees a query, :func:`check` reads its text with a small SPARQL
lexer: its size, how deep its brackets nest and how many keywords and operators it has are bounded
(Oxigraph's parser and evaluator recurse once a level: 2,500 nested groups, or 8,000 terms joined by
``+``, overflow the stack and kill the process), and ``SERVICE``, which would make a read-only endpoint
send requests to any address, is refused unless its host is one :attr:`Limits.allow_service` names.

Then the query runs in a process of its own, a fork of the one holding the graph (:func:`run_confined`,
and :mod:`kg.serve`'s workers), under :func:`confine`: an alarm set with the kernel's default action ends it
at the time limit whatever the engine is doing (Oxigraph cannot be interrupted from Python), its address
space is capped at what the graph took plus the memory limit, and it dies with its parent. Ending the
process frees its core and all it allocated at once; the process holding the graph goes on.

>>> check("SELECT * WHERE { ?s ?p ?o }", Limits())
>>> check("SELECT * WHERE " + "{" * 100 + "}" * 100, Limits())
Traceback (most recent call last):
...
kg.limits.Refused: the query nests brackets 100 deep; at most 64 levels are allowed
>>> check("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", Limits())
Traceback (most recent call last):
...
kg.limits.Refused: SERVICE <http://127.0.0.1:9/sparql> refused: no host is allowed (--allow-service HOST)
"""
from __future__ import annotations

import os
import re
import resource
import select
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

from .errors import Errors, KgError
from .process import die_with_parent

__all__ = ["Limits", "Refused", "lex", "check", "confine", "answer", "parse_head", "stopped", "run_confined",
           "allowed_host"]

_MIB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """The bounds of one query. ``allow_service``: the hosts (``host`` or ``host:port``) ``SERVICE`` may call."""

    timeout: float = 30.0
    memory_mib: int = 1024
    max_bytes: int = 65_536
    max_depth: int = 64
    # below every stack overflow found: 5,000 `!` or `+` in a row, 5,000 UNIONs or 2,000 BINDs parse and run
    max_operators: int = 2_000
    allow_service: tuple[str, ...] = field(default=())


class Refused(KgError):
    """A query the limits stop; ``status`` is the HTTP status ``kg serve`` answers with."""

    def __init__(self, message: str, status: HTTPStatus = HTTPStatus.BAD_REQUEST):
        super().__init__(message)
        self.status = status


# One SPARQL token a match, in the order the grammar tells them apart; `other` takes any single character
# left (operators, punctuation, what no rule knows), so the matches cover the whole text.
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_TOKEN = re.compile(rf"""
  (?P<space>\s+)
| (?P<comment>\#[^\r\n]*)
| (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
            |"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\\\r\n]|\\.)*')
| (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
| (?P<open>\{{|\(|\[|<<)
| (?P<close>\}}|\)|\]|>>)
| (?P<var>[?$]\w+)
| (?P<bnode>_:[\w.\-]*)
| (?P<pname>(?:[^\W\d_](?:[\w\-.]*[\w\-])?)?:(?:(?:[\w:]|{_PLX})(?:(?:[\w\-:.]|{_PLX})*(?:[\w\-:]|{_PLX}))?)?)
| (?P<number>\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)
| (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
| (?P<word>[A-Za-z_]\w*)
| (?P<other>.)
""", re.VERBOSE | re.DOTALL)
_TERMS = {"iri", "var", "bnode", "pname", "number", "string", "langtag"}
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def lex(text: str) -> Iterator[tuple[str, str, int]]:
    """(kind, text, offset) of each SPARQL token but spaces and comments: ``word`` (keywords, function names),
    ``pname`` (``rdfs:label``), ``var``, ``iri``, ``string``, ``open`` and ``close`` (brackets), ``other`` (any
    character no rule takes, an unclosed string's quote among them) …"""
    for m in _TOKEN.finditer(text):
        if m.lastgroup not in ("space", "comment"):
            yield m.lastgroup, m.group(), m.start()


def allowed_host(spec: str) -> str:
    """``--allow-service``'s ``spec`` checked and written one way (lower case); :class:`KgError` if it is no host.

    >>> allowed_host("Example.org:8890")
    'example.org:8890'
    """
    try:
        url = urlsplit(f"//{spec.strip()}")
        ok = url.hostname and not url.username and url.path == "" and not url.query and url.port != 0
    except ValueError:  # a port that is no number
        ok = False
    if not ok:
        raise KgError(Errors.E137.format(value=spec))
    return spec.strip().lower()


def check(sparql: str, limits: Limits, prefixes: dict[str, str] | None = None) -> None:
    """Raise :class:`Refused` if ``sparql`` is too long, nests too deep, has too many operators or calls a
    ``SERVICE`` the limits do not allow. ``prefixes``: those declared for every query."""
    size = len(sparql.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise Refused(Errors.E130.format(size=size, limit=limits.max_bytes), HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
    known = dict(prefixes or {})
    base = ""
    depth = deepest = operators = 0
    tokens = list(_tokens(sparql))
    for i, (kind, text) in enumerate(tokens):
        if kind == "open":
            depth += 1
            deepest = max(deepest, depth)
        elif kind == "close":
            depth = max(0, depth - 1)
        elif kind not in _TERMS:
            operators += 1
        following = tokens[i + 1:i + 3]
        word = text.upper() if kind == "word" else ""
        if word == "BASE" and following[:1] and following[0][0] == "iri":
            base = _iri(following[0][1], base)
        elif word == "PREFIX" and [k for k, _ in following] == ["pname", "iri"]:
            known[following[0][1].split(":", 1)[0]] = _iri(following[1][1], base)
        elif word == "SERVICE":
            _check_service(tokens[i + 1:i + 3], known, base, limits.allow_service)
    if deepest > limits.max_depth:
        raise Refused(Errors.E131.format(depth=deepest, limit=limits.max_depth))
    if operators > limits.max_operators:
        raise Refused(Errors.E132.format(limit=limits.max_operators))


# --- running a query in a process that can be stopped ------------------------------------------------------

# How long past its own alarm a confined process may take before it is killed from outside.
_GRACE = 5.0


def confine(limits: Limits, parent: int) -> None:
    """Bound this (child) process by ``limits``: killed by the kernel at the time limit (SIGALRM's default
    action), its address space capped at what it maps now plus the memory limit, killed if its parent
    (``parent``, its pid before the fork) dies. Its stderr goes nowhere: the engine's own last words
    (\"memory allocation failed\") are not the user's message, :func:`stopped` is."""
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent, which stops its children
    signal.setitimer(signal.ITIMER_REAL, limits.timeout)
    die_with_parent(parent)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)
    os.close(null)
    with open("/proc/self/statm") as statm:
        mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    cap = mapped + limits.memory_mib * _MIB
    resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))


def parse_head(line: bytes) -> tuple[int, int, str]:
    """(status, length, media type) of a :func:`_frame`'s first line."""
    status, length, media_type = line.decode().split(" ", 2)
    return int(status), int(length), media_type


def answer(work: Callable[[], tuple[str, bytes]], limits: Limits) -> bytes:
    """The :func:`_frame` of ``work()``'s (media type, body), or of the error it raised (one line)."""
    try:
        return _frame(200, *work())
    except Refused as e:
        status, message = e.status, str(e)
    except KgError as e:
        status, message = HTTPStatus.BAD_REQUEST, str(e)
    except MemoryError:
        status, message = HTTPStatus.SERVICE_UNAVAILABLE, Errors.E135.format(mib=limits.memory_mib)
    except Exception as e:  # an engine failure (a SERVICE that failed, a panic): its first line, no traceback
        detail = (str(e).strip().splitlines() or [type(e).__name__])[0]
        status, message = HTTPStatus.INTERNAL_SERVER_ERROR, Errors.E136.format(detail=detail)
    return _frame(status, "text/plain", f"{message}\n".encode())


def stopped(wait_status: int, limits: Limits, elapsed: float) -> Refused:
    """Why a confined process that gave no answer ended, from its wait status."""
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        # SIGALRM: its own alarm; SIGKILL past the time limit: killed from outside after it; else the kernel's OOM
        if number == signal.SIGALRM or (number == signal.SIGKILL and elapsed >= limits.timeout):
            return Refused(Errors.E134.format(seconds=limits.timeout), HTTPStatus.SERVICE_UNAVAILABLE)
        if number in (signal.SIGABRT, signal.SIGKILL):  # Rust aborts when an allocation fails
            return Refused(Errors.E135.format(mib=limits.memory_mib), HTTPStatus.SERVICE_UNAVAILABLE)
        detail = signal.Signals(number).name
    else:
        detail = f"exit status {os.WEXITSTATUS(wait_status)}"
    return Refused(Errors.E136.format(detail=detail), HTTPStatus.INTERNAL_SERVER_ERROR)


def run_confined(work: Callable[[], tuple[str, bytes]], limits: Limits) -> bytes:
    """``work()``'s body, run in a forked process under ``limits``; raises :class:`Refused` if the query was
    refused or stopped, or :class:`KgError` for its own errors. The caller must hold no other thread."""
    read, write = os.pipe()
    start = time.monotonic()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: answers, and never returns
        os.close(read)
        try:
            confine(limits, parent)
            data = memoryview(answer(work, limits))
            while data:
                data = data[os.write(write, data):]
        finally:
            os._exit(0)
    os.close(write)
    chunks = []
    deadline = start + limits.timeout + _GRACE
    with open(read, "rb", buffering=0) as pipe:
        while select.select([pipe], [], [], max(0.0, deadline - time.monotonic()))[0]:
            chunk = pipe.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        else:  # its alarm did not end it: it is ended here
            os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    found = _read_frame(b"".join(chunks))
    if found is None:
        raise stopped(status, limits, time.monotonic() - start)
    code, _, body = found
    if code != 200:
        raise Refused(body.decode().rstrip("\n"), HTTPStatus(code))
    return body


def _tokens(text: str) -> Iterator[tuple[str, str]]:
    return ((kind, token) for kind, token, _ in lex(text))


def _iri(token: str, base: str) -> str:
    """An IRIREF token's IRI: ``\\u`` escapes decoded (Oxigraph decodes them in IRIs), resolved against ``base``."""
    iri = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token[1:-1])
    return urljoin(base, iri) if base else iri


def _expand(pname: str, prefixes: dict[str, str]) -> str | None:
    prefix, local = pname.split(":", 1)
    return None if prefix not in prefixes else prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)


def _service_refusal(target: str | None, allow: tuple[str, ...]) -> str | None:
    """Why a ``SERVICE`` to ``target`` (an absolute IRI, or ``None`` when not known before running) is
    refused, or ``None`` if ``allow`` names its host."""
    if not allow:
        return "no host is allowed (--allow-service HOST)"
    if target is None:
        return "the endpoint must be an IRI written in the query"
    try:
        url = urlsplit(target)
        host, port = url.hostname, url.port or {"http": 80, "https": 443}.get(url.scheme)
    except ValueError:  # a port that is no number
        url, host = None, None
    # userinfo and backslashes are read differently by different URL parsers: never let them through
    if not url or url.scheme not in ("http", "https") or not host or "@" in url.netloc or "\\" in target:
        return "only http and https IRIs with a plain host name are allowed"
    for spec in allow:
        url = urlsplit(f"//{spec}")
        if url.hostname == host and url.port in (None, port):
            return None
    return f"{host} is not among the allowed hosts ({', '.join(allow)})"


def _check_service(following: list[tuple[str, str]], prefixes: dict[str, str], base: str,
                   allow: tuple[str, ...]) -> None:
    if following and following[0][1].upper() == "SILENT":
        following = following[1:]
    kind, text = following[0] if following else ("", "")
    target = _iri(text, base) if kind == "iri" else _expand(text, prefixes) if kind == "pname" else None
    why = _service_refusal(target, allow)
    if why:
        raise Refused(Errors.E133.format(target=text or "(nothing)", why=why), HTTPStatus.FORBIDDEN)


def _frame(status: int, media_type: str, body: bytes) -> bytes:
    """An answer as a confined process sends it: ``STATUS LENGTH MEDIA-TYPE`` on a line, then the body."""
    return f"{status} {len(body)} {media_type}\n".encode() + body


def _read_frame(data: bytes) -> tuple[int, str, bytes] | None:
    """(status, media type, body) of a whole :func:`_frame` at the start of ``data``, else ``None``."""
    head, newline, body = data.partition(b"\n")
    if not newline:
        return None
    status, length, media_type = parse_head(head)
    return (status, media_type, body[:length]) if len(body) >= length else None
