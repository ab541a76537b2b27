"""Why the SPARQL parser refused a query, in one line a person can act on: where (line:column) and what to do.

Oxigraph's parser says where it gave up and every token it could have taken there: ``SELEC`` is
"expected CONSTRUCT" at the end of the next word, an unknown prefix a page of character classes. The
query's own tokens (:func:`kg.limits.lex`) tell more, and are looked at first, in the order they are
written: a prefixed name whose prefix is declared nowhere (and the prefixes there are), a word that is
no keyword (and the keyword nearest it), a bracket that closes nothing, a string never closed, then a
bracket never closed. Failing those, where the parser stopped, and the text from there on (what it
expected there is not said: Oxigraph's list is long, or one alternative of many, "expected OPTIONAL").

>>> PREFIXES = {"kg": "https://w3id.org/govkg/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
>>> explain("SELEC ?x WHERE { ?x ?p ?o }", "error at 1:10: expected CONSTRUCT", PREFIXES)
'SPARQL error at 1:1: SELEC is not a SPARQL keyword; did you mean SELECT?'
>>> explain("SELECT ?x WHERE {\\n  ?x foaf:name ?o }", "error at 2:13: expected one of Prefix not found, …", PREFIXES)
'SPARQL error at 2:6: unknown prefix foaf:; the predeclared prefixes are kg:, rdfs: (or declare it: PREFIX foaf: <IRI>)'
>>> explain("ASK { ?s ?p ?o", "error at 1:15: expected one of …", PREFIXES)
'SPARQL error at 1:5: { is never closed'
"""
from __future__ import annotations

import difflib
import re

from .errors import Errors
from .limits import lex

__all__ = ["KEYWORDS", "explain"]

# SPARQL 1.1's keywords and built-in functions, and those Oxigraph adds (SPARQL 1.2's triple terms, ADJUST …):
# a word among them is never taken for a misspelling
KEYWORDS = tuple("""
    BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED DISTINCT REDUCED AS GROUP BY HAVING ORDER ASC DESC
    LIMIT OFFSET OPTIONAL UNION MINUS FILTER BIND VALUES GRAPH SERVICE SILENT UNDEF NOT EXISTS IN a true false
    COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS
    CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR
    MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG
    STRDT sameTerm isIRI isURI isBLANK isLITERAL isNUMERIC REGEX SUBSTR REPLACE
    TRIPLE SUBJECT PREDICATE OBJECT isTRIPLE ADJUST LATERAL LANGDIR STRLANGDIR hasLANG hasLANGDIR
    INSERT DELETE DATA WITH USING DEFAULT ALL LOAD CLEAR DROP CREATE ADD MOVE COPY TO INTO
""".split())
_UPPER = {k.upper(): k for k in KEYWORDS}
_PAIRS = {"{": "}", "(": ")", "[": "]", "<<": ">>"}
_POSITION = re.compile(r"error at (\d+):(\d+)|line:\s*(\d+), col:\s*(\d+)")


def explain(sparql: str, message: str, prefixes: dict[str, str]) -> str:
    """The one-line error for ``sparql``, which a parser refused with ``message`` (Oxigraph's, or rdflib's);
    ``prefixes``: those declared for every query."""
    found = _tokens_say(sparql, prefixes)
    if found:
        return Errors.E031.format(where=_where(sparql, found[0]), detail=found[1])
    return _parsers(sparql, message)


def _tokens_say(sparql: str, prefixes: dict[str, str]) -> tuple[int, str] | None:
    """(offset, what is wrong there) of the first mistake the query's tokens show, if one does."""
    declared = set(prefixes)
    opened: list[tuple[str, int]] = []
    tokens = list(lex(sparql))
    for i, (kind, text, at) in enumerate(tokens):
        if kind == "word" and text.upper() == "PREFIX" and i + 1 < len(tokens) and tokens[i + 1][0] == "pname":
            declared.add(tokens[i + 1][1].split(":", 1)[0])
        elif kind == "pname" and text.split(":", 1)[0] not in declared:
            prefix = text.split(":", 1)[0]
            return at, Errors.E033.format(prefix=prefix, known=", ".join(f"{p}:" for p in prefixes))
        elif kind == "word" and text.upper() not in _UPPER:
            near = difflib.get_close_matches(text.upper(), _UPPER, n=1, cutoff=0.6)
            return at, Errors.E034.format(word=text, near=f"; did you mean {_UPPER[near[0]]}?" if near else "")
        elif kind == "open":
            opened.append((text, at))
        elif kind == "close":
            if not opened or _PAIRS[opened[-1][0]] != text:
                return at, Errors.E035.format(bracket=text)
            opened.pop()
        elif kind == "other" and text in "\"'":
            return at, Errors.E036
    if opened:
        bracket, at = opened[-1]
        return at, Errors.E037.format(bracket=bracket)
    return None


def _parsers(sparql: str, message: str) -> str:
    """Where a parser stopped, and the text from there on. rdflib's parser says where the construct it could not
    read begins, Oxigraph's only where it gave up (often a token or two on), so rdflib's is asked first."""
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(sparql)
        found = _POSITION.search(message)  # a query only Oxigraph refuses: its own position, then
        if not found:
            return Errors.E039.format(detail=(message.strip().splitlines() or [""])[0])
        line, column = (int(n) for n in (found[1] or found[3], found[2] or found[4]))
    except ParseBaseException as e:
        line, column = e.lineno, e.col
    lines = sparql.splitlines()
    rest = lines[line - 1][column - 1:].strip() if line <= len(lines) else ""
    detail = Errors.E038.format(text=rest if len(rest) <= 20 else rest[:20] + "…") if rest else Errors.E045
    return Errors.E031.format(where=f"{line}:{column}", detail=detail)


def _where(text: str, offset: int) -> str:
    """``offset`` in ``text`` as ``line:column``, both counted from 1, columns in characters."""
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"
