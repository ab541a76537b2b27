"""`kg build --dask`: the seeds built on a local Dask cluster of two worker processes give the local build's graph."""
from __future__ import annotations

import json
import shutil
import socket

import pytest
from rdflib import Dataset, Graph

from conftest import ROOT, run_kg

SEED = ROOT / "seeds" / "000_2faae2a4ae9c89fa.txt"


@pytest.fixture(scope="module")
def dask_build(tmp_path_factory):
    """The seeds, plus a reprint of one page, a missing path and an empty file, built by `kg build --dask 2`:
    a LocalCluster of two worker processes (each loads the pipeline once), as a user would start it."""
    tmp = tmp_path_factory.mktemp("dask")
    reprint, empty = tmp / "reprint.txt", tmp / "empty.txt"
    shutil.copy(SEED, reprint)
    empty.write_text("", encoding="utf-8")
    out = tmp / "out"
    result = run_kg("build", "seeds", str(reprint), str(tmp / "missing.txt"), str(empty), "--out", str(out),
                    "--dask", "2")
    return out, result, tmp


def quads(out) -> set:
    ds = Dataset()
    ds.parse(out / "graph.nq", format="nquads")
    return {(s, p, o, str(g)) for s, p, o, g in ds.quads()}


def test_the_dask_build_has_the_local_builds_quads_and_triples(seeds_out, dask_build):
    out, _, _ = dask_build
    assert len(quads(out)) > 5000 and quads(out) == quads(seeds_out)
    assert set(Graph().parse(out / "graph.ttl")) == set(Graph().parse(seeds_out / "graph.ttl"))


def test_the_dask_build_writes_the_local_builds_tables_and_cooccurrence(seeds_out, dask_build):
    out, _, _ = dask_build
    rows = [sorted((d / "facts.csv").read_text(encoding="utf-8").splitlines()) for d in (out, seeds_out)]
    assert rows[0] == rows[1]  # sorted: facts.csv orders rows by article and offset, and ties may fall either way
    cooccurrence = [json.loads((d / "cooccurrence.json").read_text(encoding="utf-8")) for d in (out, seeds_out)]
    assert cooccurrence[0] == cooccurrence[1]


def test_the_dask_build_reports_each_bad_input_once_and_keeps_a_reprint_once(dask_build):
    _, result, tmp = dask_build
    lines = result.stderr.splitlines()
    assert lines.count(f"warning: {tmp / 'missing.txt'}: no such file or directory") == 1, lines
    assert lines.count(f"warning: {tmp / 'empty.txt'}: empty file") == 1, lines
    assert lines[-1].startswith("56 articles from 6 documents: "), lines  # the reprint read, its articles kept once


def one_line_error(result, *words: str) -> None:
    assert result.returncode == 1 and result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1 and all(word in result.stderr for word in words), result.stderr


def test_a_scheduler_that_does_not_answer_gets_one_line(tmp_path, monkeypatch):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{s.getsockname()[1]}"
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "2s")  # Dask's own setting, read by the build
    result = run_kg("build", str(SEED), "--out", str(tmp_path / "out"), "--dask", address, check=False)
    one_line_error(result, f"cannot reach the Dask scheduler at {address}")
    assert not (tmp_path / "out").exists()


def test_bad_dask_values_get_one_line(tmp_path):
    one_line_error(run_kg("build", str(SEED), "--out", str(tmp_path), "--dask", "0", check=False),
                   "bad --dask '0'")
    one_line_error(run_kg("build", str(SEED), "--out", str(tmp_path), "--dask", "nowhere", check=False),
                   "cannot reach the Dask scheduler at nowhere")
