"""The co-occurrence page's speed: making it, and opening and using it in headless Chromium.

    python -m benchmarks.page [--graph OUT] [--nodes 5000 --links 50000] [--runs 3]

Two pages: the seeds' (``OUT/cooccurrence.json`` of a ``kg build``, default ``out``) and a synthetic one
of ``--nodes`` nodes and ``--links`` links, an article a link naming its two ends (every name its own
entity, groups in turn), as ``tests/test_viz.py`` draws. For each: the seconds :func:`kg.draw.to_html`
takes and the page's size; then, in Chromium at 1400×900 with the network blocked (``tests/browser.py``),
the median of ``--runs`` openings of: milliseconds from navigation to the first frame drawn; then every
group, what lies beyond the localities and every weight shown at once, and fitted to the screen, until
drawn; then a click on the biggest node not under another until it is selected. Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import networkx as nx

from kg.cooccurrence import cooccurrence, load
from kg.draw import to_html
from kg.model import Article, ArticleFacts, Kind, Mention
from kg.resolve import Resolution

ROOT = Path(__file__).resolve().parent.parent

__all__ = ["synthetic", "measure"]

DRAWN = "document.body && document.body.dataset.drawnMs"
# every group, what lies beyond, every weight, then "fit to screen"
SHOW_ALL = ("new Promise(done => { Object.keys(govkg.info.groups).forEach(g => { govkg.state.groups[g] = true; }); "
            "govkg.state.outside = true; govkg.state.minWeight = 1; govkg.update(); "
            "document.getElementById('fit').click(); "
            "govkg.network.once('afterDrawing', () => done(govkg.network.body.nodeIndices.length)); })")
# the biggest node no other covers, and where it is on the page
CLICKABLE = """(() => {
  const n = govkg.network, r = document.querySelector("#graph canvas").getBoundingClientRect();
  const id = govkg.nodes.get().sort((a, b) => b.size - a.size).map(x => x.id)
    .find(i => n.getNodeAt(n.canvasToDOM(n.getPosition(i))) === i);
  const p = n.canvasToDOM(n.getPosition(id));
  return [id, p.x + r.x, p.y + r.y];
})()"""


def synthetic(nodes: int, links: int) -> list[ArticleFacts]:
    """One article for each link of a random graph, naming its two ends."""
    kinds = [Kind.PERSON, Kind.GOV, Kind.AREA, Kind.PROJECT, Kind.ORG, Kind.PLACE]
    results = []
    for i, (a, b) in enumerate(nx.gnm_random_graph(nodes, links, seed=5).edges):
        text = f"实体{a:04d}会见实体{b:04d}。"
        art = Article(f"a{i}", "synthetic.txt", f"第{i}篇", text, date=date(2020, 1, 1) + timedelta(days=i % 1500))
        results.append(ArticleFacts(art, [Mention(text[:6], kinds[a % 6], 0, 6), Mention(text[8:14], kinds[b % 6], 8, 14)]))
    return results


def measure(browser, page: Path) -> dict[str, float]:
    """One opening of ``page``: ms to the first frame, to everything shown, to a click answered."""
    browser.open(page)
    if not browser.wait_for(DRAWN, 60):
        sys.exit(f"{page}: not drawn within 60 s")
    drawn = float(browser.evaluate(DRAWN))
    start = time.perf_counter()
    browser.evaluate(SHOW_ALL)
    shown = time.perf_counter()
    node, x, y = browser.evaluate(CLICKABLE)
    browser.click(x, y)
    if browser.wait_for("govkg.network.getSelectedNodes()[0]", 30) != node:
        sys.exit(f"{page}: a click on node {node} did not select it")
    clicked = time.perf_counter()
    if browser.errors or browser.requests:
        sys.exit(f"{page}: {browser.errors or browser.requests}")
    return {"first frame": drawn, "all shown": 1000 * (shown - start), "click answered": 1000 * (clicked - shown)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graph", type=Path, default=Path("out"), help="a kg build output directory")
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--links", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "tests"))
    import browser as chromium  # tests/browser.py: the tests' headless Chromium

    graphs = {"seeds": load(args.graph),
              f"synthetic, {args.nodes:,} nodes": cooccurrence(synthetic(args.nodes, args.links), Resolution())}
    print("| page | nodes | links | to_html s | MB | first frame ms | everything shown ms | click answered ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp, chromium.Browser(1400, 900) as browser:
        for name, graph in graphs.items():
            start = time.perf_counter()
            html = to_html(graph)
            made = time.perf_counter() - start
            page = Path(tmp) / "page.html"
            page.write_text(html, encoding="utf-8")
            runs = [measure(browser, page) for _ in range(args.runs)]
            median = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"| {name} | {len(graph):,} | {graph.number_of_edges():,} | {made:.1f} | "
                  f"{page.stat().st_size / 1e6:.1f} | {median['first frame']:,.0f} | {median['all shown']:,.0f} | "
                  f"{median['click answered']:,.0f} |")


if __name__ == "__main__":
    main()
