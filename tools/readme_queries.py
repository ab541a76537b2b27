"""The documentation's SPARQL questions: read them, and rewrite their rows from a build.

    python tools/readme_queries.py [OUT]   # OUT: a `kg build` output directory (default: out)

A question is written as ``**N. The question?**``, then its query in a ``sparql`` block, then the rows
it gives as a Markdown table: three in the README, ten in ``docs/queries.md``. ``tests/test_readme.py``
checks the rows shown against the seeds' build; after a change to extraction, rebuild the seeds and run
this to show the new rows.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
COOKBOOK = ROOT / "docs" / "queries.md"
DOCUMENTS = (README, COOKBOOK)  # the files holding questions
_EXAMPLE = re.compile(r"^\*\*(\d+)\. [^*]+\*\*\s+```sparql\n(.*?)```\s+((?:\|[^\n]*\|\n)+)", re.S | re.M)

__all__ = ["Example", "README", "COOKBOOK", "DOCUMENTS", "examples", "table_rows", "as_markdown", "update"]


@dataclass(frozen=True)
class Example:
    number: int
    sparql: str
    table: str  # the Markdown table shown
    start: int  # the table's offsets in its file
    end: int


def examples(text: str) -> list[Example]:
    return [Example(int(m[1]), m[2], m[3], m.start(3), m.end(3)) for m in _EXAMPLE.finditer(text)]


def table_rows(markdown: str) -> list[list[str]]:
    lines = [line.strip().strip("|") for line in markdown.strip().splitlines()]
    return [[cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)] for line in lines[2:]]


def as_markdown(columns: list[str], rows: list[list[str | None]]) -> str:
    def cell(v: str | None) -> str:
        return (v or "").replace("|", "\\|")
    return "\n".join(["| " + " | ".join(columns) + " |", "| " + " | ".join("---" for _ in columns) + " |",
                      *("| " + " | ".join(cell(v) for v in row) + " |" for row in rows)])


def update(out: Path, documents: tuple[Path, ...] = DOCUMENTS) -> int:
    """Rewrite every question's table in ``documents`` with what its query gives on ``out``; the number changed."""
    from kg.query import load_store, run_query

    store = load_store(out)
    changed = 0
    for document in documents:
        text = document.read_text(encoding="utf-8")
        for ex in reversed(examples(text)):  # from the end, so earlier offsets hold
            result = run_query(store, ex.sparql)
            table = as_markdown(result.columns, result.rows) + "\n"
            if table != ex.table:
                changed += 1
                text = text[:ex.start] + table + text[ex.end:]
        document.write_text(text, encoding="utf-8")
    return changed


if __name__ == "__main__":
    print(f"{update(Path(sys.argv[1] if len(sys.argv) > 1 else 'out'))} tables rewritten in "
          f"{', '.join(str(d.relative_to(ROOT)) for d in DOCUMENTS)}")
