"""kg.text: normalisation asks OpenCC only about a text with a character its t2s may replace; a NameIndex reads
names as the regex of their alternation would; sentences are the sentence regex's matches not blank."""
from __future__ import annotations

import random
import re
import sys

import pytest

from conftest import ROOT
from kg.lexicon import words
from kg.names.gazetteer import place, written_within
from kg.text import _SENTENCE, NameIndex, sentences

sys.path.insert(0, str(ROOT / "tools"))
import t2s_changed  # noqa: E402


@pytest.mark.skipif(not (t2s_changed.CLIB / "bin" / "opencc_dict").exists(), reason="opencc without opencc_dict")
def test_the_characters_t2s_may_replace_are_the_installed_opencc_s():
    # regenerate with python tools/t2s_changed.py
    assert words("t2s_changed") == t2s_changed.changed()


def test_a_name_index_reads_names_as_the_regex_of_their_alternation_longest_first():
    # names that start alike and overlap, in texts made of their pieces: what finditer reads, suffixes too
    names = ["沭阳", "沭阳县", "扎下", "扎下镇", "阳县城", "县城", "城关镇", "关镇"]
    suffix = re.compile("(?:省|市)?")
    regex = re.compile(f"(?:{'|'.join(sorted(names, key=len, reverse=True))}){suffix.pattern}")
    index = NameIndex(names)
    pieces = [*names, "县", "镇", "市", "，", "召开会议", "阳"]
    chance = random.Random(7)
    for _ in range(500):
        text = "".join(chance.choice(pieces) for _ in range(8))
        assert index.written(text, then=suffix) == [(m.start(), m[0]) for m in regex.finditer(text)], text


def test_a_provinces_index_finds_its_towns_where_the_text_writes_them():
    assert written_within("5月8日，韩城市芝川镇、大荔县和华阴参加。", place("渭南")) == ["韩城市", "芝川镇", "大荔县", "华阴"]


def test_sentences_are_the_matches_of_the_sentence_regex_not_blank():
    # texts of sentence ends, closing quotes, blanks and words, blank tails and empty texts too
    rng = random.Random(1)
    for _ in range(20_000):
        text = "".join(rng.choices("。！？”）」 \n\u3000会议", k=rng.randrange(12)))
        assert sentences(text) == [m.span() for m in _SENTENCE.finditer(text) if text[slice(*m.span())].strip()]
