"""Stage 8, query: SPARQL over a built graph, on an Oxigraph store.

The contract's prefixes (kg, schema, org, prov, skos, rdfs, xsd) are declared
for every query, so users may leave them out.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import Errors, KgError

__all__ = ["PREFIXES", "Table", "load_store", "run_query", "format_table"]

PREFIXES = """PREFIX kg: <https://w3id.org/govkg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX res: <https://w3id.org/govkg/resource/>
"""


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str | None]]


def load_store(graph_dir: Path) -> ox.Store:
    path = graph_dir / "graph.ttl" if graph_dir.is_dir() else graph_dir
    if not path.is_file():
        raise KgError(Errors.E030.format(path=graph_dir))
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store


def _value(term) -> str | None:
    if term is None:
        return None
    return term.value


def run_query(store: ox.Store, sparql: str) -> Table:
    """Run a SELECT or ASK query; the answer as a table of strings."""
    try:
        result = store.query(PREFIXES + sparql, use_default_graph_as_union=True)
    except (SyntaxError, ValueError, OSError) as e:
        raise KgError(Errors.E031.format(detail=str(e).splitlines()[0])) from e
    if isinstance(result, ox.QueryBoolean):
        return Table(["answer"], [[str(bool(result)).lower()]])
    if isinstance(result, ox.QuerySolutions):
        columns = [v.value for v in result.variables]
        return Table(columns, [[_value(row[c]) for c in columns] for row in result])
    rows = [[t.subject.value, t.predicate.value, _value(t.object)] for t in result]
    return Table(["subject", "predicate", "object"], rows)


def format_table(table: Table, fmt: str) -> str:
    """``table``, ``csv`` or ``json`` text of a result."""
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(table.columns)
        writer.writerows([["" if v is None else v for v in row] for row in table.rows])
        return buf.getvalue()
    if fmt == "json":
        return json.dumps([dict(zip(table.columns, row)) for row in table.rows], ensure_ascii=False, indent=1) + "\n"
    from rich.console import Console
    from rich.table import Table as RichTable

    out = RichTable(*table.columns, show_lines=False)
    for row in table.rows:
        out.add_row(*["" if v is None else v for v in row])
    console = Console(file=io.StringIO(), width=200, record=True)
    console.print(out)
    console.print(f"{len(table.rows)} rows")
    return console.export_text()
