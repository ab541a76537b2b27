"""The README's SPARQL questions give the rows the README shows, on the seeds' build.

After a change to extraction, ``python tools/readme_queries.py OUT`` rewrites the rows.
"""
from __future__ import annotations

import sys

import pytest

from conftest import ROOT
from kg.query import load_store, run_query

sys.path.insert(0, str(ROOT / "tools"))
from readme_queries import README, as_markdown, examples, table_rows  # noqa: E402

EXAMPLES = examples(README.read_text(encoding="utf-8"))


def test_the_readme_has_ten_questions():
    assert [ex.number for ex in EXAMPLES] == list(range(1, 11))


@pytest.mark.parametrize("example", EXAMPLES, ids=[str(ex.number) for ex in EXAMPLES])
def test_readme_question_gives_the_rows_shown(seeds_out, example):
    table = run_query(load_store(seeds_out), example.sparql)
    got = [[v or "" for v in row] for row in table.rows]
    assert got == table_rows(example.table), \
        f"question {example.number} now gives:\n{as_markdown(table.columns, table.rows)}"
