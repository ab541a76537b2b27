"""Shared fixtures: one real build of the bundled seeds for the whole session."""
from __future__ import annotations

import importlib.util
import os
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
