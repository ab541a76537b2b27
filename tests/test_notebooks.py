"""The notebooks in notebooks/: committed without outputs, and each runs top to bottom, plots included,
on a kernel of this venv's Python, in under a minute.

They run with nbclient, as Jupyter would run them, with the notebook's folder as the working directory.
``GOVKG_OUT`` points the seeds' notebooks at the session's one build of the seeds (``seeds_out``), so
they do not build again; matplotlib draws with the inline backend, which needs no display and turns
every figure into a PNG output, so the test can tell that each plot was drawn. Its font list is one
made before the CJK font was installed, and with a CJK font installed no plot may lack a glyph.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TIME_LIMIT = 60  # seconds, for a whole notebook; a cell running over it fails the test at once


def test_the_notebooks_are_there():
    assert [p.name for p in NOTEBOOKS] == ["01_quickstart.ipynb", "02_network_analysis.ipynb",
                                           "03_your_own_articles.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    """Outputs (MBs of drawn graphs, machine paths) stay out of git: run them to see them."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, f"cell {i} of {path.name} has outputs"
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    nbformat.validate(nbformat.reads(path.read_text(encoding="utf-8"), as_version=4))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, seeds_out, fonts_before_cjk):
    nb = nbformat.read(path, as_version=4)
    plots = sum(cell.source.count("plt.show()") for cell in nb.cells if cell.cell_type == "code")
    nb.cells.append(new_code_cell("import sys; print(sys.executable)"))  # which Python ran it
    client = NotebookClient(nb, kernel_name="python3", timeout=TIME_LIMIT,
                            resources={"metadata": {"path": str(path.parent)}})
    # a matplotlib that listed its fonts before the CJK font was installed, which drew Chinese as boxes
    fonts, cjk_installed = fonts_before_cjk
    env = {**fonts, "GOVKG_OUT": str(seeds_out), "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    start = time.monotonic()
    client.execute(env=env)  # raises CellExecutionError, with the cell's traceback, if a cell fails
    elapsed = time.monotonic() - start
    assert elapsed < TIME_LIMIT, f"{path.name} took {elapsed:.0f} s"
    assert nb.cells[-1].outputs[0]["text"].strip() == sys.executable
    outputs = [out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs]
    assert sum("image/png" in out.get("data", {}) for out in outputs) == plots
    printed = "".join(out.get("text", "") for out in outputs)
    if cjk_installed:  # every plot's Chinese drawn: matplotlib warns of each glyph it has not
        assert "matplotlib draws Chinese with" in printed and "missing from font" not in printed
