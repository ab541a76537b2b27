"""Bad input to ``kg build``: every case runs the real CLI in a subprocess.

The contract under test:

* ``.txt`` pages, ``.jsonl`` article files and directories of them (recursively);
* UTF-8 (with or without BOM), UTF-16 and GB18030/GBK are detected and decoded;
* each problem with an input is ONE line on stderr naming the file
  (``path:line: message`` for JSONL), never a traceback, and the rest is still built;
* exit 0 when anything was built, exit 1 with
  ``error: nothing could be built from the input`` when nothing was;
* the previous outputs in ``--out`` survive a failed build.
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from kg.query import load_store, run_query

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_2faae2a4ae9c89fa.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
OUTPUTS = ("graph.ttl", "graph.trig", "graph.graphml", "cooccurrence.html")
NOTHING_BUILT = "error: nothing could be built from the input"
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"

# short JSONL articles, each with one meeting and its chair
WANG = {"id": "a1", "date": "2024-03-05",
        "text": "本报讯（记者张三）3月5日上午，县委书记王建国主持召开全县经济工作会议。县领导李明、赵刚出席会议。"}
CHEN = {"id": "a2", "date": "2024-04-08", "title": "县政府召开常务会议", "source": "某县日报",
        "text": "本报讯（记者李四）4月8日下午，县长陈志强主持召开县政府常务会议，研究部署安全生产工作。副县长刘洋出席会议。"}
SUN = {"id": "a3", "date": "2024-05-01",
       "text": "本报讯（记者王五）5月1日上午，镇党委书记孙伟主持召开镇村干部大会，部署春耕生产工作。"}


# --- helpers ----------------------------------------------------------------

def kg_build(*inputs: Path | str, out: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "kg", "build", *map(str, inputs), "--out", str(out), "--quiet"]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=timeout)


def jsonl(*records: object) -> str:
    """One line a record; a ``str`` record is written as the raw line."""
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


def check_stderr(result: subprocess.CompletedProcess[str], expected: list[tuple[Path, int | None, str]]) -> None:
    """stderr holds exactly one ``warning:`` line for each expected (path, line, words) and nothing else
    but the final error line; no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    warnings = [line.removeprefix("warning: ") for line in lines if line.startswith("warning: ")]
    others = [line for line in lines if not line.startswith("warning: ") and line != NOTHING_BUILT]
    assert not others, f"unexpected stderr lines: {others}\n{result.stderr}"
    for path, line, words in expected:
        where = f"{path}:{line}: " if line else f"{path}: "
        about = [w for w in warnings if w.startswith(where)]
        assert len(about) == 1, f"expected one line starting {where!r}, got {about}\n{result.stderr}"
        assert words.lower() in about[0].lower(), f"{about[0]!r} should say {words!r}"
    assert len(warnings) == len(expected), f"unexpected problem lines:\n{result.stderr}"


def built(result: subprocess.CompletedProcess[str], out: Path) -> None:
    assert result.returncode == 0, result.stderr
    assert NOTHING_BUILT not in result.stderr
    for name in OUTPUTS:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name


def failed(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1] == NOTHING_BUILT, result.stderr


def people(out: Path) -> set[str]:
    table = run_query(load_store(out), "SELECT DISTINCT ?n WHERE { ?p a schema:Person ; rdfs:label ?n }")
    return {row[0] for row in table.rows}


def ask(out: Path, pattern: str) -> bool:
    table = run_query(load_store(out), f"ASK {{ {pattern} }}")
    return table.rows == [["true"]]


def chaired(out: Path, name: str, day: str) -> bool:
    """``name`` chaired a kg:Meeting that started on ``day``."""
    return ask(out, f'?p a schema:Person ; rdfs:label "{name}"@zh ; kg:chaired ?m . '
                    f'?m a kg:Meeting ; schema:startDate "{day}"^^xsd:date .')


def binary_bytes(seed: int = 0, size: int = 4096, nul: bool = True) -> bytes:
    noise = random.Random(seed).randbytes(size)
    if not nul:
        noise = noise.replace(b"\x00", b"\x01")
    return (PNG_HEADER if nul else b"\x89PNG\r\n\x1a\n") + noise


@pytest.fixture(scope="module")
def seed_people(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The persons of the UTF-8 seed page: what every re-encoded copy must give too."""
    tmp = tmp_path_factory.mktemp("reference")
    page = tmp / "seed.txt"
    page.write_bytes(SEED.read_bytes())
    result = kg_build(page, out=tmp / "out")
    built(result, tmp / "out")
    check_stderr(result, [])
    found = people(tmp / "out")
    assert "吕沛" in found
    return found


# --- encodings ----------------------------------------------------------------

def _check_encoded_copy(tmp_path: Path, data: bytes, seed_people: set[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_bytes(data)
    out = tmp_path / "out"
    result = kg_build(page, out=out)
    built(result, out)
    check_stderr(result, [])
    assert "吕沛" in people(out)
    assert chaired(out, "吕沛", "2023-06-25")
    assert people(out) == seed_people


def test_gbk_page(tmp_path, seed_people):
    _check_encoded_copy(tmp_path, SEED_TEXT.encode("gbk"), seed_people)


def test_gb18030_page(tmp_path, seed_people):
    _check_encoded_copy(tmp_path, SEED_TEXT.encode("gb18030"), seed_people)


def test_utf16_page(tmp_path, seed_people):
    data = SEED_TEXT.encode("utf-16")
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    _check_encoded_copy(tmp_path, data, seed_people)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_page_without_bom(tmp_path, seed_people, encoding):
    _check_encoded_copy(tmp_path, SEED_TEXT.encode(encoding), seed_people)


def test_utf8_bom_page(tmp_path, seed_people):
    _check_encoded_copy(tmp_path, b"\xef\xbb\xbf" + SEED_TEXT.encode("utf-8"), seed_people)


def test_gbk_jsonl(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_bytes(jsonl(WANG, CHEN).encode("gbk"))
    out = tmp_path / "out"
    result = kg_build(articles, out=out)
    built(result, out)
    check_stderr(result, [])
    assert chaired(out, "王建国", "2024-03-05")
    assert chaired(out, "陈志强", "2024-04-08")


# --- empty and binary files -------------------------------------------------

@pytest.mark.parametrize("name,data", [
    ("empty.txt", b""),
    ("blank.txt", b"  \n\r\n\t\n"),
    ("bom-only.txt", b"\xef\xbb\xbf"),
    ("empty.jsonl", b""),
    ("blank.jsonl", b"\n\n\n"),
])
def test_empty_file(tmp_path, name, data):
    empty = tmp_path / name
    empty.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    out = tmp_path / "out"

    result = kg_build(empty, good, out=out)
    built(result, out)
    check_stderr(result, [(empty, None, "empty")])
    assert "吕沛" in people(out)
    # alone, an empty file builds nothing: see test_nothing_usable_*


@pytest.mark.parametrize("name", ["x.txt", "x.jsonl"])
@pytest.mark.parametrize("nul", [True, False], ids=["with-nul", "without-nul"])
def test_binary_file(tmp_path, name, nul):
    junk = tmp_path / name
    junk.write_bytes(binary_bytes(nul=nul))
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    out = tmp_path / "out"

    result = kg_build(junk, good, out=out)
    built(result, out)
    # NUL bytes say "binary"; without them it fails to decode: either way skipped, named
    check_stderr(result, [(junk, None, "skipped")])
    line = next(said for said in result.stderr.splitlines() if str(junk) in said)
    assert "binary" in line or "decode" in line
    assert "吕沛" in people(out)


# --- JSONL --------------------------------------------------------------------

def test_jsonl_broken_line(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(jsonl(WANG, '{"id": "a9", "text": "本报讯 县委召开', CHEN), encoding="utf-8")
    out = tmp_path / "out"
    result = kg_build(articles, out=out)
    built(result, out)
    check_stderr(result, [(articles, 2, "not valid JSON")])
    assert f"{articles}:2: " in result.stderr
    assert chaired(out, "王建国", "2024-03-05")
    assert chaired(out, "陈志强", "2024-04-08")
    assert {"王建国", "李明", "赵刚", "陈志强", "刘洋"} <= people(out)


def test_jsonl_line_not_an_object(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(jsonl(WANG, [1, 2, 3], json.dumps("just a string"), 42, None, CHEN), encoding="utf-8")
    out = tmp_path / "out"
    result = kg_build(articles, out=out)
    built(result, out)
    check_stderr(result, [(articles, n, "not an object") for n in (2, 3, 4, 5)])
    assert chaired(out, "王建国", "2024-03-05")
    assert chaired(out, "陈志强", "2024-04-08")


def test_jsonl_record_without_text(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(jsonl(
        WANG,
        {"id": "n1", "title": "无正文", "date": "2024-03-06"},
        {"id": "n2", "text": ""},
        {"id": "n3", "text": "   "},
        {"id": "n4", "text": 42},
        {"id": "n5", "text": ["本报讯"]},
        {"id": "n6", "text": None},
        CHEN,
    ), encoding="utf-8")
    out = tmp_path / "out"
    result = kg_build(articles, out=out)
    built(result, out)
    check_stderr(result, [(articles, n, '"text"') for n in range(2, 8)])
    assert chaired(out, "王建国", "2024-03-05")
    assert chaired(out, "陈志强", "2024-04-08")


def test_jsonl_bad_date_keeps_record(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(jsonl(WANG, {**CHEN, "date": "2024-13-45"}), encoding="utf-8")
    out = tmp_path / "out"
    result = kg_build(articles, out=out)
    built(result, out)
    check_stderr(result, [(articles, 2, "date")])
    assert chaired(out, "王建国", "2024-03-05")
    # the record is kept; its meeting still has a chair
    assert ask(out, '?p rdfs:label "陈志强"@zh ; kg:chaired ?m . ?m a kg:Meeting .')


def test_jsonl_line_numbers_with_crlf_and_blank_lines(tmp_path):
    articles = tmp_path / "articles.jsonl"
    raw = jsonl(WANG, "", "{oops}", "", CHEN).replace("\n", "\r\n")
    articles.write_text(raw, encoding="utf-8", newline="")
    out = tmp_path / "out"
    result = kg_build(articles, out=out)
    built(result, out)
    check_stderr(result, [(articles, 3, "not valid JSON")])
    assert chaired(out, "陈志强", "2024-04-08")


def test_jsonl_text_with_unicode_line_separator(tmp_path):
    """U+2028/U+2029/U+0085 are legal raw characters inside a JSON string (json.dumps with
    ensure_ascii=False leaves them raw); only "\\n" ends a JSONL record."""
    odd = {**CHEN, "text": CHEN["text"].replace("。副县长", "。\u2028副县长").replace("，研究", "\u0085，研究")}
    articles = tmp_path / "articles.jsonl"
    articles.write_text(jsonl(WANG, odd, "{broken", SUN), encoding="utf-8")
    out = tmp_path / "out"
    result = kg_build(articles, out=out)
    built(result, out)
    check_stderr(result, [(articles, 3, "not valid JSON")])
    assert chaired(out, "陈志强", "2024-04-08")
    assert chaired(out, "孙伟", "2024-05-01")


def test_jsonl_deeply_nested_line(tmp_path):
    """A line nested deeper than Python's recursion limit is one bad line, not a crash."""
    articles = tmp_path / "articles.jsonl"
    articles.write_text(jsonl(WANG, "[" * 100_000 + "]" * 100_000, CHEN), encoding="utf-8")
    out = tmp_path / "out"
    result = kg_build(articles, out=out)
    built(result, out)
    check_stderr(result, [(articles, 2, "skipped")])
    assert chaired(out, "王建国", "2024-03-05")
    assert chaired(out, "陈志强", "2024-04-08")


def test_jsonl_every_line_bad(tmp_path):
    articles = tmp_path / "articles.jsonl"
    articles.write_text(jsonl("{", [1], {"id": "x"}), encoding="utf-8")
    result = kg_build(articles, out=tmp_path / "out")
    failed(result)
    check_stderr(result, [(articles, 1, "not valid JSON"), (articles, 2, "not an object"),
                          (articles, 3, '"text"')])


# --- paths ------------------------------------------------------------------

def test_missing_path(tmp_path):
    missing = tmp_path / "no-such-page.txt"
    missing_dir = tmp_path / "no-such-dir"
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    out = tmp_path / "out"

    result = kg_build(missing, good, missing_dir, out=out)
    built(result, out)
    check_stderr(result, [(missing, None, "no such file"), (missing_dir, None, "no such file")])
    assert "吕沛" in people(out)

    alone = kg_build(missing, out=tmp_path / "out-alone")
    failed(alone)
    check_stderr(alone, [(missing, None, "no such file")])


def test_unsupported_suffix_given_directly(tmp_path):
    picture = tmp_path / "logo.png"
    picture.write_bytes(binary_bytes())
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    result = kg_build(picture, good, out=out)
    built(result, out)
    check_stderr(result, [(picture, None, ".png")])


def test_non_ascii_file_name(tmp_path):
    empty = tmp_path / "人民日报 第1版.txt"
    empty.write_bytes(b"")
    good = tmp_path / "好.jsonl"
    good.write_text(jsonl(WANG), encoding="utf-8")
    out = tmp_path / "out"
    result = kg_build(empty, good, out=out)
    built(result, out)
    check_stderr(result, [(empty, None, "empty")])
    assert chaired(out, "王建国", "2024-03-05")


def test_directory_of_mixed_files(tmp_path):
    news = tmp_path / "news"
    deep = news / "2024" / "03"
    deep.mkdir(parents=True)
    (news / "page.txt").write_bytes(SEED.read_bytes())
    (news / "articles.jsonl").write_text(jsonl(WANG, "{not json", CHEN), encoding="utf-8")
    (news / "logo.png").write_bytes(binary_bytes())
    (news / "empty.txt").write_bytes(b"")
    (deep / "more.jsonl").write_text(jsonl(SUN), encoding="gb18030")
    (deep / "scan.txt").write_bytes(binary_bytes(seed=1))
    (deep / "page-utf16.txt").write_bytes(SEED_TEXT.encode("utf-16"))  # same articles: deduplicated
    out = tmp_path / "out"

    result = kg_build(news, out=out)
    built(result, out)
    check_stderr(result, [
        (news / "articles.jsonl", 2, "not valid JSON"),
        (news / "logo.png", None, "unsupported file type"),
        (news / "empty.txt", None, "empty"),
        (deep / "scan.txt", None, "binary"),
    ])
    assert chaired(out, "吕沛", "2023-06-25")        # page.txt
    assert chaired(out, "王建国", "2024-03-05")      # articles.jsonl line 1
    assert chaired(out, "陈志强", "2024-04-08")      # articles.jsonl line 3
    assert chaired(out, "孙伟", "2024-05-01")        # nested, GB18030


# --- size ---------------------------------------------------------------------

def test_ten_megabyte_page(tmp_path):
    """~10 MB page: 20 copies of the seed page with every sentence numbered (so nothing is
    deduplicated), padded to 10 MB with verbatim copies (deduplicated).  Its speed is
    measured by benchmarks/, not here."""
    copies = [SEED_TEXT.replace("。", f"（{i}）。") for i in range(20)]
    size = sum(len(c.encode()) for c in copies)
    while size < 10 * 1024 * 1024:
        copies.append(SEED_TEXT)
        size += len(SEED_TEXT.encode())
    page = tmp_path / "big.txt"
    page.write_text("\n\n".join(copies), encoding="utf-8")
    assert page.stat().st_size >= 10 * 1024 * 1024
    out = tmp_path / "out"

    result = kg_build(page, out=out, timeout=600)
    built(result, out)
    check_stderr(result, [])
    meetings = run_query(load_store(out), 'SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { '
                         '?p rdfs:label "吕沛"@zh ; kg:chaired ?m . ?m a kg:Meeting }')
    assert int(meetings.rows[0][0]) >= 20
    articles = run_query(load_store(out), "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
    assert int(articles.rows[0][0]) >= 20 * 10


# --- nothing usable -------------------------------------------------------------

def test_nothing_usable_keeps_previous_outputs(tmp_path):
    out = tmp_path / "out"
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    built(kg_build(good, out=out), out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert set(OUTPUTS) <= set(before)

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "x.txt"
    junk.write_bytes(binary_bytes())
    bad_lines = tmp_path / "bad.jsonl"
    bad_lines.write_text(jsonl("{", [1, 2], {"id": "no-text"}), encoding="utf-8")
    picture = tmp_path / "logo.png"
    picture.write_bytes(binary_bytes(seed=2))
    records = tmp_path / "records.json"  # JSON Lines misnamed: told what to name it
    records.write_text(jsonl(WANG), encoding="utf-8")
    missing = tmp_path / "missing.txt"
    empty_dir = tmp_path / "empty-dir"
    empty_dir.mkdir()

    result = kg_build(empty, junk, bad_lines, picture, records, missing, empty_dir, out=out)
    failed(result)
    check_stderr(result, [
        (empty, None, "empty"),
        (junk, None, "binary"),
        (bad_lines, 1, "not valid JSON"),
        (bad_lines, 2, "not an object"),
        (bad_lines, 3, '"text"'),
        (picture, None, "unsupported file type"),
        (records, None, "put one JSON record a line in a .jsonl file"),
        (missing, None, "no such file"),
        (empty_dir, None, "no files"),
    ])
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after.keys() == before.keys(), "a failed build left or removed files in --out"
    for name, data in before.items():
        assert after[name] == data, f"{name} changed by a failed build"
    assert "吕沛" in people(out)


def test_nothing_usable_with_hand_written_graph(tmp_path):
    """A pre-existing out/graph.ttl (not made by kg) is left byte-for-byte."""
    out = tmp_path / "out"
    out.mkdir()
    ttl = "@prefix ex: <http://example.org/> .\nex:a ex:b \"保留\" .\n".encode()
    (out / "graph.ttl").write_bytes(ttl)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    junk = tmp_path / "x.txt"
    junk.write_bytes(binary_bytes(nul=False))
    result = kg_build(empty, junk, out=out)
    failed(result)
    check_stderr(result, [(empty, None, "empty"), (junk, None, "skipped")])
    assert (out / "graph.ttl").read_bytes() == ttl
    assert [p.name for p in out.iterdir()] == ["graph.ttl"]


def test_out_is_a_file(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    out = tmp_path / "out"
    out.write_text("not a directory\n")
    result = kg_build(good, out=out)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert str(out) in result.stderr
    assert out.read_text() == "not a directory\n"
