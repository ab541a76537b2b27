"""Builds as an unlucky user (and an attacker handing over files) find them (issue 15): every case runs the real
``kg build``, ``kg load`` or ``kg viz`` in a process of its own, on 127.0.0.1's disk, bounded in time.

Before the fix each of these stopped the whole build with a traceback, destroyed a file, mixed two builds, or
left processes and temporary files behind.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import psutil
import pyoxigraph as ox
import pytest

from conftest import ROOT, run_kg
from kg.query import load_store, run_query

SEEDS = ROOT / "seeds"
PAGE = SEEDS / "000_2faae2a4ae9c89fa.txt"
MEETING = "本报讯（记者张三）3月5日上午，县委书记王建国主持召开全县经济工作会议。县领导李明、赵刚出席会议。"
TRADITIONAL = "本報訊（記者張三）3月5日上午，縣委書記王建國主持召開全縣經濟工作會議。縣領導李明、趙剛出席會議。"
OUTPUTS = ("graph.ttl", "graph.trig", "graph.nq", "graph.graphml", "facts.csv", "facts.parquet", "cooccurrence.json",
           "cooccurrence.html")
NO_CAPS = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"]  # root that file modes do stop


def kg(*args: str, prefix: list[str] | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([*(prefix or []), sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def record(rid: str, text: str, day: str = "2024-03-05") -> str:
    return json.dumps({"id": rid, "date": day, "text": text}, ensure_ascii=False) + "\n"


def warnings(result: subprocess.CompletedProcess) -> list[str]:
    """The warning lines of a build; that nothing else but them and its summary was said, no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith(("warning: ", "error: ")) or " articles from " in line for line in lines), lines
    return [line.removeprefix("warning: ") for line in lines if line.startswith("warning: ")]


def ask(out: Path, pattern: str) -> bool:
    return run_query(load_store(out), f"ASK {{ {pattern} }}").rows == [["true"]]


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def leftovers(out: Path) -> list[str]:
    """What a build leaves in ``out`` besides its outputs, cache and lock: temporary files and stages."""
    return sorted(p.name for p in out.iterdir() if p.name not in {*OUTPUTS, ".govkg-cache.sqlite", ".govkg.lock"})


# --- input ------------------------------------------------------------------------------------------------------

def test_every_bad_input_gets_one_line_and_the_rest_is_built(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "surrogate.jsonl").write_text(
        record("s1", MEETING) + '{"id": "s2", "text": "县长陈志强\\ud800主持召开县政府常务会议。"}\n', encoding="utf-8")
    (inputs / "digits.jsonl").write_text('{"id": "d1", "n": ' + "9" * 5000 + ', "text": "会议。"}\n', encoding="utf-8")
    (inputs / "many.jsonl").write_text("{broken\n" * 200_000, encoding="utf-8")
    (inputs / os.fsdecode(b"name-\xff\xfe.txt")).write_bytes((SEEDS / "002_fe7e849a08d988fd.txt").read_bytes())
    os.mkfifo(inputs / "fifo.txt")
    (inputs / "zero.txt").symlink_to("/dev/zero")
    page = PAGE.read_bytes()
    (inputs / "nul.txt").write_bytes(page[:3000] + b"\x00" + page[3000:])  # a stray NUL in a 17 KB page
    (inputs / "utf16.txt").write_bytes((SEEDS / "001_46726828fce82259.txt").read_text(encoding="utf-8")
                                       .encode("utf-16-le"))  # no BOM
    (inputs / "big5.txt").write_bytes(TRADITIONAL.encode("big5"))
    out = tmp_path / "out"

    result = kg("build", str(inputs), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    said = warnings(result)
    name = os.fsencode(inputs / os.fsdecode(b"name-\xff\xfe.txt")).decode("utf-8", "replace")
    expected = {
        f"{inputs}/surrogate.jsonl:2: 1 lone surrogate",
        f"{inputs}/digits.jsonl:1: not valid JSON (Exceeds the limit (4300 digits)",
        f"{inputs}/many.jsonl: 199,990 more problems in this file, not shown",
        f"{name}: the file name is not valid UTF-8",
        f"{inputs}/fifo.txt: not a regular file",
        f"{inputs}/zero.txt: not a regular file",
        f"{inputs}/nul.txt: 1 NUL byte in the text, removed",
    }
    for start in expected:
        assert sum(line.startswith(start) for line in said) == 1, (start, said)
    assert sum(line.startswith(f"{inputs}/many.jsonl:") for line in said) == 11  # ten told, then a count
    assert len(said) == len(expected) + 10
    # built: the good records, the pages with a NUL, in UTF-16 without BOM, in Big5, the one with a bad name
    assert ask(out, '?p rdfs:label "王建国"@zh ; kg:chaired ?m')
    # the record with half a character is built, which is U+FFFD now
    assert ask(out, '?a schema:identifier "s2" ; schema:text ?t FILTER(CONTAINS(?t, "陈志强\ufffd主持"))')
    assert ask(out, '?a schema:text ?t FILTER(CONTAINS(?t, "縣委書記王建國主持召開"))')
    files = {row[0] for row in run_query(load_store(out), "SELECT DISTINCT ?f WHERE { ?a kg:sourceFile ?f }").rows}
    assert {"nul.txt", "utf16.txt", "big5.txt", "name-\ufffd\ufffd.txt"} <= files, files
    assert not ask(out, '?a schema:text ?t FILTER(CONTAINS(?t, "\\u0000"))')


@pytest.mark.skipif(shutil.which("setpriv") is None, reason="needs setpriv to take root's power over file modes")
def test_unreadable_files_and_directories_are_named_and_the_rest_is_built(tmp_path):
    unreadable = tmp_path / "unreadable.txt"
    unreadable.write_bytes(PAGE.read_bytes())
    folder = tmp_path / "dir"
    (folder / "closed").mkdir(parents=True)
    shutil.copy(SEEDS / "001_46726828fce82259.txt", folder)
    shutil.copy(SEEDS / "002_fe7e849a08d988fd.txt", folder / "closed")
    unreadable.chmod(0)
    (folder / "closed").chmod(0)
    try:
        result = kg("build", str(unreadable), str(folder), "--out", str(tmp_path / "out"), "--quiet",
                    prefix=NO_CAPS)
    finally:
        unreadable.chmod(0o644)
        (folder / "closed").chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert sorted(warnings(result)) == [f"{folder}/closed: cannot read: Permission denied",
                                        f"{unreadable}: cannot read: Permission denied"]


def test_an_article_over_a_million_characters_is_built_in_pieces(tmp_path):
    text = MEETING + "。" * 1_000_000 + MEETING.replace("王建国", "陈志强")
    articles = tmp_path / "long.jsonl"
    articles.write_text(record("long", text), encoding="utf-8")
    out = tmp_path / "out"
    result = kg("build", str(articles), "--out", str(out), "--quiet", timeout=600)
    assert result.returncode == 0 and not warnings(result), result.stderr
    rows = run_query(load_store(out), """SELECT ?name ?s ?e ?said ?text WHERE { ?f rdf:predicate kg:chaired ;
        rdf:subject/rdfs:label ?name ; kg:evidenceStart ?s ; kg:evidenceEnd ?e ; kg:evidence ?said ;
        prov:wasDerivedFrom/schema:text ?text }""").rows
    assert {row[0] for row in rows} == {"王建国", "陈志强"}
    for _, start, end, said, whole in rows:  # each at its place in the whole text, the second past a million
        assert whole == text and whole[int(start):int(end)] == said
    assert max(int(row[1]) for row in rows) >= 1_000_000


# --- the cache -----------------------------------------------------------------------------------------------------

def test_a_cache_file_that_is_not_a_cache_is_never_touched(tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text("my notes\n", encoding="utf-8")
    articles = tmp_path / "a.jsonl"
    articles.write_text(record("a1", MEETING), encoding="utf-8")
    before = articles.read_bytes()
    for cache in (notes, articles, tmp_path / "out" / "graph.ttl"):
        result = kg("build", str(articles), "--out", str(tmp_path / "out"), "--cache", str(cache), "--quiet")
        assert result.returncode == 0, result.stderr
        assert warnings(result) == [f"{cache}: not a cache of govkg: left as it is, and the build goes on without "
                                    f"a cache"]
    assert notes.read_text(encoding="utf-8") == "my notes\n" and articles.read_bytes() == before


def _damage(cache: Path, table: str) -> None:
    """A digit changed in every entry of ``table``, as a bad disk sector or a hand would."""
    db = sqlite3.connect(cache)
    with db:
        column = "state" if table == "builds" else "data"
        for key, data in db.execute(f"SELECT rowid, {column} FROM {table}").fetchall() if table in ("builds", "kept") \
                else db.execute(f"SELECT key, {column} FROM {table}").fetchall():
            at = next(i for i in range(16, len(data)) if chr(data[i]).isdigit())
            changed = data[:at] + bytes([ord("0") + (data[at] - ord("0") + 1) % 10]) + data[at + 1:]
            where = "rowid" if table in ("builds", "kept") else "key"
            db.execute(f"UPDATE {table} SET {column} = ? WHERE {where} = ?", (changed, key))
    db.close()


@pytest.mark.parametrize("table", ["kept", "facts", "builds", "splits"])
def test_a_damaged_cache_entry_is_made_again_and_never_reaches_the_outputs(tmp_path, table):
    kept, added = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    kept.write_text(record("a1", MEETING), encoding="utf-8")
    added.write_text(record("a2", MEETING.replace("王建国", "陈志强"), "2024-04-08"), encoding="utf-8")
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    assert kg("build", str(kept), str(added), "--out", str(out), "--quiet").returncode == 0
    _damage(out / ".govkg-cache.sqlite", table)
    with added.open("a", encoding="utf-8") as f:  # an article more: the last build's parts are copied
        f.write(record("a3", MEETING.replace("王建国", "孙伟"), "2024-05-01"))
    result = kg("build", str(kept), str(added), "--out", str(out), "--quiet")
    assert result.returncode == 0, result.stderr
    said = warnings(result)
    assert said and all("damaged: its checksum does not match" in line for line in said), said
    assert kg("build", str(kept), str(added), "--out", str(fresh), "--quiet", "--no-cache").returncode == 0
    parsed = set(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    assert parsed == set(ox.parse(path=str(fresh / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    again = kg("build", str(kept), str(added), "--out", str(out))
    assert not warnings(again) and "unchanged: nothing written" in again.stderr


# --- the outputs ---------------------------------------------------------------------------------------------------

def _wait_for(check, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_a_second_build_into_the_same_out_is_refused_while_the_first_runs(tmp_path):
    out = tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-m", "kg", "build", "--out", str(out), "--quiet"], cwd=ROOT,
                             stderr=subprocess.PIPE, text=True)
    try:
        # the first holds the lock on out (the kernel's list of locks says so)
        _wait_for(lambda: any(line.split()[4] == str(first.pid) for line in Path("/proc/locks").read_text()
                              .splitlines() if "FLOCK" in line))
        second = kg("build", str(PAGE), "--out", str(out), "--quiet")
        assert second.returncode == 1 and second.stderr == \
            f"error: another kg build is writing to {out}: wait for it to end\n"
        assert first.wait(timeout=300) == 0, first.stderr.read()
    finally:
        first.kill()
        first.wait()
    assert ask(out, '?p rdfs:label "吕沛"@zh') and len(run_query(load_store(out), "SELECT ?a WHERE { ?a a "
                                                                                  "schema:NewsArticle }").rows) == 56
    assert kg("build", "--out", str(out), "--quiet").returncode == 0 and not leftovers(out)


def test_a_build_that_cannot_write_leaves_the_last_set_whole_and_nothing_else(tmp_path):
    articles = tmp_path / "a.jsonl"
    articles.write_text(record("a1", MEETING), encoding="utf-8")
    out = tmp_path / "out"
    assert kg("build", str(articles), "--out", str(out), "--quiet", "--no-cache").returncode == 0
    before = snapshot(out)
    # a full disk, as a file size limit makes it: writes past 400 KB fail (EFBIG) as they would (ENOSPC)
    full = ["prlimit", f"--fsize={400 << 10}"]
    result = kg("build", str(SEEDS), "--out", str(out), "--quiet", "--no-cache", prefix=full)
    assert result.returncode == 1 and result.stderr.startswith("error: cannot write ") and \
        "File too large" in result.stderr, result.stderr
    assert snapshot(out) == before and not leftovers(out)


def test_a_build_killed_while_writing_leaves_one_set_and_the_next_cleans_up(tmp_path):
    out = tmp_path / "out"
    assert kg("build", str(PAGE), "--out", str(out), "--quiet").returncode == 0
    before = snapshot(out)
    build = subprocess.Popen([sys.executable, "-m", "kg", "build", "--out", str(out), "--quiet"], cwd=ROOT,
                             stderr=subprocess.DEVNULL)
    try:  # killed as soon as it writes its outputs (into a stage of its own)
        _wait_for(lambda: any(p.name.startswith(".govkg-build-") for p in out.iterdir()))
        build.send_signal(signal.SIGKILL)
        build.wait()
    finally:
        build.kill()
    after = snapshot(out)
    assert after == before or not any(after[name] == before[name] for name in OUTPUTS), "a mix of two builds"
    assert kg("build", "--out", str(out), "--quiet").returncode == 0
    assert not leftovers(out)


def test_a_switch_a_killed_build_began_is_finished_and_dead_files_removed(tmp_path):
    articles = tmp_path / "a.jsonl"
    articles.write_text(record("a1", MEETING), encoding="utf-8")
    out, other = tmp_path / "out", tmp_path / "other"
    assert kg("build", str(articles), "--out", str(out), "--quiet").returncode == 0
    articles.write_text(record("a1", MEETING) + record("a2", MEETING.replace("王建国", "陈志强")), encoding="utf-8")
    assert kg("build", str(articles), "--out", str(other), "--quiet").returncode == 0
    # what a build killed in the middle of its switch leaves: a complete stage, listed, half of it moved
    stage = out / ".govkg-build-killed"
    shutil.copytree(other, stage, ignore=shutil.ignore_patterns(".govkg*"))
    (stage / ".commit").write_text(json.dumps({"move": list(OUTPUTS), "remove": ["graph.jsonld"]}))
    os.replace(stage / "graph.ttl", out / "graph.ttl")
    (out / ".govkg-build-unfinished").mkdir()  # and a stage of a build killed before its switch
    (out / ".graph.nq.x1y2z3").write_bytes(b"half")  # and a temporary file of an older build
    articles.write_text(record("a1", MEETING) + record("a2", MEETING.replace("王建国", "陈志强")) +
                        record("a3", MEETING.replace("王建国", "孙伟")), encoding="utf-8")
    assert kg("build", str(articles), "--out", str(out), "--quiet").returncode == 0
    assert not leftovers(out)
    assert ask(out, '?p rdfs:label "孙伟"@zh') and ask(out, '?p rdfs:label "陈志强"@zh')


def _pythons(process: psutil.Process) -> list[psutil.Process]:
    """The Python processes ``process`` started, and they theirs."""
    found = []
    for child in process.children(recursive=True):
        try:
            if "python" in child.name():
                found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def test_workers_die_with_a_build_killed(tmp_path):
    build = psutil.Popen([sys.executable, "-m", "kg", "build", "--out", str(tmp_path / "out"), "--jobs", "2",
                          "--quiet", "--no-cache"], cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        # its resource tracker, multiprocessing's fork server and the two workers it forked
        _wait_for(lambda: len(_pythons(build)) >= 4)
        spawned = _pythons(build)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    gone, alive = psutil.wait_procs(spawned, timeout=15)
    assert not alive, [p.cmdline()[:3] for p in alive]


def test_control_characters_and_formulas_reach_no_output_raw(tmp_path):
    articles = tmp_path / "c.jsonl"
    articles.write_text(record("c1", MEETING.replace("全县经济", "全县\x07经济")) +
                        record("c2", '=HYPERLINK("http://x")县委书记王建国主持召开全县安全生产工作会议。', "2024-03-06"),
                        encoding="utf-8")
    out = tmp_path / "out"
    assert kg("build", str(articles), "--out", str(out), "--quiet").returncode == 0
    labels = {data["label"] for _, data in nx.read_graphml(out / "graph.graphml").nodes(data=True)}
    assert "全县\ufffd经济工作会议" in labels
    cells = [cell for line in (out / "facts.csv").read_text(encoding="utf-8").splitlines() for cell in
             line.split(",")]
    assert any(cell.startswith("\"'=HYPERLINK(") for cell in cells)
    assert not any(cell.startswith(("=", '"=')) for cell in cells)


# --- kg load, kg viz ---------------------------------------------------------------------------------------------------

def test_kg_load_replaces_only_its_own_stores_and_cleans_after_a_killed_load(seeds_out, tmp_path):
    lookalike = tmp_path / "data"
    lookalike.mkdir()
    for name, text in (("CURRENT", "x"), ("IDENTITY", "y"), ("thesis.tex", "years of work")):
        (lookalike / name).write_text(text)
    result = run_kg("load", str(seeds_out), "--store", str(lookalike), check=False)
    assert result.returncode == 1 and result.stderr.startswith(f"error: {lookalike} is neither empty nor")
    assert (lookalike / "thesis.tex").read_text() == "years of work"

    store = tmp_path / "store"
    run_kg("load", str(seeds_out), "--store", str(store))
    (tmp_path / ".store.govkg-load-killed").mkdir()  # what a load killed while filling leaves
    run_kg("load", str(seeds_out / "graph.nq"), "--store", str(store))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "store"]
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert run_query(load_store(store), count).rows == run_query(load_store(seeds_out), count).rows


@pytest.mark.parametrize("damage", [
    lambda g: g["nodes"][0].update(mentions="many"),
    lambda g: g["edges"][0].update(weight="heavy"),
    lambda g: g["nodes"][0].update(type=5),
    lambda g: g["graph"].update(articles=[1, 2]),
    lambda g: g["nodes"][0].pop("label"),
    lambda g: g["nodes"][0].update(articles={"no such article": 1}),
    lambda g: g.clear(),
], ids=["mentions", "weight", "type", "articles", "label", "unknown article", "empty"])
def test_kg_viz_on_a_malformed_cooccurrence_json_says_so_in_a_line(seeds_out, tmp_path, damage):
    graph = json.loads((seeds_out / "cooccurrence.json").read_text(encoding="utf-8"))
    damage(graph)
    (tmp_path / "cooccurrence.json").write_text(json.dumps(graph, ensure_ascii=False), encoding="utf-8")
    for options in ([], ["--since", "2023-01-01"], ["--top", "3"]):
        result = run_kg("viz", "--graph", str(tmp_path), *options, check=False)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert result.stderr.startswith(f"error: {tmp_path}/cooccurrence.json is not a co-occurrence graph")
        assert result.stderr.count("\n") == 1
