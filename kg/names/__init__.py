"""The grammar of Chinese names that several stages need: strings in, verdicts out, no spaCy.

* :mod:`kg.names.everyday`: whether a name is made of everyday words only (乡镇卫生院 names a kind).
* :mod:`kg.names.divisions`: administrative divisions as the news writes them (``焦作市``,
  ``宜都``, ``李官社区``), their levels, and the chain of them a name starts with; the endings of each level
  (``lexicons/division_levels.tsv``) and a division's own organs (``lexicons/organs.tsv``), for every stage.
* :mod:`kg.names.media`: the news outlets a page credits (来源：X网, X讯).
* :mod:`kg.names.gazetteer`: which division of the national table a name denotes, what contains what, whose
  paper a paper is.
"""
from .everyday import is_generic
from .media import is_outlet, outlets
from .divisions import (LEVEL_WORDS, OWN_JURISDICTION, Level, begins_organ, chain, division_at, division_suffixes, ending_class, endings, is_above_town, is_listed,
                        is_organ, is_town, is_village, level, level_of_suffix, organs, own_organ, stem, without_asides)

__all__ = ["is_generic", "is_outlet", "outlets", "LEVEL_WORDS", "OWN_JURISDICTION", "Level", "begins_organ", "chain", "division_at", "division_suffixes", "ending_class", "endings",
           "is_above_town", "is_listed", "is_organ", "is_town", "is_village", "level", "level_of_suffix", "organs", "own_organ", "stem",
           "without_asides"]
