"""govkg: knowledge graphs from Chinese local-government news.

The pipeline, one module a stage: :mod:`kg.read` → :mod:`kg.articles` →
:mod:`kg.nlp` → :mod:`kg.extract` → :mod:`kg.resolve` (with :mod:`kg.locality` and
:mod:`kg.names.gazetteer`) → :mod:`kg.graph` → :mod:`kg.outputs` (each format a writer); :mod:`kg.pipeline` runs
them all (extraction on an executor of :mod:`kg.executors`), :mod:`kg.query` answers SPARQL over the result
and :mod:`kg.careers` reads careers from it. docs/architecture.md says where each kind of change goes.

For Python and Jupyter, :mod:`kg.api`: ``kg.build_graph()`` / ``kg.load_graph("out")``
give a :class:`KnowledgeGraph` (SPARQL as a DataFrame, the facts table,
NetworkX graphs, the co-occurrence page inline, people's careers).
"""
from .api import KnowledgeGraph, build_graph, load_graph, use_cjk_font

__all__ = ["KnowledgeGraph", "build_graph", "load_graph", "use_cjk_font", "__version__"]
__version__ = "0.1.0"
