"""The documentation's SPARQL questions give the rows it shows, on the seeds' build, and its links lead somewhere.

After a change to extraction, ``python tools/readme_queries.py OUT`` rewrites the rows.
"""
from __future__ import annotations

import re
import sys

import pytest

from conftest import ROOT
from kg.query import load_store, run_query

sys.path.insert(0, str(ROOT / "tools"))
from readme_queries import COOKBOOK, DOCUMENTS, README, as_markdown, examples, table_rows  # noqa: E402

QUESTIONS = [(document, ex) for document in DOCUMENTS for ex in examples(document.read_text(encoding="utf-8"))]
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
_LINK = re.compile(r"\]\(([^)\s]+)\)|<img src=\"([^\"]+)\"")


def test_the_readme_has_three_questions_and_the_cookbook_ten():
    assert [ex.number for ex in examples(README.read_text(encoding="utf-8"))] == [1, 2, 3]
    assert [ex.number for ex in examples(COOKBOOK.read_text(encoding="utf-8"))] == list(range(1, 11))


@pytest.mark.parametrize("document, example", QUESTIONS,
                         ids=[f"{d.relative_to(ROOT)}-{ex.number}" for d, ex in QUESTIONS])
def test_question_gives_the_rows_shown(seeds_out, document, example):
    table = run_query(load_store(seeds_out), example.sparql)
    got = [[v or "" for v in row] for row in table.rows]
    assert got == table_rows(example.table), \
        f"{document.name} question {example.number} now gives:\n{as_markdown(table.columns, table.rows)}"


def test_the_readme_is_short():
    assert len(README.read_text(encoding="utf-8").splitlines()) < 250


def _anchor(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_links_lead_to_a_file_and_a_heading_that_exist(page):
    for found in _LINK.finditer(page.read_text(encoding="utf-8")):
        target = found[1] or found[2]
        if re.match(r"[a-z]+:", target):  # https: and the like: not ours to check
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        assert linked.exists(), f"{page.name} links to {target}: no such file"
        if anchor:
            headings = re.findall(r"^#+ (.*)$", linked.read_text(encoding="utf-8"), re.M)
            assert anchor in {_anchor(h) for h in headings}, f"{page.name} links to {target}: no such heading"
