"""Incremental and parallel builds: the extraction cache and `kg build --jobs`, on real builds of the seeds."""
from __future__ import annotations

import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset

import kg.cache
import kg.pipeline
from benchmarks.incremental import new_article
from conftest import ROOT, run_kg
from kg.cache import EXTRACTION_INPUTS, PACKAGE, fingerprint
from kg.executors.local import Processes
from kg.pipeline import CACHE_FILE, build
from kg.query import load_store, run_query

SEEDS = ROOT / "seeds"
PAGE = SEEDS / "000_2faae2a4ae9c89fa.txt"
SUMMARY = re.compile(r"([\d,]+) articles? from [\d,]+ documents?: .* \(([\d,]+) cached(, unchanged)?")
# every output but the cache, each of which a build with an article more must write as a build from scratch does
FILES = ("graph.nq", "graph.trig", "graph.ttl", "facts.csv", "facts.parquet", "graph.graphml", "cooccurrence.json",
         "cooccurrence.html")


def summary(result: subprocess.CompletedProcess) -> tuple[int, int, bool]:
    """Articles, cached articles, and whether the build found nothing changed, from `kg build`'s last line."""
    m = SUMMARY.search(result.stderr)
    assert m, result.stderr
    return int(m[1].replace(",", "")), int(m[2].replace(",", "")), bool(m[3])


def outputs(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.iterdir()}


def quads(out: Path) -> set:
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    return set(ds.quads())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """A copy of the seeds, built once (cold cache) into an output directory."""
    root = tmp_path_factory.mktemp("incremental")
    corpus, out = root / "seeds", root / "out"
    shutil.copytree(SEEDS, corpus)
    articles, cached, unchanged = summary(run_kg("build", str(corpus), "--out", str(out)))
    assert articles > 50 and cached == 0 and not unchanged
    assert (out / CACHE_FILE).is_file()
    return corpus, out


@pytest.fixture(scope="module")
def page_out(tmp_path_factory) -> Path:
    """One seed page, built once: a cache for the tests to copy and damage."""
    out = tmp_path_factory.mktemp("page") / "out"
    run_kg("build", str(PAGE), "--out", str(out), "--quiet")
    return out


def test_an_unchanged_corpus_reuses_every_article_and_writes_nothing(built):
    corpus, out = built
    before = outputs(out)
    articles, cached, unchanged = summary(run_kg("build", str(corpus), "--out", str(out)))
    assert cached == articles and unchanged
    assert outputs(out) == before


def test_a_changed_article_is_the_only_one_extracted_again(built, tmp_path):
    corpus, out = tmp_path / "seeds", tmp_path / "out"
    shutil.copytree(built[0], corpus)
    shutil.copytree(built[1], out)
    page = corpus / PAGE.name
    text = page.read_text(encoding="utf-8")
    assert text.count("本报讯(记者赵根志)") == 1
    page.write_text(text.replace("本报讯(记者赵根志)", "本报讯(记者赵根志、钱多多)"), encoding="utf-8")
    articles, cached, unchanged = summary(run_kg("build", str(corpus), "--out", str(out)))
    assert cached == articles - 1 and not unchanged
    authors = run_query(load_store(out), "SELECT ?name WHERE { ?a schema:author/rdfs:label ?name }")
    assert ["钱多多"] in authors.rows and ["赵根志"] in authors.rows


def added_to_a_build(built, tmp_path: Path, record: str) -> tuple[kg.pipeline.BuildReport, Path, Path]:
    """The seeds built into an output directory of their own (their extractions cached), then again with one
    JSONL ``record`` more: that build's report, its output and the new input."""
    corpus, first = built
    cache, out, added = tmp_path / "cache.sqlite", tmp_path / "out", tmp_path / "added.jsonl"
    shutil.copy(first / CACHE_FILE, cache)
    build([corpus], out, quiet=True, cache=cache)
    added.write_text(record, encoding="utf-8")
    return build([corpus, added], out, quiet=True, cache=cache), out, added


@pytest.mark.parametrize("record", [
    "",  # the benchmark's: the corpus's first article, its text changed
    # a name seen nowhere else, for an entity dozens of articles name: it becomes an alias in all of them
    '{"id": "alias", "title": "焦作示范区召开会议", "text": "6月26日，焦作示范区党工委书记吕沛主持召开会议。"}\n',
])
def test_an_article_added_writes_what_a_build_from_scratch_writes(built, tmp_path, record):
    if not record:
        new_article([built[0]], tmp_path / "record.jsonl")
        record = (tmp_path / "record.jsonl").read_text(encoding="utf-8")
    report, out, added = added_to_a_build(built, tmp_path, record)
    scratch = tmp_path / "scratch"
    build([built[0], added], scratch, quiet=True, use_cache=False)
    for name in FILES:
        assert (out / name).read_bytes() == (scratch / name).read_bytes(), name
    assert report.cached == report.articles - 1


def test_an_alias_added_is_in_every_graph_naming_its_entity(built, tmp_path):
    record = '{"id": "alias", "title": "焦作示范区召开会议", "text": "6月26日，焦作示范区党工委书记吕沛主持召开会议。"}\n'
    report, out, _ = added_to_a_build(built, tmp_path, record)
    store = load_store(out)
    assert run_query(store, 'ASK { ?area skos:altLabel "焦作示范区"@zh, "示范区"@zh }').rows == [["true"]]
    named = run_query(store, 'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?area skos:altLabel "焦作示范区"@zh } }')
    assert report.articles > int(named.rows[0][0]) > 10


def test_only_a_changed_file_is_read_and_split_again(built, tmp_path, monkeypatch):
    corpus, cache = tmp_path / "seeds", tmp_path / "cache.sqlite"
    shutil.copytree(built[0], corpus)
    shutil.copy(built[1] / CACHE_FILE, cache)
    first = build([corpus], tmp_path / "out", quiet=True, cache=cache)
    page = corpus / PAGE.name
    page.write_text(page.read_text(encoding="utf-8").replace("本报讯(记者赵根志)", "本报讯(记者赵根志、钱多多)"),
                    encoding="utf-8")
    split = []
    real = kg.pipeline.split_document
    monkeypatch.setattr(kg.pipeline, "split_document", lambda doc, **kw: split.append(doc.path) or real(doc, **kw))
    again = build([corpus], tmp_path / "out", quiet=True, cache=cache)
    assert split == [str(page)] and (again.articles, again.documents) == (first.articles, first.documents)


def test_two_jobs_build_the_same_graph_as_one(seeds_out, tmp_path):
    out = tmp_path / "out"
    articles, cached, _ = summary(run_kg("build", "--out", str(out), "--jobs", "2", "--no-cache"))
    assert cached == 0 and not (out / CACHE_FILE).exists()
    assert quads(out) == quads(seeds_out)
    assert (out / "facts.csv").read_bytes() == (seeds_out / "facts.csv").read_bytes()


def test_a_changed_pipeline_extracts_everything_again(page_out, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(page_out, out)
    assert build([PAGE], out, quiet=True).cached > 10
    monkeypatch.setattr(kg.pipeline, "pipeline_fingerprint", lambda pipeline: "another pipeline")
    report = build([PAGE], out, quiet=True)
    assert report.articles > 10 and report.cached == 0 and not report.unchanged
    assert quads(out) == quads(page_out)


def test_the_fingerprint_follows_every_file_extraction_reads(tmp_path):
    for part in EXTRACTION_INPUTS:
        (shutil.copytree if (PACKAGE / part).is_dir() else shutil.copy)(PACKAGE / part, tmp_path / part)
    first = fingerprint(tmp_path)
    (tmp_path / "cli.py").write_text("# not read by extraction\n", encoding="utf-8")
    fingerprint.cache_clear()
    assert fingerprint(tmp_path) == first
    with (tmp_path / "lexicons" / "title_heads.txt").open("a", encoding="utf-8") as f:
        f.write("总工程师\n")
    fingerprint.cache_clear()
    assert fingerprint(tmp_path) != first


def test_the_fingerprint_covers_every_module_extraction_imports():
    code = ("import sys, kg.extract, kg.nlp\n"
            "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('kg')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    files = {Path(f).resolve().relative_to(PACKAGE).parts for f in loaded.split()}
    # the package's front door (its version is hashed apart) and the message table: no extraction reads them
    uncovered = {f for f in files if f[0] not in EXTRACTION_INPUTS} - {("__init__.py",), ("api.py",), ("errors.py",)}
    assert not uncovered and ("extract", "__init__.py") in files


def test_a_corrupt_cache_is_reported_in_one_line_and_started_afresh(page_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(page_out, out)
    (out / CACHE_FILE).write_bytes(b"\x00not a database\n" * 100)
    result = run_kg("build", str(PAGE), "--out", str(out))
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {out / CACHE_FILE}: not a cache of this govkg (file is not a database); "
                        "started afresh"], result.stderr
    assert summary(result)[1] == 0 and "Traceback" not in result.stderr
    assert summary(run_kg("build", str(PAGE), "--out", str(out)))[2]  # the new cache works: unchanged


def test_an_entry_that_does_not_decode_is_extracted_again(page_out, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(page_out, out)
    with sqlite3.connect(out / CACHE_FILE) as db:
        db.execute("UPDATE facts SET data = ? WHERE key = (SELECT MIN(key) FROM facts)", (b'[["truncated',))
    db.close()
    result = run_kg("build", str(PAGE), "--out", str(out))
    articles, cached, _ = summary(result)
    assert cached == articles - 1
    assert f"warning: {out / CACHE_FILE}: 1 cached extractions could not be read" in result.stderr
    assert quads(out) == quads(page_out)


class _StoppedAfterABatch(Processes):
    """A build's extraction that the user stops (Ctrl-C) once its first batch is done."""

    def run(self, articles, pipeline):
        yield next(super().run(articles, pipeline))
        raise KeyboardInterrupt


def test_a_build_stopped_midway_keeps_what_it_extracted_and_the_next_resumes_there(tmp_path, monkeypatch):
    out = tmp_path / "out"
    monkeypatch.setattr(kg.cache, "COMMIT_EVERY", 3600)  # nothing committed before the build stops
    with pytest.raises(KeyboardInterrupt):
        build([SEEDS], out, quiet=True, executor=_StoppedAfterABatch(1))
    resumed = build([SEEDS], out, quiet=True)
    assert 0 < resumed.cached < resumed.articles


def test_a_cache_that_cannot_be_written_leaves_the_build_whole(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    out = tmp_path / "out"
    result = run_kg("build", str(PAGE), "--out", str(out), "--cache", str(blocker / "cache.sqlite"))
    assert re.search(rf"warning: {re.escape(str(blocker / 'cache.sqlite'))}: cannot use the cache \(.+\); "
                     "building without it", result.stderr), result.stderr
    assert summary(result)[1] == 0 and (out / "graph.trig").is_file()
