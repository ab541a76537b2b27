"""The co-occurrence graph: ``cooccurrence.json`` (what ``kg viz`` draws from) and the page of it,
``cooccurrence.html`` (:mod:`kg.cooccurrence` counts it, :mod:`kg.draw` draws it)."""
from __future__ import annotations

from pathlib import Path

from .. import cooccurrence
from . import Built, register

__all__: list[str] = []


@register("cooccurrence", {
    "cooccurrence.json": "the co-occurrence graph, NetworkX node-link JSON (what `kg viz` draws)"}, reads=("tally",))
def write_json(built: Built, directory: Path) -> None:
    cooccurrence.save(built.tally, directory / "cooccurrence.json")


@register("page", {"cooccurrence.html": "the pyvis co-occurrence graph; opens offline"}, reads=("tally",))
def write_page(built: Built, directory: Path) -> None:
    from .. import draw  # pyvis and jinja2: imported when drawn, not by an unchanged build listing the outputs

    page, title = draw.overview(built.tally)
    draw.write_html(page, directory / "cooccurrence.html", title, built.layouts)
