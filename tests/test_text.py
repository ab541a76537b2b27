"""kg.text: normalisation asks OpenCC only about a text with a character its t2s may replace."""
from __future__ import annotations

import sys

import pytest

from conftest import ROOT
from kg.lexicon import words

sys.path.insert(0, str(ROOT / "tools"))
import t2s_changed  # noqa: E402


@pytest.mark.skipif(not (t2s_changed.CLIB / "bin" / "opencc_dict").exists(), reason="opencc without opencc_dict")
def test_the_characters_t2s_may_replace_are_the_installed_opencc_s():
    # regenerate with python tools/t2s_changed.py
    assert words("t2s_changed") == t2s_changed.changed()
