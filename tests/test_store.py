"""`kg load`: the seeds' graph bulk-loaded into an on-disk Oxigraph store answers as the in-memory store does."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_kg
from kg.errors import KgError
from kg.query import bulk_load, is_store, load_store, run_query
from test_query import QUERIES


@pytest.fixture(scope="module")
def store_dir(seeds_out, tmp_path_factory) -> Path:
    """The seeds' build loaded by `kg load` into a store directory that does not exist yet."""
    store = tmp_path_factory.mktemp("stores") / "db"
    result = run_kg("load", str(seeds_out), "--store", str(store))
    assert f"{seeds_out / 'graph.nq'} → {store}/" in result.stderr
    return store


def one_line_error(result, *words: str) -> None:
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, result.stderr
    assert all(word in result.stderr for word in words), result.stderr


@pytest.mark.parametrize("name", QUERIES)
def test_the_on_disk_store_gives_the_rows_of_the_in_memory_store(seeds_out, store_dir, name):
    on_disk = run_query(load_store(store_dir), QUERIES[name])
    in_memory = run_query(load_store(seeds_out), QUERIES[name])
    assert (on_disk.columns, on_disk.rows) == (in_memory.columns, in_memory.rows)
    assert on_disk.rows and on_disk.rows != [["0"]]


def test_kg_query_reads_the_store_as_it_reads_the_build(seeds_out, store_dir):
    outputs = [run_kg("query", QUERIES["chaired"], "--graph", str(graph), "--format", "csv").stdout
               for graph in (store_dir, seeds_out)]
    assert outputs[0] == outputs[1] and "吕沛," in outputs[0]


def test_loading_again_replaces_the_store_and_leaves_nothing_beside_it(tmp_path):
    copy = tmp_path / "db"
    graph = tmp_path / "one.nt"
    graph.write_text('<https://w3id.org/govkg/resource/person/焦作/吕沛> '
                     '<http://www.w3.org/2000/01/rdf-schema#label> "吕沛"@zh .\n', encoding="utf-8")
    for _ in range(2):
        assert bulk_load([graph], copy) == [graph]
    assert run_query(load_store(copy), QUERIES["triples"]).rows == [["1"]]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db", "one.nt"] and is_store(copy)


def test_a_directory_that_is_no_store_is_never_replaced(seeds_out, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    one_line_error(run_kg("load", str(seeds_out), "--store", str(tmp_path), check=False),
                   str(tmp_path), "neither empty nor an Oxigraph store")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_bad_stores_and_graphs_get_one_line(store_dir, tmp_path):
    one_line_error(run_kg("query", "ASK {}", "--graph", str(store_dir), "--store", "memory", check=False),
                   "is an on-disk Oxigraph store")
    one_line_error(run_kg("query", "ASK {}", "--graph", str(tmp_path / "missing"), check=False),
                   "no built graph at", "kg build")
    one_line_error(run_kg("load", str(tmp_path / "missing"), "--store", str(tmp_path / "db"), check=False),
                   "no built graph at")
    broken = tmp_path / "broken"
    broken.mkdir()
    for name in ("CURRENT", "IDENTITY"):
        (broken / name).write_text("not RocksDB\n", encoding="utf-8")
    with pytest.raises(KgError, match="cannot open the Oxigraph store at"):
        load_store(broken)
    bad = tmp_path / "bad.nq"
    bad.write_text("<a> <b> .\n", encoding="utf-8")
    with pytest.raises(KgError, match="cannot parse"):
        bulk_load([bad], tmp_path / "db")
    assert not (tmp_path / "db").exists()


def test_slices_built_apart_load_into_one_store(tmp_path):
    """A corpus too big for one build's memory is built a slice at a time and queried whole (docs/scaling.md)."""
    slices = {"2023": "2023年3月2日，安吉县委书记赵海燕主持召开县委常委会会议，县领导李明出席。",
              "2024": "2024年5月8日，安吉县县长孙卫东主持召开县政府常务会议，县领导周红梅、李明参加。"}
    builds = []
    for year, text in slices.items():
        (tmp_path / f"{year}.jsonl").write_text(json.dumps({"id": year, "text": text}, ensure_ascii=False) + "\n",
                                                encoding="utf-8")
        builds.append(tmp_path / f"out-{year}")
        run_kg("build", str(tmp_path / f"{year}.jsonl"), "--out", str(builds[-1]), "--pipeline", "fast", "--quiet")
    store = tmp_path / "db"
    result = run_kg("load", *map(str, builds), "--store", str(store))
    assert f"{builds[0] / 'graph.nq'} + {builds[1] / 'graph.nq'} → {store}/" in result.stderr
    chairs = {row[0] for row in run_query(load_store(store), QUERIES["chaired"]).rows}
    assert chairs == {"赵海燕", "孙卫东"}
    # each triple once: the store holds the two graphs' union, what both say (李明, 安吉县) counted once
    apart = [set(map(tuple, run_query(load_store(b), "SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows)) for b in builds]
    together = run_query(load_store(store), "SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows
    assert len(together) == len(apart[0] | apart[1]) < len(apart[0]) + len(apart[1])
    assert set(map(tuple, together)) == apart[0] | apart[1]


def test_a_missing_slice_loads_nothing(seeds_out, store_dir, tmp_path):
    before = run_query(load_store(store_dir), QUERIES["triples"]).rows
    one_line_error(run_kg("load", str(seeds_out), str(tmp_path / "missing"), "--store", str(store_dir), check=False),
                   "no built graph at", "missing")
    assert run_query(load_store(store_dir), QUERIES["triples"]).rows == before
