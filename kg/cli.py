"""The ``kg`` command."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import KgError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Knowledge graphs from Chinese local-government news.")


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _fail(e: KgError) -> None:
    typer.echo(f"error: {e}", err=True)
    raise typer.Exit(1)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govkg {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                               help="Show the version and exit.")] = False) -> None:
    """Knowledge graphs from Chinese local-government news."""


@app.command()
def build(
    inputs: Annotated[Optional[list[Path]], typer.Argument(
        help=".txt pages, .jsonl article files, or directories of them; default: the bundled seeds/")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")] = Path("out"),
    year: Annotated[Optional[int], typer.Option(
        help="Year of M月D日 dates when neither the JSONL date nor the text gives one.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Build graph.ttl, graph.trig, graph.graphml and cooccurrence.html from news."""
    from .build import SEEDS, build as run_build

    try:
        report = run_build(inputs or [SEEDS], out, year=year, quiet=quiet)
    except KgError as e:
        _fail(e)
    if not quiet:
        typer.echo(f"{report.articles} articles from {report.documents} documents: {report.facts} facts, "
                   f"{report.triples} triples → {out}/" +
                   (f" ({len(report.problems)} inputs with problems)" if report.problems else ""), err=True)


@app.command()
def query(
    sparql: Annotated[str, typer.Argument(help="A SPARQL query, or a file holding one; - reads stdin.")],
    graph: Annotated[Path, typer.Option("--graph", "-g", help="A built output directory or a .ttl file.")] = Path("out"),
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
) -> None:
    """Run SPARQL over a built graph; the kg, schema, org, prov, skos, rdfs, xsd prefixes are predeclared."""
    from .query import format_table, load_store, run_query

    text = sys.stdin.read() if sparql == "-" else sparql
    if sparql != "-" and len(sparql) < 255 and Path(sparql).is_file():
        text = Path(sparql).read_text(encoding="utf-8")
    try:
        table = run_query(load_store(graph), text)
    except KgError as e:
        _fail(e)
    typer.echo(format_table(table, fmt.value), nl=False)


@app.command()
def train(
    corpora: Annotated[Path, typer.Option(help="Folder of the NER corpora (cluener2020/, peoples_daily_ner/, msra_ner/).")
                       ] = Path("../shared/corpora"),
    out: Annotated[Optional[Path], typer.Option(help="Where to save the pipeline; default: the package's model.")] = None,
    work: Annotated[Path, typer.Option(help="Folder for downloads and intermediate files.")] = Path("build/train"),
    epochs: Annotated[int, typer.Option(help="Training epochs over the corpora.")] = 12,
) -> None:
    """Rebuild the NLP model (pruned pkuseg segmenter + NER) that ships with the package.

    Fetches the pkuseg wheel from PyPI once; trains on public corpora only.
    """
    from .nlp.train import MODEL_DIR, train as run_train

    try:
        path = run_train(corpora, out or MODEL_DIR, work, epochs, log=lambda m: typer.echo(m, err=True))
    except KgError as e:
        _fail(e)
    typer.echo(f"model saved to {path}", err=True)


if __name__ == "__main__":
    app()
