# The first two targets are the README's first two commands.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: build test score model bench bench-build bench-rdf bench-load bench-incremental bench-resolution bench-serve clean

build: $(STAMP)  ## set up what running needs, then build the seeds' graph into out/
	$(VENV)/bin/kg build

test: $(TEST_STAMP)  ## set up what testing needs too, lint (ruff, configured in pyproject.toml), then run every test
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

score: build  ## dev-gold scores of the seeds' graph
	$(PY) ../shared/eval/score.py out/ ../shared/eval/dev/*.jsonl

model: $(STAMP)  ## retrain the shipped NLP model (kg/models/zh_govkg) from ../shared/corpora
	$(PY) -m pip install -q -e '.[train]'
	$(VENV)/bin/kg train --corpora ../shared/corpora

bench: $(STAMP)  ## speed of each build stage on 10× the seeds, both pipelines, next to raw pkuseg and jieba.posseg (~4 min)
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) -m benchmarks.build_speed --scales 10

SCALES ?= 10,100
bench-build: $(STAMP)  ## the same at each of SCALES × the seeds (10,100: some 20–25 min here; 1000: hours, README § Speed)
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) -m benchmarks.build_speed --scales $(SCALES)

bench-rdf: $(STAMP)  ## SPARQL on 1M synthetic triples: rdflib's memory store against Oxigraph, in memory and on disk
	$(PY) benchmarks/rdf_stores.py --triples 1000000

bench-load: $(STAMP)  ## kg load of 1M synthetic quads into an on-disk store, against Oxigraph in memory
	$(PY) benchmarks/rdf_stores.py --triples 1000000 --quads --stores oxigraph disk

COPIES ?= 20
bench-incremental: $(STAMP)  ## full build of COPIES × the seeds against unchanged and one-article rebuilds (~4 min)
	$(PY) -m benchmarks.incremental --copies $(COPIES)

ARTICLES ?= 2000
bench-resolution: $(STAMP)  ## resolution's pairwise precision and recall on a namesakes corpus of ARTICLES records (~1 min)
	$(PY) -m benchmarks.resolution --articles $(ARTICLES)

bench-serve: build  ## kg serve under 50 clients for 20 s, cheap and expensive queries mixed (docs/endpoint.md)
	$(PY) -m pip install -q -e '.[bench]'
	$(PY) -m benchmarks.endpoint_load --graph out --clients 50 --seconds 20

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[test]'
	touch $@

clean:
	rm -rf out $(VENV) *.egg-info
