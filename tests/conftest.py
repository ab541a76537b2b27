"""Shared fixtures: one real build of the bundled seeds for the whole session."""
from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def run_kg(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True, cwd=ROOT)
    if check and result.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} failed:\n{result.stderr}")
    return result


@contextmanager
def serving(graph: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """A real ``kg serve`` of ``graph`` on a free port of 127.0.0.1: its endpoint URL and process, stopped with
    Ctrl-C (SIGINT) after; its stderr is in ``process.stderr_text`` then."""
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--graph", str(graph), "--port", "0", *options], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as in a terminal, whatever ran pytest
    try:
        ready = process.stderr.readline()
        assert "read-only at http://127.0.0.1:" in ready, ready + process.stderr.read()
        yield ready.split(" at ", 1)[1].split()[0], process
        process.send_signal(signal.SIGINT)
        _, process.stderr_text = process.communicate(timeout=30)
    finally:
        process.kill()
        process.wait()


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
def wide_scores(tmp_path_factory, scorer) -> dict:
    """The wide set's scores (181 articles from 177 places), built once a session."""
    out = tmp_path_factory.mktemp("wide") / "out"
    run_kg("build", str(SHARED_EVAL / "wide" / "articles.jsonl"), "--out", str(out), "--quiet", "--no-cache")
    gold, aliases = scorer.load_gold([str(SHARED_EVAL / "wide" / "gold.jsonl")])
    return scorer.score(gold, aliases, scorer.predicted(scorer.load_graph(str(out))))


@pytest.fixture(scope="session")
def dev_scores(seeds_out, scorer) -> dict:
    gold_files = sorted(str(p) for p in (SHARED_EVAL / "dev").glob("*.jsonl"))
    gold, aliases = scorer.load_gold(gold_files)
    return scorer.score(gold, aliases, scorer.predicted(scorer.load_graph(str(seeds_out))))


# matplotlib's font list (cached in MPLCONFIGDIR) as it was made before a CJK font was installed: every
# font but those of the CJK fonts' files
_FONTS_BEFORE_CJK = """
from pathlib import Path
import matplotlib
from matplotlib import font_manager as fm
from kg.api import CJK_FONTS
cjk = {f.fname for f in fm.fontManager.ttflist if f.name in CJK_FONTS}
fm.fontManager.ttflist = [f for f in fm.fontManager.ttflist if f.fname not in cjk]
fm.json_dump(fm.fontManager, Path(matplotlib.get_cachedir(), f"fontlist-v{fm.FontManager.__version__}.json"))
print(bool(cjk))
"""


@pytest.fixture(scope="session")
def fonts_before_cjk(tmp_path_factory) -> tuple[dict[str, str], bool]:
    """An environment whose matplotlib lists its fonts from before the CJK font was installed (issue 17: its
    Chinese labels drew as boxes), and whether a CJK font is installed at all."""
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path_factory.mktemp("matplotlib"))}
    made = subprocess.run([sys.executable, "-c", _FONTS_BEFORE_CJK], env=env, check=True, capture_output=True,
                          text=True, cwd=ROOT)
    return env, made.stdout.strip() == "True"
