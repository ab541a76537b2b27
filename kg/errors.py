"""Every message the user can see about bad input or a failed command, in one place.

Like spaCy's ``Errors`` table: code elsewhere refers to ``Errors.E002`` and
formats it, so wording stays consistent and is easy to find and test.
"""
from __future__ import annotations

__all__ = ["Errors", "KgError", "counted"]


class Errors:
    E001 = "no such file or directory"
    E002 = "empty file"
    E003 = "binary file, not text (skipped)"
    E004 = "cannot decode as UTF-8, UTF-16, GB18030 or Big5 (skipped)"
    E005 = "not valid JSON ({detail}); line skipped"
    E006 = "JSON record is not an object; line skipped"
    E007 = "record has no \"text\" string; line skipped"
    E008 = "bad \"date\" {value!r}, expected YYYY-MM-DD; date ignored"
    E009 = "unsupported file type {suffix!r} (expected .txt or .jsonl); skipped"
    E021 = "a .json file is not read: put one JSON record a line in a .jsonl file (rename it if it is one); skipped"
    E010 = "cannot read: {detail}"
    E011 = "no articles found"
    E012 = "{count} bytes are not valid UTF-8 and were replaced with U+FFFD"
    E013 = "directory holds no files"
    E014 = "{count} (\\ud800-\\udfff, half of a character) in the record, replaced with U+FFFD"
    E015 = "{count} in the text, removed"
    E016 = "not a regular file (a FIFO, device or socket); skipped"
    E017 = "the file name is not valid UTF-8 (shown with U+FFFD); read all the same"
    E018 = "{size:,} bytes: larger than the {limit:,} a file may have; skipped"
    E019 = "{count:,} more problems in this file, not shown"
    E020 = "nothing could be built from the input"
    E022 = ("{articles:,} articles: a build of them takes some {needed:.1f} GB of memory at once, and this machine has "
            "{free:.1f} GB free; it may be stopped for want of it (what it extracted is kept, but with --no-cache). "
            "Build them in slices, then kg load the slices' outputs into one store: docs/scaling.md")
    E030 = "no built graph at {path}: run `kg build --out {path}` first"
    E031 = "SPARQL error at {where}: {detail}"
    E032 = "cannot write {path}: {detail}"
    # what E031 says (kg/diagnose.py)
    E033 = "unknown prefix {prefix}:; the predeclared prefixes are {known} (or declare it: PREFIX {prefix}: <IRI>)"
    E034 = "{word} is not a SPARQL keyword{near}"
    E035 = "{bracket} closes no bracket"
    E036 = "a string starts here and is never closed"
    E037 = "{bracket} is never closed"
    E038 = "cannot read the query from «{text}» on"
    E039 = "SPARQL error: {detail}"
    E045 = "the query ends before it is complete"
    E040 = "cannot fetch {spec} from PyPI: {detail}"
    E041 = "no NLP model at {path}: run `make model` to build it"
    E042 = "no training corpus at {path}: expected cluener2020/, peoples_daily_ner/ and msra_ner/"
    E043 = "no pipeline {name!r}: the pipelines are {names}"
    E050 = "no entity named {name!r} in the co-occurrence graph{near}"
    E051 = "{path} is not a co-occurrence graph written by `kg build` ({detail}): run `kg build` again"
    E052 = "nothing to draw: no node is left after the filters"
    E060 = "cannot query {path}: expected a built directory or a .ttl, .nt, .nq or .trig file"
    E061 = "cannot parse {path}: {detail}"
    E062 = "cannot listen on {host}:{port}: {detail}"
    E063 = "no such page: the SPARQL endpoint is {path}"
    E064 = "this endpoint is read-only: updates are refused"
    E065 = "give exactly one query parameter"
    E066 = "send the query as {form} or {body}"
    E067 = "bad Content-Length {value!r}"
    E068 = "bad graph IRI {iri!r} in default-graph-uri or named-graph-uri: {detail}"
    E070 = "{path} is not a complete build (no {files}): run `kg build --out {path}`"
    E071 = "no node group {names}: the groups are {groups}"
    E072 = "bad date {value!r}, expected YYYY-MM-DD"
    E073 = "showing a graph inline needs IPython (Jupyter has it): pip install ipython"
    E074 = ("no CJK font installed: Chinese labels will show as boxes (Debian: apt-get install fonts-wqy-microhei; "
            "then run kg.use_cjk_font() again)")
    E075 = "matplotlib draws Chinese with {name} ({file})"
    E076 = ("matplotlib draws Chinese with {name} ({file}), added to its fonts: their list, cached, was made "
            "before the font was installed")
    E080 = "not a cache of this govkg ({detail}); started afresh"
    E081 = "{count} cached extractions could not be read ({detail}); extracted again"
    E082 = "cannot use the cache ({detail}); building without it"
    E083 = "a worker process stopped ({detail}): try fewer --jobs"
    E084 = "not a cache of govkg: left as it is, and the build goes on without a cache"
    E086 = "another kg build is writing to {out}: wait for it to end"
    E085 = "what the cache kept of {what} cannot be read ({detail}); made again"
    E090 = "copies must be at least 1, not {copies}"
    E091 = "{path} exists and is not an empty directory: give a new or empty one for the corpus"
    E092 = "jieba is not installed (pip install '.[bench]'): the jieba.posseg yardstick is left out"
    E093 = "`{command}` failed (exit status {code}): {detail}"
    E094 = "bad scales {value!r}: give copies of the seeds as whole numbers of at least 1, comma-separated (1,10,100)"
    E100 = "{path} is neither empty nor an Oxigraph store: give --store a new directory"
    E101 = "cannot open the Oxigraph store at {path}: {detail}"
    E102 = "cannot write the Oxigraph store at {path}: {detail}"
    E103 = "{path} is an on-disk Oxigraph store: query it with --store oxigraph (the default)"
    E104 = "bad --dask {value!r}: give a number of local worker processes (1 or more) or a scheduler's address"
    E105 = "cannot reach the Dask scheduler at {address}: {detail}"
    E106 = "--dask needs Dask: pip install 'govkg[dask]'"
    E107 = "the Dask cluster at {address} cannot load govkg ({detail}): install it on the scheduler and every worker"
    E108 = "a Dask worker died extracting {count} from {first} ({detail})"
    E109 = "{where} runs govkg {theirs}, this is govkg {ours}: install the same version everywhere"
    E110 = "no person named {name!r} in {path}{near}"
    E111 = "a flag takes no value: write {flag} alone, not {flag} {value}"
    # the limits of a query (kg/limits.py), for kg query and kg serve alike
    E130 = "the query is {size:,} bytes long; at most {limit:,} are allowed"
    E131 = "the query nests brackets {depth:,} deep; at most {limit} levels are allowed"
    E132 = "the query has more than {limit:,} keywords and operators"
    E133 = "SERVICE {target} refused: {why}"
    E134 = "the query ran past its time limit of {seconds:g} s (--timeout) and was stopped"
    E135 = "the query needed more than its {mib:,} MiB of memory (--memory) and was stopped"
    E136 = "the query stopped the SPARQL engine ({detail})"
    E137 = "bad --allow-service {value!r}: give a host name or address, with a port if need be (example.org:8890)"
    E138 = "cannot read the query file {path}: {detail}"
    E139 = "no such query file: {path}"
    # the endpoint's own refusals (kg/serve.py)
    E140 = "Host {host!r} is not this endpoint's address ({expected}); it may only be reached by that"
    E141 = "the request body is over {limit:,} bytes"
    E142 = "the query workers stopped; restart kg serve"


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural unless ``n`` is 1, for messages.

    >>> counted(1, "document"), counted(5646, "triple"), counted(0, "NUL byte")
    ('1 document', '5,646 triples', '0 NUL bytes')
    """
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


class KgError(Exception):
    """An error meant for the user: the CLI prints its message, never a traceback."""
