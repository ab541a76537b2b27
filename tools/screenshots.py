"""The README's pictures: the seeds' co-occurrence page as it opens, a focused page, a notebook's plot.

    python tools/screenshots.py [OUT] [--docs DIR]

OUT is a ``kg build`` of the seeds (default ``out``; ``make build``). Writes into DIR (default ``docs``):

* ``cooccurrence.png``: OUT's ``cooccurrence.html`` as it opens, at 1400×900;
* ``cooccurrence-focus.png``: ``kg viz --focus 吕沛``'s page as it opens (on him, his panel beside), one of
  his links opened on the sentences behind it;
* ``notebook-communities.png``: the communities plot of ``notebooks/02_network_analysis.ipynb``, run as
  ``tests/test_notebooks.py`` runs it.

Headless Chromium (``tests/browser.py``) takes the pages, with the network blocked; a CJK font such as
Debian's ``fonts-wqy-microhei`` draws their names. Prints what the first page draws: how many labels, the
smallest on screen, the largest overlap of two.
"""
from __future__ import annotations

import argparse
import base64
import itertools
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
import browser as chromium  # noqa: E402  (tests/browser.py)

DRAWN = "document.body && document.body.dataset.drawnMs"
FOCUS = "吕沛"
OPENED = "宫卫红"  # the link of FOCUS opened on its sentences
PLOT = "Communities of officials"  # the notebook's plot, by its title


def shoot(browser: chromium.Browser, page: Path, png: Path, then: str | None = None) -> None:
    browser.open(page)
    if not browser.wait_for(DRAWN, 30):
        sys.exit(f"{page}: not drawn within 30 s")
    if then:
        browser.evaluate(then)
    time.sleep(0.5)  # the frame after
    if browser.errors or browser.requests:
        sys.exit(f"{page}: {browser.errors or browser.requests}")
    browser.screenshot(png)


def notebook_plot(out: Path, png: Path) -> None:
    import nbformat
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell

    path = ROOT / "notebooks" / "02_network_analysis.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, new_code_cell("from matplotlib_inline.backend_inline import set_matplotlib_formats\n"
                                     "set_matplotlib_formats('retina')"))  # twice the pixels
    env = {**os.environ, "GOVKG_OUT": str(out.resolve()), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    NotebookClient(nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(path.parent)}}
                   ).execute(env=env)
    cell = next(c for c in nb.cells if c.cell_type == "code" and PLOT in c.source)
    image = next(o["data"]["image/png"] for o in cell.outputs if "image/png" in o.get("data", {}))
    png.write_bytes(base64.b64decode(image))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("out"), help="a kg build of the seeds")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, chromium.Browser(1400, 900) as browser:
        shoot(browser, args.out / "cooccurrence.html", args.docs / "cooccurrence.png")
        labels = chromium.labels(browser)
        worst = max((a.overlap(b) for a, b in itertools.combinations(labels, 2)), default=0)
        print(f"first view: {browser.evaluate(DRAWN)} ms to the first frame, {len(labels)} labels, the smallest "
              f"{min(label.size for label in labels):.1f} px high, two overlapping by {worst:.0%} at most")
        focused = Path(tmp) / "focus.html"
        subprocess.run([sys.executable, "-m", "kg", "viz", "--graph", str(args.out), "--focus", FOCUS,
                        "--out", str(focused)], check=True, cwd=ROOT)
        shoot(browser, focused, args.docs / "cooccurrence-focus.png",
              f"(d => {{ d.addEventListener('toggle', () => d.scrollIntoView({{block: 'end'}})); d.open = true; }})("
              f"[...document.querySelectorAll('#panel details')].find(d => d.querySelector('summary a')?.textContent "
              f"=== {OPENED!r}))")
    notebook_plot(args.out, args.docs / "notebook-communities.png")
    print(f"wrote {', '.join(str(args.docs / n) for n in ('cooccurrence.png', 'cooccurrence-focus.png', 'notebook-communities.png'))}")


if __name__ == "__main__":
    main()
