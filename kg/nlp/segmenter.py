"""The pkuseg word segmenter, made small enough to ship inside the package.

spacy-pkuseg ships no model and its named models download at run time, which
this project never does.  The one model on PyPI is the mixed-domain default in
the ``pkuseg==0.0.25`` wheel (175 MB unpacked).  :func:`fetch` takes it from
that wheel at install time and :func:`prune` drops the features whose weights
never matter (``|w| <= threshold`` for every tag).  At 0.1 the pruned model
keeps about a fifth of the features, is ~16 MB, and cuts the seeds the same
way as the full model at 99.8% of word boundaries.

>>> {"党工委", "区领导", "书记"} <= set(user_words())
True
"""
from __future__ import annotations

import pickle
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import srsly

from ..errors import Errors, KgError
from ..lexicon import words

__all__ = ["PKUSEG_WHEEL", "download_wheel", "fetch", "prune", "PruneReport", "user_words"]

PKUSEG_WHEEL = "pkuseg==0.0.25"
_MODEL_IN_WHEEL = "pkuseg/models/default/"
# User-dictionary words come from these lexicons: words that must stay whole
# so a name next to them is cut cleanly (区领导|杨有军, 党工委|书记).
_USER_DICT_LEXICONS = ("title_heads", "group_words", "segmenter_words")


@dataclass(frozen=True)
class PruneReport:
    features_before: int
    features_after: int
    threshold: float


def download_wheel(spec: str, cache_dir: Path, *pip_args: str) -> Path:
    """The wheel of ``spec`` from PyPI, downloaded into ``cache_dir`` once (training time only)."""
    name, version = spec.split("==")
    wheels = sorted(cache_dir.glob(f"{name}-{version}-*.whl"))
    if wheels:
        return wheels[0]
    cache_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "pip", "download", spec, "--no-deps", "--only-binary=:all:",
           "-d", str(cache_dir), "-q", *pip_args]
    done = subprocess.run(cmd, capture_output=True, text=True)
    wheels = sorted(cache_dir.glob(f"{name}-{version}-*.whl"))
    if done.returncode or not wheels:
        raise KgError(Errors.E040.format(spec=spec, detail=(done.stderr or "no wheel").strip().splitlines()[-1]))
    return wheels[0]


def fetch(cache_dir: Path) -> Path:
    """The full pkuseg default model directory, taken from the PyPI wheel once."""
    model_dir = cache_dir / "pkuseg-default"
    if (model_dir / "weights.npz").exists():
        return model_dir
    # the wheel is built for Python 3.7 only; its model files are all we take
    wheel = download_wheel(PKUSEG_WHEEL, cache_dir, "--python-version", "3.7", "--platform", "manylinux1_x86_64")
    model_dir.mkdir(exist_ok=True)
    with zipfile.ZipFile(wheel) as zf:
        for name in ("features.pkl", "weights.npz"):
            (model_dir / name).write_bytes(zf.read(_MODEL_IN_WHEEL + name))
    return model_dir


def prune(src: Path, dst: Path, threshold: float = 0.1) -> PruneReport:
    """Write to ``dst`` the model at ``src`` without its near-zero features.

    Kept weights are rounded to 3 decimals, which changes no decision and lets
    the compressed ``weights.npz`` shrink fourfold.
    """
    with open(src / "features.pkl", "rb") as fh:
        features = pickle.load(fh)  # the wheel's own file, trusted like the wheel
    npz = np.load(src / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    weights = npz["w"]
    node = weights[: n_tag * n_feature].reshape(n_feature, n_tag)
    edge = weights[n_tag * n_feature:]
    keep = np.abs(node).max(axis=1) > threshold
    keep[0] = True  # "$$", the feature every position has
    kept = sorted((i, f) for f, i in features["feature_to_idx"].items() if keep[i])
    feature_to_idx = {f: new for new, (_, f) in enumerate(kept)}
    # Word-pair features ("ww.l.A*B") are only looked up for pairs in this set.
    bigrams = sorted({f[5:] for f in feature_to_idx if f.startswith(("ww.l.", "ww.r."))})
    dst.mkdir(parents=True, exist_ok=True)
    srsly.write_msgpack(dst / "features.msgpack", {
        "unigram": sorted(features["unigram"]), "bigram": bigrams,
        "feature_to_idx": feature_to_idx, "tag_to_idx": features["tag_to_idx"]})
    rows = np.fromiter((i for i, _ in kept), dtype=np.int64, count=len(kept))
    new_weights = np.concatenate([np.round(node[rows], 3).reshape(-1), edge])
    np.savez_compressed(dst / "weights.npz", sizes=np.array([n_tag, len(kept)]), w=new_weights)
    return PruneReport(n_feature, len(kept), threshold)


def user_words() -> list[str]:
    """Words the segmenter must keep whole, from the lexicons."""
    return sorted(set().union(*(words(name) for name in _USER_DICT_LEXICONS)))
