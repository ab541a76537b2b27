"""The README's SPARQL questions give the rows the README shows, on the seeds' build."""
from __future__ import annotations

import re

import pytest

from conftest import ROOT
from kg.query import load_store, run_query

SECTION = re.search(r"^### Ten questions in SPARQL$(.*?)(?=^##)", (ROOT / "README.md").read_text(encoding="utf-8"),
                    re.M | re.S)
EXAMPLES = re.findall(r"\*\*(\d+)\. [^*]+\*\*\s+```sparql\n(.*?)```\s+((?:\|[^\n]*\|\n)+)", SECTION.group(1), re.S)


def table_rows(markdown: str) -> list[list[str]]:
    lines = [line.strip().strip("|") for line in markdown.strip().splitlines()]
    return [[cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)] for line in lines[2:]]


def as_markdown(columns: list[str], rows: list[list[str | None]]) -> str:
    return "\n".join(["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |",
                      *("| " + " | ".join(v or "" for v in row) + " |" for row in rows)])


def test_the_readme_has_ten_questions():
    assert [int(n) for n, _, _ in EXAMPLES] == list(range(1, 11))


@pytest.mark.parametrize("number, sparql, expected", EXAMPLES, ids=[n for n, _, _ in EXAMPLES])
def test_readme_question_gives_the_rows_shown(seeds_out, number, sparql, expected):
    table = run_query(load_store(seeds_out), sparql)
    got = [[v or "" for v in row] for row in table.rows]
    assert got == table_rows(expected), f"question {number} now gives:\n{as_markdown(table.columns, table.rows)}"
