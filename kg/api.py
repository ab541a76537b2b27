"""The Python API, for notebooks: build or load a graph, then ask it questions.

A :class:`KnowledgeGraph` is a handle on an output directory written by ``kg
build`` (or :func:`build_graph`); every method reads one of its files through
the code the commands use, so the answers are the commands' answers:

=========================  ==================================  ==========================
method                     answer                              read from
=========================  ==================================  ==========================
``g.sparql(query)``        a ``pandas.DataFrame``, typed       ``graph.trig`` (Oxigraph)
``g.facts()``              the facts table, a ``DataFrame``    ``facts.parquet``
``g.to_networkx()``        entities and typed relations        ``graph.graphml``
``g.cooccurrence(...)``    who appears with whom, filtered     ``cooccurrence.json``
``g.show(...)``            that graph drawn inline, offline    ``cooccurrence.json``
``g.person(name)``         careers: titles over time, events   ``graph.trig`` (Oxigraph)
=========================  ==================================  ==========================

>>> import json, shutil, tempfile
>>> tmp = Path(tempfile.mkdtemp())
>>> news = tmp / "news.jsonl"
>>> record = {"id": "t1", "date": "2023-06-25", "title": "区委常委会召开",
...           "text": "本报讯 6月25日下午，区委书记张三主持召开区委常委会会议。区长李四出席。"}
>>> _ = news.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
>>> g = build_graph([news], out=tmp / "out")
>>> g.sparql("SELECT ?name (COUNT(?m) AS ?n) WHERE { ?p kg:chaired ?m ; rdfs:label ?name } GROUP BY ?name")
  name  n
0   张三  1
>>> g.facts().query("relation == 'chaired'")[["subject_label", "date"]].to_dict("records")
[{'subject_label': '张三', 'date': datetime.date(2023, 6, 25)}]
>>> "张三" in dict(g.cooccurrence(types="person").nodes(data="label")).values()
True
>>> g.person("张三").titles[["title", "first", "articles"]].to_dict("records")
[{'title': '区委书记', 'first': datetime.date(2023, 6, 25), 'articles': 1}]
>>> load_graph(tmp / "out") == g
True
>>> shutil.rmtree(tmp)

The notebooks in ``notebooks/`` use all of it on the seeds and on articles of
one's own.
"""
from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import Errors, KgError

# `import kg` runs for every `kg` command, which must not pay for pandas, spaCy or Oxigraph
# it does not use: the heavy modules are imported where they are needed, below.
if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd
    import pyoxigraph as ox
    from IPython.display import HTML
    from matplotlib.font_manager import FontEntry

    from .pipeline import BuildReport

__all__ = ["KnowledgeGraph", "Careers", "build_graph", "load_graph", "use_cjk_font", "CjkFont", "CJK_FONTS"]

# what the methods read; load_graph checks them all, so a half or old build fails at once, clearly
_FILES = ("graph.trig", "graph.graphml", "facts.parquet", "cooccurrence.json")

# fonts with Chinese glyphs, as matplotlib names them: Debian's and Ubuntu's (fonts-wqy-microhei,
# fonts-wqy-zenhei, fonts-noto-cjk, whose first face is the Japanese one, with the same Hanzi), then
# macOS' and Windows'
CJK_FONTS = ("WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC",
             "Source Han Sans SC", "Droid Sans Fallback", "AR PL UMing CN", "PingFang SC", "Heiti SC",
             "Microsoft YaHei", "SimHei")

_XSD = "http://www.w3.org/2001/XMLSchema#"
# a literal's datatype → its Python value, so that a COUNT sorts and plots as a number
_FROM_LEXICAL = {
    **{_XSD + t: int for t in ("integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
                                "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
                                "unsignedShort", "unsignedByte")},
    **{_XSD + t: float for t in ("decimal", "double", "float")},
    _XSD + "boolean": lambda text: text in ("true", "1"),
    _XSD + "date": date.fromisoformat,
    _XSD + "dateTime": datetime.fromisoformat,
}


@dataclass(frozen=True)
class Careers:
    """:meth:`KnowledgeGraph.person`'s answer, as DataFrames: ``people``, everyone of the name (``person`` IRI,
    ``name``, ``jurisdiction``, ``first`` and ``last`` day named, ``articles``), the most named first; ``titles``,
    each title a person held (``person``, ``title``, ``first``, ``last``, ``articles``: how many, ``article_iris``),
    by first seen; ``events``, what each did (``person``, ``year``, ``day``, ``relation``, ``what``,
    ``article``), by day; ``table``, ``kg person``'s table."""

    people: pd.DataFrame
    titles: pd.DataFrame
    events: pd.DataFrame
    table: pd.DataFrame


@dataclass(frozen=True)
class KnowledgeGraph:
    """A built output directory: ``out`` (absolute), and the :class:`~kg.pipeline.BuildReport` when
    :func:`build_graph` made it (``None`` when loaded). The RDF is loaded once, at the first query;
    the other files are read at each call, so their answers are the caller's to change."""

    out: Path
    report: BuildReport | None = field(default=None, repr=False, compare=False)

    @cached_property
    def _store(self) -> ox.Store:
        from .query import load_store

        return load_store(self.out)

    def sparql(self, query: str) -> pd.DataFrame:
        """The answer to a SPARQL query, on Oxigraph, as ``kg query`` gives it (the same predeclared
        prefixes ``kg schema org prov skos rdf rdfs xsd res``), but typed: numbers, booleans and dates
        are Python values, IRIs and labels strings, unbound cells ``None``. A SELECT gives its
        variables as columns; an ASK one ``answer`` column; a CONSTRUCT or DESCRIBE ``subject``,
        ``predicate``, ``object``. Bad SPARQL raises :class:`KgError` with the parser's message."""
        import pandas as pd
        import pyoxigraph as ox

        from .query import query_oxigraph

        # kg.query.run_query answers in strings, for printing; a DataFrame wants typed columns,
        # so the terms Oxigraph gives are converted here
        result = query_oxigraph(self._store, query)
        if isinstance(result, ox.QueryBoolean):
            return pd.DataFrame({"answer": [bool(result)]})
        if isinstance(result, ox.QuerySolutions):
            columns = [v.value for v in result.variables]
            return pd.DataFrame([[_python(row[c]) for c in columns] for row in result], columns=columns)
        return pd.DataFrame([[t.subject.value, t.predicate.value, _python(t.object)] for t in result],
                            columns=["subject", "predicate", "object"])

    def facts(self) -> pd.DataFrame:
        """The facts table (``facts.parquet``): a row per fact with its evidence, typed (README, *The facts table*)."""
        import pandas as pd

        return pd.read_parquet(self.out / "facts.parquet")

    def to_networkx(self) -> nx.MultiDiGraph:
        """The entities and events as nodes (``label``, ``type``), relations as edges keyed by the property's
        IRI (``relation``): :func:`kg.graph.to_networkx`'s graph, as ``graph.graphml`` holds it."""
        import networkx as nx

        # the GraphML kg build wrote, rather than the RDF parsed again with rdflib (seconds): the same graph.
        # force_multigraph: GraphML gives a plain DiGraph when no two facts link the same two nodes
        return nx.read_graphml(self.out / "graph.graphml", force_multigraph=True)

    def cooccurrence(self, types: str | Iterable[str] = (), min_weight: int = 1, since: date | str | None = None,
                     until: date | str | None = None, focus: str | None = None, hops: int = 1,
                     top: int | None = None) -> nx.Graph:
        """The co-occurrence graph (:mod:`kg.cooccurrence`), filtered as ``kg viz`` filters it, in this order:
        the articles dated ``since`` to ``until`` (dates or ``YYYY-MM-DD``); nodes of the group(s) ``types``
        (``person``, ``organization``, ``place``, ``project``, ``meeting``, ``event``; default all); links of
        at least ``min_weight``; the nodes within ``hops`` links of ``focus`` (a name, alias or IRI); the
        ``top`` nodes by mentions. A new graph each call."""
        from .cooccurrence import GROUPS, Selection, load

        groups = (types,) if isinstance(types, str) else tuple(types)
        if unknown := [t for t in groups if t not in GROUPS]:
            raise KgError(Errors.E071.format(names=", ".join(map(repr, unknown)), groups=", ".join(GROUPS)))
        selection = Selection(since=_day(since), until=_day(until), groups=groups, min_weight=min_weight,
                              focus=focus, hops=hops, top=top)
        return selection.apply(load(self.out))

    def person(self, name: str) -> Careers:
        """The careers of everyone named ``name`` (:mod:`kg.careers`), as ``kg person`` prints them: each
        person's titles with the first and last day seen and the articles behind them, their events by day,
        and where each was resolved. :class:`KgError` when no person has the name (with names close to it)."""
        import pandas as pd

        from .careers import COLUMNS, from_graph, near, rows

        found = from_graph(self._store, name)
        if not found:
            close = near(self._store, name)
            raise KgError(Errors.E110.format(name=name, path=self.out, near=f"; did you mean {', '.join(close)}?"
                                             if close else ""))
        people = pd.DataFrame([vars(c.person) for c in found]).rename(columns={"iri": "person"})
        titles = pd.DataFrame([{"person": c.person.iri, "title": t.title, "first": t.first, "last": t.last,
                                "articles": len(t.articles), "article_iris": list(t.articles)}
                               for c in found for t in c.titles],
                              columns=["person", "title", "first", "last", "articles", "article_iris"])
        events = pd.DataFrame([{"person": c.person.iri, "year": e.day.year if e.day else None, "day": e.day,
                                "relation": e.relation, "what": e.what, "article": e.article}
                               for c in found for e in c.events],
                              columns=["person", "year", "day", "relation", "what", "article"])
        return Careers(people, titles, events, pd.DataFrame(rows(found), columns=list(COLUMNS)))

    def show(self, title: str = "govkg co-occurrence", height: int = 600, **filters) -> HTML:
        """The co-occurrence graph drawn inline in Jupyter: ``kg viz``'s page (:func:`kg.draw.to_html`: everything
        inline, no network) in an iframe ``height`` pixels high; ``filters`` are :meth:`cooccurrence`'s, and
        the page opens on ``focus``, as ``kg viz --focus`` does. Needs IPython (which Jupyter has)."""
        try:
            from IPython.display import HTML
        except ImportError as e:
            raise KgError(Errors.E073) from e
        from .draw import to_html

        graph = self.cooccurrence(**filters)
        if not len(graph):
            raise KgError(Errors.E052)
        # an iframe, not the page itself: the page is a whole HTML document whose script and styles
        # would clash with the notebook's; srcdoc carries it inline, so nothing is fetched. (The div
        # keeps IPython from warning that a bare iframe should be an IFrame, which loads a URL.)
        return HTML(f'<div><iframe srcdoc="{html.escape(to_html(graph, title, focus=filters.get("focus")))}" '
                    f'style="width: 100%; height: {height}px; border: none"></iframe></div>')


def build_graph(inputs: Iterable[str | Path] | None = None, out: str | Path = "out", year: int | None = None,
                quiet: bool = True, jobs: int = 0, pipeline: str = "accurate") -> KnowledgeGraph:
    """``kg build``: build the graph of ``inputs`` (``.txt`` pages, ``.jsonl`` articles, directories of them;
    default: the bundled seeds) into ``out``, then a :class:`KnowledgeGraph` of it. ``year`` is ``--year``,
    ``jobs`` ``--jobs`` (0: one worker a core), ``pipeline`` ``--pipeline`` (``accurate`` or ``fast``);
    ``quiet=False`` shows progress. As with ``kg build``, articles built into ``out``
    before are not extracted again. Bad inputs are skipped with a warning each (also in ``report.problems``);
    :class:`KgError` when nothing could be built."""
    from .pipeline import SEEDS, build

    out = Path(out).resolve()
    report = build([Path(p) for p in inputs] if inputs is not None else [SEEDS], out, year=year, quiet=quiet,
                   jobs=jobs, pipeline=pipeline)
    return KnowledgeGraph(out, report)


def load_graph(out: str | Path = "out") -> KnowledgeGraph:
    """The graph ``kg build`` (or :func:`build_graph`) wrote into ``out``; :class:`KgError` when a file is missing.

    >>> load_graph("no/such/dir")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    kg.errors.KgError: no/such/dir is not a complete build (no graph.trig, ...): run `kg build --out no/such/dir`
    """
    if missing := [name for name in _FILES if not (Path(out) / name).is_file()]:
        raise KgError(Errors.E070.format(path=out, files=", ".join(missing)))
    return KnowledgeGraph(Path(out).resolve())


@dataclass(frozen=True)
class CjkFont:
    """What :func:`use_cjk_font` did: the font matplotlib now draws Chinese with (``None``: none is
    installed) and its file; ``added`` when matplotlib had to be told of it, its font list (cached on
    disk) having been made before the font was installed. Shown, it says so; true when there is a font."""

    name: str | None
    file: str | None = None
    added: bool = False

    def __bool__(self) -> bool:
        return self.name is not None

    def __str__(self) -> str:
        if not self:
            return Errors.E074
        return Errors.E076.format(name=self.name, file=self.file) if self.added else \
            Errors.E075.format(name=self.name, file=self.file)

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # what IPython shows: the sentence
        printer.text(str(self))


def use_cjk_font() -> CjkFont:
    """Let matplotlib draw Chinese labels: put the first installed of :data:`CJK_FONTS` first in its
    sans-serif fonts (glyphs it lacks come from the fonts after it), and say which (:class:`CjkFont`).
    A font installed after matplotlib made its font list is found on disk and added to it. With none
    installed, Chinese shows as boxes, with a warning, but nothing fails. Needs matplotlib
    (``pip install -e '.[notebooks]'``).

    >>> use_cjk_font().name in (None, *CJK_FONTS)
    True
    """
    import matplotlib as mpl
    from matplotlib import font_manager

    found, added = _cjk_font(font_manager.fontManager.ttflist), False
    if not found:
        known = {f.fname for f in font_manager.fontManager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known:
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # a file FreeType cannot read is no font to use
                    continue
        found = _cjk_font(font_manager.fontManager.ttflist)
        added = found is not None
    if not found:
        return CjkFont(None)
    mpl.rcParams["font.family"] = "sans-serif"
    mpl.rcParams["font.sans-serif"] = [found.name, *(f for f in mpl.rcParams["font.sans-serif"] if f != found.name)]
    return CjkFont(found.name, found.fname, added)


def _python(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> object:
    """A SPARQL term as a Python value: IRIs and plain or tagged literals as strings, typed literals typed.

    >>> import pyoxigraph as ox
    >>> _python(ox.Literal("3", datatype=ox.NamedNode(_XSD + "integer"))), _python(ox.Literal("吕沛", language="zh"))
    (3, '吕沛')
    >>> _python(ox.Literal("2023-06-25", datatype=ox.NamedNode(_XSD + "date")))
    datetime.date(2023, 6, 25)
    >>> _python(ox.Literal("2023-13-01", datatype=ox.NamedNode(_XSD + "date")))  # ill-typed: kept as written
    '2023-13-01'
    """
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)  # IRIs and blank nodes have none
    parse = datatype and _FROM_LEXICAL.get(datatype.value)
    try:
        return parse(term.value) if parse else term.value
    except ValueError:
        return term.value


def _day(value: date | str | None) -> date | None:
    """``since``/``until`` as a date; ``YYYY-MM-DD`` text is taken too.

    >>> _day("2023-06-01"), _day(None)
    (datetime.date(2023, 6, 1), None)
    >>> _day("6月1日")
    Traceback (most recent call last):
    kg.errors.KgError: bad date '6月1日', expected YYYY-MM-DD
    """
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError) as e:
        raise KgError(Errors.E072.format(value=value)) from e


def _cjk_font(fonts: list[FontEntry]) -> FontEntry | None:
    """The first of :data:`CJK_FONTS` among matplotlib's fonts."""
    by_name = {}
    for font in fonts:
        by_name.setdefault(font.name, font)
    return next((by_name[name] for name in CJK_FONTS if name in by_name), None)
