"""Benchmarks of govkg: corpora of N× the seeds and of namesakes (:mod:`benchmarks.corpus`), the build's speed
per stage (:mod:`benchmarks.build_speed`), incremental builds (:mod:`benchmarks.incremental`), resolution's
pairwise precision and recall (:mod:`benchmarks.resolution`) and the SPARQL stores (``rdf_stores.py``). Run
from the repository's root, e.g. ``python -m benchmarks.build_speed``."""

__all__: list[str] = []
