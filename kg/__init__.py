"""govkg: knowledge graphs from Chinese local-government news.

The pipeline, one module a stage: :mod:`kg.read` → :mod:`kg.articles` →
:mod:`kg.nlp` → :mod:`kg.extract` → :mod:`kg.resolve` → :mod:`kg.graph` →
:mod:`kg.export` / :mod:`kg.draw`; :mod:`kg.build` runs them all and
:mod:`kg.query` answers SPARQL over the result.
"""
__version__ = "0.1.0"
