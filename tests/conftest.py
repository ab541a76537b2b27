"""Shared fixtures: one real build of the bundled seeds for the whole session."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def run_kg(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)
    if check and result.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} failed:\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def seeds_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds") / "out"
    run_kg("build", "--out", str(out), "--quiet")
    return out


@pytest.fixture(scope="session")
def scorer():
    """The evaluation's own scorer (../shared/eval/score.py)."""
    path = SHARED_EVAL / "score.py"
    if not path.exists():
        pytest.skip("../shared/eval is not beside this checkout")
    spec = importlib.util.spec_from_file_location("govkg_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def dev_scores(seeds_out, scorer) -> dict:
    gold_files = sorted(str(p) for p in (SHARED_EVAL / "dev").glob("*.jsonl"))
    gold, aliases = scorer.load_gold(gold_files)
    return scorer.score(gold, aliases, scorer.predicted(scorer.load_graph(str(seeds_out))))
