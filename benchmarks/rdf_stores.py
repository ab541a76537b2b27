"""SPARQL speed of `kg query`'s stores, rdflib's in-memory store and Oxigraph (in memory, or on disk after
`kg load`), on a graph shaped like ours.

    python benchmarks/rdf_stores.py [--triples 1000000] [--quads] [--stores memory oxigraph disk]

Writes a synthetic N-Triples graph of about ``--triples`` triples, shaped like
a build's: articles mentioning people; a meeting an article, held in one of 20
districts, chaired by one official and attended by six, each fact a direct
triple and a ``kg:Assertion`` with its evidence; two ``org:Membership``s an
article; Chinese labels. Officials are drawn with Zipf weights (1/rank), so a
few leaders attend thousands of meetings, as a city's leaders do. With
``--quads``, N-Quads instead, each article's triples in its own named graph,
as in a build's ``graph.nq``.

Each store then runs in its own process (so its peak RSS is its own), through
``kg.query.load_store`` and ``run_query`` exactly as ``kg query --store …``
does (``disk``: ``kg load`` into an on-disk store, then ``kg query --graph``
on it): load the file, then a two-hop join with GROUP BY (who attends meetings
with whom, and how often), written two ways. Prints a Markdown table: load and
query seconds, the process's peak RSS (Python and both libraries included),
the on-disk store's size, and whether the stores gave the same rows.
"""
from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kg.vocab import PREFIXES

# the contract's namespaces as text: the synthetic graph is written as N-Triples, a line at a time
KG, RES, SCHEMA, RDF, RDFS, ORG, PROV, XSD = (PREFIXES[p] for p in ("kg", "res", "schema", "rdf", "rdfs", "org", "prov",
                                                                     "xsd"))

STORES = ("memory", "oxigraph", "disk")
PEOPLE = 3000
DISTRICTS = [f"{name}区" for name in "解放 山阳 中站 马村 高新 示范 城乡 孟州 沁阳 修武 博爱 武陟 温县 东城 西城 南城 北城 新城 老城 河西".split()]
ATTENDEES = 6
TRIPLES_PER_ARTICLE = 108  # what article() below writes, to size the graph

# who attends meetings with whom, and how often: a two-hop join, a GROUP BY, the top 10 pairs. Written two
# ways: grouped on IRIs with the labels fetched afterwards (in OPTIONALs, which rdflib evaluates row by row;
# with a plain pattern there it first pairs every label with every other), and grouped on the labels directly
QUERIES = {
    "labels after GROUP BY": """
SELECT ?a ?b ?n WHERE {
  { SELECT ?pa ?pb (COUNT(?m) AS ?n) WHERE { ?pa kg:attended ?m . ?pb kg:attended ?m . FILTER(STR(?pa) < STR(?pb)) }
    GROUP BY ?pa ?pb ORDER BY DESC(?n) ?pa ?pb LIMIT 10 }
  OPTIONAL { ?pa rdfs:label ?a } OPTIONAL { ?pb rdfs:label ?b }
} ORDER BY DESC(?n) ?a ?b""",
    "GROUP BY labels": """
SELECT ?a ?b (COUNT(?m) AS ?n) WHERE {
  ?pa kg:attended ?m . ?pb kg:attended ?m . FILTER(STR(?pa) < STR(?pb))
  ?pa rdfs:label ?a . ?pb rdfs:label ?b
} GROUP BY ?a ?b ORDER BY DESC(?n) ?a ?b LIMIT 10""",
}


def person_name(i: int) -> str:
    """A distinct Chinese name for every ``i`` < 20 × 30 × 30."""
    surnames, given = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "海红建国华明伟军平志新永春玉庆东文利瑞兴德家鹏怀贵卫杰沛霞涛"
    return surnames[i % 20] + given[i // 20 % 30] + given[i // 600 % 30]


def zh(text: str) -> str:
    return f'"{text}"@zh'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def article(i: int, rng: random.Random, pick_people) -> list[tuple[str, str, str]]:
    """The triples of article ``i`` (subject, predicate, object, each already N-Triples text)."""
    a, m = f"<{RES}article/{i}>", f"<{RES}event/{i}-e1>"
    district = DISTRICTS[i % len(DISTRICTS)]
    day = f"{2019 + i % 6}-{1 + i % 12:02d}-{1 + i % 28:02d}"
    chair, *attendees = pick_people(1 + ATTENDEES)
    sentence = zh(f"{person_name(chair)}主持召开{district}第{i}次党政联席会议")
    triples = [(a, f"<{RDF}type>", f"<{SCHEMA}NewsArticle>"), (a, f"<{SCHEMA}headline>", zh(f"{district}召开会议{i}")),
               (a, f"<{SCHEMA}datePublished>", typed(day, "date")),
               (m, f"<{RDF}type>", f"<{SCHEMA}Event>"), (m, f"<{RDF}type>", f"<{KG}Meeting>"),
               (m, f"<{RDFS}label>", zh(f"{district}第{i}次党政联席会议")), (m, f"<{SCHEMA}startDate>", typed(day, "date")),
               (m, f"<{SCHEMA}location>", f"<{RES}administrativearea/焦作/{district}>")]

    def evidence(node: str) -> None:
        start = rng.randrange(500)
        triples.extend([(node, f"<{PROV}wasDerivedFrom>", a), (node, f"<{KG}evidence>", sentence),
                        (node, f"<{KG}evidenceStart>", typed(start, "integer")),
                        (node, f"<{KG}evidenceEnd>", typed(start + 60, "integer")),
                        (node, f"<{KG}confidence>", typed("0.90", "decimal"))])

    evidence(m)
    for n, (relation, who) in enumerate([("chaired", chair)] + [("attended", p) for p in attendees]):
        person, fact = f"<{RES}person/焦作/{person_name(who)}>", f"<{RES}article/{i}/fact/{n}>"
        triples.extend([(a, f"<{SCHEMA}mentions>", person), (person, f"<{KG}{relation}>", m),
                        (fact, f"<{RDF}type>", f"<{KG}Assertion>"), (fact, f"<{RDF}subject>", person),
                        (fact, f"<{RDF}predicate>", f"<{KG}{relation}>"), (fact, f"<{RDF}object>", m)])
        evidence(fact)
    for n, who in enumerate((chair, attendees[0])):
        ms = f"<{RES}membership/{i}-{n}>"
        triples.extend([(ms, f"<{RDF}type>", f"<{ORG}Membership>"),
                        (ms, f"<{ORG}member>", f"<{RES}person/焦作/{person_name(who)}>"),
                        (ms, f"<{RDFS}label>", zh(f"{district}党工委书记")), (ms, f"<{KG}observedOn>", typed(day, "date"))])
        evidence(ms)
    return triples


def generate(triples: int, path: Path, quads: bool = False) -> int:
    """Write about ``triples`` triples to ``path`` (N-Triples; N-Quads if ``quads``, an article's triples in its
    own graph); the exact count."""
    rng = random.Random(0)
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, PEOPLE + 1)))

    def pick_people(k: int) -> list[int]:
        chosen: set[int] = set()
        while len(chosen) < k:
            chosen.update(rng.choices(range(PEOPLE), cum_weights=cumulative, k=k - len(chosen)))
        return list(chosen)

    count = 0
    with path.open("w", encoding="utf-8") as f:
        def write(batch, graph: str = "") -> None:
            nonlocal count
            end = f" <{graph}> .\n" if graph and quads else " .\n"
            f.writelines(f"{s} {p} {o}{end}" for s, p, o in batch)
            count += len(batch)

        write([(f"<{RES}person/焦作/{person_name(i)}>", p, o) for i in range(PEOPLE)
               for p, o in ((f"<{RDF}type>", f"<{SCHEMA}Person>"), (f"<{RDFS}label>", zh(person_name(i))))])
        for district in DISTRICTS:
            node = f"<{RES}administrativearea/焦作/{district}>"
            write([(node, f"<{RDF}type>", f"<{SCHEMA}AdministrativeArea>"), (node, f"<{RDFS}label>", zh(district)),
                   (node, f"<{KG}locatedIn>", f"<{RES}administrativearea/焦作/焦作市>")])
        for i in range(max(1, (triples - count) // TRIPLES_PER_ARTICLE)):
            write(article(i, rng, pick_people), f"{RES}article/{i}/graph")
    return count


def worker(store: str, path: Path) -> dict:
    """Load ``path`` into ``store`` and run :data:`QUERIES`, as ``kg query --store`` does (``disk``: as ``kg load``
    then ``kg query --graph DIR`` do, each in a process of its own); seconds, rows, peak RSS, MiB on disk."""
    from kg.query import bulk_load, load_store, run_query

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        if store == "disk":
            # kg load in a child, so that this process's peak RSS is the querying one's, as for kg query
            loader = multiprocessing.get_context("fork").Process(target=bulk_load, args=([path], Path(tmp) / "store"))
            loader.start()
            loader.join()
            assert loader.exitcode == 0, "kg load failed"
            loaded = load_store(Path(tmp) / "store")
        else:
            loaded = load_store(path, store)
        report = {"load": time.perf_counter() - start}
        report["load_rss_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        for name, query in QUERIES.items():
            start = time.perf_counter()
            report[name] = {"rows": run_query(loaded, query).rows, "seconds": time.perf_counter() - start}
        report["rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB
        report["disk_mib"] = sum(f.stat().st_size for f in Path(tmp).rglob("*") if f.is_file()) / 2**20
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="about how many triples to generate")
    parser.add_argument("--quads", action="store_true", help="N-Quads, a named graph an article, as graph.nq")
    parser.add_argument("--stores", nargs="+", choices=STORES, default=list(STORES), help="the stores to measure")
    parser.add_argument("--worker", choices=STORES, help=argparse.SUPPRESS)  # one store, in a process of its own
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.file), ensure_ascii=False))
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / ("graph.nq" if args.quads else "graph.nt")
        count, mib = generate(args.triples, path, args.quads), path.stat().st_size / 2**20
        results = {}
        for store in args.stores:
            run = subprocess.run([sys.executable, __file__, "--worker", store, "--file", str(path)],
                                 capture_output=True, text=True, check=True)
            results[store] = json.loads(run.stdout)
    first = next(iter(results.values()))
    same = all(r[name]["rows"] == first[name]["rows"] for r in results.values() for name in QUERIES)
    print(f"{count:,} triples ({mib:.0f} MiB {'N-Quads' if args.quads else 'N-Triples'}); query: who attends "
          f"meetings with whom, top 10 pairs; same rows from every store: {'yes' if same else 'NO'}\n")
    print("| store | load s | " + " | ".join(f"query, {name}: s" for name in QUERIES)
          + " | peak RSS MiB | on disk MiB |")
    print("| --- | ---: | " + "---: | " * len(QUERIES) + "---: | ---: |")
    for store, r in results.items():
        # disk: the loading process (kg load) and the querying one (kg query --graph DIR)
        rss = f"{r['load_rss_mib']:.0f} + {r['rss_mib']:.0f}" if store == "disk" else f"{r['rss_mib']:.0f}"
        print(f"| {store} | {r['load']:.1f} | " + " | ".join(f"{r[name]['seconds']:.2f}" for name in QUERIES)
              + f" | {rss} | " + (f"{r['disk_mib']:.0f}" if store == "disk" else "–") + " |")


if __name__ == "__main__":
    main()
